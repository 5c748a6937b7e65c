//! PIM version 2 at `-v` (tcpdump 4.99.3's `pimv2_print`): the checksum and its verdict, then
//! each message type's fields: Hello options, the Register flags and encapsulated packet,
//! Join/Prune groups and sources, Bootstrap RP sets, Assert, Candidate-RP, Prune Refresh and
//! DF Election fields.

use core::fmt::Write;

use super::common::{cksum_l4, cksum_over, relts};
use super::cursor::{Cursor, R};
use super::next::{off, Next};
use crate::tok::{self, Tok};

/// The Hello option types and names.
const HELLO_OPTIONS: &Tok = &[
    (1, "Hold Time"),
    (2, "LAN Prune Delay"),
    (18, "DR Priority (Old)"),
    (19, "DR Priority"),
    (20, "Generation ID"),
    (21, "State Refresh Capability"),
    (22, "Bi-Directional Capability"),
    (24, "Address List"),
    (65001, "Address List (Old)"),
];

/// The Register message's flag words that have a name (the whole word must match).
const REGISTER_FLAGS: &Tok = &[(0x8000_0000, "Border"), (0x4000_0000, "Null")];

/// The DF Election subtypes.
const DF_SUBTYPES: &Tok = &[(1, "Offer"), (2, "Winner"), (3, "Backoff"), (4, "Pass")];

/// What an encoded address stands for: its form differs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// Encoded-Unicast: family, encoding, address.
    Unicast,
    /// Encoded-Group: family, encoding, flags, mask length, address.
    Group,
    /// Encoded-Source: as a group, the flags being S, W and R.
    Source,
}

/// `pimv2_addr_print`: the encoded address at `bp` (`len` bytes left in the message; `alen`
/// the RFC 2117 fixed address length, 0 for the family-tagged form). `None` where tcpdump's
/// returns -1 (an unknown family or encoding, or too few bytes).
fn addr<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32, at: At, alen: u8) -> R<Option<u32>> {
    let (v6, alen, hdr) = if alen == 0 {
        if len < 2 {
            return Ok(None);
        }
        let v6 = match e.u8(bp)? {
            1 => false,
            2 => true,
            _ => return Ok(None),
        };
        if e.u8(bp + 1)? != 0 {
            return Ok(None);
        }
        (v6, if v6 { 16u32 } else { 4 }, 2u32)
    } else {
        match alen {
            4 => (false, 4, 0),
            16 => (true, 16, 0),
            _ => return Ok(None),
        }
    };
    let bp = bp + hdr as usize;
    let len = len - hdr;
    let put = |e: &mut Cursor<'_, W>, o: usize| if v6 { e.ip6_at(o) } else { e.ip4_at(o) };
    if at == At::Unicast {
        if len < alen || !e.test(bp, alen as usize) {
            return Ok(None);
        }
        put(e, bp)?;
        return Ok(Some(hdr + alen));
    }
    if len < alen + 2 || !e.test(bp, alen as usize + 2) {
        return Ok(None);
    }
    put(e, bp + 2)?;
    let mlen = e.u8(bp + 1)?;
    if u32::from(mlen) != alen * 8 {
        e.s("/")?;
        e.d(mlen)?;
    }
    let flags = e.u8(bp)?;
    if flags != 0 {
        if at == At::Group {
            e.s("(0x")?;
            e.x02(flags)?;
            e.s(")")?;
        } else {
            e.s("(")?;
            for (bit, ch) in [(4u8, "S"), (2, "W"), (1, "R")] {
                if flags & bit != 0 {
                    e.s(ch)?;
                }
            }
            if flags & 0xf8 != 0 {
                e.s("+0x")?;
                e.x02(flags & 0xf8)?;
            }
            e.s(")")?;
        }
    }
    Ok(Some(hdr + 2 + alen))
}

/// `pimv2_check_checksum`: `Some(true)` when the `len` bytes at `bp` (carried by the IP header
/// at `iph`) sum right, `None` when they are not all captured.
fn cksum_ok<W: Write>(e: &Cursor<'_, W>, bp: usize, iph: usize, len: u32) -> R<Option<bool>> {
    if !e.test(bp, len as usize) {
        return Ok(None);
    }
    let sum = match e.u8(iph)? >> 4 {
        4 => cksum_over(e, bp, len as usize, 0),
        6 => cksum_l4(e, iph, bp, len, crate::ip_proto::PIM)?,
        _ => None,
    };
    Ok(sum.map(|s| s == 0))
}

