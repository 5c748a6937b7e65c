//! The tcpdump emulator: walks a frame the way tcpdump 4.99's printers do and writes the same
//! text. Every read is bounds-checked against `snapend`; a read past it stops the walk with
//! [`Stop::Trunc`] and the caller appends tcpdump's ` [|proto]` marker.

use core::fmt::{self, Write};

use crate::apps::{self, TcpApp, TextProto, UdpApp};
use crate::fmtx;
use crate::names::AddrCache;
use crate::tcpseq::{SeqKey, TcpSeqState};
use crate::{ethertype, ip_proto};

/// Why a walk stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// A read went past the captured data (or past a protocol's own length): print ` [|proto]`.
    Trunc,
    /// The output writer failed.
    Fmt,
}

impl From<fmt::Error> for Stop {
    fn from(_: fmt::Error) -> Self {
        Stop::Fmt
    }
}

pub(crate) type R<T = ()> = Result<T, Stop>;

/// ARP hardware type 19 (RFC 2225 ATM ARP).
const ARPHRD_ATM2225: u16 = 19;

/// Looks an interface index up for the LINUX_SLL2 printer.
pub(crate) type IfNames<'a> = &'a [(u32, Box<str>)];

/// One walk over one packet.
pub(crate) struct Engine<'a, W: Write> {
    pub out: &'a mut W,
    pub p: &'a [u8],
    pub snapend: usize,
    pub proto: &'static str,
    pub eflag: bool,
    pub qflag: bool,
    /// Print hex dumps of undecoded payloads (tcpdump's default printer), as tcpdump does
    /// without `-q`/`-x`.
    pub default_print: bool,
    pub tcp: Option<&'a mut TcpSeqState>,
    pub ifnames: IfNames<'a>,
    /// Formatted addresses kept between packets (a [`crate::Printer`]'s).
    pub names: Option<&'a mut AddrCache>,
}

impl<'a, W: Write> Engine<'a, W> {
    // ---- bounds-checked reads -------------------------------------------------------------

    #[inline(always)]
    pub fn u8(&self, o: usize) -> R<u8> {
        if o < self.snapend {
            Ok(self.p[o])
        } else {
            Err(Stop::Trunc)
        }
    }

    #[inline(always)]
    pub fn be16(&self, o: usize) -> R<u16> {
        if self.test(o, 2) {
            Ok(u16::from_be_bytes([self.p[o], self.p[o + 1]]))
        } else {
            Err(Stop::Trunc)
        }
    }

    #[inline(always)]
    pub fn be32(&self, o: usize) -> R<u32> {
        if self.test(o, 4) {
            Ok(u32::from_be_bytes([
                self.p[o],
                self.p[o + 1],
                self.p[o + 2],
                self.p[o + 3],
            ]))
        } else {
            Err(Stop::Trunc)
        }
    }

    /// `ND_TTEST_LEN`: are `len` bytes at `o` captured?
    #[inline(always)]
    pub fn test(&self, o: usize, len: usize) -> bool {
        o.checked_add(len).is_some_and(|e| e <= self.snapend)
    }

