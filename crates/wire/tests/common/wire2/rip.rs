//! RIP versions 1 and 2 on port 520: requests and responses with IPv4, AFI 0 and other
//! families' entries, RIPv2 next hops, prefix lengths (a non-contiguous mask too) and the
//! simple, cryptographic, trailer and unknown authentication entries, version 0, the other
//! commands, and cut or short entries.

use super::*;

/// A RIP message: command, version, entries.
fn rip(cmd: u8, vers: u8, entries: &[Vec<u8>]) -> Vec<u8> {
    cat(&[&[cmd, vers, 0, 0], &entries.concat()])
}

/// A RIPv1 entry.
fn v1(af: u16, dest: [u8; 4], metric: u32) -> Vec<u8> {
    cat(&[
        &af.to_be_bytes(),
        &[0, 0],
        &dest,
        &[0; 8],
        &metric.to_be_bytes(),
    ])
}

/// A RIPv2 entry.
fn v2(af: u16, tag: u16, dest: [u8; 4], mask: u32, hop: [u8; 4], metric: u32) -> Vec<u8> {
    cat(&[
        &af.to_be_bytes(),
        &tag.to_be_bytes(),
        &dest,
        &mask.to_be_bytes(),
        &hop,
        &metric.to_be_bytes(),
    ])
}

/// RIP over UDP port 520 both ways.
fn r(m: &[u8]) -> Vec<u8> {
    let (src, dst) = (IP_A, [224, 0, 0, 9]);
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(src, dst, 17, &udp(520, 520, &src, &dst, m)),
    )
}

/// The fixture's packets.
pub fn rip_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_280_000_000_000_000);
    b.add("rip v1 request", false, r(&rip(1, 1, &[v1(0, [0; 4], 16)])));
    let resp = rip(
        2,
        1,
        &[
            v1(2, [10, 0, 0, 0], 1),
            v1(2, [192, 0, 2, 0], 2),
            v1(7, [1, 2, 3, 4], 3),
            cat(&[&[0, 2, 0, 1], &[10, 1, 0, 0], &[0; 8], &[0, 0, 0, 1]]),
        ],
    );
    both(
        &mut b,
        "rip v1 response",
        "rip v1 response cut",
        r(&resp),
        14 + 28 + 4 + 30,
    );
    let mut short = rip(2, 1, &[v1(2, [10, 0, 0, 0], 1)]);
    short.extend_from_slice(&[0, 2, 0, 0, 10]);
    b.add("rip v1 short entry", false, r(&short));
    let routes = rip(
        2,
        2,
        &[
            v2(2, 0, [10, 7, 0, 0], 0xffff_ff00, [0; 4], 1),
            v2(2, 0x1234, [10, 7, 52, 0], 0xffff_ff80, [10, 0, 0, 254], 16),
            v2(0, 0, [0; 4], 0, [0; 4], 16),
            v2(2, 0, [192, 168, 100, 0], 0xff00_ff00, [0; 4], 268_435_457),
            v2(17, 0, [1, 2, 3, 4], 0, [0; 4], 1),
        ],
    );
    both(
        &mut b,
        "rip v2 response",
        "rip v2 response cut",
        r(&routes),
        14 + 28 + 4 + 50,
    );
    let simple = rip(
        1,
        2,
        &[
            cat(&[&[0xff, 0xff, 0, 2], b"abcdefghijklmnop"]),
            v2(0, 0, [0; 4], 0, [0; 4], 16),
        ],
    );
    b.add("rip v2 simple auth", false, r(&simple));
    let md5 = rip(
        2,
        2,
        &[
            cat(&[&[0xff, 0xff, 0, 3], &[0, 44, 1, 16], &[0, 0, 0, 7], &[0; 8]]),
            v2(2, 0, [10, 0, 0, 0], 0xff00_0000, [0; 4], 1),
            cat(&[&[0xff, 0xff, 0, 1], &[0xaa; 16]]),
        ],
    );
    b.add("rip v2 md5 auth", false, r(&md5));
    b.add(
        "rip v2 unknown auth",
        false,
        r(&rip(2, 2, &[cat(&[&[0xff, 0xff, 0, 9], &[0xbb; 12]])])),
    );
    b.add(
        "rip v2 md5 header short",
        false,
        r(&rip(2, 2, &[cat(&[&[0xff, 0xff, 0, 3], &[0, 44, 1, 16]])])),
    );
    b.add("rip v0", false, r(&[2, 0, 0, 0, 1, 2, 3, 4]));
    b.add("rip trace on", false, r(&rip(3, 1, &[vec![1, 2, 3, 4]])));
    b.add("rip poll", false, r(&rip(5, 2, &[])));
    b.add("rip unknown command", false, r(&rip(9, 2, &[vec![9; 4]])));
    b.add(
        "rip unknown version",
        false,
        r(&rip(2, 3, &[v1(2, [10, 0, 0, 0], 1)])),
    );
    b.add_len(
        "rip cut header",
        false,
        r(&rip(1, 1, &[]))[..14 + 28 + 3].to_vec(),
        60,
    );
    b.pkts
}
