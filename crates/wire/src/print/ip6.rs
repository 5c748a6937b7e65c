//! IPv6 and its extension headers: hop-by-hop and destination options, routing (tcpdump's
//! `ip6_print`, `hbhopt_print`, `dstopt_print`, `rt6_print`).

use core::fmt::Write;

use crate::fmtx;
use crate::ip_proto;

use crate::frame::ipv6::{self, ext, opt};

/// [`ipv6::HEADER_LEN`] as the `u32` lengths are counted in.
const HDR_LEN: u32 = ipv6::HEADER_LEN as u32;

use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// The walk over the extension headers: what `ip6_print` keeps in its locals.
struct Ext {
    /// The payload length from the header, or the jumbo payload length once found.
    payload_len: u32,
    /// The bytes of the headers walked so far (the fixed one included).
    total_advance: u32,
    found_ext: bool,
    found_jumbo: bool,
    found_hbh: bool,
    fragmented: bool,
}

/// `ip6_print`: the header at `bp`, its extension headers, and the payload after them.
#[inline(never)]
pub(crate) fn ip6_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "ip6";
    if !c.test(bp, ipv6::HEADER_LEN) {
        return Err(Stop::Trunc);
    }
    if length < HDR_LEN {
        c.s("truncated-ip6 ")?;
        c.d(length)?;
        return Ok(());
    }
    if !c.eflag {
        c.s("IP6 ")?;
    }
    let v = c.u8(bp)? >> 4;
    if v != 6 {
        c.s("version error: ")?;
        c.d(v)?;
        c.s(" != 6")?;
        return Ok(());
    }
    let payload_len = c.be16(bp + ipv6::field::LENGTH.start)? as u32;
    let mut len: u32;
    if payload_len != 0 {
        len = payload_len + HDR_LEN;
        if length < len {
            c.s("truncated-ip6 - ")?;
            c.d(len - length)?;
            c.s(" bytes missing!")?;
        }
    } else {
        len = length.wrapping_add(HDR_LEN);
    }
    let mut x = Ext {
        payload_len,
        total_advance: 0,
        found_ext: false,
        found_jumbo: false,
        found_hbh: false,
        fragmented: false,
    };
    let mut ph: u8 = 255;
    let mut nh = c.u8(bp + ipv6::field::NXT_HDR)?;
    if c.vflag != 0 {
        ip6_verbose(c, bp, nh, payload_len)?;
    }
    let saved = c.snapend;
    c.clip(bp, len as usize);
    let mut cp = bp;
    let mut advance: usize = ipv6::HEADER_LEN;
    while cp < c.snapend && advance > 0 {
        if (len as usize) < advance {
            c.proto = "ip6";
            return Err(Stop::Trunc);
        }
        cp += advance;
        len -= advance as u32;
        x.total_advance += advance as u32;
        if cp == bp + ipv6::HEADER_LEN
            && !matches!(
                nh,
                ip_proto::TCP | ip_proto::UDP | ip_proto::DCCP | ip_proto::SCTP
            )
        {
            c.ip6_at(bp + ipv6::field::SRC.start)?;
            c.s(" > ")?;
            c.ip6_at(bp + ipv6::field::DST.start)?;
            c.s(": ")?;
        }
        let adv = match nh {
            ip_proto::HOPOPTS => ip6_hbh(c, cp, ph, &mut x)?,
            ip_proto::DSTOPTS => ip6_dstopt(c, cp)?,
            ip_proto::FRAGMENT => {
                x.fragmented = true;
                ip6_frag(c, cp, bp)?
            }
            ip_proto::ROUTING => {
                c.u8(cp)?;
                rt6(c, cp)?
            }
            // tcpdump stops after the Mobility Header whatever it says follows.
            ip_proto::MOBILITY | ip_proto::MOBILE_OLD => return c.then(Next::mobility(off(cp))),
            _ => {
                let len = ip6_payload_len(c, bp, length, len, saved, &x)?;
                return c.then(Next::ip_proto(nh, 6, x.fragmented, off(cp), len, off(bp)));
            }
        };
        let Some(adv) = adv else {
            return Ok(());
        };
        advance = adv;
        x.found_ext = true;
        nh = c.u8(cp + ext::NXT_HDR)?;
        ph = nh;
        c.proto = "ip6";
    }
    Ok(())
}

