//! Babel's TLVs at `-v` (tcpdump 4.99.3's `babel_print_v2_tlvs` with `ndo_vflag` set): one line
//! per TLV with its fields, prefixes rebuilt from the omitted bytes of the previous Update, and
//! the sub-TLVs of Hello, IHU and Update.

use core::fmt::Write;

use super::babel::Bad;
use super::cursor::{Cursor, R};
use super::vutil::hex_upper2;
use crate::fmtx;

/// The IPv4-mapped prefix tcpdump keeps IPv4 addresses under.
const V4_MAPPED: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// The prefixes the Updates of one TLV run left for the next ones to omit bytes of.
pub(crate) struct Prefixes {
    v4: [u8; 16],
    v6: [u8; 16],
}

impl Prefixes {
    /// A run's starting state.
    pub(crate) fn new() -> Prefixes {
        let mut v4 = [0u8; 16];
        v4[..12].copy_from_slice(&V4_MAPPED);
        Prefixes { v4, v6: [0; 16] }
    }
}

/// `network_prefix`: the 16-byte prefix of address encoding `ae`, `plen` bits (`None`: a whole
/// address), `omitted` bytes taken from `dp`, the rest from the `len` bytes at `p`; the prefix
/// and the bytes used, `None` for an encoding error.
fn net_prefix<W: Write>(
    c: &Cursor<'_, W>,
    ae: u8,
    plen: Option<u8>,
    omitted: u8,
    p: usize,
    dp: Option<&[u8; 16]>,
    len: usize,
) -> R<Option<([u8; 16], usize)>> {
    let pb = match plen {
        Some(l) => usize::from(l).div_ceil(8),
        None if ae == 1 => 4,
        None => 16,
    };
    if pb > 16 {
        return Ok(None);
    }
    let om = usize::from(omitted);
    let mut out = [0u8; 16];
    let mut used = 0;
    match ae {
        0 => {}
        1 => {
            if om > 4 || pb > 4 || (pb > om && len < pb - om) {
                return Ok(None);
            }
            out[..12].copy_from_slice(&V4_MAPPED);
            if om > 0 {
                let Some(d) = dp else { return Ok(None) };
                out[..12 + om].copy_from_slice(&d[..12 + om]);
            }
            if pb > om {
                out[12 + om..12 + pb].copy_from_slice(c.bytes(p, pb - om)?);
                used = pb - om;
            }
        }
        2 => {
            if om > 16 || (pb > om && len < pb - om) {
                return Ok(None);
            }
            if om > 0 {
                let Some(d) = dp else { return Ok(None) };
                out[..om].copy_from_slice(&d[..om]);
            }
            if pb > om {
                out[om..pb].copy_from_slice(c.bytes(p, pb - om)?);
                used = pb - om;
            }
        }
        3 => {
            if pb > 8 && len < pb - 8 {
                return Ok(None);
            }
            out[0] = 0xfe;
            out[1] = 0x80;
            if pb > 8 {
                out[8..pb].copy_from_slice(c.bytes(p, pb - 8)?);
                used = pb - 8;
            }
        }
        _ => return Ok(None),
    }
    Ok(Some((out, used)))
}

/// `format_address`.
fn address<W: Write>(c: &mut Cursor<'_, W>, a: &[u8; 16]) -> R {
    if a[..12] == V4_MAPPED {
        fmtx::ipv4(c.out, &a[12..])?;
    } else {
        fmtx::ipv6(c.out, a)?;
    }
    Ok(())
}

/// `format_prefix`.
fn prefix<W: Write>(c: &mut Cursor<'_, W>, a: &[u8; 16], plen: u8) -> R {
    if plen >= 96 && a[..12] == V4_MAPPED {
        fmtx::ipv4(c.out, &a[12..])?;
        c.s("/")?;
        c.d(plen - 96)
    } else {
        fmtx::ipv6(c.out, a)?;
        c.s("/")?;
        c.d(plen)
    }
}

