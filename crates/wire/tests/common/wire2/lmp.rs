//! LMP (UDP port 701) messages carrying every object class and class type the printer
//! decodes: control channel, node, link, interface and message IDs, configuration, hello, TE
//! and data links with their subobjects, verification, channel status, error codes and UNI
//! service configuration; unknown classes and class types, bodies of the wrong length, bad
//! object and subobject lengths, header lengths too short and too long, special bandwidths,
//! another version, and cut variants.

use super::*;

/// An object: class type (`0x80` for negotiable), class, length, body.
fn obj(ctype: u8, class: u8, body: &[u8]) -> Vec<u8> {
    let len = (4 + body.len()) as u16;
    cat(&[&[ctype, class], &len.to_be_bytes(), body])
}

/// A message of type `t` with header flags `flags` whose length field reads `len`.
fn msg_len(flags: u8, t: u8, len: u16, objs: &[Vec<u8>]) -> Vec<u8> {
    cat(&[
        &[0x10, 0, flags, t],
        &len.to_be_bytes(),
        &[0, 0],
        &objs.concat(),
    ])
}

/// A message of type `t` whose length field is right.
fn msg(flags: u8, t: u8, objs: &[Vec<u8>]) -> Vec<u8> {
    let len = 8 + objs.iter().map(Vec::len).sum::<usize>();
    msg_len(flags, t, len as u16, objs)
}

/// Over UDP from port 701 to 701, IPv4.
fn u4(m: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(IP_A, IP_B, 17, &udp(701, 701, &IP_A, &IP_B, m)),
    )
}

/// Over UDP from port 49152 to 701, IPv6.
fn u6(m: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x86dd,
        &ipv6(IP6_A, IP6_B, 17, 64, &udp(49152, 701, &IP6_A, &IP6_B, m)),
    )
}

/// A 32-bit word.
fn w(v: u32) -> [u8; 4] {
    v.to_be_bytes()
}

/// A bandwidth in bytes per second as an IEEE single.
fn bw(v: f32) -> [u8; 4] {
    v.to_bits().to_be_bytes()
}

/// The Data Link object's Interface Switching Type subobject.
fn switching(sw: u8, enc: u8, min: [u8; 4], max: [u8; 4]) -> Vec<u8> {
    cat(&[&[1, 12, sw, enc], &min, &max])
}

