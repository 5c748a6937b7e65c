//! The application layer of `promisc lab`: the nested-VM lab in network namespaces, its ping
//! matrix and the explanations of each failing pair. The lab's switch is `promisc vswitch run`
//! (`promisc-vswitchd`), started as a process and reached through its control socket.
#![forbid(unsafe_code)]

pub mod lab;
