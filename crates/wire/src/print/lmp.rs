//! LMP, the Link Management Protocol (RFC 4204 and UNI 1.0's service discovery; tcpdump's
//! `print-lmp.c`), with `-T lmp` or on UDP port 701: the version and message type, and at `-v` the common
//! header's flags and length and then every object, named by class and class type and decoded
//! where tcpdump decodes it; objects it does not decode are hex dumped, and `-vv` adds the
//! hex dump of every object.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::tok::{bittok2str, find, tok2str, Tok, Unknown};

/// The common header: version (top 4 bits) and reserved bits, flags, message type, length,
/// reserved.
const HEADER_LEN: usize = 8;
const FLAGS: usize = 2;
const MSG_TYPE: usize = 3;
const LENGTH: usize = 4;

/// An object's header: class type (with the negotiable bit on top), class, length.
const OBJ_HEADER_LEN: usize = 4;

/// The message type's name (RFC 4204 and UNI 1.0's service discovery).
const MSG_TYPES: &Tok = &[
    (1, "Config"),
    (2, "Config ACK"),
    (3, "Config NACK"),
    (4, "Hello"),
    (5, "Begin Verify"),
    (6, "Begin Verify ACK"),
    (7, "Begin Verify NACK"),
    (8, "End Verify"),
    (9, "End Verify ACK"),
    (10, "Test"),
    (11, "Test Status Success"),
    (12, "Test Status Failure"),
    (13, "Test Status ACK"),
    (14, "Link Summary"),
    (15, "Link Summary ACK"),
    (16, "Link Summary NACK"),
    (17, "Channel Status"),
    (18, "Channel Status ACK"),
    (19, "Channel Status Request"),
    (20, "Channel Status Response"),
    (50, "Service Config"),
    (51, "Service Config ACK"),
    (52, "Service Config NACK"),
];

/// The common header's flags.
const HEADER_FLAGS: &Tok = &[(0x01, "Control Channel Down"), (0x02, "LMP restart")];

/// The TE Link object's flags.
const TE_LINK_FLAGS: &Tok = &[
    (0x01, "Fault Management Supported"),
    (0x02, "Link Verification Supported"),
];

/// The Data Link object's flags.
const DATA_LINK_FLAGS: &Tok = &[
    (0x01, "Data Link Port"),
    (0x02, "Allocated for user traffic"),
    (0x04, "Failed link"),
];

/// A channel's status.
const CHANNEL_STATUS: &Tok = &[
    (1, "Signal Okay"),
    (2, "Signal Degraded"),
    (3, "Signal Fail"),
];

/// The Begin Verify object's flags.
const BEGIN_VERIFY_FLAGS: &Tok = &[(0x0001, "Verify all links"), (0x0002, "Data link type")];

/// The Error Code object's bits for a Begin Verify error.
const BEGIN_VERIFY_ERRORS: &Tok = &[
    (0x01, "Link Verification Procedure Not supported"),
    (0x02, "Unwilling to verify"),
    (0x04, "Unsupported verification transport mechanism"),
    (0x08, "Link-Id configuration error"),
    (0x10, "Unknown object c-type"),
];

/// The Error Code object's bits for a Link Summary error.
const LINK_SUMMARY_ERRORS: &Tok = &[
    (0x01, "Unacceptable non-negotiable LINK-SUMMARY parameters"),
    (0x02, "Renegotiate LINK-SUMMARY parameters"),
    (0x04, "Invalid TE-LINK Object"),
    (0x08, "Invalid DATA-LINK Object"),
    (0x10, "Unknown TE-LINK Object c-type"),
    (0x20, "Unknown DATA-LINK Object c-type"),
];

/// Service Config, service procedure flags.
const SP_FLAGS: &Tok = &[(0x01, "RSVP Supported"), (0x02, "LDP Supported")];

/// Service Config, client port service attributes: transparency.
const CPSA_TP_FLAGS: &Tok = &[
    (0x01, "Path/VC Overhead Transparency Supported"),
    (0x02, "Line/MS Overhead Transparency Supported"),
    (0x04, "Section/RS Overhead Transparency Supported"),
];