pub fn lmp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_320_000_000_000_000);
    let config = msg(
        0,
        1,
        &[
            obj(0x81, 1, &w(5)),
            obj(1, 5, &w(0x0102_0304)),
            obj(0x81, 2, &IP_C),
            obj(0x81, 6, &[0, 10, 0, 40]),
        ],
    );
    both(
        &mut b,
        "lmp config",
        "lmp config cut",
        u4(&config),
        14 + 20 + 8 + 22,
    );
    b.add(
        "lmp config ack v6",
        false,
        u6(&msg(
            1,
            2,
            &[obj(2, 1, &w(6)), obj(2, 5, &w(7)), obj(2, 2, &IP_A)],
        )),
    );
    b.add(
        "lmp config nack",
        false,
        u4(&msg(2, 3, &[obj(1, 6, &[0, 15, 0, 45])])),
    );
    b.add(
        "lmp hello",
        false,
        u4(&msg(3, 4, &[obj(1, 7, &cat(&[&w(100), &w(99)]))])),
    );
    let te4 = cat(&[&[3, 0, 0, 0], &IP_A, &IP_B]);
    let te6 = cat(&[&[1, 0, 0, 0], &IP6_A, &IP6_B]);
    let te_u = cat(&[&[4, 0, 0, 0], &w(17), &w(0xffff_fff0)]);
    let dl4 = cat(&[
        &[2, 0, 0, 0],
        &IP_A,
        &IP_C,
        &switching(150, 8, bw(1_250_000.0), bw(1.25e9)),
        &switching(51, 2, bw(7812.5), bw(0.1)),
        &cat(&[&[2, 8, 0, 0], &w(1550)]),
    ]);
    let dl6 = cat(&[&[7, 0, 0, 0], &IP6_A, &IP6_B]);
    let dl_u = cat(&[
        &[0, 0, 0, 0],
        &w(3),
        &w(4),
        &cat(&[&[2, 8, 0, 0], &w(1310)]),
        &cat(&[&[9, 4, 0, 0]]),
    ]);
    b.add(
        "lmp link summary",
        false,
        u4(&msg(
            0,
            14,
            &[
                obj(1, 5, &w(9)),
                obj(0x81, 11, &te4),
                obj(2, 11, &te6),
                obj(3, 11, &te_u),
                obj(0x81, 12, &dl4),
                obj(2, 12, &dl6),
                obj(3, 12, &dl_u),
            ],
        )),
    );
    let special = cat(&[
        &[1, 0, 0, 0],
        &IP_A,
        &IP_B,
        &switching(200, 99, bw(f32::NAN), bw(-f32::NAN)),
        &switching(77, 11, bw(f32::INFINITY), bw(-3.0e6)),
        &switching(4, 5, bw(-0.0), bw(3.4e38)),
    ]);
    b.add(
        "lmp link summary ack bandwidths",
        false,
        u4(&msg(0, 15, &[obj(1, 12, &special)])),
    );
    let subobj_errs = [
        ("lmp data link subobj too short", [2u8, 2, 0, 0]),
        ("lmp data link subobj not multiple of 4", [2, 6, 0, 0]),
        ("lmp data link subobj past end", [2, 8, 0, 0]),
    ];
    for (name, sub) in subobj_errs {
        let body = cat(&[&[0, 0, 0, 0], &w(1), &w(2), &sub]);
        b.add(name, false, u4(&msg(0, 16, &[obj(3, 12, &body)])));
    }
    // A 4-byte switching subobject ends the message: its bandwidths lie past the capture.
    let short_sw = cat(&[&[0, 0, 0, 0], &w(1), &w(2), &[1, 4, 150, 8]]);
    b.add(
        "lmp data link switching past capture",
        false,
        u4(&msg(0, 14, &[obj(3, 12, &short_sw)])),
    );
    let verify = cat(&[
        &[0, 3, 0, 50],
        &w(12),
        &[5, 0, 0x80, 0x00],
        &bw(2.5e8),
        &w(1550),
    ]);
    let verify2 = cat(&[
        &[0, 0, 0x01, 0x00],
        &w(0),
        &[99, 0, 0x1f, 0x40],
        &bw(0.0),
        &w(0),
    ]);
    b.add(
        "lmp begin verify",
        false,
        u4(&msg(
            0,
            5,
            &[
                obj(1, 3, &IP_A),
                obj(2, 3, &IP_B),
                obj(3, 3, &IP6_A),
                obj(4, 3, &IP6_B),
                obj(5, 3, &w(21)),
                obj(6, 3, &w(22)),
                obj(0x81, 8, &verify),
                obj(1, 8, &verify2),
            ],
        )),
    );
    b.add(
        "lmp begin verify ack",
        false,
        u4(&msg(0, 6, &[obj(1, 9, &[0, 30, 0, 2]), obj(1, 10, &w(77))])),
    );
    b.add(
        "lmp end verify",
        false,
        u4(&msg(0, 8, &[obj(1, 10, &w(77))])),
    );
    let cs4 = cat(&[&IP_A, &w(0x8000_0001), &IP_B, &w(0x4000_0002), &[1, 2]]);
    let cs6 = cat(&[&IP6_A, &w(0xc000_0003), &IP6_B, &w(9)]);
    let cs_u = cat(&[&w(8), &w(0x03ff_ffff)]);
    b.add(
        "lmp channel status",
        false,
        u4(&msg(
            0,
            17,
            &[
                obj(1, 4, &IP_A),
                obj(2, 4, &IP_B),
                obj(3, 4, &IP6_A),
                obj(4, 4, &IP6_B),
                obj(5, 4, &w(30)),
                obj(6, 4, &w(31)),
                obj(1, 13, &cs4[..cs4.len() - 2]),
                obj(2, 13, &cs6),
                obj(3, 13, &cs_u),
            ],
        )),
    );
    b.add(
        "lmp channel status request",
        false,
        u4(&msg(
            0,
            19,
            &[
                obj(1, 14, &cat(&[&IP_A, &IP_B])),
                obj(2, 14, &cat(&[&IP6_A, &IP6_B])),
                obj(3, 14, &cat(&[&w(1), &w(2), &w(3)])),
                obj(4, 14, &w(4)),
            ],
        )),
    );
    b.add(
        "lmp error codes",
        false,
        u4(&msg(
            0,
            7,
            &[
                obj(1, 20, &w(0x1f)),
                obj(2, 20, &w(0x3f)),
                obj(1, 20, &w(0)),
                obj(3, 20, &w(1)),
            ],
        )),
    );
    let cpsa =
        |link: u8, signal: u8| cat(&[&[link, signal, 7, 1], &[0, 1, 0, 4, 0, 2, 0, 64], &IP_C]);
    b.add(
        "lmp service config",
        false,
        u4(&msg(
            0,
            50,
            &[
                obj(1, 51, &[3, 1, 0, 0]),
                obj(2, 51, &cpsa(5, 8)),
                obj(2, 51, &cpsa(6, 12)),
                obj(2, 51, &cpsa(7, 1)),
                obj(2, 51, &cpsa(5, 99)),
                obj(3, 51, &[0, 0, 0, 3, 0, 0, 0, 1]),
                obj(4, 51, &[0, 0, 0, 7]),
                obj(5, 51, &w(1)),
            ],
        )),
    );
    b.add(
        "lmp service config ack nack",
        false,
        u4(&msg(0, 51, &[obj(1, 51, &[0, 2, 0, 0])])),
    );
    b.add(
        "lmp unknown class",
        false,
        u4(&msg(
            0,
            52,
            &[
                obj(1, 99, &cat(&[&w(0xdead_beef), &w(0x0102_0304)])),
                obj(0x89, 1, &w(5)),
            ],
        )),
    );
    b.add(
        "lmp wrong body lengths",
        false,
        u4(&msg(
            0,
            9,
            &[
                obj(1, 1, &cat(&[&w(1), &w(2)])),
                obj(1, 3, &[]),
                obj(3, 3, &w(1)),
                obj(5, 3, &[]),
                obj(1, 5, &[]),
                obj(2, 2, &[]),
                obj(1, 6, &[]),
                obj(1, 7, &w(1)),
                obj(1, 11, &w(1)),
                obj(2, 11, &w(1)),
                obj(1, 12, &w(1)),
                obj(2, 12, &w(1)),
                obj(1, 8, &w(1)),
                obj(1, 9, &[]),
                obj(1, 10, &[]),
                obj(1, 20, &[]),
                obj(1, 51, &[]),
                obj(2, 51, &w(0)),
                obj(3, 51, &w(0)),
                obj(4, 51, &[]),
            ],
        )),
    );
    b.add(
        "lmp object too short",
        false,
        u4(&msg(0, 10, &[cat(&[&[1, 1, 0, 2], &w(0)])])),
    );
    b.add(
        "lmp object not multiple of 4",
        false,
        u4(&msg(0, 11, &[cat(&[&[1, 1, 0, 6], &w(0)])])),
    );
    b.add(
        "lmp header too short",
        false,
        u4(&msg_len(0, 12, 4, &[obj(1, 1, &w(1))])),
    );
    b.add(
        "lmp header too long",
        false,
        u4(&msg_len(0, 13, 200, &[obj(1, 1, &w(1))])),
    );
    b.add(
        "lmp remaining objects short",
        false,
        u4(&msg_len(0, 18, 16, &[obj(1, 1, &w(1)), obj(1, 5, &w(2))])),
    );
    b.add(
        "lmp unknown type",
        false,
        u4(&msg(0xfc, 99, &[obj(1, 1, &w(1))])),
    );
    b.add("lmp version 2", false, u4(&[0x20, 0, 0, 1, 0, 8, 0, 0]));
    b.add("lmp empty", false, u4(&msg(0, 20, &[])));
    both(
        &mut b,
        "lmp header only",
        "lmp header cut",
        u4(&msg(0, 4, &[obj(1, 7, &cat(&[&w(1), &w(2)]))])),
        14 + 20 + 8 + 6,
    );
    let long = msg(
        0,
        14,
        &[obj(1, 5, &w(9)), obj(0x81, 12, &dl4), obj(3, 13, &cs_u)],
    );
    both(
        &mut b,
        "lmp link summary again",
        "lmp link summary cut in subobjects",
        u4(&long),
        14 + 20 + 8 + 8 + 4 + 12 + 14,
    );
    both(
        &mut b,
        "lmp channel status again",
        "lmp channel status cut at object header",
        u4(&msg(0, 17, &[obj(1, 4, &IP_A), obj(3, 13, &cs_u)])),
        14 + 20 + 8 + 8 + 2,
    );
    // A message length past a datagram whose UDP length leaves fewer bytes than the header:
    // tcpdump's unsigned remaining length wraps, and the objects are read until the capture
    // ends.
    for (name, m, udp_payload) in [
        (
            "lmp too long shorter than header",
            vec![0x10, 0, 0, 1, 0, 100, 0, 0, 0, 0],
            5u16,
        ),
        (
            "lmp too long with a zero object",
            vec![0x10, 0, 0, 1, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2],
            9,
        ),
    ] {
        let mut f = u4(&m);
        // The UDP length field, after the Ethernet and IPv4 headers.
        f[38..40].copy_from_slice(&(8 + udp_payload).to_be_bytes());
        b.add(name, false, f);
    }
    b.pkts
}
