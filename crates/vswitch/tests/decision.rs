//! The forwarding decision against every row of docs/VSWITCH.md's semantics, without
//! privileges: each test builds a switch from a TOML text and feeds it frames.

use promisc_vswitch::config::Mode;
use promisc_vswitch::policy::{PolicyKey, Setting};
use promisc_vswitch::{Config, DropReason, FrameInfo, Logged, Mac, Switch};

const BCAST: Mac = Mac::BROADCAST;

fn mac(last: u8) -> Mac {
    Mac([0x00, 0x0c, 0x29, 0, 0, last])
}

/// Ports `a` (1), `b` (2), `c` (3) and the uplink `up` (9), all in group "g" unless `extra`
/// adds groups and ports of its own.
fn switch(head: &str, group: &str, extra: &str) -> Switch {
    let text = format!(
        r#"name = "t"
{head}
[workstation]
vmnet = "/nonexistent"
vm_user = "nobody"
[[portgroup]]
name = "g"
{group}
[[port]]
name = "a"
device = "vs-a"
mac = "00:0c:29:00:00:01"
portgroup = "g"
[[port]]
name = "b"
device = "vs-b"
mac = "00:0c:29:00:00:02"
portgroup = "g"
[[port]]
name = "c"
device = "vs-c"
mac = "00:0c:29:00:00:03"
portgroup = "g"
[[port]]
name = "up"
device = "vs-up"
mac = "00:0c:29:00:00:09"
portgroup = "g"
uplink = true
{extra}
"#
    );
    Switch::new(&Config::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}")))
}

fn open() -> Switch {
    switch("", "profile = \"open\"", "")
}

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const UP: usize = 3;

fn frame(src: Mac, dst: Mac) -> FrameInfo {
    FrameInfo {
        dst,
        src,
        tag: None,
        ethertype: 0x0800,
        len: 60,
    }
}

fn tagged(src: Mac, dst: Mac, vlan: u16) -> FrameInfo {
    FrameInfo {
        tag: Some(vlan),
        ..frame(src, dst)
    }
}

/// Where `f` entering `p` goes, as port indexes.
fn to(sw: &mut Switch, p: usize, f: FrameInfo) -> Vec<usize> {
    sw.decide(p, &f, 1000).ports.iter().collect()
}

fn drops(sw: &Switch, p: usize, r: DropReason) -> u64 {
    sw.ports()[p].counters.drops.get(r)
}

// 1. VLAN

#[test]
fn access_group_tags_untagged_frames_and_drops_tagged_ones() {
    let extra = r#"
[[portgroup]]
name = "v10"
vlan = 10
profile = "open"
[[portgroup]]
name = "trunk"
vlan = 4095
profile = "open"
[[port]]
name = "x"
device = "vs-x"
mac = "00:0c:29:00:00:0a"
portgroup = "v10"
[[port]]
name = "y"
device = "vs-y"
mac = "00:0c:29:00:00:0b"
portgroup = "v10"
[[port]]
name = "tr"
device = "vs-tr"
mac = "00:0c:29:00:00:0c"
portgroup = "trunk"
"#;
    let mut sw = switch("", "profile = \"open\"", extra);
    let (x, y, tr) = (4, 5, 6);
    // Untagged into an access port: VLAN 10 inside, reaches only VLAN 10 ports and the trunk.
    let fwd = sw.decide(x, &frame(mac(0x0a), BCAST), 0);
    assert_eq!(fwd.vlan, Some(10));
    assert_eq!(fwd.ports.iter().collect::<Vec<_>>(), vec![y, tr]);
    // Leaves the trunk tagged, the access port untagged.
    assert_eq!(sw.egress_tag(tr, fwd.vlan), Some(10));
    assert_eq!(sw.egress_tag(y, fwd.vlan), None);
    // Tagged into an access port: dropped (vlan).
    assert!(to(&mut sw, x, tagged(mac(0x0a), BCAST, 10)).is_empty());
    assert_eq!(drops(&sw, x, DropReason::Vlan), 1);
    // vlan = 0 carries untagged frames only.
    assert!(to(&mut sw, A, tagged(mac(1), BCAST, 10)).is_empty());
    assert_eq!(drops(&sw, A, DropReason::Vlan), 1);
    // A trunk passes tags: VLAN 10 from the trunk reaches the VLAN 10 ports only.
    assert_eq!(to(&mut sw, tr, tagged(mac(0x0c), BCAST, 10)), vec![x, y]);
    // An untagged frame on the trunk is the untagged VLAN.
    assert_eq!(to(&mut sw, tr, frame(mac(0x0c), BCAST)), vec![A, B, C, UP]);
    // Priority-tagged (VLAN 0) counts as untagged.
    assert_eq!(to(&mut sw, A, tagged(mac(1), BCAST, 0)), vec![B, C, UP, tr]);
}

