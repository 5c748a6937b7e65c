//! Plain facts read from the kernel, and the pure netlink codec that reads them.
//!
//! Nothing here performs I/O or uses `unsafe`: `promisc-sys` makes the system calls and hands
//! the bytes it receives to the parsers here, `promisc-state` attributes the facts, and tests
//! and fuzz targets (`fuzz/fuzz_targets/netlink.rs`) feed the parsers recorded or arbitrary
//! bytes, without libc. The parsers never panic: malformed input is a [`nlmsg::ParseError`].
//!
//! - [`uapi`]: the constants of `<linux/if.h>`, `<linux/if_arp.h>`, `<linux/if_packet.h>` and
//!   `<linux/if_link.h>` that the attribution needs.
//! - [`nlmsg`]: netlink framing (`nlmsghdr`) and attribute iteration (`nlattr`).
//! - One module per message kind, each with its facts, its uapi numbers and its parser:
//!   [`link`] (`RTM_NEWLINK`), [`packet_diag`] (`SOCK_DIAG_BY_FAMILY` for `AF_PACKET`),
//!   [`fdb`] (`RTM_NEWNEIGH` of an `AF_BRIDGE` dump), [`nsid`] (`RTM_NEWNSID`).
//! - [`request`]: the bytes of a request.
//! - [`text`]: what reaches a terminal, control characters escaped.
//! - [`world`]: processes, namespaces, and everything read from them.
//! - [`cgroup`]: a process's systemd unit, container and Kubernetes pod, from the text of
//!   `/proc/PID/cgroup` (and the names the runtimes keep in files).
//!
//! The netlink parser is hand-written on purpose. It reads only the attributes the attribution
//! uses and allocates only the facts it returns; it measured about 30 times faster than
//! `netlink-packet-route` on a dump of 2,000 links, which `bench/status.sh` (`promisc status`
//! against `ip -d -j link show` on 2,000 interfaces) needs.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod addr;
pub mod bpf;
pub mod cgroup;
pub mod fdb;
pub mod link;
pub mod nlmsg;
pub mod nsid;
pub mod packet_diag;
pub mod request;
pub mod text;
pub mod uapi;
pub mod world;

#[cfg(test)]
mod tests;
