//! OSI over LLC (SAP 0xfe) and, within it, IS-IS: tcpdump's `isoclns_print` for the NLPIDs
//! this crate decodes, and `isis_print`'s one-line form (without `-v`): the PDU type and its
//! brief fields (`IS-IS, L1 Lan IIH, src-id ..., lan-id ..., prio N, length N`).
//!
//! Under `-v` ([`verbose`]): the header's fields and the TLVs of the hellos and sequence
//! number PDUs made of the TLVs decoded there. Not decoded here (the LLC header and the rest
//! dumped, as before): the other NLPIDs, LSPs and the other TLVs under `-v`. CLNP and ES-IS
//! are [`clnp`]'s, reached through the NLPID dispatch in `links`.

mod clnp;
mod extis;
mod subtlv;
mod verbose;

pub(crate) use clnp::{clnp_print, esis_print};

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::next::{off, Next};
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// The common header's length and fields.
pub(super) const COMMON_LEN: usize = 8;
const FIXED_LEN: usize = 1;
const VERSION: usize = 2;
const ID_LENGTH: usize = 3;
const PDU_TYPE: usize = 4;
const PDU_VERSION: usize = 5;
const MAX_AREA: usize = 7;

/// The PDU types' names.
pub(super) const PDU_TYPES: &Tok = &[
    (15, "L1 Lan IIH"),
    (16, "L2 Lan IIH"),
    (17, "p2p IIH"),
    (18, "L1 LSP"),
    (20, "L2 LSP"),
    (24, "L1 CSNP"),
    (25, "L2 CSNP"),
    (26, "L1 PSNP"),
    (27, "L2 PSNP"),
];

/// Whether [`isoclns_print`] decodes the OSI packet at `p` (NLPID first): IS-IS, and under
/// `-v` the PDUs [`verbose`] decodes. A caller other than `llc_print` (which checks the NLPID
/// and relies on the LLC fallback below) tests this first and keeps its own fallback.
pub(crate) fn decodes<W: Write>(c: &Cursor<'_, W>, p: usize, length: u32) -> bool {
    c.u8(p) == Ok(0x83) && (c.vflag == 0 || verbose::decodes(c, p, length))
}

/// `isoclns_print` for IS-IS (what `llc_print` hands over; see the module docs): `OSI NLPID IS-IS (0x83): ` under `-e`,
/// then the IS-IS PDU, or its bytes in hex when its header is not one tcpdump decodes.
pub(crate) fn isoclns_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.proto = "isoclns";
    if !decodes(c, p, length) {
        // Not decoded here: the LLC header before `p` and the rest in hex, as before.
        let llc = p.saturating_sub(3);
        return c.then(Next::dump(off(llc), c.avail(llc) as u32));
    }
    let nlpid = c.u8(p)?;
    if c.eflag {
        c.s("OSI NLPID IS-IS (0x")?;
        c.x02(nlpid)?;
        c.s("): ")?;
    }
    if !isis_print(c, p, length)? {
        c.unknown_data(p, length as usize)?;
    }
    Ok(())
}

/// A system, node or LSP ID (6, 7 or 8 bytes): `xxxx.xxxx.xxxx[.nn[-nn]]`.
pub(super) fn id<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize) -> R {
    let b = c.bytes(at, len)?;
    for (i, &x) in b[..6].iter().enumerate() {
        fmtx::hex2(c.out, x)?;
        if i == 1 || i == 3 {
            c.s(".")?;
        }
    }
    if len >= 7 {
        c.s(".")?;
        fmtx::hex2(c.out, b[6])?;
    }
    if len == 8 {
        c.s("-")?;
        fmtx::hex2(c.out, b[7])?;
    }
    Ok(())
}

