//! Frame Relay (`LINKTYPE_FRELAY`, tcpdump's `fr_print`): the Q.922 address, Cisco's
//! EtherType encapsulation and RFC 2427's NLPIDs, FRF.15 fragments, and Q.933 call control and
//! LMI (`q933_print`).

use core::fmt::Write;

use super::chdlc::nlpid_name;
use crate::ethertype;
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::llc::snap_no_llc;
use crate::print::next::{ethertype_has_printer, off, L2Proto, Next};

/// The Q.922 address: its length, the DLCI and the flag bits as tcpdump keeps them.
struct Q922 {
    addr_len: usize,
    dlci: u32,
    flags: u32,
}

/// `parse_q922_header`: `Err` for a truncated address, `Ok(None)` for an invalid one.
fn parse_q922<W: Write>(c: &Cursor<'_, W>, p: usize, length: u32) -> Result<Option<Q922>, ()> {
    let at = |i: usize| c.p.get(p + i).copied().filter(|_| p + i < c.snapend);
    let b0 = at(0).filter(|_| length >= 1).ok_or(())?;
    if b0 & 1 != 0 {
        return Ok(None);
    }
    let b1 = at(1).filter(|_| length >= 2).ok_or(())?;
    let mut q = Q922 {
        addr_len: 2,
        dlci: (u32::from(b0 & 0xfc) << 2) | u32::from((b1 & 0xf0) >> 4),
        flags: (u32::from(b0 & 0x02) << 24) | (u32::from(b1 & 0x0e) << 16),
    };
    if b1 & 1 != 0 {
        return Ok(Some(q));
    }
    let mut i = 2;
    let mut left = length - 2;
    let mut b = at(i).filter(|_| left >= 1).ok_or(())?;
    q.addr_len += 1;
    if b & 1 == 0 {
        q.dlci = (q.dlci << 7) | u32::from(b >> 1);
        q.addr_len += 1;
        i += 1;
        left -= 1;
        b = at(i).filter(|_| left >= 1).ok_or(())?;
    }
    if b & 1 == 0 {
        return Ok(None);
    }
    q.flags |= u32::from(b & 0x02);
    q.dlci = (q.dlci << 6) | u32::from(b >> 2);
    Ok(Some(q))
}

