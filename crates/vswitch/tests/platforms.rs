//! The profiles of the platforms whose switch is not VMware's, row by row and column by column
//! of PLATFORMS.md §1 (docs/VSWITCH.md, "Other platforms"): what `Switch::decide` does with a
//! foreign source, a frame for a foreign MAC known elsewhere, a frame for an unknown MAC, a
//! guest that changed its MAC, a promiscuous request, learning and flooding, and broadcast.
//!
//! Every switch has the guest `a` (whose nested VM has the MAC `N`), two other VMs `b` and `c`,
//! and the uplink `up` (the wire and the host), all in one port group of the profile.

use promisc_vswitch::policy::Profile;
use promisc_vswitch::{Config, DropReason, FrameInfo, Mac, Switch};

const BCAST: Mac = Mac::BROADCAST;
const MCAST: Mac = Mac([0x01, 0x00, 0x5e, 0, 0, 1]);
/// The nested VM's MAC: behind `a`, never configured anywhere.
const N: Mac = Mac([0x52, 0x54, 0, 0xaa, 0xbb, 3]);
/// The MAC the guest of `a` sets on its vNIC.
const NEW: Mac = Mac([0x08, 0x00, 0x27, 0, 0, 0x41]);

const A: usize = 0;
const B: usize = 1;
const C: usize = 2;
const UP: usize = 3;

fn mac(last: u8) -> Mac {
    Mac([0x08, 0x00, 0x27, 0, 0, last])
}

fn switch_of(head: &str, profile: &str, extra: &str) -> Switch {
    let text = format!(
        r#"name = "t"
{head}
[[portgroup]]
name = "g"
profile = "{profile}"
[[port]]
name = "a"
device = "vs-a"
mac = "08:00:27:00:00:01"
portgroup = "g"
[[port]]
name = "b"
device = "vs-b"
mac = "08:00:27:00:00:02"
portgroup = "g"
[[port]]
name = "c"
device = "vs-c"
mac = "08:00:27:00:00:03"
portgroup = "g"
[[port]]
name = "up"
device = "vs-up"
mac = "08:00:27:00:00:09"
portgroup = "g"
uplink = true
{extra}
"#
    );
    Switch::new(&Config::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}")))
}

/// A static switch of `profile` whose guest `a` asks for promiscuous mode (it bridges a nested
/// VM).
fn switch(profile: Profile) -> Switch {
    let mut sw = switch_of("", profile.as_str(), "");
    sw.set_guest(A, mac(1), true);
    sw
}

fn frame(src: Mac, dst: Mac) -> FrameInfo {
    FrameInfo {
        dst,
        src,
        tag: None,
        ethertype: 0x0800,
        len: 60,
    }
}

const T: u64 = 1000;

/// Where `src -> dst` entering `p` goes, as port indexes.
fn to(sw: &mut Switch, p: usize, src: Mac, dst: Mac) -> Vec<usize> {
    sw.decide(p, &frame(src, dst), T).ports.iter().collect()
}

fn drops(sw: &Switch, p: usize, r: DropReason) -> u64 {
    sw.ports()[p].counters.drops.get(r)
}

const NONE: Vec<usize> = Vec::new();

// VirtualBox, --nic-promisc deny (the default).

#[test]
fn virtualbox_deny_foreign_source_leaves() {
    let mut sw = switch(Profile::VirtualboxDeny);
    assert_eq!(to(&mut sw, A, N, BCAST), [B, C, UP]);
    assert_eq!(to(&mut sw, A, N, mac(9)), [UP]);
    assert_eq!(to(&mut sw, A, N, mac(2)), [B]);
    assert_eq!(drops(&sw, A, DropReason::ForgedSource), 0);
}

#[test]
fn virtualbox_deny_delivers_a_known_mac_to_its_port_only() {
    let mut sw = switch(Profile::VirtualboxDeny);
    assert_eq!(to(&mut sw, UP, mac(9), mac(2)), [B], "no copy to a");
    assert_eq!(to(&mut sw, C, mac(3), mac(2)), [B], "no copy to a");
}

