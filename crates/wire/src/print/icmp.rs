//! ICMP (tcpdump's `icmp_print`).

use core::fmt::Write;

use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

use crate::frame::{icmp, ipv4, udp};

use super::common::{cksum_over, shouldbe};
use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// The time exceeded codes' names.
const TIME_EXCEEDED_CODES: &Tok = &[
    (0, "time exceeded in-transit"),
    (1, "ip reassembly time exceeded"),
];

/// The names of the types printed by their name alone.
const OTHER_TYPES: &Tok = &[
    (4, "source quench"),
    (10, "router solicitation"),
    (15, "information request"),
    (16, "information reply"),
    (17, "address mask request"),
];

/// How deep ICMP errors quoting ICMP errors are printed.
const MAX_QUOTED: u8 = 4;

/// Where an RFC 4884 extension header starts in an ICMP message: after the 8-byte header and
/// 128 bytes of the original datagram.
const EXT_AT: usize = 136;

/// `icmp_print`; `fragmented`: the datagram is a first fragment (no checksum checked).
#[inline(never)]
pub(crate) fn icmp_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    plen: u32,
    fragmented: bool,
) -> R {
    c.proto = "icmp";
    let t = c.u8(bp)?;
    let code = c.u8(bp + icmp::field::CODE)?;
    // Everything printed comes from fields read first, so a short packet prints nothing of
    // this layer before ` [|icmp]`, as tcpdump's snprintf-then-print does.
    let oip = bp + icmp::field::DATA;
    match t {
        0 | 8 => {
            let id = c.be16(bp + icmp::field::IDENT.start)?;
            let sq = c.be16(bp + icmp::field::SEQ.start)?;
            c.s("ICMP echo ")?;
            c.s(if t == 8 { "request" } else { "reply" })?;
            c.s(", id ")?;
            c.d(id)?;
            c.s(", seq ")?;
            c.d(sq)?;
        }
        3 => icmp_unreach(c, bp, oip, code)?,
        5 => icmp_redirect(c, bp, oip, code)?,
        9 => icmp_router_advert(c, bp)?,
        11 => {
            if !c.test(oip + ipv4::field::DST.start, 4) {
                return Err(Stop::Trunc);
            }
            c.s("ICMP ")?;
            let name = tok::find(TIME_EXCEEDED_CODES, code.into());
            let unknown = Unknown::dec("time exceeded-#", "");
            tok::tok2str(c.out, name, code.into(), unknown)?;
        }
        12 => {
            if code != 0 {
                c.s("ICMP parameter problem - code ")?;
                c.d(code)?;
            } else {
                let o = c.u8(bp + icmp::field::PPTR)?;
                c.s("ICMP parameter problem - octet ")?;
                c.d(o)?;
            }
        }
        18 => {
            let m = c.be32(bp + icmp::field::MASK.start)?;
            c.s("ICMP address mask is 0x")?;
            fmtx::hex_pad(c.out, m as u64, 8)?;
        }
        13 => {
            let id = c.be16(bp + icmp::field::IDENT.start)?;
            let sq = c.be16(bp + icmp::field::SEQ.start)?;
            c.s("ICMP time stamp query id ")?;
            c.d(id)?;
            c.s(" seq ")?;
            c.d(sq)?;
        }
        14 => icmp_tstamp_reply(c, bp)?,
        _ => {
            c.s("ICMP ")?;
            let name = tok::find(OTHER_TYPES, t.into());
            tok::tok2str(c.out, name, t.into(), Unknown::dec("type-#", ""))?;
        }
    }
    c.s(", length ")?;
    c.d(plen)?;
    if c.vflag != 0 {
        icmp_verbose(c, bp, plen, t, fragmented)?;
    }
    Ok(())
}

