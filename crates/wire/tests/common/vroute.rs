//! The routing and service protocols' `-v` fixture: PIM (versions 1 and 2, every message
//! type), VRRP, HSRP, EIGRP, BFD, Babel and NTP, built byte by byte, with truncated variants.
//! A fixture of its own (`vroute`), checked in every mode, `-v`, `-vv` and `-vvv` included.

use super::*;

/// IPv4 from `IP_A` to `dst` carrying `payload` as protocol `proto`, TTL `ttl`, in Ethernet.
fn e4(dst: [u8; 4], proto: u8, ttl: u8, payload: &[u8]) -> Vec<u8> {
    let mut v4 = V4::new(IP_A, dst, proto);
    v4.ttl = ttl;
    eth(MAC_B, MAC_A, 0x0800, &v4.build(payload))
}

/// IPv6 from `LL_A` to `dst` carrying `payload` as next header `nh`, in Ethernet.
fn e6(dst: [u8; 16], nh: u8, hlim: u8, payload: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(LL_A, dst, nh, hlim, payload))
}

/// UDP over IPv4 from `IP_A` to `IP_B`, in Ethernet.
fn u4(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    e4(IP_B, 17, 64, &udp(sport, dport, &IP_A, &IP_B, payload))
}

/// UDP over IPv6 from `LL_A` to `IP6_B`, in Ethernet.
fn u6(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    e6(IP6_B, 17, 64, &udp(sport, dport, &LL_A, &IP6_B, payload))
}

/// The Internet checksum of `v` written at `off`.
fn inet_sum(mut v: Vec<u8>, off: usize) -> Vec<u8> {
    v[off] = 0;
    v[off + 1] = 0;
    let c = fold(sum16(&v, 0));
    v[off..off + 2].copy_from_slice(&c.to_be_bytes());
    v
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

/// The fixture's packets.
pub fn vroute_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_190_000_000_000_000,
    };
    pim(&mut b);
    pimv1(&mut b);
    vrrp(&mut b);
    hsrp(&mut b);
    eigrp(&mut b);
    bfd(&mut b);
    babel(&mut b);
    ntp(&mut b);
    dhcp(&mut b);
    dhcp6(&mut b);
    ospf6(&mut b);
    igmp(&mut b);
    b.add(
        "syslog v message",
        false,
        u4(40000, 514, b"<165>Dec  7 12:00:00 host app: hello\x01world"),
    );
    b.add("syslog v empty", false, u4(40000, 514, b"<13>"));
    b.pkts
}

const PIM_GROUP: [u8; 4] = [224, 0, 0, 13];

/// A PIMv2 message of type `t` (`rsv` the second byte) with a right checksum over IPv4.
fn pim2(t: u8, rsv: u8, body: &[u8]) -> Vec<u8> {
    let v = cat(&[&[0x20 | t, rsv, 0, 0], body]);
    e4(PIM_GROUP, 103, 1, &inet_sum(v, 2))
}

/// An Encoded-Unicast IPv4 address.
fn eu(a: [u8; 4]) -> Vec<u8> {
    cat(&[&[1, 0], &a])
}

/// An Encoded-Group (or Source, `flags`) IPv4 address of `mask` bits.
fn eg(flags: u8, mask: u8, a: [u8; 4]) -> Vec<u8> {
    cat(&[&[1, 0, flags, mask], &a])
}

