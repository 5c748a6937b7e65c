//! The Ad-Hoc Configuration Protocol (AHCP) on UDP port 5359, as tcpdump 4.99's `ahcp_print`
//! prints it: the version; at `-v` the header's fields and the message type on a line of their
//! own; at `-vv` each option on its own line.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok};

/// The magic number every AHCP packet starts with.
const MAGIC: u8 = 43;
/// The version 1 header's length, magic and version included.
const HEADER_LEN: usize = 24;
/// The body's minimum length (type, MBZ, length).
const BODY_MIN_LEN: usize = 4;

/// The message types.
const MSG_TYPES: &Tok = &[
    (0, "Discover"),
    (1, "Offer"),
    (2, "Request"),
    (3, "Ack"),
    (4, "Nack"),
    (5, "Release"),
];

/// The options' names.
const OPTIONS: &Tok = &[
    (0, "Pad"),
    (1, "Mandatory"),
    (2, "Origin Time"),
    (3, "Expires"),
    (4, "My-IPv6-Address"),
    (5, "My-IPv4-Address"),
    (6, "IPv6 Prefix"),
    (7, "IPv4 Prefix"),
    (8, "IPv6 Address"),
    (9, "IPv4 Address"),
    (10, "IPv6 Prefix Delegation"),
    (11, "IPv4 Prefix Delegation"),
    (12, "Name Server"),
    (13, "NTP Server"),
];

/// How an option's value is printed.
#[derive(Clone, Copy)]
enum Value {
    /// `: YYYY-MM-DD HH:MM:SS UTC` of a 4-byte Unix time.
    Time,
    /// `: Ns` of a 4-byte count of seconds.
    Seconds,
    /// IPv6 addresses, comma-separated.
    Ip6,
    /// IPv4 addresses, comma-separated.
    Ip4,
    /// IPv6 prefixes (address and length byte).
    Ip6Prefix,
    /// IPv4 prefixes (address and length byte).
    Ip4Prefix,
}

/// The decoder of option `no`, if tcpdump has one.
fn value_of(no: u8) -> Option<Value> {
    Some(match no {
        2 => Value::Time,
        3 => Value::Seconds,
        4 | 8 | 12 | 13 => Value::Ip6,
        5 | 9 => Value::Ip4,
        6 | 10 => Value::Ip6Prefix,
        11 => Value::Ip4Prefix,
        _ => return None,
    })
}

/// `ND_TCHECK_LEN`: a truncation (the end of the packet's printing) unless `len` bytes at
/// `at` are captured.
fn tcheck<W: Write>(c: &Cursor<'_, W>, at: usize, len: usize) -> R {
    if c.test(at, len) {
        Ok(())
    } else {
        Err(c.jump())
    }
}

/// `nd_print_invalid` and then the check that the rest (`len` bytes at `at`) is captured.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize) -> R {
    c.invalid()?;
    tcheck(c, at, len)
}

/// `AHCP Version 1` and, by the verbosity, the header, the body and its options.
#[cold]
#[inline(never)]
pub(crate) fn ahcp_print<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, length: u32) -> R {
    c.proto = "ahcp";
    c.s("AHCP")?;
    let mut len = length as usize;
    if len < 2 || c.u8(cp)? != MAGIC {
        return invalid(c, cp, len);
    }
    let version = c.u8(cp + 1)?;
    cp += 2;
    len -= 2;
    if version != 1 {
        c.s(" Version ")?;
        c.d(version)?;
        c.s(" (unknown)")?;
        return tcheck(c, cp, len);
    }
    c.s(" Version 1")?;
    if len < HEADER_LEN - 2 {
        return invalid(c, cp, len);
    }
    if c.vflag == 0 {
        tcheck(c, cp, HEADER_LEN - 2)?;
    } else {
        // (Each field is read before its label is printed, as tcpdump's GET macros do.)
        let hops = c.u8(cp)?;
        c.s("\n\tHopcount ")?;
        c.d(hops)?;
        let orig = c.u8(cp + 1)?;
        c.s(", Original Hopcount ")?;
        c.d(orig)?;
        let nonce = c.be32(cp + 2)?;
        c.s(", Nonce 0x")?;
        fmtx::hex_pad(c.out, nonce.into(), 8)?;
        tcheck(c, cp + 6, 8)?;
        c.s(", Source Id ")?;
        fmtx::bytes_colon(c.out, c.bytes(cp + 6, 8)?)?;
        tcheck(c, cp + 14, 8)?;
        c.s(", Destination Id ")?;
        fmtx::bytes_colon(c.out, c.bytes(cp + 14, 8)?)?;
    }
    cp += HEADER_LEN - 2;
    len -= HEADER_LEN - 2;
    body(c, cp, len)
}

