//! The running part of `promisc vswitch`, beside its pure core `promisc-vswitch`.
//!
//! * [`switchd`]: the switch's I/O loop. Each port is a `TPACKET_V3` receive ring and a
//!   `sendmmsg` transmit socket (both with virtio-net headers, so that partial checksums and
//!   GSO super-frames of veth ends cross the switch intact); the guest side of each port
//!   follows link notifications of every namespace; one `poll` loop; the decision is
//!   [`promisc_vswitch::Switch::decide`]. The control socket's clients are served by threads
//!   of their own, off the forwarding path.
//! * [`client`]: the control socket's client (`vswitch stats`, `vswitch set`, the lab).
#![forbid(unsafe_code)]

pub mod client;
pub mod switchd;