/// `format_interval`: centiseconds as `S.CCs`.
fn interval<W: Write>(c: &mut Cursor<'_, W>, i: u16) -> R {
    if i == 0 {
        return c.s("0.0s (bogus)");
    }
    c.d(i / 100)?;
    c.s(".")?;
    fmtx::dec_pad(c.out, (i % 100).into(), 2)?;
    c.s("s")
}

/// `format_interval_update`.
fn interval_update<W: Write>(c: &mut Cursor<'_, W>, i: u16) -> R {
    if i == 0xffff {
        c.s("infinity")
    } else {
        interval(c, i)
    }
}

/// `format_timestamp`: microseconds as `S.UUUUUUs`.
fn timestamp<W: Write>(c: &mut Cursor<'_, W>, t: u32) -> R {
    c.d(t / 1_000_000)?;
    c.s(".")?;
    fmtx::dec_pad(c.out, (t % 1_000_000).into(), 6)?;
    c.s("s")
}

/// `format_id`: the 8-byte router ID at `o`, colon-separated.
fn router_id<W: Write>(c: &mut Cursor<'_, W>, o: usize) -> R {
    for i in 0..8 {
        if i > 0 {
            c.s(":")?;
        }
        c.x02(c.u8(o + i)?)?;
    }
    Ok(())
}

/// `subtlvs_print`: the sub-TLVs from `cp` to `ep` of a TLV of type `t`.
fn subtlvs<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, ep: usize, t: u8) -> R {
    while cp < ep {
        let st = c.u8(cp)?;
        cp += 1;
        if st == 0 {
            c.s(" sub-pad1")?;
            continue;
        }
        if st & 0x80 != 0 {
            c.s(" (M)")?;
        }
        if cp == ep {
            return c.invalid();
        }
        let sl = usize::from(c.u8(cp)?);
        cp += 1;
        if cp + sl > ep {
            return c.invalid();
        }
        match st {
            1 => {
                c.s(" sub-padn")?;
                cp += sl;
            }
            2 => {
                c.s(" sub-diversity")?;
                if sl == 0 {
                    c.s(" empty")?;
                    continue;
                }
                for k in 0..sl {
                    c.s(if k == 0 { " " } else { "-" })?;
                    match c.u8(cp)? {
                        0 => c.s("reserved")?,
                        255 => c.s("all")?,
                        v => c.d(v)?,
                    }
                    cp += 1;
                }
                if t != 8 && t != 13 {
                    c.s(" (bogus)")?;
                }
            }
            3 => {
                c.s(" sub-timestamp")?;
                if t == 4 {
                    if sl < 4 {
                        return c.invalid();
                    }
                    c.s(" ")?;
                    timestamp(c, c.be32(cp)?)?;
                } else if t == 5 {
                    if sl < 8 {
                        return c.invalid();
                    }
                    c.s(" ")?;
                    timestamp(c, c.be32(cp)?)?;
                    c.s("|")?;
                    timestamp(c, c.be32(cp + 4)?)?;
                } else {
                    c.s(" (bogus)")?;
                }
                cp += sl;
            }
            _ => {
                c.s(" sub-unknown-0x")?;
                c.x02(st)?;
                cp += sl;
            }
        }
    }
    Ok(())
}

/// `Ok(Err(Bad::Invalid))`: tcpdump's `goto invalid`.
const INVALID: R<Result<(), Bad>> = Ok(Err(Bad::Invalid));

