//! Watch events as log records a SIEM takes without a parser (issue #23 §3): the fields of an
//! event ([`fields`]), its one-line text ([`message`]), its severity ([`severity`]) and its
//! fixed `MESSAGE_ID` ([`message_id`]); [`journal`] encodes them for systemd-journald's native
//! protocol and [`syslog`] as an RFC 5424 line with structured data. All pure: the time, the
//! host name and the process id are passed in; the sockets are the caller's
//! (`promisc_app::eventlog`).
//!
//! The encoders are our own rather than a crate's: the journal crates (`systemd-journal-logger`,
//! `tracing-journald`, `libsystemd`) are logging-facade backends or fix the socket path, and
//! the RFC 5424 formatters take the same few lines as the escaping they would save; both
//! encoders are a page each and tested here byte for byte.
//!
//! The fields, in the journal's names (syslog's structured data uses the same names without
//! `PROMISC_`, lowercased), are listed in docs/logging.md.

pub mod journal;
pub mod syslog;

use promisc_facts::cgroup::Context;

use crate::attribution::Holder;
use crate::watch::Event;

/// The `SYSLOG_IDENTIFIER` of the journal and the APP-NAME of syslog.
pub const IDENTIFIER: &str = "promisc";

/// Each event kind's `MESSAGE_ID` (128 bits, lowercase hex as journald shows them), fixed for
/// good: `journalctl MESSAGE_ID=…` finds every event of the kind.
pub const MESSAGE_IDS: [(&str, &str); 5] = [
    ("holder_added", "4c9f1ca8d49646df8c55832397e9b8b5"),
    ("holder_removed", "2efcfce55b1c464e81987b3120e8d162"),
    ("counter_changed", "f01978e39dd543669ab99b34d5ef5a57"),
    ("interface_added", "b6c22e23c1004ea5985274540b1ba6db"),
    ("interface_removed", "e07463bc75844fc4a31ef1b23eb1c3fe"),
];

/// The `MESSAGE_ID` of an event kind (`Event::event`), if it is one.
pub fn message_id(event: &str) -> Option<&'static str> {
    MESSAGE_IDS
        .iter()
        .find(|(k, _)| *k == event)
        .map(|(_, id)| *id)
}

/// A syslog severity (RFC 5424 §6.2.1; the journal's `PRIORITY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Severity {
    /// 4: the interface entered promiscuous mode.
    Warning = 4,
    /// 5: a holder appeared (the mode was already on).
    Notice = 5,
    /// 6: everything else.
    Informational = 6,
}

/// How much an event matters: entering promiscuous mode is a warning (what sniffer alerts
/// look for), a new holder a notice, the rest informational.
pub fn severity(ev: &Event) -> Severity {
    if ev.flips() == Some(true) {
        Severity::Warning
    } else if ev.event == "holder_added" {
        Severity::Notice
    } else {
        Severity::Informational
    }
}

/// The syslog facilities (RFC 5424 §6.2.1), by the names syslog.conf uses.
pub const FACILITIES: [(&str, u8); 24] = [
    ("kern", 0),
    ("user", 1),
    ("mail", 2),
    ("daemon", 3),
    ("auth", 4),
    ("syslog", 5),
    ("lpr", 6),
    ("news", 7),
    ("uucp", 8),
    ("cron", 9),
    ("authpriv", 10),
    ("ftp", 11),
    ("ntp", 12),
    ("security", 13),
    ("console", 14),
    ("clock", 15),
    ("local0", 16),
    ("local1", 17),
    ("local2", 18),
    ("local3", 19),
    ("local4", 20),
    ("local5", 21),
    ("local6", 22),
    ("local7", 23),
];

/// The default facility: `daemon`.
pub const DAEMON: u8 = 3;

/// The facility code of `name` (`daemon`, `local0`, …; case-insensitive).
pub fn facility(name: &str) -> Option<u8> {
    FACILITIES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, c)| *c)
}

/// The holder as `kind/name`: `packet_socket/tcpdump` (`packet_socket/socket:INODE` when no
/// process is seen), `bridge_port/br0`, `user_flag`, `uc_promisc`.
pub fn holder_name(h: &Holder) -> String {
    match h {
        Holder::PacketSocket(s) => match &s.comm {
            Some(c) => format!("packet_socket/{c}"),
            None => format!("packet_socket/socket:{}", s.inode),
        },
        Holder::UserFlag | Holder::UcPromisc(_) => h.kind().to_string(),
        other => match other.stacked() {
            Some(s) => format!("{}/{}", other.kind(), s.device),
            None => other.kind().to_string(),
        },
    }
}

