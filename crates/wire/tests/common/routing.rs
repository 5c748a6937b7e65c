//! The routing fixture: MPTCP options (and the routing protocols' packets), built byte by
//! byte, each message type once and truncated variants.

use super::*;

/// An MPTCP option: kind 30, its length, then `body` (subtype byte first).
fn mp(body: &[u8]) -> Vec<u8> {
    let mut v = vec![30, (body.len() + 2) as u8];
    v.extend_from_slice(body);
    v
}

fn mptcp_packets(b: &mut B) {
    let key1 = [0x9b, 0x59, 0xbe, 0x3d, 0x69, 0x5e, 0x66, 0xa7];
    let key2 = [0xd0, 0x05, 0xb1, 0xab, 0x34, 0xba, 0xd3, 0x44];
    let mut cases: Vec<(&'static str, u8, Vec<u8>)> = vec![
        ("mptcp capable syn", SYN, mp(&[0x01, 0x00])),
        (
            "mptcp capable v0 csum",
            SYN,
            mp(&[[0x00, 0x81].as_slice(), &key1].concat()),
        ),
        (
            "mptcp capable ack",
            ACK,
            mp(&[[0x01, 0x01].as_slice(), &key1, &key2].concat()),
        ),
        (
            "mptcp capable data",
            ACK | PSH,
            mp(&[[0x01, 0x01].as_slice(), &key1, &key2, &[0, 9]].concat()),
        ),
        ("mptcp capable bad version", SYN, mp(&[0x05, 0x00])),
        ("mptcp capable bad len", ACK, mp(&[0x01, 0x00])),
        (
            "mptcp join syn",
            SYN,
            mp(&[0x11, 0x02, 1, 2, 3, 4, 0xa, 0xb, 0xc, 0xd]),
        ),
        (
            "mptcp join synack",
            SYN | ACK,
            mp(&[[0x10, 0x03].as_slice(), &key2, &[0, 0, 1, 0]].concat()),
        ),
        (
            "mptcp join ack",
            ACK,
            mp(&[[0x10, 0x00].as_slice(), &[0x5a; 20]].concat()),
        ),
        (
            "mptcp dss ack4",
            ACK,
            mp(&[0x20, 0x01, 0xd0, 0xbb, 0x01, 0x02]),
        ),
        (
            "mptcp dss ack8 map csum",
            ACK | PSH,
            mp(&[
                [0x20, 0x1f].as_slice(),
                &key1,
                &key2,
                &[0, 0, 0, 1, 0, 41, 0x08, 0x2f],
            ]
            .concat()),
        ),
        (
            "mptcp dss map4",
            ACK | PSH,
            mp(&[
                0x20, 0x05, 0, 0, 0, 7, 0, 0, 0, 2, 0x4, 0x0, 0x0, 0x0, 0, 0, 0, 5,
            ][..16]),
        ),
        ("mptcp dss short", ACK, mp(&[0x20, 0x01, 0, 0])),
        ("mptcp dss in syn", SYN, mp(&[0x20, 0x00])),
        ("mptcp add-addr v4", ACK, mp(&[0x34, 1, 10, 1, 2, 2])),
        (
            "mptcp add-addr v4 port hmac",
            ACK,
            mp(&[[0x30, 2, 10, 0, 2, 1, 0x27, 0x10].as_slice(), &key1].concat()),
        ),
        ("mptcp add-addr v1 echo", ACK, mp(&[0x31, 3, 10, 0, 2, 1])),
        (
            "mptcp add-addr v6 hmac",
            ACK,
            mp(&[[0x30, 4].as_slice(), &IP6_A, &key2].concat()),
        ),
        (
            "mptcp add-addr v6 port",
            ACK,
            mp(&[[0x36, 5].as_slice(), &IP6_B, &[0x1f, 0x90]].concat()),
        ),
        ("mptcp add-addr bad echo", ACK, mp(&[0x39, 1, 10, 1, 2, 2])),
        ("mptcp add-addr bad len", ACK, mp(&[0x30, 1, 10, 1, 2])),
        ("mptcp rem-addr", ACK, mp(&[0x40, 1, 2, 7])),
        ("mptcp rem-addr short", ACK, mp(&[0x40])),
        ("mptcp prio backup", ACK, mp(&[0x51, 4])),
        ("mptcp prio short", ACK, mp(&[0x50])),
        (
            "mptcp fail",
            ACK,
            mp(&[[0x60, 0].as_slice(), &key1].concat()),
        ),
        (
            "mptcp fast-close",
            ACK,
            mp(&[[0x70, 0].as_slice(), &key2].concat()),
        ),
        ("mptcp fail bad len", ACK, mp(&[0x60, 0, 1, 2])),
        ("mptcp tcprst", RST | ACK, mp(&[0x81, 0x02])),
        ("mptcp subtype 15", ACK, mp(&[0xf0, 0x00])),
    ];
    cases.push(("mptcp len 2", ACK, vec![30, 2, 1, 1]));
    for (name, flags, opt) in cases {
        let mut o = vec![1, 1];
        o.extend_from_slice(&opt);
        let t = Tcp::new(40200, 5000, 1000, 2000, flags).opts(&o);
        b.add(
            name,
            false,
            eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_C, &t, &[])),
        );
    }
    // Cut inside an MPTCP option and after the first of two.
    let mut o = vec![1, 1];
    o.extend_from_slice(&mp(&[[0x01, 0x01].as_slice(), &key1, &key2].concat()));
    o.extend_from_slice(&mp(&[0x20, 0x01, 0, 0, 0, 9]));
    let t = Tcp::new(40200, 5000, 1000, 2000, ACK).opts(&o);
    let full = eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_C, &t, &[]));
    let len = full.len() as u32;
    b.add_len(
        "mptcp cut in capable",
        false,
        full[..14 + 20 + 20 + 12].to_vec(),
        len,
    );
    b.add_len(
        "mptcp cut in dss",
        false,
        full[..full.len() - 3].to_vec(),
        len,
    );
    b.add("mptcp two options", false, full);
}

