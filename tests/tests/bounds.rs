//! Values no run should take are refused before anything starts (issue #20): durations outside
//! their bounds (a huge one used to be accepted, `--interval 0s` spun a CPU), an empty
//! `--exec`, and target lists beyond `--force`'s limit. No privilege is needed: the settings
//! are checked before any socket is opened.

use crate::common::*;

/// `promisc ARGS`, outside any namespace, bounded in time.
fn promisc(args: &[&str]) -> Run {
    let bin = bin();
    let mut argv = vec![bin.as_str()];
    argv.extend_from_slice(args);
    run_bounded(&argv, CMD_TIMEOUT)
}

#[test]
fn out_of_bounds_values_are_refused_with_their_bounds() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["watch", "--interval", "0s"],
            "--interval 0s: from 100ms to 1h",
        ),
        (
            &["exporter", "--interval", "0s"],
            "--interval 0s: from 100ms to 1h",
        ),
        (&["watch", "--interval", "2h"], "from 100ms to 1h"),
        (
            &["watch", "--exec", ""],
            "--exec '': give the shell command",
        ),
        (
            &["watch", "--exec", "  "],
            "--exec '': give the shell command",
        ),
        (&["doctor", "--passive", "99999999h"], "at most 10m"),
        (
            &["detect", "-i", "lo", "--timeout", "99999999999999d"],
            "from 1ms to 1m",
        ),
        (&["detect", "-i", "lo", "--timeout", "0s"], "from 1ms to 1m"),
        (&["hold", "lo", "--for", "99999999999h"], "at most 30days"),
        (
            &["hold", "lo", "--kill-after", "2h", "--", "true"],
            "at most 1h",
        ),
    ];
    for (args, says) in cases {
        let run = promisc(args);
        assert_eq!(run.code(), 2, "promisc {args:?}: {run}");
        assert!(
            run.stderr.contains(says),
            "promisc {args:?} says {says:?}: {run}"
        );
        assert!(!run.stderr.contains("panicked"), "{run}");
    }
}
