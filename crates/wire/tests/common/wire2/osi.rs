//! CLNP (ISO 8473) and ES-IS (ISO 9542) over 802.2 LLC (SAP 0xfe) and EtherType 0xfefe:
//! every PDU type, the CLNP options tcpdump decodes, segmentation, error reports carrying
//! the PDU they report on, checksums right and wrong, each header check that fails, and cut
//! variants.

use super::*;

/// An 802.3 frame with the LLC header of OSI (`fe fe 03`), unpadded.
fn osi_llc(pdu: &[u8]) -> Vec<u8> {
    let len = (pdu.len() + 3) as u16;
    cat(&[
        &[0x09, 0x00, 0x2b, 0x00, 0x00, 0x05],
        &MAC_A,
        &len.to_be_bytes(),
        &[0xfe, 0xfe, 0x03],
        pdu,
    ])
}

/// EtherType 0xfefe: a pad byte, then the PDU.
fn osi_ether(pdu: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0xfefe, &cat(&[&[0x00], pdu]))
}

/// The ISO 8473 checksum of `hdr` (its two bytes at 7 and 8) filled in.
fn fill_cksum(hdr: &mut [u8]) {
    hdr[7] = 0;
    hdr[8] = 0;
    let (mut c0, mut c1) = (0i64, 0i64);
    for &b in hdr.iter() {
        c0 = (c0 + i64::from(b)) % 255;
        c1 = (c1 + c0) % 255;
    }
    let n = hdr.len() as i64;
    let mut x = ((n - 8) * c0 - c1).rem_euclid(255);
    let mut y = ((n - 7) * -c0 + c1).rem_euclid(255);
    if x == 0 {
        x = 255;
    }
    if y == 0 {
        y = 255;
    }
    hdr[7] = x as u8;
    hdr[8] = y as u8;
}

/// A CLNP PDU: the fixed header (type byte `ty`, lifetime `life`), the addresses, the
/// segmentation part and options in `rest`, then `data`; the checksum filled in when `sum`.
fn clnp(ty: u8, life: u8, dst: &[u8], src: &[u8], rest: &[u8], data: &[u8], sum: bool) -> Vec<u8> {
    let li = 9 + 1 + dst.len() + 1 + src.len() + rest.len();
    let total = (li + data.len()) as u16;
    let mut h = cat(&[
        &[0x81, li as u8, 1, life, ty],
        &total.to_be_bytes(),
        &[0, 0],
        &[dst.len() as u8],
        dst,
        &[src.len() as u8],
        src,
        rest,
    ]);
    if sum {
        fill_cksum(&mut h);
    }
    cat(&[&h, data])
}

/// An ES-IS PDU of type `ty` with `body` (addresses and options), holding time 30 s.
fn esis(ty: u8, body: &[u8], sum: bool) -> Vec<u8> {
    let li = 9 + body.len();
    let mut h = cat(&[&[0x82, li as u8, 1, 0, ty, 0, 30, 0, 0], body]);
    if sum {
        fill_cksum(&mut h);
    }
    h
}

const NSAP_A: [u8; 20] = [
    0x49, 0x00, 0x01, 0x19, 0x21, 0x68, 0x00, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12,
    0x34, 0x56, 0x78, 0x00,
];
const NSAP_B: [u8; 13] = [
    0x39, 0x84, 0x0f, 0x80, 0x11, 0x38, 0x00, 0x00, 0x00, 0x00, 0x0a, 0xbc, 0x01,
];
const NET: [u8; 8] = [0x49, 0x00, 0x02, 0x11, 0x22, 0x33, 0x44, 0x00];

/// Cuts of `data` from `from` bytes up to (not including) its whole length.
fn cuts(b: &mut B, name: &'static str, data: &[u8], from: usize) {
    for keep in from..data.len() {
        b.add_len(name, false, data[..keep].to_vec(), data.len() as u32);
    }
}

