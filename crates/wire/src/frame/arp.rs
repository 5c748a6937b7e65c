//! ARP and RARP (RFC 826, RFC 903): the variable-length packet, and Ethernet/IPv4 ARP as a
//! `Repr` (what a sniffer detector's probes are).

use std::net::Ipv4Addr;

use super::ethernet::mac;
use super::{check_len, get16, put16, Error, Field, Result};
use crate::ethertype;

/// Field offsets of the fixed part of an ARP header; the addresses follow at
/// [`field::ADDRS`], their lengths given by `HLEN` and `PLEN`.
pub mod field {
    use super::Field;
    /// The hardware type (`ARPHRD_*`).
    pub const HTYPE: Field = 0..2;
    /// The protocol type (an EtherType).
    pub const PTYPE: Field = 2..4;
    /// The hardware address length.
    pub const HLEN: usize = 4;
    /// The protocol address length.
    pub const PLEN: usize = 5;
    /// The operation.
    pub const OPER: Field = 6..8;
    /// Where the sender hardware address starts.
    pub const ADDRS: usize = 8;
}

/// Field offsets of the fixed part of an ATM ARP header (RFC 2225, hardware type
/// [`HTYPE_ATM2225`]): each ATM number and subaddress length is a type bit, a reserved bit and
/// six bits of length; the addresses follow at [`atm::ADDRS`].
pub mod atm {
    use super::Field;
    /// The hardware type.
    pub const HTYPE: Field = 0..2;
    /// The protocol type.
    pub const PTYPE: Field = 2..4;
    /// The source ATM number's type and length.
    pub const SHTL: usize = 4;
    /// The source ATM subaddress's type and length.
    pub const SSTL: usize = 5;
    /// The operation.
    pub const OPER: Field = 6..8;
    /// The source protocol address length.
    pub const SPLN: usize = 8;
    /// The target ATM number's type and length.
    pub const THTL: usize = 9;
    /// The target ATM subaddress's type and length.
    pub const TSTL: usize = 10;
    /// The target protocol address length.
    pub const TPLN: usize = 11;
    /// Where the source ATM number starts.
    pub const ADDRS: usize = 12;
    /// The length bits of a type-and-length byte.
    pub const LEN_MASK: u8 = 0x3f;
}

/// The length of the fixed part of an ARP header.
pub const FIXED_LEN: usize = field::ADDRS;
/// The length of an Ethernet/IPv4 ARP packet.
pub const ETHER_IPV4_LEN: usize = FIXED_LEN + 2 * (6 + 4);

/// Hardware type Ethernet (`ARPHRD_ETHER`).
pub const HTYPE_ETHERNET: u16 = 1;
/// Hardware type IEEE 802 (`ARPHRD_IEEE802`).
pub const HTYPE_IEEE802: u16 = 6;
/// Hardware type Frame Relay (`ARPHRD_FRELAY`).
pub const HTYPE_FRELAY: u16 = 15;
/// Hardware type ATM (RFC 2225 ATM ARP).
pub const HTYPE_ATM2225: u16 = 19;

/// Operation: ARP request.
pub const OP_REQUEST: u16 = 1;
/// Operation: ARP reply.
pub const OP_REPLY: u16 = 2;
/// Operation: RARP request.
pub const OP_REVREQUEST: u16 = 3;
/// Operation: RARP reply.
pub const OP_REVREPLY: u16 = 4;
/// Operation: InARP request.
pub const OP_INVREQUEST: u16 = 8;
/// Operation: InARP reply.
pub const OP_INVREPLY: u16 = 9;
/// Operation: ATM ARP NAK.
pub const OP_NAK: u16 = 10;

/// The name tcpdump gives an ARP operation.
pub fn op_name(op: u16) -> Option<&'static str> {
    Some(match op {
        OP_REQUEST => "Request",
        OP_REPLY => "Reply",
        OP_REVREQUEST => "Reverse Request",
        OP_REVREPLY => "Reverse Reply",
        OP_INVREQUEST => "Inverse Request",
        OP_INVREPLY => "Inverse Reply",
        OP_NAK => "NACK Reply",
        _ => return None,
    })
}

/// A checked view of an ARP packet: the fixed part and both address pairs are there.
#[derive(Debug, Clone, Copy)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Views `buffer`, checking it holds the fixed part and the four addresses.
    pub fn new_checked(buffer: T) -> Result<Self> {
        let b = buffer.as_ref();
        check_len(b, FIXED_LEN)?;
        let (h, p) = (usize::from(b[field::HLEN]), usize::from(b[field::PLEN]));
        check_len(b, FIXED_LEN + 2 * (h + p))?;
        Ok(Packet { buffer })
    }
    /// The hardware type.
    pub fn htype(&self) -> u16 {
        get16(self.buffer.as_ref(), field::HTYPE.start)
    }
    /// The protocol type.
    pub fn ptype(&self) -> u16 {
        get16(self.buffer.as_ref(), field::PTYPE.start)
    }
    /// The hardware address length.
    pub fn hlen(&self) -> u8 {
        self.buffer.as_ref()[field::HLEN]
    }
    /// The protocol address length.
    pub fn plen(&self) -> u8 {
        self.buffer.as_ref()[field::PLEN]
    }
    /// The operation.
    pub fn op(&self) -> u16 {
        get16(self.buffer.as_ref(), field::OPER.start)
    }
    fn addr(&self, i: usize) -> &[u8] {
        addr(self.buffer.as_ref(), i)
    }
    /// The sender hardware address.
    pub fn sha(&self) -> &[u8] {
        self.addr(0)
    }
    /// The sender protocol address.
    pub fn spa(&self) -> &[u8] {
        self.addr(1)
    }
    /// The target hardware address.
    pub fn tha(&self) -> &[u8] {
        self.addr(2)
    }
    /// The target protocol address.
    pub fn tpa(&self) -> &[u8] {
        self.addr(3)
    }
}