// 2. Forged transmits

#[test]
fn forged_transmits_reject_drops_a_foreign_source_at_the_ingress_port() {
    let mut sw = switch("", "profile = \"vsphere7\"", "");
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    assert!(to(&mut sw, A, frame(nested, BCAST)).is_empty());
    assert_eq!(drops(&sw, A, DropReason::ForgedSource), 1);
    assert_eq!(
        sw.ports()[A].counters.rx_frames,
        1,
        "rx counts what entered"
    );
    // Its own MAC passes.
    assert_eq!(to(&mut sw, A, frame(mac(1), BCAST)), vec![B, C, UP]);
    // The uplink is never checked.
    assert_eq!(to(&mut sw, UP, frame(nested, BCAST)), vec![A, B, C]);
    // Accept lets the foreign source through.
    sw.set_policy(Some("g"), PolicyKey::ForgedTransmits, Setting::Accept)
        .unwrap();
    assert_eq!(to(&mut sw, A, frame(nested, BCAST)), vec![B, C, UP]);
}

#[test]
fn forged_check_compares_with_the_effective_mac() {
    let mut sw = switch(
        "",
        "profile = \"vsphere6\"\nforged_transmits = \"reject\"",
        "",
    );
    let new = mac(0x41);
    sw.set_guest(A, new, false);
    // The guest's new MAC is its own now; the configured one is foreign.
    assert_eq!(to(&mut sw, A, frame(new, BCAST)), vec![B, C, UP]);
    assert!(to(&mut sw, A, frame(mac(1), BCAST)).is_empty());
    assert_eq!(drops(&sw, A, DropReason::ForgedSource), 1);
}

// 3. Learning

#[test]
fn learning_mode_learns_sources_and_delivers_to_the_learned_port_only() {
    let mut sw = switch("mode = \"learning\"", "profile = \"open\"", "");
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    // Before nested speaks: unknown unicast goes to the uplink and floods the learning ports.
    assert_eq!(to(&mut sw, B, frame(mac(2), nested)), vec![A, C, UP]);
    // nested speaks behind A: learned on A.
    to(&mut sw, A, frame(nested, BCAST));
    assert_eq!(sw.learned_port(None, nested, 1000), Some(A));
    assert_eq!(to(&mut sw, B, frame(mac(2), nested)), vec![A]);
    // A MAC that moves follows its new port.
    to(&mut sw, C, frame(nested, BCAST));
    assert_eq!(to(&mut sw, B, frame(mac(2), nested)), vec![C]);
    assert_eq!(
        (sw.learned_count(A), sw.learned_count(C)),
        (0, 1),
        "the entry moved from A to C"
    );
}

#[test]
fn static_mode_learns_nothing() {
    let mut sw = switch("mode = \"static\"", "profile = \"open\"", "");
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    to(&mut sw, A, frame(nested, BCAST));
    assert_eq!(sw.learned_port(None, nested, 1000), None);
    // Unknown unicast goes to the uplink only; A's guest is not promiscuous.
    assert_eq!(to(&mut sw, B, frame(mac(2), nested)), vec![UP]);
}

