//! 802.15.4's information elements: the header list, the payload list, the MLME sub-elements
//! and the 802.15.9 multiplexed element. Their contents are decoded at `-vvvv`; below that they
//! print as bytes.

use core::fmt::Write;

use super::frame::{pending_addresses, superframe_spec};
use super::{names, Ctx, Res};

/// The header IE list at `p` (`cap` bytes): (its length, whether payload IEs follow), `None`
/// after an error printed.
pub(super) fn header_ie_list<W: Write>(
    x: &mut Ctx<'_, W>,
    mut p: usize,
    mut cap: u32,
) -> Res<Option<(u32, bool)>> {
    let mut len = 0;
    loop {
        if cap < 2 {
            x.s("[ERROR: Truncated header IE]")?;
            return Ok(None);
        }
        let ie = x.le16(p)?;
        if ie >> 15 != 0 {
            x.s("[ERROR: Header IE with type 1] ")?;
        }
        let ie_len = u32::from(ie & 0x7f);
        let id = ((ie >> 7) & 0xff) as u8;
        if id > 127 {
            x.f(format_args!(
                "Reserved Element ID {id:02x}, length = {ie_len} "
            ))?;
        } else {
            x.s("\n\t")?;
            names::header_ie(x.out, id)?;
            if ie_len == 0 {
                x.s(" [")?;
            } else {
                x.f(format_args!(" [ length = {ie_len}, "))?;
            }
        }
        if cap < 2 + ie_len {
            x.s("[ERROR: Truncated IE data]")?;
            return Ok(None);
        }
        p += 2;
        if ie_len != 0 {
            if x.v > 3 {
                header_ie(x, p, ie_len, id)?;
            } else {
                x.s("IE Data = ")?;
                x.hex_bytes(p, ie_len as usize)?;
            }
        }
        x.s("] ")?;
        len += 2 + ie_len;
        p += ie_len as usize;
        cap -= 2 + ie_len;
        if id == 0x7e {
            return Ok(Some((len, true)));
        }
        if id == 0x7f || cap == 0 {
            return Ok(Some((len, false)));
        }
    }
}

/// One header IE's content (`-vvvv`).
fn header_ie<W: Write>(x: &mut Ctx<'_, W>, p: usize, len: u32, id: u8) -> Res {
    match id {
        0x00 => vendor(x, p, len),
        0x1a => {
            if len < 4 {
                return x.s("[ERROR: Truncated CSL IE]");
            }
            let (a, b) = (x.le16(p)?, x.le16(p + 2)?);
            x.f(format_args!("CSL Phase = {a}, CSL Period = {b}"))?;
            if len >= 6 {
                let r = x.le16(p + 4)?;
                x.f(format_args!(", Rendezvous time = {r}"))?;
            }
            if len != 4 && len != 6 {
                x.s(" [ERROR: CSL IE length wrong]")?;
            }
            Ok(())
        }
        0x1b => {
            if len < 4 {
                return x.s("[ERROR: Truncated RIT IE]");
            }
            let (a, b, c) = (x.u8(p)?, x.u8(p + 1)?, x.le16(p + 2)?);
            x.f(format_args!(
                "Time to First Listen = {a}, # of Repeat Listen = {b}, Repeat Listen Interval = {c}"
            ))
        }
        0x1c | 0x21 => dsme_pan(x, p, len, id == 0x21),
        0x1d => {
            if len != 4 {
                return x.s("[ERROR: Length != 2]");
            }
            let (a, b) = (x.le16(p)?, x.le16(p + 2)?);
            x.f(format_args!(
                "Rendezvous time = {a}, Wake-up Interval = {b}"
            ))
        }
        0x1e => {
            if len != 2 {
                return x.s("[ERROR: Length != 2]");
            }
            let v = x.le16(p)?;
            if v & 0x8000 != 0 {
                x.s("Negative ")?;
            }
            let t = (((v & 0xfff) << 4) as i16) >> 4;
            x.f(format_args!("Ack time correction = {t}, "))
        }
        _ => {
            x.s("IE Data = ")?;
            x.hex_bytes(p, len as usize)
        }
    }
}

