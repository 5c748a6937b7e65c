//! `promisc watch`'s matching, row by row: a first reading, then recorded link notifications
//! and readings of the holders (as the engine's loop makes them) in, the events out.
//!
//! An event is written `#READ SOURCE INTERFACE EVENT HOLDER BEFORE->AFTER`, the holder by its
//! identity (`-` when none), then ` allmulti A->B` when that counter moved and the note:
//! `(unknown)` for a move no holder explains, `(allmulti)` for a move of allmulti alone,
//! `(overrun)` for an interface found after lost notifications.

use std::time::{Duration, SystemTime};

use promisc_state::attribution::{
    Holder, InterfaceStatus, SocketHolder, StackedHolder, UcPromiscHolder,
};
use promisc_state::diff::identity;
use promisc_state::watch::{
    Event, Notification, Source, Tracker, Transition, ALLMULTI_CHANGED, HOLDER_UNKNOWN, OVERRUN,
};

/// The namespace of every row.
const NS: u64 = 1;

fn ifindex(name: &str) -> u32 {
    match name {
        "eth0" => 2,
        "veth0" => 3,
        "br0" => 4,
        other => panic!("no interface {other} in the rows"),
    }
}

/// One interface's reading.
fn st(name: &str, promiscuity: u32, allmulti: u32, holders: Vec<Holder>) -> InterfaceStatus {
    let explained = holders.len() as i64;
    InterfaceStatus {
        netns: "default".into(),
        netns_inode: NS,
        ifindex: ifindex(name),
        name: name.into(),
        kind: "veth".into(),
        up: true,
        promisc: promiscuity > 0,
        user_flag: holders.contains(&Holder::UserFlag),
        promiscuity,
        allmulti,
        holders,
        unattributed: i64::from(promiscuity) - explained,
    }
}

fn sock(inode: u64) -> Holder {
    Holder::PacketSocket(SocketHolder {
        inode,
        pid: Some(4000 + inode as u32),
        comm: Some("tcpdump".into()),
        uid: Some(0),
        processes: Vec::new(),
        socket_uid: Some(0),
        context: Default::default(),
    })
}

fn user() -> Holder {
    Holder::UserFlag
}

fn port_of(bridge: &str) -> Holder {
    Holder::BridgePort(StackedHolder {
        device: bridge.into(),
        ifindex: ifindex(bridge),
        netns: "default".into(),
        netns_differs: false,
        inferred: true,
        mode: None,
        reason: "bridge port".into(),
        peer_context: Default::default(),
    })
}

fn uc() -> Holder {
    Holder::UcPromisc(UcPromiscHolder {
        addresses: vec!["02:00:00:00:00:99".into()],
        inferred: true,
    })
}