#[test]
fn learning_limit_drop_and_allow() {
    let mut sw = switch(
        "mode = \"learning\"\n[learning]\nlimit = 2\nlimit_policy = \"drop\"",
        "profile = \"open\"",
        "",
    );
    for i in 0..2 {
        assert!(!to(&mut sw, A, frame(Mac([2, 0, 0, 0, 0, i]), BCAST)).is_empty());
    }
    assert!(to(&mut sw, A, frame(Mac([2, 0, 0, 0, 0, 9]), BCAST)).is_empty());
    assert_eq!(drops(&sw, A, DropReason::LearningLimit), 1);
    // A known MAC is still refreshed and forwarded.
    assert!(!to(&mut sw, A, frame(Mac([2, 0, 0, 0, 0, 1]), BCAST)).is_empty());

    let mut sw = switch(
        "mode = \"learning\"\n[learning]\nlimit = 1\nlimit_policy = \"allow\"",
        "profile = \"open\"",
        "",
    );
    to(&mut sw, A, frame(Mac([2, 0, 0, 0, 0, 0]), BCAST));
    assert_eq!(
        to(&mut sw, A, frame(Mac([2, 0, 0, 0, 0, 1]), BCAST)),
        vec![B, C, UP]
    );
    assert_eq!(
        sw.learned_port(None, Mac([2, 0, 0, 0, 0, 1]), 1000),
        None,
        "forwarded, not learned"
    );
    assert_eq!(drops(&sw, A, DropReason::LearningLimit), 0);
}

#[test]
fn learned_entries_age_out() {
    let mut sw = switch(
        "mode = \"learning\"\n[learning]\nageing = \"10s\"",
        "profile = \"open\"",
        "",
    );
    let m = Mac([2, 0, 0, 0, 0, 7]);
    sw.decide(A, &frame(m, BCAST), 0);
    assert_eq!(sw.learned_port(None, m, 9_999), Some(A));
    assert_eq!(sw.learned_port(None, m, 10_000), None);
    sw.age(10_000);
    assert_eq!(sw.learned_count(A), 0);
}

#[test]
fn unknown_unicast_flooding_only_to_ports_with_learning_on() {
    let extra = r#"
[[portgroup]]
name = "quiet"
profile = "open"
mac_learning = false
[[port]]
name = "q"
device = "vs-q"
mac = "00:0c:29:00:00:0e"
portgroup = "quiet"
"#;
    let mut sw = switch("mode = \"learning\"", "profile = \"open\"", extra);
    assert_eq!(
        to(&mut sw, A, frame(mac(1), Mac([2, 0, 0, 0, 0, 1]))),
        vec![B, C, UP]
    );
    let mut sw = switch(
        "mode = \"learning\"\n[learning]\nunknown_unicast_flooding = false",
        "profile = \"open\"",
        "",
    );
    assert_eq!(
        to(&mut sw, A, frame(mac(1), Mac([2, 0, 0, 0, 0, 1]))),
        vec![UP]
    );
}

// 4. Destinations

#[test]
fn broadcast_and_multicast_reach_every_other_port() {
    let mut sw = open();
    assert_eq!(to(&mut sw, A, frame(mac(1), BCAST)), vec![B, C, UP]);
    assert_eq!(
        to(&mut sw, UP, frame(mac(9), Mac([0x33, 0x33, 0, 0, 0, 1]))),
        vec![A, B, C]
    );
}

#[test]
fn unicast_to_a_known_mac_reaches_its_port_only() {
    let mut sw = open();
    assert_eq!(to(&mut sw, A, frame(mac(1), mac(2))), vec![B]);
    assert_eq!(to(&mut sw, UP, frame(mac(9), mac(3))), vec![C]);
}

#[test]
fn the_table_uses_the_effective_mac_only_when_mac_changes_are_accepted() {
    let mut sw = open();
    sw.set_guest(B, mac(0x42), false);
    assert_eq!(to(&mut sw, A, frame(mac(1), mac(0x42))), vec![B]);
    assert_eq!(
        to(&mut sw, A, frame(mac(1), mac(2))),
        vec![UP],
        "the old MAC is nobody's"
    );
}

