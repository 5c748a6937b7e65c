//! Filters for the link types beyond Ethernet and Linux cooked v2 (NULL, LOOP, RAW, IPV4,
//! IPV6, SLIP, PPP, PPP_SERIAL, PPP_PPPD, C_HDLC, LINUX_SLL, and 802.11: IEEE802_11,
//! IEEE802_11_RADIO, PRISM_HEADER, IEEE802_11_RADIO_AVS, PPI), differential against the local libpcap: on
//! a capture of each link type built byte by byte, our program must print as `tcpdump -d -r`
//! prints libpcap's and keep the packets `tcpdump -r` keeps; what libpcap refuses, we refuse.

use promisc_filter::{compile, dump, linktypes, DumpStyle, Machine, Meta, NoResolver, Options};
use promisc_testkit::gate;
use promisc_testkit::packets::{pcap_indexes, write_pcap, Pkt};

const EXPRS: &[&str] = &[
    "ip",
    "ip6",
    "tcp",
    "udp port 53",
    "icmp",
    "icmp6",
    "host 192.0.2.1",
    "src net 192.0.2.0/24",
    "ip6 host 2001:db8::1",
    "tcp[13] & 2 != 0",
    "ip[9] = 17",
    "greater 60",
    "inbound",
    "outbound",
    "ip protochain 6",
    "mpls",
    "arp",
    "iso",
    "link[0] = 0",
    "ip and not udp",
    "vlan",
    "ether host 00:11:22:33:44:55",
    "broadcast",
    "ip multicast",
    "atalk",
    "ipx",
    "stp",
    "llc",
    "wlan host 02:00:00:00:00:01",
    "wlan src 02:00:00:00:00:01",
    "wlan dst 02:00:00:00:00:03",
    "wlan addr1 02:00:00:00:00:02",
    "wlan addr2 02:00:00:00:00:01",
    "wlan addr3 02:00:00:00:00:03",
    "wlan ra 02:00:00:00:00:02",
    "wlan ta 02:00:00:00:00:01",
    "type mgt",
    "type data subtype qos-data",
    "subtype beacon",
    "type ctl subtype ack",
    "dir tods",
    "dir fromds",
    "multicast",
    "radio[0] = 0",
    "vlan and ip",
];

/// The network-layer packets every capture carries: (is IPv6, bytes, label).
fn l3() -> Vec<(bool, Vec<u8>, &'static str)> {
    let v4 = |proto: u8, l4: &[u8]| {
        let mut v = vec![0x45, 0];
        v.extend_from_slice(&((20 + l4.len()) as u16).to_be_bytes());
        v.extend_from_slice(&[0, 1, 0, 0, 64, proto, 0, 0, 192, 0, 2, 1, 198, 51, 100, 7]);
        v.extend_from_slice(l4);
        v
    };
    let v6 = |nh: u8, l4: &[u8]| {
        let mut v = vec![0x60, 0, 0, 0];
        v.extend_from_slice(&(l4.len() as u16).to_be_bytes());
        v.extend_from_slice(&[nh, 64]);
        v.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        v.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
        v.extend_from_slice(l4);
        v
    };
    let udp = [0x30, 0x39, 0, 53, 0, 12, 0, 0, 1, 2, 3, 4];
    let syn = [
        0x30, 0x39, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0, 0, 0, 0, 0,
    ];
    let ack = [
        0x30, 0x39, 0, 80, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x10, 0x20, 0, 0, 0, 0, 0,
    ];
    let mut mcast = v4(17, &udp);
    mcast[16..20].copy_from_slice(&[224, 0, 0, 251]);
    vec![
        (false, v4(17, &udp), "ip udp 53"),
        (false, v4(6, &syn), "ip tcp syn"),
        (false, v4(6, &ack), "ip tcp ack"),
        (false, v4(1, &[8, 0, 0, 0, 0, 1, 0, 1]), "ip icmp"),
        (false, mcast, "ip multicast udp"),
        (true, v6(17, &udp), "ip6 udp 53"),
        (true, v6(6, &syn), "ip6 tcp syn"),
        (true, v6(58, &[128, 0, 0, 0, 0, 1, 0, 1]), "ip6 icmp6"),
    ]
}

