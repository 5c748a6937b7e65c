//! MACsec (IEEE 802.1AE) frames: with and without an SCI, integrity only (the payload
//! printed), encrypted or changed (dumped), a short length, VLAN tags and an 802.3 length
//! inside, and the cut, short and invalid SecTAGs tcpdump marks.

use super::*;

/// A SecTAG: TCI/AN `tci`, short length `sl`, packet number `pn`, the SCI when `tci` says so.
fn sectag(tci: u8, sl: u8, pn: u32, sci: u64) -> Vec<u8> {
    let mut v = vec![tci, sl];
    v.extend_from_slice(&pn.to_be_bytes());
    if tci & 0x20 != 0 {
        v.extend_from_slice(&sci.to_be_bytes());
    }
    v
}

/// The 16-byte ICV.
const ICV: [u8; 16] = [
    0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
];

/// A MACsec frame: the SecTAG, then `inner` (a type field and its payload), then the ICV.
fn macsec(tag: &[u8], inner: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&MAC_B);
    v.extend_from_slice(&MAC_A);
    v.extend_from_slice(&0x88e5u16.to_be_bytes());
    v.extend_from_slice(tag);
    v.extend_from_slice(inner);
    v.extend_from_slice(&ICV);
    v
}

/// A type field and its payload.
fn typed(t: u16, payload: &[u8]) -> Vec<u8> {
    cat(&[&t.to_be_bytes(), payload])
}

/// The fixture's packets.
pub fn macsec_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_220_000_000_000_000);
    let sci = 0x0200_0000_000a_0001;
    let udp4 = ipv4(IP_A, IP_B, 17, &udp(40000, 9, &IP_A, &IP_B, b"abcd"));
    let ping = ipv4(IP_A, IP_B, 1, &icmp(8, 0, &[0x12, 0x34, 0, 1, 1, 2, 3, 4]));
    let integ = macsec(&sectag(0x20, 0, 68, sci), &typed(0x0800, &ping));
    both(
        &mut b,
        "macsec integrity sci",
        "macsec integrity sci cut in icv",
        integ.clone(),
        integ.len() - 4,
    );
    b.add_len(
        "macsec integrity sci cut in sectag",
        false,
        integ[..20].to_vec(),
        integ.len() as u32,
    );
    b.add_len(
        "macsec integrity sci cut at type",
        false,
        integ[..29].to_vec(),
        integ.len() as u32,
    );
    b.add(
        "macsec integrity no sci",
        false,
        macsec(&sectag(0x00, 0, 7, 0), &typed(0x0800, &udp4)),
    );
    b.add(
        "macsec end station",
        false,
        macsec(
            &sectag(0x41, 0, 9, 0),
            &typed(0x86dd, &ipv6(IP6_A, IP6_B, 59, 64, &[])),
        ),
    );
    b.add(
        "macsec encrypted",
        false,
        macsec(
            &sectag(0x2c, 0, 72, sci),
            &[0x50, 0xc6, 0x8a, 0xab, 0xf6, 0x82, 0x2b, 0x69, 0xad, 0xc7],
        ),
    );
    b.add(
        "macsec changed",
        false,
        macsec(&sectag(0x26, 0, 6, sci), &typed(0x0800, &udp4)),
    );
    b.add(
        "macsec encrypted scb",
        false,
        macsec(&sectag(0x1b, 0, 0xffff_fff0, 0), &[1, 2, 3, 4]),
    );
    let inner = typed(0x0800, &udp4);
    let short = macsec(&sectag(0x20, inner.len() as u8, 66, sci), &inner);
    b.add("macsec short length", false, short);
    let mut pad = inner.clone();
    pad.extend_from_slice(&[0; 6]);
    b.add(
        "macsec short length padded",
        false,
        macsec(&sectag(0x20, inner.len() as u8, 67, sci), &pad),
    );
    b.add(
        "macsec short length past data",
        false,
        macsec(
            &sectag(0x20, 40, 69, sci),
            &typed(0x0800, &[0x45, 0, 0, 20]),
        ),
    );
    b.add(
        "macsec short length one",
        false,
        macsec(&sectag(0x00, 1, 70, 0), &typed(0x0800, &udp4)),
    );
    b.add(
        "macsec version bit",
        false,
        macsec(&sectag(0xa0, 0, 1, sci), &typed(0x0800, &udp4)),
    );
    b.add(
        "macsec short length high bits",
        false,
        macsec(&sectag(0x20, 0x80, 1, sci), &typed(0x0800, &udp4)),
    );
    b.add(
        "macsec no icv",
        false,
        cat(&[
            &MAC_B,
            &MAC_A,
            &[0x88, 0xe5],
            &sectag(0x00, 0, 3, 0),
            &[0x08, 0x00, 0x45],
        ]),
    );
    b.add(
        "macsec vlan inside",
        false,
        macsec(
            &sectag(0x20, 0, 11, sci),
            &cat(&[&[0x81, 0, 0, 5], &typed(0x0800, &udp4)]),
        ),
    );
    b.add(
        "macsec unknown type inside",
        false,
        macsec(
            &sectag(0x20, 0, 12, sci),
            &typed(0x1234, &[1, 2, 3, 4, 5, 6]),
        ),
    );
    b.add(
        "macsec llc inside",
        false,
        macsec(
            &sectag(0x00, 0, 13, 0),
            &typed(8, &[0xaa, 0xaa, 3, 0, 0, 0, 0x08, 0x00]),
        ),
    );
    b.pkts
}