    #[inline(always)]
    pub fn bytes(&self, o: usize, len: usize) -> R<&'a [u8]> {
        if self.test(o, len) {
            Ok(&self.p[o..o + len])
        } else {
            Err(Stop::Trunc)
        }
    }

    /// `ND_BYTES_AVAILABLE_AFTER`.
    #[inline(always)]
    pub fn avail(&self, o: usize) -> usize {
        self.snapend.saturating_sub(o)
    }

    /// `nd_push_snaplen`: shorten the captured data to `len` bytes from `o`, never lengthen it.
    #[inline]
    pub fn clip(&mut self, o: usize, len: usize) {
        if len <= self.avail(o) {
            self.snapend = o + len;
        }
    }

    // ---- output ---------------------------------------------------------------------------

    #[inline(always)]
    pub fn s(&mut self, s: &str) -> R {
        self.out.write_str(s)?;
        Ok(())
    }

    #[inline(always)]
    pub fn d(&mut self, v: impl Into<u64>) -> R {
        fmtx::dec(self.out, v.into())?;
        Ok(())
    }

    /// Prints the `N`-byte address at `o`: through the address cache when there is one
    /// (`cached`), formatted afresh otherwise (`plain`).
    #[inline(always)]
    fn addr_at<const N: usize>(
        &mut self,
        o: usize,
        cached: impl FnOnce(&mut AddrCache, &mut W, &[u8; N]) -> fmt::Result,
        plain: impl FnOnce(&mut W, &[u8]) -> fmt::Result,
    ) -> R {
        let a: &[u8; N] = self.bytes(o, N)?.try_into().map_err(|_| Stop::Trunc)?;
        match self.names.as_deref_mut() {
            Some(c) => cached(c, self.out, a)?,
            None => plain(self.out, a)?,
        }
        Ok(())
    }

    #[inline]
    pub fn ip4_at(&mut self, o: usize) -> R {
        self.addr_at::<4>(o, |c, out, a| c.ipv4(out, a), fmtx::ipv4)
    }

    #[inline]
    pub fn ip6_at(&mut self, o: usize) -> R {
        self.addr_at::<16>(o, |c, out, a| c.ipv6(out, a), fmtx::ipv6)
    }

    #[inline]
    pub fn mac_at(&mut self, o: usize) -> R {
        self.addr_at::<6>(o, |c, out, a| c.mac(out, a), fmtx::mac)
    }

    /// `nd_print_trunc` followed by a normal return.
    pub fn trunc_here(&mut self) -> R {
        self.s(" [|")?;
        let p = self.proto;
        self.s(p)?;
        self.s("]")
    }

    /// `ND_DEFAULTPRINT` where tcpdump guards it with `ndo_suppress_default_print` (`-q`).
    pub fn default_print_guarded(&mut self, o: usize, len: usize) -> R {
        if self.qflag {
            return Ok(());
        }
        self.default_print(o, len)
    }

    /// tcpdump's default printer: a hex and ASCII dump of the undecoded bytes, on new lines.
    pub fn default_print(&mut self, o: usize, len: usize) -> R {
        if !self.default_print {
            return Ok(());
        }
        let avail = self.avail(o);
        let n = len.min(avail);
        let data = if n == 0 { &[][..] } else { &self.p[o..o + n] };
        fmtx::hexdump(self.out, "\n\t", data, true)?;
        if len > avail {
            return Err(Stop::Trunc);
        }
        Ok(())
    }

    /// `print_unknown_data`: hex only, clipped to the captured bytes.
    pub fn unknown_data(&mut self, o: usize, len: usize) -> R {
        if !self.default_print {
            return Ok(());
        }
        let n = len.min(self.avail(o));
        let data = if n == 0 { &[][..] } else { &self.p[o..o + n] };
        fmtx::hexdump(self.out, "\n\t", data, false)?;
        Ok(())
    }

    fn ether_type_print(&mut self, t: u16) -> R {
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

    fn vlan_tci(&mut self, tci: u16) -> R {
        self.s("vlan ")?;
        self.d(tci & 0xfff)?;
        self.s(", p ")?;
        self.d(tci >> 13)?;
        if tci & 0x1000 != 0 {
            self.s(", DEI")?;
        }
        Ok(())
    }

    // ---- link layers ----------------------------------------------------------------------

    /// `ether_print` / `ether_common_print`.
    pub fn ether(&mut self, off: usize, length: u32, caplen: u32) -> R {
        self.proto = "ether";
        if length < caplen {
            self.s("[length ")?;
            self.d(length)?;
            self.s(" < caplen ")?;
            self.d(caplen)?;
            self.s("]")?;
            return self.s(" (invalid)");
        }
        if caplen < 14 {
            return Err(Stop::Trunc);
        }
        let orig_length = length;
        let (dst, src) = (off, off + 6);
        let mut length = length - 12;
        let mut caplen = caplen - 12;
        let mut p = off + 12;
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
            if caplen < 4 || length < 4 {
                self.proto = "vlan";
                return Err(Stop::Trunc);
            }
            if self.eflag {
                let tag = self.be16(p)?;
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
            length_type = self.be16(p + 2)?;
            p += 4;
            length -= 4;
            caplen -= 4;
        }
        if length_type <= ethertype::MAX_LENGTH {
            // 802.3 length field: an LLC header follows.
            if (length_type as u32) < length {
                length = length_type as u32;
                caplen = caplen.min(length);
            }
            let saved = self.snapend;
            self.clip(p, length as usize);
            if self.eflag {
                self.s("802.3")?;
                if !printed_length {
                    self.s(", length ")?;
                    self.d(length)?;
                    self.s(": ")?;
                }
            }
            let r = crate::llc::llc_print(self, p, length, caplen, Some((src, dst)));
            match r {
                Ok(true) => {}
                Ok(false) => self.default_print_guarded(p, caplen as usize)?,
                Err(e) => return Err(e),
            }
            self.snapend = saved;
            return Ok(());
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
        if !self.ethertype_print(length_type, p, length, caplen)? {
            if !self.eflag {
                self.mac_at(src)?;
                self.s(" > ")?;
                self.mac_at(dst)?;
                self.s(", ")?;
                self.ether_type_print(length_type)?;
                self.s(", length ")?;
                self.d(orig_length)?;
                self.s(": ")?;
            }
            self.default_print_guarded(p, caplen as usize)?;
        }
        Ok(())
    }

    /// `ethertype_print`: `Ok(false)` when the type has no printer here.
    pub fn ethertype_print(&mut self, t: u16, p: usize, length: u32, caplen: u32) -> R<bool> {
        match t {
            ethertype::IPV4 => self.ip(p, length)?,
            ethertype::IPV6 => self.ip6(p, length)?,
            ethertype::ARP | ethertype::REVARP => self.arp(p, length, caplen)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `sll2_if_print` (LINKTYPE_LINUX_SLL2).
    pub fn sll2(&mut self, length: u32, caplen: u32) -> R {
        self.proto = "sll2";
        if !self.test(0, 20) {
            return Err(Stop::Trunc);
        }
        let ifindex = self.be32(4)?;
        let name = self
            .ifnames
            .iter()
            .find(|(i, _)| *i == ifindex)
            .map(|(_, n)| &**n)
            .unwrap_or("?");
        fmtx::left(self.out, name, 5)?;
        self.s(" ")?;
        let pkttype = self.u8(10)?;
        fmtx::left(self.out, sll_pkttype(pkttype), 3)?;
        self.s(" ")?;
        if self.eflag {
            self.sll2_header(length)?;
        }
        let mut length = length.wrapping_sub(20);
        let mut caplen = caplen - 20;
        let mut p = 20usize;
        let hatype = self.be16(8)?;
        if hatype == 803 {
            // radiotap: not decoded here
            return self.default_print_guarded(p, caplen as usize);
        }
        let mut ether_type = self.be16(0)?;
        loop {
            if ether_type <= ethertype::MAX_LENGTH {
                match ether_type {
                    4 => {
                        if !crate::llc::llc_print(self, p, length, caplen, None)? {
                            self.default_print_guarded(p, caplen as usize)?;
                        }
                    }
                    _ => self.default_print_guarded(p, caplen as usize)?,
                }
                return Ok(());
            } else if ether_type == ethertype::VLAN {
                if caplen < 4 {
                    self.proto = "vlan";
                    return Err(Stop::Trunc);
                }
                if self.eflag {
                    let tag = self.be16(p)?;
                    self.vlan_tci(tag)?;
                    self.s(", ")?;
                }
                ether_type = self.be16(p + 2)?;
                if ether_type <= ethertype::MAX_LENGTH {
                    ether_type = 4;
                }
                if !self.qflag {
                    self.s("ethertype ")?;
                    self.s(ethertype::name(ether_type).unwrap_or("Unknown"))?;
                    self.s(", ")?;
                }
                p += 4;
                length = length.wrapping_sub(4);
                caplen -= 4;
            } else {
                if !self.ethertype_print(ether_type, p, length, caplen)? {
                    if !self.eflag {
                        self.sll2_header(length.wrapping_add(20))?;
                    }
                    self.default_print_guarded(p, caplen as usize)?;
                }
                return Ok(());
            }
        }
    }

    fn sll2_header(&mut self, length: u32) -> R {
        self.s("ifindex ")?;
        let i = self.be32(4)?;
        self.d(i)?;
        self.s(" ")?;
        if self.u8(11)? == 6 {
            self.mac_at(12)?;
            self.s(" ")?;
        }
        if !self.qflag {
            self.cooked_type_and_length(0, length)?;
        }
        Ok(())
    }

    /// The `ethertype NAME (0xXXXX), length N: ` part of a cooked header (SLL and SLL2 under
    /// `-e`), the protocol field read at `at`.
    fn cooked_type_and_length(&mut self, at: usize, length: u32) -> R {
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
    pub fn sll(&mut self, length: u32, caplen: u32) -> R {
        self.proto = "sll";
        if !self.test(0, 16) {
            return Err(Stop::Trunc);
        }
        if self.eflag {
            let pkttype = self.be16(0)?;
            self.s(sll_pkttype(pkttype.min(255) as u8))?;
            self.s(" ")?;
            let halen = self.be16(4)?;
            if halen == 6 {
                self.mac_at(6)?;
                self.s(" ")?;
            }
            if !self.qflag {
                self.cooked_type_and_length(14, length)?;
            }
        }
        let length = length.wrapping_sub(16);
        let caplen = caplen - 16;
        let p = 16usize;
        let et = self.be16(14)?;
        if et <= ethertype::MAX_LENGTH {
            if et == 4 {
                if !crate::llc::llc_print(self, p, length, caplen, None)? {
                    self.default_print_guarded(p, caplen as usize)?;
                }
            } else {
                self.default_print_guarded(p, caplen as usize)?;
            }
            return Ok(());
        }
        if !self.ethertype_print(et, p, length, caplen)? {
            self.default_print_guarded(p, caplen as usize)?;
        }
        Ok(())
    }

    /// LINKTYPE_RAW: `ipN_print`, with `ip: ` first under `-e`.
    pub fn raw(&mut self, length: u32) -> R {
        self.proto = "raw";
        if self.eflag {
            self.s("ip: ")?;
        }
        self.proto = "ipn";
        if length < 1 {
            self.s("truncated-ip ")?;
            return self.d(length);
        }
        let b = self.u8(0)?;
        match b & 0xf0 {
            0x40 => self.ip(0, length),
            0x60 => self.ip6(0, length),
            _ => {
                self.s("unknown ip ")?;
                self.d((b & 0xf0) >> 4)
            }
        }
    }

    // ---- ARP ------------------------------------------------------------------------------

    fn linkaddr(&mut self, o: usize, len: usize) -> R {
        if len == 0 {
            return self.s("<empty>");
        }
        let a = self.bytes(o, len)?;
        fmtx::bytes_colon(self.out, a)?;
        Ok(())
    }

    fn arp_ip(&mut self, o: usize, pro: u16, pln: u8) -> R {
        if pro != ethertype::IPV4 && pro != ethertype::TRAIL {
            self.s("<wrong proto type>")
        } else if pln != 4 {
            self.s("<wrong len>")
        } else {
            self.ip4_at(o)
        }
    }

    /// `arp_print`.
    pub fn arp(&mut self, bp: usize, length: u32, caplen: u32) -> R {
        self.proto = "arp";
        if !self.test(bp, 8) {
            return Err(Stop::Trunc);
        }
        let hrd = self.be16(bp)?;
        if hrd == ARPHRD_ATM2225 {
            return self.atmarp(bp, length, caplen);
        }
        let pro = self.be16(bp + 2)?;
        let hln = self.u8(bp + 4)?;
        let pln = self.u8(bp + 5)?;
        let op = self.be16(bp + 6)?;
        let (h, pl) = (hln as usize, pln as usize);
        let sha = bp + 8;
        let spa = sha + h;
        let tha = spa + pl;
        let tpa = tha + h;
        if !self.test(tpa, pl) {
            return Err(Stop::Trunc);
        }
        if !self.eflag {
            self.s("ARP, ")?;
        }
        if (pro != ethertype::IPV4 && pro != ethertype::TRAIL) || pln != 4 || hln == 0 {
            match arphrd_name(hrd) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("Unknown Hardware (")?;
                    self.d(hrd)?;
                    self.s(")")?;
                }
            }
            self.s(" (len ")?;
            self.d(hln)?;
            self.s("), ")?;
            match ethertype::name(pro) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("Unknown Protocol (0x")?;
                    fmtx::hex_pad(self.out, pro as u64, 4)?;
                    self.s(")")?;
                }
            }
            self.s(" (len ")?;
            self.d(pln)?;
            self.s(")")?;
        } else {
            match arpop_name(op) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("Unknown (")?;
                    self.d(op)?;
                    self.s(")")?;
                }
            }
            self.s(" ")?;
            match op {
                1 => {
                    self.s("who-has ")?;
                    self.arp_ip(tpa, pro, pln)?;
                    let t = self.bytes(tha, h)?;
                    if t.iter().any(|&b| b != 0) {
                        self.s(" (")?;
                        self.linkaddr(tha, h)?;
                        self.s(")")?;
                    }
                    self.s(" tell ")?;
                    self.arp_ip(spa, pro, pln)?;
                }
                2 => {
                    self.arp_ip(spa, pro, pln)?;
                    self.s(" is-at ")?;
                    self.linkaddr(sha, h)?;
                }
                3 | 8 => {
                    self.s("who-is ")?;
                    self.linkaddr(tha, h)?;
                    self.s(" tell ")?;
                    self.linkaddr(sha, h)?;
                }
                4 => {
                    self.linkaddr(tha, h)?;
                    self.s(" at ")?;
                    self.arp_ip(tpa, pro, pln)?;
                }
                9 => {
                    self.linkaddr(sha, h)?;
                    self.s(" at ")?;
                    self.arp_ip(spa, pro, pln)?;
                }
                _ => return self.default_print(bp, caplen as usize),
            }
        }
        self.s(", length ")?;
        self.d(length)
    }

    /// `atmarp_addr_print`: an ATM number and, if any, its subaddress after a comma.
    fn atm_addr(&mut self, ha: usize, ha_len: usize, sa: usize, sa_len: usize) -> R {
        if ha_len == 0 {
            return self.s("<No address>");
        }
        self.linkaddr(ha, ha_len)?;
        if sa_len != 0 {
            self.s(",")?;
            self.linkaddr(sa, sa_len)?;
        }
        Ok(())
    }

    /// An ATMARP protocol address: IPv4 or a complaint naming the bad length (`which`).
    fn atm_ip(&mut self, o: usize, pro: u16, pln: u8, which: &str) -> R {
        if pro != ethertype::IPV4 && pro != ethertype::TRAIL {
            self.s("<wrong proto type>")
        } else if pln != 4 {
            self.s("<wrong ")?;
            self.s(which)?;
            self.s(">")
        } else {
            self.ip4_at(o)
        }
    }

    /// `atmarp_print`: RFC 2225 ARP (hardware type 19), whose addresses are variable-length ATM
    /// numbers and subaddresses in a 12-byte fixed header.
    fn atmarp(&mut self, bp: usize, length: u32, caplen: u32) -> R {
        if !self.test(bp, 12) {
            return Err(Stop::Trunc);
        }
        let pro = self.be16(bp + 2)?;
        let op = self.be16(bp + 6)?;
        let len6 = |v: u8| (v & 0x3f) as usize;
        let (shl, ssl) = (len6(self.u8(bp + 4)?), len6(self.u8(bp + 5)?));
        let spln = self.u8(bp + 8)?;
        let (thl, tsl) = (len6(self.u8(bp + 9)?), len6(self.u8(bp + 10)?));
        let tpln = self.u8(bp + 11)?;
        let sha = bp + 12;
        let ssa = sha + shl;
        let spa = ssa + ssl;
        let tha = spa + spln as usize;
        let tsa = tha + thl;
        let tpa = tsa + tsl;
        if !self.test(tpa, tpln as usize) {
            return Err(Stop::Trunc);
        }
        if !self.eflag {
            self.s("ARP, ")?;
        }
        if (pro != ethertype::IPV4 && pro != ethertype::TRAIL) || spln != 4 || tpln != 4 {
            self.s("ATM, ")?;
            match ethertype::name(pro) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("Unknown Protocol (0x")?;
                    fmtx::hex_pad(self.out, pro as u64, 4)?;
                    self.s(")")?;
                }
            }
            self.s(" (len ")?;
            self.d(spln)?;
            self.s("/")?;
            self.d(tpln)?;
            self.s(")")?;
        } else {
            match arpop_name(op) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("Unknown (")?;
                    self.d(op)?;
                    self.s(")")?;
                }
            }
            self.s(" ")?;
            match op {
                1 => {
                    self.s("who-has ")?;
                    self.atm_ip(tpa, pro, tpln, "tplen")?;
                    if thl != 0 {
                        self.s(" (")?;
                        self.atm_addr(tha, thl, tsa, tsl)?;
                        self.s(")")?;
                    }
                    self.s(" tell ")?;
                    self.atm_ip(spa, pro, spln, "splen")?;
                }
                2 => {
                    self.atm_ip(spa, pro, spln, "splen")?;
                    self.s(" is-at ")?;
                    self.atm_addr(sha, shl, ssa, ssl)?;
                }
                8 => {
                    self.s("who-is ")?;
                    self.atm_addr(tha, thl, tsa, tsl)?;
                    self.s(" tell ")?;
                    self.atm_addr(sha, shl, ssa, ssl)?;
                }
                9 => {
                    // tcpdump prints no space before "at" here.
                    self.atm_addr(sha, shl, ssa, ssl)?;
                    self.s("at ")?;
                    self.atm_ip(spa, pro, spln, "splen")?;
                }
                10 => {
                    self.s("for ")?;
                    self.atm_ip(spa, pro, spln, "splen")?;
                }
                _ => return self.default_print(bp, caplen as usize),
            }
        }
        self.s(", length ")?;
        self.d(length)
    }

    // ---- IPv4 -----------------------------------------------------------------------------

    /// `ip_print`.
    pub fn ip(&mut self, bp: usize, length: u32) -> R {
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
            return self.s(" (invalid)");
        }
        if !self.eflag {
            self.s("IP ")?;
        }
        if !self.test(bp, 20) {
            return Err(Stop::Trunc);
        }
        if length < 20 {
            self.s("truncated-ip ")?;
            return self.d(length);
        }
        let hlen = (b0 & 0x0f) as u32 * 4;
        if hlen < 20 {
            self.s("bad-hlen ")?;
            return self.d(hlen);
        }
        let mut len = self.be16(bp + 2)? as u32;
        if length < len {
            self.s("truncated-ip - ")?;
            self.d(len - length)?;
            self.s(" bytes missing! ")?;
        }
        if len < hlen {
            self.s("bad-len ")?;
            return self.d(len);
        }
        let saved = self.snapend;
        self.clip(bp, len as usize);
        len -= hlen;
        let off = self.be16(bp + 6)?;
        let proto = self.u8(bp + 9)?;
        if off & 0x1fff == 0 {
            if !matches!(proto, 6 | 17 | 132 | 33) {
                self.ip4_at(bp + 12)?;
                self.s(" > ")?;
                self.ip4_at(bp + 16)?;
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
            let ttl = self.u8(bp + 8)?;
            self.ip_demux(
                bp + hlen as usize,
                len,
                4,
                off & 0x2000 != 0,
                ttl,
                proto,
                bp,
            )?;
        } else {
            self.ip4_at(bp + 12)?;
            self.s(" > ")?;
            self.ip4_at(bp + 16)?;
            self.s(": ip-proto-")?;
            self.d(proto)?;
        }
        self.snapend = saved;
        Ok(())
    }

    /// `ip_demux_print`.
    #[allow(clippy::too_many_arguments)]
    pub fn ip_demux(
        &mut self,
        bp: usize,
        length: u32,
        ver: u8,
        fragmented: bool,
        _ttl: u8,
        nh: u8,
        iph: usize,
    ) -> R {
        match nh {
            6 => self.tcp(bp, length, iph, fragmented),
            17 => self.udp(bp, length, iph, fragmented),
            1 if ver == 4 => self.icmp(bp, length, iph),
            58 if ver == 6 => self.icmp6(bp, length, iph),
            2 if ver == 4 && !matches!(self.u8(bp), Ok(0x13 | 0x14 | 0x1e | 0x1f)) => {
                self.igmp(bp, length)
            }
            1 | 2 if ver != 4 => self.requires(nh, "IPv4"),
            58 | 143 if ver != 6 => self.requires(nh, "IPv6"),
            77 => {
                self.s(" nd ")?;
                self.d(length)
            }
            4 => self.ip(bp, length),
            41 => self.ip6(bp, length),
            143 => {
                let avail = self.avail(bp) as u32;
                self.ether(bp, length, avail)
            }
            59 => self.s("no next header"),
            33 => crate::dccp::dccp_print(self, bp, length, iph),
            132 => {
                // SCTP prints its own addresses in tcpdump; not decoded here.
                if ver == 4 {
                    self.ip4_at(iph + 12)?;
                    self.s(" > ")?;
                    self.ip4_at(iph + 16)?;
                    self.s(":")?;
                }
                self.s(" ip-proto-")?;
                self.d(nh)?;
                self.s(" ")?;
                self.d(length)
            }
            _ => {
                self.s(" ip-proto-")?;
                self.d(nh)?;
                self.s(" ")?;
                self.d(length)
            }
        }
    }

    fn requires(&mut self, nh: u8, what: &str) -> R {
        self.s("[")?;
        self.s(ip_proto::name(nh).unwrap_or("unknown"))?;
        self.s(" requires ")?;
        self.s(what)?;
        self.s("]")?;
        self.s(" (invalid)")
    }

    // ---- IPv6 -----------------------------------------------------------------------------

    /// `ip6_print`.
    pub fn ip6(&mut self, bp: usize, length: u32) -> R {
        self.proto = "ip6";
        if !self.test(bp, 40) {
            return Err(Stop::Trunc);
        }
        if length < 40 {
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
        let mut payload_len = self.be16(bp + 4)? as u32;
        let mut len: u32;
        if payload_len != 0 {
            len = payload_len + 40;
            if length < len {
                self.s("truncated-ip6 - ")?;
                self.d(len - length)?;
                self.s(" bytes missing!")?;
            }
        } else {
            len = length.wrapping_add(40);
        }
        let mut ph: u8 = 255;
        let mut nh = self.u8(bp + 6)?;
        let saved = self.snapend;
        self.clip(bp, len as usize);
        let mut cp = bp;
        let mut advance: usize = 40;
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
            if cp == bp + 40 && !matches!(nh, 6 | 17 | 33 | 132) {
                self.ip6_at(bp + 8)?;
                self.s(" > ")?;
                self.ip6_at(bp + 24)?;
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
                    let plen = self.be16(bp + 4)? as u64;
                    self.s("frag (")?;
                    self.d(offlg & 0xfff8)?;
                    self.s("|")?;
                    let rest = (40u64 + plen)
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
                    crate::mobility::mobility_print(self, cp)?;
                    self.snapend = saved;
                    return Ok(());
                }
                _ => {
                    if found_jumbo {
                        len = payload_len.wrapping_add(40);
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
                        len = 40;
                        self.clip(bp, 40);
                        len -= total_advance;
                    }
                    let hlim = self.u8(bp + 7)?;
                    self.ip_demux(cp, len, 6, fragmented, hlim, nh, bp)?;
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
    fn hbhopt(
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
    fn ip6_opts(
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
    fn rt6(&mut self, cp: usize) -> R<Option<usize>> {
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

    // ---- TCP ------------------------------------------------------------------------------

    fn addr_pair(&mut self, iph: usize, v6: bool) -> R {
        if v6 {
            self.ip6_at(iph + 8)?;
            self.s(" > ")?;
            self.ip6_at(iph + 24)
        } else {
            self.ip4_at(iph + 12)?;
            self.s(" > ")?;
            self.ip4_at(iph + 16)
        }
    }

    fn ports(&mut self, iph: usize, v6: bool, proto: u8, sport: u16, dport: u16) -> R {
        let direct = if v6 {
            self.u8(iph + 6)?
        } else {
            self.u8(iph + 9)?
        } == proto;
        if direct {
            let (s, d, n) = if v6 {
                (iph + 8, iph + 24, 16)
            } else {
                (iph + 12, iph + 16, 4)
            };
            if self.test(s, n) && self.test(d, n) {
                if let Some(c) = self.names.as_deref_mut() {
                    c.flow(self.out, &self.p[s..s + n], &self.p[d..d + n], sport, dport)?;
                    return Ok(());
                }
            }
            if v6 {
                self.ip6_at(iph + 8)?;
                self.s(".")?;
                self.d(sport)?;
                self.s(" > ")?;
                self.ip6_at(iph + 24)?;
            } else {
                self.ip4_at(iph + 12)?;
                self.s(".")?;
                self.d(sport)?;
                self.s(" > ")?;
                self.ip4_at(iph + 16)?;
            }
            self.s(".")?;
            self.d(dport)?;
            self.s(": ")
        } else {
            self.d(sport)?;
            self.s(" > ")?;
            self.d(dport)?;
            self.s(": ")
        }
    }

    /// `tcp_print`.
    pub fn tcp(&mut self, bp: usize, length: u32, iph: usize, _fragmented: bool) -> R {
        self.proto = "tcp";
        let v6 = self.u8(iph)? >> 4 == 6;
        if !self.test(bp + 2, 2) {
            self.addr_pair(iph, v6)?;
            self.s(":")?;
            return Err(Stop::Trunc);
        }
        let sport = self.be16(bp)?;
        let dport = self.be16(bp + 2)?;
        self.ports(iph, v6, 6, sport, dport)?;
        if !self.test(bp, 20) {
            return Err(Stop::Trunc);
        }
        let mut hlen = (self.u8(bp + 12)? >> 4) as u32 * 4;
        if hlen < 20 {
            self.s(" tcp ")?;
            self.d(length.wrapping_sub(hlen))?;
            self.s(" [bad hdr length ")?;
            self.d(hlen)?;
            return self.s(" - too short, < 20]");
        }
        let mut seq = self.be32(bp + 4)?;
        let mut ack = self.be32(bp + 8)?;
        let win = self.be16(bp + 14)?;
        let urp = self.be16(bp + 18)?;
        if self.qflag {
            self.s("tcp ")?;
            self.d(length.wrapping_sub(hlen))?;
            if hlen > length {
                self.s(" [bad hdr length ")?;
                self.d(hlen)?;
                self.s(" - too long, > ")?;
                self.d(length)?;
                self.s("]")?;
            }
            return Ok(());
        }
        let flags = self.u8(bp + 13)?;
        self.s("Flags [")?;
        if flags == 0 {
            self.s("none")?;
        } else {
            const NAMES: [(u8, &str); 8] = [
                (0x01, "F"),
                (0x02, "S"),
                (0x04, "R"),
                (0x08, "P"),
                (0x10, "."),
                (0x20, "U"),
                (0x40, "E"),
                (0x80, "W"),
            ];
            for (bit, n) in NAMES {
                if flags & bit != 0 {
                    self.s(n)?;
                }
            }
        }
        self.s("]")?;
        let (mut thseq, mut thack, mut rev) = (0u32, 0u32, false);
        if flags & 0x10 != 0 {
            let key = if v6 {
                let s = self.bytes(iph + 8, 16)?;
                let d = self.bytes(iph + 24, 16)?;
                SeqKey::new(s, d, sport, dport)
            } else {
                let s = self.bytes(iph + 12, 4)?;
                let d = self.bytes(iph + 16, 4)?;
                SeqKey::new(s, d, sport, dport)
            };
            rev = key.rev;
            let syn = flags & 0x02 != 0;
            let (bases, hit) = match self.tcp.as_deref_mut() {
                Some(st) => {
                    let b = st.lookup(key, seq, ack, syn);
                    (b, st.last_was_hit())
                }
                None => (TcpSeqState::fresh(rev, seq, ack), false),
            };
            if hit {
                if rev {
                    seq = seq.wrapping_sub(bases.1);
                    ack = ack.wrapping_sub(bases.0);
                } else {
                    seq = seq.wrapping_sub(bases.0);
                    ack = ack.wrapping_sub(bases.1);
                }
            }
            thseq = bases.0;
            thack = bases.1;
        }
        if hlen > length {
            self.s(" [bad hdr length ")?;
            self.d(hlen)?;
            self.s(" - too long, > ")?;
            self.d(length)?;
            return self.s("]");
        }
        let length = length - hlen;
        if length > 0 || flags & 0x07 != 0 {
            self.s(", seq ")?;
            self.d(seq)?;
            if length > 0 {
                self.s(":")?;
                self.d(seq.wrapping_add(length))?;
            }
        }
        if flags & 0x10 != 0 {
            self.s(", ack ")?;
            self.d(ack)?;
        }
        self.s(", win ")?;
        self.d(win)?;
        if flags & 0x20 != 0 {
            self.s(", urg ")?;
            self.d(urp)?;
        }
        if hlen > 20 {
            hlen -= 20;
            match self.tcp_options(bp + 20, hlen, rev, thseq, thack, flags)? {
                OptEnd::Done => {}
                OptEnd::Stop => return Ok(()),
            }
        }
        self.s(", length ")?;
        self.d(length)?;
        if length == 0 {
            return Ok(());
        }
        let header_len = (self.u8(bp + 12)? >> 4) as usize * 4;
        if !self.test(bp, header_len) {
            self.s(" [remaining caplen(")?;
            self.d(self.avail(bp) as u64)?;
            self.s(") < header length(")?;
            self.d(header_len as u64)?;
            self.s(")]")?;
            return Err(Stop::Trunc);
        }
        let data = bp + header_len;
        let text = match apps::tcp_app(sport, dport) {
            TcpApp::None | TcpApp::Other => return Ok(()),
            TcpApp::Ssh => return self.ssh(data, length),
            TcpApp::Domain => return crate::dns::domain_print(self, data, length, true, false),
            TcpApp::Smtp => TextProto::Smtp,
            TcpApp::Whois => TextProto::Whois,
            TcpApp::Ftp => TextProto::Ftp,
            TcpApp::Http => TextProto::Http,
            TcpApp::Rtsp => TextProto::Rtsp,
        };
        self.s(": ")?;
        self.text_proto(text, data, length)
    }

    fn tcp_options(
        &mut self,
        mut cp: usize,
        mut hlen: u32,
        rev: bool,
        thseq: u32,
        thack: u32,
        flags: u8,
    ) -> R<OptEnd> {
        let _ = flags;
        let mut ch = false;
        self.s(", options [")?;
        macro_rules! bad {
            () => {{
                self.s("[bad opt]")?;
                if ch {
                    self.s("]")?;
                }
                return Ok(OptEnd::Stop);
            }};
        }
        macro_rules! lencheck {
            ($l:expr) => {{
                let l: u32 = $l;
                if l > hlen {
                    bad!();
                }
                if !self.test(cp, l as usize) {
                    self.trunc_here()?;
                    if ch {
                        self.s(">")?;
                    }
                    return Ok(OptEnd::Stop);
                }
            }};
        }
        while hlen > 0 {
            if ch {
                self.s(",")?;
            }
            let opt = self.u8(cp)?;
            cp += 1;
            let len: u32;
            if opt == 0 || opt == 1 {
                len = 1;
            } else {
                len = self.u8(cp)? as u32;
                cp += 1;
                if len < 2 || len > hlen {
                    bad!();
                }
                hlen -= 1;
            }
            hlen -= 1;
            let mut datalen: u32 = 0;
            match tcp_option_name(opt) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("unknown-")?;
                    self.d(opt)?;
                }
            }
            match opt {
                2 => {
                    datalen = 2;
                    lencheck!(datalen);
                    self.s(" ")?;
                    let v = self.be16(cp)?;
                    self.d(v)?;
                }
                3 => {
                    datalen = 1;
                    lencheck!(datalen);
                    self.s(" ")?;
                    let v = self.u8(cp)?;
                    self.d(v)?;
                }
                5 => {
                    datalen = len - 2;
                    if datalen % 8 != 0 {
                        self.s(" invalid sack")?;
                    } else {
                        self.s(" ")?;
                        self.d(datalen / 8)?;
                        self.s(" ")?;
                        let mut i = 0;
                        while i < datalen {
                            lencheck!(i + 4);
                            let mut s = self.be32(cp + i as usize)?;
                            lencheck!(i + 8);
                            let mut e = self.be32(cp + i as usize + 4)?;
                            if rev {
                                s = s.wrapping_sub(thseq);
                                e = e.wrapping_sub(thseq);
                            } else {
                                s = s.wrapping_sub(thack);
                                e = e.wrapping_sub(thack);
                            }
                            self.s("{")?;
                            self.d(s)?;
                            self.s(":")?;
                            self.d(e)?;
                            self.s("}")?;
                            i += 8;
                        }
                    }
                }
                11 | 12 | 13 | 6 | 7 => {
                    datalen = 4;
                    lencheck!(datalen);
                    self.s(" ")?;
                    let v = self.be32(cp)?;
                    self.d(v)?;
                }
                8 => {
                    datalen = 8;
                    lencheck!(datalen);
                    self.s(" val ")?;
                    let v = self.be32(cp)?;
                    self.d(v)?;
                    self.s(" ecr ")?;
                    let v = self.be32(cp + 4)?;
                    self.d(v)?;
                }
                19 => {
                    datalen = 16;
                    lencheck!(datalen);
                    // Debian's tcpdump is built with libcrypto, which says why it cannot check.
                    self.s(" shared secret not supplied with -M, can't check - ")?;
                    for i in 0..16 {
                        let b = self.u8(cp + i)?;
                        fmtx::hex2(self.out, b)?;
                    }
                }
                20 => {
                    datalen = 2;
                    lencheck!(datalen);
                    self.s(" cap ")?;
                    let a = self.u8(cp)?;
                    fmtx::hex2(self.out, a)?;
                    self.s(" id ")?;
                    let b = self.u8(cp + 1)?;
                    self.d(b)?;
                }
                29 => {
                    datalen = len - 2;
                    if datalen < 2 {
                        self.s(" (invalid)")?;
                    } else {
                        lencheck!(1);
                        self.s(" keyid ")?;
                        let k = self.u8(cp)?;
                        self.d(k)?;
                        lencheck!(2);
                        self.s(" rnextkeyid ")?;
                        let k = self.u8(cp + 1)?;
                        self.d(k)?;
                        if datalen > 2 {
                            self.s(" mac 0x")?;
                            for i in 2..datalen {
                                lencheck!(i + 1);
                                let b = self.u8(cp + i as usize)?;
                                fmtx::hex2(self.out, b)?;
                            }
                        }
                    }
                }
                0 | 1 | 4 => {}
                28 => {
                    datalen = 2;
                    lencheck!(datalen);
                    let mut uto = self.be16(cp)? as u32;
                    self.s(" 0x")?;
                    fmtx::hex(self.out, uto as u64)?;
                    if uto & 1 != 0 {
                        uto = (uto >> 1) * 60;
                    } else {
                        uto >>= 1;
                    }
                    self.s(" ")?;
                    self.d(uto)?;
                }
                30 => {
                    // MPTCP: not decoded here; show the raw bytes like an unknown option.
                    datalen = len - 2;
                    lencheck!(datalen);
                    if datalen > 0 {
                        self.s(" 0x")?;
                        for i in 0..datalen as usize {
                            let b = self.u8(cp + i)?;
                            fmtx::hex2(self.out, b)?;
                        }
                    }
                }
                34 => {
                    datalen = len - 2;
                    lencheck!(datalen);
                    self.s(" ")?;
                    self.tfo(cp, datalen, false)?;
                }
                254 => {
                    datalen = len - 2;
                    lencheck!(datalen);
                    if datalen < 2 {
                        bad!();
                    }
                    let magic = self.be16(cp)?;
                    self.s("-")?;
                    if magic == 0xf989 {
                        self.tfo(cp + 2, datalen - 2, true)?;
                    } else {
                        fmtx::hex_pad(self.out, magic as u64, 4)?;
                    }
                }
                _ => {
                    datalen = len - 2;
                    if datalen > 0 {
                        self.s(" 0x")?;
                    }
                    for i in 0..datalen {
                        lencheck!(i + 1);
                        let b = self.u8(cp + i as usize)?;
                        fmtx::hex2(self.out, b)?;
                    }
                }
            }
            cp += datalen as usize;
            hlen = hlen.wrapping_sub(datalen);
            datalen += 1;
            if opt != 0 && opt != 1 {
                datalen += 1;
            }
            if datalen != len {
                self.s("[len ")?;
                self.d(len)?;
                self.s("]")?;
            }
            ch = true;
            if opt == 0 {
                break;
            }
        }
        self.s("]")?;
        Ok(OptEnd::Done)
    }

    fn tfo(&mut self, cp: usize, datalen: u32, exp: bool) -> R {
        if exp {
            self.s("tfo")?;
        }
        if datalen == 0 {
            self.s(" cookiereq")
        } else if datalen % 2 != 0 || !(4..=16).contains(&datalen) {
            self.s(" (invalid)")
        } else {
            self.s(" cookie ")?;
            for i in 0..datalen as usize {
                let b = self.u8(cp + i)?;
                fmtx::hex2(self.out, b)?;
            }
            Ok(())
        }
    }

    /// `ssh_print`: the version banner only.
    fn ssh(&mut self, pp: usize, len: u32) -> R {
        self.proto = "ssh";
        for (i, c) in b"SSH-".iter().enumerate() {
            if self.u8(pp + i)? != *c {
                return Ok(());
            }
        }
        let len = len as usize;
        let mut idx = 4usize;
        while idx < len {
            let c = self.u8(pp + idx)?;
            if c == b'\n' {
                break;
            } else if c == b'\r' {
                if idx + 1 >= len {
                    return Ok(());
                }
                if self.u8(pp + idx + 1)? == b'\n' {
                    break;
                }
                return Ok(());
            } else if !(0x20..=0x7e).contains(&c) {
                return Ok(());
            }
            idx += 1;
        }
        if idx >= len {
            return Ok(());
        }
        self.s(": SSH: ")?;
        let b = self.bytes(pp, idx)?;
        for &c in b {
            self.out.write_char(c as char)?;
        }
        Ok(())
    }

    // ---- UDP ------------------------------------------------------------------------------

    /// `udp_print`.
    pub fn udp(&mut self, bp: usize, length: u32, iph: usize, fragmented: bool) -> R {
        self.proto = "udp";
        let v6 = self.u8(iph)? >> 4 == 6;
        if !self.test(bp + 2, 2) {
            // udpipaddr_print with no ports: addresses only when UDP follows IP directly.
            let direct = if v6 {
                self.u8(iph + 6)?
            } else {
                self.u8(iph + 9)?
            } == 17;
            if direct {
                self.addr_pair(iph, v6)?;
                self.s(": ")?;
            }
            return Err(Stop::Trunc);
        }
        let sport = self.be16(bp)?;
        let dport = self.be16(bp + 2)?;
        if length < 8 {
            self.ports(iph, v6, 17, sport, dport)?;
            self.s("truncated-udp ")?;
            return self.d(length);
        }
        if !self.test(bp + 4, 2) {
            self.ports(iph, v6, 17, sport, dport)?;
            return Err(Stop::Trunc);
        }
        let mut ulen = self.be16(bp + 4)? as u32;
        if ulen == 0 && length > 65535 {
            ulen = length;
        }
        if ulen < 8 {
            self.ports(iph, v6, 17, sport, dport)?;
            self.s("truncated-udplength ")?;
            return self.d(ulen);
        }
        ulen -= 8;
        let mut length = length - 8;
        if ulen < length {
            length = ulen;
        }
        let cp = bp + 8;
        if cp > self.snapend {
            self.ports(iph, v6, 17, sport, dport)?;
            return Err(Stop::Trunc);
        }
        self.ports(iph, v6, 17, sport, dport)?;
        if !self.qflag {
            // An ONC RPC call to or reply from the NFS port goes to tcpdump's NFS printer
            // (not here) before any port is looked at.
            let nfs = self.test(cp + 4, 4) && {
                let dir = self.be32(cp + 4)?;
                (dport == 2049 && dir == 0) || (sport == 2049 && dir == 1)
            };
            let app = if nfs {
                UdpApp::Other
            } else {
                apps::udp_app(sport, dport, self.u8(cp + 2) == Ok(2))
            };
            match app {
                UdpApp::None | UdpApp::Other => {}
                UdpApp::Domain => return crate::dns::domain_print(self, cp, length, false, false),
                UdpApp::Mdns => return crate::dns::domain_print(self, cp, length, false, true),
                UdpApp::Tftp => return self.tftp(cp, length),
                UdpApp::Bootp => return self.bootp(cp, length),
                UdpApp::Ntp => return self.ntp(cp, length),
                UdpApp::Dhcp6 => return self.dhcp6(cp),
                UdpApp::Sip => return self.text_proto(TextProto::Sip, cp, length),
                UdpApp::Syslog => return self.syslog(cp, length),
            }
        }
        if ulen > length && !fragmented {
            self.s("UDP, bad length ")?;
            self.d(ulen)?;
            self.s(" > ")?;
            self.d(length)
        } else {
            self.s("UDP, length ")?;
            self.d(ulen)
        }
    }

    // ---- ICMP -----------------------------------------------------------------------------

    /// `icmp_print` without `-v`.
    pub fn icmp(&mut self, bp: usize, plen: u32, _iph: usize) -> R {
        self.proto = "icmp";
        let t = self.u8(bp)?;
        let code = self.u8(bp + 1)?;
        // Everything printed comes from fields read first, so a short packet prints nothing of
        // this layer before ` [|icmp]`, as tcpdump's snprintf-then-print does.
        let oip = bp + 8;
        match t {
            0 | 8 => {
                let id = self.be16(bp + 4)?;
                let sq = self.be16(bp + 6)?;
                self.s("ICMP echo ")?;
                self.s(if t == 8 { "request" } else { "reply" })?;
                self.s(", id ")?;
                self.d(id)?;
                self.s(", seq ")?;
                self.d(sq)?;
            }
            3 => {
                let dst = oip + 16;
                match code {
                    2 => {
                        let a = self.bytes(dst, 4)?;
                        let pr = self.u8(oip + 9)?;
                        self.s("ICMP ")?;
                        fmtx::ipv4(self.out, a)?;
                        self.s(" protocol ")?;
                        self.d(pr)?;
                        self.s(" unreachable")?;
                    }
                    3 => {
                        self.u8(oip + 9)?;
                        let hl = (self.u8(oip)? & 0x0f) as usize * 4;
                        let dport = self.be16(oip + hl + 2)?;
                        let pr = self.u8(oip + 9)?;
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
                        let mtu = self.be16(bp + 6)?;
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
            }
            5 => {
                let d = self.bytes(oip + 16, 4)?;
                let gw = self.bytes(bp + 4, 4)?;
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
            }
            9 => {
                // Router advertisement: read everything first.
                if !self.test(bp + 4, 4) {
                    return Err(Stop::Trunc);
                }
                let num = self.u8(bp + 4)?;
                let size = self.u8(bp + 5)?;
                let lifetime = self.be16(bp + 6)? as u64;
                if size == 2 {
                    for k in 0..num as usize {
                        if !self.test(bp + 8 + 8 * k, 8) {
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
                        let o = bp + 8 + 8 * k;
                        self.s(" {")?;
                        self.ip4_at(o)?;
                        self.s(" ")?;
                        let pref = self.be32(o + 4)?;
                        self.d(pref)?;
                        self.s("}")?;
                    }
                }
            }
            11 => {
                if !self.test(oip + 16, 4) {
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
                    let o = self.u8(bp + 4)?;
                    self.s("ICMP parameter problem - octet ")?;
                    self.d(o)?;
                }
            }
            18 => {
                let m = self.be32(bp + 8)?;
                self.s("ICMP address mask is 0x")?;
                fmtx::hex_pad(self.out, m as u64, 8)?;
            }
            13 => {
                let id = self.be16(bp + 4)?;
                let sq = self.be16(bp + 6)?;
                self.s("ICMP time stamp query id ")?;
                self.d(id)?;
                self.s(" seq ")?;
                self.d(sq)?;
            }
            14 => {
                if !self.test(bp + 16, 4) {
                    return Err(Stop::Trunc);
                }
                let id = self.be16(bp + 4)?;
                let sq = self.be16(bp + 6)?;
                let o = self.be32(bp + 8)?;
                let r = self.be32(bp + 12)?;
                let x = self.be32(bp + 16)?;
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
            }
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
        self.d(plen)
    }

    fn icmp_tstamp(&mut self, t: u32) -> R {
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

    // ---- IGMP -----------------------------------------------------------------------------

    /// `igmp_print` without `-v` (DVMRP, PIMv1 and mtrace are left to the fallback).
    fn igmp(&mut self, bp: usize, len: u32) -> R {
        self.proto = "igmp";
        if self.qflag {
            return self.s("igmp");
        }
        let t = self.u8(bp)?;
        match t {
            0x11 => {
                self.s("igmp query")?;
                if len >= 12 {
                    self.s(" v3")?;
                    if len & 3 != 0 {
                        self.s(" [invalid len ")?;
                        self.d(len)?;
                        return self.s("]");
                    }
                    let mrc = self.u8(bp + 1)? as u32;
                    let mrt = if mrc < 128 {
                        mrc
                    } else {
                        ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3)
                    };
                    if mrc != 100 {
                        self.s(" [max resp time ")?;
                        if mrt < 600 {
                            self.d(mrt / 10)?;
                            self.s(".")?;
                            self.d(mrt % 10)?;
                            self.s("s")?;
                        } else {
                            self.relts(mrt / 10)?;
                        }
                        self.s("]")?;
                    }
                    if self.be32(bp + 4)? == 0 {
                        return Ok(());
                    }
                    let g = self.bytes(bp + 4, 4)?;
                    self.s(" [gaddr ")?;
                    fmtx::ipv4(self.out, g)?;
                    let nsrcs = self.be16(bp + 10)? as u32;
                    if nsrcs > 0 {
                        if (len as u64) < 12 + ((nsrcs as u64) << 2) {
                            self.s(" [invalid number of sources]")?;
                        } else {
                            self.s(", ")?;
                            self.d(nsrcs)?;
                            self.s(" source(s)")?;
                        }
                    }
                    self.s("]")?;
                } else {
                    let m = self.u8(bp + 1)?;
                    if m != 0 {
                        self.s(" v2")?;
                        if m != 100 {
                            self.s(" [max resp time ")?;
                            self.d(m)?;
                            self.s("]")?;
                        }
                    } else {
                        self.s(" v1")?;
                    }
                    if self.be32(bp + 4)? != 0 {
                        let g = self.bytes(bp + 4, 4)?;
                        self.s(" [gaddr ")?;
                        fmtx::ipv4(self.out, g)?;
                        self.s("]")?;
                    }
                    if len != 8 {
                        self.s(" [len ")?;
                        self.d(len)?;
                        self.s("]")?;
                    }
                }
            }
            0x12 | 0x16 | 0x17 => {
                let g = self.bytes(bp + 4, 4)?;
                self.s(match t {
                    0x12 => "igmp v1 report ",
                    0x16 => "igmp v2 report ",
                    _ => "igmp leave ",
                })?;
                fmtx::ipv4(self.out, g)?;
                if t == 0x12 && len != 8 {
                    self.s(" [len ")?;
                    self.d(len)?;
                    self.s("]")?;
                }
            }
            0x22 => {
                self.s("igmp v3 report")?;
                if len < 16 || len & 3 != 0 {
                    self.s(" [invalid len ")?;
                    self.d(len)?;
                    return self.s("]");
                }
                let n = self.be16(bp + 6)?;
                self.s(", ")?;
                self.d(n)?;
                self.s(" group record(s)")?;
            }
            _ => {
                self.s("igmp-")?;
                self.d(t)?;
            }
        }
        Ok(())
    }

    /// `unsigned_relts_print`: `1h2m3s`.
    fn relts(&mut self, mut secs: u32) -> R {
        if secs == 0 {
            return self.s("0s");
        }
        for (unit, n) in [
            ("y", 31_536_000u32),
            ("w", 604_800),
            ("d", 86_400),
            ("h", 3600),
            ("m", 60),
            ("s", 1),
        ] {
            if secs >= n {
                self.d(secs / n)?;
                self.s(unit)?;
                secs -= (secs / n) * n;
            }
        }
        Ok(())
    }

    // ---- ICMPv6 ---------------------------------------------------------------------------

    /// `get_upperlayer`: the upper-layer protocol and port header inside an ICMPv6 error.
    fn icmp6_upper(&self, mut bp: usize) -> Option<(u8, usize)> {
        let ep = self.snapend;
        let mut nh = self.u8(bp + 6).ok()?;
        let mut hlen = 40usize;
        while bp < ep {
            bp += hlen;
            match nh {
                6 | 17 => {
                    return if self.test(bp + 2, 2) {
                        Some((nh, bp))
                    } else {
                        None
                    };
                }
                0 | 60 | 43 => {
                    if !self.test(bp + 1, 1) {
                        return None;
                    }
                    nh = self.u8(bp).ok()?;
                    hlen = (self.u8(bp + 1).ok()? as usize + 1) << 3;
                }
                44 => {
                    if !self.test(bp + 2, 2) {
                        return None;
                    }
                    if self.be16(bp + 2).ok()? & 0xfff8 != 0 {
                        return None;
                    }
                    nh = self.u8(bp).ok()?;
                    hlen = 8;
                }
                51 => {
                    if !self.test(bp + 1, 1) {
                        return None;
                    }
                    nh = self.u8(bp).ok()?;
                    hlen = (self.u8(bp + 1).ok()? as usize + 2) << 2;
                }
                _ => return None,
            }
        }
        None
    }

    /// `icmp6_print` without `-v`.
    pub fn icmp6(&mut self, bp: usize, length: u32, _iph: usize) -> R {
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
        let code = self.u8(bp + 1)?;
        let oip = bp + 8;
        match t {
            1 => {
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
                        let d = self.bytes(oip + 24, 16)?;
                        self.s(" ")?;
                        fmtx::ipv6(self.out, d)?;
                    }
                    2 => {
                        let d = self.bytes(oip + 24, 16)?;
                        let s = self.bytes(oip + 8, 16)?;
                        self.s(" ")?;
                        fmtx::ipv6(self.out, d)?;
                        self.s(", source address ")?;
                        fmtx::ipv6(self.out, s)?;
                    }
                    4 => {
                        let Some((prot, uh)) = self.icmp6_upper(oip) else {
                            return Err(Stop::Trunc);
                        };
                        let dport = self.be16(uh + 2)?;
                        let d = self.bytes(oip + 24, 16)?;
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
                    _ => return self.unknown_data(bp, length as usize),
                }
            }
            2 => {
                let m = self.be32(bp + 4)?;
                self.s(", mtu ")?;
                self.d(m)?;
            }
            3 => match code {
                0 => {
                    let d = self.bytes(oip + 24, 16)?;
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
            4 => {
                if !self.test(oip + 24, 16) {
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
                        let v = self.be32(bp + 4)?;
                        self.d(v)?;
                    }
                    None => {
                        self.s(", code-#")?;
                        self.d(code)?;
                    }
                }
            }
            128 | 129 => {
                let id = self.be16(bp + 4)?;
                let sq = self.be16(bp + 6)?;
                self.s(", id ")?;
                self.d(id)?;
                self.s(", seq ")?;
                self.d(sq)?;
            }
            130 => {
                if length == 24 {
                    self.mld6(bp)?;
                } else if length >= 28 {
                    self.s(" v2")?;
                    self.mldv2_query(bp, length)?;
                } else {
                    self.s(" unknown-version (len ")?;
                    self.d(length)?;
                    self.s(") ")?;
                }
            }
            131 | 132 => self.mld6(bp)?,
            133 | 134 | 141 | 142 => {}
            135 | 136 => {
                let a = self.bytes(bp + 8, 16)?;
                self.s(if t == 135 { ", who has " } else { ", tgt is " })?;
                fmtx::ipv6(self.out, a)?;
            }
            137 => {
                let d = self.bytes(bp + 24, 16)?;
                self.s(", ")?;
                fmtx::ipv6(self.out, d)?;
                let t = self.bytes(bp + 8, 16)?;
                self.s(" to ")?;
                fmtx::ipv6(self.out, t)?;
            }
            143 => {
                if length < 8 {
                    self.s(" [invalid len ")?;
                    self.d(length)?;
                    self.s("]")?;
                } else {
                    let n = self.be16(bp + 6)?;
                    self.s(", ")?;
                    self.d(n)?;
                    self.s(" group record(s)")?;
                }
            }
            144 | 146 => {
                let id = self.be16(bp + 4)?;
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

    fn mld6(&mut self, bp: usize) -> R {
        if bp + 24 > self.snapend {
            return Ok(());
        }
        let d = self.be16(bp + 4)?;
        self.s("max resp delay: ")?;
        self.d(d)?;
        self.s(" ")?;
        let a = self.bytes(bp + 8, 16)?;
        self.s("addr: ")?;
        fmtx::ipv6(self.out, a)?;
        Ok(())
    }

    fn mldv2_query(&mut self, bp: usize, len: u32) -> R {
        if len < 28 {
            self.s(" [invalid len ")?;
            self.d(len)?;
            return self.s("]");
        }
        self.be16(bp + 4)?;
        let g = self.bytes(bp + 8, 16)?;
        self.s(" [gaddr ")?;
        fmtx::ipv6(self.out, g)?;
        let nsrcs = self.be16(bp + 26)? as u32;
        if nsrcs > 0 {
            if (len as u64) < 28 + nsrcs as u64 * 16 {
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

pub(crate) enum OptEnd {
    Done,
    Stop,
}

fn sll_pkttype(t: u8) -> &'static str {
    match t {
        0 => "In",
        1 => "B",
        2 => "M",
        3 => "P",
        4 => "Out",
        _ => "?",
    }
}

fn arphrd_name(h: u16) -> Option<&'static str> {
    Some(match h {
        1 => "Ethernet",
        6 => "TokenRing",
        7 => "ArcNet",
        15 => "FrameRelay",
        23 => "Strip",
        24 => "IEEE 1394",
        19 => "ATM",
        32 => "InfiniBand",
        _ => return None,
    })
}

fn arpop_name(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "Request",
        2 => "Reply",
        3 => "Reverse Request",
        4 => "Reverse Reply",
        8 => "Inverse Request",
        9 => "Inverse Reply",
        10 => "NACK Reply",
        _ => return None,
    })
}

fn tcp_option_name(o: u8) -> Option<&'static str> {
    Some(match o {
        0 => "eol",
        1 => "nop",
        2 => "mss",
        3 => "wscale",
        4 => "sackOK",
        5 => "sack",
        6 => "echo",
        7 => "echoreply",
        8 => "TS",
        11 => "cc",
        12 => "ccnew",
        13 => "",
        19 => "md5",
        20 => "scps",
        28 => "uto",
        29 => "tcp-ao",
        30 => "mptcp",
        34 => "tfo",
        254 => "exp",
        _ => return None,
    })
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
