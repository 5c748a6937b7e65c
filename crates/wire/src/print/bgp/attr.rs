//! BGP path attributes (`bgp_attr_print`): origin, AS paths, next hop, MED, local
//! preference, aggregators, communities, originator and cluster list, MP_REACH_NLRI and
//! MP_UNREACH_NLRI, extended and large communities, PMSI tunnel, AIGP and attribute sets.

use core::fmt::Write;

use super::nlri::{self, Pfx};
use super::update::{attr_flags, check_add_path};
use super::{asn, name, named, tables, ttest, unknown};
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok;

/// The address families and SAFIs `bgp_mp_af_print` knows.
fn af_known(af: u16, safi: u8) -> bool {
    matches!(
        (af, safi),
        (1, 1..=5 | 66 | 128..=130 | 132)
            | (2, 1..=4 | 128..=130)
            | (3, 1..=3 | 128..=130)
            | (196, 128..=130)
            | (25, 65)
    )
}

/// `bgp_mp_af_print`: `AFI: NAME (N), SAFI: NAME (N)`; `Ok(None)` when the attribute ends
/// there (no decoder), `Err` for the truncation marker.
fn mp_af<W: Write>(c: &mut Cursor<'_, W>, p: usize, tlen: usize) -> R<Option<(u16, u8)>> {
    let af = c.be16(p)?;
    let safi = c.u8(p + 2)?;
    c.s("\n\t    AFI: ")?;
    named(c, tables::AFI, af.into(), "Unknown AFI")?;
    c.s(", ")?;
    if safi > 128 {
        c.s("vendor specific ")?;
    }
    c.s("SAFI: ")?;
    named(c, tables::SAFI, safi.into(), "Unknown SAFI")?;
    if af_known(af, safi) {
        return Ok(Some((af, safi)));
    }
    if !ttest(c, p, tlen) {
        return Err(crate::print::cursor::Stop::Trunc);
    }
    c.s("\n\t    no AFI ")?;
    c.d(af)?;
    c.s(" / SAFI ")?;
    c.d(safi)?;
    c.s(" decoder")?;
    if c.vflag <= 1 {
        unknown(c, p, tlen, "\n\t    ")?;
    }
    Ok(None)
}

/// What [`nlri_one`] leaves the list to do.
enum Step {
    /// Go on this many bytes further.
    Adv(usize),
    /// Stop the list.
    Stop,
    /// Stop the attribute with the truncation marker.
    Trunc,
}

/// `bgp_nlri_print`: one prefix of family `af`/`safi` at `p` (`len`: the attribute's
/// length).
#[allow(clippy::too_many_arguments)]
fn nlri_one<W: Write>(
    c: &mut Cursor<'_, W>,
    af: u16,
    safi: u8,
    p: usize,
    len: usize,
    add4: bool,
    add6: bool,
) -> R<Step> {
    const IND: &str = "\n\t      ";
    let trunc = Ok(Step::Trunc);
    let plain = |r: Pfx| -> i64 {
        match r {
            Pfx::Len(n) => n as i64,
            Pfx::Illegal => -1,
            Pfx::Short | Pfx::Trunc => -2,
        }
    };
    let r = match (af, safi) {
        (1 | 2, 1..=3) => {
            let add = if af == 1 { add4 } else { add6 };
            let mut q = p;
            let mut id = 0;
            if add {
                id = c.be32(q)?;
                q += 4;
            }
            let r = if af == 1 {
                nlri::prefix::<4, W>(c, q, len, IND)?
            } else {
                nlri::prefix::<16, W>(c, q, len, IND)?
            };
            let mut adv = plain(r);
            if r == Pfx::Illegal {
                c.s("\n\t    (illegal prefix length)")?;
            }
            if add {
                c.s("   Path Id: ")?;
                c.d(id)?;
                adv += 4;
            }
            adv
        }
        (1 | 2, 4) => {
            let r = if af == 1 {
                nlri::labeled::<4, W>(c, p, len, IND)?
            } else {
                nlri::labeled::<16, W>(c, p, len, IND)?
            };
            match r {
                Pfx::Len(n) => n as i64,
                Pfx::Illegal => {
                    c.s("\n\t    (illegal prefix length)")?;
                    -1
                }
                Pfx::Trunc => return trunc,
                Pfx::Short => -3,
            }
        }
        (1 | 2, 128..=130) => {
            let r = if af == 1 {
                nlri::labeled_vpn::<4, W>(c, p, IND)?
            } else {
                nlri::labeled_vpn::<16, W>(c, p, IND)?
            };
            if r == Pfx::Illegal {
                c.s("\n\t    (illegal prefix length)")?;
            }
            plain(r)
        }
        (1, 132) => plain(nlri::rt_routing_info(c, p)?),
        (1 | 2, 5) | (1, 66) => {
            let r = if safi == 5 {
                nlri::multicast_vpn(c, p, IND)?
            } else {
                nlri::mdt(c, p, IND)?
            };
            match r {
                Pfx::Len(n) => n as i64,
                Pfx::Illegal => {
                    c.s("\n\t    (illegal prefix length)")?;
                    -1
                }
                _ => return trunc,
            }
        }
        (3, 1..=3) | (3, 128..=130) => {
            let r = if safi <= 3 {
                nlri::clnp_prefix(c, p, IND)?
            } else {
                nlri::labeled_vpn_clnp(c, p, IND)?
            };
            if r == Pfx::Illegal {
                c.s("\n\t    (illegal prefix length)")?;
            }
            plain(r)
        }
        (25, 65) | (196, 128..=130) => match super::l2vpn::labeled_vpn_l2(c, p, IND)? {
            Pfx::Len(n) => n as i64,
            _ => return trunc,
        },
        _ => {
            c.s("\n\t    ERROR: no AFI ")?;
            c.d(af)?;
            c.s(" / SAFI ")?;
            c.d(safi)?;
            c.s(" decoder")?;
            -4
        }
    };
    Ok(match r {
        -2 => Step::Trunc,
        n if n < 0 => Step::Stop,
        n => Step::Adv(n as usize),
    })
}

