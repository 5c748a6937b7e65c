//! The metrics text: a pure function of one reading (the statuses, the `--allow` rules and the
//! otherhost counters), in the Prometheus text format 0.0.4.
//!
//! Every metric's series are sorted by their labels, so two scrapes of the same state are the
//! same bytes. Label values are escaped as the format says (`\\`, `\"`, `\n`); interface names
//! arrive already escaped by `promisc_facts::link::escape_name` (bytes that are not UTF-8 as
//! `\xHH`, a backslash doubled), so two names never become one series. Holders are identified
//! by bounded labels only (kind, comm, the process's pod, container and unit, holder device and
//! namespace): a pid or a socket inode would make a new series for every capture run.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::time::Duration;

use promisc_state::attribution::{Holder, InterfaceStatus};
use promisc_state::rules::{audit, Rule};
use promisc_state::watch::Event;

/// What one reading gives the metrics besides the statuses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Extra {
    /// `rx_otherhost_dropped` per interface, by (namespace inode, ifindex); interfaces without
    /// a value (another namespace, an older kernel) have no series.
    pub otherhost: HashMap<(u64, u32), u64>,
    /// The changes counted since the exporter started.
    pub changes: Changes,
}

/// The changes of the promiscuity counter the watch engine saw since the exporter started
/// (issue #23 §2: flapping), by namespace name and interface name: every event whose counter
/// differs before and after, and every holder that came or left, by its kind. Interfaces that
/// are gone are forgotten at the next reading, so churning veths do not grow it without end.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    counter: BTreeMap<(String, String), u64>,
    holders: BTreeMap<(String, String, &'static str), u64>,
}

impl Changes {
    /// Counts one event of the watch engine.
    pub fn record(&mut self, e: &Event) {
        let key = (e.netns.clone(), e.interface.clone());
        if e.promiscuity_before != e.promiscuity_after {
            *self.counter.entry(key.clone()).or_default() += 1;
        }
        if matches!(e.event, "holder_added" | "holder_removed") {
            if let Some(h) = &e.holder {
                *self.holders.entry((key.0, key.1, h.kind())).or_default() += 1;
            }
        }
    }

    /// Forgets the interfaces not in `statuses`.
    pub fn retain_present(&mut self, statuses: &[InterfaceStatus]) {
        let present: std::collections::HashSet<(&str, &str)> = statuses
            .iter()
            .map(|s| (s.netns.as_str(), s.name.as_str()))
            .collect();
        self.counter
            .retain(|(n, d), _| present.contains(&(n.as_str(), d.as_str())));
        self.holders
            .retain(|(n, d, _), _| present.contains(&(n.as_str(), d.as_str())));
    }
}

/// The inputs of the last rendering. [`render`] is a pure function of a reading (the
/// statuses, the `--allow` rules, which stay the same for the exporter's life, and the
/// [`Extra`]), so a reading equal to the last one would render the same bytes: the exporter
/// renders only the readings that differ from it.
#[derive(Debug, Default)]
pub struct LastReading {
    seen: Option<(Vec<InterfaceStatus>, Extra)>,
}

impl LastReading {
    /// Whether `statuses` and `extra` differ from the last ones given (always, the first
    /// time); when they do, they are the last ones from now on.
    pub fn differs(&mut self, statuses: &[InterfaceStatus], extra: &Extra) -> bool {
        if let Some((s, e)) = &self.seen {
            if s.as_slice() == statuses && e == extra {
                return false;
            }
        }
        self.seen = Some((statuses.to_vec(), extra.clone()));
        true
    }
}

/// One metric family: its samples, by their label text (sorted when written).
struct Family {
    name: &'static str,
    help: &'static str,
    kind: &'static str,
    /// The sample name's suffix (`_total` for counters).
    suffix: &'static str,
    samples: BTreeMap<String, f64>,
}

impl Family {
    fn new(name: &'static str, kind: &'static str, help: &'static str) -> Family {
        Family {
            name,
            help,
            kind,
            suffix: "",
            samples: BTreeMap::new(),
        }
    }

    fn set(&mut self, labels: &[(&str, &str)], v: f64) {
        self.samples.insert(label_text(labels), v);
    }

