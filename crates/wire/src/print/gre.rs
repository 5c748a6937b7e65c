//! GRE (IP protocol 47): tcpdump 4.99.3's `gre_print`, version 0 (RFC 2784/2890, with RFC
//! 1701's routing) and version 1 (PPTP's enhanced GRE, RFC 2637), at the default verbosity.
//! tcpdump 4.99.3 has no ERSPAN printer: ERSPAN payloads print as `gre-proto-0x88be` (type II)
//! or `gre-proto-0x22eb` (type III).

use core::fmt::Write;

use crate::ethertype;

use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// Checksum present.
const CP: u16 = 0x8000;
/// Routing present.
const RP: u16 = 0x4000;
/// Key present.
const KP: u16 = 0x2000;
/// Sequence number present.
const SP: u16 = 0x1000;
/// Acknowledgment number present (version 1).
const AP: u16 = 0x0080;
/// Source route entry address families.
const SRE_IP: u16 = 0x0800;
const SRE_ASN: u16 = 0xfffe;

/// A GRE header's running position: where the next field starts and what is left of `length`.
struct At {
    p: usize,
    len: u32,
}

impl<'a, W: Write> Cursor<'a, W> {
    /// `gre_print`: the header at `bp`, `length` bytes on the wire, and the payload.
    #[cold]
    #[inline(never)]
    pub(crate) fn gre(&mut self, bp: usize, length: u32) -> R {
        self.proto = "gre";
        let flags = self.be16(bp)?;
        if length < 2 {
            return Err(Stop::Trunc);
        }
        let vers = flags & 7;
        self.s("GREv")?;
        self.d(vers)?;
        let mut at = At {
            p: bp + 2,
            len: length - 2,
        };
        match vers {
            0 => self.gre0(flags, &mut at, length),
            1 => self.gre1(flags, &mut at, length),
            _ => self.s(" ERROR: unknown-version"),
        }
    }

    /// The next `n`-byte field (2 or 4) of a GRE header: captured and within the length.
    fn gre_field(&mut self, at: &mut At, n: u32) -> R<u32> {
        if !self.test(at.p, n as usize) || at.len < n {
            return Err(Stop::Trunc);
        }
        let v = if n == 2 {
            u32::from(self.be16(at.p)?)
        } else {
            self.be32(at.p)?
        };
        at.p += n as usize;
        at.len -= n;
        Ok(v)
    }

    /// `, proto NAME (0xXXXX)` under `-e`, then `, length N`.
    fn gre_proto_length(&mut self, prot: u16, length: u32) -> R {
        if self.eflag {
            self.s(", proto ")?;
            self.s(ethertype::name(prot).unwrap_or("unknown"))?;
            self.s(" (0x")?;
            crate::fmtx::hex_pad(self.out, u64::from(prot), 4)?;
            self.s(")")?;
        }
        self.s(", length ")?;
        self.d(length)
    }

    /// `gre_print_0`.
    fn gre0(&mut self, flags: u16, at: &mut At, length: u32) -> R {
        let prot = self.gre_field(at, 2)? as u16;
        if flags & (CP | RP) != 0 {
            self.gre_field(at, 2)?;
            let o = self.gre_field(at, 2)?;
            self.s(", off 0x")?;
            self.x(o)?;
        }
        if flags & KP != 0 {
            let k = self.gre_field(at, 4)?;
            self.s(", key=0x")?;
            self.x(k)?;
        }
        if flags & SP != 0 {
            let s = self.gre_field(at, 4)?;
            self.s(", seq ")?;
            self.d(s)?;
        }
        if flags & RP != 0 {
            loop {
                let af = self.gre_field(at, 2)? as u16;
                let sre = self.gre_field(at, 2)?;
                let (sreoff, srelen) = ((sre >> 8) as u8, sre as u8);
                if af == 0 && srelen == 0 {
                    break;
                }
                self.gre_sre(af, sreoff, srelen, at)?;
                if at.len < u32::from(srelen) {
                    return Err(Stop::Trunc);
                }
                at.p += usize::from(srelen);
                at.len -= u32::from(srelen);
            }
        }
        self.gre_proto_length(prot, length)?;
        self.s(": ")?;
        let (p, len) = (at.p, at.len);
        match prot {
            ethertype::IPV4 => self.then(Next::ip(off(p), len)),
            ethertype::IPV6 => self.then(Next::ip6(off(p), len)),
            ethertype::MPLS => self.mpls(p, len),
            ethertype::TEB => self.inner_ether(p, len),
            // IPX, AppleTalk and OSI have tcpdump printers that this crate lacks.
            ethertype::IPX | ethertype::ATALK | ethertype::GRE_ISO => Ok(()),
            _ => {
                self.s("gre-proto-0x")?;
                self.x(prot)
            }
        }
    }

