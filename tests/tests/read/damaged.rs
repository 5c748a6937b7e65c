//! `promisc read` of damaged files (the good packets printed, then exit 6) and of files whose
//! later interfaces stop it (the output so far kept).

use crate::capture::*;

#[test]
fn read_damaged_files_prints_the_good_packets_then_exits_6() {
    let ns = lab!("damaged", ["tcpdump", "tshark"]);
    let dir = TempDir::new("damaged");
    let frames = printable_frames();
    let count = frames.len().to_string();
    let good_pcap = dir.file("good.pcap");
    let good_ng = dir.file("good.pcapng");
    let a = capture(&ns, &["-i", "veth0", "-w", &good_pcap, "-c", &count]);
    let b = capture(&ns, &["-i", "veth0", "-w", &good_ng, "-c", &count]);
    send(&ns, &dir, "veth1", &frames);
    wait_end(&a, CAPTURE_TIMEOUT).expect_code(0);
    wait_end(&b, CAPTURE_TIMEOUT).expect_code(0);

    for good in [&good_pcap, &good_ng] {
        let f = read_complete(good);
        assert_same_frames(good, &f.data(), &frames);
        let all = read_cmd(&["-r", good]);
        all.expect_success();
        let all_lines: Vec<&str> = all.stdout.lines().collect();
        assert_eq!(all_lines.len(), frames.len(), "{all}");

        let bytes = std::fs::read(good).unwrap();
        let third = &f.packets[2];
        for (how, cut) in [
            (
                "in the middle of the third record's data",
                (third.start + third.end) / 2,
            ),
            (
                "in the middle of the third record's header",
                third.start + 6,
            ),
        ] {
            let damaged = format!("{good}.cut");
            std::fs::write(&damaged, &bytes[..cut]).unwrap();
            let run = read_cmd(&["-r", &damaged]);
            assert_eq!(run.code(), 6, "{good} cut {how}: {run}");
            assert_eq!(
                run.stdout.lines().collect::<Vec<_>>(),
                all_lines[..2],
                "{good} cut {how}: the two good packets, printed: {run}"
            );
            assert!(
                run.stderr.contains(&damaged),
                "{good} cut {how}: stderr names the file: {run}"
            );
            // tcpdump prints the same good packets.
            let td = run_bounded(
                &["env", "TZ=UTC", "tcpdump", "-n", "-r", &damaged],
                CMD_TIMEOUT,
            );
            assert_eq!(
                td.stdout.lines().collect::<Vec<_>>(),
                all_lines[..2],
                "{td}"
            );

            // Rewriting keeps the good packets in a complete file.
            let out = format!("{damaged}.out.pcapng");
            let run = read_cmd(&["-r", &damaged, "-w", &out]);
            assert_eq!(run.code(), 6, "rewrite of {damaged}: {run}");
            let o = read_complete(&out);
            assert_same_frames(&format!("rewrite of {damaged}"), &o.data(), &frames[..2]);
            let rows = tshark_fields(&out, &["frame.len"]);
            assert_eq!(rows.len(), 2, "tshark -r {out}: {rows:?}");
        }
    }

    // Round trips: pcap -> pcapng -> pcap (--nano) keep every packet,
    // timestamp and length.
    let orig = read_complete(&good_pcap);
    let ng = dir.file("rt.pcapng");
    read_cmd(&["-r", &good_pcap, "-w", &ng]).expect_success();
    let back = dir.file("rt.pcap");
    read_cmd(&["-r", &ng, "-w", &back, "--nano"]).expect_success();
    let rt_ng = read_complete(&ng);
    let rt = read_complete(&back);
    assert_eq!(rt_ng.kind, Kind::PcapNg);
    assert_eq!(rt.kind, Kind::Pcap { nano: true });
    for (what, f) in [("pcapng", &rt_ng), ("pcap --nano", &rt)] {
        assert_same_frames(&format!("round trip to {what}"), &f.data(), &frames);
        let key = |f: &Savefile| -> Vec<(u64, u32)> {
            f.packets.iter().map(|p| (p.ts_ns, p.orig_len)).collect()
        };
        assert_eq!(key(f), key(&orig), "timestamps and lengths after {what}");
        assert_eq!(
            tshark_fields(if what == "pcapng" { &ng } else { &back }, &["frame.len"]).len(),
            frames.len()
        );
    }
    assert_eq!(
        tcpdump_hex(&ng, &[]),
        frames,
        "tcpdump -r of the rewritten pcapng"
    );

    // -c limits the packets read.
    let two = read_cmd(&["-r", &good_pcap, "-c", "2"]);
    two.expect_success();
    assert_eq!(two.stdout.lines().count(), 2, "{two}");

    // Not a savefile at all.
    let junk = dir.file("junk.pcap");
    std::fs::write(&junk, b"this is not a capture file at all\n").unwrap();
    let run = read_cmd(&["-r", &junk]);
    assert_eq!(run.code(), 6, "{run}");
    let empty = dir.file("empty.pcap");
    std::fs::write(&empty, b"").unwrap();
    let run = read_cmd(&["-r", &empty]);
    assert_eq!(run.code(), 6, "{run}");
}

/// A pcapng file of 500 UDP packets on Ethernet, then an interface of link type USER0 with one
/// packet on it.
fn ethernet_then_user0(path: &str) {
    use promisc_savefile::{Interface, LinkType, Packet, PacketWriter, PcapNgWriter};
    let mut w = PcapNgWriter::new(std::fs::File::create(path).expect("create"), "test");
    w.add_interface(&Interface::new(LinkType::ETHERNET, 262_144))
        .unwrap();
    for i in 0..500u32 {
        let f = eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 17, udp(5000, 9, &i.to_be_bytes()), 6),
        );
        let p = Packet {
            interface: 0,
            ts_ns: 1_700_000_000_000_000_000 + u64::from(i) * 1000,
            orig_len: f.len() as u32,
            data: &f,
        };
        w.write_packet(&p).unwrap();
    }
    // LINKTYPE_USER0 (147): a link type promisc neither filters nor writes into a pcap file
    // after another.
    w.add_interface(&Interface::new(LinkType(147), 262_144))
        .unwrap();
    let raw = ipv4(DOC_A, DOC_B, 17, udp(5000, 9, b"raw"), 6);
    let p = Packet {
        interface: 1,
        ts_ns: 1_700_000_001_000_000_000,
        orig_len: raw.len() as u32,
        data: &raw,
    };
    w.write_packet(&p).unwrap();
    w.flush().unwrap();
}

/// `read` stopping at an interface it cannot handle keeps what it printed or wrote before,
/// and says the problem is the link type, not the expression.
#[test]
fn read_keeps_its_output_when_a_later_interface_stops_it() {
    let dir = TempDir::new("readstop");
    let path = dir.file("mixed.pcapng");
    ethernet_then_user0(&path);

    let run = read_cmd(&["-r", &path, "udp"]);
    run.expect_code(2);
    assert_eq!(
        run.stdout.lines().count(),
        500,
        "every packet before the USER0 interface: {run}"
    );
    assert!(
        run.stderr.contains("interface 1 of the file has link type")
            && run.stderr.contains("promisc applies filters to"),
        "{run}"
    );
    assert!(!run.stderr.contains("bad filter expression"), "{run}");

    // Rewriting to pcap: the second link type cannot go in, the 500 packets before it stay.
    let out = dir.file("out.pcap");
    let run = read_cmd(&["-r", &path, "-w", &out]);
    assert_ne!(run.code(), 0, "{run}");
    assert!(run.stderr.contains("147"), "{run}");
    assert_eq!(read_complete(&out).packets.len(), 500, "{run}");
}
