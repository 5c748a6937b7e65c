//! The attribution equation of docs/ARCHITECTURE.md §1: who holds each device's promiscuity counter.
//!
//! Holders come in two grades. *Observed* holders are read directly from kernel state (the user
//! bit, packet-socket memberships, a passthru macvlan that is up, an enslaved port of a
//! non-filtering bridge). *Inferred* holders are predictions the kernel does not export (a bridge
//! port under VLAN filtering, `uc_promisc`, an unknown upper device); they only fill what the
//! observed holders leave unexplained, and are marked `inferred`. What remains after both is
//! reported as `unattributed`, never hidden.

use std::collections::HashMap;

use serde::Serialize;

use promisc_facts::link::{format_mac, KindData, LinkFacts};
use promisc_facts::uapi::{
    BOND_MODES_USING_PRIMARY, MACVLAN_FLAG_NOPROMISC, MACVLAN_MODE_PASSTHRU, PACKET_MR_PROMISC,
};
use promisc_facts::world::{NetnsFacts, ProcessFacts, World};

use promisc_facts::cgroup::Context;

/// A packet socket holding a `PACKET_MR_PROMISC` membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SocketHolder {
    /// The socket inode.
    pub inode: u64,
    /// The lowest pid that has the socket open, if any process could be seen.
    pub pid: Option<u32>,
    /// That process's command name.
    pub comm: Option<String>,
    /// That process's effective uid.
    pub uid: Option<u32>,
    /// Every process that has the socket open, by pid.
    pub processes: Vec<ProcessFacts>,
    /// The socket owner's uid as packet_diag reports it.
    pub socket_uid: Option<u32>,
    /// The unit, container and pod of the lowest pid (from its cgroup).
    #[serde(skip_serializing_if = "Context::is_empty")]
    pub context: Context,
}

/// A device that holds the counter through the kernel's stacking (bridge, macvlan, bond, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackedHolder {
    /// The holding device's name.
    pub device: String,
    /// The holding device's interface index (in its own namespace).
    pub ifindex: u32,
    /// The holding device's namespace name.
    pub netns: String,
    /// True when the holding device lives in another namespace than the held one.
    #[serde(skip)]
    pub netns_differs: bool,
    /// True when the kernel does not export this holding and promisc predicted it.
    pub inferred: bool,
    /// For macvlan and macvtap: the mode (`passthru`, `bridge`, `vepa`, `private`, `source`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Why the device holds the counter, in a few words.
    pub reason: String,
    /// For a veth port whose other end is in another network namespace, or a macvlan that
    /// lives in another one: where that namespace's first process runs (the container or pod
    /// at the other end).
    #[serde(skip_serializing_if = "Context::is_empty")]
    pub peer_context: Context,
}

/// `uc_promisc`: the device cannot filter unicast and has secondary unicast addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UcPromiscHolder {
    /// The secondary unicast addresses (the evidence).
    pub addresses: Vec<String>,
    /// Always true: the kernel does not export `uc_promisc`.
    pub inferred: bool,
}

/// One holder of a device's promiscuity counter; each accounts for exactly 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Holder {
    /// The user bit (`ip link set X promisc on`).
    UserFlag,
    /// An AF_PACKET socket with a `PACKET_MR_PROMISC` membership.
    PacketSocket(SocketHolder),
    /// The device is a port of a bridge.
    BridgePort(StackedHolder),
    /// A macvlan or macvtap on top of the device.
    Macvlan(StackedHolder),
    /// An 802.1Q VLAN device on top of the device, promiscuous itself.
    Vlan(StackedHolder),
    /// A MACsec device on top of the device, promiscuous itself.
    Macsec(StackedHolder),
    /// The device is a slave of a promiscuous bond.
    Bond(StackedHolder),
    /// The device is a port of a promiscuous team.
    Team(StackedHolder),
    /// The device is an Open vSwitch port (attached or internal).
    Openvswitch(StackedHolder),
    /// The device is a slave of an HSR/PRP device.
    Hsr(StackedHolder),
    /// The device's master is a promiscuous device of a kind promisc does not model.
    Upper(StackedHolder),
    /// The device lacks unicast filtering and has secondary unicast addresses.
    UcPromisc(UcPromiscHolder),
}

