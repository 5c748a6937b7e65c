//! ICMPv6 (tcpdump's `icmp6_print`): errors, echo, neighbour and router discovery, MLD (RPL in
//! `rpl.rs`).

use core::fmt::Write;

use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

use crate::frame::ipv6::{self, ext};
use crate::frame::{icmpv6, udp};
use crate::ip_proto;

use super::common::{cksum_l4, fqdn, shouldbe};
use super::cursor::{Cursor, Stop, R};

/// `get_upperlayer`: the upper-layer protocol and port header inside an ICMPv6 error.
pub(crate) fn icmp6_upper<'a, W: Write>(c: &Cursor<'a, W>, mut bp: usize) -> Option<(u8, usize)> {
    let ep = c.snapend;
    let mut nh = c.u8(bp + ipv6::field::NXT_HDR).ok()?;
    let mut hlen = ipv6::HEADER_LEN;
    while bp < ep {
        bp += hlen;
        match nh {
            ip_proto::TCP | ip_proto::UDP => {
                return if c.test(bp + udp::field::DST_PORT.start, 2) {
                    Some((nh, bp))
                } else {
                    None
                };
            }
            ip_proto::HOPOPTS | ip_proto::DSTOPTS | ip_proto::ROUTING => {
                if !c.test(bp + ext::LEN, 1) {
                    return None;
                }
                nh = c.u8(bp + ext::NXT_HDR).ok()?;
                hlen = (c.u8(bp + ext::LEN).ok()? as usize + 1) << 3;
            }
            ip_proto::FRAGMENT => {
                if !c.test(bp + ext::FRAG_OFFLG.start, 2) {
                    return None;
                }
                if c.be16(bp + ext::FRAG_OFFLG.start).ok()? & 0xfff8 != 0 {
                    return None;
                }
                nh = c.u8(bp + ext::NXT_HDR).ok()?;
                hlen = ext::FRAG_LEN;
            }
            ip_proto::AH => {
                if !c.test(bp + ext::LEN, 1) {
                    return None;
                }
                nh = c.u8(bp + ext::NXT_HDR).ok()?;
                // The AH length is in 32-bit words, less 2.
                hlen = (c.u8(bp + ext::LEN).ok()? as usize + 2) << 2;
            }
            _ => return None,
        }
    }
    None
}

