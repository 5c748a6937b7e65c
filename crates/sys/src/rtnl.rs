//! rtnetlink (`NETLINK_ROUTE`): link dumps, the user promiscuous flag, unicast lists, netns ids,
//! links of peer namespaces and link notifications.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use promisc_facts::fdb::{self, FdbEntry, UnicastAddress, AF_BRIDGE, RTM_GETNEIGH, RTM_NEWNEIGH};
use promisc_facts::link::{
    self, ifinfomsg, LinkFacts, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS, RTM_GETLINK, RTM_NEWLINK,
};
use promisc_facts::nlmsg::{self, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST};
use promisc_facts::nsid::{self, NETNSA_FD, RTGENMSG_LEN, RTM_GETNSID, RTM_NEWNSID};
use promisc_facts::request::Request;
use promisc_facts::uapi::IFF_PROMISC;

use crate::error::{Error, Result};
use crate::netlink::{Socket, NETLINK_ROUTE};
use crate::socket;

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
        self.bridge_neighbours(fdb::parse_fdb)
    }

    /// `RTM_GETNEIGH` dump with family `AF_BRIDGE`: the entries of every bridge's forwarding
    /// table (what `bridge fdb show` prints with `master BRIDGE`), learned, static and local.
    pub fn bridge_fdb(&mut self) -> Result<Vec<FdbEntry>> {
        self.bridge_neighbours(fdb::parse_bridge_fdb)
    }

    /// `RTM_GETNEIGH` dump with family `AF_BRIDGE`, each `RTM_NEWNEIGH` payload given to
    /// `parse`; the entries it keeps.
    fn bridge_neighbours<T>(
        &mut self,
        parse: fn(&[u8]) -> std::result::Result<Option<T>, promisc_facts::nlmsg::ParseError>,
    ) -> Result<Vec<T>> {
        retry(|| {
            let mut out = Vec::new();
            let req = Request::new(
                RTM_GETNEIGH,
                NLM_F_REQUEST | NLM_F_DUMP,
                &fdb::ndmsg(AF_BRIDGE),
            );
            self.sock.dump(req, "RTM_GETNEIGH(AF_BRIDGE)", |m| {
                if m.kind == RTM_NEWNEIGH {
                    if let Some(e) = parse(m.payload)? {
                        out.push(e);
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

impl Route {
    /// `RTM_GETADDR` dump: every IPv4 address of the namespace.
    pub fn ipv4_addresses(&mut self) -> Result<Vec<promisc_facts::addr::Ipv4Address>> {
        use promisc_facts::addr;
        retry(|| {
            let mut out = Vec::new();
            self.sock.dump(addr::dump_ipv4(), "RTM_GETADDR", |m| {
                if m.kind == addr::RTM_NEWADDR {
                    if let Some(a) = addr::parse_ipv4(m.payload)? {
                        out.push(a);
                    }
                }
                Ok(())
            })?;
            Ok(out)
        })
    }

    /// `RTM_GETLINK` with statistics: the device's `rx_otherhost_dropped` (`None` when the
    /// kernel does not report it, or the device is gone).
    pub fn otherhost_dropped(&mut self, ifindex: u32) -> Result<Option<u64>> {
        match self
            .sock
            .request(link::get_link_stats(ifindex), "RTM_GETLINK")
        {
            Ok(Some((RTM_NEWLINK, payload))) => Ok(link::parse_otherhost_dropped(&payload)?),
            Ok(_) => Ok(None),
            Err(e) if e.errno() == Some(libc::ENODEV) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `rx_otherhost_dropped` of every device of the namespace that reports it, by ifindex:
    /// one `RTM_GETSTATS` dump of the 64-bit statistics alone (a device the kernel gives no
    /// value for is left out). A kernel without `RTM_GETSTATS` (before 4.7) gets one
    /// [`Route::otherhost_dropped`] per device of [`Route::links`].
    pub fn otherhost_all(&mut self) -> Result<std::collections::HashMap<u32, u64>> {
        let dumped = retry(|| {
            let mut out = std::collections::HashMap::new();
            self.sock
                .dump(link::dump_stats64(), "RTM_GETSTATS", |m| {
                    if m.kind == link::RTM_NEWSTATS {
                        if let (ifindex, Some(n)) = link::parse_stats_otherhost(m.payload)? {
                            out.insert(ifindex, n);
                        }
                    }
                    Ok(())
                })
                .map(|()| out)
        });
        match dumped {
            Err(e) if matches!(e.errno(), Some(libc::EOPNOTSUPP | libc::EINVAL)) => {
                let mut out = std::collections::HashMap::new();
                for l in self.links()? {
                    if let Some(n) = self.otherhost_dropped(l.ifindex)? {
                        out.insert(l.ifindex, n);
                    }
                }
                Ok(out)
            }
            other => other,
        }
    }

    /// `RTM_NEWLINK` with `IFLA_ADDRESS`: sets the device's MAC. Needs `CAP_NET_ADMIN`.
    pub fn set_address(&mut self, ifindex: u32, mac: [u8; 6]) -> Result<()> {
        match self
            .sock
            .request(link::set_address(ifindex, mac), "RTM_NEWLINK(IFLA_ADDRESS)")
        {
            Ok(_) => Ok(()),
            Err(e) if e.errno() == Some(libc::ENODEV) => Err(Error::NoDevice(ifindex.to_string())),
            Err(e) => Err(e.needing("CAP_NET_ADMIN")),
        }
    }

    /// `RTM_GETLINK` for the one link `ifindex` (not a dump). With `nsid`, about the device
    /// of that index in the peer namespace this one numbers `nsid` (`IFLA_TARGET_NETNSID`),
    /// e.g. the far end of a veth, whose index and namespace are its peer's `link` and
    /// `link_netnsid`. `None` when there is no such device; an `nsid` that names no
    /// namespace is an `EINVAL` error.
    ///
    /// The answer's `link_netnsid` counts from this namespace; when it names this namespace
    /// (the far end of a veth points back here), the kernel gives this namespace an id of its
    /// own. Kernels without the 2026 fix "netlink: only set nsid for foreign namespaces" then
    /// tag this namespace's own notifications with that id; [`LinkMonitor`] maps it back to
    /// `None`.
    pub fn link_in(&mut self, nsid: Option<i32>, ifindex: u32) -> Result<Option<LinkFacts>> {
        match self
            .sock
            .request(link::get_link(ifindex, nsid), "RTM_GETLINK")
        {
            Ok(Some((RTM_NEWLINK, payload))) => Ok(Some(link::parse_link(&payload)?)),
            Ok(_) => Ok(None),
            Err(e) if e.errno() == Some(libc::ENODEV) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// One link notification (`RTM_NEWLINK` or `RTM_DELLINK`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkEvent {
    /// The namespace of the device, as the monitor's namespace numbers it; `None` for the
    /// monitor's own namespace.
    pub nsid: Option<i32>,
    /// `RTM_DELLINK`: the device was deleted or left that namespace.
    pub deleted: bool,
    /// The device as the message describes it.
    pub link: LinkFacts,
}

/// What one [`LinkMonitor::recv`] read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkEvents {
    /// The notifications, in the order the kernel queued them.
    pub events: Vec<LinkEvent>,
    /// Notifications were lost (`ENOBUFS`: the receive buffer overflowed; or one did not
    /// fit the buffer or did not parse): the caller should read every link again.
    pub overrun: bool,
    /// An `RTM_NEWNSID` came (`RTNLGRP_NSID`): the namespace gave an id to another one (a
    /// veth peer or a moved device there), which may be a namespace not watched yet.
    pub nsid_added: bool,
}

/// `RTNLGRP_LINK`'s bit in `sockaddr_nl.nl_groups` (`RTMGRP_LINK`).
const RTMGRP_LINK: u32 = 1;
/// `RTNLGRP_NSID` (28)'s bit in `sockaddr_nl.nl_groups`.
const RTMGRP_NSID: u32 = 1 << (28 - 1);
/// The receive buffer a monitor asks for.
const MONITOR_RCVBUF: libc::c_int = 1 << 20;

/// Link notifications of the calling thread's network namespace and of every peer namespace
/// that has an id in it: a non-blocking `NETLINK_ROUTE` socket in groups `RTNLGRP_LINK` and
/// `RTNLGRP_NSID` with `NETLINK_LISTEN_ALL_NSID` (without `CAP_NET_BROADCAST`, those of its
/// own namespace only: see [`LinkMonitor::hears_peers`]).
#[derive(Debug)]
pub struct LinkMonitor {
    fd: OwnedFd,
    all_nsid: bool,
    buf: Vec<u8>,
    /// The namespace the monitor was opened in, and a connection in it, to learn the id the
    /// namespace may give itself (see [`Route::link_in`]).
    own_ns: OwnedFd,
    route: Route,
    self_nsid: Option<i32>,
}

impl LinkMonitor {
    /// Opens the socket: `bind(2)` to `RTMGRP_LINK` and `RTNLGRP_NSID`,
    /// `NETLINK_LISTEN_ALL_NSID` when permitted (it needs `CAP_NET_BROADCAST`; without it the
    /// monitor hears its own namespace only), a 1 MiB receive buffer (`SO_RCVBUFFORCE`, or
    /// `SO_RCVBUF` within `rmem_max` without `CAP_NET_ADMIN`).
    pub fn open() -> Result<Self> {
        let fd = socket::netlink(NETLINK_ROUTE, libc::SOCK_NONBLOCK)?;
        socket::set_rcvbuf_force(fd.as_fd(), MONITOR_RCVBUF)?;
        let all_nsid = match socket::listen_all_nsid(fd.as_fd()) {
            Ok(()) => true,
            Err(Error::Permission { .. }) => false,
            Err(e) => return Err(e),
        };
        socket::bind_netlink(fd.as_fd(), RTMGRP_LINK | RTMGRP_NSID)
            .map_err(|e| Error::io("bind(NETLINK_ROUTE, RTMGRP_LINK | RTMGRP_NSID)", e))?;
        Ok(LinkMonitor {
            fd,
            all_nsid,
            buf: vec![0; 64 * 1024],
            own_ns: crate::ns::open("/proc/thread-self/ns/net")?,
            route: Route::open()?,
            self_nsid: None,
        })
    }

    /// The socket descriptor, for `poll`.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// Whether `NETLINK_LISTEN_ALL_NSID` was granted: the monitor also hears the devices of
    /// peer namespaces (those its namespace has an id for).
    pub fn hears_peers(&self) -> bool {
        self.all_nsid
    }

    /// `recvmsg(2)` until `EAGAIN`: every notification queued now (it never blocks). A message
    /// from another namespace carries that namespace's id in a `NETLINK_LISTEN_ALL_NSID`
    /// control message; one without it is of the monitor's own namespace, and so is one
    /// carrying the id the namespace gave itself (learnt with `RTM_GETNSID` the first time a
    /// message carries an id).
    pub fn recv(&mut self) -> Result<LinkEvents> {
        let mut out = LinkEvents::default();
        while self.recv_one(&mut out)? {}
        if self.self_nsid.is_none() && out.events.iter().any(|e| e.nsid.is_some()) {
            self.self_nsid = self.route.nsid_of(self.own_ns.as_fd())?;
        }
        if let Some(own) = self.self_nsid {
            for e in &mut out.events {
                if e.nsid == Some(own) {
                    e.nsid = None;
                }
            }
        }
        Ok(out)
    }

    /// Receives one datagram into `out`; false once nothing is queued.
    fn recv_one(&mut self, out: &mut LinkEvents) -> Result<bool> {
        // Room for one cmsghdr carrying an i32, 8-byte aligned as the kernel writes it.
        let mut cmsg = [0u64; 4];
        let mut iov = libc::iovec {
            iov_base: self.buf.as_mut_ptr().cast(),
            iov_len: self.buf.len(),
        };
        // SAFETY: msghdr is plain data; zeroed is valid (no name).
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cmsg.as_mut_ptr().cast();
        msg.msg_controllen = std::mem::size_of_val(&cmsg) as _;
        let n = loop {
            // SAFETY: msg points at the live iovec over buf and the live cmsg buffer, with
            // their lengths.
            let n = unsafe { libc::recvmsg(self.fd.as_raw_fd(), &mut msg, libc::MSG_DONTWAIT) };
            if n >= 0 {
                break n as usize;
            }
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::EAGAIN) => return Ok(false),
                Some(libc::ENOBUFS) => {
                    out.overrun = true;
                    return Ok(true);
                }
                _ => return Err(Error::io("recvmsg(RTNLGRP_LINK)", e)),
            }
        };
        if msg.msg_flags & libc::MSG_TRUNC != 0 {
            // The message is lost; the next ones fit.
            let len = self.buf.len() * 2;
            self.buf.resize(len, 0);
            out.overrun = true;
            return Ok(true);
        }
        let nsid = listen_all_nsid(&msg);
        for m in nlmsg::messages(&self.buf[..n]) {
            if m.as_ref().is_ok_and(|m| m.kind == RTM_NEWNSID) {
                out.nsid_added = true;
                continue;
            }
            match m.map(|m| link::parse_link_change(&m)) {
                Ok(Ok(Some((deleted, link)))) => out.events.push(LinkEvent {
                    nsid,
                    deleted,
                    link,
                }),
                Ok(Ok(None)) => {}
                Ok(Err(_)) | Err(_) => out.overrun = true,
            }
        }
        Ok(true)
    }
}

/// The nsid of a `SOL_NETLINK`/`NETLINK_LISTEN_ALL_NSID` control message in `msg`, if any.
fn listen_all_nsid(msg: &libc::msghdr) -> Option<i32> {
    // SAFETY: msg is the msghdr recvmsg just filled; its control buffer is live.
    let mut c = unsafe { libc::CMSG_FIRSTHDR(msg) };
    while !c.is_null() {
        // SAFETY: CMSG_FIRSTHDR/CMSG_NXTHDR return headers inside the control buffer.
        let h = unsafe { &*c };
        if h.cmsg_level == libc::SOL_NETLINK
            && h.cmsg_type == libc::NETLINK_LISTEN_ALL_NSID
            // SAFETY: CMSG_LEN only computes a length.
            && h.cmsg_len as usize >= unsafe { libc::CMSG_LEN(4) } as usize
        {
            // SAFETY: the header says its data holds at least 4 bytes; they may be unaligned.
            let data = unsafe { libc::CMSG_DATA(c) };
            // SAFETY: data points at those 4 bytes inside the control buffer.
            return Some(unsafe { std::ptr::read_unaligned(data as *const i32) });
        }
        // SAFETY: c is a header inside msg's control buffer.
        c = unsafe { libc::CMSG_NXTHDR(msg, c) };
    }
    None
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
