//! tcpdump's capture flags of issue 22: `-y` (the link type `capture -L` lists, by name in any
//! case; others refused), `-I` (tcpdump's refusal on an interface that is not 802.11), `-Q`
//! names in any case.

use super::*;

#[test]
fn linktype_is_the_listed_one_or_refused() {
    let ns = lab!("cap-y", ["tcpdump"]);
    let dir = TempDir::new("cap-y");
    let path = dir.file("y.pcap");
    let frames = frames_only(&known_frames());
    let count = frames.len().to_string();
    let p = capture(
        &ns,
        &["-i", "veth0", "-y", "en10mb", "-w", &path, "-c", &count],
    );
    send(&ns, &dir, "veth1", &frames);
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    let f = read_complete(&path);
    assert_eq!(f.ifaces[0].linktype, 1, "-y EN10MB writes Ethernet");
    assert_same_frames(&path, &f.data(), &frames);
    for (iface, y) in [
        ("veth0", "LINUX_SLL2"),
        ("any", "LINUX_SLL"),
        ("veth0", "PPP"),
    ] {
        ns.promisc(&["capture", "-i", iface, "-y", y, "-c", "1"])
            .expect_code(2)
            .expect_stderr_contains(&format!("-y {y}:"))
            .expect_stderr_contains("capture -L");
    }
}

#[test]
fn monitor_mode_on_a_wired_interface_is_refused_as_tcpdump() {
    let ns = lab!("cap-I", ["tcpdump"]);
    let before = promisc_testkit::lab::promiscuity(&ns, "veth0");
    let ours = ns.promisc(&["capture", "-i", "veth0", "-I", "-c", "1"]);
    ours.expect_code(2)
        .expect_stderr_contains("doesn't support monitor mode");
    // tcpdump refuses it too, in the same words.
    let theirs = ns.try_run(&["tcpdump", "-i", "veth0", "-I", "-c", "1"]);
    assert_ne!(theirs.code(), 0, "{theirs}");
    assert!(
        theirs.stderr.contains("doesn't support monitor mode"),
        "{theirs}"
    );
    assert_eq!(
        promisc_testkit::lab::promiscuity(&ns, "veth0"),
        before,
        "nothing was changed"
    );
    ns.promisc(&["capture", "-i", "any", "-I", "-c", "1"])
        .expect_code(2)
        .expect_stderr_contains("-I any:");
}

#[test]
fn direction_names_in_any_case() {
    let ns = lab!("cap-Q");
    let dir = TempDir::new("cap-Q");
    let path = dir.file("q.pcap");
    let frames = frames_only(&known_frames());
    let count = frames.len().to_string();
    // veth1 sends, so veth0 receives every frame: they all are `IN`.
    let p = capture(&ns, &["-i", "veth0", "-Q", "IN", "-w", &path, "-c", &count]);
    send(&ns, &dir, "veth1", &frames);
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    assert_same_frames(&path, &read_complete(&path).data(), &frames);
    ns.promisc(&["capture", "-i", "veth0", "-Q", "sideways", "-c", "1"])
        .expect_code(2);
}