/// Service Config, client port service attributes: contiguous concatenation.
const CPSA_CCT_FLAGS: &Tok = &[(0x01, "Contiguous Concatenation Types Supported")];

/// Service Config, network transparency.
const NSA_TRANSPARENCY_FLAGS: &Tok = &[
    (0x01, "Standard SOH/RSOH Transparency Supported"),
    (0x02, "Standard LOH/MSOH Transparency Supported"),
];

/// Service Config, tandem connection monitoring.
const NSA_TCM_FLAGS: &Tok = &[(0x01, "Transparent Tandem Connection Monitoring Supported")];

/// Service Config, network diversity.
const NSA_DIVERSITY_FLAGS: &Tok = &[
    (0x01, "Node Diversity Supported"),
    (0x02, "Link Diversity Supported"),
    (0x04, "SRLG Diversity Supported"),
];

/// The object classes.
const OBJ_CLASSES: &Tok = &[
    (1, "Control Channel ID"),
    (2, "Node ID"),
    (3, "Link ID"),
    (4, "Interface ID"),
    (5, "Message ID"),
    (6, "Configuration"),
    (7, "Hello"),
    (8, "Verify Begin"),
    (9, "Verify Begin ACK"),
    (10, "Verify ID"),
    (11, "TE Link"),
    (12, "Data Link"),
    (13, "Channel Status"),
    (14, "Channel Status Request"),
    (20, "Error Code"),
    (51, "Service Config"),
];

/// The Data Link object's subobject types.
const SUBOBJ_TYPES: &Tok = &[(1, "Interface Switching Type"), (2, "Wavelength")];

/// GMPLS switching capabilities (RFC 3471).
const SWITCH_CAPS: &Tok = &[
    (1, "Packet-Switch Capable-1"),
    (2, "Packet-Switch Capable-2"),
    (3, "Packet-Switch Capable-3"),
    (4, "Packet-Switch Capable-4"),
    (51, "Layer-2 Switch Capable"),
    (100, "Time-Division-Multiplex"),
    (150, "Lambda-Switch Capable"),
    (200, "Fiber-Switch Capable"),
];

/// GMPLS encoding types (RFC 3471).
const ENCODINGS: &Tok = &[
    (1, "Packet"),
    (2, "Ethernet V2/DIX"),
    (3, "ANSI/ETSI PDH"),
    (4, "Reserved"),
    (5, "SDH ITU-T G.707/SONET ANSI T1.105"),
    (6, "Reserved"),
    (7, "Digital Wrapper"),
    (8, "Lambda (photonic)"),
    (9, "Fiber"),
    (10, "Reserved"),
    (11, "FiberChannel"),
];

/// Client port link types (UNI 1.0).
const CPSA_LINK_TYPES: &Tok = &[(5, "SDH ITU-T G.707"), (6, "SONET ANSI T1.105")];

/// SDH signal types (UNI 1.0).
const SDH_SIGNALS: &Tok = &[
    (5, "VC-3"),
    (6, "VC-4"),
    (7, "STM-0"),
    (8, "STM-1"),
    (9, "STM-4"),
    (10, "STM-16"),
    (11, "STM-64"),
    (12, "STM-256"),
];

/// SONET signal types (UNI 1.0).
const SONET_SIGNALS: &Tok = &[
    (5, "STS-1 SPE"),
    (6, "STS-3c SPE"),
    (7, "STS-1"),
    (8, "STM-3"),
    (9, "STM-12"),
    (10, "STM-48"),
    (11, "STM-192"),
    (12, "STM-768"),
];

