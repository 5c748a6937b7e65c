//! Geneve (RFC 8926, UDP port 6081): tcpdump's `geneve_print` at its default verbosity, which
//! counts the option bytes without decoding them.

use core::fmt::Write;

use crate::ethertype;
use crate::tok::{self, Tok};

use super::common::inner_ether;
use super::cursor::{Cursor, Stop, R};
use super::next::{ethertype_has_printer, off, Next};

/// The fixed header's length.
const HDR_LEN: u32 = 8;
/// The flags: control packet, critical options, and six reserved bits.
const FLAGS: &Tok = &[
    (0x80, "O"),
    (0x40, "C"),
    (0x20, "R1"),
    (0x10, "R2"),
    (0x08, "R3"),
    (0x04, "R4"),
    (0x02, "R5"),
    (0x01, "R6"),
];

/// `geneve_print`: the header at `bp`, then the payload its protocol type names.
#[cold]
#[inline(never)]
pub(crate) fn geneve_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "geneve";
    c.s("Geneve")?;
    if length < HDR_LEN {
        c.s(" [length ")?;
        c.d(length)?;
        c.s(" < 8]")?;
        return c.s(" (invalid)");
    }
    if !c.test(bp, HDR_LEN as usize) {
        return Err(Stop::Trunc);
    }
    let ver_opt = c.u8(bp)?;
    if ver_opt >> 6 != 0 {
        c.s(" ERROR: unknown-version ")?;
        return c.d(ver_opt >> 6);
    }
    let flags = c.u8(bp + 1)?;
    let prot = c.be16(bp + 2)?;
    let vni = c.be24(bp + 4)?;
    let reserved = c.u8(bp + 7)?;
    c.s(", Flags [")?;
    tok::bittok2str_nosep(c.out, FLAGS, flags.into(), "none")?;
    c.s("], vni 0x")?;
    c.x(vni)?;
    if reserved != 0 {
        c.s(", rsvd 0x")?;
        c.x(reserved)?;
    }
    if c.eflag {
        c.s(", proto ")?;
        c.s(ethertype::name(prot).unwrap_or("unknown"))?;
        c.s(" (0x")?;
        crate::fmtx::hex_pad(c.out, u64::from(prot), 4)?;
        c.s(")")?;
    }
    let len = length - HDR_LEN;
    let opts_len = u32::from(ver_opt & 0x3f) * 4;
    if len < opts_len {
        c.s(" truncated-geneve - ")?;
        c.d(opts_len - len)?;
        return c.s(" bytes missing");
    }
    let p = bp + HDR_LEN as usize;
    if !c.test(p, opts_len as usize) {
        return Err(Stop::Trunc);
    }
    if opts_len > 0 {
        c.s(", options [")?;
        c.d(opts_len)?;
        c.s(" bytes]")?;
    }
    c.s(": ")?;
    let (p, len) = (p + opts_len as usize, len - opts_len);
    if ethertype_has_printer(prot) {
        let caplen = c.avail(p) as u32;
        c.then(Next::ether_type(prot, off(p), len, caplen))
    } else if prot == ethertype::TEB {
        inner_ether(c, p, len)
    } else {
        c.s("geneve-proto-0x")?;
        c.x(prot)
    }
}
