//! Where packets go: savefiles (with rotation and full-disk safety), one-line text, JSON lines.

use std::fs::File;
use std::io::{self, Write};

use promisc_savefile::{AnyWriter, Format, Interface, Packet, PacketWriter, RawTime, Stats};
use promisc_wire::{PrintOptions, Printer};

use crate::rotation::{Decision, Rotation};

mod record_file;
pub use record_file::{whole_units, Landed};
use record_file::{RecordFile, DIRECT};

/// A sink refused a packet.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// Writing a file failed; what was written before is complete and readable.
    #[error("{path}: {error}; {packets} packet(s) written before it are complete in the file")]
    Write {
        /// The file.
        path: String,
        /// What failed (ENOSPC for a full disk). Not a source: the message says it already,
        /// and error chains would print it twice.
        error: io::Error,
        /// Packets completely written to that file.
        packets: u64,
    },
    /// Opening a file failed.
    #[error("cannot create {path}: {error}")]
    Create {
        /// The file.
        path: String,
        /// Why (in the message, hence not a source).
        error: io::Error,
    },
    /// The reader of standard output went away (a closed pipe): a quiet end, not a failure.
    #[error("output closed")]
    Closed,
    /// The savefile layer refused (for example, several interfaces in a pcap file).
    #[error(transparent)]
    Savefile(#[from] promisc_savefile::Error),
}

/// What the caller should do after a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Continue,
    /// A limit (`-G` with `-W`) is reached: stop capturing.
    Stop,
}

/// A destination for packets, shared by live capture and `promisc read`.
pub trait Sink: Send {
    /// Declares an interface; packets name it by the returned id.
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, SinkError>;
    /// Takes one packet.
    fn packet(
        &mut self,
        iface: u32,
        ts_ns: u64,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError>;
    /// Takes one packet read from a file, with its timestamp also as the file holds it (which
    /// `ts_ns` normalises: see [`RawTime`]), for `promisc read`.
    ///
    /// By default the raw time is dropped and the packet goes to [`Sink::packet`]: so
    /// [`FileSink`] (`read -w`) writes normalised times, a sub-second field of a second or more
    /// carried into the seconds and times before 1970 clamped to 1970. [`PrintSink`] prints the
    /// raw time as tcpdump does, except in JSON, which keeps `ts_ns`.
    fn packet_raw(
        &mut self,
        iface: u32,
        ts_ns: u64,
        _raw: RawTime,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError> {
        self.packet(iface, ts_ns, orig_len, data)
    }
    /// Whether [`Sink::pcap_records`] copies records of a little-endian pcap file with
    /// nanosecond timestamps when `nanos` as they are (a `-w` pcap file of the same kind, not
    /// rotated): then `promisc read` hands it runs of records rather than packets.
    fn takes_pcap_records(&self, _nanos: bool) -> bool {
        false
    }
    /// Takes `packets` whole records of a little-endian pcap file with nanosecond timestamps
    /// when `nanos` (16-byte headers and data, as the file holds them; each timestamp exact,
    /// its fraction under a second), in order. By default each goes to [`Sink::packet`]; a sink
    /// whose [`Sink::takes_pcap_records`] says so copies them.
    fn pcap_records(
        &mut self,
        records: &[u8],
        nanos: bool,
        _packets: u64,
    ) -> Result<Flow, SinkError> {
        records_as_packets(self, records, nanos)
    }
    /// Called after each batch (a ring block, or a chunk of a file): flush what should be seen
    /// now.
    fn end_batch(&mut self) -> Result<(), SinkError>;
    /// Ends the output: statistics (pcapng ISBs) and the final flush.
    fn finish(&mut self, stats: &[(u32, Stats)]) -> Result<(), SinkError>;
}

/// [`Sink::pcap_records`]' records handed to [`Sink::packet`] one by one.
fn records_as_packets<S: Sink + ?Sized>(
    sink: &mut S,
    records: &[u8],
    nanos: bool,
) -> Result<Flow, SinkError> {
    for p in promisc_savefile::pcap_records(records, nanos) {
        if sink.packet(0, p.ts_ns, p.orig_len, p.data)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
    }
    Ok(Flow::Continue)
}

fn closed_or(e: io::Error) -> SinkError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        SinkError::Closed
    } else {
        SinkError::Write {
            path: "standard output".into(),
            error: e,
            packets: 0,
        }
    }
}

