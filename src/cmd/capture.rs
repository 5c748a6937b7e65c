//! `promisc capture`: a tcpdump-class sniffer on TPACKET_V3 rings.

use std::io::{self, IsTerminal};
use std::time::Duration;

use anyhow::{Context, Result};
use promisc_capture::{Capture, Config, Event, Sink, Target};
use promisc_filter::CompileTarget;
use promisc_inspect::output;
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{Signal, Signals};
use promisc_sys::user;

use crate::exit::{self, fail};
use crate::flags::high::{self, now_ns};
use crate::flags::low::CaptureArgs;

/// Runs `promisc capture`.
pub fn run(args: &CaptureArgs) -> Result<u8> {
    // Block the signals before any thread exists, so each thread inherits the mask and the
    // signals queue for the wait loop below.
    let signals = Signals::block()?;
    let bpf_file = match &args.bpf_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| fail(exit::USAGE, format!("--bpf-file {path}: {e}")))?;
            let program = promisc_filter::parse_ddd(&text)
                .map_err(|e| fail(exit::USAGE, format!("--bpf-file {path}: {e}")))?;
            Some(program)
        }
        None => None,
    };
    let expression = high::expression(&args.expression);
    let snaplen = high::snaplen(args.snaplen);
    high::check_capture(args)?;

    let links = Route::open()?.links()?;
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
            let l = promisc_inspect::resolve(
                std::slice::from_ref(n),
                &links,
                &promisc_inspect::netns::current_name(),
            )?[0];
            targets.push(Target {
                name: l.name.clone(),
                ifindex: l.ifindex,
                filter: None,
            });
        }
    }
    let file = high::capture_file(args, names.len())?;
    // The program each socket gets: the --bpf-file one, or the expression compiled for the
    // interface's link type and for a live Linux socket (VLAN tags as kernel metadata).
    for t in &mut targets {
        t.filter = match (&bpf_file, expression.is_empty()) {
            (Some(p), _) => Some(p.clone()),
            (None, false) => Some(
                promisc_inspect::filter::compile(
                    &expression,
                    t.linktype().0,
                    snaplen,
                    CompileTarget::LiveLinux,
                    true,
                )
                .map_err(|e| exit::filter_error(&expression, &e))?,
            ),
            (None, true) => None,
        };
    }
    let line_buffered = args.line_buffered || (args.write.is_none() && io::stdout().is_terminal());
    let cfg = Config {
        targets,
        promisc: !args.no_promisc,
        snaplen,
        buffer_bytes: high::buffer_bytes(args),
        direction: args.direction.unwrap_or_default().into(),
        fanout: args.fanout.filter(|&n| n > 1),
        count: args.count,
        retire_timeout_ms: if line_buffered { 100 } else { 1000 },
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
    let mut sink: Box<dyn Sink> = match early_file.take() {
        Some(f) => Box::new(f),
        None => {
            let sink = output::print_sink(
                high::print_options(&args.output),
                args.output.json,
                line_buffered,
                links.iter().map(|l| (l.ifindex, l.name.clone())),
            );
            // As tcpdump: names for ports and hosts unless -n.
            if args.output.numeric == 0 && !args.output.json {
                Box::new(output::with_names(sink))
            } else {
                Box::new(sink)
            }
        }
    };
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