    fn add(&mut self, labels: &[(&str, &str)], v: f64) {
        *self.samples.entry(label_text(labels)).or_insert(0.0) += v;
    }

    fn write(&self, out: &mut String) {
        let name = self.name;
        let _ = writeln!(out, "# HELP {name}{} {}", self.suffix, self.help);
        let _ = writeln!(out, "# TYPE {name}{} {}", self.suffix, self.kind);
        for (labels, v) in &self.samples {
            let _ = writeln!(out, "{name}{}{labels} {v}", self.suffix);
        }
    }
}

/// `{a="x",b="y"}` (empty for no labels), each value escaped.
fn label_text(labels: &[(&str, &str)]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let mut s = String::from("{");
    for (i, (k, v)) in labels.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(k);
        s.push_str("=\"");
        for c in v.chars() {
            match c {
                '\\' => s.push_str("\\\\"),
                '"' => s.push_str("\\\""),
                '\n' => s.push_str("\\n"),
                c => s.push(c),
            }
        }
        s.push('"');
    }
    s.push('}');
    s
}

/// The metrics of one reading. `took` is how long that reading's rendering took (the caller
/// measures and appends it with [`duration`]).
///
/// The per-interface families share one label text per interface, built once and sorted
/// once; of two statuses with the same labels, a family takes the value of the later one
/// that has a value, as a map would. The tests
/// check it against the renderer of one map per family (`render/reference.rs`), byte for byte.
pub fn render(statuses: &[InterfaceStatus], rules: &[Rule], extra: &Extra) -> String {
    let mut unexpected_of: HashMap<(u64, u32), usize> = HashMap::new();
    if !rules.is_empty() {
        for o in audit(statuses, rules) {
            *unexpected_of
                .entry((o.iface.netns_inode, o.iface.ifindex))
                .or_default() += 1;
        }
    }
    let changes_of: HashMap<(&str, &str), u64> = extra
        .changes
        .counter
        .iter()
        .map(|((n, d), v)| ((n.as_str(), d.as_str()), *v))
        .collect();
    let mut rows: Vec<(String, &InterfaceStatus)> = statuses
        .iter()
        .map(|s| {
            let l = [("netns", s.netns.as_str()), ("device", s.name.as_str())];
            (label_text(&l), s)
        })
        .collect();
    // Stable: of equal labels, the statuses stay in their order, and each family's value is
    // the last one of them that has one (as a map's insert would leave it).
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let groups: Vec<&[(String, &InterfaceStatus)]> = rows.chunk_by(|a, b| a.0 == b.0).collect();

    let mut holder = Family::new(
        "promisc_holder",
        "gauge",
        "Holders of an interface's promiscuity counter with these labels (1 each).",
    );
    for s in statuses {
        let l = [("netns", s.netns.as_str()), ("device", s.name.as_str())];
        for h in &s.holders {
            let mut hl = l.to_vec();
            hl.push(("kind", h.kind()));
            let ctx = match h {
                Holder::PacketSocket(p) => {
                    hl.push(("comm", p.comm.as_deref().unwrap_or("")));
                    Some(&p.context)
                }
                _ => h.stacked().map(|st| {
                    hl.push(("holder_device", &st.device));
                    hl.push(("holder_netns", &st.netns));
                    &st.peer_context
                }),
            };
            let (pod, container) = (
                ctx.and_then(|c| c.pod_label()),
                ctx.and_then(|c| c.container_label()),
            );
            if let Some(v) = &pod {
                hl.push(("pod", v));
            }
            if let Some(v) = &container {
                hl.push(("container", v));
            }
            if let Some(v) = ctx.and_then(|c| c.unit.as_deref()) {
                hl.push(("unit", v));
            }
            holder.add(&hl, 1.0);
        }
    }
    let mut holder_changes = Family::new(
        "promisc_holder_changes",
        "counter",
        "Holders of this kind that came or left since the exporter started.",
    );
    holder_changes.suffix = "_total";
    for ((netns, device, kind), n) in &extra.changes.holders {
        holder_changes.set(
            &[("netns", netns), ("device", device), ("kind", kind)],
            *n as f64,
        );
    }
    let mut build = Family::new(
        "promisc_build_info",
        "gauge",
        "The running promisc (value 1).",
    );
    build.set(&[("version", env!("CARGO_PKG_VERSION"))], 1.0);

    type Value = fn(&InterfaceStatus, &Lookups<'_>) -> Option<f64>;
    let lookups = Lookups {
        unexpected: &unexpected_of,
        rules: !rules.is_empty(),
        changes: &changes_of,
        otherhost: &extra.otherhost,
    };
    let per_interface: [(&str, &str, &str, &str, Value); 6] = [
        (
            "promisc_interface_promiscuity",
            "",
            "gauge",
            "The kernel's promiscuity counter of the interface.",
            |s, _| Some(f64::from(s.promiscuity)),
        ),
        (
            "promisc_interface_promisc",
            "",
            "gauge",
            "Whether the interface is really promiscuous (counter above 0).",
            |s, _| Some(f64::from(u8::from(s.promisc))),
        ),
        (
            "promisc_interface_user_flag",
            "",
            "gauge",
            "Whether the user flag (ip link set promisc on) is set.",
            |s, _| Some(f64::from(u8::from(s.user_flag))),
        ),
        (
            "promisc_interface_allmulti",
            "",
            "gauge",
            "The kernel's allmulti counter of the interface.",
            |s, _| Some(f64::from(s.allmulti)),
        ),
        (
            "promisc_interface_unattributed",
            "",
            "gauge",
            "Promiscuity no holder explains.",
            |s, _| Some(s.unattributed as f64),
        ),
        (
            "promisc_interface_unexpected_holders",
            "",
            "gauge",
            "Holders (or residual) no --allow rule accepts.",
            |s, k| {
                k.rules.then(|| {
                    k.unexpected
                        .get(&(s.netns_inode, s.ifindex))
                        .copied()
                        .unwrap_or(0) as f64
                })
            },
        ),
    ];
    let otherhost: (&str, &str, &str, &str, Value) = (
        "promisc_interface_rx_otherhost_dropped",
        "_total",
        "counter",
        "Frames for other MACs that reached the interface and that nothing wanted.",
        |s, k| {
            k.otherhost
                .get(&(s.netns_inode, s.ifindex))
                .map(|n| *n as f64)
        },
    );
    let changes: (&str, &str, &str, &str, Value) = (
        "promisc_promiscuity_changes",
        "_total",
        "counter",
        "Changes of the interface's promiscuity counter seen since the exporter started.",
        |s, k| {
            Some(
                k.changes
                    .get(&(s.netns.as_str(), s.name.as_str()))
                    .copied()
                    .unwrap_or(0) as f64,
            )
        },
    );
    let write_rows =
        |out: &mut String, (name, suffix, kind, help, value): (&str, &str, &str, &str, Value)| {
            let _ = writeln!(out, "# HELP {name}{suffix} {help}");
            let _ = writeln!(out, "# TYPE {name}{suffix} {kind}");
            for group in &groups {
                if let Some(v) = group.iter().rev().find_map(|(_, s)| value(s, &lookups)) {
                    let labels = &group[0].0;
                    let _ = writeln!(out, "{name}{suffix}{labels} {v}");
                }
            }
        };
    let mut out = String::with_capacity(statuses.len() * 600 + 512);
    for f in per_interface {
        write_rows(&mut out, f);
    }
    holder.write(&mut out);
    write_rows(&mut out, otherhost);
    write_rows(&mut out, changes);
    holder_changes.write(&mut out);
    build.write(&mut out);
    out
}

/// What the per-interface families look up besides the status.
struct Lookups<'a> {
    unexpected: &'a HashMap<(u64, u32), usize>,
    rules: bool,
    changes: &'a HashMap<(&'a str, &'a str), u64>,
    otherhost: &'a HashMap<(u64, u32), u64>,
}

