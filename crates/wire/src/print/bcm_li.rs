//! Broadcom's lawful-intercept shim (from UDP source port 49152): tcpdump's `bcm_li_print`,
//! the shim's fields, and with `-v` the intercepted packet on the next line.

use core::fmt::Write;

use super::common::inner_ether;
use super::cursor::{Cursor, R};
use super::next::{off, Next};

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
    if c.vflag > 0 {
        c.s("\n    ")?;
    }
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
    let rest = bp + SHIM_LEN as usize;
    let len = length - SHIM_LEN;
    if c.vflag > 0 {
        c.s("\n    ")?;
        return match (shim >> 25) & 0xf {
            7 => inner_ether(c, rest, len),
            5 => c.then(Next::ip(off(rest), len)),
            6 => c.then(Next::ip6(off(rest), len)),
            4 => match c.u8(rest)? >> 4 {
                4 => c.then(Next::ip(off(rest), len)),
                6 => c.then(Next::ip6(off(rest), len)),
                _ => c.s("unknown payload"),
            },
            _ => c.invalid(),
        };
    }
    // The rest of the datagram must have been captured.
    if !c.test(rest, len as usize) {
        return Err(c.jump());
    }
    Ok(())
}
