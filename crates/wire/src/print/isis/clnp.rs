//! CLNP (ISO 8473, NLPID 0x81) and ES-IS (ISO 9542, NLPID 0x82) as tcpdump 4.99's
//! `clnp_print` and `esis_print` print them: the PDU type and addresses on one line, and
//! under `-v` the header's fields, the checksum verified, the segmentation part, the options
//! and, for an error report, the PDU it carries.

use core::fmt::Write;

use super::verbose::osi_cksum;
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok, Unknown};

/// The CLNP fixed header: NLPID, length indicator, version, lifetime, type, segment length
/// and checksum.
const CLNP_FIXED: usize = 9;
/// The ES-IS fixed header: NLPID, length indicator, version, reserved, type, holding time
/// and checksum.
const ESIS_FIXED: usize = 9;
/// Where both headers keep their checksum.
const CKSUM_AT: usize = 7;
/// The longest NSAP address tcpdump formats.
const NSAP_MAX: usize = 20;

const CLNP_PDU_TYPES: &Tok = &[
    (1, "Error Report"),
    (29, "MD"),
    (28, "Data"),
    (30, "Echo Request"),
    (31, "Echo Response"),
];

const CLNP_FLAGS: &Tok = &[
    (0x80, "Segmentation permitted"),
    (0x40, "more Segments"),
    (0x20, "request Error Report"),
];

const CLNP_OPTIONS: &Tok = &[
    (193, "Discard Reason"),
    (205, "Priority"),
    (195, "QoS Maintenance"),
    (197, "Security"),
    (200, "Source Routing"),
    (203, "Route Recording"),
    (204, "Padding"),
];

const RFD_CLASSES: &Tok = &[
    (0x0, "General"),
    (0x8, "Address"),
    (0x9, "Source Routeing"),
    (0xa, "Lifetime"),
    (0xb, "PDU Discarded"),
    (0xc, "Reassembly"),
];

/// The reasons of each class of discard (`None`: a class without names).
fn rfd_reasons(class: u8) -> Option<&'static Tok> {
    Some(match class {
        0x0 => &[
            (0x0, "Reason not specified"),
            (0x1, "Protocol procedure error"),
            (0x2, "Incorrect checksum"),
            (0x3, "PDU discarded due to congestion"),
            (0x4, "Header syntax error (cannot be parsed)"),
            (0x5, "Segmentation needed but not permitted"),
            (0x6, "Incomplete PDU received"),
            (0x7, "Duplicate option"),
        ],
        0x8 => &[
            (0x0, "Destination address unreachable"),
            (0x1, "Destination address unknown"),
        ],
        0x9 => &[
            (0x0, "Unspecified source routeing error"),
            (0x1, "Syntax error in source routeing field"),
            (0x2, "Unknown address in source routeing field"),
            (0x3, "Path not acceptable"),
        ],
        0xa => &[
            (0x0, "Lifetime expired while data unit in transit"),
            (0x1, "Lifetime expired during reassembly"),
        ],
        0xb => &[
            (0x0, "Unsupported option not specified"),
            (0x1, "Unsupported protocol version"),
            (0x2, "Unsupported security option"),
            (0x3, "Unsupported source routeing option"),
            (0x4, "Unsupported recording of route option"),
        ],
        0xc => &[(0x0, "Reassembly interference")],
        _ => return None,
    })
}

const SCOPES: &Tok = &[
    (0x40, "Source Address Specific"),
    (0x80, "Destination Address Specific"),
    (0xc0, "Globally unique"),
];

const QOS_GLOBAL: &Tok = &[
    (0x20, "reserved"),
    (0x10, "sequencing vs. delay"),
    (0x08, "congested"),
    (0x04, "delay vs. cost"),
    (0x02, "error vs. delay"),
    (0x01, "error vs. cost"),
];

const ESIS_PDU_TYPES: &Tok = &[(6, "redirect"), (2, "ESH"), (4, "ISH")];

const ESIS_OPTIONS: &Tok = &[
    (129, "Protocols supported"),
    (195, "QoS Maintenance"),
    (197, "Security"),
    (198, "ES Configuration Time"),
    (205, "Priority"),
    (225, "Addressk Mask"),
    (226, "SNPA Mask"),
];

