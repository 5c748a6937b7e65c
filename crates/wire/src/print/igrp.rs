//! Cisco's Interior Gateway Routing Protocol (IP protocol 9; tcpdump's `igrp_print`): the
//! header and every route entry.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The header: version and opcode, edition, AS, the three route counts, checksum.
const HDR_LEN: u32 = 12;
/// A route entry.
const RTE_LEN: u32 = 14;

/// `igrp_print`: `length` bytes at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn igrp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "igrp";
    c.s("igrp:")?;
    let mut nint = c.be16(bp + 4)?;
    let mut nsys = c.be16(bp + 6)?;
    let mut next = c.be16(bp + 8)?;
    let vop = c.u8(bp)?;
    let ed = c.u8(bp + 1)?;
    let asn = c.be16(bp + 2)?;
    match vop & 0x0f {
        1 => c.s(" update")?,
        2 => c.s(" request")?,
        op => {
            c.s(" op-#")?;
            c.d(op)?;
        }
    }
    c.s(" V")?;
    c.d(vop >> 4)?;
    c.s(" edit=")?;
    c.d(ed)?;
    c.s(" AS=")?;
    c.d(asn)?;
    c.s(" (")?;
    c.d(nint)?;
    c.s("/")?;
    c.d(nsys)?;
    c.s("/")?;
    c.d(next)?;
    c.s(")")?;
    let sum = c.be16(bp + 10)?;
    if c.vflag > 0 {
        c.s(" checksum=0x")?;
        crate::fmtx::hex_pad(c.out, sum.into(), 4)?;
    }
    // tcpdump's unsigned length wraps below the header's size.
    let mut length = length.wrapping_sub(HDR_LEN);
    let mut p = bp + HDR_LEN as usize;
    while length >= RTE_LEN {
        let net = [c.u8(p)?, c.u8(p + 1)?, c.u8(p + 2)?];
        let (prefix, suffix) = if nint > 0 {
            nint -= 1;
            (" *.", "")
        } else if nsys > 0 {
            nsys -= 1;
            (" ", ".0")
        } else if next > 0 {
            next -= 1;
            (" X", ".0")
        } else {
            c.s(" [extra bytes ")?;
            c.d(length)?;
            c.s("]")?;
            break;
        };
        c.s(prefix)?;
        c.d(net[0])?;
        c.s(".")?;
        c.d(net[1])?;
        c.s(".")?;
        c.d(net[2])?;
        c.s(suffix)?;
        entry(c, p)?;
        p += RTE_LEN as usize;
        length -= RTE_LEN;
    }
    if nint != 0 || nsys != 0 || next != 0 || length != 0 {
        c.invalid()?;
    }
    Ok(())
}

/// `igrp_entry_print`: delay, bandwidth, reliability, load, metric, MTU and hop count.
fn entry<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    let delay = c.be24(p + 3)?;
    let bw = c.be24(p + 6)?;
    let mtu = c.be16(p + 9)?;
    let (rel, ld, hops) = (c.u8(p + 11)?, c.u8(p + 12)?, c.u8(p + 13)?);
    c.s(" d=")?;
    c.d(10 * delay)?;
    c.s(" b=")?;
    c.d(10_000_000u32.checked_div(bw).unwrap_or(0))?;
    c.s(" r=")?;
    c.d(rel)?;
    c.s(" l=")?;
    c.d(ld)?;
    c.s(" M=")?;
    c.d((bw + delay).min(0xff_ffff))?;
    c.s(" mtu=")?;
    c.d(mtu)?;
    c.s(" in ")?;
    c.d(hops)?;
    c.s(" hops")
}
