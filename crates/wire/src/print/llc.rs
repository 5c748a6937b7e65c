//! 802.2 LLC after an 802.3 length field (tcpdump's `llc_print`), without the SNAP, STP, IPX,
//! OSI and NetBEUI payload printers.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::fmtx;

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

fn sap<W: Write>(e: &mut Cursor<'_, W>, s: u8, what: &str) -> R {
    match sap_name(s) {
        Some(n) => e.s(n),
        None => {
            e.s("Unknown ")?;
            e.s(what)?;
            e.s(" 0x")?;
            fmtx::hex2(e.out, s)?;
            Ok(())
        }
    }
}

/// The names tcpdump gives SNAP OUIs (those of its `oui_values` whose numbers we know).
fn oui_name(oui: u32) -> Option<&'static str> {
    Some(match oui {
        0x00_0000 => "Ethernet",
        0x00_000c => "Cisco",
        0x00_005e => "IANA",
        0x00_0081 => "Nortel Networks SONMP",
        0x00_00f8 => "Cisco bridged",
        0x00_80c2 => "Ethernet bridged",
        0x00_a03e => "ATM Forum",
        0x00_e02f => "DOCSIS Spanning Tree",
        0x08_0007 => "Appletalk",
        0x00_9069 => "Juniper",
        0x08_0009 => "Hewlett-Packard",
        0x00_120f => "IEEE 802.3 Private",
        0x00_12bb => "ANSI/TIA",
        _ => return None,
    })
}

