//! OSPFv3 at `-v` and `-vv` (tcpdump 4.99.3's `ospf6_print` with `ndo_vflag`): the router
//! and area IDs, then each packet type's fields; at `-vv` the neighbor lists, LSA headers,
//! requests and the LSAs of an update; the LLS block and the authentication trailer.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vutil::hex_w;
use crate::fmtx;
use crate::tok::{self, Tok};

/// The header length.
const HDR: usize = 16;
/// An LSA header's length.
const LSA_HDR: usize = 20;

const OPTIONS: &Tok = &[
    (0x01, "V6"),
    (0x02, "External"),
    (0x04, "Deprecated"),
    (0x08, "NSSA"),
    (0x10, "Router"),
    (0x20, "Demand Circuit"),
    (0x0100, "AFs Support"),
    (0x0200, "LLS"),
    (0x0400, "Authentication Trailer"),
];
const RLA_FLAGS: &Tok = &[
    (0x01, "ABR"),
    (0x02, "External"),
    (0x04, "Virtual-Link Endpoint"),
    (0x08, "Deprecated"),
    (0x10, "NSSA Translator"),
];
const ASLA_FLAGS: &Tok = &[
    (0x0400_0000, "External Type 2"),
    (0x0200_0000, "Forwarding"),
    (0x0100_0000, "Tag"),
];
const LSA_TYPES: &Tok = &[
    (1, "Router"),
    (2, "Network"),
    (3, "Inter-Area Prefix"),
    (4, "Inter-Area Router"),
    (5, "External"),
    (6, "Deprecated"),
    (7, "NSSA"),
    (8, "Link"),
    (9, "Intra-Area Prefix"),
    (10, "Intra-Area TE"),
    (11, "Grace"),
    (12, "Router Information"),
    (13, "Inter-AS-TE"),
    (14, "Layer 1 VPN"),
];
const SCOPES: &Tok = &[
    (0, "Link Local"),
    (0x2000, "Area Local"),
    (0x4000, "Domain Wide"),
];
const DD_FLAGS: &Tok = &[
    (0x04, "Init"),
    (0x02, "More"),
    (0x01, "Master"),
    (0x10, "IPv6 MTU"),
];
const PREFIX_OPTS: &Tok = &[
    (0x01, "No Unicast"),
    (0x02, "Local address"),
    (0x04, "Deprecated"),
    (0x08, "Propagate"),
    (0x10, "Down"),
    (0x20, "N-bit"),
];

/// `Ok(false)`: tcpdump's `goto trunc` / `return 1`.
type Walk = R<bool>;

/// `bittok2str` of `v` in `table`, `none` for no bit.
fn bits<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32) -> R {
    tok::bittok2str(c.out, table, v, "none")?;
    Ok(())
}

/// The rest of the `-v` form after `OSPFv3, TYPE, length N`: the packet at `bp`, `length`
/// bytes by the IP header.
#[cold]
#[inline(never)]
pub(crate) fn ospf6_verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    let datalen = c.be16(bp + 2)?;
    if u32::from(datalen) > length {
        c.s(" [len ")?;
        c.d(datalen)?;
        return c.s("]");
    }
    let end = bp + usize::from(datalen);
    c.bytes(bp + 4, 4)?;
    c.s("\n\tRouter-ID ")?;
    c.ip4_at(bp + 4)?;
    if c.be32(bp + 8)? != 0 {
        c.s(", Area ")?;
        c.ip4_at(bp + 8)?;
    } else {
        c.s(", Backbone Area")?;
    }
    let inst = c.u8(bp + 14)?;
    if inst != 0 {
        c.s(", Instance ")?;
        c.d(inst)?;
    }
    if c.u8(bp)? == 3 {
        let ok =
            decode(c, bp, end)? && trailer(c, bp, end, (length - u32::from(datalen)) as usize)?;
        if !ok {
            return c.trunc_here();
        }
    }
    Ok(())
}

/// `ospf6_print_ls_type`.
fn ls_type<W: Write>(c: &mut Cursor<'_, W>, t: u16, id: usize) -> R {
    c.bytes(id, 4)?;
    c.s("\n\t    ")?;
    c.s(tok::find(LSA_TYPES, (t & 0x1fff).into()).unwrap_or("Unknown"))?;
    c.s(" LSA (")?;
    c.d(t & 0x1fff)?;
    c.s("), ")?;
    c.s(tok::find(SCOPES, (t & 0x6000).into()).unwrap_or("Unknown"))?;
    c.s(" Scope")?;
    if t & 0x8000 != 0 {
        c.s(", transitive")?;
    }
    c.s(", LSA-ID ")?;
    c.ip4_at(id)
}

