//! Packets of the LAN and host link types of issue 22, built byte by byte: FDDI, Token Ring
//! (with source routing), ARCNET (BSD and Linux), LocalTalk, netANALYZER, enc, pflog, IP over
//! Fibre Channel, IP over IEEE 1394, the Symantec firewall, PKTAP, USB (usbmon) and Bluetooth
//! HCI, each with cut variants.

use super::links::Link;
use super::*;

/// A list of packets one second and a quarter apart.
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

    /// `data` cut to each length below `upto`, its wire length kept, then whole.
    fn add_cuts(&mut self, name: &'static str, data: Vec<u8>, upto: usize) {
        let len = data.len() as u32;
        for keep in 1..upto.min(data.len()) {
            self.add_len(name, data[..keep].to_vec(), len);
        }
        self.add(name, data);
    }
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
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

fn arp_req() -> Vec<u8> {
    arp(1, MAC_A, IP_A, [0; 6], IP_B)
}

/// LLC and SNAP with OUI 0 and `et`.
fn snap(et: u16, payload: &[u8]) -> Vec<u8> {
    cat(&[&[0xaa, 0xaa, 3, 0, 0, 0], &et.to_be_bytes(), payload])
}

/// An LLC UI frame between two SAPs no printer knows.
fn llc_unknown(dsap: u8, ssap: u8) -> Vec<u8> {
    cat(&[&[dsap, ssap, 3], b"abcdefgh"])
}

/// An ARP request over ARCNET: hardware type 7, one-byte addresses.
fn arcnet_arp() -> Vec<u8> {
    cat(&[&[0, 7, 8, 0, 1, 4, 0, 1, 0x01], &IP_A, &[0], &IP_B])
}

/// A long DDP header (`dst` and `src` network, node, socket) and its payload.
fn ddp(dst: (u16, u8, u8), src: (u16, u8, u8), t: u8, payload: &[u8]) -> Vec<u8> {
    cat(&[
        &[0, 0, 0, 0],
        &dst.0.to_be_bytes(),
        &src.0.to_be_bytes(),
        &[dst.1, src.1, dst.2, src.2, t],
        payload,
    ])
}

/// An ATP header.
fn atp(control: u8, bitmap: u8, tid: u16, user: u32) -> Vec<u8> {
    cat(&[&[control, bitmap], &tid.to_be_bytes(), &user.to_be_bytes()])
}

/// An NBP tuple: address, enumerator, then object, type and zone.
fn nbp_tuple(net: u16, node: u8, skt: u8, en: u8, names: [&[u8]; 3]) -> Vec<u8> {
    let mut v = cat(&[&net.to_be_bytes(), &[node, skt, en]]);
    for n in names {
        v.push(n.len() as u8);
        v.extend_from_slice(n);
    }
    v
}

fn fddi_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_000_000_001_000);
    let f = |fc: u8, payload: &[u8]| cat(&[&[fc], &MAC_B, &MAC_A, payload]);
    l.add("fddi snap ipv4", f(0x50, &snap(0x0800, &udp4())));
    l.add("fddi snap arp", f(0x51, &snap(0x0806, &arp_req())));
    l.add("fddi snap ipv6", f(0x50, &snap(0x86dd, &udp6())));
    l.add("fddi llc unknown", f(0x57, &llc_unknown(0x12, 0x12)));
    l.add("fddi llc unknown saps", f(0x50, &llc_unknown(0x12, 0xf4)));
    l.add("fddi snap unknown", f(0x50, &snap(0x1234, b"xyz")));
    for (name, fc) in [
        ("fddi smt info", 0x41),
        ("fddi smt nsa", 0x4f),
        ("fddi void", 0x40),
        ("fddi smt", 0x45),
    ] {
        l.add(name, f(fc, b"smt"));
    }
    for (name, fc) in [
        ("fddi nrt", 0x80),
        ("fddi rt", 0xc0),
        ("fddi beacon", 0xc2),
        ("fddi claim", 0xc3),
        ("fddi mac", 0xc5),
        ("fddi sync", 0xd3),
        ("fddi imp async", 0x62),
        ("fddi imp sync", 0xe1),
        ("fddi other", 0x20),
    ] {
        l.add(name, f(fc, b"frame"));
    }
    l.add_cuts("fddi cut", f(0x50, &snap(0x0800, &udp4())), 40);
    l.pkts
}

