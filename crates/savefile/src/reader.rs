//! [`Reader`]: one streaming, lending reader for pcap and pcapng.

use std::io::{self, Read};
use std::ops::{ControlFlow, Range};

use crate::pcap::{
    max_snaplen_for, FILE_HEADER_LEN, MAGIC_KUZNETSOV, MAGIC_NS, MAGIC_US, RECORD_HEADER_LEN,
    RECORD_HEADER_LEN_KUZNETSOV,
};
use crate::pcapng::{
    self, parse_idb, parse_isb_options, rd16, rd32, rd_ts, TsConv, BYTE_ORDER_MAGIC, EPB, IDB, ISB,
    PB, SHB, SPB,
};
use crate::{Error, Format, Interface, LinkType, Packet, RawTime, Stats, MAX_RECORD_LEN};

/// Size of the first read buffer; it grows only for records that do not fit.
const INITIAL_BUF: usize = 1 << 20;
/// The reserved bits of a pcap header's link-type field (libpcap's `LT_RESERVED1`).
const LINKTYPE_RESERVED: u32 = 0x03ff_0000;

/// Where a packet lies in the buffer, and its metadata: what the parsing loop hands back before
/// the packet is lent out.
struct Meta {
    interface: u32,
    ts_ns: u64,
    /// The timestamp fields as read, for [`Reader::last_raw_time`]: a pcap record's seconds
    /// (high half) and fraction (low half), or a pcapng block's ticks (0 for a Simple Packet
    /// Block, as libpcap).
    stamp: u64,
    /// `ts_ns` says exactly what the file holds (no damaged fraction, no time before 1970, not
    /// a Simple Packet Block of an interface with an offset): the raw time need not be made.
    exact: bool,
    orig_len: u32,
    start: usize,
    len: usize,
}

/// Reads packets from a pcap or pcapng stream, detected by its magic number.
///
/// Each [`Packet`] borrows the reader's buffer until the next call; in the steady state nothing is
/// allocated per packet. Like libpcap's `sf-pcap.c`, the reader accepts a pcap record longer than
/// the file's snapshot length and cuts it to that length (a snapshot length of 0, or over the
/// link type's maximum, counts as that maximum: 262144 bytes for most link types), and rejects a
/// record longer than the link type's maximum as [`Error::Malformed`]. Files with Alexey
/// Kuznetsov's magic `a1b2cd34` (24-byte record headers) are read as libpcap reads them. After a [`Error::Truncated`] or [`Error::Malformed`] error the reader is
/// finished and returns `Ok(None)`; an [`Error::Io`] leaves it where it was, so the call can be
/// retried.
///
/// ```
/// use promisc_savefile::{Interface, LinkType, Packet, PacketWriter, PcapWriter, Reader};
///
/// let mut w = PcapWriter::new(Vec::new(), true);
/// w.add_interface(&Interface::new(LinkType::ETHERNET, 65535))?;
/// w.write_packet(&Packet { interface: 0, ts_ns: 1_500_000_000, orig_len: 60, data: &[0; 60] })?;
///
/// let file = w.into_inner();
/// let mut r = Reader::new(&file[..])?;
/// while let Some(p) = r.next_packet()? {
///     assert_eq!((p.ts_ns, p.data.len()), (1_500_000_000, 60));
/// }
/// assert_eq!(r.interfaces()[0].linktype, LinkType::ETHERNET);
/// # Ok::<(), promisc_savefile::Error>(())
/// ```
pub struct Reader<R: Read> {
    inner: R,
    /// Unread data is `buf[pos..end]`.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// Stream offset of `buf[0]`.
    base: u64,
    eof: bool,
    /// Finished after a format error: every later call returns `Ok(None)`.
    done: bool,
    format: Format,
    /// The file (pcap) or current section (pcapng) is big-endian.
    be: bool,
    /// pcap: nanosecond magic.
    nanos: bool,
    /// pcap: the record header length (16, or 24 for Kuznetsov's format).
    rec_hdr: usize,
    /// pcap: the most bytes of a record handed over (libpcap's adjusted snapshot length).
    snapshot: usize,
    /// pcap: the longest record accepted (libpcap's `max_snaplen_for_dlt`).
    max_caplen: usize,
    /// pcapng: index in `interfaces` of the current section's interface 0.
    section_first: usize,
    interfaces: Vec<Interface>,
    /// pcapng: one timestamp conversion per entry of `interfaces`.
    convs: Vec<TsConv>,
    stats: Vec<(u32, Stats)>,
    /// `stamp` and `interface` of the last packet returned.
    last: (u64, u32),
}

