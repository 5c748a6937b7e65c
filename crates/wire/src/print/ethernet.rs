//! The link-layer printers: Ethernet and 802.1Q/QinQ tags, LINUX_SLL2, LINUX_SLL and raw IP
//! (tcpdump's `ether_print`, `sll2_print`, `sll_print`, `raw_print`).

use core::fmt::Write;

use crate::ethertype;
use crate::fmtx;

use crate::frame::{ethernet, sll, vlan};

/// [`sll::v2::HEADER_LEN`] as the `u32` lengths are counted in.
const SLL2_LEN: u32 = sll::v2::HEADER_LEN as u32;
/// The SLL2 hardware type of 802.11 frames with a radiotap header (not decoded here).
const ARPHRD_IEEE80211_RADIOTAP: u16 = 803;

/// LINKTYPE_NULL's header: the address family.
const NULL_HDR_LEN: u32 = 4;
/// The BSD address families `null_if_print` prints a payload for.
const BSD_AF_INET: u32 = 2;
const BSD_AF_ISO: u32 = 7;
const BSD_AF_APPLETALK: u32 = 16;
const BSD_AF_IPX: u32 = 23;
const BSD_AF_INET6_BSD: u32 = 24;
const BSD_AF_INET6_FREEBSD: u32 = 28;
const BSD_AF_INET6_DARWIN: u32 = 30;

use super::cursor::{Cursor, Stop, R};
use super::next::{ethertype_has_printer, off as o32, Next};

impl<'a, W: Write> Cursor<'a, W> {
    pub(crate) fn ether_type_print(&mut self, t: u16) -> R {
        if !self.qflag {
            self.s("ethertype ")?;
            self.s(ethertype::name(t).unwrap_or("Unknown"))?;
            self.s(" (0x")?;
            fmtx::hex_pad(self.out, t as u64, 4)?;
            self.s(")")
        } else {
            match ethertype::name(t) {
                Some(n) => self.s(n),
                None => {
                    self.s("Unknown Ethertype (0x")?;
                    fmtx::hex_pad(self.out, t as u64, 4)?;
                    self.s(")")
                }
            }
        }
    }

    pub(crate) fn vlan_tci(&mut self, tci: u16) -> R {
        self.s("vlan ")?;
        self.d(tci & vlan::VID_MASK)?;
        self.s(", p ")?;
        self.d(tci >> vlan::PCP_SHIFT)?;
        if tci & vlan::DEI != 0 {
            self.s(", DEI")?;
        }
        Ok(())
    }

    /// `ether_print` / `ether_common_print`: the header, up to what its type field names.
    #[inline(always)]
    pub(crate) fn ether(&mut self, off: usize, length: u32, caplen: u32) -> R {
        self.proto = "ether";
        if length < caplen {
            self.s("[length ")?;
            self.d(length)?;
            self.s(" < caplen ")?;
            self.d(caplen)?;
            self.s("]")?;
            self.s(" (invalid)")?;
            return Ok(());
        }
        if caplen < ethernet::field::PAYLOAD as u32 {
            return Err(Stop::Trunc);
        }
        let orig_length = length;
        let (dst, src) = (
            off + ethernet::field::DST.start,
            off + ethernet::field::SRC.start,
        );
        let mut length = length - ethernet::field::ETHERTYPE.start as u32;
        let mut caplen = caplen - ethernet::field::ETHERTYPE.start as u32;
        let mut p = off + ethernet::field::ETHERTYPE.start;
        if self.eflag {
            self.mac_at(src)?;
            self.s(" > ")?;
            self.mac_at(dst)?;
            self.s(", ")?;
        }
        let mut length_type = self.be16(p)?;
        length -= 2;
        caplen -= 2;
        p += 2;
        let mut printed_length = false;
        while matches!(
            length_type,
            ethertype::VLAN | ethertype::VLAN_9100 | ethertype::VLAN_9200 | ethertype::QINQ
        ) {
            if caplen < vlan::TAG_LEN as u32 || length < vlan::TAG_LEN as u32 {
                self.proto = "vlan";
                return Err(Stop::Trunc);
            }
            if self.eflag {
                let tag = self.be16(p + vlan::field::TCI.start)?;
                self.ether_type_print(length_type)?;
                if !printed_length {
                    self.s(", length ")?;
                    self.d(orig_length)?;
                    self.s(": ")?;
                    printed_length = true;
                } else {
                    self.s(", ")?;
                }
                self.vlan_tci(tag)?;
                self.s(", ")?;
            }
            length_type = self.be16(p + vlan::field::ETHERTYPE.start)?;
            p += vlan::field::PAYLOAD;
            length -= vlan::TAG_LEN as u32;
            caplen -= vlan::TAG_LEN as u32;
        }
        if length_type <= ethertype::MAX_LENGTH {
            // 802.3 length field: an LLC header follows.
            if (length_type as u32) < length {
                length = length_type as u32;
                caplen = caplen.min(length);
            }
            self.clip(p, length as usize);
            if self.eflag {
                self.s("802.3")?;
                if !printed_length {
                    self.s(", length ")?;
                    self.d(length)?;
                    self.s(": ")?;
                }
            }
            self.llc_eth = Some(off);
            return self.then(Next::llc(o32(p), length, caplen));
        }
        if self.eflag {
            self.ether_type_print(length_type)?;
            if !printed_length {
                self.s(", length ")?;
                self.d(orig_length)?;
                self.s(": ")?;
            } else {
                self.s(", ")?;
            }
        }
        if !ethertype_has_printer(length_type) {
            return self.ether_no_printer(length_type, off, orig_length, p, caplen);
        }
        self.then(Next::ether_type(length_type, o32(p), length, caplen))
    }