#[test]
fn virtualbox_deny_unknown_mac_from_a_vm_to_the_wire_only_from_the_wire_dropped() {
    let mut sw = switch(Profile::VirtualboxDeny);
    assert_eq!(to(&mut sw, B, mac(2), N), [UP], "never flooded to a");
    assert_eq!(to(&mut sw, UP, mac(9), N), NONE);
    assert_eq!(drops(&sw, UP, DropReason::UnknownDestination), 1);
}

#[test]
fn virtualbox_deny_keeps_the_configured_mac_after_a_change() {
    let mut sw = switch(Profile::VirtualboxDeny);
    sw.set_guest(A, NEW, false);
    // Unicast to the new MAC is lost; to the configured one it still arrives, broadcasts too.
    assert_eq!(to(&mut sw, UP, mac(9), NEW), NONE);
    assert_eq!(to(&mut sw, B, mac(2), NEW), [UP], "to the wire, not to a");
    assert_eq!(to(&mut sw, UP, mac(9), mac(1)), [A]);
    assert_eq!(to(&mut sw, UP, mac(9), BCAST), [A, B, C]);
    assert_eq!(drops(&sw, A, DropReason::MacChanged), 0, "never cut off");
    // What the guest sends from its new MAC leaves (no source check).
    assert_eq!(to(&mut sw, A, NEW, mac(9)), [UP]);
    assert_eq!(sw.table_mac(A), mac(1));
}

#[test]
fn virtualbox_deny_refuses_promiscuous_requests() {
    let sw = switch(Profile::VirtualboxDeny);
    assert!(sw.ports()[A].requested);
    assert!(!sw.granted(A));
}

#[test]
fn virtualbox_deny_learns_nothing() {
    let mut sw = switch(Profile::VirtualboxDeny);
    to(&mut sw, A, N, BCAST);
    assert_eq!(sw.learned_port(None, N, T), None);
    assert_eq!(
        to(&mut sw, UP, mac(9), N),
        NONE,
        "N sent a frame, still unknown"
    );
    let mut sw = switch_of("mode = \"learning\"", "virtualbox-deny", "");
    to(&mut sw, A, N, BCAST);
    assert_eq!(
        sw.learned_port(None, N, T),
        None,
        "not even in learning mode"
    );
    assert_eq!(to(&mut sw, B, mac(2), N), [UP], "no flooding to VM ports");
}

#[test]
fn virtualbox_deny_broadcasts_reach_every_port_and_the_wire() {
    let mut sw = switch(Profile::VirtualboxDeny);
    assert_eq!(to(&mut sw, B, mac(2), BCAST), [A, C, UP]);
    assert_eq!(to(&mut sw, UP, mac(9), MCAST), [A, B, C]);
}

// VirtualBox, --nic-promisc allow-vms.

#[test]
fn virtualbox_allow_vms_foreign_source_leaves() {
    let mut sw = switch(Profile::VirtualboxAllowVms);
    assert_eq!(to(&mut sw, A, N, mac(9)), [UP]);
}

#[test]
fn virtualbox_allow_vms_copies_traffic_between_vms_and_wire_frames_for_a_vm() {
    let mut sw = switch(Profile::VirtualboxAllowVms);
    assert!(sw.granted(A), "granted, scope the VM ports");
    assert_eq!(
        to(&mut sw, C, mac(3), mac(2)),
        [A, B],
        "between VMs: a copy"
    );
    assert_eq!(
        to(&mut sw, UP, mac(9), mac(2)),
        [A, B],
        "from the wire to a VM: a copy"
    );
    assert_eq!(
        to(&mut sw, B, mac(2), mac(9)),
        [A, UP],
        "from a VM to the wire"
    );
}

#[test]
fn virtualbox_allow_vms_drops_unknown_unicast_from_the_wire() {
    let mut sw = switch(Profile::VirtualboxAllowVms);
    assert_eq!(to(&mut sw, UP, mac(9), N), NONE, "the host's answer to N");
    assert_eq!(drops(&sw, UP, DropReason::UnknownDestination), 1);
    assert_eq!(to(&mut sw, B, mac(2), N), [A, UP], "from a VM: copied");
}

#[test]
fn virtualbox_allow_vms_mac_change_as_deny() {
    let mut sw = switch(Profile::VirtualboxAllowVms);
    sw.set_guest(A, NEW, true);
    assert_eq!(to(&mut sw, UP, mac(9), NEW), NONE, "from the wire: lost");
    assert_eq!(to(&mut sw, UP, mac(9), BCAST), [A, B, C]);
    assert_eq!(to(&mut sw, B, mac(2), NEW), [A, UP], "from a VM: the copy");
}

