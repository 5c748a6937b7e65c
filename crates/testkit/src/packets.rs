//! The filter tests' packets: a deterministic set of varied frames (Ethernet and Linux cooked
//! v2), written as pcap files that tcpdump reads. Packet `i` of a file has the timestamp `i`
//! seconds, so a filter's verdicts map to indexes.

use crate::frames::*;
use std::path::Path;

/// A test packet.
#[derive(Clone, Debug)]
pub struct Pkt {
    /// Its captured bytes.
    pub data: Vec<u8>,
    /// Its length on the wire (more than `data` for a snapped one).
    pub wire_len: u32,
    /// What this packet is, for test messages.
    pub what: String,
}

const MAC_A: [u8; 6] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55];
const MAC_B: [u8; 6] = [0x00, 0x66, 0x77, 0x88, 0x99, 0xaa];
const MAC_C: [u8; 6] = [0x02, 0x00, 0x5e, 0x10, 0x20, 0x30];
const BCAST: [u8; 6] = [0xff; 6];
const MCAST4: [u8; 6] = [0x01, 0x00, 0x5e, 0x00, 0x00, 0x01];
const MCAST6: [u8; 6] = [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];
const STP_MAC: [u8; 6] = [0x01, 0x80, 0xc2, 0x00, 0x00, 0x00];

