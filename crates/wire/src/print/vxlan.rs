//! The UDP overlays that carry an Ethernet frame behind an 8-byte header: VXLAN (RFC 7348,
//! port 4789), OTV (port 8472) and VXLAN-GPE (port 4790): tcpdump's `vxlan_print`,
//! `otv_print` and `vxlan_gpe_print`.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// The header length of all three.
const HDR_LEN: u32 = 8;
/// The I flag (a valid VNI).
const FLAG_I: u8 = 0x08;

impl<'a, W: Write> Cursor<'a, W> {
    /// `vxlan_print`: the header at `bp`, then the inner Ethernet frame on a new line.
    #[cold]
    #[inline(never)]
    pub(crate) fn vxlan(&mut self, bp: usize, length: u32) -> R {
        self.proto = "vxlan";
        self.s("VXLAN")?;
        if length < HDR_LEN {
            return self.s(" (invalid)");
        }
        let flags = self.u8(bp)?;
        self.s(", flags [")?;
        self.s(if flags & FLAG_I != 0 { "I" } else { "invalid" })?;
        self.s("] (0x")?;
        self.x02(flags)?;
        self.s("), ")?;
        let vni = self.u24_at(bp + 4)?;
        self.s("vni ")?;
        self.d(vni)?;
        self.s("\n")?;
        self.u8(bp + 7)?;
        self.inner_ether(bp + HDR_LEN as usize, length - HDR_LEN)
    }

    /// `otv_print`: like VXLAN, with an overlay and an instance identifier.
    #[cold]
    #[inline(never)]
    pub(crate) fn otv(&mut self, bp: usize, length: u32) -> R {
        self.proto = "otv";
        self.s("OTV, ")?;
        if length < HDR_LEN {
            self.s("[length ")?;
            self.d(length)?;
            self.s(" < 8]")?;
            self.s(" (invalid)")?;
            return if self.test(bp, length as usize) {
                Ok(())
            } else {
                Err(Stop::Trunc)
            };
        }
        let flags = self.u8(bp)?;
        self.s("flags [")?;
        self.s(if flags & FLAG_I != 0 { "I" } else { "." })?;
        self.s("] (0x")?;
        self.x02(flags)?;
        self.s("), ")?;
        let overlay = self.u24_at(bp + 1)?;
        self.s("overlay ")?;
        self.d(overlay)?;
        self.s(", ")?;
        let instance = self.u24_at(bp + 4)?;
        self.s("instance ")?;
        self.d(instance)?;
        self.s("\n")?;
        self.u8(bp + 7)?;
        self.inner_ether(bp + HDR_LEN as usize, length - HDR_LEN)
    }

    /// `vxlan_gpe_print` (tcpdump 4.99.3: no version check, the next protocol field read
    /// whatever the P flag says).
    #[cold]
    #[inline(never)]
    pub(crate) fn vxlan_gpe(&mut self, bp: usize, length: u32) -> R {
        self.proto = "vxlan_gpe";
        self.s("VXLAN-GPE, ")?;
        if length < HDR_LEN {
            self.s(" (len ")?;
            self.d(length)?;
            self.s(" < 8)")?;
            return self.s(" (invalid)");
        }
        let flags = self.u8(bp)?;
        self.s("flags [")?;
        let mut any = false;
        for (bit, name) in [(0x08, "I"), (0x04, "P"), (0x02, "B"), (0x01, "O")] {
            if flags & bit != 0 {
                self.s(name)?;
                any = true;
            }
        }
        if !any {
            self.s("none")?;
        }
        self.s("], ")?;
        let next = self.u8(bp + 3)?;
        let vni = self.u24_at(bp + 4)?;
        self.u8(bp + 7)?;
        self.s("vni ")?;
        self.d(vni)?;
        self.s(": ")?;
        let (p, len) = (bp + HDR_LEN as usize, length - HDR_LEN);
        match next {
            1 => self.then(Next::ip(off(p), len)),
            2 => self.then(Next::ip6(off(p), len)),
            3 => self.inner_ether(p, len),
            // NSH: no printer here; the bytes are dumped.
            4 => self.then(Next::dump(off(p), len)),
            _ => self.s("ERROR: unknown-next-protocol (invalid)"),
        }
    }

    /// `ether_print` of an encapsulated frame at `p`, `length` bytes on the wire.
    pub(crate) fn inner_ether(&mut self, p: usize, length: u32) -> R {
        let caplen = self.avail(p) as u32;
        self.then(Next::ether(off(p), length, caplen))
    }

    /// A 24-bit big-endian field at `o`.
    pub(crate) fn u24_at(&self, o: usize) -> R<u32> {
        let b = self.bytes(o, 3)?;
        Ok(u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]))
    }

    /// `%02x`.
    pub(crate) fn x02(&mut self, v: u8) -> R {
        crate::fmtx::hex2(self.out, v)?;
        Ok(())
    }

    /// `%x`.
    pub(crate) fn x(&mut self, v: impl Into<u64>) -> R {
        crate::fmtx::hex(self.out, v.into())?;
        Ok(())
    }
}
