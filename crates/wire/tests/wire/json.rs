//! The JSON output parses with serde_json and carries the documented fields.

use crate::common::*;
use promisc_wire::{write_json, PrintOptions, Printer};
use serde_json::Value;

fn json(linktype: u32, iface: Option<&str>, p: &Pkt) -> Value {
    let mut v = Vec::new();
    write_json(&mut v, p.ts_ns, linktype, iface, &p.data, p.orig_len).unwrap();
    assert!(!v.ends_with(b"\n"));
    serde_json::from_slice(&v).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&v)))
}

fn find<'a>(pkts: &'a [Pkt], name: &str) -> &'a Pkt {
    pkts.iter().find(|p| p.name == name).unwrap()
}

fn layer<'a>(v: &'a Value, ty: &str) -> &'a Value {
    v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["type"] == ty)
        .unwrap_or_else(|| panic!("no {ty} in {v}"))
}

#[test]
fn every_fixture_packet_is_valid_json() {
    for (lt, pkts) in [
        (LINKTYPE_ETHERNET, ether_packets()),
        (LINKTYPE_LINUX_SLL2, sll2_packets()),
        // The link-layer control protocols (CDP, the slow protocols and PPPoE print hex
        // dumps of what they do not decode: never in a summary), the tunnels and routing.
        (LINKTYPE_ETHERNET, l2_packets()),
    ] {
        for p in &pkts {
            let v = json(lt, Some("eth0"), p);
            assert_eq!(v["len"], p.orig_len, "{}", p.name);
            assert_eq!(v["caplen"], p.data.len(), "{}", p.name);
            assert_eq!(v["ts_ns"], p.ts_ns);
            assert_eq!(v["interface"], "eth0");
            assert!(
                v["summary"].as_str().is_some_and(|s| !s.contains('\n')),
                "{}",
                p.name
            );
        }
    } // VXLAN and OTV print the inner frame on a line of its own, SCTP each bundled chunk, as
      // tcpdump does; still no dump.
    for p in tunnel_packets().iter().chain(&routing_packets()) {
        let v = json(LINKTYPE_ETHERNET, Some("eth0"), p);
        assert!(
            v["summary"].as_str().is_some_and(|s| !s.contains("\t0x")),
            "{}",
            p.name
        );
    }
}

#[test]
fn tcp_fields() {
    let pkts = ether_packets();
    let p = find(&pkts, "tcp syn");
    let v = json(LINKTYPE_ETHERNET, None, p);
    assert_eq!(v["interface"], Value::Null);
    let ts = v["ts"].as_str().unwrap();
    assert!(
        ts.ends_with('Z') && ts.contains('T') && ts.len() == "2023-11-14T18:54:29.135781000Z".len(),
        "{ts}"
    );
    let eth = layer(&v, "eth");
    assert_eq!(eth["src"], "02:00:00:00:00:0a");
    assert_eq!(eth["ethertype"], 0x0800);
    let ip = layer(&v, "ipv4");
    assert_eq!(ip["src"], "192.168.1.10");
    assert_eq!(ip["dst"], "10.20.30.40");
    assert_eq!(ip["proto"], 6);
    assert_eq!(ip["ttl"], 64);
    assert_eq!(ip["df"], true);
    let tcp = layer(&v, "tcp");
    assert_eq!(tcp["sport"], 40000);
    assert_eq!(tcp["dport"], 443);
    assert_eq!(tcp["flags"], "S");
    assert_eq!(tcp["seq"], 1_000_000);
    let s = v["summary"].as_str().unwrap();
    assert!(
        s.starts_with("IP 192.168.1.10.40000 > 10.20.30.40.443: Flags [S], seq 1000000"),
        "{s}"
    );
}

