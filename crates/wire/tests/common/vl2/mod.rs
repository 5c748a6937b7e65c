//! Test packets for the layer-2 and miscellaneous printers' `-v` forms (AoE, STP/RSTP/MSTP/SPB,
//! GeoNetworking, CALM FAST, Ethernet loopback, Arista's timestamp header, BCM LI, EAPOL/EAP,
//! DTP, UDLD, LACP/Marker, Geneve options, DCCP, MPLS, LLDP, sFlow, ICMPv6 router renumbering and node information, TIPC, Mobility Header options), built
//! byte by byte, with truncated
//! variants of each.

use super::{eth, fold, ipv4, ipv6, sum16, udp, Pkt, IP6_A, IP6_B, IP_A, IP_C, MAC_A, MAC_B};

mod more;

/// Packets with timestamps one step apart.
pub(super) struct B {
    pkts: Vec<Pkt>,
    t: u64,
}

impl B {
    pub(super) fn add(&mut self, name: &'static str, data: Vec<u8>) {
        let len = data.len();
        self.add_cut(name, data, len);
    }

    /// `data` captured up to `caplen` bytes (the wire length stays the whole frame's).
    pub(super) fn add_cut(&mut self, name: &'static str, mut data: Vec<u8>, caplen: usize) {
        let orig_len = data.len() as u32;
        data.truncate(caplen);
        self.t += 7_001_003_000;
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: 1_700_200_000_000_000_000 + self.t,
            strict: false,
        });
    }
}

/// The layer-2 and miscellaneous packets, in the order of the fixture.
pub fn vl2_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 0,
    };
    aoe(&mut b);
    stp(&mut b);
    geonet(&mut b);
    loopback(&mut b);
    arista(&mut b);
    cisco(&mut b);
    slow_and_eap(&mut b);
    udp_apps(&mut b);
    dccp_and_mpls(&mut b);
    lldp(&mut b);
    more::sflow(&mut b);
    more::icmp6_rr_ni(&mut b);
    more::tipc(&mut b);
    more::mobility(&mut b);
    more::someip(&mut b);
    b.pkts
}

/// An AoE version 1 header: flags, error, major, minor, command, tag, then `arg`.
fn aoe_frame(flags: u8, err: u8, command: u8, arg: &[u8]) -> Vec<u8> {
    let mut v = vec![
        0x10 | flags,
        err,
        0x00,
        0x14,
        0x02,
        command,
        0x00,
        0x01,
        0xcd,
        0x4a,
    ];
    v.extend_from_slice(arg);
    eth(MAC_B, MAC_A, 0x88a2, &v)
}

fn aoe(b: &mut B) {
    // Issue ATA Command: aflags Ext48|Write, feature 0, count 2, status 0x24, LBA, reserved,
    // then 24 bytes of data.
    let mut ata = vec![0x41, 0, 2, 0x24, 6, 0, 0, 0, 0, 0, 0, 0];
    ata.extend_from_slice(&[0xab; 24]);
    b.add("aoe v ata", aoe_frame(0, 0, 0, &ata));
    b.add_cut(
        "aoe v ata cut in lba",
        aoe_frame(0, 0, 0, &ata),
        14 + 10 + 6,
    );
    b.add_cut(
        "aoe v ata cut in reserved",
        aoe_frame(0, 0, 0, &ata),
        14 + 10 + 11,
    );
    // Query Config Information with a config string; unknown CCmd 7.
    let mut q = vec![0, 16, 0x40, 0x01, 2, 0x17, 0, 5];
    q.extend_from_slice(b"lab-1");
    b.add("aoe v query", aoe_frame(0x08, 0, 1, &q));
    b.add_cut(
        "aoe v query string cut",
        aoe_frame(0x08, 0, 1, &q),
        14 + 10 + 10,
    );
    let long = [0, 16, 0, 1, 0, 0x10, 0x04, 0x01];
    b.add("aoe v query string too long", aoe_frame(0, 0, 1, &long));
    // MAC Mask List: edit, one directive (add), then one unknown directive.
    let mut m = vec![0, 1, 0, 2];
    m.extend_from_slice(&[0, 1]);
    m.extend_from_slice(&MAC_A);
    m.extend_from_slice(&[0, 9]);
    m.extend_from_slice(&MAC_B);
    b.add("aoe v mac list", aoe_frame(0x08, 0, 2, &m));
    b.add("aoe v mac list short", aoe_frame(0, 0, 2, &[0, 0, 3, 9]));
    // Reserve/Release: set, two addresses; an NMacs that disagrees with the length.
    let mut r = vec![1, 6];
    for _ in 0..3 {
        r.extend_from_slice(&MAC_A);
        r.extend_from_slice(&MAC_B);
    }
    b.add("aoe v reserve", aoe_frame(0, 0, 3, &r));
    b.add(
        "aoe v reserve bad count",
        aoe_frame(0, 0, 3, &[2, 3, 1, 2, 3, 4, 5, 6]),
    );
    b.add_cut("aoe v reserve cut", aoe_frame(0, 0, 3, &r), 14 + 10 + 2 + 8);
    // An error response, and an unknown error and command.
    b.add("aoe v error", aoe_frame(0x0c, 3, 1, &[0; 8]));
    b.add("aoe v unknown error", aoe_frame(0x0c, 42, 9, &[]));
    b.add_cut("aoe v cut in tag", aoe_frame(0, 0, 0, &ata), 14 + 7);
}