/// What the engine's loop sees, in order.
enum Step {
    /// `RTM_NEWLINK` of a device of the namespace: its promiscuity and allmulti counters.
    Note(&'static str, u32, u32),
    /// The same, with its user flag (`IFF_PROMISC` in `ifi_flags`) set.
    NoteUser(&'static str, u32, u32),
    /// `RTM_DELLINK`.
    Deleted(&'static str),
    /// A notification about a device of a peer namespace (`NETLINK_LISTEN_ALL_NSID`).
    Elsewhere(&'static str, u32, u32),
    /// The reading after a batch of notifications.
    Netlink(Vec<InterfaceStatus>),
    /// The reading after a batch that overran (notifications were lost).
    Overrun(Vec<InterfaceStatus>),
    /// The poll's reading.
    Poll(Vec<InterfaceStatus>),
}
use Step::*;

struct Row {
    name: &'static str,
    /// `watch IFACE...` (empty: every interface).
    interfaces: &'static [&'static str],
    first: Vec<InterfaceStatus>,
    steps: Vec<Step>,
    want: &'static [&'static str],
}

fn at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn render(read: usize, ev: &Event) -> String {
    let holder = ev.holder.as_ref().map_or("-".to_string(), identity);
    let mut s = format!(
        "#{read} {} {} {} {holder} {}->{}",
        ev.source.as_str(),
        ev.interface,
        ev.event,
        ev.promiscuity_before,
        ev.promiscuity_after
    );
    if ev.allmulti_before != ev.allmulti_after {
        s.push_str(&format!(
            " allmulti {}->{}",
            ev.allmulti_before, ev.allmulti_after
        ));
    }
    match ev.note.as_deref() {
        None => {}
        Some(HOLDER_UNKNOWN) => s.push_str(" (unknown)"),
        Some(ALLMULTI_CHANGED) => s.push_str(" (allmulti)"),
        Some(OVERRUN) => s.push_str(" (overrun)"),
        Some(other) => panic!("unexpected note {other}"),
    }
    s
}

/// Drives a tracker as the engine does: notifications collected into transitions, each
/// reading handed the transitions since the last one.
fn run(row: Row) -> Vec<String> {
    let names: Vec<String> = row.interfaces.iter().map(|s| s.to_string()).collect();
    let mut t = Tracker::new(names, row.first);
    let mut seen: Vec<Transition> = Vec::new();
    let mut out = Vec::new();
    let mut read = 0;
    for step in row.steps {
        let note = |name: &str, promiscuity, allmulti, elsewhere, deleted| Notification {
            netns_inode: NS,
            ifindex: ifindex(name),
            elsewhere,
            deleted,
            promiscuity,
            allmulti,
            user_flag: false,
        };
        let (fresh, source, overrun) = match step {
            Note(name, p, a) => {
                seen.extend(t.notified(&note(name, p, a, false, false)));
                continue;
            }
            NoteUser(name, p, a) => {
                let mut n = note(name, p, a, false, false);
                n.user_flag = true;
                seen.extend(t.notified(&n));
                continue;
            }
            Deleted(name) => {
                seen.extend(t.notified(&note(name, 0, 0, false, true)));
                continue;
            }
            Elsewhere(name, p, a) => {
                seen.extend(t.notified(&note(name, p, a, true, false)));
                continue;
            }
            Netlink(fresh) => (fresh, Source::Netlink, false),
            Overrun(fresh) => (fresh, Source::Netlink, true),
            Poll(fresh) => {
                assert!(
                    seen.is_empty(),
                    "{}: the engine reads queued notifications before a poll",
                    row.name
                );
                (fresh, Source::Poll, false)
            }
        };
        read += 1;
        let events = t.reread(fresh.clone(), source, &seen, overrun, at());
        seen.clear();
        assert_eq!(t.last(), &fresh[..], "{}: the reading is kept", row.name);
        for ev in &events {
            assert_eq!(ev.time, at(), "{}: the time passed in", row.name);
            assert_eq!(
                ev.promisc,
                ev.promiscuity_after > 0,
                "{}: the real state after: {ev:?}",
                row.name
            );
            out.push(render(read, ev));
        }
    }
    out
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "a packet socket joins and leaves",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![sock(77)])]),
                Note("eth0", 0, 0),
                Netlink(vec![st("eth0", 0, 0, vec![])]),
                Poll(vec![st("eth0", 0, 0, vec![])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added packet_socket:77 0->1",
                "#2 netlink eth0 holder_removed packet_socket:77 1->0",
            ],
        },
        Row {
            name: "the user flag, on top of a socket",
            interfaces: &[],
            first: vec![st("eth0", 1, 0, vec![sock(77)])],
            steps: vec![
                Note("eth0", 2, 0),
                Netlink(vec![st("eth0", 2, 0, vec![user(), sock(77)])]),
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![sock(77)])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added user_flag 1->2",
                "#2 netlink eth0 holder_removed user_flag 2->1",
            ],
        },
        Row {
            name: "a bridge port: the bridge appears with its port's holder, and leaves with it",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("br0", 0, 0),
                Note("eth0", 1, 0),
                Netlink(vec![
                    st("eth0", 1, 0, vec![port_of("br0")]),
                    st("br0", 0, 0, vec![]),
                ]),
                Note("eth0", 0, 0),
                Deleted("br0"),
                Netlink(vec![st("eth0", 0, 0, vec![])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added bridge_port:br0@default 0->1",
                "#1 netlink br0 interface_added - 0->0",
                "#2 netlink eth0 holder_removed bridge_port:br0@default 1->0",
                "#2 netlink br0 interface_removed - 0->0",
            ],
        },
        Row {
            name: "only the wanted interfaces",
            interfaces: &["eth0"],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("br0", 0, 0),
                Note("eth0", 1, 0),
                Netlink(vec![
                    st("eth0", 1, 0, vec![port_of("br0")]),
                    st("br0", 0, 0, vec![]),
                ]),
                Note("br0", 1, 0),
                Netlink(vec![
                    st("eth0", 1, 0, vec![port_of("br0")]),
                    st("br0", 1, 0, vec![user()]),
                ]),
            ],
            want: &["#1 netlink eth0 holder_added bridge_port:br0@default 0->1"],
        },
        Row {
            name: "a holder that came and went before the reading: unattributed",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("eth0", 1, 0),
                Note("eth0", 0, 0),
                Netlink(vec![st("eth0", 0, 0, vec![])]),
            ],
            want: &[
                "#1 netlink eth0 counter_changed - 0->1 (unknown)",
                "#1 netlink eth0 counter_changed - 1->0 (unknown)",
            ],
        },
        Row {
            name: "several transitions between two readings, each with a holder of the diff",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("eth0", 1, 0),
                Note("eth0", 2, 0),
                Note("eth0", 3, 0),
                Netlink(vec![st("eth0", 3, 0, vec![sock(77), sock(78), sock(79)])]),
                Note("eth0", 2, 0),
                Note("eth0", 1, 0),
                Note("eth0", 0, 0),
                Netlink(vec![st("eth0", 0, 0, vec![])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added packet_socket:77 0->1",
                "#1 netlink eth0 holder_added packet_socket:78 1->2",
                "#1 netlink eth0 holder_added packet_socket:79 2->3",
                "#2 netlink eth0 holder_removed packet_socket:77 3->2",
                "#2 netlink eth0 holder_removed packet_socket:78 2->1",
                "#2 netlink eth0 holder_removed packet_socket:79 1->0",
            ],
        },
        Row {
            name: "several transitions, fewer holders in the diff: the rest unattributed",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("eth0", 1, 0),
                Note("eth0", 2, 0),
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![sock(78)])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added packet_socket:78 0->1",
                "#1 netlink eth0 counter_changed - 1->2 (unknown)",
                "#1 netlink eth0 counter_changed - 2->1 (unknown)",
            ],
        },
        Row {
            name: "a holder read before its notification waits for it",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 2, 0, vec![sock(77), sock(78)])]),
                Note("eth0", 2, 0),
                Netlink(vec![st("eth0", 2, 0, vec![sock(77), sock(78)])]),
                Poll(vec![st("eth0", 2, 0, vec![sock(77), sock(78)])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added packet_socket:77 0->1",
                "#2 netlink eth0 holder_added packet_socket:78 1->2",
            ],
        },
        Row {
            name: "an interface that disappears: found by the poll (a deletion is no transition)",
            interfaces: &[],
            first: vec![
                st("eth0", 0, 0, vec![]),
                st("veth0", 1, 0, vec![sock(77)]),
            ],
            steps: vec![Deleted("veth0"), Poll(vec![st("eth0", 0, 0, vec![])])],
            want: &["#1 poll veth0 interface_removed - 1->0"],
        },
        Row {
            name: "an interface that moved and disappeared in one batch",
            interfaces: &[],
            first: vec![
                st("eth0", 0, 0, vec![]),
                st("veth0", 1, 0, vec![sock(77)]),
            ],
            steps: vec![
                Note("veth0", 2, 0),
                Deleted("veth0"),
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![user()])]),
            ],
            want: &[
                "#1 netlink veth0 counter_changed - 1->2 (unknown)",
                "#1 netlink eth0 holder_added user_flag 0->1",
                "#1 netlink veth0 interface_removed - 1->0",
            ],
        },
        Row {
            name: "allmulti alone, and with promiscuity",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("eth0", 0, 1),
                Netlink(vec![st("eth0", 0, 1, vec![])]),
                Note("eth0", 1, 2),
                Netlink(vec![st("eth0", 1, 2, vec![sock(77)])]),
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![sock(77)])]),
                Poll(vec![st("eth0", 1, 0, vec![sock(77)])]),
            ],
            want: &[
                "#1 netlink eth0 counter_changed - 0->0 allmulti 0->1 (allmulti)",
                "#2 netlink eth0 holder_added packet_socket:77 0->1 allmulti 1->2",
                "#3 netlink eth0 counter_changed - 1->1 allmulti 2->0 (allmulti)",
            ],
        },
        Row {
            name: "polling: a uc_promisc change (no notification) waits one interval, then is reported",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Poll(vec![st("eth0", 1, 0, vec![uc()])]),
                Poll(vec![st("eth0", 1, 0, vec![uc()])]),
                Poll(vec![st("eth0", 0, 0, vec![])]),
                Poll(vec![st("eth0", 0, 0, vec![])]),
                Poll(vec![st("eth0", 0, 0, vec![])]),
            ],
            want: &[
                "#2 poll eth0 holder_added uc_promisc 0->1",
                "#4 poll eth0 holder_removed uc_promisc 1->0",
            ],
        },
        Row {
            name: "polling: a move of two, one step at a time, the step without a holder unattributed",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Poll(vec![st("eth0", 2, 0, vec![uc()])]),
                Poll(vec![st("eth0", 2, 0, vec![uc()])]),
            ],
            want: &[
                "#2 poll eth0 holder_added uc_promisc 0->1",
                "#2 poll eth0 counter_changed - 1->2 (unknown)",
            ],
        },
        Row {
            name: "polling: a holder found by the poll is matched with its late notification",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Poll(vec![st("eth0", 1, 0, vec![user()])]),
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![user()])]),
                Poll(vec![st("eth0", 1, 0, vec![user()])]),
            ],
            want: &["#2 netlink eth0 holder_added user_flag 0->1"],
        },
        Row {
            name: "a reading ahead of a queued notification: the notification still moves it",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![]), st("veth0", 0, 0, vec![])],
            steps: vec![
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![user()]), st("veth0", 0, 0, vec![])]),
                // Another device's move makes a reading that already shows eth0 released...
                Note("veth0", 1, 0),
                Netlink(vec![st("eth0", 0, 0, vec![]), st("veth0", 1, 0, vec![sock(77)])]),
                // ...before eth0's notification is read.
                Note("eth0", 0, 0),
                Netlink(vec![st("eth0", 0, 0, vec![]), st("veth0", 1, 0, vec![sock(77)])]),
                Poll(vec![st("eth0", 0, 0, vec![]), st("veth0", 1, 0, vec![sock(77)])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added user_flag 0->1",
                "#2 netlink veth0 holder_added packet_socket:77 0->1",
                "#3 netlink eth0 holder_removed user_flag 1->0",
            ],
        },
        Row {
            name: "the user flag on and off before the reading: the notifications name it",
            interfaces: &[],
            first: vec![st("eth0", 1, 0, vec![sock(77)])],
            steps: vec![
                NoteUser("eth0", 2, 0),
                Note("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![sock(77)])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added user_flag 1->2",
                "#1 netlink eth0 holder_removed user_flag 2->1",
            ],
        },
        Row {
            name: "a device made, its user flag on and off, all before it is first read",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("veth0", 0, 0),
                NoteUser("veth0", 1, 0),
                Note("veth0", 0, 0),
                Netlink(vec![st("eth0", 0, 0, vec![]), st("veth0", 0, 0, vec![])]),
            ],
            want: &[
                "#1 netlink veth0 interface_added - 0->0",
                "#1 netlink veth0 holder_added user_flag 0->1",
                "#1 netlink veth0 holder_removed user_flag 1->0",
            ],
        },
        Row {
            name: "a socket leaves while the user flag comes: each move gets its own holder",
            interfaces: &[],
            first: vec![st("eth0", 1, 0, vec![sock(77)])],
            steps: vec![
                NoteUser("eth0", 2, 0),
                NoteUser("eth0", 1, 0),
                Netlink(vec![st("eth0", 1, 0, vec![user()])]),
            ],
            want: &[
                "#1 netlink eth0 holder_added user_flag 1->2",
                "#1 netlink eth0 holder_removed packet_socket:77 2->1",
            ],
        },
        Row {
            name: "polling only: a holder that came and left between two polls is one up and back",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Poll(vec![st("eth0", 1, 0, vec![user()])]),
                Poll(vec![st("eth0", 0, 0, vec![])]),
                Poll(vec![st("eth0", 0, 0, vec![])]),
            ],
            want: &[
                "#2 poll eth0 holder_added user_flag 0->1",
                "#2 poll eth0 holder_removed user_flag 1->0",
            ],
        },
        Row {
            name: "polling: a holder replaced by another, the counter unmoved",
            interfaces: &[],
            first: vec![st("eth0", 1, 0, vec![sock(77)])],
            steps: vec![Poll(vec![st("eth0", 1, 0, vec![sock(78)])])],
            want: &[
                "#1 poll eth0 holder_removed packet_socket:77 1->1",
                "#1 poll eth0 holder_added packet_socket:78 1->1",
            ],
        },
        Row {
            name: "polling: an interface appears",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![Poll(vec![
                st("eth0", 0, 0, vec![]),
                st("veth0", 1, 0, vec![user()]),
            ])],
            want: &[
                "#1 poll veth0 interface_added - 0->0",
                "#1 poll veth0 holder_added user_flag 0->1",
            ],
        },
        Row {
            name: "an interface created, then held, before the reading: its holder is named",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("veth0", 0, 0),
                Note("veth0", 1, 0),
                Netlink(vec![
                    st("eth0", 0, 0, vec![]),
                    st("veth0", 1, 0, vec![user()]),
                ]),
                Note("veth0", 0, 0),
                Netlink(vec![st("eth0", 0, 0, vec![]), st("veth0", 0, 0, vec![])]),
                Poll(vec![st("eth0", 0, 0, vec![]), st("veth0", 0, 0, vec![])]),
            ],
            want: &[
                "#1 netlink veth0 interface_added - 0->0",
                "#1 netlink veth0 holder_added user_flag 0->1",
                "#2 netlink veth0 holder_removed user_flag 1->0",
            ],
        },
        Row {
            name: "a monitor opened after the holder came: the reading names it, the counters chain",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("veth0", 1, 0),
                Netlink(vec![
                    st("eth0", 0, 0, vec![]),
                    st("veth0", 1, 0, vec![user()]),
                ]),
                Poll(vec![
                    st("eth0", 0, 0, vec![]),
                    st("veth0", 1, 0, vec![user()]),
                ]),
                Note("veth0", 0, 0),
                Netlink(vec![st("eth0", 0, 0, vec![]), st("veth0", 0, 0, vec![])]),
            ],
            want: &[
                "#1 netlink veth0 interface_added - 0->0",
                "#1 netlink veth0 holder_added user_flag 0->1",
                "#3 netlink veth0 holder_removed user_flag 1->0",
            ],
        },
        Row {
            name: "an interface appears with more counted than its holders explain",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![Poll(vec![
                st("eth0", 0, 0, vec![]),
                st("veth0", 2, 0, vec![sock(77)]),
            ])],
            want: &[
                "#1 poll veth0 interface_added - 0->0",
                "#1 poll veth0 holder_added packet_socket:77 0->1",
                "#1 poll veth0 counter_changed - 1->2 (unknown)",
            ],
        },
        Row {
            name: "an interface that appears held, then a second holder joins in the same batch",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Note("veth0", 1, 0),
                Note("veth0", 2, 0),
                Netlink(vec![
                    st("eth0", 0, 0, vec![]),
                    st("veth0", 2, 0, vec![user(), sock(77)]),
                ]),
            ],
            want: &[
                "#1 netlink veth0 interface_added - 0->0",
                "#1 netlink veth0 holder_added user_flag 0->1",
                "#1 netlink veth0 holder_added packet_socket:77 1->2",
            ],
        },
        Row {
            name: "lost notifications: what the re-read found says so",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![Overrun(vec![
                st("eth0", 0, 0, vec![]),
                st("veth0", 0, 0, vec![]),
            ])],
            want: &["#1 netlink veth0 interface_added - 0->0 (overrun)"],
        },
        Row {
            name: "a notification of a peer namespace's device moves nothing here",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![])],
            steps: vec![
                Elsewhere("eth0", 1, 0),
                Netlink(vec![st("eth0", 0, 0, vec![])]),
            ],
            want: &[],
        },
        Row {
            // A known gap, kept as it is: the reading after another interface's notification
            // takes eth0's new counter as known, so eth0's own notification (still queued then)
            // shows no transition and the poll reports the holder without its move.
            name: "a holder read before its notification, in a reading for another interface",
            interfaces: &[],
            first: vec![st("eth0", 0, 0, vec![]), st("veth0", 0, 0, vec![])],
            steps: vec![
                Note("veth0", 1, 0),
                Netlink(vec![
                    st("eth0", 1, 0, vec![sock(77)]),
                    st("veth0", 1, 0, vec![user()]),
                ]),
                // Its notification, read after: the move it shows is matched with the holder
                // (it was reported `1->1` at the next poll, a change of nothing).
                Note("eth0", 1, 0),
                Netlink(vec![
                    st("eth0", 1, 0, vec![sock(77)]),
                    st("veth0", 1, 0, vec![user()]),
                ]),
                Poll(vec![
                    st("eth0", 1, 0, vec![sock(77)]),
                    st("veth0", 1, 0, vec![user()]),
                ]),
            ],
            want: &[
                "#1 netlink veth0 holder_added user_flag 0->1",
                "#2 netlink eth0 holder_added packet_socket:77 0->1",
            ],
        },
    ]
}

