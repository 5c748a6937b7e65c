//! Slow protocols (EtherType 0x8809; tcpdump's `slow_print`) at tcpdump's default verbosity:
//! LACP and Marker (subtype, version, length), OAM's one line, and a hex dump of other subtypes.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The subtypes tcpdump names.
const LACP: u8 = 1;
const MARKER: u8 = 2;
const OAM: u8 = 3;

/// `slow_print`: the slow protocol PDU at `p`, `len` bytes long.
pub(crate) fn slow_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    e.proto = "slow";
    if len < 1 {
        return e.s(" (packet is too short)");
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
            return e.s(" (packet is too short)");
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
    }
    Ok(())
}
