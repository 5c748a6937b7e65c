//! IPv6 headers (RFC 8200): the fixed 40-byte header and the extension headers' common layout.

use std::net::Ipv6Addr;

use super::checksum;
use super::{check_len, get16, get32, put16, put32, Error, Field, Result};

/// Field offsets of the IPv6 header.
pub mod field {
    use super::Field;
    /// Version (4 bits), traffic class (8 bits), flow label (20 bits).
    pub const VER_TC_FLOW: Field = 0..4;
    /// The payload length (extension headers included).
    pub const LENGTH: Field = 4..6;
    /// The next header.
    pub const NXT_HDR: usize = 6;
    /// The hop limit.
    pub const HOP_LIMIT: usize = 7;
    /// The source address.
    pub const SRC: Field = 8..24;
    /// The destination address.
    pub const DST: Field = 24..40;
}

/// Field offsets of the extension headers that share the hop-by-hop layout (hop-by-hop,
/// routing, destination options) and of the fragment header.
pub mod ext {
    /// The next header.
    pub const NXT_HDR: usize = 0;
    /// The length in 8-byte units, not counting the first 8.
    pub const LEN: usize = 1;
    /// The fragment header's offset (13 bits, in 8-byte units, shifted left 3) and M flag.
    pub const FRAG_OFFLG: core::ops::Range<usize> = 2..4;
    /// The fragment header's identification.
    pub const FRAG_IDENT: core::ops::Range<usize> = 4..8;
    /// The length of a fragment header.
    pub const FRAG_LEN: usize = 8;
    /// The routing header's routing type.
    pub const RT_TYPE: usize = 2;
    /// The routing header's segments left.
    pub const RT_SEGLEFT: usize = 3;
    /// The reserved word of routing types 0 and 2.
    pub const RT_RESERVED: core::ops::Range<usize> = 4..8;
    /// The segment routing header's (type 4) last entry.
    pub const SRH_LAST_ENTRY: usize = 4;
    /// The segment routing header's flags.
    pub const SRH_FLAGS: usize = 5;
    /// The segment routing header's tag.
    pub const SRH_TAG: core::ops::Range<usize> = 6..8;
    /// Where a routing header's addresses start.
    pub const RT_ADDRS: usize = 8;
    /// Where the options of a hop-by-hop or destination options header start.
    pub const OPTIONS: usize = 2;
}

/// Field offsets of an option in a hop-by-hop or destination options header (a type, a
/// length, the data), and the option types the printer checks.
pub mod opt {
    /// The option type.
    pub const TYPE: usize = 0;
    /// The data length (absent from Pad1).
    pub const LEN: usize = 1;
    /// The data.
    pub const DATA: usize = 2;
    /// Pad1: a single zero byte.
    pub const PAD1: u8 = 0;
    /// PadN.
    pub const PADN: u8 = 1;
    /// Router Alert.
    pub const ROUTER_ALERT: u8 = 5;
    /// Jumbo Payload.
    pub const JUMBO: u8 = 0xc2;
    /// Home Address (Mobile IPv6).
    pub const HOME_ADDRESS: u8 = 0xc9;
}

/// The length of the fixed header.
pub const HEADER_LEN: usize = 40;

/// A checked view of an IPv6 packet: the fixed header is there.
#[derive(Debug, Clone, Copy)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Views `buffer`, checking it holds the fixed header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), HEADER_LEN)?;
        Ok(Packet { buffer })
    }
    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }
    /// The version (6 in an IPv6 header).
    pub fn version(&self) -> u8 {
        self.b()[0] >> 4
    }
    /// The traffic class.
    pub fn traffic_class(&self) -> u8 {
        ((get32(self.b(), 0) >> 20) & 0xff) as u8
    }
    /// The flow label.
    pub fn flow_label(&self) -> u32 {
        get32(self.b(), 0) & 0xfffff
    }
    /// The payload length.
    pub fn payload_len(&self) -> u16 {
        get16(self.b(), field::LENGTH.start)
    }
    /// The next header.
    pub fn next_header(&self) -> u8 {
        self.b()[field::NXT_HDR]
    }
    /// The hop limit.
    pub fn hop_limit(&self) -> u8 {
        self.b()[field::HOP_LIMIT]
    }
    /// The source address.
    pub fn src(&self) -> Ipv6Addr {
        addr(&self.b()[field::SRC])
    }
    /// The destination address.
    pub fn dst(&self) -> Ipv6Addr {
        addr(&self.b()[field::DST])
    }
    /// The payload: after the fixed header, up to the payload length (or the buffer's end).
    pub fn payload(&self) -> &[u8] {
        let b = self.b();
        let end = (HEADER_LEN + usize::from(self.payload_len())).min(b.len());
        &b[HEADER_LEN..end]
    }
}

