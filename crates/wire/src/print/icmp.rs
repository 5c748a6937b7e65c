//! ICMP (tcpdump's `icmp_print`).

use core::fmt::Write;

use crate::fmtx;

use crate::frame::{icmp, ipv4, udp};

use super::cursor::{Cursor, Stop, R};

/// How deep ICMP errors quoting ICMP errors are printed.
const MAX_QUOTED: u8 = 4;

/// Where an RFC 4884 extension header starts in an ICMP message: after the 8-byte header and
/// 128 bytes of the original datagram.
const EXT_AT: usize = 136;

impl<'a, W: Write> Cursor<'a, W> {
    /// `icmp_print`; `fragmented`: the datagram is a first fragment (no checksum checked).
    #[inline(never)]
    pub(crate) fn icmp(&mut self, bp: usize, plen: u32, fragmented: bool) -> R {
        self.proto = "icmp";
        let t = self.u8(bp)?;
        let code = self.u8(bp + icmp::field::CODE)?;
        // Everything printed comes from fields read first, so a short packet prints nothing of
        // this layer before ` [|icmp]`, as tcpdump's snprintf-then-print does.
        let oip = bp + icmp::field::DATA;
        match t {
            0 | 8 => {
                let id = self.be16(bp + icmp::field::IDENT.start)?;
                let sq = self.be16(bp + icmp::field::SEQ.start)?;
                self.s("ICMP echo ")?;
                self.s(if t == 8 { "request" } else { "reply" })?;
                self.s(", id ")?;
                self.d(id)?;
                self.s(", seq ")?;
                self.d(sq)?;
            }
            3 => self.icmp_unreach(bp, oip, code)?,
            5 => self.icmp_redirect(bp, oip, code)?,
            9 => self.icmp_router_advert(bp)?,
            11 => {
                if !self.test(oip + ipv4::field::DST.start, 4) {
                    return Err(Stop::Trunc);
                }
                self.s("ICMP ")?;
                match code {
                    0 => self.s("time exceeded in-transit")?,
                    1 => self.s("ip reassembly time exceeded")?,
                    _ => {
                        self.s("time exceeded-#")?;
                        self.d(code)?;
                    }
                }
            }
            12 => {
                if code != 0 {
                    self.s("ICMP parameter problem - code ")?;
                    self.d(code)?;
                } else {
                    let o = self.u8(bp + icmp::field::PPTR)?;
                    self.s("ICMP parameter problem - octet ")?;
                    self.d(o)?;
                }
            }
            18 => {
                let m = self.be32(bp + icmp::field::MASK.start)?;
                self.s("ICMP address mask is 0x")?;
                fmtx::hex_pad(self.out, m as u64, 8)?;
            }
            13 => {
                let id = self.be16(bp + icmp::field::IDENT.start)?;
                let sq = self.be16(bp + icmp::field::SEQ.start)?;
                self.s("ICMP time stamp query id ")?;
                self.d(id)?;
                self.s(" seq ")?;
                self.d(sq)?;
            }
            14 => self.icmp_tstamp_reply(bp)?,
            _ => {
                self.s("ICMP ")?;
                match t {
                    4 => self.s("source quench")?,
                    10 => self.s("router solicitation")?,
                    15 => self.s("information request")?,
                    16 => self.s("information reply")?,
                    17 => self.s("address mask request")?,
                    _ => {
                        self.s("type-#")?;
                        self.d(t)?;
                    }
                }
            }
        }
        self.s(", length ")?;
        self.d(plen)?;
        if self.vflag != 0 {
            self.icmp_verbose(bp, plen, t, fragmented)?;
        }
        Ok(())
    }

