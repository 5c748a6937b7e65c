//! The compiled engine ([`Compiled`]) against the interpreters it replaces ([`Machine`] and
//! [`run`], the reference): the same result, accept length included, on every program and
//! packet of
//!
//! - the differential corpus, for both targets, optimized and not, on the generated Ethernet
//!   and Linux cooked captures, with packet metadata absent and present;
//! - 30,000 generated expressions (`testgen`), on every generated Ethernet packet;
//! - the wire fixture captures (every link type a filter compiles for), with the corpus's
//!   expressions compiled for each;
//! - random raw instruction sequences (any opcode, backward jumps, scratch memory, division by
//!   a zero X, ancillary loads), valid or not, on random packets.

use promisc_filter::{
    compile, linktypes, run, testgen, CompileTarget, Compiled, Insn, Machine, Meta, NoResolver,
    Options, Program,
};
use promisc_testkit::packets::{ethernet_packets, sll2_packets, Pkt};
use promisc_testkit::rng::Rng;

fn metas() -> [Meta; 2] {
    [
        Meta::default(),
        Meta {
            vlan_tci: Some(0x2064),
            vlan_tpid: 0x88a8,
            pkttype: 4,
            ifindex: 7,
            protocol: 0x86dd,
            hatype: 1,
        },
    ]
}

/// Runs `p` with the three engines on every packet; the first disagreement, if any.
fn disagreement(p: &Program, pkts: &[(&[u8], u32)], metas: &[Meta]) -> Option<String> {
    let c = Compiled::new(p);
    let m = Machine::new(p);
    for (i, &(data, wire_len)) in pkts.iter().enumerate() {
        for meta in metas {
            let want = run(p, data, wire_len, meta);
            let (got, mach) = (c.run(data, wire_len, meta), m.run(data, wire_len, meta));
            if got != want || mach != want {
                return Some(format!(
                    "packet {i} ({} bytes, wire {wire_len}), {meta:?}: compiled {got}, machine \
                     {mach}, run {want}",
                    data.len()
                ));
            }
        }
    }
    None
}

fn views(pkts: &[Pkt]) -> Vec<(&[u8], u32)> {
    pkts.iter().map(|p| (&p.data[..], p.wire_len)).collect()
}