/// An 802.3 frame to the STP address with LLC SAP 0x42 and `bpdu`.
fn stp_frame(bpdu: &[u8]) -> Vec<u8> {
    let mut llc = vec![0x42, 0x42, 0x03];
    llc.extend_from_slice(bpdu);
    let mut v = vec![0x01, 0x80, 0xc2, 0, 0, 0];
    v.extend_from_slice(&MAC_A);
    v.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    v.extend_from_slice(&llc);
    while v.len() < 60 {
        v.push(0);
    }
    v
}

/// A configuration BPDU of `version` and `bpdu_type` with `flags`, timers with fractions.
fn bpdu(version: u8, bpdu_type: u8, flags: u8) -> Vec<u8> {
    let mut v = vec![0, 0, version, bpdu_type, flags];
    v.extend_from_slice(&[0x80, 0x01, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80]);
    v.extend_from_slice(&20_000u32.to_be_bytes());
    v.extend_from_slice(&[0x80, 0x02, 0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e]);
    v.extend_from_slice(&0x8012u16.to_be_bytes());
    // message age 1/256 s (0.00), max age 20.5 s, hello 2.125 s (a tie: 2.12), delay 15 s.
    for t in [1u16, 20 * 256 + 128, 2 * 256 + 32, 15 * 256] {
        v.extend_from_slice(&t.to_be_bytes());
    }
    v
}

/// An MSTP (version 3) or SPB (version 4) BPDU with one MSTI.
fn mstp(version: u8) -> Vec<u8> {
    let mut v = bpdu(version, 2, 0x7c);
    v.push(0);
    v.extend_from_slice(&80u16.to_be_bytes());
    v.push(0);
    let mut name = b"region-one".to_vec();
    name.resize(32, 0);
    v.extend_from_slice(&name);
    v.extend_from_slice(&7u16.to_be_bytes());
    v.extend_from_slice(&(0..16).map(|i| i * 17).collect::<Vec<u8>>());
    v.extend_from_slice(&200_000u32.to_be_bytes());
    v.extend_from_slice(&[0x80, 0x00, 0x52, 0x54, 0x00, 0x45, 0x5f, 0x15]);
    v.push(20);
    // MSTI 5: flags Forward|Learn|Root role.
    v.extend_from_slice(&[0x38, 0x80, 0x05, 0, 0x1f, 0x27, 0xb4, 0x7d, 0x80]);
    v.extend_from_slice(&20_000u32.to_be_bytes());
    v.extend_from_slice(&[0x80, 0x90, 19]);
    if version == 4 {
        v.extend_from_slice(&85u16.to_be_bytes());
        v.push(0);
        let mut aux = b"IEEE802.1 SPB".to_vec();
        aux.resize(32, 0);
        v.extend_from_slice(&aux);
        v.extend_from_slice(&1u16.to_be_bytes());
        v.extend_from_slice(&[0x5a; 16]);
        v.extend_from_slice(&[0xdc, 0, 0x11, 0x22, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]);
        v.extend_from_slice(&(1..21).collect::<Vec<u8>>());
    }
    v
}

fn stp(b: &mut B) {
    b.add("stp v config", stp_frame(&bpdu(0, 0, 0x81)));
    b.add(
        "stp v rstp",
        stp_frame(&{
            let mut r = bpdu(2, 2, 0x3c);
            r.push(0);
            r
        }),
    );
    b.add(
        "stp v rstp alternate",
        stp_frame(&{
            let mut r = bpdu(2, 2, 0x04);
            r.push(0);
            r
        }),
    );
    b.add_cut(
        "stp v config cut in timers",
        stp_frame(&bpdu(0, 0, 1)),
        17 + 30,
    );
    b.add_cut(
        "stp v config cut in root",
        stp_frame(&bpdu(0, 0, 1)),
        17 + 35,
    );
    b.add("stp v mstp", stp_frame(&mstp(3)));
    b.add_cut("stp v mstp cut in name", stp_frame(&mstp(3)), 17 + 50);
    b.add_cut("stp v mstp cut in msti", stp_frame(&mstp(3)), 17 + 110);
    b.add("stp v spb", stp_frame(&mstp(4)));
    b.add_cut(
        "stp v spb cut in digest",
        stp_frame(&mstp(4)),
        17 + 120 + 40,
    );
}

