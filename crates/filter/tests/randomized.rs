//! Randomized tests (the stable counterparts of the fuzz targets): thousands of generated and
//! arbitrary inputs; nothing may panic, every program compiled must pass the kernel's checks,
//! and the two interpreters must agree.

use promisc_testkit::rng::Rng;

use promisc_filter::{
    compile, for_cooked_socket, run, testgen, validate, CompileTarget, Insn, Machine, Meta,
    NoResolver, Options, Program,
};

fn all_options() -> Vec<Options> {
    let mut v = Vec::new();
    for linktype in [1, 276] {
        for target in [CompileTarget::Offline, CompileTarget::LiveLinux] {
            for optimize in [true, false] {
                v.push(Options {
                    linktype,
                    target,
                    optimize,
                    netmask: Some(0xffff_ff00),
                    ..Options::default()
                });
            }
        }
    }
    v
}

#[test]
fn generated_expressions_compile_to_valid_programs() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let eth = promisc_testkit::packets::ethernet_packets();
    let opts = all_options();
    let (mut ok, mut refused) = (0, 0);
    for i in 0..3000 {
        let bytes = rng.bytes(64);
        let e = testgen::expression(&bytes);
        let o = &opts[i % opts.len()];
        match compile(&e, o, &NoResolver) {
            Ok(p) => {
                ok += 1;
                validate(&p).unwrap_or_else(|v| panic!("{e:?} {o:?}: {v}"));
                let m = Machine::new(&p);
                for pk in eth.iter().step_by(17) {
                    let meta = Meta {
                        vlan_tci: Some(10),
                        vlan_tpid: 0x8100,
                        pkttype: 4,
                        ifindex: 2,
                        protocol: 0x800,
                        hatype: 1,
                    };
                    assert_eq!(
                        m.run(&pk.data, pk.wire_len, &meta),
                        run(&p, &pk.data, pk.wire_len, &meta),
                        "{e:?}"
                    );
                }
            }
            Err(err) => {
                refused += 1;
                assert!(!err.message.is_empty());
                if let Some(s) = &err.span {
                    assert!(s.start <= s.end && s.end <= e.len(), "{e:?}: span {s:?}");
                }
            }
        }
    }
    println!("generated: {ok} compiled, {refused} refused");
    assert!(
        ok > 1500,
        "only {ok} of 3000 generated expressions compiled"
    );
}

#[test]
fn arbitrary_text_never_panics() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let alphabet: &[u8] =
        b"()[]:!&|=<>+-*/%^ \\$0123456789abcdefx.tcpudphostnetportvlanmplsandornot";
    let opts = all_options();
    for i in 0..4000 {
        let n = (rng.next_u64() % 40) as usize;
        let text: String = if i % 2 == 0 {
            (0..n)
                .map(|_| alphabet[(rng.next_u64() % alphabet.len() as u64) as usize] as char)
                .collect()
        } else {
            String::from_utf8_lossy(&rng.bytes(n)).into_owned()
        };
        if let Ok(p) = compile(&text, &opts[i % opts.len()], &NoResolver) {
            validate(&p).unwrap();
        }
    }
}

#[test]
fn arbitrary_programs_never_panic() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    let eth = promisc_testkit::packets::ethernet_packets();
    // Every opcode the kernel accepts, and then some it does not.
    let codes: &[u16] = &[
        0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c, 0x74,
        0x7c, 0x84, 0x94, 0x9c, 0xa4, 0xac, 0x20, 0x28, 0x30, 0x80, 0x40, 0x48, 0x50, 0x00, 0x60,
        0x81, 0xb1, 0x01, 0x61, 0x02, 0x03, 0x07, 0x87, 0x06, 0x16, 0x05, 0x15, 0x1d, 0x35, 0x3d,
        0x25, 0x2d, 0x45, 0x4d, 0x0e, 0x70, 0xff,
    ];
    let (mut valid, mut total) = (0, 0);
    for _ in 0..20000 {
        let n = 1 + (rng.next_u64() % 12) as usize;
        let mut insns: Vec<Insn> = (0..n)
            .map(|_| {
                let r = rng.next_u64();
                Insn {
                    code: if r & 1 == 0 {
                        codes[(r >> 8) as usize % codes.len()]
                    } else {
                        (r >> 16) as u16
                    },
                    jt: (r >> 32) as u8 % 4,
                    jf: (r >> 40) as u8 % 4,
                    k: match (r >> 48) % 4 {
                        0 => (r >> 20) as u32 % 64,
                        1 => 0xffff_f000 + (r as u32 % 80),
                        2 => (r >> 8) as u32,
                        _ => (r >> 50) as u32 % 16,
                    },
                }
            })
            .collect();
        if rng.next_u64() % 4 != 0 {
            insns.push(Insn {
                code: 0x06,
                jt: 0,
                jf: 0,
                k: (rng.next_u64() % 3) as u32,
            });
        }
        let p = Program(insns);
        total += 1;
        let pk = &eth[(rng.next_u64() % eth.len() as u64) as usize];
        let meta = Meta {
            vlan_tci: Some(5),
            ..Meta::default()
        };
        // Both interpreters run anything without panicking; on valid programs they agree.
        let a = run(&p, &pk.data, pk.wire_len, &meta);
        let b = Machine::new(&p).run(&pk.data, pk.wire_len, &meta);
        if validate(&p).is_ok() {
            valid += 1;
            assert_eq!(a, b, "{p:?}");
        }
    }
    println!("programs: {valid} of {total} valid");
    assert!(valid > 100);
}

/// On a cooked socket the kernel runs a rewritten program on the network-layer bytes with the
/// cooked header's fields as ancillary data: wherever the rewrite succeeds, its verdict on
/// each `LINUX_SLL2` packet equals the original program's on the whole record.
#[test]
fn cooked_programs_agree_with_the_record_programs() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let sll2 = promisc_testkit::packets::sll2_packets();
    let (mut cooked, mut refused) = (0, 0);
    for i in 0..3000 {
        let e = testgen::expression(&rng.bytes(64));
        let o = Options {
            linktype: 276,
            target: CompileTarget::LiveLinux,
            optimize: i % 2 == 0,
            netmask: Some(0xffff_ff00),
            ..Options::default()
        };
        let Ok(p) = compile(&e, &o, &NoResolver) else {
            continue;
        };
        let Ok(c) = for_cooked_socket(&p, 276) else {
            refused += 1;
            continue;
        };
        cooked += 1;
        validate(&c).unwrap_or_else(|v| panic!("{e:?}: the cooked program: {v}"));
        for pk in &sll2 {
            let d = &pk.data;
            if d.len() < 20 {
                continue;
            }
            let meta = Meta {
                protocol: u16::from_be_bytes([d[0], d[1]]),
                ifindex: u32::from_be_bytes([d[4], d[5], d[6], d[7]]),
                hatype: u16::from_be_bytes([d[8], d[9]]),
                pkttype: d[10],
                ..Meta::default()
            };
            assert_eq!(
                run(&c, &d[20..], pk.wire_len - 20, &meta),
                run(&p, d, pk.wire_len, &Meta::default()),
                "{e:?} on {d:02x?}"
            );
        }
    }
    assert!(
        cooked > 500,
        "only {cooked} cooked programs ({refused} refused)"
    );
}
