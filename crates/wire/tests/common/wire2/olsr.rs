//! OLSR (RFC 3626) on UDP port 698 in IPv4 and IPv6: HELLO and HELLO-LQ links (every link
//! and neighbour type, an invalid link length), TC and TC-LQ, MID, HNA (olsr.org smart
//! gateways, contiguous and non-contiguous masks, more than four per line), name-service
//! entries (padding, invalid counts and lengths), Powerinfo and unknown types in hex, several
//! messages in a packet, invalid message lengths, a packet length shorter than the datagram;
//! cut variants in every part.

use super::*;

/// A message: type, vtime, size, `orig` (4 or 16 bytes), TTL, hop count, sequence, body.
fn msg(ty: u8, vtime: u8, orig: &[u8], seq: u16, body: &[u8]) -> Vec<u8> {
    let len = (orig.len() + 8 + body.len()) as u16;
    msg_len(ty, vtime, orig, seq, len, body)
}

/// [`msg`] with the size field given.
fn msg_len(ty: u8, vtime: u8, orig: &[u8], seq: u16, len: u16, body: &[u8]) -> Vec<u8> {
    cat(&[
        &[ty, vtime],
        &len.to_be_bytes(),
        orig,
        &[64, 1],
        &seq.to_be_bytes(),
        body,
    ])
}

/// A packet header (its length field `len`) and messages.
fn pkt_len(len: u16, seq: u16, msgs: &[Vec<u8>]) -> Vec<u8> {
    cat(&[&len.to_be_bytes(), &seq.to_be_bytes(), &msgs.concat()])
}

/// A packet header with the right length and messages.
fn pkt(seq: u16, msgs: &[Vec<u8>]) -> Vec<u8> {
    let len = (4 + msgs.iter().map(Vec::len).sum::<usize>()) as u16;
    pkt_len(len, seq, msgs)
}

/// An OLSR packet over UDP 698 in IPv4, in Ethernet.
fn v4(p: &[u8]) -> Vec<u8> {
    let (src, dst) = (IP_A, [192, 168, 1, 255]);
    eth(
        BCAST,
        MAC_A,
        0x0800,
        &ipv4(src, dst, 17, &udp(698, 698, &src, &dst, p)),
    )
}

/// An OLSR packet over UDP 698 in IPv6, in Ethernet.
fn v6(p: &[u8]) -> Vec<u8> {
    let m = udp(698, 698, &LL_A, &ALL_NODES, p);
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(LL_A, ALL_NODES, 17, 1, &m))
}

/// Where the OLSR packet starts in a frame built by [`v4`] and [`v6`].
const AT4: usize = 14 + 20 + 8;
const AT6: usize = 14 + 40 + 8;

/// IPv4 neighbours and originators.
const N1: [u8; 4] = [192, 168, 1, 11];
const N2: [u8; 4] = [192, 168, 1, 12];
const N3: [u8; 4] = [10, 20, 30, 41];

/// A HELLO link: link code, length, then its addresses.
fn link(code: u8, addrs: &[u8]) -> Vec<u8> {
    let len = (4 + addrs.len()) as u16;
    cat(&[&[code, 0], &len.to_be_bytes(), addrs])
}

/// A HELLO body: reserved, hello time, willingness, links.
fn hello(htime: u8, will: u8, links: &[Vec<u8>]) -> Vec<u8> {
    cat(&[&[0, 0, htime, will], &links.concat()])
}

/// An LQ neighbour entry.
fn lq(a: &[u8], q: u8, nq: u8) -> Vec<u8> {
    cat(&[a, &[q, nq, 0, 0]])
}

/// A name-service entry: type, length, address, name padded to four bytes.
fn name(ty: u16, a: &[u8], n: &[u8]) -> Vec<u8> {
    let pad = (4 - n.len() % 4) % 4;
    cat(&[
        &ty.to_be_bytes(),
        &(n.len() as u16).to_be_bytes(),
        a,
        n,
        &vec![0; pad],
    ])
}

