//! OpenFlow 1.3's message bodies, as tcpdump 4.99 decodes them under `-v` (the message types
//! it leaves "to be done" print their header only).

use core::fmt::Write;

use super::{bitmap, bitmap_at, data_print, mac_lbl, name_or_dec, printjnp, tcheck, x016_at, x08};
use super::{MsgType, Req};
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The message types 0 to 29: name, length rule (of the body), decoded.
const TYPES: [MsgType; 30] = [
    MsgType::new("HELLO", Req::Min(0), true),
    MsgType::new("ERROR", Req::Min(4), true),
    MsgType::new("ECHO_REQUEST", Req::Min(0), true),
    MsgType::new("ECHO_REPLY", Req::Min(0), true),
    MsgType::new("EXPERIMENTER", Req::Min(8), true),
    MsgType::new("FEATURES_REQUEST", Req::Fix(0), false),
    MsgType::new("FEATURES_REPLY", Req::Fix(24), true),
    MsgType::new("GET_CONFIG_REQUEST", Req::Fix(0), false),
    MsgType::new("GET_CONFIG_REPLY", Req::Fix(4), true),
    MsgType::new("SET_CONFIG", Req::Fix(4), true),
    MsgType::new("PACKET_IN", Req::None, false),
    MsgType::new("FLOW_REMOVED", Req::None, false),
    MsgType::new("PORT_STATUS", Req::Fix(72), true),
    MsgType::new("PACKET_OUT", Req::None, false),
    MsgType::new("FLOW_MOD", Req::None, false),
    MsgType::new("GROUP_MOD", Req::None, false),
    MsgType::new("PORT_MOD", Req::Fix(32), true),
    MsgType::new("TABLE_MOD", Req::Fix(8), true),
    MsgType::new("MULTIPART_REQUEST", Req::None, false),
    MsgType::new("MULTIPART_REPLY", Req::None, false),
    MsgType::new("BARRIER_REQUEST", Req::Fix(0), false),
    MsgType::new("BARRIER_REPLY", Req::Fix(0), false),
    MsgType::new("QUEUE_GET_CONFIG_REQUEST", Req::Fix(8), true),
    MsgType::new("QUEUE_GET_CONFIG_REPLY", Req::None, false),
    MsgType::new("ROLE_REQUEST", Req::Fix(16), true),
    MsgType::new("ROLE_REPLY", Req::Fix(16), true),
    MsgType::new("GET_ASYNC_REQUEST", Req::Fix(0), false),
    MsgType::new("GET_ASYNC_REPLY", Req::Fix(24), true),
    MsgType::new("SET_ASYNC", Req::Fix(24), true),
    MsgType::new("METER_MOD", Req::None, false),
];

/// What OpenFlow 1.3 calls message type `ty`.
pub(super) fn msg_type(ty: u8) -> Option<MsgType> {
    TYPES.get(ty as usize).copied()
}

const CAPABILITIES: &Tok = &[
    (1 << 0, "FLOW_STATS"),
    (1 << 1, "TABLE_STATS"),
    (1 << 2, "PORT_STATS"),
    (1 << 3, "GROUP_STATS"),
    (1 << 5, "IP_REASM"),
    (1 << 6, "QUEUE_STATS"),
    (1 << 8, "PORT_BLOCKED"),
];
const CAPABILITIES_U: u32 = !0x16f;

const CONFIG_FLAGS: &Tok = &[(0, "FRAG_NORMAL"), (1, "FRAG_DROP"), (2, "FRAG_REASM")];
const TABLE_ID: &Tok = &[(0xfe, "MAX"), (0xff, "ALL")];
const MISS_SEND_LEN: &Tok = &[(0xffe5, "MAX"), (0xffff, "NO_BUFFER")];