fn pim(b: &mut B) {
    let hello = cat(&[
        &[0, 1, 0, 2, 0, 105],
        &[0, 2, 0, 4, 0x80, 10, 0, 100],
        &[0, 19, 0, 4, 0, 0, 0, 150],
        &[0, 20, 0, 4, 0x12, 0x34, 0x56, 0x78],
        &[0, 21, 0, 4, 1, 60, 0, 1],
        &[0, 22, 0, 0],
        &[0, 24, 0, 12],
        &eu([10, 0, 0, 1]),
        &eu([10, 0, 0, 2]),
        &[0, 99, 0, 2, 0xab, 0xcd],
    ]);
    both(
        b,
        "pim hello",
        "pim hello cut",
        pim2(0, 0, &hello),
        14 + 20 + 30,
    );
    let mut bad = pim2(0, 0, &[0, 1, 0, 2, 0, 105]);
    bad[14 + 20 + 2] ^= 0x11;
    b.add("pim hello bad cksum", false, bad);
    b.add(
        "pim hello bad holdtime",
        false,
        pim2(0, 0, &[0, 1, 0, 3, 0, 0, 1, 0]),
    );
    let mut v6 = cat(&[&[0x20, 0, 0, 0], &[0, 1, 0, 2, 0, 105]]);
    fix_l4_sum(&mut v6, 2, &LL_A, &ALL_ROUTERS, 103);
    b.add("pim hello ipv6", false, e6(ALL_ROUTERS, 103, 1, &v6));
    let jp = cat(&[
        &eu([10, 0, 0, 9]),
        &[0, 2, 0, 210],
        &eg(0, 32, [239, 1, 1, 1]),
        &[0, 2, 0, 1],
        &eg(4, 32, [10, 1, 1, 1]),
        &eg(7, 24, [10, 1, 2, 0]),
        &eg(1, 32, [10, 1, 3, 1]),
        &eg(0x80, 16, [239, 2, 0, 0]),
        &[0, 0, 0, 0],
    ]);
    both(
        b,
        "pim join prune",
        "pim join prune cut",
        pim2(3, 0, &jp),
        14 + 20 + 4 + 30,
    );
    let graft_ack = cat(&[
        &[0, 1, 0xff, 0xff],
        &eg(0, 32, [239, 1, 1, 1]),
        &[0, 0, 0, 0],
    ]);
    b.add("pim graft ack", false, pim2(7, 0, &graft_ack));
    let bsr = cat(&[
        &[0x01, 0x7c, 30, 100],
        &eu([10, 0, 0, 1]),
        &eg(0, 4, [224, 0, 0, 0]),
        &[1, 1, 0, 0],
        &eu([10, 0, 0, 3]),
        &[0, 150, 5, 0],
    ]);
    both(
        b,
        "pim bootstrap",
        "pim bootstrap cut",
        pim2(4, 0, &bsr),
        14 + 20 + 4 + 20,
    );
    let assert = cat(&[
        &eg(0, 32, [239, 1, 1, 1]),
        &eu([10, 1, 1, 1]),
        &[0x80, 0, 0, 110, 0, 0, 0, 20],
    ]);
    b.add("pim assert", false, pim2(5, 0, &assert));
    let crp = cat(&[
        &[1, 10, 0, 150],
        &eu([10, 0, 0, 3]),
        &eg(0, 4, [224, 0, 0, 0]),
    ]);
    b.add("pim candidate rp", false, pim2(8, 0, &crp));
    let pr = cat(&[
        &eu([10, 1, 1, 1]),
        &eg(0, 32, [239, 1, 1, 1]),
        &eu([10, 0, 0, 9]),
        &[0, 60],
    ]);
    b.add("pim prune refresh", false, pim2(9, 0, &pr));
    let df = cat(&[
        &eu([10, 0, 0, 3]),
        &[0, 0, 0, 100, 0, 0, 0, 10],
        &eu([10, 0, 0, 4]),
        &[0, 0, 0, 90, 0, 0, 0, 5, 0, 200],
    ]);
    both(
        b,
        "pim df election backoff",
        "pim df election backoff cut",
        pim2(10, 0x30, &df),
        14 + 20 + 4 + 8,
    );
    let stop = cat(&[&eg(0, 32, [239, 1, 1, 1]), &eu([10, 1, 1, 1])]);
    b.add("pim register stop", false, pim2(2, 0, &stop));
    let inner = ipv4(
        [10, 1, 1, 1],
        [239, 1, 1, 1],
        17,
        &udp(5000, 5001, &[10, 1, 1, 1], &[239, 1, 1, 1], b"data"),
    );
    let reg = cat(&[&[0, 0, 0, 0], &inner]);
    let v = inet_sum(cat(&[&[0x21, 0, 0, 0], &reg]), 2);
    b.add("pim register", false, e4(IP_B, 103, 64, &v));
    let null = cat(&[&[0x40, 0, 0, 0], &[0; 12], &[10, 1, 1, 1], &[239, 1, 1, 1]]);
    b.add("pim register null", false, pim2(1, 0, &null));
    b.add(
        "pim rfc2117 encoding",
        false,
        pim2(2, 4, &[0, 32, 239, 1, 1, 1, 10, 1, 1, 1]),
    );
    b.add("pim unknown type", false, pim2(12, 0, &[0; 4]));
}

/// A PIMv1 message of type `t` inside IGMP (type 0x14).
fn pim1(t: u8, body: &[u8]) -> Vec<u8> {
    let v = inet_sum(cat(&[&[0x14, t, 0, 0, 0x10, 0, 0, 0], body]), 2);
    e4(PIM_GROUP, 2, 1, &v)
}

