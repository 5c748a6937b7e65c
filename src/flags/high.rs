//! The settings the commands run with: derived from the parsed flags, and checked where a
//! rule spans flags in a way clap cannot state.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use promisc_app::capture::output::FileOutput;
use promisc_capture::Rotation;
use promisc_savefile::Format;
use promisc_sys::user;
use promisc_wire::PrintOptions;

use crate::exit::{self, fail};
use crate::flags::low::{CaptureArgs, OutputArgs, PrecisionArg, ReadArgs};

/// tcpdump's default and largest snapshot length.
pub const MAX_SNAPLEN: u32 = promisc_wire::DEFAULT_SNAPLEN;

/// libpcap's default ring: 2 MiB.
const DEFAULT_BUFFER_KIB: u64 = 2048;

/// `-s` as tcpdump takes it: 0, or more than 262144, means 262144.
pub fn snaplen(s: u32) -> u32 {
    match s {
        0 => MAX_SNAPLEN,
        s => s.min(MAX_SNAPLEN),
    }
}

/// Nanoseconds since 1970, now.
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// How lines are printed: `-e`, `-q`, `--nano` (or `--time-stamp-precision=nano`), the other
/// output flags, names unless `-n`, in this machine's time zone.
pub fn print_options(o: &OutputArgs, precision: Option<PrecisionArg>) -> PrintOptions {
    PrintOptions {
        link_header: o.link_header,
        quiet: o.quiet,
        utc_offset_secs: user::utc_offset((now_ns() / 1_000_000_000) as i64),
        nanos: nanos(o, precision),
        verbose: o.verbose.min(3),
        hex: o.hex,
        hex_ascii: o.hex_ascii,
        ascii: o.ascii,
        time_stamps: o.time_stamps.min(5),
        absolute_seq: o.absolute_seq,
        numbers: o.numbers,
        // JSON keeps numbers (its summary has no names either).
        names: names(o),
    }
}

/// Whether addresses and ports print as names, as tcpdump prints them without `-n` (never for
/// JSON).
pub fn names(o: &OutputArgs) -> bool {
    o.numeric == 0 && !o.json
}

/// The expression of the trailing words (empty for none).
pub fn expression(words: &[String]) -> String {
    words.join(" ")
}

/// The filter expression and a warning to print: `-F FILE`'s text (a `#` starts a comment
/// that runs to the end of the line, as tcpdump), which makes tcpdump ignore the words on the
/// command line (it does so silently; we say so), else the words.
pub fn filter_text(file: Option<&str>, words: &[String]) -> Result<(String, Option<String>)> {
    let Some(path) = file else {
        return Ok((expression(words), None));
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        fail(
            exit::USAGE,
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
pub fn nanos(o: &OutputArgs, precision: Option<PrecisionArg>) -> bool {
    o.nano || precision == Some(PrecisionArg::Nano)
}

/// `-j TYPE`: a packet socket's time stamps are the kernel's software ones, tcpdump's `host`;
/// the other pcap-tstamp(7) names are refused (exit 2), an unknown one as tcpdump words it.
pub fn check_tstamp_type(t: Option<&str>) -> Result<()> {
    match t {
        None | Some("host") => Ok(()),
        Some(
            t @ ("host_lowprec"
            | "host_hiprec"
            | "host_hiprec_unsynced"
            | "adapter"
            | "adapter_unsynced"),
        ) => Err(fail(
            exit::USAGE,
            format!(
                "-j {t}: this capture gives only `host` time stamps (the kernel's software \
                 time of each packet); hardware time stamps are not supported"
            ),
        )),
        Some(t) => Err(fail(
            exit::USAGE,
            format!("-j {t}: invalid time stamp type (pcap-tstamp(7) names; here only `host`)"),
        )),
    }
}

/// `-B` in bytes (2 MiB by default, as libpcap).
pub fn buffer_bytes(args: &CaptureArgs) -> u64 {
    buffer_kib(args).saturating_mul(1024)
}

/// `-B` in KiB, as given (or the default).
pub fn buffer_kib(args: &CaptureArgs) -> u64 {
    args.buffer_kib.unwrap_or(DEFAULT_BUFFER_KIB)
}

/// Rotation to standard output is refused: `-C`, `-G` and `-W` need a file name.
pub fn check_capture(args: &CaptureArgs) -> Result<()> {
    let rotates = args.rotate_bytes.is_some() || args.rotate_secs.is_some();
    if rotates && args.write.as_deref() == Some("-") {
        return Err(fail(
            exit::USAGE,
            "-C, -G and -W rotate files: they need -w FILE",
        ));
    }
    Ok(())
}

/// The `-w` file of a capture on `interfaces` interfaces: its format is `--format`, else the
/// file name's, else pcapng for several interfaces; several interfaces in a pcap file are
/// refused.
pub fn capture_file(args: &CaptureArgs, interfaces: usize) -> Result<Option<FileOutput>> {
    let Some(path) = args.write.clone() else {
        return Ok(None);
    };
    let format = args
        .format
        .map(Format::from)
        .or_else(|| Format::from_path(Path::new(&path)))
        .unwrap_or(if interfaces > 1 {
            Format::PcapNg
        } else {
            Format::Pcap
        });
    if format == Format::Pcap && interfaces > 1 {
        return Err(fail(
            exit::USAGE,
            format!(
                "-w {path}: a pcap file holds the packets of one interface; for {interfaces} \
                 interfaces write pcapng (a .pcapng name, or --format pcapng)"
            ),
        ));
    }
    Ok(Some(FileOutput {
        path,
        format,
        nanos: nanos(&args.output, args.precision),
        rotation: Rotation {
            max_bytes: args.rotate_bytes.map(|mb| mb * 1_000_000),
            every_secs: args.rotate_secs,
            max_files: args.file_count,
        },
        packet_buffered: args.packet_buffered,
    }))
}

/// The `-w` file of a read of a file in `input` format: `--format`, else the file name's,
/// else the input's.
pub fn read_file(args: &ReadArgs, input: Format) -> Option<FileOutput> {
    let path = args.write.clone()?;
    let format = args
        .format
        .map(Format::from)
        .or_else(|| Format::from_path(Path::new(&path)))
        .unwrap_or(input);
    Some(FileOutput {
        path,
        format,
        nanos: nanos(&args.output, args.precision),
        rotation: Rotation::default(),
        packet_buffered: false,
    })
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
    fn only_host_time_stamps() {
        assert!(check_tstamp_type(None).is_ok());
        assert!(check_tstamp_type(Some("host")).is_ok());
        assert!(check_tstamp_type(Some("adapter")).is_err());
        assert!(check_tstamp_type(Some("foo")).is_err());
    }
}
