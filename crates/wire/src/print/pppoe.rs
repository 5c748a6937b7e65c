//! PPPoE (EtherTypes 0x8863 and 0x8864; tcpdump's `pppoe_print`): the discovery stage's codes
//! and tags, and a session frame's PPP header (`ppp_print`) as far as IPv4, IPv6 and the control
//! protocols' (LCP, IPCP, ...), PAP's and CHAP's one line at tcpdump's default verbosity.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use super::next::{off, L2Proto, Next};
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// The PPPoE header's length.
const HDR_LEN: u32 = 6;
/// The PADI code.
const PADI: u8 = 0x09;
/// The most tag characters tcpdump shows.
const MAX_TAG_PRINT: usize = 79;

/// `pppoe_print`: the PPPoE header at `p`, `length` bytes of frame.
pub(crate) fn pppoe_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    e.proto = "pppoe";
    if length < HDR_LEN {
        e.s(" (length ")?;
        e.d(length)?;
        e.s(" < 6)")?;
        return e.invalid();
    }
    let length = length - HDR_LEN;
    let h = e.bytes(p, HDR_LEN as usize)?;
    let (ver, typ, code) = (h[0] >> 4, h[0] & 0x0f, h[1]);
    let session = u16::from_be_bytes([h[2], h[3]]);
    let mut plen = u32::from(u16::from_be_bytes([h[4], h[5]]));
    if ver != 1 {
        e.s(" [ver ")?;
        e.d(ver)?;
        e.s("]")?;
    }
    if typ != 1 {
        e.s(" [type ")?;
        e.d(typ)?;
        e.s("]")?;
    }
    e.s("PPPoE ")?;
    if code != 0 {
        let name = tok::find(CODES, code.into());
        tok::tok2str(e.out, name, code.into(), Unknown::hex("PAD-", ""))?;
    }
    if code == PADI && plen > 1484 - HDR_LEN {
        e.s(" [len ")?;
        e.d(plen)?;
        e.s("!]")?;
    }
    if plen > length {
        e.s(" [len ")?;
        e.d(plen)?;
        e.s(" > ")?;
        e.d(length)?;
        e.s("!]")?;
        plen = length;
    }
    if session != 0 {
        e.s(" [ses 0x")?;
        fmtx::hex(e.out, session.into())?;
        e.s("]")?;
    }
    let payload = p + HDR_LEN as usize;
    if code != 0 {
        return tags(e, payload, plen);
    }
    e.s(" ")?;
    ppp_print(e, payload, plen)
}

/// The discovery stage's codes (0, a session frame, prints nothing).
const CODES: &Tok = &[
    (PADI as u32, "PADI"),
    (0x07, "PADO"),
    (0x19, "PADR"),
    (0x65, "PADS"),
    (0xa7, "PADT"),
];

/// The names tcpdump gives the discovery tags.
const TAGS: &Tok = &[
    (0, "EOL"),
    (0x0101, "Service-Name"),
    (0x0102, "AC-Name"),
    (0x0103, "Host-Uniq"),
    (0x0104, "AC-Cookie"),
    (0x0105, "Vendor-Specific"),
    (0x0110, "Relay-Session-ID"),
    (0x0120, "PPP-Max-Payload"),
    (0x0201, "Service-Name-Error"),
    (0x0202, "AC-System-Error"),
    (0x0203, "Generic-Error"),
];

/// The name tcpdump gives a discovery tag.
fn tag_name<W: Write>(e: &mut Cursor<'_, W>, t: u16) -> R {
    let name = tok::find(TAGS, t.into());
    Ok(tok::tok2str(
        e.out,
        name,
        t.into(),
        Unknown::hex("TAG-0x", ""),
    )?)
}

