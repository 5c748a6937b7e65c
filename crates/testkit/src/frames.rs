//! Frame builders, byte for byte, for the tests' own packets: Ethernet (tagged or not), IPv4,
//! IPv6 (with extension headers), TCP, UDP, SCTP, ICMP, ARP, MPLS, PPPoE, LLC/SNAP. Transport
//! checksums are left 0 unless built with [`ipv4_checksummed`] / [`ipv6_checksummed`].

/// `v` in network byte order.
pub fn be16(v: u16) -> [u8; 2] {
    v.to_be_bytes()
}

/// The Internet checksum (RFC 1071) of `data`, an odd last byte padded with zero.
pub fn checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for c in data.chunks(2) {
        let w = if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from(c[0]) << 8
        };
        sum += u32::from(w);
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// An Ethernet II frame (or 802.3, if `ethertype` <= 1500).
pub fn eth(dst: [u8; 6], src: [u8; 6], ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(14 + payload.len());
    v.extend_from_slice(&dst);
    v.extend_from_slice(&src);
    v.extend_from_slice(&be16(ethertype));
    v.extend_from_slice(payload);
    v
}

/// Ethernet with VLAN tags (outermost first): (tpid, tci).
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
        v.extend_from_slice(&be16(tpid));
        v.extend_from_slice(&be16(tci));
    }
    v.extend_from_slice(&be16(ethertype));
    v.extend_from_slice(payload);
    v
}

/// 802.3 frame with a length field.
pub fn eth_8023(dst: [u8; 6], src: [u8; 6], payload: &[u8]) -> Vec<u8> {
    eth(dst, src, payload.len() as u16, payload)
}

/// An IPv4 header to build: [`V4::new`] then change fields, then [`V4::build`].
pub struct V4 {
    /// Source address.
    pub src: [u8; 4],
    /// Destination address.
    pub dst: [u8; 4],
    /// Protocol.
    pub proto: u8,
    /// Time to live.
    pub ttl: u8,
    /// Options (padded to 4 bytes by [`V4::build`]).
    pub options: Vec<u8>,
    /// Don't fragment.
    pub df: bool,
    /// (more fragments, offset in 8-byte units)
    pub frag: (bool, u16),
    /// Type of service.
    pub tos: u8,
    /// The version field (4, or anything to test).
    pub version: u8,
}

impl V4 {
    /// TTL 64, no options, not fragmented, DF clear.
    pub fn new(src: [u8; 4], dst: [u8; 4], proto: u8) -> V4 {
        V4 {
            src,
            dst,
            proto,
            ttl: 64,
            options: Vec::new(),
            df: false,
            frag: (false, 0),
            tos: 0,
            version: 4,
        }
    }
    /// The header followed by `payload`, header checksum filled in.
    pub fn build(&self, payload: &[u8]) -> Vec<u8> {
        let mut opts = self.options.clone();
        while opts.len() % 4 != 0 {
            opts.push(0);
        }
        let ihl = 5 + opts.len() / 4;
        let total = ihl * 4 + payload.len();
        let mut h = vec![0u8; 20];
        h[0] = (self.version << 4) | ihl as u8;
        h[1] = self.tos;
        h[2..4].copy_from_slice(&be16(total as u16));
        h[4..6].copy_from_slice(&be16(0x1234));
        let ff =
            (u16::from(self.df) << 14) | (u16::from(self.frag.0) << 13) | (self.frag.1 & 0x1fff);
        h[6..8].copy_from_slice(&be16(ff));
        h[8] = self.ttl;
        h[9] = self.proto;
        h[12..16].copy_from_slice(&self.src);
        h[16..20].copy_from_slice(&self.dst);
        h.extend_from_slice(&opts);
        let c = checksum(&h);
        h[10..12].copy_from_slice(&be16(c));
        h.extend_from_slice(payload);
        h
    }
}

