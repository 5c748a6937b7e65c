//! Ethernet frames with a switch chip's tag after the source address (tcpdump's
//! `ether_switch_tag_print`): Marvell DSA and EDSA, Broadcom's tag, and Broadcom's tag
//! prepended to the frame (`LINKTYPE_DSA_TAG_*`).

use core::fmt::Write;

use crate::ethertype;
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::ethernet::{ether_type_print, vlan_tci};
use crate::print::next::{ethertype_has_printer, off, Next};

/// The tag a switch chip puts into the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// Marvell DSA, 4 bytes.
    Dsa,
    /// Marvell EDSA: an EtherType, two reserved bytes and a DSA tag, 8 bytes.
    Edsa,
    /// Broadcom's tag, 4 bytes.
    Brcm,
}

impl Tag {
    fn len(self) -> usize {
        match self {
            Tag::Edsa => 8,
            Tag::Dsa | Tag::Brcm => 4,
        }
    }
}

/// `brcm_tag_prepend_if_print`: Broadcom's tag (printed under `-e`), then an Ethernet frame.
pub(crate) fn brcm_prepend_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "brcm-tag-prepend";
    c.bytes(0, 4)?;
    if c.eflag {
        brcm_tag(c, 0)?;
    }
    c.then(Next::ether(4, length.wrapping_sub(4), caplen - 4))
}

