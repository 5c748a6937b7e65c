//! Test packets built byte by byte, and a minimal pcap writer/reader.

mod l2;
pub use l2::l2_packets;
mod routing;
pub use routing::routing_packets;
mod ptype;
pub use ptype::ptype_packets;

pub const LINKTYPE_ETHERNET: u32 = 1;
pub const LINKTYPE_LINUX_SLL2: u32 = 276;

mod tunnels;
pub use tunnels::*;

mod apps;
mod ieee802154;
mod juniper;
pub use ieee802154::*;
mod links;
pub use links::link_fixtures;
mod lanlinks;
pub use lanlinks::lan_link_fixtures;
mod resp;
pub use resp::resp_packets;
mod wlan;
pub use wlan::wlan_fixtures;
mod cooked;
mod ether;
mod ether_ip;
mod more;
mod ofbgp;
mod rxipx;
mod verbose;
mod vl2;
mod vroute;
mod wire2;
pub use cooked::{raw_ip_packets, sll2_packets};
pub use ether::ether_packets;
pub use ofbgp::ofbgp_packets;
pub use rxipx::{
    decnet_fixture_packets, ipx_fixture_packets, isis_fixture_packets, rx_fixture_packets,
};
pub use verbose::verbose_packets;
pub use vl2::vl2_packets;
pub use vroute::vroute_packets;
pub use wire2::*;

/// One test packet: captured bytes, wire length, timestamp (µs precision), a short name, and
/// whether it is "plain" ARP/ICMP/TCP/UDP over IPv4/IPv6 (strict tcpdump equality required).
#[derive(Clone, Debug)]
pub struct Pkt {
    pub name: &'static str,
    pub data: Vec<u8>,
    pub orig_len: u32,
    pub ts_ns: u64,
    pub strict: bool,
}

pub fn pcap_bytes(linktype: u32, pkts: &[Pkt]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    v.extend_from_slice(&2u16.to_le_bytes());
    v.extend_from_slice(&4u16.to_le_bytes());
    v.extend_from_slice(&0i32.to_le_bytes());
    v.extend_from_slice(&0u32.to_le_bytes());
    v.extend_from_slice(&262_144u32.to_le_bytes());
    v.extend_from_slice(&linktype.to_le_bytes());
    for p in pkts {
        let secs = (p.ts_ns / 1_000_000_000) as u32;
        let usecs = ((p.ts_ns % 1_000_000_000) / 1000) as u32;
        v.extend_from_slice(&secs.to_le_bytes());
        v.extend_from_slice(&usecs.to_le_bytes());
        v.extend_from_slice(&(p.data.len() as u32).to_le_bytes());
        v.extend_from_slice(&p.orig_len.to_le_bytes());
        v.extend_from_slice(&p.data);
    }
    v
}
pub const MAC_A: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
pub const MAC_B: [u8; 6] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];
pub const BCAST: [u8; 6] = [0xff; 6];
pub const IP_A: [u8; 4] = [192, 168, 1, 10];
pub const IP_B: [u8; 4] = [192, 168, 1, 1];
pub const IP_C: [u8; 4] = [10, 20, 30, 40];
pub const IP6_A: [u8; 16] = [
    0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a,
];
pub const IP6_B: [u8; 16] = [
    0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0x02, 0x16, 0x3e, 0xff, 0xfe, 0x00, 0x12, 0x34,
];
pub const LL_A: [u8; 16] = [
    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0, 0, 0x0a,
];
pub const ALL_NODES: [u8; 16] = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
pub const ALL_ROUTERS: [u8; 16] = [0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

fn sum16(data: &[u8], mut acc: u32) -> u32 {
    for c in data.chunks(2) {
        acc += if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]]) as u32
        } else {
            (c[0] as u32) << 8
        };
    }
    acc
}

fn fold(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    !(acc as u16)
}

pub fn eth(dst: [u8; 6], src: [u8; 6], ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&dst);
    v.extend_from_slice(&src);
    v.extend_from_slice(&ethertype.to_be_bytes());
    v.extend_from_slice(payload);
    while v.len() < 60 {
        v.push(0);
    }
    v
}

/// Ethernet with 802.1Q tags (tpid, tci) before the final EtherType.
pub fn eth_tagged(
    dst: [u8; 6],
    src: [u8; 6],
    tags: &[(u16, u16)],
    ethertype: u16,
    payload: &[u8],
) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&dst);
    v.extend_from_slice(&src);
    for &(tpid, tci) in tags {
        v.extend_from_slice(&tpid.to_be_bytes());
        v.extend_from_slice(&tci.to_be_bytes());
    }
    v.extend_from_slice(&ethertype.to_be_bytes());
    v.extend_from_slice(payload);
    while v.len() < 60 {
        v.push(0);
    }
    v
}