const PORT_CONFIG: &Tok = &[
    (1 << 0, "PORT_DOWN"),
    (1 << 2, "NO_RECV"),
    (1 << 5, "NO_FWD"),
    (1 << 6, "NO_PACKET_IN"),
];
const PORT_CONFIG_U: u32 = !0x65;
const PORT_STATE: &Tok = &[(1 << 0, "LINK_DOWN"), (1 << 1, "BLOCKED"), (1 << 2, "LIVE")];
const PORT_STATE_U: u32 = !0x7;
const PORT_FEATURES: &Tok = &[
    (1 << 0, "10MB_HD"),
    (1 << 1, "10MB_FD"),
    (1 << 2, "100MB_HD"),
    (1 << 3, "100MB_FD"),
    (1 << 4, "1GB_HD"),
    (1 << 5, "1GB_FD"),
    (1 << 6, "10GB_FD"),
    (1 << 7, "40GB_FD"),
    (1 << 8, "100GB_FD"),
    (1 << 9, "1TB_FD"),
    (1 << 10, "OTHER"),
    (1 << 11, "COPPER"),
    (1 << 12, "FIBER"),
    (1 << 13, "AUTONEG"),
    (1 << 14, "PAUSE"),
    (1 << 15, "PAUSE_ASYM"),
];
const PORT_FEATURES_U: u32 = !0xffff;

/// The reserved port numbers.
pub(super) const PORTS: &Tok = &[
    (0xffff_ff00, "MAX"),
    (0xffff_fff8, "IN_PORT"),
    (0xffff_fff9, "TABLE"),
    (0xffff_fffa, "NORMAL"),
    (0xffff_fffb, "FLOOD"),
    (0xffff_fffc, "ALL"),
    (0xffff_fffd, "CONTROLLER"),
    (0xffff_fffe, "LOCAL"),
    (0xffff_ffff, "ANY"),
];

const ROLES: &Tok = &[(0, "NOCHANGE"), (1, "EQUAL"), (2, "MASTER"), (3, "SLAVE")];
const VERSIONS: &Tok = &[
    (1 << 0, "1.0"),
    (1 << 1, "1.1"),
    (1 << 2, "1.2"),
    (1 << 3, "1.3"),
    (1 << 4, "1.4"),
    (1 << 5, "1.5"),
];
const VERSIONS_U: u32 = !0x3f;
const ASYNC_REASON: &Tok = &[
    (1 << 0, "NO_MATCH"),
    (1 << 1, "ACTION"),
    (1 << 2, "INVALID_TTL"),
];
const ASYNC_REASON_U: u32 = !0x7;
const ASYNC_PORT: &Tok = &[(1 << 0, "ADD"), (1 << 1, "DELETE"), (1 << 2, "MODIFY")];
const ASYNC_PORT_U: u32 = !0x7;
const PORT_REASON: &Tok = &[(0, "ADD"), (1, "DELETE"), (2, "MODIFY")];

const ERROR_TYPES: &Tok = &[
    (0, "HELLO_FAILED"),
    (1, "BAD_REQUEST"),
    (2, "BAD_ACTION"),
    (3, "BAD_INSTRUCTION"),
    (4, "BAD_MATCH"),
    (5, "FLOW_MOD_FAILED"),
    (6, "GROUP_MOD_FAILED"),
    (7, "PORT_MOD_FAILED"),
    (8, "TABLE_MOD_FAILED"),
    (9, "QUEUE_OP_FAILED"),
    (10, "SWITCH_CONFIG_FAILED"),
    (11, "ROLE_REQUEST_FAILED"),
    (12, "METER_MOD_FAILED"),
    (13, "TABLE_FEATURES_FAILED"),
    (0xffff, "EXPERIMENTER"),
];

