//! tcpdump's per-packet extras around the decoded line: the `-#` packet number, the `-t` family
//! of time stamps, and the `-x`/`-X`/`-A` dumps of the raw bytes after it. Off the common path:
//! [`crate::Printer`] comes here only when one of those flags is given.

use core::fmt::{self, Write};

use crate::{ethertype, fmtx, LinkType, PrintOptions, RawTime};

/// A `struct timeval` as tcpdump's `ts_print` sees it: seconds and the fraction in the printed
/// unit (microseconds, or nanoseconds with `--nano`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TimeVal {
    pub sec: i64,
    pub frac: i64,
}

impl TimeVal {
    /// The time as libpcap hands it to tcpdump: the fraction a signed 32-bit value (a damaged
    /// pcap field of 2^31 or more is negative, and `-ttt` says so).
    pub fn of(t: RawTime, nanos: bool) -> Self {
        TimeVal {
            sec: t.secs,
            frac: i64::from(t.printed_frac(nanos) as i32),
        }
    }

    /// `netdissect_timevalisset`.
    fn is_set(self) -> bool {
        self.sec != 0 || self.frac != 0
    }
}

/// `[Error converting time]`, tcpdump's text for a time it cannot convert.
const ERROR: &str = "[Error converting time]";

/// `ts_frac_print`: `.` and the fraction, six digits (nine with `--nano`) at least.
fn frac(out: &mut impl Write, frac: i64, nanos: bool) -> fmt::Result {
    out.write_char('.')?;
    fmtx::dec_pad(out, u64::from(frac as u32), if nanos { 9 } else { 6 })
}

/// `ts_date_hmsfrac_print`: `[YYYY-MM-DD ]HH:MM:SS.frac` of `sec` shifted by `offset` seconds
/// (the local time offset, or 0 for UTC), or tcpdump's error text.
fn date_hms_frac(
    out: &mut impl Write,
    tv: TimeVal,
    offset: i32,
    date: bool,
    nanos: bool,
) -> fmt::Result {
    if tv.sec as u32 & 0x8000_0000 != 0 {
        return out.write_str(ERROR);
    }
    let Some(local) = tv.sec.checked_add(i64::from(offset)) else {
        return out.write_str(ERROR);
    };
    let days = local.div_euclid(86_400);
    let (year, month, day) = fmtx::civil_from_days(days);
    // glibc's `localtime` fails when the year less 1900 does not fit an int.
    if i32::try_from(year - 1900).is_err() {
        return out.write_str(ERROR);
    }
    if date {
        if year < 0 {
            out.write_char('-')?;
        }
        fmtx::dec(out, year.unsigned_abs())?;
        out.write_char('-')?;
        fmtx::dec_pad(out, u64::from(month), 2)?;
        out.write_char('-')?;
        fmtx::dec_pad(out, u64::from(day), 2)?;
        out.write_char(' ')?;
    }
    fmtx::hms(out, local)?;
    frac(out, tv.frac, nanos)
}

/// The memory `-ttt` and `-ttttt` need: tcpdump's `tv_ref`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stamps {
    reference: TimeVal,
}

impl Stamps {
    /// `ts_print`: the time stamp `-t` (given `opts.time_stamps` times) asks for, with its
    /// trailing space (nothing at all for `-t`).
    pub fn print(&mut self, out: &mut impl Write, tv: TimeVal, opts: &PrintOptions) -> fmt::Result {
        let nanos = opts.nanos;
        match opts.time_stamps {
            1 => return Ok(()),
            2 => {
                if tv.sec as u32 & 0x8000_0000 != 0 {
                    out.write_str(ERROR)?;
                } else {
                    fmtx::dec(out, u64::from(tv.sec as u32))?;
                    frac(out, tv.frac, nanos)?;
                }
            }
            3 | 5 => {
                if !self.reference.is_set() {
                    self.reference = tv;
                }
                let r = self.reference;
                let negative = (tv.sec, tv.frac) < (r.sec, r.frac);
                let (a, b) = if negative { (r, tv) } else { (tv, r) };
                let mut d = TimeVal {
                    sec: a.sec.wrapping_sub(b.sec),
                    frac: a.frac.wrapping_sub(b.frac),
                };
                if d.frac < 0 {
                    d.sec = d.sec.wrapping_sub(1);
                    d.frac += if nanos { 1_000_000_000 } else { 1_000_000 };
                }
                out.write_char(if negative { '-' } else { ' ' })?;
                date_hms_frac(out, d, 0, false, nanos)?;
                if opts.time_stamps == 3 {
                    self.reference = tv;
                }
            }
            4 => date_hms_frac(out, tv, opts.utc_offset_secs, true, nanos)?,
            _ => date_hms_frac(out, tv, opts.utc_offset_secs, false, nanos)?,
        }
        out.write_char(' ')
    }
}

