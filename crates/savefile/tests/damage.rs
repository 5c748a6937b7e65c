//! Truncated and damaged files: every good packet comes first, then one error; never a panic, an
//! endless loop or a huge allocation.

mod common;

use common::*;
use std::ops::ControlFlow;

use promisc_savefile::{Error, RawTime, Reader, Stats};

/// [`read_all`] with a reader whose first buffer is tiny, so it compacts and grows constantly.
fn read_all_small_buffer(r: &[u8]) -> Result<ReadBack, Error> {
    read_all_with(Reader::with_buffer_size(r, 64)?)
}

/// A small file of every kind we write: its bytes, its packets, the byte offset where each
/// packet's record ends, where the first packet starts, and every offset where a record or block
/// ends (where a cut leaves a valid, shorter file).
struct Small {
    name: &'static str,
    bytes: Vec<u8>,
    packets: Vec<Owned>,
    ends: Vec<usize>,
    first: usize,
    boundaries: Vec<usize>,
}

fn small_files() -> Vec<Small> {
    let one = sample_interfaces(1, true);
    let three = sample_interfaces(3, false);
    let stats: Vec<(u32, Stats)> = (0..3).map(|i| (i, sample_stats(i))).collect();
    let mut out = Vec::new();
    for (name, nanos) in [("pcap-us", false), ("pcap-ns", true)] {
        let packets: Vec<Owned> = sample_packets(8, 1, 21)
            .into_iter()
            .map(|mut p| {
                p.data.truncate(60 + p.data.len() % 40);
                if !nanos {
                    p = p.to_us();
                }
                p
            })
            .collect();
        let bytes = pcap_bytes(&one, &packets, nanos);
        let mut ends = Vec::new();
        let mut at = 24;
        for p in &packets {
            at += 16 + p.data.len();
            ends.push(at);
        }
        let mut boundaries = vec![24];
        boundaries.extend(&ends);
        out.push(Small {
            name,
            bytes,
            packets,
            ends,
            first: 24,
            boundaries,
        });
    }
    let packets: Vec<Owned> = sample_packets(9, 3, 22)
        .into_iter()
        .map(|mut p| {
            p.data.truncate(60 + p.data.len() % 40);
            p
        })
        .collect();
    let bytes = pcapng_bytes(&three, &packets, &stats);
    // Walk the blocks: SHB, three IDBs, the EPBs, three ISBs.
    let mut boundaries = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        at += u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        boundaries.push(at);
    }
    assert_eq!(boundaries.len(), 1 + 3 + packets.len() + 3);
    let ends = boundaries[4..4 + packets.len()].to_vec();
    out.push(Small {
        name: "pcapng",
        bytes,
        packets,
        ends,
        first: boundaries[3],
        boundaries,
    });
    out
}

#[test]
fn cut_at_every_offset() {
    for f in small_files() {
        let name = f.name;
        for cut in 0..f.bytes.len() {
            // Both buffer sizes agree (survive checks), then look closer.
            survive(&f.bytes[..cut]);
            let rb = match read_all(&f.bytes[..cut]) {
                Ok(rb) => rb,
                Err(Error::Truncated { offset: 0, .. }) if cut < f.boundaries[0] => continue,
                Err(e) => panic!("{name} cut at {cut}: the header gave {e}"),
            };
            let complete = f.ends.iter().filter(|&&e| e <= cut).count();
            assert_eq!(
                rb.packets[..],
                f.packets[..complete],
                "{name} cut at {cut}: good packets first"
            );
            let last_boundary = f.boundaries.iter().filter(|&&b| b <= cut).max().unwrap();
            match &rb.error {
                None => assert!(f.boundaries.contains(&cut), "{name} cut at {cut}: no error"),
                Some(Error::Truncated {
                    offset,
                    needed,
                    available,
                    ..
                }) => {
                    assert_eq!(*offset as usize, *last_boundary, "{name} cut at {cut}");
                    assert_eq!(
                        *available as usize,
                        cut - last_boundary,
                        "{name} cut at {cut}"
                    );
                    assert!(needed > available, "{name} cut at {cut}");
                }
                Some(e) => panic!("{name} cut at {cut}: {e}"),
            }
        }
        // The whole file reads cleanly.
        let rb = read_ok(&f.bytes);
        assert_eq!(rb.packets, f.packets);
    }
}

