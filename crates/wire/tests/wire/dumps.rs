//! Golden tests of tcpdump's per-packet extras against tcpdump 4.99.3: the `-x`, `-xx`, `-X`,
//! `-XX`, `-A` and `-AA` dumps (with `-e` and `-q` where they interact), the `-t` family of time
//! stamps in micro- and nanoseconds, `-S` and `-#`, over the fixture pcaps of `golden.rs`
//! (their runts and truncated packets included). The expected text is checked in as
//! `fixtures/STEM--FLAGS.txt`; where tcpdump is installed it is run again live. Regenerate with
//! `PROMISC_UPDATE_FIXTURES=1`.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use crate::golden::KNOWN;
use promisc_wire::{PrintOptions, Printer};

/// One set of flags, as tcpdump takes them and as [`PrintOptions`] holds them.
struct Mode {
    flags: &'static [&'static str],
    opts: PrintOptions,
}

fn mode(flags: &'static [&'static str]) -> Mode {
    let mut o = PrintOptions::default();
    for f in flags {
        match *f {
            "-e" => o.link_header = true,
            "-q" => o.quiet = true,
            "-S" => o.absolute_seq = true,
            "-#" => o.numbers = true,
            "--nano" => o.nanos = true,
            "-H" => o.mesh_headers = true,
            f => {
                let n = f.len() as u8 - 1;
                match &f[..2] {
                    "-x" => o.hex = n,
                    "-X" => o.hex_ascii = n,
                    "-A" => o.ascii = n,
                    "-t" => o.time_stamps = n,
                    _ => panic!("unknown flag {f}"),
                }
            }
        }
    }
    Mode { flags, opts: o }
}

fn modes() -> Vec<Mode> {
    [
        &["-x"][..],
        &["-xx"],
        &["-X"],
        &["-XX"],
        &["-A"],
        &["-AA"],
        &["-XX", "-e"],
        &["-x", "-e"],
        &["-x", "-q"],
        &["-X", "-q"],
        &["-A", "-q"],
        &["-X", "-x"],
        &["-t"],
        &["-tt"],
        &["-ttt"],
        &["-tttt"],
        &["-ttttt"],
        &["-tt", "--nano"],
        &["-ttt", "--nano"],
        &["-tttt", "--nano"],
        &["-S"],
        &["-#"],
        &["-#", "-tt", "-x", "-e"],
    ]
    .into_iter()
    .map(mode)
    .collect()
}

fn tcpdump(path: &Path, flags: &[&str]) -> Option<String> {
    let o = Command::new("tcpdump")
        .env("TZ", "UTC")
        .arg("-n")
        .args(flags)
        .arg("-r")
        .arg(path)
        .output()
        .ok()?;
    assert!(o.status.success(), "tcpdump {flags:?} failed");
    Some(String::from_utf8(o.stdout).expect("tcpdump output is UTF-8"))
}

fn check(stem: &str, linktype: u32, pkts: &[Pkt]) {
    check_in(stem, linktype, pkts, modes());
}

