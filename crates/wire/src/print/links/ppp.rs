//! The PPP link types: `LINKTYPE_PPP` (tcpdump's `ppp_if_print`, the frame as `ppp_print`
//! reads it) and `LINKTYPE_PPP_HDLC` (`ppp_hdlc_if_print`: RFC 1662 HDLC-like framing, or
//! Cisco HDLC). The PPP protocols themselves are printed by `print/pppoe.rs`.

use core::fmt::Write;

use super::chdlc::chdlc_print;
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::pppoe::{handle_ppp, ppp_name, ppp_print};

/// `ppp_if_print`.
pub(crate) fn ppp_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "ppp";
    if caplen < 4 {
        return Err(Stop::Trunc);
    }
    ppp_print(c, 0, length)
}

/// `ppp_hdlc_if_print`.
pub(crate) fn ppp_hdlc_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "ppp_hdlc";
    if caplen < 2 {
        return Err(Stop::Trunc);
    }
    let addr = c.u8(0)?;
    if matches!(addr, 0x0f | 0x8f) {
        return chdlc_print(c, 0, length);
    }
    if caplen < 4 {
        return Err(Stop::Trunc);
    }
    if c.eflag {
        let ctl = c.u8(1)?;
        c.x02(addr)?;
        c.s(" ")?;
        c.x02(ctl)?;
        c.s(" ")?;
        c.d(length)?;
        c.s(" ")?;
    }
    if addr != 0xff {
        let (a, b) = (c.u8(2)?, c.u8(3)?);
        c.s("unknown addr ")?;
        c.x02(a)?;
        c.s("; ctrl ")?;
        c.x02(b)?;
        return Ok(());
    }
    let proto = c.be16(2)?;
    match ppp_name(proto) {
        Some(n) => c.s(n)?,
        None => {
            c.s("unknown PPP protocol (0x")?;
            fmtx::hex_pad(c.out, proto.into(), 4)?;
            c.s(")")?;
        }
    }
    c.s(": ")?;
    handle_ppp(c, proto, 4, length.wrapping_sub(4))
}
