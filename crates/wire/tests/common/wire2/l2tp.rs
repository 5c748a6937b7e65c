//! L2TP (UDP port 1701): control messages carrying every IETF AVP tcpdump decodes, hidden,
//! mandatory and vendor AVPs, the values too short for their type, a ZLB, data messages with
//! PPP, offsets and sequence numbers, L2F, an unknown version, bad lengths and cut variants.

use super::*;

/// An AVP: flags (M, H), vendor, type, value.
fn avp(m: bool, h: bool, vendor: u16, t: u16, v: &[u8]) -> Vec<u8> {
    let len = 6 + v.len() as u16;
    let head = len | if m { 0x8000 } else { 0 } | if h { 0x4000 } else { 0 };
    cat(&[
        &head.to_be_bytes(),
        &vendor.to_be_bytes(),
        &t.to_be_bytes(),
        v,
    ])
}

/// A control message (T, L, S set) of tunnel 5, session 0 with `avps`.
fn ctrl(avps: &[u8]) -> Vec<u8> {
    let len = 12 + avps.len() as u16;
    cat(&[
        &0xc802u16.to_be_bytes(),
        &len.to_be_bytes(),
        &[0, 5, 0, 0, 0, 1, 0, 2],
        avps,
    ])
}

/// AVPs in a row.
fn avps(v: &[Vec<u8>]) -> Vec<u8> {
    v.concat()
}

fn l2(payload: &[u8]) -> Vec<u8> {
    u4(1701, 1701, payload)
}

