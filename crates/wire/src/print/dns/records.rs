//! A resource record (`ns_rprint`): its owner name (`-v`), class, TTL (`-vvv`), type, and the
//! data of the types tcpdump decodes.

use core::fmt::Write;

use super::edns::rdata_opt;
use super::{nskip, rr, t};
use crate::fmtx;
use crate::print::common::{fqdn, relts};
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Unknown};

/// Field offsets in the data of the record types with fixed fields (MX: RFC 1035; SRV: RFC
/// 2782; URI: RFC 7553; A6: RFC 2874).
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
}

/// DNS type names, as tcpdump's `ns_type2str`.
fn type_name(t: u16) -> Option<&'static str> {
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
pub(super) fn put_type<W: Write>(e: &mut Cursor<'_, W>, t: u16) -> R {
    Ok(tok::tok2str(
        e.out,
        type_name(t),
        t.into(),
        Unknown::dec("Type", ""),
    )?)
}

/// A class's name, or `(Class N)`.
pub(super) fn put_class<W: Write>(e: &mut Cursor<'_, W>, c: u16) -> R {
    let unknown = Unknown::dec("(Class ", ")");
    Ok(tok::tok2str(e.out, class_name(c), c.into(), unknown)?)
}

/// `ns_rprint`: `Ok(None)` is its NULL (truncated), `Some(snapend)` its bail-out. `-v`
/// prints the owner name, `-vvv` the TTL.
pub(super) fn rprint<W: Write>(
    e: &mut Cursor<'_, W>,
    cp: usize,
    bp: usize,
    mdns: bool,
) -> R<Option<usize>> {
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
pub(super) struct Rdata {
    pub(super) typ: u16,
    pub(super) cp: usize,
    pub(super) rp: usize,
    pub(super) len: usize,
    pub(super) class: u16,
    pub(super) opt_flags: u16,
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
