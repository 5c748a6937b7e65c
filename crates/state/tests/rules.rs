//! The `--check --allow` audit.

use promisc_facts::world::ProcessFacts;
use promisc_state::attribution::{SocketHolder, StackedHolder};
use promisc_state::rules::{audit, Rule, RuleError};
use promisc_state::{Holder, InterfaceStatus};

fn iface(name: &str, holders: Vec<Holder>, unattributed: i64) -> InterfaceStatus {
    let n = holders.len() as i64 + unattributed;
    InterfaceStatus {
        netns: "default".into(),
        netns_inode: 1,
        ifindex: 2,
        name: name.into(),
        kind: "veth".into(),
        up: true,
        promisc: n > 0,
        user_flag: false,
        promiscuity: n as u32,
        allmulti: 0,
        holders,
        unattributed,
    }
}

fn tcpdump() -> Holder {
    Holder::PacketSocket(SocketHolder {
        inode: 9,
        pid: Some(42),
        comm: Some("tcpdump".into()),
        uid: Some(0),
        processes: vec![ProcessFacts {
            pid: 42,
            comm: "tcpdump".into(),
            uid: 0,
            cgroup: String::new(),
        }],
        socket_uid: Some(0),
        context: Default::default(),
    })
}

fn bridge_port() -> Holder {
    Holder::BridgePort(StackedHolder {
        device: "br0".into(),
        ifindex: 5,
        netns: "default".into(),
        netns_differs: false,
        inferred: false,
        mode: None,
        reason: "vlan_filtering is off".into(),
    })
}

fn rules(list: &[&str]) -> Vec<Rule> {
    list.iter().map(|r| r.parse().unwrap()).collect()
}

#[test]
fn nothing_allowed_flags_every_holder() {
    let all = vec![iface("veth0", vec![tcpdump(), bridge_port()], 0)];
    assert_eq!(audit(&all, &[]).len(), 2);
}

#[test]
fn kind_and_comm_rules() {
    let all = vec![iface("veth0", vec![tcpdump(), bridge_port()], 0)];
    assert!(audit(&all, &rules(&["bridge_port", "packet_socket:comm=tcpdump"])).is_empty());
    let left = audit(
        &all,
        &rules(&["bridge_port", "packet_socket:comm=wireshark"]),
    );
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].holder.unwrap().kind(), "packet_socket");
    assert!(audit(&all, &rules(&["*"])).is_empty());
    assert!(audit(
        &all,
        &rules(&["bridge_port:device=br0", "packet_socket:uid=0,pid=42"])
    )
    .is_empty());
    assert_eq!(
        audit(&all, &rules(&["bridge_port:device=br1", "packet_socket"])).len(),
        1
    );
    assert_eq!(audit(&all, &rules(&["*:iface=veth1"])).len(), 2);
}

#[test]
fn residual_needs_its_own_rule() {
    let all = vec![iface("eth0", vec![], 1)];
    assert_eq!(audit(&all, &rules(&["bridge_port"])).len(), 1);
    assert!(audit(&all, &rules(&["unattributed"])).is_empty());
}

#[test]
fn quiet_interfaces_pass() {
    let all = vec![iface("eth0", vec![], 0)];
    assert!(audit(&all, &[]).is_empty());
}

#[test]
fn malformed_rules_say_what_is_wrong() {
    assert!(matches!(
        "sniffer".parse::<Rule>(),
        Err(RuleError::UnknownKind(_))
    ));
    assert!(matches!(
        "packet_socket:comm".parse::<Rule>(),
        Err(RuleError::NotKeyValue(_))
    ));
    assert!(matches!(
        "packet_socket:name=x".parse::<Rule>(),
        Err(RuleError::UnknownKey(_))
    ));
    assert!(matches!(
        "packet_socket:pid=x".parse::<Rule>(),
        Err(RuleError::NotANumber { .. })
    ));
    let r: Rule = "packet_socket:comm=tcpdump,uid=0".parse().unwrap();
    assert_eq!(r.to_string(), "packet_socket:comm=tcpdump,uid=0");
}