impl Holder {
    /// The holder's kind as it appears in JSON and in `--allow` rules.
    pub fn kind(&self) -> &'static str {
        match self {
            Holder::UserFlag => "user_flag",
            Holder::PacketSocket(_) => "packet_socket",
            Holder::BridgePort(_) => "bridge_port",
            Holder::Macvlan(_) => "macvlan",
            Holder::Vlan(_) => "vlan",
            Holder::Macsec(_) => "macsec",
            Holder::Bond(_) => "bond",
            Holder::Team(_) => "team",
            Holder::Openvswitch(_) => "openvswitch",
            Holder::Hsr(_) => "hsr",
            Holder::Upper(_) => "upper",
            Holder::UcPromisc(_) => "uc_promisc",
        }
    }

    /// The stacked device behind this holder, if it is one.
    pub fn stacked(&self) -> Option<&StackedHolder> {
        match self {
            Holder::BridgePort(s)
            | Holder::Macvlan(s)
            | Holder::Vlan(s)
            | Holder::Macsec(s)
            | Holder::Bond(s)
            | Holder::Team(s)
            | Holder::Openvswitch(s)
            | Holder::Hsr(s)
            | Holder::Upper(s) => Some(s),
            _ => None,
        }
    }

    /// A short description in plain words, e.g. `tcpdump (pid 4242, uid 0)`, or
    /// `tcpdump (pid 4242, uid 0, pod monitoring/sniffer-x2x8k, container sniffer)`.
    pub fn describe(&self) -> String {
        match self {
            Holder::UserFlag => "user flag".into(),
            Holder::PacketSocket(s) => {
                let mut out = match (&s.comm, s.pid) {
                    (Some(comm), Some(pid)) => {
                        let uid = s.uid.map(|u| format!(", uid {u}")).unwrap_or_default();
                        let short = s.context.short();
                        let ctx = if short.is_empty() {
                            short
                        } else {
                            format!(", {short}")
                        };
                        format!("{comm} (pid {pid}{uid}{ctx}")
                    }
                    _ => format!("packet socket (no visible process, socket {}", s.inode),
                };
                for p in s.processes.iter().skip(1) {
                    out.push_str(&format!(", also {} pid {}", p.comm, p.pid));
                }
                out.push(')');
                out
            }
            Holder::UcPromisc(u) => format!("uc_promisc ({})", u.addresses.join(" ")),
            other => {
                let s = other.stacked().expect("stacked holder");
                let what = match other {
                    Holder::BridgePort(_) => "port of bridge",
                    Holder::Macvlan(_) => "macvlan",
                    Holder::Vlan(_) => "vlan",
                    Holder::Macsec(_) => "macsec",
                    Holder::Bond(_) => "slave of bond",
                    Holder::Team(_) => "port of team",
                    Holder::Openvswitch(_) => "openvswitch",
                    Holder::Hsr(_) => "slave of hsr",
                    _ => "under",
                };
                let mut out = format!("{what} {}", s.device);
                let mut notes = Vec::new();
                if let Some(m) = &s.mode {
                    notes.push(m.clone());
                }
                if s.netns_differs {
                    notes.push(format!("netns {}", s.netns));
                }
                if !s.peer_context.is_empty() {
                    notes.push(format!("peer in {}", s.peer_context.short()));
                }
                if s.inferred {
                    notes.push("inferred".into());
                }
                if !notes.is_empty() {
                    out.push_str(&format!(" ({})", notes.join(", ")));
                }
                out
            }
        }
    }
}

/// The attributed state of one interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterfaceStatus {
    /// The namespace's name.
    pub netns: String,
    /// The namespace's inode.
    pub netns_inode: u64,
    /// Interface index.
    pub ifindex: u32,
    /// Interface name.
    pub name: String,
    /// Link kind (`veth`, `bridge`, `macvlan`, `loopback`, `ethernet`, ...).
    pub kind: String,
    /// Administratively up.
    pub up: bool,
    /// The real promiscuous state (counter above zero).
    pub promisc: bool,
    /// The user bit, what `ip link` and `ifconfig` show.
    pub user_flag: bool,
    /// The kernel's promiscuity counter.
    pub promiscuity: u32,
    /// The kernel's allmulti counter (0 when the kernel does not report it).
    pub allmulti: u32,
    /// Each holder of the counter.
    pub holders: Vec<Holder>,
    /// The counter minus the holders: what nothing explains (negative when a prediction was wrong).
    pub unattributed: i64,
}

