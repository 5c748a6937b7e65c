//! 802.2 LLC after an 802.3 length field (tcpdump's `llc_print`) and SNAP (`snap_print`),
//! handing STP and Cisco's CDP, DTP, UDLD, VTP and PVST+ to their printers; without the IPX, OSI,
//! and NetBEUI payload printers.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use super::next::{ethertype_has_printer, off, L2Proto, Next};
use crate::fmtx;
use crate::frame::ethernet;
use crate::tok::{self, Unknown};

fn sap_name(s: u8) -> Option<&'static str> {
    Some(match s {
        0x00 => "Null",
        0xff => "Global",
        0x02 => "802.1B I",
        0x03 => "802.1B G",
        0x06 => "IP",
        0x04 => "SNA",
        0x0e => "ProWay NM",
        0x42 => "STP",
        0x4e => "RS511",
        0x7e => "ISO8208",
        0x8e => "ProWay",
        0xaa => "SNAP",
        0xe0 => "IPX",
        0xf0 => "NetBeui",
        0xfe => "OSI",
        _ => return None,
    })
}

fn flag_name(v: u16) -> &'static str {
    match v {
        0 => "Command",
        1 => "Response",
        0x10 => "Poll",
        0x11 => "Final",
        0x100 => "Poll",
        0x101 => "Final",
        _ => "?",
    }
}

/// What [`sap`] prints for a destination SAP without a name.
const UNKNOWN_DSAP: Unknown = Unknown::hex2("Unknown DSAP 0x", "");
/// What [`sap`] prints for a source SAP without a name.
const UNKNOWN_SSAP: Unknown = Unknown::hex2("Unknown SSAP 0x", "");

/// A SAP's name, or `unknown` with its value.
fn sap<W: Write>(e: &mut Cursor<'_, W>, s: u8, unknown: Unknown) -> R {
    Ok(tok::tok2str(e.out, sap_name(s), s.into(), unknown)?)
}

/// The protocol-ID names tcpdump knows for a SNAP OUI (EtherTypes for the encapsulated-Ethernet,
/// Cisco-bridged and AppleTalk OUIs, Cisco's own protocols for Cisco's, the RFC 2684 bridged
/// formats for 0080c2).
fn snap_pid_name(oui: u32, pid: u16) -> Option<&'static str> {
    match oui {
        0 | 0x00_00f8 | 0x08_0007 => crate::ethertype::name(pid),
        0x00_80c2 => Some(match pid {
            0x0001 => "Ethernet + FCS",
            0x0007 => "Ethernet w/o FCS",
            0x0002 => "802.4 + FCS",
            0x0008 => "802.4 w/o FCS",
            0x0003 => "Token Ring + FCS",
            0x0009 => "Token Ring w/o FCS",
            0x0004 => "FDDI + FCS",
            0x000a => "FDDI w/o FCS",
            0x0005 => "802.6 + FCS",
            0x000b => "802.6 w/o FCS",
            0x000e => "BPDU",
            _ => return None,
        }),
        0x00_000c => Some(match pid {
            0x2000 => "CDP",
            0x2003 => "VTP",
            0x2004 => "DTP",
            0x0111 => "UDLD",
            0x010b => "PVST",
            0x010c => "VLAN Bridge",
            _ => return None,
        }),
        _ => None,
    }
}

/// `oui NAME (0x......), ethertype|pid NAME (0x....), length N: `; the OUI part only when
/// `with_oui` (tcpdump leaves it out for encapsulated Ethernet without `-e`).
fn snap_header<W: Write>(e: &mut Cursor<'_, W>, oui: u32, pid: u16, len: u32, with_oui: bool) -> R {
    if with_oui {
        e.s("oui ")?;
        e.s(crate::names::oui_name(oui).unwrap_or("Unknown"))?;
        e.s(" (0x")?;
        fmtx::hex_pad(e.out, u64::from(oui), 6)?;
        e.s("), ")?;
    }
    e.s(if oui == 0 { "ethertype " } else { "pid " })?;
    e.s(snap_pid_name(oui, pid).unwrap_or("Unknown"))?;
    e.s(" (0x")?;
    fmtx::hex_pad(e.out, u64::from(pid), 4)?;
    e.s("), length ")?;
    e.d(len)?;
    e.s(": ")
}

