//! LLDP's `-v` form (tcpdump's `lldp_print` with `ndo_vflag` set): one line per TLV, the
//! standard TLVs decoded, the IEEE 802.1 (VLANs, link aggregation, DCB: congestion
//! notification, ETS, PFC, application priority, EVB, CDCP), IEEE 802.3 (MAC/PHY, power via
//! MDI, link aggregation, maximum frame size), IANA (MUD URL) organisation-specific TLVs
//! and DCBX decoded; other TLVs, the TIA (LLDP-MED) ones included, as a hex dump.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vfmt;
use crate::fmtx;
use crate::names::oui_name;
use crate::tok::{self, Tok};

/// The standard TLV types' names.
const TLV_NAMES: &Tok = &[
    (0, "End"),
    (1, "Chassis ID"),
    (2, "Port ID"),
    (3, "Time to Live"),
    (4, "Port Description"),
    (5, "System Name"),
    (6, "System Description"),
    (7, "System Capabilities"),
    (8, "Management Address"),
    (127, "Organization specific"),
];

const CHASSIS_SUBTYPES: &Tok = &[
    (1, "Chassis component"),
    (2, "Interface alias"),
    (3, "Port component"),
    (4, "MAC address"),
    (5, "Network address"),
    (6, "Interface name"),
    (7, "Local"),
];

const PORT_SUBTYPES: &Tok = &[
    (1, "Interface alias"),
    (2, "Port component"),
    (3, "MAC address"),
    (4, "Network Address"),
    (5, "Interface Name"),
    (6, "Agent circuit ID"),
    (7, "Local"),
];

const CAPS: &Tok = &[
    (0x01, "Other"),
    (0x02, "Repeater"),
    (0x04, "Bridge"),
    (0x08, "WLAN AP"),
    (0x10, "Router"),
    (0x20, "Telephone"),
    (0x40, "Docsis"),
    (0x80, "Station Only"),
];

const SUB_8021: &Tok = &[
    (1, "Port VLAN Id"),
    (2, "Port and Protocol VLAN ID"),
    (3, "VLAN name"),
    (4, "Protocol Identity"),
    (7, "Link aggregation"),
    (8, "Congestion Notification"),
    (9, "ETS Configuration"),
    (10, "ETS Recommendation"),
    (11, "Priority Flow Control Configuration"),
    (12, "Application Priority"),
    (13, "EVB"),
    (14, "CDCP"),
];

const SUB_8023: &Tok = &[
    (1, "MAC/PHY configuration/status"),
    (2, "Power via MDI"),
    (3, "Link aggregation"),
    (4, "Max frame size"),
];

const SUPPORTED_ENABLED: &Tok = &[(0x02, "supported"), (0x04, "enabled")];
const AGGREGATION: &Tok = &[(0x01, "supported"), (0x02, "enabled")];
const AUTONEG: &Tok = &[(0x01, "supported"), (0x02, "enabled")];

const PMD_CAPS: &Tok = &[
    (1 << 14, "10BASE-T hdx"),
    (1 << 13, "10BASE-T fdx"),
    (1 << 12, "100BASE-T4"),
    (1 << 11, "100BASE-TX hdx"),
    (1 << 10, "100BASE-TX fdx"),
    (1 << 9, "100BASE-T2 hdx"),
    (1 << 8, "100BASE-T2 fdx"),
    (1 << 7, "Pause for fdx links"),
    (1 << 6, "Asym PAUSE for fdx"),
    (1 << 5, "Sym PAUSE for fdx"),
    (1 << 4, "Asym and Sym PAUSE for fdx"),
    (1 << 3, "1000BASE-{X LX SX CX} hdx"),
    (1 << 2, "1000BASE-{X LX SX CX} fdx"),
    (1 << 1, "1000BASE-T hdx"),
    (1, "1000BASE-T fdx"),
];

