//! BGP (TCP port 179), as tcpdump 4.99's `bgp_print`: `: BGP`, and under `-v` every message
//! found in the captured data (by its marker) with its fields: OPEN and its capabilities
//! ([`open`]), UPDATE and its path attributes ([`update`], [`attr`]), NOTIFICATION, KEEPALIVE
//! and ROUTE-REFRESH; the prefixes and communities are in [`nlri`], the names in [`tables`].
//! `-b` prints 4-byte AS numbers in ASDOT notation.

mod attr;
mod l2vpn;
mod nlri;
mod open;
mod tables;
mod update;

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok};

/// A message header: marker, length, type.
const HEADER_LEN: usize = 19;

/// `as_printf`: an AS number, `HIGH.LOW` under `-b` when it does not fit 16 bits.
pub(super) fn asn<W: Write>(c: &mut Cursor<'_, W>, v: u32) -> R {
    if c.bflag && v > 0xffff {
        c.d(v >> 16)?;
        c.s(".")?;
        c.d(v & 0xffff)
    } else {
        c.d(v)
    }
}

/// `ND_TCHECK_LEN` in `print-bgp.c`, which goes to the printer's `trunc` label: whether
/// `len` bytes at `at` are captured.
pub(super) fn ttest<W: Write>(c: &Cursor<'_, W>, at: usize, len: usize) -> bool {
    c.test(at, len)
}

/// `tok2str(table, "FALLBACK", v)`.
pub(super) fn name<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32, fallback: &str) -> R {
    c.s(tok::find(table, v).unwrap_or(fallback))
}

/// `NAME (V)`: a value named by `table` (`fallback` when it has no name) and its number.
pub(super) fn named<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32, fallback: &str) -> R {
    name(c, table, v, fallback)?;
    c.s(" (")?;
    c.d(v)?;
    c.s(")")
}

/// `AFI NAME (N), SAFI NAME (N)` of the 2-byte AFI at `afi` and the SAFI byte at `safi`.
pub(super) fn afi_safi<W: Write>(c: &mut Cursor<'_, W>, afi: usize, safi: usize) -> R {
    let a = c.be16(afi)?;
    let s = c.u8(safi)?;
    c.s("AFI ")?;
    named(c, tables::AFI, a.into(), "Unknown")?;
    c.s(", SAFI ")?;
    named(c, tables::SAFI, s.into(), "Unknown")
}

/// `print_unknown_data` with the line prefix `indent`.
pub(super) fn unknown<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize, indent: &str) -> R {
    c.unknown_data_at(at, len, indent)
}

/// `bgp_print`: the messages in the captured part of the segment at `at`.
pub(crate) fn bgp_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, _length: u32) -> R {
    c.proto = "bgp";
    c.s(": BGP")?;
    if c.vflag < 1 {
        return Ok(());
    }
    let ep = c.snapend;
    let (mut p, mut start) = (at, at);
    while p < ep {
        if c.u8(p)? != 0xff {
            p += 1;
            continue;
        }
        if !c.test(p, 16) {
            break;
        }
        if c.bytes(p, 16)?.iter().any(|&b| b != 0xff) {
            p += 1;
            continue;
        }
        if !c.test(p, HEADER_LEN) {
            return c.trunc_here();
        }
        if start != p {
            c.trunc_here()?;
        }
        let hlen = c.be16(p + 16)?;
        if usize::from(hlen) < HEADER_LEN {
            c.s("\nmessage length ")?;
            c.d(hlen)?;
            c.s(" < 19")?;
            return c.invalid();
        }
        if c.test(p, hlen.into()) {
            if !pdu(c, p, hlen.into())? {
                return Ok(());
            }
            p += usize::from(hlen);
            start = p;
        } else {
            let ty = c.u8(p + 18)?;
            c.s("\n[|BGP ")?;
            name(c, tables::MSG_TYPES, ty.into(), "Unknown Message Type")?;
            c.s("]")?;
            break;
        }
    }
    Ok(())
}

