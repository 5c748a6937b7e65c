//! IGMP (tcpdump's `igmp_print`).

use core::fmt::Write;

use crate::fmtx;

use super::common::relts;
use super::cursor::{Cursor, R};

/// Field offsets of IGMP messages (RFC 2236; version 3, RFC 3376).
mod field {
    /// The message type.
    pub const TYPE: usize = 0;
    /// The maximum response time (or code, in version 3).
    pub const MAX_RESP: usize = 1;
    /// The group address.
    pub const GROUP: usize = 4;
    /// A version 3 query's number of sources.
    pub const V3_NUM_SRCS: usize = 10;
    /// A version 3 query's length without sources.
    pub const V3_QUERY_LEN: u32 = 12;
    /// A version 3 query's first source.
    pub const V3_SOURCES: u64 = 12;
    /// A version 3 report's number of group records.
    pub const V3_NUM_RECORDS: usize = 6;
    /// The shortest version 3 report: the header and one group record without sources.
    pub const V3_REPORT_MIN_LEN: u32 = 16;
    /// A version 1 or 2 message's length.
    pub const V2_LEN: u32 = 8;
}

/// The message types the printer decodes.
mod kind {
    pub const QUERY: u8 = 0x11;
    pub const V1_REPORT: u8 = 0x12;
    pub const V2_REPORT: u8 = 0x16;
    pub const LEAVE: u8 = 0x17;
    pub const V3_REPORT: u8 = 0x22;
}

/// `igmp_print`, with `-v`'s group records and checksum (DVMRP, PIMv1 and mtrace are left to
/// the fallback).
pub(crate) fn igmp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "igmp";
    if c.qflag {
        return c.s("igmp");
    }
    let t = c.u8(bp + field::TYPE)?;
    match t {
        kind::QUERY => {
            c.s("igmp query")?;
            if len >= field::V3_QUERY_LEN {
                c.s(" v3")?;
                if len & 3 != 0 {
                    c.s(" [invalid len ")?;
                    c.d(len)?;
                    return c.s("]");
                }
                let mrc = c.u8(bp + field::MAX_RESP)? as u32;
                let mrt = if mrc < 128 {
                    mrc
                } else {
                    ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3)
                };
                if mrc != 100 {
                    c.s(" [max resp time ")?;
                    if mrt < 600 {
                        c.d(mrt / 10)?;
                        c.s(".")?;
                        c.d(mrt % 10)?;
                        c.s("s")?;
                    } else {
                        relts(c, mrt / 10)?;
                    }
                    c.s("]")?;
                }
                if c.be32(bp + field::GROUP)? == 0 {
                    return Ok(());
                }
                let g = c.bytes(bp + field::GROUP, 4)?;
                c.s(" [gaddr ")?;
                fmtx::ipv4(c.out, g)?;
                let nsrcs = c.be16(bp + field::V3_NUM_SRCS)? as u32;
                if nsrcs > 0 {
                    if (len as u64) < field::V3_SOURCES + ((nsrcs as u64) << 2) {
                        c.s(" [invalid number of sources]")?;
                    } else if c.vflag > 1 {
                        sources(c, bp + field::V3_SOURCES as usize, nsrcs)?;
                    } else {
                        c.s(", ")?;
                        c.d(nsrcs)?;
                        c.s(" source(s)")?;
                    }
                }
                c.s("]")?;
            } else {
                let m = c.u8(bp + field::MAX_RESP)?;
                if m != 0 {
                    c.s(" v2")?;
                    if m != 100 {
                        c.s(" [max resp time ")?;
                        c.d(m)?;
                        c.s("]")?;
                    }
                } else {
                    c.s(" v1")?;
                }
                if c.be32(bp + field::GROUP)? != 0 {
                    let g = c.bytes(bp + field::GROUP, 4)?;
                    c.s(" [gaddr ")?;
                    fmtx::ipv4(c.out, g)?;
                    c.s("]")?;
                }
                if len != field::V2_LEN {
                    c.s(" [len ")?;
                    c.d(len)?;
                    c.s("]")?;
                }
            }
        }
        kind::V1_REPORT | kind::V2_REPORT | kind::LEAVE => {
            let g = c.bytes(bp + field::GROUP, 4)?;
            c.s(match t {
                kind::V1_REPORT => "igmp v1 report ",
                kind::V2_REPORT => "igmp v2 report ",
                _ => "igmp leave ",
            })?;
            fmtx::ipv4(c.out, g)?;
            if t == kind::V1_REPORT && len != field::V2_LEN {
                c.s(" [len ")?;
                c.d(len)?;
                c.s("]")?;
            }
        }
        kind::V3_REPORT => {
            c.s("igmp v3 report")?;
            if len < field::V3_REPORT_MIN_LEN || len & 3 != 0 {
                c.s(" [invalid len ")?;
                c.d(len)?;
                return c.s("]");
            }
            let n = c.be16(bp + field::V3_NUM_RECORDS)?;
            c.s(", ")?;
            c.d(n)?;
            c.s(" group record(s)")?;
            if c.vflag > 0 {
                v3_records(c, bp, len, n)?;
            }
        }
        0x13 => {
            c.s("igmp dvmrp")?;
            if len < 8 {
                c.s(" [len ")?;
                c.d(len)?;
                c.s("]")?;
            } else {
                dvmrp(c, bp, len)?;
            }
        }
        0x1e => mtrace(c, "mresp", bp, len)?,
        0x1f => mtrace(c, "mtrace", bp, len)?,
        _ => {
            c.s("igmp-")?;
            c.d(t)?;
        }
    }
    if c.vflag > 0 {
        cksum_check(c, bp, len)?;
    }
    Ok(())
}

