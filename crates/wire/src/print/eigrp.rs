//! Cisco's Enhanced Interior Gateway Routing Protocol (IP protocol 88): tcpdump's
//! `eigrp_print`: the message type and length, at `-v` the header and every TLV.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// The common header, which tcpdump checks is captured before anything else.
const HEADER_LEN: usize = 20;
/// The only version tcpdump decodes.
const VERSION: u8 = 2;
/// The opcodes' names.
const OPCODES: &Tok = &[
    (1, "Update"),
    (3, "Query"),
    (4, "Reply"),
    (5, "Hello"),
    (6, "IPX SAP"),
    (7, "Probe"),
];

/// `EIGRP Hello, length: 40`.
#[cold]
#[inline(never)]
pub(crate) fn eigrp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "eigrp";
    if !c.test(bp, HEADER_LEN) {
        return c.trunc_here();
    }
    let version = c.u8(bp)?;
    if version != VERSION {
        c.s("EIGRP version ")?;
        c.d(version)?;
        return c.s(" packet not supported");
    }
    if c.vflag > 0 {
        return verbose(c, bp, len);
    }
    c.s("EIGRP ")?;
    let op = c.u8(bp + 1)?;
    let unknown = Unknown::dec("unknown (", ")");
    tok::tok2str(c.out, tok::find(OPCODES, op.into()), op.into(), unknown)?;
    c.s(", length: ")?;
    c.d(len)
}

/// The header flags.
const FLAGS: &Tok = &[
    (0x01, "Init"),
    (0x02, "Conditionally Received"),
    (0x04, "Restart"),
    (0x08, "End-of-Table"),
];

/// The TLV types' names.
const TLVS: &Tok = &[
    (0x0001, "General Parameters"),
    (0x0002, "Authentication"),
    (0x0003, "Sequence"),
    (0x0004, "Software Version"),
    (0x0005, "Next Multicast Sequence"),
    (0x0102, "IP Internal routes"),
    (0x0103, "IP External routes"),
    (0x0202, "AppleTalk Internal routes"),
    (0x0203, "AppleTalk External routes"),
    (0x0204, "AppleTalk Cable setup"),
    (0x0302, "IPX Internal routes"),
    (0x0303, "IPX External routes"),
];

/// The external routes' origin protocols.
const EXT_PROTOS: &Tok = &[
    (0x01, "IGRP"),
    (0x02, "EIGRP"),
    (0x03, "Static"),
    (0x04, "RIP"),
    (0x05, "Hello"),
    (0x06, "OSPF"),
    (0x07, "IS-IS"),
    (0x08, "EGP"),
    (0x09, "BGP"),
    (0x0a, "IDRP"),
    (0x0b, "Connected"),
];

/// The TLV body lengths below which tcpdump says `(too short, < N)` (N counts the TLV header).
fn min_body(t: u16) -> Option<usize> {
    Some(match t {
        0x0001 => 8,
        0x0004 => 4,
        0x0102 => 22,
        0x0103 => 42,
        0x0204 => 8,
        0x0202 => 24,
        0x0203 => 40,
        _ => return None,
    })
}

/// The `-v` form: the whole header, then each TLV.
#[cold]
#[inline(never)]
fn verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    let op = c.u8(bp + 1)?;
    if (len as usize) < HEADER_LEN {
        c.s("EIGRP ")?;
        let unknown = Unknown::dec("unknown (", ")");
        tok::tok2str(c.out, tok::find(OPCODES, op.into()), op.into(), unknown)?;
        c.s(", length: ")?;
        c.d(len)?;
        return c.s(" (too short, < 20)");
    }
    let mut tlen = len as usize - HEADER_LEN;
    c.s("\n\tEIGRP v")?;
    c.d(c.u8(bp)?)?;
    c.s(", opcode: ")?;
    let unknown = Unknown::dec("unknown, type: ", "");
    tok::tok2str(c.out, tok::find(OPCODES, op.into()), op.into(), unknown)?;
    c.s(" (")?;
    c.d(op)?;
    c.s("), chksum: 0x")?;
    fmtx::hex_pad(c.out, c.be16(bp + 2)?.into(), 4)?;
    c.s(", Flags: [")?;
    tok::bittok2str(c.out, FLAGS, c.be32(bp + 4)?, "none")?;
    c.s("]\n\tseq: 0x")?;
    fmtx::hex_pad(c.out, c.be32(bp + 8)?.into(), 8)?;
    c.s(", ack: 0x")?;
    fmtx::hex_pad(c.out, c.be32(bp + 12)?.into(), 8)?;
    c.s(", VRID: ")?;
    c.d(c.be16(bp + 16)?)?;
    c.s(", AS: ")?;
    c.d(c.be16(bp + 18)?)?;
    c.s(", length: ")?;
    c.d(tlen as u64)?;
    let mut p = bp + HEADER_LEN;
    while tlen > 0 {
        if !c.test(p, 4) {
            return c.trunc_here();
        }
        let tl = usize::from(c.be16(p + 2)?);
        let tt = c.be16(p)?;
        if tl < 4 || tl > tlen {
            return c.unknown_data_at(p + 4, tlen, "\n\t    ");
        }
        c.s("\n\t  ")?;
        c.s(tok::find(TLVS, tt.into()).unwrap_or("Unknown"))?;
        c.s(" TLV (0x")?;
        fmtx::hex_pad(c.out, tt.into(), 4)?;
        c.s("), length: ")?;
        c.d(tl as u64)?;
        if !c.test(p, tl) {
            return c.trunc_here();
        }
        let (t, body) = (p + 4, tl - 4);
        match min_body(tt) {
            Some(min) if body < min => {
                c.s(" (too short, < ")?;
                c.d((min + 4) as u64)?;
                c.s(")")?;
            }
            Some(_) => tlv(c, tt, t)?,
            None => {
                if c.vflag <= 1 {
                    c.unknown_data_at(t, body, "\n\t    ")?;
                }
            }
        }
        if c.vflag > 1 {
            c.unknown_data_at(t, body, "\n\t    ")?;
        }
        p += tl;
        tlen -= tl;
    }
    Ok(())
}

