//! The ATM link types: `LINKTYPE_ATM_RFC1483` (tcpdump's `atm_if_print`: LLC/SNAP, Cisco's
//! NLPID, or a Fore 802.6 header), `LINKTYPE_SUNATM` (`sunatm_if_print`: VPI/VCI, then
//! signalling, OAM cells, LANE or LLC by the VC) and `LINKTYPE_ATM_CLIP` (`cip_if_print`:
//! classical IP over ATM), and the OAM cell printer the Juniper ATM PICs share.

use core::fmt::Write;

use super::chdlc::isoclns_print;
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::print::next::{off, Next};

/// `LINKTYPE_ATM_RFC1483` (100) and the `DLT_ATM_RFC1483` number files also carry (11).
pub(crate) const ATM_RFC1483: u32 = 100;
/// `DLT_ATM_RFC1483`, read as `LINKTYPE_ATM_RFC1483`.
pub(crate) const DLT_ATM_RFC1483: u32 = 11;
/// `LINKTYPE_ATM_CLIP` (106).
pub(crate) const ATM_CLIP: u32 = 106;
/// `DLT_ATM_CLIP`, read as `LINKTYPE_ATM_CLIP`.
pub(crate) const DLT_ATM_CLIP: u32 = 19;
/// `LINKTYPE_SUNATM` (123).
pub(crate) const SUNATM: u32 = 123;

/// Whether `lt` is one of the ATM link types.
pub(crate) fn supported(lt: u32) -> bool {
    matches!(
        lt,
        ATM_RFC1483 | DLT_ATM_RFC1483 | ATM_CLIP | DLT_ATM_CLIP | SUNATM
    )
}

/// The printer of a record of ATM link type `lt`.
pub(crate) fn atm_link_print<W: Write>(
    c: &mut Cursor<'_, W>,
    lt: u32,
    length: u32,
    caplen: u32,
) -> R {
    match lt {
        SUNATM => sunatm_if_print(c, length, caplen),
        ATM_CLIP | DLT_ATM_CLIP => cip_if_print(c, length, caplen),
        _ => atm_if_print(c, length, caplen),
    }
}

/// Whether an OAM cell's 4-byte header is followed by its HEC byte.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum OamHec {
    /// The cell header and its HEC (a SunATM OAM F4 cell).
    With,
    /// The cell header alone (the Juniper PICs).
    Without,
}

/// LLC's UI control byte, first in Cisco's NLPID encapsulation.
const LLC_UI: u8 = 0x03;
/// The SunATM pseudo-header's length.
const SUNATM_HDRLEN: u32 = 4;
/// The LLC/SNAP header classical IP starts with (`rfcllc`).
const CIP_LLC: [u8; 6] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00];

/// `atm_if_print`.
fn atm_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "atm";
    if c.u8(0)? == LLC_UI {
        if c.eflag {
            c.s("CNLPID ")?;
        }
        return isoclns_print(c, 1, length.wrapping_sub(1));
    }
    let llchdr = c.be24(0)?;
    let (mut p, mut length, mut caplen) = (0usize, length, caplen);
    if !matches!(llchdr, 0xaa_aa03 | 0xfe_fe03 | 0x06_0603) {
        // An 802.6 MAC header from a Fore driver, tcpdump assumes.
        if c.eflag {
            // The four words are all read before any is printed.
            let w = [c.be32(0)?, c.be32(4)?, c.be32(8)?, c.be32(12)?];
            for (i, v) in w.into_iter().enumerate() {
                if i == 2 {
                    c.s(" ")?;
                }
                fmtx::hex_pad(c.out, v.into(), 8)?;
            }
            c.s(" ")?;
        }
        c.bytes(0, 20)?;
        p = 20;
        length = length.wrapping_sub(20);
        caplen = caplen.wrapping_sub(20);
    }
    c.then(Next::llc(off(p), length, caplen))
}

