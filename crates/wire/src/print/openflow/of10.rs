//! OpenFlow 1.0's message bodies, as tcpdump 4.99 decodes them under `-v` (the match,
//! actions and vendor extensions in [`super::of10_match`], the statistics in
//! [`super::of10_stats`]).

use core::fmt::Write;

use super::of10_match::{actions, match_print, vendor_message};
use super::of10_stats::{stats_reply, stats_request};
use super::{bitmap_at, data_print, mac_lbl, name_or_dec, printjnp, tcheck, x016_at, x08};
use super::{MsgType, Req};
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The message types 0 to 21: name, length rule (of the body), decoded.
const TYPES: [MsgType; 22] = [
    MsgType::new("HELLO", Req::Min(0), true),
    MsgType::new("ERROR", Req::Min(4), true),
    MsgType::new("ECHO_REQUEST", Req::Min(0), true),
    MsgType::new("ECHO_REPLY", Req::Min(0), true),
    MsgType::new("VENDOR", Req::Min(4), true),
    MsgType::new("FEATURES_REQUEST", Req::Fix(0), false),
    MsgType::new("FEATURES_REPLY", Req::Min(24), true),
    MsgType::new("GET_CONFIG_REQUEST", Req::Fix(0), false),
    MsgType::new("GET_CONFIG_REPLY", Req::Fix(4), true),
    MsgType::new("SET_CONFIG", Req::Fix(4), true),
    MsgType::new("PACKET_IN", Req::Min(10), true),
    MsgType::new("FLOW_REMOVED", Req::Fix(80), true),
    MsgType::new("PORT_STATUS", Req::Fix(56), true),
    MsgType::new("PACKET_OUT", Req::Min(8), true),
    MsgType::new("FLOW_MOD", Req::Min(64), true),
    MsgType::new("PORT_MOD", Req::Fix(24), true),
    MsgType::new("STATS_REQUEST", Req::Min(4), true),
    MsgType::new("STATS_REPLY", Req::Min(4), true),
    MsgType::new("BARRIER_REQUEST", Req::Fix(0), false),
    MsgType::new("BARRIER_REPLY", Req::Fix(0), false),
    MsgType::new("QUEUE_GET_CONFIG_REQUEST", Req::Fix(4), true),
    MsgType::new("QUEUE_GET_CONFIG_REPLY", Req::Min(8), true),
];

/// What OpenFlow 1.0 calls message type `ty`.
pub(super) fn msg_type(ty: u8) -> Option<MsgType> {
    TYPES.get(ty as usize).copied()
}

/// The reserved port numbers.
pub(super) const PORTS: &Tok = &[
    (0xff00, "MAX"),
    (0xfff8, "IN_PORT"),
    (0xfff9, "TABLE"),
    (0xfffa, "NORMAL"),
    (0xfffb, "FLOOD"),
    (0xfffc, "ALL"),
    (0xfffd, "CONTROLLER"),
    (0xfffe, "LOCAL"),
    (0xffff, "NONE"),
];

