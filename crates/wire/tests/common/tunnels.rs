//! The tunnel and link-type fixtures: VXLAN, OTV, VXLAN-GPE, Geneve, GRE, MPLS and IP in IP
//! over Ethernet; LINKTYPE_NULL, LINKTYPE_LOOP and LINKTYPE_LINUX_SLL.

use super::*;

/// An ICMP echo request from `src` to `dst` in IPv4.
fn ping(src: [u8; 4], dst: [u8; 4]) -> Vec<u8> {
    ipv4(src, dst, 1, &icmp(8, 0, &[0x12, 0x34, 0, 1, b'h', b'i']))
}

/// An inner Ethernet frame with a ping in it.
fn inner_ping() -> Vec<u8> {
    eth(MAC_A, MAC_B, 0x0800, &ping([10, 0, 0, 1], [10, 0, 0, 2]))
}

/// `payload` in UDP from port 40000 to `dport` in IPv4.
fn over_udp(dport: u16, payload: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &v4udp(IP_A, IP_C, 40000, dport, payload),
    )
}

/// `payload` in GRE (IP protocol 47) in IPv4.
fn over_gre(gre: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_C, 47, gre))
}

/// `head` then `tail`.
fn cat(head: &[u8], tail: &[u8]) -> Vec<u8> {
    let mut v = head.to_vec();
    v.extend_from_slice(tail);
    v
}

/// An MPLS label stack entry.
fn label(l: u32, tc: u8, bottom: bool, ttl: u8) -> [u8; 4] {
    (l << 12 | u32::from(tc) << 9 | u32::from(bottom) << 8 | u32::from(ttl)).to_be_bytes()
}

impl B {
    /// `data` cut to `keep` bytes, its wire length kept.
    fn add_cut(&mut self, name: &'static str, data: Vec<u8>, keep: usize) {
        let len = data.len() as u32;
        self.add_len(name, false, data[..keep.min(data.len())].to_vec(), len);
    }
}