/// `sunatm_if_print`: direction, traffic type, VPI and VCI, then the cell's payload.
fn sunatm_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "sunatm";
    let dir = c.u8(0)?;
    if c.eflag {
        c.s(if dir & 0x80 != 0 { "Tx: " } else { "Rx: " })?;
    }
    let lane = dir & 0x0f == 1;
    let vpi = c.u8(1)?;
    let vci = c.be16(2)?;
    let p = SUNATM_HDRLEN as usize;
    let (length, caplen) = (
        length.wrapping_sub(SUNATM_HDRLEN),
        caplen.wrapping_sub(SUNATM_HDRLEN),
    );
    atm_print(c, vpi, vci, lane, p, length, caplen)
}

/// `atm_print`: the signalling and management VCs of VPI 0 by their VCI, else LANE or LLC
/// as the traffic type says.
fn atm_print<W: Write>(
    c: &mut Cursor<'_, W>,
    vpi: u8,
    vci: u16,
    lane: bool,
    p: usize,
    length: u32,
    caplen: u32,
) -> R {
    c.proto = "atm";
    if c.eflag {
        c.s("VPI:")?;
        c.d(vpi)?;
        c.s(" VCI:")?;
        c.d(vci)?;
        c.s(" ")?;
    }
    if vpi == 0 {
        match vci {
            5 => return sig_print(c, p),
            2 => return c.s("broadcast sig: "),
            3 | 4 => return oam_print(c, p, length, OamHec::With),
            1 => return c.s("meta: "),
            // ILMI is SNMP, which this crate does not decode.
            0x10 => return c.s("ilmi: "),
            _ => {}
        }
    }
    if lane {
        lane_print(c, p, length, caplen)
    } else {
        c.then(Next::llc(off(p), length, caplen))
    }
}

/// The Q.2931 message types (`msgtype2str`).
fn msgtype_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0x02 => "Call_proceeding",
        0x07 => "Connect",
        0x0f => "Connect_ack",
        0x05 => "Setup",
        0x4d => "Release",
        0x5a => "Release_complete",
        0x46 => "Restart",
        0x4e => "Restart_ack",
        0x7d => "Status",
        0x75 => "Status_enquiry",
        0x80 => "Add_party",
        0x81 => "Add_party_ack",
        0x82 => "Add_party_reject",
        0x83 => "Drop_party",
        0x84 => "Drop_party_ack",
        _ => return None,
    })
}

/// `sig_print`: a Q.2931 signalling message's type and call reference, or SSCOP.
fn sig_print<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    let proto = c.u8(p)?;
    if proto != 0x09 {
        c.s("SSCOP, proto ")?;
        c.d(proto)?;
        return c.s(" ");
    }
    c.s("Q.2931")?;
    let t = c.u8(p + 5)?;
    c.s(":")?;
    match msgtype_name(t) {
        Some(n) => c.s(n)?,
        None => {
            c.s("msgtype#")?;
            c.d(t)?;
        }
    }
    c.s(" ")?;
    let call_ref = c.be24(p + 2)?;
    c.s("CALL_REF:0x")?;
    fmtx::hex_pad(c.out, call_ref.into(), 6)?;
    Ok(())
}

/// The LAN Emulation client operations (`lecop2str`).
fn lec_op_name(op: u16) -> Option<&'static str> {
    Some(match op {
        0x0001 => "configure request",
        0x0101 => "configure response",
        0x0002 => "join request",
        0x0102 => "join response",
        0x0003 => "ready query",
        0x0103 => "ready indication",
        0x0004 => "register request",
        0x0104 => "register response",
        0x0005 => "unregister request",
        0x0105 => "unregister response",
        0x0006 => "ARP request",
        0x0106 => "ARP response",
        0x0007 => "flush request",
        0x0107 => "flush response",
        0x0008 => "NARP request",
        0x0009 => "topology request",
        _ => return None,
    })
}

