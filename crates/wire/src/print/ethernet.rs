//! The link-layer printers: Ethernet and 802.1Q/QinQ tags, LINUX_SLL2, LINUX_SLL and raw IP
//! (tcpdump's `ether_print`, `sll2_print`, `sll_print`, `raw_print`).

use core::fmt::Write;

use crate::ethertype;
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

use crate::frame::{ethernet, sll, vlan};

/// [`sll::v2::HEADER_LEN`] as the `u32` lengths are counted in.
const SLL2_LEN: u32 = sll::v2::HEADER_LEN as u32;
/// The SLL2 hardware type of 802.11 frames with a radiotap header (not decoded here).
const ARPHRD_IEEE80211_RADIOTAP: u16 = 803;

/// The cooked headers' protocol values up to [`ethertype::MAX_LENGTH`] that `-e` names.
const COOKED_LENGTH_TYPES: &Tok = &[(1, "802.3"), (4, "802.2")];

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

pub(crate) fn ether_type_print<W: Write>(c: &mut Cursor<'_, W>, t: u16) -> R {
    if !c.qflag {
        c.s("ethertype ")?;
        c.s(ethertype::name(t).unwrap_or("Unknown"))?;
        c.s(" (0x")?;
        fmtx::hex_pad(c.out, t as u64, 4)?;
        c.s(")")
    } else {
        let unknown = Unknown::hex4("Unknown Ethertype (0x", ")");
        Ok(tok::tok2str(c.out, ethertype::name(t), t.into(), unknown)?)
    }
}

pub(crate) fn vlan_tci<W: Write>(c: &mut Cursor<'_, W>, tci: u16) -> R {
    c.s("vlan ")?;
    c.d(tci & vlan::VID_MASK)?;
    c.s(", p ")?;
    c.d(tci >> vlan::PCP_SHIFT)?;
    if tci & vlan::DEI != 0 {
        c.s(", DEI")?;
    }
    Ok(())
}

