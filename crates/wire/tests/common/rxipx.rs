//! The fixtures of the AFS RX, IPX, (in [`decnet`]) DECnet and (in [`isis`]) IS-IS printers, built byte by byte.
//!
//! RX: every packet type, a call and its reply for each AFS service tcpdump decodes, acks with
//! runs of acknowledged packets, on UDP ports 7000 to 7009, in the order of real conversations
//! (tcpdump prints a reply only after the call it answers), with truncated variants. IPX: its
//! three framings, SAP, RIP and the sockets printed by length, with invalid and cut variants.

use super::*;

mod decnet;
mod isis;
pub use decnet::decnet_fixture_packets;
pub use isis::isis_fixture_packets;

/// Client and server.
const CLIENT: [u8; 4] = [192, 0, 2, 21];
const SERVER: [u8; 4] = [192, 0, 2, 59];

/// The RX packet types and flags.
const DATA: u8 = 1;
const ACK: u8 = 2;
const ABORT: u8 = 4;
const CLIENT_INIT: u8 = 1;

/// A 32-bit word.
fn w(v: u32) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

/// Words.
fn ws(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_be_bytes()).collect()
}

/// An XDR string: its length, the bytes, padding to a word.
fn xstr(s: &str) -> Vec<u8> {
    let mut v = w(s.len() as u32);
    v.extend_from_slice(s.as_bytes());
    while v.len() % 4 != 0 {
        v.push(0);
    }
    v
}

/// A name sent as `max` words of one character each.
fn vecs(s: &str, max: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for i in 0..max {
        v.extend(w(u32::from(*s.as_bytes().get(i).unwrap_or(&0))));
    }
    v
}

/// An RX header.
fn rx(call: u32, seq: u32, ty: u8, flags: u8, service: u16) -> Vec<u8> {
    let mut v = ws(&[0x3826_5ab1, 0x9c1d_e380 | call, call, seq, 100 + call]);
    v.extend_from_slice(&[ty, flags, 0, 2, 0, 0]);
    v.extend_from_slice(&service.to_be_bytes());
    v
}

/// Builds the fixture's packets.
struct B {
    pkts: Vec<Pkt>,
    ts: u64,
}

impl B {
    /// An Ethernet frame with `payload` in UDP from the client's port `cport` to the server's
    /// `sport` (`to_server`) or back, its capture cut to `cut` bytes of RX when not 0.
    fn add(
        &mut self,
        name: &'static str,
        to_server: bool,
        cport: u16,
        sport: u16,
        payload: &[u8],
        cut: usize,
    ) {
        let (src, dst, a, b) = if to_server {
            (CLIENT, SERVER, cport, sport)
        } else {
            (SERVER, CLIENT, sport, cport)
        };
        let mut data = eth(MAC_B, MAC_A, 0x0800, &v4udp(src, dst, a, b, payload));
        let orig_len = data.len() as u32;
        if cut != 0 {
            data.truncate(14 + 20 + 8 + cut);
        }
        self.ts += 1_000_000;
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: self.ts,
            strict: false,
        });
    }

    /// A call of `op` to the service on port `port` (call number `call`), then its `args`.
    fn call(&mut self, name: &'static str, call: u32, port: u16, op: u32, args: &[u8]) {
        let mut p = rx(call, 1, DATA, CLIENT_INIT | 2, 1);
        p.extend(w(op));
        p.extend_from_slice(args);
        self.add(name, true, 7001, port, &p, 0);
    }

    /// The reply (`ty` data or abort) to call `call` from the service on port `port`.
    fn reply(&mut self, name: &'static str, call: u32, port: u16, ty: u8, body: &[u8]) {
        let mut p = rx(call, 1, ty, 4, 1);
        p.extend_from_slice(body);
        self.add(name, false, 7001, port, &p, 0);
    }
}

/// A file identifier.
fn fid(a: u32, b: u32, c: u32) -> Vec<u8> {
    ws(&[a, b, c])
}

/// The store attributes: mask, date, owner, group, mode, segment size.
fn store(mask: u32) -> Vec<u8> {
    ws(&[mask, 942_356_784, 501, 0, 0o40755, 0])
}

