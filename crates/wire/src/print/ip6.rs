//! IPv6 and its extension headers: hop-by-hop and destination options, routing (tcpdump's
//! `ip6_print`, `hbhopt_print`, `dstopt_print`, `rt6_print`).

use core::fmt::Write;

use crate::fmtx;
use crate::ip_proto;

use crate::frame::ipv6::{self, ext, opt};

/// [`ipv6::HEADER_LEN`] as the `u32` lengths are counted in.
const HDR_LEN: u32 = ipv6::HEADER_LEN as u32;

use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// The walk over the extension headers: what `ip6_print` keeps in its locals.
struct Ext {
    /// The payload length from the header, or the jumbo payload length once found.
    payload_len: u32,
    /// The bytes of the headers walked so far (the fixed one included).
    total_advance: u32,
    found_ext: bool,
    found_jumbo: bool,
    found_hbh: bool,
    fragmented: bool,
}

impl<'a, W: Write> Cursor<'a, W> {
    /// `ip6_print`: the header at `bp`, its extension headers, and the payload after them.
    #[inline(never)]
    pub(crate) fn ip6(&mut self, bp: usize, length: u32) -> R {
        self.proto = "ip6";
        if !self.test(bp, ipv6::HEADER_LEN) {
            return Err(Stop::Trunc);
        }
        if length < HDR_LEN {
            self.s("truncated-ip6 ")?;
            self.d(length)?;
            return Ok(());
        }
        if !self.eflag {
            self.s("IP6 ")?;
        }
        let v = self.u8(bp)? >> 4;
        if v != 6 {
            self.s("version error: ")?;
            self.d(v)?;
            self.s(" != 6")?;
            return Ok(());
        }
        let payload_len = self.be16(bp + ipv6::field::LENGTH.start)? as u32;
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
        let mut x = Ext {
            payload_len,
            total_advance: 0,
            found_ext: false,
            found_jumbo: false,
            found_hbh: false,
            fragmented: false,
        };
        let mut ph: u8 = 255;
        let mut nh = self.u8(bp + ipv6::field::NXT_HDR)?;
        if self.vflag != 0 {
            self.ip6_verbose(bp, nh, payload_len)?;
        }
        let saved = self.snapend;
        self.clip(bp, len as usize);
        let mut cp = bp;
        let mut advance: usize = ipv6::HEADER_LEN;
        while cp < self.snapend && advance > 0 {
            if (len as usize) < advance {
                self.proto = "ip6";
                return Err(Stop::Trunc);
            }
            cp += advance;
            len -= advance as u32;
            x.total_advance += advance as u32;
            if cp == bp + ipv6::HEADER_LEN
                && !matches!(
                    nh,
                    ip_proto::TCP | ip_proto::UDP | ip_proto::DCCP | ip_proto::SCTP
                )
            {
                self.ip6_at(bp + ipv6::field::SRC.start)?;
                self.s(" > ")?;
                self.ip6_at(bp + ipv6::field::DST.start)?;
                self.s(": ")?;
            }
            let adv = match nh {
                ip_proto::HOPOPTS => self.ip6_hbh(cp, ph, &mut x)?,
                ip_proto::DSTOPTS => self.ip6_dstopt(cp)?,
                ip_proto::FRAGMENT => {
                    x.fragmented = true;
                    self.ip6_frag(cp, bp)?
                }
                ip_proto::ROUTING => {
                    self.u8(cp)?;
                    self.rt6(cp)?
                }
                // tcpdump stops after the Mobility Header whatever it says follows.
                ip_proto::MOBILITY | ip_proto::MOBILE_OLD => {
                    return self.then(Next::mobility(off(cp)))
                }
                _ => {
                    let len = self.ip6_payload_len(bp, length, len, saved, &x)?;
                    return self.then(Next::ip_proto(nh, 6, x.fragmented, off(cp), len, off(bp)));
                }
            };
            let Some(adv) = adv else {
                return Ok(());
            };
            advance = adv;
            x.found_ext = true;
            nh = self.u8(cp + ext::NXT_HDR)?;
            ph = nh;
            self.proto = "ip6";
        }
        Ok(())
    }

