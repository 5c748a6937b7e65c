//! AODV (RFC 3561) on UDP port 654, as tcpdump 4.99's `aodv_print` prints it at every
//! verbosity: route requests, replies and errors in IPv4 or IPv6 (by the IP version they came
//! in), the IPv6 draft's message types 16 to 19, route reply acknowledgements, the HELLO
//! extension after a request or reply.
//!
//! tcpdump reads the request's and reply's flags from the type byte, not the flags byte, so a
//! draft request (type 16) always shows `[D]`; that is kept.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;

/// Where a route request's fields are, and its size.
struct Rreq {
    label: &'static str,
    v6: bool,
    id: usize,
    da: usize,
    ds: usize,
    oa: usize,
    os: usize,
    size: usize,
}

/// Where a route reply's fields are, and its size.
struct Rrep {
    v6: bool,
    da: usize,
    ds: usize,
    oa: usize,
    life: usize,
    size: usize,
}

const RREQ4: Rreq = Rreq {
    label: " rreq ",
    v6: false,
    id: 4,
    da: 8,
    ds: 12,
    oa: 16,
    os: 20,
    size: 24,
};
const RREQ6: Rreq = Rreq {
    label: " v6 rreq ",
    v6: true,
    id: 4,
    da: 8,
    ds: 24,
    oa: 28,
    os: 44,
    size: 48,
};
const RREQ6_DRAFT: Rreq = Rreq {
    label: " rreq ",
    v6: true,
    id: 4,
    ds: 8,
    os: 12,
    da: 16,
    oa: 32,
    size: 48,
};
const RREP4: Rrep = Rrep {
    v6: false,
    da: 4,
    ds: 8,
    oa: 12,
    life: 16,
    size: 20,
};
const RREP6: Rrep = Rrep {
    v6: true,
    da: 4,
    ds: 20,
    oa: 24,
    life: 40,
    size: 44,
};
const RREP6_DRAFT: Rrep = Rrep {
    v6: true,
    ds: 4,
    da: 8,
    oa: 24,
    life: 40,
    size: 44,
};

/// An extension header: type and length.
const EXT_LEN: usize = 2;
/// The HELLO extension: header and a 4-byte interval.
const HELLO_LEN: usize = 6;
/// A route error's fixed part: type, flags, reserved, destination count.
const RERR_LEN: usize = 4;

/// ` aodv` and the message.
#[cold]
#[inline(never)]
pub(crate) fn aodv_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, length: u32, v6: bool) -> R {
    c.proto = "aodv";
    let ty = c.u8(at)?;
    c.s(" aodv")?;
    let len = length as usize;
    match ty {
        1 => rreq(c, at, len, if v6 { &RREQ6 } else { &RREQ4 }),
        2 => rrep(c, at, len, if v6 { &RREP6 } else { &RREP4 }),
        3 => rerr(c, at, len, if v6 { 16 } else { 4 }),
        4 | 19 => {
            c.s(" rrep-ack ")?;
            c.d(length)
        }
        16 => rreq(c, at, len, &RREQ6_DRAFT),
        17 => rrep(c, at, len, &RREP6_DRAFT),
        18 => rerr(c, at, len, 16),
        _ => {
            c.s(" type ")?;
            c.d(ty)?;
            c.s(" ")?;
            c.d(length)
        }
    }
}

/// The address at `o`, IPv6 or IPv4.
fn addr<W: Write>(c: &mut Cursor<'_, W>, v6: bool, o: usize) -> R {
    if v6 {
        c.ip6_at(o)
    } else {
        c.ip4_at(o)
    }
}

/// Whether the fixed part (`size` bytes at `at`) is captured and within the length `len`;
/// when not, tcpdump's truncation marker is printed and the answer is `Ok(false)`.
fn fixed<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize, size: usize) -> R<bool> {
    if !c.test(at, size) || len < size {
        c.trunc_here()?;
        return Ok(false);
    }
    Ok(true)
}