/// A GeoNetworking common header (next header `nh`, header type `ht`) and `rest`.
fn geonet_frame(nh: u8, ht: u8, hop: u8, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![nh, ht, 0, 0];
    v.extend_from_slice(&(rest.len() as u16).to_be_bytes());
    v.extend_from_slice(&[0, hop]);
    v.extend_from_slice(&[0xc0, 0xcc, 0x00, 0x0c, 0x42, 0x69, 0x68, 0xbe]);
    v.extend_from_slice(&[0, 0, 0, 1]);
    v.extend_from_slice(&514_775_183u32.to_be_bytes());
    v.extend_from_slice(&56_605_966u32.to_be_bytes());
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(rest);
    eth([0xff; 6], MAC_A, 0x8947, &v)
}

fn geonet(b: &mut B) {
    b.add("geonet v beacon", geonet_frame(0, 0x10, 1, &[]));
    let mut tsb = vec![0x11; 32];
    tsb.extend_from_slice(&[0x13, 0x88, 0x13, 0x88, 0, 0, 0xde, 0xad, 0xbe, 0xef]);
    b.add("geonet v btp cam", geonet_frame(1, 0x51, 2, &tsb));
    let mut denm = vec![0x22; 32];
    denm.extend_from_slice(&[0x07, 0xd1, 0, 0, 1, 1, 0x55]);
    b.add("geonet v btp denm", geonet_frame(2, 0x51, 3, &denm));
    b.add(
        "geonet v btp unknown msg",
        geonet_frame(1, 0x50, 3, &[0, 1, 0, 2, 1, 77]),
    );
    b.add("geonet v btp short", geonet_frame(1, 0x10, 3, &[0, 1]));
    b.add("geonet v mh short", geonet_frame(1, 0x51, 3, &[0; 10]));
    b.add(
        "geonet v unicast",
        geonet_frame(3, 0x20, 9, &[1, 2, 3, 4, 5, 6]),
    );
    b.add("geonet v odd types", geonet_frame(0x1f, 0x39, 9, &[]));
    b.add_cut(
        "geonet v cut in position",
        geonet_frame(1, 0x51, 2, &tsb),
        14 + 22,
    );
    b.add_cut(
        "geonet v cut in btp",
        geonet_frame(1, 0x51, 2, &tsb),
        14 + 36 + 33,
    );
    let mut old = geonet_frame(0, 0x10, 1, &[]);
    old[12..14].copy_from_slice(&0x0707u16.to_be_bytes());
    b.add("geonet v old type", old);
    b.add(
        "calm fast v",
        eth([0xff; 6], MAC_A, 0x1111, &[0, 0, 1, 2, 3, 4]),
    );
    let mut short = eth([0xff; 6], MAC_A, 0x1111, &[7]);
    short.truncate(15);
    b.add("calm fast v short", short);
}

fn loopback(b: &mut B) {
    let mut reply = vec![0, 0, 1, 0, 0x2a, 0];
    reply.extend_from_slice(&[0x5a; 20]);
    b.add("loopback v reply", eth(MAC_A, MAC_A, 0x9000, &reply));
    let mut fwd = vec![8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0];
    fwd.extend_from_slice(&MAC_B);
    fwd.extend_from_slice(&[1, 0, 0x10, 0]);
    b.add("loopback v forward", eth(MAC_B, MAC_A, 0x9000, &fwd));
    b.add(
        "loopback v bogus skip",
        eth(MAC_B, MAC_A, 0x9000, &[3, 0, 1, 2, 3, 7, 0]),
    );
    b.add(
        "loopback v skip too long",
        eth(MAC_B, MAC_A, 0x9000, &[0x40, 0]),
    );
    b.add_cut("loopback v cut", eth(MAC_A, MAC_A, 0x9000, &reply), 14 + 8);
}

/// An Arista header (subtype, timescale, format/hw byte, timestamp) and an inner type and
/// payload.
fn arista_frame(sub: u16, fmt: u8, ts: &[u8], inner: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = sub.to_be_bytes().to_vec();
    v.extend_from_slice(&[1, fmt]);
    v.extend_from_slice(ts);
    v.extend_from_slice(&inner.to_be_bytes());
    v.extend_from_slice(payload);
    eth(MAC_B, MAC_A, 0xd28b, &v)
}

