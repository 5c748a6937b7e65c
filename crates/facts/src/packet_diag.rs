//! Packet sockets: `SOCK_DIAG_BY_FAMILY` answers for `AF_PACKET` (`struct packet_diag_msg`).

/// One `packet_diag_mclist` entry: a membership a packet socket holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    /// `pdmc_index`: the device the membership is on (independent of the socket's binding).
    pub ifindex: u32,
    /// `pdmc_type`: `PACKET_MR_*`.
    pub mr_type: u16,
    /// `pdmc_count`: how many times it was added (it still holds the counter once).
    pub count: u32,
}

/// One AF_PACKET socket as `packet_diag` reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacketSocketFacts {
    /// The socket inode (`socket:[INODE]` in `/proc/PID/fd`).
    pub inode: u64,
    /// `PACKET_DIAG_UID`: the socket owner's uid.
    pub uid: Option<u32>,
    /// `PACKET_DIAG_INFO` `pdi_index`: the bound device, 0 for none.
    pub bound_ifindex: u32,
    /// `PACKET_DIAG_MCLIST`.
    pub memberships: Vec<Membership>,
}
