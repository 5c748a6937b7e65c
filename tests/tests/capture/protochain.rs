//! `protochain` on a live capture: the kernel refuses its loop (a backward jump), so the
//! capture says it filters in user space, as libpcap does, and keeps what tcpdump keeps.

use super::*;
use promisc_testkit::frames::ipv6 as ipv6_ext;

#[test]
fn protochain_runs_in_user_space_and_keeps_what_tcpdump_keeps() {
    let ns = lab!("pchain", ["tcpdump"]);
    let dir = TempDir::new("pchain");
    let hop = (0u8, vec![0u8; 6]);
    let dst = (60u8, vec![0u8; 14]);
    let frames = vec![
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, udp(5001, 9, b"plain"), 6),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6_ext(
                IP6_A,
                IP6_B,
                &[hop.clone(), dst],
                17,
                &udp(5001, 9, b"chain"),
            ),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6_ext(IP6_A, IP6_B, &[hop], 6, &tcp(9, 9, 1, 0, 2, &[])),
        ),
        udp4(MAC0, 4321, 9, b"v4"),
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
        &[
            "-i",
            "veth0",
            "-w",
            &filtered_path,
            "ip6",
            "protochain",
            "17",
        ],
    );
    // Said before it listens.
    let said = filtered.seen().join("\n");
    assert!(
        said.contains("veth0: filtering in user space") && said.contains("backward jump"),
        "the capture says the kernel refuses the program: {said}"
    );
    send(&ns, &dir, "veth1", &frames);
    wait_end(&all, CAPTURE_TIMEOUT).expect_code(0);
    filtered.signal("INT");
    wait_end(&filtered, CAPTURE_TIMEOUT).expect_code(0);
    let expected = tcpdump_hex(&all_path, &["ip6 protochain 17"]);
    assert_eq!(expected.len(), 2, "tcpdump keeps the two IPv6 UDP frames");
    assert_same_frames(
        "`ip6 protochain 17` vs tcpdump -r all 'ip6 protochain 17'",
        &read_complete(&filtered_path).data(),
        &expected,
    );
}