/// `ospf6_print_lshdr`.
fn lshdr<W: Write>(c: &mut Cursor<'_, W>, h: usize, end: usize) -> Walk {
    if h + LSA_HDR > end {
        return Ok(false);
    }
    c.bytes(h + 8, 4)?;
    let seq = c.be32(h + 12)?;
    let age = c.be16(h)?;
    let len = c.be16(h + 18)?;
    c.s("\n\t  Advertising Router ")?;
    c.ip4_at(h + 8)?;
    c.s(", seq 0x")?;
    hex_w(c, seq.into(), 8)?;
    c.s(", age ")?;
    c.d(age)?;
    c.s("s, length ")?;
    c.d(u64::from(len).wrapping_sub(LSA_HDR as u64))?;
    let t = c.be16(h + 2)?;
    ls_type(c, t, h + 4)?;
    Ok(true)
}

/// `ospf6_print_lsaprefix`: the bytes used, `None` for tcpdump's -1.
fn lsaprefix<W: Write>(c: &mut Cursor<'_, W>, p: usize, len: usize) -> R<Option<usize>> {
    if len < 4 {
        return Ok(None);
    }
    let len = len - 4;
    c.bytes(p, 4)?;
    let plen = c.u8(p)?;
    let words = usize::from(plen).div_ceil(32);
    if words * 4 > 16 {
        c.s(" bogus prefixlen /")?;
        c.d(plen)?;
        return Ok(None);
    }
    if len < words * 4 {
        return Ok(None);
    }
    let mut a = [0u8; 16];
    a[..words * 4].copy_from_slice(c.bytes(p + 4, words * 4)?);
    c.s("\n\t\t")?;
    fmtx::ipv6(c.out, &a)?;
    c.s("/")?;
    c.d(plen)?;
    let opt = c.u8(p + 1)?;
    if opt != 0 {
        c.s(", Options [")?;
        bits(c, PREFIX_OPTS, opt.into())?;
        c.s("]")?;
    }
    c.s(", metric ")?;
    c.d(c.be16(p + 2)?)?;
    Ok(Some(4 + words * 4))
}

/// `count` prefixes (or, `None`, as many as `len` holds) at `p`.
fn prefixes<W: Write>(
    c: &mut Cursor<'_, W>,
    mut p: usize,
    mut len: usize,
    count: Option<u32>,
) -> Walk {
    let mut left = count;
    loop {
        match left {
            Some(0) => return Ok(true),
            None if len == 0 => return Ok(true),
            _ => {}
        }
        let Some(n) = lsaprefix(c, p, len)? else {
            return Ok(false);
        };
        len -= n;
        p += n;
        if let Some(k) = left.as_mut() {
            *k -= 1;
        }
    }
}