pub fn tunnel_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_100_000_000_001_000,
    };
    let vx = [0x08, 0, 0, 0, 0, 0, 100, 0];
    b.add(
        "vxlan ping",
        false,
        over_udp(4789, &cat(&vx, &inner_ping())),
    );
    let arp_frame = eth(BCAST, MAC_A, 0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B));
    b.add("vxlan arp", false, over_udp(4789, &cat(&vx, &arp_frame)));
    let no_i = [0x00, 0, 0, 0, 0, 0x12, 0x34, 0];
    b.add(
        "vxlan no i",
        false,
        over_udp(4789, &cat(&no_i, &inner_ping())),
    );
    b.add("vxlan short", false, over_udp(4789, &[0x08, 0, 0, 0]));
    let v = over_udp(4789, &cat(&vx, &inner_ping()));
    b.add_cut("vxlan cut header", v.clone(), 14 + 20 + 8 + 5);
    b.add_cut("vxlan cut inner", v, 14 + 20 + 8 + 8 + 14 + 10);
    let otv = [0x08, 0, 0, 7, 0, 0, 9, 0];
    b.add("otv ping", false, over_udp(8472, &cat(&otv, &inner_ping())));
    b.add_cut(
        "otv cut",
        over_udp(8472, &cat(&otv, &inner_ping())),
        14 + 20 + 8 + 3,
    );
    b.add("otv short", false, over_udp(8472, &[0x08, 0, 0]));
    let gpe4 = [0x0c, 0, 0, 1, 0, 0, 5, 0];
    let inner4 = ping([10, 0, 0, 3], [10, 0, 0, 4]);
    b.add(
        "vxlan-gpe ipv4",
        false,
        over_udp(4790, &cat(&gpe4, &inner4)),
    );
    let gpe_eth = [0x0e, 0, 0, 3, 0, 0, 6, 0];
    b.add(
        "vxlan-gpe ether",
        false,
        over_udp(4790, &cat(&gpe_eth, &inner_ping())),
    );
    let gpe_bad = [0x0c, 0, 0, 9, 0, 0, 6, 0];
    b.add(
        "vxlan-gpe unknown",
        false,
        over_udp(4790, &cat(&gpe_bad, &[0; 8])),
    );

    // Geneve
    let gen_ip = [0x00, 0x00, 0x08, 0x00, 0, 0, 0x0a, 0];
    b.add("geneve ipv4", false, over_udp(6081, &cat(&gen_ip, &inner4)));
    let mut gen_opt = vec![0x02, 0x40, 0x65, 0x58, 0, 0x12, 0x34, 0];
    gen_opt.extend_from_slice(&[0x01, 0x02, 0x80, 0x01, 0xde, 0xad, 0xbe, 0xef]);
    b.add(
        "geneve options teb",
        false,
        over_udp(6081, &cat(&gen_opt, &inner_ping())),
    );
    let gen_odd = [0x00, 0xc3, 0x12, 0x34, 0, 0, 1, 0x77];
    b.add(
        "geneve unknown proto",
        false,
        over_udp(6081, &cat(&gen_odd, &[0; 8])),
    );
    b.add(
        "geneve version 1",
        false,
        over_udp(6081, &[0x40, 0, 8, 0, 0, 0, 1, 0]),
    );
    b.add("geneve short", false, over_udp(6081, &[0, 0, 8, 0]));
    b.add(
        "geneve options missing",
        false,
        over_udp(6081, &[0x04, 0, 8, 0, 0, 0, 1, 0, 1, 2]),
    );
    let g = over_udp(6081, &cat(&gen_opt, &inner_ping()));
    b.add_cut("geneve cut options", g, 14 + 20 + 8 + 12);
    let g6 = eth(
        MAC_B,
        MAC_A,
        0x86dd,
        &v6udp(IP6_A, IP6_B, 40000, 6081, &cat(&gen_ip, &inner4)),
    );
    b.add("geneve over ipv6", false, g6);

    // GRE version 0
    let gre_ip = [0x00, 0x00, 0x08, 0x00];
    b.add("gre ipv4", false, over_gre(&cat(&gre_ip, &inner4)));
    let gre_ks = [0x30, 0x00, 0x08, 0x00, 0, 0, 0, 0x2a, 0, 0, 0, 7];
    b.add("gre key seq", false, over_gre(&cat(&gre_ks, &inner4)));
    let gre_ck = [0x80, 0x00, 0x86, 0xdd, 0x12, 0x34, 0, 0];
    let inner6 = ipv6(
        IP6_A,
        IP6_B,
        58,
        64,
        &icmp6(128, 0, &[0, 1, 0, 1], &IP6_A, &IP6_B),
    );
    b.add("gre checksum ipv6", false, over_gre(&cat(&gre_ck, &inner6)));
    let gre_teb = [0x20, 0x00, 0x65, 0x58, 0, 0, 0x10, 0x01];
    b.add("gre teb", false, over_gre(&cat(&gre_teb, &inner_ping())));
    let mut mpls_ip = label(16, 0, true, 63).to_vec();
    mpls_ip.extend_from_slice(&inner4);
    b.add(
        "gre mpls",
        false,
        over_gre(&cat(&[0, 0, 0x88, 0x47], &mpls_ip)),
    );
    let erspan2 = [0x10, 0x00, 0x88, 0xbe, 0, 0, 0, 0xab];
    b.add(
        "gre erspan ii",
        false,
        over_gre(&cat(&erspan2, &[0x10, 0x01, 0, 1, 0, 0, 0, 0])),
    );
    let erspan3 = [0x00, 0x00, 0x22, 0xeb];
    b.add(
        "gre erspan iii",
        false,
        over_gre(&cat(&erspan3, &[0x20, 0x01, 0, 1, 0, 0, 0, 0])),
    );
    b.add(
        "gre unknown",
        false,
        over_gre(&[0, 0, 0x12, 0x34, 1, 2, 3, 4]),
    );
    let mut gre_rt = vec![0x40, 0x00, 0x08, 0x00, 0, 0, 0, 4];
    gre_rt.extend_from_slice(&[0x08, 0x00, 4, 8, 10, 0, 0, 1, 10, 0, 0, 2]);
    gre_rt.extend_from_slice(&[0xff, 0xfe, 0, 4, 0, 100, 0, 200]);
    gre_rt.extend_from_slice(&[0x12, 0x34, 0, 0]);
    gre_rt.extend_from_slice(&[0, 0, 0, 0]);
    b.add("gre source route", false, over_gre(&cat(&gre_rt, &inner4)));
    b.add_cut("gre cut", over_gre(&cat(&gre_ks, &inner4)), 14 + 20 + 6);
    b.add("gre short", false, over_gre(&[0x00]));
    // GRE version 1 (PPTP)
    let pptp = [0x30, 0x81, 0x88, 0x0b, 0, 8, 0, 3, 0, 0, 0, 5, 0, 0, 0, 4];
    b.add(
        "gre pptp",
        false,
        over_gre(&cat(&pptp, &[0xff, 0x03, 0xc0, 0x21])),
    );
    let pptp_ack = [0x20, 0x81, 0x88, 0x0b, 0, 0, 0, 3, 0, 0, 0, 9];
    b.add("gre pptp ack only", false, over_gre(&pptp_ack));
    let pptp_odd = [0x30, 0x01, 0x12, 0x34, 0, 0, 0, 3, 0, 0, 0, 5, 1, 2, 3, 4];
    b.add("gre pptp unknown", false, over_gre(&pptp_odd));
    b.add("gre version 2", false, over_gre(&[0, 2, 8, 0]));

    // MPLS
    let mut m = label(100, 0, true, 64).to_vec();
    m.extend_from_slice(&inner4);
    b.add("mpls ipv4 guess", false, eth(MAC_B, MAC_A, 0x8847, &m));
    let mut m = label(1000, 3, false, 255).to_vec();
    m.extend_from_slice(&label(2, 0, true, 64));
    m.extend_from_slice(&inner6);
    b.add("mpls stack ipv6 null", false, eth(MAC_B, MAC_A, 0x8847, &m));
    let mut m = label(3, 0, true, 1).to_vec();
    m.extend_from_slice(&inner4);
    b.add("mpls implicit null", false, eth(MAC_B, MAC_A, 0x8848, &m));
    let mut m = label(77, 5, true, 9).to_vec();
    m.extend_from_slice(&[0x11, 0x22, 0x33, 0x44]);
    b.add("mpls unknown payload", false, eth(MAC_B, MAC_A, 0x8847, &m));
    let m = [label(5, 0, false, 1), label(6, 0, false, 1)].concat();
    b.add_cut("mpls cut stack", eth(MAC_B, MAC_A, 0x8847, &m), 14 + 6);
    let mut m = label(21, 0, true, 63).to_vec();
    m.extend_from_slice(&inner4);
    b.add("mpls over udp", false, over_udp(6635, &m));

    // IP in IP, 6in4, 4in6
    b.add(
        "ipip",
        false,
        eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_C, 4, &inner4)),
    );
    b.add(
        "6in4",
        false,
        eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_C, 41, &inner6)),
    );
    b.add(
        "4in6",
        false,
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 4, 64, &inner4)),
    );
    b.pkts
}