fn arista(b: &mut B) {
    let ip = ipv4(IP_A, IP_C, 63, &[0; 8]);
    let mut ts64 = 1_559_162_199u32.to_be_bytes().to_vec();
    ts64.extend_from_slice(&2_944_724_424u32.to_be_bytes());
    b.add("arista v 64-bit", arista_frame(1, 0x10, &ts64, 0x0800, &ip));
    let mut ts48 = 60_821u16.to_be_bytes().to_vec();
    ts48.extend_from_slice(&404_038_772u32.to_be_bytes());
    let mut tagged = vec![0x00, 0x64, 0x08, 0x00];
    tagged.extend_from_slice(&ip);
    b.add(
        "arista v 48-bit vlan",
        arista_frame(1, 0x21, &ts48, 0x8100, &tagged),
    );
    b.add(
        "arista v unknown format",
        arista_frame(1, 0x30, &ts64, 0x0800, &ip),
    );
    b.add(
        "arista v unknown subtype",
        arista_frame(9, 0x10, &ts64, 0x0800, &ip),
    );
    b.add_cut(
        "arista v cut",
        arista_frame(1, 0x10, &ts64, 0x0800, &ip),
        14 + 6,
    );
}

/// An 802.3 frame to Cisco's address with LLC/SNAP, OUI 00000c and protocol ID `pid`.
fn cisco_snap(pid: u16, payload: &[u8]) -> Vec<u8> {
    let mut llc = vec![0xaa, 0xaa, 0x03, 0, 0, 0x0c];
    llc.extend_from_slice(&pid.to_be_bytes());
    llc.extend_from_slice(payload);
    let mut v = vec![0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc];
    v.extend_from_slice(&MAC_A);
    v.extend_from_slice(&(llc.len() as u16).to_be_bytes());
    v.extend_from_slice(&llc);
    while v.len() < 60 {
        v.push(0);
    }
    v
}

/// A TLV with a 16-bit type and a 16-bit length that counts the header.
fn tlv16(t: u16, value: &[u8]) -> Vec<u8> {
    let mut v = t.to_be_bytes().to_vec();
    v.extend_from_slice(&((value.len() + 4) as u16).to_be_bytes());
    v.extend_from_slice(value);
    v
}

fn cisco(b: &mut B) {
    let mut dtp = vec![1];
    dtp.extend(tlv16(1, b"Lab\0"));
    dtp.extend(tlv16(2, &[0x81]));
    dtp.extend(tlv16(3, &[0xa5]));
    dtp.extend(tlv16(4, &MAC_B));
    dtp.extend(tlv16(9, &[1, 2]));
    b.add("dtp v", cisco_snap(0x2004, &dtp));
    let mut bad = vec![1];
    bad.extend(tlv16(2, &[1, 2]));
    b.add("dtp v bad status length", cisco_snap(0x2004, &bad));
    b.add(
        "dtp v bad tlv length",
        cisco_snap(0x2004, &[1, 0, 1, 0, 2, 0]),
    );
    b.add_cut("dtp v cut", cisco_snap(0x2004, &dtp), 22 + 12);
    let mut udld = vec![0x21, 0x01, 0x6d, 0x85];
    udld.extend(tlv16(1, b"FOC1031Z7JG"));
    udld.extend(tlv16(2, b"Gi0/1"));
    udld.extend(tlv16(3, &[0, 0, 0, 1, 0x80]));
    udld.extend(tlv16(4, &[7]));
    udld.extend(tlv16(5, &[5]));
    udld.extend(tlv16(6, b"S1"));
    udld.extend(tlv16(7, &1234u32.to_be_bytes()));
    udld.extend(tlv16(0x20, &[9, 9]));
    b.add("udld v", cisco_snap(0x0111, &udld));
    let mut zero = vec![0x21, 0x02, 0, 0];
    zero.extend_from_slice(&[0, 7, 0, 0]);
    b.add("udld v zero tlv length", cisco_snap(0x0111, &zero));
    let mut odd = vec![0x21, 0x02, 0, 0];
    odd.extend(tlv16(4, &[1, 2]));
    b.add("udld v bad interval", cisco_snap(0x0111, &odd));
    b.add_cut("udld v cut in name", cisco_snap(0x0111, &udld), 22 + 4 + 10);
    let mut addrs = vec![0, 0, 0, 3, 1, 1, 0xcc, 0, 4, 192, 0, 2, 1];
    addrs.extend_from_slice(&[2, 8, 0xaa, 0xaa, 3, 0, 0, 0, 0x86, 0xdd, 0, 16]);
    addrs.extend_from_slice(&IP6_A);
    addrs.extend_from_slice(&[9, 2, 0xab, 0xcd, 0, 2, 1, 2, 0xee]);
    let tlvs = [
        tlv16(1, b"S1"),
        tlv16(2, &addrs),
        tlv16(3, b"GigabitEthernet0/5"),
        tlv16(4, &[0, 0, 0, 0x28]),
        tlv16(5, b"Example IOS\nCopyright (c) 2024\nCompiled"),
        tlv16(6, b"cisco WS-C3560"),
        tlv16(7, &[192, 0, 2, 0, 24, 198, 51, 100, 0, 25]),
        tlv16(8, &[0, 0, 0x0c, 1, 0x12]),
        tlv16(9, b"lab"),
        tlv16(10, &[0, 5]),
        tlv16(11, &[1]),
        tlv16(14, &[1, 0, 100]),
        tlv16(15, &[0x20, 0]),
        tlv16(16, &[0x03, 0xf7]),
        tlv16(17, &1500u32.to_be_bytes()),
        tlv16(18, &[0]),
        tlv16(19, &[5]),
        tlv16(20, b"sw1.example"),
        tlv16(21, &[6, 8, 0x2b]),
        tlv16(22, &[0, 0, 0, 1, 1, 1, 0xcc, 0, 4, 10, 0, 0, 1]),
        tlv16(23, b"\x02room 1"),
        tlv16(12, &[1]),
        tlv16(0x30, &[1, 2, 3]),
        tlv16(11, &[1, 2]),
    ]
    .concat();
    let mut cdp = vec![2, 180, 0xb0, 0xbd];
    cdp.extend_from_slice(&tlvs);
    b.add("cdp v", cisco_snap(0x2000, &cdp));
    b.add_cut(
        "cdp v cut in version",
        cisco_snap(0x2000, &cdp),
        22 + 4 + 60 + 20,
    );
    let mut short = vec![2, 180, 0, 0];
    short.extend(tlv16(1, b"S1"));
    short.extend_from_slice(&[0, 3, 0, 2]);
    b.add("cdp v short tlv", cisco_snap(0x2000, &short));
    let mut long = vec![2, 180, 0, 0];
    long.extend_from_slice(&[0, 3, 0, 200, 1]);
    b.add("cdp v long tlv", cisco_snap(0x2000, &long));
    let mut bad = vec![1, 60, 0, 0];
    bad.extend(tlv16(2, &[0, 0, 0, 2, 1, 1, 0xcc, 0, 4, 1]));
    bad.extend(tlv16(7, &[1, 2, 3]));
    b.add("cdp v bad address", cisco_snap(0x2000, &bad));
}

