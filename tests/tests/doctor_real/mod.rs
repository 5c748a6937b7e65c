//! `promisc doctor` in a guest on real switching no one here wrote (issue #21 §1): the
//! kernel bridge with its defaults, with flooding off at the guest's port, with learning and
//! flooding off and a static FDB entry, as a hub (`ageing_time 0`), with an nftables filter
//! dropping foreign sources at the guest's port; macvlan in bridge, vepa (a hairpin on the
//! far side) and private mode, and passthru; Open vSwitch, NORMAL and with port-security
//! flows (ovs.rs). Each in namespaces of its
//! own: a switch whose bridge holds the gateway's address (as libvirt's virbr0 or Proxmox's
//! vmbr0 do), a guest, and a neighbour station pinging the gateway five times a second. For
//! each, the doctor's policies and `blocking` are docs/PLATFORMS.md §4's row, no finding
//! blames what the component allows, and the run takes under 15 s.

mod ovs;

use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::Value;

/// The gateway: the bridge's own address.
const GATEWAY: &str = "192.0.2.1";
const GUEST_IP: &str = "192.0.2.2";
const NEIGHBOUR_IP: &str = "192.0.2.4";
const GUEST_MAC: &str = "52:54:00:00:00:02";
const NEIGHBOUR_MAC: &str = "52:54:00:00:00:04";
/// The longest a doctor run may take.
const RUN_LIMIT: Duration = Duration::from_secs(15);

/// A switch, a guest and a neighbour (and, for macvlan, the hypervisor holding the parent).
struct Real {
    // Dropped first: the neighbour's ping.
    _pinger: Option<Proc>,
    sw: Netns,
    guest: Netns,
    neighbour: Netns,
    /// The hypervisor of macvlan, the gateway of Open vSwitch.
    _others: Vec<Netns>,
}

/// The switch namespace with `br0` up, holding the gateway's address; `configure` runs on it
/// before anything is plugged in.
fn switch(ns: Netns, configure: &str) -> Netns {
    ns.ip("link add br0 type bridge");
    for cmd in configure
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        ns.ip(cmd);
    }
    ns.ip("link set br0 up");
    ns.ip(&format!("addr add {GATEWAY}/24 dev br0"));
    ns
}

/// A host's `eth0`: its MAC and address, up, a default route through the gateway.
fn host(ns: &Netns, mac: &str, ip: &str) {
    ns.ip(&format!("link set eth0 address {mac}"));
    ns.ip(&format!("addr add {ip}/24 dev eth0"));
    ns.ip("link set lo up");
    ns.ip("link set eth0 up");
    ns.ip(&format!("route add default via {GATEWAY}"));
}

/// Plugs `ns`'s `eth0` into `br0` of `sw` as port `port`; `port_cfg` (`ip link set PORT
/// type bridge_slave ...` arguments) before it comes up.
fn plug(sw: &Netns, port: &str, ns: &Netns, port_cfg: &str) {
    sw.ip(&format!(
        "link add {port} type veth peer name eth0 netns {}",
        ns.name
    ));
    sw.ip(&format!("link set {port} master br0"));
    if !port_cfg.is_empty() {
        sw.ip(&format!("link set {port} type bridge_slave {port_cfg}"));
    }
    sw.ip(&format!("link set {port} up"));
}

/// A kernel bridge: `br0` configured with `bridge_cfg` (`;`-separated `ip` commands), the
/// guest's port `vguest` with `guest_port`, the neighbour's `vnb` with defaults; `before` runs
/// on the switch before the guest's link comes up.
fn bridge(
    short: &str,
    bridge_cfg: &str,
    guest_port: &str,
    before: &dyn Fn(&Netns),
) -> Option<Real> {
    let sw = switch(privileged(&format!("{short}-sw"))?, bridge_cfg);
    let guest = Netns::new(&format!("{short}-g"));
    let neighbour = Netns::new(&format!("{short}-nb"));
    plug(&sw, "vguest", &guest, guest_port);
    plug(&sw, "vnb", &neighbour, "");
    before(&sw);
    host(&guest, GUEST_MAC, GUEST_IP);
    host(&neighbour, NEIGHBOUR_MAC, NEIGHBOUR_IP);
    Some(Real {
        _pinger: None,
        sw,
        guest,
        neighbour,
        _others: Vec::new(),
    })
}

