//! ICMPv6 (tcpdump's `icmp6_print`): errors, echo, neighbour and router discovery, MLD.

use core::fmt::Write;

use crate::fmtx;

use crate::frame::ipv6::{self, ext};
use crate::frame::{icmpv6, udp};
use crate::ip_proto;

use super::cursor::{Cursor, Stop, R};

impl<'a, W: Write> Cursor<'a, W> {
    /// `get_upperlayer`: the upper-layer protocol and port header inside an ICMPv6 error.
    pub(crate) fn icmp6_upper(&self, mut bp: usize) -> Option<(u8, usize)> {
        let ep = self.snapend;
        let mut nh = self.u8(bp + ipv6::field::NXT_HDR).ok()?;
        let mut hlen = ipv6::HEADER_LEN;
        while bp < ep {
            bp += hlen;
            match nh {
                ip_proto::TCP | ip_proto::UDP => {
                    return if self.test(bp + udp::field::DST_PORT.start, 2) {
                        Some((nh, bp))
                    } else {
                        None
                    };
                }
                ip_proto::HOPOPTS | ip_proto::DSTOPTS | ip_proto::ROUTING => {
                    if !self.test(bp + ext::LEN, 1) {
                        return None;
                    }
                    nh = self.u8(bp + ext::NXT_HDR).ok()?;
                    hlen = (self.u8(bp + ext::LEN).ok()? as usize + 1) << 3;
                }
                ip_proto::FRAGMENT => {
                    if !self.test(bp + ext::FRAG_OFFLG.start, 2) {
                        return None;
                    }
                    if self.be16(bp + ext::FRAG_OFFLG.start).ok()? & 0xfff8 != 0 {
                        return None;
                    }
                    nh = self.u8(bp + ext::NXT_HDR).ok()?;
                    hlen = ext::FRAG_LEN;
                }
                ip_proto::AH => {
                    if !self.test(bp + ext::LEN, 1) {
                        return None;
                    }
                    nh = self.u8(bp + ext::NXT_HDR).ok()?;
                    // The AH length is in 32-bit words, less 2.
                    hlen = (self.u8(bp + ext::LEN).ok()? as usize + 2) << 2;
                }
                _ => return None,
            }
        }
        None
    }

