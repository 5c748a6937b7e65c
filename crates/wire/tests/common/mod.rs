//! Test packets built byte by byte, and a minimal pcap writer/reader.

mod l2;
pub use l2::l2_packets;
mod routing;
pub use routing::routing_packets;

pub const LINKTYPE_ETHERNET: u32 = 1;
pub const LINKTYPE_LINUX_SLL2: u32 = 276;

mod tunnels;
pub use tunnels::*;

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

/// The Ethernet fixture: every kind the brief lists.
pub fn ether_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_000_000_000_001_000,
    };
    let e = |et: u16, p: &[u8]| eth(MAC_B, MAC_A, et, p);
    let er = |et: u16, p: &[u8]| eth(MAC_A, MAC_B, et, p);

    // ARP
    b.add(
        "arp request",
        true,
        eth(BCAST, MAC_A, 0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B)),
    );
    b.add(
        "arp reply",
        true,
        eth(MAC_A, MAC_B, 0x0806, &arp(2, MAC_B, IP_B, MAC_A, IP_A)),
    );
    b.add(
        "arp request tha set",
        true,
        eth(MAC_B, MAC_A, 0x0806, &arp(1, MAC_A, IP_A, MAC_B, IP_B)),
    );
    b.add(
        "arp probe",
        true,
        eth(BCAST, MAC_A, 0x0806, &arp(1, MAC_A, [0; 4], [0; 6], IP_A)),
    );
    b.add(
        "rarp request",
        false,
        eth(BCAST, MAC_A, 0x8035, &{
            let mut a = arp(3, MAC_A, [0; 4], MAC_A, [0; 4]);
            a[0..2].copy_from_slice(&[0, 1]);
            a
        }),
    );
    b.add(
        "arp unknown op",
        false,
        eth(BCAST, MAC_A, 0x0806, &arp(5, MAC_A, IP_A, [0; 6], IP_B)),
    );
    b.add(
        "arp ipv6 proto",
        false,
        eth(BCAST, MAC_A, 0x0806, &{
            let mut v = vec![0, 1, 0x86, 0xdd, 6, 16, 0, 1];
            v.extend_from_slice(&MAC_A);
            v.extend_from_slice(&IP6_A);
            v.extend_from_slice(&[0; 6]);
            v.extend_from_slice(&IP6_B);
            v
        }),
    );

    // ICMP
    let echo = |t: u8| {
        icmp(
            t,
            0,
            &[
                0x12, 0x34, 0, 7, b'a', b'b', b'c', b'd', b'e', b'f', b'g', b'h',
            ],
        )
    };
    b.add(
        "icmp echo request",
        true,
        e(0x0800, &ipv4(IP_A, IP_C, 1, &echo(8))),
    );
    b.add(
        "icmp echo reply",
        true,
        er(0x0800, &ipv4(IP_C, IP_A, 1, &echo(0))),
    );
    let inner_udp = v4udp(IP_A, IP_C, 33434, 33435, &[0; 4]);
    let mut err_body = vec![0, 0, 0, 0];
    err_body.extend_from_slice(&inner_udp[..28]);
    b.add(
        "icmp port unreachable",
        true,
        er(0x0800, &ipv4(IP_C, IP_A, 1, &icmp(3, 3, &err_body))),
    );
    b.add(
        "icmp host unreachable",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(3, 1, &err_body))),
    );
    let mut frag_body = vec![0, 0, 0x05, 0xdc];
    frag_body.extend_from_slice(&inner_udp[..28]);
    b.add(
        "icmp need frag",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(3, 4, &frag_body))),
    );
    b.add(
        "icmp admin prohibited",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(3, 13, &err_body))),
    );
    b.add(
        "icmp time exceeded",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(11, 0, &err_body))),
    );
    let mut redir = IP_B.to_vec();
    redir.extend_from_slice(&inner_udp[..28]);
    b.add(
        "icmp redirect",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(5, 1, &redir))),
    );
    b.add(
        "icmp timestamp request",
        true,
        e(
            0x0800,
            &ipv4(
                IP_A,
                IP_C,
                1,
                &icmp(13, 0, &[0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            ),
        ),
    );
    b.add(
        "icmp timestamp reply",
        true,
        er(
            0x0800,
            &ipv4(
                IP_C,
                IP_A,
                1,
                &icmp(
                    14,
                    0,
                    &[
                        0, 1, 0, 2, 0x02, 0x93, 0x2e, 0x01, 0x02, 0x93, 0x2e, 0x05, 0x02, 0x93,
                        0x2e, 0x06,
                    ],
                ),
            ),
        ),
    );
    b.add(
        "icmp unknown type",
        true,
        e(0x0800, &ipv4(IP_A, IP_C, 1, &icmp(42, 1, &[0; 4]))),
    );
    b.add(
        "icmp param problem",
        true,
        er(0x0800, &ipv4(IP_B, IP_A, 1, &icmp(12, 0, &[20, 0, 0, 0]))),
    );

    // TCP over IPv4: a conversation (relative sequence numbers), then every flag combination.
    let (c, s) = (IP_A, IP_C);
    b.add(
        "tcp syn",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_000, 0, SYN).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp syn-ack",
        true,
        er(
            0x0800,
            &v4tcp(
                s,
                c,
                &Tcp::new(443, 40000, 3_000_000_000, 1_000_001, SYN | ACK).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp ack",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_001, 3_000_000_001, ACK).opts(TS_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp psh data",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_001, 3_000_000_001, PSH | ACK).opts(TS_OPTS),
                &[0x16; 100],
            ),
        ),
    );
    b.add(
        "tcp ack data back",
        true,
        er(
            0x0800,
            &v4tcp(
                s,
                c,
                &Tcp::new(443, 40000, 3_000_000_001, 1_000_101, PSH | ACK),
                &[0x17; 300],
            ),
        ),
    );
    let mut sack = vec![1, 1, 5, 10];
    sack.extend_from_slice(&3_000_000_101u32.to_be_bytes());
    sack.extend_from_slice(&3_000_000_201u32.to_be_bytes());
    b.add(
        "tcp sack",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_101, 3_000_000_001, ACK).opts(&sack),
                &[],
            ),
        ),
    );
    b.add(
        "tcp fin-ack",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40000, 443, 1_000_101, 3_000_000_301, FIN | ACK),
                &[],
            ),
        ),
    );
    b.add(
        "tcp rst",
        true,
        er(
            0x0800,
            &v4tcp(s, c, &Tcp::new(443, 40000, 3_000_000_301, 0, RST), &[]),
        ),
    );
    b.add(
        "tcp rst-ack",
        true,
        er(
            0x0800,
            &v4tcp(IP_B, c, &Tcp::new(22222, 40001, 0, 77, RST | ACK), &[]),
        ),
    );
    for (name, flags) in [
        ("tcp flags none", 0u8),
        ("tcp flags urg", URG | ACK | PSH),
        ("tcp flags ece cwr syn", SYN | ECE | CWR),
        ("tcp flags all", 0xff),
        ("tcp flags fin only", FIN),
        ("tcp flags syn fin", SYN | FIN),
        ("tcp flags push only", PSH),
    ] {
        let mut t = Tcp::new(5555, 6666, 12345, 67890, flags);
        t.urp = 3;
        b.add(name, true, e(0x0800, &v4tcp(c, IP_B, &t, &[1, 2, 3])));
    }
    b.add(
        "tcp window scale + unknown option",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40002, 8443, 5, 0, SYN)
                    .opts(&[3, 3, 14, 1, 0x4c, 4, 0xde, 0xad, 1, 1, 4, 2, 0]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp bad option length",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40003, 8443, 5, 0, SYN).opts(&[2, 9, 1, 1]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp eol in middle",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40004, 8443, 5, 0, SYN).opts(&[2, 4, 5, 0xb4, 0, 0, 0, 0]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp mss only",
        true,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40005, 8443, 5, 0, SYN).opts(&[2, 4, 0x23, 0x28]),
                &[],
            ),
        ),
    );
    b.add(
        "tcp tfo cookie",
        false,
        e(
            0x0800,
            &v4tcp(
                c,
                s,
                &Tcp::new(40006, 8443, 5, 0, SYN).opts(&[34, 10, 1, 2, 3, 4, 5, 6, 7, 8]),
                &[],
            ),
        ),
    );

    // TCP over IPv6
    let (c6, s6) = (IP6_A, IP6_B);
    b.add(
        "tcp6 syn",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6tcp(
                c6,
                s6,
                &Tcp::new(50000, 443, 42, 0, SYN).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp6 syn-ack",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &v6tcp(
                s6,
                c6,
                &Tcp::new(443, 50000, 4_000_000_000, 43, SYN | ACK).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "tcp6 data",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6tcp(
                c6,
                s6,
                &Tcp::new(50000, 443, 43, 4_000_000_001, PSH | ACK),
                &[0x41; 517],
            ),
        ),
    );
    b.add(
        "tcp6 ack",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &v6tcp(s6, c6, &Tcp::new(443, 50000, 4_000_000_001, 560, ACK), &[]),
        ),
    );

    // UDP
    b.add(
        "udp v4",
        true,
        e(0x0800, &v4udp(c, IP_B, 40000, 9999, b"hello world")),
    );
    b.add(
        "udp v4 empty",
        true,
        e(0x0800, &v4udp(c, IP_B, 40000, 9999, b"")),
    );
    b.add(
        "udp v6",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6udp(c6, s6, 40000, 4433, &[7; 1200]),
        ),
    );
    let mut bad = v4udp(c, IP_B, 1234, 4321, b"abcd");
    bad[24..26].copy_from_slice(&100u16.to_be_bytes());
    b.add("udp bad length", true, e(0x0800, &bad));
    let mut short = v4udp(c, IP_B, 1234, 4321, b"abcd");
    short[24..26].copy_from_slice(&4u16.to_be_bytes());
    b.add("udp length below header", true, e(0x0800, &short));

    // DNS
    let q = |id: u16, name: &str, t: u16| {
        let mut m = dns_header(id, 0x0100, 1, 0, 0, 0);
        m.extend_from_slice(&qname(name));
        m.extend_from_slice(&t.to_be_bytes());
        m.extend_from_slice(&1u16.to_be_bytes());
        m
    };
    b.add(
        "dns query a",
        false,
        e(
            0x0800,
            &v4udp(c, IP_B, 53000, 53, &q(0x1a2b, "www.example.com", 1)),
        ),
    );
    let mut resp = dns_header(0x1a2b, 0x8180, 1, 2, 0, 0);
    resp.extend_from_slice(&qname("www.example.com"));
    resp.extend_from_slice(&[0, 1, 0, 1]);
    resp.extend_from_slice(&rr(&[0xc0, 12], 1, 1, 300, &[93, 184, 216, 34]));
    resp.extend_from_slice(&rr(&[0xc0, 12], 1, 1, 300, &[93, 184, 216, 35]));
    b.add(
        "dns response a",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53000, &resp)),
    );
    b.add(
        "dns query aaaa v6",
        false,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &v6udp(c6, s6, 53001, 53, &q(7, "ipv6.example.org", 28)),
        ),
    );
    let mut r6 = dns_header(7, 0x8180, 1, 1, 0, 0);
    r6.extend_from_slice(&qname("ipv6.example.org"));
    r6.extend_from_slice(&[0, 28, 0, 1]);
    r6.extend_from_slice(&rr(&[0xc0, 12], 28, 1, 60, &IP6_B));
    b.add(
        "dns response aaaa v6",
        false,
        eth(MAC_A, MAC_B, 0x86dd, &v6udp(s6, c6, 53, 53001, &r6)),
    );
    let mut cn = dns_header(99, 0x8180, 1, 2, 0, 0);
    cn.extend_from_slice(&qname("alias.example.net"));
    cn.extend_from_slice(&[0, 1, 0, 1]);
    let mut target = qname("real");
    target.pop();
    target.extend_from_slice(&[0xc0, 18]); // "real" + pointer to "example.net"
    cn.extend_from_slice(&rr(&[0xc0, 12], 5, 1, 60, &target));
    cn.extend_from_slice(&rr(&[0xc0, 47], 1, 1, 60, &[10, 0, 0, 1]));
    b.add(
        "dns response cname",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53002, &cn)),
    );
    let mut nx = dns_header(4242, 0x8183, 1, 0, 1, 0);
    nx.extend_from_slice(&qname("nope.example.com"));
    nx.extend_from_slice(&[0, 1, 0, 1]);
    nx.extend_from_slice(&rr(&[0xc0, 17], 6, 1, 900, &[0; 22]));
    b.add(
        "dns nxdomain",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53003, &nx)),
    );
    let mut mx = dns_header(5, 0x8580, 1, 2, 0, 0);
    mx.extend_from_slice(&qname("example.com"));
    mx.extend_from_slice(&[0, 15, 0, 1]);
    let mut mxd = vec![0, 10];
    mxd.extend_from_slice(&qname("mail.example.com"));
    mx.extend_from_slice(&rr(&[0xc0, 12], 15, 1, 60, &mxd));
    mx.extend_from_slice(&rr(&[0xc0, 12], 16, 1, 60, b"\x05hello\x03a\"b"));
    b.add(
        "dns mx txt aa",
        false,
        er(0x0800, &v4udp(IP_B, c, 53, 53004, &mx)),
    );
    let mut edns = q(0x77, "example.com", 1);
    edns[11] = 1; // arcount
    edns.extend_from_slice(&[0, 0, 41, 0x10, 0, 0, 0, 0x80, 0, 0, 0]);
    b.add(
        "dns query edns",
        false,
        e(0x0800, &v4udp(c, IP_B, 53005, 53, &edns)),
    );
    let qt = q(0x3344, "tcp.example.com", 255);
    let mut tcp_dns = (qt.len() as u16).to_be_bytes().to_vec();
    tcp_dns.extend_from_slice(&qt);
    b.add(
        "dns over tcp",
        false,
        e(
            0x0800,
            &v4tcp(c, IP_B, &Tcp::new(40010, 53, 10, 20, PSH | ACK), &tcp_dns),
        ),
    );
    let mut mdns = dns_header(0, 0, 1, 0, 0, 0);
    mdns.extend_from_slice(&qname("_ipp._tcp.local"));
    mdns.extend_from_slice(&[0, 12, 0x80, 1]);
    b.add(
        "mdns query",
        false,
        eth(
            [1, 0, 0x5e, 0, 0, 0xfb],
            MAC_A,
            0x0800,
            &v4udp(c, [224, 0, 0, 251], 5353, 5353, &mdns),
        ),
    );
    let mut trunc_dns = e(0x0800, &v4udp(IP_B, c, 53, 53006, &resp));
    trunc_dns.truncate(14 + 20 + 8 + 12 + 17 + 4 + 8);
    let full = 14 + 20 + 8 + resp.len() as u32;
    b.add_len("dns response truncated", false, trunc_dns, full);

    // IPv4 fragments and options
    let big = udp(40000, 9999, &c, &IP_B, &[9; 64]);
    let mut f1 = V4::new(c, IP_B, 17);
    f1.flags_off = 0x2000;
    f1.id = 777;
    b.add(
        "ipv4 first fragment",
        false,
        e(0x0800, &f1.build(&big[..40])),
    );
    let mut f2 = V4::new(c, IP_B, 17);
    f2.flags_off = 5; // offset 40
    f2.id = 777;
    b.add(
        "ipv4 later fragment",
        false,
        e(0x0800, &f2.build(&big[40..])),
    );
    let mut f3 = V4::new(c, IP_B, 6);
    f3.flags_off = 0x2000 | 100;
    b.add(
        "ipv4 tcp middle fragment",
        false,
        e(0x0800, &f3.build(&[0; 32])),
    );
    let mut o1 = V4::new(c, IP_C, 1);
    o1.options = vec![7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // record route
    b.add(
        "ipv4 options record route",
        false,
        e(0x0800, &o1.build(&echo(8))),
    );
    let mut o2 = V4::new(c, IP_C, 6);
    o2.options = vec![0x94, 4, 0, 0]; // router alert
    b.add(
        "ipv4 options router alert tcp",
        false,
        e(
            0x0800,
            &o2.build(&Tcp::new(1, 2, 3, 4, SYN).build(&c, &IP_C, &[])),
        ),
    );

    // IPv6 extension headers, ICMPv6
    let mut hbh = vec![58, 0, 5, 2, 0, 0, 1, 0]; // router alert + padn
    let mut mld = vec![0, 0, 0, 1, 4, 0, 0, 0];
    mld.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    let mld = icmp6(
        143,
        0,
        &mld,
        &LL_A,
        &[0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16],
    );
    hbh.extend_from_slice(&mld);
    b.add(
        "ipv6 hbh mldv2 report",
        false,
        eth(
            [0x33, 0x33, 0, 0, 0, 0x16],
            MAC_A,
            0x86dd,
            &ipv6(
                LL_A,
                [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16],
                0,
                1,
                &hbh,
            ),
        ),
    );
    let mut dst = vec![17, 0, 1, 4, 0, 0, 0, 0];
    dst.extend_from_slice(&udp(1000, 2000, &IP6_A, &IP6_B, b"xyz"));
    b.add(
        "ipv6 dstopts udp",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 60, 64, &dst)),
    );
    let mut rt = vec![58, 2, 0, 1, 0, 0, 0, 0];
    rt.extend_from_slice(&IP6_B);
    rt.extend_from_slice(&icmp6(128, 0, &[0, 9, 0, 1], &IP6_A, &IP6_B));
    b.add(
        "ipv6 routing type0",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 43, 64, &rt)),
    );
    let mut fr = vec![17, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef];
    fr.extend_from_slice(&udp(1000, 2000, &IP6_A, &IP6_B, &[0; 40])[..24]);
    b.add(
        "ipv6 fragment first",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 44, 64, &fr)),
    );
    let mut fr2 = vec![17, 0, 0, 24, 0xde, 0xad, 0xbe, 0xef];
    fr2.extend_from_slice(&[0; 24]);
    b.add(
        "ipv6 fragment later",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 44, 64, &fr2)),
    );
    b.add(
        "icmp6 echo request",
        true,
        eth(
            MAC_B,
            MAC_A,
            0x86dd,
            &ipv6(
                IP6_A,
                IP6_B,
                58,
                64,
                &icmp6(128, 0, &[0x0b, 0xad, 0, 1, 1, 2, 3, 4], &IP6_A, &IP6_B),
            ),
        ),
    );
    b.add(
        "icmp6 echo reply",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(
                IP6_B,
                IP6_A,
                58,
                64,
                &icmp6(129, 0, &[0x0b, 0xad, 0, 1, 1, 2, 3, 4], &IP6_B, &IP6_A),
            ),
        ),
    );
    let sn = [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0x12, 0x34];
    let mut ns = vec![0, 0, 0, 0];
    ns.extend_from_slice(&IP6_B);
    ns.extend_from_slice(&[1, 1]);
    ns.extend_from_slice(&MAC_A);
    b.add(
        "icmp6 neighbor solicitation",
        true,
        eth(
            [0x33, 0x33, 0xff, 0, 0x12, 0x34],
            MAC_A,
            0x86dd,
            &ipv6(IP6_A, sn, 58, 255, &icmp6(135, 0, &ns, &IP6_A, &sn)),
        ),
    );
    let mut na = vec![0x60, 0, 0, 0];
    na.extend_from_slice(&IP6_B);
    na.extend_from_slice(&[2, 1]);
    na.extend_from_slice(&MAC_B);
    b.add(
        "icmp6 neighbor advertisement",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 255, &icmp6(136, 0, &na, &IP6_B, &IP6_A)),
        ),
    );
    b.add(
        "icmp6 router solicitation",
        true,
        eth(
            [0x33, 0x33, 0, 0, 0, 2],
            MAC_A,
            0x86dd,
            &ipv6(
                LL_A,
                ALL_ROUTERS,
                58,
                255,
                &icmp6(
                    133,
                    0,
                    &[0, 0, 0, 0, 1, 1, 2, 0, 0, 0, 0, 0x0a],
                    &LL_A,
                    &ALL_ROUTERS,
                ),
            ),
        ),
    );
    let mut ra = vec![64, 0, 0x07, 0x08, 0, 0, 0, 0, 0, 0, 0, 0];
    ra.extend_from_slice(&[
        3, 4, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x0e, 0x10, 0, 0, 0, 0,
    ]);
    ra.extend_from_slice(&[0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    b.add(
        "icmp6 router advertisement",
        true,
        eth(
            [0x33, 0x33, 0, 0, 0, 1],
            MAC_B,
            0x86dd,
            &ipv6(
                LL_A,
                ALL_NODES,
                58,
                255,
                &icmp6(134, 0, &ra, &LL_A, &ALL_NODES),
            ),
        ),
    );
    let mut ptb = vec![0, 0, 0x05, 0x00];
    ptb.extend_from_slice(&v6udp(IP6_A, IP6_B, 1, 2, &[0; 8])[..48]);
    b.add(
        "icmp6 packet too big",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 64, &icmp6(2, 0, &ptb, &IP6_B, &IP6_A)),
        ),
    );
    let mut unr = vec![0, 0, 0, 0];
    unr.extend_from_slice(&v6udp(IP6_A, IP6_B, 1111, 2222, &[0; 8])[..48]);
    b.add(
        "icmp6 port unreachable",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 64, &icmp6(1, 4, &unr, &IP6_B, &IP6_A)),
        ),
    );
    b.add(
        "icmp6 time exceeded",
        true,
        eth(
            MAC_A,
            MAC_B,
            0x86dd,
            &ipv6(IP6_B, IP6_A, 58, 64, &icmp6(3, 0, &unr, &IP6_B, &IP6_A)),
        ),
    );

    // VLAN
    b.add(
        "vlan tcp",
        false,
        eth_tagged(
            MAC_B,
            MAC_A,
            &[(0x8100, 0x2064)],
            0x0800,
            &v4tcp(c, s, &Tcp::new(40000, 5201, 1, 0, SYN), &[]),
        ),
    );
    b.add(
        "qinq icmp",
        false,
        eth_tagged(
            MAC_B,
            MAC_A,
            &[(0x88a8, 0x0bb8), (0x8100, 0x1005)],
            0x0800,
            &ipv4(IP_A, IP_C, 1, &echo(8)),
        ),
    );
    b.add(
        "vlan arp",
        false,
        eth_tagged(
            BCAST,
            MAC_A,
            &[(0x8100, 0x00c8)],
            0x0806,
            &arp(1, MAC_A, IP_A, [0; 6], IP_B),
        ),
    );
    b.add(
        "vlan ipv6 udp",
        false,
        eth_tagged(
            MAC_B,
            MAC_A,
            &[(0x8100, 0x0002)],
            0x86dd,
            &v6udp(c6, s6, 9, 10, b"v6"),
        ),
    );

    // Odd EtherTypes and 802.3
    b.add(
        "ethertype local experimental",
        false,
        e(
            0x88b5,
            &[
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            ],
        ),
    );
    b.add(
        "ethertype lldp",
        false,
        eth(
            [1, 0x80, 0xc2, 0, 0, 0x0e],
            MAC_A,
            0x88cc,
            &[2, 7, 4, 2, 0, 0, 0, 0, 10, 4, 3, 5, 0x65, 0x74, 0x68, 0, 0],
        ),
    );
    b.add("802.3 llc unnumbered", false, {
        let mut v = eth(MAC_B, MAC_A, 0, &[]);
        v.truncate(14);
        v[12..14].copy_from_slice(&6u16.to_be_bytes());
        v.extend_from_slice(&[0x04, 0x04, 0x03, 1, 2, 3]);
        while v.len() < 60 {
            v.push(0);
        }
        v
    });
    b.add("802.3 llc xid", false, {
        let mut v = eth(BCAST, MAC_A, 0, &[]);
        v.truncate(14);
        v[12..14].copy_from_slice(&6u16.to_be_bytes());
        v.extend_from_slice(&[0x00, 0x01, 0xaf, 0x81, 0x01, 0x00]);
        while v.len() < 60 {
            v.push(0);
        }
        v
    });

    // Runts and truncation
    let syn = e(
        0x0800,
        &v4tcp(c, s, &Tcp::new(40000, 443, 1, 0, SYN).opts(SYN_OPTS), &[]),
    );
    b.add_len("runt 10 bytes", false, syn[..10].to_vec(), 10);
    b.add_len(
        "ether header only",
        false,
        syn[..14].to_vec(),
        syn.len() as u32,
    );
    b.add_len(
        "ipv4 header cut",
        false,
        syn[..30].to_vec(),
        syn.len() as u32,
    );
    b.add_len("tcp ports only", true, syn[..38].to_vec(), syn.len() as u32);
    b.add_len("tcp header cut", true, syn[..44].to_vec(), syn.len() as u32);
    b.add_len(
        "tcp options cut",
        true,
        syn[..60].to_vec(),
        syn.len() as u32,
    );
    b.add_len(
        "tcp addresses only",
        true,
        syn[..35].to_vec(),
        syn.len() as u32,
    );
    let u = e(0x0800, &v4udp(c, IP_B, 40000, 9999, &[0; 100]));
    b.add_len("udp snap 96", true, u[..96].to_vec(), u.len() as u32);
    b.add_len("udp ports cut", true, u[..37].to_vec(), u.len() as u32);
    let i6 = eth(
        MAC_B,
        MAC_A,
        0x86dd,
        &v6tcp(c6, s6, &Tcp::new(1, 2, 3, 4, ACK), &[]),
    );
    b.add_len("ipv6 header cut", false, i6[..40].to_vec(), i6.len() as u32);
    b.add_len("ipv6 tcp cut", true, i6[..60].to_vec(), i6.len() as u32);
    let ic = e(0x0800, &ipv4(IP_A, IP_C, 1, &echo(8)));
    b.add_len("icmp cut", true, ic[..36].to_vec(), ic.len() as u32);
    let ar = eth(BCAST, MAC_A, 0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B));
    b.add_len("arp cut", true, ar[..30].to_vec(), ar.len() as u32);
    let mut shortip = ipv4(IP_A, IP_C, 1, &echo(8));
    shortip[2..4].copy_from_slice(&200u16.to_be_bytes());
    b.add("ipv4 length beyond frame", false, e(0x0800, &shortip));
    let mut badhl = ipv4(IP_A, IP_C, 1, &echo(8));
    badhl[0] = 0x44;
    b.add("ipv4 bad hlen", false, e(0x0800, &badhl));
    let mut v5 = ipv4(IP_A, IP_C, 1, &echo(8));
    v5[0] = 0x55;
    b.add("ip version 5", false, e(0x0800, &v5));
    let mut badtcp = Tcp::new(1, 2, 3, 4, SYN).build(&c, &s, &[]);
    badtcp[12] = 0x30;
    b.add(
        "tcp bad header length",
        true,
        e(0x0800, &ipv4(c, s, 6, &badtcp)),
    );

    // Tunnels and application banners
    b.add(
        "6in4",
        false,
        e(0x0800, &ipv4(IP_A, IP_C, 41, &v6udp(c6, s6, 7, 8, b"in4"))),
    );
    b.add(
        "ssh banner",
        false,
        e(
            0x0800,
            &v4tcp(
                IP_B,
                c,
                &Tcp::new(22, 40020, 100, 200, PSH | ACK),
                b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
            ),
        ),
    );
    b.add(
        "ip-proto unknown",
        false,
        e(0x0800, &ipv4(IP_A, IP_C, 253, &[0; 12])),
    );
    b.add(
        "igmp",
        false,
        eth(
            [1, 0, 0x5e, 0, 0, 0x16],
            MAC_A,
            0x0800,
            &ipv4(
                IP_A,
                [224, 0, 0, 22],
                2,
                &[0x22, 0, 0xf9, 0x02, 0, 0, 0, 1, 4, 0, 0, 0, 239, 1, 1, 1],
            ),
        ),
    );
    app_packets(&mut b);
    more_packets(&mut b);
    b.pkts
}

