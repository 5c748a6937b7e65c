//! The BGP and OpenFlow fixture: messages built byte by byte (each message type, the path
//! attributes and address families the printers decode, OpenFlow 1.0 and 1.3 bodies) over
//! TCP, with truncated variants.

use super::*;

/// A TCP segment from `sport` to `dport` carrying `payload`, in IPv4 in Ethernet.
fn seg(sport: u16, dport: u16, payload: &[u8]) -> Vec<u8> {
    let t = Tcp::new(sport, dport, 1000, 2000, ACK | PSH);
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(IP_A, IP_B, 6, &t.build(&IP_A, &IP_B, payload)),
    )
}

/// A BGP message: marker, length, `ty`, `body`.
fn bgp(ty: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![0xff; 16];
    v.extend_from_slice(&((19 + body.len()) as u16).to_be_bytes());
    v.push(ty);
    v.extend_from_slice(body);
    v
}

/// A path attribute: flags, type, length (two bytes when flag 0x10), value.
fn attr(flags: u8, ty: u8, value: &[u8]) -> Vec<u8> {
    let mut v = vec![flags, ty];
    if flags & 0x10 != 0 {
        v.extend_from_slice(&(value.len() as u16).to_be_bytes());
    } else {
        v.push(value.len() as u8);
    }
    v.extend_from_slice(value);
    v
}