/// macvlan in `mode` on `up0`, a veth whose far end is a port of the switch's bridge, in a
/// hypervisor namespace; the guest's `eth0` is one macvlan. The neighbour is another macvlan
/// on the same parent (same mode), or, for passthru (one macvlan per parent), a port of the
/// bridge. For vepa the switch's port hairpins, as a VEPA switch must.
fn macvlan(short: &str, mode: &str) -> Option<Real> {
    let sw = switch(privileged(&format!("{short}-sw"))?, "");
    let hv = Netns::new(&format!("{short}-hv"));
    let guest = Netns::new(&format!("{short}-g"));
    let neighbour = Netns::new(&format!("{short}-nb"));
    sw.ip(&format!(
        "link add vup type veth peer name up0 netns {}",
        hv.name
    ));
    sw.ip("link set vup master br0");
    if mode == "vepa" {
        sw.ip("link set vup type bridge_slave hairpin on");
    }
    sw.ip("link set vup up");
    hv.ip("link set up0 up");
    hv.ip(&format!(
        "link add link up0 name mv0 type macvlan mode {mode}"
    ));
    hv.ip(&format!("link set mv0 netns {} name eth0", guest.name));
    if mode == "passthru" {
        plug(&sw, "vnb", &neighbour, "");
    } else {
        hv.ip(&format!(
            "link add link up0 name mv1 type macvlan mode {mode}"
        ));
        hv.ip(&format!("link set mv1 netns {} name eth0", neighbour.name));
    }
    host(&guest, GUEST_MAC, GUEST_IP);
    host(&neighbour, NEIGHBOUR_MAC, NEIGHBOUR_IP);
    Some(Real {
        _pinger: None,
        sw,
        guest,
        neighbour,
        _others: vec![hv],
    })
}

/// `ping -c 1 -W 1 TO` in `ns` until it succeeds (bounded).
fn reach(ns: &Netns, to: &str) {
    let mut last = String::new();
    let deadline = Instant::now() + Duration::from_secs(8);
    while Instant::now() < deadline {
        let r = ns.try_run(&["ping", "-n", "-q", "-c", "1", "-W", "1", to]);
        if r.code() == 0 {
            return;
        }
        last = r.to_string();
    }
    panic!("{} cannot reach {to}: {last}", ns.name);
}

impl Real {
    /// The neighbour pings the gateway five times a second; with `meet`, the guest has
    /// reached the neighbour once (so its ARP table knows a second station).
    fn traffic(mut self, meet: bool) -> Real {
        self.start(meet);
        self
    }

    /// [`Real::traffic`], in place.
    fn start(&mut self, meet: bool) {
        reach(&self.neighbour, GATEWAY);
        reach(&self.guest, GATEWAY);
        if meet {
            reach(&self.guest, NEIGHBOUR_IP);
        }
        let p = self
            .neighbour
            .spawn(&["ping", "-n", "-i", "0.2", "-W", "1", GATEWAY]);
        p.wait_stdout("bytes from");
        self._pinger = Some(p);
    }

    /// `promisc doctor --json -v` in the guest (the interface chosen by its default route;
    /// the passive check as long as `passive`, else the default 3 s), timed.
    fn doctor(&self, passive: Option<&str>) -> Value {
        let mut args = vec![];
        if let Some(p) = passive {
            args.extend(["--passive", p]);
        }
        self.doctor_with(&args).0
    }

    /// [`Real::doctor`] with more arguments; also what `-v` listed (stderr).
    fn doctor_with(&self, more: &[&str]) -> (Value, String) {
        let mut args = vec!["doctor", "--json", "-v"];
        args.extend_from_slice(more);
        let t = Instant::now();
        let run = self.guest.promisc(&args);
        let took = t.elapsed();
        run.expect_success();
        assert!(took < RUN_LIMIT, "the doctor took {took:?}: {run}");
        let v: Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("doctor JSON: {e}\n{run}"));
        assert_documented("doctor", &v);
        // -v lists every frame sent: at most 8 for the known-unicast test.
        let echoes = run.stderr.matches("sent ICMP echo request").count();
        assert!(echoes <= 4, "{echoes} echo requests: {run}");
        (v, run.stderr)
    }
}

/// The policies, `blocking`, and the findings with a problem, of a diagnosis.
fn verdict(d: &Value) -> (Vec<String>, Vec<String>, Vec<String>) {
    let pol = &d["policies"];
    let s = |v: &Value| v.as_str().unwrap_or("?").to_string();
    let list = |v: &Value| -> Vec<String> { v.as_array().expect("array").iter().map(s).collect() };
    let problems = d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["status"] == "problem")
        .map(|f| s(&f["check"]))
        .collect();
    (
        vec![
            s(&pol["promiscuous"]),
            s(&pol["forged_transmits"]),
            s(&pol["mac_learning"]),
        ],
        list(&d["blocking"]),
        problems,
    )
}

