//! LISP control messages (UDP port 4342, RFC 6830): tcpdump 4.99's `lisp_print`. The type of
//! every message; of Map-Register and Map-Notify the records with their EIDs and locators, the
//! authentication data, xTR-ID and site ID at `-v`.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::fmtx;
use crate::tok::{bittok2str, find, Tok};

const MAP_REGISTER: u8 = 3;
const MAP_NOTIFY: u8 = 4;

const TYPES: &Tok = &[
    (0, "LISP-Reserved"),
    (1, "LISP-Map-Request"),
    (2, "LISP-Map-Reply"),
    (3, "LISP-Map-Register"),
    (4, "LISP-Map-Notify"),
    (8, "LISP-Encapsulated-Contol-Message"),
];
const REGISTER_FLAGS: &Tok = &[
    (0x0800_0000, "P-Proxy-Map-Reply"),
    (0x0400_0000, "S-LISP-SEC-Capable"),
    (0x0200_0000, "I-xTR-ID-Present"),
    (0x0100_0000, "R-Build-For-RTR"),
    (0x0000_0100, "M-Want-Map-Notify"),
];
const NOTIFY_FLAGS: &Tok = &[
    (0x0800_0000, "I-xTR-ID-Present"),
    (0x0400_0000, "R-Build-For-RTR"),
];
const AUTH_TYPES: &Tok = &[(0, "None"), (1, "SHA1"), (2, "SHA256")];
const ACTIONS: &Tok = &[
    (0, "No-Action"),
    (1, "Natively-Forward"),
    (2, "Send-Map-Request"),
    (3, "Drop"),
];
const LOCATOR_FLAGS: &Tok = &[
    (0x0004, "Local-Locator"),
    (0x0002, "RLoc-Probed"),
    (0x0001, "Reachable"),
];

/// The fixed header of Map-Register and Map-Notify, an EID record's and a locator's.
const HDR_LEN: usize = 16;
const EID_LEN: usize = 12;
const LOC_LEN: usize = 8;

