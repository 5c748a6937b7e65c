//! The switch explains itself: a snapshot of every port (configured and effective MAC, the
//! guest's promiscuous request and the policy's answer, every counter) in the JSON shape of
//! docs/VSWITCH.md, and its text form for `vswitch stats` and SIGUSR1.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::switch::{Counters, DropEvent, DropReason, Switch};

/// Drop counters by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DropsSnapshot {
    /// Source MAC not the guest's, forged transmits rejected.
    pub forged_source: u64,
    /// Receiving guest changed its MAC, MAC address changes rejected.
    pub mac_changed: u64,
    /// Unicast nobody owns, nowhere to send it.
    pub unknown_destination: u64,
    /// VLAN not carried.
    pub vlan: u64,
    /// Learning limit reached.
    pub learning_limit: u64,
    /// Broadcast or multicast at a port whose profile forwards none.
    #[serde(default)]
    pub broadcast: u64,
}

/// The three policies that apply to a port, and the profile they started from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySnapshot {
    /// The profile whose rules apply at the port (`vsphere7`, `virtualbox-deny`, ...).
    #[serde(default)]
    pub profile: String,
    /// `accept` or `reject`.
    pub promiscuous: String,
    /// `accept` or `reject`.
    pub mac_changes: String,
    /// `accept` or `reject`.
    pub forged_transmits: String,
}

/// One port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortSnapshot {
    /// Port name.
    pub name: String,
    /// Its device.
    pub device: String,
    /// Its port group.
    pub portgroup: String,
    /// Whether it is the uplink.
    pub uplink: bool,
    /// Whether its device exists.
    pub present: bool,
    /// C(P).
    pub configured_mac: String,
    /// E(P).
    pub effective_mac: String,
    /// R(P).
    pub promiscuous_requested: bool,
    /// G(P).
    pub promiscuous_granted: bool,
    /// For a `workstation` port group: whether the VM user can read and write the vmnet
    /// device (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vmnet_writable: Option<bool>,
    /// The policies in force at the port.
    pub policy: PolicySnapshot,
    /// MACs learned on the port (learning mode).
    pub learned: usize,
    /// Frames in.
    pub rx_frames: u64,
    /// Bytes in.
    pub rx_bytes: u64,
    /// Frames out.
    pub tx_frames: u64,
    /// Bytes out.
    pub tx_bytes: u64,
    /// Frames the kernel refused to send.
    pub tx_errors: u64,
    /// Frames lost at the receive ring before the switch saw them (it fell behind).
    pub ring_drops: u64,
    /// Drops counted at the port.
    pub drops: DropsSnapshot,
}

/// The whole switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Switch name.
    pub name: String,
    /// `static` or `learning`.
    pub mode: String,
    /// Every port, in configuration order.
    pub ports: Vec<PortSnapshot>,
}

/// One dropped frame, by port name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropRecord {
    /// Milliseconds on the switch's clock.
    pub time_ms: u64,
    /// The port the drop is counted at.
    pub port: String,
    /// The drop counter's name, or `unknown_unicast` for a frame sent to the uplink only.
    pub reason: String,
    /// Source MAC.
    pub src: String,
    /// Destination MAC.
    pub dst: String,
    /// EtherType.
    pub ethertype: u16,
}

fn drops(c: &Counters) -> DropsSnapshot {
    let d = c.drops;
    DropsSnapshot {
        forged_source: d.forged_source,
        mac_changed: d.mac_changed,
        unknown_destination: d.unknown_destination,
        vlan: d.vlan,
        learning_limit: d.learning_limit,
        broadcast: d.broadcast,
    }
}

