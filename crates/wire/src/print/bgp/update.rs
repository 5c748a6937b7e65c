//! BGP UPDATE: withdrawn routes, path attributes, announced routes (`bgp_update_print`), and
//! the ADD-PATH guess tcpdump makes (`check_add_path`).

use core::fmt::Write;

use super::nlri::{prefix, Pfx};
use super::{attr, ttest};
use crate::print::cursor::{Cursor, R};

/// `check_add_path`: whether the `length` bytes of prefixes at `p` read better with a 4-byte
/// path identifier before each one (prefixes at most `max` bits long).
pub(super) fn check_add_path<W: Write>(
    c: &Cursor<'_, W>,
    p: usize,
    length: usize,
    max: u32,
) -> bool {
    if length < 5 {
        return false;
    }
    let mut off = 0usize;
    while off < length {
        off += 4;
        let Some(plen) = peek(c, p + off) else { break };
        if u32::from(plen) > max {
            return false;
        }
        off += 1 + usize::from(plen).div_ceil(8);
    }
    if off > length {
        return false;
    }
    off = 0;
    while off < length {
        let Some(plen) = peek(c, p + off) else { break };
        if plen < 1 || u32::from(plen) > max {
            return true;
        }
        off += 1 + usize::from(plen).div_ceil(8);
    }
    off > length
}

/// The byte at `o` if it is captured (`ND_TTEST_1`, then `GET_U_1`).
fn peek<W: Write>(c: &Cursor<'_, W>, o: usize) -> Option<u8> {
    if c.test(o, 1) {
        c.u8(o).ok()
    } else {
        None
    }
}

/// The flags of a path attribute: `, Flags [OTPE+N]`.
pub(super) fn attr_flags<W: Write>(c: &mut Cursor<'_, W>, f: u8) -> R {
    c.s(", Flags [")?;
    for (bit, ch) in [(0x80, "O"), (0x40, "T"), (0x20, "P"), (0x10, "E")] {
        if f & bit != 0 {
            c.s(ch)?;
        }
    }
    if f & 0xf != 0 {
        c.s("+")?;
        c.x(f & 0xf)?;
    }
    c.s("]")
}

/// A list of IPv4 prefixes (withdrawn or announced), `n` bytes at `p`: the bytes the list
/// did not use, `None` for the truncation marker.
fn routes<W: Write>(c: &mut Cursor<'_, W>, p: &mut usize, n: usize) -> R<Option<usize>> {
    let add_path = check_add_path(c, *p, n, 32);
    let mut left = n;
    while left != 0 {
        let mut path_id = 0;
        if add_path {
            if left < 4 {
                *p += left;
                break;
            }
            path_id = c.be32(*p)?;
            *p += 4;
            left -= 4;
        }
        match prefix::<4, W>(c, *p, left, "\n\t    ")? {
            Pfx::Len(k) => {
                if add_path {
                    c.s("   Path Id: ")?;
                    c.d(path_id)?;
                }
                *p += k;
                left -= k;
            }
            Pfx::Illegal => {
                c.s("\n\t    (illegal prefix length)")?;
                break;
            }
            _ => return Ok(None),
        }
    }
    Ok(Some(left))
}

/// `bgp_update_print`: the UPDATE message `length` bytes long at `dat`.
pub(super) fn update_print<W: Write>(c: &mut Cursor<'_, W>, dat: usize, length: usize) -> R {
    if length < 19 {
        return c.trunc_here();
    }
    let mut p = dat + 19;
    let mut length = length - 19;
    if !ttest(c, p, 2) || length < 2 {
        return c.trunc_here();
    }
    let mut wlen = usize::from(c.be16(p)?);
    p += 2;
    length -= 2;
    if !ttest(c, p, wlen) || length < wlen {
        return c.trunc_here();
    }
    if wlen > 1 {
        c.s("\n\t  Withdrawn routes:")?;
        let start = p;
        let Some(left) = routes(c, &mut p, wlen)? else {
            return c.trunc_here();
        };
        wlen = left;
        length -= p - start;
    } else {
        p += wlen;
        length -= wlen;
    }
    if !ttest(c, p, 2) || length < 2 {
        return c.trunc_here();
    }
    let mut len = usize::from(c.be16(p)?);
    p += 2;
    length -= 2;
    if wlen == 0 && len == 0 && length == 0 {
        return c.s("\n\t  End-of-Rib Marker (empty NLRI)");
    }
    if len > 0 {
        if length < len {
            return c.trunc_here();
        }
        while len > 0 {
            if !ttest(c, p, 2) || length < 2 {
                return c.trunc_here();
            }
            if len < 2 {
                c.s("\n\t  [path attrs too short]")?;
                p += len;
                length -= len;
                break;
            }
            let flags = c.u8(p)?;
            let ty = c.u8(p + 1)?;
            p += 2;
            len -= 2;
            length -= 2;
            let lenlen = if flags & 0x10 != 0 { 2 } else { 1 };
            if !ttest(c, p, lenlen) || length < lenlen {
                return c.trunc_here();
            }
            if len < lenlen {
                c.s("\n\t  [path attrs too short]")?;
                p += len;
                length -= len;
                break;
            }
            let alen = if lenlen == 2 {
                usize::from(c.be16(p)?)
            } else {
                usize::from(c.u8(p)?)
            };
            p += lenlen;
            len -= lenlen;
            length -= lenlen;
            c.s("\n\t  ")?;
            super::name(c, super::tables::ATTR_TYPES, ty.into(), "Unknown Attribute")?;
            c.s(" (")?;
            c.d(ty)?;
            c.s("), length: ")?;
            c.d(alen as u64)?;
            if flags != 0 {
                attr_flags(c, flags)?;
                c.s(": ")?;
            }
            if len < alen {
                c.s(" [path attrs too short]")?;
                p += len;
                length -= len;
                break;
            }
            if length < alen {
                return c.trunc_here();
            }
            if !attr::attr_print(c, ty, p, alen, 0)? {
                return c.trunc_here();
            }
            p += alen;
            len -= alen;
            length -= alen;
        }
    }
    if length > 0 {
        c.s("\n\t  Updated routes:")?;
        if routes(c, &mut p, length)?.is_none() {
            return c.trunc_here();
        }
    }
    Ok(())
}
