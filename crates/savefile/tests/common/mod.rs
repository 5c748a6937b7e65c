//! Helpers shared by the integration tests: sample packets, writing and reading them (the
//! temporary directories, the external-tool gate and the RNG are promisc-testkit's).

use std::io::Read;

use promisc_savefile::{
    Error, Format, Interface, LinkType, Packet, PacketWriter, PcapNgWriter, PcapWriter, Reader,
    Stats,
};
pub use promisc_testkit::rng::Rng;

/// A packet we own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    pub interface: u32,
    pub ts_ns: u64,
    pub orig_len: u32,
    pub data: Vec<u8>,
}

impl Owned {
    pub fn from(p: &Packet<'_>) -> Owned {
        Owned {
            interface: p.interface,
            ts_ns: p.ts_ns,
            orig_len: p.orig_len,
            data: p.data.to_vec(),
        }
    }

    pub fn packet(&self) -> Packet<'_> {
        Packet {
            interface: self.interface,
            ts_ns: self.ts_ns,
            orig_len: self.orig_len,
            data: &self.data,
        }
    }

    /// The same packet with its timestamp cut to microseconds.
    pub fn to_us(&self) -> Owned {
        Owned {
            ts_ns: self.ts_ns / 1000 * 1000,
            ..self.clone()
        }
    }
}

/// `n` Ethernet frames (ethertype 0x88b5, the IEEE local experimental one) of 60 to 1514 bytes,
/// spread over `interfaces` interfaces, with strictly increasing nanosecond timestamps and some
/// packets cut short (orig_len > captured length).
pub fn sample_packets(n: usize, interfaces: u32, seed: u64) -> Vec<Owned> {
    let mut rng = Rng(seed | 1);
    let mut ts = 1_700_000_000_123_456_789u64;
    (0..n)
        .map(|i| {
            let len = 60 + rng.below(1455) as usize;
            let mut data = Vec::with_capacity(len);
            data.extend_from_slice(&[0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x88, 0xb5]);
            while data.len() < len {
                data.push(rng.next_u64() as u8);
            }
            let cut = if i % 5 == 4 {
                1 + rng.below(300) as u32
            } else {
                0
            };
            ts += 1 + rng.below(3_000_000_000);
            Owned {
                interface: (i as u32) % interfaces,
                ts_ns: ts,
                orig_len: len as u32 + cut,
                data,
            }
        })
        .collect()
}

/// The interfaces the samples use: all Ethernet when `same_linktype`, else Ethernet, Linux
/// cooked v2, raw IP in turn.
pub fn sample_interfaces(n: u32, same_linktype: bool) -> Vec<Interface> {
    let types = [LinkType::ETHERNET, LinkType::LINUX_SLL2, LinkType::RAW];
    (0..n)
        .map(|i| Interface {
            linktype: if same_linktype {
                LinkType::ETHERNET
            } else {
                types[i as usize % 3]
            },
            snaplen: 262_144,
            name: Some(format!("eth{i}")),
            ts_resolution_ns: 1,
        })
        .collect()
}

pub fn sample_stats(i: u32) -> Stats {
    let k = u64::from(i) + 1;
    Stats {
        received: Some(1000 * k),
        dropped: Some(3 * k),
        filter_accepted: Some(900 * k),
        os_dropped: Some(7 * k),
        delivered: Some(890 * k),
        ts_ns: 1_800_000_000_000_000_000 + k,
        start_ns: Some(1_700_000_000_000_000_000),
        end_ns: Some(1_800_000_000_000_000_000 + k),
    }
}

/// Writes `packets` with `w`, after adding `ifaces`, then `stats` for each listed interface.
pub fn write_all(
    w: &mut dyn PacketWriter,
    ifaces: &[Interface],
    packets: &[Owned],
    stats: &[(u32, Stats)],
) {
    for (i, iface) in ifaces.iter().enumerate() {
        assert_eq!(w.add_interface(iface).unwrap(), i as u32);
    }
    for p in packets {
        w.write_packet(&p.packet()).unwrap();
    }
    for (i, s) in stats {
        w.write_stats(*i, s).unwrap();
    }
    w.flush().unwrap();
}

pub fn pcap_bytes(ifaces: &[Interface], packets: &[Owned], nanos: bool) -> Vec<u8> {
    let mut w = PcapWriter::new(Vec::new(), nanos);
    write_all(&mut w, ifaces, packets, &[]);
    let n = w.bytes_written();
    let v = w.into_inner();
    assert_eq!(n, v.len() as u64);
    v
}

pub fn pcapng_bytes(ifaces: &[Interface], packets: &[Owned], stats: &[(u32, Stats)]) -> Vec<u8> {
    let mut w = PcapNgWriter::new(Vec::new(), "promisc-savefile tests");
    write_all(&mut w, ifaces, packets, stats);
    let n = w.bytes_written();
    let v = w.into_inner();
    assert_eq!(n, v.len() as u64);
    v
}

/// Everything a reader yields: packets, then how it ended.
pub struct ReadBack {
    pub format: Format,
    pub interfaces: Vec<Interface>,
    pub packets: Vec<Owned>,
    pub stats: Vec<(u32, Stats)>,
    pub error: Option<Error>,
}

/// Reads a whole stream, with a bound on iterations so a bug cannot loop forever.
pub fn read_all<R: Read>(r: R) -> Result<ReadBack, Error> {
    read_all_with(Reader::new(r)?)
}

/// Reads a whole stream from `r`, as [`read_all`] does.
pub fn read_all_with<R: Read>(mut r: Reader<R>) -> Result<ReadBack, Error> {
    let mut packets = Vec::new();
    let mut error = None;
    for _ in 0..10_000_000 {
        match r.next_packet() {
            Ok(Some(p)) => packets.push(Owned::from(&p)),
            Ok(None) => break,
            Err(e) => {
                error = Some(e);
                assert!(
                    matches!(r.next_packet(), Ok(None)),
                    "a reader that failed must be finished"
                );
                break;
            }
        }
    }
    let rb = ReadBack {
        format: r.format(),
        interfaces: r.interfaces().to_vec(),
        packets,
        stats: r.stats().to_vec(),
        error,
    };
    rb.check();
    Ok(rb)
}

impl ReadBack {
    /// What holds of every read, damaged or not: pcap has one interface, and every packet and
    /// every statistics block names an interface that was described.
    fn check(&self) {
        let n = self.interfaces.len();
        if self.format == Format::Pcap {
            assert_eq!(n, 1, "a pcap file has one interface");
        }
        for p in &self.packets {
            assert!(
                (p.interface as usize) < n,
                "packet on interface {} of {n}",
                p.interface
            );
        }
        for (i, _) in &self.stats {
            assert!((*i as usize) < n, "statistics of interface {i} of {n}");
        }
    }
}

pub fn read_ok(bytes: &[u8]) -> ReadBack {
    let rb = read_all(bytes).unwrap();
    if let Some(e) = &rb.error {
        panic!("unexpected error after {} packets: {e}", rb.packets.len());
    }
    rb
}
