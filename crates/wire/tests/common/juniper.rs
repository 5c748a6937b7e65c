//! Packets of the Juniper link types (the pseudo-header with its flags, extension TLVs and PIC
//! cookies before Ethernet, PPP, Frame Relay, Cisco HDLC, ATM and IP), the ATM link types
//! (RFC 1483, SunATM with signalling, OAM cells and LANE, classical IP) and the aliases of
//! other printers (BSD/OS SLIP and PPP, pppd, PPPoE, NetBSD HDLC), built byte by byte with
//! cut variants.

use super::links::Link;
use super::*;

struct B {
    pkts: Vec<Pkt>,
    t: u64,
}

impl B {
    fn new(t: u64) -> B {
        B {
            pkts: Vec::new(),
            t,
        }
    }

    fn add(&mut self, name: &'static str, data: Vec<u8>) {
        let len = data.len() as u32;
        self.add_len(name, data, len);
    }

    fn add_len(&mut self, name: &'static str, data: Vec<u8>, orig_len: u32) {
        self.t += 1_000_125_000;
        self.pkts.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: self.t,
            strict: false,
        });
    }

    /// `data` cut to each length from `from` up to (not including) `to`, wire length kept.
    fn add_cuts(&mut self, name: &'static str, data: &[u8], from: usize, to: usize) {
        for keep in from..to.min(data.len()) {
            self.add_len(name, data[..keep].to_vec(), data.len() as u32);
        }
    }
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn ping() -> Vec<u8> {
    ipv4(
        IP_A,
        IP_B,
        1,
        &icmp(8, 0, &[0x12, 0x34, 0, 9, b'j', b'n', b'p', b'r']),
    )
}

fn udp4() -> Vec<u8> {
    ipv4(IP_A, IP_C, 17, &udp(5000, 5001, &IP_A, &IP_C, b"juniper"))
}

fn udp6() -> Vec<u8> {
    ipv6(
        IP6_A,
        IP6_B,
        17,
        64,
        &udp(6000, 6001, &IP6_A, &IP6_B, b"atm"),
    )
}

fn ether_ping() -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x0800, &ping())
}

/// A PPPoE session frame carrying IPv4.
fn pppoe_session() -> Vec<u8> {
    let ip = ping();
    let len = (ip.len() + 2) as u16;
    cat(&[
        &[0x11, 0x00, 0x12, 0x34],
        &len.to_be_bytes(),
        &[0x00, 0x21],
        &ip,
    ])
}

/// A Juniper pseudo-header: the magic, `flags`, the extension TLVs `ext` (when the flags
/// say so), then `rest` (cookie and frame).
fn jnx(flags: u8, ext: &[u8], rest: &[u8]) -> Vec<u8> {
    let mut v = vec![b'M', b'G', b'C', flags];
    if flags & 0x80 != 0 {
        v.extend_from_slice(&(ext.len() as u16).to_be_bytes());
        v.extend_from_slice(ext);
    }
    v.extend_from_slice(rest);
    v
}

/// Extension TLVs of every kind tcpdump names (little-endian below 128, big-endian from it),
/// an interface name it does not print, and a value too long to read.
fn ext_tlvs() -> Vec<u8> {
    cat(&[
        &[1, 4, 0x2a, 0, 0, 0],
        &[2, 4, b'g', b'e', b'-', b'0'],
        &[3, 1, 1],
        &[4, 2, 0x01, 0x02],
        &[5, 1, 7],
        &[6, 1, 14],
        &[7, 1, 99],
        &[8, 1, 64],
        &[9, 3, 1, 2, 3],
        &[200, 2, 0x01, 0x02],
        &[10, 5, 1, 2, 3, 4, 5],
        &[11, 4, 0xff, 0xff, 0xff, 0xff],
    ])
}

