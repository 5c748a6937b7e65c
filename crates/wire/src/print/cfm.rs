//! Connectivity Fault Management (IEEE 802.1ag, EtherType 0x8902; tcpdump's `cfm_print`): the
//! common header, and from `-v` the continuity check, linktrace message and reply objects and
//! the TLVs (sender ID decoded, the others in hex), with tcpdump's length checks.

use core::fmt::Write;

use crate::fmtx;
use crate::names::oui_name;
use crate::tok::{self, Tok, Unknown};

use super::cursor::{Cursor, R};
use super::lldp_v::AF_NAMES;

/// The common header's length.
const HDR_LEN: u32 = 4;
/// A continuity check message's fixed part (sequence, MEP ID, names, Y.1731 fields).
const CCM_LEN: u32 = 70;
/// A linktrace message's fixed part.
const LTM_LEN: u32 = 17;
/// A linktrace reply's fixed part.
const LTR_LEN: u32 = 6;
/// The bytes of a CCM that hold the MD and MA names.
const NAMES_LEN: u32 = 48;
/// A TLV's type and length.
const TLV_HDR: u32 = 3;

const OPCODES: &Tok = &[
    (1, "Continuity Check Message"),
    (2, "Loopback Reply"),
    (3, "Loopback Message"),
    (4, "Linktrace Reply"),
    (5, "Linktrace Message"),
];

const MD_FORMATS: &Tok = &[
    (0, "IEEE 802.1"),
    (1, "No MD Name present"),
    (2, "DNS string"),
    (3, "MAC + 16Bit Integer"),
    (4, "Character string"),
];

const MA_FORMATS: &Tok = &[
    (0, "IEEE 802.1"),
    (1, "Primary VID"),
    (2, "Character string"),
    (3, "16Bit Integer"),
    (4, "RFC2685 VPN-ID"),
];

const LTM_FLAGS: &Tok = &[(0x80, "Use Forwarding-DB only")];

const LTR_FLAGS: &Tok = &[
    (0x80, "UseFDB Only"),
    (0x40, "FwdYes"),
    (0x20, "Terminal MEP"),
];

const REPLY_ACTIONS: &Tok = &[(1, "Exact Match"), (2, "Filtering DB"), (3, "MIP CCM DB")];

const TLV_NAMES: &Tok = &[
    (0, "End"),
    (1, "Sender ID"),
    (2, "Port status"),
    (3, "Interface status"),
    (4, "Data"),
    (5, "Reply Ingress"),
    (6, "Reply Egress"),
    (31, "Organization Specific"),
];

const PORT_STATUS: &Tok = &[(1, "Blocked"), (2, "Up")];

const IF_STATUS: &Tok = &[
    (1, "Up"),
    (2, "Down"),
    (3, "Testing"),
    (5, "Dormant"),
    (6, "not present"),
    (7, "lower Layer down"),
];

const CHASSIS_ID_TYPES: &Tok = &[
    (0, "Reserved"),
    (1, "Chassis component"),
    (2, "Interface alias"),
    (3, "Port component"),
    (4, "MAC address"),
    (5, "Network address"),
    (6, "Interface name"),
    (7, "Locally assigned"),
];

/// The CCM interval codes' periods in seconds, single precision as tcpdump keeps them.
const CCM_INTERVALS: [f32; 8] = [0.0, 0.003333, 0.01, 0.1, 1.0, 10.0, 60.0, 600.0];

/// `name (N)` with `name` from `table`, `Unknown` when it has none.
fn named<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32) -> R {
    c.s(tok::find(table, v).unwrap_or("Unknown"))?;
    c.s(" (")?;
    c.d(v)?;
    c.s(")")
}

/// `packet is too short` on its own indented line.
fn too_short<W: Write>(c: &mut Cursor<'_, W>) -> R {
    c.s("\n\t\t packet is too short")
}

