//! Cisco's Hot Standby Router Protocol, version 0 (RFC 2281), on UDP port 1985: tcpdump's
//! `hsrp_print` without `-v`.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// Field offsets of an HSRP message.
const OP_CODE: usize = 1;
const STATE: usize = 2;
const GROUP: usize = 6;
const RESERVED: usize = 7;
const VIRTUAL_ADDR: usize = 16;

/// `HSRPv0-hello 20: state=active group=1 addr=192.168.0.1`; for other versions only the
/// version, as tcpdump prints.
pub(crate) fn hsrp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "hsrp";
    let version = c.u8(bp)?;
    c.s("HSRPv")?;
    c.d(version)?;
    if version != 0 {
        return Ok(());
    }
    c.s("-")?;
    match c.u8(bp + OP_CODE)? {
        0 => c.s("hello")?,
        1 => c.s("coup")?,
        2 => c.s("resign")?,
        op => {
            c.s("unknown (")?;
            c.d(op)?;
            c.s(")")?;
        }
    }
    c.s(" ")?;
    c.d(len)?;
    c.s(": ")?;
    // Each value is read before its label is printed, as tcpdump evaluates it first.
    let state = c.u8(bp + STATE)?;
    c.s("state=")?;
    match state {
        0 => c.s("initial")?,
        1 => c.s("learn")?,
        2 => c.s("listen")?,
        4 => c.s("speak")?,
        8 => c.s("standby")?,
        16 => c.s("active")?,
        s => {
            c.s("Unknown (")?;
            c.d(s)?;
            c.s(")")?;
        }
    }
    c.s(" ")?;
    let group = c.u8(bp + GROUP)?;
    c.s("group=")?;
    c.d(group)?;
    c.s(" ")?;
    let reserved = c.u8(bp + RESERVED)?;
    if reserved != 0 {
        c.s("[reserved=")?;
        c.d(reserved)?;
        c.s("!] ")?;
    }
    c.bytes(bp + VIRTUAL_ADDR, 4)?;
    c.s("addr=")?;
    c.ip4_at(bp + VIRTUAL_ADDR)
}