/// `ospf6_print_lsa`.
fn lsa<W: Write>(c: &mut Cursor<'_, W>, l: usize, end: usize) -> Walk {
    if !lshdr(c, l, end)? {
        return Ok(false);
    }
    let length = usize::from(c.be16(l + 18)?);
    if length < LSA_HDR || l + length > end {
        return Ok(false);
    }
    let mut len = length - LSA_HDR;
    let t = l + LSA_HDR;
    match c.be16(l + 2)? {
        0x2001 => {
            if len < 4 {
                return Ok(false);
            }
            len -= 4;
            let o = c.be32(t)?;
            c.s("\n\t      Options [")?;
            bits(c, OPTIONS, o)?;
            let f = c.u8(t)?;
            c.s("], RLA-Flags [")?;
            bits(c, RLA_FLAGS, f.into())?;
            c.s("]")?;
            let mut r = t + 4;
            while len != 0 {
                if len < 16 {
                    return Ok(false);
                }
                len -= 16;
                c.bytes(r, 16)?;
                let head = match c.u8(r)? {
                    4 => "\n\t      Virtual Link: Neighbor Router-ID ",
                    1 => "\n\t      Neighbor Router-ID ",
                    2 => "\n\t      Neighbor Network-ID ",
                    x => {
                        c.s("\n\t      Unknown Router Links Type 0x")?;
                        c.x02(x)?;
                        return Ok(true);
                    }
                };
                c.s(head)?;
                c.ip4_at(r + 12)?;
                c.s("\n\t      Neighbor Interface-ID ")?;
                c.ip4_at(r + 8)?;
                c.s(", Interface ")?;
                c.ip4_at(r + 4)?;
                c.s(", metric ")?;
                c.d(c.be16(r + 2)?)?;
                r += 16;
            }
        }
        0x2002 => {
            if len < 4 {
                return Ok(false);
            }
            len -= 4;
            let o = c.be32(t)?;
            c.s("\n\t      Options [")?;
            bits(c, OPTIONS, o)?;
            c.s("]\n\t      Connected Routers:")?;
            let mut a = t + 4;
            while len != 0 {
                if len < 4 {
                    return Ok(false);
                }
                len -= 4;
                c.bytes(a, 4)?;
                c.s("\n\t\t")?;
                c.ip4_at(a)?;
                a += 4;
            }
        }
        0x2003 => {
            if len < 4 {
                return Ok(false);
            }
            len -= 4;
            let m = c.be32(t)? & 0x00ff_ffff;
            c.s(", metric ")?;
            c.d(m)?;
            return prefixes(c, t + 4, len, None);
        }
        0x4005 => {
            if len < 4 {
                return Ok(false);
            }
            len -= 4;
            let f = c.be32(t)?;
            c.s("\n\t     Flags [")?;
            bits(c, ASLA_FLAGS, f)?;
            c.s("] metric ")?;
            c.d(f & 0x00ff_ffff)?;
            let pp = t + 4;
            let Some(n) = lsaprefix(c, pp, len)? else {
                return Ok(false);
            };
            len -= n;
            let mut p = pp + n;
            if f & 0x0200_0000 != 0 {
                if len < 16 {
                    return Ok(false);
                }
                len -= 16;
                c.bytes(p, 16)?;
                c.s(" forward ")?;
                c.ip6_at(p)?;
                p += 16;
            }
            if f & 0x0100_0000 != 0 {
                if len < 4 {
                    return Ok(false);
                }
                len -= 4;
                c.bytes(p, 4)?;
                c.s(" tag ")?;
                c.ip4_at(p)?;
                p += 4;
            }
            if c.u8(pp + 2)? != 0 {
                if len < 4 {
                    return Ok(false);
                }
                c.bytes(p, 4)?;
                c.s(" RefLSID: ")?;
                c.ip4_at(p)?;
            }
        }
        8 => {
            if len < 4 {
                return Ok(false);
            }
            len -= 4;
            c.bytes(t, 4)?;
            let o = c.be32(t)?;
            c.s("\n\t      Options [")?;
            bits(c, OPTIONS, o)?;
            c.s("]")?;
            if len < 20 {
                return Ok(false);
            }
            len -= 20;
            let n = c.be32(t + 20)?;
            let pri = c.u8(t)?;
            c.bytes(t + 4, 16)?;
            c.s("\n\t      Priority ")?;
            c.d(pri)?;
            c.s(", Link-local address ")?;
            c.ip6_at(t + 4)?;
            c.s(", Prefixes ")?;
            c.d(n)?;
            c.s(":")?;
            return prefixes(c, t + 24, len, Some(n));
        }
        0x2009 => {
            if len < 4 {
                return Ok(false);
            }
            len -= 4;
            c.bytes(t + 8, 4)?;
            let lt = c.be16(t + 2)?;
            ls_type(c, lt, t + 4)?;
            if len < 2 {
                return Ok(false);
            }
            len -= 2;
            let n = c.be16(t)?;
            c.s("\n\t      Prefixes ")?;
            c.d(n)?;
            c.s(":")?;
            return prefixes(c, t + 12, len, Some(n.into()));
        }
        _ => {
            if !c.test(t, 0) {
                c.s("\n\t      Dissector error: print_unknown_data called with pointer past end of packet")?;
                return Ok(false);
            }
            c.unknown_data_at(t, len, "\n\t      ")?;
        }
    }
    Ok(true)
}

