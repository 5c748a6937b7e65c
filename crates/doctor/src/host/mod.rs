//! `promisc doctor --host`: on a Linux machine that hosts VMs or containers, whether a nested
//! VM (or a container with a MAC of its own) inside the guest behind each port can work, and
//! what in the host's own configuration blocks it.
//!
//! [`diagnose_port`] is a pure function of one port's [`PortFacts`] (read by
//! `promisc_app::doctor_host`): the bridge port's flags (`learning`, unicast `flood`, `locked`,
//! `isolated`), the bridge's forwarding table for the port, the nftables rules that drop
//! foreign sources there ([`nft`]), the Open vSwitch bridge's flows ([`ovs`]), the
//! macvlan/macvtap mode, or the vmnet device's permissions. The policies are those of the guest-side doctor plus `flooding`; `blocking`
//! names what stops a nested guest: `forged_transmits` (its frames do not leave),
//! `mac_learning` (frames for its MAC never come back: learning and flooding off) or
//! `promiscuous` (only the guest's own MAC is delivered: macvlan/macvtap, a vmnet the VM user
//! cannot write).

pub mod guest;
pub mod nft;
pub mod ovs;

use serde::{Deserialize, Serialize};

use crate::verdict::vmnet_finding;
use crate::{Finding, Status, Vmnet};
pub use guest::Guest;
pub use nft::SourceDrop;
pub use ovs::OvsPort;

/// What kind of device a guest-facing port is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PortKind {
    /// A tap (a VM's NIC: QEMU, Firecracker, ...).
    Tap,
    /// A veth whose other end is a container's.
    Veth,
    /// A macvlan (usually a container's NIC).
    Macvlan,
    /// A macvtap (a VM's NIC with libvirt `type='direct'`).
    Macvtap,
    /// A VMware Workstation vmnet device file.
    Vmnet,
    /// Another device in a bridge (a Xen VIF, ...).
    Other,
}

impl PortKind {
    /// Its name in the output.
    pub fn name(self) -> &'static str {
        match self {
            PortKind::Tap => "tap",
            PortKind::Veth => "veth",
            PortKind::Macvlan => "macvlan",
            PortKind::Macvtap => "macvtap",
            PortKind::Vmnet => "vmnet",
            PortKind::Other => "other",
        }
    }
}

/// One MAC the bridge's table sends to the port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdbMac {
    /// The MAC.
    pub mac: String,
    /// Static (`bridge fdb add ... static`), else learned.
    pub is_static: bool,
}

/// A Linux bridge port's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BridgePort {
    /// The bridge.
    pub bridge: String,
    /// `learning`.
    pub learning: Option<bool>,
    /// `flood` (unknown unicast).
    pub unicast_flood: Option<bool>,
    /// `locked`.
    pub locked: Option<bool>,
    /// `isolated`.
    pub isolated: Option<bool>,
    /// The bridge's `ageing_time`, in hundredths of a second.
    pub ageing_time: Option<u32>,
    /// The bridge's table entries for this port (local ones left out).
    pub fdb: Vec<FdbMac>,
}

/// macvlan/macvtap modes (`IFLA_MACVLAN_MODE`).
pub mod mode {
    /// `private`.
    pub const PRIVATE: u32 = 1;
    /// `vepa`.
    pub const VEPA: u32 = 2;
    /// `bridge`.
    pub const BRIDGE: u32 = 4;
    /// `passthru`.
    pub const PASSTHRU: u32 = 8;
    /// `source`.
    pub const SOURCE: u32 = 16;

    /// The mode's name as `ip link` spells it.
    pub fn name(mode: u32) -> Option<&'static str> {
        Some(match mode {
            PRIVATE => "private",
            VEPA => "vepa",
            BRIDGE => "bridge",
            PASSTHRU => "passthru",
            SOURCE => "source",
            _ => return None,
        })
    }
}

/// A macvlan or macvtap port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Macvlan {
    /// `IFLA_MACVLAN_MODE`.
    pub mode: u32,
    /// `nopromisc` (passthru only: the lower device is not made promiscuous).
    pub nopromisc: bool,
    /// The lower device (the NIC it sits on).
    pub lower: String,
}

/// What the nftables rules do to foreign sources at the port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// The ruleset could not be read: why.
    Unknown(String),
    /// Read: nothing drops them.
    None,
    /// Read: this drops them.
    Drops(SourceDrop),
}

