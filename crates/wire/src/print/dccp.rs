//! DCCP (RFC 4340) over IPv4 and IPv6, as tcpdump's `dccp_print` shows it without `-v`: the
//! addresses and ports, the packet type with its service or reset code, and the ack number.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};

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
    let (sport, dport) = (e.be16(bp)?, e.be16(bp + 2)?);
    if v6 {
        e.ip6_at(iph + 8)?;
    } else {
        e.ip4_at(iph + 12)?;
    }
    e.s(".")?;
    e.d(sport)?;
    e.s(" > ")?;
    if v6 {
        e.ip6_at(iph + 24)?;
    } else {
        e.ip4_at(iph + 16)?;
    }
    e.s(".")?;
    e.d(dport)?;
    e.s(": ")
}

/// Prints the DCCP packet at `bp` (`len` bytes by the IP header) whose IP header is at `iph`.
pub(crate) fn dccp_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32, iph: usize) -> R {
    e.proto = "dccp";
    if !e.test(bp, 12) {
        return Err(Stop::Trunc);
    }
    if len < 12 {
        return missing(e, "dccp", 12, len);
    }
    let xtr = e.u8(bp + 8)?;
    let ext = xtr & 1 != 0;
    let mut fixed: u32 = if ext { 16 } else { 12 };
    if len < fixed {
        return missing(e, "dccp", fixed, len);
    }
    e.bytes(bp, fixed as usize)?;
    let hlen = u32::from(e.u8(bp + 4)?) * 4;
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
    match name {
        Some(n) => e.s(n)?,
        None => {
            e.s("unknown-type-")?;
            e.d(t)?;
        }
    }
    match t {
        0 | 1 => {
            let at = if t == 0 { base } else { base + 8 };
            e.bytes(base, type_extra(t) as usize)?;
            e.s(" (service=")?;
            let v = e.be32(at)?;
            e.d(v)?;
            e.s(")")?;
        }
        7 => {
            e.bytes(base, 12)?;
            e.s(" (code=")?;
            let c = e.u8(base + 8)?;
            e.s(RESET_CODES.get(c as usize).copied().unwrap_or("invalid"))?;
            e.s(")")?;
        }
        _ => {}
    }
    e.s(" ")?;
    if t != 0 && t != 2 {
        let ack = if ext {
            (u64::from(e.be16(base + 2)?) << 32) | u64::from(e.be32(base + 4)?)
        } else {
            (u64::from(e.u8(base + 1)?) << 16) | u64::from(e.be16(base + 2)?)
        };
        e.s("(ack=")?;
        e.d(ack)?;
        e.s(") ")?;
    }
    Ok(())
}
