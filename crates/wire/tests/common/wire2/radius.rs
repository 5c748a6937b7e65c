//! RADIUS messages whose attributes exercise every value printer of tcpdump's `-v` table:
//! strings with tunnel tags, numbers with named values, timeouts, addresses, IPv6 prefixes,
//! times, vendor attributes, EAP messages, RFC 5580's location attributes, ARAP's and the
//! error causes; bogus and cut attributes.

use super::*;

/// An attribute.
fn at(t: u8, v: &[u8]) -> Vec<u8> {
    cat(&[&[t, (v.len() + 2) as u8], v])
}

/// A RADIUS message of `code` with `attrs`.
fn msg(code: u8, id: u8, attrs: &[Vec<u8>]) -> Vec<u8> {
    let body = attrs.concat();
    let mut v = vec![code, id];
    v.extend_from_slice(&((20 + body.len()) as u16).to_be_bytes());
    v.extend((0..16u8).map(|i| i.wrapping_mul(17)));
    v.extend_from_slice(&body);
    v
}

/// RADIUS over UDP over IPv4, client port `sport` to `dport`.
fn r4(sport: u16, dport: u16, m: &[u8]) -> Vec<u8> {
    let (src, dst) = ([192, 0, 2, 5], [192, 0, 2, 1]);
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(src, dst, 17, &udp(sport, dport, &src, &dst, m)),
    )
}

/// A 32-bit value.
fn u32b(v: u32) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