/// The fixture's IPv4 packets.
fn ipv4_packets(b: &mut B) {
    let h = hello(
        0x05,
        3,
        &[
            link(0x06, &cat(&[&N1, &N2])),
            link(0x0b, &N3),
            link(0xfd, &[]),
            link(0x00, &cat(&[&N1, &N2, &N3, &IP_B, &IP_C])),
        ],
    );
    let hello_pkt = v4(&pkt(0x0102, &[msg(1, 0x2c, &IP_A, 0x10, &h)]));
    both(
        b,
        "olsr hello",
        "olsr hello cut in neighbors",
        hello_pkt,
        AT4 + 4 + 12 + 4 + 4 + 6,
    );
    let tc = cat(&[&[0x12, 0x34, 0, 0], &N1[..], &N2, &N3, &[1, 2]]);
    let tc_pkt = v4(&pkt(0x0103, &[msg(2, 0x06, &IP_A, 0x11, &tc)]));
    both(
        b,
        "olsr tc",
        "olsr tc cut in neighbors",
        tc_pkt,
        AT4 + 4 + 12 + 4 + 6,
    );
    let mid = cat(&[&IP_C[..], &N3, &[9, 9]]);
    let mid_pkt = v4(&pkt(0x0104, &[msg(3, 0x00, &IP_A, 0x12, &mid)]));
    both(b, "olsr mid", "olsr mid cut", mid_pkt, AT4 + 4 + 12 + 6);
    let hna = cat(&[
        &[0, 0, 0, 0, 0, 0x07, 0x48, 0x50][..],
        &[10, 1, 0, 0, 255, 255, 255, 0],
        &[10, 2, 0, 0, 255, 0, 255, 0],
        &[0, 0, 0, 0, 0, 0, 0, 0],
        &[0, 0, 0, 0, 0, 0x1e, 0xff, 0x01],
        &[0, 0, 0, 0, 0, 0x1f, 0xff, 0],
        &[172, 16, 0, 0, 255, 240, 0, 0],
        &[1, 2, 3],
    ]);
    let hna_pkt = v4(&pkt(0x0105, &[msg(4, 0x15, &IP_A, 0x13, &hna)]));
    both(b, "olsr hna", "olsr hna cut", hna_pkt, AT4 + 4 + 12 + 20);
    let hlq = hello(
        0xf0,
        7,
        &[
            link(0x0a, &[lq(&N1, 255, 128), lq(&N2, 0, 1)].concat()),
            link(0x02, &[lq(&N3, 77, 200), vec![5, 5, 5]].concat()),
        ],
    );
    let hlq_pkt = v4(&pkt(0x0106, &[msg(201, 0x26, &IP_A, 0x14, &hlq)]));
    both(
        b,
        "olsr hello-lq",
        "olsr hello-lq cut",
        hlq_pkt,
        AT4 + 4 + 12 + 4 + 4 + 10,
    );
    let tlq = cat(&[
        &[0xab, 0xcd, 0, 0][..],
        &lq(&N1, 100, 101),
        &lq(&IP_C, 254, 3),
        &[7, 7, 7],
    ]);
    let tlq_pkt = v4(&pkt(0x0107, &[msg(202, 0x33, &IP_A, 0x15, &tlq)]));
    both(
        b,
        "olsr tc-lq",
        "olsr tc-lq cut",
        tlq_pkt,
        AT4 + 4 + 12 + 4 + 12,
    );
    let ns = cat(&[
        &[0, 1, 0, 3][..],
        &name(0, &N1, b"host1"),
        &name(1, &N2, b"svc."),
        &name(0x1234, &N3, b"x\x01y"),
    ]);
    let ns_pkt = v4(&pkt(0x0108, &[msg(130, 0x40, &IP_A, 0x16, &ns)]));
    both(
        b,
        "olsr nameservice",
        "olsr nameservice cut in name",
        ns_pkt.clone(),
        AT4 + 4 + 12 + 4 + 4 + 6,
    );
    b.add_len(
        "olsr nameservice cut in header",
        false,
        ns_pkt[..AT4 + 4 + 12 + 2].to_vec(),
        ns_pkt.len() as u32,
    );
    let ns_bad = cat(&[&[0, 2, 0, 9][..], &name(0, &N1, b"ab")]);
    b.add(
        "olsr nameservice too many entries",
        false,
        v4(&pkt(0x0109, &[msg(130, 0, &IP_A, 1, &ns_bad)])),
    );
    let ns_zero = cat(&[&[0, 2, 0, 0][..], &name(0, &N1, b"ab")]);
    b.add(
        "olsr nameservice no entries",
        false,
        v4(&pkt(0x010a, &[msg(130, 0, &IP_A, 2, &ns_zero)])),
    );
    let ns_len = cat(&[&[0, 2, 0, 1][..], &[0, 5, 0, 40], &N1[..], b"abcd"]);
    b.add(
        "olsr nameservice entry too long",
        false,
        v4(&pkt(0x010b, &[msg(130, 0, &IP_A, 3, &ns_len)])),
    );
    let ns_pad = cat(&[&[0, 2, 0, 1][..], &[0, 5, 0, 5], &N1[..], b"abcde"]);
    b.add(
        "olsr nameservice padding missing",
        false,
        v4(&pkt(0x010c, &[msg(130, 0, &IP_A, 4, &ns_pad)])),
    );
    b.add(
        "olsr nameservice short",
        false,
        v4(&pkt(0x010d, &[msg(130, 0, &IP_A, 5, &[0, 1])])),
    );
    b.add(
        "olsr powerinfo",
        false,
        v4(&pkt(
            0x010e,
            &[msg(128, 0x11, &IP_A, 6, &[1, 2, 3, 4, 5, 6])],
        )),
    );
    b.add(
        "olsr unknown type",
        false,
        v4(&pkt(0x010f, &[msg(77, 0x11, &IP_A, 7, &[0xde, 0xad])])),
    );
    let two = pkt(
        0x0110,
        &[
            msg(1, 0x2c, &IP_A, 8, &hello(0x05, 6, &[link(0x06, &N1)])),
            msg(3, 0x2c, &IP_A, 9, &IP_C),
            msg(2, 0x2c, &IP_A, 10, &[0, 1, 0, 0]),
        ],
    );
    both(
        b,
        "olsr three messages",
        "olsr three messages cut in header",
        v4(&two),
        AT4 + 4 + 20 + 16 + 6,
    );
    b.add(
        "olsr message too short",
        false,
        v4(&pkt(0x0111, &[msg_len(2, 0, &IP_A, 1, 8, &[0, 1, 0, 0])])),
    );
    b.add(
        "olsr message too long",
        false,
        v4(&pkt(0x0112, &[msg_len(2, 0, &IP_A, 1, 99, &[0, 1, 0, 0])])),
    );
    b.add(
        "olsr message type 0",
        false,
        v4(&pkt(0x0113, &[msg(0, 0, &IP_A, 1, &[0, 1, 0, 0])])),
    );
    b.add(
        "olsr message size 0",
        false,
        v4(&pkt(0x0114, &[msg_len(2, 0, &IP_A, 1, 0, &[0, 1, 0, 0])])),
    );
    let shorter = pkt_len(
        20,
        0x0115,
        &[msg(3, 0, &IP_A, 1, &IP_C), msg(3, 0, &IP_A, 2, &N1)],
    );
    b.add("olsr packet length short", false, v4(&shorter));
    let hbad = hello(
        0x05,
        3,
        &[link(0x06, &N1), cat(&[&[0x06, 0, 0, 40][..], &N2])],
    );
    let hbad_pkt = pkt(
        0x0116,
        &[msg(1, 0, &IP_A, 1, &hbad), msg(3, 0, &IP_A, 2, &IP_C)],
    );
    b.add("olsr hello link invalid", false, v4(&hbad_pkt));
    let hzero = hello(0x05, 3, &[cat(&[&[0x06, 0, 0, 2][..], &N2])]);
    b.add(
        "olsr hello link too short",
        false,
        v4(&pkt(0x0117, &[msg(1, 0, &IP_A, 1, &hzero)])),
    );
    b.add(
        "olsr hello short",
        false,
        v4(&pkt(0x0118, &[msg(1, 0, &IP_A, 1, &[0, 0])])),
    );
    b.add(
        "olsr tc short",
        false,
        v4(&pkt(0x0119, &[msg(202, 0, &IP_A, 1, &[0, 0])])),
    );
    b.add("olsr tiny", false, v4(&[0, 2]));
    b.add("olsr header only", false, v4(&[0, 4, 0xff, 0xee]));
    let hdr_cut = v4(&pkt(0x011a, &[msg(3, 0, &IP_A, 1, &IP_C)]));
    b.add_len(
        "olsr cut in packet header",
        false,
        hdr_cut[..AT4 + 3].to_vec(),
        hdr_cut.len() as u32,
    );
}