    /// `icmp6_print`: the message at `bp` of the packet whose IPv6 header is at `iph`
    /// (`fragmented`: no checksum is checked).
    #[inline(never)]
    pub(crate) fn icmp6(&mut self, bp: usize, length: u32, iph: usize, fragmented: bool) -> R {
        self.proto = "icmp6";
        if length == 0 {
            self.s("ICMP6, length 0")?;
            return self.s(" (invalid)");
        }
        if self.vflag != 0 && !fragmented {
            self.icmp6_cksum(bp, length, iph)?;
        }
        let t = self.u8(bp)?;
        self.s("ICMP6, ")?;
        match icmp6_type_name(t) {
            Some(n) => self.s(n)?,
            None => {
                self.s("unknown icmp6 type (")?;
                self.d(t)?;
                self.s(")")?;
            }
        }
        if self.vflag != 0 && matches!(t, 133..=137 | 145 | 147) {
            self.s(", length ")?;
            self.d(length)?;
        }
        let code = self.u8(bp + icmpv6::field::CODE)?;
        let oip = bp + icmpv6::HEADER_LEN;
        match t {
            1 => {
                if !self.icmp6_unreach(bp, oip, code, length)? {
                    return Ok(());
                }
            }
            2 => {
                let m = self.be32(bp + icmpv6::field::MTU.start)?;
                self.s(", mtu ")?;
                self.d(m)?;
            }
            3 => match code {
                0 => {
                    let d = self.bytes(oip + ipv6::field::DST.start, 16)?;
                    self.s(" for ")?;
                    fmtx::ipv6(self.out, d)?;
                }
                1 => self.s(" (reassembly)")?,
                _ => {
                    self.s(", unknown code (")?;
                    self.d(code)?;
                    self.s(")")?;
                }
            },
            4 => self.icmp6_param_prob(bp, oip, code)?,
            128 | 129 => {
                let id = self.be16(bp + icmpv6::field::ECHO_IDENT.start)?;
                let sq = self.be16(bp + icmpv6::field::ECHO_SEQ.start)?;
                self.s(", id ")?;
                self.d(id)?;
                self.s(", seq ")?;
                self.d(sq)?;
            }
            130 => self.icmp6_mld_query(bp, length)?,
            131 | 132 => self.mld6(bp)?,
            133 | 134 if self.vflag != 0 => {
                if !self.icmp6_router_verbose(bp, t, length)? {
                    return self.trunc_here();
                }
            }
            133 | 134 | 141 | 142 => {}
            135 | 136 => {
                let a = self.bytes(bp + icmpv6::field::TARGET.start, 16)?;
                self.s(if t == 135 { ", who has " } else { ", tgt is " })?;
                fmtx::ipv6(self.out, a)?;
                if self.vflag != 0 && !self.icmp6_neighbor_verbose(bp, t, length)? {
                    return self.trunc_here();
                }
            }
            137 => {
                let d = self.bytes(bp + icmpv6::field::REDIRECT_DST.start, 16)?;
                self.s(", ")?;
                fmtx::ipv6(self.out, d)?;
                let t = self.bytes(bp + icmpv6::field::TARGET.start, 16)?;
                self.s(" to ")?;
                fmtx::ipv6(self.out, t)?;
                if self.vflag != 0 && !self.icmp6_opts(bp + 40, length as i64 - 40)? {
                    return self.trunc_here();
                }
            }
            143 => {
                if length < 8 {
                    self.s(" [invalid len ")?;
                    self.d(length)?;
                    self.s("]")?;
                } else {
                    let n = self.be16(bp + icmpv6::field::MLDV2_NUM_RECORDS.start)?;
                    self.s(", ")?;
                    self.d(n)?;
                    self.s(" group record(s)")?;
                    if self.vflag != 0 {
                        self.mldv2_records(bp, length, n)?;
                    }
                }
            }
            144 | 146 => {
                let id = self.be16(bp + icmpv6::field::MIP_IDENT.start)?;
                self.s(", id 0x")?;
                fmtx::hex_pad(self.out, id as u64, 4)?;
            }
            145 | 147 if self.vflag != 0 => self.icmp6_mip_verbose(bp, t, length)?,
            145 | 147 => {}
            // Router renumbering, node information and RPL have printers of their own in
            // tcpdump; everything else gets the length and a hex dump.
            138 | 139 | 140 | 155 => {}
            _ => return self.icmp6_unknown(bp, length),
        }
        if self.vflag != 0 {
            return Ok(());
        }
        self.s(", length ")?;
        self.d(length)
    }

    /// A type tcpdump has no printer for: the length and (below `-vv`) a hex dump.
    fn icmp6_unknown(&mut self, bp: usize, length: u32) -> R {
        self.s(", length ")?;
        self.d(length)?;
        if self.vflag > 1 {
            return Ok(());
        }
        self.unknown_data(bp, length as usize)
    }

    /// `-v`: `[icmp6 sum ok] ` or `[bad icmp6 cksum 0x... -> 0x...!] ` when the `length`
    /// bytes at `bp` are captured.
    #[cold]
    #[inline(never)]
    fn icmp6_cksum(&mut self, bp: usize, length: u32, iph: usize) -> R {
        if !self.test(bp, length as usize) {
            return Ok(());
        }
        let field = self.be16(bp + icmpv6::field::CHECKSUM.start)?;
        let Some(sum) = self.cksum_l4(iph, bp, length, ip_proto::ICMPV6)? else {
            return Ok(());
        };
        if sum != 0 {
            self.s("[bad icmp6 cksum 0x")?;
            fmtx::hex_pad(self.out, field as u64, 4)?;
            self.s(" -> 0x")?;
            fmtx::hex_pad(self.out, super::cksum::shouldbe(field, sum) as u64, 4)?;
            self.s("!] ")
        } else {
            self.s("[icmp6 sum ok] ")
        }
    }

    /// `-v`, router solicitation (133) and advertisement (134): the advertisement's fields
    /// and the options. `Ok(false)` when the options are cut short.
    #[cold]
    #[inline(never)]
    fn icmp6_router_verbose(&mut self, bp: usize, t: u8, length: u32) -> R<bool> {
        if t == 133 {
            return self.icmp6_opts(bp + 8, length as i64 - 8);
        }
        let hop = self.u8(bp + icmpv6::field::RA_HOP_LIMIT)?;
        let flags = self.u8(bp + icmpv6::field::RA_FLAGS)?;
        let life = self.be16(bp + icmpv6::field::RA_LIFETIME.start)?;
        let reach = self.be32(bp + icmpv6::field::RA_REACHABLE.start)?;
        let retrans = self.be32(bp + icmpv6::field::RA_RETRANS.start)?;
        self.s("\n\thop limit ")?;
        self.d(hop)?;
        self.s(", Flags [")?;
        self.bit_names(
            flags as u32,
            &[
                (0x80, "managed"),
                (0x40, "other stateful"),
                (0x20, "home agent"),
                (0x02, "ipv6 only"),
            ],
        )?;
        self.s("], pref ")?;
        self.s(rtpref(flags))?;
        self.s(", router lifetime ")?;
        self.d(life)?;
        self.s("s, reachable time ")?;
        self.d(reach)?;
        self.s("ms, retrans timer ")?;
        self.d(retrans)?;
        self.s("ms")?;
        self.icmp6_opts(bp + 16, length as i64 - 16)
    }