pub fn osi_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_320_000_000_000_000);
    // CLNP data, segmented, with a payload.
    let seg = [0x12, 0x34, 0x00, 0x40, 0x01, 0x00];
    let data = clnp(0x9c, 60, &NSAP_A, &NSAP_B, &seg, b"payload bytes", true);
    b.add("clnp data segmented", false, osi_llc(&data));
    b.add("clnp data ether", false, osi_ether(&data));
    let mut bad = data.clone();
    bad[8] ^= 0x5a;
    b.add("clnp data bad cksum", false, osi_llc(&bad));
    b.add(
        "clnp data no cksum",
        false,
        osi_llc(&clnp(0x1c, 7, &NET, &NSAP_B, &[], b"x", false)),
    );
    // Echo request with every option tcpdump decodes, and one it does not.
    let rr = cat(&[&[203, 14, 1, 4, 0], &[8], &NET, &[0, 0]]);
    let opts = cat(&[
        &[205, 1, 0x3e],
        &[195, 1, 0xd5],
        &[195, 1, 0x40],
        &[197, 2, 0x80, 7],
        &[204, 3, 0, 0, 0],
        &[200, 2, 0, 0],
        &[200, 3, 2, 9, 0],
        &rr,
        &[203, 4, 7, 1, 5, 1],
        &[193, 1, 0x82],
        &[193, 1, 0x51],
        &[250, 3, 1, 2, 3],
    ]);
    let erq = clnp(0x3e, 255, &NSAP_B, &NET, &opts, b"echo", true);
    b.add("clnp echo request options", false, osi_llc(&erq));
    // Error report carrying the data PDU, and one carrying an error report.
    let inner = clnp(0x1c, 20, &NSAP_A, &NSAP_B, &[], b"data", true);
    let er = clnp(0x01, 30, &NSAP_B, &NET, &[193, 1, 0xa0], &inner, true);
    b.add("clnp error report", false, osi_llc(&er));
    let er2 = clnp(0x01, 31, &NET, &NSAP_B, &[193, 1, 0x91], &er, false);
    b.add("clnp error report nested", false, osi_llc(&er2));
    b.add(
        "clnp echo response data",
        false,
        osi_llc(&clnp(0x1f, 10, &NET, &NET, &[], b"\x01\x02\x03", true)),
    );
    b.add(
        "clnp echo response pdu",
        false,
        osi_llc(&clnp(0x1f, 10, &NET, &NET, &[], &inner, true)),
    );
    b.add(
        "clnp md unknown type",
        false,
        osi_llc(&clnp(0x1d, 1, &NET, &NET, &[], &[], false)),
    );
    b.add(
        "clnp unknown type",
        false,
        osi_llc(&clnp(0x15, 1, &NET, &NET, &[], b"zz", false)),
    );
    b.add(
        "clnp empty addresses",
        false,
        osi_llc(&clnp(0x1c, 2, &[], &[0xaa; 21], &[], &[], false)),
    );
    // The header checks.
    let mut v2 = inner.clone();
    v2[2] = 2;
    b.add("clnp version 2", false, osi_llc(&v2));
    let mut long_li = inner.clone();
    long_li[1] = 200;
    b.add("clnp li past pdu", false, osi_llc(&long_li));
    let mut short_li = inner.clone();
    short_li[1] = 5;
    b.add("clnp li short", false, osi_llc(&short_li));
    b.add(
        "clnp li no addresses",
        false,
        osi_llc(&[0x81, 10, 1, 2, 0x1c, 0, 12, 0, 0, 8, 1, 2]),
    );
    b.add(
        "clnp li no source",
        false,
        osi_llc(&[0x81, 12, 1, 2, 0x1c, 0, 12, 0, 0, 2, 1, 2, 3, 4]),
    );
    b.add(
        "clnp segment part short",
        false,
        osi_llc(&clnp(0x9c, 2, &NET, &NET, &[0, 1, 0], &[], false)),
    );
    b.add(
        "clnp bad opts li",
        false,
        osi_llc(&clnp(0x1c, 2, &NET, &NET, &[205], &[], false)),
    );
    b.add(
        "clnp opt too long",
        false,
        osi_llc(&clnp(0x1c, 2, &NET, &NET, &[205, 5, 1], &[], false)),
    );
    b.add(
        "clnp priority empty",
        false,
        osi_llc(&clnp(0x1c, 2, &NET, &NET, &[205, 0], &[], false)),
    );
    b.add(
        "clnp security short",
        false,
        osi_llc(&clnp(0x1c, 2, &NET, &NET, &[197, 1, 0xc0], &[], false)),
    );
    b.add(
        "clnp route short",
        false,
        osi_llc(&clnp(0x1c, 2, &NET, &NET, &[203, 1, 0], &[], false)),
    );
    b.add(
        "clnp route past end",
        false,
        osi_llc(&clnp(
            0x1c,
            2,
            &NET,
            &NET,
            &[203, 4, 1, 1, 9, 0],
            &[],
            false,
        )),
    );
    // ES-IS.
    let esh_body = cat(&[
        &[2, 8],
        &NET,
        &[13],
        &NSAP_B,
        &[198, 2, 0, 90],
        &[129, 3, 0x81, 0xcc, 0x77],
        &[197, 2, 1, 2],
    ]);
    let esh = esis(2, &esh_body, true);
    b.add("esis esh", false, osi_llc(&esh));
    b.add("esis esh ether", false, osi_ether(&esh));
    let ish = esis(4, &cat(&[&[8], &NET, &[198, 1, 5], &[129, 0]]), true);
    b.add("esis ish", false, osi_llc(&ish));
    let rd = esis(6, &cat(&[&[13], &NSAP_B, &[6], &MAC_B, &[8], &NET]), true);
    b.add("esis redirect", false, osi_llc(&rd));
    b.add(
        "esis redirect short snpa",
        false,
        osi_llc(&esis(6, &cat(&[&[8], &NET, &[4, 1, 2, 3, 4], &[0]]), false)),
    );
    b.add(
        "esis unknown type",
        false,
        osi_llc(&esis(9, &[1, 2, 3, 4], false)),
    );
    let mut esh_bad = esh.clone();
    esh_bad[7] = 1;
    b.add("esis esh bad cksum", false, osi_llc(&esh_bad));
    b.add("esis no header", false, osi_llc(&[0x82, 9]));
    let mut ev2 = ish.clone();
    ev2[2] = 3;
    b.add("esis version 3", false, osi_llc(&ev2));
    let mut eli = ish.clone();
    eli[1] = 99;
    b.add("esis li past pdu", false, osi_llc(&eli));
    let mut esl = ish.clone();
    esl[1] = 10;
    b.add("esis li short", false, osi_llc(&esl));
    b.add(
        "esis esh bad li",
        false,
        osi_llc(&esis(2, &[2, 8, 1, 2, 3, 4, 5, 6, 7, 8], false)),
    );
    b.add(
        "esis ish bad li",
        false,
        osi_llc(&esis(4, &[8, 1, 2, 3], false)),
    );
    b.add(
        "esis redirect bad li",
        false,
        osi_llc(&esis(6, &[2, 1, 2, 6, 1], false)),
    );
    b.add(
        "esis bad opts li",
        false,
        osi_llc(&esis(4, &[1, 0x47, 198], false)),
    );
    b.add(
        "esis opt too long",
        false,
        osi_llc(&esis(4, &[1, 0x47, 198, 9, 0], false)),
    );
    // Cut variants.
    cuts(&mut b, "clnp echo request options cut", &osi_llc(&erq), 17);
    cuts(&mut b, "clnp error report cut", &osi_llc(&er), 17);
    cuts(&mut b, "esis esh cut", &osi_llc(&esh), 17);
    cuts(&mut b, "esis redirect cut", &osi_llc(&rd), 17);
    b.pkts
}