/// The discovery tags, `plen` bytes at `p`, up to the end-of-list tag.
fn tags<W: Write>(e: &mut Cursor<'_, W>, p: usize, plen: u32) -> R {
    let end = p + plen as usize;
    let mut at = p;
    let mut t = 0xffff;
    while t != 0 && at < end {
        t = e.be16(at)?;
        let len = e.be16(at + 2)? as usize;
        at += 4;
        let v = e.bytes(at, len)?;
        e.s(" [")?;
        tag_name(e, t)?;
        if len > 0 {
            let shown = &v[..len.min(MAX_TAG_PRINT)];
            let ascii = shown.iter().filter(|c| (0x20..=0x7e).contains(*c)).count();
            if ascii > shown.len() - ascii {
                e.s(" \"")?;
                for &c in shown {
                    let c = if (0x20..=0x7e).contains(&c) { c } else { b'.' };
                    e.out.write_char(c as char)?;
                }
                e.s("\"")?;
            } else {
                e.s(" 0x")?;
                for &c in v {
                    upper_hex2(e, c)?;
                }
            }
        }
        e.s("]")?;
        at += len;
    }
    Ok(())
}

/// `%02X`.
fn upper_hex2<W: Write>(e: &mut Cursor<'_, W>, b: u8) -> R {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    e.out.write_char(HEX[usize::from(b >> 4)] as char)?;
    e.out.write_char(HEX[usize::from(b & 0xf)] as char)?;
    Ok(())
}

/// The PPP protocol names tcpdump knows (`ppptype2str`).
pub(crate) fn ppp_name(proto: u16) -> Option<&'static str> {
    Some(match proto {
        0x0021 => "IP",
        0x0023 => "OSI",
        0x0025 => "NS",
        0x0027 => "DECNET",
        0x0029 => "APPLE",
        0x002b => "IPX",
        0x002d => "VJC IP",
        0x002f => "VJNC IP",
        0x0031 => "BRPDU",
        0x0033 => "STII",
        0x0035 => "VINES",
        0x0281 | 0x0283 => "MPLS",
        0x00fd => "Compressed",
        0x003d => "MLPPP",
        0x0057 => "IP6",
        0x0201 => "HELLO",
        0x0231 => "LUXCOM",
        0x0233 => "SNS",
        0x8021 => "IPCP",
        0x8023 => "OSICP",
        0x8025 => "NSCP",
        0x8027 => "DECNETCP",
        0x8029 => "APPLECP",
        0x802b => "IPXCP",
        0x8033 => "STIICP",
        0x8035 => "VINESCP",
        0x8057 => "IP6CP",
        0x8281 => "MPLSCP",
        0xc021 => "LCP",
        0xc023 => "PAP",
        0xc025 => "LQM",
        0xc223 => "CHAP",
        0xc227 => "EAP",
        0xc027 => "SPAP",
        0xc123 => "Old-SPAP",
        0xc02b => "BACP",
        0xc02d => "BAP",
        0xc03d => "MLPPP-CP",
        0x80fd => "CCP",
        _ => return None,
    })
}

/// `ppp_print` for a session frame's payload at `p`, `length` bytes (also the PPP link
/// type's printer).
pub(crate) fn ppp_print<W: Write>(e: &mut Cursor<'_, W>, mut p: usize, mut length: u32) -> R {
    e.proto = "ppp";
    let olen = length;
    if length < 2 {
        return Err(Stop::Trunc);
    }
    match e.be16(p)? {
        0x0003 | 0x0103 | 0xff03 => {
            if e.eflag {
                match e.u8(p)? {
                    0x00 => e.s("In  ")?,
                    0x01 => e.s("Out ")?,
                    _ => {}
                }
            }
            p += 2;
            length -= 2;
        }
        _ => {}
    }
    if length < 2 {
        return Err(Stop::Trunc);
    }
    let first = e.u8(p)?;
    let proto = if first % 2 == 1 {
        p += 1;
        length -= 1;
        u16::from(first)
    } else {
        let v = e.be16(p)?;
        p += 2;
        length -= 2;
        v
    };
    if e.eflag {
        e.s(ppp_name(proto).unwrap_or("unknown"))?;
        e.s(" (0x")?;
        fmtx::hex_pad(e.out, proto.into(), 4)?;
        e.s("), length ")?;
        e.d(olen)?;
        if ppp_name(proto).is_none() {
            return Ok(());
        }
        e.s(": ")?;
    }
    handle_ppp(e, proto, p, length)
}