/// ` { A B ... }`: `n` source addresses from `p`.
#[cold]
fn sources<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: u32) -> R {
    c.s(" {")?;
    for i in 0..n as usize {
        c.bytes(p + 4 * i, 4)?;
        c.s(" ")?;
        c.ip4_at(p + 4 * i)?;
    }
    c.s(" }")
}

/// A version 3 report's `n` group records at `-v` (their sources at `-vv`).
#[cold]
#[inline(never)]
fn v3_records<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32, n: u16) -> R {
    let mut group = 8usize;
    for _ in 0..n {
        if (len as usize) < group + 8 {
            return c.s(" [invalid number of groups]");
        }
        c.bytes(bp + group + 4, 4)?;
        c.s(" [gaddr ")?;
        c.ip4_at(bp + group + 4)?;
        let rt = c.u8(bp + group)?;
        c.s(" ")?;
        match rt {
            1 => c.s("is_in")?,
            2 => c.s("is_ex")?,
            3 => c.s("to_in")?,
            4 => c.s("to_ex")?,
            5 => c.s("allow")?,
            6 => c.s("block")?,
            x => {
                c.s(" [v3-report-#")?;
                c.d(x)?;
                c.s("]")?;
            }
        }
        let nsrcs = usize::from(c.be16(bp + group + 2)?);
        if (len as usize) < group + 8 + (nsrcs << 2) {
            c.s(" [invalid number of sources ")?;
            c.d(nsrcs as u64)?;
            return c.s("]");
        }
        if c.vflag == 1 {
            c.s(", ")?;
            c.d(nsrcs as u64)?;
            c.s(" source(s)")?;
        } else {
            sources(c, bp + group + 8, nsrcs as u32)?;
        }
        group += 8 + (nsrcs << 2);
        c.s("]")?;
    }
    Ok(())
}

/// `-v`'s check of the IGMP checksum over the `len` bytes at `bp` (when all are captured):
/// ` bad igmp cksum N!` when it is wrong.
#[cold]
#[inline(never)]
pub(crate) fn cksum_check<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    if len >= 4 && super::vutil::sums_to_zero(c, bp, len, None, 2)? == Some(false) {
        let ck = c.be16(bp + 2)?;
        c.s(" bad igmp cksum ")?;
        c.x(ck)?;
        c.s("!")?;
    }
    Ok(())
}