/// [`check`] in the given modes only.
fn check_in(stem: &str, linktype: u32, pkts: &[Pkt], modes: Vec<Mode>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let pcap = dir.join(format!("{stem}.pcap"));
    let update = std::env::var("PROMISC_UPDATE_FIXTURES").is_ok_and(|v| v == "1");
    assert_eq!(
        std::fs::read(&pcap).expect("fixture pcap (golden.rs writes it)"),
        pcap_bytes(linktype, pkts),
        "{stem}.pcap is stale; regenerate"
    );
    let mut failures = Vec::new();
    let mut live = false;
    for m in modes {
        let txt = dir.join(format!("{stem}-{}.txt", m.flags.join("")));
        let fresh = tcpdump(&pcap, m.flags);
        if update {
            std::fs::write(&txt, fresh.as_deref().expect("updating needs tcpdump")).unwrap();
        }
        let expected = std::fs::read_to_string(&txt).expect("fixture text; regenerate");
        if let Some(f) = fresh {
            live = true;
            assert_eq!(
                f, expected,
                "live tcpdump {:?} differs from {txt:?}",
                m.flags
            );
        }
        let mut p = Printer::new(m.opts);
        p.set_interface_name(1, "lo");
        let texts: Vec<String> = pkts
            .iter()
            .map(|k| {
                let mut s = String::new();
                p.write_line(&mut s, k.ts_ns, linktype, &k.data, k.orig_len)
                    .unwrap();
                s.push('\n');
                s
            })
            .collect();
        // Walk tcpdump's text packet by packet; after a difference, go on from the line where
        // our next packet's text starts.
        let mut rest = expected.as_str();
        for (i, k) in pkts.iter().enumerate() {
            if let Some(r) = rest.strip_prefix(texts[i].as_str()) {
                rest = r;
                continue;
            }
            if !KNOWN.iter().any(|(n, _, _)| *n == k.name) {
                let upto = rest
                    .match_indices('\n')
                    .nth(4)
                    .map_or(rest.len(), |(p, _)| p);
                failures.push(format!(
                    "[{stem} {:?}] {}:\n  tcpdump: {}\n  ours:    {}",
                    m.flags,
                    k.name,
                    &rest[..upto],
                    texts[i]
                ));
            }
            let Some(next) = texts.get(i + 1) else {
                rest = "";
                break;
            };
            let head = next.split_inclusive('\n').next().unwrap_or("");
            let at = if rest.starts_with(head) {
                Some(0)
            } else {
                rest.find(&format!("\n{head}")).map(|p| p + 1)
            };
            match at {
                Some(at) => rest = &rest[at..],
                None => {
                    failures.push(format!("[{stem} {:?}] lost after {}", m.flags, k.name));
                    rest = "";
                    break;
                }
            }
        }
        if !rest.is_empty() {
            failures.push(format!(
                "[{stem} {:?}] tcpdump printed more: {rest}",
                m.flags
            ));
        }
    }
    if !live {
        promisc_testkit::gate::partly("tcpdump not installed (checked-in output only)");
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn ethernet_extras_match_tcpdump() {
    check("ether", LINKTYPE_ETHERNET, &ether_packets());
}

#[test]
fn linux_sll2_extras_match_tcpdump() {
    check("sll2", LINKTYPE_LINUX_SLL2, &sll2_packets());
}

#[test]
fn linktype_null_and_loop_extras_match_tcpdump() {
    check("null", 0, &null_packets(false));
    check("loop", 108, &null_packets(true));
}

#[test]
fn linktype_ipv4_extras_match_tcpdump() {
    check("ipv4", 228, &raw_ip_packets(false));
}

/// The link types of tests/common/links.rs: `-x` and `-xx` skip tcpdump's link-layer header
/// length, `-x -e` too.
#[test]
fn link_types_hex_dumps_match_tcpdump() {
    for l in link_fixtures().into_iter().chain(lan_link_fixtures()) {
        let modes = [&["-x"][..], &["-xx"], &["-x", "-e"]]
            .into_iter()
            .map(mode)
            .collect();
        check_in(l.stem, l.linktype, &l.pkts, modes);
    }
}

/// The 802.11 link types of tests/common/wlan.rs: `-x`, `-xx` and `-x -e` skip the radio
/// and 802.11 headers (and the LLC header of data frames) as tcpdump counts them; with `-H`
/// also a QoS data frame's mesh control header.
#[test]
fn wlan_hex_dumps_match_tcpdump() {
    for l in wlan_fixtures() {
        let modes = [
            &["-x"][..],
            &["-xx"],
            &["-x", "-e"],
            &["-x", "-H"],
            &["-A", "-H"],
        ]
        .into_iter()
        .map(mode)
        .collect();
        check_in(l.stem, l.linktype, &l.pkts, modes);
    }
}
