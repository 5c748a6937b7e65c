//! RPL (RFC 6550) in ICMPv6 type 155: DIS, DIO (grounded, every mode of operation, a mode
//! tcpdump has no name for, every option type, an option longer than the message), DAO with and
//! without its DODAG ID and the K flag, DAO-ACK with and without its DODAG ID, the lengths
//! tcpdump calls too short or invalid, a secured message, an unknown code; cut variants.

use super::*;

/// An RPL message `body` (after the ICMPv6 type, code and checksum) of `code` from a link-local
/// address to all nodes, in Ethernet.
fn rpl(code: u8, body: &[u8]) -> Vec<u8> {
    let m = icmp6(155, code, body, &LL_A, &ALL_NODES);
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(LL_A, ALL_NODES, 58, 255, &m))
}

/// Where the RPL base object starts in a frame built by [`rpl`].
const BODY: usize = 14 + 40 + 4;

/// A DODAG ID.
const DAGID: [u8; 16] = [
    0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
];

/// A DIO base object: instance, version, rank, the G/MOP/PRF byte, DTSN.
fn dio(instance: u8, rank: u16, mopprf: u8, dtsn: u8) -> Vec<u8> {
    let r = rank.to_be_bytes();
    cat(&[&[instance, 1, r[0], r[1], mopprf, dtsn, 0, 0], &DAGID])
}

/// The fixture's packets.
pub fn rpl_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_270_000_000_000_000);
    b.add("rpl dis", false, rpl(0, &[0, 0, 1, 0, 0, 0]));
    let opts = cat(&[
        &[0],
        &[1, 2, 0, 0],
        &[2, 6, 0, 0, 7, 0, 0x01, 0x00],
        &[3, 4, 0x40, 0x08, 0, 0],
        &[4, 14, 0, 8, 3, 1, 0, 0, 1, 0, 0, 0xff, 0xff, 0x00, 0x3c, 0],
        &[8, 6, 64, 0x18, 0, 0, 0x0e, 0x10],
        &[9, 3, 1, 2, 3],
        &[0x20, 0],
        &[0],
    ]);
    let grounded = rpl(1, &cat(&[&dio(30, 256, 0x80 | 1 << 3 | 2, 240), &opts]));
    both(
        &mut b,
        "rpl dio grounded options",
        "rpl dio cut in options",
        grounded,
        BODY + 24 + 9,
    );
    let plain = rpl(1, &dio(1, 0xffff, 3 << 3 | 7, 0));
    both(
        &mut b,
        "rpl dio storing-multicast",
        "rpl dio cut in dagid",
        plain,
        BODY + 12,
    );
    b.add("rpl dio nonstoring", false, rpl(1, &dio(2, 512, 0, 9)));
    b.add(
        "rpl dio nonstoring-multicast",
        false,
        rpl(1, &dio(2, 512, 2 << 3, 9)),
    );
    b.add(
        "rpl dio mop 6",
        false,
        rpl(1, &cat(&[&dio(3, 1, 6 << 3 | 1, 4), &[1, 0]])),
    );
    b.add(
        "rpl dio option too long",
        false,
        rpl(1, &cat(&[&dio(3, 1, 1 << 3, 4), &[5, 20, 0, 128, 1, 2]])),
    );
    b.add(
        "rpl dio option type only",
        false,
        rpl(1, &cat(&[&dio(3, 1, 1 << 3, 4), &[6]])),
    );
    b.add("rpl dio too short", false, rpl(1, &dio(3, 1, 8, 4)[..20]));
    let target = cat(&[&[5, 18, 0, 128], &IP6_B]);
    let transit = [6, 4, 0, 0, 9, 0xff];
    let dao = rpl(2, &cat(&[&[42, 0xc0, 0, 7], &DAGID, &target, &transit]));
    both(
        &mut b,
        "rpl dao ack dagid target transit",
        "rpl dao cut in target",
        dao,
        BODY + 20 + 10,
    );
    b.add(
        "rpl dao no dagid",
        false,
        rpl(2, &cat(&[&[1, 0, 0, 200], &target, &[0, 0]])),
    );
    b.add(
        "rpl dao no dagid option cut",
        false,
        rpl(2, &cat(&[&[1, 0, 0, 200], &[0; 14], &[5, 30, 0, 0]])),
    );
    b.add("rpl dao uncaptured struct", false, rpl(2, &[1, 0x40, 0, 3]));
    b.add(
        "rpl dao 16 bytes",
        false,
        rpl(2, &cat(&[&[1, 0x40, 0, 3], &DAGID[..12]])),
    );
    let ack = rpl(3, &cat(&[&[43, 0x80, 11, 0], &DAGID]));
    both(
        &mut b,
        "rpl dao-ack dagid",
        "rpl dao-ack cut in dagid",
        ack,
        BODY + 4 + 8,
    );
    b.add(
        "rpl dao-ack no dagid option",
        false,
        rpl(3, &[7, 0, 12, 1, 1, 1, 0]),
    );
    b.add(
        "rpl dao-ack dagid too short",
        false,
        rpl(3, &[7, 0x80, 12, 1]),
    );
    let mut tiny = rpl(3, &[7, 0]);
    tiny.truncate(BODY + 2);
    b.add("rpl dao-ack base cut", false, tiny);
    b.add("rpl secured dio", false, rpl(0x81, &dio(1, 1, 8, 1)));
    b.add("rpl unknown code", false, rpl(5, &[0, 0, 0, 0]));
    b.add(
        "rpl dio two bytes",
        false,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &ipv6(LL_A, ALL_NODES, 58, 255, &[155, 1]),
        ),
    );
    b.pkts
}
