//! LMP, the Link Management Protocol (RFC 4204; tcpdump's `print-lmp.c`), with `-T lmp`: the
//! version and message type. tcpdump's `-v` object decoding is not done here: `-v` prints the
//! same line (a known difference, in the crate docs).

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};

/// The common header: version (top 4 bits) and reserved bits, flags, message type, length,
/// reserved.
const HEADER_LEN: usize = 8;
const MSG_TYPE: usize = 3;

/// The message type's name (RFC 4204 and UNI 1.0's service discovery).
fn msg_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Config",
        2 => "Config ACK",
        3 => "Config NACK",
        4 => "Hello",
        5 => "Begin Verify",
        6 => "Begin Verify ACK",
        7 => "Begin Verify NACK",
        8 => "End Verify",
        9 => "End Verify ACK",
        10 => "Test",
        11 => "Test Status Success",
        12 => "Test Status Failure",
        13 => "Test Status ACK",
        14 => "Link Summary",
        15 => "Link Summary ACK",
        16 => "Link Summary NACK",
        17 => "Channel Status",
        18 => "Channel Status ACK",
        19 => "Channel Status Request",
        20 => "Channel Status Response",
        50 => "Service Config",
        51 => "Service Config ACK",
        52 => "Service Config NACK",
        _ => return None,
    })
}

/// `lmp_print`: `LMPv1 Hello Message, length: N` for the `length` bytes at `bp`.
pub(crate) fn lmp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "lmp";
    if !c.test(bp, HEADER_LEN) {
        return Err(Stop::Trunc);
    }
    let version = c.be16(bp)? >> 12;
    if version != 1 {
        c.s("LMP version ")?;
        c.d(version)?;
        return c.s(" packet not supported");
    }
    let t = c.u8(bp + MSG_TYPE)?;
    c.s("LMPv1 ")?;
    match msg_type(t) {
        Some(name) => c.s(name)?,
        None => {
            c.s("unknown (")?;
            c.d(t)?;
            c.s(")")?;
        }
    }
    c.s(" Message, length: ")?;
    c.d(length)
}
