//! Broadcom's lawful-intercept shim (from UDP source port 49152): tcpdump's `bcm_li_print`
//! without `-v`, the shim's fields only.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The shim's length.
const SHIM_LEN: u32 = 4;

/// `BCM-LI-SHIM: direction ingress, pkt-type undecided, pkt-subtype untagged, li-id 66666`.
#[cold]
#[inline(never)]
pub(crate) fn bcm_li_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "bcm_li";
    if length < SHIM_LEN {
        c.s(" (length ")?;
        c.d(length)?;
        c.s(" < ")?;
        c.d(SHIM_LEN)?;
        return c.s(") (invalid)");
    }
    let shim = c.be32(bp)?;
    c.s("BCM-LI-SHIM: direction ")?;
    c.s(match (shim >> 29) & 0x7 {
        1 => "unused",
        2 => "egress",
        3 => "ingress",
        _ => "unknown",
    })?;
    c.s(", pkt-type ")?;
    c.s(match (shim >> 25) & 0xf {
        4 => "undecided",
        5 => "ipv4",
        6 => "ipv6",
        7 => "ethernet",
        _ => "unknown",
    })?;
    c.s(", pkt-subtype ")?;
    c.s(match (shim >> 22) & 0x7 {
        1 => "single VLAN tag",
        2 => "double VLAN tag",
        3 => "untagged",
        _ => "unknown",
    })?;
    c.s(", li-id ")?;
    c.d(shim & 0x3f_ffff)?;
    // The rest of the datagram must have been captured.
    let rest = bp + SHIM_LEN as usize;
    if !c.test(rest, (length - SHIM_LEN) as usize) {
        return Err(c.jump());
    }
    Ok(())
}
