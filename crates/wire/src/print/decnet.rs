//! DECnet Phase IV (EtherType 0x6003): tcpdump's `decnet_print`.
//!
//! The routing layer's control messages (initialization, verification, test, level 1 and
//! level 2 routing, router and endnode hellos), and data packets' route header (short or
//! long: `SRC > DST PKTLEN`, with the flags and hop count under `-v`) followed by the NSP
//! message (data, interrupt, link service, acks, connect and disconnect). DECnet fields are
//! little-endian; node addresses print as `AREA.NODE`.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// The route header's flags: pad, future version, control message, message type.
const RMF_PAD: u8 = 0x80;
const RMF_PADMASK: u8 = 0x7f;
const RMF_FVER: u8 = 0x40;
const RMF_CTLMSG: u8 = 0x01;
const RMF_MASK: u8 = 7;
const RMF_SHORT: u8 = 2;
const RMF_LONG: u8 = 6;
const RMF_RQR: u8 = 0o10;
const RMF_RTS: u8 = 0o20;
const RMF_IE: u8 = 0o40;

/// The short and long route headers' lengths.
const SHORT_LEN: u32 = 6;
const LONG_LEN: u32 = 21;

/// The NSP header's length, and its message type and subtype masks.
const NSP_LEN: u32 = 5;
const NSP_TYPEMASK: u8 = 0o14;
const NSP_SUBMASK: u8 = 0o160;

/// The sequence field's flags.
const SGQ_ACK: u16 = 0o100000;
const SGQ_NAK: u16 = 0o110000;
const SGQ_OACK: u16 = 0o120000;
const SGQ_ONAK: u16 = 0o130000;
const SGQ_MASK: u16 = 0o7777;

/// Disconnect reasons.
const REASONS: &Tok = &[
    (0, "object rejected connect"),
    (1, "insufficient resources"),
    (2, "unrecognized node name"),
    (3, "node is shutting down"),
    (4, "unrecognized object"),
    (5, "invalid object name format"),
    (6, "object too busy"),
    (7, "protocol error discovered"),
    (8, "third party abort"),
    (9, "user abort"),
    (10, "invalid node name format"),
    (11, "local node shutting down"),
    (32, "insufficient local resources"),
    (33, "insufficient remote user resources"),
    (34, "invalid access control information"),
    (36, "bad ACCOUNT information"),
    (38, "no response from object"),
    (39, "node unreachable"),
    (41, "no link terminate"),
    (42, "disconnect complete"),
    (43, "bad image data in connect"),
    (54, "cryptographic service mismatch"),
];

/// The little-endian 16-bit field at `o`.
fn le16<W: Write>(c: &Cursor<'_, W>, o: usize) -> R<u16> {
    let b = c.bytes(o, 2)?;
    Ok(u16::from_le_bytes([b[0], b[1]]))
}

/// A node address: `AREA.NODE`.
fn node<W: Write>(c: &mut Cursor<'_, W>, a: u16) -> R {
    c.d(a >> 10)?;
    c.s(".")?;
    c.d(a & 0o1777)
}

/// `%o`.
fn octal<W: Write>(c: &mut Cursor<'_, W>, v: u8) -> R {
    let digits = [b'0' + (v >> 6), b'0' + (v >> 3 & 7), b'0' + (v & 7)];
    let skip = if v >= 0o100 {
        0
    } else if v >= 0o10 {
        1
    } else {
        2
    };
    c.s(fmtx::ascii(&digits[skip..])?)
}

/// `ND_DEFAULTPRINT` of `len` bytes at `at` (at most what is captured).
fn dump<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: u32) -> R {
    let n = (len as usize).min(c.avail(at));
    c.default_print(at, n)
}

/// `decnet_print`: the DECnet packet at `ap`, `length` bytes on the wire.
pub(crate) fn decnet_print<W: Write>(c: &mut Cursor<'_, W>, ap: usize, length: u32) -> R {
    c.proto = "decnet";
    if decnet(c, ap, length)? {
        Ok(())
    } else {
        c.invalid()
    }
}

