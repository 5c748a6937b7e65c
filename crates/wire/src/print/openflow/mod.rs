//! OpenFlow (TCP ports 6633 and 6653), as tcpdump 4.99's `openflow_print`: every message of
//! the segment on a line of its own (`version V, type T, length N, xid X`), and under `-v`
//! the body of the message types the version's printer decodes ([`of10`] for 1.0, [`of13`]
//! for 1.0 with [`of10_match`] and [`of10_stats`], [`of13`] for 1.3); other versions print
//! their header only.

mod of10;
mod of10_match;
mod of10_stats;
mod of13;

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::names::oui_name;
use crate::tok::{self, Tok};

/// The fixed OpenFlow header: version, type, length, xid.
const HEADER_LEN: u32 = 8;

/// How a message type constrains its body's length (`of_msgtypeinfo`'s `req_what`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Req {
    /// Any length.
    None,
    /// Exactly this many bytes.
    Fix(u32),
    /// At least this many bytes.
    Min(u32),
}

/// What a version's printer knows of a message type: its name, the length rule, and whether
/// it decodes the body.
#[derive(Debug, Clone, Copy)]
pub(super) struct MsgType {
    pub name: &'static str,
    pub req: Req,
    pub decoded: bool,
}

impl MsgType {
    pub(super) const fn new(name: &'static str, req: Req, decoded: bool) -> MsgType {
        MsgType { name, req, decoded }
    }
}

/// The version byte's name.
fn version_name(v: u8) -> Option<&'static str> {
    Some(match v {
        1 => "1.0",
        2 => "1.1",
        3 => "1.2",
        4 => "1.3",
        5 => "1.4",
        6 => "1.5",
        _ => return None,
    })
}

/// The ONF experimenter IDs (those with a non-zero top byte).
const ONF_EXP: &Tok = &[
    (0x4f4e_4600, "ONF Extensions"),
    (
        0xff00_0001,
        "Budapest University of Technology and Economics",
    ),
    (0xff00_0002, "NoviFlow"),
    (0xff00_0003, "L3+ Extensions, Vendor Neutral"),
    (0xff00_0004, "L4-L7 Extensions"),
    (0xff00_0005, "Wireless and Mobility Extensions"),
    (0xff00_0006, "Forwarding Abstractions Extensions"),
    (0xff00_0007, "Optical Transport Extensions"),
    (0xff00_0008, "Network Benchmarking Lab, NCTU"),
    (0xff00_0009, "Mobile Packet Core Extensions"),
    (0xff00_000a, "MPLS-TP OpenFlow Extensions for SPTN"),
];

/// `of_vendor_name`: an OUI's name for a vendor ID whose top byte is 0, an ONF experimenter's
/// otherwise, or `unknown`.
pub(super) fn vendor_name(v: u32) -> &'static str {
    let name = if v & 0xff00_0000 == 0 {
        oui_name(v)
    } else {
        tok::find(ONF_EXP, v)
    };
    name.unwrap_or("unknown")
}

/// `ND_TCHECK_LEN`: stop the walk unless `len` bytes at `at` are captured.
pub(super) fn tcheck<W: Write>(c: &Cursor<'_, W>, at: usize, len: usize) -> R {
    if c.test(at, len) {
        Ok(())
    } else {
        Err(c.jump())
    }
}

/// `0x%08x`.
pub(super) fn x08<W: Write>(c: &mut Cursor<'_, W>, v: u32) -> R {
    c.s("0x")?;
    fmtx::hex_pad(c.out, u64::from(v), 8)?;
    Ok(())
}

/// `label` and `0x%016x` of the 8 bytes at `at` (read first).
pub(super) fn x016_at<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let v = c.be_n(at, 8)?;
    c.s(label)?;
    c.s("0x")?;
    fmtx::hex_pad(c.out, v, 16)?;
    Ok(())
}

/// `of_bitmap_print`: ` (NAMES)` for the bits `table` names, ` (bogus)` for any bit in
/// `unassigned`.
pub(super) fn bitmap<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32, unassigned: u32) -> R {
    if v & !unassigned != 0 {
        c.s(" (")?;
        tok::bittok2str(c.out, table, v, "")?;
        c.s(")")?;
    }
    if v & unassigned != 0 {
        c.s(" (bogus)")?;
    }
    Ok(())
}

/// `label`, `0x%08x` of the word at `at` (read first) and its bit names.
pub(super) fn bitmap_at<W: Write>(
    c: &mut Cursor<'_, W>,
    label: &str,
    at: usize,
    table: &Tok,
    unassigned: u32,
) -> R {
    let v = c.be32(at)?;
    c.s(label)?;
    x08(c, v)?;
    bitmap(c, table, v, unassigned)
}