/// `%5u  `: the `-#` packet number.
pub(crate) fn number(out: &mut impl Write, n: u32) -> fmt::Result {
    let digits = if n == 0 { 1 } else { n.ilog10() as usize + 1 };
    for _ in digits..5 {
        out.write_char(' ')?;
    }
    fmtx::dec(out, u64::from(n))?;
    out.write_str("  ")
}

/// `ascii_print`: a new line, then the bytes, unprintable ones as `.`, keeping tabs, spaces
/// and new lines, dropping a carriage return before a new line or among the last two bytes.
fn ascii(out: &mut impl Write, data: &[u8]) -> fmt::Result {
    out.write_char('\n')?;
    for (i, &b) in data.iter().enumerate() {
        let left = data.len() - i - 1;
        if b == b'\r' {
            if left > 1 && data.get(i + 1) != Some(&b'\n') {
                out.write_char('.')?;
            }
        } else if b.is_ascii_graphic() || matches!(b, b'\t' | b' ' | b'\n') {
            out.write_char(b as char)?;
        } else {
            out.write_char('.')?;
        }
    }
    Ok(())
}

/// The dump `-x`, `-X` or `-A` asks for after a packet's line: of the whole frame when the
/// letter was given twice, else of what follows the link-layer header (`hdrlen` bytes; nothing
/// when no byte follows it).
pub(crate) fn dump(
    out: &mut impl Write,
    data: &[u8],
    hdrlen: usize,
    opts: &PrintOptions,
) -> fmt::Result {
    let from = |twice: bool| -> Option<&[u8]> {
        if twice {
            Some(data)
        } else {
            data.get(hdrlen..).filter(|d| !d.is_empty())
        }
    };
    if opts.hex_ascii > 0 {
        if let Some(d) = from(opts.hex_ascii > 1) {
            fmtx::hexdump(out, "\n\t", d, true)?;
        }
    } else if opts.hex > 0 {
        if let Some(d) = from(opts.hex > 1) {
            fmtx::hexdump(out, "\n\t", d, false)?;
        }
    } else if opts.ascii > 0 {
        if let Some(d) = from(opts.ascii > 1) {
            ascii(out, d)?;
        }
    }
    Ok(())
}

/// `llc_print`'s return: how many bytes of LLC (and SNAP) header it counts as link layer, for a
/// header of `caplen` captured bytes out of `length` (every byte left when the header is cut
/// short: tcpdump reports that truncation without a `longjmp`).
pub(crate) fn llc_len(p: &[u8], length: usize) -> usize {
    let caplen = p.len().min(length);
    if caplen < 3 {
        return caplen;
    }
    let (dsap, ssap, control) = (p[0], p[1], p[2]);
    let hdrlen = if control & 3 == 3 {
        3
    } else if caplen < 4 {
        return caplen;
    } else {
        4
    };
    if dsap == 0xff && ssap == 0xff {
        return 0;
    }
    if dsap & !1 == 0xaa && ssap & !1 == 0xaa && control == 3 {
        return hdrlen + 5;
    }
    hdrlen
}

/// tcpdump's `ndo_ll_hdr_len`: the bytes of link-layer header `-x`, `-X` and `-A` skip (all of
/// them when the link header itself is cut short). tcpdump counts 0 instead when a printer
/// stopped at a missing byte through its `longjmp` (a `GET_` read) rather than its own bounds
/// check; which one a printer uses is not known here, and the bounds checks are the common case.
/// The length of the MACsec SecTAG at the start of `data` (`length` bytes on the wire), as
/// `macsec_print` hands it back, and whether a type field follows it (an unencrypted payload;
/// an encrypted one ends the header); `None` when tcpdump's Ethernet printer returns the
/// whole record as its header (a cut or invalid SecTAG, or a short length past the data).
fn macsec_len(data: &[u8], length: usize) -> Option<(usize, bool)> {
    let caplen = data.len();
    let tci = *data.first()?;
    let sectag = if tci & 0x20 != 0 { 14 } else { 6 };
    if caplen < sectag || length < sectag {
        return None;
    }
    let sl = data[1];
    if sl & !0x3f != 0 || tci & 0x80 != 0 {
        return None;
    }
    if tci & 0x0c != 0 {
        return Some((sectag, false));
    }
    let (length, caplen) = (length - sectag, caplen - sectag);
    if length < 16 || caplen < 16 {
        return None;
    }
    let sl = usize::from(sl & 0x3f);
    if sl > length - 16 || sl > caplen - 16 {
        return None;
    }
    // A short length of 1 leaves no room for the type field: the printer stops before it.
    Some((sectag, sl != 1))
}

