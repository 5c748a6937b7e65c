//! NTP at `-v` (tcpdump 4.99.3's `ntp_print` with `ndo_vflag`): the leap indicator, then the
//! time message's stratum, poll, precision, root delay and dispersion, reference ID, the four
//! timestamps, their differences and the authenticator, or the control message's header.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vutil::hex_w;
use crate::fmtx;

/// The length of a time message without key ID and digest.
const TIME_MINLEN: u32 = 48;
/// The length of a control message's header.
const CTRL_MINLEN: u32 = 12;
/// 2^32, the fraction's scale.
const FMAXINT: f64 = 4_294_967_296.0;
/// Seconds from 1900 (NTP's epoch) to 1970.
const JAN_1970: i64 = 2_208_988_800;

/// The rest of the `-v` form, after `NTPvN` (printed by the caller); `status` is the first
/// byte, `mode` its mode bits.
#[cold]
#[inline(never)]
pub(crate) fn ntp_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    length: u32,
    status: u8,
    mode: &str,
) -> R {
    c.s(mode)?;
    c.s(", length ")?;
    c.d(length)?;
    c.s("\n\tLeap indicator: ")?;
    let leap = status & 0xc0;
    c.s(match leap {
        0x00 => "",
        0x40 => "+1s",
        0x80 => "-1s",
        _ => "clock unsynchronized",
    })?;
    c.s(" (")?;
    c.d(leap)?;
    c.s(")")?;
    match status & 7 {
        0..=5 => time_msg(c, cp, length),
        6 => control_msg(c, cp, length),
        _ => Ok(()),
    }
}

/// `nd_print_invalid`, then the whole message must be captured.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: u32) -> R {
    c.invalid()?;
    c.bytes(cp, length as usize)?;
    Ok(())
}

/// `p_sfix`: a 16.16 fixed-point number as `I.FFFFFF`.
fn sfix<W: Write>(c: &mut Cursor<'_, W>, o: usize) -> R {
    let i = c.be16(o)?;
    let f = c.be16(o + 2)?;
    let f = (f64::from(f) / 65536.0 * 1_000_000.0) as i32;
    c.d(i)?;
    c.s(".")?;
    fmtx::dec_pad(c.out, f as u64, 6)?;
    Ok(())
}

/// A 32-bit fraction of a second in nanoseconds, as tcpdump computes it.
fn nanos(uf: u32) -> u32 {
    (f64::from(uf) / FMAXINT * 1_000_000_000.0) as u32
}

/// `p_ntp_time`: `S.NNNNNNNNN` and, for a non-zero time, its UTC date.
pub(crate) fn ntp_time<W: Write>(c: &mut Cursor<'_, W>, o: usize) -> R {
    let i = c.be32(o)?;
    let uf = c.be32(o + 4)?;
    c.d(i)?;
    c.s(".")?;
    fmtx::dec_pad(c.out, nanos(uf).into(), 9)?;
    if i != 0 {
        c.s(" (")?;
        fmtx::clock(c.out, i64::from(i) - JAN_1970, true)?;
        c.s("Z)")?;
    }
    Ok(())
}

/// `p_ntp_delta`: the time at `new` minus the time at `old`, signed.
fn ntp_delta<W: Write>(c: &mut Cursor<'_, W>, old: usize, new: usize) -> R {
    let u = c.be32(new)?;
    let ou = c.be32(old)?;
    let uf = c.be32(new + 4)?;
    let ouf = c.be32(old + 4)?;
    if ou == 0 && ouf == 0 {
        return ntp_time(c, new);
    }
    let (neg, i, f) = if u > ou {
        (
            false,
            (u - ou).wrapping_sub(u32::from(ouf > uf)),
            uf.wrapping_sub(ouf),
        )
    } else if u < ou {
        (
            true,
            (ou - u).wrapping_sub(u32::from(uf > ouf)),
            ouf.wrapping_sub(uf),
        )
    } else if uf > ouf {
        (false, 0, uf - ouf)
    } else {
        (true, 0, ouf - uf)
    };
    c.s(if neg { "-" } else { "+" })?;
    c.d(i)?;
    c.s(".")?;
    fmtx::dec_pad(c.out, nanos(f).into(), 9)?;
    Ok(())
}

