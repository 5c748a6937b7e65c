//! IEEE 802.15.4 (`LINKTYPE_IEEE802_15_4_WITHFCS`, `LINKTYPE_IEEE802_15_4_NOFCS` and the
//! pseudo-header of `LINKTYPE_IEEE802_15_4_TAP`), as tcpdump 4.99's `ieee802_15_4_if_print` and
//! `ieee802_15_4_tap_if_print` print it: the frame control, the addresses, the auxiliary
//! security header, the header and payload information elements, the beacon and MAC command
//! fields, the FCS check under `-vvv`, and a hex dump of the rest.
//!
//! - [`frame`]: the standard frames (beacon, data, ack, command) and the multipurpose frame.
//! - [`ie`]: the information element lists.
//! - [`names`]: the frame type, element, MLME and command names.
//!
//! The printer reads through its own small context ([`Ctx`]) rather than the walk's cursor:
//! tcpdump's frame length shrinks as the FCS and MIC are taken off while its reads still check
//! against the captured data, and its `-x` header length is the value the printer returns, so
//! [`header_len`] runs the same code with its output thrown away.

mod frame;
mod ie;
mod names;

use core::fmt::{self, Write};

use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};

/// The printer's view of one record: the bytes, where the captured data ends, the verbosity
/// and where the text goes.
pub(super) struct Ctx<'a, W: Write> {
    /// The record.
    p: &'a [u8],
    /// Where the captured data ends (tcpdump's `snapend`): reads past it stop the printer.
    end: usize,
    /// `-v` given this many times.
    v: u8,
    /// Whether the undecoded rest is dumped (`ndo_suppress_default_print` off).
    dflt: bool,
    /// The text.
    out: &'a mut W,
}

/// A result of the printer: `Err(Stop::Trunc)` is a read past the captured data (tcpdump's
/// `longjmp`).
type Res<T = ()> = Result<T, Stop>;

impl<W: Write> Ctx<'_, W> {
    /// The byte at `o` (`GET_U_1`).
    fn u8(&self, o: usize) -> Res<u8> {
        if o < self.end {
            Ok(self.p[o])
        } else {
            Err(Stop::Trunc)
        }
    }

    /// The little-endian unsigned integer of `n` bytes at `o` (`GET_LE_U_n`).
    fn le(&self, o: usize, n: usize) -> Res<u64> {
        match o.checked_add(n) {
            Some(e) if e <= self.end => Ok(self.p[o..e]
                .iter()
                .rev()
                .fold(0u64, |v, &b| (v << 8) | u64::from(b))),
            _ => Err(Stop::Trunc),
        }
    }

    /// The little-endian 16-bit field at `o`.
    fn le16(&self, o: usize) -> Res<u16> {
        Ok(self.le(o, 2)? as u16)
    }

    /// Writes `s`.
    fn s(&mut self, s: &str) -> Res {
        self.out.write_str(s)?;
        Ok(())
    }

    /// Writes formatted text.
    fn f(&mut self, a: fmt::Arguments<'_>) -> Res {
        self.out.write_fmt(a)?;
        Ok(())
    }

    /// `%02x ` for each of `n` bytes at `o`.
    fn hex_bytes(&mut self, o: usize, n: usize) -> Res {
        for i in 0..n {
            let b = self.u8(o + i)?;
            fmtx::hex2(self.out, b)?;
            self.s(" ")?;
        }
        Ok(())
    }

    /// The 64-bit address at `o`, its bytes from the last (`GET_LE64ADDR_STRING`).
    fn le64addr(&mut self, o: usize) -> Res {
        if o.checked_add(8).is_none_or(|e| e > self.end) {
            return Err(Stop::Trunc);
        }
        for i in (0..8).rev() {
            fmtx::hex2(self.out, self.p[o + i])?;
            if i != 0 {
                self.s(":")?;
            }
        }
        Ok(())
    }

    /// An address of `len` bytes (0, 2 or 8) at `o`.
    fn addr(&mut self, o: usize, len: u32) -> Res {
        match len {
            0 => self.s("none"),
            2 => {
                let a = self.le16(o)?;
                self.f(format_args!("{a:04x}"))
            }
            8 => self.le64addr(o),
            _ => Ok(()),
        }
    }

    /// ` [|802.15.4]` (`nd_print_trunc`), the printer carrying on.
    fn trunc(&mut self) -> Res {
        self.s(" [|802.15.4]")
    }

    /// The default printer on `len` bytes at `o` (the captured ones), unless suppressed.
    fn default_print(&mut self, o: usize, len: u32) -> Res {
        if !self.dflt {
            return Ok(());
        }
        let avail = self.end.saturating_sub(o);
        let n = (len as usize).min(avail);
        let data = if n == 0 { &[][..] } else { &self.p[o..o + n] };
        fmtx::hexdump(self.out, "\n\t", data, true)?;
        if len as usize > avail {
            self.trunc()?;
        }
        Ok(())
    }
}

