//! IS-IS sub-TLVs under `-v`: those of the extended IPv4 reachability TLV (#135) and the
//! segment routing capability of the router capability TLV (#242), as tcpdump 4.99 prints
//! them.

use core::fmt::Write;

use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The extended IP reachability sub-TLVs' names.
const IP_REACH_SUBTLVS: &Tok = &[
    (1, "32-Bit Administrative tag"),
    (2, "64-Bit Administrative tag"),
    (3, "Prefix SID"),
    (117, "Management Prefix Color"),
];

/// The prefix SID's flags (RFC 8667).
const PREFIX_SID_FLAGS: &Tok = &[
    (0x80, "Readvertisement"),
    (0x40, "Node"),
    (0x20, "No-PHP"),
    (0x10, "Explicit NULL"),
    (0x08, "Value"),
    (0x04, "Local"),
];

/// The prefix SID's algorithms.
const PREFIX_SID_ALGOS: &Tok = &[(0, "SPF"), (1, "strict-SPF")];

/// The segment routing capability's flags.
const SR_FLAGS: &Tok = &[(0x80, "ipv4"), (0x40, "ipv6")];

/// `print_unknown_data`: `Ok(false)` (after saying so) when `at` is past the captured data.
fn unknown<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize, indent: &str) -> R<bool> {
    if at > c.snapend {
        c.s(indent)?;
        c.s("Dissector error: print_unknown_data called with pointer past end of packet")?;
        return Ok(false);
    }
    c.unknown_data_at(at, len, indent)?;
    Ok(true)
}

/// The sub-TLVs of one extended IPv4 reachability entry, `sublen` bytes from `t` (after the
/// length byte): `Ok(false)` when tcpdump's decoder returns 0 (the TLV is cut short).
pub(super) fn ip_reach_subtlvs<W: Write>(
    c: &mut Cursor<'_, W>,
    mut t: usize,
    sublen: u8,
    indent: &str,
) -> R<bool> {
    // (tcpdump's count is unsigned and wraps when a sub-TLV claims more than is left; the
    // reads past the capture then end the packet.)
    let mut sublen = u32::from(sublen);
    while sublen > 0 {
        let (ty, len) = (c.u8(t)?, c.u8(t + 1)?);
        t += 2;
        if !ip_reach_subtlv(c, t, ty, len, indent)? {
            return Ok(false);
        }
        t += usize::from(len);
        sublen = sublen.wrapping_sub(u32::from(len) + 2);
    }
    Ok(true)
}