/// A LACP actor or partner TLV.
fn lacp_actor(t: u8, sys: [u8; 6], key: u16, port: u16, state: u8) -> Vec<u8> {
    let mut v = vec![t, 20, 0x80, 0];
    v.extend_from_slice(&sys);
    v.extend_from_slice(&key.to_be_bytes());
    v.extend_from_slice(&[0x80, 0]);
    v.extend_from_slice(&port.to_be_bytes());
    v.extend_from_slice(&[state, 0, 0, 0]);
    v
}

/// An EAPOL frame of `t` around `body`.
fn eapol(t: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![1, t];
    v.extend_from_slice(&(body.len() as u16).to_be_bytes());
    v.extend_from_slice(body);
    eth([0x01, 0x80, 0xc2, 0, 0, 0x03], MAC_A, 0x888e, &v)
}

/// An EAP packet of `code` and `id` around `data`.
fn eap(code: u8, id: u8, data: &[u8]) -> Vec<u8> {
    let mut v = vec![code, id];
    v.extend_from_slice(&((data.len() + 4) as u16).to_be_bytes());
    v.extend_from_slice(data);
    v
}

fn slow_and_eap(b: &mut B) {
    let slow = [0x01, 0x80, 0xc2, 0, 0, 0x02];
    let mut lacp = vec![1, 1];
    lacp.extend(lacp_actor(1, MAC_A, 13, 22, 0x85));
    lacp.extend(lacp_actor(2, MAC_B, 13, 25, 0x3a));
    lacp.extend_from_slice(&[3, 16, 0x80, 0]);
    lacp.extend_from_slice(&[0; 12]);
    lacp.extend_from_slice(&[9, 4, 0xaa, 0xbb]);
    lacp.extend_from_slice(&[0, 0]);
    b.add("lacp v", eth(slow, MAC_A, 0x8809, &lacp));
    let mut short = vec![1, 1];
    short.extend_from_slice(&[1, 10, 0, 0, 0, 0, 0, 0, 0, 0]);
    short.extend_from_slice(&[3, 1]);
    b.add("lacp v bad lengths", eth(slow, MAC_A, 0x8809, &short));
    b.add(
        "lacp v tlv too long",
        eth(slow, MAC_A, 0x8809, &[1, 1, 1, 200]),
    );
    b.add_cut("lacp v cut", eth(slow, MAC_A, 0x8809, &lacp), 14 + 2 + 12);
    let mut marker = vec![2, 1, 1, 16, 0, 22];
    marker.extend_from_slice(&MAC_A);
    marker.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0]);
    b.add("marker v", eth(slow, MAC_A, 0x8809, &marker));
    b.add("eapol v identity request", eapol(0, &eap(1, 5, &[1])));
    let mut id = vec![1];
    id.extend_from_slice(b"user@example.org");
    b.add("eapol v identity response", eapol(0, &eap(2, 5, &id)));
    b.add("eapol v nak", eapol(0, &eap(2, 6, &[3, 13, 21, 99])));
    b.add("eapol v tls start", eapol(0, &eap(1, 7, &[13, 0x20])));
    b.add(
        "eapol v ttls length",
        eapol(0, &eap(1, 8, &[21, 0xc1, 0, 0, 4, 0])),
    );
    b.add("eapol v fast short", eapol(0, &eap(1, 8, &[43, 0x81])));
    b.add("eapol v sim start", eapol(0, &eap(2, 9, &[18, 10, 0, 0])));
    b.add(
        "eapol v notification",
        eapol(0, &eap(1, 9, &[2, b'h', b'i', 0, b'x'])),
    );
    b.add("eapol v success", eapol(0, &eap(3, 9, &[])));
    b.add("eapol v fragment", eapol(0, &[1, 1, 0, 40, 1]));
    b.add("eapol v empty", eapol(0, &[]));
    b.add("eapol v short eap", eapol(0, &[1, 1, 0, 3]));
    b.add_cut("eapol v cut", eapol(0, &eap(2, 5, &id)), 14 + 4 + 10);
}

