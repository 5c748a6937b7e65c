//! Cisco's Enhanced Interior Gateway Routing Protocol (IP protocol 88): tcpdump's
//! `eigrp_print` without `-v`, the message type and length.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The common header, which tcpdump checks is captured before anything else.
const HEADER_LEN: usize = 20;
/// The only version tcpdump decodes.
const VERSION: u8 = 2;

/// `EIGRP Hello, length: 40`.
#[cold]
#[inline(never)]
pub(crate) fn eigrp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "eigrp";
    if !c.test(bp, HEADER_LEN) {
        return c.trunc_here();
    }
    let version = c.u8(bp)?;
    if version != VERSION {
        c.s("EIGRP version ")?;
        c.d(version)?;
        return c.s(" packet not supported");
    }
    c.s("EIGRP ")?;
    match c.u8(bp + 1)? {
        1 => c.s("Update")?,
        3 => c.s("Query")?,
        4 => c.s("Reply")?,
        5 => c.s("Hello")?,
        6 => c.s("IPX SAP")?,
        7 => c.s("Probe")?,
        op => {
            c.s("unknown (")?;
            c.d(op)?;
            c.s(")")?;
        }
    }
    c.s(", length: ")?;
    c.d(len)
}