/// An NSAP address (`GET_ISONSAP_STRING`): its bytes in hex, a dot after the first and then
/// after every second; truncated when not captured.
fn nsap<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize) -> R {
    let b = c.bytes(at, len)?;
    if len == 0 || len > NSAP_MAX {
        return c.s("isonsap_string: illegal length");
    }
    for (i, &x) in b.iter().enumerate() {
        fmtx::hex2(c.out, x)?;
        if i % 2 == 0 && i + 1 < len {
            c.s(".")?;
        }
    }
    Ok(())
}

/// `print_unknown_data`, with its complaint when `o` is past the captured bytes.
fn unknown<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: usize, indent: &str) -> R {
    if o > c.snapend {
        c.s(indent)?;
        return c.s("Dissector error: print_unknown_data called with pointer past end of packet");
    }
    c.unknown_data_at(o, len, indent)
}

/// `osi_print_cksum`: whether the checksum (at `CKSUM_AT`) over the `li` header bytes at `p`
/// is right, when it can be checked.
fn cksum<W: Write>(c: &mut Cursor<'_, W>, p: usize, sum: u16, li: usize) -> R {
    if sum == 0 || !c.test(p + CKSUM_AT, 2) || CKSUM_AT > li || !c.test(p, li) {
        return c.s(" (unverified)");
    }
    let want = osi_cksum(c.bytes(p, li)?, CKSUM_AT);
    if want == sum {
        c.s(" (correct)")
    } else {
        c.s(" (incorrect should be 0x")?;
        fmtx::hex_pad(c.out, want.into(), 4)?;
        c.s(")")
    }
}

/// The bytes from `p` to the end of the capture in upper-case hex (a header too short).
fn short_header<W: Write>(c: &mut Cursor<'_, W>, p: usize, li: u8) -> R {
    c.s(" length indicator ")?;
    c.d(li)?;
    c.s(" < min PDU size:")?;
    for o in p..c.snapend.max(p) {
        let b = c.u8(o)?;
        write!(c.out, "{b:02X}")?;
    }
    Ok(())
}

/// `clnp_print`: `Ok(false)` when the header is not one it decodes (after saying why). An
/// error report (or echo response) carrying a CLNP PDU goes on with that PDU.
pub(crate) fn clnp_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R<bool> {
    let (mut p, mut length) = (p, length);
    loop {
        match clnp_one(c, p, length)? {
            Clnp::Done(ok) => return Ok(ok),
            Clnp::Inner(q, l) => {
                c.s("\n\t-----original packet-----\n\t")?;
                (p, length) = (q, l);
            }
        }
    }
}

/// What one CLNP header leads to: the end, or the PDU an error report carries.
enum Clnp {
    Done(bool),
    Inner(usize, u32),
}

