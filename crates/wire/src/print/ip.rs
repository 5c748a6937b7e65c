//! IPv4 (tcpdump's `ip_print`).

use core::fmt::Write;

use crate::fmtx;
use crate::frame::ipv4;
use crate::ip_proto;

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
        if self.vflag != 0 && !self.ip_verbose(bp, hlen as usize, off, proto)? {
            self.ip4_at(bp + ipv4::field::SRC.start)?;
            self.s(" > ")?;
            self.ip4_at(bp + ipv4::field::DST.start)?;
            self.s(": ")?;
            return Err(Stop::Trunc);
        }
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

    /// `-v`: the `(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)`
    /// part of the header at `bp` (`hlen` long), its options and a wrong header checksum, and
    /// the line break before the addresses. `Ok(false)` when an option was cut short (tcpdump
    /// then prints the addresses and stops).
    #[cold]
    #[inline(never)]
    fn ip_verbose(&mut self, bp: usize, hlen: usize, off: u16, proto: u8) -> R<bool> {
        let tos = self.u8(bp + ipv4::field::TOS)?;
        self.s("(tos 0x")?;
        fmtx::hex(self.out, tos as u64)?;
        match tos & 0x03 {
            1 => self.s(",ECT(1)")?,
            2 => self.s(",ECT(0)")?,
            3 => self.s(",CE")?,
            _ => {}
        }
        let ttl = self.u8(bp + ipv4::field::TTL)?;
        if ttl >= 1 {
            self.s(", ttl ")?;
            self.d(ttl)?;
        }
        let id = self.be16(bp + ipv4::field::IDENT.start)?;
        self.s(", id ")?;
        self.d(id)?;
        self.s(", offset ")?;
        self.d((off & ipv4::OFFMASK) as u32 * 8)?;
        self.s(", flags [")?;
        let mut sep = "";
        for (bit, name) in [(ipv4::MF, "+"), (ipv4::DF, "DF"), (ipv4::RF, "rsvd")] {
            if off & bit != 0 {
                self.s(sep)?;
                self.s(name)?;
                sep = ", ";
            }
        }
        if sep.is_empty() {
            self.s("none")?;
        }
        self.s("], proto ")?;
        self.s(ip_proto::name(proto).unwrap_or("unknown"))?;
        self.s(" (")?;
        self.d(proto)?;
        self.s("), length ")?;
        let len = self.be16(bp + ipv4::field::LENGTH.start)?;
        self.d(len)?;
        let mut whole = true;
        if hlen > ipv4::HEADER_LEN {
            self.s(", options (")?;
            if !self.ip_options(bp + ipv4::HEADER_LEN, hlen - ipv4::HEADER_LEN)? {
                self.s(" [truncated-option]")?;
                whole = false;
            }
            self.s(")")?;
        }
        if let Some(sum) = self.cksum_over(bp, hlen, 0) {
            if sum != 0 {
                let field = self.be16(bp + ipv4::field::CHECKSUM.start)?;
                self.s(", bad cksum ")?;
                fmtx::hex(self.out, field as u64)?;
                self.s(" (->")?;
                fmtx::hex(self.out, super::cksum::shouldbe(field, sum) as u64)?;
                self.s(")!")?;
            }
        }
        self.s(")\n    ")?;
        Ok(whole)
    }

    /// `ip_optprint`: the options in the `len` bytes at `cp`, `Ok(false)` when one is cut
    /// short by the capture.
    fn ip_options(&mut self, mut cp: usize, mut len: usize) -> R<bool> {
        let mut sep = "";
        while len > 0 {
            self.s(sep)?;
            sep = ",";
            let code = self.u8(cp)?;
            match code {
                0 => self.s("EOL")?,
                1 => self.s("NOP")?,
                68 => self.s("timestamp")?,
                130 => self.s("security")?,
                7 => self.s("RR")?,
                137 => self.s("SSRR")?,
                131 => self.s("LSRR")?,
                148 => self.s("RA")?,
                82 => self.s("traceroute")?,
                _ => {
                    self.s("unknown ")?;
                    self.d(code)?;
                }
            }
            let olen = if code <= 1 {
                1
            } else {
                let l = self.u8(cp + 1)? as usize;
                if l < 2 {
                    self.s(" [bad length ")?;
                    self.d(l as u64)?;
                    self.s("]")?;
                    return Ok(true);
                }
                l
            };
            if olen > len {
                self.s(" [bad length ")?;
                self.d(olen as u64)?;
                self.s("]")?;
                return Ok(true);
            }
            if !self.test(cp, olen) {
                return Ok(false);
            }
            match code {
                0 => return Ok(true),
                68 | 7 | 131 | 137 => {
                    let whole = if code == 68 {
                        self.ip_opt_ts(cp, olen)?
                    } else {
                        self.ip_opt_route(cp, olen)?
                    };
                    if !whole {
                        return Ok(false);
                    }
                }
                148 => {
                    if olen < 4 {
                        self.s(" [bad length ")?;
                        self.d(olen as u64)?;
                        self.s("]")?;
                    } else {
                        let v = self.be16(cp + 2)?;
                        if v != 0 {
                            self.s(" value ")?;
                            self.d(v)?;
                        }
                    }
                }
                _ => {}
            }
            cp += olen;
            len -= olen;
        }
        Ok(true)
    }

    /// `ip_printroute`: a record route or source route option of `len` bytes at `cp`;
    /// `Ok(false)` when an address is not captured.
    fn ip_opt_route(&mut self, cp: usize, len: usize) -> R<bool> {
        if len < 3 {
            self.s(" [bad length ")?;
            self.d(len as u64)?;
            self.s("]")?;
            return Ok(true);
        }
        if (len + 1) & 3 != 0 {
            self.s(" [bad length ")?;
            self.d(len as u64)?;
            self.s("]")?;
        }
        let raw = self.u8(cp + 2)?;
        let ptr = (raw as usize).wrapping_sub(1);
        if !(3..=len + 1).contains(&ptr) || (ptr + 1) & 3 != 0 {
            self.s(" [bad ptr ")?;
            self.d(raw)?;
            self.s("]")?;
        }
        let mut o = 3;
        while o < len {
            if !self.test(cp + o, 4) {
                return Ok(false);
            }
            self.s(" ")?;
            self.ip4_at(cp + o)?;
            if ptr > o {
                self.s(",")?;
            }
            o += 4;
        }
        Ok(true)
    }

    /// `ip_printts`: a timestamp option of `len` bytes at `cp`; `Ok(false)` when a hop is
    /// not captured.
    fn ip_opt_ts(&mut self, cp: usize, len: usize) -> R<bool> {
        if len < 4 {
            self.s("[bad length ")?;
            self.d(len as u64)?;
            self.s("]")?;
            return Ok(true);
        }
        self.s(" TS{")?;
        let flg = self.u8(cp + 3)?;
        let hoplen = if flg & 0x0f != 0 { 8 } else { 4 };
        if (len - 4) & (hoplen - 1) != 0 {
            self.s("[bad length ")?;
            self.d(len as u64)?;
            self.s("]")?;
        }
        let raw = self.u8(cp + 2)?;
        let ptr = (raw as usize).wrapping_sub(1);
        if ptr < 4 || (ptr.wrapping_sub(4)) & (hoplen - 1) != 0 || ptr > len + 1 {
            self.s("[bad ptr ")?;
            self.d(raw)?;
            self.s("]")?;
        }
        let mut o = 0;
        let known = match flg & 0x0f {
            0 => "TSONLY",
            1 => "TS+ADDR",
            3 => "PRESPEC",
            _ => "",
        };
        if known.is_empty() {
            self.s("[bad ts type ")?;
            self.d(flg & 0x0f)?;
            self.s("]")?;
        } else {
            self.s(known)?;
            o = 4;
            let mut ty = " ";
            while o < len {
                if ptr == o {
                    ty = " ^ ";
                }
                if !self.test(cp + o, hoplen) {
                    return Ok(false);
                }
                self.s(ty)?;
                let t = self.be32(cp + o + hoplen - 4)?;
                self.d(t)?;
                self.s("@")?;
                if hoplen == 8 {
                    self.ip4_at(cp + o)?;
                }
                ty = " ";
                o += hoplen;
            }
        }
        if ptr == o {
            self.s(" ^ ")?;
        }
        if flg >> 4 != 0 {
            self.s(" [")?;
            self.d(flg >> 4)?;
            self.s(" hops not recorded]} ")?;
        } else {
            self.s("}")?;
        }
        Ok(true)
    }
}
