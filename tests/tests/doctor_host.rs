//! `promisc doctor --host` in a namespace that plays the hypervisor (so the real host is never
//! looked at): a Linux bridge `br0` whose ports are veths to guest namespaces, set up as each
//! platform sets it up (defaults; `flood off`; learning and flooding off with the guest's MAC
//! as a static entry, as libvirt's `macTableManager='libvirt'` and Proxmox's
//! `bridge-disable-mac-learning` do; `locked`; `isolated`; an nftables bridge filter dropping
//! foreign sources, as libvirt's `no-mac-spoofing`, Proxmox's `macfilter` and LXD's
//! `security.mac_filtering` do), macvlans in every mode (in the host and in a container's
//! namespace) and a vmnet device file. Every test keeps a port with the bridge's defaults
//! beside the one it changes, and checks that only the changed one is blamed. Judged against
//! what the test configured.

use crate::common::*;
use promisc_testkit::gate::on_path;
use promisc_testkit::temp::TempDir;
use serde_json::Value;

/// The hypervisor's namespace and its guests'.
struct Host {
    ns: Netns,
    guests: Vec<Netns>,
}

impl Host {
    /// A namespace with a bridge br0, or `None` (skipped) where the tests cannot run.
    fn new(short: &str) -> Option<Host> {
        let ns = privileged(short)?;
        ns.ip("link add br0 type bridge");
        ns.ip("link set br0 up");
        Some(Host {
            ns,
            guests: Vec::new(),
        })
    }

    /// A veth `port` in br0 whose other end is `eth0` of a new guest namespace; returns the
    /// guest's namespace name and its MAC.
    fn guest_port(&mut self, port: &str) -> (String, String) {
        let g = Netns::new("dhg");
        self.ns.ip(&format!(
            "link add {port} type veth peer name eth0 netns {}",
            g.name
        ));
        self.ns.ip(&format!("link set {port} master br0 up"));
        g.ip("link set eth0 up");
        let mac = ip_link(&g, "eth0").address.expect("eth0 has a MAC");
        let name = g.name.clone();
        self.guests.push(g);
        (name, mac)
    }

    /// `bridge ARGS` in the host.
    fn bridge(&self, args: &str) {
        let mut argv = vec!["bridge"];
        argv.extend(args.split_whitespace());
        self.ns.run(&argv);
    }

    /// `promisc doctor --host --json` in the host, checked against docs/json.md.
    fn doctor(&self) -> Value {
        let run = self.ns.promisc(&["doctor", "--host", "--json"]);
        run.expect_success();
        parse(&run.stdout)
    }
}

pub(crate) fn parse(stdout: &str) -> Value {
    let v: Value = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("doctor --host JSON: {e}\n{stdout}"));
    assert_eq!(v["schema"], 1, "{stdout}");
    assert_documented("doctor-host", &v);
    v
}

/// The port `name` of the report.
pub(crate) fn port<'a>(d: &'a Value, name: &str) -> &'a Value {
    d["ports"]
        .as_array()
        .expect("ports")
        .iter()
        .find(|p| p["port"] == name)
        .unwrap_or_else(|| panic!("no port {name} in {d:#}"))
}

pub(crate) fn blocking(p: &Value) -> Vec<&str> {
    p["blocking"]
        .as_array()
        .expect("blocking")
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect()
}

pub(crate) fn evidence<'a>(p: &'a Value, check: &str) -> &'a str {
    p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding: {p:#}"))["evidence"]
        .as_str()
        .unwrap()
}

/// The control port: the bridge's defaults, nothing blocks.
fn fine(d: &Value, name: &str) {
    let p = port(d, name);
    assert_eq!(blocking(p), Vec::<&str>::new(), "{p:#}");
    assert_eq!(p["policies"]["mac_learning"], "on", "{p:#}");
    assert_eq!(p["policies"]["flooding"], "on", "{p:#}");
    assert_eq!(p["policies"]["promiscuous"], "reject", "{p:#}");
    if on_path("nft") {
        assert_eq!(p["nested"], "works", "{p:#}");
        assert_eq!(p["policies"]["forged_transmits"], "accept", "{p:#}");
    }
}

