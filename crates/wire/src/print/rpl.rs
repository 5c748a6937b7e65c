//! RPL (RFC 6550) control messages in ICMPv6 type 155 (tcpdump's `rpl_print`): the message
//! name, and from `-v` the DIO, DAO and DAO-ACK base objects, from `-vv` their options (in hex
//! from `-vvv`). Secured messages print a placeholder, as tcpdump's do.

use core::fmt::Write;

use crate::fmtx;

use super::cursor::{Cursor, R};

/// Bytes of the ICMPv6 header before the RPL base object (type, code, checksum).
const BODY: usize = 4;
/// A DODAG ID's length.
const DAGID_LEN: usize = 16;
/// A DIO base object's length (the DODAG ID included).
const DIO_LEN: u32 = 24;
/// A DAO's or DAO-ACK's base object without its DODAG ID.
const DAO_MIN_LEN: u32 = 4;
/// The length tcpdump's `struct nd_rpl_dao` has (the DODAG ID included), which it checks is
/// captured before it reads a DAO.
const DAO_STRUCT_LEN: usize = 20;

/// `rpl_print`: the RPL message at `bp` (its ICMPv6 header) of ICMPv6 length `length`.
pub(crate) fn rpl<W: Write>(c: &mut Cursor<'_, W>, bp: usize, code: u8, length: u32) -> R {
    if code & 0x80 != 0 {
        return c.s(", (SEC) [worktodo]");
    }
    c.s(", (CLR)")?;
    // tcpdump subtracts the header in unsigned arithmetic; a shorter message wraps around.
    let body = bp + BODY;
    let len = length.wrapping_sub(BODY as u32);
    match code {
        0 => c.s("DODAG Information Solicitation"),
        1 => {
            c.s("DODAG Information Object")?;
            if c.vflag != 0 {
                dio(c, body, len)?;
            }
            Ok(())
        }
        2 => {
            c.s("Destination Advertisement Object")?;
            if c.vflag != 0 {
                dao(c, body, len)?;
            }
            Ok(())
        }
        3 => {
            c.s("Destination Advertisement Object Ack")?;
            if c.vflag != 0 {
                dao_ack(c, body, len)?;
            }
            Ok(())
        }
        _ => {
            c.s("RPL message, unknown code ")?;
            c.d(code)
        }
    }
}

/// The mode of operation names of a DIO.
fn mop_name(m: u8) -> Option<&'static str> {
    Some(match m {
        0 => "nonstoring",
        1 => "storing",
        2 => "nonstoring-multicast",
        3 => "storing-multicast",
        _ => return None,
    })
}

/// The option names tcpdump knows.
fn opt_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "pad1",
        1 => "padN",
        2 => "metrics",
        3 => "routinginfo",
        4 => "config",
        5 => "rpltarget",
        6 => "transitinfo",
        8 => "destprefix",
        9 => "rpltargetdesc",
        _ => return None,
    })
}

/// `rpl_dio_print`: a DODAG Information Object's base object, then its options at `-vv`.
#[cold]
fn dio<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    if len < DIO_LEN {
        c.s(" [length ")?;
        c.d(len)?;
        c.s(" < ")?;
        c.d(DIO_LEN)?;
        c.s("]")?;
        return c.invalid();
    }
    // tcpdump reads every field before it prints any; the DODAG ID comes last.
    c.bytes(bp + 8, DAGID_LEN)?;
    let instance = c.u8(bp)?;
    let rank = c.be16(bp + 2)?;
    let mopprf = c.u8(bp + 4)?;
    let dtsn = c.u8(bp + 5)?;
    c.s(" [dagid:")?;
    c.ip6_at(bp + 8)?;
    c.s(",seq:")?;
    c.d(dtsn)?;
    c.s(",instance:")?;
    c.d(instance)?;
    c.s(",rank:")?;
    c.d(rank)?;
    c.s(",")?;
    if mopprf & 0x80 != 0 {
        c.s("grounded,")?;
    }
    c.s("mop:")?;
    let mop = (mopprf >> 3) & 7;
    match mop_name(mop) {
        Some(n) => c.s(n)?,
        None => {
            c.s("mop")?;
            c.d(mop)?;
        }
    }
    c.s(",prf:")?;
    c.d(mopprf & 7)?;
    c.s("]")?;
    if c.vflag > 1 {
        opts(c, bp + DIO_LEN as usize, len - DIO_LEN)?;
    }
    Ok(())
}

