//! Small helpers the `-v` forms of the routing and service printers share (tcpdump's
//! `nd_printjnp`, the checksum of a whole message, padded numbers).

use core::fmt::Write;

use super::common::{cksum_l4, cksum_over};
use super::cursor::{Cursor, R};
use crate::fmtx;

/// `nd_printjnp`: up to `n` bytes at `s` as text, stopping at a NUL; a byte past the capture
/// stops the walk (tcpdump's `longjmp`).
pub(crate) fn printjnp<W: Write>(e: &mut Cursor<'_, W>, s: usize, n: usize) -> R {
    for i in 0..n {
        let ch = e.u8(s + i)?;
        if ch == 0 {
            break;
        }
        fmtx::safe_char(e.out, ch)?;
    }
    Ok(())
}

/// Whether the `len` bytes at `bp` sum to zero: over themselves alone (`iph` `None`, tcpdump's
/// `in_cksum`) or with the pseudo-header of protocol `proto` of the IP header at `iph`
/// (`nextproto4_cksum`/`nextproto6_cksum`); `None` when they are not all captured.
pub(crate) fn sums_to_zero<W: Write>(
    e: &Cursor<'_, W>,
    bp: usize,
    len: u32,
    iph: Option<usize>,
    proto: u8,
) -> R<Option<bool>> {
    if !e.test(bp, len as usize) {
        return Ok(None);
    }
    let s = match iph {
        None => cksum_over(e, bp, len as usize, 0),
        Some(iph) => cksum_l4(e, iph, bp, len, proto)?,
    };
    Ok(s.map(|s| s == 0))
}

/// `%Nu`: `v` right-aligned in `width` columns.
pub(crate) fn dec_right<W: Write>(e: &mut Cursor<'_, W>, v: u64, width: usize) -> R {
    let digits = {
        let (mut n, mut x) = (1usize, v);
        while x >= 10 {
            x /= 10;
            n += 1;
        }
        n
    };
    for _ in digits..width {
        e.s(" ")?;
    }
    e.d(v)
}

/// `%0Nx`: `v` in `width` lower-case hex digits at least.
pub(crate) fn hex_w<W: Write>(e: &mut Cursor<'_, W>, v: u64, width: usize) -> R {
    fmtx::hex_pad(e.out, v, width)?;
    Ok(())
}

/// `%02X`.
pub(crate) fn hex_upper2<W: Write>(e: &mut Cursor<'_, W>, b: u8) -> R {
    const D: &[u8; 16] = b"0123456789ABCDEF";
    e.out.write_char(D[usize::from(b >> 4)] as char)?;
    e.out.write_char(D[usize::from(b & 0x0f)] as char)?;
    Ok(())
}
