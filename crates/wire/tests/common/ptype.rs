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

/// A PGM packet from port 13320 to 5563: `ty`, the options bit when `opts`, global source id
/// 0x3329041eba74, TSDU length `tsdu`, then `rest` (checksum left zero, as PGM allows).
fn pgm(ty: u8, opts: bool, tsdu: u16, rest: &[u8]) -> Vec<u8> {
    let mut v = vec![0x34, 0x08, 0x15, 0x7b, ty, u8::from(opts), 0, 0];
    v.extend_from_slice(&[0x33, 0x29, 0x04, 0x1e, 0xba, 0x74]);
    v.extend_from_slice(&tsdu.to_be_bytes());
    v.extend_from_slice(rest);
    v
}

/// The PGM packets: SPM, POLL, POLR, ODATA carrying a ZeroMQ message, RDATA, NAK with
/// options, NCF, ACK, SPMR, an unknown type, and malformed options.
fn pgm_packets() -> Vec<(&'static str, Vec<u8>)> {
    let nla = [0, 1, 0, 0, 10, 0, 0, 45];
    let mut spm = vec![0, 1, 0x68, 0x1e, 0, 0, 0x54, 0x72, 0, 0, 0xd6, 0xa6];
    spm.extend_from_slice(&nla);
    let mut poll = vec![0, 0, 0, 9, 0, 3, 0, 0];
    poll.extend_from_slice(&nla);
    poll.extend_from_slice(&[0, 0, 0, 100, 0xde, 0xad, 0xbe, 0xef, 0xff, 0, 0xff, 0]);
    let mut message = vec![0x00, 0x00];
    message.extend([6, 0]);
    message.extend_from_slice(b"hello");
    message.extend([3, 1, 0xaa, 0xbb]);
    let mut odata = vec![0, 0, 0xd6, 0xa7, 0, 0, 0x54, 0x72];
    odata.extend_from_slice(&message);
    // (tcpdump reads the group's family from the group address itself: one starting 0.1 is
    // the only kind it prints whole.)
    let mut nak = vec![0, 0, 0, 7, 0, 1, 0, 0, 10, 0, 0, 45, 0, 1, 0, 0, 0, 1, 2, 3];
    // OPT_LENGTH (total 4 + 16 + 12 + 8 + 4), FRAGMENT, NAK_LIST of two, JOIN, SYN (end).
    nak.extend_from_slice(&[0x00, 4, 0, 44]);
    nak.extend_from_slice(&[0x01, 16, 0, 0, 0, 0, 0, 5, 0, 0, 0, 100, 0, 0, 0x10, 0]);
    nak.extend_from_slice(&[0x02, 12, 0, 0, 0, 0, 0, 8, 0, 0, 0, 9]);
    nak.extend_from_slice(&[0x03, 8, 0, 0, 0, 0, 0, 1]);
    nak.extend_from_slice(&[0x8d, 4, 0, 0]);
    let mut ncf = nak[..20].to_vec();
    ncf.extend_from_slice(&[0x00, 4, 0, 12, 0x07, 4, 0, 0, 0x20, 3, 0, 0]);
    let bad_first = [0u8, 0, 0, 1, 0, 0, 0, 2, 0x01, 4, 0, 8];
    vec![
        ("pgm spm", pgm(0x00, false, 0, &spm)),
        ("pgm poll", pgm(0x01, false, 0, &poll)),
        ("pgm polr", pgm(0x02, false, 0, &[0, 0, 0, 9, 0, 3, 0, 0])),
        (
            "pgm odata zmtp1",
            pgm(0x04, false, message.len() as u16, &odata),
        ),
        (
            "pgm rdata zmtp1",
            pgm(0x05, false, message.len() as u16, &odata),
        ),
        ("pgm nak options", pgm(0x08, true, 0, &nak)),
        (
            "pgm nak group as tcpdump reads it",
            pgm(0x09, false, 0, &spm),
        ),
        ("pgm ncf bad options", pgm(0x0a, true, 0, &ncf)),
        (
            "pgm ack",
            pgm(0x0b, false, 0, &[0, 0, 1, 0, 0xff, 0xff, 0, 0]),
        ),
        ("pgm spmr", pgm(0x0c, false, 0, &[])),
        ("pgm unknown type", pgm(0x7f, false, 0, &[])),
        ("pgm spmr options", pgm(0x0c, true, 0, &[])),
        ("pgm first option bad", pgm(0x0b, true, 0, &bad_first)),
    ]
}