impl<R: Read> Reader<R> {
    /// Reads the file header (pcap) or first Section Header Block (pcapng).
    ///
    /// A stream that starts with neither magic number gives [`Error::UnknownFormat`].
    pub fn new(inner: R) -> Result<Reader<R>, Error> {
        Reader::with_buffer_size(inner, INITIAL_BUF)
    }

    /// [`Reader::new`] with a first buffer of `size` bytes (at least 64) instead of 1 MiB.
    ///
    /// Each read asks the inner reader for as much as the buffer holds; the buffer grows only for
    /// a record that does not fit, and never beyond the data actually read.
    pub fn with_buffer_size(inner: R, size: usize) -> Result<Reader<R>, Error> {
        let mut r = Reader {
            inner,
            buf: vec![0; size.max(64)],
            pos: 0,
            end: 0,
            base: 0,
            eof: false,
            done: false,
            format: Format::Pcap,
            be: false,
            nanos: false,
            rec_hdr: RECORD_HEADER_LEN,
            snapshot: MAX_RECORD_LEN,
            max_caplen: MAX_RECORD_LEN,
            section_first: 0,
            interfaces: Vec::new(),
            convs: Vec::new(),
            stats: Vec::new(),
            last: (0, 0),
        };
        r.need(4, "file magic number")?;
        let m = [r.buf[0], r.buf[1], r.buf[2], r.buf[3]];
        let le = u32::from_le_bytes(m);
        let be = u32::from_be_bytes(m);
        if be == pcapng::SHB {
            r.format = Format::PcapNg;
            r.read_shb()?;
        } else if [MAGIC_US, MAGIC_NS, MAGIC_KUZNETSOV].contains(&le)
            || [MAGIC_US, MAGIC_NS, MAGIC_KUZNETSOV].contains(&be)
        {
            r.be = [MAGIC_US, MAGIC_NS, MAGIC_KUZNETSOV].contains(&be);
            r.nanos = le == MAGIC_NS || be == MAGIC_NS;
            if le == MAGIC_KUZNETSOV || be == MAGIC_KUZNETSOV {
                r.rec_hdr = RECORD_HEADER_LEN_KUZNETSOV;
            }
            r.read_pcap_header()?;
        } else {
            return Err(Error::UnknownFormat { magic: be });
        }
        Ok(r)
    }