/// MAU types 0 to 40.
const MAU_TYPES: [&str; 41] = [
    "Unknown",
    "AUI",
    "10BASE_5",
    "FOIRL",
    "10BASE2",
    "10BASET duplex mode unknown",
    "10BASEFP",
    "10BASEFB",
    "10BASEFL duplex mode unknown",
    "10BROAD36",
    "10BASET hdx",
    "10BASET fdx",
    "10BASEFL hdx",
    "10BASEFL fdx",
    "100BASET4",
    "100BASETX hdx",
    "100BASETX fdx",
    "100BASEFX hdx",
    "100BASEFX fdx",
    "100BASET2 hdx",
    "100BASET2 fdx",
    "1000BASEX hdx",
    "1000BASEX fdx",
    "1000BASELX hdx",
    "1000BASELX fdx",
    "1000BASESX hdx",
    "1000BASESX fdx",
    "1000BASECX hdx",
    "1000BASECX fdx",
    "1000BASET hdx",
    "1000BASET fdx",
    "10GBASEX",
    "10GBASELX4",
    "10GBASER",
    "10GBASEER",
    "10GBASELR",
    "10GBASESR",
    "10GBASEW",
    "10GBASEEW",
    "10GBASELW",
    "10GBASESW",
];

const MDI: &Tok = &[
    (0x01, "PSE"),
    (0x02, "supported"),
    (0x04, "enabled"),
    (0x08, "can be controlled"),
];

const EVB_MODES: [&str; 4] = [
    "Not Supported",
    "EVB Bridge",
    "EVB Station",
    "Reserved for future Standardization",
];

/// `af_values`: the IANA address family numbers (the CFM printer uses them too).
pub(crate) const AF_NAMES: &Tok = &[
    (0, "Reserved"),
    (1, "IPv4"),
    (2, "IPv6"),
    (3, "NSAP"),
    (4, "HDLC"),
    (5, "BBN 1822"),
    (6, "802"),
    (7, "E.163"),
    (8, "E.164"),
    (9, "F.69"),
    (10, "X.121"),
    (11, "Novell IPX"),
    (12, "Appletalk"),
    (13, "Decnet IV"),
    (14, "Banyan Vines"),
    (15, "E.164 with NSAP subaddress"),
    (25, "VPLS"),
    (196, "Layer-2 VPN"),
];

/// The `-v` walk over the TLVs of the LLDPDU at `p`, `len` bytes (after `LLDP, length N`).
#[cold]
#[inline(never)]
pub(crate) fn lldp_verbose<W: Write>(e: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    let (mut tptr, mut tlen) = (p, len);
    while tlen >= 2 {
        let tlv = e.be16(tptr)?;
        let (t, l) = (u32::from(tlv >> 9), u32::from(tlv & 0x1ff));
        tlen -= 2;
        tptr += 2;
        e.s("\n\t")?;
        e.s(tok::find(TLV_NAMES, t).unwrap_or("Unknown"))?;
        e.s(" TLV (")?;
        e.d(t)?;
        e.s("), length ")?;
        e.d(l)?;
        if t == 0 || l == 0 {
            break;
        }
        e.bytes(tptr, l as usize)?;
        if tlen < l {
            return e.trunc_here();
        }
        let hexdump = match tlv_body(e, t, tptr, l)? {
            Some(h) => h,
            None => return e.trunc_here(),
        };
        if e.vflag > 1 || hexdump {
            e.unknown_data_at(tptr, l as usize, "\n\t  ")?;
        }
        tlen -= l;
        tptr += l as usize;
    }
    Ok(())
}

