//! DNS the way tcpdump prints it (`domain_print`): header flags, the question of a query, the
//! answer section of a response, and at `-v` and above the owner names, the other sections and
//! the TTLs. This file has the message and its sections; [`records`] the resource records and
//! their data, [`edns`] the OPT record's options.

use core::fmt::Write;

use super::common::fqdn;
use super::cursor::{Cursor, Stop, R};
use crate::fmtx;
use crate::frame::dns;
use records::{put_class, put_type, rprint};

mod edns;
mod records;

/// Field offsets after the name of a question (RFC 1035, 4.1.2) or resource record (4.1.3;
/// an OPT record's class and TTL per RFC 6891).
mod rr {
    /// The type.
    pub const TYPE: usize = 0;
    /// The class (an OPT record's UDP payload size).
    pub const CLASS: usize = 2;
    /// The length of a question's type and class.
    pub const QUESTION_LEN: usize = 4;
    /// An OPT record's extended rcode (the TTL's first byte).
    pub const OPT_EXT_RCODE: usize = 4;
    /// An OPT record's flags (the TTL's last two bytes).
    pub const OPT_FLAGS: usize = 6;
    /// The data length.
    pub const RDLENGTH: usize = 8;
    /// The data.
    pub const RDATA: usize = 10;
}

/// The record types the printer decodes.
mod t {
    pub const A: u16 = 1;
    pub const NS: u16 = 2;
    pub const CNAME: u16 = 5;
    pub const PTR: u16 = 12;
    pub const MX: u16 = 15;
    pub const TXT: u16 = 16;
    pub const AAAA: u16 = 28;
    pub const SRV: u16 = 33;
    pub const A6: u16 = 38;
    pub const DNAME: u16 = 39;
    pub const OPT: u16 = 41;
    pub const UNSPECA: u16 = 104;
    pub const SOA: u16 = 6;
    pub const TSIG: u16 = 250;
    pub const URI: u16 = 256;
}

/// A DNS header's flags and counts.
#[derive(Clone, Copy)]
struct Header {
    flags: u16,
    qd: u32,
    an: u32,
    ns: u32,
    ar: u32,
}

const OPS: [&str; 16] = [
    "",
    " inv_q",
    " stat",
    " op3",
    " notify",
    " update",
    " op6",
    " op7",
    " op8",
    " updateA",
    " updateD",
    " updateDA",
    " updateM",
    " updateMA",
    " zoneInit",
    " zoneRef",
];

const RESP: [&str; 24] = [
    "",
    " FormErr",
    " ServFail",
    " NXDomain",
    " NotImp",
    " Refused",
    " YXDomain",
    " YXRRSet",
    " NXRRSet",
    " NotAuth",
    " NotZone",
    " Resp11",
    " Resp12",
    " Resp13",
    " Resp14",
    " NoChange",
    " BadVers",
    "Resp17",
    " Resp18",
    " Resp19",
    " Resp20",
    "Resp21",
    " Resp22",
    " BadCookie",
];

/// `domain_print` without `-v`.
pub(crate) fn domain_print<W: Write>(
    e: &mut Cursor<'_, W>,
    mut bp: usize,
    mut length: u32,
    over_tcp: bool,
    mdns: bool,
) -> R {
    e.proto = "domain";
    if over_tcp {
        if length < dns::TCP_PREFIX_LEN as u32 {
            e.s(" [DNS over TCP: length ")?;
            e.d(length)?;
            e.s(" < 2]")?;
            return e.s(" (invalid)");
        }
        length -= dns::TCP_PREFIX_LEN as u32;
        let pl = e.be16(bp)?;
        if pl as u32 != length {
            e.s(" [prefix length(")?;
            e.d(pl)?;
            e.s(") != length(")?;
            e.d(length)?;
            e.s(")]")?;
            return e.s(" (invalid)");
        }
        bp += dns::TCP_PREFIX_LEN;
        e.s(" ")?;
    }
    let np = bp;
    if length < dns::HEADER_LEN as u32 {
        e.s("domain [length ")?;
        e.d(length)?;
        e.s(" < 12]")?;
        return e.s(" (invalid)");
    }
    if !e.test(np, dns::HEADER_LEN) {
        return Err(Stop::Trunc);
    }
    let h = Header {
        flags: e.be16(np + dns::field::FLAGS)?,
        qd: e.be16(np + dns::field::QDCOUNT)? as u32,
        an: e.be16(np + dns::field::ANCOUNT)? as u32,
        ns: e.be16(np + dns::field::NSCOUNT)? as u32,
        ar: e.be16(np + dns::field::ARCOUNT)? as u32,
    };
    let rcode = extended_rcode(e, np, &h)?;
    let id = e.be16(np + dns::field::ID)?;
    e.d(id)?;
    e.s(OPS[((h.flags >> 11) & 0xf) as usize])?;
    if h.flags & 0x8000 != 0 {
        response(e, np, bp, &h, rcode, mdns)?;
    } else {
        query(e, np, &h, mdns)?;
    }
    e.s(" (")?;
    e.d(length)?;
    e.s(")")
}