/// One CLNP PDU, without the one an error report carries.
fn clnp_one<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R<Clnp> {
    c.proto = "clnp";
    if !c.test(p, CLNP_FIXED) {
        c.trunc_here()?;
        return Ok(Clnp::Done(true));
    }
    let li = c.u8(p + 1)?;
    if !c.eflag {
        c.s("CLNP")?;
    }
    let version = c.u8(p + 2)?;
    if version != 1 {
        c.s("version ")?;
        c.d(version)?;
        c.s(" packet not supported")?;
        return Ok(Clnp::Done(false));
    }
    if u32::from(li) > length {
        c.s(" length indicator(")?;
        c.d(li)?;
        c.s(") > PDU size (")?;
        c.d(length)?;
        c.s(")!")?;
        return Ok(Clnp::Done(false));
    }
    if usize::from(li) < CLNP_FIXED {
        short_header(c, p, li)?;
        return Ok(Clnp::Done(false));
    }
    let ty = c.u8(p + 4)?;
    let (pdu, flags) = (ty & 0x1f, ty & 0xe0);
    let mut q = p + CLNP_FIXED;
    let mut rem = usize::from(li) - CLNP_FIXED;
    const SHORT: &str = "li < size of fixed part of CLNP header and addresses";
    let mut addrs = [(0usize, 0usize); 2];
    for a in &mut addrs {
        if rem < 1 {
            c.s(SHORT)?;
            return Ok(Clnp::Done(false));
        }
        let alen = usize::from(c.u8(q)?);
        q += 1;
        rem -= 1;
        if rem < alen {
            c.s(SHORT)?;
            return Ok(Clnp::Done(false));
        }
        if !c.test(q, alen) {
            c.trunc_here()?;
            return Ok(Clnp::Done(true));
        }
        *a = (q, alen);
        q += alen;
        rem -= alen;
    }
    let [(dst, dst_len), (src, src_len)] = addrs;
    let sep = if c.eflag { "" } else { ", " };
    let pdu_name = |c: &mut Cursor<'_, W>| -> R {
        tok::tok2str(
            c.out,
            tok::find(CLNP_PDU_TYPES, pdu.into()),
            pdu.into(),
            Unknown::dec("unknown (", ")"),
        )?;
        Ok(())
    };
    if c.vflag < 1 {
        c.s(sep)?;
        nsap(c, src, src_len)?;
        c.s(" > ")?;
        nsap(c, dst, dst_len)?;
        c.s(", ")?;
        pdu_name(c)?;
        c.s(", length ")?;
        c.d(length)?;
        return Ok(Clnp::Done(true));
    }
    c.s(sep)?;
    c.s("length ")?;
    c.d(length)?;
    c.s("\n\t")?;
    pdu_name(c)?;
    c.s(" PDU, hlen: ")?;
    c.d(li)?;
    c.s(", v: ")?;
    c.d(version)?;
    let life = c.u8(p + 3)?;
    c.s(", lifetime: ")?;
    c.d(life / 2)?;
    c.s(".")?;
    c.d((life % 2) * 5)?;
    c.s("s, Segment PDU length: ")?;
    let seg_len = c.be16(p + 5)?;
    c.d(seg_len)?;
    c.s(", checksum: 0x")?;
    let sum = c.be16(p + CKSUM_AT)?;
    fmtx::hex_pad(c.out, sum.into(), 4)?;
    cksum(c, p, sum, li.into())?;
    c.s("\n\tFlags [")?;
    tok::bittok2str(c.out, CLNP_FLAGS, flags.into(), "none")?;
    c.s("]\n\tsource address (length ")?;
    c.d(src_len as u64)?;
    c.s("): ")?;
    nsap(c, src, src_len)?;
    c.s("\n\tdest   address (length ")?;
    c.d(dst_len as u64)?;
    c.s("): ")?;
    nsap(c, dst, dst_len)?;
    if flags & 0x80 != 0 {
        if rem < 6 {
            c.s("li < size of fixed part of CLNP header, addresses, and segment part")?;
            return Ok(Clnp::Done(false));
        }
        if !c.test(q, 6) {
            c.trunc_here()?;
            return Ok(Clnp::Done(true));
        }
        c.s("\n\tData Unit ID: 0x")?;
        let id = c.be16(q)?;
        fmtx::hex_pad(c.out, id.into(), 4)?;
        c.s(", Segment Offset: ")?;
        let so = c.be16(q + 2)?;
        c.d(so)?;
        c.s(", Total PDU Length: ")?;
        let tl = c.be16(q + 4)?;
        c.d(tl)?;
        q += 6;
        rem -= 6;
    }
    while rem != 0 {
        if rem < 2 {
            c.s(", bad opts/li")?;
            return Ok(Clnp::Done(false));
        }
        let (op, opli) = (c.u8(q)?, c.u8(q + 1)?);
        q += 2;
        rem -= 2;
        let opli = usize::from(opli);
        if opli > rem {
            c.s(", opt (")?;
            c.d(op)?;
            c.s(") too long")?;
            return Ok(Clnp::Done(false));
        }
        if !c.test(q, opli) {
            c.trunc_here()?;
            return Ok(Clnp::Done(true));
        }
        rem -= opli;
        c.s("\n\t  ")?;
        c.s(tok::find(CLNP_OPTIONS, op.into()).unwrap_or("Unknown"))?;
        c.s(" Option #")?;
        c.d(op)?;
        c.s(", length ")?;
        c.d(opli as u64)?;
        c.s(", value: ")?;
        if !clnp_option(c, op, q, opli)? {
            return Ok(Clnp::Done(false));
        }
        if c.vflag > 1 {
            unknown(c, q, opli, "\n\t  ")?;
        }
        q += opli;
    }
    if matches!(pdu, 1 | 31) && c.u8(q)? == 0x81 {
        return Ok(Clnp::Inner(q, length - u32::from(li)));
    }
    if length as usize > q - p {
        c.s("\n\t  undecoded non-header data, length ")?;
        c.d(length - u32::from(li))?;
        unknown(c, q, length as usize - (q - p), "\n\t  ")?;
    }
    Ok(Clnp::Done(true))
}

