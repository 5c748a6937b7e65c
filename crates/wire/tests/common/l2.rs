//! Link and switch control protocol test packets (STP and its successors, Cisco's CDP, DTP,
//! UDLD, VTP and PVST+, LLDP, slow protocols, EAPOL, VRRP, PPPoE), built byte by byte, with
//! truncated variants of each.

use super::{eth, ipv4, ipv6, Pkt, IP6_A, IP_A, MAC_A, MAC_B, V4};

/// Packets with timestamps one step apart.
struct L2 {
    pkts: Vec<Pkt>,
    t: u64,
}

impl L2 {
    fn add(&mut self, name: &'static str, data: Vec<u8>) {
        let len = data.len() as u32;
        self.add_cut(name, data, len as usize);
    }

    /// `data` captured up to `caplen` bytes (the wire length stays the whole frame's).
    fn add_cut(&mut self, name: &'static str, mut data: Vec<u8>, caplen: usize) {
        let orig_len = data.len() as u32;
        data.truncate(caplen);
        self.t += 61_001_002_000;
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: 1_700_000_000_000_000_000 + self.t,
            strict: false,
        });
    }
}

/// The STP multicast address.
const STP_DST: [u8; 6] = [0x01, 0x80, 0xc2, 0, 0, 0];
/// Cisco's multicast address (CDP, DTP, VTP, UDLD).
const CISCO_DST: [u8; 6] = [0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc];

/// An 802.3 frame with an LLC header, padded to 60 bytes.
fn llc_frame(dst: [u8; 6], dsap: u8, ssap: u8, ctrl: u8, payload: &[u8]) -> Vec<u8> {
    let mut llc = vec![dsap, ssap, ctrl];
    llc.extend_from_slice(payload);
    let mut v = dst.to_vec();
    v.extend_from_slice(&MAC_A);
    v.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    v.extend_from_slice(&llc);
    while v.len() < 60 {
        v.push(0);
    }
    v
}

/// An 802.3 frame with LLC/SNAP, OUI `oui` and protocol ID `pid`.
fn snap(dst: [u8; 6], oui: [u8; 3], pid: u16, payload: &[u8]) -> Vec<u8> {
    let mut s = oui.to_vec();
    s.extend_from_slice(&pid.to_be_bytes());
    s.extend_from_slice(payload);
    llc_frame(dst, 0xaa, 0xaa, 0x03, &s)
}

/// A BPDU: protocol version, type, flags and the fields of a configuration BPDU after them.
fn bpdu(version: u8, typ: u8, flags: u8) -> Vec<u8> {
    let mut v = vec![0, 0, version, typ, flags];
    v.extend_from_slice(&[0x80, 0x00, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80]); // root
    v.extend_from_slice(&4u32.to_be_bytes());
    v.extend_from_slice(&[0x80, 0x01, 0x00, 0x1f, 0x6d, 0x96, 0xec, 0x00]); // bridge
    v.extend_from_slice(&0x800cu16.to_be_bytes());
    for t in [1u16, 20, 2, 15] {
        v.extend_from_slice(&(t * 256).to_be_bytes());
    }
    v
}

/// An MSTP BPDU (`version` 3) or SPB BPDU (4) with one MSTI record.
fn mstp(version: u8, flags: u8) -> Vec<u8> {
    let mut v = bpdu(version, 2, flags);
    v.push(0); // version 1 length
    let mut v3 = vec![0u8; 64];
    v3[1..4].copy_from_slice(b"reg");
    v3.extend_from_slice(&[0x7c; 16]); // one MSTI
    v.extend_from_slice(&(v3.len() as u16).to_be_bytes());
    v.extend_from_slice(&v3);
    if version == 4 {
        v.extend_from_slice(&85u16.to_be_bytes());
        v.extend_from_slice(&[0x11; 85]);
    }
    v
}

