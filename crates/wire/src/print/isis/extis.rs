//! One entry of IS-IS's extended IS reachability TLV (#22) under `-v`, its sub-TLVs included,
//! as tcpdump 4.99's `isis_print_ext_is_reach` prints it.

use core::fmt::Write;

use super::id;
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The sub-TLVs' names.
const SUBTLVS: &Tok = &[
    (3, "Administrative groups"),
    (4, "Link Local/Remote Identifier"),
    (5, "Link Remote Identifier"),
    (6, "IPv4 interface address"),
    (8, "IPv4 neighbor address"),
    (9, "Maximum link bandwidth"),
    (10, "Reservable link bandwidth"),
    (11, "Unreserved bandwidth"),
    (18, "Traffic Engineering Metric"),
    (19, "Link Attribute"),
    (20, "Link Protection Type"),
    (21, "Interface Switching Capability"),
    (12, "Bandwidth Constraints (old)"),
    (22, "Bandwidth Constraints"),
    (32, "LAN Adjacency Segment Identifier"),
    (29, "SPB Metric"),
    (250, "Reserved for cisco specific extensions"),
    (251, "Reserved for cisco specific extensions"),
    (252, "Reserved for cisco specific extensions"),
    (253, "Reserved for cisco specific extensions"),
    (254, "Reserved for cisco specific extensions"),
    (255, "Reserved for future expansion"),
];

/// The sub-TLVs tcpdump decodes and this printer does not (the PDU is then dumped).
pub(super) const NOT_DECODED: &[u8] = &[21];

/// The link attribute flags.
const LINK_ATTRIBUTES: &Tok = &[
    (0x01, "Local Protection Available"),
    (0x02, "Link excluded from local protection path"),
    (0x04, "Local maintenance required"),
];

/// The DiffServ-aware TE bandwidth constraints models.
const BC_MODELS: &Tok = &[
    (0, "Russian dolls"),
    (1, "Maximum allocation"),
    (254, "Maximum allocation with E-LSP support"),
];

/// The GMPLS link protection types.
const LINK_PROTECTION: &Tok = &[
    (0x01, "Extra Traffic"),
    (0x02, "Unprotected"),
    (0x04, "Shared"),
    (0x08, "Dedicated 1:1"),
    (0x10, "Dedicated 1+1"),
    (0x20, "Enhanced"),
    (0x40, "Reserved"),
    (0x80, "Reserved"),
];

/// The LAN adjacency SID's flags.
const LAN_ADJ_SID_FLAGS: &Tok = &[
    (0x80, "Address family IPv6"),
    (0x40, "Backup"),
    (0x20, "Value"),
    (0x10, "Local significance"),
    (0x08, "Set of adjacencies"),
    (0x04, "Persistent"),
];

/// Whether the entries of the TLV (`len` bytes at `t`; `alias`: TLV 24's, without a metric)
/// have only sub-TLVs decoded here.
pub(super) fn sub_tlvs_ok<W: Write>(c: &Cursor<'_, W>, t: usize, len: usize, alias: bool) -> bool {
    let end = t + len;
    let head = if alias { 8 } else { 11 };
    let mut e = t;
    while e + head <= end {
        let Ok(n) = c.u8(e + head - 1) else {
            return true;
        };
        let sub_end = (e + head + usize::from(n)).min(end);
        let mut s = e + head;
        while s + 2 <= sub_end {
            let (Ok(st), Ok(sl)) = (c.u8(s), c.u8(s + 1)) else {
                return true;
            };
            if NOT_DECODED.contains(&st) {
                return false;
            }
            s += 2 + usize::from(sl);
        }
        e += head + usize::from(n);
    }
    true
}

/// `%.3f Mbps` of a bandwidth in bytes per second, carried as a 32-bit float.
fn mbps<W: Write>(c: &mut Cursor<'_, W>, bits: u32) -> R {
    let v = f32::from_bits(bits) * 8.0 / 1_000_000.0;
    if v.is_nan() {
        c.s(if v.is_sign_negative() { "-nan" } else { "nan" })?;
    } else {
        write!(c.out, "{:.3}", f64::from(v))?;
    }
    c.s(" Mbps")
}

