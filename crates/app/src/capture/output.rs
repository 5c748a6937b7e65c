//! The sinks that capture and read write packets into.

use std::io;

use promisc_capture::{FileSink, PrintSink, Rotation, SinkError};
use promisc_savefile::Format;
use promisc_wire::PrintOptions;

/// How a `-w` file is written.
#[derive(Debug, Clone)]
pub struct FileOutput {
    /// The path (`-` for standard output); with `-G`, a strftime pattern.
    pub path: String,
    /// pcap or pcapng, when `--format` or the file name says; else the command's default
    /// (capture: pcap for one interface, pcapng for several; read: the input's).
    pub format: Option<Format>,
    /// Nanosecond timestamps in pcap files.
    pub nanos: bool,
    /// `-C`, `-G`, `-W`.
    pub rotation: Rotation,
    /// `-U`: write the file after every batch.
    pub packet_buffered: bool,
    /// `-z COMMAND`: run on each file a rotation closes (`COMMAND FILE`).
    pub post_rotate: Option<String>,
}

/// How packets are printed.
#[derive(Debug, Clone, Copy)]
pub struct Printing {
    /// The printer's options.
    pub options: PrintOptions,
    /// One JSON object per packet instead of a line.
    pub json: bool,
    /// Flush after every packet.
    pub line_buffered: bool,
    /// `--print-sampling N` (tcpdump 5): print only every Nth packet (0: every one).
    pub sampling: u32,
}

/// Where packets go.
#[derive(Debug, Clone)]
pub enum Output {
    /// Printed on standard output.
    Print(Printing),
    /// Counted only (`--count`): capture's summary says how many, read prints `N packets`.
    Count,
    /// Written to a file, and also printed with `--print`.
    File(FileOutput, Option<Printing>),
}

/// The `-w` sink in `format` (the file's, or the command's default), with its first file
/// already open (named for `now_secs`), so that a path that cannot be written fails before any
/// packet.
pub fn file_sink(out: &FileOutput, format: Format, now_secs: u64) -> Result<FileSink, SinkError> {
    let mut sink = FileSink::new(&out.path, format, out.nanos, out.rotation.clone())
        .flush_every_batch(out.packet_buffered)
        .post_rotate(out.post_rotate.clone());
    sink.start(now_secs)?;
    Ok(sink)
}

/// The printing sink on standard output: lines as tcpdump prints them, or JSON, with the
/// interfaces of this network namespace named for `LINUX_SLL2` records, and with names instead
/// of numbers when `opts.names` says so (tcpdump without `-n`).
pub fn print_sink(
    opts: PrintOptions,
    json: bool,
    line_buffered: bool,
    ifnames: impl IntoIterator<Item = (u32, String)>,
) -> PrintSink<io::Stdout> {
    // The names land in printed lines: their control characters are shown escaped (JSON
    // escapes them itself).
    let ifnames = ifnames.into_iter().map(|(i, n)| {
        let shown = if json {
            n
        } else {
            promisc_facts::text::printable(&n).into_owned()
        };
        (i, shown)
    });
    let sink =
        PrintSink::new(io::stdout(), opts, json, line_buffered).with_interface_names(ifnames);
    if opts.names {
        with_names(sink)
    } else {
        sink
    }
}

/// The printing sink with names instead of numbers, as tcpdump prints without `-n`: ports from
/// `/etc/services`, hosts from the system resolver under [`crate::capture::names`]' time budget (numbers
/// only when its thread cannot be started).
fn with_names(sink: PrintSink<io::Stdout>) -> PrintSink<io::Stdout> {
    let sink = sink.with_port_names(crate::capture::names::port_names());
    match crate::capture::names::system_host_names() {
        Some(h) => sink.with_host_names(Box::new(h)),
        None => sink,
    }
}

/// This machine's offset from UTC now, in seconds (the printer's local time stamps).
pub fn local_utc_offset() -> i32 {
    promisc_sys::user::utc_offset((crate::now_ns() / 1_000_000_000) as i64)
}
