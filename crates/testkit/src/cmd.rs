//! Running the oracle tools.

use std::process::Command;

/// Runs a command and returns its standard output; fails the test if it cannot run or fails.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Parses a decimal "seconds.fraction" timestamp (as tcpdump and tshark print it) into
/// nanoseconds, exactly.
pub fn parse_ts_ns(s: &str) -> u64 {
    let (secs, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut frac = frac.to_owned();
    assert!(frac.len() <= 9, "more than nanosecond digits in {s}");
    while frac.len() < 9 {
        frac.push('0');
    }
    secs.parse::<u64>().unwrap() * 1_000_000_000 + frac.parse::<u64>().unwrap()
}