    /// `-v`: a wrong checksum, and the datagram an error message quotes, printed on the next
    /// line as the IP printer prints it.
    #[cold]
    #[inline(never)]
    fn icmp_verbose(&mut self, bp: usize, plen: u32, t: u8, fragmented: bool) -> R {
        if !fragmented {
            if let Some(sum) = self.cksum_over(bp, plen as usize, 0) {
                if sum != 0 {
                    let field = self.be16(bp + icmp::field::CHECKSUM.start)?;
                    self.s(" (wrong icmp cksum ")?;
                    fmtx::hex(self.out, field as u64)?;
                    self.s(" (->")?;
                    fmtx::hex(self.out, super::cksum::shouldbe(field, sum) as u64)?;
                    self.s(")!)")?;
                }
            }
        }
        // Quoted datagrams nest (an error about an error); tcpdump has no bound, this does.
        if matches!(t, 3 | 4 | 5 | 11 | 12) && self.depth < MAX_QUOTED {
            let ip = bp + icmp::field::DATA;
            self.s("\n\t")?;
            let len = self.be16(ip + ipv4::field::LENGTH.start)?;
            let saved = self.snapend;
            self.snapend = saved.min(ip + len as usize);
            self.depth += 1;
            let r = self.ip(ip, len as u32).and_then(|()| self.walk());
            self.depth -= 1;
            r?;
            self.snapend = saved;
            self.proto = "icmp";
        }
        if matches!(t, 3 | 11 | 12) && plen as usize > EXT_AT {
            self.icmp_multipart(bp, plen as usize)?;
        }
        Ok(())
    }

    /// `-v`: the RFC 4884 multi-part extension of an error message of `plen` bytes at `bp`
    /// (its header [`EXT_AT`] bytes in), and its objects.
    fn icmp_multipart(&mut self, bp: usize, plen: usize) -> R {
        // tcpdump checks that its whole extended header struct is captured first.
        if !self.test(bp, EXT_AT + 5) {
            return Err(Stop::Trunc);
        }
        let ext = bp + EXT_AT;
        let hlen = plen - EXT_AT;
        // With no length in the ICMP header, only a correct checksum says an extension is there.
        if self.u8(bp + 5)? == 0 && self.cksum_over(ext, hlen, 0).is_some_and(|c| c != 0) {
            return Ok(());
        }
        let version = self.u8(ext)? >> 4;
        self.s("\n\tICMP Multi-Part extension v")?;
        self.d(version)?;
        if version != 2 {
            return self.s(" packet not supported");
        }
        if let Some(sum) = self.cksum_over(ext, hlen, 0) {
            let field = self.be16(ext + 2)?;
            self.s(", checksum 0x")?;
            fmtx::hex_pad(self.out, field as u64, 4)?;
            self.s(if sum != 0 {
                " (incorrect)"
            } else {
                " (correct)"
            })?;
            self.s(", length ")?;
            self.d(hlen as u64)?;
        }
        let mut left = hlen.saturating_sub(4);
        let mut o = ext + 4;
        while left > 4 {
            if !self.test(o, 4) {
                return Err(Stop::Trunc);
            }
            let len = self.be16(o)? as usize;
            let class = self.u8(o + 2)?;
            let ctype = self.u8(o + 3)?;
            o += 4;
            self.s("\n\t  ")?;
            self.s(match class {
                1 => "MPLS Stack Entry",
                2 => "Interface Identification",
                _ => "unknown",
            })?;
            self.s(" Object (")?;
            self.d(class)?;
            self.s("), Class-Type: ")?;
            self.d(ctype)?;
            self.s(", length ")?;
            self.d(len as u64)?;
            left -= 4;
            if class == 0 || len < 4 {
                return Ok(());
            }
            let len = len - 4;
            if class == 1 && ctype == 1 {
                let raw = self.be32(o)?;
                self.s("\n\t    label ")?;
                self.d((raw >> 12) & 0xfffff)?;
                self.s(", tc ")?;
                self.d((raw >> 9) & 7)?;
                if (raw >> 8) & 1 != 0 {
                    self.s(", [S]")?;
                }
                self.s(", ttl ")?;
                self.d(raw & 0xff)?;
            } else {
                self.unknown_data_at(o, len, "\n\t    ")?;
            }
            if left < len {
                break;
            }
            left -= len;
            o += len;
        }
        Ok(())
    }

