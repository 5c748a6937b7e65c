//! The settings each command runs with, derived from the parsed flags in one step per command
//! ([`FromLow`]): every rule that spans flags in a way clap cannot state, every value clap
//! passes as text (rules, addresses, link types), and every file a flag names (`-F`,
//! `--bpf-file`) is checked here, so a command starts with settings that are known good.

mod capture;
mod commands;
mod netns;

use std::time::Duration;

use anyhow::Result;

pub use capture::{Capture, Filter, Read};
pub use commands::{Detect, Doctor, Exporter, Flag, Hold, Lab, Status, Vswitch, Watch};
pub use netns::netns;

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

/// `d`, given as `flag`, when it lies within `min..=max`; else the error naming the bounds.
fn within(flag: &str, d: Duration, min: Duration, max: Duration) -> Result<Duration> {
    if d < min || d > max {
        let show = |d: Duration| humantime::format_duration(d).to_string();
        let bounds = if min.is_zero() {
            format!("at most {}", show(max))
        } else {
            format!("from {} to {}", show(min), show(max))
        };
        return Err(crate::exit::fail(
            crate::exit::Kind::Usage,
            format!("{flag} {}: {bounds}", show(d)),
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_out_of_their_bounds_are_refused() {
        let s = Duration::from_secs;
        assert_eq!(within("--x", s(5), s(1), s(10)).unwrap(), s(5));
        let e = within("--x", Duration::ZERO, s(1), s(10)).unwrap_err();
        assert_eq!(e.to_string(), "--x 0s: from 1s to 10s");
        let e = within("--y", s(99_999_999 * 3600), Duration::ZERO, s(600)).unwrap_err();
        assert!(e.to_string().ends_with(": at most 10m"), "{e}");
    }
}
