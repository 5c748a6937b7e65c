//! NSH after EtherType 0x894f and in VXLAN-GPE: MD type 1 with its four context headers, MD
//! type 2 with TLVs (padded, empty, too long), IPv4, IPv6, Ethernet and unknown next
//! protocols, a version other than 0, and the lengths tcpdump calls invalid; cut variants.

use super::*;

/// A base header and service path header.
#[allow(clippy::too_many_arguments)]
fn hdr(ver: u8, o: bool, ttl: u8, len: u8, md: u8, np: u8, spi: u32, si: u8) -> Vec<u8> {
    let base: u32 = u32::from(ver) << 30
        | u32::from(o) << 29
        | u32::from(ttl) << 22
        | u32::from(len) << 16
        | u32::from(md) << 8
        | u32::from(np);
    let mut v = base.to_be_bytes().to_vec();
    v.extend_from_slice(&(spi << 8 | u32::from(si)).to_be_bytes());
    v
}

/// NSH in Ethernet.
fn en(p: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x894f, p)
}

/// The fixture's packets.
pub fn nsh_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_250_000_000_000_000);
    let inner4 = ipv4(IP_A, IP_B, 17, &udp(52229, 8000, &IP_A, &IP_B, b"begin\n"));
    let ctx: Vec<u8> = (1..=4u32).flat_map(|i| i.to_be_bytes()).collect();
    let md1 = cat(&[&hdr(0, false, 63, 6, 1, 1, 0x309, 7), &ctx, &inner4]);
    both(
        &mut b,
        "nsh md1 ipv4",
        "nsh md1 ipv4 cut in context",
        en(&md1),
        14 + 14,
    );
    let tlvs = cat(&[
        &[0, 1, 2, 1, 0x12, 0, 0, 0],
        &[0, 2, 3, 0],
        &[0x01, 0x00, 9, 0x86, 1, 2, 3, 4, 5, 6, 0, 0],
    ]);
    let inner6 = ipv6(IP6_A, IP6_B, 59, 64, &[]);
    let md2 = cat(&[&hdr(0, true, 2, 8, 2, 2, 0xffffff, 0xff), &tlvs, &inner6]);
    both(
        &mut b,
        "nsh md2 ipv6",
        "nsh md2 ipv6 cut in tlv",
        en(&md2),
        14 + 8 + 6,
    );
    let md2_frame = en(&md2);
    b.add_len(
        "nsh cut in service path",
        false,
        md2_frame[..14 + 6].to_vec(),
        60,
    );
    b.add_len(
        "nsh cut in tlv value",
        false,
        md2_frame[..14 + 8 + 21].to_vec(),
        60,
    );
    let big = cat(&[&hdr(0, false, 0, 3, 2, 1, 1, 1), &[0, 1, 2, 8]]);
    b.add("nsh md2 tlv too big", false, en(&big));
    let inner_eth = eth(MAC_A, MAC_B, 0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B));
    b.add(
        "nsh ethernet",
        false,
        en(&cat(&[&hdr(0, false, 1, 2, 15, 3, 0x10, 2), &inner_eth])),
    );
    b.add(
        "nsh unknown next protocol",
        false,
        en(&cat(&[
            &hdr(0, false, 1, 2, 9, 0x77, 0x10, 2),
            &[1, 2, 3, 4],
        ])),
    );
    b.add(
        "nsh next nsh",
        false,
        en(&cat(&[&hdr(0, false, 1, 2, 0, 4, 0x10, 2), &[1, 2, 3, 4]])),
    );
    b.add(
        "nsh version 1",
        false,
        en(&cat(&[&hdr(1, false, 1, 2, 1, 1, 0x10, 2), &inner4])),
    );
    b.add(
        "nsh md1 bad length",
        false,
        en(&cat(&[
            &hdr(0, false, 1, 3, 1, 1, 0x10, 2),
            &[0; 4],
            &inner4,
        ])),
    );
    b.add(
        "nsh one header",
        false,
        en(&cat(&[&hdr(0, false, 1, 1, 1, 1, 0x10, 2), &inner4])),
    );
    let mut short = en(&hdr(0, false, 1, 40, 1, 1, 0x10, 2));
    short.truncate(14 + 8);
    b.add("nsh too many headers", false, short);
    let mut tiny = en(&[0, 0, 0, 0, 0]);
    tiny.truncate(14 + 5);
    b.add("nsh packet too short", false, tiny);
    let gpe = cat(&[&[0x0c, 0, 0, 4, 0xff, 0xff, 0xff, 0], &md2]);
    let (src, dst) = (IP_A, IP_B);
    b.add(
        "nsh in vxlan-gpe",
        false,
        eth(
            MAC_B,
            MAC_A,
            0x0800,
            &ipv4(src, dst, 17, &udp(4790, 4790, &src, &dst, &gpe)),
        ),
    );
    b.pkts
}
