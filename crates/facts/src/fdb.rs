//! Devices' own address lists: `RTM_NEWNEIGH` messages of an `AF_BRIDGE` dump (`struct ndmsg`).

/// One address of a device's own unicast list, from an `RTM_GETNEIGH` `AF_BRIDGE` dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnicastAddress {
    /// The device whose list holds the address.
    pub ifindex: u32,
    /// The hardware address.
    pub address: Vec<u8>,
}