fn token_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_100_000_001_000);
    let mut routed = MAC_A;
    routed[0] |= 0x80;
    let t = |fc: u8, src: [u8; 6], rif: &[u8], payload: &[u8]| {
        cat(&[&[0x10, fc], &MAC_B, &src, rif, payload])
    };
    let rif3 = [0x08, 0x30, 0x00, 0x11, 0x00, 0x22, 0x00, 0x33];
    l.add(
        "token snap ipv4",
        t(0x40, MAC_A, &[], &snap(0x0800, &udp4())),
    );
    l.add(
        "token llc unknown",
        t(0x40, MAC_A, &[], &llc_unknown(0x12, 0x12)),
    );
    l.add(
        "token llc unknown saps",
        t(0x40, MAC_A, &[], &llc_unknown(0x12, 0xf4)),
    );
    l.add(
        "token routed ipv4",
        t(0x40, routed, &rif3, &snap(0x0800, &udp4())),
    );
    l.add(
        "token routed single",
        t(0x40, routed, &[0xc2, 0xf0], &snap(0x0806, &arp_req())),
    );
    l.add(
        "token routed all",
        t(
            0x40,
            routed,
            &[0x84, 0xb0, 0x12, 0x34],
            &snap(0x86dd, &udp6()),
        ),
    );
    l.add(
        "token routed empty",
        t(0x40, routed, &[0x00, 0x00], &snap(0x0800, &udp4())),
    );
    l.add("token mac frame", t(0x00, MAC_A, &[], b"macframe"));
    l.add(
        "token routed llc unknown",
        t(0x40, routed, &[0x02, 0x30], &llc_unknown(0x12, 0xf4)),
    );
    l.add(
        "token routed mac frame",
        t(0x80, routed, &[0x04, 0x40, 0x01, 0x01], b"x"),
    );
    l.add_cuts(
        "token routed cut",
        t(0x40, routed, &rif3, &snap(0x0800, &udp4())),
        40,
    );
    l.pkts
}

fn atalk_ddp() -> Vec<u8> {
    ddp((100, 5, 2), (200, 6, 4), 3, &atp(0x40, 3, 0x1234, 0))
}

fn arcnet_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_200_000_001_000);
    let a = |hdr: &[u8], payload: &[u8]| cat(&[&[0x01, 0x02], hdr, payload]);
    l.add("arcnet old ipv4", a(&[240], &udp4()));
    l.add("arcnet old arp", a(&[241], &arcnet_arp()));
    l.add("arcnet ipv4", a(&[212, 0, 0x12, 0x34], &udp4()));
    l.add("arcnet first fragment", a(&[212, 3, 0x12, 0x34], &udp4()));
    l.add("arcnet middle fragment", a(&[212, 2, 0x12, 0x34], &udp4()));
    l.add(
        "arcnet exception",
        a(&[212, 0xff, 0xff, 0xff, 212, 5, 0xab, 0xcd], &udp4()),
    );
    l.add("arcnet arp", a(&[213, 0, 0, 1], &arcnet_arp()));
    l.add("arcnet rarp", a(&[214, 0, 0, 1], &arcnet_arp()));
    l.add("arcnet ipv6", a(&[0xc4, 0, 0, 1], &udp6()));
    l.add("arcnet unknown", a(&[0x99, 0, 0, 1], b"unknown payload"));
    l.add("arcnet diag", a(&[0x80], b"diag"));
    l.add("arcnet banyan", a(&[247, 0, 0, 1], b"vines"));
    l.add("arcnet atalk", a(&[221, 0, 0, 1], &atalk_ddp()));
    l.add_cuts(
        "arcnet exception cut",
        a(&[212, 0xff, 0xff, 0xff, 212, 5, 0xab, 0xcd], &udp4()),
        14,
    );
    l.add_cuts("arcnet atalk cut", a(&[221, 0, 0, 1], &atalk_ddp()), 28);
    l.pkts
}

fn arcnet_linux_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_300_000_001_000);
    let a = |hdr: &[u8], payload: &[u8]| cat(&[&[0x01, 0x02, 0, 0], hdr, payload]);
    l.add("arcnet linux old ipv4", a(&[240], &udp4()));
    l.add("arcnet linux old arp", a(&[241], &arcnet_arp()));
    l.add("arcnet linux ipv4", a(&[212, 0, 0, 1], &udp4()));
    l.add("arcnet linux arp", a(&[213, 0, 0, 1], &arcnet_arp()));
    l.add("arcnet linux ipv6", a(&[0xc4, 0, 0, 1], &udp6()));
    l.add(
        "arcnet linux unknown",
        a(&[0x99, 0, 0, 1], b"unknown payload"),
    );
    l.add("arcnet linux atalk", a(&[221, 0, 0, 1], &atalk_ddp()));
    l.add_cuts("arcnet linux cut", a(&[212, 0, 0, 1], &udp4()), 12);
    l.pkts
}

