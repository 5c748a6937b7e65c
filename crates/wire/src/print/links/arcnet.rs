//! ARCNET as the BSDs hand it over (`LINKTYPE_ARCNET_BSD`) and as Linux does
//! (`LINKTYPE_ARCNET_LINUX`, with an offset field before the system code), printed as tcpdump
//! 4.99's `arcnet_if_print` and `arcnet_linux_if_print` print them.

use core::fmt::Write;

use crate::ethertype;
use crate::print::cursor::{Cursor, R};
use crate::print::next::{off, L2Proto, Next};

/// RFC 1051 IP.
const IP_OLD: u8 = 240;
/// RFC 1051 ARP.
const ARP_OLD: u8 = 241;
/// RFC 1201 IP.
const IP: u8 = 212;
/// RFC 1201 ARP.
const ARP: u8 = 213;
/// RFC 1201 reverse ARP.
const REVARP: u8 = 214;
/// AppleTalk.
const ATALK: u8 = 221;
/// Banyan Vines.
const BANYAN: u8 = 247;
/// Novell IPX.
const IPX: u8 = 250;
/// IPv6.
const INET6: u8 = 0xc4;
/// ANSI/ATA 878.1 diagnostics.
const DIAGNOSE: u8 = 0x80;

/// The system codes whose frames carry no fragmentation header (RFC 1051's).
fn old_style(t: u8) -> bool {
    matches!(t, IP_OLD | ARP_OLD | DIAGNOSE)
}

/// The name tcpdump gives a system code.
fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        IP_OLD => "oldip",
        ARP_OLD => "oldarp",
        IP => "ip",
        ARP => "arp",
        REVARP => "rarp",
        ATALK => "atalk",
        BANYAN => "banyan",
        IPX => "ipx",
        INET6 => "ipv6",
        DIAGNOSE => "diag",
        _ => return None,
    })
}

/// `arcnet_print`: the `-e` header, read as the BSD layout (system code at offset 2) whichever
/// layout the frame has, as tcpdump reads it. `phds`: the frame has a fragmentation header.
fn header<W: Write>(c: &mut Cursor<'_, W>, length: u32, phds: bool, flag: u8, seqid: u16) -> R {
    c.proto = "arcnet";
    let (src, dst) = (c.u8(0)?, c.u8(1)?);
    c.x02(src)?;
    c.s(" ")?;
    c.x02(dst)?;
    c.s(" ")?;
    if c.qflag {
        c.d(length)?;
        return c.s(": ");
    }
    let t = c.u8(2)?;
    match type_name(t) {
        Some(n) => c.s(n)?,
        None => c.x02(t)?,
    }
    if phds {
        c.s(" seqid ")?;
        crate::fmtx::hex_pad(c.out, seqid.into(), 4)?;
        if flag & 1 != 0 {
            c.s(" (first of ")?;
            c.d((u32::from(flag) + 3) / 2)?;
            c.s(" fragments)")?;
        } else if flag != 0 {
            c.s(" (fragment ")?;
            c.d(u32::from(flag) / 2 + 1)?;
            c.s(")")?;
        }
    }
    c.s(" ")?;
    c.d(length)?;
    c.s(": ")
}

/// `arcnet_if_print`.
pub(crate) fn arcnet_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "arcnet";
    if caplen < 3 {
        return Err(c.jump());
    }
    let t = c.u8(2)?;
    let phds = !old_style(t);
    let (mut flag, mut seqid, mut hdrlen) = (0u8, 0u16, 3u32);
    if phds {
        if caplen < 6 {
            header(c, length, false, 0, 0)?;
            c.s(" phds")?;
            return Err(c.jump());
        }
        flag = c.u8(3)?;
        if flag == 0xff {
            if caplen < 10 {
                header(c, length, false, 0, 0)?;
                c.s(" phds extended")?;
                return Err(c.jump());
            }
            flag = c.u8(7)?;
            seqid = c.be16(8)?;
            hdrlen = 10;
        } else {
            seqid = c.be16(4)?;
            hdrlen = 6;
        }
    }
    if c.eflag {
        header(c, length, phds, flag, seqid)?;
    }
    if phds && flag != 0 && flag & 1 == 0 {
        // A middle fragment: nothing more to print.
        return Ok(());
    }
    encap(c, t, hdrlen, length.wrapping_sub(hdrlen), caplen - hdrlen)
}

/// `arcnet_linux_if_print`.
pub(crate) fn arcnet_linux_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "arcnet_linux";
    if caplen < 5 {
        return Err(c.jump());
    }
    let t = c.u8(4)?;
    let hdrlen = if old_style(t) { 5 } else { 8 };
    if caplen < hdrlen {
        return Err(c.jump());
    }
    if c.eflag {
        header(c, length, false, 0, 0)?;
    }
    encap(c, t, hdrlen, length.wrapping_sub(hdrlen), caplen - hdrlen)
}

/// `arcnet_encap_print`: the payload of system code `t` at `at`, dumped when tcpdump has no
/// printer for the code.
fn encap<W: Write>(c: &mut Cursor<'_, W>, t: u8, at: u32, length: u32, caplen: u32) -> R {
    match t {
        IP_OLD | IP => c.then(Next::ip(at, length)),
        INET6 => c.then(Next::ip6(at, length)),
        ARP_OLD | ARP => c.then(Next::ether_type(ethertype::ARP, at, length, caplen)),
        REVARP => c.then(Next::ether_type(ethertype::REVARP, at, length, caplen)),
        ATALK => super::atalk::ethertalk_print(c, at as usize, length),
        IPX => c.then(Next::l2(L2Proto::Ipx, off(at as usize), length)),
        _ => c.default_print(at as usize, caplen as usize),
    }
}
