//! ATA over Ethernet (EtherType 0x88a2): tcpdump's `aoe_print` without `-v`, the length, the
//! version and, for version 1, the flags.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// Version 1's common header: flags and version, error, major, minor, command, tag.
const V1_COMMON_HDR_LEN: u32 = 10;
/// Version 1's flags (the low four bits of the first byte) in tcpdump's order.
const V1_FLAGS: &Tok = &[
    (0x08, "Response"),
    (0x04, "Error"),
    (0x02, "MBZ-1"),
    (0x01, "MBZ-0"),
];

/// `AoE length 46, Ver 1, Flags: [Response]`.
#[cold]
#[inline(never)]
pub(crate) fn aoe_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "aoe";
    c.s("AoE length ")?;
    c.d(len)?;
    if len < 1 {
        return invalid(c, bp, len);
    }
    let first = c.u8(bp)?;
    let ver = first >> 4;
    c.s(", Ver ")?;
    c.d(ver)?;
    if ver != 1 {
        return Ok(());
    }
    if len < V1_COMMON_HDR_LEN {
        return invalid(c, bp, len);
    }
    c.s(", Flags: [")?;
    tok::bittok2str(c.out, V1_FLAGS, first.into(), "none")?;
    c.s("]")
}

/// `nd_print_invalid`, then the truncation marker if the `len` bytes at `bp` were not all
/// captured.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.s(" (invalid)")?;
    if !c.test(bp, len as usize) {
        return Err(c.jump());
    }
    Ok(())
}
