//! Capabilities (capabilities(7)) of the calling thread: the sets it holds, giving them up for
//! good once a capture's sockets and first file are open, and whether a directory still takes
//! new files without them.
//!
//! Capabilities, the bounding set and `no_new_privs` belong to each thread, and a thread
//! inherits its creator's: [`relinquish`] changes the calling thread only, so it refuses to run
//! while other threads exist (the threads started afterwards inherit what is left).

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::error::{Error, Result};
use crate::user::{self, Account};

/// A capability promisc names, with its number in `linux/capability.h` as discriminant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Capability {
    /// `CAP_DAC_OVERRIDE`: file permissions do not apply (create files in any directory).
    DacOverride = 1,
    /// `CAP_SETGID`: change group ids (`setgid`, `initgroups`).
    SetGid = 6,
    /// `CAP_SETUID`: change user ids (`setuid`).
    SetUid = 7,
    /// `CAP_SETPCAP`: shrink the bounding set.
    SetPcap = 8,
    /// `CAP_NET_ADMIN`: interface flags and other network administration.
    NetAdmin = 12,
    /// `CAP_NET_RAW`: packet sockets.
    NetRaw = 13,
}

impl Capability {
    /// Its name as the kernel's headers spell it (`CAP_NET_RAW`).
    pub fn name(self) -> &'static str {
        match self {
            Capability::DacOverride => "CAP_DAC_OVERRIDE",
            Capability::SetGid => "CAP_SETGID",
            Capability::SetUid => "CAP_SETUID",
            Capability::SetPcap => "CAP_SETPCAP",
            Capability::NetAdmin => "CAP_NET_ADMIN",
            Capability::NetRaw => "CAP_NET_RAW",
        }
    }

    fn bit(self) -> u64 {
        1 << (self as u8)
    }
}

/// A set of capabilities, as the kernel's 64-bit masks (bit N: capability number N).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CapSet(u64);

impl CapSet {
    /// No capability.
    pub const EMPTY: CapSet = CapSet(0);

    /// The set of `caps`.
    pub fn of(caps: &[Capability]) -> CapSet {
        CapSet(caps.iter().fold(0, |m, c| m | c.bit()))
    }

    /// The set of the mask `bits` (bit N: capability number N).
    pub fn from_bits(bits: u64) -> CapSet {
        CapSet(bits)
    }

    /// The mask (bit N: capability number N), as /proc/PID/status shows it.
    pub fn bits(self) -> u64 {
        self.0
    }

    /// Whether `cap` is in the set.
    pub fn contains(self, cap: Capability) -> bool {
        self.0 & cap.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The capabilities in both sets.
    pub fn and(self, other: CapSet) -> CapSet {
        CapSet(self.0 & other.0)
    }
}

/// The three capability sets of a thread that `capget(2)` and `capset(2)` read and write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sets {
    /// What the kernel checks now.
    pub effective: CapSet,
    /// What the thread may make effective again.
    pub permitted: CapSet,
    /// What may pass through `execve`.
    pub inheritable: CapSet,
}

/// `_LINUX_CAPABILITY_VERSION_3`: 64-bit sets, as two `__user_cap_data_struct`s.
const VERSION_3: u32 = 0x2008_0522;

/// `struct __user_cap_header_struct`.
#[repr(C)]
struct Header {
    version: u32,
    pid: libc::c_int,
}

/// `struct __user_cap_data_struct`: 32 bits of each set.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct Data {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

fn join(low: u32, high: u32) -> CapSet {
    CapSet(u64::from(low) | (u64::from(high) << 32))
}

/// `capget(2)`: the calling thread's effective, permitted and inheritable sets.
pub fn current() -> Result<Sets> {
    let mut header = Header {
        version: VERSION_3,
        pid: 0,
    };
    let mut data = [Data::default(); 2];
    // SAFETY: header and data are live and writable, laid out as capget expects for version 3
    // (one header, two data structs).
    let rc = unsafe {
        libc::syscall(
            libc::SYS_capget,
            &mut header as *mut Header,
            data.as_mut_ptr(),
        )
    };
    if rc != 0 {
        return Err(Error::io("capget", io::Error::last_os_error()));
    }
    Ok(Sets {
        effective: join(data[0].effective, data[1].effective),
        permitted: join(data[0].permitted, data[1].permitted),
        inheritable: join(data[0].inheritable, data[1].inheritable),
    })
}