/// The prefixes of an MP attribute from `p` to `end`; `Ok(false)` for the marker.
#[allow(clippy::too_many_arguments)]
fn nlri_list<W: Write>(
    c: &mut Cursor<'_, W>,
    af: u16,
    safi: u8,
    mut p: usize,
    end: usize,
    len: usize,
) -> R<bool> {
    let rest = end.saturating_sub(p);
    let add4 = check_add_path(c, p, rest, 32);
    let add6 = check_add_path(c, p, rest, 128);
    while p < end {
        match nlri_one(c, af, safi, p, len, add4, add6)? {
            Step::Adv(n) => p += n,
            Step::Stop => break,
            Step::Trunc => return Ok(false),
        }
    }
    Ok(true)
}

/// How the next hops of an MP_REACH_NLRI ended.
enum NextHops {
    /// Printed: go on with the SNPAs.
    Printed,
    /// No decoder for the family: the attribute ends (tcpdump's `done` label).
    Done,
    /// Not captured: the truncation marker.
    Trunc,
}

/// The next hop(s) of an MP_REACH_NLRI, `nhlen` bytes at `p`.
fn next_hops<W: Write>(
    c: &mut Cursor<'_, W>,
    af: u16,
    safi: u8,
    mut p: usize,
    nhlen: usize,
) -> R<NextHops> {
    c.s("\n\t    nexthop: ")?;
    let mut left = nhlen;
    let mut first = true;
    while left != 0 {
        if !first {
            c.s(", ")?;
        }
        first = false;
        let (need, rd, v6) = match (af, safi) {
            (1, 1..=5 | 66 | 132) | (25, 65) | (196, 128..=130) => (4, false, false),
            (1, 128..=130) => (12, true, false),
            (2, 1..=4) => (16, false, true),
            (2, 128..=130) => (24, true, true),
            (3, 1..=3) => {
                c.bytes(p, left)?;
                nlri::isonsap(c, p, left)?;
                return Ok(NextHops::Printed);
            }
            (3, 128..=130) => {
                if left < 9 {
                    c.s("invalid len")?;
                    return Ok(NextHops::Printed);
                }
                if !ttest(c, p, left) {
                    return Ok(NextHops::Trunc);
                }
                c.s("RD: ")?;
                nlri::rd(c, p)?;
                c.s(", ")?;
                nlri::isonsap(c, p + 8, left - 8)?;
                if c.be32(p + 8)? == 0x4700_0601 {
                    c.bytes(p + 12, 4)?;
                    c.s(" = ")?;
                    c.ip4_at(p + 12)?;
                } else if c.be24(p + 8)? == 0x35_0000 {
                    c.bytes(p + 11, 16)?;
                    c.s(" = ")?;
                    c.ip6_at(p + 11)?;
                }
                return Ok(NextHops::Printed);
            }
            _ => {
                c.s("ERROR: no AFI ")?;
                c.d(af)?;
                c.s("/SAFI ")?;
                c.d(safi)?;
                c.s(" nexthop decoder")?;
                return Ok(NextHops::Done);
            }
        };
        if left < need {
            c.s("invalid len")?;
            return Ok(NextHops::Printed);
        }
        let a = if rd { p + 8 } else { p };
        if rd {
            c.bytes(p, 8)?;
            c.bytes(a, need - 8)?;
            c.s("RD: ")?;
            nlri::rd(c, p)?;
            c.s(", ")?;
        }
        if v6 {
            c.ip6_at(a)?;
        } else {
            c.ip4_at(a)?;
        }
        p += need;
        left -= need;
    }
    Ok(NextHops::Printed)
}

