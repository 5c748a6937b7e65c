//! BGP prefixes (plain, labelled, VPN, route-target, MDT, multicast VPN), route
//! distinguishers and extended communities. As in tcpdump, a prefix is printed only once all
//! of its bytes are read, so a truncated one prints nothing but the marker.

use core::fmt::Write;

use super::{asn, name, tables};
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// What decoding one prefix gave (tcpdump's `decode_*` return values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pfx {
    /// Printed, this many bytes long.
    Len(usize),
    /// `(illegal prefix length)` is the caller's to print (-1).
    Illegal,
    /// Bytes left, but not enough (-2 for the plain prefixes, -3 for the labelled ones).
    Short,
    /// Truncated (-2 of the labelled ones): the caller prints the marker.
    Trunc,
}

/// The `n` prefix bytes at `at` in an address of `N` bytes, the bits past `plen` cleared.
fn prefix_bytes<const N: usize, W: Write>(c: &Cursor<'_, W>, at: usize, plen: u32) -> R<[u8; N]> {
    let n = (plen as usize).div_ceil(8);
    let mut a = [0u8; N];
    a[..n].copy_from_slice(c.bytes(at, n)?);
    if plen % 8 != 0 {
        a[n - 1] &= ((0xff00u32 >> (plen % 8)) & 0xff) as u8;
    }
    Ok(a)
}

/// An IPv4 (`N` 4) or IPv6 (16) address.
fn addr<W: Write>(c: &mut Cursor<'_, W>, a: &[u8]) -> R {
    if a.len() == 4 {
        fmtx::ipv4(c.out, a)?;
    } else {
        fmtx::ipv6(c.out, a)?;
    }
    Ok(())
}

/// `decode_prefix4` / `decode_prefix6`: a prefix of an address of `N` bytes, `itemlen` bytes
/// at most, printed after `indent`.
pub(super) fn prefix<const N: usize, W: Write>(
    c: &mut Cursor<'_, W>,
    at: usize,
    itemlen: usize,
    indent: &str,
) -> R<Pfx> {
    if itemlen < 1 {
        return Ok(Pfx::Short);
    }
    let plen = u32::from(c.u8(at)?);
    if plen > 8 * N as u32 {
        return Ok(Pfx::Illegal);
    }
    let n = (plen as usize).div_ceil(8);
    if itemlen - 1 < n {
        return Ok(Pfx::Short);
    }
    let a = prefix_bytes::<N, W>(c, at + 1, plen)?;
    c.s(indent)?;
    addr(c, &a)?;
    c.s("/")?;
    c.d(plen)?;
    Ok(Pfx::Len(1 + n))
}

/// `, label:N (bottom)` of the label stack entry at `at`.
fn label<W: Write>(c: &mut Cursor<'_, W>, l: u32, bottom: bool) -> R {
    c.s(", label:")?;
    c.d(l >> 4)?;
    c.s(if bottom {
        " (bottom)"
    } else {
        " (BOGUS: Bottom of Stack NOT set!)"
    })
}

/// `decode_labeled_prefix4` / `decode_labeled_prefix6`.
pub(super) fn labeled<const N: usize, W: Write>(
    c: &mut Cursor<'_, W>,
    at: usize,
    itemlen: usize,
    indent: &str,
) -> R<Pfx> {
    if !c.test(at, 4) {
        return Ok(Pfx::Trunc);
    }
    if itemlen < 4 {
        return Ok(Pfx::Short);
    }
    let plen = u32::from(c.u8(at)?);
    if plen < 24 || plen - 24 > 8 * N as u32 {
        return Ok(Pfx::Illegal);
    }
    let plen = plen - 24;
    let n = (plen as usize).div_ceil(8);
    if N == 4 && itemlen - 4 < n {
        return Ok(Pfx::Short);
    }
    let a = prefix_bytes::<N, W>(c, at + 4, plen)?;
    let l = c.be24(at + 1)?;
    let bottom = c.u8(at + 3)? & 1 != 0;
    c.s(indent)?;
    addr(c, &a)?;
    c.s("/")?;
    c.d(plen)?;
    label(c, l, bottom)?;
    Ok(Pfx::Len(4 + n))
}

/// `bgp_vpn_rd_print`: the route distinguisher at `at` (its reads checked before printing).
pub(super) fn rd<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R {
    let b = c.bytes(at, 8)?;
    let b: [u8; 8] = b.try_into().unwrap_or([0; 8]);
    rd_to(c.out, &b, c.bflag)?;
    Ok(())
}