fn pimv1(b: &mut B) {
    b.add("pimv1 query", false, pim1(0, &[0x10, 0, 0, 105]));
    b.add(
        "pimv1 rp reachable",
        false,
        pim1(
            4,
            &[239, 1, 1, 1, 255, 255, 255, 0, 10, 0, 0, 3, 0, 0, 0, 90],
        ),
    );
    let one = cat(&[
        &[10, 0, 0, 9],
        &[0, 0, 0, 210],
        &[0, 0, 0, 1],
        &[239, 1, 1, 1],
        &[255; 4],
        &[0, 1, 0, 0],
        &[1, 0xa0],
        &[10, 1, 1, 1],
    ]);
    b.add("pimv1 join one", false, pim1(3, &one));
    let many = cat(&[
        &[10, 0, 0, 9],
        &[0, 0, 0, 210],
        &[0, 0, 0, 1],
        &[239, 1, 1, 1],
        &[255, 255, 0, 0],
        &[0, 1, 0, 1],
        &[1, 0xa0, 10, 1, 1, 1],
        &[0, 0x18, 10, 1, 2, 0],
    ]);
    both(
        b,
        "pimv1 join many",
        "pimv1 join many cut",
        pim1(3, &many),
        14 + 20 + 8 + 24,
    );
}

fn vrrp(b: &mut B) {
    let v2 = cat(&[
        &[0x21, 7, 100, 2, 1, 1, 0, 0],
        &[192, 168, 1, 254],
        &[192, 168, 1, 253],
        b"secret\0\0",
    ]);
    let v2 = inet_sum(v2, 6);
    both(
        b,
        "vrrp v2 auth",
        "vrrp v2 auth cut",
        e4([224, 0, 0, 18], 112, 255, &v2),
        14 + 20 + 14,
    );
    let mut bad = v2.clone();
    bad[6] ^= 0x40;
    b.add(
        "vrrp v2 bad cksum",
        false,
        e4([224, 0, 0, 18], 112, 255, &bad),
    );
    let mut v3 = cat(&[&[0x31, 9, 200, 1, 0, 100, 0, 0], &IP6_B]);
    fix_l4_sum(
        &mut v3,
        6,
        &LL_A,
        &[0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12],
        112,
    );
    b.add(
        "vrrp v3 ipv6",
        false,
        e6(
            [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12],
            112,
            255,
            &v3,
        ),
    );
}

fn hsrp(b: &mut B) {
    let h = cat(&[
        &[0, 0, 16, 3, 10, 120, 1, 0],
        b"cisco\0\0\0",
        &[192, 168, 1, 1],
    ]);
    both(
        b,
        "hsrp hello auth",
        "hsrp hello auth cut",
        u4(1985, 1985, &h),
        14 + 20 + 8 + 12,
    );
}

/// An EIGRP packet of opcode `op` with `tlvs`.
fn eigrp_pkt(op: u8, flags: u32, tlvs: &[u8]) -> Vec<u8> {
    let mut v = vec![2, op, 0, 0];
    v.extend_from_slice(&flags.to_be_bytes());
    v.extend_from_slice(&[0, 0, 0, 5, 0, 0, 0, 4, 0, 0, 0, 100]);
    v.extend_from_slice(tlvs);
    e4([224, 0, 0, 10], 88, 2, &inet_sum(v, 2))
}

fn eigrp(b: &mut B) {
    let hello = cat(&[
        &[0, 1, 0, 12, 1, 0, 1, 0, 0, 0, 0, 15],
        &[0, 4, 0, 8, 12, 4, 1, 2],
    ]);
    b.add("eigrp hello", false, eigrp_pkt(5, 0, &hello));
    let int = cat(&[
        &[1, 2, 0, 28],
        &[0; 4],
        &[0, 0, 0x0a, 0],
        &[0, 0, 0x0a, 0],
        &[0, 5, 0xdc, 1, 255, 1, 0, 0],
        &[24, 10, 2, 3],
    ]);
    let ext = cat(&[
        &[1, 3, 0, 49],
        &[192, 168, 1, 2],
        &[10, 255, 0, 1],
        &[0, 0, 0, 65],
        &[0, 0, 0, 7],
        &[0, 0, 0, 0],
        &[0, 0, 4, 0],
        &[0, 0, 1, 0],
        &[0, 0, 0, 10],
        &[0, 5, 0xdc, 2, 200, 3, 0, 0],
        &[32, 10, 9, 8, 7],
    ]);
    let cable = [2, 4, 0, 12, 0, 10, 0, 20, 0, 0, 1, 0];
    let unknown = [0, 3, 0, 6, 0xaa, 0xbb];
    let upd = cat(&[&int, &ext, &cable, &unknown]);
    both(
        b,
        "eigrp update routes",
        "eigrp update routes cut",
        eigrp_pkt(1, 9, &upd),
        14 + 20 + 20 + 30,
    );
    b.add(
        "eigrp short tlv",
        false,
        eigrp_pkt(1, 0, &[0, 1, 0, 6, 1, 0]),
    );
    b.add(
        "eigrp bad prefix",
        false,
        eigrp_pkt(3, 0, &cat(&[&[1, 2, 0, 28], &[0; 20], &[33, 10, 2, 3]])),
    );
}

