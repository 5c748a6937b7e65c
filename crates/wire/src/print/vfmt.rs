//! Output helpers of the layer-2 and miscellaneous printers' `-v` forms (tcpdump's
//! `nd_printjnp`, `%.2f` of a fixed-point value, runs of `%08x`). Cold code only: nothing on
//! the UDP/TCP path calls them.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;

/// `nd_printjnp`: up to `n` bytes at `o` as text, stopping before a NUL; a byte not
/// captured stops the walk (tcpdump's `GET_U_1` longjmp) after the ones printed.
pub(crate) fn printjnp<W: Write>(c: &mut Cursor<'_, W>, o: usize, n: usize) -> R {
    for i in 0..n {
        let b = c.u8(o + i)?;
        if b == 0 {
            break;
        }
        fmtx::safe_char(c.out, b)?;
    }
    Ok(())
}

/// `nd_printn` without an end: `n` bytes at `o` as text; a byte not captured stops the walk
/// after the ones printed.
pub(crate) fn printjn<W: Write>(c: &mut Cursor<'_, W>, o: usize, n: usize) -> R {
    if !c.printn(o, n)? {
        return Err(c.jump());
    }
    Ok(())
}

/// `%.2f` of `v / div` (`div` a power of two up to 2^16), rounded as glibc rounds: to the
/// nearest, ties to even (the quotient is exact in binary, so ties are real).
pub(crate) fn fixed2(out: &mut impl Write, v: u64, div: u64) -> core::fmt::Result {
    let num = v * 100;
    let mut q = num / div;
    let r = num % div;
    if r * 2 > div || (r * 2 == div && q % 2 == 1) {
        q += 1;
    }
    fmtx::dec(out, q / 100)?;
    out.write_char('.')?;
    fmtx::dec_pad(out, q % 100, 2)
}

/// `%08x` for each of the `n` big-endian 32-bit words at `o`, run together; every word is
/// read before anything is printed (tcpdump's arguments are all fetched first).
pub(crate) fn words_hex<W: Write>(c: &mut Cursor<'_, W>, o: usize, n: usize) -> R {
    let b = c.bytes(o, 4 * n)?;
    for w in b.chunks(4) {
        let v = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
        fmtx::hex_pad(c.out, v.into(), 8)?;
    }
    Ok(())
}
