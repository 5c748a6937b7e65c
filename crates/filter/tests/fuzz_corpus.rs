//! The seeds of the three filter fuzz targets, checked in every `cargo test` and written by the
//! ignored `generate_fuzz_seeds` (`cargo test -p promisc-filter --test fuzz_corpus -- --ignored`).
//!
//! - `filter_parse`: one expression per file; the first byte, a blank, picks the options as the
//!   target does (' ' Ethernet offline, '\t' SLL2 offline, '\n' Ethernet live, '\r' SLL2 offline
//!   unoptimized). `ok-*` seeds compile, `err-*` seeds are refused with a span inside the text.
//! - `filter_compile`: bytes for `testgen::expression`, the last byte picking the options; each
//!   seed's expression compiles and they are picked to use varied keywords.
//! - `filter_machine`: a count byte, that many 8-byte instructions (code, jt, jf, k, little
//!   endian) of a compiled filter, then a packet; `accept-*` seeds accept their packet,
//!   `reject-*` seeds reject it.

use promisc_testkit::rng::Rng;
use std::collections::BTreeSet;
use std::path::PathBuf;

use promisc_filter::{
    compile, run, testgen, validate, CompileTarget, Machine, Meta, NoResolver, Options, Program,
};

fn corpus(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = corpus(target);
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// The options a flags byte picks, as in `filter_parse` and `filter_compile`.
fn options(flags: u8) -> Options {
    Options {
        linktype: if flags & 1 == 0 { 1 } else { 276 },
        target: if flags & 2 == 0 {
            CompileTarget::Offline
        } else {
            CompileTarget::LiveLinux
        },
        optimize: flags & 4 == 0,
        netmask: Some(0xffff_ff00),
        ..Options::default()
    }
}

/// The machine target's metadata for a packet.
fn meta(packet: &[u8]) -> Meta {
    Meta {
        vlan_tci: packet.first().map(|&b| u16::from(b)),
        vlan_tpid: 0x8100,
        pkttype: 0,
        ifindex: 1,
        protocol: 0x0800,
        hatype: 1,
    }
}

/// Splits a `filter_machine` seed as the target does.
fn decode_machine(data: &[u8]) -> (Program, &[u8]) {
    let n = usize::from(data[0] % 32);
    let (prog, packet) = data[1..].split_at((n * 8).min(data.len() - 1));
    let insns = prog
        .chunks_exact(8)
        .map(|c| promisc_filter::Insn {
            code: u16::from_le_bytes([c[0], c[1]]),
            jt: c[2],
            jf: c[3],
            k: u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
        })
        .collect();
    (Program(insns), packet)
}

#[test]
fn filter_parse_seeds_compile() {
    let seeds = seeds("filter_parse");
    assert!(seeds.len() >= 30, "{} seeds", seeds.len());
    let (mut ok, mut err, mut flags_seen) = (0, 0, BTreeSet::new());
    for (name, data) in &seeds {
        let text = std::str::from_utf8(data).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
        let flags = data[0];
        flags_seen.insert(flags);
        match compile(text, &options(flags), &NoResolver) {
            Ok(p) if name.starts_with("ok-") => {
                validate(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
                ok += 1;
            }
            Err(e) if name.starts_with("err-") => {
                let s = e
                    .span
                    .clone()
                    .unwrap_or_else(|| panic!("{name}: no span: {e}"));
                assert!(s.start <= s.end && s.end <= text.len(), "{name}: {s:?}");
                err += 1;
            }
            r => panic!("{name} ({text:?}): {r:?}"),
        }
    }
    assert!(ok >= 30 && err >= 3, "{ok} compile, {err} refused");
    assert!(flags_seen.len() >= 4, "option bytes {flags_seen:?}");
}

#[test]
fn filter_compile_seeds_compile() {
    let seeds = seeds("filter_compile");
    assert!(seeds.len() >= 16, "{} seeds", seeds.len());
    let mut exprs = BTreeSet::new();
    for (name, data) in &seeds {
        let e = testgen::expression(data);
        let opts = options(data.last().copied().unwrap_or(0));
        let p = compile(&e, &opts, &NoResolver).unwrap_or_else(|err| panic!("{name}: {e}: {err}"));
        validate(&p).unwrap_or_else(|err| panic!("{name}: {e}: {err}"));
        assert!(exprs.insert(e.clone()), "{name}: {e} twice");
        println!("{name}: {e}");
    }
}

#[test]
fn filter_machine_seeds_run() {
    let seeds = seeds("filter_machine");
    assert!(seeds.len() >= 8, "{} seeds", seeds.len());
    for (name, data) in &seeds {
        let (p, packet) = decode_machine(data);
        assert!(p.0.len() >= 2 && !packet.is_empty(), "{name}");
        validate(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
        let m = meta(packet);
        let verdict = run(&p, packet, packet.len() as u32, &m);
        assert_eq!(
            verdict,
            Machine::new(&p).run(packet, packet.len() as u32, &m)
        );
        assert_eq!(
            verdict != 0,
            name.starts_with("accept-"),
            "{name}: {verdict}"
        );
    }
}

/// Expressions for `filter_parse`: (option byte, expression). Most are from `corpus.txt`.
const PARSE: &[(u8, &str)] = &[
    (b' ', "tcp port 80"),
    (b' ', "host 192.0.2.1 and not icmp"),
    (b' ', "vlan 100 and ip6"),
    (b' ', "ether[0] & 1 != 0"),
    (b' ', "tcp[tcpflags] & (tcp-syn|tcp-ack) != 0"),
    (b' ', "ip6 and udp portrange 1000-2000"),
    (b' ', "arp or rarp"),
    (b' ', "src or dst host 192.168.1.10"),
    (
        b' ',
        "net 10.0.0.0/8 and not dst net 10.1.0.0 mask 255.255.0.0",
    ),
    (b' ', "ether host 00:11:22:33:44:55"),
    (b' ', "ether src 02:00:00:00:00:01 or ether broadcast"),
    (b' ', "ip6 dst host 2001:db8::1"),
    (b' ', "dst port 53 or src port 5353"),
    (b' ', "less 100 or greater 1400"),
    (b' ', "len >= 64 && len <= 1514"),
    (b' ', "ip[6:2] & 0x1fff != 0"),
    (b' ', "tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420"),
    (
        b' ',
        "icmp[icmptype] = icmp-echo or icmp[icmptype] = icmp-echoreply",
    ),
    (b' ', "icmp6 and ip6[40] = 135"),
    (b' ', "vlan and vlan 20 and udp port 53"),
    (b' ', "mpls 100 and mpls and ip"),
    (b' ', "pppoes 1 and tcp"),
    (b' ', "ip proto 17 or ip6 proto 58"),
    (b' ', "ether proto 0x88cc"),
    (b' ', "stp or llc or ipx or netbeui"),
    (b' ', "ip multicast or ip6 multicast or broadcast"),
    (b' ', "not (tcp or udp or icmp) and ip"),
    (b' ', "(host 10.0.0.1 or host 10.0.0.2) and tcp"),
    (b' ', "tcp or udp && port 53"),
    (b' ', "!tcp && !udp"),
    (b' ', "udp[8:2] * 2 - 1 > udp[4:2] / 3 % 7 ^ 5 | 1 << 2"),
    (b' ', "decnet src 1.2"),
    (b'\t', "inbound and tcp"),
    (b'\t', "ifindex 2 and outbound"),
    (b'\t', "link[10] = 4"),
    (b'\t', "ip[9] = 6 and udp port 53"),
    (b'\n', "vlan 10 and port 80"),
    (b'\n', "inbound or ifindex 3"),
    (b'\r', "host 2001:db8::1 and (icmp6 or tcp)"),
    (b'\r', "not outbound and ip6 proto 17"),
];

/// Expressions `filter_parse` must refuse, with a span (from corpus.txt's errors).
const PARSE_ERRORS: &[&str] = &[
    "tcp port",
    "host 300.1.1.1",
    "ip[0:3] = 1",
    "tcp and (udp",
    "port 99999",
    "vlan 5000",
];

fn write_seed(target: &str, name: &str, data: &[u8]) {
    assert!(data.len() < 4096, "{name}");
    std::fs::create_dir_all(corpus(target)).unwrap();
    std::fs::write(corpus(target).join(name), data).unwrap();
}

fn clear(target: &str) {
    let _ = std::fs::remove_dir_all(corpus(target));
}

/// The words of an expression, numbers and addresses dropped: the seed picker's measure of
/// variety.
fn words(e: &str) -> BTreeSet<String> {
    e.split(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '['))
        .filter(|w| !w.is_empty() && w.chars().any(|c| c.is_ascii_alphabetic()))
        .map(str::to_string)
        .collect()
}

/// Frames for `filter_machine`: (name, frame, expressions that accept it, expressions that
/// reject it).
type MachineCase = (
    &'static str,
    Vec<u8>,
    &'static [&'static str],
    &'static [&'static str],
);

