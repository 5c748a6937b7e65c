//! tcpdump's printing flags of `promisc read` (issue 22): `-T TYPE`, `-K`, `-H` and `-E`, each
//! against the installed tcpdump on a file built here. Without tcpdump the comparisons are
//! skipped; the refusals are checked either way.

use crate::common::bin;
use promisc_testkit::frames::{eth, ipv4_checksummed, tcp, udp, V4};
use promisc_testkit::gate::have_tcpdump;
use promisc_testkit::temp::TempDir;
use std::process::{Command, Output};

/// A DNS query for `example.com` A (id 0x1234, recursion desired).
fn dns_query() -> Vec<u8> {
    let mut q = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
    q.extend_from_slice(b"\x07example\x03com\x00\x00\x01\x00\x01");
    q
}

/// A TFTP read request for `boot.img` in octet mode.
fn tftp_rrq() -> Vec<u8> {
    let mut r = vec![0, 1];
    r.extend_from_slice(b"boot.img\0octet\0");
    r
}

/// A microsecond pcap file of the Ethernet frames.
fn pcap(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut b = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&65535u32.to_le_bytes());
    b.extend_from_slice(&1u32.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        for v in [
            1_700_000_000 + i as u32,
            250_000,
            f.len() as u32,
            f.len() as u32,
        ] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(f);
    }
    b
}

/// IPv4 over Ethernet, 192.0.2.1 to 192.0.2.2.
fn frame(proto: u8, l4: Vec<u8>, csum_at: usize) -> Vec<u8> {
    let ip = ipv4_checksummed([192, 0, 2, 1], [192, 0, 2, 2], proto, l4, csum_at);
    eth([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1], 0x0800, &ip)
}

/// DNS and TFTP on ports no printer is picked by (8053, 6969), and DNS over TCP on 8053, the
/// transport checksums right.
fn odd_ports() -> Vec<Vec<u8>> {
    vec![
        frame(17, udp(40000, 8053, &dns_query()), 6),
        frame(17, udp(40001, 6969, &tftp_rrq()), 6),
        frame(6, tcp(40002, 8053, 0x18, &dns_tcp()), 16),
    ]
}

/// The DNS query over TCP: its two-byte length first.
fn dns_tcp() -> Vec<u8> {
    let q = dns_query();
    let mut t = (q.len() as u16).to_be_bytes().to_vec();
    t.extend_from_slice(&q);
    t
}

