//! Packets of the link types beyond Ethernet, SLL, NULL and raw IP, built byte by byte: Cisco
//! HDLC, IP over InfiniBand, Solaris ipnet, vsock monitoring and the switch tags (DSA, EDSA,
//! Broadcom), each with cut variants.

use super::*;

/// A pcap's worth of packets of one link type.
pub struct Link {
    /// The file stem of the fixture.
    pub stem: &'static str,
    /// Its link type.
    pub linktype: u32,
    /// The packets.
    pub pkts: Vec<Pkt>,
    /// Whether the `-v` modes are compared too (the PPP control protocols print their
    /// default form at every verbosity, a known difference).
    pub verbose: bool,
}

struct L {
    pkts: Vec<Pkt>,
    t: u64,
}

impl L {
    fn new(t: u64) -> L {
        L {
            pkts: Vec::new(),
            t,
        }
    }

    fn add(&mut self, name: &'static str, data: Vec<u8>) {
        let len = data.len() as u32;
        self.add_len(name, data, len);
    }

    fn add_len(&mut self, name: &'static str, data: Vec<u8>, orig_len: u32) {
        self.t += 1_000_250_000;
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: self.t,
            strict: false,
        });
    }

    /// `data` cut to `keep` bytes, its wire length kept.
    fn add_cut(&mut self, name: &'static str, data: Vec<u8>, keep: usize) {
        let len = data.len() as u32;
        self.add_len(name, data[..keep.min(data.len())].to_vec(), len);
    }

    /// `data` and each of its first `upto` bytes cut off (names shared).
    fn add_cuts(&mut self, name: &'static str, data: Vec<u8>, upto: usize) {
        for keep in 1..upto.min(data.len()) {
            self.add_cut(name, data.clone(), keep);
        }
        self.add(name, data);
    }
}

fn cat(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut v = a.to_vec();
    v.extend_from_slice(b);
    v
}

fn ping4() -> Vec<u8> {
    ipv4(
        IP_A,
        IP_B,
        1,
        &icmp(8, 0, &[0x12, 0x34, 0, 7, b'a', b'b', b'c', b'd']),
    )
}

fn udp4() -> Vec<u8> {
    ipv4(IP_A, IP_C, 17, &udp(4000, 4001, &IP_A, &IP_C, b"hello"))
}

fn udp6() -> Vec<u8> {
    ipv6(
        IP6_A,
        IP6_B,
        17,
        64,
        &udp(4000, 4001, &IP6_A, &IP6_B, b"hello"),
    )
}

fn mpls_ping() -> Vec<u8> {
    cat(&[0x01, 0x86, 0x41, 0x40], &ping4())
}

/// Cisco HDLC: address, control, protocol.
fn chdlc(addr: u8, proto: u16, payload: &[u8]) -> Vec<u8> {
    cat(&[addr, 0, (proto >> 8) as u8, proto as u8], payload)
}

fn slarp(code: u32, rest: &[u8]) -> Vec<u8> {
    cat(&code.to_be_bytes(), rest)
}

fn chdlc_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_000_000_001_000);
    l.add("chdlc ipv4", chdlc(0x0f, 0x0800, &ping4()));
    l.add("chdlc ipv6", chdlc(0x8f, 0x86dd, &udp6()));
    l.add("chdlc mpls", chdlc(0x0f, 0x8847, &mpls_ping()));
    l.add("chdlc other cast", chdlc(0x3c, 0x0800, &udp4()));
    l.add("chdlc unknown proto", chdlc(0x0f, 0x1234, &[1, 2, 3, 4]));
    let keep = [0, 0, 0, 5, 0, 0, 0, 2, 0xff, 0xff];
    l.add("slarp keepalive", chdlc(0x8f, 0x8035, &slarp(2, &keep)));
    let uptime = cat(&keep, &[0x00, 0x79, 0x2e, 0x60]);
    l.add(
        "slarp keepalive uptime",
        chdlc(0x8f, 0x8035, &slarp(2, &uptime)),
    );
    let junk = cat(&uptime, &[0xaa, 0xbb]);
    l.add(
        "slarp keepalive junk",
        chdlc(0x8f, 0x8035, &slarp(2, &junk)),
    );
    let addr = [192, 0, 2, 1, 255, 255, 255, 252, 0xff, 0xff];
    l.add("slarp reply", chdlc(0x8f, 0x8035, &slarp(1, &addr)));
    l.add("slarp request", chdlc(0x8f, 0x8035, &slarp(0, &[0; 10])));
    l.add("slarp unknown", chdlc(0x8f, 0x8035, &slarp(7, &[1; 14])));
    l.add("slarp short", chdlc(0x8f, 0x8035, &slarp(2, &[0; 6])));
    l.add("chdlc iso nullns", chdlc(0x0f, 0xfefe, &[0x00, 0x00, 1, 2]));
    l.add(
        "chdlc iso unknown",
        chdlc(0x0f, 0xfefe, &[0xfe, 0x7f, 1, 2, 3, 4]),
    );
    l.add("chdlc iso ip", chdlc(0x0f, 0xfefe, &cat(&[0xcc], &udp4())));
    l.add("chdlc iso short", chdlc(0x0f, 0xfefe, &[0x00]));
    l.add("chdlc short", vec![0x0f, 0x00, 0x08]);
    l.add_cuts(
        "chdlc slarp cut",
        chdlc(0x8f, 0x8035, &slarp(2, &uptime)),
        22,
    );
    l.add_cut("chdlc ipv4 cut", chdlc(0x0f, 0x0800, &ping4()), 14);
    l.pkts
}