    /// What `ether_print` prints for a type `t` without a printer, the Ethernet header at `eth`:
    /// the header as under `-e`, then the payload's dump.
    #[cold]
    #[inline(never)]
    fn ether_no_printer(
        &mut self,
        t: u16,
        eth: usize,
        orig_length: u32,
        at: usize,
        caplen: u32,
    ) -> R {
        if !self.eflag {
            self.mac_at(eth + ethernet::field::SRC.start)?;
            self.s(" > ")?;
            self.mac_at(eth + ethernet::field::DST.start)?;
            self.s(", ")?;
            self.ether_type_print(t)?;
            self.s(", length ")?;
            self.d(orig_length)?;
            self.s(": ")?;
        }
        self.then(Next::dump(o32(at), caplen))
    }

    /// `sll2_if_print` (LINKTYPE_LINUX_SLL2).
    #[cold]
    pub(crate) fn sll2(&mut self, length: u32, caplen: u32) -> R {
        self.proto = "sll2";
        if !self.test(0, sll::v2::HEADER_LEN) {
            return Err(Stop::Trunc);
        }
        let ifindex = self.be32(sll::v2::IFINDEX.start)?;
        let name = self
            .ifnames
            .iter()
            .find(|(i, _)| *i == ifindex)
            .map(|(_, n)| &**n)
            .unwrap_or("?");
        fmtx::left(self.out, name, 5)?;
        self.s(" ")?;
        let pkttype = self.u8(sll::v2::PKTTYPE)?;
        fmtx::left(self.out, sll_pkttype(pkttype), 3)?;
        self.s(" ")?;
        if self.eflag {
            self.sll2_header(length)?;
        }
        let mut length = length.wrapping_sub(SLL2_LEN);
        let mut caplen = caplen - SLL2_LEN;
        let mut p = sll::v2::HEADER_LEN;
        let hatype = self.be16(sll::v2::HATYPE.start)?;
        if hatype == ARPHRD_IEEE80211_RADIOTAP {
            // radiotap: not decoded here
            return self.then(Next::dump(o32(p), caplen));
        }
        let mut ether_type = self.be16(sll::v2::PROTOCOL.start)?;
        loop {
            if ether_type <= ethertype::MAX_LENGTH {
                return self.then(cooked_length_field(ether_type, p, length, caplen));
            } else if ether_type == ethertype::VLAN {
                if caplen < vlan::TAG_LEN as u32 {
                    self.proto = "vlan";
                    return Err(Stop::Trunc);
                }
                if self.eflag {
                    let tag = self.be16(p + vlan::field::TCI.start)?;
                    self.vlan_tci(tag)?;
                    self.s(", ")?;
                }
                ether_type = self.be16(p + vlan::field::ETHERTYPE.start)?;
                if ether_type <= ethertype::MAX_LENGTH {
                    ether_type = 4;
                }
                if !self.qflag {
                    self.s("ethertype ")?;
                    self.s(ethertype::name(ether_type).unwrap_or("Unknown"))?;
                    self.s(", ")?;
                }
                p += vlan::field::PAYLOAD;
                length = length.wrapping_sub(vlan::TAG_LEN as u32);
                caplen -= vlan::TAG_LEN as u32;
            } else {
                if !ethertype_has_printer(ether_type) {
                    if !self.eflag {
                        self.sll2_header(length.wrapping_add(SLL2_LEN))?;
                    }
                    return self.then(Next::dump(o32(p), caplen));
                }
                return self.then(Next::ether_type(ether_type, o32(p), length, caplen));
            }
        }
    }

