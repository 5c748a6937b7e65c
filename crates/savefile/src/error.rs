//! The one error type of the crate.

use std::io;

/// What went wrong reading or writing a savefile.
///
/// Offsets count bytes from the start of the stream given to the [`crate::Reader`] and point at
/// the start of the record or block at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The underlying reader or writer failed.
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
    /// The stream starts with neither a pcap nor a pcapng magic number.
    #[error("not a pcap or pcapng file: unknown magic number 0x{magic:08x}")]
    UnknownFormat {
        /// The first four bytes of the stream, in file order.
        magic: u32,
    },
    /// The stream ended in the middle of a header, record or block.
    #[error("truncated file: {what} at byte {offset} needs {needed} bytes, only {available} left")]
    Truncated {
        /// Where the incomplete header, record or block starts.
        offset: u64,
        /// What was being read.
        what: &'static str,
        /// How many bytes it needs.
        needed: u64,
        /// How many the stream still had.
        available: u64,
    },
    /// The file breaks its format: a bad length, version, option or interface reference.
    #[error("malformed file at byte {offset}: {what}")]
    Malformed {
        /// Where the bad header, record or block starts.
        offset: u64,
        /// What is wrong with it.
        what: String,
    },
    /// A second interface was added to a pcap writer: pcap files hold one, use pcapng.
    #[error("a pcap file holds a single interface; write pcapng for several")]
    SeveralInterfaces,
    /// A packet or statistics block names an interface that was never added to the writer.
    #[error("unknown interface {0}: add it with add_interface first")]
    UnknownInterface(u32),
    /// A value does not fit the format being written (a pcap timestamp after 2106, a link type
    /// above 65535 in pcapng, a packet over 256 MiB, a string option over 65535 bytes).
    #[error("cannot write this to the file: {0}")]
    Unrepresentable(String),
}
