//! The `-v` fixture.

use super::*;

/// An Ethernet frame carrying IPv4 from `src` to `dst` (ECN/TOS `tos`, options `opts`,
/// fragment field `flags_off`) with `payload`.
fn v4eth_with(v4: V4, payload: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x0800, &v4.build(payload))
}

/// A TCP segment whose checksum covers the pseudo-header with `dst` (a source route's final
/// address, say).
fn tcp_to(t: &Tcp, src: &[u8], dst: &[u8], payload: &[u8]) -> Vec<u8> {
    t.build(src, dst, payload)
}

/// An IPv6 header with traffic class `class` and flow label `flow`.
fn ipv6_flow(class: u8, flow: u32, nh: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = ipv6(IP6_A, IP6_B, nh, 64, payload);
    let w = 0x6000_0000 | (class as u32) << 20 | (flow & 0x000f_ffff);
    v[..4].copy_from_slice(&w.to_be_bytes());
    v
}

/// The `-v` fixture: what `-v`, `-vv` and `-vvv` add to IPv4, IPv6, TCP, UDP, ICMP, ICMPv6 and
/// DNS (options, checksums right and wrong, quoted datagrams, discovery options, sections and
/// TTLs), with truncated variants. A fixture of its own so that the packets of the others keep
/// their timestamps.
pub fn verbose_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_090_000_000_000_000,
    };
    verbose_ip4(&mut b);
    verbose_transport(&mut b);
    verbose_icmp(&mut b);
    verbose_icmp6(&mut b);
    verbose_ip6(&mut b);
    verbose_dns(&mut b);
    b.pkts
}

