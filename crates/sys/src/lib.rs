//! Every syscall and `unsafe` block of promisc: rtnetlink, sock_diag, AF_PACKET sockets and
//! rings, interface ioctls, `setns`, signals and the `/proc` scans. Everything returns plain
//! facts from [`promisc_facts`], whose safe parsers read the kernel's netlink answers and
//! whose builder writes the requests: this crate only moves the bytes.
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod caps;
pub mod diag;
pub mod dns;
pub mod error;
pub mod gather;
pub mod inotify;
pub mod ioctl;
pub mod memfd;
pub mod netlink;
pub mod ns;
pub mod packet;
pub mod process;
pub mod procfs;
pub mod ring;
pub mod rtnl;
pub mod signals;
mod socket;
mod tx;
mod uapi;
pub mod user;
pub mod wake;

pub use error::{Error, ErrorKind, Result};
pub(crate) use ns::fs_magic;
