//! OpenFlow 1.0's flow match, actions and vendor extensions (Big Switch Networks' messages
//! and actions decoded), as tcpdump 4.99 prints them.

use core::fmt::Write;

use super::of10::{name_or_invalid4, port_at, u32_at, PORTS};
use super::{data_print, ip4_lbl, mac_lbl, name_or_dec, tcheck, vendor_name, x08};
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// Big Switch Networks' OUI.
const OUI_BSN: u32 = 0x5c_16c7;

const ACTION_TYPES: &Tok = &[
    (0, "OUTPUT"),
    (1, "SET_VLAN_VID"),
    (2, "SET_VLAN_PCP"),
    (3, "STRIP_VLAN"),
    (4, "SET_DL_SRC"),
    (5, "SET_DL_DST"),
    (6, "SET_NW_SRC"),
    (7, "SET_NW_DST"),
    (8, "SET_NW_TOS"),
    (9, "SET_TP_SRC"),
    (10, "SET_TP_DST"),
    (11, "ENQUEUE"),
    (0xffff, "VENDOR"),
];

const BSN_SUBTYPES: &Tok = &[
    (0, "SET_IP_MASK"),
    (1, "GET_IP_MASK_REQUEST"),
    (2, "GET_IP_MASK_REPLY"),
    (3, "SET_MIRRORING"),
    (4, "GET_MIRRORING_REQUEST"),
    (5, "GET_MIRRORING_REPLY"),
    (6, "SHELL_COMMAND"),
    (7, "SHELL_OUTPUT"),
    (8, "SHELL_STATUS"),
    (9, "GET_INTERFACES_REQUEST"),
    (10, "GET_INTERFACES_REPLY"),
    (11, "SET_PKTIN_SUPPRESSION_REQUEST"),
    (12, "SET_L2_TABLE_REQUEST"),
    (13, "GET_L2_TABLE_REQUEST"),
    (14, "GET_L2_TABLE_REPLY"),
    (15, "VIRTUAL_PORT_CREATE_REQUEST"),
    (16, "VIRTUAL_PORT_CREATE_REPLY"),
    (17, "VIRTUAL_PORT_REMOVE_REQUEST"),
    (18, "BW_ENABLE_SET_REQUEST"),
    (19, "BW_ENABLE_GET_REQUEST"),
    (20, "BW_ENABLE_GET_REPLY"),
    (21, "BW_CLEAR_DATA_REQUEST"),
    (22, "BW_CLEAR_DATA_REPLY"),
    (23, "BW_ENABLE_SET_REPLY"),
    (24, "SET_L2_TABLE_REPLY"),
    (25, "SET_PKTIN_SUPPRESSION_REPLY"),
    (26, "VIRTUAL_PORT_REMOVE_REPLY"),
    (27, "HYBRID_GET_REQUEST"),
    (28, "HYBRID_GET_REPLY"),
    (31, "PDU_TX_REQUEST"),
    (32, "PDU_TX_REPLY"),
    (33, "PDU_RX_REQUEST"),
    (34, "PDU_RX_REPLY"),
    (35, "PDU_RX_TIMEOUT"),
];
const BSN_ACTIONS: &Tok = &[(1, "MIRROR"), (2, "SET_TUNNEL_DST"), (4, "CHECKSUM")];

/// `vlan_str`: `NONE`, or the VLAN ID (` (bogus)` outside 1..4094).
fn vlan<W: Write>(c: &mut Cursor<'_, W>, vid: u16) -> R {
    if vid == 0xffff {
        return c.s("NONE");
    }
    c.d(vid)?;
    if !(vid > 0 && vid < 0xfff) {
        c.s(" (bogus)")?;
    }
    Ok(())
}

/// `pcp_str`.
fn pcp<W: Write>(c: &mut Cursor<'_, W>, v: u8) -> R {
    c.d(v)?;
    if v > 7 {
        c.s(" (bogus)")?;
    }
    Ok(())
}

