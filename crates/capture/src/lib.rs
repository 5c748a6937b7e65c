//! Capture sessions of promisc: AF_PACKET `TPACKET_V3` sockets (through `promisc-sys`), the
//! filter, savefile writers with rotation, one-line and JSON printing, and statistics in
//! tcpdump's terms. No `unsafe` here: every kernel call is in `promisc-sys`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod live;
pub mod rotation;
pub mod sink;

pub use live::{Capture, Config, Event, Running, Summary, Target};
pub use rotation::Rotation;
pub use sink::{CountSink, FileSink, Flow, PrintSink, Sink, SinkError, TeeSink};