/// `icmp6_print`: the message at `bp` of the packet whose IPv6 header is at `iph`
/// (`fragmented`: no checksum is checked).
#[inline(never)]
pub(crate) fn icmp6_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    iph: usize,
    fragmented: bool,
) -> R {
    c.proto = "icmp6";
    if length == 0 {
        c.s("ICMP6, length 0")?;
        return c.s(" (invalid)");
    }
    if c.vflag != 0 && !fragmented {
        icmp6_cksum(c, bp, length, iph)?;
    }
    let t = c.u8(bp)?;
    c.s("ICMP6, ")?;
    tok::tok2str(
        c.out,
        icmp6_type_name(t),
        t.into(),
        Unknown::dec("unknown icmp6 type (", ")"),
    )?;
    if c.vflag != 0 && matches!(t, 133..=137 | 145 | 147) {
        c.s(", length ")?;
        c.d(length)?;
    }
    let code = c.u8(bp + icmpv6::field::CODE)?;
    let oip = bp + icmpv6::HEADER_LEN;
    match t {
        1 => {
            if !icmp6_unreach(c, bp, oip, code, length)? {
                return Ok(());
            }
        }
        2 => {
            let m = c.be32(bp + icmpv6::field::MTU.start)?;
            c.s(", mtu ")?;
            c.d(m)?;
        }
        3 => match code {
            0 => {
                let d = c.bytes(oip + ipv6::field::DST.start, 16)?;
                c.s(" for ")?;
                fmtx::ipv6(c.out, d)?;
            }
            1 => c.s(" (reassembly)")?,
            _ => {
                c.s(", unknown code (")?;
                c.d(code)?;
                c.s(")")?;
            }
        },
        4 => icmp6_param_prob(c, bp, oip, code)?,
        128 | 129 => {
            let id = c.be16(bp + icmpv6::field::ECHO_IDENT.start)?;
            let sq = c.be16(bp + icmpv6::field::ECHO_SEQ.start)?;
            c.s(", id ")?;
            c.d(id)?;
            c.s(", seq ")?;
            c.d(sq)?;
        }
        130 => icmp6_mld_query(c, bp, length)?,
        131 | 132 => mld6(c, bp)?,
        133 | 134 if c.vflag != 0 => {
            if !icmp6_router_verbose(c, bp, t, length)? {
                return c.trunc_here();
            }
        }
        133 | 134 | 141 | 142 => {}
        135 | 136 => {
            let a = c.bytes(bp + icmpv6::field::TARGET.start, 16)?;
            c.s(if t == 135 { ", who has " } else { ", tgt is " })?;
            fmtx::ipv6(c.out, a)?;
            if c.vflag != 0 && !icmp6_neighbor_verbose(c, bp, t, length)? {
                return c.trunc_here();
            }
        }
        137 => {
            let d = c.bytes(bp + icmpv6::field::REDIRECT_DST.start, 16)?;
            c.s(", ")?;
            fmtx::ipv6(c.out, d)?;
            let t = c.bytes(bp + icmpv6::field::TARGET.start, 16)?;
            c.s(" to ")?;
            fmtx::ipv6(c.out, t)?;
            if c.vflag != 0 && !icmp6_opts(c, bp + 40, length as i64 - 40)? {
                return c.trunc_here();
            }
        }
        143 => {
            if length < 8 {
                c.s(" [invalid len ")?;
                c.d(length)?;
                c.s("]")?;
            } else {
                let n = c.be16(bp + icmpv6::field::MLDV2_NUM_RECORDS.start)?;
                c.s(", ")?;
                c.d(n)?;
                c.s(" group record(s)")?;
                if c.vflag != 0 {
                    mldv2_records(c, bp, length, n)?;
                }
            }
        }
        144 | 146 => {
            let id = c.be16(bp + icmpv6::field::MIP_IDENT.start)?;
            c.s(", id 0x")?;
            fmtx::hex_pad(c.out, id as u64, 4)?;
        }
        145 | 147 if c.vflag != 0 => icmp6_mip_verbose(c, bp, t, length)?,
        145 | 147 => {}
        138 => super::icmp6_ni::rrenum(c, bp)?,
        139 | 140 => super::icmp6_ni::nodeinfo(c, length, bp)?,
        155 => super::rpl::rpl(c, bp, code, length)?,
        _ => return icmp6_unknown(c, bp, length),
    }
    if c.vflag != 0 {
        return Ok(());
    }
    c.s(", length ")?;
    c.d(length)
}

/// A type tcpdump has no printer for: the length and (below `-vv`) a hex dump.
fn icmp6_unknown<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.s(", length ")?;
    c.d(length)?;
    if c.vflag > 1 {
        return Ok(());
    }
    c.unknown_data(bp, length as usize)
}

/// `-v`: `[icmp6 sum ok] ` or `[bad icmp6 cksum 0x... -> 0x...!] ` when the `length`
/// bytes at `bp` are captured.
#[cold]
#[inline(never)]
fn icmp6_cksum<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32, iph: usize) -> R {
    if !c.test(bp, length as usize) {
        return Ok(());
    }
    let field = c.be16(bp + icmpv6::field::CHECKSUM.start)?;
    let Some(sum) = cksum_l4(c, iph, bp, length, ip_proto::ICMPV6)? else {
        return Ok(());
    };
    if sum != 0 {
        c.s("[bad icmp6 cksum 0x")?;
        fmtx::hex_pad(c.out, field as u64, 4)?;
        c.s(" -> 0x")?;
        fmtx::hex_pad(c.out, shouldbe(field, sum) as u64, 4)?;
        c.s("!] ")
    } else {
        c.s("[icmp6 sum ok] ")
    }
}

/// `-v`, router solicitation (133) and advertisement (134): the advertisement's fields
/// and the options. `Ok(false)` when the options are cut short.
#[cold]
#[inline(never)]
fn icmp6_router_verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, t: u8, length: u32) -> R<bool> {
    if t == 133 {
        return icmp6_opts(c, bp + 8, length as i64 - 8);
    }
    let hop = c.u8(bp + icmpv6::field::RA_HOP_LIMIT)?;
    let flags = c.u8(bp + icmpv6::field::RA_FLAGS)?;
    let life = c.be16(bp + icmpv6::field::RA_LIFETIME.start)?;
    let reach = c.be32(bp + icmpv6::field::RA_REACHABLE.start)?;
    let retrans = c.be32(bp + icmpv6::field::RA_RETRANS.start)?;
    c.s("\n\thop limit ")?;
    c.d(hop)?;
    c.s(", Flags [")?;
    tok::bittok2str(c.out, RA_FLAGS, flags.into(), "none")?;
    c.s("], pref ")?;
    c.s(rtpref(flags))?;
    c.s(", router lifetime ")?;
    c.d(life)?;
    c.s("s, reachable time ")?;
    c.d(reach)?;
    c.s("ms, retrans timer ")?;
    c.d(retrans)?;
    c.s("ms")?;
    icmp6_opts(c, bp + 16, length as i64 - 16)
}

