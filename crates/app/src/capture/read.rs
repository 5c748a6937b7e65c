//! `promisc read`'s run: a savefile's packets filtered, cut and handed to a sink, and
//! `promisc filter --test`'s count of the packets an expression matches.

use std::io::{self, Read};
use std::ops::{ControlFlow, Range};

use promisc_capture::{CountSink, FileSink, Flow, Sink, SinkError, TeeSink};
use promisc_savefile::{Format, Interface, Packet, RawTime, Reader};
use promisc_sys::rtnl::Route;

use super::filter::{FileFilter, FilterError, Gate};
use super::output::{self, Output, Printing};
use super::{savefile, Error};

/// What `promisc read` does, its flags checked.
#[derive(Debug, Clone)]
pub struct Options {
    /// `-r`: the file (`-` for standard input).
    pub path: String,
    /// `-c`: at most this many packets (after the skipped ones).
    pub count: Option<u64>,
    /// `--skip N` (tcpdump 5): the first N packets that pass the filter are neither printed
    /// nor written; they count for `-#` numbers, `--print-sampling` and `--count`, as in
    /// tcpdump.
    pub skip: u32,
    /// `-s`: bytes kept of each packet.
    pub snaplen: Option<u32>,
    /// The filter expression (empty for none).
    pub expression: String,
    /// The `-F` file the expression came from, for errors.
    pub filter_file: Option<String>,
    /// Where packets go.
    pub output: Output,
}

/// What a read tells its caller.
pub trait Report {
    /// The file's link type is known (tcpdump's `reading from file ...` line).
    fn reading(&mut self, path: &str, first: &Interface);
}

/// Reads the file to its end (or `-c`), every packet that passes the filter to the sink.
/// Whatever happens after the file is open, the sink is finished, so nothing already printed
/// or written is lost.
pub fn run(opts: &Options, report: &mut dyn Report) -> Result<(), Error> {
    let mut filter =
        (!opts.expression.is_empty()).then(|| FileFilter::new(opts.expression.clone()));
    let mut reader = savefile::open(&opts.path)?;
    if let Some(f) = filter.as_mut() {
        f.set_swapped(reader.big_endian() != cfg!(target_endian = "big"));
    }
    // The two sinks of the benchmarks' commands (`--count`, `-w FILE`) by their own types, so
    // that their per-packet calls are direct and inlined into the loop; the others boxed.
    match sink(&opts.output, reader.format(), opts.skip)? {
        Sinks::Count(mut s) => drive(opts, report, &mut reader, filter, &mut s),
        Sinks::File(mut s) => drive(opts, report, &mut reader, filter, &mut *s),
        Sinks::Other(mut s) => drive(opts, report, &mut reader, filter, &mut *s),
    }
}

/// What is done with each packet read that passed the filter: `--skip`, `-s`, the sink and
/// `-c`.
struct Deliver<'s, S: Sink + ?Sized> {
    sink: &'s mut S,
    /// `-s`: bytes kept of each packet.
    snaplen: usize,
    /// Packets passing the filter that are counted but not handed to the sink (`--skip`).
    skip_below: u64,
    /// Stop when `done` reaches it (`-c` plus `--skip`; `u64::MAX` for none).
    limit: u64,
    /// Packets that passed the filter, skipped ones included.
    done: u64,
    /// What a batch of buffered records hands the sink, in order, once the batch is read.
    pieces: Vec<Piece>,
}

/// Part of a batch of buffered pcap records for a sink that copies records: where it lies in
/// the reader's buffer.
enum Piece {
    /// Records that follow each other, copied as they are (`n` packets).
    Records { at: Range<usize>, n: u64 },
    /// A packet the sink must take as a packet: its time is not exact, or `-s` cuts it.
    Packet {
        data: Range<usize>,
        ts_ns: u64,
        orig_len: u32,
        raw: Option<RawTime>,
    },
}

