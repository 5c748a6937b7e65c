//! The integration tests of the `promisc` binary: one test binary, one module per topic.
//!
//! * [`status`], [`hold`], [`toggle`], [`check`]: who holds an interface promiscuous, and
//!   changing it; [`context`]: the holder's container, pod or unit;
//! * [`capture`]: `promisc capture` (files, rotation, signals, privileges, printing, `any`,
//!   filtering, interfaces that vanish, errors);
//! * [`exporter`]: `promisc exporter`, judged by promtool and a real Prometheus;
//!   [`kubernetes`]: its DaemonSet, Service and ServiceMonitor, held against the exporter;
//!   [`lynis`]: the Lynis test CUST-3015 run by Debian's lynis;
//! * [`watch`]: `promisc watch`, each holder kind coming and going, polling, bursts, new
//!   namespaces; [`eventlog`]: watch's and the exporter's events in the journal and syslog;
//! * [`read`]: `promisc read`; [`filter`]: `promisc filter` and the kernel's verdict on our
//!   programs;
//! * [`detect`]: `promisc detect` on a LAN of macvlan hosts, against nmap's sniffer-detect;
//! * [`doctor`]: `promisc doctor` in the lab's guest under every policy combination;
//!   [`doctor_platform`]: `--platform`, bare metal, macvlan isolation, progress;
//!   [`doctor_host`]: `promisc doctor --host` in a namespace playing a hypervisor (Open
//!   vSwitch ports: [`doctor_host_ovs`]);
//! * [`netns`]: `-n NETNS` before or after the subcommand, as `ip -n`;
//! * [`package`]: the shell completions and the Debian package, installed and purged;
//! * [`lab`]: `promisc lab`, the acceptance matrix of every profile; [`vswitch`]: the switch on
//!   its own (configuration, control socket, signals, VLANs, the kernel bridge as oracle).
//!
//! Most tests build their scenario in network namespaces of their own (see
//! `promisc_testkit::lab`), run `promisc` inside and compare what it says with independent
//! oracles: iproute2, sysfs, /proc, tcpdump, tshark and the testkit's pcap parser. They need
//! root (CAP_NET_ADMIN, CAP_SYS_ADMIN for `ip netns`) and the tools; otherwise they are skipped
//! visibly (`SKIPPED <test>: <reason>` and a count at the end), and with
//! `PROMISC_REQUIRE_PRIVILEGED=1` a skip is a failure (see `promisc_testkit::gate`).

// The crate root is tests/tests.rs, so its modules would be looked for in tests/; they are in
// tests/tests/ (where Cargo does not take each file for a test binary of its own).
#[macro_use]
#[path = "tests/common/mod.rs"]
mod common;
#[macro_use]
#[path = "tests/capture/mod.rs"]
mod capture;
#[path = "tests/bounds.rs"]
mod bounds;
#[path = "tests/check.rs"]
mod check;
#[path = "tests/context.rs"]
mod context;
#[path = "tests/detect.rs"]
mod detect;
#[path = "tests/doctor.rs"]
mod doctor;
#[path = "tests/doctor_host.rs"]
mod doctor_host;
#[path = "tests/doctor_host_ovs.rs"]
mod doctor_host_ovs;
#[path = "tests/doctor_platform.rs"]
mod doctor_platform;
#[path = "tests/doctor_real/mod.rs"]
mod doctor_real;
#[path = "tests/escapes.rs"]
mod escapes;
#[path = "tests/eventlog.rs"]
mod eventlog;
#[path = "tests/exporter.rs"]
mod exporter;
#[path = "tests/filter/mod.rs"]
mod filter;
#[path = "tests/hold.rs"]
mod hold;
#[path = "tests/kubernetes.rs"]
mod kubernetes;
#[path = "tests/lab.rs"]
mod lab;
#[path = "tests/lynis.rs"]
mod lynis;
#[path = "tests/netns.rs"]
mod netns;
#[path = "tests/package.rs"]
mod package;
#[path = "tests/read/mod.rs"]
mod read;
#[path = "tests/status.rs"]
mod status;
#[path = "tests/toggle.rs"]
mod toggle;
#[path = "tests/vswitch.rs"]
mod vswitch;
#[path = "tests/watch.rs"]
mod watch;
