//! Frame builders for the tests' own packets: Ethernet (tagged or not), IPv4, IPv6 (with
//! extension headers), TCP, UDP, SCTP, ICMP, ARP, MPLS, PPPoE, LLC/SNAP. Transport checksums are
//! left 0 unless built with [`ipv4_checksummed`] / [`ipv6_checksummed`].
//!
//! Where `promisc_wire::frame` has an emitter the builders use it (Ethernet, VLAN tags, ARP, the
//! IPv4 and IPv6 headers, the checksums), so that frames are laid out in one place. The formats
//! wire does not emit (MPLS, PPPoE, LLC/SNAP, SCTP, IPv6 extension headers) and the headers the
//! emitters cannot reproduce byte for byte (a transport checksum left 0, IPv4 options, fragments
//! or a wrong version) are built by hand; each such builder says why. The bytes are pinned by
//! `tests/frames_bytes.rs`.

use promisc_wire::frame::{arp as warp, checksum as wsum, ethernet, ipv4, ipv6 as wipv6, vlan};
use std::net::{Ipv4Addr, Ipv6Addr};

/// `v` in network byte order.
pub fn be16(v: u16) -> [u8; 2] {
    v.to_be_bytes()
}

/// The Internet checksum (RFC 1071) of `data`, an odd last byte padded with zero (wire's).
pub fn checksum(data: &[u8]) -> u16 {
    wsum::checksum(data)
}

/// An Ethernet II frame (or 802.3, if `ethertype` <= 1500).
pub fn eth(dst: [u8; 6], src: [u8; 6], ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(ethernet::HEADER_LEN + payload.len());
    ethernet::Repr {
        src,
        dst,
        ethertype,
    }
    .emit_vec(payload, &mut v);
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
    // Each header names the next one: the Ethernet header the first tag's TPID, each tag the
    // next tag's TPID, the last tag `ethertype`.
    let first = tags.first().map_or(ethertype, |&(tpid, _)| tpid);
    let mut v = Vec::with_capacity(ethernet::HEADER_LEN + vlan::TAG_LEN * tags.len());
    ethernet::Repr {
        src,
        dst,
        ethertype: first,
    }
    .emit_vec(&[], &mut v);
    for (i, &(_, tci)) in tags.iter().enumerate() {
        let next = tags.get(i + 1).map_or(ethertype, |&(tpid, _)| tpid);
        let tag = vlan::Repr {
            pcp: (tci >> vlan::PCP_SHIFT) as u8,
            dei: tci & vlan::DEI != 0,
            vid: tci & vlan::VID_MASK,
            ethertype: next,
        };
        let at = v.len();
        v.resize(at + vlan::TAG_LEN, 0);
        tag.emit(&mut v[at..]).expect("a tag fits");
    }
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
    /// The header (identification 0x1234) followed by `payload`, header checksum filled in.
    ///
    /// Built by wire's IPv4 emitter, unless the header has options, a fragment (MF or an
    /// offset) or a version other than 4, which that emitter does not write: those are built
    /// by hand.
    pub fn build(&self, payload: &[u8]) -> Vec<u8> {
        if !self.options.is_empty() || self.frag != (false, 0) || self.version != 4 {
            return self.build_by_hand(payload);
        }
        let r = ipv4::Repr {
            src: Ipv4Addr::from(self.src),
            dst: Ipv4Addr::from(self.dst),
            protocol: self.proto,
            payload_len: payload.len(),
            ttl: self.ttl,
            tos: self.tos,
            ident: 0x1234,
            dont_frag: self.df,
        };
        let mut h = vec![0u8; ipv4::HEADER_LEN];
        r.emit(&mut h).expect("an IPv4 payload under 64 KiB");
        h.extend_from_slice(payload);
        h
    }

    /// [`V4::build`] by hand, for the headers wire's emitter does not write.
    fn build_by_hand(&self, payload: &[u8]) -> Vec<u8> {
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

/// IPv6 (hop limit 64) with extension headers `exts` = [(type, body)], each body padded to 8n-2
/// bytes. The fixed header is wire's emitter's; the extension headers, which wire does not emit,
/// are built by hand.
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
    let r = wipv6::Repr {
        src: Ipv6Addr::from(src),
        dst: Ipv6Addr::from(dst),
        next_header: first,
        payload_len: chain.len() + payload.len(),
        hop_limit: 64,
        traffic_class: 0,
        flow_label: 0,
    };
    let mut h = vec![0u8; wipv6::HEADER_LEN];
    r.emit(&mut h).expect("an IPv6 payload under 64 KiB");
    h.extend_from_slice(&chain);
    h.extend_from_slice(payload);
    h
}

/// A TCP segment (sequence 0x01020304, window 0xffff, checksum left 0).
///
/// By hand: wire's TCP emitter always computes the checksum, and this one is left 0.
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
///
/// By hand: wire's UDP emitter always computes the checksum (and never writes 0), and this one
/// is left 0.
pub fn udp(sport: u16, dport: u16, data: &[u8]) -> Vec<u8> {
    let mut h = vec![0u8; 8];
    h[0..2].copy_from_slice(&be16(sport));
    h[2..4].copy_from_slice(&be16(dport));
    h[4..6].copy_from_slice(&be16((8 + data.len()) as u16));
    h.extend_from_slice(data);
    h
}

/// An SCTP packet with one INIT chunk (by hand: wire has no SCTP emitter).
pub fn sctp(sport: u16, dport: u16) -> Vec<u8> {
    let mut h = vec![0u8; 12];
    h[0..2].copy_from_slice(&be16(sport));
    h[2..4].copy_from_slice(&be16(dport));
    h.extend_from_slice(&[
        1, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 9,
    ]);
    h
}

/// An ICMP message with a small body (identifier 1, sequence 1, "ping"), checksum left 0.
///
/// By hand: wire's ICMP emitter always computes the checksum, and this one is left 0.
pub fn icmp(t: u8, code: u8) -> Vec<u8> {
    vec![t, code, 0, 0, 0, 1, 0, 1, b'p', b'i', b'n', b'g']
}

/// An ARP packet (Ethernet, IPv4).
pub fn arp(op: u16, sha: [u8; 6], spa: [u8; 4], tha: [u8; 6], tpa: [u8; 4]) -> Vec<u8> {
    let mut v = Vec::with_capacity(warp::ETHER_IPV4_LEN);
    warp::Repr {
        op,
        sha,
        spa: Ipv4Addr::from(spa),
        tha,
        tpa: Ipv4Addr::from(tpa),
    }
    .emit_vec(&mut v);
    v
}

/// An MPLS label stack (TTL 64, the last one bottom of stack) before `payload` (by hand: wire
/// has no MPLS emitter).
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

/// A PPPoE header (version 1, type 1; by hand: wire has no PPPoE emitter).
pub fn pppoe(code: u8, session: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0x11, code];
    v.extend_from_slice(&be16(session));
    v.extend_from_slice(&be16(payload.len() as u16));
    v.extend_from_slice(payload);
    v
}