/// VLAN tags (tpid, tci), ethertype, payload, label.
type Tagged = (Vec<(u16, u16)>, u16, Vec<u8>, &'static str);

/// The L3 payloads shared by the Ethernet and cooked captures: (ethertype, bytes, label).
pub fn l3_payloads() -> Vec<(u16, Vec<u8>, String)> {
    let mut out: Vec<(u16, Vec<u8>, String)> = Vec::new();
    let hosts4 = [
        v4a(10, 0, 0, 1),
        v4a(10, 1, 2, 3),
        v4a(192, 168, 1, 10),
        v4a(192, 168, 1, 255),
        v4a(172, 16, 5, 4),
        v4a(1, 2, 3, 4),
        v4a(8, 8, 8, 8),
        v4a(127, 0, 0, 1),
    ];
    // TCP with every flag and a spread of ports and hosts.
    let ports = [
        80u16, 443, 22, 53, 8080, 1024, 65535, 0, 20, 21, 25, 110, 5000, 6000,
    ];
    for (i, flags) in [
        0x01u8, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x12, 0x11, 0x18, 0x14, 0x00, 0xff, 0x29,
        0xc2,
    ]
    .into_iter()
    .enumerate()
    {
        let s = hosts4[i % hosts4.len()];
        let d = hosts4[(i * 3 + 1) % hosts4.len()];
        let sp = ports[i % ports.len()];
        let dp = ports[(i * 5 + 3) % ports.len()];
        out.push((
            0x0800,
            V4::new(s, d, 6).build(&tcp(sp, dp, flags, b"")),
            format!("tcp flags {flags:#x}"),
        ));
    }
    for (sp, dp) in [
        (80u16, 12345u16),
        (12345, 80),
        (443, 443),
        (53, 53),
        (1000, 2000),
        (2500, 1500),
        (8080, 80),
        (22, 50000),
    ] {
        out.push((
            0x0800,
            V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 6).build(&tcp(sp, dp, 0x18, b"data")),
            format!("tcp {sp}>{dp}"),
        ));
    }
    // UDP.
    for (sp, dp) in [
        (53u16, 33000u16),
        (33000, 53),
        (67, 68),
        (123, 123),
        (5353, 5353),
        (1900, 1900),
        (161, 162),
        (514, 514),
        (1000, 1500),
    ] {
        out.push((
            0x0800,
            V4::new(v4a(192, 168, 1, 10), v4a(192, 168, 1, 1), 17).build(&udp(sp, dp, b"hello")),
            format!("udp {sp}>{dp}"),
        ));
    }
    // SCTP.
    for (sp, dp) in [(2905u16, 2905u16), (80, 36412), (1000, 2000)] {
        out.push((
            0x0800,
            V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 9), 132).build(&sctp(sp, dp)),
            format!("sctp {sp}>{dp}"),
        ));
    }
    // ICMP types.
    for (t, c) in [
        (0u8, 0u8),
        (3, 1),
        (3, 3),
        (4, 0),
        (5, 1),
        (8, 0),
        (9, 0),
        (10, 0),
        (11, 0),
        (12, 0),
        (13, 0),
        (14, 0),
        (17, 0),
        (18, 0),
    ] {
        out.push((
            0x0800,
            V4::new(v4a(10, 0, 0, 1), v4a(8, 8, 8, 8), 1).build(&icmp(t, c)),
            format!("icmp {t}/{c}"),
        ));
    }
    // IGMP, PIM, VRRP, AH, ESP, GRE, OSPF, other protocols.
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(224, 0, 0, 1), 2).build(&[0x11, 0x64, 0, 0, 0, 0, 0, 0]),
        "igmp query".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(239, 1, 2, 3), 2).build(&[0x16, 0, 0, 0, 239, 1, 2, 3]),
        "igmp report".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(224, 0, 0, 13), 103).build(&[0x20, 0, 0, 0, 0, 1, 0, 2]),
        "pim".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(224, 0, 0, 18), 112)
            .build(&[0x21, 1, 100, 1, 0, 1, 0, 0, 10, 0, 0, 100]),
        "vrrp".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 51)
            .build(&[6, 4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]),
        "ah".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 50)
            .build(&[0, 0, 1, 0, 0, 0, 0, 1, 9, 9, 9, 9]),
        "esp".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 47).build(&[0, 0, 8, 0, 1, 2, 3, 4]),
        "gre".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(224, 0, 0, 5), 89).build(&[2, 1, 0, 44]),
        "ospf".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 9).build(&[0; 8]),
        "igrp".into(),
    ));
    out.push((
        0x0800,
        V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 200).build(&[0; 8]),
        "proto 200".into(),
    ));
    // IP options, fragments, odd versions, broadcast/multicast destinations.
    for opt_len in [4usize, 8, 20, 40] {
        let mut v = V4::new(v4a(10, 0, 0, 3), v4a(10, 0, 0, 4), 6);
        v.options = vec![1; opt_len];
        out.push((
            0x0800,
            v.build(&tcp(80, 4000, 0x02, b"")),
            format!("ip options {opt_len} tcp"),
        ));
        let mut v = V4::new(v4a(10, 0, 0, 3), v4a(10, 0, 0, 4), 17);
        v.options = vec![0x94, 4, 0, 0];
        v.options.resize(opt_len, 1);
        out.push((
            0x0800,
            v.build(&udp(53, 4000, b"q")),
            format!("ip options {opt_len} udp"),
        ));
    }
    for (mf, off, label) in [
        (true, 0u16, "first fragment"),
        (true, 185, "middle fragment"),
        (false, 370, "last fragment"),
    ] {
        let mut v = V4::new(v4a(10, 0, 0, 5), v4a(10, 0, 0, 6), 6);
        v.frag = (mf, off);
        out.push((
            0x0800,
            v.build(&tcp(80, 80, 0x10, b"frag")),
            format!("tcp {label}"),
        ));
        let mut v = V4::new(v4a(10, 0, 0, 5), v4a(10, 0, 0, 6), 17);
        v.frag = (mf, off);
        out.push((
            0x0800,
            v.build(&udp(53, 53, b"frag")),
            format!("udp {label}"),
        ));
    }
    let mut v = V4::new(v4a(10, 0, 0, 5), v4a(10, 0, 0, 6), 6);
    v.version = 6;
    out.push((
        0x0800,
        v.build(&tcp(80, 80, 2, b"")),
        "ethertype ip, version 6".into(),
    ));
    for d in [
        v4a(255, 255, 255, 255),
        v4a(0, 0, 0, 0),
        v4a(224, 0, 0, 251),
        v4a(239, 255, 255, 250),
        v4a(10, 255, 255, 255),
    ] {
        out.push((
            0x0800,
            V4::new(v4a(10, 0, 0, 7), d, 17).build(&udp(5353, 5353, b"m")),
            format!("udp to {d:?}"),
        ));
    }
    // IPv6.
    let h6 = [
        "2001:db8::1",
        "2001:db8::2",
        "fe80::1",
        "::1",
        "2001:db8:1::5",
        "ff02::1",
        "ff05::1:3",
    ];
    for (j, (nh, payload)) in [
        (6u8, tcp(80, 40000, 0x02, b"")),
        (6, tcp(40000, 443, 0x10, b"x")),
        (17, udp(546, 547, b"dhcp")),
        (17, udp(53, 53, b"dns")),
        (58, vec![128, 0, 0, 0, 0, 1, 0, 1]),
        (58, vec![129, 0, 0, 0, 0, 1, 0, 1]),
        (58, vec![135, 0, 0, 0, 0, 0, 0, 0]),
        (58, vec![136, 0, 0, 0, 0x60, 0, 0, 0]),
        (58, vec![1, 4, 0, 0, 0, 0, 0, 0]),
        (58, vec![143, 0, 0, 0, 0, 0, 0, 1]),
        (132, sctp(5000, 6000)),
        (103, vec![0x20, 0, 0, 0]),
        (50, vec![0, 0, 1, 0, 0, 0, 0, 1]),
        (59, vec![]),
    ]
    .into_iter()
    .enumerate()
    {
        let s = v6a(h6[j % h6.len()]);
        let d = v6a(h6[(j * 2 + 1) % h6.len()]);
        out.push((
            0x86dd,
            ipv6(s, d, &[], nh, &payload),
            format!("ipv6 nh {nh}"),
        ));
    }
    // IPv6 extension headers.
    let s = v6a("2001:db8::1");
    let d = v6a("2001:db8::2");
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(0, vec![1, 4, 0, 0, 0, 0])],
            6,
            &tcp(80, 1234, 2, b""),
        ),
        "ipv6 hbh tcp".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            v6a("ff02::16"),
            &[(0, vec![5, 2, 0, 0, 1, 0])],
            58,
            &[143, 0, 0, 0, 0, 0, 0, 1],
        ),
        "ipv6 hbh mld".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(43, vec![0, 0, 0, 0, 0, 0])],
            17,
            &udp(53, 53, b"r"),
        ),
        "ipv6 routing udp".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(60, vec![1, 4, 0, 0, 0, 0])],
            6,
            &tcp(22, 2222, 0x18, b""),
        ),
        "ipv6 dstopts tcp".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(44, vec![0, 1, 0, 0, 0, 7])],
            6,
            &tcp(80, 8080, 2, b""),
        ),
        "ipv6 first fragment tcp".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(44, vec![0x05, 0x00, 0, 0, 0, 7])],
            17,
            &udp(53, 53, b"zz"),
        ),
        "ipv6 later fragment udp".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(44, vec![0, 1, 0, 0, 0, 8])],
            58,
            &[128, 0, 0, 0, 0, 1, 0, 1],
        ),
        "ipv6 fragment icmp6".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(51, vec![0, 0, 0, 0, 1, 0, 0, 0, 1, 0])],
            6,
            &tcp(80, 1, 2, b""),
        ),
        "ipv6 ah tcp".into(),
    ));
    out.push((
        0x86dd,
        ipv6(
            s,
            d,
            &[(0, vec![1, 4, 0, 0, 0, 0]), (43, vec![0, 0, 0, 0, 0, 0])],
            17,
            &udp(9, 9, b""),
        ),
        "ipv6 hbh+rt udp".into(),
    ));
    // ARP and RARP.
    out.push((
        0x0806,
        arp(1, MAC_A, v4a(10, 0, 0, 1), [0; 6], v4a(10, 0, 0, 2)),
        "arp request".into(),
    ));
    out.push((
        0x0806,
        arp(2, MAC_B, v4a(10, 0, 0, 2), MAC_A, v4a(10, 0, 0, 1)),
        "arp reply".into(),
    ));
    out.push((
        0x0806,
        arp(1, MAC_C, v4a(192, 168, 1, 10), [0; 6], v4a(192, 168, 1, 1)),
        "arp 192.168".into(),
    ));
    out.push((
        0x8035,
        arp(3, MAC_A, v4a(0, 0, 0, 0), MAC_A, v4a(0, 0, 0, 0)),
        "rarp request".into(),
    ));
    out.push((
        0x8035,
        arp(4, MAC_B, v4a(10, 0, 0, 2), MAC_A, v4a(10, 0, 0, 1)),
        "rarp reply".into(),
    ));
    // MPLS.
    let inner4 =
        V4::new(v4a(10, 9, 9, 9), v4a(10, 8, 8, 8), 6).build(&tcp(179, 40000, 0x18, b"bgp"));
    let inner6 = ipv6(
        v6a("2001:db8::9"),
        v6a("2001:db8::8"),
        &[],
        17,
        &udp(53, 53, b"x"),
    );
    out.push((0x8847, mpls(&[100], &inner4), "mpls 100 ipv4".into()));
    out.push((
        0x8847,
        mpls(&[100, 200], &inner4),
        "mpls 100/200 ipv4".into(),
    ));
    out.push((
        0x8847,
        mpls(&[1048575, 3, 16], &inner4),
        "mpls 3 labels ipv4".into(),
    ));
    out.push((0x8847, mpls(&[300], &inner6), "mpls 300 ipv6".into()));
    out.push((0x8847, mpls(&[0], &[0x45, 0, 0]), "mpls runt".into()));
    out.push((
        0x8848,
        mpls(&[100], &inner4),
        "mpls multicast ethertype".into(),
    ));
    // PPPoE.
    out.push((0x8863, pppoe(0x09, 0, &[1, 1, 0, 0]), "pppoe padi".into()));
    out.push((0x8863, pppoe(0x65, 0x1234, &[]), "pppoe padt".into()));
    let mut ppp4 = vec![0x00, 0x21];
    ppp4.extend_from_slice(
        &V4::new(v4a(100, 64, 0, 1), v4a(8, 8, 8, 8), 6).build(&tcp(40000, 80, 2, b"")),
    );
    let mut ppp6 = vec![0x00, 0x57];
    ppp6.extend_from_slice(&ipv6(
        v6a("2001:db8::1"),
        v6a("2001:db8::2"),
        &[],
        17,
        &udp(53, 53, b""),
    ));
    out.push((0x8864, pppoe(0, 0x0001, &ppp4), "pppoes 1 ipv4 tcp".into()));
    out.push((
        0x8864,
        pppoe(0, 0x1234, &ppp4),
        "pppoes 0x1234 ipv4 tcp".into(),
    ));
    out.push((0x8864, pppoe(0, 0x0002, &ppp6), "pppoes 2 ipv6 udp".into()));
    out.push((
        0x8864,
        pppoe(0, 0x0003, &[0xc0, 0x21, 1, 1, 0, 4]),
        "pppoes lcp".into(),
    ));
    // Other EtherTypes.
    for (t, label) in [
        (0x88ccu16, "lldp"),
        (0x9000, "loopback"),
        (0x8809, "slow"),
        (0x6003, "decnet"),
        (0x6004, "lat"),
        (0x6007, "sca"),
        (0x6001, "mopdl"),
        (0x6002, "moprc"),
        (0x809b, "atalk"),
        (0x80f3, "aarp"),
        (0x8137, "ipx ethernet ii"),
        (0x88e5, "macsec"),
        (0x88f7, "ptp"),
        (0x0600, "xns"),
        (0x05dd, "length 1501"),
        (0xffff, "ethertype ffff"),
    ] {
        out.push((t, vec![0x42; 46], label.into()));
    }
    // DECnet with routing headers (long/short, with and without padding).
    out.push((
        0x6003,
        vec![
            0x20, 0x00, 0x81, 0x26, 0, 0, 0, 0xaa, 0, 4, 0, 0x10, 0x04, 0, 0, 0xaa, 0, 4, 0, 0x20,
            0x04,
        ],
        "decnet long padded".into(),
    ));
    out.push((
        0x6003,
        vec![
            0x20, 0x00, 0x06, 0, 0, 0xaa, 0, 4, 0, 0x0a, 0x04, 0, 0, 0xaa, 0, 4, 0, 0x14, 0x04, 0,
            0,
        ],
        "decnet long".into(),
    ));
    out.push((
        0x6003,
        vec![0x08, 0x00, 0x02, 0x0a, 0x04, 0x14, 0x04, 0x0f],
        "decnet short".into(),
    ));
    out
}