type Key = (u64, u32);

struct Index<'a> {
    world: &'a World,
    links: HashMap<Key, (&'a NetnsFacts, &'a LinkFacts)>,
    /// Lower device to the upper devices (macvlan, macvtap, vlan, macsec) that sit on it.
    uppers: HashMap<Key, Vec<(&'a NetnsFacts, &'a LinkFacts)>>,
    /// Device to the HSR devices that use it as a slave.
    hsr: HashMap<Key, Vec<(&'a NetnsFacts, &'a LinkFacts)>>,
    /// Master device to its ports.
    ports: HashMap<Key, Vec<&'a LinkFacts>>,
}

impl<'a> Index<'a> {
    fn new(world: &'a World) -> Self {
        let mut idx = Index {
            world,
            links: HashMap::new(),
            uppers: HashMap::new(),
            hsr: HashMap::new(),
            ports: HashMap::new(),
        };
        for ns in &world.namespaces {
            for l in &ns.links {
                idx.links.insert((ns.inode, l.ifindex), (ns, l));
                if let Some(m) = l.master {
                    idx.ports.entry((ns.inode, m)).or_default().push(l);
                }
                if matches!(
                    l.kind.as_deref(),
                    Some("macvlan" | "macvtap" | "vlan" | "macsec")
                ) {
                    if let Some(lower) = lower_key(ns, l) {
                        idx.uppers.entry(lower).or_default().push((ns, l));
                    }
                }
                if let KindData::Hsr { slaves } = &l.kind_data {
                    for s in slaves.iter().flatten() {
                        idx.hsr.entry((ns.inode, *s)).or_default().push((ns, l));
                    }
                }
            }
        }
        idx
    }
}

/// The (namespace, ifindex) of a link's lower device, following `IFLA_LINK_NETNSID`.
fn lower_key(ns: &NetnsFacts, l: &LinkFacts) -> Option<Key> {
    let link = l.link.filter(|&i| i != 0)?;
    match l.link_netnsid {
        None => Some((ns.inode, link)),
        Some(id) => ns.nsids.get(&id).map(|&inode| (inode, link)),
    }
}

fn macvlan_mode_name(mode: u32) -> String {
    match mode {
        1 => "private".into(),
        2 => "vepa".into(),
        4 => "bridge".into(),
        8 => "passthru".into(),
        16 => "source".into(),
        m => format!("mode-{m}"),
    }
}

fn stacked(ns: &NetnsFacts, dev: &LinkFacts, inferred: bool, reason: &str) -> StackedHolder {
    StackedHolder {
        device: dev.name.clone(),
        ifindex: dev.ifindex,
        netns: ns.name.clone(),
        netns_differs: false,
        inferred,
        mode: None,
        reason: reason.into(),
        peer_context: Default::default(),
    }
}

/// Kinds known to filter unicast in software or hardware (`IFF_UNICAST_FLT`): they never
/// take `uc_promisc`.
const UNICAST_FILTERING_KINDS: [&str; 5] = ["macvlan", "macvtap", "bond", "team", "vlan"];

/// Kinds known to lack `IFF_UNICAST_FLT`: a bridge port of these kinds stays promiscuous even
/// under VLAN filtering.
const NO_UNICAST_FILTER_KINDS: [&str; 6] = ["veth", "tun", "bridge", "vxlan", "geneve", "dummy"];

/// Attributes the counter of every link in every namespace of `world`.
///
/// The result is ordered by namespace (as in `world`) and interface index.
pub fn attribute(world: &World) -> Vec<InterfaceStatus> {
    let idx = Index::new(world);
    let mut out = Vec::new();
    for ns in &world.namespaces {
        let mut links: Vec<&LinkFacts> = ns.links.iter().collect();
        links.sort_by_key(|l| l.ifindex);
        for l in links {
            out.push(attribute_link(&idx, ns, l));
        }
    }
    out
}

