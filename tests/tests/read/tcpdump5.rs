//! tcpdump 5's flags that tcpdump 4.99 lacks (issue 22 item 4): `--skip`, `--print-sampling`,
//! `--lengths` and `-g`, on a file built here. The installed tcpdump (4.99) refuses them, so
//! the expected lines are written here from tcpdump master's code and manual (`print.c`'s
//! `pretty_print_packet`, `tcpdump.c`'s callbacks, `print-ip.c`), in the form its
//! tests/TESTLIST outputs have (`dns_tcp-skip-3*.out`, `print-sampling.out`,
//! `dns_udp_2.out`).

use crate::common::bin;
use promisc_testkit::frames::{eth, udp, v4a, V4};
use promisc_testkit::temp::TempDir;
use std::process::{Command, Output};

/// Packets in the file.
const PACKETS: u32 = 10;

/// Packet `i` (from 0): UDP 192.0.2.1.(40000+i) > 198.51.100.2.40100 with 4 bytes, over
/// Ethernet (not padded): 46 bytes on the wire.
fn frame(i: u32) -> Vec<u8> {
    let ip = V4::new(v4a(192, 0, 2, 1), v4a(198, 51, 100, 2), 17).build(&udp(
        40000 + i as u16,
        40100,
        b"abcd",
    ));
    eth([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1], 0x0800, &ip)
}

/// A microsecond pcap file of [`PACKETS`] frames, packet `i` at 1700000000+i s; the last one
/// captured in its first 30 bytes only.
fn pcap() -> Vec<u8> {
    let mut b = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&65535u32.to_le_bytes());
    b.extend_from_slice(&1u32.to_le_bytes());
    for i in 0..PACKETS {
        let f = frame(i);
        let caplen = if i == PACKETS - 1 { 30 } else { f.len() };
        for v in [1_700_000_000 + i, 250_000, caplen as u32, f.len() as u32] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&f[..caplen]);
    }
    b
}

/// The file, in a fresh directory that lives as long as the guard.
fn file(short: &str) -> (TempDir, String) {
    let dir = TempDir::new(short);
    let path = dir.file("f.pcap");
    std::fs::write(&path, pcap()).unwrap();
    (dir, path)
}

