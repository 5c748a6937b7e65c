//! The fixtures of the MACsec, ESP, IPComp, RADIUS `-v`, NSH, RPL, CFM, RPKI-RTR, OLSR, AODV, Auto-RP and the other printers of issue
//! 22's second printer round, built byte by byte, one fixture per printer, with truncated and
//! invalid variants.

use super::*;

mod cfm;
mod dvmrp;
mod ipsec;
mod isakmp;
mod l2tp;
mod lisp;
mod lmp;
pub use cfm::cfm_fixture_packets;
pub use dvmrp::dvmrp_fixture_packets;
pub use isakmp::isakmp_fixture_packets;
mod aodv;
mod autorp;
mod macsec;
mod nsh;
mod olsr;
mod osi;
mod pptp;
mod radius;
mod rip;
mod rpki;
mod rpl;
pub use aodv::aodv_fixture_packets;
pub use autorp::autorp_fixture_packets;
pub use ipsec::ipsec_fixture_packets;
pub use l2tp::l2tp_fixture_packets;
pub use lisp::lisp_fixture_packets;
pub use lmp::lmp_fixture_packets;
pub use macsec::macsec_fixture_packets;
pub use nsh::nsh_fixture_packets;
pub use olsr::olsr_fixture_packets;
pub use osi::{osi_chdlc_fixture_packets, osi_fixture_packets, osi_fr_fixture_packets};
pub use pptp::pptp_fixture_packets;
pub use radius::radius_fixture_packets;
pub use rip::rip_fixture_packets;
pub use rpki::rpki_fixture_packets;
pub use rpl::rpl_fixture_packets;

/// A fixture builder starting at `t` ns.
fn builder(t: u64) -> B {
    B {
        pkts: Vec::new(),
        t,
    }
}

/// Bytes in a row.
fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Adds `name` whole and `cut` cut to `keep` bytes (its wire length kept).
fn both(b: &mut B, name: &'static str, cut: &'static str, data: Vec<u8>, keep: usize) {
    let wire = data.len() as u32;
    let mut short = data.clone();
    short.truncate(keep);
    b.add(name, false, data);
    b.add_len(cut, false, short, wire);
}

/// Records of a link type tcpdump has no printer for (LINKTYPE_USER0, 147): it prints
/// `UNSUPPORTED` and the record in hex and ASCII.
pub fn unsupported_link_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_260_000_000_000_000);
    b.add("unsupported short", false, vec![0x6c, 1, 1]);
    b.add(
        "unsupported text",
        false,
        b"l\x01\x01\x01/org/freedesktop/DBus\0\0".to_vec(),
    );
    b.add_len("unsupported cut", false, (0..40u8).collect(), 100);
    b.pkts
}

/// Microsoft NLB heartbeats (EtherType 0x886f): whole, tagged, and cut in the host
/// priority and in the host address.
pub fn msnlb_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_270_000_000_000_000);
    let hb = cat(&[
        &[0xbf, 1, 0xde, 0xc0, 6, 2, 0, 0],
        &[2, 0, 0, 0],
        &[192, 0, 2, 80],
        &[192, 0, 2, 82],
        &[1, 0, 0, 0, 1, 0, 9, 0],
    ]);
    let frame = eth(BCAST, MAC_A, 0x886f, &hb);
    b.add("msnlb heartbeat", false, frame.clone());
    b.add_len(
        "msnlb cut in priority",
        false,
        frame[..14 + 10].to_vec(),
        60,
    );
    b.add_len("msnlb cut in host ip", false, frame[..14 + 18].to_vec(), 60);
    b.add(
        "msnlb tagged",
        false,
        eth_tagged(BCAST, MAC_A, &[(0x8100, 7)], 0x886f, &hb),
    );
    b.pkts
}

/// UDP from `IP_A` port `sport` to `IP_B` port `dport` in Ethernet.
fn u4(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(IP_A, IP_B, 17, &udp(sport, dport, &IP_A, &IP_B, payload)),
    )
}

