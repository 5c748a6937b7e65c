//! tcpdump's name tables (`struct tok` and `bittok2str`): the names of the bits set in a
//! flags field.

use core::fmt::{self, Write};

/// A table of values (or bit masks) and their names, in the order tcpdump prints them.
pub(crate) type Tok = [(u32, &'static str)];

/// `bittok2str`: the names of the bits (or groups of bits, all of which must be set) of `v`
/// that `table` knows, in the table's order and separated by `, `, or `none` when it knows
/// none of them.
#[inline]
pub(crate) fn bittok2str(out: &mut impl Write, table: &Tok, v: u32, none: &str) -> fmt::Result {
    bits(out, table, v, none, ", ")
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
    fn bits_need_every_bit_of_a_group() {
        assert_eq!(s(|o| bittok2str(o, T, 0x07, "none")), "a, b");
        assert_eq!(s(|o| bittok2str(o, T, 0x0f, "none")), "a, b, cd");
        assert_eq!(s(|o| bittok2str(o, T, 0x10, "none")), "none");
    }
}
