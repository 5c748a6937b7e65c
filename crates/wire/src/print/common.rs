//! The helpers more than one protocol printer uses, kept here so that no protocol file
//! reaches into another: the `address.port > address.port: ` prefix of TCP and UDP, the
//! Internet checksums `-v` checks, domain names (DNS, and ICMPv6's DNSSL option), tcpdump's
//! `unsigned_relts_print`, and the hand-over of an encapsulated Ethernet frame.
//!
//! The checksums are the Internet checksum (RFC 1071) as `-v` checks it: over the IPv4
//! header, and over the TCP, UDP, ICMP and ICMPv6 data with the pseudo-header of RFC 793 and
//! RFC 8200 (the final destination of a source route in it, as tcpdump's `ip_finddst` and
//! `ip6_finddst` find it). Only the verbose printers call them, so none of it is on the
//! default path.

use core::fmt::Write;

use crate::fmtx;
use crate::frame::checksum::{combine, finish, sum};
use crate::frame::{ipv4, ipv6};
use crate::ip_proto;

use super::cursor::{Cursor, R};
use super::next::{off, Next};

// The address and port prefix.

/// `src > dst` from the IPv4 or IPv6 (`v6`) header at `iph`: what TCP and UDP print when
/// their ports are not captured.
pub(crate) fn addr_pair<W: Write>(c: &mut Cursor<'_, W>, iph: usize, v6: bool) -> R {
    if v6 {
        c.ip6_at(iph + ipv6::field::SRC.start)?;
        c.s(" > ")?;
        c.ip6_at(iph + ipv6::field::DST.start)
    } else {
        c.ip4_at(iph + ipv4::field::SRC.start)?;
        c.s(" > ")?;
        c.ip4_at(iph + ipv4::field::DST.start)
    }
}

/// `src.sport > dst.dport: ` (`tcpipaddr_print`, `udpipaddr_print`) from the IPv4 or IPv6
/// (`v6`) header at `iph`, through the address cache's whole-flow text when there is one; the
/// ports alone when the header's protocol is not `proto` (the segment is inside another
/// header).
pub(crate) fn addrs_and_ports<W: Write>(
    c: &mut Cursor<'_, W>,
    iph: usize,
    v6: bool,
    proto: u8,
    sport: u16,
    dport: u16,
) -> R {
    let direct = if v6 {
        c.u8(iph + ipv6::field::NXT_HDR)?
    } else {
        c.u8(iph + ipv4::field::PROTOCOL)?
    } == proto;
    if direct {
        let (s, d, n) = if v6 {
            (
                iph + ipv6::field::SRC.start,
                iph + ipv6::field::DST.start,
                16,
            )
        } else {
            (
                iph + ipv4::field::SRC.start,
                iph + ipv4::field::DST.start,
                4,
            )
        };
        if c.test(s, n) && c.test(d, n) && c.port_names.is_none() {
            if let Some(cache) = c.names.as_deref_mut() {
                cache.flow(c.out, &c.p[s..s + n], &c.p[d..d + n], sport, dport)?;
                return Ok(());
            }
        }
        if v6 {
            c.ip6_at(iph + ipv6::field::SRC.start)?;
            c.s(".")?;
            port(c, proto, sport)?;
            c.s(" > ")?;
            c.ip6_at(iph + ipv6::field::DST.start)?;
        } else {
            c.ip4_at(iph + ipv4::field::SRC.start)?;
            c.s(".")?;
            port(c, proto, sport)?;
            c.s(" > ")?;
            c.ip4_at(iph + ipv4::field::DST.start)?;
        }
        c.s(".")?;
        port(c, proto, dport)?;
        c.s(": ")
    } else {
        port(c, proto, sport)?;
        c.s(" > ")?;
        port(c, proto, dport)?;
        c.s(": ")
    }
}

/// A TCP or UDP port: its name when names are on and it has one (`tcpport_string`,
/// `udpport_string`), else its number.
#[inline(always)]
fn port<W: Write>(c: &mut Cursor<'_, W>, proto: u8, port: u16) -> R {
    let name = match (c.port_names, proto) {
        (Some(t), crate::ip_proto::TCP) => t.tcp(port),
        (Some(t), crate::ip_proto::UDP) => t.udp(port),
        _ => None,
    };
    match name {
        Some(n) => c.s(n),
        None => c.d(port),
    }
}

