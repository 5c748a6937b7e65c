//! `promisc capture`: a tcpdump-class sniffer on TPACKET_V3 rings.

use std::io::{self, IsTerminal};
use std::time::Duration;

use anyhow::{Context, Result};
use promisc_app::capture::output;
use promisc_capture::{Capture, Config, CountSink, Event, Sink, Target, TeeSink};
use promisc_filter::CompileTarget;
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{Signal, Signals};
use promisc_sys::user;

use crate::exit::{self, fail};
use crate::flags::high::{self, now_ns};
use crate::flags::low::CaptureArgs;

/// Runs `promisc capture`.
pub fn run(args: &CaptureArgs) -> Result<u8> {
    if args.list_interfaces {
        return list_interfaces();
    }
    high::check_tstamp_type(args.tstamp_type.as_deref())?;
    // Block the signals before any thread exists, so each thread inherits the mask and the
    // signals queue for the wait loop below.
    let signals = Signals::block()?;
    let bpf_file = bpf_program(args)?;
    let (expression, warning) = high::filter_text(args.filter_file.as_deref(), &args.expression)?;
    if let Some(w) = warning {
        eprintln!("promisc: {w}");
    }
    let snaplen = high::snaplen(args.snaplen);
    high::check_capture(args)?;

    let links = Route::open()?.links()?;
    let mut targets = targets(args, &links)?;
    if args.list_linktypes || args.list_tstamp_types {
        for t in &targets {
            print!("{}", listing(t, args.list_linktypes));
        }
        return Ok(exit::OK);
    }
    let file = high::capture_file(args, targets.len())?;
    attach_filters(&mut targets, bpf_file.as_ref(), &expression, snaplen, args)?;
    let line_buffered = args.line_buffered || (args.write.is_none() && io::stdout().is_terminal());
    let cfg = Config {
        targets,
        promisc: !args.no_promisc,
        snaplen,
        buffer_bytes: high::buffer_bytes(args),
        direction: args.direction.unwrap_or_default().into(),
        fanout: args.fanout.filter(|&n| n > 1),
        count: args.count,
        // --immediate-mode: the kernel retires a block 1 ms (its least) after its first packet.
        retire_timeout_ms: match (args.immediate, line_buffered) {
            (true, _) => 1,
            (false, true) => 100,
            (false, false) => 1000,
        },
    };
    // The output file is opened before the capture starts (as the user that writes it: after
    // -Z drops privileges), so that a path that cannot be written fails at once.
    let open_file = |f: &output::FileOutput| {
        output::file_sink(f, now_ns() / 1_000_000_000)
            .map_err(|e| fail(exit::SYSTEM, format!("-w: {e}")))
    };
    let mut early_file = match (&file, &args.user) {
        (Some(f), None) => Some(open_file(f)?),
        _ => None,
    };
    let capture = match Capture::open(cfg) {
        Err(e @ promisc_capture::live::Error::RingTooLarge { .. }) => {
            return Err(fail(
                exit::USAGE,
                format!("-B {}: {e}", high::buffer_kib(args)),
            ))
        }
        other => other.context("opening the capture sockets")?,
    };
    for (name, why) in capture.user_filtered() {
        eprintln!("promisc: {name}: filtering in user space: {why}");
    }

    if let Some(name) = &args.user {
        let account = user::lookup_user(name)?
            .ok_or_else(|| fail(exit::USAGE, format!("-Z {name}: no such user")))?;
        user::drop_privileges(&account).context("dropping privileges (-Z)")?;
        if let Some(f) = &file {
            early_file = Some(open_file(f)?);
        }
    }

    let interfaces = capture.interfaces();
    let mut sink = sink(args, early_file.take(), line_buffered, &links);
    for i in &interfaces {
        sink.add_interface(i)?;
    }
    let listening: Vec<String> = interfaces
        .iter()
        .map(|i| {
            format!(
                "{}, link-type {}",
                i.name.as_deref().unwrap_or("?"),
                i.linktype.banner_name()
            )
        })
        .collect();
    eprintln!(
        "promisc: listening on {}, snapshot length {snaplen} bytes",
        listening.join("; ")
    );

    let running = capture.start(sink, now_ns());
    loop {
        for event in running.take_events() {
            eprintln!("promisc: {}", event_text(&event));
        }
        match signals.wait(Duration::from_millis(100))? {
            Some(Signal::Interrupt | Signal::Terminate | Signal::Hangup) => {
                running.stop();
                break;
            }
            Some(Signal::User1) => eprintln!("{}", running.summary().one_line()),
            Some(Signal::Child) | None => {
                if running.is_finished() {
                    break;
                }
            }
        }
    }
    let events = running.take_events();
    let result = running.join(now_ns());
    for event in events {
        eprintln!("promisc: {}", event_text(&event));
    }
    ended(result)
}