/// The body: its type, MBZ byte and length at `-v`, its options at `-vv`.
fn body<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if len < BODY_MIN_LEN {
        return invalid(c, cp, len);
    }
    let (ty, mbz, body_len) = (c.u8(cp)?, c.u8(cp + 1)?, c.be16(cp + 2)?);
    let (cp, len) = (cp + 4, len - 4);
    if c.vflag > 0 {
        c.s("\n\t")?;
        match tok::find(MSG_TYPES, ty.into()) {
            Some(n) => c.s(n)?,
            None => {
                c.s("Unknown-")?;
                c.d(ty)?;
            }
        }
        if mbz != 0 {
            c.s(", MBZ ")?;
            c.d(mbz)?;
        }
        c.s(", Length ")?;
        c.d(body_len)?;
    }
    let body_len = usize::from(body_len);
    if body_len > len {
        return invalid(c, cp, len);
    }
    if c.vflag >= 2 {
        options(c, cp, body_len)
    } else {
        tcheck(c, cp, body_len)
    }
}

/// The options in `len` bytes at `cp`, each on a line of its own.
fn options<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R {
    while len > 0 {
        let no = c.u8(cp)?;
        cp += 1;
        len -= 1;
        c.s("\n\t ")?;
        match tok::find(OPTIONS, no.into()) {
            Some(n) => c.s(n)?,
            None => {
                c.s("Unknown-")?;
                c.d(no)?;
            }
        }
        if no <= 1 {
            continue;
        }
        if len == 0 {
            return invalid(c, cp, len);
        }
        let olen = c.u8(cp)?;
        cp += 1;
        len -= 1;
        let ol = usize::from(olen);
        if ol > len {
            return invalid(c, cp, len);
        }
        match value_of(no) {
            Some(v) => value(c, v, cp, ol)?,
            None => {
                c.s(" (Length ")?;
                c.d(olen)?;
                c.s(")")?;
                tcheck(c, cp, ol)?;
            }
        }
        cp += ol;
        len -= ol;
    }
    Ok(())
}

/// One option's value (`len` bytes at `cp`); a bad length says ` (invalid)` and goes on.
fn value<W: Write>(c: &mut Cursor<'_, W>, v: Value, mut cp: usize, mut len: usize) -> R {
    match v {
        Value::Time | Value::Seconds => {
            if len != 4 {
                return invalid(c, cp, len);
            }
            let t = c.be32(cp)?;
            if let Value::Seconds = v {
                c.s(": ")?;
                c.d(t)?;
                return c.s("s");
            }
            let secs = i64::from(t);
            let (y, m, d) = fmtx::civil_from_days(secs.div_euclid(86_400));
            let rem = secs.rem_euclid(86_400);
            c.s(": ")?;
            fmtx::idec(c.out, y)?;
            c.s("-")?;
            fmtx::dec_pad(c.out, m.into(), 2)?;
            c.s("-")?;
            fmtx::dec_pad(c.out, d.into(), 2)?;
            c.s(" ")?;
            fmtx::dec_pad(c.out, (rem / 3600) as u64, 2)?;
            c.s(":")?;
            fmtx::dec_pad(c.out, ((rem / 60) % 60) as u64, 2)?;
            c.s(":")?;
            fmtx::dec_pad(c.out, (rem % 60) as u64, 2)?;
            c.s(" UTC")
        }
        _ => {
            let (step, ip6, prefix) = match v {
                Value::Ip6 => (16, true, false),
                Value::Ip4 => (4, false, false),
                Value::Ip6Prefix => (17, true, true),
                _ => (5, false, true),
            };
            let mut sep = ": ";
            while len > 0 {
                if len < step {
                    return invalid(c, cp, len);
                }
                tcheck(c, cp, step)?;
                c.s(sep)?;
                if ip6 {
                    c.ip6_at(cp)?;
                } else {
                    c.ip4_at(cp)?;
                }
                if prefix {
                    let plen = c.u8(cp + step - 1)?;
                    c.s("/")?;
                    c.d(plen)?;
                }
                cp += step;
                len -= step;
                sep = ", ";
            }
            Ok(())
        }
    }
}