/// The bytes a packet record takes in `format`: a pcap record header, or a pcapng Enhanced
/// Packet Block with its data padded to 32 bits and no options.
fn record_len(format: Format, caplen: usize) -> u64 {
    match format {
        Format::Pcap => 16 + caplen as u64,
        Format::PcapNg => 32 + ((caplen as u64 + 3) & !3),
    }
}

/// How much to buffer before writing a savefile chunk.
const CHUNK: u64 = 1 << 20;

/// Writes pcap or pcapng files, rotating them as asked.
pub struct FileSink {
    base: String,
    format: Format,
    nanos: bool,
    rotation: Rotation,
    interfaces: Vec<Interface>,
    writer: Option<AnyWriter<RecordFile>>,
    path: String,
    /// Files opened so far.
    files: u64,
    opened_secs: u64,
    file_packets: u64,
    /// Packets of the current file known to be on disk.
    flushed_packets: u64,
    /// Non-packet records (interface blocks) written since the last flush.
    pending_headers: usize,
    flushed_at: u64,
    /// Flush after every batch (`-U`, or writing to a pipe).
    per_batch: bool,
    /// `-z`: the command run on each file a rotation closes.
    post_rotate: Option<String>,
}

impl std::fmt::Debug for FileSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileSink")
            .field("path", &self.path)
            .field("format", &self.format)
            .finish()
    }
}

impl FileSink {
    /// A sink writing `base` (`-` for standard output) in `format`. With `-G`, `base` is a
    /// strftime pattern expanded by libc in local time when each file is opened, as tcpdump.
    pub fn new(base: &str, format: Format, nanos: bool, rotation: Rotation) -> Self {
        FileSink {
            base: base.to_string(),
            format,
            nanos,
            rotation,
            interfaces: Vec::new(),
            writer: None,
            path: String::new(),
            files: 0,
            opened_secs: 0,
            file_packets: 0,
            flushed_packets: 0,
            pending_headers: 0,
            flushed_at: 0,
            per_batch: base == "-",
            post_rotate: None,
        }
    }

    /// `-z COMMAND`: run `COMMAND FILE` on each file a rotation (`-C`, `-G`) closes, without
    /// waiting for it (tcpdump's post-rotate command, e.g. `gzip`); the last file, closed when
    /// the capture ends, is left as it is, as tcpdump leaves it.
    pub fn post_rotate(mut self, command: Option<String>) -> Self {
        self.post_rotate = command;
        self
    }

    /// Flush to the file after every batch (packet-buffered output, `-U`).
    pub fn flush_every_batch(mut self, yes: bool) -> Self {
        self.per_batch = self.per_batch || yes;
        self
    }

    /// Opens the first file now (named for `now_secs`, for `-G`), so that a path that cannot
    /// be written fails before the capture starts rather than at its first packet.
    pub fn start(&mut self, now_secs: u64) -> Result<(), SinkError> {
        if self.writer.is_none() {
            self.open(now_secs)?;
        }
        Ok(())
    }

    /// The file being written.
    pub fn current_path(&self) -> &str {
        &self.path
    }

    /// Opens the next file, named for `now_secs`.
    fn open(&mut self, now_secs: u64) -> Result<(), SinkError> {
        let out = if self.base == "-" {
            self.path = "standard output".into();
            RecordFile::stdout(self.format)
        } else {
            let secs = i64::try_from(now_secs).unwrap_or(i64::MAX);
            // A pattern libc cannot expand (a NUL byte) is used as it is.
            self.path = self.rotation.file_name(&self.base, self.files, |p| {
                promisc_sys::user::strftime_local(p, secs).unwrap_or_else(|| p.to_string())
            });
            let f = File::create(&self.path).map_err(|error| SinkError::Create {
                path: self.path.clone(),
                error,
            })?;
            RecordFile::file(f, self.format)
        };
        let mut w = AnyWriter::new(self.format, out, self.nanos);
        for i in &self.interfaces {
            w.add_interface(i)?;
        }
        self.writer = Some(w);
        self.files += 1;
        self.opened_secs = now_secs;
        self.file_packets = 0;
        self.flushed_packets = 0;
        self.flushed_at = 0;
        // Put the headers on disk at once, so that even a full disk leaves a readable file
        // (and says so now rather than after a megabyte of packets).
        self.pending_headers = 0;
        self.flush()
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        let Some(w) = self.writer.as_mut() else {
            return Ok(());
        };
        let written = w.bytes_written();
        w.flush().map_err(|e| self.write_error(e))?;
        self.flushed_at = written;
        self.flushed_packets = self.file_packets;
        self.pending_headers = 0;
        Ok(())
    }

