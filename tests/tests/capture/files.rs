//! What `promisc capture -w` writes: known frames byte for byte (checked by the testkit's parser,
//! tcpdump and tshark), `-s` snaplen, `-w -`, two interfaces in one pcapng, `-U` packet-buffered
//! output.

use super::*;

#[test]
fn known_frames_are_captured_byte_for_byte() {
    let ns = lab!("bytes", ["tcpdump", "tshark"]);
    let dir = TempDir::new("bytes");
    let named = known_frames();
    let frames = frames_only(&named);
    for (name, extra, kind) in [
        ("k.pcap", &[][..], Kind::Pcap { nano: false }),
        ("k-ns.pcap", &["--nano"][..], Kind::Pcap { nano: true }),
        ("k.pcapng", &[][..], Kind::PcapNg),
        ("k.out", &["--format", "pcapng"][..], Kind::PcapNg),
    ] {
        let path = dir.file(name);
        let before = now_ns();
        capture_frames(&ns, &dir, &path, extra, &frames);
        let after = now_ns();

        let f = read_complete(&path);
        assert_eq!(f.kind, kind, "format of {path} ({extra:?})");
        assert_eq!(f.ifaces.len(), 1, "{path}: {:?}", f.ifaces);
        assert_eq!(f.ifaces[0].linktype, 1, "{path}: link type EN10MB");
        for (i, (p, (what, sent))) in f.packets.iter().zip(&named).enumerate() {
            assert_eq!(
                hex(&p.data),
                hex(sent),
                "{path}: packet {i} ({what}) differs from what was sent"
            );
            assert_eq!(
                p.orig_len as usize,
                sent.len(),
                "{path}: orig_len of {what}"
            );
            assert_eq!(p.iface, 0);
            assert!(
                p.ts_ns + 1_000_000 >= before && p.ts_ns <= after,
                "{path}: timestamp {} of {what} outside the capture [{before}, {after}]",
                p.ts_ns
            );
            if kind == (Kind::Pcap { nano: false }) {
                assert_eq!(p.ts_ns % 1000, 0, "µs file, whole microseconds");
            }
        }
        assert_same_frames(&path, &f.data(), &frames);
        let ts: Vec<u64> = f.packets.iter().map(|p| p.ts_ns).collect();
        assert!(
            ts.windows(2).all(|w| w[0] <= w[1]),
            "{path}: timestamps in order: {ts:?}"
        );
        if kind == Kind::PcapNg {
            assert_eq!(
                f.ifaces[0].name.as_deref(),
                Some("veth0"),
                "{path}: if_name"
            );
            assert_eq!(f.ifaces[0].tsresol, Some(9), "{path}: if_tsresol");
            let isb = f
                .isbs
                .iter()
                .find(|s| s.iface == 0)
                .unwrap_or_else(|| panic!("{path}: no ISB: {:?}", f.isbs));
            assert_eq!(isb.usrdeliv, Some(frames.len() as u64), "{path}: {isb:?}");
            assert_eq!(isb.ifdrop, Some(0), "{path}: {isb:?}");
            assert!(
                isb.ifrecv.is_some_and(|r| r >= frames.len() as u64),
                "{path}: {isb:?}"
            );
        }
        assert_tools_agree(&path, &f);
    }
}

#[test]
fn snaplen_keeps_the_first_bytes_and_the_original_length() {
    let ns = lab!("snaplen", ["tshark"]);
    let dir = TempDir::new("snaplen");
    let frames = frames_only(&known_frames());
    for name in ["s.pcap", "s.pcapng"] {
        let path = dir.file(name);
        capture_frames(&ns, &dir, &path, &["-s", "64"], &frames);
        let f = read_complete(&path);
        assert_eq!(f.ifaces[0].snaplen, 64, "{path}: snaplen in the header");
        let want: Vec<Vec<u8>> = frames
            .iter()
            .map(|fr| fr[..fr.len().min(64)].to_vec())
            .collect();
        assert_same_frames(&path, &f.data(), &want);
        let orig: Vec<usize> = f.packets.iter().map(|p| p.orig_len as usize).collect();
        let sent: Vec<usize> = frames.iter().map(Vec::len).collect();
        assert_eq!(orig, sent, "{path}: original lengths");
        let rows = tshark_fields(&path, &["frame.len", "frame.cap_len"]);
        let want: Vec<Vec<String>> = frames
            .iter()
            .map(|fr| vec![fr.len().to_string(), fr.len().min(64).to_string()])
            .collect();
        assert_eq!(rows, want, "tshark frame.len/cap_len of {path}");
    }
}

#[test]
fn dash_w_dash_writes_the_file_to_standard_output() {
    let ns = lab!("stdout", ["tcpdump"]);
    let dir = TempDir::new("stdout");
    let frames = frames_only(&known_frames());
    let path = dir.file("out.pcap");
    let bin = bin();
    let count = frames.len().to_string();
    let script = format!("exec \"$0\" capture -i veth0 -c {count} -w - > {path}");
    let p = ns.spawn(&["sh", "-c", &script, &bin]);
    p.wait_stderr("listening on");
    send(&ns, &dir, "veth1", &frames);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
    let f = read_complete(&path);
    assert_eq!(f.kind, Kind::Pcap { nano: false });
    assert_same_frames("-w - output", &f.data(), &frames);
    assert_same_frames(
        "tcpdump -r of -w - output",
        &tcpdump_hex(&path, &[]),
        &frames,
    );
}

