//! Redis's RESP (TCP port 6379, or `-T resp`), as tcpdump 4.99's `resp_print` prints it:
//! `: RESP` and each item of each pipelined command or reply (simple strings, errors,
//! integers, bulk strings, arrays and inline commands) quoted, ` [|resp]` where the data or
//! the segment ends inside an item.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// What a parse step hands back: the bytes it took, or `None` where tcpdump gives up with
/// its truncation marker (cut data and malformed items alike).
type Taken = Option<i64>;

/// `resp_print`: the payload at `at`, `length` bytes.
pub(crate) fn resp_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, length: u32) -> R {
    c.proto = "resp";
    c.s(": RESP")?;
    let (mut p, mut length) = (at, i64::from(length));
    while length > 0 {
        match parse(c, p, length)? {
            Some(n) => {
                p = p.wrapping_add(n as usize);
                length -= n;
            }
            None => return c.trunc_here(),
        }
    }
    Ok(())
}

/// `resp_parse`: one item at `p`, by its first byte.
fn parse<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: i64) -> R<Taken> {
    if length < 1 {
        return Ok(None);
    }
    match c.u8(p)? {
        b'+' | b'-' | b':' => line_item(c, p, length),
        b'$' => bulk_string(c, p, length),
        b'*' => array(c, p, length),
        _ => inline(c, p, length),
    }
}

/// `FIND_CRLF`: from `p`, the offset of the next `\r\n` and the length left there.
fn find_crlf<W: Write>(c: &Cursor<'_, W>, mut p: usize, mut len: i64) -> R<Option<(usize, i64)>> {
    loop {
        if len < 2 || !c.test(p, 2) {
            return Ok(None);
        }
        if c.u8(p)? == b'\r' && c.u8(p + 1)? == b'\n' {
            return Ok(Some((p, len)));
        }
        p += 1;
        len -= 1;
    }
}

/// `RESP_PRINT_SEGMENT`: ` "TEXT"`; `false` when the capture ended inside it.
fn segment<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: usize) -> R<bool> {
    c.s(" \"")?;
    if !c.printn(p, n)? {
        return Ok(false);
    }
    c.s("\"")?;
    Ok(true)
}

/// A simple string, an error or an integer: the text up to `\r\n`.
fn line_item<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: i64) -> R<Taken> {
    let (start, len) = (p + 1, length - 1);
    let Some((end, _)) = find_crlf(c, start, len)? else {
        return Ok(None);
    };
    let n = end - start;
    if !segment(c, start, n)? {
        return Ok(None);
    }
    Ok(Some(1 + n as i64 + 2))
}

/// What [`get_length`] reads: a length, or why there is none.
enum Len {
    /// A length of 0 or more.
    Some(i64),
    /// `-1`: null.
    Null,
    /// The data ended first.
    Cut,
    /// Too large for a C `int`.
    TooLarge,
    /// Negative and not -1.
    Negative,
    /// Not a number followed by `\r\n`.
    Invalid,
}

/// `resp_get_length`: the decimal length at `p` (`len` bytes left) and where it ends.
fn get_length<W: Write>(c: &Cursor<'_, W>, mut p: usize, mut len: i64) -> R<(Len, usize)> {
    if len == 0 {
        return Ok((Len::Cut, p));
    }
    let neg = c.u8(p)? == b'-';
    if neg {
        p += 1;
        len -= 1;
    }
    let (mut result, mut saw_digit, mut too_large) = (0i64, false, false);
    const MAX: i64 = i32::MAX as i64;
    loop {
        if len == 0 {
            return Ok((Len::Cut, p));
        }
        let ch = c.u8(p)?;
        if !ch.is_ascii_digit() {
            if !saw_digit {
                return Ok((Len::Invalid, p + 1));
            }
            break;
        }
        let d = i64::from(ch - b'0');
        if result > MAX / 10 {
            too_large = true;
        } else {
            result *= 10;
            if result == (MAX / 10) * 10 && d > MAX % 10 {
                too_large = true;
            } else {
                result += d;
            }
        }
        p += 1;
        len -= 1;
        saw_digit = true;
    }
    if c.u8(p)? != b'\r' {
        return Ok((Len::Invalid, p + 1));
    }
    p += 1;
    len -= 1;
    if len == 0 {
        return Ok((Len::Cut, p));
    }
    if c.u8(p)? != b'\n' {
        return Ok((Len::Invalid, p + 1));
    }
    p += 1;
    let l = if neg {
        if too_large || result != 1 {
            Len::Negative
        } else {
            Len::Null
        }
    } else if too_large {
        Len::TooLarge
    } else {
        Len::Some(result)
    };
    Ok((l, p))
}