/// The route distinguisher `b` (8 bytes) written to `out`; `asdot` for `-b`.
pub(super) fn rd_to(out: &mut impl Write, b: &[u8; 8], asdot: bool) -> core::fmt::Result {
    let w = |i: usize| u64::from(u16::from_be_bytes([b[i], b[i + 1]]));
    let l = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    match u16::from_be_bytes([b[0], b[1]]) {
        0 => {
            fmtx::dec(out, w(2))?;
            out.write_str(":")?;
            fmtx::dec(out, l(4).into())?;
            out.write_str(" (= ")?;
            fmtx::ipv4(out, &b[4..8])?;
            out.write_str(")")
        }
        1 => {
            fmtx::ipv4(out, &b[2..6])?;
            out.write_str(":")?;
            fmtx::dec(out, w(6))
        }
        2 => {
            let a = l(2);
            if asdot && a > 0xffff {
                fmtx::dec(out, (a >> 16).into())?;
                out.write_str(".")?;
                fmtx::dec(out, (a & 0xffff).into())?;
            } else {
                fmtx::dec(out, a.into())?;
            }
            out.write_str(":")?;
            fmtx::dec(out, w(6))?;
            out.write_str(" (")?;
            fmtx::ipv4(out, &b[2..6])?;
            out.write_str(":")?;
            fmtx::dec(out, w(6))?;
            out.write_str(")")
        }
        _ => out.write_str("unknown RD format"),
    }
}

/// `decode_labeled_vpn_prefix4` / `decode_labeled_vpn_prefix6`.
pub(super) fn labeled_vpn<const N: usize, W: Write>(
    c: &mut Cursor<'_, W>,
    at: usize,
    indent: &str,
) -> R<Pfx> {
    let plen = u32::from(c.u8(at)?);
    if plen < 88 || plen - 88 > 8 * N as u32 {
        return Ok(Pfx::Illegal);
    }
    let plen = plen - 88;
    let a = prefix_bytes::<N, W>(c, at + 12, plen)?;
    c.bytes(at + 4, 8)?;
    let l = c.be24(at + 1)?;
    let bottom = c.u8(at + 3)? & 1 != 0;
    c.s(indent)?;
    c.s("RD: ")?;
    rd(c, at + 4)?;
    c.s(", ")?;
    addr(c, &a)?;
    c.s("/")?;
    c.d(plen)?;
    label(c, l, bottom)?;
    Ok(Pfx::Len(12 + (plen as usize).div_ceil(8)))
}

/// `decode_mdt_vpn_nlri`.
pub(super) fn mdt<W: Write>(c: &mut Cursor<'_, W>, at: usize, indent: &str) -> R<Pfx> {
    if c.u8(at)? != 128 {
        return Ok(Pfx::Illegal);
    }
    if !c.test(at + 1, 8) {
        return Ok(Pfx::Trunc);
    }
    c.bytes(at + 9, 8)?;
    c.s(indent)?;
    c.s("RD: ")?;
    rd(c, at + 1)?;
    c.s(", VPN IP Address: ")?;
    c.ip4_at(at + 9)?;
    c.s(", MC Group Address: ")?;
    c.ip4_at(at + 13)?;
    Ok(Pfx::Len(17))
}

/// The hex of a route-target prefix: two bytes to a group.
fn rt_hex<W: Write>(c: &mut Cursor<'_, W>, b: &[u8]) -> R {
    for (i, &x) in b.iter().enumerate() {
        c.x02(x)?;
        if i % 2 == 1 && i + 1 < b.len() {
            c.s(" ")?;
        }
    }
    Ok(())
}