    pub(crate) fn sll2_header(&mut self, length: u32) -> R {
        self.s("ifindex ")?;
        let i = self.be32(sll::v2::IFINDEX.start)?;
        self.d(i)?;
        self.s(" ")?;
        if self.u8(sll::v2::HALEN)? == 6 {
            self.mac_at(sll::v2::ADDR.start)?;
            self.s(" ")?;
        }
        if !self.qflag {
            self.cooked_type_and_length(sll::v2::PROTOCOL.start, length)?;
        }
        Ok(())
    }

    /// The `ethertype NAME (0xXXXX), length N: ` part of a cooked header (SLL and SLL2 under
    /// `-e`), the protocol field read at `at`.
    pub(crate) fn cooked_type_and_length(&mut self, at: usize, length: u32) -> R {
        let et = self.be16(at)?;
        if et <= ethertype::MAX_LENGTH {
            match et {
                1 => self.s("802.3")?,
                4 => self.s("802.2")?,
                _ => {
                    self.s("ethertype Unknown (0x")?;
                    fmtx::hex_pad(self.out, et as u64, 4)?;
                    self.s(")")?;
                }
            }
        } else {
            self.s("ethertype ")?;
            self.s(ethertype::name(et).unwrap_or("Unknown"))?;
            self.s(" (0x")?;
            fmtx::hex_pad(self.out, et as u64, 4)?;
            self.s(")")?;
        }
        self.s(", length ")?;
        self.d(length)?;
        self.s(": ")
    }

    /// `sll_if_print` (LINKTYPE_LINUX_SLL, the older cooked header).
    #[cold]
    pub(crate) fn sll(&mut self, length: u32, caplen: u32) -> R {
        self.proto = "sll";
        if !self.test(0, sll::v1::HEADER_LEN) {
            return Err(Stop::Trunc);
        }
        if self.eflag {
            self.sll_header(length)?;
        }
        let mut length = length.wrapping_sub(sll::v1::HEADER_LEN as u32);
        let mut caplen = caplen - sll::v1::HEADER_LEN as u32;
        let mut p = sll::v1::HEADER_LEN;
        if self.be16(sll::v1::HATYPE.start)? == ARPHRD_IEEE80211_RADIOTAP {
            // radiotap: not decoded here
            return self.then(Next::dump(o32(p), caplen));
        }
        let mut et = self.be16(sll::v1::PROTOCOL.start)?;
        loop {
            if et <= ethertype::MAX_LENGTH {
                return self.then(cooked_length_field(et, p, length, caplen));
            }
            if et != ethertype::VLAN {
                break;
            }
            if caplen < vlan::TAG_LEN as u32 {
                self.proto = "vlan";
                return self.trunc_here();
            }
            if self.eflag {
                let tag = self.be16(p + vlan::field::TCI.start)?;
                self.vlan_tci(tag)?;
                self.s(", ")?;
            }
            et = self.be16(p + vlan::field::ETHERTYPE.start)?;
            if et <= ethertype::MAX_LENGTH {
                et = 4;
            }
            if !self.qflag {
                self.s("ethertype ")?;
                self.s(ethertype::name(et).unwrap_or("Unknown"))?;
                self.s(", ")?;
            }
            p += vlan::field::PAYLOAD;
            length = length.wrapping_sub(vlan::TAG_LEN as u32);
            caplen -= vlan::TAG_LEN as u32;
        }
        if !ethertype_has_printer(et) {
            if !self.eflag {
                self.sll_header(length.wrapping_add(sll::v1::HEADER_LEN as u32))?;
            }
            return self.then(Next::dump(o32(p), caplen));
        }
        self.then(Next::ether_type(et, o32(p), length, caplen))
    }

