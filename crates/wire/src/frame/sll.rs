//! Linux cooked capture headers: `LINUX_SLL` (v1, 16 bytes) and `LINUX_SLL2` (v2, 20 bytes, what
//! `-i any` produces), and the writer of SLL2 headers on the capture path.

use super::{check_len, get16, get32, put16, put32, Field, Result};

/// `PACKET_HOST`: to us.
pub const PACKET_HOST: u8 = 0;
/// `PACKET_BROADCAST`: to all.
pub const PACKET_BROADCAST: u8 = 1;
/// `PACKET_MULTICAST`: to a group.
pub const PACKET_MULTICAST: u8 = 2;
/// `PACKET_OTHERHOST`: to someone else (seen in promiscuous mode).
pub const PACKET_OTHERHOST: u8 = 3;
/// `PACKET_OUTGOING`: sent by us.
pub const PACKET_OUTGOING: u8 = 4;
/// The most link-layer address bytes the headers hold.
pub const MAX_ADDR_LEN: usize = 8;

/// Field offsets of the `LINUX_SLL` (v1) header.
pub mod v1 {
    use super::Field;
    /// The packet type (`PACKET_*`).
    pub const PKTTYPE: Field = 0..2;
    /// The `ARPHRD_*` type of the interface.
    pub const HATYPE: Field = 2..4;
    /// The length of the link-layer address.
    pub const HALEN: Field = 4..6;
    /// The link-layer address, zero padded.
    pub const ADDR: Field = 6..14;
    /// The protocol (EtherType).
    pub const PROTOCOL: Field = 14..16;
    /// The header length.
    pub const HEADER_LEN: usize = 16;
}

/// Field offsets of the `LINUX_SLL2` (v2) header.
pub mod v2 {
    use super::Field;
    /// The protocol (EtherType).
    pub const PROTOCOL: Field = 0..2;
    /// Reserved, zero.
    pub const RESERVED: Field = 2..4;
    /// The interface index.
    pub const IFINDEX: Field = 4..8;
    /// The `ARPHRD_*` type of the interface.
    pub const HATYPE: Field = 8..10;
    /// The packet type (`PACKET_*`).
    pub const PKTTYPE: usize = 10;
    /// The length of the link-layer address.
    pub const HALEN: usize = 11;
    /// The link-layer address, zero padded.
    pub const ADDR: Field = 12..20;
    /// The header length.
    pub const HEADER_LEN: usize = 20;
}

/// The size of a `LINUX_SLL2` header.
pub const SLL2_LEN: usize = v2::HEADER_LEN;
/// The size of a `LINUX_SLL` header.
pub const SLL_LEN: usize = v1::HEADER_LEN;

/// A checked view of a `LINUX_SLL2` header and what follows.
#[derive(Debug, Clone, Copy)]
pub struct Sll2<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Sll2<T> {
    /// Views `buffer`, checking it holds a whole header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), v2::HEADER_LEN)?;
        Ok(Sll2 { buffer })
    }
    /// The protocol (EtherType).
    pub fn protocol(&self) -> u16 {
        get16(self.buffer.as_ref(), v2::PROTOCOL.start)
    }
    /// The interface index.
    pub fn ifindex(&self) -> u32 {
        get32(self.buffer.as_ref(), v2::IFINDEX.start)
    }
    /// The `ARPHRD_*` type.
    pub fn hatype(&self) -> u16 {
        get16(self.buffer.as_ref(), v2::HATYPE.start)
    }
    /// The packet type.
    pub fn pkttype(&self) -> u8 {
        self.buffer.as_ref()[v2::PKTTYPE]
    }
    /// The link-layer address (its length clamped to 8).
    pub fn addr(&self) -> &[u8] {
        let b = self.buffer.as_ref();
        let n = usize::from(b[v2::HALEN]).min(MAX_ADDR_LEN);
        &b[v2::ADDR.start..v2::ADDR.start + n]
    }
    /// The bytes after the header.
    pub fn payload(&self) -> &[u8] {
        &self.buffer.as_ref()[v2::HEADER_LEN..]
    }
}

/// A checked view of a `LINUX_SLL` (v1) header and what follows.
#[derive(Debug, Clone, Copy)]
pub struct Sll<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Sll<T> {
    /// Views `buffer`, checking it holds a whole header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), v1::HEADER_LEN)?;
        Ok(Sll { buffer })
    }
    /// The packet type.
    pub fn pkttype(&self) -> u16 {
        get16(self.buffer.as_ref(), v1::PKTTYPE.start)
    }
    /// The `ARPHRD_*` type.
    pub fn hatype(&self) -> u16 {
        get16(self.buffer.as_ref(), v1::HATYPE.start)
    }
    /// The link-layer address (its length clamped to 8).
    pub fn addr(&self) -> &[u8] {
        let b = self.buffer.as_ref();
        let n = usize::from(get16(b, v1::HALEN.start)).min(MAX_ADDR_LEN);
        &b[v1::ADDR.start..v1::ADDR.start + n]
    }
    /// The protocol (EtherType).
    pub fn protocol(&self) -> u16 {
        get16(self.buffer.as_ref(), v1::PROTOCOL.start)
    }
    /// The bytes after the header.
    pub fn payload(&self) -> &[u8] {
        &self.buffer.as_ref()[v1::HEADER_LEN..]
    }
}

