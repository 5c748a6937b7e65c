//! TCP segments (RFC 9293).

use super::checksum::PseudoHeader;
use super::{check_len, get16, get32, put16, put32, Error, Field, Result};
use crate::ip_proto;

/// Field offsets of the TCP header.
pub mod field {
    use super::Field;
    /// The source port.
    pub const SRC_PORT: Field = 0..2;
    /// The destination port.
    pub const DST_PORT: Field = 2..4;
    /// The sequence number.
    pub const SEQ_NUM: Field = 4..8;
    /// The acknowledgment number.
    pub const ACK_NUM: Field = 8..12;
    /// The data offset (high 4 bits, in 32-bit words).
    pub const DATA_OFF: usize = 12;
    /// The flags (CWR, ECE, URG, ACK, PSH, RST, SYN, FIN).
    pub const FLAGS: usize = 13;
    /// The window.
    pub const WIN_SIZE: Field = 14..16;
    /// The checksum.
    pub const CHECKSUM: Field = 16..18;
    /// The urgent pointer.
    pub const URGENT: Field = 18..20;
    /// Where the options start.
    pub const OPTIONS: usize = 20;
}

/// The length of a header without options.
pub const HEADER_LEN: usize = 20;

/// FIN.
pub const FIN: u8 = 0x01;
/// SYN.
pub const SYN: u8 = 0x02;
/// RST.
pub const RST: u8 = 0x04;
/// PSH.
pub const PSH: u8 = 0x08;
/// ACK.
pub const ACK: u8 = 0x10;
/// URG.
pub const URG: u8 = 0x20;
/// ECE.
pub const ECE: u8 = 0x40;
/// CWR.
pub const CWR: u8 = 0x80;

/// The flags as tcpdump's letters (`Flags [S.]`), in its order; the printer and the JSON
/// writer share it.
pub(crate) const FLAG_LETTERS: &crate::tok::Tok = &[
    (FIN as u32, "F"),
    (SYN as u32, "S"),
    (RST as u32, "R"),
    (PSH as u32, "P"),
    (ACK as u32, "."),
    (URG as u32, "U"),
    (ECE as u32, "E"),
    (CWR as u32, "W"),
];

/// A checked view of a TCP segment: the header, options included, is there.
#[derive(Debug, Clone, Copy)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Views `buffer`, checking it holds the fixed header, that the data offset is at least 5
    /// and that the header it gives is there.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = buffer.as_ref();
        check_len(b, HEADER_LEN)?;
        let hl = usize::from(b[field::DATA_OFF] >> 4) * 4;
        if hl < HEADER_LEN {
            return Err(Error::Malformed);
        }
        check_len(b, hl)?;
        Ok(Packet { buffer })
    }
    /// Views `buffer`, checking only that it holds the fixed 20-byte header: the header length
    /// may be anything, below 20 or past the buffer, as tcpdump shows such segments. The
    /// getters still never panic: [`Packet::options`] and [`Packet::payload`] are empty when
    /// the header length is below 20 or runs past the buffer.
    pub fn new_fixed_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), HEADER_LEN)?;
        Ok(Packet { buffer })
    }
    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }
    /// The source port.
    pub fn src_port(&self) -> u16 {
        get16(self.b(), field::SRC_PORT.start)
    }
    /// The destination port.
    pub fn dst_port(&self) -> u16 {
        get16(self.b(), field::DST_PORT.start)
    }
    /// The sequence number.
    pub fn seq(&self) -> u32 {
        get32(self.b(), field::SEQ_NUM.start)
    }
    /// The acknowledgment number.
    pub fn ack(&self) -> u32 {
        get32(self.b(), field::ACK_NUM.start)
    }
    /// The header length in bytes.
    pub fn header_len(&self) -> usize {
        usize::from(self.b()[field::DATA_OFF] >> 4) * 4
    }
    /// The flags byte.
    pub fn flags(&self) -> u8 {
        self.b()[field::FLAGS]
    }
    /// The window.
    pub fn window(&self) -> u16 {
        get16(self.b(), field::WIN_SIZE.start)
    }
    /// The checksum.
    pub fn checksum(&self) -> u16 {
        get16(self.b(), field::CHECKSUM.start)
    }
    /// The urgent pointer.
    pub fn urgent(&self) -> u16 {
        get16(self.b(), field::URGENT.start)
    }
    /// The options (empty when the header length is below 20 or runs past the buffer, which
    /// only a [`Packet::new_fixed_checked`] view allows).
    pub fn options(&self) -> &[u8] {
        self.b()
            .get(field::OPTIONS..self.header_len())
            .unwrap_or(&[])
    }
    /// The payload (empty when the header length is below 20 or runs past the buffer, which
    /// only a [`Packet::new_fixed_checked`] view allows).
    pub fn payload(&self) -> &[u8] {
        match self.header_len() {
            hl if hl < HEADER_LEN => &[],
            hl => self.b().get(hl..).unwrap_or(&[]),
        }
    }
    /// Whether the checksum over the whole buffer verifies under `ph`.
    pub fn verify_checksum(&self, ph: &PseudoHeader) -> bool {
        ph.verify(ip_proto::TCP, self.b())
    }
}