/// `isis_print` without `-v`: `Ok(false)` when the header is not one it decodes (after
/// saying why).
fn isis_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R<bool> {
    c.proto = "isis";
    if !c.test(p, COMMON_LEN) || (length as usize) < COMMON_LEN {
        c.trunc_here()?;
        return Ok(true);
    }
    if !c.eflag {
        c.s("IS-IS")?;
    }
    let version = c.u8(p + VERSION)?;
    if version != 1 {
        c.s("version ")?;
        c.d(version)?;
        c.s(" packet not supported")?;
        return Ok(false);
    }
    let id_len = c.u8(p + ID_LENGTH)?;
    if id_len != 6 && id_len != 0 {
        c.s("system ID length of ")?;
        c.d(id_len)?;
        c.s(" is not supported")?;
        return Ok(false);
    }
    let pdu_version = c.u8(p + PDU_VERSION)?;
    if pdu_version != 1 {
        c.s("version ")?;
        c.d(pdu_version)?;
        c.s(" packet not supported")?;
        return Ok(false);
    }
    let fixed = c.u8(p + FIXED_LEN)?;
    if length < u32::from(fixed) {
        c.s("fixed header length ")?;
        c.d(fixed)?;
        c.s(" > packet length ")?;
        c.d(length)?;
        return Ok(false);
    }
    if usize::from(fixed) < COMMON_LEN {
        c.s("fixed header length ")?;
        c.d(fixed)?;
        c.s(" < minimum header size 8")?;
        return Ok(false);
    }
    if c.u8(p + MAX_AREA)? == 255 {
        c.s("bad packet -- 255 areas")?;
        return Ok(false);
    }
    if c.vflag > 0 {
        let hdr = (fixed, version, id_len, pdu_version, c.u8(p + MAX_AREA)?);
        return verbose::isis_verbose(c, p, length, hdr);
    }
    let ty = c.u8(p + PDU_TYPE)?;
    c.s(if c.eflag { "" } else { ", " })?;
    tok::tok2str(
        c.out,
        tok::find(PDU_TYPES, ty.into()),
        ty.into(),
        Unknown::dec("unknown PDU-Type ", ""),
    )?;
    let h = p + COMMON_LEN;
    // (the PDU's own header length, the text of a wrong fixed length, and its ID fields:
    // where, how long and after what label).
    let (own, bogus, fields): (usize, &str, &[(usize, usize, &str)]) = match ty {
        15 | 16 => (
            19,
            ", bogus fixed header length ",
            &[(1, 6, ", src-id "), (12, 7, ", lan-id ")],
        ),
        17 => (12, ", bogus fixed header length ", &[(1, 6, ", src-id ")]),
        18 | 20 => (19, ", bogus fixed header length ", &[(4, 8, ", lsp-id ")]),
        24 | 25 => (25, ", bogus fixed header length ", &[(2, 7, ", src-id ")]),
        26 | 27 => (9, "- bogus fixed header length ", &[(2, 7, ", src-id ")]),
        _ => {
            c.s(", length ")?;
            c.d(length)?;
            return Ok(true);
        }
    };
    if usize::from(fixed) != COMMON_LEN + own {
        c.s(bogus)?;
        c.d(fixed)?;
        c.s(" should be ")?;
        // (tcpdump names the LSP header's own length there, not the whole.)
        c.d(if matches!(ty, 18 | 20) {
            own
        } else {
            COMMON_LEN + own
        } as u64)?;
        return Ok(false);
    }
    if !c.test(h, own) || (length as usize) < COMMON_LEN + own {
        c.trunc_here()?;
        return Ok(true);
    }
    for &(at, len, label) in fields {
        c.s(label)?;
        id(c, h + at, len)?;
    }
    match ty {
        15 | 16 => {
            let prio = c.u8(h + 11)?;
            c.s(", prio ")?;
            c.d(prio)?;
        }
        18 | 20 => {
            let (seq, life) = (c.be32(h + 12)?, c.be16(h + 2)?);
            c.s(", seq 0x")?;
            fmtx::hex_pad(c.out, seq.into(), 8)?;
            c.s(", lifetime ")?;
            let n = if life < 10 {
                4
            } else if life < 100 {
                3
            } else if life < 1000 {
                2
            } else if life < 10000 {
                1
            } else {
                0
            };
            for _ in 0..n {
                c.s(" ")?;
            }
            c.d(life)?;
            c.s("s")?;
        }
        _ => {}
    }
    c.s(", length ")?;
    c.d(length)?;
    Ok(true)
}