/// A Mobility Header of type `t` whose message data (after the checksum) is `body`, padded to a
/// multiple of 8 bytes; `len` overrides the header-length field.
fn mh(t: u8, body: &[u8], len: Option<u8>) -> Vec<u8> {
    let mut v = vec![59, 0, t, 0, 0x12, 0x34];
    v.extend_from_slice(body);
    while v.len() % 8 != 0 {
        v.push(0);
    }
    v[1] = len.unwrap_or((v.len() / 8 - 1) as u8);
    v
}

/// A DCCP header: `x` selects 48-bit sequence numbers; `rest` follows the generic header.
fn dccp(t: u8, x: bool, rest: &[u8]) -> Vec<u8> {
    let hl = if x { 16 } else { 12 } + rest.len();
    let mut v = vec![0x13, 0x88, 0x17, 0x70, (hl / 4) as u8, 0, 0, 0];
    v.push((t << 1) | x as u8);
    if x {
        v.extend_from_slice(&[0, 0, 0, 0, 0x01, 0x02, 0x03]);
    } else {
        v.extend_from_slice(&[0x01, 0x02, 0x03]);
    }
    v.extend_from_slice(rest);
    v
}

/// An 802.3 frame carrying LLC/SNAP with the given OUI and protocol ID.
fn snap_frame(oui: [u8; 3], pid: u16, payload: &[u8]) -> Vec<u8> {
    let mut llc = vec![0xaa, 0xaa, 0x03];
    llc.extend_from_slice(&oui);
    llc.extend_from_slice(&pid.to_be_bytes());
    llc.extend_from_slice(payload);
    let mut v = MAC_B.to_vec();
    v.extend_from_slice(&MAC_A);
    v.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    v.extend_from_slice(&llc);
    v
}

