//! The sFlow, ICMPv6 router renumbering and node information, TIPC, Mobility Header and
//! SOME/IP packets of [`super::vl2_packets`].

use super::super::{eth, icmp6, ipv6, IP6_A, IP6_B, IP_A, IP_C, LL_A, MAC_A, MAC_B};
use super::{v4udp, B};

/// Big-endian 32-bit words.
fn words(ws: &[u32]) -> Vec<u8> {
    ws.iter().flat_map(|w| w.to_be_bytes()).collect()
}

/// An sFlow record or sample: format, length, body.
fn sflow_item(format: u32, body: &[u8]) -> Vec<u8> {
    let mut v = words(&[format, body.len() as u32]);
    v.extend_from_slice(body);
    v
}

/// An sFlow v5 datagram from an IPv4 (or IPv6) agent with `samples`.
fn sflow_datagram(v6: bool, n: u32, samples: &[Vec<u8>]) -> Vec<u8> {
    let mut v = words(&[5, if v6 { 2 } else { 1 }]);
    if v6 {
        v.extend_from_slice(&IP6_B);
    } else {
        v.extend_from_slice(&IP_C);
    }
    v.extend(words(&[2, 204_720, 2_612_972_293, n]));
    v.extend(samples.concat());
    v
}

pub(super) fn sflow(b: &mut B) {
    let mut generic = words(&[55, 117, 0, 1_000_000_000, 1, 3, 0, 0x1234_5678]);
    generic.extend(words(&[10, 20, 30, 40, 50, 60]));
    generic.extend(words(&[1, 2, 11, 21, 31, 41, 51, 61, 0]));
    let eth_counters = words(&(1..=13).collect::<Vec<u32>>());
    let vlan = words(&[100, 0, 5000, 1, 2, 3, 4]);
    let cpu = words(&[5, 10, 15, 0, 1 << 30, 0, 1 << 29]);
    let basevg = words(&(1..=20).collect::<Vec<u32>>());
    let mut counters = words(&[87_096, 0x0000_0037, 6]);
    for (f, body) in [
        (1u32, &generic),
        (2, &eth_counters),
        (5, &vlan),
        (1001, &cpu),
        (4, &basevg),
        (0x0070_0007, &vec![9; 8]),
    ] {
        counters.extend(sflow_item(f, body));
    }
    let mut expanded = words(&[87_097, 0, 55, 1]);
    expanded.extend(sflow_item(3, &[1, 2, 3, 4]));
    let dgram = sflow_datagram(
        false,
        2,
        &[sflow_item(2, &counters), sflow_item(4, &expanded)],
    );
    b.add("sflow v counters", v4udp(40948, 6343, &dgram));
    let mut raw = words(&[1, 64, 4, 16]);
    raw.extend_from_slice(&[0xaa; 16]);
    let mut frame = words(&[64]);
    frame.extend_from_slice(&[0; 16]);
    frame.extend(words(&[0x0800]));
    let mut flows = words(&[7, 0x0100_0003, 512, 1000, 2, 3, 4, 5]);
    for (f, body) in [
        (1u32, raw),
        (2, frame),
        (1001, words(&[10, 0, 20, 7])),
        (1002, words(&[1, 2])),
        (0x0000_1009, vec![1, 2, 3, 4]),
        (77, vec![5, 6, 7, 8]),
    ] {
        flows.extend(sflow_item(f, &body));
    }
    let mut xflow = words(&[8, 0, 3, 512, 1000, 2, 0, 4, 0, 5, 1]);
    xflow.extend(sflow_item(1001, &words(&[1, 2, 3, 4])));
    let dgram6 = sflow_datagram(
        true,
        4,
        &[
            sflow_item(1, &flows),
            sflow_item(3, &xflow),
            sflow_item(9, &[1, 2, 3, 4]),
            sflow_item(2, &words(&[1, 2, 1, 1, 8, 0, 0])),
        ],
    );
    b.add("sflow v ipv6 agent flows", v4udp(36123, 6343, &dgram6));
    b.add_cut(
        "sflow v cut in counters",
        v4udp(40948, 6343, &dgram),
        42 + 28 + 60,
    );
    b.add(
        "sflow v zero sample",
        v4udp(
            40948,
            6343,
            &sflow_datagram(false, 1, &[sflow_item(0, &[])]),
        ),
    );
    b.add(
        "sflow v sample too long",
        v4udp(40948, 6343, &sflow_datagram(false, 1, &[words(&[1, 400])])),
    );
}

/// An Ethernet frame with IPv6 and an ICMPv6 message of type `t`, `code`, the bytes after
/// the checksum `rest`.
fn v6icmp(t: u8, code: u8, rest: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x86dd,
        &ipv6(IP6_A, IP6_B, 58, 64, &icmp6(t, code, rest, &IP6_A, &IP6_B)),
    )
}

