//! AF_PACKET sockets: a `PACKET_MR_PROMISC` membership that holds promiscuous mode.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use promisc_facts::uapi::PACKET_MR_PROMISC;

use crate::error::{Error, Result};

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
        // SAFETY: socket(2) takes no pointers; the result is checked before use. Protocol 0
        // means the socket is not hooked into the receive path.
        let fd = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW | libc::SOCK_CLOEXEC, 0) };
        if fd < 0 {
            return Err(
                Error::io("socket(AF_PACKET)", io::Error::last_os_error()).needing("CAP_NET_RAW")
            );
        }
        Ok(PromiscHold {
            // SAFETY: fd is a freshly created descriptor that nothing else owns.
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
        })
    }

    /// `setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP)` with `PACKET_MR_PROMISC` on `ifindex`.
    pub fn add(&self, ifindex: u32) -> Result<()> {
        add_membership(self.fd.as_raw_fd(), ifindex)
    }

    /// The socket's inode, as `packet_diag` and `/proc/PID/fd` show it.
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

/// `setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP)` with `PACKET_MR_PROMISC` on `ifindex`, for
/// any AF_PACKET socket `fd`.
pub(crate) fn add_membership(fd: RawFd, ifindex: u32) -> Result<()> {
    // SAFETY: packet_mreq is plain data; zeroed is valid.
    let mut mreq: libc::packet_mreq = unsafe { std::mem::zeroed() };
    mreq.mr_ifindex = ifindex as libc::c_int;
    mreq.mr_type = PACKET_MR_PROMISC;
    // SAFETY: mreq is live for the call and its size is passed with it.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_PACKET,
            libc::PACKET_ADD_MEMBERSHIP,
            (&mreq as *const libc::packet_mreq).cast(),
            std::mem::size_of::<libc::packet_mreq>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        let e = io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::ENODEV) {
            return Err(Error::NoDevice(ifindex.to_string()));
        }
        return Err(Error::io("setsockopt(PACKET_ADD_MEMBERSHIP)", e).needing("CAP_NET_RAW"));
    }
    Ok(())
}
