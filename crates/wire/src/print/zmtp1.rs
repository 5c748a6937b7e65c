//! ZMTP/1.0, ZeroMQ's message transport (tcpdump's `print-zeromq.c`): over TCP with `-T zmtp1`,
//! and in PGM data packets with `-T pgm_zmtp1`.
//!
//! A ZMTP/1.0 stream is a run of frames: a length (one byte, or 0xFF and eight bytes) that
//! counts the flags byte and the body, then the flags (0x01: more frames follow; the others
//! must be zero) and the body.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;

/// At `-v`, the most body bytes dumped per frame (all of them from `-vv` on).
const VBYTES: u64 = 128;

/// `zmtp1_print`: `: ZMTP/1.0` and every frame of the `len` bytes at `cp`.
pub(crate) fn zmtp1_print<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: u32) -> R {
    c.proto = "zmtp1";
    c.s(": ZMTP/1.0")?;
    frames(c, cp, len as usize)
}

/// `zmtp1_datagram_print`: a ZeroMQ message in a PGM data packet, the `len` bytes at `cp`:
/// the offset of the first whole frame, the part of a message before it, then the frames.
pub(crate) fn zmtp1_datagram_print<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: u32) -> R {
    c.proto = "zmtp1";
    let mut offset = c.be16(cp)? as usize;
    c.s("\n\t frame offset 0x")?;
    fmtx::hex_pad(c.out, offset as u64, 4)?;
    let cp = cp + 2;
    let remaining = c.avail(cp);
    let len = len as usize;
    if offset == 0xffff {
        offset = len.saturating_sub(2);
    } else if 2 + offset > len {
        c.s(" (exceeds datagram declared length)")?;
        return Err(c.jump());
    }
    if offset != 0 {
        c.s("\n\t frame intermediate part, ")?;
        c.d(offset as u64)?;
        c.s(" bytes")?;
        if offset > remaining {
            c.s(" (")?;
            c.d(remaining as u64)?;
            c.s(" captured)")?;
        }
        if c.vflag != 0 {
            let mut shown = offset.min(remaining);
            if c.vflag == 1 {
                shown = shown.min(VBYTES as usize);
            }
            if shown > 1 {
                c.s(", first ")?;
                c.d(shown as u64)?;
                c.s(" byte(s):")?;
                fmtx::hexdump(c.out, "\n\t ", &c.p[cp..cp + shown], true)?;
            }
        }
    }
    frames(c, cp + offset, len.saturating_sub(2 + offset))
}

/// The frames of the `len` bytes at `cp` (those captured).
fn frames<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, len: usize) -> R {
    let ep = c.snapend.min(cp.saturating_add(len));
    while cp < ep {
        cp = frame(c, cp, ep)?;
    }
    Ok(())
}

/// `zmtp1_print_frame`: one frame at `cp`, the data ending at `ep`; where the next one starts.
fn frame<W: Write>(c: &mut Cursor<'_, W>, cp: usize, ep: usize) -> R<usize> {
    c.s("\n\t")?;
    let first = c.u8(cp)?;
    let (header_len, declared) = if first != 0xff {
        c.s(" frame flags+body  (8-bit) length ")?;
        c.d(first)?;
        (1usize, u64::from(first))
    } else {
        c.s(" frame flags+body (64-bit) length")?;
        if !c.test(cp, 9) {
            return Err(c.jump());
        }
        let n = c.be_n(cp + 1, 8)?;
        c.s(" ")?;
        c.d(n)?;
        (9, n)
    };
    if declared == 0 {
        return Ok(cp + header_len);
    }
    if !c.test(cp, header_len + 1) {
        return Err(c.jump());
    }
    let flags = c.u8(cp + header_len)?;
    let captured = ep.saturating_sub(cp + header_len) as u64;
    if declared > captured {
        c.s(" (")?;
        c.d(captured)?;
        c.s(" captured)")?;
    }
    c.s(", flags 0x")?;
    c.x02(flags)?;
    if c.vflag != 0 {
        c.s(" (")?;
        for bit in (1..8).rev() {
            c.s(if flags & (1 << bit) != 0 {
                "MBZ|"
            } else {
                "-|"
            })?;
        }
        c.s(if flags & 1 != 0 { "MORE)" } else { "-)" })?;
        let mut shown = captured.min(declared);
        if c.vflag == 1 {
            shown = shown.min(VBYTES + 1);
        }
        if shown > 1 {
            c.s(", first ")?;
            c.d(shown - 1)?;
            c.s(" byte(s) of body:")?;
            let at = cp + header_len + 1;
            let n = (shown - 1) as usize;
            fmtx::hexdump(c.out, "\n\t ", &c.p[at..at + n], true)?;
        }
    }
    let body = cp + header_len;
    if declared > c.avail(body) as u64 {
        return Err(c.jump());
    }
    Ok(body + declared as usize)
}
