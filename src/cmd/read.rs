//! `promisc read`: print or rewrite a pcap or pcapng file.

use std::io::{self, IsTerminal};

use anyhow::Result;
use promisc_app::capture::filter::FileFilter;
use promisc_app::capture::output;
use promisc_capture::{CountSink, Flow, Sink, SinkError, TeeSink};

use crate::exit::{self, fail};
use crate::flags::high;
use crate::flags::low::ReadArgs;

/// Runs `promisc read`.
pub fn run(args: &ReadArgs) -> Result<u8> {
    let (text, warning) = high::filter_text(args.filter_file.as_deref(), &args.expression)?;
    if let Some(w) = warning {
        eprintln!("promisc: {w}");
    }
    let mut filter = (!text.is_empty()).then(|| FileFilter::new(text));
    let snaplen = args
        .snaplen
        .map_or(usize::MAX, |s| high::snaplen(s) as usize);
    let mut reader = promisc_app::capture::savefile::open(&args.read).map_err(exit::open_error)?;
    let mut sink = sink(args, reader.format())?;
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
                    let err = exit::file_filter_error(f.expression(), e);
                    break 'packets Err(exit::in_filter_file(err, args.filter_file.as_deref()));
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
        // -s: what is printed or written is cut as tcpdump -r -s cuts it.
        let data = &p.data[..p.data.len().min(snaplen)];
        let written = match raw {
            None => sink.packet(p.interface, p.ts_ns, p.orig_len, data),
            Some(t) => sink.packet_raw(p.interface, p.ts_ns, t, p.orig_len, data),
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

/// Where packets go: the `-w` file (and the printer, with `--print`), a counter (`--count`),
/// or the printer.
fn sink(args: &ReadArgs, format: promisc_savefile::Format) -> Result<Box<dyn Sink>> {
    let print = || -> Box<dyn Sink> {
        let opts = high::print_options(&args.output, args.precision);
        // As tcpdump: LINUX_SLL2 interface indexes are named after this machine's links.
        Box::new(output::print_sink(
            opts,
            args.output.json,
            io::stdout().is_terminal(),
            promisc_sys::rtnl::Route::open()
                .and_then(|mut r| r.links())
                .unwrap_or_default()
                .into_iter()
                .map(|l| (l.ifindex, l.name)),
        ))
    };
    Ok(match high::read_file(args, format) {
        // Created before the first packet is read, so a bad path fails at once.
        Some(f) => {
            let file = Box::new(
                output::file_sink(&f, 0).map_err(|e| fail(exit::SYSTEM, format!("-w: {e}")))?,
            );
            if args.print {
                Box::new(TeeSink::new(file, print()))
            } else {
                file
            }
        }
        None if args.count_only => Box::new(CountSink::new(Some(io::stdout()))),
        None => print(),
    })
}
