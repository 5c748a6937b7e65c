//! The Juniper link types (tcpdump's `print-juniper.c`): a pseudo-header a Juniper router puts
//! before the frames its PICs capture (the magic `MGC`, flags, optional extension TLVs, then a
//! PIC-specific cookie), and after it the frame, handed to the Ethernet, PPP, Frame Relay,
//! Cisco HDLC, LLC, OSI or IP printers.

use core::fmt::Write;

use super::atm::{oam_print, OamHec};
use super::chdlc::{chdlc_print, isoclns_print};
use super::fr::{fr_print, mfr_print};
use super::juniper_tables::{ifle_name, ifmt_name};
use crate::ethertype;
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::print::next::{ethertype_has_printer, off, Kind, L2Proto, Next};

/// `LINKTYPE_JUNIPER_MLPPP`.
pub(crate) const MLPPP: u32 = 130;
/// `LINKTYPE_JUNIPER_MLFR`.
pub(crate) const MLFR: u32 = 131;
/// `LINKTYPE_JUNIPER_ES` (Encryption Services PIC).
pub(crate) const ES: u32 = 132;
/// `LINKTYPE_JUNIPER_GGSN`.
pub(crate) const GGSN: u32 = 133;
/// `LINKTYPE_JUNIPER_MFR` (FRF.16).
pub(crate) const MFR: u32 = 134;
/// `LINKTYPE_JUNIPER_ATM2`.
pub(crate) const ATM2: u32 = 135;
/// `LINKTYPE_JUNIPER_SERVICES` (Advanced Services PIC).
pub(crate) const SERVICES: u32 = 136;
/// `LINKTYPE_JUNIPER_ATM1`.
pub(crate) const ATM1: u32 = 137;
/// `LINKTYPE_JUNIPER_MONITOR` (Passive Monitor PIC).
pub(crate) const MONITOR: u32 = 164;
/// `LINKTYPE_JUNIPER_PPPOE`.
pub(crate) const PPPOE: u32 = 167;
/// `LINKTYPE_JUNIPER_PPPOE_ATM`.
pub(crate) const PPPOE_ATM: u32 = 168;
/// `LINKTYPE_JUNIPER_ETHER`.
pub(crate) const ETHER: u32 = 178;
/// `LINKTYPE_JUNIPER_PPP`.
pub(crate) const PPP: u32 = 179;
/// `LINKTYPE_JUNIPER_FRELAY`.
pub(crate) const FRELAY: u32 = 180;
/// `LINKTYPE_JUNIPER_CHDLC`.
pub(crate) const CHDLC: u32 = 181;

/// Whether `lt` is one of the Juniper link types.
pub(crate) fn supported(lt: u32) -> bool {
    matches!(
        lt,
        MLPPP
            | MLFR
            | ES
            | GGSN
            | MFR
            | ATM2
            | SERVICES
            | ATM1
            | MONITOR
            | PPPOE
            | PPPOE_ATM
            | ETHER
            | PPP
            | FRELAY
            | CHDLC
    )
}

/// The pseudo-header's magic number, "MGC".
const MAGIC: u32 = 0x4d_4743;
/// Flag: the packet came in.
const FLAG_PKT_IN: u8 = 0x01;
/// Flag: the link-layer header was stripped.
const FLAG_NO_L2: u8 = 0x02;
/// Flag: extension TLVs follow the flags.
const FLAG_EXT: u8 = 0x80;
/// A Link Services PIC's cookie starts with this.
const LS_COOKIE_ID: u8 = 0x54;
/// An Adaptive Services PIC's cookie starts with this.
const AS_COOKIE_ID: u8 = 0x47;
/// The length of an AS PIC's cookie.
const AS_PIC_COOKIE_LEN: u32 = 8;
/// The LSQ layer-3 protocols (in an AS cookie's sixth byte).
const LSQ_IPV4: u16 = 0x00;
const LSQ_IPV6: u16 = 0x10;
const LSQ_MPLS: u16 = 0x20;
const LSQ_ISO: u16 = 0x30;
/// The mask of the LSQ layer-3 protocol bits.
const LSQ_PROTO_MASK: u16 = 0x17 << 4;
/// An LSQ cookie's "to the routing engine" and direction bits.
const LSQ_COOKIE_RE_DIR: u8 = 0x08 | 0x04;
/// ATM2: an OAM cell or a cell-relay control word.
const ATM2_PKT_TYPE_MASK: u8 = 0x70;
/// ATM2: the gap count.
const ATM2_GAP_COUNT_MASK: u32 = 0x3f;
/// PPP's OSI protocol number.
const PPP_OSI: u16 = 0x0023;
/// PPP's address and control bytes.
const PPP_ADDR_CTL: u16 = 0xff03;