/// A BFD version 1 control packet with `flags` and `auth`.
fn bfd1(flags: u8, auth: &[u8]) -> Vec<u8> {
    let mut v = vec![0x20 | 3, flags, 3, (24 + auth.len()) as u8];
    v.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 2]);
    v.extend_from_slice(&300_000u32.to_be_bytes());
    v.extend_from_slice(&1_000_000u32.to_be_bytes());
    v.extend_from_slice(&[0; 4]);
    v.extend_from_slice(auth);
    v
}

fn bfd(b: &mut B) {
    b.add("bfd control up", false, u4(40001, 3784, &bfd1(0xc0, &[])));
    let pw = cat(&[&[1, 9, 5], b"secret"]);
    b.add(
        "bfd control simple auth",
        false,
        u4(40001, 3784, &bfd1(0xc4, &pw)),
    );
    let md5 = cat(&[&[2, 24, 1, 0], &[0, 0, 0, 42], &[0x5a; 16]]);
    both(
        b,
        "bfd multihop md5",
        "bfd multihop md5 cut",
        u4(40001, 4784, &bfd1(0x44, &md5)),
        14 + 20 + 8 + 40,
    );
    let sha = cat(&[&[5, 28, 2, 0], &[0, 0, 1, 0], &[0xa5; 20]]);
    b.add("bfd lag sha1", false, u4(40001, 6784, &bfd1(0x84, &sha)));
    b.add(
        "bfd bad auth len",
        false,
        u4(40001, 3784, &bfd1(0xc4, &[2, 20, 1, 0])),
    );
    let mut v0 = bfd1(0x84, &[]);
    v0[0] = 1;
    b.add("bfd v0", false, u4(40001, 3784, &v0));
    b.add("bfd echo", false, u4(40001, 3785, b"echo-data"));
}

/// A Babel packet with body `body` and trailer `trailer`.
fn babel_pkt(body: &[u8], trailer: &[u8]) -> Vec<u8> {
    let mut v = vec![42, 2];
    v.extend_from_slice(&(body.len() as u16).to_be_bytes());
    v.extend_from_slice(body);
    v.extend_from_slice(trailer);
    u6(6696, 6696, &v)
}

fn babel(b: &mut B) {
    let body = cat(&[
        &[0],
        &[1, 2, 0, 0],
        &[2, 6, 0, 0, 0x12, 0x34, 1, 0x90],
        &[3, 2, 0x12, 0x34],
        &[4, 12, 0x80, 0, 0, 7, 1, 0x90, 3, 4, 0, 1, 0x86, 0xa0],
        &[5, 22, 2, 0, 0, 96, 1, 0x90],
        &[0xfe, 0x80, 0, 0, 0, 0, 0, 0],
        &[0, 0, 0, 0, 0, 0, 0, 0x0a],
        &[6, 10, 0, 0, 2, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55],
        &[7, 6, 1, 0, 192, 168, 1, 1],
        &[
            8, 17, 1, 0x80, 24, 0, 1, 0x90, 0, 9, 0, 96, 10, 20, 30, 2, 2, 1, 7,
        ],
        &[8, 12, 1, 0x40, 32, 2, 0xff, 0xff, 0, 10, 0, 200, 30, 41],
        &[9, 8, 2, 48, 0x20, 0x01, 0x0d, 0xb8, 0, 1],
        &[
            10, 17, 1, 24, 0, 12, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 20, 30,
        ],
        &[11, 6, 0, 5, 0, 0, 1, 0],
        &[99, 2, 0, 0],
    ]);
    let trailer = cat(&[&[17, 6, 0, 0, 0, 9, 1, 2], &[16, 4, 1, 2, 3, 4]]);
    both(
        b,
        "babel v tlvs",
        "babel v tlvs cut",
        babel_pkt(&body, &trailer),
        14 + 40 + 8 + 4 + 30,
    );
    b.add("babel v bad ack req", false, babel_pkt(&[2, 2, 0, 0], &[]));
    b.add(
        "babel v ihu any",
        false,
        babel_pkt(&[5, 6, 0, 0, 0, 96, 1, 0x90], &[]),
    );
}