fn stp_packets(b: &mut L2) {
    let stp = |p: &[u8]| llc_frame(STP_DST, 0x42, 0x42, 0x03, p);
    b.add("stp config", stp(&bpdu(0, 0, 0x81)));
    b.add("stp config no flags", stp(&bpdu(0, 0, 0)));
    b.add("stp tcn", stp(&[0, 0, 0, 0x80]));
    let mut r = bpdu(2, 2, 0x7e);
    r.push(0);
    b.add("rstp", stp(&r));
    b.add("rstp short", stp(&bpdu(2, 2, 0x02)[..30]));
    b.add("mstp", stp(&mstp(3, 0x30)));
    b.add("mstp v1 length", {
        let mut m = mstp(3, 0x30);
        m[35] = 1;
        stp(&m)
    });
    b.add("spb", stp(&mstp(4, 0x70)));
    b.add("spb short v4", {
        let mut m = mstp(4, 0x70);
        m.truncate(150);
        stp(&m)
    });
    b.add("stp unknown version", stp(&bpdu(7, 0, 0)));
    b.add("stp unknown type", stp(&bpdu(0, 0x33, 0)));
    b.add("stp bad protocol id", stp(&[0, 1, 0, 0, 0, 0]));
    b.add(
        "stp too short",
        llc_frame(STP_DST, 0x42, 0x42, 0x03, &[0, 0]),
    );
    b.add_cut("stp cut in bridge id", stp(&bpdu(0, 0, 1)), 17 + 20);
    b.add_cut("stp cut in flags", stp(&bpdu(0, 0, 1)), 17 + 4);
    let mut r = bpdu(2, 2, 0x3c);
    r.push(0);
    b.add(
        "pvst+",
        snap([1, 0, 0x0c, 0xcc, 0xcc, 0xcd], [0, 0, 0x0c], 0x010b, &r),
    );
    b.add(
        "vlan bridge",
        snap(
            [1, 0, 0x0c, 0xcc, 0xcc, 0xcd],
            [0, 0, 0x0c],
            0x010c,
            &bpdu(0, 0, 0),
        ),
    );
}

/// A CDP TLV.
fn tlv(t: u16, v: &[u8]) -> Vec<u8> {
    let mut o = t.to_be_bytes().to_vec();
    o.extend_from_slice(&((v.len() + 4) as u16).to_be_bytes());
    o.extend_from_slice(v);
    o
}

fn cdp(tlvs: &[Vec<u8>]) -> Vec<u8> {
    let mut v = vec![2, 180, 0x12, 0x34];
    for t in tlvs {
        v.extend_from_slice(t);
    }
    snap(CISCO_DST, [0, 0, 0x0c], 0x2000, &v)
}

fn cisco_packets(b: &mut L2) {
    let full = [
        tlv(1, b"switch-1"),
        tlv(3, b"GigabitEthernet0/1"),
        tlv(4, &[0, 0, 0, 0x28]),
        tlv(0x0a, &[0, 1]),
        tlv(0x0b, &[1, 2]),
        tlv(0x30, &[9; 20]),
    ];
    b.add("cdp", cdp(&full));
    b.add("cdp no device id", cdp(&full[1..3]));
    b.add("cdp tlv too short", cdp(&[tlv(1, b"sw"), vec![0, 3, 0, 2]]));
    b.add(
        "cdp tlv too long",
        cdp(&[tlv(1, b"sw"), vec![0, 3, 0, 200, 1]]),
    );
    b.add_cut("cdp cut in device id", cdp(&full), 22 + 4 + 4 + 3);
    b.add_cut("cdp cut in hex", cdp(&full), 22 + 4 + 12 + 10);
    b.add(
        "dtp",
        snap(
            [1, 0, 0x0c, 0xcc, 0xcc, 0xcc],
            [0, 0, 0x0c],
            0x2004,
            &[
                1, 0, 1, 0, 0x0d, b'L', b'a', b'b', 0, 0, 0, 0, 0, 0, 2, 0, 5, 0x04,
            ],
        ),
    );
    let udld = |flags: u8, code: u8| {
        let mut v = vec![0x20 | code, flags, 0x6d, 0x85];
        v.extend_from_slice(&tlv(1, b"FOC1031Z7JG"));
        snap(CISCO_DST, [0, 0, 0x0c], 0x0111, &v)
    };
    b.add("udld probe", udld(0x03, 1));
    b.add("udld echo", udld(0, 2));
    b.add("udld reserved code", udld(0x84, 9));
    b.add_cut("udld cut", udld(1, 1), 22 + 10);
    let mut vtp = vec![1, 1, 0, 5];
    vtp.extend_from_slice(b"cisco");
    vtp.resize(36 + 40, 0);
    b.add("vtp summary", snap(CISCO_DST, [0, 0, 0x0c], 0x2003, &vtp));
    b.add_cut(
        "vtp cut",
        snap(CISCO_DST, [0, 0, 0x0c], 0x2003, &vtp),
        22 + 50,
    );
    b.add(
        "vtp short",
        snap(CISCO_DST, [0, 0, 0x0c], 0x2003, &vtp[..20]),
    );
}

/// An LLDP TLV.
fn ltlv(t: u16, v: &[u8]) -> Vec<u8> {
    let mut o = ((t << 9) | v.len() as u16).to_be_bytes().to_vec();
    o.extend_from_slice(v);
    o
}