/// `-v`: `(class 0x.., flowlabel 0x....., hlim 64, next-header TCP (6) payload length:
/// 20) ` of the header at `bp`.
#[cold]
#[inline(never)]
fn ip6_verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, nh: u8, payload_len: u32) -> R {
    let flow = c.be32(bp + ipv6::field::VER_TC_FLOW.start)?;
    c.s("(")?;
    if flow & 0x0ff0_0000 != 0 {
        c.s("class 0x")?;
        fmtx::hex_pad(c.out, ((flow >> 20) & 0xff) as u64, 2)?;
        c.s(", ")?;
    }
    if flow & 0x000f_ffff != 0 {
        c.s("flowlabel 0x")?;
        fmtx::hex_pad(c.out, (flow & 0x000f_ffff) as u64, 5)?;
        c.s(", ")?;
    }
    let hlim = c.u8(bp + ipv6::field::HOP_LIMIT)?;
    c.s("hlim ")?;
    c.d(hlim)?;
    c.s(", next-header ")?;
    c.s(ip_proto::name(nh).unwrap_or("unknown"))?;
    c.s(" (")?;
    c.d(nh)?;
    c.s(") payload length: ")?;
    c.d(payload_len)?;
    c.s(") ")
}

/// The hop-by-hop options header at `cp`, `ph` the header before it (255 for the fixed
/// one): its length, `None` when the walk stops there.
fn ip6_hbh<W: Write>(c: &mut Cursor<'_, W>, cp: usize, ph: u8, x: &mut Ext) -> R<Option<usize>> {
    if x.found_hbh {
        c.s("[The Hop-by-Hop Options header was already found]")?;
        c.s(" (invalid)")?;
        return Ok(None);
    }
    if ph != 255 {
        c.s("[The Hop-by-Hop Options header don't follow the IPv6 header]")?;
        c.s(" (invalid)")?;
        return Ok(None);
    }
    let r = hbhopt(c, cp, &mut x.found_jumbo, &mut x.payload_len)?;
    if x.payload_len == 0 && !x.found_jumbo {
        c.s("[No valid Jumbo Payload Hop-by-Hop option found]")?;
        c.s(" (invalid)")?;
        return Ok(None);
    }
    x.found_hbh = true;
    Ok(r)
}

/// `dstopt_process`: the destination options header's length, `None` when its options
/// (printed with `-v`) are cut short.
fn ip6_dstopt<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R<Option<usize>> {
    c.proto = "dstopt";
    let l = (c.u8(cp + ext::LEN)? as usize + 1) << 3;
    if !c.test(cp, l) {
        return Err(Stop::Trunc);
    }
    c.s("DSTOPT ")?;
    if c.vflag != 0 && !ip6_opts(c, cp + ext::OPTIONS, l - ext::OPTIONS, None)? {
        c.trunc_here()?;
        return Ok(None);
    }
    Ok(Some(l))
}

/// `frag6_print`, the fragment header at `cp` of the packet at `bp`: its length, `None`
/// for a later fragment (or a first one with nothing captured after the header).
fn ip6_frag<W: Write>(c: &mut Cursor<'_, W>, cp: usize, bp: usize) -> R<Option<usize>> {
    c.proto = "frag6";
    let offlg = c.be16(cp + ext::FRAG_OFFLG.start)?;
    let plen = c.be16(bp + ipv6::field::LENGTH.start)? as u64;
    // The identification is read before anything prints, as tcpdump's one printf does.
    let id = if c.vflag != 0 {
        c.be32(cp + ext::FRAG_IDENT.start)?
    } else {
        0
    };
    c.s("frag (")?;
    if c.vflag != 0 {
        c.s("0x")?;
        fmtx::hex_pad(c.out, id as u64, 8)?;
        c.s(":")?;
    }
    c.d(offlg & 0xfff8)?;
    c.s("|")?;
    let rest = (ipv6::HEADER_LEN as u64 + plen)
        .wrapping_sub((cp - bp) as u64)
        .wrapping_sub(ext::FRAG_LEN as u64);
    c.d(rest)?;
    c.s(")")?;
    if offlg & 0xfff8 != 0 {
        return Ok(None);
    }
    c.s(" ")?;
    if c.snapend <= cp + ext::FRAG_LEN {
        return Ok(None);
    }
    Ok(Some(ext::FRAG_LEN))
}

/// The length of the upper-layer payload after the extension headers (`len` left of the
/// payload length from the header), the captured data clipped to the jumbo payload length
/// when there is one (`saved` the end before the IPv6 header's clip).
fn ip6_payload_len<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    len: u32,
    saved: usize,
    x: &Ext,
) -> R<u32> {
    if x.found_jumbo {
        let len = x.payload_len.wrapping_add(HDR_LEN);
        if len < x.total_advance {
            c.proto = "ip6";
            return Err(Stop::Trunc);
        }
        if length < len {
            c.s("truncated-ip6 - ")?;
            c.d(len - length)?;
            c.s(" bytes missing!")?;
        }
        c.snapend = saved;
        c.clip(bp, len as usize);
        Ok(len - x.total_advance)
    } else if x.payload_len == 0 {
        if x.found_ext {
            c.proto = "ip6";
            return Err(Stop::Trunc);
        }
        c.clip(bp, ipv6::HEADER_LEN);
        Ok(HDR_LEN - x.total_advance)
    } else {
        Ok(len)
    }
}

