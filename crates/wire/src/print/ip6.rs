//! IPv6 and its extension headers: hop-by-hop and destination options, routing (tcpdump's
//! `ip6_print`, `hbhopt_print`, `dstopt_print`, `rt6_print`).

use core::fmt::Write;

use crate::fmtx;

use crate::frame::ipv6;

/// [`ipv6::HEADER_LEN`] as the `u32` lengths are counted in.
const HDR_LEN: u32 = ipv6::HEADER_LEN as u32;

use super::cursor::{Cursor, Stop, R};

impl<'a, W: Write> Cursor<'a, W> {
    /// `ip6_print`.
    pub(crate) fn ip6(&mut self, bp: usize, length: u32) -> R {
        self.proto = "ip6";
        if !self.test(bp, ipv6::HEADER_LEN) {
            return Err(Stop::Trunc);
        }
        if length < HDR_LEN {
            self.s("truncated-ip6 ")?;
            return self.d(length);
        }
        if !self.eflag {
            self.s("IP6 ")?;
        }
        let v = self.u8(bp)? >> 4;
        if v != 6 {
            self.s("version error: ")?;
            self.d(v)?;
            return self.s(" != 6");
        }
        let mut payload_len = self.be16(bp + ipv6::field::LENGTH.start)? as u32;
        let mut len: u32;
        if payload_len != 0 {
            len = payload_len + HDR_LEN;
            if length < len {
                self.s("truncated-ip6 - ")?;
                self.d(len - length)?;
                self.s(" bytes missing!")?;
            }
        } else {
            len = length.wrapping_add(HDR_LEN);
        }
        let mut ph: u8 = 255;
        let mut nh = self.u8(bp + ipv6::field::NXT_HDR)?;
        let saved = self.snapend;
        self.clip(bp, len as usize);
        let mut cp = bp;
        let mut advance: usize = ipv6::HEADER_LEN;
        let mut total_advance: u32 = 0;
        let mut found_ext = false;
        let mut found_jumbo = false;
        let mut found_hbh = false;
        let mut fragmented = false;
        while cp < self.snapend && advance > 0 {
            if (len as usize) < advance {
                self.proto = "ip6";
                return Err(Stop::Trunc);
            }
            cp += advance;
            len -= advance as u32;
            total_advance += advance as u32;
            if cp == bp + ipv6::HEADER_LEN && !matches!(nh, 6 | 17 | 33 | 132) {
                self.ip6_at(bp + ipv6::field::SRC.start)?;
                self.s(" > ")?;
                self.ip6_at(bp + ipv6::field::DST.start)?;
                self.s(": ")?;
            }
            match nh {
                0 => {
                    if found_hbh {
                        self.s("[The Hop-by-Hop Options header was already found]")?;
                        return self.s(" (invalid)");
                    }
                    if ph != 255 {
                        self.s("[The Hop-by-Hop Options header don't follow the IPv6 header]")?;
                        return self.s(" (invalid)");
                    }
                    let r = self.hbhopt(cp, &mut found_jumbo, &mut payload_len)?;
                    if payload_len == 0 && !found_jumbo {
                        self.s("[No valid Jumbo Payload Hop-by-Hop option found]")?;
                        return self.s(" (invalid)");
                    }
                    let Some(adv) = r else {
                        return Ok(());
                    };
                    advance = adv;
                    found_ext = true;
                    found_hbh = true;
                    nh = self.u8(cp)?;
                }
                60 => {
                    self.proto = "dstopt";
                    let l = (self.u8(cp + 1)? as usize + 1) << 3;
                    if !self.test(cp, l) {
                        return Err(Stop::Trunc);
                    }
                    self.s("DSTOPT ")?;
                    advance = l;
                    found_ext = true;
                    nh = self.u8(cp)?;
                }
                44 => {
                    self.proto = "frag6";
                    let offlg = self.be16(cp + 2)?;
                    let plen = self.be16(bp + ipv6::field::LENGTH.start)? as u64;
                    self.s("frag (")?;
                    self.d(offlg & 0xfff8)?;
                    self.s("|")?;
                    let rest = (ipv6::HEADER_LEN as u64 + plen)
                        .wrapping_sub((cp - bp) as u64)
                        .wrapping_sub(8);
                    self.d(rest)?;
                    self.s(")")?;
                    if offlg & 0xfff8 != 0 {
                        return Ok(());
                    }
                    self.s(" ")?;
                    if self.snapend <= cp + 8 {
                        return Ok(());
                    }
                    advance = 8;
                    found_ext = true;
                    nh = self.u8(cp)?;
                    fragmented = true;
                }
                43 => {
                    self.u8(cp)?;
                    let Some(adv) = self.rt6(cp)? else {
                        return Ok(());
                    };
                    advance = adv;
                    found_ext = true;
                    nh = self.u8(cp)?;
                }
                135 | 62 => {
                    // tcpdump stops after the Mobility Header whatever it says follows.
                    super::mobility::mobility_print(self, cp)?;
                    self.snapend = saved;
                    return Ok(());
                }
                _ => {
                    if found_jumbo {
                        len = payload_len.wrapping_add(HDR_LEN);
                        if len < total_advance {
                            self.proto = "ip6";
                            return Err(Stop::Trunc);
                        }
                        if length < len {
                            self.s("truncated-ip6 - ")?;
                            self.d(len - length)?;
                            self.s(" bytes missing!")?;
                        }
                        self.snapend = saved;
                        self.clip(bp, len as usize);
                        len -= total_advance;
                    } else if payload_len == 0 {
                        if found_ext {
                            self.proto = "ip6";
                            return Err(Stop::Trunc);
                        }
                        len = HDR_LEN;
                        self.clip(bp, ipv6::HEADER_LEN);
                        len -= total_advance;
                    }
                    self.ip_demux(cp, len, 6, fragmented, nh, bp)?;
                    self.snapend = saved;
                    return Ok(());
                }
            }
            ph = nh;
            self.proto = "ip6";
        }
        self.snapend = saved;
        Ok(())
    }

