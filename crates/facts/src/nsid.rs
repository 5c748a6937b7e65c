//! Netns ids: `RTM_NEWNSID` answers (`struct rtgenmsg` and `NETNSA_*` attributes).

use crate::nlmsg::{attr_u32, attributes, need, ParseError};

/// `RTM_NEWNSID`: the answer to an `RTM_GETNSID` request.
pub const RTM_NEWNSID: u16 = 88;
/// `RTM_GETNSID`.
pub const RTM_GETNSID: u16 = 90;
/// `NETNSA_NSID`: the id.
pub const NETNSA_NSID: u16 = 1;
/// `NETNSA_FD`: the namespace asked about, as a descriptor of the requesting process.
pub const NETNSA_FD: u16 = 3;
/// The size of `struct rtgenmsg` padded to netlink's alignment, as the kernel reads it.
pub const RTGENMSG_LEN: usize = 4;

/// Parses an `RTM_NEWNSID` answer: the `NETNSA_NSID` value, or `None` when it is not assigned.
pub fn parse_nsid(payload: &[u8]) -> Result<Option<i32>, ParseError> {
    need("rtgenmsg", payload, RTGENMSG_LEN)?;
    for a in attributes(&payload[RTGENMSG_LEN..]) {
        if let (NETNSA_NSID, p) = a? {
            return Ok(attr_u32(p).map(|v| v as i32).filter(|&v| v >= 0));
        }
    }
    Ok(None)
}