/// `ether_print` / `ether_common_print`: the header, up to what its type field names.
#[inline(always)]
pub(crate) fn ether_print<W: Write>(
    c: &mut Cursor<'_, W>,
    off: usize,
    length: u32,
    caplen: u32,
) -> R {
    c.proto = "ether";
    if length < caplen {
        c.s("[length ")?;
        c.d(length)?;
        c.s(" < caplen ")?;
        c.d(caplen)?;
        c.s("]")?;
        c.s(" (invalid)")?;
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
    if c.eflag {
        c.mac_at(src)?;
        c.s(" > ")?;
        c.mac_at(dst)?;
        c.s(", ")?;
    }
    // tcpdump's `recurse:` label: an Arista header is followed by another type field.
    loop {
        let mut length_type = c.be16(p)?;
        length -= 2;
        caplen -= 2;
        p += 2;
        let mut printed_length = false;
        if length_type == ethertype::MACSEC {
            if c.eflag {
                ether_type_print(c, length_type)?;
                c.s(", length ")?;
                c.d(orig_length)?;
                c.s(": ")?;
                printed_length = true;
            }
            match macsec(c, off, p, length, caplen)? {
                Some((sl, l, cl)) => {
                    (p, length, caplen) = (p + sl, l, cl);
                    length_type = c.be16(p)?;
                    if caplen < 2 {
                        // `ND_LCHECK_U`, and the printer returns.
                        c.s(" [caplen ")?;
                        c.d(caplen)?;
                        return c.s(" < 2]");
                    }
                    (p, length, caplen) = (p + 2, length - 2, caplen - 2);
                }
                None => return Ok(()),
            }
        }
        while matches!(
            length_type,
            ethertype::VLAN | ethertype::VLAN_9100 | ethertype::VLAN_9200 | ethertype::QINQ
        ) {
            if caplen < vlan::TAG_LEN as u32 || length < vlan::TAG_LEN as u32 {
                c.proto = "vlan";
                return Err(Stop::Trunc);
            }
            if c.eflag {
                let tag = c.be16(p + vlan::field::TCI.start)?;
                ether_type_print(c, length_type)?;
                if !printed_length {
                    c.s(", length ")?;
                    c.d(orig_length)?;
                    c.s(": ")?;
                    printed_length = true;
                } else {
                    c.s(", ")?;
                }
                vlan_tci(c, tag)?;
                c.s(", ")?;
            }
            length_type = c.be16(p + vlan::field::ETHERTYPE.start)?;
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
            c.clip(p, length as usize);
            if c.eflag {
                c.s("802.3")?;
                if !printed_length {
                    c.s(", length ")?;
                    c.d(length)?;
                    c.s(": ")?;
                }
            }
            c.llc_eth = Some(off);
            return c.then(Next::llc(o32(p), length, caplen));
        }
        if c.eflag {
            if length_type == ethertype::ARISTA {
                match arista(c, p, orig_length, length, caplen)? {
                    ARISTA_CUT => return Ok(()),
                    ARISTA_DUMP => return c.then(Next::dump(o32(p), caplen)),
                    n => {
                        (p, length, caplen) = (p + n, length - n as u32, caplen - n as u32);
                        continue;
                    }
                }
            }
            ether_type_print(c, length_type)?;
            if !printed_length {
                c.s(", length ")?;
                c.d(orig_length)?;
                c.s(": ")?;
            } else {
                c.s(", ")?;
            }
        }
        if !ethertype_has_printer(length_type) {
            if length_type == ethertype::ARISTA {
                match arista(c, p, orig_length, length, caplen)? {
                    ARISTA_CUT => return Ok(()),
                    ARISTA_DUMP => {}
                    n => {
                        (p, length, caplen) = (p + n, length - n as u32, caplen - n as u32);
                        continue;
                    }
                }
            }
            return ether_no_printer(c, length_type, off, orig_length, p, length, caplen);
        }
        return c.then(Next::ether_type(length_type, o32(p), length, caplen));
    }
}

/// MACsec's SecTAG: the TCI/AN byte's bits (IEEE 802.1AE 9.5).
const MACSEC_TCI_VERSION: u8 = 0x80;
const MACSEC_TCI_SC: u8 = 0x20;
/// The TCI bits that mean the payload is encrypted or changed.
const MACSEC_TCI_CONFID: u8 = 0x0c;
/// The TCI flags tcpdump names, in its order.
const MACSEC_FLAGS: &Tok = &[
    (0x08, "E"),
    (0x04, "C"),
    (0x40, "S"),
    (0x10, "B"),
    (0x20, "I"),
];
/// The SecTAG without and with its Secure Channel Identifier.
const MACSEC_SECTAG_LEN: u32 = 6;
const MACSEC_SECTAG_SCI_LEN: u32 = 14;
/// The Integrity Check Value at the frame's end.
const MACSEC_ICV_LEN: u32 = 16;

/// `macsec_print`: the SecTAG at `p` after an Ethernet header at `eth`, `length` and `caplen`
/// bytes from `p` on. `Some((SecTAG length, length, caplen))` when an unencrypted payload
/// follows (its type field first, the ICV cut off the captured data), `None` when the line is
/// done (an encrypted payload dumped, a cut or invalid header marked).
#[cold]
#[inline(never)]
fn macsec<W: Write>(
    c: &mut Cursor<'_, W>,
    eth: usize,
    p: usize,
    length: u32,
    caplen: u32,
) -> R<Option<(usize, u32, u32)>> {
    let save = c.proto;
    c.proto = "macsec";
    if caplen < MACSEC_SECTAG_LEN || length < MACSEC_SECTAG_LEN {
        c.trunc_here()?;
        return Ok(None);
    }
    let tci = c.u8(p)?;
    let sectag_len = if tci & MACSEC_TCI_SC != 0 {
        if caplen < MACSEC_SECTAG_SCI_LEN || length < MACSEC_SECTAG_SCI_LEN {
            c.trunc_here()?;
            return Ok(None);
        }
        MACSEC_SECTAG_SCI_LEN
    } else {
        MACSEC_SECTAG_LEN
    };
    let sl_byte = c.u8(p + 1)?;
    if sl_byte & !0x3f != 0 || tci & MACSEC_TCI_VERSION != 0 {
        c.invalid()?;
        return Ok(None);
    }
    let short_length = u32::from(sl_byte & 0x3f);
    if c.eflag {
        macsec_header(c, p, short_length)?;
    }
    let (mut length, mut caplen) = (length - sectag_len, caplen - sectag_len);
    let payload = p + sectag_len as usize;
    if tci & MACSEC_TCI_CONFID != 0 {
        if !c.eflag {
            c.mac_at(eth + ethernet::field::SRC.start)?;
            c.s(" > ")?;
            c.mac_at(eth + ethernet::field::DST.start)?;
            c.s(" 802.1AE MACsec, ")?;
            macsec_header(c, p, short_length)?;
        }
        c.proto = save;
        c.default_print_guarded(payload, caplen as usize)?;
        return Ok(None);
    }
    if length < MACSEC_ICV_LEN || caplen < MACSEC_ICV_LEN {
        c.trunc_here()?;
        return Ok(None);
    }
    length -= MACSEC_ICV_LEN;
    caplen -= MACSEC_ICV_LEN;
    c.snapend = c.snapend.saturating_sub(MACSEC_ICV_LEN as usize);
    if short_length != 0 {
        if short_length > length || short_length > caplen {
            c.trunc_here()?;
            return Ok(None);
        }
        length = length.min(short_length);
        caplen = caplen.min(short_length);
    }
    c.proto = save;
    Ok(Some((sectag_len as usize, length, caplen)))
}

/// `macsec_print_header`: association number, packet number, flags, short length and SCI.
fn macsec_header<W: Write>(c: &mut Cursor<'_, W>, p: usize, short_length: u32) -> R {
    let tci = c.u8(p)?;
    c.s("an ")?;
    c.d(tci & 0x03)?;
    c.s(", pn ")?;
    c.d(c.be32(p + 2)?)?;
    c.s(", flags ")?;
    tok::bittok2str_nosep(c.out, MACSEC_FLAGS, u32::from(tci & 0x7c), "none")?;
    if short_length != 0 {
        c.s(", sl ")?;
        c.d(short_length)?;
    }
    if tci & MACSEC_TCI_SC != 0 {
        c.s(", sci ")?;
        fmtx::hex_pad(c.out, c.be_n(p + 6, 8)?, 16)?;
    }
    c.s(", ")
}

/// [`arista`]: the line ends (a cut header).
const ARISTA_CUT: usize = 0;
/// [`arista`]: the payload is to be dumped (an unknown subtype or format).
const ARISTA_DUMP: usize = usize::MAX;

/// The Arista vendor header at `p` (tcpdump's `arista_ethertype_print`, in
/// `ether_common_print`): its type and length, subtype and timestamp; the bytes it took when
/// another type field follows, or [`ARISTA_CUT`] or [`ARISTA_DUMP`].
#[cold]
#[inline(never)]
fn arista<W: Write>(
    c: &mut Cursor<'_, W>,
    p: usize,
    orig_length: u32,
    length: u32,
    caplen: u32,
) -> R<usize> {
    if caplen < 2 || length < 2 {
        c.s("[|arista]")?;
        return Ok(ARISTA_CUT);
    }
    c.proto = "arista";
    ether_type_print(c, ethertype::ARISTA)?;
    c.s(", length ")?;
    c.d(orig_length)?;
    c.s(": ")?;
    let sub = c.be16(p)?;
    c.s("SubType ")?;
    c.s(if sub == 1 { "Timestamp" } else { "Unknown" })?;
    c.s(" (0x")?;
    fmtx::hex_pad(c.out, sub.into(), 4)?;
    c.s("), ")?;
    if sub != 1 {
        return Ok(ARISTA_DUMP);
    }
    let scale = c.u8(p + 2)?;
    c.s("Timescale ")?;
    c.s(match scale {
        0 => "TAI",
        1 => "UTC",
        _ => "Unknown",
    })?;
    c.s(" (")?;
    c.d(scale)?;
    c.s("), ")?;
    let b = c.u8(p + 3)?;
    let (format, hw) = (b >> 4, b & 0x0f);
    c.s("Format ")?;
    c.s(match format {
        1 => "64-bit",
        2 => "48-bit",
        _ => "Unknown",
    })?;
    c.s(" (")?;
    c.d(format)?;
    c.s("), HwInfo ")?;
    c.s(match hw {
        0 => "R/R2",
        1 => "R3",
        _ => "Unknown",
    })?;
    c.s(" (")?;
    c.d(hw)?;
    c.s("), Timestamp ")?;
    let used = match format {
        1 => {
            let secs = u64::from(c.be32(p + 4)?);
            let ns = c.be32(p + 8)?;
            let t = secs + u64::from(ns / 1_000_000_000);
            let (y, mo, d) = fmtx::civil_from_days((t / 86_400) as i64);
            fmtx::dec(c.out, y as u64)?;
            c.s("-")?;
            fmtx::dec_pad(c.out, mo.into(), 2)?;
            c.s("-")?;
            fmtx::dec_pad(c.out, d.into(), 2)?;
            c.s(" ")?;
            fmtx::hms(c.out, (t % 86_400) as i64)?;
            c.s(".")?;
            fmtx::dec_pad(c.out, (ns % 1_000_000_000).into(), 9)?;
            12
        }
        2 => {
            let secs = u64::from(c.be16(p + 4)?);
            let ns = c.be32(p + 6)?;
            c.d(secs + u64::from(ns / 1_000_000_000))?;
            c.s(".")?;
            fmtx::dec_pad(c.out, (ns % 1_000_000_000).into(), 9)?;
            10
        }
        _ => return Ok(ARISTA_DUMP),
    };
    c.s(": ")?;
    Ok(used)
}

/// What `ether_print` prints for a type `t` without a printer, the Ethernet header at `eth`:
/// the header as under `-e`, then the payload's dump.
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn ether_no_printer<W: Write>(
    c: &mut Cursor<'_, W>,
    t: u16,
    eth: usize,
    orig_length: u32,
    at: usize,
    length: u32,
    caplen: u32,
) -> R {
    if matches!(
        t,
        ethertype::GEONET
            | ethertype::GEONET_OLD
            | ethertype::CALM_FAST
            | ethertype::LOOPBACK
            | ethertype::TIPC
    ) {
        // Printers of their own that show the frame's source address.
        c.llc_eth = Some(eth);
        return c.then(Next::ether_type(t, o32(at), length, caplen));
    }
    if !c.eflag {
        c.mac_at(eth + ethernet::field::SRC.start)?;
        c.s(" > ")?;
        c.mac_at(eth + ethernet::field::DST.start)?;
        c.s(", ")?;
        ether_type_print(c, t)?;
        c.s(", length ")?;
        c.d(orig_length)?;
        c.s(": ")?;
    }
    c.then(Next::dump(o32(at), caplen))
}

/// `sll2_if_print` (LINKTYPE_LINUX_SLL2).
#[cold]
pub(crate) fn sll2_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "sll2";
    if !c.test(0, sll::v2::HEADER_LEN) {
        return Err(Stop::Trunc);
    }
    let ifindex = c.be32(sll::v2::IFINDEX.start)?;
    let name = c
        .ifnames
        .iter()
        .find(|(i, _)| *i == ifindex)
        .map(|(_, n)| &**n)
        .unwrap_or("?");
    fmtx::left(c.out, name, 5)?;
    c.s(" ")?;
    let pkttype = c.u8(sll::v2::PKTTYPE)?;
    fmtx::left(c.out, sll_pkttype(pkttype), 3)?;
    c.s(" ")?;
    if c.eflag {
        sll2_header(c, length)?;
    }
    let mut length = length.wrapping_sub(SLL2_LEN);
    let mut caplen = caplen - SLL2_LEN;
    let mut p = sll::v2::HEADER_LEN;
    let hatype = c.be16(sll::v2::HATYPE.start)?;
    if hatype == ARPHRD_IEEE80211_RADIOTAP {
        // radiotap: not decoded here
        return c.then(Next::dump(o32(p), caplen));
    }
    let mut ether_type = c.be16(sll::v2::PROTOCOL.start)?;
    loop {
        if ether_type <= ethertype::MAX_LENGTH {
            return c.then(cooked_length_field(ether_type, p, length, caplen));
        } else if ether_type == ethertype::VLAN {
            if caplen < vlan::TAG_LEN as u32 {
                c.proto = "vlan";
                return Err(Stop::Trunc);
            }
            if c.eflag {
                let tag = c.be16(p + vlan::field::TCI.start)?;
                vlan_tci(c, tag)?;
                c.s(", ")?;
            }
            ether_type = c.be16(p + vlan::field::ETHERTYPE.start)?;
            if ether_type <= ethertype::MAX_LENGTH {
                ether_type = 4;
            }
            if !c.qflag {
                c.s("ethertype ")?;
                c.s(ethertype::name(ether_type).unwrap_or("Unknown"))?;
                c.s(", ")?;
            }
            p += vlan::field::PAYLOAD;
            length = length.wrapping_sub(vlan::TAG_LEN as u32);
            caplen -= vlan::TAG_LEN as u32;
        } else {
            if !ethertype_has_printer(ether_type) {
                if !c.eflag {
                    sll2_header(c, length.wrapping_add(SLL2_LEN))?;
                }
                return c.then(Next::dump(o32(p), caplen));
            }
            return c.then(Next::ether_type(ether_type, o32(p), length, caplen));
        }
    }
}