/// An Ethernet frame with IPv4 and UDP from `sport` to `dport` around `payload`.
pub(super) fn v4udp(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(IP_A, IP_C, 17, &udp(sport, dport, &IP_A, &IP_C, payload)),
    )
}

fn udp_apps(b: &mut B) {
    // BCM LI: an undecided shim carrying IPv4, one carrying IPv6, one an Ethernet frame.
    let inner = ipv4(IP_C, IP_A, 17, &udp(5353, 53, &IP_C, &IP_A, &[0; 12]));
    let mut li = vec![0x68, 0x01, 0x04, 0x6a];
    li.extend_from_slice(&inner);
    b.add("bcm li v ipv4", v4udp(49152, 49153, &li));
    let mut li6 = vec![0x4c, 0x00, 0x00, 0x07];
    li6.extend_from_slice(&ipv6(IP6_A, IP6_B, 59, 64, &[]));
    b.add("bcm li v ipv6", v4udp(49152, 49153, &li6));
    let mut lie = vec![0x4e, 0x00, 0x00, 0x08];
    lie.extend_from_slice(&eth(MAC_A, MAC_B, 0x0800, &inner));
    b.add("bcm li v ether", v4udp(49152, 49153, &lie));
    b.add(
        "bcm li v unknown payload",
        v4udp(49152, 49153, &[0x68, 0, 0, 1, 0x99]),
    );
    b.add(
        "bcm li v bad type",
        v4udp(49152, 49153, &[0x60, 0, 0, 1, 0x99]),
    );
    // Geneve with two options (one critical) and an inner Ethernet frame.
    let mut g = vec![0x05, 0x40, 0x65, 0x58, 0, 0, 0x0a, 0];
    g.extend_from_slice(&[0, 0, 0x80, 1, 0, 0, 0, 0x0c]);
    g.extend_from_slice(&[0x01, 0x02, 0x07, 2, 1, 2, 3, 4, 5, 6, 7, 8]);
    g.extend_from_slice(&eth(MAC_A, MAC_B, 0x0800, &inner)[..34]);
    b.add("geneve v options", v4udp(12618, 6081, &g));
    let mut bad = vec![0x01, 0x00, 0x08, 0x00, 0, 0, 0x0b, 0];
    bad.extend_from_slice(&[0xff, 0xf3, 0x01, 5]);
    bad.extend_from_slice(&ipv4(IP_C, IP_A, 59, &[]));
    b.add("geneve v bad option length", v4udp(12618, 6081, &bad));
}

/// A DCCP header (ports 39420 > 5001) of type `t` with a 48-bit sequence number, the fields
/// after it `rest` and options `opts`, checksum over the IPv4 or IPv6 pseudo-header.
fn dccp(t: u8, cscov: u8, rest: &[u8], opts: &[u8], v6: bool) -> Vec<u8> {
    let hlen = 16 + rest.len() + opts.len();
    let mut v = 39420u16.to_be_bytes().to_vec();
    v.extend_from_slice(&5001u16.to_be_bytes());
    v.push((hlen / 4) as u8);
    v.push(0x20 | cscov);
    v.extend_from_slice(&[0, 0]);
    v.extend_from_slice(&[(t << 1) | 1, 0, 0, 0x08, 0xf4, 0x3a, 0x3c, 0x7e]);
    v.extend_from_slice(rest);
    v.extend_from_slice(opts);
    v.extend_from_slice(b"payload!");
    let (src, dst): (&[u8], &[u8]) = if v6 { (&IP6_A, &IP6_B) } else { (&IP_A, &IP_C) };
    let cov = if cscov == 0 {
        v.len()
    } else {
        ((hlen / 4 + cscov as usize - 1) * 4).min(v.len())
    };
    let mut acc = sum16(src, 0);
    acc = sum16(dst, acc) + 33 + v.len() as u32;
    let c = fold(sum16(&v[..cov], acc));
    v[6..8].copy_from_slice(&c.to_be_bytes());
    if v6 {
        eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 33, 64, &v))
    } else {
        eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_C, 33, &v))
    }
}

