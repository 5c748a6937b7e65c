//! SCTP (IP protocol 132, RFC 9260) as tcpdump 4.99.3's `sctp_print` shows it without `-v`:
//! the addresses and ports, then each bundled chunk numbered, with its type and, for DATA,
//! INIT, INIT ACK and SACK, the fixed fields (`sctp (1) [INIT] [init tag: 1] [rwnd: 2] ...`).
//!
//! tcpdump hands DATA payloads on the ForCES ports and payload types to its ForCES printer,
//! which is not here: such payloads are skipped like any other.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::frame::{ipv4, ipv6};
use crate::tok::{self, Unknown};

/// Lengths of the fixed parts.
mod len {
    /// The common header: ports, verification tag, checksum.
    pub const COMMON: u32 = 12;
    /// A chunk's type, flags and length.
    pub const CHUNK: u32 = 4;
    /// DATA's TSN, stream id, stream sequence number and payload protocol id.
    pub const DATA: u32 = 12;
    /// INIT's and INIT ACK's tag, window, stream counts and initial TSN.
    pub const INIT: u32 = 16;
    /// SACK's cumulative ack, window and the two counts.
    pub const SACK: u32 = 12;
}

/// The ForCES channels' ports.
fn forces_channel(port: u16) -> Option<&'static str> {
    Some(match port {
        6704 => "ForCES HP",
        6705 => "ForCES MP",
        6706 => "ForCES LP",
        _ => return None,
    })
}

fn chunk_name(id: u8) -> Option<&'static str> {
    Some(match id {
        0x00 => "DATA",
        0x01 => "INIT",
        0x02 => "INIT ACK",
        0x03 => "SACK",
        0x04 => "HB REQ",
        0x05 => "HB ACK",
        0x06 => "ABORT",
        0x07 => "SHUTDOWN",
        0x08 => "SHUTDOWN ACK",
        0x09 => "OP ERR",
        0x0a => "COOKIE ECHO",
        0x0b => "COOKIE ACK",
        0x0c => "ECN ECHO",
        0x0d => "ECN CWR",
        0x0e => "SHUTDOWN COMPLETE",
        0xc0 => "FOR CUM TSN",
        0xc1 => "REL CTRL",
        0xc2 => "REL CTRL ACK",
        _ => return None,
    })
}

fn ppid_name(p: u32) -> Option<&'static str> {
    const NAMES: [&str; 27] = [
        "ISDN Q.921",
        "M2UA",
        "M3UA",
        "SUA",
        "M2PA",
        "V5.2",
        "H.248",
        "BICC",
        "TALI",
        "DUA",
        "ASAP",
        "ENRP",
        "H.323",
        "Q.IPC",
        "SIMCO",
        "DDPSC",
        "DDPSSC",
        "S1AP",
        "RUA",
        "HNBAP",
        "ForCES HP",
        "ForCES MP",
        "ForCES LP",
        "SBc-AP",
        "NBAP",
        "",
        "X2AP",
    ];
    match p {
        1..=25 | 27 => Some(NAMES[p as usize - 1]),
        _ => None,
    }
}

/// `[label N] ` for the 32-bit or 16-bit number at `o`.
fn field<W: Write>(e: &mut Cursor<'_, W>, label: &str, o: usize, wide: bool) -> R {
    let v = if wide {
        e.be32(o)?
    } else {
        u32::from(e.be16(o)?)
    };
    e.s("[")?;
    e.s(label)?;
    e.d(v)?;
    e.s("] ")
}

/// `bogus chunk length N]`, which ends the packet's text.
fn bogus<W: Write>(e: &mut Cursor<'_, W>, chunk_len: u16) -> R<bool> {
    e.s("bogus chunk length ")?;
    e.d(chunk_len)?;
    e.s("]")?;
    Ok(false)
}

