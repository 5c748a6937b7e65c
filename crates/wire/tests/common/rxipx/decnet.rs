//! The DECnet fixture, built byte by byte.

use super::super::*;

/// A DECnet node address, little-endian: `AREA.NODE`.
fn dn(area: u16, node: u16) -> [u8; 2] {
    (area << 10 | node).to_le_bytes()
}

/// A DECnet ID: the HIORD prefix and a node address.
fn dn_id(area: u16, node: u16) -> Vec<u8> {
    [vec![0xaa, 0, 4, 0], dn(area, node).to_vec()].concat()
}

/// A DECnet packet: its length (little-endian) and `msg`.
fn dnpkt(msg: &[u8]) -> Vec<u8> {
    [(msg.len() as u16).to_le_bytes().to_vec(), msg.to_vec()].concat()
}

/// A short route header (`flags` 0x22: short, intra-Ethernet) from 1.1 to 1.2, then `nsp`.
fn dn_short(nsp: &[u8]) -> Vec<u8> {
    [
        vec![0x22],
        dn(1, 2).to_vec(),
        dn(1, 1).to_vec(),
        vec![0x02],
        nsp.to_vec(),
    ]
    .concat()
}

/// An NSP header: flags, destination and source links, then `rest`.
fn nsp(flags: u8, dst: u16, src: u16, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![flags];
    v.extend_from_slice(&dst.to_le_bytes());
    v.extend_from_slice(&src.to_le_bytes());
    v.extend_from_slice(rest);
    v
}

