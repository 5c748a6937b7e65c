//! The settings the commands run with: derived from the parsed flags, and checked where a
//! rule spans flags in a way clap cannot state.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use promisc_capture::Rotation;
use promisc_inspect::output::FileOutput;
use promisc_savefile::Format;
use promisc_sys::user;
use promisc_wire::PrintOptions;

use crate::exit::{self, fail};
use crate::flags::low::{CaptureArgs, OutputArgs, ReadArgs};

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

/// How lines are printed: `-e`, `-q`, `--nano`, the other output flags, names unless `-n`, in
/// this machine's time zone.
pub fn print_options(o: &OutputArgs) -> PrintOptions {
    PrintOptions {
        link_header: o.link_header,
        quiet: o.quiet,
        utc_offset_secs: user::utc_offset((now_ns() / 1_000_000_000) as i64),
        nanos: o.nano,
        verbose: o.verbose.min(3),
        hex: o.hex,
        hex_ascii: o.hex_ascii,
        ascii: o.ascii,
        time_stamps: o.time_stamps.min(5),
        absolute_seq: o.absolute_seq,
        numbers: o.numbers,
        // JSON keeps numbers (its summary has no names either).
        names: o.numeric == 0 && !o.json,
    }
}

/// The expression of the trailing words (empty for none).
pub fn expression(words: &[String]) -> String {
    words.join(" ")
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
    let now = now_ns() / 1_000_000_000;
    Ok(Some(FileOutput {
        path,
        format,
        nanos: args.output.nano,
        rotation: Rotation {
            max_bytes: args.rotate_bytes.map(|mb| mb * 1_000_000),
            every_secs: args.rotate_secs,
            max_files: args.file_count,
        },
        utc_offset: user::utc_offset(now as i64),
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
        nanos: args.output.nano,
        rotation: Rotation::default(),
        utc_offset: 0,
        packet_buffered: false,
    })
}