/// One TLV's value: whether a hex dump follows, `None` for tcpdump's `goto trunc`.
fn tlv_body<W: Write>(e: &mut Cursor<'_, W>, t: u32, v: usize, l: u32) -> R<Option<bool>> {
    let lu = l as usize;
    match t {
        1 | 2 => {
            if l < 2 {
                return Ok(None);
            }
            let sub = e.u8(v)?;
            let names = if t == 1 {
                CHASSIS_SUBTYPES
            } else {
                PORT_SUBTYPES
            };
            e.s("\n\t  Subtype ")?;
            e.s(tok::find(names, sub.into()).unwrap_or("Unknown"))?;
            e.s(" (")?;
            e.d(sub)?;
            e.s("): ")?;
            let (mac, net) = if t == 1 { (4, 5) } else { (3, 4) };
            match sub {
                s if s == mac => {
                    if l < 7 {
                        return Ok(None);
                    }
                    e.mac_at(v + 1)?;
                }
                s if s == net => {
                    if !network_addr(e, v + 1, l - 1)? {
                        return Ok(None);
                    }
                }
                1..=7 => vfmt::printjnp(e, v + 1, lu - 1)?,
                _ => return Ok(Some(true)),
            }
        }
        3 => {
            if l < 2 {
                return Ok(None);
            }
            e.s(": TTL ")?;
            e.d(e.be16(v)?)?;
            e.s("s")?;
        }
        4 | 5 => {
            e.s(": ")?;
            vfmt::printjnp(e, v, lu)?;
        }
        6 => {
            e.s("\n\t  ")?;
            vfmt::printjnp(e, v, lu)?;
        }
        7 => {
            if l < 4 {
                return Ok(None);
            }
            let (cap, ena) = (e.be16(v)?, e.be16(v + 2)?);
            for (what, c) in [
                ("\n\t  System  Capabilities [", cap),
                ("\n\t  Enabled Capabilities [", ena),
            ] {
                e.s(what)?;
                tok::bittok2str(e.out, CAPS, c.into(), "none")?;
                e.s("] (0x")?;
                fmtx::hex_pad(e.out, c.into(), 4)?;
                e.s(")")?;
            }
        }
        8 => {
            if !mgmt_addr(e, v, l)? {
                return Ok(None);
            }
        }
        127 => {
            if l < 3 {
                return Ok(None);
            }
            let oui = e.be24(v)?;
            e.s(": OUI ")?;
            e.s(oui_name(oui).unwrap_or("Unknown"))?;
            e.s(" (0x")?;
            fmtx::hex_pad(e.out, oui.into(), 6)?;
            e.s(")")?;
            return Ok(Some(match oui {
                0x00_80c2 => private_8021(e, v, l)?,
                0x00_120f => private_8023(e, v, l)?,
                0x00_005e => private_iana(e, v, l)?,
                0x00_1b21 => private_dcbx(e, v, l)?,
                _ => true,
            }));
        }
        _ => return Ok(Some(true)),
    }
    Ok(Some(false))
}

/// `lldp_network_addr_print`: `AFI IPv4 (1): 192.0.2.1`; `false` when too short.
fn network_addr<W: Write>(e: &mut Cursor<'_, W>, o: usize, len: u32) -> R<bool> {
    if len < 1 {
        return Ok(false);
    }
    let af = e.u8(o)?;
    let need = match af {
        1 => 4,
        2 => 16,
        6 => 6,
        _ => 0,
    };
    if len - 1 < need {
        return Ok(false);
    }
    if need > 0 {
        e.bytes(o + 1, need as usize)?;
    }
    e.s("AFI ")?;
    e.s(tok::find(AF_NAMES, af.into()).unwrap_or("Unknown"))?;
    e.s(" (")?;
    e.d(af)?;
    e.s(")")?;
    match af {
        1 => {
            e.s(": ")?;
            e.ip4_at(o + 1)?;
        }
        2 => {
            e.s(": ")?;
            e.ip6_at(o + 1)?;
        }
        6 => {
            e.s(": ")?;
            e.mac_at(o + 1)?;
        }
        _ => e.s(", no AF printer !")?,
    }
    Ok(true)
}