/// `%smatch NAME ` with the prefix `pfx`.
fn field<W: Write>(c: &mut Cursor<'_, W>, pfx: &str, name: &str) -> R {
    c.s(pfx)?;
    c.s("match ")?;
    c.s(name)?;
    c.s(" ")
}

/// `of10_match_print`: the fields of the 40-byte match at `cp` its wildcards leave.
pub(super) fn match_print<W: Write>(c: &mut Cursor<'_, W>, pfx: &str, cp: usize) -> R {
    let w = c.be32(cp)?;
    if w & !((1 << 22) - 1) != 0 {
        c.s(pfx)?;
        c.s("wildcards ")?;
        x08(c, w)?;
        c.s(" (bogus)")?;
    }
    if w & (1 << 0) == 0 {
        let p = c.be16(cp + 4)?;
        field(c, pfx, "in_port")?;
        name_or_dec(c, PORTS, p.into())?;
    }
    if w & (1 << 2) == 0 {
        c.bytes(cp + 6, 6)?;
        field(c, pfx, "dl_src")?;
        c.mac_at(cp + 6)?;
    }
    if w & (1 << 3) == 0 {
        c.bytes(cp + 12, 6)?;
        field(c, pfx, "dl_dst")?;
        c.mac_at(cp + 12)?;
    }
    if w & (1 << 1) == 0 {
        let v = c.be16(cp + 18)?;
        field(c, pfx, "dl_vlan")?;
        vlan(c, v)?;
    }
    if w & (1 << 20) == 0 {
        let v = c.u8(cp + 20)?;
        field(c, pfx, "dl_vlan_pcp")?;
        pcp(c, v)?;
    }
    let dl_type = c.be16(cp + 22)?;
    let has_type = w & (1 << 4) == 0;
    if has_type {
        field(c, pfx, "dl_type")?;
        c.s("0x")?;
        fmtx::hex_pad(c.out, dl_type.into(), 4)?;
    }
    if w & (1 << 21) == 0 {
        let v = c.u8(cp + 24)?;
        field(c, pfx, "nw_tos")?;
        c.s("0x")?;
        c.x02(v)?;
    }
    let nw_proto = c.u8(cp + 25)?;
    let has_proto = w & (1 << 5) == 0;
    if has_proto {
        let name = if has_type && dl_type == 0x0806 {
            "arp_opcode"
        } else {
            "nw_proto"
        };
        field(c, pfx, name)?;
        c.d(nw_proto)?;
    }
    for (shift, name, at) in [(8, "nw_src", cp + 28), (14, "nw_dst", cp + 32)] {
        let bits = (w >> shift) & 0x3f;
        if bits < 32 {
            c.bytes(at, 4)?;
            field(c, pfx, name)?;
            c.ip4_at(at)?;
            c.s("/")?;
            c.d(32 - bits)?;
        }
    }
    let icmp = has_type && dl_type == 0x0800 && has_proto && nw_proto == 1;
    if w & (1 << 6) == 0 {
        let v = c.be16(cp + 36)?;
        field(c, pfx, if icmp { "icmp_type" } else { "tp_src" })?;
        c.d(v)?;
    }
    if w & (1 << 7) == 0 {
        let v = c.be16(cp + 38)?;
        field(c, pfx, if icmp { "icmp_code" } else { "tp_dst" })?;
        c.d(v)
    } else {
        tcheck(c, cp + 38, 2)
    }
}

