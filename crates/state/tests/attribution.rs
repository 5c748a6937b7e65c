//! Attribution fed with recorded kernel facts, one holder kind at a time, including holders the
//! test machines cannot create live (bond, team, vlan, macsec, Open vSwitch, HSR).

use std::collections::HashMap;

use promisc_facts::fdb::UnicastAddress;
use promisc_facts::link::{KindData, LinkFacts, SlaveData};
use promisc_facts::packet_diag::{Membership, PacketSocketFacts};
use promisc_facts::uapi::{IFF_PROMISC, IFF_UP, PACKET_MR_ALLMULTI, PACKET_MR_PROMISC};
use promisc_facts::world::{NetnsFacts, ProcessFacts, World};
use promisc_state::{attribute, Holder, InterfaceStatus};

fn link(ifindex: u32, name: &str, kind: Option<&str>, promiscuity: u32) -> LinkFacts {
    LinkFacts {
        ifindex,
        name: name.into(),
        flags: IFF_UP,
        arphrd: 1,
        address: vec![2, 0, 0, 0, 0, ifindex as u8],
        promiscuity,
        allmulti: Some(0),
        kind: kind.map(Into::into),
        ..LinkFacts::default()
    }
}

fn ns(inode: u64, name: &str, links: Vec<LinkFacts>) -> NetnsFacts {
    NetnsFacts {
        inode,
        name: name.into(),
        links,
        ..NetnsFacts::default()
    }
}

fn world(namespaces: Vec<NetnsFacts>) -> World {
    World {
        namespaces,
        owners: HashMap::new(),
    }
}

fn status<'a>(all: &'a [InterfaceStatus], name: &str) -> &'a InterfaceStatus {
    all.iter().find(|s| s.name == name).expect(name)
}

fn kinds(s: &InterfaceStatus) -> Vec<&'static str> {
    s.holders.iter().map(Holder::kind).collect()
}

/// Every status must balance: holders plus residual equal the counter.
fn balanced(all: &[InterfaceStatus]) {
    for s in all {
        assert_eq!(
            s.holders.len() as i64 + s.unattributed,
            i64::from(s.promiscuity),
            "{} does not balance: {:?}",
            s.name,
            s
        );
        assert_eq!(s.promisc, s.promiscuity > 0);
    }
}

fn enslave(mut l: LinkFacts, master: u32, slave_kind: &str) -> LinkFacts {
    l.master = Some(master);
    l.slave_kind = Some(slave_kind.into());
    l
}

#[test]
fn nothing_holds_nothing() {
    let w = world(vec![ns(1, "default", vec![link(1, "lo", None, 0)])]);
    let all = attribute(&w);
    balanced(&all);
    assert!(all[0].holders.is_empty());
    assert_eq!(all[0].unattributed, 0);
    assert!(!all[0].promisc);
}

#[test]
fn user_flag_and_unexplained_residual() {
    let mut l = link(2, "eth0", None, 3);
    l.flags |= IFF_PROMISC;
    let all = attribute(&world(vec![ns(1, "default", vec![l])]));
    balanced(&all);
    assert_eq!(kinds(&all[0]), ["user_flag"]);
    assert_eq!(all[0].unattributed, 2);
    assert!(all[0].user_flag);
    assert_eq!(all[0].kind, "ethernet");
}

