//! Network namespaces: `setns(CLONE_NEWNET)` on a dedicated thread.

use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

use crate::error::{Error, Result};

/// `open(2)` of a namespace file (`/run/netns/NAME`, `/proc/PID/ns/net`), read-only.
pub fn open(path: &str) -> Result<OwnedFd> {
    File::open(path)
        .map(OwnedFd::from)
        .map_err(|e| Error::io("open(netns)", e))
}

/// Runs `f` on a new thread that first enters the network namespace at `path` with
/// `setns(fd, CLONE_NEWNET)`. The calling thread's namespace is untouched. Entering another
/// namespace needs `CAP_SYS_ADMIN`.
pub fn run_in<T: Send>(path: &str, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let fd = open(path)?;
    std::thread::scope(|s| {
        s.spawn(move || {
            // SAFETY: setns(2) takes a descriptor we own and a flag; it affects only this
            // thread, which runs nothing but `f` and then ends.
            let rc = unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWNET) };
            if rc != 0 {
                return Err(Error::io("setns(CLONE_NEWNET)", io::Error::last_os_error())
                    .needing("CAP_SYS_ADMIN"));
            }
            f()
        })
        .join()
        .unwrap_or_else(|_| Err(Error::io("netns thread", io::Error::other("panicked"))))
    })
}

/// `statfs(2)`: the filesystem magic number of `path`.
pub fn fs_magic(path: &str) -> Option<i64> {
    let c = CString::new(path).ok()?;
    // SAFETY: statfs is plain data; zeroed is a valid value to be overwritten.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: c is a NUL-terminated path and st a live, writable statfs.
    let rc = unsafe { libc::statfs(c.as_ptr(), &mut st) };
    (rc == 0).then_some(st.f_type as i64)
}