/// The words tcpdump prints for a length that is not one.
fn bad_length<W: Write>(c: &mut Cursor<'_, W>, l: &Len) -> R {
    c.s(match l {
        Len::Null => " null",
        Len::TooLarge => " length too large",
        Len::Negative => " length negative and not -1",
        _ => " invalid",
    })
}

/// `resp_print_bulk_string`: `$LEN\r\n`, the string and its `\r\n`.
fn bulk_string<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: i64) -> R<Taken> {
    let start = p + 1;
    let (l, mut q) = get_length(c, start, length - 1)?;
    let mut cur = length - 1 - (q - start) as i64;
    match l {
        Len::Cut => return Ok(None),
        Len::Some(n) => {
            if n == 0 {
                c.s(" empty")?;
            } else {
                if cur < n || !c.test(q, n as usize) {
                    return Ok(None);
                }
                if !segment(c, q, n as usize)? {
                    return Ok(None);
                }
                q += n as usize;
                cur -= n;
            }
            let Some((_, left)) = find_crlf(c, q, cur)? else {
                return Ok(None);
            };
            cur = left - 2;
        }
        bad => bad_length(c, &bad)?,
    }
    Ok(Some(length - cur))
}

/// `resp_print_bulk_array`: `*LEN\r\n` and that many items.
fn array<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: i64) -> R<Taken> {
    let start = p + 1;
    let (l, mut q) = get_length(c, start, length - 1)?;
    // tcpdump keeps this length unsigned: once below zero it wraps and passes for large.
    let mut cur = (length - 1 - (q - start) as i64) as u32;
    match l {
        Len::Cut => return Ok(None),
        Len::Some(0) => c.s(" empty")?,
        Len::Some(n) => {
            for _ in 0..n {
                let Some(t) = parse(c, q, i64::from(cur as i32))? else {
                    return Ok(None);
                };
                q = q.wrapping_add(t as usize);
                cur = cur.wrapping_sub(t as u32);
            }
        }
        bad => bad_length(c, &bad)?,
    }
    Ok(Some(length - i64::from(cur as i32)))
}

/// `resp_print_inline`: a line ended by `\r`, `\n` or both, after any line ends before it.
fn inline<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: i64) -> R<Taken> {
    let Some((start, len)) = skip_line_ends(c, p, length)? else {
        return Ok(None);
    };
    let (mut end, mut cur) = (start, len);
    loop {
        if cur < 1 {
            return Ok(None);
        }
        let ch = c.u8(end)?;
        if ch == b'\r' || ch == b'\n' {
            break;
        }
        end += 1;
        cur -= 1;
    }
    if !segment(c, start, end - start)? {
        return Ok(None);
    }
    let Some((_, left)) = skip_line_ends(c, end, cur)? else {
        return Ok(None);
    };
    Ok(Some(length - left))
}

/// `CONSUME_CR_OR_LF`: past the `\r` and `\n` bytes at `p`; `None` when the data ends before
/// any is seen.
fn skip_line_ends<W: Write>(
    c: &Cursor<'_, W>,
    mut p: usize,
    mut len: i64,
) -> R<Option<(usize, i64)>> {
    let mut found = false;
    loop {
        if len == 0 || !c.test(p, 1) {
            return Ok(if found { Some((p, len)) } else { None });
        }
        let ch = c.u8(p)?;
        if ch != b'\r' && ch != b'\n' {
            return Ok(Some((p, len)));
        }
        found = true;
        p += 1;
        len -= 1;
    }
}
