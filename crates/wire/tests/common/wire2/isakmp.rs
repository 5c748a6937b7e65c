//! ISAKMP, IKEv1 and IKEv2 messages built byte by byte: an IKEv1 main-mode exchange (so the
//! initiator and responder marks follow the remembered cookies), every IKEv1 payload type and
//! attribute table, IKEv2 exchanges with every payload type, the flags, IPv6, the NAT-T port
//! after the non-ESP marker, the user ports, and cut and malformed variants.

use super::*;

/// UDP over IPv4 from `src` to `dst`.
fn u4from(src: [u8; 4], dst: [u8; 4], sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(src, dst, 17, &udp(sport, dport, &src, &dst, payload)),
    )
}

/// UDP over IPv6.
fn u6(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x86dd,
        &ipv6(
            IP6_A,
            IP6_B,
            17,
            64,
            &udp(sport, dport, &IP6_A, &IP6_B, payload),
        ),
    )
}

/// A generic payload header and its body.
fn pl(np: u8, critical: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![np, critical];
    v.extend_from_slice(&((body.len() + 4) as u16).to_be_bytes());
    v.extend_from_slice(body);
    v
}

/// An ISAKMP message: cookies, first payload, version, exchange, flags, message ID and the
/// payloads; its length field right unless `len` is given.
#[allow(clippy::too_many_arguments)]
fn msg(
    icky: u64,
    rcky: u64,
    np: u8,
    vers: u8,
    etype: u8,
    flags: u8,
    msgid: u32,
    body: &[u8],
    len: Option<u32>,
) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&icky.to_be_bytes());
    v.extend_from_slice(&rcky.to_be_bytes());
    v.extend_from_slice(&[np, vers, etype, flags]);
    v.extend_from_slice(&msgid.to_be_bytes());
    let l = len.unwrap_or(28 + body.len() as u32);
    v.extend_from_slice(&l.to_be_bytes());
    v.extend_from_slice(body);
    v
}

/// A basic (TV) attribute.
fn tv(t: u16, v: u16) -> Vec<u8> {
    cat(&[&(t | 0x8000).to_be_bytes(), &v.to_be_bytes()])
}

/// A variable (TLV) attribute.
fn tlv(t: u16, v: &[u8]) -> Vec<u8> {
    cat(&[&t.to_be_bytes(), &(v.len() as u16).to_be_bytes(), v])
}