fn fs_packets(b: &mut B) {
    let f = fid(536_871_098, 846, 1_049_757);
    b.call(
        "rx fs fetch-data",
        10,
        7000,
        130,
        &[f.clone(), ws(&[0, 4096])].concat(),
    );
    b.reply("rx fs fetch-data reply", 10, 7000, DATA, &ws(&[0, 0]));
    b.call(
        "rx fs makedir",
        11,
        7000,
        141,
        &[f.clone(), xstr("tmpdir"), store(0x40d)].concat(),
    );
    b.reply(
        "rx fs makedir reply",
        11,
        7000,
        DATA,
        &fid(1, 677, 1_097_448),
    );
    b.call("rx fs fetch-status", 12, 7000, 132, &f);
    b.reply("rx fs abort", 12, 7000, ABORT, &w(102));
    b.call("rx fs fetch-acl", 13, 7000, 131, &f);
    let acl = "2 1\nsystem:administrators 127\nalice 9\nbob 4\n";
    b.reply(
        "rx fs fetch-acl reply",
        13,
        7000,
        DATA,
        &[w(acl.len() as u32), acl.as_bytes().to_vec()].concat(),
    );
    b.call(
        "rx fs rename",
        14,
        7000,
        138,
        &[f.clone(), xstr("old"), fid(1, 2, 3), xstr("new name")].concat(),
    );
    b.call(
        "rx fs symlink",
        15,
        7000,
        139,
        &[f.clone(), xstr("rotcel"), xstr("#root.cell.")].concat(),
    );
    b.call(
        "rx fs link",
        16,
        7000,
        140,
        &[f.clone(), xstr("l"), fid(4, 5, 6)].concat(),
    );
    b.call(
        "rx fs bulk-stat",
        17,
        7000,
        155,
        &[w(2), f.clone(), fid(7, 8, 9)].concat(),
    );
    b.call("rx fs bulk-stat none", 18, 7000, 155, &w(0));
    b.call(
        "rx fs store-data-64",
        19,
        7000,
        65538,
        &[f.clone(), store(0x16), ws(&[0, 1, 0, 2, 1, 0])].concat(),
    );
    b.call("rx fs get-time", 20, 7000, 153, &[]);
    b.reply(
        "rx fs get-time reply",
        20,
        7000,
        DATA,
        &ws(&[942_356_784, 0]),
    );
    b.call("rx fs op unknown", 21, 7000, 999, &f);
    b.reply("rx fs strange reply", 21, 7000, 3, &w(0));
    b.call(
        "rx fs store-acl",
        22,
        7000,
        134,
        &[f.clone(), w(8), b"1 0\nx 1\n".to_vec()].concat(),
    );
    // Cut: a name longer than the service allows; a name cut by the capture; a field cut
    // by the capture.
    b.call(
        "rx fs name too long",
        23,
        7000,
        136,
        &[f.clone(), w(300), vec![b'a'; 300]].concat(),
    );
    let mut p = rx(24, 1, DATA, CLIENT_INIT, 1);
    p.extend([w(136), f.clone(), xstr("a-long-file-name")].concat());
    b.add("rx fs name cut", true, 7001, 7000, &p, 52);
    let mut p = rx(25, 1, DATA, CLIENT_INIT, 1);
    p.extend([w(130), f.clone(), ws(&[0, 4096])].concat());
    b.add("rx fs offset cut", true, 7001, 7000, &p, 46);
    let mut p = rx(26, 1, DATA, CLIENT_INIT, 1);
    p.extend([w(132), f].concat());
    b.add("rx fs fid cut", true, 7001, 7000, &p, 40);
}

fn cb_packets(b: &mut B) {
    b.call(
        "rx cb callback",
        30,
        7001,
        204,
        &[w(1), fid(536_871_098, 1, 1), w(1), ws(&[1, 942_356_784, 1])].concat(),
    );
    let uuid = ws(&[0x1234_5678, 0x9abc, 0xdef0, 1, 2, 3, 4, 5, 6, 0x1a7, 0xff]);
    b.call("rx cb probeuuid", 31, 7001, 214, &uuid);
    b.call("rx cb initcb3", 32, 7001, 213, &[]);
    b.reply("rx cb initcb3 reply", 32, 7001, DATA, &uuid);
    b.reply("rx cb probeuuid abort", 31, 7001, ABORT, &w(0xffff_fff0));
}