// Encapsulated frames.

/// `ether_print` of an encapsulated frame at `p`, `length` bytes on the wire (VXLAN, OTV,
/// VXLAN-GPE, Geneve and GRE carry them).
pub(crate) fn inner_ether<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    let caplen = c.avail(p) as u32;
    c.then(Next::ether(off(p), length, caplen))
}

// The checksums of `-v`.

/// `in_cksum_shouldbe`: the value the checksum field should hold, given the field's value and
/// what [`finish`] returned for the data with it.
pub(crate) fn shouldbe(field: u16, computed: u16) -> u16 {
    let mut s = u32::from(field) + u32::from(computed);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    s as u16
}

/// The checksum of the `len` bytes at `o` added to the partial sum `acc` (a
/// [`sum`]), `None` when they are not all captured.
pub(crate) fn cksum_over<'a, W: Write>(
    c: &Cursor<'a, W>,
    o: usize,
    len: usize,
    acc: u32,
) -> Option<u16> {
    let data = c.bytes(o, len).ok()?;
    Some(finish(combine(&[acc, sum(data)])))
}

/// `nextproto4_cksum` and `nextproto6_cksum`: the checksum of the `len` bytes at `o`
/// carried in protocol `proto` by the IP header at `iph` (its version picks the
/// pseudo-header), `None` when they are not all captured.
pub(crate) fn cksum_l4<'a, W: Write>(
    c: &Cursor<'a, W>,
    iph: usize,
    o: usize,
    len: u32,
    proto: u8,
) -> R<Option<u16>> {
    let acc = if c.u8(iph)? >> 4 == 6 {
        let src = sum(c.bytes(iph + ipv6::field::SRC.start, 16)?);
        let dst = sum(ip6_final_dst(c, iph)?);
        combine(&[src, dst, len >> 16, len & 0xffff, u32::from(proto)])
    } else {
        let src = sum(c.bytes(iph + ipv4::field::SRC.start, 4)?);
        let dst = sum(ip4_final_dst(c, iph)?);
        combine(&[src, dst, len & 0xffff, u32::from(proto)])
    };
    Ok(cksum_over(c, o, len as usize, acc))
}

/// [`cksum_l4`] over the first `cov` of the `len` bytes only (DCCP's checksum coverage; the
/// pseudo-header still carries `len`).
pub(crate) fn cksum_l4_cov<'a, W: Write>(
    c: &Cursor<'a, W>,
    iph: usize,
    o: usize,
    len: u32,
    cov: u32,
    proto: u8,
) -> R<Option<u16>> {
    let acc = if c.u8(iph)? >> 4 == 6 {
        let src = sum(c.bytes(iph + ipv6::field::SRC.start, 16)?);
        let dst = sum(ip6_final_dst(c, iph)?);
        combine(&[src, dst, len >> 16, len & 0xffff, u32::from(proto)])
    } else {
        let src = sum(c.bytes(iph + ipv4::field::SRC.start, 4)?);
        let dst = sum(ip4_final_dst(c, iph)?);
        combine(&[src, dst, len & 0xffff, u32::from(proto)])
    };
    Ok(cksum_over(c, o, cov as usize, acc))
}

/// `ip_finddst`: the last address of a loose or strict source route option of the IPv4
/// header at `iph`, or its destination.
fn ip4_final_dst<'a, W: Write>(c: &Cursor<'a, W>, iph: usize) -> R<&'a [u8]> {
    let dst = c.bytes(iph + ipv4::field::DST.start, 4)?;
    let hlen = (c.u8(iph)? & 0x0f) as usize * 4;
    let mut left = hlen.saturating_sub(ipv4::HEADER_LEN);
    let mut cp = iph + ipv4::HEADER_LEN;
    while left != 0 {
        let t = c.u8(cp)?;
        let len = match t {
            0 => break,
            1 => 1,
            _ => c.u8(cp + 1)? as usize,
        };
        if len < 2 && t != 1 {
            break;
        }
        if left < len || !c.test(cp, len) {
            break;
        }
        if matches!(t, 131 | 137) && len >= 7 {
            return c.bytes(cp + len - 4, 4);
        }
        cp += len;
        left -= len;
    }
    Ok(dst)
}

