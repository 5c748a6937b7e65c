//! Allocation-free text helpers: decimal and hex numbers, IPv4, IPv6 and MAC addresses, in the
//! exact spellings tcpdump uses. `core::fmt` machinery is avoided on purpose: these run several
//! times per packet.

use core::fmt::{self, Write};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// "000" to "999", three characters each, built at compile time so that printing a number
/// needs no UTF-8 validation at run time.
const DIGITS3: &str = {
    const B: [u8; 3000] = {
        let mut b = [0u8; 3000];
        let mut i = 0;
        while i < 1000 {
            b[3 * i] = b'0' + (i / 100) as u8;
            b[3 * i + 1] = b'0' + ((i / 10) % 10) as u8;
            b[3 * i + 2] = b'0' + (i % 10) as u8;
            i += 1;
        }
        b
    };
    match core::str::from_utf8(&B) {
        Ok(s) => s,
        Err(_) => panic!("ASCII"),
    }
};

#[inline]
fn put(out: &mut impl Write, buf: &[u8]) -> fmt::Result {
    // Only for rarely used paths; every caller fills `buf` with ASCII.
    out.write_str(core::str::from_utf8(buf).map_err(|_| fmt::Error)?)
}

/// "00" to "ff", two characters each.
const HEX2: &str = {
    const B: [u8; 512] = {
        let mut b = [0u8; 512];
        let mut i = 0;
        while i < 256 {
            b[2 * i] = HEX[i >> 4];
            b[2 * i + 1] = HEX[i & 0xf];
            i += 1;
        }
        b
    };
    match core::str::from_utf8(&B) {
        Ok(s) => s,
        Err(_) => panic!("ASCII"),
    }
};

/// Byte `b` as tcpdump's ASCII column shows it: itself if graphic, else `.`.
const DOTS: &str = {
    const B: [u8; 256] = {
        let mut b = [b'.'; 256];
        let mut i = 0x21;
        while i <= 0x7e {
            b[i] = i as u8;
            i += 1;
        }
        b
    };
    match core::str::from_utf8(&B) {
        Ok(s) => s,
        Err(_) => panic!("ASCII"),
    }
};

// Digits are written as slices of these tables, each of a length known where it is written:
// `String::push_str` then stores the bytes in place, where `write_char` is a call per
// character and a `write_str` of a run-time length a call to `memcpy`.

/// `v` (below 1000) without leading zeros.
#[inline(always)]
fn small(out: &mut impl Write, v: u64) -> fmt::Result {
    let i = v as usize * 3;
    if v >= 100 {
        out.write_str(&DIGITS3[i..i + 3])
    } else if v >= 10 {
        out.write_str(&DIGITS3[i + 1..i + 3])
    } else {
        out.write_str(&DIGITS3[i + 2..i + 3])
    }
}

/// Three digits, zero-padded.
#[inline(always)]
fn three(out: &mut impl Write, v: usize) -> fmt::Result {
    let i = v * 3;
    out.write_str(&DIGITS3[i..i + 3])
}

/// Unsigned decimal, like `%u`.
#[inline(always)]
pub fn dec(out: &mut impl Write, v: u64) -> fmt::Result {
    if v < 1000 {
        return small(out, v);
    }
    if let Ok(v) = u32::try_from(v) {
        return dec32(out, v);
    }
    // Groups of three digits, most significant first.
    let mut groups = [0u16; 7];
    let mut n = 0;
    let mut x = v;
    while x >= 1000 {
        groups[n] = (x % 1000) as u16;
        x /= 1000;
        n += 1;
    }
    small(out, x)?;
    while n > 0 {
        n -= 1;
        three(out, groups[n] as usize)?;
    }
    Ok(())
}

/// `dec` for 32-bit values (cheaper divisions).
#[inline]
fn dec32(out: &mut impl Write, v: u32) -> fmt::Result {
    if v < 1_000_000 {
        small(out, (v / 1000) as u64)?;
        return three(out, (v % 1000) as usize);
    }
    if v < 1_000_000_000 {
        small(out, (v / 1_000_000) as u64)?;
    } else {
        small(out, (v / 1_000_000_000) as u64)?;
        three(out, ((v / 1_000_000) % 1000) as usize)?;
    }
    three(out, ((v / 1000) % 1000) as usize)?;
    three(out, (v % 1000) as usize)
}