/// The interfaces to capture on (`-i`, else the first that is up and not a loopback), each
/// once, without their filters yet.
fn targets(args: &CaptureArgs, links: &[promisc_facts::link::LinkFacts]) -> Result<Vec<Target>> {
    let names: Vec<String> = if args.interfaces.is_empty() {
        // As tcpdump: the first interface that is up and not a loopback.
        let first = links
            .iter()
            .filter(|l| l.is_up() && l.arphrd != promisc_facts::uapi::ARPHRD_LOOPBACK)
            .min_by_key(|l| l.ifindex)
            .ok_or_else(|| {
                fail(
                    exit::NO_INTERFACE,
                    "no interface is up to capture on; name one with -i (or -i any)",
                )
            })?;
        vec![first.name.clone()]
    } else {
        args.interfaces.clone()
    };
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(fail(
                exit::USAGE,
                format!("-i {n} is given twice: each interface is captured once; drop one"),
            ));
        }
    }
    let mut targets = Vec::new();
    for n in &names {
        if n == "any" {
            targets.push(Target {
                name: "any".into(),
                ifindex: 0,
                filter: None,
            });
        } else {
            let l = promisc_app::resolve(
                std::slice::from_ref(n),
                links,
                &promisc_app::netns::current_name(),
            )?[0];
            targets.push(Target {
                name: l.name.clone(),
                ifindex: l.ifindex,
                filter: None,
            });
        }
    }
    Ok(targets)
}

/// The program each socket gets: the --bpf-file one, or the expression compiled for the
/// interface's link type and for a live Linux socket (VLAN tags as kernel metadata).
fn attach_filters(
    targets: &mut [Target],
    bpf_file: Option<&promisc_filter::Program>,
    expression: &str,
    snaplen: u32,
    args: &CaptureArgs,
) -> Result<()> {
    for t in targets.iter_mut() {
        t.filter = match (bpf_file, expression.is_empty()) {
            (Some(p), _) => Some(p.clone()),
            (None, false) => Some(
                promisc_app::capture::filter::compile(
                    expression,
                    t.linktype().0,
                    snaplen,
                    CompileTarget::LiveLinux,
                    true,
                )
                .map_err(|e| {
                    exit::in_filter_file(
                        exit::filter_error(expression, &e),
                        args.filter_file.as_deref(),
                    )
                })?,
            ),
            (None, true) => None,
        };
    }
    Ok(())
}

/// Where packets go: the `-w` file (and the printer, with `--print`), a counter (`--count`),
/// or the printer.
fn sink(
    args: &CaptureArgs,
    file: Option<promisc_capture::FileSink>,
    line_buffered: bool,
    links: &[promisc_facts::link::LinkFacts],
) -> Box<dyn Sink> {
    let print = || -> Box<dyn Sink> {
        let opts = high::print_options(&args.output, args.precision);
        Box::new(output::print_sink(
            opts,
            args.output.json,
            line_buffered || args.print,
            links.iter().map(|l| (l.ifindex, l.name.clone())),
        ))
    };
    match file {
        Some(f) if args.print => Box::new(TeeSink::new(Box::new(f), print())),
        Some(f) => Box::new(f),
        // The summary on standard error says `N packets captured`.
        None if args.count_only => Box::new(CountSink::new(None::<io::Stdout>)),
        None => print(),
    }
}

/// `--bpf-file`'s program, when given.
fn bpf_program(args: &CaptureArgs) -> Result<Option<promisc_filter::Program>> {
    Ok(match &args.bpf_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| fail(exit::USAGE, format!("--bpf-file {path}: {e}")))?;
            let program = promisc_filter::parse_ddd(&text)
                .map_err(|e| fail(exit::USAGE, format!("--bpf-file {path}: {e}")))?;
            Some(program)
        }
        None => None,
    })
}

/// The exit of a capture that ended: its summary, and the code.
fn ended(result: Result<promisc_capture::Summary, promisc_capture::live::Error>) -> Result<u8> {
    match result {
        Ok(summary) => {
            eprint!("{}", summary.lines());
            Ok(exit::OK)
        }
        Err(promisc_capture::live::Error::Gone { names, summary }) => {
            eprint!("{}", summary.lines());
            Err(fail(
                exit::INTERFACE_GONE,
                format!(
                    "the interface disappeared: {}; every packet captured until then is kept",
                    names.join(", ")
                ),
            ))
        }
        Err(e) => Err(anyhow::Error::new(e).context("capture ended early")),
    }
}

/// What a capture says when an interface goes down, comes back or is deleted.
fn event_text(e: &Event) -> String {
    match e {
        Event::Down(n) => format!("{n}: the interface went down; waiting for it to come back up"),
        Event::Up(n) => format!("{n}: the interface is up again"),
        Event::Gone(n) => format!("{n}: the interface disappeared; its capture ended"),
    }
}

/// `-D`: tcpdump's list, each interface with its promiscuous state and counter.
fn list_interfaces() -> Result<u8> {
    let devices = promisc_app::capture::devices::list().context("listing the interfaces")?;
    for (i, d) in devices.iter().enumerate() {
        println!("{}", d.line(i + 1));
    }
    Ok(exit::OK)
}

/// `-L` (link types, or with `false` `-J`'s time-stamp types) of one interface, as tcpdump
/// prints them: what this capture records it as (Ethernet headers for a named interface, as
/// the kernel gives a packet socket; `LINUX_SLL2` for `any`), and its only time stamp type.
fn listing(t: &Target, linktypes: bool) -> String {
    if !linktypes {
        return format!(
            "Time stamp types for {} (use option -j to set):\n  host (Host)\n",
            t.name
        );
    }
    let kind = if t.is_any() {
        "LINUX_SLL2 (Linux cooked v2)"
    } else {
        "EN10MB (Ethernet)"
    };
    format!(
        "Data link types for {} (use option -y to set):\n  {kind}\n",
        t.name
    )
}
