//! tcpdump's name tables (`struct tok`, `tok2str`, `bittok2str`): a value's name with what to
//! print when it has none, and the names of the bits set in a flags field. Every printer that
//! names a value or lists flags goes through these, so a table is data and the printing of it
//! is written once.

use core::fmt::{self, Write};

use crate::fmtx;

/// A table of values (or bit masks) and their names, in the order tcpdump prints them.
pub(crate) type Tok = [(u32, &'static str)];

/// The name `table` gives `v`, if any (`tok2str`'s lookup).
#[inline]
pub(crate) fn find(table: &Tok, v: u32) -> Option<&'static str> {
    table.iter().find(|&&(k, _)| k == v).map(|&(_, n)| n)
}

/// How [`tok2str`] prints a value without a name: `pre`, the value, `post` (tcpdump's
/// `tok2str` format strings: `"unknown (%u)"`, `"Unknown (0x%04x)"`, ...).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unknown {
    pre: &'static str,
    num: Num,
    post: &'static str,
}

/// How [`Unknown`] spells the value.
#[derive(Debug, Clone, Copy)]
enum Num {
    /// `%u`.
    Dec,
    /// `%x`.
    Hex,
    /// `%02x`.
    Hex2,
    /// `%04x`.
    Hex4,
}

impl Unknown {
    /// `pre%upost`.
    pub(crate) const fn dec(pre: &'static str, post: &'static str) -> Unknown {
        Unknown {
            pre,
            num: Num::Dec,
            post,
        }
    }

    /// `pre%xpost`.
    pub(crate) const fn hex(pre: &'static str, post: &'static str) -> Unknown {
        Unknown {
            pre,
            num: Num::Hex,
            post,
        }
    }

    /// `pre%02xpost`.
    pub(crate) const fn hex2(pre: &'static str, post: &'static str) -> Unknown {
        Unknown {
            pre,
            num: Num::Hex2,
            post,
        }
    }

    /// `pre%04xpost`.
    pub(crate) const fn hex4(pre: &'static str, post: &'static str) -> Unknown {
        Unknown {
            pre,
            num: Num::Hex4,
            post,
        }
    }
}

/// `tok2str`: `name` (what a table, or a function over one, gives `v`), or `v` as `unknown`
/// spells it.
#[inline]
pub(crate) fn tok2str(
    out: &mut impl Write,
    name: Option<&str>,
    v: u32,
    unknown: Unknown,
) -> fmt::Result {
    match name {
        Some(n) => out.write_str(n),
        None => unknown_value(out, v, unknown),
    }
}

/// The fallback of [`tok2str`].
#[cold]
fn unknown_value(out: &mut impl Write, v: u32, unknown: Unknown) -> fmt::Result {
    out.write_str(unknown.pre)?;
    let v = u64::from(v);
    match unknown.num {
        Num::Dec => fmtx::dec(out, v)?,
        Num::Hex => fmtx::hex(out, v)?,
        Num::Hex2 => fmtx::hex_pad(out, v, 2)?,
        Num::Hex4 => fmtx::hex_pad(out, v, 4)?,
    }
    out.write_str(unknown.post)
}

/// `bittok2str`: the names of the bits (or groups of bits, all of which must be set) of `v`
/// that `table` knows, in the table's order and separated by `, `, or `none` when it knows
/// none of them.
#[inline]
pub(crate) fn bittok2str(out: &mut impl Write, table: &Tok, v: u32, none: &str) -> fmt::Result {
    bits(out, table, v, none, ", ")
}

/// `bittok2str_nosep`: [`bittok2str`] with the names run together (TCP's `Flags [S.]`).
#[inline]
pub(crate) fn bittok2str_nosep(
    out: &mut impl Write,
    table: &Tok,
    v: u32,
    none: &str,
) -> fmt::Result {
    bits(out, table, v, none, "")
}

/// [`bittok2str`] with the separator `sep`.
#[inline(always)]
fn bits(out: &mut impl Write, table: &Tok, v: u32, none: &str, sep: &str) -> fmt::Result {
    let mut any = false;
    for &(mask, name) in table {
        if mask != 0 && v & mask == mask {
            if any && !sep.is_empty() {
                out.write_str(sep)?;
            }
            out.write_str(name)?;
            any = true;
        }
    }
    if !any {
        out.write_str(none)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &Tok = &[(0x01, "a"), (0x02, "b"), (0x0c, "cd")];

    fn s(f: impl FnOnce(&mut String) -> fmt::Result) -> String {
        let mut out = String::new();
        f(&mut out).unwrap();
        out
    }

    #[test]
    fn names_and_fallbacks() {
        assert_eq!(find(T, 2), Some("b"));
        assert_eq!(find(T, 3), None);
        assert_eq!(s(|o| tok2str(o, find(T, 1), 1, Unknown::dec("x", ""))), "a");
        assert_eq!(
            s(|o| tok2str(o, None, 7, Unknown::dec("unknown (", ")"))),
            "unknown (7)"
        );
        assert_eq!(
            s(|o| tok2str(o, None, 0x2a, Unknown::hex("0x", ""))),
            "0x2a"
        );
        assert_eq!(
            s(|o| tok2str(o, None, 0xa, Unknown::hex2("[", "]"))),
            "[0a]"
        );
        assert_eq!(
            s(|o| tok2str(o, None, 0x86, Unknown::hex4("", "!"))),
            "0086!"
        );
    }

    #[test]
    fn bits_need_every_bit_of_a_group() {
        assert_eq!(s(|o| bittok2str(o, T, 0x07, "none")), "a, b");
        assert_eq!(s(|o| bittok2str(o, T, 0x0f, "none")), "a, b, cd");
        assert_eq!(s(|o| bittok2str(o, T, 0x10, "none")), "none");
        assert_eq!(s(|o| bittok2str_nosep(o, T, 0x0d, "")), "acd");
        assert_eq!(s(|o| bittok2str_nosep(o, T, 0, "")), "");
    }
}
