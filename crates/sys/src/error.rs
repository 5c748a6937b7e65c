//! Errors of kernel calls, with the capability a permission error calls for.

use std::io;

use promisc_facts::nlmsg::ParseError;

/// The result of a kernel-facing call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong talking to the kernel.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A system call failed.
    #[error("{context}: {source}")]
    Io {
        /// The call, e.g. `socket(AF_PACKET)`.
        context: &'static str,
        /// The OS error.
        #[source]
        source: io::Error,
    },
    /// The kernel answered a netlink request with an error.
    #[error("{context}: {source}")]
    Netlink {
        /// The request, e.g. `RTM_NEWLINK`.
        context: &'static str,
        /// The errno the kernel returned.
        #[source]
        source: io::Error,
    },
    /// The kernel refused for lack of a capability.
    #[error("{context}: permission denied: this needs {capability}")]
    Permission {
        /// The call refused.
        context: &'static str,
        /// The capability it needs, e.g. `CAP_NET_ADMIN`.
        capability: &'static str,
    },
    /// There is no device with that index or name.
    #[error("no such device: {0}")]
    NoDevice(String),
    /// A netlink answer did not parse.
    #[error("malformed netlink answer: {0}")]
    Parse(#[from] ParseError),
    /// A netlink datagram was larger than the receive buffer.
    #[error("a netlink answer was truncated")]
    Truncated,
    /// A dump was interrupted by a concurrent change.
    #[error("the kernel interrupted a dump because the state changed during it")]
    Interrupted,
}

impl Error {
    /// An error from a failed system call.
    pub fn io(context: &'static str, source: io::Error) -> Self {
        Error::Io { context, source }
    }

    /// An error from a netlink `NLMSG_ERROR` answer carrying `errno`.
    pub fn netlink(context: &'static str, errno: i32) -> Self {
        Error::Netlink {
            context,
            source: io::Error::from_raw_os_error(errno),
        }
    }

    /// The OS error number, when there is one.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Io { source, .. } | Error::Netlink { source, .. } => source.raw_os_error(),
            _ => None,
        }
    }

    /// Turns `EPERM`/`EACCES` into [`Error::Permission`] naming `capability`.
    pub fn needing(self, capability: &'static str) -> Self {
        match (&self, self.errno()) {
            (Error::Io { context, .. } | Error::Netlink { context, .. }, Some(e))
                if e == libc::EPERM || e == libc::EACCES =>
            {
                Error::Permission {
                    context,
                    capability,
                }
            }
            _ => self,
        }
    }
}