/// `lldp_mgmt_addr_tlv_print`; `false` when too short.
fn mgmt_addr<W: Write>(e: &mut Cursor<'_, W>, v: usize, len: u32) -> R<bool> {
    if len < 1 {
        return Ok(false);
    }
    let alen = u32::from(e.u8(v)?);
    let (mut o, mut tlen) = (v + 1, len - 1);
    if tlen < alen {
        return Ok(false);
    }
    // tcpdump formats the address before the line starts: check what it reads first.
    if alen < 1 {
        return Ok(false);
    }
    let af = e.u8(o)?;
    let need = match af {
        1 => 4,
        2 => 16,
        6 => 6,
        _ => 0,
    };
    if alen - 1 < need {
        return Ok(false);
    }
    e.bytes(o + 1, need as usize)?;
    e.s("\n\t  Management Address length ")?;
    e.d(alen)?;
    e.s(", ")?;
    network_addr(e, o, alen)?;
    o += alen as usize;
    tlen -= alen;
    if tlen < 5 {
        return Ok(false);
    }
    let sub = e.u8(o)?;
    let num = e.be32(o + 1)?;
    e.s("\n\t  ")?;
    e.s(match sub {
        2 => "Interface Index",
        3 => "System Port Number",
        _ => "Unknown",
    })?;
    e.s(" Interface Numbering (")?;
    e.d(sub)?;
    e.s("): ")?;
    e.d(num)?;
    o += 5;
    tlen -= 5;
    if tlen > 0 {
        let oid_len = e.u8(o)?;
        if tlen < 1 + u32::from(oid_len) {
            return Ok(false);
        }
        if oid_len > 0 {
            e.s("\n\t  OID length ")?;
            e.d(oid_len)?;
            vfmt::printjnp(e, o + 1, oid_len.into())?;
        }
    }
    Ok(true)
}

/// `%-Nd` for each value.
fn left_cols<W: Write>(e: &mut Cursor<'_, W>, vals: &[u8], width: usize) -> R {
    for (i, v) in vals.iter().enumerate() {
        if i > 0 {
            e.s(" ")?;
        }
        let mut s = [0u8; 3];
        let t = if *v >= 100 {
            s = [b'0' + v / 100, b'0' + v / 10 % 10, b'0' + v % 10];
            &s[..]
        } else if *v >= 10 {
            s[0] = b'0' + v / 10;
            s[1] = b'0' + v % 10;
            &s[..2]
        } else {
            s[0] = b'0' + v;
            &s[..1]
        };
        fmtx::left(e.out, core::str::from_utf8(t).unwrap_or(""), width)?;
    }
    Ok(())
}

/// The eight bits of `v`, lowest first, each `%-2d `.
fn bit_row<W: Write>(e: &mut Cursor<'_, W>, v: u8) -> R {
    for i in 0..8 {
        e.s(if (v >> i) & 1 == 1 { "1  " } else { "0  " })?;
    }
    Ok(())
}

/// ETS's three tables from `o`: priority assignment, TC bandwidth, TSA assignment.
fn ets_tables<W: Write>(e: &mut Cursor<'_, W>, o: usize) -> R {
    let pa = e.bytes(o, 4)?;
    let mut pri = [0u8; 8];
    for (i, b) in pa.iter().enumerate() {
        pri[2 * i] = b >> 4;
        pri[2 * i + 1] = b & 0x0f;
    }
    e.s("\n\t    Priority Assignment Table")?;
    e.s("\n\t     Priority : 0   1   2   3   4   5   6   7")?;
    e.s("\n\t     Value    : ")?;
    left_cols(e, &pri, 3)?;
    let bw = e.bytes(o + 4, 8)?;
    e.s("\n\t    TC Bandwidth Table")?;
    e.s("\n\t     TC%   : 0   1   2   3   4   5   6   7")?;
    e.s("\n\t     Value : ")?;
    left_cols(e, bw, 3)?;
    let tsa = e.bytes(o + 12, 8)?;
    e.s("\n\t    TSA Assignment Table")?;
    e.s("\n\t     Traffic Class: 0   1   2   3   4   5   6   7")?;
    e.s("\n\t     Value        : ")?;
    left_cols(e, tsa, 3)
}