/// Everything read about one guest-facing port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortFacts {
    /// The device (or vmnet file).
    pub port: String,
    /// The network namespace it is in, when not the one examined (a container's macvlan).
    pub netns: Option<String>,
    /// What it is.
    pub kind: PortKind,
    /// Its MAC (the host side's, for a tap or veth).
    pub mac: String,
    /// The guest behind it, when it could be named.
    pub guest: Option<Guest>,
    /// The Linux bridge it is a port of.
    pub bridge: Option<BridgePort>,
    /// The Open vSwitch bridge it is a port of, and its flows.
    pub ovs: Option<OvsPort>,
    /// macvlan/macvtap settings.
    pub macvlan: Option<Macvlan>,
    /// The vmnet file and its users.
    pub vmnet: Option<Vmnet>,
    /// nftables' source filter at the port.
    pub filter: Filter,
    /// What else is known of the guest's NIC (libvirt's nwfilter, ...), for the evidence.
    pub notes: Vec<String>,
}

/// The policies as the host's configuration sets them for the port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostPolicies {
    /// Frames between other stations copied to the port: `accept`, `reject` or `unknown`.
    pub promiscuous: String,
    /// Frames from a MAC not the guest's leave: `accept`, `reject` or `unknown`.
    pub forged_transmits: String,
    /// The guest may change its MAC: `accept`, `reject` or `unknown`.
    pub mac_changes: String,
    /// The switch learns MACs on the port: `on`, `off` or `unknown`.
    pub mac_learning: String,
    /// Unicast for unknown MACs is flooded to the port: `on`, `off` or `unknown`.
    pub flooding: String,
}

impl HostPolicies {
    /// Every policy `unknown`: what a port whose configuration could not be read or followed
    /// gets.
    pub fn unknown() -> HostPolicies {
        let u = || "unknown".to_string();
        HostPolicies {
            promiscuous: u(),
            forged_transmits: u(),
            mac_changes: u(),
            mac_learning: u(),
            flooding: u(),
        }
    }
}

/// The verdict on one port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortVerdict {
    /// The device (or vmnet file).
    pub port: String,
    /// `tap`, `veth`, `macvlan`, `macvtap`, `vmnet` or `other`.
    pub kind: String,
    /// The network namespace it is in, when not the one examined.
    pub netns: Option<String>,
    /// The bridge (Linux or Open vSwitch) it is a port of.
    pub bridge: Option<String>,
    /// The lower device of a macvlan/macvtap.
    pub lower: Option<String>,
    /// Its MAC.
    pub mac: String,
    /// The guest behind it.
    pub guest: Option<Guest>,
    /// `works`, `blocked` or `unknown`: can a nested VM or a MAC-owning container in the
    /// guest work?
    pub nested: String,
    /// The policies.
    pub policies: HostPolicies,
    /// What blocks a nested guest: `forged_transmits`, `mac_learning`, `promiscuous`.
    pub blocking: Vec<String>,
    /// Every check, in order.
    pub findings: Vec<Finding>,
    /// One sentence.
    pub summary: String,
}

/// The report on every port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// One verdict per guest-facing port.
    pub ports: Vec<PortVerdict>,
    /// Whether nftables' ruleset was read (`read`), or why not.
    pub nftables: String,
    /// How many ports block a nested guest.
    pub blocked: usize,
    /// One sentence.
    pub summary: String,
}

fn finding(check: &str, status: Status, evidence: String, fix: Option<String>) -> Finding {
    Finding {
        check: check.into(),
        status,
        evidence,
        fix,
    }
}

/// Whose words a fix uses first.
fn platform_of(f: &PortFacts) -> &str {
    f.guest.as_ref().map_or("linux", |g| g.platform.as_str())
}

/// Joins the fixes: the guest's platform's words first, then the kernel's (`linux`); when the
/// platform is not known, every platform's.
fn fixes(f: &PortFacts, words: &[(&str, String)]) -> String {
    let mine = platform_of(f);
    let known = words.iter().any(|(p, _)| *p == mine && mine != "linux");
    let mut out: Vec<String> = Vec::new();
    for (p, w) in words.iter().filter(|(p, _)| *p == mine) {
        out.push(format!("{}: {w}", label(p)));
    }
    for (p, w) in words.iter().filter(|(p, _)| *p != mine) {
        if !known || *p == "linux" {
            out.push(format!("{}: {w}", label(p)));
        }
    }
    out.join("; ")
}