#[test]
fn every_row() {
    let mut failed = Vec::new();
    for row in rows() {
        let name = row.name;
        let want: Vec<String> = row.want.iter().map(|s| s.to_string()).collect();
        let got = run(row);
        if got != want {
            failed.push(format!("{name}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn notifications_make_transitions() {
    let mut t = Tracker::new(Vec::new(), vec![st("eth0", 1, 0, vec![sock(77)])]);
    let n = |ifindex, promiscuity, allmulti| Notification {
        netns_inode: NS,
        ifindex,
        elsewhere: false,
        deleted: false,
        promiscuity,
        allmulti,
        user_flag: false,
    };
    assert_eq!(t.notified(&n(2, 1, 0)), None, "the counters did not move");
    assert_eq!(
        t.notified(&n(2, 2, 1)),
        Some(Transition {
            netns_inode: NS,
            ifindex: 2,
            promiscuity_before: 1,
            promiscuity_after: 2,
            allmulti_before: 0,
            allmulti_after: 1,
            user_flag: None,
        })
    );
    assert_eq!(t.notified(&n(9, 5, 0)), None, "a device not known yet");
    assert!(
        t.notified(&n(9, 6, 0)).is_some(),
        "known from its first notification on"
    );
    let mut gone = n(2, 0, 0);
    gone.deleted = true;
    assert_eq!(t.notified(&gone), None, "a deletion");
    assert!(
        t.notified(&n(2, 0, 0)).is_some(),
        "a deletion leaves the counters known"
    );
}

#[test]
fn flips_is_a_change_of_the_real_state() {
    let mut t = Tracker::new(Vec::new(), vec![st("eth0", 0, 0, vec![])]);
    let flips = |t: &mut Tracker, p: u32, holders: Vec<Holder>| {
        let n = Notification {
            netns_inode: NS,
            ifindex: 2,
            elsewhere: false,
            deleted: false,
            promiscuity: p,
            allmulti: 0,
            user_flag: false,
        };
        let seen: Vec<Transition> = t.notified(&n).into_iter().collect();
        let fresh = vec![st("eth0", p, 0, holders)];
        t.reread(fresh, Source::Netlink, &seen, false, at())
            .iter()
            .map(Event::flips)
            .collect::<Vec<_>>()
    };
    assert_eq!(flips(&mut t, 1, vec![sock(77)]), [Some(true)]);
    assert_eq!(flips(&mut t, 2, vec![sock(77), user()]), [None]);
    assert_eq!(flips(&mut t, 1, vec![user()]), [None]);
    assert_eq!(flips(&mut t, 0, vec![]), [Some(false)]);
}
