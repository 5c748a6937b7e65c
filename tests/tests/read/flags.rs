//! tcpdump's flags of `promisc read`: `--count`, `-F`, `-s`, `--print` and
//! `--time-stamp-precision`, each against the installed tcpdump on a file built here
//! (UDP and TCP over IPv4 over Ethernet). Without tcpdump the tests are skipped.

use crate::common::bin;
use promisc_testkit::frames::{eth, tcp, udp, V4};
use promisc_testkit::gate::have_tcpdump;
use promisc_testkit::temp::TempDir;
use std::process::{Command, Output};

/// A microsecond pcap file of Ethernet frames: UDP to port 53 and TCP to port 80, alternating.
fn pcap(frames: usize) -> Vec<u8> {
    let mut b = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&65535u32.to_le_bytes());
    b.extend_from_slice(&1u32.to_le_bytes());
    for i in 0..frames {
        let (proto, l4) = if i % 2 == 0 {
            (17, udp(1000 + i as u16, 53, &[i as u8; 40]))
        } else {
            (6, tcp(2000 + i as u16, 80, 0x18, &[i as u8; 60]))
        };
        let ip = V4::new([10, 0, 0, 1], [10, 0, 0, 2], proto).build(&l4);
        let f = eth([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1], 0x0800, &ip);
        for v in [
            1_700_000_000 + i as u32,
            123_456,
            f.len() as u32,
            f.len() as u32,
        ] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&f);
    }
    b
}

fn run(program: &str, args: &[&str]) -> Output {
    let mut c = Command::new(program);
    if program == "tcpdump" {
        c.arg("-n");
    } else {
        c.args(["read", "-n"]);
    }
    c.args(args).env("TZ", "UTC").output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The file, in a fresh directory that lives as long as the guard.
fn file(short: &str, frames: usize) -> (TempDir, String) {
    let dir = TempDir::new(short);
    let path = dir.file("f.pcap");
    std::fs::write(&path, pcap(frames)).unwrap();
    (dir, path)
}

#[test]
fn read_count_prints_the_number_as_tcpdump() {
    if !have_tcpdump() {
        return;
    }
    let (_dir, path) = file("rd-count", 7);
    for extra in [&[][..], &["udp"][..], &["-c", "3"][..], &["port", "9"][..]] {
        let mut args = vec!["-r", path.as_str(), "--count"];
        args.extend_from_slice(extra);
        let ours = run(&bin(), &args);
        let theirs = run("tcpdump", &args);
        assert!(ours.status.success(), "{ours:?}");
        assert_eq!(stdout(&ours), stdout(&theirs), "--count {extra:?}");
    }
    assert_eq!(
        stdout(&run(&bin(), &["-r", &path, "--count", "tcp"])),
        "3 packets\n"
    );
}

#[test]
fn read_filter_file_as_tcpdump() {
    if !have_tcpdump() {
        return;
    }
    let (dir, path) = file("rd-ffile", 6);
    let f = dir.file("filter");
    std::fs::write(&f, "# only the web\ntcp # not udp\n  and dst port 80\n").unwrap();
    let ours = run(&bin(), &["-r", &path, "-F", &f, "udp"]);
    let theirs = run("tcpdump", &["-r", &path, "-F", &f, "udp"]);
    assert!(ours.status.success(), "{ours:?}");
    assert_eq!(stdout(&ours), stdout(&theirs));
    assert_eq!(stdout(&ours).lines().count(), 3);
    let err = String::from_utf8_lossy(&ours.stderr);
    assert!(
        err.contains("is ignored"),
        "the words are said to be ignored: {err}"
    );

    let missing = dir.file("missing");
    let o = run(&bin(), &["-r", &path, "-F", &missing]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&missing),
        "{o:?}"
    );
    std::fs::write(&f, "tcp and\n").unwrap();
    let o = run(&bin(), &["-r", &path, "-F", &f]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&format!("-F {f}")),
        "{o:?}"
    );
}

/// tcpdump 4.99.3 accepts `-r FILE -s N` and ignores it; promisc cuts each packet to N bytes,
/// printed and written: the lines of the cut packets are tcpdump's lines of the cut file.
#[test]
fn read_snaplen_cuts_packets() {
    if !have_tcpdump() {
        return;
    }
    let (dir, path) = file("rd-snap", 4);
    let whole = promisc_testkit::pcap::read_complete(&path);
    for s in [40usize, 60] {
        let out = dir.file(&format!("cut{s}.pcap"));
        let n = s.to_string();
        assert!(run(&bin(), &["-r", &path, "-s", &n, "-w", &out])
            .status
            .success());
        let cut = promisc_testkit::pcap::read_complete(&out);
        assert_eq!(cut.packets.len(), whole.packets.len());
        for (c, w) in cut.packets.iter().zip(&whole.packets) {
            assert_eq!(c.data, w.data[..s.min(w.data.len())], "-s {s}: a prefix");
            assert_eq!(c.orig_len, w.orig_len, "the original length is kept");
        }
        let ours = run(&bin(), &["-r", &path, "-s", &n]);
        let theirs = run("tcpdump", &["-r", &out]);
        assert!(ours.status.success(), "{ours:?}");
        assert_eq!(stdout(&ours), stdout(&theirs), "-s {s}");
    }
    let all = run(&bin(), &["-r", &path, "-s", "0"]);
    assert_eq!(
        stdout(&all),
        stdout(&run("tcpdump", &["-r", &path])),
        "-s 0"
    );
}

#[test]
fn read_print_while_writing_and_nano_precision() {
    if !have_tcpdump() {
        return;
    }
    let (dir, path) = file("rd-print", 5);
    let out = dir.file("out.pcap");
    let ours = run(&bin(), &["-r", &path, "-w", &out, "--print"]);
    assert!(ours.status.success(), "{ours:?}");
    let theirs = run("tcpdump", &["-r", &path]);
    assert_eq!(
        stdout(&ours),
        stdout(&theirs),
        "--print prints every packet"
    );
    assert_eq!(
        promisc_testkit::pcap::read_complete(&out).packets.len(),
        5,
        "and writes them"
    );
    let nano = run(&bin(), &["-r", &path, "--time-stamp-precision=nano"]);
    let theirs = run("tcpdump", &["-r", &path, "--time-stamp-precision=nano"]);
    assert_eq!(stdout(&nano), stdout(&theirs));
    assert!(stdout(&nano).contains(".123456000 "), "{}", stdout(&nano));
}