fn attribute_link(idx: &Index<'_>, ns: &NetnsFacts, l: &LinkFacts) -> InterfaceStatus {
    let key = (ns.inode, l.ifindex);
    let mut holders = Vec::new();
    // Inferred holders, in the order they fill the residual.
    let mut tentative: Vec<Holder> = Vec::new();

    if l.user_flag() {
        holders.push(Holder::UserFlag);
    }

    for s in &ns.sockets {
        let holds = s
            .memberships
            .iter()
            .any(|m| m.ifindex == l.ifindex && m.mr_type == PACKET_MR_PROMISC);
        if holds {
            let mut processes = idx.world.owners.get(&s.inode).cloned().unwrap_or_default();
            processes.sort();
            processes.dedup();
            let first = processes.first();
            holders.push(Holder::PacketSocket(SocketHolder {
                inode: s.inode,
                pid: first.map(|p| p.pid),
                comm: first.map(|p| p.comm.clone()),
                uid: first.map(|p| p.uid).or(s.uid),
                socket_uid: s.uid,
                context: first.map_or_else(Context::default, |p| Context::from_cgroup(&p.cgroup)),
                processes,
            }));
        }
    }

    if let Some(master_idx) = l.master {
        if let Some((mns, m)) = idx.links.get(&(ns.inode, master_idx)) {
            master_holder(idx, mns, m, l, &mut holders, &mut tentative);
        }
    }

    if l.kind.as_deref() == Some("openvswitch") {
        holders.push(Holder::Openvswitch(stacked(ns, l, false, "internal port")));
    }

    for (uns, u) in idx.uppers.get(&key).map(Vec::as_slice).unwrap_or(&[]) {
        upper_holder(ns, uns, u, &mut holders, &mut tentative);
    }

    for (hns, h) in idx.hsr.get(&key).map(Vec::as_slice).unwrap_or(&[]) {
        holders.push(Holder::Hsr(stacked(hns, h, false, "hsr slave")));
    }

    // uc_promisc: no known unicast filter and secondary unicast addresses. The kernel takes it
    // only while the device is up, but keeps it when the device goes down (__dev_set_rx_mode
    // does nothing on a down device), so a down device may hold it too.
    if !UNICAST_FILTERING_KINDS.contains(&l.kind.as_deref().unwrap_or("")) {
        if let Some(list) = &ns.unicast {
            let mut addresses: Vec<String> = list
                .iter()
                .filter(|u| u.ifindex == l.ifindex)
                .filter(|u| !u.address.is_empty() && u.address[0] & 1 == 0)
                .filter(|u| u.address != l.address)
                .map(|u| format_mac(&u.address))
                .collect();
            addresses.sort();
            addresses.dedup();
            if !addresses.is_empty() {
                tentative.push(Holder::UcPromisc(UcPromiscHolder {
                    addresses,
                    inferred: true,
                }));
            }
        }
    }

    let mut residual = i64::from(l.promiscuity) - holders.len() as i64;
    for t in tentative {
        if residual <= 0 {
            break;
        }
        holders.push(t);
        residual -= 1;
    }

    InterfaceStatus {
        netns: ns.name.clone(),
        netns_inode: ns.inode,
        ifindex: l.ifindex,
        name: l.name.clone(),
        kind: l.kind_name(),
        up: l.is_up(),
        promisc: l.is_promisc(),
        user_flag: l.user_flag(),
        promiscuity: l.promiscuity,
        allmulti: l.allmulti.unwrap_or(0),
        holders,
        unattributed: residual,
    }
}

