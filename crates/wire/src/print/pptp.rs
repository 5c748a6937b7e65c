//! PPTP's control connection (TCP port 1723, RFC 2637): tcpdump 4.99's `pptp_print`. The
//! header's length, message type and magic cookie at `-v`, then the control message's fields,
//! each as `NAME(value)`; result and error codes gain their meaning at `-v`.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vfmt::printjnp;
use crate::tok::{find, Tok};

/// The control message types' names, by type (0 is not defined by the RFC).
const TYPES: [&str; 16] = [
    "NOT_DEFINED",
    "SCCRQ",
    "SCCRP",
    "StopCCRQ",
    "StopCCRP",
    "ECHORQ",
    "ECHORP",
    "OCRQ",
    "OCRP",
    "ICRQ",
    "ICRP",
    "ICCN",
    "CCRQ",
    "CDN",
    "WEN",
    "SLI",
];

const SCCRP: u16 = 2;
const STOPCCRP: u16 = 4;
const ECHORP: u16 = 6;
const OCRP: u16 = 8;
const ICRP: u16 = 10;
const CDN: u16 = 13;

/// The magic cookie every control message carries.
const MAGIC: u32 = 0x1a2b_3c4d;

const ERR_CODES: &Tok = &[
    (0, "None"),
    (1, "Not-Connected"),
    (2, "Bad-Format"),
    (3, "Bad-Value"),
    (4, "No-Resource"),
    (5, "Bad-Call-ID"),
    (6, "PAC-Error"),
];
const SCCRP_RESULTS: &Tok = &[
    (1, "Successful channel establishment"),
    (2, "General error"),
    (3, "Command channel already exists"),
    (
        4,
        "Requester is not authorized to establish a command channel",
    ),
    (5, "The protocol version of the requester is not supported"),
];
const ECHORP_RESULTS: &Tok = &[(1, "OK"), (2, "General Error")];
const OCRP_RESULTS: &Tok = &[
    (1, "Connected"),
    (2, "General Error"),
    (3, "No Carrier"),
    (4, "Busy"),
    (5, "No Dial Tone"),
    (6, "Time-out"),
    (7, "Do Not Accept"),
];
const ICRP_RESULTS: &Tok = &[(1, "Connect"), (2, "General Error"), (3, "Do Not Accept")];
const CDN_RESULTS: &Tok = &[
    (1, "Lost Carrier"),
    (2, "General Error"),
    (3, "Admin Shutdown"),
    (4, "Request"),
];
const BEARER_TYPES: &Tok = &[(1, "A"), (2, "D"), (3, "Any")];
const FRAMING_TYPES: &Tok = &[(1, "A"), (2, "S"), (3, "E")];

