//! Sockets: the one home of `socket(2)`, `bind(2)`, `getsockname(2)`, `setsockopt(2)` and
//! `getsockopt(2)`.
//!
//! Every socket the crate makes is created here, close-on-exec: the AF_PACKET capture,
//! transmit and membership sockets, the AF_NETLINK sockets, and the AF_INET socket the
//! interface ioctls go through. Binding fills the `struct sockaddr_*` of its family, and each
//! socket option the crate sets or reads has a typed function here that names the option and
//! gives its error the context the caller prints. The modules that own a kind of socket
//! ([`crate::ring`], [`crate::netlink`], [`crate::rtnl`], [`crate::packet`], [`crate::ioctl`])
//! do their I/O on the descriptor themselves.

use std::io;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use promisc_facts::bpf::Insn;
use promisc_facts::uapi::PACKET_MR_PROMISC;

use crate::error::{Error, Result};

/// `PACKET_VNET_HDR` (linux/if_packet.h).
const PACKET_VNET_HDR: libc::c_int = 15;

/// `TPACKET_V3`, the value of `PACKET_VERSION` the capture ring uses.
const TPACKET_V3: libc::c_int = libc::tpacket_versions::TPACKET_V3 as libc::c_int;

/// Plain data the kernel reads or writes as bytes: a `struct sockaddr_*` or a socket option's
/// value.
///
/// # Safety
///
/// Every bit pattern of the type's size is a valid value (all zeros included): the type has
/// only integers, arrays of integers and raw pointers, and no invariant of its own.
unsafe trait Plain: Sized {}

// SAFETY: integers.
unsafe impl Plain for libc::c_int {}
// SAFETY: an integer.
unsafe impl Plain for u32 {}
// SAFETY: integers and an array of bytes.
unsafe impl Plain for libc::sockaddr_ll {}
// SAFETY: integers.
unsafe impl Plain for libc::sockaddr_nl {}
// SAFETY: integers and an array of bytes.
unsafe impl Plain for libc::packet_mreq {}
// SAFETY: integers.
unsafe impl Plain for libc::tpacket_req3 {}
// SAFETY: integers.
unsafe impl Plain for libc::tpacket_stats_v3 {}
// SAFETY: an integer and a raw pointer (which may hold any address).
unsafe impl Plain for libc::sock_fprog {}

/// A zeroed `T`.
fn zeroed<T: Plain>() -> T {
    // SAFETY: all zeros is a valid T (the contract of Plain).
    unsafe { std::mem::zeroed() }
}

