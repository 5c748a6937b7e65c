//! The findings of where the guest runs: the platform, a cloud's missing switch, a macvlan's
//! isolation.

use serde::{Deserialize, Serialize};

use crate::fix::routed_design;
use crate::oui::vendor_of;
use crate::verdict::{finding, Finding, Status};
use crate::Observations;

/// A macvlan or macvtap device under the interface (or the interface itself).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Macvlan {
    /// The device: the interface, or the device under it.
    pub device: String,
    /// `macvlan` or `macvtap`.
    pub kind: String,
    /// Its mode: `private`, `vepa`, `bridge`, `passthru` or `source`.
    pub mode: String,
    /// Its parent (the lower device), or where it is when another namespace holds it.
    pub parent: String,
}

/// The `MACVLAN_MODE_*` value's name.
pub fn macvlan_mode(mode: u32) -> &'static str {
    match mode {
        1 => "private",
        2 => "vepa",
        4 => "bridge",
        8 => "passthru",
        16 => "source",
        _ => "unknown",
    }
}

/// The platform, the NIC and the MAC.
pub(crate) fn platform(o: &Observations) -> Finding {
    let r = &o.platform;
    let vendor = vendor_of(&o.mac).map_or(String::new(), |v| format!(" ({v} OUI)"));
    let mut ev = r.platform.title().to_string();
    if let Some(c) = &r.container {
        ev.push_str(&format!(", in a {c} container"));
    }
    if !r.evidence.is_empty() {
        ev.push_str(&format!(" ({})", r.evidence.join("; ")));
    }
    ev.push_str(&format!(
        "; driver {}",
        o.driver.as_deref().unwrap_or("unknown")
    ));
    if !r.evidence.iter().any(|e| e.starts_with("MAC ")) {
        ev.push_str(&format!("; MAC {}{vendor}", o.mac));
    }
    if r.bare_metal {
        ev.push_str("; on bare metal no frame with a foreign source MAC is sent without --intrusive: a hoster can lock a server that sends foreign MACs on its uplink");
    }
    finding("platform", Status::Ok, ev, None)
}

/// On a cloud: nested bridging cannot work, and the design that does.
pub(crate) fn cloud(o: &Observations) -> Option<Finding> {
    let p = o.platform.platform;
    if !p.is_cloud() {
        return None;
    }
    let port = if p == crate::Platform::Openstack {
        " with port security (its default)"
    } else {
        ""
    };
    Some(finding(
        "nested_bridging",
        Status::Problem,
        format!(
            "{}{port}: the network passes no frame from or to a MAC it did not issue to this NIC, and no switch setting changes that for a guest: a bridged nested VM or container cannot work here",
            p.title()
        ),
        routed_design(p).map(String::from),
    ))
}

/// On a macvlan or macvtap: its isolation.
pub(crate) fn macvlan(o: &Observations) -> Option<Finding> {
    let m = o.macvlan.as_ref()?;
    let what = if m.device == o.interface {
        format!(
            "{} is a {} in {} mode on {}",
            m.device, m.kind, m.mode, m.parent
        )
    } else {
        format!(
            "{} sits on {}, a {} in {} mode on {}",
            o.interface, m.device, m.kind, m.mode, m.parent
        )
    };
    if m.mode == "passthru" {
        return Some(finding(
            "macvlan",
            Status::Ok,
            format!("{what}: it owns the parent NIC, so frames for other MACs are delivered"),
            None,
        ));
    }
    Some(finding(
        "macvlan",
        Status::Problem,
        format!(
            "{what}: a {kind} receives only frames for its own MAC, so frames for foreign MACs are never delivered (promiscuous mode on it widens nothing); and the host on {parent} and the guests on the same parent cannot reach each other (their frames go out of the parent, never into the host's stack)",
            kind = m.kind,
            parent = m.parent
        ),
        Some("a Linux bridge instead of the macvlan/macvtap (libvirt <interface type='bridge'>; LXD/Incus a bridged NIC; Docker a bridge network, or ipvlan, which shares the parent's MAC), or macvtap mode='passthrough' (the guest owns the NIC)".into()),
    ))
}

/// What the summary adds for a cloud or a macvlan (empty elsewhere).
pub(crate) fn summary_note(o: &Observations) -> String {
    let mut s = String::new();
    if o.platform.platform.is_cloud() {
        s.push_str(&format!(
            "; on {} nested bridging cannot work: route or NAT (nested_bridging)",
            o.platform.platform.title()
        ));
    }
    if let Some(m) = o.macvlan.as_ref().filter(|m| m.mode != "passthru") {
        s.push_str(&format!(
            "; {} is a {}: frames for foreign MACs are never delivered (macvlan)",
            m.device, m.kind
        ));
    }
    s
}
