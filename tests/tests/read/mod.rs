//! `promisc read`: damaged files and files that stop it part way, and every timestamp printed
//! as tcpdump prints it.

mod asdot;
mod damaged;
mod flags;
mod json;
mod names;
mod rewrite;
mod tcpdump5;
mod tcpdump_flags;
mod timestamps;
mod wlan_filter;

/// A little-endian pcap file header: microseconds or nanoseconds, snapshot length 65535,
/// link type `linktype`.
fn pcap_header(nanos: bool, linktype: u32) -> Vec<u8> {
    let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
    let mut b = magic.to_le_bytes().to_vec();
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&4u16.to_le_bytes());
    b.extend_from_slice(&[0; 8]);
    b.extend_from_slice(&65535u32.to_le_bytes());
    b.extend_from_slice(&linktype.to_le_bytes());
    b
}
