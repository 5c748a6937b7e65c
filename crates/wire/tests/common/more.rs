//! Mobility, DCCP, SNAP, ATMARP, TCP-MD5, EIGRP, PTP and AoE packets, the end of the Ethernet
//! fixture.

use super::*;

/// A Mobility Header of type `t` whose message data (after the checksum) is `body`, padded to a
/// multiple of 8 bytes; `len` overrides the header-length field.
fn mh(t: u8, body: &[u8], len: Option<u8>) -> Vec<u8> {
    let mut v = vec![59, 0, t, 0, 0x12, 0x34];
    v.extend_from_slice(body);
    while v.len() % 8 != 0 {
        v.push(0);
    }
    v[1] = len.unwrap_or((v.len() / 8 - 1) as u8);
    v
}

/// A DCCP header: `x` selects 48-bit sequence numbers; `rest` follows the generic header.
fn dccp(t: u8, x: bool, rest: &[u8]) -> Vec<u8> {
    let hl = if x { 16 } else { 12 } + rest.len();
    let mut v = vec![0x13, 0x88, 0x17, 0x70, (hl / 4) as u8, 0, 0, 0];
    v.push((t << 1) | x as u8);
    if x {
        v.extend_from_slice(&[0, 0, 0, 0, 0x01, 0x02, 0x03]);
    } else {
        v.extend_from_slice(&[0x01, 0x02, 0x03]);
    }
    v.extend_from_slice(rest);
    v
}

/// An 802.3 frame carrying LLC/SNAP with the given OUI and protocol ID.
fn snap_frame(oui: [u8; 3], pid: u16, payload: &[u8]) -> Vec<u8> {
    let mut llc = vec![0xaa, 0xaa, 0x03];
    llc.extend_from_slice(&oui);
    llc.extend_from_slice(&pid.to_be_bytes());
    llc.extend_from_slice(payload);
    let mut v = MAC_B.to_vec();
    v.extend_from_slice(&MAC_A);
    v.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    v.extend_from_slice(&llc);
    v
}

/// An RFC 2225 ATMARP packet for IPv4 with 20-byte ATM numbers (`tha_len` 0 for none).
fn atmarp(op: u16, spa: [u8; 4], tha_len: u8, tpa: [u8; 4]) -> Vec<u8> {
    let mut v = vec![0, 19, 0x08, 0x00, 20, 0];
    v.extend_from_slice(&op.to_be_bytes());
    v.extend_from_slice(&[4, tha_len, 0, 4]);
    v.extend((1..=20).collect::<Vec<u8>>());
    v.extend_from_slice(&spa);
    v.extend((0..tha_len).map(|i| 0x40 + i));
    v.extend_from_slice(&tpa);
    v
}

/// Mobility, DCCP, SNAP, ATMARP and TCP-MD5 packets, after the rest so that adding them left
/// the earlier packets' timestamps alone.
pub(super) fn more_packets(b: &mut B) {
    mobility_packets(b);
    dccp_packets(b);
    snap_packets(b);
    atmarp_packets(b);
    md5_packets(b);
    aoe_packets(b);
    ptp_packets(b);
    eigrp_packets(b);
}

/// EIGRP over IPv4 and IPv6: each message type, an unknown one, another version, a cut header.
fn eigrp_packets(b: &mut B) {
    let eigrp = |version: u8, opcode: u8, tlvs: usize| {
        let mut v = vec![
            version, opcode, 0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0,
        ];
        v.extend_from_slice(&[0, 0, 0, 100]);
        v.extend((0..tlvs).map(|i| i as u8));
        v
    };
    let cases: [(&'static str, u8, u8); 9] = [
        ("eigrp update", 2, 1),
        ("eigrp query", 2, 3),
        ("eigrp reply", 2, 4),
        ("eigrp hello", 2, 5),
        ("eigrp ipx sap", 2, 6),
        ("eigrp probe", 2, 7),
        ("eigrp unknown opcode", 2, 9),
        ("eigrp version 1", 1, 5),
        ("eigrp opcode 2", 2, 2),
    ];
    for (name, version, opcode) in cases {
        b.add(
            name,
            true,
            eth(
                MAC_B,
                MAC_A,
                0x0800,
                &ipv4(IP_A, [224, 0, 0, 10], 88, &eigrp(version, opcode, 20)),
            ),
        );
    }
    b.add("eigrp hello ipv6", true, v6eth(88, &eigrp(2, 5, 20)));
    let whole = eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(IP_A, [224, 0, 0, 10], 88, &eigrp(2, 5, 20)),
    );
    let len = whole.len() as u32;
    b.add_len("eigrp cut", true, whole[..14 + 20 + 19].to_vec(), len);
    b.add_len(
        "eigrp cut after header",
        true,
        whole[..14 + 20 + 20].to_vec(),
        len,
    );
}

