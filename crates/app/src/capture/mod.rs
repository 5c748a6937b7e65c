//! `promisc capture`, `read` and `filter`: running a live capture ([`live`]), reading a file
//! ([`read`]), and what the three share.
//!
//! - [`devices`]: the interfaces as `tcpdump -D` lists them, with their promiscuity.
//! - [`filter`]: compiling expressions as the commands do; offline filtering per link type.
//! - [`savefile`]: opening a file to read; [`output`]: the sinks packets are written to.
//! - [`names`]: port and host names, as tcpdump prints them without `-n`.

pub mod devices;
pub mod filter;
pub mod live;
pub mod names;
pub mod output;
pub mod read;
pub mod savefile;

use promisc_capture::SinkError;
use promisc_sys::ErrorKind;

pub use promisc_capture::{Event, Rotation, Summary, Target};
pub use promisc_sys::ring::Direction;

/// Why a capture, a read or a filter test failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No interface is up, and none was named.
    #[error("no interface is up to capture on; name one with -i (or -i any)")]
    NoInterfaceUp,
    /// A named interface does not exist.
    #[error(transparent)]
    Unknown(#[from] crate::UnknownInterface),
    /// The filter cannot be used.
    #[error(transparent)]
    Filter(Box<filter::FilterError>),
    /// `-B` asks for rings larger than the machine gives.
    #[error("-B {kib}: {error}")]
    RingTooLarge {
        /// The ring size asked for, in KiB.
        kib: u64,
        /// The capture's refusal (in the message).
        error: promisc_capture::live::Error,
    },
    /// The capture sockets could not be opened.
    #[error("opening the capture sockets")]
    Open(#[source] promisc_capture::live::Error),
    /// A pcap file for several interfaces.
    #[error("-w {path}: a pcap file holds the packets of one interface; for {interfaces} interfaces write pcapng (a .pcapng name, or --format pcapng)")]
    PcapOfSeveral {
        /// The file.
        path: String,
        /// How many interfaces.
        interfaces: usize,
    },
    /// The `-w` file could not be created.
    #[error("-w: {0}")]
    File(SinkError),
    /// `-Z` names no user.
    #[error("-Z {0}: no such user")]
    NoUser(String),
    /// `-I` on an interface that is not an 802.11 one (or on `any`).
    #[error(
        "-I {0}: that device doesn't support monitor mode (it is not an 802.11 interface); \
         drop -I, or name a Wi-Fi interface"
    )]
    NoMonitorMode(String),
    /// `-I` on an 802.11 interface: switching it to monitor mode is not built.
    #[error(
        "-I {0}: promisc does not switch an interface to monitor mode; create a monitor \
         interface and capture on it without -I: `iw dev {0} interface add mon0 type monitor`, \
         `ip link set mon0 up`, `promisc capture -i mon0`"
    )]
    MonitorModeNotBuilt(String),
    /// `-Z` names another user, and this process cannot switch users (a binary with file
    /// capabilities run by a user who is not root).
    #[error(
        "-Z {user}: switching users needs {lacking}, which promisc lacks here: it runs as \
         {running_as} with its file's capabilities only; without -Z it captures as {running_as} \
         and keeps no capability once its sockets and first file are open"
    )]
    CannotSwitch {
        /// The user `-Z` names.
        user: String,
        /// The capabilities missing (`CAP_SETUID and CAP_SETGID`).
        lacking: String,
        /// Who runs the capture.
        running_as: String,
    },
    /// The capabilities could not be given up (or the user switched for `-Z`).
    #[error("giving up privileges")]
    Relinquish(#[source] promisc_sys::Error),
    /// `-C`/`-G` would create their next files in a directory the capture, without
    /// capabilities, cannot write.
    #[error(
        "-C/-G: {user} cannot create files in {dir}, where the next files go: the capture keeps \
         no capability once its sockets and first file are open, so {user} must be able to \
         write there"
    )]
    RotationDirectory {
        /// The directory.
        dir: String,
        /// The user the capture runs as.
        user: String,
    },
    /// Every interface of the capture was deleted while it ran.
    #[error("the interface disappeared: {}; every packet captured until then is kept", names.join(", "))]
    Gone {
        /// The interfaces.
        names: Vec<String>,
        /// The statistics until then.
        summary: Box<Summary>,
    },
    /// The capture failed after it started.
    #[error("capture ended early")]
    Ended(#[source] promisc_capture::live::Error),
    /// The savefile could not be opened.
    #[error(transparent)]
    OpenFile(#[from] savefile::OpenError),
    /// The savefile is damaged after `done` good packets.
    #[error("{path}: {error} (after {done} {})", if *packets { "packets" } else if *done == 1 { "good packet" } else { "good packets" })]
    Damaged {
        /// The file.
        path: String,
        /// What the reader found (in the message).
        error: promisc_savefile::Error,
        /// The packets read before.
        done: u64,
        /// Whether the count is of packets (`filter --test`) or of good packets (`read`).
        packets: bool,
    },
    /// An interface of the file cannot be written or printed.
    #[error("interface {index} of {path} (link type {linktype})")]
    Interface {
        /// Its index in the file.
        index: usize,
        /// The file.
        path: String,
        /// Its link type's name.
        linktype: String,
        /// Why.
        #[source]
        source: SinkError,
    },
    /// Writing or printing failed.
    #[error(transparent)]
    Sink(#[from] SinkError),
    /// A kernel call failed.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

impl From<filter::FilterError> for Error {
    fn from(e: filter::FilterError) -> Self {
        Error::Filter(Box::new(e))
    }
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NoInterfaceUp | Error::Unknown(_) => ErrorKind::NoInterface,
            Error::Filter(_)
            | Error::RingTooLarge { .. }
            | Error::NoUser(_)
            | Error::NoMonitorMode(_)
            | Error::MonitorModeNotBuilt(_)
            | Error::PcapOfSeveral { .. } => ErrorKind::Usage,
            Error::Open(e) | Error::Ended(e) => e.kind(),
            Error::Gone { .. } => ErrorKind::InterfaceGone,
            Error::OpenFile(e) => e.kind(),
            Error::Damaged { .. } => ErrorKind::BadFile,
            Error::CannotSwitch { .. } | Error::RotationDirectory { .. } => {
                ErrorKind::Permission { capability: None }
            }
            Error::Relinquish(e) | Error::Sys(e) => e.kind(),
            Error::File(_) | Error::Interface { .. } | Error::Sink(_) => ErrorKind::System,
        }
    }

    /// The statistics of a capture that ended because its interfaces disappeared (printed
    /// before the error, as the summary of any capture).
    pub fn summary(&self) -> Option<&Summary> {
        match self {
            Error::Gone { summary, .. } => Some(summary),
            _ => None,
        }
    }
}
