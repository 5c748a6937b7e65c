//! `promisc read` prints every timestamp as the installed tcpdump prints it, the invalid ones
//! included: pcap sub-second fields of a second or more (printed raw, not carried into the
//! seconds), times before 1970 from a negative pcapng `if_tsoffset`, seconds whose low 32 bits
//! have the top bit set, and years the C library cannot convert. Each file is built here and
//! read by both, with and without `--nano`. Without tcpdump the tests are skipped (see the
//! testkit's gate).

use crate::common::bin;
use promisc_testkit::gate::have_tcpdump;
use std::path::Path;
use std::process::Command;

const IP: [u8; 20] = [
    0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
];

/// A little-endian pcap file (LINKTYPE_RAW) with one record per `(seconds, fraction)`.
fn pcap(nanos: bool, records: &[(u32, u32)]) -> Vec<u8> {
    let mut b = super::pcap_header(nanos, 101);
    for &(secs, frac) in records {
        for v in [secs, frac, IP.len() as u32, IP.len() as u32] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&IP);
    }
    b
}

fn block(btype: u32, body: &[u8]) -> Vec<u8> {
    let len = (12 + body.len()) as u32;
    let mut b = btype.to_le_bytes().to_vec();
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(body);
    b.extend_from_slice(&len.to_le_bytes());
    b
}

/// A little-endian pcapng file: one interface (LINKTYPE_RAW) with `if_tsresol` and
/// `if_tsoffset`, an Enhanced Packet Block per tick count, then a Simple Packet Block if `spb`.
fn pcapng(tsresol: u8, tsoffset: i64, ticks: &[u64], spb: bool) -> Vec<u8> {
    let mut shb = 0x1a2b_3c4du32.to_le_bytes().to_vec();
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&(-1i64).to_le_bytes());
    let mut b = block(0x0a0d_0d0a, &shb);
    let mut idb = 101u16.to_le_bytes().to_vec();
    idb.extend_from_slice(&0u16.to_le_bytes());
    idb.extend_from_slice(&65535u32.to_le_bytes());
    idb.extend_from_slice(&[9, 0, 1, 0, tsresol, 0, 0, 0]);
    idb.extend_from_slice(&[14, 0, 8, 0]);
    idb.extend_from_slice(&tsoffset.to_le_bytes());
    idb.extend_from_slice(&[0; 4]);
    b.extend(block(1, &idb));
    for &t in ticks {
        let mut epb = Vec::new();
        for v in [
            0,
            (t >> 32) as u32,
            t as u32,
            IP.len() as u32,
            IP.len() as u32,
        ] {
            epb.extend_from_slice(&v.to_le_bytes());
        }
        epb.extend_from_slice(&IP);
        b.extend(block(6, &epb));
    }
    if spb {
        let mut body = (IP.len() as u32).to_le_bytes().to_vec();
        body.extend_from_slice(&IP);
        b.extend(block(3, &body));
    }
    b
}

fn output(cmd: &str, args: &[&str], file: &Path) -> String {
    let o = Command::new(cmd)
        .args(args)
        .arg(file)
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        o.status.success(),
        "{cmd} {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Reads `bytes` with tcpdump and promisc, with and without `--nano`, and asserts the same text.
fn same_as_tcpdump(name: &str, bytes: &[u8]) {
    let dir = std::env::temp_dir().join(format!("promisc-ts-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, bytes).unwrap();
    for nano in [false, true] {
        let flag: &[&str] = if nano { &["--nano"] } else { &[] };
        let want = output("tcpdump", &[flag, &["-n", "-r"]].concat(), &file);
        let got = output(&bin(), &[&["read", "-n"], flag, &["-r"]].concat(), &file);
        assert!(!want.is_empty(), "{name}: tcpdump printed nothing");
        assert_eq!(got, want, "{name} (nano: {nano})");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Fractions of every kind: valid, a second and more, and the top bit set (which libpcap
/// scales as a negative value).
const FRACS: [u32; 11] = [
    0,
    999_999,
    1_000_000,
    1_500_000,
    999_999_999,
    1_000_000_000,
    1_500_000_000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_fc18,
    0xffff_ffff,
];

#[test]
fn pcap_microsecond_fractions_of_a_second_or_more_print_raw() {
    if !have_tcpdump() {
        return;
    }
    let records: Vec<_> = FRACS.iter().map(|&f| (10, f)).collect();
    same_as_tcpdump("us.pcap", &pcap(false, &records));
}

#[test]
fn pcap_nanosecond_fractions_of_a_second_or_more_print_raw() {
    if !have_tcpdump() {
        return;
    }
    let records: Vec<_> = FRACS.iter().map(|&f| (1_700_000_000, f)).collect();
    same_as_tcpdump("ns.pcap", &pcap(true, &records));
}

#[test]
fn pcap_seconds_with_the_top_bit_set_do_not_convert() {
    if !have_tcpdump() {
        return;
    }
    let records = [(0x7fff_ffff, 5), (0x8000_0000, 5), (0xffff_ffff, 1_500_000)];
    same_as_tcpdump("top.pcap", &pcap(false, &records));
}

#[test]
fn pcapng_times_before_1970_are_not_clamped() {
    if !have_tcpdump() {
        return;
    }
    // Microseconds, 10 s back: before, at and after the epoch; the Simple Packet Block's
    // time is 0 plus the offset.
    let ticks = [5_000_001, 9_000_001, 10_000_001, 11_000_000];
    same_as_tcpdump("neg.pcapng", &pcapng(6, -10, &ticks, true));
    // 2^32 s back: negative seconds whose low 32 bits convert (a time of day in 1833).
    same_as_tcpdump("neg32.pcapng", &pcapng(6, -(1 << 32), &[5_000_007], false));
    // Nanoseconds, far back, low 32 bits with the top bit set.
    let far = -(1i64 << 33) - 3600;
    same_as_tcpdump("far.pcapng", &pcapng(9, far, &[5_000_000_007], false));
    // A positive offset on a Simple Packet Block.
    same_as_tcpdump("spb.pcapng", &pcapng(6, 100, &[], true));
}

#[test]
fn pcapng_seconds_beyond_what_ts_ns_holds_print_as_tcpdump() {
    if !have_tcpdump() {
        return;
    }
    // `if_tsresol` 0: one tick a second. 2^63 and 2^64-1 are negative as time_t; 2^40 is the
    // some 35,000 years on; 2^56 s is past the years `struct tm` holds.
    let ticks = [1 << 63, u64::MAX, 1 << 40, 1 << 56];
    same_as_tcpdump("big.pcapng", &pcapng(0, 0, &ticks, false));
    same_as_tcpdump("bigoff.pcapng", &pcapng(6, 1 << 62, &[5], false));
}

#[test]
fn valid_times_print_as_before() {
    if !have_tcpdump() {
        return;
    }
    let records = [(0, 0), (1_700_000_000, 123_456), (0x7fff_ffff, 999_999)];
    same_as_tcpdump("valid.pcap", &pcap(false, &records));
    let ticks = [1_700_000_000_123_456_789, 0, 1];
    same_as_tcpdump("valid.pcapng", &pcapng(9, 0, &ticks, false));
}
