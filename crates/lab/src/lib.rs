//! The application layer of `promisc vswitch` and `promisc lab`.
//!
//! * [`switchd`]: the switch's I/O loop. Each port is a `TPACKET_V3` receive ring and a
//!   `sendmmsg` transmit socket (both with virtio-net headers, so that partial checksums and
//!   GSO super-frames of veth ends cross the switch intact); the guest side of each port
//!   follows link notifications of every namespace; one `poll` loop; the decision is
//!   [`promisc_vswitch::Switch::decide`].
//! * [`client`]: the control socket's client (`vswitch stats`, `vswitch set`).
//! * [`lab`]: the nested-VM lab in network namespaces, its ping matrix and the explanations
//!   of each failing pair.
#![forbid(unsafe_code)]

pub mod client;
pub mod lab;
pub mod switchd;
