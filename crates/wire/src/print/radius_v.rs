//! RADIUS at `-v` (tcpdump's `radius_print` with `ndo_vflag`): the header on a line of its
//! own, then every attribute on its line, decoded as tcpdump's attribute table says (strings,
//! numbers with their named values, addresses, IPv6 prefixes, times, vendor attributes, EAP
//! messages, the location attributes of RFC 5580), with a hex dump of each from `-vv` on.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::{eapol, ntp_v, vfmt};
use crate::fmtx;
use crate::tok::{self, Tok};

/// The header: code, identifier, length, authenticator.
const MIN_LEN: u32 = 20;

#[path = "radius_v_tables.rs"]
mod tables;
use tables::{Attr, Kind, ATTRS};
use Kind::{
    Addr, Addr6, HomeLinkPrefix, LocationData, LocationInfo, OperatorName, PolicyRules, Prefix6,
    Str, Strange, Time, Vector64, Vendor,
};

/// Attribute types with special cases.
const FRM_IPADDR: u8 = 8;
const LOG_IPHOST: u8 = 14;
const FRM_IPX: u8 = 23;
const SESSION_TIMEOUT: u8 = 27;
const IDLE_TIMEOUT: u8 = 28;
const FRM_ATALK_LINK: u8 = 37;
const FRM_ATALK_NETWORK: u8 = 38;
const ACCT_DELAY: u8 = 41;
const ACCT_SESSION_TIME: u8 = 46;
const EGRESS_VLAN_ID: u8 = 56;
const EGRESS_VLAN_NAME: u8 = 58;
const TUNNEL_TYPE_ATTR: u8 = 64;
const TUNNEL_MEDIUM_ATTR: u8 = 65;
const TUNNEL_CLIENT_END: u8 = 66;
const TUNNEL_SERVER_END: u8 = 67;
const TUNNEL_PASS: u8 = 69;
const ARAP_PASS: u8 = 70;
const ARAP_FEATURES: u8 = 71;
const EAP_MESSAGE: u8 = 79;
const TUNNEL_PRIV_GROUP: u8 = 81;
const TUNNEL_ASSIGN_ID: u8 = 82;
const TUNNEL_PREFERENCE: u8 = 83;
const ARAP_CHALLENGE_RESP: u8 = 84;
const ACCT_INT_INTERVAL: u8 = 85;
const TUNNEL_CLIENT_AUTH: u8 = 90;
const TUNNEL_SERVER_AUTH: u8 = 91;
const ERROR_CAUSE: u8 = 101;

/// RFC 4675's tag values of Egress-VLANID and Egress-VLAN-Name.
const RFC4675_TAGGED: &Tok = &[(0x31, "Tagged"), (0x32, "Untagged")];

/// Error-Cause values.
const ERROR_CAUSES: &Tok = &[
    (201, "Residual Session Context Removed"),
    (202, "Invalid EAP Packet (Ignored)"),
    (401, "Unsupported Attribute"),
    (402, "Missing Attribute"),
    (403, "NAS Identification Mismatch"),
    (404, "Invalid Request"),
    (405, "Unsupported Service"),
    (406, "Unsupported Extension"),
    (407, "Invalid Attribute Value"),
    (501, "Administratively Prohibited"),
    (502, "Request Not Routable (Proxy)"),
    (503, "Session Context Not Found"),
    (504, "Session Context Not Removable"),
    (505, "Other Proxy Processing Error"),
    (506, "Resources Unavailable"),
    (507, "Request Initiated"),
    (508, "Multiple Session Selection Unsupported"),
    (509, "Location Info Required"),
];

/// MIP6-Feature-Vector bits.
const MIP6_FEATURES: &[(u64, &str)] = &[
    (0x0000_0000_0000_0001, "MIP6_INTEGRATED"),
    (0x0000_0000_0000_0002, "LOCAL_HOME_AGENT_ASSIGNMENT"),
    (0x0000_0100_0000_0000, "PMIP6_SUPPORTED"),
    (0x0000_0200_0000_0000, "IP4_HOA_SUPPORTED"),
    (0x0000_0400_0000_0000, "LOCAL_MAG_ROUTING_SUPPORTED"),
    (0x0000_0800_0000_0000, "ASSIGN_LOCAL_IP"),
    (0x0000_1000_0000_0000, "MIP4_SUPPORTED"),
    (0x0000_2000_0000_0000, "OPTIMIZED_IDLE_MODE_MOBILITY"),
    (0x0000_4000_0000_0000, "GTPv2_SUPPORTED"),
    (0x0000_8000_0000_0000, "IP4_TRANSPORT_SUPPORTED"),
    (0x0001_0000_0000_0000, "IP4_HOA_ONLY_SUPPORTED"),
    (0x0002_0000_0000_0000, "INTER_MAG_ROUTING_SUPPORTED"),
];