/// `bgp_attr_print`: attribute `ty`, `len` bytes at `pptr`; `Ok(false)` for the caller's
/// truncation marker.
pub(super) fn attr_print<W: Write>(
    c: &mut Cursor<'_, W>,
    ty: u8,
    pptr: usize,
    len: usize,
    level: u32,
) -> R<bool> {
    let mut t = pptr;
    let mut tlen = len;
    let mut len = len;
    match ty {
        1 => {
            if len != 1 {
                c.s("invalid len")?;
            } else {
                let v = c.u8(t)?;
                name(c, tables::ORIGIN, v.into(), "Unknown Origin Typecode")?;
            }
        }
        2 | 17 => {
            if len % 2 != 0 {
                c.s("invalid len")?;
            } else if len == 0 {
                c.s("empty")?;
            } else {
                let size = as_size(c, ty, pptr, len)?;
                while t < pptr + len {
                    let seg = c.u8(t)?;
                    c.s(match seg {
                        2 => "",
                        1 => "{ ",
                        3 => "( ",
                        4 => "({ ",
                        _ => "?",
                    })?;
                    let n = usize::from(c.u8(t + 1)?) * size;
                    let mut i = 0;
                    while i < n {
                        if !ttest(c, t + 2 + i, size) {
                            return Ok(false);
                        }
                        let v = if size == 2 {
                            u32::from(c.be16(t + 2 + i)?)
                        } else {
                            c.be32(t + 2 + i)?
                        };
                        asn(c, v)?;
                        c.s(" ")?;
                        i += size;
                    }
                    c.s(match seg {
                        2 => "",
                        1 => "}",
                        3 => ")",
                        4 => "})",
                        _ => "?",
                    })?;
                    t += 2 + n;
                }
            }
        }
        3 | 9 => {
            if len != 4 {
                c.s("invalid len")?;
            } else {
                c.ip4_at(t)?;
            }
        }
        4 | 5 => {
            if len != 4 {
                c.s("invalid len")?;
            } else {
                let v = c.be32(t)?;
                c.d(v)?;
            }
        }
        6 => {
            if len != 0 {
                c.s("invalid len")?;
            }
        }
        7 | 18 => {
            if (ty == 7 && len != 6 && len != 8) || (ty == 18 && len != 8) {
                c.s("invalid len")?;
            } else {
                if ty == 7 && !ttest(c, t, len) {
                    return Ok(false);
                }
                let (v, o) = if len == 6 {
                    (u32::from(c.be16(t)?), 2)
                } else {
                    (c.be32(t)?, 4)
                };
                c.bytes(t + o, 4)?;
                c.s(" AS #")?;
                asn(c, v)?;
                c.s(", origin ")?;
                c.ip4_at(t + o)?;
            }
        }
        8 => {
            if len % 4 != 0 {
                c.s("invalid len")?;
            } else {
                while tlen != 0 {
                    if !ttest(c, t, 4) {
                        return Ok(false);
                    }
                    let v = c.be32(t)?;
                    match v {
                        0xffff_ff01 => c.s(" NO_EXPORT")?,
                        0xffff_ff02 => c.s(" NO_ADVERTISE")?,
                        0xffff_ff03 => c.s(" NO_EXPORT_SUBCONFED")?,
                        _ => {
                            c.d(v >> 16)?;
                            c.s(":")?;
                            c.d(v & 0xffff)?;
                            if tlen > 4 {
                                c.s(", ")?;
                            }
                        }
                    }
                    tlen -= 4;
                    t += 4;
                }
            }
        }
        10 => {
            if len % 4 != 0 {
                c.s("invalid len")?;
            } else {
                while tlen != 0 {
                    c.ip4_at(t)?;
                    if tlen > 4 {
                        c.s(", ")?;
                    }
                    tlen -= 4;
                    t += 4;
                }
            }
        }
        14 => {
            if !ttest(c, t, 3) || tlen < 3 {
                return Ok(false);
            }
            let Some((af, safi)) = mp_af(c, t, tlen)? else {
                return done(c, pptr, len);
            };
            t += 3;
            tlen -= 3;
            if !ttest(c, t, 1) || tlen < 1 {
                return Ok(false);
            }
            let nhlen = usize::from(c.u8(t)?);
            t += 1;
            tlen -= 1;
            if nhlen != 0 {
                if tlen < nhlen {
                    return Ok(false);
                }
                let end = next_hops(c, af, safi, t, nhlen)?;
                t += nhlen;
                tlen -= nhlen;
                match end {
                    NextHops::Printed => {}
                    NextHops::Done => return done(c, pptr, len),
                    NextHops::Trunc => return Ok(false),
                }
            }
            c.s(", nh-length: ")?;
            c.d(nhlen as u64)?;
            if tlen < 1 {
                return Ok(false);
            }
            let snpa = c.u8(t)?;
            t += 1;
            tlen -= 1;
            if snpa != 0 {
                c.s("\n\t    ")?;
                c.d(snpa)?;
                c.s(" SNPA")?;
                for _ in 0..snpa {
                    if tlen < 1 {
                        return Ok(false);
                    }
                    let n = usize::from(c.u8(t)?);
                    c.s("\n\t      ")?;
                    c.d(n as u64)?;
                    c.s(" bytes")?;
                    t += 1;
                    tlen -= 1;
                    if tlen < n || !ttest(c, t, n) {
                        return Ok(false);
                    }
                    t += n;
                    tlen -= n;
                }
            } else {
                c.s(", no SNPA")?;
            }
            if !nlri_list(c, af, safi, t, pptr + len, len)? {
                return Ok(false);
            }
        }
        15 => {
            if !ttest(c, t, 3) {
                return Ok(false);
            }
            let Some((af, safi)) = mp_af(c, t, tlen)? else {
                return done(c, pptr, len);
            };
            if len == 3 {
                c.s("\n\t      End-of-Rib Marker (empty NLRI)")?;
            }
            if !nlri_list(c, af, safi, t + 3, pptr + len, len)? {
                return Ok(false);
            }
        }
        16 => {
            if len % 8 != 0 {
                c.s("invalid len")?;
            } else {
                while tlen != 0 {
                    if !ttest(c, t, 2) {
                        return Ok(false);
                    }
                    let e = c.be16(t)?;
                    c.s("\n\t    ")?;
                    name(
                        c,
                        tables::EXTD_COMM_SUBTYPE,
                        e.into(),
                        "unknown extd community typecode",
                    )?;
                    c.s(" (0x")?;
                    fmtx::hex_pad(c.out, e.into(), 4)?;
                    c.s("), Flags [")?;
                    tok::bittok2str(c.out, tables::EXTD_COMM_FLAGS, e.into(), "none")?;
                    c.s("]")?;
                    if !ttest(c, t, 8) {
                        return Ok(false);
                    }
                    c.s(": ")?;
                    nlri::extended_community(c, t)?;
                    tlen -= 8;
                    t += 8;
                }
            }
        }
        22 => {
            if !ttest(c, t, 5) || tlen < 5 {
                return Ok(false);
            }
            let flags = c.u8(t)?;
            let tt = c.u8(t + 1)?;
            let label = c.be24(t + 2)?;
            c.s("\n\t    Tunnel-type ")?;
            named(c, tables::PMSI_TUNNEL, tt.into(), "Unknown")?;
            c.s(", Flags [")?;
            tok::bittok2str(c.out, tables::PMSI_FLAGS, flags.into(), "none")?;
            c.s("], MPLS Label ")?;
            c.d(label >> 4)?;
            t += 5;
            tlen -= 5;
            match tt {
                3..=5 => {
                    c.bytes(t, 8)?;
                    c.s(if tt == 3 {
                        "\n\t      Root-Node "
                    } else {
                        "\n\t      Sender "
                    })?;
                    c.ip4_at(t)?;
                    c.s(", P-Group ")?;
                    c.ip4_at(t + 4)?;
                }
                6 => {
                    c.bytes(t, 4)?;
                    c.s("\n\t      Tunnel-Endpoint ")?;
                    c.ip4_at(t)?;
                }
                1 | 2 | 7 => {
                    c.bytes(t, 8)?;
                    c.s(if tt == 1 {
                        "\n\t      Extended-Tunnel-ID "
                    } else {
                        "\n\t      Root-Node "
                    })?;
                    c.ip4_at(t)?;
                    c.s(if tt == 1 {
                        ", P2MP-ID 0x"
                    } else {
                        ", LSP-ID 0x"
                    })?;
                    let v = c.be32(t + 4)?;
                    fmtx::hex_pad(c.out, v.into(), 8)?;
                }
                _ => {
                    if c.vflag <= 1 {
                        unknown(c, t, tlen, "\n\t      ")?;
                    }
                }
            }
        }
        26 => {
            while tlen >= 3 {
                let at = c.u8(t)?;
                let alen = usize::from(c.be16(t + 1)?);
                t += 3;
                tlen -= 3;
                c.s("\n\t    ")?;
                name(c, tables::AIGP, at.into(), "Unknown")?;
                c.s(" TLV (")?;
                c.d(at)?;
                c.s("), length ")?;
                c.d(alen as u64)?;
                if alen < 3 || tlen < alen - 3 {
                    return Ok(false);
                }
                let alen = alen - 3;
                if at == 1 {
                    if alen < 8 {
                        return Ok(false);
                    }
                    c.s(", metric ")?;
                    let v = c.be_n(t, 8)?;
                    c.d(v)?;
                } else if c.vflag <= 1 {
                    unknown(c, t, alen, "\n\t      ")?;
                }
                t += alen;
                tlen -= alen;
            }
        }
        128 => {
            if !ttest(c, t, 4) || len < 4 {
                return Ok(false);
            }
            c.s("\n\t    Origin AS: ")?;
            let v = c.be32(t)?;
            asn(c, v)?;
            t += 4;
            len -= 4;
            while len > 0 {
                if !ttest(c, t, 2) {
                    return Ok(false);
                }
                if len < 2 {
                    c.s(" [path attr too short]")?;
                    break;
                }
                let flags = c.u8(t)?;
                let aty = c.u8(t + 1)?;
                t += 2;
                len -= 2;
                let lenlen = if flags & 0x10 != 0 { 2 } else { 1 };
                if !ttest(c, t, lenlen) {
                    return Ok(false);
                }
                if len < lenlen {
                    c.s(" [path attr too short]")?;
                    break;
                }
                let alen = if lenlen == 2 {
                    usize::from(c.be16(t)?)
                } else {
                    usize::from(c.u8(t)?)
                };
                t += lenlen;
                len -= lenlen;
                c.s("\n\t      ")?;
                name(c, tables::ATTR_TYPES, aty.into(), "Unknown Attribute")?;
                c.s(" (")?;
                c.d(aty)?;
                c.s("), length: ")?;
                c.d(alen as u64)?;
                if flags != 0 {
                    attr_flags(c, flags)?;
                }
                c.s(": ")?;
                if len < alen {
                    c.s(" [path attr too short]")?;
                    break;
                }
                if level == 10 {
                    c.s("(too many nested levels, not recursing)")?;
                } else if !attr_print(c, aty, t, alen, level + 1)? {
                    return Ok(false);
                }
                t += alen;
                len -= alen;
            }
            // tcpdump's `len` is now what was left: 0 unless a check above broke out.
        }
        32 => {
            if len == 0 || len % 12 != 0 {
                c.s("invalid len")?;
            } else {
                c.s("\n\t    ")?;
                while len != 0 {
                    for (i, sep) in [(0, ":"), (4, ":"), (8, "")] {
                        let v = c.be32(t + i)?;
                        c.d(v)?;
                        c.s(sep)?;
                    }
                    if len > 12 {
                        c.s(", ")?;
                    }
                    t += 12;
                    len -= 12;
                }
            }
        }
        _ => {
            if !ttest(c, pptr, len) {
                return Ok(false);
            }
            c.s("\n\t    no Attribute ")?;
            c.d(ty)?;
            c.s(" decoder")?;
            if c.vflag <= 1 {
                unknown(c, pptr, len, "\n\t    ")?;
            }
        }
    }
    done(c, pptr, len)
}

/// The end of `bgp_attr_print`: under `-vv`, the attribute's bytes in hex.
fn done<W: Write>(c: &mut Cursor<'_, W>, pptr: usize, len: usize) -> R<bool> {
    if c.vflag > 1 && len != 0 {
        if !ttest(c, pptr, len) {
            return Ok(false);
        }
        unknown(c, pptr, len, "\n\t    ")?;
    }
    Ok(true)
}

/// `bgp_attr_get_as_size`: 2 when the AS path reads as 2-byte AS numbers, else 4.
fn as_size<W: Write>(c: &Cursor<'_, W>, ty: u8, p: usize, len: usize) -> R<usize> {
    if ty == 17 {
        return Ok(4);
    }
    let mut t = p;
    while t < p + len {
        let seg = c.u8(t)?;
        if !(1..=4).contains(&seg) {
            return Ok(4);
        }
        t += 2 + usize::from(c.u8(t + 1)?) * 2;
    }
    Ok(if t == p + len { 2 } else { 4 })
}