/// The name of class type `ctype` of object class `class`.
fn ctype_name(class: u8, ctype: u8) -> Option<&'static str> {
    Some(match (class, ctype) {
        (1 | 2, 1) => "Local",
        (1 | 2, 2) => "Remote",
        (3 | 4, 1) => "IPv4 Local",
        (3 | 4, 2) => "IPv4 Remote",
        (3 | 4, 3) => "IPv6 Local",
        (3 | 4, 4) => "IPv6 Remote",
        (3 | 4, 5) => "Unnumbered Local",
        (3 | 4, 6) => "Unnumbered Remote",
        (5 | 20, 1) | (6..=10, 1) | (51, 1) => "1",
        (5 | 20, 2) | (51, 2) => "2",
        (51, 3) => "3",
        (51, 4) => "4",
        (11..=14, 1) => "IPv4",
        (11..=14, 2) => "IPv6",
        (11..=14, 3) => "Unnumbered",
        _ => return None,
    })
}

/// `tok2str(table, "Unknown", v)`.
fn name_or_unknown<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32) -> R {
    c.s(find(table, v).unwrap_or("Unknown"))
}

/// `bittok2str(table, "none", v)`.
fn flags<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32) -> R {
    bittok2str(c.out, table, v, "none")?;
    Ok(())
}

/// `N (0x%08x)`: a 32-bit value in decimal and in hex.
fn dec_hex<W: Write>(c: &mut Cursor<'_, W>, v: u32) -> R {
    c.d(v)?;
    hex08(c, v)
}

/// ` (0x%08x)`.
fn hex08<W: Write>(c: &mut Cursor<'_, W>, v: u32) -> R {
    c.s(" (0x")?;
    crate::fmtx::hex_pad(c.out, u64::from(v), 8)?;
    c.s(")")
}

/// An IPv4 (`v6` false) or IPv6 address at `o`, then its first 32 bits ` (0x%08x)`.
fn addr_hex<W: Write>(c: &mut Cursor<'_, W>, o: usize, v6: bool) -> R {
    if v6 {
        c.ip6_at(o)?;
    } else {
        c.ip4_at(o)?;
    }
    let v = c.be32(o)?;
    hex08(c, v)
}

/// A bandwidth: an IEEE single-precision number of bytes per second, printed as megabits
/// with three decimals, computed in single precision as tcpdump computes it.
fn mbps<W: Write>(c: &mut Cursor<'_, W>, bits: u32) -> R {
    let v = f64::from(f32::from_bits(bits) * 8.0 / 1_000_000.0);
    if v.is_nan() {
        c.s(if v.is_sign_negative() { "-nan" } else { "nan" })?;
    } else {
        write!(c.out, "{v:.3}")?;
    }
    c.s(" Mbps")
}

/// `print_unknown_data`: the hex dump of the `len` bytes at `o`, clipped to the capture.
fn hex_dump<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: usize) -> R {
    let n = len.min(c.avail(o));
    let data = if n == 0 { &[][..] } else { &c.p[o..o + n] };
    crate::fmtx::hexdump(c.out, "\n\t    ", data, false)?;
    Ok(())
}