/// An UPDATE's body: withdrawn routes, path attributes, announced routes.
fn update(withdrawn: &[u8], attrs: &[u8], nlri: &[u8]) -> Vec<u8> {
    let mut v = (withdrawn.len() as u16).to_be_bytes().to_vec();
    v.extend_from_slice(withdrawn);
    v.extend_from_slice(&(attrs.len() as u16).to_be_bytes());
    v.extend_from_slice(attrs);
    v.extend_from_slice(nlri);
    v
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// An OPEN with capabilities: multiprotocol, route refresh, 4-byte AS (above 65535, so `-b`
/// shows it as ASDOT), graceful restart, ADD-PATH, long-lived GR and an unknown one.
fn bgp_open() -> Vec<u8> {
    let caps = cat(&[
        &[1, 4, 0, 1, 0, 1],
        &[1, 4, 0, 2, 0, 128],
        &[2, 0],
        &[65, 4, 0xfa, 0x56, 0xea, 0x01],
        &[64, 6, 0x80, 0x78, 0, 1, 1, 0x80],
        &[69, 4, 0, 1, 1, 3],
        &[71, 0],
        &[99, 3, 1, 2, 3],
    ]);
    let mut opts = vec![2, caps.len() as u8];
    opts.extend_from_slice(&caps);
    let mut body = vec![4];
    body.extend_from_slice(&23456u16.to_be_bytes());
    body.extend_from_slice(&180u16.to_be_bytes());
    body.extend_from_slice(&IP_A);
    body.push(opts.len() as u8);
    body.extend_from_slice(&opts);
    bgp(1, &body)
}

/// An UPDATE with the classic attributes and IPv4 routes.
fn bgp_update_v4() -> Vec<u8> {
    let as_path = cat(&[
        &[2, 2, 0, 0, 0xfd, 0xe8, 0xfa, 0x56, 0xea, 0x01],
        &[1, 2, 0, 0, 0, 100, 0, 0, 0, 200],
    ]);
    let ext = cat(&[
        &[0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100],
        &[0x01, 0x02, 10, 0, 0, 1, 0, 7],
        &[0x02, 0x02, 0xfa, 0x56, 0xea, 0x01, 0, 9],
        &[0x40, 0x04, 0xfd, 0xe8, 0x4b, 0x3e, 0xbc, 0x20],
        &[0x03, 0x06, 0, 0, 0, 1, 5, 1],
        &[0x80, 0x0a, 5, 0x11, 0x05, 0xdc, 0, 0],
        &[0x00, 0x09, 0xfd, 0xe8, 0, 0, 0, 0],
        &[0x03, 0x0c, 0, 0, 0, 0, 0, 8],
        &[0x47, 0x99, 1, 2, 3, 4, 5, 6],
    ]);
    let attrs = cat(&[
        &attr(0x40, 1, &[0]),
        &attr(0x40, 2, &as_path),
        &attr(0x40, 3, &IP_A),
        &attr(0x80, 4, &[0, 0, 0, 50]),
        &attr(0x40, 5, &[0, 0, 0, 100]),
        &attr(0x40, 6, &[]),
        &attr(0xc0, 7, &[0xfa, 0x56, 0xea, 0x01, 10, 0, 0, 9]),
        &attr(
            0xc0,
            8,
            &[0xfd, 0xe8, 0, 1, 0xff, 0xff, 0xff, 0x01, 0, 1, 0, 2],
        ),
        &attr(0x80, 9, &IP_B),
        &attr(0x80, 10, &[10, 0, 0, 1, 10, 0, 0, 2]),
        &attr(0xc0, 16, &ext),
        &attr(0xc0, 32, &[0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2]),
        &attr(0xc0, 200, &[1, 2, 3]),
    ]);
    bgp(
        2,
        &update(
            &[24, 10, 1, 2, 32, 10, 9, 9, 9],
            &attrs,
            &[24, 198, 51, 100, 8, 10, 0],
        ),
    )
}

/// An UPDATE with MP_REACH_NLRI for IPv6 (global and link-local next hops) and
/// MP_UNREACH_NLRI for labelled IPv4.
fn bgp_update_mp() -> Vec<u8> {
    let reach = cat(&[
        &[0, 2, 1, 32],
        &IP6_A,
        &LL_A,
        &[0],
        &[64, 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0],
        &[33, 0x20, 0x01, 0x0d, 0xb8, 0x80],
    ]);
    let unreach = cat(&[&[0, 1, 4], &[24 + 24, 0x01, 0x86, 0xa1, 198, 51, 100]]);
    let attrs = cat(&[
        &attr(0x40, 1, &[2]),
        &attr(0x40, 2, &[]),
        &attr(0x90, 14, &reach),
        &attr(0x90, 15, &unreach),
    ]);
    bgp(2, &update(&[], &attrs, &[]))
}

/// An UPDATE with a VPN-IPv4 route (RD type 0), a route-target constraint and an MDT route.
fn bgp_update_vpn() -> Vec<u8> {
    let reach = cat(&[
        &[0, 1, 128, 12],
        &[0, 0, 0, 0, 0, 0, 0, 0],
        &IP_A,
        &[0],
        &[
            88 + 24,
            0x01,
            0x86,
            0xa1,
            0,
            0,
            0xfd,
            0xe8,
            0,
            0,
            0,
            5,
            203,
            0,
            113,
        ],
        &[
            88 + 32,
            0x00,
            0x03,
            0xe9,
            0,
            1,
            10,
            0,
            0,
            1,
            0,
            3,
            10,
            1,
            2,
            3,
        ],
    ]);
    let rtc = cat(&[
        &[0, 1, 132, 4],
        &IP_A,
        &[0],
        &[96, 0, 0, 0xfd, 0xe8, 0x00, 0x02, 0xfd, 0xe8, 0, 0, 0, 100],
        &[0],
    ]);
    let attrs = cat(&[
        &attr(0x40, 1, &[0]),
        &attr(0x90, 14, &reach),
        &attr(0x90, 14, &rtc),
        &attr(0x80, 22, &[0, 6, 0, 0x10, 0x01, 198, 51, 100, 7]),
        &attr(0x80, 26, &[1, 0, 11, 0, 0, 0, 0, 0, 0, 0x07, 0xd0]),
    ]);
    bgp(2, &update(&[], &attrs, &[]))
}

/// An UPDATE with a VPLS route (a circuit status vector and an unknown TLV), an L2VPN
/// next-hop route, NSAP and VPN-NSAP routes with their next hops.
fn bgp_update_l2_nsap() -> Vec<u8> {
    let vpls = cat(&[
        &[0, 25, 65, 4],
        &IP_A,
        &[0],
        &[
            0, 25, 0, 0, 0xfd, 0xe8, 0, 0, 0, 7, 0, 1, 0, 8, 0x01, 0x86, 0xa1,
        ],
        &[1, 0, 12, 0xff, 0xf0, 2, 0, 8, 0xaa],
        &[0, 12, 0, 1, 10, 0, 0, 1, 0, 5, 198, 51, 100, 1],
    ]);
    let nsap_nh = [0x49, 0, 1, 0x19, 0x21, 0x68, 0, 0x10, 0x01];
    let nsap = cat(&[
        &[0, 3, 1, nsap_nh.len() as u8],
        &nsap_nh,
        &[0],
        &[40, 0, 0, 0, 0x49, 0, 1, 0x19, 0x21],
    ]);
    let vpn_nh = cat(&[
        &[0, 0, 0xfd, 0xe8, 0, 0, 0, 1],
        &[0x47, 0, 6, 1],
        &IP_B,
        &[0],
    ]);
    let vpn_nsap = cat(&[
        &[0, 3, 128, vpn_nh.len() as u8],
        &vpn_nh,
        &[0],
        &[
            88 + 24,
            0x01,
            0x86,
            0xa1,
            0,
            1,
            10,
            0,
            0,
            1,
            0,
            9,
            0x49,
            0,
            1,
        ],
    ]);
    let attrs = cat(&[
        &attr(0x90, 14, &vpls),
        &attr(0x90, 14, &nsap),
        &attr(0x90, 14, &vpn_nsap),
    ]);
    bgp(2, &update(&[], &attrs, &[]))
}

/// An UPDATE with multicast VPN routes: a Source Tree Join with IPv6 source and group (its
/// text longer than tcpdump's buffer), an S-PMSI and an Intra-AS I-PMSI.
fn bgp_update_mvpn() -> Vec<u8> {
    let rd = [0, 2, 0xfa, 0x56, 0xea, 0x01, 0xff, 0xff];
    let join = cat(&[
        &[7, 46],
        &rd,
        &[0xfa, 0x56, 0xea, 0x01],
        &[128],
        &IP6_A,
        &[128],
        &IP6_B,
    ]);
    let spmsi = cat(&[&[3, 22], &rd, &[32], &IP_A, &[32], &IP_C, &IP_B]);
    let ipmsi = cat(&[&[1, 12], &rd, &IP_B]);
    let reach = cat(&[&[0, 1, 5, 4], &IP_A, &[0], &join, &spmsi, &ipmsi]);
    let attrs = cat(&[&attr(0x40, 1, &[0]), &attr(0x90, 14, &reach)]);
    bgp(2, &update(&[], &attrs, &[]))
}

/// An UPDATE with an attribute set (RFC 6368) holding its own attributes.
fn bgp_update_attr_set() -> Vec<u8> {
    let inner = cat(&[
        &attr(0x40, 1, &[0]),
        &attr(0x40, 2, &[2, 1, 0x15, 0xb3]),
        &attr(0x40, 5, &[0, 0, 0, 44]),
    ]);
    let set = cat(&[&[0, 0, 0xfd, 0xe9], &inner]);
    let attrs = cat(&[&attr(0x40, 1, &[1]), &attr(0xc0, 128, &set)]);
    bgp(2, &update(&[], &attrs, &[8, 10]))
}

/// A NOTIFICATION: Cease, administrative shutdown, with its communication and trailing data.
fn bgp_notification_shutdown() -> Vec<u8> {
    let msg = b"maintenance";
    let mut body = vec![6, 2, msg.len() as u8];
    body.extend_from_slice(msg);
    body.extend_from_slice(&[0xde, 0xad]);
    bgp(3, &body)
}

fn bgp_packets(b: &mut B) {
    let open = bgp_open();
    b.add("bgp open", false, seg(40179, 179, &open));
    b.add("bgp keepalive", false, seg(179, 40179, &bgp(4, &[])));
    b.add(
        "bgp two keepalives",
        false,
        seg(179, 40179, &cat(&[&bgp(4, &[]), &bgp(4, &[])])),
    );
    let up = bgp_update_v4();
    b.add("bgp update v4", false, seg(179, 40179, &up));
    b.add("bgp update mp", false, seg(179, 40179, &bgp_update_mp()));
    b.add("bgp update vpn", false, seg(179, 40179, &bgp_update_vpn()));
    b.add(
        "bgp update l2vpn nsap",
        false,
        seg(179, 40179, &bgp_update_l2_nsap()),
    );
    b.add(
        "bgp update mvpn",
        false,
        seg(179, 40179, &bgp_update_mvpn()),
    );
    b.add(
        "bgp update attr set",
        false,
        seg(179, 40179, &bgp_update_attr_set()),
    );
    b.add(
        "bgp end of rib",
        false,
        seg(179, 40179, &bgp(2, &update(&[], &[], &[]))),
    );
    b.add(
        "bgp notification shutdown",
        false,
        seg(179, 40179, &bgp_notification_shutdown()),
    );
    b.add(
        "bgp notification open",
        false,
        seg(179, 40179, &bgp(3, &[2, 2, 0, 0])),
    );
    b.add(
        "bgp notification maxprefix",
        false,
        seg(179, 40179, &bgp(3, &[6, 1, 0, 1, 1, 0, 0, 0x03, 0xe8])),
    );
    b.add(
        "bgp route refresh",
        false,
        seg(179, 40179, &bgp(5, &[0, 2, 0, 1])),
    );
    b.add(
        "bgp unknown type",
        false,
        seg(179, 40179, &bgp(9, &[1, 2, 3, 4])),
    );
    b.add(
        "bgp bad length",
        false,
        seg(179, 40179, &[&[0xff; 16][..], &[0, 10, 4]].concat()),
    );
    b.add(
        "bgp garbage then keepalive",
        false,
        seg(179, 40179, &cat(&[&[1, 2, 0xff, 3], &bgp(4, &[])])),
    );
    // Truncated: the capture ends inside the messages.
    for (name, data, keep) in [
        ("bgp open cut", seg(40179, 179, &open), 54 + 40),
        ("bgp open cut header", seg(40179, 179, &open), 54 + 17),
        ("bgp update cut", seg(179, 40179, &up), 54 + 60),
        (
            "bgp update mp cut",
            seg(179, 40179, &bgp_update_mp()),
            54 + 70,
        ),
    ] {
        let len = data.len() as u32;
        b.add_len(name, false, data[..keep].to_vec(), len);
    }
}

/// An OpenFlow message: version, type, length, xid, `body`.
fn of(version: u8, ty: u8, xid: u32, body: &[u8]) -> Vec<u8> {
    let mut v = vec![version, ty];
    v.extend_from_slice(&((8 + body.len()) as u16).to_be_bytes());
    v.extend_from_slice(&xid.to_be_bytes());
    v.extend_from_slice(body);
    v
}

/// A NUL-padded name of `n` bytes.
fn name(s: &str, n: usize) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.resize(n, 0);
    v
}