/// `hbhopt_process`; `Ok(None)` when the walk must stop (trunc already printed).
pub(crate) fn hbhopt<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    found_jumbo: &mut bool,
    payload_len: &mut u32,
) -> R<Option<usize>> {
    c.proto = "hbhopt";
    let l = (c.u8(cp + ext::LEN)? as usize + 1) << 3;
    if !c.test(cp, l) {
        return Err(Stop::Trunc);
    }
    c.s("HBH ")?;
    if !ip6_opts(
        c,
        cp + ext::OPTIONS,
        l - ext::OPTIONS,
        Some((found_jumbo, payload_len)),
    )? {
        c.trunc_here()?;
        return Ok(None);
    }
    Ok(Some(l))
}

/// `ip6_opt_process`: without `-v` only error texts print, with it each option.
/// `Ok(false)` is its `-1`.
pub(crate) fn ip6_opts<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    len: usize,
    mut jumbo: Option<(&mut bool, &mut u32)>,
) -> R<bool> {
    let mut i = 0usize;
    let mut seen_jumbo = false;
    while i < len {
        let t = c.u8(bp + i + opt::TYPE)?;
        let optlen = if t == opt::PAD1 {
            1
        } else if i + opt::LEN < len {
            c.u8(bp + i + opt::LEN)? as usize + opt::DATA
        } else {
            return Ok(false);
        };
        if i + optlen > len {
            return Ok(false);
        }
        match t {
            opt::PAD1 => {
                if c.vflag != 0 {
                    c.s("(pad1)")?;
                }
            }
            opt::PADN => {
                if len - i < 2 {
                    c.s("(padn: trunc)")?;
                    return Ok(false);
                }
                if c.vflag != 0 {
                    c.s("(padn)")?;
                }
            }
            opt::ROUTER_ALERT => {
                if len - i < 4 {
                    c.s("(rtalert: trunc)")?;
                    return Ok(false);
                }
                let l = c.u8(bp + i + opt::LEN)?;
                if l != 2 {
                    c.s("(rtalert: invalid len ")?;
                    c.d(l)?;
                    c.s(")")?;
                    return Ok(false);
                }
                if c.vflag != 0 {
                    let v = c.be16(bp + i + opt::DATA)?;
                    c.s("(rtalert: 0x")?;
                    fmtx::hex_pad(c.out, v as u64, 4)?;
                    c.s(") ")?;
                }
            }
            opt::JUMBO => {
                if len - i < 6 {
                    c.s("(jumbo: trunc)")?;
                    return Ok(false);
                }
                let l = c.u8(bp + i + opt::LEN)?;
                if l != 4 {
                    c.s("(jumbo: invalid len ")?;
                    c.d(l)?;
                    c.s(")")?;
                    return Ok(false);
                }
                let jl = c.be32(bp + i + opt::DATA)?;
                let first = !seen_jumbo;
                seen_jumbo = true;
                ip6_opt_jumbo(c, jl, first, jumbo.as_mut())?;
            }
            opt::HOME_ADDRESS => {
                if len - i < 18 {
                    c.s("(homeaddr: trunc)")?;
                    return Ok(false);
                }
                let l = c.u8(bp + i + opt::LEN)?;
                if l < 16 {
                    c.s("(homeaddr: invalid len ")?;
                    c.d(l)?;
                    c.s(")")?;
                    return Ok(false);
                }
                if c.vflag != 0 && !ip6_homeaddr(c, bp + i, optlen)? {
                    return Ok(false);
                }
            }
            _ => {
                if len - i < 2 {
                    c.s("(type ")?;
                    c.d(t)?;
                    c.s(": trunc)")?;
                    return Ok(false);
                }
                if c.vflag != 0 {
                    let l = c.u8(bp + i + opt::LEN)?;
                    c.s("(opt_type 0x")?;
                    fmtx::hex_pad(c.out, t as u64, 2)?;
                    c.s(": len=")?;
                    c.d(l)?;
                    c.s(")")?;
                }
            }
        }
        i += optlen;
    }
    if c.vflag != 0 && len != 0 {
        c.s(" ")?;
    }
    Ok(true)
}