/// `cfm_print`: the `length`-byte CFM PDU at `p`.
#[cold]
#[inline(never)]
pub(crate) fn cfm_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.proto = "cfm";
    if length < HDR_LEN {
        return too_short(c);
    }
    if !c.test(p, HDR_LEN as usize) {
        return c.trunc_here();
    }
    let mv = c.u8(p)?;
    let version = mv & 0x1f;
    if version != 0 {
        c.s("CFMv")?;
        c.d(version)?;
        c.s(" not supported, length ")?;
        return c.d(length);
    }
    let opcode = c.u8(p + 1)?;
    c.s("CFMv0 ")?;
    tok::tok2str(
        c.out,
        tok::find(OPCODES, opcode.into()),
        opcode.into(),
        Unknown::dec("unknown (", ")"),
    )?;
    c.s(", MD Level ")?;
    c.d(mv >> 5)?;
    c.s(", length ")?;
    c.d(length)?;
    if c.vflag == 0 {
        return Ok(());
    }
    let flags = c.u8(p + 2)?;
    let first_tlv = u32::from(c.u8(p + 3)?);
    c.s("\n\tFirst TLV offset ")?;
    c.d(first_tlv)?;
    let body = p + HDR_LEN as usize;
    let tlen = length - HDR_LEN;
    if first_tlv > tlen {
        c.s(" (too large, must be <= ")?;
        c.d(tlen)?;
        return c.s(")");
    }
    let fixed = match opcode {
        1 => Some((CCM_LEN, "1")),
        5 => Some((LTM_LEN, "4")),
        4 => Some((LTR_LEN, "5")),
        _ => None,
    };
    match fixed {
        Some((need, which)) => {
            if first_tlv < need {
                c.s(" (too small ")?;
                c.s(which)?;
                c.s(", must be >= ")?;
                c.d(need)?;
                return c.s(")");
            }
            if tlen < need {
                return too_short(c);
            }
            if !c.test(body, need as usize) {
                return c.trunc_here();
            }
            match opcode {
                1 => {
                    if !ccm(c, body, flags)? {
                        return Ok(());
                    }
                }
                5 => ltm(c, body, flags)?,
                _ => ltr(c, body, flags)?,
            }
        }
        None => c.unknown_data_at(body, (tlen - first_tlv) as usize, "\n\t  ")?,
    }
    tlvs(c, body + first_tlv as usize, tlen - first_tlv)
}

/// A continuity check message's fixed part at `m` (captured); `Ok(false)` when a name length
/// is too large (tcpdump prints no TLVs then).
fn ccm<W: Write>(c: &mut Cursor<'_, W>, m: usize, flags: u8) -> R<bool> {
    let interval = flags & 7;
    c.s(", Flags [CCM Interval ")?;
    c.d(interval)?;
    if flags & 0x80 != 0 {
        c.s(", RDI")?;
    }
    c.s("]")?;
    if interval != 0 {
        let base = f64::from(CCM_INTERVALS[interval as usize]);
        write!(
            c.out,
            "\n\t  CCM Interval {:.3}s, min CCM Lifetime {:.3}s, max CCM Lifetime {:.3}s",
            base,
            base * 3.25,
            base * 3.5
        )?;
    }
    let seq = c.be32(m)?;
    let mep = c.be16(m + 4)?;
    c.s("\n\t  Sequence Number 0x")?;
    fmtx::hex_pad(c.out, seq.into(), 8)?;
    c.s(", MA-End-Point-ID 0x")?;
    fmtx::hex_pad(c.out, mep.into(), 4)?;
    let mut np = m + 6;
    let mut left = NAMES_LEN;
    let md_format = c.u8(np)?;
    np += 1;
    left -= 1;
    if md_format != 1 {
        let md_len = c.u8(np)?;
        np += 1;
        left -= 1;
        c.s("\n\t  MD Name Format ")?;
        named(c, MD_FORMATS, md_format.into())?;
        c.s(", MD Name length ")?;
        c.d(md_len)?;
        if u32::from(md_len) > left - 3 {
            c.s(" (too large, must be <= ")?;
            c.d(left - 2)?;
            c.s(")")?;
            return Ok(false);
        }
        c.s("\n\t  MD Name: ")?;
        match md_format {
            2 | 4 => super::vfmt::printjnp(c, np, md_len.into())?,
            3 if md_len == 6 => {
                c.s("\n\t  MAC ")?;
                c.mac_at(np)?;
            }
            3 => c.s("\n\t  MAC (length invalid)")?,
            _ => c.unknown_data_at(np, md_len.into(), "\n\t    ")?,
        }
        np += usize::from(md_len);
        left -= u32::from(md_len);
    } else {
        c.s("\n\t  MD Name Format ")?;
        named(c, MD_FORMATS, md_format.into())?;
    }
    let ma_format = c.u8(np)?;
    let ma_len = c.u8(np + 1)?;
    np += 2;
    left -= 2;
    c.s("\n\t  MA Name-Format ")?;
    named(c, MA_FORMATS, ma_format.into())?;
    c.s(", MA name length ")?;
    c.d(ma_len)?;
    if u32::from(ma_len) > left {
        c.s(" (too large, must be <= ")?;
        c.d(left)?;
        c.s(")")?;
        return Ok(false);
    }
    c.s("\n\t  MA Name: ")?;
    if ma_format == 2 {
        super::vfmt::printjnp(c, np, ma_len.into())?;
    } else {
        c.unknown_data_at(np, ma_len.into(), "\n\t    ")?;
    }
    Ok(true)
}

