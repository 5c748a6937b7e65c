//! Ethernet configuration testing protocol (EtherType 0x9000, "Loopback"): tcpdump's
//! `loopback_print`, the skip count and the first message.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// `Loopback, skipCount 0, Reply, receipt number 1, data (40 octets)`.
#[cold]
#[inline(never)]
pub(crate) fn loopback_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    c.proto = "loopback";
    c.s("Loopback")?;
    if len < 2 {
        return invalid(c, p, len);
    }
    let skip = u16::from_le_bytes([c.u8(p)?, c.u8(p + 1)?]);
    let (mut p, mut len) = (p + 2, len - 2);
    c.s(", skipCount ")?;
    c.d(skip)?;
    if skip % 8 != 0 {
        c.s(" (bogus)")?;
    }
    if u32::from(skip) > len {
        return invalid(c, p, len);
    }
    check(c, p, skip.into())?;
    p += usize::from(skip);
    len -= u32::from(skip);
    if len < 2 {
        return invalid(c, p, len);
    }
    let function = u16::from_le_bytes([c.u8(p)?, c.u8(p + 1)?]);
    p += 2;
    len -= 2;
    c.s(", ")?;
    match function {
        1 => c.s("Reply")?,
        2 => c.s("Forward Data")?,
        _ => {
            c.s(" invalid (")?;
            c.d(function)?;
            c.s(")")?;
        }
    }
    match function {
        1 => {
            if len < 2 {
                return invalid(c, p, len);
            }
            let receipt = u16::from_le_bytes([c.u8(p)?, c.u8(p + 1)?]);
            c.s(", receipt number ")?;
            c.d(receipt)?;
            p += 2;
            len -= 2;
        }
        2 => {
            if len < 6 {
                return invalid(c, p, len);
            }
            c.bytes(p, 6)?;
            c.s(", forwarding address ")?;
            c.mac_at(p)?;
            p += 6;
            len -= 6;
        }
        _ => return check(c, p, len),
    }
    c.s(", data (")?;
    c.d(len)?;
    c.s(" octets)")?;
    check(c, p, len)
}

/// `ND_TCHECK_LEN`: the `len` bytes at `p` must have been captured.
fn check<W: Write>(c: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    if c.test(p, len as usize) {
        Ok(())
    } else {
        Err(c.jump())
    }
}

/// `nd_print_invalid`, then the check of what is left.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    c.invalid()?;
    check(c, p, len)
}
