//! IPv4 (tcpdump's `ip_print`).

use core::fmt::Write;

use crate::frame::ipv4;

use super::cursor::{Cursor, Stop, R};
use super::next::{off as o32, Next};

impl<'a, W: Write> Cursor<'a, W> {
    /// `ip_print`: the header at `bp`, and the payload it carries.
    #[inline(always)]
    pub(crate) fn ip(&mut self, bp: usize, length: u32) -> R {
        self.proto = "ip";
        let b0 = self.u8(bp)?;
        let v = b0 >> 4;
        if v != 4 {
            if v == 6 {
                self.s("IP6, wrong link-layer encapsulation")?;
            } else {
                self.s("IP")?;
                self.d(v)?;
            }
            self.s(" (invalid)")?;
            return Ok(());
        }
        if !self.eflag {
            self.s("IP ")?;
        }
        if !self.test(bp, 20) {
            return Err(Stop::Trunc);
        }
        if length < 20 {
            self.s("truncated-ip ")?;
            self.d(length)?;
            return Ok(());
        }
        let hlen = (b0 & 0x0f) as u32 * 4;
        if hlen < 20 {
            self.s("bad-hlen ")?;
            self.d(hlen)?;
            return Ok(());
        }
        let mut len = self.be16(bp + ipv4::field::LENGTH.start)? as u32;
        if length < len {
            self.s("truncated-ip - ")?;
            self.d(len - length)?;
            self.s(" bytes missing! ")?;
        }
        if len < hlen {
            self.s("bad-len ")?;
            self.d(len)?;
            return Ok(());
        }
        self.clip(bp, len as usize);
        len -= hlen;
        let off = self.be16(bp + ipv4::field::FLG_OFF.start)?;
        let proto = self.u8(bp + ipv4::field::PROTOCOL)?;
        if off & 0x1fff == 0 {
            if !matches!(proto, 6 | 17 | 132 | 33) {
                self.ip4_at(bp + ipv4::field::SRC.start)?;
                self.s(" > ")?;
                self.ip4_at(bp + ipv4::field::DST.start)?;
                self.s(": ")?;
            }
            if !self.test(bp, hlen as usize) {
                self.s(" [remaining caplen(")?;
                self.d(self.avail(bp) as u64)?;
                self.s(") < header length(")?;
                self.d(hlen)?;
                self.s(")]")?;
                return Err(Stop::Trunc);
            }
            self.then(Next::ip_proto(
                proto,
                4,
                off & 0x2000 != 0,
                o32(bp + hlen as usize),
                len,
                o32(bp),
            ))
        } else {
            self.ip4_at(bp + ipv4::field::SRC.start)?;
            self.s(" > ")?;
            self.ip4_at(bp + ipv4::field::DST.start)?;
            self.s(": ip-proto-")?;
            self.d(proto)?;
            Ok(())
        }
    }
}
