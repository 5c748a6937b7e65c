//! Filtering a live capture: expressions refused or filtering like tcpdump, `-F` BPF files,
//! `-Q` direction, fanout (every frame once), and the live-Linux expressions keeping what
//! tcpdump keeps.

use super::*;

#[test]
fn filter_expressions_are_refused_or_filter_like_tcpdump() {
    let ns = lab!("expr", ["tcpdump"]);
    let dir = TempDir::new("expr");
    let path = dir.file("e.pcap");
    let bin = bin();
    let p = ns.spawn(&[
        &bin, "capture", "-i", "veth0", "-c", "1", "-w", &path, "udp", "port", "9",
    ]);
    let deadline = Instant::now() + TIMEOUT;
    let mut refusal = None;
    let supported = loop {
        if p.exited().is_some() {
            break false;
        }
        match p.next_stderr(Duration::from_millis(100)) {
            Some(l) if l.contains("listening on") => break true,
            Some(l) if l.contains("not supported yet") => refusal = Some(l),
            _ => {}
        }
        assert!(
            Instant::now() < deadline,
            "capture with an expression neither started nor ended: {:?}",
            p.seen()
        );
    };
    if !supported {
        let end = wait_end(&p, TIMEOUT);
        end.expect_code(2);
        assert!(
            refusal.is_some() || end.stderr.contains("not supported yet"),
            "an expression is refused with `not supported yet`: {end}"
        );
        read_cmd(&["-r", "/dev/null", "udp"])
            .expect_code(2)
            .expect_stderr_contains("not supported yet");
        return;
    }
    // Expressions are supported: the filter must keep only `udp port 9`.
    let frames = vec![
        udp4(OTHER, 10, 11, b"no"),
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(9, 9, 1, 0, 2, &[]), 16),
        ),
        udp4(OTHER, 9, 1234, b"yes"),
    ];
    send(&ns, &dir, "veth1", &frames);
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    assert_same_frames("`udp port 9`", &read_complete(&path).data(), &frames[3..]);
}

#[test]
fn bpf_file_filters_like_tcpdump() {
    let ns = lab!("bpf", ["tcpdump"]);
    let dir = TempDir::new("bpf");
    let program = run_ok(&["tcpdump", "-y", "EN10MB", "-ddd", "udp port 9"]);
    let bpf = dir.file("udp9.bpf");
    std::fs::write(&bpf, &program).unwrap();

    let frames = vec![
        udp4(OTHER, 10, 11, b"no"),
        udp4(OTHER, 9, 1234, b"source port 9"),
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(9, 9, 1, 0, 2, &[]), 16),
        ),
        udp4(MAC0, 4321, 9, b"destination port 9"),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, udp(5001, 9, b"v6"), 6),
        ),
        numbered(1, 80),
    ];
    let all_path = dir.file("all.pcap");
    let filtered_path = dir.file("filtered.pcap");
    let all = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-w",
            &all_path,
            "-c",
            &frames.len().to_string(),
        ],
    );
    let filtered = capture(
        &ns,
        &["-i", "veth0", "-w", &filtered_path, "--bpf-file", &bpf],
    );
    send(&ns, &dir, "veth1", &frames);
    wait_end(&all, CAPTURE_TIMEOUT).expect_code(0);
    filtered.signal("INT");
    let end = wait_end(&filtered, CAPTURE_TIMEOUT);
    end.expect_code(0);

    let expected = tcpdump_hex(&all_path, &["udp port 9"]);
    assert_eq!(expected.len(), 3, "tcpdump's own filter keeps 3 frames");
    assert_same_frames(
        "--bpf-file `udp port 9` vs tcpdump -r all 'udp port 9'",
        &read_complete(&filtered_path).data(),
        &expected,
    );
    let (captured, received, _) = final_stats(&end.stderr);
    assert_eq!(
        (captured, received),
        (3, 3),
        "the kernel filter counts only matches: {end}"
    );
}

#[test]
fn direction_in_and_out() {
    let ns = lab!("direction");
    let dir = TempDir::new("direction");
    let from0: Vec<Vec<u8>> = (0..3)
        .map(|i| eth(MAC1, MAC0, ETH_EXPERIMENTAL, &pattern(60, i)))
        .collect();
    let from1: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 90)).collect();

    // On veth1: -Q out sees what veth1 sends, -Q in what arrives from veth0.
    let out_path = dir.file("out.pcap");
    let in_path = dir.file("in.pcap");
    let out = capture(
        &ns,
        &["-i", "veth1", "-Q", "out", "-w", &out_path, "-c", "3"],
    );
    let inn = capture(&ns, &["-i", "veth1", "-Q", "in", "-w", &in_path, "-c", "3"]);
    send(&ns, &dir, "veth0", &from0);
    send(&ns, &dir, "veth1", &from1);
    wait_end(&out, CAPTURE_TIMEOUT).expect_code(0);
    wait_end(&inn, CAPTURE_TIMEOUT).expect_code(0);
    assert_same_frames("-Q out on veth1", &read_complete(&out_path).data(), &from1);
    assert_same_frames("-Q in on veth1", &read_complete(&in_path).data(), &from0);
}