/// The fields of a `LINUX_SLL` (v1) header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SllRepr<'a> {
    /// The packet type (`PACKET_*`).
    pub pkttype: u16,
    /// `ARPHRD_*` of the interface.
    pub hatype: u16,
    /// The link-layer address (its length clamped to 8).
    pub addr: &'a [u8],
    /// The protocol (EtherType), host order.
    pub protocol: u16,
}

impl<'a> SllRepr<'a> {
    /// Reads a checked header.
    pub fn parse(h: &Sll<&'a [u8]>) -> Result<SllRepr<'a>> {
        let b: &'a [u8] = h.buffer;
        let n = usize::from(get16(b, v1::HALEN.start)).min(MAX_ADDR_LEN);
        Ok(SllRepr {
            pkttype: h.pkttype(),
            hatype: h.hatype(),
            addr: &b[v1::ADDR.start..v1::ADDR.start + n],
            protocol: h.protocol(),
        })
    }
}

/// The fields of a `LINUX_SLL2` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sll2Repr<'a> {
    /// The protocol (EtherType), host order.
    pub protocol: u16,
    /// The interface index.
    pub ifindex: u32,
    /// `ARPHRD_*` of the interface.
    pub hatype: u16,
    /// `PACKET_HOST`, `PACKET_OUTGOING`, ...
    pub pkttype: u8,
    /// The link-layer source address (at most 8 bytes; more are cut).
    pub addr: &'a [u8],
}

impl<'a> Sll2Repr<'a> {
    /// Reads a checked header.
    pub fn parse(h: &Sll2<&'a [u8]>) -> Result<Sll2Repr<'a>> {
        let b: &'a [u8] = h.buffer;
        let n = usize::from(b[v2::HALEN]).min(MAX_ADDR_LEN);
        Ok(Sll2Repr {
            protocol: h.protocol(),
            ifindex: h.ifindex(),
            hatype: h.hatype(),
            pkttype: h.pkttype(),
            addr: &b[v2::ADDR.start..v2::ADDR.start + n],
        })
    }

    /// Writes the header into the first [`SLL2_LEN`] bytes of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_len(buf, SLL2_LEN)?;
        put16(buf, v2::PROTOCOL.start, self.protocol);
        put16(buf, v2::RESERVED.start, 0);
        put32(buf, v2::IFINDEX.start, self.ifindex);
        put16(buf, v2::HATYPE.start, self.hatype);
        buf[v2::PKTTYPE] = self.pkttype;
        let n = self.addr.len().min(MAX_ADDR_LEN);
        buf[v2::HALEN] = n as u8;
        buf[v2::ADDR].fill(0);
        buf[v2::ADDR.start..v2::ADDR.start + n].copy_from_slice(&self.addr[..n]);
        Ok(())
    }

    /// Writes the header followed by `payload` into `out` (cleared first) and returns it: what
    /// the capture path stores for a cooked (`-i any`) capture, once per packet.
    #[inline]
    pub fn write_with_payload<'o>(&self, payload: &[u8], out: &'o mut Vec<u8>) -> &'o [u8] {
        out.clear();
        out.extend_from_slice(&self.protocol.to_be_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&self.ifindex.to_be_bytes());
        out.extend_from_slice(&self.hatype.to_be_bytes());
        out.push(self.pkttype);
        let n = self.addr.len().min(MAX_ADDR_LEN);
        out.push(n as u8);
        let mut addr = [0u8; MAX_ADDR_LEN];
        addr[..n].copy_from_slice(&self.addr[..n]);
        out.extend_from_slice(&addr);
        out.extend_from_slice(payload);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sll2_layout() {
        let mut buf = Vec::new();
        let h = Sll2Repr {
            protocol: 0x0800,
            ifindex: 3,
            hatype: 1,
            pkttype: 4,
            addr: &[2, 0, 0, 0, 0, 1],
        };
        let out = h.write_with_payload(&[0x45, 0], &mut buf);
        assert_eq!(
            out,
            &[8, 0, 0, 0, 0, 0, 0, 3, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x45, 0]
        );
        assert_eq!(out.len(), SLL2_LEN + 2);
        let mut fixed = [0xffu8; SLL2_LEN];
        h.emit(&mut fixed).unwrap();
        assert_eq!(&fixed[..], &out[..SLL2_LEN]);
        let v = Sll2::new_checked(out).unwrap();
        assert_eq!(Sll2Repr::parse(&v).unwrap(), h);
        assert_eq!(v.payload(), &[0x45, 0]);
        assert!(Sll2::new_checked(&out[..19]).is_err());
    }

    #[test]
    fn sll_v1_view() {
        let b = [0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x86, 0xdd, 0x60];
        let v = Sll::new_checked(&b[..]).unwrap();
        assert_eq!(v.pkttype(), 4);
        assert_eq!(v.hatype(), 1);
        assert_eq!(v.addr(), &[2, 0, 0, 0, 0, 1]);
        assert_eq!(v.protocol(), 0x86dd);
        assert_eq!(v.payload(), &[0x60]);
        let r = SllRepr::parse(&v).unwrap();
        assert_eq!((r.pkttype, r.addr, r.protocol), (4, v.addr(), 0x86dd));
    }
}
