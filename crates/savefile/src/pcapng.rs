//! pcapng: block types, option codes, the parsing of Interface Description and Interface
//! Statistics Blocks, timestamp resolutions, and [`PcapNgWriter`].

use std::io::Write;

use crate::{Error, Interface, LinkType, Packet, PacketWriter, RawTime, Stats, MAX_RECORD_LEN};

/// Section Header Block type; the same bytes in both byte orders.
pub(crate) const SHB: u32 = 0x0a0d_0d0a;
/// Interface Description Block type.
pub(crate) const IDB: u32 = 1;
/// Obsolete Packet Block type.
pub(crate) const PB: u32 = 2;
/// Simple Packet Block type.
pub(crate) const SPB: u32 = 3;
/// Interface Statistics Block type.
pub(crate) const ISB: u32 = 5;
/// Enhanced Packet Block type.
pub(crate) const EPB: u32 = 6;
/// The byte-order magic of a Section Header Block.
pub(crate) const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;

const OPT_END: u16 = 0;
const SHB_USERAPPL: u16 = 4;
const IF_NAME: u16 = 2;
const IF_TSRESOL: u16 = 9;
const IF_TSOFFSET: u16 = 14;
const ISB_STARTTIME: u16 = 2;
const ISB_ENDTIME: u16 = 3;
const ISB_IFRECV: u16 = 4;
const ISB_IFDROP: u16 = 5;
const ISB_FILTERACCEPT: u16 = 6;
const ISB_OSDROP: u16 = 7;
const ISB_USRDELIV: u16 = 8;

/// Rounds a length up to a multiple of 4.
pub(crate) fn pad4(n: usize) -> usize {
    (n + 3) & !3
}

/// Reads a `u16` at `off` of `b` in the given byte order; `b` must be long enough.
#[inline]
pub(crate) fn rd16(b: &[u8], off: usize, be: bool) -> u16 {
    let a: [u8; 2] = b[off..off + 2].try_into().expect("two bytes");
    if be {
        u16::from_be_bytes(a)
    } else {
        u16::from_le_bytes(a)
    }
}

/// Reads a `u32` at `off` of `b` in the given byte order; `b` must be long enough.
#[inline]
pub(crate) fn rd32(b: &[u8], off: usize, be: bool) -> u32 {
    let a: [u8; 4] = b[off..off + 4].try_into().expect("four bytes");
    if be {
        u32::from_be_bytes(a)
    } else {
        u32::from_le_bytes(a)
    }
}

/// Reads a `u64` at `off` of `b` in the given byte order; `b` must be long enough.
#[inline]
fn rd64(b: &[u8], off: usize, be: bool) -> u64 {
    let a: [u8; 8] = b[off..off + 8].try_into().expect("eight bytes");
    if be {
        u64::from_be_bytes(a)
    } else {
        u64::from_le_bytes(a)
    }
}

/// Reads a pcapng timestamp (high 32 bits, then low 32 bits) at `off`.
#[inline]
pub(crate) fn rd_ts(b: &[u8], off: usize, be: bool) -> u64 {
    (u64::from(rd32(b, off, be)) << 32) | u64::from(rd32(b, off + 4, be))
}