/// `ospf6_decode_v3`.
fn decode<W: Write>(c: &mut Cursor<'_, W>, op: usize, end: usize) -> Walk {
    let b = op + HDR;
    match c.u8(op + 1)? {
        1 => {
            let o = c.be32(b + 4)?;
            c.s("\n\tOptions [")?;
            bits(c, OPTIONS, o)?;
            c.s("]")?;
            let (hi, di) = (c.be16(b + 8)?, c.be16(b + 10)?);
            c.bytes(b, 4)?;
            let pri = c.u8(b + 4)?;
            c.s("\n\t  Hello Timer ")?;
            c.d(hi)?;
            c.s("s, Dead Timer ")?;
            c.d(di)?;
            c.s("s, Interface-ID ")?;
            c.ip4_at(b)?;
            c.s(", Priority ")?;
            c.d(pri)?;
            if c.be32(b + 12)? != 0 {
                c.s("\n\t  Designated Router ")?;
                c.ip4_at(b + 12)?;
            }
            if c.be32(b + 16)? != 0 {
                c.s(", Backup Designated Router ")?;
                c.ip4_at(b + 16)?;
            }
            if c.vflag > 1 {
                c.s("\n\t  Neighbor List:")?;
                let mut a = b + 20;
                while a < end {
                    c.bytes(a, 4)?;
                    c.s("\n\t    ")?;
                    c.ip4_at(a)?;
                    a += 4;
                }
            }
        }
        2 => {
            let o = c.be32(b)?;
            c.s("\n\tOptions [")?;
            bits(c, OPTIONS, o)?;
            let f = c.u8(b + 7)?;
            c.s("], DD Flags [")?;
            bits(c, DD_FLAGS, f.into())?;
            let (mtu, seq) = (c.be16(b + 4)?, c.be32(b + 8)?);
            c.s("], MTU ")?;
            c.d(mtu)?;
            c.s(", DD-Sequence 0x")?;
            hex_w(c, seq.into(), 8)?;
            if c.vflag > 1 {
                let mut h = b + 12;
                while h < end {
                    if !lshdr(c, h, end)? {
                        return Ok(false);
                    }
                    h += LSA_HDR;
                }
            }
        }
        3 if c.vflag > 1 => {
            let mut r = b;
            while r < end {
                c.bytes(r, 12)?;
                c.s("\n\t  Advertising Router ")?;
                c.ip4_at(r + 8)?;
                let t = c.be16(r + 2)?;
                ls_type(c, t, r + 4)?;
                r += 12;
            }
        }
        4 if c.vflag > 1 => {
            let mut n = c.be32(b)?;
            let mut l = b + 4;
            while l < end && n > 0 {
                n -= 1;
                if !lsa(c, l, end)? {
                    return Ok(false);
                }
                l += usize::from(c.be16(l + 18)?);
            }
        }
        5 if c.vflag > 1 => {
            let mut h = b;
            while h < end {
                if !lshdr(c, h, end)? {
                    return Ok(false);
                }
                h += LSA_HDR;
            }
        }
        _ => {}
    }
    Ok(true)
}

/// `ospf6_decode_v3_trailer`: the LLS block (Hello and DD with the L option) and the
/// authentication trailer in the `len` bytes after the packet at `cp`.
fn trailer<W: Write>(c: &mut Cursor<'_, W>, op: usize, cp: usize, len: usize) -> Walk {
    let lls = match c.u8(op + 1)? {
        1 => c.be32(op + HDR + 4)? & 0x0200 != 0,
        2 => c.be32(op + HDR)? & 0x0200 != 0,
        _ => false,
    };
    let mut llslen = 0;
    if lls && len > 0 {
        if len < 4 {
            return Ok(false);
        }
        let ck = c.be16(cp)?;
        c.s("\n\tLLS Checksum 0x")?;
        hex_w(c, ck.into(), 4)?;
        let dl = usize::from(c.be16(cp + 2)?);
        c.s(", Data Length ")?;
        c.d(dl as u64)?;
        if dl < 4 || dl > len {
            return Ok(false);
        }
        c.bytes(cp + 4, dl - 4)?;
        llslen = dl;
    }
    let (cp, len) = (cp + llslen, len - llslen);
    if len == 0 {
        return Ok(true);
    }
    if len < 16 {
        return Ok(false);
    }
    let at = c.be16(cp)?;
    c.s("\n\tAuthentication Type ")?;
    if at == 1 {
        c.s("HMAC")?;
    } else {
        c.s("unknown (0x")?;
        hex_w(c, at.into(), 4)?;
        c.s(")")?;
    }
    let al = usize::from(c.be16(cp + 2)?);
    c.s(", Length ")?;
    c.d(al as u64)?;
    if al < 16 || al > len {
        return Ok(false);
    }
    let said = c.be16(cp + 6)?;
    c.s(", SAID ")?;
    c.d(said)?;
    let hi = c.be32(cp + 8)?;
    c.s(", CSN 0x")?;
    hex_w(c, hi.into(), 8)?;
    let lo = c.be32(cp + 12)?;
    c.s(":")?;
    hex_w(c, lo.into(), 8)?;
    c.bytes(cp + 16, al - 16)?;
    if c.vflag > 1 {
        c.unknown_data_at(cp + 16, al - 16, "\n\tAuthentication Data ")?;
    }
    Ok(true)
}
