//! IPv4 headers (RFC 791).

use std::net::Ipv4Addr;

use super::checksum;
use super::{check_len, get16, put16, Error, Field, Result};

/// Field offsets of the IPv4 header.
pub mod field {
    use super::Field;
    /// Version (high 4 bits) and header length in 32-bit words (low 4 bits).
    pub const VER_IHL: usize = 0;
    /// Type of service (DSCP and ECN).
    pub const TOS: usize = 1;
    /// The total length, header included.
    pub const LENGTH: Field = 2..4;
    /// The identification.
    pub const IDENT: Field = 4..6;
    /// Flags (3 bits) and fragment offset in 8-byte units (13 bits).
    pub const FLG_OFF: Field = 6..8;
    /// Time to live.
    pub const TTL: usize = 8;
    /// The protocol of the payload.
    pub const PROTOCOL: usize = 9;
    /// The header checksum.
    pub const CHECKSUM: Field = 10..12;
    /// The source address.
    pub const SRC: Field = 12..16;
    /// The destination address.
    pub const DST: Field = 16..20;
}

/// The length of a header without options.
pub const HEADER_LEN: usize = 20;
/// The "don't fragment" flag of [`field::FLG_OFF`].
pub const DF: u16 = 0x4000;
/// The "more fragments" flag of [`field::FLG_OFF`].
pub const MF: u16 = 0x2000;
/// The fragment offset mask of [`field::FLG_OFF`].
pub const OFFMASK: u16 = 0x1fff;
/// The reserved ("evil") flag of [`field::FLG_OFF`].
pub const RF: u16 = 0x8000;

/// A checked view of an IPv4 packet: the header, options included, is there.
#[derive(Debug, Clone, Copy)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Views `buffer`, checking it holds the fixed header and the header length it gives, and
    /// that the header length is at least 20.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = buffer.as_ref();
        check_len(b, HEADER_LEN)?;
        let hl = usize::from(b[field::VER_IHL] & 0xf) * 4;
        if hl < HEADER_LEN {
            return Err(Error::Malformed);
        }
        check_len(b, hl)?;
        Ok(Packet { buffer })
    }
    /// Views `buffer`, checking only that it holds the fixed 20-byte header and that the header
    /// length is at least 20: options and payload may be cut short, as in a capture whose
    /// snapshot ended in the options. The getters still never panic: [`Packet::payload`] is
    /// empty and [`Packet::verify_checksum`] false when the header runs past the buffer.
    pub fn new_fixed_checked(buffer: T) -> Result<Self> {
        let b = buffer.as_ref();
        check_len(b, HEADER_LEN)?;
        if usize::from(b[field::VER_IHL] & 0xf) * 4 < HEADER_LEN {
            return Err(Error::Malformed);
        }
        Ok(Packet { buffer })
    }
    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }
    /// The version (4 in an IPv4 header).
    pub fn version(&self) -> u8 {
        self.b()[field::VER_IHL] >> 4
    }
    /// The header length in bytes.
    pub fn header_len(&self) -> usize {
        usize::from(self.b()[field::VER_IHL] & 0xf) * 4
    }
    /// The type of service byte.
    pub fn tos(&self) -> u8 {
        self.b()[field::TOS]
    }
    /// The total length.
    pub fn total_len(&self) -> u16 {
        get16(self.b(), field::LENGTH.start)
    }
    /// The identification.
    pub fn ident(&self) -> u16 {
        get16(self.b(), field::IDENT.start)
    }
    /// Whether DF is set.
    pub fn dont_frag(&self) -> bool {
        get16(self.b(), field::FLG_OFF.start) & DF != 0
    }
    /// Whether MF is set.
    pub fn more_frags(&self) -> bool {
        get16(self.b(), field::FLG_OFF.start) & MF != 0
    }
    /// The fragment offset in bytes.
    pub fn frag_offset(&self) -> u16 {
        (get16(self.b(), field::FLG_OFF.start) & OFFMASK) * 8
    }
    /// The time to live.
    pub fn ttl(&self) -> u8 {
        self.b()[field::TTL]
    }
    /// The payload's protocol.
    pub fn protocol(&self) -> u8 {
        self.b()[field::PROTOCOL]
    }
    /// The header checksum.
    pub fn checksum(&self) -> u16 {
        get16(self.b(), field::CHECKSUM.start)
    }
    /// The source address.
    pub fn src(&self) -> Ipv4Addr {
        let b = &self.b()[field::SRC];
        Ipv4Addr::new(b[0], b[1], b[2], b[3])
    }
    /// The destination address.
    pub fn dst(&self) -> Ipv4Addr {
        let b = &self.b()[field::DST];
        Ipv4Addr::new(b[0], b[1], b[2], b[3])
    }
    /// Whether the header checksum is right (false when the header runs past the buffer).
    pub fn verify_checksum(&self) -> bool {
        self.b()
            .get(..self.header_len())
            .is_some_and(checksum::verify)
    }
    /// The payload: after the header, up to the total length (or the end of the buffer).
    pub fn payload(&self) -> &[u8] {
        let b = self.b();
        let start = self.header_len().min(b.len());
        let end = usize::from(self.total_len()).clamp(start, b.len());
        &b[start..end]
    }
}