/// What the pseudo-header parse found (tcpdump's `juniper_l2info_t`).
#[derive(Default)]
struct L2Info {
    length: u32,
    caplen: u32,
    direction: u8,
    header_len: u32,
    cookie_len: u32,
    cookie_type: u8,
    cookie: [u8; 8],
    bundle: u32,
    proto: u16,
}

impl L2Info {
    fn cookie16(&self, i: usize) -> u16 {
        u16::from_be_bytes([self.cookie[i], self.cookie[i + 1]])
    }

    fn cookie32(&self) -> u32 {
        u32::from_be_bytes([
            self.cookie[0],
            self.cookie[1],
            self.cookie[2],
            self.cookie[3],
        ])
    }

    /// The header's `length` and `caplen` less `n` more bytes of it.
    fn eat(&mut self, n: u32) {
        self.header_len += n;
        self.length = self.length.wrapping_sub(n);
        self.caplen = self.caplen.wrapping_sub(n);
    }
}

/// The PIC name and cookie length tcpdump's cookie table gives a link type, `None` for those
/// with no cookie.
fn cookie_table(lt: u32) -> Option<(&'static str, u32)> {
    Some(match lt {
        ATM1 => ("ATM1", 4),
        ATM2 => ("ATM2", 8),
        MLPPP => ("MLPPP", 2),
        MLFR => ("MLFR", 2),
        MFR => ("MFR", 4),
        PPPOE => ("PPPoE", 0),
        PPPOE_ATM => ("PPPoE ATM", 0),
        GGSN => ("GGSN", 8),
        MONITOR => ("MONITOR", 8),
        SERVICES => ("AS", 8),
        ES => ("ES", 0),
        _ => return None,
    })
}

/// The `tcpdump` protocol name of each link type's printer.
fn proto_name(lt: u32) -> &'static str {
    match lt {
        MLPPP => "juniper_mlppp",
        MLFR => "juniper_mlfr",
        ES => "juniper_es",
        GGSN => "juniper_ggsn",
        MFR => "juniper_mfr",
        ATM2 => "juniper_atm2",
        SERVICES => "juniper_services",
        ATM1 => "juniper_atm1",
        MONITOR => "juniper_monitor",
        PPPOE => "juniper_pppoe",
        PPPOE_ATM => "juniper_pppoe_atm",
        ETHER => "juniper_ether",
        PPP => "juniper_ppp",
        FRELAY => "juniper_frelay",
        _ => "juniper_chdlc",
    }
}

