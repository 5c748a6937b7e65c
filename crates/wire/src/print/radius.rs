//! RADIUS (RFC 2865, 2866, 5176) on its UDP ports: tcpdump's `radius_print` without `-v`,
//! the header only; its `-v` form is in `radius_v`.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The header: code, identifier, length, authenticator.
const MIN_LEN: usize = 20;

/// `RADIUS, Access-Request (1), id: 0x01 length: 38`.
#[cold]
#[inline(never)]
pub(crate) fn radius_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "radius";
    if !c.test(bp, MIN_LEN) {
        return c.trunc_here();
    }
    let len = c.be16(bp + 2)?;
    if usize::from(len) < MIN_LEN {
        return c.trunc_here();
    }
    let len = u32::from(len).min(length);
    if c.vflag > 0 {
        return super::radius_v::radius_verbose(c, bp, len);
    }
    let code = c.u8(bp)?;
    c.s("RADIUS, ")?;
    c.s(code_name(code))?;
    c.s(" (")?;
    c.d(code)?;
    c.s("), id: 0x")?;
    let id = c.u8(bp + 1)?;
    write!(c.out, "{id:02x}")?;
    c.s(" length: ")?;
    c.d(len)
}

/// The name of message code `code`.
pub(crate) fn code_name(code: u8) -> &'static str {
    match code {
        1 => "Access-Request",
        2 => "Access-Accept",
        3 => "Access-Reject",
        4 => "Accounting-Request",
        5 => "Accounting-Response",
        11 => "Access-Challenge",
        12 => "Status-Server",
        13 => "Status-Client",
        40 => "Disconnect-Request",
        41 => "Disconnect-ACK",
        42 => "Disconnect-NAK",
        43 => "CoA-Request",
        44 => "CoA-ACK",
        45 => "CoA-NAK",
        255 => "Reserved",
        _ => "Unknown Command",
    }
}
