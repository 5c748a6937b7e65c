//! `promisc read`: print or rewrite a pcap or pcapng file.

use std::io::{self, IsTerminal};

use anyhow::Result;
use promisc_capture::{Flow, Sink, SinkError};
use promisc_inspect::filter::FileFilter;
use promisc_inspect::output;

use crate::exit::{self, fail};
use crate::flags::high;
use crate::flags::low::ReadArgs;

/// Runs `promisc read`.
pub fn run(args: &ReadArgs) -> Result<u8> {
    let mut filter =
        (!args.expression.is_empty()).then(|| FileFilter::new(high::expression(&args.expression)));
    let mut reader = promisc_inspect::savefile::open(&args.read).map_err(exit::open_error)?;
    let mut sink: Box<dyn Sink> = match high::read_file(args, reader.format()) {
        // Created before the first packet is read, so a bad path fails at once.
        Some(f) => {
            Box::new(output::file_sink(&f, 0).map_err(|e| fail(exit::SYSTEM, format!("-w: {e}")))?)
        }
        // As tcpdump: LINUX_SLL2 interface indexes are named after this machine's links.
        None => {
            let sink = output::print_sink(
                high::print_options(&args.output),
                args.output.json,
                io::stdout().is_terminal(),
                promisc_sys::rtnl::Route::open()
                    .and_then(|mut r| r.links())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|l| (l.ifindex, l.name)),
            );
            // As tcpdump: names for ports and hosts unless -n.
            if args.output.numeric == 0 && !args.output.json {
                Box::new(output::with_names(sink))
            } else {
                Box::new(sink)
            }
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
                    break 'packets Err(exit::file_filter_error(f.expression(), e));
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