#[test]
fn virtualbox_allow_vms_learns_nothing_and_broadcasts_everywhere() {
    let mut sw = switch(Profile::VirtualboxAllowVms);
    to(&mut sw, A, N, BCAST);
    assert_eq!(sw.learned_port(None, N, T), None);
    assert_eq!(to(&mut sw, A, mac(1), BCAST), [B, C, UP]);
}

// VirtualBox, --nic-promisc allow-all.

#[test]
fn virtualbox_allow_all_copies_everything_wire_and_host_included() {
    let mut sw = switch(Profile::VirtualboxAllowAll);
    assert!(sw.granted(A));
    assert_eq!(to(&mut sw, A, N, mac(9)), [UP], "foreign source leaves");
    assert_eq!(
        to(&mut sw, UP, mac(9), N),
        [A],
        "unknown from the wire: a copy"
    );
    assert_eq!(to(&mut sw, UP, mac(9), mac(2)), [A, B]);
    assert_eq!(to(&mut sw, C, mac(3), mac(2)), [A, B]);
    assert_eq!(to(&mut sw, B, mac(2), N), [A, UP]);
}

#[test]
fn virtualbox_allow_all_covers_a_changed_mac_and_learns_nothing() {
    let mut sw = switch(Profile::VirtualboxAllowAll);
    sw.set_guest(A, NEW, true);
    assert_eq!(
        sw.table_mac(A),
        mac(1),
        "the switch keeps the configured MAC"
    );
    assert_eq!(to(&mut sw, UP, mac(9), NEW), [A], "promiscuous covers it");
    // Without the request, the new MAC is lost as under deny.
    sw.set_guest(A, NEW, false);
    assert_eq!(to(&mut sw, UP, mac(9), NEW), NONE);
    assert_eq!(sw.learned_port(None, NEW, T), None);
    assert_eq!(to(&mut sw, UP, mac(9), BCAST), [A, B, C]);
}

// Hyper-V, MacAddressSpoofing Off (the default).

#[test]
fn hyperv_drops_a_foreign_source() {
    let mut sw = switch(Profile::Hyperv);
    assert_eq!(to(&mut sw, A, N, BCAST), NONE);
    assert_eq!(to(&mut sw, A, N, mac(9)), NONE);
    assert_eq!(drops(&sw, A, DropReason::ForgedSource), 2);
    assert_eq!(to(&mut sw, A, mac(1), mac(9)), [UP], "its own MAC leaves");
}

#[test]
fn hyperv_never_delivers_a_foreign_mac() {
    let mut sw = switch(Profile::Hyperv);
    assert_eq!(
        to(&mut sw, UP, mac(9), mac(2)),
        [B],
        "known elsewhere: no copy"
    );
    assert_eq!(to(&mut sw, UP, mac(9), N), NONE, "unknown: not delivered");
    assert_eq!(to(&mut sw, B, mac(2), N), [UP], "unknown: never to a");
}

#[test]
fn hyperv_a_changed_mac_neither_sends_nor_receives() {
    let mut sw = switch(Profile::Hyperv);
    sw.set_guest(A, NEW, false);
    assert_eq!(to(&mut sw, A, NEW, mac(9)), NONE, "outbound dropped");
    assert_eq!(drops(&sw, A, DropReason::ForgedSource), 1);
    assert_eq!(to(&mut sw, UP, mac(9), NEW), NONE, "inbound not delivered");
    assert_eq!(to(&mut sw, B, mac(2), NEW), [UP], "not to a");
}

#[test]
fn hyperv_has_no_promiscuous_mode_and_learns_the_configured_mac_only() {
    let mut sw = switch(Profile::Hyperv);
    assert!(!sw.granted(A));
    to(&mut sw, A, mac(1), BCAST);
    assert_eq!(
        sw.learned_port(None, mac(1), T),
        None,
        "C is known, not learned"
    );
    assert_eq!(to(&mut sw, UP, mac(9), mac(1)), [A]);
    assert_eq!(to(&mut sw, UP, mac(9), BCAST), [A, B, C], "broadcast: all");
}

