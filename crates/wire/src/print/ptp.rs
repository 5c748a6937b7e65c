//! The Precision Time Protocol (IEEE 1588) over UDP (319, 320) and Ethernet (0x88f7):
//! tcpdump's `ptp_print`, which prints the same at every verbosity.
//!
//! tcpdump 4.99.3 reads a management message's four one-byte fields all from the first byte
//! of its target port identity (its helper does not move on); this printer does the same.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The common header's length, below which tcpdump says `[length N < 34] (invalid)`.
const HEADER_LEN: u32 = 34;
/// Offsets in the common header.
const MSG_LEN: usize = 2;
const DOMAIN: usize = 4;
const FLAGS: usize = 6;
const CORRECTION: usize = 8;
const SUB_NS: usize = 14;
const RESERVED2: usize = 16;
const CLOCK_ID: usize = 20;
const PORT_ID: usize = 28;
const SEQ_ID: usize = 30;
const CONTROL: usize = 32;

/// The flag field's bits (or groups of bits, all of which must be set) in tcpdump's order.
const FLAG_NAMES: &Tok = &[
    (0x0001, "l1 61"),
    (0x0002, "l1 59"),
    (0x0004, "utc reasonable"),
    (0x0008, "timescale"),
    (0x0010, "time tracable"),
    (0x0020, "frequency tracable"),
    (0x0100, "alternate master"),
    (0x0200, "two step"),
    (0x0400, "unicast"),
    (0x1000, "profile specific 1"),
    (0x2000, "profile specific 2"),
    (0x4000, "security mask"),
    (0x18c0, "unknown"),
];

/// The body that follows a message type's header.
#[derive(Clone, Copy)]
enum Body {
    Timestamp(&'static str),
    TimestampIdentity(&'static str),
    Announce,
    PortId,
    Management,
    Nothing,
}

const ORIGIN: &str = "originTimeStamp";
const PRECISE: &str = "preciseOriginTimeStamp";
const RECEIVE: &str = "receiveTimeStamp";

/// A message type's name and body.
fn msg_type(t: u8) -> (&'static str, Body) {
    match t {
        0x0 => ("sync msg", Body::Timestamp(ORIGIN)),
        0x1 => ("delay req msg", Body::Timestamp(ORIGIN)),
        0x2 => ("peer delay req msg", Body::TimestampIdentity(PRECISE)),
        0x3 => ("peer delay resp msg", Body::TimestampIdentity(RECEIVE)),
        0x8 => ("follow up msg", Body::Timestamp(PRECISE)),
        0x9 => ("delay resp msg", Body::TimestampIdentity(RECEIVE)),
        0xa => ("pdelay resp fup msg", Body::TimestampIdentity(PRECISE)),
        0xb => ("announce msg", Body::Announce),
        0xc => ("signalling msg", Body::PortId),
        0xd => ("management msg", Body::Management),
        _ => ("Reserved", Body::Nothing),
    }
}

/// `label` and a decimal value, read first.
#[inline]
fn ptp_dec<W: Write>(c: &mut Cursor<'_, W>, label: &str, o: usize, n: usize) -> R {
    let v = c.be_n(o, n)?;
    c.s(label)?;
    c.d(v)
}

/// `label` and a value in hex, read first.
#[inline]
fn ptp_hex<W: Write>(c: &mut Cursor<'_, W>, label: &str, o: usize, n: usize) -> R {
    let v = c.be_n(o, n)?;
    c.s(label)?;
    write!(c.out, "0x{v:x}")?;
    Ok(())
}

/// `PTPv2, v1 compat : no, msg type : sync msg, length : 44, ...`.
#[cold]
#[inline(never)]
pub(crate) fn ptp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "ptp";
    if length < HEADER_LEN {
        c.s(" [length ")?;
        c.d(length)?;
        c.s(" < ")?;
        c.d(HEADER_LEN)?;
        return c.s("] (invalid)");
    }
    let vers = c.be16(bp)? & 0xff;
    c.s("PTPv")?;
    c.d(vers)?;
    match vers {
        1 => c.s(" (not implemented)"),
        2 => ptp_v2(c, bp),
        _ => Ok(()),
    }
}

/// Version 2: the common header, then the body of the message type.
fn ptp_v2<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    let first = c.u8(bp)?;
    c.s(", v1 compat : ")?;
    c.s(if first & 0x10 != 0 { "yes" } else { "no" })?;
    let (name, body) = msg_type(first & 0x0f);
    c.s(", msg type : ")?;
    c.s(name)?;
    ptp_dec(c, ", length : ", bp + MSG_LEN, 2)?;
    let domain = c.be16(bp + DOMAIN)?;
    c.s(", domain : ")?;
    c.d(domain >> 8)?;
    c.s(", reserved1 : ")?;
    c.d(domain & 0xff)?;
    let flags = c.be16(bp + FLAGS)?;
    c.s(", Flags [")?;
    tok::bittok2str(c.out, FLAG_NAMES, flags.into(), "none")?;
    c.s("]")?;
    ptp_dec(c, ", NS correction : ", bp + CORRECTION, 6)?;
    ptp_dec(c, ", sub NS correction : ", bp + SUB_NS, 2)?;
    ptp_dec(c, ", reserved2 : ", bp + RESERVED2, 4)?;
    ptp_hex(c, ", clock identity : ", bp + CLOCK_ID, 8)?;
    ptp_dec(c, ", port id : ", bp + PORT_ID, 2)?;
    ptp_dec(c, ", seq id : ", bp + SEQ_ID, 2)?;
    let control = c.u8(bp + CONTROL)?;
    c.s(", control : ")?;
    c.d(control)?;
    c.s(match control {
        0 => " (Sync)",
        1 => " (Delay_Req)",
        2 => " (Follow_Up)",
        3 => " (Delay_Resp)",
        4 => " (Management)",
        5 => " (Other)",
        _ => " (Reserved)",
    })?;
    let lm = c.be16(bp + CONTROL)? & 0xff;
    c.s(", log message interval : ")?;
    c.d(lm)?;
    let b = bp + HEADER_LEN as usize;
    match body {
        Body::Timestamp(label) => timestamp(c, b, label, ","),
        Body::TimestampIdentity(label) => {
            timestamp(c, b, label, ",")?;
            port_identity(c, b + 10)
        }
        Body::Announce => announce(c, b),
        Body::PortId => port_identity(c, b),
        Body::Management => {
            port_identity(c, b)?;
            for (label, hex) in [
                (", , start boundary hops  ", false),
                (", , boundary hops  ", false),
                (", , flags  ", true),
                (", , reserved  ", true),
            ] {
                if hex {
                    ptp_hex(c, label, b, 1)?;
                } else {
                    ptp_dec(c, label, b, 1)?;
                }
            }
            Ok(())
        }
        Body::Nothing => Ok(()),
    }
}

