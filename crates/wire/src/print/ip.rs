//! IPv4 (tcpdump's `ip_print`).

use core::fmt::Write;

use crate::fmtx;
use crate::frame::ipv4;
use crate::ip_proto;
use crate::tok::{self, Tok, Unknown};

use super::common::{cksum_over, shouldbe};
use super::cursor::{Cursor, Stop, R};
use super::next::{off as o32, Next};

/// The flags of the fragment field, as `-v` names them.
const FLAGS: &Tok = &[
    (ipv4::MF as u32, "+"),
    (ipv4::DF as u32, "DF"),
    (ipv4::RF as u32, "rsvd"),
];

/// The option names of `ip_optprint`.
const OPTIONS: &Tok = &[
    (0, "EOL"),
    (1, "NOP"),
    (68, "timestamp"),
    (130, "security"),
    (7, "RR"),
    (137, "SSRR"),
    (131, "LSRR"),
    (148, "RA"),
    (82, "traceroute"),
];

/// `ip_print`: the header at `bp`, and the payload it carries.
#[inline(always)]
pub(crate) fn ip_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "ip";
    let b0 = c.u8(bp)?;
    let v = b0 >> 4;
    if v != 4 {
        if v == 6 {
            c.s("IP6, wrong link-layer encapsulation")?;
        } else {
            c.s("IP")?;
            c.d(v)?;
        }
        c.s(" (invalid)")?;
        return Ok(());
    }
    if !c.eflag {
        c.s("IP ")?;
    }
    if !c.test(bp, 20) {
        return Err(Stop::Trunc);
    }
    if length < 20 {
        c.s("truncated-ip ")?;
        c.d(length)?;
        return Ok(());
    }
    let hlen = (b0 & 0x0f) as u32 * 4;
    if hlen < 20 {
        c.s("bad-hlen ")?;
        c.d(hlen)?;
        return Ok(());
    }
    let mut len = c.be16(bp + ipv4::field::LENGTH.start)? as u32;
    if length < len {
        c.s("truncated-ip - ")?;
        c.d(len - length)?;
        c.s(" bytes missing! ")?;
    }
    if len < hlen {
        c.s("bad-len ")?;
        c.d(len)?;
        return Ok(());
    }
    c.clip(bp, len as usize);
    len -= hlen;
    let off = c.be16(bp + ipv4::field::FLG_OFF.start)?;
    let proto = c.u8(bp + ipv4::field::PROTOCOL)?;
    if c.vflag != 0 && !ip_verbose(c, bp, hlen as usize, off, proto)? {
        c.ip4_at(bp + ipv4::field::SRC.start)?;
        c.s(" > ")?;
        c.ip4_at(bp + ipv4::field::DST.start)?;
        c.s(": ")?;
        return Err(Stop::Trunc);
    }
    if off & 0x1fff == 0 {
        if !matches!(proto, 6 | 17 | 132 | 33) {
            c.ip4_at(bp + ipv4::field::SRC.start)?;
            c.s(" > ")?;
            c.ip4_at(bp + ipv4::field::DST.start)?;
            c.s(": ")?;
        }
        if !c.test(bp, hlen as usize) {
            c.s(" [remaining caplen(")?;
            c.d(c.avail(bp) as u64)?;
            c.s(") < header length(")?;
            c.d(hlen)?;
            c.s(")]")?;
            return Err(Stop::Trunc);
        }
        c.then(Next::ip_proto(
            proto,
            4,
            off & 0x2000 != 0,
            o32(bp + hlen as usize),
            len,
            o32(bp),
        ))
    } else {
        c.ip4_at(bp + ipv4::field::SRC.start)?;
        c.s(" > ")?;
        c.ip4_at(bp + ipv4::field::DST.start)?;
        c.s(": ip-proto-")?;
        c.d(proto)?;
        Ok(())
    }
}

/// `-v`: the `(tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)`
/// part of the header at `bp` (`hlen` long), its options and a wrong header checksum, and
/// the line break before the addresses. `Ok(false)` when an option was cut short (tcpdump
/// then prints the addresses and stops).
#[cold]
#[inline(never)]
fn ip_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    hlen: usize,
    off: u16,
    proto: u8,
) -> R<bool> {
    let tos = c.u8(bp + ipv4::field::TOS)?;
    c.s("(tos 0x")?;
    fmtx::hex(c.out, tos as u64)?;
    match tos & 0x03 {
        1 => c.s(",ECT(1)")?,
        2 => c.s(",ECT(0)")?,
        3 => c.s(",CE")?,
        _ => {}
    }
    let ttl = c.u8(bp + ipv4::field::TTL)?;
    if ttl >= 1 {
        c.s(", ttl ")?;
        c.d(ttl)?;
    }
    let id = c.be16(bp + ipv4::field::IDENT.start)?;
    c.s(", id ")?;
    c.d(id)?;
    c.s(", offset ")?;
    c.d((off & ipv4::OFFMASK) as u32 * 8)?;
    c.s(", flags [")?;
    tok::bittok2str(c.out, FLAGS, off.into(), "none")?;
    c.s("], proto ")?;
    c.s(ip_proto::name(proto).unwrap_or("unknown"))?;
    c.s(" (")?;
    c.d(proto)?;
    c.s("), length ")?;
    let len = c.be16(bp + ipv4::field::LENGTH.start)?;
    c.d(len)?;
    let mut whole = true;
    if hlen > ipv4::HEADER_LEN {
        c.s(", options (")?;
        if !ip_options(c, bp + ipv4::HEADER_LEN, hlen - ipv4::HEADER_LEN)? {
            c.s(" [truncated-option]")?;
            whole = false;
        }
        c.s(")")?;
    }
    if let Some(sum) = cksum_over(c, bp, hlen, 0).filter(|_| !c.kflag) {
        if sum != 0 {
            let field = c.be16(bp + ipv4::field::CHECKSUM.start)?;
            c.s(", bad cksum ")?;
            fmtx::hex(c.out, field as u64)?;
            c.s(" (->")?;
            fmtx::hex(c.out, shouldbe(field, sum) as u64)?;
            c.s(")!")?;
        }
    }
    // -g (tcpdump 5): the addresses follow on the same line.
    c.s(if c.gflag { ") " } else { ")\n    " })?;
    Ok(whole)
}