/// LMP messages (with `-T lmp`): a Hello with its objects, an unknown type, version 2, and one
/// cut in the header.
fn lmp_packets() -> Vec<Pkt> {
    let mut hello = vec![0x10, 0, 0, 4, 0, 28, 0, 0];
    hello.extend_from_slice(&[0x01, 1, 0, 8, 0, 0, 0, 1]);
    hello.extend_from_slice(&[0x01, 7, 0, 12, 0, 0, 0, 50, 0, 0, 0, 60]);
    let unknown = [0x10, 0, 0, 99, 0, 8, 0, 0];
    let v2 = [0x20, 0, 0, 4, 0, 8, 0, 0];
    let lmp = |p: &[u8]| udp(49998, 49998, &IP_A, &IP_B, p);
    vec![
        frame("lmp hello", 60, 17, &lmp(&hello), 0),
        frame("lmp unknown type", 61, 17, &lmp(&unknown), 0),
        frame("lmp version 2", 62, 17, &lmp(&v2), 0),
        frame("lmp cut", 63, 17, &lmp(&hello), 14 + 20 + 8 + 5),
    ]
}

/// RTP and vat/vt headers (with `-T rtp`, `-T vat`): RTP version 2 plain, with a marker and
/// an extension, H.261, too short; version 1 with options (one bad); vat and vt; one cut.
fn rtp_packets() -> Vec<Pkt> {
    let ssrc = [0xca, 0xfe, 0xba, 0xbe];
    let mut v2 = vec![0x80, 0x00, 0x12, 0x34, 0, 1, 0x86, 0xa0];
    v2.extend_from_slice(&ssrc);
    v2.extend_from_slice(&[0xaa; 20]);
    let mut ext = vec![0x90, 0x9f, 0x00, 0x07, 0, 0, 0, 9];
    ext.extend_from_slice(&ssrc);
    ext.extend_from_slice(&[0xbe, 0xde, 0, 1, 1, 2, 3, 4, 0x12, 0x34, 0x56, 0x78]);
    let mut v1 = vec![0x40, 0x80, 0, 5, 0, 0, 0, 7, 0, 0, 0, 1];
    v1.extend_from_slice(&[0x80, 1, 0, 0, 9, 9, 9, 9]);
    let mut v1_bad = vec![0x40, 0x80, 0, 5, 0, 0, 0, 7, 0, 0, 0, 1];
    v1_bad.extend_from_slice(&[0x00, 9, 0, 0]);
    let vat = [0x00, 0x83, 0x00, 0x2a, 0, 0, 0x10, 0, 1, 2, 3, 4];
    let vt = [0x80, 0x05, 1, 2];
    let on = |p: &[u8]| udp(40003, 5004, &IP_A, &IP_B, p);
    vec![
        frame("rtp v2", 70, 17, &on(&v2), 0),
        frame("rtp v2 extension h261", 71, 17, &on(&ext), 0),
        frame("rtp v2 short", 72, 17, &on(&v2[..10]), 0),
        frame("rtp tiny", 73, 17, &on(&v2[..6]), 0),
        frame("rtp v1 options", 74, 17, &on(&v1), 0),
        frame("rtp v1 bad option", 75, 17, &on(&v1_bad), 0),
        frame("rtp cut", 76, 17, &on(&v2), 14 + 20 + 8 + 6),
        frame("vat", 77, 17, &on(&vat), 0),
        frame("vt", 78, 17, &on(&vt), 0),
    ]
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
    .into_iter()
    .chain(
        pgm_packets()
            .into_iter()
            .enumerate()
            .flat_map(|(i, (name, p))| {
                let i = 9 + 3 * i as u64;
                let native = frame(name, i, 113, &p, 0);
                let cut = frame(name, i + 1, 113, &p, 14 + 20 + p.len().min(30) - 3);
                let in_udp = frame(name, i + 2, 17, &udp(40002, 5563, &IP_A, &IP_B, &p), 0);
                [native, cut, in_udp]
            }),
    )
    .chain(lmp_packets())
    .chain(rtp_packets())
    .collect()
}
