//! `protochain`: compiled as libpcap 1.10 compiles it (a loop over the extension headers, with
//! a backward `ja` the kernel refuses), run by the user-space machines, and selecting the same
//! packets as tcpdump on a capture with IPv6 extension-header chains built byte by byte.

use promisc_filter::{
    compile, dump, run, validate, validate_user, DumpStyle, Insn, Machine, Meta, NoResolver,
    Options, Program, ValidationError, MAX_BACKWARD_JUMPS,
};
use promisc_testkit::gate;
use promisc_testkit::packets::{pcap_indexes, write_pcap, Pkt};

const EXPRS: &[&str] = &[
    "protochain 6",
    "ip protochain 17",
    "ip6 protochain 17",
    "ip6 protochain 51",
    "ip6 protochain 44",
    "ip protochain 1",
    "ip6 protochain 6 and tcp port 80",
    "not ip6 protochain 59",
    "ip6 protochain 58",
];

fn opts(linktype: u32, optimize: bool) -> Options {
    Options {
        linktype,
        optimize,
        netmask: Some(0),
        ..Options::default()
    }
}

fn eth(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa,
    ];
    v.extend_from_slice(&ethertype.to_be_bytes());
    v.extend_from_slice(payload);
    v
}

/// An IPv6 header (2001:db8::1 -> 2001:db8::2) with next header `nh` before `rest`.
fn ip6(nh: u8, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![0x60, 0, 0, 0];
    v.extend_from_slice(&(rest.len() as u16).to_be_bytes());
    v.extend_from_slice(&[nh, 64]);
    for last in [1u8, 2] {
        v.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
        v.extend_from_slice(&[0; 11]);
        v.push(last);
    }
    v.extend_from_slice(rest);
    v
}

/// An IPv4 header (192.0.2.1 -> 192.0.2.2, 20 bytes) with protocol `p` before `rest`.
fn ip4(p: u8, rest: &[u8]) -> Vec<u8> {
    let total = (20 + rest.len()) as u16;
    let mut v = vec![0x45, 0];
    v.extend_from_slice(&total.to_be_bytes());
    v.extend_from_slice(&[0, 1, 0, 0, 64, p, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2]);
    v.extend_from_slice(rest);
    v
}

/// An extension header (hop-by-hop, destination options, routing) of `units` extra 8-octet
/// units, next header `nh`.
fn ext(nh: u8, units: u8) -> Vec<u8> {
    let mut v = vec![nh, units];
    v.resize(8 * (usize::from(units) + 1), 0);
    v
}

/// A fragment header (always 8 bytes), first fragment, next header `nh`.
fn frag(nh: u8) -> Vec<u8> {
    vec![nh, 0, 0, 1, 0, 0, 0, 7]
}

/// An Authentication Header of `len` (in 4-octet units minus 2): 12 bytes + ICV.
fn ah(nh: u8, len: u8) -> Vec<u8> {
    let mut v = vec![nh, len, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];
    v.resize(4 * (usize::from(len) + 2), 0xab);
    v
}