/// tcpdump's `snap_print` after an `aa aa 03` LLC header at `llc` (`llc_caplen` bytes of it
/// captured), the SNAP header at `p`: encapsulated EtherTypes go to their printers; anything
/// else prints the SNAP header and the frame is dumped from the LLC header on, as tcpdump does.
#[allow(clippy::too_many_arguments)]
fn snap_print<W: Write>(
    e: &mut Cursor<'_, W>,
    p: usize,
    length: u32,
    caplen: u32,
    eth: Option<usize>,
    llc: usize,
    llc_caplen: u32,
) -> R {
    e.proto = "snap";
    let len = snap::LEN as u32;
    if caplen < len || length < len || !e.test(p, snap::LEN) {
        return Err(Stop::Trunc);
    }
    let oui = (u32::from(e.be16(p + snap::OUI)?) << 8) | u32::from(e.u8(p + snap::OUI + 2)?);
    let pid = e.be16(p + snap::PID)?;
    let (length, caplen) = (length - len, caplen - len);
    if e.eflag {
        snap_header(e, oui, pid, length, true)?;
    }
    if (matches!(oui, 0 | 0x00_00f8) && ethertype_has_printer(pid))
        || (oui == 0x08_0007 && pid == crate::ethertype::ATALK)
    {
        return e.then(Next::ether_type(pid, off(p + snap::LEN), length, caplen));
    }
    if oui == 0x00_000c {
        let proto = match pid {
            0x2000 => Some(L2Proto::Cdp),
            0x2004 => Some(L2Proto::Dtp),
            0x0111 => Some(L2Proto::Udld),
            0x2003 => Some(L2Proto::Vtp),
            // PVST+ and VLAN-bridge BPDUs.
            0x010b | 0x010c => Some(L2Proto::Stp),
            _ => None,
        };
        if let Some(proto) = proto {
            return e.then(Next::l2(proto, off(p + snap::LEN), length));
        }
    }
    if oui == 0x00_80c2 {
        let q = p + snap::LEN;
        match pid {
            0x000e => return e.then(Next::l2(L2Proto::Stp, off(q), length)),
            // Bridged Ethernet, after two bytes of padding.
            0x0001 | 0x0007 => {
                if !e.test(q, BRIDGE_PAD as usize) || caplen < BRIDGE_PAD {
                    return Err(Stop::Trunc);
                }
                let (at, length, caplen) = (q + 2, length.wrapping_sub(2), caplen - BRIDGE_PAD);
                return e.then(Next::ether(off(at), length, caplen));
            }
            _ => {}
        }
    }
    snap_no_printer(e, oui, pid, length, eth, llc, llc_caplen)
}

/// `snap_print` for a SNAP header with no LLC header before it (Frame Relay's NLPID 0x80), at
/// `p`, `length` bytes: `Ok(true)` when a printer takes the payload (named in
/// [`Cursor::next`]) or the header is cut short, `Ok(false)` when tcpdump's `snap_print`
/// returns 0 (the SNAP header printed) and the caller prints its own fallback.
pub(crate) fn snap_no_llc<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R<bool> {
    e.proto = "snap";
    let caplen = e.avail(p) as u32;
    let len = snap::LEN as u32;
    if caplen < len || length < len || !e.test(p, snap::LEN) {
        return Err(Stop::Trunc);
    }
    let oui = (u32::from(e.be16(p + snap::OUI)?) << 8) | u32::from(e.u8(p + snap::OUI + 2)?);
    let pid = e.be16(p + snap::PID)?;
    let known = (matches!(oui, 0 | 0x00_00f8) && ethertype_has_printer(pid))
        || (oui == 0x08_0007 && pid == crate::ethertype::ATALK)
        || (oui == 0x00_000c && matches!(pid, 0x2000 | 0x2004 | 0x0111 | 0x2003 | 0x010b | 0x010c))
        || (oui == 0x00_80c2 && matches!(pid, 0x000e | 0x0001 | 0x0007));
    if known {
        snap_print(e, p, length, caplen, None, p, caplen)?;
        return Ok(true);
    }
    if e.eflag {
        snap_header(e, oui, pid, length - len, true)?;
    } else {
        e.s("SNAP, ")?;
        snap_header(e, oui, pid, length - len, oui != 0)?;
    }
    Ok(false)
}

