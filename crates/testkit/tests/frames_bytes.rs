//! Pins the exact bytes of every frame builder and of the filter tests' packet set: a hash of
//! their output over representative inputs. Changing how the builders work (by hand or through
//! the wire crate's emitters) must not change a byte; a deliberate change of a frame updates the
//! pinned value here.

use promisc_testkit::frames::*;
use promisc_testkit::packets::{ethernet_packets, l3_payloads, sll2_packets};

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for &x in (b.len() as u64).to_be_bytes().iter().chain(b) {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

const A4: [u8; 4] = [192, 0, 2, 1];
const B4: [u8; 4] = [10, 255, 0, 7];
const M1: [u8; 6] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55];
const M2: [u8; 6] = [0xff; 6];

fn builders() -> Vec<Vec<u8>> {
    let a6 = v6a("2001:db8::1");
    let b6 = v6a("fe80::1:ff00:2");
    let data: Vec<u8> = (0u8..=40).collect();
    let odd = b"odd";
    let mut out: Vec<Vec<u8>> = vec![
        be16(0x1234).to_vec(),
        checksum(&data).to_be_bytes().to_vec(),
        checksum(odd).to_be_bytes().to_vec(),
        checksum(&[]).to_be_bytes().to_vec(),
        checksum(&[0xff; 9]).to_be_bytes().to_vec(),
        eth(M1, M2, 0x0800, &data),
        eth(M2, M1, 0x88b5, &[]),
        eth(M1, M2, 46, odd),
        eth_tagged(M1, M2, &[], 0x86dd, &data),
        eth_tagged(M1, M2, &[(0x8100, 0x2064)], 0x0800, odd),
        eth_tagged(M1, M2, &[(0x88a8, 0xffff), (0x8100, 0x0001)], 0x0806, &data),
        eth_tagged(
            M1,
            M2,
            &[(0x9100, 0), (0x8100, 0xf00f), (0x8100, 7)],
            0x8847,
            &[],
        ),
        eth_8023(M1, M2, &data),
        eth_8023(M2, M1, &[]),
        tcp(1, 65535, 0x12, &data),
        tcp(443, 40000, 0, &[]),
        udp(53, 40000, odd),
        udp(0, 0, &[]),
        sctp(5000, 36412),
        icmp(8, 0),
        icmp(3, 13),
        arp(1, M1, A4, [0; 6], B4),
        arp(2, M2, B4, M1, A4),
        arp(0xffff, M1, [0; 4], M2, [255; 4]),
        mpls(&[], odd),
        mpls(&[16], &data),
        mpls(&[0xfffff, 3, 100], odd),
        pppoe(0, 0x1234, &data),
        pppoe(0x09, 0, &[]),
        llc(0x42, 0x42, 0x03, odd),
        snap(0x00000c, 0x2000, &data),
        snap(0xffffff, 0, &[]),
        pad60(odd.to_vec()),
        pad60(data.clone()),
        pad60(vec![1; 70]),
        v4a(1, 2, 3, 4).to_vec(),
        a6.to_vec(),
        v6a("::").to_vec(),
        tcp_seq(40000, 80, 0xdead_beef, 7, 0x18, &data),
        tcp_seq(1, 2, 0, 0, 0x02, &[]),
        echo(8, 0x1234, 1, &data),
        echo(0, 0, 0, &[]),
        echo(128, 0xffff, 0xffff, odd),
        echo(129, 7, 9, &[]),
    ];
    // IPv4 headers, plain and with every odd field.
    let mut h = V4::new(A4, B4, 17);
    out.push(h.build(&data));
    out.push(h.build(&[]));
    h.df = true;
    out.push(h.build(odd));
    h.ttl = 1;
    h.tos = 0xb8;
    out.push(h.build(odd));
    let mut o = V4::new(B4, A4, 6);
    o.options = vec![0x94, 4, 0];
    out.push(o.build(&data));
    o.options = vec![1, 1, 1, 1, 0x44, 8, 5, 0];
    out.push(o.build(&[]));
    let mut f = V4::new(A4, A4, 1);
    f.frag = (true, 0);
    out.push(f.build(&data));
    f.frag = (false, 185);
    out.push(f.build(odd));
    f.frag = (true, 0xffff);
    f.df = true;
    out.push(f.build(odd));
    let mut v = V4::new(A4, B4, 255);
    v.version = 6;
    out.push(v.build(odd));
    v.version = 15;
    v.proto = 0;
    out.push(v.build(&[]));
    // IPv6 with and without extension headers.
    out.push(ipv6(a6, b6, &[], 17, &data));
    out.push(ipv6(b6, a6, &[], 59, &[]));
    out.push(ipv6(a6, b6, &[(0, vec![5, 2, 0, 0])], 58, odd));
    out.push(ipv6(a6, b6, &[(0, vec![]), (60, vec![1; 7])], 6, &data));
    out.push(ipv6(a6, b6, &[(44, vec![0, 0x59, 0, 0, 0, 42])], 17, odd));
    out.push(ipv6(a6, b6, &[(44, vec![1, 2])], 6, &[]));
    out.push(ipv6(
        a6,
        b6,
        &[
            (0, vec![1]),
            (43, vec![0, 1, 0, 0, 0, 0]),
            (44, vec![0; 6]),
            (60, vec![]),
        ],
        132,
        &data,
    ));
    // Checksummed packets, as the capture tests build them.
    for (i, d) in [&data[..], &odd[..], &[][..]].into_iter().enumerate() {
        let p = 40000 + i as u16;
        out.push(ipv4_checksummed(
            A4,
            B4,
            6,
            tcp_seq(p, 80, 1, 2, 0x18, d),
            16,
        ));
        out.push(ipv4_checksummed(B4, A4, 17, udp(p, 53, d), 6));
        out.push(ipv4_checksummed(A4, B4, 1, echo(8, p, 3, d), 2));
        out.push(ipv4_checksummed(A4, B4, 1, echo(0, p, 3, d), 2));
        out.push(ipv6_checksummed(
            a6,
            b6,
            6,
            tcp_seq(p, 443, 9, 0, 0x02, d),
            16,
        ));
        out.push(ipv6_checksummed(b6, a6, 17, udp(p, 5353, d), 6));
        out.push(ipv6_checksummed(a6, b6, 58, echo(128, p, 1, d), 2));
        out.push(ipv6_checksummed(a6, b6, 58, echo(129, p, 1, d), 2));
    }
    // A UDP datagram whose computed checksum is 0 (stored as such, not as 0xffff).
    let mut zero = udp(1, 2, &[0, 0]);
    for x in 0..=u16::MAX {
        zero[8..10].copy_from_slice(&x.to_be_bytes());
        let p = ipv4_checksummed(A4, B4, 17, zero.clone(), 6);
        if p[26..28] == [0, 0] {
            out.push(p);
            break;
        }
    }
    out
}