pub fn l2tp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_320_000_000_000_000);
    let sccrq = avps(&[
        avp(true, false, 0, 0, &[0, 1]),
        avp(true, false, 0, 2, &[1, 0]),
        avp(true, false, 0, 3, &[0, 0, 0, 3]),
        avp(false, false, 0, 4, &[0, 0, 0, 2]),
        avp(false, false, 0, 5, &[1, 2, 3, 4, 5, 6, 7, 8]),
        avp(false, false, 0, 6, &[0x06, 0x80]),
        avp(true, false, 0, 7, b"lac.example"),
        avp(false, false, 0, 8, b"prom\x01isc\xe9"),
        avp(true, false, 0, 9, &[0x12, 0x34]),
        avp(true, false, 0, 10, &[0, 4]),
        avp(false, false, 0, 11, &[0xde, 0xad, 0xbe, 0xef]),
    ]);
    b.add("l2tp sccrq", false, l2(&ctrl(&sccrq)));
    let stopccn = avps(&[
        avp(true, false, 0, 0, &[0, 4]),
        avp(true, false, 0, 9, &[0, 9]),
        avp(true, false, 0, 1, &[0, 2, 0, 6, b'b', b'y', b'e']),
    ]);
    b.add("l2tp stopccn result", false, l2(&ctrl(&stopccn)));
    let icrq = avps(&[
        avp(true, false, 0, 0, &[0, 10]),
        avp(true, false, 0, 14, &[0, 7]),
        avp(true, false, 0, 15, &[0, 0, 0x30, 0x39]),
        avp(false, false, 0, 18, &[0, 0, 0, 3]),
        avp(false, false, 0, 21, b"5551234"),
        avp(false, false, 0, 22, b"5550000"),
        avp(false, false, 0, 23, b"sub"),
        avp(false, false, 0, 25, &[0, 0, 0, 9]),
        avp(false, false, 0, 16, &[0, 0, 1, 44]),
        avp(false, false, 0, 17, &[0, 1, 0, 0]),
    ]);
    b.add("l2tp icrq", false, l2(&ctrl(&icrq)));
    let iccn = avps(&[
        avp(true, false, 0, 0, &[0, 12]),
        avp(true, false, 0, 24, &[0, 0, 0xfa, 0]),
        avp(true, false, 0, 19, &[0, 0, 0, 1]),
        avp(false, false, 0, 20, &[0, 1]),
        avp(false, false, 0, 26, &[1, 0, 0, 4]),
        avp(false, false, 0, 27, &[2, 0, 0, 4]),
        avp(false, false, 0, 28, &[3, 0, 0, 4]),
        avp(false, false, 0, 29, &[0, 2]),
        avp(false, false, 0, 30, b"user"),
        avp(false, false, 0, 31, &[9, 9]),
        avp(false, false, 0, 32, &[0x12, 0x05]),
        avp(false, false, 0, 33, &[7; 16]),
        avp(false, false, 0, 38, &[0, 0, 0xfa, 0]),
        avp(true, false, 0, 39, &[]),
        avp(false, false, 0, 36, &[1, 2]),
        avp(false, false, 0, 37, b"grp"),
    ]);
    b.add("l2tp iccn", false, l2(&ctrl(&iccn)));
    let cdn = avps(&[
        avp(true, false, 0, 0, &[0, 14]),
        avp(true, false, 0, 1, &[0, 3]),
        avp(true, false, 0, 12, &[0, 16, 0x2a, b'o', b'k']),
        avp(false, false, 0, 46, &[0, 1, 0xc0, 0x21, 1, b'x']),
        avp(false, false, 0, 46, &[0, 2, 0xc0, 0x21, 9]),
        avp(false, false, 0, 13, &[5; 16]),
    ]);
    b.add("l2tp cdn", false, l2(&ctrl(&cdn)));
    let wen = avps(&[
        avp(true, false, 0, 0, &[0, 15]),
        avp(
            true,
            false,
            0,
            34,
            &cat(&[
                &[0, 0],
                &[0, 0, 0, 1],
                &[0, 0, 0, 2],
                &[0, 0, 0, 3],
                &[0, 0, 0, 4],
                &[0, 0, 0, 5],
                &[0, 0, 0, 6],
            ]),
        ),
        avp(true, false, 0, 34, &[0, 0, 0, 0, 0, 1, 0, 0]),
    ]);
    b.add("l2tp wen", false, l2(&ctrl(&wen)));
    let sli = avps(&[
        avp(true, false, 0, 0, &[0, 16]),
        avp(
            true,
            false,
            0,
            35,
            &[0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x0a],
        ),
        avp(true, false, 0, 35, &[0, 0, 0xff, 0xff]),
    ]);
    b.add("l2tp sli", false, l2(&ctrl(&sli)));
    let odd = avps(&[
        avp(true, false, 0, 0, &[0, 99]),
        avp(true, true, 0, 7, b"secret"),
        avp(false, false, 0x0137, 0x0042, &[0xab, 0xcd]),
        avp(false, false, 0, 200, &[1]),
        avp(false, false, 0, 29, &[0, 9]),
        avp(false, false, 0, 46, &[0, 1, 0xc0, 0x21, 7]),
    ]);
    b.add("l2tp hidden vendor unknown", false, l2(&ctrl(&odd)));
    let short = avps(&[
        avp(true, false, 0, 0, &[1]),
        avp(false, false, 0, 1, &[0]),
        avp(false, false, 0, 1, &[0, 1, 2]),
        avp(false, false, 0, 2, &[]),
        avp(false, false, 0, 3, &[0, 0]),
        avp(false, false, 0, 4, &[]),
        avp(false, false, 0, 5, &[1, 2]),
        avp(false, false, 0, 9, &[1]),
        avp(false, false, 0, 12, &[1, 2]),
        avp(false, false, 0, 13, &[1; 4]),
        avp(false, false, 0, 15, &[1, 2]),
        avp(false, false, 0, 18, &[1]),
        avp(false, false, 0, 19, &[1]),
        avp(false, false, 0, 29, &[1]),
        avp(false, false, 0, 32, &[]),
        avp(false, false, 0, 34, &[0]),
        avp(false, false, 0, 35, &[0, 0, 1]),
        avp(false, false, 0, 46, &[0, 1, 2, 3]),
    ]);
    b.add("l2tp too short values", false, l2(&ctrl(&short)));
    b.add("l2tp zlb", false, l2(&ctrl(&[])));
    // An AVP that claims more than the message has, and one under its header's length.
    b.add(
        "l2tp avp past message",
        false,
        l2(&ctrl(&[0x80, 0x40, 0, 0, 0, 0, 0, 1])),
    );
    b.add(
        "l2tp avp length under 6",
        false,
        l2(&ctrl(&[0x80, 0x04, 0, 0, 0, 0])),
    );
    // T without L; a length larger than the packet; one smaller than the header.
    b.add("l2tp no length", false, l2(&[0x80, 0x02, 0, 5, 0, 0]));
    b.add(
        "l2tp length larger",
        false,
        l2(&[0xc0, 0x02, 0x01, 0x00, 0, 5, 0, 0]),
    );
    b.add(
        "l2tp length smaller",
        false,
        l2(&[0xc0, 0x02, 0, 4, 0, 5, 0, 0]),
    );
    // Data messages: PPP (LCP echo, IPv4) with the offset and priority flags and sequence
    // numbers.
    let lcp = [0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 0];
    b.add(
        "l2tp data ppp lcp",
        false,
        l2(&cat(&[&[0x00, 0x02, 0, 5, 0, 9], &lcp])),
    );
    b.add(
        "l2tp data offset seq priority",
        false,
        l2(&cat(&[
            &[0x0b, 0x02, 0, 5, 0, 9, 0, 3, 0, 4, 0, 2, 0xaa, 0xbb],
            &lcp,
        ])),
    );
    b.add("l2f", false, l2(&[0, 1, 0, 0]));
    b.add("l2tp version 3", false, l2(&[0, 3, 0, 0]));
    // Cut inside an AVP, in the header, in the offset padding and in the PPP frame.
    let whole = l2(&ctrl(&sccrq));
    b.add_len(
        "l2tp cut in avp",
        false,
        whole[..whole.len() - 20].to_vec(),
        whole.len() as u32,
    );
    b.add_len(
        "l2tp cut in header",
        false,
        whole[..14 + 20 + 8 + 5].to_vec(),
        whole.len() as u32,
    );
    let off = l2(&[0x02, 0x02, 0, 5, 0, 9, 0, 8, 1, 2]);
    b.add_len(
        "l2tp cut in offset pad",
        false,
        off.clone(),
        off.len() as u32 + 6,
    );
    let data = l2(&cat(&[&[0x00, 0x02, 0, 5, 0, 9], &lcp]));
    b.add_len(
        "l2tp cut in ppp",
        false,
        data[..data.len() - 5].to_vec(),
        data.len() as u32,
    );
    b.pkts
}
