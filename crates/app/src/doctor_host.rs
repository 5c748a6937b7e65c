//! `promisc doctor --host`'s facts: every guest-facing port of this network namespace (taps
//! and veths in a Linux bridge or in Open vSwitch, macvlans and macvtaps, here or moved into a
//! container's namespace, VMware Workstation's vmnet devices), with the bridge port's flags
//! from the link dump, the bridge's forwarding table (`RTM_GETNEIGH` `AF_BRIDGE`), what
//! nftables does to foreign sources there (`nft -j list ruleset`), and the guest behind each
//! port where it can be named; for Open vSwitch ports (`ovs-vsctl list-ports`), the
//! bridge's flows (`ovs-ofctl dump-flows`, `show`). The verdicts are [`promisc_doctor::host`]'s. Nothing is
//! changed and no frame is sent.

use std::collections::HashMap;
use std::os::fd::AsFd;
use std::process::{Command, Stdio};

use promisc_doctor::host::guest::{self, Guest};
use promisc_doctor::host::nft::Ruleset;
use promisc_doctor::host::{BridgePort, FdbMac, Filter, Macvlan, OvsPort, PortFacts, PortKind};
use promisc_facts::fdb::FdbEntry;
use promisc_facts::link::{format_mac, KindData, LinkFacts};
use promisc_facts::uapi::MACVLAN_FLAG_NOPROMISC;
use promisc_sys::procfs::{self, NetnsEntry};
use promisc_sys::rtnl::Route;

use crate::doctor::{vmnet_files, Error, Options};

/// Where libvirt keeps the state of its running QEMU domains.
const LIBVIRT_STATE: &str = "/run/libvirt/qemu";

/// What `doctor --host` read.
#[derive(Debug, Clone)]
pub struct HostFacts {
    /// Every guest-facing port, in interface order (vmnet files last).
    pub ports: Vec<PortFacts>,
    /// `read`, or why nftables' ruleset could not be read.
    pub nftables: String,
}

/// The ruleset, or why there is none.
fn ruleset() -> Result<Ruleset, String> {
    let out = Command::new("nft")
        .args(["-j", "list", "ruleset"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                "nft is not installed (apt install nftables)".to_string()
            }
            _ => format!("cannot run nft: {e}"),
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "nft -j list ruleset failed: {}",
            err.lines().next().unwrap_or("no message")
        ));
    }
    Ruleset::parse(&String::from_utf8_lossy(&out.stdout)).map_err(|e| e.to_string())
}

/// Runs an Open vSwitch tool (which finds its sockets through `OVS_RUNDIR` like any other):
/// its output, or why not.
fn ovs_tool(tool: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(tool)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("{tool} is not installed (apt install openvswitch-switch)")
            }
            _ => format!("cannot run {tool}: {e}"),
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "{tool} {} failed: {}",
            args.join(" "),
            err.lines().next().unwrap_or("no message")
        ));
    }
    let max = promisc_doctor::host::ovs::MAX_TEXT;
    if out.stdout.len() > max {
        return Err(format!("{tool} {} wrote over {max} bytes", args.join(" ")));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Open vSwitch's ports and their bridges (`ovs-vsctl list-br`, `list-ports`), or why they
/// could not be listed (Open vSwitch not installed or not running).
fn ovs_ports() -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    let brs = ovs_tool("ovs-vsctl", &["--timeout=5", "list-br"])?;
    for br in brs
        .lines()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .take(1000)
    {
        let ports = ovs_tool("ovs-vsctl", &["--timeout=5", "list-ports", br])?;
        for p in ports.lines().map(str::trim).filter(|p| !p.is_empty()) {
            out.insert(p.to_string(), br.to_string());
        }
    }
    Ok(out)
}