#[test]
fn fanout_captures_every_frame_once() {
    let ns = lab!("fanout");
    let dir = TempDir::new("fanout");
    let frames: Vec<Vec<u8>> = (0..64u16)
        .map(|i| udp4(OTHER, 10_000 + i, 20_000 + i * 7, &i.to_be_bytes()))
        .collect();
    let path = dir.file("f.pcap");
    let p = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "--fanout",
            "2",
            "-w",
            &path,
            "-c",
            &frames.len().to_string(),
        ],
    );
    assert_eq!(
        packet_sockets_of(&ns, p.pid()).len(),
        2,
        "two sockets in the group"
    );
    send(&ns, &dir, "veth1", &frames);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
    let mut got = read_complete(&path).data();
    let mut want = frames.clone();
    got.sort();
    want.sort();
    assert_same_frames("--fanout 2 (sorted)", &got, &want);
}

/// Issue #4's live test: the same expression attached by `promisc capture` and by tcpdump to
/// sockets on the same interface, on the same traffic, keeps the same packets. VLAN-tagged
/// frames are in the traffic because on a live socket the kernel strips the outer tag into
/// metadata, which both compilers must read with ancillary loads.
#[test]
fn live_expressions_keep_what_tcpdump_keeps() {
    let ns = lab!("live-expr", ["tcpdump"]);
    let dir = TempDir::new("live-expr");
    let v4 = |sport, dport| udp4(OTHER, sport, dport, b"v4");
    let frames = vec![
        v4(10, 11),
        v4(9, 1234),
        v4(4321, 53),
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(40000, 80, 1, 0, 2, &[]), 16),
        ),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 1, echo(8, 7, 1, b"ping"), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, udp(5001, 9, b"v6"), 6),
        ),
        tagged(
            OTHER,
            MAC1,
            &[(0x8100, 5)],
            0x0800,
            &ipv4(IP_A, IP_B, 17, udp(9, 9, b"tagged"), 6),
        ),
        tagged(
            OTHER,
            MAC1,
            &[(0x8100, 7)],
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(1, 80, 1, 0, 2, &[]), 16),
        ),
        numbered(1, 80),
    ];
    for (i, expr) in [
        "udp port 9",
        "vlan and udp",
        "vlan 7",
        "arp or icmp",
        "ip6 or (tcp and dst port 80)",
        "ether dst 02:00:00:00:00:bb and greater 60",
    ]
    .into_iter()
    .enumerate()
    {
        let ours_path = dir.file(&format!("ours-{i}.pcap"));
        let theirs_path = dir.file(&format!("theirs-{i}.pcap"));
        let all = dir.file(&format!("all-{i}.pcap"));
        let reference = tcpdump_writing(&ns, &["-i", "veth0", "-Z", "root", "-w", &all]);
        let ours = capture(&ns, &["-i", "veth0", "-w", &ours_path, expr]);
        let theirs = tcpdump_writing(
            &ns,
            &["-i", "veth0", "-Z", "root", "-w", &theirs_path, expr],
        );
        send(&ns, &dir, "veth1", &frames);
        // Readiness, not a pause: the unfiltered reference has every frame (so every socket
        // was handed each one), and tcpdump sleeps in poll again (it has written what its
        // filter keeps; promisc writes what it holds when interrupted).
        wait_packets(&reference, &all, frames.len(), "every frame sent");
        wait_drained(&theirs);
        ours.signal("INT");
        theirs.signal("INT");
        wait_end(&ours, CAPTURE_TIMEOUT).expect_code(0);
        let theirs_end = wait_end(&theirs, CAPTURE_TIMEOUT);
        assert_eq!(
            final_stats(&theirs_end.stderr).2,
            0,
            "tcpdump dropped packets: {theirs_end}"
        );
        let got = read_complete(&ours_path).data();
        let want = read_complete(&theirs_path).data();
        assert!(!want.is_empty(), "tcpdump kept nothing for {expr:?}");
        assert_same_frames(&format!("live `{expr}`"), &got, &want);
    }
}