/// The code names of error type `ty` (listed from code 0 up), `None` for a type without
/// codes.
fn error_codes(ty: u16) -> Option<&'static [&'static str]> {
    Some(match ty {
        0 => &["INCOMPATIBLE", "EPERM"],
        1 => &[
            "BAD_VERSION",
            "BAD_TYPE",
            "BAD_MULTIPART",
            "BAD_EXPERIMENTER",
            "BAD_EXP_TYPE",
            "EPERM",
            "BAD_LEN",
            "BUFFER_EMPTY",
            "BUFFER_UNKNOWN",
            "BAD_TABLE_ID",
            "IS_SLAVE",
            "BAD_PORT",
            "BAD_PACKET",
            "MULTIPART_BUFFER_OVERFLOW",
        ],
        2 => &[
            "BAD_TYPE",
            "BAD_LEN",
            "BAD_EXPERIMENTER",
            "BAD_EXP_TYPE",
            "BAD_OUT_PORT",
            "BAD_ARGUMENT",
            "EPERM",
            "TOO_MANY",
            "BAD_QUEUE",
            "BAD_OUT_GROUP",
            "MATCH_INCONSISTENT",
            "UNSUPPORTED_ORDER",
            "BAD_TAG",
            "BAD_SET_TYPE",
            "BAD_SET_LEN",
            "BAD_SET_ARGUMENT",
        ],
        3 => &[
            "UNKNOWN_INST",
            "UNSUP_INST",
            "BAD_TABLE_ID",
            "UNSUP_METADATA",
            "UNSUP_METADATA_MASK",
            "BAD_EXPERIMENTER",
            "BAD_EXP_TYPE",
            "BAD_LEN",
            "EPERM",
        ],
        4 => &[
            "BAD_TYPE",
            "BAD_LEN",
            "BAD_TAG",
            "BAD_DL_ADDR_MASK",
            "BAD_NW_ADDR_MASK",
            "BAD_WILDCARDS",
            "BAD_FIELD",
            "BAD_VALUE",
            "BAD_MASK",
            "BAD_PREREQ",
            "DUP_FIELD",
            "EPERM",
        ],
        5 => &[
            "UNKNOWN",
            "TABLE_FULL",
            "BAD_TABLE_ID",
            "OVERLAP",
            "EPERM",
            "BAD_TIMEOUT",
            "BAD_COMMAND",
            "BAD_FLAGS",
        ],
        6 => &[
            "GROUP_EXISTS",
            "INVALID_GROUP",
            "WEIGHT_UNSUPPORTED",
            "OUT_OF_GROUPS",
            "OUT_OF_BUCKETS",
            "CHAINING_UNSUPPORTED",
            "WATCH_UNSUPPORTED",
            "LOOP",
            "UNKNOWN_GROUP",
            "CHAINED_GROUP",
            "BAD_TYPE",
            "BAD_COMMAND",
            "BAD_BUCKET",
            "BAD_MATCH",
            "EPERM",
        ],
        7 => &[
            "BAD_PORT",
            "BAD_HW_ADDR",
            "BAD_CONFIG",
            "BAD_ADVERTISE",
            "EPERM",
        ],
        8 => &["BAD_TABLE", "BAD_CONFIG", "EPERM"],
        9 => &["BAD_PORT", "BAD_QUEUE", "EPERM"],
        10 => &["BAD_FLAGS", "BAD_LEN", "EPERM"],
        11 => &["STALE", "UNSUP", "BAD_ROLE"],
        12 => &[
            "UNKNOWN",
            "METER_EXISTS",
            "INVALID_METER",
            "UNKNOWN_METER",
            "BAD_COMMAND",
            "BAD_FLAGS",
            "BAD_RATE",
            "BAD_BURST",
            "BAD_BAND",
            "BAD_BAND_VALUE",
            "OUT_OF_METERS",
            "OUT_OF_BANDS",
        ],
        13 => &[
            "BAD_TABLE",
            "BAD_METADATA",
            "BAD_TYPE",
            "BAD_LEN",
            "BAD_ARGUMENT",
            "EPERM",
        ],
        _ => return None,
    })
}

/// The body of a decoded message type `ty`, `len` bytes at `cp`.
pub(super) fn decode<W: Write>(c: &mut Cursor<'_, W>, ty: u8, cp: usize, len: u32) -> R {
    match ty {
        0 => hello_elements(c, cp, len),
        1 => error(c, cp, len),
        2 | 3 => data_print(c, cp, len),
        4 => experimenter(c, cp, len),
        6 => features_reply(c, cp),
        8 | 9 => switch_config(c, cp),
        12 => port_status(c, cp),
        16 => port_mod(c, cp),
        17 => table_mod(c, cp),
        22 => {
            let p = c.be32(cp)?;
            c.s("\n\t port ")?;
            name_or_dec(c, PORTS, p)?;
            tcheck(c, cp + 4, 4)
        }
        24 | 25 => role(c, cp),
        _ => async_msg(c, cp),
    }
}

