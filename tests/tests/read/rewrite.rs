//! `promisc read -w` of a pcap file into a pcap file: every record it writes is the one the
//! pcap writer makes of the packet read (the time normalised, `-s` cut), whether it goes over
//! as a copy of the input record or is written anew. The expected file is built here, field by
//! field, from the input's records.

use crate::common::bin;
use promisc_testkit::frames::{eth, tcp, udp, V4};
use promisc_testkit::temp::TempDir;
use std::process::Command;

/// One input record: seconds, sub-second field (microseconds; some a second or more, as in a
/// damaged file), and the frame.
struct Rec {
    secs: u32,
    frac: u32,
    frame: Vec<u8>,
    udp: bool,
}

/// Records of 60 to 300 bytes, enough of them (about 600 KiB) to cross many read buffers:
/// UDP and TCP alternating in runs, every 97th with a fraction of a second or more when
/// `damaged`.
fn records(damaged: bool) -> Vec<Rec> {
    (0..4000u32)
        .map(|i| {
            let udp_run = (i / 5) % 3 != 0;
            let n = (i % 241) as usize;
            let (proto, l4) = if udp_run {
                (17, udp(1000 + i as u16, 53, &vec![i as u8; n]))
            } else {
                (6, tcp(2000 + i as u16, 80, 0x18, &vec![i as u8; n]))
            };
            let ip = V4::new([192, 0, 2, 1], [192, 0, 2, 2], proto).build(&l4);
            Rec {
                secs: 1_700_000_000 + i / 3,
                frac: if damaged && i % 97 == 5 {
                    1_000_000 + i
                } else {
                    i * 211 % 1_000_000
                },
                frame: eth([2, 0, 0, 0, 0, 2], [2, 0, 0, 0, 0, 1], 0x0800, &ip),
                udp: udp_run,
            }
        })
        .collect()
}

/// A pcap file header (little-endian, snapshot length 65535, Ethernet).
fn header(nanos: bool) -> Vec<u8> {
    super::pcap_header(nanos, 1)
}

fn record(b: &mut Vec<u8>, secs: u32, frac: u32, data: &[u8], orig_len: usize) {
    for v in [secs, frac, data.len() as u32, orig_len as u32] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(data);
}

/// The input file, microsecond timestamps as they are.
fn input(recs: &[Rec]) -> Vec<u8> {
    let mut b = header(false);
    for r in recs {
        record(&mut b, r.secs, r.frac, &r.frame, r.frame.len());
    }
    b
}

/// What `read -w` must write: the records `keep` passes, each time carried into the seconds
/// (in nanoseconds when `nanos`), each packet cut to `snap` bytes.
fn expected(recs: &[Rec], keep: impl Fn(&Rec) -> bool, snap: usize, nanos: bool) -> Vec<u8> {
    let mut b = header(nanos);
    for r in recs.iter().filter(|r| keep(r)) {
        let secs = r.secs + r.frac / 1_000_000;
        let us = r.frac % 1_000_000;
        let frac = if nanos { us * 1000 } else { us };
        let data = &r.frame[..r.frame.len().min(snap)];
        record(&mut b, secs, frac, data, r.frame.len());
    }
    b
}

#[test]
fn read_w_writes_each_record_as_the_pcap_writer_makes_it() {
    let recs = records(true);
    let dir = TempDir::new("rd-rewrite");
    let path = dir.file("in.pcap");
    std::fs::write(&path, input(&recs)).unwrap();
    let out = dir.file("out.pcap");
    let all = |_: &Rec| true;
    let udp = |r: &Rec| r.udp;
    // The arguments; the records kept, their cut and their resolution.
    type Case<'a> = (&'a [&'a str], &'a dyn Fn(&Rec) -> bool, usize, bool);
    let cases: [Case; 6] = [
        (&[], &all, usize::MAX, false),
        (&["udp"], &udp, usize::MAX, false),
        (&["-s", "100"], &all, 100, false),
        (&["-s", "100", "udp"], &udp, 100, false),
        (&["--nano"], &all, usize::MAX, true),
        (&["--nano", "udp"], &udp, usize::MAX, true),
    ];
    for (args, keep, snap, nanos) in cases {
        let o = Command::new(bin())
            .args(["read", "-r", &path, "-w", &out])
            .args(args)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{args:?}: {o:?}");
        let got = std::fs::read(&out).unwrap();
        let want = expected(&recs, keep, snap, nanos);
        assert_eq!(got.len(), want.len(), "{args:?}: file length");
        if let Some(at) = got.iter().zip(&want).position(|(g, w)| g != w) {
            panic!("{args:?}: the files differ first at byte {at}");
        }
    }
}

/// A small tmpfs mounted on a fresh directory, unmounted (lazily) on drop.
struct Tmpfs {
    dir: TempDir,
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .args(["-l", &self.dir.dir()])
            .status();
    }
}

/// `read -w` onto a full disk: exit 5, the error said once with the number of packets the file
/// holds, and the file a readable prefix of the packets, cut back to a whole record, whether
/// the records that did not fit were copied in runs or written one by one.
#[test]
fn read_w_onto_a_full_disk_leaves_a_readable_prefix() {
    if !promisc_testkit::gate::root() {
        return;
    }
    // Exact times: with no filter, the records go over in runs of a whole read buffer.
    let recs = records(false);
    let dir = TempDir::new("rd-full-in");
    let path = dir.file("in.pcap");
    let input_bytes = input(&recs);
    std::fs::write(&path, &input_bytes).unwrap();
    let fs = Tmpfs {
        dir: TempDir::new("rd-full-fs"),
    };
    let mounted = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=256k,mode=0755",
            "tmpfs",
            &fs.dir.dir(),
        ])
        .status()
        .expect("mount runs");
    assert!(mounted.success(), "mount a tmpfs");
    // About 600 KiB of records into 256 KiB, with and without a filter breaking the runs.
    for (args, keep) in [
        (&[][..], &(|_: &Rec| true) as &dyn Fn(&Rec) -> bool),
        (&["udp"][..], &|r: &Rec| r.udp),
    ] {
        let out = fs.dir.file("out.pcap");
        let o = Command::new(bin())
            .args(["read", "-r", &path, "-w", &out])
            .args(args)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(5), "{args:?}: {o:?}");
        assert_eq!(
            stderr.matches("No space left on device").count(),
            1,
            "{args:?}: {stderr}"
        );
        let got = std::fs::read(&out).unwrap();
        let want = expected(&recs, keep, usize::MAX, false);
        assert!(
            got.len() < want.len() && got.len() > 24,
            "{args:?}: {}",
            got.len()
        );
        assert_eq!(got[..], want[..got.len()], "{args:?}: a prefix");
        // It ends on a record boundary, and stderr says how many records it holds.
        let (mut at, mut n) = (24, 0);
        while at < got.len() {
            at += 16 + u32::from_le_bytes(got[at + 8..at + 12].try_into().unwrap()) as usize;
            n += 1;
        }
        assert_eq!(at, got.len(), "{args:?}: whole records");
        assert!(
            stderr.contains(&format!("{n} packet")),
            "{args:?}: {n} packets in the file: {stderr}"
        );
        std::fs::remove_file(&out).unwrap();
    }
}
