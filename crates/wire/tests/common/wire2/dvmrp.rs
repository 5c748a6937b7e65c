//! DVMRP and multicast traceroute inside IGMP: every DVMRP message type (probes with
//! neighbors, reports by mask, both neighbor formats with their flags, prune, graft, graft
//! ack, an unknown type), mtrace queries and responses (a multicast reply address with its
//! TTL), and the short, cut and invalid messages.

use super::*;

/// IGMP (protocol 2) from `IP_A` to `IP_B` with a right checksum, TTL 1.
fn ig(body: &[u8]) -> Vec<u8> {
    let mut v = body.to_vec();
    v[2] = 0;
    v[3] = 0;
    let c = fold(sum16(&v, 0));
    v[2..4].copy_from_slice(&c.to_be_bytes());
    eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_B, 2, &v))
}

/// A DVMRP message of type `t`, group field `grp`, then `rest`.
fn dv(t: u8, grp: [u8; 4], rest: &[u8]) -> Vec<u8> {
    ig(&cat(&[&[0x13, t, 0, 0], &grp, rest]))
}

/// The fixture's packets.
pub fn dvmrp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_290_000_000_000_000);
    b.add(
        "dvmrp probe",
        false,
        dv(
            1,
            [0, 0, 0xff, 3],
            &[0, 0, 0x12, 0x34, 10, 0, 0, 2, 10, 0, 0, 3],
        ),
    );
    b.add("dvmrp probe short", false, dv(1, [0; 4], &[0, 1]));
    b.add(
        "dvmrp probe odd neighbor",
        false,
        dv(1, [0; 4], &[0, 0, 0, 1, 10, 0]),
    );
    let report = [
        0xff, 0xff, 0, 10, 1, 1, 10, 2, 0x82, 0, 0, 0, 192, 0x85, 0xff, 0xff, 0xff, 1, 2, 3, 4,
        0x81,
    ];
    b.add("dvmrp report", false, dv(2, [0; 4], &report));
    b.add(
        "dvmrp report truncated",
        false,
        dv(2, [0; 4], &[0xff, 0, 0, 10]),
    );
    b.add("dvmrp ask neighbors2", false, dv(5, [0, 0, 4, 12], &[]));
    b.add("dvmrp ask neighbors old", false, dv(3, [0; 4], &[]));
    b.add(
        "dvmrp neighbors old",
        false,
        dv(4, [0; 4], &[10, 0, 0, 1, 1, 0, 2, 10, 0, 0, 2, 10, 0, 0, 3]),
    );
    b.add(
        "dvmrp neighbors old short",
        false,
        dv(4, [0; 4], &[10, 0, 0, 1, 1, 0, 2, 10, 0, 0, 2]),
    );
    b.add(
        "dvmrp neighbors2",
        false,
        dv(
            6,
            [0, 0, 4, 12],
            &[
                10, 0, 0, 2, 1, 0, 0x40, 1, 10, 0, 0, 1, 10, 0, 0, 9, 1, 0, 0x33, 2, 10, 0, 0, 10,
                10, 0, 0, 11,
            ],
        ),
    );
    b.add(
        "dvmrp neighbors2 bad count",
        false,
        dv(6, [0, 0, 4, 12], &[10, 0, 0, 2, 1, 0, 0, 3, 10, 0, 0, 1]),
    );
    b.add(
        "dvmrp prune",
        false,
        dv(7, [0; 4], &[10, 0, 0, 1, 224, 1, 2, 3, 0, 0, 0x1c, 0x20]),
    );
    b.add(
        "dvmrp graft",
        false,
        dv(8, [0; 4], &[10, 0, 0, 1, 224, 1, 2, 3]),
    );
    b.add(
        "dvmrp graft ack",
        false,
        dv(9, [0; 4], &[10, 0, 0, 1, 224, 1, 2, 3]),
    );
    b.add("dvmrp unknown", false, dv(42, [0; 4], &[]));
    let q = [
        0x1f, 7, 0, 0, 224, 1, 2, 3, 172, 16, 40, 1, 172, 16, 20, 1, 172, 16, 40, 1, 64, 0, 0, 7,
    ];
    b.add("mtrace query", false, ig(&q));
    let mut r = q.to_vec();
    r[0] = 0x1e;
    r[16..20].copy_from_slice(&[224, 0, 1, 32]);
    r.extend_from_slice(&[0; 32]);
    b.add("mtrace response multicast", false, ig(&r));
    b.add("mtrace short", false, ig(&q[..20]));
    let full = ig(&q);
    b.add_len(
        "mtrace cut",
        false,
        full[..14 + 20 + 18].to_vec(),
        full.len() as u32,
    );
    b.pkts
}