#[test]
fn two_interfaces_in_one_pcapng() {
    let ns = lab!("two", ["tcpdump", "tshark", "capinfos"]);
    veth(&ns, "veth2", "veth3", MAC2, MAC3);
    let dir = TempDir::new("two");
    let a: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 100)).collect();
    let b: Vec<Vec<u8>> = (100..104).map(|i| numbered(i, 200)).collect();
    // No extension: several interfaces mean pcapng.
    let path = dir.file("two");
    let total = (a.len() + b.len()) as u64;
    let p = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-i",
            "veth2",
            "-w",
            &path,
            "-c",
            &total.to_string(),
        ],
    );
    send(&ns, &dir, "veth1", &a);
    send(&ns, &dir, "veth3", &b);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, total);

    let f = read_complete(&path);
    assert_eq!(
        f.kind,
        Kind::PcapNg,
        "several interfaces make a pcapng file"
    );
    let names: Vec<Option<&str>> = f.ifaces.iter().map(|i| i.name.as_deref()).collect();
    assert_eq!(names, [Some("veth0"), Some("veth2")], "{:?}", f.ifaces);
    for i in &f.ifaces {
        assert_eq!(i.linktype, 1, "{i:?}");
        assert_eq!(i.tsresol, Some(9), "{i:?}");
    }
    let on = |id: u32| -> Vec<Vec<u8>> {
        f.packets
            .iter()
            .filter(|p| p.iface == id)
            .map(|p| p.data.clone())
            .collect()
    };
    assert_same_frames("interface 0 (veth0)", &on(0), &a);
    assert_same_frames("interface 1 (veth2)", &on(1), &b);
    for (id, n) in [(0u32, a.len()), (1, b.len())] {
        let isbs: Vec<&Isb> = f.isbs.iter().filter(|s| s.iface == id).collect();
        assert_eq!(isbs.len(), 1, "one ISB for interface {id}: {:?}", f.isbs);
        let s = isbs[0];
        assert_eq!(s.usrdeliv, Some(n as u64), "isb_usrdeliv of {id}: {s:?}");
        assert_eq!(s.ifdrop, Some(0), "isb_ifdrop of {id}: {s:?}");
        assert!(
            s.ifrecv.is_some_and(|r| r >= n as u64),
            "isb_ifrecv of {id}: {s:?}"
        );
    }
    let (_, received, _) = final_stats(&end.stderr);
    let recv_sum: u64 = f.isbs.iter().filter_map(|s| s.ifrecv).sum();
    assert_eq!(recv_sum, received, "ISBs vs `received by filter`");

    // tshark: interface ids and names per packet, in the file's order.
    let rows = tshark_fields(
        &path,
        &["frame.interface_id", "frame.interface_name", "frame.len"],
    );
    let want: Vec<Vec<String>> = f
        .packets
        .iter()
        .map(|p| {
            vec![
                p.iface.to_string(),
                ["veth0", "veth2"][p.iface as usize].to_string(),
                p.orig_len.to_string(),
            ]
        })
        .collect();
    assert_eq!(rows, want, "tshark interface ids and names");
    assert_tools_agree(&path, &f);

    // capinfos sees two interfaces and their statistics.
    let info = run_ok(&["capinfos", &path]);
    assert!(
        info.contains("Number of interfaces in file: 2"),
        "capinfos:\n{info}"
    );
    assert!(info.contains("pcapng"), "capinfos file type:\n{info}");
    for id in 0..2 {
        assert!(
            info.contains(&format!("Interface #{id} info")),
            "capinfos interface {id}:\n{info}"
        );
    }
    let stat_entries = info.matches("Number of stat entries = 1").count();
    assert_eq!(
        stat_entries, 2,
        "one ISB per interface per capinfos:\n{info}"
    );

    // promisc read prints it as tcpdump does.
    assert_no_differences(&differences_from_tcpdump(&path, &[]));
}

#[test]
fn packet_buffered_file_grows_while_capturing() {
    let ns = lab!("buffered");
    let dir = TempDir::new("buffered");
    let path = dir.file("u.pcap");
    let p = capture(&ns, &["-i", "veth0", "-U", "-w", &path]);
    let frames: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 100)).collect();
    send(&ns, &dir, "veth1", &frames);
    wait_until(
        "-U: the 3 packets in the file while the capture runs",
        TIMEOUT,
        || {
            std::fs::read(&path)
                .ok()
                .and_then(|b| parse_savefile(&b).ok())
                .is_some_and(|f| f.error.is_none() && f.packets.len() == 3)
        },
    );
    assert!(p.exited().is_none(), "still capturing");
    p.signal("INT");
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    assert_same_frames(&path, &read_complete(&path).data(), &frames);
}