/// Each packet of `bytes` with its raw time (`None` when `ts_ns` is exact) and
/// [`Reader::last_raw_time`] after it, and the error, if any, read with a first buffer of
/// `size` bytes: one packet at a time when `batched` is false, else as `promisc read` does,
/// [`Reader::buffered_packets`] between calls of [`Reader::next_packet_with_raw_time`] (which
/// `stop_every` packets out of the buffered ones break, to check that a break resumes at the
/// next packet).
type Timed = (Owned, Option<RawTime>, RawTime);
fn read_timed(
    bytes: &[u8],
    size: usize,
    batched: bool,
    stop_every: usize,
) -> (Vec<Timed>, Option<String>) {
    let mut r = match Reader::with_buffer_size(bytes, size) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Some(e.to_string())),
    };
    let mut out: Vec<Timed> = Vec::new();
    for _ in 0..100_000 {
        if batched {
            let mut seen = Vec::new();
            let flow = r.buffered_packets(|p, raw| {
                seen.push((Owned::from(&p), raw));
                if seen.len() % stop_every == 0 {
                    ControlFlow::Break(seen.len())
                } else {
                    ControlFlow::Continue(())
                }
            });
            if let ControlFlow::Break(n) = flow {
                assert_eq!(n, seen.len());
            }
            // Only the last packet's raw time can be checked against the reader's.
            let last = seen.len();
            for (i, (p, raw)) in seen.into_iter().enumerate() {
                let after = if i + 1 == last {
                    r.last_raw_time()
                } else {
                    raw.unwrap_or(RawTime {
                        secs: 0,
                        frac: 0,
                        frac_unit_ns: 0,
                    })
                };
                out.push((p, raw, after));
            }
        }
        match r.next_packet_with_raw_time() {
            Ok(Some((p, _, raw))) => {
                let p = Owned::from(&p);
                out.push((p, raw, r.last_raw_time()));
            }
            Ok(None) => return (out, None),
            Err(e) => return (out, Some(e.to_string())),
        }
    }
    panic!("no end after 100,000 calls");
}

/// One packet at a time and batched, with either buffer size, read the same packets, times
/// and error (for the batch, a packet's time after it is checked where the reader can tell).
fn batches_agree(bytes: &[u8]) {
    let (want, want_err) = read_timed(bytes, 1 << 20, false, 1);
    for size in [64, 1 << 20] {
        for stop_every in [1, 3, usize::MAX] {
            let (got, err) = read_timed(bytes, size, true, stop_every);
            assert_eq!(err, want_err, "buffer {size}, stop every {stop_every}");
            assert_eq!(
                got.len(),
                want.len(),
                "buffer {size}, stop every {stop_every}"
            );
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                assert_eq!((&g.0, g.1), (&w.0, w.1), "packet {i}, buffer {size}");
                if g.2.frac_unit_ns != 0 {
                    assert_eq!(g.2, w.2, "packet {i}'s raw time, buffer {size}");
                }
            }
        }
    }
}

/// Reads with a bound on the number of calls; returns the packets read and the error, if any.
/// A reader with a tiny buffer, which compacts and grows all the time, must see the same, and
/// so must the batched reads of [`Reader::buffered_packets`].
fn survive(bytes: &[u8]) -> (Vec<Owned>, Option<Error>) {
    batches_agree(bytes);
    let (packets, err) = match read_all(bytes) {
        Ok(rb) => (rb.packets, rb.error),
        Err(e) => (Vec::new(), Some(e)),
    };
    let (small_packets, small_err) = match read_all_small_buffer(bytes) {
        Ok(rb) => (rb.packets, rb.error),
        Err(e) => (Vec::new(), Some(e)),
    };
    assert_eq!(packets, small_packets);
    assert_eq!(
        err.as_ref().map(|e| e.to_string()),
        small_err.as_ref().map(|e| e.to_string())
    );
    (packets, err)
}