/// An NTP time message (48 bytes) with `extra` after it.
fn ntp_time(mode: u8, stratum: u8, extra: &[u8]) -> Vec<u8> {
    let mut v = vec![0x20 | mode, stratum, 6, 0xe9];
    v.extend_from_slice(&[0, 1, 0x80, 0, 0, 0, 0x40, 0]);
    v.extend_from_slice(&[0xc0, 0x00, 0x02, 0x01]);
    v.extend_from_slice(&[0xe9, 0x2e, 0x2a, 0x10, 0x80, 0, 0, 0]);
    v.extend_from_slice(&[0xe9, 0x2e, 0x2b, 0x00, 0x40, 0, 0, 0]);
    v.extend_from_slice(&[0xe9, 0x2e, 0x2b, 0x00, 0x48, 0, 0, 0]);
    v.extend_from_slice(&[0xe9, 0x2e, 0x2a, 0xff, 0x50, 0, 0, 0]);
    v.extend_from_slice(extra);
    v
}

fn ntp(b: &mut B) {
    both(
        b,
        "ntp v client",
        "ntp v client cut",
        u4(40000, 123, &ntp_time(3, 0, &[])),
        14 + 20 + 8 + 2,
    );
    let auth = cat(&[&[0, 0, 0, 8], &[0x3c; 20]]);
    both(
        b,
        "ntp v server auth",
        "ntp v server auth cut",
        u4(123, 40000, &ntp_time(4, 2, &auth)),
        14 + 20 + 8 + 30,
    );
    b.add(
        "ntp v primary",
        false,
        u4(123, 40000, &ntp_time(4, 1, &[0, 0, 0, 1])),
    );
    b.add(
        "ntp v extra",
        false,
        u6(123, 40000, &ntp_time(1, 16, &[1, 2, 3])),
    );
    b.add("ntp v short", false, u4(123, 40000, &[0x23, 1, 2, 3]));
    let ctl = [
        0x16, 0x82, 0, 5, 0x06, 0x15, 0, 0, 0, 0, 0, 4, b'a', b'b', b'c', b'd',
    ];
    both(
        b,
        "ntp v control",
        "ntp v control cut",
        u4(40000, 123, &ctl),
        14 + 20 + 8 + 3,
    );
    b.add("ntp v control bad count", false, u4(40000, 123, &ctl[..14]));
    b.add(
        "ntp v mode 7",
        false,
        u4(40000, 123, &[0x17, 0, 3, 42, 0, 0, 0, 0]),
    );
}

/// A BOOTP message: opcode `op`, client `MAC_A`, the fields given, then `vend`.
fn bootp_msg(
    op: u8,
    hops: u8,
    flags: u16,
    addrs: [[u8; 4]; 4],
    sname: &[u8],
    vend: &[u8],
) -> Vec<u8> {
    let mut v = vec![op, 1, 6, hops, 0x3c, 0xd0, 0xaf, 0x7e, 0, 3];
    v.extend_from_slice(&flags.to_be_bytes());
    for a in addrs {
        v.extend_from_slice(&a);
    }
    let mut chaddr = [0u8; 16];
    chaddr[..6].copy_from_slice(&MAC_A);
    v.extend_from_slice(&chaddr);
    let mut name = [0u8; 64];
    name[..sname.len()].copy_from_slice(sname);
    v.extend_from_slice(&name);
    v.extend_from_slice(&[0u8; 128]);
    v.extend_from_slice(vend);
    v
}