/// The transaction ID and TTL that start a linktrace message or reply at `m`.
fn transaction<W: Write>(c: &mut Cursor<'_, W>, m: usize) -> R {
    let id = c.be32(m)?;
    let ttl = c.u8(m + 4)?;
    c.s("\n\t  Transaction-ID 0x")?;
    fmtx::hex_pad(c.out, id.into(), 8)?;
    c.s(", ttl ")?;
    c.d(ttl)
}

/// A linktrace message's fixed part at `m` (captured).
fn ltm<W: Write>(c: &mut Cursor<'_, W>, m: usize, flags: u8) -> R {
    c.s(", Flags [")?;
    tok::bittok2str(c.out, LTM_FLAGS, flags.into(), "none")?;
    c.s("]")?;
    transaction(c, m)?;
    c.s("\n\t  Original-MAC ")?;
    c.mac_at(m + 5)?;
    c.s(", Target-MAC ")?;
    c.mac_at(m + 11)
}

/// A linktrace reply's fixed part at `m` (captured).
fn ltr<W: Write>(c: &mut Cursor<'_, W>, m: usize, flags: u8) -> R {
    c.s(", Flags [")?;
    tok::bittok2str(c.out, LTR_FLAGS, flags.into(), "none")?;
    c.s("]")?;
    transaction(c, m)?;
    let action = c.u8(m + 5)?;
    c.s("\n\t  Replay-Action ")?;
    named(c, REPLY_ACTIONS, action.into())
}

/// What the walk does after a TLV.
enum After {
    /// Dump the TLV's rest in hex when asked to (or at `-vv`), then go on.
    Dump(bool),
    /// Go on without a dump.
    Next,
    /// Stop.
    Stop,
}

/// The TLVs in the `tlen` bytes at `tp`.
fn tlvs<W: Write>(c: &mut Cursor<'_, W>, mut tp: usize, mut tlen: u32) -> R {
    while tlen > 0 {
        let t = c.u8(tp)?;
        c.s("\n\t")?;
        c.s(tok::find(TLV_NAMES, t.into()).unwrap_or("Unknown"))?;
        c.s(" TLV (0x")?;
        c.x02(t)?;
        c.s(")")?;
        if t == 0 {
            return Ok(());
        }
        if tlen < TLV_HDR {
            return too_short(c);
        }
        if !c.test(tp, TLV_HDR as usize) {
            return c.trunc_here();
        }
        let tl = u32::from(c.be16(tp + 1)?);
        c.s(", length ")?;
        c.d(tl)?;
        tp += TLV_HDR as usize;
        tlen -= TLV_HDR;
        let value = tp;
        if tlen < tl {
            return too_short(c);
        }
        if !c.test(tp, tl as usize) {
            return c.trunc_here();
        }
        // The sender ID walk moves `tp`, `tlen` and the length left (`rem`) as it reads.
        let mut rem = tl;
        let after = match t {
            2 | 3 => {
                if tl < 1 {
                    c.s(" (too short, must be >= 1)")?;
                    After::Stop
                } else {
                    let s = c.u8(tp)?;
                    c.s(", Status: ")?;
                    named(c, if t == 2 { PORT_STATUS } else { IF_STATUS }, s.into())?;
                    After::Dump(false)
                }
            }
            31 => {
                if tl < 4 {
                    c.s(" (too short, must be >= 4)")?;
                    After::Stop
                } else {
                    let oui = c.be24(tp)?;
                    let sub = c.u8(tp + 3)?;
                    c.s(", Vendor: ")?;
                    c.s(oui_name(oui).unwrap_or("Unknown"))?;
                    c.s(" (")?;
                    c.d(oui)?;
                    c.s("), Sub-Type ")?;
                    c.d(sub)?;
                    After::Dump(true)
                }
            }
            1 => sender_id(c, &mut tp, &mut tlen, &mut rem)?,
            _ => After::Dump(true),
        };
        match after {
            After::Stop => return Ok(()),
            After::Dump(hex) => {
                if hex || c.vflag > 1 {
                    c.unknown_data_at(value, rem as usize, "\n\t  ")?;
                }
            }
            After::Next => {}
        }
        tp += rem as usize;
        tlen = tlen.wrapping_sub(rem);
    }
    Ok(())
}