/// `fr_hdr_print`: the Q.922 header and the NLPID (or, above 0xff, the EtherType).
fn fr_header<W: Write>(c: &mut Cursor<'_, W>, length: u32, q: &Q922, nlpid: u16) -> R {
    if c.qflag {
        c.s("Q.922, DLCI ")?;
        c.d(q.dlci)?;
        c.s(", length ")?;
        c.d(length)?;
        return c.s(": ");
    }
    c.s("Q.922, hdr-len ")?;
    c.d(q.addr_len as u32)?;
    c.s(", DLCI ")?;
    c.d(q.dlci)?;
    c.s(", Flags [")?;
    let mut first = true;
    for (bit, name) in [
        (0x0200_0000, "C!"),
        (0x0002_0000, "DE"),
        (0x0004_0000, "BECN"),
        (0x0008_0000, "FECN"),
        (0x0000_0002, "sdlcore"),
    ] {
        if q.flags & bit != 0 {
            if !first {
                c.s(", ")?;
            }
            c.s(name)?;
            first = false;
        }
    }
    if first {
        c.s("none")?;
    }
    if nlpid <= 0xff {
        c.s("], NLPID ")?;
        c.s(nlpid_name(nlpid as u8).unwrap_or("unknown"))?;
        c.s(" (0x")?;
        c.x02(nlpid as u8)?;
    } else {
        c.s("], cisco-ethertype ")?;
        c.s(ethertype::name(nlpid).unwrap_or("unknown"))?;
        c.s(" (0x")?;
        fmtx::hex_pad(c.out, nlpid.into(), 4)?;
    }
    c.s("), length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `fr_if_print`.
pub(crate) fn fr_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "fr";
    if caplen < 4 {
        return Err(Stop::Trunc);
    }
    fr_print(c, 0, length)
}

/// `fr_print` of the frame at `p`, `length` bytes on the wire.
pub(crate) fn fr_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.proto = "fr";
    let q = match parse_q922(c, p, length) {
        Err(()) => return Err(Stop::Trunc),
        Ok(None) => return c.s("Q.922, invalid address"),
        Ok(Some(q)) => q,
    };
    let al = q.addr_len;
    // tcpdump's own bounds check (no `longjmp`: `-x` then skips the link header).
    if !c.test(p + al, 1) {
        return Err(Stop::Trunc);
    }
    let ctl = c.u8(p + al)?;
    if length < al as u32 + 1 {
        return Err(Stop::Trunc);
    }
    if ctl != 0x03 && q.dlci != 0 {
        if !c.test(p + al, 2) || length < al as u32 + 2 {
            ui_bang(c, ctl)?;
        } else {
            let et = c.be16(p + al)?;
            if c.eflag {
                fr_header(c, length, &q, et)?;
            }
            if ethertype_has_printer(et) {
                let at = p + al + 2;
                let caplen = c.avail(at) as u32;
                return c.then(Next::ether_type(
                    et,
                    off(at),
                    length - al as u32 - 2,
                    caplen,
                ));
            }
            ui_bang(c, ctl)?;
        }
    }
    if !c.test(p + al + 1, 1) {
        return Err(Stop::Trunc);
    }
    let pad = c.u8(p + al + 1)?;
    if length < al as u32 + 2 {
        return Err(Stop::Trunc);
    }
    let hdr_len = if pad == 0 {
        if al != 3 {
            c.s("Pad! ")?;
        }
        al + 3
    } else {
        if al == 3 {
            c.s("No pad! ")?;
        }
        al + 2
    };
    if !c.test(p + hdr_len - 1, 1) {
        return Err(Stop::Trunc);
    }
    let nlpid = c.u8(p + hdr_len - 1)?;
    if length < hdr_len as u32 {
        return Err(Stop::Trunc);
    }
    if c.eflag {
        fr_header(c, length, &q, nlpid.into())?;
    }
    let at = p + hdr_len;
    let length = length - hdr_len as u32;
    match nlpid {
        0xcc => c.then(Next::ip(off(at), length)),
        0x8e => c.then(Next::ip6(off(at), length)),
        0x81..=0x83 => c.then(Next::l2(L2Proto::Osi, off(at - 1), length + 1)),
        0x08 => c.then(Next::l2(L2Proto::Q933, off(at), length)),
        0xb1 => frf15_print(c, at, length),
        0xcf => c.then(Next::l2(L2Proto::Ppp, off(at), length)),
        _ => {
            if nlpid == 0x80 && snap_no_llc(c, at, length)? {
                return Ok(());
            }
            if !c.eflag {
                let addr_len = if nlpid == 0x80 { hdr_len } else { al };
                let q = Q922 { addr_len, ..q };
                fr_header(c, length + hdr_len as u32, &q, nlpid.into())?;
            }
            if nlpid == 0x80 {
                c.default_print_guarded(p, (length + hdr_len as u32) as usize)
            } else if !c.xflag {
                c.default_print(at, length as usize)
            } else {
                Ok(())
            }
        }
    }
}

/// FRF.12/15/16 Begin, End and Control flags (`frf_flag_values`), `none` for none.
fn frf_flags<W: Write>(c: &mut Cursor<'_, W>, flags: u8) -> R {
    let mut first = true;
    for (bit, name) in [(0x80, "Begin"), (0x40, "End"), (0x20, "Control")] {
        if flags & bit != 0 {
            if !first {
                c.s(", ")?;
            }
            c.s(name)?;
            first = false;
        }
    }
    if first {
        c.s("none")?;
    }
    Ok(())
}

/// `mfr_if_print` (`LINKTYPE_MFR`).
pub(crate) fn mfr_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "mfr";
    if caplen < 2 {
        return Err(Stop::Trunc);
    }
    mfr_print(c, 0, length)
}

