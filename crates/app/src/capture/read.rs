//! `promisc read`'s run: a savefile's packets filtered, cut and handed to a sink, and
//! `promisc filter --test`'s count of the packets an expression matches.

use std::io;

use promisc_capture::{CountSink, Flow, Sink, SinkError, TeeSink};
use promisc_savefile::{Format, Interface};
use promisc_sys::rtnl::Route;

use super::filter::{FileFilter, FilterError};
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
    let snaplen = opts.snaplen.map_or(usize::MAX, |s| s as usize);
    let mut reader = savefile::open(&opts.path)?;
    if let Some(f) = filter.as_mut() {
        f.set_swapped(reader.big_endian() != cfg!(target_endian = "big"));
    }
    let mut sink = sink(&opts.output, reader.format(), opts.skip)?;
    // As tcpdump, name the file's link type once it is known (pcapng describes interfaces in
    // blocks that may come after the section header).
    let mut announced = false;
    if let Some(first) = reader.interfaces().first() {
        report.reading(&opts.path, first);
        announced = true;
    }

    let mut declared = 0;
    let mut done: u64 = 0;
    // --skip: as tcpdump, -c counts the packets after the skipped ones, and --count counts
    // the skipped ones too (its total is every packet that passed the filter). `done` counts
    // the skipped packets as well; computed here, the bounds cost one comparison a packet.
    let skip = u64::from(opts.skip);
    let limit = opts.count.map(|c| c.saturating_add(skip));
    let skip_below = if matches!(opts.output, Output::Count) {
        0
    } else {
        skip
    };
    // Every way out of this loop goes through the sink's finish below.
    let outcome: Result<(), Error> = 'packets: loop {
        if limit.is_some_and(|c| done >= c) {
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
                    done,
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
            if let Err(source) = sink.add_interface(&interfaces[declared]) {
                break 'packets Err(Error::Interface {
                    index: declared,
                    path: opts.path.clone(),
                    linktype: interfaces[declared].linktype.banner_name(),
                    source,
                });
            }
            declared += 1;
        }
        if let Some(f) = &filter {
            let linktype = interfaces
                .get(p.interface as usize)
                .map_or(1, |i| i.linktype.0);
            if !f.accepts(linktype, p.data, p.orig_len) {
                continue;
            }
        }
        if done < skip_below {
            done += 1;
            continue;
        }
        // -s: what is printed or written is cut as tcpdump -r -s cuts it.
        let data = &p.data[..p.data.len().min(snaplen)];
        let written = match raw {
            None => sink.packet(p.interface, p.ts_ns, p.orig_len, data),
            Some(t) => sink.packet_raw(p.interface, p.ts_ns, t, p.orig_len, data),
        };
        match written {
            Ok(Flow::Continue) => done += 1,
            Ok(Flow::Stop) | Err(SinkError::Closed) => break Ok(()),
            Err(e) => break Err(e.into()),
        }
    };
    if let (false, Some(first)) = (announced, reader.interfaces().first()) {
        report.reading(&opts.path, first);
    }
    let stats = reader.stats().to_vec();
    match sink.finish(&stats) {
        Ok(()) | Err(SinkError::Closed) => {}
        Err(e) => return Err(e.into()),
    }
    outcome
}

/// Where packets go: the `-w` file (and the printer, with `--print`), a counter (`--count`),
/// or the printer. The file is created before the first packet is read, so a bad path fails at
/// once.
fn sink(out: &Output, input: Format, skip: u32) -> Result<Box<dyn Sink>, Error> {
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
            let file =
                Box::new(output::file_sink(f, f.format.unwrap_or(input), 0).map_err(Error::File)?);
            match printing {
                Some(p) => Box::new(TeeSink::new(file, print(p))),
                None => file,
            }
        }
        Output::Count => Box::new(CountSink::new(Some(io::stdout()))),
        Output::Print(p) => print(p),
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
