//! The file sink writes the bytes the savefile writers make, record for record: its files are
//! compared with the reference, the same packets written one record at a time by
//! `AnyWriter::write_packet` into memory, in pcap (microseconds and nanoseconds) and pcapng; and
//! the walk that finds the records a failed write left whole (the sink keeps no list of record
//! ends).

use promisc_capture::sink::whole_units;
use promisc_capture::{FileSink, Flow, Rotation, Sink};
use promisc_savefile::{AnyWriter, Format, Interface, LinkType, Packet, PacketWriter, Stats};
use promisc_testkit::temp::TempDir;

/// Packets like a capture's: lengths 0 to 1,600 (every pcapng padding), some cut short of
/// their original length, timestamps a few microseconds apart.
fn packets() -> Vec<(u64, u32, Vec<u8>)> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut ts = 1_765_000_000_000_000_000u64;
    (0..5_000)
        .map(|i| {
            let len = if i % 7 == 0 {
                i % 9
            } else {
                (next() % 1_600) as usize
            };
            let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            ts += 1 + next() % 5_000_000;
            let orig = len as u32 + if i % 5 == 0 { (next() % 100) as u32 } else { 0 };
            (ts, orig, data)
        })
        .collect()
}

fn interface() -> Interface {
    Interface {
        linktype: LinkType::ETHERNET,
        snaplen: 262_144,
        name: Some("veth0".into()),
        ts_resolution_ns: 1,
    }
}

fn stats() -> Vec<(u32, Stats)> {
    vec![(
        0,
        Stats {
            received: Some(5_000),
            dropped: Some(0),
            delivered: Some(5_000),
            ts_ns: 1_765_000_100_000_000_000,
            ..Stats::default()
        },
    )]
}

#[test]
fn the_file_holds_the_bytes_of_the_record_at_a_time_writer() {
    let ps = packets();
    for (format, nanos) in [
        (Format::Pcap, false),
        (Format::Pcap, true),
        (Format::PcapNg, true),
    ] {
        let mut reference = AnyWriter::new(format, Vec::new(), nanos);
        reference.add_interface(&interface()).unwrap();
        for (ts, orig, data) in &ps {
            reference
                .write_packet(&Packet {
                    interface: 0,
                    ts_ns: *ts,
                    orig_len: *orig,
                    data,
                })
                .unwrap();
        }
        for (i, st) in stats() {
            reference.write_stats(i, &st).unwrap();
        }
        reference.flush().unwrap();
        let want = reference.into_inner();
        // Over 3 MiB: the sink writes it out in several 1 MiB chunks.
        assert!(want.len() > 3 << 20, "{}", want.len());

        let dir = TempDir::new("file-sink");
        let path = dir.file("f");
        let mut s = FileSink::new(&path, format, nanos, Rotation::default());
        s.add_interface(&interface()).unwrap();
        s.start(1_765_000_000).unwrap();
        for (k, (ts, orig, data)) in ps.iter().enumerate() {
            assert_eq!(s.packet(0, *ts, *orig, data).unwrap(), Flow::Continue);
            if k % 3_600 == 3_599 {
                s.end_batch().unwrap();
            }
        }
        s.finish(&stats()).unwrap();
        let got = std::fs::read(&path).unwrap();
        assert!(
            got == want,
            "{format:?} nanos {nanos}: {} bytes against {}, first difference at {:?}",
            got.len(),
            want.len(),
            got.iter().zip(&want).position(|(a, b)| a != b)
        );
    }
}

#[test]
fn whole_units_are_found_by_their_own_lengths() {
    // pcap: the file header, then records of 16 + 4 and 16 + 0 bytes.
    let mut pcap = vec![0u8; 24];
    for caplen in [4u32, 0] {
        pcap.extend_from_slice(&[0; 8]);
        pcap.extend_from_slice(&caplen.to_le_bytes());
        pcap.extend_from_slice(&caplen.to_le_bytes());
        pcap.extend(std::iter::repeat_n(0xee, caplen as usize));
    }
    assert_eq!(pcap.len(), 60);
    for (landed, want) in [
        (0, (0, 0)),
        (23, (0, 0)),
        (24, (1, 24)),
        (43, (1, 24)),
        (44, (2, 44)),
        (59, (2, 44)),
        (60, (3, 60)),
    ] {
        assert_eq!(
            whole_units(Format::Pcap, true, &pcap, landed),
            want,
            "{landed}"
        );
    }
    // Past the file header, records only.
    let records = &pcap[24..];
    assert_eq!(whole_units(Format::Pcap, false, records, 19), (0, 0));
    assert_eq!(whole_units(Format::Pcap, false, records, 20), (1, 20));
    assert_eq!(whole_units(Format::Pcap, false, records, 36), (2, 36));

    // pcapng: blocks of 32 and 28 bytes; a length under 12 is not a block.
    let mut ng = Vec::new();
    for len in [32u32, 28] {
        ng.extend_from_slice(&6u32.to_le_bytes());
        ng.extend_from_slice(&len.to_le_bytes());
        ng.extend(std::iter::repeat_n(0, len as usize - 12));
        ng.extend_from_slice(&len.to_le_bytes());
    }
    for file_start in [false, true] {
        assert_eq!(whole_units(Format::PcapNg, file_start, &ng, 31), (0, 0));
        assert_eq!(whole_units(Format::PcapNg, file_start, &ng, 32), (1, 32));
        assert_eq!(whole_units(Format::PcapNg, file_start, &ng, 60), (2, 60));
    }
    let mut bad = ng.clone();
    bad[36..40].copy_from_slice(&4u32.to_le_bytes());
    assert_eq!(whole_units(Format::PcapNg, false, &bad, 60), (1, 32));
}