pub(super) fn icmp6_rr_ni(b: &mut B) {
    // Router renumbering command: seq, segment, flags T|S, max delay, then one match part
    // (add, length 3 + 4 per use part) with one use part.
    let mut rr = vec![0, 0, 0, 7, 2, 0x90, 0, 10, 0, 0, 0, 0];
    rr.extend_from_slice(&[1, 7, 1, 48, 0, 128, 0, 0]);
    rr.extend_from_slice(&[0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    rr.extend_from_slice(&[48, 16, 0xc0, 0x80, 0xff, 0xff, 0xff, 0xff, 0, 9, 0x3a, 0x80]);
    rr.extend_from_slice(&[0xc0, 0, 0, 0]);
    rr.extend_from_slice(&IP6_B);
    b.add("icmp6 v rr command", v6icmp(138, 0, &rr));
    b.add_cut("icmp6 v rr cut in use", v6icmp(138, 0, &rr), 14 + 40 + 70);
    let mut odd = rr.clone();
    odd[13] = 5;
    odd[12] = 9;
    odd[5] = 0;
    odd[8] = 1;
    b.add("icmp6 v rr odd match", v6icmp(138, 0, &odd));
    b.add(
        "icmp6 v rr result",
        v6icmp(138, 1, &[0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    b.add(
        "icmp6 v rr reset",
        v6icmp(138, 255, &[0, 0, 0, 2, 0, 8, 0, 0, 0, 0, 0, 0]),
    );
    b.add(
        "icmp6 v rr unknown code",
        v6icmp(138, 9, &[0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    // Node information queries: nonce, then the subject.
    let nonce = [1, 2, 3, 4, 5, 6, 7, 8];
    let ni = |qtype: u16, flags: u16, subject: &[u8]| {
        let mut v = qtype.to_be_bytes().to_vec();
        v.extend_from_slice(&flags.to_be_bytes());
        v.extend_from_slice(&nonce);
        v.extend_from_slice(subject);
        v
    };
    b.add(
        "icmp6 v wru request",
        v6icmp(139, 0, &[0, 0, 0, 0, 0, 0, 0, 0]),
    );
    b.add(
        "icmp6 v ni addresses",
        v6icmp(139, 0, &ni(3, 0x007e, &LL_A)),
    );
    let mut fqdn = vec![4];
    fqdn.extend_from_slice(b"host");
    fqdn.push(7);
    fqdn.extend_from_slice(b"example");
    fqdn.push(0);
    b.add("icmp6 v ni fqdn subject", v6icmp(139, 1, &ni(2, 0, &fqdn)));
    let mut pascal = vec![4];
    pascal.extend_from_slice(b"node");
    b.add(
        "icmp6 v ni pascal subject",
        v6icmp(139, 1, &ni(2, 0, &pascal)),
    );
    b.add(
        "icmp6 v ni ipv4 subject",
        v6icmp(139, 2, &ni(3, 0x0002, &IP_A)),
    );
    b.add(
        "icmp6 v ni bad subject len",
        v6icmp(139, 2, &ni(3, 0, &[1, 2, 3, 4, 5])),
    );
    b.add(
        "icmp6 v ni unknown subject",
        v6icmp(139, 7, &ni(9, 0, &[1, 2])),
    );
    b.add("icmp6 v ni noop", v6icmp(139, 0, &ni(0, 0, &[1])));
    b.add("icmp6 v ni qtypes", v6icmp(139, 0, &ni(1, 1, &[])));
    b.add("icmp6 v ni draft 03", v6icmp(139, 0, &ni(2, 0, &[])));
    // Replies: addresses with TTLs, a name with a TTL, refused, unknown.
    let mut addrs = 300u32.to_be_bytes().to_vec();
    addrs.extend_from_slice(&IP6_A);
    addrs.extend_from_slice(&60u32.to_be_bytes());
    addrs.extend_from_slice(&LL_A);
    b.add(
        "icmp6 v ni reply addresses",
        v6icmp(140, 0, &ni(3, 0x0029, &addrs)),
    );
    let mut named = 600u32.to_be_bytes().to_vec();
    named.extend_from_slice(&fqdn);
    b.add("icmp6 v ni reply name", v6icmp(140, 0, &ni(2, 1, &named)));
    b.add("icmp6 v ni reply refused", v6icmp(140, 1, &ni(3, 0, &[])));
    b.add("icmp6 v ni reply unknown", v6icmp(140, 2, &ni(3, 0, &[9])));
    b.add(
        "icmp6 v ni reply qtypes",
        v6icmp(140, 0, &ni(1, 0x8000, &[])),
    );
    b.add_cut(
        "icmp6 v ni reply cut",
        v6icmp(140, 0, &ni(3, 0x0029, &addrs)),
        14 + 40 + 30,
    );
}

/// A TIPC frame: the first word from version, user, header words and message size, then
/// `rest` (words 1 on).
fn tipc_frame(user: u32, hwords: u32, msize: u32, rest: &[u32]) -> Vec<u8> {
    let mut v = words(&[(2 << 29) | (user << 25) | (hwords << 21) | msize]);
    v.extend(words(rest));
    eth(MAC_B, MAC_A, 0x88ca, &v)
}

pub(super) fn tipc(b: &mut B) {
    let node = |z: u32, c: u32, n: u32| (z << 24) | (c << 12) | n;
    let long = [
        2 << 29 | 7,
        0x0003_0004,
        node(1, 1, 9),
        3_511_725_154,
        424_133_152,
        node(1, 1, 2),
        node(1, 2, 3),
        0,
        0,
    ];
    b.add("tipc v named", tipc_frame(0, 10, 40, &long));
    b.add(
        "tipc v conn short header",
        tipc_frame(3, 6, 66_000, &long[..5]),
    );
    b.add("tipc v conn manager", tipc_frame(8, 10, 40, &long));
    b.add_cut("tipc v named cut", tipc_frame(0, 10, 40, &long), 14 + 26);
    let internal = [
        0x4012_0034,
        0x0005_0006,
        node(1, 1, 7),
        0x0009_000a,
        0x000b_0000,
        node(1, 1, 1),
        node(1, 1, 2),
        77,
        0x0003_05dc,
    ];
    b.add("tipc v link protocol", tipc_frame(7, 10, 40, &internal));
    b.add("tipc v fragmenter", tipc_frame(12, 10, 40, &internal));
    let conf = [
        1 << 29 | 0x1234,
        node(1, 1, 0),
        node(1, 1, 5),
        4711,
        1,
        0,
        0,
        0,
        0,
    ];
    b.add("tipc v link config", tipc_frame(13, 10, 60, &conf));
    b.add("tipc v unknown user", tipc_frame(4, 10, 40, &conf));
}

/// An Ethernet frame with IPv6 and a Mobility Header of `t` whose message after the checksum
/// is `msg` (padded to 8-byte units).
fn mh(t: u8, msg: &[u8]) -> Vec<u8> {
    let mut v = vec![59, 0, t, 0, 0, 0];
    v.extend_from_slice(msg);
    while v.len() % 8 != 0 {
        v.push(0);
    }
    v[1] = (v.len() / 8 - 1) as u8;
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, 135, 64, &v))
}

pub(super) fn mobility(b: &mut B) {
    let mut bu = vec![0, 9, 0xc0, 0, 0, 30];
    bu.extend_from_slice(&[0, 1, 0, 2, 1, 0, 2, 2, 0, 5]);
    bu.push(3);
    bu.push(16);
    bu.extend_from_slice(&IP6_B);
    bu.extend_from_slice(&[4, 4, 0x12, 0x34, 0x56, 0x78]);
    bu.extend_from_slice(&[5, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    bu.extend_from_slice(&[9, 1, 0]);
    b.add("mobility v bu options", mh(5, &bu));
    b.add_cut("mobility v bu options cut", mh(5, &bu), 14 + 40 + 30);
    b.add(
        "mobility v bu option too long",
        mh(5, &[0, 9, 0, 0, 0, 30, 2, 9]),
    );
    let mut hot = vec![0, 7];
    hot.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    b.add("mobility v hot", mh(3, &hot));
    b.add(
        "mobility v coti",
        mh(2, &[0, 0, 0xaa, 0xbb, 0xcc, 0xdd, 1, 2, 3, 4]),
    );
}

pub(super) fn someip(b: &mut B) {
    let msg = |id: u32, t: u8, r: u8| {
        let mut v = words(&[id, 8, 0x0008_0005]);
        v.extend_from_slice(&[1, 1, t, r, 0xde, 0xad, 0xbe, 0xef]);
        v
    };
    b.add(
        "someip v request",
        v4udp(56001, 30490, &msg(0x0001_0002, 1, 0)),
    );
    b.add(
        "someip v event",
        v4udp(30490, 31490, &msg(0xffff_8100, 2, 3)),
    );
    b.add(
        "someip v unknowns",
        v4udp(30490, 31490, &msg(0x0001_0002, 0x33, 0x40)),
    );
    b.add("someip v short", v4udp(30490, 31490, &[0, 1, 0, 2, 0, 0]));
    b.add_cut(
        "someip v cut",
        v4udp(30490, 31490, &msg(0x0001_0002, 1, 0)),
        42 + 13,
    );
}