/// `lane_print`: an LE control frame, or an LE client ID before an Ethernet frame.
fn lane_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32, caplen: u32) -> R {
    c.proto = "lane";
    let lecid = c.be16(p)?;
    if lecid == 0xff00 {
        let (proto, vers, op) = (c.u8(p + 2)?, c.u8(p + 3)?, c.be16(p + 4)?);
        c.s("lec: proto ")?;
        c.x(proto)?;
        c.s(" vers ")?;
        c.x(vers)?;
        c.s(" ")?;
        return match lec_op_name(op) {
            Some(n) => c.s(n),
            None => {
                c.s("opcode-#")?;
                c.d(op)
            }
        };
    }
    let (length, caplen) = (length.wrapping_sub(2), caplen.wrapping_sub(2));
    // `ether_print` prints the LE client ID first unless it rejects the frame's lengths.
    if length >= caplen && caplen >= 14 {
        c.s("lecid:")?;
        c.x(lecid)?;
        c.s(" ")?;
    }
    c.then(Next::ether(off(p + 2), length, caplen))
}

/// `cip_if_print`: LLC/SNAP, or IPv4 with no header.
fn cip_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "cip";
    if c.eflag {
        c.d(length)?;
        c.s(": ")?;
    }
    if c.bytes(0, CIP_LLC.len())? == CIP_LLC {
        c.then(Next::llc(0, length, caplen))
    } else {
        c.then(Next::ip(0, length))
    }
}

/// The payload type names of an ATM cell header (`atm_pty_values`).
fn pty_name(t: u32) -> &'static str {
    match t {
        0 => "user data, uncongested, SDU 0",
        1 => "user data, uncongested, SDU 1",
        2 => "user data, congested, SDU 0",
        3 => "user data, congested, SDU 1",
        4 => "VCC OAM F5 flow segment",
        5 => "VCC OAM F5 flow end-to-end",
        6 => "Traffic Control and resource Mgmt",
        _ => "Unknown",
    }
}

/// An OAM cell's type and its function types' names (`None`: a type without a table).
fn oam_types(cell: u8, func: u8) -> (&'static str, Option<&'static str>) {
    match cell {
        1 => (
            "Fault Management",
            Some(match func {
                0 => "AIS",
                1 => "RDI",
                4 => "Continuity Check",
                8 => "Loopback",
                _ => "none",
            }),
        ),
        2 => (
            "Performance Management",
            Some(match func {
                0 => "Forward Monitoring",
                1 => "Backward Reporting",
                2 => "Monitoring and Reporting",
                _ => "none",
            }),
        ),
        8 => (
            "activate/deactivate",
            Some(match func {
                0 => "Performance Monitoring",
                1 => "Continuity Check",
                _ => "none",
            }),
        ),
        0xf => ("System Management", None),
        _ => ("unknown", None),
    }
}

/// The OAM payload's length, CRC-10 included.
const OAM_PAYLOAD_LEN: usize = 48;