const PORT_CONFIG: &Tok = &[
    (1 << 0, "PORT_DOWN"),
    (1 << 1, "NO_STP"),
    (1 << 2, "NO_RECV"),
    (1 << 3, "NO_RECV_STP"),
    (1 << 4, "NO_FLOOD"),
    (1 << 5, "NO_FWD"),
    (1 << 6, "NO_PACKET_IN"),
];
const PORT_CONFIG_U: u32 = !0x7f;
const STP_STATE: &Tok = &[
    (0, "STP_LISTEN"),
    (1 << 8, "STP_LEARN"),
    (2 << 8, "STP_FORWARD"),
    (3 << 8, "STP_BLOCK"),
];
const PORT_STATE_U: u32 = !0x301;
const PORT_FEATURES: &Tok = &[
    (1 << 0, "10MB_HD"),
    (1 << 1, "10MB_FD"),
    (1 << 2, "100MB_HD"),
    (1 << 3, "100MB_FD"),
    (1 << 4, "1GB_HD"),
    (1 << 5, "1GB_FD"),
    (1 << 6, "10GB_FD"),
    (1 << 7, "COPPER"),
    (1 << 8, "FIBER"),
    (1 << 9, "AUTONEG"),
    (1 << 10, "PAUSE"),
    (1 << 11, "PAUSE_ASYM"),
];
const PORT_FEATURES_U: u32 = !0xfff;
const CAPABILITIES: &Tok = &[
    (1 << 0, "FLOW_STATS"),
    (1 << 1, "TABLE_STATS"),
    (1 << 2, "PORT_STATS"),
    (1 << 3, "STP"),
    (1 << 4, "RESERVED"),
    (1 << 5, "IP_REASM"),
    (1 << 6, "QUEUE_STATS"),
    (1 << 7, "ARP_MATCH_IP"),
];
const CAPABILITIES_U: u32 = !0xef;
/// The action types as bits of FEATURES_REPLY's `actions`.
const ACTION_BITS: &Tok = &[
    (1 << 0, "OUTPUT"),
    (1 << 1, "SET_VLAN_VID"),
    (1 << 2, "SET_VLAN_PCP"),
    (1 << 3, "STRIP_VLAN"),
    (1 << 4, "SET_DL_SRC"),
    (1 << 5, "SET_DL_DST"),
    (1 << 6, "SET_NW_SRC"),
    (1 << 7, "SET_NW_DST"),
    (1 << 8, "SET_NW_TOS"),
    (1 << 9, "SET_TP_SRC"),
    (1 << 10, "SET_TP_DST"),
    (1 << 11, "ENQUEUE"),
];
const ACTION_BITS_U: u32 = !0xfff;
const CONFIG_FLAGS: &Tok = &[(0, "FRAG_NORMAL"), (1, "FRAG_DROP"), (2, "FRAG_REASM")];
const FLOW_MOD_COMMANDS: &Tok = &[
    (0, "ADD"),
    (1, "MODIFY"),
    (2, "MODIFY_STRICT"),
    (3, "DELETE"),
    (4, "DELETE_STRICT"),
];
const FLOW_MOD_FLAGS: &Tok = &[
    (1 << 0, "SEND_FLOW_REM"),
    (1 << 1, "CHECK_OVERLAP"),
    (1 << 2, "EMERG"),
];
const FLOW_MOD_FLAGS_U: u32 = !0x7;
const QUEUE_PROPS: &Tok = &[(0, "NONE"), (1, "MIN_RATE")];
const PACKET_IN_REASONS: &Tok = &[(0, "NO_MATCH"), (1, "ACTION")];
const FLOW_REMOVED_REASONS: &Tok = &[(0, "IDLE_TIMEOUT"), (1, "HARD_TIMEOUT"), (2, "DELETE")];
const PORT_REASONS: &Tok = &[(0, "ADD"), (1, "DELETE"), (2, "MODIFY")];
const ERROR_TYPES: &Tok = &[
    (0, "HELLO_FAILED"),
    (1, "BAD_REQUEST"),
    (2, "BAD_ACTION"),
    (3, "FLOW_MOD_FAILED"),
    (4, "PORT_MOD_FAILED"),
    (5, "QUEUE_OP_FAILED"),
];

/// The code names of error type `ty` (from code 0 up).
fn error_codes(ty: u16) -> Option<&'static [&'static str]> {
    Some(match ty {
        0 => &["INCOMPATIBLE", "EPERM"],
        1 => &[
            "BAD_VERSION",
            "BAD_TYPE",
            "BAD_STAT",
            "BAD_VENDOR",
            "BAD_SUBTYPE",
            "EPERM",
            "BAD_LEN",
            "BUFFER_EMPTY",
            "BUFFER_UNKNOWN",
        ],
        2 => &[
            "BAD_TYPE",
            "BAD_LEN",
            "BAD_VENDOR",
            "BAD_VENDOR_TYPE",
            "BAD_OUT_PORT",
            "BAD_ARGUMENT",
            "EPERM",
            "TOO_MANY",
            "BAD_QUEUE",
        ],
        3 => &[
            "ALL_TABLES_FULL",
            "OVERLAP",
            "EPERM",
            "BAD_EMERG_TIMEOUT",
            "BAD_COMMAND",
            "UNSUPPORTED",
        ],
        4 => &["BAD_PORT", "BAD_HW_ADDR"],
        5 => &["BAD_PORT", "BAD_QUEUE", "EPERM"],
        _ => return None,
    })
}