/// `promisc_exporter_scrape_duration_seconds`: how long a reading's rendering took.
pub fn duration(took: Duration) -> String {
    let mut f = Family::new(
        "promisc_exporter_scrape_duration_seconds",
        "gauge",
        "How long the last reading's encoding took.",
    );
    f.set(&[], took.as_secs_f64());
    let mut out = String::new();
    f.write(&mut out);
    out
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use promisc_state::attribution::{SocketHolder, StackedHolder};

    fn iface(netns: &str, ifindex: u32, name: &str, holders: Vec<Holder>) -> InterfaceStatus {
        InterfaceStatus {
            netns: netns.into(),
            netns_inode: 7,
            ifindex,
            name: name.into(),
            kind: "veth".into(),
            up: true,
            promisc: !holders.is_empty(),
            user_flag: holders.contains(&Holder::UserFlag),
            promiscuity: holders.len() as u32,
            allmulti: 0,
            holders,
            unattributed: 0,
        }
    }

    fn socket(pid: u32, inode: u64, comm: &str) -> Holder {
        Holder::PacketSocket(SocketHolder {
            inode,
            pid: Some(pid),
            comm: Some(comm.into()),
            uid: Some(0),
            processes: Vec::new(),
            socket_uid: Some(0),
            context: Default::default(),
        })
    }

    fn port(bridge: &str) -> Holder {
        Holder::BridgePort(StackedHolder {
            device: bridge.into(),
            ifindex: 9,
            netns: "default".into(),
            netns_differs: false,
            inferred: false,
            mode: None,
            reason: "port".into(),
            peer_context: Default::default(),
        })
    }

    /// The sample lines of `metric`, in order.
    fn series<'a>(text: &'a str, metric: &str) -> Vec<&'a str> {
        text.lines()
            .filter(|l| {
                l.starts_with(&format!("{metric}{{")) || l.starts_with(&format!("{metric} "))
            })
            .collect()
    }

    #[test]
    fn series_are_sorted_and_the_same_bytes_every_time() {
        let statuses = vec![
            iface("default", 3, "veth9", vec![]),
            iface("default", 1, "lo", vec![]),
            iface("default", 2, "eth0", vec![Holder::UserFlag]),
            iface("blue", 4, "eth0", vec![]),
        ];
        let text = render(&statuses, &[], &Extra::default());
        assert_eq!(
            series(&text, "promisc_interface_promisc"),
            [
                "promisc_interface_promisc{netns=\"blue\",device=\"eth0\"} 0",
                "promisc_interface_promisc{netns=\"default\",device=\"eth0\"} 1",
                "promisc_interface_promisc{netns=\"default\",device=\"lo\"} 0",
                "promisc_interface_promisc{netns=\"default\",device=\"veth9\"} 0",
            ]
        );
        let mut reversed = statuses.clone();
        reversed.reverse();
        assert_eq!(render(&reversed, &[], &Extra::default()), text);
        // No unexpected_holders series without rules; HELP and TYPE still come.
        assert!(series(&text, "promisc_interface_unexpected_holders").is_empty());
        assert!(text.contains("# TYPE promisc_interface_promisc gauge\n"));
    }

    #[test]
    fn names_that_are_not_utf8_are_two_series_with_their_own_values() {
        let a = promisc_facts::link::escape_name(b"inv\xff\xfe");
        let b = promisc_facts::link::escape_name(b"inv\xfe\xff");
        let statuses = vec![
            iface("default", 5, &a, vec![Holder::UserFlag]),
            iface("default", 6, &b, vec![]),
        ];
        let text = render(&statuses, &[], &Extra::default());
        assert_eq!(
            series(&text, "promisc_interface_promisc"),
            [
                "promisc_interface_promisc{netns=\"default\",device=\"inv\\\\xfe\\\\xff\"} 0",
                "promisc_interface_promisc{netns=\"default\",device=\"inv\\\\xff\\\\xfe\"} 1",
            ]
        );
        assert!(!text.contains('\u{fffd}'));
    }

    #[test]
    fn label_values_are_escaped() {
        let statuses = vec![iface("we\"ird\nns", 1, "a\\b", vec![])];
        let text = render(&statuses, &[], &Extra::default());
        assert!(
            text.contains(
                "promisc_interface_promisc{netns=\"we\\\"ird\\nns\",device=\"a\\\\b\"} 0\n"
            ),
            "{text}"
        );
    }

    fn event(
        device: &str,
        what: &'static str,
        before: u32,
        after: u32,
        h: Option<Holder>,
    ) -> Event {
        Event {
            time: std::time::SystemTime::UNIX_EPOCH,
            netns: "default".into(),
            ifindex: 2,
            interface: device.into(),
            event: what,
            promiscuity_before: before,
            promiscuity_after: after,
            allmulti_before: 0,
            allmulti_after: 0,
            promisc: after > 0,
            holder: h,
            source: promisc_state::watch::Source::Netlink,
            note: None,
        }
    }

    #[test]
    fn changes_are_counted_per_interface_and_holder_kind_and_forgotten_when_it_goes() {
        let mut c = Changes::default();
        for _ in 0..3 {
            c.record(&event(
                "eth0",
                "holder_added",
                0,
                1,
                Some(socket(1, 1, "tcpdump")),
            ));
            c.record(&event(
                "eth0",
                "holder_removed",
                1,
                0,
                Some(socket(1, 1, "tcpdump")),
            ));
        }
        c.record(&event("eth0", "holder_added", 1, 2, Some(port("br0"))));
        // Nothing moved: not a change.
        c.record(&event("eth0", "counter_changed", 2, 2, None));
        c.record(&event("veth9", "interface_added", 0, 1, None));
        let statuses = vec![
            iface("default", 2, "eth0", vec![port("br0")]),
            iface("default", 3, "eth1", vec![]),
        ];
        c.retain_present(&statuses);
        let extra = Extra {
            changes: c.clone(),
            ..Extra::default()
        };
        let text = render(&statuses, &[], &extra);
        assert_eq!(
            series(&text, "promisc_promiscuity_changes_total"),
            [
                "promisc_promiscuity_changes_total{netns=\"default\",device=\"eth0\"} 7",
                "promisc_promiscuity_changes_total{netns=\"default\",device=\"eth1\"} 0",
            ]
        );
        assert_eq!(
            series(&text, "promisc_holder_changes_total"),
            [
                "promisc_holder_changes_total{netns=\"default\",device=\"eth0\",kind=\"bridge_port\"} 1",
                "promisc_holder_changes_total{netns=\"default\",device=\"eth0\",kind=\"packet_socket\"} 6",
            ]
        );
        assert!(
            text.contains("# TYPE promisc_promiscuity_changes_total counter\n"),
            "{text}"
        );
        // veth9 is gone: forgotten.
        assert!(!text.contains("veth9"), "{text}");
    }

    #[test]
    fn a_holders_pod_container_and_unit_are_labels() {
        const ID: &str = "3f2a1b9c04d1e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e";
        let with = |pid: u32, cgroup: &str, pod: Option<(&str, &str)>| {
            let mut h = socket(pid, u64::from(pid), "tcpdump");
            if let Holder::PacketSocket(s) = &mut h {
                s.context = promisc_facts::cgroup::Context::from_cgroup(cgroup);
                if let (Some(p), Some((ns, name))) = (s.context.pod.as_mut(), pod) {
                    p.namespace = Some(ns.into());
                    p.name = Some(name.into());
                }
            }
            h
        };
        let pod = format!("0::/kubepods.slice/kubepods-pod0b1c2d3e_4f50_6172_8394_a5b6c7d8e9f0.slice/cri-containerd-{ID}.scope\n");
        let statuses = vec![iface(
            "default",
            2,
            "eth0",
            vec![
                with(1, &pod, Some(("monitoring", "sniffer-x2x8k"))),
                with(2, &pod, Some(("monitoring", "sniffer-x2x8k"))),
                with(3, "0::/system.slice/suricata.service\n", None),
            ],
        )];
        let text = render(&statuses, &[], &Extra::default());
        assert_eq!(
            series(&text, "promisc_holder"),
            [
                "promisc_holder{netns=\"default\",device=\"eth0\",kind=\"packet_socket\",comm=\"tcpdump\",pod=\"monitoring/sniffer-x2x8k\",container=\"containerd:3f2a1b9c04d1\"} 2",
                "promisc_holder{netns=\"default\",device=\"eth0\",kind=\"packet_socket\",comm=\"tcpdump\",unit=\"suricata.service\"} 1",
            ]
        );
    }

    #[test]
    fn holders_have_bounded_labels_and_count_alike_holders() {
        let statuses = vec![iface(
            "default",
            2,
            "eth0",
            vec![
                socket(100, 5000, "tcpdump"),
                socket(200, 6000, "tcpdump"),
                socket(300, 7000, "dumpcap"),
                port("br0"),
            ],
        )];
        let text = render(&statuses, &[], &Extra::default());
        assert_eq!(
            series(&text, "promisc_holder"),
            [
                "promisc_holder{netns=\"default\",device=\"eth0\",kind=\"bridge_port\",holder_device=\"br0\",holder_netns=\"default\"} 1",
                "promisc_holder{netns=\"default\",device=\"eth0\",kind=\"packet_socket\",comm=\"dumpcap\"} 1",
                "promisc_holder{netns=\"default\",device=\"eth0\",kind=\"packet_socket\",comm=\"tcpdump\"} 2",
            ]
        );
        assert!(!text.contains("pid="), "{text}");
        assert!(!text.contains("inode="), "{text}");
        // Another tcpdump run (new pid, new inode) gives the same series.
        let again = vec![iface(
            "default",
            2,
            "eth0",
            vec![
                socket(101, 5001, "tcpdump"),
                socket(201, 6001, "tcpdump"),
                socket(301, 7001, "dumpcap"),
                port("br0"),
            ],
        )];
        assert_eq!(render(&again, &[], &Extra::default()), text);
    }

    #[test]
    fn unexpected_holders_and_otherhost_counters() {
        let statuses = vec![
            iface("default", 2, "eth0", vec![socket(1, 2, "tcpdump")]),
            iface("default", 3, "veth0", vec![port("br0")]),
        ];
        let rules: Vec<Rule> = vec!["bridge_port".parse().unwrap()];
        let mut extra = Extra::default();
        extra.otherhost.insert((7, 2), 42);
        let text = render(&statuses, &rules, &extra);
        assert_eq!(
            series(&text, "promisc_interface_unexpected_holders"),
            [
                "promisc_interface_unexpected_holders{netns=\"default\",device=\"eth0\"} 1",
                "promisc_interface_unexpected_holders{netns=\"default\",device=\"veth0\"} 0",
            ]
        );
        assert_eq!(
            series(&text, "promisc_interface_rx_otherhost_dropped_total"),
            ["promisc_interface_rx_otherhost_dropped_total{netns=\"default\",device=\"eth0\"} 42"]
        );
        assert!(text.contains("# TYPE promisc_interface_rx_otherhost_dropped_total counter\n"));
        assert!(duration(Duration::from_millis(3))
            .ends_with("\npromisc_exporter_scrape_duration_seconds 0.003\n"));
    }
}