impl Snapshot {
    /// The snapshot of `sw`.
    pub fn of(sw: &Switch) -> Snapshot {
        let ports = sw
            .ports()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let s = sw.security(i);
                let c = &p.counters;
                PortSnapshot {
                    name: p.config.name.clone(),
                    device: p.config.device.clone(),
                    portgroup: sw.groups()[p.config.portgroup].name.clone(),
                    uplink: p.config.uplink,
                    present: p.present,
                    configured_mac: p.config.mac.to_string(),
                    effective_mac: p.effective_mac.to_string(),
                    promiscuous_requested: p.requested,
                    promiscuous_granted: sw.granted(i),
                    vmnet_writable: s.vmnet_gate.then_some(p.vmnet_ok),
                    policy: PolicySnapshot {
                        profile: s.profile.as_str().into(),
                        promiscuous: s.promiscuous.as_str().into(),
                        mac_changes: s.mac_changes.as_str().into(),
                        forged_transmits: s.forged_transmits.as_str().into(),
                    },
                    learned: sw.learned_count(i),
                    rx_frames: c.rx_frames,
                    rx_bytes: c.rx_bytes,
                    tx_frames: c.tx_frames,
                    tx_bytes: c.tx_bytes,
                    tx_errors: c.tx_errors,
                    ring_drops: c.ring_drops,
                    drops: drops(c),
                }
            })
            .collect();
        Snapshot {
            name: sw.name().to_string(),
            mode: sw.mode().as_str().to_string(),
            ports,
        }
    }

    /// The table `vswitch stats` prints: one block per port.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "vswitch {} ({} mode)", self.name, self.mode);
        for p in &self.ports {
            let mac = if p.configured_mac == p.effective_mac {
                p.configured_mac.clone()
            } else {
                format!("{} (configured {})", p.effective_mac, p.configured_mac)
            };
            let promisc = match (p.promiscuous_requested, p.promiscuous_granted) {
                (false, _) => "not requested".to_string(),
                (true, true) => "requested, granted".to_string(),
                (true, false) => format!("requested, refused ({})", refusal(p)),
            };
            let _ = writeln!(
                s,
                "  {}{}: device {}{}, port group \"{}\", MAC {mac}",
                p.name,
                if p.uplink { " (uplink)" } else { "" },
                p.device,
                if p.present { "" } else { " (missing)" },
                p.portgroup
            );
            let _ = writeln!(
                s,
                "    profile {} policy promiscuous={} mac_changes={} forged_transmits={}; promiscuous {promisc}",
                p.policy.profile, p.policy.promiscuous, p.policy.mac_changes, p.policy.forged_transmits
            );
            let _ = writeln!(
                s,
                "    rx {} frames {} bytes, tx {} frames {} bytes, tx errors {}, ring drops {}, learned {}",
                p.rx_frames,
                p.rx_bytes,
                p.tx_frames,
                p.tx_bytes,
                p.tx_errors,
                p.ring_drops,
                p.learned
            );
            let d = &p.drops;
            let _ = writeln!(
                s,
                "    drops: forged_source {} mac_changed {} unknown_destination {} vlan {} learning_limit {} broadcast {}",
                d.forged_source, d.mac_changed, d.unknown_destination, d.vlan, d.learning_limit, d.broadcast
            );
        }
        s
    }
}

/// Why a port's promiscuous request is refused (or, for VirtualBox `allow-vms`, narrowed), in
/// the words of its platform when its profile is not VMware's, else of its policy.
pub fn refusal(p: &PortSnapshot) -> String {
    let words = crate::policy::Profile::parse(&p.policy.profile)
        .and_then(|pr| pr.refusal_words(crate::policy::PolicyKey::Promiscuous));
    if p.policy.promiscuous == "reject" {
        if let Some(w) = words {
            return format!("{w}; policy promiscuous=reject");
        }
        "policy promiscuous=reject".into()
    } else if p.vmnet_writable == Some(false) {
        "the VM user cannot read and write the vmnet device".into()
    } else {
        "granted".into()
    }
}

impl DropRecord {
    /// The record of `e` on `sw`.
    pub fn of(sw: &Switch, e: &DropEvent) -> DropRecord {
        DropRecord {
            time_ms: e.time_ms,
            port: sw.ports()[e.port].config.name.clone(),
            reason: e.kind.as_str().into(),
            src: e.src.to_string(),
            dst: e.dst.to_string(),
            ethertype: e.ethertype,
        }
    }
}

/// Every drop reason, in the order of the counters.
pub const REASONS: [DropReason; 6] = [
    DropReason::ForgedSource,
    DropReason::MacChanged,
    DropReason::UnknownDestination,
    DropReason::Vlan,
    DropReason::LearningLimit,
    DropReason::Broadcast,
];