fn ltalk_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_400_000_001_000);
    let lap = |t: u8, payload: &[u8]| cat(&[&[0x05, 0x06, t], payload]);
    let short = |payload: &[u8]| lap(1, &cat(&[&[0, 0, 2, 4, 3], payload]));
    l.add("ltalk short atp req", short(&atp(0x40, 0x0f, 0x1234, 0)));
    l.add(
        "ltalk short atp req bits",
        short(&atp(0x70, 0x25, 0x1234, 9)),
    );
    let long = |t: u8, payload: &[u8]| lap(2, &ddp((100, 5, 2), (200, 6, 4), t, payload));
    l.add(
        "ltalk atp resp",
        long(3, &cat(&[&atp(0x98, 5, 0x1234, 1), b"data"])),
    );
    l.add("ltalk atp resp xo", long(3, &atp(0xa8, 5, 7, 0)));
    l.add("ltalk atp rel", long(3, &atp(0xf8, 1, 0x1234, 0)));
    l.add("ltalk atp other", long(3, &atp(0x00, 1, 2, 0)));
    let same = |payload: &[u8]| lap(2, &ddp((100, 5, 2), (100, 5, 2), 2, payload));
    let tuple = nbp_tuple(100, 5, 2, 0, [b"obj", b"type", b"*"]);
    l.add("ltalk nbp lookup", same(&cat(&[&[0x21, 7], &tuple])));
    let odd = nbp_tuple(101, 9, 3, 2, [b"obj", b"type", b"*"]);
    l.add("ltalk nbp brrq odd", same(&cat(&[&[0x12, 7], &odd])));
    let t1 = nbp_tuple(100, 5, 2, 1, [b"obj", b"type", b"*"]);
    let t2 = nbp_tuple(101, 6, 9, 2, [b"ab", b"cd", b"*"]);
    l.add("ltalk nbp reply", same(&cat(&[&[0x32, 7], &t1, &t2])));
    l.add("ltalk nbp other", same(&cat(&[&[0x51, 7], &t1])));
    l.add("ltalk nbp short", same(&[0x21, 7, 1]));
    l.add(
        "ltalk rtmp",
        lap(2, &ddp((100, 255, 1), (200, 6, 1), 1, b"rtmpdata")),
    );
    l.add(
        "ltalk echo",
        lap(2, &ddp((100, 5, 4), (200, 6, 4), 4, b"\x01echo")),
    );
    l.add(
        "ltalk unknown ddp",
        lap(2, &ddp((100, 5, 2), (200, 6, 4), 99, b"x")),
    );
    l.add("ltalk klap", lap(0x4b, b"klap"));
    l.add("ltalk ddp short", lap(2, b"short"));
    l.add_cuts(
        "ltalk nbp reply cut",
        same(&cat(&[&[0x32, 7], &t1, &t2])),
        48,
    );
    l.pkts
}

fn netanalyzer_packets(transparent: bool) -> Vec<Pkt> {
    let mut l = L::new(1_700_400_500_000_001_000);
    let pre: &[u8] = if transparent {
        &[0, 0, 0, 0, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0xd5]
    } else {
        &[0, 0, 0, 0]
    };
    l.add(
        "netanalyzer ipv4",
        cat(&[pre, &eth(MAC_B, MAC_A, 0x0800, &udp4())]),
    );
    l.add(
        "netanalyzer arp",
        cat(&[pre, &eth(BCAST, MAC_A, 0x0806, &arp_req())]),
    );
    l.add_cuts(
        "netanalyzer cut",
        cat(&[pre, &eth(MAC_B, MAC_A, 0x0800, &udp4())]),
        30,
    );
    l.pkts
}

fn enc_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_600_000_001_000);
    let le = |af: u32, spi: u32, flags: u32, p: &[u8]| {
        cat(&[
            &af.to_le_bytes(),
            &spi.to_be_bytes(),
            &flags.to_le_bytes(),
            p,
        ])
    };
    let be = |af: u32, spi: u32, flags: u32, p: &[u8]| {
        cat(&[
            &af.to_be_bytes(),
            &spi.to_be_bytes(),
            &flags.to_be_bytes(),
            p,
        ])
    };
    l.add("enc both", le(2, 0x1000, 0x0c00, &udp4()));
    l.add("enc swapped authentic", be(2, 0x1001, 0x0800, &udp4()));
    l.add("enc unprotected", le(2, 0x1002, 0, &udp4()));
    l.add("enc confidential ipv6", le(24, 0x1003, 0x0400, &udp6()));
    l.add("enc other flags ipv6", le(30, 0x1004, 0x0401, &udp6()));
    l.add("enc unknown family", le(99, 0x1005, 1, b"xx"));
    l.add_cuts("enc cut", le(2, 0x1000, 0x0c00, &udp4()), 16);
    l.pkts
}

