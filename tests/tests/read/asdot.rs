//! `-b` (tcpdump's ASDOT notation for BGP's 4-byte AS numbers) in `promisc read`, against the
//! installed tcpdump, and its place in `read --help` and `capture --help`.

use crate::common::bin;
use promisc_testkit::frames::{eth, tcp, V4};
use promisc_testkit::gate::have_tcpdump;
use promisc_testkit::temp::TempDir;
use std::process::{Command, Output};

/// A BGP OPEN from AS 23456 whose 4-byte AS capability says 4200000001 (64086.59905 in ASDOT),
/// and an UPDATE whose AS path holds it, in one pcap file.
fn pcap() -> Vec<u8> {
    let mut open = vec![0xff; 16];
    open.extend_from_slice(&[0, 37, 1, 4, 0x5b, 0xa0, 0, 180, 10, 0, 0, 1, 8]);
    open.extend_from_slice(&[2, 6, 65, 4, 0xfa, 0x56, 0xea, 0x01]);
    let mut update = vec![0xff; 16];
    update.extend_from_slice(&[0, 36, 2, 0, 0, 0, 13]);
    update.extend_from_slice(&[0x40, 2, 10, 2, 2, 0, 0, 0xfd, 0xe8, 0xfa, 0x56, 0xea, 0x01]);
    let mut b = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&65535u32.to_le_bytes());
    b.extend_from_slice(&1u32.to_le_bytes());
    for (i, msg) in [open, update].iter().enumerate() {
        let seg = tcp(40179, 179, 0x18, msg);
        let ip = V4::new([10, 0, 0, 1], [10, 0, 0, 2], 6).build(&seg);
        let f = eth([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1], 0x0800, &ip);
        for v in [1_700_000_000 + i as u32, 0, f.len() as u32, f.len() as u32] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&f);
    }
    b
}

fn run(program: &str, args: &[&str]) -> Output {
    let mut c = Command::new(program);
    if program != "tcpdump" {
        c.arg("read");
    }
    c.arg("-n")
        .args(args)
        .env("TZ", "UTC")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn read_b_prints_4_byte_as_numbers_in_asdot() {
    let dir = TempDir::new("rd-asdot");
    let path = dir.file("bgp.pcap");
    std::fs::write(&path, pcap()).unwrap();
    let plain = run(&bin(), &["-v", "-r", &path]);
    let dot = run(&bin(), &["-v", "-b", "-r", &path]);
    assert!(plain.status.success(), "{plain:?}");
    assert!(dot.status.success(), "{dot:?}");
    let (plain, dot) = (stdout(&plain), stdout(&dot));
    assert!(plain.contains("4 Byte AS 4200000001"), "{plain}");
    assert!(
        plain.contains("AS Path (2), length: 10, Flags [T]: 65000 4200000001 "),
        "{plain}"
    );
    assert!(dot.contains("4 Byte AS 64086.59905"), "{dot}");
    assert!(dot.contains("Flags [T]: 65000 64086.59905 "), "{dot}");
    // AS numbers that fit 16 bits print the same either way.
    assert!(dot.contains("my AS 23456"), "{dot}");
    if !have_tcpdump() {
        return;
    }
    for flags in [&["-v"][..], &["-vb"][..], &["-vvb"][..], &["-b"][..]] {
        let mut args = flags.to_vec();
        args.extend(["-r", path.as_str()]);
        let ours = run(&bin(), &args);
        let theirs = run("tcpdump", &args);
        assert!(ours.status.success(), "{ours:?}");
        assert_eq!(stdout(&ours), stdout(&theirs), "{flags:?}");
    }
}

#[test]
fn b_is_documented_for_read_and_capture() {
    for cmd in ["read", "capture"] {
        let o = Command::new(bin())
            .args([cmd, "--help"])
            .output()
            .expect("runs");
        let help = String::from_utf8_lossy(&o.stdout);
        let lines: Vec<&str> = help.lines().collect();
        let at = lines.iter().position(|l| l.trim() == "-b");
        assert!(
            at.is_some_and(|i| lines.get(i + 1).is_some_and(|l| l.contains("ASDOT"))),
            "{cmd} --help documents -b:\n{help}"
        );
    }
}
