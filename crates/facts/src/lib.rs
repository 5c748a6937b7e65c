//! Plain facts read from the kernel, and the pure netlink codec that reads them.
//!
//! Nothing here performs I/O or uses `unsafe`: `promisc-sys` makes the system calls and hands
//! the bytes it receives to the parsers here, `promisc-state` attributes the facts, and tests
//! and fuzz targets feed both with recorded or arbitrary bytes, without libc.
//!
//! - [`uapi`]: the constants of `<linux/if.h>`, `<linux/if_arp.h>`, `<linux/if_packet.h>` and
//!   `<linux/if_link.h>` that the attribution needs.
//! - [`link`], [`packet_diag`], [`fdb`], [`world`]: the facts (links, packet sockets, unicast
//!   lists, processes, namespaces).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod fdb;
pub mod link;
pub mod packet_diag;
pub mod uapi;
pub mod world;