/// A jumbo payload option of length `jl`: taken as the payload length when it is the
/// first (`first`) in a hop-by-hop header whose fixed header said 0 and is at least 65536,
/// what is wrong with it printed with `-v`.
fn ip6_opt_jumbo<W: Write>(
    c: &mut Cursor<'_, W>,
    jl: u32,
    first: bool,
    jumbo: Option<&mut (&mut bool, &mut u32)>,
) -> R {
    let why = match jumbo {
        _ if !first => " - already seen",
        None => " - not a hop-by-hop option",
        Some((_, pl)) if **pl != 0 => " - payload len != 0",
        Some(_) if jl < 65536 => " - < 65536",
        Some((fj, pl)) => {
            **fj = true;
            **pl = jl;
            ""
        }
    };
    if c.vflag != 0 {
        c.s("(jumbo: ")?;
        c.d(jl)?;
        c.s(why)?;
        c.s(") ")?;
    }
    Ok(())
}

/// `-v`, the home address option at `o` (`optlen` bytes): the address and the
/// sub-options after it. `Ok(false)` when they are malformed.
#[cold]
#[inline(never)]
fn ip6_homeaddr<W: Write>(c: &mut Cursor<'_, W>, o: usize, optlen: usize) -> R<bool> {
    c.s("(homeaddr: ")?;
    c.ip6_at(o + 2)?;
    if c.u8(o + 1)? > 16 {
        let (bp, len) = (o + 18, optlen - 18);
        let mut i = 0;
        while i < len {
            let t = c.u8(bp + i)?;
            let ol = if t == opt::PAD1 {
                1
            } else if i + 1 < len {
                c.u8(bp + i + 1)? as usize + 2
            } else {
                return Ok(false);
            };
            if i + ol > len {
                return Ok(false);
            }
            match t {
                opt::PAD1 => c.s(", pad1")?,
                _ if len - i < 2 => {
                    c.s(if t == opt::PADN {
                        ", padn: trunc"
                    } else {
                        ", sopt_type "
                    })?;
                    if t != opt::PADN {
                        c.d(t)?;
                        c.s(": trunc)")?;
                    }
                    return Ok(false);
                }
                opt::PADN => c.s(", padn")?,
                _ => {
                    c.s(", sopt_type 0x")?;
                    fmtx::hex_pad(c.out, t as u64, 2)?;
                    c.s(": len=")?;
                    let l = c.u8(bp + i + 1)?;
                    c.d(l)?;
                }
            }
            i += ol;
        }
    }
    c.s(")")?;
    Ok(true)
}

/// `rt6_print`; `Ok(None)` when it reported the header invalid.
pub(crate) fn rt6<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R<Option<usize>> {
    c.proto = "rt6";
    c.s("RT6")?;
    let mut len = c.u8(cp + ext::LEN)? as usize;
    c.s(" (len=")?;
    c.d(len as u64)?;
    let typ = c.u8(cp + ext::RT_TYPE)?;
    c.s(", type=")?;
    c.d(typ)?;
    if typ == 0 {
        c.s(" [Deprecated]")?;
    }
    let sl = c.u8(cp + ext::RT_SEGLEFT)?;
    c.s(", segleft=")?;
    c.d(sl)?;
    let addrs = match typ {
        0 | 2 => {
            let rsv = c.be32(cp + ext::RT_RESERVED.start)?;
            if rsv != 0 || c.vflag != 0 {
                c.s(", rsv=0x")?;
                fmtx::hex(c.out, rsv as u64)?;
            }
            cp + ext::RT_ADDRS
        }
        4 => {
            let le = c.u8(cp + ext::SRH_LAST_ENTRY)?;
            c.s(", last-entry=")?;
            c.d(le)?;
            let fl = c.u8(cp + ext::SRH_FLAGS)?;
            if fl != 0 || c.vflag != 0 {
                c.s(", flags=0x")?;
                fmtx::hex(c.out, fl as u64)?;
            }
            let tag = c.be16(cp + ext::SRH_TAG.start)?;
            c.s(", tag=")?;
            fmtx::hex(c.out, tag as u64)?;
            cp + ext::RT_ADDRS
        }
        _ => {
            c.s(" (unknown type)")?;
            c.s(" (invalid)")?;
            return Ok(None);
        }
    };
    if len % 2 == 1 {
        c.s(" (invalid length ")?;
        c.d(len as u64)?;
        c.s(")")?;
        c.s(" (invalid)")?;
        return Ok(None);
    }
    len >>= 1;
    for i in 0..len {
        let a = c.bytes(addrs + 16 * i, 16)?;
        c.s(", [")?;
        c.d(i as u64)?;
        c.s("]")?;
        fmtx::ipv6(c.out, a)?;
    }
    c.s(") ")?;
    Ok(Some((c.u8(cp + ext::LEN)? as usize + 1) << 3))
}