/// The fixture's IPv6 packets.
fn ipv6_packets(b: &mut B) {
    let h = hello(
        0x05,
        3,
        &[link(0x06, &cat(&[&N1, &N2])), link(0x09, &IP6_B)],
    );
    b.add(
        "olsr6 hello",
        false,
        v6(&pkt(0x0201, &[msg(1, 0x2c, &IP6_A, 1, &h)])),
    );
    let hlq = hello(
        0x05,
        3,
        &[link(0x0a, &[lq(&IP6_B, 255, 51), lq(&LL_A, 1, 2)].concat())],
    );
    let hlq_pkt = v6(&pkt(0x0202, &[msg(201, 0x2c, &IP6_A, 2, &hlq)]));
    both(
        b,
        "olsr6 hello-lq",
        "olsr6 hello-lq cut",
        hlq_pkt,
        AT6 + 4 + 24 + 4 + 4 + 30,
    );
    let tlq = cat(&[&[0, 9, 0, 0][..], &lq(&IP6_B, 10, 20), &[1; 8]]);
    let tlq_pkt = v6(&pkt(0x0203, &[msg(202, 0x2c, &IP6_A, 3, &tlq)]));
    both(
        b,
        "olsr6 tc-lq",
        "olsr6 tc-lq cut",
        tlq_pkt,
        AT6 + 4 + 24 + 4 + 10,
    );
    let tc = cat(&[&[0, 9, 0, 0][..], &N1, &N2]);
    b.add(
        "olsr6 tc",
        false,
        v6(&pkt(0x0204, &[msg(2, 0x2c, &IP6_A, 4, &tc)])),
    );
    let mid = cat(&[&IP6_B[..], &LL_A, &[1, 2]]);
    b.add(
        "olsr6 mid",
        false,
        v6(&pkt(0x0205, &[msg(3, 0x2c, &IP6_A, 5, &mid)])),
    );
    let mut odd = [0xffu8; 16];
    odd[3] = 0xf0;
    let hna = cat(&[
        &IP6_B[..],
        &[0xff; 8],
        &[0; 8],
        &LL_A,
        &odd,
        &[0; 16],
        &[0; 16],
        &[3; 5],
    ]);
    let hna_pkt = v6(&pkt(0x0206, &[msg(4, 0x2c, &IP6_A, 6, &hna)]));
    both(b, "olsr6 hna", "olsr6 hna cut", hna_pkt, AT6 + 4 + 24 + 40);
    let ns = cat(&[&[0, 1, 0, 1][..], &name(2, &IP6_B, b"node.example")]);
    b.add(
        "olsr6 nameservice",
        false,
        v6(&pkt(0x0207, &[msg(130, 0x2c, &IP6_A, 7, &ns)])),
    );
    let cut = v6(&pkt(0x0208, &[msg(3, 0x2c, &IP6_A, 8, &IP6_B)]));
    b.add_len(
        "olsr6 cut in message header",
        false,
        cut[..AT6 + 4 + 20].to_vec(),
        cut.len() as u32,
    );
}

/// The fixture's packets.
pub fn olsr_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_290_000_000_000_000);
    ipv4_packets(&mut b);
    ipv6_packets(&mut b);
    b.pkts
}
