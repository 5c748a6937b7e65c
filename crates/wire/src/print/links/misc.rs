//! Small link types whose header names an IP packet or says all there is: IP over
//! InfiniBand (`LINKTYPE_IPOIB`), Solaris `ipnet` (`LINKTYPE_IPNET`) and Linux vsock monitoring
//! (`LINKTYPE_VSOCK`), as tcpdump 4.99's `ipoib_if_print`, `ipnet_if_print` and
//! `vsock_if_print` print them.

use core::fmt::Write;

use crate::ethertype;
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::next::{ethertype_has_printer, off, Next};

/// IPoIB's pseudo-header: a 20-byte destination, a 20-byte source and an EtherType.
const IPOIB_HDRLEN: u32 = 44;

/// `ipoib_if_print`.
pub(crate) fn ipoib_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "ipoib";
    if caplen < IPOIB_HDRLEN || length < IPOIB_HDRLEN {
        return Err(Stop::Trunc);
    }
    let et = c.be16(40)?;
    if c.eflag {
        c.s("IPOIB")?;
        ipoib_header(c, et, length)?;
    }
    let at = IPOIB_HDRLEN as usize;
    let (length, caplen) = (length - IPOIB_HDRLEN, caplen - IPOIB_HDRLEN);
    if !ethertype_has_printer(et) {
        if !c.eflag {
            ipoib_header(c, et, length + IPOIB_HDRLEN)?;
        }
        return c.then(Next::dump(off(at), caplen));
    }
    c.then(Next::ether_type(et, off(at), length, caplen))
}