/// IPoIB: a 40-byte address area and an EtherType.
fn ipoib(et: u16, payload: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = (0..40u8).collect();
    v.extend_from_slice(&et.to_be_bytes());
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(payload);
    v
}

fn ipoib_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_100_000_001_000);
    l.add("ipoib ipv4", ipoib(0x0800, &ping4()));
    l.add("ipoib ipv6", ipoib(0x86dd, &udp6()));
    l.add(
        "ipoib arp",
        ipoib(0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B)),
    );
    l.add("ipoib unknown", ipoib(0x9999, &[1, 2, 3, 4, 5]));
    l.add_cuts("ipoib cut", ipoib(0x0800, &ping4()), 50);
    l.pkts
}

/// Solaris ipnet: version, family, htype, packet length, interface, group, zones.
fn ipnet(family: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![1, family, 0, 0];
    v.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    v.extend_from_slice(&2u32.to_be_bytes());
    v.extend_from_slice(&0u32.to_be_bytes());
    v.extend_from_slice(&u32::MAX.to_be_bytes());
    v.extend_from_slice(&7u32.to_be_bytes());
    v.extend_from_slice(payload);
    v
}

fn ipnet_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_200_000_001_000);
    l.add("ipnet ipv4", ipnet(2, &ping4()));
    l.add("ipnet ipv6", ipnet(26, &udp6()));
    l.add("ipnet unknown", ipnet(9, &[1, 2, 3, 4, 5]));
    l.add_cuts("ipnet cut", ipnet(2, &udp4()), 30);
    l.pkts
}

/// A vsock monitor header (little-endian), with a virtio header when `transport` is 2.
fn vsock(transport: u16, op: u16, vop: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&3u64.to_le_bytes());
    v.extend_from_slice(&2u64.to_le_bytes());
    v.extend_from_slice(&1024u32.to_le_bytes());
    v.extend_from_slice(&1234u32.to_le_bytes());
    v.extend_from_slice(&op.to_le_bytes());
    v.extend_from_slice(&transport.to_le_bytes());
    let th: u16 = if transport == 2 { 44 } else { 0 };
    v.extend_from_slice(&th.to_le_bytes());
    v.extend_from_slice(&[0, 0]);
    if transport == 2 {
        v.extend_from_slice(&3u64.to_le_bytes());
        v.extend_from_slice(&2u64.to_le_bytes());
        v.extend_from_slice(&1024u32.to_le_bytes());
        v.extend_from_slice(&1234u32.to_le_bytes());
        v.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        v.extend_from_slice(&1u16.to_le_bytes());
        v.extend_from_slice(&vop.to_le_bytes());
        v.extend_from_slice(&0x1au32.to_le_bytes());
        v.extend_from_slice(&262_144u32.to_le_bytes());
        v.extend_from_slice(&17u32.to_le_bytes());
    }
    v.extend_from_slice(payload);
    v
}

fn vsock_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_300_000_001_000);
    l.add("vsock connect", vsock(2, 1, 1, &[]));
    l.add(
        "vsock payload",
        vsock(2, 4, 5, b"0123456789abcdefghijklmnop"),
    );
    l.add("vsock disconnect", vsock(2, 2, 4, &[]));
    l.add("vsock control", vsock(2, 3, 6, &[]));
    l.add("vsock unknown op", vsock(2, 9, 9, &[]));
    l.add("vsock no info", vsock(1, 4, 0, b"abc"));
    l.add("vsock bad transport", vsock(7, 0, 0, &[]));
    l.add("vsock empty payload", vsock(2, 4, 5, &[]));
    l.add_cuts("vsock cut", vsock(2, 4, 5, b"xyz"), 80);
    l.pkts
}