    /// The next packet, `Ok(None)` at the end of the stream.
    ///
    /// pcapng blocks that carry no packet (interface descriptions, statistics, name resolution,
    /// decryption secrets, unknown types) are consumed on the way.
    pub fn next_packet(&mut self) -> Result<Option<Packet<'_>>, Error> {
        match self.advance()? {
            Some(m) => {
                self.last = (m.stamp, m.interface);
                Ok(Some(self.lend(&m)))
            }
            None => Ok(None),
        }
    }

    /// [`Reader::next_packet`], with the interfaces known so far (the packet's among them).
    ///
    /// The packet borrows the reader, so [`Reader::interfaces`] cannot be called while it is held;
    /// this is how to copy a pcapng file with interfaces declared as they appear:
    ///
    /// ```
    /// # use promisc_savefile::*;
    /// # let mut src = PcapNgWriter::new(Vec::new(), "copy");
    /// # src.add_interface(&Interface::new(LinkType::ETHERNET, 0))?;
    /// # src.write_packet(&Packet { interface: 0, ts_ns: 1, orig_len: 1, data: &[1] })?;
    /// # let input = src.into_inner();
    /// let mut r = Reader::new(&input[..])?;
    /// let mut w = PcapNgWriter::new(Vec::new(), "copy");
    /// let mut declared = 0;
    /// while let Some((p, interfaces)) = r.next_packet_with_interfaces()? {
    ///     while declared <= p.interface as usize {
    ///         w.add_interface(&interfaces[declared])?;
    ///         declared += 1;
    ///     }
    ///     w.write_packet(&p)?;
    /// }
    /// # assert_eq!(w.into_inner(), input);
    /// # Ok::<(), promisc_savefile::Error>(())
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn next_packet_with_interfaces(
        &mut self,
    ) -> Result<Option<(Packet<'_>, &[Interface])>, Error> {
        match self.advance()? {
            Some(m) => {
                self.last = (m.stamp, m.interface);
                Ok(Some((self.lend(&m), &self.interfaces)))
            }
            None => Ok(None),
        }
    }

    /// [`Reader::next_packet_with_interfaces`], with the packet's timestamp as the file holds it
    /// ([`Reader::last_raw_time`]) when it differs from what [`Packet::ts_ns`] says, for
    /// printing it as tcpdump does. `None` (the common case, decided with a comparison per
    /// packet) means `ts_ns` is exact.
    ///
    /// ```
    /// # use promisc_savefile::*;
    /// let mut w = PcapWriter::new(Vec::new(), false);
    /// w.add_interface(&Interface::new(LinkType::RAW, 0))?;
    /// w.write_packet(&Packet { interface: 0, ts_ns: 2_000_003_000, orig_len: 1, data: &[1] })?;
    /// let file = w.into_inner();
    /// let mut r = Reader::new(&file[..])?;
    /// let (p, _, raw) = r.next_packet_with_raw_time()?.unwrap();
    /// assert_eq!(p.ts_ns, 2_000_003_000);
    /// assert_eq!(raw, None, "ts_ns is exact");
    /// assert_eq!(r.last_raw_time(), RawTime { secs: 2, frac: 3, frac_unit_ns: 1000 });
    /// # Ok::<(), promisc_savefile::Error>(())
    /// ```
    #[allow(clippy::type_complexity)]
    #[inline]
    pub fn next_packet_with_raw_time(
        &mut self,
    ) -> Result<Option<(Packet<'_>, &[Interface], Option<RawTime>)>, Error> {
        match self.advance()? {
            Some(m) => {
                self.last = (m.stamp, m.interface);
                let raw = if m.exact {
                    None
                } else {
                    Some(self.inexact_raw_time())
                };
                Ok(Some((self.lend(&m), &self.interfaces, raw)))
            }
            None => Ok(None),
        }
    }

    /// Hands `each` every whole pcap record already in the buffer, in order, with its raw time
    /// as [`Reader::next_packet_with_raw_time`] gives it, until `each` breaks (the packet it was
    /// given is consumed) or the buffer holds no further whole record that needs nothing but
    /// reading: then it returns `Continue` and [`Reader::next_packet_with_raw_time`] reads on
    /// (refilling the buffer, cutting a record to the snapshot length, or reporting damage).
    /// Nothing happens for pcapng, whose packets come from [`Reader::next_packet_with_raw_time`]
    /// alone; a pcap file has one interface, index 0, known from the start.
    ///
    /// This is the same parse as [`Reader::next_packet_with_raw_time`] with the reader's state
    /// kept in locals across the records of a buffer, for callers that handle millions of
    /// packets (`promisc read`): the record walk is a chain of loads each waiting for the last
    /// record's length, and a round trip of the position through memory lengthened it.
    ///
    /// ```
    /// # use promisc_savefile::*;
    /// use std::ops::ControlFlow;
    /// let mut w = PcapWriter::new(Vec::new(), false);
    /// w.add_interface(&Interface::new(LinkType::RAW, 0))?;
    /// for i in 0..3u8 {
    ///     w.write_packet(&Packet { interface: 0, ts_ns: 1_000, orig_len: 1, data: &[i] })?;
    /// }
    /// let file = w.into_inner();
    /// let mut r = Reader::new(&file[..])?;
    /// let mut seen = Vec::new();
    /// loop {
    ///     let flow = r.buffered_packets(|p, raw| {
    ///         seen.push(p.data[0]);
    ///         assert_eq!(raw, None);
    ///         ControlFlow::<()>::Continue(())
    ///     });
    ///     assert!(flow.is_continue());
    ///     match r.next_packet_with_raw_time()? {
    ///         Some((p, _, _)) => seen.push(p.data[0]),
    ///         None => break,
    ///     }
    /// }
    /// assert_eq!(seen, [0, 1, 2]);
    /// # Ok::<(), promisc_savefile::Error>(())
    /// ```
    #[inline]
    pub fn buffered_packets<B>(
        &mut self,
        mut each: impl FnMut(Packet<'_>, Option<RawTime>) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        self.buffered_records(|p, raw, _| each(p, raw)).0
    }

    /// [`Reader::buffered_packets`], with where each packet's whole record (header and data,
    /// as the file holds them) lies in the bytes returned with the flow: for copying records
    /// unchanged, several at once where they follow each other (`promisc read -w` of a pcap
    /// file into one of the same kind). The bytes are the reader's buffer, which this call
    /// does not change.
    ///
    /// ```
    /// # use promisc_savefile::*;
    /// use std::ops::ControlFlow;
    /// let mut w = PcapWriter::new(Vec::new(), false);
    /// w.add_interface(&Interface::new(LinkType::RAW, 0))?;
    /// for i in 0..3u8 {
    ///     w.write_packet(&Packet { interface: 0, ts_ns: 1_000, orig_len: 1, data: &[i] })?;
    /// }
    /// let file = w.into_inner();
    /// let mut r = Reader::new(&file[..])?;
    /// let first = r.next_packet()?.unwrap().data[0];
    /// let mut ranges = Vec::new();
    /// let (flow, bytes) = r.buffered_records(|_, _, at| {
    ///     ranges.push(at);
    ///     ControlFlow::<()>::Continue(())
    /// });
    /// assert!(flow.is_continue());
    /// // The other two records, as written.
    /// assert_eq!((first, ranges.len()), (0, 2));
    /// assert_eq!(&bytes[ranges[0].start..ranges[1].end], &file[24 + 17..]);
    /// # Ok::<(), promisc_savefile::Error>(())
    /// ```
    #[inline]
    pub fn buffered_records<B>(
        &mut self,
        mut each: impl FnMut(Packet<'_>, Option<RawTime>, Range<usize>) -> ControlFlow<B>,
    ) -> (ControlFlow<B>, &[u8]) {
        if self.format != Format::Pcap || self.done {
            return (ControlFlow::Continue(()), &[]);
        }
        let (be, nanos, hl, snapshot) = (self.be, self.nanos, self.rec_hdr, self.snapshot);
        let buf = &self.buf[..self.end];
        let mut pos = self.pos;
        let mut last = self.last;
        let mut flow = ControlFlow::Continue(());
        while let Some(h) = buf.get(pos..pos + hl) {
            let caplen = rd32(h, 8, be) as usize;
            let start = pos + hl;
            let Some(data) = buf.get(start..start + caplen) else {
                break;
            };
            if caplen > snapshot {
                break;
            }
            let m = pcap_meta(h, be, nanos, start, caplen);
            pos = start + caplen;
            last = (m.stamp, 0);
            let raw = (!m.exact).then(|| pcap_raw_time(m.stamp, nanos));
            let p = Packet {
                interface: 0,
                ts_ns: m.ts_ns,
                orig_len: m.orig_len,
                data,
            };
            if let ControlFlow::Break(b) = each(p, raw, start - hl..pos) {
                flow = ControlFlow::Break(b);
                break;
            }
        }
        self.pos = pos;
        self.last = last;
        (flow, &self.buf[..self.end])
    }

    /// The timestamp of the packet last returned as the file holds it, which [`Packet::ts_ns`]
    /// normalises: a pcap sub-second field of a second or more is kept as it is rather than
    /// carried into the seconds, and a pcapng time before 1970 (a negative `if_tsoffset`) keeps
    /// its negative seconds rather than being clamped to 0. These are the values libpcap hands
    /// tcpdump. Before the first packet it means nothing.
    pub fn last_raw_time(&self) -> RawTime {
        let (stamp, interface) = self.last;
        match self.format {
            Format::Pcap => pcap_raw_time(stamp, self.nanos),
            Format::PcapNg => match self.convs.get(interface as usize) {
                Some(conv) => conv.raw(stamp),
                None => RawTime {
                    secs: 0,
                    frac: 0,
                    frac_unit_ns: 1,
                },
            },
        }
    }

    /// [`Reader::last_raw_time`] out of line, for the rare packet whose `ts_ns` is not exact:
    /// inlined, its pcapng conversion (128-bit divisions) weighed on the hot loop.
    #[cold]
    #[inline(never)]
    fn inexact_raw_time(&self) -> RawTime {
        self.last_raw_time()
    }

    fn lend(&self, m: &Meta) -> Packet<'_> {
        Packet {
            interface: m.interface,
            ts_ns: m.ts_ns,
            orig_len: m.orig_len,
            data: &self.buf[m.start..m.start + m.len],
        }
    }

    /// Finds the next packet and consumes it; finishes the reader at the end or on a format error.
    #[inline(always)]
    fn advance(&mut self) -> Result<Option<Meta>, Error> {
        // The hot path: a whole, sane pcap record already in the buffer. Bytes past `end` may be
        // stale, but a header that reaches past `end` fails the `start + caplen <= end` test.
        if self.format == Format::Pcap && !self.done {
            if let Some(h) = self.buf.get(self.pos..self.pos + self.rec_hdr) {
                let caplen = rd32(h, 8, self.be) as usize;
                let start = self.pos + self.rec_hdr;
                if caplen <= self.snapshot && start + caplen <= self.end {
                    let m = pcap_meta(h, self.be, self.nanos, start, caplen);
                    self.pos = start + caplen;
                    return Ok(Some(m));
                }
            }
        }
        self.advance_slow()
    }

    /// [`Reader::advance`] for everything but a whole pcap record in the buffer.
    #[inline(never)]
    fn advance_slow(&mut self) -> Result<Option<Meta>, Error> {
        if self.done {
            return Ok(None);
        }
        let r = match self.format {
            Format::Pcap => self.next_pcap(),
            Format::PcapNg => self.next_pcapng(),
        };
        match &r {
            Ok(None) => self.done = true,
            Err(e) if !matches!(e, Error::Io(_)) => self.done = true,
            _ => {}
        }
        r
    }

    /// The interfaces seen so far: one for pcap, one per Interface Description Block read so far
    /// (over every section) for pcapng.
    pub fn interfaces(&self) -> &[Interface] {
        &self.interfaces
    }

    /// The Interface Statistics Blocks read so far, with the index of their interface in
    /// [`Reader::interfaces`].
    pub fn stats(&self) -> &[(u32, Stats)] {
        &self.stats
    }

    /// Whether the file (the current pcapng section) is big-endian: what libpcap calls a
    /// swapped file on a little-endian machine.
    pub fn big_endian(&self) -> bool {
        self.be
    }

    /// `Some(nanos)` when the file's records are as [`crate::PcapWriter`] writes them with
    /// nanosecond timestamps when `nanos` (a classic pcap file in little-endian order with
    /// 16-byte record headers, not Kuznetsov's), so that one whose timestamp is exact can be
    /// copied into such a writer unchanged ([`crate::PcapWriter::write_records`]); `None`
    /// otherwise.
    pub fn pcap_as_written(&self) -> Option<bool> {
        (self.format == Format::Pcap && !self.be && self.rec_hdr == RECORD_HEADER_LEN)
            .then_some(self.nanos)
    }

    /// The stream's format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// How many bytes of the stream have been consumed: the offset of the next record or block.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Makes at least `n` bytes available at `buf[pos..]`, or returns `Ok(false)` at the end of
    /// the stream. Grows the buffer only as data actually arrives, so a bogus length in a short
    /// file never allocates much.
    #[inline]
    fn fill(&mut self, n: usize) -> io::Result<bool> {
        if self.end - self.pos >= n {
            return Ok(true);
        }
        self.fill_slow(n)
    }

    #[inline(never)]
    fn fill_slow(&mut self, n: usize) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.buf.len() - self.pos < n && self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.base += self.pos as u64;
            self.end -= self.pos;
            self.pos = 0;
        }
        while self.end - self.pos < n {
            if self.end == self.buf.len() {
                let want = (self.pos + n).min(self.buf.len().saturating_mul(2));
                self.buf.resize(want, 0);
            }
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(k) => self.end += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// [`Reader::fill`], with a [`Error::Truncated`] for a short stream.
    #[inline]
    fn need(&mut self, n: usize, what: &'static str) -> Result<(), Error> {
        if self.fill(n)? {
            Ok(())
        } else {
            Err(self.truncated(n, what))
        }
    }

    fn truncated(&self, needed: usize, what: &'static str) -> Error {
        Error::Truncated {
            offset: self.offset(),
            what,
            needed: needed as u64,
            available: (self.end - self.pos) as u64,
        }
    }

    fn malformed(&self, what: String) -> Error {
        Error::Malformed {
            offset: self.offset(),
            what,
        }
    }

    fn read_pcap_header(&mut self) -> Result<(), Error> {
        self.need(FILE_HEADER_LEN, "pcap file header")?;
        let h = &self.buf[self.pos..self.pos + FILE_HEADER_LEN];
        let major = rd16(h, 4, self.be);
        let minor = rd16(h, 6, self.be);
        let snaplen = rd32(h, 16, self.be);
        let linktype = rd32(h, 20, self.be);
        // libpcap reads versions 2.0 to 2.4 (and DG/UX's 543.0, which nothing writes now).
        if major != 2 || minor > 4 {
            return Err(self.malformed(format!(
                "unsupported pcap version {major}.{minor} (libpcap reads 2.0 to 2.4)"
            )));
        }
        // Bits 16-25 of the link-type field are reserved and must be zero (libpcap refuses
        // the file otherwise: it cannot know what such a link type means).
        if linktype & LINKTYPE_RESERVED != 0 {
            return Err(self.malformed(format!(
                "link-type field 0x{linktype:08x} has reserved bits set (0x{:08x}): not a pcap file libpcap reads",
                linktype & LINKTYPE_RESERVED
            )));
        }
        self.max_caplen = max_snaplen_for(linktype & 0xffff) as usize;
        self.snapshot = match snaplen as usize {
            0 => self.max_caplen,
            n if n > self.max_caplen => self.max_caplen,
            n => n,
        };
        if self.rec_hdr == RECORD_HEADER_LEN_KUZNETSOV && linktype & 0xffff == 1 {
            // libpcap assumes a cooked capture with a made-up 14-byte Ethernet header.
            self.snapshot = (self.snapshot + 14).min(i32::MAX as usize);
        }
        self.interfaces.push(Interface {
            linktype: LinkType(linktype & 0xffff),
            snaplen,
            name: None,
            ts_resolution_ns: if self.nanos { 1 } else { 1000 },
        });
        self.pos += FILE_HEADER_LEN;
        Ok(())
    }

    fn next_pcap(&mut self) -> Result<Option<Meta>, Error> {
        let hl = self.rec_hdr;
        if !self.fill(hl)? {
            if self.end == self.pos {
                return Ok(None);
            }
            return Err(self.truncated(hl, "pcap record header"));
        }
        let caplen = rd32(&self.buf, self.pos + 8, self.be) as usize;
        // libpcap's sf-pcap.c: over the link type's maximum is an error; over the snapshot
        // length the record is read whole and cut to it.
        if caplen > self.max_caplen {
            let limit = if caplen > self.snapshot {
                format!("snaplen of {}", self.snapshot)
            } else {
                format!("maximum of {}", self.max_caplen)
            };
            return Err(self.malformed(format!(
                "invalid packet capture length {caplen}, bigger than {limit}"
            )));
        }
        let total = hl + caplen;
        self.need(total, "pcap record")?;
        let start = self.pos + hl;
        let m = pcap_meta(
            &self.buf[self.pos..start],
            self.be,
            self.nanos,
            start,
            caplen.min(self.snapshot),
        );
        self.pos += total;
        Ok(Some(m))
    }

    /// Reads the Section Header Block at `pos`: sets the byte order and starts a new interface
    /// numbering.
    fn read_shb(&mut self) -> Result<(), Error> {
        self.need(12, "pcapng section header")?;
        let p = self.pos;
        let bom = [
            self.buf[p + 8],
            self.buf[p + 9],
            self.buf[p + 10],
            self.buf[p + 11],
        ];
        self.be = if u32::from_le_bytes(bom) == BYTE_ORDER_MAGIC {
            false
        } else if u32::from_be_bytes(bom) == BYTE_ORDER_MAGIC {
            true
        } else {
            return Err(self.malformed(format!(
                "section header with a bad byte-order magic 0x{:08x}",
                u32::from_be_bytes(bom)
            )));
        };
        let len = self.block_len(28)?;
        let b = &self.buf[self.pos..self.pos + len];
        let major = rd16(b, 12, self.be);
        let minor = rd16(b, 14, self.be);
        // libpcap opens a file whose first section is version 1.0 or 1.2 (1.2 differs from
        // 1.0 in name only); of later sections it checks the major version only.
        let first = self.offset() == 0;
        if major != 1 || (first && !(minor == 0 || minor == 2)) {
            return Err(self.malformed(format!(
                "unsupported pcapng section version {major}.{minor} (libpcap reads 1.0 and 1.2)"
            )));
        }
        self.section_first = self.interfaces.len();
        self.pos += len;
        Ok(())
    }

    /// Checks the total length of the block at `pos` (at least `min`, a multiple of 4, within the
    /// cap), reads the whole block in and checks its trailing copy of the length.
    #[inline]
    fn block_len(&mut self, min: usize) -> Result<usize, Error> {
        let len = rd32(&self.buf, self.pos + 4, self.be) as usize;
        if len < min || len % 4 != 0 || len > MAX_RECORD_LEN {
            let btype = rd32(&self.buf, self.pos, self.be);
            return Err(self.malformed(format!(
                "block of type 0x{btype:08x} with a total length of {len} bytes \
                 (must be a multiple of 4 from {min} to 256 MiB)"
            )));
        }
        self.need(len, "pcapng block")?;
        let trailer = rd32(&self.buf, self.pos + len - 4, self.be) as usize;
        if trailer != len {
            return Err(self.malformed(format!(
                "block total length {len} does not match its trailing copy {trailer}"
            )));
        }
        Ok(len)
    }

    /// The index in `interfaces` of the current section's interface `local`.
    fn interface(&self, local: u32, what: &str) -> Result<usize, Error> {
        let avail = self.interfaces.len() - self.section_first;
        if (local as usize) < avail {
            Ok(self.section_first + local as usize)
        } else if avail == 0 {
            Err(self.malformed(format!(
                "{what} for interface {local} before any interface description block"
            )))
        } else {
            Err(self.malformed(format!(
                "{what} for interface {local}, but the section describes only {avail}"
            )))
        }
    }

    fn next_pcapng(&mut self) -> Result<Option<Meta>, Error> {
        loop {
            if !self.fill(8)? {
                if self.end == self.pos {
                    return Ok(None);
                }
                return Err(self.truncated(8, "pcapng block header"));
            }
            let be = self.be;
            let p = self.pos;
            let btype = rd32(&self.buf, p, be);
            let len = rd32(&self.buf, p + 4, be) as usize;
            // The hot path: a well-formed Enhanced Packet Block. Anything else, errors included,
            // goes through `block`.
            if btype == EPB
                && (32..=MAX_RECORD_LEN).contains(&len)
                && len % 4 == 0
                && self.fill(len)?
            {
                let p = self.pos;
                let b = &self.buf[p..p + len];
                let local = rd32(b, 8, be) as usize;
                let caplen = rd32(b, 20, be) as usize;
                let known = self.interfaces.len() - self.section_first;
                if rd32(b, len - 4, be) as usize == len && caplen <= len - 32 && local < known {
                    let i = self.section_first + local;
                    let ticks = rd_ts(b, 12, be);
                    let orig_len = rd32(b, 24, be);
                    self.pos += len;
                    let (ts_ns, exact) = self.convs[i].to_ns_exact(ticks);
                    return Ok(Some(Meta {
                        interface: i as u32,
                        ts_ns,
                        stamp: ticks,
                        exact,
                        orig_len,
                        start: p + 28,
                        len: caplen,
                    }));
                }
            }
            if let Some(m) = self.block()? {
                return Ok(Some(m));
            }
        }
    }

    /// Reads the block at `pos` (whose 8-byte header is in the buffer): returns its packet if it
    /// has one, records interfaces and statistics, skips the rest.
    #[inline(never)]
    fn block(&mut self) -> Result<Option<Meta>, Error> {
        let p = self.pos;
        // The Section Header Block type reads the same in both byte orders.
        if rd32(&self.buf, p, false) == SHB {
            self.read_shb()?;
            return Ok(None);
        }
        let btype = rd32(&self.buf, p, self.be);
        let min = match btype {
            IDB => 20,
            EPB | PB => 32,
            SPB => 16,
            ISB => 24,
            _ => 12,
        };
        let len = self.block_len(min)?;
        // Reading the whole block may have moved it to the start of the buffer.
        let p = self.pos;
        let body_start = p + 8;
        let body_end = p + len - 4;
        let be = self.be;
        let meta = match btype {
            EPB | PB => {
                let b = &self.buf[body_start..body_end];
                // The obsolete Packet Block has a 16-bit interface id and a drop count
                // where the Enhanced Packet Block has its 32-bit interface id.
                let local = if btype == EPB {
                    rd32(b, 0, be)
                } else {
                    u32::from(rd16(b, 0, be))
                };
                let ticks = rd_ts(b, 4, be);
                let caplen = rd32(b, 12, be) as usize;
                let orig_len = rd32(b, 16, be);
                if caplen > b.len() - 20 {
                    return Err(self.malformed(format!(
                        "packet block with a captured length of {caplen} bytes in a body of {}",
                        b.len()
                    )));
                }
                let what = if btype == EPB {
                    "enhanced packet block"
                } else {
                    "packet block"
                };
                let i = self.interface(local, what)?;
                let (ts_ns, exact) = self.convs[i].to_ns_exact(ticks);
                Some(Meta {
                    interface: i as u32,
                    ts_ns,
                    stamp: ticks,
                    exact,
                    orig_len,
                    start: body_start + 20,
                    len: caplen,
                })
            }
            SPB => {
                let i = self.interface(0, "simple packet block")?;
                let orig_len = rd32(&self.buf, body_start, be);
                let room = body_end - body_start - 4;
                let snaplen = self.interfaces[i].snaplen;
                let mut caplen = (orig_len as usize).min(room);
                if snaplen != 0 {
                    caplen = caplen.min(snaplen as usize);
                }
                Some(Meta {
                    interface: i as u32,
                    ts_ns: 0,
                    stamp: 0,
                    exact: self.convs[i].no_offset(),
                    orig_len,
                    start: body_start + 4,
                    len: caplen,
                })
            }
            IDB => {
                let parsed = parse_idb(&self.buf[body_start..body_end], be);
                let (iface, conv) = parsed.map_err(|w| self.malformed(w))?;
                if self.interfaces.len() >= u32::MAX as usize {
                    return Err(self.malformed("too many interfaces".to_owned()));
                }
                self.interfaces.push(iface);
                self.convs.push(conv);
                None
            }
            ISB => {
                let b = &self.buf[body_start..body_end];
                let local = rd32(b, 0, be);
                let ticks = rd_ts(b, 4, be);
                // Statistics for an interface the section does not describe say nothing about
                // any packet: skip them (as libpcap, which reads no statistics block at all).
                let Ok(i) = self.interface(local, "interface statistics block") else {
                    self.pos += len;
                    return Ok(None);
                };
                let conv = self.convs[i];
                let mut s = Stats {
                    ts_ns: conv.to_ns(ticks),
                    ..Stats::default()
                };
                parse_isb_options(&self.buf[body_start + 12..body_end], be, conv, &mut s)
                    .map_err(|w| self.malformed(w))?;
                self.stats.push((i as u32, s));
                None
            }
            // Name resolution, decryption secrets, custom and unknown blocks.
            _ => None,
        };
        self.pos += len;
        Ok(meta)
    }
}

