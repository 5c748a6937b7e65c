//! The headers radio drivers put in front of an 802.11 frame, as tcpdump 4.99 prints them:
//! radiotap (`LINKTYPE_IEEE802_11_RADIO`), AVS (`LINKTYPE_IEEE802_11_RADIO_AVS`), Prism
//! (`LINKTYPE_PRISM_HEADER`) and PPI (`LINKTYPE_PPI`).

use core::fmt::Write;

use super::text::{DLT_NAMES, HT_RATES};
use super::{ieee802_11_print, le16, le32};
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::next::{off, Next};

/// The radiotap header's fixed part: version, pad, length and the first presence word.
const RADIOTAP_HDRLEN: u32 = 8;

/// Radiotap's presence bits that mean the same in every word.
const NAMESPACE: u32 = 29;
/// The vendor namespace bit.
const VENDOR_NAMESPACE: u32 = 30;
/// The bit saying another presence word follows.
const EXT: u32 = 31;
/// The MCS field's bit.
const MCS: u32 = 19;
/// The XChannel field's bit.
const XCHANNEL: u32 = 18;

/// Reads the radiotap fields with their natural alignment, counted from the header's start,
/// within the header's length (tcpdump's `cpack`).
struct Pack {
    /// Where the header starts.
    base: usize,
    /// The header's length.
    len: usize,
    /// The next byte, counted from `base`.
    next: usize,
}

impl Pack {
    /// The offset of a `size`-byte field at the next boundary of its size, if it fits.
    fn reserve(&self, size: usize) -> Option<usize> {
        let at = self.next.div_ceil(size) * size;
        (at + size <= self.len).then_some(at)
    }

    /// Skips `n` bytes, if there are that many.
    fn advance(&mut self, n: usize) -> bool {
        if self.next + n > self.len {
            return false;
        }
        self.next += n;
        true
    }

    /// The next little-endian field of `size` bytes (1, 2, 4 or 8), aligned.
    fn get<W: Write>(&mut self, c: &Cursor<'_, W>, size: usize) -> Option<u64> {
        let at = if size == 1 {
            (self.next < self.len).then_some(self.next)?
        } else {
            self.reserve(size)?
        };
        let b = c.bytes(self.base + at, size).ok()?;
        self.next = at + size;
        Some(b.iter().rev().fold(0u64, |v, &x| v << 8 | u64::from(x)))
    }
}

/// `LINKTYPE_IEEE802_11_RADIO`: `ieee802_11_radio_if_print`.
pub(crate) fn radiotap_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    radiotap_print(c, 0, length, caplen)
}

/// `ieee802_11_radio_print`: the radiotap header at `b`, then the 802.11 frame.
pub(crate) fn radiotap_print<W: Write>(
    c: &mut Cursor<'_, W>,
    b: usize,
    length: u32,
    caplen: u32,
) -> R {
    c.proto = "802.11_radio";
    if caplen < RADIOTAP_HDRLEN {
        return Err(Stop::Trunc);
    }
    let len = u32::from(le16(c, b + 2)?);
    if len < RADIOTAP_HDRLEN || caplen < len {
        return Err(Stop::Trunc);
    }
    let mut pack = Pack {
        base: b,
        len: len as usize,
        next: RADIOTAP_HDRLEN as usize,
    };
    let mut last = 4usize;
    while last + 4 <= len as usize && le32(c, b + last)? & (1 << EXT) != 0 {
        pack.advance(4);
        last += 4;
    }
    if last + 4 > len as usize {
        return Err(Stop::Trunc);
    }
    let mut bit0 = 0u32;
    let mut vendor = false;
    let mut skip = 0usize;
    let mut flags = 0u8;
    let mut word = 4usize;
    while word <= last {
        let present = le32(c, b + word)?;
        word += 4;
        if vendor {
            if !pack.advance(skip) {
                break;
            }
            skip = 0;
        } else if !namespace(c, &mut pack, &mut flags, present, bit0)? {
            break;
        }
        match present & (1 << NAMESPACE | 1 << VENDOR_NAMESPACE) {
            0 => bit0 = bit0.wrapping_add(32),
            x if x == 1 << NAMESPACE => {
                bit0 = 0;
                vendor = false;
                skip = 0;
            }
            x if x == 1 << VENDOR_NAMESPACE => {
                bit0 = 0;
                vendor = true;
                if let Some(s) = vendor_namespace(c, &mut pack) {
                    skip = s;
                } else {
                    c.trunc_here()?;
                }
            }
            _ => {}
        }
    }
    let pad = flags & 0x20 != 0;
    let fcslen = if flags & 0x10 != 0 { 4 } else { 0 };
    ieee802_11_print(
        c,
        b + len as usize,
        length.wrapping_sub(len),
        caplen - len,
        pad,
        fcslen,
    )
}

