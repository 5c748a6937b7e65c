//! The settings of `capture`, `read` and `filter`.

use std::io::{self, IsTerminal};
use std::path::Path;

use anyhow::Result;
use promisc_app::capture::live;
use promisc_app::capture::output::{FileOutput, Output, Printing};
use promisc_app::capture::read;
use promisc_app::capture::{Direction, Rotation};
use promisc_filter::{CompileTarget, DumpStyle};
use promisc_savefile::Format;
use promisc_wire::{PacketType, PrintOptions};

use super::FromLow;
use crate::exit::{fail, Kind};
use crate::flags::low::{
    CaptureArgs, DirectionArg, FilterArgs, FormatArg, OutputArgs, PrecisionArg, ReadArgs,
};

/// tcpdump's default and largest snapshot length.
pub const MAX_SNAPLEN: u32 = promisc_wire::DEFAULT_SNAPLEN;

/// libpcap's default ring: 2 MiB.
const DEFAULT_BUFFER_KIB: u64 = 2048;

/// What `promisc capture` does.
#[derive(Debug)]
pub enum Capture {
    /// `-D`: the interfaces as tcpdump lists them.
    ListInterfaces,
    /// `-L` (link types) or `-J` (time-stamp types) of these interfaces.
    ListTypes {
        /// `-i`.
        interfaces: Vec<String>,
        /// `-L` rather than `-J`.
        linktypes: bool,
        /// A warning to print first.
        warning: Option<String>,
    },
    /// A capture.
    Run {
        /// What to capture and where it goes.
        options: Box<live::Options>,
        /// A warning to print first (`-F` with words on the command line).
        warning: Option<String>,
    },
}

impl FromLow<CaptureArgs> for Capture {
    fn from_low(args: &CaptureArgs) -> Result<Self> {
        if args.list_interfaces {
            return Ok(Capture::ListInterfaces);
        }
        check_tstamp_type(args.tstamp_type.as_deref())?;
        let bpf_file = bpf_program(args)?;
        let (expression, warning) = filter_text(args.filter_file.as_deref(), &args.expression)?;
        let snaplen = snaplen(args.snaplen);
        check_capture(args)?;
        check_interfaces(&args.interfaces)?;
        if let Some(y) = &args.linktype {
            check_capture_linktype(y, &args.interfaces)?;
        }
        if args.list_linktypes || args.list_tstamp_types {
            return Ok(Capture::ListTypes {
                interfaces: args.interfaces.clone(),
                linktypes: args.list_linktypes,
                warning,
            });
        }
        let filter = match (bpf_file, expression.is_empty()) {
            (Some(p), _) => live::Filter::Program(p),
            (None, false) => live::Filter::Expression {
                text: expression,
                file: args.filter_file.clone(),
            },
            (None, true) => live::Filter::None,
        };
        let file = capture_file(args);
        let line_buffered =
            args.line_buffered || (args.write.is_none() && io::stdout().is_terminal());
        let printing = Printing {
            options: print_options(&args.output, args.precision)?,
            json: args.output.json,
            line_buffered: line_buffered || args.print,
            sampling: args.output.tcpdump5.print_sampling.unwrap_or(0),
        };
        // --print-sampling implies --print, as in tcpdump 5.
        let print = args.print || args.output.tcpdump5.print_sampling.is_some();
        let output = match file {
            Some(f) => Output::File(f, print.then_some(printing)),
            None if args.count_only => Output::Count,
            None => Output::Print(printing),
        };
        let options = live::Options {
            interfaces: args.interfaces.clone(),
            promisc: !args.no_promisc,
            snaplen,
            buffer_kib: args.buffer_kib.unwrap_or(DEFAULT_BUFFER_KIB),
            direction: direction(args.direction.unwrap_or_default()),
            fanout: args.fanout,
            count: args.count,
            skip: args.skip.skip,
            // --immediate-mode: the kernel retires a block 1 ms (its least) after its first
            // packet.
            retire_timeout_ms: match (args.immediate, line_buffered) {
                (true, _) => 1,
                (false, true) => 100,
                (false, false) => 1000,
            },
            filter,
            output,
            user: args.user.clone(),
            monitor: args.monitor,
        };
        Ok(Capture::Run {
            options: Box::new(options),
            warning,
        })
    }
}

