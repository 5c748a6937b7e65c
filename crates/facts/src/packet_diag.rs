//! Packet sockets: `SOCK_DIAG_BY_FAMILY` answers for `AF_PACKET` (`struct packet_diag_msg`).

use crate::nlmsg::{attr_u32, attributes, need, u16_at, u32_at, ParseError};

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

/// `SOCK_DIAG_BY_FAMILY`: the request and the type of each answer.
pub const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// `AF_PACKET`, the family of a `packet_diag_req`.
pub const AF_PACKET: u8 = 17;
/// `PACKET_SHOW_INFO`: answer with `PACKET_DIAG_INFO`.
pub const PACKET_SHOW_INFO: u32 = 0x1;
/// `PACKET_SHOW_MCLIST`: answer with `PACKET_DIAG_MCLIST`.
pub const PACKET_SHOW_MCLIST: u32 = 0x2;
/// The size of `struct packet_diag_req`.
pub const PACKET_DIAG_REQ_LEN: usize = 20;

/// A `struct packet_diag_req` for every `AF_PACKET` socket (`family, protocol, pad, ino, show,
/// cookie[2]`), asking for the `show` attributes (`PACKET_SHOW_*`).
pub fn packet_diag_req(show: u32) -> [u8; PACKET_DIAG_REQ_LEN] {
    let mut req = [0u8; PACKET_DIAG_REQ_LEN];
    req[0] = AF_PACKET;
    req[8..12].copy_from_slice(&show.to_ne_bytes());
    req
}

// <linux/packet_diag.h>
/// `PACKET_DIAG_INFO`.
pub const PACKET_DIAG_INFO: u16 = 0;
/// `PACKET_DIAG_MCLIST`.
pub const PACKET_DIAG_MCLIST: u16 = 1;
/// `PACKET_DIAG_UID`.
pub const PACKET_DIAG_UID: u16 = 5;
/// The size of `struct packet_diag_msg`.
pub const PACKET_DIAG_MSG_LEN: usize = 16;
/// The size of `struct packet_diag_mclist`.
pub const PACKET_DIAG_MCLIST_LEN: usize = 44;

/// Parses the payload of a `SOCK_DIAG_BY_FAMILY` answer for `AF_PACKET`
/// (`struct packet_diag_msg` and attributes).
pub fn parse_packet_diag(payload: &[u8]) -> Result<PacketSocketFacts, ParseError> {
    need("packet_diag_msg", payload, PACKET_DIAG_MSG_LEN)?;
    let mut s = PacketSocketFacts {
        inode: u64::from(u32_at(payload, 4).unwrap_or(0)),
        ..PacketSocketFacts::default()
    };
    for a in attributes(&payload[PACKET_DIAG_MSG_LEN..]) {
        let (k, p) = a?;
        match k {
            PACKET_DIAG_INFO => s.bound_ifindex = attr_u32(p).unwrap_or(0),
            PACKET_DIAG_UID => s.uid = attr_u32(p),
            PACKET_DIAG_MCLIST => {
                // A flat array of struct packet_diag_mclist, not nested attributes.
                for e in p.chunks_exact(PACKET_DIAG_MCLIST_LEN) {
                    s.memberships.push(Membership {
                        ifindex: u32_at(e, 0).unwrap_or(0),
                        count: u32_at(e, 4).unwrap_or(0),
                        mr_type: u16_at(e, 8).unwrap_or(0),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(s)
}
