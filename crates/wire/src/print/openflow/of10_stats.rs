//! OpenFlow 1.0's STATS_REQUEST and STATS_REPLY bodies, as tcpdump 4.99 prints them.

use core::fmt::Write;

use super::of10::{name_or_invalid4, port_at, u16_at, u32_at, u64_at};
use super::of10_match::{actions, match_print, vendor_data};
use super::{bitmap, bitmap_at, name_or_dec, printjnp, tcheck, x016_at};
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok::Tok;

const STATS_TYPES: &Tok = &[
    (0, "DESC"),
    (1, "FLOW"),
    (2, "AGGREGATE"),
    (3, "TABLE"),
    (4, "PORT"),
    (5, "QUEUE"),
    (0xffff, "VENDOR"),
];
const TABLE_IDS: &Tok = &[(0xfe, "EMERG"), (0xff, "ALL")];
const WILDCARDS: &Tok = &[
    (1 << 0, "IN_PORT"),
    (1 << 1, "DL_VLAN"),
    (1 << 2, "DL_SRC"),
    (1 << 3, "DL_DST"),
    (1 << 4, "DL_TYPE"),
    (1 << 5, "NW_PROTO"),
    (1 << 6, "TP_SRC"),
    (1 << 7, "TP_DST"),
    (1 << 20, "DL_VLAN_PCP"),
    (1 << 21, "NW_TOS"),
];
const WILDCARDS_U: u32 = !((1 << 22) - 1);

/// ` (invalid)` and the rest checked.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    c.invalid()?;
    tcheck(c, cp, len)
}

/// `label` and the table ID at `at`.
fn table_id<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let t = c.u8(at)?;
    c.s(label)?;
    name_or_dec(c, TABLE_IDS, t.into())
}

/// `label` and the queue ID: `ALL` or the number.
fn queue_id<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let q = c.be32(at)?;
    c.s(label)?;
    if q == 0xffff_ffff {
        c.s("ALL")
    } else {
        c.d(q)
    }
}

/// `of10_stats_request_print`.
pub(super) fn stats_request<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    let ty = c.be16(cp)?;
    c.s("\n\t type ")?;
    name_or_invalid4(c, STATS_TYPES, ty.into())?;
    let f = c.be16(cp + 2)?;
    c.s(", flags 0x")?;
    fmtx::hex_pad(c.out, f.into(), 4)?;
    if f != 0 {
        c.s(" (bogus)")?;
    }
    let (cp, len) = (cp + 4, len - 4);
    match ty {
        0 | 3 => {
            if len != 0 {
                return invalid(c, cp, len);
            }
            Ok(())
        }
        1 | 2 => {
            if len != 44 {
                return invalid(c, cp, len);
            }
            match_print(c, "\n\t ", cp)?;
            table_id(c, "\n\t table_id ", cp + 40)?;
            port_at(c, ", out_port ", cp + 42)
        }
        4 => {
            if len != 8 {
                return invalid(c, cp, len);
            }
            port_at(c, "\n\t port_no ", cp)?;
            tcheck(c, cp + 2, 6)
        }
        5 => {
            if len != 8 {
                return invalid(c, cp, len);
            }
            port_at(c, "\n\t port_no ", cp)?;
            queue_id(c, ", queue_id ", cp + 4)
        }
        0xffff => vendor_data(c, cp, len),
        _ => Ok(()),
    }
}

/// `of10_stats_reply_print`.
pub(super) fn stats_reply<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    let ty = c.be16(cp)?;
    c.s("\n\t type ")?;
    name_or_invalid4(c, STATS_TYPES, ty.into())?;
    let f = c.be16(cp + 2)?;
    c.s(", flags 0x")?;
    fmtx::hex_pad(c.out, f.into(), 4)?;
    bitmap(c, &[(1, "MORE")], f.into(), !1)?;
    let (cp, len) = (cp + 4, len - 4);
    match ty {
        0 => desc_reply(c, cp, len),
        1 => flow_reply(c, cp, len),
        2 => {
            if len != 24 {
                return invalid(c, cp, len);
            }
            u64_at(c, "\n\t packet_count ", cp)?;
            u64_at(c, ", byte_count ", cp + 8)?;
            u32_at(c, ", flow_count ", cp + 16)?;
            tcheck(c, cp + 20, 4)
        }
        3 => table_reply(c, cp, len),
        4 => port_reply(c, cp, len),
        5 => queue_reply(c, cp, len),
        0xffff => vendor_data(c, cp, len),
        _ => tcheck(c, cp, len),
    }
}

