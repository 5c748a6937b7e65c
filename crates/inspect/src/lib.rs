//! The application layer of promisc: what several commands share, above the kernel calls of
//! `promisc-sys` and the pure logic of the domain crates. The binary's commands call it; the
//! coming watcher, exporter and doctor reuse it.
//!
//! - [`snapshot()`]: every interface's attributed status, reading as many network namespaces
//!   as the answer needs.
//! - [`devices`]: the interfaces as `tcpdump -D` lists them, with their promiscuity.
//! - [`netns`]: naming network namespaces; [`names`]: port and host names without `-n`.
//! - [`resolve()`]: interface names to links, with an error that lists what exists.
//! - [`filter`]: compiling expressions as the commands do; offline filtering per link type.
//! - [`savefile`]: opening a file to read; [`output`]: the sinks packets are written to.
//! - [`detect`]: `promisc detect`'s discovery and probes.
//! - [`watch`]: `promisc watch`'s engine (notifications, re-reads, the holders' diff).
//! - [`doctor`]: `promisc doctor`'s observations (facts, the passive check, the probes).
#![forbid(unsafe_code)]

pub mod detect;
pub mod devices;
pub mod doctor;
pub mod filter;
pub mod names;
pub mod netns;
pub mod output;
pub mod resolve;
pub mod savefile;
pub mod snapshot;
pub mod watch;

pub use resolve::{resolve, UnknownInterface};
pub use snapshot::{snapshot, Snapshot};