fn llc_frames() -> Vec<(Vec<u8>, String)> {
    let bpdu = [
        0u8, 0, 0, 0, 0, 0x80, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0, 0, 4,
    ];
    let ipx_hdr = [
        0xffu8, 0xff, 0, 30, 0, 4, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 4, 0x52,
    ];
    vec![
        (llc(0x42, 0x42, 0x03, &bpdu), "stp bpdu".into()),
        (llc(0xe0, 0xe0, 0x03, &ipx_hdr), "ipx 802.2".into()),
        (ipx_hdr.to_vec(), "ipx raw 802.3".into()),
        (snap(0, 0x8137, &ipx_hdr), "ipx snap".into()),
        (snap(0x080007, 0x809b, &[1, 2, 3, 4]), "atalk snap".into()),
        (snap(0, 0x80f3, &[1, 2, 3, 4]), "aarp snap".into()),
        (
            snap(
                0,
                0x0800,
                &V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 17).build(&udp(1, 2, b"")),
            ),
            "ip in snap".into(),
        ),
        (snap(0x00000c, 0x2000, &[1, 2, 3]), "cisco cdp snap".into()),
        (
            llc(0xf0, 0xf0, 0x03, &[0x2c, 0, 0xff, 0xef]),
            "netbeui".into(),
        ),
        (
            llc(
                0x06,
                0x06,
                0x03,
                &V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 1).build(&icmp(8, 0)),
            ),
            "ip over 802.2".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x81, 0x1c, 1, 0, 0x1c]),
            "iso clnp".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x82, 0x0e, 1, 0, 4]),
            "iso esis".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x83, 0x1b, 1, 0, 15, 1, 0, 0]),
            "isis l1 lan iih".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x83, 0x1b, 1, 0, 16, 1, 0, 0]),
            "isis l2 lan iih".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x83, 0x1b, 1, 0, 17, 1, 0, 0]),
            "isis p2p iih".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x83, 0x1b, 1, 0, 18, 1, 0, 0]),
            "isis l1 lsp".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x83, 0x1b, 1, 0, 20, 1, 0, 0]),
            "isis l2 lsp".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x83, 0x1b, 1, 0, 24, 1, 0, 0]),
            "isis l1 csnp".into(),
        ),
        (
            llc(0xfe, 0xfe, 0x03, &[0x83, 0x1b, 1, 0, 27, 1, 0, 0]),
            "isis l2 psnp".into(),
        ),
        (llc(0x42, 0x42, 0x00, &[0, 0]), "llc i frame".into()),
        (llc(0x42, 0x43, 0x01, &[0x02]), "llc rr".into()),
        (llc(0x42, 0x43, 0x05, &[0x02]), "llc rnr".into()),
        (llc(0x42, 0x43, 0x09, &[0x02]), "llc rej".into()),
        (llc(0x42, 0x43, 0xaf, &[0x81, 1, 0]), "llc xid".into()),
        (llc(0x42, 0x43, 0xe3, &[1, 2]), "llc test".into()),
        (llc(0x42, 0x43, 0x6f, &[]), "llc sabme".into()),
        (llc(0x42, 0x43, 0x63, &[]), "llc ua".into()),
        (llc(0x42, 0x43, 0x43, &[]), "llc disc".into()),
        (llc(0x42, 0x43, 0x0f, &[]), "llc dm".into()),
        (llc(0x42, 0x43, 0x87, &[]), "llc frmr".into()),
        (llc(0x00, 0x00, 0x13, &[]), "llc null sap".into()),
    ]
}