/// IKEv1 messages.
fn v1(b: &mut B) {
    let ia = IP_A;
    let ib = IP_B;
    let ic = [198, 51, 100, 9];
    let ick = 0x1122_3344_5566_7788u64;
    let rck = 0x99aa_bbcc_ddee_ff00u64;
    let oakley = cat(&[
        &tv(1, 7),
        &tv(14, 128),
        &tv(2, 2),
        &tv(4, 2),
        &tv(3, 1),
        &tv(11, 1),
        &tlv(12, &[0, 1, 0x51, 0x80]),
        &tv(5, 9),
        &tv(40, 3),
        &tv(1, 99),
    ]);
    let t1 = pl(3, 0, &cat(&[&[1, 1, 0, 0], &oakley]));
    let t2 = pl(0, 0, &cat(&[&[2, 7, 0, 0], &tv(1, 5)]));
    let prop = pl(0, 0, &cat(&[&[1, 1, 0, 2], &t1, &t2]));
    let sa = pl(
        13,
        0,
        &cat(&[&1u32.to_be_bytes(), &1u32.to_be_bytes(), &prop]),
    );
    let vid = pl(0, 0, b"0123456789abcdef");
    let first = msg(ick, 0, 1, 0x10, 2, 0, 0, &cat(&[&sa, &vid]), None);
    b.add("ike v1 main sa", false, u4from(ia, ib, 500, 500, &first));
    let reply = msg(ick, rck, 1, 0x10, 2, 0, 0, &cat(&[&sa, &vid]), None);
    b.add(
        "ike v1 main sa reply",
        false,
        u4from(ib, ia, 500, 500, &reply),
    );
    let ke = pl(10, 0, &[0xaa; 16]);
    let nonce = pl(20, 0, &(0..40u8).collect::<Vec<_>>());
    let natd = pl(0, 0, &[0xbb; 8]);
    let m3 = msg(
        ick,
        rck,
        4,
        0x10,
        2,
        0,
        0,
        &cat(&[&ke, &nonce, &natd]),
        None,
    );
    b.add("ike v1 ke nonce", false, u4from(ia, ib, 500, 500, &m3));
    b.add("ike v1 third party", false, u4from(ic, ib, 500, 500, &m3));
    let enc = msg(ick, rck, 5, 0x10, 2, 1, 0, &[0xcc; 32], None);
    b.add("ike v1 encrypted", false, u4from(ib, ia, 500, 500, &enc));
    let quick = msg(ick, rck, 8, 0x10, 32, 3, 0x0102_0304, &[0xdd; 24], None);
    b.add(
        "ike v1 quick commit",
        false,
        u4from(ia, ib, 500, 500, &quick),
    );
    b.add(
        "ike v1 unknown cookie",
        false,
        u4from(ia, ib, 500, 500, &msg(5, 6, 0, 0x10, 4, 0, 0, &[], None)),
    );
    // Every ID type, in phase 2 (the IPsec DOI's form).
    let ids: Vec<(u8, Vec<u8>)> = vec![
        (1, vec![192, 0, 2, 1]),
        (1, vec![192, 0, 2]),
        (2, b"vpn.example".to_vec()),
        (3, b"user@ex\x01\xc8".to_vec()),
        (4, vec![192, 0, 2, 0, 255, 255, 255, 0]),
        (4, vec![192, 0, 2, 0]),
        (5, [IP6_A, [0; 16]].concat()[..16].to_vec()),
        (5, vec![0x20, 1]),
        (6, [IP6_A, [0xff; 16]].concat()),
        (6, vec![0x20; 20]),
        (7, vec![192, 0, 2, 1, 192, 0, 2, 9]),
        (7, vec![1]),
        (8, [IP6_A, IP6_B].concat()),
        (8, vec![1; 8]),
        (9, vec![0x30, 0x03, 1, 2, 3]),
        (11, vec![0xde, 0xad]),
        (12, vec![1, 2, 3]),
    ];
    let mut body = Vec::new();
    for (i, (t, d)) in ids.iter().enumerate() {
        let np = if i + 1 == ids.len() { 0 } else { 5 };
        body.extend(pl(np, 0, &cat(&[&[*t, 17, 1, 244], d])));
    }
    b.add(
        "ike v1 ids",
        false,
        u4from(
            ia,
            ib,
            500,
            500,
            &msg(ick, rck, 5, 0x10, 32, 0, 7, &body, None),
        ),
    );
    let cert = pl(7, 0, &[4, 0x30, 0x82]);
    let cr = pl(8, 0, &[99]);
    let hash = pl(9, 0, &[0x11; 20]);
    let sig = pl(12, 0, &[0x22; 8]);
    let del = pl(
        11,
        0,
        &cat(&[
            &1u32.to_be_bytes(),
            &[3, 4],
            &2u16.to_be_bytes(),
            &[1, 2, 3, 4, 5, 6, 7, 8],
        ]),
    );
    let n_life = pl(
        11,
        0,
        &cat(&[
            &1u32.to_be_bytes(),
            &[1, 0],
            &24576u16.to_be_bytes(),
            &tv(11, 1),
            &tlv(12, &[0, 0, 0x0e, 0x10]),
        ]),
    );
    let n_replay = pl(
        11,
        0,
        &cat(&[
            &1u32.to_be_bytes(),
            &[3, 4],
            &24577u16.to_be_bytes(),
            &[1, 2, 3, 4],
            &[0, 0, 0, 1],
        ]),
    );
    let n_contact = pl(
        11,
        0,
        &cat(&[
            &1u32.to_be_bytes(),
            &[1, 16],
            &24578u16.to_be_bytes(),
            &[7; 16],
            b"some notification data here, long",
        ]),
    );
    let n_err = pl(
        11,
        0,
        &cat(&[&1u32.to_be_bytes(), &[2, 0], &14u16.to_be_bytes()]),
    );
    let n_other = pl(
        11,
        0,
        &cat(&[
            &2u32.to_be_bytes(),
            &[5, 2],
            &16384u16.to_be_bytes(),
            &[9, 9],
        ]),
    );
    let n_priv = pl(
        11,
        0,
        &cat(&[&1u32.to_be_bytes(), &[1, 0], &8192u16.to_be_bytes()]),
    );
    let n_big = pl(
        14,
        0,
        &cat(&[&1u32.to_be_bytes(), &[1, 0], &40000u16.to_be_bytes()]),
    );
    let unknown = pl(33, 0, &[1, 2, 3]);
    let v2inv1 = pl(46, 0, &[0x2a; 4]);
    let d2 = pl(
        0,
        0,
        &cat(&[&7u32.to_be_bytes(), &[9, 0], &0u16.to_be_bytes()]),
    );
    let body = cat(&[
        &cert, &cr, &hash, &sig, &del, &n_life, &n_replay, &n_contact, &n_err, &n_other, &n_priv,
        &n_big, &unknown, &v2inv1, &d2,
    ]);
    let m = msg(ick, rck, 6, 0x10, 5, 0, 9, &body, None);
    b.add("ike v1 info payloads", false, u4from(ia, ib, 500, 500, &m));
    // SA forms: another DOI, other situations, AH, ESP, IPComp and an unknown protocol.
    let ipsec_attrs = cat(&[
        &tv(1, 1),
        &tlv(2, &[0, 0, 0x70, 0x80]),
        &tv(3, 14),
        &tv(4, 1),
        &tv(5, 2),
        &tv(6, 256),
        &tv(9, 1),
        &tv(20, 1),
    ]);
    let tr = |np: u8, id: u8| pl(np, 0, &cat(&[&[1, id, 0, 0], &ipsec_attrs]));
    let p_ah = pl(2, 0, &cat(&[&[1, 2, 4, 1], &[0xa1; 4], &tr(0, 3)]));
    let p_esp = pl(
        2,
        0,
        &cat(&[&[2, 3, 4, 2], &[0xa2; 4], &tr(3, 12), &tr(0, 20)]),
    );
    let p_comp = pl(2, 0, &cat(&[&[3, 4, 2, 1], &[0, 5], &tr(0, 2)]));
    let p_x = pl(
        0,
        0,
        &cat(&[
            &[4, 9, 0, 1],
            &pl(0, 0, &[1, 1, 0, 0, 0x80, 1, 0, 2, 0, 2, 0, 1, 7]),
        ]),
    );
    let sa2 = pl(
        1,
        0,
        &cat(&[
            &1u32.to_be_bytes(),
            &7u32.to_be_bytes(),
            &0u32.to_be_bytes(),
            &p_ah,
            &p_esp,
            &p_comp,
            &p_x,
        ]),
    );
    let sa_other = pl(0, 0, &cat(&[&3u32.to_be_bytes(), &1u32.to_be_bytes()]));
    let m = msg(
        ick,
        rck,
        1,
        0x10,
        32,
        0,
        0x55,
        &cat(&[&sa2, &sa_other]),
        Some(999),
    );
    b.add("ike v1 quick sa forms", false, u4from(ib, ia, 500, 500, &m));
    let bad_attr = pl(
        0,
        0,
        &cat(&[&[1, 1, 0, 0], &tlv(12, &[1, 2, 3, 4, 5, 6])[..6]]),
    );
    let prop = pl(0, 0, &cat(&[&[1, 1, 0, 1], &bad_attr]));
    let sa3 = pl(
        0,
        0,
        &cat(&[&1u32.to_be_bytes(), &1u32.to_be_bytes(), &prop]),
    );
    b.add(
        "ike v1 attr past payload",
        false,
        u4from(ia, ib, 500, 500, &msg(ick, 0, 1, 0x10, 2, 0, 0, &sa3, None)),
    );
    b.add(
        "ike v1 zero length payload",
        false,
        u4from(
            ia,
            ib,
            500,
            500,
            &msg(ick, 0, 13, 0x10, 2, 0, 0, &[0, 0, 0, 2, 9, 9], None),
        ),
    );
    b.add(
        "ike v1 payload past end",
        false,
        u4from(
            ia,
            ib,
            500,
            500,
            &msg(ick, 0, 13, 0x10, 2, 0, 0, &[0, 0, 0, 40, 9, 9], None),
        ),
    );
    b.add(
        "ike v1 no payload room",
        false,
        u4from(
            ia,
            ib,
            500,
            500,
            &msg(ick, 0, 13, 0x10, 2, 0, 0, &[0, 0], None),
        ),
    );
    b.add(
        "ike v1 ipv6",
        false,
        u6(500, 500, &msg(0x77, 0, 13, 0x10, 2, 0, 0, &vid, None)),
    );
    b.add(
        "ike v1 ipv6 reply",
        false,
        u6(500, 500, &msg(0x77, 0x88, 13, 0x10, 2, 0, 0, &vid, None)),
    );
    b.add(
        "ike version 3",
        false,
        u4from(ia, ib, 7500, 500, &msg(1, 2, 0, 0x30, 2, 0, 0, &[], None)),
    );
    b.add(
        "ike user port",
        false,
        u4from(ia, ib, 40000, 8500, &msg(1, 0, 0, 0x10, 4, 0, 0, &[], None)),
    );
    b.add(
        "ike short",
        false,
        u4from(ia, ib, 500, 500, &[1, 2, 3, 4, 5, 6, 7, 8]),
    );
    // Cut at every length through the first message's SA.
    let whole = u4from(ia, ib, 500, 500, &first);
    for keep in (42..whole.len()).step_by(3) {
        b.add_len(
            "ike v1 main sa cut",
            false,
            whole[..keep].to_vec(),
            whole.len() as u32,
        );
    }
}

