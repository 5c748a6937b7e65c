//! Interfaces, counters and holders: the attribution logic of promisc, with no I/O.
//!
//! Feed [`promisc_facts::world::World`] (what the kernel said, read by `promisc-sys` or recorded
//! in a test) to
//! [`attribution::attribute`] and get one [`attribution::InterfaceStatus`] per interface, with
//! every holder of its promiscuity counter and whatever is left unexplained. [`rules`] implements
//! the `--check --allow` audit on top. [`diff`] says what changed between two attributions, and
//! [`watch`] matches the counter transitions of link notifications with those changes (the
//! events of `promisc watch`); [`summary`] folds those events into `watch --summary`'s
//! table.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attribution;
pub mod diff;
pub mod eventlog;
pub mod rules;
pub mod summary;
pub mod watch;

pub use attribution::{attribute, Holder, InterfaceStatus};