pub(crate) fn sll2_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    c.s("ifindex ")?;
    let i = c.be32(sll::v2::IFINDEX.start)?;
    c.d(i)?;
    c.s(" ")?;
    if c.u8(sll::v2::HALEN)? == 6 {
        c.mac_at(sll::v2::ADDR.start)?;
        c.s(" ")?;
    }
    if !c.qflag {
        cooked_type_and_length(c, sll::v2::PROTOCOL.start, length)?;
    }
    Ok(())
}

/// The `ethertype NAME (0xXXXX), length N: ` part of a cooked header (SLL and SLL2 under
/// `-e`), the protocol field read at `at`.
pub(crate) fn cooked_type_and_length<W: Write>(c: &mut Cursor<'_, W>, at: usize, length: u32) -> R {
    let et = c.be16(at)?;
    if et <= ethertype::MAX_LENGTH {
        let name = tok::find(COOKED_LENGTH_TYPES, et.into());
        let unknown = Unknown::hex4("ethertype Unknown (0x", ")");
        tok::tok2str(c.out, name, et.into(), unknown)?;
    } else {
        c.s("ethertype ")?;
        c.s(ethertype::name(et).unwrap_or("Unknown"))?;
        c.s(" (0x")?;
        fmtx::hex_pad(c.out, et as u64, 4)?;
        c.s(")")?;
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `sll_if_print` (LINKTYPE_LINUX_SLL, the older cooked header).
#[cold]
pub(crate) fn sll_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "sll";
    if !c.test(0, sll::v1::HEADER_LEN) {
        return Err(Stop::Trunc);
    }
    if c.eflag {
        sll_header(c, length)?;
    }
    let mut length = length.wrapping_sub(sll::v1::HEADER_LEN as u32);
    let mut caplen = caplen - sll::v1::HEADER_LEN as u32;
    let mut p = sll::v1::HEADER_LEN;
    if c.be16(sll::v1::HATYPE.start)? == ARPHRD_IEEE80211_RADIOTAP {
        // radiotap: not decoded here
        return c.then(Next::dump(o32(p), caplen));
    }
    let mut et = c.be16(sll::v1::PROTOCOL.start)?;
    loop {
        if et <= ethertype::MAX_LENGTH {
            return c.then(cooked_length_field(et, p, length, caplen));
        }
        if et != ethertype::VLAN {
            break;
        }
        if caplen < vlan::TAG_LEN as u32 {
            c.proto = "vlan";
            return c.trunc_here();
        }
        if c.eflag {
            let tag = c.be16(p + vlan::field::TCI.start)?;
            vlan_tci(c, tag)?;
            c.s(", ")?;
        }
        et = c.be16(p + vlan::field::ETHERTYPE.start)?;
        if et <= ethertype::MAX_LENGTH {
            et = 4;
        }
        if !c.qflag {
            c.s("ethertype ")?;
            c.s(ethertype::name(et).unwrap_or("Unknown"))?;
            c.s(", ")?;
        }
        p += vlan::field::PAYLOAD;
        length = length.wrapping_sub(vlan::TAG_LEN as u32);
        caplen -= vlan::TAG_LEN as u32;
    }
    if !ethertype_has_printer(et) {
        if !c.eflag {
            sll_header(c, length.wrapping_add(sll::v1::HEADER_LEN as u32))?;
        }
        return c.then(Next::dump(o32(p), caplen));
    }
    c.then(Next::ether_type(et, o32(p), length, caplen))
}

/// `sll_print`: the cooked header's packet type (`%3s`), address and protocol.
fn sll_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    let pkttype = c.be16(sll::v1::PKTTYPE.start)?;
    let name = sll_pkttype(pkttype.min(255) as u8);
    for _ in name.len()..3 {
        c.s(" ")?;
    }
    c.s(name)?;
    c.s(" ")?;
    if c.be16(sll::v1::HALEN.start)? == 6 {
        c.mac_at(sll::v1::ADDR.start)?;
        c.s(" ")?;
    }
    if !c.qflag {
        cooked_type_and_length(c, sll::v1::PROTOCOL.start, length)?;
    }
    Ok(())
}