/// The PIMv2 message at `bp`, `len` bytes, after `PIMv2, length N\n\tTYPE` (printed by the
/// caller), the IP header at `iph`.
#[cold]
#[inline(never)]
pub(crate) fn pimv2_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32, iph: usize) -> R {
    e.proto = "pimv2";
    if len < 2 {
        e.s("[length ")?;
        e.d(len)?;
        e.s(" < 2]")?;
        return e.invalid();
    }
    let typ = e.u8(bp)? & 0x0f;
    let rsv = e.u8(bp + 1)?;
    let alen = rsv & 0x0f;
    if alen != 0 {
        e.s(", RFC2117-encoding")?;
    }
    if len < 4 {
        e.s("[length ")?;
        e.d(len)?;
        e.s(" < 4]")?;
        return e.invalid();
    }
    let ck = e.be16(bp + 2)?;
    e.s(", cksum 0x")?;
    crate::fmtx::hex_pad(e.out, ck.into(), 4)?;
    e.s(" ")?;
    if ck == 0 {
        e.s("(unverified)")?;
    } else {
        let mut v = cksum_ok(e, bp, iph, if typ == 1 { 8 } else { len })?;
        if typ == 1 && v == Some(false) {
            v = cksum_ok(e, bp, iph, len)?;
        }
        e.s(match v {
            Some(true) => "(correct)",
            Some(false) => "(incorrect)",
            None => "(unverified)",
        })?;
    }
    let bp = bp + 4;
    let len = len - 4;
    let r = match typ {
        0 => hello(e, bp, len, alen),
        1 => return register(e, bp, len),
        2 => fields(
            e,
            bp,
            len,
            alen,
            &[(" group=", At::Group), (" source=", At::Unicast)],
        ),
        3 | 6 | 7 => join_prune(e, bp, len, alen, typ),
        4 => bootstrap(e, bp, len, alen),
        5 => assert(e, bp, len, alen),
        8 => candidate_rp(e, bp, len, alen),
        9 => prune_refresh(e, bp, len, alen),
        10 => df_election(e, bp, len, alen, rsv >> 4),
        _ => {
            e.s(" [type ")?;
            e.d(typ)?;
            e.s("]")?;
            Ok(true)
        }
    };
    match r {
        Ok(true) => Ok(()),
        Ok(false) => e.trunc_here(),
        Err(x) => Err(x),
    }
}

/// `Ok(false)`: tcpdump's `goto trunc` (the marker, then a normal return).
type Walk = R<bool>;

/// Addresses in a row, each after its label; `false` when one cannot be printed.
fn fields<W: Write>(
    e: &mut Cursor<'_, W>,
    bp: usize,
    len: u32,
    alen: u8,
    f: &[(&str, At)],
) -> Walk {
    let (mut bp, mut len) = (bp, len);
    for &(label, at) in f {
        e.s(label)?;
        let Some(n) = addr(e, bp, len, at, alen)? else {
            return Ok(false);
        };
        bp += n as usize;
        len -= n;
    }
    Ok(true)
}

/// `[option length N != M] (invalid)`, and the end of the message.
fn bad_option<W: Write>(e: &mut Cursor<'_, W>, olen: u16, want: u8) -> R {
    e.s("[option length ")?;
    e.d(olen)?;
    e.s(" != ")?;
    e.d(want)?;
    e.s("]")?;
    e.invalid()
}