fn dccp_and_mpls(b: &mut B) {
    let opts = [
        32, 4, 5, 2, // change_l ack_ratio 2
        34, 3, 1, // change_r ccid
        0, 1, // nop, mandatory
        36, 4, 0xab, 0xcd, // initcookie
        41, 6, 0, 0, 0x30, 0x39, // timestamp
        42, 8, 0, 0, 0, 1, 0, 2, // timestamp echo with elapsed time
        43, 4, 0, 9, // elapsed time
        44, 6, 1, 2, 3, 4, // data checksum
        130, 4, 0, 7, // CCID option
        37, 3, 9, // ndp_count
        2, 0, 0, // slowreceiver, padding
    ];
    b.add(
        "dccp v request opts",
        dccp(0, 0, &[0, 0, 0, 5], &opts, false),
    );
    b.add(
        "dccp v response cscov",
        dccp(
            1,
            1,
            &[0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0],
            &[0, 0, 0, 0],
            false,
        ),
    );
    b.add(
        "dccp v ack ipv6 cscov",
        dccp(
            3,
            2,
            &[0, 0, 0, 0, 0, 9, 0, 1],
            &[41, 5, 0, 0, 0, 0, 0, 0],
            true,
        ),
    );
    b.add(
        "dccp v reset bad option",
        dccp(7, 0, &[0; 12], &[33, 1, 0, 0, 200, 9, 0, 0], false),
    );
    b.add("dccp v bad checksum", {
        let mut f = dccp(2, 0, &[], &[], false);
        f[14 + 20 + 7] ^= 0xff;
        f
    });
    b.add_cut(
        "dccp v cut in options",
        dccp(0, 0, &[0, 0, 0, 5], &opts, false),
        14 + 20 + 20 + 8,
    );
    // MPLS: two labels (the first a reserved one) over IPv4, and an explicit-NULL IPv6 one.
    let mut m = vec![0x00, 0x00, 0x10, 0x40, 0x00, 0x40, 0x01, 0x3f];
    m.extend_from_slice(&ipv4(IP_A, IP_C, 59, &[]));
    b.add("mpls v two labels", eth(MAC_B, MAC_A, 0x8847, &m));
    let mut m6 = vec![0x00, 0x00, 0x21, 0x40];
    m6.extend_from_slice(&ipv6(IP6_A, IP6_B, 59, 64, &[]));
    b.add("mpls v ipv6 null", eth(MAC_B, MAC_A, 0x8847, &m6));
}

/// An LLDP TLV: 7-bit type, 9-bit length.
fn lldp_tlv(t: u16, value: &[u8]) -> Vec<u8> {
    let mut v = ((t << 9) | value.len() as u16).to_be_bytes().to_vec();
    v.extend_from_slice(value);
    v
}

/// An organisation-specific LLDP TLV.
fn lldp_org(oui: [u8; 3], sub: u8, value: &[u8]) -> Vec<u8> {
    let mut v = oui.to_vec();
    v.push(sub);
    v.extend_from_slice(value);
    lldp_tlv(127, &v)
}

/// An LLDP frame around `tlvs` (an End TLV appended).
fn lldp_frame(tlvs: &[Vec<u8>]) -> Vec<u8> {
    let mut v: Vec<u8> = tlvs.concat();
    v.extend_from_slice(&[0, 0]);
    eth([0x01, 0x80, 0xc2, 0, 0, 0x0e], MAC_A, 0x88cc, &v)
}

