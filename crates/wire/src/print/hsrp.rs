//! Cisco's Hot Standby Router Protocol, version 0 (RFC 2281), on UDP port 1985: tcpdump's
//! `hsrp_print`, with the timers and authentication data at `-v`.

use core::fmt::Write;

use super::common::relts;
use super::cursor::{Cursor, R};
use super::vutil::printjnp;
use crate::tok::{self, Tok, Unknown};

/// Field offsets of an HSRP message.
const OP_CODE: usize = 1;
const STATE: usize = 2;
const GROUP: usize = 6;
const RESERVED: usize = 7;
const VIRTUAL_ADDR: usize = 16;
const HELLO_TIME: usize = 3;
const HOLD_TIME: usize = 4;
const PRIORITY: usize = 5;
const AUTH: usize = 8;

/// The opcodes' names.
const OPCODES: &Tok = &[(0, "hello"), (1, "coup"), (2, "resign")];
/// The states' names.
const STATES: &Tok = &[
    (0, "initial"),
    (1, "learn"),
    (2, "listen"),
    (4, "speak"),
    (8, "standby"),
    (16, "active"),
];

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
    let op = c.u8(bp + OP_CODE)?;
    let unknown = Unknown::dec("unknown (", ")");
    tok::tok2str(c.out, tok::find(OPCODES, op.into()), op.into(), unknown)?;
    c.s(" ")?;
    c.d(len)?;
    c.s(": ")?;
    // Each value is read before its label is printed, as tcpdump evaluates it first.
    let state = c.u8(bp + STATE)?;
    c.s("state=")?;
    let unknown = Unknown::dec("Unknown (", ")");
    tok::tok2str(
        c.out,
        tok::find(STATES, state.into()),
        state.into(),
        unknown,
    )?;
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
    c.ip4_at(bp + VIRTUAL_ADDR)?;
    if c.vflag > 0 {
        verbose(c, bp)?;
    }
    Ok(())
}

/// What `-v` adds: the timers, the priority and the authentication data.
#[cold]
#[inline(never)]
fn verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    c.s(" hellotime=")?;
    relts(c, c.u8(bp + HELLO_TIME)?.into())?;
    c.s(" holdtime=")?;
    relts(c, c.u8(bp + HOLD_TIME)?.into())?;
    let prio = c.u8(bp + PRIORITY)?;
    c.s(" priority=")?;
    c.d(prio)?;
    c.s(" auth=\"")?;
    printjnp(c, bp + AUTH, 8)?;
    c.s("\"")
}