fn verbose_ip4(b: &mut B) {
    let syn = Tcp::new(40000, 80, 1, 0, SYN);
    for (name, tos) in [("v ecn ce", 0x03u8), ("v tos ect1", 0xb9), ("v ect0", 0x02)] {
        let mut v4 = V4::new(IP_A, IP_C, 6);
        v4.tos = tos;
        b.add(name, true, v4eth_with(v4, &syn.build(&IP_A, &IP_C, &[])));
    }
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.ttl = 0;
    v4.flags_off = 0x8000;
    b.add(
        "v ttl 0 rsvd",
        true,
        v4eth_with(v4, &syn.build(&IP_A, &IP_C, &[])),
    );
    // Record route: two slots, the first filled.
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![7, 11, 8, 10, 0, 0, 1, 0, 0, 0, 0, 0];
    b.add(
        "v opt rr",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    // Loose source route: the TCP checksum is over the final destination.
    let last = [10, 9, 9, 9];
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.options = vec![1, 131, 11, 4, 10, 1, 1, 1, 10, 9, 9, 9];
    let seg = tcp_to(&syn, &IP_A, &last, &[]);
    b.add("v opt nop lsrr", true, v4eth_with(v4, &seg));
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![68, 12, 9, 0, 0, 0, 0, 100, 0, 0, 0, 200];
    b.add(
        "v opt ts only",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![68, 12, 5, 0x21, 10, 0, 0, 1, 0, 0, 1, 0];
    b.add(
        "v opt ts addr",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![148, 4, 0, 1, 130, 4, 0, 0, 0, 0, 0, 0];
    b.add(
        "v opt ra security eol",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![99, 1, 0, 0];
    b.add(
        "v opt bad length",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let mut f = v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x"));
    let wire = f.len() as u32;
    f.truncate(14 + 20 + 6);
    b.add_len("v opt rr cut", true, f, wire);
    // A wrong header checksum.
    let mut f = eth(MAC_B, MAC_A, 0x0800, &v4udp(IP_A, IP_C, 1, 2, b"x")[..]);
    f[14 + 10] ^= 0x55;
    b.add("v bad ip cksum", true, f);
    // A first fragment (no transport checksum checked) and a later one.
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.flags_off = 0x6000;
    b.add(
        "v first fragment",
        true,
        v4eth_with(v4, &syn.build(&IP_A, &IP_C, &[])),
    );
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.flags_off = 0x2000 | 100;
    b.add("v later fragment", true, v4eth_with(v4, &[0; 16]));
}

fn verbose_transport(b: &mut B) {
    let e = |p: &[u8]| eth(MAC_B, MAC_A, 0x0800, p);
    let e6 = |p: &[u8]| eth(MAC_B, MAC_A, 0x86dd, p);
    let mut seg = Tcp::new(40000, 5000, 100, 200, PSH | ACK).build(&IP_A, &IP_C, b"hello");
    seg[16] ^= 0xff;
    b.add("v tcp bad cksum", true, e(&ipv4(IP_A, IP_C, 6, &seg)));
    let rst = Tcp::new(40000, 5000, 100, 0, RST);
    b.add(
        "v tcp rst data",
        true,
        e(&v4tcp(
            IP_A,
            IP_C,
            &rst,
            b"connection reset\x01 by peer, sorry \xff",
        )),
    );
    b.add("v tcp rst short", true, e(&v4tcp(IP_A, IP_C, &rst, b"no")));
    let ack = Tcp::new(40000, 5000, 100, 200, ACK).opts(TS_OPTS);
    b.add("v tcp bare ack", true, e(&v4tcp(IP_A, IP_C, &ack, &[])));
    let mut f = e(&v4tcp(
        IP_A,
        IP_C,
        &Tcp::new(40000, 5000, 1, 2, PSH | ACK),
        &[7; 40],
    ));
    let wire = f.len() as u32;
    f.truncate(f.len() - 10);
    b.add_len("v tcp cut payload", true, f, wire);
    let mut f = e(&v4tcp(IP_A, IP_C, &rst, b"reset text"));
    let wire = f.len() as u32;
    f.truncate(f.len() - 4);
    b.add_len("v tcp rst cut", true, f, wire);
    let mut d = udp(4000, 4001, &IP_A, &IP_C, b"abc");
    d[7] ^= 0x0f;
    b.add("v udp bad cksum", true, e(&ipv4(IP_A, IP_C, 17, &d)));
    let mut d = udp(4000, 4001, &IP_A, &IP_C, b"abc");
    d[6] = 0;
    d[7] = 0;
    b.add("v udp no cksum", true, e(&ipv4(IP_A, IP_C, 17, &d)));
    let mut d = udp(4000, 4001, &IP6_A, &IP6_B, b"abc");
    d[7] ^= 0x0f;
    b.add(
        "v udp6 bad cksum",
        true,
        e6(&ipv6(IP6_A, IP6_B, 17, 64, &d)),
    );
    let mut f = e(&v4udp(IP_A, IP_C, 4000, 4001, &[1; 30]));
    let wire = f.len() as u32;
    f.truncate(f.len() - 5);
    b.add_len("v udp cut", true, f, wire);
    let t6 = Tcp::new(40000, 5000, 100, 200, PSH | ACK);
    let mut seg = t6.build(&IP6_A, &IP6_B, b"hi");
    seg[17] ^= 1;
    b.add(
        "v tcp6 bad cksum",
        true,
        e6(&ipv6(IP6_A, IP6_B, 6, 64, &seg)),
    );
}

fn verbose_icmp(b: &mut B) {
    let e = |p: &[u8]| eth(MAC_B, MAC_A, 0x0800, p);
    let mut m = icmp(8, 0, &[0, 5, 0, 6, 1, 2, 3, 4]);
    m[2] ^= 0x10;
    b.add("v icmp bad cksum", true, e(&ipv4(IP_A, IP_C, 1, &m)));
    let inner = v4tcp(IP_C, IP_A, &Tcp::new(443, 40000, 1, 2, ACK), b"data");
    let m = icmp(3, 3, &[&[0u8; 4][..], &inner].concat());
    b.add("v icmp unreach tcp", true, e(&ipv4(IP_B, IP_C, 1, &m)));
    let inner = ipv4(IP_C, IP_A, 1, &icmp(8, 0, &[0, 1, 0, 2]));
    let m = icmp(11, 0, &[&[0u8; 4][..], &inner].concat());
    b.add(
        "v icmp time exceeded echo",
        true,
        e(&ipv4(IP_B, IP_A, 1, &m)),
    );
    let inner = v4udp(IP_A, IP_C, 33000, 33435, &[0; 12]);
    let m = icmp(3, 3, &[&[0u8; 4][..], &inner[..28]].concat());
    b.add(
        "v icmp unreach quoted short",
        true,
        e(&ipv4(IP_C, IP_A, 1, &m)),
    );
    let inner = v4udp(IP_A, IP_C, 33000, 33435, &[0; 12]);
    let m = icmp(3, 1, &[&[0u8; 4][..], &inner].concat());
    let mut f = e(&ipv4(IP_C, IP_A, 1, &m));
    let wire = f.len() as u32;
    f.truncate(14 + 20 + 8 + 10);
    b.add_len("v icmp unreach cut", true, f, wire);
    let mut v4 = V4::new(IP_B, IP_A, 1);
    v4.flags_off = 0x2000;
    let mut m = icmp(0, 0, &[0, 1, 0, 1, 9, 9]);
    m[3] ^= 1;
    b.add("v icmp fragment", true, v4eth_with(v4, &m));
    // RFC 4884 extensions: MPLS and interface objects; a zero length field with a good
    // checksum; a bad checksum with no length (not an extension); version 1.
    let inner = v4udp(IP_A, IP_C, 33000, 33435, &[0; 12]);
    let mut orig = inner.clone();
    orig.resize(128, 0);
    let ext = |ver: u8, bad: bool| {
        let mut x = vec![ver << 4, 0, 0, 0];
        x.extend_from_slice(&[0, 8, 1, 1]);
        x.extend_from_slice(&((16u32 << 12) | (1 << 8) | 1).to_be_bytes());
        x.extend_from_slice(&[0, 12, 2, 14, 0, 0, 0, 0x0f, 10, 10, 10, 10]);
        let c = fold(sum16(&x, 0)) ^ if bad { 1 } else { 0 };
        x[2..4].copy_from_slice(&c.to_be_bytes());
        x
    };
    for (name, lenf, ver, bad) in [
        ("v icmp ext mpls", 32u8, 2u8, false),
        ("v icmp ext no length", 0, 2, false),
        ("v icmp ext bad no length", 0, 2, true),
        ("v icmp ext bad cksum", 32, 2, true),
        ("v icmp ext v1", 32, 1, false),
    ] {
        let mut rest = vec![0, lenf, 0, 0];
        rest.extend_from_slice(&orig);
        rest.extend_from_slice(&ext(ver, bad));
        let m = icmp(11, 0, &rest);
        b.add(name, true, e(&ipv4(IP_B, IP_A, 1, &m)));
    }
}

fn verbose_icmp6(b: &mut B) {
    let e6 = |p: &[u8]| eth(MAC_B, MAC_A, 0x86dd, p);
    let nd = |t: u8, rest: &[u8]| {
        e6(&ipv6(
            LL_A,
            ALL_NODES,
            58,
            255,
            &icmp6(t, 0, rest, &LL_A, &ALL_NODES),
        ))
    };
    let mut na = vec![0x80, 0, 0, 0];
    na.extend_from_slice(&IP6_B);
    b.add("v na router", true, nd(136, &na));
    let mut ns = vec![0; 4];
    ns.extend_from_slice(&IP6_B);
    ns.extend_from_slice(&[14, 1, 1, 2, 3, 4, 5, 6]);
    b.add("v ns nonce", true, nd(135, &ns));
    let mut ra = vec![64, 0xc8, 0x07, 0x08, 0, 0, 0x75, 0x30, 0, 0, 0x03, 0xe8];
    let mut pi = vec![
        3, 4, 64, 0xc0, 0, 0x27, 0x8d, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
    ];
    pi.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    ra.extend_from_slice(&pi);
    ra.extend_from_slice(&[5, 1, 0, 0, 0, 0, 0x05, 0xdc]);
    let mut rdnss = vec![25, 3, 0, 0, 0, 0, 0x0e, 0x10];
    rdnss.extend_from_slice(&IP6_A);
    ra.extend_from_slice(&rdnss);
    ra.extend_from_slice(&[
        24, 2, 48, 0x08, 0, 0, 0x0e, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0,
    ]);
    ra.extend_from_slice(&[7, 1, 0, 0, 0, 0, 0x27, 0x10]);
    ra.extend_from_slice(&[8, 1, 0, 5, 0, 10, 0, 0]);
    ra.extend_from_slice(&[1, 1, 2, 0, 0, 0, 0, 10]);
    let mut dnssl = vec![31, 4, 0, 0, 0, 0, 0x0e, 0x10];
    dnssl.extend_from_slice(&qname("lan"));
    dnssl.extend_from_slice(&qname("example.org"));
    dnssl.resize(32, 0);
    ra.extend_from_slice(&dnssl);
    b.add("v ra options", true, nd(134, &ra));
    let mut f = nd(134, &ra);
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 16 + 20);
    b.add_len("v ra options cut", true, f, wire);
    let mut rd = vec![0; 4];
    rd.extend_from_slice(&IP6_B);
    rd.extend_from_slice(&IP6_A);
    rd.extend_from_slice(&[2, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x56]);
    b.add("v redirect tlla", true, nd(137, &rd));
    let mut bad = icmp6(128, 0, &[0, 1, 0, 2], &IP6_A, &IP6_B);
    bad[2] ^= 0x40;
    b.add(
        "v icmp6 bad cksum",
        true,
        e6(&ipv6(IP6_A, IP6_B, 58, 64, &bad)),
    );
    // MLDv2 report with sources, MLDv2 query with flags and sources.
    let mut rep = vec![0, 0, 0, 1, 1, 0, 0, 2];
    rep.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    rep.extend_from_slice(&IP6_A);
    rep.extend_from_slice(&IP6_B);
    let mld = |t: u8, r: &[u8]| {
        e6(&ipv6(
            LL_A,
            ALL_NODES,
            58,
            1,
            &icmp6(t, 0, r, &LL_A, &ALL_NODES),
        ))
    };
    b.add("v mldv2 report sources", true, mld(143, &rep));
    let mut q = vec![0x27, 0x10, 0, 0];
    q.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    q.extend_from_slice(&[0x0a, 125, 0, 1]);
    q.extend_from_slice(&IP6_A);
    b.add("v mldv2 query", true, mld(130, &q));
}

fn verbose_ip6(b: &mut B) {
    let e6 = |p: &[u8]| eth(MAC_B, MAC_A, 0x86dd, p);
    let t = Tcp::new(40000, 80, 1, 0, SYN);
    let seg = t.build(&IP6_A, &IP6_B, &[]);
    b.add(
        "v6 class flow",
        true,
        e6(&ipv6_flow(0xb8, 0x12345, 6, &seg)),
    );
    b.add("v6 flow only", true, e6(&ipv6_flow(0, 0xabcde, 6, &seg)));
    b.add("v6 class only", true, e6(&ipv6_flow(0x01, 0, 6, &seg)));
    // Destination options: pad1, an unknown option, padn; then UDP.
    let d = udp(1000, 2000, &IP6_A, &IP6_B, b"abc");
    let mut dst = vec![17, 0, 0, 0x1e, 1, 0xaa, 1, 0];
    dst.extend_from_slice(&d);
    b.add(
        "v6 dstopts unknown",
        true,
        e6(&ipv6(IP6_A, IP6_B, 60, 64, &dst)),
    );
    // Destination options with a home address.
    let mut dst = vec![17, 2, 0xc9, 16];
    dst.extend_from_slice(&IP6_B);
    dst.extend_from_slice(&[1, 2, 0, 0]);
    dst.extend_from_slice(&d);
    b.add(
        "v6 dstopts homeaddr",
        true,
        e6(&ipv6(IP6_A, IP6_B, 60, 64, &dst)),
    );
    // Hop-by-hop: a jumbo option while the payload length is set.
    let mut hbh = vec![17, 0, 0xc2, 4, 0, 1, 0, 0];
    hbh.extend_from_slice(&d);
    b.add(
        "v6 hbh jumbo ignored",
        true,
        e6(&ipv6(IP6_A, IP6_B, 0, 64, &hbh)),
    );
    // TCP after a routing header: the checksum uses the final destination.
    let fin = IP6_A;
    let seg = t.build(&IP6_A, &fin, &[]);
    let mut rt = vec![6, 2, 0, 1, 0, 0, 0, 0];
    rt.extend_from_slice(&fin);
    rt.extend_from_slice(&seg);
    b.add("v6 routing tcp", true, e6(&ipv6(IP6_A, IP6_B, 43, 64, &rt)));
    let mut f = e6(&ipv6(
        IP6_A,
        IP6_B,
        60,
        64,
        &[17, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ));
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 10);
    b.add_len("v6 dstopts cut", true, f, wire);
    let mut f = e6(&ipv6(
        IP6_A,
        IP6_B,
        44,
        64,
        &[17, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0, 0],
    ));
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 6);
    b.add_len("v6 frag id cut", true, f, wire);
    let mut rep = vec![0, 0, 0, 1, 1, 0, 0, 2];
    rep.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    rep.extend_from_slice(&IP6_A);
    rep.extend_from_slice(&IP6_B);
    let mut f = e6(&ipv6(
        LL_A,
        ALL_NODES,
        58,
        1,
        &icmp6(143, 0, &rep, &LL_A, &ALL_NODES),
    ));
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 8 + 20 + 10);
    b.add_len("v6 mldv2 report cut", true, f, wire);
}

fn verbose_dns(b: &mut B) {
    let e = |p: &[u8]| eth(MAC_B, MAC_A, 0x0800, p);
    let mut r = dns_header(0x4242, 0x8180, 1, 1, 1, 2);
    r.extend_from_slice(&qname("example.com"));
    r.extend_from_slice(&[0, 1, 0, 1]);
    r.extend_from_slice(&rr(&[0xc0, 12], 1, 1, 93784, &[93, 184, 216, 34]));
    let mut soa = qname("ns1.example.com");
    soa.extend_from_slice(&qname("admin.example.com"));
    for v in [2024010101u32, 7200, 3600, 1209600, 300] {
        soa.extend_from_slice(&v.to_be_bytes());
    }
    r.extend_from_slice(&rr(&[0xc0, 12], 6, 1, 31_536_000 + 61, &soa));
    r.extend_from_slice(&rr(&qname("ns1.example.com"), 1, 3, 0, &[10, 0, 0, 53]));
    r.extend_from_slice(&rr(&[0], 41, 1232, 0x8000, &[]));
    b.add(
        "v dns sections",
        false,
        e(&v4udp(IP_B, IP_A, 53, 53100, &r)),
    );
    let mut q = dns_header(0x4343, 0x0120, 1, 0, 0, 1);
    q.extend_from_slice(&qname("example.org"));
    q.extend_from_slice(&[0, 28, 0, 1]);
    q.extend_from_slice(&rr(
        &[0],
        41,
        4096,
        0,
        &[0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8],
    ));
    b.add(
        "v dns query opt",
        false,
        e(&v4udp(IP_A, IP_B, 53101, 53, &q)),
    );
    // EDNS options tcpdump decodes: client subnet (v4, v6, bad), keepalive, DAU/DHU/N3U, chain.
    let mut eo = vec![0, 8, 0, 7, 0, 1, 24, 0, 192, 0, 2];
    eo.extend_from_slice(&[0, 8, 0, 8, 0, 2, 32, 0, 0x20, 0x01, 0x0d, 0xb8]);
    eo.extend_from_slice(&[0, 8, 0, 5, 0, 3, 8, 0, 1]);
    eo.extend_from_slice(&[0, 11, 0, 2, 0x01, 0x2d]);
    eo.extend_from_slice(&[0, 5, 0, 4, 8, 13, 99, 253, 0, 6, 0, 2, 2, 9, 0, 7, 0, 1, 1]);
    eo.extend_from_slice(&[0, 13, 0, 5, 3, b'o', b'r', b'g', 0]);
    let mut q = dns_header(0x4545, 0x0100, 1, 0, 0, 1);
    q.extend_from_slice(&qname("example.org"));
    q.extend_from_slice(&[0, 1, 0, 1]);
    q.extend_from_slice(&rr(&[0], 41, 1232, 0, &eo));
    b.add(
        "v dns edns options",
        false,
        e(&v4udp(IP_A, IP_B, 53103, 53, &q)),
    );
    let mut t = dns_header(0x4444, 0x8180, 1, 0, 0, 1);
    t.extend_from_slice(&qname("example.net"));
    t.extend_from_slice(&[0, 252, 0, 1]);
    let mut sig = qname("hmac-sha256");
    sig.extend_from_slice(&[
        0, 0, 0x65, 0x00, 0, 0, 1, 0x2c, 0, 4, 1, 2, 3, 4, 0x44, 0x44, 0, 0, 0, 0,
    ]);
    t.extend_from_slice(&rr(&qname("key.example.net"), 250, 255, 0, &sig));
    b.add("v dns tsig", false, e(&v4udp(IP_B, IP_A, 53, 53102, &t)));
    let mut f = e(&v4udp(IP_B, IP_A, 53, 53100, &r));
    let wire = f.len() as u32;
    f.truncate(14 + 28 + 12 + 17 + 20);
    b.add_len("v dns sections cut", false, f, wire);
}