#[test]
fn packet_sockets_count_once_per_socket_with_their_processes() {
    let mut n = ns(
        1,
        "default",
        vec![link(2, "eth0", None, 2), link(3, "eth1", None, 0)],
    );
    n.sockets = vec![
        PacketSocketFacts {
            inode: 100,
            uid: Some(0),
            bound_ifindex: 0,
            // Added twice: still one holder (the kernel counts the membership once).
            memberships: vec![Membership {
                ifindex: 2,
                mr_type: PACKET_MR_PROMISC,
                count: 2,
            }],
        },
        PacketSocketFacts {
            inode: 200,
            uid: Some(1000),
            bound_ifindex: 3,
            memberships: vec![
                Membership {
                    ifindex: 2,
                    mr_type: PACKET_MR_PROMISC,
                    count: 1,
                },
                // allmulti does not hold promiscuity.
                Membership {
                    ifindex: 3,
                    mr_type: PACKET_MR_ALLMULTI,
                    count: 1,
                },
            ],
        },
        // A socket with no membership (tcpdump -p) holds nothing.
        PacketSocketFacts {
            inode: 300,
            uid: Some(0),
            bound_ifindex: 2,
            memberships: vec![],
        },
    ];
    let mut w = world(vec![n]);
    let p = |pid, comm: &str| ProcessFacts {
        pid,
        comm: comm.into(),
        uid: 0,
        cgroup: String::new(),
    };
    w.owners
        .insert(100, vec![p(50, "tcpdump"), p(40, "tcpdump")]);
    let all = attribute(&w);
    balanced(&all);
    let eth0 = status(&all, "eth0");
    assert_eq!(kinds(eth0), ["packet_socket", "packet_socket"]);
    assert_eq!(eth0.unattributed, 0);
    match &eth0.holders[0] {
        Holder::PacketSocket(s) => {
            assert_eq!(s.inode, 100);
            assert_eq!(s.pid, Some(40), "lowest pid first");
            assert_eq!(s.processes.len(), 2);
            assert_eq!(
                eth0.holders[0].describe(),
                "tcpdump (pid 40, uid 0, also tcpdump pid 50)"
            );
        }
        h => panic!("unexpected {h:?}"),
    }
    match &eth0.holders[1] {
        Holder::PacketSocket(s) => {
            assert_eq!(s.pid, None);
            assert_eq!(s.uid, Some(1000), "falls back to the socket owner");
        }
        h => panic!("unexpected {h:?}"),
    }
    assert!(status(&all, "eth1").holders.is_empty());
}

#[test]
fn bridge_ports_without_vlan_filtering() {
    let br = link(5, "br0", Some("bridge"), 0);
    let p1 = enslave(link(6, "veth0", Some("veth"), 1), 5, "bridge");
    let all = attribute(&world(vec![ns(1, "default", vec![br, p1])]));
    balanced(&all);
    let v = status(&all, "veth0");
    assert_eq!(kinds(v), ["bridge_port"]);
    assert_eq!(v.holders[0].stacked().unwrap().device, "br0");
    assert!(!v.holders[0].stacked().unwrap().inferred);
}

#[test]
fn bridge_ports_under_vlan_filtering_are_predicted() {
    let mut br = link(5, "br0", Some("bridge"), 0);
    br.kind_data = KindData::Bridge {
        vlan_filtering: true,
        ageing_time: None,
    };
    let no_auto = SlaveData {
        learning: Some(false),
        unicast_flood: Some(false),
        bond_state: None,
        ..SlaveData::default()
    };
    // A physical port (unicast filtering unknown) that may be cleared: inferred, fills only
    // the residual.
    let mut eth = enslave(link(6, "eth0", None, 0), 5, "bridge");
    eth.slave_data = no_auto.clone();
    let mut eth_held = enslave(link(7, "eth1", None, 1), 5, "bridge");
    eth_held.slave_data = no_auto.clone();
    // A veth port cannot filter unicast: it stays promiscuous for certain.
    let mut veth = enslave(link(8, "veth0", Some("veth"), 1), 5, "bridge");
    veth.slave_data = no_auto;
    let all = attribute(&world(vec![ns(
        1,
        "default",
        vec![br, eth, eth_held, veth],
    )]));
    balanced(&all);
    assert!(status(&all, "eth0").holders.is_empty());
    assert_eq!(status(&all, "eth0").unattributed, 0);
    let e1 = status(&all, "eth1");
    assert_eq!(kinds(e1), ["bridge_port"]);
    assert!(e1.holders[0].stacked().unwrap().inferred);
    let v = status(&all, "veth0");
    assert_eq!(kinds(v), ["bridge_port"]);
    assert!(!v.holders[0].stacked().unwrap().inferred);
}