    /// Destination unreachable: the address, protocol or port of the datagram quoted at `oip`.
    fn icmp_unreach(&mut self, bp: usize, oip: usize, code: u8) -> R {
        let dst = oip + ipv4::field::DST.start;
        match code {
            2 => {
                let a = self.bytes(dst, 4)?;
                let pr = self.u8(oip + ipv4::field::PROTOCOL)?;
                self.s("ICMP ")?;
                fmtx::ipv4(self.out, a)?;
                self.s(" protocol ")?;
                self.d(pr)?;
                self.s(" unreachable")?;
            }
            3 => {
                self.u8(oip + ipv4::field::PROTOCOL)?;
                let hl = (self.u8(oip + ipv4::field::VER_IHL)? & 0x0f) as usize * 4;
                let dport = self.be16(oip + hl + udp::field::DST_PORT.start)?;
                let pr = self.u8(oip + ipv4::field::PROTOCOL)?;
                let a = self.bytes(dst, 4)?;
                self.s("ICMP ")?;
                fmtx::ipv4(self.out, a)?;
                match pr {
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
                        self.d(pr)?;
                        self.s(" port ")?;
                        self.d(dport)?;
                    }
                }
                self.s(" unreachable")?;
            }
            4 => {
                let mtu = self.be16(bp + icmp::field::NEXT_MTU.start)?;
                let a = self.bytes(dst, 4)?;
                self.s("ICMP ")?;
                fmtx::ipv4(self.out, a)?;
                self.s(" unreachable - need to frag")?;
                if mtu != 0 {
                    self.s(" (mtu ")?;
                    self.d(mtu)?;
                    self.s(")")?;
                }
            }
            _ => {
                let a = self.bytes(dst, 4)?;
                self.s("ICMP ")?;
                let (pre, post) = match code {
                    0 => ("net ", " unreachable"),
                    1 => ("host ", " unreachable"),
                    5 => ("", " unreachable - source route failed"),
                    6 => ("net ", " unreachable - unknown"),
                    7 => ("host ", " unreachable - unknown"),
                    8 => ("", " unreachable - source host isolated"),
                    9 => ("net ", " unreachable - admin prohibited"),
                    10 => ("host ", " unreachable - admin prohibited"),
                    11 => ("net ", " unreachable - tos prohibited"),
                    12 => ("host ", " unreachable - tos prohibited"),
                    13 => ("host ", " unreachable - admin prohibited filter"),
                    14 => ("host ", " unreachable - host precedence violation"),
                    15 => ("host ", " unreachable - precedence cutoff"),
                    _ => ("", " unreachable - #"),
                };
                self.s(pre)?;
                fmtx::ipv4(self.out, a)?;
                self.s(post)?;
                if code > 15 {
                    self.d(code)?;
                }
            }
        }
        Ok(())
    }

    /// Redirect: the quoted datagram's destination at `oip` and the gateway.
    fn icmp_redirect(&mut self, bp: usize, oip: usize, code: u8) -> R {
        let d = self.bytes(oip + ipv4::field::DST.start, 4)?;
        let gw = self.bytes(bp + icmp::field::GATEWAY.start, 4)?;
        self.s("ICMP ")?;
        let (a, b) = match code {
            0 => ("redirect ", " to net "),
            1 => ("redirect ", " to host "),
            2 => ("redirect-tos ", " to net "),
            3 => ("redirect-tos ", " to host "),
            _ => ("", ""),
        };
        if code <= 3 {
            self.s(a)?;
            fmtx::ipv4(self.out, d)?;
            self.s(b)?;
        } else {
            self.s("redirect-#")?;
            self.d(code)?;
            self.s(" ")?;
            fmtx::ipv4(self.out, d)?;
            self.s(" to ")?;
        }
        fmtx::ipv4(self.out, gw)?;
        Ok(())
    }

    /// Router advertisement: the lifetime and the addresses with their preferences (all
    /// read first).
    fn icmp_router_advert(&mut self, bp: usize) -> R {
        // Router advertisement: read everything first.
        if !self.test(bp + icmp::field::REST.start, 4) {
            return Err(Stop::Trunc);
        }
        let num = self.u8(bp + icmp::field::RA_NUM_ADDRS)?;
        let size = self.u8(bp + icmp::field::RA_ADDR_SIZE)?;
        let lifetime = self.be16(bp + icmp::field::RA_LIFETIME.start)? as u64;
        if size == 2 {
            for k in 0..num as usize {
                if !self.test(bp + icmp::field::DATA + icmp::RA_ENTRY_LEN * k, 8) {
                    return Err(Stop::Trunc);
                }
            }
        }
        self.s("ICMP router advertisement lifetime ")?;
        if lifetime < 60 {
            self.d(lifetime)?;
        } else if lifetime < 3600 {
            self.d(lifetime / 60)?;
            self.s(":")?;
            fmtx::dec_pad(self.out, lifetime % 60, 2)?;
        } else {
            self.d(lifetime / 3600)?;
            self.s(":")?;
            fmtx::dec_pad(self.out, (lifetime % 3600) / 60, 2)?;
            self.s(":")?;
            fmtx::dec_pad(self.out, lifetime % 60, 2)?;
        }
        self.s(" ")?;
        self.d(num)?;
        self.s(":")?;
        if size != 2 {
            self.s(" [size ")?;
            self.d(size)?;
            self.s("]")?;
        } else {
            for k in 0..num as usize {
                let o = bp + icmp::field::DATA + icmp::RA_ENTRY_LEN * k;
                self.s(" {")?;
                self.ip4_at(o)?;
                self.s(" ")?;
                let pref = self.be32(o + 4)?;
                self.d(pref)?;
                self.s("}")?;
            }
        }
        Ok(())
    }

    /// Timestamp reply: the id, sequence number and the three timestamps (all read first).
    fn icmp_tstamp_reply(&mut self, bp: usize) -> R {
        if !self.test(bp + icmp::field::TS_TRANSMIT.start, 4) {
            return Err(Stop::Trunc);
        }
        let id = self.be16(bp + icmp::field::IDENT.start)?;
        let sq = self.be16(bp + icmp::field::SEQ.start)?;
        let o = self.be32(bp + icmp::field::TS_ORIGINATE.start)?;
        let r = self.be32(bp + icmp::field::TS_RECEIVE.start)?;
        let x = self.be32(bp + icmp::field::TS_TRANSMIT.start)?;
        self.s("ICMP time stamp reply id ")?;
        self.d(id)?;
        self.s(" seq ")?;
        self.d(sq)?;
        self.s(": org ")?;
        self.icmp_tstamp(o)?;
        self.s(", recv ")?;
        self.icmp_tstamp(r)?;
        self.s(", xmit ")?;
        self.icmp_tstamp(x)?;
        Ok(())
    }

    pub(crate) fn icmp_tstamp(&mut self, t: u32) -> R {
        let msec = t % 1000;
        let sec = t / 1000;
        let min = sec / 60;
        let sec = sec - min * 60;
        let hrs = min / 60;
        let min = min - hrs * 60;
        fmtx::dec_pad(self.out, hrs as u64, 2)?;
        self.s(":")?;
        fmtx::dec_pad(self.out, min as u64, 2)?;
        self.s(":")?;
        fmtx::dec_pad(self.out, sec as u64, 2)?;
        self.s(".")?;
        fmtx::dec_pad(self.out, msec as u64, 3)?;
        Ok(())
    }
}
