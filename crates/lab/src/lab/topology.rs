//! The lab's topologies: which hosts exist, their addresses, MACs and namespaces, and where
//! each sits on the switch. Pure data; [`super::up`] turns it into `ip` commands.

use promisc_vswitch::policy::Profile;
use serde::{Deserialize, Serialize};

use super::kernel::{Kernel, LabProfile, BRIDGE};

/// Prefix of every namespace a lab creates.
pub const NS_PREFIX: &str = "promisc-lab-";
/// The directory of the labs' files.
pub const LAB_DIR: &str = "/run/promisc/lab";
/// What follows `NS_PREFIX` and the lab's name (and a `-`) in the names of its namespaces:
/// the switch's and every host's of either topology.
pub const NS_HOSTS: [&str; 7] = [
    "switch",
    "outside",
    "host",
    "guest",
    "nested",
    "container",
    "neighbour",
];

/// The name of lab `name`'s switch (its control socket is named after it).
pub fn switch_of(name: &str) -> String {
    format!("lab-{name}")
}

/// The lab whose namespace `netns` is (`promisc-lab-NAME-HOST`, HOST one of [`NS_HOSTS`]), or
/// `None` for any other name. A lab's name may hold `-`, a host's may not: `promisc-lab-a-b-guest`
/// is lab `a-b`'s, never lab `a`'s.
pub fn lab_of_namespace(netns: &str) -> Option<&str> {
    let (lab, host) = netns.strip_prefix(NS_PREFIX)?.rsplit_once('-')?;
    (!lab.is_empty() && NS_HOSTS.contains(&host)).then_some(lab)
}

/// A topology the lab can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A nested ESXi on VMware Workstation: the guest bridges its vNIC and the nested VM.
    Nested,
    /// Docker macvlan in a VM: the guest's container has a macvlan on the guest's vNIC.
    Macvlan,
}

impl Kind {
    /// The topology's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Nested => "nested",
            Kind::Macvlan => "macvlan",
        }
    }

    /// The host behind the guest: the nested VM or the container.
    pub fn inner(self) -> &'static str {
        match self {
            Kind::Nested => "nested",
            Kind::Macvlan => "container",
        }
    }
}

/// One host of the lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    /// Its name (`outside`, `host`, `guest`, `nested`, `container`, `neighbour`).
    pub name: String,
    /// Its network namespace.
    pub netns: String,
    /// The interface that carries its address.
    pub interface: String,
    /// Its IPv4 address.
    pub ip: String,
    /// The MAC its frames carry on the switch (for `outside`: the router's, `host`).
    pub mac: String,
    /// The switch port its frames enter by.
    pub port: String,
}

/// A lab as `lab up` built it (kept in `LAB_DIR/NAME/lab.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lab {
    /// The lab's name.
    pub name: String,
    /// Its topology.
    pub topology: Kind,
    /// The port group's profile, or the kernel objects the lab is built from.
    pub profile: LabProfile,
    /// Whether the switch learns MACs.
    pub learning: bool,
    /// The switch's name (its control socket).
    pub switch: String,
    /// The switch's namespace.
    pub switch_netns: String,
    /// The hosts, in the matrix's order.
    pub hosts: Vec<Host>,
}

/// The MACs of the lab (VMware's OUIs for the host adapter and the VMs' vNICs).
pub const MAC_HOST: &str = "00:50:56:c0:00:01";
/// The guest's vNIC.
pub const MAC_GUEST: &str = "00:0c:29:00:00:02";
/// The nested VM (or the container).
pub const MAC_INNER: &str = "00:0c:29:aa:bb:03";
/// The neighbour VM.
pub const MAC_NEIGHBOUR: &str = "00:0c:29:00:00:04";
/// The far side of the host's other network.
pub const MAC_OUTSIDE: &str = "02:00:00:00:00:05";

