//! PPTP control messages of every type (TCP port 1723) and the enhanced GRE that carries the
//! calls' PPP, with bad cookies, reserved fields set, unknown types and cut variants; and GRE
//! version 0 with a checksum and an IPX payload (their `-v` forms differ).

use super::*;

/// A PPTP control message of type `t` with `body`, the cookie `magic`.
fn ctrl(t: u16, magic: u32, reserved: u16, body: &[u8]) -> Vec<u8> {
    let len = (12 + body.len()) as u16;
    cat(&[
        &len.to_be_bytes(),
        &1u16.to_be_bytes(),
        &magic.to_be_bytes(),
        &t.to_be_bytes(),
        &reserved.to_be_bytes(),
        body,
    ])
}

/// `s` in a NUL-padded field of `n` bytes.
fn field(s: &[u8], n: usize) -> Vec<u8> {
    let mut v = s.to_vec();
    v.resize(n, 0);
    v
}

/// Over TCP from port 3025 to 1723.
fn t4(payload: &[u8]) -> Vec<u8> {
    let t = Tcp::new(3025, 1723, 1, 1, PSH | ACK);
    eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_B, &t, payload))
}

/// GRE over IPv4.
fn g4(gre: &[u8]) -> Vec<u8> {
    eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_B, 47, gre))
}

const MAGIC: u32 = 0x1a2b_3c4d;