impl<S: Sink + ?Sized> Deliver<'_, S> {
    /// Whether a packet that passed the filter now goes to the sink (false: `--skip` counts
    /// it only).
    #[inline(always)]
    fn taken(&self) -> bool {
        self.done >= self.skip_below
    }

    /// Counts a packet that passed the filter; `Break` when `-c` is reached.
    #[inline(always)]
    fn counted(&mut self) -> ControlFlow<()> {
        self.done += 1;
        if self.done >= self.limit {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    }

    /// Puts the packet through `gate` (the filter for its link type) and hands it on; `Break`
    /// ends the read (its error, or `Ok` for `-c` reached, the sink's stop or a closed output).
    #[inline(always)]
    fn packet(
        &mut self,
        gate: Gate<'_>,
        p: Packet<'_>,
        raw: Option<RawTime>,
    ) -> ControlFlow<Result<(), Error>> {
        if !gate.passes(p.data, p.orig_len) {
            return ControlFlow::Continue(());
        }
        if self.taken() {
            // -s: what is printed or written is cut as tcpdump -r -s cuts it.
            let data = &p.data[..p.data.len().min(self.snaplen)];
            if let ControlFlow::Break(end) =
                flow(hand(self.sink, p.interface, p.ts_ns, raw, p.orig_len, data))
            {
                return ControlFlow::Break(end);
            }
        }
        self.counted().map_break(Ok)
    }

    /// [`Deliver::packet`] for a sink that copies records: the packet (whole record at `at` in
    /// the reader's buffer) becomes part of a [`Piece`], handed over by [`Deliver::replay`].
    /// `Break` when `-c` is reached.
    #[inline(always)]
    fn piece(
        &mut self,
        gate: Gate<'_>,
        p: Packet<'_>,
        raw: Option<RawTime>,
        at: Range<usize>,
    ) -> ControlFlow<()> {
        if !gate.passes(p.data, p.orig_len) {
            return ControlFlow::Continue(());
        }
        if self.taken() {
            if raw.is_none() && p.data.len() <= self.snaplen {
                match self.pieces.last_mut() {
                    Some(Piece::Records { at: run, n }) if run.end == at.start => {
                        run.end = at.end;
                        *n += 1;
                    }
                    _ => self.pieces.push(Piece::Records { at, n: 1 }),
                }
            } else {
                let start = at.end - p.data.len();
                self.pieces.push(Piece::Packet {
                    data: start..start + p.data.len().min(self.snaplen),
                    ts_ns: p.ts_ns,
                    orig_len: p.orig_len,
                    raw,
                });
            }
        }
        self.counted()
    }

    /// Hands the sink the pieces of the batch just read, `bytes` being the reader's buffer.
    fn replay(&mut self, nanos: bool, bytes: &[u8]) -> ControlFlow<Result<(), Error>> {
        let mut end = ControlFlow::Continue(());
        for piece in &self.pieces {
            let written = match piece {
                Piece::Records { at, n } => self.sink.pcap_records(&bytes[at.clone()], nanos, *n),
                Piece::Packet {
                    data,
                    ts_ns,
                    orig_len,
                    raw,
                } => hand(self.sink, 0, *ts_ns, *raw, *orig_len, &bytes[data.clone()]),
            };
            end = flow(written);
            if end.is_break() {
                break;
            }
        }
        self.pieces.clear();
        end
    }
}

/// Hands one packet to the sink: with its raw time when that is not exact.
#[inline(always)]
fn hand<S: Sink + ?Sized>(
    sink: &mut S,
    iface: u32,
    ts_ns: u64,
    raw: Option<RawTime>,
    orig_len: u32,
    data: &[u8],
) -> Result<Flow, SinkError> {
    match raw {
        None => sink.packet(iface, ts_ns, orig_len, data),
        Some(t) => sink.packet_raw(iface, ts_ns, t, orig_len, data),
    }
}

/// What the sink's answer means for the read: `Break(Ok)` when it stopped or its output
/// closed, `Break(Err)` on its error.
#[inline(always)]
fn flow(written: Result<Flow, SinkError>) -> ControlFlow<Result<(), Error>> {
    match written {
        Ok(Flow::Continue) => ControlFlow::Continue(()),
        Ok(Flow::Stop) | Err(SinkError::Closed) => ControlFlow::Break(Ok(())),
        Err(e) => ControlFlow::Break(Err(e.into())),
    }
}