/// `OUI = 0xXXXXXX, Data = ...`, or the error of a vendor IE shorter than its OUI.
fn vendor<W: Write>(x: &mut Ctx<'_, W>, p: usize, len: u32) -> Res {
    if len < 3 {
        return x.s("[ERROR: Vendor OUI missing]");
    }
    let (a, b, c) = (x.u8(p)?, x.u8(p + 1)?, x.u8(p + 2)?);
    x.f(format_args!("OUI = 0x{a:02x}{b:02x}{c:02x}, Data = "))?;
    x.hex_bytes(p + 3, len as usize - 3)
}

/// The (extended) DSME PAN descriptor IE.
fn dsme_pan<W: Write>(x: &mut Ctx<'_, W>, p: usize, len: u32, extended: bool) -> Res {
    if len < 2 {
        return x.s("[ERROR: Truncated DSME PAN IE]");
    }
    let ss = x.le16(p)?;
    superframe_spec(x, ss)?;
    if len < 3 {
        return x.s("[ERROR: Truncated before pending addresses field]");
    }
    let mut ptr = 2u32;
    let Some(n) = pending_addresses(x, p + 2, len - 2)? else {
        return Ok(());
    };
    ptr += n;
    let mut hopping = false;
    let at = |ptr: u32| p + ptr as usize;
    if extended {
        if len < ptr + 2 {
            return x.s("[ERROR: Truncated before DSME Superframe Specification]");
        }
        let ss = x.le16(at(ptr))?;
        ptr += 2;
        x.f(format_args!("Multi-superframe Order = {}", ss & 0xff))?;
        x.s(if ss & 0x100 != 0 {
            ", Channel hopping mode"
        } else {
            ", Channel adaptation mode"
        })?;
        if ss & 0x400 != 0 {
            x.s(", CAP reduction enabled")?;
        }
        if ss & 0x800 != 0 {
            x.s(", Deferred beacon enabled")?;
        }
        if ss & 0x1000 != 0 {
            x.s(", Hopping Sequence Present")?;
            hopping = true;
        }
    } else {
        if len < ptr + 1 {
            return x.s("[ERROR: Truncated before DSME Superframe Specification]");
        }
        let ss = x.u8(at(ptr))?;
        ptr += 1;
        x.f(format_args!("Multi-superframe Order = {}", ss & 0x0f))?;
        x.s(if ss & 0x10 != 0 {
            ", Channel hopping mode"
        } else {
            ", Channel adaptation mode"
        })?;
        if ss & 0x40 != 0 {
            x.s(", CAP reduction enabled")?;
        }
        if ss & 0x80 != 0 {
            x.s(", Deferred beacon enabled")?;
        }
    }
    if len < ptr + 8 {
        return x.s(" [ERROR: Truncated before Time synchronization specification]");
    }
    let (ts, off) = (x.le(at(ptr), 6)?, x.le16(at(ptr) + 6)?);
    x.f(format_args!("Beacon timestamp = {ts}, offset = {off}"))?;
    ptr += 8;
    if len < ptr + 4 {
        return x.s(" [ERROR: Truncated before Beacon Bitmap]");
    }
    let ulen = u32::from(x.le16(at(ptr) + 2)?);
    let sd = x.le16(at(ptr))?;
    x.f(format_args!("SD Index = {sd}, Bitmap len = {ulen}, "))?;
    ptr += 4;
    if len < ptr + ulen {
        return x.s(" [ERROR: Truncated in SD bitmap]");
    }
    x.s(" SD Bitmap = ")?;
    x.hex_bytes(at(ptr), ulen as usize)?;
    ptr += ulen;
    if len < ptr + 5 {
        return x.s(" [ERROR: Truncated before Channel hopping specification]");
    }
    let ulen = u32::from(x.le16(at(ptr) + 4)?);
    let (a, b, c) = (x.u8(at(ptr))?, x.u8(at(ptr) + 1)?, x.le16(at(ptr) + 2)?);
    x.f(format_args!(
        "Hopping Seq ID = {a}, PAN Coordinator BSN = {b}, Channel offset = {c}, Bitmap length = {ulen}, "
    ))?;
    ptr += 5;
    if len < ptr + ulen {
        return x.s(" [ERROR: Truncated in Channel offset bitmap]");
    }
    x.s(" Channel offset bitmap = ")?;
    x.hex_bytes(at(ptr), ulen as usize)?;
    ptr += ulen;
    if hopping {
        if len < ptr + 1 {
            return x.s(" [ERROR: Truncated in Hopping Sequence length]");
        }
        let ulen = u32::from(x.u8(at(ptr))?);
        ptr += 1;
        x.f(format_args!("Hopping Seq length = {ulen} [ "))?;
        if len < ptr + ulen * 2 {
            return x.s(" [ERROR: Truncated in Channel offset bitmap]");
        }
        for i in 0..ulen as usize {
            let v = x.le16(at(ptr) + i * 2)?;
            x.f(format_args!("{v:02x} "))?;
        }
        x.s("]")?;
    }
    Ok(())
}

