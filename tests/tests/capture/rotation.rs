//! File rotation: `-C` by size (nothing lost or repeated), `-W` ring of files, `-G` by time.

use super::*;

/// Names in `dir` that start with `prefix`, sorted.
fn files_with_prefix(dir: &TempDir, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.root())
        .unwrap_or_else(|e| panic!("read_dir {:?}: {e}", dir.root()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

const ROTATION_FRAMES: u32 = 2500;

const ROTATION_SIZE: usize = 1000;

fn rotation_frames() -> Vec<Vec<u8>> {
    (0..ROTATION_FRAMES)
        .map(|i| numbered(i, ROTATION_SIZE))
        .collect()
}

/// Captures `frames` with `-B 32768 -c N` and `rotation` arguments.
fn rotating_capture(ns: &Netns, dir: &TempDir, path: &str, rotation: &[&str], frames: &[Vec<u8>]) {
    let mut extra = vec!["-B", "32768"];
    extra.extend_from_slice(rotation);
    let count = frames.len().to_string();
    let mut args = vec!["-i", "veth0", "-w", path, "-c", &count];
    args.extend_from_slice(&extra);
    let p = capture(ns, &args);
    send_paced(ns, dir, "veth1", frames, Some((50, 2)));
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
}

#[test]
fn rotation_by_size_loses_and_repeats_nothing() {
    let ns = lab!("rot-c", ["tcpdump", "tshark"]);
    let dir = TempDir::new("rot-c");
    // 507-byte frames: 24 + 1912 * (16 + 507) is exactly 1,000,000, so the
    // first pcap file must take 1912 packets (it does not exceed -C 1).
    for (base, size) in [
        ("r.pcap", ROTATION_SIZE),
        ("ng.pcapng", ROTATION_SIZE),
        ("edge.pcap", 507),
    ] {
        let frames: Vec<Vec<u8>> = (0..ROTATION_FRAMES).map(|i| numbered(i, size)).collect();
        rotating_capture(&ns, &dir, &dir.file(base), &["-C", "1"], &frames);
        let names = files_with_prefix(&dir, base);
        assert!(
            names.len() >= 2,
            "{base}: more than 1 MB in 1 MB files: {names:?}"
        );
        let mut expected: Vec<String> = vec![base.to_string()];
        expected.extend((1..names.len()).map(|i| format!("{base}{i}")));
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| n[base.len()..].parse::<u32>().unwrap_or(0));
        assert_eq!(sorted, expected, "file names FILE, FILE1, FILE2, ...");
        let files: Vec<(String, u64, Savefile)> = sorted
            .iter()
            .map(|name| {
                let path = dir.file(name);
                let bytes = std::fs::metadata(&path).unwrap().len();
                let f = read_complete(&path);
                assert!(!f.packets.is_empty(), "{name} is empty");
                assert_tools_agree(&path, &f);
                (name.clone(), bytes, f)
            })
            .collect();
        let mut all = Vec::new();
        for (i, (name, bytes, f)) in files.iter().enumerate() {
            assert!(
                *bytes <= 1_000_000,
                "{name} is {bytes} bytes, more than -C 1"
            );
            if base.ends_with(".pcap") {
                assert_eq!(f.kind, Kind::Pcap { nano: false }, "{name}");
                // No file is closed early: the next record would not have fit.
                if let Some((_, _, next_file)) = files.get(i + 1) {
                    let next = 16 + next_file.packets[0].data.len() as u64;
                    assert!(
                        bytes + next > 1_000_000,
                        "{name} ({bytes} bytes, {} packets) was closed although the next \
                         record ({next} bytes) fit under 1,000,000",
                        f.packets.len()
                    );
                }
            } else {
                assert_eq!(f.kind, Kind::PcapNg, "{name}");
                assert_eq!(f.ifaces.len(), 1, "{name}: its own IDB");
                assert_eq!(f.ifaces[0].name.as_deref(), Some("veth0"), "{name}");
            }
            all.extend(f.data());
        }
        assert_same_frames(
            &format!("{base}: the files' packets, in order"),
            &all,
            &frames,
        );
    }
}

#[test]
fn rotation_ring_of_files_with_w() {
    let ns = lab!("rot-w", ["tcpdump", "tshark"]);
    let dir = TempDir::new("rot-w");
    let frames = rotation_frames();
    rotating_capture(
        &ns,
        &dir,
        &dir.file("w.pcap"),
        &["-C", "1", "-W", "2"],
        &frames,
    );
    let names = files_with_prefix(&dir, "w.pcap");
    assert_eq!(names, ["w.pcap0", "w.pcap1"], "-W 2: a ring of two names");
    let mut files: Vec<Savefile> = names
        .iter()
        .map(|n| {
            let path = dir.file(n);
            let f = read_complete(&path);
            assert_tools_agree(&path, &f);
            f
        })
        .collect();
    // The ring was reused: together the two files hold the newest packets,
    // contiguous, up to the last one sent.
    assert!(
        files.iter().all(|f| !f.packets.is_empty()),
        "an empty file in the ring"
    );
    files.sort_by_key(|f| number_of(&f.packets[0].data));
    let kept: Vec<Vec<u8>> = files.iter().flat_map(Savefile::data).collect();
    let first = number_of(&kept[0]) as usize;
    assert!(
        first > 0,
        "2.5 MB in a ring of two 1 MB files overwrites the first"
    );
    assert_same_frames("the ring's packets", &kept, &frames[first..]);

    // Names are padded to the digits of N-1.
    let small: Vec<Vec<u8>> = (0..1500).map(|i| numbered(i, ROTATION_SIZE)).collect();
    rotating_capture(
        &ns,
        &dir,
        &dir.file("x.pcap"),
        &["-C", "1", "-W", "11"],
        &small,
    );
    let names = files_with_prefix(&dir, "x.pcap");
    assert_eq!(names, ["x.pcap00", "x.pcap01"], "-W 11: two-digit names");
    let all: Vec<Vec<u8>> = names
        .iter()
        .flat_map(|n| read_complete(&dir.file(n)).data())
        .collect();
    assert_same_frames("x.pcap00 + x.pcap01", &all, &small);
}

#[test]
fn rotation_by_time_stops_after_w_files() {
    let ns = lab!("rot-g", ["tcpdump", "tshark"]);
    let dir = TempDir::new("rot-g");
    // The stream flows before the capture starts, so that every -G second has packets
    // however late a loaded machine starts the sender (a late sender left the first file
    // empty).
    let py = python();
    let script = helper("send_frames.py");
    let template = hex(&numbered(0, 200));
    let sender = ns.spawn(&[
        &py,
        &script,
        "veth1",
        "--stream",
        &template,
        "--counter-at",
        "14",
        "--interval-ms",
        "20",
    ]);
    sender.wait_stdout("streaming");
    // As tcpdump's, a -G file lasts until the wall-clock second after the one it was opened
    // in: the first one only for the rest of that second, which is empty when the capture
    // opens it at the very end of a second. The capture is started at the beginning of a
    // second, and started again (under another name) if it was not ready with half of that
    // second left, so that the first file must hold packets.
    let mut attempts = 0;
    let (prefix, end) = loop {
        attempts += 1;
        let prefix = format!("g{attempts}-");
        let pattern_path = dir.file(&format!("{prefix}%H%M%S.pcap"));
        thread::sleep(Duration::from_nanos(
            1_000_000_000 - now_ns() % 1_000_000_000 + 10_000_000,
        ));
        let before = now_ns();
        let p = capture(
            &ns,
            &["-i", "veth0", "-w", &pattern_path, "-G", "1", "-W", "2"],
        );
        let ready = now_ns();
        let left_ms = if before / 1_000_000_000 == ready / 1_000_000_000 {
            (1_000_000_000 - ready % 1_000_000_000) / 1_000_000
        } else {
            0
        };
        if left_ms >= 500 {
            break (prefix, wait_end(&p, CAPTURE_TIMEOUT));
        }
        assert!(
            attempts < 5,
            "5 captures in a row were not ready within half a second of their start"
        );
        eprintln!("the capture was ready with {left_ms} ms of its first second left: again");
    };
    let _ = sender.kill();
    end.expect_code(0);

    let names = files_with_prefix(&dir, &prefix);
    assert_eq!(names.len(), 2, "-G 1 -W 2: two files, then stop: {names:?}");
    for n in &names {
        assert!(!n.contains('%'), "strftime pattern expanded: {n}");
    }
    let mut files: Vec<Savefile> = names
        .iter()
        .map(|n| {
            let path = dir.file(n);
            let f = read_complete(&path);
            assert!(!f.packets.is_empty(), "{n} is empty");
            assert_tools_agree(&path, &f);
            f
        })
        .collect();
    files.sort_by_key(|f| f.packets[0].ts_ns);
    let numbers: Vec<u32> = files
        .iter()
        .flat_map(|f| f.packets.iter().map(|p| number_of(&p.data)))
        .collect();
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "no packet lost or repeated at the boundary: {numbers:?}"
    );
    // Each file covers about one second.
    let first = &files[0].packets;
    let span = first.last().unwrap().ts_ns - first[0].ts_ns;
    assert!(span < 1_100_000_000, "first file spans {span} ns (> -G 1)");
    let (captured, _, dropped) = final_stats(&end.stderr);
    assert_eq!(captured as usize, numbers.len(), "{end}");
    assert_eq!(dropped, 0, "{end}");
}

