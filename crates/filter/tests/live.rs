//! The live Linux target against libpcap's programs for a live Linux socket (`tcpdump -i lo -d`,
//! which needs root): both run on our machine, on the test frames as the kernel would present
//! them (outer VLAN tag in the packet, or stripped into metadata; inbound and outbound; two
//! interface indexes), and must agree on every one. Our programs must pass the kernel's checks
//! and total no more instructions than libpcap's.
//!
//! libpcap's programs are cached in `tests/fixtures/libpcap-live.txt`; they are recomputed when
//! tcpdump can open `lo` (`PROMISC_UPDATE_FIXTURES=1` rewrites the cache).

mod system;

use std::collections::BTreeMap;
use std::process::Command;

use promisc_filter::{compile, parse_ddd, validate, CompileTarget, Machine, Meta, Options};
use promisc_testkit::packets::*;

const FIXTURE: &str = "tests/fixtures/libpcap-live.txt";

/// The corpus's Ethernet expressions (those not prefixed by a link type).
fn corpus() -> Vec<String> {
    promisc_testkit::corpus::cases()
        .into_iter()
        .filter(|c| !c.explicit)
        .map(|c| c.expr)
        .collect()
}

fn live_tcpdump(expr: &str) -> Option<Result<String, String>> {
    let out = Command::new("tcpdump")
        .args(["-i", "lo", "-ddd", "--", expr])
        .output()
        .ok()?;
    if out.status.success() {
        Some(Ok(String::from_utf8_lossy(&out.stdout).into_owned()))
    } else {
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let line = err
            .lines()
            .rfind(|l| l.starts_with("tcpdump: "))
            .unwrap_or("tcpdump: failed")
            .to_string();
        Some(Err(line.trim_start_matches("tcpdump: ").to_string()))
    }
}

fn load() -> BTreeMap<String, Result<String, String>> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(FIXTURE) else {
        return out;
    };
    let mut current: Option<(String, String)> = None;
    let finish = |cur: Option<(String, String)>,
                  out: &mut BTreeMap<String, Result<String, String>>| {
        if let Some((k, body)) = cur {
            let v = match body.strip_prefix("error ") {
                Some(m) => Err(m.trim_end().to_string()),
                None => Ok(body),
            };
            out.insert(k, v);
        }
    };
    for line in text.lines() {
        if let Some(k) = line.strip_prefix("=== ") {
            finish(current.take(), &mut out);
            current = Some((k.to_string(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    finish(current, &mut out);
    out
}

fn save(exprs: &[String], m: &BTreeMap<String, Result<String, String>>) {
    let mut s = String::from(
        "# libpcap's live Linux programs (tcpdump -i lo -ddd) for tests/corpus.txt.\n",
    );
    for e in exprs {
        s.push_str(&format!("=== {e}\n"));
        match &m[e] {
            Ok(ddd) => s.push_str(ddd),
            Err(msg) => s.push_str(&format!("error {msg}\n")),
        }
    }
    std::fs::write(FIXTURE, s).unwrap();
}

/// The views of a frame a live socket can give: tag in place or stripped, and metadata.
fn views(p: &Pkt) -> Vec<(Vec<u8>, u32, Meta)> {
    let mut out = Vec::new();
    for (pkttype, ifindex) in [(0u8, 1u32), (4, 2), (1, 1), (3, 2)] {
        let meta = Meta {
            pkttype,
            ifindex,
            protocol: 0,
            ..Meta::default()
        };
        out.push((p.data.clone(), p.wire_len, meta));
        let d = &p.data;
        if d.len() >= 18 && matches!(u16::from_be_bytes([d[12], d[13]]), 0x8100 | 0x88a8) {
            let tpid = u16::from_be_bytes([d[12], d[13]]);
            let tci = u16::from_be_bytes([d[14], d[15]]);
            let mut s = d[..12].to_vec();
            s.extend_from_slice(&d[16..]);
            let m = Meta {
                vlan_tci: Some(tci),
                vlan_tpid: tpid,
                ..meta
            };
            out.push((s, p.wire_len - 4, m));
        }
    }
    out
}

#[test]
fn live_linux_matches_libpcap() {
    let exprs = corpus();
    let cached = load();
    let probe = live_tcpdump("ip");
    let live = matches!(probe, Some(Ok(_)));
    let answers: BTreeMap<String, Result<String, String>> = if live {
        let m: BTreeMap<_, _> = exprs
            .iter()
            .map(|e| (e.clone(), live_tcpdump(e).unwrap()))
            .collect();
        if std::env::var("PROMISC_UPDATE_FIXTURES").as_deref() == Ok("1") {
            save(&exprs, &m);
        } else {
            let stale: Vec<&String> = exprs
                .iter()
                .filter(|e| cached.get(*e) != m.get(*e))
                .collect();
            // Name lookups depend on this machine; the comparisons use the live answers anyway.
            if !stale.is_empty() {
                println!("warning: {FIXTURE} differs from tcpdump for {stale:?} (PROMISC_UPDATE_FIXTURES=1 rewrites it)");
            }
        }
        m
    } else {
        promisc_testkit::gate::partly(
            "tcpdump cannot open lo here (checking against the cached programs only)",
        );
        cached
    };
    let pkts = ethernet_packets();
    let opts = Options {
        target: CompileTarget::LiveLinux,
        netmask: Some(0),
        ..Options::default()
    };
    let (mut ours_total, mut theirs_total, mut compared, mut refused_by_kernel) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for e in &exprs {
        let Some(answer) = answers.get(e) else {
            failures.push(format!("{e}: no cached live program"));
            continue;
        };
        let ours = compile(e, &opts, &system::SYSTEM);
        match (answer, ours) {
            (Err(_), Err(_)) => {}
            (Err(m), Ok(_)) => failures.push(format!("{e}: libpcap refuses ({m}), we compile it")),
            (Ok(ddd), Err(err)) => {
                let theirs = parse_ddd(ddd).unwrap();
                if validate(&theirs).is_ok() {
                    failures.push(format!("{e}: we refuse it: {}", err.message));
                } else {
                    // libpcap's program would not attach either.
                    refused_by_kernel += 1;
                }
            }
            (Ok(ddd), Ok(p)) => {
                if let Err(v) = validate(&p) {
                    failures.push(format!(
                        "{e}: our live program fails the kernel's checks: {v}"
                    ));
                }
                let theirs = parse_ddd(ddd).unwrap();
                if validate(&theirs).is_err() {
                    refused_by_kernel += 1;
                    println!("note: libpcap's live program for {e:?} would be refused by the kernel; ours is accepted");
                    continue;
                }
                ours_total += p.0.len();
                theirs_total += theirs.0.len();
                let (mo, mt) = (Machine::new(&p), Machine::new(&theirs));
                for (i, pk) in pkts.iter().enumerate() {
                    for (data, wire, meta) in views(pk) {
                        compared += 1;
                        let (a, b) = (mo.run(&data, wire, &meta), mt.run(&data, wire, &meta));
                        if a != b {
                            failures.push(format!(
                                "{e}: packet #{i} ({}) {meta:?}: ours {a}, libpcap {b}",
                                pk.what
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "live: {} expressions, {compared} verdicts compared; instructions ours {ours_total}, libpcap {theirs_total}; {refused_by_kernel} libpcap programs the kernel would refuse",
        exprs.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
    assert!(ours_total <= theirs_total);
}
