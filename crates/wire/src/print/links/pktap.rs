//! Apple's PKTAP header (`LINKTYPE_PKTAP`, and `LINKTYPE_USER2` as macOS wrote it), printed as
//! tcpdump 4.99's `pktap_if_print` prints it: the header under `-e`, then the packet printed
//! as the link type the header names.

use core::cell::Cell;
use core::fmt::Write;

use crate::print::cursor::{Cursor, Stop, R};
use crate::print::next::Next;
use crate::LinkType;

/// `pktap_header_t`'s length.
pub(crate) const HDRLEN: u32 = 108;
/// `PKT_REC_NONE`.
const REC_NONE: u32 = 0;
/// `PKT_REC_PACKET`.
const REC_PACKET: u32 = 1;

/// A little-endian 32-bit field.
fn le32<W: Write>(c: &Cursor<'_, W>, o: usize) -> R<u32> {
    let b = c.bytes(o, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// How many PKTAP headers inside each other are followed; a record nested deeper is dumped.
const MAX_DEPTH: u8 = 8;

/// Whether the packet inside is printed as link type `dlt` (tcpdump's `lookup_printer`
/// finds a printer for it, `DLT_USER2` being PKTAP too).
pub(crate) fn has_printer(dlt: u32) -> bool {
    matches!(dlt, 0 | 1 | 12 | 108 | 113 | 228 | 229 | 276) || super::supported(dlt)
}

/// `pcap_datalink_val_to_name`: the link type's short name, `UNKNOWN` for none.
fn dlt_name(dlt: u32) -> &'static str {
    // Linux's DLT_RAW is 12; 101 and 149 are no DLT there.
    match dlt {
        12 => "RAW",
        101 | super::USER2 => "UNKNOWN",
        _ => LinkType(dlt).libpcap_name().unwrap_or("UNKNOWN"),
    }
}

/// `pktap_header_print`.
fn header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    let dlt = le32(c, 8)?;
    let hdrlen = le32(c, 0)?;
    let name = dlt_name(dlt);
    if !c.qflag {
        c.s("DLT ")?;
        c.s(name)?;
        c.s(" (")?;
        c.d(dlt)?;
        c.s(") len ")?;
        c.d(hdrlen)?;
    } else {
        c.s(name)?;
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `pktap_if_print`.
pub(crate) fn pktap_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    pktap_nested(c, length, caplen, 0)
}

/// `pktap_if_print` inside `depth` PKTAP headers.
fn pktap_nested<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32, depth: u8) -> R {
    c.proto = "pktap";
    if length < HDRLEN {
        c.s(" (packet too short, ")?;
        c.d(length)?;
        c.s(" < 108)")?;
        return c.invalid();
    }
    let dlt = le32(c, 8)?;
    let hdrlen = le32(c, 0)?;
    if hdrlen < HDRLEN {
        c.s(" (pkt_len too small, ")?;
        c.d(hdrlen)?;
        c.s(" < 108)")?;
        return c.invalid();
    }
    if hdrlen > length {
        c.s(" (pkt_len too big, ")?;
        c.d(hdrlen)?;
        c.s(" > ")?;
        c.d(length)?;
        c.s(")")?;
        return c.invalid();
    }
    c.bytes(0, hdrlen as usize)?;
    if c.eflag {
        header(c, length)?;
    }
    let (ilen, icap) = (length - hdrlen, caplen - hdrlen);
    match le32(c, 4)? {
        REC_NONE => c.s("no data"),
        REC_PACKET if has_printer(dlt) && (depth < MAX_DEPTH || !is_pktap(dlt)) => {
            let at = hdrlen as usize;
            inner(c, at, |s| print_as(s, dlt, ilen, icap, depth))
        }
        REC_PACKET => {
            if !c.eflag {
                header(c, length)?;
            }
            c.default_print_guarded(hdrlen as usize, icap as usize)
        }
        _ => Ok(()),
    }
}

/// Runs `f` on a cursor over the record from `at` on, as if the record started there.
fn inner<W: Write>(c: &mut Cursor<'_, W>, at: usize, f: impl FnOnce(&mut Cursor<'_, W>) -> R) -> R {
    let p = c.p;
    let snapend = c.snapend;
    let mut sub = Cursor {
        out: &mut *c.out,
        p: p.get(at..snapend).unwrap_or(&[]),
        snapend: snapend.saturating_sub(at),
        proto: c.proto,
        eflag: c.eflag,
        qflag: c.qflag,
        vflag: c.vflag,
        depth: c.depth,
        xflag: c.xflag,
        sflag: c.sflag,
        bflag: c.bflag,
        jumped: Cell::new(false),
        default_print: c.default_print,
        tcp: c.tcp.as_deref_mut(),
        ifnames: c.ifnames,
        names: c.names.as_deref_mut(),
        port_names: c.port_names,
        llc_eth: None,
        llc_wlan: None,
        hflag: c.hflag,
        ptype: c.ptype,
        kflag: c.kflag,
        gflag: c.gflag,
        next: Next::DONE,
        utc_offset: c.utc_offset,
    };
    let r = f(&mut sub);
    let (proto, jumped) = (sub.proto, sub.jumped.get());
    c.proto = proto;
    if jumped {
        c.jumped.set(true);
    }
    r
}

/// Whether `dlt` is PKTAP's.
fn is_pktap(dlt: u32) -> bool {
    matches!(dlt, super::PKTAP | super::USER2)
}

/// The record printed as link type `dlt` (one [`has_printer`] says has a printer).
fn print_as<W: Write>(c: &mut Cursor<'_, W>, dlt: u32, length: u32, caplen: u32, depth: u8) -> R {
    use crate::print as p;
    match dlt {
        _ if is_pktap(dlt) => pktap_nested(c, length, caplen, depth + 1),
        1 => p::ether_walk(c, 0, length, caplen),
        113 => p::sll_print(c, length, caplen).and_then(|()| p::walk(c)),
        276 => p::sll2_print(c, length, caplen).and_then(|()| p::walk(c)),
        0 | 108 => p::null_print(c, length, caplen).and_then(|()| p::walk(c)),
        12 | 228 | 229 => p::raw_print(c, length).and_then(|()| p::walk(c)),
        _ if has_printer(dlt) => {
            super::link_print(c, dlt, length, caplen).and_then(|()| p::walk(c))
        }
        _ => Err(Stop::Trunc),
    }
}