/// An Ethernet frame with `tag` after the source address.
fn tagged(tag: &[u8], et: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = MAC_B.to_vec();
    v.extend_from_slice(&MAC_A);
    v.extend_from_slice(tag);
    v.extend_from_slice(&et.to_be_bytes());
    v.extend_from_slice(payload);
    v
}

/// DSA tags of every mode, tagged and not, trunk and port, with CFI.
fn dsa_tags() -> Vec<(&'static str, [u8; 4])> {
    vec![
        ("forward", [0xc0, 0x08, 0x00, 0x00]),
        ("forward trunk tagged", [0xe3, 0x15, 0xa5, 0x39]),
        ("from cpu", [0x41, 0x10, 0x20, 0x01]),
        ("to cpu", [0x02, 0x1a, 0x10, 0x02]),
        ("to cpu code", [0x22, 0x1e, 0x00, 0x05]),
        ("to sniffer rx", [0x81, 0x0c, 0xe0, 0x07]),
        ("to sniffer tx", [0xa1, 0x09, 0x00, 0x07]),
    ]
}

fn dsa_packets(edsa: bool) -> Vec<Pkt> {
    let mut l = L::new(1_700_300_400_000_001_000);
    let pre: &[u8] = if edsa { &[0xda, 0xda, 0, 0] } else { &[] };
    for (name, t) in dsa_tags() {
        l.add(name, tagged(&cat(pre, &t), 0x0800, &ping4()));
    }
    let fwd = cat(pre, &[0xc0, 0x08, 0x00, 0x00]);
    l.add("dsa ipv6", tagged(&fwd, 0x86dd, &udp6()));
    l.add(
        "dsa vlan",
        tagged(&fwd, 0x8100, &cat(&[0x20, 0x64, 0x08, 0x00], &ping4())),
    );
    l.add("dsa unknown type", tagged(&fwd, 0x9999, &[1, 2, 3, 4]));
    let llc = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00];
    l.add(
        "dsa 802.3",
        tagged(&fwd, 0x0030, &cat(&llc, &[0x45, 0, 0, 0x14])),
    );
    if edsa {
        l.add(
            "edsa other ethertype",
            tagged(&[0x81, 0x00, 1, 2, 0xc0, 0x08, 0, 0], 0x0800, &ping4()),
        );
    }
    l.add_cuts("dsa cut", tagged(&fwd, 0x0800, &ping4()), 28);
    l.pkts
}

fn brcm_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_500_000_001_000);
    let tags: [(&str, [u8; 4]); 6] = [
        ("brcm ingress", [0x20, 0x00, 0x00, 0x80]),
        ("brcm ingress fields", [0x20, 0x9e, 0x01, 0xff]),
        ("brcm egress exception", [0x00, 0x00, 0x20, 0x05]),
        ("brcm egress mirror", [0x00, 0x07, 0x01, 0xe3]),
        ("brcm egress reserved", [0x00, 0x01, 0xc0, 0x00]),
        ("brcm other opcode", [0x40, 0x01, 0x02, 0x03]),
    ];
    for (name, t) in tags {
        l.add(name, tagged(&t, 0x0800, &udp4()));
    }
    l.add("brcm unknown type", tagged(&[0, 0, 4, 0], 0x88b5, &[1, 2]));
    l.add_cuts("brcm cut", tagged(&[0x20, 0, 0, 0x80], 0x0800, &udp4()), 24);
    l.pkts
}

fn brcm_prepend_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_600_000_001_000);
    let f = |t: [u8; 4], et: u16, p: &[u8]| cat(&t, &eth(MAC_B, MAC_A, et, p));
    l.add(
        "prepend egress",
        f([0x00, 0x00, 0x20, 0x05], 0x0800, &ping4()),
    );
    l.add(
        "prepend ingress",
        f([0x20, 0x04, 0x00, 0x01], 0x86dd, &udp6()),
    );
    l.add(
        "prepend unknown",
        f([0x00, 0x00, 0x04, 0x01], 0x9999, &[9, 9]),
    );
    l.add_cuts("prepend cut", f([0, 0, 0x20, 5], 0x0800, &ping4()), 24);
    l.pkts
}

