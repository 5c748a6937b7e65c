//! VRRP over IPv4 and IPv6 (IP protocol 112; tcpdump's `vrrp_print`) at tcpdump's default
//! verbosity. tcpdump prints protocol 112 as CARP only when told to (`-T carp`), which promisc
//! has no flag for, so CARP is not decoded here.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vutil::{printjnp, sums_to_zero};
use crate::tok::{self, Tok, Unknown};

/// Field offsets of a VRRP advertisement.
mod field {
    /// The version (high nibble) and type (low nibble).
    pub const VER_TYPE: usize = 0;
    /// The virtual router ID.
    pub const VRID: usize = 1;
    /// The priority.
    pub const PRIO: usize = 2;
    /// Version 2: the authentication type; version 3: the interval's high nibble.
    pub const AUTH_TYPE: usize = 4;
    /// Version 2: the advertisement interval in seconds; version 3: the interval's low byte.
    pub const INTERVAL: usize = 5;
    /// The IPv4 TTL's offset in its header.
    pub const IP4_TTL: usize = 8;
    /// The IPv6 hop limit's offset in its header.
    pub const IP6_HLIM: usize = 7;
}

/// Version 2's authentication types.
const AUTH_TYPES: &Tok = &[(0, "none"), (1, "simple"), (2, "ah")];

/// `vrrp_print`: the advertisement at `bp`, `len` bytes, the IP header (version `ver`) at `iph`.
pub(crate) fn vrrp_print<W: Write>(
    e: &mut Cursor<'_, W>,
    bp: usize,
    len: u32,
    iph: usize,
    ver: u8,
) -> R {
    e.proto = "vrrp";
    e.s("VRRP")?;
    let b = e.u8(bp + field::VER_TYPE)?;
    let (version, typ) = (b >> 4, b & 0x0f);
    e.s("v")?;
    e.d(version)?;
    if typ == 1 {
        e.s(", Advertisement")?;
    } else {
        e.s(", unknown type (")?;
        e.d(typ)?;
        e.s(")")?;
    }
    let ttl = e.u8(iph
        + if ver == 4 {
            field::IP4_TTL
        } else {
            field::IP6_HLIM
        })?;
    if ttl != 255 {
        e.s(", (ttl ")?;
        e.d(ttl)?;
        e.s(")")?;
    }
    if !(2..=3).contains(&version) || typ != 1 {
        return Ok(());
    }
    let vrid = e.u8(bp + field::VRID)?;
    let prio = e.u8(bp + field::PRIO)?;
    e.s(", vrid ")?;
    e.d(vrid)?;
    e.s(", prio ")?;
    e.d(prio)?;
    let a = e.u8(bp + field::AUTH_TYPE)?;
    if version == 2 {
        e.s(", authtype ")?;
        let name = tok::find(AUTH_TYPES, a.into());
        tok::tok2str(e.out, name, a.into(), Unknown::dec("#", ""))?;
        let intvl = e.u8(bp + field::INTERVAL)?;
        e.s(", intvl ")?;
        e.d(intvl)?;
        e.s("s")?;
    } else {
        let intvl = u16::from(a & 0x0f) << 8 | u16::from(e.u8(bp + field::INTERVAL)?);
        e.s(", intvl ")?;
        e.d(intvl)?;
        e.s("cs")?;
    }
    e.s(", length ")?;
    e.d(len)?;
    if e.vflag > 0 {
        verbose(e, bp, len, iph, ver, version, a)?;
    }
    Ok(())
}

/// What `-v` adds: a bad checksum, the addresses and version 2's simple password.
#[cold]
#[inline(never)]
fn verbose<W: Write>(
    e: &mut Cursor<'_, W>,
    bp: usize,
    len: u32,
    iph: usize,
    ver: u8,
    version: u8,
    auth: u8,
) -> R {
    let naddrs = e.u8(bp + 3)?;
    let pseudo = if version == 3 { Some(iph) } else { None };
    if sums_to_zero(e, bp, len, pseudo, crate::ip_proto::VRRP)? == Some(false) {
        let ck = e.be16(bp + 6)?;
        e.s(", (bad vrrp cksum ")?;
        e.x(ck)?;
        e.s(")")?;
    }
    e.s(", addrs")?;
    if naddrs > 1 {
        e.s("(")?;
        e.d(naddrs)?;
        e.s(")")?;
    }
    e.s(":")?;
    let mut p = bp + 8;
    for i in 0..naddrs {
        e.bytes(p, if ver == 4 { 4 } else { 16 })?;
        e.s(if i == 0 { " " } else { "," })?;
        if ver == 4 {
            e.ip4_at(p)?;
            p += 4;
        } else {
            e.ip6_at(p)?;
            p += 16;
        }
    }
    if version == 2 && auth == 1 {
        e.s(" auth \"")?;
        printjnp(e, p, 8)?;
        e.s("\"")?;
    }
    Ok(())
}