/// The vendor namespace item: OUI, subnamespace and the length of its fields to skip; `None`
/// when the header ends first.
fn vendor_namespace<W: Write>(c: &Cursor<'_, W>, pack: &mut Pack) -> Option<usize> {
    pack.reserve(2)?;
    for _ in 0..4 {
        pack.get(c, 1)?;
    }
    pack.get(c, 2).map(|v| v as usize)
}

/// The fields of one presence word in the radiotap namespace (`print_in_radiotap_namespace`);
/// `Ok(false)` when the rest of the header cannot be read.
fn namespace<W: Write>(
    c: &mut Cursor<'_, W>,
    pack: &mut Pack,
    flags: &mut u8,
    present: u32,
    bit0: u32,
) -> R<bool> {
    let mut bits = present;
    while bits != 0 {
        let bitno = bits.trailing_zeros();
        bits &= bits - 1;
        if bitno >= NAMESPACE {
            break;
        }
        if !field(c, pack, bit0.wrapping_add(bitno), flags, present)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// ` [|802.11_radio]` for a field the header ends in.
fn cut<W: Write>(c: &mut Cursor<'_, W>) -> R<bool> {
    c.trunc_here()?;
    Ok(false)
}

/// Prints the radiotap field of bit `bit` (`print_radiotap_field`); `Ok(false)` when it is cut
/// short or of a kind whose size tcpdump does not know.
fn field<W: Write>(
    c: &mut Cursor<'_, W>,
    pack: &mut Pack,
    bit: u32,
    flags: &mut u8,
    present: u32,
) -> R<bool> {
    /// Reads the fields of the given sizes, or stops the header.
    macro_rules! read {
        ($($n:expr),+) => {
            ($(match pack.get(c, $n) {
                Some(v) => v,
                None => return cut(c),
            }),+)
        };
    }
    match bit {
        0 => {
            let tsft = read!(8);
            c.d(tsft)?;
            c.s("us tsft ")?;
        }
        1 => {
            let f = read!(1) as u8;
            *flags = f;
            for (m, name) in [
                (0x01, "cfp "),
                (0x02, "short preamble "),
                (0x04, "wep "),
                (0x08, "fragmented "),
                (0x40, "bad-fcs "),
            ] {
                if f & m != 0 {
                    c.s(name)?;
                }
            }
        }
        2 => {
            let rate = read!(1) as u8;
            if (0x80..=0x8f).contains(&rate) {
                c.s("MCS ")?;
                c.d(rate & 0x7f)?;
                c.s(" ")?;
            } else {
                rate_half(c, rate.into())?;
                c.s(" Mb/s ")?;
            }
        }
        3 => {
            let (freq, chflags) = read!(2, 2);
            if present & (1 << XCHANNEL) == 0 {
                chaninfo(c, freq as u16, chflags as u32, present)?;
            }
        }
        4 => {
            let (set, pat) = read!(1, 1);
            c.s("fhset ")?;
            c.d(set)?;
            c.s(" fhpat ")?;
            c.d(pat)?;
            c.s(" ")?;
        }
        5 | 6 | 10 => {
            let v = read!(1) as u8 as i8;
            fmtx::idec(c.out, v.into())?;
            c.s(match bit {
                5 => "dBm signal ",
                6 => "dBm noise ",
                _ => "dBm tx power ",
            })?;
        }
        7 => {
            let q = read!(2);
            c.d(q)?;
            c.s(" sq ")?;
        }
        8 => {
            let v = read!(2) as u16 as i16;
            fmtx::idec(c.out, -i64::from(v))?;
            c.s(" tx power ")?;
        }
        9 => {
            let v = read!(1) as u8 as i8;
            fmtx::idec(c.out, -i64::from(v))?;
            c.s("dB tx attenuation ")?;
        }
        11 => {
            let a = read!(1);
            c.s("antenna ")?;
            c.d(a)?;
            c.s(" ")?;
        }
        12 | 13 => {
            let v = read!(1);
            c.d(v)?;
            c.s(if bit == 12 { "dB signal " } else { "dB noise " })?;
        }
        14 => {
            read!(2);
        }
        18 => {
            let (chflags, freq, _channel, _maxpower) = read!(4, 2, 1, 1);
            chaninfo(c, freq as u16, chflags as u32, present)?;
        }
        19 => {
            let (known, f, index) = read!(1, 1, 1);
            mcs(c, known as u8, f as u8, index as u8)?;
        }
        20 => {
            read!(4, 2, 1, 1);
        }
        21 => {
            let (known, f, bw) = read!(2, 1, 1);
            let nss = read!(1, 1, 1, 1);
            let (coding, _group, _aid) = read!(1, 1, 2);
            vht(c, known as u16, f as u8, bw as u8, nss, coding as u8)?;
        }
        _ => {
            c.s("[bit ")?;
            c.d(bit)?;
            c.s("] ")?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// `%.1f` of a rate in units of 500 kb/s.
fn rate_half<W: Write>(c: &mut Cursor<'_, W>, r: u32) -> R {
    c.d(r / 2)?;
    c.s(if r % 2 == 1 { ".5" } else { ".0" })
}

/// `print_chaninfo`: the frequency and what the channel flags say of the PHY.
fn chaninfo<W: Write>(c: &mut Cursor<'_, W>, freq: u16, flags: u32, present: u32) -> R {
    c.d(freq)?;
    c.s(" MHz")?;
    let all = |m: u32| flags & m == m;
    if present & (1 << MCS) != 0 {
        c.s(" 11n")?;
    } else {
        let (half, quarter) = (flags & 0x4000 != 0, flags & 0x8000 != 0);
        if all(0x0080 | 0x0800) {
            c.s(" FHSS")?;
        }
        if all(0x0100 | 0x0040) {
            c.s(if half {
                " 11a/10Mhz"
            } else if quarter {
                " 11a/5Mhz"
            } else {
                " 11a"
            })?;
        }
        if all(0x0080 | 0x0040) || all(0x0080 | 0x0400) {
            c.s(if half {
                " 11g/10Mhz"
            } else if quarter {
                " 11g/5Mhz"
            } else {
                " 11g"
            })?;
        } else if all(0x0080 | 0x0020) {
            c.s(" 11b")?;
        }
        if flags & 0x0010 != 0 {
            c.s(" Turbo")?;
        }
    }
    if flags & 0x10000 != 0 {
        c.s(" ht/20")?;
    } else if flags & 0x40000 != 0 {
        c.s(" ht/40-")?;
    } else if flags & 0x20000 != 0 {
        c.s(" ht/40+")?;
    }
    c.s(" ")
}

/// The MCS field: the index and its rate, bandwidth, guard interval, format, FEC and STBC.
fn mcs<W: Write>(c: &mut Cursor<'_, W>, known: u8, flags: u8, index: u8) -> R {
    if known & 0x02 != 0 {
        let mut rate = 0;
        if let Some(r) = HT_RATES.get(usize::from(index)) {
            if known & (0x01 | 0x04) != 0 {
                let wide = usize::from(flags & 3 == 1);
                let short = usize::from(flags & 0x04 != 0);
                rate = r[wide * 2 + short];
            }
        }
        if rate != 0 {
            c.d(rate / 10)?;
            c.s(".")?;
            c.d(rate % 10)?;
            c.s(" Mb/s ")?;
        }
        c.s("MCS ")?;
        c.d(index)?;
        c.s(" ")?;
    }
    if known & 0x01 != 0 {
        c.s(["20 MHz", "40 MHz", "20 MHz (L)", "20 MHz (U)"][usize::from(flags & 3)])?;
        c.s(" ")?;
    }
    if known & 0x04 != 0 {
        c.s(if flags & 0x04 != 0 { "short" } else { "long" })?;
        c.s(" GI ")?;
    }
    if known & 0x08 != 0 {
        c.s(if flags & 0x08 != 0 {
            "greenfield "
        } else {
            "mixed "
        })?;
    }
    if known & 0x10 != 0 {
        c.s(if flags & 0x10 != 0 { "LDPC" } else { "BCC" })?;
        c.s(" FEC ")?;
    }
    if known & 0x20 != 0 {
        c.s("RX-STBC")?;
        c.d((flags & 0x60) >> 5)?;
        c.s(" ")?;
    }
    Ok(())
}

/// The VHT bandwidths' names, by the field's low five bits.
const VHT_BANDWIDTH: [&str; 32] = [
    "20 MHz",
    "40 MHz",
    "20 MHz (L)",
    "20 MHz (U)",
    "80 MHz",
    "80 MHz (L)",
    "80 MHz (U)",
    "80 MHz (LL)",
    "80 MHz (LU)",
    "80 MHz (UL)",
    "80 MHz (UU)",
    "160 MHz",
    "160 MHz (L)",
    "160 MHz (U)",
    "160 MHz (LL)",
    "160 MHz (LU)",
    "160 MHz (UL)",
    "160 MHz (UU)",
    "160 MHz (LLL)",
    "160 MHz (LLU)",
    "160 MHz (LUL)",
    "160 MHz (UUU)",
    "160 MHz (ULL)",
    "160 MHz (ULU)",
    "160 MHz (UUL)",
    "160 MHz (UUU)",
    "unknown (26)",
    "unknown (27)",
    "unknown (28)",
    "unknown (29)",
    "unknown (30)",
    "unknown (31)",
];

/// The VHT field: each user's MCS and FEC, the bandwidth and the guard interval.
fn vht<W: Write>(
    c: &mut Cursor<'_, W>,
    known: u16,
    flags: u8,
    bw: u8,
    nss: (u64, u64, u64, u64),
    coding: u8,
) -> R {
    for (i, m) in [nss.0, nss.1, nss.2, nss.3].into_iter().enumerate() {
        if m & 0x0f == 0 {
            continue;
        }
        c.s("User ")?;
        c.d(i as u64)?;
        c.s(" MCS ")?;
        c.d((m & 0xf0) >> 4)?;
        c.s(" ")?;
        c.s(if coding & (1 << i) != 0 {
            "LDPC"
        } else {
            "BCC"
        })?;
        c.s(" FEC ")?;
    }
    if known & 0x0040 != 0 {
        c.s(VHT_BANDWIDTH[usize::from(bw & 0x1f)])?;
        c.s(" ")?;
    }
    if known & 0x0004 != 0 {
        c.s(if flags & 0x04 != 0 { "short" } else { "long" })?;
        c.s(" GI ")?;
    }
    Ok(())
}

/// `LINKTYPE_IEEE802_11_RADIO_AVS`: `ieee802_11_radio_avs_if_print`.
pub(crate) fn avs_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    avs_print(c, 0, length, caplen)
}

/// `ieee802_11_radio_avs_print`: the AVS header at `b` (skipped), then the 802.11 frame.
fn avs_print<W: Write>(c: &mut Cursor<'_, W>, b: usize, length: u32, caplen: u32) -> R {
    c.proto = "802.11_radio_avs";
    if caplen < 8 {
        return Err(Stop::Trunc);
    }
    let hdrlen = c.be32(b + 4)?;
    if hdrlen < 8 || caplen < hdrlen {
        return Err(Stop::Trunc);
    }
    ieee802_11_print(
        c,
        b + hdrlen as usize,
        length.wrapping_sub(hdrlen),
        caplen - hdrlen,
        false,
        0,
    )
}

/// The Prism header's length.
pub(crate) const PRISM_HDRLEN: u32 = 144;

/// Whether a Prism record starting with `msgcode` is an AVS header in disguise.
pub(crate) fn is_avs(msgcode: u32) -> bool {
    matches!(msgcode, 0x8021_1001 | 0x8021_1002)
}

/// `LINKTYPE_PRISM_HEADER`: `prism_if_print`.
pub(crate) fn prism_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    prism_print(c, 0, length, caplen)
}

/// `prism_if_print` for the header at `b`.
fn prism_print<W: Write>(c: &mut Cursor<'_, W>, b: usize, length: u32, caplen: u32) -> R {
    c.proto = "prism";
    if caplen < 4 {
        return Err(Stop::Trunc);
    }
    if is_avs(c.be32(b)?) {
        return avs_print(c, b, length, caplen);
    }
    if caplen < PRISM_HDRLEN {
        return Err(Stop::Trunc);
    }
    ieee802_11_print(
        c,
        b + PRISM_HDRLEN as usize,
        length.wrapping_sub(PRISM_HDRLEN),
        caplen - PRISM_HDRLEN,
        false,
        0,
    )
}

/// The PPI header's fixed part.
const PPI_HDRLEN: u32 = 8;

/// Whether tcpdump (and this crate) has a printer for the `DLT_` value `dlt` in a PPI header
/// (besides the 802.11 family and Ethernet).
pub(super) fn inner_printer(dlt: u32) -> bool {
    matches!(dlt, 0 | 108 | 12 | 228 | 229 | 113 | 276) || super::super::supported(dlt)
}

/// `pcap_datalink_val_to_name` for the `DLT_` value a PPI header names.
fn dlt_name(dlt: u32) -> Option<&'static str> {
    let v = u16::try_from(dlt).ok()?;
    DLT_NAMES
        .binary_search_by_key(&v, |e| e.0)
        .ok()
        .map(|i| DLT_NAMES[i].1)
}

/// `ppi_header_print`: `V.0 DLT NAME (N) len N, length N: `.
fn ppi_header<W: Write>(c: &mut Cursor<'_, W>, len: u16, dlt: u32, length: u32) -> R {
    let name = dlt_name(dlt).unwrap_or("UNKNOWN");
    if !c.qflag {
        c.s("V.")?;
        let v = c.u8(0)?;
        c.d(v)?;
        c.s(" DLT ")?;
        c.s(name)?;
        c.s(" (")?;
        c.d(dlt)?;
        c.s(") len ")?;
        c.d(len)?;
    } else {
        c.s(name)?;
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `LINKTYPE_PPI`: `ppi_if_print`, the 802.11 family and Ethernet after it.
pub(crate) fn ppi_if_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "ppi";
    if caplen < PPI_HDRLEN {
        return Err(Stop::Trunc);
    }
    let len = le16(c, 2)?;
    if u32::from(len) < PPI_HDRLEN || len > 65532 {
        c.s(" [length ")?;
        c.d(len)?;
        c.s(" < 8 or > 65532]")?;
        return c.invalid();
    }
    let l = u32::from(len);
    if caplen < l {
        return Err(Stop::Trunc);
    }
    let dlt = le32(c, 4)?;
    if c.eflag {
        ppi_header(c, len, dlt, length)?;
    }
    let (b, length, caplen) = (l as usize, length.wrapping_sub(l), caplen - l);
    match dlt {
        super::super::IEEE802_11 => ieee802_11_print(c, b, length, caplen, false, 0),
        super::super::IEEE802_11_RADIO => radiotap_print(c, b, length, caplen),
        super::super::IEEE802_11_RADIO_AVS => avs_print(c, b, length, caplen),
        super::super::PRISM_HEADER => prism_print(c, b, length, caplen),
        1 => c.then(Next::ether(off(b), length, caplen)),
        _ if inner_printer(dlt) => {
            // The inner printers read from the start of the packet: the payload becomes it.
            let p = c.p;
            c.p = &p[b..];
            c.snapend -= b;
            match dlt {
                0 | 108 => crate::print::null_print(c, length, caplen),
                12 | 228 | 229 => crate::print::raw_print(c, length),
                113 => crate::print::sll_print(c, length, caplen),
                276 => crate::print::sll2_print(c, length, caplen),
                _ => super::super::link_print(c, dlt, length, caplen),
            }
        }
        _ => {
            if !c.eflag {
                ppi_header(c, len, dlt, length.wrapping_add(l))?;
            }
            c.default_print_guarded(b, caplen as usize)
        }
    }
}