/// [`run`]'s loop, for one type of sink.
fn drive<S: Sink + ?Sized>(
    opts: &Options,
    report: &mut dyn Report,
    reader: &mut Reader<Box<dyn Read>>,
    mut filter: Option<FileFilter>,
    sink: &mut S,
) -> Result<(), Error> {
    // As tcpdump, name the file's link type once it is known (pcapng describes interfaces in
    // blocks that may come after the section header).
    let mut announced = false;
    if let Some(first) = reader.interfaces().first() {
        report.reading(&opts.path, first);
        announced = true;
    }

    // --skip: as tcpdump, -c counts the packets after the skipped ones, and --count counts
    // the skipped ones too (its total is every packet that passed the filter). `done` counts
    // the skipped packets as well; computed here, the bounds cost one comparison a packet.
    let skip = u64::from(opts.skip);
    let mut d = Deliver {
        sink,
        snaplen: opts.snaplen.map_or(usize::MAX, |s| s as usize),
        skip_below: if matches!(opts.output, Output::Count) {
            0
        } else {
            skip
        },
        limit: opts.count.map_or(u64::MAX, |c| c.saturating_add(skip)),
        done: 0,
        pieces: Vec::new(),
    };
    // A pcap file written by a sink that copies such records: whole runs of records with
    // exact times, passed by the filter and not cut by -s, go over as they are.
    // `Some(nanos)` when the sink copies this file's pcap records as they are
    // ([`Sink::takes_pcap_records`]): buffered records then become [`Piece`]s.
    let copy = reader
        .pcap_as_written()
        .filter(|&nanos| d.sink.takes_pcap_records(nanos));
    let mut declared = 0;
    // Every way out of this loop goes through the sink's finish below.
    let outcome: Result<(), Error> = 'packets: loop {
        if d.done >= d.limit {
            break Ok(());
        }
        // The raw time, not `ts_ns`, is what tcpdump prints: a damaged sub-second field as it
        // is and times before 1970 as such.
        let (p, interfaces, raw) = match reader.next_packet_with_raw_time() {
            Ok(Some(triple)) => triple,
            Ok(None) => break Ok(()),
            Err(error) => {
                break Err(Error::Damaged {
                    path: opts.path.clone(),
                    error,
                    done: d.done,
                    packets: false,
                })
            }
        };
        // pcapng may describe interfaces between packets: declare new ones first.
        while declared < interfaces.len() {
            if !announced {
                report.reading(&opts.path, &interfaces[declared]);
                announced = true;
            }
            if let Some(f) = filter.as_mut() {
                if let Err(e) = f.prepare(interfaces[declared].linktype.0, declared) {
                    let e = FilterError::new(f.expression(), opts.filter_file.as_deref(), e);
                    break 'packets Err(e.into());
                }
            }
            if let Err(source) = d.sink.add_interface(&interfaces[declared]) {
                break 'packets Err(Error::Interface {
                    index: declared,
                    path: opts.path.clone(),
                    linktype: interfaces[declared].linktype.banner_name(),
                    source,
                });
            }
            declared += 1;
        }
        let linktype = interfaces
            .get(p.interface as usize)
            .map_or(1, |i| i.linktype.0);
        // The filter's program for the link type, looked up once for the packet and the
        // rest of the buffer.
        let gate = Gate::of(filter.as_ref(), linktype);
        if let ControlFlow::Break(end) = d.packet(gate, p, raw) {
            break end;
        }
        // The rest of the buffer's pcap records (none for pcapng) in one tight loop: a pcap
        // file has one interface, declared by now.
        if let Some(nanos) = copy {
            let (flow, bytes) = reader.buffered_records(|p, raw, at| d.piece(gate, p, raw, at));
            if let ControlFlow::Break(end) = d.replay(nanos, bytes) {
                break end;
            }
            if flow.is_break() {
                break Ok(());
            }
        } else if let ControlFlow::Break(end) =
            reader.buffered_packets(|p, raw| d.packet(gate, p, raw))
        {
            break end;
        }
    };
    if let (false, Some(first)) = (announced, reader.interfaces().first()) {
        report.reading(&opts.path, first);
    }
    let stats = reader.stats().to_vec();
    match d.sink.finish(&stats) {
        Ok(()) | Err(SinkError::Closed) => {}
        Err(e) => return Err(e.into()),
    }
    outcome
}

/// The sink of a read: `--count`'s and a plain `-w`'s by their types, the rest boxed.
enum Sinks {
    Count(CountSink<io::Stdout>),
    File(Box<FileSink>),
    Other(Box<dyn Sink>),
}

/// Where packets go: the `-w` file (and the printer, with `--print`), a counter (`--count`),
/// or the printer. The file is created before the first packet is read, so a bad path fails at
/// once.
fn sink(out: &Output, input: Format, skip: u32) -> Result<Sinks, Error> {
    // As tcpdump: LINUX_SLL2 interface indexes are named after this machine's links.
    let print = |p: &Printing| -> Box<dyn Sink> {
        Box::new(
            output::print_sink(
                p.options,
                p.json,
                p.line_buffered,
                Route::open()
                    .and_then(|mut r| r.links())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|l| (l.ifindex, l.name)),
            )
            .after_skipped(skip)
            .with_print_sampling(p.sampling),
        )
    };
    Ok(match out {
        Output::File(f, printing) => {
            let file = output::file_sink(f, f.format.unwrap_or(input), 0).map_err(Error::File)?;
            match printing {
                Some(p) => Sinks::Other(Box::new(TeeSink::new(Box::new(file), print(p)))),
                None => Sinks::File(Box::new(file)),
            }
        }
        Output::Count => Sinks::Count(CountSink::new(Some(io::stdout()))),
        Output::Print(p) => Sinks::Other(print(p)),
    })
}

/// `promisc filter --test`: how many of the file's packets `expression` matches, and how many
/// there are.
pub fn count_matches(path: &str, expression: &str) -> Result<(u64, u64), Error> {
    let mut reader = savefile::open(path)?;
    let mut filter = FileFilter::new(expression.to_string());
    filter.set_swapped(reader.big_endian() != cfg!(target_endian = "big"));
    let (mut total, mut matched) = (0u64, 0u64);
    loop {
        match reader.next_packet_with_interfaces() {
            Ok(Some((p, ifaces))) => {
                let linktype = ifaces.get(p.interface as usize).map_or(1, |i| i.linktype.0);
                filter
                    .prepare(linktype, p.interface as usize)
                    .map_err(|e| FilterError::new(expression, None, e))?;
                total += 1;
                if filter.accepts(linktype, p.data, p.orig_len) {
                    matched += 1;
                }
            }
            Ok(None) => return Ok((matched, total)),
            Err(error) => {
                return Err(Error::Damaged {
                    path: path.to_string(),
                    error,
                    done: total,
                    packets: true,
                })
            }
        }
    }
}