/// Copies a 16-byte slice into an address.
pub(crate) fn addr(b: &[u8]) -> Ipv6Addr {
    let mut a = [0u8; 16];
    a.copy_from_slice(&b[..16]);
    Ipv6Addr::from(a)
}

/// The fields of an IPv6 fixed header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The source address.
    pub src: Ipv6Addr,
    /// The destination address.
    pub dst: Ipv6Addr,
    /// The next header ([`crate::ip_proto`]).
    pub next_header: u8,
    /// The payload length.
    pub payload_len: usize,
    /// The hop limit.
    pub hop_limit: u8,
    /// The traffic class.
    pub traffic_class: u8,
    /// The flow label (20 bits).
    pub flow_label: u32,
}

impl Repr {
    /// Reads a checked packet: a version other than 6 is [`Error::Malformed`], a payload
    /// length past the buffer [`Error::Truncated`].
    pub fn parse<T: AsRef<[u8]>>(p: &Packet<T>) -> Result<Repr> {
        if p.version() != 6 {
            return Err(Error::Malformed);
        }
        check_len(p.b(), HEADER_LEN + usize::from(p.payload_len()))?;
        Ok(Repr {
            src: p.src(),
            dst: p.dst(),
            next_header: p.next_header(),
            payload_len: usize::from(p.payload_len()),
            hop_limit: p.hop_limit(),
            traffic_class: p.traffic_class(),
            flow_label: p.flow_label(),
        })
    }

    /// The length of the header [`Repr::emit`] writes.
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the fixed header into the first 40 bytes of `buf`; a payload over 65535 bytes is
    /// [`Error::Malformed`].
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_len(buf, HEADER_LEN)?;
        let len = u16::try_from(self.payload_len).map_err(|_| Error::Malformed)?;
        let vtf = (6 << 28) | (u32::from(self.traffic_class) << 20) | (self.flow_label & 0xfffff);
        put32(buf, field::VER_TC_FLOW.start, vtf);
        put16(buf, field::LENGTH.start, len);
        buf[field::NXT_HDR] = self.next_header;
        buf[field::HOP_LIMIT] = self.hop_limit;
        buf[field::SRC].copy_from_slice(&self.src.octets());
        buf[field::DST].copy_from_slice(&self.dst.octets());
        Ok(())
    }

    /// The pseudo-header of this packet's upper-layer checksum.
    pub fn pseudo_header(&self) -> checksum::PseudoHeader {
        checksum::PseudoHeader::V6 {
            src: self.src,
            dst: self.dst,
        }
    }
}

/// The Ethernet group address an IPv6 multicast address maps to (`33:33` and its last four
/// bytes, RFC 2464).
pub fn multicast_mac(a: Ipv6Addr) -> [u8; 6] {
    let o = a.octets();
    [0x33, 0x33, o[12], o[13], o[14], o[15]]
}

/// The solicited-node multicast address of `a` (`ff02::1:ffXX:XXXX`, RFC 4291), where
/// neighbour solicitations for it go.
pub fn solicited_node(a: Ipv6Addr) -> Ipv6Addr {
    let o = a.octets();
    Ipv6Addr::from([
        0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, o[13], o[14], o[15],
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ip_proto;

    #[test]
    fn round_trip() {
        let r = Repr {
            src: "fe80::1".parse().unwrap(),
            dst: "ff02::1:ff00:2".parse().unwrap(),
            next_header: ip_proto::ICMPV6,
            payload_len: 8,
            hop_limit: 255,
            traffic_class: 0x12,
            flow_label: 0x34567,
        };
        let mut b = vec![0u8; 48];
        r.emit(&mut b).unwrap();
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(Repr::parse(&p).unwrap(), r);
        assert_eq!(p.payload().len(), 8);
        assert_eq!(
            Repr::parse(&Packet::new_checked(&b[..47]).unwrap()),
            Err(Error::Truncated)
        );
        assert_eq!(
            solicited_node("2001:db8::aa:bbcc:dd02".parse().unwrap()),
            "ff02::1:ffcc:dd02".parse::<Ipv6Addr>().unwrap()
        );
    }
}