/// The Ethernet test packets (at least 200).
pub fn ethernet_packets() -> Vec<Pkt> {
    let mut out = Vec::new();
    let dsts = [MAC_B, MAC_A, BCAST, MCAST4, MAC_C, MCAST6];
    for (i, (t, p, label)) in l3_payloads().into_iter().enumerate() {
        let mut dst = dsts[i % dsts.len()];
        let src = if i % 7 == 3 { MAC_C } else { MAC_A };
        if t == 0x86dd && p.len() > 24 && p[24] == 0xff {
            dst = MCAST6;
        }
        let data = pad60(eth(dst, src, t, &p));
        out.push(Pkt {
            wire_len: data.len() as u32,
            data,
            what: label,
        });
    }
    for (p, label) in llc_frames() {
        let dst = if label.starts_with("stp") || label.starts_with("llc") {
            STP_MAC
        } else {
            BCAST
        };
        let data = pad60(eth_8023(dst, MAC_B, &p));
        out.push(Pkt {
            wire_len: data.len() as u32,
            data,
            what: format!("802.3 {label}"),
        });
    }
    // VLAN and QinQ.
    let ip_tcp = V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 6).build(&tcp(80, 4444, 0x12, b""));
    let ip_udp = V4::new(v4a(192, 168, 1, 10), v4a(192, 168, 1, 1), 17).build(&udp(53, 4444, b"v"));
    let ip6_tcp = ipv6(
        v6a("2001:db8::1"),
        v6a("2001:db8::2"),
        &[],
        6,
        &tcp(443, 5555, 0x02, b""),
    );
    let arpp = arp(1, MAC_A, v4a(10, 0, 0, 1), [0; 6], v4a(10, 0, 0, 2));
    let tagged: Vec<Tagged> = vec![
        (vec![(0x8100, 10)], 0x0800, ip_tcp.clone(), "vlan 10 ip tcp"),
        (vec![(0x8100, 20)], 0x0800, ip_udp.clone(), "vlan 20 ip udp"),
        (
            vec![(0x8100, 0x2000 | 100)],
            0x86dd,
            ip6_tcp.clone(),
            "vlan 100 pcp1 ipv6",
        ),
        (vec![(0x8100, 4095)], 0x0806, arpp.clone(), "vlan 4095 arp"),
        (vec![(0x8100, 0)], 0x0800, ip_tcp.clone(), "vlan 0 ip"),
        (
            vec![(0x8100, 1)],
            0x8847,
            mpls(&[100], &ip_tcp),
            "vlan 1 mpls",
        ),
        (
            vec![(0x8100, 30)],
            0x8864,
            pppoe(0, 7, &ppp_ip(&ip_tcp)),
            "vlan 30 pppoes",
        ),
        (
            vec![(0x88a8, 100), (0x8100, 10)],
            0x0800,
            ip_tcp.clone(),
            "qinq 100/10 ip",
        ),
        (
            vec![(0x88a8, 200), (0x8100, 20)],
            0x86dd,
            ip6_tcp.clone(),
            "qinq 200/20 ipv6",
        ),
        (
            vec![(0x9100, 5), (0x8100, 6)],
            0x0800,
            ip_udp.clone(),
            "9100 qinq 5/6",
        ),
        (
            vec![(0x8100, 10), (0x8100, 20)],
            0x0800,
            ip_udp.clone(),
            "double 8100 10/20",
        ),
        (
            vec![(0x8100, 7), (0x8100, 8), (0x8100, 9)],
            0x0800,
            ip_tcp.clone(),
            "triple tag",
        ),
        (vec![(0x88a8, 300)], 0x0806, arpp.clone(), "88a8 300 arp"),
        (
            vec![(0x8100, 10)],
            0x0800,
            {
                let mut v = V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 17);
                v.options = vec![1; 8];
                v.build(&udp(67, 68, b"o"))
            },
            "vlan 10 ip options udp",
        ),
        (
            vec![(0x8100, 10)],
            0x0800,
            {
                let mut v = V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 6);
                v.frag = (false, 100);
                v.build(&tcp(80, 80, 0x10, b""))
            },
            "vlan 10 fragment",
        ),
    ];
    for (tags, t, p, label) in tagged {
        let data = pad60(eth_tagged(MAC_B, MAC_A, &tags, t, &p));
        out.push(Pkt {
            wire_len: data.len() as u32,
            data,
            what: label.to_string(),
        });
    }
    // 802.3 inside VLAN.
    let data = pad60(eth_tagged(
        STP_MAC,
        MAC_A,
        &[(0x8100, 10)],
        20,
        &llc(0x42, 0x42, 3, &[0; 17]),
    ));
    out.push(Pkt {
        wire_len: data.len() as u32,
        data,
        what: "vlan 10 stp".into(),
    });
    // Runts and truncated captures.
    let full = eth(
        MAC_B,
        MAC_A,
        0x0800,
        &V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 6).build(&tcp(80, 443, 2, b"payload")),
    );
    for cut in [0usize, 1, 6, 12, 13, 14, 20, 23, 30, 34, 36, 40, 50] {
        out.push(Pkt {
            data: full[..cut].to_vec(),
            wire_len: full.len() as u32,
            what: format!("tcp truncated to {cut}"),
        });
    }
    let full6 = eth(
        MAC_B,
        MAC_A,
        0x86dd,
        &ipv6(
            v6a("2001:db8::1"),
            v6a("2001:db8::2"),
            &[],
            17,
            &udp(53, 53, b""),
        ),
    );
    for cut in [20usize, 54, 56, 58] {
        out.push(Pkt {
            data: full6[..cut].to_vec(),
            wire_len: full6.len() as u32,
            what: format!("ipv6 udp truncated to {cut}"),
        });
    }
    // Big frames for len/greater/less.
    for n in [100usize, 500, 1000, 1514, 9000] {
        let p = V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 17).build(&udp(
            9,
            9,
            &vec![0u8; n.saturating_sub(42)],
        ));
        let data = eth(MAC_B, MAC_A, 0x0800, &p);
        out.push(Pkt {
            wire_len: data.len() as u32,
            data,
            what: format!("udp frame {n}"),
        });
    }
    let p = V4::new(v4a(10, 0, 0, 1), v4a(10, 0, 0, 2), 17).build(&udp(9, 9, &[0u8; 1400]));
    let data = eth(MAC_B, MAC_A, 0x0800, &p);
    out.push(Pkt {
        data: data[..96].to_vec(),
        wire_len: data.len() as u32,
        what: "snapped 96 of 1442".into(),
    });
    out
}

