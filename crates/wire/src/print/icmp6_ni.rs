//! ICMPv6 router renumbering (RFC 2894, type 138) and node information queries and replies
//! (RFC 4620, types 139 and 140): tcpdump's `icmp6_rrenum_print` and `icmp6_nodeinfo_print`.
//! Both read up to the end of the captured data, as tcpdump's do.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;

/// `icmp6_rrenum_print`: the router renumbering message at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn rrenum<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    if !c.test(bp + 12, 4) {
        return c.trunc_here();
    }
    let code = c.u8(bp + 1)?;
    match code {
        0 => c.s(", command")?,
        1 => c.s(", result")?,
        255 => c.s(", sequence number reset")?,
        _ => {
            c.s(", code-#")?;
            c.d(code)?;
        }
    }
    c.s(", seq=")?;
    c.d(c.be32(bp + 4)?)?;
    if c.vflag > 0 {
        let f = c.u8(bp + 9)?;
        c.s("[")?;
        if f != 0 {
            for (bit, name) in [
                (0x80, "T"),
                (0x40, "R"),
                (0x20, "A"),
                (0x10, "S"),
                (0x08, "P"),
            ] {
                if f & bit != 0 {
                    c.s(name)?;
                }
            }
            c.s(",")?;
        }
        c.s("seg=")?;
        c.d(c.u8(bp + 8)?)?;
        c.s(",maxdelay=")?;
        c.d(c.be16(bp + 10)?)?;
        let rsvd = c.be32(bp + 12)?;
        if rsvd != 0 {
            c.s("rsvd=0x")?;
            c.x(rsvd)?;
        }
        c.s("]")?;
    }
    if code != 0 {
        return Ok(());
    }
    let m = bp + 16;
    if !c.test(m + 8, 16) {
        return c.trunc_here();
    }
    c.s(if c.vflag > 1 { "\n\tmatch(" } else { " match(" })?;
    let mcode = c.u8(m)?;
    match mcode {
        1 => c.s("add")?,
        2 => c.s("change")?,
        3 => c.s("setglobal")?,
        _ => {
            c.s("#")?;
            c.d(mcode)?;
        }
    }
    if c.vflag > 0 {
        c.s(",ord=")?;
        c.d(c.u8(m + 2)?)?;
        c.s(",min=")?;
        c.d(c.u8(m + 4)?)?;
        c.s(",max=")?;
        c.d(c.u8(m + 5)?)?;
    }
    c.s(",")?;
    fmtx::ipv6(c.out, c.bytes(m + 8, 16)?)?;
    c.s("/")?;
    c.d(c.u8(m + 3)?)?;
    c.s(")")?;
    let n = i32::from(c.u8(m + 1)?) - 3;
    if n % 4 != 0 {
        return c.trunc_here();
    }
    let mut u = m + 24;
    for _ in 0..n / 4 {
        if !c.test(u + 16, 16) {
            return c.trunc_here();
        }
        c.s(if c.vflag > 1 { "\n\tuse(" } else { " use(" })?;
        let flags = c.u8(u + 12)?;
        if flags != 0 {
            if flags & 0x80 != 0 {
                c.s("V")?;
            }
            if flags & 0x40 != 0 {
                c.s("P")?;
            }
            c.s(",")?;
        }
        if c.vflag > 0 {
            c.s("mask=0x")?;
            c.x(c.u8(u + 2)?)?;
            c.s(",raflags=0x")?;
            c.x(c.u8(u + 3)?)?;
            c.s(",")?;
            for (what, o) in [("vltime=", 4), ("pltime=", 8)] {
                let t = c.be32(u + o)?;
                c.s(what)?;
                if t == u32::MAX {
                    c.s("infty")?;
                } else {
                    c.d(t)?;
                }
                c.s(",")?;
            }
        }
        fmtx::ipv6(c.out, c.bytes(u + 16, 16)?)?;
        c.s("/")?;
        c.d(c.u8(u)?)?;
        c.s("/")?;
        c.d(c.u8(u + 1)?)?;
        c.s(")")?;
        u += 32;
    }
    Ok(())
}

/// The node address flags of a query (`a G S L C A`) and a reply (and `T`).
fn nodeaddr_flags<W: Write>(c: &mut Cursor<'_, W>, f: u16, reply: bool) -> R {
    c.s(" [")?;
    for (bit, name) in [
        (0x40, "a"),
        (0x20, "G"),
        (0x10, "S"),
        (0x08, "L"),
        (0x04, "C"),
        (0x02, "A"),
    ] {
        if f & bit != 0 {
            c.s(name)?;
        }
    }
    if reply && f & 1 != 0 {
        c.s("T")?;
    }
    c.s("]")
}

/// `dnsname_print`: a DNS name from `cp` to `ep` without compression, in quotes.
fn dnsname<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, ep: usize) -> R {
    c.s(", \"")?;
    while cp < ep {
        let i = usize::from(c.u8(cp)?);
        cp += 1;
        if i > 0 {
            if i > ep - cp {
                c.s("???")?;
                break;
            }
            for _ in 0..i {
                if cp >= ep {
                    break;
                }
                fmtx::safe_char(c.out, c.u8(cp)?)?;
                cp += 1;
            }
            if cp + 1 < ep && c.u8(cp)? != 0 {
                c.s(".")?;
            }
        } else {
            if cp == ep {
                c.s(".")?;
            } else if !(cp + 1 == ep && c.u8(cp)? == 0) {
                c.s("???")?;
            }
            break;
        }
    }
    c.s("\"")
}

