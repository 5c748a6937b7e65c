//! Timings for the report (numbers only): compiling the test corpus against `tcpdump -d`, and
//! filtering a 1,000,000-packet capture with [`Machine`] against `tcpdump -r F -w /dev/null`.
//!
//! Run with `cargo run --release -p promisc-filter --example timing`.
#[path = "../tests/system/mod.rs"]
mod system;

use promisc_testkit::packets as common;

use std::io::Read;
use std::process::Command;
use std::time::Instant;

use promisc_filter::{compile, Machine, Meta, Options};

fn main() {
    let cases: Vec<(u32, &str, String)> = promisc_testkit::corpus::cases()
        .into_iter()
        .map(|c| (c.linktype, c.lt_name, c.expr))
        .collect();

    // 1. Compiling the corpus.
    let t = Instant::now();
    let mut ok = 0;
    for _ in 0..10 {
        for (lt, _, e) in &cases {
            let o = Options {
                linktype: *lt,
                netmask: Some(0),
                ..Options::default()
            };
            ok += usize::from(compile(e, &o, &system::SYSTEM).is_ok());
        }
    }
    let ours = t.elapsed() / 10;
    let t = Instant::now();
    for (_, lt, e) in &cases {
        let _ = Command::new("tcpdump")
            .args(["-y", lt, "-d", "--", e.as_str()])
            .output();
    }
    let theirs = t.elapsed();
    println!(
        "compile: {} expressions ({} compiled): ours {:.2} ms total, {:.1} us per expression; tcpdump -d {:.0} ms total, {:.2} ms per expression (process included)",
        cases.len(),
        ok / 10,
        ours.as_secs_f64() * 1e3,
        ours.as_secs_f64() * 1e6 / cases.len() as f64,
        theirs.as_secs_f64() * 1e3,
        theirs.as_secs_f64() * 1e3 / cases.len() as f64
    );

    // 2. Filtering a big capture.
    let pkts = common::ethernet_packets();
    let big: Vec<common::Pkt> = pkts.iter().cycle().take(1_000_000).cloned().collect();
    let path =
        std::env::temp_dir().join(format!("promisc-filter-timing-{}.pcap", std::process::id()));
    common::write_pcap(&path, 1, &big);
    let exprs = [
        "tcp port 80",
        "host 10.0.0.1 and not port 22",
        "udp or icmp",
        "vlan and tcp",
        "ip6 and tcp",
        "tcp[tcpflags] & tcp-syn != 0",
    ];
    // Stream the file the way a reader does: one buffer, reused for every record.
    let pass = |m: Option<&Machine>| -> (std::time::Duration, u64) {
        let t = Instant::now();
        let mut r = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&path).unwrap());
        let mut hdr = [0u8; 24];
        r.read_exact(&mut hdr).unwrap();
        let mut rec = [0u8; 16];
        let mut data = Vec::with_capacity(65536);
        let mut matched = 0u64;
        let meta = Meta::default();
        while r.read_exact(&mut rec).is_ok() {
            let incl = u32::from_le_bytes(rec[8..12].try_into().unwrap()) as usize;
            let wire = u32::from_le_bytes(rec[12..16].try_into().unwrap());
            data.resize(incl, 0);
            r.read_exact(&mut data).unwrap();
            if let Some(m) = m {
                matched += u64::from(m.run(&data, wire, &meta) != 0);
            }
        }
        (t.elapsed(), matched)
    };
    let tcpdump = |e: &str| -> f64 {
        let t = Instant::now();
        let out = Command::new("tcpdump")
            .args(["-r", path.to_str().unwrap(), "-w", "/dev/null", "--", e])
            .output();
        assert!(
            out.map(|o| o.status.success()).unwrap_or(false),
            "tcpdump failed"
        );
        t.elapsed().as_secs_f64() * 1e3
    };
    let _ = pass(None);
    let (read_only, _) = pass(None);
    let td_none = tcpdump("");
    println!(
        "reading 1M packets without a filter: ours {:.0} ms (a plain BufReader loop), tcpdump -r -w /dev/null {td_none:.0} ms",
        read_only.as_secs_f64() * 1e3
    );
    for e in exprs {
        let p = compile(e, &Options::default(), &system::SYSTEM).unwrap();
        let m = Machine::new(&p);
        let (with, matched) = pass(Some(&m));
        let td = tcpdump(e);
        let ours_filter = (with.as_secs_f64() - read_only.as_secs_f64()).max(0.0) * 1e3;
        println!(
            "{e:?}: {matched} of 1M match; with the filter ours {:.0} ms (filter alone {ours_filter:.0} ms, {:.0} ns/packet), tcpdump {td:.0} ms; throughput ratio {:.2}x",
            with.as_secs_f64() * 1e3,
            ours_filter,
            td / (with.as_secs_f64() * 1e3)
        );
    }
    let _ = std::fs::remove_file(&path);
}