/// Operator-Name namespaces.
const OPERATOR_NAMESPACES: &Tok = &[
    (0x30, "TADIG"),
    (0x31, "REALM"),
    (0x32, "E212"),
    (0x33, "ICC"),
];

/// Basic-Location-Policy-Rules flags.
const BLPR_FLAGS: &Tok = &[
    (0x0001, "MBZ-15"),
    (0x0002, "MBZ-14"),
    (0x0004, "MBZ-13"),
    (0x0008, "MBZ-12"),
    (0x0010, "MBZ-11"),
    (0x0020, "MBZ-10"),
    (0x0040, "MBZ-9"),
    (0x0080, "MBZ-8"),
    (0x0100, "MBZ-7"),
    (0x0200, "MBZ-6"),
    (0x0400, "MBZ-5"),
    (0x0800, "MBZ-4"),
    (0x1000, "MBZ-3"),
    (0x2000, "MBZ-2"),
    (0x4000, "MBZ-1"),
    (0x8000, "Retransmission Allowed"),
];

/// SMI network management private enterprise codes tcpdump names (its `smi_values`).
const SMI_VALUES: &Tok = &[
    (0, "IETF (reserved)"),
    (5, "ACC"),
    (9, "Cisco"),
    (11, "Hewlett Packard"),
    (42, "Sun Microsystems"),
    (61, "Merit"),
    (74, "AT&T"),
    (161, "Motorola"),
    (166, "Shiva"),
    (193, "Ericsson AB"),
    (255, "Cisco VPN 5000"),
    (307, "Livingston"),
    (311, "Microsoft"),
    (429, "3Com"),
    (529, "Ascend"),
    (1584, "Bay Networks"),
    (1991, "Foundry"),
    (2180, "Versanet"),
    (2352, "Redback"),
    (2636, "Juniper Networks"),
    (2637, "Aptis"),
    (2937, "Deutsche Telekom AG"),
    (3054, "Ixia Communications"),
    (3076, "Cisco VPN 3000"),
    (3085, "CoSine Communications"),
    (3224, "Netscreen"),
    (3199, "Shasta"),
    (3309, "Nomadix"),
    (3414, "T-Mobile"),
    (3561, "The Broadband Forum"),
    (3902, "ZTE"),
    (4329, "Siemens"),
    (4491, "CableLabs"),
    (4874, "Unisphere Networks"),
    (5263, "Cisco BBSM"),
    (5535, "3rd Generation Partnership Project 2 (3GPP2)"),
    (5806, "SK Telecom"),
    (5925, "ipUnplugged"),
    (5948, "Issanni Communications"),
    (5951, "Netscaler"),
    (6490, "T-Mobile"),
    (6618, "Quintum"),
    (6728, "Interlink"),
    (7951, "CNCTC"),
    (8164, "Starent Networks"),
    (8744, "Colubris"),
    (10415, "3GPP"),
    (10529, "Gemtek-Systems"),
    (10704, "Barracuda Networks"),
    (10923, "Ericsson AB - Packet Core Networks"),
    (11665, "dacom"),
    (11862, "Columbia University"),
    (12356, "Fortinet"),
    (12951, "Verizon Wireless"),
    (13745, "Plixer"),
    (14122, "Wi-Fi Alliance"),
    (16787, "T-Systems Nova"),
    (20942, "China Telecom - Guangzhou Research Institute"),
    (26866, "Gigamon Systems"),
    (32622, "CACE Technologies"),
    (35632, "ntop"),
    (46098, "Ericsson Canada"),
];