/// The doctor's verdict is PLATFORMS.md §4's row: promiscuous, forged transmits and
/// learning; what blocks; and a problem finding only for what blocks (promiscuous delivery's
/// is the return path's).
fn expect(d: &Value, what: &str, policies: [&str; 3], blocking: &[&str]) {
    let (got, block, problems) = verdict(d);
    let want_problems: Vec<&str> = blocking
        .iter()
        .flat_map(|b| match *b {
            // The passive check's finding may say it too, when stations talked meanwhile,
            // and on a macvlan the macvlan finding (its exact-MAC demux).
            "promiscuous" => vec!["promiscuous_delivery", "return_path", "macvlan"],
            // The static table: nothing for other MACs arrives, passively or as answers.
            "mac_learning" => vec!["promiscuous_delivery", "return_path"],
            b => vec![b],
        })
        .collect();
    assert_eq!(got, policies, "{what}: policies\n{d:#}");
    assert_eq!(block, blocking, "{what}: blocking\n{d:#}");
    assert!(
        problems.iter().all(|p| want_problems.contains(&p.as_str())),
        "{what}: nothing the component allows is blamed: {problems:?}\n{d:#}"
    );
    for b in blocking {
        let check = if matches!(*b, "promiscuous" | "mac_learning") {
            "return_path"
        } else {
            b
        };
        assert!(
            problems.iter().any(|p| p == check),
            "{what}: {b} blocks: the {check} finding says so\n{d:#}"
        );
    }
}