/// `print_mtrace`: a multicast traceroute query or response (`name`).
#[cold]
#[inline(never)]
fn mtrace<W: Write>(c: &mut Cursor<'_, W>, name: &str, bp: usize, len: u32) -> R {
    if len < 8 + 16 {
        c.s(" [invalid len ")?;
        c.d(len)?;
        return c.s("]");
    }
    let tr = bp + 8;
    let qid = c.be24(tr + 13)?;
    c.bytes(tr, 12)?;
    c.s(name)?;
    c.s(" ")?;
    c.d(qid)?;
    c.s(": ")?;
    c.ip4_at(tr)?;
    c.s(" to ")?;
    c.ip4_at(tr + 4)?;
    c.s(" reply-to ")?;
    c.ip4_at(tr + 8)?;
    if c.be32(tr + 8)? & 0xf000_0000 == 0xe000_0000 {
        c.s(" with-ttl ")?;
        c.d(c.u8(tr + 12)?)?;
    }
    Ok(())
}

/// `dvmrp_print`: the DVMRP message in an IGMP header, `len` (at least 8) bytes at `bp`.
#[cold]
#[inline(never)]
fn dvmrp<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "dvmrp";
    let t = c.u8(bp + 1)?;
    let (p, len) = (bp + 8, len - 8);
    c.s(" ")?;
    match t {
        1 => c.s("Probe")?,
        2 => c.s("Report")?,
        3 => c.s("Ask-neighbors(old)")?,
        4 => c.s("Neighbors(old)")?,
        5 => c.s("Ask-neighbors2")?,
        6 => c.s("Neighbors2")?,
        7 => c.s("Prune")?,
        8 => c.s("Graft")?,
        9 => c.s("Graft-ACK")?,
        _ => {
            c.s("[type ")?;
            c.d(t)?;
            c.s("]")?;
        }
    }
    match t {
        1 if c.vflag > 0 => dvmrp_probe(c, p, len),
        2 if c.vflag > 1 => dvmrp_report(c, p, len),
        4 => dvmrp_neighbors(c, p, len),
        6 => {
            let (major, minor) = (c.u8(bp + 7)?, c.u8(bp + 6)?);
            dvmrp_neighbors2(c, p, len, major, minor)
        }
        7..=9 => {
            c.bytes(p, 8)?;
            c.s(" src ")?;
            c.ip4_at(p)?;
            c.s(" grp ")?;
            c.ip4_at(p + 4)?;
            if t == 7 {
                c.s(" timer ")?;
                let secs = c.be32(p + 8)?;
                relts(c, secs)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `print_probe`: the generation ID, and the neighbors at `-vv`.
fn dvmrp_probe<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut len: u32) -> R {
    if len < 4 {
        c.s(" [full length ")?;
        c.d(len)?;
        c.s(" < 4]")?;
        return c.invalid();
    }
    c.s(if c.vflag > 1 { "\n\t" } else { " " })?;
    let genid = c.be32(p)?;
    c.s("genid ")?;
    c.d(genid)?;
    if c.vflag < 2 {
        return Ok(());
    }
    p += 4;
    len -= 4;
    while len > 0 {
        if len < 4 {
            c.s("[remaining length ")?;
            c.d(len)?;
            c.s(" < 4]")?;
            return c.invalid();
        }
        c.bytes(p, 4)?;
        c.s("\n\tneighbor ")?;
        c.ip4_at(p)?;
        p += 4;
        len -= 4;
    }
    Ok(())
}

/// `print_report`: the routes, by mask.
fn dvmrp_report<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut len: u32) -> R {
    while len > 0 {
        if len < 3 {
            c.s(" [length ")?;
            c.d(len)?;
            c.s(" < 3]")?;
            return c.invalid();
        }
        let m = c.bytes(p, 3)?;
        let mask = [0xff, m[0], m[1], m[2]];
        let width = if m[2] != 0 {
            4
        } else if m[1] != 0 {
            3
        } else if m[0] != 0 {
            2
        } else {
            1
        };
        c.s("\n\tMask ")?;
        fmtx::ipv4(c.out, &mask)?;
        p += 3;
        len -= 3;
        loop {
            if len < width as u32 + 1 {
                c.s("\n\t  [Truncated Report]")?;
                return c.invalid();
            }
            let mut origin = [0u8; 4];
            origin[..width].copy_from_slice(c.bytes(p, width)?);
            p += width;
            let metric = c.u8(p)?;
            p += 1;
            c.s("\n\t  ")?;
            fmtx::ipv4(c.out, &origin)?;
            c.s(" metric ")?;
            c.d(metric & 0x7f)?;
            len -= width as u32 + 1;
            if metric & 0x80 != 0 {
                break;
            }
        }
    }
    Ok(())
}

/// `print_neighbors`: the old format.
fn dvmrp_neighbors<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut len: u32) -> R {
    while len > 0 {
        if len < 7 {
            c.s(" [length ")?;
            c.d(len)?;
            c.s(" < 7]")?;
            return c.invalid();
        }
        let laddr = p;
        let (metric, thresh, ncount) = (c.u8(p + 4)?, c.u8(p + 5)?, c.u8(p + 6)?);
        p += 7;
        len -= 7;
        for _ in 0..ncount {
            if len < 4 {
                c.s(" [length ")?;
                c.d(len)?;
                c.s(" < 4]")?;
                return c.invalid();
            }
            c.bytes(laddr, 4)?;
            c.s(" [")?;
            c.ip4_at(laddr)?;
            c.s(" ->")?;
            c.bytes(p, 4)?;
            c.s(" ")?;
            c.ip4_at(p)?;
            c.s(", (")?;
            c.d(metric)?;
            c.s("/")?;
            c.d(thresh)?;
            c.s(")]")?;
            p += 4;
            len -= 4;
        }
    }
    Ok(())
}