/// `lldp_private_8021_print`: whether a hex dump follows.
fn private_8021<W: Write>(e: &mut Cursor<'_, W>, v: usize, l: u32) -> R<bool> {
    if l < 4 {
        return Ok(false);
    }
    let sub = e.u8(v + 3)?;
    e.s("\n\t  ")?;
    e.s(tok::find(SUB_8021, sub.into()).unwrap_or("unknown"))?;
    e.s(" Subtype (")?;
    e.d(sub)?;
    e.s(")")?;
    match sub {
        1 => {
            if l < 6 {
                return Ok(false);
            }
            e.s("\n\t    port vlan id (PVID): ")?;
            e.d(e.be16(v + 4)?)?;
        }
        2 => {
            if l < 7 {
                return Ok(false);
            }
            let (id, f) = (e.be16(v + 5)?, e.u8(v + 4)?);
            e.s("\n\t    port and protocol vlan id (PPVID): ")?;
            e.d(id)?;
            e.s(", flags [")?;
            tok::bittok2str(e.out, SUPPORTED_ENABLED, f.into(), "none")?;
            e.s("] (0x")?;
            e.x02(f)?;
            e.s(")")?;
        }
        3 => {
            if l < 6 {
                return Ok(false);
            }
            e.s("\n\t    vlan id (VID): ")?;
            e.d(e.be16(v + 4)?)?;
            if l < 7 {
                return Ok(false);
            }
            let n = u32::from(e.u8(v + 6)?);
            if l < 7 + n {
                return Ok(false);
            }
            e.s("\n\t    vlan name: ")?;
            vfmt::printjnp(e, v + 7, n as usize)?;
        }
        4 => {
            if l < 5 {
                return Ok(false);
            }
            let n = u32::from(e.u8(v + 4)?);
            if l < 5 + n {
                return Ok(false);
            }
            e.s("\n\t    protocol identity: ")?;
            vfmt::printjnp(e, v + 5, n as usize)?;
        }
        7 => link_aggregation(e, v, l)?,
        8 => {
            if l < 6 {
                return Ok(false);
            }
            for (what, o) in [
                ("Pre-Priority CNPV Indicator", 4),
                ("Pre-Priority Ready Indicator", 5),
            ] {
                let b = e.u8(v + o)?;
                e.s("\n\t    ")?;
                e.s(what)?;
                e.s("\n\t     Priority : 0  1  2  3  4  5  6  7")?;
                e.s("\n\t     Value    : ")?;
                bit_row(e, b)?;
            }
        }
        9 | 10 => {
            if l < 25 {
                return Ok(false);
            }
            let b = e.u8(v + 4)?;
            if sub == 9 {
                e.s("\n\t    Willing:")?;
                e.d(b >> 7)?;
                e.s(", CBS:")?;
                e.d((b >> 6) & 0x02)?;
                e.s(", RES:")?;
                e.d((b >> 3) & 0x07)?;
                e.s(", Max TCs:")?;
                e.d(b & 0x07)?;
            } else {
                e.s("\n\t    RES: ")?;
                e.d(b)?;
            }
            ets_tables(e, v + 5)?;
        }
        11 => {
            if l < 6 {
                return Ok(false);
            }
            let b = e.u8(v + 4)?;
            e.s("\n\t    Willing: ")?;
            e.d(b >> 7)?;
            e.s(", MBC: ")?;
            e.d((b >> 6) & 1)?;
            e.s(", RES: ")?;
            e.d((b >> 4) & 3)?;
            e.s(", PFC cap:")?;
            e.d(b & 0x0f)?;
            e.s(" ")?;
            e.s("\n\t    PFC Enable")?;
            let en = e.u8(v + 5)?;
            e.s("\n\t     Priority : 0  1  2  3  4  5  6  7")?;
            e.s("\n\t     Value    : ")?;
            bit_row(e, en)?;
        }
        12 => {
            if l < 5 {
                return Ok(false);
            }
            e.s("\n\t    RES: ")?;
            e.d(e.u8(v + 4)?)?;
            if l <= 5 {
                return Ok(false);
            }
            let n = l - 5;
            if n % 3 != 0 {
                return Ok(false);
            }
            e.s("\n\t    Application Priority Table")?;
            for i in (0..n as usize).step_by(3) {
                let b = e.u8(v + i + 5)?;
                let id = e.be16(v + i + 6)?;
                e.s("\n\t      Priority: ")?;
                e.d(b >> 5)?;
                e.s(", RES: ")?;
                e.d((b >> 3) & 3)?;
                e.s(", Sel: ")?;
                e.d(b & 7)?;
                e.s(", Protocol ID: ")?;
                e.d(id)?;
            }
        }
        13 => {
            if l < 9 {
                return Ok(false);
            }
            let b = e.bytes(v + 4, 5)?;
            e.s("\n\t    EVB Bridge Status")?;
            e.s("\n\t      RES: ")?;
            e.d(b[0] >> 3)?;
            e.s(", BGID: ")?;
            e.d((b[0] >> 2) & 1)?;
            e.s(", RRCAP: ")?;
            e.d((b[0] >> 1) & 1)?;
            e.s(", RRCTR: ")?;
            e.d(b[0] & 1)?;
            e.s("\n\t    EVB Station Status")?;
            e.s("\n\t      RES: ")?;
            e.d(b[1] >> 4)?;
            e.s(", SGID: ")?;
            e.d((b[1] >> 3) & 1)?;
            e.s(", RRREQ: ")?;
            e.d((b[1] >> 2) & 1)?;
            e.s(",RRSTAT: ")?;
            e.d(b[1] & 3)?;
            e.s("\n\t    R: ")?;
            e.d(b[2] >> 5)?;
            e.s(", RTE: ")?;
            e.d(b[2] & 0x1f)?;
            e.s(", EVB Mode: ")?;
            e.s(EVB_MODES[usize::from(b[3] >> 6)])?;
            e.s(" [")?;
            e.d(b[3] >> 6)?;
            e.s("]\n\t    ROL: ")?;
            e.d((b[3] >> 5) & 1)?;
            e.s(", RWD: ")?;
            e.d(b[3] & 0x1f)?;
            e.s(", RES: ")?;
            e.d(b[4] >> 6)?;
            e.s(", ROL: ")?;
            e.d((b[4] >> 5) & 1)?;
            e.s(", RKA: ")?;
            e.d(b[4] & 0x1f)?;
        }
        14 => {
            if l < 8 {
                return Ok(false);
            }
            let b = e.u8(v + 4)?;
            e.s("\n\t    Role: ")?;
            e.d(b >> 7)?;
            e.s(", RES: ")?;
            e.d((b >> 4) & 7)?;
            e.s(", Scomp: ")?;
            e.d((b >> 3) & 1)?;
            e.s(" ")?;
            let cap = e.be16(v + 6)? & 0x0fff;
            e.s("ChnCap: ")?;
            e.d(cap)?;
            let n = l - 8;
            if n % 3 != 0 {
                return Ok(false);
            }
            for i in (0..n as usize).step_by(3) {
                let x = e.be24(v + i + 8)?;
                e.s("\n\t    SCID: ")?;
                e.d(x >> 12)?;
                e.s(", SVID: ")?;
                e.d(x & 0xfff)?;
            }
        }
        _ => return Ok(true),
    }
    Ok(false)
}