/// The link-layer headers of `linktype` before a packet of the given IP version, each with
/// a label (several where the link type has several ways to say it).
fn headers(linktype: u32, v6: bool) -> Vec<(Vec<u8>, &'static str)> {
    let ppp_proto: [u8; 2] = if v6 { [0x00, 0x57] } else { [0x00, 0x21] };
    let ethertype: [u8; 2] = if v6 { [0x86, 0xdd] } else { [0x08, 0x00] };
    match linktype {
        // NULL: the address family in the writer's (here little-endian) order.
        0 if v6 => [24u32, 28, 30, 10]
            .iter()
            .map(|af| (af.to_le_bytes().to_vec(), "null af6"))
            .collect(),
        0 => vec![(2u32.to_le_bytes().to_vec(), "null af4")],
        108 if v6 => [24u32, 28, 30]
            .iter()
            .map(|af| (af.to_be_bytes().to_vec(), "loop af6"))
            .collect(),
        108 => vec![(2u32.to_be_bytes().to_vec(), "loop af4")],
        101 => vec![(Vec::new(), "raw")],
        228 | 229 => vec![(Vec::new(), "raw single version")],
        8 => vec![
            ([&[0u8][..], &[0; 15]].concat(), "slip in"),
            ([&[1u8][..], &[0; 15]].concat(), "slip out"),
        ],
        9 | 50 => vec![([&[0xff, 0x03][..], &ppp_proto].concat(), "ppp")],
        166 => vec![
            ([&[0x00, 0x03][..], &ppp_proto].concat(), "pppd in"),
            ([&[0x01, 0x03][..], &ppp_proto].concat(), "pppd out"),
        ],
        // Linux cooked v1: packet type (0 to us, 4 outgoing), ARPHRD, address length and 8
        // address bytes, then the protocol.
        113 => [(0u8, "sll in"), (4, "sll out")]
            .iter()
            .map(|&(pt, w)| {
                let mut h = vec![0, pt, 0, 1, 0, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0];
                h.extend_from_slice(&ethertype);
                (h, w)
            })
            .collect(),
        105 | 127 | 119 | 163 | 192 => wlan_data_headers(&ethertype)
            .into_iter()
            .flat_map(|(h, w)| {
                radio_headers(linktype, w.contains("qos"))
                    .into_iter()
                    .map(move |(r, _)| ([r, h.clone()].concat(), w))
            })
            .collect(),
        104 => vec![
            ([&[0x0f, 0x00][..], &ethertype].concat(), "chdlc unicast"),
            ([&[0x8f, 0x00][..], &ethertype].concat(), "chdlc broadcast"),
        ],
        _ => Vec::new(),
    }
}

/// 802.11 data frames carrying `ethertype` in LLC/SNAP: to and from the distribution system,
/// a QoS one; addresses 02:00:00:00:00:0N.
fn wlan_data_headers(ethertype: &[u8; 2]) -> Vec<(Vec<u8>, &'static str)> {
    let a = |n: u8| [2u8, 0, 0, 0, 0, n];
    let snap = [0xaa, 0xaa, 0x03, 0, 0, 0, ethertype[0], ethertype[1]];
    let frame = |fc0: u8, fc1: u8, qos: bool| {
        let mut h = vec![fc0, fc1, 0, 0];
        // To DS: BSSID, SA, DA; From DS: DA, BSSID, SA.
        let (a1, a2, a3) = if fc1 & 1 != 0 { (2, 1, 3) } else { (3, 2, 1) };
        h.extend_from_slice(&a(a1));
        h.extend_from_slice(&a(a2));
        h.extend_from_slice(&a(a3));
        h.extend_from_slice(&[0x10, 0]);
        if qos {
            h.extend_from_slice(&[0, 0]);
        }
        h
    };
    vec![
        (
            [frame(0x08, 0x01, false), snap.to_vec()].concat(),
            "wlan data tods",
        ),
        (
            [frame(0x08, 0x02, false), snap.to_vec()].concat(),
            "wlan data fromds",
        ),
        (
            [frame(0x88, 0x01, true), snap.to_vec()].concat(),
            "wlan qos data tods",
        ),
    ]
}

/// The radio pseudo-headers of an 802.11 link type (none for bare 802.11); for radiotap, one
/// saying the 802.11 header was padded (with the padding after a QoS header's 26 bytes).
fn radio_headers(linktype: u32, qos: bool) -> Vec<(Vec<u8>, &'static str)> {
    match linktype {
        127 => {
            // 8 bytes, nothing present; and 12 with the flags field (0x20: data padding).
            let padded = vec![0, 0, 12, 0, 0x02, 0, 0, 0, 0x20, 0, 0, 0];
            vec![
                (vec![0, 0, 8, 0, 0, 0, 0, 0], "radiotap"),
                (
                    padded,
                    if qos {
                        "radiotap padded"
                    } else {
                        "radiotap flags"
                    },
                ),
            ]
        }
        // Prism's 144 bytes (a message code that is not AVS's cookie).
        119 => vec![([&[0, 0, 0, 0x44][..], &[0u8; 140]].concat(), "prism")],
        // AVS: the cookie 0x80211001 and a length of 64.
        163 => vec![(
            [&[0x80, 0x21, 0x10, 0x01, 0, 0, 0, 64][..], &[0u8; 56]].concat(),
            "avs",
        )],
        // PPI: version, flags, length 8, DLT 105, little-endian.
        192 => vec![(vec![0, 0, 8, 0, 105, 0, 0, 0], "ppi")],
        _ => vec![(Vec::new(), "bare")],
    }
}

