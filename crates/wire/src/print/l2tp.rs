//! L2TP (UDP port 1701, RFC 2661): tcpdump 4.99's `l2tp_print`. The flags, tunnel and
//! session IDs and sequence numbers; a control message's AVPs each as `NAME(value)` (`*` for
//! mandatory, `?` for hidden); a data message's PPP frame between braces.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{find, Tok};

const FLAG_TYPE: u16 = 0x8000;
const FLAG_LENGTH: u16 = 0x4000;
const FLAG_SEQUENCE: u16 = 0x0800;
const FLAG_OFFSET: u16 = 0x0200;
const FLAG_PRIORITY: u16 = 0x0100;

const MSG_TYPES: &Tok = &[
    (1, "SCCRQ"),
    (2, "SCCRP"),
    (3, "SCCCN"),
    (4, "StopCCN"),
    (6, "HELLO"),
    (7, "OCRQ"),
    (8, "OCRP"),
    (9, "OCCN"),
    (10, "ICRQ"),
    (11, "ICRP"),
    (12, "ICCN"),
    (14, "CDN"),
    (15, "WEN"),
    (16, "SLI"),
];

/// The IETF attributes' names, by type.
const AVP_NAMES: &Tok = &[
    (0, "MSGTYPE"),
    (1, "RESULT_CODE"),
    (2, "PROTO_VER"),
    (3, "FRAMING_CAP"),
    (4, "BEARER_CAP"),
    (5, "TIE_BREAKER"),
    (6, "FIRM_VER"),
    (7, "HOST_NAME"),
    (8, "VENDOR_NAME"),
    (9, "ASSND_TUN_ID"),
    (10, "RECV_WIN_SIZE"),
    (11, "CHALLENGE"),
    (12, "Q931_CC"),
    (13, "CHALLENGE_RESP"),
    (14, "ASSND_SESS_ID"),
    (15, "CALL_SER_NUM"),
    (16, "MINIMUM_BPS"),
    (17, "MAXIMUM_BPS"),
    (18, "BEARER_TYPE"),
    (19, "FRAMING_TYPE"),
    (20, "PACKET_PROC_DELAY"),
    (21, "CALLED_NUMBER"),
    (22, "CALLING_NUMBER"),
    (23, "SUB_ADDRESS"),
    (24, "TX_CONN_SPEED"),
    (25, "PHY_CHANNEL_ID"),
    (26, "INI_RECV_LCP"),
    (27, "LAST_SENT_LCP"),
    (28, "LAST_RECV_LCP"),
    (29, "PROXY_AUTH_TYPE"),
    (30, "PROXY_AUTH_NAME"),
    (31, "PROXY_AUTH_CHAL"),
    (32, "PROXY_AUTH_ID"),
    (33, "PROXY_AUTH_RESP"),
    (34, "CALL_ERRORS"),
    (35, "ACCM"),
    (36, "RANDOM_VECTOR"),
    (37, "PRIVATE_GRP_ID"),
    (38, "RX_CONN_SPEED"),
    (39, "SEQ_REQUIRED"),
    (46, "PPP_DISCON_CC"),
];

const AUTH_TYPES: &Tok = &[
    (0, "Reserved"),
    (1, "Textual"),
    (2, "CHAP"),
    (3, "PAP"),
    (4, "No Auth"),
    (5, "MS-CHAPv1"),
];

const DIRECTIONS: &Tok = &[(0, "global error"), (1, "at peer"), (2, "at local")];

/// What is printed when an AVP's value is shorter than its type needs.
const SHORT: &str = "AVP too short";

