//! Cisco HDLC (`LINKTYPE_C_HDLC`, tcpdump's `chdlc_print`) with SLARP, and the dispatch of OSI
//! network layer protocol IDs (`isoclns_print`) it and Frame Relay share.

use core::fmt::Write;

use crate::ethertype;
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::next::{off, L2Proto, Next};

/// The address, control and protocol fields.
const CHDLC_HDRLEN: u32 = 4;
/// Cisco's Serial Line ARP.
const CHDLC_TYPE_SLARP: u16 = 0x8035;
/// Cisco's "EtherType" for OSI, followed by a pad byte or the NLPID.
const ETHERTYPE_ISO: u16 = 0xfefe;

/// `chdlc_print` of the frame at `p`, `length` bytes on the wire.
pub(crate) fn chdlc_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.proto = "chdlc";
    if length < CHDLC_HDRLEN {
        return Err(Stop::Trunc);
    }
    let proto = c.be16(p + 2)?;
    if c.eflag {
        let cast = c.u8(p)?;
        match cast {
            0x0f => c.s("unicast")?,
            0x8f => c.s("bcast")?,
            _ => {
                c.s("0x")?;
                c.x02(cast)?;
            }
        }
        c.s(", ethertype ")?;
        c.s(ethertype::name(proto).unwrap_or("Unknown"))?;
        c.s(" (0x")?;
        fmtx::hex_pad(c.out, proto.into(), 4)?;
        c.s("), length ")?;
        c.d(length)?;
        c.s(": ")?;
    }
    let length = length - CHDLC_HDRLEN;
    let p = p + CHDLC_HDRLEN as usize;
    match proto {
        ethertype::IPV4 => c.then(Next::ip(off(p), length)),
        ethertype::IPV6 => c.then(Next::ip6(off(p), length)),
        CHDLC_TYPE_SLARP => slarp_print(c, p, length),
        ethertype::MPLS | ethertype::MPLS_MULTI => {
            let caplen = c.avail(p) as u32;
            c.then(Next::ether_type(proto, off(p), length, caplen))
        }
        ETHERTYPE_ISO => {
            if length < 2 {
                return Err(Stop::Trunc);
            }
            if matches!(c.u8(p + 1)?, 0x81..=0x83) {
                isoclns_print(c, p + 1, length - 1)
            } else {
                isoclns_print(c, p, length)
            }
        }
        _ => {
            if !c.eflag {
                c.s("unknown CHDLC protocol (0x")?;
                fmtx::hex_pad(c.out, proto.into(), 4)?;
                c.s(")")?;
            }
            Ok(())
        }
    }
}

/// `chdlc_slarp_print`.
fn slarp_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.proto = "chdlc_slarp";
    c.s("SLARP (length: ")?;
    c.d(length)?;
    c.s("), ")?;
    if length < 14 {
        return Err(Stop::Trunc);
    }
    // tcpdump's bounds check here is its own (no `longjmp`): `-x` still skips the header.
    if !c.test(p, 14) {
        return Err(Stop::Trunc);
    }
    let mut cp = p;
    let code = c.be32(p)?;
    match code {
        0 => c.s("request")?,
        1 => {
            c.s("reply ")?;
            c.ip4_at(p + 4)?;
            c.s("/")?;
            c.ip4_at(p + 8)?;
        }
        2 => {
            c.s("keepalive: mineseen=0x")?;
            let mine = c.be32(p + 4)?;
            fmtx::hex_pad(c.out, mine.into(), 8)?;
            c.s(", yourseen=0x")?;
            let yours = c.be32(p + 8)?;
            fmtx::hex_pad(c.out, yours.into(), 8)?;
            c.s(", reliability=0x")?;
            let rel = c.be16(p + 12)?;
            fmtx::hex_pad(c.out, rel.into(), 4)?;
            if length >= 18 {
                // tcpdump moves its pointer to the uptime here, so the -vv dump below
                // starts 18 bytes in.
                cp = p + 14;
                let mut sec = c.be32(cp)? / 1000;
                let mut min = sec / 60;
                sec -= min * 60;
                let mut hrs = min / 60;
                min -= hrs * 60;
                let days = hrs / 24;
                hrs -= days * 24;
                c.s(", link uptime=")?;
                c.d(days)?;
                c.s("d")?;
                c.d(hrs)?;
                c.s("h")?;
                c.d(min)?;
                c.s("m")?;
                c.d(sec)?;
                c.s("s")?;
            }
        }
        _ => {
            c.s("0x")?;
            fmtx::hex_pad(c.out, code.into(), 2)?;
            c.s(" unknown")?;
            if c.vflag <= 1 {
                c.unknown_data(p + 4, length as usize - 4)?;
            }
        }
    }
    if length > 18 && c.vflag > 0 {
        c.s(", (trailing junk: ")?;
        c.d(length - 18)?;
        c.s(" bytes)")?;
    }
    if c.vflag > 1 {
        c.unknown_data(cp + 4, length as usize - 4)?;
    }
    Ok(())
}

