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

/// The routing fixture's packets, all over Ethernet.
pub fn routing_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_100_000_000_001_000,
    };
    mptcp_packets(&mut b);
    b.pkts
}