fn pt_packets(b: &mut B) {
    b.call(
        "rx pt name-to-id",
        40,
        7002,
        504,
        &[w(2), vecs("alice", 64), vecs("bob", 64)].concat(),
    );
    b.reply(
        "rx pt name-to-id reply",
        40,
        7002,
        DATA,
        &ws(&[2, 1000, 1001]),
    );
    b.call("rx pt id-to-name", 41, 7002, 505, &ws(&[1, 0xffff_ff00]));
    b.reply(
        "rx pt id-to-name reply",
        41,
        7002,
        DATA,
        &[w(1), vecs("sys\x01admin", 64)].concat(),
    );
    b.call("rx pt name-to-id none", 42, 7002, 504, &w(0));
    b.call("rx pt list-max", 43, 7002, 510, &[]);
    b.reply(
        "rx pt list-max reply",
        43,
        7002,
        DATA,
        &ws(&[1200, 0xffff_fe00]),
    );
    b.call(
        "rx pt new-user",
        44,
        7002,
        500,
        &[xstr("carol"), ws(&[0, 0])].concat(),
    );
    b.call(
        "rx pt same-mbr-of",
        45,
        7002,
        515,
        &ws(&[1000, 0xffff_ff9c]),
    );
    b.reply("rx pt same-mbr-of abort", 45, 7002, ABORT, &w(267_268));
    b.call(
        "rx pt ubik beacon",
        46,
        7002,
        10000,
        &ws(&[1, 942_356_784, 942_356_000, 7, 942_356_000, 8]),
    );
    b.reply("rx pt ubik beacon yes", 46, 7002, ABORT, &w(942_356_900));
    b.call("rx pt ubik getversion", 47, 7002, 20004, &[]);
    b.reply(
        "rx pt ubik getversion reply",
        47,
        7002,
        DATA,
        &ws(&[942_356_000, 9]),
    );
    b.call(
        "rx pt ubik lock",
        48,
        7002,
        20002,
        &ws(&[1, 2, 0, 0, 16, 2]),
    );
}

/// An old-form volume location entry (8 servers).
fn vl_entry(servers: u32) -> Vec<u8> {
    let mut v = vecs("root.cell", 65);
    v.extend(w(0));
    v.extend(w(servers));
    for i in 0..8u32 {
        v.extend_from_slice(&[192, 0, 2, 100 + i as u8]);
    }
    v.extend(ws(&[0, 1, 2, 27, 0, 0, 0, 0]));
    v.extend(ws(&[0; 8]));
    v.extend(ws(&[536_870_915, 536_870_916, 536_870_917]));
    v
}

/// A new-form entry (13 servers).
fn vl_entry_n(servers: u32) -> Vec<u8> {
    let mut v = vecs("root.afs", 65);
    v.extend(w(servers));
    for i in 0..13u32 {
        v.extend_from_slice(&[198, 51, 100, i as u8]);
    }
    v.extend(ws(&[0, 3, 5, 26, 30, 0, 0, 0, 0, 0, 0, 0, 0]));
    v.extend(ws(&[0; 13]));
    v.extend(ws(&[536_870_912, 536_870_913, 536_870_914]));
    v
}

fn vldb_packets(b: &mut B) {
    b.call(
        "rx vldb get-entry-by-name",
        50,
        7003,
        504,
        &xstr("root.cell"),
    );
    b.reply(
        "rx vldb get-entry-by-name reply",
        50,
        7003,
        DATA,
        &vl_entry(3),
    );
    b.call(
        "rx vldb get-entry-by-id-n",
        51,
        7003,
        518,
        &ws(&[536_870_915, 1]),
    );
    b.reply(
        "rx vldb get-entry-by-id-n reply",
        51,
        7003,
        DATA,
        &vl_entry_n(5),
    );
    b.call(
        "rx vldb get-entry-by-id",
        52,
        7003,
        503,
        &ws(&[536_870_915, 7]),
    );
    b.reply("rx vldb abort", 52, 7003, ABORT, &w(363_524));
    b.call(
        "rx vldb replace-entry",
        53,
        7003,
        506,
        &[ws(&[1, 2]), vecs("v", 65)].concat(),
    );
    b.call("rx vldb list-entry", 54, 7003, 510, &w(3));
    let mut cut = ws(&[4, 5]);
    cut.extend(vl_entry(2));
    b.reply("rx vldb list-entry reply", 54, 7003, DATA, &cut);
    // The reply cut inside its servers: ` [|vldb]`.
    b.call("rx vldb get-entry-by-name 2", 55, 7003, 504, &xstr("x"));
    let mut p = rx(55, 1, DATA, 0, 1);
    p.extend(vl_entry(3));
    b.add("rx vldb reply cut", false, 7001, 7003, &p, 28 + 260 + 12);
}