/// The payload IE list at `p` (`cap` bytes): its length, `None` after an error printed.
pub(super) fn payload_ie_list<W: Write>(
    x: &mut Ctx<'_, W>,
    mut p: usize,
    mut cap: u32,
) -> Res<Option<u32>> {
    let mut len = 0;
    loop {
        if cap < 2 {
            x.s("[ERROR: Truncated header IE]")?;
            return Ok(None);
        }
        let ie = x.le16(p)?;
        if ie >> 15 == 0 {
            x.s("[ERROR: Payload IE with type 0] ")?;
        }
        let ie_len = u32::from(ie & 0x3ff);
        let group = ((ie >> 11) & 0x0f) as u8;
        p += 2;
        x.s("\n\t")?;
        names::payload_ie(x.out, group)?;
        if ie_len == 0 {
            x.s(" [")?;
        } else {
            x.f(format_args!(" [ length = {ie_len}, "))?;
        }
        if cap < 2 + ie_len {
            x.s("[ERROR: Truncated IE data]")?;
            return Ok(None);
        }
        if x.v > 3 && ie_len != 0 {
            match group {
                0x1 => mlme_ie_list(x, p, ie_len)?,
                0x2 => vendor(x, p, ie_len)?,
                0x3 => mpx_ie(x, p, ie_len)?,
                0x5 => {
                    let sub = x.u8(p)?;
                    x.f(format_args!("Subtype ID = 0x{sub:02x}, Subtype content = "))?;
                    x.hex_bytes(p + 1, ie_len as usize - 1)?;
                }
                _ => {
                    x.s("IE Data = ")?;
                    x.hex_bytes(p, ie_len as usize)?;
                }
            }
        } else if ie_len != 0 {
            x.s("IE Data = ")?;
            x.hex_bytes(p, ie_len as usize)?;
        }
        x.s("]\n\t")?;
        len += 2 + ie_len;
        p += ie_len as usize;
        cap -= 2 + ie_len;
        if group == 0xf || cap == 0 {
            return Ok(Some(len));
        }
    }
}

/// The MLME sub-elements of a payload IE of `len` bytes at `p`.
fn mlme_ie_list<W: Write>(x: &mut Ctx<'_, W>, mut p: usize, len: u32) -> Res {
    // tcpdump's length is 16 bits and unsigned.
    let mut left = len as u16;
    loop {
        if left < 2 {
            return x.s("[ERROR: Truncated MLME IE]");
        }
        let ie = x.le16(p)?;
        let long = ie >> 15 != 0;
        let (sub_len, id) = if long {
            (ie & 0x3ff, ((ie >> 11) & 0x0f) as u8)
        } else {
            (ie & 0xff, ((ie >> 8) & 0x7f) as u8)
        };
        p += 2;
        x.s("\n\t\t")?;
        if long {
            names::mlme_long(x.out, id)?;
        } else {
            names::mlme_short(x.out, id)?;
        }
        x.f(format_args!(" [ length = {sub_len}, "))?;
        if u32::from(left) < 2 + u32::from(sub_len) {
            return x.s("[ERROR: Truncated IE data]");
        }
        if sub_len != 0 {
            if x.v > 3 {
                mlme_ie(x, p, sub_len, id)?;
            } else if x.v > 2 {
                x.s("IE Data = ")?;
                x.hex_bytes(p, usize::from(sub_len))?;
            }
        }
        x.s("] ")?;
        p += usize::from(sub_len);
        left -= 2 + sub_len;
        if left == 0 {
            return Ok(());
        }
    }
}