/// `ip6_finddst`: the final destination of the first routing header of the IPv6 header
/// at `iph` (after hop-by-hop, destination options, fragment and mobility headers), or
/// its destination.
fn ip6_final_dst<'a, W: Write>(c: &Cursor<'a, W>, iph: usize) -> R<&'a [u8]> {
    let mut dst = c.bytes(iph + ipv6::field::DST.start, 16)?;
    let mut nh = c.u8(iph + ipv6::field::NXT_HDR)?;
    let mut cp = iph;
    let mut advance = ipv6::HEADER_LEN;
    while cp < c.snapend {
        cp += advance;
        match nh {
            ip_proto::HOPOPTS | ip_proto::DSTOPTS | ip_proto::MOBILITY | ip_proto::MOBILE_OLD => {
                advance = (c.u8(cp + 1)? as usize + 1) << 3;
                nh = c.u8(cp)?;
            }
            ip_proto::FRAGMENT => {
                advance = 8;
                nh = c.u8(cp)?;
            }
            ip_proto::ROUTING => {
                if !c.test(cp, 4) {
                    break;
                }
                let len = c.u8(cp + 1)? as usize;
                match c.u8(cp + 2)? {
                    0 | 2 if len % 2 == 0 => {
                        for i in 0..len / 2 {
                            match c.bytes(cp + 8 + 16 * i, 16) {
                                Ok(a) => dst = a,
                                Err(_) => break,
                            }
                        }
                    }
                    4 if len % 2 == 0 => {
                        if let Ok(a) = c.bytes(cp + 8, 16) {
                            dst = a;
                        }
                    }
                    _ => {}
                }
                break;
            }
            _ => break,
        }
    }
    Ok(dst)
}

// Domain names.

/// `labellen`: the label byte at `cp` and the label's length (`None` after printing why not).
fn labellen<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R<Option<(u8, usize)>> {
    let Ok(i) = c.u8(cp) else {
        return Ok(None);
    };
    match i & 0xc0 {
        0x40 => {
            let elt = i & 0x3f;
            if elt != 1 {
                c.s("<ELT ")?;
                c.d(elt)?;
                c.s(">")?;
                return Ok(None);
            }
            let Ok(b) = c.u8(cp + 1) else {
                return Ok(None);
            };
            let bitlen = if b == 0 { 256 } else { b as usize };
            Ok(Some((i, bitlen.div_ceil(8) + 1)))
        }
        0xc0 | 0x00 => Ok(Some((i, i as usize))),
        _ => {
            c.s("<BAD LABEL TYPE>")?;
            Ok(None)
        }
    }
}

/// `blabel_print`: an RFC 2673 bit-string label at `cp` (`\[x...]/N`); `Ok(false)` when it
/// is cut short.
fn blabel<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R<bool> {
    let Ok(b) = c.u8(cp) else {
        return Ok(false);
    };
    let bitlen = if b == 0 { 256 } else { b as usize };
    let slen = bitlen.div_ceil(4);
    let lim = cp + 1 + slen;
    c.s("\\[x")?;
    let mut bitp = cp + 1;
    let mut bits = bitlen;
    while bitp < lim && bits > 7 {
        let v = c.u8(bitp)?;
        fmtx::hex2(c.out, v)?;
        bits -= 8;
        bitp += 1;
    }
    if bits > 4 {
        let tc = c.u8(bitp)?;
        fmtx::hex2(c.out, tc & (0xffu32 << (8 - bits)) as u8)?;
    } else if bits > 0 {
        let tc = c.u8(bitp)?;
        fmtx::hex(c.out, (((tc >> 4) & 0x0f) & (0x0f << (4 - bits))) as u64)?;
    }
    c.s("/")?;
    c.d(bitlen as u64)?;
    c.s("]")?;
    Ok(true)
}

