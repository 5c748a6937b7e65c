//! RTP (RFC 3550, and version 1 drafts) and vat/vt audio headers (tcpdump's `rtp_print` and
//! `vat_print`), printed only with `-T rtp` and `-T vat`: tcpdump picks them by no port.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;

/// `rtp_print`: `udp/rtp DLEN cTYPE [+][*] SEQ TIMESTAMP` for the `len` bytes at `hdr`, and at
/// `-v` the SSRC (and for H.261 the first payload word's upper half).
pub(crate) fn rtp_print<W: Write>(c: &mut Cursor<'_, W>, hdr: usize, len: u32) -> R {
    c.proto = "rtp";
    if len < 8 {
        c.s("udp/rtp, length ")?;
        c.d(len)?;
        return c.s(" < 8");
    }
    let i0 = c.be32(hdr)?;
    let i1 = c.be32(hdr + 4)?;
    let mut dlen = len - 8;
    // Where the next 32-bit word is, and how many words are left.
    let mut ip = hdr + 8;
    let mut words = (len >> 2) - 2;
    let (hasopt, hasext, contype, marker, name);
    if i0 >> 30 == 1 {
        hasopt = i0 & 0x0080_0000 != 0;
        hasext = false;
        contype = (i0 >> 16) & 0x3f;
        marker = i0 & 0x0040_0000 != 0;
        name = "rtpv1";
    } else {
        if dlen < 4 {
            c.s("udp/rtp, length ")?;
            c.d(dlen + 8)?;
            return c.s(" < 12");
        }
        hasopt = false;
        hasext = i0 & 0x1000_0000 != 0;
        contype = (i0 >> 16) & 0x7f;
        marker = i0 & 0x0080_0000 != 0;
        dlen -= 4;
        name = "rtp";
        ip += 4;
        words = words.wrapping_sub(1);
    }
    c.s("udp/")?;
    c.s(name)?;
    c.s(" ")?;
    c.d(dlen)?;
    c.s(" c")?;
    c.d(contype)?;
    c.s(" ")?;
    if hasopt || hasext {
        c.s("+")?;
    }
    if marker {
        c.s("*")?;
    }
    c.s(" ")?;
    c.d(i0 & 0xffff)?;
    c.s(" ")?;
    c.d(i1)?;
    if c.vflag == 0 {
        return Ok(());
    }
    c.s(" ")?;
    c.d(c.be32(hdr + 8)?)?;
    if hasopt {
        loop {
            let i2 = c.be32(ip)?;
            let optlen = (i2 >> 16) & 0xff;
            if optlen == 0 || optlen > words {
                return c.s(" !opt");
            }
            ip += optlen as usize * 4;
            words -= optlen;
            if (i2 as i32) < 0 {
                break;
            }
        }
    }
    if hasext {
        let i2 = c.be32(ip)?;
        let extlen = (i2 & 0xffff) + 1;
        if extlen > words {
            return c.s(" !ext");
        }
        ip += extlen as usize * 4;
    }
    if contype == 0x1f {
        c.s(" 0x")?;
        fmtx::hex_pad(c.out, u64::from(c.be32(ip)? >> 16), 4)?;
    }
    Ok(())
}

/// `vat_print`: a vt header (`udp/vt LEN SEQ / FRAME`) or a vat one (`udp/vat DLEN cCONF TS`,
/// `*` for a marker, the audio format and the stream) for the `length` bytes at `hdr`.
pub(crate) fn vat_print<W: Write>(c: &mut Cursor<'_, W>, hdr: usize, length: u32) -> R {
    c.proto = "vat";
    if length < 2 {
        c.s("udp/va/vat, length ")?;
        c.d(length)?;
        return c.s(" < 2");
    }
    let ts = c.be16(hdr)?;
    if ts & 0xf060 != 0 {
        c.s("udp/vt ")?;
        c.d(length)?;
        c.s(" ")?;
        c.d(ts & 0x3ff)?;
        c.s(" / ")?;
        return c.d(ts >> 10);
    }
    if length < 8 {
        c.s("udp/vat, length ")?;
        c.d(length)?;
        return c.s(" < 8");
    }
    let i0 = c.be32(hdr)?;
    let i1 = c.be32(hdr + 4)?;
    c.s("udp/vat ")?;
    c.d(length - 8)?;
    c.s(" c")?;
    c.d(i0 & 0xffff)?;
    c.s(" ")?;
    c.d(i1)?;
    if i0 & 0x0080_0000 != 0 {
        c.s("*")?;
    }
    if i0 & 0x001f_0000 != 0 {
        c.s(" f")?;
        c.d((i0 >> 16) & 0x1f)?;
    }
    if i0 & 0x3f00_0000 != 0 {
        c.s(" s")?;
        c.d((i0 >> 24) & 0x3f)?;
    }
    Ok(())
}