#[test]
fn vlan_arp_icmp_dns_fields() {
    let pkts = ether_packets();
    let v = json(LINKTYPE_ETHERNET, None, find(&pkts, "qinq icmp"));
    let vl: Vec<&Value> = v["layers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["type"] == "vlan")
        .collect();
    assert_eq!(vl.len(), 2);
    assert_eq!(vl[0]["id"], 3000);
    assert_eq!(vl[0]["tpid"], 0x88a8);
    assert_eq!(vl[1]["id"], 5);
    assert_eq!(layer(&v, "icmp")["icmp_type"], 8);

    let v = json(LINKTYPE_ETHERNET, None, find(&pkts, "arp request"));
    let a = layer(&v, "arp");
    assert_eq!(a["op"], 1);
    assert_eq!(a["spa"], "192.168.1.10");
    assert_eq!(a["tpa"], "192.168.1.1");

    let v = json(LINKTYPE_ETHERNET, None, find(&pkts, "dns query a"));
    let d = layer(&v, "dns");
    assert_eq!(d["id"], 0x1a2b);
    assert_eq!(d["qr"], "query");
    assert_eq!(d["questions"][0]["name"], "www.example.com.");
    assert_eq!(d["questions"][0]["qtype"], 1);

    let v = json(LINKTYPE_ETHERNET, None, find(&pkts, "dns nxdomain"));
    let d = layer(&v, "dns");
    assert_eq!(d["qr"], "response");
    assert_eq!(d["rcode"], 3);

    let v = json(LINKTYPE_ETHERNET, None, find(&pkts, "ipv6 fragment first"));
    assert_eq!(layer(&v, "ipv6_frag")["next_header"], 17);
    assert_eq!(layer(&v, "udp")["dport"], 2000);

    let v = json(LINKTYPE_ETHERNET, None, find(&pkts, "tcp header cut"));
    let ls = v["layers"].as_array().unwrap();
    assert_eq!(ls.last().unwrap()["type"], "truncated");
    assert!(v["summary"].as_str().unwrap().ends_with("[|tcp]"));

    // Hex dumps stay out of the summary.
    let v = json(
        LINKTYPE_ETHERNET,
        None,
        find(&pkts, "ethertype local experimental"),
    );
    assert_eq!(
        v["summary"],
        "02:00:00:00:00:0a > 52:54:00:12:34:56, ethertype Unknown (0x88b5), length 60: "
    );
}

#[test]
fn sll2_fields_and_printer_state() {
    let pkts = sll2_packets();
    let v = json(
        LINKTYPE_LINUX_SLL2,
        Some("any"),
        find(&pkts, "sll2 tcp out"),
    );
    let s = layer(&v, "sll2");
    assert_eq!(s["ifindex"], 7777);
    assert_eq!(s["pkttype"], 4);
    assert_eq!(s["addr"], "02:00:00:00:00:0a");
    assert!(v["summary"].as_str().unwrap().starts_with("?     Out IP "));

    // A Printer keeps TCP state for JSON summaries too.
    let mut p = Printer::new(PrintOptions::default());
    let mut out = Vec::new();
    for k in &pkts[..2] {
        out.clear();
        p.write_json(
            &mut out,
            k.ts_ns,
            LINKTYPE_LINUX_SLL2,
            None,
            &k.data,
            k.orig_len,
        )
        .unwrap();
    }
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert!(v["summary"].as_str().unwrap().contains("ack 1,"), "{v}");
}

/// docs/json.md's packet section: the first backticked cell of each table row.
fn documented_packet_keys() -> std::collections::BTreeSet<String> {
    const DOC: &str = include_str!("../../../../docs/json.md");
    let marker = "<!-- json: packet -->";
    let body = &DOC[DOC.find(marker).expect("docs/json.md: packet section") + marker.len()..];
    let body = &body[..body.find("<!-- json: ").unwrap_or(body.len())];
    body.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

fn key_paths(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, sub) in m {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                key_paths(sub, &path, out);
                out.push(path);
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|sub| key_paths(sub, &format!("{prefix}[]"), out)),
        _ => {}
    }
}

#[test]
fn every_key_of_every_fixture_packet_is_documented_and_versioned() {
    let docs = documented_packet_keys();
    assert!(docs.contains("layers[].type"), "{docs:?}");
    let mut seen = std::collections::BTreeSet::new();
    for (lt, pkts) in [
        (LINKTYPE_ETHERNET, ether_packets()),
        (LINKTYPE_LINUX_SLL2, sll2_packets()),
        (228, raw_ip_packets(false)),
    ] {
        for p in &pkts {
            let v = json(lt, Some("eth0"), p);
            assert_eq!(v["schema"], promisc_wire::JSON_SCHEMA, "{}", p.name);
            let mut paths = Vec::new();
            key_paths(&v, "", &mut paths);
            for path in paths {
                assert!(
                    docs.contains(&path),
                    "docs/json.md does not document {path} (packet {}): {v}",
                    p.name
                );
                seen.insert(path);
            }
        }
    }
    // The fixtures reach every documented key (a key documented but never written would be a
    // stale line in the page).
    let stale: Vec<&String> = docs.difference(&seen).collect();
    assert!(stale.is_empty(), "documented but never written: {stale:?}");
}