/// `ieee802_15_4_print` on the frame at `at`, `caplen` bytes of it captured: what tcpdump
/// adds to the link-layer header length (the frame's `caplen` when shorter than the frame
/// control, 1 for a frame printed to its end, 0 otherwise).
fn frame_print<W: Write>(x: &mut Ctx<'_, W>, at: usize, caplen: u32) -> Res<u32> {
    if caplen < 2 {
        x.trunc()?;
        return Ok(caplen);
    }
    let fc = x.le16(at)?;
    let ft = fc & 7;
    x.s("IEEE 802.15.4 ")?;
    x.s(names::FRAME_TYPES[usize::from(ft)])?;
    x.s(" packet ")?;
    let ok = match ft {
        0..=3 => frame::std_frame(x, at, caplen, fc)?,
        5 => frame::mp_frame(x, at, caplen, fc)?,
        _ => false,
    };
    Ok(u32::from(ok))
}

/// The pseudo-header's fields and its length, or `None` where tcpdump prints the header
/// short or invalid.
fn tap_header<W: Write>(x: &mut Ctx<'_, W>, caplen: u32) -> Res<Result<u32, u32>> {
    if caplen < 4 {
        x.s(" [|802.15.4_tap]")?;
        return Ok(Err(caplen));
    }
    let version = x.u8(0)?;
    let length = u32::from(x.le16(2)?);
    if version != 0 || length < 4 {
        x.s(" (invalid)")?;
        return Ok(Err(0));
    }
    if caplen < length {
        x.s(" [|802.15.4_tap]")?;
        return Ok(Err(caplen));
    }
    Ok(Ok(length))
}

/// Runs the printer of `linktype` on the record: its header length, `Err` on a read past the
/// captured data.
fn run<W: Write>(x: &mut Ctx<'_, W>, tap: bool) -> Res<u32> {
    let caplen = x.end as u32;
    if !tap {
        return frame_print(x, 0, caplen);
    }
    match tap_header(x, caplen)? {
        Ok(len) => Ok(frame_print(x, len as usize, caplen - len)? + len),
        Err(n) => Ok(n),
    }
}

/// `ieee802_15_4_if_print` (`tap` false) and `ieee802_15_4_tap_if_print` (`tap` true).
pub(crate) fn if_print<W: Write>(c: &mut Cursor<'_, W>, tap: bool) -> R {
    c.proto = "802.15.4";
    let mut x = Ctx {
        p: c.p,
        end: c.snapend,
        v: c.vflag,
        dflt: c.default_print && !c.qflag && !c.xflag,
        out: &mut *c.out,
    };
    match run(&mut x, tap) {
        Ok(_) => Ok(()),
        Err(Stop::Trunc) => Err(c.jump()),
        Err(e) => Err(e),
    }
}

/// A writer that keeps nothing.
struct Sink;

impl Write for Sink {
    fn write_str(&mut self, _: &str) -> fmt::Result {
        Ok(())
    }
}

/// tcpdump's link-layer header length for a record of these link types (`-x` and `-X` dump
/// from there): what the printer returned, 0 when it stopped on a read past the captured data.
pub(crate) fn header_len(data: &[u8], tap: bool) -> usize {
    let mut sink = Sink;
    let mut x = Ctx {
        p: data,
        end: data.len(),
        v: 0,
        dflt: false,
        out: &mut sink,
    };
    run(&mut x, tap).map_or(0, |n| n as usize)
}

/// The FCS of 802.15.4's 2-byte check (CRC-16 with the bits taken least significant first,
/// starting from 0) over `n` bytes at `o`.
fn crc16<W: Write>(x: &Ctx<'_, W>, o: usize, n: u32) -> Res<u32> {
    let mut crc: u16 = 0;
    for i in 0..n as usize {
        crc ^= u16::from(x.u8(o + i)?);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x8408
            } else {
                crc >> 1
            };
        }
    }
    Ok(u32::from(crc))
}

/// The FCS of 802.15.4's 4-byte check (CRC-32 with the bits taken least significant first,
/// starting from 0, not inverted) over `n` bytes at `o`.
fn crc32<W: Write>(x: &Ctx<'_, W>, o: usize, n: u32) -> Res<u32> {
    let mut crc: u32 = 0;
    for i in 0..n as usize {
        crc ^= u32::from(x.u8(o + i)?);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    Ok(crc)
}
