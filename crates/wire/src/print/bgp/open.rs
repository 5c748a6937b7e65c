//! BGP OPEN: version, AS, hold time, identifier and the optional parameters, capabilities
//! decoded (`bgp_open_print`, `bgp_capabilities_print`).

use core::fmt::Write;

use super::{afi_safi, asn, name, named, tables, ttest, unknown};
use crate::print::cursor::{Cursor, R};

/// The fixed part of an OPEN message, header included.
const OPEN_SIZE: usize = 29;

/// `bgp_open_print`: the OPEN message `length` bytes long at `dat`.
pub(super) fn open_print<W: Write>(c: &mut Cursor<'_, W>, dat: usize, length: usize) -> R {
    if !ttest(c, dat, OPEN_SIZE) || length < OPEN_SIZE {
        return c.trunc_here();
    }
    c.s("\n\t  Version ")?;
    let v = c.u8(dat + 19)?;
    c.d(v)?;
    c.s(", my AS ")?;
    let a = c.be16(dat + 20)?;
    asn(c, a.into())?;
    c.s(", Holdtime ")?;
    let h = c.be16(dat + 22)?;
    c.d(h)?;
    c.s("s, ID ")?;
    c.ip4_at(dat + 24)?;
    let optslen = usize::from(c.u8(dat + 28)?);
    c.s("\n\t  Optional parameters, length: ")?;
    c.d(optslen as u64)?;
    let opt = dat + OPEN_SIZE;
    let length = length - OPEN_SIZE;
    let mut i = 0usize;
    while i < optslen {
        if !ttest(c, opt + i, 2) || length < 2 + i {
            return c.trunc_here();
        }
        let ty = c.u8(opt + i)?;
        let len = usize::from(c.u8(opt + i + 1)?);
        if 2 + i + len > optslen {
            c.s("\n\t     Option ")?;
            c.d(ty)?;
            c.s(", length: ")?;
            c.d(len as u64)?;
            c.s(", goes past the end of the options")?;
            break;
        }
        c.s("\n\t    Option ")?;
        named(c, tables::OPT_TYPES, ty.into(), "Unknown")?;
        c.s(", length: ")?;
        c.d(len as u64)?;
        if ty == 2 {
            capabilities(c, opt + 2 + i, len)?;
        } else {
            c.s("\n\t      no decoder for option ")?;
            c.d(ty)?;
        }
        i += 2 + len;
    }
    Ok(())
}

/// `bgp_capabilities_print`: the capabilities, `caps_len` bytes at `opt`.
fn capabilities<W: Write>(c: &mut Cursor<'_, W>, opt: usize, caps_len: usize) -> R {
    let mut i = 0usize;
    while i < caps_len {
        if !ttest(c, opt + i, 2) {
            return c.trunc_here();
        }
        let ty = c.u8(opt + i)?;
        let len = usize::from(c.u8(opt + i + 1)?);
        c.s("\n\t      ")?;
        name(c, tables::CAP_CODES, ty.into(), "Unknown")?;
        c.s(" (")?;
        c.d(ty)?;
        c.s("), length: ")?;
        c.d(len as u64)?;
        if !ttest(c, opt + 2 + i, len) {
            return c.trunc_here();
        }
        let v = opt + i + 2;
        match ty {
            1 => {
                if len < 4 {
                    return c.s(" (too short, < 4)");
                }
                c.s("\n\t\t")?;
                afi_safi(c, v, v + 3)?;
            }
            8 => {
                let mut o = v;
                let mut n = len;
                while n >= 4 {
                    c.s("\n\t\t")?;
                    afi_safi(c, o, o + 2)?;
                    c.s(", Count: ")?;
                    let k = c.u8(o + 3)?;
                    c.d(k)?;
                    n -= 4;
                    o += 4;
                }
            }
            64 => {
                if len < 2 {
                    return c.s(" (too short, < 2)");
                }
                let f = c.be16(v)?;
                c.s("\n\t\tRestart Flags: [")?;
                c.s(if f & 0x8000 != 0 { "R" } else { "none" })?;
                c.s("], Restart Time ")?;
                c.d(f & 0xfff)?;
                c.s("s")?;
                let mut o = v + 2;
                let mut n = len - 2;
                while n >= 4 {
                    c.s("\n\t\t  ")?;
                    afi_safi(c, o, o + 2)?;
                    c.s(", Forwarding state preserved: ")?;
                    let f = c.u8(o + 3)?;
                    c.s(if f & 0x80 != 0 { "yes" } else { "no" })?;
                    n -= 4;
                    o += 4;
                }
            }
            2 | 71 | 128 => {}
            65 => {
                if len < 4 {
                    return c.s(" (too short, < 4)");
                }
                c.s("\n\t\t 4 Byte AS ")?;
                let a = c.be32(v)?;
                asn(c, a)?;
            }
            69 => {
                if len == 0 {
                    c.s(" (bogus)")?;
                } else {
                    let mut o = v;
                    let mut n = len;
                    while n != 0 {
                        if n < 4 {
                            c.invalid()?;
                            break;
                        }
                        c.s("\n\t\t")?;
                        afi_safi(c, o, o + 2)?;
                        c.s(", Send/Receive: ")?;
                        let sr = c.u8(o + 3)?;
                        match crate::tok::find(tables::ADD_PATH, sr.into()) {
                            Some(s) => c.s(s)?,
                            None => {
                                c.s("Bogus (0x")?;
                                c.x02(sr)?;
                                c.s(")")?;
                            }
                        }
                        n -= 4;
                        o += 4;
                    }
                }
            }
            _ => {
                c.s("\n\t\tno decoder for Capability ")?;
                c.d(ty)?;
                if c.vflag <= 1 {
                    unknown(c, v, len, "\n\t\t")?;
                }
            }
        }
        if c.vflag > 1 && len != 0 {
            unknown(c, v, len, "\n\t\t")?;
        }
        i += 2 + len;
    }
    Ok(())
}
