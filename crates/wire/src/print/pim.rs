//! PIM (IP protocol 103, RFC 7761) as tcpdump 4.99.3's `pim_print` shows it without `-v`:
//! version 2's message type and length (`PIMv2, Hello, length 34`), other versions' length.

use core::fmt::Write;

use super::common::relts;
use super::cursor::{Cursor, R};
use crate::tok::{self, Unknown};

/// A PIM version 2 message type's name.
fn type_name(t: u8) -> &'static str {
    match t {
        0 => "Hello",
        1 => "Register",
        2 => "Register Stop",
        3 => "Join / Prune",
        4 => "Bootstrap",
        5 => "Assert",
        6 => "Graft",
        7 => "Graft Acknowledgement",
        8 => "Candidate RP Advertisement",
        9 => "Prune Refresh",
        10 => "DF Election",
        11 => "ECMP Redirect",
        _ => "Unknown Type",
    }
}

/// Prints the PIM message at `bp`, `len` bytes by the IP header at `iph`; at `-v` version
/// 2's type goes on the next line, followed by the message's fields.
pub(crate) fn pim_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32, iph: usize) -> R {
    e.proto = "pim";
    let tv = e.u8(bp)?;
    e.s("PIMv")?;
    e.d(tv >> 4)?;
    if tv >> 4 == 2 && e.vflag > 0 {
        e.s(", length ")?;
        e.d(len)?;
        e.s("\n\t")?;
        e.s(type_name(tv & 0x0f))?;
        return super::pim2::pimv2_print(e, bp, len, iph);
    }
    if tv >> 4 == 2 {
        e.s(", ")?;
        e.s(type_name(tv & 0x0f))?;
    }
    e.s(", length ")?;
    e.d(len)
}

/// A PIM version 1 message type's name.
fn v1_type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "Query",
        1 => "Register",
        2 => "Register-Stop",
        3 => "Join/Prune",
        4 => "RP-reachable",
        5 => "Assert",
        6 => "Graft",
        7 => "Graft-ACK",
        _ => return None,
    })
}

/// ` for SRC > DST` from the addresses at `src` and `dst`.
fn for_pair<W: Write>(e: &mut Cursor<'_, W>, src: usize, dst: usize) -> R {
    e.s(" for ")?;
    e.ip4_at(src)?;
    e.s(" > ")?;
    e.ip4_at(dst)
}

/// Prints the PIM version 1 message inside the IGMP message at `bp`, `len` bytes (after
/// `igmp pimv1`, which the caller printed) as `pimv1_print` does: the type and, for some
/// types, the mode or the addresses; at `-v` the hold times and the Join/Prune lists.
pub(crate) fn pimv1_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    e.proto = "pimv1";
    let t = e.u8(bp + 1)?;
    e.s(" ")?;
    tok::tok2str(
        e.out,
        v1_type_name(t),
        t.into(),
        Unknown::dec("[type ", "]"),
    )?;
    match t {
        0 => {
            if let Ok(m) = e.u8(bp + 8) {
                match m >> 4 {
                    0 => e.s(" Dense-mode")?,
                    1 => e.s(" Sparse-mode")?,
                    2 => e.s(" Sparse-Dense-mode")?,
                    v => {
                        e.s(" mode-")?;
                        e.d(v)?;
                    }
                }
            }
            if e.vflag > 0 {
                e.s(" (Hold-time ")?;
                relts(e, e.be16(bp + 10)?.into())?;
                e.s(")")?;
            }
        }
        1 => {
            // The encapsulated IP header must be there whole.
            e.bytes(bp + 8, 20)?;
            for_pair(e, bp + 20, bp + 24)?;
        }
        2 => for_pair(e, bp + 8, bp + 12)?,
        5 => {
            for_pair(e, bp + 16, bp + 8)?;
            if e.be32(bp + 12)? != 0xffff_ffff {
                e.s("/")?;
                e.ip4_at(bp + 12)?;
            }
            let pref = e.be32(bp + 20)?;
            e.s(if pref & 0x8000_0000 != 0 {
                " RP-tree"
            } else {
                " SPT"
            })?;
            e.s(" pref ")?;
            e.d(pref & 0x7fff_ffff)?;
            e.s(" metric ")?;
            let m = e.be32(bp + 24)?;
            e.d(m)?;
        }
        4 if e.vflag > 0 => {
            e.bytes(bp + 8, 4)?;
            e.s(" group ")?;
            e.ip4_at(bp + 8)?;
            if e.be32(bp + 12)? != 0xffff_ffff {
                e.s("/")?;
                e.ip4_at(bp + 12)?;
            }
            e.bytes(bp + 16, 4)?;
            e.s(" RP ")?;
            e.ip4_at(bp + 16)?;
            e.s(" hold ")?;
            relts(e, e.be16(bp + 22)?.into())?;
        }
        3 | 6 | 7 if e.vflag > 0 => {
            if len < 8 {
                return e.trunc_here();
            }
            if !v1_join_prune(e, bp + 8, len - 8)? {
                return e.trunc_here();
            }
        }
        _ => {}
    }
    let v = e.u8(bp + 4)? >> 4;
    if v != 1 {
        e.s(" [v")?;
        e.d(v)?;
        e.s("]")?;
    }
    Ok(())
}

