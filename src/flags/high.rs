//! The settings each command runs with, derived from the parsed flags in one step per command
//! ([`FromLow`]): every rule that spans flags in a way clap cannot state, every value clap
//! passes as text (rules, addresses, link types), and every file a flag names (`-F`,
//! `--bpf-file`) is checked here, so a command starts with settings that are known good.

mod capture;
mod commands;

use anyhow::Result;

pub use capture::{Capture, Filter, Read};
pub use commands::{Detect, Doctor, Exporter, Flag, Hold, Lab, Status, Vswitch, Watch};

/// Settings made from the parsed flags `L` of one command.
pub trait FromLow<L>: Sized {
    /// The settings of `low`, or the error of the first flag that is wrong.
    fn from_low(low: &L) -> Result<Self>;
}

/// Parses `--allow` rules; `flag` names the flag in errors.
fn rules(texts: &[String]) -> Result<Vec<promisc_state::rules::Rule>> {
    texts
        .iter()
        .map(|r| {
            r.parse().map_err(|e| {
                crate::exit::fail(crate::exit::Kind::Usage, format!("--allow {r}: {e}"))
            })
        })
        .collect()
}