#[test]
fn bridge_with_several_learning_ports_keeps_them_promiscuous() {
    let mut br = link(5, "br0", Some("bridge"), 0);
    br.kind_data = KindData::Bridge {
        vlan_filtering: true,
        ageing_time: None,
    };
    let a = enslave(link(6, "eth0", None, 1), 5, "bridge");
    let b = enslave(link(7, "eth1", None, 1), 5, "bridge");
    let all = attribute(&world(vec![ns(1, "default", vec![br, a, b])]));
    balanced(&all);
    for n in ["eth0", "eth1"] {
        let s = status(&all, n);
        assert_eq!(kinds(s), ["bridge_port"]);
        assert!(!s.holders[0].stacked().unwrap().inferred);
    }
}

#[test]
fn bond_active_backup_holds_only_the_active_slave() {
    let mut bond = link(10, "bond0", Some("bond"), 1);
    bond.flags |= IFF_PROMISC;
    bond.kind_data = KindData::Bond { mode: 1 };
    let mut active = enslave(link(11, "eth0", None, 1), 10, "bond");
    active.slave_data.bond_state = Some(0);
    let mut backup = enslave(link(12, "eth1", None, 0), 10, "bond");
    backup.slave_data.bond_state = Some(1);
    let all = attribute(&world(vec![ns(1, "default", vec![bond, active, backup])]));
    balanced(&all);
    assert_eq!(kinds(status(&all, "bond0")), ["user_flag"]);
    assert_eq!(kinds(status(&all, "eth0")), ["bond"]);
    assert!(status(&all, "eth1").holders.is_empty());
    assert_eq!(status(&all, "eth1").unattributed, 0);
}

#[test]
fn bond_balance_rr_holds_every_slave_and_team_every_port() {
    let mut bond = link(10, "bond0", Some("bond"), 1);
    bond.kind_data = KindData::Bond { mode: 0 };
    let s1 = enslave(link(11, "eth0", None, 1), 10, "bond");
    let s2 = enslave(link(12, "eth1", None, 1), 10, "bond");
    let team = link(20, "team0", Some("team"), 1);
    let t1 = enslave(link(21, "eth2", None, 1), 20, "team");
    // A team that is not promiscuous holds nothing.
    let quiet = link(30, "team1", Some("team"), 0);
    let t2 = enslave(link(31, "eth3", None, 0), 30, "team");
    let all = attribute(&world(vec![ns(
        1,
        "default",
        vec![bond, s1, s2, team, t1, quiet, t2],
    )]));
    balanced(&all);
    assert_eq!(kinds(status(&all, "eth0")), ["bond"]);
    assert_eq!(kinds(status(&all, "eth1")), ["bond"]);
    assert_eq!(kinds(status(&all, "eth2")), ["team"]);
    assert!(status(&all, "eth3").holders.is_empty());
    // The bond itself is promiscuous for a reason nothing here explains.
    assert_eq!(status(&all, "bond0").unattributed, 1);
}

#[test]
fn vlan_and_macsec_propagate_their_promiscuity() {
    let eth = link(2, "eth0", None, 2);
    let mut vlan = link(3, "eth0.10", Some("vlan"), 1);
    vlan.link = Some(2);
    vlan.flags |= IFF_PROMISC;
    let mut macsec = link(4, "macsec0", Some("macsec"), 1);
    macsec.link = Some(2);
    macsec.flags |= IFF_PROMISC;
    // Not promiscuous itself: holds nothing.
    let mut vlan2 = link(5, "eth0.20", Some("vlan"), 0);
    vlan2.link = Some(2);
    let all = attribute(&world(vec![ns(
        1,
        "default",
        vec![eth, vlan, macsec, vlan2],
    )]));
    balanced(&all);
    let e = status(&all, "eth0");
    assert_eq!(kinds(e), ["vlan", "macsec"]);
    assert_eq!(e.holders[0].stacked().unwrap().device, "eth0.10");
    assert_eq!(e.unattributed, 0);
}

