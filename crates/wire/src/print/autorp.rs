//! Cisco's Auto-RP (UDP port 496), as tcpdump 4.99's `cisco_autorp_print` prints it at every
//! verbosity: the message type, the hold time, then each rendezvous point with its PIM
//! versions and its group prefixes (negative and bidirectional ones marked).

use core::fmt::Write;

use super::common::relts;
use super::cursor::{Cursor, R};
use crate::fmtx;

/// The header: type, RP count, hold time, four reserved bytes.
const HEADER_LEN: usize = 8;
/// A group entry: flags, mask length, prefix.
const ENTRY_LEN: usize = 6;

/// ` auto-rp`, the type, the hold time and the RPs.
#[cold]
#[inline(never)]
pub(crate) fn autorp_print<W: Write>(c: &mut Cursor<'_, W>, mut bp: usize, length: u32) -> R {
    c.proto = "cisco_autorp";
    let mut len = length as usize;
    if len < HEADER_LEN {
        return c.trunc_here();
    }
    c.s(" auto-rp ")?;
    match c.u8(bp)? {
        0x11 => c.s("candidate-advert")?,
        0x12 => c.s("mapping")?,
        t => {
            c.s("type-0x")?;
            fmtx::hex_pad(c.out, t.into(), 2)?;
        }
    }
    let mut rps = c.u8(bp + 1)?;
    c.s(" Hold ")?;
    match c.be16(bp + 2)? {
        0 => c.s("FOREVER")?,
        h => relts(c, h.into())?,
    }
    bp += HEADER_LEN;
    len -= HEADER_LEN;
    while rps != 0 {
        if len < 4 {
            return c.trunc_here();
        }
        c.bytes(bp, 4)?;
        c.s(" RP ")?;
        c.ip4_at(bp)?;
        bp += 4;
        len -= 4;
        if len < 1 {
            return c.trunc_here();
        }
        let v = c.u8(bp)?;
        c.s(match v & 3 {
            0 => " PIMv?",
            1 => " PIMv1",
            2 => " PIMv2",
            _ => " PIMv1+2",
        })?;
        if v & 0xfc != 0 {
            c.s(" [rsvd=0x")?;
            fmtx::hex_pad(c.out, (v & 0xfc).into(), 2)?;
            c.s("]")?;
        }
        bp += 1;
        len -= 1;
        if len < 1 {
            return c.trunc_here();
        }
        let mut entries = c.u8(bp)?;
        bp += 1;
        len -= 1;
        let mut sep = " ";
        while entries != 0 {
            if len < ENTRY_LEN {
                return c.trunc_here();
            }
            let e = c.bytes(bp, ENTRY_LEN)?;
            let (flags, mask) = (e[0], e[1]);
            c.s(sep)?;
            if flags & 1 != 0 {
                c.s("!")?;
            }
            c.ip4_at(bp + 2)?;
            c.s("/")?;
            c.d(mask)?;
            if flags & 2 != 0 {
                c.s(" bidir")?;
            }
            if flags & 0xfc != 0 {
                c.s("[rsvd=0x")?;
                fmtx::hex_pad(c.out, (flags & 0xfc).into(), 2)?;
                c.s("]")?;
            }
            sep = ",";
            bp += ENTRY_LEN;
            len -= ENTRY_LEN;
            entries -= 1;
        }
        rps -= 1;
    }
    Ok(())
}
