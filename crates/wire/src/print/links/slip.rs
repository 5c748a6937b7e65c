//! SLIP (`LINKTYPE_SLIP`, tcpdump's `sl_if_print`): a 16-byte pseudo-header (direction and the
//! Van Jacobson compressed header), then IPv4 or IPv6.
//!
//! tcpdump remembers, across packets, the last connection number and data lengths of VJ
//! compressed TCP (`lastconn`, `lastlen`); this printer keeps no state between packets, so
//! those print as tcpdump prints them at the start of a file (connection 255, lengths 0).

use core::fmt::Write;

use crate::print::cursor::{Cursor, R};
use crate::print::next::Next;

/// The pseudo-header's length.
const SLIP_HDRLEN: u32 = 16;
/// Where the compressed header starts.
const SLX_CHDR: usize = 1;

/// `sl_if_print`.
pub(crate) fn sl_print<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    c.proto = "slip";
    c.bytes(0, SLIP_HDRLEN as usize)?;
    let length = length.wrapping_sub(SLIP_HDRLEN);
    let ip = SLIP_HDRLEN as usize;
    if c.eflag {
        sliplink_print(c, ip, length)?;
    }
    let v = c.u8(ip)? >> 4;
    match v {
        4 => c.then(Next::ip(SLIP_HDRLEN, length)),
        6 => c.then(Next::ip6(SLIP_HDRLEN, length)),
        _ => {
            c.s("ip v")?;
            c.d(v)
        }
    }
}

/// `sliplink_print`: the direction and the compressed header, under `-e`.
fn sliplink_print<W: Write>(c: &mut Cursor<'_, W>, ip: usize, length: u32) -> R {
    let dir = c.u8(0)?;
    let valid = match dir {
        0 => {
            c.s("I ")?;
            true
        }
        1 => {
            c.s("O ")?;
            true
        }
        _ => {
            c.s("Invalid direction ")?;
            c.d(dir)?;
            c.s(" ")?;
            false
        }
    };
    let chdr = c.u8(SLX_CHDR)?;
    match chdr & 0xf0 {
        0x40 => {
            c.s("ip ")?;
            c.d(length.wrapping_add(SLIP_HDRLEN))?;
            c.s(": ")
        }
        0x70 => {
            // The connection number sits where the IP header copy's protocol field is.
            let conn = c.u8(SLX_CHDR + 9)?;
            c.s("utcp ")?;
            c.d(conn)?;
            c.s(": ")?;
            if valid {
                tcp_header_len(c, ip)?;
            }
            Ok(())
        }
        _ => {
            if !valid {
                return Ok(());
            }
            if chdr & 0x80 != 0 {
                compressed_print(c, SLX_CHDR, ip, length)?;
                c.s(": ")
            } else {
                c.s("slip-")?;
                c.d(chdr)?;
                c.s("!: ")
            }
        }
    }
}

/// The uncompressed TCP/IP header's length in 32-bit words, read as tcpdump reads it (its
/// reads stop the walk when the headers are not captured).
fn tcp_header_len<W: Write>(c: &mut Cursor<'_, W>, ip: usize) -> R<u32> {
    c.bytes(ip, 20)?;
    let hl = u32::from(c.u8(ip)? & 0x0f);
    let th = ip + 4 * hl as usize;
    c.bytes(th, 20)?;
    Ok(hl + u32::from(c.u8(th + 12)? >> 4))
}

/// `print_sl_change`: ` NAMEn`, one byte or, after a zero, two. Like tcpdump's, it moves on
/// past the zero and the two bytes only: a one-byte value is read again by the next field.
fn change<W: Write>(c: &mut Cursor<'_, W>, name: &str, cp: usize) -> R<usize> {
    let (v, cp) = match c.u8(cp)? {
        0 => (u32::from(c.be16(cp + 1)?), cp + 3),
        b => (u32::from(b), cp),
    };
    c.s(" ")?;
    c.s(name)?;
    c.d(v)?;
    Ok(cp)
}

/// `compressed_sl_print`: a VJ compressed TCP header at `chdr`.
fn compressed_print<W: Write>(c: &mut Cursor<'_, W>, chdr: usize, ip: usize, length: u32) -> R {
    let flags = c.u8(chdr)?;
    let mut cp = chdr + 1;
    if flags & 0x40 != 0 {
        let conn = c.u8(cp)?;
        cp += 1;
        c.s("ctcp ")?;
        c.d(conn)?;
    } else {
        c.s("ctcp *")?;
    }
    cp += 2;
    match flags & 0x0f {
        0x0b => c.s(" *SA+0")?,
        0x0f => c.s(" *S+0")?,
        _ => {
            if flags & 0x01 != 0 {
                cp = change(c, "U=", cp)?;
            }
            if flags & 0x02 != 0 {
                let (v, next) = match c.u8(cp)? {
                    0 => (i32::from(c.be16(cp + 1)? as i16), cp + 3),
                    b => (i32::from(b), cp),
                };
                cp = next;
                c.s(if v >= 0 { " W+" } else { " W-" })?;
                c.d(v.unsigned_abs())?;
            }
            if flags & 0x04 != 0 {
                cp = change(c, "A+", cp)?;
            }
            if flags & 0x08 != 0 {
                cp = change(c, "S+", cp)?;
            }
        }
    }
    if flags & 0x20 != 0 {
        cp = change(c, "I+", cp)?;
    }
    let hlen = tcp_header_len(c, ip)?;
    c.s(" ")?;
    c.d(length.wrapping_sub(hlen << 2))?;
    c.s(" (")?;
    c.d((cp - chdr) as u32)?;
    c.s(")")
}
