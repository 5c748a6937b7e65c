//! `promisc filter` and filter expressions judged by tcpdump, and every program the compiler
//! emits accepted by the kernel. (Filters on a live capture: `capture::filtering`.)

mod attach;
mod cli;