/// An RFC 2225 ATMARP packet for IPv4 with 20-byte ATM numbers (`tha_len` 0 for none).
fn atmarp(op: u16, spa: [u8; 4], tha_len: u8, tpa: [u8; 4]) -> Vec<u8> {
    let mut v = vec![0, 19, 0x08, 0x00, 20, 0];
    v.extend_from_slice(&op.to_be_bytes());
    v.extend_from_slice(&[4, tha_len, 0, 4]);
    v.extend((1..=20).collect::<Vec<u8>>());
    v.extend_from_slice(&spa);
    v.extend((0..tha_len).map(|i| 0x40 + i));
    v.extend_from_slice(&tpa);
    v
}

/// Mobility, DCCP, SNAP, ATMARP and TCP-MD5 packets, after the rest so that adding them left
/// the earlier packets' timestamps alone.
fn more_packets(b: &mut B) {
    mobility_packets(b);
    dccp_packets(b);
    snap_packets(b);
    atmarp_packets(b);
    md5_packets(b);
    aoe_packets(b);
    ptp_packets(b);
    eigrp_packets(b);
}

/// EIGRP over IPv4 and IPv6: each message type, an unknown one, another version, a cut header.
fn eigrp_packets(b: &mut B) {
    let eigrp = |version: u8, opcode: u8, tlvs: usize| {
        let mut v = vec![
            version, opcode, 0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0,
        ];
        v.extend_from_slice(&[0, 0, 0, 100]);
        v.extend((0..tlvs).map(|i| i as u8));
        v
    };
    let cases: [(&'static str, u8, u8); 9] = [
        ("eigrp update", 2, 1),
        ("eigrp query", 2, 3),
        ("eigrp reply", 2, 4),
        ("eigrp hello", 2, 5),
        ("eigrp ipx sap", 2, 6),
        ("eigrp probe", 2, 7),
        ("eigrp unknown opcode", 2, 9),
        ("eigrp version 1", 1, 5),
        ("eigrp opcode 2", 2, 2),
    ];
    for (name, version, opcode) in cases {
        b.add(
            name,
            true,
            eth(
                MAC_B,
                MAC_A,
                0x0800,
                &ipv4(IP_A, [224, 0, 0, 10], 88, &eigrp(version, opcode, 20)),
            ),
        );
    }
    b.add("eigrp hello ipv6", true, v6eth(88, &eigrp(2, 5, 20)));
    let whole = eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(IP_A, [224, 0, 0, 10], 88, &eigrp(2, 5, 20)),
    );
    let len = whole.len() as u32;
    b.add_len("eigrp cut", true, whole[..14 + 20 + 19].to_vec(), len);
    b.add_len(
        "eigrp cut after header",
        true,
        whole[..14 + 20 + 20].to_vec(),
        len,
    );
}