/// The `-v` form after the header checks: `len` (at least 20) bytes of the message at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn radius_verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    let code = c.u8(bp)?;
    c.s("RADIUS, length: ")?;
    c.d(len)?;
    c.s("\n\t")?;
    c.s(super::radius::code_name(code))?;
    c.s(" (")?;
    c.d(code)?;
    c.s("), id: 0x")?;
    c.x02(c.u8(bp + 1)?)?;
    c.s(", Authenticator: ")?;
    for i in 0..16 {
        c.x02(c.u8(bp + 4 + i)?)?;
    }
    if len > MIN_LEN {
        attrs(c, bp + MIN_LEN as usize, len - MIN_LEN)?;
    }
    Ok(())
}

/// `radius_attrs_print`.
fn attrs<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut length: u32) -> R {
    while length > 0 {
        if length < 2 || !c.test(p, 2) {
            return c.trunc_here();
        }
        let t = c.u8(p)?;
        let len = c.u8(p + 1)?;
        let attr = ATTRS.get(usize::from(t));
        c.s("\n\t  ")?;
        c.s(match attr {
            Some(a) if t != 0 => a.name,
            _ => "Unknown",
        })?;
        c.s(" Attribute (")?;
        c.d(t)?;
        c.s("), length: ")?;
        c.d(len)?;
        if len < 2 {
            return c.s(" (bogus, must be >= 2)");
        }
        if u32::from(len) > length {
            return c.s(" (bogus, goes past end of packet)");
        }
        c.s(", Value: ")?;
        if let Some(a) = attr {
            if len > 2 {
                value(c, a, t, p + 2, u32::from(len) - 2)?;
            }
        }
        if c.vflag > 1 {
            c.unknown_data_at(p + 2, usize::from(len) - 2, "\n\t    ")?;
        }
        length -= u32::from(len);
        p += usize::from(len);
    }
    Ok(())
}

/// One attribute's value, `length` bytes at `d`.
fn value<W: Write>(c: &mut Cursor<'_, W>, a: &Attr, t: u8, d: usize, length: u32) -> R {
    match a.kind {
        Kind::None => Ok(()),
        Str => string(c, t, d, length),
        Kind::Num => num(c, a, t, d, length),
        Vendor => vendor(c, d, length),
        Addr => {
            if length != 4 {
                return len_error(c, length, 4);
            }
            let v = c.be32(d)?;
            if matches!(t, FRM_IPADDR | LOG_IPHOST) && v == 0xffff_ffff {
                c.s("User Selected")
            } else if matches!(t, FRM_IPADDR | LOG_IPHOST) && v == 0xffff_fffe {
                c.s("NAS Select")
            } else {
                c.ip4_at(d)
            }
        }
        Addr6 => {
            if length != 16 {
                return len_error(c, length, 16);
            }
            c.ip6_at(d)
        }
        Prefix6 => prefix6(c, d, length),
        HomeLinkPrefix => {
            if length != 17 {
                return len_error(c, length, 17);
            }
            if !c.test(d, length as usize) {
                return c.trunc_here();
            }
            let m = c.u8(d)?;
            if m > 128 {
                c.s("ERROR: netmask ")?;
                c.d(m)?;
                return c.s(" not in range (0..128)");
            }
            c.ip6_at(d + 1)?;
            c.s("/")?;
            c.d(m)
        }
        OperatorName => {
            if !c.test(d, length as usize) {
                return c.trunc_here();
            }
            if length < 2 {
                c.s("ERROR: length ")?;
                c.d(length)?;
                return c.s(" < 2");
            }
            let ns = c.u8(d)?;
            c.s("[")?;
            match tok::find(OPERATOR_NAMESPACES, ns.into()) {
                Some(s) => c.s(s)?,
                None => {
                    c.s("unknown namespace ")?;
                    c.d(ns)?;
                }
            }
            c.s("] ")?;
            vfmt::printjn(c, d + 1, length as usize - 1)
        }
        LocationInfo => location_info(c, d, length),
        LocationData => {
            if !c.test(d, length as usize) {
                return c.trunc_here();
            }
            if length < 3 {
                c.s("ERROR: length ")?;
                c.d(length)?;
                return c.s(" < 3");
            }
            c.s("index ")?;
            c.d(c.be16(d)?)?;
            c.s(", location")?;
            let data = c.bytes(d + 2, length as usize - 2)?;
            fmtx::hexdump(c.out, "\n\t    ", data, true)?;
            Ok(())
        }
        PolicyRules => {
            if !c.test(d, length as usize) {
                return c.trunc_here();
            }
            if length < 10 {
                c.s("ERROR: length ")?;
                c.d(length)?;
                return c.s(" < 10");
            }
            c.s("flags [")?;
            tok::bittok2str(c.out, BLPR_FLAGS, c.be16(d)?.into(), "none")?;
            c.s("], retention expires ")?;
            ntp_v::ntp_time(c, d + 2)?;
            if length > 10 {
                c.s(", note well \"")?;
                vfmt::printjn(c, d + 10, length as usize - 10)?;
                c.s("\"")?;
            }
            Ok(())
        }
        Time => {
            if length != 4 {
                return len_error(c, length, 4);
            }
            let t = i64::from(c.be32(d)?) + i64::from(c.utc_offset);
            ctime(c.out, t)?;
            Ok(())
        }
        Vector64 => {
            if length != 8 {
                return len_error(c, length, 8);
            }
            let v = c.be_n(d, 8)?;
            c.s("[")?;
            let mut sep = "";
            for &(bit, name) in MIP6_FEATURES {
                if v & bit != 0 {
                    c.s(sep)?;
                    c.s(name)?;
                    sep = ", ";
                }
            }
            c.s("]")
        }
        Strange => strange(c, t, d, length),
    }
}

