//! `promisc filter`, and expressions in `promisc read`, judged by tcpdump: the printed programs
//! must equal `tcpdump -y LINKTYPE -d/-dd/-ddd`, and the packets selected from a file must be
//! the ones `tcpdump -r FILE EXPR` selects. No privileges needed; without tcpdump the tests
//! are skipped (see the testkit's gate).

use crate::common::bin;
use promisc_testkit::gate::have_tcpdump;
use std::process::{Command, Output};

const PCAP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/crates/wire/tests/fixtures/ether.pcap"
);

fn run(cmd: &str, args: &[&str]) -> Output {
    Command::new(cmd)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every third expression of the compiler's differential corpus (both link types).
fn sample() -> Vec<(&'static str, String)> {
    promisc_testkit::corpus::cases()
        .into_iter()
        .map(|c| (c.lt_name, c.expr))
        .step_by(3)
        .collect()
}

#[test]
fn programs_print_exactly_as_tcpdump_prints_them() {
    if !have_tcpdump() {
        return;
    }
    let mut compared = 0;
    for (linktype, expr) in sample() {
        for flag in ["-d", "-dd", "-ddd"] {
            let theirs = run("tcpdump", &["-y", linktype, flag, &expr]);
            let mut ours = run(&bin(), &["filter", "-y", linktype, flag, &expr]);
            // `tcpdump -y -d` compiles for no savefile, so libpcap uses the live Linux form of
            // inbound/outbound there; promisc filter compiles for files unless --live.
            if String::from_utf8_lossy(&ours.stderr).contains("when reading savefiles") {
                ours = run(&bin(), &["filter", "--live", "-y", linktype, flag, &expr]);
            }
            if !theirs.status.success() {
                // libpcap refuses it: so must we, with exit 2.
                assert_eq!(
                    ours.status.code(),
                    Some(2),
                    "{expr:?} accepted by promisc only"
                );
                continue;
            }
            assert!(ours.status.success(), "{expr:?}: {:?}", ours);
            assert_eq!(
                stdout(&ours),
                stdout(&theirs),
                "{flag} {expr:?} ({linktype})"
            );
            compared += 1;
        }
    }
    assert!(compared > 300, "only {compared} programs compared");
}

#[test]
fn unoptimized_programs_match_too() {
    if !have_tcpdump() {
        return;
    }
    for expr in [
        "tcp port 80",
        "udp and not port 53",
        "vlan 10 and host 10.0.0.1",
    ] {
        let theirs = run("tcpdump", &["-y", "EN10MB", "-O", "-d", expr]);
        let ours = run(&bin(), &["filter", "-O", "-d", expr]);
        assert_eq!(stdout(&ours), stdout(&theirs), "{expr}");
    }
}

#[test]
fn errors_mark_the_position_and_exit_2() {
    let o = run(&bin(), &["filter", "-d", "tcp and (port 80 or"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("syntax error"), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    let expr_line = lines
        .iter()
        .position(|l| l.contains("tcp and (port 80 or"))
        .unwrap();
    let caret = lines[expr_line + 1];
    assert_eq!(
        caret.find('^'),
        Some("  tcp and (port 80 or".len()),
        "{err}"
    );

    let o = run(&bin(), &["filter", "-d", "tcp port 99999"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("^"));

    // A link type filters are not compiled for (Token Ring) is a usage error.
    let o = run(&bin(), &["filter", "-y", "IEEE802", "-d", "tcp"]);
    assert_eq!(o.status.code(), Some(2));
    // 802.11 compiles; a primitive it has no meaning for is refused with exit 2.
    let o = run(&bin(), &["filter", "-y", "IEEE802_11", "-d", "tcp"]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&bin(), &["filter", "-y", "IEEE802_11", "-d", "mpls"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no MPLS support for 802.11"));
}

#[test]
fn read_selects_the_packets_tcpdump_selects() {
    if !have_tcpdump() {
        return;
    }
    for expr in [
        "tcp",
        "udp port 53",
        "arp or icmp",
        "ip6 and not icmp6",
        "vlan",
        "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
        "ether broadcast",
        "net 10.0.0.0/8 and greater 100",
    ] {
        let theirs = run("tcpdump", &["-n", "-r", PCAP, expr]);
        assert!(theirs.status.success(), "tcpdump {expr}: {theirs:?}");
        let ours = run(&bin(), &["read", "-n", "-r", PCAP, expr]);
        assert!(ours.status.success(), "promisc {expr}: {ours:?}");
        let (t, o) = (stdout(&theirs), stdout(&ours));
        // The selection is what is judged here: the packets' timestamps (unique in the
        // fixture), not the decoding, which crates/wire compares with its known differences.
        let stamps = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('\t'))
                .map(|l| l.split(' ').next().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(stamps(&o), stamps(&t), "read -r with {expr:?}");
        assert!(
            !stamps(&t).is_empty() || expr == "vlan",
            "{expr:?} selected nothing"
        );

        let count = run(&bin(), &["filter", "--test", PCAP, expr]);
        let total = run("tcpdump", &["-n", "-r", PCAP]);
        let want = format!(
            "{} of {} packets match\n",
            t.lines().filter(|l| !l.starts_with('\t')).count(),
            stdout(&total)
                .lines()
                .filter(|l| !l.starts_with('\t'))
                .count()
        );
        assert_eq!(stdout(&count), want, "--test with {expr:?}");
    }
}