/// One CLNP option's value (all of it captured): `Ok(false)` when it is too short.
fn clnp_option<W: Write>(c: &mut Cursor<'_, W>, op: u8, t: usize, len: usize) -> R<bool> {
    const BAD: &str = ", bad opt len";
    match op {
        200 | 203 => {
            if len < 2 {
                c.s(BAD)?;
                return Ok(false);
            }
            let kind = c.u8(t)?;
            c.s(match kind {
                0 => "partial",
                1 => "complete",
                _ => "Unknown",
            })?;
            c.s(if op == 200 {
                " source routing"
            } else {
                " recording of route in progress"
            })?;
            let off = usize::from(c.u8(t + 1)?);
            if off == 0 {
                c.s(" Bad NSAP offset (0)")?;
                return Ok(true);
            }
            let off = off - 1;
            if off > len {
                c.s(" Bad NSAP offset (past end of option)")?;
                return Ok(true);
            }
            // tcpdump reads every entry's length at the same place (it never moves on), so
            // it prints the first address as often as that length fits in the option.
            let at = t + off;
            let mut left = len - off;
            while left > 0 {
                let alen = usize::from(c.u8(at)?);
                if left < alen + 1 {
                    c.s("\n\t    NSAP address goes past end of option")?;
                    break;
                }
                if alen > 0 {
                    c.s("\n\t    NSAP address (length ")?;
                    c.d(alen as u64)?;
                    c.s("): ")?;
                    nsap(c, at + 1, alen)?;
                }
                left -= alen + 1;
            }
        }
        205 => {
            if len < 1 {
                c.s(BAD)?;
                return Ok(false);
            }
            let v = c.u8(t)?;
            c.s("0x")?;
            c.x(v & 0x0f)?;
        }
        195 => {
            if len < 1 {
                c.s(BAD)?;
                return Ok(false);
            }
            let v = c.u8(t)?;
            c.s("\n\t    Format Code: ")?;
            c.s(tok::find(SCOPES, (v & 0xc0).into()).unwrap_or("Reserved"))?;
            if v & 0xc0 == 0xc0 {
                c.s("\n\t    QoS Flags [")?;
                tok::bittok2str(c.out, QOS_GLOBAL, (v & 0x3f).into(), "none")?;
                c.s("]")?;
            }
        }
        197 => {
            if len < 2 {
                c.s(BAD)?;
                return Ok(false);
            }
            let v = c.u8(t)?;
            c.s("\n\t    Format Code: ")?;
            c.s(tok::find(SCOPES, (v & 0xc0).into()).unwrap_or("Reserved"))?;
            c.s(", Security-Level ")?;
            let level = c.u8(t + 1)?;
            c.d(level)?;
        }
        193 => {
            if len < 1 {
                c.s(BAD)?;
                return Ok(false);
            }
            let v = c.u8(t)?;
            let (major, minor) = (v >> 4, v & 0x0f);
            c.s("\n\t    Class: ")?;
            c.s(tok::find(RFD_CLASSES, major.into()).unwrap_or("Unknown"))?;
            c.s(" Error (0x")?;
            c.x(major)?;
            c.s("), ")?;
            let reason = rfd_reasons(major).and_then(|t| tok::find(t, minor.into()));
            c.s(reason.unwrap_or("Unknown"))?;
            c.s(" (0x")?;
            c.x(minor)?;
            c.s(")")?;
        }
        204 => c.s("padding data")?,
        _ => unknown(c, t, len, "\n\t  ")?,
    }
    Ok(true)
}