/// The link-layer header length of a record: the bytes `-x`, `-X` and `-A` skip. `hflag` is
/// `-H` (an 802.11s mesh control header after a QoS data frame's MAC header is part of it).
pub(crate) fn link_header_len(linktype: u32, data: &[u8], orig_len: u32, hflag: bool) -> usize {
    let caplen = data.len();
    let length = orig_len as usize;
    let be16 = |o: usize| data.get(o..o + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    match LinkType(linktype) {
        LinkType::ETHERNET => {
            if caplen < 14 {
                return caplen;
            }
            let mut p = 12;
            let mut t = be16(p).unwrap_or(0);
            p += 2;
            if t == ethertype::MACSEC {
                match macsec_len(data.get(p..).unwrap_or(&[]), length - p) {
                    Some((n, true)) => {
                        p += n;
                        t = be16(p).unwrap_or(0);
                        p += 2;
                    }
                    Some((n, false)) => return p + n,
                    None => return caplen,
                }
            }
            while matches!(
                t,
                ethertype::VLAN | ethertype::VLAN_9100 | ethertype::VLAN_9200 | ethertype::QINQ
            ) {
                if caplen < p + 4 || length < p + 4 {
                    return caplen;
                }
                t = be16(p + 2).unwrap_or(0);
                p += 4;
            }
            if t <= ethertype::MAX_LENGTH || t == 0x8870 {
                let mut len = length.saturating_sub(p);
                if t <= ethertype::MAX_LENGTH {
                    len = len.min(usize::from(t));
                }
                p + llc_len(data.get(p..).unwrap_or(&[]), len)
            } else {
                p
            }
        }
        LinkType::LINUX_SLL | LinkType::LINUX_SLL2 => {
            let (mut p, at) = if linktype == LinkType::LINUX_SLL.0 {
                (16, 14)
            } else {
                (20, 0)
            };
            if caplen < p {
                return 0;
            }
            let mut t = be16(at).unwrap_or(0);
            while t == ethertype::VLAN {
                if caplen < p + 4 {
                    return caplen;
                }
                t = be16(p + 2).unwrap_or(0);
                if t <= ethertype::MAX_LENGTH {
                    t = 4;
                }
                p += 4;
            }
            if t == 4 {
                p + llc_len(data.get(p..).unwrap_or(&[]), length.saturating_sub(p))
            } else {
                p
            }
        }
        // The 4-byte address family (all of a shorter record).
        LinkType::NULL | LinkType::LOOP => caplen.min(4),
        _ => crate::print::link_header_len(linktype, data, orig_len, hflag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl FnOnce(&mut String) -> fmt::Result) -> String {
        let mut o = String::new();
        f(&mut o).unwrap();
        o
    }

    #[test]
    fn numbers_are_padded_to_five() {
        assert_eq!(s(|o| number(o, 1)), "    1  ");
        assert_eq!(s(|o| number(o, 12345)), "12345  ");
        assert_eq!(s(|o| number(o, 123456)), "123456  ");
    }

    #[test]
    fn ascii_drops_line_end_carriage_returns() {
        assert_eq!(s(|o| ascii(o, b"GET /\r\nx\ry\x01z\r\r")), "\nGET /\nx.y.z");
    }

    #[test]
    fn deltas_borrow_and_sign() {
        let mut st = Stamps::default();
        let opts = PrintOptions {
            time_stamps: 3,
            ..Default::default()
        };
        let t = |sec, frac| TimeVal { sec, frac };
        let mut o = String::new();
        st.print(&mut o, t(100, 900_000), &opts).unwrap();
        st.print(&mut o, t(101, 100_000), &opts).unwrap();
        st.print(&mut o, t(100, 0), &opts).unwrap();
        assert_eq!(o, " 00:00:00.000000  00:00:00.200000 -00:00:01.100000 ");
    }

    #[test]
    fn llc_header_counts() {
        let mut f = vec![0u8; 12];
        f.extend_from_slice(&[0, 20, 0x42, 0x42, 3, 9, 9]);
        assert_eq!(link_header_len(1, &f, 60, false), 17);
        assert_eq!(link_header_len(1, &f[..10], 60, false), 10);
        assert_eq!(link_header_len(1, &f[..15], 60, false), 15);
    }
}