fn ppp_ip(ip: &[u8]) -> Vec<u8> {
    let mut v = vec![0x00, 0x21];
    v.extend_from_slice(ip);
    v
}

/// The Linux cooked v2 test packets.
pub fn sll2_packets() -> Vec<Pkt> {
    let mut out = Vec::new();
    let mut push = |proto: u16, ifindex: u32, pkttype: u8, payload: &[u8], what: String| {
        let mut v = Vec::with_capacity(20 + payload.len());
        v.extend_from_slice(&be16(proto));
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(&ifindex.to_be_bytes());
        v.extend_from_slice(&be16(1));
        v.push(pkttype);
        v.push(6);
        v.extend_from_slice(&MAC_A);
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(payload);
        out.push(Pkt {
            wire_len: v.len() as u32,
            data: v,
            what,
        });
    };
    for (i, (t, p, label)) in l3_payloads().into_iter().enumerate() {
        push(t, 1 + (i as u32 % 4), (i % 5) as u8, &p, label);
    }
    for (i, (p, label)) in llc_frames().into_iter().enumerate() {
        let proto = if label.starts_with("ipx raw") {
            0x0001
        } else {
            0x0004
        };
        push(proto, 2, (i % 5) as u8, &p, format!("cooked {label}"));
    }
    push(0x0800, 3, 4, &[0x45, 0], "cooked runt ip".into());
    out
}