/// The Hello options.
fn hello<W: Write>(e: &mut Cursor<'_, W>, mut bp: usize, mut len: u32, alen: u8) -> Walk {
    while len > 0 {
        if len < 4 {
            return Ok(false);
        }
        let ot = e.be16(bp)?;
        let olen = e.be16(bp + 2)?;
        e.s("\n\t  ")?;
        e.s(tok::find(HELLO_OPTIONS, ot.into()).unwrap_or("Unknown"))?;
        e.s(" Option (")?;
        e.d(ot)?;
        e.s("), length ")?;
        e.d(olen)?;
        e.s(", Value: ")?;
        bp += 4;
        len -= 4;
        if len < u32::from(olen) || !e.test(bp, olen.into()) {
            return Ok(false);
        }
        match ot {
            1 if olen != 2 => {
                bad_option(e, olen, 2)?;
                return Ok(true);
            }
            1 => relts(e, e.be16(bp)?.into())?,
            2 if olen != 4 => {
                bad_option(e, olen, 4)?;
                return Ok(true);
            }
            2 => {
                let d = e.be16(bp)?;
                let o = e.be16(bp + 2)?;
                e.s("\n\t    T-bit=")?;
                e.d(d >> 15)?;
                e.s(", LAN delay ")?;
                e.d(d & 0x7fff)?;
                e.s("ms, Override interval ")?;
                e.d(o)?;
                e.s("ms")?;
            }
            18 | 19 => match olen {
                0 => e.s("Bi-Directional Capability (Old)")?,
                4 => e.d(e.be32(bp)?)?,
                _ => {
                    bad_option(e, olen, 4)?;
                    return Ok(true);
                }
            },
            20 if olen != 4 => {
                bad_option(e, olen, 4)?;
                return Ok(true);
            }
            20 => {
                e.s("0x")?;
                crate::fmtx::hex_pad(e.out, e.be32(bp)?.into(), 8)?;
            }
            21 if olen != 4 => {
                bad_option(e, olen, 4)?;
                return Ok(true);
            }
            21 => {
                e.s("v")?;
                e.d(e.u8(bp)?)?;
                let i = e.u8(bp + 1)?;
                if i != 0 {
                    e.s(", interval ")?;
                    relts(e, i.into())?;
                }
                let r = e.be16(bp + 2)?;
                if r != 0 {
                    e.s(" ?0x")?;
                    crate::fmtx::hex_pad(e.out, r.into(), 4)?;
                    e.s("?")?;
                }
            }
            22 => {}
            24 | 65001 => {
                if e.vflag > 1 {
                    let (mut p, mut plen) = (bp, len);
                    while p < bp + usize::from(olen) {
                        e.s("\n\t    ")?;
                        let Some(n) = addr(e, p, plen, At::Unicast, alen)? else {
                            return Ok(false);
                        };
                        p += n as usize;
                        plen = plen.wrapping_sub(n);
                    }
                }
            }
            _ => {
                if e.vflag <= 1 {
                    e.unknown_data_at(bp, olen.into(), "\n\t    ")?;
                }
            }
        }
        if e.vflag > 1 {
            e.unknown_data_at(bp, olen.into(), "\n\t    ")?;
        }
        bp += usize::from(olen);
        len -= u32::from(olen);
    }
    Ok(true)
}

/// The Register flags and the encapsulated packet (printed by the IP printers).
fn register<W: Write>(e: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    if len < 4 || !e.test(bp, 4) {
        return e.trunc_here();
    }
    let f = e.be32(bp)?;
    e.s(", Flags [ ")?;
    e.s(tok::find(REGISTER_FLAGS, f).unwrap_or("none"))?;
    e.s(" ]\n\t")?;
    let (bp, len) = (bp + 4, len - 4);
    if len == 0 {
        return e.trunc_here();
    }
    match e.u8(bp)? >> 4 {
        0 => {
            e.bytes(bp + 12, 8)?;
            e.s("IP-Null-header ")?;
            e.ip4_at(bp + 12)?;
            e.s(" > ")?;
            e.ip4_at(bp + 16)
        }
        4 => e.then(Next::ip(off(bp), len)),
        6 => e.then(Next::ip6(off(bp), len)),
        v => {
            e.s("IP ver ")?;
            e.d(v)
        }
    }
}

