//! 802.1X EAPOL frames (EtherType 0x888e; tcpdump's `eapol_print`): the frame type, version
//! and length, and with `-v` the EAP packet inside (`eap_print`).

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use super::vfmt;
use crate::tok::{self, Tok};

/// Field offsets of the EAPOL header.
mod field {
    /// The protocol version.
    pub const VERSION: usize = 0;
    /// The packet type.
    pub const TYPE: usize = 1;
    /// The body's length.
    pub const LENGTH: usize = 2;
    /// The header's length.
    pub const LEN: usize = 4;
}

/// `eapol_print`: the EAPOL header at `p`.
pub(crate) fn eapol_print<W: Write>(e: &mut Cursor<'_, W>, p: usize) -> R {
    e.proto = "eap";
    if !e.test(p, field::LEN) {
        return Err(Stop::Trunc);
    }
    let t = e.u8(p + field::TYPE)?;
    let version = e.u8(p + field::VERSION)?;
    let len = e.be16(p + field::LENGTH)?;
    e.s(match t {
        0 => "EAP packet",
        1 => "EAPOL start",
        2 => "EAPOL logoff",
        3 => "EAPOL key",
        4 => "Encapsulated ASF alert",
        _ => "unknown",
    })?;
    e.s(" (")?;
    e.d(t)?;
    e.s(") v")?;
    e.d(version)?;
    e.s(", len ")?;
    e.d(len)?;
    if e.vflag == 0 || t != 0 {
        return Ok(());
    }
    if len == 0 {
        return e.trunc_here();
    }
    e.s(", ")?;
    eap_print(e, p + field::LEN, len.into())
}

/// EAP codes.
const CODES: &Tok = &[
    (1, "Request"),
    (2, "Response"),
    (3, "Success"),
    (4, "Failure"),
];

/// EAP method types.
const TYPES: &Tok = &[
    (0, "No proposed"),
    (1, "Identity"),
    (2, "Notification"),
    (3, "Nak"),
    (4, "MD5-challenge"),
    (5, "OTP"),
    (6, "GTC"),
    (13, "TLS"),
    (18, "SIM"),
    (21, "TTLS"),
    (23, "AKA"),
    (43, "FAST"),
    (254, "Expanded types"),
    (255, "Experimental"),
];

/// The TLS flags of EAP-TLS, TTLS and FAST.
const TLS_FLAGS: &Tok = &[
    (0x80, "L bit"),
    (0x40, "More fragments bit"),
    (0x20, "Start bit"),
];

/// EAP-SIM and EAP-AKA subtypes.
const AKA_SUBTYPES: &Tok = &[
    (1, "Challenge"),
    (2, "Auth reject"),
    (4, "Sync failure"),
    (5, "Identity"),
    (10, "Start"),
    (11, "Challenge"),
    (12, "Notification"),
    (13, "Reauth"),
    (14, "Client error"),
];

/// `eap_print`: the EAP packet at `cp`, `length` bytes as the EAPOL header says.
#[cold]
#[inline(never)]
pub(crate) fn eap_print<W: Write>(e: &mut Cursor<'_, W>, cp: usize, length: u32) -> R {
    let code = e.u8(cp)?;
    let len = u32::from(e.be16(cp + 2)?);
    if len != length {
        return e.s("EAP fragment?");
    }
    let id = e.u8(cp + 1)?;
    e.s(tok::find(CODES, code.into()).unwrap_or("unknown"))?;
    e.s(" (")?;
    e.d(code)?;
    e.s("), id ")?;
    e.d(id)?;
    e.s(", len ")?;
    e.d(len)?;
    if len < 4 {
        return e.s(" (too short for EAP header)");
    }
    if !e.test(cp, len as usize) {
        return e.trunc_here();
    }
    if !matches!(code, 1 | 2) {
        return Ok(());
    }
    if len < 5 {
        return e.s(" (too short for EAP request/response)");
    }
    let sub = e.u8(cp + 4)?;
    e.s("\n\t\t Type ")?;
    e.s(tok::find(TYPES, sub.into()).unwrap_or("unknown"))?;
    e.s(" (")?;
    e.d(sub)?;
    e.s(")")?;
    let short = |e: &mut Cursor<'_, W>, what: &str| -> R {
        e.s(" (too short for EAP ")?;
        e.s(what)?;
        e.s(" request/response)")
    };
    match sub {
        1 if len > 5 => {
            e.s(", Identity: ")?;
            vfmt::printjnp(e, cp + 5, (len - 5) as usize)?;
        }
        2 => {
            if len < 6 {
                return short(e, "Notification");
            }
            e.s(", Notification: ")?;
            vfmt::printjnp(e, cp + 5, (len - 5) as usize)?;
        }
        3 => {
            if len < 6 {
                return short(e, "Legacy NAK");
            }
            for i in 5..len as usize {
                let t = e.u8(cp + i)?;
                e.s(if i == 5 { " " } else { ", " })?;
                e.s(tok::find(TYPES, t.into()).unwrap_or("unknown"))?;
                e.s(" (")?;
                e.d(t)?;
                e.s(")")?;
            }
        }
        13 | 21 | 43 => {
            if len < 6 {
                return short(e, if sub == 43 { "FAST" } else { "TLS/TTLS" });
            }
            let f = e.u8(cp + 5)?;
            match sub {
                21 => e.s(" TTLSv")?,
                43 => e.s(" FASTv")?,
                _ => {}
            }
            if sub != 13 {
                e.d(f & 7)?;
            }
            e.s(" flags [")?;
            tok::bittok2str(e.out, TLS_FLAGS, f.into(), "none")?;
            e.s("] 0x")?;
            e.x02(f)?;
            if f & 0x80 != 0 {
                if len < 10 {
                    e.s(" (too short for EAP ")?;
                    e.s(if sub == 43 { "FAST" } else { "TLS/TTLS" })?;
                    return e.s(" request/response with length)");
                }
                let l = e.be32(cp + 6)?;
                e.s(", len ")?;
                e.d(l)?;
            }
        }
        18 | 23 => {
            if len < 6 {
                return short(e, "SIM/AKA");
            }
            let s = e.u8(cp + 5)?;
            e.s(" subtype [")?;
            e.s(tok::find(AKA_SUBTYPES, s.into()).unwrap_or("unknown"))?;
            e.s("] 0x")?;
            e.x02(s)?;
        }
        _ => {}
    }
    Ok(())
}
