//! PGM, Pragmatic General Multicast (RFC 3208; tcpdump's `print-pgm.c`): IP protocol 113, and
//! in UDP with `-T pgm` or `-T pgm_zmtp1` (then ODATA and RDATA carry ZeroMQ messages).
//!
//! Without `-v`: the ports and `PGM, length N`. From `-v` on: the global source id, the type
//! with its fields, the options and the whole length in brackets.

use core::fmt::Write;

use super::common::addrs_and_ports;
use super::cursor::{Cursor, Stop, R};
use super::zmtp1;
use crate::frame::{ipv4, ipv6};
use crate::{fmtx, ip_proto, PacketType};

/// The common header: type, options, checksum, global source id, TSDU length (after the
/// ports).
const HEADER_LEN: usize = 16;
const TYPE: usize = 4;
const OPTIONS: usize = 5;
const GSID: usize = 8;
const TSDU_LEN: usize = 14;

/// The packet types.
const SPM: u8 = 0x00;
const POLL: u8 = 0x01;
const POLR: u8 = 0x02;
const ODATA: u8 = 0x04;
const RDATA: u8 = 0x05;
const NAK: u8 = 0x08;
const NULLNAK: u8 = 0x09;
const NCF: u8 = 0x0a;
const ACK: u8 = 0x0b;
const SPMR: u8 = 0x0c;

/// Address family numbers of the network-layer addresses (NLAs).
const AFNUM_INET: u16 = 1;
const AFNUM_INET6: u16 = 2;

/// The options-present bit of the header's options field.
const OPT_PRESENT: u8 = 0x01;
/// An option type's last-option bit, and the type without it.
const OPT_END: u8 = 0x80;
const OPT_MASK: u8 = 0x7f;

/// `pgm_print`: the PGM packet of `length` bytes at `bp`, inside the IP header at `iph`.
pub(crate) fn pgm_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32, iph: usize) -> R {
    c.proto = "pgm";
    let v6 = c.u8(iph)? >> 4 == 6;
    if !c.test(bp + 2, 2) {
        let (s, d, n) = if v6 {
            (
                iph + ipv6::field::SRC.start,
                iph + ipv6::field::DST.start,
                16,
            )
        } else {
            (
                iph + ipv4::field::SRC.start,
                iph + ipv4::field::DST.start,
                4,
            )
        };
        nla(c, s, n)?;
        c.s(" > ")?;
        nla(c, d, n)?;
        c.s(":")?;
        return Err(Stop::Trunc);
    }
    let sport = c.be16(bp)?;
    let dport = c.be16(bp + 2)?;
    addrs_and_ports(c, iph, v6, ip_proto::PGM, sport, dport)?;
    if !c.test(bp, HEADER_LEN) {
        return Err(Stop::Trunc);
    }
    c.s("PGM, length ")?;
    c.d(c.be16(bp + TSDU_LEN)?)?;
    if c.vflag == 0 {
        return Ok(());
    }
    verbose(c, bp, length)
}

