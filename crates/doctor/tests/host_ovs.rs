//! `doctor --host` on Open vSwitch ports, row by row, from recorded `ovs-ofctl dump-flows` and
//! `ovs-ofctl show` outputs (Open vSwitch 3.1, userspace datapath): NORMAL only, port-security
//! flows on one port (by name and by number), `no-flood`, and flows this doctor cannot follow.

use promisc_doctor::host::{diagnose_port, Filter, OvsPort, PortFacts, PortKind, PortVerdict};
use promisc_doctor::Status;

const NORMAL: &str = include_str!("ovs-data/dump-flows-normal.txt");
const SECURITY: &str = include_str!("ovs-data/dump-flows-port-security.txt");
const SECURITY_NUMBERS: &str = include_str!("ovs-data/dump-flows-port-security-numbers.txt");
const SHOW_NO_FLOOD: &str = include_str!("ovs-data/show-no-flood.txt");

/// The recorded `show` with `vguest`'s `no-flood` taken away.
fn show_flood() -> String {
    SHOW_NO_FLOOD.replacen("NO_FLOOD", "0", 1)
}

fn facts(port: &str, flows: Result<&str, &str>, show: Result<&str, &str>) -> PortFacts {
    PortFacts {
        port: port.into(),
        netns: None,
        kind: PortKind::Veth,
        mac: "02:f3:5f:10:e3:aa".into(),
        guest: None,
        bridge: None,
        ovs: Some(OvsPort {
            bridge: "br0".into(),
            flows: flows.map(String::from).map_err(String::from),
            show: show.map(String::from).map_err(String::from),
        }),
        macvlan: None,
        vmnet: None,
        filter: Filter::None,
        notes: Vec::new(),
    }
}

fn judge(port: &str, flows: &str, show: &str) -> PortVerdict {
    diagnose_port(&facts(port, Ok(flows), Ok(show)))
}

fn check<'a>(v: &'a PortVerdict, name: &str) -> &'a promisc_doctor::Finding {
    v.findings
        .iter()
        .find(|f| f.check == name)
        .unwrap_or_else(|| panic!("no {name} finding: {v:#?}"))
}

/// (promiscuous, forged_transmits, mac_changes, mac_learning, flooding)
fn policies(v: &PortVerdict) -> [&str; 5] {
    let p = &v.policies;
    [
        &p.promiscuous,
        &p.forged_transmits,
        &p.mac_changes,
        &p.mac_learning,
        &p.flooding,
    ]
    .map(String::as_str)
}

#[test]
fn normal_only_nothing_blocks() {
    let show = show_flood();
    for port in ["vguest", "vnb"] {
        let v = judge(port, NORMAL, &show);
        assert_eq!(v.nested, "works", "{v:#?}");
        assert!(v.blocking.is_empty(), "{v:#?}");
        assert_eq!(
            policies(&v),
            ["reject", "accept", "accept", "on", "on"],
            "{v:#?}"
        );
        assert_eq!(v.bridge.as_deref(), Some("br0"));
        assert!(check(&v, "ovs_flows").evidence.contains("actions=NORMAL"));
        assert!(v.summary.contains("learning with unknown-unicast flooding"));
    }
}

#[test]
fn port_security_blocks_forged_transmits_at_its_port_only() {
    let show = show_flood();
    for flows in [SECURITY, SECURITY_NUMBERS] {
        let v = judge("vguest", flows, &show);
        assert_eq!(v.nested, "blocked", "{v:#?}");
        assert_eq!(v.blocking, ["forged_transmits"], "{v:#?}");
        assert_eq!(
            policies(&v),
            ["reject", "reject", "reject", "off", "on"],
            "{v:#?}"
        );
        let f = check(&v, "ovs_flows");
        assert_eq!(f.status, Status::Problem);
        assert!(f.evidence.contains("priority=290"), "{}", f.evidence);
        let fix = f.fix.as_deref().unwrap();
        assert!(fix.contains("ovs-ofctl add-flow br0"), "{fix}");
        assert!(fix.contains("priority=291"), "{fix}");
        assert!(fix.contains("port_security_enabled=false"), "{fix}");

        // The neighbour's port has no port security: not blamed.
        let n = judge("vnb", flows, &show);
        assert_eq!(n.nested, "works", "{n:#?}");
        assert!(n.blocking.is_empty(), "{n:#?}");
        assert_eq!(policies(&n)[1], "accept");
    }
}

#[test]
fn port_security_and_no_flood_also_block_the_way_back() {
    let v = judge("vguest", SECURITY, SHOW_NO_FLOOD);
    assert_eq!(v.blocking, ["forged_transmits", "mac_learning"], "{v:#?}");
    assert_eq!(policies(&v)[3..], ["off", "off"]);
    assert_eq!(check(&v, "return_path").status, Status::Problem);
    // NORMAL alone with no-flood: learning still brings frames back.
    let n = judge("vguest", NORMAL, SHOW_NO_FLOOD);
    assert_eq!(n.nested, "works", "{n:#?}");
    assert_eq!(policies(&n)[3..], ["on", "off"]);
}