    fn write_error(&self, e: promisc_savefile::Error) -> SinkError {
        match e {
            promisc_savefile::Error::Io(source) => {
                if source.kind() == io::ErrorKind::BrokenPipe {
                    return SinkError::Closed;
                }
                let landed = source
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<Landed>())
                    .map_or(0, |l| l.records);
                let packets =
                    self.flushed_packets + landed.saturating_sub(self.pending_headers) as u64;
                SinkError::Write {
                    path: self.path.clone(),
                    error: source,
                    packets,
                }
            }
            other => SinkError::Savefile(other),
        }
    }

    fn close(&mut self) -> Result<(), SinkError> {
        self.flush()?;
        self.writer = None;
        Ok(())
    }
}

impl Sink for FileSink {
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, SinkError> {
        self.interfaces.push(iface.clone());
        match self.writer.as_mut() {
            Some(w) => {
                self.pending_headers += 1;
                Ok(w.add_interface(iface)?)
            }
            None => Ok(self.interfaces.len() as u32 - 1),
        }
    }

    fn packet(
        &mut self,
        iface: u32,
        ts_ns: u64,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError> {
        let now = ts_ns / 1_000_000_000;
        if self.writer.is_none() {
            self.open(now)?;
        } else if self.rotation.is_active() {
            let w = self.writer.as_ref().map_or(0, |w| w.bytes_written());
            let record = record_len(self.format, data.len());
            match self.rotation.decide(
                w,
                self.file_packets,
                record,
                self.opened_secs,
                now,
                self.files.min(u64::from(u32::MAX)) as u32,
            ) {
                Decision::Keep => {}
                Decision::Rotate => {
                    self.close()?;
                    if let Some(cmd) = &self.post_rotate {
                        run_post_rotate(cmd, &self.path);
                    }
                    self.open(now)?;
                }
                Decision::Stop => return Ok(Flow::Stop),
            }
        }
        let w = self.writer.as_mut().expect("opened above");
        let packet = Packet {
            interface: iface,
            ts_ns,
            orig_len,
            data,
        };
        if let Err(e) = w.write_packet(&packet) {
            return Err(self.write_error(e));
        }
        self.file_packets += 1;
        if w.bytes_written() - self.flushed_at >= CHUNK {
            self.flush()?;
        }
        Ok(Flow::Continue)
    }

    fn takes_pcap_records(&self, nanos: bool) -> bool {
        self.format == Format::Pcap
            && self.nanos == nanos
            && !self.rotation.is_active()
            && matches!(self.writer, Some(AnyWriter::Pcap(_)))
    }

    /// The records copied as they are, in one piece, when [`Sink::takes_pcap_records`] says so
    /// (the file is the one [`Sink::packet`] would write: same headers, same data).
    fn pcap_records(
        &mut self,
        records: &[u8],
        nanos: bool,
        packets: u64,
    ) -> Result<Flow, SinkError> {
        if !self.takes_pcap_records(nanos) {
            return records_as_packets(self, records, nanos);
        }
        // Many records are written from where they are, after the buffered ones: those go
        // first, so that a failure counts the packets on disk right.
        let direct = records.len() >= DIRECT;
        if direct {
            self.flush()?;
        }
        let Some(AnyWriter::Pcap(w)) = self.writer.as_mut() else {
            return records_as_packets(self, records, nanos);
        };
        if let Err(e) = w.write_records(records) {
            return Err(self.write_error(e));
        }
        self.file_packets += packets;
        if direct || w.bytes_written() - self.flushed_at >= CHUNK {
            self.flush()?;
        }
        Ok(Flow::Continue)
    }

    fn end_batch(&mut self) -> Result<(), SinkError> {
        if self.per_batch {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self, stats: &[(u32, Stats)]) -> Result<(), SinkError> {
        if self.writer.is_none() {
            // No packet came: still leave a valid, empty file.
            self.open(0)?;
        }
        if let Some(w) = self.writer.as_mut() {
            for (iface, s) in stats {
                w.write_stats(*iface, s)?;
            }
        }
        self.close()
    }
}

/// Starts `command file` (found in `PATH`, its input empty, its output the capture's), reaped
/// by a thread of its own so that the capture does not wait for it; one that cannot start is
/// reported on standard error, as tcpdump does, and the capture goes on.
fn run_post_rotate(command: &str, file: &str) {
    match std::process::Command::new(command)
        .arg(file)
        .stdin(std::process::Stdio::null())
        .spawn()
    {
        Ok(mut child) => {
            let reaper = std::thread::Builder::new()
                .name("post-rotate".into())
                .spawn(move || child.wait());
            if let Err(e) = reaper {
                eprintln!("promisc: -z {command} {file}: cannot wait for it: {e}");
            }
        }
        Err(e) => eprintln!("promisc: -z {command} {file}: cannot run it: {e}"),
    }
}

/// Prints one line per packet in tcpdump's layout, or one JSON object per line.
pub struct PrintSink<W: Write + Send> {
    out: W,
    printer: Printer,
    json: bool,
    line_buffered: bool,
    linktypes: Vec<u32>,
    names: Vec<Option<String>>,
    line: String,
    buf: Vec<u8>,
    /// `--print-interface`: name each packet's interface in its line.
    print_interface: bool,
    /// `--print-sampling N` (tcpdump 5): print only every Nth packet; 0 prints every one.
    sampling: u32,
    /// With `sampling`: the packets counted so far, skipped ones (`--skip`) included.
    seen: u32,
}

impl<W: Write + Send> std::fmt::Debug for PrintSink<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrintSink")
            .field("json", &self.json)
            .finish()
    }
}

