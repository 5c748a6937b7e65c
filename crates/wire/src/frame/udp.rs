//! UDP datagrams (RFC 768).

use super::checksum::PseudoHeader;
use super::{check_len, get16, put16, Error, Field, Result};
use crate::ip_proto;

/// Field offsets of the UDP header.
pub mod field {
    use super::Field;
    /// The source port.
    pub const SRC_PORT: Field = 0..2;
    /// The destination port.
    pub const DST_PORT: Field = 2..4;
    /// The length, header included.
    pub const LENGTH: Field = 4..6;
    /// The checksum (0: none, over IPv4).
    pub const CHECKSUM: Field = 6..8;
}

/// The length of the UDP header.
pub const HEADER_LEN: usize = 8;

/// A checked view of a UDP datagram: the header is there.
#[derive(Debug, Clone, Copy)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Views `buffer`, checking it holds the header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), HEADER_LEN)?;
        Ok(Packet { buffer })
    }
    /// The source port.
    pub fn src_port(&self) -> u16 {
        get16(self.buffer.as_ref(), field::SRC_PORT.start)
    }
    /// The destination port.
    pub fn dst_port(&self) -> u16 {
        get16(self.buffer.as_ref(), field::DST_PORT.start)
    }
    /// The length field.
    pub fn len(&self) -> u16 {
        get16(self.buffer.as_ref(), field::LENGTH.start)
    }
    /// Whether the length field is zero (it never is in a valid datagram).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The checksum field.
    pub fn checksum(&self) -> u16 {
        get16(self.buffer.as_ref(), field::CHECKSUM.start)
    }
    /// The datagram as the length field gives it (clamped to the buffer).
    fn datagram(&self) -> &[u8] {
        let b = self.buffer.as_ref();
        &b[..usize::from(self.len()).clamp(HEADER_LEN, b.len())]
    }
    /// The payload, up to the length field.
    pub fn payload(&self) -> &[u8] {
        &self.datagram()[HEADER_LEN..]
    }
    /// Whether the checksum verifies under `ph` (an absent IPv4 checksum, 0, does).
    pub fn verify_checksum(&self, ph: &PseudoHeader) -> bool {
        if self.checksum() == 0 && matches!(ph, PseudoHeader::V4 { .. }) {
            return true;
        }
        ph.verify(ip_proto::UDP, self.datagram())
    }
}

/// The ports of a UDP header (length and checksum are computed on emit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The source port.
    pub src_port: u16,
    /// The destination port.
    pub dst_port: u16,
}

impl Repr {
    /// Reads a checked datagram, checking its length field and its checksum under `ph`.
    pub fn parse<T: AsRef<[u8]>>(p: &Packet<T>, ph: &PseudoHeader) -> Result<Repr> {
        let len = usize::from(p.len());
        if len < HEADER_LEN {
            return Err(Error::Malformed);
        }
        check_len(p.buffer.as_ref(), len)?;
        if !p.verify_checksum(ph) {
            return Err(Error::Malformed);
        }
        Ok(Repr {
            src_port: p.src_port(),
            dst_port: p.dst_port(),
        })
    }

    /// Writes the header and `payload` into the first `8 + payload.len()` bytes of `buf`, with
    /// the length and the checksum under `ph`.
    pub fn emit(&self, buf: &mut [u8], payload: &[u8], ph: &PseudoHeader) -> Result<()> {
        let len = HEADER_LEN + payload.len();
        check_len(buf, len)?;
        let len16 = u16::try_from(len).map_err(|_| Error::Malformed)?;
        let d = &mut buf[..len];
        put16(d, field::SRC_PORT.start, self.src_port);
        put16(d, field::DST_PORT.start, self.dst_port);
        put16(d, field::LENGTH.start, len16);
        put16(d, field::CHECKSUM.start, 0);
        d[HEADER_LEN..].copy_from_slice(payload);
        let c = match ph.checksum(ip_proto::UDP, d) {
            // RFC 768: a computed zero is sent as all ones.
            0 => 0xffff,
            c => c,
        };
        put16(d, field::CHECKSUM.start, c);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn round_trip_and_checksum() {
        let ph = PseudoHeader::V4 {
            src: Ipv4Addr::new(10, 0, 0, 1),
            dst: Ipv4Addr::new(10, 0, 0, 2),
        };
        let r = Repr {
            src_port: 40000,
            dst_port: 53,
        };
        let mut b = vec![0u8; 8 + 5];
        r.emit(&mut b, b"hello", &ph).unwrap();
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(Repr::parse(&p, &ph).unwrap(), r);
        assert_eq!(p.payload(), b"hello");
        b[12] ^= 1;
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(Repr::parse(&p, &ph), Err(Error::Malformed));
    }
}
