//! Every parser is total: thousands of mutated and truncated fixture packets go through the
//! printer (with and without `-v`), the JSON writer and `parse` without a panic, and every JSON object still parses.

use crate::common::*;
use promisc_testkit::rng::Rng;
use promisc_wire::{
    parse, write_json, write_line, PrintOptions, Printer, LINKTYPE_LINUX_SLL, LINKTYPE_RAW,
};

/// A number in `0..n` (0 when `n` is 0).
fn pick(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

fn exercise(printers: &mut [Printer], linktype: u32, data: &[u8], orig_len: u32, ts: u64) {
    for p in printers.iter_mut() {
        let mut s = String::new();
        p.write_line(&mut s, ts, linktype, data, orig_len).unwrap();
        let mut j = Vec::new();
        p.write_json(&mut j, ts, linktype, Some("eth\"0\n"), data, orig_len)
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&j)
            .unwrap_or_else(|e| panic!("bad JSON {e}: {}", String::from_utf8_lossy(&j)));
        assert!(v["summary"].is_string());
    }
    let mut s = String::new();
    write_line(
        &mut s,
        ts,
        linktype,
        data,
        orig_len,
        &PrintOptions::default(),
    )
    .unwrap();
    let mut j = Vec::new();
    write_json(&mut j, ts, linktype, None, data, orig_len).unwrap();
    let ls = parse(linktype, data);
    assert!(ls.iter().count() <= promisc_wire::layers::MAX_LAYERS);
}

