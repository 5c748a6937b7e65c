//! DNS the way tcpdump prints it without `-v` (`domain_print`): header flags, the question of a
//! query, the answer section of a response.

use core::fmt::Write;

use super::common::{fqdn, relts};
use super::cursor::{Cursor, Stop, R};
use crate::fmtx;
use crate::tok::{self, Unknown};

/// Field offsets of the DNS header (RFC 1035, 4.1.1).
mod hdr {
    /// The query id.
    pub const ID: usize = 0;
    /// QR, opcode, AA, TC, RD, RA, Z, AD, CD and rcode.
    pub const FLAGS: usize = 2;
    /// The number of questions.
    pub const QDCOUNT: usize = 4;
    /// The number of answers.
    pub const ANCOUNT: usize = 6;
    /// The number of authority records.
    pub const NSCOUNT: usize = 8;
    /// The number of additional records.
    pub const ARCOUNT: usize = 10;
    /// The header's length.
    pub const LEN: usize = 12;
    /// The length prefix of DNS over TCP.
    pub const TCP_PREFIX: usize = 2;
}

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

/// Field offsets in the data of the record types with fixed fields (MX: RFC 1035; SRV: RFC
/// 2782; URI: RFC 7553; A6: RFC 2874) and in an EDNS option (RFC 6891).
mod rd {
    /// MX: the preference.
    pub const MX_PREF: usize = 0;
    /// MX: the exchange's name.
    pub const MX_NAME: usize = 2;
    /// SRV and URI: the priority.
    pub const PRIO: usize = 0;
    /// SRV and URI: the weight.
    pub const WEIGHT: usize = 2;
    /// SRV: the port.
    pub const SRV_PORT: usize = 4;
    /// SRV: the target's name.
    pub const SRV_NAME: usize = 6;
    /// URI: the target.
    pub const URI_TARGET: usize = 4;
    /// A6: the prefix length.
    pub const A6_PLEN: usize = 0;
    /// A6: the address suffix.
    pub const A6_SUFFIX: usize = 1;
    /// An EDNS option's code.
    pub const OPT_CODE: usize = 0;
    /// An EDNS option's length.
    pub const OPT_LEN: usize = 2;
    /// An EDNS option's data.
    pub const OPT_DATA: usize = 4;
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

/// DNS type names, as tcpdump's `ns_type2str`.
pub(crate) fn type_name(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "A",
        2 => "NS",
        3 => "MD",
        4 => "MF",
        5 => "CNAME",
        6 => "SOA",
        7 => "MB",
        8 => "MG",
        9 => "MR",
        10 => "NULL",
        11 => "WKS",
        12 => "PTR",
        13 => "HINFO",
        14 => "MINFO",
        15 => "MX",
        16 => "TXT",
        17 => "RP",
        18 => "AFSDB",
        19 => "X25",
        20 => "ISDN",
        21 => "RT",
        22 => "NSAP",
        23 => "NSAP_PTR",
        24 => "SIG",
        25 => "KEY",
        26 => "PX",
        27 => "GPOS",
        28 => "AAAA",
        29 => "LOC",
        30 => "NXT",
        31 => "EID",
        32 => "NIMLOC",
        33 => "SRV",
        34 => "ATMA",
        35 => "NAPTR",
        36 => "KX",
        37 => "CERT",
        38 => "A6",
        39 => "DNAME",
        40 => "SINK",
        41 => "OPT",
        42 => "APL",
        43 => "DS",
        44 => "SSHFP",
        45 => "IPSECKEY",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        99 => "SPF",
        100 => "UINFO",
        101 => "UID",
        102 => "GID",
        103 => "UNSPEC",
        104 => "UNSPECA",
        249 => "TKEY",
        250 => "TSIG",
        251 => "IXFR",
        252 => "AXFR",
        253 => "MAILB",
        254 => "MAILA",
        255 => "ANY",
        256 => "URI",
        _ => return None,
    })
}

fn class_name(c: u16) -> Option<&'static str> {
    Some(match c {
        1 => "IN",
        3 => "CHAOS",
        4 => "HS",
        255 => "ANY",
        _ => return None,
    })
}

