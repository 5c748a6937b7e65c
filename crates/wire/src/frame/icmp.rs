//! ICMP messages (RFC 792).

use super::checksum;
use super::{check_len, get16, get32, put16, put32, Error, Field, Result};

/// Field offsets of the ICMP header.
pub mod field {
    use super::Field;
    /// The type.
    pub const TYPE: usize = 0;
    /// The code.
    pub const CODE: usize = 1;
    /// The checksum.
    pub const CHECKSUM: Field = 2..4;
    /// The 4 bytes whose meaning depends on the type (identifier and sequence number in echo
    /// messages, the gateway in a redirect, the next-hop MTU in "need to fragment").
    pub const REST: Field = 4..8;
    /// The identifier of echo and timestamp messages.
    pub const IDENT: Field = 4..6;
    /// The sequence number of echo and timestamp messages.
    pub const SEQ: Field = 6..8;
    /// Where the data starts (the IP header of an error message's original datagram).
    pub const DATA: usize = 8;
    /// The gateway address of a redirect.
    pub const GATEWAY: Field = 4..8;
    /// The next-hop MTU of "need to fragment" (RFC 1191).
    pub const NEXT_MTU: Field = 6..8;
    /// The pointer of a parameter problem: the octet in error.
    pub const PPTR: usize = 4;
    /// The number of addresses of a router advertisement (RFC 1256).
    pub const RA_NUM_ADDRS: usize = 4;
    /// The address entry size, in 32-bit words, of a router advertisement.
    pub const RA_ADDR_SIZE: usize = 5;
    /// The lifetime of a router advertisement, in seconds.
    pub const RA_LIFETIME: Field = 6..8;
    /// The address mask of an address mask reply (RFC 950).
    pub const MASK: Field = 8..12;
    /// The originate timestamp of timestamp messages.
    pub const TS_ORIGINATE: Field = 8..12;
    /// The receive timestamp of timestamp messages.
    pub const TS_RECEIVE: Field = 12..16;
    /// The transmit timestamp of timestamp messages.
    pub const TS_TRANSMIT: Field = 16..20;
}

/// The length of one router advertisement entry (address and preference level) when the
/// address entry size is 2 words.
pub const RA_ENTRY_LEN: usize = 8;

/// The length of the ICMP header.
pub const HEADER_LEN: usize = 8;

/// Echo reply.
pub const ECHO_REPLY: u8 = 0;
/// Destination unreachable.
pub const UNREACH: u8 = 3;
/// Source quench.
pub const SOURCE_QUENCH: u8 = 4;
/// Redirect.
pub const REDIRECT: u8 = 5;
/// Echo request.
pub const ECHO_REQUEST: u8 = 8;
/// Router advertisement.
pub const ROUTER_ADVERT: u8 = 9;
/// Router solicitation.
pub const ROUTER_SOLICIT: u8 = 10;
/// Time exceeded.
pub const TIME_EXCEEDED: u8 = 11;
/// Parameter problem.
pub const PARAM_PROBLEM: u8 = 12;
/// Timestamp request.
pub const TSTAMP: u8 = 13;
/// Timestamp reply.
pub const TSTAMP_REPLY: u8 = 14;
/// Information request.
pub const INFO_REQUEST: u8 = 15;
/// Information reply.
pub const INFO_REPLY: u8 = 16;
/// Address mask request.
pub const MASK_REQUEST: u8 = 17;
/// Address mask reply.
pub const MASK_REPLY: u8 = 18;

/// A checked view of an ICMP message: the header is there.
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
    /// The type.
    pub fn msg_type(&self) -> u8 {
        self.buffer.as_ref()[field::TYPE]
    }
    /// The code.
    pub fn code(&self) -> u8 {
        self.buffer.as_ref()[field::CODE]
    }
    /// The checksum.
    pub fn checksum(&self) -> u16 {
        get16(self.buffer.as_ref(), field::CHECKSUM.start)
    }
    /// The type-dependent 4 bytes after the checksum.
    pub fn rest(&self) -> u32 {
        get32(self.buffer.as_ref(), field::REST.start)
    }
    /// The data after the header.
    pub fn data(&self) -> &[u8] {
        &self.buffer.as_ref()[field::DATA..]
    }
    /// Whether the checksum over the whole buffer verifies.
    pub fn verify_checksum(&self) -> bool {
        checksum::verify(self.buffer.as_ref())
    }
}

/// An ICMP header: type, code and the type-dependent word (the checksum is computed on emit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The type.
    pub msg_type: u8,
    /// The code.
    pub code: u8,
    /// The type-dependent word (for echo: identifier << 16 | sequence number).
    pub rest: u32,
}