#[cfg(test)]
mod same_bytes {
    use super::*;
    use promisc_state::attribution::{SocketHolder, StackedHolder};

    /// A reading of `n` interfaces drawn from `seed`: names that need escaping, two
    /// namespaces of one name, interfaces listed twice, holders of every kind, residuals.
    fn reading(seed: u64, n: usize) -> (Vec<InterfaceStatus>, Extra) {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        let names = [
            "eth0",
            "a\\b",
            "we\"ird",
            "new\nline",
            "veth",
            "br-x",
            "inv\\xff",
        ];
        let spaces = ["default", "blue", "blue", "q\"ns"];
        let mut statuses = Vec::new();
        let mut extra = Extra::default();
        for i in 0..n {
            let space = next(spaces.len() as u64) as usize;
            let netns_inode = 100 + space as u64;
            let ifindex = 1 + next(40) as u32;
            let name = format!("{}{}", names[next(names.len() as u64) as usize], next(6));
            let mut holders = Vec::new();
            for _ in 0..next(4) {
                holders.push(match next(4) {
                    0 => Holder::UserFlag,
                    1 => Holder::PacketSocket(SocketHolder {
                        inode: next(1 << 20),
                        pid: Some(next(5000) as u32),
                        comm: Some(["tcpdump", "dumpcap", "x\"y"][next(3) as usize].into()),
                        uid: Some(0),
                        processes: Vec::new(),
                        socket_uid: Some(0),
                        context: Default::default(),
                    }),
                    _ => Holder::BridgePort(StackedHolder {
                        device: format!("br{}", next(3)),
                        ifindex: 9,
                        netns: spaces[next(4) as usize].into(),
                        netns_differs: false,
                        inferred: false,
                        mode: None,
                        reason: "port".into(),
                        peer_context: Default::default(),
                    }),
                });
            }
            let s = InterfaceStatus {
                netns: spaces[space].into(),
                netns_inode,
                ifindex,
                name,
                kind: "veth".into(),
                up: next(2) == 0,
                promisc: !holders.is_empty(),
                user_flag: holders.contains(&Holder::UserFlag),
                promiscuity: holders.len() as u32 + next(2) as u32,
                allmulti: next(3) as u32,
                unattributed: next(3) as i64 - 1,
                holders,
            };
            if next(3) > 0 {
                extra
                    .otherhost
                    .insert((s.netns_inode, s.ifindex), next(1 << 40));
            }
            if next(2) == 0 {
                let e = Event {
                    time: std::time::SystemTime::UNIX_EPOCH,
                    netns: s.netns.clone(),
                    ifindex: s.ifindex,
                    interface: s.name.clone(),
                    event: "holder_added",
                    promiscuity_before: 0,
                    promiscuity_after: 1 + i as u32 % 2,
                    allmulti_before: 0,
                    allmulti_after: 0,
                    promisc: true,
                    holder: s.holders.first().cloned(),
                    source: promisc_state::watch::Source::Netlink,
                    note: None,
                };
                for _ in 0..1 + next(3) {
                    extra.changes.record(&e);
                }
            }
            statuses.push(s);
        }
        (statuses, extra)
    }

