//! Cisco's Enhanced Interior Gateway Routing Protocol (IP protocol 88): tcpdump's
//! `eigrp_print` without `-v`, the message type and length.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::tok::{self, Tok, Unknown};

/// The common header, which tcpdump checks is captured before anything else.
const HEADER_LEN: usize = 20;
/// The only version tcpdump decodes.
const VERSION: u8 = 2;
/// The opcodes' names.
const OPCODES: &Tok = &[
    (1, "Update"),
    (3, "Query"),
    (4, "Reply"),
    (5, "Hello"),
    (6, "IPX SAP"),
    (7, "Probe"),
];

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
    let op = c.u8(bp + 1)?;
    let unknown = Unknown::dec("unknown (", ")");
    tok::tok2str(c.out, tok::find(OPCODES, op.into()), op.into(), unknown)?;
    c.s(", length: ")?;
    c.d(len)
}