/// `tok2str` with the name `table` gives `v`, or `v` in decimal.
pub(super) fn name_or_dec<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32) -> R {
    tok::tok2str(c.out, tok::find(table, v), v, tok::Unknown::dec("", ""))?;
    Ok(())
}

/// `label` and the MAC address at `at` (read first).
pub(super) fn mac_lbl<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    c.bytes(at, 6)?;
    c.s(label)?;
    c.mac_at(at)
}

/// `label` and the IPv4 address at `at` (read first).
pub(super) fn ip4_lbl<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    c.bytes(at, 4)?;
    c.s(label)?;
    c.ip4_at(at)
}

/// `nd_printjnp`: a NUL-padded string of at most `n` bytes (stopping at the first NUL), each
/// byte read with a truncation check.
pub(super) fn printjnp<W: Write>(c: &mut Cursor<'_, W>, at: usize, n: usize) -> R {
    for i in 0..n {
        let b = c.u8(at + i)?;
        if b == 0 {
            break;
        }
        fmtx::safe_char(c.out, b)?;
    }
    Ok(())
}

/// `of_data_print`: `data (N octets)` and, under `-vv`, its hex and ASCII dump.
pub(super) fn data_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: u32) -> R {
    if len == 0 {
        return Ok(());
    }
    c.s("\n\t data (")?;
    c.d(len)?;
    c.s(" octets)")?;
    if c.vflag >= 2 {
        hex_ascii(c, "\n\t  ", at, len as usize)
    } else {
        tcheck(c, at, len as usize)
    }
}

/// `hex_and_ascii_print`: the captured part of `len` bytes, then the truncation marker when
/// some are missing (the walk goes on).
pub(super) fn hex_ascii<W: Write>(c: &mut Cursor<'_, W>, indent: &str, at: usize, len: usize) -> R {
    let (data, cut) = c.payload(at, len);
    fmtx::hexdump(c.out, indent, data, true)?;
    if cut {
        c.trunc_here()?;
    }
    Ok(())
}

/// `openflow_print`: the messages of a TCP payload `len` bytes long at `at`.
pub(crate) fn openflow_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: u32) -> R {
    c.proto = "openflow";
    c.s(": OpenFlow")?;
    let (mut cp, mut len) = (at, len);
    while len > 0 {
        let version = c.u8(cp)?;
        cp += 1;
        len -= 1;
        c.s("\n\tversion ")?;
        tok::tok2str(
            c.out,
            version_name(version),
            u32::from(version),
            tok::Unknown::hex2("unknown (0x", ")"),
        )?;
        if len < 1 {
            return partial_header(c, cp, len);
        }
        let ty = c.u8(cp)?;
        cp += 1;
        len -= 1;
        let mt = match version {
            1 => of10::msg_type(ty),
            4 => of13::msg_type(ty),
            _ => None,
        };
        match mt {
            Some(m) => {
                c.s(", type ")?;
                c.s(m.name)?;
            }
            None => {
                c.s(", type unknown (0x")?;
                c.x02(ty)?;
                c.s(")")?;
            }
        }
        if len < 2 {
            return partial_header(c, cp, len);
        }
        let length = c.be16(cp)?;
        cp += 2;
        len -= 2;
        c.s(", length ")?;
        c.d(length)?;
        if u32::from(length) < HEADER_LEN {
            c.s(" (too short!)")?;
        }
        if len < 4 {
            return partial_header(c, cp, len);
        }
        let xid = c.be32(cp)?;
        c.s(", xid ")?;
        x08(c, xid)?;
        cp += 4;
        len -= 4;
        if u32::from(length) < HEADER_LEN {
            c.invalid()?;
            return tcheck(c, cp, len as usize);
        }
        let body = u32::from(length) - HEADER_LEN;
        message(c, version, ty, mt, cp, body)?;
        if body > len {
            break;
        }
        cp += body as usize;
        len -= body;
    }
    Ok(())
}

/// ` (end of TCP payload)`: the header goes past the segment.
fn partial_header<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: u32) -> R {
    c.s(" (end of TCP payload)")?;
    tcheck(c, cp, len as usize)
}

/// `of_message_print`: the body of one message, `len` bytes at `cp`.
fn message<W: Write>(
    c: &mut Cursor<'_, W>,
    version: u8,
    ty: u8,
    mt: Option<MsgType>,
    cp: usize,
    len: u32,
) -> R {
    if let Some(m) = mt {
        let bad = match m.req {
            Req::Fix(n) => len != n,
            Req::Min(n) => len < n,
            Req::None => false,
        };
        if bad {
            c.invalid()?;
        } else if c.vflag > 0 && m.decoded {
            return match version {
                1 => of10::decode(c, ty, cp, len),
                _ => of13::decode(c, ty, cp, len),
            };
        }
    }
    tcheck(c, cp, len as usize)
}