/// `null_if_print` (LINKTYPE_NULL and LINKTYPE_LOOP): a 4-byte BSD address family in the
/// writer's byte order (LOOP: network order), taken as byte-swapped when its upper half is
/// not zero.
#[cold]
pub(crate) fn null_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "null";
    let b = c.bytes(0, NULL_HDR_LEN as usize)?;
    let mut family = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    if family & 0xffff_0000 != 0 {
        family = family.swap_bytes();
    }
    if c.eflag {
        null_header(c, family, length)?;
    }
    let (length, caplen) = (length.wrapping_sub(NULL_HDR_LEN), caplen - NULL_HDR_LEN);
    let p = NULL_HDR_LEN;
    match family {
        BSD_AF_INET => c.then(Next::ip(p, length)),
        BSD_AF_INET6_BSD | BSD_AF_INET6_FREEBSD | BSD_AF_INET6_DARWIN => {
            c.then(Next::ip6(p, length))
        }
        BSD_AF_ISO => crate::print::links::isoclns_print(c, p as usize, length),
        // AppleTalk, IPX: tcpdump printers this crate lacks.
        BSD_AF_APPLETALK | BSD_AF_IPX => Ok(()),
        _ => {
            if !c.eflag {
                null_header(c, family, length.wrapping_add(NULL_HDR_LEN))?;
            }
            c.then(Next::dump(p, caplen))
        }
    }
}

