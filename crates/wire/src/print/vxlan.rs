//! The UDP overlays that carry an Ethernet frame behind an 8-byte header: VXLAN (RFC 7348,
//! port 4789), OTV (port 8472) and VXLAN-GPE (port 4790): tcpdump's `vxlan_print`,
//! `otv_print` and `vxlan_gpe_print`.

use core::fmt::Write;

use super::common::inner_ether;
use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};
use crate::tok::{self, Tok};

/// The header length of all three.
const HDR_LEN: u32 = 8;
/// The I flag (a valid VNI).
const FLAG_I: u8 = 0x08;
/// VXLAN-GPE's flags: the I flag, next protocol, BUM traffic, OAM.
const GPE_FLAGS: &Tok = &[(0x08, "I"), (0x04, "P"), (0x02, "B"), (0x01, "O")];

/// `vxlan_print`: the header at `bp`, then the inner Ethernet frame on a new line.
#[cold]
#[inline(never)]
pub(crate) fn vxlan_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "vxlan";
    c.s("VXLAN")?;
    if length < HDR_LEN {
        return c.s(" (invalid)");
    }
    let flags = c.u8(bp)?;
    c.s(", flags [")?;
    c.s(if flags & FLAG_I != 0 { "I" } else { "invalid" })?;
    c.s("] (0x")?;
    c.x02(flags)?;
    c.s("), ")?;
    let vni = c.be24(bp + 4)?;
    c.s("vni ")?;
    c.d(vni)?;
    c.s("\n")?;
    c.u8(bp + 7)?;
    inner_ether(c, bp + HDR_LEN as usize, length - HDR_LEN)
}

/// `otv_print`: like VXLAN, with an overlay and an instance identifier.
#[cold]
#[inline(never)]
pub(crate) fn otv_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "otv";
    c.s("OTV, ")?;
    if length < HDR_LEN {
        c.s("[length ")?;
        c.d(length)?;
        c.s(" < 8]")?;
        c.s(" (invalid)")?;
        return if c.test(bp, length as usize) {
            Ok(())
        } else {
            Err(Stop::Trunc)
        };
    }
    let flags = c.u8(bp)?;
    c.s("flags [")?;
    c.s(if flags & FLAG_I != 0 { "I" } else { "." })?;
    c.s("] (0x")?;
    c.x02(flags)?;
    c.s("), ")?;
    let overlay = c.be24(bp + 1)?;
    c.s("overlay ")?;
    c.d(overlay)?;
    c.s(", ")?;
    let instance = c.be24(bp + 4)?;
    c.s("instance ")?;
    c.d(instance)?;
    c.s("\n")?;
    c.u8(bp + 7)?;
    inner_ether(c, bp + HDR_LEN as usize, length - HDR_LEN)
}

/// `vxlan_gpe_print` (tcpdump 4.99.3: no version check, the next protocol field read
/// whatever the P flag says).
#[cold]
#[inline(never)]
pub(crate) fn vxlan_gpe_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "vxlan_gpe";
    c.s("VXLAN-GPE, ")?;
    if length < HDR_LEN {
        c.s(" (len ")?;
        c.d(length)?;
        c.s(" < 8)")?;
        return c.s(" (invalid)");
    }
    let flags = c.u8(bp)?;
    c.s("flags [")?;
    tok::bittok2str_nosep(c.out, GPE_FLAGS, flags.into(), "none")?;
    c.s("], ")?;
    let next = c.u8(bp + 3)?;
    let vni = c.be24(bp + 4)?;
    c.u8(bp + 7)?;
    c.s("vni ")?;
    c.d(vni)?;
    c.s(if c.vflag > 0 { "\n    " } else { ": " })?;
    let (p, len) = (bp + HDR_LEN as usize, length - HDR_LEN);
    match next {
        1 => c.then(Next::ip(off(p), len)),
        2 => c.then(Next::ip6(off(p), len)),
        3 => inner_ether(c, p, len),
        4 => super::nsh::nsh_print(c, p, len),
        _ => c.s("ERROR: unknown-next-protocol (invalid)"),
    }
}
