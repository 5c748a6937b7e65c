//! rtnetlink (`NETLINK_ROUTE`): link dumps, the user promiscuous flag, unicast lists, netns ids.

use std::os::fd::{AsRawFd, BorrowedFd};

use promisc_facts::fdb::{self, UnicastAddress, AF_BRIDGE, RTM_GETNEIGH, RTM_NEWNEIGH};
use promisc_facts::link::{
    self, ifinfomsg, LinkFacts, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS, RTM_GETLINK, RTM_NEWLINK,
};
use promisc_facts::nlmsg::{NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST};
use promisc_facts::nsid::{self, NETNSA_FD, RTGENMSG_LEN, RTM_GETNSID, RTM_NEWNSID};
use promisc_facts::request::Request;
use promisc_facts::uapi::IFF_PROMISC;

use crate::error::{Error, Result};
use crate::netlink::{Socket, NETLINK_ROUTE};

/// How many times a dump interrupted by concurrent changes is tried again.
const DUMP_TRIES: usize = 5;

/// An rtnetlink connection in the calling thread's network namespace.
#[derive(Debug)]
pub struct Route {
    sock: Socket,
}

impl Route {
    /// Opens `socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)`.
    pub fn open() -> Result<Self> {
        Ok(Route {
            sock: Socket::open(NETLINK_ROUTE)?,
        })
    }

    /// `RTM_GETLINK` dump: every link of the namespace, with kind data and counters.
    pub fn links(&mut self) -> Result<Vec<LinkFacts>> {
        retry(|| {
            let mut out = Vec::new();
            let req = Request::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, &ifinfomsg(0, 0, 0))
                .attr(IFLA_EXT_MASK, &RTEXT_FILTER_SKIP_STATS.to_ne_bytes());
            self.sock.dump(req, "RTM_GETLINK", |m| {
                if m.kind == RTM_NEWLINK {
                    out.push(link::parse_link(m.payload)?);
                }
                Ok(())
            })?;
            Ok(out)
        })
    }

    /// `RTM_NEWLINK` with `ifi_change = IFF_PROMISC`: sets or clears the user promiscuous flag
    /// atomically (no read-modify-write of the other flags). Needs `CAP_NET_ADMIN`.
    pub fn set_promisc(&mut self, ifindex: u32, on: bool) -> Result<()> {
        let flags = if on { IFF_PROMISC } else { 0 };
        let req = Request::new(
            RTM_NEWLINK,
            NLM_F_REQUEST | NLM_F_ACK,
            &ifinfomsg(ifindex, flags, IFF_PROMISC),
        );
        match self.sock.request(req, "RTM_NEWLINK") {
            Ok(_) => Ok(()),
            Err(e) if e.errno() == Some(libc::ENODEV) => Err(Error::NoDevice(ifindex.to_string())),
            Err(e) => Err(e.needing("CAP_NET_ADMIN")),
        }
    }

    /// `RTM_GETNEIGH` dump with family `AF_BRIDGE`: the `self permanent` entries, i.e. each
    /// device's own unicast and multicast address lists (what `bridge fdb show` prints as
    /// `self permanent`). Multicast entries are returned too; callers filter.
    pub fn unicast_lists(&mut self) -> Result<Vec<UnicastAddress>> {
        retry(|| {
            let mut out = Vec::new();
            let req = Request::new(
                RTM_GETNEIGH,
                NLM_F_REQUEST | NLM_F_DUMP,
                &fdb::ndmsg(AF_BRIDGE),
            );
            self.sock.dump(req, "RTM_GETNEIGH(AF_BRIDGE)", |m| {
                if m.kind == RTM_NEWNEIGH {
                    if let Some(u) = fdb::parse_fdb(m.payload)? {
                        out.push(u);
                    }
                }
                Ok(())
            })?;
            Ok(out)
        })
    }

    /// `RTM_GETNSID` with `NETNSA_FD`: the id this namespace gives the namespace behind `ns`,
    /// or `None` when it has none.
    pub fn nsid_of(&mut self, ns: BorrowedFd<'_>) -> Result<Option<i32>> {
        let fd = ns.as_raw_fd() as u32;
        let req = Request::new(RTM_GETNSID, NLM_F_REQUEST, &[0u8; RTGENMSG_LEN])
            .attr(NETNSA_FD, &fd.to_ne_bytes());
        match self.sock.request(req, "RTM_GETNSID")? {
            Some((RTM_NEWNSID, payload)) => Ok(nsid::parse_nsid(&payload)?),
            _ => Ok(None),
        }
    }
}

/// Runs a dump again while the kernel reports it interrupted.
fn retry<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let mut last = Error::Interrupted;
    for _ in 0..DUMP_TRIES {
        match f() {
            Err(Error::Interrupted) | Err(Error::Truncated) => last = Error::Interrupted,
            other => return other,
        }
    }
    Err(last)
}
