//! Errors of kernel calls, with the capability a permission error calls for, and the kinds of
//! failure every library error of promisc reports ([`ErrorKind`]), which the binary turns into
//! its exit codes.

use std::io;

use promisc_facts::nlmsg::ParseError;

/// The result of a kernel-facing call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an error is. Every library error of promisc above the kernel calls
/// (capture, the application layer, the switch, the lab, the exporter) says which with a
/// `kind()` method; the binary maps each kind to one exit code (`promisc --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad arguments, a bad configuration or expression, or a name that names nothing of the
    /// right kind (a lab, a host of a lab, a switch).
    Usage,
    /// No such interface, or no such network namespace.
    NoInterface,
    /// A missing privilege.
    Permission {
        /// The capability that would have allowed it, when known (e.g. `CAP_NET_ADMIN`).
        capability: Option<&'static str>,
    },
    /// Any other failure of the system: a kernel call, a file, a helper program.
    System,
    /// A savefile is damaged, truncated or not a savefile.
    BadFile,
    /// Every interface of a capture was deleted while it ran.
    InterfaceGone,
    /// A signal ended the run before it was done (what it had changed was restored).
    Interrupted,
}

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

    /// What kind of failure this is: a permission error (with its capability), no such
    /// device, or a system error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Permission { capability, .. } => ErrorKind::Permission {
                capability: Some(capability),
            },
            Error::NoDevice(_) => ErrorKind::NoInterface,
            _ => ErrorKind::System,
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

/// Whether `e` is `EMSGSIZE`: a datagram too large for the socket (the errno's value is the
/// platform's, which only this crate reads from libc).
pub fn is_message_too_large(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::EMSGSIZE)
}

/// Whether `e` is `EPROTOTYPE`: a datagram sent to a socket path that is not a datagram socket.
pub fn is_wrong_socket_type(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::EPROTOTYPE)
}