/// `lmp_print`: `LMPv1 Hello Message, length: N` for the `length` bytes at `bp`, and at
/// `-v` the header and every object.
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
    if c.vflag < 1 {
        c.s("LMPv1 ")?;
        tok2str(
            c.out,
            find(MSG_TYPES, t.into()),
            t.into(),
            Unknown::dec("unknown (", ")"),
        )?;
        c.s(" Message, length: ")?;
        return c.d(length);
    }
    let mut tlen = u32::from(c.be16(bp + LENGTH)?);
    c.s("\n\tLMPv1, msg-type: ")?;
    tok2str(
        c.out,
        find(MSG_TYPES, t.into()),
        t.into(),
        Unknown::dec("unknown, type: ", ""),
    )?;
    c.s(", Flags: [")?;
    let f = c.u8(bp + FLAGS)?;
    flags(c, HEADER_FLAGS, f.into())?;
    c.s("], length: ")?;
    c.d(tlen)?;
    if tlen < HEADER_LEN as u32 {
        return c.s(" (too short)");
    }
    if tlen > length {
        c.s(" (too long)")?;
        tlen = length;
    }
    let mut tptr = bp + HEADER_LEN;
    // tcpdump's unsigned subtraction: a message cut to fewer bytes than its header (by
    // "too long") wraps around, and the objects are read until the capture ends.
    tlen = tlen.wrapping_sub(HEADER_LEN as u32);
    while tlen > 0 {
        let obj_len = c.be16(tptr + 2)?;
        let raw_ctype = c.u8(tptr)?;
        let ctype = raw_ctype & 0x7f;
        let class = c.u8(tptr + 1)?;
        c.s("\n\t  ")?;
        name_or_unknown(c, OBJ_CLASSES, class.into())?;
        c.s(" Object (")?;
        c.d(class)?;
        c.s("), Class-Type: ")?;
        c.s(ctype_name(class, ctype).unwrap_or("Unknown"))?;
        c.s(" (")?;
        c.d(ctype)?;
        c.s(") Flags: [")?;
        if raw_ctype & 0x80 == 0 {
            c.s("non-")?;
        }
        c.s("negotiable], length: ")?;
        c.d(obj_len)?;
        if obj_len < OBJ_HEADER_LEN as u16 {
            return c.s(" (too short)");
        }
        if obj_len % 4 != 0 {
            return c.s(" (not a multiple of 4)");
        }
        let obj = tptr + OBJ_HEADER_LEN;
        let obj_tlen = usize::from(obj_len) - OBJ_HEADER_LEN;
        if !c.test(tptr, obj_len.into()) {
            return Err(Stop::Trunc);
        }
        let hexdump = match object(c, class, ctype, obj, obj_tlen)? {
            Decoded::Done => false,
            Decoded::Hex => true,
            Decoded::UnknownClass => {
                if c.vflag <= 1 {
                    hex_dump(c, obj, obj_tlen)?;
                }
                false
            }
        };
        if c.vflag > 1 || hexdump {
            hex_dump(c, obj, obj_tlen)?;
        }
        if tlen < u32::from(obj_len) {
            c.s(" [remaining objects length ")?;
            c.d(tlen)?;
            c.s(" < ")?;
            c.d(obj_len)?;
            c.s("]")?;
            return c.invalid();
        }
        tptr += usize::from(obj_len);
        tlen -= u32::from(obj_len);
    }
    Ok(())
}

/// What [`object`] did with an object's body.
enum Decoded {
    /// Decoded it (or said it has the wrong length).
    Done,
    /// Does not decode this class type (or a subobject): the body is hex dumped.
    Hex,
    /// Does not know the class: hex dumped once, whatever the verbosity.
    UnknownClass,
}

/// ` (not correct for object)`, tcpdump's word for a body of the wrong length.
fn not_correct<W: Write>(c: &mut Cursor<'_, W>) -> R<Decoded> {
    c.s(" (not correct for object)")?;
    Ok(Decoded::Done)
}