/// `esis_print`.
pub(crate) fn esis_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.proto = "esis";
    if !c.eflag {
        c.s("ES-IS")?;
    }
    if length <= 2 {
        return c.s(if c.qflag {
            "bad pkt!"
        } else {
            "no header at all!"
        });
    }
    if !c.test(p, ESIS_FIXED) {
        return c.trunc_here();
    }
    let li = c.u8(p + 1)?;
    let nlpid = c.u8(p)?;
    if nlpid != 0x82 {
        c.s(" nlpid 0x")?;
        c.x02(nlpid)?;
        return c.s(" packet not supported");
    }
    let version = c.u8(p + 2)?;
    if version != 1 {
        c.s(" version ")?;
        c.d(version)?;
        return c.s(" packet not supported");
    }
    if u32::from(li) > length {
        c.s(" length indicator(")?;
        c.d(li)?;
        c.s(") > PDU size (")?;
        c.d(length)?;
        return c.s(")!");
    }
    if usize::from(li) < ESIS_FIXED + 2 {
        return short_header(c, p, li);
    }
    let pdu = c.u8(p + 4)? & 0x1f;
    let sep = if c.eflag { "" } else { ", " };
    if c.vflag < 1 {
        c.s(sep)?;
        tok::tok2str(
            c.out,
            tok::find(ESIS_PDU_TYPES, pdu.into()),
            pdu.into(),
            Unknown::dec("unknown type (", ")"),
        )?;
        c.s(", length ")?;
        return c.d(length);
    }
    c.s(sep)?;
    c.s("length ")?;
    c.d(length)?;
    c.s("\n\t")?;
    tok::tok2str(
        c.out,
        tok::find(ESIS_PDU_TYPES, pdu.into()),
        pdu.into(),
        Unknown::dec("unknown type: ", ""),
    )?;
    c.s(" (")?;
    c.d(pdu)?;
    c.s("), v: ")?;
    c.d(version)?;
    c.s(", checksum: 0x")?;
    let sum = c.be16(p + CKSUM_AT)?;
    fmtx::hex_pad(c.out, sum.into(), 4)?;
    cksum(c, p, sum, li.into())?;
    c.s(", holding time: ")?;
    let hold = c.be16(p + 5)?;
    c.d(hold)?;
    c.s("s, length indicator: ")?;
    c.d(li)?;
    if c.vflag > 1 {
        unknown(c, p, ESIS_FIXED, "\n\t")?;
    }
    let mut q = p + ESIS_FIXED;
    let mut li = usize::from(li) - ESIS_FIXED;
    match pdu {
        6 => {
            const BAD: &str = ", bad redirect/li";
            // The destination, then the SNPA: each a length byte and its bytes.
            let mut parts = [(0usize, 0usize); 2];
            for (i, part) in parts.iter_mut().enumerate() {
                if !c.test(q, 1) {
                    return c.trunc_here();
                }
                if li < 1 {
                    return c.s(BAD);
                }
                let n = usize::from(c.u8(q)?);
                q += 1;
                li -= 1;
                if !c.test(q, n) {
                    return c.trunc_here();
                }
                if li < n {
                    return c.s(BAD);
                }
                *part = (q, n);
                q += n;
                li -= n;
                if i == 0 {
                    c.s("\n\t  ")?;
                    nsap(c, part.0, n)?;
                }
            }
            let (snpa, snpal) = parts[1];
            if !c.test(q, 1) {
                return c.trunc_here();
            }
            if li < 1 {
                return c.s(BAD);
            }
            // tcpdump does not count the NET's length byte against the length indicator.
            let netal = usize::from(c.u8(q)?);
            q += 1;
            if !c.test(q, netal) {
                return c.trunc_here();
            }
            if li < netal {
                return c.s(BAD);
            }
            let neta = q;
            q += netal;
            li -= netal;
            c.s("\n\t  SNPA (length: ")?;
            c.d(snpal as u64)?;
            c.s("): ")?;
            crate::print::arp::linkaddr(c, snpa, snpal)?;
            if netal != 0 {
                c.s("\n\t  NET (length: ")?;
                c.d(netal as u64)?;
                c.s(") ")?;
                nsap(c, neta, netal)?;
            }
        }
        2 => {
            const BAD: &str = ", bad esh/li";
            if !c.test(q, 1) {
                return c.trunc_here();
            }
            if li < 1 {
                return c.s(BAD);
            }
            let mut n = c.u8(q)?;
            q += 1;
            li -= 1;
            c.s("\n\t  Number of Source Addresses: ")?;
            c.d(n)?;
            while n > 0 {
                if !length_prefixed_net(c, &mut q, &mut li, BAD)? {
                    return Ok(());
                }
                n -= 1;
            }
        }
        4 => {
            if !length_prefixed_net(c, &mut q, &mut li, ", bad ish/li")? {
                return Ok(());
            }
        }
        _ => {
            if c.vflag <= 1 && c.test(q, 1) {
                let n = c.avail(q);
                unknown(c, q, n, "\n\t  ")?;
            }
            return Ok(());
        }
    }
    esis_options(c, q, li)
}

