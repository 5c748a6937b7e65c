//! Golden tests against tcpdump 4.99: the fixture pcaps are built byte by byte in
//! `common/mod.rs`, their tcpdump output is checked in next to them, and where tcpdump is
//! installed it is run again live. Regenerate with `PROMISC_UPDATE_FIXTURES=1`.

use std::path::PathBuf;
use std::process::Command;

use crate::common::*;
use promisc_wire::{PrintOptions, Printer};

/// Where our text is known to differ from tcpdump's, and why: (packet name, mode, reason).
/// Mode is "", "-e", "-q" or "*" (all). Only non-strict packets may appear here, and an entry
/// that stops differing fails the test (so the list stays true).
pub(crate) const KNOWN: &[(&str, &str, &str)] = &[
    (
        "ethertype lldp",
        "",
        "tcpdump decodes LLDP; we print it as an undecoded EtherType",
    ),
    (
        "ethertype lldp",
        "-e",
        "tcpdump decodes LLDP; we print it as an undecoded EtherType",
    ),
    (
        "ethertype lldp",
        "-q",
        "tcpdump decodes LLDP; we print it as an undecoded EtherType",
    ),
    (
        "snap appletalk",
        "*",
        "tcpdump decodes AppleTalk DDP inside SNAP; we print the SNAP header and dump it",
    ),
    (
        "bgp before http",
        "",
        "tcpdump's BGP printer (first in its port chain) says `: BGP`; we have none",
    ),
    (
        "bgp before http",
        "-e",
        "tcpdump's BGP printer (first in its port chain) says `: BGP`; we have none",
    ),
];

struct Mode {
    suffix: &'static str,
    flag: Option<&'static str>,
    opts: PrintOptions,
}

fn modes() -> Vec<Mode> {
    vec![
        Mode {
            suffix: "",
            flag: None,
            opts: PrintOptions::default(),
        },
        Mode {
            suffix: "-e",
            flag: Some("-e"),
            opts: PrintOptions {
                link_header: true,
                ..Default::default()
            },
        },
        Mode {
            suffix: "-q",
            flag: Some("-q"),
            opts: PrintOptions {
                quiet: true,
                ..Default::default()
            },
        },
    ]
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn tcpdump_available() -> bool {
    Command::new("tcpdump")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn run_tcpdump(path: &PathBuf, flag: Option<&str>) -> String {
    let mut c = Command::new("tcpdump");
    c.env("TZ", "UTC").arg("-n");
    if let Some(f) = flag {
        c.arg(f);
    }
    c.arg("-r").arg(path);
    let o = c.output().expect("run tcpdump");
    assert!(
        o.status.success(),
        "tcpdump failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("tcpdump output is UTF-8")
}

/// tcpdump's output split into one record per packet (continuation lines start with a tab).
fn records(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with('\t') && !out.is_empty() {
            let last = out.last_mut().unwrap();
            last.push('\n');
            last.push_str(line);
        } else {
            out.push(line.to_string());
        }
    }
    out
}

fn ours(linktype: u32, pkts: &[Pkt], opts: PrintOptions) -> Vec<String> {
    let mut p = Printer::new(opts);
    p.set_interface_name(1, "lo");
    pkts.iter()
        .map(|k| {
            let mut s = String::new();
            p.write_line(&mut s, k.ts_ns, linktype, &k.data, k.orig_len)
                .unwrap();
            s
        })
        .collect()
}

fn check(stem: &str, linktype: u32, pkts: Vec<Pkt>) {
    let dir = fixtures_dir();
    let pcap_path = dir.join(format!("{stem}.pcap"));
    let bytes = pcap_bytes(linktype, &pkts);
    let update = std::env::var("PROMISC_UPDATE_FIXTURES").is_ok_and(|v| v == "1");
    let have_tcpdump = tcpdump_available();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&pcap_path, &bytes).unwrap();
    } else {
        let stored =
            std::fs::read(&pcap_path).expect("fixture pcap (PROMISC_UPDATE_FIXTURES=1 makes it)");
        assert!(
            stored == bytes,
            "{stem}.pcap differs from the packets built in common/mod.rs; regenerate"
        );
    }
    let mut failures = Vec::new();
    let mut compared = 0usize;
    let mut known_seen = 0usize;
    for mode in modes() {
        let txt_path = dir.join(format!("{stem}{}.txt", mode.suffix));
        if update {
            assert!(have_tcpdump, "PROMISC_UPDATE_FIXTURES=1 needs tcpdump");
            std::fs::write(&txt_path, run_tcpdump(&pcap_path, mode.flag)).unwrap();
        }
        let expected_text = std::fs::read_to_string(&txt_path).expect("fixture text");
        if have_tcpdump {
            let live = run_tcpdump(&pcap_path, mode.flag);
            assert_eq!(
                live, expected_text,
                "live tcpdump output differs from {stem}{}.txt",
                mode.suffix
            );
        }
        let expected = records(&expected_text);
        let got = ours(linktype, &pkts, mode.opts);
        assert_eq!(
            expected.len(),
            pkts.len(),
            "{stem}{}: tcpdump printed {} records for {} packets",
            mode.suffix,
            expected.len(),
            pkts.len()
        );
        for ((k, exp), ours) in pkts.iter().zip(&expected).zip(&got) {
            compared += 1;
            let known = KNOWN
                .iter()
                .find(|(n, m, _)| *n == k.name && (*m == mode.suffix || *m == "*"));
            match known {
                Some((_, _, why)) => {
                    assert!(
                        !k.strict,
                        "{}: strict packets may not be listed as known differences",
                        k.name
                    );
                    if exp == ours {
                        failures.push(format!("[{stem}{}] {}: listed as a known difference ({why}) but now matches; remove it", mode.suffix, k.name));
                    } else {
                        known_seen += 1;
                    }
                }
                None if exp != ours => failures.push(format!(
                    "[{stem}{}] {}{}:\n  tcpdump: {exp}\n  ours:    {ours}",
                    mode.suffix,
                    k.name,
                    if k.strict { " (strict)" } else { "" }
                )),
                None => {}
            }
        }
    }
    if !have_tcpdump {
        promisc_testkit::gate::partly(
            "tcpdump not installed (compared against the checked-in tcpdump output only)",
        );
    }
    println!("{stem}: {compared} lines compared, {known_seen} known differences");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn ethernet_matches_tcpdump() {
    let pkts = ether_packets();
    assert!(pkts.len() >= 60, "only {} packets", pkts.len());
    check("ether", LINKTYPE_ETHERNET, pkts);
}

#[test]
fn linux_sll2_matches_tcpdump() {
    check("sll2", LINKTYPE_LINUX_SLL2, sll2_packets());
}

#[test]
fn linktype_ipv4_matches_tcpdump() {
    check("ipv4", 228, raw_ip_packets(false));
}

#[test]
fn linktype_ipv6_matches_tcpdump() {
    check("ipv6", 229, raw_ip_packets(true));
}