/// OpenFlow 1.0's 40-byte match: in_port, addresses, VLAN, IPv4 and the ICMP type.
fn of10_match(wildcards: u32) -> Vec<u8> {
    cat(&[
        &wildcards.to_be_bytes(),
        &[0, 3],
        &MAC_A,
        &MAC_B,
        &[0, 100, 5, 0],
        &[0x08, 0x00, 0x10, 1, 0, 0],
        &IP_A,
        &IP_B,
        &[0, 8, 0, 0],
    ])
}

/// OpenFlow 1.0 actions: output to the controller, VLAN, MAC and IPv4 rewrites, enqueue and a
/// Big Switch mirror.
fn of10_actions() -> Vec<u8> {
    cat(&[
        &[0, 0, 0, 8, 0xff, 0xfd, 0, 128],
        &[0, 1, 0, 8, 0, 42, 0, 0],
        &[0, 2, 0, 8, 9, 0, 0, 0],
        &[0, 3, 0, 8, 0, 0, 0, 0],
        &[0, 4, 0, 16],
        &MAC_B,
        &[0; 6],
        &[0, 6, 0, 8],
        &IP_C,
        &[0, 8, 0, 8, 0x2e, 0, 0, 0],
        &[0, 10, 0, 8, 0x1f, 0x90, 0, 0],
        &[0, 11, 0, 16, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7],
        &[0xff, 0xff, 0, 24, 0, 0x5c, 0x16, 0xc7, 0, 0, 0, 1],
        &[0, 0, 0, 9, 0x81, 0, 0x20, 0x0a, 1, 0, 0, 0],
        &[0, 0x20, 0, 12, 1, 2, 3, 4],
    ])
}

