//! The diff of two attributions, as `promisc watch` reports it.

use promisc_state::attribution::{Holder, InterfaceStatus, SocketHolder};
use promisc_state::diff::{diff, ChangeKind};

fn status(ifindex: u32, name: &str, promiscuity: u32, holders: Vec<Holder>) -> InterfaceStatus {
    InterfaceStatus {
        netns: "default".into(),
        netns_inode: 1,
        ifindex,
        name: name.into(),
        kind: "veth".into(),
        up: true,
        promisc: promiscuity > 0,
        user_flag: holders.contains(&Holder::UserFlag),
        promiscuity,
        allmulti: 0,
        holders,
        unattributed: 0,
    }
}

fn socket(inode: u64, pid: u32) -> Holder {
    Holder::PacketSocket(SocketHolder {
        inode,
        pid: Some(pid),
        comm: Some("tcpdump".into()),
        uid: Some(0),
        processes: Vec::new(),
        socket_uid: Some(0),
        context: Default::default(),
    })
}

fn kinds(c: &[promisc_state::diff::Change]) -> Vec<(ChangeKind, String)> {
    c.iter()
        .map(|c| {
            (
                c.kind,
                c.holder
                    .as_ref()
                    .map_or(String::new(), |h| h.kind().to_string()),
            )
        })
        .collect()
}

#[test]
fn a_holder_appears_and_leaves() {
    let a = vec![status(2, "eth0", 0, vec![])];
    let b = vec![status(2, "eth0", 1, vec![socket(77, 10)])];
    let c = diff(&a, &b);
    assert_eq!(
        kinds(&c),
        [(ChangeKind::HolderAdded, "packet_socket".into())]
    );
    assert_eq!(
        (
            c[0].promiscuity_before,
            c[0].promiscuity_after,
            c[0].promisc
        ),
        (0, 1, true)
    );
    let back = diff(&b, &a);
    assert_eq!(
        kinds(&back),
        [(ChangeKind::HolderRemoved, "packet_socket".into())]
    );
    assert!(!back[0].promisc);
}

#[test]
fn the_same_socket_with_another_process_is_no_change() {
    let a = vec![status(2, "eth0", 1, vec![socket(77, 10)])];
    let b = vec![status(2, "eth0", 1, vec![socket(77, 11)])];
    assert!(diff(&a, &b).is_empty());
}

#[test]
fn a_counter_change_without_a_holder_change() {
    let a = vec![status(2, "eth0", 1, vec![Holder::UserFlag])];
    let b = vec![status(2, "eth0", 2, vec![Holder::UserFlag])];
    assert_eq!(
        kinds(&diff(&a, &b)),
        [(ChangeKind::CounterChanged, String::new())]
    );
    let mut c = b.clone();
    c[0].allmulti = 1;
    c[0].promiscuity = 1;
    assert_eq!(
        kinds(&diff(&a, &c)),
        [(ChangeKind::CounterChanged, String::new())],
        "allmulti counts too"
    );
}

#[test]
fn a_replaced_holder_is_removed_then_added() {
    let a = vec![status(2, "eth0", 1, vec![socket(1, 10)])];
    let b = vec![status(2, "eth0", 1, vec![socket(2, 12)])];
    assert_eq!(
        kinds(&diff(&a, &b)),
        [
            (ChangeKind::HolderRemoved, "packet_socket".into()),
            (ChangeKind::HolderAdded, "packet_socket".into())
        ]
    );
}

#[test]
fn interfaces_that_appear_and_leave() {
    let a = vec![status(2, "eth0", 0, vec![])];
    let b = vec![status(2, "eth0", 0, vec![]), status(3, "veth9", 0, vec![])];
    assert_eq!(
        kinds(&diff(&a, &b)),
        [(ChangeKind::InterfaceAdded, String::new())]
    );
    let gone = diff(&b, &a);
    assert_eq!(
        kinds(&gone),
        [(ChangeKind::InterfaceRemoved, String::new())]
    );
    assert_eq!(gone[0].interface, "veth9");
    // The same index in another namespace is another interface.
    let mut other = status(2, "eth0", 0, vec![]);
    other.netns_inode = 9;
    assert_eq!(
        kinds(&diff(&a, &[a[0].clone(), other])),
        [(ChangeKind::InterfaceAdded, String::new())]
    );
}