fn hash(frames: impl IntoIterator<Item = Vec<u8>>) -> (usize, u64) {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    let mut n = 0;
    for f in frames {
        h.bytes(&f);
        n += 1;
    }
    (n, h.0)
}

#[test]
fn builders_bytes_are_pinned() {
    assert_eq!(
        hash(builders()),
        (87, 0xd835_9716_5a40_500f),
        "the builders' bytes changed"
    );
}

#[test]
fn packet_set_bytes_are_pinned() {
    let l3 = hash(l3_payloads().into_iter().map(|(t, mut p, w)| {
        p.extend_from_slice(&t.to_be_bytes());
        p.extend_from_slice(w.as_bytes());
        p
    }));
    let pkt = |p: promisc_testkit::packets::Pkt| {
        let mut v = p.data;
        v.extend_from_slice(&p.wire_len.to_be_bytes());
        v.extend_from_slice(p.what.as_bytes());
        v
    };
    let eth = hash(ethernet_packets().into_iter().map(pkt));
    let sll2 = hash(sll2_packets().into_iter().map(pkt));
    assert_eq!(
        (l3, eth, sll2),
        (
            (139, 0xb372_c925_c494_6be9),
            (209, 0x1d11_b17f_ff6c_174f),
            (171, 0xb55e_0931_9a35_aff8)
        ),
        "the packet set's bytes changed"
    );
}