/// A PPP frame: address and control (when `ac`), protocol, payload.
fn ppp(ac: &[u8], proto: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = ac.to_vec();
    v.extend_from_slice(&proto.to_be_bytes());
    v.extend_from_slice(payload);
    v
}

const AC: &[u8] = &[0xff, 0x03];

/// PPP frames whose payloads print the same at every verbosity.
fn ppp_ip_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_700_000_001_000);
    l.add("ppp ipv4", ppp(AC, 0x0021, &ping4()));
    l.add("ppp ipv6", ppp(AC, 0x0057, &udp6()));
    l.add("ppp mpls", ppp(AC, 0x0281, &mpls_ping()));
    l.add(
        "ppp mpls stack",
        ppp(AC, 0x0283, &cat(&[0, 0x01, 0x10, 0x40], &mpls_ping())),
    );
    l.add("ppp no address", ppp(&[], 0x0021, &udp4()));
    l.add("ppp pfc", cat(&[0xff, 0x03, 0x21], &udp4()));
    l.add("pppd in", ppp(&[0x00, 0x03], 0x0021, &udp4()));
    l.add("pppd out", ppp(&[0x01, 0x03], 0x0057, &udp6()));
    l.add("ppp vjnc", ppp(AC, 0x002f, &udp4()));
    l.add("ppp osi ip", ppp(AC, 0x0023, &cat(&[0xcc], &udp4())));
    l.add("ppp osi unknown", ppp(AC, 0x0023, &[0xfe, 1, 2, 3]));
    l.add("ppp compressed", ppp(AC, 0x00fd, &[1, 2, 3]));
    l.add("ppp unknown", ppp(AC, 0x1235, &[1, 2, 3, 4, 5]));
    l.add("ppp ns", ppp(AC, 0x0025, &[1, 2, 3, 4, 5]));
    l.add("ppp bap", ppp(AC, 0xc02d, &[1, 2, 3, 4]));
    l.add("ppp mlppp", ppp(AC, 0x003d, &[0xc1, 0x23, 0, 0x21, 0x45]));
    l.add("ppp mlppp short", ppp(AC, 0x003d, &[0x40]));
    l.add("ppp short", vec![0xff, 0x03, 0x00]);
    l.add_cuts("ppp ipv4 cut", ppp(AC, 0x0021, &ping4()), 12);
    l.add_cut("ppp mpls cut", ppp(AC, 0x0281, &mpls_ping()), 7);
    l.pkts
}

