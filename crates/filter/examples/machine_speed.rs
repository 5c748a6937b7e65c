//! Pure machine speed on in-memory packets (a development aid).
use promisc_filter::{compile, Machine, Meta, NoResolver, Options};
use promisc_testkit::packets as common;
use std::time::Instant;
fn main() {
    let pkts = common::ethernet_packets();
    for e in [
        "tcp port 80",
        "host 10.0.0.1 and not port 22",
        "udp or icmp",
        "vlan and tcp",
        "ip6 and tcp",
        "tcp[tcpflags] & tcp-syn != 0",
    ] {
        let p = compile(e, &Options::default(), &NoResolver).unwrap();
        let m = Machine::new(&p);
        let meta = Meta::default();
        let t = Instant::now();
        let mut n = 0u64;
        for _ in 0..5000 {
            for pk in &pkts {
                n += u64::from(m.run(&pk.data, pk.wire_len, &meta) != 0);
            }
        }
        let per = t.elapsed().as_secs_f64() * 1e9 / (5000.0 * pkts.len() as f64);
        let t = Instant::now();
        for _ in 0..5000 {
            for pk in &pkts {
                n += u64::from(promisc_filter::run(&p, &pk.data, pk.wire_len, &meta) != 0);
            }
        }
        let per2 = t.elapsed().as_secs_f64() * 1e9 / (5000.0 * pkts.len() as f64);
        println!("{e:?}: Machine {per:.1} ns/packet, run {per2:.1} ns/packet ({n})");
    }
}
