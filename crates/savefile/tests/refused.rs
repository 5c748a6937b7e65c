//! Files libpcap refuses to open are refused, with an error naming what is wrong: a pcap
//! header of a version after 2.4, a pcap link-type field with reserved bits set, a pcapng file
//! whose first section is neither version 1.0 nor 1.2. The versions libpcap reads still read.

use promisc_savefile::{Error, Reader};

/// A little-endian pcap header of version `major.minor` and link-type field `linktype`, then
/// one 4-byte packet.
fn pcap(major: u16, minor: u16, linktype: u32) -> Vec<u8> {
    let mut v = 0xa1b2_c3d4u32.to_le_bytes().to_vec();
    v.extend_from_slice(&major.to_le_bytes());
    v.extend_from_slice(&minor.to_le_bytes());
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(&65535u32.to_le_bytes());
    v.extend_from_slice(&linktype.to_le_bytes());
    for w in [1u32, 0, 4, 4] {
        v.extend_from_slice(&w.to_le_bytes());
    }
    v.extend_from_slice(&[1, 2, 3, 4]);
    v
}

/// A little-endian pcapng section header block of version `major.minor`.
fn shb(major: u16, minor: u16) -> Vec<u8> {
    let mut v = 0x0a0d_0d0au32.to_le_bytes().to_vec();
    v.extend_from_slice(&28u32.to_le_bytes());
    v.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
    v.extend_from_slice(&major.to_le_bytes());
    v.extend_from_slice(&minor.to_le_bytes());
    v.extend_from_slice(&u64::MAX.to_le_bytes());
    v.extend_from_slice(&28u32.to_le_bytes());
    v
}

/// An Ethernet interface description block and one 4-byte enhanced packet block.
fn idb_and_packet() -> Vec<u8> {
    let mut v = Vec::new();
    for w in [1u32, 20, 1, 65535, 20] {
        v.extend_from_slice(&w.to_le_bytes());
    }
    for w in [6u32, 36, 0, 0, 1, 4, 4] {
        v.extend_from_slice(&w.to_le_bytes());
    }
    v.extend_from_slice(&[1, 2, 3, 4]);
    v.extend_from_slice(&36u32.to_le_bytes());
    v
}

/// Every packet of `bytes`, or the first error.
fn read(bytes: &[u8]) -> Result<usize, Error> {
    let mut r = Reader::new(bytes)?;
    let mut n = 0;
    while r.next_packet()?.is_some() {
        n += 1;
    }
    Ok(n)
}

fn refusal(bytes: &[u8]) -> String {
    match read(bytes) {
        Ok(n) => panic!("read {n} packets of a file libpcap refuses"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn pcap_versions_after_2_4_are_refused() {
    for minor in 0..=4 {
        assert_eq!(read(&pcap(2, minor, 1)).unwrap(), 1, "2.{minor}");
    }
    let e = refusal(&pcap(2, 5, 1));
    assert!(e.contains("unsupported pcap version 2.5"), "{e}");
    let e = refusal(&pcap(1, 4, 1));
    assert!(e.contains("unsupported pcap version 1.4"), "{e}");
}

#[test]
fn reserved_link_type_bits_are_refused() {
    let e = refusal(&pcap(2, 4, 0x0030_0000 | 1));
    assert!(e.contains("0x00300000"), "{e}");
    assert!(e.contains("reserved"), "{e}");
    // Every reserved bit is checked; the FCS bits above them are not reserved.
    for bit in 16..26 {
        refusal(&pcap(2, 4, 1 | (1 << bit)));
    }
    assert_eq!(read(&pcap(2, 4, 0x0400_0000 | 1)).unwrap(), 1);
}

#[test]
fn pcapng_first_sections_other_than_1_0_and_1_2_are_refused() {
    for minor in [0u16, 2] {
        let f = [shb(1, minor), idb_and_packet()].concat();
        assert_eq!(read(&f).unwrap(), 1, "1.{minor}");
    }
    for (major, minor) in [(1u16, 1u16), (1, 3), (0, 1), (2, 0)] {
        let f = [shb(major, minor), idb_and_packet()].concat();
        let e = refusal(&f);
        assert!(
            e.contains(&format!(
                "unsupported pcapng section version {major}.{minor}"
            )),
            "{e}"
        );
    }
    // libpcap checks only the major version of later sections.
    let f = [shb(1, 0), idb_and_packet(), shb(1, 1), idb_and_packet()].concat();
    assert_eq!(read(&f).unwrap(), 2);
}