/// `mfr_print`: an FRF.16 multilink frame: a control message with its IEs (under `-v`), or
/// a fragment, whose first holds a Frame Relay frame.
pub(crate) fn mfr_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.proto = "mfr";
    if length < 4 {
        c.s("[length ")?;
        c.d(length)?;
        c.s(" < 4]")?;
        return c.invalid();
    }
    // tcpdump's own bounds check (no `longjmp`: `-x` then dumps nothing).
    if !c.test(p, 4) {
        return Err(Stop::Trunc);
    }
    let (b0, b1) = (c.u8(p)?, c.u8(p + 1)?);
    let bec = b0 & 0xe0;
    if bec == 0xe0 && b1 == 0 {
        c.s("FRF.16 Control, Flags [")?;
        frf_flags(c, bec)?;
        c.s("], ")?;
        let msg = c.u8(p + 2)?;
        const MSGS: [&str; 7] = [
            "Add Link",
            "Add Link ACK",
            "Add Link Reject",
            "Hello",
            "Hello ACK",
            "Remove Link",
            "Remove Link ACK",
        ];
        match usize::from(msg).checked_sub(1).and_then(|i| MSGS.get(i)) {
            Some(n) => c.s(n)?,
            None => {
                c.s("Unknown Message (0x")?;
                c.x02(msg)?;
                c.s(")")?;
            }
        }
        c.s(", length ")?;
        c.d(length)?;
        if c.vflag == 0 {
            return Ok(());
        }
        let mut t = p + 3;
        let mut tlen = length - 3;
        while tlen > 2 {
            c.bytes(t, 2)?;
            let (ty, mut len) = (c.u8(t)?, c.u8(t + 1)?);
            c.s("\n\tIE ")?;
            c.s(match ty {
                1 => "Bundle ID",
                2 => "Link ID",
                3 => "Magic Number",
                5 => "Timestamp",
                6 => "Vendor Extension",
                7 => "Cause",
                _ => "Unknown",
            })?;
            c.s(" (")?;
            c.d(ty)?;
            c.s("), length ")?;
            c.d(len)?;
            c.s(": ")?;
            if ty == 0 || len <= 2 {
                return Ok(());
            }
            c.bytes(t, len.into())?;
            t += 2;
            len -= 2;
            tlen = tlen.wrapping_sub(2);
            match ty {
                3 => {
                    if len != 4 {
                        c.s("[IE data length ")?;
                        c.d(len)?;
                        c.s(" != 4]")?;
                        c.invalid()?;
                    } else {
                        c.s("0x")?;
                        let v = c.be32(t)?;
                        fmtx::hex_pad(c.out, v.into(), 8)?;
                    }
                }
                1 | 2 => {
                    for i in 0..usize::from(len).min(50) {
                        let ch = c.u8(t + i)?;
                        if ch == 0 {
                            break;
                        }
                        fmtx::safe_char(c.out, ch)?;
                    }
                }
                // The timestamp (a struct timeval) is not decoded here: dumped like the rest.
                _ => {
                    if c.vflag <= 1 {
                        c.unknown_data_at(t, len.into(), "\n\t  ")?;
                    }
                }
            }
            if c.vflag > 1 {
                c.unknown_data_at(t, len.into(), "\n\t  ")?;
            }
            tlen = tlen.wrapping_sub(u32::from(len));
            t += usize::from(len);
        }
        return Ok(());
    }
    let seq = (u16::from(b0 & 0x1e) << 7) | u16::from(b1);
    c.s("FRF.16 Frag, seq ")?;
    c.d(seq)?;
    c.s(", Flags [")?;
    frf_flags(c, bec)?;
    if bec == 0xc0 || bec == 0x80 {
        c.s("], ")?;
        return fr_print(c, p + 2, length - 2);
    }
    c.s("]")?;
    c.unknown_data(p, length as usize)
}

/// `UI %02x! `: a control field other than UI.
fn ui_bang<W: Write>(c: &mut Cursor<'_, W>, ctl: u8) -> R {
    c.s("UI ")?;
    c.x02(ctl)?;
    c.s("! ")
}

/// `frf15_print`: an FRF.15 fragment's header.
fn frf15_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    if length < 2 {
        return Err(Stop::Trunc);
    }
    let b0 = c.u8(p)?;
    let b1 = c.u8(p + 1)?;
    let seq = (u16::from(b0 & 0x1e) << 7) | u16::from(b1);
    c.s("FRF.15, seq 0x")?;
    fmtx::hex_pad(c.out, seq.into(), 3)?;
    c.s(", Flags [")?;
    frf_flags(c, b0 & 0xe0)?;
    c.s("],")?;
    c.s(if b0 & 0x01 != 0 {
        "Interface"
    } else {
        "End-to-End"
    })?;
    c.s(" Fragmentation, length ")?;
    c.d(length)
}

