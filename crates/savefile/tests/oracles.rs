//! tcpdump, tshark, capinfos, editcap and mergecap as oracles: they read the files we write and
//! report the same packets, and we read the files they write. A test whose tool is
//! missing is skipped through promisc-testkit's gate (`SKIPPED <test>: ...`, counted at the
//! end), or fails under `PROMISC_REQUIRE_PRIVILEGED=1`.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use promisc_testkit::cmd::{parse_ts_ns, run};
use promisc_testkit::gate::have;
use promisc_testkit::temp::TempDir;

fn write_file(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}
use promisc_savefile::{Format, Interface, LinkType, Stats};

/// What tcpdump says of each packet: (timestamp in ns, wire length).
fn tcpdump_view(path: &Path) -> Vec<(u64, u32)> {
    let out = run(Command::new("tcpdump")
        .args(["-n", "-tt", "-e", "--time-stamp-precision=nano", "-r"])
        .arg(path));
    out.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            let ts = parse_ts_ns(l.split_whitespace().next().unwrap());
            let len = l
                .split_once("length ")
                .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
                .unwrap_or_else(|| panic!("no length in {l}"));
            (ts, len.parse().unwrap())
        })
        .collect()
}

/// What tshark says of each packet: (timestamp in ns, wire length, captured length, interface).
fn tshark_view(path: &Path) -> Vec<(u64, u32, u32, u32)> {
    let out = run(Command::new("tshark")
        .args(["-T", "fields"])
        .args([
            "-e",
            "frame.time_epoch",
            "-e",
            "frame.len",
            "-e",
            "frame.cap_len",
        ])
        .args(["-e", "frame.interface_id", "-r"])
        .arg(path));
    out.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l}");
            (
                parse_ts_ns(f[0]),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap_or(0),
            )
        })
        .collect()
}

fn tshark_expect(packets: &[Owned]) -> Vec<(u64, u32, u32, u32)> {
    packets
        .iter()
        .map(|p| (p.ts_ns, p.orig_len, p.data.len() as u32, p.interface))
        .collect()
}

/// Wireshark's own dissector of the file format: no expert complaint about any block.
fn assert_wireshark_finds_no_fault(path: &Path) {
    let out = run(Command::new("tshark")
        .args([
            "-X",
            "read_format:MIME Files Format",
            "-q",
            "-z",
            "expert",
            "-r",
        ])
        .arg(path));
    assert!(
        out.trim().is_empty(),
        "tshark's file dissector complains about {}:\n{out}",
        path.display()
    );
}

struct Files {
    dir: TempDir,
    packets: Vec<Owned>,
    multi: Vec<Owned>,
    multi_ifaces: Vec<Interface>,
    stats: Vec<(u32, Stats)>,
}

/// pcap µs, pcap ns, pcapng with one interface, pcapng with three Ethernet interfaces (what
/// libpcap accepts: one link type and one snaplen) and pcapng with three link types, with ISBs.
fn our_files(name: &str) -> Files {
    let dir = TempDir::new(name);
    let one = sample_interfaces(1, true);
    let packets = sample_packets(300, 1, 11);
    let multi = sample_packets(300, 3, 12);
    let multi_ifaces = sample_interfaces(3, false);
    let stats: Vec<(u32, Stats)> = (0..3).map(|i| (i, sample_stats(i))).collect();
    write_file(&dir.path("us.pcap"), &pcap_bytes(&one, &packets, false));
    write_file(&dir.path("ns.pcap"), &pcap_bytes(&one, &packets, true));
    write_file(&dir.path("one.pcapng"), &pcapng_bytes(&one, &packets, &[]));
    write_file(
        &dir.path("eth3.pcapng"),
        &pcapng_bytes(&sample_interfaces(3, true), &multi, &stats),
    );
    write_file(
        &dir.path("mixed3.pcapng"),
        &pcapng_bytes(&multi_ifaces, &multi, &stats),
    );
    Files {
        dir,
        packets,
        multi,
        multi_ifaces,
        stats,
    }
}

fn us(packets: &[Owned]) -> Vec<Owned> {
    packets.iter().map(Owned::to_us).collect()
}

#[test]
fn tcpdump_reads_our_files() {
    if !have(&["tcpdump"]) {
        return;
    }
    let f = our_files("tcpdump-reads");
    let view =
        |p: &[Owned]| -> Vec<(u64, u32)> { p.iter().map(|p| (p.ts_ns, p.orig_len)).collect() };
    assert_eq!(tcpdump_view(&f.dir.path("us.pcap")), view(&us(&f.packets)));
    assert_eq!(tcpdump_view(&f.dir.path("ns.pcap")), view(&f.packets));
    assert_eq!(tcpdump_view(&f.dir.path("one.pcapng")), view(&f.packets));
    assert_eq!(tcpdump_view(&f.dir.path("eth3.pcapng")), view(&f.multi));
}