/// `capset(2)`: sets the calling thread's three sets (the kernel refuses to raise any).
fn set(sets: Sets) -> Result<()> {
    let mut header = Header {
        version: VERSION_3,
        pid: 0,
    };
    let split = |s: CapSet| (s.0 as u32, (s.0 >> 32) as u32);
    let (e, e_hi) = split(sets.effective);
    let (p, p_hi) = split(sets.permitted);
    let (i, i_hi) = split(sets.inheritable);
    let data = [
        Data {
            effective: e,
            permitted: p,
            inheritable: i,
        },
        Data {
            effective: e_hi,
            permitted: p_hi,
            inheritable: i_hi,
        },
    ];
    // SAFETY: header and data are live and laid out as capset expects for version 3; the
    // kernel only reads data.
    let rc = unsafe { libc::syscall(libc::SYS_capset, &mut header as *mut Header, data.as_ptr()) };
    if rc != 0 {
        return Err(Error::io("capset", io::Error::last_os_error()));
    }
    Ok(())
}

/// `prctl(2)` with integer arguments; its result, or the OS error.
fn prctl(option: libc::c_int, arg: libc::c_ulong, arg2: libc::c_ulong) -> io::Result<i32> {
    // SAFETY: every option used here takes integers only, and the unused ones must be 0.
    let rc = unsafe { libc::prctl(option, arg, arg2, 0 as libc::c_ulong, 0 as libc::c_ulong) };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// `prctl(PR_CAPBSET_DROP)` of every capability in the bounding set but those of `keep`
/// (`PR_CAPBSET_READ` says which the kernel knows). Needs `CAP_SETPCAP` in effect.
fn drop_bounding(keep: CapSet) -> Result<()> {
    for cap in 0..64u32 {
        let held = match prctl(libc::PR_CAPBSET_READ, cap.into(), 0) {
            Ok(held) => held == 1,
            // Past the last capability this kernel knows.
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => break,
            Err(e) => return Err(Error::io("prctl(PR_CAPBSET_READ)", e)),
        };
        if held && keep.0 & (1 << cap) == 0 {
            prctl(libc::PR_CAPBSET_DROP, cap.into(), 0)
                .map_err(|e| Error::io("prctl(PR_CAPBSET_DROP)", e))?;
        }
    }
    Ok(())
}

/// `prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)`: empties the ambient set (a kernel before
/// 4.3 has none: nothing to do).
fn clear_ambient() -> Result<()> {
    match prctl(
        libc::PR_CAP_AMBIENT,
        libc::PR_CAP_AMBIENT_CLEAR_ALL as libc::c_ulong,
        0,
    ) {
        Ok(_) => Ok(()),
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ok(()),
        Err(e) => Err(Error::io("prctl(PR_CAP_AMBIENT_CLEAR_ALL)", e)),
    }
}

/// `prctl(PR_GET_NO_NEW_PRIVS)`: whether `execve` can no longer grant privileges to this
/// thread (set-user-ID bits and file capabilities are ignored).
pub fn no_new_privs() -> Result<bool> {
    prctl(libc::PR_GET_NO_NEW_PRIVS, 0, 0)
        .map(|v| v == 1)
        .map_err(|e| Error::io("prctl(PR_GET_NO_NEW_PRIVS)", e))
}

/// `faccessat2(2)` with `W_OK | X_OK` and `AT_EACCESS`: whether the calling thread may create
/// files in `dir`, as its effective ids and capabilities stand now. `None` when the kernel
/// cannot say: it has no `faccessat2` (before Linux 5.8), or a seccomp filter refuses it
/// (`EPERM`).
pub fn may_create_in(dir: &Path) -> Result<Option<bool>> {
    let path = CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| Error::io("faccessat2", io::Error::other("NUL in path")))?;
    // SAFETY: path is NUL-terminated and live for the call; the other arguments are integers.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_faccessat2,
            libc::AT_FDCWD,
            path.as_ptr(),
            libc::W_OK | libc::X_OK,
            libc::AT_EACCESS,
        )
    };
    if rc == 0 {
        return Ok(Some(true));
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EACCES | libc::EROFS) => Ok(Some(false)),
        Some(libc::ENOSYS | libc::EPERM) => Ok(None),
        _ => Err(Error::io("faccessat2", e)),
    }
}

/// `capset(2)` lowering the effective set to nothing around [`may_create_in`], then raising it
/// back: whether `dir` would still take new files from this thread's user once it holds no
/// capability (`None` when the kernel cannot say).
pub fn may_create_in_without_capabilities(dir: &Path) -> Result<Option<bool>> {
    let before = current()?;
    set(Sets {
        effective: CapSet::EMPTY,
        ..before
    })?;
    let answer = may_create_in(dir);
    set(before)?;
    answer
}