    /// `-v`, neighbour solicitation (135) and advertisement (136): the advertisement's
    /// flags and the options. `Ok(false)` when the options are cut short.
    #[cold]
    #[inline(never)]
    fn icmp6_neighbor_verbose(&mut self, bp: usize, t: u8, length: u32) -> R<bool> {
        if t == 136 {
            let f = self.be32(bp + icmpv6::field::NA_FLAGS)?;
            self.s(", Flags [")?;
            self.bit_names(
                f,
                &[
                    (0x8000_0000, "router"),
                    (0x4000_0000, "solicited"),
                    (0x2000_0000, "override"),
                ],
            )?;
            self.s("]")?;
        }
        self.icmp6_opts(bp + 24, length as i64 - 24)
    }

    /// `-v`, home agent discovery reply (145) and mobile prefix advertisement (147).
    #[cold]
    #[inline(never)]
    fn icmp6_mip_verbose(&mut self, bp: usize, t: u8, length: u32) -> R {
        let id = self.be16(bp + icmpv6::field::MIP_IDENT.start)?;
        self.s(", id 0x")?;
        fmtx::hex_pad(self.out, id as u64, 4)?;
        if t == 145 {
            let end = bp + length as usize;
            let mut p = bp + icmpv6::HEADER_LEN;
            while p < end {
                self.sep_ip6(", ", p)?;
                p += 16;
            }
            return Ok(());
        }
        let flags = self.be16(bp + 6)?;
        if flags & 0xc000 != 0 {
            self.s(" ")?;
        }
        if flags & 0x8000 != 0 {
            self.s("M")?;
        }
        if flags & 0x4000 != 0 {
            self.s("O")?;
        }
        if !self.icmp6_opts(bp + 8, length as i64 - 8)? {
            return self.trunc_here();
        }
        Ok(())
    }

    /// `sep` and the IPv6 address at `o`, nothing when the address is not captured (tcpdump
    /// reads it before it prints).
    fn sep_ip6(&mut self, sep: &str, o: usize) -> R {
        if !self.test(o, 16) {
            return Err(Stop::Trunc);
        }
        self.s(sep)?;
        self.ip6_at(o)
    }

    /// tcpdump's `bittok2str`: the names of the bits set in `v`, `, ` between, or `none`.
    pub(crate) fn bit_names(&mut self, v: u32, names: &[(u32, &str)]) -> R {
        let mut sep = "";
        for &(bit, n) in names {
            if v & bit != 0 {
                self.s(sep)?;
                self.s(n)?;
                sep = ", ";
            }
        }
        if sep.is_empty() {
            self.s("none")?;
        }
        Ok(())
    }

    /// `icmp6_opt_print`: the neighbour discovery options at `bp` (`resid` bytes of the
    /// message left). `Ok(false)` when they are cut short.
    fn icmp6_opts(&mut self, bp: usize, mut resid: i64) -> R<bool> {
        let mut cp = bp;
        while cp < self.snapend {
            if !self.test(cp + 1, 1) {
                return Ok(false);
            }
            if resid <= 0 {
                return Ok(true);
            }
            let ty = self.u8(cp)?;
            let olen = self.u8(cp + 1)? as usize;
            if olen == 0 || !self.test(cp, olen << 3) {
                return Ok(false);
            }
            self.s("\n\t  ")?;
            self.s(nd_opt_name(ty))?;
            self.s(" option (")?;
            self.d(ty)?;
            self.s("), length ")?;
            self.d((olen << 3) as u64)?;
            self.s(" (")?;
            self.d(olen as u64)?;
            self.s("): ")?;
            if !self.icmp6_opt(bp, cp, ty, olen)? {
                return Ok(false);
            }
            if !matches!(ty, 1..=5 | 7 | 8 | 24 | 25 | 31) && self.vflag <= 1 {
                self.unknown_data_at(cp + 2, (olen << 3) - 2, "\n\t  ")?;
                return Ok(true);
            }
            if self.vflag > 1 {
                self.unknown_data_at(cp + 2, (olen << 3) - 2, "\n\t    ")?;
            }
            cp += olen << 3;
            resid -= (olen << 3) as i64;
        }
        Ok(true)
    }

