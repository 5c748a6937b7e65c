//! Bidirectional Forwarding Detection (RFC 5880, 5881, 5883, 7130) over UDP: tcpdump's
//! `bfd_print`, picked by destination port; at `-v` the timers, discriminators and
//! authentication.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vutil::{dec_right, hex_w};
use crate::tok::{self, Tok};

/// The UDP ports tcpdump hands to `bfd_print` (by destination).
pub(crate) const CONTROL_PORT: u16 = 3784;
pub(crate) const ECHO_PORT: u16 = 3785;
pub(crate) const MULTIHOP_PORT: u16 = 4784;
pub(crate) const LAG_PORT: u16 = 6784;

/// The length of a control packet's mandatory section, which tcpdump checks is captured.
const HEADER_LEN: usize = 24;
/// Field offset: the flags (state in the top two bits in version 1).
const FLAGS: usize = 1;

/// Version 0's flag bits in tcpdump's order.
const V0_FLAGS: &Tok = &[
    (0x80, "I Hear You"),
    (0x40, "Demand"),
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (0x04, "Authentication Present"),
    (0x02, "Reserved"),
    (0x01, "Reserved"),
];

/// Version 1's flag bits (below the state) in tcpdump's order.
const V1_FLAGS: &Tok = &[
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (0x04, "Authentication Present"),
    (0x02, "Demand"),
    (0x01, "Multipoint"),
];

/// `BFDv1, Control, State Up, Flags: [none], length: 24` and the echo and other forms; `port`
/// is the destination port that chose this printer.
pub(crate) fn bfd_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32, port: u16) -> R {
    c.proto = "bfd";
    let kind = match port {
        CONTROL_PORT => "Control",
        MULTIHOP_PORT => "Multihop",
        LAG_PORT => "Lag",
        _ => {
            c.s("BFD, Echo, length: ")?;
            c.d(len)?;
            if c.vflag > 0 {
                c.unknown_data_at(bp, len as usize, "\n\t")?;
            }
            return Ok(());
        }
    };
    if !c.test(bp, HEADER_LEN) {
        return Err(c.jump());
    }
    let version = c.u8(bp)? >> 5;
    let flags = c.u8(bp + FLAGS)?;
    if c.vflag > 0 {
        return verbose(c, bp, len, kind, version, flags);
    }
    match version {
        0 => {
            c.s("BFDv0, Control, Flags: [")?;
            tok::bittok2str(c.out, V0_FLAGS, flags.into(), "none")?;
        }
        1 => {
            c.s("BFDv1, ")?;
            c.s(kind)?;
            c.s(", State ")?;
            c.s(["AdminDown", "Down", "Init", "Up"][(flags >> 6) as usize])?;
            c.s(", Flags: [")?;
            tok::bittok2str(c.out, V1_FLAGS, (flags & 0x3f).into(), "none")?;
        }
        v => {
            c.s("BFDv")?;
            c.d(v)?;
            c.s(", Control, length: ")?;
            return c.d(len);
        }
    }
    c.s("], length: ")?;
    c.d(len)
}

/// The diagnostic codes.
const DIAGS: &Tok = &[
    (0, "No Diagnostic"),
    (1, "Control Detection Time Expired"),
    (2, "Echo Function Failed"),
    (3, "Neighbor Signaled Session Down"),
    (4, "Forwarding Plane Reset"),
    (5, "Path Down"),
    (6, "Concatenated Path Down"),
    (7, "Administratively Down"),
    (8, "Reverse Concatenated Path Down"),
];

/// The authentication types.
const AUTH_TYPES: &Tok = &[
    (1, "Simple Password"),
    (2, "Keyed MD5"),
    (3, "Meticulous Keyed MD5"),
    (4, "Keyed SHA1"),
    (5, "Meticulous Keyed SHA1"),
];

