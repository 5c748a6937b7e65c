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

    /// `icmp6_print` without `-v`.
    #[inline(never)]
    pub(crate) fn icmp6(&mut self, bp: usize, length: u32) -> R {
        self.proto = "icmp6";
        if length == 0 {
            self.s("ICMP6, length 0")?;
            return self.s(" (invalid)");
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
            133 | 134 | 141 | 142 => {}
            135 | 136 => {
                let a = self.bytes(bp + icmpv6::field::TARGET.start, 16)?;
                self.s(if t == 135 { ", who has " } else { ", tgt is " })?;
                fmtx::ipv6(self.out, a)?;
            }
            137 => {
                let d = self.bytes(bp + icmpv6::field::REDIRECT_DST.start, 16)?;
                self.s(", ")?;
                fmtx::ipv6(self.out, d)?;
                let t = self.bytes(bp + icmpv6::field::TARGET.start, 16)?;
                self.s(" to ")?;
                fmtx::ipv6(self.out, t)?;
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
                }
            }
            144 | 146 => {
                let id = self.be16(bp + icmpv6::field::MIP_IDENT.start)?;
                self.s(", id 0x")?;
                fmtx::hex_pad(self.out, id as u64, 4)?;
            }
            145 | 147 => {}
            _ => {
                // Router renumbering, node information and RPL have printers of their own in
                // tcpdump; everything else gets the length and a hex dump.
                if !matches!(t, 138 | 139 | 140 | 155) {
                    self.s(", length ")?;
                    self.d(length)?;
                    return self.unknown_data(bp, length as usize);
                }
            }
        }
        self.s(", length ")?;
        self.d(length)
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
        self.be16(bp + icmpv6::field::MLD_MAX_DELAY.start)?;
        let g = self.bytes(bp + icmpv6::field::MLD_ADDR.start, 16)?;
        self.s(" [gaddr ")?;
        fmtx::ipv6(self.out, g)?;
        let nsrcs = self.be16(bp + icmpv6::field::MLDV2_NUM_SOURCES.start)? as u32;
        if nsrcs > 0 {
            if (len as u64) < icmpv6::field::MLDV2_SOURCES as u64 + nsrcs as u64 * 16 {
                self.s(" [invalid number of sources]")?;
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
