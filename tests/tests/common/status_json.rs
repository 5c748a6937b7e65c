//! promisc's JSON (`status --json`) and what must hold of it for every interface in every
//! scenario ([`check_invariants`]).

use super::*;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// `promisc status --json ARGS...` run inside `ns`, parsed, its keys checked against
/// docs/json.md; panics unless it exits 0 with one line holding an object of schema 1.
/// Returns the `interfaces` array.
pub fn status_json(ns: &Netns, args: &[&str]) -> Value {
    let mut argv = vec!["status", "--json"];
    argv.extend_from_slice(args);
    let run = ns.promisc(&argv);
    run.expect_success();
    status_document(&run.stdout, &run.to_string())
}

/// The `interfaces` array of `status --json`'s one-line output `stdout`, after checking its
/// schema and that docs/json.md documents every key; `ctx` for the messages.
pub fn status_document(stdout: &str, ctx: &str) -> Value {
    assert_eq!(
        stdout.lines().count(),
        1,
        "status --json prints one line: {ctx}"
    );
    let doc: Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {ctx}"));
    assert_eq!(doc["schema"], 1, "status --json carries schema 1: {ctx}");
    assert_documented("status", &doc);
    let json = doc["interfaces"].clone();
    assert!(
        json.is_array(),
        "status --json should hold an interfaces array: {ctx}"
    );
    json
}

/// `promisc status --json` in `ns`, checked with [`check_invariants`]; without
/// `--all-netns` every entry must belong to `ns`.
pub fn checked_status(ns: &Netns) -> Value {
    let json = status_json(ns, &[]);
    let foreign: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["netns"].as_str() != Some(ns.name.as_str()))
        .collect();
    assert!(
        foreign.is_empty(),
        "without --all-netns every entry should have netns {:?}: {foreign:#?}",
        ns.name
    );
    check_invariants(ns, &json);
    json
}

/// The entries of `json` that belong to namespace `ns`.
pub fn entries_of<'a>(json: &'a Value, ns: &str) -> Vec<&'a Value> {
    json.as_array()
        .expect("status JSON array")
        .iter()
        .filter(|e| e["netns"].as_str() == Some(ns))
        .collect()
}

/// The entry of interface `ifname` in namespace `ns`.
pub fn iface<'a>(json: &'a Value, ns: &Netns, ifname: &str) -> &'a Value {
    let found: Vec<&Value> = entries_of(json, &ns.name)
        .into_iter()
        .filter(|e| e["name"].as_str() == Some(ifname))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!(
            "expected exactly one entry for {ifname} in {}, found {}: {json:#}",
            ns.name,
            found.len()
        ),
    }
}

pub fn holders(entry: &Value) -> &Vec<Value> {
    entry["holders"]
        .as_array()
        .unwrap_or_else(|| panic!("holders is not an array: {entry:#}"))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One line per holder, sorted, e.g. `user_flag`,
/// `packet_socket pid=42 comm=tcpdump`, `bridge_port device=br0 netns=NS`,
/// `macvlan device=mv0 netns=NS mode=passthru`, `uc_promisc`.
pub fn holder_summary(entry: &Value) -> Vec<String> {
    let mut out: Vec<String> = holders(entry)
        .iter()
        .map(|h| {
            let kind = h["kind"].as_str().unwrap_or("<no kind>");
            match kind {
                "packet_socket" => {
                    format!(
                        "packet_socket pid={} comm={}",
                        text(&h["pid"]),
                        text(&h["comm"])
                    )
                }
                "user_flag" | "uc_promisc" => kind.to_string(),
                _ => {
                    let mut s = format!(
                        "{kind} device={} netns={}",
                        text(&h["device"]),
                        text(&h["netns"])
                    );
                    if !h["mode"].is_null() {
                        s.push_str(&format!(" mode={}", text(&h["mode"])));
                    }
                    s
                }
            }
        })
        .collect();
    out.sort();
    out
}

/// Asserts the exact holder list of `ifname` (order-insensitive), and that
/// the counter is fully attributed.
pub fn assert_holders(json: &Value, ns: &Netns, ifname: &str, expected: &[&str]) {
    let entry = iface(json, ns, ifname);
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(
        holder_summary(entry),
        expected,
        "holders of {ifname} in {}: {entry:#}",
        ns.name
    );
    assert_eq!(
        entry["unattributed"].as_i64(),
        Some(0),
        "unattributed of {ifname}: {entry:#}"
    );
}

/// The one holder of `kind` of `ifname`.
pub fn holder<'a>(json: &'a Value, ns: &Netns, ifname: &str, kind: &str) -> &'a Value {
    let entry = iface(json, ns, ifname);
    let found: Vec<&Value> = holders(entry)
        .iter()
        .filter(|h| h["kind"].as_str() == Some(kind))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("expected one {kind} holder of {ifname}: {entry:#}"),
    }
}