#[test]
fn a_down_vlan_is_only_an_inferred_holder() {
    let eth = link(2, "eth0", None, 0);
    let mut vlan = link(3, "eth0.10", Some("vlan"), 1);
    vlan.link = Some(2);
    vlan.flags = IFF_PROMISC; // down
    let all = attribute(&world(vec![ns(1, "default", vec![eth, vlan])]));
    balanced(&all);
    assert!(status(&all, "eth0").holders.is_empty());

    let eth = link(2, "eth0", None, 1);
    let mut vlan = link(3, "eth0.10", Some("vlan"), 1);
    vlan.link = Some(2);
    vlan.flags = IFF_PROMISC;
    let all = attribute(&world(vec![ns(1, "default", vec![eth, vlan])]));
    balanced(&all);
    let e = status(&all, "eth0");
    assert_eq!(kinds(e), ["vlan"]);
    assert!(e.holders[0].stacked().unwrap().inferred);
}

#[test]
fn openvswitch_ports_and_internal_ports() {
    let dp = link(2, "ovs-system", Some("openvswitch"), 1);
    let port = enslave(link(3, "eth0", None, 1), 2, "openvswitch");
    let internal = enslave(link(4, "br-int", Some("openvswitch"), 2), 2, "openvswitch");
    let all = attribute(&world(vec![ns(1, "default", vec![dp, port, internal])]));
    balanced(&all);
    assert_eq!(kinds(status(&all, "ovs-system")), ["openvswitch"]);
    assert_eq!(kinds(status(&all, "eth0")), ["openvswitch"]);
    assert_eq!(
        kinds(status(&all, "br-int")),
        ["openvswitch", "openvswitch"]
    );
    assert_eq!(status(&all, "br-int").unattributed, 0);
}

#[test]
fn hsr_slaves() {
    let mut hsr = link(2, "hsr0", Some("hsr"), 0);
    hsr.kind_data = KindData::Hsr {
        slaves: [Some(3), Some(4)],
    };
    let all = attribute(&world(vec![ns(
        1,
        "default",
        vec![hsr, link(3, "eth0", None, 1), link(4, "eth1", None, 1)],
    )]));
    balanced(&all);
    assert_eq!(kinds(status(&all, "eth0")), ["hsr"]);
    assert_eq!(kinds(status(&all, "eth1")), ["hsr"]);
}

#[test]
fn macvlan_passthru_in_another_namespace() {
    let host = ns(1, "default", vec![link(2, "eth0", None, 1)]);
    let mut mv = link(7, "mv0", Some("macvlan"), 0);
    mv.link = Some(2);
    mv.link_netnsid = Some(0);
    mv.kind_data = KindData::Macvlan { mode: 8, flags: 0 };
    let mut container = ns(9, "pid:4242", vec![mv]);
    container.nsids.insert(0, 1);
    let all = attribute(&world(vec![host, container]));
    balanced(&all);
    let e = status(&all, "eth0");
    assert_eq!(kinds(e), ["macvlan"]);
    let h = e.holders[0].stacked().unwrap();
    assert_eq!(h.netns, "pid:4242");
    assert_eq!(h.mode.as_deref(), Some("passthru"));
    assert_eq!(
        e.holders[0].describe(),
        "macvlan mv0 (passthru, netns pid:4242)"
    );
    let json = serde_json::to_value(&e.holders[0]).unwrap();
    assert_eq!(json["kind"], "macvlan");
    assert_eq!(json["device"], "mv0");
    assert_eq!(json["netns"], "pid:4242");
}

#[test]
fn a_netnsid_that_cannot_be_resolved_explains_nothing() {
    let host = ns(1, "default", vec![link(2, "eth0", None, 1)]);
    let mut mv = link(7, "mv0", Some("macvlan"), 0);
    mv.link = Some(2);
    mv.link_netnsid = Some(3);
    mv.kind_data = KindData::Macvlan { mode: 8, flags: 0 };
    let all = attribute(&world(vec![host, ns(9, "pid:4242", vec![mv])]));
    balanced(&all);
    assert_eq!(status(&all, "eth0").unattributed, 1);
}