/// `promisc read -n -tt -r PATH ARGS`.
fn read(path: &str, args: &[&str]) -> Output {
    let o = Command::new(bin())
        .args(["read", "-n", "-tt", "-r", path])
        .args(args)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{args:?}: {o:?}");
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The line of packet `n` (from 1) as `-n -tt` prints it, `-#` numbered when `numbered`.
fn line(n: u32, numbered: bool) -> String {
    let i = n - 1;
    let number = if numbered {
        format!("{n:5}  ")
    } else {
        String::new()
    };
    let ts = format!("{}.250000", 1_700_000_000 + i);
    if n == PACKETS {
        // 30 bytes: the Ethernet header and 16 of the IPv4 header's 20 (tcpdump 4.99 prints
        // two spaces there).
        return format!("{number}{ts} IP  [|ip]");
    }
    format!(
        "{number}{ts} IP 192.0.2.1.{} > 198.51.100.2.40100: UDP, length 4",
        40000 + i
    )
}

fn lines(ns: impl IntoIterator<Item = u32>, numbered: bool) -> String {
    ns.into_iter()
        .map(|n| line(n, numbered) + "\n")
        .collect::<String>()
}

#[test]
fn read_without_the_flags_prints_every_packet() {
    let (_dir, path) = file("rd5-all");
    assert_eq!(stdout(&read(&path, &["-#"])), lines(1..=PACKETS, true));
}

#[test]
fn read_skip_leaves_out_the_first_packets_numbered_by_their_place() {
    let (_dir, path) = file("rd5-skip");
    // tcpdump's dns_tcp-skip-3*.out: the numbers go on from the skipped packets, -c counts
    // after them.
    assert_eq!(
        stdout(&read(&path, &["-#", "--skip", "3"])),
        lines(4..=PACKETS, true)
    );
    assert_eq!(
        stdout(&read(&path, &["-#", "--skip", "3", "-c", "4"])),
        lines(4..=7, true)
    );
    assert_eq!(
        stdout(&read(&path, &["--skip", "3", "-c", "1"])),
        lines([4], false)
    );
    assert_eq!(
        stdout(&read(&path, &["--skip", "0"])),
        lines(1..=PACKETS, false)
    );
    assert_eq!(stdout(&read(&path, &["--skip", "99"])), "");
    // The skipped packets are those the filter passes; their numbers are among those.
    assert_eq!(
        stdout(&read(
            &path,
            &[
                "-#",
                "--skip",
                "1",
                "udp src port 40002 or udp src port 40005"
            ]
        )),
        format!("    2  {}\n", line(6, false))
    );
    // --count counts the skipped packets too (tcpdump's packets_captured), up to -c after
    // them.
    assert_eq!(
        stdout(&read(&path, &["--skip", "3", "--count"])),
        "10 packets\n"
    );
    assert_eq!(
        stdout(&read(&path, &["--skip", "3", "-c", "2", "--count"])),
        "5 packets\n"
    );
}

#[test]
fn read_skip_leaves_the_first_packets_out_of_the_file_written() {
    let (dir, path) = file("rd5-skipw");
    let out = dir.file("out.pcap");
    let w = read(&path, &["--skip", "7", "-w", &out]);
    assert_eq!(stdout(&w), "");
    let again = stdout(&read(&out, &[]));
    assert_eq!(again, lines(8..=PACKETS, false));
}

#[test]
fn read_print_sampling_prints_every_nth_packet() {
    let (dir, path) = file("rd5-sample");
    // tcpdump's print-sampling.out: 3, 6, 9 of 10.
    assert_eq!(
        stdout(&read(&path, &["-#", "--print-sampling=3"])),
        lines([3, 6, 9], true)
    );
    assert_eq!(
        stdout(&read(&path, &["--print-sampling", "4"])),
        lines([4, 8], false)
    );
    assert_eq!(
        stdout(&read(&path, &["--print-sampling", "1"])),
        lines(1..=PACKETS, false)
    );
    // -c counts every packet read, printed or not.
    assert_eq!(
        stdout(&read(&path, &["-#", "--print-sampling", "2", "-c", "5"])),
        lines([2, 4], true)
    );
    // The skipped packets count: 3 skipped, then 6 and 9.
    assert_eq!(
        stdout(&read(
            &path,
            &["-#", "--print-sampling", "3", "--skip", "4"]
        )),
        lines([6, 9], true)
    );
    // With -w it implies --print: every packet written, every 5th printed.
    let out = dir.file("out.pcap");
    let w = read(&path, &["--print-sampling", "5", "-w", &out]);
    assert_eq!(stdout(&w), lines([5, 10], false));
    assert_eq!(stdout(&read(&out, &[])), lines(1..=PACKETS, false));
}

#[test]
fn read_lengths_prints_caplen_and_len_after_the_number() {
    let (_dir, path) = file("rd5-len");
    // tcpdump's dns_udp_2.out: `    1  caplen 98 len 98 2023-12-26 ...`.
    let want: String = (1..=PACKETS)
        .map(|n| {
            let caplen = if n == PACKETS { 30 } else { 46 };
            let l = line(n, false);
            format!("{n:5}  caplen {caplen} len 46 {l}\n")
        })
        .collect();
    assert_eq!(stdout(&read(&path, &["-#", "--lengths"])), want);
    let first = stdout(&read(&path, &["--lengths", "-c", "1"]));
    assert_eq!(first, format!("caplen 46 len 46 {}\n", line(1, false)));
}

#[test]
fn read_g_keeps_the_verbose_ipv4_header_on_the_line() {
    let (_dir, path) = file("rd5-g");
    let ip = "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [none], proto UDP (17), length 32)";
    let split = stdout(&read(&path, &["-v", "-c", "1"]));
    let one = stdout(&read(&path, &["-v", "-g", "-c", "1"]));
    assert!(
        split.starts_with(&format!(
            "1700000000.250000 {ip}\n    192.0.2.1.40000 > 198.51.100.2.40100: "
        )),
        "{split}"
    );
    assert!(
        one.starts_with(&format!(
            "1700000000.250000 {ip} 192.0.2.1.40000 > 198.51.100.2.40100: "
        )),
        "{one}"
    );
    assert_eq!(one, split.replacen(")\n    ", ") ", 1));
    assert_eq!(one.lines().count(), 1, "{one}");
    // --ip-oneline is its long name; without -v it changes nothing (tcpdump's dns_udp-g).
    assert_eq!(
        stdout(&read(&path, &["-v", "--ip-oneline", "-c", "1"])),
        one
    );
    assert_eq!(stdout(&read(&path, &["-g"])), stdout(&read(&path, &[])));
}

#[test]
fn read_refuses_counts_out_of_tcpdumps_bounds() {
    let (_dir, path) = file("rd5-bad");
    for bad in [
        &["--skip", "-1"][..],
        &["--skip", "2147483648"],
        &["--print-sampling", "0"],
    ] {
        let o = Command::new(bin())
            .args(["read", "-r", &path])
            .args(bad)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {o:?}");
        assert_eq!(o.stdout, b"", "{bad:?}");
    }
}