const UDP: [u8; 8] = [0x30, 0x39, 0x00, 0x35, 0, 8, 0, 0];
const TCP: [u8; 20] = [
    0x30, 0x39, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0, 0, 0, 0, 0,
];

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The capture: IPv6 with chains of every extension header kind, AH in IPv4 and IPv6, a
/// "no next header", and truncated chains.
fn packets() -> Vec<Pkt> {
    let mut out = Vec::new();
    let mut push = |data: Vec<u8>, what: &str| {
        out.push(Pkt {
            wire_len: data.len() as u32,
            data,
            what: what.into(),
        })
    };
    push(eth(0x86dd, &ip6(17, &UDP)), "ip6 udp");
    push(eth(0x86dd, &ip6(6, &TCP)), "ip6 tcp");
    let chain = cat(&[
        &ext(60, 0),
        &ext(43, 1),
        &ext(44, 0),
        &frag(51),
        &ah(17, 4),
        &UDP,
    ]);
    push(
        eth(0x86dd, &ip6(0, &chain)),
        "ip6 hop-by-hop, dstopts, routing, fragment, AH, udp",
    );
    let chain = cat(&[&ext(6, 2), &TCP]);
    push(eth(0x86dd, &ip6(60, &chain)), "ip6 dstopts(24) tcp");
    push(
        eth(0x86dd, &ip6(0, &ext(59, 0))),
        "ip6 hop-by-hop, no next header",
    );
    let chain = cat(&[&ah(6, 4), &TCP]);
    push(eth(0x0800, &ip4(51, &chain)), "ip AH tcp");
    push(eth(0x0800, &ip4(1, &[8, 0, 0, 0, 0, 1, 0, 1])), "ip icmp");
    let chain = cat(&[&ah(41, 4), &ip6(17, &UDP)]);
    push(eth(0x0800, &ip4(51, &chain)), "ip AH ip6-in-ip");
    // Truncated: the walk runs off the captured bytes and the packet is rejected.
    let chain = cat(&[&ext(60, 0), &ext(43, 1), &ext(17, 0), &UDP]);
    let full = eth(0x86dd, &ip6(0, &chain));
    for cut in [60, 66, 70, 80] {
        out.push(Pkt {
            data: full[..cut].to_vec(),
            wire_len: full.len() as u32,
            what: format!("ip6 chain cut at {cut}"),
        });
    }
    out
}

fn verdicts(p: &Program, pkts: &[Pkt]) -> Vec<bool> {
    let m = Machine::new(p);
    pkts.iter()
        .map(|pk| {
            let a = m.run(&pk.data, pk.wire_len, &Meta::default());
            let b = run(p, &pk.data, pk.wire_len, &Meta::default());
            assert_eq!(a, b, "Machine and run disagree on {}", pk.what);
            a != 0
        })
        .collect()
}

#[test]
fn compiles_to_a_loop_the_kernel_refuses_and_user_space_runs() {
    for e in EXPRS {
        for optimize in [true, false] {
            let p = compile(e, &opts(1, optimize), &NoResolver)
                .unwrap_or_else(|err| panic!("{e}: {err}"));
            assert!(
                matches!(validate(&p), Err(ValidationError::BackwardJump(_))),
                "{e}: {:?}",
                validate(&p)
            );
            assert_eq!(validate_user(&p), Ok(()), "{e}");
            // libpcap leaves the whole program unoptimized: -O changes nothing.
            let unopt = compile(e, &opts(1, false), &NoResolver).unwrap();
            assert_eq!(p, unopt, "{e}");
        }
    }
}

#[test]
fn selects_by_the_protocol_at_the_end_of_the_chain() {
    let pkts = packets();
    let sel = |e: &str| -> Vec<String> {
        let p = compile(e, &opts(1, true), &NoResolver).unwrap();
        verdicts(&p, &pkts)
            .iter()
            .zip(&pkts)
            .filter(|(v, _)| **v)
            .map(|(_, pk)| pk.what.clone())
            .collect()
    };
    // The chain cut at 80 still holds the routing header's next-header byte (udp): the walk
    // needs nothing past it. Cut earlier, a header it must read is missing: rejected.
    assert_eq!(
        sel("ip6 protochain 17"),
        [
            "ip6 udp",
            "ip6 hop-by-hop, dstopts, routing, fragment, AH, udp",
            "ip6 chain cut at 80"
        ]
    );
    assert_eq!(sel("ip6 protochain 6"), ["ip6 tcp", "ip6 dstopts(24) tcp"]);
    assert_eq!(sel("ip6 protochain 59"), ["ip6 hop-by-hop, no next header"]);
    assert_eq!(sel("ip protochain 6"), ["ip AH tcp"]);
    assert_eq!(sel("ip protochain 41"), ["ip AH ip6-in-ip"]);
    assert_eq!(
        sel("protochain 6"),
        ["ip6 tcp", "ip6 dstopts(24) tcp", "ip AH tcp"]
    );
    // Any header on the chain matches, not only the last one.
    assert_eq!(
        sel("ip6 protochain 51"),
        ["ip6 hop-by-hop, dstopts, routing, fragment, AH, udp"]
    );
    assert_eq!(
        sel("ip6 protochain 60"),
        [
            "ip6 hop-by-hop, dstopts, routing, fragment, AH, udp",
            "ip6 dstopts(24) tcp",
            "ip6 chain cut at 60",
            "ip6 chain cut at 66",
            "ip6 chain cut at 70",
            "ip6 chain cut at 80"
        ]
    );
}