/// `tok2str(table, "invalid (0x%04x)", v)`.
pub(super) fn name_or_invalid4<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u32) -> R {
    tok::tok2str(
        c.out,
        tok::find(table, v),
        v,
        tok::Unknown::hex4("invalid (0x", ")"),
    )?;
    Ok(())
}

/// `label` and the port number at `at` (named when reserved), the port read first (as each
/// of these helpers: tcpdump prints a label and its value in one call, neither when the
/// value is not captured).
pub(super) fn port_at<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let p = c.be16(at)?;
    c.s(label)?;
    name_or_dec(c, PORTS, p.into())
}

/// `label` and the 64-bit counter at `at` in decimal.
pub(super) fn u64_at<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let v = c.be_n(at, 8)?;
    c.s(label)?;
    c.d(v)
}

/// `label` and the 32-bit field at `at` in decimal.
pub(super) fn u32_at<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let v = c.be32(at)?;
    c.s(label)?;
    c.d(v)
}

/// `label` and the 16-bit field at `at` in decimal.
pub(super) fn u16_at<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let v = c.be16(at)?;
    c.s(label)?;
    c.d(v)
}

/// `label` and the buffer ID at `at`: `NONE` or `0x%08x`.
fn buffer_id<W: Write>(c: &mut Cursor<'_, W>, label: &str, at: usize) -> R {
    let v = c.be32(at)?;
    c.s(label)?;
    if v == 0xffff_ffff {
        c.s("NONE")
    } else {
        x08(c, v)
    }
}

/// The body of a decoded message type `ty`, `len` bytes at `cp`.
pub(super) fn decode<W: Write>(c: &mut Cursor<'_, W>, ty: u8, cp: usize, len: u32) -> R {
    let len = len as usize;
    match ty {
        0 | 2 | 3 => data_print(c, cp, len as u32),
        1 => error(c, cp, len),
        4 => vendor_message(c, cp, len),
        6 => features_reply(c, cp, len),
        8 | 9 => {
            let f = c.be16(cp)?;
            c.s("\n\t flags ")?;
            name_or_invalid4(c, CONFIG_FLAGS, f.into())?;
            u16_at(c, ", miss_send_len ", cp + 2)
        }
        10 => packet_in(c, cp, len),
        11 => flow_removed(c, cp),
        12 => {
            let r = c.u8(cp)?;
            c.s("\n\t reason ")?;
            tok::tok2str(
                c.out,
                tok::find(PORT_REASONS, r.into()),
                r.into(),
                tok::Unknown::hex2("invalid (0x", ")"),
            )?;
            phy_port(c, cp + 8)
        }
        13 => packet_out(c, cp, len),
        14 => flow_mod(c, cp, len),
        15 => port_mod(c, cp),
        16 => stats_request(c, cp, len),
        17 => stats_reply(c, cp, len),
        20 => {
            port_at(c, "\n\t port ", cp)?;
            tcheck(c, cp + 2, 2)
        }
        _ => {
            port_at(c, "\n\t port ", cp)?;
            tcheck(c, cp + 2, 6)?;
            queues(c, cp + 8, len - 8)
        }
    }
}

/// `ofp_phy_port` (48 bytes); its state fields under `-vv`.
fn phy_port<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    port_at(c, "\n\t  port_no ", cp)?;
    mac_lbl(c, ", hw_addr ", cp + 2)?;
    c.s(", name '")?;
    printjnp(c, cp + 8, 16)?;
    c.s("'")?;
    let cp = cp + 24;
    if c.vflag < 2 {
        return tcheck(c, cp, 24);
    }
    bitmap_at(c, "\n\t   config ", cp, PORT_CONFIG, PORT_CONFIG_U)?;
    let state = c.be32(cp + 4)?;
    c.s("\n\t   state ")?;
    x08(c, state)?;
    c.s(" (")?;
    c.s(tok::find(STP_STATE, state & 0x300).unwrap_or(""))?;
    if state & 1 != 0 {
        c.s(", LINK_DOWN")?;
    }
    c.s(")")?;
    if state & PORT_STATE_U != 0 {
        c.s(" (bogus)")?;
    }
    let features = [
        "\n\t   curr ",
        "\n\t   advertised ",
        "\n\t   supported ",
        "\n\t   peer ",
    ];
    for (i, label) in features.into_iter().enumerate() {
        bitmap_at(c, label, cp + 8 + 4 * i, PORT_FEATURES, PORT_FEATURES_U)?;
    }
    Ok(())
}