fn kauth_vol_bos_packets(b: &mut B) {
    b.call(
        "rx kauth authenticate",
        60,
        7004,
        21,
        &[xstr("admin"), xstr("")].concat(),
    );
    b.reply("rx kauth abort", 60, 7004, ABORT, &w(180_490));
    b.call(
        "rx kauth get-ticket",
        61,
        7004,
        23,
        &[
            w(3),
            xstr("EXAMPLE.ORG"),
            w(5),
            vec![1, 2, 3, 4, 5, 0, 0, 0],
            xstr("afs"),
            xstr(""),
        ]
        .concat(),
    );
    b.reply("rx kauth get-ticket reply", 61, 7004, DATA, &w(0));
    b.call(
        "rx vol list-one-volume",
        62,
        7005,
        121,
        &ws(&[1, 536_870_915]),
    );
    let mut one = w(1);
    one.extend(vecs("root.cell", 32));
    one.extend(w(536_870_915));
    one.extend(ws(&[0; 21]));
    b.reply("rx vol list-one-volume reply", 62, 7005, DATA, &one);
    b.call(
        "rx vol forward",
        63,
        7005,
        103,
        &ws(&[7, 942_356_784, 0xc000_0265, 7005, 0, 3]),
    );
    b.call("rx vol get-status", 64, 7005, 113, &w(7));
    b.reply(
        "rx vol get-status reply",
        64,
        7005,
        DATA,
        &ws(&[
            1,
            2,
            0,
            3,
            4,
            5,
            6,
            7,
            8,
            9,
            942_356_784,
            942_356_785,
            942_356_786,
            0,
            1,
            2,
        ]),
    );
    b.call(
        "rx bos create-bnode",
        65,
        7007,
        80,
        &[xstr("simple"), xstr("fs")].concat(),
    );
    b.reply("rx bos abort", 65, 7007, ABORT, &w(39_424));
    b.call("rx bos get-status", 66, 7007, 83, &xstr("vlserver"));
    b.reply("rx bos get-status reply", 66, 7007, DATA, &w(1));
}

/// An ack packet: first packet, serial, reason and the ack bytes, then (`trailer`) the MTUs
/// and window.
fn ack(first: u32, reason: u8, acks: &[u8], trailer: bool) -> Vec<u8> {
    let mut v = rx(70, 0, ACK, 0x20, 1);
    v.extend_from_slice(&[0, 32, 0, 5]);
    v.extend(ws(&[first, first - 1, 347]));
    v.push(reason);
    v.push(acks.len() as u8);
    v.extend_from_slice(acks);
    v.extend_from_slice(&[0, 0, 0]);
    if trailer {
        v.extend(ws(&[1444, 1444, 32, 4]));
    }
    v
}

fn rx_packets(b: &mut B) {
    b.add("rx ack", true, 7001, 7000, &ack(2, 8, &[], true), 0);
    b.add(
        "rx ack runs",
        false,
        7001,
        7000,
        &ack(5, 1, &[1, 1, 1, 0, 0, 1, 0, 1, 1], false),
        0,
    );
    b.add(
        "rx ack reason unknown",
        true,
        7001,
        7000,
        &ack(1, 42, &[0, 1, 0], true),
        0,
    );
    b.add(
        "rx ack acks cut",
        true,
        7001,
        7000,
        &ack(1, 1, &[1; 40], false),
        50,
    );
    b.add("rx ack cut", true, 7001, 7000, &ack(1, 1, &[], false), 40);
    for (name, ty) in [
        ("rx busy", 3u8),
        ("rx ackall", 5),
        ("rx challenge", 6),
        ("rx response", 7),
        ("rx debug", 8),
        ("rx params", 9),
        ("rx version", 13),
        ("rx type unknown", 200),
    ] {
        let mut p = rx(80, 0, ty, 0x3f, 3);
        p.extend(ws(&[0, 1]));
        b.add(name, true, 7001, 7000, &p, 0);
    }
    // A second data packet of a call, and data to a port of no service.
    b.add("rx data seq 2", true, 7001, 7000, &rx(81, 2, DATA, 1, 1), 0);
    let mut p = rx(82, 1, DATA, 1, 1);
    p.extend(w(1));
    b.add("rx data port 7009", true, 7009, 7009, &p, 0);
    b.add(
        "rx header cut",
        true,
        7001,
        7000,
        &rx(83, 1, DATA, 1, 1),
        20,
    );
    let mut p = rx(84, 1, DATA, 1, 1);
    p.extend(w(130));
    b.add("rx op cut", true, 7001, 7000, &p, 30);
}

