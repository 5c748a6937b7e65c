//! The seeds in `fuzz/corpus/savefile` are what the fuzz target should start from: each reads
//! to its end with packets and no error, survives the target's copy through our pcapng writer,
//! and together they cover both formats, both byte orders and the block types. A seed that
//! stops reading (a damaged file, a reader change) fails here, on stable.

use std::collections::BTreeSet;
use std::path::PathBuf;

use promisc_savefile::{Format, PacketWriter, PcapNgWriter, Reader};

/// Reads every packet, writing each to a pcapng writer as the fuzz target does; returns the
/// packet count and the pcapng bytes.
fn copy(name: &str, data: &[u8], buffer: usize) -> (usize, Vec<u8>, usize, usize) {
    let mut r = Reader::with_buffer_size(data, buffer).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut w = PcapNgWriter::new(Vec::new(), "fuzz");
    let (mut n, mut declared, mut untimed) = (0, 0usize, 0);
    while let Some((p, interfaces)) = r
        .next_packet_with_interfaces()
        .unwrap_or_else(|e| panic!("{name}: packet {n}: {e}"))
    {
        while declared <= p.interface as usize {
            w.add_interface(&interfaces[declared]).unwrap();
            declared += 1;
        }
        untimed += usize::from(p.ts_ns == 0);
        w.write_packet(&p).unwrap();
        n += 1;
    }
    let stats = r.stats().len();
    (n, w.into_inner(), untimed, stats)
}

#[test]
fn savefile_seeds_read_cleanly() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/savefile");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut magics = BTreeSet::new();
    let (mut most_interfaces, mut spb, mut isb, mut total) = (0, 0, 0, 0usize);
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(path).unwrap();
        assert!(data.len() < 4096, "{name}: {} bytes", data.len());
        total += data.len();
        magics.insert(data[..4].to_vec());

        let (n, copied, untimed, stats) = copy(&name, &data, 1 << 16);
        assert!(n >= 1, "{name}: no packet");
        let r = Reader::new(&data[..]).unwrap();
        let format = r.format();
        assert_eq!(
            Format::from_path(path),
            Some(format),
            "{name}: extension and content disagree"
        );
        // The small-buffer reader and our own output read the same, as the target asserts.
        let (n_small, copied_small, _, _) = copy(&name, &data, 64);
        assert_eq!((n, &copied), (n_small, &copied_small), "{name}");
        let (n2, copied2, _, _) = copy(&name, &copied, 1 << 16);
        assert_eq!((n, &copied), (n2, &copied2), "{name}: round trip");

        let mut r = Reader::new(&data[..]).unwrap();
        while r.next_packet().unwrap().is_some() {}
        most_interfaces = most_interfaces.max(r.interfaces().len());
        spb += untimed;
        isb += stats;
    }
    for (magic, what) in [
        ([0xd4, 0xc3, 0xb2, 0xa1], "little-endian microsecond pcap"),
        ([0xa1, 0xb2, 0xc3, 0xd4], "big-endian microsecond pcap"),
        ([0x4d, 0x3c, 0xb2, 0xa1], "little-endian nanosecond pcap"),
        ([0xa1, 0xb2, 0x3c, 0x4d], "big-endian nanosecond pcap"),
        ([0x0a, 0x0d, 0x0d, 0x0a], "pcapng"),
    ] {
        assert!(magics.contains(&magic[..]), "no {what} seed");
    }
    assert!(most_interfaces >= 2, "no pcapng seed with two interfaces");
    assert!(spb >= 1, "no Simple Packet Block");
    assert!(isb >= 1, "no Interface Statistics Block");
    assert!(total < 200 << 10, "corpus of {total} bytes");
}
