//! Errors of `promisc capture` and their exit codes: usage and system errors, zero counts and
//! sizes, bad outputs and rings (before the capture starts), a full disk (exit 5, the file
//! still readable).

use super::*;

/// A small tmpfs mounted on a fresh directory, unmounted on drop.
struct Tmpfs {
    dir: TempDir,
}

impl Tmpfs {
    fn new(short: &str, size: &str) -> Tmpfs {
        let dir = TempDir::new(short);
        run_ok(&[
            "mount",
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0755"),
            "tmpfs",
            &dir.dir(),
        ]);
        Tmpfs { dir }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazy: a process of the test may still have a file open.
        let _ = std::process::Command::new("umount")
            .args(["-l", &self.dir.dir()])
            .status();
    }
}

#[test]
fn full_disk_exits_5_with_a_readable_file() {
    let ns = lab!("disk", ["tcpdump"]);
    let dir = TempDir::new("disk");
    let tmpfs = Tmpfs::new("disk-fs", "256k");
    let path = tmpfs.dir.file("f.pcap");
    // 1.5 MB into 256 KiB: more than the disk, and more than any sensible
    // write buffer, so the capture must run into the full disk by itself.
    let frames: Vec<Vec<u8>> = (0..1500).map(|i| numbered(i, 1000)).collect();
    let p = capture(&ns, &["-i", "veth0", "-w", &path, "-B", "8192"]);
    send_paced(&ns, &dir, "veth1", &frames, Some((50, 5)));
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(5)
        .expect_stderr_contains("f.pcap")
        .expect_stderr_contains("No space left on device");
    assert_eq!(
        end.stderr.matches("No space left on device").count(),
        1,
        "the OS error is said once: {end}"
    );

    let f = read_complete(&path);
    let n = f.packets.len();
    eprintln!("full disk: {n} packets complete in {path}");
    assert_same_frames(
        "the full file: a prefix of what was sent",
        &f.data(),
        &frames[..n],
    );
    assert!(
        end.stderr.contains(&format!("{n} packet")),
        "stderr says how many packets ({n}) are complete in the file: {end}"
    );
    assert_same_frames(
        "tcpdump -r of the full file",
        &tcpdump_hex(&path, &[]),
        &frames[..n],
    );
}

#[test]
fn usage_and_system_errors_have_their_exit_codes() {
    let ns = lab!("errors", ["setpriv"]);
    let dir = TempDir::new("errors");
    let out = dir.file("e.pcap");

    for args in [
        &["capture", "-i", "nosuchif", "-c", "1"][..],
        &["capture", "-i", "veth0", "-i", "nosuchif", "-w", &out][..],
    ] {
        ns.promisc(args)
            .expect_code(3)
            .expect_stderr_contains("veth0");
    }

    // --bpf-file: the bad line is named.
    let bpf = dir.file("bad.bpf");
    std::fs::write(&bpf, "3\n40 0 0 12\n21 0 oops 2048\n6 0 0 262144\n").unwrap();
    ns.promisc(&["capture", "-i", "veth0", "-c", "1", "--bpf-file", &bpf])
        .expect_code(2)
        .expect_stderr_contains("line 3");
    std::fs::write(&bpf, "5\n6 0 0 262144\n").unwrap();
    ns.promisc(&["capture", "-i", "veth0", "-c", "1", "--bpf-file", &bpf])
        .expect_code(2)
        .expect_stderr_contains(&bpf);
    ns.promisc(&[
        "capture",
        "-i",
        "veth0",
        "-c",
        "1",
        "--bpf-file",
        &dir.file("missing"),
    ])
    .expect_code(2);

    // Rotation needs a file; -W needs -C or -G; a pcap file has one link type.
    for args in [
        &["capture", "-i", "veth0", "-C", "1"][..],
        &["capture", "-i", "veth0", "-w", &out, "-W", "2"][..],
        &["capture", "-i", "veth0", "-w", "-", "-G", "1"][..],
        &["capture", "-i", "any", "-i", "veth0", "-w", &out][..],
        &["capture", "--no-such-option"][..],
    ] {
        ns.promisc(args).expect_code(2);
    }
    assert!(
        !std::path::Path::new(&out).exists(),
        "no file written on a usage error"
    );
    all_zero(&ns);

    // Without CAP_NET_RAW: exit 4, naming it.
    let bin = bin();
    for args in [
        &["-i", "veth0", "-c", "1"][..],
        &["-i", "any", "-c", "1"][..],
    ] {
        let mut argv = vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            &bin,
            "capture",
        ];
        argv.extend_from_slice(args);
        ns.try_run(&argv)
            .expect_code(4)
            .expect_stderr_contains("CAP_NET_RAW");
    }
    all_zero(&ns);
}