/// `of10_actions_print`: the actions, `len` bytes at `cp`, each line after `pfx`.
pub(super) fn actions<W: Write>(
    c: &mut Cursor<'_, W>,
    pfx: &str,
    mut cp: usize,
    mut len: usize,
) -> R {
    while len > 0 {
        if len < 8 {
            c.invalid()?;
            return tcheck(c, cp, len);
        }
        let ty = c.be16(cp)?;
        c.s(pfx)?;
        c.s("action type ")?;
        name_or_invalid4(c, ACTION_TYPES, ty.into())?;
        let alen = usize::from(c.be16(cp + 2)?);
        c.s(", len ")?;
        c.d(alen as u64)?;
        cp += 4;
        len -= 4;
        if alen < 8 || alen > len + 4 {
            c.invalid()?;
            return tcheck(c, cp, len);
        }
        let bogus = match ty {
            0..=3 | 6..=10 => Some(alen != 8),
            4 | 5 | 11 => Some(alen != 16),
            0xffff => Some(alen % 8 != 0),
            _ => None,
        };
        if bogus != Some(false) {
            if bogus == Some(true) {
                c.s(" (bogus)")?;
            }
            tcheck(c, cp, alen - 4)?;
            cp += alen - 4;
            len -= alen - 4;
            continue;
        }
        match ty {
            0 => {
                let port = c.be16(cp)?;
                c.s(", port ")?;
                name_or_dec(c, PORTS, port.into())?;
                if port == 0xfffd {
                    let v = c.be16(cp + 2)?;
                    c.s(", max_len ")?;
                    c.d(v)?;
                } else {
                    tcheck(c, cp + 2, 2)?;
                }
            }
            1 => {
                let v = c.be16(cp)?;
                c.s(", vlan_vid ")?;
                vlan(c, v)?;
                tcheck(c, cp + 2, 2)?;
            }
            2 => {
                let v = c.u8(cp)?;
                c.s(", vlan_pcp ")?;
                pcp(c, v)?;
                tcheck(c, cp + 1, 3)?;
            }
            4 | 5 => {
                mac_lbl(c, ", dl_addr ", cp)?;
                tcheck(c, cp + 6, 6)?;
            }
            6 | 7 => {
                ip4_lbl(c, ", nw_addr ", cp)?;
            }
            8 => {
                let v = c.u8(cp)?;
                c.s(", nw_tos 0x")?;
                c.x02(v)?;
                tcheck(c, cp + 1, 3)?;
            }
            9 | 10 => {
                let v = c.be16(cp)?;
                c.s(", tp_port ")?;
                c.d(v)?;
                tcheck(c, cp + 2, 2)?;
            }
            11 => {
                port_at(c, ", port ", cp)?;
                let q = c.be32(cp + 8)?;
                c.s(", queue_id ")?;
                if q == 0xffff_ffff {
                    c.s("ALL")?;
                } else {
                    c.d(q)?;
                }
            }
            0xffff => vendor_action(c, cp, alen - 4)?,
            _ => tcheck(c, cp, 4)?,
        }
        cp += alen - 4;
        len -= alen - 4;
    }
    Ok(())
}

/// `, vendor 0x%08x (NAME)` of the vendor ID at `cp`; its value.
fn vendor<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R<u32> {
    let v = c.be32(cp)?;
    c.s(", vendor ")?;
    x08(c, v)?;
    c.s(" (")?;
    c.s(vendor_name(v))?;
    c.s(")")?;
    Ok(v)
}

/// `of10_vendor_action_print`.
fn vendor_action<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if len < 4 {
        c.invalid()?;
        return tcheck(c, cp, len);
    }
    if vendor(c, cp)? == OUI_BSN {
        bsn_action(c, cp + 4, len - 4)
    } else {
        data_print(c, cp + 4, (len - 4) as u32)
    }
}

/// `of10_vendor_message_print`: a VENDOR message's body.
pub(super) fn vendor_message<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if vendor(c, cp)? == OUI_BSN {
        bsn_message(c, cp + 4, len - 4)
    } else {
        data_print(c, cp + 4, (len - 4) as u32)
    }
}

/// `of10_vendor_data_print`: vendor statistics.
pub(super) fn vendor_data<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if len < 4 {
        c.invalid()?;
        return tcheck(c, cp, len);
    }
    vendor(c, cp)?;
    data_print(c, cp + 4, (len - 4) as u32)
}

/// ` (invalid)` and the rest checked.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    c.invalid()?;
    tcheck(c, cp, len)
}