/// PTP straight over Ethernet: a sync message, an announce message and a cut one.
fn ptp_packets(b: &mut B) {
    let mut sync = vec![0x00, 0x02, 0, 44, 0, 0, 0x1a, 0xc0];
    sync.resize(44, 0x11);
    b.add("ptp over ethernet", true, eth(MAC_B, MAC_A, 0x88f7, &sync));
    let mut ann = vec![0x0b, 0x02, 0, 64, 0, 0, 0, 0];
    ann.resize(64, 0x22);
    let whole = eth(MAC_B, MAC_A, 0x88f7, &ann);
    b.add("ptp announce over ethernet", true, whole.clone());
    let len = whole.len() as u32;
    b.add_len(
        "ptp over ethernet cut",
        true,
        whole[..14 + 21].to_vec(),
        len,
    );
}

/// ATA over Ethernet: version 1 requests and responses, other versions, short and cut frames.
fn aoe_packets(b: &mut B) {
    let aoe = |first: u8, len: usize| {
        let mut v = vec![first, 0, 0, 7, 1, 0x01, 0xde, 0xad, 0xbe, 0xef];
        v.resize(len, 0);
        eth(MAC_B, MAC_A, 0x88a2, &v)
    };
    b.add("aoe request", true, aoe(0x10, 46));
    b.add("aoe response", true, aoe(0x18, 46));
    b.add("aoe error", true, aoe(0x1c, 46));
    b.add("aoe error only", true, aoe(0x14, 1046));
    b.add("aoe low flags", true, aoe(0x13, 46));
    b.add("aoe version 0", true, aoe(0x08, 46));
    b.add("aoe version 2", true, aoe(0x2f, 46));
    // Frames shorter than Ethernet's minimum, so the AoE length is below the header's.
    let whole = aoe(0x18, 1046);
    b.add("aoe short", true, whole[..14 + 5].to_vec());
    b.add("aoe empty", true, whole[..14].to_vec());
    let len = whole.len() as u32;
    b.add_len("aoe cut", true, whole[..14 + 3].to_vec(), len);
    b.add_len("aoe cut at type", true, whole[..14].to_vec(), len);
    b.add_len("aoe short cut", true, whole[..14 + 2].to_vec(), 14 + 5);
}

fn v6eth(nh: u8, p: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, nh, 64, p))
}

fn mobility_packets(b: &mut B) {
    let v6 = v6eth;
    let id = [0x01, 0x02];
    let cookie: Vec<u8> = (0..16).collect();
    let mut hot = id.to_vec();
    hot.extend_from_slice(&cookie);
    let mut be = vec![2, 0];
    be.extend_from_slice(&IP6_B);
    let mobility: [(&'static str, Vec<u8>); 12] = [
        ("mobility brr", mh(0, &[0, 0], None)),
        (
            "mobility hoti",
            mh(1, &[0, 0, 1, 2, 3, 4, 5, 6, 7, 8], None),
        ),
        (
            "mobility coti",
            mh(2, &[0, 0, 1, 2, 3, 4, 5, 6, 7, 8], None),
        ),
        ("mobility hot", mh(3, &hot, None)),
        ("mobility cot", mh(4, &hot, None)),
        ("mobility bu flags", mh(5, &[0, 7, 0xf0, 0, 0, 0x10], None)),
        ("mobility bu", mh(5, &[0, 7, 0x40, 0, 0, 0x10], None)),
        ("mobility ba", mh(6, &[0x80, 0x80, 0, 9, 0, 0x20], None)),
        ("mobility be", mh(7, &be, None)),
        ("mobility unknown type", mh(9, &[0; 10], None)),
        ("mobility too short", mh(5, &[0, 7], Some(0))),
        ("mobility bu opts", mh(5, &[0, 7, 0, 0, 0, 1, 1, 0], None)),
    ];
    for (name, m) in mobility {
        b.add(name, false, v6(135, &m));
    }
    b.add(
        "mobility old",
        false,
        v6(62, &mh(6, &[5, 0, 0, 9, 0, 0x20], None)),
    );
    let full = v6(135, &mh(3, &hot, None));
    for (name, cut) in [
        ("mobility cut 1", 55),
        ("mobility cut 5", 59),
        ("mobility cut 10", 64),
    ] {
        b.add_len(name, false, full[..cut].to_vec(), full.len() as u32);
    }
}

fn dccp_packets(b: &mut B) {
    let v6 = v6eth;

    let dccps: [(&'static str, Vec<u8>); 9] = [
        ("dccp request", dccp(0, true, &[0, 0, 0, 42])),
        (
            "dccp response",
            dccp(1, true, &[0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 42]),
        ),
        ("dccp data", dccp(2, false, &[])),
        ("dccp ack", dccp(3, true, &[0, 0, 0, 0, 0, 1, 0, 2])),
        ("dccp ack short seq", dccp(3, false, &[0, 0, 1, 2])),
        (
            "dccp reset",
            dccp(7, true, &[0, 0, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0]),
        ),
        (
            "dccp reset bad code",
            dccp(7, true, &[0, 0, 0, 0, 0, 1, 0, 2, 99, 0, 0, 0]),
        ),
        ("dccp close", dccp(6, true, &[0, 0, 0, 0, 0, 1, 0, 2])),
        (
            "dccp unknown type",
            dccp(12, true, &[0, 0, 0, 0, 0, 1, 0, 2]),
        ),
    ];
    for (name, d) in dccps {
        b.add(name, false, v6(33, &d));
        b.add(
            name,
            false,
            eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_C, 33, &d)),
        );
    }
    b.add("dccp short", false, v6(33, &dccp(0, true, &[])[..14]));
    b.add("dccp request cut", false, v6(33, &dccp(0, true, &[0, 0])));
}

fn snap_packets(b: &mut B) {
    b.add(
        "snap unknown oui",
        false,
        snap_frame([0, 0x12, 0x34], 0x5678, b"hello world!"),
    );
    b.add(
        "snap ethernet unknown type",
        false,
        snap_frame([0; 3], 0x5678, b"hello world!"),
    );
    b.add(
        "snap cisco",
        false,
        snap_frame([0, 0, 0x0c], 0x5678, b"hello world!"),
    );
    b.add(
        "snap cisco bridged",
        false,
        snap_frame([0, 0, 0xf8], 0x5678, b"hello world!"),
    );
    b.add(
        "snap appletalk",
        false,
        snap_frame([8, 0, 7], 0x809b, b"hello world!"),
    );
    let ip = ipv4(IP_A, IP_C, 253, &[0; 12]);
    b.add("snap ipv4", false, snap_frame([0; 3], 0x0800, &ip));
    b.add_len(
        "snap cut",
        false,
        snap_frame([0; 3], 0x0800, &ip)[..18].to_vec(),
        60,
    );
}

fn atmarp_packets(b: &mut B) {
    let arp = |p: &[u8]| eth(BCAST, MAC_A, 0x0806, p);
    b.add("atmarp request", false, arp(&atmarp(1, IP_A, 0, IP_B)));
    b.add("atmarp request tha", false, arp(&atmarp(1, IP_A, 20, IP_B)));
    b.add("atmarp reply", false, arp(&atmarp(2, IP_B, 20, IP_A)));
    b.add(
        "atmarp inverse request",
        false,
        arp(&atmarp(8, IP_B, 20, IP_A)),
    );
    b.add(
        "atmarp inverse reply",
        false,
        arp(&atmarp(9, IP_B, 20, IP_A)),
    );
    b.add("atmarp nak", false, arp(&atmarp(10, IP_A, 0, IP_B)));
    b.add("atmarp unknown op", false, arp(&atmarp(5, IP_A, 0, IP_B)));
    let mut ipv6arp = atmarp(1, IP_A, 0, IP_B);
    ipv6arp[2..4].copy_from_slice(&[0x86, 0xdd]);
    b.add("atmarp wrong proto", false, arp(&ipv6arp));
}

fn md5_packets(b: &mut B) {
    let mut md5 = vec![19, 18];
    md5.extend(0..16u8);
    let t = Tcp::new(40100, 179, 1000, 0, SYN).opts(&md5);
    b.add(
        "tcp md5",
        true,
        eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_C, &t, &[])),
    );
}

/// One application-layer test case: the payload goes over TCP or UDP between two ports, and
/// the truncated variants capture only `cut` bytes of it.
struct App {
    name: &'static str,
    tcp: bool,
    sport: u16,
    dport: u16,
    payload: Vec<u8>,
    cut: usize,
}

fn app(name: &'static str, tcp: bool, sport: u16, dport: u16, payload: &[u8], cut: usize) -> App {
    App {
        name,
        tcp,
        sport,
        dport,
        payload: payload.to_vec(),
        cut,
    }
}

/// A BOOTP/DHCP message of 300 bytes: op, the client's MAC, a magic cookie and a few options.
fn dhcp_msg(op: u8, chaddr: [u8; 6], your_ip: [u8; 4], msg_type: u8) -> Vec<u8> {
    let mut v = vec![op, 1, 6, 0];
    v.extend_from_slice(&0x3903_f326u32.to_be_bytes());
    v.extend_from_slice(&[0, 0, 0x80, 0]);
    v.extend_from_slice(&[0; 4]);
    v.extend_from_slice(&your_ip);
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(&chaddr);
    v.extend_from_slice(&[0; 10 + 64 + 128]);
    v.extend_from_slice(&[99, 130, 83, 99, 53, 1, msg_type, 55, 4, 1, 3, 6, 15, 255]);
    v.resize(300, 0);
    v
}

fn ntp_msg(status: u8) -> Vec<u8> {
    let mut v = vec![status, 2, 6, 0xe9];
    v.resize(40, 0);
    v.extend_from_slice(&0xe8f1_2345u32.to_be_bytes());
    v.extend_from_slice(&0x8000_0000u32.to_be_bytes());
    v
}