impl Lab {
    /// The lab `name` of topology `kind`.
    pub fn new(name: &str, kind: Kind, profile: impl Into<LabProfile>, learning: bool) -> Lab {
        let profile = profile.into();
        let ns = |h: &str| format!("{NS_PREFIX}{name}-{h}");
        let host = |n: &str, iface: &str, ip: &str, mac: &str, port: &str| Host {
            name: n.into(),
            netns: ns(n),
            interface: iface.into(),
            ip: ip.into(),
            mac: mac.into(),
            port: port.into(),
        };
        let guest_iface = match kind {
            Kind::Nested => "br0",
            Kind::Macvlan => "eth0",
        };
        Lab {
            name: name.into(),
            topology: kind,
            profile,
            learning,
            switch: switch_of(name),
            switch_netns: ns("switch"),
            hosts: vec![
                host("outside", "eth0", "198.51.100.2", MAC_HOST, "host"),
                host("host", "vmnet0", "192.0.2.1", MAC_HOST, "host"),
                host("guest", guest_iface, "192.0.2.2", MAC_GUEST, "guest"),
                host(kind.inner(), "eth0", "192.0.2.3", MAC_INNER, "guest"),
                host("neighbour", "eth0", "192.0.2.4", MAC_NEIGHBOUR, "neighbour"),
            ],
        }
    }

