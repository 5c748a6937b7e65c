//! `doctor --host`'s verdicts, row by row, from recorded facts of each setup of issue 21 §2:
//! a Linux bridge with its defaults, with flooding off, with learning and flooding off and a
//! static table (libvirt `macTableManager='libvirt'`, Proxmox `bridge-disable-mac-learning`),
//! locked, isolated, a hub (`ageing_time 0`), nftables filters (recorded `nft -j` output, one
//! written by ebtables-nft as libvirt's nwfilter and Proxmox's firewall write them),
//! macvlan/macvtap in every mode, a vmnet device, an Open vSwitch port.

use promisc_doctor::host::guest::{self, Guest};
use promisc_doctor::host::nft::Ruleset;
use promisc_doctor::host::{
    diagnose_port, mode, report, BridgePort, FdbMac, Filter, Macvlan, OvsPort, PortFacts, PortKind,
    PortVerdict,
};
use promisc_doctor::{Status, Vmnet};

const PATTERNS: &str = include_str!("nft-data/nft-patterns.json");
const EBTABLES: &str = include_str!("nft-data/ebtables-nft.json");

fn bridge(learning: bool, flood: bool) -> BridgePort {
    BridgePort {
        bridge: "br0".into(),
        learning: Some(learning),
        unicast_flood: Some(flood),
        locked: Some(false),
        isolated: Some(false),
        ageing_time: Some(30000),
        fdb: vec![FdbMac {
            mac: "52:54:00:00:00:01".into(),
            is_static: true,
        }],
    }
}

fn port(name: &str, b: BridgePort) -> PortFacts {
    PortFacts {
        port: name.into(),
        netns: None,
        kind: PortKind::Tap,
        mac: "fe:54:00:00:00:01".into(),
        guest: guest::from_port_name(name),
        bridge: Some(b),
        ovs: None,
        macvlan: None,
        vmnet: None,
        filter: Filter::None,
        notes: Vec::new(),
    }
}

fn macvlan(m: u32) -> PortFacts {
    PortFacts {
        port: "macvtap0".into(),
        kind: PortKind::Macvtap,
        bridge: None,
        guest: None,
        macvlan: Some(Macvlan {
            mode: m,
            nopromisc: false,
            lower: "eth0".into(),
        }),
        ..port("macvtap0", bridge(true, true))
    }
}

fn blocking(v: &PortVerdict) -> Vec<&str> {
    v.blocking.iter().map(String::as_str).collect()
}

fn check<'a>(v: &'a PortVerdict, name: &str) -> &'a promisc_doctor::Finding {
    v.findings
        .iter()
        .find(|f| f.check == name)
        .unwrap_or_else(|| panic!("no {name} finding: {v:#?}"))
}

#[test]
fn bridge_defaults_nothing_blocks() {
    let v = diagnose_port(&port("vnet0", bridge(true, true)));
    assert_eq!(blocking(&v), Vec::<&str>::new(), "{v:#?}");
    assert_eq!(v.nested, "works");
    let p = &v.policies;
    assert_eq!(
        (
            p.promiscuous.as_str(),
            p.forged_transmits.as_str(),
            p.mac_learning.as_str(),
            p.flooding.as_str()
        ),
        ("reject", "accept", "on", "on")
    );
    assert!(
        v.summary.contains("learning with unknown-unicast flooding"),
        "{}",
        v.summary
    );
    assert_eq!(v.guest.as_ref().unwrap().platform, "libvirt");
}

#[test]
fn flooding_off_still_works_by_learning() {
    let v = diagnose_port(&port("vnet0", bridge(true, false)));
    assert_eq!(blocking(&v), Vec::<&str>::new());
    assert_eq!(v.nested, "works");
    assert_eq!(v.policies.flooding, "off");
    assert_eq!(check(&v, "return_path").status, Status::Ok);
}

#[test]
fn learning_and_flooding_off_with_a_static_table_blocks() {
    let v = diagnose_port(&port("vnet0", bridge(false, false)));
    assert_eq!(blocking(&v), ["mac_learning"], "{v:#?}");
    assert_eq!(v.nested, "blocked");
    let f = check(&v, "return_path");
    assert_eq!(f.status, Status::Problem);
    assert!(
        f.evidence.contains("52:54:00:00:00:01 (static)"),
        "{}",
        f.evidence
    );
    let fix = f.fix.as_deref().unwrap();
    // A libvirt tap: libvirt's words first, then the kernel's; not Proxmox's.
    assert!(
        fix.starts_with("libvirt: macTableManager='kernel'"),
        "{fix}"
    );
    assert!(
        fix.contains("Linux: bridge link set dev vnet0 learning on flood on"),
        "{fix}"
    );
    assert!(!fix.contains("Proxmox"), "{fix}");
    // The same on a Proxmox tap: Proxmox's words.
    let v = diagnose_port(&port("tap100i0", bridge(false, false)));
    let fix = check(&v, "return_path").fix.clone().unwrap();
    assert!(
        fix.starts_with("Proxmox VE: remove 'bridge-disable-mac-learning 1' from br0"),
        "{fix}"
    );
    // An unnamed guest: every platform's words.
    let v = diagnose_port(&port("veth1a2b", bridge(false, false)));
    let fix = check(&v, "return_path").fix.clone().unwrap();
    assert!(
        fix.contains("libvirt:") && fix.contains("Proxmox VE:") && fix.contains("Linux:"),
        "{fix}"
    );
}