#[test]
fn tshark_reads_our_files() {
    if !have(&["tshark"]) {
        return;
    }
    let f = our_files("tshark-reads");
    assert_eq!(
        tshark_view(&f.dir.path("us.pcap")),
        tshark_expect(&us(&f.packets))
    );
    assert_eq!(
        tshark_view(&f.dir.path("ns.pcap")),
        tshark_expect(&f.packets)
    );
    assert_eq!(
        tshark_view(&f.dir.path("one.pcapng")),
        tshark_expect(&f.packets)
    );
    assert_eq!(
        tshark_view(&f.dir.path("mixed3.pcapng")),
        tshark_expect(&f.multi)
    );
    for file in [
        "us.pcap",
        "ns.pcap",
        "one.pcapng",
        "eth3.pcapng",
        "mixed3.pcapng",
    ] {
        assert_wireshark_finds_no_fault(&f.dir.path(file));
    }
    // Interface names and link types.
    let out = run(Command::new("tshark")
        .args([
            "-T",
            "fields",
            "-e",
            "frame.interface_name",
            "-e",
            "frame.protocols",
        ])
        .arg("-r")
        .arg(f.dir.path("mixed3.pcapng")));
    let names: Vec<&str> = out.lines().take(3).collect();
    assert!(names[0].starts_with("eth0\teth"), "{names:?}");
    assert!(names[1].starts_with("eth1\tsll"), "{names:?}");
    assert!(names[2].starts_with("eth2\traw"), "{names:?}");
}

#[test]
fn tshark_reads_our_statistics() {
    if !have(&["tshark", "capinfos"]) {
        return;
    }
    let f = our_files("tshark-stats");
    let path = f.dir.path("mixed3.pcapng");
    let fields = [
        "pcapng.options.option.data.interface.received",
        "pcapng.options.option.data.interface.dropped",
        "pcapng.options.option.data.interface.accepted_by_filter",
        "pcapng.options.option.data.interface.dropped_by_os",
        "pcapng.options.option.data.interface.delivered_to_user",
    ];
    let mut cmd = Command::new("tshark");
    cmd.args(["-X", "read_format:MIME Files Format", "-T", "fields"]);
    cmd.args(["-e", "pcapng.block.type"]);
    for field in fields {
        cmd.args(["-e", field]);
    }
    let out = run(cmd.arg("-r").arg(&path));
    // The file dissector shows the whole file as one frame, fields as comma-separated lists.
    let cols: Vec<&str> = out.trim_end().split('\t').collect();
    let isbs = cols[0].split(',').filter(|t| *t == "0x00000005").count();
    assert_eq!(isbs, 3);
    let want = [
        f.stats
            .iter()
            .map(|(_, s)| s.received.unwrap())
            .collect::<Vec<_>>(),
        f.stats.iter().map(|(_, s)| s.dropped.unwrap()).collect(),
        f.stats
            .iter()
            .map(|(_, s)| s.filter_accepted.unwrap())
            .collect(),
        f.stats.iter().map(|(_, s)| s.os_dropped.unwrap()).collect(),
        f.stats.iter().map(|(_, s)| s.delivered.unwrap()).collect(),
    ];
    for (i, w) in want.iter().enumerate() {
        let got: Vec<u64> = cols[i + 1].split(',').map(|v| v.parse().unwrap()).collect();
        assert_eq!(&got, w, "{}", fields[i]);
    }

    let out = run(Command::new("capinfos").arg(&path));
    assert!(out.contains("Number of interfaces in file: 3"), "{out}");
    assert_eq!(
        out.matches("Number of stat entries = 1").count(),
        3,
        "{out}"
    );
    assert!(out.contains("Name = eth2"), "{out}");
    assert!(out.contains("Time precision = nanoseconds (9)"), "{out}");
    let n = f.multi.len();
    let line = out
        .lines()
        .find(|l| l.starts_with("Number of packets:"))
        .unwrap();
    assert!(line.ends_with(&format!(" {n}")), "{line}");
    assert!(out.contains(&format!(
        "Capture application: {}",
        "promisc-savefile tests"
    )));
}

/// Reads a file with our reader and checks the packets, ignoring interface numbers unless asked.
fn assert_we_read(path: &Path, format: Format, want: &[Owned]) {
    let rb = read_ok(&std::fs::read(path).unwrap());
    assert_eq!(rb.format, format, "{}", path.display());
    assert_eq!(rb.packets.len(), want.len(), "{}", path.display());
    for (got, want) in rb.packets.iter().zip(want) {
        assert_eq!(
            (got.ts_ns, got.orig_len, &got.data),
            (want.ts_ns, want.orig_len, &want.data),
            "{}",
            path.display()
        );
    }
}