/// OpenFlow 1.0's 48-byte physical port.
fn of10_port(no: u16, n: &str) -> Vec<u8> {
    cat(&[
        &no.to_be_bytes(),
        &MAC_A,
        &name(n, 16),
        &[0, 0, 0, 0x11],
        &[0, 0, 2, 1],
        &[0, 0, 0x02, 0x20],
        &[0, 0, 0x06, 0x2f],
        &[0, 0, 0x0e, 0x2f],
        &[0, 0x01, 0, 0],
    ])
}

fn of10_packets(b: &mut B) {
    let inner = eth(
        MAC_A,
        MAC_B,
        0x0800,
        &ipv4(IP_A, IP_B, 1, &icmp(8, 0, &[0, 1, 0, 1])),
    );
    let features = cat(&[
        &[0, 0, 0x08, 0x9e, 1, 0x62, 0xd5, 0xf4],
        &[0, 0, 1, 0, 2, 0, 0, 0],
        &[0, 0, 0, 0xa7, 0, 0, 0x0f, 0xff],
        &of10_port(1, "ge-1/1/1"),
        &of10_port(0xfffe, "br0"),
    ]);
    let flow_mod = cat(&[
        &of10_match(0x0030_2000),
        &[1, 2, 3, 4, 5, 6, 7, 8],
        &[0, 0, 0, 60, 0, 0, 0x80, 0],
        &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x05],
        &of10_actions(),
    ]);
    let packet_in = cat(&[
        &[0, 0, 1, 0],
        &(inner.len() as u16).to_be_bytes(),
        &[0, 3, 0, 0],
        &inner,
    ]);
    let packet_out = cat(&[
        &[0xff, 0xff, 0xff, 0xff, 0, 1, 0, 8],
        &[0, 0, 0, 8, 0xff, 0xfb, 0, 0],
        &inner,
    ]);
    let flow_removed = cat(&[
        &of10_match(0x003f_ffef),
        &[0, 0, 0, 0, 0, 0, 0, 9],
        &[0x80, 0, 1, 0],
        &[0, 0, 0, 10, 0, 0, 0, 20],
        &[0, 30, 0, 0],
        &[0, 0, 0, 0, 0, 0, 0, 5],
        &[0, 0, 0, 0, 0, 0, 2, 0],
    ]);
    let flow_stats = cat(&[
        &[0, 96, 0, 0],
        &of10_match(0x0038_20ff),
        &[0, 0, 0, 1, 0, 0, 0, 2],
        &[0x80, 0, 0, 0, 0, 0, 0, 0],
        &[0, 0, 0, 0, 0, 0, 0, 0],
        &[0, 0, 0, 0, 0, 0, 0, 0x25],
        &[0, 0, 0, 0, 0, 0, 0, 3],
        &[0, 0, 0, 0, 0, 0, 1, 0],
        &[0, 0, 0, 8, 0, 1, 0, 0],
    ]);
    let mut port_stats = vec![0, 7, 0, 0, 0, 0, 0, 0];
    for i in 0..12u8 {
        port_stats.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, i]);
    }
    let queue_reply = cat(&[
        &[0, 1, 0, 0, 0, 0, 0, 0],
        &[0, 0, 0, 1, 0, 24, 0, 0],
        &[0, 1, 0, 16, 0, 0, 0, 0, 0, 0x64, 0, 0, 0, 0, 0, 0],
    ]);
    let msgs: Vec<(&'static str, Vec<u8>)> = vec![
        ("of10 hello", of(1, 0, 1, &[])),
        ("of10 echo request", of(1, 2, 2, b"ping")),
        ("of10 features reply", of(1, 6, 3, &features)),
        ("of10 set config", of(1, 9, 4, &[0, 1, 0, 128])),
        ("of10 flow mod", of(1, 14, 5, &flow_mod)),
        ("of10 packet in", of(1, 10, 6, &packet_in)),
        ("of10 packet out", of(1, 13, 7, &packet_out)),
        ("of10 flow removed", of(1, 11, 8, &flow_removed)),
        (
            "of10 port status",
            of(
                1,
                12,
                9,
                &cat(&[&[2, 0, 0, 0, 0, 0, 0, 0], &of10_port(5, "eth5")]),
            ),
        ),
        (
            "of10 port mod",
            of(
                1,
                15,
                10,
                &cat(&[
                    &[0, 5],
                    &MAC_A,
                    &[0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x20, 0, 0, 0, 0],
                ]),
            ),
        ),
        (
            "of10 stats request flow",
            of(
                1,
                16,
                11,
                &cat(&[
                    &[0, 1, 0, 0],
                    &of10_match(0x003f_ffff),
                    &[0xff, 0, 0xff, 0xff],
                ]),
            ),
        ),
        (
            "of10 stats request port",
            of(1, 16, 12, &[0, 4, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0]),
        ),
        (
            "of10 stats reply flow",
            of(1, 17, 13, &cat(&[&[0, 1, 0, 1], &flow_stats])),
        ),
        (
            "of10 stats reply port",
            of(1, 17, 14, &cat(&[&[0, 4, 0, 0], &port_stats])),
        ),
        (
            "of10 stats reply aggregate",
            of(
                1,
                17,
                15,
                &cat(&[
                    &[0, 2, 0, 0],
                    &[0, 0, 0, 0, 0, 0, 0, 9],
                    &[0, 0, 0, 0, 0, 0, 3, 0],
                    &[0, 0, 0, 4, 0, 0, 0, 0],
                ]),
            ),
        ),
        (
            "of10 stats reply table",
            of(
                1,
                17,
                16,
                &cat(&[
                    &[0, 3, 0, 0, 0, 0, 0, 0],
                    &name("classifier", 32),
                    &[0, 0x3f, 0xff, 0xff, 0, 1, 0, 0, 0, 0, 0, 3],
                    &[0, 0, 0, 0, 0, 0, 0, 50, 0, 0, 0, 0, 0, 0, 0, 40],
                ]),
            ),
        ),
        (
            "of10 error",
            of(1, 1, 17, &cat(&[&[0, 1, 0, 6], &of(1, 14, 5, &[1, 2, 3])])),
        ),
        (
            "of10 vendor bsn shell",
            of(
                1,
                4,
                18,
                &cat(&[
                    &[0, 0x5c, 0x16, 0xc7, 0, 0, 0, 6, 0, 0, 0, 0],
                    b"show clock",
                ]),
            ),
        ),
        (
            "of10 vendor other",
            of(1, 4, 19, &[0, 0, 0x23, 0x20, 1, 2, 3]),
        ),
        ("of10 queue config reply", of(1, 21, 20, &queue_reply)),
        ("of10 barrier request", of(1, 18, 21, &[])),
        ("of10 barrier bad length", of(1, 18, 22, &[0, 0])),
        ("of version 1.1", of(2, 0, 23, &[])),
        ("of too short", vec![1, 0, 0, 4, 0, 0, 0, 1]),
    ];
    for (name, m) in msgs {
        b.add(name, false, seg(6653, 40000, &m));
    }
    b.add(
        "of10 two messages",
        false,
        seg(6633, 40000, &cat(&[&of(1, 2, 30, &[]), &of(1, 3, 30, &[])])),
    );
    b.add("of10 partial header", false, seg(6633, 40000, &[1, 3, 0]));
    // Truncated: the capture ends inside the bodies.
    for (name, m, keep) in [
        ("of10 flow mod cut", of(1, 14, 5, &flow_mod), 80),
        ("of10 features reply cut", of(1, 6, 3, &features), 50),
        (
            "of10 stats reply port cut",
            of(1, 17, 14, &cat(&[&[0, 4, 0, 0], &port_stats])),
            90,
        ),
        ("of10 packet in cut", of(1, 10, 6, &packet_in), 40),
    ] {
        let data = seg(6653, 40000, &m);
        let len = data.len() as u32;
        b.add_len(name, false, data[..54 + keep].to_vec(), len);
    }
}

