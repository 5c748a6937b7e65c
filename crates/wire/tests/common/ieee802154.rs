//! IEEE 802.15.4 frames built byte by byte for the three link types tcpdump prints them under
//! (with FCS, without, and behind the TAP pseudo-header): every frame type, the addressing
//! and PAN ID compression cases, the auxiliary security header, header and payload
//! information elements, beacons, MAC commands, a good and a wrong FCS, and cut variants.

use super::*;

/// `LINKTYPE_IEEE802_15_4_WITHFCS`.
pub const LINKTYPE_IEEE802_15_4: u32 = 195;
/// `LINKTYPE_IEEE802_15_4_NOFCS`.
pub const LINKTYPE_IEEE802_15_4_NOFCS: u32 = 230;
/// `LINKTYPE_IEEE802_15_4_TAP`.
pub const LINKTYPE_IEEE802_15_4_TAP: u32 = 283;

/// The 2-byte FCS (ITU-T CRC-16, bits least significant first, from 0).
fn crc16(d: &[u8]) -> u16 {
    let mut c = 0u16;
    for &b in d {
        c ^= u16::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0x8408
            } else {
                c >> 1
            };
        }
    }
    c
}

/// The 4-byte FCS (CRC-32, bits least significant first, from 0, not inverted).
fn crc32(d: &[u8]) -> u32 {
    let mut c = 0u32;
    for &b in d {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            };
        }
    }
    c
}

/// `d` with its 2-byte FCS.
fn fcs2(mut d: Vec<u8>) -> Vec<u8> {
    let c = crc16(&d);
    d.extend_from_slice(&c.to_le_bytes());
    d
}

/// `d` with its 4-byte FCS.
fn fcs4(mut d: Vec<u8>) -> Vec<u8> {
    let c = crc32(&d);
    d.extend_from_slice(&c.to_le_bytes());
    d
}

/// A frame control field: type, flag bits (security 3, pending 4, AR 5, PAN ID compression 6,
/// sequence number suppression 8, IE present 9), destination mode, version, source mode.
fn fc(ft: u16, flags: u16, dmode: u16, ver: u16, smode: u16) -> [u8; 2] {
    (ft | flags | dmode << 10 | ver << 12 | smode << 14).to_le_bytes()
}

const SEC: u16 = 1 << 3;
const PEND: u16 = 1 << 4;
const AR: u16 = 1 << 5;
const COMP: u16 = 1 << 6;
const SNS: u16 = 1 << 8;
const IES: u16 = 1 << 9;

/// A header IE.
fn hie(id: u16, content: &[u8]) -> Vec<u8> {
    let mut v = (content.len() as u16 | id << 7).to_le_bytes().to_vec();
    v.extend_from_slice(content);
    v
}

/// A payload IE.
fn pie(group: u16, content: &[u8]) -> Vec<u8> {
    let mut v = (content.len() as u16 | group << 11 | 0x8000)
        .to_le_bytes()
        .to_vec();
    v.extend_from_slice(content);
    v
}

/// A short MLME sub-IE.
fn mlme_s(id: u16, content: &[u8]) -> Vec<u8> {
    let mut v = (content.len() as u16 | id << 8).to_le_bytes().to_vec();
    v.extend_from_slice(content);
    v
}

/// A long MLME sub-IE.
fn mlme_l(id: u16, content: &[u8]) -> Vec<u8> {
    let mut v = (content.len() as u16 | id << 11 | 0x8000)
        .to_le_bytes()
        .to_vec();
    v.extend_from_slice(content);
    v
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

const PAN: [u8; 2] = [0xcd, 0xab];
const SHORT1: [u8; 2] = [0x01, 0x00];
const SHORT2: [u8; 2] = [0x34, 0x12];
const EXT1: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
const EXT2: [u8; 8] = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80];

