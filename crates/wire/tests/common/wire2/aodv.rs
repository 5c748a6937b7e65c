//! AODV (RFC 3561) on UDP port 654 in IPv4 and IPv6: route requests (with HELLO, bad-length
//! HELLO, unknown and cut extensions), replies, errors (the no-delete flag, more destinations
//! than the length holds), reply acknowledgements, the IPv6 draft's types 16 to 19, an unknown
//! type, lengths too short for the fixed part; cut variants.

use super::*;

/// An AODV message over UDP 654 in IPv4, in Ethernet.
fn v4(m: &[u8]) -> Vec<u8> {
    let (src, dst) = (IP_A, IP_B);
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(src, dst, 17, &udp(654, 654, &src, &dst, m)),
    )
}

/// An AODV message over UDP 654 in IPv6, in Ethernet.
fn v6(m: &[u8]) -> Vec<u8> {
    let u = udp(654, 654, &IP6_A, &IP6_B, m);
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 17, 64, &u))
}

/// Where the AODV message starts in a frame built by [`v4`] and [`v6`].
const AT4: usize = 14 + 20 + 8;
const AT6: usize = 14 + 40 + 8;

/// A route request in IPv4: type, flags, hops, ID, destination, its sequence, originator, its
/// sequence.
fn rreq4(flags: u8, hops: u8) -> Vec<u8> {
    cat(&[
        &[1, flags, 0, hops],
        &0xdead_beef_u32.to_be_bytes(),
        &IP_C,
        &7u32.to_be_bytes(),
        &IP_A,
        &9u32.to_be_bytes(),
    ])
}

/// A route reply in IPv4.
fn rrep4(ty: u8, ps: u8) -> Vec<u8> {
    cat(&[
        &[ty, 0x40, ps, 2],
        &IP_C,
        &11u32.to_be_bytes(),
        &IP_A,
        &3000u32.to_be_bytes(),
    ])
}

/// The fixture's IPv4 packets.
fn ipv4_packets(b: &mut B) {
    b.add("aodv rreq", false, v4(&rreq4(0xf8, 3)));
    let hello = cat(&[&rreq4(0, 1), &[1, 4, 0, 0, 0x03, 0xe8][..]]);
    both(
        b,
        "aodv rreq hello",
        "aodv rreq hello cut",
        v4(&hello),
        AT4 + 24 + 4,
    );
    b.add(
        "aodv rreq hello bad length",
        false,
        v4(&cat(&[&rreq4(0, 1), &[1, 2, 0, 0, 0, 1][..]])),
    );
    b.add(
        "aodv rreq hello short",
        false,
        v4(&cat(&[&rreq4(0, 1), &[1, 4, 0][..]])),
    );
    b.add(
        "aodv rreq unknown extension",
        false,
        v4(&cat(&[&rreq4(0, 1), &[9, 3, 1, 2, 3][..]])),
    );
    b.add(
        "aodv rreq one byte more",
        false,
        v4(&cat(&[&rreq4(0, 1), &[1][..]])),
    );
    let ext_cut = v4(&cat(&[&rreq4(0, 1), &[7, 2, 0, 0][..]]));
    b.add_len(
        "aodv rreq cut in extension",
        false,
        ext_cut[..AT4 + 25].to_vec(),
        ext_cut.len() as u32,
    );
    both(
        b,
        "aodv rreq whole",
        "aodv rreq cut",
        v4(&rreq4(0, 1)),
        AT4 + 20,
    );
    b.add("aodv rreq short", false, v4(&rreq4(0, 1)[..20]));
    b.add("aodv rrep", false, v4(&rrep4(2, 0xff)));
    b.add(
        "aodv rrep hello",
        false,
        v4(&cat(&[&rrep4(2, 3), &[1, 6, 0, 0, 0, 100, 0, 0][..]])),
    );
    both(
        b,
        "aodv rrep whole",
        "aodv rrep cut",
        v4(&rrep4(2, 8)),
        AT4 + 13,
    );
    b.add("aodv rrep short", false, v4(&rrep4(2, 8)[..19]));
    let rerr = cat(&[
        &[3, 0x80, 0, 2][..],
        &IP_C,
        &5u32.to_be_bytes(),
        &IP_B,
        &6u32.to_be_bytes(),
    ]);
    both(b, "aodv rerr", "aodv rerr cut", v4(&rerr), AT4 + 4 + 8 + 3);
    let rerr_over = cat(&[&[3, 0, 0, 3][..], &IP_C, &5u32.to_be_bytes(), &[1, 2, 3]]);
    b.add("aodv rerr too many", false, v4(&rerr_over));
    b.add("aodv rerr none", false, v4(&[3, 0, 0, 0]));
    b.add("aodv rerr short", false, v4(&[3, 0, 0]));
    b.add("aodv rrep-ack", false, v4(&[4, 0]));
    b.add("aodv rrep-ack draft", false, v4(&[19, 0, 1, 2]));
    b.add("aodv unknown type", false, v4(&[99, 1, 2]));
    b.add("aodv empty", false, v4(&[]));
    let cut = v4(&rreq4(0, 1));
    b.add_len(
        "aodv cut before type",
        false,
        cut[..AT4].to_vec(),
        cut.len() as u32,
    );
}

