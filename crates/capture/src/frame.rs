//! Turning a ring frame into the bytes a savefile holds: VLAN tags put back for Ethernet, a
//! `LINUX_SLL2` header for cooked (`-i any`) captures. Pure.

/// The size of a `LINUX_SLL2` header.
pub const SLL2_LEN: usize = 20;
/// The size of an 802.1Q tag.
pub const VLAN_TAG_LEN: usize = 4;

/// Puts a VLAN tag the kernel stripped back after the two MAC addresses of an Ethernet frame.
/// `tpid` 0 means 802.1Q (0x8100). Writes into `out` (cleared first) and returns it.
pub fn reinsert_vlan<'a>(data: &[u8], tci: u16, tpid: u16, out: &'a mut Vec<u8>) -> &'a [u8] {
    out.clear();
    if data.len() < 12 {
        out.extend_from_slice(data);
        return out;
    }
    let tpid = if tpid == 0 { 0x8100 } else { tpid };
    out.extend_from_slice(&data[..12]);
    out.extend_from_slice(&tpid.to_be_bytes());
    out.extend_from_slice(&tci.to_be_bytes());
    out.extend_from_slice(&data[12..]);
    out
}

/// The fields of a `LINUX_SLL2` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sll2<'a> {
    /// The protocol (EtherType), host order.
    pub protocol: u16,
    /// The interface index.
    pub ifindex: u32,
    /// `ARPHRD_*` of the interface.
    pub hatype: u16,
    /// `PACKET_HOST`, `PACKET_OUTGOING`, ...
    pub pkttype: u8,
    /// The link-layer source address (at most 8 bytes).
    pub addr: &'a [u8],
}

/// Writes a `LINUX_SLL2` header followed by `payload` into `out` (cleared first).
pub fn sll2<'a>(h: &Sll2<'_>, payload: &[u8], out: &'a mut Vec<u8>) -> &'a [u8] {
    out.clear();
    out.extend_from_slice(&h.protocol.to_be_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&h.ifindex.to_be_bytes());
    out.extend_from_slice(&h.hatype.to_be_bytes());
    out.push(h.pkttype);
    let n = h.addr.len().min(8);
    out.push(n as u8);
    let mut addr = [0u8; 8];
    addr[..n].copy_from_slice(&h.addr[..n]);
    out.extend_from_slice(&addr);
    out.extend_from_slice(payload);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_goes_back_after_the_macs() {
        let frame: Vec<u8> = (0u8..20).collect();
        let mut buf = Vec::new();
        let out = reinsert_vlan(&frame, 0x2064, 0, &mut buf);
        assert_eq!(&out[..12], &frame[..12]);
        assert_eq!(&out[12..16], &[0x81, 0x00, 0x20, 0x64]);
        assert_eq!(&out[16..], &frame[12..]);
        let out = reinsert_vlan(&frame, 5, 0x88a8, &mut buf);
        assert_eq!(&out[12..16], &[0x88, 0xa8, 0x00, 0x05]);
        // A runt is copied as is.
        assert_eq!(reinsert_vlan(&frame[..5], 1, 0, &mut buf), &frame[..5]);
    }

    #[test]
    fn sll2_layout() {
        let mut buf = Vec::new();
        let h = Sll2 {
            protocol: 0x0800,
            ifindex: 3,
            hatype: 1,
            pkttype: 4,
            addr: &[2, 0, 0, 0, 0, 1],
        };
        let out = sll2(&h, &[0x45, 0], &mut buf);
        assert_eq!(
            out,
            &[8, 0, 0, 0, 0, 0, 0, 3, 0, 1, 4, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x45, 0]
        );
        assert_eq!(out.len(), SLL2_LEN + 2);
    }
}