/// One TLV of type `t` and body length `len` at `m` (captured whole) at `-v`.
#[cold]
#[inline(never)]
pub(crate) fn tlv<W: Write>(
    c: &mut Cursor<'_, W>,
    m: usize,
    t: u8,
    len: usize,
    pfx: &mut Prefixes,
) -> R<Result<(), Bad>> {
    let end = m + 2 + len;
    match t {
        1 => {
            c.s("\n\tPad ")?;
            c.d((len + 2) as u64)?;
        }
        2 => {
            c.s("\n\tAcknowledgment Request ")?;
            if len < 6 {
                return INVALID;
            }
            fmtx::hex_pad(c.out, c.be16(m + 4)?.into(), 4)?;
            c.s(" ")?;
            interval(c, c.be16(m + 6)?)?;
        }
        3 => {
            c.s("\n\tAcknowledgment ")?;
            if len < 2 {
                return INVALID;
            }
            fmtx::hex_pad(c.out, c.be16(m + 2)?.into(), 4)?;
        }
        4 => {
            c.s("\n\tHello ")?;
            if len < 6 {
                return INVALID;
            }
            if c.be16(m + 2)? & 0x8000 != 0 {
                c.s("(Unicast) ")?;
            }
            c.s("seqno ")?;
            c.d(c.be16(m + 4)?)?;
            c.s(" ")?;
            let i = c.be16(m + 6)?;
            if i != 0 {
                c.s("interval ")?;
                interval(c, i)?;
            } else {
                c.s("unscheduled")?;
            }
            if len > 6 {
                subtlvs(c, m + 8, end, t)?;
            }
        }
        5 => {
            c.s("\n\tIHU ")?;
            if len < 6 {
                return INVALID;
            }
            let rxcost = c.be16(m + 4)?;
            let i = c.be16(m + 6)?;
            let ae = c.u8(m + 2)?;
            match net_prefix(c, ae, None, 0, m + 8, None, len - 6)? {
                None => c.trunc_here()?,
                Some((a, rc)) => {
                    if ae == 0 {
                        c.s("any")?;
                    } else {
                        address(c, &a)?;
                    }
                    c.s(" rxcost ")?;
                    c.d(rxcost)?;
                    c.s(" interval ")?;
                    interval(c, i)?;
                    if rc < len - 6 {
                        subtlvs(c, m + 8 + rc, end, t)?;
                    }
                }
            }
        }
        6 => {
            c.s("\n\tRouter Id")?;
            if len < 10 {
                return INVALID;
            }
            c.s(" ")?;
            router_id(c, m + 4)?;
        }
        7 => {
            c.s("\n\tNext Hop")?;
            if len < 2 {
                return INVALID;
            }
            let ae = c.u8(m + 2)?;
            let Some((a, _)) = net_prefix(c, ae, None, 0, m + 4, None, len - 2)? else {
                return INVALID;
            };
            c.s(" ")?;
            if ae == 0 {
                c.s("invalid AE 0")?;
            } else {
                address(c, &a)?;
            }
        }
        8 => return update(c, m, len, pfx),
        9 => {
            c.s("\n\tRoute Request ")?;
            if len < 2 {
                return INVALID;
            }
            let ae = c.u8(m + 2)?;
            let pl = c.u8(m + 3)?;
            let plen = pl.wrapping_add(if ae == 1 { 96 } else { 0 });
            let Some((a, _)) = net_prefix(c, ae, Some(pl), 0, m + 4, None, len - 2)? else {
                return INVALID;
            };
            c.s("for ")?;
            if ae == 0 {
                c.s("any")?;
            } else {
                prefix(c, &a, plen)?;
            }
        }
        10 => {
            c.s("\n\tSeqno Request ")?;
            if len < 14 {
                return INVALID;
            }
            let ae = c.u8(m + 2)?;
            let seqno = c.be16(m + 4)?;
            let pl = c.u8(m + 3)?;
            let Some((a, _)) = net_prefix(c, ae, Some(pl), 0, m + 16, None, len - 14)? else {
                return INVALID;
            };
            let plen = pl.wrapping_add(if ae == 1 { 96 } else { 0 });
            c.s("(")?;
            c.d(c.u8(m + 6)?)?;
            c.s(" hops) for ")?;
            if ae == 0 {
                c.s("invalid AE 0")?;
            } else {
                prefix(c, &a, plen)?;
            }
            c.s(" seqno ")?;
            c.d(seqno)?;
            c.s(" id ")?;
            router_id(c, m + 8)?;
        }
        11 => {
            c.s("\n\tTS/PC ")?;
            if len < 6 {
                return INVALID;
            }
            c.s("timestamp ")?;
            c.d(c.be32(m + 4)?)?;
            c.s(" packetcounter ")?;
            c.d(c.be16(m + 2)?)?;
        }
        12 => {
            c.s("\n\tHMAC ")?;
            if len < 18 {
                return INVALID;
            }
            c.s("key-id ")?;
            c.d(c.be16(m + 2)?)?;
            c.s(" digest-")?;
            c.d((len - 2) as u64)?;
            c.s(" ")?;
            for j in 0..len - 2 {
                hex_upper2(c, c.u8(m + j + 4)?)?;
            }
        }
        13 => return ss_update(c, m, len, pfx),
        14 => return ss_request(c, m, len),
        15 => return ss_mh_request(c, m, len),
        16 => {
            c.s("\n\tMAC len ")?;
            c.d(len as u64)?;
        }
        17 => {
            c.s("\n\tPC")?;
            if len < 4 {
                return INVALID;
            }
            c.s(" value ")?;
            c.d(c.be32(m + 2)?)?;
            c.s(" index len ")?;
            c.d((len - 4) as u64)?;
        }
        18 | 19 => {
            c.s(if t == 18 {
                "\n\tChallenge Request"
            } else {
                "\n\tChallenge Reply"
            })?;
            if len > 192 {
                return INVALID;
            }
            c.s(" len ")?;
            c.d(len as u64)?;
        }
        _ => {
            c.s("\n\tUnknown message type ")?;
            c.d(t)?;
        }
    }
    Ok(Ok(()))
}