/// PPP control protocols: LCP and IPCP with their options, PAP and CHAP.
fn ppp_ctrl_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_800_000_001_000);
    l.add(
        "lcp conf-req",
        ppp(AC, 0xc021, &[1, 1, 0, 8, 5, 6, 0x12, 0x34, 0x56, 0x78]),
    );
    let lcp_opts = [
        &[1u8, 4, 0x05, 0xd4][..],
        &[2, 6, 0, 0, 0, 0],
        &[3, 4, 0xc0, 0x23],
        &[3, 5, 0xc2, 0x23, 0x05],
        &[3, 5, 0xc2, 0x23, 0x81],
        &[3, 6, 0x12, 0x34, 1, 2],
        &[4, 4, 0xc0, 0x25],
        &[5, 6, 0xde, 0xad, 0xbe, 0xef],
        &[7, 2],
        &[8, 2],
        &[13, 3, 6],
        &[17, 4, 0x05, 0xdc],
        &[19, 7, 2, 192, 0, 2, 9],
        &[19, 9, 3, 2, 0, 0, 0, 0, 10],
        &[19, 3, 4],
        &[23, 4, 0x12, 0x34],
        &[0, 6, 0, 0, 0x0c, 1],
        &[11, 3, 1],
        &[40, 3, 1],
    ]
    .concat();
    let mut req = vec![1, 2];
    req.extend_from_slice(&((lcp_opts.len() + 4) as u16).to_be_bytes());
    req.extend_from_slice(&lcp_opts);
    l.add("lcp options", ppp(AC, 0xc021, &req));
    l.add(
        "lcp bogus option",
        ppp(AC, 0xc021, &[1, 3, 0, 8, 1, 3, 5, 0]),
    );
    l.add(
        "lcp option zero length",
        ppp(AC, 0xc021, &[1, 3, 0, 6, 1, 0]),
    );
    l.add(
        "lcp echo",
        ppp(AC, 0xc021, &[9, 4, 0, 12, 1, 2, 3, 4, 9, 9, 9, 9]),
    );
    l.add(
        "lcp echo reply",
        ppp(AC, 0xc021, &[10, 4, 0, 8, 1, 2, 3, 4]),
    );
    l.add("lcp term-req", ppp(AC, 0xc021, &[5, 5, 0, 6, 1, 2]));
    l.add(
        "lcp prot-rej",
        ppp(AC, 0xc021, &[8, 6, 0, 10, 0x80, 0x57, 1, 2, 3, 4]),
    );
    l.add(
        "lcp ident",
        ppp(AC, 0xc021, &[12, 7, 0, 11, 1, 2, 3, 4, b'h', b'i', b'!']),
    );
    l.add(
        "lcp time-rem",
        ppp(AC, 0xc021, &[13, 7, 0, 12, 1, 2, 3, 4, 0, 0, 0, 60]),
    );
    l.add(
        "lcp vendor",
        ppp(AC, 0xc021, &[0, 7, 0, 11, 1, 2, 3, 4, 0, 0, 0x0c]),
    );
    l.add("lcp reset-req", ppp(AC, 0xc021, &[14, 7, 0, 6, 1, 2]));
    l.add("lcp short encoded", ppp(AC, 0xc021, &[1, 7, 0, 3, 1, 2]));
    l.add("lcp long encoded", ppp(AC, 0xc021, &[1, 7, 0, 30, 1, 2]));
    l.add("lcp empty", ppp(AC, 0xc021, &[1, 7, 0, 4]));
    let ipcp_opts = [
        &[3u8, 6, 192, 0, 2, 1][..],
        &[129, 6, 192, 0, 2, 53],
        &[131, 6, 192, 0, 2, 54],
        &[1, 10, 192, 0, 2, 1, 192, 0, 2, 2],
        &[2, 6, 0, 0x2d, 15, 1],
        &[
            2, 20, 0, 0x61, 0, 15, 0, 16, 0, 1, 0, 2, 0, 3, 1, 2, 2, 4, 0, 0,
        ],
        &[3, 5, 1, 2, 3],
    ]
    .concat();
    let mut ipcp = vec![1, 9];
    ipcp.extend_from_slice(&((ipcp_opts.len() + 4) as u16).to_be_bytes());
    ipcp.extend_from_slice(&ipcp_opts);
    l.add("ipcp options", ppp(AC, 0x8021, &ipcp));
    l.add(
        "ipcp unknown option",
        ppp(AC, 0x8021, &[1, 9, 0, 8, 99, 4, 1, 2]),
    );
    l.add_cuts("lcp options cut", ppp(AC, 0xc021, &req), 40);
    let ip6cp = [
        1u8, 3, 0, 14, 1, 10, 0x02, 0x16, 0x3e, 0xff, 0xfe, 0, 0x12, 0x34,
    ];
    l.add("ip6cp interface-id", ppp(AC, 0x8057, &ip6cp));
    l.add(
        "ip6cp bogus",
        ppp(AC, 0x8057, &[1, 3, 0, 10, 1, 6, 1, 2, 3, 4]),
    );
    let ccp_opts = [
        &[21u8, 3, 0x2f][..],
        &[24, 4, 0xe5, 7],
        &[26, 4, 0x78, 0x05],
        &[26, 4, 0x73, 0x00],
        &[18, 6, 0, 0, 0, 1],
        &[21, 2],
    ]
    .concat();
    let mut ccp = vec![1, 4];
    ccp.extend_from_slice(&((ccp_opts.len() + 4) as u16).to_be_bytes());
    ccp.extend_from_slice(&ccp_opts);
    l.add("ccp options", ppp(AC, 0x80fd, &ccp));
    l.add(
        "bacp favored peer",
        ppp(AC, 0xc02b, &[1, 5, 0, 10, 1, 6, 1, 2, 3, 4]),
    );
    l.add("bacp unknown", ppp(AC, 0xc02b, &[1, 5, 0, 8, 2, 4, 1, 2]));
    l.add(
        "mplscp conf-req",
        ppp(AC, 0x8281, &[1, 5, 0, 8, 2, 4, 1, 2]),
    );
    l.add(
        "ipcp conf-ack",
        ppp(AC, 0x8021, &[2, 7, 0, 10, 3, 6, 192, 0, 2, 1]),
    );
    l.add("pap auth-ack", ppp(AC, 0xc023, &[2, 1, 0, 5, 0]));
    l.add("pap auth-ack cut", ppp(AC, 0xc023, &[2, 1, 0, 5]));
    l.add("chap success", ppp(AC, 0xc223, &[3, 1, 0, 4]));
    l.pkts
}