#[test]
fn a_loop_that_never_ends_is_cut_short() {
    // ja -1: jumps to itself forever.
    let p = Program(vec![
        Insn {
            code: 0x05,
            jt: 0,
            jf: 0,
            k: u32::MAX,
        },
        Insn {
            code: 0x06,
            jt: 0,
            jf: 0,
            k: 1,
        },
    ]);
    assert_eq!(validate_user(&p), Ok(()));
    assert_eq!(Machine::new(&p).run(&[0; 4], 4, &Meta::default()), 0);
    assert_eq!(run(&p, &[0; 4], 4, &Meta::default()), 0);
    // Enough for a 256 KiB packet of 8-byte headers.
    const { assert!(MAX_BACKWARD_JUMPS >= 1 << 15) };
    // A jump before the first instruction is refused, and rejects if run anyway.
    let bad = Program(vec![
        Insn {
            code: 0x05,
            jt: 0,
            jf: 0,
            k: u32::MAX - 1,
        },
        p.0[1],
    ]);
    assert_eq!(validate_user(&bad), Err(ValidationError::BadJump(0)));
    assert_eq!(Machine::new(&bad).run(&[0; 4], 4, &Meta::default()), 0);
    assert_eq!(run(&bad, &[0; 4], 4, &Meta::default()), 0);
}

fn tcpdump(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = std::process::Command::new("tcpdump")
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn same_program_and_same_packets_as_libpcap() {
    if !gate::have_tcpdump() {
        return;
    }
    let pkts = packets();
    let dir = std::env::temp_dir().join(format!("promisc-protochain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("chains.pcap");
    let out = dir.join("out.pcap");
    write_pcap(&file, 1, &pkts);
    let mut failures = Vec::new();
    for e in EXPRS {
        for (lt, name) in [(1u32, "EN10MB"), (276, "LINUX_SLL2")] {
            for optimize in [true, false] {
                let p = compile(e, &opts(lt, optimize), &NoResolver).unwrap();
                let mut args = vec!["-d", "-y", name];
                if !optimize {
                    args.push("-O");
                }
                args.extend(["--", e]);
                let theirs = String::from_utf8(tcpdump(&args).unwrap()).unwrap();
                if dump(&p, DumpStyle::D) != theirs {
                    failures.push(format!(
                        "{name} {e} (optimize {optimize}):\nours:\n{}libpcap:\n{theirs}",
                        dump(&p, DumpStyle::D)
                    ));
                }
            }
        }
        let p = compile(e, &opts(1, true), &NoResolver).unwrap();
        let ours = verdicts(&p, &pkts);
        tcpdump(&[
            "-r",
            file.to_str().unwrap(),
            "-w",
            out.to_str().unwrap(),
            "--",
            e,
        ])
        .unwrap();
        let mut theirs = vec![false; pkts.len()];
        for i in pcap_indexes(&std::fs::read(&out).unwrap()) {
            theirs[i] = true;
        }
        if ours != theirs {
            failures.push(format!("{e}: ours {ours:?}, tcpdump {theirs:?}"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