impl<W: Write + Send> PrintSink<W> {
    /// A sink printing to `out`; `line_buffered` writes every batch out at once (a terminal).
    pub fn new(out: W, opts: PrintOptions, json: bool, line_buffered: bool) -> Self {
        PrintSink {
            out,
            printer: Printer::new(opts),
            json,
            line_buffered,
            linktypes: Vec::new(),
            names: Vec::new(),
            line: String::with_capacity(256),
            buf: Vec::with_capacity(1 << 16),
            print_interface: opts.print_interface,
            sampling: 0,
            seen: 0,
        }
    }

    /// `--print-sampling N` (tcpdump 5): print the Nth, 2Nth, ... packet only (counting from
    /// 1, the packets of [`PrintSink::after_skipped`] included), and no other; `-#` still
    /// numbers each printed packet by its place. 0 or 1 prints every packet.
    pub fn with_print_sampling(mut self, nth: u32) -> Self {
        self.sampling = if nth > 1 { nth } else { 0 };
        self
    }

    /// `--skip N` (tcpdump 5): `skipped` packets came before the first this sink is given;
    /// they count for `-#` numbers and `--print-sampling`, as in tcpdump.
    pub fn after_skipped(mut self, skipped: u32) -> Self {
        self.printer.count_unprinted(skipped);
        self.seen = skipped;
        self
    }

    /// With `--print-sampling`: whether the packet just given is one not to print (it is
    /// counted for `-#`).
    #[cold]
    #[inline(never)]
    fn sampled_out(&mut self) -> bool {
        self.seen = self.seen.wrapping_add(1);
        if self.seen % self.sampling == 0 {
            false
        } else {
            self.printer.count_unprinted(1);
            true
        }
    }

    /// `--print-interface`: tells the printer the interface of the packet it prints next, by
    /// its name, or `#N` (its number in the file, from 0) when it has none.
    #[cold]
    #[inline(never)]
    fn name_interface(&mut self, iface: u32) {
        match self.names.get(iface as usize).and_then(|n| n.as_deref()) {
            Some(n) => self.printer.set_packet_interface(n),
            None => self.printer.set_packet_interface(&format!("#{iface}")),
        }
    }

    /// Names interfaces by index, for `LINUX_SLL2` lines (`-i any`), as tcpdump does.
    pub fn with_interface_names(mut self, names: impl IntoIterator<Item = (u32, String)>) -> Self {
        for (i, n) in names {
            self.printer.set_interface_name(i, &n);
        }
        self
    }

    /// Prints TCP and UDP ports by name, as tcpdump does without `-n`.
    pub fn with_port_names(mut self, names: promisc_wire::PortNames) -> Self {
        self.printer.set_port_names(names);
        self
    }