pub fn pptp_fixture_packets() -> Vec<Pkt> {
    let mut b = builder(1_700_310_000_000_000_000);
    let host = field(b"pns.example", 64);
    let vendor = field(b"promisc\x01test", 64);
    let sccrq = cat(&[
        &[1, 0, 0, 0],
        &[0, 0, 0, 3],
        &[0, 0, 0, 2],
        &[0, 4, 0x08, 0x70],
        &host,
        &vendor,
    ]);
    b.add("pptp sccrq", false, t4(&ctrl(1, MAGIC, 0, &sccrq)));
    let sccrp = cat(&[
        &[1, 0, 1, 0],
        &[0, 0, 0, 1],
        &[0, 0, 0, 1],
        &[0, 1, 0, 1],
        &host,
        &vendor,
    ]);
    b.add("pptp sccrp", false, t4(&ctrl(2, MAGIC, 0, &sccrp)));
    let sccrp_bad = cat(&[
        &[1, 0, 9, 6],
        &[0, 0, 0, 0],
        &[0, 0, 0, 0],
        &[0, 1, 0, 1],
        &host,
        &vendor,
    ]);
    b.add(
        "pptp sccrp unknown codes",
        false,
        t4(&ctrl(2, MAGIC, 0, &sccrp_bad)),
    );
    for (reason, name) in [
        (1u8, "pptp stopccrq none"),
        (3, "pptp stopccrq shutdown"),
        (9, "pptp stopccrq unknown"),
    ] {
        b.add(name, false, t4(&ctrl(3, MAGIC, 0, &[reason, 0, 0, 0])));
    }
    b.add(
        "pptp stopccrq reserved",
        false,
        t4(&ctrl(3, MAGIC, 0, &[2, 5, 0, 7])),
    );
    b.add(
        "pptp stopccrp",
        false,
        t4(&ctrl(4, MAGIC, 0, &[1, 0, 0, 0])),
    );
    b.add(
        "pptp echorq",
        false,
        t4(&ctrl(5, MAGIC, 0, &[0, 0, 0x30, 0x39])),
    );
    b.add(
        "pptp echorp",
        false,
        t4(&ctrl(6, MAGIC, 0, &[0, 0, 0x30, 0x39, 2, 3, 0, 0])),
    );
    let ocrq = cat(&[
        &[0, 7, 0x78, 0x28],
        &300u32.to_be_bytes(),
        &100_000_000u32.to_be_bytes(),
        &3u32.to_be_bytes(),
        &3u32.to_be_bytes(),
        &[0, 64, 0, 0],
        &[0, 5, 0, 0],
        &field(b"5551234", 64),
        &field(b"sub", 64),
    ]);
    b.add("pptp ocrq", false, t4(&ctrl(7, MAGIC, 0, &ocrq)));
    let ocrp = cat(&[
        &[0, 7, 0, 9, 1, 0, 0, 0],
        &64_000u32.to_be_bytes(),
        &[0, 64, 0, 0],
        &[0, 0, 0, 4],
    ]);
    b.add("pptp ocrp", false, t4(&ctrl(8, MAGIC, 0, &ocrp)));
    let icrq = cat(&[
        &[0, 8, 0, 1],
        &2u32.to_be_bytes(),
        &7u32.to_be_bytes(),
        &[0, 3, 0, 70],
        &field(b"123", 64),
        &field(b"4567", 64),
        &field(b"", 64),
    ]);
    b.add("pptp icrq", false, t4(&ctrl(9, MAGIC, 0, &icrq)));
    b.add(
        "pptp icrp",
        false,
        t4(&ctrl(10, MAGIC, 0, &[0, 8, 0, 9, 3, 5, 0, 16, 0, 0, 0, 1])),
    );
    let iccn = cat(&[
        &[0, 9, 0, 0],
        &33_600u32.to_be_bytes(),
        &[0, 16, 0, 0],
        &1u32.to_be_bytes(),
    ]);
    b.add("pptp iccn", false, t4(&ctrl(11, MAGIC, 0, &iccn)));
    b.add("pptp ccrq", false, t4(&ctrl(12, MAGIC, 0, &[0, 8, 0, 0])));
    let cdn = cat(&[&[0, 8, 4, 0, 0, 0x10, 0, 0], &field(b"stats here", 128)]);
    b.add("pptp cdn", false, t4(&ctrl(13, MAGIC, 0, &cdn)));
    let wen = cat(&[
        &[0, 9, 0, 0],
        &[
            0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6,
        ],
    ]);
    b.add("pptp wen", false, t4(&ctrl(14, MAGIC, 0, &wen)));
    let sli = cat(&[&[0, 9, 0, 0], &[0xff; 4], &[0, 0, 0x0a, 0]]);
    b.add("pptp sli", false, t4(&ctrl(15, MAGIC, 0, &sli)));
    b.add(
        "pptp bad cookie",
        false,
        t4(&ctrl(5, 0xdead_beef, 0, &[0, 0, 0, 1])),
    );
    b.add(
        "pptp reserved set",
        false,
        t4(&ctrl(12, MAGIC, 3, &[0, 8, 0, 1])),
    );
    b.add("pptp type 0", false, t4(&ctrl(0, MAGIC, 0, &[])));
    b.add(
        "pptp unknown type",
        false,
        t4(&ctrl(40, MAGIC, 0, &[1, 2, 3, 4])),
    );
    // Cut in the header, in a number, in a text field.
    for (name, keep) in [
        ("pptp cut in header", 14 + 20 + 20 + 6),
        ("pptp cut in body", 14 + 20 + 20 + 14),
        ("pptp cut in hostname", 14 + 20 + 20 + 12 + 20),
    ] {
        let whole = t4(&ctrl(1, MAGIC, 0, &sccrq));
        let wire = whole.len() as u32;
        b.add_len(name, false, whole[..keep].to_vec(), wire);
    }
    // Enhanced GRE (version 1) with PPP: LCP, with and without sequence numbers and acks.
    let lcp = [
        0xff, 0x03, 0xc0, 0x21, 1, 0, 0, 10, 5, 6, 0x02, 0x19, 0x52, 0xcf,
    ];
    let gre1 = |flags: u16, seq: Option<u32>, ack: Option<u32>, payload: &[u8]| {
        let mut v = cat(&[
            &flags.to_be_bytes(),
            &0x880bu16.to_be_bytes(),
            &(payload.len() as u16).to_be_bytes(),
            &[0, 7],
        ]);
        if let Some(s) = seq {
            v.extend_from_slice(&s.to_be_bytes());
        }
        if let Some(a) = ack {
            v.extend_from_slice(&a.to_be_bytes());
        }
        v.extend_from_slice(payload);
        v
    };
    b.add(
        "gre1 ppp lcp",
        false,
        g4(&gre1(0x3001, Some(0), None, &lcp)),
    );
    b.add(
        "gre1 ppp seq ack",
        false,
        g4(&gre1(0x3081, Some(5), Some(4), &lcp)),
    );
    b.add(
        "gre1 ack only",
        false,
        g4(&gre1(0x2081, None, Some(4), &[])),
    );
    let whole = g4(&gre1(0x3001, Some(0), None, &lcp));
    b.add_len(
        "gre1 cut in ppp",
        false,
        whole[..whole.len() - 6].to_vec(),
        whole.len() as u32,
    );
    // GRE version 0: a checksum, an IPX payload, and an unknown protocol.
    let ipx = [
        0xff, 0xff, 0, 30, 0, 4, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x04, 0x52, 0, 0,
        0, 2, 0, 1, 2, 3, 4, 5, 0x04, 0x53,
    ];
    b.add(
        "gre0 csum ipx",
        false,
        g4(&cat(&[&[0x80, 0, 0x81, 0x37, 0x12, 0x34, 0, 0], &ipx])),
    );
    b.add("gre0 unknown proto", false, g4(&[0, 0, 0x12, 0x34, 1, 2]));
    b.pkts
}
