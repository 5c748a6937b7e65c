//! DCCP (RFC 4340) over IPv4 and IPv6, as tcpdump's `dccp_print` shows it without `-v`: the
//! addresses and ports, the packet type with its service or reset code, and the ack number.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::frame::{ipv4, ipv6};
use crate::tok::{self, Unknown};

/// Field offsets of the DCCP generic header (RFC 4340, 5.1) and of the fields after it.
mod field {
    /// The source port.
    pub const SPORT: usize = 0;
    /// The destination port.
    pub const DPORT: usize = 2;
    /// The data offset, in 32-bit words.
    pub const DATA_OFF: usize = 4;
    /// Reserved (3 bits), type (4 bits) and the extended sequence number bit X.
    pub const RES_TYPE_X: usize = 8;
    /// The generic header's length with a 24-bit sequence number.
    pub const SHORT_LEN: u32 = 12;
    /// The generic header's length with a 48-bit sequence number (X set).
    pub const LONG_LEN: u32 = 16;
    /// After the generic header of a Response: the service code, after the ack subheader.
    pub const RESPONSE_SERVICE: usize = 8;
    /// After the generic header of a Reset: the reset code, after the ack subheader.
    pub const RESET_CODE: usize = 8;
    /// In the ack subheader: the low 16 bits of a 24-bit ack number (its high 8 bits in the
    /// byte before), or the high 16 bits of a 48-bit one.
    pub const ACK_HIGH: usize = 2;
    /// In the ack subheader: the high 8 bits of a 24-bit ack number.
    pub const ACK24_HIGH: usize = 1;
    /// In the ack subheader: the low 32 bits of a 48-bit ack number.
    pub const ACK48_LOW: usize = 4;
}

fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "DCCP-Request",
        1 => "DCCP-Response",
        2 => "DCCP-Data",
        3 => "DCCP-Ack",
        4 => "DCCP-DataAck",
        5 => "DCCP-CloseReq",
        6 => "DCCP-Close",
        7 => "DCCP-Reset",
        8 => "DCCP-Sync",
        9 => "DCCP-SyncAck",
        _ => return None,
    })
}

const RESET_CODES: [&str; 12] = [
    "unspecified",
    "closed",
    "aborted",
    "no_connection",
    "packet_error",
    "option_error",
    "mandatory_error",
    "connection_refused",
    "bad_service_code",
    "too_busy",
    "bad_init_cookie",
    "aggression_penalty",
];

/// How many bytes each type needs after the generic header.
fn type_extra(t: u8) -> u32 {
    match t {
        0 => 4,
        1 | 7 => 12,
        3..=6 | 8 | 9 => 8,
        _ => 0,
    }
}

fn missing<W: Write>(e: &mut Cursor<'_, W>, what: &str, need: u32, len: u32) -> R {
    e.s("truncated-")?;
    e.s(what)?;
    e.s(" - ")?;
    e.d(need - len)?;
    e.s(" bytes missing!")
}

/// `src.port > dst.port: ` from the IPv4 or IPv6 header at `iph`.
fn endpoints<W: Write>(e: &mut Cursor<'_, W>, bp: usize, iph: usize) -> R {
    let v6 = e.u8(iph)? >> 4 == 6;
    let (sport, dport) = (e.be16(bp + field::SPORT)?, e.be16(bp + field::DPORT)?);
    if v6 {
        e.ip6_at(iph + ipv6::field::SRC.start)?;
    } else {
        e.ip4_at(iph + ipv4::field::SRC.start)?;
    }
    e.s(".")?;
    e.d(sport)?;
    e.s(" > ")?;
    if v6 {
        e.ip6_at(iph + ipv6::field::DST.start)?;
    } else {
        e.ip4_at(iph + ipv4::field::DST.start)?;
    }
    e.s(".")?;
    e.d(dport)?;
    e.s(": ")
}

/// Prints the DCCP packet at `bp` (`len` bytes by the IP header) whose IP header is at `iph`.
pub(crate) fn dccp_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32, iph: usize) -> R {
    e.proto = "dccp";
    if !e.test(bp, field::SHORT_LEN as usize) {
        return Err(Stop::Trunc);
    }
    if len < field::SHORT_LEN {
        return missing(e, "dccp", field::SHORT_LEN, len);
    }
    let xtr = e.u8(bp + field::RES_TYPE_X)?;
    let ext = xtr & 1 != 0;
    let mut fixed = if ext {
        field::LONG_LEN
    } else {
        field::SHORT_LEN
    };
    if len < fixed {
        return missing(e, "dccp", fixed, len);
    }
    e.bytes(bp, fixed as usize)?;
    let hlen = u32::from(e.u8(bp + field::DATA_OFF)?) * 4;
    endpoints(e, bp, iph)?;
    e.s("DCCP")?;
    if e.qflag {
        e.s(" ")?;
        e.d(len.wrapping_sub(hlen))?;
        if hlen > len {
            e.s(" [bad hdr length ")?;
            e.d(hlen)?;
            e.s(" - too long, > ")?;
            e.d(len)?;
            e.s("]")?;
        }
        return Ok(());
    }
    e.s(" ")?;
    let t = (xtr >> 1) & 0xf;
    let base = bp + fixed as usize;
    fixed += type_extra(t);
    let name = type_name(t);
    if len < fixed {
        return missing(e, name.unwrap_or(""), fixed, len);
    }
    tok::tok2str(e.out, name, t.into(), Unknown::dec("unknown-type-", ""))?;
    match t {
        0 | 1 => {
            let at = if t == 0 {
                base
            } else {
                base + field::RESPONSE_SERVICE
            };
            e.bytes(base, type_extra(t) as usize)?;
            e.s(" (service=")?;
            let v = e.be32(at)?;
            e.d(v)?;
            e.s(")")?;
        }
        7 => {
            e.bytes(base, type_extra(t) as usize)?;
            e.s(" (code=")?;
            let c = e.u8(base + field::RESET_CODE)?;
            e.s(RESET_CODES.get(c as usize).copied().unwrap_or("invalid"))?;
            e.s(")")?;
        }
        _ => {}
    }
    e.s(" ")?;
    if t != 0 && t != 2 {
        let ack = if ext {
            (u64::from(e.be16(base + field::ACK_HIGH)?) << 32)
                | u64::from(e.be32(base + field::ACK48_LOW)?)
        } else {
            (u64::from(e.u8(base + field::ACK24_HIGH)?) << 16)
                | u64::from(e.be16(base + field::ACK_HIGH)?)
        };
        e.s("(ack=")?;
        e.d(ack)?;
        e.s(") ")?;
    }
    Ok(())
}
