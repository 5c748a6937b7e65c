//! ESP, AH and IPComp over IPv4 and IPv6: ESP's SPI and sequence number (tcpdump prints no
//! more without `-E`), AH's header and the payload after it (UDP, ICMPv6, another AH, ESP),
//! IPComp's CPI, and the cut headers.

use super::*;

/// An AH header: next header `nh`, `words` 32-bit words of ICV, reserved `rsv`.
fn ah(nh: u8, rsv: u16, spi: u32, seq: u32, icv_words: u8) -> Vec<u8> {
    let mut v = vec![nh, icv_words + 1];
    v.extend_from_slice(&rsv.to_be_bytes());
    v.extend_from_slice(&spi.to_be_bytes());
    v.extend_from_slice(&seq.to_be_bytes());
    for i in 0..u32::from(icv_words) * 4 {
        v.push(0xa0 + i as u8);
    }
    v
}

/// An ESP packet: SPI, sequence number and ciphertext.
fn esp(spi: u32, seq: u32, n: usize) -> Vec<u8> {
    let mut v = spi.to_be_bytes().to_vec();
    v.extend_from_slice(&seq.to_be_bytes());
    v.extend((0..n).map(|i| (i * 7) as u8));
    v
}

/// IPv4 from `IP_A` to `IP_B` of protocol `proto`, in Ethernet.
fn e4(proto: u8, payload: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_B, proto, payload))
}

/// IPv6 from `IP6_A` to `IP6_B` of next header `nh`, in Ethernet.
fn e6(nh: u8, payload: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x86dd, &ipv6(IP6_A, IP6_B, nh, 64, payload))
}

/// The fixture's packets.
pub fn ipsec_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_230_000_000_000_000);
    let e = esp(0x1234_5678, 1, 40);
    both(&mut b, "esp ipv4", "esp ipv4 cut", e4(50, &e), 14 + 20 + 8);
    b.add(
        "esp ipv4 nine bytes",
        false,
        e4(50, &e)[..14 + 20 + 9].to_vec(),
    );
    b.add(
        "esp ipv6",
        false,
        e6(50, &esp(0xffff_ffff, 0x8000_0001, 24)),
    );
    b.add("esp ipv4 spi zero", false, e4(50, &esp(0, 0, 16)));
    let u = udp(40000, 9, &IP_A, &IP_B, b"payload");
    let a = cat(&[&ah(17, 0, 0x100, 0x13, 3), &u]);
    both(
        &mut b,
        "ah udp",
        "ah udp cut in icv",
        e4(51, &a),
        14 + 20 + 18,
    );
    b.add(
        "ah reserved",
        false,
        e4(51, &cat(&[&ah(59, 0x3030, 0x200, 2, 1), &[1, 2, 3]])),
    );
    b.add(
        "ah esp",
        false,
        e4(51, &cat(&[&ah(50, 0, 0x300, 3, 3), &esp(0xabcd, 7, 20)])),
    );
    b.add(
        "ah ah udp",
        false,
        e4(51, &cat(&[&ah(51, 0, 1, 1, 1), &ah(17, 0, 2, 2, 2), &u])),
    );
    b.add("ah long", false, e4(51, &cat(&[&[17, 40, 0, 0], &[0; 8]])));
    let ping = icmp6(128, 0, &[0, 1, 0, 2], &IP6_A, &IP6_B);
    b.add(
        "ah ipv6 icmp6",
        false,
        e6(51, &cat(&[&ah(58, 0, 0x400, 4, 3), &ping])),
    );
    b.add_len(
        "ah cut in spi",
        false,
        e4(51, &a)[..14 + 20 + 6].to_vec(),
        14 + 20 + a.len() as u32,
    );
    b.add_len(
        "ah cut in seq",
        false,
        e4(51, &a)[..14 + 20 + 10].to_vec(),
        14 + 20 + a.len() as u32,
    );
    b.add_len(
        "ah cut at next header",
        false,
        e4(51, &ah(17, 0, 1, 1, 3))[..14 + 20].to_vec(),
        14 + 20 + 24,
    );
    let comp = [4, 0, 0x12, 0x34, 1, 2, 3, 4, 5, 6];
    both(&mut b, "ipcomp", "ipcomp cut", e4(108, &comp), 14 + 20 + 3);
    b.add("ipcomp ipv6", false, e6(108, &comp));
    b.pkts
}