/// `\n\t      delay N ms, bandwidth N Kbps, mtu N, hop N, reliability N, load N` from the
/// metric at `m`.
fn metric<W: Write>(c: &mut Cursor<'_, W>, m: usize) -> R {
    c.s("\n\t      delay ")?;
    c.d(c.be32(m)? / 100)?;
    c.s(" ms, bandwidth ")?;
    c.d(c.be32(m + 4)?)?;
    c.s(" Kbps, mtu ")?;
    c.d(c.be24(m + 8)?)?;
    c.s(", hop ")?;
    c.d(c.u8(m + 11)?)?;
    c.s(", reliability ")?;
    c.d(c.u8(m + 12)?)?;
    c.s(", load ")?;
    c.d(c.u8(m + 13)?)
}

/// `\n\t    IPv4 prefix: ADDR/LEN, nexthop: ...` from the prefix length at `pl`; `false`
/// when the length is illegal (said, and the TLV ends).
fn prefix<W: Write>(c: &mut Cursor<'_, W>, t: usize, pl: usize) -> R<bool> {
    let bits = c.u8(pl)?;
    if bits > 32 {
        c.s("\n\t    illegal prefix length ")?;
        c.d(bits)?;
        return Ok(false);
    }
    let n = usize::from(bits).div_ceil(8);
    let mut a = [0u8; 4];
    a[..n].copy_from_slice(c.bytes(pl + 1, n)?);
    let mut s = String::new();
    fmtx::ipv4(&mut s, &a)?;
    c.s("\n\t    IPv4 prefix: ")?;
    fmtx::left(c.out, "", 15usize.saturating_sub(s.len()))?;
    c.s(&s)?;
    c.s("/")?;
    c.d(bits)?;
    c.s(", nexthop: ")?;
    if c.be32(t)? == 0 {
        c.s("self")?;
    } else {
        c.ip4_at(t)?;
    }
    Ok(true)
}

/// The AppleTalk routes' cable range and next hop.
fn cable<W: Write>(c: &mut Cursor<'_, W>, t: usize, range: usize) -> R {
    c.s("\n\t     Cable-Range: ")?;
    c.d(c.be16(range)?)?;
    c.s("-")?;
    c.d(c.be16(range + 2)?)?;
    c.s(", nexthop: ")?;
    if c.be32(t)? == 0 {
        c.s("self")
    } else {
        c.d(c.be16(t)?)?;
        c.s(".")?;
        c.d(c.be16(t + 2)?)
    }
}

/// `\n\t      origin-router R, origin-as N, origin-proto P, flags [0xF], tag 0xT, metric M`.
fn origin<W: Write>(c: &mut Cursor<'_, W>, t: usize, at: bool) -> R {
    c.s("\n\t      origin-router ")?;
    if at {
        c.d(c.be32(t + 4)?)?;
    } else {
        c.ip4_at(t + 4)?;
    }
    c.s(", origin-as ")?;
    c.d(c.be32(t + 8)?)?;
    c.s(", origin-proto ")?;
    let (proto, flags, metric) = if at {
        (c.u8(t + 16)?, c.u8(t + 17)?, u32::from(c.be16(t + 18)?))
    } else {
        (c.u8(t + 22)?, c.u8(t + 23)?, c.be32(t + 16)?)
    };
    c.s(tok::find(EXT_PROTOS, proto.into()).unwrap_or("unknown"))?;
    c.s(", flags [0x")?;
    c.x02(flags)?;
    c.s("], tag 0x")?;
    fmtx::hex_pad(c.out, c.be32(t + 12)?.into(), 8)?;
    c.s(", metric ")?;
    c.d(metric)
}

/// A decoded TLV's body at `t`.
fn tlv<W: Write>(c: &mut Cursor<'_, W>, tt: u16, t: usize) -> R {
    match tt {
        0x0001 => {
            c.s("\n\t    holdtime: ")?;
            c.d(c.be16(t + 6)?)?;
            for (i, name) in ["s, k1 ", ", k2 ", ", k3 ", ", k4 ", ", k5 "]
                .iter()
                .enumerate()
            {
                c.s(name)?;
                c.d(c.u8(t + i)?)?;
            }
            Ok(())
        }
        0x0004 => {
            c.s("\n\t    IOS version: ")?;
            c.d(c.u8(t)?)?;
            c.s(".")?;
            c.d(c.u8(t + 1)?)?;
            c.s(", EIGRP version ")?;
            c.d(c.u8(t + 2)?)?;
            c.s(".")?;
            c.d(c.u8(t + 3)?)
        }
        0x0102 => {
            if prefix(c, t, t + 20)? {
                metric(c, t + 4)?;
            }
            Ok(())
        }
        0x0103 => {
            if prefix(c, t, t + 40)? {
                origin(c, t, false)?;
                metric(c, t + 24)?;
            }
            Ok(())
        }
        0x0204 => {
            c.s("\n\t    Cable-range: ")?;
            c.d(c.be16(t)?)?;
            c.s("-")?;
            c.d(c.be16(t + 2)?)?;
            c.s(", Router-ID ")?;
            c.d(c.be32(t + 4)?)
        }
        0x0202 => {
            cable(c, t, t + 20)?;
            metric(c, t + 4)
        }
        _ => {
            cable(c, t, t + 36)?;
            origin(c, t, true)?;
            metric(c, t + 20)
        }
    }
}