    /// Prints IP addresses by host name, as tcpdump does without `-n`.
    pub fn with_host_names(mut self, hosts: Box<dyn promisc_wire::HostNames>) -> Self {
        self.printer.set_host_names(hosts);
        self
    }

    /// [`Sink::packet_raw`] of a text line whose file time tcpdump prints raw (a sub-second
    /// field of a second or more, a time before 1970): out of line, so that the common path,
    /// [`Sink::packet`], stays as it was.
    #[cold]
    #[inline(never)]
    fn print_invalid_time(
        &mut self,
        iface: u32,
        time: promisc_wire::RawTime,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError> {
        if self.sampling != 0 && self.sampled_out() {
            return Ok(Flow::Continue);
        }
        let linktype = self.linktypes.get(iface as usize).copied().unwrap_or(1);
        if self.print_interface {
            self.name_interface(iface);
        }
        self.line.clear();
        // Writing into a String cannot fail.
        let _ = self
            .printer
            .write_line_raw(&mut self.line, time, linktype, data, orig_len);
        self.buf.extend_from_slice(self.line.as_bytes());
        self.buf.push(b'\n');
        if self.buf.len() >= 1 << 16 {
            self.out.write_all(&self.buf).map_err(closed_or)?;
            self.buf.clear();
        }
        Ok(Flow::Continue)
    }

    fn drain(&mut self) -> Result<(), SinkError> {
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf).map_err(closed_or)?;
            self.buf.clear();
        }
        self.out.flush().map_err(closed_or)
    }
}

impl<W: Write + Send> Sink for PrintSink<W> {
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, SinkError> {
        self.linktypes.push(iface.linktype.0);
        self.names.push(iface.name.clone());
        Ok(self.linktypes.len() as u32 - 1)
    }

    fn packet(
        &mut self,
        iface: u32,
        ts_ns: u64,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError> {
        if self.sampling != 0 && self.sampled_out() {
            return Ok(Flow::Continue);
        }
        let linktype = self.linktypes.get(iface as usize).copied().unwrap_or(1);
        if self.json {
            let name = self.names.get(iface as usize).and_then(|n| n.as_deref());
            self.printer
                .write_json(&mut self.buf, ts_ns, linktype, name, data, orig_len)
                .map_err(closed_or)?;
        } else {
            if self.print_interface {
                self.name_interface(iface);
            }
            self.line.clear();
            // Writing into a String cannot fail. The line goes through a small reused String
            // and is then copied: writing straight into the output buffer measured slower
            // (bench/read.sh: 5.75x tcpdump instead of 6.52x).
            let _ = self
                .printer
                .write_line(&mut self.line, ts_ns, linktype, data, orig_len);
            self.buf.extend_from_slice(self.line.as_bytes());
        }
        self.buf.push(b'\n');
        if self.buf.len() >= 1 << 16 {
            self.out.write_all(&self.buf).map_err(closed_or)?;
            self.buf.clear();
        }
        Ok(Flow::Continue)
    }

    fn packet_raw(
        &mut self,
        iface: u32,
        ts_ns: u64,
        raw: RawTime,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError> {
        let time = promisc_wire::RawTime {
            secs: raw.secs,
            frac: raw.frac,
            frac_unit_ns: raw.frac_unit_ns,
        };
        if self.json {
            return self.packet(iface, ts_ns, orig_len, data);
        }
        match time.valid_ns() {
            // A valid time prints as `packet` prints it. It is `ts_ns` but for a pcapng Simple
            // Packet Block (0 there, the interface's `if_tsoffset` here, as libpcap).
            Some(ns) => self.packet(iface, ns, orig_len, data),
            None => self.print_invalid_time(iface, time, orig_len, data),
        }
    }

    fn end_batch(&mut self) -> Result<(), SinkError> {
        if self.line_buffered {
            self.drain()?;
        }
        Ok(())
    }

    fn finish(&mut self, _stats: &[(u32, Stats)]) -> Result<(), SinkError> {
        self.drain()
    }
}

/// Counts packets and prints none (`--count`); at the end, optionally, `N packets` on `out`
/// as tcpdump prints it for a file.
#[derive(Debug)]
pub struct CountSink<W: Write + Send> {
    out: Option<W>,
    packets: u64,
}

impl<W: Write + Send> CountSink<W> {
    /// A counter that writes its total to `out` when it finishes (none: it only counts, as a
    /// live capture, whose summary says `N packets captured`).
    pub fn new(out: Option<W>) -> Self {
        CountSink { out, packets: 0 }
    }
}

impl<W: Write + Send> Sink for CountSink<W> {
    fn add_interface(&mut self, _iface: &Interface) -> Result<u32, SinkError> {
        Ok(0)
    }

    fn packet(&mut self, _: u32, _: u64, _: u32, _: &[u8]) -> Result<Flow, SinkError> {
        self.packets += 1;
        Ok(Flow::Continue)
    }

    fn end_batch(&mut self) -> Result<(), SinkError> {
        Ok(())
    }

    fn finish(&mut self, _stats: &[(u32, Stats)]) -> Result<(), SinkError> {
        let n = self.packets;
        if let Some(out) = self.out.as_mut() {
            let s = if n == 1 { "" } else { "s" };
            writeln!(out, "{n} packet{s}")
                .and_then(|()| out.flush())
                .map_err(closed_or)?;
        }
        Ok(())
    }
}

/// Writes every packet to a file sink and prints it too (`-w` with `--print`). The file
/// decides the flow (a `-G`/`-W` stop); the printed lines follow it.
pub struct TeeSink {
    file: Box<dyn Sink>,
    print: Box<dyn Sink>,
}

impl std::fmt::Debug for TeeSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeeSink").finish_non_exhaustive()
    }
}

