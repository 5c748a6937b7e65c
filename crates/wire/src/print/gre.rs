//! GRE (IP protocol 47): tcpdump 4.99.3's `gre_print`, version 0 (RFC 2784/2890, with RFC
//! 1701's routing) and version 1 (PPTP's enhanced GRE, RFC 2637, carrying PPP); `-v` adds the
//! flags and the checksum and puts the payload on a line of its own.
//! tcpdump 4.99.3 has no ERSPAN printer: ERSPAN payloads print as `gre-proto-0x88be` (type II)
//! or `gre-proto-0x22eb` (type III).

use core::fmt::Write;

use crate::ethertype;

use super::common::inner_ether;
use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// Checksum present.
const CP: u16 = 0x8000;
/// Routing present.
const RP: u16 = 0x4000;
/// Key present.
const KP: u16 = 0x2000;
/// Sequence number present.
const SP: u16 = 0x1000;
/// Acknowledgment number present (version 1).
const AP: u16 = 0x0080;
/// Source route entry address families.
const SRE_IP: u16 = 0x0800;
const SRE_ASN: u16 = 0xfffe;

/// The flag bits' names at `-v`, in tcpdump's order.
const FLAG_NAMES: &crate::tok::Tok = &[
    (CP as u32, "checksum present"),
    (RP as u32, "routing present"),
    (KP as u32, "key present"),
    (SP as u32, "sequence# present"),
    (0x0800, "source routing present"),
    (AP as u32, "ack present"),
];

/// A GRE header's running position: where the next field starts and what is left of `length`.
struct At {
    p: usize,
    len: u32,
}

/// `gre_print`: the header at `bp`, `length` bytes on the wire, and the payload.
#[cold]
#[inline(never)]
pub(crate) fn gre_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "gre";
    let flags = c.be16(bp)?;
    if length < 2 {
        return Err(Stop::Trunc);
    }
    let vers = flags & 7;
    c.s("GREv")?;
    c.d(vers)?;
    if c.vflag > 0 && vers < 2 {
        c.s(", Flags [")?;
        crate::tok::bittok2str(c.out, FLAG_NAMES, u32::from(flags), "none")?;
        c.s("]")?;
    }
    let mut at = At {
        p: bp + 2,
        len: length - 2,
    };
    match vers {
        0 => gre0(c, flags, &mut at, length),
        1 => gre1(c, flags, &mut at, length),
        _ => c.s(" ERROR: unknown-version"),
    }
}

/// The next `n`-byte field (2 or 4) of a GRE header: captured and within the length.
fn gre_field<W: Write>(c: &mut Cursor<'_, W>, at: &mut At, n: u32) -> R<u32> {
    if !c.test(at.p, n as usize) || at.len < n {
        return Err(Stop::Trunc);
    }
    let v = if n == 2 {
        u32::from(c.be16(at.p)?)
    } else {
        c.be32(at.p)?
    };
    at.p += n as usize;
    at.len -= n;
    Ok(v)
}

/// `, proto NAME (0xXXXX)` under `-e`, then `, length N`.
fn gre_proto_length<W: Write>(c: &mut Cursor<'_, W>, prot: u16, length: u32) -> R {
    if c.eflag {
        c.s(", proto ")?;
        c.s(ethertype::name(prot).unwrap_or("unknown"))?;
        c.s(" (0x")?;
        crate::fmtx::hex_pad(c.out, u64::from(prot), 4)?;
        c.s(")")?;
    }
    c.s(", length ")?;
    c.d(length)
}

