//! OpenFlow 1.0's message bodies, as tcpdump 4.99 decodes them under `-v`.

use core::fmt::Write;

use super::{data_print, MsgType, Req};
use crate::print::cursor::{Cursor, R};

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

/// The body of a decoded message type `ty`, `len` bytes at `cp`.
pub(super) fn decode<W: Write>(c: &mut Cursor<'_, W>, ty: u8, cp: usize, len: u32) -> R {
    match ty {
        0 | 2 | 3 => data_print(c, cp, len),
        _ => super::tcheck(c, cp, len as usize),
    }
}