/// `, label : S seconds, N nanoseconds` (`sep` after the seconds).
fn timestamp<W: Write>(c: &mut Cursor<'_, W>, b: usize, label: &str, sep: &str) -> R {
    c.s(", ")?;
    c.s(label)?;
    c.s(" :")?;
    ptp_dec(c, " ", b, 6)?;
    c.s(" seconds")?;
    c.s(sep)?;
    ptp_dec(c, " ", b + 6, 4)?;
    c.s(" nanoseconds")
}

/// `, port identity : 0x..., port id : N`.
fn port_identity<W: Write>(c: &mut Cursor<'_, W>, b: usize) -> R {
    ptp_hex(c, ", port identity : ", b, 8)?;
    ptp_dec(c, ", port id : ", b + 8, 2)
}

/// An announce message's body.
fn announce<W: Write>(c: &mut Cursor<'_, W>, b: usize) -> R {
    timestamp(c, b, ORIGIN, "")?;
    ptp_dec(c, ", origin cur utc :", b + 10, 2)?;
    ptp_dec(c, ", rsvd : ", b + 12, 1)?;
    ptp_dec(c, ", gm priority_1 : ", b + 13, 1)?;
    ptp_dec(c, ", gm clock class : ", b + 14, 1)?;
    ptp_dec(c, ", gm clock accuracy : ", b + 15, 1)?;
    ptp_dec(c, ", gm clock variance : ", b + 16, 2)?;
    ptp_dec(c, ", gm priority_2 : ", b + 18, 1)?;
    ptp_hex(c, ", gm clock id : ", b + 19, 8)?;
    ptp_dec(c, ", steps removed : ", b + 27, 2)?;
    ptp_hex(c, ", time source : ", b + 29, 1)
}
