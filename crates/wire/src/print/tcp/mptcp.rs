//! The MPTCP TCP option (kind 30, RFC 6824 and RFC 8684) as tcpdump 4.99.3's `mptcp_print`
//! shows it inside a TCP option list: the option's length, the subtype's name and its fields
//! (`mptcp 12 capable v1 {0x…}`, `mptcp 20 dss ack 1 seq 2 subseq 3 len 4 csum 0x5`).
//!
//! tcpdump 4.99.3 knows subtypes 0 to 7; any other (TCPRST, 8, included) prints `unknown`.

use core::fmt::Write;

use crate::fmtx;
use crate::print::cursor::{Cursor, R};

/// The TCP flags the subtypes' length rules depend on.
mod tcpflag {
    pub const SYN: u8 = 0x02;
    pub const ACK: u8 = 0x10;
}

/// Subtype names, by subtype number; the last is for every number above 7.
const NAMES: [&str; 9] = [
    "capable",
    "join",
    "dss",
    "add-addr",
    "rem-addr",
    "prio",
    "fail",
    "fast-close",
    "unknown",
];

/// Prints the MPTCP option of `len` bytes starting (at its kind byte) at `opt`, whose bytes the
/// caller checked are captured; `flags` are the segment's TCP flags. `Ok(false)` when tcpdump
/// calls the option bad (the caller prints `[bad opt]`).
pub(crate) fn mptcp_print<W: Write>(
    e: &mut Cursor<'_, W>,
    opt: usize,
    len: u32,
    flags: u8,
) -> R<bool> {
    e.proto = "mptcp";
    if len < 3 {
        return Ok(false);
    }
    let saved = e.snapend;
    e.clip(opt, len as usize);
    let r = subtype_print(e, opt, len, flags);
    e.snapend = saved;
    r
}

fn subtype_print<W: Write>(e: &mut Cursor<'_, W>, opt: usize, len: u32, flags: u8) -> R<bool> {
    let sub = usize::from(e.u8(opt + 2)? >> 4).min(NAMES.len() - 1);
    e.s(" ")?;
    e.d(len)?;
    e.s(" ")?;
    e.s(NAMES[sub])?;
    match sub {
        0 => capable(e, opt, len, flags),
        1 => join(e, opt, len, flags),
        2 => dss(e, opt, len, flags),
        3 => add_addr(e, opt, len),
        4 => remove_addr(e, opt, len),
        5 => prio(e, opt, len),
        6 | 7 => {
            if len != 12 {
                return Ok(false);
            }
            let v = be64(e, opt + 4)?;
            if sub == 6 {
                e.s(" seq ")?;
                e.d(v)?;
            } else {
                e.s(" key ")?;
                hex64(e, v)?;
            }
            Ok(true)
        }
        _ => Ok(true),
    }
}

fn be64<W: Write>(e: &Cursor<'_, W>, o: usize) -> R<u64> {
    Ok((u64::from(e.be32(o)?) << 32) | u64::from(e.be32(o + 4)?))
}

/// `0x` and `v` in lowercase hex without padding.
fn hex64<W: Write>(e: &mut Cursor<'_, W>, v: u64) -> R {
    e.s("0x")?;
    fmtx::hex(e.out, v)?;
    Ok(())
}

/// MP_CAPABLE: the version, `csum` when checksums are asked for, and the keys.
fn capable<W: Write>(e: &mut Cursor<'_, W>, opt: usize, len: u32, flags: u8) -> R<bool> {
    let syn_ok = (len == 12 || len == 4) && flags & tcpflag::SYN != 0;
    let ack_ok = (len == 20 || len == 22) && flags & (tcpflag::SYN | tcpflag::ACK) == tcpflag::ACK;
    if !syn_ok && !ack_ok {
        return Ok(false);
    }
    let version = e.u8(opt + 2)? & 0x0f;
    if version > 1 {
        e.s(" Unknown Version (")?;
        e.d(version)?;
        e.s(")")?;
        return Ok(true);
    }
    e.s(" v")?;
    e.d(version)?;
    if e.u8(opt + 3)? & 0x80 != 0 {
        e.s(" csum")?;
    }
    if len == 12 || len >= 20 {
        e.s(" {")?;
        let k = be64(e, opt + 4)?;
        hex64(e, k)?;
        if len >= 20 {
            e.s(",")?;
            let k = be64(e, opt + 12)?;
            hex64(e, k)?;
        }
        e.s("}")?;
    }
    Ok(true)
}

/// MP_JOIN: the SYN's token and nonce, the SYN/ACK's truncated HMAC and nonce, the ACK's HMAC.
fn join<W: Write>(e: &mut Cursor<'_, W>, opt: usize, len: u32, flags: u8) -> R<bool> {
    let sa = flags & (tcpflag::SYN | tcpflag::ACK);
    let ok = (len == 12 && flags & tcpflag::SYN != 0)
        || (len == 16 && sa == tcpflag::SYN | tcpflag::ACK)
        || (len == 24 && flags & tcpflag::ACK != 0);
    if !ok {
        return Ok(false);
    }
    if len != 24 {
        if e.u8(opt + 2)? & 1 != 0 {
            e.s(" backup")?;
        }
        e.s(" id ")?;
        let id = e.u8(opt + 3)?;
        e.d(id)?;
    }
    match len {
        12 => {
            e.s(" token 0x")?;
            let t = e.be32(opt + 4)?;
            fmtx::hex(e.out, t.into())?;
            e.s(" nonce 0x")?;
            let n = e.be32(opt + 8)?;
            fmtx::hex(e.out, n.into())?;
        }
        16 => {
            e.s(" hmac ")?;
            let m = be64(e, opt + 4)?;
            hex64(e, m)?;
            e.s(" nonce 0x")?;
            let n = e.be32(opt + 12)?;
            fmtx::hex(e.out, n.into())?;
        }
        _ => {
            e.s(" hmac 0x")?;
            for b in e.bytes(opt + 4, 20)? {
                fmtx::hex2(e.out, *b)?;
            }
        }
    }
    Ok(true)
}