#[test]
fn learning_off_with_flooding_works() {
    let v = diagnose_port(&port("vnet0", bridge(false, true)));
    assert_eq!(blocking(&v), Vec::<&str>::new());
    assert_eq!(v.nested, "works");
    assert!(
        v.summary.contains("flooding (learning is off)"),
        "{}",
        v.summary
    );
}

#[test]
fn hub_bridge_delivers_everything_unless_it_does_not_flood() {
    let mut b = bridge(true, true);
    b.ageing_time = Some(0);
    let v = diagnose_port(&port("vnet0", b.clone()));
    assert_eq!(v.policies.promiscuous, "accept");
    assert_eq!(v.nested, "works");
    b.unicast_flood = Some(false);
    let v = diagnose_port(&port("vnet0", b));
    assert_eq!(blocking(&v), ["mac_learning"]);
}

#[test]
fn locked_port_blocks_forged_sources() {
    let mut b = bridge(true, true);
    b.locked = Some(true);
    let v = diagnose_port(&port("vnet0", b));
    assert_eq!(blocking(&v), ["forged_transmits"]);
    assert_eq!(v.policies.forged_transmits, "reject");
    assert_eq!(v.policies.mac_changes, "reject");
    let f = check(&v, "locked");
    assert!(f.fix.as_deref().unwrap().contains("locked off"));
}

#[test]
fn isolated_port_does_not_block_nested_macs() {
    let mut b = bridge(true, true);
    b.isolated = Some(true);
    let v = diagnose_port(&port("vnet0", b));
    assert_eq!(blocking(&v), Vec::<&str>::new());
    assert_eq!(v.nested, "works");
    assert!(check(&v, "isolated").evidence.contains("is isolated"));
}

#[test]
fn locked_and_static_together_block_both_ways() {
    let mut b = bridge(false, false);
    b.locked = Some(true);
    let v = diagnose_port(&port("vnet0", b));
    assert_eq!(blocking(&v), ["mac_learning", "forged_transmits"]);
}

#[test]
fn nftables_unknown_makes_the_answer_unknown() {
    let mut p = port("vnet0", bridge(true, true));
    p.filter = Filter::Unknown("nft not found".into());
    let v = diagnose_port(&p);
    assert_eq!(blocking(&v), Vec::<&str>::new());
    assert_eq!(v.nested, "unknown");
    assert_eq!(v.policies.forged_transmits, "unknown");
    assert_eq!(check(&v, "source_filter").status, Status::Unknown);
}

#[test]
fn nft_patterns_per_port() {
    let rs = Ruleset::parse(PATTERNS).unwrap();
    let d = |p: &str| rs.source_drop(p, Some("br0"));
    let v0 = d("vnet0").unwrap();
    assert_eq!(v0.rule, "bridge filt forward_c handle 4");
    assert_eq!(v0.allowed, ["52:54:00:00:00:01"]);
    assert!(!v0.partial);
    assert_eq!(
        v0.delete.as_deref(),
        Some("nft delete rule bridge filt forward_c handle 4")
    );
    // Jumped to a chain that returns the guest's MAC and drops the rest.
    let v1 = d("vnet1").unwrap();
    assert_eq!(v1.rule, "bridge filt macchk handle 13");
    assert_eq!(v1.allowed, ["52:54:00:00:00:02"]);
    assert!(!v1.partial);
    // A wildcard name and a named set.
    let t = d("tap7").unwrap();
    assert_eq!(t.rule, "bridge filt forward_c handle 7");
    assert_eq!(t.allowed, ["52:54:00:00:00:09"]);
    // `iifname != vnet3`: not for vnet3, and nothing else drops there.
    assert_eq!(d("vnet3"), None);
    // For vnet4 the rule tests the protocol too: a partial drop.
    let v4 = d("vnet4").unwrap();
    assert_eq!(v4.rule, "bridge filt forward_c handle 9");
    assert!(v4.partial);
    assert_eq!(v4.allowed, ["52:54:00:00:00:03", "52:54:00:00:00:04"]);
    // vnet5: the partial drop first, then a verdict map jumps to the full one: the full one.
    let v5 = d("vnet5").unwrap();
    assert_eq!(v5.rule, "bridge filt macchk handle 13");
    assert!(!v5.partial);
    // vnet6: partial drop, then the map accepts everything: partial.
    assert!(d("vnet6").unwrap().partial);
    // netdev ingress chains name their device (not shown by nft 1.0.6, so never matched).
    assert_eq!(rs.source_drop("lo", None), None);
    // Not a bridge port: bridge chains do not see it.
    assert_eq!(rs.source_drop("vnet0", None), None);
}

