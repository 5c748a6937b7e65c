//! 802.1Q and 802.1ad VLAN tags, and putting back the tag the kernel strips from captured frames.

use super::{check_len, get16, put16, Field, Result};
use crate::ethertype;

/// Field offsets of a VLAN tag (after the TPID, which is the outer header's EtherType).
pub mod field {
    use super::Field;
    /// The tag control information: priority (3 bits), DEI (1 bit), VLAN ID (12 bits).
    pub const TCI: Field = 0..2;
    /// The EtherType of what follows the tag.
    pub const ETHERTYPE: Field = 2..4;
    /// Where the payload starts.
    pub const PAYLOAD: usize = 4;
}

/// The length of a VLAN tag in a frame: TPID and TCI.
pub const TAG_LEN: usize = 4;
/// The mask of the VLAN ID in the TCI.
pub const VID_MASK: u16 = 0x0fff;
/// The DEI (formerly CFI) bit of the TCI.
pub const DEI: u16 = 0x1000;
/// The shift of the priority in the TCI.
pub const PCP_SHIFT: u16 = 13;

/// A checked view of the 4 bytes after a VLAN TPID: TCI and the inner EtherType.
#[derive(Debug, Clone, Copy)]
pub struct Tag<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Tag<T> {
    /// Views `buffer` as a tag, checking it holds one.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), field::PAYLOAD)?;
        Ok(Tag { buffer })
    }

    /// The tag control information.
    pub fn tci(&self) -> u16 {
        get16(self.buffer.as_ref(), field::TCI.start)
    }

    /// The VLAN ID.
    pub fn vid(&self) -> u16 {
        self.tci() & VID_MASK
    }

    /// The priority code point.
    pub fn pcp(&self) -> u8 {
        (self.tci() >> PCP_SHIFT) as u8
    }

    /// The drop eligible indicator.
    pub fn dei(&self) -> bool {
        self.tci() & DEI != 0
    }

    /// The EtherType of what follows.
    pub fn ethertype(&self) -> u16 {
        get16(self.buffer.as_ref(), field::ETHERTYPE.start)
    }

    /// The bytes after the tag.
    pub fn payload(&self) -> &[u8] {
        &self.buffer.as_ref()[field::PAYLOAD..]
    }
}

/// The fields of a VLAN tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repr {
    /// The priority code point (0 to 7).
    pub pcp: u8,
    /// The drop eligible indicator.
    pub dei: bool,
    /// The VLAN ID (0 to 4095).
    pub vid: u16,
    /// The EtherType of what follows.
    pub ethertype: u16,
}

impl Repr {
    /// Reads a checked tag.
    pub fn parse<T: AsRef<[u8]>>(t: &Tag<T>) -> Result<Repr> {
        Ok(Repr {
            pcp: t.pcp(),
            dei: t.dei(),
            vid: t.vid(),
            ethertype: t.ethertype(),
        })
    }

    /// The tag control information of these fields.
    pub fn tci(&self) -> u16 {
        (u16::from(self.pcp & 7) << PCP_SHIFT)
            | if self.dei { DEI } else { 0 }
            | (self.vid & VID_MASK)
    }

    /// Writes TCI and EtherType into the first 4 bytes of `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<()> {
        check_len(buf, field::PAYLOAD)?;
        put16(buf, field::TCI.start, self.tci());
        put16(buf, field::ETHERTYPE.start, self.ethertype);
        Ok(())
    }
}

/// Puts a VLAN tag the kernel stripped back after the two MAC addresses of an Ethernet frame.
/// `tpid` 0 means 802.1Q (0x8100). Writes into `out` (cleared first) and returns it; a frame
/// shorter than the two addresses is copied as it is.
#[inline]
pub fn reinsert<'a>(data: &[u8], tci: u16, tpid: u16, out: &'a mut Vec<u8>) -> &'a [u8] {
    out.clear();
    if data.len() < super::ethernet::field::ETHERTYPE.start {
        out.extend_from_slice(data);
        return out;
    }
    let tpid = if tpid == 0 { ethertype::VLAN } else { tpid };
    let macs = super::ethernet::field::ETHERTYPE.start;
    out.extend_from_slice(&data[..macs]);
    out.extend_from_slice(&tpid.to_be_bytes());
    out.extend_from_slice(&tci.to_be_bytes());
    out.extend_from_slice(&data[macs..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_goes_back_after_the_macs() {
        let frame: Vec<u8> = (0u8..20).collect();
        let mut buf = Vec::new();
        let out = reinsert(&frame, 0x2064, 0, &mut buf);
        assert_eq!(&out[..12], &frame[..12]);
        assert_eq!(&out[12..16], &[0x81, 0x00, 0x20, 0x64]);
        assert_eq!(&out[16..], &frame[12..]);
        let out = reinsert(&frame, 5, 0x88a8, &mut buf);
        assert_eq!(&out[12..16], &[0x88, 0xa8, 0x00, 0x05]);
        // A runt is copied as is.
        assert_eq!(reinsert(&frame[..5], 1, 0, &mut buf), &frame[..5]);
    }

    #[test]
    fn round_trip() {
        let r = Repr {
            pcp: 5,
            dei: true,
            vid: 100,
            ethertype: ethertype::IPV4,
        };
        let mut b = [0u8; 4];
        r.emit(&mut b).unwrap();
        assert_eq!(b, [0xb0, 100, 8, 0]);
        assert_eq!(Repr::parse(&Tag::new_checked(&b[..]).unwrap()).unwrap(), r);
        assert!(Tag::new_checked(&b[..3]).is_err());
    }
}