/// `-v`, neighbour solicitation (135) and advertisement (136): the advertisement's
/// flags and the options. `Ok(false)` when the options are cut short.
#[cold]
#[inline(never)]
fn icmp6_neighbor_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    t: u8,
    length: u32,
) -> R<bool> {
    if t == 136 {
        let f = c.be32(bp + icmpv6::field::NA_FLAGS)?;
        c.s(", Flags [")?;
        tok::bittok2str(c.out, NA_FLAGS, f, "none")?;
        c.s("]")?;
    }
    icmp6_opts(c, bp + 24, length as i64 - 24)
}

/// `-v`, home agent discovery reply (145) and mobile prefix advertisement (147).
#[cold]
#[inline(never)]
fn icmp6_mip_verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, t: u8, length: u32) -> R {
    let id = c.be16(bp + icmpv6::field::MIP_IDENT.start)?;
    c.s(", id 0x")?;
    fmtx::hex_pad(c.out, id as u64, 4)?;
    if t == 145 {
        let end = bp + length as usize;
        let mut p = bp + icmpv6::HEADER_LEN;
        while p < end {
            sep_ip6(c, ", ", p)?;
            p += 16;
        }
        return Ok(());
    }
    let flags = c.be16(bp + 6)?;
    if flags & 0xc000 != 0 {
        c.s(" ")?;
    }
    if flags & 0x8000 != 0 {
        c.s("M")?;
    }
    if flags & 0x4000 != 0 {
        c.s("O")?;
    }
    if !icmp6_opts(c, bp + 8, length as i64 - 8)? {
        return c.trunc_here();
    }
    Ok(())
}

/// `sep` and the IPv6 address at `o`, nothing when the address is not captured (tcpdump
/// reads it before it prints).
fn sep_ip6<W: Write>(c: &mut Cursor<'_, W>, sep: &str, o: usize) -> R {
    if !c.test(o, 16) {
        return Err(Stop::Trunc);
    }
    c.s(sep)?;
    c.ip6_at(o)
}

/// `icmp6_opt_print`: the neighbour discovery options at `bp` (`resid` bytes of the
/// message left). `Ok(false)` when they are cut short.
fn icmp6_opts<W: Write>(c: &mut Cursor<'_, W>, bp: usize, mut resid: i64) -> R<bool> {
    let mut cp = bp;
    while cp < c.snapend {
        if !c.test(cp + 1, 1) {
            return Ok(false);
        }
        if resid <= 0 {
            return Ok(true);
        }
        let ty = c.u8(cp)?;
        let olen = c.u8(cp + 1)? as usize;
        if olen == 0 || !c.test(cp, olen << 3) {
            return Ok(false);
        }
        c.s("\n\t  ")?;
        c.s(nd_opt_name(ty))?;
        c.s(" option (")?;
        c.d(ty)?;
        c.s("), length ")?;
        c.d((olen << 3) as u64)?;
        c.s(" (")?;
        c.d(olen as u64)?;
        c.s("): ")?;
        if !icmp6_opt(c, bp, cp, ty, olen)? {
            return Ok(false);
        }
        if !matches!(ty, 1..=5 | 7 | 8 | 24 | 25 | 31) && c.vflag <= 1 {
            c.unknown_data_at(cp + 2, (olen << 3) - 2, "\n\t  ")?;
            return Ok(true);
        }
        if c.vflag > 1 {
            c.unknown_data_at(cp + 2, (olen << 3) - 2, "\n\t    ")?;
        }
        cp += olen << 3;
        resid -= (olen << 3) as i64;
    }
    Ok(true)
}