/// `decode_rt_routing_info`: printed as it is read.
pub(super) fn rt_routing_info<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R<Pfx> {
    let plen = u32::from(c.u8(at)?);
    if plen == 0 {
        c.s("\n\t      default route target")?;
        return Ok(Pfx::Len(1));
    }
    if plen < 32 || plen - 32 > 64 {
        c.s("\n\t      (illegal prefix length)")?;
        return Ok(Pfx::Illegal);
    }
    let origin = c.be32(at + 1)?;
    let plen = plen - 32;
    let n = (plen as usize).div_ceil(8);
    let rt = prefix_bytes::<8, W>(c, at + 5, plen)?;
    c.s("\n\t      origin AS: ")?;
    asn(c, origin)?;
    c.s(", ")?;
    if plen == 0 {
        c.s("route-target: 0:0/0")?;
        return Ok(Pfx::Len(5));
    }
    let w = |i: usize| u16::from_be_bytes([rt[i], rt[i + 1]]);
    let l = |i: usize| u32::from_be_bytes([rt[i], rt[i + 1], rt[i + 2], rt[i + 3]]);
    if plen < 16 {
        c.s("route-target: partial-type: (")?;
        rt_hex(c, &rt[..n])?;
        c.s("/")?;
        c.d(plen)?;
        c.s(")")?;
        return Ok(Pfx::Len(5 + n));
    }
    match w(0) {
        0x0002 => {
            c.s("route-target: ")?;
            c.d(w(2))?;
            c.s(":")?;
            c.d(l(4))?;
        }
        0x0102 => {
            c.s("route-target: ")?;
            fmtx::ipv4(c.out, &rt[2..6])?;
            c.s(":")?;
            c.d(w(6))?;
        }
        0x0202 => {
            c.s("route-target: ")?;
            asn(c, l(2))?;
            c.s(":")?;
            c.d(w(6))?;
        }
        t => {
            c.s("route target: unknown-type(")?;
            crate::fmtx::hex_pad(c.out, u64::from(t), 4)?;
            c.s(") (")?;
            rt_hex(c, &rt[..n])?;
            c.s("/")?;
            c.d(plen)?;
            c.s(")")?;
            return Ok(Pfx::Len(5 + n));
        }
    }
    c.s("/")?;
    c.d(plen)?;
    c.s(" (")?;
    rt_hex(c, &rt[..n])?;
    c.s(")")?;
    Ok(Pfx::Len(5 + n))
}

/// tcpdump's text buffer for a prefix (`MAXHOSTNAMELEN + 100` bytes on Linux): what is
/// written past its 163 characters is lost.
pub(super) struct Text {
    buf: [u8; 163],
    len: usize,
}

impl Text {
    pub(super) fn new() -> Text {
        Text {
            buf: [0; 163],
            len: 0,
        }
    }

    /// The text kept (ASCII).
    pub(super) fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl Write for Text {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let b = s.as_bytes();
        let n = b.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&b[..n]);
        self.len += n;
        Ok(())
    }
}

/// `bgp_vpn_ip_print`: the address `bits` long at `at`, written to `t` once read.
fn vpn_ip<W: Write>(c: &Cursor<'_, W>, t: &mut Text, at: usize, bits: u32) -> R {
    match bits {
        32 => fmtx::ipv4(t, c.bytes(at, 4)?)?,
        128 => fmtx::ipv6(t, c.bytes(at, 16)?)?,
        _ => {
            t.write_str("bogus address length ")?;
            fmtx::dec(t, bits.into())?;
        }
    }
    Ok(())
}

/// The route distinguisher at `at` written to `t`.
fn rd_text<W: Write>(c: &Cursor<'_, W>, t: &mut Text, at: usize) -> R {
    let b: [u8; 8] = c.bytes(at, 8)?.try_into().unwrap_or([0; 8]);
    rd_to(t, &b, c.bflag)?;
    Ok(())
}

/// An AS number written to `t` (`-b`: ASDOT).
fn asn_text<W: Write>(c: &Cursor<'_, W>, t: &mut Text, v: u32) -> R {
    if c.bflag && v > 0xffff {
        fmtx::dec(t, (v >> 16).into())?;
        t.write_str(".")?;
        fmtx::dec(t, (v & 0xffff).into())?;
    } else {
        fmtx::dec(t, v.into())?;
    }
    Ok(())
}