/// `l2tp_print`: the header at `bp` of a datagram of `length` bytes, then its AVPs or PPP.
#[cold]
#[inline(never)]
pub(crate) fn l2tp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, mut length: u32) -> R {
    c.proto = "l2tp";
    let flags = c.be16(bp)?;
    match flags & 0x000f {
        2 => c.s(" l2tp:")?,
        1 => return c.s(" l2f:"),
        _ => return c.s(" Unknown Version, neither L2F(1) nor L2TP(2)"),
    }
    c.s("[")?;
    for (bit, letter) in [
        (FLAG_TYPE, "T"),
        (FLAG_LENGTH, "L"),
        (FLAG_SEQUENCE, "S"),
        (FLAG_OFFSET, "O"),
        (FLAG_PRIORITY, "P"),
    ] {
        if flags & bit != 0 {
            c.s(letter)?;
        }
    }
    c.s("]")?;
    let mut p = bp + 2;
    let l2tp_len = if flags & FLAG_LENGTH != 0 {
        let l = c.be16(p)?;
        p += 2;
        l
    } else {
        0
    };
    let tunnel = c.be16(p)?;
    c.s("(")?;
    c.d(tunnel)?;
    c.s("/")?;
    let session = c.be16(p + 2)?;
    c.d(session)?;
    c.s(")")?;
    p += 4;
    if flags & FLAG_SEQUENCE != 0 {
        let ns = c.be16(p)?;
        c.s("Ns=")?;
        c.d(ns)?;
        c.s(",")?;
        let nr = c.be16(p + 2)?;
        c.s("Nr=")?;
        c.d(nr)?;
        p += 4;
    }
    if flags & FLAG_OFFSET != 0 {
        let pad = usize::from(c.be16(p)?);
        if !c.test(p + 2, pad) {
            return c.trunc_here();
        }
        p += 2 + pad;
    }
    let cnt = (p - bp) as u32;
    if flags & FLAG_LENGTH != 0 {
        if length < u32::from(l2tp_len) {
            c.s(" Length ")?;
            c.d(l2tp_len)?;
            return c.s(" larger than packet");
        }
        length = u32::from(l2tp_len);
    }
    if length < cnt {
        c.s(" Length ")?;
        c.d(length)?;
        return c.s(" smaller than header length");
    }
    if flags & FLAG_TYPE == 0 {
        c.s(" {")?;
        super::pppoe::ppp_print(c, p, length - cnt)?;
        return c.s("}");
    }
    if flags & FLAG_LENGTH == 0 {
        return c.s(" No length");
    }
    let mut left = length - cnt;
    if left == 0 {
        return c.s(" ZLB");
    }
    while left != 0 {
        match avp_print(c, p, left)? {
            0 => break,
            n => {
                p += n as usize;
                left -= n;
            }
        }
    }
    Ok(())
}

/// `l2tp_avp_print`: one AVP at `p` with `length` bytes left in the message; the bytes it
/// takes, or 0 after ` [|l2tp]` when it is cut or longer than what is left.
fn avp_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R<u32> {
    c.s(" ")?;
    let head = c.be16(p)?;
    let len = u32::from(head & 0x03ff);
    if len < 6 || len > length || !c.test(p, len as usize) {
        c.trunc_here()?;
        return Ok(0);
    }
    if head & 0x8000 != 0 {
        c.s("*")?;
    }
    let hidden = head & 0x4000 != 0;
    if hidden {
        c.s("?")?;
    }
    let vendor = c.be16(p + 2)?;
    let attr = c.be16(p + 4)?;
    let (v, n) = (p + 6, (len - 6) as usize);
    if vendor != 0 {
        c.s("VENDOR")?;
        fmtx::hex_pad(c.out, u64::from(vendor), 4)?;
        c.s(":ATTR")?;
        fmtx::hex_pad(c.out, u64::from(attr), 4)?;
        c.s("(")?;
        octets(c, v, n)?;
        c.s(")")?;
        return Ok(len);
    }
    match find(AVP_NAMES, u32::from(attr)) {
        Some(name) => c.s(name)?,
        None => {
            c.s("AVP-#")?;
            c.d(attr)?;
        }
    }
    c.s("(")?;
    if hidden {
        c.s("???")?;
    } else {
        value(c, attr, v, n)?;
    }
    c.s(")")?;
    Ok(len)
}