/// What `promisc read` does.
#[derive(Debug)]
pub struct Read {
    /// What to read and where it goes.
    pub options: read::Options,
    /// A warning to print first (`-F` with words on the command line).
    pub warning: Option<String>,
}

impl FromLow<ReadArgs> for Read {
    fn from_low(args: &ReadArgs) -> Result<Self> {
        let (expression, warning) = filter_text(args.filter_file.as_deref(), &args.expression)?;
        let printing = Printing {
            options: print_options(&args.output, args.precision)?,
            json: args.output.json,
            line_buffered: args.line_buffered || io::stdout().is_terminal(),
            sampling: args.output.tcpdump5.print_sampling.unwrap_or(0),
        };
        // --print-sampling implies --print, as in tcpdump 5.
        let print = args.print || args.output.tcpdump5.print_sampling.is_some();
        let output = match &args.write {
            Some(path) => Output::File(
                FileOutput {
                    path: path.clone(),
                    format: format(args.format, path),
                    nanos: nanos(&args.output, args.precision),
                    rotation: Rotation::default(),
                    packet_buffered: false,
                    post_rotate: None,
                },
                print.then_some(printing),
            ),
            None if args.count_only => Output::Count,
            None => Output::Print(printing),
        };
        let options = read::Options {
            path: args.read.clone(),
            count: args.count,
            skip: args.skip.skip,
            snaplen: args.snaplen.map(snaplen),
            expression,
            filter_file: args.filter_file.clone(),
            output,
        };
        Ok(Read { options, warning })
    }
}

/// What `promisc filter` does.
#[derive(Debug)]
pub enum Filter {
    /// `--test FILE`: count the packets of a file the expression matches.
    Test {
        /// The file.
        path: String,
        /// The expression.
        expression: String,
    },
    /// Compile and print the program.
    Compile {
        /// The expression.
        expression: String,
        /// `-y`.
        linktype: u32,
        /// `-s`.
        snaplen: u32,
        /// `--live` or a file.
        target: CompileTarget,
        /// Not `-O`.
        optimize: bool,
        /// `-d`, `-dd` or `-ddd`.
        style: DumpStyle,
    },
}

impl FromLow<FilterArgs> for Filter {
    fn from_low(args: &FilterArgs) -> Result<Self> {
        let expression = expression(&args.expression);
        if let Some(path) = &args.test {
            return Ok(Filter::Test {
                path: path.clone(),
                expression,
            });
        }
        Ok(Filter::Compile {
            expression,
            linktype: linktype(&args.linktype)?,
            snaplen: snaplen(args.snaplen),
            target: if args.live {
                CompileTarget::LiveLinux
            } else {
                CompileTarget::Offline
            },
            optimize: !args.no_optimize,
            style: match args.dump {
                0 | 1 => DumpStyle::D,
                2 => DumpStyle::Dd,
                _ => DumpStyle::Ddd,
            },
        })
    }
}

/// Parses `-y`: a link type by tcpdump's name or number.
fn linktype(name: &str) -> Result<u32> {
    let up = name.to_ascii_uppercase();
    let up = if up == "ETHERNET" {
        "EN10MB".into()
    } else {
        up
    };
    promisc_filter::linktypes()
        .iter()
        .find(|(v, n)| *n == up || v.to_string() == up)
        .map(|(v, _)| *v)
        .ok_or_else(|| {
            fail(
                Kind::Usage,
                format!(
                    "-y {name}: promisc compiles filters for {}",
                    promisc_app::capture::filter::filter_linktype_names()
                ),
            )
        })
}