    #[test]
    fn the_renderer_writes_the_bytes_of_one_map_per_family() {
        let rules: Vec<Rule> = vec!["bridge_port".parse().unwrap()];
        let mut checked = 0;
        for seed in 0..300 {
            let (statuses, extra) = reading(seed, (seed % 60) as usize);
            for rules in [&[][..], &rules[..]] {
                let want = reference::render(&statuses, rules, &extra);
                assert_eq!(render(&statuses, rules, &extra), want, "seed {seed}");
                checked += want.lines().count();
            }
        }
        // The readings are not empty: thousands of sample lines were compared.
        assert!(checked > 20_000, "{checked} lines");
    }

    #[test]
    fn a_reading_that_differs_in_anything_rendered_is_rendered_again() {
        let (statuses, extra) = reading(7, 40);
        let mut last = LastReading::default();
        assert!(last.differs(&statuses, &extra), "the first reading");
        let text = render(&statuses, &[], &extra);
        assert!(!last.differs(&statuses, &extra), "the same reading");
        assert!(
            !last.differs(&statuses.clone(), &extra.clone()),
            "an equal one"
        );
        type Change = fn(&mut Vec<InterfaceStatus>, &mut Extra);
        let changes: [(&str, Change); 8] = [
            ("counter", |s, _| s[3].promiscuity += 1),
            ("user flag", |s, _| s[5].user_flag = !s[5].user_flag),
            ("allmulti", |s, _| s[0].allmulti += 1),
            ("holder", |s, _| s[2].holders.push(Holder::UserFlag)),
            ("name", |s, _| s[9].name.push('x')),
            ("a new interface", |s, _| {
                let mut n = s[1].clone();
                n.name = "fresh0".into();
                s.push(n);
            }),
            ("otherhost", |s, e| {
                *e.otherhost
                    .entry((s[4].netns_inode, s[4].ifindex))
                    .or_default() += 1;
            }),
            ("flapping", |s, e| {
                let mut ev = Event {
                    time: std::time::SystemTime::UNIX_EPOCH,
                    netns: s[6].netns.clone(),
                    ifindex: s[6].ifindex,
                    interface: s[6].name.clone(),
                    event: "counter_changed",
                    promiscuity_before: 1,
                    promiscuity_after: 2,
                    allmulti_before: 0,
                    allmulti_after: 0,
                    promisc: true,
                    holder: None,
                    source: promisc_state::watch::Source::Poll,
                    note: None,
                };
                e.changes.record(&ev);
                ev.promiscuity_after = 1;
                e.changes.record(&ev);
            }),
        ];
        for (what, change) in changes {
            let (mut s, mut e) = (statuses.clone(), extra.clone());
            change(&mut s, &mut e);
            // The body these give differs from the cached one: skipping it would be stale.
            assert_ne!(render(&s, &[], &e), text, "{what}");
            assert!(last.differs(&s, &e), "{what}");
            assert!(!last.differs(&s, &e), "{what}, again");
            // And back: the first reading is news again.
            assert!(last.differs(&statuses, &extra), "{what}, undone");
        }
    }
}