/// The fixture's packets.
pub fn radius_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_240_000_000_000_000);
    let eap = [2, 0, 0, 10, 1, b'a', b'l', b'i', b'c', b'e'];
    let strings = msg(
        1,
        1,
        &[
            at(1, b"alice"),
            at(2, &[0x11; 16]),
            at(11, b"filter\x01x\0tail"),
            at(66, &[3, b'1', b'0', b'.', b'0']),
            at(67, b"server"),
            at(81, &[0, b'v', b'l']),
            at(69, &[5, 0x12, 0x34, b'p', b'w']),
            at(69, &[0x40, 0, 1, b'q']),
            at(58, b"1blue"),
            at(58, b"9red"),
            at(79, &eap),
            at(80, &[0x41; 16]),
            at(44, b"sess-1"),
        ],
    );
    both(
        &mut b,
        "radius strings",
        "radius strings cut",
        r4(40000, 1812, &strings),
        14 + 20 + 8 + 20 + 30,
    );
    let nums = msg(
        4,
        2,
        &[
            at(5, &u32b(50012)),
            at(6, &u32b(2)),
            at(6, &u32b(0)),
            at(6, &u32b(99)),
            at(7, &u32b(7)),
            at(10, &u32b(3)),
            at(13, &u32b(0)),
            at(15, &u32b(8)),
            at(29, &u32b(1)),
            at(40, &u32b(15)),
            at(45, &u32b(4)),
            at(49, &u32b(23)),
            at(57, &u32b(1)),
            at(61, &u32b(15)),
            at(61, &u32b(43)),
            at(64, &[1, 0, 0, 3]),
            at(65, &[0, 0, 0, 1]),
            at(72, &u32b(4)),
            at(76, &u32b(1)),
            at(23, &u32b(0xffff_fffe)),
            at(23, &u32b(77)),
            at(27, &u32b(45)),
            at(28, &u32b(600)),
            at(41, &u32b(7322)),
            at(46, &u32b(59)),
            at(85, &u32b(3600)),
            at(37, &u32b(0)),
            at(37, &u32b(9)),
            at(38, &u32b(0)),
            at(38, &u32b(10)),
            at(83, &[2, 0, 1, 0]),
            at(56, &[0x31, 0, 0, 100]),
            at(56, &[0x33, 0, 0, 5]),
            at(12, &[5, 0xdc]),
            at(62, &u32b(1)),
        ],
    );
    b.add("radius numbers", false, r4(40001, 1813, &nums));
    let addrs = msg(
        2,
        3,
        &[
            at(4, &[10, 0, 0, 1]),
            at(8, &u32b(0xffff_ffff)),
            at(8, &u32b(0xffff_fffe)),
            at(14, &[10, 0, 0, 2]),
            at(9, &[255, 255, 255]),
            at(95, &IP6_B),
            at(98, &IP6_A[..8]),
            at(97, &[0, 64, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 1]),
            at(97, &[0, 0]),
            at(97, &[0, 80, 0x20, 1, 0x0d, 0xb8]),
            at(97, &[0]),
            at(97, &[0, 129, 1, 2]),
            at(123, &cat(&[&[0, 56], &IP6_B[..7]])),
            at(125, &cat(&[&[32], &IP6_A])),
            at(125, &cat(&[&[200], &IP6_A])),
            at(125, &[1, 2]),
        ],
    );
    b.add("radius addresses", false, r4(1812, 40002, &addrs));
    let loc = msg(
        1,
        4,
        &[
            at(126, b"0tadig"),
            at(126, b"1example.net"),
            at(126, b"4x"),
            at(126, b"3"),
            at(
                127,
                &cat(&[
                    &[0, 1, 0, 0],
                    &u32b(0xe2b2_45a7),
                    &u32b(0x89ab_cdef),
                    &u32b(0xe2b3_0000),
                    &u32b(0),
                    b"GPS",
                ]),
            ),
            at(127, &cat(&[&[0, 2, 7, 9], &[0; 16], b"x"])),
            at(127, &[0; 10]),
            at(128, b"\0\x01my location"),
            at(128, b"\0"),
            at(
                129,
                &cat(&[
                    &[0x80, 0x01],
                    &u32b(0xe2b4_0000),
                    &u32b(0x4000_0000),
                    b"note",
                ]),
            ),
            at(129, &cat(&[&[0, 0], &u32b(0), &u32b(0)])),
            at(129, &[1, 2, 3]),
            at(55, &u32b(1_700_000_000)),
            at(55, &[1]),
            at(124, &[0, 0, 0x06, 0, 0, 0, 0, 0x03]),
            at(124, &[0; 8]),
            at(124, &[1]),
        ],
    );
    b.add("radius location", false, r4(40003, 1812, &loc));
    let strange = msg(
        11,
        5,
        &[
            at(70, &[0xab; 16]),
            at(70, &[1; 3]),
            at(71, &[1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            at(71, &[0, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            at(71, &[0]),
            at(84, &[0xcd; 8]),
            at(84, &[1, 2]),
            at(101, &u32b(404)),
            at(101, &u32b(999)),
            at(101, &[1]),
            at(
                26,
                &cat(&[&u32b(9), &at(1, b"ip:addr=1"), &at(2, b"\x01x")]),
            ),
            at(26, &cat(&[&u32b(99999), &[1, 1]])),
            at(26, &cat(&[&u32b(311), &[1, 9, b'a']])),
            at(26, &[0, 0]),
            at(3, &[1, 2, 3]),
            at(200, b"unknown"),
            at(0, b"zero"),
            at(17, b"unassigned"),
        ],
    );
    b.add(
        "radius strange and vendor",
        false,
        r4(1700, 40004, &strange),
    );
    let mut bogus = msg(5, 6, &[at(1, b"bob"), vec![31, 1, 0, 0]]);
    b.add(
        "radius attribute length one",
        false,
        r4(1813, 40005, &bogus),
    );
    bogus = msg(40, 7, &[at(1, b"bob"), vec![31, 40, b'x']]);
    b.add("radius attribute past end", false, r4(3799, 40006, &bogus));
    bogus = msg(43, 8, &[at(1, b"bob"), vec![31]]);
    b.add("radius attribute one byte", false, r4(40007, 3799, &bogus));
    let cut = msg(
        1,
        9,
        &[at(1, b"carol"), at(4, &[10, 0, 0, 9]), at(31, b"00-11-22")],
    );
    let full = r4(40008, 1645, &cut);
    b.add_len(
        "radius cut in number",
        false,
        full[..14 + 28 + 20 + 7 + 3].to_vec(),
        full.len() as u32,
    );
    b.add_len(
        "radius cut in string",
        false,
        full[..14 + 28 + 20 + 7 + 6 + 5].to_vec(),
        full.len() as u32,
    );
    let v6 = msg(12, 10, &[at(32, b"nas-6"), at(95, &IP6_A)]);
    b.add(
        "radius ipv6",
        false,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, 64, &udp(40009, 1646, &IP6_A, &IP6_B, &v6)),
        ),
    );
    b.pkts
}
