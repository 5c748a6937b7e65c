//! Labs on the kernel's own switching instead of promisc's switch: the Linux bridge (KVM/libvirt,
//! Proxmox, LXD/Incus, Xen) with its defaults, with learning and flooding off at the guests'
//! ports and static FDB entries, with an nftables source-MAC filter, and macvlan in bridge
//! mode (macvtap). The objects are data here ([`Kernel::commands`]); the matrix's explanations
//! come from the bridge's configuration ([`explain`], a pure function of what
//! [`super::matrix`] reads back), since the kernel keeps no drop log to read them from.

use std::fmt;

use promisc_vswitch::policy::Profile;
use serde::{Deserialize, Serialize};

use super::topology::{Lab, MAC_GUEST, MAC_NEIGHBOUR};

/// The bridge a kernel lab builds in the switch's namespace.
pub const BRIDGE: &str = "br-lab";
/// The nftables table (family `bridge`) of a guest port's source-MAC filter: this prefix and
/// the host's name.
pub const NFT_TABLE: &str = "promisc_lab_";

/// A platform whose switch the kernel provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kernel {
    /// A Linux bridge with its defaults (libvirt `type='bridge'`, Proxmox `vmbr`, LXD/Incus
    /// bridged, Xen `vif-bridge`): learning and unknown-unicast flooding on.
    KvmBridge,
    /// Learning and unicast flooding off at the guests' ports, a static FDB entry for each
    /// guest's MAC (libvirt `macTableManager='libvirt'`, Proxmox `bridge-disable-mac-learning`).
    KvmStatic,
    /// An nftables bridge filter dropping frames from a guest's port whose source is not the
    /// guest's MAC (Proxmox firewall `macfilter`, libvirt `no-mac-spoofing`, LXD
    /// `security.mac_filtering`).
    ProxmoxMacfilter,
    /// No bridge: the guests' NICs are macvlans in bridge mode on the host's NIC, which
    /// carries the host's address (libvirt `type='direct'` macvtap, LXD/Incus and Docker
    /// macvlan): frames reach a guest only for its own MAC, and host and guests cannot reach
    /// each other.
    KvmMacvtap,
}

impl Kernel {
    /// Every kernel profile.
    pub const ALL: [Kernel; 4] = [
        Kernel::KvmBridge,
        Kernel::KvmStatic,
        Kernel::ProxmoxMacfilter,
        Kernel::KvmMacvtap,
    ];

    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kernel::KvmBridge => "kvm-bridge",
            Kernel::KvmStatic => "kvm-static",
            Kernel::ProxmoxMacfilter => "proxmox-macfilter",
            Kernel::KvmMacvtap => "kvm-macvtap",
        }
    }

    /// The tools its lab runs besides `ip` and `ping`.
    pub fn tools(self) -> &'static [&'static str] {
        match self {
            Kernel::KvmBridge | Kernel::KvmMacvtap => &[],
            Kernel::KvmStatic => &["bridge"],
            Kernel::ProxmoxMacfilter => &["nft"],
        }
    }

    /// The commands (full argument vectors) that set the platform's knobs on the lab's
    /// bridge once `ip` built it, then bring the bridge up (so it learns nothing before).
    pub fn commands(self, lab: &Lab) -> Vec<Vec<String>> {
        let sw = lab.switch_netns.as_str();
        let guests = [
            ("guest", "vs-guest", MAC_GUEST),
            ("neighbour", "vs-neighbour", MAC_NEIGHBOUR),
        ];
        let mut c: Vec<Vec<String>> = Vec::new();
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        match self {
            // Its macvlans are made with the lab's links; there is no bridge.
            Kernel::KvmMacvtap => return c,
            Kernel::KvmBridge => {}
            Kernel::KvmStatic => {
                for (_, dev, mac) in guests {
                    c.push(words(&format!(
                        "bridge -n {sw} link set dev {dev} learning off flood off"
                    )));
                    c.push(words(&format!(
                        "bridge -n {sw} fdb replace {mac} dev {dev} master static"
                    )));
                }
            }
            Kernel::ProxmoxMacfilter => {
                for (host, dev, mac) in guests {
                    let mut v = words(&format!("ip netns exec {sw} nft"));
                    v.push(format!(
                        "add table bridge {NFT_TABLE}{host}; \
                         add chain bridge {NFT_TABLE}{host} forward {{ type filter hook forward priority 0; policy accept; }}; \
                         add rule bridge {NFT_TABLE}{host} forward iifname \"{dev}\" ether saddr != {mac} drop"
                    ));
                    c.push(v);
                }
            }
        }
        c.push(words(&format!("ip -n {sw} link set {BRIDGE} up")));
        c
    }

    /// The platform's fix for the guest's port, in the lab: what to run with `promisc lab exec
    /// --name NAME switch -- COMMAND` (docs/VSWITCH.md, "Kernel bridges in the lab").
    pub fn fix(self) -> Option<String> {
        match self {
            Kernel::KvmBridge | Kernel::KvmMacvtap => None,
            Kernel::KvmStatic => Some("bridge link set dev vs-guest learning on flood on".into()),
            Kernel::ProxmoxMacfilter => Some(format!("nft delete table bridge {NFT_TABLE}guest")),
        }
    }
}