/// A route request: flags, hops, ID, destination and originator with their sequence numbers,
/// then an extension if there is room for one.
fn rreq<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize, l: &Rreq) -> R {
    if !fixed(c, at, len, l.size)? {
        return Ok(());
    }
    let ty = c.u8(at)?;
    c.s(l.label)?;
    c.d(len as u64)?;
    c.s(" ")?;
    for (bit, label) in [(0x80, "[J]"), (0x40, "[R]"), (0x20, "[G]"), (0x10, "[D]")] {
        if ty & bit != 0 {
            c.s(label)?;
        }
    }
    c.s(if ty & 0x08 != 0 { "[U] " } else { " " })?;
    c.s("hops ")?;
    c.d(c.u8(at + 3)?)?;
    c.s(" id 0x")?;
    fmtx::hex_pad(c.out, c.be32(at + l.id)?.into(), 8)?;
    c.s("\n\tdst ")?;
    addr(c, l.v6, at + l.da)?;
    c.s(" seq ")?;
    c.d(c.be32(at + l.ds)?)?;
    c.s(" src ")?;
    addr(c, l.v6, at + l.oa)?;
    c.s(" seq ")?;
    c.d(c.be32(at + l.os)?)?;
    extension(c, at + l.size, len - l.size)
}

/// A route reply: flags, prefix size, hops, destination and its sequence number, originator,
/// lifetime, then an extension if there is room for one.
fn rrep<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize, l: &Rrep) -> R {
    if !fixed(c, at, len, l.size)? {
        return Ok(());
    }
    let ty = c.u8(at)?;
    c.s(" rrep ")?;
    c.d(len as u64)?;
    c.s(" ")?;
    if ty & 0x80 != 0 {
        c.s("[R]")?;
    }
    c.s(if ty & 0x40 != 0 { "[A] " } else { " " })?;
    c.s("prefix ")?;
    c.d(c.u8(at + 2)? & 0x1f)?;
    c.s(" hops ")?;
    c.d(c.u8(at + 3)?)?;
    c.s("\n\tdst ")?;
    addr(c, l.v6, at + l.da)?;
    c.s(" dseq ")?;
    c.d(c.be32(at + l.ds)?)?;
    c.s(" src ")?;
    addr(c, l.v6, at + l.oa)?;
    c.s(" ")?;
    c.d(c.be32(at + l.life)?)?;
    c.s(" ms")?;
    extension(c, at + l.size, len - l.size)
}

/// The extension of `rest` bytes at `at` after a request or reply, when there are at least
/// its header's two bytes.
fn extension<W: Write>(c: &mut Cursor<'_, W>, at: usize, rest: usize) -> R {
    if rest < EXT_LEN {
        return Ok(());
    }
    if !c.test(at, EXT_LEN) {
        return c.trunc_here();
    }
    let ty = c.u8(at)?;
    if ty == 1 {
        if !c.test(at, HELLO_LEN) || rest < HELLO_LEN {
            return c.trunc_here();
        }
        let elen = c.u8(at + 1)?;
        if elen < 4 {
            c.s("\n\text HELLO - bad length ")?;
            return c.d(elen);
        }
        c.s("\n\text HELLO ")?;
        c.d(c.be32(at + 2)?)?;
        return c.s(" ms");
    }
    let elen = c.u8(at + 1)?;
    c.s("\n\text ")?;
    c.d(ty)?;
    c.s(" ")?;
    c.d(elen)
}

/// A route error: the no-delete flag, the destination count, the length, then each
/// unreachable destination (`alen`-byte address and sequence number).
fn rerr<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize, alen: usize) -> R {
    if !fixed(c, at, len, RERR_LEN)? {
        return Ok(());
    }
    let (flags, count) = (c.u8(at + 1)?, c.u8(at + 3)?);
    c.s(" rerr ")?;
    if flags & 0x80 != 0 {
        c.s("[D]")?;
    }
    c.s(" [items ")?;
    c.d(count)?;
    c.s("] [")?;
    c.d(len as u64)?;
    c.s("]:")?;
    let size = alen + 4;
    let (mut d, mut rest) = (at + RERR_LEN, len - RERR_LEN);
    for _ in 0..count {
        if !c.test(d, size) || rest < size {
            return c.trunc_here();
        }
        c.s(" {")?;
        addr(c, alen == 16, d)?;
        c.s("}(")?;
        c.d(c.be32(d + alen)?)?;
        c.s(")")?;
        d += size;
        rest -= size;
    }
    Ok(())
}