/// How many threads the process runs (the entries of `/proc/self/task`); `None` when /proc
/// cannot tell.
fn threads() -> Option<usize> {
    std::fs::read_dir("/proc/self/task")
        .ok()
        .map(|d| d.filter(|e| e.is_ok()).count())
}

/// `prctl(PR_CAPBSET_DROP)`, `prctl(PR_CAP_AMBIENT_CLEAR_ALL)`, the switch to `user`
/// (`initgroups`, `setgid`, `setuid`), `capset(2)` and `prctl(PR_SET_NO_NEW_PRIVS)`: gives up,
/// for good, every capability but those of `keep` the thread holds, and returns what is kept.
///
/// In that order, because each step needs what the next one takes away: the bounding set
/// (shrunk only with `CAP_SETPCAP`, left as it is without) first; then the user switch, which
/// needs `CAP_SETUID` and `CAP_SETGID` and clears every capability when it leaves uid 0 (so
/// nothing is kept with a `user`); then the effective, permitted and inheritable sets, left
/// with the kept ones; and `no_new_privs`, so that no `execve` can give any back. Afterwards the
/// sets are read back and checked.
///
/// Capabilities belong to each thread: this refuses to run while the process has other threads
/// (they would keep theirs).
pub fn relinquish(keep: CapSet, user: Option<&Account>) -> Result<CapSet> {
    if let Some(n) = threads().filter(|&n| n > 1) {
        return Err(Error::io(
            "capset",
            io::Error::other(format!(
                "capabilities belong to each thread: {n} threads run, give them up before any \
                 other starts"
            )),
        ));
    }
    let before = current()?;
    let keep = if user.is_some() {
        CapSet::EMPTY
    } else {
        keep.and(before.permitted)
    };
    if before.effective.contains(Capability::SetPcap) {
        drop_bounding(keep)?;
    }
    clear_ambient()?;
    if let Some(account) = user {
        user::drop_privileges(account)?;
    }
    set(Sets {
        effective: keep,
        permitted: keep,
        inheritable: CapSet::EMPTY,
    })?;
    prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0)
        .map_err(|e| Error::io("prctl(PR_SET_NO_NEW_PRIVS)", e))?;
    let after = current()?;
    if after.effective != keep || after.permitted != keep || !after.inheritable.is_empty() {
        return Err(Error::io(
            "capset",
            io::Error::other(format!(
                "capabilities {:#x} remain, {:#x} were to be kept",
                after.permitted.0, keep.0
            )),
        ));
    }
    if !no_new_privs()? {
        return Err(Error::io(
            "prctl(PR_SET_NO_NEW_PRIVS)",
            io::Error::other("no_new_privs did not stick"),
        ));
    }
    Ok(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_and_names() {
        let s = CapSet::of(&[Capability::NetRaw, Capability::DacOverride]);
        assert_eq!(s.bits(), (1 << 13) | (1 << 1));
        assert!(s.contains(Capability::NetRaw) && !s.contains(Capability::NetAdmin));
        assert_eq!(s.and(CapSet::of(&[Capability::NetRaw])).bits(), 1 << 13);
        assert!(CapSet::EMPTY.is_empty());
        assert_eq!(Capability::SetUid.name(), "CAP_SETUID");
        // What capget reads, capset would write back unchanged.
        let now = current().unwrap();
        assert_eq!(now.effective.and(now.permitted), now.effective);
    }

    #[test]
    fn nothing_is_given_up_while_other_threads_run() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let other = std::thread::spawn(move || rx.recv());
        let before = current().unwrap();
        let e = relinquish(CapSet::EMPTY, None).unwrap_err();
        assert!(e.to_string().contains("threads run"), "{e}");
        assert_eq!(current().unwrap(), before);
        drop(tx);
        let _ = other.join();
    }

    #[test]
    fn asking_about_a_directory() {
        let dir = std::env::temp_dir();
        let before = current().unwrap();
        assert_ne!(may_create_in(&dir).unwrap(), Some(false), "{dir:?}");
        let missing = dir.join("promisc-caps-no-such-dir/x");
        assert!(may_create_in(&missing).is_err());
        assert_ne!(
            may_create_in_without_capabilities(&dir).unwrap(),
            Some(false),
            "{dir:?} is world-writable"
        );
        assert_eq!(
            current().unwrap(),
            before,
            "the effective set is raised back"
        );
    }
}
