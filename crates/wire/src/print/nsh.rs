//! Network Service Header (RFC 8300; tcpdump's `nsh_print`), after EtherType 0x894f and in
//! VXLAN-GPE: the base and service path headers, the context headers at `-vvv`, then the
//! packet it carries (IPv4, IPv6 or Ethernet).

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::next::{off, Next};
use crate::fmtx;

/// The base and service path headers.
const HDR_LEN: u32 = 8;
/// The header length unit.
const WORD: u32 = 4;

/// `nsh_print`: `len` bytes at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn nsh_print<W: Write>(c: &mut Cursor<'_, W>, mut bp: usize, len: u32) -> R {
    c.proto = "nsh";
    if len < HDR_LEN {
        c.s(" (packet length ")?;
        c.d(len)?;
        c.s(" < 8)")?;
        return c.invalid();
    }
    let base = c.be32(bp)?;
    bp += 4;
    let ver = base >> 30;
    let length = (base >> 16) & 0x3f;
    let md_type = (base >> 8) & 0x0f;
    let next = (base & 0xff) as u8;
    c.s("NSH, ")?;
    if c.vflag > 1 {
        c.s("ver ")?;
        c.d(ver)?;
        c.s(", ")?;
    }
    if ver != 0 {
        return Ok(());
    }
    c.s("flags [")?;
    c.s(if (base >> 28) & 0x3 & 0x2 != 0 {
        "O"
    } else {
        "none"
    })?;
    c.s("], ")?;
    if c.vflag > 2 {
        c.s("TTL ")?;
        c.d((base >> 22) & 0x3f)?;
        c.s(", length ")?;
        c.d(length)?;
        c.s(", md type ")?;
        match md_type {
            0 => c.s("reserved")?,
            1 => c.s("1")?,
            2 => c.s("2")?,
            0x0f => c.s("experimental")?,
            _ => {
                c.s("unknown (0x")?;
                c.x02(md_type as u8)?;
                c.s(")")?;
            }
        }
        c.s(", ")?;
    }
    if c.vflag > 1 {
        c.s("next-protocol ")?;
        match next {
            1 => c.s("IPv4")?,
            2 => c.s("IPv6")?,
            3 => c.s("Ethernet")?,
            4 => c.s("NSH")?,
            5 => c.s("MPLS")?,
            0xfe => c.s("Experiment 1")?,
            0xff => c.s("Experiment 2")?,
            _ => {
                c.s("unknown (0x")?;
                c.x02(next)?;
                c.s(")")?;
            }
        }
        c.s(", ")?;
    }
    if len < length * WORD {
        c.s(" (too many headers for packet length ")?;
        c.d(len)?;
        c.s(")")?;
        return c.invalid();
    }
    let spi = c.be24(bp)?;
    c.s("service-path-id 0x")?;
    fmtx::hex_pad(c.out, spi.into(), 6)?;
    c.s(", ")?;
    let si = c.u8(bp + 3)?;
    c.s("service-index 0x")?;
    c.x(si)?;
    bp += 4;
    if length < 2 {
        c.s(" (less than two headers)")?;
        return c.invalid();
    }
    let mut past_headers = false;
    if c.vflag > 2 {
        if md_type == 1 {
            if length != 6 {
                c.s(" (invalid length for the MD type)")?;
                return c.invalid();
            }
            for n in 0..length - 2 {
                let v = c.be32(bp)?;
                c.s("\n        Context[")?;
                fmtx::dec_pad(c.out, n.into(), 2)?;
                c.s("]: 0x")?;
                fmtx::hex_pad(c.out, v.into(), 8)?;
                bp += WORD as usize;
            }
            past_headers = true;
        } else if md_type == 2 {
            let mut n = 0u32;
            while n < length - 2 {
                let class = c.be16(bp)?;
                let t = c.u8(bp + 2)?;
                let tlv_len = u32::from(c.u8(bp + 3)? & 0x7f);
                bp += 4;
                let padded = (tlv_len + WORD - 1) & !(WORD - 1);
                c.s("\n        TLV Class ")?;
                c.d(class)?;
                c.s(", Type ")?;
                c.d(t)?;
                c.s(", Len ")?;
                c.d(tlv_len)?;
                n += 1;
                if length - 2 < n + padded / WORD {
                    c.s(" (length too big)")?;
                    return c.invalid();
                }
                if tlv_len > 0 {
                    c.s("\n            Value: ")?;
                    for vn in 0..tlv_len as usize {
                        let v = c.u8(bp)?;
                        c.s(if vn == 0 { "0x" } else { ":" })?;
                        c.x02(v)?;
                        bp += 1;
                    }
                    let pad = (padded - tlv_len) as usize;
                    c.bytes(bp, pad)?;
                    bp += pad;
                    n += padded / WORD;
                }
            }
            past_headers = true;
        }
    }
    if !past_headers {
        let skip = ((length - 2) * WORD) as usize;
        c.bytes(bp, skip)?;
        bp += skip;
    }
    c.s(if c.vflag > 0 { "\n    " } else { ": " })?;
    let next_len = len - length * WORD;
    match next {
        1 => c.then(Next::ip(off(bp), next_len)),
        2 => c.then(Next::ip6(off(bp), next_len)),
        3 => {
            let caplen = c.avail(bp) as u32;
            c.then(Next::ether(off(bp), next_len, caplen))
        }
        _ => c.s("ERROR: unknown-next-protocol"),
    }
}
