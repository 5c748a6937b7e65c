//! `promisc capture`: a tcpdump-class sniffer on TPACKET_V3 rings.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use promisc_capture::{Capture, Config, Event, FileSink, PrintSink, Rotation, Sink, Target};
use promisc_filter::CompileTarget;
use promisc_savefile::Format;
use promisc_sys::ring::Direction;
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{Signal, Signals};
use promisc_sys::user;
use promisc_wire::PrintOptions;

use crate::cmd::filter;
use crate::exit::{self, fail};
use crate::CaptureArgs;

/// tcpdump's default and largest snapshot length.
pub const MAX_SNAPLEN: u32 = promisc_wire::DEFAULT_SNAPLEN;

/// `-s` as tcpdump takes it: 0, or more than 262144, means 262144.
pub fn effective_snaplen(s: u32) -> u32 {
    match s {
        0 => MAX_SNAPLEN,
        s => s.min(MAX_SNAPLEN),
    }
}

fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The output format: `--format`, else the file name, else pcapng for several interfaces.
fn output_format(args: &CaptureArgs, path: &str) -> Format {
    args.format
        .map(Format::from)
        .or_else(|| Format::from_path(Path::new(path)))
        .unwrap_or(if args.interfaces.len() > 1 {
            Format::PcapNg
        } else {
            Format::Pcap
        })
}

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
    let expression = args.expression.join(" ");
    let snaplen = effective_snaplen(args.snaplen);
    if args.rotate_bytes.is_some() || args.rotate_secs.is_some() || args.file_count.is_some() {
        if args.write.as_deref().is_none_or(|w| w == "-") {
            return Err(fail(
                exit::USAGE,
                "-C, -G and -W rotate files: they need -w FILE",
            ));
        }
        if args.file_count.is_some() && args.rotate_bytes.is_none() && args.rotate_secs.is_none() {
            return Err(fail(exit::USAGE, "-W needs -C or -G"));
        }
    }

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
    if let Some(path) = args.write.as_deref() {
        if output_format(args, path) == Format::Pcap && names.len() > 1 {
            return Err(fail(
                exit::USAGE,
                format!(
                    "-w {path}: a pcap file holds the packets of one interface; for {} \
                     interfaces write pcapng (a .pcapng name, or --format pcapng)",
                    names.len()
                ),
            ));
        }
    }
    // The program each socket gets: the --bpf-file one, or the expression compiled for the
    // interface's link type and for a live Linux socket (VLAN tags as kernel metadata).
    for t in &mut targets {
        t.filter = match (&bpf_file, expression.is_empty()) {
            (Some(p), _) => Some(p.clone()),
            (None, false) => Some(filter::compile(
                &expression,
                t.linktype().0,
                snaplen,
                CompileTarget::LiveLinux,
                true,
            )?),
            (None, true) => None,
        };
    }
    let line_buffered = args.line_buffered || (args.write.is_none() && io::stdout().is_terminal());
    let cfg = Config {
        targets,
        promisc: !args.no_promisc,
        snaplen,
        buffer_bytes: cfg_buffer_kib(args).saturating_mul(1024),
        direction: args.direction.unwrap_or_default().into(),
        fanout: args.fanout.filter(|&n| n > 1),
        count: args.count,
        retire_timeout_ms: if line_buffered { 100 } else { 1000 },
    };
    // The output file is opened before the capture starts (as the user that writes it: after
    // -Z drops privileges), so that a path that cannot be written fails at once.
    let mut early_file = match (&args.write, &args.user) {
        (Some(_), None) => Some(make_file_sink(args)?),
        _ => None,
    };
    let capture = match Capture::open(cfg) {
        Err(e @ promisc_capture::live::Error::RingTooLarge { .. }) => {
            return Err(fail(
                exit::USAGE,
                format!("-B {}: {e}", cfg_buffer_kib(args)),
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
        if args.write.is_some() {
            early_file = Some(make_file_sink(args)?);
        }
    }

    let interfaces = capture.interfaces();
    let mut sink: Box<dyn Sink> = match early_file.take() {
        Some(f) => Box::new(f),
        None => make_sink(args, &links, line_buffered)?,
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

/// `-B` in KiB (2048 by default, as libpcap's 2 MiB).
fn cfg_buffer_kib(args: &CaptureArgs) -> u64 {
    args.buffer_kib.unwrap_or(2048)
}

/// The `-w` sink, with its first file already open.
fn make_file_sink(args: &CaptureArgs) -> Result<FileSink> {
    let path = args.write.as_deref().unwrap_or("-");
    let rotation = Rotation {
        max_bytes: args.rotate_bytes.map(|mb| mb * 1_000_000),
        every_secs: args.rotate_secs,
        max_files: args.file_count,
    };
    let now = now_ns() / 1_000_000_000;
    let offset = user::utc_offset(now as i64);
    let mut sink = FileSink::new(path, output_format(args, path), args.nano, rotation, offset)
        .flush_every_batch(args.packet_buffered);
    sink.start(now)
        .map_err(|e| fail(exit::SYSTEM, format!("-w: {e}")))?;
    Ok(sink)
}

/// The printing sink (no `-w`).
fn make_sink(
    args: &CaptureArgs,
    links: &[promisc_facts::link::LinkFacts],
    line_buffered: bool,
) -> Result<Box<dyn Sink>> {
    let opts = PrintOptions {
        link_header: args.link_header,
        quiet: args.quiet,
        utc_offset_secs: user::utc_offset((now_ns() / 1_000_000_000) as i64),
        nanos: args.nano,
    };
    let names = links.iter().map(|l| (l.ifindex, l.name.clone()));
    Ok(Box::new(
        PrintSink::new(io::stdout(), opts, args.json, line_buffered).with_interface_names(names),
    ))
}

impl From<crate::DirectionArg> for Direction {
    fn from(d: crate::DirectionArg) -> Direction {
        match d {
            crate::DirectionArg::In => Direction::In,
            crate::DirectionArg::Out => Direction::Out,
            crate::DirectionArg::Inout => Direction::InOut,
        }
    }
}
