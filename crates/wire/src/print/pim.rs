//! PIM (IP protocol 103, RFC 7761) as tcpdump 4.99.3's `pim_print` shows it without `-v`:
//! version 2's message type and length (`PIMv2, Hello, length 34`), other versions' length.

use core::fmt::Write;

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

/// Prints the PIM message at `bp`, `len` bytes by the IP header.
pub(crate) fn pim_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    e.proto = "pim";
    let tv = e.u8(bp)?;
    e.s("PIMv")?;
    e.d(tv >> 4)?;
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

/// Prints the PIM version 1 message inside the IGMP message at `bp` (after `igmp pimv1`, which
/// the caller printed) as `pimv1_print` does without `-v`: the type and, for some types, the
/// mode or the addresses.
pub(crate) fn pimv1_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize) -> R {
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
