//! One module per frame format: named field offsets and protocol constants, a checked view over
//! a byte buffer, and a `Repr` that parses the view into plain values and emits them back.
//!
//! The views follow smoltcp's `Packet<T: AsRef<[u8]>>`: `new_checked` checks the buffer is long
//! enough for the fixed header (and, where the header says how long it is, for that), after which
//! the getters never panic. `Repr::emit` writes a header into a `&mut [u8]` (and `emit_vec`
//! appends a whole frame to a `Vec<u8>`), computing the checksums: the IPv4 header checksum, the
//! UDP, TCP and ICMPv6 pseudo-header checksums and the ICMP checksum.
//!
//! The tcpdump printer reads frames field by field through its own cursor (it must print each
//! field up to the first missing byte), but takes its offsets and constants from these modules.

pub mod arp;
pub mod checksum;
pub mod dns;
pub mod ethernet;
pub mod icmp;
pub mod icmpv6;
pub mod ipv4;
pub mod ipv6;
pub mod sll;
pub mod tcp;
pub mod udp;
pub mod vlan;

use core::fmt;
use core::ops::Range;

/// Why a buffer could not be viewed or parsed as a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The buffer is shorter than the header (or than the length the header gives).
    Truncated,
    /// A field holds a value the format does not allow (a wrong version, a header length under
    /// the minimum, a bad checksum, ...).
    Malformed,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Error::Truncated => "truncated frame",
            Error::Malformed => "malformed frame",
        })
    }
}

impl std::error::Error for Error {}

/// The result of checking or parsing a frame.
pub type Result<T> = core::result::Result<T, Error>;

/// A byte range of a header, for the `field` constants.
pub type Field = Range<usize>;

/// Reads a big-endian `u16` at `at`; the caller has checked the length.
#[inline(always)]
pub(crate) fn get16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

/// Reads a big-endian `u32` at `at`; the caller has checked the length.
#[inline(always)]
pub(crate) fn get32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Writes a big-endian `u16` at `at`; the caller has checked the length.
#[inline(always)]
pub(crate) fn put16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_be_bytes());
}

/// Writes a big-endian `u32` at `at`; the caller has checked the length.
#[inline(always)]
pub(crate) fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_be_bytes());
}

/// Checks that `buf` holds at least `len` bytes.
#[inline(always)]
pub(crate) fn check_len(buf: &[u8], len: usize) -> Result<()> {
    if buf.len() < len {
        Err(Error::Truncated)
    } else {
        Ok(())
    }
}
