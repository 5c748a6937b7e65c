//! AF_PACKET sockets: a `PACKET_MR_PROMISC` membership that holds promiscuous mode.

use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use crate::error::{Error, Result};
use crate::socket;

/// An AF_PACKET socket holding `PACKET_MR_PROMISC` memberships. Each membership adds 1 to its
/// device's promiscuity counter; the kernel drops them when the socket closes, also when the
/// process is killed.
#[derive(Debug)]
pub struct PromiscHold {
    fd: OwnedFd,
}

impl PromiscHold {
    /// `socket(AF_PACKET, SOCK_RAW, 0)`, never bound, so it receives no packets. Needs
    /// `CAP_NET_RAW`.
    pub fn new() -> Result<Self> {
        // Protocol 0: the socket is not hooked into the receive path.
        Ok(PromiscHold {
            fd: socket::packet(libc::SOCK_RAW)?,
        })
    }

    /// `setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP)` with `PACKET_MR_PROMISC` on `ifindex`.
    pub fn add(&self, ifindex: u32) -> Result<()> {
        socket::add_promisc_membership(self.fd.as_fd(), ifindex)
    }

    /// `fstat(2)`: the socket's inode, as `packet_diag` and `/proc/PID/fd` show it.
    pub fn inode(&self) -> Result<u64> {
        // SAFETY: stat is plain data; zeroed is a valid value to be overwritten.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: the descriptor is owned by self and st is live and writable.
        let rc = unsafe { libc::fstat(self.fd.as_raw_fd(), &mut st) };
        if rc != 0 {
            return Err(Error::io("fstat(socket)", io::Error::last_os_error()));
        }
        Ok(st.st_ino)
    }
}