/// `pimv1_join_prune_print`: the Join/Prune (Graft, Graft-ACK) body at `bp`, `len` bytes; a
/// single group with a single source on one line, else the upstream neighbor and hold time
/// and, at `-vv`, each group's sources. `false`: the message ends early (tcpdump's marker).
#[cold]
#[inline(never)]
fn v1_join_prune<W: Write>(e: &mut Cursor<'_, W>, mut bp: usize, mut len: u32) -> R<bool> {
    if e.test(bp, 30) && e.u8(bp + 11)? == 1 {
        let nj = e.be16(bp + 20)?;
        if u32::from(nj) + u32::from(e.be16(bp + 22)?) == 1 {
            e.s(" RPF ")?;
            e.ip4_at(bp)?;
            e.s(" ")?;
            let hold = e.be16(bp + 6)?;
            if hold != 180 {
                e.s("Hold ")?;
                relts(e, hold.into())?;
            }
            e.s(if nj != 0 { "Join" } else { "Prune" })?;
            e.s(" (")?;
            e.ip4_at(bp + 26)?;
            e.s("/")?;
            e.d(e.u8(bp + 25)? & 0x3f)?;
            e.s(", ")?;
            e.ip4_at(bp + 12)?;
            if e.be32(bp + 16)? != 0xffff_ffff {
                e.s("/")?;
                e.ip4_at(bp + 16)?;
            }
            let f = e.u8(bp + 25)?;
            e.s(") ")?;
            e.s(if e.u8(bp + 24)? & 1 != 0 {
                "Sparse"
            } else {
                "Dense"
            })?;
            e.s(if f & 0x80 != 0 { " WC" } else { "" })?;
            e.s(" ")?;
            e.s(if f & 0x40 != 0 { "RP" } else { "SPT" })?;
            return Ok(true);
        }
    }
    if len < 4 {
        return Ok(false);
    }
    if e.vflag > 1 {
        e.s("\n")?;
    }
    e.bytes(bp, 4)?;
    e.s(" Upstream Nbr: ")?;
    e.ip4_at(bp)?;
    bp += 4;
    len -= 4;
    if len < 4 {
        return Ok(false);
    }
    if e.vflag > 1 {
        e.s("\n")?;
    }
    e.s(" Hold time: ")?;
    relts(e, e.be16(bp + 2)?.into())?;
    if e.vflag < 2 {
        return Ok(true);
    }
    bp += 4;
    len -= 4;
    if len < 4 {
        return Ok(false);
    }
    let ngroups = e.u8(bp + 3)?;
    bp += 4;
    len -= 4;
    for _ in 0..ngroups {
        if len < 4 {
            return Ok(false);
        }
        e.bytes(bp, 4)?;
        e.s("\n\tGroup: ")?;
        e.ip4_at(bp)?;
        bp += 4;
        len -= 4;
        if len < 4 {
            return Ok(false);
        }
        if e.be32(bp)? != 0xffff_ffff {
            e.s("/")?;
            e.ip4_at(bp)?;
        }
        bp += 4;
        len -= 4;
        if len < 4 {
            return Ok(false);
        }
        let nj = e.be16(bp)?;
        let np = e.be16(bp + 2)?;
        e.s(" joined: ")?;
        e.d(nj)?;
        e.s(" pruned: ")?;
        e.d(np)?;
        bp += 4;
        len -= 4;
        for k in 0..u32::from(nj) + u32::from(np) {
            if len < 6 {
                return Ok(false);
            }
            let (a, b) = (e.u8(bp)?, e.u8(bp + 1)?);
            e.s("\n\t")?;
            e.s(if k < u32::from(nj) { "Join " } else { "Prune" })?;
            e.s(" ")?;
            e.s(if a & 1 != 0 { "Sparse " } else { "Dense " })?;
            e.s(if b & 0x80 != 0 { "WC " } else { "" })?;
            e.s(if b & 0x40 != 0 { "RP " } else { "SPT " })?;
            e.ip4_at(bp + 2)?;
            e.s("/")?;
            e.d(b & 0x3f)?;
            bp += 6;
            len -= 6;
        }
    }
    Ok(true)
}