/// [`decnet_print`]; `Ok(false)` for an invalid packet.
fn decnet<W: Write>(c: &mut Cursor<'_, W>, mut ap: usize, length: u32) -> R<bool> {
    if length < SHORT_LEN {
        c.s(" (length ")?;
        c.d(length)?;
        c.s(" < 6)")?;
        return Ok(false);
    }
    let pktlen = u32::from(le16(c, ap)?);
    if pktlen < SHORT_LEN {
        c.s(" (pktlen ")?;
        c.d(pktlen)?;
        c.s(" < 6)")?;
        return Ok(false);
    }
    if pktlen > length {
        c.s(" (pktlen ")?;
        c.d(pktlen)?;
        c.s(" > ")?;
        c.d(length)?;
        c.s(")")?;
        return Ok(false);
    }
    let mut length = pktlen;
    let mut mflags = c.u8(ap + 2)?;
    if mflags & RMF_PAD != 0 {
        let padlen = u32::from(mflags & RMF_PADMASK);
        if c.vflag > 0 {
            c.s("[pad:")?;
            c.d(padlen)?;
            c.s("] ")?;
        }
        if length < padlen + 2 {
            c.s(" (length ")?;
            c.d(length)?;
            c.s(" < ")?;
            c.d(padlen + 2)?;
            c.s(")")?;
            return Ok(false);
        }
        c.bytes(ap + 2, padlen as usize)?;
        ap += padlen as usize;
        length -= padlen;
        mflags = c.u8(ap + 2)?;
    }
    let rh = ap + 2;
    if mflags & RMF_FVER != 0 {
        c.s("future-version-decnet")?;
        dump(c, ap, length)?;
        return Ok(true);
    }
    if mflags & RMF_CTLMSG != 0 {
        return ctlmsg(c, rh, mflags, length);
    }
    let (dst, src, hops, nsp, nsplen) = match mflags & RMF_MASK {
        RMF_LONG => {
            if length < LONG_LEN {
                c.s(" (length ")?;
                c.d(length)?;
                c.s(" < 21)")?;
                return Ok(false);
            }
            c.bytes(rh, LONG_LEN as usize)?;
            let dst = le16(c, rh + 7)?;
            let src = le16(c, rh + 15)?;
            let hops = u32::from(c.u8(rh + 18)?);
            (dst, src, hops, rh + LONG_LEN as usize, length - LONG_LEN)
        }
        RMF_SHORT => {
            let dst = le16(c, rh + 1)?;
            let src = le16(c, rh + 3)?;
            let hops = u32::from(c.u8(rh + 5)? & 0o77) + 1;
            (dst, src, hops, rh + SHORT_LEN as usize, length - SHORT_LEN)
        }
        _ => {
            c.s("unknown message flags under mask")?;
            dump(c, ap, length)?;
            return Ok(true);
        }
    };
    node(c, src)?;
    c.s(" > ")?;
    node(c, dst)?;
    c.s(" ")?;
    c.d(pktlen)?;
    c.s(" ")?;
    if c.vflag > 0 {
        for (bit, name) in [(RMF_RQR, "RQR "), (RMF_RTS, "RTS "), (RMF_IE, "IE ")] {
            if mflags & bit != 0 {
                c.s(name)?;
            }
        }
        c.d(hops)?;
        c.s(" hops ")?;
    }
    nsp_print(c, nsp, nsplen)
}

/// `print_t_info`: an initialization message's node type and flags.
fn t_info<W: Write>(c: &mut Cursor<'_, W>, info: u8) -> R {
    c.s(match info & 3 {
        0 => "reserved-ntype? ",
        1 => "l2rout ",
        2 => "l1rout ",
        _ => "endnode ",
    })?;
    if info & 4 != 0 {
        c.s("verif ")?;
    }
    if info & 8 != 0 {
        c.s("blo ")?;
    }
    Ok(())
}

/// `print_i_info`: a hello's node type and flags.
fn i_info<W: Write>(c: &mut Cursor<'_, W>, info: u8) -> R {
    t_info(c, info & 7)?;
    if info & 0o40 != 0 {
        c.s("nomcast ")?;
    }
    if info & 0o100 != 0 {
        c.s("blo ")?;
    }
    Ok(())
}

/// ` src NODE` then `label` and the octal byte at `at`.
fn src_and<W: Write>(c: &mut Cursor<'_, W>, rh: usize, label: &str, at: usize) -> R {
    let (src, v) = (le16(c, rh + 1)?, c.u8(at)?);
    c.s("src ")?;
    node(c, src)?;
    c.s(label)?;
    octal(c, v)
}