/// The holding a master device (bridge, bond, team, Open vSwitch, other) takes on a port.
fn master_holder(
    idx: &Index<'_>,
    mns: &NetnsFacts,
    m: &LinkFacts,
    port: &LinkFacts,
    holders: &mut Vec<Holder>,
    tentative: &mut Vec<Holder>,
) {
    let slave_kind = port.slave_kind.as_deref().or(m.kind.as_deref());
    match slave_kind {
        Some("bridge") => {
            let vlan_filtering = matches!(
                m.kind_data,
                KindData::Bridge {
                    vlan_filtering: true,
                    ..
                }
            );
            if m.is_promisc() || !vlan_filtering {
                let reason = if m.is_promisc() {
                    "the bridge is promiscuous"
                } else {
                    "vlan_filtering is off"
                };
                holders.push(Holder::BridgePort(stacked(mns, m, false, reason)));
                return;
            }
            // br_manage_promisc: with VLAN filtering, a port may be left non-promiscuous when
            // no port, or only this one, learns or floods unicast, and the port device filters
            // unicast itself (br_port_clear_promisc).
            let is_auto = |p: &LinkFacts| {
                p.slave_data.learning.unwrap_or(true) || p.slave_data.unicast_flood.unwrap_or(true)
            };
            let ports = idx
                .ports
                .get(&(mns.inode, m.ifindex))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let auto_cnt = ports.iter().filter(|p| is_auto(p)).count();
            let may_clear = auto_cnt == 0 || (auto_cnt == 1 && is_auto(port));
            if !may_clear {
                holders.push(Holder::BridgePort(stacked(
                    mns,
                    m,
                    false,
                    "vlan_filtering, several ports learn or flood",
                )));
            } else if NO_UNICAST_FILTER_KINDS.contains(&port.kind.as_deref().unwrap_or("")) {
                holders.push(Holder::BridgePort(stacked(
                    mns,
                    m,
                    false,
                    "vlan_filtering, but the port cannot filter unicast",
                )));
            } else {
                tentative.push(Holder::BridgePort(stacked(
                    mns,
                    m,
                    true,
                    "vlan_filtering: the port keeps promiscuity only without unicast filtering",
                )));
            }
        }
        Some("bond") => {
            if !m.is_promisc() {
                return;
            }
            let mode = match m.kind_data {
                KindData::Bond { mode } => mode,
                _ => 0,
            };
            if BOND_MODES_USING_PRIMARY.contains(&mode) {
                if port.slave_data.bond_state == Some(0) {
                    holders.push(Holder::Bond(stacked(
                        mns,
                        m,
                        false,
                        "the bond is promiscuous and this is its active slave",
                    )));
                } else {
                    // balance-alb keeps the old active slave promiscuous for a while after a
                    // failover; only the residual can tell.
                    tentative.push(Holder::Bond(stacked(
                        mns,
                        m,
                        true,
                        "backup slave of a promiscuous bond (alb failover leftover)",
                    )));
                }
            } else {
                holders.push(Holder::Bond(stacked(
                    mns,
                    m,
                    false,
                    "the bond is promiscuous",
                )));
            }
        }
        Some("team") => {
            if m.is_promisc() {
                holders.push(Holder::Team(stacked(
                    mns,
                    m,
                    false,
                    "the team is promiscuous",
                )));
            }
        }
        Some("openvswitch") => {
            holders.push(Holder::Openvswitch(stacked(
                mns,
                m,
                false,
                "attached to an Open vSwitch datapath",
            )));
        }
        _ => {
            if m.is_promisc() {
                tentative.push(Holder::Upper(stacked(
                    mns,
                    m,
                    true,
                    "a promiscuous master may propagate its promiscuity",
                )));
            }
        }
    }
}

/// The holding an upper device (macvlan, macvtap, vlan, macsec) takes on its lower device.
fn upper_holder(
    lower_ns: &NetnsFacts,
    uns: &NetnsFacts,
    u: &LinkFacts,
    holders: &mut Vec<Holder>,
    tentative: &mut Vec<Holder>,
) {
    let mut h = stacked(uns, u, false, "");
    h.netns_differs = uns.inode != lower_ns.inode;
    match u.kind.as_deref() {
        Some("macvlan" | "macvtap") => {
            let (mode, flags) = match u.kind_data {
                KindData::Macvlan { mode, flags } => (mode, flags),
                _ => (0, 0),
            };
            h.mode = Some(macvlan_mode_name(mode));
            if mode == MACVLAN_MODE_PASSTHRU {
                if u.is_up() && flags & MACVLAN_FLAG_NOPROMISC == 0 {
                    h.reason = "passthru macvlan is up".into();
                    holders.push(Holder::Macvlan(h));
                }
            } else if u.is_up() && u.is_promisc() {
                h.reason = "the macvlan is promiscuous and up".into();
                holders.push(Holder::Macvlan(h));
            }
        }
        Some(kind @ ("vlan" | "macsec")) => {
            if !u.is_promisc() {
                return;
            }
            let wrap = |h| {
                if kind == "vlan" {
                    Holder::Vlan(h)
                } else {
                    Holder::Macsec(h)
                }
            };
            if u.is_up() {
                h.reason = format!("the {kind} device is promiscuous and up");
                holders.push(wrap(h));
            } else if kind == "vlan" {
                // Since Linux 6.15 (and its stable backports) a VLAN passes its promiscuity
                // down even while down; before, only while up.
                h.inferred = true;
                h.reason = "the vlan device is promiscuous (down: depends on the kernel)".into();
                tentative.push(wrap(h));
            }
        }
        _ => {}
    }
}