/// The value of IETF attribute `attr`: `n` bytes at `v` (all captured).
fn value<W: Write>(c: &mut Cursor<'_, W>, attr: u16, v: usize, n: usize) -> R {
    match attr {
        0 => {
            if n < 2 {
                return c.s(SHORT);
            }
            let t = c.be16(v)?;
            match find(MSG_TYPES, u32::from(t)) {
                Some(name) => c.s(name),
                None => {
                    c.s("MSGTYPE-#")?;
                    c.d(t)
                }
            }
        }
        1 => result_code(c, v, n),
        2 => {
            if n < 2 {
                return c.s(SHORT);
            }
            let ver = c.be16(v)?;
            c.d(ver >> 8)?;
            c.s(".")?;
            c.d(ver & 0xff)
        }
        // Framing capabilities and type: A (asynchronous, bit 1), S (bit 0); bearer
        // capabilities and type: A (analog, bit 1), D (bit 0).
        3 | 19 => bits(c, v, n, "A", "S"),
        4 | 18 => bits(c, v, n, "A", "D"),
        5 => {
            if n < 8 {
                return c.s(SHORT);
            }
            octets(c, v, 8)
        }
        6 | 9 | 10 | 14 => {
            if n < 2 {
                return c.s(SHORT);
            }
            let x = c.be16(v)?;
            c.d(x)
        }
        7 | 8 | 21 | 22 | 23 | 30 | 37 => string(c, v, n),
        11 | 26 | 27 | 28 | 31 | 33 | 36 => octets(c, v, n),
        12 => {
            if n < 3 {
                return c.s(SHORT);
            }
            let cause = c.be16(v)?;
            c.d(cause)?;
            c.s(", ")?;
            let msg = c.u8(v + 2)?;
            c.x02(msg)?;
            if n > 3 {
                c.s(" ")?;
                string(c, v + 3, n - 3)?;
            }
            Ok(())
        }
        13 => {
            if n < 16 {
                return c.s(SHORT);
            }
            octets(c, v, 16)
        }
        15 | 16 | 17 | 24 | 25 | 38 => {
            if n < 4 {
                return c.s(SHORT);
            }
            let x = c.be32(v)?;
            c.d(x)
        }
        20 => c.s("obsolete"),
        29 => {
            if n < 2 {
                return c.s(SHORT);
            }
            let t = c.be16(v)?;
            match find(AUTH_TYPES, u32::from(t)) {
                Some(name) => c.s(name),
                None => {
                    c.s("AuthType-#")?;
                    c.d(t)
                }
            }
        }
        32 => {
            if n < 2 {
                return c.s(SHORT);
            }
            let id = c.be16(v)?;
            c.d(id & 0xff)
        }
        34 => counters(
            c,
            v,
            n,
            &[
                "CRCErr", "FrameErr", "HardOver", "BufOver", "Timeout", "AlignErr",
            ],
            false,
        ),
        35 => counters(c, v, n, &["send", "recv"], true),
        46 => {
            if n < 5 {
                return c.s(SHORT);
            }
            let code = c.be16(v)?;
            fmtx::hex_pad(c.out, u64::from(code), 4)?;
            c.s(", ")?;
            let proto = c.be16(v + 2)?;
            fmtx::hex_pad(c.out, u64::from(proto), 4)?;
            c.s(" ")?;
            let dir = c.u8(v + 4)?;
            match find(DIRECTIONS, u32::from(dir)) {
                Some(name) => c.s(name)?,
                None => {
                    c.s("Direction-#")?;
                    c.d(dir)?;
                }
            }
            if n > 5 {
                c.s(" ")?;
                string(c, v + 5, n - 5)?;
            }
            Ok(())
        }
        // Sequencing Required has no value; the others print nothing between the parentheses.
        _ => Ok(()),
    }
}

/// Result Code: the code, then `/error` and ` message` when present.
fn result_code<W: Write>(c: &mut Cursor<'_, W>, v: usize, n: usize) -> R {
    if n < 2 {
        return c.s(SHORT);
    }
    let code = c.be16(v)?;
    c.d(code)?;
    if n == 2 {
        return Ok(());
    }
    if n < 4 {
        c.s(" ")?;
        return c.s(SHORT);
    }
    let err = c.be16(v + 2)?;
    c.s("/")?;
    c.d(err)?;
    if n == 4 {
        return Ok(());
    }
    c.s(" ")?;
    string(c, v + 4, n - 4)
}

/// Two capability letters from a 32-bit value: `hi` for bit 1, `lo` for bit 0.
fn bits<W: Write>(c: &mut Cursor<'_, W>, v: usize, n: usize, hi: &str, lo: &str) -> R {
    if n < 4 {
        return c.s(SHORT);
    }
    let x = c.be32(v)?;
    if x & 2 != 0 {
        c.s(hi)?;
    }
    if x & 1 != 0 {
        c.s(lo)?;
    }
    Ok(())
}

/// Call Errors and ACCM: a 2-byte reserved field, then 32-bit counters `NAME=value ` (in hex,
/// 8 digits, for the ACCM), `AVP too short` where the value ends early.
fn counters<W: Write>(c: &mut Cursor<'_, W>, v: usize, n: usize, names: &[&str], hex: bool) -> R {
    if n < 2 {
        return c.s(SHORT);
    }
    let (mut p, mut left) = (v + 2, n - 2);
    for name in names {
        if left < 4 {
            return c.s(SHORT);
        }
        let x = c.be32(p)?;
        c.s(name)?;
        c.s("=")?;
        if hex {
            fmtx::hex_pad(c.out, u64::from(x), 8)?;
        } else {
            c.d(x)?;
        }
        c.s(" ")?;
        p += 4;
        left -= 4;
    }
    Ok(())
}

/// `n` bytes at `p` as `%02x` each.
fn octets<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: usize) -> R {
    for i in 0..n {
        let b = c.u8(p + i)?;
        c.x02(b)?;
    }
    Ok(())
}

/// `n` bytes at `p` as text, each as `fn_print_char` shows it.
fn string<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: usize) -> R {
    for i in 0..n {
        let b = c.u8(p + i)?;
        fmtx::safe_char(c.out, b)?;
    }
    Ok(())
}
