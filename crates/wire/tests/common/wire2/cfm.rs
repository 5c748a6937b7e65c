//! CFM (IEEE 802.1ag) after EtherType 0x8902 and its old value 0xabcd: continuity checks with
//! every MD and MA name format and the name lengths tcpdump rejects, linktrace messages and
//! replies, loopback and unknown opcodes, a version other than 0, first TLV offsets too small
//! and too large, every TLV type (the sender ID's chassis ID and management address kinds, and
//! the lengths tcpdump calls too short), TLVs longer than the PDU; cut variants.

use super::*;

/// A CFM PDU (`MD level`, opcode, flags, first TLV offset, the rest) in Ethernet.
fn cfm(level: u8, opcode: u8, flags: u8, first_tlv: u8, rest: &[u8]) -> Vec<u8> {
    eth(
        MAC_B,
        MAC_A,
        0x8902,
        &cat(&[&[level << 5, opcode, flags, first_tlv], rest]),
    )
}

/// A TLV: type, 16-bit length, value.
fn tlv(t: u8, v: &[u8]) -> Vec<u8> {
    cat(&[&[t], &(v.len() as u16).to_be_bytes(), v])
}

/// A CCM's fixed part: sequence, MEP ID, the 48 bytes of names (`names`, zero-padded), the 16
/// bytes of Y.1731 fields.
fn ccm_body(seq: u32, mep: u16, names: &[u8]) -> Vec<u8> {
    let mut n = names.to_vec();
    n.resize(48, 0);
    cat(&[&seq.to_be_bytes(), &mep.to_be_bytes(), &n, &[0; 16]])
}

/// A sender ID TLV value: chassis ID (length, type, bytes) and the rest.
fn sender(id_type: u8, id: &[u8], rest: &[u8]) -> Vec<u8> {
    cat(&[&[id.len() as u8, id_type], id, rest])
}