/// Join/Prune, Graft and Graft-Ack (`typ` 7: no upstream neighbor nor hold time).
fn join_prune<W: Write>(
    e: &mut Cursor<'_, W>,
    mut bp: usize,
    mut len: u32,
    alen: u8,
    typ: u8,
) -> Walk {
    if typ != 7 {
        e.s(", upstream-neighbor: ")?;
        let Some(n) = addr(e, bp, len, At::Unicast, alen)? else {
            return Ok(false);
        };
        bp += n as usize;
        len -= n;
    }
    if len < 4 || !e.test(bp, 4) {
        return Ok(false);
    }
    let ngroup = e.u8(bp + 1)?;
    let hold = e.be16(bp + 2)?;
    e.s("\n\t  ")?;
    e.d(ngroup)?;
    e.s(" group(s)")?;
    if typ != 7 {
        e.s(", holdtime: ")?;
        if hold == 0xffff {
            e.s("infinite")?;
        } else {
            relts(e, hold.into())?;
        }
    }
    bp += 4;
    len -= 4;
    for i in 0..ngroup {
        e.s("\n\t    group #")?;
        e.d(i + 1)?;
        e.s(": ")?;
        let Some(n) = addr(e, bp, len, At::Group, alen)? else {
            return Ok(false);
        };
        bp += n as usize;
        len -= n;
        if len < 4 || !e.test(bp, 4) {
            return Ok(false);
        }
        let nj = e.be16(bp)?;
        let np = e.be16(bp + 2)?;
        e.s(", joined sources: ")?;
        e.d(nj)?;
        e.s(", pruned sources: ")?;
        e.d(np)?;
        bp += 4;
        len -= 4;
        for (what, count) in [("joined", nj), ("pruned", np)] {
            for j in 0..count {
                e.s("\n\t      ")?;
                e.s(what)?;
                e.s(" source #")?;
                e.d(j + 1)?;
                e.s(": ")?;
                let Some(n) = addr(e, bp, len, At::Source, alen)? else {
                    return Ok(false);
                };
                bp += n as usize;
                len -= n;
            }
        }
    }
    Ok(true)
}

/// The Bootstrap message: fragment tag, hash mask length, BSR priority and address, then the
/// groups and their RPs.
fn bootstrap<W: Write>(e: &mut Cursor<'_, W>, mut bp: usize, mut len: u32, alen: u8) -> Walk {
    if len < 2 {
        return Ok(false);
    }
    let tag = e.be16(bp)?;
    e.s(" tag=")?;
    e.x(tag)?;
    bp += 2;
    len -= 2;
    if len < 1 {
        return Ok(false);
    }
    let hm = e.u8(bp)?;
    e.s(" hashmlen=")?;
    e.d(hm)?;
    if len < 2 || !e.test(bp + 2, 1) {
        return Ok(false);
    }
    e.s(" BSRprio=")?;
    e.d(e.u8(bp + 1)?)?;
    bp += 2;
    len -= 2;
    e.s(" BSR=")?;
    let Some(n) = addr(e, bp, len, At::Unicast, alen)? else {
        return Ok(false);
    };
    bp += n as usize;
    len -= n;
    let mut i = 0u32;
    while len > 0 {
        e.s(" (group")?;
        e.d(i)?;
        e.s(": ")?;
        let Some(n) = addr(e, bp, len, At::Group, alen)? else {
            return Ok(false);
        };
        bp += n as usize;
        len -= n;
        if len < 1 {
            return Ok(false);
        }
        let rpcnt = e.u8(bp)?;
        e.s(" RPcnt=")?;
        e.d(rpcnt)?;
        if len < 2 {
            return Ok(false);
        }
        let frp = e.u8(bp + 1)?;
        e.s(" FRPcnt=")?;
        e.d(frp)?;
        if len < 4 {
            return Ok(false);
        }
        bp += 4;
        len -= 4;
        let mut j = 0u8;
        while j < frp && len > 0 {
            e.s(" RP")?;
            e.d(j)?;
            e.s("=")?;
            let Some(n) = addr(e, bp, len, At::Unicast, alen)? else {
                return Ok(false);
            };
            bp += n as usize;
            len -= n;
            if len < 2 {
                return Ok(false);
            }
            e.s(",holdtime=")?;
            relts(e, e.be16(bp)?.into())?;
            if len < 3 {
                return Ok(false);
            }
            let prio = e.u8(bp + 2)?;
            e.s(",prio=")?;
            e.d(prio)?;
            if len < 4 {
                return Ok(false);
            }
            bp += 4;
            len -= 4;
            j += 1;
        }
        e.s(")")?;
        i += 1;
    }
    Ok(true)
}