/// The `-v` part: the source id, the type's fields, the options, `[length]`, and with
/// `-T pgm_zmtp1` a data packet's ZeroMQ message.
#[cold]
#[inline(never)]
fn verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    let ty = c.u8(bp + TYPE)?;
    c.s(" 0x")?;
    for i in 0..6 {
        c.x02(c.u8(bp + GSID + i)?)?;
    }
    c.s(" ")?;
    let body = bp + HEADER_LEN;
    let mut p = match ty {
        SPM => {
            need(c, body, 16)?;
            let at = body + 16;
            let (addr, n) = nla_of(c, c.be16(body + 12)?, at)?;
            c.s("SPM seq ")?;
            c.d(c.be32(body)?)?;
            c.s(" trail ")?;
            c.d(c.be32(body + 4)?)?;
            c.s(" lead ")?;
            c.d(c.be32(body + 8)?)?;
            c.s(" nla ")?;
            nla(c, addr, n)?;
            at + n
        }
        POLL => {
            need(c, body, 12)?;
            let at = body + 12;
            let (addr, n) = nla_of(c, c.be16(body + 8)?, at)?;
            let after = at + n;
            let (ivl, rnd, mask) = (c.be32(after)?, c.be32(after + 4)?, c.be32(after + 8)?);
            c.s("POLL seq ")?;
            c.d(c.be32(body)?)?;
            c.s(" round ")?;
            c.d(c.be16(body + 4)?)?;
            c.s(" nla ")?;
            nla(c, addr, n)?;
            c.s(" ivl ")?;
            c.d(ivl)?;
            c.s(" rnd 0x")?;
            fmtx::hex_pad(c.out, u64::from(rnd), 8)?;
            c.s(" mask 0x")?;
            fmtx::hex_pad(c.out, u64::from(mask), 8)?;
            after + 12
        }
        POLR => {
            need(c, body, 8)?;
            c.s("POLR seq ")?;
            c.d(c.be32(body)?)?;
            c.s(" round ")?;
            c.d(c.be16(body + 4)?)?;
            body + 8
        }
        ODATA | RDATA => {
            need(c, body, 8)?;
            c.s(if ty == ODATA { "ODATA" } else { "RDATA" })?;
            c.s(" trail ")?;
            c.d(c.be32(body + 4)?)?;
            c.s(" seq ")?;
            c.d(c.be32(body)?)?;
            body + 8
        }
        NAK | NULLNAK | NCF => {
            need(c, body, 8)?;
            let at = body + 8;
            let (source, n) = nla_of(c, c.be16(body + 4)?, at)?;
            // As tcpdump reads it: the group's family from where its address starts (after
            // its family and reserved fields), and the address from there too.
            let g = at + n + 4;
            let (group, gn) = nla_of(c, c.be16(g)?, g)?;
            c.s(match ty {
                NAK => "NAK ",
                NULLNAK => "NNAK ",
                _ => "NCF ",
            })?;
            c.s("(")?;
            nla(c, source, n)?;
            c.s(" -> ")?;
            nla(c, group, gn)?;
            c.s("), seq ")?;
            c.d(c.be32(body)?)?;
            g + gn
        }
        ACK => {
            need(c, body, 8)?;
            c.s("ACK seq ")?;
            c.d(c.be32(body)?)?;
            body + 8
        }
        // These two leave tcpdump's cursor at the start of the PGM header, where it then
        // looks for options.
        SPMR => {
            c.s("SPMR")?;
            bp
        }
        _ => {
            c.s("UNKNOWN type 0x")?;
            c.x02(ty)?;
            bp
        }
    };
    if c.u8(bp + OPTIONS)? & OPT_PRESENT != 0 {
        match options(c, p)? {
            Some(end) => p = end,
            None => return Ok(()),
        }
    }
    c.s(" [")?;
    c.d(length)?;
    c.s("]")?;
    if c.ptype == Some(PacketType::PgmZmtp1) && matches!(ty, ODATA | RDATA) {
        let tsdu = u32::from(c.be16(bp + TSDU_LEN)?);
        zmtp1::zmtp1_datagram_print(c, p, tsdu)?;
    }
    Ok(())
}

/// `ND_TCHECK_LEN`: the `n` bytes at `o` are captured, else the packet is cut.
fn need<W: Write>(c: &Cursor<'_, W>, o: usize, n: usize) -> R {
    if c.test(o, n) {
        Ok(())
    } else {
        Err(Stop::Trunc)
    }
}

/// A network-layer address of family `afi` at `at`: where it is and how long; a family other
/// than IPv4 and IPv6, or an address not captured, cuts the packet short.
fn nla_of<W: Write>(c: &Cursor<'_, W>, afi: u16, at: usize) -> R<(usize, usize)> {
    let n = match afi {
        AFNUM_INET => 4,
        AFNUM_INET6 => 16,
        _ => return Err(Stop::Trunc),
    };
    need(c, at, n)?;
    Ok((at, n))
}

/// The address of `n` bytes (4 or 16) at `at`, as numbers (tcpdump's `addrtostr`).
fn nla<W: Write>(c: &mut Cursor<'_, W>, at: usize, n: usize) -> R {
    let a = c.bytes(at, n)?;
    if n == 4 {
        fmtx::ipv4(c.out, a)?;
    } else {
        fmtx::ipv6(c.out, a)?;
    }
    Ok(())
}