#[test]
fn unknown_unicast_goes_to_the_uplink_and_from_the_uplink_is_dropped() {
    let mut sw = switch("", "profile = \"vsphere7\"", "");
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    assert_eq!(to(&mut sw, A, frame(mac(1), nested)), vec![UP]);
    assert!(to(&mut sw, UP, frame(mac(9), nested)).is_empty());
    assert_eq!(drops(&sw, UP, DropReason::UnknownDestination), 1);
    // A requested but refused promiscuous mode changes nothing.
    sw.set_guest(A, mac(1), true);
    assert!(!sw.granted(A));
    assert!(to(&mut sw, UP, frame(mac(9), nested)).is_empty());
    assert_eq!(drops(&sw, UP, DropReason::UnknownDestination), 2);
}

#[test]
fn promiscuous_copies_need_the_request_and_the_policy() {
    let mut sw = open();
    // Policy accepts, guest did not ask: no copy.
    assert_eq!(to(&mut sw, B, frame(mac(2), mac(3))), vec![C]);
    sw.set_guest(A, mac(1), true);
    assert!(sw.granted(A));
    // Copies of unicast between others, of unknown unicast, not duplicated.
    assert_eq!(to(&mut sw, B, frame(mac(2), mac(3))), vec![A, C]);
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    assert_eq!(to(&mut sw, UP, frame(mac(9), nested)), vec![A]);
    assert_eq!(to(&mut sw, A, frame(mac(1), BCAST)), vec![B, C, UP]);
    // The copy never goes back out of the ingress port.
    assert_eq!(to(&mut sw, A, frame(mac(1), mac(3))), vec![C]);
    // Policy reject: the request is refused.
    sw.set_policy(Some("g"), PolicyKey::Promiscuous, Setting::Reject)
        .unwrap();
    assert!(to(&mut sw, UP, frame(mac(9), nested)).is_empty());
}

#[test]
fn promiscuous_copies_stay_within_the_vlan() {
    let extra = r#"
[[portgroup]]
name = "v10"
vlan = 10
profile = "open"
[[port]]
name = "x"
device = "vs-x"
mac = "00:0c:29:00:00:0a"
portgroup = "v10"
"#;
    let mut sw = switch("", "profile = \"open\"", extra);
    sw.set_guest(4, mac(0x0a), true);
    assert_eq!(to(&mut sw, B, frame(mac(2), mac(3))), vec![C]);
}

#[test]
fn workstation_grants_only_while_the_vm_user_can_write_vmnet() {
    let mut sw = switch("", "profile = \"workstation\"", "");
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    sw.set_guest(A, mac(1), true);
    assert!(!sw.granted(A));
    assert!(to(&mut sw, UP, frame(mac(9), nested)).is_empty());
    sw.set_vmnet_ok(A, true);
    assert!(sw.granted(A));
    assert_eq!(to(&mut sw, UP, frame(mac(9), nested)), vec![A]);
    // Forged transmits and MAC changes are accepted.
    assert_eq!(to(&mut sw, A, frame(nested, mac(9))), vec![UP]);
}

#[test]
fn fixed_guest_promiscuous_ignores_the_peer() {
    let text = r#"
name = "t"
[[portgroup]]
name = "g"
profile = "open"
[[port]]
name = "tap"
device = "tap0"
mac = "00:0c:29:00:00:01"
portgroup = "g"
guest_promiscuous = "on"
[[port]]
name = "up"
device = "vs-up"
mac = "00:0c:29:00:00:09"
portgroup = "g"
uplink = true
"#;
    let mut sw = Switch::new(&Config::parse(text).unwrap());
    assert!(sw.granted(0));
    sw.set_guest(0, mac(1), false);
    assert!(sw.granted(0), "`on` is not overridden by the peer");
}

// 5. Delivery

#[test]
fn a_changed_mac_under_reject_receives_nothing_broadcasts_included() {
    let mut sw = switch("", "profile = \"vsphere7\"", "");
    sw.set_guest(B, mac(0x42), false);
    assert_eq!(to(&mut sw, A, frame(mac(1), BCAST)), vec![C, UP]);
    assert_eq!(
        drops(&sw, B, DropReason::MacChanged),
        1,
        "counted at the receiving port"
    );
    assert!(to(&mut sw, A, frame(mac(1), mac(2))).is_empty());
    assert_eq!(drops(&sw, B, DropReason::MacChanged), 2);
    assert_eq!(drops(&sw, A, DropReason::UnknownDestination), 0);
    // Restoring the MAC restores traffic.
    sw.set_guest(B, mac(2), false);
    assert_eq!(to(&mut sw, A, frame(mac(1), mac(2))), vec![B]);
}