/// One option's data (`ty`, `olen` units of 8 bytes at `cp`; `bp` the first option).
/// `Ok(false)` when it is cut short.
fn icmp6_opt<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    cp: usize,
    ty: u8,
    olen: usize,
) -> R<bool> {
    match ty {
        1 | 2 => {
            let l = (olen << 3) - 2;
            for i in 0..l {
                if i > 0 {
                    c.s(":")?;
                }
                let b = c.u8(cp + 2 + i)?;
                fmtx::hex2(c.out, b)?;
            }
        }
        3 => {
            c.ip6_at(cp + 16)?;
            c.s("/")?;
            let plen = c.u8(cp + 2)?;
            c.d(plen)?;
            if olen != 4 {
                c.s("badlen")?;
            }
            c.s(", Flags [")?;
            let f = c.u8(cp + 3)?;
            tok::bittok2str(c.out, PREFIX_FLAGS, f.into(), "none")?;
            c.s("], valid time ")?;
            let v = c.be32(cp + 4)?;
            lifetime(c, v)?;
            c.s(", pref. time ")?;
            let v = c.be32(cp + 8)?;
            lifetime(c, v)?;
        }
        4 => c.unknown_data_at(bp, olen << 3, "\n\t    ")?,
        5 => {
            let m = c.be32(cp + 4)?;
            c.s(" ")?;
            c.d(m)?;
            if olen != 1 {
                c.s("bad option length")?;
            }
        }
        25 => {
            let life = c.be32(cp + 4)?;
            c.s(" lifetime ")?;
            c.d(life)?;
            c.s("s,")?;
            for i in 0..(olen - 1) / 2 {
                c.s(" addr: ")?;
                c.ip6_at(cp + 8 + 16 * i)?;
            }
        }
        31 => {
            let life = c.be32(cp + 4)?;
            c.s(" lifetime ")?;
            c.d(life)?;
            c.s("s, domain(s):")?;
            let end = cp + (olen << 3);
            let mut d = cp + 8;
            while d < end && c.u8(d)? != 0 {
                c.s(" ")?;
                match fqdn(c, d, bp)? {
                    Some(n) => d = n,
                    None => return Ok(false),
                }
            }
        }
        7 => {
            let v = c.be32(cp + 4)?;
            c.s(" ")?;
            c.d(v)?;
            c.s("ms")?;
        }
        8 => {
            let p = c.be16(cp + 4)?;
            let l = c.be16(cp + 6)?;
            c.s(" preference ")?;
            c.d(p)?;
            c.s(", lifetime ")?;
            c.d(l)?;
        }
        24 => {
            if !c.test(cp + 4, 4) {
                return Ok(false);
            }
            let mut a = [0u8; 16];
            match olen {
                1 => {}
                2 => a[..8].copy_from_slice(c.bytes(cp + 8, 8)?),
                3 => a.copy_from_slice(c.bytes(cp + 8, 16)?),
                _ => return Ok(false),
            }
            c.s(" ")?;
            fmtx::ipv6(c.out, &a)?;
            c.s("/")?;
            let plen = c.u8(cp + 2)?;
            c.d(plen)?;
            c.s(", pref=")?;
            let f = c.u8(cp + 3)?;
            c.s(rtpref(f))?;
            c.s(", lifetime=")?;
            let v = c.be32(cp + 4)?;
            lifetime(c, v)?;
        }
        _ => {}
    }
    Ok(true)
}

/// `get_lifetime`: `infinity` or `Ns`.
fn lifetime<W: Write>(c: &mut Cursor<'_, W>, v: u32) -> R {
    if v == u32::MAX {
        return c.s("infinity");
    }
    c.d(v)?;
    c.s("s")
}

/// `-v`: an MLDv2 query's S flag, robustness variable and query interval.
#[cold]
#[inline(never)]
fn mldv2_query_flags<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    let f = c.u8(bp + 24)?;
    if f & 0x08 != 0 {
        c.s(" sflag")?;
    }
    if f & 0x07 != 0 {
        c.s(" robustness=")?;
        c.d(f & 0x07)?;
    }
    let q = c.u8(bp + 25)? as u32;
    let qqi = if q < 128 {
        q
    } else {
        ((q & 0x0f) | 0x10) << (((q & 0x70) >> 4) + 3)
    };
    c.s(" qqi=")?;
    c.d(qqi)
}

