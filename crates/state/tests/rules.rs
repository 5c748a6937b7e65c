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
        peer_context: Default::default(),
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

/// tcpdump running in `cgroup` (a `/proc/PID/cgroup` text), the pod and container named.
fn tcpdump_in(cgroup: &str, pod: Option<(&str, &str)>, container: Option<&str>) -> Holder {
    let mut h = tcpdump();
    if let Holder::PacketSocket(s) = &mut h {
        s.context = promisc_facts::cgroup::Context::from_cgroup(cgroup);
        if let (Some(p), Some((ns, name))) = (s.context.pod.as_mut(), pod) {
            p.namespace = Some(ns.into());
            p.name = Some(name.into());
        }
        if let (Some(c), Some(n)) = (s.context.container.as_mut(), container) {
            c.name = Some(n.into());
        }
    }
    h
}

#[test]
fn unit_container_and_pod_rules_with_globs() {
    const ID: &str = "3f2a1b9c04d1e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e";
    let pod = tcpdump_in(
        &format!("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0b1c2d3e_4f50_6172_8394_a5b6c7d8e9f0.slice/cri-containerd-{ID}.scope\n"),
        Some(("monitoring", "sniffer-x2x8k")),
        None,
    );
    let docker = tcpdump_in(
        &format!("0::/system.slice/docker-{ID}.scope\n"),
        None,
        Some("sniffer"),
    );
    let unit = tcpdump_in("0::/system.slice/suricata.service\n", None, None);
    let bare = tcpdump();
    let allowed = |h: &Holder, rule: &str| {
        audit(&[iface("veth0", vec![h.clone()], 0)], &rules(&[rule])).is_empty()
    };
    // (holder, rule, allowed)
    let rows = [
        (&pod, "packet_socket:pod=monitoring/*", true),
        (&pod, "packet_socket:pod=monitoring/sniffer-x2x8k", true),
        (&pod, "packet_socket:pod=kube-system/*", false),
        (
            &pod,
            "packet_socket:pod=0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
            true,
        ),
        (&pod, "packet_socket:pod=*", true),
        (
            &pod,
            "packet_socket:container=containerd:3f2a1b9c04d1",
            true,
        ),
        (&pod, "packet_socket:unit=*", false),
        (&docker, "packet_socket:container=sniffer", true),
        (&docker, "packet_socket:container=snif*", true),
        (&docker, "packet_socket:container=*", true),
        (&docker, &format!("packet_socket:container={ID}"), true),
        (&docker, "packet_socket:container=other", false),
        (&docker, "packet_socket:pod=*", false),
        (&unit, "packet_socket:unit=suricata.service", true),
        (&unit, "packet_socket:unit=*.service", true),
        (
            &unit,
            "packet_socket:unit=suricata.service,comm=tcpdump",
            true,
        ),
        (&unit, "packet_socket:unit=zeek.service", false),
        (&unit, "packet_socket:container=*", false),
        (&bare, "packet_socket:unit=*", false),
        (&bare, "packet_socket:pod=*", false),
    ];
    let wrong: Vec<String> = rows
        .iter()
        .filter(|(h, r, want)| allowed(h, r) != *want)
        .map(|(h, r, want)| format!("{r} on {}: want {want}", h.describe()))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // A bridge port without a known peer: a pod key never allows it; with a container at the
    // other end of its veth, `bridge_port:container=*` does.
    assert!(!allowed(&bridge_port(), "bridge_port:pod=*"));
    let mut port = bridge_port();
    if let Holder::BridgePort(s) = &mut port {
        s.peer_context = promisc_facts::cgroup::Context::from_cgroup(&format!("0::/docker/{ID}\n"));
    }
    assert!(allowed(&port, "bridge_port:container=*"));
    assert!(!allowed(&port, "bridge_port:pod=*"));
}