/// The pseudo-header cases every Juniper link type shares, before `frame` (cookie included):
/// plain in and out, with extensions, no link-layer header, no magic, broken extensions.
fn common(b: &mut B, frame: &[u8], full: bool) {
    b.add("jnx in", jnx(0x01, &[], frame));
    b.add("jnx out filter iif", jnx(0x44, &[], frame));
    b.add("jnx ext tlvs", jnx(0x81, &ext_tlvs(), frame));
    b.add("jnx ext zero type", jnx(0x80, &[0, 3, 1, 2, 3], frame));
    b.add("jnx ext overrun", jnx(0x80, &[1, 9, 1, 2, 3], frame));
    b.add(
        "jnx no-l2 ipv4",
        jnx(0x03, &[], &cat(&[&[0, 0, 0, 0], &ping()])),
    );
    b.add(
        "jnx no-l2 ipv6 ext",
        jnx(0x82, &[4, 1, 3], &cat(&[&[1, 2, 3, 4], &udp6()])),
    );
    b.add(
        "jnx no-l2 not ip",
        jnx(0x02, &[], &[0, 0, 0, 0, 0x11, 0x22]),
    );
    b.add("jnx no magic", cat(&[b"MGX\x01", frame]));
    let whole = jnx(0x81, &ext_tlvs(), frame);
    // Every cut through the extensions once (the Ethernet fixture), then the flags and the
    // cookie and frame start of each link type.
    let ext_end = 6 + ext_tlvs().len();
    b.add_cuts("jnx cut", &whole, 1, if full { ext_end } else { 7 });
    b.add_cuts("jnx cut", &whole, ext_end, ext_end + 2);
    b.add_cuts("jnx cut", &j(frame), 4, 18);
    b.add_cuts("jnx no-l2 cut", &jnx(0x02, &[], &[0, 0, 0, 0, 0x45]), 4, 9);
}