/// LINKTYPE_NULL (`lo` byte order: little-endian, as written here) or LINKTYPE_LOOP (network
/// order) records.
pub fn null_packets(loop_order: bool) -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_200_000_000_001_000,
    };
    let af = |f: u32, p: &[u8]| {
        let h = if loop_order {
            f.to_be_bytes()
        } else {
            f.to_le_bytes()
        };
        cat(&h, p)
    };
    let p4 = v4udp(IP_A, IP_C, 4000, 4001, b"x");
    let p6 = v6udp(IP6_A, IP6_B, 4000, 4001, b"x");
    b.add("null ipv4", true, af(2, &p4));
    b.add("null ipv6 bsd", true, af(24, &p6));
    b.add("null ipv6 freebsd", true, af(28, &p6));
    b.add("null ipv6 darwin", true, af(30, &p6));
    b.add("null unknown family", false, af(99, &[1, 2, 3, 4]));
    b.add("null ns family", false, af(6, &[1, 2, 3, 4]));
    // The other byte order (swapped when the upper half is not zero).
    let other = if loop_order {
        2u32.to_le_bytes()
    } else {
        2u32.to_be_bytes()
    };
    b.add("null swapped", true, cat(&other, &p4));
    b.add_cut("null cut", af(2, &p4), 3);
    b.add_cut("null cut ip", af(2, &p4), 10);
    b.pkts
}

/// A LINKTYPE_LINUX_SLL header: packet type, ARPHRD type, a 6-byte address, protocol.
fn sll1(pkttype: u16, hatype: u16, addr: &[u8], protocol: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = pkttype.to_be_bytes().to_vec();
    v.extend_from_slice(&hatype.to_be_bytes());
    v.extend_from_slice(&(addr.len() as u16).to_be_bytes());
    let mut a = addr.to_vec();
    a.resize(8, 0);
    v.extend_from_slice(&a);
    v.extend_from_slice(&protocol.to_be_bytes());
    v.extend_from_slice(payload);
    v
}

pub fn sll_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_300_000_000_001_000,
    };
    let p4 = v4udp(IP_A, IP_C, 4000, 4001, b"x");
    b.add("sll in", true, sll1(0, 1, &MAC_A, 0x0800, &p4));
    b.add("sll out", true, sll1(4, 1, &MAC_B, 0x0800, &p4));
    b.add(
        "sll broadcast arp",
        true,
        sll1(1, 1, &MAC_A, 0x0806, &arp(1, MAC_A, IP_A, [0; 6], IP_B)),
    );
    b.add(
        "sll multicast ipv6",
        true,
        sll1(2, 1, &MAC_A, 0x86dd, &v6udp(IP6_A, IP6_B, 1, 2, b"y")),
    );
    b.add("sll otherhost", true, sll1(3, 1, &MAC_A, 0x0800, &p4));
    b.add("sll loopback no addr", true, sll1(0, 772, &[], 0x0800, &p4));
    b.add(
        "sll unknown pkttype",
        false,
        sll1(9, 1, &MAC_A, 0x0800, &p4),
    );
    b.add(
        "sll vlan",
        false,
        sll1(0, 1, &MAC_A, 0x8100, &cat(&[0x20, 0x0a, 0x08, 0x00], &p4)),
    );
    b.add(
        "sll unknown ethertype",
        false,
        sll1(0, 1, &MAC_A, 0x88b5, &[1, 2, 3, 4]),
    );
    b.add(
        "sll 802.2",
        false,
        sll1(0, 1, &MAC_A, 4, &cat(&[0x06, 0x06, 0x03], &p4)),
    );
    b.add(
        "sll mpls",
        false,
        sll1(0, 1, &MAC_A, 0x8847, &cat(&label(9, 0, true, 5), &p4)),
    );
    b.add_cut("sll cut", sll1(0, 1, &MAC_A, 0x0800, &p4), 12);
    b.add_cut(
        "sll vlan cut",
        sll1(0, 1, &MAC_A, 0x8100, &cat(&[0x20, 0x0a, 0x08, 0x00], &p4)),
        18,
    );
    b.pkts
}