/// `rpl_dao_print`: a Destination Advertisement Object's base object (its DODAG ID when the D
/// flag is set), then its options at `-vv`.
#[cold]
fn dao<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    if !c.test(bp, DAO_STRUCT_LEN) {
        return c.trunc_here();
    }
    if len < DAO_MIN_LEN {
        return c.s(" [|length too short]");
    }
    let flags = c.u8(bp + 1)?;
    let mut p = bp + DAO_MIN_LEN as usize;
    let mut left = len - DAO_MIN_LEN;
    let dagid = flags & 0x40 != 0;
    if dagid {
        if left < DAGID_LEN as u32 {
            return c.s(" [|length too short]");
        }
        p += DAGID_LEN;
        left -= DAGID_LEN as u32;
    }
    let seq = c.u8(bp + 3)?;
    let instance = c.u8(bp)?;
    c.s(" [dagid:")?;
    dagid_or_elided(c, dagid, bp + 4)?;
    c.s(",seq:")?;
    c.d(seq)?;
    c.s(",instance:")?;
    c.d(instance)?;
    if flags & 0x80 != 0 {
        c.s(",acK")?;
    }
    if dagid {
        c.s(",Dagid")?;
    }
    c.s(",")?;
    c.x02(flags)?;
    c.s("]")?;
    if c.vflag > 1 {
        opts(c, p, left)?;
    }
    Ok(())
}

/// `rpl_daoack_print`: a DAO acknowledgement's base object (its DODAG ID when the D flag is
/// set), then any options at `-vv`.
#[cold]
fn dao_ack<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    if !c.test(bp, DAO_MIN_LEN as usize) {
        return c.trunc_here();
    }
    if len < DAO_MIN_LEN {
        return c.s(" [|dao-length too short]");
    }
    let flags = c.u8(bp + 1)?;
    let mut p = bp + DAO_MIN_LEN as usize;
    let mut left = len - DAO_MIN_LEN;
    let dagid = flags & 0x80 != 0;
    if dagid {
        if !c.test(p, DAGID_LEN) {
            return c.trunc_here();
        }
        if left < DAGID_LEN as u32 {
            return c.s(" [|dao-length too short]");
        }
        p += DAGID_LEN;
        left -= DAGID_LEN as u32;
    }
    let seq = c.u8(bp + 2)?;
    let instance = c.u8(bp)?;
    let status = c.u8(bp + 3)?;
    c.s(" [dagid:")?;
    dagid_or_elided(c, dagid, bp + 4)?;
    c.s(",seq:")?;
    c.d(seq)?;
    c.s(",instance:")?;
    c.d(instance)?;
    c.s(",status:")?;
    c.d(status)?;
    c.s("]")?;
    if c.vflag > 1 {
        opts(c, p, left)?;
    }
    Ok(())
}

/// The DODAG ID at `o` when `present`, `<elided>` otherwise.
fn dagid_or_elided<W: Write>(c: &mut Cursor<'_, W>, present: bool, o: usize) -> R {
    if present {
        c.ip6_at(o)
    } else {
        c.s("<elided>")
    }
}

/// `rpl_printopts`: the `len` bytes of options at `p`, each named with its length (type and
/// length bytes included) and, at `-vvv`, its contents in hex.
#[cold]
fn opts<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut len: u32) -> R {
    while len != 0 {
        let t = c.u8(p)?;
        let olen = if t == 0 {
            c.s(" opt:pad1")?;
            1
        } else {
            if len < 2 {
                return c.trunc_here();
            }
            let olen = u32::from(c.u8(p + 1)?) + 2;
            c.s(" opt:")?;
            match opt_name(t) {
                Some(n) => c.s(n)?,
                None => {
                    c.s("subopt:")?;
                    c.d(t)?;
                }
            }
            c.s(" len:")?;
            c.d(olen)?;
            c.s(" ")?;
            if !c.test(p, olen as usize) || len < olen {
                return c.trunc_here();
            }
            if c.vflag > 2 {
                let data = c.bytes(p + 2, olen as usize - 2)?;
                fmtx::hexdump(c.out, " ", data, false)?;
            }
            olen
        };
        p += olen as usize;
        len -= olen;
    }
    Ok(())
}
