//! Cisco Auto-RP on UDP port 496: candidate advertisements and mappings with several RPs, every
//! PIM version value, reserved bits, negative and bidirectional group entries, a hold time of
//! zero (FOREVER), an unknown type, short headers and lengths too short for the RP or entry
//! counts; cut variants.

use super::*;

/// An Auto-RP message over UDP 496 in IPv4, in Ethernet.
fn v4(m: &[u8]) -> Vec<u8> {
    let (src, dst) = (IP_A, [224, 0, 1, 40]);
    eth(
        MAC_B,
        MAC_A,
        0x0800,
        &ipv4(src, dst, 17, &udp(496, 496, &src, &dst, m)),
    )
}

/// Where the Auto-RP message starts in a frame built by [`v4`].
const AT: usize = 14 + 20 + 8;

/// The header: type, RP count, hold time, reserved.
fn header(ty: u8, rps: u8, hold: u16) -> Vec<u8> {
    cat(&[&[ty, rps], &hold.to_be_bytes(), &[0; 4]])
}

/// An RP: address, PIM version byte, entries (flags, mask length, prefix).
fn rp(a: [u8; 4], ver: u8, entries: &[(u8, u8, [u8; 4])]) -> Vec<u8> {
    let mut v = cat(&[&a, &[ver, entries.len() as u8]]);
    for (flags, mask, p) in entries {
        v.extend_from_slice(&[*flags, *mask]);
        v.extend_from_slice(p);
    }
    v
}

/// The fixture's packets.
pub fn autorp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_310_000_000_000_000);
    let cand = cat(&[
        &header(0x11, 1, 181),
        &rp(IP_C, 2, &[(0, 4, [224, 0, 0, 0]), (1, 8, [239, 0, 0, 0])]),
    ]);
    both(
        &mut b,
        "autorp candidate",
        "autorp candidate cut",
        v4(&cand),
        AT + 8 + 6 + 3,
    );
    let map = cat(&[
        &header(0x12, 3, 0),
        &rp(IP_B, 1, &[(2, 16, [232, 1, 0, 0])]),
        &rp(
            IP_C,
            3,
            &[(3, 24, [233, 2, 3, 0]), (0xfc, 32, [234, 0, 0, 1])],
        ),
        &rp([198, 51, 100, 7], 0xfc, &[]),
    ]);
    both(
        &mut b,
        "autorp mapping",
        "autorp mapping cut in rp",
        v4(&map),
        AT + 8 + 14 + 2,
    );
    b.add(
        "autorp unknown type",
        false,
        v4(&cat(&[&header(0x2a, 0, 3600), &[1, 2]])),
    );
    b.add("autorp short", false, v4(&[0x11, 1, 0, 10, 0, 0, 0]));
    b.add(
        "autorp rp missing",
        false,
        v4(&cat(&[&header(0x11, 2, 60), &rp(IP_C, 2, &[])])),
    );
    b.add(
        "autorp rp cut short",
        false,
        v4(&cat(&[&header(0x11, 1, 60), &IP_C[..]])),
    );
    b.add(
        "autorp count missing",
        false,
        v4(&cat(&[&header(0x11, 1, 60), &IP_C[..], &[2]])),
    );
    let short_entry = cat(&[&header(0x11, 1, 60), &IP_C[..], &[2, 2, 0, 8, 10, 0]]);
    b.add("autorp entry short", false, v4(&short_entry));
    let cut = v4(&header(0x11, 0, 60));
    b.add_len(
        "autorp cut in header",
        false,
        cut[..AT + 3].to_vec(),
        cut.len() as u32,
    );
    b.pkts
}
