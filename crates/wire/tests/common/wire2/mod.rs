//! The fixtures of the MACsec, ESP, IPComp, RADIUS `-v`, NSH and the other printers of issue
//! 22's second printer round, built byte by byte, one fixture per printer, with truncated and
//! invalid variants.

use super::*;

mod dvmrp;
mod ipsec;
pub use dvmrp::dvmrp_fixture_packets;
mod macsec;
mod nsh;
mod radius;
mod rip;
pub use ipsec::ipsec_fixture_packets;
pub use macsec::macsec_fixture_packets;
pub use nsh::nsh_fixture_packets;
pub use radius::radius_fixture_packets;
pub use rip::rip_fixture_packets;

/// A fixture builder starting at `t` ns.
fn builder(t: u64) -> B {
    B {
        pkts: Vec::new(),
        t,
    }
}

/// Bytes in a row.
fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Adds `name` whole and `cut` cut to `keep` bytes (its wire length kept).
fn both(b: &mut B, name: &'static str, cut: &'static str, data: Vec<u8>, keep: usize) {
    let wire = data.len() as u32;
    let mut short = data.clone();
    short.truncate(keep);
    b.add(name, false, data);
    b.add_len(cut, false, short, wire);
}

/// Records of a link type tcpdump has no printer for (LINKTYPE_USER0, 147): it prints
/// `UNSUPPORTED` and the record in hex and ASCII.
pub fn unsupported_link_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_260_000_000_000_000);
    b.add("unsupported short", false, vec![0x6c, 1, 1]);
    b.add(
        "unsupported text",
        false,
        b"l\x01\x01\x01/org/freedesktop/DBus\0\0".to_vec(),
    );
    b.add_len("unsupported cut", false, (0..40u8).collect(), 100);
    b.pkts
}

/// Microsoft NLB heartbeats (EtherType 0x886f): whole, tagged, and cut in the host
/// priority and in the host address.
pub fn msnlb_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_270_000_000_000_000);
    let hb = cat(&[
        &[0xbf, 1, 0xde, 0xc0, 6, 2, 0, 0],
        &[2, 0, 0, 0],
        &[192, 0, 2, 80],
        &[192, 0, 2, 82],
        &[1, 0, 0, 0, 1, 0, 9, 0],
    ]);
    let frame = eth(BCAST, MAC_A, 0x886f, &hb);
    b.add("msnlb heartbeat", false, frame.clone());
    b.add_len(
        "msnlb cut in priority",
        false,
        frame[..14 + 10].to_vec(),
        60,
    );
    b.add_len("msnlb cut in host ip", false, frame[..14 + 18].to_vec(), 60);
    b.add(
        "msnlb tagged",
        false,
        eth_tagged(BCAST, MAC_A, &[(0x8100, 7)], 0x886f, &hb),
    );
    b.pkts
}