/// The flows of an Open vSwitch bridge (by port name where this `ovs-ofctl` knows `--names`)
/// and its port table; `listed` is why the port is not in `ovs-vsctl`'s list, if it is not.
fn ovs_port(bridge: &str, listed: Result<(), String>) -> OvsPort {
    let (flows, show) = match listed {
        Ok(()) => (
            ovs_tool(
                "ovs-ofctl",
                &["--timeout=5", "--names", "dump-flows", bridge],
            )
            .or_else(|_| ovs_tool("ovs-ofctl", &["--timeout=5", "dump-flows", bridge])),
            ovs_tool("ovs-ofctl", &["--timeout=5", "show", bridge]),
        ),
        Err(why) => (Err(why.clone()), Err(why)),
    };
    OvsPort {
        bridge: bridge.to_string(),
        flows,
        show,
    }
}

fn kind_of(l: &LinkFacts) -> PortKind {
    match l.kind.as_deref() {
        Some("tun") => PortKind::Tap,
        Some("veth") => PortKind::Veth,
        Some("macvlan") => PortKind::Macvlan,
        Some("macvtap") => PortKind::Macvtap,
        _ => PortKind::Other,
    }
}

/// Whether a bridge port faces a guest: a tap or veth, or a device named as hypervisors name
/// theirs (Xen's `vifD.N`); a physical NIC is the uplink.
fn faces_guest(l: &LinkFacts) -> bool {
    matches!(l.kind.as_deref(), Some("tun" | "veth")) || guest::from_port_name(&l.name).is_some()
}

/// The guest in the network namespace `inode`: a process there (`first`: each namespace's
/// first process), and its cgroup.
fn guest_in_netns(inode: u64, peers: &[NetnsEntry], first: &HashMap<u64, u32>) -> Option<Guest> {
    let ns_name = crate::netns::name_of(peers, inode);
    let pid = first.get(&inode).copied();
    let from_cgroup = pid.and_then(|pid| {
        let text = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).ok()?;
        guest::from_cgroup(&text)
    });
    from_cgroup.or_else(|| {
        Some(Guest {
            platform: "linux".into(),
            name: ns_name.clone(),
            how: match pid {
                Some(pid) => format!(
                    "network namespace {ns_name}, process {pid} ({})",
                    procfs::process(pid).map_or(String::new(), |p| p.comm)
                ),
                None => format!("network namespace {ns_name}"),
            },
        })
    })
}

/// Names the guest of a tap: libvirt's state files, then the process that has it open.
fn tap_guest(
    name: &str,
    libvirt: &[(String, String)],
    owners: &[(String, u32)],
    notes: &mut Vec<String>,
) -> Option<Guest> {
    for (file, xml) in libvirt {
        if let Some(nic) = guest::libvirt_nic(xml, name) {
            if let Some(f) = &nic.filter {
                notes.push(format!("libvirt puts the nwfilter {f} on this interface"));
            }
            if let Some(m) = &nic.mac {
                notes.push(format!("the guest's MAC (libvirt): {m}"));
            }
            let domain = if nic.domain.is_empty() {
                file.clone()
            } else {
                nic.domain
            };
            return Some(Guest {
                platform: "libvirt".into(),
                name: domain,
                how: format!("{LIBVIRT_STATE}/{file}.xml"),
            });
        }
    }
    let by_name = guest::from_port_name(name);
    let Some(pid) = owners.iter().find(|(n, _)| n == name).map(|(_, p)| *p) else {
        return by_name;
    };
    let comm = procfs::process(pid).map_or(String::new(), |p| p.comm);
    let how = format!("process {pid} ({comm}) has the tap open");
    // libvirt runs each QEMU in a scope of its own, which names the domain.
    if let Some(g) = std::fs::read_to_string(format!("/proc/{pid}/cgroup"))
        .ok()
        .and_then(|t| guest::from_cgroup(&t))
        .filter(|g| g.platform == "libvirt")
    {
        return Some(Guest { how, ..g });
    }
    let qemu = guest::from_qemu_args(&procfs::cmdline(pid));
    match (by_name, qemu) {
        (Some(g), Some(q)) if g.platform == "libvirt" => Some(Guest {
            name: q,
            how: format!("{how}, -name"),
            ..g
        }),
        (Some(g), Some(q)) => {
            notes.push(format!("QEMU -name {q}"));
            Some(g)
        }
        (None, Some(q)) => Some(Guest {
            platform: "qemu".into(),
            name: q,
            how: format!("{how}, -name"),
        }),
        (Some(g), None) => Some(g),
        (None, None) => Some(Guest {
            platform: "linux".into(),
            name: comm,
            how,
        }),
    }
}