fn machine_cases() -> Vec<MachineCase> {
    let tcp_syn: Vec<u8> = [
        &[2u8, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00][..],
        &[
            0x45, 0, 0, 40, 0x12, 0x34, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
        ],
        &[
            0x9c, 0x40, 0, 80, 0, 0, 3, 0xe8, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0,
        ],
    ]
    .concat();
    let vlan_udp6: Vec<u8> = [
        &[
            0x33u8, 0x33, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1, 0x81, 0x00, 0, 100, 0x86, 0xdd,
        ][..],
        &[0x60, 0, 0, 0, 0, 8, 17, 64],
        &[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        &[0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        &[0xd3, 0x09, 0, 53, 0, 8, 0, 0],
    ]
    .concat();
    let arp: Vec<u8> = [
        &[
            0xffu8, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06,
        ][..],
        &[0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 192, 0, 2, 1],
        &[0, 0, 0, 0, 0, 0, 192, 0, 2, 2],
    ]
    .concat();
    vec![
        (
            "ipv4-tcp-syn",
            tcp_syn,
            &[
                "tcp port 80",
                "tcp[tcpflags] & tcp-syn != 0",
                "host 192.0.2.1 and not icmp",
            ],
            &["udp", "tcp[tcpflags] & tcp-ack != 0"],
        ),
        (
            "vlan-ipv6-udp-dns",
            vlan_udp6,
            &[
                "vlan 100 and ip6",
                "vlan and udp port 53",
                "vlan and ip6 multicast",
            ],
            &["vlan 200", "vlan and tcp"],
        ),
        (
            "arp",
            arp,
            &["arp or rarp", "ether broadcast"],
            &["ip", "rarp"],
        ),
    ]
}

#[test]
#[ignore = "writes the seed corpus of the filter fuzz targets"]
fn generate_fuzz_seeds() {
    clear("filter_parse");
    for (i, (flags, e)) in PARSE.iter().enumerate() {
        let mut data = vec![*flags];
        data.extend_from_slice(e.as_bytes());
        write_seed("filter_parse", &format!("ok-{i:02}.txt"), &data);
    }
    for (i, e) in PARSE_ERRORS.iter().enumerate() {
        write_seed(
            "filter_parse",
            &format!("err-{i:02}.txt"),
            format!(" {e}").as_bytes(),
        );
    }

    // filter_compile: random byte strings whose expression compiles, each kept only if it
    // brings a word no earlier seed has.
    clear("filter_compile");
    let mut rng = Rng(0x5eed_f00d);
    let (mut seen, mut kept) = (BTreeSet::new(), 0);
    for _ in 0..200_000 {
        if kept == 24 {
            break;
        }
        let len = 8 + (rng.next_u64() % 40) as usize;
        let mut data: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        // Depth 2 to 4: a few primitives joined.
        data[0] = 2 + (data[0] % 3);
        let e = testgen::expression(&data);
        let fresh: Vec<String> = words(&e).difference(&seen).cloned().collect();
        if fresh.is_empty() {
            continue;
        }
        let Ok(p) = compile(&e, &options(*data.last().unwrap()), &NoResolver) else {
            continue;
        };
        if p.0.len() < 4 {
            continue;
        }
        seen.extend(fresh);
        write_seed("filter_compile", &format!("expr-{kept:02}"), &data);
        kept += 1;
    }

    clear("filter_machine");
    let opts = options(0);
    for (frame_name, frame, accept, reject) in machine_cases() {
        for (verdict, exprs) in [("accept", accept), ("reject", reject)] {
            for (i, e) in exprs.iter().enumerate() {
                let p = compile(e, &opts, &NoResolver).unwrap();
                assert!(p.0.len() < 32, "{e}: {} instructions", p.0.len());
                let mut data = vec![p.0.len() as u8];
                for insn in &p.0 {
                    data.extend_from_slice(&insn.code.to_le_bytes());
                    data.extend_from_slice(&[insn.jt, insn.jf]);
                    data.extend_from_slice(&insn.k.to_le_bytes());
                }
                data.extend_from_slice(&frame);
                write_seed(
                    "filter_machine",
                    &format!("{verdict}-{frame_name}-{i}"),
                    &data,
                );
            }
        }
    }
}