    /// One option's data (`ty`, `olen` units of 8 bytes at `cp`; `bp` the first option).
    /// `Ok(false)` when it is cut short.
    fn icmp6_opt(&mut self, bp: usize, cp: usize, ty: u8, olen: usize) -> R<bool> {
        match ty {
            1 | 2 => {
                let l = (olen << 3) - 2;
                for i in 0..l {
                    if i > 0 {
                        self.s(":")?;
                    }
                    let b = self.u8(cp + 2 + i)?;
                    fmtx::hex2(self.out, b)?;
                }
            }
            3 => {
                self.ip6_at(cp + 16)?;
                self.s("/")?;
                let plen = self.u8(cp + 2)?;
                self.d(plen)?;
                if olen != 4 {
                    self.s("badlen")?;
                }
                self.s(", Flags [")?;
                let f = self.u8(cp + 3)?;
                self.bit_names(
                    f as u32,
                    &[(0x80, "onlink"), (0x40, "auto"), (0x20, "router")],
                )?;
                self.s("], valid time ")?;
                let v = self.be32(cp + 4)?;
                self.lifetime(v)?;
                self.s(", pref. time ")?;
                let v = self.be32(cp + 8)?;
                self.lifetime(v)?;
            }
            4 => self.unknown_data_at(bp, olen << 3, "\n\t    ")?,
            5 => {
                let m = self.be32(cp + 4)?;
                self.s(" ")?;
                self.d(m)?;
                if olen != 1 {
                    self.s("bad option length")?;
                }
            }
            25 => {
                let life = self.be32(cp + 4)?;
                self.s(" lifetime ")?;
                self.d(life)?;
                self.s("s,")?;
                for i in 0..(olen - 1) / 2 {
                    self.s(" addr: ")?;
                    self.ip6_at(cp + 8 + 16 * i)?;
                }
            }
            31 => {
                let life = self.be32(cp + 4)?;
                self.s(" lifetime ")?;
                self.d(life)?;
                self.s("s, domain(s):")?;
                let end = cp + (olen << 3);
                let mut d = cp + 8;
                while d < end && self.u8(d)? != 0 {
                    self.s(" ")?;
                    match self.dns_name(d, bp)? {
                        Some(n) => d = n,
                        None => return Ok(false),
                    }
                }
            }
            7 => {
                let v = self.be32(cp + 4)?;
                self.s(" ")?;
                self.d(v)?;
                self.s("ms")?;
            }
            8 => {
                let p = self.be16(cp + 4)?;
                let l = self.be16(cp + 6)?;
                self.s(" preference ")?;
                self.d(p)?;
                self.s(", lifetime ")?;
                self.d(l)?;
            }
            24 => {
                if !self.test(cp + 4, 4) {
                    return Ok(false);
                }
                let mut a = [0u8; 16];
                match olen {
                    1 => {}
                    2 => a[..8].copy_from_slice(self.bytes(cp + 8, 8)?),
                    3 => a.copy_from_slice(self.bytes(cp + 8, 16)?),
                    _ => return Ok(false),
                }
                self.s(" ")?;
                fmtx::ipv6(self.out, &a)?;
                self.s("/")?;
                let plen = self.u8(cp + 2)?;
                self.d(plen)?;
                self.s(", pref=")?;
                let f = self.u8(cp + 3)?;
                self.s(rtpref(f))?;
                self.s(", lifetime=")?;
                let v = self.be32(cp + 4)?;
                self.lifetime(v)?;
            }
            _ => {}
        }
        Ok(true)
    }

    /// `get_lifetime`: `infinity` or `Ns`.
    fn lifetime(&mut self, v: u32) -> R {
        if v == u32::MAX {
            return self.s("infinity");
        }
        self.d(v)?;
        self.s("s")
    }

    /// `-v`: an MLDv2 query's S flag, robustness variable and query interval.
    #[cold]
    #[inline(never)]
    fn mldv2_query_flags(&mut self, bp: usize) -> R {
        let f = self.u8(bp + 24)?;
        if f & 0x08 != 0 {
            self.s(" sflag")?;
        }
        if f & 0x07 != 0 {
            self.s(" robustness=")?;
            self.d(f & 0x07)?;
        }
        let q = self.u8(bp + 25)? as u32;
        let qqi = if q < 128 {
            q
        } else {
            ((q & 0x0f) | 0x10) << (((q & 0x70) >> 4) + 3)
        };
        self.s(" qqi=")?;
        self.d(qqi)
    }