/// The Q.933 message types tcpdump names.
fn q933_msg(t: u8) -> Option<&'static str> {
    Some(match t {
        0x00 => "ESC to National",
        0x01 => "Alert",
        0x02 => "Call proceeding",
        0x07 => "Connect",
        0x0f => "Connect ACK",
        0x03 => "Progress",
        0x05 => "Setup",
        0x45 => "Disconnect",
        0x4d => "Release",
        0x5a => "Release Complete",
        0x46 => "Restart",
        0x4e => "Restart ACK",
        0x7d => "Status Reply",
        0x75 => "Status Enquiry",
        _ => return None,
    })
}

/// The IE names of code sets 0 and 5.
fn q933_ie(code: u8) -> Option<&'static str> {
    Some(match code {
        0x01 => "ANSI Report Type",
        0x19 | 0x03 => "ANSI Link Verify",
        0x07 => "ANSI PVC Status",
        0x51 => "CCITT Report Type",
        0x53 => "CCITT Link Verify",
        0x57 => "CCITT PVC Status",
        _ => return None,
    })
}

/// `length N` then the marker: a Q.933 message cut short before its code set.
fn q933_cut<W: Write>(c: &mut Cursor<'_, W>, olen: u32) -> R {
    if !c.eflag {
        c.s(", ")?;
    }
    c.s("length ")?;
    c.d(olen)?;
    Err(Stop::Trunc)
}

/// `q933_print`: the message at `p`, `length` bytes.
pub(crate) fn q933_print<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut length: u32) -> R {
    c.proto = "q.933";
    if !c.eflag {
        c.s("Q.933")?;
    }
    let olen = length;
    if length == 0 || !c.test(p, 1) {
        return q933_cut(c, length);
    }
    let crl = usize::from(c.u8(p)? & 0x0f);
    p += 1;
    length -= 1;
    let call_ref = p;
    for _ in 0..crl {
        if length == 0 || !c.test(p, 1) {
            return q933_cut(c, olen);
        }
        p += 1;
        length -= 1;
    }
    if length == 0 || !c.test(p, 1) {
        return q933_cut(c, olen);
    }
    let msg = c.u8(p)?;
    p += 1;
    length -= 1;
    let mut codeset = 0u8;
    let mut ansi = false;
    let mut non_locking = 0u8;
    let mut unshift = codeset;
    if length != 0 {
        if !c.test(p, 1) {
            return q933_cut(c, olen);
        }
        let ie = c.u8(p)?;
        if ie & 0xf0 == 0x90 {
            p += 1;
            length -= 1;
            codeset = ie & 7;
            if ie & 0x08 == 0 {
                ansi = codeset == 5;
            } else {
                non_locking = 1;
                unshift = 0;
            }
        }
    }
    if !c.eflag {
        c.s(", ")?;
    }
    c.s(if ansi { "ANSI" } else { "CCITT" })?;
    c.s(", codeset ")?;
    c.d(codeset)?;
    if crl != 0 && (crl > 1 || c.u8(p)? != 0) {
        c.s(", Call Ref: 0x")?;
        for i in 0..crl {
            let b = c.u8(call_ref + i)?;
            c.x02(b)?;
        }
    }
    if c.vflag > 0 {
        c.s(", ")?;
        c.s(q933_msg(msg).unwrap_or("unknown message"))?;
        c.s(" (0x")?;
        c.x02(msg)?;
        c.s("), length ")?;
        c.d(olen)?;
    } else {
        c.s(", ")?;
        match q933_msg(msg) {
            Some(n) => c.s(n)?,
            None => {
                c.s("unknown message 0x")?;
                c.x02(msg)?;
            }
        }
    }
    while length != 0 {
        if non_locking == 1 {
            non_locking = 2;
        } else if non_locking == 2 {
            codeset = unshift;
            non_locking = 0;
        }
        if !c.test(p, 1) {
            return q933_cut_v(c, olen);
        }
        let ie = c.u8(p)?;
        p += 1;
        length -= 1;
        if ie & 0x80 != 0 {
            if ie & 0xf0 == 0x90 {
                if ie & 0x08 == 0 {
                    non_locking = 0;
                } else {
                    non_locking = 1;
                    unshift = codeset;
                }
                codeset = ie & 7;
            }
            continue;
        }
        if length == 0 || !c.test(p, 1) {
            return q933_cut_v(c, olen);
        }
        let ielen = c.u8(p)?;
        p += 1;
        length -= 1;
        let known_set = codeset == 0 || codeset == 5;
        if c.vflag > 0 {
            c.s("\n\t")?;
            c.s(q933_ie(ie).filter(|_| known_set).unwrap_or("unknown"))?;
            c.s(" IE (0x")?;
            c.x02(ie)?;
            c.s("), length ")?;
            c.d(ielen)?;
            c.s(": ")?;
        }
        if ie == 0 || ielen == 0 {
            return Ok(());
        }
        if length < u32::from(ielen) || !c.test(p, ielen.into()) {
            return q933_cut_v(c, olen);
        }
        let known = known_set && q933_ie_print(c, ie, ielen, p)?;
        if known {
            if c.vflag > 1 {
                c.unknown_data_at(p, ielen.into(), "\n\t  ")?;
            }
        } else if c.vflag >= 1 {
            c.unknown_data(p, ielen.into())?;
        }
        length -= u32::from(ielen);
        p += usize::from(ielen);
    }
    if c.vflag == 0 {
        c.s(", length ")?;
        c.d(olen)?;
    }
    Ok(())
}