/// The known-unicast finding's evidence.
fn known_unicast(d: &Value) -> String {
    d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "known_unicast")
        .unwrap_or_else(|| panic!("no known_unicast finding: {d:#}"))["evidence"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn doctor_on_a_kernel_bridge_with_defaults() {
    let Some(r) = bridge("dr-def", "", "", &|_| {}) else {
        return;
    };
    let r = r.traffic(true);
    let d = r.doctor(None);
    expect(&d, "bridge defaults", ["reject", "accept", "on"], &[]);
    // Told by the known-unicast test: the gateway's answers to the neighbour stayed away.
    let k = known_unicast(&d);
    assert!(
        k.contains(&format!(
            "0 of 2 answers to {NEIGHBOUR_IP} ({NEIGHBOUR_MAC}) reached this interface (control, from our own IP: 2 of 2 answered)"
        )),
        "{k}"
    );
    assert!(
        d["summary"]
            .as_str()
            .unwrap()
            .contains("unknown-unicast flooding"),
        "{d:#}"
    );
}

#[test]
fn on_bare_metal_the_known_unicast_echoes_are_never_sent() {
    let Some(r) = bridge("dr-bare", "", "", &|_| {}) else {
        return;
    };
    let r = r.traffic(true);
    // The frames from our own MAC still leave on bare metal (the foreign probe is answered:
    // flooding); the echoes with another station's IP never do (nor with --intrusive: the
    // schedule's row test).
    let (d, listed) = r.doctor_with(&["--platform", "bare-metal"]);
    assert!(!listed.contains("ICMP echo"), "{listed}");
    assert!(!listed.contains("who-has 192.0.2.4"), "{listed}");
    let k = known_unicast(&d);
    assert!(k.contains("this machine is bare metal"), "{k}");
    assert_eq!(d["policies"]["promiscuous"], "unknown", "{d:#}");
}

#[test]
fn doctor_on_a_kernel_bridge_without_a_second_station_says_unknown_and_why() {
    let Some(r) = bridge("dr-alone", "", "", &|_| {}) else {
        return;
    };
    // The neighbour pings the gateway, but the guest never met it.
    let r = r.traffic(false);
    let d = r.doctor(None);
    expect(
        &d,
        "bridge defaults, no second station known",
        ["unknown", "accept", "unknown"],
        &[],
    );
    let k = known_unicast(&d);
    assert!(k.contains("no second station is known on eth0"), "{k}");
}

#[test]
fn doctor_on_a_kernel_bridge_with_flooding_off_at_the_guests_port() {
    let Some(r) = bridge("dr-flood", "", "flood off", &|_| {}) else {
        return;
    };
    let d = r.traffic(true).doctor(None);
    expect(&d, "flood off", ["reject", "accept", "on"], &[]);
}

#[test]
fn doctor_on_a_kernel_bridge_with_learning_and_flooding_off_and_a_static_entry() {
    // libvirt macTableManager='libvirt', Proxmox bridge-disable-mac-learning.
    let Some(r) = bridge("dr-static", "", "learning off flood off", &|sw| {
        run_ok(&[
            "bridge", "-n", &sw.name, "fdb", "replace", GUEST_MAC, "dev", "vguest", "master",
            "static",
        ]);
    }) else {
        return;
    };
    let r = r.traffic(true);
    // On the platforms that set this up (libvirt, Proxmox: PLATFORMS.md §4), the static table
    // blocks; the test machine is not one of them, so the platform is named.
    let (d, _) = r.doctor_with(&["--platform", "proxmox"]);
    expect(
        &d,
        "learning and flooding off, Proxmox",
        ["reject", "accept", "off"],
        &["mac_learning"],
    );
    let fix = finding(&d, "return_path")["fix"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        fix.starts_with("Proxmox VE: remove bridge-disable-mac-learning 1"),
        "{d:#}"
    );
    // Where the switch is not a Linux bridge, the same probes blame promiscuous delivery.
    let (d, _) = r.doctor_with(&["--platform", "virtualbox"]);
    expect(
        &d,
        "learning and flooding off, VirtualBox",
        ["reject", "accept", "off"],
        &["promiscuous"],
    );
}

#[test]
fn doctor_on_a_kernel_bridge_that_is_a_hub() {
    let Some(r) = bridge(
        "dr-hub",
        "link set br0 type bridge ageing_time 0",
        "",
        &|_| {},
    ) else {
        return;
    };
    let r = r.traffic(true);
    let d = r.doctor(None);
    expect(&d, "ageing_time 0", ["accept", "accept", "unknown"], &[]);
    // Without the passive check, the known-unicast test alone sees the copies.
    let d = r.doctor(Some("0s"));
    expect(
        &d,
        "ageing_time 0, no passive check",
        ["accept", "accept", "unknown"],
        &[],
    );
    let k = known_unicast(&d);
    assert!(k.contains("2 of 2 answers to 192.0.2.4"), "{k}");
}

#[test]
fn doctor_on_a_kernel_bridge_with_an_nftables_source_filter() {
    // libvirt no-mac-spoofing, Proxmox macfilter, LXD security.mac_filtering.
    let Some(r) = bridge("dr-nft", "", "", &|_| {}) else {
        return;
    };
    if !require_tool("nft") {
        return;
    }
    let rules = format!(
        "add table bridge promisc_test; add chain bridge promisc_test pre {{ type filter hook prerouting priority 0; policy accept; }}; add rule bridge promisc_test pre iifname \"vguest\" ether saddr != {GUEST_MAC} drop"
    );
    r.sw.run(&["nft", &rules]);
    let d = r.traffic(true).doctor(None);
    expect(
        &d,
        "nftables source filter",
        ["reject", "reject", "on"],
        &["forged_transmits"],
    );
}

fn macvlan_case(short: &str, mode: &str, policies: [&str; 3], blocking: &[&str]) {
    let Some(r) = macvlan(short, mode) else {
        return;
    };
    // A private macvlan cannot reach its sibling; the verdict does not need it there.
    let d = r.traffic(mode == "passthru").doctor(None);
    expect(&d, &format!("macvlan {mode}"), policies, blocking);
}

#[test]
fn doctor_on_macvlan_bridge_mode() {
    macvlan_case(
        "dr-mvb",
        "bridge",
        ["reject", "accept", "off"],
        &["promiscuous"],
    );
}

#[test]
fn doctor_on_macvlan_vepa_mode_with_a_hairpin() {
    macvlan_case(
        "dr-mvv",
        "vepa",
        ["reject", "accept", "off"],
        &["promiscuous"],
    );
}

#[test]
fn doctor_on_macvlan_private_mode() {
    macvlan_case(
        "dr-mvp",
        "private",
        ["reject", "accept", "off"],
        &["promiscuous"],
    );
}

#[test]
fn doctor_on_macvlan_passthru_on_a_default_bridge() {
    // The guest owns the NIC: what the bridge behind it does shows through.
    macvlan_case("dr-mvt", "passthru", ["reject", "accept", "on"], &[]);
}