/// `-y NAME` of a capture: the link type each interface is captured as (EN10MB for a named
/// one, as the kernel gives a packet socket; LINUX_SLL2 for `any`), by name in any case, as
/// `capture -L` lists it; no other can be chosen.
fn check_capture_linktype(name: &str, interfaces: &[String]) -> Result<()> {
    let any = interfaces.iter().any(|i| i == "any");
    let named = interfaces.iter().any(|i| i != "any") || interfaces.is_empty();
    let upper = name.to_ascii_uppercase();
    let upper = upper.strip_prefix("DLT_").unwrap_or(&upper);
    let fits = match upper {
        "EN10MB" => !any,
        "LINUX_SLL2" => !named,
        _ => false,
    };
    if fits {
        return Ok(());
    }
    let offered = match (any, named) {
        (true, true) => "EN10MB for a named interface and LINUX_SLL2 for `any` (one -y cannot \
                         fit both: drop -y)"
            .to_string(),
        (true, false) => "LINUX_SLL2 for `any`".to_string(),
        _ => "EN10MB for a named interface".to_string(),
    };
    Err(fail(
        Kind::Usage,
        format!(
            "-y {name}: this capture records {offered}; `promisc capture -L -i IFACE` lists \
             the link type of each"
        ),
    ))
}

/// `-s` as tcpdump takes it: 0, or more than 262144, means 262144.
pub fn snaplen(s: u32) -> u32 {
    match s {
        0 => MAX_SNAPLEN,
        s => s.min(MAX_SNAPLEN),
    }
}

/// How lines are printed: `-e`, `-q`, `--nano` (or `--time-stamp-precision=nano`), the other
/// output flags, names unless `-n`, in this machine's time zone; `-T` and `-E` checked.
fn print_options(o: &OutputArgs, precision: Option<PrecisionArg>) -> Result<PrintOptions> {
    check_esp_secrets(o)?;
    let packet_type = packet_type(o.packet_type.as_deref())?;
    Ok(PrintOptions {
        link_header: o.link_header,
        quiet: o.quiet,
        utc_offset_secs: promisc_app::capture::output::local_utc_offset(),
        nanos: nanos(o, precision),
        verbose: o.verbose,
        hex: o.hex,
        hex_ascii: o.hex_ascii,
        ascii: o.ascii,
        time_stamps: o.time_stamps.min(5),
        // --print-sampling implies -S, as in tcpdump 5: the unprinted packets are not parsed.
        absolute_seq: o.absolute_seq || o.tcpdump5.print_sampling.is_some(),
        numbers: o.numbers,
        asdot: o.asdot,
        // JSON keeps numbers (its summary has no names either).
        names: o.numeric == 0 && !o.json,
        packet_type,
        no_checksums: o.no_checksums,
        mesh_headers: o.mesh_headers,
        print_interface: o.print_interface,
        ip_oneline: o.tcpdump5.ip_oneline,
        lengths: o.tcpdump5.lengths,
    })
}

/// `-T TYPE`: one of tcpdump 4.99's packet types, in any case; an unknown one is refused as
/// tcpdump words it, with the list.
fn packet_type(name: Option<&str>) -> Result<Option<PacketType>> {
    let Some(name) = name else {
        return Ok(None);
    };
    match PacketType::from_name(name) {
        Some(t) => Ok(Some(t)),
        None => {
            let known: Vec<&str> = PacketType::ALL.iter().map(|t| t.name()).collect();
            Err(fail(
                Kind::Usage,
                format!(
                    "-T {name}: unknown packet type `{name}' (one of: {})",
                    known.join(", ")
                ),
            ))
        }
    }
}

/// `-E`: ESP decryption is not built; refused with what to do instead.
fn check_esp_secrets(o: &OutputArgs) -> Result<()> {
    match &o.esp_secrets {
        None => Ok(()),
        Some(_) => Err(fail(
            Kind::Usage,
            "-E: ESP decryption is not built into promisc; drop -E to print each ESP \
             packet's SPI and sequence number (as tcpdump without the secrets), or decrypt \
             with tcpdump -E",
        )),
    }
}

/// The expression of the trailing words (empty for none).
fn expression(words: &[String]) -> String {
    words.join(" ")
}

