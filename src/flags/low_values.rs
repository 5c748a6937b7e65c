//! The value enums of `capture` and `read`'s flags (`-Q`, `--time-stamp-precision`,
//! `--format`) and of `status --color`, and the parser of durations.

use std::time::Duration;

/// `-Q`: which direction to capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DirectionArg {
    /// Received packets only.
    In,
    /// Sent packets only.
    Out,
    /// Both.
    #[default]
    Inout,
}

/// `--time-stamp-precision`: microseconds or nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrecisionArg {
    /// Microseconds (the default).
    Micro,
    /// Nanoseconds (as --nano).
    Nano,
}

/// `--format`: the savefile format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Classic pcap (one interface).
    Pcap,
    /// pcapng (several interfaces, statistics).
    Pcapng,
}

impl From<FormatArg> for promisc_savefile::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Pcap => promisc_savefile::Format::Pcap,
            FormatArg::Pcapng => promisc_savefile::Format::PcapNg,
        }
    }
}

/// When `status` colours its table (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set and not empty.
    Auto,
    /// Always, even into a pipe and whatever NO_COLOR says.
    Always,
    /// Never.
    Never,
}

/// A duration as the flags take it: seconds (`1.5`) or humantime's units (`500ms`, `30s`,
/// `5m`, `1h30m`).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    if let Ok(secs) = s.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Ok(Duration::from_secs_f64(secs));
        }
    }
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 30s, 5m, 1h30m, 500ms)"))
}