/// The Juniper printers (`juniper_*_if_print`) for a record of link type `lt`.
pub(crate) fn juniper_if_print<W: Write>(
    c: &mut Cursor<'_, W>,
    lt: u32,
    length: u32,
    caplen: u32,
) -> R {
    c.proto = proto_name(lt);
    let Some(l2) = parse_header(c, lt, length, caplen)? else {
        return Ok(());
    };
    let p = l2.header_len as usize;
    match lt {
        GGSN => ggsn(c, &l2, p),
        ES => es(c, &l2, p),
        MONITOR => {
            let mh = c.bytes(p, 8)?;
            if c.eflag {
                let (svc, iif, t) = (
                    u32::from_be_bytes([mh[4], mh[5], mh[6], mh[7]]),
                    u16::from_be_bytes([mh[2], mh[3]]),
                    mh[0],
                );
                c.s("service-id ")?;
                c.d(svc)?;
                c.s(", iif ")?;
                c.d(iif)?;
                c.s(", pkt-type ")?;
                c.d(t)?;
                c.s(": ")?;
            }
            ip_heuristic(c, p, l2.length).map(drop)
        }
        SERVICES => {
            let sh = c.bytes(p, 8)?;
            if c.eflag {
                let (id, flags, set) = (sh[0], sh[1], u16::from_be_bytes([sh[2], sh[3]]));
                let iif = u32::from(sh[5]) << 16 | u32::from(sh[6]) << 8 | u32::from(sh[7]);
                c.s("service-id ")?;
                c.d(id)?;
                c.s(" flags 0x")?;
                c.x02(flags)?;
                c.s(" service-set-id 0x")?;
                fmtx::hex_pad(c.out, set.into(), 4)?;
                c.s(" iif ")?;
                c.d(iif)?;
                c.s(": ")?;
            }
            ip_heuristic(c, p, l2.length).map(drop)
        }
        PPPOE | ETHER => c.then(Next::ether(off(p), l2.length, l2.caplen)),
        PPP => c.then(Next::l2(L2Proto::Ppp, off(p), l2.length)),
        FRELAY => fr_print(c, p, l2.length),
        CHDLC => chdlc_print(c, p, l2.length),
        PPPOE_ATM => {
            let t = c.be16(p)?;
            if ethertype_has_printer(t) {
                let (length, caplen) = (l2.length.wrapping_sub(2), l2.caplen.wrapping_sub(2));
                c.then(Next::ether_type(t, off(p + 2), length, caplen))
            } else {
                c.s("unknown ethertype 0x")?;
                fmtx::hex_pad(c.out, t.into(), 4)?;
                Ok(())
            }
        }
        MLPPP => mlppp(c, &l2, p),
        MFR => mfr(c, &l2, p),
        MLFR => {
            bundle_id(c, &l2)?;
            match l2.proto {
                0x0003 | 0x0300 => isoclns_print(c, p, l2.length),
                0x0308 | 0x03cc | 0x038e => isoclns_print(c, p - 1, l2.length.wrapping_add(1)),
                _ => unknown_proto(c, &l2),
            }
        }
        ATM1 => atm1(c, &l2, p),
        _ => atm2(c, &l2, p),
    }
}

/// `juniper_parse_header`: the magic, flags and extensions, the cookie and what the link type
/// reads of it; `None` when the printer stops there (no magic, an invalid cookie, a frame
/// without link-layer header, which it prints as IP itself).
fn parse_header<W: Write>(
    c: &mut Cursor<'_, W>,
    lt: u32,
    length: u32,
    caplen: u32,
) -> R<Option<L2Info>> {
    let mut l2 = L2Info {
        length,
        caplen,
        ..Default::default()
    };
    let flags = c.u8(3)?;
    l2.direction = flags & FLAG_PKT_IN;
    if c.be24(0)? != MAGIC {
        c.s("no magic-number found!")?;
        return Ok(None);
    }
    if c.eflag {
        c.s(if l2.direction == FLAG_PKT_IN {
            " In "
        } else {
            "Out "
        })?;
    }
    let mut hdr = 4u32;
    if c.vflag > 1 {
        c.s("\n\tJuniper PCAP Flags [")?;
        flag_names(c, flags)?;
        c.s("]")?;
    }
    if flags & FLAG_EXT != 0 {
        let Some(n) = extensions(c, &mut hdr)? else {
            return Ok(None);
        };
        hdr = n;
    }
    if flags & FLAG_NO_L2 != 0 {
        if c.eflag {
            c.s("no-L2-hdr, ")?;
        }
        let at = hdr as usize + 4;
        c.u8(at)?;
        if !ip_heuristic(c, at, length.wrapping_sub(hdr + 4))? {
            c.s("no IP-hdr found!")?;
        }
        return Ok(None);
    }
    l2.header_len = 0;
    l2.eat(hdr);
    let p = hdr as usize;
    if let Some((name, len)) = cookie_table(lt) {
        l2.cookie_len = len;
        let first = c.u8(p)?;
        match first {
            LS_COOKIE_ID => {
                l2.cookie_type = LS_COOKIE_ID;
                l2.cookie_len += 2;
            }
            AS_COOKIE_ID => {
                l2.cookie_type = AS_COOKIE_ID;
                l2.cookie_len = 8;
            }
            _ => {}
        }
        // MFR child links carry no cookie.
        if lt == MFR && first & 0xc0 == 0xc0 {
            l2.cookie_len = 0;
        }
        let cl = l2.cookie_len;
        l2.eat(cl);
        if c.eflag {
            c.s(name)?;
            c.s("-PIC, cookie-len ")?;
            c.d(cl)?;
        }
        if cl > 8 {
            c.invalid()?;
            return Ok(None);
        }
        if cl > 0 {
            let cookie = c.bytes(p, cl as usize)?;
            l2.cookie[..cl as usize].copy_from_slice(cookie);
            if c.eflag {
                c.s(", cookie 0x")?;
                for &b in cookie {
                    c.x02(b)?;
                }
            }
        }
        if c.eflag {
            c.s(": ")?;
        }
        l2.proto = c.be16(p + cl as usize)?;
    }
    let p = p + l2.cookie_len as usize;
    match lt {
        MLPPP | MLFR | MFR => match l2.cookie_type {
            LS_COOKIE_ID => {
                l2.bundle = u32::from(l2.cookie[1]);
                if lt != MLPPP {
                    l2.proto = c.be16(p)?;
                    l2.eat(2);
                }
            }
            AS_COOKIE_ID => {
                l2.bundle = u32::from((l2.cookie16(6) >> 3) & 0xfff);
                l2.proto = u16::from(l2.cookie[5]) & LSQ_PROTO_MASK;
            }
            _ => {
                l2.bundle = u32::from(l2.cookie[0]);
                if lt == MLFR {
                    l2.eat(2);
                }
            }
        },
        ATM2 => {
            c.bytes(p, 4)?;
            if l2.cookie[7] & ATM2_PKT_TYPE_MASK != 0 {
                let cw = c.be32(p)?;
                if matches!(cw, 0 | 0x0800_0000 | 0x0838_0000) {
                    // Only the header grows: the length keeps the control word.
                    l2.header_len += 4;
                }
                if c.eflag {
                    c.s("control-word 0x")?;
                    fmtx::hex_pad(c.out, cw.into(), 8)?;
                    c.s(" ")?;
                }
            }
        }
        _ => {}
    }
    if c.eflag {
        c.s("hlen ")?;
        c.d(l2.header_len)?;
        c.s(", proto 0x")?;
        fmtx::hex_pad(c.out, l2.proto.into(), 4)?;
        c.s(", ")?;
    }
    Ok(Some(l2))
}