/// The filter expression and a warning to print: `-F FILE`'s text (a `#` starts a comment
/// that runs to the end of the line, as tcpdump), which makes tcpdump ignore the words on the
/// command line (it does so silently; we say so), else the words.
fn filter_text(file: Option<&str>, words: &[String]) -> Result<(String, Option<String>)> {
    let Some(path) = file else {
        return Ok((expression(words), None));
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        fail(
            Kind::Usage,
            format!("-F {path}: cannot read the filter: {e}"),
        )
    })?;
    let warning = (!words.is_empty()).then(|| {
        format!(
            "-F {path}: the expression on the command line (`{}`) is ignored, as tcpdump does",
            expression(words)
        )
    });
    Ok((strip_comments(&text), warning))
}

/// A filter file's text as one expression: each line up to its `#`, joined with spaces.
fn strip_comments(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ")
}

/// Nanosecond time stamps: `--nano` or `--time-stamp-precision=nano`.
fn nanos(o: &OutputArgs, precision: Option<PrecisionArg>) -> bool {
    o.nano || precision == Some(PrecisionArg::Nano)
}

/// `-j TYPE`: a packet socket's time stamps are the kernel's software ones, tcpdump's `host`;
/// the other pcap-tstamp(7) names are refused (exit 2), an unknown one as tcpdump words it.
fn check_tstamp_type(t: Option<&str>) -> Result<()> {
    match t {
        None | Some("host") => Ok(()),
        Some(
            t @ ("host_lowprec"
            | "host_hiprec"
            | "host_hiprec_unsynced"
            | "adapter"
            | "adapter_unsynced"),
        ) => Err(fail(
            Kind::Usage,
            format!(
                "-j {t}: this capture gives only `host` time stamps (the kernel's software \
                 time of each packet); hardware time stamps are not supported"
            ),
        )),
        Some(t) => Err(fail(
            Kind::Usage,
            format!("-j {t}: invalid time stamp type (pcap-tstamp(7) names; here only `host`)"),
        )),
    }
}

/// `--bpf-file`'s program, when given.
fn bpf_program(args: &CaptureArgs) -> Result<Option<promisc_filter::Program>> {
    Ok(match &args.bpf_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| fail(Kind::Usage, format!("--bpf-file {path}: {e}")))?;
            let program = promisc_filter::parse_ddd(&text)
                .map_err(|e| fail(Kind::Usage, format!("--bpf-file {path}: {e}")))?;
            Some(program)
        }
        None => None,
    })
}

/// Each interface is captured once: one named twice is refused.
fn check_interfaces(names: &[String]) -> Result<()> {
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(fail(
                Kind::Usage,
                format!("-i {n} is given twice: each interface is captured once; drop one"),
            ));
        }
    }
    Ok(())
}

/// Rotation to standard output is refused: `-C`, `-G` and `-W` need a file name.
fn check_capture(args: &CaptureArgs) -> Result<()> {
    let rotates = args.rotate_bytes.is_some() || args.rotate_secs.is_some();
    if rotates && args.write.as_deref() == Some("-") {
        return Err(fail(
            Kind::Usage,
            "-C, -G and -W rotate files: they need -w FILE",
        ));
    }
    Ok(())
}

/// The `-w` file of a capture: its format is `--format`, else the file name's (else the
/// capture decides by the number of interfaces).
fn capture_file(args: &CaptureArgs) -> Option<FileOutput> {
    let path = args.write.clone()?;
    Some(FileOutput {
        format: format(args.format, &path),
        path,
        nanos: nanos(&args.output, args.precision),
        rotation: Rotation {
            max_bytes: args.rotate_bytes.map(|mb| mb * 1_000_000),
            every_secs: args.rotate_secs,
            max_files: args.file_count,
        },
        packet_buffered: args.packet_buffered,
        post_rotate: args.post_rotate.clone(),
    })
}

/// `--format`, else the format the name of the file `path` says.
fn format(given: Option<FormatArg>, path: &str) -> Option<Format> {
    given
        .map(Format::from)
        .or_else(|| Format::from_path(Path::new(path)))
}