#[test]
fn we_read_files_tcpdump_writes() {
    if !have(&["tcpdump"]) {
        return;
    }
    let f = our_files("read-tcpdump");
    let d = |n: &str| f.dir.path(n);
    run(Command::new("tcpdump")
        .arg("-r")
        .arg(d("ns.pcap"))
        .arg("-w")
        .arg(d("t-us.pcap")));
    assert_we_read(&d("t-us.pcap"), Format::Pcap, &us(&f.packets));
    run(Command::new("tcpdump")
        .args(["--time-stamp-precision=nano", "-r"])
        .arg(d("ns.pcap"))
        .arg("-w")
        .arg(d("t-ns.pcap")));
    assert_we_read(&d("t-ns.pcap"), Format::Pcap, &f.packets);
    run(Command::new("tcpdump")
        .args(["--time-stamp-precision=nano", "-r"])
        .arg(d("eth3.pcapng"))
        .arg("-w")
        .arg(d("t-from-ng.pcap")));
    assert_we_read(&d("t-from-ng.pcap"), Format::Pcap, &f.multi);
}

#[test]
fn we_read_files_wireshark_writes() {
    if !have(&["tshark", "editcap", "mergecap"]) {
        return;
    }
    let f = our_files("read-wireshark");
    let d = |n: &str| f.dir.path(n);

    run(Command::new("tshark")
        .arg("-r")
        .arg(d("us.pcap"))
        .args(["-F", "pcapng", "-w"])
        .arg(d("w-us.pcapng")));
    assert_we_read(&d("w-us.pcapng"), Format::PcapNg, &us(&f.packets));
    let rb = read_ok(&std::fs::read(d("w-us.pcapng")).unwrap());
    assert_eq!(rb.interfaces[0].ts_resolution_ns, 1000);

    run(Command::new("tshark")
        .arg("-r")
        .arg(d("mixed3.pcapng"))
        .args(["-F", "pcapng", "-w"])
        .arg(d("w-mixed3.pcapng")));
    let rb = read_ok(&std::fs::read(d("w-mixed3.pcapng")).unwrap());
    assert_eq!(rb.packets, f.multi);
    let names: Vec<_> = rb.interfaces.iter().map(|i| i.name.clone()).collect();
    let want: Vec<_> = f.multi_ifaces.iter().map(|i| i.name.clone()).collect();
    assert_eq!(names, want);
    let types: Vec<LinkType> = rb.interfaces.iter().map(|i| i.linktype).collect();
    assert_eq!(
        types,
        [LinkType::ETHERNET, LinkType::LINUX_SLL2, LinkType::RAW]
    );

    run(Command::new("editcap")
        .args(["-F", "nsecpcap"])
        .arg(d("one.pcapng"))
        .arg(d("e-ns.pcap")));
    assert_we_read(&d("e-ns.pcap"), Format::Pcap, &f.packets);
    run(Command::new("editcap")
        .args(["-F", "pcap"])
        .arg(d("one.pcapng"))
        .arg(d("e-us.pcap")));
    assert_we_read(&d("e-us.pcap"), Format::Pcap, &us(&f.packets));
    run(Command::new("editcap")
        .args(["-F", "pcapng"])
        .arg(d("ns.pcap"))
        .arg(d("e-ns.pcapng")));
    assert_we_read(&d("e-ns.pcapng"), Format::PcapNg, &f.packets);
    // A snapshot length shorter than the packets: editcap cuts the data, keeps the wire length.
    run(Command::new("editcap")
        .args(["-s", "100", "-F", "pcapng"])
        .arg(d("ns.pcap"))
        .arg(d("e-cut.pcapng")));
    let cut: Vec<Owned> = f
        .packets
        .iter()
        .map(|p| Owned {
            data: p.data[..p.data.len().min(100)].to_vec(),
            ..p.clone()
        })
        .collect();
    assert_we_read(&d("e-cut.pcapng"), Format::PcapNg, &cut);

    // mergecap writes one interface per input file, in time order.
    write_file(
        &d("a.pcap"),
        &pcap_bytes(&sample_interfaces(1, true), &f.packets[..150], true),
    );
    write_file(
        &d("b.pcap"),
        &pcap_bytes(
            &[Interface::new(LinkType::RAW, 65535)],
            &f.packets[150..],
            true,
        ),
    );
    run(Command::new("mergecap")
        .arg("-w")
        .arg(d("merged.pcapng"))
        .arg(d("a.pcap"))
        .arg(d("b.pcap")));
    let rb = read_ok(&std::fs::read(d("merged.pcapng")).unwrap());
    assert_eq!(rb.interfaces.len(), 2);
    assert_eq!(rb.interfaces[1].linktype, LinkType::RAW);
    let mut want = f.packets.clone();
    for p in &mut want[150..] {
        p.interface = 1;
    }
    want.sort_by_key(|p| p.ts_ns);
    assert_eq!(rb.packets, want);
}
