//! IEEE 802.11 as tcpdump 4.99 prints it: the bare 802.11 link type (`LINKTYPE_IEEE802_11`)
//! and the radio headers in front of it (radiotap, AVS, Prism, and PPI, which may carry other
//! link types too).
//!
//! - this file: the MAC header, control frames, data frames (their LLC payload goes on to
//!   [`crate::print::walk`]) and the frame dispatch;
//! - [`mgmt`]: management frame bodies and their information elements;
//! - [`radio`]: radiotap, AVS, Prism and PPI headers;
//! - [`text`]: the status and reason texts and the HT rate table.

mod hdrlen;
mod mgmt;
pub(crate) mod radio;
mod text;

use core::fmt::Write;

pub(crate) use hdrlen::header_len;

use crate::print::cursor::{Cursor, Stop, R};
use crate::print::next::{off, Next};

/// Management frames.
const T_MGMT: u16 = 0;
/// Control frames.
const T_CTRL: u16 = 1;
/// Data frames.
const T_DATA: u16 = 2;

/// Control frame subtypes.
mod ctrl {
    pub const WRAPPER: u16 = 0x7;
    pub const BAR: u16 = 0x8;
    pub const BA: u16 = 0x9;
    pub const PS_POLL: u16 = 0xa;
    pub const RTS: u16 = 0xb;
    pub const CTS: u16 = 0xc;
    pub const ACK: u16 = 0xd;
    pub const CF_END: u16 = 0xe;
    pub const END_ACK: u16 = 0xf;
}

/// The frame control field's type.
fn fc_type(fc: u16) -> u16 {
    (fc >> 2) & 3
}

/// The frame control field's subtype.
fn fc_subtype(fc: u16) -> u16 {
    (fc >> 4) & 0xf
}

/// To DS.
fn to_ds(fc: u16) -> bool {
    fc & 0x0100 != 0
}

/// From DS.
fn from_ds(fc: u16) -> bool {
    fc & 0x0200 != 0
}

/// Protected (WEP and its successors).
fn protected(fc: u16) -> bool {
    fc & 0x4000 != 0
}

/// A data subtype's QoS bit.
fn is_qos(subtype: u16) -> bool {
    subtype & 0x8 != 0
}