/// `print_decnet_ctlmsg`: a routing layer control message; `Ok(false)` when too short.
fn ctlmsg<W: Write>(c: &mut Cursor<'_, W>, rh: usize, mflags: u8, length: u32) -> R<bool> {
    let too_short = |n: u32| length < n;
    match mflags & 0o17 {
        0o1 => {
            c.s("init ")?;
            if too_short(12) {
                return Ok(false);
            }
            c.bytes(rh, 12)?;
            let (src, info, blksize) = (le16(c, rh + 1)?, c.u8(rh + 3)?, le16(c, rh + 4)?);
            let (vers, eco, ueco) = (c.u8(rh + 6)?, c.u8(rh + 7)?, c.u8(rh + 8)?);
            let hello = le16(c, rh + 9)?;
            t_info(c, info)?;
            c.s("src ")?;
            node(c, src)?;
            c.s("blksize ")?;
            c.d(blksize)?;
            version(c, vers, eco, ueco)?;
            c.s(" hello ")?;
            c.d(hello)?;
        }
        0o3 => {
            c.s("verification ")?;
            if too_short(4) {
                return Ok(false);
            }
            src_and(c, rh, " fcnval ", rh + 3)?;
        }
        0o5 => {
            c.s("test ")?;
            if too_short(4) {
                return Ok(false);
            }
            src_and(c, rh, " data ", rh + 3)?;
        }
        0o7 | 0o11 => {
            let l1 = mflags & 0o17 == 0o7;
            c.s(if l1 {
                "lev-1-routing "
            } else {
                "lev-2-routing "
            })?;
            if too_short(4) {
                return Ok(false);
            }
            c.bytes(rh, 4)?;
            let src = le16(c, rh + 1)?;
            c.s("src ")?;
            node(c, src)?;
            c.s(" ")?;
            routes(c, rh + 4, length - 4, if l1 { "{ids " } else { "{areas " })?;
        }
        0o13 => {
            c.s("router-hello ")?;
            if too_short(18) {
                return Ok(false);
            }
            c.bytes(rh, 18)?;
            let (vers, eco, ueco) = (c.u8(rh + 1)?, c.u8(rh + 2)?, c.u8(rh + 3)?);
            let (src, info, blksize) = (le16(c, rh + 8)?, c.u8(rh + 10)?, le16(c, rh + 11)?);
            let (prio, hello) = (c.u8(rh + 13)?, le16(c, rh + 15)?);
            i_info(c, info)?;
            c.s("vers ")?;
            c.d(vers)?;
            c.s(" eco ")?;
            c.d(eco)?;
            c.s(" ueco ")?;
            c.d(ueco)?;
            c.s(" src ")?;
            node(c, src)?;
            c.s(" blksize ")?;
            c.d(blksize)?;
            c.s(" pri ")?;
            c.d(prio)?;
            c.s(" hello ")?;
            c.d(hello)?;
        }
        0o15 => {
            c.s("endnode-hello ")?;
            if too_short(32) {
                return Ok(false);
            }
            let (vers, eco, ueco) = (c.u8(rh + 1)?, c.u8(rh + 2)?, c.u8(rh + 3)?);
            let (src, info, blksize) = (le16(c, rh + 8)?, c.u8(rh + 10)?, le16(c, rh + 11)?);
            let (rtr, hello, data) = (le16(c, rh + 26)?, le16(c, rh + 28)?, c.u8(rh + 31)?);
            i_info(c, info)?;
            c.s("vers ")?;
            c.d(vers)?;
            c.s(" eco ")?;
            c.d(eco)?;
            c.s(" ueco ")?;
            c.d(ueco)?;
            c.s(" src ")?;
            node(c, src)?;
            c.s(" blksize ")?;
            c.d(blksize)?;
            c.s(" rtr ")?;
            node(c, rtr)?;
            c.s(" hello ")?;
            c.d(hello)?;
            c.s(" data ")?;
            octal(c, data)?;
        }
        _ => {
            c.s("unknown control message")?;
            dump(c, rh, length)?;
        }
    }
    Ok(true)
}

/// ` vers V eco E ueco U` of an initialization message.
fn version<W: Write>(c: &mut Cursor<'_, W>, vers: u8, eco: u8, ueco: u8) -> R {
    c.s(" vers ")?;
    c.d(vers)?;
    c.s(" eco ")?;
    c.d(eco)?;
    c.s(" ueco ")?;
    c.d(ueco)
}