/// What `snap_print` prints for a protocol ID `pid` without a printer (SNAP payload `length`
/// bytes long): the SNAP header (without `-e`), then the dump from the LLC header at `llc` on.
fn snap_no_printer<W: Write>(
    e: &mut Cursor<'_, W>,
    oui: u32,
    pid: u16,
    length: u32,
    eth: Option<usize>,
    llc: usize,
    llc_caplen: u32,
) -> R {
    if !e.eflag {
        if let Some(eth) = eth {
            let (dst, src) = e.llc_dst_src(eth + ethernet::field::DST.start);
            e.mac_at(src)?;
            e.s(" > ")?;
            e.mac_at(dst)?;
            e.s(" ")?;
        }
        e.s("SNAP, ")?;
        snap_header(e, oui, pid, length, oui != 0)?;
    }
    e.then(Next::dump(off(llc), llc_caplen))
}

/// The padding before a bridged frame in an RFC 2684 SNAP payload, as tcpdump assumes for LLC.
const BRIDGE_PAD: u32 = 2;

/// Field offsets of the SNAP header (after an `aa aa 03` LLC header).
mod snap {
    /// The OUI, three bytes.
    pub const OUI: usize = 0;
    /// The protocol ID (an EtherType for OUI 0).
    pub const PID: usize = 3;
    /// The header's length.
    pub const LEN: usize = 5;
}

/// The LLC header's fields.
mod field {
    /// The destination SAP, its low bit the group bit.
    pub const DSAP: usize = 0;
    /// The source SAP, its low bit the response bit.
    pub const SSAP: usize = 1;
    /// The control field: one byte for U frames, two (little-endian) for I and S frames.
    pub const CONTROL: usize = 2;
    /// A U frame's header length.
    pub const U_LEN: u32 = 3;
    /// An I or S frame's header length.
    pub const IS_LEN: u32 = 4;
    /// The XID information field's format identifier (0x81 for the IEEE basic format).
    pub const XID_FORMAT: usize = 0;
    /// The XID class byte.
    pub const XID_CLASS: usize = 1;
    /// The XID window size byte.
    pub const XID_WINDOW: usize = 2;
}

/// The LLC header's source and destination SAPs and control field.
#[derive(Clone, Copy)]
struct LlcHeader {
    dsap_field: u8,
    ssap_field: u8,
    dsap: u8,
    ssap: u8,
    control: u16,
    is_u: bool,
    hdrlen: u32,
}