/// Kerberos (UDP port 88, before RX in tcpdump's port chain): versions 1 to 5, Kerberos 4's
/// messages in both byte orders, strings cut by the capture.
fn krb_packets(b: &mut B) {
    let hdr = |t: u8| [vec![4, t], b"alice\0\0EXAMPLE.ORG\0".to_vec()].concat();
    let cases: Vec<(&'static str, Vec<u8>, usize)> = vec![
        ("krb v5", vec![0x6a, 0x81, 0x8c, 0x30], 0),
        ("krb v5 rep", vec![0x6b, 0x00], 0),
        ("krb v2", vec![2, 0], 0),
        ("krb other", vec![0x30, 0], 0),
        (
            "krb4 kdc request",
            [
                hdr(2),
                vec![1, 2, 3, 4, 96],
                b"krbtgt\0EXAMPLE.ORG\0".to_vec(),
            ]
            .concat(),
            0,
        ),
        (
            "krb4 appl request",
            [vec![4, 7, 9], b"REALM\0".to_vec(), vec![3, 200]].concat(),
            0,
        ),
        (
            "krb4 kdc reply le",
            [hdr(5), vec![0; 10], vec![0x34, 0x12]].concat(),
            0,
        ),
        (
            "krb4 err reply",
            [hdr(10), vec![0; 4], vec![0, 8, 0, 0], b"who?\0".to_vec()].concat(),
            0,
        ),
        (
            "krb4 err reply unknown",
            [hdr(10), vec![0; 4], vec![0, 99, 0, 0], b"x\0".to_vec()].concat(),
            0,
        ),
        ("krb4 die", vec![4, 126, 0, 0], 0),
        ("krb4 unknown type", vec![4, 40, 0, 0], 0),
        ("krb4 kdc request cut", hdr(2), 6),
    ];
    for (name, payload, cut) in cases {
        b.add(name, true, 1799, 88, &payload, cut);
    }
}

/// The RX fixture.
pub fn rx_fixture_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        ts: 1_700_000_000_000_000_000,
    };
    fs_packets(&mut b);
    cb_packets(&mut b);
    pt_packets(&mut b);
    vldb_packets(&mut b);
    kauth_vol_bos_packets(&mut b);
    rx_packets(&mut b);
    krb_packets(&mut b);
    b.pkts
}

/// An IPX packet: checksum 0xffff, length, hops, type, then destination and source
/// (network, node, socket) and `data`.
fn ipx(dst: (u32, [u8; 6], u16), src: (u32, [u8; 6], u16), data: &[u8]) -> Vec<u8> {
    ipx_len(dst, src, data, 30 + data.len() as u16)
}

/// [`ipx`] with the length field given.
fn ipx_len(dst: (u32, [u8; 6], u16), src: (u32, [u8; 6], u16), data: &[u8], len: u16) -> Vec<u8> {
    let mut v = vec![0xff, 0xff];
    v.extend_from_slice(&len.to_be_bytes());
    v.extend_from_slice(&[0, 4]);
    for (net, node, skt) in [dst, src] {
        v.extend(w(net));
        v.extend_from_slice(&node);
        v.extend_from_slice(&skt.to_be_bytes());
    }
    v.extend_from_slice(data);
    v
}

/// An 802.3 frame (length field) with `payload`.
fn dot3(payload: &[u8]) -> Vec<u8> {
    eth(BCAST, MAC_A, payload.len() as u16, payload)
}

/// A SAP service entry: type, 48-byte name, network, node, socket, hops.
fn sap_entry(t: u16, name: &str, net: u32) -> Vec<u8> {
    let mut v = t.to_be_bytes().to_vec();
    let mut n = name.as_bytes().to_vec();
    n.resize(48, 0);
    v.extend(n);
    v.extend(w(net));
    v.extend_from_slice(&MAC_B);
    v.extend_from_slice(&[0x04, 0x51, 0, 1]);
    v
}