/// `ntp_time_print`.
fn time_msg<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: u32) -> R {
    if length < TIME_MINLEN {
        return invalid(c, cp, length);
    }
    let stratum = c.u8(cp + 1)?;
    c.s(", Stratum ")?;
    c.d(stratum)?;
    c.s(" (")?;
    c.s(match stratum {
        0 => "unspecified",
        1 => "primary reference",
        2..=15 => "secondary reference",
        _ => "reserved",
    })?;
    c.s(")")?;
    let poll = c.u8(cp + 2)? as i8;
    c.s(", poll ")?;
    fmtx::idec(c.out, poll.into())?;
    if poll > -32 && poll < 32 {
        if poll >= 0 {
            c.s(" (")?;
            c.d(1u32 << poll)?;
            c.s("s)")?;
        } else {
            c.s(" (1/")?;
            c.d(1u32 << -poll)?;
            c.s("s)")?;
        }
    }
    let precision = c.u8(cp + 3)? as i8;
    c.s(", precision ")?;
    fmtx::idec(c.out, precision.into())?;
    c.bytes(cp + 4, 4)?;
    c.s("\n\tRoot Delay: ")?;
    sfix(c, cp + 4)?;
    c.bytes(cp + 8, 4)?;
    c.s(", Root dispersion: ")?;
    sfix(c, cp + 8)?;
    c.bytes(cp + 12, 4)?;
    c.s(", Reference-ID: ")?;
    match stratum {
        0 => c.s("(unspec)")?,
        1 => {
            if !c.printn(cp + 12, 4)? {
                return c.trunc_here();
            }
        }
        62 | 63 => {
            c.ip4_at(cp + 12)?;
            return c.s(if stratum == 62 {
                " INFO_QUERY"
            } else {
                " INFO_REPLY"
            });
        }
        _ => {
            c.s("0x")?;
            hex_w(c, c.be32(cp + 12)?.into(), 8)?;
        }
    }
    for (label, o) in [
        ("\n\t  Reference Timestamp:  ", 16),
        ("\n\t  Originator Timestamp: ", 24),
        ("\n\t  Receive Timestamp:    ", 32),
        ("\n\t  Transmit Timestamp:   ", 40),
    ] {
        c.bytes(cp + o, 8)?;
        c.s(label)?;
        ntp_time(c, cp + o)?;
    }
    c.s("\n\t    Originator - Receive Timestamp:  ")?;
    ntp_delta(c, cp + 24, cp + 32)?;
    c.s("\n\t    Originator - Transmit Timestamp: ")?;
    ntp_delta(c, cp + 24, cp + 40)?;
    let digest = match length - TIME_MINLEN {
        0 => return Ok(()),
        4 => 0,
        20 => 16,
        24 => 20,
        n => {
            c.s("\n\t(")?;
            c.d(n)?;
            return c.s(" more bytes after the header)");
        }
    };
    let key = c.be32(cp + 48)?;
    c.s("\n\tKey id: ")?;
    c.d(key)?;
    if digest > 0 {
        let d = c.bytes(cp + 52, digest)?;
        c.s("\n\tAuthentication: ")?;
        for &b in d {
            c.x02(b)?;
        }
    }
    Ok(())
}

/// `ntp_control_print`.
fn control_msg<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: u32) -> R {
    if length < CTRL_MINLEN {
        return invalid(c, cp, length);
    }
    let control = c.u8(cp + 1)?;
    c.s(if control & 0x80 != 0 {
        ", Response"
    } else {
        ", Request"
    })?;
    c.s(if control & 0x40 != 0 {
        ", Error"
    } else {
        ", OK"
    })?;
    c.s(if control & 0x20 != 0 {
        ", More"
    } else {
        ", Last"
    })?;
    c.s(", OpCode=")?;
    c.d(control & 0x1f)?;
    c.s("\n")?;
    let seq = c.be16(cp + 2)?;
    c.s("\tSequence=")?;
    c.d(seq)?;
    let status = c.be16(cp + 4)?;
    c.s(", Status=")?;
    if status != 0 {
        c.s("0x")?;
        c.x(status)?;
    } else {
        c.s("0")?;
    }
    let assoc = c.be16(cp + 6)?;
    c.s(", Assoc.=")?;
    c.d(assoc)?;
    let offset = c.be16(cp + 8)?;
    c.s(", Offset=")?;
    c.d(offset)?;
    let count = c.be16(cp + 10)?;
    c.s(", Count=")?;
    c.d(count)?;
    if CTRL_MINLEN + u32::from(count) > length {
        return invalid(c, cp, length);
    }
    if count != 0 {
        c.bytes(cp + 12, count.into())?;
        c.s("\n\tTO-BE-DONE: data not interpreted")?;
    }
    Ok(())
}
