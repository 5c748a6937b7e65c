//! The frames the capture tests send, built with the testkit's builders.

use super::*;

pub(crate) fn pattern(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

pub(crate) fn udp4(dst: [u8; 6], sport: u16, dport: u16, data: &[u8]) -> Vec<u8> {
    eth(
        dst,
        MAC1,
        0x0800,
        &ipv4(IP_A, IP_B, 17, udp(sport, dport, data), 6),
    )
}

/// Frame number `i`: `size` bytes, experimental EtherType, `i` (big endian)
/// right after the Ethernet header.
pub(crate) fn numbered(i: u32, size: usize) -> Vec<u8> {
    let mut payload = i.to_be_bytes().to_vec();
    payload.extend(pattern(size - 18, i as u8));
    eth(OTHER, MAC1, ETH_EXPERIMENTAL, &payload)
}

pub(crate) fn number_of(frame: &[u8]) -> u32 {
    assert!(frame.len() >= 18, "not a numbered frame: {}", hex(frame));
    u32::from_be_bytes(frame[14..18].try_into().unwrap())
}

/// The frames of the byte-for-byte test, with what each one is.
pub(crate) fn known_frames() -> Vec<(&'static str, Vec<u8>)> {
    let stp_bpdu = {
        let mut p = vec![0x42, 0x42, 0x03];
        p.extend(pattern(35, 5));
        p
    };
    vec![
        (
            "IPv4/UDP to a MAC nobody has",
            udp4(OTHER, 40000, 9, b"to another host"),
        ),
        (
            "ARP who-has, broadcast, 42 bytes (no padding)",
            eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        ),
        (
            "ICMP echo to veth0's own MAC",
            eth(
                MAC0,
                MAC1,
                0x0800,
                &ipv4(IP_A, IP_B, 1, echo(8, 0x1234, 1, &pattern(56, 1)), 2),
            ),
        ),
        (
            "802.1Q PCP 5 VID 100, IPv4/UDP",
            tagged(
                OTHER,
                MAC1,
                &[(0x8100, 0xa064)],
                0x0800,
                &ipv4(IP_A, IP_B, 17, udp(1000, 2000, b"vlan 100"), 6),
            ),
        ),
        (
            "QinQ 802.1ad VID 200 / 802.1Q VID 300, IPv4/UDP",
            tagged(
                OTHER,
                MAC1,
                &[(0x88a8, 200), (0x8100, 300)],
                0x0800,
                &ipv4(IP_A, IP_B, 17, udp(1001, 2001, b"qinq 200/300"), 6),
            ),
        ),
        (
            "802.1Q priority tag (TCI 0), ARP, broadcast",
            tagged(
                BROADCAST,
                MAC1,
                &[(0x8100, 0)],
                0x0806,
                &arp(1, MAC1, IP_A, [0; 6], IP_B),
            ),
        ),
        (
            "runt of 20 bytes",
            eth(OTHER, MAC1, ETH_EXPERIMENTAL, &[1, 2, 3, 4, 5, 6]),
        ),
        (
            "IPv4 multicast 224.0.0.251 UDP 5353",
            eth(
                [0x01, 0, 0x5e, 0, 0, 0xfb],
                MAC1,
                0x0800,
                &ipv4(IP_A, [224, 0, 0, 251], 17, udp(5353, 5353, &[0; 12]), 6),
            ),
        ),
        (
            "802.3/LLC STP BPDU to 01:80:c2:00:00:00",
            eth(
                [0x01, 0x80, 0xc2, 0, 0, 0],
                MAC1,
                stp_bpdu.len() as u16,
                &stp_bpdu,
            ),
        ),
        (
            "1514-byte IPv4/UDP",
            udp4(OTHER, 3000, 4000, &pattern(1514 - 42, 9)),
        ),
        (
            "1518-byte 802.1Q frame",
            tagged(
                OTHER,
                MAC1,
                &[(0x8100, 7)],
                ETH_EXPERIMENTAL,
                &pattern(1500, 11),
            ),
        ),
        (
            "9014-byte jumbo frame",
            eth(OTHER, MAC1, ETH_EXPERIMENTAL, &pattern(9000, 13)),
        ),
    ]
}

pub(crate) fn frames_only(named: &[(&str, Vec<u8>)]) -> Vec<Vec<u8>> {
    named.iter().map(|(_, f)| f.clone()).collect()
}

/// One frame of each kind tcpdump decodes, for the printing tests.
pub(crate) fn printable_frames() -> Vec<Vec<u8>> {
    let dns_query = {
        let mut q = vec![0x1a, 0x2b, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        for label in ["example", "com"] {
            q.push(label.len() as u8);
            q.extend_from_slice(label.as_bytes());
        }
        q.extend_from_slice(&[0, 0, 1, 0, 1]);
        q
    };
    vec![
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(MAC0, MAC1, 0x0806, &arp(2, MAC1, IP_A, MAC0, IP_B)),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 1, echo(8, 0x1234, 1, &pattern(56, 1)), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(IP_B, IP_A, 1, echo(0, 0x1234, 1, &pattern(56, 1)), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(40000, 80, 1000, 0, 0x02, &[]), 16),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(
                IP_A,
                IP_B,
                6,
                tcp(40000, 80, 1001, 5000, 0x18, b"GET / HTTP"),
                16,
            ),
        ),
        udp4(MAC0, 5000, 9, b"hello, world"),
        udp4(MAC0, 5353, 53, &dns_query),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 58, echo(128, 0x4321, 7, &pattern(32, 3)), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 6, tcp(40001, 443, 77, 0, 0x02, &[]), 16),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, udp(5001, 9, b"six"), 6),
        ),
        tagged(
            OTHER,
            MAC1,
            &[(0x8100, 0xa064)],
            0x0800,
            &ipv4(IP_A, IP_B, 17, udp(1000, 2000, b"vlan 100"), 6),
        ),
    ]
}

pub(crate) const DOC_A: [u8; 4] = [192, 0, 2, 1];

pub(crate) const DOC_B: [u8; 4] = [192, 0, 2, 2];

pub(crate) const DOC6_A: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

pub(crate) const DOC6_B: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

/// Frames of many kinds, for comparing filters on `-i any` with tcpdump's.
pub(crate) fn mixed_frames() -> Vec<Vec<u8>> {
    vec![
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, DOC_A, [0; 6], DOC_B)),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 1, echo(8, 7, 1, b"ping"), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 17, udp(4000, 9, b"discard"), 6),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_B, DOC_A, 17, udp(53, 4001, b"dns?"), 6),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 6, tcp(4002, 80, 1, 0, 0x02, b""), 16),
        ),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 6, tcp(4003, 443, 9, 0, 0x02, b""), 16),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(DOC6_A, DOC6_B, 58, echo(128, 3, 1, b"ping6"), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(DOC6_A, DOC6_B, 17, udp(4004, 9, b"six"), 6),
        ),
        tagged(
            MAC0,
            MAC1,
            &[(0x8100, 100)],
            0x0800,
            &ipv4(DOC_A, DOC_B, 17, udp(4005, 9, b"tagged"), 6),
        ),
        numbered(1, 200),
        numbered(2, 900),
    ]
}