/// Unsigned decimal padded with zeros to `width` digits, like `%0Nu`.
pub fn dec_pad(out: &mut impl Write, v: u64, width: usize) -> fmt::Result {
    if width == 2 && v < 100 {
        let d = DIGITS3.as_bytes();
        let i = v as usize * 3;
        out.write_char(d[i + 1] as char)?;
        return out.write_char(d[i + 2] as char);
    }
    let mut digits = 1;
    let mut x = v;
    while x >= 10 {
        x /= 10;
        digits += 1;
    }
    for _ in digits..width {
        out.write_char('0')?;
    }
    dec(out, v)
}

/// Six fractional digits (`%06u` of a value below 1,000,000).
#[inline]
pub fn frac6(out: &mut impl Write, v: u64) -> fmt::Result {
    if v >= 1_000_000 {
        return dec(out, v);
    }
    three(out, (v / 1000) as usize)?;
    three(out, (v % 1000) as usize)
}

/// Six digits, zero-padded, of a value below 1,000,000 (a microsecond count), as bytes.
#[inline]
pub fn frac6_bytes(v: u32) -> [u8; 6] {
    let d = DIGITS3.as_bytes();
    let (hi, lo) = ((v / 1000 % 1000) as usize * 3, (v % 1000) as usize * 3);
    [d[hi], d[hi + 1], d[hi + 2], d[lo], d[lo + 1], d[lo + 2]]
}

/// Bytes known to be ASCII as a `&str` (an error if they are not).
#[inline]
pub fn ascii(b: &[u8]) -> Result<&str, fmt::Error> {
    core::str::from_utf8(b).map_err(|_| fmt::Error)
}

/// Signed decimal, like `%d`.
pub fn idec(out: &mut impl Write, v: i64) -> fmt::Result {
    if v < 0 {
        out.write_char('-')?;
    }
    dec(out, v.unsigned_abs())
}

/// Lower-case hex without leading zeros, like `%x`.
pub fn hex(out: &mut impl Write, mut v: u64) -> fmt::Result {
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = HEX[(v & 0xf) as usize];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    put(out, &buf[i..])
}

/// Lower-case hex padded with zeros to `width` digits, like `%0Nx`.
pub fn hex_pad(out: &mut impl Write, mut v: u64, width: usize) -> fmt::Result {
    if width == 4 && v <= 0xffff {
        hex2(out, (v >> 8) as u8)?;
        return hex2(out, v as u8);
    }
    let mut buf = [b'0'; 16];
    let mut i = buf.len();
    while v > 0 {
        i -= 1;
        buf[i] = HEX[(v & 0xf) as usize];
        v >>= 4;
    }
    let start = i.min(buf.len().saturating_sub(width));
    put(out, &buf[start..])
}

/// One byte as two lower-case hex digits, like `%02x`.
#[inline]
pub fn hex2(out: &mut impl Write, b: u8) -> fmt::Result {
    let i = b as usize * 2;
    out.write_str(&HEX2[i..i + 2])
}

/// A 16-bit word as `%x` (no leading zeros).
#[inline]
fn hex16(out: &mut impl Write, w: u16) -> fmt::Result {
    let (hi, lo) = ((w >> 8) as usize * 2, (w & 0xff) as usize * 2);
    if w >= 0x1000 {
        out.write_str(&HEX2[hi..hi + 2])?;
        out.write_str(&HEX2[lo..lo + 2])
    } else if w >= 0x100 {
        out.write_str(&HEX2[hi + 1..hi + 2])?;
        out.write_str(&HEX2[lo..lo + 2])
    } else if w >= 0x10 {
        out.write_str(&HEX2[lo..lo + 2])
    } else {
        out.write_str(&HEX2[lo + 1..lo + 2])
    }
}

/// A dotted-quad IPv4 address.
#[inline]
pub fn ipv4(out: &mut impl Write, a: &[u8]) -> fmt::Result {
    let mut buf = [0u8; 15];
    let mut n = 0;
    for (k, &b) in a.iter().take(4).enumerate() {
        if k > 0 {
            buf[n] = b'.';
            n += 1;
        }
        let d = DIGITS3.as_bytes();
        let i = b as usize * 3;
        if b >= 100 {
            buf[n] = d[i];
            n += 1;
        }
        if b >= 10 {
            buf[n] = d[i + 1];
            n += 1;
        }
        buf[n] = d[i + 2];
        n += 1;
    }
    put(out, &buf[..n])
}

