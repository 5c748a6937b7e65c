//! `promisc doctor`'s verdicts: why frames for other MACs do not reach a guest, and which
//! virtual-switch policy blocks them, as pure functions of what was observed.
//!
//! The I/O (reading the interface's facts, holding promiscuous mode, sending the probes and
//! counting the answers) is `promisc_app::doctor`'s; it fills an [`Observations`], which
//! [`diagnose`] turns into findings, the four policies and the fixes in each platform's words.
//! Tests feed recorded observations, ambiguous and empty ones included. Which probes run, in
//! which order, when each is skipped, how long answers are waited for and what each answer
//! records is [`schedule::Schedule`], a state machine the I/O loop drives with the time and
//! the frames it reads.
//!
//! The probes (docs/ARCHITECTURE.md §4; all ARP probes have sender IP 0.0.0.0, every made-up
//! MAC is random and locally administered, new each run):
//!
//! | probe | Ethernet source | sender MAC in ARP | the answer (unicast to the sender MAC) arrives when |
//! |---|---|---|---|
//! | baseline | ours | ours | the neighbour answers probes at all |
//! | forged | made-up | ours | forged transmits are accepted |
//! | foreign | ours | made-up (never a source) | promiscuous delivery, or learning with unknown-unicast flooding |
//! | return path | made-up | the same made-up | promiscuous delivery or MAC learning (needs forged transmits) |
//! | MAC change | our new MAC | the same | MAC address changes are accepted (`--intrusive`) |
//!
//! When the foreign probe is answered, the known-unicast test ([`schedule`]) tells
//! promiscuous delivery from a learning switch that floods unknown unicast: ARP probes from
//! our MAC to another station of the ARP table, then ICMP echo requests to the neighbour from
//! our MAC, one with our IP (the control, answered to us) and one with the live station's IP
//! (answered to the station's MAC, which a learning switch sends to that station's port only:
//! it reaches us only under promiscuous delivery or a hub). Never on bare metal.
//! [`host`] is `doctor --host`'s: the same question asked of a Linux hypervisor's own
//! configuration, port by port.
#![forbid(unsafe_code)]

mod environment;
mod fix;
pub mod host;
mod oui;
pub mod platform;
pub mod schedule;
mod verdict;

pub use environment::{macvlan_mode, Macvlan};
pub use fix::{fix_for, fixes, routed_design};
pub use oui::{oui_platform, vendor_of};
pub use platform::{foreign_source_allowed, recognise, Clues, Platform, Recognition};
pub use verdict::{diagnose, Diagnosis, Finding, Policies, Status};

use serde::{Deserialize, Serialize};

/// One probe kind: how many were sent and how many were answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Probe {
    /// Probes sent.
    pub sent: u32,
    /// Answers seen.
    pub answered: u32,
}

impl Probe {
    /// Whether any answer came.
    pub fn answered(&self) -> bool {
        self.answered > 0
    }
}

/// What holding promiscuous mode for a while showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Passive {
    /// How long, in milliseconds.
    pub millis: u64,
    /// Frames addressed to another unicast MAC (`PACKET_OTHERHOST`).
    pub otherhost: u64,
    /// Of those, frames whose destination was seen as some frame's source: traffic between
    /// stations the switch knows, which only promiscuous delivery copies to us.
    pub otherhost_known: u64,
    /// Broadcast and multicast frames from other stations.
    pub group: u64,
    /// Distinct other stations seen as sources.
    pub stations: u64,
}

/// A vmnet device file on a VMware Workstation host, and who may use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vmnet {
    /// The file.
    pub path: String,
    /// Owner uid, group gid, mode bits.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// `st_mode & 0o7777`.
    pub mode: u32,
    /// Each VM user and whether they can read and write it.
    pub users: Vec<(String, bool)>,
}

/// Everything the doctor observed about one interface.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Observations {
    /// The interface.
    pub interface: String,
    /// Its MAC.
    pub mac: String,
    /// The platform this guest runs on, and why ([`recognise`]).
    pub platform: Recognition,
    /// The interface, or the device under it, is a macvlan or macvtap.
    pub macvlan: Option<Macvlan>,
    /// The NIC's driver or link kind.
    pub driver: Option<String>,
    /// Why this guest needs frames for foreign MACs (a bridge enslaving it, macvlans on it,
    /// VM or container processes). Empty: it does not seem to.
    pub needs_foreign: Vec<String>,
    /// The interface's promiscuity counter.
    pub promiscuity: u32,
    /// Its holders, described.
    pub holders: Vec<String>,
    /// `rx_otherhost_dropped`, when the kernel reports it.
    pub rx_otherhost_dropped: Option<u64>,
    /// `net.ipv4.ip_forward`.
    pub ip_forward: Option<bool>,
    /// `rp_filter` of `all` and of the interface.
    pub rp_filter: Option<(u32, u32)>,
    /// vmnet files checked on a Workstation host (empty when none were).
    pub vmnet: Vec<Vmnet>,
    /// The IPv4 neighbour the probes ask (the default gateway, else a known neighbour).
    pub target: Option<String>,
    /// The passive check.
    pub passive: Option<Passive>,
    /// The baseline probe.
    pub baseline: Option<Probe>,
    /// The baseline again, sent to the neighbour's MAC from the neighbour table, when no
    /// broadcast one was answered.
    #[serde(default)]
    pub baseline_unicast: Option<Probe>,
    /// The neighbour's MAC that [`Observations::baseline_unicast`] was sent to.
    #[serde(default)]
    pub target_mac: Option<String>,
    /// The forged-source probe.
    pub forged: Option<Probe>,
    /// The probe whose answer goes to a MAC that never sent a frame.
    pub foreign: Option<Probe>,
    /// The probe from a made-up MAC, answered to it.
    pub return_path: Option<Probe>,
    /// The MAC-change test (`--intrusive`).
    pub mac_change: Option<Probe>,
    /// The other live station whose IP the known-unicast test's echo carried: `IP (MAC)`.
    #[serde(default)]
    pub station: Option<String>,
    /// The known-unicast test's control: echo requests from our own IP, answered to us.
    #[serde(default)]
    pub echo_control: Option<Probe>,
    /// The known-unicast test: the neighbour's echo replies to the other station's MAC that
    /// reached this interface.
    #[serde(default)]
    pub known_unicast: Option<Probe>,
    /// Why a check was not run, by check name.
    pub skipped: Vec<(String, String)>,
}