/// The fields of an IPv4 header without options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The source address.
    pub src: Ipv4Addr,
    /// The destination address.
    pub dst: Ipv4Addr,
    /// The payload's protocol ([`crate::ip_proto`]).
    pub protocol: u8,
    /// The length of the payload.
    pub payload_len: usize,
    /// Time to live.
    pub ttl: u8,
    /// Type of service.
    pub tos: u8,
    /// Identification.
    pub ident: u16,
    /// Don't fragment.
    pub dont_frag: bool,
}

impl Repr {
    /// Reads a checked packet: a version other than 4, a fragment or a bad checksum is
    /// [`Error::Malformed`], a total length past the buffer [`Error::Truncated`].
    pub fn parse<T: AsRef<[u8]>>(p: &Packet<T>) -> Result<Repr> {
        if p.version() != 4 || p.more_frags() || p.frag_offset() != 0 || !p.verify_checksum() {
            return Err(Error::Malformed);
        }
        let total = usize::from(p.total_len());
        if total < p.header_len() {
            return Err(Error::Malformed);
        }
        check_len(p.b(), total)?;
        Ok(Repr {
            src: p.src(),
            dst: p.dst(),
            protocol: p.protocol(),
            payload_len: total - p.header_len(),
            ttl: p.ttl(),
            tos: p.tos(),
            ident: p.ident(),
            dont_frag: p.dont_frag(),
        })
    }

    /// The length of the header [`Repr::emit`] writes.
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header, its checksum computed, into the first 20 bytes of `buf`; a payload of
    /// more than 65515 bytes is [`Error::Malformed`].
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_len(buf, HEADER_LEN)?;
        let total = u16::try_from(HEADER_LEN + self.payload_len).map_err(|_| Error::Malformed)?;
        let h = &mut buf[..HEADER_LEN];
        h[field::VER_IHL] = 0x45;
        h[field::TOS] = self.tos;
        put16(h, field::LENGTH.start, total);
        put16(h, field::IDENT.start, self.ident);
        put16(h, field::FLG_OFF.start, if self.dont_frag { DF } else { 0 });
        h[field::TTL] = self.ttl;
        h[field::PROTOCOL] = self.protocol;
        put16(h, field::CHECKSUM.start, 0);
        h[field::SRC].copy_from_slice(&self.src.octets());
        h[field::DST].copy_from_slice(&self.dst.octets());
        let c = checksum::checksum(h);
        put16(h, field::CHECKSUM.start, c);
        Ok(())
    }

    /// The pseudo-header of this packet's upper-layer checksum.
    pub fn pseudo_header(&self) -> checksum::PseudoHeader {
        checksum::PseudoHeader::V4 {
            src: self.src,
            dst: self.dst,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ip_proto;

    #[test]
    fn round_trip_and_checksum() {
        let r = Repr {
            src: Ipv4Addr::new(192, 168, 0, 1),
            dst: Ipv4Addr::new(192, 168, 0, 199),
            protocol: ip_proto::UDP,
            payload_len: 95,
            ttl: 64,
            tos: 0,
            ident: 0,
            dont_frag: true,
        };
        let mut b = vec![0u8; 20 + 95];
        r.emit(&mut b).unwrap();
        // The header of the RFC 1071 example in checksum.rs.
        assert_eq!(&b[10..12], &[0xb8, 0x61]);
        let p = Packet::new_checked(&b[..]).unwrap();
        assert!(p.verify_checksum());
        assert_eq!(Repr::parse(&p).unwrap(), r);
        assert_eq!(p.payload().len(), 95);
        b[8] = 63;
        assert_eq!(
            Repr::parse(&Packet::new_checked(&b[..]).unwrap()),
            Err(Error::Malformed)
        );
        assert_eq!(
            Packet::new_checked(&b[..19]).map(|_| ()),
            Err(Error::Truncated)
        );
    }

    #[test]
    fn fixed_header_view_with_the_options_cut() {
        let mut b = [0u8; 24];
        b[0] = 0x46; // a 24-byte header: one word of options
        b[2..4].copy_from_slice(&100u16.to_be_bytes());
        b[9] = ip_proto::UDP;
        assert_eq!(
            Packet::new_checked(&b[..22]).map(|_| ()),
            Err(Error::Truncated)
        );
        let p = Packet::new_fixed_checked(&b[..22]).unwrap();
        assert_eq!((p.header_len(), p.total_len()), (24, 100));
        assert_eq!(p.protocol(), ip_proto::UDP);
        assert!(p.payload().is_empty());
        assert!(!p.verify_checksum());
        b[0] = 0x44;
        assert_eq!(
            Packet::new_fixed_checked(&b[..]).map(|_| ()),
            Err(Error::Malformed)
        );
    }
}