/// `print_l1_routes`, `print_l2_routes`: `{ids FIRST-LAST cost C hops H} ` for each entry.
fn routes<W: Write>(c: &mut Cursor<'_, W>, mut rp: usize, mut len: u32, label: &str) -> R {
    while len > 6 {
        c.bytes(rp, 6)?;
        let count = u32::from(le16(c, rp)?);
        if count > 1024 {
            return Ok(());
        }
        let (id, info) = (u32::from(le16(c, rp + 2)?), le16(c, rp + 4)?);
        rp += 6;
        len -= 6;
        c.s(label)?;
        c.d(id)?;
        c.s("-")?;
        c.d(id + count)?;
        c.s(" cost ")?;
        c.d(info & 0o777)?;
        c.s(" hops ")?;
        c.d(info >> 10 & 0o37)?;
        c.s("} ")?;
    }
    Ok(())
}

/// An acknowledgement number: `ack N ` or `nak N ` (`names` for the other channel's).
fn ack_num<W: Write>(c: &mut Cursor<'_, W>, ack: u16, nak: u16, names: (&str, &str)) -> R {
    c.s(if ack & nak == nak { names.1 } else { names.0 })?;
    c.d(ack & SGQ_MASK)?;
    c.s(" ")
}

/// The sequence numbers of a data, interrupt or link service segment at `p`: the ack, the
/// other channel's ack (`other` names it) and the segment number; `checked` when each
/// field must fit `nsplen` (data and interrupts). `Ok(false)` when one does not.
fn seqs<W: Write>(
    c: &mut Cursor<'_, W>,
    p: usize,
    nsplen: u32,
    other: (&str, &str),
    checked: bool,
) -> R<bool> {
    let mut off = 7u32;
    if checked && nsplen < off {
        return Ok(false);
    }
    let mut ack = le16(c, p + 5)?;
    if ack & SGQ_ACK != 0 {
        ack_num(c, ack, SGQ_NAK, ("ack ", "nak "))?;
        off += 2;
        if checked && nsplen < off {
            return Ok(false);
        }
        ack = le16(c, p + 7)?;
        if ack & SGQ_OACK != 0 {
            ack_num(c, ack, SGQ_ONAK, other)?;
            off += 2;
            if checked && nsplen < off {
                return Ok(false);
            }
            ack = le16(c, p + 9)?;
        }
    }
    c.s("seg ")?;
    c.d(ack & SGQ_MASK)?;
    c.s(" ")?;
    Ok(true)
}

/// ` SRC>DST ` after a message's name.
fn link<W: Write>(c: &mut Cursor<'_, W>, name: &str, src: u16, dst: u16) -> R {
    c.s(name)?;
    c.d(src)?;
    c.s(">")?;
    c.d(dst)?;
    c.s(" ")
}

/// `reserved-...? FLAGS SRC > DST`.
fn reserved<W: Write>(c: &mut Cursor<'_, W>, what: &str, flags: u8, src: u16, dst: u16) -> R {
    c.s(what)?;
    c.x(flags)?;
    c.s(" ")?;
    c.d(src)?;
    c.s(" > ")?;
    c.d(dst)
}

