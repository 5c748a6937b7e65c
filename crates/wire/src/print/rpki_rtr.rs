//! The RPKI-Router protocol (RFC 6810) over TCP port 323 (tcpdump's `rpki_rtr_print`):
//! `, RPKI-RTR` without `-v`; from `-v` each PDU on its line (serial notify and query, reset
//! query, cache response and reset, IPv4 and IPv6 prefixes, end of data, error reports with
//! the PDU they quote), the PDUs in hex at `-vv`.

use core::fmt::Write;

use crate::tok::{self, Tok};

use super::cursor::{Cursor, R};

/// The common header's length (version, type, session ID or error code, length).
const HDR_LEN: u32 = 8;

const PDU_TYPES: &Tok = &[
    (0, "Serial Notify"),
    (1, "Serial Query"),
    (2, "Reset Query"),
    (3, "Cache Response"),
    (4, "IPV4 Prefix"),
    (6, "IPV6 Prefix"),
    (7, "End of Data"),
    (8, "Cache Reset"),
    (10, "Error Report"),
];

const ERROR_CODES: &Tok = &[
    (0, "Corrupt Data"),
    (1, "Internal Error"),
    (2, "No Data Available"),
    (3, "Invalid Request"),
    (4, "Unsupported Protocol Version"),
    (5, "Unsupported PDU Type"),
    (6, "Withdrawal of Unknown Record"),
    (7, "Duplicate Announcement Received"),
];

/// `rpki_rtr_print`: the `len` bytes of a TCP payload at `p`.
#[cold]
#[inline(never)]
pub(crate) fn rpki_rtr_print<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut len: u32) -> R {
    c.proto = "rpki_rtr";
    if c.vflag == 0 {
        return c.s(", RPKI-RTR");
    }
    while len != 0 {
        let n = pdu(c, p, len, true, 8)?;
        len = len.saturating_sub(n);
        p = p.saturating_add(n as usize);
    }
    Ok(())
}

/// `indent_string`: a newline, a tab for every 8 of `indent` and a space for the rest.
fn indent<W: Write>(c: &mut Cursor<'_, W>, indent: u32) -> R {
    // tcpdump builds it in a 20-byte buffer and prints nothing when it would not fit.
    if indent / 8 + indent % 8 + 2 > 20 {
        return Ok(());
    }
    c.s("\n")?;
    for _ in 0..indent / 8 {
        c.s("\t")?;
    }
    for _ in 0..indent % 8 {
        c.s(" ")?;
    }
    Ok(())
}

/// ` (invalid)`, then the `len` bytes at `p` must be captured; the walk goes past them.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, p: usize, len: u32) -> R<u32> {
    c.invalid()?;
    if !c.test(p, len as usize) {
        return Err(c.jump());
    }
    Ok(len)
}

/// Whether the `len` bytes at `p` are captured, stopping the walk when not (tcpdump's
/// `ND_TCHECK_LEN` here `longjmp`s).
fn need<W: Write>(c: &Cursor<'_, W>, p: usize, len: u32) -> R {
    if c.test(p, len as usize) {
        Ok(())
    } else {
        Err(c.jump())
    }
}