pub fn arp(op: u16, sha: [u8; 6], spa: [u8; 4], tha: [u8; 6], tpa: [u8; 4]) -> Vec<u8> {
    let mut v = vec![0, 1, 8, 0, 6, 4];
    v.extend_from_slice(&op.to_be_bytes());
    v.extend_from_slice(&sha);
    v.extend_from_slice(&spa);
    v.extend_from_slice(&tha);
    v.extend_from_slice(&tpa);
    v
}

pub struct V4 {
    pub src: [u8; 4],
    pub dst: [u8; 4],
    pub proto: u8,
    pub ttl: u8,
    pub id: u16,
    pub flags_off: u16,
    pub options: Vec<u8>,
    pub tos: u8,
}

impl V4 {
    pub fn new(src: [u8; 4], dst: [u8; 4], proto: u8) -> Self {
        V4 {
            src,
            dst,
            proto,
            ttl: 64,
            id: 0x1234,
            flags_off: 0x4000,
            options: vec![],
            tos: 0,
        }
    }
    pub fn build(&self, payload: &[u8]) -> Vec<u8> {
        let hl = 20 + self.options.len();
        let total = hl + payload.len();
        let mut v = vec![0x40 | (hl / 4) as u8, self.tos];
        v.extend_from_slice(&(total as u16).to_be_bytes());
        v.extend_from_slice(&self.id.to_be_bytes());
        v.extend_from_slice(&self.flags_off.to_be_bytes());
        v.push(self.ttl);
        v.push(self.proto);
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(&self.src);
        v.extend_from_slice(&self.dst);
        v.extend_from_slice(&self.options);
        let c = fold(sum16(&v, 0));
        v[10..12].copy_from_slice(&c.to_be_bytes());
        v.extend_from_slice(payload);
        v
    }
}

pub fn ipv4(src: [u8; 4], dst: [u8; 4], proto: u8, payload: &[u8]) -> Vec<u8> {
    V4::new(src, dst, proto).build(payload)
}

/// IPv6 header + raw bytes after it (extension headers included by the caller).
pub fn ipv6(src: [u8; 16], dst: [u8; 16], nh: u8, hlim: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0x60, 0, 0, 0];
    v.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    v.push(nh);
    v.push(hlim);
    v.extend_from_slice(&src);
    v.extend_from_slice(&dst);
    v.extend_from_slice(payload);
    v
}

fn pseudo_sum(src: &[u8], dst: &[u8], proto: u8, len: usize) -> u32 {
    let mut acc = sum16(src, 0);
    acc = sum16(dst, acc);
    acc + proto as u32 + len as u32
}

/// Fills in a transport checksum at `off` of `seg`, given the pseudo-header addresses.
pub fn fix_l4_sum(seg: &mut [u8], off: usize, src: &[u8], dst: &[u8], proto: u8) {
    seg[off] = 0;
    seg[off + 1] = 0;
    let c = fold(sum16(seg, pseudo_sum(src, dst, proto, seg.len())));
    seg[off..off + 2].copy_from_slice(&c.to_be_bytes());
}

pub struct Tcp {
    pub sport: u16,
    pub dport: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub win: u16,
    pub urp: u16,
    pub options: Vec<u8>,
}

impl Tcp {
    pub fn new(sport: u16, dport: u16, seq: u32, ack: u32, flags: u8) -> Self {
        Tcp {
            sport,
            dport,
            seq,
            ack,
            flags,
            win: 64240,
            urp: 0,
            options: vec![],
        }
    }
    pub fn opts(mut self, o: &[u8]) -> Self {
        self.options = o.to_vec();
        while self.options.len() % 4 != 0 {
            self.options.push(0);
        }
        self
    }
    pub fn build(&self, src: &[u8], dst: &[u8], payload: &[u8]) -> Vec<u8> {
        let hl = 20 + self.options.len();
        let mut v = Vec::new();
        v.extend_from_slice(&self.sport.to_be_bytes());
        v.extend_from_slice(&self.dport.to_be_bytes());
        v.extend_from_slice(&self.seq.to_be_bytes());
        v.extend_from_slice(&self.ack.to_be_bytes());
        v.push(((hl / 4) as u8) << 4);
        v.push(self.flags);
        v.extend_from_slice(&self.win.to_be_bytes());
        v.extend_from_slice(&[0, 0]);
        v.extend_from_slice(&self.urp.to_be_bytes());
        v.extend_from_slice(&self.options);
        v.extend_from_slice(payload);
        fix_l4_sum(&mut v, 16, src, dst, 6);
        v
    }
}

pub fn udp(sport: u16, dport: u16, src: &[u8], dst: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&sport.to_be_bytes());
    v.extend_from_slice(&dport.to_be_bytes());
    v.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(payload);
    fix_l4_sum(&mut v, 6, src, dst, 17);
    v
}

