//! Devices' own address lists: `RTM_NEWNEIGH` messages of an `AF_BRIDGE` dump (`struct ndmsg`).

use crate::nlmsg::{attributes, need, u16_at, u32_at, ParseError};

/// One address of a device's own unicast list, from an `RTM_GETNEIGH` `AF_BRIDGE` dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnicastAddress {
    /// The device whose list holds the address.
    pub ifindex: u32,
    /// The hardware address.
    pub address: Vec<u8>,
}

/// `RTM_NEWNEIGH`: a neighbour or fdb entry, in a dump's answer.
pub const RTM_NEWNEIGH: u16 = 28;
/// `RTM_GETNEIGH`.
pub const RTM_GETNEIGH: u16 = 30;
/// `AF_BRIDGE`: the family of a neighbour dump that lists fdb entries.
pub const AF_BRIDGE: u8 = 7;

/// A `struct ndmsg` of family `family`, everything else zero (a dump of every entry).
pub fn ndmsg(family: u8) -> [u8; NDMSG_LEN] {
    let mut hdr = [0u8; NDMSG_LEN];
    hdr[0] = family;
    hdr
}

// <linux/neighbour.h>
/// `NDA_LLADDR`.
pub const NDA_LLADDR: u16 = 2;
/// `NTF_SELF`.
pub const NTF_SELF: u8 = 0x02;
/// `NTF_MASTER`.
pub const NTF_MASTER: u8 = 0x04;
/// `NUD_PERMANENT`.
pub const NUD_PERMANENT: u16 = 0x80;
/// The size of `struct ndmsg`.
pub const NDMSG_LEN: usize = 12;

/// Parses an `RTM_NEWNEIGH` message of an `AF_BRIDGE` dump. Returns the address when it is an
/// entry of the device's own address list (`self permanent`, not the bridge's table).
pub fn parse_fdb(payload: &[u8]) -> Result<Option<UnicastAddress>, ParseError> {
    need("ndmsg", payload, NDMSG_LEN)?;
    let ifindex = u32_at(payload, 4).unwrap_or(0);
    let state = u16_at(payload, 8).unwrap_or(0);
    let flags = payload[10];
    let mut address = None;
    for a in attributes(&payload[NDMSG_LEN..]) {
        if let (NDA_LLADDR, p) = a? {
            address = Some(p.to_vec());
        }
    }
    let own_list = flags & NTF_SELF != 0 && flags & NTF_MASTER == 0 && state & NUD_PERMANENT != 0;
    Ok(match (own_list, address) {
        (true, Some(address)) => Some(UnicastAddress { ifindex, address }),
        _ => None,
    })
}