/// `ether_common_print` with a switch tag of kind `tag` after the addresses.
pub(crate) fn tagged_ether_print<W: Write>(
    c: &mut Cursor<'_, W>,
    tag: Tag,
    length: u32,
    caplen: u32,
) -> R {
    c.proto = match tag {
        Tag::Dsa => "dsa",
        Tag::Edsa => "edsa",
        Tag::Brcm => "brcm-tag",
    };
    if length < caplen {
        c.s("[length ")?;
        c.d(length)?;
        c.s(" < caplen ")?;
        c.d(caplen)?;
        c.s("]")?;
        return c.invalid();
    }
    let tlen = tag.len() as u32;
    if caplen < 14 + tlen {
        return Err(Stop::Trunc);
    }
    let orig_length = length;
    if c.eflag {
        c.mac_at(6)?;
        c.s(" > ")?;
        c.mac_at(0)?;
        c.s(", ")?;
    }
    match tag {
        Tag::Brcm => brcm_tag(c, 12)?,
        Tag::Dsa => {
            c.s(if c.eflag { "Marvell DSA " } else { "DSA " })?;
            dsa_common(c, 12)?;
        }
        Tag::Edsa => {
            let et = c.be16(12)?;
            if c.eflag {
                c.s("Marvell EDSA ethertype 0x")?;
                fmtx::hex_pad(c.out, et.into(), 4)?;
                c.s(" (")?;
                c.s(ethertype::name(et).unwrap_or("Unknown"))?;
                c.s("), rsvd ")?;
                let (a, b) = (c.u8(14)?, c.u8(15)?);
                c.d(a)?;
                c.s(" ")?;
                c.d(b)?;
                c.s(", ")?;
            } else {
                c.s("EDSA 0x")?;
                fmtx::hex_pad(c.out, et.into(), 4)?;
                c.s(", ")?;
            }
            dsa_common(c, 16)?;
        }
    }
    let mut p = 12 + tag.len();
    let mut length = length - 12 - tlen;
    let mut caplen = caplen - 12 - tlen;
    let mut length_type = c.be16(p)?;
    p += 2;
    length -= 2;
    caplen -= 2;
    let mut printed_length = false;
    while matches!(
        length_type,
        ethertype::VLAN | ethertype::VLAN_9100 | ethertype::VLAN_9200 | ethertype::QINQ
    ) {
        if caplen < 4 || length < 4 {
            c.proto = "vlan";
            return Err(Stop::Trunc);
        }
        if c.eflag {
            let tci = c.be16(p)?;
            ether_type_print(c, length_type)?;
            if !printed_length {
                c.s(", length ")?;
                c.d(orig_length)?;
                c.s(": ")?;
                printed_length = true;
            } else {
                c.s(", ")?;
            }
            vlan_tci(c, tci)?;
            c.s(", ")?;
        }
        length_type = c.be16(p + 2)?;
        p += 4;
        length -= 4;
        caplen -= 4;
    }
    if length_type <= ethertype::MAX_LENGTH {
        if u32::from(length_type) < length {
            length = length_type.into();
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
        c.llc_eth = Some(0);
        return c.then(Next::llc(off(p), length, caplen));
    }
    if c.eflag {
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
        if !c.eflag {
            c.mac_at(6)?;
            c.s(" > ")?;
            c.mac_at(0)?;
            c.s(", ")?;
            ether_type_print(c, length_type)?;
            c.s(", length ")?;
            c.d(orig_length)?;
            c.s(": ")?;
        }
        return c.then(Next::dump(off(p), caplen));
    }
    c.then(Next::ether_type(length_type, off(p), length, caplen))
}

/// `brcm_tag_print`: the 4-byte Broadcom tag at `at`.
fn brcm_tag<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R {
    let t = c.bytes(at, 4)?;
    let t = [t[0], t[1], t[2], t[3]];
    c.s("BRCM tag OP: ")?;
    c.s(if t[0] != 0 { "IG" } else { "EG" })?;
    if t[0] & 0x20 != 0 {
        c.s(", TC: ")?;
        c.d((t[1] >> 2) & 7)?;
        c.s(", TE: ")?;
        c.s(["None", "Untag", "Header", "Reserved"][usize::from(t[1] & 3)])?;
        c.s(", TS: ")?;
        c.d(t[1] >> 7)?;
        c.s(", DST map: 0x")?;
        let map = (u16::from(t[2]) << 8 | u16::from(t[3])) & 0x1ff;
        fmtx::hex_pad(c.out, map.into(), 4)?;
    } else {
        c.s(", CID: ")?;
        c.d(t[1])?;
        c.s(", RC: ")?;
        c.s(match t[2] {
            1 => "mirror",
            2 => "MAC learning",
            4 => "switching",
            8 => "prot term",
            16 => "prot snoop",
            32 => "exception",
            _ => "reserved",
        })?;
        c.s(", TC: ")?;
        c.d((t[3] >> 5) & 7)?;
        c.s(", port: ")?;
        c.d(t[3] & 0x1f)?;
    }
    c.s(", ")
}

/// `tag_common_print`: the 4-byte DSA tag at `at`.
fn dsa_common<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R {
    let b0 = c.u8(at)?;
    let mode = b0 >> 6;
    let tagged = b0 & 0x20 != 0;
    let dev = b0 & 0x1f;
    let b1 = c.u8(at + 1)?;
    let port = b1 >> 3;
    let bit2 = b1 & 0x04 != 0;
    let cfi = b1 & 1 != 0;
    let b2 = c.u8(at + 2)?;
    let pri = b2 >> 5;
    let b3 = c.u8(at + 3)?;
    let vid = u16::from(b2 & 0x0f) << 8 | u16::from(b3);
    let code = ((b1 & 0x06) >> 1) << 1 | ((b2 & 0x10) >> 4);
    if c.eflag {
        c.s("mode ")?;
        c.s(["To CPU", "From CPU", "To Sniffer", "Forward"][usize::from(mode)])?;
        c.s(", ")?;
        match mode {
            3 => {
                c.s("dev ")?;
                c.d(dev)?;
                c.s(if bit2 { ", trunk " } else { ", port " })?;
                c.d(port)?;
                c.s(", ")?;
            }
            1 => {
                c.s("target dev ")?;
                c.d(dev)?;
                c.s(", port ")?;
                c.d(port)?;
                c.s(", ")?;
            }
            0 => {
                c.s("source dev ")?;
                c.d(dev)?;
                c.s(", port ")?;
                c.d(port)?;
                c.s(", code ")?;
                c.s(match code {
                    0 => "BPDU (MGMT) Trap",
                    1 => "Frame2Reg",
                    2 => "IGMP/MLD Trap",
                    3 => "Policy Trap",
                    4 => "ARP Mirror",
                    5 => "Policy Mirror",
                    _ => "reserved",
                })?;
                c.s(", ")?;
            }
            _ => {
                c.s("source dev ")?;
                c.d(dev)?;
                c.s(", port ")?;
                c.d(port)?;
                c.s(if bit2 { ", ingress" } else { ", egress" })?;
                c.s(" sniff, ")?;
            }
        }
        c.s(if tagged { "tagged, " } else { "untagged, " })?;
        if cfi {
            c.s("CFI, ")?;
        }
        c.s("VID ")?;
        c.d(vid)?;
        c.s(", FPri ")?;
        c.d(pri)?;
        c.s(", ")
    } else {
        match mode {
            3 => {
                c.s(if bit2 {
                    "Forward trunk "
                } else {
                    "Forward port "
                })?;
                c.d(dev)?;
                c.s(".")?;
                c.d(port)?;
                c.s(", ")?;
            }
            1 => {
                c.s("CPU > port ")?;
                c.d(dev)?;
                c.s(".")?;
                c.d(port)?;
                c.s(", ")?;
            }
            0 => {
                c.s("port ")?;
                c.d(dev)?;
                c.s(".")?;
                c.d(port)?;
                c.s(" > CPU, ")?;
            }
            _ => {
                c.s("port ")?;
                c.d(dev)?;
                c.s(".")?;
                c.d(port)?;
                c.s(if bit2 {
                    " > Rx Sniffer, "
                } else {
                    " > Tx Sniffer, "
                })?;
            }
        }
        c.s("VLAN ")?;
        c.d(vid)?;
        c.s(if tagged { "t, " } else { "u, " })
    }
}