/// Writes a pcap file; packet `i` gets the timestamp `i` seconds, so results map to indexes.
pub fn write_pcap(path: &Path, linktype: u32, pkts: &[Pkt]) {
    let mut v = Vec::new();
    v.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&4u16.to_le_bytes());
    v.extend_from_slice(&0u32.to_le_bytes());
    v.extend_from_slice(&0u32.to_le_bytes());
    v.extend_from_slice(&262_144u32.to_le_bytes());
    v.extend_from_slice(&linktype.to_le_bytes());
    for (i, p) in pkts.iter().enumerate() {
        v.extend_from_slice(&(i as u32).to_le_bytes());
        v.extend_from_slice(&0u32.to_le_bytes());
        v.extend_from_slice(&(p.data.len() as u32).to_le_bytes());
        v.extend_from_slice(&p.wire_len.to_le_bytes());
        v.extend_from_slice(&p.data);
    }
    std::fs::write(path, v).unwrap();
}

/// The packet indexes (timestamps) in a pcap file written by tcpdump.
pub fn pcap_indexes(bytes: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    if bytes.len() < 24 {
        return out;
    }
    let le =
        bytes[0..4] == 0xa1b2_c3d4u32.to_le_bytes() || bytes[0..4] == 0xa1b2_3c4du32.to_le_bytes();
    let rd = |b: &[u8]| {
        let a = [b[0], b[1], b[2], b[3]];
        if le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    };
    let mut off = 24;
    while off + 16 <= bytes.len() {
        let ts = rd(&bytes[off..]);
        let incl = rd(&bytes[off + 8..]) as usize;
        out.push(ts as usize);
        off += 16 + incl;
    }
    out
}