    /// `-v`: `(class 0x.., flowlabel 0x....., hlim 64, next-header TCP (6) payload length:
    /// 20) ` of the header at `bp`.
    #[cold]
    #[inline(never)]
    fn ip6_verbose(&mut self, bp: usize, nh: u8, payload_len: u32) -> R {
        let flow = self.be32(bp + ipv6::field::VER_TC_FLOW.start)?;
        self.s("(")?;
        if flow & 0x0ff0_0000 != 0 {
            self.s("class 0x")?;
            fmtx::hex_pad(self.out, ((flow >> 20) & 0xff) as u64, 2)?;
            self.s(", ")?;
        }
        if flow & 0x000f_ffff != 0 {
            self.s("flowlabel 0x")?;
            fmtx::hex_pad(self.out, (flow & 0x000f_ffff) as u64, 5)?;
            self.s(", ")?;
        }
        let hlim = self.u8(bp + ipv6::field::HOP_LIMIT)?;
        self.s("hlim ")?;
        self.d(hlim)?;
        self.s(", next-header ")?;
        self.s(ip_proto::name(nh).unwrap_or("unknown"))?;
        self.s(" (")?;
        self.d(nh)?;
        self.s(") payload length: ")?;
        self.d(payload_len)?;
        self.s(") ")
    }

    /// The hop-by-hop options header at `cp`, `ph` the header before it (255 for the fixed
    /// one): its length, `None` when the walk stops there.
    fn ip6_hbh(&mut self, cp: usize, ph: u8, x: &mut Ext) -> R<Option<usize>> {
        if x.found_hbh {
            self.s("[The Hop-by-Hop Options header was already found]")?;
            self.s(" (invalid)")?;
            return Ok(None);
        }
        if ph != 255 {
            self.s("[The Hop-by-Hop Options header don't follow the IPv6 header]")?;
            self.s(" (invalid)")?;
            return Ok(None);
        }
        let r = self.hbhopt(cp, &mut x.found_jumbo, &mut x.payload_len)?;
        if x.payload_len == 0 && !x.found_jumbo {
            self.s("[No valid Jumbo Payload Hop-by-Hop option found]")?;
            self.s(" (invalid)")?;
            return Ok(None);
        }
        x.found_hbh = true;
        Ok(r)
    }

    /// `dstopt_process`: the destination options header's length, `None` when its options
    /// (printed with `-v`) are cut short.
    fn ip6_dstopt(&mut self, cp: usize) -> R<Option<usize>> {
        self.proto = "dstopt";
        let l = (self.u8(cp + ext::LEN)? as usize + 1) << 3;
        if !self.test(cp, l) {
            return Err(Stop::Trunc);
        }
        self.s("DSTOPT ")?;
        if self.vflag != 0 && !self.ip6_opts(cp + ext::OPTIONS, l - ext::OPTIONS, None)? {
            self.trunc_here()?;
            return Ok(None);
        }
        Ok(Some(l))
    }

    /// `frag6_print`, the fragment header at `cp` of the packet at `bp`: its length, `None`
    /// for a later fragment (or a first one with nothing captured after the header).
    fn ip6_frag(&mut self, cp: usize, bp: usize) -> R<Option<usize>> {
        self.proto = "frag6";
        let offlg = self.be16(cp + ext::FRAG_OFFLG.start)?;
        let plen = self.be16(bp + ipv6::field::LENGTH.start)? as u64;
        // The identification is read before anything prints, as tcpdump's one printf does.
        let id = if self.vflag != 0 {
            self.be32(cp + ext::FRAG_IDENT.start)?
        } else {
            0
        };
        self.s("frag (")?;
        if self.vflag != 0 {
            self.s("0x")?;
            fmtx::hex_pad(self.out, id as u64, 8)?;
            self.s(":")?;
        }
        self.d(offlg & 0xfff8)?;
        self.s("|")?;
        let rest = (ipv6::HEADER_LEN as u64 + plen)
            .wrapping_sub((cp - bp) as u64)
            .wrapping_sub(ext::FRAG_LEN as u64);
        self.d(rest)?;
        self.s(")")?;
        if offlg & 0xfff8 != 0 {
            return Ok(None);
        }
        self.s(" ")?;
        if self.snapend <= cp + ext::FRAG_LEN {
            return Ok(None);
        }
        Ok(Some(ext::FRAG_LEN))
    }

