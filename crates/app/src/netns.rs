//! Naming network namespaces.

use promisc_sys::procfs::{self, NetnsEntry};

/// The name of namespace `inode` among `peers`, or `net:[INODE]` when it has none.
pub fn name_of(peers: &[NetnsEntry], inode: u64) -> String {
    peers
        .iter()
        .find(|p| p.inode == inode)
        .map_or_else(|| format!("net:[{inode}]"), |p| p.name.clone())
}

/// The name of the caller's network namespace, as [`crate::snapshot()`] gives it.
pub fn current_name() -> String {
    procfs::current_netns_inode().map_or_else(
        || "this namespace".to_string(),
        |inode| name_of(&procfs::list_netns(), inode),
    )
}

/// Why the network namespace a command was told to run in (`-n`, `--netns`) cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The name names no namespace.
    #[error(
        "no network namespace {spec:?}: give a name of /run/netns ({}), `default`, pid:PID or \
         the path of a namespace file; `ip netns list` shows the names, `ip netns add NAME` \
         makes one",
        listed(existing)
    )]
    Unknown {
        /// What was given.
        spec: String,
        /// The names under /run/netns.
        existing: Vec<String>,
    },
    /// The path (or `pid:PID`) names a file that is not a network namespace.
    #[error(
        "{} is not a network namespace (give a name of /run/netns, pid:PID, \
         /proc/PID/ns/net or a bind mount of one)",
        if spec == path { spec.clone() } else { format!("{spec} ({path})") }
    )]
    NotNetns {
        /// What was given.
        spec: String,
        /// The file it names.
        path: String,
    },
    /// The namespace file cannot be opened, or the namespace entered.
    #[error("network namespace {spec}")]
    Sys {
        /// What was given.
        spec: String,
        /// What failed.
        #[source]
        source: promisc_sys::Error,
    },
}

impl Error {
    /// What kind of failure this is: a namespace that does not exist is "no such interface
    /// or namespace" (exit 3), a refusal to enter it a missing `CAP_SYS_ADMIN` (exit 4).
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        match self {
            Error::Unknown { .. } | Error::NotNetns { .. } => promisc_sys::ErrorKind::NoInterface,
            Error::Sys { source, .. } => source.kind(),
        }
    }
}

/// The names of /run/netns, for an error about one that does not exist.
fn listed(existing: &[String]) -> String {
    if existing.is_empty() {
        "there is none".to_string()
    } else {
        format!("there: {}", existing.join(", "))
    }
}

/// Where a namespace given as `spec` is, or `None` when `spec` names none: a path (anything
/// with a `/`) is itself, `pid:PID` is `/proc/PID/ns/net`, `net:[INODE]` (as status names a
/// namespace it found no other name for) the namespace of that inode, and a name is
/// `/run/netns/NAME` (as `ip -n NAME`), else `default` is the initial namespace.
fn locate(spec: &str) -> Option<String> {
    if spec.contains('/') {
        return Some(spec.to_string());
    }
    if let Some(pid) = spec.strip_prefix("pid:") {
        let pid: u32 = pid.parse().ok().filter(|p| *p > 0)?;
        return Some(format!("/proc/{pid}/ns/net"));
    }
    if let Some(entry) = procfs::named_netns(spec) {
        return Some(entry.path);
    }
    procfs::list_netns()
        .into_iter()
        .find(|p| p.name == spec || format!("net:[{}]", p.inode) == spec)
        .map(|p| p.path)
}

/// A network namespace a command runs in, found and opened (`open(2)` of its file).
#[derive(Debug)]
pub struct Netns {
    spec: String,
    path: String,
    fd: std::os::fd::OwnedFd,
}

impl Netns {
    /// The namespace `spec` names (see the `-n` flag: a name of /run/netns, `default`,
    /// `pid:PID`, `net:[INODE]` or a path), opened; an error that lists the names of
    /// /run/netns when there is none such.
    pub fn open(spec: &str) -> Result<Self, Error> {
        let unknown = || Error::Unknown {
            spec: spec.to_string(),
            existing: procfs::list_netns()
                .into_iter()
                .filter(|p| p.path.starts_with("/run/netns/"))
                .map(|p| p.name)
                .collect(),
        };
        let Some(path) = locate(spec) else {
            return Err(unknown());
        };
        // A file that is not a namespace opens; entering it then fails with EINVAL.
        let fd = promisc_sys::ns::open(&path).map_err(|e| {
            if errno_kind(&e) == Some(std::io::ErrorKind::NotFound) {
                return unknown();
            }
            Error::Sys {
                spec: spec.to_string(),
                source: e.needing("CAP_SYS_PTRACE"),
            }
        })?;
        Ok(Netns {
            spec: spec.to_string(),
            path,
            fd,
        })
    }

    /// The namespace as it was given.
    pub fn spec(&self) -> &str {
        &self.spec
    }

    /// Moves the whole process into the namespace (`setns(2)` of the calling thread while it
    /// is the only one): every thread started afterwards, every socket opened and every
    /// command run is in it. Call it before any thread starts.
    pub fn enter_process(&self) -> Result<(), Error> {
        use std::os::fd::AsFd;
        promisc_sys::ns::enter_process(self.fd.as_fd()).map_err(|e| self.entering(e))
    }

    /// Moves the calling thread into the namespace (`setns(2)`), and with it every thread it
    /// starts afterwards; the process's other threads stay where they are.
    pub fn enter_thread(&self) -> Result<(), Error> {
        use std::os::fd::AsFd;
        promisc_sys::ns::enter_thread(self.fd.as_fd()).map_err(|e| self.entering(e))
    }

    /// The error of a failed `setns`: `EINVAL` means the file is another kind of namespace.
    fn entering(&self, e: promisc_sys::Error) -> Error {
        if errno_kind(&e) == Some(std::io::ErrorKind::InvalidInput) {
            return Error::NotNetns {
                spec: self.spec.clone(),
                path: self.path.clone(),
            };
        }
        Error::Sys {
            spec: self.spec.clone(),
            source: e,
        }
    }
}

/// The kind of the OS error `e` carries, if any.
fn errno_kind(e: &promisc_sys::Error) -> Option<std::io::ErrorKind> {
    e.errno()
        .map(|n| std::io::Error::from_raw_os_error(n).kind())
}
