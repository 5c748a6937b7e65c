//! `Reader::last_raw_time` and `next_packet_with_raw_time`: the timestamp as the file holds it,
//! where `Packet::ts_ns` normalises (values as libpcap 1.10 hands them to tcpdump).

use std::ops::ControlFlow;

use promisc_savefile::{RawTime, Reader};

fn pcap(nanos: bool, be: bool, records: &[(u32, u32)]) -> Vec<u8> {
    let w32 = |b: &mut Vec<u8>, v: u32| {
        b.extend_from_slice(&if be { v.to_be_bytes() } else { v.to_le_bytes() })
    };
    let mut b = Vec::new();
    w32(&mut b, if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 });
    w32(&mut b, if be { 0x0002_0004 } else { 0x0004_0002 });
    for v in [0, 0, 65535, 101] {
        w32(&mut b, v);
    }
    for &(s, f) in records {
        for v in [s, f, 1, 1] {
            w32(&mut b, v);
        }
        b.push(0x45);
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

fn pcapng(tsresol: u8, tsoffset: i64, ticks: &[u64], spb: bool) -> Vec<u8> {
    let mut b = block(
        0x0a0d_0d0a,
        &[
            0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255,
        ],
    );
    let mut idb = vec![
        101, 0, 0, 0, 0, 0, 0, 0, 9, 0, 1, 0, tsresol, 0, 0, 0, 14, 0, 8, 0,
    ];
    idb.extend_from_slice(&tsoffset.to_le_bytes());
    idb.extend_from_slice(&[0; 4]);
    b.extend(block(1, &idb));
    for &t in ticks {
        let mut epb = Vec::new();
        for v in [0, (t >> 32) as u32, t as u32, 4, 4] {
            epb.extend_from_slice(&v.to_le_bytes());
        }
        epb.extend_from_slice(&[0x45, 0, 0, 0]);
        b.extend(block(6, &epb));
    }
    if spb {
        b.extend(block(3, &[4, 0, 0, 0, 0x45, 0, 0, 0]));
    }
    b
}

/// `(ts_ns, raw)` of every packet, read both ways.
fn read(bytes: &[u8]) -> Vec<(u64, RawTime)> {
    let mut r = Reader::new(bytes).unwrap();
    let mut out = Vec::new();
    while let Some((p, _, raw)) = r.next_packet_with_raw_time().unwrap() {
        let ts = p.ts_ns;
        let full = r.last_raw_time();
        match raw {
            Some(t) => assert_eq!(t, full, "the raw time given is the last packet's"),
            // Left out only when ts_ns says the same.
            None => assert_eq!(
                full.secs as i128 * 1_000_000_000
                    + i128::from(full.frac) * i128::from(full.frac_unit_ns),
                i128::from(ts),
                "{full:?} is not {ts} ns"
            ),
        }
        out.push((ts, full));
    }
    let mut r = Reader::new(bytes).unwrap();
    let mut i = 0;
    while let Some(p) = r.next_packet().unwrap() {
        let ts = p.ts_ns;
        assert_eq!((ts, r.last_raw_time()), out[i]);
        i += 1;
    }
    assert_eq!(i, out.len());
    // As `promisc read` reads them: the buffer's records in one pass between single reads.
    let mut r = Reader::new(bytes).unwrap();
    let mut batched = Vec::new();
    loop {
        let flow = r.buffered_packets(|p, raw| {
            batched.push((p.ts_ns, raw));
            ControlFlow::<()>::Continue(())
        });
        assert!(flow.is_continue());
        match r.next_packet_with_raw_time().unwrap() {
            Some((p, _, raw)) => batched.push((p.ts_ns, raw)),
            None => break,
        }
    }
    assert_eq!(batched.len(), out.len());
    for ((ts, raw), (want_ts, full)) in batched.iter().zip(&out) {
        assert_eq!(ts, want_ts);
        if let Some(raw) = raw {
            assert_eq!(raw, full, "the batch's raw time");
        }
    }
    out
}

fn raw(secs: i64, frac: u32, frac_unit_ns: u32) -> RawTime {
    RawTime {
        secs,
        frac,
        frac_unit_ns,
    }
}

#[test]
fn pcap_fields_are_kept_as_they_are() {
    for be in [false, true] {
        let got = read(&pcap(
            false,
            be,
            &[(10, 1_500_000), (0xffff_ffff, 0xffff_ffff)],
        ));
        assert_eq!(
            got,
            [
                (11_500_000_000, raw(10, 1_500_000, 1000)),
                (
                    0xffff_ffff * 1_000_000_000 + 0xffff_ffff * 1000,
                    raw(0xffff_ffff, 0xffff_ffff, 1000)
                ),
            ]
        );
        let got = read(&pcap(true, be, &[(10, 1_500_000_000)]));
        assert_eq!(got, [(11_500_000_000, raw(10, 1_500_000_000, 1))]);
    }
}

#[test]
fn pcapng_times_before_1970_keep_their_negative_seconds() {
    let got = read(&pcapng(6, -10, &[5_000_001, 10_000_001], true));
    assert_eq!(
        got,
        [
            (0, raw(-5, 1000, 1)),
            (1000, raw(0, 1000, 1)),
            // A Simple Packet Block: time 0 plus the offset, as libpcap.
            (0, raw(-10, 0, 1)),
        ]
    );
    // Whole seconds wrap in 64 bits, as libpcap's unsigned arithmetic.
    let got = read(&pcapng(0, 0, &[u64::MAX], false));
    assert_eq!(got[0].1, raw(-1, 0, 1));
    // Binary resolution: 2^-1 s ticks.
    let got = read(&pcapng(0x81, 0, &[3], false));
    assert_eq!(got, [(1_500_000_000, raw(1, 500_000_000, 1))]);
    // Picoseconds, rounded down to nanoseconds.
    let got = read(&pcapng(12, 0, &[2_000_000_001_999], false));
    assert_eq!(got, [(2_000_000_001, raw(2, 1, 1))]);
}

#[test]
fn batched_pcap_reads_see_every_record_and_time() {
    // Many records, so that most come from `buffered_packets`: exact and damaged fractions,
    // both byte orders, both resolutions.
    for (nanos, be) in [(false, false), (false, true), (true, false), (true, true)] {
        let records: Vec<(u32, u32)> = (0..500u32)
            .map(|i| (i, if i % 7 == 3 { 2_000_000_000 } else { i * 997 }))
            .collect();
        let got = read(&pcap(nanos, be, &records));
        assert_eq!(got.len(), 500);
        let unit = if nanos { 1 } else { 1000 };
        for (i, (ts, t)) in got.iter().enumerate() {
            let (s, f) = records[i];
            assert_eq!(*t, raw(i64::from(s), f, unit));
            assert_eq!(
                *ts,
                u64::from(s) * 1_000_000_000 + u64::from(f) * u64::from(unit)
            );
        }
    }
}