/// Little-endian 16-bit words.
fn le(v: &[u16]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The DECnet fixture: every routing control message, every NSP message over short and long
/// route headers, padding, the flags `-v` prints, invalid lengths and cut captures.
pub fn decnet_fixture_packets() -> Vec<Pkt> {
    let ehello = [
        vec![0x0d, 2, 0, 0],
        dn_id(1, 1),
        vec![3],
        le(&[16434]),
        vec![0],
        vec![0; 8],
        dn_id(0, 0),
        le(&[10]),
        vec![0, 2],
    ]
    .concat();
    let rhello = [
        vec![0x0b, 2, 0, 0],
        dn_id(2, 7),
        vec![0x62],
        le(&[1498]),
        vec![64, 0],
        le(&[15]),
        vec![0, 1, 2, 3],
    ]
    .concat();
    let msgs: Vec<(&'static str, Vec<u8>)> = vec![
        ("dn endnode hello", ehello.clone()),
        ("dn router hello", rhello),
        (
            "dn init",
            [
                vec![0x01],
                dn(3, 4).to_vec(),
                vec![0x0d],
                le(&[576]),
                vec![2, 0, 0],
                le(&[15]),
                vec![0],
            ]
            .concat(),
        ),
        (
            "dn verification",
            [vec![0x03], dn(1, 5).to_vec(), vec![0o252, 0, 0]].concat(),
        ),
        (
            "dn test",
            [vec![0x05], dn(1, 5).to_vec(), vec![7, 0, 0]].concat(),
        ),
        (
            "dn l1 routing",
            [
                vec![0x07],
                dn(1, 3).to_vec(),
                vec![0],
                le(&[4, 0, 0x1403, 2, 8, 0x0c05]),
                le(&[0]),
            ]
            .concat(),
        ),
        (
            "dn l2 routing",
            [
                vec![0x09],
                dn(1, 3).to_vec(),
                vec![0],
                le(&[2000, 1, 3, 1, 63, 0x7fff, 9]),
            ]
            .concat(),
        ),
        ("dn control unknown", vec![0x0f, 1, 2, 3, 4, 5]),
        (
            "dn conn-initiate",
            dn_short(&nsp(0x18, 0, 8195, &[0x05, 3, 0x13, 0x40])),
        ),
        (
            "dn retrans conn-initiate",
            dn_short(&nsp(0x68, 0, 8195, &[0x09, 0, 0x13, 0x40])),
        ),
        (
            "dn conn-confirm",
            dn_short(&nsp(0x28, 8195, 8196, &[0x01, 2, 0x13, 0x40, 0])),
        ),
        (
            "dn conn-confirm optlen",
            dn_short(&nsp(0x28, 8195, 8196, &[0x00, 1, 0x13, 0x40, 3])),
        ),
        (
            "dn data",
            dn_short(&nsp(
                0x60,
                8196,
                8195,
                &[le(&[0x8001, 0xa002, 3]), b"hello".to_vec()].concat(),
            )),
        ),
        (
            "dn data nak",
            dn_short(&nsp(0x20, 8196, 8195, &le(&[0x9005, 0xb003, 4]))),
        ),
        (
            "dn data seg only",
            dn_short(&nsp(0x40, 8196, 8195, &le(&[7]))),
        ),
        ("dn data short", dn_short(&nsp(0x00, 8196, 8195, &[]))),
        (
            "dn intr",
            dn_short(&nsp(0x30, 8196, 8195, &le(&[0x8001, 0xa001, 1]))),
        ),
        (
            "dn data-ack",
            dn_short(&nsp(0x04, 8196, 8195, &le(&[0x8001, 0xa001]))),
        ),
        (
            "dn ils-ack",
            dn_short(&nsp(0x14, 8196, 8195, &le(&[0x9001, 0xb002]))),
        ),
        (
            "dn ils-ack plain",
            dn_short(&nsp(0x14, 8196, 8195, &le(&[1, 2]))),
        ),
        ("dn conn-ack", dn_short(&nsp(0x24, 8196, 0, &[]))),
        ("dn ack reserved", dn_short(&nsp(0x34, 8196, 8195, &[]))),
        (
            "dn link-service",
            dn_short(&nsp(
                0x10,
                8196,
                8195,
                &[le(&[0x8000, 0xa000, 1]), vec![0, 0]].concat(),
            )),
        ),
        (
            "dn link-service donotsend",
            dn_short(&nsp(0x10, 1, 2, &[le(&[1, 0, 0]), vec![1, 3]].concat())),
        ),
        (
            "dn link-service send",
            dn_short(&nsp(0x10, 1, 2, &[le(&[1, 0, 0]), vec![2, 3]].concat())),
        ),
        (
            "dn link-service fcmod",
            dn_short(&nsp(0x10, 1, 2, &[le(&[1, 0, 0]), vec![3, 3]].concat())),
        ),
        (
            "dn link-service intr",
            dn_short(&nsp(0x10, 1, 2, &[le(&[1, 0, 0]), vec![4, 1]].concat())),
        ),
        (
            "dn link-service reserved",
            dn_short(&nsp(0x10, 1, 2, &[le(&[1, 0, 0]), vec![0x0c, 1]].concat())),
        ),
        (
            "dn disconn-initiate",
            dn_short(&nsp(0x38, 8196, 8195, &[le(&[9]), vec![0]].concat())),
        ),
        (
            "dn disconn-initiate optlen",
            dn_short(&nsp(0x38, 8196, 8195, &[le(&[99]), vec![4]].concat())),
        ),
        (
            "dn disconn-confirm",
            dn_short(&nsp(0x48, 8196, 8195, &le(&[42]))),
        ),
        ("dn ctl reserved", dn_short(&nsp(0x78, 8196, 8195, &[]))),
        ("dn type reserved", dn_short(&nsp(0x0c, 8196, 8195, &[]))),
        ("dn nsp short", dn_short(&[0x04, 1, 2])),
        (
            "dn long header",
            [
                vec![0x3e, 0, 0],
                dn_id(4, 2),
                vec![0, 0],
                dn_id(4, 1),
                vec![0, 3, 0, 0],
                nsp(0x04, 1, 2, &le(&[0x8003, 0])),
            ]
            .concat(),
        ),
        ("dn long header short", vec![0x06, 0, 0, 1, 2, 3, 4, 5, 6]),
        (
            "dn padded",
            [
                vec![0x82, 0, 0x22],
                dn(1, 2).to_vec(),
                dn(1, 1).to_vec(),
                vec![0x3f],
                nsp(0x24, 5, 0, &[]),
            ]
            .concat(),
        ),
        ("dn future version", vec![0x46, 1, 2, 3, 4, 5]),
        ("dn unknown under mask", vec![0x04, 1, 2, 3, 4, 5]),
    ];
    let dst = [0xab, 0, 0, 3, 0, 0];
    let src = [0xaa, 0, 4, 0, 1, 4];
    let mut frames: Vec<(&'static str, Vec<u8>, usize)> = msgs
        .into_iter()
        .map(|(n, m)| (n, eth(dst, src, 0x6003, &dnpkt(&m)), 0))
        .collect();
    let mut big = eth(dst, src, 0x6003, &le(&[200]));
    big.truncate(16);
    big.resize(60, 0);
    frames.push(("dn pktlen too big", big, 0));
    frames.push((
        "dn pktlen too small",
        eth(dst, src, 0x6003, &le(&[3, 0])),
        0,
    ));
    frames.push((
        "dn pad too long",
        eth(dst, src, 0x6003, &[le(&[8]), vec![0x8f]].concat()),
        0,
    ));
    frames.push((
        "dn endnode hello cut",
        eth(dst, src, 0x6003, &dnpkt(&ehello)),
        14 + 2 + 20,
    ));
    frames.push((
        "dn data cut",
        eth(
            dst,
            src,
            0x6003,
            &dnpkt(&dn_short(&nsp(0x60, 1, 2, &le(&[0x8001, 0xa002, 3])))),
        ),
        14 + 2 + 6 + 6,
    ));
    let mut ts = 1_700_000_200_000_000_000u64;
    frames
        .into_iter()
        .map(|(name, mut data, cut)| {
            let orig_len = data.len() as u32;
            if cut != 0 {
                data.truncate(cut);
            }
            ts += 1_000_000;
            Pkt {
                name,
                data,
                orig_len,
                ts_ns: ts,
                strict: false,
            }
        })
        .collect()
}