/// Prints the SCTP packet at `bp` (`length` bytes by the IP header) whose IP header is at `iph`.
pub(crate) fn sctp_print<W: Write>(e: &mut Cursor<'_, W>, bp: usize, length: u32, iph: usize) -> R {
    e.proto = "sctp";
    if length < len::COMMON {
        e.s("truncated-sctp - ")?;
        e.d(len::COMMON - length)?;
        return e.s(" bytes missing!");
    }
    e.bytes(bp, len::COMMON as usize)?;
    let (sport, dport) = (e.be16(bp)?, e.be16(bp + 2)?);
    let v6 = e.u8(iph)? >> 4 == 6;
    if v6 {
        e.ip6_at(iph + ipv6::field::SRC.start)?;
    } else {
        e.ip4_at(iph + ipv4::field::SRC.start)?;
    }
    e.s(".")?;
    e.d(sport)?;
    e.s(" > ")?;
    if v6 {
        e.ip6_at(iph + ipv6::field::DST.start)?;
    } else {
        e.ip4_at(iph + ipv4::field::DST.start)?;
    }
    e.s(".")?;
    e.d(dport)?;
    e.s(": sctp")?;
    for port in [sport, dport] {
        if let Some(c) = forces_channel(port) {
            e.s("[")?;
            e.s(c)?;
            e.s("]")?;
        }
    }
    let mut at = bp + len::COMMON as usize;
    let mut left = length - len::COMMON;
    let mut sep = " (";
    let mut n: u32 = 1;
    while left != 0 {
        if left < len::CHUNK {
            e.s(sep)?;
            e.d(n)?;
            return e.s(") [chunk descriptor cut off at end of packet]");
        }
        e.bytes(at, len::CHUNK as usize)?;
        let clen = e.be16(at + 2)?;
        if u32::from(clen) < len::CHUNK {
            e.s(sep)?;
            e.d(n)?;
            e.s(") [Bad chunk length ")?;
            e.d(clen)?;
            return e.s(", < size of chunk descriptor]");
        }
        let align = (4 - u32::from(clen) % 4) % 4;
        if left < align {
            e.s(sep)?;
            e.d(n)?;
            e.s(") [Bad chunk length ")?;
            e.d(clen)?;
            return e.s(", > remaining data in packet]");
        }
        if !e.test(at, clen as usize) {
            return Err(Stop::Trunc);
        }
        e.s(sep)?;
        e.d(n)?;
        e.s(") ")?;
        if !chunk(e, at, clen)? {
            return Ok(());
        }
        // The whole chunk is skipped whatever its body held, then the padding.
        at += clen as usize;
        left = left.wrapping_sub(u32::from(clen));
        sep = ", (";
        if align != 0 {
            if !e.test(at, align as usize) {
                return Err(Stop::Trunc);
            }
            at += align as usize;
            left = left.wrapping_sub(align);
        }
        n += 1;
    }
    Ok(())
}

/// One chunk of `clen` bytes at `at` (all captured): its name and fixed fields. `false` when
/// the packet's text ends there.
fn chunk<W: Write>(e: &mut Cursor<'_, W>, at: usize, clen: u16) -> R<bool> {
    let id = e.u8(at)?;
    e.s("[")?;
    let unknown = Unknown::hex("Unknown chunk type: 0x", "");
    tok::tok2str(e.out, chunk_name(id), id.into(), unknown)?;
    e.s("] ")?;
    let body = at + len::CHUNK as usize;
    let rest = u32::from(clen) - len::CHUNK;
    match id {
        0x00 => {
            let f = e.u8(at + 1)?;
            if f & 0x04 != 0 {
                e.s("(U)")?;
            }
            if f & 0x02 != 0 {
                e.s("(B)")?;
            }
            if f & 0x01 != 0 {
                e.s("(E)")?;
            }
            if f & 0x07 != 0 {
                e.s(" ")?;
            }
            if rest < len::DATA {
                return bogus(e, clen);
            }
            let ppid = e.be32(body + 8)?;
            field(e, "TSN: ", body, true)?;
            field(e, "SID: ", body + 4, false)?;
            field(e, "SSEQ ", body + 6, false)?;
            e.s("[PPID ")?;
            tok::tok2str(e.out, ppid_name(ppid), ppid, Unknown::hex("0x", ""))?;
            e.s("] ")?;
            if rest == len::DATA {
                return bogus(e, clen);
            }
        }
        0x01 | 0x02 => {
            if rest < len::INIT {
                return bogus(e, clen);
            }
            field(e, "init tag: ", body, true)?;
            field(e, "rwnd: ", body + 4, true)?;
            field(e, "OS: ", body + 8, false)?;
            field(e, "MIS: ", body + 10, false)?;
            field(e, "init TSN: ", body + 12, true)?;
        }
        0x03 => return sack(e, body, rest, clen),
        _ => {}
    }
    Ok(true)
}

/// SACK: the cumulative ack, the window, the counts, then each gap block and duplicate TSN on
/// a line of its own.
fn sack<W: Write>(e: &mut Cursor<'_, W>, body: usize, mut rest: u32, clen: u16) -> R<bool> {
    if rest < len::SACK {
        return bogus(e, clen);
    }
    let cum = e.be32(body)?;
    field(e, "cum ack ", body, true)?;
    field(e, "a_rwnd ", body + 4, true)?;
    field(e, "#gap acks ", body + 8, false)?;
    field(e, "#dup tsns ", body + 10, false)?;
    let (ngaps, ndups) = (e.be16(body + 8)?, e.be16(body + 10)?);
    rest -= len::SACK;
    let mut at = body + len::SACK as usize;
    let mut i = 0;
    while rest != 0 && i < ngaps {
        if rest < 4 {
            return bogus(e, clen);
        }
        let (s, t) = (e.be16(at)?, e.be16(at + 2)?);
        e.s("\n\t\t[gap ack block #")?;
        e.d(i + 1)?;
        e.s(": start = ")?;
        e.d(cum.wrapping_add(s.into()))?;
        e.s(", end = ")?;
        e.d(cum.wrapping_add(t.into()))?;
        e.s("] ")?;
        at += 4;
        rest -= 4;
        i += 1;
    }
    let mut i = 0;
    while rest != 0 && i < ndups {
        if rest < 4 {
            return bogus(e, clen);
        }
        let d = e.be32(at)?;
        e.s("\n\t\t[dup TSN #")?;
        e.d(i + 1)?;
        e.s(": ")?;
        e.d(d)?;
        e.s("] ")?;
        at += 4;
        rest -= 4;
        i += 1;
    }
    Ok(true)
}