/// `-v`: the group records of an MLDv2 report of `len` bytes at `bp` (`n` of them).
#[cold]
#[inline(never)]
fn mldv2_records<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32, n: u16) -> R {
    let len = len as usize;
    let mut group = 8usize;
    for _ in 0..n {
        if len < group + 20 {
            return c.s(" [invalid number of groups]");
        }
        sep_ip6(c, " [gaddr ", bp + group + 4)?;
        let ty = c.u8(bp + group)?;
        c.s(" ")?;
        match ty {
            1 => c.s("is_in")?,
            2 => c.s("is_ex")?,
            3 => c.s("to_in")?,
            4 => c.s("to_ex")?,
            5 => c.s("allow")?,
            6 => c.s("block")?,
            _ => {
                c.s(" [v2-report-#")?;
                c.d(ty)?;
                c.s("]")?;
            }
        }
        let nsrcs = c.be16(bp + group + 2)? as usize;
        if len < group + 20 + nsrcs * 16 {
            c.s(" [invalid number of sources ")?;
            c.d(nsrcs as u64)?;
            return c.s("]");
        }
        if c.vflag == 1 {
            c.s(", ")?;
            c.d(nsrcs as u64)?;
            c.s(" source(s)")?;
        } else {
            c.s(" {")?;
            for j in 0..nsrcs {
                sep_ip6(c, " ", bp + group + 20 + 16 * j)?;
            }
            c.s(" }")?;
        }
        group += 20 + nsrcs * 16;
        c.s("]")?;
    }
    Ok(())
}

/// Destination unreachable: the code and the quoted datagram at `oip`; `Ok(false)` when
/// it ended with a hex dump (an unknown code), without the length.
fn icmp6_unreach<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    oip: usize,
    code: u8,
    length: u32,
) -> R<bool> {
    c.s(", ")?;
    match code {
        0 => c.s("unreachable route")?,
        1 => c.s(" unreachable prohibited")?,
        2 => c.s("beyond scope")?,
        3 => c.s("unreachable address")?,
        4 => c.s("unreachable port")?,
        _ => {
            c.s("unknown unreach code (")?;
            c.d(code)?;
            c.s(")")?;
        }
    }
    match code {
        0 | 1 | 3 => {
            let d = c.bytes(oip + ipv6::field::DST.start, 16)?;
            c.s(" ")?;
            fmtx::ipv6(c.out, d)?;
        }
        2 => {
            let d = c.bytes(oip + ipv6::field::DST.start, 16)?;
            let s = c.bytes(oip + ipv6::field::SRC.start, 16)?;
            c.s(" ")?;
            fmtx::ipv6(c.out, d)?;
            c.s(", source address ")?;
            fmtx::ipv6(c.out, s)?;
        }
        4 => {
            let Some((prot, uh)) = icmp6_upper(c, oip) else {
                return Err(Stop::Trunc);
            };
            let dport = c.be16(uh + udp::field::DST_PORT.start)?;
            let d = c.bytes(oip + ipv6::field::DST.start, 16)?;
            c.s(", ")?;
            fmtx::ipv6(c.out, d)?;
            match prot {
                6 => {
                    c.s(" tcp port ")?;
                    c.d(dport)?;
                }
                17 => {
                    c.s(" udp port ")?;
                    c.d(dport)?;
                }
                _ => {
                    c.s(" protocol ")?;
                    c.d(prot)?;
                    c.s(" port ")?;
                    c.d(dport)?;
                    c.s(" unreachable")?;
                }
            }
        }
        _ => {
            if c.vflag > 1 {
                return Ok(true);
            }
            c.unknown_data(bp, length as usize)?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// Parameter problem: what is wrong, and the pointer.
fn icmp6_param_prob<W: Write>(c: &mut Cursor<'_, W>, bp: usize, oip: usize, code: u8) -> R {
    if !c.test(oip + ipv6::field::DST.start, 16) {
        return Err(Stop::Trunc);
    }
    let what = match code {
        0 => Some(", erroneous - octet "),
        1 => Some(", next header - octet "),
        2 => Some(", option - octet "),
        3 => Some(", incomplete header chain - octet "),
        _ => None,
    };
    match what {
        Some(w) => {
            c.s(w)?;
            let v = c.be32(bp + icmpv6::field::PPTR.start)?;
            c.d(v)?;
        }
        None => {
            c.s(", code-#")?;
            c.d(code)?;
        }
    }
    Ok(())
}

/// Multicast listener query: MLDv1 (24 bytes) or MLDv2.
fn icmp6_mld_query<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    if length == 24 {
        mld6(c, bp)?;
    } else if length >= icmpv6::field::MLDV2_SOURCES as u32 {
        c.s(" v2")?;
        mldv2_query(c, bp, length)?;
    } else {
        c.s(" unknown-version (len ")?;
        c.d(length)?;
        c.s(") ")?;
    }
    Ok(())
}

pub(crate) fn mld6<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    if bp + icmpv6::field::MLD_ADDR.end > c.snapend {
        return Ok(());
    }
    let d = c.be16(bp + icmpv6::field::MLD_MAX_DELAY.start)?;
    c.s("max resp delay: ")?;
    c.d(d)?;
    c.s(" ")?;
    let a = c.bytes(bp + icmpv6::field::MLD_ADDR.start, 16)?;
    c.s("addr: ")?;
    fmtx::ipv6(c.out, a)?;
    Ok(())
}

pub(crate) fn mldv2_query<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    if len < icmpv6::field::MLDV2_SOURCES as u32 {
        c.s(" [invalid len ")?;
        c.d(len)?;
        return c.s("]");
    }
    let mrc = c.be16(bp + icmpv6::field::MLD_MAX_DELAY.start)? as u32;
    if c.vflag != 0 {
        let mrt = if mrc < 32768 {
            mrc
        } else {
            ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3)
        };
        c.s(" [max resp delay=")?;
        c.d(mrt)?;
        c.s("]")?;
    }
    let g = c.bytes(bp + icmpv6::field::MLD_ADDR.start, 16)?;
    c.s(" [gaddr ")?;
    fmtx::ipv6(c.out, g)?;
    if c.vflag != 0 {
        mldv2_query_flags(c, bp)?;
    }
    let nsrcs = c.be16(bp + icmpv6::field::MLDV2_NUM_SOURCES.start)? as u32;
    if nsrcs > 0 {
        if (len as u64) < icmpv6::field::MLDV2_SOURCES as u64 + nsrcs as u64 * 16 {
            c.s(" [invalid number of sources]")?;
        } else if c.vflag > 1 {
            c.s(" {")?;
            for i in 0..nsrcs as usize {
                sep_ip6(c, " ", bp + icmpv6::field::MLDV2_SOURCES + 16 * i)?;
            }
            c.s(" }")?;
        } else {
            c.s(", ")?;
            c.d(nsrcs)?;
            c.s(" source(s)")?;
        }
    }
    c.s("]")
}