#[test]
fn host_doctor_bridge_defaults_nothing_blocks() {
    let Some(mut h) = Host::new("dh-def") else {
        return;
    };
    let (guest, _) = h.guest_port("vnet0");
    let d = h.doctor();
    fine(&d, "vnet0");
    let p = port(&d, "vnet0");
    assert_eq!(p["kind"], "veth");
    assert_eq!(p["bridge"], "br0");
    assert_eq!(
        p["guest"]["name"],
        guest.as_str(),
        "the veth's peer namespace"
    );
    assert_eq!(
        d["ports"].as_array().unwrap().len(),
        1,
        "only guest ports: {d:#}"
    );
    assert_eq!(d["blocked"], 0);
    // The table says the same.
    let run = h.ns.promisc(&["doctor", "--host"]);
    run.expect_success();
    assert!(run.stdout.contains("PORT"), "{run}");
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with("vnet0 "))
        .unwrap_or_else(|| panic!("no row for vnet0: {run}"));
    assert!(row.contains("br0") && !row.contains("blocked"), "{row}");
}

#[test]
fn host_doctor_flood_off_still_works_by_learning() {
    let Some(mut h) = Host::new("dh-flood") else {
        return;
    };
    h.guest_port("vnet0");
    h.guest_port("vnet1");
    h.ns.ip("link set vnet1 type bridge_slave flood off");
    let d = h.doctor();
    fine(&d, "vnet0");
    let p = port(&d, "vnet1");
    assert_eq!(blocking(p), Vec::<&str>::new(), "{p:#}");
    assert_eq!(p["policies"]["flooding"], "off");
    assert_eq!(p["policies"]["mac_learning"], "on");
}

#[test]
fn host_doctor_static_table_blocks_nested_macs() {
    let Some(mut h) = Host::new("dh-static") else {
        return;
    };
    h.guest_port("vnet0");
    let (_, mac) = h.guest_port("vnet1");
    // libvirt's macTableManager='libvirt', Proxmox's bridge-disable-mac-learning: learning
    // and flooding off, the guest's own MAC as a static entry.
    h.ns.ip("link set vnet1 type bridge_slave learning off flood off");
    h.bridge(&format!("fdb replace {mac} dev vnet1 master static"));
    let d = h.doctor();
    fine(&d, "vnet0");
    let p = port(&d, "vnet1");
    assert_eq!(blocking(p), ["mac_learning"], "{p:#}");
    assert_eq!(p["nested"], "blocked");
    let ev = evidence(p, "return_path");
    assert!(ev.contains(&format!("{mac} (static)")), "{ev}");
    assert_eq!(d["blocked"], 1);
}

#[test]
fn host_doctor_locked_port_blocks_forged_sources() {
    let Some(mut h) = Host::new("dh-locked") else {
        return;
    };
    h.guest_port("vnet0");
    h.guest_port("vnet1");
    h.ns.ip("link set vnet1 type bridge_slave locked on");
    let d = h.doctor();
    fine(&d, "vnet0");
    let p = port(&d, "vnet1");
    assert_eq!(blocking(p), ["forged_transmits"], "{p:#}");
    assert_eq!(p["policies"]["forged_transmits"], "reject");
}

#[test]
fn host_doctor_isolated_port_blocks_nothing() {
    let Some(mut h) = Host::new("dh-iso") else {
        return;
    };
    h.guest_port("vnet0");
    h.guest_port("vnet1");
    h.ns.ip("link set vnet1 type bridge_slave isolated on");
    let d = h.doctor();
    fine(&d, "vnet0");
    let p = port(&d, "vnet1");
    assert_eq!(blocking(p), Vec::<&str>::new(), "{p:#}");
    assert!(
        evidence(p, "isolated").contains("vnet1 is isolated"),
        "{p:#}"
    );
    assert!(evidence(port(&d, "vnet0"), "isolated").contains("not isolated"));
}

