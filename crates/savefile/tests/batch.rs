//! The batch writer (`AnyWriter::write_packets`, which live capture uses for each ring block)
//! against the record-at-a-time writer (`PacketWriter::write_packet`, the reference): the same
//! bytes for the same packets, in both formats and both pcap resolutions, whatever the batch
//! limit; and a refused packet stops a batch after exactly the packets before it.

// Not every helper is used here.
#[allow(dead_code)]
mod common;

use common::*;
use promisc_savefile::{AnyWriter, Error, Format, Interface, Packet, PacketWriter};

/// The samples, and short packets of every length 0..8 (each padding of pcapng).
fn packets(interfaces: u32) -> Vec<Owned> {
    let mut v = sample_packets(700, interfaces, 24);
    for len in 0..8u32 {
        v.push(Owned {
            interface: len % interfaces,
            ts_ns: 1_700_000_100_000_000_000 + u64::from(len) * 999,
            orig_len: len + 3,
            data: vec![0xa5; len as usize],
        });
    }
    v
}

fn fresh(format: Format, nanos: bool, ifaces: &[Interface]) -> AnyWriter<Vec<u8>> {
    let mut w = AnyWriter::new(format, Vec::new(), nanos);
    for i in ifaces {
        w.add_interface(i).unwrap();
    }
    w
}

/// The file written one record at a time, and its bytes_written.
fn reference(format: Format, nanos: bool, ifaces: &[Interface], ps: &[Owned]) -> (Vec<u8>, u64) {
    let mut w = fresh(format, nanos, ifaces);
    for p in ps {
        w.write_packet(&p.packet()).unwrap();
    }
    w.flush().unwrap();
    let n = w.bytes_written();
    (w.into_inner(), n)
}

/// The file written in batches of `chunk` packets, each batch called again with the rest
/// until it is all written (the limit cuts it short), as the file sink calls it.
fn batched(
    format: Format,
    nanos: bool,
    ifaces: &[Interface],
    ps: &[Owned],
    chunk: usize,
    limit: usize,
) -> (Vec<u8>, u64) {
    let mut w = fresh(format, nanos, ifaces);
    let all: Vec<Packet<'_>> = ps.iter().map(Owned::packet).collect();
    let mut calls = 0;
    for part in all.chunks(chunk) {
        let mut rest = part;
        while !rest.is_empty() {
            let b = w.write_packets(rest, limit);
            assert!(b.error.is_none(), "{:?}", b.error);
            assert!(b.packets > 0, "a batch writes at least one packet");
            rest = &rest[b.packets..];
            calls += 1;
        }
    }
    assert!(calls >= all.len().div_ceil(chunk));
    w.flush().unwrap();
    let n = w.bytes_written();
    (w.into_inner(), n)
}

#[test]
fn batches_write_the_same_bytes_as_single_records() {
    for (format, nanos, n_if) in [
        (Format::Pcap, false, 1),
        (Format::Pcap, true, 1),
        (Format::PcapNg, true, 1),
        (Format::PcapNg, true, 3),
    ] {
        let ifaces = sample_interfaces(n_if, false);
        let ps = packets(n_if);
        let (want, want_n) = reference(format, nanos, &ifaces, &ps);
        assert_eq!(want_n as usize, want.len());
        assert_eq!(read_ok(&want).packets.len(), ps.len());
        for (chunk, limit) in [(1, usize::MAX), (3_600, usize::MAX), (64, 4096), (1000, 0)] {
            let (got, got_n) = batched(format, nanos, &ifaces, &ps, chunk, limit);
            assert_eq!(
                got_n, want_n,
                "{format:?} nanos {nanos} chunk {chunk} limit {limit}"
            );
            assert!(
                got == want,
                "{format:?} nanos {nanos} chunk {chunk} limit {limit}: the bytes differ \
                 (first at {:?})",
                got.iter().zip(&want).position(|(a, b)| a != b)
            );
        }
    }
}

#[test]
fn the_limit_stops_a_batch_after_the_record_that_reaches_it() {
    let ifaces = sample_interfaces(1, true);
    let ps = packets(1);
    let all: Vec<Packet<'_>> = ps.iter().map(Owned::packet).collect();
    let mut w = fresh(Format::Pcap, true, &ifaces);
    let start = w.bytes_written() as usize;
    let limit = start + 10_000;
    let b = w.write_packets(&all, limit);
    assert!(b.error.is_none());
    let n = b.packets;
    let len = |k: usize| -> usize { all[..k].iter().map(|p| 16 + p.data.len()).sum() };
    assert!(start + len(n) >= limit, "stopped before the limit");
    assert!(start + len(n - 1) < limit, "went on past the limit");
}

#[test]
fn a_refused_packet_ends_the_batch_before_it() {
    let ifaces = sample_interfaces(1, true);
    let mut ps = packets(1);
    ps.truncate(50);
    // Past 2106-02-07: pcap cannot hold it.
    ps[20].ts_ns = 5_000_000_000 * 1_000_000_000;
    let (want, _) = reference(Format::Pcap, false, &ifaces, &ps[..20]);
    let all: Vec<Packet<'_>> = ps.iter().map(Owned::packet).collect();
    let mut w = fresh(Format::Pcap, false, &ifaces);
    let b = w.write_packets(&all, usize::MAX);
    assert_eq!(b.packets, 20);
    assert!(
        matches!(b.error, Some(Error::Unrepresentable(_))),
        "{:?}",
        b.error
    );
    assert_eq!(w.bytes_written() as usize, want.len());
    assert_eq!(w.into_inner(), want);

    // pcapng: an interface never declared.
    let ifaces = sample_interfaces(2, true);
    let mut ps = packets(2);
    ps.truncate(30);
    ps[7].interface = 2;
    let (want, _) = reference(Format::PcapNg, true, &ifaces, &ps[..7]);
    let all: Vec<Packet<'_>> = ps.iter().map(Owned::packet).collect();
    let mut w = fresh(Format::PcapNg, true, &ifaces);
    let b = w.write_packets(&all, usize::MAX);
    assert_eq!(b.packets, 7);
    assert!(
        matches!(b.error, Some(Error::UnknownInterface(2))),
        "{:?}",
        b.error
    );
    w.flush().unwrap();
    assert_eq!(w.into_inner(), want);
}