/// The body of an object of class `class` and class type `ctype`: the `len` bytes at `o`.
fn object<W: Write>(
    c: &mut Cursor<'_, W>,
    class: u8,
    ctype: u8,
    o: usize,
    len: usize,
) -> R<Decoded> {
    match class {
        1 => match ctype {
            1 | 2 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s("\n\t    Control Channel ID: ")?;
                let v = c.be32(o)?;
                dec_hex(c, v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        3 | 4 => match ctype {
            1..=4 => {
                let v6 = ctype >= 3;
                if len != if v6 { 16 } else { 4 } {
                    return not_correct(c);
                }
                c.s(if v6 {
                    "\n\t    IPv6 Link ID: "
                } else {
                    "\n\t    IPv4 Link ID: "
                })?;
                addr_hex(c, o, v6)?;
            }
            5 | 6 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s("\n\t    Link ID: ")?;
                let v = c.be32(o)?;
                dec_hex(c, v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        5 => match ctype {
            1 | 2 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s(if ctype == 1 {
                    "\n\t    Message ID: "
                } else {
                    "\n\t    Message ID Ack: "
                })?;
                let v = c.be32(o)?;
                dec_hex(c, v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        2 => match ctype {
            1 | 2 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s("\n\t    Node ID: ")?;
                addr_hex(c, o, false)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        6 => match ctype {
            1 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s("\n\t    Hello Interval: ")?;
                let v = c.be16(o)?;
                c.d(v)?;
                c.s("\n\t    Hello Dead Interval: ")?;
                let v = c.be16(o + 2)?;
                c.d(v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        7 => match ctype {
            1 => {
                if len != 8 {
                    return not_correct(c);
                }
                c.s("\n\t    Tx Seq: ")?;
                let v = c.be32(o)?;
                c.d(v)?;
                c.s(", Rx Seq: ")?;
                let v = c.be32(o + 4)?;
                c.d(v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        11 => match ctype {
            1..=3 => {
                let v6 = ctype == 2;
                if len != if v6 { 36 } else { 12 } {
                    return not_correct(c);
                }
                c.s("\n\t    Flags: [")?;
                let f = c.u8(o)?;
                flags(c, TE_LINK_FLAGS, f.into())?;
                c.s("]")?;
                link_ids(c, o, ctype, "Link-ID")?;
            }
            _ => return Ok(Decoded::Hex),
        },
        12 => match ctype {
            1..=3 => {
                let fixed = if ctype == 2 { 36 } else { 12 };
                if len < fixed {
                    return not_correct(c);
                }
                c.s("\n\t    Flags: [")?;
                let f = c.u8(o)?;
                flags(c, DATA_LINK_FLAGS, f.into())?;
                c.s("]")?;
                link_ids(c, o, ctype, "Interface ID")?;
                if data_link_subobjs(c, o, len - fixed, fixed)? {
                    return Ok(Decoded::Hex);
                }
            }
            _ => return Ok(Decoded::Hex),
        },
        8 => match ctype {
            1 => {
                if len != 20 {
                    return not_correct(c);
                }
                verify_begin(c, o)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        9 => match ctype {
            1 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s("\n\t    Verify Dead Interval: ")?;
                let v = c.be16(o)?;
                c.d(v)?;
                c.s("\n\t    Verify Transport Response: ")?;
                let v = c.be16(o + 2)?;
                c.d(v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        10 => match ctype {
            1 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s("\n\t    Verify ID: ")?;
                let v = c.be32(o)?;
                c.d(v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        13 => match ctype {
            1..=3 => {
                let id = if ctype == 2 { 16 } else { 4 };
                let mut off = 0;
                while off + id + 4 <= len {
                    interface_id(c, o + off, ctype)?;
                    let st = c.be32(o + off + id)?;
                    c.s("\n\t\t    Active: ")?;
                    c.s(if st >> 31 != 0 {
                        "Allocated"
                    } else {
                        "Non-allocated"
                    })?;
                    c.s(" (")?;
                    c.d(st >> 31)?;
                    c.s(")\n\t\t    Direction: ")?;
                    let dir = (st >> 30) & 1;
                    c.s(if dir != 0 { "Transmit" } else { "Receive" })?;
                    c.s(" (")?;
                    c.d(dir)?;
                    c.s(")\n\t\t    Channel Status: ")?;
                    let s = st & 0x3ff_ffff;
                    name_or_unknown(c, CHANNEL_STATUS, s)?;
                    c.s(" (")?;
                    c.d(s)?;
                    c.s(")")?;
                    off += id + 4;
                }
            }
            _ => return Ok(Decoded::Hex),
        },
        14 => match ctype {
            1..=3 => {
                let id = if ctype == 2 { 16 } else { 4 };
                let mut off = 0;
                while off + id <= len {
                    interface_id(c, o + off, ctype)?;
                    off += id;
                }
            }
            _ => return Ok(Decoded::Hex),
        },
        20 => match ctype {
            1 | 2 => {
                if len != 4 {
                    return not_correct(c);
                }
                c.s("\n\t    Error Code: ")?;
                let v = c.be32(o)?;
                let table = if ctype == 1 {
                    BEGIN_VERIFY_ERRORS
                } else {
                    LINK_SUMMARY_ERRORS
                };
                flags(c, table, v)?;
            }
            _ => return Ok(Decoded::Hex),
        },
        51 => return service_config(c, ctype, o, len),
        _ => return Ok(Decoded::UnknownClass),
    }
    Ok(Decoded::Done)
}

/// `\n\t    Interface ID: ` and the address (class type 1, 2) or number (3) at `o`.
fn interface_id<W: Write>(c: &mut Cursor<'_, W>, o: usize, ctype: u8) -> R {
    c.s("\n\t    Interface ID: ")?;
    if ctype == 3 {
        let v = c.be32(o)?;
        dec_hex(c, v)
    } else {
        addr_hex(c, o, ctype == 2)
    }
}

/// The local and remote IDs of a TE Link or Data Link object (`what` names them), after the
/// flags word at `o`: IPv4 addresses (class type 1), IPv6 (2) or numbers (3).
fn link_ids<W: Write>(c: &mut Cursor<'_, W>, o: usize, ctype: u8, what: &str) -> R {
    let (local, remote) = if ctype == 2 { (4, 20) } else { (4, 8) };
    for (label, at) in [("Local", local), ("Remote", remote)] {
        c.s("\n\t    ")?;
        c.s(label)?;
        c.s(" ")?;
        c.s(what)?;
        c.s(": ")?;
        if ctype == 3 {
            let v = c.be32(o + at)?;
            dec_hex(c, v)?;
        } else {
            addr_hex(c, o + at, ctype == 2)?;
        }
    }
    Ok(())
}

/// The Verify Begin object's body at `o` (20 bytes).
fn verify_begin<W: Write>(c: &mut Cursor<'_, W>, o: usize) -> R {
    c.s("\n\t    Flags: ")?;
    let f = c.be16(o)?;
    flags(c, BEGIN_VERIFY_FLAGS, f.into())?;
    c.s("\n\t    Verify Interval: ")?;
    let v = c.be16(o + 2)?;
    c.d(v)?;
    c.s("\n\t    Data links: ")?;
    let v = c.be32(o + 4)?;
    c.d(v)?;
    c.s("\n\t    Encoding type: ")?;
    let e = c.u8(o + 8)?;
    name_or_unknown(c, ENCODINGS, e.into())?;
    c.s("\n\t    Verify Transport Mechanism: ")?;
    let m = c.be16(o + 10)?;
    c.d(m)?;
    c.s(" (0x")?;
    crate::fmtx::hex(c.out, m.into())?;
    c.s(")")?;
    // tcpdump tests the bits of the decimal number 8000 here, not 0x8000.
    if m & 8000 != 0 {
        c.s(" (Payload test messages capable)")?;
    }
    c.s("\n\t    Transmission Rate: ")?;
    let bw = c.be32(o + 12)?;
    mbps(c, bw)?;
    c.s("\n\t    Wavelength: ")?;
    let v = c.be32(o + 16)?;
    c.d(v)
}

/// The Data Link object's subobjects, `total` bytes from `o + off`; true when one is of a
/// type not decoded (the object is then hex dumped).
fn data_link_subobjs<W: Write>(
    c: &mut Cursor<'_, W>,
    o: usize,
    mut total: usize,
    mut off: usize,
) -> R<bool> {
    while total > 0 {
        let t = c.u8(o + off)?;
        let lb = c.u8(o + off + 1)?;
        let l = usize::from(lb);
        c.s("\n\t    Subobject, Type: ")?;
        name_or_unknown(c, SUBOBJ_TYPES, t.into())?;
        c.s(" (")?;
        c.d(t)?;
        c.s("), Length: ")?;
        c.d(lb)?;
        if l < 4 {
            c.s(" (too short)")?;
            return Ok(false);
        }
        if l % 4 != 0 {
            c.s(" (not a multiple of 4)")?;
            return Ok(false);
        }
        if total < l {
            c.s(" (goes past the end of the object)")?;
            return Ok(false);
        }
        match t {
            1 => {
                let s = c.u8(o + off + 2)?;
                c.s("\n\t      Switching Type: ")?;
                name_or_unknown(c, SWITCH_CAPS, s.into())?;
                c.s(" (")?;
                c.d(s)?;
                let e = c.u8(o + off + 3)?;
                c.s(")\n\t      Encoding Type: ")?;
                name_or_unknown(c, ENCODINGS, e.into())?;
                c.s(" (")?;
                c.d(e)?;
                c.s(")")?;
                let bw = c.be32(o + off + 4)?;
                c.s("\n\t      Min Reservable Bandwidth: ")?;
                mbps(c, bw)?;
                let bw = c.be32(o + off + 8)?;
                c.s("\n\t      Max Reservable Bandwidth: ")?;
                mbps(c, bw)?;
            }
            2 => {
                let v = c.be32(o + off + 4)?;
                c.s("\n\t      Wavelength: ")?;
                c.d(v)?;
            }
            _ => return Ok(true),
        }
        total -= l;
        off += l;
    }
    Ok(false)
}

/// The Service Config object (UNI 1.0) of class type `ctype`: the `len` bytes at `o`.
fn service_config<W: Write>(c: &mut Cursor<'_, W>, ctype: u8, o: usize, len: usize) -> R<Decoded> {
    match ctype {
        1 => {
            if len != 4 {
                return not_correct(c);
            }
            c.s("\n\t Flags: ")?;
            let f = c.u8(o)?;
            flags(c, SP_FLAGS, f.into())?;
            c.s("\n\t  UNI Version: ")?;
            let v = c.u8(o + 1)?;
            c.d(v)?;
        }
        2 => {
            if len != 16 {
                return not_correct(c);
            }
            let link_type = c.u8(o)?;
            c.s("\n\t Link Type: ")?;
            name_or_unknown(c, CPSA_LINK_TYPES, link_type.into())?;
            c.s(" (")?;
            c.d(link_type)?;
            c.s(")")?;
            let signals = match link_type {
                5 => Some(SDH_SIGNALS),
                6 => Some(SONET_SIGNALS),
                _ => None,
            };
            if let Some(table) = signals {
                let s = c.u8(o + 1)?;
                c.s("\n\t Signal Type: ")?;
                name_or_unknown(c, table, s.into())?;
                c.s(" (")?;
                c.d(s)?;
                c.s(")")?;
            }
            c.s("\n\t Transparency: ")?;
            let f = c.u8(o + 2)?;
            flags(c, CPSA_TP_FLAGS, f.into())?;
            c.s("\n\t Contiguous Concatenation Types: ")?;
            let f = c.u8(o + 3)?;
            flags(c, CPSA_CCT_FLAGS, f.into())?;
            for (label, at) in [
                ("\n\t Minimum NCC: ", 4),
                ("\n\t Maximum NCC: ", 6),
                ("\n\t Minimum NVC:", 8),
                ("\n\t Maximum NVC:", 10),
            ] {
                c.s(label)?;
                let v = c.be16(o + at)?;
                c.d(v)?;
            }
            c.s("\n\t    Local Interface ID: ")?;
            addr_hex(c, o + 12, false)?;
        }
        3 => {
            if len != 8 {
                return not_correct(c);
            }
            c.s("\n\t Transparency Flags: ")?;
            let f = c.be32(o)?;
            flags(c, NSA_TRANSPARENCY_FLAGS, f)?;
            c.s("\n\t TCM Monitoring Flags: ")?;
            let f = c.u8(o + 7)?;
            flags(c, NSA_TCM_FLAGS, f.into())?;
        }
        4 => {
            if len != 4 {
                return not_correct(c);
            }
            c.s("\n\t Diversity: Flags: ")?;
            let f = c.u8(o + 3)?;
            flags(c, NSA_DIVERSITY_FLAGS, f.into())?;
        }
        _ => return Ok(Decoded::Hex),
    }
    Ok(Decoded::Done)
}