/// The rcode with the extended bits of the OPT record, if one is found (walking the sections
/// as tcpdump does, giving up quietly where they are cut short).
fn extended_rcode<W: Write>(e: &mut Cursor<'_, W>, np: usize, h: &Header) -> R<u32> {
    let snapend = e.snapend;
    let rcode = (h.flags & 0xf) as u32;
    let mut cp = np + dns::HEADER_LEN;
    for _ in 0..h.qd {
        let Some(c) = nskip(e, cp) else {
            return Ok(rcode);
        };
        cp = c + rr::QUESTION_LEN;
        if cp >= snapend {
            return Ok(rcode);
        }
    }
    for _ in 0..(h.an + h.ns) {
        let Some(c) = nskip(e, cp) else {
            return Ok(rcode);
        };
        cp = c + rr::RDLENGTH;
        if cp + 2 > snapend {
            return Ok(rcode);
        }
        let rdlen = e.be16(cp)? as usize;
        cp += 2 + rdlen;
        if cp >= snapend {
            return Ok(rcode);
        }
    }
    for _ in 0..h.ar {
        let Some(c) = nskip(e, cp) else {
            return Ok(rcode);
        };
        cp = c;
        if cp + 2 > snapend {
            return Ok(rcode);
        }
        let typ = e.be16(cp + rr::TYPE)?;
        cp += rr::OPT_EXT_RCODE;
        if cp + 1 > snapend {
            return Ok(rcode);
        }
        if typ == t::OPT {
            return Ok(rcode | (e.u8(cp)? as u32) << 4);
        }
        cp += rr::RDLENGTH - rr::OPT_EXT_RCODE;
        if cp + 2 > snapend {
            return Ok(rcode);
        }
        let rdlen = e.be16(cp)? as usize;
        cp += 2 + rdlen;
        if cp >= snapend {
            return Ok(rcode);
        }
    }
    Ok(rcode)
}

/// A response after its id and opcode: the rcode, the flags, the counts and the answers.
fn response<W: Write>(
    e: &mut Cursor<'_, W>,
    np: usize,
    bp: usize,
    h: &Header,
    rcode: u32,
    mdns: bool,
) -> R {
    let (flags, qd, an, ns, ar) = (h.flags, h.qd, h.an, h.ns, h.ar);
    if (rcode as usize) < RESP.len() {
        e.s(RESP[rcode as usize])?;
    } else {
        e.s(" Resp")?;
        e.d(rcode & 0xfff)?;
    }
    if flags & 0x0400 != 0 {
        e.s("*")?;
    }
    if flags & 0x0080 == 0 {
        e.s("-")?;
    }
    if flags & 0x0200 != 0 {
        e.s("|")?;
    }
    if flags & 0x0020 != 0 {
        e.s("$")?;
    }
    if qd != 1 {
        e.s(" [")?;
        e.d(qd)?;
        e.s("q]")?;
    }
    let mut cp = np + dns::HEADER_LEN;
    for i in 0..qd {
        if i != 0 {
            e.s(",")?;
        }
        let next = if e.vflag > 1 {
            e.s(" q:")?;
            qprint(e, cp, bp, mdns)?
        } else {
            nskip(e, cp).map(|c| c + rr::QUESTION_LEN)
        };
        match next {
            Some(c) => cp = c,
            None => return Err(Stop::Trunc),
        }
    }
    e.s(" ")?;
    e.d(an)?;
    e.s("/")?;
    e.d(ns)?;
    e.s("/")?;
    e.d(ar)?;
    let cp = answers(e, cp, bp, an, mdns)?;
    if e.vflag > 1 {
        sections(e, cp, bp, ns, ar, mdns)?;
    }
    Ok(())
}

/// ` [Nx]` for a count `n` that is not `usual`.
fn count<W: Write>(e: &mut Cursor<'_, W>, n: u32, usual: u32, x: &str) -> R {
    if n != usual {
        e.s(" [")?;
        e.d(n)?;
        e.s(x)?;
    }
    Ok(())
}