/// One extended IP reachability sub-TLV (`isis_print_ip_reach_subtlv`).
fn ip_reach_subtlv<W: Write>(
    c: &mut Cursor<'_, W>,
    mut t: usize,
    ty: u8,
    len: u8,
    indent: &str,
) -> R<bool> {
    let mut l = usize::from(len);
    c.s(indent)?;
    c.s(tok::find(IP_REACH_SUBTLVS, ty.into()).unwrap_or("unknown"))?;
    c.s(" subTLV #")?;
    c.d(ty)?;
    c.s(", length: ")?;
    c.d(len)?;
    if !c.test(t, l) {
        c.trunc_here()?;
        return Ok(false);
    }
    match ty {
        1 | 117 => {
            while l >= 4 {
                let v = c.be32(t)?;
                c.s(", 0x")?;
                fmtx::hex_pad(c.out, v.into(), 8)?;
                c.s(" (=")?;
                c.d(v)?;
                c.s(")")?;
                t += 4;
                l -= 4;
            }
        }
        2 => {
            while l >= 8 {
                let (a, b) = (c.be32(t)?, c.be32(t + 4)?);
                c.s(", 0x")?;
                fmtx::hex_pad(c.out, a.into(), 8)?;
                fmtx::hex_pad(c.out, b.into(), 8)?;
                t += 8;
                l -= 8;
            }
        }
        3 => {
            let (flags, algo) = (c.u8(t)?, c.u8(t + 1)?);
            let value = flags & 0x08 != 0;
            let sid = if value {
                if l < 5 {
                    c.trunc_here()?;
                    return Ok(false);
                }
                c.be24(t + 2)?
            } else {
                if l < 6 {
                    c.trunc_here()?;
                    return Ok(false);
                }
                c.be32(t + 2)?
            };
            c.s(", Flags [")?;
            tok::bittok2str(c.out, PREFIX_SID_FLAGS, flags.into(), "None")?;
            c.s("], Algo ")?;
            c.s(tok::find(PREFIX_SID_ALGOS, algo.into()).unwrap_or("Unknown"))?;
            c.s(" (")?;
            c.d(algo)?;
            c.s("), ")?;
            c.s(if value { "label " } else { "index " })?;
            c.d(sid)?;
        }
        _ => {
            if !unknown(c, t, l, "\n\t\t    ")? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// The segment routing capability sub-TLV's value (`len` bytes at `t`, all captured).
pub(super) fn sr_capabilities<W: Write>(c: &mut Cursor<'_, W>, t: usize, len: u8) -> R {
    let (flags, range) = (c.u8(t)?, c.be24(t + 1)?);
    c.s(", Flags [")?;
    tok::bittok2str(c.out, SR_FLAGS, flags.into(), "None")?;
    c.s("], Range ")?;
    c.d(range)?;
    let mut p = t + 4;
    // (tcpdump's count is a byte and wraps when the sub-TLV is shorter than 4.)
    let mut left = len.wrapping_sub(4);
    while left >= 5 {
        let (ty, l) = (c.u8(p)?, c.u8(p + 1)?);
        left -= 2;
        p += 2;
        if l > left {
            break;
        }
        if ty == 1 {
            match l {
                3 => {
                    let v = c.be24(p)?;
                    c.s(", SID value ")?;
                    c.d(v)?;
                }
                4 => {
                    let v = c.be32(p)?;
                    c.s(", SID value ")?;
                    c.d(v)?;
                }
                _ => {
                    c.s(", Unknown SID length")?;
                    c.d(l)?;
                }
            }
        } else {
            let _ = unknown(c, p, l.into(), "\n\t\t  ")?;
        }
        p += usize::from(l);
        left -= l;
    }
    Ok(())
}

/// The Multi-Topology capability TLV's (#144) sub-TLVs' names.
const MT_CAP_SUBTLVS: &Tok = &[
    (1, "SPB Instance"),
    (3, "SPBM Service Identifier and Unicast Address"),
];

/// The Multi-Topology-aware port capability TLV's (#143) sub-TLVs' names.
const MT_PORT_CAP_SUBTLVS: &Tok = &[(4, "SPB MCID"), (5, "SPB Digest"), (6, "SPB BVID")];

/// Whether the sub-TLVs of a TLV 143 or 144 (`len` bytes at `t`, after its 2-byte header) are
/// all ones printed here (the SPB ones tcpdump decodes are not).
pub(super) fn mt_subtlvs_ok<W: Write>(c: &Cursor<'_, W>, port: bool, t: usize, len: usize) -> bool {
    let table = if port {
        MT_PORT_CAP_SUBTLVS
    } else {
        MT_CAP_SUBTLVS
    };
    let (mut t, mut len) = (t, len);
    while len > 2 {
        let (Ok(ty), Ok(l)) = (c.u8(t), c.u8(t + 1)) else {
            return true;
        };
        if tok::find(table, ty.into()).is_some() {
            return false;
        }
        let l = usize::from(l);
        if len - 2 < l {
            return true;
        }
        t += 2 + l;
        len -= 2 + l;
    }
    true
}

/// The Multi-Topology TLVs 143 (`port`) and 144: their header and their sub-TLVs' headers
/// (`len` bytes at `t`); `Ok(false)` when the TLV is shorter than its header.
pub(super) fn mt_capability<W: Write>(
    c: &mut Cursor<'_, W>,
    port: bool,
    mut t: usize,
    mut len: usize,
) -> R<bool> {
    if len < 2 {
        return Ok(false);
    }
    let v = c.be16(t)?;
    if port {
        c.s("\n\t       RES: ")?;
        c.d(v >> 12)?;
    } else {
        c.s("\n\t      O: ")?;
        c.d((v >> 15) & 1)?;
        c.s(", RES: ")?;
        c.d((v >> 12) & 7)?;
    }
    c.s(", MTID(s): ")?;
    c.d(v & 0x0fff)?;
    t += 2;
    len -= 2;
    let (table, indent) = if port {
        (MT_PORT_CAP_SUBTLVS, "\n\t       ")
    } else {
        (MT_CAP_SUBTLVS, "\n\t      ")
    };
    while len > 2 {
        let (ty, l) = (c.u8(t)?, c.u8(t + 1)?);
        t += 2;
        len -= 2;
        c.s(indent)?;
        c.s(tok::find(table, ty.into()).unwrap_or("unknown"))?;
        c.s(" subTLV #")?;
        c.d(ty)?;
        c.s(", length: ")?;
        c.d(l)?;
        let l = usize::from(l);
        if len < l {
            c.s(" (> containing TLV length)")?;
            break;
        }
        if !c.test(t, l) {
            c.trunc_here()?;
            break;
        }
        // (`mt_subtlvs_ok` lets only the sub-TLVs tcpdump does not decode through.)
        t += l;
        len -= l;
    }
    Ok(true)
}

/// The authentication TLV's (#10) types.
const AUTH_TYPES: &Tok = &[
    (1, "simple text password"),
    (3, "Generic Crypto key-id"),
    (54, "HMAC-MD5 password"),
    (255, "Routing Domain private password"),
];

/// The authentication TLV (`len` bytes at `t`): its type and a simple password, a generic
/// key's ID and bytes, or the others in hex; `Ok(false)` when tcpdump gives up on the PDU.
/// (HMAC-MD5, which tcpdump verifies, is left to [`auth_ok`].)
pub(super) fn auth<W: Write>(c: &mut Cursor<'_, W>, t: usize, len: usize) -> R<bool> {
    if len < 1 {
        return Ok(true);
    }
    let ty = c.u8(t)?;
    let (t, len) = (t + 1, len - 1);
    c.s("\n\t      ")?;
    match tok::find(AUTH_TYPES, ty.into()) {
        Some(n) => c.s(n)?,
        None => {
            c.s("unknown Authentication type 0x")?;
            fmtx::hex2(c.out, ty)?;
        }
    }
    c.s(": ")?;
    match ty {
        1 => {
            for i in 0..len {
                let ch = c.u8(t + i)?;
                if ch == 0 {
                    break;
                }
                fmtx::safe_char(c.out, ch)?;
            }
        }
        3 => {
            if len < 2 {
                return Ok(true);
            }
            let key = c.be16(t)?;
            c.d(key)?;
            c.s(", password: ")?;
            for i in 2..len {
                let b = c.u8(t + i)?;
                fmtx::hex2(c.out, b)?;
            }
        }
        _ => return unknown(c, t, len, "\n\t\t  "),
    }
    Ok(true)
}

/// Whether the authentication TLV (`len` bytes at `t`) is one [`auth`] prints (not HMAC-MD5).
pub(super) fn auth_ok<W: Write>(c: &Cursor<'_, W>, t: usize, len: usize) -> bool {
    len == 0 || c.u8(t) != Ok(54)
}

/// The prefix neighbors TLV (#5, `len` bytes at `t`): its metric block, then each prefix (a
/// length in semi-octets and an NSAP prefix).
pub(super) fn prefix_neighbors<W: Write>(c: &mut Cursor<'_, W>, t: usize, len: usize) -> R {
    if len < 4 {
        return Ok(());
    }
    c.bytes(t, 4)?;
    c.s("\n\t      Metric Block")?;
    super::verbose::metrics(c, t, None)?;
    let (mut t, mut len) = (t + 4, len - 4);
    while len != 0 {
        let plen = c.u8(t)?;
        t += 1;
        len -= 1;
        if plen < 2 {
            c.s("\n\t\tAddress: prefix length ")?;
            c.d(plen)?;
            c.s(" < 2")?;
            break;
        }
        let n = usize::from(plen / 2);
        if len < n {
            break;
        }
        let b = c.bytes(t, n)?;
        c.s("\n\t\tAddress: ")?;
        if n > 20 {
            c.s("isonsap_string: illegal length")?;
        } else {
            for (i, &x) in b.iter().enumerate() {
                fmtx::hex2(c.out, x)?;
                if i & 1 == 0 && i + 1 < n {
                    c.s(".")?;
                }
            }
        }
        c.s("/")?;
        c.d(u32::from(plen) * 4)?;
        t += n;
        len -= n;
    }
    Ok(())
}