/// The link aggregation subtype of 802.1 and 802.3.
fn link_aggregation<W: Write>(e: &mut Cursor<'_, W>, v: usize, l: u32) -> R {
    if l < 9 {
        return Ok(());
    }
    let (f, id) = (e.u8(v + 4)?, e.be32(v + 5)?);
    e.s("\n\t    aggregation status [")?;
    tok::bittok2str(e.out, AGGREGATION, f.into(), "none")?;
    e.s("], aggregation port ID ")?;
    e.d(id)
}

/// `lldp_private_8023_print`: whether a hex dump follows.
fn private_8023<W: Write>(e: &mut Cursor<'_, W>, v: usize, l: u32) -> R<bool> {
    if l < 4 {
        return Ok(false);
    }
    let sub = e.u8(v + 3)?;
    e.s("\n\t  ")?;
    e.s(tok::find(SUB_8023, sub.into()).unwrap_or("unknown"))?;
    e.s(" Subtype (")?;
    e.d(sub)?;
    e.s(")")?;
    match sub {
        1 => {
            if l < 9 {
                return Ok(false);
            }
            let an = e.u8(v + 4)?;
            e.s("\n\t    autonegotiation [")?;
            tok::bittok2str(e.out, AUTONEG, an.into(), "none")?;
            e.s("] (0x")?;
            e.x02(an)?;
            e.s(")")?;
            let pmd = e.be16(v + 5)?;
            e.s("\n\t    PMD autoneg capability [")?;
            tok::bittok2str(e.out, PMD_CAPS, pmd.into(), "unknown")?;
            e.s("] (0x")?;
            fmtx::hex_pad(e.out, pmd.into(), 4)?;
            e.s(")")?;
            let mau = e.be16(v + 7)?;
            e.s("\n\t    MAU type ")?;
            e.s(MAU_TYPES
                .get(usize::from(mau))
                .copied()
                .unwrap_or("unknown"))?;
            e.s(" (0x")?;
            fmtx::hex_pad(e.out, mau.into(), 4)?;
            e.s(")")?;
        }
        2 => {
            if l < 7 {
                return Ok(false);
            }
            let b = e.bytes(v + 4, 3)?;
            e.s("\n\t    MDI power support [")?;
            tok::bittok2str(e.out, MDI, b[0].into(), "none")?;
            e.s("], power pair ")?;
            e.s(match b[1] {
                1 => "signal",
                2 => "spare",
                _ => "unknown",
            })?;
            e.s(", power class ")?;
            e.s(match b[2] {
                1 => "class0",
                2 => "class1",
                3 => "class2",
                4 => "class3",
                5 => "class4",
                _ => "unknown",
            })?;
        }
        3 => link_aggregation(e, v, l)?,
        4 => {
            if l < 6 {
                return Ok(false);
            }
            e.s("\n\t    MTU size ")?;
            e.d(e.be16(v + 4)?)?;
        }
        _ => return Ok(true),
    }
    Ok(false)
}