/// The control packet's `-v` form (the mandatory section is captured).
#[cold]
#[inline(never)]
fn verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    len: u32,
    kind: &str,
    version: u8,
    flags: u8,
) -> R {
    let diag = c.u8(bp)? & 0x1f;
    match version {
        0 => {
            c.s("BFDv0, length: ")?;
            c.d(len)?;
            c.s("\n\tControl, Flags: [")?;
            tok::bittok2str(c.out, V0_FLAGS, flags.into(), "none")?;
        }
        1 => {
            c.s("BFDv1, length: ")?;
            c.d(len)?;
            c.s("\n\t")?;
            c.s(kind)?;
            c.s(", State ")?;
            c.s(["AdminDown", "Down", "Init", "Up"][(flags >> 6) as usize])?;
            c.s(", Flags: [")?;
            tok::bittok2str(c.out, V1_FLAGS, (flags & 0x3f).into(), "none")?;
        }
        v => {
            c.s("BFDv")?;
            c.d(v)?;
            c.s(", Control, length: ")?;
            c.d(len)?;
            return c.unknown_data_at(bp, len as usize, "\n\t");
        }
    }
    c.s("], Diagnostic: ")?;
    c.s(tok::find(DIAGS, diag.into()).unwrap_or("unknown"))?;
    c.s(" (0x")?;
    c.x02(diag)?;
    c.s(")\n\tDetection Timer Multiplier: ")?;
    let mult = c.u8(bp + 2)?;
    let tx = c.be32(bp + 12)?;
    c.d(mult)?;
    c.s(" (")?;
    c.d(u32::from(mult).wrapping_mul(tx) / 1000)?;
    c.s(" ms Detection time), BFD Length: ")?;
    c.d(c.u8(bp + 3)?)?;
    c.s("\n\tMy Discriminator: 0x")?;
    hex_w(c, c.be32(bp + 4)?.into(), 8)?;
    c.s(", Your Discriminator: 0x")?;
    hex_w(c, c.be32(bp + 8)?.into(), 8)?;
    for (label, o) in [
        ("\n\t  Desired min Tx Interval:    ", 12),
        ("\n\t  Required min Rx Interval:   ", 16),
        ("\n\t  Required min Echo Interval: ", 20),
    ] {
        c.s(label)?;
        dec_right(c, (c.be32(bp + o)? / 1000).into(), 4)?;
        c.s(" ms")?;
    }
    if flags & 0x04 != 0 {
        auth(c, bp + HEADER_LEN)?;
    }
    Ok(())
}

/// The authentication section at `p`.
fn auth<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    c.bytes(p, 4)?;
    let t = c.u8(p)?;
    let l = c.u8(p + 1)?;
    c.s("\n\tAuthentication: ")?;
    c.s(tok::find(AUTH_TYPES, t.into()).unwrap_or("Unknown"))?;
    c.s(" (")?;
    c.d(t)?;
    c.s("), length: ")?;
    c.d(l)?;
    c.s("\n\t  Auth Key ID: ")?;
    c.d(c.u8(p + 2)?)?;
    let (want, what, hash) = match t {
        1 => {
            if !(4..=19).contains(&l) {
                return invalid_len(c, l);
            }
            c.s(", Password: ")?;
            c.printn(p + 3, usize::from(l) - 3)?;
            return Ok(());
        }
        2 | 3 => (24, "\n\t  Digest: ", 16),
        4 | 5 => (28, "\n\t  Hash: ", 20),
        _ => return Ok(()),
    };
    if l != want {
        return invalid_len(c, l);
    }
    let seq = c.be32(p + 4)?;
    c.s(", Sequence Number: 0x")?;
    hex_w(c, seq.into(), 8)?;
    let h = c.bytes(p + 8, hash)?;
    c.s(what)?;
    for &b in h {
        c.x02(b)?;
    }
    Ok(())
}

/// `[invalid length N]`.
fn invalid_len<W: Write>(c: &mut Cursor<'_, W>, l: u8) -> R {
    c.s("[invalid length ")?;
    c.d(l)?;
    c.s("]")
}