    /// `hbhopt_process`; `Ok(None)` when the walk must stop (trunc already printed).
    pub(crate) fn hbhopt(
        &mut self,
        cp: usize,
        found_jumbo: &mut bool,
        payload_len: &mut u32,
    ) -> R<Option<usize>> {
        self.proto = "hbhopt";
        let l = (self.u8(cp + 1)? as usize + 1) << 3;
        if !self.test(cp, l) {
            return Err(Stop::Trunc);
        }
        self.s("HBH ")?;
        if !self.ip6_opts(cp + 2, l - 2, Some((found_jumbo, payload_len)))? {
            self.trunc_here()?;
            return Ok(None);
        }
        Ok(Some(l))
    }

    /// `ip6_opt_process` without `-v`: only error texts print. `Ok(false)` is its `-1`.
    pub(crate) fn ip6_opts(
        &mut self,
        bp: usize,
        len: usize,
        mut jumbo: Option<(&mut bool, &mut u32)>,
    ) -> R<bool> {
        let mut i = 0usize;
        let mut seen_jumbo = false;
        while i < len {
            let t = self.u8(bp + i)?;
            let optlen = if t == 0 {
                1
            } else if i + 1 < len {
                self.u8(bp + i + 1)? as usize + 2
            } else {
                return Ok(false);
            };
            if i + optlen > len {
                return Ok(false);
            }
            match t {
                0 => {}
                1 => {
                    if len - i < 2 {
                        self.s("(padn: trunc)")?;
                        return Ok(false);
                    }
                }
                5 => {
                    if len - i < 4 {
                        self.s("(rtalert: trunc)")?;
                        return Ok(false);
                    }
                    let l = self.u8(bp + i + 1)?;
                    if l != 2 {
                        self.s("(rtalert: invalid len ")?;
                        self.d(l)?;
                        self.s(")")?;
                        return Ok(false);
                    }
                }
                0xc2 => {
                    if len - i < 6 {
                        self.s("(jumbo: trunc)")?;
                        return Ok(false);
                    }
                    let l = self.u8(bp + i + 1)?;
                    if l != 4 {
                        self.s("(jumbo: invalid len ")?;
                        self.d(l)?;
                        self.s(")")?;
                        return Ok(false);
                    }
                    let jl = self.be32(bp + i + 2)?;
                    if !seen_jumbo {
                        seen_jumbo = true;
                        if let Some((fj, pl)) = jumbo.as_mut() {
                            if **pl == 0 && jl >= 65536 {
                                **fj = true;
                                **pl = jl;
                            }
                        }
                    }
                }
                0xc9 => {
                    if len - i < 18 {
                        self.s("(homeaddr: trunc)")?;
                        return Ok(false);
                    }
                    let l = self.u8(bp + i + 1)?;
                    if l < 16 {
                        self.s("(homeaddr: invalid len ")?;
                        self.d(l)?;
                        self.s(")")?;
                        return Ok(false);
                    }
                }
                _ => {
                    if len - i < 2 {
                        self.s("(type ")?;
                        self.d(t)?;
                        self.s(": trunc)")?;
                        return Ok(false);
                    }
                }
            }
            i += optlen;
        }
        Ok(true)
    }

    /// `rt6_print`; `Ok(None)` when it reported the header invalid.
    pub(crate) fn rt6(&mut self, cp: usize) -> R<Option<usize>> {
        self.proto = "rt6";
        self.s("RT6")?;
        let mut len = self.u8(cp + 1)? as usize;
        self.s(" (len=")?;
        self.d(len as u64)?;
        let typ = self.u8(cp + 2)?;
        self.s(", type=")?;
        self.d(typ)?;
        if typ == 0 {
            self.s(" [Deprecated]")?;
        }
        let sl = self.u8(cp + 3)?;
        self.s(", segleft=")?;
        self.d(sl)?;
        let addrs = match typ {
            0 | 2 => {
                let rsv = self.be32(cp + 4)?;
                if rsv != 0 {
                    self.s(", rsv=0x")?;
                    fmtx::hex(self.out, rsv as u64)?;
                }
                cp + 8
            }
            4 => {
                let le = self.u8(cp + 4)?;
                self.s(", last-entry=")?;
                self.d(le)?;
                let fl = self.u8(cp + 5)?;
                if fl != 0 {
                    self.s(", flags=0x")?;
                    fmtx::hex(self.out, fl as u64)?;
                }
                let tag = self.be16(cp + 6)?;
                self.s(", tag=")?;
                fmtx::hex(self.out, tag as u64)?;
                cp + 8
            }
            _ => {
                self.s(" (unknown type)")?;
                self.s(" (invalid)")?;
                return Ok(None);
            }
        };
        if len % 2 == 1 {
            self.s(" (invalid length ")?;
            self.d(len as u64)?;
            self.s(")")?;
            self.s(" (invalid)")?;
            return Ok(None);
        }
        len >>= 1;
        for i in 0..len {
            let a = self.bytes(addrs + 16 * i, 16)?;
            self.s(", [")?;
            self.d(i as u64)?;
            self.s("]")?;
            fmtx::ipv6(self.out, a)?;
        }
        self.s(") ")?;
        Ok(Some((self.u8(cp + 1)? as usize + 1) << 3))
    }
}
