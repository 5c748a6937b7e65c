//! Flags of tcpdump 5 (its master branch, used by its tests/TESTLIST) that tcpdump 4.99 lacks:
//! `--lengths`, `-g` (`--ip-oneline`), `--print-sampling` and `--skip`, for `capture` and
//! `read`.

use clap::Args;

/// The largest count tcpdump takes for `--skip` and `--print-sampling` (`INT_MAX`).
const INT_MAX: i64 = i32::MAX as i64;

/// tcpdump 5's printing flags, part of the output flags of `capture` and `read`.
#[derive(Debug, Clone, Args)]
pub struct Tcpdump5Args {
    /// Print `caplen N len M ` on each line, after the packet number if any and before the
    /// time stamp: the bytes captured and the packet's length on the wire (tcpdump 5).
    #[arg(long)]
    pub lengths: bool,
    /// With -v: no line break after the IPv4 header, whose parenthesis and the addresses
    /// then share one line (tcpdump 5's -g).
    #[arg(short = 'g', long = "ip-oneline")]
    pub ip_oneline: bool,
    /// Print only every NTH packet (the NTH, 2×NTH, ... counting from 1; -# numbers them by
    /// that place), as tcpdump 5. Implies --print (with -w: every packet is written, every
    /// NTH printed) and -S (relative sequence numbers need every packet printed).
    #[arg(long = "print-sampling", value_name = "NTH",
          value_parser = clap::value_parser!(u32).range(1..=INT_MAX))]
    pub print_sampling: Option<u32>,
}

/// `--skip` of `capture` and `read`.
#[derive(Debug, Clone, Args)]
pub struct SkipArg {
    /// Skip the first COUNT packets (of those the filter passes): neither printed nor
    /// written, but counted for -# numbers, --print-sampling, --count and capture's summary;
    /// -c counts the packets after them (tcpdump 5's --skip; 0 skips none).
    #[arg(long, value_name = "COUNT", default_value_t = 0,
          value_parser = clap::value_parser!(u32).range(0..=INT_MAX))]
    pub skip: u32,
}
