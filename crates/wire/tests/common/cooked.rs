//! The cooked (LINUX_SLL2) and raw IP fixtures.

use super::*;

/// Raw IP packets (no link header) for LINKTYPE_IPV4 (228) or LINKTYPE_IPV6 (229).
pub fn raw_ip_packets(v6: bool) -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_070_000_000_000_000,
    };
    let t = Tcp::new(40000, 80, 1, 0, SYN);
    if v6 {
        b.add("raw6 tcp", true, v6tcp(IP6_A, IP6_B, &t, &[]));
        b.add("raw6 udp", true, v6udp(IP6_A, IP6_B, 4000, 4001, b"x"));
        b.add("raw6 unknown", false, ipv6(IP6_A, IP6_B, 253, 64, &[0; 12]));
    } else {
        b.add("raw4 tcp", true, v4tcp(IP_A, IP_C, &t, &[]));
        b.add("raw4 udp", true, v4udp(IP_A, IP_C, 4000, 4001, b"x"));
        b.add("raw4 unknown", false, ipv4(IP_A, IP_C, 253, &[0; 12]));
    }
    b.pkts
}

/// The LINUX_SLL2 fixture (what `-i any` writes).
pub fn sll2_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_050_000_123_456_000,
    };
    let (c, s) = (IP_A, IP_C);
    b.add(
        "sll2 tcp in",
        true,
        sll2(
            0x0800,
            7777,
            1,
            0,
            &MAC_B,
            &v4tcp(
                s,
                c,
                &Tcp::new(443, 40000, 9, 10, SYN | ACK).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "sll2 tcp out",
        true,
        sll2(
            0x0800,
            7777,
            1,
            4,
            &MAC_A,
            &v4tcp(c, s, &Tcp::new(40000, 443, 10, 10, ACK), &[]),
        ),
    );
    b.add(
        "sll2 lo udp",
        true,
        sll2(
            0x0800,
            1,
            772,
            0,
            &[0; 6],
            &v4udp([127, 0, 0, 1], [127, 0, 0, 1], 5000, 5001, b"ping"),
        ),
    );
    b.add(
        "sll2 arp broadcast",
        true,
        sll2(
            0x0806,
            8888,
            1,
            1,
            &MAC_A,
            &arp(1, MAC_A, IP_A, [0; 6], IP_B),
        ),
    );
    b.add(
        "sll2 icmp6 multicast",
        true,
        sll2(
            0x86dd,
            8888,
            1,
            2,
            &MAC_A,
            &ipv6(
                IP6_A,
                ALL_NODES,
                58,
                1,
                &icmp6(128, 0, &[0, 1, 0, 1], &IP6_A, &ALL_NODES),
            ),
        ),
    );
    b.add(
        "sll2 otherhost icmp",
        true,
        sll2(
            0x0800,
            7777,
            1,
            3,
            &MAC_B,
            &ipv4(IP_B, IP_C, 1, &icmp(8, 0, &[0, 5, 0, 6])),
        ),
    );
    b.add(
        "sll2 vlan",
        false,
        sll2(0x8100, 7777, 1, 0, &MAC_B, &{
            let mut v = vec![0x00, 0x0a, 0x08, 0x00];
            v.extend_from_slice(&v4udp(c, s, 1, 2, b"x"));
            v
        }),
    );
    b.add(
        "sll2 unknown ethertype",
        false,
        sll2(0x88b5, 7777, 1, 0, &MAC_B, &[1, 2, 3, 4, 5, 6]),
    );
    b.add(
        "sll2 no link address",
        true,
        sll2(
            0x86dd,
            7777,
            65534,
            0,
            &[],
            &v6udp(IP6_A, IP6_B, 1, 2, b"tun"),
        ),
    );
    let full = sll2(
        0x0800,
        7777,
        1,
        0,
        &MAC_B,
        &ipv4(IP_B, IP_C, 1, &icmp(8, 0, &[0, 5, 0, 6])),
    );
    b.add_len(
        "sll2 header cut",
        false,
        full[..12].to_vec(),
        full.len() as u32,
    );
    let get = b"GET / HTTP/1.1\r\nHost: 10.20.30.40\r\n\r\n";
    let http = sll2(
        0x0800,
        7777,
        1,
        4,
        &MAC_A,
        &v4tcp(c, s, &Tcp::new(40200, 80, 1, 1, PSH | ACK), get),
    );
    b.add("sll2 http", true, http.clone());
    b.add_len(
        "sll2 http cut",
        true,
        http[..20 + 40 + 8].to_vec(),
        http.len() as u32,
    );
    b.add(
        "sll2 dhcp6 solicit",
        true,
        sll2(
            0x86dd,
            7777,
            1,
            4,
            &MAC_A,
            &v6udp(
                LL_A,
                [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2],
                546,
                547,
                &[1, 0xab, 0xcd, 0xef, 0, 8, 0, 2, 0, 0],
            ),
        ),
    );
    b.pkts
}
