//! IGMP (tcpdump's `igmp_print`).

use core::fmt::Write;

use crate::fmtx;

use super::cursor::{Cursor, R};

impl<'a, W: Write> Cursor<'a, W> {
    /// `igmp_print` without `-v` (DVMRP, PIMv1 and mtrace are left to the fallback).
    pub(crate) fn igmp(&mut self, bp: usize, len: u32) -> R {
        self.proto = "igmp";
        if self.qflag {
            return self.s("igmp");
        }
        let t = self.u8(bp)?;
        match t {
            0x11 => {
                self.s("igmp query")?;
                if len >= 12 {
                    self.s(" v3")?;
                    if len & 3 != 0 {
                        self.s(" [invalid len ")?;
                        self.d(len)?;
                        return self.s("]");
                    }
                    let mrc = self.u8(bp + 1)? as u32;
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
                    if self.be32(bp + 4)? == 0 {
                        return Ok(());
                    }
                    let g = self.bytes(bp + 4, 4)?;
                    self.s(" [gaddr ")?;
                    fmtx::ipv4(self.out, g)?;
                    let nsrcs = self.be16(bp + 10)? as u32;
                    if nsrcs > 0 {
                        if (len as u64) < 12 + ((nsrcs as u64) << 2) {
                            self.s(" [invalid number of sources]")?;
                        } else {
                            self.s(", ")?;
                            self.d(nsrcs)?;
                            self.s(" source(s)")?;
                        }
                    }
                    self.s("]")?;
                } else {
                    let m = self.u8(bp + 1)?;
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
                    if self.be32(bp + 4)? != 0 {
                        let g = self.bytes(bp + 4, 4)?;
                        self.s(" [gaddr ")?;
                        fmtx::ipv4(self.out, g)?;
                        self.s("]")?;
                    }
                    if len != 8 {
                        self.s(" [len ")?;
                        self.d(len)?;
                        self.s("]")?;
                    }
                }
            }
            0x12 | 0x16 | 0x17 => {
                let g = self.bytes(bp + 4, 4)?;
                self.s(match t {
                    0x12 => "igmp v1 report ",
                    0x16 => "igmp v2 report ",
                    _ => "igmp leave ",
                })?;
                fmtx::ipv4(self.out, g)?;
                if t == 0x12 && len != 8 {
                    self.s(" [len ")?;
                    self.d(len)?;
                    self.s("]")?;
                }
            }
            0x22 => {
                self.s("igmp v3 report")?;
                if len < 16 || len & 3 != 0 {
                    self.s(" [invalid len ")?;
                    self.d(len)?;
                    return self.s("]");
                }
                let n = self.be16(bp + 6)?;
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