/// tcpdump's `llc_print`, the header at `p`, naming what follows it: a dump from `p` on where
/// tcpdump falls back to its raw dump (unknown LLC payload, and the payload printers not
/// implemented here). [`Cursor::llc_eth`] is the Ethernet header before it, if any.
#[cold]
pub(crate) fn llc_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32, caplen: u32) -> R {
    e.proto = "llc";
    let eth = e.llc_eth;
    let dump = Next::dump(off(p), caplen);
    let Some(h) = llc_header(e, p, length, caplen)? else {
        return Ok(());
    };
    if h.ssap_field == 0xff && h.dsap_field == 0xff {
        // Novell "raw" 802.3 IPX: no LLC header, the IPX header's checksum 0xffff instead.
        if e.eflag {
            e.s("IPX 802.3: ")?;
        }
        return e.then(Next::l2(L2Proto::Ipx, off(p), length));
    }
    if e.eflag {
        llc_header_print(e, &h)?;
    }
    let q = p + h.hdrlen as usize;
    let length = length - h.hdrlen;
    let caplen_q = caplen - h.hdrlen;
    let (ssap, dsap, control) = (h.ssap, h.dsap, h.control);
    if ssap == dsap && control == 3 {
        match ssap {
            0x06 => return e.then(Next::ip(off(q), length)),
            0xaa => return snap_print(e, q, length, caplen_q, eth, p, caplen),
            0x42 => return e.then(Next::l2(L2Proto::Stp, off(q), length)),
            0xe0 => {
                if e.eflag {
                    e.s("IPX 802.2: ")?;
                }
                return e.then(Next::l2(L2Proto::Ipx, off(q), length));
            }
            // OSI: IS-IS (NLPID 0x83), CLNP and ES-IS; the rest not decoded here.
            0xfe if e.u8(q) == Ok(0x83) => return e.then(Next::l2(L2Proto::Isis, off(q), length)),
            0xfe if matches!(e.u8(q), Ok(0x81 | 0x82) | Err(_)) => {
                return e.then(Next::l2(L2Proto::Osi, off(q), length))
            }
            0xfe => return e.then(dump),
            _ => {}
        }
    }
    if ssap == 0xf0 && dsap == 0xf0 && (control & 1 == 0 || control == 3) {
        return e.then(dump);
    }
    if !e.eflag {
        llc_addrs(e, &h, eth)?;
    }
    if llc_control(e, &h, q, length, caplen_q)? {
        return Ok(());
    }
    // tcpdump returns "unknown" here: its caller dumps from the start of the LLC header.
    e.then(dump)
}

/// Reads the LLC header at `p`; `None` when it is cut short (the trunc marker and the dump
/// already printed).
fn llc_header<W: Write>(
    e: &mut Cursor<'_, W>,
    p: usize,
    length: u32,
    caplen: u32,
) -> R<Option<LlcHeader>> {
    if caplen < field::U_LEN || length < field::U_LEN {
        e.trunc_here()?;
        e.default_print(p, caplen as usize)?;
        return Ok(None);
    }
    let dsap_field = e.u8(p + field::DSAP)?;
    let ssap_field = e.u8(p + field::SSAP)?;
    let mut control = e.u8(p + field::CONTROL)? as u16;
    let is_u = control & 3 == 3;
    let hdrlen = if is_u {
        field::U_LEN
    } else {
        if caplen < field::IS_LEN || length < field::IS_LEN {
            e.trunc_here()?;
            e.default_print(p, caplen as usize)?;
            return Ok(None);
        }
        control = u16::from_le_bytes([e.u8(p + field::CONTROL)?, e.u8(p + field::CONTROL + 1)?]);
        field::IS_LEN
    };
    Ok(Some(LlcHeader {
        dsap_field,
        ssap_field,
        dsap: dsap_field & !1,
        ssap: ssap_field & !1,
        control,
        is_u,
        hdrlen,
    }))
}

/// The `-e` form of the header: `LLC, dsap NAME (0x..) Group|Individual, ssap ..., ctrl 0x..: `.
fn llc_header_print<W: Write>(e: &mut Cursor<'_, W>, h: &LlcHeader) -> R {
    e.s("LLC, dsap ")?;
    e.s(sap_name(h.dsap).unwrap_or("Unknown"))?;
    e.s(" (0x")?;
    fmtx::hex2(e.out, h.dsap)?;
    e.s(") ")?;
    e.s(if h.dsap_field & 1 != 0 {
        "Group"
    } else {
        "Individual"
    })?;
    e.s(", ssap ")?;
    e.s(sap_name(h.ssap).unwrap_or("Unknown"))?;
    e.s(" (0x")?;
    fmtx::hex2(e.out, h.ssap)?;
    e.s(") ")?;
    e.s(if h.ssap_field & 1 != 0 {
        "Response"
    } else {
        "Command"
    })?;
    e.s(", ctrl 0x")?;
    if h.is_u {
        fmtx::hex2(e.out, h.control as u8)?;
    } else {
        fmtx::hex_pad(e.out, h.control as u64, 4)?;
    }
    e.s(": ")
}