    /// `-v`: the group records of an MLDv2 report of `len` bytes at `bp` (`n` of them).
    #[cold]
    #[inline(never)]
    fn mldv2_records(&mut self, bp: usize, len: u32, n: u16) -> R {
        let len = len as usize;
        let mut group = 8usize;
        for _ in 0..n {
            if len < group + 20 {
                return self.s(" [invalid number of groups]");
            }
            self.sep_ip6(" [gaddr ", bp + group + 4)?;
            let ty = self.u8(bp + group)?;
            self.s(" ")?;
            match ty {
                1 => self.s("is_in")?,
                2 => self.s("is_ex")?,
                3 => self.s("to_in")?,
                4 => self.s("to_ex")?,
                5 => self.s("allow")?,
                6 => self.s("block")?,
                _ => {
                    self.s(" [v2-report-#")?;
                    self.d(ty)?;
                    self.s("]")?;
                }
            }
            let nsrcs = self.be16(bp + group + 2)? as usize;
            if len < group + 20 + nsrcs * 16 {
                self.s(" [invalid number of sources ")?;
                self.d(nsrcs as u64)?;
                return self.s("]");
            }
            if self.vflag == 1 {
                self.s(", ")?;
                self.d(nsrcs as u64)?;
                self.s(" source(s)")?;
            } else {
                self.s(" {")?;
                for j in 0..nsrcs {
                    self.sep_ip6(" ", bp + group + 20 + 16 * j)?;
                }
                self.s(" }")?;
            }
            group += 20 + nsrcs * 16;
            self.s("]")?;
        }
        Ok(())
    }