fn features_reply<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    x016_at(c, "\n\t dpid ", cp)?;
    u32_at(c, ", n_buffers ", cp + 8)?;
    let v = c.u8(cp + 12)?;
    c.s(", n_tables ")?;
    c.d(v)?;
    bitmap_at(
        c,
        "\n\t capabilities ",
        cp + 16,
        CAPABILITIES,
        CAPABILITIES_U,
    )?;
    bitmap_at(c, "\n\t actions ", cp + 20, ACTION_BITS, ACTION_BITS_U)?;
    let (mut cp, mut len) = (cp + 24, len - 24);
    while len > 0 {
        if len < 48 {
            c.invalid()?;
            return tcheck(c, cp, len);
        }
        phy_port(c, cp)?;
        cp += 48;
        len -= 48;
    }
    Ok(())
}

fn flow_mod<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    match_print(c, "\n\t ", cp)?;
    let cp = cp + 40;
    x016_at(c, "\n\t cookie ", cp)?;
    let command = c.be16(cp + 8)?;
    c.s(", command ")?;
    name_or_invalid4(c, FLOW_MOD_COMMANDS, command.into())?;
    for (o, what) in [
        (10, ", idle_timeout "),
        (12, ", hard_timeout "),
        (14, ", priority "),
    ] {
        let v = c.be16(cp + o)?;
        if v != 0 {
            c.s(what)?;
            c.d(v)?;
        }
    }
    if command <= 2 {
        buffer_id(c, ", buffer_id ", cp + 16)?;
    }
    if command == 3 || command == 4 {
        port_at(c, ", out_port ", cp + 20)?;
    }
    let f = c.be16(cp + 22)?;
    c.s(", flags 0x")?;
    crate::fmtx::hex_pad(c.out, f.into(), 4)?;
    super::bitmap(c, FLOW_MOD_FLAGS, f.into(), FLOW_MOD_FLAGS_U)?;
    actions(c, "\n\t ", cp + 24, len - 64)
}

fn port_mod<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    port_at(c, "\n\t port_no ", cp)?;
    mac_lbl(c, ", hw_addr ", cp + 2)?;
    bitmap_at(c, "\n\t config ", cp + 8, PORT_CONFIG, PORT_CONFIG_U)?;
    bitmap_at(c, "\n\t mask ", cp + 12, PORT_CONFIG, PORT_CONFIG_U)?;
    bitmap_at(
        c,
        "\n\t advertise ",
        cp + 16,
        PORT_FEATURES,
        PORT_FEATURES_U,
    )?;
    tcheck(c, cp + 20, 4)
}

fn packet_out<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    let b = c.be32(cp)?;
    c.s("\n\t buffer_id ")?;
    x08(c, b)?;
    port_at(c, ", in_port ", cp + 4)?;
    let alen = usize::from(c.be16(cp + 6)?);
    let (cp, len) = (cp + 8, len - 8);
    if alen > len {
        c.invalid()?;
        return tcheck(c, cp, len);
    }
    actions(c, "\n\t ", cp, alen)?;
    packet_data(c, cp + alen, len - alen)
}

fn packet_in<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    buffer_id(c, "\n\t buffer_id ", cp)?;
    u16_at(c, ", total_len ", cp + 4)?;
    port_at(c, ", in_port ", cp + 6)?;
    let r = c.u8(cp + 8)?;
    c.s(", reason ")?;
    tok::tok2str(
        c.out,
        tok::find(PACKET_IN_REASONS, r.into()),
        r.into(),
        tok::Unknown::hex2("invalid (0x", ")"),
    )?;
    tcheck(c, cp + 9, 1)?;
    packet_data(c, cp + 10, len - 10)
}

/// `of10_packet_data_print`: the frame a PACKET_IN or PACKET_OUT carries; under `-vvv` it
/// is decoded as an Ethernet frame (with three `-v` fewer).
fn packet_data<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    if len == 0 {
        return Ok(());
    }
    c.s("\n\t data (")?;
    c.d(len as u64)?;
    c.s(" octets)")?;
    if c.vflag < 3 {
        return tcheck(c, cp, len);
    }
    c.s(", frame decoding below\n")?;
    let saved = (c.snapend, c.vflag);
    c.vflag -= 3;
    c.snapend = saved.0.min(cp + len);
    let caplen = c.avail(cp) as u32;
    // A truncated frame ends the packet, as tcpdump's longjmp does.
    crate::print::ether_walk(c, cp, len as u32, caplen)?;
    c.snapend = saved.0;
    c.vflag = saved.1;
    // tcpdump leaves the frame's last protocol name for a later truncation marker.
    Ok(())
}