pub fn icmp(t: u8, code: u8, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![t, code, 0, 0];
    v.extend_from_slice(rest);
    let c = fold(sum16(&v, 0));
    v[2..4].copy_from_slice(&c.to_be_bytes());
    v
}

pub fn icmp6(t: u8, code: u8, rest: &[u8], src: &[u8], dst: &[u8]) -> Vec<u8> {
    let mut v = vec![t, code, 0, 0];
    v.extend_from_slice(rest);
    fix_l4_sum(&mut v, 2, src, dst, 58);
    v
}

/// DNS name in wire format.
pub fn qname(name: &str) -> Vec<u8> {
    let mut v = Vec::new();
    for l in name.split('.').filter(|l| !l.is_empty()) {
        v.push(l.len() as u8);
        v.extend_from_slice(l.as_bytes());
    }
    v.push(0);
    v
}

pub fn dns_header(id: u16, flags: u16, qd: u16, an: u16, ns: u16, ar: u16) -> Vec<u8> {
    let mut v = Vec::new();
    for x in [id, flags, qd, an, ns, ar] {
        v.extend_from_slice(&x.to_be_bytes());
    }
    v
}

pub fn rr(name: &[u8], typ: u16, class: u16, ttl: u32, rdata: &[u8]) -> Vec<u8> {
    let mut v = name.to_vec();
    v.extend_from_slice(&typ.to_be_bytes());
    v.extend_from_slice(&class.to_be_bytes());
    v.extend_from_slice(&ttl.to_be_bytes());
    v.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
    v.extend_from_slice(rdata);
    v
}

pub fn sll2(
    protocol: u16,
    ifindex: u32,
    hatype: u16,
    pkttype: u8,
    addr: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&protocol.to_be_bytes());
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(&ifindex.to_be_bytes());
    v.extend_from_slice(&hatype.to_be_bytes());
    v.push(pkttype);
    v.push(addr.len() as u8);
    let mut a = [0u8; 8];
    a[..addr.len()].copy_from_slice(addr);
    v.extend_from_slice(&a);
    v.extend_from_slice(payload);
    v
}

struct B {
    pkts: Vec<Pkt>,
    t: u64,
}

impl B {
    fn add(&mut self, name: &'static str, strict: bool, data: Vec<u8>) {
        let len = data.len() as u32;
        self.add_len(name, strict, data, len);
    }
    fn add_len(&mut self, name: &'static str, strict: bool, data: Vec<u8>, orig_len: u32) {
        // Timestamps in µs; vary hours, minutes and fractions.
        self.t += 3_723_456_789_000; // 1h 2m 3.456789s
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: self.t,
            strict,
        });
    }
}

const SYN: u8 = 0x02;
const ACK: u8 = 0x10;
const PSH: u8 = 0x08;
const FIN: u8 = 0x01;
const RST: u8 = 0x04;
const URG: u8 = 0x20;
const ECE: u8 = 0x40;
const CWR: u8 = 0x80;

fn v4tcp(src: [u8; 4], dst: [u8; 4], t: &Tcp, payload: &[u8]) -> Vec<u8> {
    ipv4(src, dst, 6, &t.build(&src, &dst, payload))
}

fn v4udp(src: [u8; 4], dst: [u8; 4], sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    ipv4(src, dst, 17, &udp(sport, dport, &src, &dst, payload))
}

fn v6tcp(src: [u8; 16], dst: [u8; 16], t: &Tcp, payload: &[u8]) -> Vec<u8> {
    ipv6(src, dst, 6, 64, &t.build(&src, &dst, payload))
}

fn v6udp(src: [u8; 16], dst: [u8; 16], sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    ipv6(src, dst, 17, 64, &udp(sport, dport, &src, &dst, payload))
}

const SYN_OPTS: &[u8] = &[
    2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0x12, 0x34, 0x56, 0, 0, 0, 0, 1, 3, 3, 7,
];
const TS_OPTS: &[u8] = &[1, 1, 8, 10, 0, 0x12, 0x34, 0x60, 0x0a, 0xbc, 0xde, 0xf0];

/// An Ethernet frame from `MAC_A` to `MAC_B` carrying IPv6 (next header `nh`) from `IP6_A`
/// to `IP6_B` with `p`.
fn v6eth(nh: u8, p: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, nh, 64, p))
}

/// An ICMP echo request (`t` 8) or reply (0): id 0x1234, sequence 7, `abcdefgh`.
fn echo(t: u8) -> Vec<u8> {
    icmp(
        t,
        0,
        &[
            0x12, 0x34, 0, 7, b'a', b'b', b'c', b'd', b'e', b'f', b'g', b'h',
        ],
    )
}