/// A sender ID TLV's value at `*tp` (`*rem` bytes, captured): the chassis ID and management
/// address, moving `*tp`, `*tlen` and `*rem` past what it reads as tcpdump does (a chassis ID
/// longer than the TLV leaves the walk one byte short of the TLV's end, as tcpdump's does).
fn sender_id<W: Write>(
    c: &mut Cursor<'_, W>,
    tp: &mut usize,
    tlen: &mut u32,
    rem: &mut u32,
) -> R<After> {
    if *rem < 1 {
        c.s(" (too short, must be >= 1)")?;
        return Ok(After::Next);
    }
    let mut hexdump = false;
    let id_len = c.u8(*tp)?;
    *tp += 1;
    *tlen = tlen.wrapping_sub(1);
    *rem -= 1;
    if id_len != 0 {
        if *rem < 1 {
            c.s("\n\t  (TLV too short)")?;
            return Ok(After::Next);
        }
        let id_type = c.u8(*tp)?;
        *rem -= 1;
        c.s("\n\t  Chassis-ID Type ")?;
        named(c, CHASSIS_ID_TYPES, id_type.into())?;
        c.s(", Chassis-ID length ")?;
        c.d(id_len)?;
        if *rem < u32::from(id_len) {
            c.s("\n\t  (TLV too short)")?;
            return Ok(After::Next);
        }
        let id = *tp + 1;
        match id_type {
            4 if id_len == 6 => {
                c.s("\n\t  MAC ")?;
                c.mac_at(id)?;
            }
            4 => {
                c.s(" (invalid MAC address length)")?;
                hexdump = true;
            }
            5 => hexdump |= network_addr(c, id, id_len.into())?,
            1 | 2 | 3 | 6 | 7 => super::vfmt::printjnp(c, id, id_len.into())?,
            _ => hexdump = true,
        }
        *rem -= u32::from(id_len);
        *tp += 1 + usize::from(id_len);
        *tlen = tlen.wrapping_sub(1 + u32::from(id_len));
    }
    if *rem == 0 {
        return Ok(After::Dump(hexdump));
    }
    let domain_len = c.u8(*tp)?;
    *tp += 1;
    *tlen = tlen.wrapping_sub(1);
    *rem -= 1;
    c.s("\n\t  Management Address Domain Length ")?;
    c.d(domain_len)?;
    if domain_len == 0 {
        return Ok(After::Dump(hexdump));
    }
    if *rem < u32::from(domain_len) {
        c.s("\n\t  (TLV too short)")?;
        return Ok(After::Next);
    }
    *rem -= u32::from(domain_len);
    hex_print(
        c,
        "\n\t  Management Address Domain: ",
        *tp,
        domain_len.into(),
    )?;
    *tp += usize::from(domain_len);
    *tlen = tlen.wrapping_sub(domain_len.into());
    if *rem < 1 {
        c.s(" (Management Address Length is missing)")?;
        return Ok(After::Dump(true));
    }
    let addr_len = c.u8(*tp)?;
    *tp += 1;
    *tlen = tlen.wrapping_sub(1);
    *rem -= 1;
    c.s("\n\t  Management Address Length ")?;
    c.d(addr_len)?;
    if addr_len != 0 {
        if *rem < u32::from(addr_len) {
            c.s("\n\t  (TLV too short)")?;
            return Ok(After::Stop);
        }
        *rem -= u32::from(addr_len);
        hex_print(c, "\n\t  Management Address: ", *tp, addr_len.into())?;
        *tp += usize::from(addr_len);
        *tlen = tlen.wrapping_sub(addr_len.into());
    }
    Ok(After::Dump(hexdump))
}

/// `hex_print` of `len` captured bytes at `o`, each 16-byte line starting with `ident`.
fn hex_print<W: Write>(c: &mut Cursor<'_, W>, ident: &str, o: usize, len: usize) -> R {
    let data = c.bytes(o, len)?;
    fmtx::hexdump(c.out, ident, data, false)?;
    Ok(())
}

/// `cfm_network_addr_print`: a network address chassis ID (`len` bytes at `o`, an address
/// family octet first); `Ok(true)` when its bytes should be dumped.
fn network_addr<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: u32) -> R<bool> {
    if len < 1 {
        c.s("\n\t  Network Address Type (invalid, no data")?;
        return Ok(false);
    }
    let af = c.u8(o)?;
    c.s("\n\t  Network Address Type ")?;
    named(c, AF_NAMES, af.into())?;
    match af {
        1 | 2 => {
            let want = if af == 1 { 5 } else { 17 };
            if len != want {
                c.s(if af == 1 {
                    "(invalid IPv4 address length "
                } else {
                    "(invalid IPv6 address length "
                })?;
                c.d(len - 1)?;
                c.s(")")?;
                return Ok(true);
            }
            c.s(", ")?;
            if af == 1 {
                c.ip4_at(o + 1)?;
            } else {
                c.ip6_at(o + 1)?;
            }
            Ok(false)
        }
        _ => Ok(true),
    }
}