/// A MAC (or any byte string) as colon-separated lower-case hex pairs: the workspace's one MAC
/// formatter, [`promisc_facts::link::write_mac`], which `promisc-vswitch` shares (it may not
/// depend on this crate).
#[inline]
pub fn mac(out: &mut impl Write, a: &[u8]) -> fmt::Result {
    promisc_facts::link::write_mac(out, a)
}

/// Colon-separated hex pairs for byte strings of any length: [`mac`].
#[inline]
pub fn bytes_colon(out: &mut impl Write, a: &[u8]) -> fmt::Result {
    mac(out, a)
}

/// An IPv6 address the way tcpdump's `addrtostr6` spells it: the longest run of two or more zero
/// words becomes `::` (the first such run on ties) and `::a.b.c.d` / `::ffff:a.b.c.d` keep their
/// IPv4 tail.
pub fn ipv6(out: &mut impl Write, a: &[u8]) -> fmt::Result {
    let mut words = [0u16; 8];
    for (i, w) in words.iter_mut().enumerate() {
        *w = u16::from_be_bytes([a[2 * i], a[2 * i + 1]]);
    }
    let (mut best_base, mut best_len) = (usize::MAX, 0usize);
    let (mut cur_base, mut cur_len) = (usize::MAX, 0usize);
    for (i, &w) in words.iter().enumerate() {
        if w == 0 {
            if cur_base == usize::MAX {
                cur_base = i;
                cur_len = 1;
            } else {
                cur_len += 1;
            }
        } else if cur_base != usize::MAX {
            if best_base == usize::MAX || cur_len > best_len {
                best_base = cur_base;
                best_len = cur_len;
            }
            cur_base = usize::MAX;
        }
    }
    if cur_base != usize::MAX && (best_base == usize::MAX || cur_len > best_len) {
        best_base = cur_base;
        best_len = cur_len;
    }
    if best_base != usize::MAX && best_len < 2 {
        best_base = usize::MAX;
    }
    let mut i = 0;
    while i < 8 {
        if best_base != usize::MAX && i >= best_base && i < best_base + best_len {
            if i == best_base {
                out.write_str(":")?;
            }
            i += 1;
            continue;
        }
        if i != 0 {
            out.write_str(":")?;
        }
        if i == 6 && best_base == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)) {
            return ipv4(out, &a[12..16]);
        }
        hex16(out, words[i])?;
        i += 1;
    }
    if best_base != usize::MAX && best_base + best_len == 8 {
        out.write_str(":")?;
    }
    Ok(())
}

/// A byte the way tcpdump's `fn_print_char` shows it: `M-` for the high bit, `^X` for controls.
pub fn safe_char(out: &mut impl Write, mut c: u8) -> fmt::Result {
    if c & 0x80 != 0 {
        c &= 0x7f;
        out.write_str("M-")?;
    }
    if !(0x20..=0x7e).contains(&c) {
        c ^= 0x40;
        out.write_char('^')?;
    }
    out.write_char(c as char)
}

/// Bytes the way tcpdump's `fn_print_char` shows each of them, runs of printable ASCII in one
/// write.
pub fn safe_str(out: &mut impl Write, mut b: &[u8]) -> fmt::Result {
    while !b.is_empty() {
        let run = b
            .iter()
            .position(|&c| !(0x20..=0x7e).contains(&c))
            .unwrap_or(b.len());
        if run > 0 {
            out.write_str(core::str::from_utf8(&b[..run]).map_err(|_| fmt::Error)?)?;
        }
        if run < b.len() {
            safe_char(out, b[run])?;
            b = &b[run + 1..];
        } else {
            break;
        }
    }
    Ok(())
}

/// Pads `s` with spaces on the right to `width` characters, like `%-Ns`.
pub fn left(out: &mut impl Write, s: &str, width: usize) -> fmt::Result {
    out.write_str(s)?;
    for _ in s.len()..width {
        out.write_char(' ')?;
    }
    Ok(())
}

/// Two digits, zero-padded, of a value below 100.
#[inline(always)]
fn two(out: &mut impl Write, v: u32) -> fmt::Result {
    let i = v as usize * 3;
    out.write_str(&DIGITS3[i + 1..i + 3])
}

