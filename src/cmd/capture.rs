//! `promisc capture`: a tcpdump-class sniffer on TPACKET_V3 rings.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use promisc_capture::{Capture, Config, FileSink, PrintSink, Rotation, Sink, Target};
use promisc_savefile::{Format, LinkType};
use promisc_sys::ring::{BpfInsn, Direction};
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{Signal, Signals};
use promisc_sys::user;
use promisc_wire::PrintOptions;

use crate::cmd::status;
use crate::exit::{self, fail};
use crate::CaptureArgs;

/// tcpdump's default and largest snapshot length.
pub const MAX_SNAPLEN: u32 = 262_144;

/// The name tcpdump gives a link type in its banners.
pub fn linktype_name(l: LinkType) -> String {
    match l.0 {
        1 => "EN10MB (Ethernet)".into(),
        113 => "LINUX_SLL (Linux cooked v1)".into(),
        276 => "LINUX_SLL2 (Linux cooked v2)".into(),
        101 => "RAW (Raw IP)".into(),
        n => format!("LINKTYPE {n}"),
    }
}

/// The error for a filter expression before the compiler exists.
pub fn expression_unsupported(expr: &[String]) -> anyhow::Error {
    fail(
        exit::USAGE,
        format!(
            "filter expressions are not supported yet ('{}'): give the program as classic BPF \
             instead, e.g. `tcpdump -y EN10MB -ddd '{}' > f.bpf` and `--bpf-file f.bpf`",
            expr.join(" "),
            expr.join(" ")
        ),
    )
}

/// Parses a program in `tcpdump -ddd` format: the instruction count on the first line, then
/// one `code jt jf k` line (decimal) per instruction.
pub fn parse_ddd(text: &str) -> Result<Vec<BpfInsn>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let (n_line, first) = lines.next().ok_or("the file is empty")?;
    let count: usize = first
        .parse()
        .map_err(|_| format!("line {n_line}: expected the instruction count, got '{first}'"))?;
    if count == 0 || count > 4096 {
        return Err(format!(
            "line {n_line}: {count} instructions (a program has 1 to 4096)"
        ));
    }
    let mut prog = Vec::with_capacity(count);
    for (n, line) in lines {
        let f: Vec<&str> = line.split_whitespace().collect();
        let parsed = (f.len() == 4)
            .then(|| {
                Some(BpfInsn {
                    code: f[0].parse().ok()?,
                    jt: f[1].parse().ok()?,
                    jf: f[2].parse().ok()?,
                    k: f[3].parse().ok()?,
                })
            })
            .flatten();
        match parsed {
            Some(i) => prog.push(i),
            None => {
                return Err(format!(
                    "line {n}: expected four decimal numbers 'code jt jf k', got '{line}'"
                ))
            }
        }
    }
    if prog.len() != count {
        return Err(format!(
            "the first line announces {count} instructions but {} follow",
            prog.len()
        ));
    }
    Ok(prog)
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
    if !args.expression.is_empty() {
        return Err(expression_unsupported(&args.expression));
    }
    let filter = match &args.bpf_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| fail(exit::USAGE, format!("--bpf-file {path}: {e}")))?;
            Some(
                parse_ddd(&text)
                    .map_err(|e| fail(exit::USAGE, format!("--bpf-file {path}: {e}")))?,
            )
        }
        None => None,
    };
    let snaplen = match args.snaplen {
        0 => MAX_SNAPLEN,
        s => s.min(MAX_SNAPLEN),
    };
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
            .filter(|l| l.is_up() && l.arphrd != promisc_state::facts::ARPHRD_LOOPBACK)
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
    let mut targets = Vec::new();
    for n in &names {
        if n == "any" {
            targets.push(Target {
                name: "any".into(),
                ifindex: 0,
            });
        } else {
            let l = status::resolve(
                std::slice::from_ref(n),
                &links,
                &status::current_netns_name(),
            )?[0];
            targets.push(Target {
                name: l.name.clone(),
                ifindex: l.ifindex,
            });
        }
    }
    let line_buffered = args.line_buffered || (args.write.is_none() && io::stdout().is_terminal());
    let cfg = Config {
        targets,
        promisc: !args.no_promisc,
        snaplen,
        buffer_bytes: args.buffer_kib.unwrap_or(2048) * 1024,
        direction: args.direction.unwrap_or_default().into(),
        filter,
        fanout: args.fanout.filter(|&n| n > 1),
        count: args.count,
        retire_timeout_ms: if line_buffered { 100 } else { 1000 },
    };
    let capture = Capture::open(cfg).context("opening the capture sockets")?;

    if let Some(name) = &args.user {
        let account = user::lookup_user(name)?
            .ok_or_else(|| fail(exit::USAGE, format!("-Z {name}: no such user")))?;
        user::drop_privileges(&account).context("dropping privileges (-Z)")?;
    }

    let interfaces = capture.interfaces();
    let mut sink: Box<dyn Sink> = match &args.write {
        Some(path) => {
            let format = output_format(args, path);
            if format == Format::Pcap
                && interfaces
                    .iter()
                    .any(|i| i.linktype != interfaces[0].linktype)
            {
                return Err(fail(
                    exit::USAGE,
                    "a pcap file holds one link type: capturing `any` with other interfaces \
                     needs pcapng (--format pcapng, or a .pcapng file name)",
                ));
            }
            if format == Format::Pcap && interfaces.len() > 1 {
                eprintln!(
                    "promisc: warning: a pcap file does not say which interface a packet came \
                     from; use pcapng to keep it"
                );
            }
            let rotation = Rotation {
                max_bytes: args.rotate_bytes.map(|mb| mb * 1_000_000),
                every_secs: args.rotate_secs,
                max_files: args.file_count,
            };
            let offset = user::utc_offset((now_ns() / 1_000_000_000) as i64);
            Box::new(
                FileSink::new(path, format, args.nano, rotation, offset)
                    .flush_every_batch(args.packet_buffered),
            )
        }
        None => {
            let opts = PrintOptions {
                link_header: args.link_header,
                quiet: args.quiet,
                utc_offset_secs: user::utc_offset((now_ns() / 1_000_000_000) as i64),
                nanos: args.nano,
            };
            let names = links.iter().map(|l| (l.ifindex, l.name.clone()));
            Box::new(
                PrintSink::new(io::stdout(), opts, args.json, line_buffered)
                    .with_interface_names(names),
            )
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
                linktype_name(i.linktype)
            )
        })
        .collect();
    eprintln!(
        "promisc: listening on {}, snapshot length {snaplen} bytes",
        listening.join("; ")
    );

    let running = capture.start(sink, now_ns());
    loop {
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
    let result = running.join(now_ns());
    match result {
        Ok(summary) => {
            eprint!("{}", summary.lines());
            Ok(exit::OK)
        }
        Err(e) => Err(anyhow::Error::new(e).context("capture ended early")),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ddd_programs_parse_and_errors_point_at_the_line() {
        let p = parse_ddd("2\n40 0 0 12\n6 0 0 262144\n").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[1],
            BpfInsn {
                code: 6,
                jt: 0,
                jf: 0,
                k: 262_144
            }
        );
        assert!(parse_ddd("").unwrap_err().contains("empty"));
        assert!(parse_ddd("x\n").unwrap_err().contains("line 1"));
        assert!(parse_ddd("2\n40 0 0 12\n")
            .unwrap_err()
            .contains("announces 2"));
        assert!(parse_ddd("1\n40 0 12\n").unwrap_err().contains("line 2"));
        assert!(parse_ddd("1\n40 0 300 1\n").unwrap_err().contains("line 2"));
    }
}