/// `print_neighbors2`: the new format, with the version from the IGMP group field.
fn dvmrp_neighbors2<W: Write>(
    c: &mut Cursor<'_, W>,
    mut p: usize,
    mut len: u32,
    major: u8,
    minor: u8,
) -> R {
    c.s(" (v ")?;
    c.d(major)?;
    c.s(".")?;
    c.d(minor)?;
    c.s("):")?;
    while len > 0 {
        if len < 8 {
            c.s(" [length ")?;
            c.d(len)?;
            c.s(" < 8]")?;
            return c.invalid();
        }
        let laddr = p;
        let (metric, thresh, flags) = (c.u8(p + 4)?, c.u8(p + 5)?, c.u8(p + 6)?);
        let mut ncount = i32::from(c.u8(p + 7)?);
        p += 8;
        len -= 8;
        loop {
            ncount -= 1;
            if ncount < 0 || len == 0 {
                break;
            }
            if len < 4 {
                c.s(" [length ")?;
                c.d(len)?;
                c.s(" < 4]")?;
                return c.invalid();
            }
            c.bytes(laddr, 4)?;
            c.s(" [")?;
            c.ip4_at(laddr)?;
            c.s(" -> ")?;
            c.bytes(p, 4)?;
            c.ip4_at(p)?;
            c.s(" (")?;
            c.d(metric)?;
            c.s("/")?;
            c.d(thresh)?;
            for (bit, name) in [
                (0x01, "/tunnel"),
                (0x02, "/srcrt"),
                (0x40, "/querier"),
                (0x20, "/disabled"),
                (0x10, "/down"),
            ] {
                if flags & bit != 0 {
                    c.s(name)?;
                }
            }
            c.s(")]")?;
            p += 4;
            len -= 4;
        }
        if ncount != -1 {
            c.s(" [invalid ncount]")?;
            return c.invalid();
        }
    }
    Ok(())
}