impl Repr {
    /// An echo request.
    pub fn echo_request(ident: u16, seq: u16) -> Repr {
        Repr {
            msg_type: ECHO_REQUEST,
            code: 0,
            rest: u32::from(ident) << 16 | u32::from(seq),
        }
    }

    /// Reads a checked message (the whole buffer), checking its checksum.
    pub fn parse<T: AsRef<[u8]>>(p: &Packet<T>) -> Result<Repr> {
        if !p.verify_checksum() {
            return Err(Error::Malformed);
        }
        Ok(Repr {
            msg_type: p.msg_type(),
            code: p.code(),
            rest: p.rest(),
        })
    }

    /// Writes the header and `data` into the first `8 + data.len()` bytes of `buf`, with the
    /// checksum.
    pub fn emit(&self, buf: &mut [u8], data: &[u8]) -> Result<()> {
        let len = HEADER_LEN + data.len();
        check_len(buf, len)?;
        let d = &mut buf[..len];
        d[field::TYPE] = self.msg_type;
        d[field::CODE] = self.code;
        put16(d, field::CHECKSUM.start, 0);
        put32(d, field::REST.start, self.rest);
        d[HEADER_LEN..].copy_from_slice(data);
        let c = checksum::checksum(d);
        put16(d, field::CHECKSUM.start, c);
        Ok(())
    }
}

/// A whole Ethernet frame holding an IPv4 ICMP echo request from `src_ip` to `dst_ip`
/// (TTL 64, don't fragment) with `data`, padded to the 60-byte minimum.
pub fn echo_request_frame(
    src: [u8; 6],
    dst: [u8; 6],
    src_ip: std::net::Ipv4Addr,
    dst_ip: std::net::Ipv4Addr,
    ident: u16,
    seq: u16,
    data: &[u8],
) -> Vec<u8> {
    use super::{ethernet, ipv4};
    let ip = ipv4::Repr {
        src: src_ip,
        dst: dst_ip,
        protocol: crate::ip_proto::ICMP,
        payload_len: HEADER_LEN + data.len(),
        ttl: 64,
        tos: 0,
        ident: seq,
        dont_frag: true,
    };
    let mut f = Vec::with_capacity(60);
    ethernet::Repr {
        src,
        dst,
        ethertype: crate::ethertype::IPV4,
    }
    .emit_vec(&[], &mut f);
    let at = f.len();
    f.resize(at + ipv4::HEADER_LEN + HEADER_LEN + data.len(), 0);
    let (head, body) = f[at..].split_at_mut(ipv4::HEADER_LEN);
    // The buffers are sized for both headers: neither emit can fail.
    let _ = ip.emit(head);
    let _ = Repr::echo_request(ident, seq).emit(body, data);
    if f.len() < 60 {
        f.resize(60, 0);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_echo_request_frame_reads_back() {
        use crate::frame::{ethernet, ipv4};
        use std::net::Ipv4Addr;
        let (a, b) = (Ipv4Addr::new(192, 0, 2, 7), Ipv4Addr::new(192, 0, 2, 1));
        let f = echo_request_frame(
            [2, 0, 0, 0, 0, 1],
            [2, 0, 0, 0, 0, 2],
            a,
            b,
            0x1234,
            2,
            b"x",
        );
        assert_eq!(f.len(), 60, "padded to the minimum");
        let e = ethernet::Frame::new_checked(&f[..]).unwrap();
        assert_eq!((e.src(), e.dst()), ([2, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2]));
        assert_eq!(e.ethertype(), crate::ethertype::IPV4);
        let ip = ipv4::Packet::new_checked(e.payload()).unwrap();
        let r = ipv4::Repr::parse(&ip).unwrap();
        assert_eq!((r.src, r.dst, r.protocol), (a, b, crate::ip_proto::ICMP));
        assert_eq!(r.payload_len, 9, "the padding is not the packet's");
        let m = Packet::new_checked(ip.payload()).unwrap();
        assert_eq!(Repr::parse(&m).unwrap(), Repr::echo_request(0x1234, 2));
        assert_eq!(m.data(), b"x");
    }

    #[test]
    fn round_trip_and_checksum() {
        let r = Repr::echo_request(0x1234, 7);
        let mut b = vec![0u8; 8 + 3];
        r.emit(&mut b, b"xyz").unwrap();
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(Repr::parse(&p).unwrap(), r);
        assert_eq!(p.data(), b"xyz");
        b[9] = 0;
        assert_eq!(
            Repr::parse(&Packet::new_checked(&b[..]).unwrap()),
            Err(Error::Malformed)
        );
    }
}