// Hyper-V, MacAddressSpoofing On.

#[test]
fn hyperv_spoofing_lets_a_foreign_source_leave_and_learns_it_on_the_port() {
    let mut sw = switch(Profile::HypervSpoofing);
    assert_eq!(to(&mut sw, A, N, BCAST), [B, C, UP]);
    assert_eq!(
        sw.learned_port(None, N, T),
        Some(A),
        "learned on a static switch"
    );
    assert_eq!(sw.learned_count(A), 1);
}

#[test]
fn hyperv_spoofing_delivers_a_mac_once_it_has_sent_a_frame() {
    let mut sw = switch(Profile::HypervSpoofing);
    assert_eq!(to(&mut sw, UP, mac(9), N), NONE, "not yet");
    assert_eq!(to(&mut sw, B, mac(2), N), [UP], "not flooded to VM ports");
    to(&mut sw, A, N, mac(9));
    assert_eq!(to(&mut sw, UP, mac(9), N), [A]);
    assert_eq!(to(&mut sw, B, mac(2), N), [A]);
    assert_eq!(
        to(&mut sw, UP, mac(9), mac(2)),
        [B],
        "no copy of others' traffic"
    );
}

#[test]
fn hyperv_spoofing_unknown_unicast_is_not_flooded_even_in_learning_mode() {
    let mut sw = switch_of("mode = \"learning\"", "hyperv-spoofing", "");
    assert_eq!(to(&mut sw, B, mac(2), N), [UP]);
    to(&mut sw, A, N, BCAST);
    assert_eq!(to(&mut sw, B, mac(2), N), [A]);
}

#[test]
fn hyperv_spoofing_follows_a_changed_mac() {
    let mut sw = switch(Profile::HypervSpoofing);
    sw.set_guest(A, NEW, false);
    assert_eq!(to(&mut sw, A, NEW, mac(9)), [UP]);
    assert_eq!(to(&mut sw, UP, mac(9), NEW), [A]);
    assert_eq!(drops(&sw, A, DropReason::MacChanged), 0);
}

#[test]
fn hyperv_spoofing_has_no_promiscuous_mode() {
    let sw = switch(Profile::HypervSpoofing);
    assert!(sw.ports()[A].requested);
    assert!(!sw.granted(A));
}

#[test]
fn hyperv_spoofing_learned_macs_age_out_per_port() {
    let mut sw = switch(Profile::HypervSpoofing);
    to(&mut sw, A, N, mac(9));
    let later = T + 301_000;
    assert_eq!(sw.learned_port(None, N, later), None, "300 s by default");
    sw.age(later);
    assert_eq!(sw.learned_count(A), 0);
    assert!(sw.decide(UP, &frame(mac(9), N), later).ports.is_empty());
    assert_eq!(to(&mut sw, UP, mac(9), BCAST), [A, B, C], "broadcast: all");
}

// Clouds (AWS, GCP, Azure, OpenStack with port security).

#[test]
fn cloud_drops_a_foreign_source() {
    let mut sw = switch(Profile::Cloud);
    assert_eq!(to(&mut sw, A, N, mac(9)), NONE);
    assert_eq!(drops(&sw, A, DropReason::ForgedSource), 1);
    assert_eq!(to(&mut sw, A, mac(1), mac(9)), [UP]);
}

#[test]
fn cloud_delivers_no_foreign_mac_known_or_unknown() {
    let mut sw = switch(Profile::Cloud);
    assert_eq!(
        to(&mut sw, UP, mac(9), mac(2)),
        [B],
        "known elsewhere: no copy"
    );
    assert_eq!(to(&mut sw, UP, mac(9), N), NONE);
    assert_eq!(to(&mut sw, B, mac(2), N), NONE, "not even to the uplink");
    assert_eq!(drops(&sw, B, DropReason::UnknownDestination), 1);
}

#[test]
fn cloud_a_changed_mac_fails() {
    let mut sw = switch(Profile::Cloud);
    sw.set_guest(A, NEW, false);
    assert_eq!(to(&mut sw, A, NEW, mac(9)), NONE);
    assert_eq!(to(&mut sw, UP, mac(9), NEW), NONE);
    assert_eq!(to(&mut sw, UP, mac(9), mac(1)), [A]);
}