#[test]
fn ebtables_nft_as_libvirt_and_proxmox_write_it() {
    let rs = Ruleset::parse(EBTABLES).unwrap();
    let l = rs.source_drop("vnet0", Some("virbr0")).unwrap();
    assert_eq!(l.rule, "bridge nat I-vnet0-mac handle 12");
    assert_eq!(l.allowed, ["52:54:00:12:34:56"]);
    assert!(!l.partial);
    let p = rs.source_drop("tap100i0", Some("vmbr0")).unwrap();
    assert_eq!(p.rule, "bridge filter tap100i0-OUT handle 5");
    assert_eq!(p.allowed, ["bc:24:11:00:00:01"]);
    assert_eq!(rs.source_drop("vnet1", Some("virbr0")), None);
    // In a verdict: forged transmits blocked, the fix in the guest platform's words.
    let mut port = port("tap100i0", bridge(true, true));
    port.filter = Filter::Drops(p);
    let v = diagnose_port(&port);
    assert_eq!(blocking(&v), ["forged_transmits"]);
    let f = check(&v, "source_filter");
    assert!(f.evidence.contains("bc:24:11:00:00:01"), "{}", f.evidence);
    assert!(f
        .fix
        .as_deref()
        .unwrap()
        .starts_with("Proxmox VE: macfilter: 0 in /etc/pve/firewall/100.fw"));
}