/// `ERROR: length N != WANT`.
fn len_error<W: Write>(c: &mut Cursor<'_, W>, length: u32, want: u32) -> R {
    c.s("ERROR: length ")?;
    c.d(length)?;
    c.s(" != ")?;
    c.d(want)
}

/// `Tag[N] ` or `Tag[Unused] ` for the tag byte `b`.
fn tag<W: Write>(c: &mut Cursor<'_, W>, b: u8) -> R {
    if b == 0 {
        c.s("Tag[Unused] ")
    } else {
        c.s("Tag[")?;
        c.d(b)?;
        c.s("] ")
    }
}

/// `print_attr_string`.
fn string<W: Write>(c: &mut Cursor<'_, W>, t: u8, mut d: usize, mut length: u32) -> R {
    if !c.test(d, length as usize) {
        return c.trunc_here();
    }
    match t {
        TUNNEL_PASS => {
            if length < 3 {
                return c.trunc_here();
            }
            let b = c.u8(d)?;
            if b != 0 && b <= 0x1f {
                tag(c, b)?;
            } else {
                c.s("Tag[Unused] ")?;
            }
            c.s("Salt ")?;
            c.d(c.be16(d + 1)?)?;
            c.s(" ")?;
            d += 3;
            length -= 3;
        }
        TUNNEL_CLIENT_END | TUNNEL_SERVER_END | TUNNEL_PRIV_GROUP | TUNNEL_ASSIGN_ID
        | TUNNEL_CLIENT_AUTH | TUNNEL_SERVER_AUTH => {
            let b = c.u8(d)?;
            if b <= 0x1f {
                tag(c, b)?;
                d += 1;
                length -= 1;
            }
        }
        EGRESS_VLAN_NAME => {
            let b = c.u8(d)?;
            c.s(tok::find(RFC4675_TAGGED, b.into()).unwrap_or("Unknown tag"))?;
            c.s(" (0x")?;
            c.x02(b)?;
            c.s(") ")?;
            d += 1;
            length -= 1;
        }
        EAP_MESSAGE => return eapol::eap_print(c, d, length),
        _ => {}
    }
    for i in 0..length as usize {
        let b = c.u8(d + i)?;
        if b == 0 {
            break;
        }
        c.out.write_char(if (0x20..0x7f).contains(&b) {
            b as char
        } else {
            '.'
        })?;
    }
    Ok(())
}