#[test]
fn flip_every_byte() {
    for f in small_files() {
        for at in 0..f.bytes.len() {
            for xor in [0x01u8, 0x80, 0xff] {
                let mut bad = f.bytes.clone();
                bad[at] ^= xor;
                let (got, _err) = survive(&bad);
                // Packets whose records end before the damaged byte are intact.
                if at >= f.first {
                    let intact = f.ends.iter().filter(|&&e| e <= at).count();
                    assert!(got.len() >= intact, "{} byte {at} ^ {xor:#x}", f.name);
                    assert_eq!(
                        got[..intact],
                        f.packets[..intact],
                        "{} byte {at} ^ {xor:#x}",
                        f.name
                    );
                }
            }
        }
    }
}

#[test]
fn random_mutations() {
    let mut rng = Rng(0x5eed_5eed_1234_5678);
    let files = small_files();
    let mut errors = 0usize;
    let mut runs = 0usize;
    for round in 0..4000 {
        let mut bad = files[round % files.len()].bytes.clone();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(bad.len() as u64) as usize;
            match rng.below(6) {
                0 => bad[at] = rng.next_u64() as u8,
                1 => bad[at] ^= 1 << rng.below(8),
                2 => {
                    // A random 32-bit value, often a length field.
                    let v = (rng.next_u64() as u32).to_le_bytes();
                    let end = (at + 4).min(bad.len());
                    bad[at..end].copy_from_slice(&v[..end - at]);
                }
                3 => bad.truncate(at),
                4 => {
                    let n = rng.below(64) as usize;
                    let junk: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                    bad.splice(at..at, junk);
                }
                _ => {
                    let n = (rng.below(64) as usize).min(bad.len() - at);
                    bad.drain(at..at + n);
                }
            }
            if bad.is_empty() {
                break;
            }
        }
        let (_, err) = survive(&bad);
        runs += 1;
        errors += usize::from(err.is_some());
    }
    assert_eq!(runs, 4000);
    assert!(
        errors > 1000,
        "mutations should mostly break files: {errors}"
    );
}

#[test]
fn bogus_lengths_do_not_allocate_the_world() {
    // A pcapng block claiming 255 MiB in a 100-byte file is reported as truncated, quickly; a
    // pcap record claiming the same is over Ethernet's 262144-byte maximum, which libpcap
    // reports as malformed before reading on.
    let one = sample_interfaces(1, true);
    let mut ng = pcapng_bytes(&one, &[], &[]);
    ng.extend_from_slice(&6u32.to_le_bytes());
    ng.extend_from_slice(&(255u32 << 20).to_le_bytes());
    ng.extend_from_slice(&[0; 40]);
    let mut pc = pcap_bytes(&one, &[], false);
    pc.extend_from_slice(&[0; 8]);
    pc.extend_from_slice(&(255u32 << 20).to_le_bytes());
    pc.extend_from_slice(&[0; 44]);
    for (bytes, pcap) in [(ng, false), (pc, true)] {
        let t = std::time::Instant::now();
        let mut r = Reader::new(&bytes[..]).unwrap();
        match r.next_packet() {
            Err(Error::Truncated { needed, .. }) if !pcap => assert!(needed >= 255 << 20),
            Err(Error::Malformed { what, .. }) if pcap => {
                assert!(what.contains("invalid packet capture length"), "{what}")
            }
            other => panic!("{:?}", other.map(|p| p.map(|p| p.data.len()))),
        }
        assert!(t.elapsed().as_millis() < 500);
    }
}

#[test]
fn records_longer_than_the_snapshot_are_cut_in_batches_too() {
    // libpcap reads a record longer than the file's snapshot length whole and cuts it; the
    // batched reads must leave those records to the reader that cuts them.
    let one = sample_interfaces(1, true);
    let packets = sample_packets(40, 1, 23);
    let mut bytes = pcap_bytes(&one, &packets, true);
    bytes[16..20].copy_from_slice(&200u32.to_le_bytes());
    batches_agree(&bytes);
    let (got, err) = read_timed(&bytes, 1 << 20, true, usize::MAX);
    assert_eq!(err, None);
    assert_eq!(got.len(), packets.len());
    for (g, want) in got.iter().zip(&packets) {
        assert_eq!(g.0.data[..], want.data[..want.data.len().min(200)]);
    }
}