/// `print_nsp`: the NSP message at `p`; `Ok(false)` when too short.
fn nsp_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, nsplen: u32) -> R<bool> {
    if nsplen < NSP_LEN {
        c.s(" (nsplen ")?;
        c.d(nsplen)?;
        c.s(" < 5)")?;
        return Ok(false);
    }
    let flags = c.u8(p)?;
    let dst = le16(c, p + 1)?;
    let src = le16(c, p + 3)?;
    let sub = flags & NSP_SUBMASK;
    match flags & NSP_TYPEMASK {
        0 => match sub {
            0o40 | 0 | 0o100 | 0o140 => {
                link(c, "data ", src, dst)?;
                return seqs(c, p, nsplen, ("oack ", "onak "), true);
            }
            0o60 => {
                c.s("intr ")?;
                return seqs(c, p, nsplen, ("ackdat ", "nakdat "), true);
            }
            0o20 => {
                link(c, "link-service ", src, dst)?;
                if nsplen < 13 {
                    return Ok(false);
                }
                seqs(c, p, nsplen, ("ackdat ", "nakdat "), false)?;
                let (lsflags, fcval) = (c.u8(p + 11)?, c.u8(p + 12)?);
                match lsflags & 0o14 {
                    0 => {
                        c.s("dat seg count ")?;
                        c.d(fcval)?;
                        c.s(" ")?;
                        match lsflags & 3 {
                            0 => {}
                            1 => c.s("donotsend-data ")?,
                            2 => c.s("send-data ")?,
                            _ => {
                                c.s("reserved-fcmod? ")?;
                                c.x(lsflags)?;
                            }
                        }
                    }
                    4 => {
                        c.s("intr req count ")?;
                        c.d(fcval)?;
                        c.s(" ")?;
                    }
                    _ => {
                        c.s("reserved-fcval-int? ")?;
                        c.x(lsflags)?;
                    }
                }
            }
            _ => reserved(c, "reserved-subtype? ", flags, src, dst)?,
        },
        0o4 => match sub {
            0 | 0o20 => {
                let data = sub == 0;
                link(c, if data { "data-ack " } else { "ils-ack " }, src, dst)?;
                if nsplen < 9 {
                    return Ok(false);
                }
                c.bytes(p, 9)?;
                let ack = le16(c, p + 5)?;
                if ack & SGQ_ACK != 0 {
                    ack_num(c, ack, SGQ_NAK, ("ack ", "nak "))?;
                    let ack = le16(c, p + 7)?;
                    if ack & SGQ_OACK != 0 {
                        let other = if data {
                            ("oack ", "onak ")
                        } else {
                            ("ackdat ", "nakdat ")
                        };
                        ack_num(c, ack, SGQ_ONAK, other)?;
                    }
                }
            }
            0o40 => {
                c.s("conn-ack ")?;
                c.d(dst)?;
            }
            _ => reserved(c, "reserved-acktype? ", flags, src, dst)?,
        },
        0o10 => match sub {
            0o20 | 0o140 => {
                c.s(if sub == 0o20 {
                    "conn-initiate "
                } else {
                    "retrans-conn-initiate "
                })?;
                c.d(src)?;
                c.s(">")?;
                c.d(dst)?;
                c.s(" ")?;
                if nsplen < 9 {
                    return Ok(false);
                }
                services(c, p)?;
            }
            0o40 => {
                link(c, "conn-confirm ", src, dst)?;
                if nsplen < 10 {
                    return Ok(false);
                }
                let optlen = c.u8(p + 9)?;
                services(c, p)?;
                if optlen != 0 {
                    c.s("optlen ")?;
                    c.d(optlen)?;
                    c.s(" ")?;
                }
            }
            0o60 => {
                link(c, "disconn-initiate ", src, dst)?;
                if nsplen < 8 {
                    return Ok(false);
                }
                let (reason, optlen) = (le16(c, p + 5)?, c.u8(p + 7)?);
                print_reason(c, reason)?;
                if optlen != 0 {
                    c.s("optlen ")?;
                    c.d(optlen)?;
                    c.s(" ")?;
                }
            }
            0o100 => {
                link(c, "disconn-confirm ", src, dst)?;
                let reason = le16(c, p + 5)?;
                print_reason(c, reason)?;
            }
            _ => reserved(c, "reserved-ctltype? ", flags, src, dst)?,
        },
        _ => reserved(c, "reserved-type? ", flags, src, dst)?,
    }
    Ok(true)
}

/// A connect message's flow control, NSP version and segment size.
fn services<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    let (services, info, segsize) = (c.u8(p + 5)?, c.u8(p + 6)?, le16(c, p + 7)?);
    match services & 0o14 {
        4 => c.s("seg ")?,
        8 => c.s("msg ")?,
        _ => {}
    }
    c.s(match info & 3 {
        0 => "ver 3.2 ",
        1 => "ver 3.1 ",
        2 => "ver 4.0 ",
        _ => "ver 4.1 ",
    })?;
    c.s("segsize ")?;
    c.d(segsize)?;
    c.s(" ")
}

/// `print_reason`: a disconnect reason and a space.
fn print_reason<W: Write>(c: &mut Cursor<'_, W>, reason: u16) -> R {
    tok::tok2str(
        c.out,
        tok::find(REASONS, reason.into()),
        reason.into(),
        Unknown::dec("reason-", ""),
    )?;
    c.s(" ")
}