/// `gre_print_0`.
fn gre0<W: Write>(c: &mut Cursor<'_, W>, flags: u16, at: &mut At, length: u32) -> R {
    let prot = gre_field(c, at, 2)? as u16;
    if flags & (CP | RP) != 0 {
        let sum = gre_field(c, at, 2)?;
        if c.vflag > 0 {
            c.s(", sum 0x")?;
            c.x(sum)?;
        }
        let o = gre_field(c, at, 2)?;
        c.s(", off 0x")?;
        c.x(o)?;
    }
    if flags & KP != 0 {
        let k = gre_field(c, at, 4)?;
        c.s(", key=0x")?;
        c.x(k)?;
    }
    if flags & SP != 0 {
        let s = gre_field(c, at, 4)?;
        c.s(", seq ")?;
        c.d(s)?;
    }
    if flags & RP != 0 {
        loop {
            let af = gre_field(c, at, 2)? as u16;
            let sre = gre_field(c, at, 2)?;
            let (sreoff, srelen) = ((sre >> 8) as u8, sre as u8);
            if af == 0 && srelen == 0 {
                break;
            }
            gre_sre(c, af, sreoff, srelen, at)?;
            if at.len < u32::from(srelen) {
                return Err(Stop::Trunc);
            }
            at.p += usize::from(srelen);
            at.len -= u32::from(srelen);
        }
    }
    gre_proto_length(c, prot, length)?;
    demarc(c)?;
    let (p, len) = (at.p, at.len);
    match prot {
        ethertype::IPV4 => c.then(Next::ip(off(p), len)),
        ethertype::IPV6 => c.then(Next::ip6(off(p), len)),
        ethertype::MPLS => {
            let caplen = c.avail(p) as u32;
            c.then(Next::ether_type(prot, off(p), len, caplen))
        }
        ethertype::TEB => inner_ether(c, p, len),
        ethertype::IPX => super::ipx::ipx_print(c, p, len),
        ethertype::GRE_ISO => super::links::isoclns_print(c, p, len),
        // AppleTalk DDP has a tcpdump printer that this crate lacks.
        ethertype::ATALK => Ok(()),
        _ => {
            c.s("gre-proto-0x")?;
            c.x(prot)
        }
    }
}

/// `gre_print_1` (PPTP).
fn gre1<W: Write>(c: &mut Cursor<'_, W>, flags: u16, at: &mut At, length: u32) -> R {
    let prot = gre_field(c, at, 2)? as u16;
    if flags & KP != 0 {
        let k = gre_field(c, at, 4)?;
        c.s(", call ")?;
        c.d(k & 0xffff)?;
    }
    if flags & SP != 0 {
        let s = gre_field(c, at, 4)?;
        c.s(", seq ")?;
        c.d(s)?;
    }
    if flags & AP != 0 {
        let a = gre_field(c, at, 4)?;
        c.s(", ack ")?;
        c.d(a)?;
    }
    if flags & SP == 0 {
        c.s(", no-payload")?;
    }
    gre_proto_length(c, prot, length)?;
    if flags & SP == 0 {
        return Ok(());
    }
    demarc(c)?;
    if prot == ethertype::PPP {
        return super::pppoe::ppp_print(c, at.p, at.len);
    }
    c.s("gre-proto-0x")?;
    c.x(prot)
}

/// Between the header and the payload: `: `, or a new line at `-v`.
fn demarc<W: Write>(c: &mut Cursor<'_, W>) -> R {
    c.s(if c.vflag > 0 { "\n\t" } else { ": " })
}

/// `gre_sre_print`: one source route entry (RFC 1701) of `srelen` bytes at `at`.
fn gre_sre<W: Write>(c: &mut Cursor<'_, W>, af: u16, sreoff: u8, srelen: u8, at: &At) -> R {
    let (unit, name) = match af {
        SRE_IP => (4u8, "ip"),
        SRE_ASN => (2u8, "asn"),
        _ => {
            c.s(", (rtaf=0x")?;
            c.x(af)?;
            return c.s(")");
        }
    };
    c.s(", (rtaf=")?;
    c.s(name)?;
    let r = gre_sre_entries(c, unit, sreoff, srelen, at);
    c.s(")")?;
    r
}

/// The addresses of an IP (`unit` 4) or ASN (`unit` 2) source route entry, `*` before
/// the one at `sreoff`.
fn gre_sre_entries<W: Write>(
    c: &mut Cursor<'_, W>,
    unit: u8,
    sreoff: u8,
    srelen: u8,
    at: &At,
) -> R {
    if sreoff % unit != 0 {
        c.s(", badoffset=")?;
        return c.d(sreoff);
    }
    if srelen % unit != 0 {
        c.s(", badlength=")?;
        return c.d(srelen);
    }
    if sreoff >= srelen {
        c.s(", badoff/len=")?;
        c.d(sreoff)?;
        c.s("/")?;
        return c.d(srelen);
    }
    let (mut i, mut len) = (0u8, at.len);
    while i < srelen {
        let p = at.p + usize::from(i);
        if !c.test(p, usize::from(unit)) || len < u32::from(unit) {
            return Err(Stop::Trunc);
        }
        c.s(if i == sreoff { " *" } else { " " })?;
        if unit == 4 {
            let a = c.bytes(p, 4)?;
            crate::fmtx::ipv4(c.out, a)?;
        } else {
            let a = c.be16(p)?;
            c.x(a)?;
        }
        i += unit;
        len -= u32::from(unit);
    }
    Ok(())
}