/// A Juniper fixture of link type `lt`: the common cases before `frame`, then `more`.
fn juniper(
    stem: &'static str,
    lt: u32,
    t: u64,
    frame: &[u8],
    more: &[(&'static str, Vec<u8>)],
) -> Link {
    let mut b = B::new(t);
    common(&mut b, frame, lt == 178);
    for (name, data) in more {
        b.add(name, data.clone());
        b.add_cuts(name, data, 4, cut_to(name, data));
    }
    Link {
        stem,
        linktype: lt,
        pkts: b.pkts,
        verbose: true,
    }
}

/// `frame` after an in-bound pseudo-header without extensions.
fn j(frame: &[u8]) -> Vec<u8> {
    jnx(0x01, &[], frame)
}

/// An ATM cell header (no HEC) for `vpi`/`vci`, payload type `pt`, `clp`.
fn cell_header(vpi: u8, vci: u16, pt: u8, clp: u8) -> [u8; 4] {
    let v = u32::from(vpi) << 20 | u32::from(vci) << 4 | u32::from(pt) << 1 | u32::from(clp);
    v.to_be_bytes()
}

/// CRC-10 as OAM cells carry it.
fn crc10(data: &[u8]) -> u16 {
    let step = |i: u16| {
        let mut a = i << 2;
        for _ in 0..8 {
            a <<= 1;
            if a & 0x400 != 0 {
                a ^= 0x633;
            }
        }
        a
    };
    data.iter().fold(0u16, |a, &x| {
        ((a << 8) & 0x3ff) ^ step((a >> 2) & 0xff) ^ u16::from(x)
    })
}

/// A 48-byte OAM payload: cell and function type, `body` (up to 45 bytes), and a CRC-10
/// that verifies (`good`) or not.
fn oam_payload(cell: u8, func: u8, body: &[u8], good: bool) -> Vec<u8> {
    let mut v = vec![cell << 4 | func];
    v.extend_from_slice(body);
    v.resize(46, 0x6a);
    v.extend_from_slice(&[0, 0]);
    let crc = (0u16..1024)
        .find(|&c| {
            v[46] = (c >> 8) as u8;
            v[47] = c as u8;
            crc10(&v) == 0
        })
        .unwrap_or(0);
    let crc = if good { crc } else { crc ^ 0x155 };
    v[46] = (crc >> 8) as u8;
    v[47] = crc as u8;
    v
}

/// The OAM cells tcpdump decodes under `-v` (loopback, AIS, RDI), the others, and one with a
/// bad CRC, each after `hdr`.
fn oam_cells(hdr: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let id: Vec<u8> = (1..=12).collect();
    let src: Vec<u8> = (0x21..=0x2c).collect();
    let lb = cat(&[&[1], &[0xde, 0xad, 0xbe, 0xef], &id, &src]);
    let loc: Vec<u8> = (0x41..=0x50).collect();
    let ais = cat(&[&[0x05], &loc]);
    vec![
        ("oam loopback", cat(&[hdr, &oam_payload(1, 8, &lb, true)])),
        (
            "oam loopback reply bad crc",
            cat(&[hdr, &oam_payload(1, 8, &lb[1..], false)]),
        ),
        ("oam ais", cat(&[hdr, &oam_payload(1, 0, &ais, true)])),
        ("oam rdi", cat(&[hdr, &oam_payload(1, 1, &ais, true)])),
        ("oam cc", cat(&[hdr, &oam_payload(1, 4, &[], true)])),
        ("oam pm", cat(&[hdr, &oam_payload(2, 1, &[], true)])),
        ("oam activate", cat(&[hdr, &oam_payload(8, 0, &[], true)])),
        ("oam sysmgmt", cat(&[hdr, &oam_payload(0xf, 3, &[], true)])),
        (
            "oam unknown type",
            cat(&[hdr, &oam_payload(5, 3, &[], true)]),
        ),
    ]
}

/// LLC/SNAP with an IPv4 payload.
fn snap_ip() -> Vec<u8> {
    cat(&[&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00], &ping()])
}

fn juniper_links() -> Vec<Link> {
    let t = 1_700_400_000_000_000_000;
    let ppp_ip = cat(&[&[0xff, 0x03, 0x00, 0x21], &udp4()]);
    let fr_ip = cat(&[&[0x18, 0x41, 0x03, 0xcc], &ping()]);
    let chdlc_ip = cat(&[&[0x0f, 0x00, 0x08, 0x00], &ping()]);
    let mut atm1_more: Vec<(&'static str, Vec<u8>)> = oam_cells(&cell_header(1, 40, 4, 0))
        .into_iter()
        .map(|(n, c)| (n, j(&cat(&[&[0x80, 1, 2, 3], &c]))))
        .collect();
    atm1_more.extend([
        (
            "atm1 cisco nlpid",
            j(&cat(&[&[0, 0, 0, 9, 0x03, 0xcc], &ping()])),
        ),
        ("atm1 vcmux ipv6", j(&cat(&[&[0, 0, 0, 9], &udp6()]))),
        ("atm1 unknown", j(&[0, 0, 0, 9, 0x00, 0x01, 0x02, 0x03])),
        (
            "atm1 snap unknown",
            j(&[0, 0, 0, 9, 0xaa, 0xaa, 0x03, 0, 0, 0x0c, 0x12, 0x34, 0, 0]),
        ),
        (
            "atm1 ls cookie",
            j(&cat(&[&[0x54, 1, 2, 3, 4, 5], &snap_ip()])),
        ),
        (
            "atm1 as cookie",
            j(&cat(&[&[0x47, 1, 2, 3, 4, 5, 6, 7], &ping()])),
        ),
    ]);
    let cookie8 = |last: u8| [0, 0, 0, 0x21, 0, 0, 0, last];
    let mut atm2_more: Vec<(&'static str, Vec<u8>)> = oam_cells(&cell_header(2, 77, 5, 1))
        .into_iter()
        .map(|(n, c)| (n, j(&cat(&[&cookie8(0x10), &[0x08, 0x38, 0, 0], &c]))))
        .collect();
    atm2_more.extend([
        (
            "atm2 oam odd cw",
            j(&cat(&[
                &cookie8(0x20),
                &oam_cells(&cell_header(0, 5, 0, 0))[0].1,
            ])),
        ),
        ("atm2 snap", j(&cat(&[&cookie8(0), &snap_ip()]))),
        (
            "atm2 ether out",
            jnx(0x00, &[], &cat(&[&cookie8(0), &ether_ping()])),
        ),
        (
            "atm2 cisco nlpid",
            j(&cat(&[&cookie8(0), &[0x03, 0xcc], &ping()])),
        ),
        (
            "atm2 ppp vcmux",
            j(&cat(&[&cookie8(0), &[0x00, 0x21], &ping()])),
        ),
        (
            "atm2 ppp lcp",
            j(&cat(&[&cookie8(0), &[0xc0, 0x21, 1, 1, 0, 4]])),
        ),
        ("atm2 vcmux ip", j(&cat(&[&cookie8(0), &udp4()]))),
        (
            "atm2 unknown",
            j(&cat(&[&cookie8(0), &[0x12, 0x34, 0x56, 0x78]])),
        ),
        (
            "atm2 ls cookie invalid",
            j(&cat(&[&[0x54], &cookie8(0)[1..], &[0, 0], &ping()])),
        ),
    ]);
    let ggsn = |proto: u8| [1, 0x10, proto, 0, 0x01, 0x23, 0, 0];
    let es_hdr = |ty: u8| cat(&[&[0x01, 0x02, 64, ty, 0, 0, 0x10, 0x01], &IP_A, &IP_C]);
    let as_cookie = |proto: u8, re: u8| [0x47, 0, 0, 0, re, proto, 0x12, 0x38];
    vec![
        juniper(
            "link-juniper-ether",
            178,
            t,
            &ether_ping(),
            &[
                ("ether udp6", j(&eth(MAC_A, MAC_B, 0x86dd, &udp6()))),
                (
                    "ether arp",
                    j(&eth(
                        BCAST,
                        MAC_A,
                        0x0806,
                        &arp(1, MAC_A, IP_A, [0; 6], IP_B),
                    )),
                ),
            ],
        ),
        juniper(
            "link-juniper-pppoe",
            167,
            t,
            &eth(MAC_B, MAC_A, 0x8864, &pppoe_session()),
            &[
                (
                    "pppoe ls first byte",
                    j(&eth([0x54, 0, 0, 0, 0, 1], MAC_A, 0x0800, &ping())),
                ),
                ("pppoe ether ip", j(&ether_ping())),
            ],
        ),
        juniper(
            "link-juniper-pppoe-atm",
            168,
            t,
            &cat(&[&[0x88, 0x64], &pppoe_session()]),
            &[
                ("pppoe-atm ip", j(&cat(&[&[0x08, 0x00], &ping()]))),
                ("pppoe-atm unknown", j(&[0x12, 0x34, 0, 0, 0, 0])),
            ],
        ),
        juniper(
            "link-juniper-ppp",
            179,
            t,
            &ppp_ip,
            &[
                ("ppp ipv6", j(&cat(&[&[0x00, 0x57], &udp6()]))),
                (
                    "ppp lcp",
                    j(&[0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 1]),
                ),
            ],
        ),
        juniper(
            "link-juniper-frelay",
            180,
            t,
            &fr_ip,
            &[(
                "frelay ipv6",
                j(&cat(&[&[0x18, 0x41, 0x03, 0x8e], &udp6()])),
            )],
        ),
        juniper(
            "link-juniper-chdlc",
            181,
            t,
            &chdlc_ip,
            &[("chdlc ipv6", j(&cat(&[&[0x8f, 0x00, 0x86, 0xdd], &udp6()])))],
        ),
        juniper(
            "link-juniper-ggsn",
            133,
            t,
            &cat(&[&ggsn(2), &ping()]),
            &[
                ("ggsn ipv6", j(&cat(&[&ggsn(6), &udp6()]))),
                ("ggsn null", j(&cat(&[&ggsn(1), &ping()]))),
                ("ggsn unknown", j(&cat(&[&ggsn(9), &ping()]))),
                (
                    "ggsn ls invalid",
                    j(&cat(&[&[0x54], &ggsn(2)[1..], &[0, 0], &ping()])),
                ),
            ],
        ),
        juniper(
            "link-juniper-es",
            132,
            t,
            &cat(&[&es_hdr(1), &ping()]),
            &[
                ("es ah auth", j(&cat(&[&es_hdr(2), &ping()]))),
                ("es esp auth", j(&cat(&[&es_hdr(3), &ping()]))),
                ("es ah", j(&cat(&[&es_hdr(4), &ping()]))),
                ("es esp encr", j(&cat(&[&es_hdr(5), &udp4()]))),
                ("es invalid type", j(&cat(&[&es_hdr(7), &ping()]))),
            ],
        ),
        juniper(
            "link-juniper-monitor",
            164,
            t,
            &cat(&[&[0, 0, 0, 1, 0, 0, 0, 2], &ping()]),
            &[
                ("monitor ipv6", j(&cat(&[&[9; 8], &udp6()]))),
                ("monitor not ip", j(&cat(&[&[9; 8], &[0x11; 12]]))),
            ],
        ),
        juniper(
            "link-juniper-services",
            136,
            t,
            &cat(&[&[0, 0, 0, 1, 0, 0, 0, 2], &udp4()]),
            &[
                ("services ipv6", j(&cat(&[&[7; 8], &udp6()]))),
                (
                    "services as cookie",
                    j(&cat(&[&[0x47, 1, 2, 3, 4, 5, 6, 7], &ping()])),
                ),
            ],
        ),
        juniper(
            "link-juniper-mlppp",
            130,
            t,
            &cat(&[&[0xff, 0x03], &[0x00, 0x21], &ping()]),
            &[
                (
                    "mlppp bundle",
                    j(&cat(&[&[0x00, 0x05], &[0x00, 0x21], &ping()])),
                ),
                (
                    "mlppp osi cookie",
                    j(&cat(&[&[0x00, 0x23], &[0xcc], &ping()])),
                ),
                (
                    "mlppp ls",
                    j(&cat(&[
                        &[0x54, 3, 0, 0],
                        &[0xff, 0x03, 0x00, 0x21],
                        &ping(),
                    ])),
                ),
                ("mlppp as ipv4", j(&cat(&[&as_cookie(0x00, 0), &ping()]))),
                (
                    "mlppp as ipv4 re",
                    j(&cat(&[&as_cookie(0x00, 0x0c), &ppp_ip])),
                ),
                ("mlppp as ipv6", j(&cat(&[&as_cookie(0x10, 0), &udp6()]))),
                (
                    "mlppp as mpls",
                    j(&cat(&[
                        &as_cookie(0x20, 0),
                        &[0, 0x01, 0x01, 0x40],
                        &ping(),
                    ])),
                ),
                (
                    "mlppp as iso",
                    j(&cat(&[&as_cookie(0x30, 0), &[0xcc], &ping()])),
                ),
                ("mlppp as other", j(&cat(&[&as_cookie(0x40, 0), &ppp_ip]))),
            ],
        ),
        juniper(
            "link-juniper-mlfr",
            131,
            t,
            &cat(&[&[0x00, 0x07], &[0x03, 0xcc], &ping()]),
            &[
                (
                    "mlfr child",
                    j(&cat(&[&[0, 0], &[0, 0, 0, 1], &[0x03, 0xcc], &ping()])),
                ),
                (
                    "mlfr ui",
                    j(&cat(&[&[0x00, 0x07], &[0x00, 0x03], &[0xcc], &ping()])),
                ),
                (
                    "mlfr ipv6",
                    j(&cat(&[&[0x00, 0x07], &[0x03, 0x8e], &udp6()])),
                ),
                (
                    "mlfr unknown",
                    j(&cat(&[&[0x00, 0x07], &[0x12, 0x34], &ping()])),
                ),
                (
                    "mlfr ls",
                    j(&cat(&[&[0x54, 9, 0, 0], &[0x03, 0xcc], &ping()])),
                ),
                ("mlfr as ipv4", j(&cat(&[&as_cookie(0x00, 0), &ping()]))),
            ],
        ),
        juniper(
            "link-juniper-mfr",
            134,
            t,
            &cat(&[&[0, 0, 0, 4], &[0x03, 0xcc], &ping()]),
            &[
                (
                    "mfr child bundle",
                    j(&cat(&[&[0, 0, 0, 1], &[0x03, 0x8e], &udp6()])),
                ),
                (
                    "mfr iso",
                    j(&cat(&[&[0, 0, 0, 4], &[0xfe, 0xfe, 0xcc], &ping()])),
                ),
                (
                    "mfr unknown",
                    j(&cat(&[&[0, 0, 0, 4], &[0x12, 0x34], &ping()])),
                ),
                (
                    "mfr ls",
                    j(&cat(&[&[0x54, 2, 0, 0, 0, 0], &[0x03, 0xcc], &ping()])),
                ),
                ("mfr as ipv6", j(&cat(&[&as_cookie(0x10, 0), &udp6()]))),
                ("mfr as other", j(&cat(&[&as_cookie(0x50, 0), &ping()]))),
                (
                    "mfr link frag",
                    j(&cat(&[&[0xc2, 0x05], &[0x18, 0x41, 0x03, 0xcc], &ping()])),
                ),
            ],
        ),
        juniper(
            "link-juniper-atm1",
            137,
            t,
            &cat(&[&[0, 0, 0, 9], &snap_ip()]),
            &atm1_more,
        ),
        juniper(
            "link-juniper-atm2",
            135,
            t,
            &cat(&[&cookie8(0), &snap_ip()]),
            &atm2_more,
        ),
    ]
}

/// A SunATM pseudo-header: direction and traffic type, VPI, VCI.
fn sunatm(dir_type: u8, vpi: u8, vci: u16, payload: &[u8]) -> Vec<u8> {
    cat(&[&[dir_type, vpi], &vci.to_be_bytes(), payload])
}

fn sunatm_packets() -> Vec<Pkt> {
    let mut b = B::new(1_700_400_100_000_000_000);
    let lane_eth = cat(&[&[0x00, 0x07], &ether_ping()]);
    let q2931 = [0x09, 0x03, 0x80, 0x00, 0x05, 0x05, 0x80, 0x00, 0x00];
    let mut list: Vec<(&'static str, Vec<u8>)> = vec![
        ("sunatm llc", sunatm(0x02, 1, 100, &snap_ip())),
        (
            "sunatm tx llc ipv6",
            sunatm(
                0x82,
                1,
                100,
                &cat(&[&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd], &udp6()]),
            ),
        ),
        ("sunatm unknown type", sunatm(0x00, 3, 33, &snap_ip())),
        ("sunatm lane", sunatm(0x01, 1, 200, &lane_eth)),
        (
            "sunatm lane control",
            sunatm(0x01, 1, 200, &[0xff, 0x00, 0x01, 0x02, 0x01, 0x02, 0, 0]),
        ),
        (
            "sunatm lane unknown op",
            sunatm(0x81, 1, 200, &[0xff, 0x00, 0x01, 0x02, 0x77, 0x02, 0, 0]),
        ),
        (
            "sunatm lane short",
            sunatm(0x01, 1, 200, &[0x00, 0x07, 1, 2, 3]),
        ),
        ("sunatm q2931 setup", sunatm(0x02, 0, 5, &q2931)),
        (
            "sunatm q2931 unknown",
            sunatm(0x02, 0, 5, &[0x09, 0x03, 0, 0, 1, 0x33, 0, 0]),
        ),
        ("sunatm sscop", sunatm(0x02, 0, 5, &[0x11, 0, 0, 0, 0, 0])),
        ("sunatm bcast sig", sunatm(0x02, 0, 2, &[1, 2, 3, 4])),
        ("sunatm meta", sunatm(0x02, 0, 1, &[1, 2, 3, 4])),
        ("sunatm vpi0 other vci", sunatm(0x02, 0, 32, &snap_ip())),
    ];
    for (n, c) in oam_cells(&cat(&[&cell_header(0, 3, 0, 0), &[0x55]])) {
        list.push((n, sunatm(0x02, 0, 3, &c)));
    }
    let end = cat(&[&cell_header(0, 4, 5, 1), &[0x55]]);
    list.push(("oam f4 end", sunatm(0x02, 0, 4, &oam_cells(&end)[0].1)));
    for (name, data) in list {
        b.add(name, data.clone());
        b.add_cuts(name, &data, 1, cut_to(name, &data));
    }
    b.pkts
}

/// How far a packet is cut: the OAM loopback and AIS cells through their `-v` fields and
/// CRC, the other OAM cells through their header, the rest through their first 30 bytes.
fn cut_to(name: &str, data: &[u8]) -> usize {
    if matches!(name, "oam loopback" | "oam ais") {
        data.len()
    } else if name.starts_with("oam") {
        data.len().min(12)
    } else {
        data.len().min(30)
    }
}

fn rfc1483_packets(t: u64) -> Vec<Pkt> {
    let mut b = B::new(t);
    let fore: Vec<u8> = (0x10..0x24).collect();
    let list: Vec<(&'static str, Vec<u8>)> = vec![
        ("rfc1483 snap ip", snap_ip()),
        ("rfc1483 cisco nlpid", cat(&[&[0x03, 0xcc], &ping()])),
        ("rfc1483 llc sap ip", cat(&[&[0x06, 0x06, 0x03], &udp4()])),
        (
            "rfc1483 snap unknown",
            vec![0xaa, 0xaa, 0x03, 0, 0, 0x0c, 0x12, 0x34, 1, 2],
        ),
        ("rfc1483 802.6 header", cat(&[&fore, &snap_ip()])),
        ("rfc1483 xid", vec![0x42, 0x42, 0xbf, 0x81, 0x01, 0x02]),
    ];
    for (name, data) in list {
        b.add(name, data.clone());
        b.add_cuts(name, &data, 1, data.len().min(30));
    }
    b.pkts
}

fn cip_packets(t: u64) -> Vec<Pkt> {
    let mut b = B::new(t);
    let list: Vec<(&'static str, Vec<u8>)> = vec![
        ("cip snap ip", snap_ip()),
        ("cip raw ip", ping()),
        (
            "cip snap ipv6",
            cat(&[&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd], &udp6()]),
        ),
        (
            "cip snap unknown",
            vec![0xaa, 0xaa, 0x03, 0, 0, 0, 0x12, 0x34, 1, 2],
        ),
    ];
    for (name, data) in list {
        b.add(name, data.clone());
        b.add_cuts(name, &data, 1, data.len().min(30));
    }
    b.pkts
}

/// Frames of the link types printed with the printers of others.
fn alias_packets(lt: u32, t: u64) -> Vec<Pkt> {
    let mut b = B::new(t);
    let list: Vec<(&'static str, Vec<u8>)> = match lt {
        102 => vec![
            ("slip bsdos ip", cat(&[&[0u8; 16], &ping()])),
            ("slip bsdos ipv6", cat(&[&[1u8; 16], &udp6()])),
        ],
        103 => vec![
            ("ppp bsdos", cat(&[&[0u8; 4], &ping()])),
            ("ppp bsdos short", vec![1]),
        ],
        166 => vec![
            ("pppd in", cat(&[&[0x00, 0x03, 0x00, 0x21], &ping()])),
            ("pppd out", cat(&[&[0x01, 0x03, 0x00, 0x57], &udp6()])),
            (
                "pppd lcp",
                vec![0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8, 0, 0, 0, 1],
            ),
        ],
        51 => vec![
            ("ppp ether session", pppoe_session()),
            (
                "ppp ether padi",
                vec![0x11, 0x09, 0, 0, 0, 4, 0x01, 0x01, 0, 0],
            ),
        ],
        _ => vec![
            ("hdlc ip", cat(&[&[0x0f, 0x00, 0x08, 0x00], &ping()])),
            ("hdlc ipv6", cat(&[&[0x8f, 0x00, 0x86, 0xdd], &udp6()])),
            ("hdlc unknown", vec![0x0f, 0x00, 0x12, 0x34, 1, 2]),
        ],
    };
    for (name, data) in list {
        b.add(name, data.clone());
        b.add_cuts(name, &data, 1, data.len().min(24));
    }
    b.pkts
}

/// Every link type of this file, one fixture each (the DLT numbers files carry for RFC 1483,
/// classical IP and BSD/OS SLIP among them).
pub fn juniper_atm_fixtures() -> Vec<Link> {
    let t = 1_700_400_200_000_000_000;
    let mut v = juniper_links();
    let link = |stem, linktype, pkts| Link {
        stem,
        linktype,
        pkts,
        verbose: true,
    };
    v.extend([
        link("link-sunatm", 123, sunatm_packets()),
        link("link-atm-rfc1483", 100, rfc1483_packets(t)),
        link("link-atm-rfc1483-dlt", 11, rfc1483_packets(t + 1)),
        link("link-atm-clip", 106, cip_packets(t)),
        link("link-atm-clip-dlt", 19, cip_packets(t + 1)),
        link("link-slip-bsdos", 102, alias_packets(102, t)),
        link("link-slip-bsdos-dlt", 15, alias_packets(102, t + 1)),
        link("link-ppp-bsdos", 103, alias_packets(103, t)),
        link("link-ppp-pppd", 166, alias_packets(166, t)),
        link("link-ppp-ether", 51, alias_packets(51, t)),
        link("link-hdlc", 112, alias_packets(112, t)),
    ]);
    v
}