/// An OSPFv2 packet: the 24-byte header (authentication type `auth`) and `body`.
fn ospf2(t: u8, auth: u16, body: &[u8]) -> Vec<u8> {
    let mut v = vec![2, t];
    v.extend_from_slice(&((24 + body.len()) as u16).to_be_bytes());
    v.extend_from_slice(&[10, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    v.extend_from_slice(&auth.to_be_bytes());
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(body);
    v
}

/// An OSPFv3 packet: the 16-byte header and `body`.
fn ospf3(t: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![3, t];
    v.extend_from_slice(&((16 + body.len()) as u16).to_be_bytes());
    v.extend_from_slice(&[10, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    v.extend_from_slice(body);
    v
}

fn v4eth(proto: u8, dst: [u8; 4], p: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, dst, proto, p))
}

fn ospf_packets(b: &mut B) {
    const ALL_SPF: [u8; 4] = [224, 0, 0, 5];
    let names2 = [
        "ospf2 hello",
        "ospf2 dd",
        "ospf2 ls-request",
        "ospf2 ls-update",
        "ospf2 ls-ack",
    ];
    let names3 = [
        "ospf3 hello",
        "ospf3 dd",
        "ospf3 ls-request",
        "ospf3 ls-update",
        "ospf3 ls-ack",
    ];
    for (t, (n2, n3)) in (1u8..).zip(names2.iter().zip(names3)) {
        b.add(n2, false, v4eth(89, ALL_SPF, &ospf2(t, 0, &[0; 20])));
        b.add(n3, false, v6eth(89, &ospf3(t, &[0; 20])));
    }
    b.add(
        "ospf2 unknown type",
        false,
        v4eth(89, ALL_SPF, &ospf2(9, 0, &[0; 4])),
    );
    b.add("ospf3 unknown type", false, v6eth(89, &ospf3(9, &[0; 4])));
    let mut md5 = ospf2(1, 2, &[0; 20]);
    md5.extend_from_slice(&[0xaa; 16]);
    b.add("ospf2 md5", false, v4eth(89, ALL_SPF, &md5));
    let short_md5 = v4eth(89, ALL_SPF, &ospf2(1, 2, &[]));
    b.add("ospf2 md5 short", false, short_md5);
    let full = v4eth(89, ALL_SPF, &ospf2(1, 0, &[0; 20]));
    let len = full.len() as u32;
    b.add_len("ospf2 cut", false, full[..14 + 20 + 10].to_vec(), len);
    let full = v6eth(89, &ospf3(1, &[0; 20]));
    let len = full.len() as u32;
    b.add_len("ospf3 cut", false, full[..14 + 40 + 1].to_vec(), len);
}

/// A PIM version 2 message of type `t` and `body`.
fn pim2(t: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![0x20 | t, 0, 0, 0];
    v.extend_from_slice(body);
    v
}

/// IGMP type 0x14 carrying a PIM version 1 message of type `t` (version `ver`) and `body`.
fn pim1(t: u8, ver: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![0x14, t, 0, 0, ver << 4, 0, 0, 0];
    v.extend_from_slice(body);
    v
}

fn pim_packets(b: &mut B) {
    const ALL_PIM: [u8; 4] = [224, 0, 0, 13];
    const NAMES: [&str; 13] = [
        "pim2 hello",
        "pim2 register",
        "pim2 register-stop",
        "pim2 join-prune",
        "pim2 bootstrap",
        "pim2 assert",
        "pim2 graft",
        "pim2 graft-ack",
        "pim2 candidate-rp",
        "pim2 prune-refresh",
        "pim2 df-election",
        "pim2 ecmp-redirect",
        "pim2 unknown type",
    ];
    for (t, n) in (0u8..).zip(NAMES) {
        b.add(n, false, v4eth(103, ALL_PIM, &pim2(t, &[0; 8])));
    }
    b.add(
        "pim3",
        false,
        v4eth(103, ALL_PIM, &[0x30, 0, 0, 0, 0, 0, 0, 0]),
    );
    b.add("pim2 over ipv6", false, v6eth(103, &pim2(0, &[0; 8])));
    let full = v4eth(103, ALL_PIM, &pim2(0, &[0; 8]));
    let len = full.len() as u32;
    b.add_len("pim2 cut", false, full[..14 + 20].to_vec(), len);

    const ALL_ROUTERS4: [u8; 4] = [224, 0, 0, 2];
    let mut body = vec![0x10, 0, 0, 0x69, 0, 0, 0, 0];
    b.add(
        "pim1 query sparse",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(0, 1, &body)),
    );
    body[0] = 0x50;
    b.add(
        "pim1 query mode 5",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(0, 1, &body)),
    );
    b.add(
        "pim1 query short",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(0, 1, &[])),
    );
    let inner = ipv4(IP_C, [232, 1, 1, 1], 17, &[0; 8]);
    b.add("pim1 register", false, v4eth(2, IP_B, &pim1(1, 1, &inner)));
    let pair = [[10u8, 1, 1, 1].as_slice(), &[232, 1, 1, 1]].concat();
    b.add(
        "pim1 register-stop",
        false,
        v4eth(2, IP_B, &pim1(2, 1, &pair)),
    );
    b.add(
        "pim1 join-prune",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(3, 1, &[0; 24])),
    );
    b.add(
        "pim1 rp-reachable",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(4, 1, &[0; 16])),
    );
    let mut assert = vec![232, 1, 1, 1, 255, 255, 255, 0, 10, 1, 1, 1];
    assert.extend_from_slice(&[0x80, 0, 0, 120, 0, 0, 0, 10]);
    b.add(
        "pim1 assert",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(5, 1, &assert)),
    );
    let mut assert = vec![232, 1, 1, 1, 255, 255, 255, 255, 10, 1, 1, 1];
    assert.extend_from_slice(&[0, 0, 0, 120, 0, 0, 0, 10]);
    b.add(
        "pim1 assert host",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(5, 1, &assert)),
    );
    b.add(
        "pim1 graft",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(6, 1, &[0; 8])),
    );
    b.add(
        "pim1 graft-ack v2",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(7, 2, &[0; 8])),
    );
    b.add(
        "pim1 unknown type",
        false,
        v4eth(2, ALL_ROUTERS4, &pim1(9, 1, &[0; 8])),
    );
    b.add(
        "igmp dvmrp",
        false,
        v4eth(2, ALL_ROUTERS4, &[0x13, 1, 0, 0, 0, 0, 0, 0]),
    );
    let full = v4eth(2, IP_B, &pim1(1, 1, &inner));
    let len = full.len() as u32;
    b.add_len(
        "pim1 register cut",
        false,
        full[..14 + 20 + 8 + 10].to_vec(),
        len,
    );
    b.add_len(
        "pim1 cut before version",
        false,
        full[..14 + 20 + 3].to_vec(),
        len,
    );
}