/// `handle_ppp`: the payload at `p` of PPP protocol `proto`, `length` bytes.
pub(crate) fn handle_ppp<W: Write>(e: &mut Cursor<'_, W>, proto: u16, p: usize, length: u32) -> R {
    match proto {
        0x0021 | 0x002f | 0x0800 => e.then(Next::ip(off(p), length)),
        0x0057 | 0x86dd => e.then(Next::ip6(off(p), length)),
        0xc021 | 0x8021 | 0x8023 | 0x8281 | 0x8057 | 0x80fd | 0xc02b => {
            ctrl_proto(e, proto, p, length)
        }
        0x00fd => e.s("compressed PPP data"),
        0xc223 => chap(e, p, length),
        0xc023 => pap(e, p, length),
        0x003d => mlppp(e, p, length),
        0x0281 | 0x0283 => {
            let caplen = e.avail(p) as u32;
            e.then(Next::ether_type(
                crate::ethertype::MPLS,
                off(p),
                length,
                caplen,
            ))
        }
        0x0023 => e.then(Next::l2(L2Proto::Osi, off(p), length)),
        // BAP (tcpdump prints nothing), IPX (a printer this crate lacks) and HDLC-escaped
        // frames (not unescaped here).
        0xc02d | 0x002b | 0x8137 => Ok(()),
        _ if proto & 0xff00 == 0x7e00 => Ok(()),
        _ => {
            let unknown = Unknown::hex4("unknown PPP protocol (0x", ")");
            tok::tok2str(e.out, ppp_name(proto), proto.into(), unknown)?;
            e.s(" ")?;
            if e.avail(p) > 0 && length > 0 {
                e.unknown_data_at(p, length as usize, "\n\t")?;
            }
            Ok(())
        }
    }
}

/// `handle_mlppp`: the multilink header's sequence number and flags.
fn mlppp<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    if !e.eflag {
        e.s("MLPPP, ")?;
    }
    if length < 2 || !e.test(p, 2) {
        return e.s("[|mlppp]");
    }
    let v = e.be16(p)?;
    e.s("seq 0x")?;
    fmtx::hex_pad(e.out, u64::from(v & 0x0fff), 3)?;
    e.s(", Flags [")?;
    let f = (v >> 8) as u8 & 0xc0;
    match f {
        0 => e.s("none")?,
        0x80 => e.s("begin")?,
        0x40 => e.s("end")?,
        _ => e.s("begin, end")?,
    }
    e.s("], length ")?;
    e.d(length)
}

/// `handle_ctrl_proto`: the control protocol, its code, id and length (and at `-v` what
/// `pppcp.rs` prints).
fn ctrl_proto<W: Write>(e: &mut Cursor<'_, W>, proto: u16, p: usize, length: u32) -> R {
    e.s(ppp_name(proto).unwrap_or("unknown"))?;
    e.s(", ")?;
    if length < 4 || !e.test(p, 2) {
        // handle_ctrl_proto's own marker, named after the protocol.
        e.s("[|")?;
        e.s(ppp_name(proto).unwrap_or("unknown"))?;
        return e.s("]");
    }
    let code = e.u8(p)?;
    let id = e.u8(p + 1)?;
    e.s(match code {
        0 => "Vendor-Extension",
        1 => "Conf-Request",
        2 => "Conf-Ack",
        3 => "Conf-Nack",
        4 => "Conf-Reject",
        5 => "Term-Request",
        6 => "Term-Ack",
        7 => "Code-Reject",
        8 => "Prot-Reject",
        9 => "Echo-Request",
        10 => "Echo-Reply",
        11 => "Disc-Req",
        12 => "Ident",
        13 => "Time-Rem",
        14 => "Reset-Req",
        15 => "Reset-Ack",
        _ => "Unknown Opcode",
    })?;
    e.s(" (0x")?;
    fmtx::hex2(e.out, code)?;
    e.s("), id ")?;
    e.d(id)?;
    e.s(", length ")?;
    e.d(length + 2)?;
    if e.vflag > 0 {
        let name = ppp_name(proto).unwrap_or("unknown");
        return super::pppcp::ctrl_verbose(e, proto, name, p, length);
    }
    Ok(())
}

/// `count` bytes at `p` as `fn_print_char` shows them; a byte past the capture stops the walk.
fn chars<W: Write>(e: &mut Cursor<'_, W>, p: usize, count: usize) -> R<usize> {
    for i in 0..count {
        let c = e.u8(p + i)?;
        fmtx::safe_char(e.out, c)?;
    }
    Ok(p + count)
}

