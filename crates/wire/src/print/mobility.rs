//! The IPv6 Mobility Header (RFC 6275; next header 135, and 62 in old drafts), as tcpdump's
//! `mobility_print` shows it: the message type and its basic fields, and with `-v` the
//! cookies, keygen tokens and mobility options.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// Field offsets of the Mobility Header (RFC 6275, 6.1) and of its messages' fields.
mod field {
    /// The header length, in 8-byte units not counting the first 8.
    pub const LEN: usize = 1;
    /// The message type.
    pub const TYPE: usize = 2;
    /// HoT, CoT: the nonce index; BU: the sequence number; BA, BE: the status.
    pub const MSG: usize = 6;
    /// BA: the K flag.
    pub const BA_FLAGS: usize = 7;
    /// BU: the A, H, L and K flags; BA: the sequence number; BE: the home address.
    pub const MSG2: usize = 8;
    /// BU, BA: the lifetime, in 4-second units.
    pub const LIFETIME: usize = 10;
}

/// The message types with fields printed.
mod kind {
    pub const HOT: u8 = 3;
    pub const COT: u8 = 4;
    pub const BU: u8 = 5;
    pub const BA: u8 = 6;
    pub const BE: u8 = 7;
}

/// A Binding Update's A, H, L and K flags (the top four bits of their byte, shifted down).
const BU_FLAGS: &Tok = &[(8, "A"), (4, "H"), (2, "L"), (1, "K")];

/// The shortest header each message type 0..=7 may have, in bytes.
const MIN_LEN: [usize; 8] = [8, 16, 16, 24, 24, 12, 12, 24];

fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "BRR",
        1 => "HoTI",
        2 => "CoTI",
        3 => "HoT",
        4 => "CoT",
        5 => "BU",
        6 => "BA",
        7 => "BE",
        _ => return None,
    })
}

/// Prints the Mobility Header at `bp`; it is always the last header tcpdump decodes.
pub(crate) fn mobility_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize) -> R {
    e.proto = "mobility";
    if !e.test(bp + field::LEN, 1) {
        return Err(Stop::Trunc);
    }
    let mhlen = (e.u8(bp + field::LEN)? as usize + 1) << 3;
    let t = e.u8(bp + field::TYPE)?;
    if let Some(&min) = MIN_LEN.get(t as usize) {
        if mhlen < min {
            e.s("(header length ")?;
            e.d(mhlen as u64)?;
            e.s(" is too small for type ")?;
            e.d(t)?;
            e.s(")")?;
            return Err(Stop::Trunc);
        }
    }
    e.s("mobility: ")?;
    tok::tok2str(e.out, type_name(t), t.into(), Unknown::dec("type-#", ""))?;
    let hlen = match t {
        0 => 8,
        1 | 2 => {
            if e.vflag > 0 {
                cookie(
                    e,
                    bp + 8,
                    if t == 1 { " Home" } else { " Care-of" },
                    " Init Cookie=",
                )?;
            }
            16
        }
        kind::HOT | kind::COT => {
            let v = e.be16(bp + field::MSG)?;
            e.s(" nonce id=0x")?;
            fmtx::hex(e.out, u64::from(v))?;
            if e.vflag > 0 {
                let who = if t == kind::HOT { " Home" } else { " Care-of" };
                cookie(e, bp + 8, who, " Init Cookie=")?;
                cookie(e, bp + 16, who, " Keygen Token=")?;
            }
            24
        }
        kind::BU => {
            let seq = e.be16(bp + field::MSG)?;
            e.s(" seq#=")?;
            e.d(seq)?;
            e.bytes(bp + field::MSG2, 2)?;
            binding_update_flags(e, e.u8(bp + field::MSG2)? >> 4)?;
            let life = e.be16(bp + field::LIFETIME)?;
            e.s(" lifetime=")?;
            e.d(u32::from(life) << 2)?;
            12
        }
        kind::BA => {
            let st = e.u8(bp + field::MSG)?;
            e.s(" status=")?;
            e.d(st)?;
            if e.u8(bp + field::BA_FLAGS)? & 0x80 != 0 {
                e.s(" K")?;
            }
            let seq = e.be16(bp + field::MSG2)?;
            e.s(" seq#=")?;
            e.d(seq)?;
            let life = e.be16(bp + field::LIFETIME)?;
            e.s(" lifetime=")?;
            e.d(u32::from(life) << 2)?;
            12
        }
        kind::BE => {
            let st = e.u8(bp + field::MSG)?;
            e.s(" status=")?;
            e.d(st)?;
            e.bytes(bp + field::MSG2, 16)?;
            e.s(" homeaddr ")?;
            e.ip6_at(bp + field::MSG2)?;
            24
        }
        _ => {
            let l = e.u8(bp + field::LEN)?;
            e.s(" len=")?;
            return e.d(l);
        }
    };
    if e.vflag > 0 && options(e, bp + hlen, mhlen.saturating_sub(hlen))? {
        return Err(Stop::Trunc);
    }
    Ok(())
}

