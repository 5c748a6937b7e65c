//! Addresses: `RTM_NEWADDR` messages (`struct ifaddrmsg` and `IFA_*` attributes), IPv4 only.

use std::net::Ipv4Addr;

use crate::nlmsg::{attributes, need, ParseError};
use crate::request::Request;

/// `RTM_NEWADDR`.
pub const RTM_NEWADDR: u16 = 20;
/// `RTM_GETADDR`.
pub const RTM_GETADDR: u16 = 22;
/// `IFA_ADDRESS`.
pub const IFA_ADDRESS: u16 = 1;
/// `IFA_LOCAL`: the local address (on point-to-point links `IFA_ADDRESS` is the peer's).
pub const IFA_LOCAL: u16 = 2;
/// The size of `struct ifaddrmsg`.
pub const IFADDRMSG_LEN: usize = 8;
/// `AF_INET`.
pub const AF_INET: u8 = 2;

/// One IPv4 address of a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv4Address {
    /// The device's index.
    pub ifindex: u32,
    /// The address.
    pub addr: Ipv4Addr,
    /// The prefix length.
    pub prefix_len: u8,
}

/// `RTM_GETADDR` dump of the IPv4 addresses.
pub fn dump_ipv4() -> Request {
    let mut m = [0u8; IFADDRMSG_LEN];
    m[0] = AF_INET;
    Request::new(
        RTM_GETADDR,
        crate::nlmsg::NLM_F_REQUEST | crate::nlmsg::NLM_F_DUMP,
        &m,
    )
}

/// Parses an `RTM_NEWADDR` payload; `None` for another family.
pub fn parse_ipv4(payload: &[u8]) -> Result<Option<Ipv4Address>, ParseError> {
    need("ifaddrmsg", payload, IFADDRMSG_LEN)?;
    if payload[0] != AF_INET {
        return Ok(None);
    }
    let prefix_len = payload[1];
    let ifindex = u32::from_ne_bytes([payload[4], payload[5], payload[6], payload[7]]);
    let (mut local, mut address) = (None, None);
    for a in attributes(&payload[IFADDRMSG_LEN..]) {
        let (kind, p) = a?;
        let v = p.get(..4).map(|b| Ipv4Addr::new(b[0], b[1], b[2], b[3]));
        match kind {
            IFA_LOCAL => local = v,
            IFA_ADDRESS => address = v,
            _ => {}
        }
    }
    Ok(local.or(address).map(|addr| Ipv4Address {
        ifindex,
        addr,
        prefix_len,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv4_address() {
        let mut p = vec![AF_INET, 24, 0, 0];
        p.extend_from_slice(&7u32.to_ne_bytes());
        p.extend_from_slice(&8u16.to_ne_bytes());
        p.extend_from_slice(&IFA_LOCAL.to_ne_bytes());
        p.extend_from_slice(&[192, 0, 2, 9]);
        let a = parse_ipv4(&p).unwrap().unwrap();
        assert_eq!(
            (a.ifindex, a.addr, a.prefix_len),
            (7, Ipv4Addr::new(192, 0, 2, 9), 24)
        );
        p[0] = 10;
        assert_eq!(parse_ipv4(&p).unwrap(), None, "IPv6 is not read");
        assert!(parse_ipv4(&p[..4]).is_err());
    }
}