/// `lldp_private_iana_print`: whether a hex dump follows.
fn private_iana<W: Write>(e: &mut Cursor<'_, W>, v: usize, l: u32) -> R<bool> {
    if l < 8 {
        return Ok(false);
    }
    let sub = e.u8(v + 3)?;
    e.s("\n\t  ")?;
    e.s(if sub == 1 { "MUD-URL" } else { "unknown" })?;
    e.s(" Subtype (")?;
    e.d(sub)?;
    e.s(")")?;
    if sub != 1 {
        return Ok(true);
    }
    e.s("\n\t  MUD-URL=")?;
    vfmt::printjn(e, v + 4, (l - 4) as usize)?;
    Ok(false)
}

/// DCBX's `Oper_Version`, `Max_Version`, info block and subtype lines, from `t`.
fn dcbx_common<W: Write>(e: &mut Cursor<'_, W>, t: usize) -> R {
    let b = e.bytes(t, 4)?;
    e.s("\n\t      Oper_Version: ")?;
    e.d(b[0])?;
    e.s("\n\t      Max_Version: ")?;
    e.d(b[1])?;
    e.s("\n\t      Info block(0x")?;
    upper2(e, b[2])?;
    e.s("): Enable bit: ")?;
    e.d((b[2] >> 7) & 1)?;
    e.s(", Willing bit: ")?;
    e.d((b[2] >> 6) & 1)?;
    e.s(", Error Bit: ")?;
    e.d((b[2] >> 5) & 1)?;
    e.s("\n\t      SubType: ")?;
    e.d(b[3])
}