/// PTP straight over Ethernet: a sync message, an announce message and a cut one.
fn ptp_packets(b: &mut B) {
    let mut sync = vec![0x00, 0x02, 0, 44, 0, 0, 0x1a, 0xc0];
    sync.resize(44, 0x11);
    b.add("ptp over ethernet", true, eth(MAC_B, MAC_A, 0x88f7, &sync));
    let mut ann = vec![0x0b, 0x02, 0, 64, 0, 0, 0, 0];
    ann.resize(64, 0x22);
    let whole = eth(MAC_B, MAC_A, 0x88f7, &ann);
    b.add("ptp announce over ethernet", true, whole.clone());
    let len = whole.len() as u32;
    b.add_len(
        "ptp over ethernet cut",
        true,
        whole[..14 + 21].to_vec(),
        len,
    );
}

/// ATA over Ethernet: version 1 requests and responses, other versions, short and cut frames.
fn aoe_packets(b: &mut B) {
    let aoe = |first: u8, len: usize| {
        let mut v = vec![first, 0, 0, 7, 1, 0x01, 0xde, 0xad, 0xbe, 0xef];
        v.resize(len, 0);
        eth(MAC_B, MAC_A, 0x88a2, &v)
    };
    b.add("aoe request", true, aoe(0x10, 46));
    b.add("aoe response", true, aoe(0x18, 46));
    b.add("aoe error", true, aoe(0x1c, 46));
    b.add("aoe error only", true, aoe(0x14, 1046));
    b.add("aoe low flags", true, aoe(0x13, 46));
    b.add("aoe version 0", true, aoe(0x08, 46));
    b.add("aoe version 2", true, aoe(0x2f, 46));
    // Frames shorter than Ethernet's minimum, so the AoE length is below the header's.
    let whole = aoe(0x18, 1046);
    b.add("aoe short", true, whole[..14 + 5].to_vec());
    b.add("aoe empty", true, whole[..14].to_vec());
    let len = whole.len() as u32;
    b.add_len("aoe cut", true, whole[..14 + 3].to_vec(), len);
    b.add_len("aoe cut at type", true, whole[..14].to_vec(), len);
    b.add_len("aoe short cut", true, whole[..14 + 2].to_vec(), 14 + 5);
}

