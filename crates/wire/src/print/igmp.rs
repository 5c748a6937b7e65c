//! IGMP (tcpdump's `igmp_print`).

use core::fmt::Write;

use crate::fmtx;

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

impl<'a, W: Write> Cursor<'a, W> {
    /// `igmp_print` without `-v` (DVMRP, PIMv1 and mtrace are left to the fallback).
    pub(crate) fn igmp(&mut self, bp: usize, len: u32) -> R {
        self.proto = "igmp";
        if self.qflag {
            return self.s("igmp");
        }
        let t = self.u8(bp + field::TYPE)?;
        match t {
            kind::QUERY => {
                self.s("igmp query")?;
                if len >= field::V3_QUERY_LEN {
                    self.s(" v3")?;
                    if len & 3 != 0 {
                        self.s(" [invalid len ")?;
                        self.d(len)?;
                        return self.s("]");
                    }
                    let mrc = self.u8(bp + field::MAX_RESP)? as u32;
                    let mrt = if mrc < 128 {
                        mrc
                    } else {
                        ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3)
                    };
                    if mrc != 100 {
                        self.s(" [max resp time ")?;
                        if mrt < 600 {
                            self.d(mrt / 10)?;
                            self.s(".")?;
                            self.d(mrt % 10)?;
                            self.s("s")?;
                        } else {
                            self.relts(mrt / 10)?;
                        }
                        self.s("]")?;
                    }
                    if self.be32(bp + field::GROUP)? == 0 {
                        return Ok(());
                    }
                    let g = self.bytes(bp + field::GROUP, 4)?;
                    self.s(" [gaddr ")?;
                    fmtx::ipv4(self.out, g)?;
                    let nsrcs = self.be16(bp + field::V3_NUM_SRCS)? as u32;
                    if nsrcs > 0 {
                        if (len as u64) < field::V3_SOURCES + ((nsrcs as u64) << 2) {
                            self.s(" [invalid number of sources]")?;
                        } else {
                            self.s(", ")?;
                            self.d(nsrcs)?;
                            self.s(" source(s)")?;
                        }
                    }
                    self.s("]")?;
                } else {
                    let m = self.u8(bp + field::MAX_RESP)?;
                    if m != 0 {
                        self.s(" v2")?;
                        if m != 100 {
                            self.s(" [max resp time ")?;
                            self.d(m)?;
                            self.s("]")?;
                        }
                    } else {
                        self.s(" v1")?;
                    }
                    if self.be32(bp + field::GROUP)? != 0 {
                        let g = self.bytes(bp + field::GROUP, 4)?;
                        self.s(" [gaddr ")?;
                        fmtx::ipv4(self.out, g)?;
                        self.s("]")?;
                    }
                    if len != field::V2_LEN {
                        self.s(" [len ")?;
                        self.d(len)?;
                        self.s("]")?;
                    }
                }
            }
            kind::V1_REPORT | kind::V2_REPORT | kind::LEAVE => {
                let g = self.bytes(bp + field::GROUP, 4)?;
                self.s(match t {
                    kind::V1_REPORT => "igmp v1 report ",
                    kind::V2_REPORT => "igmp v2 report ",
                    _ => "igmp leave ",
                })?;
                fmtx::ipv4(self.out, g)?;
                if t == kind::V1_REPORT && len != field::V2_LEN {
                    self.s(" [len ")?;
                    self.d(len)?;
                    self.s("]")?;
                }
            }
            kind::V3_REPORT => {
                self.s("igmp v3 report")?;
                if len < field::V3_REPORT_MIN_LEN || len & 3 != 0 {
                    self.s(" [invalid len ")?;
                    self.d(len)?;
                    return self.s("]");
                }
                let n = self.be16(bp + field::V3_NUM_RECORDS)?;
                self.s(", ")?;
                self.d(n)?;
                self.s(" group record(s)")?;
            }
            _ => {
                self.s("igmp-")?;
                self.d(t)?;
            }
        }
        Ok(())
    }

    /// `unsigned_relts_print`: `1h2m3s`.
    pub(crate) fn relts(&mut self, mut secs: u32) -> R {
        if secs == 0 {
            return self.s("0s");
        }
        for (unit, n) in [
            ("y", 31_536_000u32),
            ("w", 604_800),
            ("d", 86_400),
            ("h", 3600),
            ("m", 60),
            ("s", 1),
        ] {
            if secs >= n {
                self.d(secs / n)?;
                self.s(unit)?;
                secs -= (secs / n) * n;
            }
        }
        Ok(())
    }
}