fn lldp_packets(b: &mut L2) {
    let lldp_dst = [0x01, 0x80, 0xc2, 0, 0, 0x0e];
    let mut v = ltlv(1, &[4, 0, 0x19, 0x06, 0xea, 0xb8, 0x80]);
    v.extend(ltlv(2, b"\x05Gi0/1"));
    v.extend(ltlv(3, &[0, 120]));
    v.extend(ltlv(4, b"uplink"));
    v.extend(ltlv(5, b"sw1.example.org"));
    v.extend(ltlv(127, &[0, 0x12, 0x0f, 4, 0x05, 0xee]));
    let mut with_end = v.clone();
    with_end.extend(ltlv(0, b""));
    b.add("lldp", eth(lldp_dst, MAC_A, 0x88cc, &with_end));
    b.add("lldp no name", eth(lldp_dst, MAC_A, 0x88cc, &v[..20]));
    b.add_cut("lldp cut", eth(lldp_dst, MAC_A, 0x88cc, &with_end), 14 + 30);
}

fn slow_packets(b: &mut L2) {
    let slow_dst = [0x01, 0x80, 0xc2, 0, 0, 0x02];
    let mut lacp = vec![1, 1, 1, 20];
    lacp.resize(110, 0);
    b.add("lacp", eth(slow_dst, MAC_A, 0x8809, &lacp));
    b.add("lacp v2", eth(slow_dst, MAC_A, 0x8809, &[1, 2, 1, 20]));
    b.add("marker", eth(slow_dst, MAC_A, 0x8809, &[2, 1, 1, 16]));
    b.add("oam", eth(slow_dst, MAC_A, 0x8809, &[3, 0, 0x50, 0]));
    b.add(
        "slow unknown",
        eth(slow_dst, MAC_A, 0x8809, &[10, 0, 0x19, 0xa7]),
    );
    b.add_cut("slow cut", eth(slow_dst, MAC_A, 0x8809, &[1, 1]), 14);
}

fn eapol_packets(b: &mut L2) {
    let pae = [0x01, 0x80, 0xc2, 0, 0, 0x03];
    b.add("eapol start", eth(pae, MAC_A, 0x888e, &[1, 1, 0, 0]));
    b.add(
        "eap packet",
        eth(
            pae,
            MAC_A,
            0x888e,
            &[2, 0, 0, 9, 2, 1, 0, 9, 1, b'b', b'o', b'b', b'!'],
        ),
    );
    b.add("eapol logoff", eth(pae, MAC_A, 0x888e, &[1, 2, 0, 0]));
    b.add("eapol key", eth(pae, MAC_A, 0x888e, &[2, 3, 0, 3, 2, 0, 0]));
    b.add("eapol asf", eth(pae, MAC_A, 0x888e, &[1, 4, 0, 0]));
    b.add("eapol unknown", eth(pae, MAC_A, 0x888e, &[3, 9, 0, 0]));
    b.add_cut("eapol cut", eth(pae, MAC_A, 0x888e, &[1, 1, 0, 0]), 17);
}

/// A VRRP version 2 advertisement.
fn vrrp2(auth: u8) -> Vec<u8> {
    let mut v = vec![0x21, 42, 200, 1, auth, 1, 0x12, 0x34];
    v.extend_from_slice(&[10, 0, 0, 1]);
    v.extend_from_slice(b"secret\0\0");
    v
}

fn vrrp_packets(b: &mut L2) {
    let mcast = [224, 0, 0, 18];
    let vd = [0x01, 0x00, 0x5e, 0, 0, 0x12];
    let ip = |ttl: u8, p: &[u8]| {
        let mut h = V4::new(IP_A, mcast, 112);
        h.ttl = ttl;
        eth(vd, MAC_A, 0x0800, &h.build(p))
    };
    b.add("vrrp2 simple", ip(255, &vrrp2(1)));
    b.add("vrrp2 none", ip(255, &vrrp2(0)));
    b.add("vrrp2 ah", ip(255, &vrrp2(2)));
    b.add("vrrp2 unknown auth", ip(255, &vrrp2(7)));
    b.add("vrrp2 ttl", ip(64, &vrrp2(1)));
    let v3 = [0x31, 44, 100, 1, 0x03, 0xe8, 0, 0, 10, 0, 0, 1];
    b.add("vrrp3", ip(255, &v3));
    b.add("vrrp unknown type", ip(255, &[0x22, 1, 1, 1, 0, 1, 0, 0]));
    b.add("vrrp version 1", ip(255, &[0x11, 1, 1, 1, 0, 1, 0, 0]));
    b.add_cut("vrrp cut", ip(255, &vrrp2(1)), 14 + 20 + 3);
    b.add_cut("vrrp cut in interval", ip(255, &vrrp2(1)), 14 + 20 + 5);
    let mut dst6 = [0u8; 16];
    dst6[0] = 0xff;
    dst6[1] = 0x02;
    dst6[15] = 0x12;
    let mut v3_6 = vec![0x31, 45, 100, 1, 0x00, 0x64, 0, 0];
    v3_6.extend_from_slice(&IP6_A);
    b.add(
        "vrrp3 ipv6",
        eth(
            [0x33, 0x33, 0, 0, 0, 0x12],
            MAC_A,
            0x86dd,
            &ipv6(IP6_A, dst6, 112, 255, &v3_6),
        ),
    );
    // A plain IPv4 helper use keeps the TTL-64 default path covered too.
    b.add(
        "vrrp3 ttl 64",
        eth(vd, MAC_A, 0x0800, &ipv4(IP_A, mcast, 112, &v3)),
    );
}