/// RFC 1662 framing and Cisco HDLC under LINKTYPE_PPP_HDLC.
fn ppp_hdlc_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_300_900_000_001_000);
    l.add("hdlc ppp ipv4", ppp(AC, 0x0021, &ping4()));
    l.add("hdlc ppp ipv6", ppp(AC, 0x0057, &udp6()));
    l.add("hdlc ppp unknown", ppp(AC, 0x1235, &[1, 2, 3]));
    l.add("hdlc cisco", chdlc(0x0f, 0x0800, &udp4()));
    l.add("hdlc unknown addr", vec![0x12, 0x34, 0x56, 0x78, 9]);
    l.add("hdlc short", vec![0xff]);
    l.add("hdlc short 3", vec![0xff, 0x03, 0x00]);
    l.add_cuts("hdlc cut", ppp(AC, 0x0021, &udp4()), 8);
    l.pkts
}

/// A 2-byte Q.922 address for `dlci`, with the FECN/BECN/DE bits `fbd` and C/R `cr`.
fn q922(dlci: u16, cr: bool, fbd: u8) -> [u8; 2] {
    [
        ((dlci >> 4) << 2) as u8 | if cr { 2 } else { 0 },
        ((dlci & 0xf) << 4) as u8 | (fbd & 0x0e) | 1,
    ]
}

/// A Frame Relay frame: address, `rest` (control, pad, NLPID, payload).
fn fr(addr: &[u8], rest: &[u8]) -> Vec<u8> {
    cat(addr, rest)
}

fn fr_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_301_000_000_001_000);
    let a = q922(100, false, 0);
    l.add("fr ipv4", fr(&a, &cat(&[0x03, 0xcc], &ping4())));
    l.add("fr ipv6", fr(&a, &cat(&[0x03, 0x8e], &udp6())));
    l.add("fr pad", fr(&a, &cat(&[0x03, 0x00, 0xcc], &udp4())));
    l.add(
        "fr flags",
        fr(&q922(17, true, 0x0e), &cat(&[0x03, 0xcc], &udp4())),
    );
    l.add("fr cisco ethertype", fr(&a, &cat(&[0x08, 0x00], &udp4())));
    l.add(
        "fr cisco unknown",
        fr(&a, &cat(&[0x12, 0x34], &[0xcc, 1, 2])),
    );
    let a3 = [0x18, 0x40, 0x03];
    l.add(
        "fr 3-byte address",
        fr(&a3, &cat(&[0x03, 0x00, 0xcc], &udp4())),
    );
    l.add("fr 3-byte no pad", fr(&a3, &cat(&[0x03, 0xcc], &udp4())));
    let a4 = [0x18, 0x40, 0x10, 0x05];
    l.add("fr 4-byte address", fr(&a4, &cat(&[0x03, 0xcc], &udp4())));
    l.add(
        "fr long address",
        fr(&[0x18, 0x40, 0x10, 0x04, 0x00], &[0x03, 0xcc]),
    );
    l.add("fr invalid address", vec![0x01, 0x03, 0xcc, 0, 0]);
    l.add("fr frf.15", fr(&a, &[0x03, 0xb1, 0xc1, 0x05, 1, 2]));
    l.add("fr frf.15 short", fr(&a, &[0x03, 0xb1, 0x20]));
    l.add(
        "fr ppp",
        fr(&a, &cat(&[0x03, 0xcf], &ppp(&[], 0x0021, &udp4()))),
    );
    l.add("fr unknown nlpid", fr(&a, &[0x03, 0x11, 1, 2, 3, 4]));
    l.add(
        "fr snap ipv4",
        fr(&a, &cat(&[0x03, 0x00, 0x80, 0, 0, 0, 0x08, 0x00], &udp4())),
    );
    l.add(
        "fr snap unknown",
        fr(&a, &[0x03, 0x00, 0x80, 0, 0x10, 0x20, 0x12, 0x34, 9, 9]),
    );
    l.add("fr snap cut", fr(&a, &[0x03, 0x00, 0x80, 0, 0]));
    let lmi = q922(0, false, 0);
    l.add(
        "q933 ansi enquiry",
        fr(
            &lmi,
            &[
                0x03, 0x08, 0x00, 0x75, 0x95, 0x01, 0x01, 0x01, 0x03, 0x02, 0x05, 0x04,
            ],
        ),
    );
    l.add(
        "q933 ccitt status",
        fr(
            &lmi,
            &[
                0x03, 0x08, 0x00, 0x7d, 0x51, 0x01, 0x00, 0x53, 0x02, 0x06, 0x05, 0x57, 0x03, 0x01,
                0xa0, 0x8a, 0x57, 0x03, 0x02, 0x00, 0x82,
            ],
        ),
    );
    l.add(
        "q933 call ref",
        fr(
            &lmi,
            &[0x03, 0x08, 0x02, 0x12, 0x34, 0x05, 0x70, 0x02, 0xaa, 0xbb],
        ),
    );
    l.add(
        "q933 non-locking shift",
        fr(
            &lmi,
            &[
                0x03, 0x08, 0x00, 0x75, 0x9d, 0x01, 0x01, 0x00, 0x03, 0x01, 0x07,
            ],
        ),
    );
    l.add(
        "q933 invalid ie",
        fr(&lmi, &[0x03, 0x08, 0x00, 0x75, 0x07, 0x02, 0x80, 0x80]),
    );
    l.add(
        "q933 empty ie",
        fr(&lmi, &[0x03, 0x08, 0x00, 0x75, 0x01, 0x00]),
    );
    l.add(
        "q933 unknown msg",
        fr(&lmi, &[0x03, 0x08, 0x00, 0x30, 0x30, 0x01, 0x30]),
    );
    l.add("q933 empty", fr(&lmi, &[0x03, 0x08]));
    let lmi_full = fr(
        &lmi,
        &[
            0x03, 0x08, 0x00, 0x75, 0x95, 0x01, 0x01, 0x01, 0x03, 0x02, 0x05, 0x04,
        ],
    );
    l.add_cuts("q933 cut", lmi_full, 14);
    l.add_cuts("fr ipv4 cut", fr(&a, &cat(&[0x03, 0xcc], &udp4())), 6);
    l.pkts
}

