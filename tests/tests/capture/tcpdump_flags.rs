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
