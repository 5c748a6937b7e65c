//! ETSI ITS GeoNetworking (EtherType 0x8947, and 0x0707 of older stacks) and CALM FAST
//! (EtherType 0x1111): tcpdump's `geonet_print` and `calm_fast_print`, the common header,
//! the BTP header and message type, and with `-v` the rest dumped.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// The common header's length.
const COMMON_LEN: u32 = 36;

/// The ITS PDU message types.
const MSG_TYPES: &Tok = &[
    (0, "CAM"),
    (1, "DENM"),
    (101, "TPEGM"),
    (102, "TSPDM"),
    (103, "VPM"),
    (104, "SRM"),
    (105, "SLAM"),
    (106, "ecoCAM"),
    (107, "ITM"),
    (150, "SA"),
];

/// The header type's name (type and subtype).
fn header_type(t: u8, sub: u8) -> &'static str {
    match (t, sub) {
        (0, _) => "Any",
        (1, _) => "Beacon",
        (2, _) => "GeoUnicast",
        (3, 0) => "GeoAnycastCircle",
        (3, 1) => "GeoAnycastRect",
        (3, 2) => "GeoAnycastElipse",
        (4, 0) => "GeoBroadcastCircle",
        (4, 1) => "GeoBroadcastRect",
        (4, 2) => "GeoBroadcastElipse",
        (5, 0) => "TopoScopeBcast-SH",
        (5, 1) => "TopoScopeBcast-MH",
        (6, 0) => "LocService-Request",
        (6, 1) => "LocService-Reply",
        _ => "Unknown",
    }
}

/// The extended header's length tcpdump skips for a header type, when it knows it.
fn extended_len(t: u8, sub: u8) -> Option<u32> {
    match (t, sub) {
        (0 | 1, _) | (5, 0) => Some(0),
        (5, 1) => Some(68 - COMMON_LEN),
        _ => None,
    }
}

/// `GeoNet src:MAC; v:0 NH:1-BTP-A HT:5-1-TopoScopeBcast-MH HopLim:2 Payload:29 GN_ADDR:...`.
#[cold]
#[inline(never)]
pub(crate) fn geonet_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    src: Option<usize>,
) -> R {
    c.proto = "geonet";
    c.s("GeoNet ")?;
    if let Some(s) = src {
        c.s("src:")?;
        c.mac_at(s)?;
    }
    c.s("; ")?;
    if length < COMMON_LEN {
        c.s(" (common header length ")?;
        c.d(length)?;
        c.s(" < 36)")?;
        return c.invalid();
    }
    let b0 = c.u8(bp)?;
    let b1 = c.u8(bp + 1)?;
    let payload = c.be16(bp + 4)?;
    let hop = c.u8(bp + 7)?;
    let (version, nh, ht, hst) = (b0 >> 4, b0 & 0x0f, b1 >> 4, b1 & 0x0f);
    c.s("v:")?;
    c.d(version)?;
    c.s(" NH:")?;
    c.d(nh)?;
    c.s("-")?;
    c.s(match nh {
        0 => "Any",
        1 => "BTP-A",
        2 => "BTP-B",
        3 => "IPv6",
        _ => "Unknown",
    })?;
    c.s(" HT:")?;
    c.d(ht)?;
    c.s("-")?;
    c.d(hst)?;
    c.s("-")?;
    c.s(header_type(ht, hst))?;
    c.s(" HopLim:")?;
    c.d(hop)?;
    c.s(" Payload:")?;
    c.d(payload)?;
    c.s(" ")?;
    let addr = c.bytes(bp + 8, 8)?;
    c.s("GN_ADDR:")?;
    fmtx::bytes_colon(c.out, addr)?;
    c.s(" ")?;
    let lat = c.be32(bp + 20)?;
    c.s("lat:")?;
    c.d(lat)?;
    c.s(" ")?;
    let lon = c.be32(bp + 24)?;
    c.s("lon:")?;
    c.d(lon)?;
    c.bytes(bp, COMMON_LEN as usize)?;
    let mut length = length - COMMON_LEN;
    let mut bp = bp + COMMON_LEN as usize;
    if let Some(hdr) = extended_len(ht, hst) {
        if length < hdr {
            c.s(" (header size ")?;
            c.d(hdr)?;
            c.s(" > ")?;
            c.d(length)?;
            c.s(")")?;
            return c.invalid();
        }
        c.bytes(bp, hdr as usize)?;
        length -= hdr;
        bp += hdr as usize;
        if matches!(nh, 1 | 2) {
            if length < 4 {
                c.s(" (BTP length ")?;
                c.d(length)?;
                c.s(" < 4)")?;
                return c.invalid();
            }
            let dst = c.be16(bp)?;
            c.s("; BTP Dst:")?;
            c.d(dst)?;
            let srcp = c.be16(bp + 2)?;
            c.s(" Src:")?;
            c.d(srcp)?;
            length -= 4;
            bp += 4;
            if length >= 2 {
                let v = c.u8(bp)?;
                c.s("; ItsPduHeader v:")?;
                c.d(v)?;
                let t = c.u8(bp + 1)?;
                c.s(" t:")?;
                c.d(t)?;
                c.s("-")?;
                let unknown = Unknown::dec("unknown (", ")");
                tok::tok2str(c.out, tok::find(MSG_TYPES, t.into()), t.into(), unknown)?;
            }
        }
    }
    if c.vflag > 0 {
        c.default_print(bp, length as usize)?;
    }
    Ok(())
}

/// `CALM FAST src:MAC; SrcNwref:0; DstNwref:0; `.
#[cold]
#[inline(never)]
pub(crate) fn calm_fast_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    src: Option<usize>,
) -> R {
    c.proto = "calm_fast";
    c.s("CALM FAST")?;
    if let Some(s) = src {
        c.s(" src:")?;
        c.mac_at(s)?;
    }
    c.s("; ")?;
    if length < 2 {
        c.s(" (length ")?;
        c.d(length)?;
        c.s(" < 2)")?;
        c.invalid()?;
        return if c.test(bp, length as usize) {
            Ok(())
        } else {
            Err(c.jump())
        };
    }
    let s = c.u8(bp)?;
    c.s("SrcNwref:")?;
    c.d(s)?;
    c.s("; ")?;
    let d = c.u8(bp + 1)?;
    c.s("DstNwref:")?;
    c.d(d)?;
    c.s("; ")?;
    if c.vflag > 0 {
        c.default_print(bp + 2, (length - 2) as usize)?;
    }
    Ok(())
}