#[test]
fn host_doctor_nftables_source_filter_blocks_its_port_only() {
    if !require_tool("nft") {
        return;
    }
    let Some(mut h) = Host::new("dh-nft") else {
        return;
    };
    h.guest_port("vnet0");
    let (_, mac) = h.guest_port("vnet1");
    // What LXD's security.mac_filtering and Proxmox's macfilter amount to.
    h.ns.run(&[
        "nft",
        &format!(
            "add table bridge guests; \
             add chain bridge guests guestfwd {{ type filter hook forward priority 0; policy accept; }}; \
             add rule bridge guests guestfwd iifname \"vnet1\" ether saddr != {mac} drop"
        ),
    ]);
    let d = h.doctor();
    assert_eq!(d["nftables"], "read");
    fine(&d, "vnet0");
    let p = port(&d, "vnet1");
    assert_eq!(blocking(p), ["forged_transmits"], "{p:#}");
    let ev = evidence(p, "source_filter");
    assert!(
        ev.contains("bridge guests guestfwd handle") && ev.contains(&mac),
        "{ev}"
    );
}

#[test]
fn host_doctor_without_nft_says_unknown() {
    let Some(mut h) = Host::new("dh-nonft") else {
        return;
    };
    h.guest_port("vnet0");
    let bin = bin();
    let run = h.ns.try_run(&[
        "env",
        "PATH=/nonexistent",
        &bin,
        "doctor",
        "--host",
        "--json",
    ]);
    run.expect_success();
    let d = parse(&run.stdout);
    assert!(
        d["nftables"].as_str().unwrap().contains("not installed"),
        "{d:#}"
    );
    let p = port(&d, "vnet0");
    assert_eq!(p["nested"], "unknown", "{p:#}");
    assert_eq!(p["policies"]["forged_transmits"], "unknown");
    assert_eq!(blocking(p), Vec::<&str>::new());
}

#[test]
fn host_doctor_macvlan_modes() {
    let Some(h) = Host::new("dh-mv") else {
        return;
    };
    // Two NICs, as veths (the far ends stay here, down the wire).
    for nic in ["nic0", "nic1"] {
        h.ns.ip(&format!("link add {nic} type veth peer name {nic}p"));
        h.ns.ip(&format!("link set {nic} up"));
        h.ns.ip(&format!("link set {nic}p up"));
    }
    for (name, mode) in [("mvb", "bridge"), ("mvv", "vepa"), ("mvp", "private")] {
        h.ns.ip(&format!(
            "link add {name} link nic0 type macvlan mode {mode}"
        ));
    }
    // passthru takes a NIC of its own.
    h.ns.ip("link add mvt link nic1 type macvlan mode passthru");
    // A container's macvlan: moved into its namespace.
    let c = Netns::new("dhc");
    h.ns.ip("link add mvc link nic0 type macvlan mode bridge");
    h.ns.ip(&format!("link set mvc netns {}", c.name));
    let d = h.doctor();
    for name in ["mvb", "mvv", "mvp"] {
        let p = port(&d, name);
        assert_eq!(blocking(p), ["promiscuous"], "{p:#}");
        assert_eq!(p["lower"], "nic0");
        assert_eq!(p["policies"]["promiscuous"], "reject");
    }
    let p = port(&d, "mvt");
    assert_eq!(blocking(p), Vec::<&str>::new(), "{p:#}");
    assert_eq!(p["nested"], "works");
    assert_eq!(p["policies"]["promiscuous"], "accept");
    let p = port(&d, "mvc");
    assert_eq!(p["netns"], c.name.as_str(), "{p:#}");
    assert_eq!(p["lower"], "nic0");
    assert_eq!(blocking(p), ["promiscuous"]);
    // Plain veths outside a bridge are no guest's port.
    assert!(d["ports"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| !p["port"].as_str().unwrap().starts_with("nic")));
}

#[test]
fn host_doctor_vmnet_permission() {
    let Some(h) = Host::new("dh-vmnet") else {
        return;
    };
    let tmp = TempDir::new("dh-vmnet");
    let file = tmp.file("vmnet0");
    std::fs::write(&file, "").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let dir = tmp.dir();
    let args = [
        "doctor",
        "--host",
        "--json",
        "--vmnet-dir",
        &dir,
        "--vm-user",
        "nobody",
    ];
    let run = h.ns.promisc(&args);
    run.expect_success();
    let d = parse(&run.stdout);
    let p = port(&d, &file);
    assert_eq!(p["kind"], "vmnet");
    assert_eq!(blocking(p), ["promiscuous"], "{p:#}");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let run = h.ns.promisc(&args);
    run.expect_success();
    let d = parse(&run.stdout);
    assert_eq!(blocking(port(&d, &file)), Vec::<&str>::new());
}