impl<'a> Packet<&'a [u8]> {
    /// The four addresses, `[sha, spa, tha, tpa]`, borrowed for as long as the buffer (the
    /// getters above borrow them from the view).
    pub fn addrs(&self) -> [&'a [u8]; 4] {
        let b: &'a [u8] = self.buffer;
        [addr(b, 0), addr(b, 1), addr(b, 2), addr(b, 3)]
    }
}

/// Address `i` (sender hardware, sender protocol, target hardware, target protocol) of the
/// checked packet `b`.
fn addr(b: &[u8], i: usize) -> &[u8] {
    let (h, p) = (usize::from(b[field::HLEN]), usize::from(b[field::PLEN]));
    let starts = [0, h, h + p, 2 * h + p];
    let lens = [h, p, h, p];
    let s = FIXED_LEN + starts[i];
    &b[s..s + lens[i]]
}

/// An Ethernet/IPv4 ARP or RARP packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The operation ([`OP_REQUEST`], [`OP_REPLY`], ...).
    pub op: u16,
    /// The sender hardware address.
    pub sha: [u8; 6],
    /// The sender protocol address.
    pub spa: Ipv4Addr,
    /// The target hardware address (zero in a request).
    pub tha: [u8; 6],
    /// The target protocol address.
    pub tpa: Ipv4Addr,
}

impl Repr {
    /// A request for `tpa` from `sha`/`spa` (an ARP probe, RFC 5227, has `spa` 0.0.0.0).
    pub fn request(sha: [u8; 6], spa: Ipv4Addr, tpa: Ipv4Addr) -> Repr {
        Repr {
            op: OP_REQUEST,
            sha,
            spa,
            tha: [0; 6],
            tpa,
        }
    }

    /// Reads a checked packet; only Ethernet/IPv4 ARP is a `Repr`, others are
    /// [`Error::Malformed`].
    pub fn parse<T: AsRef<[u8]>>(p: &Packet<T>) -> Result<Repr> {
        if p.htype() != HTYPE_ETHERNET || p.ptype() != ethertype::IPV4 {
            return Err(Error::Malformed);
        }
        if p.hlen() != 6 || p.plen() != 4 {
            return Err(Error::Malformed);
        }
        let ip = |b: &[u8]| Ipv4Addr::new(b[0], b[1], b[2], b[3]);
        Ok(Repr {
            op: p.op(),
            sha: mac(p.sha()),
            spa: ip(p.spa()),
            tha: mac(p.tha()),
            tpa: ip(p.tpa()),
        })
    }

    /// The length [`Repr::emit`] writes.
    pub const fn buffer_len(&self) -> usize {
        ETHER_IPV4_LEN
    }

    /// Writes the packet into the first [`ETHER_IPV4_LEN`] bytes of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_len(buf, ETHER_IPV4_LEN)?;
        put16(buf, field::HTYPE.start, HTYPE_ETHERNET);
        put16(buf, field::PTYPE.start, ethertype::IPV4);
        buf[field::HLEN] = 6;
        buf[field::PLEN] = 4;
        put16(buf, field::OPER.start, self.op);
        let a = field::ADDRS;
        buf[a..a + 6].copy_from_slice(&self.sha);
        buf[a + 6..a + 10].copy_from_slice(&self.spa.octets());
        buf[a + 10..a + 16].copy_from_slice(&self.tha);
        buf[a + 16..a + 20].copy_from_slice(&self.tpa.octets());
        Ok(())
    }

    /// Appends the packet to `out`.
    pub fn emit_vec(&self, out: &mut Vec<u8>) {
        let at = out.len();
        out.resize(at + ETHER_IPV4_LEN, 0);
        let _ = self.emit(&mut out[at..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let r = Repr::request(
            [2, 0, 0, 0, 0, 1],
            Ipv4Addr::new(10, 0, 0, 1),
            Ipv4Addr::new(10, 0, 0, 2),
        );
        let mut v = Vec::new();
        r.emit_vec(&mut v);
        assert_eq!(v.len(), 28);
        let p = Packet::new_checked(&v[..]).unwrap();
        assert_eq!(Repr::parse(&p).unwrap(), r);
        assert_eq!(p.tpa(), &[10, 0, 0, 2]);
        assert_eq!(p.addrs(), [p.sha(), p.spa(), p.tha(), p.tpa()]);
        assert!(Packet::new_checked(&v[..27]).is_err());
        assert_eq!(op_name(OP_REPLY), Some("Reply"));
    }
}
