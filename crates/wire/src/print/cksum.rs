//! The Internet checksum (RFC 1071) as `-v` checks it: over the IPv4 header, and over the
//! TCP, UDP, ICMP and ICMPv6 data with the pseudo-header of RFC 793 and RFC 8200 (the final
//! destination of a source route in it, as tcpdump's `ip_finddst` and `ip6_finddst` find it).
//! Only the verbose printers call these, so none of it is on the default path.

use core::fmt::Write;

use crate::frame::checksum::{combine, finish, sum};
use crate::frame::{ipv4, ipv6};
use crate::ip_proto;

use super::cursor::{Cursor, R};

/// `in_cksum_shouldbe`: the value the checksum field should hold, given the field's value and
/// what [`finish`] returned for the data with it.
pub(crate) fn shouldbe(field: u16, computed: u16) -> u16 {
    let mut s = u32::from(field) + u32::from(computed);
    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    s as u16
}

impl<'a, W: Write> Cursor<'a, W> {
    /// The checksum of the `len` bytes at `o` added to the partial sum `acc` (a
    /// [`sum`]), `None` when they are not all captured.
    pub(crate) fn cksum_over(&self, o: usize, len: usize, acc: u32) -> Option<u16> {
        let data = self.bytes(o, len).ok()?;
        Some(finish(combine(&[acc, sum(data)])))
    }

    /// `nextproto4_cksum` and `nextproto6_cksum`: the checksum of the `len` bytes at `o`
    /// carried in protocol `proto` by the IP header at `iph` (its version picks the
    /// pseudo-header), `None` when they are not all captured.
    pub(crate) fn cksum_l4(&self, iph: usize, o: usize, len: u32, proto: u8) -> R<Option<u16>> {
        let acc = if self.u8(iph)? >> 4 == 6 {
            let src = sum(self.bytes(iph + ipv6::field::SRC.start, 16)?);
            let dst = sum(self.ip6_final_dst(iph)?);
            combine(&[src, dst, len >> 16, len & 0xffff, u32::from(proto)])
        } else {
            let src = sum(self.bytes(iph + ipv4::field::SRC.start, 4)?);
            let dst = sum(self.ip4_final_dst(iph)?);
            combine(&[src, dst, len & 0xffff, u32::from(proto)])
        };
        Ok(self.cksum_over(o, len as usize, acc))
    }

    /// `ip_finddst`: the last address of a loose or strict source route option of the IPv4
    /// header at `iph`, or its destination.
    fn ip4_final_dst(&self, iph: usize) -> R<&'a [u8]> {
        let dst = self.bytes(iph + ipv4::field::DST.start, 4)?;
        let hlen = (self.u8(iph)? & 0x0f) as usize * 4;
        let mut left = hlen.saturating_sub(ipv4::HEADER_LEN);
        let mut cp = iph + ipv4::HEADER_LEN;
        while left != 0 {
            let t = self.u8(cp)?;
            let len = match t {
                0 => break,
                1 => 1,
                _ => self.u8(cp + 1)? as usize,
            };
            if len < 2 && t != 1 {
                break;
            }
            if left < len || !self.test(cp, len) {
                break;
            }
            if matches!(t, 131 | 137) && len >= 7 {
                return self.bytes(cp + len - 4, 4);
            }
            cp += len;
            left -= len;
        }
        Ok(dst)
    }

    /// `ip6_finddst`: the final destination of the first routing header of the IPv6 header
    /// at `iph` (after hop-by-hop, destination options, fragment and mobility headers), or
    /// its destination.
    fn ip6_final_dst(&self, iph: usize) -> R<&'a [u8]> {
        let mut dst = self.bytes(iph + ipv6::field::DST.start, 16)?;
        let mut nh = self.u8(iph + ipv6::field::NXT_HDR)?;
        let mut cp = iph;
        let mut advance = ipv6::HEADER_LEN;
        while cp < self.snapend {
            cp += advance;
            match nh {
                ip_proto::HOPOPTS
                | ip_proto::DSTOPTS
                | ip_proto::MOBILITY
                | ip_proto::MOBILE_OLD => {
                    advance = (self.u8(cp + 1)? as usize + 1) << 3;
                    nh = self.u8(cp)?;
                }
                ip_proto::FRAGMENT => {
                    advance = 8;
                    nh = self.u8(cp)?;
                }
                ip_proto::ROUTING => {
                    if !self.test(cp, 4) {
                        break;
                    }
                    let len = self.u8(cp + 1)? as usize;
                    match self.u8(cp + 2)? {
                        0 | 2 if len % 2 == 0 => {
                            for i in 0..len / 2 {
                                match self.bytes(cp + 8 + 16 * i, 16) {
                                    Ok(a) => dst = a,
                                    Err(_) => break,
                                }
                            }
                        }
                        4 if len % 2 == 0 => {
                            if let Ok(a) = self.bytes(cp + 8, 16) {
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