/// A pflog header as Linux lays it out: `length` (rounded up to 4 for the padding).
#[allow(clippy::too_many_arguments)]
fn pflog(
    length: u8,
    af: u8,
    action: u8,
    reason: u8,
    ifname: &[u8],
    ruleset: &[u8],
    sub: u32,
    dir: u8,
) -> Vec<u8> {
    let mut v = vec![length, af, action, reason];
    let pad = |s: &[u8]| {
        let mut b = s.to_vec();
        b.resize(16, 0);
        b
    };
    v.extend(pad(ifname));
    v.extend(pad(ruleset));
    v.extend_from_slice(&5u32.to_be_bytes());
    v.extend_from_slice(&sub.to_be_bytes());
    v.extend_from_slice(&[0; 16]);
    v.extend_from_slice(&[dir, 0, 0, 0]);
    v.resize((usize::from(length) + 3) & !3, 0);
    v
}

fn pflog_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_700_000_001_000);
    let p = |h: Vec<u8>, payload: &[u8]| cat(&[&h, payload]);
    l.add(
        "pflog block in",
        p(pflog(61, 2, 1, 0, b"eth0", b"", u32::MAX, 1), &udp4()),
    );
    l.add(
        "pflog pass out ipv6",
        p(pflog(61, 24, 0, 4, b"eth1", b"", u32::MAX, 2), &udp6()),
    );
    l.add(
        "pflog ruleset other family",
        p(pflog(61, 7, 3, 3, b"em0", b"anchor", 7, 3), b"rawdata"),
    );
    l.add(
        "pflog long ifname",
        p(
            pflog(61, 2, 10, 14, b"0123456789abcdef", b"", u32::MAX, 0),
            &udp4(),
        ),
    );
    l.add(
        "pflog unknown action",
        p(pflog(61, 2, 11, 15, b"eth0", b"", u32::MAX, 1), &udp4()),
    );
    l.add(
        "pflog short header",
        p(pflog(10, 2, 1, 0, b"eth0", b"", u32::MAX, 1), &udp4()),
    );
    l.add(
        "pflog minimal header",
        p(pflog(45, 2, 1, 0, b"eth0", b"", u32::MAX, 1), &udp4()),
    );
    l.add_cuts(
        "pflog cut",
        p(pflog(61, 2, 1, 0, b"eth0", b"", u32::MAX, 1), &udp4()),
        70,
    );
    l.pkts
}

fn ipfc_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_800_000_001_000);
    let f = |p: &[u8]| cat(&[&[0x10, 0], &MAC_B, &[0x10, 0], &MAC_A, p]);
    l.add("ipfc ipv4", f(&snap(0x0800, &udp4())));
    l.add("ipfc arp", f(&snap(0x0806, &arp_req())));
    l.add("ipfc llc unknown", f(&llc_unknown(0x12, 0x12)));
    l.add_cuts("ipfc cut", f(&snap(0x0800, &udp4())), 30);
    l.pkts
}

fn ap1394_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_400_900_000_001_000);
    let dst = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77];
    let src = [0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];
    let f = |t: u16, p: &[u8]| cat(&[&dst, &src, &t.to_be_bytes(), p]);
    l.add("ap1394 ipv4", f(0x0800, &udp4()));
    l.add("ap1394 ipv6", f(0x86dd, &udp6()));
    l.add("ap1394 arp", f(0x0806, &arp_req()));
    l.add("ap1394 unknown", f(0x1234, b"unknown"));
    l.add("ap1394 atalk", f(0x809b, &atalk_ddp()));
    l.add_cuts("ap1394 cut", f(0x0800, &udp4()), 24);
    l.pkts
}

fn symantec_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_401_000_000_001_000);
    let f = |t: u16, p: &[u8]| cat(&[&[0; 6], &t.to_be_bytes(), &[0; 36], p]);
    l.add("symantec ipv4", f(0x0800, &udp4()));
    l.add("symantec length field", f(0x0100, b"lenfield"));
    l.add("symantec unknown", f(0x1234, b"unknown"));
    l.add("symantec ipv6", f(0x86dd, &udp6()));
    l.add_cuts("symantec cut", f(0x0800, &udp4()), 50);
    l.pkts
}