fn lldp(b: &mut B) {
    const IEEE1: [u8; 3] = [0x00, 0x80, 0xc2];
    const IEEE3: [u8; 3] = [0x00, 0x12, 0x0f];
    let mut chassis = vec![4];
    chassis.extend_from_slice(&MAC_A);
    let mut mgmt = vec![5, 1, 192, 0, 2, 1, 2, 0, 0, 0, 3, 4];
    mgmt.extend_from_slice(b"\x2b\x06\x01\x04");
    let basic = vec![
        lldp_tlv(1, &chassis),
        lldp_tlv(2, b"\x05eth0"),
        lldp_tlv(3, &[0, 120]),
        lldp_tlv(4, b"uplink port"),
        lldp_tlv(5, b"switch-1"),
        lldp_tlv(6, b"Example OS 1.0"),
        lldp_tlv(7, &[0, 0x14, 0, 0x04]),
        lldp_tlv(8, &mgmt),
    ];
    b.add("lldp v basic", lldp_frame(&basic));
    b.add_cut("lldp v basic cut in name", lldp_frame(&basic), 14 + 40);
    let mut net = vec![
        lldp_tlv(
            1,
            &[
                5, 2, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
            ],
        ),
        lldp_tlv(2, &[4, 6, 2, 0, 0, 0, 0, 0xaa]),
        lldp_tlv(2, &[9, 1, 2, 3]),
        lldp_tlv(8, &[2, 0, 0, 2, 0, 0, 0, 7]),
        lldp_tlv(9, &[1, 2, 3]),
        lldp_tlv(3, &[1]),
    ];
    b.add("lldp v addresses", lldp_frame(&net));
    net.truncate(3);
    net.push(lldp_tlv(1, &[5, 1, 10]));
    b.add("lldp v short address", lldp_frame(&net));
    let mut ets = vec![0x83, 0x01, 0x23, 0x45, 0x67];
    ets.extend_from_slice(&[12, 13, 25, 0, 50, 0, 0, 100]);
    ets.extend_from_slice(&[2, 2, 2, 0, 2, 0, 0, 255]);
    let dcb = vec![
        lldp_org(IEEE1, 1, &[0, 5]),
        lldp_org(IEEE1, 2, &[0x06, 0, 7]),
        lldp_org(IEEE1, 3, &[0, 10, 4, b'v', b'l', b'1', b'0']),
        lldp_org(IEEE1, 4, &[3, 0x88, 0x8e, 1]),
        lldp_org(IEEE1, 7, &[3, 0, 0, 0, 9]),
        lldp_org(IEEE1, 8, &[0x0a, 0x81]),
        lldp_org(IEEE1, 9, &ets),
        lldp_org(IEEE1, 10, &ets),
        lldp_org(IEEE1, 11, &[0xc8, 0x18]),
        lldp_org(IEEE1, 12, &[0, 0x61, 0x89, 0x06, 0x83, 0x0c, 0xbc]),
        lldp_org(IEEE1, 13, &[0x07, 0x0d, 0x25, 0x4a, 0xb3]),
        lldp_org(IEEE1, 14, &[0x88, 0, 0, 0x05, 0, 1, 0x01, 0x00, 0x02, 0x0a]),
        lldp_org(IEEE1, 99, &[1, 2]),
    ];
    b.add("lldp v ieee 802.1", lldp_frame(&dcb));
    b.add_cut("lldp v ieee 802.1 cut", lldp_frame(&dcb), 14 + 70);
    let short = vec![
        lldp_org(IEEE1, 3, &[0, 10, 9, b'v']),
        lldp_org(IEEE1, 12, &[0, 1, 2]),
        lldp_org(IEEE1, 9, &[0x83]),
        lldp_tlv(127, &[0, 0x80]),
    ];
    b.add("lldp v ieee 802.1 short", lldp_frame(&short));
    let mut mud = vec![1];
    mud.extend_from_slice(b"https://example.org/mud");
    let dot3 = vec![
        lldp_org(IEEE3, 1, &[0x03, 0x6c, 0x01, 0x00, 0x1e]),
        lldp_org(IEEE3, 2, &[0x0f, 1, 3]),
        lldp_org(IEEE3, 3, &[1, 0, 0, 0, 0]),
        lldp_org(IEEE3, 4, &[0x05, 0xee]),
        lldp_org(IEEE3, 7, &[1]),
        lldp_org([0, 0, 0x5e], 1, &mud[1..]),
        lldp_org([0, 0, 0x5e], 2, &[1, 2, 3, 4]),
        lldp_org([0x00, 0x1b, 0x21], 1, &[1, 2, 3]),
    ];
    let mut pg = vec![0, 0, 0xc0, 0, 0x01, 0x23, 0x45, 0x67];
    pg.extend_from_slice(&[10, 10, 20, 20, 10, 10, 10, 10, 8]);
    let dcbx_tlvs = [
        lldp_tlv(1, &[0, 0, 0, 0, 0, 7, 0, 0, 0, 6]),
        lldp_tlv(2, &pg),
        lldp_tlv(3, &[0, 0, 0x80, 0, 0x28, 8]),
        lldp_tlv(4, &[0, 0, 0xa0, 0, 0x89, 0x06, 0x00, 0x1b, 0x21, 0x08]),
        lldp_tlv(9, &[1, 2]),
    ]
    .concat();
    let dcbx = vec![lldp_org([0x00, 0x1b, 0x21], 2, &dcbx_tlvs)];
    b.add("lldp v ieee 802.3 and iana", lldp_frame(&dot3));
    b.add("lldp v dcbx", lldp_frame(&dcbx));
    b.add("lldp v zero length", lldp_frame(&[lldp_tlv(5, &[])]));
}