/// `of10_bsn_message_print`.
fn bsn_message<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if len < 4 {
        return invalid(c, cp, len);
    }
    let st = c.be32(cp)?;
    c.s("\n\t subtype ")?;
    subtype(c, BSN_SUBTYPES, st)?;
    let (cp, len) = (cp + 4, len - 4);
    match st {
        0..=2 => {
            if len != 8 {
                return invalid(c, cp, len);
            }
            let v = c.u8(cp)?;
            c.s(", index ")?;
            c.d(v)?;
            if st == 1 {
                tcheck(c, cp + 1, 7)
            } else {
                ip4_lbl(c, ", mask ", cp + 4)
            }
        }
        3..=5 => {
            if len != 4 {
                return invalid(c, cp, len);
            }
            let v = c.u8(cp)?;
            c.s(", report_mirror_ports ")?;
            tok::tok2str(
                c.out,
                tok::find(&[(0, "OFF"), (1, "ON")], v.into()),
                v.into(),
                tok::Unknown::dec("bogus (", ")"),
            )?;
            tcheck(c, cp + 1, 3)
        }
        9 | 13 | 19 | 21 | 27 => {
            if len != 0 {
                return invalid(c, cp, len);
            }
            Ok(())
        }
        17 => {
            if len != 4 {
                return invalid(c, cp, len);
            }
            u32_at(c, ", vport_no ", cp)
        }
        6 => {
            if len < 4 {
                return invalid(c, cp, len);
            }
            u32_at(c, ", service ", cp)?;
            c.s(", data '")?;
            printn(c, cp + 4, len - 4)?;
            c.s("'")
        }
        7 => {
            c.s(", data '")?;
            printn(c, cp, len)?;
            c.s("'")
        }
        8 => {
            if len != 4 {
                return invalid(c, cp, len);
            }
            let v = c.be32(cp)?;
            c.s(", status ")?;
            x08(c, v)
        }
        _ => tcheck(c, cp, len),
    }
}

/// `nd_printn`, whose reads stop the walk at the end of the capture.
fn printn<W: Write>(c: &mut Cursor<'_, W>, at: usize, n: usize) -> R {
    if c.printn(at, n)? {
        Ok(())
    } else {
        Err(c.jump())
    }
}

/// `tok2str(table, "unknown (0x%08x)", v)`.
fn subtype<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32) -> R {
    match tok::find(table, v) {
        Some(n) => c.s(n),
        None => {
            c.s("unknown (")?;
            x08(c, v)?;
            c.s(")")
        }
    }
}

/// `of10_bsn_actions_print`.
fn bsn_action<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if len < 4 {
        return invalid(c, cp, len);
    }
    let st = c.be32(cp)?;
    c.s("\n\t  subtype ")?;
    subtype(c, BSN_ACTIONS, st)?;
    let (cp, len) = (cp + 4, len - 4);
    if st != 1 {
        return tcheck(c, cp, len);
    }
    if len != 12 {
        return invalid(c, cp, len);
    }
    u32_at(c, ", dest_port ", cp)?;
    let tag = c.be32(cp + 4)?;
    match tag >> 16 {
        0 => c.s(", vlan_tag none")?,
        0x8100 => {
            let tci = tag & 0xffff;
            c.s(", vlan_tag 802.1Q (vlan ")?;
            c.d(tci & 0xfff)?;
            c.s(", p ")?;
            c.d(tci >> 13)?;
            if tci & 0x1000 != 0 {
                c.s(", DEI")?;
            }
            c.s(")")?;
        }
        t => {
            c.s(", vlan_tag unknown (0x")?;
            fmtx::hex_pad(c.out, t.into(), 4)?;
            c.s(")")?;
        }
    }
    let v = c.u8(cp + 8)?;
    c.s(", copy_stage ")?;
    tok::tok2str(
        c.out,
        tok::find(&[(0, "INGRESS"), (1, "EGRESS")], v.into()),
        v.into(),
        tok::Unknown::dec("unknown (", ")"),
    )?;
    tcheck(c, cp + 9, 3)
}
