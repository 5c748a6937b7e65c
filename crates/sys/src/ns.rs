//! Namespaces: `setns(CLONE_NEWNET)` on a dedicated thread, of a thread, or of the whole
//! process while it has one thread (`-n NETNS`); and the cgroup namespace `/proc/PID/cgroup`
//! is read in.

use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use crate::error::{Error, Result};

/// `open(2)` of a namespace file (`/run/netns/NAME`, `/proc/PID/ns/net`), read-only.
pub fn open(path: &str) -> Result<OwnedFd> {
    File::open(path)
        .map(OwnedFd::from)
        .map_err(|e| Error::io("open(netns)", e))
}

/// `setns(fd, CLONE_NEWNET)` of the calling thread only: it moves into the network namespace
/// `fd` opens, and so does every thread it starts afterwards (a new thread inherits its
/// creator's namespaces); the process's other threads stay where they are. Needs
/// `CAP_SYS_ADMIN`. `EINVAL` means `fd` is not a network namespace.
pub fn enter_thread(fd: BorrowedFd<'_>) -> Result<()> {
    // SAFETY: setns(2) takes a live descriptor and a flag; it changes only the calling
    // thread's namespace, which the caller asked for.
    let rc = unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWNET) };
    if rc != 0 {
        return Err(
            Error::io("setns(CLONE_NEWNET)", io::Error::last_os_error()).needing("CAP_SYS_ADMIN")
        );
    }
    Ok(())
}

/// [`enter_thread`] for the whole process: `setns(fd, CLONE_NEWNET)` of the calling thread
/// once `/proc/self/task` shows it is the only one, so that no thread is left behind in the
/// old namespace. Call it before any thread starts. `/proc/self/net` then follows (it is the
/// namespace of the thread group's leader when the caller is `main`); `/sys/class/net` does
/// not: it shows the namespace sysfs was mounted in.
pub fn enter_process(fd: BorrowedFd<'_>) -> Result<()> {
    let threads = std::fs::read_dir("/proc/self/task")
        .map_err(|e| Error::io("reading /proc/self/task", e))?
        .count();
    if threads != 1 {
        return Err(Error::io(
            "setns(CLONE_NEWNET) of the process",
            io::Error::other(format!(
                "{threads} threads run; the namespace must be entered before any starts"
            )),
        ));
    }
    enter_thread(fd)
}

/// Runs `f` on a new thread that first enters the network namespace at `path` with
/// `setns(fd, CLONE_NEWNET)`. The calling thread's namespace is untouched. Entering another
/// namespace needs `CAP_SYS_ADMIN`.
pub fn run_in<T: Send>(path: &str, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
    let fd = open(path)?;
    std::thread::scope(|s| {
        s.spawn(move || {
            // This thread runs nothing but `f` and then ends.
            enter_thread(fd.as_fd())?;
            f()
        })
        .join()
        .unwrap_or_else(|_| Err(Error::io("netns thread", io::Error::other("panicked"))))
    })
}

/// Moves the calling thread into the cgroup namespace at `path` (`/proc/1/ns/cgroup`: the
/// host's, for a process that shares the host's PID namespace) with `setns(fd,
/// CLONE_NEWCGROUP)`, unless it is in that namespace already: `Ok(true)` when it moved.
/// Threads started afterwards inherit it. The kernel writes every `/proc/PID/cgroup` path
/// relative to the reader's cgroup namespace: in a container with one of its own (Kubernetes
/// on cgroup v2), another pod's process reads `/../../burstable/pod<uid>/<id>`, without the
/// `kubepods` that says it is a pod. Needs `CAP_SYS_ADMIN` (and `CAP_SYS_PTRACE` to open
/// another user's `/proc/PID/ns/cgroup`).
pub fn enter_cgroup_ns(path: &str) -> Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let id = |p: &str| {
        std::fs::metadata(p)
            .map(|m| (m.dev(), m.ino()))
            .map_err(|e| Error::io("stat(cgroup namespace)", e))
    };
    if id("/proc/thread-self/ns/cgroup")? == id(path)? {
        return Ok(false);
    }
    let fd = File::open(path)
        .map(OwnedFd::from)
        .map_err(|e| Error::io("open(cgroup namespace)", e))?;
    // SAFETY: setns(2) takes a descriptor we own and a flag; it changes only the calling
    // thread's cgroup namespace, which is what the caller asks for.
    let rc = unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWCGROUP) };
    if rc != 0 {
        return Err(
            Error::io("setns(CLONE_NEWCGROUP)", io::Error::last_os_error())
                .needing("CAP_SYS_ADMIN"),
        );
    }
    Ok(true)
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