/// `decode_multicast_vpn`: the text is built as tcpdump builds it and printed whole.
pub(super) fn multicast_vpn<W: Write>(c: &mut Cursor<'_, W>, at: usize, indent: &str) -> R<Pfx> {
    let ty = c.u8(at)?;
    let rlen = usize::from(c.u8(at + 1)?);
    let p = at + 2;
    let mut t = Text::new();
    t.write_str("Route-Type: ")?;
    t.write_str(tok::find(tables::MVPN_ROUTE_TYPE, ty.into()).unwrap_or("Unknown"))?;
    t.write_str(" (")?;
    fmtx::dec(&mut t, ty.into())?;
    t.write_str("), length: ")?;
    fmtx::dec(&mut t, rlen as u64)?;
    match ty {
        1 => {
            if !c.test(p, 8) {
                return Ok(Pfx::Trunc);
            }
            t.write_str(", RD: ")?;
            rd_text(c, &mut t, p)?;
            t.write_str(", Originator ")?;
            vpn_ip(c, &mut t, p + 8, (rlen.wrapping_sub(8) << 3) as u32)?;
        }
        2 | 6 | 7 => {
            if !c.test(p, 12) {
                return Ok(Pfx::Trunc);
            }
            t.write_str(", RD: ")?;
            rd_text(c, &mut t, p)?;
            t.write_str(", Source-AS ")?;
            let a = c.be32(p + 8)?;
            asn_text(c, &mut t, a)?;
            if ty != 2 {
                sg(c, &mut t, p + 12)?;
            }
        }
        3 | 5 => {
            if !c.test(p, 8) {
                return Ok(Pfx::Trunc);
            }
            t.write_str(", RD: ")?;
            rd_text(c, &mut t, p)?;
            let n = sg(c, &mut t, p + 8)?;
            if ty == 3 {
                let alen = rlen.wrapping_sub(n);
                if !c.test(p + 8, alen) {
                    return Ok(Pfx::Trunc);
                }
                t.write_str(", Originator ")?;
                vpn_ip(c, &mut t, p + 8, (alen << 3) as u32)?;
            }
        }
        _ => {}
    }
    c.s(indent)?;
    c.s(t.as_str())?;
    Ok(Pfx::Len(rlen + 2))
}

/// `bgp_vpn_sg_print`: `, Source S, Group G` written to `t`; the bytes used.
fn sg<W: Write>(c: &Cursor<'_, W>, t: &mut Text, mut p: usize) -> R<usize> {
    let mut total = 0;
    for what in [", Source ", ", Group "] {
        let bits = c.u8(p)?;
        p += 1;
        let n = usize::from(bits >> 3);
        if !c.test(p, n) {
            return Ok(total);
        }
        total += n + 1;
        if bits != 0 {
            t.write_str(what)?;
            vpn_ip(c, t, p, bits.into())?;
            p += n;
        }
    }
    Ok(total)
}

const OSPF_RTYPE: &Tok = tables::OSPF_RTYPE;

/// `bgp_extended_community_print`: the value of the extended community at `p` (8 bytes).
pub(super) fn extended_community<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    let ty = c.be16(p)?;
    let b = c.bytes(p, 8)?;
    let b: [u8; 8] = b.try_into().unwrap_or([0; 8]);
    let w = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let l = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    match ty {
        0x0002 | 0x0003 | 0x000a => {
            c.d(w(2))?;
            c.s(":")?;
            c.d(l(4))?;
            c.s(" (= ")?;
            fmtx::ipv4(c.out, &b[4..8])?;
            c.s(")")
        }
        0x0102 | 0x0103 | 0xf10a | 0x010b => {
            fmtx::ipv4(c.out, &b[2..6])?;
            c.s(":")?;
            c.d(w(6))
        }
        0x0202 | 0x0203 => {
            asn(c, l(2))?;
            c.s(":")?;
            c.d(w(6))
        }
        0x4004 => {
            let bw = f32::from_bits(l(4)) * 8.0 / 1_000_000.0;
            write!(c.out, "bandwidth: {:.3} Mbps", f64::from(bw))?;
            Ok(())
        }
        0x0005 | 0x0105 | 0x0205 | 0x8005 | 0x0107 | 0x8001 => {
            fmtx::ipv4(c.out, &b[2..6])?;
            Ok(())
        }
        0x0306 | 0x8000 => {
            c.s("area:")?;
            fmtx::ipv4(c.out, &b[2..6])?;
            c.s(", router-type:")?;
            tok::tok2str(
                c.out,
                tok::find(OSPF_RTYPE, b[6].into()),
                b[6].into(),
                tok::Unknown::hex2("unknown (0x", ")"),
            )?;
            c.s(", metric-type:")?;
            c.s(if b[7] & 1 != 0 { "E2" } else { "" })?;
            c.s(if b[6] == 5 || b[6] == 7 { "E1" } else { "" })
        }
        0x800a => {
            name(c, L2VPN_ENCAPS, b[2].into(), "unknown encaps")?;
            c.s(" Control Flags [0x")?;
            c.x02(b[3])?;
            c.s("]:MTU ")?;
            c.d(w(4))
        }
        0x0009 => {
            c.s("AS ")?;
            c.d(w(2))
        }
        0x030c => {
            c.s("Tunnel type: ")?;
            name(c, tables::ENCAP_TUNNEL, w(6).into(), "unknown encaps")
        }
        _ => {
            for &x in &b[2..8] {
                c.x02(x)?;
            }
            Ok(())
        }
    }
}