/// `HH:MM:SS.` of a Unix time (the time of day), as bytes.
#[inline]
pub fn hms_dot(secs: i64) -> [u8; 9] {
    let rem = secs.rem_euclid(86_400) as u32;
    let d = DIGITS3.as_bytes();
    let (h, m, s) = (
        rem as usize / 3600 * 3,
        rem as usize / 60 % 60 * 3,
        rem as usize % 60 * 3,
    );
    [
        d[h + 1],
        d[h + 2],
        b':',
        d[m + 1],
        d[m + 2],
        b':',
        d[s + 1],
        d[s + 2],
        b'.',
    ]
}

/// `HH:MM:SS` of a Unix time (the time of day).
#[inline]
pub fn hms(out: &mut impl Write, secs: i64) -> fmt::Result {
    let rem = secs.rem_euclid(86_400) as u32;
    let (h, m, s) = (rem / 3600, rem / 60 % 60, rem % 60);
    two(out, h)?;
    out.write_char(':')?;
    two(out, m)?;
    out.write_char(':')?;
    two(out, s)
}

/// `HH:MM:SS` (or `YYYY-MM-DD HH:MM:SS` with `date`) of a Unix time, plus `.` and the fraction.
pub fn clock(out: &mut impl Write, secs: i64, date: bool) -> fmt::Result {
    if !date {
        return hms(out, secs);
    }
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    if date {
        let (y, m, d) = civil_from_days(days);
        idec(out, y)?;
        out.write_char('-')?;
        dec_pad(out, m as u64, 2)?;
        out.write_char('-')?;
        dec_pad(out, d as u64, 2)?;
        out.write_char(if date { 'T' } else { ' ' })?;
    }
    dec_pad(out, (rem / 3600) as u64, 2)?;
    out.write_char(':')?;
    dec_pad(out, ((rem / 60) % 60) as u64, 2)?;
    out.write_char(':')?;
    dec_pad(out, (rem % 60) as u64, 2)
}

/// Howard Hinnant's days-to-civil conversion (proleptic Gregorian).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The classic tcpdump hex dump (`-x` style, or with ASCII for `-X` and the default printer),
/// every line starting with `indent`.
pub fn hexdump(out: &mut impl Write, indent: &str, data: &[u8], ascii: bool) -> fmt::Result {
    let mut off = 0usize;
    for chunk in data.chunks(16) {
        out.write_str(indent)?;
        out.write_str("0x")?;
        hex_pad(out, off as u64, 4)?;
        out.write_str(": ")?;
        let mut width = 0;
        for pair in chunk.chunks(2) {
            out.write_str(" ")?;
            hex2(out, pair[0])?;
            width += 3;
            if pair.len() == 2 {
                hex2(out, pair[1])?;
                width += 2;
            }
        }
        if ascii {
            out.write_str(&"                                        "[..40 - width.min(40)])?;
            out.write_str("  ")?;
            for &b in chunk {
                let i = b as usize;
                out.write_str(&DOTS[i..i + 1])?;
            }
        }
        off += 16;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl Fn(&mut String) -> fmt::Result) -> String {
        let mut o = String::new();
        f(&mut o).unwrap();
        o
    }

    #[test]
    fn numbers() {
        assert_eq!(s(|o| dec(o, 0)), "0");
        assert_eq!(s(|o| dec(o, u64::MAX)), "18446744073709551615");
        assert_eq!(s(|o| dec_pad(o, 42, 6)), "000042");
        assert_eq!(s(|o| dec_pad(o, 1234567, 6)), "1234567");
        assert_eq!(s(|o| hex(o, 0)), "0");
        assert_eq!(s(|o| hex(o, 0xbeef)), "beef");
        assert_eq!(s(|o| hex_pad(o, 0x800, 4)), "0800");
    }

    #[test]
    fn addresses() {
        assert_eq!(s(|o| ipv4(o, &[10, 0, 200, 255])), "10.0.200.255");
        let v6 = |b: [u8; 16]| s(|o| ipv6(o, &b));
        let mut a = [0u8; 16];
        assert_eq!(v6(a), "::");
        a[15] = 1;
        assert_eq!(v6(a), "::1");
        a = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        assert_eq!(v6(a), "fe80::1");
        a = [0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1];
        assert_eq!(v6(a), "2001:db8:0:1::1");
        a = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1];
        assert_eq!(v6(a), "::ffff:192.0.2.1");
        a = [0x20, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(v6(a), "2001::");
        assert_eq!(
            s(|o| mac(o, &[0, 0x1b, 0xff, 1, 2, 3])),
            "00:1b:ff:01:02:03"
        );
    }

    #[test]
    fn days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