/// `rpki_rtr_pdu_print`: the PDU at `p` of at most `len` bytes, printed at `ind`; how many
/// bytes it takes. `recurse`: an error report's quoted PDU is decoded (only in an outer PDU).
fn pdu<W: Write>(c: &mut Cursor<'_, W>, p: usize, len: u32, recurse: bool, ind: u32) -> R<u32> {
    let version = c.u8(p)?;
    if version != 0 {
        // Nothing tells where a PDU of another version ends: the rest is skipped.
        indent(c, 8)?;
        c.s("RPKI-RTRv")?;
        c.d(version)?;
        c.s(" (unknown)")?;
        return Ok(len);
    }
    if len < HDR_LEN {
        c.s("(")?;
        c.d(len)?;
        c.s(" bytes is too few to decode)")?;
        return invalid(c, p, len);
    }
    need(c, p, HDR_LEN)?;
    let t = c.u8(p + 1)?;
    let pdu_len = c.be32(p + 4)?;
    indent(c, 8)?;
    c.s("RPKI-RTRv")?;
    c.d(version)?;
    c.s(", ")?;
    c.s(tok::find(PDU_TYPES, t.into()).unwrap_or("Unknown"))?;
    c.s(" PDU (")?;
    c.d(t)?;
    c.s("), length: ")?;
    c.d(pdu_len)?;
    if pdu_len < HDR_LEN || pdu_len > len {
        return invalid(c, p, len);
    }
    let mut hexdump = false;
    match t {
        0 | 1 | 7 => {
            if pdu_len != HDR_LEN + 4 {
                return invalid(c, p, len);
            }
            let session = c.be16(p + 2)?;
            let serial = c.be32(p + 8)?;
            indent(c, ind + 2)?;
            c.s("Session ID: 0x")?;
            crate::fmtx::hex_pad(c.out, session.into(), 4)?;
            c.s(", Serial: ")?;
            c.d(serial)?;
        }
        2 | 8 => {
            if pdu_len != HDR_LEN {
                return invalid(c, p, len);
            }
        }
        3 => {
            if pdu_len != HDR_LEN {
                return invalid(c, p, len);
            }
            let session = c.be16(p + 2)?;
            indent(c, ind + 2)?;
            c.s("Session ID: 0x")?;
            crate::fmtx::hex_pad(c.out, session.into(), 4)?;
        }
        4 | 6 => {
            let alen: u32 = if t == 4 { 4 } else { 16 };
            if pdu_len != HDR_LEN + 8 + alen {
                return invalid(c, p, len);
            }
            // Every field is read before any is printed, as tcpdump's one `ND_PRINT` does.
            let at = p + 12;
            need(c, at, alen)?;
            let flags = c.u8(p + 8)?;
            let plen = c.u8(p + 9)?;
            let max = c.u8(p + 10)?;
            let asn = c.be32(at + alen as usize)?;
            indent(c, ind + 2)?;
            if t == 4 {
                c.s("IPv4 Prefix ")?;
                c.ip4_at(at)?;
            } else {
                c.s("IPv6 Prefix ")?;
                c.ip6_at(at)?;
            }
            c.s("/")?;
            c.d(plen)?;
            c.s("-")?;
            c.d(max)?;
            c.s(", origin-as ")?;
            c.d(asn)?;
            c.s(", flags 0x")?;
            c.x02(flags)?;
        }
        10 => {
            if let Some(n) = error_report(c, p, len, pdu_len, recurse, ind)? {
                return Ok(n);
            }
        }
        _ => {
            need(c, p, pdu_len)?;
            hexdump = true;
        }
    }
    if c.vflag > 1 || hexdump {
        c.unknown_data_at(p, pdu_len as usize, "\n\t  ")?;
    }
    Ok(pdu_len)
}

/// An error report PDU's code, the PDU it quotes (decoded when `recurse`) and its text;
/// `Some(n)` when it is invalid and the walk takes `n` bytes.
fn error_report<W: Write>(
    c: &mut Cursor<'_, W>,
    p: usize,
    len: u32,
    pdu_len: u32,
    recurse: bool,
    ind: u32,
) -> R<Option<u32>> {
    let mut tlen = HDR_LEN;
    if pdu_len < tlen + 4 {
        return invalid(c, p, len).map(Some);
    }
    need(c, p, tlen + 4)?;
    let quoted = c.be32(p + 8)?;
    tlen += 4;
    let code = c.be16(p + 2)?;
    indent(c, ind + 2)?;
    c.s("Error code: ")?;
    c.s(tok::find(ERROR_CODES, code.into()).unwrap_or("Unknown"))?;
    c.s(" (")?;
    c.d(code)?;
    c.s("), Encapsulated PDU length: ")?;
    c.d(quoted)?;
    if quoted != 0 {
        // tcpdump adds these lengths in 32-bit unsigned arithmetic: a huge one wraps around.
        if pdu_len < tlen.wrapping_add(quoted) {
            return invalid(c, p, len).map(Some);
        }
        if recurse {
            indent(c, ind + 4)?;
            c.s("-----encapsulated PDU-----")?;
            pdu(c, p + tlen as usize, quoted, false, ind + 2)?;
        } else {
            need(c, p, tlen.wrapping_add(quoted))?;
        }
        tlen = tlen.wrapping_add(quoted);
    }
    if pdu_len < tlen.wrapping_add(4) {
        return invalid(c, p, len).map(Some);
    }
    need(c, p, tlen.wrapping_add(4))?;
    let text_at = p.saturating_add(tlen as usize);
    let text_len = c.be32(text_at)?;
    tlen = tlen.wrapping_add(4);
    if text_len != 0 {
        if pdu_len < tlen.wrapping_add(text_len) {
            return invalid(c, p, len).map(Some);
        }
        indent(c, ind + 2)?;
        c.s("Error text: ")?;
        super::vfmt::printjn(c, p.saturating_add(tlen as usize), text_len as usize)?;
    }
    Ok(None)
}