fn flow_removed<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    match_print(c, "\n\t ", cp)?;
    let cp = cp + 40;
    x016_at(c, "\n\t cookie ", cp)?;
    let p = c.be16(cp + 8)?;
    if p != 0 {
        c.s(", priority ")?;
        c.d(p)?;
    }
    let r = c.u8(cp + 10)?;
    c.s(", reason ")?;
    tok::tok2str(
        c.out,
        tok::find(FLOW_REMOVED_REASONS, r.into()),
        r.into(),
        tok::Unknown::hex2("unknown (0x", ")"),
    )?;
    u32_at(c, ", duration_sec ", cp + 12)?;
    u32_at(c, ", duration_nsec ", cp + 16)?;
    let t = c.be16(cp + 20)?;
    if t != 0 {
        c.s(", idle_timeout ")?;
        c.d(t)?;
    }
    u64_at(c, ", packet_count ", cp + 24)?;
    u64_at(c, ", byte_count ", cp + 32)
}

fn error<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: usize) -> R {
    let ty = c.be16(cp)?;
    c.s("\n\t type ")?;
    name_or_invalid4(c, ERROR_TYPES, ty.into())?;
    let code = c.be16(cp + 2)?;
    c.s(", code ")?;
    match error_codes(ty).and_then(|t| t.get(code as usize)) {
        Some(n) => c.s(n)?,
        None => {
            c.s("invalid (0x")?;
            crate::fmtx::hex_pad(c.out, code.into(), 4)?;
            c.s(")")?;
        }
    }
    data_print(c, cp + 4, (len - 4) as u32)
}

/// `of10_queues_print`.
fn queues<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R {
    while len > 0 {
        if len < 8 {
            c.invalid()?;
            return tcheck(c, cp, len);
        }
        u32_at(c, "\n\t  queue_id ", cp)?;
        let dlen = usize::from(c.be16(cp + 4)?);
        c.s(", len ")?;
        c.d(dlen as u64)?;
        cp += 6;
        len -= 6;
        if dlen < 8 || dlen > len + 6 {
            c.invalid()?;
            return tcheck(c, cp, len);
        }
        tcheck(c, cp, 2)?;
        cp += 2;
        len -= 2;
        if c.vflag >= 2 {
            queue_props(c, cp, dlen - 8)?;
        } else {
            tcheck(c, cp, dlen - 8)?;
        }
        cp += dlen - 8;
        len -= dlen - 8;
    }
    Ok(())
}

/// `of10_queue_props_print`.
fn queue_props<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: usize) -> R {
    while len > 0 {
        if len < 8 {
            c.invalid()?;
            return tcheck(c, cp, len);
        }
        let prop = c.be16(cp)?;
        c.s("\n\t   property ")?;
        name_or_invalid4(c, QUEUE_PROPS, prop.into())?;
        let plen = usize::from(c.be16(cp + 2)?);
        c.s(", len ")?;
        c.d(plen as u64)?;
        cp += 4;
        len -= 4;
        if plen < 8 || plen > len + 4 {
            c.invalid()?;
            return tcheck(c, cp, len);
        }
        tcheck(c, cp, 4)?;
        cp += 4;
        len -= 4;
        let (bogus, mut skip) = match prop {
            0 => (plen != 8, false),
            1 => (plen != 16, false),
            _ => (false, true),
        };
        if bogus {
            c.s(" (bogus)")?;
            skip = true;
        }
        if skip {
            tcheck(c, cp, plen - 8)?;
            cp += plen - 8;
            len -= plen - 8;
            continue;
        }
        if prop == 1 {
            let rate = c.be16(cp)?;
            if rate > 1000 {
                c.s(", rate disabled")?;
            } else {
                c.s(", rate ")?;
                c.d(rate / 10)?;
                c.s(".")?;
                c.d(rate % 10)?;
                c.s("%")?;
            }
            tcheck(c, cp + 2, 6)?;
            cp += 8;
            len -= 8;
        }
    }
    Ok(())
}