/// `ofp_port` (64 bytes); its state fields under `-vv`.
fn port<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    let p = c.be32(cp)?;
    c.s("\n\t  port_no ")?;
    name_or_dec(c, PORTS, p)?;
    mac_lbl(c, ", hw_addr ", cp + 8)?;
    c.s(", name '")?;
    printjnp(c, cp + 16, 16)?;
    c.s("'")?;
    let cp = cp + 32;
    if c.vflag < 2 {
        return tcheck(c, cp, 32);
    }
    bitmap_at(c, "\n\t   config ", cp, PORT_CONFIG, PORT_CONFIG_U)?;
    bitmap_at(c, "\n\t   state ", cp + 4, PORT_STATE, PORT_STATE_U)?;
    let features = [
        "\n\t   curr ",
        "\n\t   advertised ",
        "\n\t   supported ",
        "\n\t   peer ",
    ];
    for (i, label) in features.into_iter().enumerate() {
        bitmap_at(c, label, cp + 8 + 4 * i, PORT_FEATURES, PORT_FEATURES_U)?;
    }
    let v = c.be32(cp + 24)?;
    c.s("\n\t   curr_speed ")?;
    c.d(v)?;
    c.s("kbps")?;
    let v = c.be32(cp + 28)?;
    c.s("\n\t   max_speed ")?;
    c.d(v)?;
    c.s("kbps")
}

fn features_reply<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    x016_at(c, "\n\t dpid ", cp)?;
    let v = c.be32(cp + 8)?;
    c.s(", n_buffers ")?;
    c.d(v)?;
    let v = c.u8(cp + 12)?;
    c.s(", n_tables ")?;
    c.d(v)?;
    let v = c.u8(cp + 13)?;
    c.s(", auxiliary_id ")?;
    c.d(v)?;
    bitmap_at(
        c,
        "\n\t capabilities ",
        cp + 16,
        CAPABILITIES,
        CAPABILITIES_U,
    )?;
    tcheck(c, cp + 20, 4)
}

fn switch_config<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    let f = c.be16(cp)?;
    c.s("\n\t flags ")?;
    tok::tok2str(
        c.out,
        tok::find(CONFIG_FLAGS, f.into()),
        f.into(),
        tok::Unknown::hex4("invalid (0x", ")"),
    )?;
    let m = c.be16(cp + 2)?;
    c.s(", miss_send_len ")?;
    name_or_dec(c, MISS_SEND_LEN, m.into())
}

fn table_mod<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    let t = c.u8(cp)?;
    c.s("\n\t table_id ")?;
    name_or_dec(c, TABLE_ID, t.into())?;
    let v = c.be32(cp + 4)?;
    c.s(", config ")?;
    x08(c, v)
}

fn role<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    let r = c.be32(cp)?;
    c.s("\n\t role ")?;
    match tok::find(ROLES, r) {
        Some(n) => c.s(n)?,
        None => {
            c.s("invalid (")?;
            x08(c, r)?;
            c.s(")")?;
        }
    }
    x016_at(c, ", generation_id ", cp + 8)
}

fn async_msg<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    let fields: [(&str, &Tok, u32); 6] = [
        ("\n\t packet_in_mask[EM] ", ASYNC_REASON, ASYNC_REASON_U),
        ("\n\t packet_in_mask[S] ", ASYNC_REASON, ASYNC_REASON_U),
        ("\n\t port_status_mask[EM] ", ASYNC_PORT, ASYNC_PORT_U),
        ("\n\t port_status_mask[S] ", ASYNC_PORT, ASYNC_PORT_U),
        ("\n\t flow_removed_mask[EM] ", ASYNC_PORT, ASYNC_PORT_U),
        ("\n\t flow_removed_mask[S] ", ASYNC_PORT, ASYNC_PORT_U),
    ];
    for (i, (label, table, u)) in fields.into_iter().enumerate() {
        bitmap_at(c, label, cp + 4 * i, table, u)?;
    }
    Ok(())
}