/// The guest's name when it is of `platform`, else `placeholder` (for a command to copy).
fn guest_name<'a>(f: &'a PortFacts, platform: &str, placeholder: &'a str) -> &'a str {
    match &f.guest {
        Some(g) if g.platform == platform && !g.name.is_empty() => &g.name,
        _ => placeholder,
    }
}

fn label(platform: &str) -> &str {
    match platform {
        "libvirt" => "libvirt",
        "proxmox" => "Proxmox VE",
        "lxd" => "LXD/Incus",
        "docker" => "Docker",
        _ => "Linux",
    }
}

fn mac_list(macs: &[String]) -> String {
    if macs.is_empty() {
        "none".into()
    } else {
        macs.join(", ")
    }
}

/// The verdict on one port.
pub fn diagnose_port(f: &PortFacts) -> PortVerdict {
    let mut findings = Vec::new();
    let who = f
        .guest
        .as_ref()
        .map_or("guest not identified".to_string(), |g| {
            format!("{} ({})", g.describe(), g.how)
        });
    let (policies, blocking) = if let Some(v) = &f.vmnet {
        vmnet_port(f, v, &who, &mut findings)
    } else if let Some(m) = &f.macvlan {
        macvlan_port(f, m, &who, &mut findings)
    } else if let Some(b) = &f.bridge {
        bridge_port(f, b, &who, &mut findings)
    } else {
        ovs_port(f, &who, &mut findings)
    };
    for n in &f.notes {
        findings.push(finding("note", Status::Ok, n.clone(), None));
    }
    let unknown = [
        &policies.forged_transmits,
        &policies.mac_learning,
        &policies.flooding,
    ]
    .iter()
    .any(|p| *p == "unknown")
        || findings.iter().any(|x| x.status == Status::Unknown);
    let nested = if !blocking.is_empty() {
        "blocked"
    } else if unknown {
        "unknown"
    } else {
        "works"
    };
    let summary = port_summary(f, nested, &blocking, &policies);
    PortVerdict {
        port: f.port.clone(),
        kind: f.kind.name().into(),
        netns: f.netns.clone(),
        bridge: f
            .bridge
            .as_ref()
            .map(|b| b.bridge.clone())
            .or_else(|| f.ovs.as_ref().map(|o| o.bridge.clone())),
        lower: f.macvlan.as_ref().map(|m| m.lower.clone()),
        mac: f.mac.clone(),
        guest: f.guest.clone(),
        nested: nested.into(),
        policies,
        blocking,
        findings,
        summary,
    }
}

fn port_summary(f: &PortFacts, nested: &str, blocking: &[String], p: &HostPolicies) -> String {
    let who = f
        .guest
        .as_ref()
        .map_or(String::new(), |g| format!(" ({})", g.describe()));
    match nested {
        "blocked" => format!(
            "{}{who}: a nested guest cannot work: {} blocks",
            f.port,
            blocking.join(" and ")
        ),
        "unknown" => format!(
            "{}{who}: cannot tell whether a nested guest works (see the findings marked unknown)",
            f.port
        ),
        _ => {
            let how = if p.promiscuous == "accept" {
                "every frame is delivered here"
            } else if p.mac_learning == "on" && p.flooding == "on" {
                "learning with unknown-unicast flooding"
            } else if p.mac_learning == "on" {
                "learning (a nested MAC is reached once it has sent a frame)"
            } else {
                "unknown-unicast flooding (learning is off)"
            };
            format!("{}{who}: a nested guest works: {how}", f.port)
        }
    }
}

fn on_off(v: Option<bool>) -> String {
    match v {
        Some(true) => "on".into(),
        Some(false) => "off".into(),
        None => "unknown".into(),
    }
}