/// An SCTP chunk: type, flags, length and `body`, padded to 4 bytes.
fn chunk(t: u8, flags: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![t, flags];
    v.extend_from_slice(&((4 + body.len()) as u16).to_be_bytes());
    v.extend_from_slice(body);
    while v.len() % 4 != 0 {
        v.push(0);
    }
    v
}

/// An SCTP packet between ports 5000 and 6000 carrying `chunks`.
fn sctp(sport: u16, chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut v = sport.to_be_bytes().to_vec();
    v.extend_from_slice(&[0x17, 0x70, 0, 0, 0, 1, 0, 0, 0, 0]);
    for c in chunks {
        v.extend_from_slice(c);
    }
    v
}

fn sctp_packets(b: &mut B) {
    let init = [0, 0, 0, 7, 0, 1, 0, 0, 0, 10, 0, 11, 0, 0, 0, 42];
    let data = |flags: u8, ppid: u8| {
        chunk(
            0,
            flags,
            &[0, 0, 0, 5, 0, 1, 0, 2, 0, 0, 0, ppid, b'h', b'i'],
        )
    };
    let mut sack = vec![0, 0, 0, 100, 0, 1, 0, 0, 0, 2, 0, 1];
    sack.extend_from_slice(&[0, 2, 0, 3, 0, 5, 0, 9, 0, 0, 0, 98]);
    let cases: Vec<(&'static str, Vec<Vec<u8>>)> = vec![
        (
            "sctp init",
            vec![chunk(
                1,
                0,
                &[init.as_slice(), &[0, 5, 0, 8, 1, 2, 3, 4]].concat(),
            )],
        ),
        ("sctp init ack", vec![chunk(2, 0, &init)]),
        ("sctp data", vec![data(0x03, 46)]),
        ("sctp data unordered", vec![data(0x04, 3)]),
        ("sctp data middle", vec![data(0x00, 26)]),
        ("sctp sack", vec![chunk(3, 0, &sack)]),
        ("sctp sack bogus", vec![chunk(3, 0, &sack[..6])]),
        (
            "sctp heartbeat",
            vec![chunk(4, 0, &[0, 1, 0, 8, 1, 2, 3, 4])],
        ),
        (
            "sctp heartbeat ack",
            vec![chunk(5, 0, &[0, 1, 0, 8, 1, 2, 3, 4])],
        ),
        ("sctp abort", vec![chunk(6, 1, &[])]),
        ("sctp shutdown", vec![chunk(7, 0, &[0, 0, 0, 9])]),
        ("sctp shutdown ack", vec![chunk(8, 0, &[])]),
        ("sctp op err", vec![chunk(9, 0, &[0, 1, 0, 4])]),
        ("sctp cookie echo", vec![chunk(10, 0, &[9; 7])]),
        ("sctp cookie ack", vec![chunk(11, 0, &[])]),
        ("sctp ecn echo", vec![chunk(12, 0, &[0, 0, 0, 1])]),
        ("sctp ecn cwr", vec![chunk(13, 0, &[0, 0, 0, 1])]),
        ("sctp shutdown complete", vec![chunk(14, 0, &[])]),
        ("sctp forward tsn", vec![chunk(0xc0, 0, &[0, 0, 0, 1])]),
        ("sctp unknown chunk", vec![chunk(0x40, 0, &[])]),
        (
            "sctp bundled",
            vec![chunk(11, 0, &[]), data(0x03, 0), chunk(3, 0, &sack[..12])],
        ),
        ("sctp data bogus", vec![chunk(0, 3, &[0; 8])]),
        ("sctp data empty", vec![chunk(0, 3, &[0; 12])]),
        ("sctp bad chunk length", vec![vec![1, 0, 0, 2]]),
        ("sctp chunk cut off", vec![vec![11, 0]]),
        ("sctp no chunks", vec![]),
    ];
    for (name, chunks) in cases {
        b.add(name, false, v4eth(132, IP_C, &sctp(5000, &chunks)));
    }
    b.add(
        "sctp forces port",
        false,
        v4eth(132, IP_C, &sctp(6704, &[chunk(11, 0, &[])])),
    );
    b.add(
        "sctp over ipv6",
        false,
        v6eth(132, &sctp(5000, &[chunk(11, 0, &[])])),
    );
    b.add(
        "sctp short header",
        false,
        v4eth(132, IP_C, &[0x13, 0x88, 0x17, 0x70]),
    );
    let full = v4eth(132, IP_C, &sctp(5000, &[chunk(1, 0, &init), data(3, 46)]));
    let len = full.len() as u32;
    b.add_len(
        "sctp cut in second chunk",
        false,
        full[..full.len() - 4].to_vec(),
        len,
    );
    b.add_len(
        "sctp cut in header",
        false,
        full[..14 + 20 + 6].to_vec(),
        len,
    );
}

/// The routing fixture's packets, all over Ethernet.
pub fn routing_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_100_000_000_001_000,
    };
    mptcp_packets(&mut b);
    ospf_packets(&mut b);
    pim_packets(&mut b);
    sctp_packets(&mut b);
    b.pkts
}