/// The capture of `linktype`: every header before every packet it may carry, plus an OSI
/// packet on Cisco HDLC, a non-IP frame and cut-short copies.
fn capture(linktype: u32) -> Vec<Pkt> {
    let mut out = Vec::new();
    for (v6, pkt, what) in l3() {
        if (linktype == 228 && v6) || (linktype == 229 && !v6) {
            continue;
        }
        for (h, hw) in headers(linktype, v6) {
            let data = [h, pkt.clone()].concat();
            out.push(Pkt {
                wire_len: data.len() as u32,
                what: format!("{hw} {what}"),
                data: data.clone(),
            });
            let cut = data.len() - 6;
            out.push(Pkt {
                data: data[..cut].to_vec(),
                wire_len: data.len() as u32,
                what: format!("{hw} {what} cut"),
            });
        }
    }
    if linktype == 104 {
        let osi = [0x0f, 0x00, 0xfe, 0xfe, 0x03, 0x83, 27, 1, 0, 0x12, 1, 0];
        out.push(Pkt {
            data: osi.to_vec(),
            wire_len: osi.len() as u32,
            what: "chdlc osi is-is".into(),
        });
    }
    if matches!(linktype, 105 | 127 | 119 | 163 | 192) {
        // A beacon from 02:00:00:00:00:01 to everyone, an ACK, and a padded QoS data frame.
        let mut beacon = vec![0x80, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        beacon.extend_from_slice(&[2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1, 0, 0]);
        beacon.extend_from_slice(&[0; 12]);
        let ack = vec![0xd4, 0, 0, 0, 2, 0, 0, 0, 0, 1];
        for (f, what) in [(beacon, "wlan beacon"), (ack, "wlan ack")] {
            for (r, rw) in radio_headers(linktype, false) {
                let data = [r, f.clone()].concat();
                out.push(Pkt {
                    wire_len: data.len() as u32,
                    data,
                    what: format!("{rw} {what}"),
                });
            }
        }
        if linktype == 127 {
            // The padded radiotap QoS frame: 12 + 26 = 38, rounded up to 40 before the LLC.
            let (h, _) = wlan_data_headers(&[0x08, 0x00]).remove(2);
            let l3v4 = l3()[0].1.clone();
            let mut data = vec![0, 0, 12, 0, 0x02, 0, 0, 0, 0x20, 0, 0, 0];
            data.extend_from_slice(&h[..26]);
            data.extend_from_slice(&[0, 0]);
            data.extend_from_slice(&h[26..]);
            data.extend_from_slice(&l3v4);
            out.push(Pkt {
                wire_len: data.len() as u32,
                data,
                what: "radiotap padded qos ip really padded".into(),
            });
        }
    }
    if linktype == 113 {
        // 802.2 frames (protocol 4): an IS-IS PDU, and SNAP-encapsulated AppleTalk.
        let mut h = vec![
            0, 0, 0, 1, 0, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0, 0, 4,
        ];
        h.extend_from_slice(&[0xfe, 0xfe, 0x03, 0x83, 27, 1, 0, 0x12, 1, 0]);
        out.push(Pkt {
            wire_len: h.len() as u32,
            data: h,
            what: "sll 802.2 is-is".into(),
        });
        let mut h = vec![
            0, 0, 0, 1, 0, 6, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0, 0, 4,
        ];
        h.extend_from_slice(&[0xaa, 0xaa, 0x03, 0x08, 0x00, 0x07, 0x80, 0x9b, 0, 0]);
        out.push(Pkt {
            wire_len: h.len() as u32,
            data: h,
            what: "sll 802.2 snap atalk".into(),
        });
    }
    if matches!(linktype, 9 | 50 | 166 | 104) {
        // A link-control frame (LCP on PPP, SLARP on Cisco HDLC): no network layer.
        let ctl = match linktype {
            104 => vec![0x8f, 0x00, 0x80, 0x35, 0, 0, 0, 1],
            _ => vec![0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4],
        };
        out.push(Pkt {
            wire_len: ctl.len() as u32,
            data: ctl,
            what: "link control".into(),
        });
    }
    out
}

fn tcpdump(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = std::process::Command::new("tcpdump")
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn every_listed_link_type_has_packets_here() {
    let listed: Vec<u32> = linktypes().iter().map(|(v, _)| *v).collect();
    for lt in [
        0u32, 108, 101, 228, 229, 8, 9, 50, 166, 104, 113, 105, 127, 119, 163, 192,
    ] {
        assert!(listed.contains(&lt), "{lt} is not compiled for");
        assert!(capture(lt).len() >= 6, "{lt}: too few test packets");
    }
}

#[test]
fn programs_and_verdicts_equal_libpcaps_on_each_link_type() {
    if !gate::have_tcpdump() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("promisc-linktypes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.pcap");
    let mut failures = Vec::new();
    let mut compared = 0;
    for lt in [
        0u32, 108, 101, 228, 229, 8, 9, 50, 166, 104, 113, 105, 127, 119, 163, 192,
    ] {
        let pkts = capture(lt);
        let file = dir.join(format!("{lt}.pcap"));
        write_pcap(&file, lt, &pkts);
        let f = file.to_str().unwrap();
        for e in EXPRS {
            let opts = Options {
                linktype: lt,
                netmask: Some(0),
                savefile_swapped: Some(false),
                ..Options::default()
            };
            let ours = compile(e, &opts, &NoResolver);
            let theirs = tcpdump(&["-d", "-r", f, "--", e]);
            match (&ours, &theirs) {
                (Err(_), Err(_)) => continue,
                (Ok(_), Err(t)) => {
                    failures.push(format!("{lt} {e}: libpcap refuses ({t}), we compile it"));
                    continue;
                }
                (Err(o), Ok(_)) => {
                    failures.push(format!("{lt} {e}: we refuse it ({o}), libpcap compiles it"));
                    continue;
                }
                (Ok(p), Ok(t)) => {
                    let t = String::from_utf8_lossy(t);
                    if dump(p, DumpStyle::D) != t {
                        failures.push(format!(
                            "{lt} {e}:\nours:\n{}libpcap:\n{t}",
                            dump(p, DumpStyle::D)
                        ));
                    }
                }
            }
            let p = ours.unwrap();
            tcpdump(&["-r", f, "-w", out.to_str().unwrap(), "--", e]).unwrap();
            let mut keep = vec![false; pkts.len()];
            for i in pcap_indexes(&std::fs::read(&out).unwrap()) {
                keep[i] = true;
            }
            let m = Machine::new(&p);
            for (i, pk) in pkts.iter().enumerate() {
                compared += 1;
                let v = m.run(&pk.data, pk.wire_len, &Meta::default()) != 0;
                if v != keep[i] {
                    failures.push(format!(
                        "{lt} {e}: {} ours {v}, tcpdump {}",
                        pk.what, keep[i]
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(compared > 1000, "only {compared} verdicts compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A big-endian pcap file of NULL packets (the address family in big-endian order), as a
/// big-endian machine writes it.
fn null_big_endian(path: &std::path::Path, pkts: &[Pkt]) {
    let mut v = 0xa1b2_c3d4u32.to_be_bytes().to_vec();
    v.extend_from_slice(&2u16.to_be_bytes());
    v.extend_from_slice(&4u16.to_be_bytes());
    for w in [0u32, 0, 262_144, 0] {
        v.extend_from_slice(&w.to_be_bytes());
    }
    for (i, p) in pkts.iter().enumerate() {
        for w in [i as u32, 0, p.data.len() as u32, p.wire_len] {
            v.extend_from_slice(&w.to_be_bytes());
        }
        v.extend_from_slice(&p.data);
    }
    std::fs::write(path, v).unwrap();
}

#[test]
fn null_in_a_byte_swapped_file_is_read_as_libpcap_reads_it() {
    if !gate::have_tcpdump() {
        return;
    }
    // On this (little-endian) machine a big-endian file is the swapped one.
    let swapped = cfg!(target_endian = "little");
    let mut pkts = Vec::new();
    for (v6, pkt, what) in l3() {
        let afs: &[u32] = if v6 { &[24, 28, 30, 10] } else { &[2] };
        for af in afs {
            let data = [af.to_be_bytes().to_vec(), pkt.clone()].concat();
            pkts.push(Pkt {
                wire_len: data.len() as u32,
                data,
                what: format!("af {af} {what}"),
            });
        }
    }
    let dir = std::env::temp_dir().join(format!("promisc-null-be-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("null-be.pcap");
    let out = dir.join("out.pcap");
    null_big_endian(&file, &pkts);
    let f = file.to_str().unwrap();
    let mut failures = Vec::new();
    for e in ["ip", "ip6", "udp", "ip6 and tcp", "not ip"] {
        let opts = Options {
            linktype: 0,
            netmask: Some(0),
            savefile_swapped: Some(swapped),
            ..Options::default()
        };
        let p = compile(e, &opts, &NoResolver).unwrap();
        let theirs = String::from_utf8(tcpdump(&["-d", "-r", f, "--", e]).unwrap()).unwrap();
        if dump(&p, DumpStyle::D) != theirs {
            failures.push(format!(
                "{e}:\nours:\n{}libpcap:\n{theirs}",
                dump(&p, DumpStyle::D)
            ));
        }
        tcpdump(&["-r", f, "-w", out.to_str().unwrap(), "--", e]).unwrap();
        let mut keep = vec![false; pkts.len()];
        for i in pcap_indexes(&std::fs::read(&out).unwrap()) {
            keep[i] = true;
        }
        let m = Machine::new(&p);
        for (i, pk) in pkts.iter().enumerate() {
            if (m.run(&pk.data, pk.wire_len, &Meta::default()) != 0) != keep[i] {
                failures.push(format!("{e}: {} differs (tcpdump {})", pk.what, keep[i]));
            }
        }
        assert!(keep.iter().any(|k| *k), "{e}: tcpdump keeps nothing");
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Generated expressions (the crate's `testgen`) compiled for each 802.11 link type, optimized
/// and not: our program prints as `tcpdump -d -y DLT` prints libpcap's, and what libpcap
/// refuses we refuse. The one allowed difference: where libpcap's own program reads a scratch
/// word no path wrote (the kernel refuses it: `pppoes` or `geneve` after a radio header), we
/// refuse to make it.
#[test]
fn generated_expressions_print_as_libpcaps_on_802_11() {
    if !gate::have_tcpdump() {
        return;
    }
    let n: usize = std::env::var("PROMISC_GENERATED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let mut rng = promisc_testkit::rng::Rng(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    let (mut same, mut libpcaps_bug) = (0, 0);
    for _ in 0..n {
        let e = promisc_filter::testgen::expression(&rng.bytes(64));
        for (lt, name) in [
            (105u32, "IEEE802_11"),
            (127, "IEEE802_11_RADIO"),
            (119, "PRISM_HEADER"),
            (163, "IEEE802_11_RADIO_AVS"),
            (192, "PPI"),
        ] {
            for optimize in [true, false] {
                // tcpdump -d compiles with no savefile, as for a live capture (`inbound` and
                // `ifindex` read Linux's metadata).
                let opts = Options {
                    linktype: lt,
                    optimize,
                    target: promisc_filter::CompileTarget::LiveLinux,
                    ..Options::default()
                };
                let ours = compile(&e, &opts, &NoResolver);
                let mut args = vec!["-y", name, "-d"];
                if !optimize {
                    args.push("-O");
                }
                args.extend(["--", &e]);
                let theirs = tcpdump(&args);
                match (ours, theirs) {
                    (Err(_), Err(_)) => {}
                    (Ok(p), Ok(t)) => {
                        let t = String::from_utf8_lossy(&t).into_owned();
                        if dump(&p, DumpStyle::D) == t {
                            same += 1;
                        } else {
                            failures
                                .push(format!("{name} {e} (optimize {optimize}): programs differ"));
                        }
                    }
                    (Ok(_), Err(t)) => failures.push(format!("{name} {e}: libpcap refuses ({t})")),
                    (Err(o), Ok(_)) => {
                        args[2] = "-ddd";
                        let ddd = String::from_utf8_lossy(&tcpdump(&args).unwrap()).into_owned();
                        let theirs = promisc_filter::parse_ddd(&ddd).unwrap();
                        let unwritten = matches!(
                            promisc_filter::validate(&theirs),
                            Err(promisc_filter::ValidationError::ReadBeforeWrite(_))
                        );
                        if unwritten && o.message.contains("read before it is written") {
                            libpcaps_bug += 1;
                            if libpcaps_bug <= 3 {
                                println!("libpcap's program reads unwritten memory: {name} {e}");
                            }
                        } else {
                            failures.push(format!("{name} {e}: we refuse ({o})"));
                        }
                    }
                }
            }
        }
    }
    println!(
        "802.11 generated: {same} identical, {libpcaps_bug} libpcap programs the kernel refuses"
    );
    assert!(same > n, "only {same} programs compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