/// The Assert message.
fn assert<W: Write>(e: &mut Cursor<'_, W>, mut bp: usize, mut len: u32, alen: u8) -> Walk {
    e.s(" group=")?;
    let Some(n) = addr(e, bp, len, At::Group, alen)? else {
        return Ok(false);
    };
    bp += n as usize;
    len -= n;
    e.s(" src=")?;
    let Some(n) = addr(e, bp, len, At::Unicast, alen)? else {
        return Ok(false);
    };
    bp += n as usize;
    len -= n;
    if len < 8 || !e.test(bp, 8) {
        return Ok(false);
    }
    if e.u8(bp)? & 0x80 != 0 {
        e.s(" RPT")?;
    }
    e.s(" pref=")?;
    e.d(e.be32(bp)? & 0x7fff_ffff)?;
    e.s(" metric=")?;
    e.d(e.be32(bp + 4)?)?;
    Ok(true)
}

/// The Candidate-RP Advertisement.
fn candidate_rp<W: Write>(e: &mut Cursor<'_, W>, mut bp: usize, mut len: u32, alen: u8) -> Walk {
    if len < 1 {
        return Ok(false);
    }
    let pfx = e.u8(bp)?;
    e.s(" prefix-cnt=")?;
    e.d(pfx)?;
    if len < 2 {
        return Ok(false);
    }
    let prio = e.u8(bp + 1)?;
    e.s(" prio=")?;
    e.d(prio)?;
    if len < 4 {
        return Ok(false);
    }
    e.s(" holdtime=")?;
    relts(e, e.be16(bp + 2)?.into())?;
    bp += 4;
    len -= 4;
    e.s(" RP=")?;
    let Some(n) = addr(e, bp, len, At::Unicast, alen)? else {
        return Ok(false);
    };
    bp += n as usize;
    len -= n;
    let mut i = 0u8;
    while i < pfx && len > 0 {
        e.s(" Group")?;
        e.d(i)?;
        e.s("=")?;
        let Some(n) = addr(e, bp, len, At::Group, alen)? else {
            return Ok(false);
        };
        bp += n as usize;
        len -= n;
        i += 1;
    }
    Ok(true)
}

/// The Prune Refresh message.
fn prune_refresh<W: Write>(e: &mut Cursor<'_, W>, mut bp: usize, mut len: u32, alen: u8) -> Walk {
    for (label, at) in [
        (" src=", At::Unicast),
        (" grp=", At::Group),
        (" forwarder=", At::Unicast),
    ] {
        e.s(label)?;
        let Some(n) = addr(e, bp, len, at, alen)? else {
            return Ok(false);
        };
        bp += n as usize;
        len -= n;
    }
    if len < 2 {
        return Ok(false);
    }
    e.s(" TUNR ")?;
    relts(e, e.be16(bp)?.into())?;
    Ok(true)
}

/// The DF Election message of subtype `sub`.
fn df_election<W: Write>(
    e: &mut Cursor<'_, W>,
    mut bp: usize,
    mut len: u32,
    alen: u8,
    sub: u8,
) -> Walk {
    e.s("\n\t  ")?;
    e.s(tok::find(DF_SUBTYPES, sub.into()).unwrap_or("Unknown"))?;
    e.s(", rpa=")?;
    let Some(n) = addr(e, bp, len, At::Unicast, alen)? else {
        return Ok(false);
    };
    bp += n as usize;
    len -= n;
    let pref = e.be32(bp)?;
    e.s(" sender pref=")?;
    e.d(pref)?;
    let metric = e.be32(bp + 4)?;
    e.s(" sender metric=")?;
    e.d(metric)?;
    bp += 8;
    len = len.wrapping_sub(8);
    if sub == 3 || sub == 4 {
        let who = if sub == 3 { "offer" } else { "new winner" };
        e.s("\n\t  ")?;
        e.s(who)?;
        e.s(" addr=")?;
        let Some(n) = addr(e, bp, len, At::Unicast, alen)? else {
            return Ok(false);
        };
        bp += n as usize;
        let pref = e.be32(bp)?;
        e.s(" ")?;
        e.s(who)?;
        e.s(" pref=")?;
        e.d(pref)?;
        let metric = e.be32(bp + 4)?;
        e.s(" ")?;
        e.s(who)?;
        e.s(" metric=")?;
        e.d(metric)?;
        bp += 8;
        if sub == 3 {
            let i = e.be16(bp)?;
            e.s(" interval ")?;
            e.d(i)?;
            e.s("ms")?;
        }
    }
    Ok(true)
}