/// Calls `f` with the code and value of every option in `opts`, up to `opt_endofopt` or the end.
fn for_each_option(
    opts: &[u8],
    be: bool,
    mut f: impl FnMut(u16, &[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let mut i = 0;
    while i + 4 <= opts.len() {
        let code = rd16(opts, i, be);
        let len = usize::from(rd16(opts, i + 2, be));
        if code == OPT_END {
            return Ok(());
        }
        let start = i + 4;
        let end = start + len;
        if end > opts.len() {
            return Err(format!(
                "option {code} of {len} bytes runs past the end of its block"
            ));
        }
        f(code, &opts[start..end])?;
        i = start + pad4(len);
    }
    Ok(())
}

/// How a pcapng interface's timestamp ticks become nanoseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TsConv {
    scale: Scale,
    offset_ns: i128,
    /// `if_tsoffset`, in seconds.
    offset_s: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scale {
    /// Ticks of 10^-n s with n <= 9: multiply.
    Mul(u64),
    /// Ticks of 10^-n s with n > 9: divide.
    Div(u128),
    /// Ticks of 2^-n s.
    Shift(u32),
}

impl TsConv {
    /// The conversion for an `if_tsresol` byte (6, microseconds, when the option is absent).
    pub(crate) fn from_tsresol(v: u8) -> TsConv {
        let n = u32::from(v & 0x7f);
        let scale = if v & 0x80 != 0 {
            Scale::Shift(n)
        } else if n <= 9 {
            Scale::Mul(10u64.pow(9 - n))
        } else if n - 9 <= 38 {
            Scale::Div(10u128.pow(n - 9))
        } else {
            Scale::Div(u128::MAX)
        };
        TsConv {
            scale,
            offset_ns: 0,
            offset_s: 0,
        }
    }

    /// Nanoseconds per tick, rounded to the nearest whole number and at least 1.
    pub(crate) fn resolution_ns(self) -> u64 {
        match self.scale {
            Scale::Mul(m) => m,
            Scale::Div(_) => 1,
            Scale::Shift(s) => {
                let r = (1_000_000_000u128 + (1u128 << s >> 1)) >> s;
                r.max(1) as u64
            }
        }
    }

    /// [`TsConv::to_ns`], and whether it is exactly the time libpcap gives (decimal ticks
    /// without an offset, not overflowing): when it is not, [`TsConv::raw`] says what to print.
    #[inline]
    pub(crate) fn to_ns_exact(self, ticks: u64) -> (u64, bool) {
        if let (Scale::Mul(m), 0) = (self.scale, self.offset_ns) {
            if let Some(ns) = ticks.checked_mul(m) {
                return (ns, true);
            }
        }
        (self.to_ns(ticks), false)
    }

    /// `if_tsoffset` is 0.
    pub(crate) fn no_offset(self) -> bool {
        self.offset_s == 0
    }

    /// Converts ticks to nanoseconds since the epoch, clamped to `0..=u64::MAX`.
    #[inline]
    pub(crate) fn to_ns(self, ticks: u64) -> u64 {
        if let (Scale::Mul(m), 0) = (self.scale, self.offset_ns) {
            if let Some(ns) = ticks.checked_mul(m) {
                return ns;
            }
        }
        let t = u128::from(ticks);
        let ns = match self.scale {
            Scale::Mul(m) => t * u128::from(m),
            Scale::Div(d) => t / d,
            Scale::Shift(s) => (t * 1_000_000_000) >> s,
        };
        // ns < 2^64 * 10^9 < 2^94, so it fits an i128 with room for the offset.
        (ns as i128 + self.offset_ns).clamp(0, i128::from(u64::MAX)) as u64
    }

    /// The timestamp as libpcap's `sf-pcapng.c` computes it, unclamped: whole seconds of the
    /// ticks plus the offset, wrapping in 64 bits and read as signed (`time_t`), and the
    /// remainder in nanoseconds (rounded down, as libpcap's scaling of the fraction).
    pub(crate) fn raw(self, ticks: u64) -> RawTime {
        let t = u128::from(ticks);
        let (per_sec, frac_ns) = match self.scale {
            Scale::Mul(m) => {
                let per_sec = u128::from(1_000_000_000 / m);
                (per_sec, t % per_sec * u128::from(m))
            }
            Scale::Div(d) => {
                let per_sec = d.saturating_mul(1_000_000_000);
                (per_sec, t % per_sec / d)
            }
            Scale::Shift(s) if s < 64 => {
                let per_sec = 1u128 << s;
                (per_sec, (t % per_sec * 1_000_000_000) >> s)
            }
            // Every tick count is under a second.
            Scale::Shift(s) => (u128::MAX, (t * 1_000_000_000) >> s.min(127)),
        };
        let whole = (t / per_sec) as u64;
        RawTime {
            secs: whole.wrapping_add(self.offset_s as u64) as i64,
            frac: frac_ns as u32,
            frac_unit_ns: 1,
        }
    }
}

/// Parses the body of an Interface Description Block (everything between the block length
/// fields).
pub(crate) fn parse_idb(body: &[u8], be: bool) -> Result<(Interface, TsConv), String> {
    if body.len() < 8 {
        return Err(format!(
            "interface description block body of {} bytes, under 8",
            body.len()
        ));
    }
    let linktype = LinkType(u32::from(rd16(body, 0, be)));
    let snaplen = rd32(body, 4, be);
    let mut name = None;
    let mut conv = TsConv::from_tsresol(6);
    let mut offset_s: i64 = 0;
    for_each_option(&body[8..], be, |code, v| {
        match code {
            IF_NAME => name = Some(String::from_utf8_lossy(v).into_owned()),
            IF_TSRESOL => {
                if v.len() != 1 {
                    return Err(format!("if_tsresol option of {} bytes, not 1", v.len()));
                }
                conv = TsConv::from_tsresol(v[0]);
            }
            IF_TSOFFSET => {
                if v.len() != 8 {
                    return Err(format!("if_tsoffset option of {} bytes, not 8", v.len()));
                }
                offset_s = rd64(v, 0, be) as i64;
            }
            _ => {}
        }
        Ok(())
    })?;
    conv.offset_ns = i128::from(offset_s) * 1_000_000_000;
    conv.offset_s = offset_s;
    let iface = Interface {
        linktype,
        snaplen,
        name,
        ts_resolution_ns: conv.resolution_ns(),
    };
    Ok((iface, conv))
}

/// Parses the options of an Interface Statistics Block into `s`; options of the wrong length are
/// ignored, as they carry nothing a reader depends on.
pub(crate) fn parse_isb_options(
    opts: &[u8],
    be: bool,
    conv: TsConv,
    s: &mut Stats,
) -> Result<(), String> {
    for_each_option(opts, be, |code, v| {
        if v.len() != 8 {
            return Ok(());
        }
        match code {
            ISB_STARTTIME => s.start_ns = Some(conv.to_ns(rd_ts(v, 0, be))),
            ISB_ENDTIME => s.end_ns = Some(conv.to_ns(rd_ts(v, 0, be))),
            ISB_IFRECV => s.received = Some(rd64(v, 0, be)),
            ISB_IFDROP => s.dropped = Some(rd64(v, 0, be)),
            ISB_FILTERACCEPT => s.filter_accepted = Some(rd64(v, 0, be)),
            ISB_OSDROP => s.os_dropped = Some(rd64(v, 0, be)),
            ISB_USRDELIV => s.delivered = Some(rd64(v, 0, be)),
            _ => {}
        }
        Ok(())
    })
}

/// Writes a pcapng file (little-endian): one section, one Interface Description Block per
/// interface with `if_name` and `if_tsresol` = 9 (nanoseconds), an Enhanced Packet Block per
/// packet and an Interface Statistics Block per [`PacketWriter::write_stats`].
///
/// The Section Header Block is written by the first call of any [`PacketWriter`] method, so even
/// an empty capture flushed once is a valid file.
///
/// tshark and Wireshark read any mix of interfaces; libpcap, hence tcpdump, reads a file with
/// several interfaces only when they all have the same link type and snapshot length. Each packet is one `write_vectored` (header, data, trailer); other blocks one `write_all` from a reused
/// buffer: nothing is allocated per packet once the largest packet has been seen.
pub struct PcapNgWriter<W: Write> {
    w: W,
    application: String,
    shb_written: bool,
    interfaces: u32,
    written: u64,
    scratch: Vec<u8>,
}

impl<W: Write> PcapNgWriter<W> {
    /// A writer that names `application` in its section header (`shb_userappl`). Nothing is
    /// written until the first [`PacketWriter`] call.
    pub fn new(w: W, application: &str) -> PcapNgWriter<W> {
        PcapNgWriter {
            w,
            application: application.to_owned(),
            shb_written: false,
            interfaces: 0,
            written: 0,
            scratch: Vec::with_capacity(2048),
        }
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        &self.w
    }

    /// Gives back the underlying writer, without flushing it.
    pub fn into_inner(self) -> W {
        self.w
    }

    fn ensure_shb(&mut self) -> Result<(), Error> {
        if self.shb_written {
            return Ok(());
        }
        let app = std::mem::take(&mut self.application);
        let r = (|| {
            let mut b = Block::start(&mut self.scratch, SHB);
            b.u32(BYTE_ORDER_MAGIC);
            b.u16(1);
            b.u16(0);
            b.u64(u64::MAX); // section length unknown (-1)
            if !app.is_empty() {
                b.option(SHB_USERAPPL, app.as_bytes())?;
            }
            b.end_options();
            b.finish();
            self.emit()
        })();
        self.application = app;
        r?;
        self.shb_written = true;
        Ok(())
    }

    fn emit(&mut self) -> Result<(), Error> {
        self.w.write_all(&self.scratch)?;
        self.written += self.scratch.len() as u64;
        Ok(())
    }
}

/// Builds one block in a reused buffer: type, a length patched by `finish`, the body, the length.
struct Block<'a> {
    b: &'a mut Vec<u8>,
}

impl<'a> Block<'a> {
    fn start(b: &'a mut Vec<u8>, btype: u32) -> Block<'a> {
        b.clear();
        b.extend_from_slice(&btype.to_le_bytes());
        b.extend_from_slice(&[0; 4]);
        Block { b }
    }
    fn u16(&mut self, v: u16) {
        self.b.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.b.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.b.extend_from_slice(&v.to_le_bytes());
    }
    fn ts(&mut self, ns: u64) {
        self.u32((ns >> 32) as u32);
        self.u32(ns as u32);
    }
    fn padded(&mut self, data: &[u8]) {
        self.b.extend_from_slice(data);
        let pad = pad4(data.len()) - data.len();
        self.b.extend_from_slice(&[0; 3][..pad]);
    }
    fn option(&mut self, code: u16, v: &[u8]) -> Result<(), Error> {
        let len = u16::try_from(v.len()).map_err(|_| {
            Error::Unrepresentable(format!(
                "option {code} of {} bytes is over 65535 bytes",
                v.len()
            ))
        })?;
        self.u16(code);
        self.u16(len);
        self.padded(v);
        Ok(())
    }
    fn end_options(&mut self) {
        self.u32(0);
    }
    fn finish(self) {
        let len = (self.b.len() + 4) as u32;
        self.b[4..8].copy_from_slice(&len.to_le_bytes());
        self.b.extend_from_slice(&len.to_le_bytes());
    }
}

impl<W: Write> PacketWriter for PcapNgWriter<W> {
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, Error> {
        self.ensure_shb()?;
        let linktype = u16::try_from(iface.linktype.0).map_err(|_| {
            Error::Unrepresentable(format!(
                "link type {} is over 65535, the pcapng limit",
                iface.linktype.0
            ))
        })?;
        let mut b = Block::start(&mut self.scratch, IDB);
        b.u16(linktype);
        b.u16(0);
        b.u32(iface.snaplen);
        if let Some(name) = &iface.name {
            b.option(IF_NAME, name.as_bytes())?;
        }
        b.option(IF_TSRESOL, &[9])?;
        b.end_options();
        b.finish();
        self.emit()?;
        self.interfaces += 1;
        Ok(self.interfaces - 1)
    }

    fn write_packet(&mut self, p: &Packet<'_>) -> Result<(), Error> {
        if p.interface >= self.interfaces {
            return Err(Error::UnknownInterface(p.interface));
        }
        if p.data.len() > MAX_RECORD_LEN - 64 {
            return Err(Error::Unrepresentable(format!(
                "a packet of {} bytes is over the 256 MiB limit",
                p.data.len()
            )));
        }
        // The hot path: the fixed part as one array, then the data, padding and trailer.
        let caplen = p.data.len();
        let padded = pad4(caplen);
        let total = (32 + padded) as u32;
        let mut h = [0u8; 28];
        h[0..4].copy_from_slice(&EPB.to_le_bytes());
        h[4..8].copy_from_slice(&total.to_le_bytes());
        h[8..12].copy_from_slice(&p.interface.to_le_bytes());
        h[12..16].copy_from_slice(&((p.ts_ns >> 32) as u32).to_le_bytes());
        h[16..20].copy_from_slice(&(p.ts_ns as u32).to_le_bytes());
        h[20..24].copy_from_slice(&(caplen as u32).to_le_bytes());
        h[24..28].copy_from_slice(&p.orig_len.to_le_bytes());
        let mut tail = [0u8; 7];
        let pad = padded - caplen;
        tail[pad..pad + 4].copy_from_slice(&total.to_le_bytes());
        crate::write_record(&mut self.w, [&h, p.data, &tail[..pad + 4]])?;
        self.written += u64::from(total);
        Ok(())
    }

    fn write_stats(&mut self, interface: u32, s: &Stats) -> Result<(), Error> {
        self.ensure_shb()?;
        if interface >= self.interfaces {
            return Err(Error::UnknownInterface(interface));
        }
        let mut b = Block::start(&mut self.scratch, ISB);
        b.u32(interface);
        b.ts(s.ts_ns);
        let opt_ts = |b: &mut Block<'_>, code: u16, v: Option<u64>| {
            if let Some(ns) = v {
                b.u16(code);
                b.u16(8);
                b.ts(ns);
            }
        };
        opt_ts(&mut b, ISB_STARTTIME, s.start_ns);
        opt_ts(&mut b, ISB_ENDTIME, s.end_ns);
        let counters = [
            (ISB_IFRECV, s.received),
            (ISB_IFDROP, s.dropped),
            (ISB_FILTERACCEPT, s.filter_accepted),
            (ISB_OSDROP, s.os_dropped),
            (ISB_USRDELIV, s.delivered),
        ];
        for (code, v) in counters {
            if let Some(v) = v {
                b.u16(code);
                b.u16(8);
                b.u64(v);
            }
        }
        b.end_options();
        b.finish();
        self.emit()
    }

    fn flush(&mut self) -> Result<(), Error> {
        self.ensure_shb()?;
        self.w.flush()?;
        Ok(())
    }

    fn bytes_written(&self) -> u64 {
        self.written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsresol_conversions() {
        let us = TsConv::from_tsresol(6);
        assert_eq!(us.to_ns(1_500_000), 1_500_000_000);
        assert_eq!(us.resolution_ns(), 1000);
        let ns = TsConv::from_tsresol(9);
        assert_eq!(ns.to_ns(u64::MAX), u64::MAX);
        assert_eq!(ns.resolution_ns(), 1);
        let ps = TsConv::from_tsresol(12);
        assert_eq!(ps.to_ns(1_000_000_000_000), 1_000_000_000);
        assert_eq!(ps.resolution_ns(), 1);
        let s = TsConv::from_tsresol(0);
        assert_eq!(s.to_ns(3), 3_000_000_000);
        assert_eq!(s.to_ns(u64::MAX), u64::MAX, "saturates");
        // 2^-10 s ticks: 1024 ticks per second.
        let bin = TsConv::from_tsresol(0x80 | 10);
        assert_eq!(bin.to_ns(1024), 1_000_000_000);
        assert_eq!(bin.to_ns(1), 976_562);
        assert_eq!(bin.resolution_ns(), 976_563);
        let bin30 = TsConv::from_tsresol(0x80 | 30);
        assert_eq!(bin30.resolution_ns(), 1);
        for v in 0..=255u8 {
            let c = TsConv::from_tsresol(v);
            let _ = c.to_ns(u64::MAX);
            let _ = c.to_ns(0);
            assert!(c.resolution_ns() >= 1);
        }
    }

    #[test]
    fn tsoffset_applies() {
        // if_tsresol 9, if_tsoffset -1 s.
        let mut body = vec![1, 0, 0, 0, 0, 0, 4, 0];
        body.extend_from_slice(&[9, 0, 1, 0, 9, 0, 0, 0]);
        body.extend_from_slice(&[14, 0, 8, 0]);
        body.extend_from_slice(&(-1i64).to_le_bytes());
        body.extend_from_slice(&[0, 0, 0, 0]);
        let (iface, conv) = parse_idb(&body, false).unwrap();
        assert_eq!(iface.linktype, LinkType::ETHERNET);
        assert_eq!(iface.snaplen, 0x40000);
        assert_eq!(conv.to_ns(5_000_000_000), 4_000_000_000);
        assert_eq!(conv.to_ns(5), 0, "clamped at the epoch");
    }

    #[test]
    fn options_past_the_end_are_errors() {
        let body = [1, 0, 0, 0, 0, 0, 4, 0, 2, 0, 9, 0, b'e', b't'];
        assert!(parse_idb(&body, false).is_err());
        let body = [1, 0, 0, 0, 0, 0, 4, 0, 9, 0, 2, 0, 9, 9, 0, 0];
        assert!(parse_idb(&body, false).is_err(), "if_tsresol of 2 bytes");
    }
}