/// A name as a Pascal string (icmp-name-lookup-03) or a DNS name, from `cp` to `ep`.
fn name<W: Write>(c: &mut Cursor<'_, W>, cp: usize, ep: usize) -> R {
    if cp < ep && usize::from(c.u8(cp)?) == ep - cp - 1 {
        if c.vflag > 0 {
            c.s(", 03 draft")?;
        }
        c.s(", \"")?;
        for o in cp + 1..ep {
            fmtx::safe_char(c.out, c.u8(o)?)?;
        }
        return c.s("\"");
    }
    if cp >= ep {
        // tcpdump reads the length byte past the end: a truncation.
        c.u8(cp)?;
    }
    dnsname(c, cp, ep)
}

/// `icmp6_nodeinfo_print`: the node information message at `bp`, `len` bytes long.
#[cold]
#[inline(never)]
pub(crate) fn nodeinfo<W: Write>(c: &mut Cursor<'_, W>, len: u32, bp: usize) -> R {
    let ep = c.snapend;
    if ep < bp {
        return Ok(());
    }
    let siz = ep - bp;
    let t = c.u8(bp)?;
    if t == 139 {
        if siz == 8 + 4 {
            return c.s(" who-are-you request");
        }
        c.s(" node information query")?;
        if !c.test(bp, 16) {
            return c.trunc_here();
        }
        c.s(" (")?;
        let qtype = c.be16(bp + 4)?;
        let flags = c.be16(bp + 6)?;
        match qtype {
            0 => c.s("noop")?,
            1 => {
                c.s("supported qtypes")?;
                if flags != 0 {
                    c.s(if flags & 1 != 0 { " [C]" } else { " []" })?;
                }
            }
            2 => c.s("DNS name")?,
            3 => {
                c.s("node addresses")?;
                if flags != 0 {
                    nodeaddr_flags(c, flags, false)?;
                }
            }
            _ => c.s("unknown")?,
        }
        if qtype <= 1 {
            if siz != 16 && c.vflag > 0 {
                c.s(", invalid len")?;
            }
            return c.s(")");
        }
        if siz == 16 {
            return c.s(", 03 draft)");
        }
        let cp = bp + 16;
        match c.u8(bp + 1)? {
            0 => {
                if c.test(bp, 32) {
                    if siz != 32 {
                        if c.vflag > 0 {
                            c.s(", invalid subject len")?;
                        }
                    } else {
                        c.s(", subject=")?;
                        c.ip6_at(cp)?;
                    }
                }
            }
            1 => {
                c.s(", subject=DNS name")?;
                name(c, cp, ep)?;
            }
            2 => {
                if c.test(bp, 20) {
                    if siz != 20 {
                        if c.vflag > 0 {
                            c.s(", invalid subject len")?;
                        }
                    } else {
                        c.s(", subject=")?;
                        c.ip4_at(cp)?;
                    }
                }
            }
            _ => c.s(", unknown subject")?,
        }
        return c.s(")");
    }
    // A reply.
    if len as usize > siz {
        return c.trunc_here();
    }
    if !c.test(bp, 16) {
        return c.trunc_here();
    }
    c.s(" node information reply (")?;
    let code = c.u8(bp + 1)?;
    let mut comma = false;
    match code {
        0 if c.vflag > 0 => {
            c.s("success")?;
            comma = true;
        }
        1 | 2 => {
            c.s(if code == 1 { "refused" } else { "unknown" })?;
            comma = true;
            if siz != 16 && c.vflag > 0 {
                c.s(", invalid length")?;
            }
        }
        _ => {}
    }
    if code != 0 {
        return c.s(")");
    }
    if comma {
        c.s(", ")?;
    }
    let qtype = c.be16(bp + 4)?;
    let flags = c.be16(bp + 6)?;
    match qtype {
        0 => {
            c.s("noop")?;
            if siz != 16 && c.vflag > 0 {
                c.s(", invalid length")?;
            }
        }
        1 => {
            c.s("supported qtypes")?;
            if flags != 0 {
                c.s(if flags & 1 != 0 { " [C]" } else { " []" })?;
            }
        }
        2 => {
            c.s("DNS name")?;
            name(c, bp + 20, ep)?;
            if flags & 1 != 0 {
                let ttl = c.be32(bp + 16)?;
                c.s(" [TTL=")?;
                c.d(ttl)?;
                c.s("]")?;
            }
        }
        3 => {
            c.s("node addresses")?;
            let mut i = 16;
            while i < siz && i + 20 <= siz {
                c.bytes(bp + i + 4, 16)?;
                let ttl = c.be32(bp + i)?;
                c.s(" ")?;
                c.ip6_at(bp + i + 4)?;
                c.s("(")?;
                c.d(ttl)?;
                c.s(")")?;
                i += 20;
            }
            if flags != 0 {
                nodeaddr_flags(c, flags, true)?;
            }
        }
        _ => c.s("unknown")?,
    }
    c.s(")")
}