/// The fixture's packets.
pub fn cfm_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_280_000_000_000_000);
    let names = cat(&[&[4, 7], b"example", &[2, 6], b"ma-one"]);
    let tlvs = cat(&[
        &tlv(2, &[2]),
        &tlv(3, &[7]),
        &tlv(
            1,
            &sender(
                4,
                &MAC_A,
                &[3, 0x2b, 6, 1, 4, 0x0a, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            ),
        ),
        &tlv(31, &[0x00, 0x12, 0x0f, 7, 0xaa, 0xbb]),
        &tlv(2, &[9]),
        &tlv(3, &[4]),
        &[0],
    ]);
    let ccm = cfm(
        5,
        1,
        0x80 | 4,
        70,
        &cat(&[&ccm_body(0x0102_0304, 0x1fff, &names), &tlvs]),
    );
    both(
        &mut b,
        "cfm ccm char names tlvs",
        "cfm ccm cut in names",
        ccm.clone(),
        14 + 4 + 20,
    );
    b.add_len(
        "cfm ccm cut in tlvs",
        false,
        ccm[..14 + 4 + 70 + 12].to_vec(),
        ccm.len() as u32,
    );
    b.add_len(
        "cfm ccm cut in tlv header",
        false,
        ccm[..14 + 4 + 70 + 1].to_vec(),
        ccm.len() as u32,
    );
    for (i, name) in [
        (1, "cfm ccm interval 1 no md name"),
        (2, "cfm ccm interval 2"),
        (3, "cfm ccm interval 3"),
        (5, "cfm ccm interval 5"),
        (6, "cfm ccm interval 6"),
        (7, "cfm ccm interval 7"),
    ] {
        b.add(
            name,
            false,
            cfm(0, 1, i, 70, &ccm_body(i.into(), 1, &[1, 3, 2, 0x12, 0x34])),
        );
    }
    let mac_names = cat(&[&[3, 6], &MAC_B, &[1, 2, 0, 100]]);
    b.add(
        "cfm ccm md mac vid",
        false,
        cfm(7, 1, 0, 70, &ccm_body(9, 2, &mac_names)),
    );
    let bad_mac = cat(&[&[3, 8], &MAC_B, &[0, 1, 4, 7], b"vpn-id7"]);
    b.add(
        "cfm ccm md mac bad length",
        false,
        cfm(7, 1, 0, 70, &ccm_body(9, 2, &bad_mac)),
    );
    let dns = cat(&[&[2, 11], b"example.org", &[0, 3, 1, 2, 3]]);
    b.add(
        "cfm ccm md dns ma 802.1",
        false,
        cfm(1, 1, 0, 74, &cat(&[&ccm_body(9, 2, &dns), &[0; 4]])),
    );
    let ieee = cat(&[&[0, 4, 0xde, 0xad, 0xbe, 0xef], &[9, 2, 0xff, 0xfe]]);
    b.add(
        "cfm ccm md 802.1 ma unknown",
        false,
        cfm(1, 1, 0, 70, &ccm_body(9, 2, &ieee)),
    );
    b.add(
        "cfm ccm md name too long",
        false,
        cfm(1, 1, 0, 70, &ccm_body(9, 2, &[4, 44])),
    );
    b.add(
        "cfm ccm ma name too long",
        false,
        cfm(1, 1, 0, 70, &ccm_body(9, 2, &[1, 2, 47])),
    );
    b.add(
        "cfm ccm first tlv offset too small",
        false,
        cfm(1, 1, 0, 10, &ccm_body(9, 2, &[1, 2, 0])),
    );
    b.add(
        "cfm ccm first tlv offset too large",
        false,
        cfm(1, 1, 0, 200, &ccm_body(9, 2, &[1, 2, 0])),
    );
    b.add(
        "cfm ccm shorter than its fixed part",
        false,
        cfm(1, 1, 0, 20, &ccm_body(9, 2, &[1, 2, 0])[..30]),
    );
    let ltm = cat(&[
        &0xdead_beef_u32.to_be_bytes(),
        &[64],
        &MAC_A,
        &MAC_B,
        &tlv(7, &[1, 2, 3]),
        &[0],
    ]);
    both(
        &mut b,
        "cfm ltm",
        "cfm ltm cut in macs",
        cfm(2, 5, 0x80, 17, &ltm),
        14 + 4 + 8,
    );
    b.add("cfm ltm no flags", false, cfm(2, 5, 0, 17, &ltm));
    b.add("cfm ltm offset too small", false, cfm(2, 5, 0, 16, &ltm));
    let ltr = cat(&[
        &7u32.to_be_bytes(),
        &[63, 2],
        &tlv(6, &[1, 0, 1, 2, 3, 4, 5, 6]),
        &tlv(5, &[1, 0, 1, 2, 3, 4, 5, 6]),
        &[0],
    ]);
    b.add("cfm ltr", false, cfm(2, 4, 0xe0, 6, &ltr));
    b.add(
        "cfm ltr action 9",
        false,
        cfm(2, 4, 0x40, 6, &{
            let mut l = ltr.clone();
            l[5] = 9;
            l
        }),
    );
    b.add("cfm ltr offset too small", false, cfm(2, 4, 0, 5, &ltr));
    let lbm = cat(&[&5u32.to_be_bytes(), &tlv(4, b"0123456789abcdefXYZ"), &[0]]);
    b.add("cfm lbm data", false, cfm(3, 3, 0, 4, &lbm));
    b.add("cfm lbr data", false, cfm(3, 2, 0, 4, &lbm));
    b.add("cfm unknown opcode", false, cfm(3, 99, 0, 2, &[1, 2, 3, 4]));
    b.add(
        "cfm version 1",
        false,
        eth(MAC_B, MAC_A, 0x8902, &[0x41, 1, 0, 70, 0, 0]),
    );
    b.add(
        "cfm three bytes",
        false,
        eth(MAC_B, MAC_A, 0x8902, &[0, 1, 0]),
    );
    let mut cut_hdr = cfm(0, 1, 0, 70, &[]);
    cut_hdr.truncate(14 + 2);
    b.add_len("cfm cut in header", false, cut_hdr, 14 + 4);
    b.add(
        "cfm old ethertype",
        false,
        eth(MAC_B, MAC_A, 0xabcd, &[0x20, 3, 0, 4, 0, 0, 0, 1, 0]),
    );
    // Sender ID TLVs, after a loopback message's transaction ID.
    let senders: &[(&'static str, Vec<u8>)] = &[
        ("cfm sender empty", vec![]),
        ("cfm sender no chassis no mgmt", vec![0]),
        ("cfm sender chassis type missing", vec![4]),
        (
            "cfm sender chassis longer than tlv",
            vec![9, 4, 1, 2, 3, 4, 5, 6, 7],
        ),
        ("cfm sender mac bad length", sender(4, &[1, 2, 3], &[])),
        ("cfm sender ipv4", sender(5, &[1, 192, 0, 2, 7], &[0])),
        (
            "cfm sender ipv4 bad length",
            sender(5, &[1, 192, 0, 2], &[]),
        ),
        ("cfm sender ipv6", sender(5, &cat(&[&[2], &IP6_A]), &[])),
        ("cfm sender ipv6 bad length", sender(5, &[2, 1, 2], &[])),
        ("cfm sender nsap", sender(5, &[3, 0x49, 0, 1], &[])),
        ("cfm sender interface name", sender(6, b"eth0\x01x", &[])),
        ("cfm sender alias with nul", sender(2, b"up\0link", &[])),
        ("cfm sender local", sender(7, b"box-7", &[])),
        ("cfm sender chassis component", sender(1, b"c1", &[])),
        ("cfm sender port component", sender(3, b"p\xe92", &[])),
        ("cfm sender reserved type", sender(0, &[1, 2], &[])),
        ("cfm sender unknown type", sender(9, &[1, 2], &[])),
        (
            "cfm sender mgmt domain too long",
            sender(7, b"a", &[5, 1, 2]),
        ),
        (
            "cfm sender mgmt address length missing",
            sender(7, b"a", &[2, 1, 2]),
        ),
        (
            "cfm sender mgmt address too long",
            sender(7, b"a", &[1, 9, 4, 1]),
        ),
        ("cfm sender mgmt address empty", sender(7, b"a", &[1, 9, 0])),
        ("cfm sender mgmt only", vec![0, 2, 0x2b, 6, 3, 10, 0, 0]),
    ];
    for (name, v) in senders {
        let body = cat(&[&1u32.to_be_bytes(), &tlv(1, v), &tlv(2, &[1]), &[0]]);
        b.add(name, false, cfm(0, 3, 0, 4, &body));
    }
    let odd: &[(&'static str, Vec<u8>)] = &[
        ("cfm port status empty", tlv(2, &[])),
        ("cfm interface status empty", tlv(3, &[])),
        ("cfm private too short", tlv(31, &[0, 0x12])),
        ("cfm private unknown oui", tlv(31, &[0xfe, 0xdc, 0xba, 1])),
        ("cfm tlv header cut by length", vec![2]),
        ("cfm tlv longer than pdu", vec![4, 0, 9, 1, 2]),
        ("cfm unknown tlv", tlv(0x37, &[1; 20])),
    ];
    for (name, t) in odd {
        let body = cat(&[&1u32.to_be_bytes(), t, &[0]]);
        b.add(name, false, cfm(0, 3, 0, 4, &body));
    }
    b.pkts
}