/// IKEv2 messages.
fn v2(b: &mut B) {
    let ick = 0x0102_0304_0506_0708u64;
    let rck = 0x1112_1314_1516_1718u64;
    let t = |np: u8, typ: u8, id: u16, attrs: &[u8]| {
        pl(np, 0, &cat(&[&[typ, 0], &id.to_be_bytes(), attrs]))
    };
    let transforms = cat(&[
        &t(3, 1, 12, &tv(14, 256)),
        &t(3, 1, 3, &[]),
        &t(3, 1, 40, &tv(2, 1)),
        &t(3, 2, 2, &[]),
        &t(3, 2, 9, &[]),
        &t(3, 3, 5, &[]),
        &t(3, 4, 14, &[]),
        &t(3, 4, 31, &[]),
        &t(3, 5, 1, &[]),
        &t(3, 9, 7, &tlv(3, &[1, 2])),
        &pl(0, 0x80, &[5, 0, 0, 0]),
    ]);
    let prop1 = pl(2, 0, &cat(&[&[1, 1, 0, 11], &transforms]));
    let prop2 = pl(0, 0, &cat(&[&[2, 3, 4, 1], &[0xab; 4], &t(0, 1, 12, &[])]));
    let sa = pl(34, 0, &cat(&[&prop1, &prop2]));
    let ke = pl(
        40,
        0x80,
        &cat(&[&14u16.to_be_bytes(), &[0, 0], &[0x5a; 32]]),
    );
    let nonce = pl(41, 0, &(0..32u8).collect::<Vec<_>>());
    let n = |np: u8, prot: u8, spi: &[u8], t: u16, data: &[u8]| {
        pl(
            np,
            0,
            &cat(&[&[prot, spi.len() as u8], &t.to_be_bytes(), spi, data]),
        )
    };
    let notifies = cat(&[
        &n(41, 0, &[], 16388, &[0x33; 20]),
        &n(41, 0, &[], 16390, &[0x44; 8]),
        &n(41, 0, &[], 16390, &[0x45; 40]),
        &n(41, 3, &[1, 2, 3, 4], 16393, &[]),
        &n(41, 3, &[1, 2, 3, 4], 16384, &[]),
        &n(41, 1, &[], 14, &[]),
        &n(41, 1, &[], 100, &[]),
        &n(41, 1, &[], 9000, &[]),
        &n(41, 1, &[], 20000, &[]),
        &n(41, 1, &[], 50000, &[1]),
        &n(41, 0, &[], 1, &[]),
        &n(41, 0, &[], 37, &[]),
        &n(43, 0, &[], 16395, &[]),
    ]);
    let vid = pl(0, 0, b"strongSwan\x00\x01");
    let init = msg(
        ick,
        0,
        33,
        0x20,
        34,
        0x08,
        0,
        &cat(&[&sa, &ke, &nonce, &notifies, &vid]),
        None,
    );
    b.add("ikev2 init", false, u4from(IP_A, IP_B, 500, 500, &init));
    let id = |np: u8, t: u8, d: &[u8]| pl(np, 0, &cat(&[&[t, 0, 0, 0], d]));
    let body = cat(&[
        &id(36, 1, &[192, 0, 2, 1]),
        &id(35, 2, b"host.example"),
        &id(36, 3, b"a@b\x01"),
        &id(36, 5, &IP6_A),
        &id(36, 9, &[0x30, 0]),
        &id(36, 10, &[1]),
        &id(36, 11, &[2, 3]),
        &id(37, 7, &[4]),
        &pl(38, 0, &[4, 0x30, 0x82, 1]),
        &pl(39, 0, &[4, 1, 2]),
        &pl(39, 0, &cat(&[&[2, 0, 0, 0], &[0x77; 12]])),
        &pl(39, 0, &[9, 0, 0, 0]),
        &pl(44, 0, &cat(&[&[1, 0, 0, 0], &[0x78; 40]])),
        &pl(45, 0, &[1, 0, 0, 0, 7, 0, 0, 16]),
        &pl(47, 0, &[1, 0, 0, 0, 7, 0, 0, 16]),
        &pl(48, 0, &[1, 0, 0, 0]),
        &pl(42, 0, &[2, 0, 0, 0]),
        &pl(13, 0, &[1, 0, 0, 0]),
        &pl(0, 0, &[1, 2, 3, 4, 5]),
    ]);
    let auth = msg(ick, rck, 35, 0x20, 35, 0x20, 1, &body, None);
    b.add(
        "ikev2 auth payloads",
        false,
        u4from(IP_B, IP_A, 500, 500, &auth),
    );
    let e = pl(0, 0, &[0x99; 24]);
    let m = msg(ick, rck, 46, 0x20, 36, 0x08, 2, &e, None);
    b.add(
        "ikev2 encrypted payload",
        false,
        u4from(IP_A, IP_B, 500, 500, &m),
    );
    let m = msg(ick, rck, 41, 0x20, 37, 0x29, 3, &[1, 2, 3], Some(10));
    b.add(
        "ikev2 encrypted flag",
        false,
        u4from(IP_A, IP_B, 500, 500, &m),
    );
    let ke_short = pl(0, 0, &[14, 0, 0]);
    let m = msg(ick, rck, 34, 0x20, 38, 0x10, 4, &ke_short, None);
    b.add("ikev2 ke short", false, u4from(IP_A, IP_B, 500, 500, &m));
    // An SA whose proposal overruns it, a transform that overruns its proposal, a zero
    // length transform, and a non-proposal inside.
    let sa_over = pl(0, 0, &cat(&[&[0, 0, 0, 40], &[1, 1, 0, 1]]));
    let m = msg(ick, rck, 33, 0x20, 34, 0, 0, &sa_over, None);
    b.add("ikev2 sa overrun", false, u4from(IP_A, IP_B, 500, 500, &m));
    let p_over = pl(0, 0, &cat(&[&[1, 1, 0, 1], &[0, 0, 0, 30, 1, 0, 0, 1]]));
    let m = msg(ick, rck, 33, 0x20, 34, 0, 0, &pl(0, 0, &p_over), None);
    b.add(
        "ikev2 transform overrun",
        false,
        u4from(IP_A, IP_B, 500, 500, &m),
    );
    let p_zero = pl(0, 0, &cat(&[&[1, 1, 0, 1], &[0, 0, 0, 4]]));
    let m = msg(ick, rck, 33, 0x20, 34, 0, 0, &pl(0, 0, &p_zero), None);
    b.add(
        "ikev2 transform zero",
        false,
        u4from(IP_A, IP_B, 500, 500, &m),
    );
    let p_other = pl(
        0,
        0,
        &cat(&[&[1, 1, 0, 2], &[7, 0, 0, 8, 1, 0, 0, 1], &t(0, 1, 3, &[])]),
    );
    let m = msg(
        ick,
        rck,
        33,
        0x20,
        34,
        0,
        0,
        &pl(0, 0, &cat(&[&p_other, &[9, 0, 0, 8, 0, 0, 0, 0]])),
        None,
    );
    b.add(
        "ikev2 sa other items",
        false,
        u4from(IP_A, IP_B, 500, 500, &m),
    );
    let p_spi_over = pl(0, 0, &[1, 1, 9, 0, 1, 2]);
    let m = msg(ick, rck, 33, 0x20, 34, 0, 0, &pl(0, 0, &p_spi_over), None);
    b.add("ikev2 spi overrun", false, u4from(IP_A, IP_B, 500, 500, &m));
    // IKEv1 payloads in an IKEv2 message (printed by IKEv1's printers, in the message's phase).
    let v1in2 = cat(&[&pl(13, 0, &[1, 17, 0, 0, 192, 0, 2, 1]), &pl(0, 0, &[1; 6])]);
    for (name, msgid) in [("ikev2 v1 payloads", 0u32), ("ikev2 v1 payloads child", 5)] {
        let m = msg(ick, rck, 5, 0x20, 36, 0, msgid, &v1in2, None);
        b.add(name, false, u4from(IP_A, IP_B, 500, 500, &m));
    }
    // Port 4500 after the non-ESP marker, and cut there.
    let natt = cat(&[&[0, 0, 0, 0], &init]);
    b.add("ikev2 nat-t", false, u4from(IP_A, IP_B, 4500, 4500, &natt));
    b.add_len(
        "ikev2 nat-t cut in header",
        false,
        u4from(IP_A, IP_B, 4500, 4500, &natt)[..42 + 4 + 20].to_vec(),
        (42 + natt.len()) as u32,
    );
    let whole = u4from(IP_A, IP_B, 500, 500, &init);
    for keep in (42..whole.len()).step_by(5) {
        b.add_len(
            "ikev2 init cut",
            false,
            whole[..keep].to_vec(),
            whole.len() as u32,
        );
    }
    let whole = u4from(IP_B, IP_A, 500, 500, &auth);
    for keep in (70..whole.len()).step_by(7) {
        b.add_len(
            "ikev2 auth cut",
            false,
            whole[..keep].to_vec(),
            whole.len() as u32,
        );
    }
}

/// The ISAKMP fixtures.
pub fn isakmp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_320_000_000_000_000);
    v1(&mut b);
    v2(&mut b);
    b.pkts
}