/// `oam_print`: an OAM cell at `p` (its 4-byte header, the HEC byte with [`OamHec::With`]),
/// with the fault management fields and the CRC-10 under `-v`.
pub(crate) fn oam_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32, hec: OamHec) -> R {
    c.proto = "oam";
    let hec = usize::from(hec == OamHec::With);
    let hdr = c.be32(p + hec)?;
    let types = c.u8(p + 4 + hec)?;
    let (cell, func) = (types >> 4, types & 0x0f);
    let (vpi, vci) = ((hdr >> 20) & 0xff, (hdr >> 4) & 0xffff);
    c.s(match vci {
        3 => "OAM F4 (segment)",
        4 => "OAM F4 (end)",
        _ => "OAM F5",
    })?;
    c.s(", vpi ")?;
    c.d(vpi)?;
    c.s(", vci ")?;
    c.d(vci)?;
    c.s(", payload [ ")?;
    c.s(pty_name((hdr >> 1) & 7))?;
    c.s(" ], clp ")?;
    c.d(hdr & 1)?;
    c.s(", length ")?;
    c.d(length)?;
    if c.vflag == 0 {
        return Ok(());
    }
    let (cell_name, func_name) = oam_types(cell, func);
    c.s("\n\tcell-type ")?;
    c.s(cell_name)?;
    c.s(" (")?;
    c.d(cell)?;
    c.s("), func-type ")?;
    c.s(func_name.unwrap_or("unknown"))?;
    c.s(" (")?;
    c.d(func)?;
    c.s(")")?;
    let p = p + 4 + hec;
    match (cell, func) {
        (1, 8) => {
            c.bytes(p + 1, 45)?;
            c.s("\n\tLoopback-Indicator ")?;
            let ind = c.u8(p + 1)? & 1;
            c.s(if ind == 1 { "Request" } else { "Reply" })?;
            c.s(", Correlation-Tag 0x")?;
            let tag = c.be32(p + 2)?;
            fmtx::hex_pad(c.out, tag.into(), 8)?;
            c.s("\n\tLocation-ID ")?;
            words(c, p + 6, 12)?;
            c.s("\n\tSource-ID   ")?;
            words(c, p + 18, 12)?;
        }
        (1, 0 | 1) => {
            c.bytes(p + 1, 45)?;
            c.s("\n\tFailure-type 0x")?;
            let t = c.u8(p + 1)?;
            c.x02(t)?;
            c.s("\n\tLocation-ID ")?;
            words(c, p + 2, 16)?;
        }
        _ => {}
    }
    let cksum = c.be16(p + 46)? & 0x3ff;
    let payload = c.bytes(p, OAM_PAYLOAD_LEN)?;
    let ok = crc10(payload) == 0;
    c.s("\n\tcksum 0x")?;
    fmtx::hex_pad(c.out, cksum.into(), 3)?;
    c.s(if ok { " (correct)" } else { " (incorrect)" })
}

/// The 16-bit words at the odd offsets of an `n`-byte ID at `p` (the last reaching one byte
/// past it), `%04x ` each, as tcpdump prints OAM location and source IDs.
fn words<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: usize) -> R {
    for i in (1..n).step_by(2) {
        let w = c.be16(p + i)?;
        fmtx::hex_pad(c.out, w.into(), 4)?;
        c.s(" ")?;
    }
    Ok(())
}

/// The CRC-10 (polynomial 0x633) of an OAM payload, its own CRC field included: 0 when the
/// cell is intact.
fn crc10(data: &[u8]) -> u16 {
    let table = |i: u16| -> u16 {
        let mut acc = i << 2;
        for _ in 0..8 {
            acc <<= 1;
            if acc & 0x400 != 0 {
                acc ^= 0x633;
            }
        }
        acc & 0x3ff
    };
    data.iter().fold(0u16, |acc, &b| {
        ((acc << 8) & 0x3ff) ^ table((acc >> 2) & 0xff) ^ u16::from(b)
    })
}

/// tcpdump's `ndo_ll_hdr_len` for an ATM record printed to its end: the pseudo-header or
/// 802.6 header and the LLC header after it.
pub(crate) fn header_len(lt: u32, data: &[u8], orig_len: u32) -> usize {
    let llc = |at: usize| {
        let rest = data.get(at..).unwrap_or(&[]);
        at + crate::dump::llc_len(rest, (orig_len as usize).saturating_sub(at))
    };
    match lt {
        // `atm_print` does not count the LLC header.
        SUNATM => data.len().min(SUNATM_HDRLEN as usize),
        ATM_CLIP | DLT_ATM_CLIP if data.starts_with(&CIP_LLC) => llc(0),
        ATM_CLIP | DLT_ATM_CLIP => 0,
        _ => match data.first() {
            Some(&LLC_UI) => 1,
            Some(_) if data.len() >= 3 => {
                let h = u32::from(data[0]) << 16 | u32::from(data[1]) << 8 | u32::from(data[2]);
                if matches!(h, 0xaa_aa03 | 0xfe_fe03 | 0x06_0603) {
                    llc(0)
                } else {
                    llc(20)
                }
            }
            _ => 0,
        },
    }
}