/// One MLME sub-element's content (`-vvvv`).
fn mlme_ie<W: Write>(x: &mut Ctx<'_, W>, mut p: usize, mut len: u16, id: u8) -> Res {
    match id {
        0x08 => vendor(x, p, u32::from(len)),
        0x09 => {
            if len < 1 {
                return x.s("[ERROR: Hopping sequence ID missing]");
            }
            let h = x.u8(p)?;
            x.f(format_args!("Hopping Sequence ID = {h}"))?;
            if len == 1 {
                return Ok(());
            }
            p += 1;
            len -= 1;
            if len < 7 {
                return x.s("[ERROR: IE truncated]");
            }
            let page = x.u8(p)?;
            let nch = x.le16(p + 1)?;
            let phy = x.le(p + 3, 4)?;
            x.f(format_args!(
                "Channel Page = {page}, Number of Channels = {nch}, Phy Configuration = 0x{phy:08x}, "
            ))?;
            p += 7;
            len -= 7;
            if page == 9 || page == 10 {
                let n = u32::from(nch).div_ceil(8) as u16;
                if len < n {
                    return x.s("[ERROR: IE truncated]");
                }
                x.s("Extended bitmap = 0x")?;
                for i in 0..usize::from(n) {
                    let b = x.u8(p + i)?;
                    x.f(format_args!("{b:02x}"))?;
                }
                x.s(", ")?;
                p += usize::from(n);
                len -= n;
            }
            if len < 2 {
                return x.s("[ERROR: IE truncated]");
            }
            let n = x.le16(p)?;
            p += 2;
            len -= 2;
            x.f(format_args!("Hopping Seq length = {n} [ "))?;
            if u32::from(len) < u32::from(n) * 2 {
                return x.s(" [ERROR: IE truncated]");
            }
            for i in 0..usize::from(n) {
                let v = x.le16(p + i * 2)?;
                x.f(format_args!("{v:02x} "))?;
            }
            x.s("]")?;
            p += usize::from(n) * 2;
            len -= n * 2;
            if len < 2 {
                return x.s("[ERROR: IE truncated]");
            }
            let cur = x.le16(p)?;
            x.f(format_args!("Current hop = {cur}"))
        }
        0x1a => {
            if len < 6 {
                x.s("[ERROR: Length != 6]")?;
            }
            let (asn, jm) = (x.le(p, 5)?, x.u8(p + 5)?);
            x.f(format_args!("ASN = {asn:010x}, Join Metric = {jm} "))
        }
        0x1b => slotframes(x, p, len),
        0x1c => timeslot(x, p, len),
        _ => {
            x.s("IE Data = ")?;
            x.hex_bytes(p, usize::from(len))
        }
    }
}

/// The TSCH slotframe and link IE.
fn slotframes<W: Write>(x: &mut Ctx<'_, W>, p: usize, len: u16) -> Res {
    if len < 1 {
        return x.s("[ERROR: Truncated IE]");
    }
    let len = u32::from(len);
    let n = x.u8(p)?;
    x.f(format_args!("Slotframes = {n} "))?;
    let mut off = 1u32;
    for _ in 0..n {
        if len < off + 4 {
            x.s("[ERROR: Truncated IE before slotframes]")?;
            break;
        }
        let at = p + off as usize;
        let links = x.u8(at + 3)?;
        let (h, size) = (x.u8(at)?, x.le16(at + 1)?);
        x.f(format_args!(
            "\n\t\t\t[ Handle {h}, size = {size}, links = {links} "
        ))?;
        off += 4;
        for _ in 0..links {
            if len < off + 5 {
                x.s("[ERROR: Truncated IE links]")?;
                break;
            }
            let at = p + off as usize;
            let opts = x.u8(at + 4)?;
            let (ts, co) = (x.le16(at)?, x.le16(at + 2)?);
            x.f(format_args!(
                "\n\t\t\t\t[ Timeslot =  {ts}, Offset = {co}, Options = "
            ))?;
            for (bit, s) in [
                (0x1, "TX "),
                (0x2, "RX "),
                (0x4, "Shared "),
                (0x8, "Timekeeping "),
                (0x10, "Priority "),
            ] {
                if opts & bit != 0 {
                    x.s(s)?;
                }
            }
            off += 5;
            x.s("] ")?;
        }
        x.s("] ")?;
    }
    Ok(())
}