pub fn packet_holder_line(pid: u32, comm: &str) -> String {
    format!("packet_socket pid={pid} comm={comm}")
}

const STACKED: &[&str] = &[
    "bridge_port",
    "macvlan",
    "vlan",
    "macsec",
    "bond",
    "team",
    "openvswitch",
    "hsr",
    "upper",
];

/// What must hold for every interface of `ns` in every scenario: the set of
/// interfaces, ifindex, kind, up, promiscuity, allmulti and user flag as
/// iproute2 sees them, `promisc` as sysfs sees it, holders + unattributed ==
/// promiscuity, and every holder consistent with /proc.
pub fn check_invariants(ns: &Netns, json: &Value) {
    check_invariants_in(&ns.name, ns.inode(), json);
}

pub fn check_invariants_in(ns: &str, inode: u64, json: &Value) {
    let links = ip_links_in(ns);
    let sysfs = sysfs_all_flags_in(ns);
    let packets = packet_sockets_in(ns);
    let entries = entries_of(json, ns);

    let reported: BTreeSet<&str> = entries
        .iter()
        .map(|e| {
            e["name"]
                .as_str()
                .unwrap_or_else(|| panic!("no name: {e:#}"))
        })
        .collect();
    let actual: BTreeSet<&str> = links.keys().map(String::as_str).collect();
    assert_eq!(
        reported, actual,
        "interfaces of {ns} (promisc vs ip): {json:#}"
    );
    assert_eq!(
        entries.len(),
        links.len(),
        "duplicate entries for {ns}: {json:#}"
    );

    for e in entries {
        let name = e["name"].as_str().unwrap();
        let ip = &links[name];
        let ctx = format!("{name} in {ns}: {e:#}\nip: {ip:?}");
        let int = |k: &str| {
            e[k].as_i64()
                .unwrap_or_else(|| panic!("{k} is not an integer: {ctx}"))
        };
        let boolean = |k: &str| {
            e[k].as_bool()
                .unwrap_or_else(|| panic!("{k} is not a bool: {ctx}"))
        };

        assert_eq!(int("netns_inode"), inode as i64, "netns_inode: {ctx}");
        assert_eq!(int("ifindex"), ip.ifindex, "ifindex: {ctx}");
        let kind = if name == "lo" {
            Some("loopback")
        } else {
            ip.kind.as_deref()
        };
        if let Some(kind) = kind {
            assert_eq!(e["kind"].as_str(), Some(kind), "kind: {ctx}");
        }
        assert_eq!(boolean("up"), ip.has_flag("UP"), "up: {ctx}");
        assert_eq!(int("promiscuity"), ip.promiscuity, "promiscuity: {ctx}");
        assert_eq!(int("allmulti"), ip.allmulti, "allmulti: {ctx}");
        assert_eq!(
            boolean("user_flag"),
            ip.has_flag("PROMISC"),
            "user_flag: {ctx}"
        );
        let flags = *sysfs
            .get(name)
            .unwrap_or_else(|| panic!("no sysfs flags for {name}: {sysfs:?}"));
        assert_eq!(
            boolean("promisc"),
            flags & IFF_PROMISC != 0,
            "promisc vs sysfs flags {flags:#x}: {ctx}"
        );

        let hs = holders(e);
        assert_eq!(
            hs.len() as i64 + int("unattributed"),
            ip.promiscuity,
            "holders + unattributed == promiscuity: {ctx}"
        );
        let user_flags = hs.iter().filter(|h| h["kind"] == "user_flag").count();
        assert_eq!(
            user_flags,
            usize::from(ip.has_flag("PROMISC")),
            "user_flag holder iff the user flag is set: {ctx}"
        );
        for h in hs {
            check_holder(h, &packets, &ctx);
        }
    }
}

