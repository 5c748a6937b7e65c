//! The application layer of promisc: each feature's running part, above the kernel calls of
//! `promisc-sys` and the pure logic of the domain crates. The binary's commands call it.
//!
//! - [`status`]: every interface's attributed status ([`snapshot()`]), reading as many network
//!   namespaces as the answer needs; [`context`]: the container and pod names of its process
//!   holders, from the runtimes' files.
//! - [`capture`]: `promisc capture`'s run, `read`'s, `filter --test`'s, and what they share:
//!   the interfaces as `tcpdump -D` lists them, compiling expressions as the commands do,
//!   offline filtering per link type, opening savefiles, the sinks packets are written to, and
//!   port and host names without `-n`.
//!
//! Every error here says what kind of failure it is (`kind()`, an [`ErrorKind`]), from which
//! the binary takes its exit code.
//! - [`control`]: `promisc on`, `off` and `hold`: changing promiscuous mode.
//! - [`watch`]: `promisc watch`'s engine (notifications, re-reads, the holders' diff).
//!   [`eventlog`]: its events sent to the journal or syslog.
//! - [`doctor`]: `promisc doctor`'s observations (facts, the passive check, the probes);
//!   [`doctor_host`]: `promisc doctor --host`'s facts (every guest-facing port of a hypervisor).
//! - [`detect`]: `promisc detect`'s discovery and probes.
//! - [`platform`]: what a guest reads of its platform (DMI, hypervisor, containers).
//! - [`resolve()`]: interface names to links, with an error that lists what exists;
//!   [`netns`]: naming network namespaces.
#![forbid(unsafe_code)]

pub mod capture;
pub mod context;
pub mod control;
pub mod detect;
pub mod doctor;
pub mod doctor_host;
pub mod eventlog;
pub mod hooks;
pub mod netns;
pub mod platform;
pub mod resolve;
pub mod status;
pub mod watch;

pub use promisc_facts::link::name_is;
pub use promisc_facts::text::printable;
pub use promisc_sys::ErrorKind;
pub use resolve::{resolve, UnknownInterface};
pub use status::{snapshot, Snapshot};

/// Nanoseconds since 1970, now.
pub fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}
