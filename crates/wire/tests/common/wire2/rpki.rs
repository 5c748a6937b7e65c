//! RPKI-Router (RFC 6810) segments to and from TCP port 323: every PDU type, several PDUs in a
//! segment, error reports quoting a PDU (itself an error report, or with a length that wraps
//! around), an unknown type and version, the lengths tcpdump calls invalid; cut variants.

use super::*;

/// A segment to the cache (port 323) carrying `payload`, over IPv4 in Ethernet.
fn to_cache(payload: &[u8]) -> Vec<u8> {
    let seg = Tcp::new(40000, 323, 1000, 2000, 0x18).build(&IP_A, &IP_B, payload);
    eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_B, 6, &seg))
}

/// Where a segment built by [`to_cache`] starts its payload.
const PAYLOAD: usize = 14 + 20 + 20;

/// A PDU: version, type, session ID (or error code), then `rest`; the length is the whole.
fn pdu(version: u8, t: u8, session: u16, rest: &[u8]) -> Vec<u8> {
    let s = session.to_be_bytes();
    let len = (8 + rest.len()) as u32;
    cat(&[&[version, t, s[0], s[1]], &len.to_be_bytes(), rest])
}

/// A PDU whose length field says `len` whatever follows.
fn pdu_len(t: u8, len: u32, rest: &[u8]) -> Vec<u8> {
    cat(&[&[0, t, 0, 1], &len.to_be_bytes(), rest])
}

/// An error report: code, the quoted PDU, the text.
fn error(code: u16, quoted: &[u8], text: &[u8]) -> Vec<u8> {
    pdu(
        0,
        10,
        code,
        &cat(&[
            &(quoted.len() as u32).to_be_bytes(),
            quoted,
            &(text.len() as u32).to_be_bytes(),
            text,
        ]),
    )
}

/// The fixture's packets.
pub fn rpki_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_290_000_000_000_000);
    let v4 = pdu(
        0,
        4,
        0,
        &cat(&[&[1, 24, 32, 0], &IP_C, &65551u32.to_be_bytes()]),
    );
    let v6 = pdu(
        0,
        6,
        0,
        &cat(&[&[0, 48, 64, 0], &IP6_A, &64496u32.to_be_bytes()]),
    );
    let many = cat(&[
        &pdu(0, 3, 0x1234, &[]),
        &v4,
        &v6,
        &pdu(0, 7, 0x1234, &99u32.to_be_bytes()),
    ]);
    both(
        &mut b,
        "rpki cache response prefixes end",
        "rpki cut in ipv6 prefix",
        to_cache(&many),
        PAYLOAD + 8 + 20 + 20,
    );
    b.add(
        "rpki serial notify",
        false,
        to_cache(&pdu(0, 0, 0xbeef, &7u32.to_be_bytes())),
    );
    b.add(
        "rpki serial query",
        false,
        to_cache(&pdu(0, 1, 1, &u32::MAX.to_be_bytes())),
    );
    b.add("rpki reset query", false, to_cache(&pdu(0, 2, 0, &[])));
    b.add("rpki cache reset", false, to_cache(&pdu(0, 8, 0, &[])));
    b.add(
        "rpki serial query bad length",
        false,
        to_cache(&pdu(0, 1, 1, &[0; 5])),
    );
    b.add(
        "rpki reset query bad length",
        false,
        to_cache(&pdu(0, 2, 0, &[0; 4])),
    );
    b.add(
        "rpki cache response bad length",
        false,
        to_cache(&pdu(0, 3, 0, &[0; 1])),
    );
    b.add(
        "rpki ipv4 prefix bad length",
        false,
        to_cache(&pdu(0, 4, 0, &[0; 11])),
    );
    b.add(
        "rpki ipv6 prefix bad length",
        false,
        to_cache(&pdu(0, 6, 0, &[0; 12])),
    );
    b.add(
        "rpki length beyond segment",
        false,
        to_cache(&pdu_len(2, 64, &[])),
    );
    b.add(
        "rpki length below header",
        false,
        to_cache(&pdu_len(2, 4, &[0; 4])),
    );
    b.add("rpki too few bytes", false, to_cache(&[0, 2, 0, 0, 0]));
    b.add(
        "rpki unknown type",
        false,
        to_cache(&pdu(0, 9, 5, b"abcdefgh")),
    );
    b.add(
        "rpki unknown version",
        false,
        to_cache(&cat(&[&pdu(1, 2, 0, &[]), &pdu(0, 2, 0, &[])])),
    );
    let quoted = pdu(0, 1, 1, &3u32.to_be_bytes());
    let err = error(4, &quoted, b"unsupported\x01version");
    both(
        &mut b,
        "rpki error report quoted pdu text",
        "rpki error report cut in text",
        to_cache(&err),
        PAYLOAD + err.len() - 4,
    );
    let nested = error(0, &error(9, &v4, b"inner"), b"outer");
    b.add("rpki error report nested", false, to_cache(&nested));
    b.add(
        "rpki error report empty",
        false,
        to_cache(&error(2, &[], &[])),
    );
    b.add(
        "rpki error report too short",
        false,
        to_cache(&pdu(0, 10, 1, &[0, 0])),
    );
    b.add(
        "rpki error report quoted too long",
        false,
        to_cache(&pdu(0, 10, 1, &cat(&[&20u32.to_be_bytes(), &[0; 8]]))),
    );
    b.add(
        "rpki error report text length missing",
        false,
        to_cache(&pdu(0, 10, 1, &cat(&[&4u32.to_be_bytes(), &[0; 4]]))),
    );
    b.add(
        "rpki error report text too long",
        false,
        to_cache(&pdu(
            0,
            10,
            1,
            &cat(&[&0u32.to_be_bytes(), &9u32.to_be_bytes(), b"ab"]),
        )),
    );
    b.add(
        "rpki error report quoted length wraps",
        false,
        to_cache(&pdu(
            0,
            10,
            1,
            &cat(&[
                &0xffff_fffcu32.to_be_bytes(),
                &[0, 2, 0, 0, 0, 0, 0, 8],
                &[0; 4],
            ]),
        )),
    );
    b.add("rpki from the cache", false, {
        let seg = Tcp::new(323, 40000, 1, 2, 0x18).build(&IP_B, &IP_A, &pdu(0, 8, 0, &[]));
        eth(MAC_A, MAC_B, 0x0800, &ipv4(IP_B, IP_A, 6, &seg))
    });
    let mut tiny = to_cache(&pdu(0, 2, 0, &[]));
    tiny.truncate(PAYLOAD + 5);
    b.add_len("rpki cut in header", false, tiny, (PAYLOAD + 8) as u32);
    b.pkts
}
