//! The second half of the Ethernet fixture: IPv4 fragments and options, IPv6 extension
//! headers and ICMPv6, VLAN tags, odd EtherTypes and 802.3, runts and truncation, tunnels and
//! banners.

use super::*;

/// The packets of the Ethernet fixture after DNS, in their order.
pub(super) fn ether_ip_packets(b: &mut B) {
    let e = |et: u16, p: &[u8]| eth(MAC_B, MAC_A, et, p);
    let (c, s) = (IP_A, IP_C);
    let (c6, s6) = (IP6_A, IP6_B);
    // IPv4 fragments and options
    let big = udp(40000, 9999, &c, &IP_B, &[9; 64]);
    let mut f1 = V4::new(c, IP_B, 17);
    f1.flags_off = 0x2000;
    f1.id = 777;
    b.add(
        "ipv4 first fragment",
        false,
        e(0x0800, &f1.build(&big[..40])),
    );
    let mut f2 = V4::new(c, IP_B, 17);
    f2.flags_off = 5; // offset 40
    f2.id = 777;
    b.add(
        "ipv4 later fragment",
        false,
        e(0x0800, &f2.build(&big[40..])),
    );
    let mut f3 = V4::new(c, IP_B, 6);
    f3.flags_off = 0x2000 | 100;
    b.add(
        "ipv4 tcp middle fragment",
        false,
        e(0x0800, &f3.build(&[0; 32])),
    );
    let mut o1 = V4::new(c, IP_C, 1);
    o1.options = vec![7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // record route
    b.add(
        "ipv4 options record route",
        false,
        e(0x0800, &o1.build(&echo(8))),
    );
    let mut o2 = V4::new(c, IP_C, 6);
    o2.options = vec![0x94, 4, 0, 0]; // router alert
    b.add(
        "ipv4 options router alert tcp",
        false,
        e(
            0x0800,
            &o2.build(&Tcp::new(1, 2, 3, 4, SYN).build(&c, &IP_C, &[])),
        ),
    );

    // IPv6 extension headers, ICMPv6
    let mut hbh = vec![58, 0, 5, 2, 0, 0, 1, 0]; // router alert + padn
    let mut mld = vec![0, 0, 0, 1, 4, 0, 0, 0];
    mld.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    let mld = icmp6(
        143,
        0,
        &mld,
        &LL_A,
        &[0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16],
    );
    hbh.extend_from_slice(&mld);
    b.add(
        "ipv6 hbh mldv2 report",
        false,
        eth(
            [0x33, 0x33, 0, 0, 0, 0x16],
            MAC_A,
            0x86dd,
            &ipv6(
                LL_A,
                [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16],
                0,
                1,
                &hbh,
            ),
        ),
    );
    let mut dst = vec![17, 0, 1, 4, 0, 0, 0, 0];
    dst.extend_from_slice(&udp(1000, 2000, &IP6_A, &IP6_B, b"xyz"));
    b.add(
        "ipv6 dstopts udp",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 60, 64, &dst)),
    );
    let mut rt = vec![58, 2, 0, 1, 0, 0, 0, 0];
    rt.extend_from_slice(&IP6_B);
    rt.extend_from_slice(&icmp6(128, 0, &[0, 9, 0, 1], &IP6_A, &IP6_B));
    b.add(
        "ipv6 routing type0",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 43, 64, &rt)),
    );
    let mut fr = vec![17, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef];
    fr.extend_from_slice(&udp(1000, 2000, &IP6_A, &IP6_B, &[0; 40])[..24]);
    b.add(
        "ipv6 fragment first",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 44, 64, &fr)),
    );
    let mut fr2 = vec![17, 0, 0, 24, 0xde, 0xad, 0xbe, 0xef];
    fr2.extend_from_slice(&[0; 24]);
    b.add(
        "ipv6 fragment later",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 44, 64, &fr2)),
    );
    b.add(
        "icmp6 echo request",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &ipv6(
                IP6_A,
                IP6_B,
                58,
                64,
                &icmp6(128, 0, &[0x0b, 0xad, 0, 1, 1, 2, 3, 4], &IP6_A, &IP6_B),
            ),
        ),
    );
    b.add(
        "icmp6 echo reply",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(
                IP6_B,
                IP6_A,
                58,
                64,
                &icmp6(129, 0, &[0x0b, 0xad, 0, 1, 1, 2, 3, 4], &IP6_B, &IP6_A),
            ),
        ),
    );
    let sn = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0x12, 0x34];
    let mut ns = vec![0, 0, 0, 0];
    ns.extend_from_slice(&IP6_B);
    ns.extend_from_slice(&[1, 1]);
    ns.extend_from_slice(&MAC_A);
    b.add(
        "icmp6 neighbor solicitation",
        true,
        eth(
            [0x33, 0x33, 0xff, 0, 0x12, 0x34],
            MAC_A,
            0x86dd,
            &ipv6(IP6_A, sn, 58, 255, &icmp6(135, 0, &ns, &IP6_A, &sn)),
        ),
    );
    let mut na = vec![0x60, 0, 0, 0];
    na.extend_from_slice(&IP6_B);
    na.extend_from_slice(&[2, 1]);
    na.extend_from_slice(&MAC_B);
    b.add(
        "icmp6 neighbor advertisement",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 255, &icmp6(136, 0, &na, &IP6_B, &IP6_A)),
        ),
    );
    b.add(
        "icmp6 router solicitation",
        true,
        eth(
            [0x33, 0x33, 0, 0, 0, 2],
            MAC_A,
            0x86dd,
            &ipv6(
                LL_A,
                ALL_ROUTERS,
                58,
                255,
                &icmp6(
                    133,
                    0,
                    &[0, 0, 0, 0, 1, 1, 2, 0, 0, 0, 0, 0x0a],
                    &LL_A,
                    &ALL_ROUTERS,
                ),
            ),
        ),
    );
    let mut ra = vec![64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0];
    ra.extend_from_slice(&[
        3, 4, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
    ]);
    ra.extend_from_slice(&[0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    b.add(
        "icmp6 router advertisement",
        true,
        eth(
            [0x33, 0x33, 0, 0, 0, 1],
            MAC_B,
            0x86dd,
            &ipv6(
                LL_A,
                ALL_NODES,
                58,
                255,
                &icmp6(134, 0, &ra, &LL_A, &ALL_NODES),
            ),
        ),
    );
    let mut ptb = vec![0, 0, 0x05, 0x00];
    ptb.extend_from_slice(&v6udp(IP6_A, IP6_B, 1, 2, &[0; 8])[..48]);
    b.add(
        "icmp6 packet too big",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 64, &icmp6(2, 0, &ptb, &IP6_B, &IP6_A)),
        ),
    );
    let mut unr = vec![0, 0, 0, 0];
    unr.extend_from_slice(&v6udp(IP6_A, IP6_B, 1111, 2222, &[0; 8])[..48]);
    b.add(
        "icmp6 port unreachable",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 64, &icmp6(1, 4, &unr, &IP6_B, &IP6_A)),
        ),
    );
    b.add(
        "icmp6 time exceeded",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 64, &icmp6(3, 0, &unr, &IP6_B, &IP6_A)),
        ),
    );

    // VLAN
    b.add(
        "vlan tcp",
        false,
        eth_tagged(
            MAC_B,
            MAC_A,
            &[(0x8100, 0x2064)],
            0x0800,
            &v4tcp(c, s, &Tcp::new(40000, 5201, 1, 0, SYN), &[]),
        ),
    );
    b.add(
        "qinq icmp",
        false,
        eth_tagged(
            MAC_B,
            MAC_A,
            &[(0x88a8, 0x0bb8), (0x8100, 0x1005)],
            0x0800,
            &ipv4(IP_A, IP_C, 1, &echo(8)),
        ),
    );
    b.add(
        "vlan arp",
        false,
        eth_tagged(
            BCAST,
            MAC_A,
            &[(0x8100, 0x00c8)],
            0x0806,
            &arp(1, MAC_A, IP_A, [0; 6], IP_B),
        ),
    );
    b.add(
        "vlan ipv6 udp",
        false,
        eth_tagged(
            MAC_B,
            MAC_A,
            &[(0x8100, 0x0002)],
            0x86dd,
            &v6udp(c6, s6, 9, 10, b"v6"),
        ),
    );

    // Odd EtherTypes and 802.3
    b.add(
        "ethertype local experimental",
        false,
        e(
            0x88b5,
            &[
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            ],
        ),
    );
    b.add(
        "ethertype lldp",
        false,
        eth(
            [1, 0x80, 0xc2, 0, 0, 0x0e],
            MAC_A,
            0x88cc,
            &[2, 7, 4, 2, 0, 0, 0, 0, 10, 4, 3, 5, 0x65, 0x74, 0x68, 0, 0],
        ),
    );
    b.add("802.3 llc unnumbered", false, {
        let mut v = eth(MAC_B, MAC_A, 0, &[]);
        v.truncate(14);
        v[12..14].copy_from_slice(&6u16.to_be_bytes());
        v.extend_from_slice(&[0x04, 0x04, 0x03, 1, 2, 3]);
        while v.len() < 60 {
            v.push(0);
        }
        v
    });
    b.add("802.3 llc xid", false, {
        let mut v = eth(BCAST, MAC_A, 0, &[]);
        v.truncate(14);
        v[12..14].copy_from_slice(&6u16.to_be_bytes());
        v.extend_from_slice(&[0x00, 0x01, 0xaf, 0x81, 0x01, 0x00]);
        while v.len() < 60 {
            v.push(0);
        }
        v
    });

    // Runts and truncation
    let syn = e(
        0x0800,
        &v4tcp(c, s, &Tcp::new(40000, 443, 1, 0, SYN).opts(SYN_OPTS), &[]),
    );
    b.add_len("runt 10 bytes", false, syn[..10].to_vec(), 10);
    b.add_len(
        "ether header only",
        false,
        syn[..14].to_vec(),
        syn.len() as u32,
    );
    b.add_len(
        "ipv4 header cut",
        false,
        syn[..30].to_vec(),
        syn.len() as u32,
    );
    b.add_len("tcp ports only", true, syn[..38].to_vec(), syn.len() as u32);
    b.add_len("tcp header cut", true, syn[..44].to_vec(), syn.len() as u32);
    b.add_len(
        "tcp options cut",
        true,
        syn[..60].to_vec(),
        syn.len() as u32,
    );
    b.add_len(
        "tcp addresses only",
        true,
        syn[..35].to_vec(),
        syn.len() as u32,
    );
    let u = e(0x0800, &v4udp(c, IP_B, 40000, 9999, &[0; 100]));
    b.add_len("udp snap 96", true, u[..96].to_vec(), u.len() as u32);
    b.add_len("udp ports cut", true, u[..37].to_vec(), u.len() as u32);
    let i6 = eth(
        MAC_B,
        MAC_A,
        0x86dd,
        &v6tcp(c6, s6, &Tcp::new(1, 2, 3, 4, ACK), &[]),
    );
    b.add_len("ipv6 header cut", false, i6[..40].to_vec(), i6.len() as u32);
    b.add_len("ipv6 tcp cut", true, i6[..60].to_vec(), i6.len() as u32);
    let ic = e(0x0800, &ipv4(IP_A, IP_C, 1, &echo(8)));
    b.add_len("icmp cut", true, ic[..36].to_vec(), ic.len() as u32);
    let ar = eth(BCAST, MAC_A, 0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B));
    b.add_len("arp cut", true, ar[..30].to_vec(), ar.len() as u32);
    let mut shortip = ipv4(IP_A, IP_C, 1, &echo(8));
    shortip[2..4].copy_from_slice(&200u16.to_be_bytes());
    b.add("ipv4 length beyond frame", false, e(0x0800, &shortip));
    let mut badhl = ipv4(IP_A, IP_C, 1, &echo(8));
    badhl[0] = 0x44;
    b.add("ipv4 bad hlen", false, e(0x0800, &badhl));
    let mut v5 = ipv4(IP_A, IP_C, 1, &echo(8));
    v5[0] = 0x55;
    b.add("ip version 5", false, e(0x0800, &v5));
    let mut badtcp = Tcp::new(1, 2, 3, 4, SYN).build(&c, &s, &[]);
    badtcp[12] = 0x30;
    b.add(
        "tcp bad header length",
        true,
        e(0x0800, &ipv4(c, s, 6, &badtcp)),
    );

    // Tunnels and application banners
    b.add(
        "6in4",
        false,
        e(0x0800, &ipv4(IP_A, IP_C, 41, &v6udp(c6, s6, 7, 8, b"in4"))),
    );
    b.add(
        "ssh banner",
        false,
        e(
            0x0800,
            &v4tcp(
                IP_B,
                c,
                &Tcp::new(22, 40020, 100, 200, PSH | ACK),
                b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
            ),
        ),
    );
    b.add(
        "ip-proto unknown",
        false,
        e(0x0800, &ipv4(IP_A, IP_C, 253, &[0; 12])),
    );
    b.add(
        "igmp",
        false,
        eth(
            [1, 0, 0x5e, 0, 0, 0x16],
            MAC_A,
            0x0800,
            &ipv4(
                IP_A,
                [224, 0, 0, 22],
                2,
                &[0x22, 0, 0xf9, 0x02, 0, 0, 0, 1, 4, 0, 0, 0, 239, 1, 1, 1],
            ),
        ),
    );
}