/// The options after an ES-IS PDU's addresses (`li` bytes of the header left).
fn esis_options<W: Write>(c: &mut Cursor<'_, W>, mut q: usize, mut li: usize) -> R {
    while li != 0 {
        if li < 2 {
            return c.s(", bad opts/li");
        }
        let (op, opli) = (c.u8(q)?, c.u8(q + 1)?);
        q += 2;
        li -= 2;
        let mut opli = usize::from(opli);
        if opli > li {
            c.s(", opt (")?;
            c.d(op)?;
            return c.s(") too long");
        }
        li -= opli;
        c.s("\n\t  ")?;
        c.s(tok::find(ESIS_OPTIONS, op.into()).unwrap_or("Unknown"))?;
        c.s(" Option #")?;
        c.d(op)?;
        c.s(", length ")?;
        c.d(opli as u64)?;
        c.s(", value: ")?;
        match op {
            198 => {
                if opli == 2 {
                    if !c.test(q, 2) {
                        return c.trunc_here();
                    }
                    let t = c.be16(q)?;
                    c.d(t)?;
                    c.s("s")?;
                } else {
                    c.s("(bad length)")?;
                }
            }
            129 => {
                let mut t = q;
                while opli > 0 {
                    let v = c.u8(t)?;
                    c.s(crate::print::links::nlpid_name(v).unwrap_or("unknown"))?;
                    c.s(" (0x")?;
                    c.x02(v)?;
                    c.s(")")?;
                    if opli > 1 {
                        c.s(", ")?;
                    }
                    t += 1;
                    opli -= 1;
                }
            }
            _ => unknown(c, q, opli, "\n\t  ")?,
        }
        // (tcpdump counts the protocols' length down as it prints them, so what follows
        // starts at their first byte.)
        if c.vflag > 1 {
            unknown(c, q, opli, "\n\t  ")?;
        }
        q += opli;
    }
    Ok(())
}

/// An ES-IS NET with its length byte at `*q`, `*li` bytes left of the header: printed, and `q`
/// and `li` moved past it (`Ok(true)`); or the PDU's end printed, ` [|isoclns]` when it is not
/// captured or `bad` when the header is too short for it (`Ok(false)`).
fn length_prefixed_net<W: Write>(
    c: &mut Cursor<'_, W>,
    q: &mut usize,
    li: &mut usize,
    bad: &str,
) -> R<bool> {
    if !c.test(*q, 1) {
        c.trunc_here()?;
        return Ok(false);
    }
    if *li < 1 {
        c.s(bad)?;
        return Ok(false);
    }
    let alen = usize::from(c.u8(*q)?);
    *q += 1;
    *li -= 1;
    if !c.test(*q, alen) {
        c.trunc_here()?;
        return Ok(false);
    }
    if *li < alen {
        c.s(bad)?;
        return Ok(false);
    }
    c.s("\n\t  NET (length: ")?;
    c.d(alen as u64)?;
    c.s("): ")?;
    nsap(c, *q, alen)?;
    *q += alen;
    *li -= alen;
    Ok(true)
}
