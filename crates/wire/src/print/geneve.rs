//! Geneve (RFC 8926, UDP port 6081): tcpdump's `geneve_print` at its default verbosity, which
//! counts the option bytes without decoding them.

use core::fmt::Write;

use crate::ethertype;

use super::cursor::{Cursor, Stop, R};
use super::next::{ethertype_has_printer, off, Next};

/// The fixed header's length.
const HDR_LEN: u32 = 8;

impl<'a, W: Write> Cursor<'a, W> {
    /// `geneve_print`: the header at `bp`, then the payload its protocol type names.
    #[cold]
    #[inline(never)]
    pub(crate) fn geneve(&mut self, bp: usize, length: u32) -> R {
        self.proto = "geneve";
        self.s("Geneve")?;
        if length < HDR_LEN {
            self.s(" [length ")?;
            self.d(length)?;
            self.s(" < 8]")?;
            return self.s(" (invalid)");
        }
        if !self.test(bp, HDR_LEN as usize) {
            return Err(Stop::Trunc);
        }
        let ver_opt = self.u8(bp)?;
        if ver_opt >> 6 != 0 {
            self.s(" ERROR: unknown-version ")?;
            return self.d(ver_opt >> 6);
        }
        let flags = self.u8(bp + 1)?;
        let prot = self.be16(bp + 2)?;
        let vni = self.u24_at(bp + 4)?;
        let reserved = self.u8(bp + 7)?;
        self.s(", Flags [")?;
        if flags == 0 {
            self.s("none")?;
        }
        for (i, name) in ["O", "C", "R1", "R2", "R3", "R4", "R5", "R6"]
            .iter()
            .enumerate()
        {
            if flags & (0x80 >> i) != 0 {
                self.s(name)?;
            }
        }
        self.s("], vni 0x")?;
        self.x(vni)?;
        if reserved != 0 {
            self.s(", rsvd 0x")?;
            self.x(reserved)?;
        }
        if self.eflag {
            self.s(", proto ")?;
            self.s(ethertype::name(prot).unwrap_or("unknown"))?;
            self.s(" (0x")?;
            crate::fmtx::hex_pad(self.out, u64::from(prot), 4)?;
            self.s(")")?;
        }
        let len = length - HDR_LEN;
        let opts_len = u32::from(ver_opt & 0x3f) * 4;
        if len < opts_len {
            self.s(" truncated-geneve - ")?;
            self.d(opts_len - len)?;
            return self.s(" bytes missing");
        }
        let p = bp + HDR_LEN as usize;
        if !self.test(p, opts_len as usize) {
            return Err(Stop::Trunc);
        }
        if opts_len > 0 {
            self.s(", options [")?;
            self.d(opts_len)?;
            self.s(" bytes]")?;
        }
        self.s(": ")?;
        let (p, len) = (p + opts_len as usize, len - opts_len);
        if ethertype_has_printer(prot) {
            let caplen = self.avail(p) as u32;
            self.then(Next::ether_type(prot, off(p), len, caplen))
        } else if prot == ethertype::TEB {
            self.inner_ether(p, len)
        } else {
            self.s("geneve-proto-0x")?;
            self.x(prot)
        }
    }
}