#[test]
fn post_rotate_command_runs_on_each_closed_file() {
    let ns = lab!("cap-z", ["gzip"]);
    let dir = TempDir::new("cap-z");
    let path = dir.file("z.pcap");
    // 2.5 MB in 1 MB files: z.pcap, z.pcap1, z.pcap2; the first two are closed by rotation.
    let frames: Vec<Vec<u8>> = (0..2500).map(|i| numbered(i, 1000)).collect();
    let count = frames.len().to_string();
    let p = capture(
        &ns,
        &[
            "-i", "veth0", "-w", &path, "-c", &count, "-B", "32768", "-C", "1", "-z", "gzip",
        ],
    );
    send_paced(&ns, &dir, "veth1", &frames, Some((50, 2)));
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    // gzip runs on its own: wait (bounded) for both closed files to be compressed.
    let deadline = Instant::now() + Duration::from_secs(20);
    let done = |n: &str| {
        std::path::Path::new(&dir.file(&format!("{n}.gz"))).exists()
            && !std::path::Path::new(&dir.file(n)).exists()
    };
    while !(done("z.pcap") && done("z.pcap1")) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(50));
    }
    assert!(done("z.pcap") && done("z.pcap1"), "closed files gzipped");
    // The last file, closed when the capture ends, is left as it is.
    assert!(std::path::Path::new(&dir.file("z.pcap2")).exists());
    assert!(!std::path::Path::new(&dir.file("z.pcap2.gz")).exists());
    let mut all = Vec::new();
    for name in ["z.pcap", "z.pcap1"] {
        let out = std::process::Command::new("gzip")
            .arg("-dc")
            .arg(dir.file(&format!("{name}.gz")))
            .output()
            .expect("gzip runs");
        assert!(out.status.success(), "gzip -dc {name}.gz: {out:?}");
        let plain = dir.file(&format!("{name}.plain"));
        std::fs::write(&plain, &out.stdout).unwrap();
        all.extend(read_complete(&plain).data());
    }
    all.extend(read_complete(&dir.file("z.pcap2")).data());
    assert_same_frames("the files' packets, in order", &all, &frames);
    // Without rotation, -z would never run: refused.
    ns.promisc(&[
        "capture", "-i", "veth0", "-w", &path, "-z", "gzip", "-c", "1",
    ])
    .expect_code(2);
}

#[test]
fn skip_and_print_sampling_as_tcpdump_5() {
    let ns = lab!("cap-skip");
    let dir = TempDir::new("cap-skip");
    let path = dir.file("s.pcap");
    let frames = frames_only(&known_frames());
    assert!(frames.len() >= 6, "enough frames to skip some");
    // --skip 2: the first two are neither written nor printed, -c counts after them; the
    // printed lines are numbered from 3 (tcpdump 5's --skip with -#). --print-sampling 2
    // with -w writes every packet and prints the even ones.
    let rest = (frames.len() - 2).to_string();
    let all = frames.len().to_string();
    let written = capture(
        &ns,
        &["-i", "veth0", "--skip", "2", "-w", &path, "-c", &rest],
    );
    let printed = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-n",
            "-#",
            "--lengths",
            "--skip",
            "2",
            "-c",
            "2",
        ],
    );
    let sampled_path = dir.file("all.pcap");
    let sampled = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-n",
            "-#",
            "--print-sampling",
            "2",
            "-w",
            &sampled_path,
            "-c",
            &all,
        ],
    );
    send(&ns, &dir, "veth1", &frames);
    for p in [&written, &printed, &sampled] {
        wait_end(p, CAPTURE_TIMEOUT).expect_code(0);
    }
    assert_same_frames(&path, &read_complete(&path).data(), &frames[2..]);
    assert_same_frames(&sampled_path, &read_complete(&sampled_path).data(), &frames);
    let lines = printed.rest_of_stdout(TIMEOUT);
    assert_eq!(lines.len(), 2, "{lines:?}");
    for (line, (n, f)) in lines.iter().zip([(3, &frames[2]), (4, &frames[3])]) {
        let want = format!("{n:5}  caplen {} len {} ", f.len(), f.len());
        assert!(
            line.starts_with(&want),
            "{line:?} should start with {want:?}"
        );
    }
    // The packets' lines (an unknown EtherType's hex dump follows its line, a tab first).
    let numbers: Vec<String> = sampled
        .rest_of_stdout(TIMEOUT)
        .iter()
        .filter(|l| !l.starts_with('\t'))
        .map(|l| l.get(..5).unwrap_or(l).trim().to_string())
        .collect();
    let even: Vec<String> = (1..=frames.len())
        .filter(|n| n % 2 == 0)
        .map(|n| n.to_string())
        .collect();
    assert_eq!(numbers, even);
}