/// The options at `p` (the first must be OPT_LENGTH): where they end, or `None` when one is
/// malformed (tcpdump says so and prints nothing more of the packet).
fn options<W: Write>(c: &mut Cursor<'_, W>, mut p: usize) -> R<Option<usize>> {
    need(c, p, 4)?;
    let first = c.u8(p)?;
    if first & OPT_MASK != 0 {
        c.s("[First option bad, should be PGM_OPT_LENGTH, is ")?;
        c.d(first & OPT_MASK)?;
        c.s("]")?;
        return Ok(None);
    }
    let len = c.u8(p + 1)?;
    if len != 4 {
        c.s("[Bad OPT_LENGTH option, length ")?;
        c.d(len)?;
        c.s(" != 4]")?;
        return Ok(None);
    }
    let mut total = u32::from(c.be16(p + 2)?);
    if total < 4 {
        c.s("[Bad total option length ")?;
        c.d(total)?;
        c.s(" < 4]")?;
        return Ok(None);
    }
    c.s(" OPTS LEN ")?;
    c.d(total)?;
    total -= 4;
    p += 4;
    while total != 0 {
        if total < 4 {
            c.s("[Total option length leaves no room for final option]")?;
            return Ok(None);
        }
        let ty = c.u8(p)?;
        let olen = c.u8(p + 1)?;
        p += 2;
        if olen < 4 {
            c.s("[Bad option, length ")?;
            c.d(olen)?;
            c.s(" < 4]")?;
            break;
        }
        if total < u32::from(olen) {
            c.s("[Total option length leaves no room for final option]")?;
            return Ok(None);
        }
        need(c, p, usize::from(olen) - 2)?;
        match option(c, ty & OPT_MASK, olen, p)? {
            Some((used, next)) => {
                total = total.saturating_sub(used);
                p = next;
            }
            None => return Ok(None),
        }
        if ty & OPT_END != 0 {
            break;
        }
    }
    Ok(Some(p))
}

/// A fixed-length option's check: `[Bad OPT_NAME option, length N != M]` when it is not.
fn fixed<W: Write>(c: &mut Cursor<'_, W>, name: &str, olen: u8, want: u8) -> R<bool> {
    if olen == want {
        return Ok(true);
    }
    c.s("[Bad ")?;
    c.s(name)?;
    c.s(" option, length ")?;
    c.d(olen)?;
    c.s(" != ")?;
    c.d(want)?;
    c.s("]")?;
    Ok(false)
}