fn port_mod<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    let p = c.be32(cp)?;
    c.s("\n\t port_no ")?;
    name_or_dec(c, PORTS, p)?;
    mac_lbl(c, ", hw_addr ", cp + 8)?;
    bitmap_at(c, "\n\t  config ", cp + 16, PORT_CONFIG, PORT_CONFIG_U)?;
    bitmap_at(c, "\n\t  mask ", cp + 20, PORT_CONFIG, PORT_CONFIG_U)?;
    bitmap_at(
        c,
        "\n\t  advertise ",
        cp + 24,
        PORT_FEATURES,
        PORT_FEATURES_U,
    )?;
    tcheck(c, cp + 28, 4)
}

fn port_status<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R {
    let r = c.u8(cp)?;
    c.s("\n\t reason ")?;
    // tcpdump's format lacks its `%`: an unknown reason prints the format itself.
    c.s(tok::find(PORT_REASON, r.into()).unwrap_or("invalid (0x02x)"))?;
    port(c, cp + 8)
}

fn hello_elements<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, mut len: u32) -> R {
    while len > 0 {
        if len < 4 {
            c.invalid()?;
            return tcheck(c, cp, len as usize);
        }
        let ty = c.be16(cp)?;
        c.s("\n\t type ")?;
        if ty == 1 {
            c.s("VERSIONBITMAP")?;
        } else {
            c.s("unknown (0x")?;
            fmtx_hex4(c, ty)?;
            c.s(")")?;
        }
        let bmlen = c.be16(cp + 2)?;
        cp += 4;
        len -= 4;
        c.s(", length ")?;
        c.d(bmlen)?;
        let bmlen = u32::from(bmlen);
        if bmlen < 4 || bmlen > 4 + len {
            c.invalid()?;
            return tcheck(c, cp, len as usize);
        }
        if ty == 1 && bmlen == 8 {
            let bm = c.be32(cp)?;
            c.s(", bitmap ")?;
            x08(c, bm)?;
            bitmap(c, VERSIONS, bm, VERSIONS_U)?;
        } else {
            if ty == 1 {
                c.s(" (bogus)")?;
            }
            tcheck(c, cp, (bmlen - 4) as usize)?;
        }
        cp += (bmlen - 4) as usize;
        len -= bmlen - 4;
    }
    Ok(())
}

/// `%04x`.
fn fmtx_hex4<W: Write>(c: &mut Cursor<'_, W>, v: u16) -> R {
    crate::fmtx::hex_pad(c.out, u64::from(v), 4)?;
    Ok(())
}

fn experimenter<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: u32) -> R {
    let e = c.be32(cp)?;
    c.s("\n\t experimenter ")?;
    x08(c, e)?;
    c.s(" (")?;
    c.s(super::vendor_name(e))?;
    let t = c.be32(cp + 4)?;
    c.s("), exp_type ")?;
    x08(c, t)?;
    data_print(c, cp + 8, len - 8)
}

fn error<W: Write>(c: &mut Cursor<'_, W>, cp: usize, len: u32) -> R {
    let ty = c.be16(cp)?;
    c.s("\n\t type ")?;
    tok::tok2str(
        c.out,
        tok::find(ERROR_TYPES, ty.into()),
        ty.into(),
        tok::Unknown::hex4("invalid (0x", ")"),
    )?;
    let code = c.be16(cp + 2)?;
    c.s(", code ")?;
    match error_codes(ty).and_then(|t| t.get(code as usize)) {
        Some(n) => c.s(n)?,
        None => {
            c.s("invalid (0x")?;
            fmtx_hex4(c, code)?;
            c.s(")")?;
        }
    }
    data_print(c, cp + 4, len - 4)
}