fn pktap_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_401_100_000_001_000);
    let hdr = |len: u32, rectype: u32, dlt: u32| {
        let mut v = cat(&[
            &len.to_le_bytes(),
            &rectype.to_le_bytes(),
            &dlt.to_le_bytes(),
        ]);
        v.extend_from_slice(b"en0");
        v.resize(len.max(12) as usize, 0);
        v
    };
    let frame = eth(MAC_B, MAC_A, 0x0800, &udp4());
    l.add("pktap ethernet", cat(&[&hdr(108, 1, 1), &frame]));
    l.add("pktap longer header", cat(&[&hdr(112, 1, 1), &frame]));
    l.add("pktap raw", cat(&[&hdr(108, 1, 12), &udp4()]));
    l.add(
        "pktap null",
        cat(&[&hdr(108, 1, 0), &2u32.to_le_bytes(), &udp4()]),
    );
    l.add("pktap unknown dlt", cat(&[&hdr(108, 1, 147), b"payload"]));
    l.add("pktap no data", hdr(108, 0, 1));
    l.add("pktap other record", cat(&[&hdr(108, 2, 1), b"x"]));
    l.add("pktap header too small", cat(&[&hdr(100, 1, 1), &[0; 20]]));
    let mut big = hdr(108, 1, 1);
    big[0] = 200;
    l.add("pktap header too big", big);
    l.add("pktap short", vec![108, 0, 0]);
    l.add_cuts("pktap cut", cat(&[&hdr(108, 1, 1), &frame]), 130);
    l.pkts
}

/// A usbmon header (`mmapped`: the 64-byte form) and a payload.
fn usb(event: u8, transfer: u8, ep: u8, dev: u8, bus: u16, mmapped: bool) -> Vec<u8> {
    let mut v = 0x1122_3344_5566_7788u64.to_le_bytes().to_vec();
    v.extend_from_slice(&[event, transfer, ep, dev]);
    v.extend_from_slice(&bus.to_le_bytes());
    v.resize(if mmapped { 64 } else { 48 }, 0);
    v.extend_from_slice(b"payload");
    v
}

fn usb_packets(mmapped: bool) -> Vec<Pkt> {
    let mut l = L::new(1_700_401_200_000_001_000);
    for event in [b'S', b'C', b'E', b'X'] {
        for transfer in [0, 1, 2, 3, 7] {
            l.add("usb urb", usb(event, transfer, 0x81, 5, 3, mmapped));
        }
    }
    l.add("usb big bus", usb(b'S', 3, 0x02, 127, 65535, mmapped));
    l.add_cuts("usb cut", usb(b'C', 3, 0x02, 1, 1, mmapped), 66);
    l.pkts
}

fn bt_packets() -> Vec<Pkt> {
    let mut l = L::new(1_700_401_300_000_001_000);
    l.add(
        "bt in",
        cat(&[
            &1u32.to_be_bytes(),
            &[0x04, 0x0e, 0x04, 0x01, 0x03, 0x0c, 0x00],
        ]),
    );
    l.add(
        "bt out",
        cat(&[&0u32.to_be_bytes(), &[0x01, 0x03, 0x0c, 0x00]]),
    );
    l.add("bt empty", 0x8000_0000u32.to_be_bytes().to_vec());
    l.add_cuts("bt cut", cat(&[&1u32.to_be_bytes(), b"xxxxxx"]), 8);
    l.pkts
}

/// The link types above, one fixture each.
pub fn lan_link_fixtures() -> Vec<Link> {
    let link = |stem: &'static str, linktype: u32, pkts: Vec<Pkt>| Link {
        stem,
        linktype,
        pkts,
        verbose: true,
    };
    vec![
        link("link-fddi", 10, fddi_packets()),
        link("link-token", 6, token_packets()),
        link("link-arcnet", 7, arcnet_packets()),
        link("link-arcnet-linux", 129, arcnet_linux_packets()),
        link("link-ltalk", 114, ltalk_packets()),
        link("link-netanalyzer", 240, netanalyzer_packets(false)),
        link("link-netanalyzer-t", 241, netanalyzer_packets(true)),
        link("link-enc", 109, enc_packets()),
        link("link-pflog", 117, pflog_packets()),
        link("link-ipfc", 122, ipfc_packets()),
        link("link-ap1394", 138, ap1394_packets()),
        link("link-symantec", 99, symantec_packets()),
        link("link-pktap", 258, pktap_packets()),
        link("link-pktap-user2", 149, pktap_packets()),
        link("link-usb", 189, usb_packets(false)),
        link("link-usb-mmapped", 220, usb_packets(true)),
        link("link-bt", 201, bt_packets()),
    ]
}