/// The start shared by `handle_chap` and `handle_pap` (`proto` and its `lower`-case marker
/// name): `PROTO, CODE (0x..), id N`, or the short packet's marker; the packet's own length
/// field, or `None` when the marker was printed.
fn auth_header<W: Write>(
    e: &mut Cursor<'_, W>,
    p: usize,
    length: u32,
    (proto, lower): (&str, &str),
    names: &[&str],
) -> R<Option<u32>> {
    if length < 4 {
        e.s("[|")?;
        e.s(lower)?;
        if length >= 1 {
            let c = e.u8(p)?;
            e.s(" 0x")?;
            fmtx::hex2(e.out, c)?;
        }
        e.s("]")?;
        return Ok(None);
    }
    let code = e.u8(p)?;
    e.s(proto)?;
    e.s(", ")?;
    let name = usize::from(code)
        .checked_sub(1)
        .and_then(|i| names.get(i))
        .unwrap_or(&"unknown");
    e.s(name)?;
    e.s(" (0x")?;
    fmtx::hex2(e.out, code)?;
    e.s(")")?;
    let id = e.u8(p + 1)?;
    e.s(", id ")?;
    e.d(id)?;
    Ok(Some(u32::from(e.be16(p + 2)?)))
}

/// `handle_chap`: the CHAP packet at `p`, `length` bytes.
fn chap<W: Write>(e: &mut Cursor<'_, W>, p0: usize, length: u32) -> R {
    let names = ["Challenge", "Response", "Success", "Fail"];
    let Some(len) = auth_header(e, p0, length, ("CHAP", "chap"), &names)? else {
        return Ok(());
    };
    let code = e.u8(p0)?;
    let mut p = p0 + 4;
    // The rest's length from the header's length field, wrapping as tcpdump's unsigned does.
    let rest = |p: usize| len.wrapping_sub((p - p0) as u32) as usize;
    match code {
        1 | 2 => {
            if length < 5 {
                return Ok(());
            }
            let val_size = e.u8(p)?;
            p += 1;
            if length - 5 < u32::from(val_size) {
                return Ok(());
            }
            e.s(", Value ")?;
            for i in 0..usize::from(val_size) {
                let b = e.u8(p + i)?;
                fmtx::hex2(e.out, b)?;
            }
            p += usize::from(val_size);
            e.s(", Name ")?;
            chars(e, p, rest(p))?;
        }
        3 | 4 => {
            e.s(", Msg ")?;
            chars(e, p, rest(p))?;
        }
        _ => {}
    }
    Ok(())
}

/// `handle_pap`: the PAP packet at `p`, `length` bytes.
fn pap<W: Write>(e: &mut Cursor<'_, W>, p0: usize, length: u32) -> R {
    let names = ["Auth-Req", "Auth-ACK", "Auth-NACK"];
    let Some(len) = auth_header(e, p0, length, ("PAP", "pap"), &names)? else {
        return Ok(());
    };
    if len > length {
        e.s(", length ")?;
        e.d(len)?;
        return e.s(" > packet size");
    }
    if len < 4 {
        e.s(", length ")?;
        e.d(len)?;
        return e.s(" < PAP header length");
    }
    let code = e.u8(p0)?;
    let p = p0 + 4;
    // Each field's length byte, then that many characters, while they fit in `len`.
    let field = |e: &mut Cursor<'_, W>, p: usize, label: &str| -> R<Option<usize>> {
        let used = (p - p0) as u32;
        if len - used < 1 {
            return Ok(None);
        }
        let n = e.u8(p)?;
        if len - used - 1 < u32::from(n) {
            return Ok(None);
        }
        e.s(label)?;
        chars(e, p + 1, usize::from(n)).map(Some)
    };
    match code {
        1 => {
            if len < 6 {
                return e.s("[|pap]");
            }
            if let Some(p) = field(e, p, ", Peer ")? {
                field(e, p, ", Name ")?;
            }
        }
        2 | 3 => {
            if len < 5 {
                return e.s("[|pap]");
            }
            field(e, p, ", Msg ")?;
        }
        _ => {}
    }
    Ok(())
}