/// `-Q` as the capture takes it.
fn direction(d: DirectionArg) -> Direction {
    match d {
        DirectionArg::In => Direction::In,
        DirectionArg::Out => Direction::Out,
        DirectionArg::Inout => Direction::InOut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_files_lose_their_comments() {
        let text = "# web\ntcp port 80 # http\n\n  or udp#x\n";
        assert_eq!(strip_comments(text), "tcp port 80 or udp");
        assert_eq!(strip_comments("#only\n"), "");
    }

    #[test]
    fn capture_link_types_are_the_listed_ones() {
        let eth0 = ["eth0".to_string()];
        let any = ["any".to_string()];
        assert!(check_capture_linktype("EN10MB", &eth0).is_ok());
        assert!(check_capture_linktype("en10mb", &[]).is_ok());
        assert!(check_capture_linktype("DLT_EN10MB", &eth0).is_ok());
        assert!(check_capture_linktype("LINUX_SLL2", &any).is_ok());
        assert!(check_capture_linktype("LINUX_SLL2", &eth0).is_err());
        assert!(check_capture_linktype("LINUX_SLL", &any).is_err());
        assert!(check_capture_linktype("EN10MB", &any).is_err());
        assert!(check_capture_linktype("PPP", &eth0).is_err());
        let both = ["eth0".to_string(), "any".to_string()];
        assert!(check_capture_linktype("EN10MB", &both).is_err());
    }

    /// `promisc read ARGS` parsed and checked.
    fn read(args: &[&str]) -> std::result::Result<Read, String> {
        use clap::Parser;
        let argv = ["promisc", "read", "-r", "x.pcap"].iter().chain(args);
        let cli = crate::flags::low::Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
        match cli.command {
            Some(crate::flags::low::Command::Read(a)) => {
                Read::from_low(&a).map_err(|e| e.to_string())
            }
            other => Err(format!("not read: {other:?}")),
        }
    }

    fn printing(r: &Read) -> Option<Printing> {
        match &r.options.output {
            Output::Print(p) => Some(*p),
            Output::File(_, p) => *p,
            Output::Count => None,
        }
    }

    #[test]
    fn tcpdump5_flags_are_taken_as_tcpdump_5_takes_them() {
        let plain = read(&[]).unwrap();
        assert_eq!(plain.options.skip, 0);
        let p = printing(&plain).unwrap();
        assert_eq!(p.sampling, 0);
        assert!(!p.options.lengths && !p.options.ip_oneline && !p.options.absolute_seq);

        let r = read(&["--skip", "3", "-c", "4", "--lengths", "-g", "-v"]).unwrap();
        assert_eq!((r.options.skip, r.options.count), (3, Some(4)));
        let p = printing(&r).unwrap();
        assert!(p.options.lengths && p.options.ip_oneline);
        assert_eq!(
            read(&["--ip-oneline"]).map(|r| printing(&r).unwrap().options.ip_oneline),
            Ok(true)
        );

        // --print-sampling=N (as TESTLIST writes it) implies -S, and --print with -w.
        let r = read(&["--print-sampling=3"]).unwrap();
        let p = printing(&r).unwrap();
        assert_eq!(p.sampling, 3);
        assert!(p.options.absolute_seq);
        let w = read(&["--print-sampling", "2", "-w", "out.pcap"]).unwrap();
        assert_eq!(printing(&w).map(|p| p.sampling), Some(2));
        assert!(printing(&read(&["-w", "out.pcap"]).unwrap()).is_none());

        // tcpdump's bounds: --skip 0..=INT_MAX, --print-sampling 1..=INT_MAX.
        assert_eq!(read(&["--skip", "0"]).unwrap().options.skip, 0);
        assert_eq!(
            read(&["--skip", "2147483647"]).unwrap().options.skip,
            i32::MAX as u32
        );
        for bad in [
            &["--skip", "-1"][..],
            &["--skip", "2147483648"],
            &["--skip", "x"],
            &["--print-sampling", "0"],
            &["--print-sampling", "2147483648"],
        ] {
            assert!(read(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_host_time_stamps() {
        assert!(check_tstamp_type(None).is_ok());
        assert!(check_tstamp_type(Some("host")).is_ok());
        assert!(check_tstamp_type(Some("adapter")).is_err());
        assert!(check_tstamp_type(Some("foo")).is_err());
    }
}