    /// The length of the upper-layer payload after the extension headers (`len` left of the
    /// payload length from the header), the captured data clipped to the jumbo payload length
    /// when there is one (`saved` the end before the IPv6 header's clip).
    fn ip6_payload_len(
        &mut self,
        bp: usize,
        length: u32,
        len: u32,
        saved: usize,
        x: &Ext,
    ) -> R<u32> {
        if x.found_jumbo {
            let len = x.payload_len.wrapping_add(HDR_LEN);
            if len < x.total_advance {
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
            Ok(len - x.total_advance)
        } else if x.payload_len == 0 {
            if x.found_ext {
                self.proto = "ip6";
                return Err(Stop::Trunc);
            }
            self.clip(bp, ipv6::HEADER_LEN);
            Ok(HDR_LEN - x.total_advance)
        } else {
            Ok(len)
        }
    }

    /// `hbhopt_process`; `Ok(None)` when the walk must stop (trunc already printed).
    pub(crate) fn hbhopt(
        &mut self,
        cp: usize,
        found_jumbo: &mut bool,
        payload_len: &mut u32,
    ) -> R<Option<usize>> {
        self.proto = "hbhopt";
        let l = (self.u8(cp + ext::LEN)? as usize + 1) << 3;
        if !self.test(cp, l) {
            return Err(Stop::Trunc);
        }
        self.s("HBH ")?;
        if !self.ip6_opts(
            cp + ext::OPTIONS,
            l - ext::OPTIONS,
            Some((found_jumbo, payload_len)),
        )? {
            self.trunc_here()?;
            return Ok(None);
        }
        Ok(Some(l))
    }

    /// `ip6_opt_process`: without `-v` only error texts print, with it each option.
    /// `Ok(false)` is its `-1`.
    pub(crate) fn ip6_opts(
        &mut self,
        bp: usize,
        len: usize,
        mut jumbo: Option<(&mut bool, &mut u32)>,
    ) -> R<bool> {
        let mut i = 0usize;
        let mut seen_jumbo = false;
        while i < len {
            let t = self.u8(bp + i + opt::TYPE)?;
            let optlen = if t == opt::PAD1 {
                1
            } else if i + opt::LEN < len {
                self.u8(bp + i + opt::LEN)? as usize + opt::DATA
            } else {
                return Ok(false);
            };
            if i + optlen > len {
                return Ok(false);
            }
            match t {
                opt::PAD1 => {
                    if self.vflag != 0 {
                        self.s("(pad1)")?;
                    }
                }
                opt::PADN => {
                    if len - i < 2 {
                        self.s("(padn: trunc)")?;
                        return Ok(false);
                    }
                    if self.vflag != 0 {
                        self.s("(padn)")?;
                    }
                }
                opt::ROUTER_ALERT => {
                    if len - i < 4 {
                        self.s("(rtalert: trunc)")?;
                        return Ok(false);
                    }
                    let l = self.u8(bp + i + opt::LEN)?;
                    if l != 2 {
                        self.s("(rtalert: invalid len ")?;
                        self.d(l)?;
                        self.s(")")?;
                        return Ok(false);
                    }
                    if self.vflag != 0 {
                        let v = self.be16(bp + i + opt::DATA)?;
                        self.s("(rtalert: 0x")?;
                        fmtx::hex_pad(self.out, v as u64, 4)?;
                        self.s(") ")?;
                    }
                }
                opt::JUMBO => {
                    if len - i < 6 {
                        self.s("(jumbo: trunc)")?;
                        return Ok(false);
                    }
                    let l = self.u8(bp + i + opt::LEN)?;
                    if l != 4 {
                        self.s("(jumbo: invalid len ")?;
                        self.d(l)?;
                        self.s(")")?;
                        return Ok(false);
                    }
                    let jl = self.be32(bp + i + opt::DATA)?;
                    let first = !seen_jumbo;
                    seen_jumbo = true;
                    self.ip6_opt_jumbo(jl, first, jumbo.as_mut())?;
                }
                opt::HOME_ADDRESS => {
                    if len - i < 18 {
                        self.s("(homeaddr: trunc)")?;
                        return Ok(false);
                    }
                    let l = self.u8(bp + i + opt::LEN)?;
                    if l < 16 {
                        self.s("(homeaddr: invalid len ")?;
                        self.d(l)?;
                        self.s(")")?;
                        return Ok(false);
                    }
                    if self.vflag != 0 && !self.ip6_homeaddr(bp + i, optlen)? {
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
                    if self.vflag != 0 {
                        let l = self.u8(bp + i + opt::LEN)?;
                        self.s("(opt_type 0x")?;
                        fmtx::hex_pad(self.out, t as u64, 2)?;
                        self.s(": len=")?;
                        self.d(l)?;
                        self.s(")")?;
                    }
                }
            }
            i += optlen;
        }
        if self.vflag != 0 && len != 0 {
            self.s(" ")?;
        }
        Ok(true)
    }

    /// A jumbo payload option of length `jl`: taken as the payload length when it is the
    /// first (`first`) in a hop-by-hop header whose fixed header said 0 and is at least 65536,
    /// what is wrong with it printed with `-v`.
    fn ip6_opt_jumbo(
        &mut self,
        jl: u32,
        first: bool,
        jumbo: Option<&mut (&mut bool, &mut u32)>,
    ) -> R {
        let why = match jumbo {
            _ if !first => " - already seen",
            None => " - not a hop-by-hop option",
            Some((_, pl)) if **pl != 0 => " - payload len != 0",
            Some(_) if jl < 65536 => " - < 65536",
            Some((fj, pl)) => {
                **fj = true;
                **pl = jl;
                ""
            }
        };
        if self.vflag != 0 {
            self.s("(jumbo: ")?;
            self.d(jl)?;
            self.s(why)?;
            self.s(") ")?;
        }
        Ok(())
    }

    /// `-v`, the home address option at `o` (`optlen` bytes): the address and the
    /// sub-options after it. `Ok(false)` when they are malformed.
    #[cold]
    #[inline(never)]
    fn ip6_homeaddr(&mut self, o: usize, optlen: usize) -> R<bool> {
        self.s("(homeaddr: ")?;
        self.ip6_at(o + 2)?;
        if self.u8(o + 1)? > 16 {
            let (bp, len) = (o + 18, optlen - 18);
            let mut i = 0;
            while i < len {
                let t = self.u8(bp + i)?;
                let ol = if t == opt::PAD1 {
                    1
                } else if i + 1 < len {
                    self.u8(bp + i + 1)? as usize + 2
                } else {
                    return Ok(false);
                };
                if i + ol > len {
                    return Ok(false);
                }
                match t {
                    opt::PAD1 => self.s(", pad1")?,
                    _ if len - i < 2 => {
                        self.s(if t == opt::PADN {
                            ", padn: trunc"
                        } else {
                            ", sopt_type "
                        })?;
                        if t != opt::PADN {
                            self.d(t)?;
                            self.s(": trunc)")?;
                        }
                        return Ok(false);
                    }
                    opt::PADN => self.s(", padn")?,
                    _ => {
                        self.s(", sopt_type 0x")?;
                        fmtx::hex_pad(self.out, t as u64, 2)?;
                        self.s(": len=")?;
                        let l = self.u8(bp + i + 1)?;
                        self.d(l)?;
                    }
                }
                i += ol;
            }
        }
        self.s(")")?;
        Ok(true)
    }

    /// `rt6_print`; `Ok(None)` when it reported the header invalid.
    pub(crate) fn rt6(&mut self, cp: usize) -> R<Option<usize>> {
        self.proto = "rt6";
        self.s("RT6")?;
        let mut len = self.u8(cp + ext::LEN)? as usize;
        self.s(" (len=")?;
        self.d(len as u64)?;
        let typ = self.u8(cp + ext::RT_TYPE)?;
        self.s(", type=")?;
        self.d(typ)?;
        if typ == 0 {
            self.s(" [Deprecated]")?;
        }
        let sl = self.u8(cp + ext::RT_SEGLEFT)?;
        self.s(", segleft=")?;
        self.d(sl)?;
        let addrs = match typ {
            0 | 2 => {
                let rsv = self.be32(cp + ext::RT_RESERVED.start)?;
                if rsv != 0 || self.vflag != 0 {
                    self.s(", rsv=0x")?;
                    fmtx::hex(self.out, rsv as u64)?;
                }
                cp + ext::RT_ADDRS
            }
            4 => {
                let le = self.u8(cp + ext::SRH_LAST_ENTRY)?;
                self.s(", last-entry=")?;
                self.d(le)?;
                let fl = self.u8(cp + ext::SRH_FLAGS)?;
                if fl != 0 || self.vflag != 0 {
                    self.s(", flags=0x")?;
                    fmtx::hex(self.out, fl as u64)?;
                }
                let tag = self.be16(cp + ext::SRH_TAG.start)?;
                self.s(", tag=")?;
                fmtx::hex(self.out, tag as u64)?;
                cp + ext::RT_ADDRS
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
        Ok(Some((self.u8(cp + ext::LEN)? as usize + 1) << 3))
    }
}