/// `-v`: a wrong checksum, and the datagram an error message quotes, printed on the next
/// line as the IP printer prints it.
#[cold]
#[inline(never)]
fn icmp_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    plen: u32,
    t: u8,
    fragmented: bool,
) -> R {
    if !fragmented {
        if let Some(sum) = cksum_over(c, bp, plen as usize, 0) {
            if sum != 0 {
                let field = c.be16(bp + icmp::field::CHECKSUM.start)?;
                c.s(" (wrong icmp cksum ")?;
                fmtx::hex(c.out, field as u64)?;
                c.s(" (->")?;
                fmtx::hex(c.out, shouldbe(field, sum) as u64)?;
                c.s(")!)")?;
            }
        }
    }
    // Quoted datagrams nest (an error about an error); tcpdump has no bound, this does.
    if matches!(t, 3 | 4 | 5 | 11 | 12) && c.depth < MAX_QUOTED {
        let ip = bp + icmp::field::DATA;
        c.s("\n\t")?;
        let len = c.be16(ip + ipv4::field::LENGTH.start)?;
        let saved = c.snapend;
        c.snapend = saved.min(ip + len as usize);
        c.depth += 1;
        let r = super::walk_from(c, Next::ip(off(ip), u32::from(len)));
        c.depth -= 1;
        r?;
        c.snapend = saved;
        c.proto = "icmp";
    }
    if matches!(t, 3 | 11 | 12) && plen as usize > EXT_AT {
        icmp_multipart(c, bp, plen as usize)?;
    }
    Ok(())
}

/// `-v`: the RFC 4884 multi-part extension of an error message of `plen` bytes at `bp`
/// (its header [`EXT_AT`] bytes in), and its objects.
fn icmp_multipart<W: Write>(c: &mut Cursor<'_, W>, bp: usize, plen: usize) -> R {
    // tcpdump checks that its whole extended header struct is captured first.
    if !c.test(bp, EXT_AT + 5) {
        return Err(Stop::Trunc);
    }
    let ext = bp + EXT_AT;
    let hlen = plen - EXT_AT;
    // With no length in the ICMP header, only a correct checksum says an extension is there.
    if c.u8(bp + 5)? == 0 && cksum_over(c, ext, hlen, 0).is_some_and(|s| s != 0) {
        return Ok(());
    }
    let version = c.u8(ext)? >> 4;
    c.s("\n\tICMP Multi-Part extension v")?;
    c.d(version)?;
    if version != 2 {
        return c.s(" packet not supported");
    }
    if let Some(sum) = cksum_over(c, ext, hlen, 0) {
        let field = c.be16(ext + 2)?;
        c.s(", checksum 0x")?;
        fmtx::hex_pad(c.out, field as u64, 4)?;
        c.s(if sum != 0 {
            " (incorrect)"
        } else {
            " (correct)"
        })?;
        c.s(", length ")?;
        c.d(hlen as u64)?;
    }
    let mut left = hlen.saturating_sub(4);
    let mut o = ext + 4;
    while left > 4 {
        if !c.test(o, 4) {
            return Err(Stop::Trunc);
        }
        let len = c.be16(o)? as usize;
        let class = c.u8(o + 2)?;
        let ctype = c.u8(o + 3)?;
        o += 4;
        c.s("\n\t  ")?;
        c.s(match class {
            1 => "MPLS Stack Entry",
            2 => "Interface Identification",
            _ => "unknown",
        })?;
        c.s(" Object (")?;
        c.d(class)?;
        c.s("), Class-Type: ")?;
        c.d(ctype)?;
        c.s(", length ")?;
        c.d(len as u64)?;
        left -= 4;
        if class == 0 || len < 4 {
            return Ok(());
        }
        let len = len - 4;
        if class == 1 && ctype == 1 {
            let raw = c.be32(o)?;
            c.s("\n\t    label ")?;
            c.d((raw >> 12) & 0xfffff)?;
            c.s(", tc ")?;
            c.d((raw >> 9) & 7)?;
            if (raw >> 8) & 1 != 0 {
                c.s(", [S]")?;
            }
            c.s(", ttl ")?;
            c.d(raw & 0xff)?;
        } else {
            c.unknown_data_at(o, len, "\n\t    ")?;
        }
        if left < len {
            break;
        }
        left -= len;
        o += len;
    }
    Ok(())
}