    /// Destination unreachable: the code and the quoted datagram at `oip`; `Ok(false)` when
    /// it ended with a hex dump (an unknown code), without the length.
    fn icmp6_unreach(&mut self, bp: usize, oip: usize, code: u8, length: u32) -> R<bool> {
        self.s(", ")?;
        match code {
            0 => self.s("unreachable route")?,
            1 => self.s(" unreachable prohibited")?,
            2 => self.s("beyond scope")?,
            3 => self.s("unreachable address")?,
            4 => self.s("unreachable port")?,
            _ => {
                self.s("unknown unreach code (")?;
                self.d(code)?;
                self.s(")")?;
            }
        }
        match code {
            0 | 1 | 3 => {
                let d = self.bytes(oip + ipv6::field::DST.start, 16)?;
                self.s(" ")?;
                fmtx::ipv6(self.out, d)?;
            }
            2 => {
                let d = self.bytes(oip + ipv6::field::DST.start, 16)?;
                let s = self.bytes(oip + ipv6::field::SRC.start, 16)?;
                self.s(" ")?;
                fmtx::ipv6(self.out, d)?;
                self.s(", source address ")?;
                fmtx::ipv6(self.out, s)?;
            }
            4 => {
                let Some((prot, uh)) = self.icmp6_upper(oip) else {
                    return Err(Stop::Trunc);
                };
                let dport = self.be16(uh + udp::field::DST_PORT.start)?;
                let d = self.bytes(oip + ipv6::field::DST.start, 16)?;
                self.s(", ")?;
                fmtx::ipv6(self.out, d)?;
                match prot {
                    6 => {
                        self.s(" tcp port ")?;
                        self.d(dport)?;
                    }
                    17 => {
                        self.s(" udp port ")?;
                        self.d(dport)?;
                    }
                    _ => {
                        self.s(" protocol ")?;
                        self.d(prot)?;
                        self.s(" port ")?;
                        self.d(dport)?;
                        self.s(" unreachable")?;
                    }
                }
            }
            _ => {
                if self.vflag > 1 {
                    return Ok(true);
                }
                self.unknown_data(bp, length as usize)?;
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Parameter problem: what is wrong, and the pointer.
    fn icmp6_param_prob(&mut self, bp: usize, oip: usize, code: u8) -> R {
        if !self.test(oip + ipv6::field::DST.start, 16) {
            return Err(Stop::Trunc);
        }
        let what = match code {
            0 => Some(", erroneous - octet "),
            1 => Some(", next header - octet "),
            2 => Some(", option - octet "),
            3 => Some(", incomplete header chain - octet "),
            _ => None,
        };
        match what {
            Some(w) => {
                self.s(w)?;
                let v = self.be32(bp + icmpv6::field::PPTR.start)?;
                self.d(v)?;
            }
            None => {
                self.s(", code-#")?;
                self.d(code)?;
            }
        }
        Ok(())
    }

    /// Multicast listener query: MLDv1 (24 bytes) or MLDv2.
    fn icmp6_mld_query(&mut self, bp: usize, length: u32) -> R {
        if length == 24 {
            self.mld6(bp)?;
        } else if length >= icmpv6::field::MLDV2_SOURCES as u32 {
            self.s(" v2")?;
            self.mldv2_query(bp, length)?;
        } else {
            self.s(" unknown-version (len ")?;
            self.d(length)?;
            self.s(") ")?;
        }
        Ok(())
    }

    pub(crate) fn mld6(&mut self, bp: usize) -> R {
        if bp + icmpv6::field::MLD_ADDR.end > self.snapend {
            return Ok(());
        }
        let d = self.be16(bp + icmpv6::field::MLD_MAX_DELAY.start)?;
        self.s("max resp delay: ")?;
        self.d(d)?;
        self.s(" ")?;
        let a = self.bytes(bp + icmpv6::field::MLD_ADDR.start, 16)?;
        self.s("addr: ")?;
        fmtx::ipv6(self.out, a)?;
        Ok(())
    }

    pub(crate) fn mldv2_query(&mut self, bp: usize, len: u32) -> R {
        if len < icmpv6::field::MLDV2_SOURCES as u32 {
            self.s(" [invalid len ")?;
            self.d(len)?;
            return self.s("]");
        }
        let mrc = self.be16(bp + icmpv6::field::MLD_MAX_DELAY.start)? as u32;
        if self.vflag != 0 {
            let mrt = if mrc < 32768 {
                mrc
            } else {
                ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3)
            };
            self.s(" [max resp delay=")?;
            self.d(mrt)?;
            self.s("]")?;
        }
        let g = self.bytes(bp + icmpv6::field::MLD_ADDR.start, 16)?;
        self.s(" [gaddr ")?;
        fmtx::ipv6(self.out, g)?;
        if self.vflag != 0 {
            self.mldv2_query_flags(bp)?;
        }
        let nsrcs = self.be16(bp + icmpv6::field::MLDV2_NUM_SOURCES.start)? as u32;
        if nsrcs > 0 {
            if (len as u64) < icmpv6::field::MLDV2_SOURCES as u64 + nsrcs as u64 * 16 {
                self.s(" [invalid number of sources]")?;
            } else if self.vflag > 1 {
                self.s(" {")?;
                for i in 0..nsrcs as usize {
                    self.sep_ip6(" ", bp + icmpv6::field::MLDV2_SOURCES + 16 * i)?;
                }
                self.s(" }")?;
            } else {
                self.s(", ")?;
                self.d(nsrcs)?;
                self.s(" source(s)")?;
            }
        }
        self.s("]")
    }
}

pub(crate) fn icmp6_type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "destination unreachable",
        2 => "packet too big",
        3 => "time exceeded in-transit",
        4 => "parameter problem",
        128 => "echo request",
        129 => "echo reply",
        130 => "multicast listener query",
        131 => "multicast listener report",
        132 => "multicast listener done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        138 => "router renumbering",
        141 => "inverse neighbor solicitation",
        142 => "inverse neighbor advertisement",
        143 => "multicast listener report v2",
        144 => "ha discovery request",
        145 => "ha discovery reply",
        146 => "mobile router solicitation",
        147 => "mobile router advertisement",
        139 => "who-are-you request",
        140 => "who-are-you reply",
        201 => "mtrace message",
        200 => "mtrace response",
        155 => "RPL",
        _ => return None,
    })
}

/// `get_rtpref`: the router preference bits of a flags byte.
fn rtpref(flags: u8) -> &'static str {
    ["medium", "high", "rsv", "low"][((flags & 0x18) >> 3) as usize]
}

/// The neighbour discovery option names tcpdump knows.
fn nd_opt_name(t: u8) -> &'static str {
    match t {
        1 => "source link-address",
        2 => "destination link-address",
        3 => "prefix info",
        4 => "redirected header",
        5 => "mtu",
        25 => "rdnss",
        31 => "dnssl",
        7 => "advertisement interval",
        8 => "homeagent information",
        24 => "route info",
        _ => "unknown",
    }
}