/// `/prefix`, `/id`, `/unknown` from an Update's flags.
fn update_flags<W: Write>(c: &mut Cursor<'_, W>, f: u8) -> R {
    if f & 0x80 != 0 {
        c.s("/prefix")?;
    }
    if f & 0x40 != 0 {
        c.s("/id")?;
    }
    if f & 0x3f != 0 {
        c.s("/unknown")?;
    }
    Ok(())
}

/// The Update TLV.
fn update<W: Write>(
    c: &mut Cursor<'_, W>,
    m: usize,
    len: usize,
    pfx: &mut Prefixes,
) -> R<Result<(), Bad>> {
    c.s("\n\tUpdate")?;
    if len < 10 {
        return INVALID;
    }
    let ae = c.u8(m + 2)?;
    let pl = c.u8(m + 4)?;
    let plen = pl.wrapping_add(if ae == 1 { 96 } else { 0 });
    let dp = if ae == 1 { pfx.v4 } else { pfx.v6 };
    let om = c.u8(m + 5)?;
    let Some((a, rc)) = net_prefix(c, ae, Some(pl), om, m + 12, Some(&dp), len - 10)? else {
        return INVALID;
    };
    let flags = c.u8(m + 3)?;
    update_flags(c, flags)?;
    c.s(" ")?;
    if ae == 0 {
        c.s("any")?;
    } else {
        prefix(c, &a, plen)?;
    }
    c.s(" metric ")?;
    c.d(c.be16(m + 10)?)?;
    c.s(" seqno ")?;
    c.d(c.be16(m + 8)?)?;
    c.s(" interval ")?;
    interval_update(c, c.be16(m + 6)?)?;
    if flags & 0x80 != 0 {
        if ae == 1 {
            pfx.v4 = a;
        } else {
            pfx.v6 = a;
        }
    }
    if rc < len - 10 {
        subtlvs(c, m + 12 + rc, m + 2 + len, 8)?;
    }
    Ok(Ok(()))
}