/// Values tcpdump refuses are refused here too, before anything is opened (no privilege
/// needed to see it).
#[test]
fn zero_counts_and_sizes_are_refused() {
    let bin = bin();
    for args in [
        &["capture", "-c", "0"][..],
        &["capture", "-C", "0", "-w", "x.pcap"],
        &["capture", "-W", "0", "-C", "1", "-w", "x.pcap"],
        &["capture", "-G", "0", "-w", "x.pcap"],
        &["capture", "-B", "0"],
        &["read", "-r", "x.pcap", "-c", "0"],
    ] {
        let mut argv = vec![bin.as_str()];
        argv.extend_from_slice(args);
        let run = run_bounded(&argv, CMD_TIMEOUT);
        run.expect_code(2);
        assert!(
            run.stderr.contains("invalid value '0'"),
            "{args:?} should name the bad value: {run}"
        );
    }
    let run = run_bounded(
        &[bin.as_str(), "read", "-r", env!("CARGO_MANIFEST_DIR")],
        CMD_TIMEOUT,
    );
    run.expect_code(2);
    assert!(run.stderr.contains("a directory"), "{run}");
    // A mistyped subcommand is not taken for an interface name without a word about it.
    let run = run_bounded(&[bin.as_str(), "stauts"], CMD_TIMEOUT);
    run.expect_code(3);
    assert!(
        run.stderr
            .contains("no interface or subcommand named 'stauts'")
            && run.stderr.contains("did you mean `promisc status`?"),
        "{run}"
    );
    // As in capture, -s 0 means the largest snapshot length.
    let run = run_bounded(
        &[bin.as_str(), "filter", "-s", "0", "-d", "ip"],
        CMD_TIMEOUT,
    );
    run.expect_success();
    assert!(run.stdout.contains("ret      #262144"), "{run}");
}

/// An output that cannot be written, a pcap file for two interfaces, an interface named
/// twice and a ring larger than the machine can give all fail at once, before any packet,
/// with a message that names the problem.
#[test]
fn bad_outputs_and_rings_fail_before_the_capture_starts() {
    let ns = lab!("badout");
    let dir = TempDir::new("badout");
    let file = dir.file("two.pcap");
    let missing = dir.file("no/such/dir/x.pcap");
    let here = dir.dir();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["-i", "veth0", "-w", &missing], 5, "cannot create"),
        (vec!["-i", "veth0", "-w", &here], 5, "Is a directory"),
        (
            vec!["-i", "veth0", "-w", "/proc/x.pcap"],
            5,
            "cannot create /proc/x.pcap",
        ),
        (
            vec!["-i", "veth0", "-i", "veth1", "-w", &file],
            2,
            "write pcapng",
        ),
        (
            vec!["-i", "veth0", "-i", "veth0"],
            2,
            "-i veth0 is given twice",
        ),
        (
            vec!["-i", "veth0", "-B", "99999999999"],
            2,
            "the largest accepted is",
        ),
    ];
    let bin = bin();
    for (args, code, needle) in cases {
        let mut argv = vec![bin.as_str(), "capture"];
        argv.extend_from_slice(&args);
        // No packet is sent: failing at the first packet would hang until the bound.
        let run = ns.try_run(&argv);
        run.expect_code(code);
        assert!(
            run.stderr.contains(needle),
            "{args:?}: want {needle:?}: {run}"
        );
        assert!(
            !run.stderr.contains("listening on"),
            "{args:?} started: {run}"
        );
        assert_eq!(
            run.stderr.matches("os error").count().min(1),
            run.stderr.matches("os error").count(),
            "the OS error is said once: {run}"
        );
    }
    assert!(
        !std::path::Path::new(&file).exists(),
        "no file for the refused pcap"
    );
    assert_eq!(promiscuity(&ns, "veth0"), 0);
}
