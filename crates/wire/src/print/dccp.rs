//! DCCP (RFC 4340) over IPv4 and IPv6, as tcpdump's `dccp_print` shows it: the addresses and
//! ports, the packet type with its service or reset code, and the ack number; with `-v` CCVal,
//! CsCov and the checksum, with `-vv` the sequence number and the options.

use core::fmt::Write;

use super::common::{cksum_l4_cov, shouldbe};
use super::cursor::{Cursor, Stop, R};
use crate::fmtx;
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
    if e.vflag > 0 {
        verbose_header(e, bp, len, iph, hlen)?;
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
    if e.vflag < 2 {
        return Ok(());
    }
    let seq = if ext {
        e.be_n(bp + 10, 6)?
    } else {
        e.be_n(bp + 9, 3)?
    };
    e.s("seq ")?;
    e.d(seq)?;
    if hlen > fixed {
        options(e, bp + fixed as usize, hlen - fixed)?;
    }
    Ok(())
}

/// ` (CCVal 0, CsCov 0, cksum 0x1234 (correct))` of `-v`.
#[cold]
#[inline(never)]
fn verbose_header<W: Write>(
    e: &mut Cursor<'_, W>,
    bp: usize,
    len: u32,
    iph: usize,
    hlen: u32,
) -> R {
    let b = e.u8(bp + 5)?;
    let cscov = u32::from(b & 0x0f);
    e.s(" (CCVal ")?;
    e.d(b >> 4)?;
    e.s(", CsCov ")?;
    e.d(cscov)?;
    if e.test(bp, len as usize) {
        let field = e.be16(bp + 6)?;
        e.s(", cksum 0x")?;
        fmtx::hex_pad(e.out, field.into(), 4)?;
        e.s(" ")?;
        let cov = if cscov == 0 {
            len
        } else {
            ((hlen / 4 + cscov - 1) * 4).min(len)
        };
        let sum = cksum_l4_cov(e, iph, bp, len, cov, 33)?.unwrap_or(0);
        if sum != 0 {
            e.s("(incorrect -> 0x")?;
            fmtx::hex_pad(e.out, shouldbe(field, sum).into(), 4)?;
            e.s(")")?;
        } else {
            e.s("(correct)")?;
        }
    }
    e.s(")")
}

/// The option names below 128.
fn option_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "nop",
        1 => "mandatory",
        2 => "slowreceiver",
        32 => "change_l",
        33 => "confirm_l",
        34 => "change_r",
        35 => "confirm_r",
        36 => "initcookie",
        37 => "ndp_count",
        38 => "ack_vector0",
        39 => "ack_vector1",
        40 => "data_dropped",
        41 => "timestamp",
        42 => "timestamp_echo",
        43 => "elapsed_time",
        44 => "data_checksum",
        _ => return None,
    })
}

/// The feature numbers of the change and confirm options.
const FEATURES: [&str; 10] = [
    "reserved",
    "ccid",
    "allow_short_seqno",
    "sequence_window",
    "ecn_incapable",
    "ack_ratio",
    "send_ack_vector",
    "send_ndp_count",
    "minimum checksum coverage",
    "check data checksum",
];

/// ` <opt, opt, ...>`: the `hlen` option bytes at `cp`.
#[cold]
#[inline(never)]
fn options<W: Write>(e: &mut Cursor<'_, W>, mut cp: usize, mut hlen: u32) -> R {
    e.s(" <")?;
    loop {
        let optlen = option(e, cp, hlen)?;
        if optlen == 0 || hlen <= optlen {
            break;
        }
        hlen -= optlen;
        cp += optlen as usize;
        e.s(", ")?;
    }
    e.s(">")
}

/// The option's name (`CCID option N` from 128 on, `Option N` for an unnamed one).
fn option_label<W: Write>(e: &mut Cursor<'_, W>, t: u8) -> R {
    if t >= 128 {
        e.s("CCID option ")?;
        return e.d(t);
    }
    let unknown = Unknown::dec("Option ", "");
    tok::tok2str(e.out, option_name(t), t.into(), unknown)?;
    Ok(())
}

/// `dccp_print_option`: one option at `o`; its length, 0 to stop.
fn option<W: Write>(e: &mut Cursor<'_, W>, o: usize, hlen: u32) -> R<u32> {
    let t = e.u8(o)?;
    let optlen = if t >= 32 {
        let l = e.u8(o + 1)?;
        if l < 2 {
            option_label(e, t)?;
            e.s(" optlen too short")?;
            return Ok(0);
        }
        l
    } else {
        1
    };
    if hlen < u32::from(optlen) {
        option_label(e, t)?;
        e.s(" optlen goes past header length")?;
        return Ok(0);
    }
    if !e.test(o, optlen.into()) {
        e.trunc_here()?;
        return Ok(0);
    }
    let n = usize::from(optlen);
    option_label(e, t)?;
    if t >= 128 {
        match optlen {
            4 => {
                e.s(" ")?;
                e.d(e.be16(o + 2)?)?;
            }
            6 => {
                e.s(" ")?;
                e.d(e.be32(o + 2)?)?;
            }
            _ => {}
        }
        return Ok(optlen.into());
    }
    match t {
        32..=35 => {
            if optlen < 3 {
                e.s(" optlen too short")?;
                return Ok(optlen.into());
            }
            let f = e.u8(o + 2)?;
            if let Some(name) = FEATURES.get(usize::from(f)) {
                e.s(" ")?;
                e.s(name)?;
                for i in 3..n {
                    e.s(" ")?;
                    e.d(e.u8(o + i)?)?;
                }
            }
        }
        36 | 38..=40 if optlen > 2 => {
            e.s(" 0x")?;
            for i in 2..n {
                e.x02(e.u8(o + i)?)?;
            }
        }
        37 => {
            for i in 2..n {
                e.s(" ")?;
                e.d(e.u8(o + i)?)?;
            }
        }
        41 => {
            if optlen == 6 {
                e.s(" ")?;
                e.d(e.be32(o + 2)?)?;
            } else {
                e.s(" [optlen != 6]")?;
            }
        }
        42 => match optlen {
            6 | 8 | 10 => {
                e.s(" ")?;
                e.d(e.be32(o + 2)?)?;
                if optlen > 6 {
                    let el = if optlen == 8 {
                        u32::from(e.be16(o + 6)?)
                    } else {
                        e.be32(o + 6)?
                    };
                    e.s(" (elapsed time ")?;
                    e.d(el)?;
                    e.s(")")?;
                }
            }
            _ => e.s(" [optlen != 6 or 8 or 10]")?,
        },
        43 => match optlen {
            6 => {
                e.s(" ")?;
                e.d(e.be32(o + 2)?)?;
            }
            4 => {
                e.s(" ")?;
                e.d(e.be16(o + 2)?)?;
            }
            _ => e.s(" [optlen != 4 or 6]")?,
        },
        44 if optlen > 2 => {
            e.s(" ")?;
            for i in 2..n {
                e.x02(e.u8(o + i)?)?;
            }
        }
        _ => {}
    }
    Ok(optlen.into())
}