#[test]
fn nft_bad_input_is_an_error_not_a_panic() {
    assert!(Ruleset::parse("not json").is_err());
    assert!(Ruleset::parse("{}").is_err());
    let empty = Ruleset::parse("{\"nftables\": []}").unwrap();
    assert_eq!(empty.source_drop("vnet0", Some("br0")), None);
    // Odd shapes are passed over.
    let odd = r#"{"nftables": [{"chain": {"family": "bridge", "table": "t", "name": "c", "hook": "forward", "policy": "drop"}},
        {"rule": {"family": "bridge", "table": "t", "chain": "c", "expr": [{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": 5}}, {"jump": {}}]}},
        {"rule": {"family": "bridge", "table": "t", "chain": "nope", "expr": 3}},
        {"rule": {"family": "bridge", "table": "t", "chain": "c", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ether", "field": "saddr"}}, "right": "52:54:00:00:00:07"}}, {"accept": null}]}}]}"#;
    let rs = Ruleset::parse(odd).unwrap();
    // policy drop with the guest's MAC accepted: foreign sources dropped.
    let d = rs.source_drop("vnet0", Some("br0")).unwrap();
    assert_eq!(d.rule, "bridge t c policy drop");
    assert_eq!(d.allowed, ["52:54:00:00:00:07"]);
    assert_eq!(d.delete, None);
}

#[test]
fn macvlan_modes() {
    for m in [mode::PRIVATE, mode::VEPA, mode::BRIDGE, mode::SOURCE] {
        let v = diagnose_port(&macvlan(m));
        assert_eq!(blocking(&v), ["promiscuous"], "mode {m}");
        assert_eq!(v.policies.promiscuous, "reject");
        assert_eq!(v.policies.forged_transmits, "accept");
        assert_eq!(v.lower.as_deref(), Some("eth0"));
        assert!(check(&v, "host_isolation")
            .evidence
            .contains("cannot reach"));
        let fix = check(&v, "macvlan_mode").fix.clone().unwrap();
        assert!(
            fix.contains("passthrough") && fix.contains("Linux: a bridge"),
            "{fix}"
        );
    }
    let v = diagnose_port(&macvlan(mode::PASSTHRU));
    assert_eq!(blocking(&v), Vec::<&str>::new());
    assert_eq!(v.nested, "works");
    assert_eq!(v.policies.promiscuous, "accept");
    let v = diagnose_port(&macvlan(3));
    assert_eq!(v.nested, "unknown");
}

#[test]
fn vmnet_permission() {
    let vm = |users: Vec<(String, bool)>| PortFacts {
        port: "/dev/vmnet0".into(),
        kind: PortKind::Vmnet,
        bridge: None,
        guest: None,
        vmnet: Some(Vmnet {
            path: "/dev/vmnet0".into(),
            uid: 0,
            gid: 0,
            mode: 0o600,
            users,
        }),
        ..port("vmnet0", bridge(true, true))
    };
    let v = diagnose_port(&vm(vec![("alice".into(), false)]));
    assert_eq!(blocking(&v), ["promiscuous"]);
    assert!(check(&v, "vmnet").fix.as_deref().unwrap().contains("udev"));
    let v = diagnose_port(&vm(vec![("alice".into(), true)]));
    assert_eq!(v.nested, "works");
    let v = diagnose_port(&vm(Vec::new()));
    assert_eq!(v.nested, "unknown");
}

#[test]
fn ovs_port_without_flows_is_unknown() {
    let p = PortFacts {
        bridge: None,
        ovs: Some(OvsPort {
            bridge: "ovs-system".into(),
            flows: Err("ovs-vsctl did not list the port".into()),
            show: Err("ovs-vsctl did not list the port".into()),
        }),
        ..port("vnet0", bridge(true, true))
    };
    let v = diagnose_port(&p);
    assert_eq!(v.nested, "unknown");
    assert_eq!(v.bridge.as_deref(), Some("ovs-system"));
    assert!(check(&v, "ovs_flows")
        .evidence
        .contains("ovs-vsctl did not list the port"));
}

#[test]
fn report_counts_and_json_keys() {
    let mut locked = bridge(true, true);
    locked.locked = Some(true);
    let ports = [
        port("vnet0", bridge(true, true)),
        port("vnet1", locked),
        macvlan(mode::BRIDGE),
        PortFacts {
            filter: Filter::Unknown("nft not found".into()),
            ..port("vnet2", bridge(true, true))
        },
    ];
    let r = report(&ports, "read");
    assert_eq!(r.blocked, 2);
    assert_eq!(
        r.summary,
        "4 guest-facing port(s): a nested guest is blocked at 2, works at 1, cannot be told at 1"
    );
    let j = serde_json::to_value(&r).unwrap();
    let p0 = &j["ports"][0];
    for k in [
        "port", "kind", "netns", "bridge", "lower", "mac", "guest", "nested", "policies",
        "blocking", "findings", "summary",
    ] {
        assert!(p0.get(k).is_some(), "key {k}: {p0}");
    }
    assert_eq!(p0["guest"]["platform"], "libvirt");
    assert!(report(&[], "read")
        .summary
        .starts_with("no guest-facing port"));
}

#[test]
fn guests_describe_themselves() {
    let g = Guest {
        platform: "lxd".into(),
        name: "c1".into(),
        how: "cgroup /lxc.payload.c1".into(),
    };
    assert_eq!(g.describe(), "LXD/Incus/LXC container c1");
    let mut p = port("veth1a2b", bridge(false, false));
    p.guest = Some(g);
    let v = diagnose_port(&p);
    assert!(
        v.summary
            .starts_with("veth1a2b (LXD/Incus/LXC container c1)"),
        "{}",
        v.summary
    );
}

#[test]
fn nft_reading_never_panics_on_cut_or_altered_rulesets() {
    for text in [PATTERNS, EBTABLES] {
        let bytes = text.as_bytes();
        for cut in (0..bytes.len()).step_by(7) {
            let _ = Ruleset::parse(&text[..cut]);
        }
        // Every key and value replaced, one at a time, by other JSON types.
        let mut at = 0;
        while let Some(i) = text[at..].find(':') {
            let i = at + i + 1;
            for other in ["null", "7", "[]", "{}", "\"@x\""] {
                let end = text[i..]
                    .find([',', '}', ']'])
                    .map_or(text.len(), |e| i + e);
                let altered = format!("{}{other}{}", &text[..i], &text[end..]);
                if let Ok(rs) = Ruleset::parse(&altered) {
                    let _ = rs.source_drop("vnet0", Some("br0"));
                    let _ = rs.source_drop("tap100i0", None);
                }
            }
            at = i;
        }
    }
}

#[test]
fn nft_jumps_in_circles_end() {
    // The kernel refuses loops; a file need not. Ten jumps to itself per chain, 16 deep.
    let mut rules = String::new();
    for _ in 0..10 {
        rules.push_str(r#",{"rule": {"family": "bridge", "table": "t", "chain": "c", "expr": [{"jump": {"target": "c"}}]}}"#);
    }
    let text = format!(
        r#"{{"nftables": [{{"chain": {{"family": "bridge", "table": "t", "name": "c", "hook": "forward"}}}}{rules},
        {{"rule": {{"family": "bridge", "table": "t", "chain": "c", "expr": [{{"match": {{"op": "!=", "left": {{"payload": {{"protocol": "ether", "field": "saddr"}}}}, "right": "02:00:00:00:00:01"}}}}, {{"drop": null}}]}}}}]}}"#
    );
    let rs = Ruleset::parse(&text).unwrap();
    let started = std::time::Instant::now();
    let _ = rs.source_drop("vnet0", Some("br0"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