/// The file, in a fresh directory that lives as long as the guard.
fn file(short: &str, frames: &[Vec<u8>]) -> (TempDir, String) {
    let dir = TempDir::new(short);
    let path = dir.file("f.pcap");
    std::fs::write(&path, pcap(frames)).unwrap();
    (dir, path)
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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn read_packet_type_forces_the_payload_printer_as_tcpdump() {
    let (_dir, path) = file("rd-T", &odd_ports());
    // Without -T the ports pick no printer: the test below can tell.
    let plain = stdout(&run(&bin(), &["-r", &path]));
    assert!(!plain.contains("A? example.com."), "{plain}");
    assert!(!plain.contains("RRQ"), "{plain}");
    let dns = run(&bin(), &["-r", &path, "-T", "domain"]);
    assert!(dns.status.success(), "{dns:?}");
    let text = stdout(&dns);
    assert_eq!(text.matches("A? example.com.").count(), 2, "{text}");
    let tftp = stdout(&run(&bin(), &["-r", &path, "-T", "TFTP"]));
    assert!(tftp.contains("RRQ \"boot.img\" octet"), "{tftp}");
    if !have_tcpdump() {
        return;
    }
    for t in ["domain", "tftp", "TFTP", "carp", "radius", "vxlan", "ptp"] {
        for v in [&[][..], &["-vv"][..]] {
            if t == "radius" && !v.is_empty() {
                // (RADIUS's -v attribute lines are another printer's work.)
                continue;
            }
            let mut args = vec!["-r", path.as_str(), "-T", t];
            args.extend_from_slice(v);
            let (ours, theirs) = (run(&bin(), &args), run("tcpdump", &args));
            assert!(ours.status.success(), "{ours:?}");
            assert_eq!(stdout(&ours), stdout(&theirs), "-T {t} {v:?}");
        }
    }
}

#[test]
fn read_unknown_packet_type_is_refused_with_the_list() {
    let (_dir, path) = file("rd-T-bad", &odd_ports());
    let o = run(&bin(), &["-r", &path, "-T", "dns"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = stderr(&o);
    assert!(err.contains("unknown packet type `dns'"), "{err}");
    assert!(err.contains("domain") && err.contains("pgm_zmtp1"), "{err}");
    assert!(o.stdout.is_empty(), "{o:?}");
}

#[test]
fn read_esp_secrets_are_refused_clearly() {
    let (_dir, path) = file("rd-E", &odd_ports());
    let o = run(&bin(), &["-r", &path, "-E", "3des-cbc-hmac96:0x4043"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = stderr(&o);
    assert!(err.contains("ESP decryption is not built"), "{err}");
    assert!(err.contains("drop -E"), "{err}");
}

#[test]
fn read_dont_verify_checksums_as_tcpdump() {
    // A bad IP header checksum and a bad UDP checksum, and a right TCP one.
    let mut frames = odd_ports();
    let bad_ip = {
        let mut ip = V4::new([192, 0, 2, 1], [192, 0, 2, 2], 17).build(&udp(1, 2, &[7; 8]));
        ip[10] ^= 0xff;
        eth([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1], 0x0800, &ip)
    };
    frames.push(bad_ip);
    frames[0][14 + 20 + 6] ^= 0x55;
    let (_dir, path) = file("rd-K", &frames);
    let checked = stdout(&run(&bin(), &["-r", &path, "-vv"]));
    assert!(checked.contains("bad cksum"), "{checked}");
    assert!(checked.contains("bad udp cksum"), "{checked}");
    assert!(checked.contains("(correct)"), "{checked}");
    for k in ["-K", "--dont-verify-checksums"] {
        let unchecked = stdout(&run(&bin(), &["-r", &path, "-vv", k]));
        assert!(!unchecked.contains("cksum"), "{unchecked}");
        assert!(!unchecked.contains("(correct)"), "{unchecked}");
    }
    if !have_tcpdump() {
        return;
    }
    for v in ["-v", "-vv", "-vvv"] {
        let args = ["-r", path.as_str(), v, "-K"];
        assert_eq!(
            stdout(&run(&bin(), &args)),
            stdout(&run("tcpdump", &args)),
            "{v} -K"
        );
    }
}

#[test]
fn read_mesh_headers_flag_is_accepted() {
    let (_dir, path) = file("rd-H", &odd_ports());
    let with = run(&bin(), &["-r", &path, "-H"]);
    assert!(with.status.success(), "{with:?}");
    // Ethernet prints the same with it.
    assert_eq!(stdout(&with), stdout(&run(&bin(), &["-r", &path])));
    if have_tcpdump() {
        let args = ["-r", path.as_str(), "-H"];
        assert_eq!(stdout(&with), stdout(&run("tcpdump", &args)));
    }
}

/// A pcapng block of `kind` with `body` (padded to 4 bytes), its lengths around it.
fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let mut body = body.to_vec();
    while body.len() % 4 != 0 {
        body.push(0);
    }
    let len = (12 + body.len()) as u32;
    let mut b = kind.to_le_bytes().to_vec();
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(&body);
    b.extend_from_slice(&len.to_le_bytes());
    b
}

/// An Ethernet interface description, named `name` (`if_name`) unless `None`.
fn idb(name: Option<&str>) -> Vec<u8> {
    let mut body = vec![1, 0, 0, 0];
    body.extend_from_slice(&65535u32.to_le_bytes());
    if let Some(n) = name {
        body.extend_from_slice(&2u16.to_le_bytes());
        body.extend_from_slice(&(n.len() as u16).to_le_bytes());
        body.extend_from_slice(n.as_bytes());
        while body.len() % 4 != 0 {
            body.push(0);
        }
        body.extend_from_slice(&[0; 4]);
    }
    block(1, &body)
}

/// An enhanced packet block of interface `iface`, at microsecond `usecs`.
fn epb(iface: u32, usecs: u64, frame: &[u8]) -> Vec<u8> {
    let mut body = iface.to_le_bytes().to_vec();
    body.extend_from_slice(&((usecs >> 32) as u32).to_le_bytes());
    body.extend_from_slice(&(usecs as u32).to_le_bytes());
    body.extend_from_slice(&(frame.len() as u32).to_le_bytes());
    body.extend_from_slice(&(frame.len() as u32).to_le_bytes());
    body.extend_from_slice(frame);
    block(6, &body)
}

#[test]
fn read_print_interface_names_each_packets_interface() {
    let mut shb = 0x1a2b_3c4du32.to_le_bytes().to_vec();
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&u64::MAX.to_le_bytes());
    let mut ng = block(0x0a0d_0d0a, &shb);
    ng.extend(idb(Some("eth0")));
    ng.extend(idb(Some("wlan0")));
    ng.extend(idb(None));
    let frames = odd_ports();
    for (i, iface) in [0u32, 1, 2].into_iter().enumerate() {
        ng.extend(epb(iface, 1_700_000_000_000_000 + i as u64, &frames[i]));
    }
    let dir = TempDir::new("rd-if");
    let path = dir.file("multi.pcapng");
    std::fs::write(&path, &ng).unwrap();
    let plain = run(&bin(), &["-r", &path]);
    assert!(plain.status.success(), "{plain:?}");
    let named = run(&bin(), &["-r", &path, "--print-interface"]);
    assert!(named.status.success(), "{named:?}");
    let (plain, named) = (stdout(&plain), stdout(&named));
    let names = ["eth0", "wlan0", "#2"];
    assert_eq!(named.lines().count(), 3, "{named}");
    for ((p, n), name) in plain.lines().zip(named.lines()).zip(names) {
        // The same line with the name after the time stamp.
        let (stamp, rest) = p.split_once(' ').unwrap();
        assert_eq!(n, format!("{stamp} {name} {rest}"), "{named}");
    }
    // With -# and -tttt too: after the number and the date and time.
    let numbered = stdout(&run(
        &bin(),
        &["-r", &path, "--print-interface", "-#", "-tttt"],
    ));
    let first = numbered.lines().next().unwrap_or_default();
    assert!(first.starts_with("    1  2023-11-14 "), "{first}");
    assert!(first.contains(".000000 eth0 IP 192.0.2.1."), "{first}");
    // tcpdump prints the plain lines.
    if have_tcpdump() {
        assert_eq!(plain, stdout(&run("tcpdump", &["-r", &path])));
    }
}

#[test]
fn read_line_buffered_prints_the_same_lines() {
    let (_dir, path) = file("rd-l", &odd_ports());
    let plain = run(&bin(), &["-r", &path]);
    let buffered = run(&bin(), &["-r", &path, "-l"]);
    assert!(buffered.status.success(), "{buffered:?}");
    assert_eq!(stdout(&buffered).lines().count(), 3);
    assert_eq!(stdout(&buffered), stdout(&plain));
    if have_tcpdump() {
        let args = ["-r", path.as_str(), "-l"];
        assert_eq!(stdout(&buffered), stdout(&run("tcpdump", &args)));
    }
}