/// One entry at `t` with `left` bytes left in the TLV (of type `tlv`: 22, or 24 whose entries
/// have no metric): the bytes used, `None` when tcpdump's decoder returns 0 (the TLV is cut
/// short).
pub(super) fn ext_is_reach<W: Write>(
    c: &mut Cursor<'_, W>,
    mut t: usize,
    indent: &str,
    tlv: u8,
    mut left: usize,
) -> R<Option<usize>> {
    if !c.test(t, 7) || left < 7 {
        return Ok(None);
    }
    c.s(indent)?;
    c.s("IS Neighbor: ")?;
    id(c, t, 7)?;
    t += 7;
    left -= 7;
    let mut used = 8;
    if tlv != 24 {
        if !c.test(t, 3) || left < 3 {
            return Ok(None);
        }
        let metric = c.be24(t)?;
        c.s(", Metric: ")?;
        c.d(metric)?;
        t += 3;
        left -= 3;
        used += 3;
    }
    if !c.test(t, 1) || left < 1 {
        return Ok(None);
    }
    let mut sum = usize::from(c.u8(t)?);
    t += 1;
    left -= 1;
    c.s(if sum != 0 {
        ", sub-TLVs present"
    } else {
        ", no sub-TLVs present"
    })?;
    if sum == 0 {
        return Ok(Some(used));
    }
    c.s(" (")?;
    c.d(sum as u64)?;
    c.s(")")?;
    let ind = format!("{indent}  ");
    while sum != 0 {
        if !c.test(t, 2) {
            return Ok(None);
        }
        if left < 2 {
            c.s(&ind)?;
            c.s("Remaining data in TLV shorter than a subTLV header")?;
            used += left;
            break;
        }
        if sum < 2 {
            c.s(&ind)?;
            c.s("Remaining data in subTLVs shorter than a subTLV header")?;
            used += sum;
            break;
        }
        let (ty, len) = (c.u8(t)?, c.u8(t + 1)?);
        t += 2;
        left -= 2;
        sum -= 2;
        used += 2;
        let mut l = usize::from(len);
        c.s(&ind)?;
        c.s(tok::find(SUBTLVS, ty.into()).unwrap_or("unknown"))?;
        c.s(" subTLV #")?;
        c.d(ty)?;
        c.s(", length: ")?;
        c.d(len)?;
        if sum < l {
            c.s(" (remaining data in subTLVs shorter than the current subTLV)")?;
            used += sum;
            break;
        }
        if left < l {
            c.s(" (> remaining tlv length)")?;
            used += left;
            break;
        }
        if !c.test(t, l) {
            return Ok(None);
        }
        match ty {
            3..=5 => {
                if l >= 4 {
                    let v = c.be32(t)?;
                    c.s(", 0x")?;
                    fmtx::hex_pad(c.out, v.into(), 8)?;
                    if l == 8 {
                        let v = c.be32(t + 4)?;
                        c.s(", 0x")?;
                        fmtx::hex_pad(c.out, v.into(), 8)?;
                    }
                }
            }
            6 | 8 => {
                if l >= 4 {
                    c.s(", ")?;
                    c.ip4_at(t)?;
                }
            }
            9 | 10 => {
                if l >= 4 {
                    let v = c.be32(t)?;
                    c.s(", ")?;
                    mbps(c, v)?;
                }
            }
            11 => {
                if l >= 32 {
                    for class in 0..8u8 {
                        let v = c.be32(t)?;
                        c.s(&ind)?;
                        c.s("  TE-Class ")?;
                        c.d(class)?;
                        c.s(": ")?;
                        mbps(c, v)?;
                        t += 4;
                        l -= 4;
                        sum -= 4;
                        used += 4;
                    }
                }
            }
            12 | 22 => {
                if l != 0 {
                    let model = c.u8(t)?;
                    c.s(&ind)?;
                    c.s("Bandwidth Constraints Model ID: ")?;
                    c.s(tok::find(BC_MODELS, model.into()).unwrap_or("unknown"))?;
                    c.s(" (")?;
                    c.d(model)?;
                    c.s(")")?;
                    t += 1;
                    l -= 1;
                    sum -= 1;
                    used += 1;
                    let mut class = 0u32;
                    while l >= 4 {
                        let v = c.be32(t)?;
                        c.s(&ind)?;
                        c.s("  Bandwidth constraint CT")?;
                        c.d(class)?;
                        c.s(": ")?;
                        mbps(c, v)?;
                        t += 4;
                        l -= 4;
                        sum -= 4;
                        used += 4;
                        class += 1;
                    }
                }
            }
            20 => {
                if l >= 2 {
                    let (prot, prio) = (c.u8(t)?, c.u8(t + 1)?);
                    c.s(", ")?;
                    tok::bittok2str(c.out, LINK_PROTECTION, prot.into(), "none")?;
                    c.s(", Priority ")?;
                    c.d(prio)?;
                }
            }
            18 => {
                if l >= 3 {
                    let v = c.be24(t)?;
                    c.s(", ")?;
                    c.d(v)?;
                }
            }
            19 => {
                if l == 2 {
                    let v = c.be16(t)?;
                    c.s(", [ ")?;
                    tok::bittok2str(c.out, LINK_ATTRIBUTES, v.into(), "Unknown")?;
                    c.s(" ] (0x")?;
                    fmtx::hex_pad(c.out, v.into(), 4)?;
                    c.s(")")?;
                }
            }
            29 => {
                if l >= 6 {
                    let lm = c.be24(t)?;
                    c.s(", LM: ")?;
                    c.d(lm)?;
                    let p = c.u8(t + 3)?;
                    c.s(", P: ")?;
                    c.d(p)?;
                    let pid = c.be16(t + 4)?;
                    c.s(", P-ID: ")?;
                    c.d(pid)?;
                    t += 4;
                    l -= 4;
                    sum -= 4;
                    used += 4;
                }
            }
            32 => {
                if l >= 8 {
                    let flags = c.u8(t)?;
                    c.s(&ind)?;
                    c.s("  Flags: [")?;
                    tok::bittok2str(c.out, LAN_ADJ_SID_FLAGS, flags.into(), "none")?;
                    c.s("]")?;
                    let (v, lf) = (flags & 0x20 != 0, flags & 0x10 != 0);
                    let weight = c.u8(t + 1)?;
                    c.s(&ind)?;
                    c.s("  Weight: ")?;
                    c.d(weight)?;
                    t += 2;
                    l -= 2;
                    sum -= 2;
                    used += 2;
                    if l >= 6 {
                        if !c.test(t, 6) {
                            return Ok(None);
                        }
                        c.s(&ind)?;
                        c.s("  Neighbor System-ID: ")?;
                        id(c, t, 6)?;
                    }
                    if v && lf {
                        let label = c.be24(t + 6)?;
                        c.s(&ind)?;
                        c.s("  Label: ")?;
                        c.d(label)?;
                    } else if !v && !lf {
                        let index = c.be32(t + 6)?;
                        c.s(&ind)?;
                        c.s("  Index: ")?;
                        c.d(index)?;
                    } else {
                        c.invalid()?;
                    }
                }
            }
            _ => {
                if t > c.snapend {
                    c.s("\n\t\t    ")?;
                    c.s("Dissector error: print_unknown_data called with pointer past end of packet")?;
                    return Ok(None);
                }
                c.unknown_data_at(t, l, "\n\t\t    ")?;
            }
        }
        t += l;
        left -= l;
        sum -= l;
        used += l;
    }
    Ok(Some(used))
}
