//! tcpdump's listing and counting flags of `promisc capture`: `-D` (tcpdump's list plus the
//! real promiscuous state and counter), `-L`, `--count`, `--print` with `-w`,
//! `--immediate-mode`.

use super::*;

/// `tcpdump -D`'s lines of network devices, without their numbers (tcpdump numbers its
/// non-network devices, bluetooth-monitor, nflog, ..., among them).
fn netdev_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_once('.').map_or(l, |(_, rest)| rest).to_string())
        .filter(|l| {
            !["bluetooth", "nflog", "nfqueue", "dbus", "usbmon"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect()
}

#[test]
fn list_interfaces_as_tcpdump_with_the_counter() {
    let ns = lab!("cli-d", ["tcpdump", "ip"]);
    // tcpdump holds veth0 promiscuous: its counter is 1, which tcpdump -D cannot show.
    let holder = tcpdump(&ns, &["-i", "veth0"]);
    let ours = ns.promisc(&["capture", "-D"]);
    ours.expect_success();
    let theirs = ns.try_run(&["tcpdump", "-D"]);
    theirs.expect_success();
    let ip = ns.try_run(&["ip", "-d", "link", "show", "veth0"]);
    let _ = holder.kill();
    let counter: u32 = ip
        .stdout
        .split("promiscuity ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("ip -d link shows the counter");
    assert!(counter >= 1, "{}", ip.stdout);
    let extra = |l: &str| {
        l.find(" [not promiscuous")
            .or_else(|| l.find(" [promiscuous"))
    };
    let stripped: Vec<String> = netdev_lines(&ours.stdout)
        .iter()
        .map(|l| extra(l).map_or(l.as_str(), |i| &l[..i]).to_string())
        .collect();
    assert_eq!(stripped, netdev_lines(&theirs.stdout), "{}", ours.stdout);
    let veth0 = ours
        .stdout
        .lines()
        .find(|l| l.contains(".veth0 "))
        .expect("veth0 is listed");
    assert!(
        veth0.ends_with(&format!(" [promiscuous, promiscuity {counter}]")),
        "{veth0}"
    );
    let numbers: Vec<String> = ours
        .stdout
        .lines()
        .filter_map(|l| l.split_once('.').map(|(n, _)| n.to_string()))
        .collect();
    let expected: Vec<String> = (1..=numbers.len()).map(|i| i.to_string()).collect();
    assert_eq!(numbers, expected);
}

#[test]
fn list_link_types_as_captured() {
    let ns = lab!("cli-l");
    let ours = ns.promisc(&["capture", "-L", "-i", "veth0"]);
    ours.expect_success();
    // tcpdump also offers DOCSIS, which promisc does not capture as.
    assert_eq!(
        ours.stdout,
        "Data link types for veth0 (use option -y to set):\n  EN10MB (Ethernet)\n"
    );
    let any = ns.promisc(&["capture", "-L", "-i", "any"]);
    assert_eq!(
        any.stdout,
        "Data link types for any (use option -y to set):\n  LINUX_SLL2 (Linux cooked v2)\n"
    );
    let types = ns.promisc(&["capture", "-J", "-i", "veth0"]);
    assert_eq!(
        types.stdout,
        "Time stamp types for veth0 (use option -j to set):\n  host (Host)\n"
    );
    let j = ns.promisc(&["capture", "-i", "veth0", "-j", "adapter"]);
    assert_eq!(j.status.code(), Some(2), "{}", j.stderr);
}

#[test]
fn count_print_and_immediate_mode() {
    let ns = lab!("cli-c");
    let dir = TempDir::new("cli-c");
    let frames: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 120)).collect();
    let path = dir.file("p.pcap");
    let counted = capture(&ns, &["-i", "veth0", "--count", "-c", "3"]);
    let printed = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-w",
            &path,
            "--print",
            "-c",
            "3",
            "--immediate-mode",
        ],
    );
    send(&ns, &dir, "veth1", &frames);
    let counted_out = counted.rest_of_stdout(TIMEOUT);
    let end = wait_end(&counted, CAPTURE_TIMEOUT);
    end.expect_code(0)
        .expect_stderr_contains("3 packets captured");
    assert!(
        counted_out.is_empty(),
        "--count prints no packet: {counted_out:?}"
    );
    let lines: Vec<String> = printed
        .rest_of_stdout(TIMEOUT)
        .into_iter()
        .filter(|l| !l.starts_with('\t'))
        .collect();
    wait_end(&printed, CAPTURE_TIMEOUT).expect_code(0);
    assert_eq!(lines.len(), 3, "--print: one line per packet: {lines:?}");
    assert_same_frames(&path, &read_complete(&path).data(), &frames);
}

/// `-F FILE` filters as its expression (comments aside; the words given too are ignored, with
/// a warning); `--time-stamp-precision=nano` writes a nanosecond pcap file.
#[test]
fn filter_file_and_nano_precision() {
    let ns = lab!("cli-f");
    let dir = TempDir::new("cli-f");
    let filter = dir.file("filter");
    std::fs::write(
        &filter,
        "# experimental frames only\nether proto 0x88b5 # not ARP\n",
    )
    .unwrap();
    let path = dir.file("f.pcap");
    let p = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-w",
            &path,
            "-c",
            "2",
            "-F",
            &filter,
            "--time-stamp-precision=nano",
            "arp",
        ],
    );
    let frames = vec![
        arp(1, MAC1, IP_B, [0; 6], IP_A),
        numbered(0, 100),
        arp(1, MAC1, IP_B, [0; 6], IP_A),
        numbered(1, 100),
    ];
    send(&ns, &dir, "veth1", &frames);
    // (The warning comes before `listening on`, which `capture` waits for: read's test sees it.)
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes[..4], 0xa1b2_3c4du32.to_le_bytes(), "nanosecond magic");
    assert_same_frames(
        &path,
        &read_complete(&path).data(),
        &[frames[1].clone(), frames[3].clone()],
    );

    let missing = dir.file("missing");
    let r = ns.promisc(&["capture", "-i", "veth0", "-F", &missing]);
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
    assert!(r.stderr.contains(&missing), "{}", r.stderr);
}
