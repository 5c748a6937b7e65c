//! Helpers shared by the integration tests: sample packets, writing and reading them, temporary
//! directories, and the external-tool gate.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use promisc_savefile::{
    Error, Format, Interface, LinkType, Packet, PacketWriter, PcapNgWriter, PcapWriter, Reader,
    Stats,
};

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

/// A small deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
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
                data.push(rng.next() as u8);
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

/// [`read_all`] with a reader whose first buffer is tiny, so it compacts and grows constantly.
pub fn read_all_small_buffer<R: Read>(r: R) -> Result<ReadBack, Error> {
    read_all_with(Reader::with_buffer_size(r, 64)?)
}

fn read_all_with<R: Read>(mut r: Reader<R>) -> Result<ReadBack, Error> {
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
    Ok(ReadBack {
        format: r.format(),
        interfaces: r.interfaces().to_vec(),
        packets,
        stats: r.stats().to_vec(),
        error,
    })
}

pub fn read_ok(bytes: &[u8]) -> ReadBack {
    let rb = read_all(bytes).unwrap();
    if let Some(e) = &rb.error {
        panic!("unexpected error after {} packets: {e}", rb.packets.len());
    }
    rb
}

/// A directory under the system temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p =
            std::env::temp_dir().join(format!("promisc-savefile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self, f: &str) -> PathBuf {
        self.0.join(f)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|d| d.join(tool).is_file()))
        .unwrap_or(false)
}

/// Whether the tools are installed. A missing tool skips the test with a printed reason, unless
/// `PROMISC_REQUIRE_PRIVILEGED=1`, where it fails it.
pub fn have(tools: &[&str]) -> bool {
    for t in tools {
        if !on_path(t) {
            if std::env::var("PROMISC_REQUIRE_PRIVILEGED").as_deref() == Ok("1") {
                panic!("{t} not installed and PROMISC_REQUIRE_PRIVILEGED=1");
            }
            println!("skipped: {t} not installed");
            return false;
        }
    }
    true
}

/// Runs a command and returns its standard output; fails the test if it fails.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Parses a decimal "seconds.fraction" timestamp into nanoseconds, exactly.
pub fn parse_ts_ns(s: &str) -> u64 {
    let (secs, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut frac = frac.to_owned();
    assert!(frac.len() <= 9, "more than nanosecond digits in {s}");
    while frac.len() < 9 {
        frac.push('0');
    }
    secs.parse::<u64>().unwrap() * 1_000_000_000 + frac.parse::<u64>().unwrap()
}

pub fn write_file(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}
