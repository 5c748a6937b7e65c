//! Frames built with the `wire::frame` emitters are accepted by tcpdump: `tcpdump -vv` checks
//! the IPv4 header, UDP, TCP, ICMP and ICMPv6 checksums and would print `bad cksum` or
//! `incorrect`. Skipped when tcpdump is not installed.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::Command;

use promisc_wire::frame::{arp, ethernet, icmp, icmpv6, ipv4, ipv6, tcp, udp, vlan};
use promisc_wire::{ethertype, ip_proto};

const SRC: [u8; 6] = [2, 0, 0, 0, 0, 1];
const DST: [u8; 6] = [2, 0, 0, 0, 0, 2];

fn ether(ethertype: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    ethernet::Repr {
        src: SRC,
        dst: DST,
        ethertype,
    }
    .emit_vec(payload, &mut v);
    v
}

fn ip4(protocol: u8, l4: impl Fn(&ipv4::Repr, &mut [u8]), len: usize) -> Vec<u8> {
    let ip = ipv4::Repr {
        src: Ipv4Addr::new(10, 0, 0, 1),
        dst: Ipv4Addr::new(10, 0, 0, 2),
        protocol,
        payload_len: len,
        ttl: 64,
        tos: 0,
        ident: 7,
        dont_frag: true,
    };
    let mut b = vec![0u8; 20 + len];
    ip.emit(&mut b).unwrap();
    l4(&ip, &mut b[20..]);
    ether(ethertype::IPV4, &b)
}

fn frames() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    out.push(ip4(
        ip_proto::UDP,
        |ip, b| {
            udp::Repr {
                src_port: 40000,
                dst_port: 9,
            }
            .emit(b, b"hello", &ip.pseudo_header())
            .unwrap()
        },
        13,
    ));
    out.push(ip4(
        ip_proto::TCP,
        |ip, b| {
            tcp::Repr {
                src_port: 40000,
                dst_port: 80,
                seq: 1000,
                ack: 0,
                flags: tcp::SYN,
                window: 65535,
                urgent: 0,
            }
            .emit(b, b"", &ip.pseudo_header())
            .unwrap()
        },
        20,
    ));
    out.push(ip4(
        ip_proto::ICMP,
        |_, b| icmp::Repr::echo_request(0x42, 1).emit(b, b"ping").unwrap(),
        12,
    ));
    let mut a = Vec::new();
    arp::Repr::request(SRC, Ipv4Addr::UNSPECIFIED, Ipv4Addr::new(10, 0, 0, 2)).emit_vec(&mut a);
    out.push(ether(ethertype::ARP, &a));
    let src: Ipv6Addr = "fe80::1".parse().unwrap();
    let target: Ipv6Addr = "fe80::2".parse().unwrap();
    let nd = [
        icmpv6::NdiscRepr::NeighborSolicit {
            target,
            lladdr: Some(SRC),
        },
        icmpv6::NdiscRepr::NeighborAdvert {
            flags: icmpv6::NA_SOLICITED | icmpv6::NA_OVERRIDE,
            target,
            lladdr: Some(SRC),
        },
        icmpv6::NdiscRepr::RouterSolicit { lladdr: Some(SRC) },
        icmpv6::NdiscRepr::RouterAdvert {
            hop_limit: 64,
            flags: 0,
            router_lifetime: 1800,
            reachable_time: 0,
            retrans_time: 0,
            lladdr: Some(SRC),
        },
    ];
    for n in nd {
        let m = icmpv6::Repr::Ndisc(n);
        let ip = ipv6::Repr {
            src,
            dst: ipv6::solicited_node(target),
            next_header: ip_proto::ICMPV6,
            payload_len: m.buffer_len(),
            hop_limit: 255,
            traffic_class: 0,
            flow_label: 0,
        };
        let mut b = vec![0u8; 40 + m.buffer_len()];
        ip.emit(&mut b).unwrap();
        m.emit(&mut b[40..], &ip.pseudo_header()).unwrap();
        out.push(ether(ethertype::IPV6, &b));
    }
    // A tagged copy of the UDP frame.
    let mut tagged = Vec::new();
    let tci = vlan::Repr {
        pcp: 0,
        dei: false,
        vid: 100,
        ethertype: 0,
    }
    .tci();
    vlan::reinsert(&out[0], tci, 0, &mut tagged);
    out.push(tagged);
    out
}

fn pcap(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut f2 = Vec::new();
    f2.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    f2.extend_from_slice(&2u16.to_le_bytes());
    f2.extend_from_slice(&4u16.to_le_bytes());
    f2.extend_from_slice(&[0; 8]);
    f2.extend_from_slice(&65535u32.to_le_bytes());
    f2.extend_from_slice(&1u32.to_le_bytes());
    for (i, fr) in frames.iter().enumerate() {
        for w in [
            1_700_000_000 + i as u32,
            0,
            fr.len() as u32,
            fr.len() as u32,
        ] {
            f2.extend_from_slice(&w.to_le_bytes());
        }
        f2.extend_from_slice(fr);
    }
    f2
}

#[test]
fn tcpdump_accepts_the_checksums() {
    let frames = frames();
    let path = std::env::temp_dir().join(format!("wire-frame-emit-{}.pcap", std::process::id()));
    std::fs::write(&path, pcap(&frames)).unwrap();
    let Ok(o) = Command::new("tcpdump")
        .args(["-vv", "-n", "-r"])
        .arg(&path)
        .output()
    else {
        eprintln!("tcpdump not installed: skipped");
        return;
    };
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        !text.contains("bad") && !text.contains("incorrect"),
        "{text}"
    );
    for want in [
        "UDP, length 5",
        "[udp sum ok]",
        "cksum 0x",
        "ICMP echo request, id 66, seq 1",
        "Request who-has 10.0.0.2 tell 0.0.0.0",
        "neighbor solicitation, length 32, who has fe80::2",
        "source link-address option (1), length 8 (1): 02:00:00:00:00:01",
        "neighbor advertisement, length 32, tgt is fe80::2, Flags [solicited, override]",
        "router solicitation, length 16",
        "router advertisement, length 24",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
    // The UDP frame and its VLAN-tagged copy (tcpdump shows the tag only with -e).
    assert_eq!(text.matches("[udp sum ok]").count(), 2, "{text}");
}
