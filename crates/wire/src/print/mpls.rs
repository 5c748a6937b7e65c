//! MPLS (tcpdump's `mpls_print`): the label stack, then the payload tcpdump guesses from the
//! bottom label or the first payload byte (RFC 3032 has no protocol field).

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// One label stack entry's length.
const ENTRY_LEN: u32 = 4;
/// The bottom-of-stack bit of an entry.
const BOTTOM: u32 = 0x100;

/// `mpls_print`: the stack at `bp`, `length` bytes on the wire, and its payload.
#[cold]
#[inline(never)]
pub(crate) fn mpls_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "mpls";
    c.s("MPLS")?;
    let (mut p, mut length) = (bp, length);
    let sep = if c.vflag > 0 { "\n\t" } else { " " };
    let mut depth = 0u32;
    let entry = loop {
        if length < ENTRY_LEN {
            c.s(" (invalid)")?;
            return if c.test(p, length as usize) {
                Ok(())
            } else {
                Err(Stop::Trunc)
            };
        }
        let e = c.be32(p)?;
        c.s(if depth > 0 { sep } else { " " })?;
        c.s("(label ")?;
        c.d(e >> 12)?;
        if c.vflag > 0 {
            label_name(c, e >> 12)?;
        }
        depth += 1;
        c.s(", tc ")?;
        c.d((e >> 9) & 7)?;
        if e & BOTTOM != 0 {
            c.s(", [S]")?;
        }
        c.s(", ttl ")?;
        c.d(e & 0xff)?;
        c.s(")")?;
        p += ENTRY_LEN as usize;
        length -= ENTRY_LEN;
        if e & BOTTOM != 0 {
            break e;
        }
    };
    let next = match entry >> 12 {
        // IPv4 explicit and implicit NULL
        0 | 3 => Guess::Ip4,
        // IPv6 explicit NULL
        2 => Guess::Ip6,
        _ => {
            if length < 1 {
                return Ok(());
            }
            match c.u8(p)? {
                0x45..=0x4f => Guess::Ip4,
                0x60..=0x6f => Guess::Ip6,
                0x81..=0x83 => Guess::Osi,
                _ => Guess::Unknown,
            }
        }
    };
    match next {
        Guess::Ip4 => {
            c.s(sep)?;
            c.then(Next::ip(off(p), length))
        }
        Guess::Ip6 => {
            c.s(sep)?;
            c.then(Next::ip6(off(p), length))
        }
        // CLNP, ES-IS, IS-IS: no OSI printer here; the bytes are dumped.
        Guess::Osi => {
            c.s(sep)?;
            c.then(Next::dump(off(p), length))
        }
        Guess::Unknown => c.then(Next::dump(off(p), length)),
    }
}

/// `-v`: the name of a reserved label (` (router alert)`).
#[cold]
fn label_name<W: Write>(c: &mut Cursor<'_, W>, label: u32) -> R {
    const NAMES: [&str; 4] = [
        "IPv4 explicit NULL",
        "router alert",
        "IPv6 explicit NULL",
        "implicit NULL",
    ];
    if label < 16 {
        c.s(" (")?;
        c.s(NAMES.get(label as usize).copied().unwrap_or("rsvd"))?;
        c.s(")")?;
    }
    Ok(())
}

/// What `mpls_print` takes the payload for.
#[derive(Clone, Copy)]
enum Guess {
    Ip4,
    Ip6,
    Osi,
    Unknown,
}