fn desc_reply<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if len != 1056 {
        return invalid(c, cp, len);
    }
    let fields = [
        ("\n\t  mfr_desc '", 0, 256),
        ("\n\t  hw_desc '", 256, 256),
        ("\n\t  sw_desc '", 512, 256),
        ("\n\t  serial_num '", 768, 32),
        ("\n\t  dp_desc '", 800, 256),
    ];
    for (what, o, n) in fields {
        c.s(what)?;
        printjnp(c, cp + o, n)?;
        c.s("'")?;
    }
    Ok(())
}

fn flow_reply<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R {
    while len > 0 {
        if len < 88 {
            return invalid(c, cp, len);
        }
        let elen = usize::from(c.be16(cp)?);
        c.s("\n\t length ")?;
        c.d(elen as u64)?;
        if elen < 88 || elen > len {
            return invalid(c, cp, len);
        }
        table_id(c, ", table_id ", cp + 2)?;
        match_print(c, "\n\t  ", cp + 4)?;
        let p = cp + 44;
        u32_at(c, "\n\t  duration_sec ", p)?;
        u32_at(c, ", duration_nsec ", p + 4)?;
        u16_at(c, ", priority ", p + 8)?;
        u16_at(c, ", idle_timeout ", p + 10)?;
        u16_at(c, ", hard_timeout ", p + 12)?;
        x016_at(c, ", cookie ", p + 20)?;
        u64_at(c, ", packet_count ", p + 28)?;
        u64_at(c, ", byte_count ", p + 36)?;
        actions(c, "\n\t  ", cp + 88, elen - 88)?;
        cp += elen;
        len -= elen;
    }
    Ok(())
}

fn table_reply<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R {
    while len > 0 {
        if len < 64 {
            return invalid(c, cp, len);
        }
        table_id(c, "\n\t table_id ", cp)?;
        c.s(", name '")?;
        printjnp(c, cp + 4, 32)?;
        c.s("'")?;
        bitmap_at(c, "\n\t  wildcards ", cp + 36, WILDCARDS, WILDCARDS_U)?;
        u32_at(c, "\n\t  max_entries ", cp + 40)?;
        u32_at(c, ", active_count ", cp + 44)?;
        u64_at(c, ", lookup_count ", cp + 48)?;
        u64_at(c, ", matched_count ", cp + 56)?;
        cp += 64;
        len -= 64;
    }
    Ok(())
}

fn port_reply<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R {
    const NAMES: [&str; 12] = [
        ", rx_packets ",
        ", tx_packets ",
        ", rx_bytes ",
        ", tx_bytes ",
        ", rx_dropped ",
        ", tx_dropped ",
        ", rx_errors ",
        ", tx_errors ",
        ", rx_frame_err ",
        ", rx_over_err ",
        ", rx_crc_err ",
        ", collisions ",
    ];
    while len > 0 {
        if len < 104 {
            return invalid(c, cp, len);
        }
        port_at(c, "\n\t  port_no ", cp)?;
        if c.vflag < 2 {
            tcheck(c, cp + 2, 102)?;
        } else {
            for (i, label) in NAMES.into_iter().enumerate() {
                u64_at(c, label, cp + 8 + 8 * i)?;
            }
        }
        cp += 104;
        len -= 104;
    }
    Ok(())
}

fn queue_reply<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R {
    while len > 0 {
        if len < 32 {
            return invalid(c, cp, len);
        }
        port_at(c, "\n\t  port_no ", cp)?;
        u32_at(c, ", queue_id ", cp + 4)?;
        u64_at(c, ", tx_bytes ", cp + 8)?;
        u64_at(c, ", tx_packets ", cp + 16)?;
        u64_at(c, ", tx_errors ", cp + 24)?;
        cp += 32;
        len -= 32;
    }
    Ok(())
}