fn bridge_port(
    f: &PortFacts,
    b: &BridgePort,
    who: &str,
    out: &mut Vec<Finding>,
) -> (HostPolicies, Vec<String>) {
    let p = &f.port;
    let br = &b.bridge;
    out.push(finding(
        "port",
        Status::Ok,
        format!("{} {p} in bridge {br}; {who}", f.kind.name()),
        None,
    ));
    let hub = b.ageing_time == Some(0);
    let learning = b.learning.map(|l| l && !hub);
    let flood = b.unicast_flood;
    let table: Vec<String> = b
        .fdb
        .iter()
        .map(|e| {
            format!(
                "{}{}",
                e.mac,
                if e.is_static {
                    " (static)"
                } else {
                    " (learned)"
                }
            )
        })
        .collect();

    // The way back: frames for the nested MAC.
    let mut blocking = Vec::new();
    let ret = match (learning, flood) {
        (Some(true), Some(true)) => finding("return_path", Status::Ok, format!("learning on, unicast flooding on: frames for a nested MAC are flooded to {p} until it sends, then forwarded to {p} only"), None),
        (Some(true), Some(false)) => finding("return_path", Status::Ok, format!("learning on, unicast flooding off: frames for a nested MAC reach {p} once it has sent a frame (before that they are not flooded here)"), None),
        (Some(false), Some(true)) => finding("return_path", Status::Ok, format!("learning {}, unicast flooding on: frames for a nested MAC are flooded to {p} (and to every other flooding port)", if hub { "useless (ageing_time 0: every entry expires at once)" } else { "off" }), None),
        (Some(false), Some(false)) => {
            blocking.push("mac_learning".to_string());
            finding(
                "return_path",
                Status::Problem,
                format!(
                    "learning {} and unicast flooding off at {p}: only the MACs the bridge's table holds for {p} arrive there ({}); a nested guest's MAC is never learned, so nothing comes back to it",
                    if hub { "useless (ageing_time 0)" } else { "off" },
                    mac_list(&table)
                ),
                Some(fixes(f, &[
                    ("libvirt", format!("macTableManager='kernel' on the <bridge> of the libvirt network (with 'libvirt' it turns learning and flooding off at {p} and adds only the guest's own MAC)")),
                    ("proxmox", format!("remove 'bridge-disable-mac-learning 1' from {br} in /etc/network/interfaces, then ifreload -a")),
                    ("linux", format!("bridge link set dev {p} learning on flood on; or one static entry per nested MAC: bridge fdb add NESTED_MAC dev {p} master static")),
                ])),
            )
        }
        _ => finding("return_path", Status::Unknown, format!("the kernel did not report learning and flooding for {p}"), None),
    };
    out.push(ret);

    // The way out: frames from the nested MAC.
    let mut forged = "accept";
    match b.locked {
        Some(true) => {
            forged = "reject";
            blocking.push("forged_transmits".to_string());
            let allowed: Vec<String> = b.fdb.iter().map(|e| e.mac.clone()).collect();
            out.push(finding(
                "locked",
                Status::Problem,
                format!("{p} is locked: the bridge drops every frame whose source MAC its table does not hold for {p} (held: {}); a nested guest's frames never leave", mac_list(&allowed)),
                Some(format!("Linux: bridge link set dev {p} locked off; or one entry per nested MAC: bridge fdb add NESTED_MAC dev {p} master static (an 802.1X authenticator such as hostapd adds them for authenticated stations)")),
            ));
        }
        Some(false) => out.push(finding("locked", Status::Ok, format!("{p} is not locked"), None)),
        None => out.push(finding("locked", Status::Ok, format!("the kernel does not report port locking for {p} (older than 5.18: no such setting)"), None)),
    }
    match &f.filter {
        Filter::Unknown(why) => {
            if forged == "accept" {
                forged = "unknown";
            }
            out.push(finding("source_filter", Status::Unknown, format!("nftables rules not read ({why}): a filter dropping foreign sources at {p} (libvirt no-mac-spoofing, Proxmox macfilter, LXD security.mac_filtering) cannot be ruled out"), None));
        }
        Filter::None => out.push(finding(
            "source_filter",
            Status::Ok,
            format!("no nftables rule drops frames from foreign source MACs at {p}"),
            None,
        )),
        Filter::Drops(d) => {
            forged = "reject";
            if !blocking.iter().any(|x| x == "forged_transmits") {
                blocking.push("forged_transmits".to_string());
            }
            let mut linux = match &d.delete {
                Some(cmd) => format!("{cmd} (or add the nested MACs to the MACs it lets through)"),
                None => format!(
                    "accept the nested MACs in {} (or set its policy to accept)",
                    d.rule
                ),
            };
            if d.partial {
                linux.push_str(
                    "; the rules test more than the source MAC, read them with nft -a list ruleset",
                );
            }
            out.push(finding(
                "source_filter",
                Status::Problem,
                format!(
                    "nftables drops frames from foreign source MACs entering at {p}{}: {} (let through: {})",
                    if d.partial { " (for part of the traffic)" } else { "" },
                    d.rule,
                    mac_list(&d.allowed)
                ),
                Some(fixes(f, &[
                    ("libvirt", format!("remove the no-mac-spoofing or clean-traffic <filterref> from the domain's <interface> (virsh edit {}; it applies at the next start)", guest_name(f, "libvirt", "DOMAIN"))),
                    ("proxmox", format!("macfilter: 0 in /etc/pve/firewall/{}.fw (Firewall > Options: MAC filter = No), or firewall=0 on the NIC", guest_name(f, "proxmox", "VMID"))),
                    ("lxd", format!("security.mac_filtering=false on the NIC (lxc config device set {} eth0 security.mac_filtering=false)", guest_name(f, "lxd", "CONTAINER"))),
                    ("linux", linux),
                ])),
            ));
        }
    }
    match b.isolated {
        Some(true) => out.push(finding("isolated", Status::Ok, format!("{p} is isolated: it and its nested guests reach only ports of {br} that are not isolated (the uplink), never another isolated port; foreign MACs are not affected"), None)),
        _ => out.push(finding("isolated", Status::Ok, format!("{p} is not isolated"), None)),
    }
    let promiscuous = match (hub, flood) {
        (true, Some(true)) => "accept",
        (_, None) => "unknown",
        _ => "reject",
    };
    out.push(finding(
        "promiscuous_delivery",
        Status::Ok,
        if promiscuous == "accept" {
            format!("{br} has ageing_time 0: it keeps no MAC, so every unicast frame is flooded to {p}, like a hub")
        } else {
            format!("a Linux bridge never copies frames between two stations it knows to {p}; a nested guest needs learning or flooding instead, not promiscuous delivery")
        },
        None,
    ));
    let mac_changes = if forged == "reject" || blocking.iter().any(|x| x == "mac_learning") {
        "reject"
    } else if forged == "unknown" || learning.is_none() || flood.is_none() {
        "unknown"
    } else {
        "accept"
    };
    (
        HostPolicies {
            promiscuous: promiscuous.into(),
            forged_transmits: forged.into(),
            mac_changes: mac_changes.into(),
            mac_learning: on_off(learning),
            flooding: on_off(flood),
        },
        blocking,
    )
}

