//! Pure engine speed on in-memory packets (a development aid): the threaded code
//! ([`Compiled`]) against the decoded interpreter ([`Machine`]) and the plain one ([`run`]), on
//! the testkit's mixed Ethernet packets and on bench/udp-pcap.py's one UDP frame repeated.
use promisc_filter::{compile, run, Compiled, Machine, Meta, NoResolver, Options};
use promisc_testkit::packets::{self as common, Pkt as Packet};
use std::hint::black_box;
use std::time::Instant;

/// The fastest of 40 timings of `rounds` passes (the machine is shared: the minimum is the
/// one least disturbed), in ns per packet, and the accepted count of one pass.
fn time(pkts: &[Packet], rounds: usize, f: impl Fn(&[u8], u32) -> u32) -> (f64, u64) {
    let mut best = f64::MAX;
    let mut n = 0u64;
    for _ in 0..40 {
        let t = Instant::now();
        n = 0;
        for _ in 0..rounds {
            for pk in pkts {
                n += u64::from(f(black_box(&pk.data), pk.wire_len) != 0);
            }
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e9 / (rounds * pkts.len()) as f64);
    }
    (best, n / rounds as u64)
}

fn main() {
    let mixed = common::ethernet_packets();
    let mut frame = hex("020000000002020000000001080045000032000040004011");
    frame.extend_from_slice(&[0, 0, 192, 0, 2, 1, 192, 0, 2, 2]);
    frame.extend_from_slice(&[0x9c, 0x40, 0, 9, 0, 30, 0, 0]);
    frame.resize(64, 0);
    let udp: Vec<Packet> = (0..256)
        .map(|_| Packet {
            what: "udp".into(),
            data: frame.clone(),
            wire_len: 64,
        })
        .collect();
    let meta = Meta::default();
    for (name, pkts, rounds) in [("mixed", &mixed, 50), ("udp", &udp, 50)] {
        let (floor, _) = time(pkts, rounds, |d, _| u32::from(d.first() == Some(&7)));
        println!("{name:5} loop alone: {floor:.1} ns");
        for e in [
            "tcp port 80",
            "host 10.0.0.1 and not port 22",
            "udp or icmp",
            "vlan and tcp",
            "ip6 and tcp",
            "tcp[tcpflags] & tcp-syn != 0",
            "host 10.0.0.2 and not arp",
        ] {
            if std::env::var("EXPR").is_ok_and(|x| x != e) {
                continue;
            }
            let p = compile(e, &Options::default(), &NoResolver).unwrap();
            let m = Machine::new(&p);
            let c = Compiled::new(&p);
            let (tm, n1) = time(pkts, rounds, |d, l| m.run(d, l, &meta));
            let (tc, n2) = time(pkts, rounds, |d, l| c.run(d, l, &meta));
            let (tr, n3) = time(pkts, rounds, |d, l| run(&p, d, l, &meta));
            assert!(n1 == n2 && n2 == n3);
            println!("{name:5} {e:32}: Compiled {tc:5.1} ns, Machine {tm:5.1} ns, run {tr:5.1} ns ({n1})");
        }
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