/// timed (UDP 525) messages of every printed form, and UDP port 4500's NAT keepalives, ESP in
/// UDP and IKE (left unprinted), with cut variants.
pub fn timed_natt_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_300_000_000_000_000);
    let tsp = |t: u8, time: [i32; 2], name: &[u8]| {
        cat(&[
            &[t, 1, 0x12, 0x34],
            &time[0].to_be_bytes(),
            &time[1].to_be_bytes(),
            name,
        ])
    };
    b.add(
        "timed masterreq",
        false,
        u4(525, 525, &tsp(3, [0, 0], b"host-a\0")),
    );
    b.add(
        "timed settime",
        false,
        u4(525, 525, &tsp(5, [1_700_000_000, 250], b"b\0")),
    );
    b.add(
        "timed adjtime negative",
        false,
        u4(525, 525, &tsp(1, [-1, 5], b"c\0")),
    );
    b.add(
        "timed adjtime minus two",
        false,
        u4(525, 525, &tsp(1, [-2, 5], b"c\0")),
    );
    b.add(
        "timed setdate bad usec",
        false,
        u4(525, 525, &tsp(22, [1, -1], b"d\0")),
    );
    b.add(
        "timed loop",
        false,
        u4(525, 525, &cat(&[&[24, 1, 0, 9, 7], &[0; 7], b"e\0"])),
    );
    b.add(
        "timed unknown type",
        false,
        u4(525, 525, &tsp(0x30, [0, 0], b"f\0")),
    );
    let cut = u4(525, 40000, &tsp(23, [1, 2], b"longname\0"));
    b.add_len(
        "timed cut in name",
        false,
        cut[..cut.len() - 5].to_vec(),
        cut.len() as u32,
    );
    b.add_len(
        "timed cut in time",
        false,
        cut[..14 + 28 + 6].to_vec(),
        cut.len() as u32,
    );
    b.add("natt keepalive", false, u4(4500, 4500, &[0xff]));
    b.add(
        "natt esp",
        false,
        u4(
            4500,
            4500,
            &cat(&[&[0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1], &[9; 20]]),
        ),
    );
    b.add(
        "natt ike",
        false,
        u4(4500, 4500, &[0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
    );
    b.add("natt short", false, u4(4500, 4500, &[1, 2]));
    let e = u4(40000, 4500, &[0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 1, 2]);
    b.add_len(
        "natt cut in marker",
        false,
        e[..14 + 28 + 2].to_vec(),
        e.len() as u32,
    );
    b.pkts
}

/// AppleTalk ARP (EtherType 0x80f3): request, reply, probe, a node-255 address, another
/// operation, a non-AppleTalk protocol type, a short length and a cut message.
pub fn aarp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_310_000_000_000_000);
    let msg = |op: u16, ptype: u16, dst_node: u8| {
        cat(&[
            &[0, 1],
            &ptype.to_be_bytes(),
            &[6, 4],
            &op.to_be_bytes(),
            &MAC_A,
            &[0, 0xff, 0x01, 0x2a],
            &[0; 6],
            &[0, 0x00, 0x10, dst_node],
        ])
    };
    b.add(
        "aarp request",
        false,
        eth(BCAST, MAC_A, 0x80f3, &msg(1, 0x809b, 7)),
    );
    b.add(
        "aarp reply",
        false,
        eth(MAC_B, MAC_A, 0x80f3, &msg(2, 0x809b, 7)),
    );
    b.add(
        "aarp probe net",
        false,
        eth(BCAST, MAC_A, 0x80f3, &msg(3, 0x809b, 255)),
    );
    b.add(
        "aarp other op",
        false,
        eth(BCAST, MAC_A, 0x80f3, &msg(9, 0x809b, 7)),
    );
    b.add(
        "aarp other ptype",
        false,
        eth(BCAST, MAC_A, 0x80f3, &msg(1, 0x0800, 7)),
    );
    b.add(
        "aarp zero ptype",
        false,
        eth(BCAST, MAC_A, 0x80f3, &msg(1, 0, 7)),
    );
    let full = eth(BCAST, MAC_A, 0x80f3, &msg(1, 0x809b, 7));
    b.add_len("aarp cut", false, full[..14 + 20].to_vec(), 60);
    b.add(
        "aarp tagged",
        false,
        eth_tagged(BCAST, MAC_A, &[(0x8100, 3)], 0x80f3, &msg(2, 0x809b, 9)),
    );
    b.pkts
}

/// IGRP (IP protocol 9): an update with interior, system and exterior routes, a request, an
/// unknown opcode, extra bytes, missing routes, a header shorter than its size, and a cut one.
pub fn igrp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_320_000_000_000_000);
    let hdr = |vop: u8, ni: u16, ns: u16, nx: u16| {
        cat(&[
            &[vop, 7, 0, 100],
            &ni.to_be_bytes(),
            &ns.to_be_bytes(),
            &nx.to_be_bytes(),
            &[0xab, 0xcd],
        ])
    };
    let rte = |net: [u8; 3], dly: u32, bw: u32| {
        cat(&[
            &net,
            &dly.to_be_bytes()[1..],
            &bw.to_be_bytes()[1..],
            &[5, 0xdc, 255, 1, 2],
        ])
    };
    let e4 = |p: &[u8]| eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_B, 9, p));
    let update = cat(&[
        &hdr(0x11, 1, 1, 1),
        &rte([1, 2, 3], 2000, 1000),
        &rte([10, 1, 0], 0xff_ffff, 0x10),
        &rte([172, 16, 0], 0, 0),
    ]);
    both(
        &mut b,
        "igrp update",
        "igrp update cut",
        e4(&update),
        14 + 20 + 12 + 20,
    );
    b.add("igrp request", false, e4(&hdr(0x12, 0, 0, 0)));
    b.add("igrp unknown op", false, e4(&hdr(0x25, 0, 0, 0)));
    b.add(
        "igrp extra bytes",
        false,
        e4(&cat(&[
            &hdr(0x11, 0, 1, 0),
            &rte([1, 2, 3], 1, 1),
            &rte([4, 5, 6], 1, 1),
        ])),
    );
    b.add("igrp missing routes", false, e4(&hdr(0x11, 2, 0, 0)));
    b.add_len(
        "igrp short",
        false,
        e4(&hdr(0x11, 0, 0, 0))[..14 + 20 + 8].to_vec(),
        14 + 20 + 8,
    );
    b.pkts
}