/// Opens a tap named argv[1] (`TUNSETIFF`, `IFF_TAP | IFF_NO_PI`) and keeps it while it runs;
/// the arguments after it are what `ps` shows, as a QEMU's would be.
const TAP_HOLDER: &str = "import fcntl, os, struct, sys, time
fd = os.open('/dev/net/tun', os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack('16sH', sys.argv[1].encode(), 0x0002 | 0x1000))
print('ready', flush=True)
time.sleep(60)
";

#[test]
fn host_doctor_names_the_vm_holding_a_tap() {
    let Some(h) = Host::new("dh-tap") else {
        return;
    };
    let py = python();
    // As libvirt starts QEMU: `-name guest=DOMAIN,...`, the tap named vnetN.
    let vm = h.ns.spawn(&[
        &py,
        "-c",
        TAP_HOLDER,
        "vnet5",
        "-name",
        "guest=web1,debug-threads=on",
    ]);
    vm.wait_stdout("ready");
    h.ns.ip("link set vnet5 master br0 up");
    h.ns.ip("link set vnet5 type bridge_slave learning off flood off");
    let d = h.doctor();
    let p = port(&d, "vnet5");
    assert_eq!(p["kind"], "tap", "{p:#}");
    assert_eq!(p["guest"]["platform"], "libvirt", "{p:#}");
    assert_eq!(p["guest"]["name"], "web1", "{p:#}");
    assert!(
        p["guest"]["how"]
            .as_str()
            .unwrap()
            .contains(&format!("process {}", vm.pid())),
        "{p:#}"
    );
    assert_eq!(blocking(p), ["mac_learning"], "{p:#}");
    // libvirt's words first in the fix.
    let fix = p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "return_path")
        .unwrap()["fix"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        fix.starts_with("libvirt: macTableManager='kernel'"),
        "{fix}"
    );
}

#[test]
fn host_doctor_libvirt_nwfilter_through_ebtables() {
    if !require_tool("ebtables") || !require_tool("nft") {
        return;
    }
    // libvirt's nwfilter writes ebtables rules; only ebtables-nft's are in nft's ruleset.
    let version = run_ok(&["ebtables", "--version"]);
    if !version.contains("nf_tables") {
        promisc_testkit::gate::skip(&format!("ebtables is not ebtables-nft: {version}"));
        return;
    }
    let Some(mut h) = Host::new("dh-ebt") else {
        return;
    };
    h.guest_port("vnet0");
    let (_, mac) = h.guest_port("vnet1");
    // no-mac-spoofing as libvirt installs it: a chain per interface, jumped to from
    // PREROUTING, that returns the guest's own MAC and drops the rest.
    for rule in [
        "-t nat -N libvirt-I-vnet1".to_string(),
        "-t nat -A PREROUTING -i vnet1 -j libvirt-I-vnet1".into(),
        "-t nat -N I-vnet1-mac".into(),
        "-t nat -A libvirt-I-vnet1 -j I-vnet1-mac".into(),
        format!("-t nat -A I-vnet1-mac -s {mac} -j RETURN"),
        "-t nat -A I-vnet1-mac -j DROP".into(),
    ] {
        let mut argv = vec!["ebtables"];
        argv.extend(rule.split_whitespace());
        h.ns.run(&argv);
    }
    let d = h.doctor();
    fine(&d, "vnet0");
    let p = port(&d, "vnet1");
    assert_eq!(blocking(p), ["forged_transmits"], "{p:#}");
    let ev = evidence(p, "source_filter");
    assert!(
        ev.contains("bridge nat I-vnet1-mac handle") && ev.contains(&mac),
        "{ev}"
    );
}

#[test]
fn host_doctor_hub_bridge_delivers_everything() {
    let Some(mut h) = Host::new("dh-hub") else {
        return;
    };
    h.guest_port("vnet0");
    h.ns.ip("link set br0 type bridge ageing_time 0");
    let d = h.doctor();
    let p = port(&d, "vnet0");
    assert_eq!(p["policies"]["promiscuous"], "accept", "{p:#}");
    assert_eq!(blocking(p), Vec::<&str>::new());
    assert!(
        evidence(p, "promiscuous_delivery").contains("ageing_time 0"),
        "{p:#}"
    );
}
