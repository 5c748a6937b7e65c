//! Devices' own address lists and bridges' forwarding tables: `RTM_NEWNEIGH` messages of an
//! `AF_BRIDGE` dump (`struct ndmsg`).

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
/// `NDA_VLAN`.
pub const NDA_VLAN: u16 = 5;
/// `NDA_MASTER`: the bridge whose table holds the entry.
pub const NDA_MASTER: u16 = 9;
/// `NUD_NOARP`: a bridge entry that is static (`bridge fdb add ... static`).
pub const NUD_NOARP: u16 = 0x40;
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

/// One entry of a bridge's forwarding table (`bridge fdb show` with `master BRIDGE`): frames for
/// `address` go to the port `port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdbEntry {
    /// The port (`ndm_ifindex`).
    pub port: u32,
    /// The bridge (`NDA_MASTER`).
    pub bridge: u32,
    /// The MAC.
    pub address: Vec<u8>,
    /// `ndm_state`: `NUD_PERMANENT` local (the bridge's own: frames for it go up to the host,
    /// not out of the port), `NUD_NOARP` static, anything else learned (or added `dynamic`).
    pub state: u16,
    /// `NDA_VLAN`, when the entry is for one VLAN.
    pub vlan: Option<u16>,
}

impl FdbEntry {
    /// A local entry: the bridge keeps frames for it (a port's own MAC), none leave the port.
    pub fn is_local(&self) -> bool {
        self.state & NUD_PERMANENT != 0
    }
    /// A static entry: frames for it go out of the port, and it never ages.
    pub fn is_static(&self) -> bool {
        !self.is_local() && self.state & NUD_NOARP != 0
    }
}

/// Parses an `RTM_NEWNEIGH` message of an `AF_BRIDGE` dump. Returns the entry when it belongs
/// to a bridge's table (it names its bridge with `NDA_MASTER` and is not a device's own list,
/// `NTF_SELF`).
pub fn parse_bridge_fdb(payload: &[u8]) -> Result<Option<FdbEntry>, ParseError> {
    need("ndmsg", payload, NDMSG_LEN)?;
    let port = u32_at(payload, 4).unwrap_or(0);
    let state = u16_at(payload, 8).unwrap_or(0);
    let flags = payload[10];
    let (mut address, mut bridge, mut vlan) = (None, None, None);
    for a in attributes(&payload[NDMSG_LEN..]) {
        match a? {
            (NDA_LLADDR, p) => address = Some(p.to_vec()),
            (NDA_MASTER, p) => bridge = u32_at(p, 0),
            (NDA_VLAN, p) => vlan = u16_at(p, 0),
            _ => {}
        }
    }
    Ok(match (flags & NTF_SELF == 0, bridge, address) {
        (true, Some(bridge), Some(address)) => Some(FdbEntry {
            port,
            bridge,
            address,
            state,
            vlan,
        }),
        _ => None,
    })
}