/// Destination unreachable: the address, protocol or port of the datagram quoted at `oip`.
fn icmp_unreach<W: Write>(c: &mut Cursor<'_, W>, bp: usize, oip: usize, code: u8) -> R {
    let dst = oip + ipv4::field::DST.start;
    match code {
        2 => {
            let a = c.bytes(dst, 4)?;
            let pr = c.u8(oip + ipv4::field::PROTOCOL)?;
            c.s("ICMP ")?;
            fmtx::ipv4(c.out, a)?;
            c.s(" protocol ")?;
            c.d(pr)?;
            c.s(" unreachable")?;
        }
        3 => {
            c.u8(oip + ipv4::field::PROTOCOL)?;
            let hl = (c.u8(oip + ipv4::field::VER_IHL)? & 0x0f) as usize * 4;
            let dport = c.be16(oip + hl + udp::field::DST_PORT.start)?;
            let pr = c.u8(oip + ipv4::field::PROTOCOL)?;
            let a = c.bytes(dst, 4)?;
            c.s("ICMP ")?;
            fmtx::ipv4(c.out, a)?;
            match pr {
                6 => {
                    c.s(" tcp port ")?;
                    c.d(dport)?;
                }
                17 => {
                    c.s(" udp port ")?;
                    c.d(dport)?;
                }
                _ => {
                    c.s(" protocol ")?;
                    c.d(pr)?;
                    c.s(" port ")?;
                    c.d(dport)?;
                }
            }
            c.s(" unreachable")?;
        }
        4 => {
            let mtu = c.be16(bp + icmp::field::NEXT_MTU.start)?;
            let a = c.bytes(dst, 4)?;
            c.s("ICMP ")?;
            fmtx::ipv4(c.out, a)?;
            c.s(" unreachable - need to frag")?;
            if mtu != 0 {
                c.s(" (mtu ")?;
                c.d(mtu)?;
                c.s(")")?;
            }
        }
        _ => {
            let a = c.bytes(dst, 4)?;
            c.s("ICMP ")?;
            let (pre, post) = match code {
                0 => ("net ", " unreachable"),
                1 => ("host ", " unreachable"),
                5 => ("", " unreachable - source route failed"),
                6 => ("net ", " unreachable - unknown"),
                7 => ("host ", " unreachable - unknown"),
                8 => ("", " unreachable - source host isolated"),
                9 => ("net ", " unreachable - admin prohibited"),
                10 => ("host ", " unreachable - admin prohibited"),
                11 => ("net ", " unreachable - tos prohibited"),
                12 => ("host ", " unreachable - tos prohibited"),
                13 => ("host ", " unreachable - admin prohibited filter"),
                14 => ("host ", " unreachable - host precedence violation"),
                15 => ("host ", " unreachable - precedence cutoff"),
                _ => ("", " unreachable - #"),
            };
            c.s(pre)?;
            fmtx::ipv4(c.out, a)?;
            c.s(post)?;
            if code > 15 {
                c.d(code)?;
            }
        }
    }
    Ok(())
}

/// Redirect: the quoted datagram's destination at `oip` and the gateway.
fn icmp_redirect<W: Write>(c: &mut Cursor<'_, W>, bp: usize, oip: usize, code: u8) -> R {
    let d = c.bytes(oip + ipv4::field::DST.start, 4)?;
    let gw = c.bytes(bp + icmp::field::GATEWAY.start, 4)?;
    c.s("ICMP ")?;
    let (a, b) = match code {
        0 => ("redirect ", " to net "),
        1 => ("redirect ", " to host "),
        2 => ("redirect-tos ", " to net "),
        3 => ("redirect-tos ", " to host "),
        _ => ("", ""),
    };
    if code <= 3 {
        c.s(a)?;
        fmtx::ipv4(c.out, d)?;
        c.s(b)?;
    } else {
        c.s("redirect-#")?;
        c.d(code)?;
        c.s(" ")?;
        fmtx::ipv4(c.out, d)?;
        c.s(" to ")?;
    }
    fmtx::ipv4(c.out, gw)?;
    Ok(())
}

