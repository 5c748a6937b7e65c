//! The OPT pseudo-record of EDNS (RFC 6891): the UDP payload size, the DO bit, and the options
//! tcpdump decodes (`eopt_print`).

use core::fmt::Write;

use super::records::Rdata;
use crate::fmtx;
use crate::print::common::fqdn;
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Unknown};

/// Field offsets in an EDNS option (RFC 6891).
mod opt {
    /// The option's code.
    pub const CODE: usize = 0;
    /// The option's length.
    pub const LEN: usize = 2;
    /// The option's data.
    pub const DATA: usize = 4;
}

/// An OPT record: the UDP payload size, the DO bit and the options. `Ok(false)` when it is truncated.
pub(super) fn rdata_opt<W: Write>(e: &mut Cursor<'_, W>, d: Rdata) -> R<bool> {
    let Rdata {
        cp,
        rp,
        class,
        opt_flags,
        ..
    } = d;
    e.s(" UDPsize=")?;
    e.d(class)?;
    if opt_flags & 0x8000 != 0 {
        e.s(" DO")?;
    }
    if cp < rp {
        e.s(" [")?;
        let mut c = cp;
        while c < rp {
            match eopt(e, c)? {
                Some(n) => c = n,
                None => return Ok(false),
            }
            if c < rp {
                e.s(",")?;
            }
        }
        e.s("]")?;
    }
    Ok(true)
}

/// `eopt_print`: one EDNS option, where it ends (`None` when it is cut short).
fn eopt<W: Write>(e: &mut Cursor<'_, W>, cp: usize) -> R<Option<usize>> {
    if !e.test(cp, 2) {
        return Ok(None);
    }
    let opt = e.be16(cp + opt::CODE)?;
    let name = match opt {
        1 => "LLQ",
        2 => "UL",
        3 => "NSID",
        5 => "DAU",
        6 => "DHU",
        7 => "N3U",
        8 => "ECS",
        9 => "EXPIRE",
        10 => "COOKIE",
        11 => "KEEPALIVE",
        12 => "PADDING",
        13 => "CHAIN",
        14 => "KEY-TAG",
        15 => "CLIENT-TAG",
        16 => "SERVER-TAG",
        _ => "",
    };
    if name.is_empty() {
        e.s("Opt")?;
        e.d(opt)?;
    } else {
        e.s(name)?;
    }
    if !e.test(cp + opt::LEN, 2) {
        return Ok(None);
    }
    let dl = e.be16(cp + opt::LEN)? as usize;
    let c = cp + opt::DATA;
    if !e.test(c, dl) {
        return Ok(None);
    }
    if dl > 0 {
        e.s(" ")?;
        match opt {
            12 => {
                e.s("(")?;
                e.d(dl as u64)?;
                e.s(")")?;
            }
            10 => {
                if dl < 8 || (dl > 8 && dl < 16) || dl > 40 {
                    e.s(" (invalid)")?;
                } else {
                    for k in 0..dl {
                        if k == 8 {
                            e.s(" ")?;
                        }
                        let b = e.u8(c + k)?;
                        fmtx::hex2(e.out, b)?;
                    }
                }
            }
            9 => {
                if dl != 4 {
                    e.s(" (invalid)")?;
                } else {
                    let v = e.be32(c)?;
                    e.d(v)?;
                    e.s(" sec")?;
                }
            }
            14 => {
                if dl % 2 != 0 {
                    e.s(" (invalid)")?;
                } else {
                    let mut k = 0;
                    while k < dl {
                        if k > 0 {
                            e.s(" ")?;
                        }
                        let v = e.be16(c + k)?;
                        e.d(v)?;
                        k += 2;
                    }
                }
            }
            8 => eopt_ecs(e, c, dl)?,
            11 => {
                if dl != 2 {
                    e.s(" (invalid)")?;
                } else {
                    // In units of 100 ms, printed as seconds with one decimal.
                    let v = e.be16(c)?;
                    e.d(v / 10)?;
                    e.s(".")?;
                    e.d(v % 10)?;
                    e.s(" sec")?;
                }
            }
            5..=7 => {
                for k in 0..dl {
                    if k > 0 {
                        e.s(" ")?;
                    }
                    let a = e.u8(c + k)?;
                    let unknown = Unknown::dec("Alg_", "");
                    tok::tok2str(e.out, alg_name(opt, a), a.into(), unknown)?;
                }
            }
            13 => {
                fqdn(e, c, c + dl)?;
            }
            _ => {
                for k in 0..dl {
                    let b = e.u8(c + k)?;
                    fmtx::hex2(e.out, b)?;
                }
            }
        }
    }
    Ok(Some(c + dl))
}

/// `print_eopt_ecs`: an EDNS client subnet option of `dl` bytes at `c`
/// (`address/source/scope`).
fn eopt_ecs<W: Write>(e: &mut Cursor<'_, W>, c: usize, dl: usize) -> R {
    if dl < 4 {
        return e.s(" (invalid)");
    }
    let family = e.be16(c)?;
    let src = e.u8(c + 2)? as usize;
    let scope = e.u8(c + 3)? as usize;
    let bits = match family {
        1 => 32,
        2 => 128,
        _ => return e.s(" (invalid)"),
    };
    if dl - 4 > bits / 8 || src > bits || scope > bits || src.div_ceil(8) != dl - 4 {
        return e.s(" (invalid)");
    }
    let mut a = [0u8; 16];
    a[..dl - 4].copy_from_slice(e.bytes(c + 4, dl - 4)?);
    if family == 1 {
        fmtx::ipv4(e.out, &a[..4])?;
    } else {
        fmtx::ipv6(e.out, &a)?;
    }
    e.s("/")?;
    e.d(src as u64)?;
    e.s("/")?;
    e.d(scope as u64)
}

/// The algorithm names of the DAU (5), DHU (6) and N3U (7) EDNS options.
fn alg_name(opt: u16, a: u8) -> Option<&'static str> {
    Some(match (opt, a) {
        (5, 0) => "DELETE",
        (5, 1) => "RSAMD5",
        (5, 2) => "DH",
        (5, 3) => "DS",
        (5, 5) => "RSASHA1",
        (5, 6) => "DSA-NSEC3-SHA1",
        (5, 7) => "RSASHA1-NSEC3-SHA1",
        (5, 8) => "RSASHA256",
        (5, 10) => "RSASHA512",
        (5, 12) => "ECC-GOST",
        (5, 13) => "ECDSAP256SHA256",
        (5, 14) => "ECDSAP384SHA384",
        (5, 15) => "ED25519",
        (5, 16) => "ED448",
        (5, 252) => "INDIRECT",
        (5, 253) => "PRIVATEDNS",
        (5, 254) => "PRIVATEOID",
        (6, 1) | (7, 1) => "SHA-1",
        (6, 2) => "SHA-256",
        (6, 3) => "GOST_R_34.11-94",
        (6, 4) => "SHA-384",
        _ => return None,
    })
}