/// A query after its id and opcode: the flags, the unusual counts and the questions.
fn query<W: Write>(e: &mut Cursor<'_, W>, np: usize, h: &Header, mdns: bool) -> R {
    let (flags, qd, an, ns, ar) = (h.flags, h.qd, h.an, h.ns, h.ar);
    if flags & 0x0100 != 0 {
        e.s("+")?;
    }
    if flags & 0x0010 != 0 {
        e.s("%")?;
    }
    if flags & 0x6cf != 0 {
        e.s(" [b2&3=0x")?;
        fmtx::hex(e.out, flags as u64)?;
        e.s("]")?;
    }
    if (flags >> 11) & 0xf == 1 {
        // An inverse query.
        count(e, qd, 0, "q]")?;
        count(e, an, 1, "a]")?;
    } else {
        count(e, an, 0, "a]")?;
        count(e, qd, 1, "q]")?;
    }
    count(e, ns, 0, "n]")?;
    count(e, ar, 0, "au]")?;
    let mut cp = np + dns::HEADER_LEN;
    let mut qd_left = qd;
    if qd_left > 0 {
        match qprint(e, cp, np, mdns)? {
            Some(c) => cp = c,
            None => return Err(Stop::Trunc),
        }
        qd_left -= 1;
        while cp < e.snapend && qd_left > 0 {
            match qprint(e, cp, np, mdns)? {
                Some(c) => cp = c,
                None => return Err(Stop::Trunc),
            }
            qd_left -= 1;
        }
    }
    if qd_left > 0 {
        return Err(Stop::Trunc);
    }
    if e.vflag > 1 {
        let cp = answers(e, cp, np, an, mdns)?;
        sections(e, cp, np, ns, ar, mdns)?;
    }
    Ok(())
}

/// The `an` answer records from `cp`, `,` between; where they end.
fn answers<W: Write>(
    e: &mut Cursor<'_, W>,
    mut cp: usize,
    bp: usize,
    an: u32,
    mdns: bool,
) -> R<usize> {
    let mut an_left = an;
    if an_left > 0 {
        match rprint(e, cp, bp, mdns)? {
            Some(c) => cp = c,
            None => return Err(Stop::Trunc),
        }
        an_left -= 1;
        while cp < e.snapend && an_left > 0 {
            e.s(",")?;
            match rprint(e, cp, bp, mdns)? {
                Some(c) => cp = c,
                None => return Err(Stop::Trunc),
            }
            an_left -= 1;
        }
    }
    if an_left > 0 {
        return Err(Stop::Trunc);
    }
    Ok(cp)
}

/// `-vv`: the authority (` ns:`) and additional (` ar:`) sections from `cp`, `ns` and `ar`
/// records long.
#[cold]
#[inline(never)]
fn sections<W: Write>(
    e: &mut Cursor<'_, W>,
    mut cp: usize,
    bp: usize,
    ns: u32,
    ar: u32,
    mdns: bool,
) -> R {
    for (mut n, label) in [(ns, " ns:"), (ar, " ar:")] {
        if cp < e.snapend && n > 0 {
            e.s(label)?;
            match rprint(e, cp, bp, mdns)? {
                Some(c) => cp = c,
                None => return Err(Stop::Trunc),
            }
            n -= 1;
            while cp < e.snapend && n > 0 {
                e.s(",")?;
                match rprint(e, cp, bp, mdns)? {
                    Some(c) => cp = c,
                    None => return Err(Stop::Trunc),
                }
                n -= 1;
            }
        }
        if n > 0 {
            return Err(Stop::Trunc);
        }
    }
    Ok(())
}

/// `ns_nskip`: the offset after a name, `None` when it runs off the capture.
fn nskip<W: Write>(e: &Cursor<'_, W>, mut cp: usize) -> Option<usize> {
    let mut i = e.u8(cp).ok()?;
    cp += 1;
    while i != 0 {
        match i & 0xc0 {
            0xc0 => return Some(cp + 1),
            0x40 => {
                if i & 0x3f != 1 {
                    return None;
                }
                let mut bitlen = e.u8(cp).ok()? as usize;
                if bitlen == 0 {
                    bitlen = 256;
                }
                cp += 1 + bitlen.div_ceil(8);
            }
            0x80 => return None,
            _ => cp += i as usize,
        }
        i = e.u8(cp).ok()?;
        cp += 1;
    }
    Some(cp)
}

/// `ns_qprint`.
fn qprint<W: Write>(e: &mut Cursor<'_, W>, cp: usize, bp: usize, mdns: bool) -> R<Option<usize>> {
    let np = cp;
    let Some(cp) = nskip(e, cp) else {
        return Ok(None);
    };
    if !e.test(cp, 4) {
        return Ok(None);
    }
    let t = e.be16(cp + rr::TYPE)?;
    e.s(" ")?;
    put_type(e, t)?;
    let i = e.be16(cp + rr::CLASS)?;
    let class = if mdns { i & !0x8000 } else { i };
    if class != 1 {
        e.s(" ")?;
        put_class(e, class)?;
    }
    if mdns {
        e.s(if i & 0x8000 != 0 { " (QU)" } else { " (QM)" })?;
    }
    e.s("? ")?;
    Ok(fqdn(e, np, bp)?.map(|c| c + rr::QUESTION_LEN))
}