fn dhcp(b: &mut B) {
    const COOKIE: [u8; 4] = [99, 130, 83, 99];
    let z = [0u8; 4];
    let discover = cat(&[
        &COOKIE,
        &[53, 1, 1],
        &[55, 6, 1, 3, 6, 15, 121, 200],
        &[61, 7, 1],
        &MAC_A,
        &[12, 4],
        b"host",
        &[81, 7, 0x05, 0, 0],
        b"host",
        &[77, 6, 2],
        b"ab",
        &[2],
        b"cd",
        &[0, 0],
        &[57, 2, 2, 64],
        &[46, 1, 8],
        &[19, 3, 0, 1, 7],
        &[200, 3, 1, 2, 3],
        &[255],
    ]);
    let d = bootp_msg(1, 0, 0x8000, [z; 4], b"", &discover);
    both(
        b,
        "dhcpv discover",
        "dhcpv discover cut",
        u4(68, 67, &d),
        14 + 20 + 8 + 236 + 30,
    );
    let offer = cat(&[
        &COOKIE,
        &[53, 1, 2],
        &[54, 4, 192, 168, 1, 1],
        &[51, 4, 0, 0, 0xa8, 0xc0],
        &[2, 4, 0xff, 0xff, 0xf1, 0xf0],
        &[6, 8, 192, 168, 1, 1, 8, 8, 8, 8],
        &[121, 13, 24, 10, 1, 2, 192, 168, 1, 1, 0, 192, 168, 1, 254],
        &[33, 8, 10, 0, 0, 0, 192, 168, 1, 1],
        &[82, 13, 1, 4],
        b"eth0",
        &[2, 2, 0xab, 0xcd],
        &[9, 1, 7],
        &[52, 2, 3, 0],
        &[15, 7],
        b"example",
        &[255],
    ]);
    let o = bootp_msg(
        2,
        1,
        0,
        [z, IP_A, IP_B, [10, 0, 0, 1]],
        b"boot-server",
        &offer,
    );
    b.add("dhcpv offer", false, u4(67, 68, &o));
    let cmu = cat(&[
        b"CMU\0",
        &[0, 0, 0, 1],
        &[192, 168, 1, 1],
        &[255, 255, 255, 0],
        &[8, 8, 8, 8],
    ]);
    b.add(
        "dhcpv cmu",
        false,
        u4(67, 68, &bootp_msg(2, 0, 0, [z; 4], b"", &cmu)),
    );
    b.add(
        "dhcpv vendor number",
        false,
        u4(67, 68, &bootp_msg(2, 0, 0, [z; 4], b"", &[1, 2, 3, 4])),
    );
    let bad = cat(&[
        &COOKIE,
        &[121, 3, 33, 0, 0],
        &[77, 3, 0, 1, 2],
        &[61, 0],
        &[0, 0, 0],
        &[255, 0],
    ]);
    b.add(
        "dhcpv bad options",
        false,
        u4(67, 68, &bootp_msg(2, 0, 0, [z; 4], b"", &bad)),
    );
}

/// A DHCPv6 option.
fn d6opt(t: u16, body: &[u8]) -> Vec<u8> {
    cat(&[&t.to_be_bytes(), &(body.len() as u16).to_be_bytes(), body])
}

fn dhcp6(b: &mut B) {
    let duid = cat(&[&[0, 1, 0, 1, 0x2a, 0xbc, 0xde, 0xf0], &MAC_A]);
    let ia_addr = d6opt(5, &cat(&[&IP6_B, &[0, 0, 0x0e, 0x10, 0, 0, 0x1c, 0x20]]));
    let solicit = cat(&[
        &[1, 0x12, 0x34, 0x56],
        &d6opt(1, &duid),
        &d6opt(6, &[0, 23, 0, 24, 0, 99]),
        &d6opt(8, &[0, 100]),
        &d6opt(3, &cat(&[&[0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], &ia_addr])),
        &d6opt(14, &[]),
        &d6opt(2, &[0, 2, 0, 0, 0, 9, 1, 2, 3, 4, 5, 6]),
        &d6opt(2, &[0, 7]),
    ]);
    both(
        b,
        "dhcp6v solicit",
        "dhcp6v solicit cut",
        u6(546, 547, &solicit),
        14 + 40 + 8 + 30,
    );
    let prefix = d6opt(26, &cat(&[&[0, 0, 1, 0, 0, 0, 2, 0, 48], &IP6_A]));
    let reply = cat(&[
        &[7, 0x12, 0x34, 0x56],
        &d6opt(13, &[0, 2, b'n', b'o']),
        &d6opt(23, &cat(&[&IP6_A, &IP6_B])),
        &d6opt(24, &qname("example.com")),
        &d6opt(
            25,
            &cat(&[&[0, 0, 0, 2, 0, 0, 0, 10, 0, 0, 0, 20], &prefix]),
        ),
        &d6opt(4, &[0, 0, 0, 3]),
        &d6opt(32, &[0, 0, 0, 60]),
        &d6opt(7, &[255]),
        &d6opt(19, &[5]),
        &d6opt(
            11,
            &cat(&[&[3, 1, 0], &[0, 0, 0, 0, 0, 0, 0, 1], &[1], &[0xee; 16]]),
        ),
        &d6opt(64, &qname("aftr.example")),
        &d6opt(200, &[1, 2]),
    ]);
    b.add("dhcp6v reply", false, u6(547, 546, &reply));
    let relay = cat(&[
        &[12, 0],
        &IP6_B,
        &LL_A,
        &d6opt(18, b"eth0-port-1234"),
        &d6opt(9, &cat(&[&[11, 0, 0, 9], &d6opt(8, &[0, 5])])),
    ]);
    b.add("dhcp6v relay forward", false, u6(547, 547, &relay));
}