/// The little-endian 16-bit field at `o`.
fn le16<W: Write>(c: &Cursor<'_, W>, o: usize) -> R<u16> {
    let b = c.bytes(o, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

/// The little-endian 32-bit field at `o`.
fn le32<W: Write>(c: &Cursor<'_, W>, o: usize) -> R<u32> {
    let b = c.bytes(o, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// `LINKTYPE_IEEE802_11`: `ieee802_11_if_print`.
pub(crate) fn ieee802_11_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "802.11";
    ieee802_11_print(c, 0, length, caplen, false, 0)
}

/// The MAC header's length for frame control `fc` (`extract_header_length`), 0 after printing
/// why for a frame type or control subtype tcpdump does not know.
fn header_length<W: Write>(c: &mut Cursor<'_, W>, fc: u16) -> R<u32> {
    Ok(match fc_type(fc) {
        T_MGMT => 24,
        T_CTRL => match fc_subtype(fc) {
            ctrl::WRAPPER => 16,
            ctrl::BAR => 20,
            ctrl::BA | ctrl::CTS | ctrl::ACK => 10,
            ctrl::PS_POLL | ctrl::RTS | ctrl::CF_END | ctrl::END_ACK => 16,
            st => {
                c.s("unknown 802.11 ctrl frame subtype (")?;
                c.d(st)?;
                c.s(")")?;
                0
            }
        },
        T_DATA => {
            let base = if to_ds(fc) && from_ds(fc) { 30 } else { 24 };
            base + if is_qos(fc_subtype(fc)) { 2 } else { 0 }
        }
        t => {
            c.s("unknown 802.11 frame type (")?;
            c.d(t)?;
            c.s(")")?;
            0
        }
    })
}

/// The header length tcpdump's `ieee802_11_print` counts for the frame at `data` (`pad`: the
/// body starts on a 4-byte boundary), for [`super::header_len`]: 0 when it stops before the
/// header.
pub(crate) fn mac_header_len(data: &[u8], pad: bool, hflag: bool) -> usize {
    if data.len() < 2 {
        return 0;
    }
    let fc = u16::from_le_bytes([data[0], data[1]]);
    let mut hdrlen = match fc_type(fc) {
        T_MGMT => 24,
        T_CTRL => match fc_subtype(fc) {
            ctrl::WRAPPER => 16,
            ctrl::BAR => 20,
            ctrl::BA | ctrl::CTS | ctrl::ACK => 10,
            ctrl::PS_POLL | ctrl::RTS | ctrl::CF_END | ctrl::END_ACK => 16,
            _ => return 0,
        },
        T_DATA => {
            let base = if to_ds(fc) && from_ds(fc) { 30 } else { 24 };
            base + if is_qos(fc_subtype(fc)) { 2 } else { 0 }
        }
        _ => return 0,
    };
    if pad {
        hdrlen = (hdrlen + 3) & !3;
    }
    if hflag && fc_type(fc) == T_DATA && is_qos(fc_subtype(fc)) {
        if let Some(&m) = data.get(hdrlen) {
            hdrlen += mesh_len(m) as usize;
        }
    }
    hdrlen
}

/// The 802.11s mesh control header's length from its flags byte (0 when reserved bits are set).
fn mesh_len(flags: u8) -> u32 {
    if flags & !3 != 0 {
        0
    } else {
        6 * (1 + u32::from(flags & 3))
    }
}

/// `ieee802_11_print`: the frame at `b`, `length` bytes long (FCS included when `fcslen` is
/// 4) with `caplen` captured; `pad`: the body starts on a 4-byte boundary (Atheros).
pub(crate) fn ieee802_11_print<W: Write>(
    c: &mut Cursor<'_, W>,
    b: usize,
    length: u32,
    caplen: u32,
    pad: bool,
    fcslen: u32,
) -> R {
    c.proto = "802.11";
    let mut caplen = caplen;
    if length < fcslen {
        return Err(Stop::Trunc);
    }
    let mut length = length - fcslen;
    if caplen > length {
        let cut = caplen - length;
        caplen -= cut;
        c.snapend = c.snapend.saturating_sub(cut as usize).max(b);
    }
    if caplen < 2 {
        return Err(Stop::Trunc);
    }
    let fc = le16(c, b)?;
    let mut hdrlen = header_length(c, fc)?;
    if hdrlen == 0 {
        return Ok(());
    }
    if pad {
        hdrlen = (hdrlen + 3) & !3;
    }
    let mut meshdrlen = 0;
    if c.hflag && fc_type(fc) == T_DATA && is_qos(fc_subtype(fc)) {
        if !c.test(b + hdrlen as usize, 1) {
            return Err(Stop::Trunc);
        }
        let m = c.u8(b + hdrlen as usize)?;
        meshdrlen = mesh_len(m);
        hdrlen += meshdrlen;
    }
    if caplen < hdrlen {
        return Err(Stop::Trunc);
    }
    if c.eflag {
        hdr_print(c, fc, b, hdrlen, meshdrlen)?;
    }
    length = length.wrapping_sub(hdrlen);
    caplen -= hdrlen;
    let p = b + hdrlen as usize;
    match fc_type(fc) {
        T_MGMT => mgmt::body_print(c, fc, b + 10, p, length),
        T_CTRL => ctrl_body_print(c, fc, b),
        _ => {
            if fc_subtype(fc) & 0x4 != 0 {
                // A frame without data.
                return Ok(());
            }
            if protected(fc) {
                c.s("Data")?;
                return wep_print(c, p);
            }
            let (src, dst) = data_src_dst(fc, b);
            c.llc_eth = Some(dst);
            c.llc_wlan = Some((dst, src));
            c.then(Next::llc(off(p), length, caplen))
        }
    }
}

/// `wep_print`: the IV, pad and key ID after the MAC header of a protected frame.
fn wep_print<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    if !c.test(p, 4) {
        return Err(Stop::Trunc);
    }
    let iv = le32(c, p)?;
    c.s(" IV:")?;
    let v = iv & 0xff_ffff;
    let mut digits = 1;
    while v >> (4 * digits) != 0 {
        digits += 1;
    }
    for _ in digits..3 {
        c.s(" ")?;
    }
    c.x(v)?;
    c.s(" Pad ")?;
    c.x((iv >> 24) & 0x3f)?;
    c.s(" KeyID ")?;
    c.x((iv >> 30) & 3)
}

/// A data frame's source and destination addresses by its To DS and From DS bits
/// (`get_data_src_dst_mac`): `(src, dst)`.
fn data_src_dst(fc: u16, b: usize) -> (usize, usize) {
    match (to_ds(fc), from_ds(fc)) {
        (false, false) => (b + 10, b + 4),
        (false, true) => (b + 16, b + 4),
        (true, false) => (b + 10, b + 16),
        (true, true) => (b + 24, b + 16),
    }
}

/// `NAME:ADDR ` for each of `fields` (name, offset).
fn addrs<W: Write>(c: &mut Cursor<'_, W>, fields: &[(&str, usize)]) -> R {
    for &(name, o) in fields {
        c.s(name)?;
        c.s(":")?;
        c.mac_at(o)?;
        c.s(" ")?;
    }
    Ok(())
}

/// The `-e` form of the MAC header (`ieee_802_11_hdr_print`).
#[cold]
fn hdr_print<W: Write>(c: &mut Cursor<'_, W>, fc: u16, b: usize, hdrlen: u32, meshdrlen: u32) -> R {
    if c.vflag > 0 {
        for (bit, name) in [
            (0x2000, "More Data "),
            (0x0400, "More Fragments "),
            (0x1000, "Pwr Mgmt "),
            (0x0800, "Retry "),
            (0x8000, "Strictly Ordered "),
            (0x4000, "Protected "),
        ] {
            if fc & bit != 0 {
                c.s(name)?;
            }
        }
        if fc_type(fc) != T_CTRL || fc_subtype(fc) != ctrl::PS_POLL {
            let dur = le16(c, b + 2)?;
            c.d(dur)?;
            c.s("us ")?;
        }
    }
    if meshdrlen != 0 {
        let m = b + (hdrlen - meshdrlen) as usize;
        let ae = c.u8(m)? & 3;
        c.s("MeshData (AE ")?;
        c.d(ae)?;
        c.s(" TTL ")?;
        let ttl = c.u8(m + 1)?;
        c.d(ttl)?;
        c.s(" seq ")?;
        let seq = le32(c, m + 2)?;
        c.d(seq)?;
        for (i, name) in [" A4:", " A5:", " A6:"].into_iter().enumerate() {
            if usize::from(ae) > i {
                c.s(name)?;
                c.mac_at(m + 6 + 6 * i)?;
            }
        }
        c.s(") ")?;
    }
    match fc_type(fc) {
        T_MGMT => addrs(c, &[("BSSID", b + 16), ("DA", b + 4), ("SA", b + 10)]),
        T_CTRL => ctrl_header_print(c, fc, b),
        T_DATA => data_header_print(c, fc, b),
        _ => Ok(()),
    }
}

/// The `-e` form of a data frame's header: its CF and QoS kind and its addresses.
fn data_header_print<W: Write>(c: &mut Cursor<'_, W>, fc: u16, b: usize) -> R {
    let st = fc_subtype(fc);
    if st & 0xb != 0 {
        c.s("CF ")?;
        match (st & 1 != 0, st & 2 != 0) {
            (true, true) => c.s("Ack/Poll")?,
            (true, false) => c.s("Ack")?,
            (false, true) => c.s("Poll")?,
            (false, false) => {}
        }
        if is_qos(st) {
            c.s("+QoS")?;
        }
        c.s(" ")?;
    }
    let (a1, a2, a3, a4) = (b + 4, b + 10, b + 16, b + 24);
    match (to_ds(fc), from_ds(fc)) {
        (false, false) => addrs(c, &[("DA", a1), ("SA", a2), ("BSSID", a3)]),
        (false, true) => addrs(c, &[("DA", a1), ("BSSID", a2), ("SA", a3)]),
        (true, false) => addrs(c, &[("BSSID", a1), ("SA", a2), ("DA", a3)]),
        (true, true) => addrs(c, &[("RA", a1), ("TA", a2), ("DA", a3), ("SA", a4)]),
    }
}

/// The Block Ack Request's addresses, control and sequence fields.
fn bar_fields<W: Write>(c: &mut Cursor<'_, W>, b: usize) -> R {
    c.s(" RA:")?;
    c.mac_at(b + 4)?;
    c.s(" TA:")?;
    c.mac_at(b + 10)?;
    c.s(" CTL(")?;
    let ctl = le16(c, b + 16)?;
    c.x(ctl)?;
    c.s(") SEQ(")?;
    let seq = le16(c, b + 18)?;
    c.d(seq)?;
    c.s(") ")
}

/// The `-e` form of a control frame's header.
fn ctrl_header_print<W: Write>(c: &mut Cursor<'_, W>, fc: u16, b: usize) -> R {
    match fc_subtype(fc) {
        ctrl::BAR => bar_fields(c, b),
        ctrl::BA | ctrl::CTS | ctrl::ACK => addrs(c, &[("RA", b + 4)]),
        ctrl::PS_POLL => addrs(c, &[("BSSID", b + 4), ("TA", b + 10)]),
        ctrl::RTS => addrs(c, &[("RA", b + 4), ("TA", b + 10)]),
        ctrl::CF_END | ctrl::END_ACK => addrs(c, &[("RA", b + 4), ("BSSID", b + 10)]),
        _ => Ok(()),
    }
}

/// A control frame at `b` (`ctrl_body_print`): its name, and without `-e` its addresses.
fn ctrl_body_print<W: Write>(c: &mut Cursor<'_, W>, fc: u16, b: usize) -> R {
    let st = fc_subtype(fc);
    c.s(match st {
        ctrl::WRAPPER => "Control Wrapper",
        ctrl::BAR => "BAR",
        ctrl::BA => "BA",
        ctrl::PS_POLL => "Power Save-Poll",
        ctrl::RTS => "Request-To-Send",
        ctrl::CTS => "Clear-To-Send",
        ctrl::ACK => "Acknowledgment",
        ctrl::CF_END => "CF-End",
        ctrl::END_ACK => "CF-End+CF-Ack",
        _ => "Unknown Ctrl Subtype",
    })?;
    let need = match st {
        ctrl::BAR => 20,
        ctrl::BA | ctrl::CTS | ctrl::ACK => 10,
        ctrl::PS_POLL | ctrl::RTS | ctrl::CF_END | ctrl::END_ACK => 16,
        _ => return Ok(()),
    };
    if !c.test(b, need) {
        return Err(Stop::Trunc);
    }
    match st {
        ctrl::PS_POLL => {
            c.s(" AID(")?;
            let aid = le16(c, b + 2)?;
            c.x(aid)?;
            c.s(")")
        }
        _ if c.eflag => Ok(()),
        ctrl::BAR => bar_fields(c, b),
        ctrl::RTS => {
            c.s(" TA:")?;
            c.mac_at(b + 10)?;
            c.s(" ")
        }
        _ => {
            c.s(" RA:")?;
            c.mac_at(b + 4)?;
            c.s(" ")
        }
    }
}