/// A few of the PDUs above, as the link-layer payloads of `frame`.
fn link_set(b: &mut B, frame: fn(&[u8]) -> Vec<u8>) {
    let inner = clnp(0x1c, 20, &NSAP_A, &NSAP_B, &[], b"data", true);
    let er = clnp(0x01, 30, &NSAP_B, &NET, &[193, 1, 0xa0], &inner, true);
    let esh = esis(2, &cat(&[&[1, 8], &NET, &[129, 2, 0x81, 0x83]]), true);
    let ish = esis(4, &cat(&[&[8], &NET, &[198, 2, 0, 10]]), true);
    let rd = esis(6, &cat(&[&[13], &NSAP_B, &[6], &MAC_B, &[0]]), true);
    for (name, pdu) in [
        ("clnp data", &inner),
        ("clnp error report", &er),
        ("esis esh", &esh),
        ("esis ish", &ish),
        ("esis redirect", &rd),
    ] {
        b.add(name, false, frame(pdu));
    }
    cuts(b, "clnp error report cut", &frame(&er), 4);
    cuts(b, "esis redirect cut", &frame(&rd), 4);
}

/// CLNP and ES-IS over Cisco HDLC (protocol 0xfefe, with and without the pad byte).
pub fn osi_chdlc_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_330_000_000_000_000);
    link_set(&mut b, |pdu| cat(&[&[0x0f, 0x00, 0xfe, 0xfe], pdu]));
    link_set(&mut b, |pdu| cat(&[&[0x8f, 0x00, 0xfe, 0xfe, 0x00], pdu]));
    b.pkts
}

/// CLNP and ES-IS over Frame Relay (Q.922 address, UI, the NLPID).
pub fn osi_fr_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_340_000_000_000_000);
    link_set(&mut b, |pdu| cat(&[&[0x18, 0x41, 0x03], pdu]));
    b.pkts
}