/// `print_attr_num`.
fn num<W: Write>(c: &mut Cursor<'_, W>, a: &Attr, t: u8, d: usize, length: u32) -> R {
    if length != 4 {
        return len_error(c, length, 4);
    }
    if !a.values.is_empty() {
        let v = if matches!(t, TUNNEL_TYPE_ATTR | TUNNEL_MEDIUM_ATTR) {
            tag(c, c.u8(d)?)?;
            c.be24(d + 1)?
        } else {
            c.be32(d)?
        };
        return match a.values.get(v as usize) {
            Some(name) if v >= a.first => c.s(name),
            _ => {
                c.s("#")?;
                c.d(v)
            }
        };
    }
    match t {
        FRM_IPX if c.be32(d)? == 0xffff_fffe => c.s("NAS Select"),
        SESSION_TIMEOUT | IDLE_TIMEOUT | ACCT_DELAY | ACCT_SESSION_TIME | ACCT_INT_INTERVAL => {
            let v = c.be32(d)?;
            if v < 60 {
                fmtx::dec_pad(c.out, v.into(), 2)?;
                c.s(" secs")
            } else if v < 3600 {
                fmtx::dec_pad(c.out, (v / 60).into(), 2)?;
                c.s(":")?;
                fmtx::dec_pad(c.out, (v % 60).into(), 2)?;
                c.s(" min")
            } else {
                fmtx::dec_pad(c.out, (v / 3600).into(), 2)?;
                c.s(":")?;
                fmtx::dec_pad(c.out, ((v % 3600) / 60).into(), 2)?;
                c.s(":")?;
                fmtx::dec_pad(c.out, (v % 60).into(), 2)?;
                c.s(" hours")
            }
        }
        FRM_ATALK_LINK if c.be32(d)? == 0 => c.s("Unnumbered"),
        FRM_ATALK_NETWORK if c.be32(d)? == 0 => c.s("NAS assigned"),
        TUNNEL_PREFERENCE => {
            tag(c, c.u8(d)?)?;
            c.d(c.be24(d + 1)?)
        }
        EGRESS_VLAN_ID => {
            let b = c.u8(d)?;
            c.s(tok::find(RFC4675_TAGGED, b.into()).unwrap_or("Unknown tag"))?;
            c.s(" (0x")?;
            c.x02(b)?;
            c.s(") ")?;
            c.d(c.be24(d + 1)?)
        }
        _ => c.d(c.be32(d)?),
    }
}

/// `print_vendor_attr`.
fn vendor<W: Write>(c: &mut Cursor<'_, W>, mut d: usize, mut length: u32) -> R {
    if length < 4 {
        return c.trunc_here();
    }
    let id = c.be32(d)?;
    d += 4;
    length -= 4;
    c.s("Vendor: ")?;
    c.s(tok::find(SMI_VALUES, id).unwrap_or("Unknown"))?;
    c.s(" (")?;
    c.d(id)?;
    c.s(")")?;
    while length >= 2 {
        let vt = c.u8(d)?;
        let vl = c.u8(d + 1)?;
        if vl < 2 {
            c.s("\n\t    Vendor Attribute: ")?;
            c.d(vt)?;
            c.s(", Length: ")?;
            c.d(vl)?;
            return c.s(" (bogus, must be >= 2)");
        }
        if u32::from(vl) > length {
            c.s("\n\t    Vendor Attribute: ")?;
            c.d(vt)?;
            c.s(", Length: ")?;
            c.d(vl)?;
            return c.s(" (bogus, goes past end of vendor-specific attribute)");
        }
        d += 2;
        let vl = u32::from(vl) - 2;
        length -= 2;
        if !c.test(d, vl as usize) {
            return c.trunc_here();
        }
        c.s("\n\t    Vendor Attribute: ")?;
        c.d(vt)?;
        c.s(", Length: ")?;
        c.d(vl)?;
        c.s(", Value: ")?;
        for i in 0..vl as usize {
            let b = c.u8(d + i)?;
            c.out.write_char(if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '.'
            })?;
        }
        d += vl as usize;
        length -= vl;
    }
    Ok(())
}

/// `print_attr_netmask6`.
fn prefix6<W: Write>(c: &mut Cursor<'_, W>, d: usize, length: u32) -> R {
    if !(2..=18).contains(&length) {
        c.s("ERROR: length ")?;
        c.d(length)?;
        return c.s(" not in range (2..18)");
    }
    if !c.test(d, length as usize) {
        return c.trunc_here();
    }
    let m = c.u8(d + 1)?;
    if m > 128 {
        c.s("ERROR: netmask ")?;
        c.d(m)?;
        return c.s(" not in range (0..128)");
    }
    let mut addr = [0u8; 16];
    let bytes = c.bytes(d + 2, length as usize - 2)?;
    addr[..bytes.len()].copy_from_slice(bytes);
    fmtx::ipv6(c.out, &addr)?;
    c.s("/")?;
    c.d(m)?;
    if u32::from(m) > 8 * (length - 2) {
        c.s(" (inconsistent prefix length)")?;
    }
    Ok(())
}