fn mobility_packets(b: &mut B) {
    let v6 = v6eth;
    let id = [0x01, 0x02];
    let cookie: Vec<u8> = (0..16).collect();
    let mut hot = id.to_vec();
    hot.extend_from_slice(&cookie);
    let mut be = vec![2, 0];
    be.extend_from_slice(&IP6_B);
    let mobility: [(&'static str, Vec<u8>); 12] = [
        ("mobility brr", mh(0, &[0, 0], None)),
        (
            "mobility hoti",
            mh(1, &[0, 0, 1, 2, 3, 4, 5, 6, 7, 8], None),
        ),
        (
            "mobility coti",
            mh(2, &[0, 0, 1, 2, 3, 4, 5, 6, 7, 8], None),
        ),
        ("mobility hot", mh(3, &hot, None)),
        ("mobility cot", mh(4, &hot, None)),
        ("mobility bu flags", mh(5, &[0, 7, 0xf0, 0, 0, 0x10], None)),
        ("mobility bu", mh(5, &[0, 7, 0x40, 0, 0, 0x10], None)),
        ("mobility ba", mh(6, &[0x80, 0x80, 0, 9, 0, 0x20], None)),
        ("mobility be", mh(7, &be, None)),
        ("mobility unknown type", mh(9, &[0; 10], None)),
        ("mobility too short", mh(5, &[0, 7], Some(0))),
        ("mobility bu opts", mh(5, &[0, 7, 0, 0, 0, 1, 1, 0], None)),
    ];
    for (name, m) in mobility {
        b.add(name, false, v6(135, &m));
    }
    b.add(
        "mobility old",
        false,
        v6(62, &mh(6, &[5, 0, 0, 9, 0, 0x20], None)),
    );
    let full = v6(135, &mh(3, &hot, None));
    for (name, cut) in [
        ("mobility cut 1", 55),
        ("mobility cut 5", 59),
        ("mobility cut 10", 64),
    ] {
        b.add_len(name, false, full[..cut].to_vec(), full.len() as u32);
    }
}

fn dccp_packets(b: &mut B) {
    let v6 = v6eth;

    let dccps: [(&'static str, Vec<u8>); 9] = [
        ("dccp request", dccp(0, true, &[0, 0, 0, 42])),
        (
            "dccp response",
            dccp(1, true, &[0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 42]),
        ),
        ("dccp data", dccp(2, false, &[])),
        ("dccp ack", dccp(3, true, &[0, 0, 0, 0, 0, 1, 0, 2])),
        ("dccp ack short seq", dccp(3, false, &[0, 0, 1, 2])),
        (
            "dccp reset",
            dccp(7, true, &[0, 0, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0]),
        ),
        (
            "dccp reset bad code",
            dccp(7, true, &[0, 0, 0, 0, 0, 1, 0, 2, 99, 0, 0, 0]),
        ),
        ("dccp close", dccp(6, true, &[0, 0, 0, 0, 0, 1, 0, 2])),
        (
            "dccp unknown type",
            dccp(12, true, &[0, 0, 0, 0, 0, 1, 0, 2]),
        ),
    ];
    for (name, d) in dccps {
        b.add(name, false, v6(33, &d));
        b.add(
            name,
            false,
            eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_C, 33, &d)),
        );
    }
    b.add("dccp short", false, v6(33, &dccp(0, true, &[])[..14]));
    b.add("dccp request cut", false, v6(33, &dccp(0, true, &[0, 0])));
}

fn snap_packets(b: &mut B) {
    b.add(
        "snap unknown oui",
        false,
        snap_frame([0, 0x12, 0x34], 0x5678, b"hello world!"),
    );
    b.add(
        "snap ethernet unknown type",
        false,
        snap_frame([0; 3], 0x5678, b"hello world!"),
    );
    b.add(
        "snap cisco",
        false,
        snap_frame([0, 0, 0x0c], 0x5678, b"hello world!"),
    );
    b.add(
        "snap cisco bridged",
        false,
        snap_frame([0, 0, 0xf8], 0x5678, b"hello world!"),
    );
    b.add(
        "snap appletalk",
        false,
        snap_frame([8, 0, 7], 0x809b, b"hello world!"),
    );
    let ip = ipv4(IP_A, IP_C, 253, &[0; 12]);
    b.add("snap ipv4", false, snap_frame([0; 3], 0x0800, &ip));
    b.add_len(
        "snap cut",
        false,
        snap_frame([0; 3], 0x0800, &ip)[..18].to_vec(),
        60,
    );
}

fn atmarp_packets(b: &mut B) {
    let arp = |p: &[u8]| eth(BCAST, MAC_A, 0x0806, p);
    b.add("atmarp request", false, arp(&atmarp(1, IP_A, 0, IP_B)));
    b.add("atmarp request tha", false, arp(&atmarp(1, IP_A, 20, IP_B)));
    b.add("atmarp reply", false, arp(&atmarp(2, IP_B, 20, IP_A)));
    b.add(
        "atmarp inverse request",
        false,
        arp(&atmarp(8, IP_B, 20, IP_A)),
    );
    b.add(
        "atmarp inverse reply",
        false,
        arp(&atmarp(9, IP_B, 20, IP_A)),
    );
    b.add("atmarp nak", false, arp(&atmarp(10, IP_A, 0, IP_B)));
    b.add("atmarp unknown op", false, arp(&atmarp(5, IP_A, 0, IP_B)));
    let mut ipv6arp = atmarp(1, IP_A, 0, IP_B);
    ipv6arp[2..4].copy_from_slice(&[0x86, 0xdd]);
    b.add("atmarp wrong proto", false, arp(&ipv6arp));
}

fn md5_packets(b: &mut B) {
    let mut md5 = vec![19, 18];
    md5.extend(0..16u8);
    let t = Tcp::new(40100, 179, 1000, 0, SYN).opts(&md5);
    b.add(
        "tcp md5",
        true,
        eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_C, &t, &[])),
    );
}