/// OpenFlow 1.3's 64-byte port.
fn of13_port() -> Vec<u8> {
    cat(&[
        &[0, 0, 0, 2, 0, 0, 0, 0],
        &MAC_A,
        &[0, 0],
        &name("port2", 16),
        &[0, 0, 0, 0x45],
        &[0, 0, 0, 0x06],
        &[0, 0, 0x28, 0x20],
        &[0, 0, 0x28, 0x20],
        &[0, 0, 0x28, 0x3f],
        &[0, 0x01, 0, 0],
        &[0, 0x0f, 0x42, 0x40],
        &[0, 0x98, 0x96, 0x80],
    ])
}

fn of13_packets(b: &mut B) {
    let msgs: Vec<(&'static str, Vec<u8>)> = vec![
        ("of13 hello", of(4, 0, 1, &[0, 1, 0, 8, 0, 0, 0, 0x12])),
        (
            "of13 hello bogus bitmap",
            of(4, 0, 2, &[0, 1, 0, 4, 0, 2, 0, 4]),
        ),
        (
            "of13 error",
            of(
                4,
                1,
                3,
                &cat(&[&[0, 6, 0, 1], &of(4, 15, 3, &[0, 1, 3, 0])]),
            ),
        ),
        ("of13 error unknown", of(4, 1, 4, &[0, 99, 0, 1])),
        ("of13 echo reply", of(4, 3, 5, b"pong")),
        (
            "of13 experimenter",
            of(4, 4, 6, &[0xff, 0, 0, 2, 0, 0, 0, 1, 9, 9]),
        ),
        (
            "of13 features reply",
            of(
                4,
                6,
                7,
                &[
                    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 254, 0, 0, 0, 0, 0, 0x01, 0x4f, 0, 0, 0, 0,
                ],
            ),
        ),
        ("of13 get config reply", of(4, 8, 8, &[0, 2, 0xff, 0xe5])),
        (
            "of13 port status",
            of(4, 12, 9, &cat(&[&[2, 0, 0, 0, 0, 0, 0, 0], &of13_port()])),
        ),
        (
            "of13 port mod",
            of(
                4,
                16,
                10,
                &cat(&[
                    &[0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0],
                    &MAC_B,
                    &[0, 0],
                    &[0, 0, 0, 1, 0, 0, 0, 0x65, 0, 0, 0, 0x20, 0, 0, 0, 0],
                ]),
            ),
        ),
        (
            "of13 table mod",
            of(4, 17, 11, &[0xff, 0, 0, 0, 0, 0, 0, 3]),
        ),
        (
            "of13 queue get config",
            of(4, 22, 12, &[0, 0, 0, 7, 0, 0, 0, 0]),
        ),
        (
            "of13 role request",
            of(4, 24, 13, &[0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]),
        ),
        (
            "of13 set async",
            of(
                4,
                28,
                14,
                &[
                    0, 0, 0, 3, 0, 0, 0, 8, 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2,
                ],
            ),
        ),
        ("of13 flow mod", of(4, 14, 15, &[0; 40])),
        ("of13 features request bad length", of(4, 5, 16, &[0])),
        ("of13 unknown type", of(4, 40, 17, &[])),
    ];
    for (name, m) in msgs {
        b.add(name, false, seg(40000, 6653, &m));
    }
    b.add(
        "of13 three messages",
        false,
        seg(
            40000,
            6653,
            &cat(&[&of(4, 2, 40, &[]), &of(4, 20, 41, &[]), &of(4, 21, 41, &[])]),
        ),
    );
    let status = seg(
        40000,
        6653,
        &of(4, 12, 9, &cat(&[&[2, 0, 0, 0, 0, 0, 0, 0], &of13_port()])),
    );
    let len = status.len() as u32;
    b.add_len(
        "of13 port status cut",
        false,
        status[..54 + 50].to_vec(),
        len,
    );
}

/// The BGP and OpenFlow fixture.
pub fn ofbgp_packets() -> Vec<Pkt> {
    let mut b = B {
        pkts: Vec::new(),
        t: 1_700_200_000_000_000_000,
    };
    bgp_packets(&mut b);
    of10_packets(&mut b);
    of13_packets(&mut b);
    b.pkts
}