#[test]
fn flows_not_read_stay_unknown_with_the_reason() {
    let why = "ovs-ofctl is not installed (apt install openvswitch-switch)";
    let v = diagnose_port(&facts("vguest", Err(why), Err(why)));
    assert_eq!(v.nested, "unknown");
    assert!(v.blocking.is_empty());
    assert!(policies(&v).iter().all(|p| *p == "unknown"), "{v:#?}");
    let f = check(&v, "ovs_flows");
    assert_eq!(f.status, Status::Unknown);
    assert!(f.evidence.contains(why), "{}", f.evidence);
}

#[test]
fn without_show_normal_flooding_is_unknown() {
    let v = diagnose_port(&facts("vguest", Ok(NORMAL), Err("ovs-ofctl show failed")));
    assert_eq!(v.nested, "unknown", "{v:#?}");
    assert_eq!(policies(&v)[1], "accept");
    assert_eq!(policies(&v)[4], "unknown");
}

#[test]
fn flows_it_cannot_follow_are_unknown_never_a_guess() {
    let show = show_flood();
    let line = |m: &str| {
        format!(" cookie=0x0, duration=1.0s, table=0, n_packets=0, n_bytes=0, {m}\n priority=0 actions=NORMAL\n")
    };
    for (flows, why) in [
        (line("priority=10,in_port=vguest actions=resubmit(,1)"), "resubmit"),
        (line("priority=10,in_port=vguest actions=goto_table:1"), "goto_table"),
        (line("priority=10,in_port=vguest actions=CONTROLLER:65535"), "CONTROLLER"),
        (line("priority=10,arp,in_port=vguest actions=drop"), "arp"),
        (line("priority=10,in_port=vguest,dl_src=52:54:00:00:00:00/ff:ff:ff:00:00:00 actions=drop"), "dl_src="),
        (line("priority=10,dl_dst=52:54:00:00:00:00/ff:ff:ff:00:00:00 actions=drop"), "dl_dst="),
        (line("priority=10,in_port=vguest actions=drop\n priority=10,in_port=vguest actions=NORMAL"), "same priority"),
        (" cookie=0x0, table=0, priority=10,in_port=vnb actions=NORMAL\n".to_string(), "no flow"),
    ] {
        let v = judge("vguest", &flows, &show);
        assert_eq!(v.nested, "unknown", "{flows}: {v:#?}");
        assert!(v.blocking.is_empty(), "{flows}: {v:#?}");
        let text = format!(
            "{} {}",
            check(&v, "ovs_flows").evidence,
            check(&v, "return_path").evidence
        );
        assert!(text.contains(why), "{why}: {text}");
    }
}

#[test]
fn the_way_back_from_another_port_depends_on_it() {
    // What another port may send (a drop there) judges that port, not this one.
    let flows = " priority=100,in_port=vnb actions=drop\n priority=0 actions=NORMAL\n";
    let v = judge("vguest", flows, &show_flood());
    assert_eq!(v.nested, "works", "{v:#?}");
    // Frames from one port forwarded otherwise: the way back depends on the sender.
    let flows = " priority=100,in_port=vnb actions=output:vguest\n priority=0 actions=NORMAL\n";
    let v = judge("vguest", flows, &show_flood());
    assert_eq!(v.policies.forged_transmits, "accept");
    assert_eq!(v.policies.mac_learning, "unknown");
    assert_eq!(v.nested, "unknown");
    assert!(check(&v, "return_path").evidence.contains("in_port=vnb"));
}

#[test]
fn hub_flows_deliver_everything() {
    let v = judge("vguest", " priority=0 actions=ALL\n", &show_flood());
    assert_eq!(v.nested, "works", "{v:#?}");
    assert_eq!(
        policies(&v),
        ["accept", "accept", "accept", "off", "on"],
        "{v:#?}"
    );
    // Fixed MACs only, none of them the nested guest's: nothing comes back.
    let fixed = " priority=10,dl_dst=52:54:00:00:00:02 actions=output:vguest\n priority=0 actions=output:vnb\n";
    let v = judge("vguest", fixed, &show_flood());
    assert_eq!(v.blocking, ["mac_learning"], "{v:#?}");
    assert_eq!(v.policies.promiscuous, "reject");
}

#[test]
fn odd_input_never_panics() {
    let show = show_flood();
    let big = "x".repeat(promisc_doctor::host::ovs::MAX_TEXT + 1);
    for text in [
        "",
        "garbage",
        "actions=",
        "priority=abc actions=NORMAL",
        "table=x, actions=NORMAL",
        "priority=1,in_port=\"unterminated actions=NORMAL",
        "priority=1 actions=output:",
        "priority=1 actions=((((",
        "\u{0}\u{fffd} actions=\u{7f}",
        &big,
    ] {
        let v = judge("vguest", text, &show);
        assert_ne!(v.nested, "works", "{text:.40}: {v:#?}");
        assert!(v.blocking.is_empty(), "{text:.40}");
    }
    for show in ["", "1(vguest", "(vguest): addr", " 1(vguest): addr:x\n"] {
        let _ = judge("vguest", NORMAL, show);
    }
}
