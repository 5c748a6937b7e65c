//! The value enums of `capture` and `read`'s flags (`-Q`, `--time-stamp-precision`,
//! `--format`).

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