#[test]
fn cloud_has_no_promiscuous_mode_and_no_learning() {
    let mut sw = switch(Profile::Cloud);
    assert!(!sw.granted(A));
    let mut learning = switch_of("mode = \"learning\"", "cloud", "");
    for s in [&mut sw, &mut learning] {
        to(s, B, mac(2), BCAST);
        assert_eq!(s.learned_port(None, mac(2), T), None);
        assert_eq!(to(s, C, mac(3), N), NONE, "no flooding");
    }
}

#[test]
fn cloud_forwards_no_broadcast_or_multicast() {
    let extra = r#"
[[portgroup]]
name = "vmware"
profile = "open"
[[port]]
name = "x"
device = "vs-x"
mac = "00:0c:29:00:00:0a"
portgroup = "vmware"
"#;
    let mut sw = switch_of("", "cloud", extra);
    let x = 4;
    assert_eq!(to(&mut sw, A, mac(1), BCAST), NONE);
    assert_eq!(to(&mut sw, UP, mac(9), MCAST), NONE);
    assert_eq!(drops(&sw, A, DropReason::Broadcast), 1);
    assert_eq!(drops(&sw, UP, DropReason::Broadcast), 1);
    // A broadcast from a port of another profile reaches none of the cloud's ports.
    assert_eq!(
        to(&mut sw, x, Mac([0, 0x0c, 0x29, 0, 0, 0x0a]), BCAST),
        NONE
    );
}

// Changing a platform's own setting live.

#[test]
fn set_profile_is_the_platforms_own_setting() {
    let mut sw = switch(Profile::VirtualboxDeny);
    assert_eq!(to(&mut sw, UP, mac(9), N), NONE);
    // VBoxManage controlvm VM nicpromisc1 allow-all.
    let done = promisc_vswitch::control::apply_set(
        &mut sw,
        Some("a"),
        &["profile=virtualbox-allow-all".into()],
    )
    .unwrap();
    assert_eq!(done, ["profile=virtualbox-allow-all on port `a`"]);
    assert_eq!(to(&mut sw, UP, mac(9), N), [A]);
    assert_eq!(sw.security(A).profile, Profile::VirtualboxAllowAll);
    assert_eq!(sw.security(B).profile, Profile::VirtualboxDeny);
    // Set-VMNetworkAdapter -MacAddressSpoofing On, on every port group.
    let mut sw = switch(Profile::Hyperv);
    promisc_vswitch::control::apply_set(&mut sw, None, &["profile=hyperv-spoofing".into()])
        .unwrap();
    assert_eq!(to(&mut sw, A, N, mac(9)), [UP]);
    assert_eq!(to(&mut sw, UP, mac(9), N), [A]);
    // A name that is no profile: the error lists them all.
    let e = promisc_vswitch::control::apply_set(&mut sw, None, &["profile=virtualbox".into()])
        .unwrap_err();
    for p in Profile::ALL {
        assert!(e.contains(p.as_str()), "{e}");
    }
}

#[test]
fn a_configuration_naming_no_profile_lists_them_all() {
    let text = "name = \"t\"\n[[portgroup]]\nname = \"g\"\nprofile = \"virtualbox\"\n";
    let e = Config::parse(text).unwrap_err().to_string();
    assert!(e.starts_with("4:11: "), "{e}");
    for p in Profile::ALL {
        assert!(e.contains(&format!("`{}`", p.as_str())), "{e}");
    }
}

#[test]
fn every_profile_parses_from_its_name_and_has_its_platforms_words() {
    use promisc_vswitch::policy::PolicyKey;
    for p in Profile::ALL {
        assert_eq!(Profile::parse(p.as_str()), Some(p));
        let vmware = matches!(
            p,
            Profile::Vsphere7 | Profile::Vsphere6 | Profile::Workstation | Profile::Open
        );
        let refuses = !p.security().promiscuous.accepts() || p == Profile::VirtualboxAllowVms;
        assert_eq!(
            p.refusal_words(PolicyKey::Promiscuous).is_some(),
            !vmware && refuses,
            "{}",
            p.as_str()
        );
    }
    assert!(Profile::VirtualboxDeny
        .refusal_words(PolicyKey::Promiscuous)
        .unwrap()
        .starts_with("VirtualBox promiscuous mode deny"));
}
