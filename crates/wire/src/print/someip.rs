//! SOME/IP (UDP port 30490): tcpdump's `someip_print`, the header's fields on one line (which
//! tcpdump ends with an extra newline).

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The message types.
const MSG_TYPES: &Tok = &[
    (0x00, "REQUEST"),
    (0x01, "REQUEST_NO_RETURN"),
    (0x02, "NOTIFICATION"),
    (0x80, "RESPONSE"),
    (0x81, "ERROR"),
    (0x20, "TP_REQUEST"),
    (0x21, "TP_REQUEST_NO_RETURN"),
    (0x22, "TP_NOTIFICATION"),
    (0xa0, "TP_RESPONSE"),
    (0xa1, "TP_ERROR"),
];

/// The return codes.
const RETURN_CODES: [&str; 16] = [
    "E_OK",
    "E_NOT_OK",
    "E_UNKNOWN_SERVICE",
    "E_UNKNOWN_METHOD",
    "E_NOT_READY",
    "E_NOT_REACHABLE",
    "E_TIMEOUT",
    "E_WRONG_PROTOCOL_VERSION",
    "E_WRONG_INTERFACE_VERSION",
    "E_MALFORMED_MESSAGE",
    "E_WRONG_MESSAGE_TYPE",
    "E_E2E_REPEATED",
    "E_E2E_WRONG_SEQUENCE",
    "E_E2E",
    "E_E2E_NOT_AVAILABLE",
    "E_E2E_NO_NEW_DATA",
];

/// `SOMEIP, service 1, method 2, len 8, client 8, session 5, pver 1, iver 1, msgtype ...`.
#[cold]
#[inline(never)]
pub(crate) fn someip_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "someip";
    c.s("SOMEIP")?;
    if len < 16 {
        return c.invalid();
    }
    let id = c.be32(bp)?;
    c.s(", service ")?;
    c.d(id >> 16)?;
    c.s(if id & 0x8000 != 0 {
        ", event "
    } else {
        ", method "
    })?;
    c.d(id & 0x7fff)?;
    let l = c.be32(bp + 4)?;
    c.s(", len ")?;
    c.d(l)?;
    let req = c.be32(bp + 8)?;
    c.s(", client ")?;
    c.d(req >> 16)?;
    c.s(", session ")?;
    c.d(req & 0xffff)?;
    let p = c.u8(bp + 12)?;
    c.s(", pver ")?;
    c.d(p)?;
    let i = c.u8(bp + 13)?;
    c.s(", iver ")?;
    c.d(i)?;
    let t = c.u8(bp + 14)?;
    c.s(", msgtype ")?;
    c.s(tok::find(MSG_TYPES, t.into()).unwrap_or("Unknown"))?;
    let r = c.u8(bp + 15)?;
    c.s(", retcode ")?;
    c.s(RETURN_CODES
        .get(usize::from(r))
        .copied()
        .unwrap_or("Unknown"))?;
    c.s("\n")
}