/// `-G` names come from libc's strftime in local time (TZ honoured, every conversion): the
/// same as coreutils' `date` prints for the instant the file was opened (its `%s`).
#[test]
fn rotation_by_time_names_are_local_strftime() {
    let ns = lab!("rot-tz", ["date"]);
    let dir = TempDir::new("rot-tz");
    let pattern = "t-%s-%Z%z-%j-%a-%H.pcap";
    let bin = bin();
    let path = dir.file(pattern);
    let argv = [
        "env",
        "TZ=Asia/Kolkata",
        bin.as_str(),
        "capture",
        "-i",
        "veth0",
        "-w",
        &path,
        "-G",
        "100",
        "-c",
        "1",
    ];
    let p = ns.spawn(&argv);
    p.wait_stderr("listening on");
    send(&ns, &dir, "veth1", &[numbered(0, 100)]);
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    let names = files_with_prefix(&dir, "t-");
    assert_eq!(names.len(), 1, "{names:?}");
    let secs = names[0].split('-').nth(1).expect("the %s field");
    let at = format!("@{secs}");
    let date_of = |tz: &str| {
        let out = std::process::Command::new("date")
            .env("TZ", tz)
            .args(["-d", &at, &format!("+{pattern}")])
            .output()
            .expect("date runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).trim_end().to_string()
    };
    assert_eq!(names[0], date_of("Asia/Kolkata"));
    assert_ne!(names[0], date_of("UTC"), "the local time zone is used");
}