/// The protocol-ID names tcpdump knows for a SNAP OUI (EtherTypes for the encapsulated-Ethernet
/// OUIs, Cisco's own protocols for Cisco's).
fn snap_pid_name(oui: u32, pid: u16) -> Option<&'static str> {
    match oui {
        0 => crate::ethertype::name(pid),
        0x00_000c => Some(match pid {
            0x2000 => "CDP",
            0x2003 => "VTP",
            0x2004 => "DTP",
            0x0111 => "UDLD",
            0x010b => "PVST",
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
        e.s(oui_name(oui).unwrap_or("Unknown"))?;
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

/// tcpdump's `snap_print` after an `aa aa 03` LLC header at `p`: encapsulated EtherTypes go to
/// their printers; anything else prints the SNAP header and returns `Ok(false)` so that the caller
/// dumps the frame from the LLC header on, as tcpdump does.
fn snap_print<W: Write>(
    e: &mut Cursor<'_, W>,
    p: usize,
    length: u32,
    caplen: u32,
    addrs: Option<(usize, usize)>,
) -> R<bool> {
    e.proto = "snap";
    if caplen < 5 || length < 5 || !e.test(p, 5) {
        return Err(Stop::Trunc);
    }
    let oui = (u32::from(e.be16(p)?) << 8) | u32::from(e.u8(p + 2)?);
    let pid = e.be16(p + 3)?;
    let (length, caplen) = (length - 5, caplen - 5);
    if e.eflag {
        snap_header(e, oui, pid, length, true)?;
    }
    if matches!(oui, 0 | 0x00_00f8) && e.ethertype_print(pid, p + 5, length, caplen)? {
        return Ok(true);
    }
    if !e.eflag {
        if let Some((src, dst)) = addrs {
            e.mac_at(src)?;
            e.s(" > ")?;
            e.mac_at(dst)?;
            e.s(" ")?;
        }
        e.s("SNAP, ")?;
        snap_header(e, oui, pid, length, oui != 0)?;
    }
    Ok(false)
}

/// Returns `Ok(false)` when tcpdump would fall back to its raw dump (unknown LLC payload), and
/// also for the payload printers not implemented here.
pub(crate) fn llc_print<W: Write>(
    e: &mut Cursor<'_, W>,
    p: usize,
    length: u32,
    caplen: u32,
    addrs: Option<(usize, usize)>,
) -> R<bool> {
    e.proto = "llc";
    if caplen < 3 || length < 3 {
        e.trunc_here()?;
        e.default_print(p, caplen as usize)?;
        return Ok(true);
    }
    let dsap_field = e.u8(p)?;
    let ssap_field = e.u8(p + 1)?;
    let mut control = e.u8(p + 2)? as u16;
    let is_u = control & 3 == 3;
    let hdrlen: u32 = if is_u {
        3
    } else {
        if caplen < 4 || length < 4 {
            e.trunc_here()?;
            e.default_print(p, caplen as usize)?;
            return Ok(true);
        }
        control = u16::from_le_bytes([e.u8(p + 2)?, e.u8(p + 3)?]);
        4
    };
    if ssap_field == 0xff && dsap_field == 0xff {
        // Novell "raw" 802.3 IPX: no printer here.
        return Ok(false);
    }
    let dsap = dsap_field & !1;
    let ssap = ssap_field & !1;
    if e.eflag {
        e.s("LLC, dsap ")?;
        e.s(sap_name(dsap).unwrap_or("Unknown"))?;
        e.s(" (0x")?;
        fmtx::hex2(e.out, dsap)?;
        e.s(") ")?;
        e.s(if dsap_field & 1 != 0 {
            "Group"
        } else {
            "Individual"
        })?;
        e.s(", ssap ")?;
        e.s(sap_name(ssap).unwrap_or("Unknown"))?;
        e.s(" (0x")?;
        fmtx::hex2(e.out, ssap)?;
        e.s(") ")?;
        e.s(if ssap_field & 1 != 0 {
            "Response"
        } else {
            "Command"
        })?;
        if is_u {
            e.s(", ctrl 0x")?;
            fmtx::hex2(e.out, control as u8)?;
        } else {
            e.s(", ctrl 0x")?;
            fmtx::hex_pad(e.out, control as u64, 4)?;
        }
        e.s(": ")?;
    }
    let q = p + hdrlen as usize;
    let length = length - hdrlen;
    let caplen = caplen - hdrlen;
    if ssap == dsap && control == 3 {
        match ssap {
            0x06 => {
                e.ip(q, length)?;
                return Ok(true);
            }
            0xaa => return snap_print(e, q, length, caplen, addrs),
            // STP, IPX, OSI: printers not implemented here.
            0x42 | 0xe0 | 0xfe => return Ok(false),
            _ => {}
        }
    }
    if ssap == 0xf0 && dsap == 0xf0 && (control & 1 == 0 || control == 3) {
        return Ok(false);
    }
    if !e.eflag {
        if ssap == dsap {
            if let Some((src, dst)) = addrs {
                e.mac_at(src)?;
                e.s(" > ")?;
                e.mac_at(dst)?;
                e.s(" ")?;
            }
            sap(e, dsap, "DSAP")?;
            e.s(" ")?;
        } else {
            if let Some((src, _)) = addrs {
                e.mac_at(src)?;
                e.s(" ")?;
            }
            sap(e, ssap, "SSAP")?;
            e.s(" > ")?;
            if let Some((_, dst)) = addrs {
                e.mac_at(dst)?;
                e.s(" ")?;
            }
            sap(e, dsap, "DSAP")?;
            e.s(" ")?;
        }
    }
    if is_u {
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
        e.s(flag_name((ssap_field & 1) as u16 | (control & 0x10)))?;
        e.s("], length ")?;
        e.d(length + hdrlen)?;
        if control & !0x10 == 0xaf {
            if length == 0 {
                return Ok(true);
            }
            if caplen < 1 {
                e.trunc_here()?;
                return Ok(true);
            }
            if e.u8(q)? == 0x81 {
                if caplen < 3 || length < 3 {
                    e.trunc_here()?;
                    e.default_print(q, caplen as usize)?;
                } else {
                    e.s(": ")?;
                    let a = e.u8(q + 1)?;
                    fmtx::hex2(e.out, a)?;
                    e.s(" ")?;
                    let b = e.u8(q + 2)?;
                    fmtx::hex2(e.out, b)?;
                }
                return Ok(true);
            }
        }
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
        e.s(flag_name((ssap_field & 1) as u16 | (control & 0x100)))?;
        e.s("], length ")?;
        e.d(length + hdrlen)?;
        return Ok(true);
    } else {
        e.s("Information, send seq ")?;
        e.d((control >> 1) & 0x7f)?;
        e.s(", rcv seq ")?;
        e.d((control >> 9) & 0x7f)?;
        e.s(", Flags [")?;
        e.s(flag_name((ssap_field & 1) as u16 | (control & 0x100)))?;
        e.s("], length ")?;
        e.d(length + hdrlen)?;
    }
    // tcpdump returns "unknown" here: the caller dumps the payload after the LLC header...
    // ...but its caller dumps from the start of the LLC header.
    let _ = Stop::Trunc;
    Ok(false)
}