pub(crate) fn icmp6_type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "destination unreachable",
        2 => "packet too big",
        3 => "time exceeded in-transit",
        4 => "parameter problem",
        128 => "echo request",
        129 => "echo reply",
        130 => "multicast listener query",
        131 => "multicast listener report",
        132 => "multicast listener done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        138 => "router renumbering",
        141 => "inverse neighbor solicitation",
        142 => "inverse neighbor advertisement",
        143 => "multicast listener report v2",
        144 => "ha discovery request",
        145 => "ha discovery reply",
        146 => "mobile router solicitation",
        147 => "mobile router advertisement",
        139 => "who-are-you request",
        140 => "who-are-you reply",
        201 => "mtrace message",
        200 => "mtrace response",
        155 => "RPL",
        _ => return None,
    })
}

/// A router advertisement's flags.
const RA_FLAGS: &Tok = &[
    (0x80, "managed"),
    (0x40, "other stateful"),
    (0x20, "home agent"),
    (0x02, "ipv6 only"),
];

/// A neighbour advertisement's flags.
const NA_FLAGS: &Tok = &[
    (0x8000_0000, "router"),
    (0x4000_0000, "solicited"),
    (0x2000_0000, "override"),
];

/// A prefix information option's flags.
const PREFIX_FLAGS: &Tok = &[(0x80, "onlink"), (0x40, "auto"), (0x20, "router")];

/// `get_rtpref`: the router preference bits of a flags byte.
fn rtpref(flags: u8) -> &'static str {
    ["medium", "high", "rsv", "low"][((flags & 0x18) >> 3) as usize]
}

/// The neighbour discovery option names tcpdump knows.
fn nd_opt_name(t: u8) -> &'static str {
    match t {
        1 => "source link-address",
        2 => "destination link-address",
        3 => "prefix info",
        4 => "redirected header",
        5 => "mtu",
        25 => "rdnss",
        31 => "dnssl",
        7 => "advertisement interval",
        8 => "homeagent information",
        24 => "route info",
        _ => "unknown",
    }
}
