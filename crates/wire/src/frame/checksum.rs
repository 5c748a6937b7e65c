//! The Internet checksum (RFC 1071) and the IPv4 and IPv6 pseudo-headers of UDP, TCP and ICMPv6.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The one's-complement sum of `data` as big-endian 16-bit words (an odd last byte is padded with
/// zero), not yet folded: add several with [`combine`], then [`finish`].
pub fn sum(data: &[u8]) -> u32 {
    let mut acc: u64 = 0;
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        acc += u64::from(u16::from_be_bytes([c[0], c[1]]));
    }
    if let [last] = chunks.remainder() {
        acc += u64::from(*last) << 8;
    }
    fold64(acc)
}

fn fold64(mut acc: u64) -> u32 {
    while acc > 0xffff_ffff {
        acc = (acc & 0xffff_ffff) + (acc >> 32);
    }
    acc as u32
}

/// Adds partial sums from [`sum`].
pub fn combine(parts: &[u32]) -> u32 {
    fold64(parts.iter().map(|&p| u64::from(p)).sum())
}

/// Folds a partial sum to 16 bits and complements it: the value to store in a checksum field.
pub fn finish(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    !(acc as u16)
}

/// The checksum of `data` alone (the IPv4 header checksum and the ICMP checksum).
pub fn checksum(data: &[u8]) -> u16 {
    finish(sum(data))
}

/// Whether `data`, its checksum field included, sums to the all-ones value a correct checksum
/// gives.
pub fn verify(data: &[u8]) -> bool {
    finish(sum(data)) == 0
}

/// The addresses of the IP header an upper-layer checksum covers through its pseudo-header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PseudoHeader {
    /// IPv4: source, destination (RFC 768, RFC 793).
    V4 {
        /// The source address.
        src: Ipv4Addr,
        /// The destination address.
        dst: Ipv4Addr,
    },
    /// IPv6: source, destination (RFC 8200 section 8.1).
    V6 {
        /// The source address.
        src: Ipv6Addr,
        /// The destination address.
        dst: Ipv6Addr,
    },
}

impl PseudoHeader {
    /// The partial sum of the pseudo-header for an upper-layer packet of `len` bytes of protocol
    /// `proto`.
    pub fn sum(&self, proto: u8, len: u32) -> u32 {
        let (a, b) = match self {
            PseudoHeader::V4 { src, dst } => (sum(&src.octets()), sum(&dst.octets())),
            PseudoHeader::V6 { src, dst } => (sum(&src.octets()), sum(&dst.octets())),
        };
        let len = match self {
            PseudoHeader::V4 { .. } => len & 0xffff,
            PseudoHeader::V6 { .. } => (len >> 16) + (len & 0xffff),
        };
        combine(&[a, b, u32::from(proto), len])
    }

    /// The checksum of an upper-layer packet `data` (its checksum field zero) of protocol
    /// `proto`.
    pub fn checksum(&self, proto: u8, data: &[u8]) -> u16 {
        finish(combine(&[self.sum(proto, data.len() as u32), sum(data)]))
    }

    /// Whether the upper-layer packet `data`, checksum field included, verifies.
    pub fn verify(&self, proto: u8, data: &[u8]) -> bool {
        finish(combine(&[self.sum(proto, data.len() as u32), sum(data)])) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_example() {
        // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
        let d = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(finish(sum(&d)), !0xddf2);
        assert_eq!(sum(&[1, 2, 3]), 0x0102 + 0x0300);
    }

    #[test]
    fn a_known_ipv4_header() {
        // From Wikipedia's IPv4 header checksum example.
        let h = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(checksum(&h), 0xb861);
        let mut h2 = h;
        h2[10..12].copy_from_slice(&0xb861u16.to_be_bytes());
        assert!(verify(&h2));
    }
}