fn ovs_port(f: &PortFacts, who: &str, out: &mut Vec<Finding>) -> (HostPolicies, Vec<String>) {
    let p = &f.port;
    let none = OvsPort {
        bridge: "?".into(),
        flows: Err("the bridge is not known".into()),
        show: Err("the bridge is not known".into()),
    };
    let o = f.ovs.as_ref().unwrap_or(&none);
    out.push(finding(
        "port",
        Status::Ok,
        format!(
            "{} {p} on Open vSwitch bridge {}; {who}",
            f.kind.name(),
            o.bridge
        ),
        None,
    ));
    let v = ovs::judge(p, o);
    let fix = |policy: &str| {
        v.fixes
            .iter()
            .find(|(b, _)| b == policy)
            .map(|(_, x)| x.clone())
    };
    let status = |r: &Result<String, String>, policy: &str| match r {
        Err(_) => Status::Unknown,
        Ok(_) if v.blocking.iter().any(|b| b == policy) => Status::Problem,
        Ok(_) => Status::Ok,
    };
    let text = |r: &Result<String, String>| match r {
        Ok(t) | Err(t) => t.clone(),
    };
    out.push(finding(
        "ovs_flows",
        status(&v.out, "forged_transmits"),
        format!("{} (ovs-ofctl dump-flows {})", text(&v.out), o.bridge),
        fix("forged_transmits"),
    ));
    out.push(finding(
        "return_path",
        status(&v.back, "mac_learning"),
        text(&v.back),
        fix("mac_learning"),
    ));
    (v.policies, v.blocking)
}