/// The application printers tcpdump applies by port: each case complete and truncated, over
/// IPv4 and IPv6.
fn app_packets(b: &mut B) {
    let http_get = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.4.0\r\nAccept: */*\r\n\r\n";
    let http_ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello";
    let mut tftp_data = vec![0, 3, 0, 1];
    tftp_data.extend_from_slice(&[b'z'; 512]);
    let cases = [
        app("http request", true, 40100, 80, http_get, 10),
        app("http response", true, 80, 40100, http_ok, 17),
        app(
            "http body",
            true,
            40101,
            8080,
            b"<html><body>hi</body></html>\n",
            3,
        ),
        app("http no line end", true, 40102, 8080, b"GET /x HTTP/1.0", 4),
        app(
            "http lower-case method",
            true,
            40103,
            80,
            b"post /form HTTP/1.1\r\n\r\n",
            0,
        ),
        app(
            "http binary",
            true,
            40104,
            80,
            &[0x16, 3, 1, 0, 0x2a, 1, 0, 0],
            2,
        ),
        app(
            "ftp banner",
            true,
            21,
            40105,
            b"220 ProFTPD Server (Debian) [192.168.1.1]\r\n",
            8,
        ),
        app(
            "ftp command",
            true,
            40105,
            21,
            b"RETR pub/file.tar.gz\r\n",
            4,
        ),
        app(
            "smtp ehlo",
            true,
            40106,
            25,
            b"EHLO client.example.org\r\n",
            6,
        ),
        app("smtp binary", true, 25, 40106, &[0x80, 0x81, 0x0d, 0x0a], 1),
        app(
            "rtsp describe",
            true,
            40107,
            554,
            b"DESCRIBE rtsp://cam.local/stream RTSP/1.0\r\nCSeq: 2\r\n\r\n",
            12,
        ),
        app(
            "rtsp reply",
            true,
            8554,
            40107,
            b"RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n",
            16,
        ),
        app("whois query", true, 40108, 43, b"example.com\r\n", 5),
        app("telnet before http", true, 23, 80, http_get, 30),
        // No tcpdump printer: the line ends at the length.
        app(
            "imap greeting",
            true,
            143,
            40116,
            b"* OK [CAPABILITY IMAP4rev1] ready\r\n",
            4,
        ),
        app(
            "pop3 greeting",
            true,
            110,
            40117,
            b"+OK POP3 server ready\r\n",
            4,
        ),
        app("ntp client", false, 123, 123, &ntp_msg(0x23), 0),
        app("ntp server", false, 123, 40109, &ntp_msg(0x24), 1),
        app(
            "dhcp discover",
            false,
            68,
            67,
            &dhcp_msg(1, MAC_A, [0; 4], 1),
            30,
        ),
        app("dhcp offer", false, 67, 68, &dhcp_msg(2, MAC_A, IP_A, 2), 0),
        app(
            "dhcp6 solicit",
            false,
            546,
            547,
            &[1, 0x12, 0x34, 0x56, 0, 8, 0, 2, 0, 0],
            2,
        ),
        app(
            "dhcp6 reply",
            false,
            547,
            546,
            &[7, 0x12, 0x34, 0x56, 0, 1, 0, 0],
            4,
        ),
        app(
            "tftp read request",
            false,
            40110,
            69,
            b"\x00\x01boot/pxelinux.0\x00octet\x00tsize\x000\x00",
            9,
        ),
        app("tftp data", false, 69, 40110, &tftp_data, 3),
        app(
            "tftp error",
            false,
            69,
            40111,
            b"\x00\x05\x00\x01File not found\x00",
            10,
        ),
        app(
            "tftp option ack",
            false,
            69,
            40112,
            b"\x00\x06blksize\x001428\x00",
            5,
        ),
        app(
            "syslog",
            false,
            40113,
            514,
            b"<134>Jan  1 12:00:00 host app[1]: message",
            3,
        ),
        app("syslog invalid", false, 40113, 514, b"no priority here", 0),
        app(
            "sip invite",
            false,
            5060,
            5060,
            b"INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.1.10\r\n\r\n",
            20,
        ),
        app(
            "sip response",
            false,
            5060,
            40114,
            b"SIP/2.0 180 Ringing\r\n\r\n",
            0,
        ),
        app(
            "ssdp search",
            false,
            40115,
            1900,
            b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n",
            4,
        ),
        app(
            "netbios name query",
            false,
            137,
            137,
            &{
                let mut v = vec![0x12, 0x34, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0, 0x20];
                v.extend_from_slice(&[b'E', b'B'].repeat(16));
                v.extend_from_slice(&[0, 0, 0x20, 0, 1]);
                v
            },
            6,
        ),
    ];
    let hsrp = |op: u8, state: u8, reserved: u8| {
        let mut v = vec![0, op, state, 3, 10, 100, 1, reserved];
        v.extend_from_slice(b"cisco\0\0\0");
        v.extend_from_slice(&[192, 168, 0, 1]);
        v
    };
    let bfd = |vers_diag: u8, flags: u8| {
        let mut v = vec![vers_diag, flags, 3, 24];
        v.extend_from_slice(&0x1122_3344u32.to_be_bytes());
        v.extend_from_slice(&0u32.to_be_bytes());
        v.extend_from_slice(&1_000_000u32.to_be_bytes());
        v.extend_from_slice(&1_000_000u32.to_be_bytes());
        v.extend_from_slice(&0u32.to_be_bytes());
        v
    };
    let ptp = |first: u8, vers: u8, body_len: usize| {
        let mut v = vec![first, vers, 0, 0, 4, 0, 0x06, 0x3f];
        v.extend_from_slice(&[0, 0, 0, 1, 0x86, 0xa0, 0x80, 0x00]);
        v.extend_from_slice(&[0, 0, 0, 9]);
        v.extend_from_slice(&[0x74, 0x83, 0xef, 0xff, 0xfe, 0x01, 0xac, 0x16]);
        v.extend_from_slice(&[0x01, 0x12, 0x00, 0x2a, first & 0x0f, 0xfd]);
        v.extend((0..body_len).map(|i| 0xf0 - i as u8));
        let n = v.len() as u16;
        v[2..4].copy_from_slice(&n.to_be_bytes());
        v
    };
    let sflow = |version: u32, ip_version: u32, len: usize| {
        let mut v = Vec::new();
        v.extend_from_slice(&version.to_be_bytes());
        v.extend_from_slice(&ip_version.to_be_bytes());
        v.extend_from_slice(&[15, 184, 8, 4]);
        v.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]);
        v.extend_from_slice(&[0, 0, 0, 2, 0, 0, 0, 3]);
        v.resize(len, 0);
        v
    };
    // A Babel packet: magic, version, the body's length, the body's TLVs, then a trailer.
    let babel = |version: u8, body: &[u8], trailer: &[u8]| {
        let mut v = vec![42, version];
        v.extend_from_slice(&(body.len() as u16).to_be_bytes());
        v.extend_from_slice(body);
        v.extend_from_slice(trailer);
        v
    };
    let update = |flags: u8| vec![8, 10, 1, flags, 64, 0, 0, 100, 0, 5, 0, 1];
    let mut every_tlv = vec![0u8];
    for t in 1u8..=20 {
        if t != 8 {
            every_tlv.extend_from_slice(&[t, 2, 0, 0]);
        }
    }
    let mut updates = update(0x80);
    updates.extend(update(0xc0));
    updates.extend(update(0x41));
    updates.extend(update(0));
    let hello_ihu = [4, 6, 0, 0, 0, 1, 1, 144, 5, 6, 0, 0, 0, 96, 1, 144];
    let mut llmnr = dns_header(0x4d2, 0, 1, 0, 0, 0);
    llmnr.extend_from_slice(&qname("printer"));
    llmnr.extend_from_slice(&[0, 1, 0, 1]);
    let mut mdns_answer = dns_header(0, 0x8400, 0, 1, 0, 0);
    mdns_answer.extend_from_slice(&rr(
        &qname("printer.local"),
        1,
        0x8001,
        120,
        &[192, 168, 1, 9],
    ));
    let radius = |code: u8, len: u16, size: usize| {
        let mut v = vec![code, 0x2a];
        v.extend_from_slice(&len.to_be_bytes());
        v.resize(size, 0x5a);
        v
    };
    let mut hsrp_v1 = hsrp(0, 16, 0);
    hsrp_v1[0] = 1;
    let cases: Vec<App> = cases
        .into_iter()
        .chain([
            app("hsrp hello", false, 1985, 1985, &hsrp(0, 16, 0), 17),
            app("hsrp coup", false, 40120, 1985, &hsrp(1, 4, 0), 3),
            app("hsrp resign", false, 40120, 1985, &hsrp(2, 8, 7), 8),
            app("hsrp unknown", false, 40120, 1985, &hsrp(3, 3, 0), 16),
            app("hsrp v1", false, 40120, 1985, &hsrp_v1, 0),
            app("hsrp by source", false, 1985, 40120, &hsrp(0, 16, 0), 0),
            app("bfd control up", false, 49153, 3784, &bfd(0x20, 0xc0), 23),
            app("bfd multihop", false, 40121, 4784, &bfd(0x21, 0x78), 2),
            app("bfd lag", false, 40121, 6784, &bfd(0x20, 0x47), 24),
            app("bfd admin down", false, 40121, 3784, &bfd(0x27, 0x03), 0),
            app("bfd v0", false, 40121, 3784, &bfd(0x01, 0xff), 10),
            app("bfd v0 no flags", false, 40121, 3784, &bfd(0x00, 0), 0),
            app("bfd v2", false, 40121, 3784, &bfd(0x40, 0), 0),
            app("bfd echo", false, 3785, 3785, b"echo-payload", 0),
            app("bfd by source", false, 3784, 40121, &bfd(0x20, 0xc0), 0),
            app("ptp sync", false, 319, 319, &ptp(0x00, 2, 10), 40),
            app("ptp delay req", false, 40122, 319, &ptp(0x11, 2, 10), 36),
            app("ptp pdelay req", false, 319, 40122, &ptp(0x02, 2, 20), 50),
            app("ptp pdelay resp", false, 319, 319, &ptp(0x03, 2, 20), 46),
            app("ptp follow up", false, 320, 320, &ptp(0x08, 2, 10), 34),
            app("ptp delay resp", false, 320, 320, &ptp(0x09, 2, 20), 52),
            app(
                "ptp pdelay resp fup",
                false,
                320,
                320,
                &ptp(0x0a, 2, 20),
                20,
            ),
            app("ptp announce", false, 320, 320, &ptp(0x0b, 2, 30), 60),
            app("ptp signalling", false, 320, 320, &ptp(0x0c, 2, 10), 40),
            app("ptp management", false, 320, 320, &ptp(0x0d, 2, 14), 44),
            app("ptp reserved type", false, 320, 320, &ptp(0x05, 2, 4), 33),
            app("ptp v1", false, 320, 320, &ptp(0x00, 1, 10), 1),
            app("ptp v2.1", false, 319, 319, &ptp(0x00, 0x12, 10), 0),
            app("ptp short", false, 319, 319, &ptp(0x00, 2, 0)[..33], 10),
            app(
                "bcm li ingress",
                false,
                49152,
                49153,
                &[0x69, 0x81, 0x04, 0x6a, 0x45, 0, 0, 20],
                6,
            ),
            app(
                "bcm li egress ipv6",
                false,
                49152,
                40123,
                &[0x4d, 0x00, 0x00, 0x07],
                0,
            ),
            app(
                "bcm li unknown",
                false,
                49152,
                40123,
                &[0xff, 0xff, 0xff, 0xff, 1, 2],
                3,
            ),
            app("bcm li unused", false, 49152, 40123, &[0x30, 0xc0, 0, 1], 2),
            app("bcm li short", false, 49152, 40123, &[0x69, 0x81], 1),
            app("sflow v4 agent", false, 40124, 6343, &sflow(5, 1, 200), 26),
            app("sflow v6 agent", false, 40124, 6343, &sflow(5, 2, 200), 30),
            app("sflow version 4", false, 40124, 6343, &sflow(4, 1, 200), 20),
            app("sflow short", false, 40124, 6343, &sflow(5, 1, 27), 6),
            app("sflow v6 short", false, 40124, 6343, &sflow(5, 2, 39), 0),
            app(
                "sflow other ip version",
                false,
                40124,
                6343,
                &sflow(5, 7, 40),
                29,
            ),
            app(
                "radius access request",
                false,
                40127,
                1812,
                &radius(1, 38, 38),
                19,
            ),
            app(
                "radius access accept",
                false,
                1812,
                40127,
                &radius(2, 20, 20),
                0,
            ),
            app(
                "radius accounting",
                false,
                40127,
                1813,
                &radius(4, 26, 26),
                0,
            ),
            app(
                "radius disconnect",
                false,
                40127,
                3799,
                &radius(40, 38, 38),
                3,
            ),
            app("radius coa nak", false, 1700, 40127, &radius(45, 20, 20), 0),
            app(
                "radius unknown code",
                false,
                40127,
                1645,
                &radius(99, 20, 20),
                0,
            ),
            app(
                "radius reserved",
                false,
                40127,
                1646,
                &radius(255, 20, 20),
                0,
            ),
            app(
                "radius length too small",
                false,
                40127,
                1812,
                &radius(1, 19, 24),
                0,
            ),
            app(
                "radius length past end",
                false,
                40127,
                1812,
                &radius(1, 300, 24),
                0,
            ),
            // LLMNR has no tcpdump 4.99 printer: plain UDP, like SSDP and NetBIOS.
            app("llmnr query", false, 40125, 5355, &llmnr, 6),
            // NTP control (mode 6) and private (mode 7) messages, and a broadcast.
            app(
                "ntp control",
                false,
                40126,
                123,
                &[0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
                0,
            ),
            app(
                "ntp control response",
                false,
                123,
                40126,
                &[0x1e, 0x82, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4],
                1,
            ),
            app(
                "ntp private",
                false,
                40126,
                123,
                &[0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0],
                0,
            ),
            app("ntp broadcast", false, 123, 123, &ntp_msg(0x25), 2),
            app("ntp v3 symmetric", false, 123, 123, &ntp_msg(0x19), 0),
            // mDNS answer on 5353, DHCP request and ACK, DHCPv6 relay.
            app("mdns response", false, 5353, 5353, &mdns_answer, 14),
            app(
                "dhcp request",
                false,
                68,
                67,
                &dhcp_msg(1, MAC_A, [0; 4], 3),
                0,
            ),
            app("dhcp ack", false, 67, 68, &dhcp_msg(2, MAC_A, IP_A, 5), 0),
            app(
                "dhcp6 relay forward",
                false,
                547,
                547,
                &[12, 0, 0x20, 0x01],
                1,
            ),
            app("dhcp6 unknown type", false, 546, 547, &[40, 0, 0, 1], 0),
            app(
                "babel hello ihu",
                false,
                6696,
                6696,
                &babel(2, &hello_ihu, &[]),
                12,
            ),
            app(
                "babel every tlv",
                false,
                6696,
                6696,
                &babel(2, &every_tlv, &[]),
                30,
            ),
            app(
                "babel updates",
                false,
                6697,
                6697,
                &babel(2, &updates, &[]),
                21,
            ),
            app(
                "babel trailer",
                false,
                6696,
                6696,
                &babel(2, &hello_ihu, &[17, 4, 0, 0, 0, 1, 16, 2, 0, 0]),
                22,
            ),
            app(
                "babel short update",
                false,
                6696,
                6696,
                &babel(2, &[8, 4, 0, 0, 0, 0], &[]),
                0,
            ),
            app(
                "babel tlv past body",
                false,
                6696,
                6696,
                &babel(2, &[4, 6, 0, 0], &[0, 0]),
                0,
            ),
            app(
                "babel version 1",
                false,
                6696,
                6696,
                &babel(1, &hello_ihu, &[]),
                0,
            ),
            app("babel bad magic", false, 6696, 6696, &[41, 2, 0, 0], 0),
            app("babel short", false, 6696, 6696, &[42, 2], 1),
            app(
                "babel body too long",
                false,
                6696,
                6696,
                &[42, 2, 0, 9, 4, 0],
                0,
            ),
        ])
        .collect();
    let names = ["", " cut", " ipv6", " ipv6 cut"];
    for c in &cases {
        for (k, suffix) in names.iter().enumerate() {
            let v6 = k >= 2;
            let frame = match (c.tcp, v6) {
                (true, false) => {
                    let t = Tcp::new(c.sport, c.dport, 7_000_000, 9_000_000, PSH | ACK);
                    eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_B, &t, &c.payload))
                }
                (true, true) => {
                    let t = Tcp::new(c.sport, c.dport, 7_000_000, 9_000_000, PSH | ACK);
                    eth(MAC_B, MAC_A, 0x86dd, &v6tcp(IP6_A, IP6_B, &t, &c.payload))
                }
                (false, false) => eth(
                    MAC_B,
                    MAC_A,
                    0x0800,
                    &v4udp(IP_A, IP_B, c.sport, c.dport, &c.payload),
                ),
                (false, true) => eth(
                    MAC_B,
                    MAC_A,
                    0x86dd,
                    &v6udp(IP6_A, IP6_B, c.sport, c.dport, &c.payload),
                ),
            };
            let name: &'static str = Box::leak(format!("{}{suffix}", c.name).into_boxed_str());
            if k % 2 == 0 {
                b.add(name, true, frame);
            } else {
                let headers = 14 + if v6 { 40 } else { 20 } + if c.tcp { 20 } else { 8 };
                let len = frame.len() as u32;
                b.add_len(name, true, frame[..headers + c.cut].to_vec(), len);
            }
        }
    }
    // A port whose printer comes first in tcpdump's chain wins: BGP (not decoded here) over
    // HTTP.
    let t = Tcp::new(179, 80, 1, 2, PSH | ACK);
    b.add(
        "bgp before http",
        false,
        eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_B, &t, http_get)),
    );
}

/// The LINUX_SLL2 fixture (what `-i any` writes).
/// Raw IP packets (no link header) for LINKTYPE_IPV4 (228) or LINKTYPE_IPV6 (229).
pub fn raw_ip_packets(v6: bool) -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_070_000_000_000_000,
    };
    let t = Tcp::new(40000, 80, 1, 0, SYN);
    if v6 {
        b.add("raw6 tcp", true, v6tcp(IP6_A, IP6_B, &t, &[]));
        b.add("raw6 udp", true, v6udp(IP6_A, IP6_B, 4000, 4001, b"x"));
        b.add("raw6 unknown", false, ipv6(IP6_A, IP6_B, 253, 64, &[0; 12]));
    } else {
        b.add("raw4 tcp", true, v4tcp(IP_A, IP_C, &t, &[]));
        b.add("raw4 udp", true, v4udp(IP_A, IP_C, 4000, 4001, b"x"));
        b.add("raw4 unknown", false, ipv4(IP_A, IP_C, 253, &[0; 12]));
    }
    b.pkts
}

pub fn sll2_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_050_000_123_456_000,
    };
    let (c, s) = (IP_A, IP_C);
    b.add(
        "sll2 tcp in",
        true,
        sll2(
            0x0800,
            7777,
            1,
            0,
            &MAC_B,
            &v4tcp(
                s,
                c,
                &Tcp::new(443, 40000, 9, 10, SYN | ACK).opts(SYN_OPTS),
                &[],
            ),
        ),
    );
    b.add(
        "sll2 tcp out",
        true,
        sll2(
            0x0800,
            7777,
            1,
            4,
            &MAC_A,
            &v4tcp(c, s, &Tcp::new(40000, 443, 10, 10, ACK), &[]),
        ),
    );
    b.add(
        "sll2 lo udp",
        true,
        sll2(
            0x0800,
            1,
            772,
            0,
            &[0; 6],
            &v4udp([127, 0, 0, 1], [127, 0, 0, 1], 5000, 5001, b"ping"),
        ),
    );
    b.add(
        "sll2 arp broadcast",
        true,
        sll2(
            0x0806,
            8888,
            1,
            1,
            &MAC_A,
            &arp(1, MAC_A, IP_A, [0; 6], IP_B),
        ),
    );
    b.add(
        "sll2 icmp6 multicast",
        true,
        sll2(
            0x86dd,
            8888,
            1,
            2,
            &MAC_A,
            &ipv6(
                IP6_A,
                ALL_NODES,
                58,
                1,
                &icmp6(128, 0, &[0, 1, 0, 1], &IP6_A, &ALL_NODES),
            ),
        ),
    );
    b.add(
        "sll2 otherhost icmp",
        true,
        sll2(
            0x0800,
            7777,
            1,
            3,
            &MAC_B,
            &ipv4(IP_B, IP_C, 1, &icmp(8, 0, &[0, 5, 0, 6])),
        ),
    );
    b.add(
        "sll2 vlan",
        false,
        sll2(0x8100, 7777, 1, 0, &MAC_B, &{
            let mut v = vec![0x00, 0x0a, 0x08, 0x00];
            v.extend_from_slice(&v4udp(c, s, 1, 2, b"x"));
            v
        }),
    );
    b.add(
        "sll2 unknown ethertype",
        false,
        sll2(0x88b5, 7777, 1, 0, &MAC_B, &[1, 2, 3, 4, 5, 6]),
    );
    b.add(
        "sll2 no link address",
        true,
        sll2(
            0x86dd,
            7777,
            65534,
            0,
            &[],
            &v6udp(IP6_A, IP6_B, 1, 2, b"tun"),
        ),
    );
    let full = sll2(
        0x0800,
        7777,
        1,
        0,
        &MAC_B,
        &ipv4(IP_B, IP_C, 1, &icmp(8, 0, &[0, 5, 0, 6])),
    );
    b.add_len(
        "sll2 header cut",
        false,
        full[..12].to_vec(),
        full.len() as u32,
    );
    let get = b"GET / HTTP/1.1\r\nHost: 10.20.30.40\r\n\r\n";
    let http = sll2(
        0x0800,
        7777,
        1,
        4,
        &MAC_A,
        &v4tcp(c, s, &Tcp::new(40200, 80, 1, 1, PSH | ACK), get),
    );
    b.add("sll2 http", true, http.clone());
    b.add_len(
        "sll2 http cut",
        true,
        http[..20 + 40 + 8].to_vec(),
        http.len() as u32,
    );
    b.add(
        "sll2 dhcp6 solicit",
        true,
        sll2(
            0x86dd,
            7777,
            1,
            4,
            &MAC_A,
            &v6udp(
                LL_A,
                [0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2],
                546,
                547,
                &[1, 0xab, 0xcd, 0xef, 0, 8, 0, 2, 0, 0],
            ),
        ),
    );
    b.pkts
}

/// An Ethernet frame carrying IPv4 from `src` to `dst` (ECN/TOS `tos`, options `opts`,
/// fragment field `flags_off`) with `payload`.
fn v4eth_with(v4: V4, payload: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x0800, &v4.build(payload))
}

/// A TCP segment whose checksum covers the pseudo-header with `dst` (a source route's final
/// address, say).
fn tcp_to(t: &Tcp, src: &[u8], dst: &[u8], payload: &[u8]) -> Vec<u8> {
    t.build(src, dst, payload)
}

/// An IPv6 header with traffic class `class` and flow label `flow`.
fn ipv6_flow(class: u8, flow: u32, nh: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = ipv6(IP6_A, IP6_B, nh, 64, payload);
    let w = 0x6000_0000 | (class as u32) << 20 | (flow & 0x000f_ffff);
    v[..4].copy_from_slice(&w.to_be_bytes());
    v
}

/// The `-v` fixture: what `-v`, `-vv` and `-vvv` add to IPv4, IPv6, TCP, UDP, ICMP, ICMPv6 and
/// DNS (options, checksums right and wrong, quoted datagrams, discovery options, sections and
/// TTLs), with truncated variants. A fixture of its own so that the packets of the others keep
/// their timestamps.
pub fn verbose_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_090_000_000_000_000,
    };
    verbose_ip4(&mut b);
    verbose_transport(&mut b);
    verbose_icmp(&mut b);
    verbose_icmp6(&mut b);
    verbose_ip6(&mut b);
    verbose_dns(&mut b);
    b.pkts
}

fn verbose_ip4(b: &mut B) {
    let syn = Tcp::new(40000, 80, 1, 0, SYN);
    for (name, tos) in [("v ecn ce", 0x03u8), ("v tos ect1", 0xb9), ("v ect0", 0x02)] {
        let mut v4 = V4::new(IP_A, IP_C, 6);
        v4.tos = tos;
        b.add(name, true, v4eth_with(v4, &syn.build(&IP_A, &IP_C, &[])));
    }
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.ttl = 0;
    v4.flags_off = 0x8000;
    b.add(
        "v ttl 0 rsvd",
        true,
        v4eth_with(v4, &syn.build(&IP_A, &IP_C, &[])),
    );
    // Record route: two slots, the first filled.
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![7, 11, 8, 10, 0, 0, 1, 0, 0, 0, 0, 0];
    b.add(
        "v opt rr",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    // Loose source route: the TCP checksum is over the final destination.
    let last = [10, 9, 9, 9];
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.options = vec![1, 131, 11, 4, 10, 1, 1, 1, 10, 9, 9, 9];
    let seg = tcp_to(&syn, &IP_A, &last, &[]);
    b.add("v opt nop lsrr", true, v4eth_with(v4, &seg));
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![68, 12, 9, 0, 0, 0, 0, 100, 0, 0, 0, 200];
    b.add(
        "v opt ts only",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![68, 12, 5, 0x21, 10, 0, 0, 1, 0, 0, 1, 0];
    b.add(
        "v opt ts addr",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![148, 4, 0, 1, 130, 4, 0, 0, 0, 0, 0, 0];
    b.add(
        "v opt ra security eol",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![99, 1, 0, 0];
    b.add(
        "v opt bad length",
        true,
        v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x")),
    );
    let mut v4 = V4::new(IP_A, IP_C, 17);
    v4.options = vec![7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let mut f = v4eth_with(v4, &udp(1, 2, &IP_A, &IP_C, b"x"));
    let wire = f.len() as u32;
    f.truncate(14 + 20 + 6);
    b.add_len("v opt rr cut", true, f, wire);
    // A wrong header checksum.
    let mut f = eth(MAC_B, MAC_A, 0x0800, &v4udp(IP_A, IP_C, 1, 2, b"x")[..]);
    f[14 + 10] ^= 0x55;
    b.add("v bad ip cksum", true, f);
    // A first fragment (no transport checksum checked) and a later one.
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.flags_off = 0x6000;
    b.add(
        "v first fragment",
        true,
        v4eth_with(v4, &syn.build(&IP_A, &IP_C, &[])),
    );
    let mut v4 = V4::new(IP_A, IP_C, 6);
    v4.flags_off = 0x2000 | 100;
    b.add("v later fragment", true, v4eth_with(v4, &[0; 16]));
}

fn verbose_transport(b: &mut B) {
    let e = |p: &[u8]| eth(MAC_B, MAC_A, 0x0800, p);
    let e6 = |p: &[u8]| eth(MAC_B, MAC_A, 0x86dd, p);
    let mut seg = Tcp::new(40000, 5000, 100, 200, PSH | ACK).build(&IP_A, &IP_C, b"hello");
    seg[16] ^= 0xff;
    b.add("v tcp bad cksum", true, e(&ipv4(IP_A, IP_C, 6, &seg)));
    let rst = Tcp::new(40000, 5000, 100, 0, RST);
    b.add(
        "v tcp rst data",
        true,
        e(&v4tcp(
            IP_A,
            IP_C,
            &rst,
            b"connection reset\x01 by peer, sorry \xff",
        )),
    );
    b.add("v tcp rst short", true, e(&v4tcp(IP_A, IP_C, &rst, b"no")));
    let ack = Tcp::new(40000, 5000, 100, 200, ACK).opts(TS_OPTS);
    b.add("v tcp bare ack", true, e(&v4tcp(IP_A, IP_C, &ack, &[])));
    let mut f = e(&v4tcp(
        IP_A,
        IP_C,
        &Tcp::new(40000, 5000, 1, 2, PSH | ACK),
        &[7; 40],
    ));
    let wire = f.len() as u32;
    f.truncate(f.len() - 10);
    b.add_len("v tcp cut payload", true, f, wire);
    let mut f = e(&v4tcp(IP_A, IP_C, &rst, b"reset text"));
    let wire = f.len() as u32;
    f.truncate(f.len() - 4);
    b.add_len("v tcp rst cut", true, f, wire);
    let mut d = udp(4000, 4001, &IP_A, &IP_C, b"abc");
    d[7] ^= 0x0f;
    b.add("v udp bad cksum", true, e(&ipv4(IP_A, IP_C, 17, &d)));
    let mut d = udp(4000, 4001, &IP_A, &IP_C, b"abc");
    d[6] = 0;
    d[7] = 0;
    b.add("v udp no cksum", true, e(&ipv4(IP_A, IP_C, 17, &d)));
    let mut d = udp(4000, 4001, &IP6_A, &IP6_B, b"abc");
    d[7] ^= 0x0f;
    b.add(
        "v udp6 bad cksum",
        true,
        e6(&ipv6(IP6_A, IP6_B, 17, 64, &d)),
    );
    let mut f = e(&v4udp(IP_A, IP_C, 4000, 4001, &[1; 30]));
    let wire = f.len() as u32;
    f.truncate(f.len() - 5);
    b.add_len("v udp cut", true, f, wire);
    let t6 = Tcp::new(40000, 5000, 100, 200, PSH | ACK);
    let mut seg = t6.build(&IP6_A, &IP6_B, b"hi");
    seg[17] ^= 1;
    b.add(
        "v tcp6 bad cksum",
        true,
        e6(&ipv6(IP6_A, IP6_B, 6, 64, &seg)),
    );
}

fn verbose_icmp(b: &mut B) {
    let e = |p: &[u8]| eth(MAC_B, MAC_A, 0x0800, p);
    let mut m = icmp(8, 0, &[0, 5, 0, 6, 1, 2, 3, 4]);
    m[2] ^= 0x10;
    b.add("v icmp bad cksum", true, e(&ipv4(IP_A, IP_C, 1, &m)));
    let inner = v4tcp(IP_C, IP_A, &Tcp::new(443, 40000, 1, 2, ACK), b"data");
    let m = icmp(3, 3, &[&[0u8; 4][..], &inner].concat());
    b.add("v icmp unreach tcp", true, e(&ipv4(IP_B, IP_C, 1, &m)));
    let inner = ipv4(IP_C, IP_A, 1, &icmp(8, 0, &[0, 1, 0, 2]));
    let m = icmp(11, 0, &[&[0u8; 4][..], &inner].concat());
    b.add(
        "v icmp time exceeded echo",
        true,
        e(&ipv4(IP_B, IP_A, 1, &m)),
    );
    let inner = v4udp(IP_A, IP_C, 33000, 33435, &[0; 12]);
    let m = icmp(3, 3, &[&[0u8; 4][..], &inner[..28]].concat());
    b.add(
        "v icmp unreach quoted short",
        true,
        e(&ipv4(IP_C, IP_A, 1, &m)),
    );
    let inner = v4udp(IP_A, IP_C, 33000, 33435, &[0; 12]);
    let m = icmp(3, 1, &[&[0u8; 4][..], &inner].concat());
    let mut f = e(&ipv4(IP_C, IP_A, 1, &m));
    let wire = f.len() as u32;
    f.truncate(14 + 20 + 8 + 10);
    b.add_len("v icmp unreach cut", true, f, wire);
    let mut v4 = V4::new(IP_B, IP_A, 1);
    v4.flags_off = 0x2000;
    let mut m = icmp(0, 0, &[0, 1, 0, 1, 9, 9]);
    m[3] ^= 1;
    b.add("v icmp fragment", true, v4eth_with(v4, &m));
    // RFC 4884 extensions: MPLS and interface objects; a zero length field with a good
    // checksum; a bad checksum with no length (not an extension); version 1.
    let inner = v4udp(IP_A, IP_C, 33000, 33435, &[0; 12]);
    let mut orig = inner.clone();
    orig.resize(128, 0);
    let ext = |ver: u8, bad: bool| {
        let mut x = vec![ver << 4, 0, 0, 0];
        x.extend_from_slice(&[0, 8, 1, 1]);
        x.extend_from_slice(&((16u32 << 12) | (1 << 8) | 1).to_be_bytes());
        x.extend_from_slice(&[0, 12, 2, 14, 0, 0, 0, 0x0f, 10, 10, 10, 10]);
        let c = fold(sum16(&x, 0)) ^ if bad { 1 } else { 0 };
        x[2..4].copy_from_slice(&c.to_be_bytes());
        x
    };
    for (name, lenf, ver, bad) in [
        ("v icmp ext mpls", 32u8, 2u8, false),
        ("v icmp ext no length", 0, 2, false),
        ("v icmp ext bad no length", 0, 2, true),
        ("v icmp ext bad cksum", 32, 2, true),
        ("v icmp ext v1", 32, 1, false),
    ] {
        let mut rest = vec![0, lenf, 0, 0];
        rest.extend_from_slice(&orig);
        rest.extend_from_slice(&ext(ver, bad));
        let m = icmp(11, 0, &rest);
        b.add(name, true, e(&ipv4(IP_B, IP_A, 1, &m)));
    }
}

fn verbose_icmp6(b: &mut B) {
    let e6 = |p: &[u8]| eth(MAC_B, MAC_A, 0x86dd, p);
    let nd = |t: u8, rest: &[u8]| {
        e6(&ipv6(
            LL_A,
            ALL_NODES,
            58,
            255,
            &icmp6(t, 0, rest, &LL_A, &ALL_NODES),
        ))
    };
    let mut na = vec![0x80, 0, 0, 0];
    na.extend_from_slice(&IP6_B);
    b.add("v na router", true, nd(136, &na));
    let mut ns = vec![0; 4];
    ns.extend_from_slice(&IP6_B);
    ns.extend_from_slice(&[14, 1, 1, 2, 3, 4, 5, 6]);
    b.add("v ns nonce", true, nd(135, &ns));
    let mut ra = vec![64, 0xc8, 0x07, 0x08, 0, 0, 0x75, 0x30, 0, 0, 0x03, 0xe8];
    let mut pi = vec![
        3, 4, 64, 0xc0, 0, 0x27, 0x8d, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0,
    ];
    pi.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    ra.extend_from_slice(&pi);
    ra.extend_from_slice(&[5, 1, 0, 0, 0, 0, 0x05, 0xdc]);
    let mut rdnss = vec![25, 3, 0, 0, 0, 0, 0x0e, 0x10];
    rdnss.extend_from_slice(&IP6_A);
    ra.extend_from_slice(&rdnss);
    ra.extend_from_slice(&[
        24, 2, 48, 0x08, 0, 0, 0x0e, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0,
    ]);
    ra.extend_from_slice(&[7, 1, 0, 0, 0, 0, 0x27, 0x10]);
    ra.extend_from_slice(&[8, 1, 0, 5, 0, 10, 0, 0]);
    ra.extend_from_slice(&[1, 1, 2, 0, 0, 0, 0, 10]);
    let mut dnssl = vec![31, 4, 0, 0, 0, 0, 0x0e, 0x10];
    dnssl.extend_from_slice(&qname("lan"));
    dnssl.extend_from_slice(&qname("example.org"));
    dnssl.resize(32, 0);
    ra.extend_from_slice(&dnssl);
    b.add("v ra options", true, nd(134, &ra));
    let mut f = nd(134, &ra);
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 16 + 20);
    b.add_len("v ra options cut", true, f, wire);
    let mut rd = vec![0; 4];
    rd.extend_from_slice(&IP6_B);
    rd.extend_from_slice(&IP6_A);
    rd.extend_from_slice(&[2, 1, 0x52, 0x54, 0, 0x12, 0x34, 0x56]);
    b.add("v redirect tlla", true, nd(137, &rd));
    let mut bad = icmp6(128, 0, &[0, 1, 0, 2], &IP6_A, &IP6_B);
    bad[2] ^= 0x40;
    b.add(
        "v icmp6 bad cksum",
        true,
        e6(&ipv6(IP6_A, IP6_B, 58, 64, &bad)),
    );
    // MLDv2 report with sources, MLDv2 query with flags and sources.
    let mut rep = vec![0, 0, 0, 1, 1, 0, 0, 2];
    rep.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    rep.extend_from_slice(&IP6_A);
    rep.extend_from_slice(&IP6_B);
    let mld = |t: u8, r: &[u8]| {
        e6(&ipv6(
            LL_A,
            ALL_NODES,
            58,
            1,
            &icmp6(t, 0, r, &LL_A, &ALL_NODES),
        ))
    };
    b.add("v mldv2 report sources", true, mld(143, &rep));
    let mut q = vec![0x27, 0x10, 0, 0];
    q.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    q.extend_from_slice(&[0x0a, 125, 0, 1]);
    q.extend_from_slice(&IP6_A);
    b.add("v mldv2 query", true, mld(130, &q));
}

fn verbose_ip6(b: &mut B) {
    let e6 = |p: &[u8]| eth(MAC_B, MAC_A, 0x86dd, p);
    let t = Tcp::new(40000, 80, 1, 0, SYN);
    let seg = t.build(&IP6_A, &IP6_B, &[]);
    b.add(
        "v6 class flow",
        true,
        e6(&ipv6_flow(0xb8, 0x12345, 6, &seg)),
    );
    b.add("v6 flow only", true, e6(&ipv6_flow(0, 0xabcde, 6, &seg)));
    b.add("v6 class only", true, e6(&ipv6_flow(0x01, 0, 6, &seg)));
    // Destination options: pad1, an unknown option, padn; then UDP.
    let d = udp(1000, 2000, &IP6_A, &IP6_B, b"abc");
    let mut dst = vec![17, 0, 0, 0x1e, 1, 0xaa, 1, 0];
    dst.extend_from_slice(&d);
    b.add(
        "v6 dstopts unknown",
        true,
        e6(&ipv6(IP6_A, IP6_B, 60, 64, &dst)),
    );
    // Destination options with a home address.
    let mut dst = vec![17, 2, 0xc9, 16];
    dst.extend_from_slice(&IP6_B);
    dst.extend_from_slice(&[1, 2, 0, 0]);
    dst.extend_from_slice(&d);
    b.add(
        "v6 dstopts homeaddr",
        true,
        e6(&ipv6(IP6_A, IP6_B, 60, 64, &dst)),
    );
    // Hop-by-hop: a jumbo option while the payload length is set.
    let mut hbh = vec![17, 0, 0xc2, 4, 0, 1, 0, 0];
    hbh.extend_from_slice(&d);
    b.add(
        "v6 hbh jumbo ignored",
        true,
        e6(&ipv6(IP6_A, IP6_B, 0, 64, &hbh)),
    );
    // TCP after a routing header: the checksum uses the final destination.
    let fin = IP6_A;
    let seg = t.build(&IP6_A, &fin, &[]);
    let mut rt = vec![6, 2, 0, 1, 0, 0, 0, 0];
    rt.extend_from_slice(&fin);
    rt.extend_from_slice(&seg);
    b.add("v6 routing tcp", true, e6(&ipv6(IP6_A, IP6_B, 43, 64, &rt)));
    let mut f = e6(&ipv6(
        IP6_A,
        IP6_B,
        60,
        64,
        &[17, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ));
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 10);
    b.add_len("v6 dstopts cut", true, f, wire);
    let mut f = e6(&ipv6(
        IP6_A,
        IP6_B,
        44,
        64,
        &[17, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 0, 0],
    ));
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 6);
    b.add_len("v6 frag id cut", true, f, wire);
    let mut rep = vec![0, 0, 0, 1, 1, 0, 0, 2];
    rep.extend_from_slice(&[0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0x0a]);
    rep.extend_from_slice(&IP6_A);
    rep.extend_from_slice(&IP6_B);
    let mut f = e6(&ipv6(
        LL_A,
        ALL_NODES,
        58,
        1,
        &icmp6(143, 0, &rep, &LL_A, &ALL_NODES),
    ));
    let wire = f.len() as u32;
    f.truncate(14 + 40 + 8 + 20 + 10);
    b.add_len("v6 mldv2 report cut", true, f, wire);
}

fn verbose_dns(b: &mut B) {
    let e = |p: &[u8]| eth(MAC_B, MAC_A, 0x0800, p);
    let mut r = dns_header(0x4242, 0x8180, 1, 1, 1, 2);
    r.extend_from_slice(&qname("example.com"));
    r.extend_from_slice(&[0, 1, 0, 1]);
    r.extend_from_slice(&rr(&[0xc0, 12], 1, 1, 93784, &[93, 184, 216, 34]));
    let mut soa = qname("ns1.example.com");
    soa.extend_from_slice(&qname("admin.example.com"));
    for v in [2024010101u32, 7200, 3600, 1209600, 300] {
        soa.extend_from_slice(&v.to_be_bytes());
    }
    r.extend_from_slice(&rr(&[0xc0, 12], 6, 1, 31_536_000 + 61, &soa));
    r.extend_from_slice(&rr(&qname("ns1.example.com"), 1, 3, 0, &[10, 0, 0, 53]));
    r.extend_from_slice(&rr(&[0], 41, 1232, 0x8000, &[]));
    b.add(
        "v dns sections",
        false,
        e(&v4udp(IP_B, IP_A, 53, 53100, &r)),
    );
    let mut q = dns_header(0x4343, 0x0120, 1, 0, 0, 1);
    q.extend_from_slice(&qname("example.org"));
    q.extend_from_slice(&[0, 28, 0, 1]);
    q.extend_from_slice(&rr(
        &[0],
        41,
        4096,
        0,
        &[0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8],
    ));
    b.add(
        "v dns query opt",
        false,
        e(&v4udp(IP_A, IP_B, 53101, 53, &q)),
    );
    // EDNS options tcpdump decodes: client subnet (v4, v6, bad), keepalive, DAU/DHU/N3U, chain.
    let mut eo = vec![0, 8, 0, 7, 0, 1, 24, 0, 192, 0, 2];
    eo.extend_from_slice(&[0, 8, 0, 8, 0, 2, 32, 0, 0x20, 0x01, 0x0d, 0xb8]);
    eo.extend_from_slice(&[0, 8, 0, 5, 0, 3, 8, 0, 1]);
    eo.extend_from_slice(&[0, 11, 0, 2, 0x01, 0x2d]);
    eo.extend_from_slice(&[0, 5, 0, 4, 8, 13, 99, 253, 0, 6, 0, 2, 2, 9, 0, 7, 0, 1, 1]);
    eo.extend_from_slice(&[0, 13, 0, 5, 3, b'o', b'r', b'g', 0]);
    let mut q = dns_header(0x4545, 0x0100, 1, 0, 0, 1);
    q.extend_from_slice(&qname("example.org"));
    q.extend_from_slice(&[0, 1, 0, 1]);
    q.extend_from_slice(&rr(&[0], 41, 1232, 0, &eo));
    b.add(
        "v dns edns options",
        false,
        e(&v4udp(IP_A, IP_B, 53103, 53, &q)),
    );
    let mut t = dns_header(0x4444, 0x8180, 1, 0, 0, 1);
    t.extend_from_slice(&qname("example.net"));
    t.extend_from_slice(&[0, 252, 0, 1]);
    let mut sig = qname("hmac-sha256");
    sig.extend_from_slice(&[
        0, 0, 0x65, 0x00, 0, 0, 1, 0x2c, 0, 4, 1, 2, 3, 4, 0x44, 0x44, 0, 0, 0, 0,
    ]);
    t.extend_from_slice(&rr(&qname("key.example.net"), 250, 255, 0, &sig));
    b.add("v dns tsig", false, e(&v4udp(IP_B, IP_A, 53, 53102, &t)));
    let mut f = e(&v4udp(IP_B, IP_A, 53, 53100, &r));
    let wire = f.len() as u32;
    f.truncate(14 + 28 + 12 + 17 + 20);
    b.add_len("v dns sections cut", false, f, wire);
}