/// A PPPoE header and payload.
fn pppoe(et: u16, code: u8, session: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0x11, code];
    v.extend_from_slice(&session.to_be_bytes());
    v.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    v.extend_from_slice(payload);
    eth([0xff; 6], MAC_A, et, &v)
}

/// A PPPoE discovery tag.
fn ptag(t: u16, v: &[u8]) -> Vec<u8> {
    let mut o = t.to_be_bytes().to_vec();
    o.extend_from_slice(&(v.len() as u16).to_be_bytes());
    o.extend_from_slice(v);
    o
}

fn pppoe_packets(b: &mut L2) {
    let mut tags = ptag(0x0101, b"");
    tags.extend(ptag(0x0120, &[0x05, 0xdc]));
    tags.extend(ptag(0x0103, &[0x16, 0x37, 0x2c, 0x16]));
    b.add("padi", pppoe(0x8863, 0x09, 0, &tags));
    let mut offer = ptag(0x0102, b"access-concentrator-1");
    offer.extend(ptag(0x0104, &[0xde, 0xad, b'a', 0xef]));
    offer.extend(ptag(0x0777, b"xyz"));
    offer.extend(ptag(0, b""));
    offer.extend(ptag(0x0101, b"after end"));
    b.add("pado", pppoe(0x8863, 0x07, 0, &offer));
    b.add("padr", pppoe(0x8863, 0x19, 0, &ptag(0x0101, b"isp")));
    b.add("pads", pppoe(0x8863, 0x65, 0x3b, &ptag(0x0101, b"isp")));
    b.add("padt", pppoe(0x8863, 0xa7, 0x3b, &[]));
    b.add("pppoe unknown code", pppoe(0x8863, 0x42, 0, &[]));
    b.add_cut("padi cut", pppoe(0x8863, 0x09, 0, &tags), 14 + 6 + 9);
    let lcp = [0xc0, 0x21, 9, 103, 0, 8, 0x12, 0x34, 0x56, 0x78];
    b.add("pppoe lcp", pppoe(0x8864, 0, 0x3b, &lcp));
    b.add(
        "pppoe ipcp",
        pppoe(
            0x8864,
            0,
            0x3b,
            &[0x80, 0x21, 1, 1, 0, 10, 3, 6, 10, 0, 0, 1],
        ),
    );
    let icmp = [8, 0, 0xf7, 0xfe, 0, 1, 0, 0];
    let mut ip4 = vec![0x00, 0x21];
    ip4.extend(ipv4(IP_A, [10, 0, 0, 1], 1, &icmp));
    b.add("pppoe ipv4", pppoe(0x8864, 0, 0x3b, &ip4));
    let mut ip6 = vec![0x00, 0x57];
    ip6.extend(ipv6(IP6_A, IP6_A, 59, 64, &[]));
    b.add("pppoe ipv6", pppoe(0x8864, 0, 0x3b, &ip6));
    let mut acfc = vec![0xff, 0x03, 0x21];
    acfc.extend(ipv4(IP_A, [10, 0, 0, 1], 1, &icmp));
    b.add("pppoe address control pfc", pppoe(0x8864, 0, 0x3b, &acfc));
    b.add("pppoe short ppp", pppoe(0x8864, 0, 0x3b, &[0xc0]));
    b.add(
        "pppoe len too big",
        eth(
            [0xff; 6],
            MAC_A,
            0x8864,
            &[0x11, 0, 0, 0x3b, 0x40, 0, 0xc0, 0x21, 9, 1, 0, 4],
        ),
    );
    b.add("pppoe ver type", {
        let mut f = pppoe(0x8864, 0, 0x3b, &lcp);
        f[14] = 0x23;
        f
    });
    b.add(
        "pppoe too short",
        eth([0xff; 6], MAC_A, 0x8863, &[])[..17].to_vec(),
    );
    b.add_cut("pppoe cut in lcp", pppoe(0x8864, 0, 0x3b, &lcp), 14 + 6 + 3);
}