/// libvirt's status files: (domain file stem, contents).
fn libvirt_state() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(LIBVIRT_STATE)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            let stem = p.file_stem()?.to_str()?.to_string();
            (p.extension()? == "xml").then_some(())?;
            Some((stem, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    out.sort();
    out
}

/// The macvlans and macvtaps of other namespaces whose lower device is here: (the link, its
/// namespace).
fn macvlans_elsewhere(current: u64, peers: &[NetnsEntry]) -> Vec<(LinkFacts, NetnsEntry)> {
    let Ok(here) = promisc_sys::ns::open("/proc/thread-self/ns/net") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in peers.iter().filter(|p| p.inode != current) {
        let here = here.as_fd();
        let found = promisc_sys::ns::run_in(&p.path, || {
            let mut route = Route::open()?;
            let links = route.links()?;
            let macvlans: Vec<LinkFacts> = links
                .into_iter()
                .filter(|l| {
                    matches!(l.kind.as_deref(), Some("macvlan" | "macvtap"))
                        && l.link_netnsid.is_some()
                })
                .collect();
            if macvlans.is_empty() {
                return Ok(Vec::new());
            }
            let id = route.nsid_of(here)?;
            Ok(macvlans
                .into_iter()
                .filter(|l| id.is_some() && l.link_netnsid == id)
                .collect())
        });
        for l in found.unwrap_or_default() {
            out.push((l, p.clone()));
        }
    }
    out
}

/// Reads every guest-facing port's facts.
pub fn observe(opts: &Options) -> Result<HostFacts, Error> {
    for name in &opts.vm_users {
        if promisc_sys::user::lookup_user(name)?.is_none() {
            return Err(Error::NoUser(name.clone()));
        }
    }
    let mut route = Route::open()?;
    let links = route.links()?;
    let fdb = route.bridge_fdb()?;
    let current = procfs::current_netns_inode().unwrap_or(0);
    let peers = procfs::list_netns();
    let mut nsids: HashMap<i32, u64> = HashMap::new();
    if links.iter().any(|l| l.link_netnsid.is_some()) {
        for p in &peers {
            if let Ok(fd) = promisc_sys::ns::open(&p.path) {
                if let Ok(Some(id)) = route.nsid_of(fd.as_fd()) {
                    nsids.insert(id, p.inode);
                }
            }
        }
    }
    let (rules, nftables) = match ruleset() {
        Ok(r) => (Some(r), "read".to_string()),
        Err(why) => (None, why),
    };
    let filter = |port: &str, bridge: Option<&str>| match &rules {
        Some(r) => match r.source_drop(port, bridge) {
            Some(d) => Filter::Drops(d),
            None => Filter::None,
        },
        None => Filter::Unknown(nftables.clone()),
    };
    let libvirt = libvirt_state();
    let owners = procfs::tun_owners();
    let first = procfs::netns_first_pids();
    let by_index: HashMap<u32, &LinkFacts> = links.iter().map(|l| (l.ifindex, l)).collect();
    let (ovs, ovs_why) = match ovs_ports() {
        Ok(m) => (m, String::new()),
        Err(why) => (HashMap::new(), why),
    };
    let mut ports = Vec::new();
    for l in &links {
        let master = l.master.and_then(|m| by_index.get(&m).copied());
        let kind = kind_of(l);
        let mut facts = PortFacts {
            port: l.name.clone(),
            netns: None,
            kind,
            mac: format_mac(&l.address),
            guest: None,
            bridge: None,
            ovs: None,
            macvlan: None,
            vmnet: None,
            filter: Filter::None,
            notes: Vec::new(),
        };
        match (master, l.slave_kind.as_deref()) {
            (Some(m), Some("bridge")) if faces_guest(l) => {
                facts.bridge = Some(bridge_port(l, m, &fdb));
                facts.filter = filter(&l.name, Some(&m.name));
            }
            // The userspace datapath leaves its ports without a master.
            _ if ovs.contains_key(&l.name) && faces_guest(l) => {
                facts.ovs = Some(ovs_port(&ovs[&l.name], Ok(())));
            }
            (Some(m), Some("openvswitch")) if faces_guest(l) => {
                let why = if ovs_why.is_empty() {
                    format!("ovs-vsctl does not list {} as a port", l.name)
                } else {
                    ovs_why.clone()
                };
                facts.ovs = Some(ovs_port(&m.name, Err(why)));
            }
            _ if matches!(kind, PortKind::Macvlan | PortKind::Macvtap) => {
                facts.macvlan = Some(macvlan_of(l, &by_index));
            }
            _ => continue,
        }
        facts.guest = match kind {
            PortKind::Tap => tap_guest(&l.name, &libvirt, &owners, &mut facts.notes),
            PortKind::Veth => match l.link_netnsid.and_then(|id| nsids.get(&id)) {
                Some(&inode) => guest_in_netns(inode, &peers, &first),
                None => guest::from_port_name(&l.name),
            },
            _ => guest::from_port_name(&l.name),
        };
        ports.push(facts);
    }
    for (l, ns) in macvlans_elsewhere(current, &peers) {
        let kind = kind_of(&l);
        let mut m = macvlan_of(&l, &HashMap::new());
        m.lower = l
            .link
            .and_then(|i| by_index.get(&i))
            .map_or(m.lower, |lower| lower.name.clone());
        ports.push(PortFacts {
            port: l.name.clone(),
            netns: Some(ns.name.clone()),
            kind,
            mac: format_mac(&l.address),
            guest: guest_in_netns(ns.inode, &peers, &first),
            bridge: None,
            ovs: None,
            macvlan: Some(m),
            vmnet: None,
            filter: Filter::None,
            notes: Vec::new(),
        });
    }
    for v in vmnet_files(opts) {
        ports.push(PortFacts {
            port: v.path.clone(),
            netns: None,
            kind: PortKind::Vmnet,
            mac: String::new(),
            guest: None,
            bridge: None,
            ovs: None,
            macvlan: None,
            vmnet: Some(v),
            filter: Filter::None,
            notes: Vec::new(),
        });
    }
    Ok(HostFacts { ports, nftables })
}

/// A bridge port's flags and the bridge's table entries for it (local ones left out, each MAC
/// once whatever its VLANs).
fn bridge_port(l: &LinkFacts, m: &LinkFacts, fdb: &[FdbEntry]) -> BridgePort {
    let ageing_time = match m.kind_data {
        KindData::Bridge { ageing_time, .. } => ageing_time,
        _ => None,
    };
    let mut table: Vec<FdbMac> = Vec::new();
    for e in fdb
        .iter()
        .filter(|e| e.port == l.ifindex && e.bridge == m.ifindex && !e.is_local())
    {
        let mac = format_mac(&e.address);
        if !table.iter().any(|t| t.mac == mac) {
            table.push(FdbMac {
                mac,
                is_static: e.is_static(),
            });
        }
    }
    let s = &l.slave_data;
    BridgePort {
        bridge: m.name.clone(),
        learning: s.learning,
        unicast_flood: s.unicast_flood,
        locked: s.locked,
        isolated: s.isolated,
        ageing_time,
        fdb: table,
    }
}

fn macvlan_of(l: &LinkFacts, by_index: &HashMap<u32, &LinkFacts>) -> Macvlan {
    let (mode, flags) = match l.kind_data {
        KindData::Macvlan { mode, flags } => (mode, flags),
        _ => (0, 0),
    };
    let lower = match (l.link, l.link_netnsid) {
        (Some(i), None) => by_index
            .get(&i)
            .map_or_else(|| format!("ifindex {i}"), |d| d.name.clone()),
        (Some(i), Some(ns)) => format!("ifindex {i} of netns id {ns}"),
        _ => "?".into(),
    };
    Macvlan {
        mode,
        nopromisc: flags & MACVLAN_FLAG_NOPROMISC != 0,
        lower,
    }
}