/// One line saying what happened: `eth0: holder added: tcpdump (pid 4242, uid 0, pod
/// monitoring/sniffer); promiscuity 0 -> 1, entered promiscuous mode (netns host)`.
pub fn message(ev: &Event) -> String {
    let what = match (ev.event, &ev.holder) {
        ("holder_added", Some(h)) => format!("holder added: {}", h.describe()),
        ("holder_removed", Some(h)) => format!("holder removed: {}", h.describe()),
        ("interface_added", _) => "interface added".to_string(),
        ("interface_removed", _) => "interface removed".to_string(),
        (_, Some(h)) => format!("counter changed: {}", h.describe()),
        (_, None) => "counter changed".to_string(),
    };
    let flip = match ev.flips() {
        Some(true) => ", entered promiscuous mode",
        Some(false) => ", left promiscuous mode",
        None => "",
    };
    let mut s = format!(
        "{}: {what}; promiscuity {} -> {}{flip} (netns {})",
        ev.interface, ev.promiscuity_before, ev.promiscuity_after, ev.netns
    );
    // The kernel's own "entered/left promiscuous mode" line says nothing more than `flip`.
    let kernel_line = format!(
        "{}: {} promiscuous mode",
        ev.interface,
        if ev.promisc { "entered" } else { "left" }
    );
    if let Some(n) = ev.note.as_ref().filter(|n| **n != kernel_line) {
        s.push_str(&format!(" ({n})"));
    }
    s
}

/// The event's own fields (`PROMISC_*`), in a fixed order; a field that does not apply is
/// left out. The context is the process's for a packet socket and the other end's of the
/// veth for a bridge or Open vSwitch port (`PROMISC_CONTEXT` says which).
pub fn fields(ev: &Event) -> Vec<(&'static str, String)> {
    let mut f: Vec<(&'static str, String)> = vec![
        ("PROMISC_EVENT", ev.event.to_string()),
        ("PROMISC_DEVICE", ev.interface.clone()),
        ("PROMISC_IFINDEX", ev.ifindex.to_string()),
        ("PROMISC_NETNS", ev.netns.clone()),
        ("PROMISC_PROMISCUITY", ev.promiscuity_after.to_string()),
        (
            "PROMISC_PROMISCUITY_BEFORE",
            ev.promiscuity_before.to_string(),
        ),
        ("PROMISC_PROMISC", if ev.promisc { "1" } else { "0" }.into()),
    ];
    if let Some(on) = ev.flips() {
        f.push((
            "PROMISC_TRANSITION",
            if on { "entered" } else { "left" }.into(),
        ));
    }
    if ev.allmulti_before != ev.allmulti_after {
        f.push(("PROMISC_ALLMULTI", ev.allmulti_after.to_string()));
        f.push(("PROMISC_ALLMULTI_BEFORE", ev.allmulti_before.to_string()));
    }
    f.push(("PROMISC_SOURCE", ev.source.as_str().into()));
    if let Some(h) = &ev.holder {
        f.push(("PROMISC_HOLDER", holder_name(h)));
        f.push(("PROMISC_HOLDER_KIND", h.kind().into()));
        f.push(("PROMISC_HOLDER_DESCRIPTION", h.describe()));
        let mut ctx: Option<(&Context, &str)> = None;
        match h {
            Holder::PacketSocket(s) => {
                f.push(("PROMISC_SOCKET_INODE", s.inode.to_string()));
                if let Some(pid) = s.pid {
                    f.push(("PROMISC_PID", pid.to_string()));
                }
                if let Some(comm) = &s.comm {
                    f.push(("PROMISC_COMM", comm.clone()));
                }
                if let Some(uid) = s.uid {
                    f.push(("PROMISC_UID", uid.to_string()));
                }
                ctx = Some((&s.context, "process"));
            }
            other => {
                if let Some(s) = other.stacked() {
                    f.push(("PROMISC_HOLDER_DEVICE", s.device.clone()));
                    f.push(("PROMISC_HOLDER_NETNS", s.netns.clone()));
                    if s.inferred {
                        f.push(("PROMISC_INFERRED", "1".into()));
                    }
                    ctx = Some((&s.peer_context, "peer"));
                }
            }
        }
        if let Some((c, of)) = ctx.filter(|(c, _)| !c.is_empty()) {
            f.push(("PROMISC_CONTEXT", of.into()));
            context_fields(c, &mut f);
        }
    }
    if let Some(n) = &ev.note {
        f.push(("PROMISC_NOTE", n.clone()));
    }
    f
}