/// What a lab runs on: promisc's switch with a profile, or the kernel's own objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LabProfile {
    /// `promisc vswitch` with this port-group profile.
    Switch(Profile),
    /// The kernel's bridge, configured as this platform does.
    Kernel(Kernel),
}

impl LabProfile {
    /// Its name (`vsphere7`, ..., `kvm-static`).
    pub fn as_str(self) -> &'static str {
        match self {
            LabProfile::Switch(p) => p.as_str(),
            LabProfile::Kernel(k) => k.as_str(),
        }
    }

    /// The switch's profile, for a lab on promisc's switch.
    pub fn switch(self) -> Option<Profile> {
        match self {
            LabProfile::Switch(p) => Some(p),
            LabProfile::Kernel(_) => None,
        }
    }

    /// The kernel profile, for a lab on the kernel's objects.
    pub fn kernel(self) -> Option<Kernel> {
        match self {
            LabProfile::Switch(_) => None,
            LabProfile::Kernel(k) => Some(k),
        }
    }
}

impl From<Profile> for LabProfile {
    fn from(p: Profile) -> Self {
        LabProfile::Switch(p)
    }
}

impl From<Kernel> for LabProfile {
    fn from(k: Kernel) -> Self {
        LabProfile::Kernel(k)
    }
}

impl PartialEq<Profile> for LabProfile {
    fn eq(&self, other: &Profile) -> bool {
        *self == LabProfile::Switch(*other)
    }
}

impl fmt::Display for LabProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The fix of a `kvm-macvtap` lab, in the platform's words "a Linux bridge instead of macvtap":
/// the host's NIC becomes a port of a bridge that carries the host's address, and each guest's
/// macvlan is replaced by a veth (a tap, for a VM) on that bridge. As `(host, command)` pairs,
/// each run with `promisc lab exec --name NAME HOST -- COMMAND` (docs/VSWITCH.md).
pub fn bridge_instead_of_macvtap(lab: &Lab) -> Vec<(String, Vec<String>)> {
    let host = |n: &str| lab.host(n).expect("a nested lab has every host");
    let h = host("host");
    let mut v: Vec<(&str, String)> = vec![
        ("host", "ip link add br0 type bridge".into()),
        ("host", format!("ip addr del {}/24 dev vmnet0", h.ip)),
        ("host", format!("ip addr add {}/24 dev br0", h.ip)),
        ("host", "ip link set br0 up".into()),
    ];
    for (name, mac) in [("guest", MAC_GUEST), ("neighbour", MAC_NEIGHBOUR)] {
        let g = host(name);
        v.push((name, "ip link del eth0".into()));
        v.push((
            "host",
            format!(
                "ip link add tap-{name} type veth peer name eth0 netns {}",
                g.netns
            ),
        ));
        v.push(("host", format!("ip link set tap-{name} master br0 up")));
        v.push((name, format!("ip link set eth0 address {mac} up")));
        if name == "guest" {
            v.push((name, "ip link set eth0 master br0".into()));
        } else {
            v.push((name, format!("ip addr add {}/24 dev eth0", g.ip)));
            v.push((name, format!("ip route add default via {}", h.ip)));
        }
    }
    // The host's NIC joins the bridge once no macvlan holds it.
    v.push(("host", "ip link set vmnet0 master br0".into()));
    v.into_iter()
        .map(|(h, c)| (h.to_string(), c.split(' ').map(str::to_string).collect()))
        .collect()
}

/// A bridge port's flags, as `bridge -d link show` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PortFlags {
    /// The bridge learns source MACs at the port.
    pub learning: bool,
    /// Unknown unicast is flooded to the port.
    pub flood: bool,
}