/// The flag bits' names (`bittok2str` of `jnx_flag_values`).
fn flag_names<W: Write>(c: &mut Cursor<'_, W>, flags: u8) -> R {
    let mut first = true;
    for (bit, name) in [
        (0x80, "Ext"),
        (0x40, "Filter"),
        (0x04, "IIF"),
        (0x02, "no-L2"),
        (0x01, "In"),
    ] {
        if flags & bit != 0 {
            if !first {
                c.s(", ")?;
            }
            c.s(name)?;
            first = false;
        }
    }
    if first {
        c.s("none")?;
    }
    Ok(())
}

/// The extension TLVs after the flags (their total length at `*hdr`); the header length
/// with them, `None` when a TLV overruns them (` (invalid)` printed).
fn extensions<W: Write>(c: &mut Cursor<'_, W>, hdr: &mut u32) -> R<Option<u32>> {
    let mut t = *hdr as usize;
    let mut ext = u32::from(c.be16(t)?);
    t += 2;
    let total = *hdr + 2 + ext;
    if c.vflag > 1 {
        c.s(", PCAP Extension(s) total length ")?;
        c.d(ext)?;
    }
    c.bytes(t, ext as usize)?;
    while ext > 2 {
        let (ty, len) = (c.u8(t)?, c.u8(t + 1)?);
        t += 2;
        if ty == 0 || len == 0 {
            break;
        }
        if ext < u32::from(len) + 2 {
            // `ND_LCHECK_U`.
            c.s(" [extension_length ")?;
            c.d(ext)?;
            c.s(" < ")?;
            c.d(u32::from(len) + 2)?;
            c.s("]")?;
            c.invalid()?;
            return Ok(None);
        }
        let value = tlv_value(c, t, ty, len)?;
        if c.vflag > 1 {
            c.s("\n\t  ")?;
            c.s(ext_tlv_name(ty))?;
            c.s(" Extension TLV #")?;
            c.d(ty)?;
            c.s(", length ")?;
            c.d(len)?;
            c.s(", value ")?;
            if let Some(v) = value {
                match ty {
                    2 => {}
                    3 | 7 => {
                        c.s(ifmt_name(v).unwrap_or("Unknown"))?;
                        c.s(" (")?;
                        c.d(v)?;
                        c.s(")")?;
                    }
                    6 | 8 => {
                        c.s(ifle_name(v).unwrap_or("Unknown"))?;
                        c.s(" (")?;
                        c.d(v)?;
                        c.s(")")?;
                    }
                    _ => c.d(v)?,
                }
            }
        }
        t += usize::from(len);
        ext -= u32::from(len) + 2;
    }
    if c.vflag > 1 {
        c.s("\n\t-----original packet-----\n\t")?;
    }
    *hdr = total;
    Ok(Some(total))
}