/// A pcap record's time as the file holds it, from its `stamp` (seconds in the high word, the
/// fraction in the low one, nanoseconds when `nanos`).
fn pcap_raw_time(stamp: u64, nanos: bool) -> RawTime {
    RawTime {
        secs: (stamp >> 32) as i64,
        frac: stamp as u32,
        frac_unit_ns: if nanos { 1 } else { 1000 },
    }
}

/// The packets of `records`: whole pcap records one after another, as a little-endian pcap
/// file with nanosecond fractions when `nanos` holds them (16-byte headers), such as the runs
/// [`Reader::buffered_records`] locates. A trailing part that is no whole record yields nothing.
///
/// ```
/// # use promisc_savefile::*;
/// let mut w = PcapWriter::new(Vec::new(), true);
/// w.add_interface(&Interface::new(LinkType::RAW, 0))?;
/// w.write_packet(&Packet { interface: 0, ts_ns: 7, orig_len: 9, data: &[1, 2] })?;
/// let file = w.into_inner();
/// let got: Vec<_> = pcap_records(&file[24..], true).map(|p| (p.ts_ns, p.orig_len, p.data.to_vec())).collect();
/// assert_eq!(got, [(7, 9, vec![1, 2])]);
/// # Ok::<(), promisc_savefile::Error>(())
/// ```
pub fn pcap_records(records: &[u8], nanos: bool) -> impl Iterator<Item = Packet<'_>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let h = records.get(at..at + RECORD_HEADER_LEN)?;
        let caplen = rd32(h, 8, false) as usize;
        let start = at + RECORD_HEADER_LEN;
        let data = records.get(start..start + caplen)?;
        let m = pcap_meta(h, false, nanos, start, caplen);
        at = start + caplen;
        Some(Packet {
            interface: 0,
            ts_ns: m.ts_ns,
            orig_len: m.orig_len,
            data,
        })
    })
}

