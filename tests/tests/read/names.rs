//! `promisc read` without `-n` prints port names from /etc/services as tcpdump does, MAC
//! addresses with their OUI's name, and host addresses that have no name (documentation ranges)
//! as numbers, without stalling on the resolver (each command runs in an empty network
//! namespace, so no lookup leaves the machine). With `-n` both stay numbers. Compared with `tcpdump -r` (no `-n`) where installed.

use crate::common::bin;
use promisc_testkit::gate::have_tcpdump;
use std::process::Command;
use std::time::{Duration, Instant};

fn csum(b: &[u8]) -> u16 {
    let mut s: u32 = b
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum();
    while s > 0xffff {
        s = (s >> 16) + (s & 0xffff);
    }
    !(s as u16)
}

fn ip(src: [u8; 4], dst: [u8; 4], proto: u8, payload: &[u8]) -> Vec<u8> {
    let mut h = vec![0x45, 0];
    h.extend_from_slice(&(20 + payload.len() as u16).to_be_bytes());
    h.extend_from_slice(&[0, 1, 0, 0, 64, proto, 0, 0]);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    let c = csum(&h);
    h[10..12].copy_from_slice(&c.to_be_bytes());
    h.extend_from_slice(payload);
    h
}

fn tcp(sport: u16, dport: u16) -> Vec<u8> {
    let mut t = sport.to_be_bytes().to_vec();
    t.extend_from_slice(&dport.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 2, 0, 0, 0, 0, 0]);
    t
}

fn udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let mut u = sport.to_be_bytes().to_vec();
    u.extend_from_slice(&dport.to_be_bytes());
    u.extend_from_slice(&(8 + payload.len() as u16).to_be_bytes());
    u.extend_from_slice(&[0, 0]);
    u.extend_from_slice(payload);
    u
}

/// An Ethernet pcap of TCP and UDP packets between documentation addresses, on ports that
/// have names in /etc/services (and some that have none).
fn pcap() -> Vec<u8> {
    let (a, b, c) = ([192, 0, 2, 1], [198, 51, 100, 2], [203, 0, 113, 3]);
    let frames: Vec<Vec<u8>> = [
        ip(a, b, 6, &tcp(40000, 80)),
        ip(b, a, 6, &tcp(22, 40001)),
        ip(a, c, 6, &tcp(25, 443)),
        ip(a, b, 17, &udp(40002, 9, b"data")),
        ip(c, a, 17, &udp(514, 40003, b"<13>x")),
        ip(a, c, 6, &tcp(40004, 40005)),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, p)| {
        // The first frame comes from a Cisco MAC (tcpdump names that OUI without -n).
        let src = if i == 0 { 0 } else { 2 };
        let mut f = vec![2, 0, 0, 0, 0, 1, src, 0, 0x0c, 0, 0, 2, 8, 0];
        f.extend_from_slice(&p);
        f
    })
    .collect();
    let mut v = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    v.extend_from_slice(&[2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    v.extend_from_slice(&65535u32.to_le_bytes());
    v.extend_from_slice(&1u32.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        for x in [1000 + i as u32, 0, f.len() as u32, f.len() as u32] {
            v.extend_from_slice(&x.to_le_bytes());
        }
        v.extend_from_slice(f);
    }
    v
}

/// `cmd args` in a network namespace of its own, empty but for a loopback that is down, so the
/// reverse lookups of names mode fail at once and never leave the machine: `unshare -n` as
/// root, `unshare -rn` (a user namespace too) otherwise.
fn stdout(cmd: &str, args: &[&str]) -> String {
    let root = promisc_testkit::gate::euid() == Ok(0);
    let o = Command::new("unshare")
        .arg(if root { "-n" } else { "-rn" })
        .arg("--")
        .arg(cmd)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(o.status.success(), "{cmd} {args:?}: {o:?}");
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn ports_print_by_name_without_n_and_hosts_as_numbers_in_time() {
    let dir = std::env::temp_dir().join(format!("promisc-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("names.pcap");
    std::fs::write(&file, pcap()).unwrap();
    let path = file.to_str().unwrap();

    let start = Instant::now();
    let named = stdout(&bin(), &["read", "-r", path]);
    // Six packets, three hosts with no name: the budget bounds the wait well under a second.
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    let numeric = stdout(&bin(), &["read", "-n", "-r", path]);
    let lines: Vec<&str> = named.lines().collect();
    assert_eq!(lines.len(), 6, "{named}");
    let services = std::fs::read_to_string("/etc/services").unwrap_or_default();
    if services.contains("\nhttp\t") || services.contains("\nhttp ") {
        assert!(
            lines[0].contains("192.0.2.1.40000 > 198.51.100.2.http:"),
            "{named}"
        );
        assert!(
            lines[1].contains("198.51.100.2.ssh > 192.0.2.1.40001:"),
            "{named}"
        );
        assert!(
            lines[5].contains("192.0.2.1.40004 > 203.0.113.3.40005:"),
            "{named}"
        );
    }
    assert!(
        numeric.lines().next().unwrap().contains("198.51.100.2.80:"),
        "{numeric}"
    );
    assert!(
        !numeric.contains(".http") && !numeric.contains(".ssh"),
        "{numeric}"
    );

    let link = stdout(&bin(), &["read", "-e", "-r", path]);
    assert!(
        link.starts_with(
            "00:16:40.000000 00:00:0c:00:00:02 (oui Cisco) > 02:00:00:00:00:01 (oui Unknown), \
             ethertype IPv4"
        ),
        "{link}"
    );
    if have_tcpdump() {
        assert_eq!(link, stdout("tcpdump", &["-e", "-r", path]), "with -e");
        assert_eq!(
            named,
            stdout("tcpdump", &["-r", path]),
            "promisc read vs tcpdump -r"
        );
        assert_eq!(numeric, stdout("tcpdump", &["-n", "-r", path]));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
