//! Printing packets while capturing: the lines equal tcpdump's for the same file.

use super::*;

#[test]
fn printing_matches_tcpdump() {
    let ns = lab!("print", ["tcpdump"]);
    let dir = TempDir::new("print");
    let frames = printable_frames();
    let count = frames.len().to_string();
    let path = dir.file("p.pcap");
    let ng = dir.file("p.pcapng");
    // Three captures of the same frames: to pcap, to pcapng, and printed
    // (text and JSON).
    let to_file = capture(&ns, &["-i", "veth0", "-w", &path, "-c", &count]);
    let to_ng = capture(&ns, &["-i", "veth0", "-w", &ng, "-c", &count]);
    let printed = capture(&ns, &["-i", "veth0", "-n", "-c", &count]);
    let json = capture(&ns, &["-i", "veth0", "--json", "-c", &count]);
    send(&ns, &dir, "veth1", &frames);
    for p in [&to_file, &to_ng, &printed, &json] {
        wait_end(p, CAPTURE_TIMEOUT).expect_code(0);
    }
    assert_same_frames(&path, &read_complete(&path).data(), &frames);

    let mut diffs = Vec::new();
    for opts in [&[][..], &["-e"][..], &["-q"][..], &["--nano"][..]] {
        diffs.extend(differences_from_tcpdump(&path, opts));
    }
    diffs.extend(differences_from_tcpdump(&ng, &[]));

    // Live lines equal tcpdump's lines for the same packets, timestamps
    // aside (the live capture has its own).
    let live = printed.rest_of_stdout(TIMEOUT);
    let reference = run_bounded(&["tcpdump", "-n", "-r", &path], CMD_TIMEOUT);
    reference.expect_success();
    let strip = |l: &str| {
        l.split_once(' ')
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default()
    };
    let live_rest: Vec<String> = live.iter().map(String::as_str).map(strip).collect();
    let ref_rest: Vec<String> = reference.stdout.lines().map(strip).collect();
    for (i, (a, b)) in live_rest.iter().zip(&ref_rest).enumerate() {
        if a != b {
            diffs.push(format!(
                "live `promisc capture -n` line {i} (timestamp aside):\n   promisc: {a}\n   tcpdump: {b}"
            ));
        }
    }
    if live_rest.len() != ref_rest.len() {
        diffs.push(format!(
            "live `promisc capture -n`: {} lines, tcpdump -r {}: {live:?}",
            live_rest.len(),
            ref_rest.len()
        ));
    }
    for l in &live {
        let ts = l.split(' ').next().unwrap_or_default();
        let shape = ts.len() == 15 && ts.as_bytes()[2] == b':' && ts.as_bytes()[8] == b'.';
        assert!(shape, "live timestamp HH:MM:SS.ffffff in {l:?}");
    }

    let json_lines = json.rest_of_stdout(TIMEOUT);
    assert_eq!(
        json_lines.len(),
        frames.len(),
        "--json: one line per packet: {json_lines:?}"
    );
    for l in &json_lines {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("--json line {l:?}: {e}"));
        assert!(v.is_object(), "--json line is an object: {l}");
        assert_eq!(v["schema"], 1, "--json line carries schema 1: {l}");
        assert_documented("packet", &v);
    }
    assert_no_differences(&diffs);
}