/// Builds the named frames (without an FCS).
fn frames() -> Vec<(&'static str, Vec<u8>)> {
    let mut f: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let data = b"hello 15.4";
    f.push((
        "data v0 short comp",
        cat(&[
            &fc(1, COMP | AR, 2, 0, 2),
            &[7],
            &PAN,
            &SHORT1,
            &SHORT2,
            data,
        ]),
    ));
    f.push((
        "data v1 ext short",
        cat(&[
            &fc(1, PEND, 3, 1, 2),
            &[8],
            &PAN,
            &EXT1,
            &[0x11, 0x22],
            &SHORT2,
            data,
        ]),
    ));
    f.push(("ack v0", cat(&[&fc(2, 0, 0, 0, 0), &[9]])));
    f.push((
        "data v0 comp one address",
        cat(&[&fc(1, COMP, 2, 0, 0), &[10], &PAN, &SHORT1, b"x"]),
    ));
    f.push((
        "data v2 ext ext comp",
        cat(&[&fc(1, COMP, 3, 2, 3), &[11], &EXT1, &EXT2, b"abc"]),
    ));
    f.push((
        "data v2 ext ext",
        cat(&[&fc(1, 0, 3, 2, 3), &[12], &PAN, &EXT1, &EXT2, b"abc"]),
    ));
    f.push((
        "data v2 short ext 6tisch",
        cat(&[&fc(1, 0, 2, 2, 3), &[13], &PAN, &SHORT1, &EXT2, b"abc"]),
    ));
    f.push((
        "data v2 no addresses comp",
        cat(&[&fc(1, COMP, 0, 2, 0), &[14], &PAN, b"abc"]),
    ));
    f.push((
        "data v2 src only comp",
        cat(&[&fc(1, COMP, 0, 2, 2), &[15], &SHORT2, b"abc"]),
    ));
    f.push((
        "bad src mode",
        cat(&[&fc(1, 0, 2, 0, 1), &[16], &PAN, &SHORT1]),
    ));
    f.push((
        "bad dst mode",
        cat(&[&fc(1, 0, 1, 0, 2), &[17], &PAN, &SHORT1]),
    ));
    f.push((
        "seq suppressed v0",
        cat(&[&fc(1, SNS, 2, 0, 2), &PAN, &SHORT1, &PAN, &SHORT2]),
    ));
    // Beacons.
    f.push((
        "beacon v0 gts pending",
        cat(&[
            &fc(0, 0, 0, 0, 2),
            &[20],
            &PAN,
            &SHORT1,
            &0xd3ffu16.to_le_bytes(),
            &[0x02, 0x05, 0x34, 0x12, 0x52, 0x78, 0x56, 0x31],
            &[0x11, 0x01, 0x00],
            &EXT1,
            b"beacon payload",
        ]),
    ));
    f.push((
        "beacon v0 no gts",
        cat(&[
            &fc(0, 0, 0, 1, 3),
            &[21],
            &PAN,
            &EXT1,
            &[0x4f, 0x10],
            &[0],
            &[0],
            b"pl",
        ]),
    ));
    f.push((
        "beacon v0 gts truncated",
        cat(&[
            &fc(0, 0, 0, 0, 2),
            &[22],
            &PAN,
            &SHORT1,
            &[0, 0],
            &[0x03, 0x00, 0x01],
        ]),
    ));
    f.push((
        "beacon v0 pending truncated",
        cat(&[
            &fc(0, 0, 0, 0, 2),
            &[23],
            &PAN,
            &SHORT1,
            &[0, 0],
            &[0],
            &[0x22, 0, 0],
        ]),
    ));
    f.push((
        "beacon v0 short",
        cat(&[&fc(0, 0, 0, 0, 2), &[24], &PAN, &SHORT1, &[0]]),
    ));
    // Commands.
    let cmd = |seq: u8, body: &[u8]| {
        cat(&[
            &fc(3, COMP | AR, 2, 1, 3),
            &[seq],
            &PAN,
            &SHORT1,
            &EXT1,
            body,
        ])
    };
    f.push(("cmd assoc request", cmd(30, &[0x01, 0xde])));
    f.push(("cmd assoc request rfd", cmd(31, &[0x01, 0x00])));
    f.push(("cmd assoc request bad", cmd(32, &[0x01, 0x8e, 0x00])));
    for (name, st) in [
        ("cmd assoc response ok", 0u8),
        ("cmd assoc response full", 1),
        ("cmd assoc response denied", 2),
        ("cmd assoc response dup", 3),
        ("cmd assoc response fast", 0x80),
        ("cmd assoc response other", 0x42),
    ] {
        f.push((name, cmd(33, &[0x02, 0x78, 0x56, st])));
    }
    f.push(("cmd assoc response bad", cmd(34, &[0x02, 0x78])));
    for (name, r) in [
        ("cmd disassoc reserved", 0u8),
        ("cmd disassoc coordinator", 1),
        ("cmd disassoc device", 2),
    ] {
        f.push((name, cmd(35, &[0x03, r])));
    }
    f.push(("cmd disassoc other", cmd(36, &[0x03, 0x09, 0x77])));
    f.push(("cmd disassoc other end", cmd(36, &[0x03, 0x09])));
    f.push(("cmd data request", cmd(37, &[0x04])));
    f.push(("cmd beacon request extra", cmd(38, &[0x07, 0xaa, 0xbb])));
    f.push((
        "cmd realign 7",
        cmd(39, &[0x08, 0x34, 0x12, 0x01, 0x00, 0x0b, 0x02, 0x00]),
    ));
    f.push((
        "cmd realign 8 page",
        cmd(40, &[0x08, 0x34, 0x12, 0x01, 0x00, 0x0b, 0x02, 0x00, 0x05]),
    ));
    f.push((
        "cmd realign 8 msb",
        cmd(41, &[0x08, 0x34, 0x12, 0x01, 0x00, 0x0b, 0x02, 0x00, 0x81]),
    ));
    f.push(("cmd realign bad", cmd(42, &[0x08, 0x34])));
    f.push(("cmd gts request", cmd(43, &[0x09, 0x34])));
    f.push(("cmd gts request dealloc", cmd(44, &[0x09, 0x05])));
    f.push(("cmd gts request bad", cmd(45, &[0x09])));
    f.push(("cmd dsme", cmd(46, &[0x13, 1, 2, 3])));
    f.push(("cmd reserved", cmd(47, &[0x31, 1])));
    f.push(("cmd reserved low", cmd(48, &[0x0c])));
    f.push((
        "cmd no id",
        cat(&[&fc(3, 0, 0, 0, 2), &[49], &PAN, &SHORT1]),
    ));
    // Security.
    f.push((
        "secured level 5 key index",
        cat(&[
            &fc(1, SEC | COMP, 2, 1, 2),
            &[50],
            &PAN,
            &SHORT1,
            &SHORT2,
            &[0x0d, 0x78, 0x56, 0x34, 0x12, 0x03],
            b"ciphertext",
            &[0xa1, 0xa2, 0xa3, 0xa4],
        ]),
    ));
    f.push((
        "secured level 7 key source 4",
        cat(&[
            &fc(1, SEC | COMP, 2, 1, 2),
            &[51],
            &PAN,
            &SHORT1,
            &SHORT2,
            &[0x17, 1, 0, 0, 0, 0x22, 0x11, 0x44, 0x33, 0x09],
            b"ct",
            &[0xb0; 16],
        ]),
    ));
    f.push((
        "secured level 2 key source 8",
        cat(&[
            &fc(1, SEC | COMP, 2, 1, 2),
            &[52],
            &PAN,
            &SHORT1,
            &SHORT2,
            &[0x1a, 2, 0, 0, 0],
            &EXT1,
            &[0x0a],
            b"c",
            &[0xc0; 8],
        ]),
    ));
    f.push((
        "secured implicit no counter",
        cat(&[
            &fc(1, SEC | COMP, 2, 2, 2),
            &[53],
            &PAN,
            &SHORT1,
            &SHORT2,
            &[0x24],
            b"ct",
        ]),
    ));
    f.push((
        "secured mic short",
        cat(&[
            &fc(1, SEC | COMP, 2, 1, 2),
            &[54],
            &PAN,
            &SHORT1,
            &SHORT2,
            &[0x07, 1, 2, 3, 4, 5],
        ]),
    ));
    f.push((
        "secured no counter room",
        cat(&[
            &fc(1, SEC | COMP, 2, 1, 2),
            &[55],
            &PAN,
            &SHORT1,
            &SHORT2,
            &[0x01, 1, 2],
        ]),
    ));
    f.push((
        "secured no header",
        cat(&[&fc(1, SEC | COMP, 2, 1, 2), &[56], &PAN, &SHORT1, &SHORT2]),
    ));
    // Information elements.
    let hies = cat(&[
        &hie(0x1a, &[0x10, 0x00, 0x20, 0x00]),
        &hie(0x1a, &[0x10, 0x00, 0x20, 0x00, 0x30, 0x00]),
        &hie(0x1a, &[0x10, 0x00, 0x20, 0x00, 0x30]),
        &hie(0x1a, &[0x10]),
        &hie(0x1b, &[1, 2, 3, 4]),
        &hie(0x1b, &[1]),
        &hie(0x1d, &[1, 0, 2, 0]),
        &hie(0x1d, &[1]),
        &hie(0x1e, &[0x05, 0x80]),
        &hie(0x1e, &[0xff, 0x0f]),
        &hie(0x1e, &[1]),
        &hie(0x00, &[0x00, 0x12, 0x4b, 9, 8]),
        &hie(0x00, &[0x00]),
        &hie(0x2a, &[5, 6]),
        &hie(0x05, &[]),
        &hie(
            0x1c,
            &[
                0xff, 0xcf, 0x00, 0x1f, 1, 2, 3, 4, 5, 6, 7, 0, 3, 0, 2, 0, 0xaa, 0xbb, 4, 5, 6, 0,
                1, 0xee,
            ],
        ),
        &hie(
            0x21,
            &[
                0x00, 0x00, 0x01, 0x34, 0x12, 0x05, 0x1d, 1, 2, 3, 4, 5, 6, 7, 0, 3, 0, 1, 0, 0xaa,
                4, 5, 6, 0, 1, 0xee, 2, 0x0b, 0, 0x0c, 0,
            ],
        ),
        &hie(0x21, &[0x00, 0x00, 0x00, 0x05]),
        &hie(0x1c, &[0x00]),
        &hie(0x1c, &[0x00, 0x00]),
        &hie(0x1c, &[0x00, 0x00, 0x00, 0x05, 1, 2]),
    ]);
    f.push((
        "header ies term2",
        cat(&[
            &fc(1, COMP | IES, 2, 2, 2),
            &[60],
            &PAN,
            &SHORT1,
            &SHORT2,
            &hies,
            &hie(0x7f, &[]),
            b"payload",
        ]),
    ));
    let mlme = cat(&[
        &mlme_s(0x1a, &[1, 2, 3, 4, 5, 6]),
        &mlme_s(0x1a, &[1, 2, 3, 4, 5]),
        &mlme_s(
            0x1b,
            &[1, 0, 0x65, 0, 2, 1, 0, 2, 0, 0x0f, 3, 0, 4, 0, 0x10],
        ),
        &mlme_s(0x1b, &[2, 0, 1, 0, 1]),
        &mlme_s(0x1c, &[7]),
        &mlme_s(0x1c, &(0..25).collect::<Vec<u8>>()),
        &mlme_s(0x1c, &(0..27).collect::<Vec<u8>>()),
        &mlme_s(0x1c, &[1, 2]),
        &mlme_s(0x21, &[9, 9]),
        &mlme_s(0x05, &[]),
        &mlme_l(0x09, &[3]),
        &mlme_l(
            0x09,
            &[
                3, 9, 10, 0, 0x78, 0x56, 0x34, 0x12, 0xff, 0x03, 2, 0, 0x0b, 0, 0x0c, 0, 5, 0,
            ],
        ),
        &mlme_l(0x09, &[3, 0, 4, 0, 1, 0, 0, 0, 1, 0, 0x11, 0x22]),
        &mlme_l(0x09, &[3, 0, 4]),
        &mlme_l(0x08, &[0x00, 0x12, 0x4b, 1, 2]),
        &mlme_l(0x08, &[0x00]),
        &mlme_l(0x03, &[1]),
    ]);
    let pies = cat(&[
        &pie(0x1, &mlme),
        &pie(0x2, &[0x00, 0x12, 0x4b, 0xaa]),
        &pie(0x2, &[0x00]),
        &pie(0x3, &[0x08, 0x34, 0x12, 0xde, 0xad]),
        &pie(0x3, &[0x09, 0xde]),
        &pie(0x3, &[0x0a, 0x00, 0x10, 0x00, 0x34, 0x12, 0x77]),
        &pie(0x3, &[0x0a, 0x03, 0x77]),
        &pie(0x3, &[0x0c, 0x04, 0x78]),
        &pie(0x3, &[0x0e]),
        &pie(0x3, &[0x0e, 0x00, 0x02]),
        &pie(0x3, &[0x0e, 0x01, 0x02, 0x03]),
        &pie(0x3, &[0x0b, 0x55]),
        &pie(0x3, &[0x08]),
        &pie(0x3, &[0x0a]),
        &pie(0x3, &[0x0a, 0x00, 0x01]),
        &pie(0x5, &[0x01, 0x02, 0x03]),
        &pie(0x7, &[0x01]),
        &pie(0x4, &[]),
        &pie(0xf, &[]),
    ]);
    f.push((
        "payload ies",
        cat(&[
            &fc(1, COMP | IES | SNS, 2, 2, 2),
            &PAN,
            &SHORT1,
            &SHORT2,
            &hie(0x1e, &[0x05, 0x00]),
            &hie(0x7e, &[]),
            &pies,
            b"after",
        ]),
    ));
    f.push((
        "payload ies encrypted",
        cat(&[
            &fc(1, COMP | IES | SEC, 2, 2, 2),
            &[61],
            &PAN,
            &SHORT1,
            &SHORT2,
            &[0x0d, 1, 0, 0, 0, 4],
            &hie(0x7e, &[]),
            &pie(0x1, &[1, 2]),
            &[0xd0; 4],
        ]),
    ));
    f.push((
        "payload ie type 0 and cut",
        cat(&[
            &fc(1, COMP | IES, 2, 2, 2),
            &[62],
            &PAN,
            &SHORT1,
            &SHORT2,
            &hie(0x7e, &[]),
            &mlme_s(0x1a, &[1, 2]),
            &pie(0x1, &[9]),
        ]),
    ));
    f.push((
        "header ie type 1 and reserved id",
        cat(&[
            &fc(1, COMP | IES, 2, 2, 2),
            &[63],
            &PAN,
            &SHORT1,
            &SHORT2,
            &(0x8000u16 | 2).to_le_bytes(),
            &[1, 2],
            &(0x4000u16 | 1).to_le_bytes(),
            &[3],
            &hie(0x1a, &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
        ]),
    ));
    f.push((
        "mlme ie cut",
        cat(&[
            &fc(1, COMP | IES, 2, 2, 2),
            &[64],
            &PAN,
            &SHORT1,
            &SHORT2,
            &hie(0x7e, &[]),
            &pie(0x1, &[0x05, 0x1a, 1, 2, 3]),
            &pie(0x1, &[0x05]),
        ]),
    ));
    // Multipurpose frames: short and long frame control.
    f.push((
        "multipurpose short",
        cat(&[&[0x05 | 0xa0, 0x71], &SHORT1, &EXT1, b"mp"]),
    ));
    f.push((
        "multipurpose long",
        cat(&[
            &(0x05u16 | 1 << 3 | 2 << 4 | 3 << 6 | 1 << 8 | 1 << 11 | 1 << 14 | 1 << 12)
                .to_le_bytes(),
            &[72],
            &PAN,
            &SHORT1,
            &EXT1,
            b"mp long",
        ]),
    ));
    f.push((
        "multipurpose long secured ies",
        cat(&[
            &(0x05u16 | 1 << 3 | 2 << 4 | 1 << 8 | 1 << 9 | 1 << 10 | 1 << 15 | 2 << 12)
                .to_le_bytes(),
            &PAN,
            &SHORT1,
            &[0x05, 1, 0, 0, 0, 2],
            &hie(0x7e, &[]),
            &pie(0x5, &[7]),
            &pie(0xf, &[]),
            b"x",
            &[0xe0; 4],
        ]),
    ));
    f.push((
        "multipurpose bad mode",
        cat(&[&[0x05 | 0x10, 0x73], &SHORT1]),
    ));
    f.push(("reserved frame", vec![0x04, 0x00, 1, 2, 3]));
    f.push(("fragment frame", vec![0x06, 0x00, 1, 2, 3]));
    f.push(("extended frame", vec![0x07, 0x00, 1, 2, 3]));
    f
}

/// The fixtures of 802.15.4 with FCS: each frame with a 2-byte FCS, some with a 4-byte one
/// or none, and cut variants.
pub fn ieee802154_fcs_packets() -> Vec<Pkt> {
    let mut l = Pkts::new(1_700_000_000_000_000_000);
    for (name, f) in frames() {
        l.add(name, fcs2(f.clone()));
        if name.starts_with("data v0") || name.starts_with("beacon v0 gts") {
            l.add(name, fcs4(f.clone()));
        }
        if name.starts_with("header") || name == "cmd realign 7" {
            l.add(name, f.clone());
        }
    }
    for (name, f) in frames() {
        if matches!(
            name,
            "data v1 ext short" | "beacon v0 gts pending" | "secured level 2 key source 8"
        ) || name.starts_with("multipurpose")
            || name == "cmd disassoc other end"
        {
            l.add_cuts(name, fcs2(f), 40);
        }
    }
    l.add("one byte", vec![0x41]);
    l.pkts
}

/// The fixtures of 802.15.4 without FCS.
pub fn ieee802154_nofcs_packets() -> Vec<Pkt> {
    let mut l = Pkts::new(1_700_000_100_000_000_000);
    for (name, f) in frames().into_iter().take(20) {
        l.add(name, f);
    }
    l.pkts
}

/// The fixtures of the TAP pseudo-header: a header with TLVs before a frame, an invalid
/// version, a length below 4, a header longer than the record, and a cut header.
pub fn ieee802154_tap_packets() -> Vec<Pkt> {
    let mut l = Pkts::new(1_700_000_200_000_000_000);
    let frames = frames();
    let tap = |hdr_len: u16, version: u8, frame: &[u8]| {
        let mut v = vec![version, 0];
        v.extend_from_slice(&hdr_len.to_le_bytes());
        v.resize(usize::from(hdr_len).max(4), 0x11);
        v.extend_from_slice(frame);
        v
    };
    for (name, f) in frames.iter().take(6) {
        l.add(name, tap(4, 0, &fcs2(f.clone())));
        l.add(name, tap(12, 0, f));
    }
    l.add("tap bad version", tap(4, 1, &frames[0].1));
    l.add("tap short length", tap(2, 0, &frames[0].1));
    l.add("tap long header", tap(200, 0, &[])[..20].to_vec());
    l.add_cuts("tap cut", tap(8, 0, &fcs2(frames[1].1.clone())), 12);
    l.pkts
}

/// A list of packets one second apart.
struct Pkts {
    pkts: Vec<Pkt>,
    t: u64,
}

impl Pkts {
    fn new(t: u64) -> Pkts {
        Pkts {
            pkts: Vec::new(),
            t,
        }
    }

    fn add(&mut self, name: &'static str, data: Vec<u8>) {
        let len = data.len() as u32;
        self.add_len(name, data, len);
    }

    fn add_len(&mut self, name: &'static str, data: Vec<u8>, orig_len: u32) {
        self.t += 1_000_250_000;
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: self.t,
            strict: false,
        });
    }

    /// `data` cut to each length below `upto`, and whole.
    fn add_cuts(&mut self, name: &'static str, data: Vec<u8>, upto: usize) {
        let len = data.len() as u32;
        for keep in 1..upto.min(data.len()) {
            self.add_len(name, data[..keep].to_vec(), len);
        }
        self.add(name, data);
    }
}
