//! The batch path of the file sink (`Sink::packets`, which live capture uses for each ring
//! block) against the record-at-a-time path (`Sink::packet`, what every packet took before):
//! the same files, byte for byte, for the same packets, in pcap (microseconds and nanoseconds)
//! and pcapng, with and without `-C` rotation, whatever the batch sizes; and the walk that
//! finds the records a failed write left whole.

use promisc_capture::sink::whole_units;
use promisc_capture::{FileSink, Flow, Rotation, Sink};
use promisc_savefile::{Format, Interface, LinkType, Packet, Stats};
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

fn sink(path: &str, format: Format, nanos: bool, rotation: Rotation) -> FileSink {
    let mut s = FileSink::new(path, format, nanos, rotation);
    s.add_interface(&Interface {
        linktype: LinkType::ETHERNET,
        snaplen: 262_144,
        name: Some("veth0".into()),
        ts_resolution_ns: 1,
    })
    .unwrap();
    s.start(1_765_000_000).unwrap();
    s
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

/// Every file of the directory, by name, with its bytes.
fn files(dir: &TempDir) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.root())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn batches_write_the_same_files_as_single_packets() {
    let ps = packets();
    let rotations = [
        Rotation::default(),
        Rotation {
            max_bytes: Some(1_000_000),
            ..Rotation::default()
        },
    ];
    for (format, nanos) in [
        (Format::Pcap, false),
        (Format::Pcap, true),
        (Format::PcapNg, true),
    ] {
        for rotation in &rotations {
            let one = TempDir::new("batch-one");
            let mut s = sink(&one.file("f"), format, nanos, rotation.clone());
            for (ts, orig, data) in &ps {
                assert_eq!(s.packet(0, *ts, *orig, data).unwrap(), Flow::Continue);
            }
            s.finish(&stats()).unwrap();
            let want = files(&one);
            assert!(!want.is_empty());
            if rotation.max_bytes.is_some() {
                assert!(
                    want.len() > 2,
                    "{format:?}: the rotation made {} files",
                    want.len()
                );
            }
            // Batches of one, of a ring block's worth, and of everything at once.
            for chunk in [1, 3_600, ps.len()] {
                let many = TempDir::new("batch-many");
                let mut s = sink(&many.file("f"), format, nanos, rotation.clone());
                let all: Vec<Packet<'_>> = ps
                    .iter()
                    .map(|(ts, orig, data)| Packet {
                        interface: 0,
                        ts_ns: *ts,
                        orig_len: *orig,
                        data,
                    })
                    .collect();
                let mut taken = 0;
                for part in all.chunks(chunk) {
                    assert_eq!(s.packets(part, &mut taken).unwrap(), Flow::Continue);
                    s.end_batch().unwrap();
                }
                assert_eq!(taken, ps.len());
                s.finish(&stats()).unwrap();
                let got = files(&many);
                assert_eq!(
                    got.len(),
                    want.len(),
                    "{format:?} {rotation:?} chunk {chunk}"
                );
                for ((gn, gb), (wn, wb)) in got.iter().zip(&want) {
                    assert_eq!(gn, wn);
                    assert!(
                        gb == wb,
                        "{format:?} nanos {nanos} {rotation:?} chunk {chunk}: {gn} differs \
                         ({} bytes against {}, first difference at {:?})",
                        gb.len(),
                        wb.len(),
                        gb.iter().zip(wb).position(|(a, b)| a != b)
                    );
                }
            }
        }
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
