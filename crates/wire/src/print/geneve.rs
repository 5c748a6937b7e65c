//! Geneve (RFC 8926, UDP port 6081): tcpdump's `geneve_print`, which counts the option bytes
//! without `-v` and lists the options with it (their data with `-vv`).

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
        if c.vflag > 0 {
            options(c, p, opts_len)?;
        } else {
            c.d(opts_len)?;
            c.s(" bytes")?;
        }
        c.s("]")?;
    }
    c.s(if c.vflag > 0 { "\n\t" } else { ": " })?;
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

/// The name of an option class.
fn opt_class(class: u16) -> &'static str {
    match class {
        0x0100 => "Linux",
        0x0101 => "Open vSwitch",
        0x0102 => "Open Virtual Networking (OVN)",
        0x0103 => "In-band Network Telemetry (INT)",
        0x0104 => "VMware",
        0..=0x00ff => "Standard",
        0xfff0.. => "Experimental",
        _ => "Unknown",
    }
}

/// `geneve_opts_print`: the `len` option bytes at `bp` (all captured).
#[cold]
#[inline(never)]
fn options<W: Write>(c: &mut Cursor<'_, W>, mut bp: usize, mut len: u32) -> R {
    let mut first = true;
    while len > 0 {
        if !first {
            c.s(", ")?;
        }
        first = false;
        let class = c.be16(bp)?;
        let t = c.u8(bp + 2)?;
        let opt_len = 4 + u32::from(c.u8(bp + 3)? & 0x1f) * 4;
        c.s("class ")?;
        c.s(opt_class(class))?;
        c.s(" (0x")?;
        c.x(class)?;
        c.s(") type 0x")?;
        c.x(t)?;
        if t & 0x80 != 0 {
            c.s("(C)")?;
        }
        c.s(" len ")?;
        c.d(opt_len)?;
        if opt_len > len {
            return c.s(" [bad length]");
        }
        if c.vflag > 1 && opt_len > 4 {
            c.s(" data")?;
            for i in (4..opt_len as usize).step_by(4) {
                let w = c.be32(bp + i)?;
                c.s(" ")?;
                crate::fmtx::hex_pad(c.out, w.into(), 8)?;
            }
        }
        bp += opt_len as usize;
        len -= opt_len;
    }
    Ok(())
}