#[test]
fn corpus_agrees_with_the_interpreter() {
    let eth = ethernet_packets();
    let sll2 = sll2_packets();
    let (eth, sll2) = (views(&eth), views(&sll2));
    let metas = metas();
    let (mut programs, mut threaded, mut failures) = (0, 0, Vec::new());
    for c in promisc_testkit::corpus::cases() {
        for target in [CompileTarget::Offline, CompileTarget::LiveLinux] {
            for optimize in [true, false] {
                let o = Options {
                    linktype: c.linktype,
                    target,
                    optimize,
                    netmask: Some(0xffff_ff00),
                    ..Options::default()
                };
                let Ok(p) = compile(&c.expr, &o, &NoResolver) else {
                    continue;
                };
                programs += 1;
                threaded += usize::from(Compiled::new(&p).is_threaded());
                let pkts = if c.linktype == 1 { &eth } else { &sll2 };
                if let Some(d) = disagreement(&p, pkts, &metas) {
                    failures.push(format!("{} ({target:?}, optimize {optimize}): {d}", c.expr));
                }
            }
        }
    }
    println!(
        "corpus: {programs} programs ({threaded} threaded), {} failures",
        failures.len()
    );
    assert!(programs > 1500, "only {programs} corpus programs compiled");
    assert!(
        threaded > programs * 9 / 10,
        "{threaded} of {programs} threaded"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn thirty_thousand_generated_expressions_agree() {
    let eth = ethernet_packets();
    let eth = views(&eth);
    let metas = metas();
    let mut rng = Rng(0x6a09_e667_f3bc_c908);
    let (mut programs, mut failures) = (0, Vec::new());
    for i in 0..30_000 {
        let e = testgen::expression(&rng.bytes(64));
        let o = Options {
            target: if i % 2 == 0 {
                CompileTarget::Offline
            } else {
                CompileTarget::LiveLinux
            },
            optimize: i % 5 != 0,
            netmask: Some(0xffff_ff00),
            ..Options::default()
        };
        let Ok(p) = compile(&e, &o, &NoResolver) else {
            continue;
        };
        programs += 1;
        // Every packet with no metadata; every fourth with it as well.
        let m = if i % 4 == 0 { &metas[..] } else { &metas[..1] };
        if let Some(d) = disagreement(&p, &eth, m) {
            failures.push(format!("{e:?}: {d}"));
        }
    }
    println!(
        "generated: {programs} programs compiled, {} failures",
        failures.len()
    );
    assert!(programs > 15_000, "only {programs} of 30,000 compiled");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn wire_fixtures_agree() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wire/tests/fixtures");
    let mut exprs: Vec<String> = promisc_testkit::corpus::cases()
        .into_iter()
        .map(|c| c.expr)
        .collect();
    exprs.sort();
    exprs.dedup();
    let metas = metas();
    let (mut files, mut runs, mut failures) = (0, 0usize, Vec::new());
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(file) = promisc_testkit::pcap::parse_savefile(&bytes) else {
            continue;
        };
        let Some(iface) = file.ifaces.first() else {
            continue;
        };
        if !linktypes().iter().any(|(l, _)| *l == iface.linktype) {
            continue;
        }
        files += 1;
        let pkts: Vec<(&[u8], u32)> = file
            .packets
            .iter()
            .filter(|p| p.iface == 0)
            .map(|p| (&p.data[..], p.orig_len))
            .collect();
        for e in &exprs {
            let o = Options {
                linktype: iface.linktype,
                ..Options::default()
            };
            let Ok(p) = compile(e, &o, &NoResolver) else {
                continue;
            };
            runs += pkts.len();
            if let Some(d) = disagreement(&p, &pkts, &metas[..1]) {
                failures.push(format!("{}: {e:?}: {d}", path.display()));
            }
        }
    }
    println!(
        "fixtures: {files} files, {runs} program runs, {} failures",
        failures.len()
    );
    assert!(files >= 10, "only {files} fixture files");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every opcode the kernel knows, and a few it does not.
const CODES: &[u16] = &[
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x14, 0x15, 0x16, 0x1c, 0x20, 0x24, 0x25, 0x28,
    0x2c, 0x30, 0x34, 0x35, 0x3c, 0x40, 0x44, 0x45, 0x48, 0x4c, 0x50, 0x54, 0x5c, 0x60, 0x61, 0x64,
    0x6c, 0x74, 0x7c, 0x80, 0x81, 0x84, 0x87, 0x94, 0x9c, 0xa4, 0xac, 0xb1, 0x0d, 0x1d, 0x2d, 0x3d,
    0x4d, 0x16, 0x0e, 0xff,
];

fn random_program(rng: &mut Rng) -> Program {
    let bytes = rng.bytes(16 * 9 + 2);
    let n = 1 + usize::from(bytes[0]) % 16;
    let mut insns = Vec::with_capacity(n + 1);
    for i in 0..n {
        let b = &bytes[1 + i * 9..1 + (i + 1) * 9];
        let code = CODES[usize::from(b[0]) % CODES.len()];
        let k = match b[1] % 8 {
            0 => u32::from(b[2] % 64),
            1 => 0xffff_f000 + u32::from(b[2] % 68),
            2 => u32::from(b[2] % 20),
            3 => u32::from_le_bytes([b[2], b[3], b[4], b[5]]),
            4 => (-(i32::from(b[2] % 8))) as u32, // backward ja
            5 => u32::from(b[2]) << 8 | u32::from(b[3]),
            _ => u32::from(b[2] % 40),
        };
        insns.push(Insn {
            code,
            jt: b[6] % 6,
            jf: b[7] % 6,
            k,
        });
    }
    // Usually a return at the end, so that many programs validate.
    if bytes[1 + 16 * 9] % 4 != 0 {
        let code = if bytes[1 + 16 * 9] % 2 == 0 {
            0x06
        } else {
            0x16
        };
        insns.push(Insn {
            code,
            jt: 0,
            jf: 0,
            k: u32::from(bytes[1 + 16 * 9]) * 3,
        });
    }
    Program(insns)
}

#[test]
fn random_programs_agree() {
    let mut rng = Rng(0xbb67_ae85_84ca_a73b);
    let metas = metas();
    let (mut threaded, mut failures) = (0, Vec::new());
    for _ in 0..40_000 {
        let p = random_program(&mut rng);
        threaded += usize::from(Compiled::new(&p).is_threaded());
        let store: Vec<(Vec<u8>, u32)> = (0..6)
            .map(|_| {
                let len = usize::from(rng.bytes(1)[0] % 72);
                let data = rng.bytes(len);
                let wire = len as u32 + u32::from(rng.bytes(1)[0] % 3) * 100;
                (data, wire)
            })
            .collect();
        let pkts: Vec<(&[u8], u32)> = store.iter().map(|(d, w)| (&d[..], *w)).collect();
        if let Some(d) = disagreement(&p, &pkts, &metas) {
            failures.push(format!("{:?}: {d}", p.0));
            if failures.len() > 20 {
                break;
            }
        }
    }
    println!(
        "random: {threaded} of 40,000 programs threaded, {} failures",
        failures.len()
    );
    assert!(threaded > 2000, "only {threaded} random programs threaded");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The longest program the kernel takes, straight-line or a chain of 2,047 jumps, and the
/// longest path that is threaded, run on a thread with a 1 MiB stack (half a capture thread's:
/// the closures call each other, and a debug build makes no tail calls).
#[test]
fn longest_programs_run_on_a_small_stack() {
    let add = Insn {
        code: 0x04,
        jt: 0,
        jf: 0,
        k: 1,
    };
    let jeq = Insn {
        code: 0x15,
        jt: 0,
        jf: 0,
        k: 7,
    };
    let ret_a = Insn {
        code: 0x16,
        jt: 0,
        jf: 0,
        k: 0,
    };
    let mut straight = vec![add; 4095];
    straight.push(ret_a);
    let mut jumps: Vec<Insn> = (0..2047).flat_map(|_| [jeq, add]).collect();
    jumps.truncate(4095);
    jumps.push(ret_a);
    let mut longest_threaded = vec![add; 255];
    longest_threaded.push(ret_a);
    let threaded = Compiled::new(&Program(longest_threaded.clone()));
    assert!(threaded.is_threaded());
    assert!(!Compiled::new(&Program(straight.clone())).is_threaded());
    for p in [Program(straight), Program(jumps), Program(longest_threaded)] {
        let want = run(&p, &[], 0, &Meta::default());
        let got = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || Compiled::new(&p).run(&[], 0, &Meta::default()))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(got, want);
    }
}