/// The configuration of a kernel lab's bridge at the guest's port, as read back when the
/// matrix runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BridgeState {
    /// The guest's port flags (`None`: unreadable).
    pub guest: Option<PortFlags>,
    /// The guest port's source-MAC filter (its nftables table) exists.
    pub macfilter: bool,
    /// The guest's NIC is a macvlan (`kvm-macvtap`, before the fix).
    pub guest_macvlan: bool,
    /// The neighbour's NIC is a macvlan.
    pub neighbour_macvlan: bool,
}

/// Why `from` does not reach `to` in a kernel lab, from the bridge's configuration alone: the
/// kernel keeps no log of what it dropped.
pub fn explain(lab: &Lab, state: &BridgeState, from: &str, to: &str) -> String {
    let inner = lab.topology.inner();
    let said = "(explained from the bridge's configuration: the kernel keeps no drop log)";
    if state.guest_macvlan || state.neighbour_macvlan {
        return explain_macvlan(lab, state, from, to);
    }
    if ![from, to].contains(&inner) || [from, to].contains(&"guest") {
        return format!(
            "the bridge's configuration blocks nothing between {from} and {to}; the frames were lost elsewhere {said}"
        );
    }
    let mut why = Vec::new();
    if state.macfilter {
        why.push(format!(
            "an nftables rule on {BRIDGE} drops frames entering at port vs-guest whose source is not the guest's MAC {MAC_GUEST}, so nothing {inner} sends with its own MAC leaves the guest (Proxmox firewall macfilter; libvirt nwfilter no-mac-spoofing, LXD security.mac_filtering)"
        ));
    }
    match state.guest {
        Some(PortFlags {
            learning: false,
            flood: false,
        }) => why.push(format!(
            "{BRIDGE} neither learns MACs at port vs-guest (learning off) nor floods unknown unicast to it (flood off): frames reach that port only through its static FDB entry, for the guest's MAC {MAC_GUEST}, never {inner}'s (libvirt macTableManager='libvirt', Proxmox bridge-disable-mac-learning 1)"
        )),
        None => why.push("the flags of port vs-guest could not be read".into()),
        Some(_) => {}
    }
    if why.is_empty() {
        format!("the bridge's configuration blocks nothing for {inner} (learning and flooding on at vs-guest, no source filter) {said}")
    } else {
        format!("{} {said}", why.join("; and "))
    }
}

/// Why `from` does not reach `to` when guests sit on macvlans of the host's NIC.
fn explain_macvlan(lab: &Lab, state: &BridgeState, from: &str, to: &str) -> String {
    let inner = lab.topology.inner();
    let said = "(explained from the lab's configuration: the kernel keeps no drop log)";
    let on_macvlan = |h: &str| {
        (h == "guest" || h == inner) && state.guest_macvlan
            || h == "neighbour" && state.neighbour_macvlan
    };
    let host_side = |h: &str| h == "host" || h == "outside";
    let mut why = Vec::new();
    if (host_side(from) && on_macvlan(to)) || (host_side(to) && on_macvlan(from)) {
        why.push(
            "the host's address is on vmnet0, the parent of the guests' macvlans (bridge mode): a macvlan's frames go to the parent's transmit queue, never to the host's own stack, so host and guests cannot reach each other (libvirt type='direct' macvtap, LXD/Incus and Docker macvlan; the fix is a Linux bridge instead, or macvtap mode='passthrough')".to_string(),
        );
    }
    if [from, to].contains(&inner) && state.guest_macvlan && ![from, to].contains(&"guest") {
        why.push(format!(
            "the guest's NIC is a macvlan of vmnet0: frames are handed to it only when their destination is exactly its MAC {MAC_GUEST}, never {inner}'s, whatever promiscuous mode the guest asks for (it widens only the multicast filter)"
        ));
    }
    if why.is_empty() {
        format!("the macvlans block nothing between {from} and {to}; the frames were lost elsewhere {said}")
    } else {
        format!("{} {said}", why.join("; and "))
    }
}

#[cfg(test)]
mod tests {
    use super::super::topology::Kind;
    use super::*;

    #[test]
    fn a_lab_profile_is_written_and_read_as_its_name() {
        for p in Profile::ALL {
            let l = LabProfile::from(p);
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            assert_eq!(serde_json::from_str::<LabProfile>(&json).unwrap(), l);
        }
        for k in Kernel::ALL {
            let l = LabProfile::from(k);
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_eq!(serde_json::from_str::<LabProfile>(&json).unwrap(), l);
        }
        assert!(serde_json::from_str::<LabProfile>("\"kvm\"").is_err());
    }