/// One field of a control message: `NAME(value)`.
enum F {
    /// A 16-bit number.
    U16(&'static str),
    /// A 32-bit number.
    U32(&'static str),
    /// A 32-bit number in hex, 8 digits.
    Hex32(&'static str),
    /// A reserved field of 1 or 2 bytes, printed only when it is not zero.
    Reserved(usize),
    /// The protocol version, `PROTO_VER(major.minor)`.
    ProtoVer,
    /// The result code; its meaning at `-v` from the message type's table.
    Result,
    /// The error code; its meaning at `-v`.
    Error,
    /// Framing capabilities: `A` and `S` bits.
    FramingCap,
    /// Bearer capabilities: `D` and `A` bits.
    BearerCap,
    /// A 32-bit code named by the table.
    Named(&'static str, &'static Tok),
    /// Text of at most the given bytes, stopping at a NUL.
    Text(&'static str, usize),
    /// Text of at most 64 bytes and at most the value of the 16-bit field at the given
    /// offset into the message body.
    TextLen(&'static str, usize),
    /// `REASON(n)` of Stop-Control-Connection-Request, its meaning at `-v`.
    Reason,
}

/// Each control message type's body.
fn body(t: u16) -> &'static [(usize, F)] {
    use F::*;
    match t {
        1 => &[
            (0, ProtoVer),
            (2, Reserved(2)),
            (4, FramingCap),
            (8, BearerCap),
            (12, U16("MAX_CHAN")),
            (14, U16("FIRM_REV")),
            (16, Text("HOSTNAME", 64)),
            (80, Text("VENDOR", 64)),
        ],
        2 => &[
            (0, ProtoVer),
            (2, Result),
            (3, Error),
            (4, FramingCap),
            (8, BearerCap),
            (12, U16("MAX_CHAN")),
            (14, U16("FIRM_REV")),
            (16, Text("HOSTNAME", 64)),
            (80, Text("VENDOR", 64)),
        ],
        3 => &[(0, Reason), (1, Reserved(1)), (2, Reserved(2))],
        4 => &[(0, Result), (1, Error), (2, Reserved(2))],
        5 => &[(0, U32("ID"))],
        6 => &[(0, U32("ID")), (4, Result), (5, Error), (6, Reserved(2))],
        7 => &[
            (0, U16("CALL_ID")),
            (2, U16("CALL_SER_NUM")),
            (4, U32("MIN_BPS")),
            (8, U32("MAX_BPS")),
            (12, Named("BEARER_TYPE", BEARER_TYPES)),
            (16, Named("FRAME_TYPE", FRAMING_TYPES)),
            (20, U16("RECV_WIN")),
            (22, U16("PROC_DELAY")),
            (24, U16("PHONE_NO_LEN")),
            (26, Reserved(2)),
            (28, TextLen("PHONE_NO", 24)),
            (92, Text("SUB_ADDR", 64)),
        ],
        8 => &[
            (0, U16("CALL_ID")),
            (2, U16("PEER_CALL_ID")),
            (4, Result),
            (5, Error),
            (6, U16("CAUSE_CODE")),
            (8, U32("CONN_SPEED")),
            (12, U16("RECV_WIN")),
            (14, U16("PROC_DELAY")),
            (16, U32("PHY_CHAN_ID")),
        ],
        9 => &[
            (0, U16("CALL_ID")),
            (2, U16("CALL_SER_NUM")),
            (4, Named("BEARER_TYPE", BEARER_TYPES)),
            (8, U32("PHY_CHAN_ID")),
            (12, U16("DIALED_NO_LEN")),
            (14, U16("DIALING_NO_LEN")),
            (16, TextLen("DIALED_NO", 12)),
            (80, TextLen("DIALING_NO", 14)),
            (144, Text("SUB_ADDR", 64)),
        ],
        10 => &[
            (0, U16("CALL_ID")),
            (2, U16("PEER_CALL_ID")),
            (4, Result),
            (5, Error),
            (6, U16("RECV_WIN")),
            (8, U16("PROC_DELAY")),
            (10, Reserved(2)),
        ],
        11 => &[
            (0, U16("PEER_CALL_ID")),
            (2, Reserved(2)),
            (4, U32("CONN_SPEED")),
            (8, U16("RECV_WIN")),
            (10, U16("PROC_DELAY")),
            (12, Named("FRAME_TYPE", FRAMING_TYPES)),
        ],
        12 => &[(0, U16("CALL_ID")), (2, Reserved(2))],
        13 => &[
            (0, U16("CALL_ID")),
            (2, Result),
            (3, Error),
            (4, U16("CAUSE_CODE")),
            (6, Reserved(2)),
            (8, Text("CALL_STATS", 128)),
        ],
        14 => &[
            (0, U16("PEER_CALL_ID")),
            (2, Reserved(2)),
            (4, U32("CRC_ERR")),
            (8, U32("FRAMING_ERR")),
            (12, U32("HARDWARE_OVERRUN")),
            (16, U32("BUFFER_OVERRUN")),
            (20, U32("TIMEOUT_ERR")),
            (24, U32("ALIGN_ERR")),
        ],
        15 => &[
            (0, U16("PEER_CALL_ID")),
            (2, Reserved(2)),
            (4, Hex32("SEND_ACCM")),
            (8, Hex32("RECV_ACCM")),
        ],
        _ => &[],
    }
}

/// `pptp_print`: `: pptp`, the header, and the control message at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn pptp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    c.proto = "pptp";
    c.s(": pptp")?;
    let v = c.vflag > 0;
    if v {
        let len = c.be16(bp)?;
        c.s(" Length=")?;
        c.d(len)?;
        c.s(match c.be16(bp + 2)? {
            1 => " CTRL-MSG",
            2 => " MGMT-MSG",
            _ => " UNKNOWN-MSG-TYPE",
        })?;
    }
    let mc = c.be32(bp + 4)?;
    if mc != MAGIC {
        c.s(" UNEXPECTED Magic-Cookie!!(")?;
        hex8(c, mc)?;
        c.s(")")?;
    }
    if v || mc != MAGIC {
        c.s(" Magic-Cookie=")?;
        hex8(c, mc)?;
    }
    let t = c.be16(bp + 8)?;
    match TYPES.get(usize::from(t)) {
        Some(name) => {
            c.s(" CTRL_MSGTYPE=")?;
            c.s(name)?;
        }
        None => {
            c.s(" UNKNOWN_CTRL_MSGTYPE(")?;
            c.d(t)?;
            c.s(")")?;
        }
    }
    reserved(c, bp + 10, 2)?;
    let at = bp + 12;
    for (o, f) in body(t) {
        field(c, t, at, *o, f)?;
    }
    Ok(())
}

/// Prints field `f` at `o` bytes into the body at `at` of a message of type `t`.
fn field<W: Write>(c: &mut Cursor<'_, W>, t: u16, at: usize, o: usize, f: &F) -> R {
    let p = at + o;
    match *f {
        F::U16(name) => {
            let v = c.be16(p)?;
            named_dec(c, name, v.into())
        }
        F::U32(name) => {
            let v = c.be32(p)?;
            named_dec(c, name, v.into())
        }
        F::Hex32(name) => {
            let v = c.be32(p)?;
            c.s(" ")?;
            c.s(name)?;
            c.s("(0x")?;
            hex8(c, v)?;
            c.s(")")
        }
        F::Reserved(n) => reserved(c, p, n),
        F::ProtoVer => {
            let v = c.be16(p)?;
            c.s(" PROTO_VER(")?;
            c.d(v >> 8)?;
            c.s(".")?;
            c.d(v & 0xff)?;
            c.s(")")
        }
        F::Result => {
            let v = c.u8(p)?;
            c.s(" RESULT_CODE(")?;
            c.d(v)?;
            if c.vflag > 0 {
                let table = match t {
                    SCCRP => Some(SCCRP_RESULTS),
                    STOPCCRP | ECHORP => Some(ECHORP_RESULTS),
                    OCRP => Some(OCRP_RESULTS),
                    ICRP => Some(ICRP_RESULTS),
                    CDN => Some(CDN_RESULTS),
                    _ => None,
                };
                if let Some(table) = table {
                    c.s(":")?;
                    c.s(find(table, u32::from(v)).unwrap_or("?"))?;
                }
            }
            c.s(")")
        }
        F::Error => {
            let v = c.u8(p)?;
            c.s(" ERR_CODE(")?;
            c.d(v)?;
            if c.vflag > 0 {
                c.s(":")?;
                c.s(find(ERR_CODES, u32::from(v)).unwrap_or("?"))?;
            }
            c.s(")")
        }
        F::FramingCap => {
            let v = c.be32(p)?;
            c.s(" FRAME_CAP(")?;
            if v & 1 != 0 {
                c.s("A")?;
            }
            if v & 2 != 0 {
                c.s("S")?;
            }
            c.s(")")
        }
        F::BearerCap => {
            let v = c.be32(p)?;
            c.s(" BEARER_CAP(")?;
            if v & 2 != 0 {
                c.s("D")?;
            }
            if v & 1 != 0 {
                c.s("A")?;
            }
            c.s(")")
        }
        F::Named(name, table) => {
            let v = c.be32(p)?;
            c.s(" ")?;
            c.s(name)?;
            c.s("(")?;
            c.s(find(table, v).unwrap_or("?"))?;
            c.s(")")
        }
        F::Text(name, n) => text(c, name, p, n),
        F::TextLen(name, len_at) => {
            let n = usize::from(c.be16(at + len_at)?).min(64);
            text(c, name, p, n)
        }
        F::Reason => {
            let v = c.u8(p)?;
            c.s(" REASON(")?;
            c.d(v)?;
            if c.vflag > 0 {
                c.s(match v {
                    1 => ":None",
                    2 => ":Stop-Protocol",
                    3 => ":Stop-Local-Shutdown",
                    _ => ":?",
                })?;
            }
            c.s(")")
        }
    }
}

/// ` NAME(v)`.
fn named_dec<W: Write>(c: &mut Cursor<'_, W>, name: &str, v: u64) -> R {
    c.s(" ")?;
    c.s(name)?;
    c.s("(")?;
    c.d(v)?;
    c.s(")")
}

/// ` NAME(text)`: at most `n` bytes at `p`, up to a NUL.
fn text<W: Write>(c: &mut Cursor<'_, W>, name: &str, p: usize, n: usize) -> R {
    c.s(" ")?;
    c.s(name)?;
    c.s("(")?;
    printjnp(c, p, n)?;
    c.s(")")
}

/// ` [ERROR: reserved=N must be zero]` for a reserved field of `n` bytes (1 or 2) that is not.
fn reserved<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: usize) -> R {
    let v = if n == 1 {
        u16::from(c.u8(p)?)
    } else {
        c.be16(p)?
    };
    if v != 0 {
        c.s(" [ERROR: reserved=")?;
        c.d(v)?;
        c.s(" must be zero]")?;
    }
    Ok(())
}

/// `%08x`.
fn hex8<W: Write>(c: &mut Cursor<'_, W>, v: u32) -> R {
    crate::fmtx::hex_pad(c.out, u64::from(v), 8)?;
    Ok(())
}