/// The marker after `, length N` (without `-v`) inside the IE loop.
fn q933_cut_v<W: Write>(c: &mut Cursor<'_, W>, olen: u32) -> R {
    if c.vflag == 0 {
        c.s(", length ")?;
        c.d(olen)?;
    }
    Err(Stop::Trunc)
}

/// `fr_q933_print_ie_codeset_0_5`: whether the IE is one it knows (and printed).
fn q933_ie_print<W: Write>(c: &mut Cursor<'_, W>, ie: u8, len: u8, p: usize) -> R<bool> {
    match ie {
        0x01 | 0x51 => {
            if len < 1 {
                if c.vflag == 0 {
                    c.s(", ")?;
                }
                c.s("Invalid REPORT TYPE IE")?;
                return Ok(true);
            }
            if c.vflag > 0 {
                let t = c.u8(p)?;
                c.s(match t {
                    0 => "Full Status",
                    1 => "Link verify",
                    2 => "Async PVC Status",
                    _ => "unknown",
                })?;
                c.s(" (")?;
                c.d(t)?;
                c.s(")")?;
            }
            Ok(true)
        }
        0x03 | 0x53 | 0x19 => {
            if c.vflag == 0 {
                c.s(", ")?;
            }
            if len < 2 {
                c.s("Invalid LINK VERIFY IE")?;
                return Ok(true);
            }
            let (tx, rx) = (c.u8(p)?, c.u8(p + 1)?);
            c.s("TX Seq: ")?;
            pad3(c, tx)?;
            c.s(", RX Seq: ")?;
            pad3(c, rx)?;
            Ok(true)
        }
        0x07 | 0x57 => {
            if c.vflag == 0 {
                c.s(", ")?;
            }
            let n = usize::from(len);
            let b = |i: usize| c.u8(p + i);
            let invalid = n < 3
                || b(0)? & 0x80 != 0
                || (n == 3 && b(1)? & 0x80 == 0)
                || (n == 4 && (b(1)? & 0x80 != 0 || b(2)? & 0x80 == 0))
                || (n == 5 && (b(1)? & 0x80 != 0 || b(2)? & 0x80 != 0 || b(3)? & 0x80 == 0))
                || n > 5
                || b(n - 1)? & 0x80 == 0;
            if invalid {
                c.s("Invalid DLCI in PVC STATUS IE")?;
                return Ok(true);
            }
            let mut dlci = (u32::from(b(0)? & 0x3f) << 4) | u32::from((b(1)? & 0x78) >> 3);
            if n == 4 {
                dlci = (dlci << 6) | u32::from((b(2)? & 0x7e) >> 1);
            } else if n == 5 {
                dlci = (dlci << 13) | u32::from(b(2)? & 0x7f) | u32::from((b(3)? & 0x7e) >> 1);
            }
            let last = b(n - 1)?;
            c.s("DLCI ")?;
            c.d(dlci)?;
            c.s(": status ")?;
            if last & 0x08 != 0 {
                c.s("New, ")?;
            }
            c.s(if last & 0x02 != 0 {
                "Active"
            } else {
                "Inactive"
            })?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// `%3d`.
fn pad3<W: Write>(c: &mut Cursor<'_, W>, v: u8) -> R {
    if v < 10 {
        c.s("  ")?;
    } else if v < 100 {
        c.s(" ")?;
    }
    c.d(v)
}
