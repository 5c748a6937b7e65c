//! Kerberos on UDP ports 88 and 750: tcpdump's `krb_print`, the protocol version (` v5` for
//! Kerberos 5, whose ASN.1 tcpdump does not decode) and Kerberos 4's messages.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// Kerberos 4's message types (the type byte without its byte-order bit).
const TYPES: &Tok = &[
    (2, "KDC_REQUEST"),
    (4, "KDC_REPLY"),
    (6, "APPL_REQUEST"),
    (8, "APPL_REQUEST_MUTUAL"),
    (10, "ERR_REPLY"),
    (12, "PRIVATE"),
    (14, "SAFE"),
    (16, "APPL_ERR"),
    (126, "DIE"),
];

/// Kerberos 4's error codes.
const ERRORS: &Tok = &[
    (0, "OK"),
    (1, "NAME_EXP"),
    (2, "SERVICE_EXP"),
    (3, "AUTH_EXP"),
    (4, "PKT_VER"),
    (5, "NAME_MAST_KEY_VER"),
    (6, "SERV_MAST_KEY_VER"),
    (7, "BYTE_ORDER"),
    (8, "PRINCIPAL_UNKNOWN"),
    (9, "PRINCIPAL_NOT_UNIQUE"),
    (10, "NULL_KEY"),
];

/// `krb_print`: the message at `p`.
pub(crate) fn krb_print<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    c.proto = "krb";
    if p >= c.snapend {
        return c.trunc_here();
    }
    let pvno = c.u8(p)?;
    match pvno {
        1..=4 => {
            c.s(" v")?;
            c.d(pvno)?;
            if pvno == 4 && krb4_print(c, p)?.is_none() {
                return c.trunc_here();
            }
            Ok(())
        }
        106 | 107 => c.s(" v5"),
        _ => Ok(()),
    }
}

/// `c_print`: a NUL-terminated string; the offset after its NUL, `None` when the capture
/// ends first.
fn c_print<W: Write>(c: &mut Cursor<'_, W>, mut s: usize) -> R<Option<usize>> {
    while s < c.snapend {
        let ch = c.u8(s)?;
        s += 1;
        if ch == 0 {
            return Ok(Some(s));
        }
        fmtx::safe_char(c.out, ch)?;
    }
    Ok(None)
}

/// `krb4_print_hdr`: `NAME.INSTANCE@REALM`.
fn hdr<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R<Option<usize>> {
    let Some(q) = c_print(c, p + 2)? else {
        return Ok(None);
    };
    c.s(".")?;
    let Some(q) = c_print(c, q)? else {
        return Ok(None);
    };
    c.s("@")?;
    c_print(c, q)
}

/// A 16-bit field in the message's byte order.
fn field<W: Write>(c: &Cursor<'_, W>, at: usize, le: bool) -> R<u16> {
    let v = c.be16(at)?;
    Ok(if le { v.swap_bytes() } else { v })
}

/// `krb4_print`; `None` when a string runs past the capture (` [|krb]`).
fn krb4_print<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R<Option<()>> {
    let tb = c.u8(p + 1)?;
    let (ty, le) = (tb & 0xfe, tb & 1 != 0);
    c.s(if le { " le " } else { " be " })?;
    tok::tok2str(
        c.out,
        tok::find(TYPES, ty.into()),
        ty.into(),
        Unknown::dec("#", ""),
    )?;
    c.s(": ")?;
    match ty {
        2 => {
            let Some(q) = hdr(c, p)? else { return Ok(None) };
            let q = q + 4;
            let life = u32::from(c.u8(q)?) * 5;
            c.s(" ")?;
            c.d(life)?;
            c.s("min ")?;
            let Some(q) = c_print(c, q + 1)? else {
                return Ok(None);
            };
            c.s(".")?;
            if c_print(c, q)?.is_none() {
                return Ok(None);
            }
        }
        6 => {
            let v = c.u8(p + 2)?;
            c.s("v")?;
            c.d(v)?;
            c.s(" ")?;
            let Some(q) = c_print(c, p + 3)? else {
                return Ok(None);
            };
            for at in [q, q + 1] {
                let v = c.u8(at)?;
                c.s(" (")?;
                c.d(v)?;
                c.s(")")?;
            }
        }
        4 => {
            let Some(q) = hdr(c, p)? else { return Ok(None) };
            let len = field(c, q + 10, le)?;
            c.s(" (")?;
            c.d(len)?;
            c.s(")")?;
        }
        10 => {
            let Some(q) = hdr(c, p)? else { return Ok(None) };
            let code = field(c, q + 4, le)?;
            c.s(" ")?;
            tok::tok2str(
                c.out,
                tok::find(ERRORS, code.into()),
                code.into(),
                Unknown::dec("#", ""),
            )?;
            c.s(" ")?;
            if c_print(c, q + 8)?.is_none() {
                return Ok(None);
            }
        }
        _ => c.s("(unknown)")?,
    }
    Ok(Some(()))
}