/// `ipoib_hdr_print`: `, ethertype NAME (0xXXXX), length N: `.
fn ipoib_header<W: Write>(c: &mut Cursor<'_, W>, et: u16, length: u32) -> R {
    c.s(", ethertype ")?;
    c.s(ethertype::name(et).unwrap_or("Unknown"))?;
    if !c.qflag {
        c.s(" (0x")?;
        fmtx::hex_pad(c.out, et.into(), 4)?;
        c.s(")")?;
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// The `ipnet` header's length.
const IPNET_HDRLEN: u32 = 24;

/// `ipnet_if_print`.
pub(crate) fn ipnet_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "ipnet";
    c.bytes(0, IPNET_HDRLEN as usize)?;
    if c.eflag {
        ipnet_header(c, length)?;
    }
    let at = IPNET_HDRLEN;
    let length = length.wrapping_sub(IPNET_HDRLEN);
    match c.u8(1)? {
        2 => c.then(Next::ip(at, length)),
        26 => c.then(Next::ip6(at, length)),
        _ => {
            if !c.eflag {
                ipnet_header(c, length.wrapping_add(IPNET_HDRLEN))?;
            }
            c.then(Next::dump(at, caplen - IPNET_HDRLEN))
        }
    }
}

/// `ipnet_hdr_print`: the zones, the family and the length.
fn ipnet_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    let (src, dst) = (c.be32(16)?, c.be32(20)?);
    c.d(src)?;
    c.s(" > ")?;
    c.d(dst)?;
    let family = c.u8(1)?;
    let name = match family {
        2 => Some("IPv4"),
        26 => Some("IPv6"),
        _ => None,
    };
    if !c.qflag {
        c.s(", family ")?;
        c.s(name.unwrap_or("Unknown"))?;
        c.s(" (")?;
        c.d(family)?;
        c.s(")")?;
    } else {
        c.s(", ")?;
        match name {
            Some(n) => c.s(n)?,
            None => {
                c.s("Unknown Ethertype (0x")?;
                fmtx::hex_pad(c.out, family.into(), 4)?;
                c.s(")")?;
            }
        }
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `struct af_vsockmon_hdr`'s length.
const VSOCK_HDRLEN: usize = 32;
/// `struct virtio_vsock_hdr`'s length.
const VIRTIO_HDRLEN: usize = 44;

/// A little-endian field of `n` bytes at `o`.
fn le<W: Write>(c: &Cursor<'_, W>, o: usize, n: usize) -> R<u64> {
    Ok(c.bytes(o, n)?
        .iter()
        .rev()
        .fold(0u64, |v, &b| v << 8 | u64::from(b)))
}

/// `vsock_if_print`.
pub(crate) fn vsock_print<W: Write>(c: &mut Cursor<'_, W>, caplen: u32) -> R {
    c.proto = "vsock";
    if (caplen as usize) < VSOCK_HDRLEN {
        return Err(Stop::Trunc);
    }
    let transport = le(c, 26, 2)? as u16;
    match transport {
        0 => c.s("UNKNOWN")?,
        1 => c.s("NO_INFO")?,
        2 => c.s("VIRTIO")?,
        t => {
            c.s("Invalid transport (")?;
            c.d(t)?;
            c.s(")")?;
        }
    }
    let thdr = if transport == 2 { VIRTIO_HDRLEN } else { 0 };
    let mut short = false;
    if c.vflag > 0 {
        if (caplen as usize) < VSOCK_HDRLEN + thdr {
            short = true;
        } else {
            if transport == 2 {
                virtio_header(c, VSOCK_HDRLEN)?;
            }
            c.s("\n\t")?;
        }
    } else {
        c.s(" ")?;
    }
    let (scid, dcid) = (le(c, 0, 8)?, le(c, 8, 8)?);
    let (sport, dport) = (le(c, 16, 4)?, le(c, 20, 4)?);
    let op = le(c, 24, 2)?;
    c.d(scid)?;
    c.s(".")?;
    c.d(sport)?;
    c.s(" > ")?;
    c.d(dcid)?;
    c.s(".")?;
    c.d(dport)?;
    c.s(" ")?;
    match op {
        0 => c.s("UNKNOWN")?,
        1 => c.s("CONNECT")?,
        2 => c.s("DISCONNECT")?,
        3 => c.s("CONTROL")?,
        4 => c.s("PAYLOAD")?,
        _ => {
            c.s(" invalid op (")?;
            c.d(op)?;
            c.s(")")?;
        }
    }
    c.s(", length ")?;
    c.d(caplen)?;
    if short {
        return c.trunc_here();
    }
    let total = VSOCK_HDRLEN + thdr;
    if c.vflag > 1 && op == 4 {
        if caplen as usize > total {
            c.s("\n")?;
            c.unknown_data_at(total, caplen as usize - total, "\t")?;
        } else {
            return c.trunc_here();
        }
    }
    Ok(())
}

/// `vsock_virtio_hdr_print`: ` (len N, type T, op O, flags F, buf_alloc B, fwd_cnt C)`.
fn virtio_header<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R {
    c.s(" (len ")?;
    let len = le(c, at + 24, 4)?;
    c.d(len)?;
    c.s(", type ")?;
    let ty = le(c, at + 28, 2)?;
    if ty == 1 {
        c.s("STREAM")?;
    } else {
        c.s("Invalid type (")?;
        c.d(ty)?;
        c.s(")")?;
    }
    c.s(", op ")?;
    let op = le(c, at + 30, 2)?;
    const OPS: [&str; 8] = [
        "INVALID",
        "REQUEST",
        "RESPONSE",
        "RST",
        "SHUTDOWN",
        "RW",
        "CREDIT UPDATE",
        "CREDIT REQUEST",
    ];
    match OPS.get(op as usize) {
        Some(n) => c.s(n)?,
        None => {
            c.s("Invalid op (")?;
            c.d(op)?;
            c.s(")")?;
        }
    }
    c.s(", flags ")?;
    let flags = le(c, at + 32, 4)?;
    c.x(flags)?;
    c.s(", buf_alloc ")?;
    let b = le(c, at + 36, 4)?;
    c.d(b)?;
    c.s(", fwd_cnt ")?;
    let f = le(c, at + 40, 4)?;
    c.d(f)?;
    c.s(")")
}

/// The NFLOG header: family, version, resource ID.
const NFLOG_HDR_LEN: u32 = 4;
/// An NFLOG TLV's header.
const NFLOG_TLV_LEN: u32 = 4;
/// The TLV that holds the packet.
const NFULA_PAYLOAD: u16 = 9;

/// `nflog_if_print`. The TLVs' length and type are in the byte order of the machine that
/// wrote the file, which libpcap leaves as it is for a file of the reader's order; read here
/// as little-endian, the order of the machines tcpdump's and promisc's captures come from.
pub(crate) fn nflog_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "nflog";
    if caplen < NFLOG_HDR_LEN {
        return Err(Stop::Trunc);
    }
    let version = c.u8(1)?;
    if version != 0 {
        c.s("version ")?;
        c.d(version)?;
        return c.s(" (unknown)");
    }
    if c.eflag {
        nflog_header(c, length)?;
    }
    let mut p = NFLOG_HDR_LEN as usize;
    let mut length = length.wrapping_sub(NFLOG_HDR_LEN);
    let mut caplen = caplen - NFLOG_HDR_LEN;
    while length > 0 {
        if caplen < NFLOG_TLV_LEN {
            return Err(Stop::Trunc);
        }
        let mut size = le(c, p, 2)? as u32;
        if size % 4 != 0 {
            size += 4 - size % 4;
        }
        if size < NFLOG_TLV_LEN || caplen < size {
            return Err(Stop::Trunc);
        }
        if le(c, p + 2, 2)? as u16 == NFULA_PAYLOAD {
            p += NFLOG_TLV_LEN as usize;
            length = length.wrapping_sub(NFLOG_TLV_LEN);
            caplen -= NFLOG_TLV_LEN;
            break;
        }
        p += size as usize;
        length = length.wrapping_sub(size);
        caplen -= size;
    }
    match c.u8(0)? {
        2 => c.then(Next::ip(off(p), length)),
        10 => c.then(Next::ip6(off(p), length)),
        _ => {
            if !c.eflag {
                nflog_header(c, length.wrapping_add(NFLOG_HDR_LEN))?;
            }
            c.then(Next::dump(off(p), caplen))
        }
    }
}

/// `nflog_hdr_print`.
fn nflog_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    let (family, version, rid) = (c.u8(0)?, c.u8(1)?, c.be16(2)?);
    c.s("version ")?;
    c.d(version)?;
    c.s(", resource ID ")?;
    c.d(rid)?;
    let name = match family {
        2 => Some("IPv4"),
        10 => Some("IPv6"),
        _ => None,
    };
    if !c.qflag {
        c.s(", family ")?;
        c.s(name.unwrap_or("Unknown"))?;
        c.s(" (")?;
        c.d(family)?;
        c.s(")")?;
    } else {
        c.s(", ")?;
        match name {
            Some(n) => c.s(n)?,
            None => {
                c.s("Unknown NFLOG (0x")?;
                c.x02(family)?;
                c.s(")")?;
            }
        }
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}