/// IPv6 with extension headers `exts` = [(type, body)], each body padded to 8n-2 bytes.
pub fn ipv6(
    src: [u8; 16],
    dst: [u8; 16],
    exts: &[(u8, Vec<u8>)],
    next: u8,
    payload: &[u8],
) -> Vec<u8> {
    let mut chain = Vec::new();
    for (i, (_, body)) in exts.iter().enumerate() {
        let nh = if i + 1 < exts.len() {
            exts[i + 1].0
        } else {
            next
        };
        let mut b = body.clone();
        let is_frag = exts[i].0 == 44;
        if is_frag {
            // fragment header: nh, reserved, offset/flags(2), id(4)
            let mut f = vec![nh, 0];
            f.extend_from_slice(&b[..6.min(b.len())]);
            while f.len() < 8 {
                f.push(0);
            }
            chain.extend_from_slice(&f);
            continue;
        }
        while (b.len() + 2) % 8 != 0 {
            b.push(0);
        }
        chain.push(nh);
        chain.push(((b.len() + 2) / 8 - 1) as u8);
        chain.extend_from_slice(&b);
    }
    let first = if exts.is_empty() { next } else { exts[0].0 };
    let mut h = vec![0x60, 0, 0, 0];
    h.extend_from_slice(&be16((chain.len() + payload.len()) as u16));
    h.push(first);
    h.push(64);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(&chain);
    h.extend_from_slice(payload);
    h
}

/// A TCP segment (sequence 0x01020304, window 0xffff, checksum left 0).
pub fn tcp(sport: u16, dport: u16, flags: u8, data: &[u8]) -> Vec<u8> {
    let mut h = vec![0u8; 20];
    h[0..2].copy_from_slice(&be16(sport));
    h[2..4].copy_from_slice(&be16(dport));
    h[4..8].copy_from_slice(&0x0102_0304u32.to_be_bytes());
    h[12] = 5 << 4;
    h[13] = flags;
    h[14..16].copy_from_slice(&be16(0xffff));
    h.extend_from_slice(data);
    h
}

/// A UDP datagram (checksum left 0: see [`ipv4_checksummed`]).
pub fn udp(sport: u16, dport: u16, data: &[u8]) -> Vec<u8> {
    let mut h = vec![0u8; 8];
    h[0..2].copy_from_slice(&be16(sport));
    h[2..4].copy_from_slice(&be16(dport));
    h[4..6].copy_from_slice(&be16((8 + data.len()) as u16));
    h.extend_from_slice(data);
    h
}

/// An SCTP packet with one INIT chunk.
pub fn sctp(sport: u16, dport: u16) -> Vec<u8> {
    let mut h = vec![0u8; 12];
    h[0..2].copy_from_slice(&be16(sport));
    h[2..4].copy_from_slice(&be16(dport));
    h.extend_from_slice(&[
        1, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 9,
    ]);
    h
}

/// An ICMP message with a small body.
pub fn icmp(t: u8, code: u8) -> Vec<u8> {
    vec![t, code, 0, 0, 0, 1, 0, 1, b'p', b'i', b'n', b'g']
}

/// An ARP packet (Ethernet, IPv4).
pub fn arp(op: u16, sha: [u8; 6], spa: [u8; 4], tha: [u8; 6], tpa: [u8; 4]) -> Vec<u8> {
    let mut v = vec![0, 1, 8, 0, 6, 4];
    v.extend_from_slice(&be16(op));
    v.extend_from_slice(&sha);
    v.extend_from_slice(&spa);
    v.extend_from_slice(&tha);
    v.extend_from_slice(&tpa);
    v
}

/// An MPLS label stack (TTL 64, the last one bottom of stack) before `payload`.
pub fn mpls(labels: &[u32], payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for (i, &l) in labels.iter().enumerate() {
        let bos = u32::from(i + 1 == labels.len());
        let e = (l << 12) | (bos << 8) | 64;
        v.extend_from_slice(&e.to_be_bytes());
    }
    v.extend_from_slice(payload);
    v
}

/// A PPPoE header (version 1, type 1).
pub fn pppoe(code: u8, session: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0x11, code];
    v.extend_from_slice(&be16(session));
    v.extend_from_slice(&be16(payload.len() as u16));
    v.extend_from_slice(payload);
    v
}

/// An 802.2 LLC header.
pub fn llc(dsap: u8, ssap: u8, control: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![dsap, ssap, control];
    v.extend_from_slice(payload);
    v
}