    /// Whether this lab, read from the state file of lab `name`, is what `lab up` writes: what
    /// [`Lab::new`] makes of `name` and the lab's topology, profile and learning, field for
    /// field. Its namespaces, interfaces, addresses and switch are then the lab's own, whoever
    /// wrote the file. The error names the first field that differs and what it should be.
    pub fn check(&self, name: &str) -> Result<(), String> {
        if self.name != name {
            return Err(format!("its name is `{}`, not `{name}`", self.name));
        }
        let want = Lab::new(name, self.topology, self.profile, self.learning);
        let field = |what: &str, got: &str, want: &str| {
            if got == want {
                Ok(())
            } else {
                Err(format!(
                    "{what} is `{got}`, where a {} lab `{name}` has `{want}`",
                    self.topology.as_str()
                ))
            }
        };
        field("switch", &self.switch, &want.switch)?;
        field("switch_netns", &self.switch_netns, &want.switch_netns)?;
        let names = |l: &Lab| {
            l.hosts
                .iter()
                .map(|h| h.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.hosts.len() != want.hosts.len() {
            return Err(format!(
                "its hosts are {}, where a {} lab has {}",
                if self.hosts.is_empty() {
                    "none".to_string()
                } else {
                    names(self)
                },
                self.topology.as_str(),
                names(&want)
            ));
        }
        for (got, w) in self.hosts.iter().zip(&want.hosts) {
            field("a host's name", &got.name, &w.name)?;
            let h = |f: &str| format!("host {}'s {f}", w.name);
            field(&h("netns"), &got.netns, &w.netns)?;
            field(&h("interface"), &got.interface, &w.interface)?;
            field(&h("ip"), &got.ip, &w.ip)?;
            field(&h("mac"), &got.mac, &w.mac)?;
            field(&h("port"), &got.port, &w.port)?;
        }
        Ok(())
    }

    /// The host named `name`.
    pub fn host(&self, name: &str) -> Option<&Host> {
        self.hosts.iter().find(|h| h.name == name)
    }

    /// Every namespace of the lab, the switch's first.
    pub fn namespaces(&self) -> Vec<String> {
        let mut v = vec![self.switch_netns.clone()];
        v.extend(self.hosts.iter().map(|h| h.netns.clone()));
        v
    }

    /// The lab's directory.
    pub fn dir(&self) -> String {
        format!("{LAB_DIR}/{}", self.name)
    }

    /// The Workstation vmnet device of the lab: a plain file, root's, mode 0600.
    pub fn vmnet(&self) -> String {
        format!("{}/vmnet0", self.dir())
    }

    /// The switch's configuration.
    pub fn switch_config(&self) -> String {
        format!(
            r#"# promisc lab {name}: the virtual switch of a {topo} lab
name = "{switch}"
mode = "{mode}"

[workstation]
vmnet = "{vmnet}"
vm_user = "nobody"

[[portgroup]]
name = "VM Network"
vlan = 0
profile = "{profile}"

[[port]]
name = "host"
device = "vs-host"
mac = "{MAC_HOST}"
portgroup = "VM Network"
uplink = true

[[port]]
name = "guest"
device = "vs-guest"
mac = "{MAC_GUEST}"
portgroup = "VM Network"

[[port]]
name = "neighbour"
device = "vs-neighbour"
mac = "{MAC_NEIGHBOUR}"
portgroup = "VM Network"
"#,
            name = self.name,
            topo = self.topology.as_str(),
            switch = self.switch,
            mode = if self.learning { "learning" } else { "static" },
            vmnet = self.vmnet(),
            profile = self.profile.as_str(),
        )
    }

    /// The `ip` commands (arguments after `ip`) that build the lab's namespaces and links;
    /// the switch is started afterwards.
    pub fn commands(&self) -> Vec<Vec<String>> {
        let ns = |h: &str| {
            self.host(h)
                .map_or_else(|| self.switch_netns.clone(), |x| x.netns.clone())
        };
        let sw = self.switch_netns.clone();
        let inner = self.topology.inner();
        let mut c: Vec<String> = Vec::new();
        for n in self.namespaces() {
            c.push(format!("netns add {n}"));
        }
        let veth =
            |c: &mut Vec<String>, a_ns: &str, a: &str, mac: Option<&str>, b_ns: &str, b: &str| {
                c.push(format!(
                    "-n {a_ns} link add {a} type veth peer name {b} netns {b_ns}"
                ));
                if let Some(m) = mac {
                    c.push(format!("-n {a_ns} link set {a} address {m}"));
                }
            };
        veth(
            &mut c,
            &ns("outside"),
            "eth0",
            Some(MAC_OUTSIDE),
            &ns("host"),
            "wan0",
        );
        veth(
            &mut c,
            &ns("host"),
            "vmnet0",
            Some(MAC_HOST),
            &sw,
            "vs-host",
        );
        let macvtap = self.profile.kernel() == Some(Kernel::KvmMacvtap);
        for (h, mac) in [("guest", MAC_GUEST), ("neighbour", MAC_NEIGHBOUR)] {
            if macvtap {
                // A macvlan in bridge mode on the host's NIC, moved into the guest.
                let (host, g) = (ns("host"), ns(h));
                c.push(format!(
                    "-n {host} link add mv-{h} link vmnet0 address {mac} type macvlan mode bridge"
                ));
                c.push(format!("-n {host} link set mv-{h} netns {g}"));
                c.push(format!("-n {g} link set mv-{h} name eth0"));
            } else {
                veth(&mut c, &ns(h), "eth0", Some(mac), &sw, &format!("vs-{h}"));
            }
        }
        match self.topology {
            Kind::Nested => {
                veth(
                    &mut c,
                    &ns(inner),
                    "eth0",
                    Some(MAC_INNER),
                    &ns("guest"),
                    "vnic-nested",
                );
                let g = ns("guest");
                c.push(format!(
                    "-n {g} link add br0 address {MAC_GUEST} type bridge"
                ));
                c.push(format!("-n {g} link set eth0 master br0"));
                c.push(format!("-n {g} link set vnic-nested master br0"));
                c.push(format!("-n {g} link set vnic-nested up"));
                c.push(format!("-n {g} link set br0 up"));
            }
            Kind::Macvlan => {
                let g = ns("guest");
                c.push(format!(
                    "-n {g} link add mv0 link eth0 address {MAC_INNER} type macvlan mode bridge"
                ));
                c.push(format!("-n {g} link set mv0 netns {}", ns(inner)));
                c.push(format!("-n {} link set mv0 name eth0", ns(inner)));
            }
        }
        let ports: &[&str] = if macvtap {
            &["vs-host"]
        } else {
            &["vs-host", "vs-guest", "vs-neighbour"]
        };
        for d in ports {
            c.push(format!("-n {sw} link set {d} up"));
        }
        if self.profile.kernel().is_some() && !macvtap {
            // The kernel's bridge in the switch's place, with its defaults; it comes up once
            // the platform's knobs are set (`Kernel::commands`), before it learns anything.
            c.push(format!("-n {sw} link add {BRIDGE} type bridge"));
            for d in ["vs-host", "vs-guest", "vs-neighbour"] {
                c.push(format!("-n {sw} link set {d} master {BRIDGE}"));
            }
        }
        c.push(format!("-n {} link set wan0 up", ns("host")));
        c.push(format!(
            "-n {} addr add 198.51.100.1/24 dev wan0",
            ns("host")
        ));
        for h in &self.hosts {
            c.push(format!("-n {} link set lo up", h.netns));
            let up_iface = if h.name == "guest" {
                "eth0"
            } else {
                &h.interface
            };
            c.push(format!("-n {} link set {up_iface} up", h.netns));
            if h.name == "outside" {
                c.push(format!(
                    "-n {} addr add {}/24 dev {}",
                    h.netns, h.ip, h.interface
                ));
                c.push(format!("-n {} route add default via 198.51.100.1", h.netns));
            } else {
                c.push(format!(
                    "-n {} addr add {}/24 dev {}",
                    h.netns, h.ip, h.interface
                ));
                if h.name != "host" {
                    c.push(format!("-n {} route add default via 192.0.2.1", h.netns));
                }
            }
        }
        if self.profile == Profile::Cloud {
            // A cloud forwards no broadcast: it answers ARP itself for the addresses it
            // assigned. The lab writes those answers as permanent neighbour entries between
            // the hosts on the switch (never for the nested VM or the container, which the
            // cloud does not know).
            let on_switch: Vec<&Host> = self
                .hosts
                .iter()
                .filter(|h| ["host", "guest", "neighbour"].contains(&h.name.as_str()))
                .collect();
            for a in &on_switch {
                for b in on_switch.iter().filter(|b| b.name != a.name) {
                    c.push(format!(
                        "-n {} neigh replace {} lladdr {} dev {} nud permanent",
                        a.netns, b.ip, b.mac, a.interface
                    ));
                }
            }
        }
        c.into_iter()
            .map(|s| s.split(' ').map(str::to_string).collect())
            .collect()
    }

    /// The `ip` commands (arguments after `ip`) that empty every host's neighbour table before
    /// a matrix: `neigh flush all` in each host's namespace, which removes the learnt entries
    /// and the resolutions in progress but keeps the permanent ones (the cloud's ARP answers,
    /// the routed fix's).
    ///
    /// Without it a matrix inherits the previous one's ARP state: a resolution begun under the
    /// old policies (its requests all sent, their replies dropped by the switch) is still
    /// pending when the new pings start; their first echo request waits in it, the resolution
    /// fails, and `ping` ends at that error ("Destination Host Unreachable") although the
    /// switch now forwards the replies. Emptied, every host resolves the others afresh, under
    /// the policies in force.
    pub fn forget_neighbours(&self) -> Vec<Vec<String>> {
        let mut seen: Vec<&str> = Vec::new();
        self.hosts
            .iter()
            .filter(|h| {
                let new = !seen.contains(&h.netns.as_str());
                seen.push(&h.netns);
                new
            })
            .map(|h| {
                ["-n", &h.netns, "neigh", "flush", "all"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            })
            .collect()
    }

    /// The cloud's fix in the lab (docs/VSWITCH.md, "Other platforms"): no switch setting
    /// exists, so the guest routes for the nested VM instead of bridging it (its vNIC leaves
    /// the bridge, proxy ARP answers the nested VM), and the cloud's route table sends the
    /// nested VM's address to the instance (a route on the host and the neighbour, as an AWS
    /// route to the instance with the source/destination check off). As `(host, command)`
    /// pairs, each run with `promisc lab exec HOST -- COMMAND`. Nested topology only.
    pub fn routed_fix(&self) -> Vec<(String, Vec<String>)> {
        let host = |n: &str| self.host(n).expect("a nested lab has every host");
        let (h, g, n, inner) = (
            host("host"),
            host("guest"),
            host("neighbour"),
            host(self.topology.inner()),
        );
        let mut v: Vec<(&str, String)> = vec![
            ("guest", "ip link set eth0 nomaster".into()),
            ("guest", format!("ip addr del {}/24 dev br0", g.ip)),
            ("guest", format!("ip addr add {}/24 dev eth0", g.ip)),
            (
                "guest",
                format!("ip route replace default via {} dev eth0", h.ip),
            ),
            ("guest", format!("ip route add {}/32 dev br0", inner.ip)),
        ];
        for other in [h, n] {
            v.push((
                "guest",
                format!(
                    "ip neigh replace {} lladdr {} dev eth0 nud permanent",
                    other.ip, other.mac
                ),
            ));
        }
        v.push((
            "guest",
            "sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.br0.proxy_arp=1".into(),
        ));
        for other in [h, n] {
            v.push((
                other.name.as_str(),
                format!("ip route add {}/32 via {}", inner.ip, g.ip),
            ));
        }
        v.into_iter()
            .map(|(h, c)| (h.to_string(), c.split(' ').map(str::to_string).collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_config_of_every_lab_parses() {
        for kind in [Kind::Nested, Kind::Macvlan] {
            for p in Profile::ALL {
                for learning in [false, true] {
                    let lab = Lab::new("t1", kind, p, learning);
                    let cfg = promisc_vswitch::Config::parse(&lab.switch_config()).unwrap();
                    assert_eq!(cfg.ports.len(), 3);
                    assert_eq!(cfg.portgroups[0].profile, p);
                    assert_eq!(
                        cfg.mode == promisc_vswitch::config::Mode::Learning,
                        learning
                    );
                }
            }
        }
    }

    #[test]
    fn a_lab_checks_only_as_lab_up_writes_it() {
        for kind in [Kind::Nested, Kind::Macvlan] {
            for p in Profile::ALL {
                for learning in [false, true] {
                    let lab = Lab::new("a-b", kind, p, learning);
                    assert_eq!(lab.check("a-b"), Ok(()));
                    let json = serde_json::to_string(&lab).unwrap();
                    let back: Lab = serde_json::from_str(&json).unwrap();
                    assert_eq!(back.check("a-b"), Ok(()));
                }
            }
        }
        let lab = Lab::new("x", Kind::Nested, Profile::Open, false);
        let err = |f: &dyn Fn(&mut Lab)| {
            let mut l = lab.clone();
            f(&mut l);
            l.check("x").unwrap_err()
        };
        assert_eq!(lab.check("y").unwrap_err(), "its name is `x`, not `y`");
        assert!(err(&|l| l.name = "../x".into()).contains("its name is `../x`"));
        assert!(err(&|l| l.switch = "other".into()).contains("switch is `other`"));
        assert!(err(&|l| l.switch_netns = "elsewhere".into()).contains(
            "switch_netns is `elsewhere`, where a nested lab `x` has `promisc-lab-x-switch`"
        ));
        let e = err(&|l| l.hosts[2].netns = "promisc-lab-x-neighbour".into());
        assert!(
            e.contains("host guest's netns is `promisc-lab-x-neighbour`"),
            "{e}"
        );
        assert!(err(&|l| l.hosts[3].interface = "eth1".into()).contains("host nested's interface"));
        assert!(err(&|l| l.hosts[0].ip = "10.0.0.1".into()).contains("host outside's ip"));
        assert!(
            err(&|l| l.hosts[4].mac = "00:00:00:00:00:01".into()).contains("host neighbour's mac")
        );
        assert!(err(&|l| l.hosts[1].port = "guest".into()).contains("host host's port"));
        assert!(
            err(&|l| l.hosts[3].name = "container".into()).contains("a host's name is `container`")
        );
        assert!(err(&|l| l.hosts.clear()).contains("its hosts are none"));
        assert!(err(&|l| {
            l.hosts.pop();
        })
        .contains("its hosts are outside, host, guest, nested, where a nested lab has outside, host, guest, nested, neighbour"));
        // The topology decides the hosts: a macvlan lab has a container.
        let e = err(&|l| l.topology = Kind::Macvlan);
        assert!(
            e.contains("a host's name is `nested`") || e.contains("interface"),
            "{e}"
        );
    }

    #[test]
    fn the_cloud_fix_is_what_vswitch_md_documents() {
        let doc = include_str!("../../../../docs/VSWITCH.md");
        let lab = Lab::new("c", Kind::Nested, Profile::Cloud, false);
        let fix = lab.routed_fix();
        assert_eq!(fix.len(), 10);
        for (host, command) in fix {
            let line = format!("{:<11}{}", format!("{host}:"), command.join(" "));
            assert!(doc.contains(&line), "docs/VSWITCH.md lacks `{line}`");
        }
    }

    #[test]
    fn only_a_cloud_lab_writes_permanent_neighbours_and_never_for_the_nested_vm() {
        let neigh = |p: Profile| -> Vec<String> {
            Lab::new("c", Kind::Nested, p, false)
                .commands()
                .into_iter()
                .map(|c| c.join(" "))
                .filter(|c| c.contains(" neigh "))
                .collect()
        };
        assert_eq!(neigh(Profile::Open), Vec::<String>::new());
        let cloud = neigh(Profile::Cloud);
        assert_eq!(
            cloud.len(),
            6,
            "host, guest, neighbour: each knows the two others"
        );
        assert!(cloud.contains(
            &"-n promisc-lab-c-host neigh replace 192.0.2.2 lladdr 00:0c:29:00:00:02 dev vmnet0 nud permanent".to_string()
        ));
        assert!(!cloud.iter().any(|c| c.contains(MAC_INNER)), "{cloud:?}");
    }

    #[test]
    fn a_matrix_forgets_every_hosts_neighbours_but_not_the_permanent_ones() {
        for kind in [Kind::Nested, Kind::Macvlan] {
            let lab = Lab::new("f", kind, Profile::Cloud, false);
            let cmds: Vec<String> = lab
                .forget_neighbours()
                .into_iter()
                .map(|c| c.join(" "))
                .collect();
            let want: Vec<String> = lab
                .hosts
                .iter()
                .map(|h| format!("-n {} neigh flush all", h.netns))
                .collect();
            assert_eq!(
                cmds, want,
                "each host's namespace once, in the matrix's order"
            );
            // `nud all` or `nud permanent` would also remove the cloud's ARP answers.
            assert!(cmds.iter().all(|c| !c.contains("nud")), "{cmds:?}");
        }
    }

    #[test]
    fn a_namespace_belongs_to_the_lab_its_name_says_and_only_that_one() {
        assert_eq!(lab_of_namespace("promisc-lab-a-guest"), Some("a"));
        assert_eq!(lab_of_namespace("promisc-lab-a-b-guest"), Some("a-b"));
        assert_eq!(lab_of_namespace("promisc-lab-a-b-switch"), Some("a-b"));
        assert_eq!(lab_of_namespace("promisc-lab-a-b"), None, "b is no host");
        assert_eq!(lab_of_namespace("promisc-lab--guest"), None);
        assert_eq!(lab_of_namespace("promisc-lab-guest"), None);
        assert_eq!(lab_of_namespace("other-a-guest"), None);
        for h in NS_HOSTS {
            assert_eq!(lab_of_namespace(&format!("{NS_PREFIX}n-{h}")), Some("n"));
        }
        for kind in [Kind::Nested, Kind::Macvlan] {
            let lab = Lab::new("n", kind, Profile::Open, false);
            assert!(lab
                .namespaces()
                .iter()
                .all(|n| lab_of_namespace(n) == Some("n")));
        }
    }

    #[test]
    fn every_namespace_has_the_lab_prefix_and_every_address_is_documentation() {
        let lab = Lab::new("x", Kind::Nested, Profile::Workstation, false);
        assert!(lab
            .namespaces()
            .iter()
            .all(|n| n.starts_with("promisc-lab-x-")));
        for h in &lab.hosts {
            assert!(
                h.ip.starts_with("192.0.2.") || h.ip.starts_with("198.51.100."),
                "{}",
                h.ip
            );
        }
        let all: Vec<String> = lab.commands().into_iter().map(|c| c.join(" ")).collect();
        assert!(all
            .iter()
            .any(|c| c == "-n promisc-lab-x-guest link set eth0 master br0"));
    }
}