/// `ip_optprint`: the options in the `len` bytes at `cp`, `Ok(false)` when one is cut
/// short by the capture.
fn ip_options<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R<bool> {
    let mut sep = "";
    while len > 0 {
        c.s(sep)?;
        sep = ",";
        let code = c.u8(cp)?;
        let name = tok::find(OPTIONS, code.into());
        tok::tok2str(c.out, name, code.into(), Unknown::dec("unknown ", ""))?;
        let olen = if code <= 1 {
            1
        } else {
            let l = c.u8(cp + 1)? as usize;
            if l < 2 {
                c.s(" [bad length ")?;
                c.d(l as u64)?;
                c.s("]")?;
                return Ok(true);
            }
            l
        };
        if olen > len {
            c.s(" [bad length ")?;
            c.d(olen as u64)?;
            c.s("]")?;
            return Ok(true);
        }
        if !c.test(cp, olen) {
            return Ok(false);
        }
        match code {
            0 => return Ok(true),
            68 | 7 | 131 | 137 => {
                let whole = if code == 68 {
                    ip_opt_ts(c, cp, olen)?
                } else {
                    ip_opt_route(c, cp, olen)?
                };
                if !whole {
                    return Ok(false);
                }
            }
            148 => {
                if olen < 4 {
                    c.s(" [bad length ")?;
                    c.d(olen as u64)?;
                    c.s("]")?;
                } else {
                    let v = c.be16(cp + 2)?;
                    if v != 0 {
                        c.s(" value ")?;
                        c.d(v)?;
                    }
                }
            }
            _ => {}
        }
        cp += olen;
        len -= olen;
    }
    Ok(true)
}

/// `ip_printroute`: a record route or source route option of `len` bytes at `cp`;
/// `Ok(false)` when an address is not captured.
fn ip_opt_route<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R<bool> {
    if len < 3 {
        c.s(" [bad length ")?;
        c.d(len as u64)?;
        c.s("]")?;
        return Ok(true);
    }
    if (len + 1) & 3 != 0 {
        c.s(" [bad length ")?;
        c.d(len as u64)?;
        c.s("]")?;
    }
    let raw = c.u8(cp + 2)?;
    let ptr = (raw as usize).wrapping_sub(1);
    if !(3..=len + 1).contains(&ptr) || (ptr + 1) & 3 != 0 {
        c.s(" [bad ptr ")?;
        c.d(raw)?;
        c.s("]")?;
    }
    let mut o = 3;
    while o < len {
        if !c.test(cp + o, 4) {
            return Ok(false);
        }
        c.s(" ")?;
        c.ip4_at(cp + o)?;
        if ptr > o {
            c.s(",")?;
        }
        o += 4;
    }
    Ok(true)
}

/// `ip_printts`: a timestamp option of `len` bytes at `cp`; `Ok(false)` when a hop is
/// not captured.
fn ip_opt_ts<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R<bool> {
    if len < 4 {
        c.s("[bad length ")?;
        c.d(len as u64)?;
        c.s("]")?;
        return Ok(true);
    }
    c.s(" TS{")?;
    let flg = c.u8(cp + 3)?;
    let hoplen = if flg & 0x0f != 0 { 8 } else { 4 };
    if (len - 4) & (hoplen - 1) != 0 {
        c.s("[bad length ")?;
        c.d(len as u64)?;
        c.s("]")?;
    }
    let raw = c.u8(cp + 2)?;
    let ptr = (raw as usize).wrapping_sub(1);
    if ptr < 4 || (ptr.wrapping_sub(4)) & (hoplen - 1) != 0 || ptr > len + 1 {
        c.s("[bad ptr ")?;
        c.d(raw)?;
        c.s("]")?;
    }
    let mut o = 0;
    let known = match flg & 0x0f {
        0 => "TSONLY",
        1 => "TS+ADDR",
        3 => "PRESPEC",
        _ => "",
    };
    if known.is_empty() {
        c.s("[bad ts type ")?;
        c.d(flg & 0x0f)?;
        c.s("]")?;
    } else {
        c.s(known)?;
        o = 4;
        let mut ty = " ";
        while o < len {
            if ptr == o {
                ty = " ^ ";
            }
            if !c.test(cp + o, hoplen) {
                return Ok(false);
            }
            c.s(ty)?;
            let t = c.be32(cp + o + hoplen - 4)?;
            c.d(t)?;
            c.s("@")?;
            if hoplen == 8 {
                c.ip4_at(cp + o)?;
            }
            ty = " ";
            o += hoplen;
        }
    }
    if ptr == o {
        c.s(" ^ ")?;
    }
    if flg >> 4 != 0 {
        c.s(" [")?;
        c.d(flg >> 4)?;
        c.s(" hops not recorded]} ")?;
    } else {
        c.s("}")?;
    }
    Ok(true)
}