/// Router advertisement: the lifetime and the addresses with their preferences (all
/// read first).
fn icmp_router_advert<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    // Router advertisement: read everything first.
    if !c.test(bp + icmp::field::REST.start, 4) {
        return Err(Stop::Trunc);
    }
    let num = c.u8(bp + icmp::field::RA_NUM_ADDRS)?;
    let size = c.u8(bp + icmp::field::RA_ADDR_SIZE)?;
    let lifetime = c.be16(bp + icmp::field::RA_LIFETIME.start)? as u64;
    if size == 2 {
        for k in 0..num as usize {
            if !c.test(bp + icmp::field::DATA + icmp::RA_ENTRY_LEN * k, 8) {
                return Err(Stop::Trunc);
            }
        }
    }
    c.s("ICMP router advertisement lifetime ")?;
    if lifetime < 60 {
        c.d(lifetime)?;
    } else if lifetime < 3600 {
        c.d(lifetime / 60)?;
        c.s(":")?;
        fmtx::dec_pad(c.out, lifetime % 60, 2)?;
    } else {
        c.d(lifetime / 3600)?;
        c.s(":")?;
        fmtx::dec_pad(c.out, (lifetime % 3600) / 60, 2)?;
        c.s(":")?;
        fmtx::dec_pad(c.out, lifetime % 60, 2)?;
    }
    c.s(" ")?;
    c.d(num)?;
    c.s(":")?;
    if size != 2 {
        c.s(" [size ")?;
        c.d(size)?;
        c.s("]")?;
    } else {
        for k in 0..num as usize {
            let o = bp + icmp::field::DATA + icmp::RA_ENTRY_LEN * k;
            c.s(" {")?;
            c.ip4_at(o)?;
            c.s(" ")?;
            let pref = c.be32(o + 4)?;
            c.d(pref)?;
            c.s("}")?;
        }
    }
    Ok(())
}

/// Timestamp reply: the id, sequence number and the three timestamps (all read first).
fn icmp_tstamp_reply<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    if !c.test(bp + icmp::field::TS_TRANSMIT.start, 4) {
        return Err(Stop::Trunc);
    }
    let id = c.be16(bp + icmp::field::IDENT.start)?;
    let sq = c.be16(bp + icmp::field::SEQ.start)?;
    let o = c.be32(bp + icmp::field::TS_ORIGINATE.start)?;
    let r = c.be32(bp + icmp::field::TS_RECEIVE.start)?;
    let x = c.be32(bp + icmp::field::TS_TRANSMIT.start)?;
    c.s("ICMP time stamp reply id ")?;
    c.d(id)?;
    c.s(" seq ")?;
    c.d(sq)?;
    c.s(": org ")?;
    icmp_tstamp(c, o)?;
    c.s(", recv ")?;
    icmp_tstamp(c, r)?;
    c.s(", xmit ")?;
    icmp_tstamp(c, x)?;
    Ok(())
}

pub(crate) fn icmp_tstamp<W: Write>(c: &mut Cursor<'_, W>, t: u32) -> R {
    let msec = t % 1000;
    let sec = t / 1000;
    let min = sec / 60;
    let sec = sec - min * 60;
    let hrs = min / 60;
    let min = min - hrs * 60;
    fmtx::dec_pad(c.out, hrs as u64, 2)?;
    c.s(":")?;
    fmtx::dec_pad(c.out, min as u64, 2)?;
    c.s(":")?;
    fmtx::dec_pad(c.out, sec as u64, 2)?;
    c.s(".")?;
    fmtx::dec_pad(c.out, msec as u64, 3)?;
    Ok(())
}