/// The records the reference pcap writer makes of the packets (no file header).
fn pcap_records(ps: &[(u64, u32, Vec<u8>)], nanos: bool) -> Vec<u8> {
    let mut w = AnyWriter::new(Format::Pcap, Vec::new(), nanos);
    w.add_interface(&interface()).unwrap();
    for (ts, orig, data) in ps {
        let p = Packet {
            interface: 0,
            ts_ns: *ts,
            orig_len: *orig,
            data,
        };
        w.write_packet(&p).unwrap();
    }
    w.into_inner()[24..].to_vec()
}

#[test]
fn records_copied_in_runs_make_the_same_file() {
    let ps = packets();
    for nanos in [false, true] {
        // Microsecond times for the microsecond file, so that every record is exact.
        let ps: Vec<_> = ps
            .iter()
            .map(|(ts, o, d)| (if nanos { *ts } else { ts / 1000 * 1000 }, *o, d.clone()))
            .collect();
        let dir = TempDir::new("file-sink-runs");
        let (a, b) = (dir.file("a"), dir.file("b"));
        let mut reference = FileSink::new(&a, Format::Pcap, nanos, Rotation::default());
        reference.add_interface(&interface()).unwrap();
        reference.start(1_765_000_000).unwrap();
        for (ts, orig, data) in &ps {
            reference.packet(0, *ts, *orig, data).unwrap();
        }
        reference.finish(&[]).unwrap();

        let mut s = FileSink::new(&b, Format::Pcap, nanos, Rotation::default());
        s.add_interface(&interface()).unwrap();
        s.start(1_765_000_000).unwrap();
        assert!(s.takes_pcap_records(nanos));
        assert!(
            !s.takes_pcap_records(!nanos),
            "another resolution is rewritten"
        );
        // Runs of 1 to 700 records, with single packets between them.
        let mut k = 0;
        let mut run = 1;
        while k < ps.len() {
            let end = (k + run).min(ps.len());
            let bytes = pcap_records(&ps[k..end], nanos);
            let flow = s.pcap_records(&bytes, nanos, (end - k) as u64).unwrap();
            assert_eq!(flow, Flow::Continue);
            if let Some((ts, orig, data)) = ps.get(end) {
                s.packet(0, *ts, *orig, data).unwrap();
            }
            k = end + 1;
            run = run * 7 % 701;
        }
        s.finish(&[]).unwrap();
        let (want, got) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(want.len() > 3 << 20, "{}", want.len());
        assert!(got == want, "nanos {nanos}: the copied records differ");
    }
}

/// A sink that takes packets only: the records reach it one by one, with their times.
#[test]
fn records_reach_a_sink_that_does_not_copy_them_as_packets() {
    struct Seen(Vec<(u64, u32, Vec<u8>)>);
    impl Sink for Seen {
        fn add_interface(&mut self, _: &Interface) -> Result<u32, promisc_capture::SinkError> {
            Ok(0)
        }
        fn packet(
            &mut self,
            _: u32,
            ts: u64,
            orig: u32,
            data: &[u8],
        ) -> Result<Flow, promisc_capture::SinkError> {
            self.0.push((ts, orig, data.to_vec()));
            Ok(Flow::Continue)
        }
        fn end_batch(&mut self) -> Result<(), promisc_capture::SinkError> {
            Ok(())
        }
        fn finish(&mut self, _: &[(u32, Stats)]) -> Result<(), promisc_capture::SinkError> {
            Ok(())
        }
    }
    let ps: Vec<_> = packets()
        .into_iter()
        .take(300)
        .map(|(ts, o, d)| (ts / 1000 * 1000, o, d))
        .collect();
    for nanos in [false, true] {
        let mut s = Seen(Vec::new());
        assert!(!s.takes_pcap_records(nanos));
        let bytes = pcap_records(&ps, nanos);
        assert_eq!(
            s.pcap_records(&bytes, nanos, ps.len() as u64).unwrap(),
            Flow::Continue
        );
        assert!(s.0 == ps, "nanos {nanos}");
    }
}
