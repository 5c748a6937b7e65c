//! DNS messages (RFC 1035): the header's field offsets and a checked view of it, shared by the
//! printer and [`crate::layers`].

use super::{check_len, get16, Result};

/// Field offsets of the DNS header (RFC 1035, 4.1.1).
pub mod field {
    /// The query id.
    pub const ID: usize = 0;
    /// QR, opcode, AA, TC, RD, RA, Z, AD, CD and rcode.
    pub const FLAGS: usize = 2;
    /// The number of questions.
    pub const QDCOUNT: usize = 4;
    /// The number of answers.
    pub const ANCOUNT: usize = 6;
    /// The number of authority records.
    pub const NSCOUNT: usize = 8;
    /// The number of additional records.
    pub const ARCOUNT: usize = 10;
}

/// Field offsets after the name of a question (RFC 1035, 4.1.2).
pub mod question {
    /// The type.
    pub const TYPE: usize = 0;
    /// The class.
    pub const CLASS: usize = 2;
    /// The length of the type and class.
    pub const LEN: usize = 4;
}

/// The header's length, where the question section starts.
pub const HEADER_LEN: usize = 12;
/// The length prefix of a message over TCP (RFC 1035, 4.2.2).
pub const TCP_PREFIX_LEN: usize = 2;
/// The UDP and TCP port of DNS.
pub const PORT: u16 = 53;
/// The UDP port of multicast DNS (RFC 6762).
pub const MDNS_PORT: u16 = 5353;

/// A checked view of a DNS message: the header is there.
#[derive(Debug, Clone, Copy)]
pub struct Header<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Header<T> {
    /// Views `buffer`, checking it holds the header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), HEADER_LEN)?;
        Ok(Header { buffer })
    }
    fn get(&self, at: usize) -> u16 {
        get16(self.buffer.as_ref(), at)
    }
    /// The query id.
    pub fn id(&self) -> u16 {
        self.get(field::ID)
    }
    /// The flags word (QR 0x8000, opcode, AA, TC, RD, RA, AD, CD, rcode).
    pub fn flags(&self) -> u16 {
        self.get(field::FLAGS)
    }
    /// The number of questions.
    pub fn qdcount(&self) -> u16 {
        self.get(field::QDCOUNT)
    }
    /// The number of answers.
    pub fn ancount(&self) -> u16 {
        self.get(field::ANCOUNT)
    }
    /// The number of authority records.
    pub fn nscount(&self) -> u16 {
        self.get(field::NSCOUNT)
    }
    /// The number of additional records.
    pub fn arcount(&self) -> u16 {
        self.get(field::ARCOUNT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fields() {
        let b = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 3, 0, 4, 0xff];
        let h = Header::new_checked(&b[..]).unwrap();
        assert_eq!((h.id(), h.flags()), (0x1234, 0x8180));
        assert_eq!(
            (h.qdcount(), h.ancount(), h.nscount(), h.arcount()),
            (1, 2, 3, 4)
        );
        assert!(Header::new_checked(&b[..11]).is_err());
    }
}
