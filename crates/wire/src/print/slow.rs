//! Slow protocols (EtherType 0x8809; tcpdump's `slow_print`): LACP and Marker (subtype,
//! version, length, and their TLVs with `-v`), OAM's one line, and a hex dump of other
//! subtypes.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok};

/// The subtypes tcpdump names.
const LACP: u8 = 1;
const MARKER: u8 = 2;
const OAM: u8 = 3;

/// `slow_print`: the slow protocol PDU at `p`, `len` bytes long.
pub(crate) fn slow_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    e.proto = "slow";
    if len < 1 {
        return too_short(e);
    }
    let subtype = e.u8(p)?;
    let name = match subtype {
        LACP => "LACP",
        MARKER => "MARKER",
        OAM => "OAM",
        _ => "",
    };
    if matches!(subtype, LACP | MARKER) {
        if len < 2 {
            return too_short(e);
        }
        let version = e.u8(p + 1)?;
        if version != 1 {
            e.s(name)?;
            e.s(" version ")?;
            e.d(version)?;
            return e.s(" packet not supported");
        }
        e.s(name)?;
        e.s("v")?;
        e.d(version)?;
    } else if subtype == OAM {
        e.s(name)?;
    } else {
        e.s("unknown (")?;
        e.d(subtype)?;
        e.s(")")?;
    }
    e.s(", length ")?;
    e.d(len)?;
    if name.is_empty() {
        // print_unknown_data: not suppressed by -q (only left out of JSON summaries).
        if e.avail(p) > 0 && len > 0 {
            e.unknown_data_at(p, len as usize, "\n\t")?;
        }
        return Ok(());
    }
    if e.vflag > 0 && matches!(subtype, LACP | MARKER) {
        return lacp_marker_tlvs(e, p + 2, len - 2, subtype);
    }
    Ok(())
}

/// ` (packet is too short)`, on a line of its own under `-v`.
fn too_short<W: Write>(e: &mut Cursor<'_, W>) -> R {
    e.s(if e.vflag > 0 {
        "\n\t\t packet is too short"
    } else {
        " (packet is too short)"
    })
}

/// The actor and partner state flags.
const STATE_FLAGS: &Tok = &[
    (0x01, "Activity"),
    (0x02, "Timeout"),
    (0x04, "Aggregation"),
    (0x08, "Synchronization"),
    (0x10, "Collecting"),
    (0x20, "Distributing"),
    (0x40, "Default"),
    (0x80, "Expired"),
];

/// The TLV names by subtype and type.
fn tlv_name(subtype: u8, t: u8) -> &'static str {
    match (subtype, t) {
        (_, 0) => "Terminator",
        (LACP, 1) => "Actor Information",
        (LACP, 2) => "Partner Information",
        (LACP, 3) => "Collector Information",
        (MARKER, 1) => "Marker Information",
        _ => "Unknown",
    }
}

/// `slow_marker_lacp_print`: LACP's and Marker's TLVs under `-v`.
#[cold]
#[inline(never)]
fn lacp_marker_tlvs<W: Write>(
    e: &mut Cursor<'_, W>,
    mut at: usize,
    mut tlen: u32,
    subtype: u8,
) -> R {
    while tlen > 0 {
        if tlen < 2 {
            return too_short(e);
        }
        let t = e.u8(at)?;
        let len = e.u8(at + 1)?;
        e.s("\n\t")?;
        e.s(tlv_name(subtype, t))?;
        e.s(" TLV (0x")?;
        e.x02(t)?;
        e.s("), length ")?;
        e.d(len)?;
        if t == 0 {
            return Ok(());
        }
        if len < 2 {
            return e.s("\n\t    ERROR: illegal length - should be >= 2");
        }
        if tlen < u32::from(len) {
            return too_short(e);
        }
        e.bytes(at, len.into())?;
        let (v, vlen) = (at + 2, usize::from(len - 2));
        let want = match (subtype, t) {
            (LACP, 1 | 2) => 18,
            (LACP, 3) => 14,
            (MARKER, 1) => 14,
            _ => 0,
        };
        if want != 0 && vlen != want {
            e.s("\n\t    ERROR: illegal length - should be ")?;
            e.d(want as u32 + 2)?;
        } else {
            match (subtype, t) {
                (LACP, 1 | 2) => {
                    e.s("\n\t  System ")?;
                    e.mac_at(v + 2)?;
                    e.s(", System Priority ")?;
                    e.d(e.be16(v)?)?;
                    e.s(", Key ")?;
                    e.d(e.be16(v + 8)?)?;
                    e.s(", Port ")?;
                    e.d(e.be16(v + 12)?)?;
                    e.s(", Port Priority ")?;
                    e.d(e.be16(v + 10)?)?;
                    e.s("\n\t  State Flags [")?;
                    tok::bittok2str(e.out, STATE_FLAGS, e.u8(v + 14)?.into(), "none")?;
                    e.s("]")?;
                }
                (LACP, 3) => {
                    e.s("\n\t  Max Delay ")?;
                    e.d(e.be16(v)?)?;
                }
                (MARKER, 1) => {
                    e.s("\n\t  Request System ")?;
                    e.mac_at(v + 2)?;
                    e.s(", Request Port ")?;
                    e.d(e.be16(v)?)?;
                    e.s(", Request Transaction ID 0x")?;
                    fmtx::hex_pad(e.out, e.be32(v + 8)?.into(), 8)?;
                }
                _ => {
                    if e.vflag <= 1 {
                        e.unknown_data_at(v, vlen, "\n\t  ")?;
                    }
                }
            }
        }
        if e.vflag > 1 {
            e.unknown_data_at(v, vlen, "\n\t  ")?;
        }
        at += usize::from(len);
        tlen -= u32::from(len);
    }
    Ok(())
}