/// `print_attr_location_information`.
fn location_info<W: Write>(c: &mut Cursor<'_, W>, d: usize, length: u32) -> R {
    if !c.test(d, length as usize) {
        return c.trunc_here();
    }
    if length < 21 {
        c.s("ERROR: length ")?;
        c.d(length)?;
        return c.s(" < 21");
    }
    c.s("index ")?;
    c.d(c.be16(d)?)?;
    let code = c.u8(d + 2)?;
    c.s(", code ")?;
    match code {
        0 => c.s("Civic")?,
        1 => c.s("Geospatial")?,
        _ => {
            c.s("Unknown (")?;
            c.d(code)?;
            c.s(")")?;
        }
    }
    let entity = c.u8(d + 3)?;
    c.s(", entity ")?;
    match entity {
        0 => c.s("User")?,
        1 => c.s("RADIUS")?,
        _ => {
            c.s("Unknown (")?;
            c.d(entity)?;
            c.s(")")?;
        }
    }
    c.s(", sighting time ")?;
    ntp_v::ntp_time(c, d + 4)?;
    c.s(", time to live ")?;
    ntp_v::ntp_time(c, d + 12)?;
    c.s(", method \"")?;
    vfmt::printjn(c, d + 20, length as usize - 20)?;
    c.s("\"")
}

/// `print_attr_strange`.
fn strange<W: Write>(c: &mut Cursor<'_, W>, t: u8, d: usize, length: u32) -> R {
    let hex = |c: &mut Cursor<'_, W>, o: usize, n: usize| -> R {
        for i in 0..n {
            super::vutil::hex_upper2(c, c.u8(o + i)?)?;
        }
        Ok(())
    };
    match t {
        ARAP_PASS => {
            if length != 16 {
                return len_error(c, length, 16);
            }
            c.s("User_challenge (")?;
            hex(c, d, 8)?;
            c.s(") User_resp(")?;
            hex(c, d + 8, 8)?;
            c.s(")")
        }
        ARAP_FEATURES => {
            if length != 14 {
                return len_error(c, length, 14);
            }
            c.s(if c.u8(d)? != 0 {
                "User can change password"
            } else {
                "User cannot change password"
            })?;
            c.s(", Min password length: ")?;
            c.d(c.u8(d + 1)?)?;
            c.s(", created at: ")?;
            hex(c, d + 2, 4)?;
            c.s(", expires in: ")?;
            hex(c, d + 6, 4)?;
            c.s(", Current Time: ")?;
            hex(c, d + 10, 4)
        }
        ARAP_CHALLENGE_RESP => {
            if length < 8 {
                return len_error(c, length, 8);
            }
            hex(c, d, 8)
        }
        ERROR_CAUSE => {
            if length != 4 {
                c.s("Error: length ")?;
                c.d(length)?;
                return c.s(" != 4");
            }
            let v = c.be32(d)?;
            c.s("Error cause ")?;
            c.d(v)?;
            c.s(": ")?;
            match tok::find(ERROR_CAUSES, v) {
                Some(s) => c.s(s),
                None => {
                    c.s("Error-Cause ")?;
                    c.d(v)?;
                    c.s(" not known")
                }
            }
        }
        _ => Ok(()),
    }
}

/// `ctime`'s first 24 characters: `Thu Jan  1 00:00:00 1970`.
fn ctime(out: &mut impl Write, t: i64) -> core::fmt::Result {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = t.div_euclid(86_400);
    let (y, m, d) = fmtx::civil_from_days(days);
    out.write_str(DAYS[days.rem_euclid(7) as usize])?;
    out.write_char(' ')?;
    out.write_str(MONTHS[(m as usize - 1) % 12])?;
    out.write_char(' ')?;
    if d < 10 {
        out.write_char(' ')?;
    }
    fmtx::dec(out, d.into())?;
    out.write_char(' ')?;
    fmtx::hms(out, t.rem_euclid(86_400))?;
    out.write_char(' ')?;
    fmtx::idec(out, y)
}