/// Without `-e`: the Ethernet addresses (when there is an Ethernet header) and the SAPs.
fn llc_addrs<W: Write>(e: &mut Cursor<'_, W>, h: &LlcHeader, eth: Option<usize>) -> R {
    let addrs = eth.map(|o| e.llc_dst_src(o + ethernet::field::DST.start));
    let (dst, src) = (addrs.map(|a| a.0), addrs.map(|a| a.1));
    if h.ssap == h.dsap {
        if let (Some(src), Some(dst)) = (src, dst) {
            e.mac_at(src)?;
            e.s(" > ")?;
            e.mac_at(dst)?;
            e.s(" ")?;
        }
        sap(e, h.dsap, UNKNOWN_DSAP)?;
        e.s(" ")
    } else {
        if let Some(src) = src {
            e.mac_at(src)?;
            e.s(" ")?;
        }
        sap(e, h.ssap, UNKNOWN_SSAP)?;
        e.s(" > ")?;
        if let Some(dst) = dst {
            e.mac_at(dst)?;
            e.s(" ")?;
        }
        sap(e, h.dsap, UNKNOWN_DSAP)?;
        e.s(" ")
    }
}

/// The frame's kind from its control field (Unnumbered, Supervisory, Information), with the
/// XID information of a U frame at `q`; `Ok(true)` when the frame is fully printed, `Ok(false)`
/// when tcpdump goes on to dump it.
fn llc_control<W: Write>(
    e: &mut Cursor<'_, W>,
    h: &LlcHeader,
    q: usize,
    length: u32,
    caplen: u32,
) -> R<bool> {
    let (control, hdrlen) = (h.control, h.hdrlen);
    let rbit = (h.ssap_field & 1) as u16;
    if h.is_u {
        e.s("Unnumbered, ")?;
        let cmd = (control & 0xef) as u8;
        match cmd {
            0x03 => e.s("ui")?,
            0xe3 => e.s("test")?,
            0xaf => e.s("xid")?,
            0x63 => e.s("ua")?,
            0x43 => e.s("disc")?,
            0x0f => e.s("dm")?,
            0x6f => e.s("sabme")?,
            0x87 => e.s("frmr")?,
            _ => fmtx::hex2(e.out, cmd)?,
        }
        e.s(", Flags [")?;
        e.s(flag_name(rbit | (control & 0x10)))?;
        e.s("], length ")?;
        e.d(length + hdrlen)?;
        if control & !0x10 == 0xaf {
            return llc_xid(e, q, length, caplen);
        }
        Ok(false)
    } else if control & 1 == 1 {
        e.s("Supervisory, ")?;
        e.s(match (control >> 2) & 3 {
            0 => "Receiver Ready",
            1 => "Receiver not Ready",
            2 => "Reject",
            _ => "?",
        })?;
        e.s(", rcv seq ")?;
        e.d((control >> 9) & 0x7f)?;
        e.s(", Flags [")?;
        e.s(flag_name(rbit | (control & 0x100)))?;
        e.s("], length ")?;
        e.d(length + hdrlen)?;
        Ok(true)
    } else {
        e.s("Information, send seq ")?;
        e.d((control >> 1) & 0x7f)?;
        e.s(", rcv seq ")?;
        e.d((control >> 9) & 0x7f)?;
        e.s(", Flags [")?;
        e.s(flag_name(rbit | (control & 0x100)))?;
        e.s("], length ")?;
        e.d(length + hdrlen)?;
        Ok(false)
    }
}

/// An XID frame's information field at `q`: the IEEE basic format's class and window bytes.
fn llc_xid<W: Write>(e: &mut Cursor<'_, W>, q: usize, length: u32, caplen: u32) -> R<bool> {
    if length == 0 {
        return Ok(true);
    }
    if caplen < 1 {
        e.trunc_here()?;
        return Ok(true);
    }
    if e.u8(q + field::XID_FORMAT)? != 0x81 {
        return Ok(false);
    }
    if caplen < 3 || length < 3 {
        e.trunc_here()?;
        e.default_print(q, caplen as usize)?;
    } else {
        e.s(": ")?;
        let a = e.u8(q + field::XID_CLASS)?;
        fmtx::hex2(e.out, a)?;
        e.s(" ")?;
        let b = e.u8(q + field::XID_WINDOW)?;
        fmtx::hex2(e.out, b)?;
    }
    Ok(true)
}