/// The packet of a pcap record whose header is `h` (in big-endian order when `be`, with
/// nanosecond fractions when `nanos`) and whose data is `buf[start..][..caplen]`.
#[inline(always)]
fn pcap_meta(h: &[u8], be: bool, nanos: bool, start: usize, caplen: usize) -> Meta {
    let secs = rd32(h, 0, be);
    let frac = rd32(h, 4, be);
    let frac_ns = if nanos {
        u64::from(frac)
    } else {
        u64::from(frac) * 1000
    };
    Meta {
        interface: 0,
        ts_ns: u64::from(secs) * 1_000_000_000 + frac_ns,
        stamp: u64::from(secs) << 32 | u64::from(frac),
        exact: frac_ns < 1_000_000_000,
        orig_len: rd32(h, 12, be),
        start,
        len: caplen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pcapng::pad4;

    #[test]
    fn pad4_rounds_up() {
        assert_eq!(pad4(0), 0);
        assert_eq!(pad4(1), 4);
        assert_eq!(pad4(4), 4);
        assert_eq!(pad4(61), 64);
    }

    #[test]
    fn empty_and_unknown_streams() {
        assert!(matches!(
            Reader::new(&b""[..]),
            Err(Error::Truncated { offset: 0, .. })
        ));
        match Reader::new(&b"GIF89a..."[..]) {
            Err(Error::UnknownFormat { magic }) => assert_eq!(magic, 0x4749_4638),
            _ => panic!("expected UnknownFormat"),
        }
    }

    /// A reader that hands out one byte per read, with interruptions, like a slow pipe.
    struct Trickle<'a> {
        data: &'a [u8],
        n: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            self.n += 1;
            if self.n % 3 == 0 {
                return Err(io::Error::from(io::ErrorKind::Interrupted));
            }
            if self.data.is_empty() || out.is_empty() {
                return Ok(0);
            }
            out[0] = self.data[0];
            self.data = &self.data[1..];
            Ok(1)
        }
    }

    #[test]
    fn short_reads_are_fine() {
        use crate::{Interface, PacketWriter, PcapNgWriter};
        let mut w = PcapNgWriter::new(Vec::new(), "t");
        w.add_interface(&Interface::new(LinkType::ETHERNET, 100))
            .unwrap();
        for i in 0..50u8 {
            let data = vec![i; usize::from(i)];
            w.write_packet(&Packet {
                interface: 0,
                ts_ns: u64::from(i),
                orig_len: u32::from(i),
                data: &data,
            })
            .unwrap();
        }
        let file = w.into_inner();
        let mut r = Reader::new(Trickle { data: &file, n: 0 }).unwrap();
        let mut i = 0u8;
        while let Some(p) = r.next_packet().unwrap() {
            assert_eq!(p.data, &vec![i; usize::from(i)][..]);
            i += 1;
        }
        assert_eq!(i, 50);
    }
}