/// A SLIP pseudo-header: direction, then the compressed header area (16 bytes in all).
fn slip(dir: u8, chdr: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut v = vec![dir];
    v.extend_from_slice(chdr);
    v.resize(16, 0);
    v.extend_from_slice(payload);
    v
}

fn tcp4() -> Vec<u8> {
    v4tcp(
        IP_A,
        IP_B,
        &Tcp::new(40000, 12345, 1000, 2000, 0x18),
        b"GET",
    )
}

fn slip_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_301_100_000_001_000);
    // First: they print lengths tcpdump remembers from earlier packets (none yet).
    l.add("slip ctcp special i", slip(0, &[0x8b, 0, 0], &tcp4()));
    l.add("slip ctcp special d", slip(1, &[0xaf, 0, 0, 3], &tcp4()));
    l.add("slip ip in", slip(0, &[0x40], &ping4()));
    l.add("slip ip out", slip(1, &[0x40], &udp6()));
    let mut utcp = vec![0x70, 0x45, 0, 0, 0, 0, 0, 0, 0, 7];
    utcp.resize(15, 0);
    l.add("slip utcp", slip(1, &utcp, &tcp4()));
    l.add("slip utcp bad dir", slip(9, &utcp, &tcp4()));
    let ctcp = [0xe6, 5, 0x12, 0x34, 0x00, 0xff, 0xfe, 0x10, 0x01];
    l.add("slip ctcp", slip(0, &ctcp, &tcp4()));
    let ctcp2 = [0x89, 0x12, 0x34, 0x00, 0x01, 0x00, 0x03, 0xe8];
    l.add("slip ctcp long", slip(1, &ctcp2, &tcp4()));
    l.add("slip unknown chdr", slip(0, &[0x10], &udp4()));
    l.add("slip bad version", slip(0, &[0x40], &[0xe5, 0, 0, 0]));
    l.add_cut("slip ctcp cut", slip(0, &ctcp, &tcp4()), 30);
    l.add_cuts("slip cut", slip(0, &[0x40], &udp4()), 18);
    l.pkts
}

/// An NFLOG TLV (little-endian length and type), padded to four bytes.
fn tlv(t: u16, value: &[u8]) -> Vec<u8> {
    let mut v = ((value.len() + 4) as u16).to_le_bytes().to_vec();
    v.extend_from_slice(&t.to_le_bytes());
    v.extend_from_slice(value);
    while v.len() % 4 != 0 {
        v.push(0);
    }
    v
}

fn nflog(family: u8, version: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![family, version, 0, 20];
    v.extend_from_slice(&tlv(1, &[0x08, 0x00, 3, 0]));
    v.extend_from_slice(&tlv(10, b"abc\0"));
    v.extend_from_slice(&tlv(9, payload));
    v
}