/// `lldp_private_dcbx_print`: whether a hex dump follows.
fn private_dcbx<W: Write>(e: &mut Cursor<'_, W>, v: usize, l: u32) -> R<bool> {
    if l < 4 {
        return Ok(false);
    }
    let sub = e.u8(v + 3)?;
    e.s("\n\t  ")?;
    e.s(match sub {
        1 => "DCB Capability Exchange Protocol Rev 1",
        2 => "DCB Capability Exchange Protocol Rev 1.01",
        _ => "unknown",
    })?;
    e.s(" Subtype (")?;
    e.d(sub)?;
    e.s(")")?;
    if sub == 1 {
        return Ok(true);
    }
    let (mut t, mut tlen) = (v + 4, l - 4);
    let mut hexdump = false;
    while tlen >= 2 {
        let tlv = e.be16(t)?;
        let (ty, len) = (tlv >> 9, u32::from(tlv & 0x1ff));
        hexdump = false;
        tlen -= 2;
        t += 2;
        if ty == 0 || len == 0 {
            break;
        }
        e.bytes(t, len as usize)?;
        if tlen < len {
            break;
        }
        let need = match ty {
            1 => 10,
            2 => 17,
            3 => 6,
            4 => 4,
            _ => 0,
        };
        if len < need {
            break;
        }
        match ty {
            1 => {
                e.s("\n\t    Control - Protocol Control (type 0x1, length ")?;
                e.d(len)?;
                e.s(")\n\t      Oper_Version: ")?;
                e.d(e.u8(t)?)?;
                e.s("\n\t      Max_Version: ")?;
                e.d(e.u8(t + 1)?)?;
                e.s("\n\t      Sequence Number: ")?;
                e.d(e.be32(t + 2)?)?;
                e.s("\n\t      Acknowledgement Number: ")?;
                e.d(e.be32(t + 6)?)?;
            }
            2 => {
                e.s("\n\t    Feature - Priority Group (type 0x2, length ")?;
                e.d(len)?;
                e.s(")")?;
                dcbx_common(e, t)?;
                e.s("\n\t      Priority Allocation")?;
                let pg = e.be32(t + 4)?;
                for i in 0..8u32 {
                    e.s("\n\t          PgId_")?;
                    e.d(i)?;
                    e.s(": ")?;
                    e.d((pg >> (28 - 4 * i)) & 0xf)?;
                }
                e.s("\n\t      Priority Group Allocation")?;
                for i in 0..8usize {
                    e.s("\n\t          Pg percentage[")?;
                    e.d(i as u32)?;
                    e.s("]: ")?;
                    e.d(e.u8(t + 8 + i)?)?;
                }
                e.s("\n\t      NumTCsSupported: ")?;
                e.d(e.u8(t + 16)?)?;
            }
            3 => {
                e.s("\n\t    Feature - Priority Flow Control (type 0x3, length ")?;
                e.d(len)?;
                e.s(")")?;
                dcbx_common(e, t)?;
                let cfg = e.u8(t + 4)?;
                e.s("\n\t      PFC Config (0x")?;
                upper2(e, cfg)?;
                e.s(")")?;
                for i in 0..8u8 {
                    e.s("\n\t          Priority Bit ")?;
                    e.d(i)?;
                    e.s(if cfg & (1 << i) != 0 {
                        ": Enabled"
                    } else {
                        ": Disabled"
                    })?;
                }
                e.s("\n\t      NumTCPFCSupported: ")?;
                e.d(e.u8(t + 5)?)?;
            }
            4 => {
                e.s("\n\t    Feature - Application (type 0x4, length ")?;
                e.d(len)?;
                e.s(")")?;
                dcbx_common(e, t)?;
                let (mut m, mut left) = (t + 4, len - 4);
                while left >= 6 {
                    let id = e.be16(m)?;
                    e.s("\n\t      Application Value")?;
                    e.s("\n\t          Application Protocol ID: 0x")?;
                    fmtx::hex_pad(e.out, id.into(), 4)?;
                    let u = e.be24(m + 2)?;
                    e.s("\n\t          SF (0x")?;
                    e.x(u >> 22)?;
                    e.s(") Application Protocol ID is ")?;
                    e.s(if u >> 22 != 0 {
                        "Socket Number"
                    } else {
                        "L2 EtherType"
                    })?;
                    e.s("\n\t          OUI: 0x")?;
                    fmtx::hex_pad(e.out, (u & 0x3f_ffff).into(), 6)?;
                    e.s("\n\t          User Priority Map: 0x")?;
                    e.x02(e.u8(m + 5)?)?;
                    left -= 6;
                    m += 6;
                }
            }
            _ => hexdump = true,
        }
        if e.vflag > 1 || hexdump {
            e.unknown_data_at(t, len as usize, "\n\t    ")?;
        }
        tlen -= len;
        t += len as usize;
    }
    Ok(hexdump)
}

/// `%02X`.
fn upper2<W: Write>(e: &mut Cursor<'_, W>, b: u8) -> R {
    const H: &[u8; 16] = b"0123456789ABCDEF";
    e.out.write_char(H[usize::from(b >> 4)] as char)?;
    e.out.write_char(H[usize::from(b & 0xf)] as char)?;
    Ok(())
}