/// `bgp_pdu_print`: one message, `length` bytes (all captured) at `dat`.
fn pdu<W: Write>(c: &mut Cursor<'_, W>, dat: usize, length: usize) -> R<bool> {
    let ty = c.u8(dat + 18)?;
    c.s("\n\t")?;
    name(c, tables::MSG_TYPES, ty.into(), "Unknown")?;
    c.s(" Message (")?;
    c.d(ty)?;
    c.s("), length: ")?;
    c.d(length as u64)?;
    match ty {
        1 => open::open_print(c, dat, length)?,
        2 => update::update_print(c, dat, length)?,
        3 => notification(c, dat, length)?,
        4 => {}
        5 => route_refresh(c, dat, length)?,
        _ => {
            c.s("\n\t  no Message ")?;
            c.d(ty)?;
            c.s(" decoder")?;
            unknown(c, dat, length, "\n\t  ")?;
        }
    }
    Ok(true)
}

/// `bgp_notification_print`.
fn notification<W: Write>(c: &mut Cursor<'_, W>, dat: usize, length: usize) -> R {
    const SIZE: usize = 21;
    if !ttest(c, dat, SIZE) {
        return c.trunc_here();
    }
    if length < SIZE {
        return Ok(());
    }
    let major = c.u8(dat + 19)?;
    let minor = c.u8(dat + 20)?;
    c.s(", ")?;
    named(c, tables::NOTIFY_MAJOR, major.into(), "Unknown Error")?;
    let (sep, table) = match major {
        1 => (", ", tables::NOTIFY_MSG),
        2 => (", ", tables::NOTIFY_OPEN),
        3 => (", ", tables::NOTIFY_UPDATE),
        5 => (" ", tables::NOTIFY_FSM),
        7 => (" ", tables::NOTIFY_CAP),
        6 => (", ", tables::NOTIFY_CEASE),
        _ => return Ok(()),
    };
    c.s(sep)?;
    c.s("subcode ")?;
    named(c, table, minor.into(), "Unknown")?;
    if major != 6 {
        return Ok(());
    }
    let tptr = dat + SIZE;
    if minor == 1 && length >= SIZE + 7 {
        c.s(", ")?;
        afi_safi(c, tptr, tptr + 2)?;
        c.s(", Max Prefixes: ")?;
        let v = c.be32(tptr + 3)?;
        c.d(v)?;
    }
    if (minor == 2 || minor == 4) && length > SIZE {
        let n = usize::from(c.u8(tptr)?);
        let mut remainder = 0usize;
        if n > length - (SIZE + 1) {
            c.s(", invalid Shutdown Communication length")?;
        } else if n == 0 {
            c.s(", empty Shutdown Communication")?;
            remainder += 1;
        } else {
            c.s(", Shutdown Communication (length: ")?;
            c.d(n as u64)?;
            c.s("): \"")?;
            if !c.printn(tptr + 1, n)? {
                return Err(c.jump());
            }
            c.s("\"")?;
            remainder += n + 1;
        }
        let rest = length - (remainder + SIZE);
        if rest > 0 {
            c.s(", Data: (length: ")?;
            c.d(rest as u64)?;
            c.s(")")?;
            let (data, cut) = c.payload(tptr + remainder, rest);
            fmtx::hexdump(c.out, "\n\t\t", data, false)?;
            if cut {
                return Err(c.jump());
            }
        }
    }
    Ok(())
}

/// `bgp_route_refresh_print`.
fn route_refresh<W: Write>(c: &mut Cursor<'_, W>, dat: usize, length: usize) -> R {
    const SIZE: usize = 23;
    if !ttest(c, dat, SIZE) {
        return c.trunc_here();
    }
    if length < SIZE {
        return Ok(());
    }
    c.s("\n\t  ")?;
    afi_safi(c, dat + 19, dat + 22)?;
    if c.vflag > 1 {
        unknown(c, dat, length, "\n\t  ")?;
    }
    Ok(())
}