/// The fixture's IPv6 packets (RFC 3561's messages with IPv6 addresses, and the draft's).
fn ipv6_packets(b: &mut B) {
    let rreq = cat(&[
        &[1, 0, 0, 4][..],
        &1u32.to_be_bytes(),
        &IP6_B,
        &2u32.to_be_bytes(),
        &IP6_A,
        &3u32.to_be_bytes(),
    ]);
    both(b, "aodv6 rreq", "aodv6 rreq cut", v6(&rreq), AT6 + 30);
    b.add(
        "aodv6 rreq hello",
        false,
        v6(&cat(&[&rreq, &[1, 4, 0, 0, 1, 0][..]])),
    );
    let rrep = cat(&[
        &[2, 0, 0x25, 1][..],
        &IP6_B,
        &4u32.to_be_bytes(),
        &IP6_A,
        &60_000u32.to_be_bytes(),
    ]);
    both(b, "aodv6 rrep", "aodv6 rrep cut", v6(&rrep), AT6 + 40);
    let rerr = cat(&[&[3, 0, 0, 1][..], &IP6_B, &8u32.to_be_bytes()]);
    b.add("aodv6 rerr", false, v6(&rerr));
    let draft_rreq = cat(&[
        &[16, 0, 0, 2][..],
        &5u32.to_be_bytes(),
        &6u32.to_be_bytes(),
        &7u32.to_be_bytes(),
        &IP6_B,
        &IP6_A,
        &[5, 0],
    ]);
    b.add("aodv6 draft rreq", false, v6(&draft_rreq));
    let draft_rrep = cat(&[
        &[17, 0, 0x0a, 3][..],
        &9u32.to_be_bytes(),
        &IP6_B,
        &IP6_A,
        &500u32.to_be_bytes(),
    ]);
    b.add("aodv6 draft rrep", false, v6(&draft_rrep));
    b.add("aodv6 draft rrep short", false, v6(&draft_rrep[..40]));
    let draft_rerr = cat(&[
        &[18, 0x80, 0, 2][..],
        &IP6_A,
        &1u32.to_be_bytes(),
        &IP6_B,
        &2u32.to_be_bytes(),
    ]);
    both(
        b,
        "aodv6 draft rerr",
        "aodv6 draft rerr cut",
        v6(&draft_rerr),
        AT6 + 4 + 20 + 10,
    );
    b.add("aodv draft rreq in ipv4", false, v4(&draft_rreq));
    b.add("aodv6 rrep-ack", false, v6(&[4, 0]));
}

/// The fixture's packets.
pub fn aodv_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_300_000_000_000_000);
    ipv4_packets(&mut b);
    ipv6_packets(&mut b);
    b.pkts
}