/// `socket(2)` of `domain`, `ty | SOCK_CLOEXEC` and `protocol`; `context` names the call in
/// the error.
fn socket(
    domain: libc::c_int,
    ty: libc::c_int,
    protocol: libc::c_int,
    context: &'static str,
) -> Result<OwnedFd> {
    // SAFETY: socket(2) takes no pointers; the result is checked before use.
    let fd = unsafe { libc::socket(domain, ty | libc::SOCK_CLOEXEC, protocol) };
    if fd < 0 {
        return Err(Error::io(context, io::Error::last_os_error()));
    }
    // SAFETY: fd is a freshly created descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `socket(AF_PACKET, ty | SOCK_CLOEXEC, 0)`: `ty` is `SOCK_RAW` or `SOCK_DGRAM`, with
/// `SOCK_NONBLOCK` or not. Protocol 0 keeps the socket out of the receive path until
/// [`bind_packet`] gives it one. Needs `CAP_NET_RAW`.
pub(crate) fn packet(ty: libc::c_int) -> Result<OwnedFd> {
    socket(libc::AF_PACKET, ty, 0, "socket(AF_PACKET)").map_err(|e| e.needing("CAP_NET_RAW"))
}

/// `socket(AF_NETLINK, SOCK_RAW | flags | SOCK_CLOEXEC, protocol)`: `flags` is 0 or
/// `SOCK_NONBLOCK`, `protocol` `NETLINK_ROUTE` or `NETLINK_SOCK_DIAG`.
pub(crate) fn netlink(protocol: libc::c_int, flags: libc::c_int) -> Result<OwnedFd> {
    socket(
        libc::AF_NETLINK,
        libc::SOCK_RAW | flags,
        protocol,
        "socket(AF_NETLINK)",
    )
}

/// `socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)`: a socket for the interface ioctls to go
/// through.
pub(crate) fn inet_dgram() -> Result<OwnedFd> {
    socket(libc::AF_INET, libc::SOCK_DGRAM, 0, "socket(AF_INET)")
}

/// `bind(2)` of `fd` to `addr`.
fn bind<A: Plain>(fd: BorrowedFd<'_>, addr: &A) -> io::Result<()> {
    // SAFETY: addr is a live sockaddr whose size is passed with it.
    let rc = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (addr as *const A).cast(),
            size_of::<A>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `bind(2)` of an AF_PACKET socket to `ifindex` (0: every interface) with `protocol` (host
/// order; 0: the socket only sends). A missing device is [`Error::NoDevice`].
pub(crate) fn bind_packet(fd: BorrowedFd<'_>, ifindex: u32, protocol: u16) -> Result<()> {
    let mut sll: libc::sockaddr_ll = zeroed();
    sll.sll_family = libc::AF_PACKET as u16;
    sll.sll_protocol = protocol.to_be();
    sll.sll_ifindex = ifindex as i32;
    bind(fd, &sll).map_err(|e| {
        if e.raw_os_error() == Some(libc::ENODEV) {
            Error::NoDevice(ifindex.to_string())
        } else {
            Error::io("bind(AF_PACKET)", e)
        }
    })
}

/// `bind(2)` of an AF_NETLINK socket to the multicast groups `groups` (the
/// `sockaddr_nl.nl_groups` bits), the kernel picking the port id.
pub(crate) fn bind_netlink(fd: BorrowedFd<'_>, groups: u32) -> io::Result<()> {
    let mut addr: libc::sockaddr_nl = zeroed();
    addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    addr.nl_groups = groups;
    bind(fd, &addr)
}

/// `getsockname(2)` of an AF_PACKET socket: the index of the interface it is bound to; -1 once
/// that interface was deleted (the kernel unbinds the socket), 0 for every interface.
pub(crate) fn bound_ifindex(fd: BorrowedFd<'_>) -> Result<i32> {
    let mut sll: libc::sockaddr_ll = zeroed();
    let mut len = size_of::<libc::sockaddr_ll>() as libc::socklen_t;
    // SAFETY: sll is a live, writable sockaddr_ll whose size is passed in len.
    let rc = unsafe {
        libc::getsockname(
            fd.as_raw_fd(),
            (&mut sll as *mut libc::sockaddr_ll).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(Error::io("getsockname", io::Error::last_os_error()));
    }
    Ok(sll.sll_ifindex)
}

/// `setsockopt(2)`: option `name` of `level` set to `value`.
fn setsockopt<T: Plain>(
    fd: BorrowedFd<'_>,
    level: libc::c_int,
    name: libc::c_int,
    value: &T,
) -> io::Result<()> {
    // SAFETY: value points to a live T whose size is passed with it.
    let rc = unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (value as *const T).cast(),
            size_of::<T>() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `getsockopt(2)`: the value of option `name` of `level`, read into a zeroed `T`.
fn getsockopt<T: Plain>(
    fd: BorrowedFd<'_>,
    level: libc::c_int,
    name: libc::c_int,
) -> io::Result<T> {
    let mut value: T = zeroed();
    let mut len = size_of::<T>() as libc::socklen_t;
    // SAFETY: value is a live, writable T whose size is passed in len; any bytes the kernel
    // writes make a valid T (the contract of Plain).
    let rc = unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            level,
            name,
            (&mut value as *mut T).cast(),
            &mut len,
        )
    };
    if rc == 0 {
        Ok(value)
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `setsockopt(SOL_SOCKET, SO_RCVBUF)`: asks for a receive buffer of `bytes` (the kernel caps
/// it at `net.core.rmem_max`).
pub(crate) fn set_rcvbuf(fd: BorrowedFd<'_>, bytes: libc::c_int) -> Result<()> {
    setsockopt(fd, libc::SOL_SOCKET, libc::SO_RCVBUF, &bytes)
        .map_err(|e| Error::io("setsockopt(SO_RCVBUF)", e))
}

/// `setsockopt(SOL_SOCKET, SO_RCVBUFFORCE)` for a receive buffer of `bytes` beyond
/// `net.core.rmem_max` (needs `CAP_NET_ADMIN`), or, when that fails, [`set_rcvbuf`] within it.
pub(crate) fn set_rcvbuf_force(fd: BorrowedFd<'_>, bytes: libc::c_int) -> Result<()> {
    if setsockopt(fd, libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, &bytes).is_err() {
        set_rcvbuf(fd, bytes)?;
    }
    Ok(())
}

/// `getsockopt(SOL_SOCKET, SO_ERROR)`: the socket's pending error, which reading clears.
pub(crate) fn take_error(fd: BorrowedFd<'_>) -> Result<Option<io::Error>> {
    let err: libc::c_int = getsockopt(fd, libc::SOL_SOCKET, libc::SO_ERROR)
        .map_err(|e| Error::io("getsockopt(SO_ERROR)", e))?;
    Ok((err != 0).then(|| io::Error::from_raw_os_error(err)))
}

/// `setsockopt(SOL_SOCKET, SO_ATTACH_FILTER)`: attaches a classic BPF program (copied into
/// `sock_filter`s, so the shared [`Insn`] type carries no layout promise). A program the
/// kernel's verifier rejects (`EINVAL`) says so in the error.
pub(crate) fn attach_filter(fd: BorrowedFd<'_>, prog: &[Insn]) -> Result<()> {
    let insns: Vec<libc::sock_filter> = prog
        .iter()
        .map(|i| libc::sock_filter {
            code: i.code,
            jt: i.jt,
            jf: i.jf,
            k: i.k,
        })
        .collect();
    let fprog = libc::sock_fprog {
        len: insns.len() as u16,
        filter: insns.as_ptr() as *mut libc::sock_filter,
    };
    setsockopt(fd, libc::SOL_SOCKET, libc::SO_ATTACH_FILTER, &fprog).map_err(|e| {
        if e.raw_os_error() == Some(libc::EINVAL) {
            Error::io(
                "setsockopt(SO_ATTACH_FILTER): the kernel rejected the BPF program",
                e,
            )
        } else {
            Error::io("setsockopt(SO_ATTACH_FILTER)", e)
        }
    })
}

/// `setsockopt(SOL_PACKET, PACKET_VERSION)` to `TPACKET_V3`, the ring format
/// [`set_rx_ring`] then configures.
pub(crate) fn set_tpacket_v3(fd: BorrowedFd<'_>) -> Result<()> {
    setsockopt(fd, libc::SOL_PACKET, libc::PACKET_VERSION, &TPACKET_V3)
        .map_err(|e| Error::io("setsockopt(PACKET_VERSION)", e))
}

/// `setsockopt(SOL_PACKET, PACKET_RX_RING)` with `req`: the kernel allocates the receive ring
/// the caller then maps. A lack of memory (`ENOMEM`) says so in the error.
pub(crate) fn set_rx_ring(fd: BorrowedFd<'_>, req: &libc::tpacket_req3) -> Result<()> {
    setsockopt(fd, libc::SOL_PACKET, libc::PACKET_RX_RING, req).map_err(|e| {
        let hint = if e.raw_os_error() == Some(libc::ENOMEM) {
            "setsockopt(PACKET_RX_RING): not enough memory for the ring (try a smaller -B)"
        } else {
            "setsockopt(PACKET_RX_RING)"
        };
        Error::io(hint, e)
    })
}

/// `setsockopt(SOL_PACKET, PACKET_VNET_HDR)` on: a `struct virtio_net_hdr` precedes every
/// frame the socket receives or sends.
pub(crate) fn set_vnet_hdr(fd: BorrowedFd<'_>) -> Result<()> {
    setsockopt(fd, libc::SOL_PACKET, PACKET_VNET_HDR, &1i32)
        .map_err(|e| Error::io("setsockopt(PACKET_VNET_HDR)", e))
}

/// `setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING)` on: the socket receives no packet the host
/// sends.
pub(crate) fn set_ignore_outgoing(fd: BorrowedFd<'_>) -> Result<()> {
    setsockopt(fd, libc::SOL_PACKET, libc::PACKET_IGNORE_OUTGOING, &1i32)
        .map_err(|e| Error::io("setsockopt(PACKET_IGNORE_OUTGOING)", e))
}

/// `setsockopt(SOL_PACKET, PACKET_QDISC_BYPASS)` on: frames sent go straight to the driver,
/// past the device's queueing discipline.
pub(crate) fn set_qdisc_bypass(fd: BorrowedFd<'_>) -> Result<()> {
    setsockopt(fd, libc::SOL_PACKET, libc::PACKET_QDISC_BYPASS, &1i32)
        .map_err(|e| Error::io("setsockopt(PACKET_QDISC_BYPASS)", e))
}

/// `setsockopt(SOL_PACKET, PACKET_FANOUT)`: joins fanout group `group` of type `ty`
/// (`PACKET_FANOUT_HASH`, ...).
pub(crate) fn join_fanout(fd: BorrowedFd<'_>, group: u16, ty: u32) -> Result<()> {
    let arg: u32 = u32::from(group) | (ty << 16);
    setsockopt(fd, libc::SOL_PACKET, libc::PACKET_FANOUT, &arg)
        .map_err(|e| Error::io("setsockopt(PACKET_FANOUT)", e))
}

/// `setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP)` with `PACKET_MR_PROMISC` on `ifindex`, for
/// any AF_PACKET socket: promiscuous mode for the socket's lifetime. A missing device is
/// [`Error::NoDevice`]. Needs `CAP_NET_RAW`.
pub(crate) fn add_promisc_membership(fd: BorrowedFd<'_>, ifindex: u32) -> Result<()> {
    let mut mreq: libc::packet_mreq = zeroed();
    mreq.mr_ifindex = ifindex as libc::c_int;
    mreq.mr_type = PACKET_MR_PROMISC;
    setsockopt(fd, libc::SOL_PACKET, libc::PACKET_ADD_MEMBERSHIP, &mreq).map_err(|e| {
        if e.raw_os_error() == Some(libc::ENODEV) {
            Error::NoDevice(ifindex.to_string())
        } else {
            Error::io("setsockopt(PACKET_ADD_MEMBERSHIP)", e).needing("CAP_NET_RAW")
        }
    })
}

/// `getsockopt(SOL_PACKET, PACKET_STATISTICS)` as `tpacket_stats_v3`: the counts since the
/// previous call (reading resets them).
pub(crate) fn packet_statistics(fd: BorrowedFd<'_>) -> Result<libc::tpacket_stats_v3> {
    getsockopt(fd, libc::SOL_PACKET, libc::PACKET_STATISTICS)
        .map_err(|e| Error::io("getsockopt(PACKET_STATISTICS)", e))
}

/// `setsockopt(SOL_NETLINK, NETLINK_LISTEN_ALL_NSID)` on: the socket also receives the
/// notifications of every peer namespace that has an id in its own. Needs
/// `CAP_NET_BROADCAST`.
pub(crate) fn listen_all_nsid(fd: BorrowedFd<'_>) -> Result<()> {
    setsockopt(fd, libc::SOL_NETLINK, libc::NETLINK_LISTEN_ALL_NSID, &1i32).map_err(|e| {
        Error::io("setsockopt(NETLINK_LISTEN_ALL_NSID)", e).needing("CAP_NET_BROADCAST")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    /// The `flags:` line of `/proc/self/fdinfo/FD` (octal open flags).
    fn open_flags(fd: BorrowedFd<'_>) -> u32 {
        let info =
            std::fs::read_to_string(format!("/proc/self/fdinfo/{}", fd.as_raw_fd())).unwrap();
        let line = info.lines().find(|l| l.starts_with("flags:")).unwrap();
        u32::from_str_radix(line["flags:".len()..].trim(), 8).unwrap()
    }

    #[test]
    fn sockets_are_close_on_exec() {
        let inet = inet_dgram().unwrap();
        assert_ne!(open_flags(inet.as_fd()) & libc::O_CLOEXEC as u32, 0);
        let nl = netlink(libc::NETLINK_ROUTE, libc::SOCK_NONBLOCK).unwrap();
        let flags = open_flags(nl.as_fd());
        assert_ne!(flags & libc::O_CLOEXEC as u32, 0);
        assert_ne!(flags & libc::O_NONBLOCK as u32, 0);
    }

    #[test]
    fn options_set_and_read_back() {
        let fd = netlink(libc::NETLINK_ROUTE, 0).unwrap();
        set_rcvbuf(fd.as_fd(), 16 << 10).unwrap();
        // The kernel doubles the size asked for (bookkeeping overhead).
        let got: libc::c_int = getsockopt(fd.as_fd(), libc::SOL_SOCKET, libc::SO_RCVBUF).unwrap();
        assert_eq!(got, 2 * (16 << 10));
        assert!(take_error(fd.as_fd()).unwrap().is_none());
        bind_netlink(fd.as_fd(), 0).unwrap();
    }
}
