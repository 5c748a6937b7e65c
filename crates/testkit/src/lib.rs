//! What promisc's tests share (a dev-only crate, never published).
//!
//! * [`gate`]: the one skip rule. A test that cannot run here (not root, no `ip netns`, an
//!   oracle tool missing) is skipped *visibly*; with `PROMISC_REQUIRE_PRIVILEGED=1` (CI) it
//!   fails instead.
//! * [`rng`]: the seeded generator of the randomized tests.
//! * [`corpus`]: the reader of the filter corpus (`crates/filter/tests/corpus.txt`).
//! * [`frames`]: frame builders (Ethernet, IPv4/6, TCP, UDP, ARP, ...); [`packets`]: the
//!   filter tests' deterministic packet set.
//! * [`pcap`]: the one independent pcap/pcapng parser (it shares nothing with
//!   promisc-savefile), the oracle for the files the binary writes.
//! * [`lab`]: the network-namespace lab of the privileged tests (Netns, Proc, bounded
//!   commands, iproute2/sysfs//proc oracles).
//! * [`temp`]: temporary directories; [`cmd`]: running the oracle tools.
//!
//! # How a skip is shown
//!
//! libtest has no "skipped" outcome and decides at compile time only what is `#[ignore]`d,
//! while whether a test can run (root? tcpdump?) is known at run time. So a skipped test
//! returns early and libtest counts it as passed; to keep that honest the gate
//!
//! 1. prints `SKIPPED <test path>: <reason>` on stderr as it happens, written to the file
//!    descriptor so that libtest's capture of passing tests' output does not swallow it, and
//! 2. registers an exit handler that prints, after libtest's own summary,
//!    `promisc-testkit: N of this binary's tests were skipped (...): <test> (<reason>), ...`.
//!
//! A run with nothing skipped prints neither. `PROMISC_REQUIRE_PRIVILEGED=1` turns every skip
//! into a panic naming the reason, so CI (root, every tool installed) runs everything or fails.

pub mod cmd;
pub mod corpus;
pub mod frames;
pub mod gate;
pub mod lab;
pub mod packets;
pub mod pcap;
pub mod rng;
pub mod temp;