/// SNAP payloads named from tcpdump's OUI and protocol-ID tables, RFC 2684 bridged frames.
fn snap_name_packets(b: &mut L2) {
    let bridged = [0, 0, 0x80, 0xc2];
    b.add(
        "rfc2684 bpdu",
        snap(STP_DST, [0, 0x80, 0xc2], 0x000e, &bpdu(0, 0, 1)),
    );
    let inner = eth(MAC_B, MAC_A, 0x0806, &[0, 1, 8, 0, 6, 4, 0, 1]);
    let mut p = bridged[..2].to_vec();
    p.extend_from_slice(&inner);
    b.add("rfc2684 ethernet", snap(MAC_B, [0, 0x80, 0xc2], 0x0007, &p));
    b.add(
        "rfc2684 ethernet fcs",
        snap(MAC_B, [0, 0x80, 0xc2], 0x0001, &p),
    );
    b.add_cut(
        "rfc2684 ethernet cut",
        snap(MAC_B, [0, 0x80, 0xc2], 0x0007, &p),
        22 + 1,
    );
    b.add(
        "rfc2684 802.4",
        snap(MAC_B, [0, 0x80, 0xc2], 0x0008, &[1, 2, 3, 4]),
    );
    b.add(
        "snap dcbx",
        snap(MAC_B, [0, 0x1b, 0x21], 0x0001, &[1, 2, 3, 4]),
    );
    b.add(
        "snap cisco bridged ns",
        snap(MAC_B, [0, 0, 0xf8], 0x0600, &[1, 2, 3, 4]),
    );
    b.add(
        "snap ericsson",
        snap(MAC_B, [0xd0, 0xf0, 0xdb], 0x0102, &[1, 2, 3, 4]),
    );
}

/// PAP and CHAP inside PPPoE sessions.
fn ppp_auth_packets(b: &mut L2) {
    let ses = |proto: u16, body: &[u8]| {
        let mut v = proto.to_be_bytes().to_vec();
        v.extend_from_slice(body);
        pppoe(0x8864, 0, 0x3b, &v)
    };
    let auth = |code: u8, body: &[u8]| {
        let mut v = vec![code, 7];
        v.extend_from_slice(&((body.len() + 4) as u16).to_be_bytes());
        v.extend_from_slice(body);
        v
    };
    b.add(
        "chap challenge",
        ses(0xc223, &auth(1, b"\x04\xde\xad\xbe\xefisp")),
    );
    b.add("chap response", ses(0xc223, &auth(2, b"\x02\x01\x02bob")));
    b.add("chap success", ses(0xc223, &auth(3, b"Welcome")));
    b.add("chap failure", ses(0xc223, &auth(4, b"Denied\x01")));
    b.add("chap unknown code", ses(0xc223, &auth(9, b"")));
    b.add("chap short", ses(0xc223, &[1, 2]));
    b.add_cut(
        "chap cut in name",
        ses(0xc223, &auth(1, b"\x01\x00longname")),
        14 + 8 + 8,
    );
    b.add("pap request", ses(0xc023, &auth(1, b"\x03bob\x06secret")));
    b.add("pap ack", ses(0xc023, &auth(2, b"\x02ok")));
    b.add("pap nak", ses(0xc023, &auth(3, b"\x03bad")));
    b.add("pap request short", ses(0xc023, &auth(1, b"\x00")));
    b.add("pap length too big", ses(0xc023, &[1, 1, 0, 99, 0]));
    b.add("pap peer too long", ses(0xc023, &auth(1, b"\x09bob")));
    b.add("pap short", ses(0xc023, &[]));
}

/// Every link and switch control protocol packet, for the `l2` fixture.
pub fn l2_packets() -> Vec<Pkt> {
    let mut b = L2 {
        pkts: Vec::new(),
        t: 0,
    };
    stp_packets(&mut b);
    cisco_packets(&mut b);
    lldp_packets(&mut b);
    slow_packets(&mut b);
    eapol_packets(&mut b);
    vrrp_packets(&mut b);
    pppoe_packets(&mut b);
    snap_name_packets(&mut b);
    ppp_auth_packets(&mut b);
    b.pkts
}
