//! `watch --summary`: an interval's events folded per interface and holder, busiest first.

use std::time::SystemTime;

use promisc_facts::cgroup::Context;
use promisc_state::attribution::{SocketHolder, StackedHolder};
use promisc_state::summary::{group, Summary};
use promisc_state::watch::{Event, Source};
use promisc_state::Holder;

const ID: &str = "3f2a1b9c04d1e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e";

fn tcpdump(pid: u32, cgroup: &str) -> Holder {
    Holder::PacketSocket(SocketHolder {
        inode: u64::from(pid),
        pid: Some(pid),
        comm: Some("tcpdump".into()),
        uid: Some(0),
        processes: Vec::new(),
        socket_uid: Some(0),
        context: Context::from_cgroup(cgroup),
    })
}

fn port(bridge: &str, peer: &str) -> Holder {
    Holder::BridgePort(StackedHolder {
        device: bridge.into(),
        ifindex: 3,
        netns: "default".into(),
        netns_differs: false,
        inferred: false,
        mode: None,
        reason: "bridge port".into(),
        peer_context: Context::from_cgroup(peer),
    })
}

fn ev(dev: &str, what: &'static str, before: u32, after: u32, h: Option<Holder>) -> Event {
    Event {
        time: SystemTime::UNIX_EPOCH,
        netns: "default".into(),
        ifindex: 2,
        interface: dev.into(),
        event: what,
        promiscuity_before: before,
        promiscuity_after: after,
        allmulti_before: 0,
        allmulti_after: 0,
        promisc: after > 0,
        holder: h,
        source: Source::Netlink,
        note: None,
    }
}

#[test]
fn a_container_restarting_in_a_loop_is_the_busiest_line() {
    let mut s = Summary::default();
    let lxc = "0::/lxc.payload.c1/init.scope\n";
    // veth1: 5 container starts and stops, each a join and a leave of its bridge port; the
    // kernel's log line was read for each.
    for _ in 0..5 {
        let mut join = ev("veth1", "holder_added", 0, 1, Some(port("lxdbr0", lxc)));
        join.note = Some("veth1: entered promiscuous mode".into());
        s.record(&join);
        let mut leave = ev("veth1", "holder_removed", 1, 0, Some(port("lxdbr0", lxc)));
        leave.note = Some("veth1: left promiscuous mode".into());
        s.record(&leave);
    }
    // eth0: two tcpdump runs (different pids, same group) and one run too short to be read.
    for pid in [100, 200] {
        let t = tcpdump(pid, &format!("0::/system.slice/docker-{ID}.scope\n"));
        s.record(&ev("eth0", "holder_added", 0, 1, Some(t.clone())));
        s.record(&ev("eth0", "holder_removed", 1, 0, Some(t)));
    }
    s.record(&ev("eth0", "counter_changed", 0, 1, None));
    s.record(&ev("eth0", "counter_changed", 1, 0, None));
    // eth1: a second holder while the first stays: no flip, no log line.
    s.record(&ev("eth1", "holder_added", 1, 2, Some(Holder::UserFlag)));
    let rows = s.interfaces();
    assert_eq!(
        rows.iter()
            .map(|r| (
                r.interface.as_str(),
                r.changes,
                r.entered,
                r.left,
                r.kernel_log_read
            ))
            .collect::<Vec<_>>(),
        [
            ("veth1", 10, 5, 5, 10),
            ("eth0", 6, 3, 3, 0),
            ("eth1", 1, 0, 0, 0),
        ]
    );
    assert_eq!(rows[0].holders.len(), 1);
    assert_eq!(
        rows[0].holders[0].holder,
        "port of bridge lxdbr0 (peer in container lxc:c1)"
    );
    assert_eq!(
        (rows[0].holders[0].joins, rows[0].holders[0].leaves),
        (5, 5)
    );
    // The two tcpdump runs are one group: no pid in it.
    assert_eq!(rows[1].holders.len(), 1);
    assert_eq!(
        rows[1].holders[0].holder,
        "tcpdump (container docker:3f2a1b9c04d1)"
    );
    assert_eq!(
        (rows[1].holders[0].joins, rows[1].holders[0].leaves),
        (2, 2)
    );
    assert_eq!(rows[1].unknown_holder, 2);
    let table = s.table("12:00:00", "12:01:00");
    assert!(
        table.starts_with("promisc: summary 12:00:00 .. 12:01:00: 3 interfaces changed\n"),
        "{table}"
    );
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[1].starts_with("NETNS"), "{table}");
    assert!(
        lines[2].contains("veth1")
            && lines[2].ends_with("+5 -5 port of bridge lxdbr0 (peer in container lxc:c1)"),
        "{table}"
    );
    assert!(
        lines[3].contains("eth0") && lines[3].contains(" 6 "),
        "{table}"
    );
    assert!(
        lines[4]
            .trim_start()
            .starts_with("2 changes whose holder came and went too fast"),
        "{table}"
    );
    let json = serde_json::to_value(&rows).unwrap();
    assert_eq!(json[0]["holders"][0]["kind"], "bridge_port");
    assert_eq!(json[0]["kernel_log_read"], 10);
}

#[test]
fn nothing_changed_is_an_empty_summary() {
    let s = Summary::default();
    assert!(s.is_empty());
    assert_eq!(
        s.table("a", "b"),
        "promisc: summary a .. b: 0 interfaces changed\n"
    );
    assert_eq!(group(&Holder::UserFlag), "user flag");
}

/// A bridge port joining moves the allmulti counter in an event of its own (promiscuity
/// unchanged, no holder): that is no promiscuity change whose holder went unread.
#[test]
fn an_allmulti_only_change_is_not_an_unknown_promiscuity_holder() {
    let mut s = Summary::default();
    let mut allmulti = ev("eth1", "counter_changed", 0, 0, None);
    allmulti.allmulti_after = 1;
    s.record(&allmulti);
    s.record(&ev("eth1", "holder_added", 0, 1, Some(port("br0", ""))));
    s.record(&ev("eth1", "holder_removed", 1, 0, Some(port("br0", ""))));
    let rows = s.interfaces();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].changes, rows[0].unknown_holder), (2, 0));
    assert!(
        !s.table("a", "b").contains("too fast"),
        "{}",
        s.table("a", "b")
    );
}