/// One option of type `ty` (without its end bit), `olen` bytes long, whose body (after the
/// type and length bytes) is at `p`: the bytes it takes from the options' total and where the
/// next one starts; `None` when it is malformed.
fn option<W: Write>(c: &mut Cursor<'_, W>, ty: u8, olen: u8, p: usize) -> R<Option<(u32, usize)>> {
    let whole = u32::from(olen);
    // (name, length) of the options made of 2 reserved bytes and 32-bit numbers.
    let numbers: Option<(&str, u8, &[&str])> = match ty {
        0x01 => Some(("OPT_FRAGMENT", 16, &[" FRAG seq ", " off ", " len "])),
        0x03 => Some(("OPT_JOIN", 8, &[" JOIN "])),
        0x04 => Some(("OPT_NAK_BO_IVL", 12, &[" BACKOFF ivl ", " ivlseq "])),
        0x05 => Some(("OPT_NAK_BO_RNG", 12, &[" BACKOFF max ", " min "])),
        0x08 => Some(("OPT_PARITY_PRM", 8, &[" PARITY MAXTGS "])),
        0x09 => Some(("OPT_PARITY_GRP", 8, &[" PARITY GROUP "])),
        0x0a => Some(("OPT_CURR_TGSIZE", 8, &[" PARITY ATGS "])),
        0x0b => Some(("OPT_NBR_UNREACH", 4, &[" NBR_UNREACH"])),
        0x0d => Some(("OPT_SYN", 4, &[" SYN"])),
        0x0e => Some(("OPT_FIN", 4, &[" FIN"])),
        0x0f => Some(("OPT_RST", 4, &[" RST"])),
        0x11 => Some(("OPT_CRQST", 4, &[" CRQST"])),
        _ => None,
    };
    if let Some((name, want, labels)) = numbers {
        if !fixed(c, name, olen, want)? {
            return Ok(None);
        }
        if want == 4 {
            c.s(labels[0])?;
        } else {
            for (i, label) in labels.iter().enumerate() {
                c.s(label)?;
                c.d(c.be32(p + 2 + 4 * i)?)?;
            }
        }
        return Ok(Some((whole, p + usize::from(olen) - 2)));
    }
    match ty {
        0x00 => {
            if !fixed(c, "OPT_LENGTH", olen, 4)? {
                return Ok(None);
            }
            c.s(" OPTS LEN (extra?) ")?;
            c.d(c.be16(p)?)?;
            Ok(Some((4, p + 2)))
        }
        0x02 => {
            c.s(" NAK LIST")?;
            let mut q = p + 2;
            let mut left = olen - 4;
            let mut used = 0u32;
            while left != 0 {
                if left < 4 {
                    c.s("[Option length not a multiple of 4]")?;
                    return Ok(None);
                }
                c.s(" ")?;
                c.d(c.be32(q)?)?;
                q += 4;
                left -= 4;
                used += 4;
            }
            // tcpdump takes only the list from the total, not the option's header.
            Ok(Some((used, q)))
        }
        0x07 | 0x12 | 0x13 => nla_option(c, ty, olen, p),
        0x0c => {
            c.s(" PATH_NLA [")?;
            c.d(olen)?;
            c.s("]")?;
            Ok(Some((whole, p + usize::from(olen))))
        }
        0x10 => {
            c.s(" CR")?;
            Ok(Some((whole, p + usize::from(olen))))
        }
        _ => {
            c.s(" OPT_")?;
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            c.out.write_char(char::from(HEX[usize::from(ty >> 4)]))?;
            c.out.write_char(char::from(HEX[usize::from(ty & 0xf)]))?;
            c.s(" [")?;
            c.d(olen)?;
            c.s("] ")?;
            Ok(Some((whole, p + usize::from(olen))))
        }
    }
}

/// OPT_REDIRECT (0x07), OPT_PGMCC_DATA (0x12) and OPT_PGMCC_FEEDBACK (0x13): a fixed part
/// and an address.
fn nla_option<W: Write>(
    c: &mut Cursor<'_, W>,
    ty: u8,
    olen: u8,
    p: usize,
) -> R<Option<(u32, usize)>> {
    let (name, fixed_len, label) = match ty {
        0x07 => ("OPT_REDIRECT", 8u8, " REDIRECT "),
        0x12 => ("OPT_PGMCC_DATA", 12, " PGMCC DATA "),
        _ => ("OPT_PGMCC_FEEDBACK", 12, " PGMCC FEEDBACK "),
    };
    if olen < fixed_len {
        c.s("[Bad ")?;
        // tcpdump's own spelling of the feedback option here.
        c.s(if ty == 0x13 {
            "PGM_OPT_PGMCC_FEEDBACK"
        } else {
            name
        })?;
        c.s(" option, length ")?;
        c.d(olen)?;
        c.s(" < ")?;
        c.d(fixed_len)?;
        c.s("]")?;
        return Ok(None);
    }
    let mut q = p + 2;
    let mut offset = 0;
    if ty != 0x07 {
        offset = c.be32(q)?;
        q += 4;
    }
    let afi = c.be16(q)?;
    q += 4;
    let n = match afi {
        AFNUM_INET => 4u8,
        AFNUM_INET6 => 16,
        _ => return Err(Stop::Trunc),
    };
    if olen != fixed_len + n {
        c.s("[Bad ")?;
        c.s(name)?;
        c.s(" option, length ")?;
        c.d(olen)?;
        c.s(" != ")?;
        c.d(fixed_len)?;
        c.s(" + address size]")?;
        return Ok(None);
    }
    need(c, q, usize::from(n))?;
    c.s(label)?;
    if ty != 0x07 {
        c.d(offset)?;
        c.s(" ")?;
    }
    nla(c, q, usize::from(n))?;
    Ok(Some((u32::from(fixed_len + n), q + usize::from(n))))
}
