//! The link types tcpdump prints with printers it has for others: BSD/OS PPP and SLIP, PPP
//! with pppd's direction byte, PPPoE sessions as a link type, and NetBSD's Cisco HDLC.

use core::fmt::Write;

use super::chdlc::chdlc_print;
use super::ppp::ppp_if_print;
use crate::print::cursor::{Cursor, R};
use crate::print::next::Next;
use crate::print::pppoe::pppoe_print;

/// `DLT_SLIP_BSDOS` as Linux numbers it, which libpcap reads from files unchanged.
pub(crate) const DLT_SLIP_BSDOS: u32 = 15;
/// `DLT_PPP_BSDOS` as Linux numbers it.
pub(crate) const DLT_PPP_BSDOS: u32 = 16;
/// `LINKTYPE_PPP_ETHER` (51): PPPoE session and discovery frames.
pub(crate) const PPP_ETHER: u32 = 51;
/// `LINKTYPE_SLIP_BSDOS` (102).
pub(crate) const SLIP_BSDOS: u32 = 102;
/// `LINKTYPE_PPP_BSDOS` (103).
pub(crate) const PPP_BSDOS: u32 = 103;
/// `LINKTYPE_NETBSD_HDLC` (112, `DLT_HDLC`): Cisco HDLC.
pub(crate) const HDLC: u32 = 112;
/// `LINKTYPE_PPP_PPPD` (166): PPP with pppd's direction byte.
pub(crate) const PPP_PPPD: u32 = 166;

/// The BSD/OS SLIP pseudo-header's length.
const SLIP_HDRLEN: u32 = 16;

/// Whether `lt` is one of these link types.
pub(crate) fn supported(lt: u32) -> bool {
    matches!(
        lt,
        DLT_SLIP_BSDOS | DLT_PPP_BSDOS | PPP_ETHER | SLIP_BSDOS | PPP_BSDOS | HDLC | PPP_PPPD
    )
}

/// The printer of a record of link type `lt` (one [`supported`] says is).
pub(crate) fn alias_print<W: Write>(c: &mut Cursor<'_, W>, lt: u32, length: u32, caplen: u32) -> R {
    match lt {
        // tcpdump's `ppp_bsdos_if_print` decodes only when built on BSD/OS: elsewhere it
        // prints nothing.
        DLT_PPP_BSDOS | PPP_BSDOS => Ok(()),
        DLT_SLIP_BSDOS | SLIP_BSDOS => {
            c.proto = "slip_bsdos";
            if !c.test(0, SLIP_HDRLEN as usize) {
                return Err(c.jump());
            }
            c.then(Next::ip(SLIP_HDRLEN, length.wrapping_sub(SLIP_HDRLEN)))
        }
        PPP_ETHER => {
            c.proto = "pppoe";
            pppoe_print(c, 0, length)
        }
        HDLC => {
            c.proto = "chdlc";
            chdlc_print(c, 0, length)
        }
        _ => ppp_if_print(c, length, caplen),
    }
}

/// tcpdump's `ndo_ll_hdr_len` for these link types.
pub(crate) fn header_len(lt: u32, data: &[u8], orig_len: u32) -> usize {
    match lt {
        DLT_SLIP_BSDOS | SLIP_BSDOS => SLIP_HDRLEN as usize,
        PPP_ETHER => pppoe_len(data, orig_len as usize),
        HDLC => super::header_len(super::C_HDLC, data, orig_len, false),
        PPP_PPPD => super::header_len(super::PPP, data, orig_len, false),
        _ => 0,
    }
}

/// `pppoe_print`'s count: the PPPoE header, and for a session frame the PPP header
/// `ppp_print` counts (address and control, protocol) unless it reports the frame cut short.
fn pppoe_len(data: &[u8], length: usize) -> usize {
    if length < 6 || data.len() < 6 {
        return 0;
    }
    if data[1] != 0 {
        return 6;
    }
    let plen = usize::from(u16::from_be_bytes([data[4], data[5]])).min(length - 6);
    let ppp = &data[6..];
    if plen < 2 || ppp.len() < 2 {
        return 6;
    }
    let (mut n, mut left) = (0, plen);
    if matches!([ppp[0], ppp[1]], [0x00 | 0x01 | 0xff, 0x03]) {
        n = 2;
        left -= 2;
    }
    if left < 2 {
        return 6;
    }
    match ppp.get(n) {
        Some(b) if b % 2 == 1 => 6 + n + 1,
        Some(_) => 6 + n + 2,
        None => 6,
    }
}
