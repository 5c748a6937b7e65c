//! `promisc read`: print or rewrite a pcap or pcapng file.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

use anyhow::Result;
use promisc_capture::{FileSink, Flow, PrintSink, Rotation, Sink, SinkError};
use promisc_savefile::{Format, Reader};
use promisc_sys::user;
use promisc_wire::PrintOptions;

use crate::cmd::filter::FileFilter;
use crate::exit::{self, fail};
use crate::ReadArgs;

/// Bytes read from a savefile at a time: small enough to stay in the CPU cache between the
/// kernel's copy and the parse (a 1 MiB buffer measured slower).
pub const READ_BUFFER: usize = 128 * 1024;

/// Runs `promisc read`.
pub fn run(args: &ReadArgs) -> Result<u8> {
    let mut filter =
        (!args.expression.is_empty()).then(|| FileFilter::new(args.expression.join(" ")));
    let input: Box<dyn Read> = if args.read == "-" {
        Box::new(io::stdin().lock())
    } else if Path::new(&args.read).is_dir() {
        return Err(fail(
            exit::USAGE,
            format!("-r {}: a directory, not a pcap or pcapng file", args.read),
        ));
    } else {
        Box::new(
            File::open(&args.read)
                .map_err(|e| fail(exit::USAGE, format!("cannot open {}: {e}", args.read)))?,
        )
    };
    let mut reader = Reader::with_buffer_size(input, READ_BUFFER)
        .map_err(|e| fail(exit::BAD_FILE, format!("{}: {e}", args.read)))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let mut sink: Box<dyn Sink> = match &args.write {
        Some(path) => {
            let format = args
                .format
                .map(Format::from)
                .or_else(|| Format::from_path(Path::new(path)))
                .unwrap_or(reader.format());
            // Created before the first packet is read, so a bad path fails at once.
            let mut sink = FileSink::new(path, format, args.nano, Rotation::default(), 0);
            sink.start(0)
                .map_err(|e| fail(exit::SYSTEM, format!("-w: {e}")))?;
            Box::new(sink)
        }
        None => {
            let opts = PrintOptions {
                link_header: args.link_header,
                quiet: args.quiet,
                utc_offset_secs: user::utc_offset(now),
                nanos: args.nano,
            };
            let line_buffered = io::stdout().is_terminal();
            // As tcpdump: LINUX_SLL2 interface indexes are named after this machine's links.
            let names = promisc_sys::rtnl::Route::open()
                .and_then(|mut r| r.links())
                .unwrap_or_default()
                .into_iter()
                .map(|l| (l.ifindex, l.name));
            Box::new(
                PrintSink::new(io::stdout(), opts, args.json, line_buffered)
                    .with_interface_names(names),
            )
        }
    };
    // As tcpdump, name the file's link type once it is known (pcapng describes interfaces in
    // blocks that may come after the section header).
    let announce = |first: &promisc_savefile::Interface| {
        eprintln!(
            "reading from file {}, link-type {}, snapshot length {}",
            args.read,
            first.linktype.banner_name(),
            first.snaplen
        );
    };
    let mut announced = false;
    if let Some(first) = reader.interfaces().first() {
        announce(first);
        announced = true;
    }

    let mut declared = 0;
    let mut done: u64 = 0;
    // Every way out of this loop goes through the sink's finish below, so nothing already
    // printed or written is lost.
    let outcome: Result<(), anyhow::Error> = 'packets: loop {
        if args.count.is_some_and(|c| done >= c) {
            break Ok(());
        }
        // The raw time, not `ts_ns`, is what tcpdump prints: a damaged sub-second field as it
        // is and times before 1970 as such.
        let (p, interfaces, raw) = match reader.next_packet_with_raw_time() {
            Ok(Some(triple)) => triple,
            Ok(None) => break Ok(()),
            Err(e) => {
                break Err(fail(
                    exit::BAD_FILE,
                    format!(
                        "{}: {e} (after {done} good packet{})",
                        args.read,
                        if done == 1 { "" } else { "s" }
                    ),
                ))
            }
        };
        // pcapng may describe interfaces between packets: declare new ones first.
        while declared < interfaces.len() {
            if !announced {
                announce(&interfaces[declared]);
                announced = true;
            }
            if let Some(f) = filter.as_mut() {
                if let Err(e) = f.prepare(interfaces[declared].linktype.0, declared) {
                    break 'packets Err(e);
                }
            }
            if let Err(e) = sink.add_interface(&interfaces[declared]) {
                break 'packets Err(anyhow::Error::new(e).context(format!(
                    "interface {declared} of {} (link type {})",
                    args.read,
                    interfaces[declared].linktype.banner_name()
                )));
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
        let written = match raw {
            None => sink.packet(p.interface, p.ts_ns, p.orig_len, p.data),
            Some(t) => sink.packet_raw(p.interface, p.ts_ns, t, p.orig_len, p.data),
        };
        match written {
            Ok(Flow::Continue) => done += 1,
            Ok(Flow::Stop) => break Ok(()),
            Err(SinkError::Closed) => break Ok(()),
            Err(e) => break Err(e.into()),
        }
    };
    if let (false, Some(first)) = (announced, reader.interfaces().first()) {
        announce(first);
    }
    let stats = reader.stats().to_vec();
    match sink.finish(&stats) {
        Ok(()) | Err(SinkError::Closed) => {}
        Err(e) => return Err(e.into()),
    }
    outcome.map(|()| exit::OK)
}