    #[test]
    fn the_knobs_of_each_kernel_profile() {
        let lab = Lab::new("k", Kind::Nested, Kernel::KvmStatic, false);
        let all: Vec<String> = Kernel::KvmStatic
            .commands(&lab)
            .iter()
            .map(|c| c.join(" "))
            .collect();
        assert!(all.contains(
            &"bridge -n promisc-lab-k-switch link set dev vs-guest learning off flood off".into()
        ));
        assert!(all.contains(
            &"bridge -n promisc-lab-k-switch fdb replace 00:0c:29:00:00:02 dev vs-guest master static"
                .into()
        ));
        assert_eq!(
            Kernel::KvmBridge.commands(&lab),
            [[
                "ip",
                "-n",
                "promisc-lab-k-switch",
                "link",
                "set",
                "br-lab",
                "up"
            ]]
        );
        let nft = Kernel::ProxmoxMacfilter.commands(&lab);
        assert_eq!(nft.len(), 3, "one table per guest port, then the bridge up");
        assert!(nft[0][5].contains("iifname \"vs-guest\" ether saddr != 00:0c:29:00:00:02 drop"));
        assert_eq!(
            Kernel::ProxmoxMacfilter.fix().unwrap(),
            "nft delete table bridge promisc_lab_guest"
        );
    }

    #[test]
    fn the_macvtap_fix_is_what_vswitch_md_documents() {
        let doc = include_str!("../../../../docs/VSWITCH.md");
        let lab = Lab::new("NAME", Kind::Nested, Kernel::KvmMacvtap, false);
        let fix = bridge_instead_of_macvtap(&lab);
        assert_eq!(fix.len(), 16);
        for (host, command) in fix {
            let line = format!("{:<11}{}", format!("{host}:"), command.join(" "));
            assert!(
                doc.contains(&format!("\n{line}\n")),
                "docs/VSWITCH.md lacks `{line}`"
            );
        }
        // No bridge, no switch port for the guests: macvlans on the host's NIC.
        let all: Vec<String> = lab.commands().iter().map(|c| c.join(" ")).collect();
        assert!(all.contains(
            &"-n promisc-lab-NAME-host link add mv-guest link vmnet0 address 00:0c:29:00:00:02 type macvlan mode bridge".into()
        ));
        assert!(
            !all.iter()
                .any(|c| c.contains("vs-guest") || c.contains(BRIDGE)),
            "{all:?}"
        );
    }

    #[test]
    fn explanations_come_from_the_configuration_and_say_so() {
        let lab = Lab::new("k", Kind::Nested, Kernel::KvmStatic, false);
        let off = BridgeState {
            guest: Some(PortFlags {
                learning: false,
                flood: false,
            }),
            macfilter: false,
            ..BridgeState::default()
        };
        let r = explain(&lab, &off, "host", "nested");
        assert!(
            r.contains("learning off") && r.contains("macTableManager='libvirt'"),
            "{r}"
        );
        assert!(
            r.ends_with(
                "(explained from the bridge's configuration: the kernel keeps no drop log)"
            ),
            "{r}"
        );
        let filter = BridgeState {
            guest: Some(PortFlags {
                learning: true,
                flood: true,
            }),
            macfilter: true,
            ..BridgeState::default()
        };
        let r = explain(&lab, &filter, "nested", "host");
        assert!(
            r.contains("Proxmox firewall macfilter") && !r.contains("learning off"),
            "{r}"
        );
        let open = BridgeState {
            guest: filter.guest,
            macfilter: false,
            ..BridgeState::default()
        };
        let r = explain(&lab, &open, "nested", "host");
        assert!(
            r.starts_with("the bridge's configuration blocks nothing for nested"),
            "{r}"
        );
        let r = explain(&lab, &off, "host", "neighbour");
        assert!(r.contains("lost elsewhere"), "{r}");
        let mv = BridgeState {
            guest_macvlan: true,
            neighbour_macvlan: true,
            ..BridgeState::default()
        };
        let lab = Lab::new("m", Kind::Nested, Kernel::KvmMacvtap, false);
        let r = explain(&lab, &mv, "host", "guest");
        assert!(
            r.contains("host and guests cannot reach each other") && !r.contains("exactly its MAC"),
            "{r}"
        );
        let r = explain(&lab, &mv, "outside", "nested");
        assert!(
            r.contains("cannot reach each other") && r.contains("exactly its MAC"),
            "{r}"
        );
        let r = explain(&lab, &mv, "neighbour", "nested");
        assert!(
            !r.contains("cannot reach each other")
                && r.contains("exactly its MAC 00:0c:29:00:00:02, never nested's"),
            "{r}"
        );
        assert!(
            r.ends_with("(explained from the lab's configuration: the kernel keeps no drop log)"),
            "{r}"
        );
    }
}