    /// `sll_print`: the cooked header's packet type (`%3s`), address and protocol.
    fn sll_header(&mut self, length: u32) -> R {
        let pkttype = self.be16(sll::v1::PKTTYPE.start)?;
        let name = sll_pkttype(pkttype.min(255) as u8);
        for _ in name.len()..3 {
            self.s(" ")?;
        }
        self.s(name)?;
        self.s(" ")?;
        if self.be16(sll::v1::HALEN.start)? == 6 {
            self.mac_at(sll::v1::ADDR.start)?;
            self.s(" ")?;
        }
        if !self.qflag {
            self.cooked_type_and_length(sll::v1::PROTOCOL.start, length)?;
        }
        Ok(())
    }

    /// `null_if_print` (LINKTYPE_NULL and LINKTYPE_LOOP): a 4-byte BSD address family in the
    /// writer's byte order (LOOP: network order), taken as byte-swapped when its upper half is
    /// not zero.
    #[cold]
    pub(crate) fn null(&mut self, length: u32, caplen: u32) -> R {
        self.proto = "null";
        let b = self.bytes(0, NULL_HDR_LEN as usize)?;
        let mut family = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if family & 0xffff_0000 != 0 {
            family = family.swap_bytes();
        }
        if self.eflag {
            self.null_header(family, length)?;
        }
        let (length, caplen) = (length.wrapping_sub(NULL_HDR_LEN), caplen - NULL_HDR_LEN);
        let p = NULL_HDR_LEN;
        match family {
            BSD_AF_INET => self.then(Next::ip(p, length)),
            BSD_AF_INET6_BSD | BSD_AF_INET6_FREEBSD | BSD_AF_INET6_DARWIN => {
                self.then(Next::ip6(p, length))
            }
            // ISO, AppleTalk, IPX: tcpdump printers this crate lacks.
            BSD_AF_ISO | BSD_AF_APPLETALK | BSD_AF_IPX => Ok(()),
            _ => {
                if !self.eflag {
                    self.null_header(family, length.wrapping_add(NULL_HDR_LEN))?;
                }
                self.then(Next::dump(p, caplen))
            }
        }
    }

    /// `null_hdr_print`: `AF NAME (N), length L: ` (`-q`: `NAME` alone).
    fn null_header(&mut self, family: u32, length: u32) -> R {
        let name = match family {
            BSD_AF_INET => Some("IPv4"),
            6 => Some("NS"),
            BSD_AF_ISO => Some("ISO"),
            BSD_AF_APPLETALK => Some("Appletalk"),
            BSD_AF_IPX => Some("IPX"),
            BSD_AF_INET6_BSD | BSD_AF_INET6_FREEBSD | BSD_AF_INET6_DARWIN => Some("IPv6"),
            _ => None,
        };
        if !self.qflag {
            self.s("AF ")?;
            self.s(name.unwrap_or("Unknown"))?;
            self.s(" (")?;
            self.d(family)?;
            self.s(")")?;
        } else if let Some(n) = name {
            self.s(n)?;
        } else {
            self.s("Unknown AF ")?;
            self.d(family)?;
        }
        self.s(", length ")?;
        self.d(length)?;
        self.s(": ")
    }

    /// LINKTYPE_RAW: `ipN_print`, with `ip: ` first under `-e`.
    pub(crate) fn raw(&mut self, length: u32) -> R {
        self.proto = "raw";
        if self.eflag {
            self.s("ip: ")?;
        }
        self.proto = "ipn";
        if length < 1 {
            self.s("truncated-ip ")?;
            self.d(length)?;
            return Ok(());
        }
        let b = self.u8(0)?;
        let next = match b & 0xf0 {
            0x40 => Next::ip(0, length),
            0x60 => Next::ip6(0, length),
            _ => {
                self.s("unknown ip ")?;
                self.d((b & 0xf0) >> 4)?;
                Next::DONE
            }
        };
        self.then(next)
    }
}

/// A cooked header's protocol field at most [`ethertype::MAX_LENGTH`]: 4 is an 802.2 LLC
/// header, anything else is dumped.
fn cooked_length_field(t: u16, p: usize, length: u32, caplen: u32) -> Next {
    if t == 4 {
        Next::llc(o32(p), length, caplen)
    } else {
        Next::dump(o32(p), caplen)
    }
}

pub(crate) fn sll_pkttype(t: u8) -> &'static str {
    match t {
        0 => "In",
        1 => "B",
        2 => "M",
        3 => "P",
        4 => "Out",
        _ => "?",
    }
}