#[test]
fn mutated_packets_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut printers: Vec<Printer> = [
        PrintOptions::default(),
        PrintOptions {
            link_header: true,
            ..Default::default()
        },
        PrintOptions {
            quiet: true,
            nanos: true,
            utc_offset_secs: -3600,
            ..Default::default()
        },
        PrintOptions {
            verbose: 1,
            ..Default::default()
        },
        PrintOptions {
            verbose: 3,
            ..Default::default()
        },
        PrintOptions {
            verbose: 2,
            quiet: true,
            ..Default::default()
        },
        PrintOptions {
            verbose: 1,
            link_header: true,
            mesh_headers: true,
            ..Default::default()
        },
        PrintOptions {
            verbose: 1,
            packet_type: Some(promisc_wire::PacketType::Zmtp1),
            ..Default::default()
        },
        PrintOptions {
            verbose: 2,
            packet_type: Some(promisc_wire::PacketType::PgmZmtp1),
            ..Default::default()
        },
        PrintOptions {
            verbose: 1,
            packet_type: Some(promisc_wire::PacketType::Rtp),
            ..Default::default()
        },
        // tcpdump 5's -g and --lengths, with -#.
        PrintOptions {
            verbose: 1,
            ip_oneline: true,
            lengths: true,
            numbers: true,
            ..Default::default()
        },
        // OpenFlow 1.0 decodes the frames it carries from -vvv on; -b for BGP.
        PrintOptions {
            verbose: 4,
            asdot: true,
            ..Default::default()
        },
    ]
    .into_iter()
    .map(Printer::new)
    .collect();
    let mut sets: Vec<(u32, Vec<Pkt>)> = vec![
        (LINKTYPE_ETHERNET, ether_packets()),
        (LINKTYPE_LINUX_SLL2, sll2_packets()),
        (LINKTYPE_ETHERNET, verbose_packets()),
        (LINKTYPE_ETHERNET, routing_packets()),
        (LINKTYPE_ETHERNET, vl2_packets()),
        (LINKTYPE_ETHERNET, ptype_packets()),
        (LINKTYPE_ETHERNET, ofbgp_packets()),
        (LINKTYPE_ETHERNET, vroute_packets()),
        (LINKTYPE_ETHERNET, rx_fixture_packets()),
        (LINKTYPE_ETHERNET, ipx_fixture_packets()),
        (LINKTYPE_ETHERNET, decnet_fixture_packets()),
        (LINKTYPE_ETHERNET, isis_fixture_packets()),
        (LINKTYPE_ETHERNET, macsec_fixture_packets()),
        (LINKTYPE_ETHERNET, ipsec_fixture_packets()),
        (LINKTYPE_ETHERNET, radius_fixture_packets()),
        (LINKTYPE_ETHERNET, nsh_fixture_packets()),
        (LINKTYPE_ETHERNET, rpl_fixture_packets()),
        (LINKTYPE_ETHERNET, olsr_fixture_packets()),
        (LINKTYPE_ETHERNET, aodv_fixture_packets()),
        (LINKTYPE_ETHERNET, autorp_fixture_packets()),
        (LINKTYPE_ETHERNET, cfm_fixture_packets()),
        (LINKTYPE_ETHERNET, rpki_fixture_packets()),
        (LINKTYPE_ETHERNET, msnlb_fixture_packets()),
        (LINKTYPE_ETHERNET, rip_fixture_packets()),
        (LINKTYPE_ETHERNET, dvmrp_fixture_packets()),
        (LINKTYPE_ETHERNET, timed_natt_fixture_packets()),
        (LINKTYPE_ETHERNET, pptp_fixture_packets()),
        (LINKTYPE_ETHERNET, osi_fixture_packets()),
        (104, osi_chdlc_fixture_packets()),
        (107, osi_fr_fixture_packets()),
        (LINKTYPE_ETHERNET, l2tp_fixture_packets()),
        (LINKTYPE_ETHERNET, lisp_fixture_packets()),
        (LINKTYPE_ETHERNET, lmp_fixture_packets()),
        (LINKTYPE_ETHERNET, aarp_fixture_packets()),
        (LINKTYPE_ETHERNET, igrp_fixture_packets()),
        (LINKTYPE_ETHERNET, resp_packets()),
        (LINKTYPE_ETHERNET, isakmp_fixture_packets()),
        (LINKTYPE_IEEE802_15_4, ieee802154_fcs_packets()),
        (LINKTYPE_IEEE802_15_4_NOFCS, ieee802154_nofcs_packets()),
        (LINKTYPE_IEEE802_15_4_TAP, ieee802154_tap_packets()),
    ];
    // The same IP packets as LINKTYPE_RAW and with an SLL (v1) header.
    let raw: Vec<Pkt> = ether_packets()
        .into_iter()
        .filter(|p| p.data.len() > 14)
        .map(|mut p| {
            p.data.drain(..14);
            p.orig_len = p.data.len() as u32;
            p
        })
        .collect();
    let sll: Vec<Pkt> = raw
        .iter()
        .cloned()
        .map(|mut p| {
            let mut h = vec![0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 10, 0, 0, 0x08, 0x00];
            h.extend_from_slice(&p.data);
            p.data = h;
            p.orig_len = p.data.len() as u32;
            p
        })
        .collect();
    sets.push((LINKTYPE_RAW, raw));
    sets.push((LINKTYPE_LINUX_SLL, sll));
    for l in link_fixtures().into_iter().chain(lan_link_fixtures()) {
        sets.push((l.linktype, l.pkts));
    }
    for l in wlan_fixtures() {
        sets.push((l.linktype, l.pkts));
    }
    let mut runs = 0usize;
    for (lt, pkts) in &sets {
        for p in pkts {
            exercise(&mut printers, *lt, &p.data, p.orig_len, p.ts_ns);
            for _ in 0..60 {
                let mut d = p.data.clone();
                match pick(&mut rng, 4) {
                    0 => {
                        let n = pick(&mut rng, d.len() + 1);
                        d.truncate(n);
                    }
                    1 => {
                        for _ in 0..1 + pick(&mut rng, 4) {
                            if !d.is_empty() {
                                let i = pick(&mut rng, d.len());
                                d[i] = rng.next_u64() as u8;
                            }
                        }
                    }
                    2 => {
                        // Mutate a header byte (the first 80 bytes hold every length field).
                        if !d.is_empty() {
                            let i = pick(&mut rng, d.len().min(80));
                            d[i] =
                                [0, 1, 0x0f, 0x40, 0x45, 0x7f, 0x80, 0xc0, 0xff][pick(&mut rng, 9)];
                        }
                        let n = pick(&mut rng, d.len() + 1);
                        d.truncate(n.max(d.len() / 2));
                    }
                    _ => {
                        let extra = pick(&mut rng, 64);
                        for _ in 0..extra {
                            d.push(rng.next_u64() as u8);
                        }
                    }
                }
                let orig = match pick(&mut rng, 5) {
                    0 => 0,
                    1 => d.len() as u32 / 2,
                    2 => rng.next_u64() as u32,
                    _ => d.len() as u32 + pick(&mut rng, 100) as u32,
                };
                exercise(&mut printers, *lt, &d, orig, rng.next_u64());
                runs += 1;
            }
        }
    }
    // Noise after a Juniper pseudo-header's magic, every Juniper flag and cookie id (#22).
    for _ in 0..3000 {
        let mut d = b"MGC".to_vec();
        let n = pick(&mut rng, 120);
        d.extend((0..n).map(|_| rng.next_u64() as u8));
        if d.len() > 4 && pick(&mut rng, 2) == 0 {
            d[4] = [0x47, 0x54, 0x80, 0xc0][pick(&mut rng, 4)];
        }
        let lt = [
            130, 131, 132, 133, 134, 135, 136, 137, 164, 167, 168, 178, 179, 180, 181,
        ];
        let lt = lt[pick(&mut rng, lt.len())];
        exercise(&mut printers, lt, &d, d.len() as u32, rng.next_u64());
        runs += 1;
    }
    // Pure noise, every link type and one unknown.
    for _ in 0..3000 {
        let n = pick(&mut rng, 200);
        let d: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
        let lt = [
            LINKTYPE_ETHERNET,
            LINKTYPE_LINUX_SLL2,
            LINKTYPE_LINUX_SLL,
            LINKTYPE_RAW,
            147,
            // ATM and the aliases (#22).
            11,
            15,
            16,
            19,
            51,
            100,
            112,
            123,
            166,
            LINKTYPE_IEEE802_15_4,
            LINKTYPE_IEEE802_15_4_TAP,
        ][pick(&mut rng, 16)];
        exercise(&mut printers, lt, &d, n as u32, rng.next_u64());
        runs += 1;
    }
    assert!(runs > 10_000, "{runs}");
}

/// A `Printer` caches formatted addresses and conversations; the free `write_line` formats
/// everything afresh. With absolute sequence numbers both keep no other state, so every packet
/// (each printed three times, to hit the caches) must read the same.
#[test]
fn cached_and_uncached_text_agree() {
    for (linktype, pkts) in [
        (LINKTYPE_ETHERNET, ether_packets()),
        (LINKTYPE_LINUX_SLL2, sll2_packets()),
    ] {
        for opts in [
            PrintOptions::default(),
            PrintOptions {
                link_header: true,
                ..Default::default()
            },
        ] {
            // `-S` for both (SACK blocks then print absolute too).
            let opts = PrintOptions {
                absolute_seq: true,
                ..opts
            };
            let mut p = Printer::new(opts);
            p.set_absolute_tcp_seq(true);
            for _ in 0..3 {
                for k in &pkts {
                    let (mut a, mut b) = (String::new(), String::new());
                    p.write_line(&mut a, k.ts_ns, linktype, &k.data, k.orig_len)
                        .unwrap();
                    write_line(&mut b, k.ts_ns, linktype, &k.data, k.orig_len, &opts).unwrap();
                    assert_eq!(a, b, "{}", k.name);
                }
            }
        }
    }
}
