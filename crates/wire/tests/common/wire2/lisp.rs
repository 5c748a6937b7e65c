//! LISP control messages (UDP port 4342): Map-Register and Map-Notify with IPv4 and IPv6 EIDs
//! and locators, authentication data, xTR-ID and site ID, trailing data; the other types by
//! name; no records, an LCAF EID, an unknown locator family, a missing xTR-ID and cut variants.

use super::*;

/// A Map-Register (type 3) or Map-Notify (4) header: `flags` in the first byte's low nibble,
/// `m` the want-map-notify bit, the record count, key ID and authentication data.
fn header(t: u8, flags: u8, m: bool, records: u8, key: u16, auth: &[u8]) -> Vec<u8> {
    cat(&[
        &[t << 4 | flags, 0, u8::from(m), records],
        &[1, 2, 3, 4, 5, 6, 7, 8],
        &key.to_be_bytes(),
        &(auth.len() as u16).to_be_bytes(),
        auth,
    ])
}

/// An EID record: TTL, locator count, mask, action/authoritative byte, version, AFI and
/// address, then its locators.
fn record(
    ttl: u32,
    mask: u8,
    act: u8,
    version: u16,
    afi: u16,
    eid: &[u8],
    locs: &[Vec<u8>],
) -> Vec<u8> {
    cat(&[
        &ttl.to_be_bytes(),
        &[locs.len() as u8, mask, act, 0],
        &version.to_be_bytes(),
        &afi.to_be_bytes(),
        eid,
        &locs.concat(),
    ])
}

/// A locator: priority, weight, multicast priority and weight, flags, AFI and address.
fn loc(p: [u8; 4], flags: u16, afi: u16, addr: &[u8]) -> Vec<u8> {
    cat(&[&p, &flags.to_be_bytes(), &afi.to_be_bytes(), addr])
}

fn lisp(payload: &[u8]) -> Vec<u8> {
    u4(4342, 4342, payload)
}

const V6: [u8; 16] = [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9];

pub fn lisp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_330_000_000_000_000);
    let l4 = loc([1, 100, 255, 0], 0x0005, 1, &[198, 51, 100, 7]);
    let l6 = loc([2, 50, 1, 1], 0x0002, 2, &V6);
    let r4 = record(
        1440,
        32,
        0x10,
        3,
        1,
        &[192, 0, 2, 100],
        &[l4.clone(), l6.clone()],
    );
    let r6 = record(60, 64, 0x60, 0x1005, 2, &V6, std::slice::from_ref(&l4));
    let xtr: Vec<u8> = (0..16u8).chain([0, 0, 0, 0, 0, 0, 0x30, 0x39]).collect();
    let auth: Vec<u8> = (0..20u8).map(|i| i * 7).collect();
    b.add(
        "lisp map-register xtr",
        false,
        lisp(&cat(&[&header(3, 0x0a, true, 2, 1, &auth), &r4, &r6, &xtr])),
    );
    b.add(
        "lisp map-register data",
        false,
        lisp(&cat(&[
            &header(3, 0x05, false, 1, 2, &auth[..4]),
            &r4,
            &[0xca, 0xfe, 0xba],
        ])),
    );
    b.add(
        "lisp map-notify",
        false,
        lisp(&cat(&[&header(4, 0x08, false, 1, 9, &[]), &r6, &xtr])),
    );
    b.add(
        "lisp map-request",
        false,
        lisp(&header(1, 0, false, 1, 0, &[])),
    );
    b.add(
        "lisp unknown type",
        false,
        lisp(&header(5, 0, false, 1, 0, &[])),
    );
    b.add(
        "lisp no records",
        false,
        lisp(&header(3, 0, false, 0, 0, &[])),
    );
    let lcaf = record(10, 8, 0, 0, 16387, &[0; 4], &[]);
    b.add(
        "lisp lcaf eid",
        false,
        lisp(&cat(&[&header(3, 0, false, 1, 0, &[]), &lcaf])),
    );
    let odd_loc = record(
        10,
        24,
        0xe0,
        0,
        1,
        &[203, 0, 113, 0],
        &[loc([0; 4], 0, 7, &[])],
    );
    b.add(
        "lisp unknown locator family",
        false,
        lisp(&cat(&[&header(4, 0, false, 1, 0, &[]), &odd_loc])),
    );
    b.add(
        "lisp xtr missing",
        false,
        lisp(&cat(&[&header(3, 0x02, false, 1, 0, &[]), &r6, &xtr[..10]])),
    );
    let whole = lisp(&cat(&[&header(3, 0x0a, true, 2, 1, &auth), &r4, &r6, &xtr]));
    let wire = whole.len() as u32;
    for (name, keep) in [
        ("lisp cut in header", 14 + 28 + 10),
        ("lisp cut in auth data", 14 + 28 + 16 + 9),
        ("lisp cut in record", 14 + 28 + 36 + 5),
        ("lisp cut in eid", 14 + 28 + 36 + 14),
        ("lisp cut in locator", 14 + 28 + 36 + 16 + 3),
        ("lisp cut in xtr", whole.len() - 6),
    ] {
        b.add_len(name, false, whole[..keep].to_vec(), wire);
    }
    b.pkts
}