#[test]
fn macvlan_passthru_down_or_nopromisc_holds_nothing() {
    let mut down = link(3, "mv0", Some("macvlan"), 0);
    down.flags = 0;
    down.link = Some(2);
    down.kind_data = KindData::Macvlan { mode: 8, flags: 0 };
    let mut nopromisc = link(4, "mv1", Some("macvlan"), 0);
    nopromisc.link = Some(2);
    nopromisc.kind_data = KindData::Macvlan { mode: 8, flags: 1 };
    let all = attribute(&world(vec![ns(
        1,
        "default",
        vec![link(2, "eth0", None, 0), down, nopromisc],
    )]));
    balanced(&all);
    assert!(status(&all, "eth0").holders.is_empty());
}

#[test]
fn macvlan_bridge_mode_propagates_only_its_own_promiscuity() {
    let mut mv = link(3, "mv0", Some("macvlan"), 1);
    mv.link = Some(2);
    mv.flags |= IFF_PROMISC;
    mv.kind_data = KindData::Macvlan { mode: 4, flags: 0 };
    let all = attribute(&world(vec![ns(
        1,
        "default",
        vec![link(2, "eth0", None, 1), mv],
    )]));
    balanced(&all);
    let e = status(&all, "eth0");
    assert_eq!(kinds(e), ["macvlan"]);
    assert_eq!(
        e.holders[0].stacked().unwrap().mode.as_deref(),
        Some("bridge")
    );
}

#[test]
fn uc_promisc_is_inferred_from_secondary_unicast_addresses() {
    let veth = link(2, "veth0", Some("veth"), 1);
    let mut n = ns(
        1,
        "default",
        vec![veth.clone(), link(3, "veth1", Some("veth"), 0)],
    );
    n.unicast = Some(vec![
        // The device's own address and multicast entries are not evidence.
        UnicastAddress {
            ifindex: 2,
            address: veth.address.clone(),
        },
        UnicastAddress {
            ifindex: 2,
            address: vec![0x33, 0x33, 0, 0, 0, 1],
        },
        UnicastAddress {
            ifindex: 2,
            address: vec![0x22, 0x08, 0x4b, 0x7a, 0x6f, 0xc1],
        },
        // veth1 has one too, but its counter is 0: not claimed.
        UnicastAddress {
            ifindex: 3,
            address: vec![0x22, 0, 0, 0, 0, 9],
        },
    ]);
    let all = attribute(&world(vec![n]));
    balanced(&all);
    let v = status(&all, "veth0");
    assert_eq!(kinds(v), ["uc_promisc"]);
    match &v.holders[0] {
        Holder::UcPromisc(u) => assert_eq!(u.addresses, ["22:08:4b:7a:6f:c1"]),
        h => panic!("unexpected {h:?}"),
    }
    assert!(status(&all, "veth1").holders.is_empty());
    assert_eq!(status(&all, "veth1").unattributed, 0);
}

#[test]
fn uc_promisc_is_not_claimed_without_the_unicast_list() {
    let all = attribute(&world(vec![ns(
        1,
        "default",
        vec![link(2, "veth0", Some("veth"), 1)],
    )]));
    assert_eq!(all[0].unattributed, 1);
}

#[test]
fn over_attribution_shows_as_a_negative_residual() {
    // The counter says 0 but the user bit is set: a race between reads, or a kernel bug.
    let mut l = link(2, "eth0", None, 0);
    l.flags |= IFF_PROMISC;
    let all = attribute(&world(vec![ns(1, "default", vec![l])]));
    balanced(&all);
    assert_eq!(all[0].unattributed, -1);
}

#[test]
fn json_has_the_documented_fields() {
    let mut l = link(2, "eth0", None, 1);
    l.flags |= IFF_PROMISC;
    let all = attribute(&world(vec![ns(7, "blue", vec![l])]));
    let v = serde_json::to_value(&all).unwrap();
    let o = &v[0];
    for key in [
        "netns",
        "ifindex",
        "name",
        "kind",
        "promisc",
        "user_flag",
        "promiscuity",
        "allmulti",
        "holders",
        "unattributed",
    ] {
        assert!(o.get(key).is_some(), "missing {key}");
    }
    assert_eq!(o["netns"], "blue");
    assert_eq!(o["holders"][0]["kind"], "user_flag");
    assert_eq!(o["promisc"], true);
}
