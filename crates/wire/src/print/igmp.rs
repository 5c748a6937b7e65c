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