/// A record type's name, or `TypeN`.
fn put_type<W: Write>(e: &mut Cursor<'_, W>, t: u16) -> R {
    Ok(tok::tok2str(
        e.out,
        type_name(t),
        t.into(),
        Unknown::dec("Type", ""),
    )?)
}

/// A class's name, or `(Class N)`.
fn put_class<W: Write>(e: &mut Cursor<'_, W>, c: u16) -> R {
    let unknown = Unknown::dec("(Class ", ")");
    Ok(tok::tok2str(e.out, class_name(c), c.into(), unknown)?)
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

/// `ns_rprint`: `Ok(None)` is its NULL (truncated), `Some(snapend)` its bail-out. `-v`
/// prints the owner name, `-vvv` the TTL.
fn rprint<W: Write>(e: &mut Cursor<'_, W>, cp: usize, bp: usize, mdns: bool) -> R<Option<usize>> {
    let name_end = if e.vflag != 0 {
        e.s(" ")?;
        match fqdn(e, cp, bp)? {
            Some(c) => Some(c),
            None => return Ok(None),
        }
    } else {
        nskip(e, cp)
    };
    let cp = match name_end {
        Some(c) if e.test(c, rr::RDATA) => c,
        _ => return Ok(Some(e.snapend)),
    };
    let typ = e.be16(cp + rr::TYPE)?;
    let i = e.be16(cp + rr::CLASS)?;
    let class = if mdns { i & !0x8000 } else { i };
    if class != 1 && typ != t::OPT {
        e.s(" ")?;
        put_class(e, class)?;
    }
    if mdns && i & 0x8000 != 0 {
        e.s(" (Cache flush)")?;
    }
    let opt_flags = if typ == t::OPT {
        e.be16(cp + rr::OPT_FLAGS)?
    } else {
        if e.vflag > 2 {
            e.s(" [")?;
            let ttl = e.be32(cp + rr::TYPE + 4)?;
            relts(e, ttl)?;
            e.s("]")?;
        }
        0
    };
    let len = e.be16(cp + rr::RDLENGTH)? as usize;
    let cp = cp + rr::RDATA;
    let rp = cp + len;
    e.s(" ")?;
    put_type(e, typ)?;
    if rp > e.snapend {
        return Ok(None);
    }
    let data = Rdata {
        typ,
        cp,
        rp,
        len,
        class,
        opt_flags,
    };
    Ok(rdata(e, data, bp)?.then_some(rp))
}

/// A resource record's data: where it starts (`cp`) and ends (`rp`), and the fields of the
/// record the printer shows with it.
#[derive(Clone, Copy)]
struct Rdata {
    typ: u16,
    cp: usize,
    rp: usize,
    len: usize,
    class: u16,
    opt_flags: u16,
}

/// The data of a record of type `d.typ`, names in it relative to the message at `bp`;
/// `Ok(false)` when it is truncated.
fn rdata<W: Write>(e: &mut Cursor<'_, W>, d: Rdata, bp: usize) -> R<bool> {
    let Rdata { cp, rp, len, .. } = d;
    match d.typ {
        t::A => {
            if !e.test(cp, 4) {
                return Ok(false);
            }
            e.s(" ")?;
            e.ip4_at(cp)?;
        }
        t::NS | t::CNAME | t::PTR | t::DNAME => {
            e.s(" ")?;
            if fqdn(e, cp, bp)?.is_none() {
                return Ok(false);
            }
        }
        t::MX => {
            e.s(" ")?;
            if !e.test(cp, rd::MX_NAME) {
                return Ok(false);
            }
            if fqdn(e, cp + rd::MX_NAME, bp)?.is_none() {
                return Ok(false);
            }
            e.s(" ")?;
            let pref = e.be16(cp + rd::MX_PREF)?;
            e.d(pref)?;
        }
        t::TXT => {
            let mut c = cp;
            while c < rp {
                e.s(" \"")?;
                let Ok(n) = e.u8(c) else {
                    return Ok(false);
                };
                if !e.printn(c + 1, n as usize)? {
                    return Ok(false);
                }
                c += 1 + n as usize;
                e.s("\"")?;
            }
        }
        t::SRV => {
            e.s(" ")?;
            if !e.test(cp, rd::SRV_NAME) {
                return Ok(false);
            }
            if fqdn(e, cp + rd::SRV_NAME, bp)?.is_none() {
                return Ok(false);
            }
            e.s(":")?;
            let port = e.be16(cp + rd::SRV_PORT)?;
            e.d(port)?;
            e.s(" ")?;
            let prio = e.be16(cp + rd::PRIO)?;
            e.d(prio)?;
            e.s(" ")?;
            let w = e.be16(cp + rd::WEIGHT)?;
            e.d(w)?;
        }
        t::AAAA => {
            if !e.test(cp, 16) {
                return Ok(false);
            }
            e.s(" ")?;
            e.ip6_at(cp)?;
        }
        t::A6 => return rdata_a6(e, cp, bp),
        t::URI => {
            if !e.test(cp, len) {
                return Ok(false);
            }
            e.s(" ")?;
            let a = e.be16(cp + rd::PRIO)?;
            e.d(a)?;
            e.s(" ")?;
            let b = e.be16(cp + rd::WEIGHT)?;
            e.d(b)?;
            e.s(" ")?;
            if !e.printn(cp + rd::URI_TARGET, len.wrapping_sub(rd::URI_TARGET))? {
                return Ok(false);
            }
        }
        t::OPT => return rdata_opt(e, d),
        t::UNSPECA => {
            if !e.test(cp, len) {
                return Ok(false);
            }
            if !e.printn(cp, len)? {
                return Ok(false);
            }
        }
        t::TSIG if cp + len > e.snapend => return Ok(false),
        t::SOA | t::TSIG if e.vflag != 0 => return rdata_verbose(e, d, bp),
        _ => {}
    }
    Ok(true)
}

/// `-v`: the data of SOA and TSIG records. `Ok(false)` when it is truncated.
#[cold]
#[inline(never)]
fn rdata_verbose<W: Write>(e: &mut Cursor<'_, W>, d: Rdata, bp: usize) -> R<bool> {
    e.s(" ")?;
    let Some(mut cp) = fqdn(e, d.cp, bp)? else {
        return Ok(false);
    };
    if d.typ == t::SOA {
        e.s(" ")?;
        let Some(c) = fqdn(e, cp, bp)? else {
            return Ok(false);
        };
        if !e.test(c, 20) {
            return Ok(false);
        }
        for i in 0..5 {
            e.s(" ")?;
            let v = e.be32(c + 4 * i)?;
            e.d(v)?;
        }
        return Ok(true);
    }
    cp += 6;
    for (i, name) in [" fudge=", " maclen=", " origid=", " error=", " otherlen="]
        .into_iter()
        .enumerate()
    {
        if !e.test(cp, 2) {
            return Ok(false);
        }
        let v = e.be16(cp)?;
        e.s(name)?;
        e.d(v)?;
        cp += 2;
        if i == 1 {
            cp += v as usize;
        }
    }
    Ok(true)
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

/// An A6 record: the prefix length, the address suffix and the prefix name. `Ok(false)` when it is truncated.
fn rdata_a6<W: Write>(e: &mut Cursor<'_, W>, cp: usize, bp: usize) -> R<bool> {
    let Ok(pbit) = e.u8(cp + rd::A6_PLEN) else {
        return Ok(false);
    };
    let pbyte = (pbit as usize & !7) / 8;
    if pbit > 128 {
        e.s(" ")?;
        e.d(pbit)?;
        e.s("(bad plen)")?;
    } else {
        if pbit < 128 {
            let mut a = [0u8; 16];
            let src = e.bytes(cp + rd::A6_SUFFIX, 16 - pbyte)?;
            a[pbyte..].copy_from_slice(src);
            e.s(" ")?;
            e.d(pbit)?;
            e.s(" ")?;
            fmtx::ipv6(e.out, &a)?;
        }
        if pbit > 0 {
            e.s(" ")?;
            if fqdn(e, cp + rd::A6_SUFFIX + 16 - pbyte, bp)?.is_none() {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// An OPT record: the UDP payload size, the DO bit and the options. `Ok(false)` when it is truncated.
fn rdata_opt<W: Write>(e: &mut Cursor<'_, W>, d: Rdata) -> R<bool> {
    let Rdata {
        cp,
        rp,
        class,
        opt_flags,
        ..
    } = d;
    e.s(" UDPsize=")?;
    e.d(class)?;
    if opt_flags & 0x8000 != 0 {
        e.s(" DO")?;
    }
    if cp < rp {
        e.s(" [")?;
        let mut c = cp;
        while c < rp {
            match eopt(e, c)? {
                Some(n) => c = n,
                None => return Ok(false),
            }
            if c < rp {
                e.s(",")?;
            }
        }
        e.s("]")?;
    }
    Ok(true)
}

/// `eopt_print`: one EDNS option, where it ends (`None` when it is cut short).
fn eopt<W: Write>(e: &mut Cursor<'_, W>, cp: usize) -> R<Option<usize>> {
    if !e.test(cp, 2) {
        return Ok(None);
    }
    let opt = e.be16(cp + rd::OPT_CODE)?;
    let name = match opt {
        1 => "LLQ",
        2 => "UL",
        3 => "NSID",
        5 => "DAU",
        6 => "DHU",
        7 => "N3U",
        8 => "ECS",
        9 => "EXPIRE",
        10 => "COOKIE",
        11 => "KEEPALIVE",
        12 => "PADDING",
        13 => "CHAIN",
        14 => "KEY-TAG",
        15 => "CLIENT-TAG",
        16 => "SERVER-TAG",
        _ => "",
    };
    if name.is_empty() {
        e.s("Opt")?;
        e.d(opt)?;
    } else {
        e.s(name)?;
    }
    if !e.test(cp + rd::OPT_LEN, 2) {
        return Ok(None);
    }
    let dl = e.be16(cp + rd::OPT_LEN)? as usize;
    let c = cp + rd::OPT_DATA;
    if !e.test(c, dl) {
        return Ok(None);
    }
    if dl > 0 {
        e.s(" ")?;
        match opt {
            12 => {
                e.s("(")?;
                e.d(dl as u64)?;
                e.s(")")?;
            }
            10 => {
                if dl < 8 || (dl > 8 && dl < 16) || dl > 40 {
                    e.s(" (invalid)")?;
                } else {
                    for k in 0..dl {
                        if k == 8 {
                            e.s(" ")?;
                        }
                        let b = e.u8(c + k)?;
                        fmtx::hex2(e.out, b)?;
                    }
                }
            }
            9 => {
                if dl != 4 {
                    e.s(" (invalid)")?;
                } else {
                    let v = e.be32(c)?;
                    e.d(v)?;
                    e.s(" sec")?;
                }
            }
            14 => {
                if dl % 2 != 0 {
                    e.s(" (invalid)")?;
                } else {
                    let mut k = 0;
                    while k < dl {
                        if k > 0 {
                            e.s(" ")?;
                        }
                        let v = e.be16(c + k)?;
                        e.d(v)?;
                        k += 2;
                    }
                }
            }
            8 => eopt_ecs(e, c, dl)?,
            11 => {
                if dl != 2 {
                    e.s(" (invalid)")?;
                } else {
                    // In units of 100 ms, printed as seconds with one decimal.
                    let v = e.be16(c)?;
                    e.d(v / 10)?;
                    e.s(".")?;
                    e.d(v % 10)?;
                    e.s(" sec")?;
                }
            }
            5..=7 => {
                for k in 0..dl {
                    if k > 0 {
                        e.s(" ")?;
                    }
                    let a = e.u8(c + k)?;
                    let unknown = Unknown::dec("Alg_", "");
                    tok::tok2str(e.out, alg_name(opt, a), a.into(), unknown)?;
                }
            }
            13 => {
                fqdn(e, c, c + dl)?;
            }
            _ => {
                for k in 0..dl {
                    let b = e.u8(c + k)?;
                    fmtx::hex2(e.out, b)?;
                }
            }
        }
    }
    Ok(Some(c + dl))
}

/// `print_eopt_ecs`: an EDNS client subnet option of `dl` bytes at `c`
/// (`address/source/scope`).
fn eopt_ecs<W: Write>(e: &mut Cursor<'_, W>, c: usize, dl: usize) -> R {
    if dl < 4 {
        return e.s(" (invalid)");
    }
    let family = e.be16(c)?;
    let src = e.u8(c + 2)? as usize;
    let scope = e.u8(c + 3)? as usize;
    let bits = match family {
        1 => 32,
        2 => 128,
        _ => return e.s(" (invalid)"),
    };
    if dl - 4 > bits / 8 || src > bits || scope > bits || src.div_ceil(8) != dl - 4 {
        return e.s(" (invalid)");
    }
    let mut a = [0u8; 16];
    a[..dl - 4].copy_from_slice(e.bytes(c + 4, dl - 4)?);
    if family == 1 {
        fmtx::ipv4(e.out, &a[..4])?;
    } else {
        fmtx::ipv6(e.out, &a)?;
    }
    e.s("/")?;
    e.d(src as u64)?;
    e.s("/")?;
    e.d(scope as u64)
}

/// The algorithm names of the DAU (5), DHU (6) and N3U (7) EDNS options.
fn alg_name(opt: u16, a: u8) -> Option<&'static str> {
    Some(match (opt, a) {
        (5, 0) => "DELETE",
        (5, 1) => "RSAMD5",
        (5, 2) => "DH",
        (5, 3) => "DS",
        (5, 5) => "RSASHA1",
        (5, 6) => "DSA-NSEC3-SHA1",
        (5, 7) => "RSASHA1-NSEC3-SHA1",
        (5, 8) => "RSASHA256",
        (5, 10) => "RSASHA512",
        (5, 12) => "ECC-GOST",
        (5, 13) => "ECDSAP256SHA256",
        (5, 14) => "ECDSAP384SHA384",
        (5, 15) => "ED25519",
        (5, 16) => "ED448",
        (5, 252) => "INDIRECT",
        (5, 253) => "PRIVATEDNS",
        (5, 254) => "PRIVATEOID",
        (6, 1) | (7, 1) => "SHA-1",
        (6, 2) => "SHA-256",
        (6, 3) => "GOST_R_34.11-94",
        (6, 4) => "SHA-384",
        _ => return None,
    })
}

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
        if length < hdr::TCP_PREFIX as u32 {
            e.s(" [DNS over TCP: length ")?;
            e.d(length)?;
            e.s(" < 2]")?;
            return e.s(" (invalid)");
        }
        length -= hdr::TCP_PREFIX as u32;
        let pl = e.be16(bp)?;
        if pl as u32 != length {
            e.s(" [prefix length(")?;
            e.d(pl)?;
            e.s(") != length(")?;
            e.d(length)?;
            e.s(")]")?;
            return e.s(" (invalid)");
        }
        bp += hdr::TCP_PREFIX;
        e.s(" ")?;
    }
    let np = bp;
    if length < hdr::LEN as u32 {
        e.s("domain [length ")?;
        e.d(length)?;
        e.s(" < 12]")?;
        return e.s(" (invalid)");
    }
    if !e.test(np, hdr::LEN) {
        return Err(Stop::Trunc);
    }
    let h = Header {
        flags: e.be16(np + hdr::FLAGS)?,
        qd: e.be16(np + hdr::QDCOUNT)? as u32,
        an: e.be16(np + hdr::ANCOUNT)? as u32,
        ns: e.be16(np + hdr::NSCOUNT)? as u32,
        ar: e.be16(np + hdr::ARCOUNT)? as u32,
    };
    let rcode = extended_rcode(e, np, &h)?;
    let id = e.be16(np + hdr::ID)?;
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
    let mut cp = np + hdr::LEN;
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
    let mut cp = np + hdr::LEN;
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
    let mut cp = np + hdr::LEN;
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