fn check_holder(h: &Value, packets: &HashMap<i64, PacketSock>, ctx: &str) {
    let ctx = format!("holder {h}\nof {ctx}");
    let kind = h["kind"]
        .as_str()
        .unwrap_or_else(|| panic!("holder without kind: {ctx}"));
    match kind {
        "user_flag" => {}
        "packet_socket" => check_packet_holder(h, packets, &ctx),
        "uc_promisc" => {
            assert_eq!(h["inferred"], Value::Bool(true), "inferred: {ctx}");
            let addrs = h["addresses"]
                .as_array()
                .unwrap_or_else(|| panic!("addresses: {ctx}"));
            for a in addrs {
                let a = a.as_str().unwrap_or_else(|| panic!("address: {ctx}"));
                assert!(is_mac(a), "address {a:?} is not a lowercase MAC: {ctx}");
            }
        }
        k if STACKED.contains(&k) => {
            let device = h["device"]
                .as_str()
                .unwrap_or_else(|| panic!("device: {ctx}"));
            let ifindex = h["ifindex"]
                .as_i64()
                .unwrap_or_else(|| panic!("ifindex: {ctx}"));
            let netns = h["netns"]
                .as_str()
                .unwrap_or_else(|| panic!("netns: {ctx}"));
            assert!(h["inferred"].is_boolean(), "inferred: {ctx}");
            if k == "macvlan" {
                assert!(h["mode"].is_string(), "macvlan mode: {ctx}");
            }
            // Only our own namespaces can be checked without races.
            if netns.starts_with(NS_PREFIX) {
                let links = ip_links_in(netns);
                let dev = links
                    .get(device)
                    .unwrap_or_else(|| panic!("no {device} in {netns}: {ctx}"));
                assert_eq!(dev.ifindex, ifindex, "holder ifindex: {ctx}");
            }
        }
        other => panic!("unknown holder kind {other:?}: {ctx}"),
    }
}

fn check_packet_holder(h: &Value, packets: &HashMap<i64, PacketSock>, ctx: &str) {
    let inode = h["inode"]
        .as_i64()
        .unwrap_or_else(|| panic!("inode: {ctx}"));
    let sock = packets
        .get(&inode)
        .unwrap_or_else(|| panic!("inode {inode} not in /proc/net/packet {packets:?}: {ctx}"));
    assert_eq!(
        h["socket_uid"].as_i64(),
        Some(sock.uid),
        "socket_uid: {ctx}"
    );

    let procs = h["processes"]
        .as_array()
        .unwrap_or_else(|| panic!("processes: {ctx}"));
    let pids: Vec<i64> = procs
        .iter()
        .map(|p| p["pid"].as_i64().unwrap_or_else(|| panic!("pid: {ctx}")))
        .collect();
    assert!(
        pids.windows(2).all(|w| w[0] < w[1]),
        "processes sorted by pid: {ctx}"
    );
    for p in procs {
        let pid = p["pid"].as_i64().unwrap();
        assert_eq!(
            p["comm"].as_str(),
            Some(proc_comm(pid).as_str()),
            "comm of {pid}: {ctx}"
        );
        assert_eq!(
            p["uid"].as_i64(),
            Some(proc_uid(pid)),
            "uid of {pid}: {ctx}"
        );
        assert!(
            socket_inodes(pid).contains(&inode),
            "/proc/{pid}/fd has no socket:[{inode}]: {ctx}"
        );
    }
    match h["pid"].as_i64() {
        None => {
            assert!(h["pid"].is_null(), "pid: {ctx}");
            assert!(procs.is_empty(), "pid null but processes listed: {ctx}");
        }
        Some(pid) => {
            let first = procs
                .iter()
                .find(|p| p["pid"].as_i64() == Some(pid))
                .unwrap_or_else(|| panic!("pid {pid} not among processes: {ctx}"));
            assert_eq!(h["comm"], first["comm"], "comm: {ctx}");
            assert_eq!(h["uid"], first["uid"], "uid: {ctx}");
        }
    }
}

fn is_mac(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() == 6
        && parts.iter().all(|p| {
            p.len() == 2
                && p.chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
}