/// An OSPFv3 packet of type `t` with `body`, and `trailer` after it (outside its length).
fn ospf6_pkt(t: u8, inst: u8, body: &[u8], trailer: &[u8]) -> Vec<u8> {
    let len = (16 + body.len()) as u16;
    let v = cat(&[
        &[3, t],
        &len.to_be_bytes(),
        &[1, 1, 1, 1],
        &[0, 0, 0, 1],
        &[0, 0, inst, 0],
        body,
        trailer,
    ]);
    e6(ALL_ROUTERS, 89, 1, &v)
}

/// An OSPFv3 LSA header of type `t`, `len` bytes in all.
fn lsa6_hdr(t: u16, id: [u8; 4], len: u16) -> Vec<u8> {
    cat(&[
        &[0, 10],
        &t.to_be_bytes(),
        &id,
        &[2, 2, 2, 2],
        &[0x80, 0, 0, 7],
        &[0x12, 0x34],
        &len.to_be_bytes(),
    ])
}

/// An LSA: header and `body`.
fn lsa6(t: u16, body: &[u8]) -> Vec<u8> {
    cat(&[&lsa6_hdr(t, [0, 0, 0, 1], (20 + body.len()) as u16), body])
}

fn ospf6(b: &mut B) {
    let hello = cat(&[
        &[0, 0, 0, 5],
        &[1, 0, 0x02, 0x13],
        &[0, 10, 0, 40],
        &[1, 1, 1, 1],
        &[2, 2, 2, 2],
        &[2, 2, 2, 2],
        &[3, 3, 3, 3],
    ]);
    let lls = [0xab, 0xcd, 0, 8, 0, 1, 0, 0];
    let auth = cat(&[
        &[0, 1, 0, 24, 0, 0, 0, 1],
        &[0, 0, 0, 0, 0x52, 0xda, 0x4e, 0x0e],
        &[0x77; 8],
    ]);
    both(
        b,
        "ospf6 hello",
        "ospf6 hello cut",
        ospf6_pkt(1, 0, &hello, &cat(&[&lls, &auth])),
        14 + 40 + 16 + 26,
    );
    let dd = cat(&[
        &[0, 0, 0, 0x13],
        &[5, 0xdc, 0, 7],
        &[0, 0, 0x1d, 0x46],
        &lsa6_hdr(0x2001, [0, 0, 0, 0], 40),
        &lsa6_hdr(0x0008, [0, 0, 0, 5], 56),
    ]);
    both(
        b,
        "ospf6 dd",
        "ospf6 dd cut",
        ospf6_pkt(2, 1, &dd, &[]),
        14 + 40 + 16 + 12 + 30,
    );
    let lsr = cat(&[
        &[0, 0, 0x20, 0x01, 0, 0, 0, 0, 2, 2, 2, 2],
        &[0, 0, 0x20, 0x09, 0, 0, 0, 3, 2, 2, 2, 2],
    ]);
    b.add("ospf6 ls request", false, ospf6_pkt(3, 0, &lsr, &[]));
    let pfx = |len: u8, opt: u8, metric: u16, bytes: &[u8]| {
        cat(&[&[len, opt], &metric.to_be_bytes(), bytes])
    };
    let router = lsa6(
        0x2001,
        &cat(&[
            &[0x01, 0, 0, 0x13],
            &[1, 0, 0, 10, 0, 0, 0, 5, 0, 0, 0, 6, 3, 3, 3, 3],
            &[2, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 5, 1, 1, 1, 1],
        ]),
    );
    let network = lsa6(
        0x2002,
        &cat(&[&[0, 0, 0, 0x13], &[1, 1, 1, 1], &[2, 2, 2, 2]]),
    );
    let inter = lsa6(
        0x2003,
        &cat(&[
            &[0, 0, 0, 20],
            &pfx(64, 0, 0, &[0x20, 1, 0x0d, 0xb8, 0, 1, 0, 0]),
        ]),
    );
    let ext = lsa6(
        0x4005,
        &cat(&[
            &[0x03, 0, 0, 20],
            &pfx(48, 0x08, 0, &[0x20, 1, 0x0d, 0xb8, 0, 2, 0, 0]),
            &IP6_A,
            &[0, 0, 0, 9],
        ]),
    );
    let link = lsa6(
        0x0008,
        &cat(&[
            &[1, 0, 0, 0x13],
            &LL_A,
            &[0, 0, 0, 1],
            &pfx(64, 0, 0, &[0x20, 1, 0x0d, 0xb8, 0, 1, 0, 0]),
        ]),
    );
    let intra = lsa6(
        0x2009,
        &cat(&[
            &[0, 2, 0x20, 0x01],
            &[0, 0, 0, 0],
            &[1, 1, 1, 1],
            &pfx(64, 0, 10, &[0x20, 1, 0x0d, 0xb8, 0, 3, 0, 0]),
            &pfx(128, 0x02, 0, &IP6_B),
        ]),
    );
    let unknown = lsa6(0x200c, &[1, 2, 3, 4]);
    let lsas = [&router[..], &network, &inter, &ext, &link, &intra, &unknown];
    let upd = cat(&[&[0, 0, 0, lsas.len() as u8], &lsas.concat()]);
    both(
        b,
        "ospf6 ls update",
        "ospf6 ls update cut",
        ospf6_pkt(4, 0, &upd, &[]),
        14 + 40 + 16 + 4 + 90,
    );
    let ack = cat(&[
        &lsa6_hdr(0x2001, [0, 0, 0, 0], 40),
        &lsa6_hdr(0x4005, [0, 0, 0, 2], 44),
    ]);
    b.add("ospf6 ls ack", false, ospf6_pkt(5, 0, &ack, &[]));
    b.add(
        "ospf6 bogus prefix",
        false,
        ospf6_pkt(
            4,
            0,
            &cat(&[
                &[0, 0, 0, 1],
                &lsa6(0x2003, &cat(&[&[0, 0, 0, 1], &pfx(200, 0, 0, &[0; 4])])),
            ]),
            &[],
        ),
    );
}