/// The name tcpdump gives an OSI network layer protocol ID (`nlpid_values`).
pub(crate) fn nlpid_name(v: u8) -> Option<&'static str> {
    Some(match v {
        0x00 => "NULL",
        0x08 => "Q.933",
        0x09 => "LMI",
        0x80 => "SNAP",
        0x81 => "CLNP",
        0x82 => "ES-IS",
        0x83 => "IS-IS",
        0x84 => "CONS",
        0x85 => "IDRP",
        0xc1 => "ISIS_SPB",
        0xb1 => "FRF.15",
        0xcc => "IPv4",
        0xcf => "PPP",
        0x8a => "X25 ES-IS",
        0x8e => "IPv6",
        _ => return None,
    })
}

/// `isoclns_print` as far as this crate goes: IS-IS where [`crate::print::isis::decodes`] says
/// so, else the NLPID under `-e`, CLNP, ES-IS, IP, IPv6, PPP and Q.933 payloads, and the
/// unknown ones dumped; the IS-IS PDUs not decoded print nothing more.
pub(crate) fn isoclns_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    if crate::print::isis::decodes(c, p, length) {
        return crate::print::isis::isoclns_print(c, p, length);
    }
    c.proto = "isoclns";
    let nlpid = c.u8(p)?;
    if c.eflag {
        c.s("OSI NLPID ")?;
        c.s(nlpid_name(nlpid).unwrap_or("Unknown"))?;
        c.s(" (0x")?;
        c.x02(nlpid)?;
        c.s("): ")?;
    }
    let sep = if c.eflag { "" } else { ", " };
    match nlpid {
        0x81 => {
            if !crate::print::isis::clnp_print(c, p, length)? {
                c.unknown_data(p, length as usize)?;
            }
            Ok(())
        }
        0x82 => crate::print::isis::esis_print(c, p, length),
        0x83 => Ok(()),
        0x08 => c.then(Next::l2(L2Proto::Q933, off(p + 1), length.wrapping_sub(1))),
        0xcf => c.then(Next::l2(L2Proto::Ppp, off(p + 1), length.wrapping_sub(1))),
        0x00 => {
            c.s(sep)?;
            c.s("length: ")?;
            c.d(length)
        }
        0xcc => c.then(Next::ip(off(p + 1), length.wrapping_sub(1))),
        0x8e => c.then(Next::ip6(off(p + 1), length.wrapping_sub(1))),
        _ => {
            if !c.eflag {
                c.s("OSI NLPID 0x")?;
                c.x02(nlpid)?;
                c.s(" unknown")?;
            }
            c.s(sep)?;
            c.s("length: ")?;
            c.d(length)?;
            if length > 1 {
                c.unknown_data(p, length as usize)?;
            }
            Ok(())
        }
    }
}