fn macvlan_port(
    f: &PortFacts,
    m: &Macvlan,
    who: &str,
    out: &mut Vec<Finding>,
) -> (HostPolicies, Vec<String>) {
    let p = &f.port;
    let low = &m.lower;
    let where_ = f
        .netns
        .as_ref()
        .map_or(String::new(), |n| format!(" (in network namespace {n})"));
    out.push(finding(
        "port",
        Status::Ok,
        format!("{} {p}{where_} on {low}; {who}", f.kind.name()),
        None,
    ));
    let pol = |promiscuous: &str, changes: &str| HostPolicies {
        promiscuous: promiscuous.into(),
        forged_transmits: "accept".into(),
        mac_changes: changes.into(),
        mac_learning: "off".into(),
        flooding: "off".into(),
    };
    match mode::name(m.mode) {
        Some("passthru") => {
            out.push(finding(
                "macvlan_mode",
                Status::Ok,
                if m.nopromisc {
                    format!("passthru with nopromisc: the guest owns {low}; {low} is not made promiscuous, so the guest's own promiscuous request (a bridge in it asks for it) opens it to foreign MACs")
                } else {
                    format!("passthru: the guest owns {low}, which is made promiscuous: frames for any MAC arrive")
                },
                None,
            ));
            (pol("accept", "accept"), Vec::new())
        }
        Some(name) => {
            out.push(finding(
                "macvlan_mode",
                Status::Problem,
                format!("{name} mode: {low} hands {p} only frames whose destination is exactly {p}'s MAC ({}); frames for a nested guest's MAC are never delivered, whatever the guest asks", f.mac),
                Some(fixes(f, &[
                    ("libvirt", "<interface type='bridge'> on a Linux bridge instead of type='direct' (macvtap), or <source mode='passthrough'> (the guest gets the whole NIC)".into()),
                    ("lxd", "nictype=bridged instead of macvlan".into()),
                    ("docker", "a bridge network instead of macvlan (or ipvlan, where every container shares one MAC)".into()),
                    ("linux", format!("a bridge: ip link add br0 type bridge; ip link set {low} master br0; and the guest's NIC on br0; or mode passthru (one guest per NIC)")),
                ])),
            ));
            out.push(finding(
                "host_isolation",
                Status::Ok,
                format!("the host cannot reach the guest through {low}, nor the guest the host: its frames go out of {low}, never up to the host's stack{}", if name == "vepa" { " (unless the switch outside hairpins)" } else { "" }),
                None,
            ));
            (pol("reject", "reject"), vec!["promiscuous".to_string()])
        }
        None => {
            out.push(finding(
                "macvlan_mode",
                Status::Unknown,
                format!("mode {} is not one this doctor knows", m.mode),
                None,
            ));
            (HostPolicies::unknown(), Vec::new())
        }
    }
}

fn vmnet_port(
    f: &PortFacts,
    v: &Vmnet,
    who: &str,
    out: &mut Vec<Finding>,
) -> (HostPolicies, Vec<String>) {
    out.push(finding(
        "port",
        Status::Ok,
        format!("VMware Workstation virtual network {}; {who}", f.port),
        None,
    ));
    let promiscuous = if v.users.is_empty() {
        out.push(finding(
            "vmnet",
            Status::Unknown,
            format!("{} owner {} group {} mode {:04o}: no VM user to check (no vmware-vmx runs; name one with --vm-user)", v.path, v.uid, v.gid, v.mode),
            None,
        ));
        "unknown"
    } else {
        let fd = vmnet_finding(v);
        let ok = fd.status == Status::Ok;
        out.push(fd);
        if ok {
            "accept"
        } else {
            "reject"
        }
    };
    (
        HostPolicies {
            promiscuous: promiscuous.into(),
            forged_transmits: "accept".into(),
            mac_changes: "accept".into(),
            mac_learning: "off".into(),
            flooding: "off".into(),
        },
        if promiscuous == "reject" {
            vec!["promiscuous".to_string()]
        } else {
            Vec::new()
        },
    )
}

/// The report on every port, with `nftables` saying whether the ruleset was read.
pub fn report(ports: &[PortFacts], nftables: &str) -> Report {
    let ports: Vec<PortVerdict> = ports.iter().map(diagnose_port).collect();
    let blocked = ports.iter().filter(|p| p.nested == "blocked").count();
    let unknown = ports.iter().filter(|p| p.nested == "unknown").count();
    let summary = if ports.is_empty() {
        "no guest-facing port here: no tap or veth in a bridge, no macvlan or macvtap, no vmnet device".to_string()
    } else {
        format!(
            "{} guest-facing port(s): a nested guest is blocked at {blocked}, works at {}, cannot be told at {unknown}",
            ports.len(),
            ports.len() - blocked - unknown
        )
    };
    Report {
        ports,
        nftables: nftables.into(),
        blocked,
        summary,
    }
}