fn nflog_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_301_200_000_001_000);
    l.add("nflog ipv4", nflog(2, 0, &ping4()));
    l.add("nflog ipv6", nflog(10, 0, &udp6()));
    l.add("nflog unknown family", nflog(7, 0, &[1, 2, 3, 4]));
    l.add("nflog version 1", nflog(2, 1, &udp4()));
    l.add(
        "nflog no payload",
        vec![2, 0, 0, 20, 8, 0, 1, 0, 8, 0, 3, 0],
    );
    l.add("nflog short tlv", vec![2, 0, 0, 20, 2, 0, 1, 0, 0]);
    l.add_cuts("nflog cut", nflog(2, 0, &udp4()), 30);
    l.pkts
}

/// FRF.16 multilink frames: control messages with their IEs, fragments.
fn mfr_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_301_300_000_001_000);
    let a = q922(100, false, 0);
    let ies = [
        &[1u8, 6, b'b', b'u', b'n', 0][..],
        &[2, 5, b'l', b'k', b'1'],
        &[3, 6, 0x12, 0x34, 0x56, 0x78],
        &[3, 5, 1, 2, 3],
        &[7, 4, 9, 9],
        &[9, 3, 1],
    ]
    .concat();
    l.add("mfr add link", cat(&[0xe0, 0x00, 0x01], &ies));
    l.add("mfr hello", cat(&[0xe0, 0x00, 0x04], &[3, 6, 0, 0, 0, 1]));
    l.add("mfr unknown msg", cat(&[0xe0, 0x00, 0x30], &[0, 0, 0]));
    l.add("mfr ie zero", cat(&[0xe0, 0x00, 0x04], &[0, 5, 1, 2, 3]));
    l.add(
        "mfr begin frag",
        cat(&[0x80, 0x05], &fr(&a, &cat(&[0x03, 0xcc], &udp4()))),
    );
    l.add(
        "mfr whole frag",
        cat(&[0xc2, 0x05], &fr(&a, &cat(&[0x03, 0xcc], &udp4()))),
    );
    l.add("mfr middle frag", vec![0x00, 0x07, 1, 2, 3, 4, 5]);
    l.add("mfr short", vec![0xe0, 0x00, 0x01]);
    l.add_cuts("mfr cut", cat(&[0xe0, 0x00, 0x01], &ies), 24);
    l.pkts
}

/// Every link type of this file, one fixture each.
pub fn link_fixtures() -> Vec<Link> {
    let mut v = vec![
        Link {
            stem: "link-chdlc",
            linktype: 104,
            pkts: chdlc_packets(),
            verbose: true,
        },
        Link {
            stem: "link-slip",
            linktype: 8,
            pkts: slip_packets(),
            verbose: true,
        },
        Link {
            stem: "link-nflog",
            linktype: 239,
            pkts: nflog_packets(),
            verbose: true,
        },
        Link {
            stem: "link-mfr",
            linktype: 182,
            pkts: mfr_packets(),
            verbose: true,
        },
        Link {
            stem: "link-ppp",
            linktype: 9,
            pkts: ppp_ip_packets(),
            verbose: true,
        },
        Link {
            stem: "link-ppp-ctrl",
            linktype: 9,
            pkts: ppp_ctrl_packets(),
            verbose: true,
        },
        Link {
            stem: "link-ppp-hdlc",
            linktype: 50,
            pkts: ppp_hdlc_packets(),
            verbose: true,
        },
        Link {
            stem: "link-frelay",
            linktype: 107,
            pkts: fr_packets(),
            verbose: true,
        },
        Link {
            stem: "link-ipoib",
            linktype: 242,
            pkts: ipoib_packets(),
            verbose: true,
        },
        Link {
            stem: "link-ipnet",
            linktype: 226,
            pkts: ipnet_packets(),
            verbose: true,
        },
        Link {
            stem: "link-vsock",
            linktype: 271,
            pkts: vsock_packets(),
            verbose: true,
        },
        Link {
            stem: "link-dsa",
            linktype: 284,
            pkts: dsa_packets(false),
            verbose: true,
        },
        Link {
            stem: "link-edsa",
            linktype: 285,
            pkts: dsa_packets(true),
            verbose: true,
        },
        Link {
            stem: "link-brcm",
            linktype: 281,
            pkts: brcm_packets(),
            verbose: true,
        },
        Link {
            stem: "link-brcm-prepend",
            linktype: 282,
            pkts: brcm_prepend_packets(),
            verbose: true,
        },
    ];
    // Juniper, ATM and the aliases of other printers (issue 22).
    v.extend(super::juniper::juniper_atm_fixtures());
    v
}