#[test]
fn a_missing_device_is_skipped() {
    let mut sw = open();
    sw.set_present(B, false);
    assert_eq!(to(&mut sw, A, frame(mac(1), BCAST)), vec![C, UP]);
}

#[test]
fn the_drop_log_keeps_addresses_and_reasons() {
    let mut sw = switch("", "profile = \"vsphere7\"", "");
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    to(&mut sw, A, frame(nested, BCAST));
    to(&mut sw, UP, frame(mac(9), nested));
    to(&mut sw, A, frame(mac(1), nested));
    let log: Vec<_> = sw
        .drop_log()
        .map(|e| (e.port, e.kind, e.src, e.dst))
        .collect();
    assert_eq!(
        log,
        vec![
            (A, Logged::Dropped(DropReason::ForgedSource), nested, BCAST),
            (
                UP,
                Logged::Dropped(DropReason::UnknownDestination),
                mac(9),
                nested
            ),
            (A, Logged::UnknownUnicast, mac(1), nested),
        ]
    );
    assert_eq!(
        sw.ports()[A].counters.drops.total(),
        1,
        "uplink-only is logged, not counted"
    );
}

#[test]
fn set_changes_policies_and_mode_all_or_nothing() {
    use promisc_vswitch::control::apply_set;
    let mut sw = switch("", "profile = \"vsphere7\"", "");
    let e = apply_set(
        &mut sw,
        None,
        &["promiscuous=accept".into(), "forged=accept".into()],
    )
    .unwrap_err();
    assert!(e.contains("`forged=accept`"), "{e}");
    assert_eq!(
        sw.security(A).promiscuous,
        Setting::Reject,
        "nothing applied"
    );
    apply_set(&mut sw, Some("b"), &["promiscuous=accept".into()]).unwrap();
    assert_eq!(sw.security(B).promiscuous, Setting::Accept);
    assert_eq!(sw.security(A).promiscuous, Setting::Reject);
    let e = apply_set(&mut sw, Some("zz"), &["promiscuous=accept".into()]).unwrap_err();
    assert!(
        e.contains("`g`") && e.contains("`a`"),
        "names what exists: {e}"
    );
    apply_set(&mut sw, None, &["mode=learning".into()]).unwrap();
    assert_eq!(sw.mode(), Mode::Learning);
}

#[test]
fn unknown_unicast_that_a_promiscuous_port_copies_is_not_logged_as_uplink_only() {
    // vSphere 6 with promiscuous=accept: the guest behind A asked for promiscuous mode, so a
    // frame for its nested MAC from B goes out of the uplink and to A. The log's
    // `unknown_unicast` ("sent to the uplink only") would make the lab explain a failing pair
    // with "never to port a" when A did receive it.
    let mut sw = switch("", "profile = \"vsphere6\"", "");
    let nested = Mac([0x52, 0x54, 0, 0, 0, 1]);
    sw.set_guest(A, mac(1), true);
    sw.set_policy(None, PolicyKey::Promiscuous, Setting::Accept)
        .unwrap();
    assert_eq!(to(&mut sw, B, frame(mac(2), nested)), vec![A, UP]);
    assert_eq!(sw.drop_log().count(), 0, "copied to A: nothing to log");
    // Refused, the same frame reaches the uplink only, and says so.
    sw.set_policy(None, PolicyKey::Promiscuous, Setting::Reject)
        .unwrap();
    assert_eq!(to(&mut sw, B, frame(mac(2), nested)), vec![UP]);
    let log: Vec<_> = sw.drop_log().map(|e| (e.port, e.kind)).collect();
    assert_eq!(log, vec![(B, Logged::UnknownUnicast)]);
}
