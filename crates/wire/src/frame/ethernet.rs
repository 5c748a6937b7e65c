//! Ethernet II frames: destination, source, EtherType.

use super::{check_len, get16, put16, Field, Result};

/// Field offsets of the Ethernet header.
pub mod field {
    use super::Field;
    /// The destination MAC address.
    pub const DST: Field = 0..6;
    /// The source MAC address.
    pub const SRC: Field = 6..12;
    /// The EtherType (or, up to 1500, the 802.3 length).
    pub const ETHERTYPE: Field = 12..14;
    /// Where the payload starts.
    pub const PAYLOAD: usize = 14;
}

/// The length of an Ethernet header.
pub const HEADER_LEN: usize = field::PAYLOAD;
/// The length of a MAC address.
pub const ADDR_LEN: usize = 6;
/// The broadcast address.
pub const BROADCAST: [u8; 6] = [0xff; 6];

/// A checked view of an Ethernet frame.
#[derive(Debug, Clone, Copy)]
pub struct Frame<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Frame<T> {
    /// Views `buffer` as an Ethernet frame, checking it holds a whole header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), HEADER_LEN)?;
        Ok(Frame { buffer })
    }

    /// The destination address.
    pub fn dst(&self) -> [u8; 6] {
        mac(&self.buffer.as_ref()[field::DST])
    }

    /// The source address.
    pub fn src(&self) -> [u8; 6] {
        mac(&self.buffer.as_ref()[field::SRC])
    }

    /// The EtherType (an 802.3 length when at most [`crate::ethertype::MAX_LENGTH`]).
    pub fn ethertype(&self) -> u16 {
        get16(self.buffer.as_ref(), field::ETHERTYPE.start)
    }

    /// The bytes after the header.
    pub fn payload(&self) -> &[u8] {
        &self.buffer.as_ref()[field::PAYLOAD..]
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }
}

/// Copies a 6-byte slice into an address.
pub(crate) fn mac(b: &[u8]) -> [u8; 6] {
    let mut m = [0; 6];
    m.copy_from_slice(&b[..6]);
    m
}

/// The fields of an Ethernet header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The source address.
    pub src: [u8; 6],
    /// The destination address.
    pub dst: [u8; 6],
    /// The EtherType.
    pub ethertype: u16,
}

impl Repr {
    /// Reads the header of a checked frame.
    pub fn parse<T: AsRef<[u8]>>(f: &Frame<T>) -> Result<Repr> {
        Ok(Repr {
            src: f.src(),
            dst: f.dst(),
            ethertype: f.ethertype(),
        })
    }

    /// The length of the header [`Repr::emit`] writes.
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header into the first [`HEADER_LEN`] bytes of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_len(buf, HEADER_LEN)?;
        buf[field::DST].copy_from_slice(&self.dst);
        buf[field::SRC].copy_from_slice(&self.src);
        put16(buf, field::ETHERTYPE.start, self.ethertype);
        Ok(())
    }

    /// Appends the header and `payload` to `out`.
    pub fn emit_vec(&self, payload: &[u8], out: &mut Vec<u8>) {
        let at = out.len();
        out.resize(at + HEADER_LEN, 0);
        let _ = self.emit(&mut out[at..]);
        out.extend_from_slice(payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ethertype;

    #[test]
    fn round_trip() {
        let r = Repr {
            src: [2, 0, 0, 0, 0, 1],
            dst: BROADCAST,
            ethertype: ethertype::ARP,
        };
        let mut v = Vec::new();
        r.emit_vec(&[1, 2, 3], &mut v);
        let f = Frame::new_checked(&v[..]).unwrap();
        assert_eq!(Repr::parse(&f).unwrap(), r);
        assert_eq!(f.payload(), &[1, 2, 3]);
        assert!(Frame::new_checked(&v[..13]).is_err());
    }
}