/// `fqdn_print`: prints a possibly compressed name; returns the offset after it in the record.
pub(crate) fn fqdn<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, bp: usize) -> R<Option<usize>> {
    let Some((mut i, mut l)) = labellen(c, cp)? else {
        return Ok(None);
    };
    let mut max_offset = cp.saturating_sub(bp);
    cp += 1;
    let mut rp: usize = 0;
    let mut compress = false;
    if i & 0xc0 != 0xc0 {
        rp = cp + l;
    }
    let mut name_chars = 0usize;
    if i != 0 {
        while i != 0 && cp < c.snapend {
            match i & 0xc0 {
                0xc0 => {
                    if !compress {
                        rp = cp + 1;
                        compress = true;
                    }
                    let Ok(lo) = c.u8(cp) else {
                        return Ok(None);
                    };
                    let offset = ((i as usize) << 8 | lo as usize) & 0x3fff;
                    if offset >= max_offset {
                        c.s("<BAD PTR>")?;
                        return Ok(None);
                    }
                    max_offset = offset;
                    cp = bp + offset;
                    let Some((ni, nl)) = labellen(c, cp)? else {
                        return Ok(None);
                    };
                    (i, l) = (ni, nl);
                    cp += 1;
                    continue;
                }
                0x40 => {
                    let elt = i & 0x3f;
                    if elt == 1 {
                        if !blabel(c, cp)? {
                            return Ok(None);
                        }
                    } else {
                        c.s("<ELT ")?;
                        c.d(elt)?;
                        c.s(">")?;
                        return Ok(None);
                    }
                }
                0x80 => {
                    c.s("<BAD LABEL TYPE>")?;
                    return Ok(None);
                }
                _ => {
                    if name_chars + l <= 255 {
                        if !c.printn(cp, l)? {
                            return Ok(None);
                        }
                    } else if name_chars < 255 && !c.printn(cp, 255 - name_chars)? {
                        return Ok(None);
                    }
                    name_chars += l;
                }
            }
            cp += l;
            if name_chars <= 255 {
                c.s(".")?;
            }
            name_chars += 1;
            let Some((ni, nl)) = labellen(c, cp)? else {
                return Ok(None);
            };
            (i, l) = (ni, nl);
            cp += 1;
            if !compress {
                rp += l + 1;
            }
        }
        if name_chars > 255 {
            c.s("<DOMAIN NAME TOO LONG>")?;
        }
    } else {
        c.s(".")?;
    }
    Ok(Some(rp))
}

// Times.

/// `unsigned_relts_print`: `1h2m3s`.
pub(crate) fn relts<W: Write>(c: &mut Cursor<'_, W>, mut secs: u32) -> R {
    if secs == 0 {
        return c.s("0s");
    }
    for (unit, n) in [
        ("y", 31_536_000u32),
        ("w", 604_800),
        ("d", 86_400),
        ("h", 3600),
        ("m", 60),
        ("s", 1),
    ] {
        if secs >= n {
            c.d(secs / n)?;
            c.s(unit)?;
            secs -= (secs / n) * n;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_example() {
        // RFC 1071 section 3's words sum to 0xddf2 (folded).
        let d = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(finish(sum(&d)), !0xddf2);
    }

    #[test]
    fn correct_header_sums_to_zero_and_shouldbe_restores_the_field() {
        let mut h = [
            0x45, 0, 0, 0x28, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, 192, 168, 1, 10, 10, 20, 30, 40,
        ];
        let c = finish(sum(&h));
        h[10..12].copy_from_slice(&c.to_be_bytes());
        assert_eq!(finish(sum(&h)), 0);
        // A wrong field: shouldbe gives back the right one.
        h[10..12].copy_from_slice(&0xbeefu16.to_be_bytes());
        assert_eq!(shouldbe(0xbeef, finish(sum(&h))), c);
    }

    #[test]
    fn odd_length_pads_the_last_byte() {
        assert_eq!(sum(&[0x12]), 0x1200);
        assert_eq!(sum(&[0x12, 0x34, 0x56]), 0x1234 + 0x5600);
    }
}