/// The fields of a TCP header (options are not kept; emit writes none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The source port.
    pub src_port: u16,
    /// The destination port.
    pub dst_port: u16,
    /// The sequence number.
    pub seq: u32,
    /// The acknowledgment number.
    pub ack: u32,
    /// The flags ([`SYN`], [`ACK`], ...).
    pub flags: u8,
    /// The window.
    pub window: u16,
    /// The urgent pointer.
    pub urgent: u16,
}

impl Repr {
    /// Reads a checked segment (the whole buffer is the segment), checking its checksum.
    pub fn parse<T: AsRef<[u8]>>(p: &Packet<T>, ph: &PseudoHeader) -> Result<Repr> {
        if !p.verify_checksum(ph) {
            return Err(Error::Malformed);
        }
        Ok(Repr {
            src_port: p.src_port(),
            dst_port: p.dst_port(),
            seq: p.seq(),
            ack: p.ack(),
            flags: p.flags(),
            window: p.window(),
            urgent: p.urgent(),
        })
    }

    /// Writes a 20-byte header and `payload` into the first `20 + payload.len()` bytes of
    /// `buf`, with the checksum under `ph`.
    pub fn emit(&self, buf: &mut [u8], payload: &[u8], ph: &PseudoHeader) -> Result<()> {
        let len = HEADER_LEN + payload.len();
        check_len(buf, len)?;
        let d = &mut buf[..len];
        put16(d, field::SRC_PORT.start, self.src_port);
        put16(d, field::DST_PORT.start, self.dst_port);
        put32(d, field::SEQ_NUM.start, self.seq);
        put32(d, field::ACK_NUM.start, self.ack);
        d[field::DATA_OFF] = ((HEADER_LEN / 4) as u8) << 4;
        d[field::FLAGS] = self.flags;
        put16(d, field::WIN_SIZE.start, self.window);
        put16(d, field::CHECKSUM.start, 0);
        put16(d, field::URGENT.start, self.urgent);
        d[HEADER_LEN..].copy_from_slice(payload);
        let c = ph.checksum(ip_proto::TCP, d);
        put16(d, field::CHECKSUM.start, c);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_checksum() {
        let ph = PseudoHeader::V6 {
            src: "2001:db8::1".parse().unwrap(),
            dst: "2001:db8::2".parse().unwrap(),
        };
        let r = Repr {
            src_port: 40000,
            dst_port: 443,
            seq: 1,
            ack: 2,
            flags: SYN | ACK,
            window: 512,
            urgent: 0,
        };
        let mut b = vec![0u8; 23];
        r.emit(&mut b, b"abc", &ph).unwrap();
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(Repr::parse(&p, &ph).unwrap(), r);
        assert_eq!(p.payload(), b"abc");
        b[0] ^= 1;
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(Repr::parse(&p, &ph), Err(Error::Malformed));
        b[12] = 0x40;
        assert!(Packet::new_checked(&b[..]).is_err());
        // The fixed header's view takes the header length as it is.
        let p = Packet::new_fixed_checked(&b[..]).unwrap();
        assert_eq!((p.header_len(), p.src_port()), (16, 40000 ^ 0x100));
        assert!(p.options().is_empty() && p.payload().is_empty());
        b[12] = 0xf0;
        let p = Packet::new_fixed_checked(&b[..]).unwrap();
        assert_eq!(p.header_len(), 60);
        assert!(p.options().is_empty() && p.payload().is_empty());
        assert!(Packet::new_fixed_checked(&b[..19]).is_err());
    }
}