/// A 4- or 8-byte number at `*at` (8 when `wide`), within the `*left` bytes of the option;
/// `None` when the option is too short for it.
fn seq_field<W: Write>(
    e: &mut Cursor<'_, W>,
    at: &mut usize,
    left: &mut u32,
    wide: bool,
) -> R<Option<u64>> {
    let n = if wide { 8 } else { 4 };
    if *left < n {
        return Ok(None);
    }
    let v = if wide {
        be64(e, *at)?
    } else {
        u64::from(e.be32(*at)?)
    };
    *at += n as usize;
    *left -= n;
    Ok(Some(v))
}

/// DSS: `fin`, the data ack and the mapping (data and subflow sequence numbers, length,
/// checksum), each when its flag says it is there.
fn dss<W: Write>(e: &mut Cursor<'_, W>, opt: usize, len: u32, flags: u8) -> R<bool> {
    if len < 4 || flags & tcpflag::SYN != 0 {
        return Ok(false);
    }
    let f = e.u8(opt + 3)?;
    if f & 0x10 != 0 {
        e.s(" fin")?;
    }
    let mut at = opt + 4;
    let mut left = len - 4;
    if f & 0x01 != 0 {
        e.s(" ack ")?;
        let Some(v) = seq_field(e, &mut at, &mut left, f & 0x02 != 0)? else {
            return Ok(false);
        };
        e.d(v)?;
    }
    if f & 0x04 != 0 {
        e.s(" seq ")?;
        let Some(v) = seq_field(e, &mut at, &mut left, f & 0x08 != 0)? else {
            return Ok(false);
        };
        e.d(v)?;
        let Some(v) = seq_field(e, &mut at, &mut left, false)? else {
            return Ok(false);
        };
        e.s(" subseq ")?;
        e.d(v)?;
        if left < 2 {
            return Ok(false);
        }
        e.s(" len ")?;
        let v = e.be16(at)?;
        e.d(v)?;
        at += 2;
        left -= 2;
        if left >= 2 {
            e.s(" csum 0x")?;
            let v = e.be16(at)?;
            fmtx::hex(e.out, v.into())?;
            left -= 2;
        }
    }
    Ok(left == 0)
}

/// ADD_ADDR: version and echo, address id, the IPv4 or IPv6 address, its port and the HMAC.
fn add_addr<W: Write>(e: &mut Cursor<'_, W>, opt: usize, len: u32) -> R<bool> {
    let v4 = matches!(len, 8 | 10 | 16 | 18);
    if !v4 && !matches!(len, 20 | 22 | 28 | 30) {
        return Ok(false);
    }
    e.s(match e.u8(opt + 2)? & 0x0f {
        6 => " v0-ip6",
        4 => " v0-ip4",
        1 => " v1-echo",
        0 => " v1",
        _ => " [bad version/echo]",
    })?;
    e.s(" id ")?;
    let id = e.u8(opt + 3)?;
    e.d(id)?;
    e.s(" ")?;
    let (alen, port, mac) = if v4 { (4, 10, 16) } else { (16, 22, 28) };
    if v4 {
        e.ip4_at(opt + 4)?;
    } else {
        e.ip6_at(opt + 4)?;
    }
    let with_port = len == port || len == mac + 2;
    if with_port {
        e.s(":")?;
        let p = e.be16(opt + 4 + alen)?;
        e.d(p)?;
    }
    if len >= mac {
        e.s(" hmac ")?;
        let at = opt + 4 + alen + if with_port { 2 } else { 0 };
        let m = be64(e, at)?;
        hex64(e, m)?;
    }
    Ok(true)
}

/// REMOVE_ADDR: the address ids.
fn remove_addr<W: Write>(e: &mut Cursor<'_, W>, opt: usize, len: u32) -> R<bool> {
    if len < 4 {
        return Ok(false);
    }
    e.s(" id")?;
    for i in 3..len as usize {
        e.s(" ")?;
        let id = e.u8(opt + i)?;
        e.d(id)?;
    }
    Ok(true)
}

/// MP_PRIO: backup or not, and the address id when there is one.
fn prio<W: Write>(e: &mut Cursor<'_, W>, opt: usize, len: u32) -> R<bool> {
    if len != 3 && len != 4 {
        return Ok(false);
    }
    if e.u8(opt + 2)? & 1 != 0 {
        e.s(" backup")?;
    } else {
        e.s(" non-backup")?;
    }
    if len == 4 {
        e.s(" id ")?;
        let id = e.u8(opt + 3)?;
        e.d(id)?;
    }
    Ok(true)
}
