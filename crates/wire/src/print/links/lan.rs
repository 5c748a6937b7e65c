//! The shared-medium LANs before switched Ethernet: FDDI (`LINKTYPE_FDDI`) and IEEE 802.5
//! Token Ring (`LINKTYPE_IEEE802_5`) with its source-routing information, printed as tcpdump
//! 4.99's `fddi_if_print` and `token_if_print` print them. Both carry 802.2 LLC, which the
//! walk prints with the MAC addresses these headers hold.

use core::fmt::Write;

use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::next::Next;

/// The FDDI header: frame control, destination, source.
const FDDI_HDRLEN: u32 = 13;

/// The MAC address `a` (through the address cache when there is one).
fn mac<W: Write>(c: &mut Cursor<'_, W>, a: &[u8; 6]) -> R {
    match c.names.as_deref_mut() {
        Some(n) => n.mac(c.out, a)?,
        None => fmtx::mac(c.out, a)?,
    }
    Ok(())
}

/// `print_fddi_fc`: the frame control field's meaning and a space.
fn fddi_fc<W: Write>(c: &mut Cursor<'_, W>, fc: u8) -> R {
    let fixed = match fc {
        0x40 => Some("void "),
        0x80 => Some("nrt "),
        0xc0 => Some("rt "),
        0x41 => Some("info "),
        0x4f => Some("nsa "),
        0xc2 => Some("beacon "),
        0xc3 => Some("claim "),
        _ => None,
    };
    if let Some(s) = fixed {
        return c.s(s);
    }
    let class = match fc & 0xf0 {
        0xc0 => "mac",
        0x40 => "smt",
        0x50 => "async",
        0xd0 => "sync",
        0x60 => "imp_async",
        0xe0 => "imp_sync",
        _ => {
            c.x02(fc)?;
            return c.s(" ");
        }
    };
    c.s(class)?;
    c.x(fc & 0x0f)?;
    c.s(" ")
}

/// `fddi_hdr_print`: `[FC ]SRC > DST, length N: ` (addresses as Linux hands them over, not
/// bit-swapped).
fn fddi_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    let fc = c.u8(0)?;
    if !c.qflag {
        fddi_fc(c, fc)?;
    }
    c.mac_at(7)?;
    c.s(" > ")?;
    c.mac_at(1)?;
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `fddi_if_print`.
pub(crate) fn fddi_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "fddi";
    if caplen < FDDI_HDRLEN {
        return Err(Stop::Trunc);
    }
    let fc = c.u8(0)?;
    if c.eflag {
        fddi_header(c, length)?;
    }
    let at = FDDI_HDRLEN;
    let (length, caplen) = (length.wrapping_sub(FDDI_HDRLEN), caplen - FDDI_HDRLEN);
    match fc & 0xf0 {
        0x50 => {
            // The LLC printer's fallback names the addresses: destination at 1, source at 7.
            c.llc_eth = Some(1);
            c.then(Next::llc(at, length, caplen))
        }
        0x40 => c.s("<SMT printer not yet implemented>"),
        _ => {
            if !c.eflag {
                fddi_header(c, length.wrapping_add(FDDI_HDRLEN))?;
            }
            c.default_print_guarded(at as usize, caplen as usize)
        }
    }
}

/// The Token Ring header: access control, frame control, destination, source.
const TOKEN_HDRLEN: u32 = 14;

/// `token_hdr_print`: `[AC FC ]SRC > DST, length N: `, the source's routing bit cleared.
fn token_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    if !c.qflag {
        let (ac, fc) = (c.u8(0)?, c.u8(1)?);
        c.x02(ac)?;
        c.s(" ")?;
        c.x02(fc)?;
        c.s(" ")?;
    }
    let mut src: [u8; 6] = c.bytes(8, 6)?.try_into().map_err(|_| Stop::Trunc)?;
    src[0] &= 0x7f;
    mac(c, &src)?;
    c.s(" > ")?;
    c.mac_at(2)?;
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// The largest frame a route allows, by its code.
const LARGEST_FRAME: [&str; 8] = [
    "516", "1500", "2052", "4472", "8144", "11407", "17800", "??",
];

/// `token_if_print`.
pub(crate) fn token_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "token-ring";
    if caplen < TOKEN_HDRLEN {
        return Err(Stop::Trunc);
    }
    let mut hdr_len = TOKEN_HDRLEN;
    let routed = c.u8(8)? & 0x80 != 0;
    if c.eflag {
        token_header(c, length)?;
    }
    if routed {
        if caplen < TOKEN_HDRLEN + 2 {
            return Err(Stop::Trunc);
        }
        let rcf = c.be16(14)?;
        let rif = u32::from((rcf & 0x1f00) >> 8);
        hdr_len += rif;
        if caplen < hdr_len {
            return Err(Stop::Trunc);
        }
        let segs = (rif as i32 - 2) / 2;
        if c.vflag > 0 {
            c.s(match rcf >> 13 {
                0..=3 => "Non-Broadcast ",
                4 | 5 => "All-routes ",
                _ => "Single-route ",
            })?;
            c.s(if rcf & 0x80 != 0 {
                "Backward"
            } else {
                "Forward"
            })?;
            for seg in 0..segs.max(0) as usize {
                let r = c.be16(16 + 2 * seg)?;
                c.s(" [")?;
                c.d(r >> 4)?;
                c.s(":")?;
                c.d(r & 0xf)?;
                c.s("]")?;
            }
        } else {
            c.s("rt = ")?;
            c.x(rcf)?;
            for seg in 0..segs.max(0) as usize {
                let r = c.be16(16 + 2 * seg)?;
                c.s(":")?;
                c.x(r)?;
            }
        }
        c.s(" (")?;
        c.s(LARGEST_FRAME[usize::from((rcf & 0x70) >> 4)])?;
        c.s(") ")?;
    }
    let (ilen, icap) = (length.wrapping_sub(hdr_len), caplen - hdr_len);
    if (c.u8(1)? & 0xc0) >> 6 == 1 {
        // The LLC printer's fallback names the addresses: destination at 2, source at 8.
        c.llc_eth = Some(2);
        return c.then(Next::llc(hdr_len, ilen, icap));
    }
    if !c.eflag {
        token_header(c, length)?;
    }
    c.default_print_guarded(hdr_len as usize, icap as usize)
}