fn igmp(b: &mut B) {
    let report = cat(&[
        &[0x22, 0, 0, 0, 0, 0, 0, 3],
        &[1, 0, 0, 2, 239, 1, 1, 1, 10, 0, 0, 1, 10, 0, 0, 2],
        &[4, 0, 0, 0, 239, 2, 2, 2],
        &[9, 0, 0, 1, 239, 3, 3, 3, 10, 0, 0, 3],
    ]);
    let g = [224, 0, 0, 22];
    both(
        b,
        "igmp v3 report records",
        "igmp v3 report records cut",
        e4(g, 2, 1, &inet_sum(report.clone(), 2)),
        14 + 20 + 20,
    );
    let mut bad = inet_sum(report, 2);
    bad[2] ^= 1;
    b.add("igmp v3 report bad cksum", false, e4(g, 2, 1, &bad));
    let short = inet_sum(
        cat(&[&[0x22, 0, 0, 0, 0, 0, 0, 2], &[1, 0, 0, 9, 239, 1, 1, 1]]),
        2,
    );
    b.add("igmp v3 report bad sources", false, e4(g, 2, 1, &short));
    let query = inet_sum(
        cat(&[
            &[0x11, 100, 0, 0, 239, 1, 1, 1, 2, 125, 0, 2],
            &[10, 0, 0, 1, 10, 0, 0, 2],
        ]),
        2,
    );
    b.add(
        "igmp v3 query sources",
        false,
        e4([239, 1, 1, 1], 2, 1, &query),
    );
    let mut pim_bad = inet_sum(vec![0x14, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 0, 0, 105], 2);
    pim_bad[3] ^= 1;
    b.add(
        "igmp pimv1 bad cksum",
        false,
        e4([224, 0, 0, 2], 2, 1, &pim_bad),
    );
}