/// `lisp_print`: the message at `bp`, `length` bytes.
#[cold]
#[inline(never)]
pub(crate) fn lisp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "lisp";
    if !c.test(bp, HDR_LEN) {
        return Err(Stop::Trunc);
    }
    let first = c.u8(bp)?;
    let t = first >> 4;
    match find(TYPES, u32::from(t)) {
        Some(name) => c.s(name)?,
        None => {
            c.s("unknown-type-")?;
            c.d(t)?;
        }
    }
    c.s(",")?;
    let v = c.vflag > 0;
    if v && (t == MAP_REGISTER || t == MAP_NOTIFY) {
        let word = c.be32(bp)?;
        let table = if t == MAP_REGISTER {
            REGISTER_FLAGS
        } else {
            NOTIFY_FLAGS
        };
        c.s(" flags [")?;
        bittok2str(c.out, table, word, "none")?;
        c.s("],")?;
    }
    if t != MAP_REGISTER && t != MAP_NOTIFY {
        return Ok(());
    }
    let xtr = if t == MAP_REGISTER {
        first & 2 != 0
    } else {
        first & 8 != 0
    };
    let auth_len = usize::from(c.be16(bp + 14)?);
    let mut records = c.u8(bp + 3)?;
    if v {
        let key_id = c.be16(bp + 12)?;
        c.s("\n    ")?;
        c.d(records)?;
        c.s(" record(s), Authentication ")?;
        c.s(find(AUTH_TYPES, u32::from(key_id)).unwrap_or("unknown-type"))?;
        c.s(",")?;
        hex_print(c, "\n    Authentication-Data: ", bp + HDR_LEN, auth_len)?;
    } else {
        c.s(" ")?;
        c.d(records)?;
        c.s(" record(s),")?;
    }
    // tcpdump keeps the offset in 16 bits.
    let mut off = (HDR_LEN + auth_len) & 0xffff;
    if records == 0 {
        return c.invalid();
    }
    while (length as usize) > off && records != 0 {
        records -= 1;
        if !c.test(bp + off, EID_LEN) {
            return Err(Stop::Trunc);
        }
        c.s("\n")?;
        let e = bp + off;
        off += EID_LEN;
        let mask = c.u8(e + 5)?;
        let afi = c.be16(e + 10)?;
        let mut locators = c.u8(e + 4)?;
        if v {
            let ttl = c.be32(e)?;
            c.s("      Record TTL ")?;
            c.d(ttl)?;
            c.s(",")?;
            let act = c.u8(e + 6)?;
            c.s(if (act >> 4) & 1 != 0 {
                " Authoritative,"
            } else {
                " Non-Authoritative,"
            })?;
            c.s(" ")?;
            c.s(find(ACTIONS, u32::from(act >> 5)).unwrap_or("unknown"))?;
            c.s(",")?;
            let version = c.be16(e + 8)? & 0x0fff;
            c.s(" Map Version: ")?;
            c.d(version)?;
            c.s(",")?;
        }
        match afi {
            1 => {
                c.bytes(bp + off, 4)?;
                c.s(" EID ")?;
                c.ip4_at(bp + off)?;
                off += 4;
            }
            2 => {
                c.bytes(bp + off, 16)?;
                c.s(" EID ")?;
                c.ip6_at(bp + off)?;
                off += 16;
            }
            // No LCAF: the rest is not printed.
            _ => return Ok(()),
        }
        c.s("/")?;
        c.d(mask)?;
        c.s(", ")?;
        c.d(locators)?;
        c.s(" locator(s)")?;
        while locators != 0 {
            locators -= 1;
            if !c.test(bp + off, LOC_LEN) {
                return Err(Stop::Trunc);
            }
            let l = bp + off;
            off += LOC_LEN;
            let loc_afi = c.be16(l + 6)?;
            if v {
                c.s("\n       ")?;
            }
            match loc_afi {
                1 => {
                    if !c.test(bp + off, 4) {
                        return Err(Stop::Trunc);
                    }
                    c.s(" LOC ")?;
                    c.ip4_at(l + LOC_LEN)?;
                    off += 4;
                }
                2 => {
                    if !c.test(bp + off, 16) {
                        return Err(Stop::Trunc);
                    }
                    c.s(" LOC ")?;
                    c.ip6_at(l + LOC_LEN)?;
                    off += 16;
                }
                _ => {}
            }
            if v {
                let (pr, w, mp, mw) = (c.u8(l)?, c.u8(l + 1)?, c.u8(l + 2)?, c.u8(l + 3)?);
                c.s("\n          Priority/Weight ")?;
                c.d(pr)?;
                c.s("/")?;
                c.d(w)?;
                c.s(", Multicast Priority/Weight ")?;
                c.d(mp)?;
                c.s("/")?;
                c.d(mw)?;
                c.s(",")?;
                let flags = c.be16(l + 4)?;
                c.s(" flags [")?;
                bittok2str(c.out, LOCATOR_FLAGS, u32::from(flags), "none")?;
                c.s("],")?;
            }
        }
    }
    let rest = bp + off;
    if xtr {
        if !c.test(rest, 24) {
            return c.invalid();
        }
        hex_print(c, "\n    xTR-ID: ", rest, 16)?;
        let site = (u64::from(c.be32(rest + 16)?) << 32) | u64::from(c.be32(rest + 20)?);
        c.s("\n    SITE-ID: ")?;
        return c.d(site);
    }
    let avail = c.avail(rest);
    if avail > 0 {
        hex_print(c, "\n    Data: ", rest, avail)?;
    }
    Ok(())
}

/// `hex_print`: `len` bytes at `p` as 16-bit groups, 16 bytes a line, each line starting with
/// `ident`; the captured part first, then a cut stops the walk.
fn hex_print<W: Write>(c: &mut Cursor<'_, W>, ident: &str, p: usize, len: usize) -> R {
    let n = len.min(c.avail(p));
    if n > 0 {
        let data = c.bytes(p, n)?;
        fmtx::hexdump(c.out, ident, data, false)?;
    }
    if n < len {
        return Err(Stop::Trunc);
    }
    Ok(())
}