/// ` Home Init Cookie=xxxxxxxx:xxxxxxxx` (both words read first).
fn cookie<W: Write>(e: &mut Cursor<'_, W>, o: usize, who: &str, what: &str) -> R {
    let (a, b) = (e.be32(o)?, e.be32(o + 4)?);
    e.s(who)?;
    e.s(what)?;
    fmtx::hex_pad(e.out, a.into(), 8)?;
    e.s(":")?;
    fmtx::hex_pad(e.out, b.into(), 8)?;
    Ok(())
}

/// `mobility_opt_print`: the `len` option bytes at `bp`; `true` when cut short (tcpdump's
/// `trunc`).
#[cold]
#[inline(never)]
fn options<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: usize) -> R<bool> {
    let mut i = 0;
    while i < len {
        let t = e.u8(bp + i)?;
        let optlen = if t == 0 {
            1
        } else if i + 1 < len {
            usize::from(e.u8(bp + i + 1)?) + 2
        } else {
            return Ok(true);
        };
        if i + optlen > len {
            return Ok(true);
        }
        e.u8(bp + i + optlen)?;
        let left = len - i;
        let short = |e: &mut Cursor<'_, W>, what: &str| -> R<bool> {
            e.s(what)?;
            Ok(true)
        };
        match t {
            0 => e.s("(pad1)")?,
            1 => {
                if left < 2 {
                    return short(e, "(padn: trunc)");
                }
                e.s("(padn)")?;
            }
            2 => {
                if left < 4 {
                    return short(e, "(refresh: trunc)");
                }
                let v = e.be16(bp + i + 2)?;
                e.s("(refresh: ")?;
                e.d(u32::from(v) << 2)?;
                e.s(")")?;
            }
            3 => {
                if left < 18 {
                    return short(e, "(altcoa: trunc)");
                }
                e.bytes(bp + i + 2, 16)?;
                e.s("(alt-CoA: ")?;
                e.ip6_at(bp + i + 2)?;
                e.s(")")?;
            }
            4 => {
                if left < 6 {
                    return short(e, "(ni: trunc)");
                }
                let (ho, co) = (e.be16(bp + i + 2)?, e.be16(bp + i + 4)?);
                e.s("(ni: ho=0x")?;
                fmtx::hex_pad(e.out, ho.into(), 4)?;
                e.s(" co=0x")?;
                fmtx::hex_pad(e.out, co.into(), 4)?;
                e.s(")")?;
            }
            5 => {
                if left < 12 {
                    return short(e, "(auth: trunc)");
                }
                e.s("(auth)")?;
            }
            _ => {
                if left < 2 {
                    e.s("(sopt_type ")?;
                    e.d(t)?;
                    return short(e, ": trunc)");
                }
                let l = e.u8(bp + i + 1)?;
                e.s("(type-0x")?;
                e.x02(t)?;
                e.s(": len=")?;
                e.d(l)?;
                e.s(")")?;
            }
        }
        i += optlen;
    }
    Ok(false)
}

/// The A, H, L and K bits of a Binding Update, run together after a space when any is set.
fn binding_update_flags<W: Write>(e: &mut Cursor<'_, W>, bits: u8) -> R {
    if bits == 0 {
        return Ok(());
    }
    e.s(" ")?;
    tok::bittok2str_nosep(e.out, BU_FLAGS, bits.into(), "")?;
    Ok(())
}