/// An extension TLV's value: little-endian below type 128, big-endian from it; `None` for
/// lengths over 4 and for the value tcpdump's `int` reads as -1.
fn tlv_value<W: Write>(c: &mut Cursor<'_, W>, at: usize, ty: u8, len: u8) -> R<Option<u32>> {
    if !(1..=4).contains(&len) {
        return Ok(None);
    }
    let b = c.bytes(at, usize::from(len))?;
    let v = if ty < 128 {
        b.iter().rev().fold(0u32, |v, &x| v << 8 | u32::from(x))
    } else {
        b.iter().fold(0u32, |v, &x| v << 8 | u32::from(x))
    };
    Ok((v != u32::MAX).then_some(v))
}

/// The extension TLV names (`jnx_ext_tlv_values`).
fn ext_tlv_name(t: u8) -> &'static str {
    match t {
        1 => "Device Interface Index",
        2 => "Device Interface Name",
        3 => "Device Media Type",
        4 => "Logical Interface Index",
        5 => "Logical Unit Number",
        6 => "Logical Interface Encapsulation",
        7 => "TTP derived Device Media Type",
        8 => "TTP derived Logical Interface Encapsulation",
        _ => "Unknown",
    }
}

/// `ip_heuristic_guess`: IPv4 or IPv6 by the first byte at `p`; `false` for neither.
fn ip_heuristic<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R<bool> {
    match c.u8(p)? {
        0x45..=0x4f => c.then(Next::ip(off(p), length))?,
        0x60..=0x6f => c.then(Next::ip6(off(p), length))?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// The GGSN PIC: the protocol and VLAN in the cookie.
fn ggsn<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R {
    let proto = l2.cookie[2];
    if c.eflag {
        c.s("proto ")?;
        c.s(match proto {
            1 => "Null",
            2 => "IPv4",
            6 => "IPv6",
            _ => "Unknown",
        })?;
        c.s(" (")?;
        c.d(proto)?;
        c.s("), vlan ")?;
        c.d(l2.cookie16(4))?;
        c.s(": ")?;
    }
    match proto {
        2 => c.then(Next::ip(off(p), l2.length)),
        6 => c.then(Next::ip6(off(p), l2.length)),
        _ if !c.eflag => {
            c.s("unknown GGSN proto (")?;
            c.d(proto)?;
            c.s(")")
        }
        _ => Ok(()),
    }
}

/// The Encryption Services PIC: an IPsec header, then IPv4.
fn es<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R {
    let ih = c.bytes(p, 16)?;
    let (sa, ttl, ty) = (u16::from_be_bytes([ih[0], ih[1]]), ih[2], ih[3]);
    let spi = u32::from_be_bytes([ih[4], ih[5], ih[6], ih[7]]);
    let (rewrite, bundle) = match ty {
        1 | 2 => (0u32, true),
        3..=5 => (16, false),
        _ => {
            c.s("ES Invalid type ")?;
            c.d(ty)?;
            c.s(", length ")?;
            return c.d(l2.length);
        }
    };
    let length = l2.length.wrapping_sub(rewrite);
    if c.eflag {
        c.s("ES SA, index ")?;
        c.d(sa)?;
        c.s(", ttl ")?;
        c.d(ttl)?;
        c.s(" type ")?;
        c.s(match ty {
            1 => "ESP ENCR-AUTH",
            2 => "ESP ENCR-AH AUTH",
            3 => "ESP AUTH",
            4 => "AH AUTH",
            _ => "ESP ENCR",
        })?;
        c.s(" (")?;
        c.d(ty)?;
        c.s(")")?;
        if !bundle {
            c.s(", spi ")?;
            c.d(spi)?;
            c.s(", Tunnel ")?;
            c.ip4_at(p + 8)?;
            c.s(" > ")?;
            c.ip4_at(p + 12)?;
        }
        c.s(", length ")?;
        c.d(length)?;
        c.s("\n")?;
    }
    c.then(Next::ip(off(p + rewrite as usize), length))
}

/// `Bundle-ID N, ` under `-e` unless the frame came from a child link (MLFR and MFR).
fn bundle_id<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info) -> R {
    if c.eflag && l2.cookie32() != 1 {
        c.s("Bundle-ID ")?;
        c.d(l2.bundle)?;
        c.s(", ")?;
    }
    Ok(())
}

/// `unknown protocol 0x.., length N`.
fn unknown_proto<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info) -> R {
    c.s("unknown protocol 0x")?;
    fmtx::hex_pad(c.out, l2.proto.into(), 4)?;
    c.s(", length ")?;
    c.d(l2.length)
}