/// The source-specific Update TLV.
fn ss_update<W: Write>(
    c: &mut Cursor<'_, W>,
    m: usize,
    len: usize,
    pfx: &Prefixes,
) -> R<Result<(), Bad>> {
    c.s("\n\tSS-Update")?;
    if len < 10 {
        return INVALID;
    }
    let ae = c.u8(m + 2)?;
    let mut src_plen = c.u8(m + 3)?;
    let mut plen = c.u8(m + 4)?;
    let om = c.u8(m + 5)?;
    let dp = if ae == 1 { pfx.v4 } else { pfx.v6 };
    let mut parsed = 10;
    let Some((a, rc)) = net_prefix(
        c,
        ae,
        Some(plen),
        om,
        m + 2 + parsed,
        Some(&dp),
        len - parsed,
    )?
    else {
        return INVALID;
    };
    if ae == 1 {
        plen = plen.wrapping_add(96);
    }
    parsed += rc;
    let Some((s, rc)) = net_prefix(c, ae, Some(src_plen), 0, m + 2 + parsed, None, len - parsed)?
    else {
        return INVALID;
    };
    if ae == 1 {
        src_plen = src_plen.wrapping_add(96);
    }
    parsed += rc;
    c.s(" ")?;
    prefix(c, &a, plen)?;
    c.s(" from ")?;
    prefix(c, &s, src_plen)?;
    c.s(" metric ")?;
    c.d(c.be16(m + 10)?)?;
    c.s(" seqno ")?;
    c.d(c.be16(m + 8)?)?;
    c.s(" interval ")?;
    interval_update(c, c.be16(m + 6)?)?;
    if parsed < len {
        subtlvs(c, m + 2 + parsed, m + 2 + len, 13)?;
    }
    Ok(Ok(()))
}

/// The source-specific Route Request TLV.
fn ss_request<W: Write>(c: &mut Cursor<'_, W>, m: usize, len: usize) -> R<Result<(), Bad>> {
    c.s("\n\tSS-Request ")?;
    if len < 3 {
        return INVALID;
    }
    let ae = c.u8(m + 2)?;
    let mut plen = c.u8(m + 3)?;
    let mut src_plen = c.u8(m + 4)?;
    let mut parsed = 3;
    let Some((a, rc)) = net_prefix(c, ae, Some(plen), 0, m + 2 + parsed, None, len - parsed)?
    else {
        return INVALID;
    };
    if ae == 1 {
        plen = plen.wrapping_add(96);
    }
    parsed += rc;
    let Some((s, _)) = net_prefix(c, ae, Some(src_plen), 0, m + 2 + parsed, None, len - parsed)?
    else {
        return INVALID;
    };
    if ae == 1 {
        src_plen = src_plen.wrapping_add(96);
    }
    if ae == 0 {
        c.s("for any")?;
    } else {
        c.s("for (")?;
        prefix(c, &a, plen)?;
        c.s(", ")?;
        prefix(c, &s, src_plen)?;
        c.s(")")?;
    }
    Ok(Ok(()))
}

/// The source-specific multi-hop Request TLV.
fn ss_mh_request<W: Write>(c: &mut Cursor<'_, W>, m: usize, len: usize) -> R<Result<(), Bad>> {
    c.s("\n\tSS-MH-Request ")?;
    if len < 14 {
        return INVALID;
    }
    let ae = c.u8(m + 2)?;
    let mut plen = c.u8(m + 3)?;
    let seqno = c.be16(m + 4)?;
    let hopc = c.u8(m + 6)?;
    let mut src_plen = c.u8(m + 7)?;
    let mut parsed = 14;
    let Some((a, rc)) = net_prefix(c, ae, Some(plen), 0, m + 2 + parsed, None, len - parsed)?
    else {
        return INVALID;
    };
    if ae == 1 {
        plen = plen.wrapping_add(96);
    }
    parsed += rc;
    let Some((s, _)) = net_prefix(c, ae, Some(src_plen), 0, m + 2 + parsed, None, len - parsed)?
    else {
        return INVALID;
    };
    if ae == 1 {
        src_plen = src_plen.wrapping_add(96);
    }
    c.s("(")?;
    c.d(hopc)?;
    c.s(" hops) for (")?;
    prefix(c, &a, plen)?;
    c.s(", ")?;
    prefix(c, &s, src_plen)?;
    c.s(") seqno ")?;
    c.d(seqno)?;
    c.s(" id ")?;
    router_id(c, m + 8)?;
    Ok(Ok(()))
}