impl TeeSink {
    /// Packets go to `file`, then, when it took them, to `print`.
    pub fn new(file: Box<dyn Sink>, print: Box<dyn Sink>) -> Self {
        TeeSink { file, print }
    }
}

impl Sink for TeeSink {
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, SinkError> {
        let id = self.file.add_interface(iface)?;
        self.print.add_interface(iface)?;
        Ok(id)
    }

    fn packet(
        &mut self,
        iface: u32,
        ts_ns: u64,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError> {
        let flow = self.file.packet(iface, ts_ns, orig_len, data)?;
        if flow == Flow::Continue {
            self.print.packet(iface, ts_ns, orig_len, data)?;
        }
        Ok(flow)
    }

    fn packet_raw(
        &mut self,
        iface: u32,
        ts_ns: u64,
        raw: RawTime,
        orig_len: u32,
        data: &[u8],
    ) -> Result<Flow, SinkError> {
        let flow = self.file.packet_raw(iface, ts_ns, raw, orig_len, data)?;
        if flow == Flow::Continue {
            self.print.packet_raw(iface, ts_ns, raw, orig_len, data)?;
        }
        Ok(flow)
    }

    fn end_batch(&mut self) -> Result<(), SinkError> {
        self.file.end_batch()?;
        self.print.end_batch()
    }

    fn finish(&mut self, stats: &[(u32, Stats)]) -> Result<(), SinkError> {
        let file = self.file.finish(stats);
        self.print.finish(stats)?;
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use promisc_savefile::LinkType;

    /// The numbered lines a printing sink writes for `n` packets with no link header (the
    /// bytes do not matter: `-# -t` lines start with the number).
    fn numbers(n: u32, skipped: u32, nth: u32) -> Vec<String> {
        let opts = PrintOptions {
            numbers: true,
            time_stamps: 1,
            ..Default::default()
        };
        let mut sink = PrintSink::new(Vec::new(), opts, false, false)
            .after_skipped(skipped)
            .with_print_sampling(nth);
        sink.add_interface(&Interface::new(LinkType::RAW, 65535))
            .unwrap();
        for _ in 0..n {
            sink.packet(0, 0, 1, &[0x45]).unwrap();
        }
        sink.finish(&[]).unwrap();
        String::from_utf8(sink.out)
            .unwrap()
            .lines()
            .map(|l| l[..5].trim().to_string())
            .collect()
    }

    #[test]
    fn print_sampling_prints_every_nth_by_its_number() {
        assert_eq!(numbers(10, 0, 3), ["3", "6", "9"]);
        assert_eq!(numbers(4, 0, 1), ["1", "2", "3", "4"]);
        assert_eq!(numbers(3, 0, 0), ["1", "2", "3"]);
    }

    #[test]
    fn skipped_packets_count_for_numbers_and_sampling() {
        assert_eq!(numbers(3, 3, 0), ["4", "5", "6"]);
        // tcpdump counts the skipped packets too: packets 4.. are given, 6 and 9 printed.
        assert_eq!(numbers(6, 3, 3), ["6", "9"]);
    }
}