/// The layer an LSQ protocol names, `None` for none of them.
fn lsq<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R<bool> {
    let (at, length) = (off(p), l2.length);
    match l2.proto {
        LSQ_IPV4 => c.then(Next::ip(at, length))?,
        LSQ_IPV6 => c.then(Next::ip6(at, length))?,
        LSQ_MPLS => {
            let caplen = c.avail(p) as u32;
            c.then(Next::ether_type(ethertype::MPLS, at, length, caplen))?
        }
        LSQ_ISO => isoclns_print(c, p, length)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// Multilink PPP.
fn mlppp<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R {
    let head = l2.cookie16(0);
    if c.eflag && head != PPP_OSI && head != PPP_ADDR_CTL {
        c.s("Bundle-ID ")?;
        c.d(l2.bundle)?;
        c.s(": ")?;
    }
    if l2.proto == LSQ_IPV4 && l2.cookie[4] == LSQ_COOKIE_RE_DIR {
        // IS-IS over PPP to the routing engine.
        return c.then(Next::l2(L2Proto::Ppp, off(p), l2.length));
    }
    if lsq(c, l2, p)? {
        return Ok(());
    }
    if head == PPP_OSI {
        c.then(Next::l2(
            L2Proto::Ppp,
            off(p - 2),
            l2.length.wrapping_add(2),
        ))
    } else {
        c.then(Next::l2(L2Proto::Ppp, off(p), l2.length))
    }
}

/// FRF.16 Frame Relay.
fn mfr<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R {
    if l2.cookie_len == 0 {
        return mfr_print(c, p, l2.length);
    }
    if l2.cookie_len == AS_PIC_COOKIE_LEN {
        lsq(c, l2, p)?;
        return Ok(());
    }
    bundle_id(c, l2)?;
    match l2.proto {
        0xfefe => {
            c.u8(p)?;
            isoclns_print(c, p + 1, l2.length.wrapping_sub(1))
        }
        0x0308 | 0x03cc | 0x038e => isoclns_print(c, p - 1, l2.length.wrapping_add(1)),
        _ => unknown_proto(c, l2),
    }
}

/// An LLC header (NLPID or SNAP) at `p`, as tcpdump's ATM PIC printers try it: `true` when
/// `llc_print` knows the frame (an unknown one is not dumped here).
fn atm_llc<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R<bool> {
    if !matches!(c.be24(p)?, 0xfe_fe03 | 0xaa_aa03) {
        return Ok(false);
    }
    crate::print::llc::llc_print(c, p, l2.length, l2.caplen)?;
    if c.next.kind == Kind::Dump && c.next.at == off(p) {
        c.next = Next::DONE;
        return Ok(false);
    }
    Ok(true)
}

/// Cisco's NLPID encapsulation (a 0x03 byte first), `false` when the frame is not.
fn cisco_nlpid<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R<bool> {
    if c.u8(p)? != 0x03 {
        return Ok(false);
    }
    isoclns_print(c, p + 1, l2.length.wrapping_sub(1))?;
    Ok(true)
}

/// The ATM1 PIC.
fn atm1<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R {
    if l2.cookie[0] == 0x80 {
        return oam_print(c, p, l2.length, OamHec::Without);
    }
    if atm_llc(c, l2, p)? || cisco_nlpid(c, l2, p)? {
        return Ok(());
    }
    ip_heuristic(c, p, l2.length).map(drop)
}

/// The ATM2 PIC.
fn atm2<W: Write>(c: &mut Cursor<'_, W>, l2: &L2Info, p: usize) -> R {
    if l2.cookie[7] & ATM2_PKT_TYPE_MASK != 0 {
        return oam_print(c, p, l2.length, OamHec::Without);
    }
    if atm_llc(c, l2, p)? {
        return Ok(());
    }
    if l2.direction != FLAG_PKT_IN && l2.cookie32() & ATM2_GAP_COUNT_MASK != 0 {
        return c.then(Next::ether(off(p), l2.length, l2.caplen));
    }
    if cisco_nlpid(c, l2, p)? {
        return Ok(());
    }
    // PPP in VC multiplexing, by the protocols a Juniper router speaks.
    let proto = c.be16(p)?;
    if matches!(
        proto,
        0x0021
            | 0x0023
            | 0x0281
            | 0x0283
            | 0x8021
            | 0x8023
            | 0x8281
            | 0xc021
            | 0xc023
            | 0xc223
            | 0x003d
            | 0x0057
            | 0x8057
    ) {
        return c.then(Next::l2(L2Proto::Ppp, off(p), l2.length));
    }
    ip_heuristic(c, p, l2.length).map(drop)
}

/// tcpdump's `ndo_ll_hdr_len` for a Juniper record that printed to its end (a cut one dumps
/// from its first byte): the pseudo-header and cookie, and for `LINKTYPE_JUNIPER_ETHER` the
/// Ethernet header too.
pub(crate) fn header_len(lt: u32, data: &[u8], orig_len: u32) -> usize {
    let at = |i: usize| data.get(i).copied().unwrap_or(0);
    let be16 = |i: usize| u16::from_be_bytes([at(i), at(i + 1)]);
    if data.len() < 4 || u32::from(be16(0)) << 8 | u32::from(at(2)) != MAGIC {
        return 0;
    }
    let flags = at(3);
    let mut hdr = 4usize;
    if flags & FLAG_EXT != 0 {
        let mut ext = usize::from(be16(4));
        hdr += 2 + ext;
        let mut t = 6;
        while ext > 2 {
            let (ty, len) = (at(t), usize::from(at(t + 1)));
            if ty == 0 || len == 0 {
                break;
            }
            if ext < len + 2 {
                // An invalid TLV: the header length is never set.
                return 0;
            }
            t += 2 + len;
            ext -= len + 2;
        }
    }
    if flags & FLAG_NO_L2 != 0 {
        return hdr + 4;
    }
    let mut cookie_len = 0;
    let mut cookie_type = 0;
    if let Some((_, len)) = cookie_table(lt) {
        cookie_len = len as usize;
        match at(hdr) {
            LS_COOKIE_ID => {
                cookie_type = LS_COOKIE_ID;
                cookie_len += 2
            }
            AS_COOKIE_ID => {
                cookie_type = AS_COOKIE_ID;
                cookie_len = 8
            }
            _ => {}
        }
        if lt == MFR && at(hdr) & 0xc0 == 0xc0 {
            cookie_len = 0;
        }
    }
    let mut h = hdr + cookie_len;
    match lt {
        MLFR if cookie_type != AS_COOKIE_ID => h += 2,
        MFR if cookie_type == LS_COOKIE_ID => h += 2,
        ATM2 if at(hdr + 7) & ATM2_PKT_TYPE_MASK != 0 => {
            let cw = u32::from(be16(h)) << 16 | u32::from(be16(h + 2));
            if matches!(cw, 0 | 0x0800_0000 | 0x0838_0000) {
                h += 4;
            }
        }
        ETHER => {
            let rest = data.get(h..).unwrap_or(&[]);
            let len = orig_len.saturating_sub(h as u32);
            return h + crate::dump::link_header_len(1, rest, len, false);
        }
        _ => {}
    }
    h.min(data.len())
}