/// tcpdump's `l2vpn_encaps_values`.
const L2VPN_ENCAPS: &Tok = &[
    (0, "Reserved"),
    (1, "Frame Relay"),
    (2, "ATM AAL5 SDU VCC transport"),
    (3, "ATM transparent cell transport"),
    (4, "Ethernet (VLAN) Tagged Mode"),
    (5, "Ethernet Raw Mode"),
    (6, "Cisco HDLC"),
    (7, "PPP"),
    (8, "SONET/SDH Circuit Emulation Service over MPLS"),
    (9, "ATM n-to-one VCC cell transport"),
    (10, "ATM n-to-one VPC cell transport"),
    (11, "IP layer 2 transport"),
    (15, "Frame Relay Port mode"),
    (17, "Structure-agnostic E1 over packet"),
    (18, "Structure-agnostic T1 (DS1) over packet"),
    (19, "VPLS"),
    (20, "Structure-agnostic T3 (DS3) over packet"),
    (21, "Nx64kbit/s Basic Service using Structure-aware"),
    (25, "Frame Relay DLCI"),
    (40, "Structure-agnostic E3 over packet"),
    (
        41,
        "Octet-aligned playload for Structure-agnostic DS1 circuits",
    ),
    (42, "E1 Nx64kbit/s with CAS using Structure-aware"),
    (43, "DS1 (ESF) Nx64kbit/s with CAS using Structure-aware"),
    (44, "DS1 (SF) Nx64kbit/s with CAS using Structure-aware"),
];

/// `isonsap_string`: the `n` NSAP bytes at `at` (captured) in hex, a dot after the first
/// byte and after every two that follow.
pub(super) fn isonsap<W: Write>(c: &mut Cursor<'_, W>, at: usize, n: usize) -> R {
    if !(1..=20).contains(&n) {
        return c.s("isonsap_string: illegal length");
    }
    let b = c.bytes(at, n)?;
    isonsap_bytes(c, b)
}

/// [`isonsap`] of bytes already read.
fn isonsap_bytes<W: Write>(c: &mut Cursor<'_, W>, b: &[u8]) -> R {
    if !(1..=20).contains(&b.len()) {
        return c.s("isonsap_string: illegal length");
    }
    for (i, &x) in b.iter().enumerate() {
        c.x02(x)?;
        if i % 2 == 0 && i + 1 < b.len() {
            c.s(".")?;
        }
    }
    Ok(())
}

/// `decode_clnp_prefix`: its bytes read 4 bytes in, as tcpdump does, though it moves on by
/// one plus their count.
pub(super) fn clnp_prefix<W: Write>(c: &mut Cursor<'_, W>, at: usize, indent: &str) -> R<Pfx> {
    let plen = u32::from(c.u8(at)?);
    if plen > 152 {
        return Ok(Pfx::Illegal);
    }
    let n = (plen as usize).div_ceil(8);
    let a = prefix_bytes::<19, W>(c, at + 4, plen)?;
    c.s(indent)?;
    isonsap_bytes(c, &a[..n])?;
    c.s("/")?;
    c.d(plen)?;
    Ok(Pfx::Len(1 + n))
}

/// `decode_labeled_vpn_clnp_prefix`.
pub(super) fn labeled_vpn_clnp<W: Write>(c: &mut Cursor<'_, W>, at: usize, indent: &str) -> R<Pfx> {
    let plen = u32::from(c.u8(at)?);
    if plen < 88 || plen - 88 > 152 {
        return Ok(Pfx::Illegal);
    }
    let plen = plen - 88;
    let n = (plen as usize).div_ceil(8);
    let a = prefix_bytes::<19, W>(c, at + 12, plen)?;
    c.bytes(at + 4, 8)?;
    let l = c.be24(at + 1)?;
    let bottom = c.u8(at + 3)? & 1 != 0;
    c.s(indent)?;
    c.s("RD: ")?;
    rd(c, at + 4)?;
    c.s(", ")?;
    isonsap_bytes(c, &a[..n])?;
    c.s("/")?;
    c.d(plen)?;
    label(c, l, bottom)?;
    Ok(Pfx::Len(12 + n))
}