/// An 802.2 SNAP header.
pub fn snap(oui: u32, ptype: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![
        0xaa,
        0xaa,
        0x03,
        (oui >> 16) as u8,
        (oui >> 8) as u8,
        oui as u8,
    ];
    v.extend_from_slice(&be16(ptype));
    v.extend_from_slice(payload);
    v
}

/// `v` padded with zeros to Ethernet's 60-byte minimum.
pub fn pad60(mut v: Vec<u8>) -> Vec<u8> {
    while v.len() < 60 {
        v.push(0);
    }
    v
}

/// An IPv4 address.
pub fn v4a(a: u8, b: u8, c: u8, d: u8) -> [u8; 4] {
    [a, b, c, d]
}

/// An IPv6 address from its text.
pub fn v6a(s: &str) -> [u8; 16] {
    s.parse::<std::net::Ipv6Addr>().unwrap().octets()
}

/// The transport checksum of `seg` for IPv4 `src` → `dst`, protocol `proto` (with the
/// pseudo-header, except for ICMP, protocol 1), stored at `csum_at` in `seg`.
fn fill_checksum4(src: [u8; 4], dst: [u8; 4], proto: u8, seg: &mut [u8], csum_at: usize) {
    let mut sum_input = Vec::new();
    if proto != 1 {
        sum_input.extend_from_slice(&src);
        sum_input.extend_from_slice(&dst);
        sum_input.extend_from_slice(&[0, proto]);
        sum_input.extend_from_slice(&(seg.len() as u16).to_be_bytes());
    }
    sum_input.extend_from_slice(seg);
    let c = checksum(&sum_input);
    seg[csum_at..csum_at + 2].copy_from_slice(&c.to_be_bytes());
}

/// An IPv4 packet (TTL 64, DF) around `seg`, with the transport checksum at `csum_at` in
/// `seg` filled in: what a real host sends.
pub fn ipv4_checksummed(
    src: [u8; 4],
    dst: [u8; 4],
    proto: u8,
    mut seg: Vec<u8>,
    csum_at: usize,
) -> Vec<u8> {
    fill_checksum4(src, dst, proto, &mut seg, csum_at);
    let mut h = V4::new(src, dst, proto);
    h.df = true;
    h.build(&seg)
}

/// An IPv6 packet (hop limit 64) around `seg`, next header `nh`, with the transport
/// checksum at `csum_at` in `seg` filled in.
pub fn ipv6_checksummed(
    src: [u8; 16],
    dst: [u8; 16],
    nh: u8,
    mut seg: Vec<u8>,
    csum_at: usize,
) -> Vec<u8> {
    let mut sum_input = Vec::new();
    sum_input.extend_from_slice(&src);
    sum_input.extend_from_slice(&dst);
    sum_input.extend_from_slice(&(seg.len() as u32).to_be_bytes());
    sum_input.extend_from_slice(&[0, 0, 0, nh]);
    sum_input.extend_from_slice(&seg);
    let c = checksum(&sum_input);
    seg[csum_at..csum_at + 2].copy_from_slice(&c.to_be_bytes());
    ipv6(src, dst, &[], nh, &seg)
}

/// A TCP segment with the given sequence and acknowledgement numbers (window 64240, checksum
/// left 0: see [`ipv4_checksummed`]).
pub fn tcp_seq(sport: u16, dport: u16, seq: u32, ack: u32, flags: u8, data: &[u8]) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&sport.to_be_bytes());
    s.extend_from_slice(&dport.to_be_bytes());
    s.extend_from_slice(&seq.to_be_bytes());
    s.extend_from_slice(&ack.to_be_bytes());
    s.extend_from_slice(&[5 << 4, flags]);
    s.extend_from_slice(&64240u16.to_be_bytes());
    s.extend_from_slice(&[0, 0, 0, 0]);
    s.extend_from_slice(data);
    s
}

/// An ICMP (type 8/0) or ICMPv6 (128/129) echo.
pub fn echo(ty: u8, id: u16, seq: u16, data: &[u8]) -> Vec<u8> {
    let mut s = vec![ty, 0, 0, 0];
    s.extend_from_slice(&id.to_be_bytes());
    s.extend_from_slice(&seq.to_be_bytes());
    s.extend_from_slice(data);
    s
}