fn context_fields(c: &Context, f: &mut Vec<(&'static str, String)>) {
    if let Some(p) = &c.pod {
        f.push(("PROMISC_POD", c.pod_label().unwrap_or_default()));
        if let Some(ns) = &p.namespace {
            f.push(("PROMISC_POD_NAMESPACE", ns.clone()));
        }
        if let Some(n) = &p.name {
            f.push(("PROMISC_POD_NAME", n.clone()));
        }
        f.push(("PROMISC_POD_UID", p.uid.clone()));
    }
    if let Some(k) = &c.container {
        f.push(("PROMISC_CONTAINER", c.container_label().unwrap_or_default()));
        f.push(("PROMISC_CONTAINER_ID", k.id.clone()));
        f.push(("PROMISC_CONTAINER_RUNTIME", k.runtime.clone()));
    }
    if let Some(u) = &c.unit {
        f.push(("PROMISC_UNIT", u.clone()));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::attribution::{SocketHolder, StackedHolder};
    use crate::watch::Source;
    use promisc_facts::cgroup::{Container, Pod};
    use std::time::{Duration, SystemTime};

    /// tcpdump in a pod entering promiscuous mode on eth0.
    pub(crate) fn tcpdump_added() -> Event {
        Event {
            time: SystemTime::UNIX_EPOCH + Duration::from_micros(1_765_116_511_123_456),
            netns: "host".into(),
            ifindex: 2,
            interface: "eth0".into(),
            event: "holder_added",
            promiscuity_before: 0,
            promiscuity_after: 1,
            allmulti_before: 0,
            allmulti_after: 0,
            promisc: true,
            holder: Some(Holder::PacketSocket(SocketHolder {
                inode: 777,
                pid: Some(4242),
                comm: Some("tcpdump".into()),
                uid: Some(0),
                processes: Vec::new(),
                socket_uid: Some(0),
                context: Context {
                    unit: None,
                    container: Some(Container {
                        runtime: "containerd".into(),
                        id: "3f2a1b9c04d1".into(),
                        name: None,
                    }),
                    pod: Some(Pod {
                        namespace: Some("monitoring".into()),
                        name: Some("sniffer-x2x8k".into()),
                        uid: "0b1c".into(),
                    }),
                },
            })),
            source: Source::Netlink,
            note: None,
        }
    }

    fn get<'a>(f: &'a [(&str, String)], k: &str) -> Option<&'a str> {
        f.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_packet_socket_event_carries_its_process_and_pod() {
        let f = fields(&tcpdump_added());
        assert_eq!(get(&f, "PROMISC_DEVICE"), Some("eth0"));
        assert_eq!(get(&f, "PROMISC_NETNS"), Some("host"));
        assert_eq!(get(&f, "PROMISC_HOLDER"), Some("packet_socket/tcpdump"));
        assert_eq!(get(&f, "PROMISC_PID"), Some("4242"));
        assert_eq!(get(&f, "PROMISC_COMM"), Some("tcpdump"));
        assert_eq!(get(&f, "PROMISC_POD"), Some("monitoring/sniffer-x2x8k"));
        assert_eq!(get(&f, "PROMISC_POD_NAMESPACE"), Some("monitoring"));
        assert_eq!(
            get(&f, "PROMISC_CONTAINER"),
            Some("containerd:3f2a1b9c04d1")
        );
        assert_eq!(get(&f, "PROMISC_CONTEXT"), Some("process"));
        assert_eq!(get(&f, "PROMISC_TRANSITION"), Some("entered"));
        assert_eq!(get(&f, "PROMISC_UNIT"), None);
        assert_eq!(get(&f, "PROMISC_ALLMULTI"), None);
        for (name, _) in &f {
            assert!(journal::valid_field_name(name), "{name}");
        }
    }

    #[test]
    fn a_bridge_port_names_its_bridge_and_the_peer() {
        let mut ev = tcpdump_added();
        ev.event = "holder_removed";
        ev.promiscuity_before = 2;
        ev.promiscuity_after = 1;
        ev.holder = Some(Holder::BridgePort(StackedHolder {
            device: "cni0".into(),
            ifindex: 5,
            netns: "host".into(),
            netns_differs: false,
            inferred: false,
            mode: None,
            reason: "port".into(),
            peer_context: Context {
                unit: Some("kubepods.slice".into()),
                ..Context::default()
            },
        }));
        let f = fields(&ev);
        assert_eq!(get(&f, "PROMISC_HOLDER"), Some("bridge_port/cni0"));
        assert_eq!(get(&f, "PROMISC_HOLDER_DEVICE"), Some("cni0"));
        assert_eq!(get(&f, "PROMISC_CONTEXT"), Some("peer"));
        assert_eq!(get(&f, "PROMISC_UNIT"), Some("kubepods.slice"));
        assert_eq!(get(&f, "PROMISC_TRANSITION"), None, "2 -> 1 flips nothing");
        assert_eq!(get(&f, "PROMISC_PID"), None);
        assert_eq!(severity(&ev), Severity::Informational);
        assert_eq!(
            message(&ev),
            "eth0: holder removed: port of bridge cni0 (peer in unit kubepods.slice); \
             promiscuity 2 -> 1 (netns host)"
        );
    }

    #[test]
    fn severities_and_ids() {
        let mut ev = tcpdump_added();
        assert_eq!(severity(&ev), Severity::Warning);
        ev.promiscuity_before = 1;
        ev.promiscuity_after = 2;
        assert_eq!(severity(&ev), Severity::Notice);
        let ids: std::collections::HashSet<_> = MESSAGE_IDS.iter().map(|(_, i)| *i).collect();
        assert_eq!(ids.len(), MESSAGE_IDS.len(), "distinct");
        for (_, id) in MESSAGE_IDS {
            assert_eq!(id.len(), 32);
            assert!(id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
        assert_eq!(message_id("nope"), None);
        assert_eq!(facility("LOCAL3"), Some(19));
        assert_eq!(facility("daemon"), Some(DAEMON));
        assert_eq!(facility("local8"), None);
    }

    #[test]
    fn the_kernel_line_is_a_field_not_repeated_in_the_message() {
        let mut ev = tcpdump_added();
        ev.note = Some("eth0: entered promiscuous mode".into());
        assert!(message(&ev).ends_with("entered promiscuous mode (netns host)"));
        let f = fields(&ev);
        assert_eq!(
            get(&f, "PROMISC_NOTE"),
            Some("eth0: entered promiscuous mode")
        );
    }

    #[test]
    fn an_unknown_holder_says_so_with_its_note() {
        let mut ev = tcpdump_added();
        ev.event = "counter_changed";
        ev.holder = None;
        ev.note = Some("holder unknown".into());
        let f = fields(&ev);
        assert_eq!(get(&f, "PROMISC_HOLDER"), None);
        assert_eq!(get(&f, "PROMISC_NOTE"), Some("holder unknown"));
        assert_eq!(
            message(&ev),
            "eth0: counter changed; promiscuity 0 -> 1, entered promiscuous mode (netns host) \
             (holder unknown)"
        );
    }

    /// Every field an event can carry, of every shape (packet socket with a full context,
    /// stacked inferred holder with a peer, allmulti move, note) and every MESSAGE_ID, are in
    /// docs/logging.md's tables; and the table lists nothing the code never writes.
    #[test]
    fn docs_list_every_field_and_message_id() {
        let doc = include_str!("../../../../docs/logging.md");
        let table = doc
            .split("<!-- fields -->")
            .nth(1)
            .and_then(|t| t.split("<!-- end of fields -->").next())
            .expect("docs/logging.md's fields table");
        let documented: std::collections::BTreeSet<&str> = table
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
            .collect();
        let mut ev = tcpdump_added();
        ev.allmulti_after = 1;
        ev.note = Some("n".into());
        if let Some(Holder::PacketSocket(s)) = ev.holder.as_mut() {
            s.context.unit = Some("u.service".into());
        }
        let mut seen: std::collections::BTreeSet<&str> =
            fields(&ev).iter().map(|(n, _)| *n).collect();
        ev.holder = Some(Holder::Macvlan(StackedHolder {
            device: "mv0".into(),
            ifindex: 9,
            netns: "x".into(),
            netns_differs: true,
            inferred: true,
            mode: Some("passthru".into()),
            reason: "r".into(),
            peer_context: Context {
                unit: Some("u".into()),
                ..Context::default()
            },
        }));
        seen.extend(fields(&ev).iter().map(|(n, _)| *n));
        assert_eq!(seen, documented);
        for (kind, id) in MESSAGE_IDS {
            assert!(
                doc.contains(&format!("| `{kind}` | `{id}` |")),
                "{kind} {id} in docs/logging.md"
            );
        }
    }
}