/// The IPX fixture: 802.2, "raw" 802.3 and Ethernet II framings; SAP, RIP, the sockets
/// printed by length, EIGRP over IPX; invalid lengths and cut captures.
pub fn ipx_fixture_packets() -> Vec<Pkt> {
    let bc = (0u32, BCAST, 0x0452u16);
    let me = (0xa8f8_7967u32, MAC_A, 0x4008u16);
    let rip = |cmd: u16, routes: &[(u32, u16, u16)]| {
        let mut v = cmd.to_be_bytes().to_vec();
        for &(n, h, t) in routes {
            v.extend(w(n));
            v.extend_from_slice(&h.to_be_bytes());
            v.extend_from_slice(&t.to_be_bytes());
        }
        v
    };
    let rip_bc = (0u32, BCAST, 0x0453u16);
    let llc = |p: Vec<u8>| dot3(&[vec![0xe0, 0xe0, 0x03], p].concat());
    let sap_resp = [
        vec![0, 2],
        sap_entry(0x030c, "0030C1BF575580D0NPIBF5755", 0),
        sap_entry(
            0x064e,
            "EKTA!!!\x01!A5569B20ABE511CE9CA400004C762832XXXX",
            0x0102_0304,
        ),
    ]
    .concat();
    let frames: Vec<(&'static str, Vec<u8>, usize)> = vec![
        (
            "ipx 802.2 netbios",
            llc(ipx((0, BCAST, 0x0455), me, &[0; 20])),
            0,
        ),
        ("ipx raw sap resp", dot3(&ipx(bc, me, &sap_resp)), 0),
        (
            "ipx ethii rip req",
            eth(
                BCAST,
                MAC_A,
                0x8137,
                &ipx(rip_bc, me, &rip(1, &[(0xffff_ffff, 0, 0)])),
            ),
            0,
        ),
        (
            "ipx rip resp",
            llc(ipx(
                rip_bc,
                me,
                &rip(2, &[(0xa8f8_7967, 1, 2), (0x0000_0010, 16, 500)]),
            )),
            0,
        ),
        ("ipx rip req empty", llc(ipx(rip_bc, me, &rip(1, &[]))), 0),
        (
            "ipx rip resp odd",
            llc(ipx(
                rip_bc,
                me,
                &[rip(2, &[(1, 1, 1)]), vec![1, 2, 3]].concat(),
            )),
            0,
        ),
        ("ipx rip unknown", llc(ipx(rip_bc, me, &rip(9, &[]))), 0),
        ("ipx sap req", llc(ipx(bc, me, &[0, 1, 0x00, 0x04])), 0),
        (
            "ipx sap nearest req",
            llc(ipx(bc, me, &[0, 3, 0xff, 0xff])),
            0,
        ),
        (
            "ipx sap nearest resp",
            llc(ipx(bc, me, &[vec![0, 4], sap_entry(4, "FS1", 7)].concat())),
            0,
        ),
        (
            "ipx sap short entry",
            llc(ipx(bc, me, &[0, 2, 0, 4, b'a', b'b'])),
            0,
        ),
        ("ipx sap unknown", llc(ipx(bc, me, &[0, 7])), 0),
        (
            "ipx sap length 1",
            llc(ipx_len(bc, me, &[0, 2, 0, 0], 31)),
            0,
        ),
        (
            "ipx ncp",
            llc(ipx((1, MAC_B, 0x0451), me, &[0x22, 0x22, 0, 1])),
            0,
        ),
        ("ipx diags", llc(ipx((1, MAC_B, 0x0456), me, &[0; 4])), 0),
        ("ipx nwlink", llc(ipx((1, MAC_B, 0x0553), me, &[0; 40])), 0),
        (
            "ipx socket unknown",
            llc(ipx((1, MAC_B, 0x9001), me, &[0; 4])),
            0,
        ),
        (
            "eigrp over ipx",
            llc(ipx(
                (1, MAC_B, 0x85be),
                me,
                &[
                    2, 5, 0xee, 0xc5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100,
                ],
            )),
            0,
        ),
        ("ipx length < 30", llc(ipx_len(bc, me, &[0; 4], 20)), 0),
        (
            "ipx sap resp cut in name",
            dot3(&ipx(bc, me, &sap_resp)),
            14 + 30 + 2 + 2 + 20,
        ),
        (
            "ipx sap resp cut in addr",
            dot3(&ipx(bc, me, &sap_resp)),
            14 + 30 + 2 + 2 + 48 + 6,
        ),
        (
            "ipx header cut",
            llc(ipx(bc, me, &[0, 1, 0, 4])),
            14 + 3 + 20,
        ),
        (
            "ipx raw cut in source",
            dot3(&ipx(bc, me, &[0, 1, 0, 4])),
            14 + 24,
        ),
    ];
    let mut ts = 1_700_000_100_000_000_000u64;
    frames
        .into_iter()
        .map(|(name, mut data, cut)| {
            let orig_len = data.len() as u32;
            if cut != 0 {
                data.truncate(cut);
            }
            ts += 1_000_000;
            Pkt {
                name,
                data,
                orig_len,
                ts_ns: ts,
                strict: false,
            }
        })
        .collect()
}