/// An 802.2 LLC header (by hand: wire has no LLC emitter).
pub fn llc(dsap: u8, ssap: u8, control: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![dsap, ssap, control];
    v.extend_from_slice(payload);
    v
}

/// An 802.2 SNAP header (by hand: wire has no SNAP emitter).
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
/// pseudo-header, except for ICMP, protocol 1), stored at `csum_at` in `seg` (a computed 0 is
/// stored as 0, even for UDP).
fn fill_checksum4(src: [u8; 4], dst: [u8; 4], proto: u8, seg: &mut [u8], csum_at: usize) {
    let c = if proto == 1 {
        wsum::checksum(seg)
    } else {
        wsum::PseudoHeader::V4 {
            src: Ipv4Addr::from(src),
            dst: Ipv4Addr::from(dst),
        }
        .checksum(proto, seg)
    };
    seg[csum_at..csum_at + 2].copy_from_slice(&c.to_be_bytes());
}

/// An IPv4 packet (TTL 64, DF) around `seg`, with the transport checksum at `csum_at` in
/// `seg` filled in: what a real host sends. The header is wire's emitter's, the checksum wire's
/// pseudo-header sum: `seg` is any protocol's bytes, so its own emitter is not used.
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
/// checksum at `csum_at` in `seg` filled in (wire's emitter and pseudo-header sum, as
/// [`ipv4_checksummed`]).
pub fn ipv6_checksummed(
    src: [u8; 16],
    dst: [u8; 16],
    nh: u8,
    mut seg: Vec<u8>,
    csum_at: usize,
) -> Vec<u8> {
    let c = wsum::PseudoHeader::V6 {
        src: Ipv6Addr::from(src),
        dst: Ipv6Addr::from(dst),
    }
    .checksum(nh, &seg);
    seg[csum_at..csum_at + 2].copy_from_slice(&c.to_be_bytes());
    ipv6(src, dst, &[], nh, &seg)
}

/// A TCP segment with the given sequence and acknowledgement numbers (window 64240, checksum
/// left 0: see [`ipv4_checksummed`]).
///
/// By hand: wire's TCP emitter always computes the checksum, and this one is left 0.
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

/// An ICMP (type 8/0) or ICMPv6 (128/129) echo, checksum left 0: see [`ipv4_checksummed`].
///
/// By hand: wire's ICMP and ICMPv6 emitters always compute the checksum, and this one is left 0.
pub fn echo(ty: u8, id: u16, seq: u16, data: &[u8]) -> Vec<u8> {
    let mut s = vec![ty, 0, 0, 0];
    s.extend_from_slice(&id.to_be_bytes());
    s.extend_from_slice(&seq.to_be_bytes());
    s.extend_from_slice(data);
    s
}