/// `null_hdr_print`: `AF NAME (N), length L: ` (`-q`: `NAME` alone).
fn null_header<W: Write>(c: &mut Cursor<'_, W>, family: u32, length: u32) -> R {
    let name = match family {
        BSD_AF_INET => Some("IPv4"),
        6 => Some("NS"),
        BSD_AF_ISO => Some("ISO"),
        BSD_AF_APPLETALK => Some("Appletalk"),
        BSD_AF_IPX => Some("IPX"),
        BSD_AF_INET6_BSD | BSD_AF_INET6_FREEBSD | BSD_AF_INET6_DARWIN => Some("IPv6"),
        _ => None,
    };
    if !c.qflag {
        c.s("AF ")?;
        c.s(name.unwrap_or("Unknown"))?;
        c.s(" (")?;
        c.d(family)?;
        c.s(")")?;
    } else if let Some(n) = name {
        c.s(n)?;
    } else {
        c.s("Unknown AF ")?;
        c.d(family)?;
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// LINKTYPE_RAW: `ipN_print`, with `ip: ` first under `-e`.
pub(crate) fn raw_print<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    c.proto = "raw";
    if c.eflag {
        c.s("ip: ")?;
    }
    c.proto = "ipn";
    if length < 1 {
        c.s("truncated-ip ")?;
        c.d(length)?;
        return Ok(());
    }
    let b = c.u8(0)?;
    let next = match b & 0xf0 {
        0x40 => Next::ip(0, length),
        0x60 => Next::ip6(0, length),
        _ => {
            c.s("unknown ip ")?;
            c.d((b & 0xf0) >> 4)?;
            Next::DONE
        }
    };
    c.then(next)
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
