//! The `-T TYPE` fixture: TCP and UDP payloads on ports no printer is picked by, printed as
//! the type `-T` forces (ZMTP/1.0 over TCP; DNS and TFTP over UDP), truncated variants
//! included.

use super::*;

/// A ZMTP/1.0 frame with an 8-bit length: `flags` and `body`.
fn short_frame(flags: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![(body.len() + 1) as u8, flags];
    v.extend_from_slice(body);
    v
}

/// A ZMTP/1.0 frame with the 0xFF escape and a 64-bit length.
fn long_frame(flags: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![0xff];
    v.extend_from_slice(&((body.len() + 1) as u64).to_be_bytes());
    v.push(flags);
    v.extend_from_slice(body);
    v
}

/// IPv4 over Ethernet, `proto`'s segment `l4`, cut to `cut` bytes of the frame (0: whole).
fn frame(name: &'static str, i: u64, proto: u8, l4: &[u8], cut: usize) -> Pkt {
    let f = eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_B, proto, l4));
    let orig_len = f.len() as u32;
    let data = if cut == 0 { f } else { f[..cut].to_vec() };
    Pkt {
        name,
        data,
        orig_len,
        ts_ns: 1_700_000_000_000_000_000 + i * 1_000_000,
        strict: false,
    }
}

/// A TCP segment from port 40000 to 5555 (no printer's port) carrying `payload`.
fn tcp_seg(payload: &[u8]) -> Vec<u8> {
    Tcp::new(40000, 5555, 1000, 2000, 0x18).build(&IP_A, &IP_B, payload)
}

/// The fixture's packets.
pub fn ptype_packets() -> Vec<Pkt> {
    let mut zmtp = Vec::new();
    // A greeting (identity), an empty frame, a MORE frame, and a 64-bit one.
    zmtp.extend(short_frame(0x00, b"peer-1"));
    zmtp.extend([0x00]);
    zmtp.extend(short_frame(0x01, b"hello"));
    zmtp.extend(long_frame(0x7e, b"world"));
    let big: Vec<u8> = (0..200u8).collect();
    let mut big_frames = short_frame(0x00, &big);
    big_frames.extend(short_frame(0x01, b"x"));
    // A frame declaring more than the segment holds.
    let mut short = vec![0x40, 0x00];
    short.extend_from_slice(b"only a part");
    let dns = {
        let mut q = dns_header(0x2a2a, 0x0100, 1, 0, 0, 0);
        q.extend(qname("example.org"));
        q.extend_from_slice(&[0, 1, 0, 1]);
        q
    };
    let mut tftp = vec![0, 1];
    tftp.extend_from_slice(b"pxelinux.0\0octet\0");
    let odd_udp = |p: &[u8]| udp(40001, 5556, &IP_A, &IP_B, p);
    let zmtp_seg = tcp_seg(&zmtp);
    vec![
        frame("zmtp1 frames", 0, 6, &zmtp_seg, 0),
        frame("zmtp1 cut in a frame", 1, 6, &zmtp_seg, 14 + 20 + 20 + 12),
        frame(
            "zmtp1 cut in the 64-bit length",
            2,
            6,
            &zmtp_seg,
            14 + 20 + 20 + 18,
        ),
        frame("zmtp1 big body", 3, 6, &tcp_seg(&big_frames), 0),
        frame("zmtp1 longer than the segment", 4, 6, &tcp_seg(&short), 0),
        frame("zmtp1 ack only", 5, 6, &tcp_seg(&[]), 0),
        frame("udp dns odd port", 6, 17, &odd_udp(&dns), 0),
        frame(
            "udp dns odd port cut",
            7,
            17,
            &odd_udp(&dns),
            14 + 20 + 8 + 15,
        ),
        frame("udp tftp odd port", 8, 17, &odd_udp(&tftp), 0),
    ]
}
