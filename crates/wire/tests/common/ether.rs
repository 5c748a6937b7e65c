//! The Ethernet fixture: ARP, ICMP, TCP and UDP over IPv4 and IPv6, and DNS here; the IP
//! options and extension headers, VLANs, odd EtherTypes, runts and tunnels in [`super::ether_ip`];
//! then the application printers' packets and the rest.

use super::*;

/// The Ethernet fixture: every kind the brief lists.
pub fn ether_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_000_000_000_001_000,
    };
    let e = |et: u16, p: &[u8]| eth(MAC_B, MAC_A, et, p);
    let er = |et: u16, p: &[u8]| eth(MAC_A, MAC_B, et, p);

    // ARP
    b.add(
        "arp request",
        true,
        eth(BCAST, MAC_A, 0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B)),
    );
    b.add(
        "arp reply",
        true,
        eth(MAC_A, MAC_B, 0x0806, &arp(2, MAC_B, IP_B, MAC_A, IP_A)),
    );
    b.add(
        "arp request tha set",
        true,
        eth(MAC_B, MAC_A, 0x0806, &arp(1, MAC_A, IP_A, MAC_B, IP_B)),
    );
    b.add(
        "arp probe",
        true,
        eth(BCAST, MAC_A, 0x0806, &arp(1, MAC_A, [0; 4], [0; 6], IP_A)),
    );
    b.add(
        "rarp request",
        false,
        eth(BCAST, MAC_A, 0x8035, &{
            let mut a = arp(3, MAC_A, [0; 4], MAC_A, [0; 4]);
            a[0..2].copy_from_slice(&[0, 1]);
            a
        }),
    );
    b.add(
        "arp unknown op",
        false,
        eth(BCAST, MAC_A, 0x0806, &arp(5, MAC_A, IP_A, [0; 6], IP_B)),
    );
    b.add(
        "arp ipv6 proto",
        false,
        eth(BCAST, MAC_A, 0x0806, &{
            let mut v = vec![0, 1, 0x86, 0xdd, 6, 16, 0, 1];
            v.extend_from_slice(&MAC_A);
            v.extend_from_slice(&IP6_A);
            v.extend_from_slice(&[0; 6]);
            v.extend_from_slice(&IP6_B);
            v
        }),
    );

    // ICMP
    b.add(
        "icmp echo request",
        true,
        e(0x0800, &ipv4(IP_A, IP_C, 1, &echo(8))),
    );
    b.add(
        "icmp echo reply",
        true,
        er(0x0800, &ipv4(IP_C, IP_A, 1, &echo(0))),
    );
    let inner_udp = v4udp(IP_A, IP_C, 33434, 33435, &[0; 4]);
    let mut err_body = vec![0, 0, 0, 0];
    err_body.extend_from_slice(&inner_udp[..28]);
    b.add(
        "icmp port unreachable",
        true,
        er(0x0800, &ipv4(IP_C, IP_A, 1, &icmp(3, 3, &err_body))),
    );
    b.add(
        "icmp host unreachable",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(3, 1, &err_body))),
    );
    let mut frag_body = vec![0, 0, 0x05, 0xdc];
    frag_body.extend_from_slice(&inner_udp[..28]);
    b.add(
        "icmp need frag",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(3, 4, &frag_body))),
    );
    b.add(
        "icmp admin prohibited",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(3, 13, &err_body))),
    );
    b.add(
        "icmp time exceeded",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(11, 0, &err_body))),
    );
    let mut redir = IP_B.to_vec();
    redir.extend_from_slice(&inner_udp[..28]);
    b.add(
        "icmp redirect",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(5, 1, &redir))),
    );
    b.add(
        "icmp timestamp request",
        true,
        e(
            0x0800,
            &ipv4(
                IP_A,
                IP_C,
                1,
                &icmp(13, 0, &[0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            ),
        ),
    );
    b.add(
        "icmp timestamp reply",
        true,
        er(
            0x0800,
            &ipv4(
                IP_C,
                IP_A,
                1,
                &icmp(
                    14,
                    0,
                    &[
                        0, 1, 0, 2, 0x02, 0x93, 0x2e, 0x01, 0x02, 0x93, 0x2e, 0x05, 0x02, 0x93,
                        0x2e, 0x06,
                    ],
                ),
            ),
        ),
    );
    b.add(
        "icmp unknown type",
        true,
        e(0x0800, &ipv4(IP_A, IP_C, 1, &icmp(42, 1, &[0; 4]))),
    );
    b.add(
        "icmp param problem",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(12, 0, &[20, 0, 0, 0]))),
    );

    // TCP over IPv4: a conversation (relative sequence numbers), then every flag combination.
    let (c, s) = (IP_A, IP_C);
    b.add(
        "tcp syn",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_000, 0, SYN).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp syn-ack",
        true,
        er(
            0x0800,
            &v4tcp(
                s,
                c,
                &Tcp::new(443, 40000, 3_000_000_000, 1_000_001, SYN | ACK).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp ack",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_001, 3_000_000_001, ACK).opts(TS_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp psh data",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_001, 3_000_000_001, PSH | ACK).opts(TS_OPTS),
                &[0x16; 100],
            ),
        ),
    );
    b.add(
        "tcp ack data back",
        true,
        er(
            0x0800,
            &v4tcp(
                s,
                c,
                &Tcp::new(443, 40000, 3_000_000_001, 1_000_101, PSH | ACK),
                &[0x17; 300],
            ),
        ),
    );
    let mut sack = vec![1, 1, 5, 10];
    sack.extend_from_slice(&3_000_000_101u32.to_be_bytes());
    sack.extend_from_slice(&3_000_000_201u32.to_be_bytes());
    b.add(
        "tcp sack",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_101, 3_000_000_001, ACK).opts(&sack),
                &[],
            ),
        ),
    );
    b.add(
        "tcp fin-ack",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_101, 3_000_000_301, FIN | ACK),
                &[],
            ),
        ),
    );
    b.add(
        "tcp rst",
        true,
        er(
            0x0800,
            &v4tcp(s, c, &Tcp::new(443, 40000, 3_000_000_301, 0, RST), &[]),
        ),
    );
    b.add(
        "tcp rst-ack",
        true,
        er(
            0x0800,
            &v4tcp(IP_B, c, &Tcp::new(22222, 40001, 0, 77, RST | ACK), &[]),
        ),
    );
    for (name, flags) in [
        ("tcp flags none", 0u8),
        ("tcp flags urg", URG | ACK | PSH),
        ("tcp flags ece cwr syn", SYN | ECE | CWR),
        ("tcp flags all", 0xff),
        ("tcp flags fin only", FIN),
        ("tcp flags syn fin", SYN | FIN),
        ("tcp flags push only", PSH),
    ] {
        let mut t = Tcp::new(5555, 6666, 12345, 67890, flags);
        t.urp = 3;
        b.add(name, true, e(0x0800, &v4tcp(c, IP_B, &t, &[1, 2, 3])));
    }
    b.add(
        "tcp window scale + unknown option",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40002, 8443, 5, 0, SYN)
                    .opts(&[3, 3, 14, 1, 0x4c, 4, 0xde, 0xad, 1, 1, 4, 2, 0]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp bad option length",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40003, 8443, 5, 0, SYN).opts(&[2, 9, 1, 1]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp eol in middle",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40004, 8443, 5, 0, SYN).opts(&[2, 4, 5, 0xb4, 0, 0, 0, 0]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp mss only",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40005, 8443, 5, 0, SYN).opts(&[2, 4, 0x23, 0x28]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp tfo cookie",
        false,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40006, 8443, 5, 0, SYN).opts(&[34, 10, 1, 2, 3, 4, 5, 6, 7, 8]),
                &[],
            ),
        ),
    );

    // TCP over IPv6
    let (c6, s6) = (IP6_A, IP6_B);
    b.add(
        "tcp6 syn",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6tcp(
                c6,
                s6,
                &Tcp::new(50000, 443, 42, 0, SYN).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp6 syn-ack",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &v6tcp(
                s6,
                c6,
                &Tcp::new(443, 50000, 4_000_000_000, 43, SYN | ACK).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp6 data",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6tcp(
                c6,
                s6,
                &Tcp::new(50000, 443, 43, 4_000_000_001, PSH | ACK),
                &[0x41; 517],
            ),
        ),
    );
    b.add(
        "tcp6 ack",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &v6tcp(s6, c6, &Tcp::new(443, 50000, 4_000_000_001, 560, ACK), &[]),
        ),
    );

    // UDP
    b.add(
        "udp v4",
        true,
        e(0x0800, &v4udp(c, IP_B, 40000, 9999, b"hello world")),
    );
    b.add(
        "udp v4 empty",
        true,
        e(0x0800, &v4udp(c, IP_B, 40000, 9999, b"")),
    );
    b.add(
        "udp v6",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6udp(c6, s6, 40000, 4433, &[7; 1200]),
        ),
    );
    let mut bad = v4udp(c, IP_B, 1234, 4321, b"abcd");
    bad[24..26].copy_from_slice(&100u16.to_be_bytes());
    b.add("udp bad length", true, e(0x0800, &bad));
    let mut short = v4udp(c, IP_B, 1234, 4321, b"abcd");
    short[24..26].copy_from_slice(&4u16.to_be_bytes());
    b.add("udp length below header", true, e(0x0800, &short));

    // DNS
    let q = |id: u16, name: &str, t: u16| {
        let mut m = dns_header(id, 0x0100, 1, 0, 0, 0);
        m.extend_from_slice(&qname(name));
        m.extend_from_slice(&t.to_be_bytes());
        m.extend_from_slice(&1u16.to_be_bytes());
        m
    };
    b.add(
        "dns query a",
        false,
        e(
            0x0800,
            &v4udp(c, IP_B, 53000, 53, &q(0x1a2b, "www.example.com", 1)),
        ),
    );
    let mut resp = dns_header(0x1a2b, 0x8180, 1, 2, 0, 0);
    resp.extend_from_slice(&qname("www.example.com"));
    resp.extend_from_slice(&[0, 1, 0, 1]);
    resp.extend_from_slice(&rr(&[0xc0, 12], 1, 1, 300, &[93, 184, 216, 34]));
    resp.extend_from_slice(&rr(&[0xc0, 12], 1, 1, 300, &[93, 184, 216, 35]));
    b.add(
        "dns response a",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53000, &resp)),
    );
    b.add(
        "dns query aaaa v6",
        false,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6udp(c6, s6, 53001, 53, &q(7, "ipv6.example.org", 28)),
        ),
    );
    let mut r6 = dns_header(7, 0x8180, 1, 1, 0, 0);
    r6.extend_from_slice(&qname("ipv6.example.org"));
    r6.extend_from_slice(&[0, 28, 0, 1]);
    r6.extend_from_slice(&rr(&[0xc0, 12], 28, 1, 60, &IP6_B));
    b.add(
        "dns response aaaa v6",
        false,
        eth(MAC_A, MAC_B, 0x86dd, &v6udp(s6, c6, 53, 53001, &r6)),
    );
    let mut cn = dns_header(99, 0x8180, 1, 2, 0, 0);
    cn.extend_from_slice(&qname("alias.example.net"));
    cn.extend_from_slice(&[0, 1, 0, 1]);
    let mut target = qname("real");
    target.pop();
    target.extend_from_slice(&[0xc0, 18]); // "real" + pointer to "example.net"
    cn.extend_from_slice(&rr(&[0xc0, 12], 5, 1, 60, &target));
    cn.extend_from_slice(&rr(&[0xc0, 47], 1, 1, 60, &[10, 0, 0, 1]));
    b.add(
        "dns response cname",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53002, &cn)),
    );
    let mut nx = dns_header(4242, 0x8183, 1, 0, 1, 0);
    nx.extend_from_slice(&qname("nope.example.com"));
    nx.extend_from_slice(&[0, 1, 0, 1]);
    nx.extend_from_slice(&rr(&[0xc0, 17], 6, 1, 900, &[0; 22]));
    b.add(
        "dns nxdomain",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53003, &nx)),
    );
    let mut mx = dns_header(5, 0x8580, 1, 2, 0, 0);
    mx.extend_from_slice(&qname("example.com"));
    mx.extend_from_slice(&[0, 15, 0, 1]);
    let mut mxd = vec![0, 10];
    mxd.extend_from_slice(&qname("mail.example.com"));
    mx.extend_from_slice(&rr(&[0xc0, 12], 15, 1, 60, &mxd));
    mx.extend_from_slice(&rr(&[0xc0, 12], 16, 1, 60, b"\x05hello\x03a\"b"));
    b.add(
        "dns mx txt aa",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53004, &mx)),
    );
    let mut edns = q(0x77, "example.com", 1);
    edns[11] = 1; // arcount
    edns.extend_from_slice(&[0, 0, 41, 0x10, 0, 0, 0, 0x80, 0, 0, 0]);
    b.add(
        "dns query edns",
        false,
        e(0x0800, &v4udp(c, IP_B, 53005, 53, &edns)),
    );
    let qt = q(0x3344, "tcp.example.com", 255);
    let mut tcp_dns = (qt.len() as u16).to_be_bytes().to_vec();
    tcp_dns.extend_from_slice(&qt);
    b.add(
        "dns over tcp",
        false,
        e(
            0x0800,
            &v4tcp(c, IP_B, &Tcp::new(40010, 53, 10, 20, PSH | ACK), &tcp_dns),
        ),
    );
    let mut mdns = dns_header(0, 0, 1, 0, 0, 0);
    mdns.extend_from_slice(&qname("_ipp._tcp.local"));
    mdns.extend_from_slice(&[0, 12, 0x80, 1]);
    b.add(
        "mdns query",
        false,
        eth(
            [1, 0, 0x5e, 0, 0, 0xfb],
            MAC_A,
            0x0800,
            &v4udp(c, [224, 0, 0, 251], 5353, 5353, &mdns),
        ),
    );
    let mut trunc_dns = e(0x0800, &v4udp(IP_B, c, 53, 53006, &resp));
    trunc_dns.truncate(14 + 20 + 8 + 12 + 17 + 4 + 8);
    let full = 14 + 20 + 8 + resp.len() as u32;
    b.add_len("dns response truncated", false, trunc_dns, full);

    ether_ip::ether_ip_packets(&mut b);
    apps::app_packets(&mut b);
    more::more_packets(&mut b);
    b.pkts
}
