//! Write then read back with our own reader; hand-built files for what our writers never produce
//! (big-endian, several sections, Simple and obsolete Packet Blocks, other resolutions); the
//! errors of malformed files and of misused writers.

mod common;

use common::*;
use promisc_savefile::{
    writer, writer_send, Error, Format, Interface, LinkType, Packet, PacketWriter, PcapNgWriter,
    PcapWriter, Reader, Stats,
};
use promisc_testkit::temp::TempDir;

#[test]
fn pcap_microseconds() {
    let ifaces = sample_interfaces(1, true);
    let packets = sample_packets(500, 1, 1);
    let bytes = pcap_bytes(&ifaces, &packets, false);
    assert_eq!(&bytes[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
    let rb = read_ok(&bytes);
    assert_eq!(rb.format, Format::Pcap);
    assert_eq!(rb.interfaces.len(), 1);
    let i = &rb.interfaces[0];
    assert_eq!(
        (i.linktype, i.snaplen, i.name.as_deref(), i.ts_resolution_ns),
        (LinkType::ETHERNET, 262_144, None, 1000)
    );
    let want: Vec<Owned> = packets.iter().map(Owned::to_us).collect();
    assert_eq!(rb.packets, want);
    assert!(rb.stats.is_empty());
}

#[test]
fn pcap_nanoseconds() {
    let ifaces = sample_interfaces(1, true);
    let packets = sample_packets(500, 1, 2);
    let bytes = pcap_bytes(&ifaces, &packets, true);
    assert_eq!(&bytes[..4], &[0x4d, 0x3c, 0xb2, 0xa1]);
    let rb = read_ok(&bytes);
    assert_eq!(rb.interfaces[0].ts_resolution_ns, 1);
    assert_eq!(rb.packets, packets);
}

#[test]
fn pcapng_one_interface() {
    let ifaces = sample_interfaces(1, true);
    let packets = sample_packets(500, 1, 3);
    let bytes = pcapng_bytes(&ifaces, &packets, &[]);
    let rb = read_ok(&bytes);
    assert_eq!(rb.format, Format::PcapNg);
    assert_eq!(rb.interfaces, ifaces);
    assert_eq!(rb.packets, packets);
}

#[test]
fn pcapng_several_interfaces_and_stats() {
    let ifaces = sample_interfaces(3, false);
    let packets = sample_packets(600, 3, 4);
    let stats: Vec<(u32, Stats)> = (0..3).map(|i| (i, sample_stats(i))).collect();
    let mut partial = stats.clone();
    partial.push((
        1,
        Stats {
            received: Some(5),
            ts_ns: 42,
            ..Stats::default()
        },
    ));
    let bytes = pcapng_bytes(&ifaces, &packets, &partial);
    let rb = read_ok(&bytes);
    assert_eq!(rb.interfaces, ifaces);
    assert_eq!(rb.packets, packets);
    assert_eq!(rb.stats, partial);
}

#[test]
fn files_without_packets_are_valid() {
    let ifaces = sample_interfaces(1, true);
    let rb = read_ok(&pcap_bytes(&ifaces, &[], false));
    assert_eq!(rb.interfaces.len(), 1);
    assert!(rb.packets.is_empty());

    let rb = read_ok(&pcapng_bytes(&ifaces, &[], &[]));
    assert_eq!(rb.interfaces, ifaces);

    // A pcapng writer that only ever got flushed still wrote its section header.
    let mut w = PcapNgWriter::new(Vec::new(), "x");
    w.flush().unwrap();
    let bytes = w.into_inner();
    assert_eq!(bytes.len() % 4, 0);
    let rb = read_ok(&bytes);
    assert!(rb.interfaces.is_empty() && rb.packets.is_empty());
}

#[test]
fn boxed_writers_and_threads() {
    let ifaces = sample_interfaces(2, true);
    let packets = sample_packets(50, 2, 5);
    let dir = TempDir::new("boxed");
    for (format, nanos) in [(Format::PcapNg, false), (Format::Pcap, true)] {
        let path = dir.path("f");
        let f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut w = writer_send(format, f, nanos);
        let n = if format == Format::Pcap { 1 } else { 2 };
        let (ifaces, packets) = (ifaces.clone(), packets.clone());
        let packets: Vec<Owned> = packets.into_iter().filter(|p| p.interface < n).collect();
        let want = packets.clone();
        let written = std::thread::spawn(move || {
            write_all(&mut w, &ifaces[..n as usize], &packets, &[]);
            w.bytes_written()
        })
        .join()
        .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(written, bytes.len() as u64);
        assert_eq!(read_ok(&bytes).packets, want);
    }
    let mut w = writer(Format::PcapNg, Vec::new(), false);
    w.add_interface(&ifaces[0]).unwrap();
    w.flush().unwrap();
    assert!(w.bytes_written() > 0);
}

#[test]
fn writer_misuse() {
    let iface = Interface::new(LinkType::ETHERNET, 1500);
    let p = Packet {
        interface: 0,
        ts_ns: 1,
        orig_len: 1,
        data: &[1],
    };

    let mut w = PcapWriter::new(Vec::new(), false);
    assert!(matches!(
        w.write_packet(&p),
        Err(Error::UnknownInterface(0))
    ));
    w.add_interface(&iface).unwrap();
    assert!(matches!(
        w.add_interface(&iface),
        Err(Error::SeveralInterfaces)
    ));
    let late = Packet {
        ts_ns: (u64::from(u32::MAX) + 1) * 1_000_000_000,
        ..p
    };
    assert!(matches!(
        w.write_packet(&late),
        Err(Error::Unrepresentable(_))
    ));
    let other = Packet { interface: 1, ..p };
    assert!(matches!(
        w.write_packet(&other),
        Err(Error::UnknownInterface(1))
    ));
    w.write_stats(0, &Stats::default()).unwrap();
    assert_eq!(w.bytes_written(), 24);

    let mut w = PcapNgWriter::new(Vec::new(), "x");
    assert!(matches!(
        w.write_packet(&p),
        Err(Error::UnknownInterface(0))
    ));
    assert!(matches!(
        w.write_stats(0, &Stats::default()),
        Err(Error::UnknownInterface(0))
    ));
    assert!(matches!(
        w.add_interface(&Interface::new(LinkType(70_000), 0)),
        Err(Error::Unrepresentable(_))
    ));
    assert_eq!(w.add_interface(&iface).unwrap(), 0);
    assert_eq!(w.add_interface(&iface).unwrap(), 1);
    w.write_packet(&late).unwrap();
    let rb = read_ok(&w.into_inner());
    assert_eq!(rb.interfaces.len(), 2);
    assert_eq!(rb.packets[0].ts_ns, late.ts_ns);
}

/// Converts a little-endian pcap file written by us to big-endian.
fn pcap_to_big_endian(le: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(le.len());
    let word = |out: &mut Vec<u8>, b: &[u8]| out.extend(b.iter().rev());
    word(&mut out, &le[0..4]);
    word(&mut out, &le[4..6]);
    word(&mut out, &le[6..8]);
    for i in 0..4 {
        word(&mut out, &le[8 + 4 * i..12 + 4 * i]);
    }
    let mut at = 24;
    while at < le.len() {
        for i in 0..4 {
            word(&mut out, &le[at + 4 * i..at + 4 + 4 * i]);
        }
        let caplen = u32::from_le_bytes(le[at + 8..at + 12].try_into().unwrap()) as usize;
        out.extend_from_slice(&le[at + 16..at + 16 + caplen]);
        at += 16 + caplen;
    }
    out
}

#[test]
fn pcap_big_endian_both_resolutions() {
    let ifaces = sample_interfaces(1, true);
    let packets = sample_packets(100, 1, 6);
    for nanos in [false, true] {
        let be = pcap_to_big_endian(&pcap_bytes(&ifaces, &packets, nanos));
        assert_eq!(be[0], 0xa1);
        let rb = read_ok(&be);
        let want: Vec<Owned> = if nanos {
            packets.clone()
        } else {
            packets.iter().map(Owned::to_us).collect()
        };
        assert_eq!(rb.packets, want);
        assert_eq!(rb.interfaces[0].snaplen, 262_144);
    }
}

#[test]
fn pcap_header_details() {
    let ifaces = [Interface::new(LinkType::ETHERNET, 64)];
    let long = Owned {
        interface: 0,
        ts_ns: 5_000_001_000,
        orig_len: 200,
        data: vec![7; 100],
    };
    let mut bytes = pcap_bytes(&ifaces, std::slice::from_ref(&long), false);
    // FCS flags in the upper bits of the link type are dropped.
    bytes[20..24].copy_from_slice(&(1u32 | 0x1000_0000 | 0x0400_0000).to_le_bytes());
    let rb = read_ok(&bytes);
    assert_eq!(rb.interfaces[0].linktype, LinkType::ETHERNET);
    // caplen 100 > snaplen 64 is tolerated and, as libpcap does, cut to the snaplen.
    let cut = Owned {
        data: vec![7; 64],
        ..long.clone()
    };
    assert_eq!(rb.packets, vec![cut]);

    let mut bad = bytes.clone();
    bad[4] = 1; // version 1.4
    match read_all(&bad[..]) {
        Err(Error::Malformed { offset: 0, what }) => assert!(what.contains("version")),
        other => panic!("{:?}", other.map(|r| r.packets.len())),
    }

    let mut huge = bytes.clone();
    huge[24 + 8..24 + 12].copy_from_slice(&((256u32 << 20) + 1).to_le_bytes());
    let rb = read_all(&huge[..]).unwrap();
    assert!(rb.packets.is_empty());
    assert!(
        matches!(rb.error, Some(Error::Malformed { offset: 24, .. })),
        "{:?}",
        rb.error
    );
}

/// A little-endian pcap file header with the given magic, snaplen and link type.
fn pcap_header(magic: u32, snaplen: u32, linktype: u32) -> Vec<u8> {
    let mut v = magic.to_le_bytes().to_vec();
    v.extend_from_slice(&[2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    v.extend_from_slice(&snaplen.to_le_bytes());
    v.extend_from_slice(&linktype.to_le_bytes());
    v
}

/// A little-endian record header (and, for Kuznetsov's format, its 8 extra bytes) and data.
fn pcap_record(v: &mut Vec<u8>, secs: u32, frac: u32, data: &[u8], orig: u32, extra: bool) {
    for x in [secs, frac, data.len() as u32, orig] {
        v.extend_from_slice(&x.to_le_bytes());
    }
    if extra {
        v.extend_from_slice(&[3, 0, 0, 0, 0x08, 0x00, 4, 0]);
    }
    v.extend_from_slice(data);
}

#[test]
fn pcap_caplen_limits_follow_libpcap() {
    // snaplen 0 means the link type's maximum, 262144 for Ethernet: 300000 bytes are an error.
    for snaplen in [0, 65_535, 1 << 20] {
        let mut f = pcap_header(0xa1b2_c3d4, snaplen, 1);
        pcap_record(&mut f, 1, 2, &[1; 100], 100, false);
        pcap_record(&mut f, 1, 3, &vec![2; 300_000], 300_000, false);
        let rb = read_all(&f[..]).unwrap();
        assert_eq!(rb.packets.len(), 1, "snaplen {snaplen}");
        match rb.error {
            Some(Error::Malformed { offset: 140, what }) => {
                assert!(
                    what.contains("invalid packet capture length 300000"),
                    "{what}"
                )
            }
            other => panic!("snaplen {snaplen}: {other:?}"),
        }
    }
    // Between the snaplen and the maximum: read whole, cut to the snaplen, reading goes on.
    let mut f = pcap_header(0xa1b2_c3d4, 1000, 1);
    pcap_record(&mut f, 1, 2, &[5; 262_144], 262_144, false);
    pcap_record(&mut f, 1, 3, &[6; 10], 10, false);
    let rb = read_ok(&f);
    let got: Vec<(usize, u32)> = rb
        .packets
        .iter()
        .map(|p| (p.data.len(), p.orig_len))
        .collect();
    assert_eq!(got, vec![(1000, 262_144), (10, 10)]);
}

#[test]
fn kuznetsov_pcap_is_read_as_libpcap_reads_it() {
    for big in [false, true] {
        let mut f = pcap_header(0xa1b2_cd34, 64, 1);
        pcap_record(&mut f, 7, 8, &[9; 70], 80, true);
        pcap_record(&mut f, 9, 10, &[1; 20], 20, true);
        if big {
            f = swap_pcap(&f);
        }
        let rb = read_ok(&f);
        assert_eq!(rb.interfaces[0].linktype, LinkType::ETHERNET);
        let got: Vec<(u64, usize, u32)> = rb
            .packets
            .iter()
            .map(|p| (p.ts_ns, p.data.len(), p.orig_len))
            .collect();
        // Ethernet snaplen 64 grows by 14 (libpcap assumes a cooked capture): 70 bytes stay.
        assert_eq!(got, vec![(7_000_008_000, 70, 80), (9_000_010_000, 20, 20)]);
    }
}

/// Byte-swaps a little-endian Kuznetsov file (24-byte records) to big-endian.
fn swap_pcap(f: &[u8]) -> Vec<u8> {
    let mut v = f.to_vec();
    let sw4 = |v: &mut Vec<u8>, o: usize| v[o..o + 4].reverse();
    sw4(&mut v, 0);
    v[4..6].reverse();
    v[6..8].reverse();
    for o in [8, 12, 16, 20] {
        sw4(&mut v, o);
    }
    let mut o = 24;
    while o + 24 <= v.len() {
        let cap = u32::from_le_bytes(v[o + 8..o + 12].try_into().unwrap()) as usize;
        for k in [0, 4, 8, 12, 16] {
            sw4(&mut v, o + k);
        }
        v[o + 20..o + 22].reverse();
        o += 24 + cap;
    }
    v
}

/// Builds pcapng blocks in either byte order.
struct Ng {
    be: bool,
    out: Vec<u8>,
}

impl Ng {
    fn new(be: bool) -> Ng {
        Ng {
            be,
            out: Vec::new(),
        }
    }
    fn b16(&self, v: u16) -> [u8; 2] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    fn b32(&self, v: u32) -> [u8; 4] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    fn b64(&self, v: u64) -> [u8; 8] {
        if self.be {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    }
    fn opt(&self, body: &mut Vec<u8>, code: u16, v: &[u8]) {
        body.extend_from_slice(&self.b16(code));
        body.extend_from_slice(&self.b16(v.len() as u16));
        body.extend_from_slice(v);
        while body.len() % 4 != 0 {
            body.push(0);
        }
    }
    fn block(&mut self, btype: u32, body: &[u8]) -> &mut Ng {
        let len = 12 + body.len() as u32;
        assert_eq!(len % 4, 0);
        let t = self.b32(btype);
        let l = self.b32(len);
        self.out.extend_from_slice(&t);
        self.out.extend_from_slice(&l);
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(&l);
        self
    }
    fn shb(&mut self) -> &mut Ng {
        let mut b = Vec::new();
        b.extend_from_slice(&self.b32(0x1a2b_3c4d));
        b.extend_from_slice(&self.b16(1));
        b.extend_from_slice(&self.b16(0));
        b.extend_from_slice(&self.b64(u64::MAX));
        self.block(0x0a0d_0d0a, &b)
    }
    fn idb(&mut self, linktype: u16, snaplen: u32, opts: &[(u16, Vec<u8>)]) -> &mut Ng {
        let mut b = Vec::new();
        b.extend_from_slice(&self.b16(linktype));
        b.extend_from_slice(&[0, 0]);
        b.extend_from_slice(&self.b32(snaplen));
        for (code, v) in opts {
            self.opt(&mut b, *code, v);
        }
        if !opts.is_empty() {
            b.extend_from_slice(&[0; 4]);
        }
        self.block(1, &b)
    }
    fn epb(&mut self, iface: u32, ticks: u64, orig: u32, data: &[u8]) -> &mut Ng {
        let mut b = Vec::new();
        b.extend_from_slice(&self.b32(iface));
        b.extend_from_slice(&self.b32((ticks >> 32) as u32));
        b.extend_from_slice(&self.b32(ticks as u32));
        b.extend_from_slice(&self.b32(data.len() as u32));
        b.extend_from_slice(&self.b32(orig));
        b.extend_from_slice(data);
        while b.len() % 4 != 0 {
            b.push(0);
        }
        // An epb_flags option, which the reader skips.
        let flags = self.b32(1);
        self.opt(&mut b, 2, &flags);
        b.extend_from_slice(&[0; 4]);
        self.block(6, &b)
    }
    fn pb(&mut self, iface: u16, ticks: u64, orig: u32, data: &[u8]) -> &mut Ng {
        let mut b = Vec::new();
        b.extend_from_slice(&self.b16(iface));
        b.extend_from_slice(&self.b16(0));
        b.extend_from_slice(&self.b32((ticks >> 32) as u32));
        b.extend_from_slice(&self.b32(ticks as u32));
        b.extend_from_slice(&self.b32(data.len() as u32));
        b.extend_from_slice(&self.b32(orig));
        b.extend_from_slice(data);
        while b.len() % 4 != 0 {
            b.push(0);
        }
        self.block(2, &b)
    }
    fn spb(&mut self, orig: u32, data: &[u8]) -> &mut Ng {
        let mut b = Vec::new();
        b.extend_from_slice(&self.b32(orig));
        b.extend_from_slice(data);
        while b.len() % 4 != 0 {
            b.push(0);
        }
        self.block(3, &b)
    }
    fn isb(&mut self, iface: u32, ticks: u64, recv: u64, drop: u64) -> &mut Ng {
        let mut b = Vec::new();
        b.extend_from_slice(&self.b32(iface));
        b.extend_from_slice(&self.b32((ticks >> 32) as u32));
        b.extend_from_slice(&self.b32(ticks as u32));
        let r = self.b64(recv);
        let d = self.b64(drop);
        self.opt(&mut b, 4, &r);
        self.opt(&mut b, 5, &d);
        // An isb_osdrop of the wrong length is ignored.
        self.opt(&mut b, 7, &[1, 2, 3]);
        b.extend_from_slice(&[0; 4]);
        self.block(5, &b)
    }
    fn switch(&mut self, be: bool) -> &mut Ng {
        self.be = be;
        self
    }
}

#[test]
fn pcapng_sections_byte_orders_and_block_kinds() {
    let d1: Vec<u8> = (0..61).collect();
    let d2: Vec<u8> = (100..164).collect();
    let mut ng = Ng::new(true);
    ng.shb()
        // Big-endian section: one interface in milliseconds, with a name.
        .idb(1, 128, &[(2, b"wlan0".to_vec()), (9, vec![3])])
        .block(4, &[0, 0, 0, 0]) // name resolution block, skipped
        .block(0x0000_0bad, &[0, 0, 0, 1, 9, 9, 9, 9]) // custom block, skipped
        .block(0x1234_5678, &[]) // unknown block, skipped
        .epb(0, 1_700_000_000_123, 61, &d1)
        .spb(200, &d2) // cut to the snaplen of 128, then to the 64 bytes present
        .pb(0, 1_700_000_000_124, 64, &d2)
        .isb(0, 1_700_000_000_125, 10, 2)
        // Little-endian section: its interface 0 is the file's interface 1.
        .switch(false)
        .shb()
        .idb(276, 0, &[])
        .idb(
            101,
            65535,
            &[(9, vec![0x80 | 10]), (14, (-2i64).to_le_bytes().to_vec())],
        )
        .epb(1, 1024 * 10, 61, &d1)
        .epb(0, 1_700_000_000_000_001, 61, &d1)
        .spb(3, &d2[..4])
        .isb(1, 2048 * 10, 7, 0);
    let rb = read_ok(&ng.out);
    assert_eq!(rb.format, Format::PcapNg);
    let names: Vec<_> = rb.interfaces.iter().map(|i| i.name.as_deref()).collect();
    assert_eq!(names, [Some("wlan0"), None, None]);
    let res: Vec<_> = rb.interfaces.iter().map(|i| i.ts_resolution_ns).collect();
    assert_eq!(res, [1_000_000, 1000, 976_563]);
    let types: Vec<_> = rb.interfaces.iter().map(|i| i.linktype).collect();
    assert_eq!(
        types,
        [LinkType::ETHERNET, LinkType::LINUX_SLL2, LinkType::RAW]
    );
    let got: Vec<_> = rb
        .packets
        .iter()
        .map(|p| (p.interface, p.ts_ns, p.orig_len, p.data.len()))
        .collect();
    assert_eq!(
        got,
        [
            (0, 1_700_000_000_123_000_000, 61, 61),
            (0, 0, 200, 64),
            (0, 1_700_000_000_124_000_000, 64, 64),
            (2, 8_000_000_000, 61, 61),
            (1, 1_700_000_000_000_001_000, 61, 61),
            (1, 0, 3, 3),
        ]
    );
    assert_eq!(rb.packets[0].data, d1);
    assert_eq!(rb.packets[1].data, d2);
    assert_eq!(rb.packets[5].data, &d2[..3]);
    assert_eq!(
        rb.stats,
        [
            (
                0,
                Stats {
                    received: Some(10),
                    dropped: Some(2),
                    ts_ns: 1_700_000_000_125_000_000,
                    ..Stats::default()
                }
            ),
            (
                2,
                Stats {
                    received: Some(7),
                    dropped: Some(0),
                    ts_ns: 18_000_000_000,
                    ..Stats::default()
                }
            )
        ]
    );
}

fn malformed(bytes: &[u8]) -> (usize, u64, String) {
    let rb = read_all(bytes).unwrap();
    match rb.error {
        Some(Error::Malformed { offset, what }) => (rb.packets.len(), offset, what),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn pcapng_structural_errors() {
    let d: Vec<u8> = vec![1; 60];

    let mut ng = Ng::new(false);
    ng.shb().epb(0, 1, 60, &d);
    let (n, off, what) = malformed(&ng.out);
    assert_eq!((n, off), (0, 28));
    assert!(what.contains("before any interface"), "{what}");

    let mut ng = Ng::new(false);
    ng.shb()
        .idb(1, 0, &[])
        .epb(0, 1, 60, &d)
        .spb(60, &d)
        .epb(3, 1, 60, &d);
    let (n, off, what) = malformed(&ng.out);
    assert_eq!((n, off), (2, 28 + 20 + 104 + 76));
    assert!(what.contains("interface 3"), "{what}");

    // A second section forgets the first one's interfaces.
    let mut ng = Ng::new(false);
    ng.shb().idb(1, 0, &[]).shb().epb(0, 1, 60, &d);
    assert_eq!(malformed(&ng.out).0, 0);

    let mut ng = Ng::new(false);
    ng.shb().idb(1, 0, &[]);
    let good = ng.out.len();
    ng.epb(0, 1, 60, &d);
    let mut bad = ng.out.clone();
    bad[good + 4] = 94; // not a multiple of 4
    assert_eq!(malformed(&bad).1, good as u64);
    let mut bad = ng.out.clone();
    let n = bad.len();
    bad[n - 4] = 100; // trailer mismatch
    assert!(malformed(&bad).2.contains("trailing"));
    let mut bad = ng.out.clone();
    bad[good + 4..good + 8].copy_from_slice(&((256u32 << 20) + 4).to_le_bytes());
    assert!(malformed(&bad).2.contains("256 MiB"));
    let mut bad = ng.out.clone();
    bad[good + 20..good + 24].copy_from_slice(&200u32.to_le_bytes()); // caplen past the body
    assert!(malformed(&bad).2.contains("captured length"));
    let mut bad = ng.out.clone();
    bad[8] = 0x4e; // byte-order magic
    match read_all(&bad[..]) {
        Err(Error::Malformed { offset: 0, what }) => assert!(what.contains("byte-order")),
        _ => panic!("bad byte-order magic accepted"),
    }
    let mut bad = ng.out.clone();
    bad[12] = 2; // version 2.0
    assert!(matches!(
        read_all(&bad[..]),
        Err(Error::Malformed { offset: 0, .. })
    ));
}

#[test]
fn reader_reports_offsets() {
    let ifaces = sample_interfaces(1, true);
    let packets = sample_packets(3, 1, 9);
    let bytes = pcap_bytes(&ifaces, &packets, true);
    let mut r = Reader::new(&bytes[..]).unwrap();
    assert_eq!(r.offset(), 24);
    r.next_packet().unwrap().unwrap();
    assert_eq!(r.offset(), 24 + 16 + packets[0].data.len() as u64);
    let cut = &bytes[..bytes.len() - 1];
    let rb = read_all(cut).unwrap();
    assert_eq!(rb.packets.len(), 2);
    let last = bytes.len() - 16 - packets[2].data.len();
    match rb.error {
        Some(Error::Truncated {
            offset,
            needed,
            available,
            ..
        }) => {
            assert_eq!(offset, last as u64);
            assert_eq!(needed, 16 + packets[2].data.len() as u64);
            assert_eq!(available, needed - 1);
        }
        other => panic!("{other:?}"),
    }
}

/// Hands out reads of awkward sizes, like a pipe.
struct Chunky<'a> {
    data: &'a [u8],
    sizes: &'a [usize],
    n: usize,
}

impl std::io::Read for Chunky<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let want = self.sizes[self.n % self.sizes.len()];
        self.n += 1;
        let k = want.min(out.len()).min(self.data.len());
        out[..k].copy_from_slice(&self.data[..k]);
        self.data = &self.data[k..];
        Ok(k)
    }
}

#[test]
fn files_larger_than_the_buffer_in_odd_reads() {
    let mut packets = sample_packets(4000, 3, 31);
    // Records larger than the reader's first buffer (1 MiB) make it grow.
    packets[1000].data = (0..3 << 20).map(|i| i as u8).collect();
    packets[1000].orig_len = 3 << 20;
    packets[3000].data = vec![0xaa; (1 << 20) + 3];
    packets[3000].orig_len = (1 << 20) + 3;
    let ifaces = sample_interfaces(3, false);
    let ng = pcapng_bytes(&ifaces, &packets, &[(2, sample_stats(2))]);
    let single: Vec<Owned> = packets
        .iter()
        .map(|p| Owned {
            interface: 0,
            ..p.clone()
        })
        .collect();
    // libpcap caps pcap records at 262144 bytes for most link types; D-Bus (231) allows 128 MiB.
    let dbus = Interface {
        linktype: LinkType(231),
        snaplen: 0,
        ..ifaces[0].clone()
    };
    let pc = pcap_bytes(&[dbus], &single, true);
    assert!(ng.len() > 6 << 20 && pc.len() > 6 << 20);
    for sizes in [
        &[1usize << 20][..],
        &[1, 7777, 65536, 3, (1 << 20) + 5, 4096],
    ] {
        let rb = read_all(Chunky {
            data: &ng,
            sizes,
            n: 0,
        })
        .unwrap();
        assert!(rb.error.is_none(), "{:?}", rb.error);
        assert_eq!(rb.packets, packets);
        assert_eq!(rb.stats, [(2, sample_stats(2))]);
        let rb = read_all(Chunky {
            data: &pc,
            sizes,
            n: 0,
        })
        .unwrap();
        assert!(rb.error.is_none(), "{:?}", rb.error);
        assert_eq!(rb.packets, single);
    }
}

/// A statistics block naming an interface the section does not describe is skipped: the
/// packets after it are read (libpcap reads no statistics at all).
#[test]
fn statistics_for_a_missing_interface_do_not_stop_the_read() {
    let d: Vec<u8> = (0..40).collect();
    let mut ng = Ng::new(false);
    ng.shb()
        .idb(1, 0, &[])
        .epb(0, 1_000_000, 40, &d)
        .isb(7, 1_000_001, 1, 0)
        .epb(0, 1_000_002, 40, &d)
        .isb(0, 1_000_003, 2, 0);
    let rb = read_ok(&ng.out);
    assert_eq!(rb.packets.len(), 2);
    assert_eq!(rb.stats.len(), 1, "the block for interface 0 is kept");
    assert_eq!(rb.stats[0].0, 0);
}