    /// `gre_print_1` (PPTP).
    fn gre1(&mut self, flags: u16, at: &mut At, length: u32) -> R {
        let prot = self.gre_field(at, 2)? as u16;
        if flags & KP != 0 {
            let k = self.gre_field(at, 4)?;
            self.s(", call ")?;
            self.d(k & 0xffff)?;
        }
        if flags & SP != 0 {
            let s = self.gre_field(at, 4)?;
            self.s(", seq ")?;
            self.d(s)?;
        }
        if flags & AP != 0 {
            let a = self.gre_field(at, 4)?;
            self.s(", ack ")?;
            self.d(a)?;
        }
        if flags & SP == 0 {
            self.s(", no-payload")?;
        }
        self.gre_proto_length(prot, length)?;
        if flags & SP == 0 {
            return Ok(());
        }
        self.s(": ")?;
        if prot == ethertype::PPP {
            // PPP has a tcpdump printer that this crate lacks.
            return Ok(());
        }
        self.s("gre-proto-0x")?;
        self.x(prot)
    }

    /// `gre_sre_print`: one source route entry (RFC 1701) of `srelen` bytes at `at`.
    fn gre_sre(&mut self, af: u16, sreoff: u8, srelen: u8, at: &At) -> R {
        let (unit, name) = match af {
            SRE_IP => (4u8, "ip"),
            SRE_ASN => (2u8, "asn"),
            _ => {
                self.s(", (rtaf=0x")?;
                self.x(af)?;
                return self.s(")");
            }
        };
        self.s(", (rtaf=")?;
        self.s(name)?;
        let r = self.gre_sre_entries(unit, sreoff, srelen, at);
        self.s(")")?;
        r
    }

    /// The addresses of an IP (`unit` 4) or ASN (`unit` 2) source route entry, `*` before
    /// the one at `sreoff`.
    fn gre_sre_entries(&mut self, unit: u8, sreoff: u8, srelen: u8, at: &At) -> R {
        if sreoff % unit != 0 {
            self.s(", badoffset=")?;
            return self.d(sreoff);
        }
        if srelen % unit != 0 {
            self.s(", badlength=")?;
            return self.d(srelen);
        }
        if sreoff >= srelen {
            self.s(", badoff/len=")?;
            self.d(sreoff)?;
            self.s("/")?;
            return self.d(srelen);
        }
        let (mut i, mut len) = (0u8, at.len);
        while i < srelen {
            let p = at.p + usize::from(i);
            if !self.test(p, usize::from(unit)) || len < u32::from(unit) {
                return Err(Stop::Trunc);
            }
            self.s(if i == sreoff { " *" } else { " " })?;
            if unit == 4 {
                let a = self.bytes(p, 4)?;
                crate::fmtx::ipv4(self.out, a)?;
            } else {
                let a = self.be16(p)?;
                self.x(a)?;
            }
            i += unit;
            len -= u32::from(unit);
        }
        Ok(())
    }
}