/// The TSCH timeslot IE.
fn timeslot<W: Write>(x: &mut Ctx<'_, W>, p: usize, len: u16) -> Res {
    if len == 1 {
        let id = x.u8(p)?;
        return x.f(format_args!("Time slot ID = {id} "));
    }
    if len != 25 && len != 27 {
        x.s("[ERROR: Length not 1, 25, or 27]\n\t\t\tIE Data = ")?;
        return x.hex_bytes(p, usize::from(len));
    }
    let id = x.u8(p)?;
    let mut v = [0u64; 12];
    for (i, f) in v.iter_mut().enumerate().take(10) {
        *f = u64::from(x.le16(p + 1 + i * 2)?);
    }
    if len == 25 {
        v[10] = u64::from(x.le16(p + 21)?);
        v[11] = u64::from(x.le16(p + 23)?);
    } else {
        v[10] = x.le(p + 21, 3)?;
        v[11] = x.le(p + 24, 3)?;
    }
    x.f(format_args!(
        "Time slot ID = {id}, CCA Offset = {}, CCA = {}, TX Offset = {}, RX Offset = {}, RX Ack Delay = {}, TX Ack Delay = {}, RX Wait = {}, Ack Wait = {}, RX TX = {}, Max Ack = {}, Max TX = {}, Time slot Length = {} ",
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]
    ))
}

/// The 802.15.9 multiplexed IE.
fn mpx_ie<W: Write>(x: &mut Ctx<'_, W>, p: usize, len: u32) -> Res {
    let b = x.u8(p)?;
    let (tt, tid) = (b & 7, b >> 3);
    let start;
    match tt {
        0 | 1 => {
            x.s("Type = Full upper layer fragment")?;
            if tt == 1 {
                x.s(" with small Multiplex ID")?;
            }
            x.s(", ")?;
            if tt == 0 {
                if len < 3 {
                    return x.s("[ERROR: Multiplex ID missing]");
                }
                start = 3;
                let id = x.le16(p + 1)?;
                x.f(format_args!(
                    "tid = 0x{tid:02x}, Multiplex ID = 0x{id:04x}, "
                ))?;
            } else {
                start = 1;
                x.f(format_args!("Multiplex ID = 0x{tid:04x}, "))?;
            }
        }
        2 | 4 => {
            if len < 2 {
                return x.s("[ERROR: fragment number missing]");
            }
            let n = x.u8(p + 1)?;
            let kind = match (tt, n) {
                (2, 0) => "First fragment",
                (2, _) => "Middle fragment",
                _ => "Last fragment",
            };
            x.f(format_args!(
                "Type = {kind}, tid = 0x{tid:02x}, fragment = 0x{n:02x}, "
            ))?;
            start = if n == 0 {
                if len < 6 {
                    return x.s("[ERROR: Total upper layer size or multiplex ID missing]");
                }
                let (total, id) = (x.le16(p + 2)?, x.le16(p + 4)?);
                x.f(format_args!(
                    "Total upper layer size = 0x{total:04x}, Multiplex ID = 0x{id:04x}, "
                ))?;
                6
            } else {
                2
            };
        }
        6 => {
            return match len {
                1 => x.f(format_args!(
                    "Type = Abort, tid = 0x{tid:02x}, no max size given"
                )),
                3 => {
                    let m = x.le16(p + 1)?;
                    x.f(format_args!(
                        "Type = Abort, tid = 0x{tid:02x}, max size = 0x{m:04x}"
                    ))
                }
                _ => {
                    x.f(format_args!(
                        "Type = Abort, tid = 0x{tid:02x}, invalid length = {len} (not 1 or 3)Abort data = "
                    ))?;
                    x.hex_bytes(p + 1, len as usize - 1)
                }
            };
        }
        _ => {
            x.f(format_args!("Type = {tt} (Reserved), tid = 0x{tid:02x}, "))?;
            start = 1;
        }
    }
    x.s("Upper layer data = ")?;
    if len > start {
        x.hex_bytes(p + start as usize, (len - start) as usize)?;
    }
    Ok(())
}
