//! `promisc detect`: probe the LAN, print the verdicts.

use std::io::IsTerminal;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use promisc_app::detect::{run as detect, Error, Family, Options, Phase};
use promisc_detect::Verdict;

use crate::exit;
use crate::flags::low::DetectArgs;

/// Runs the detection.
pub fn run(a: &DetectArgs) -> Result<u8> {
    let opts = Options {
        interface: a.interface.clone(),
        targets: a.targets.clone(),
        force: a.force,
        rate: a.rate,
        retries: a.retries,
        timeout: a.timeout,
        source_ip: a.source_ip,
        hosts_from_neigh: a.hosts_from_neigh,
        discover_only: a.discover_only,
        family: match (a.ipv4, a.ipv6) {
            (true, false) => Family::V4,
            (false, true) => Family::V6,
            _ => Family::Both,
        },
    };
    // A bar on a terminal, nothing otherwise.
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(0), target);
    bar.set_style(
        ProgressStyle::with_template("{msg:10} [{bar:40}] {pos}/{len} frames, {elapsed}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    let mut phase = None;
    let results = detect(&opts, &mut |p, done, total| {
        if phase != Some(p) {
            phase = Some(p);
            bar.set_message(match p {
                Phase::Discovery => "discovery",
                Phase::Probing => "probing",
            });
            bar.set_length(total);
        }
        bar.set_position(done);
    })
    .map_err(detect_error)?;
    bar.finish_and_clear();
    if a.json {
        let doc = serde_json::json!({ "hosts": results });
        println!("{}", crate::json::pretty(&doc)?);
    } else if results.is_empty() {
        println!("no live host answered on {}", a.interface);
    } else {
        print!("{}", promisc_detect::table(&results));
    }
    let promiscuous = results.iter().any(|r| r.verdict == Verdict::Promiscuous);
    Ok(if a.check && promiscuous {
        exit::CHECK_FAILED
    } else {
        exit::OK
    })
}

fn detect_error(e: Error) -> anyhow::Error {
    match e {
        Error::Unknown(u) => u.into(),
        Error::Targets(t) => exit::fail(exit::USAGE, t.to_string()),
        Error::Down(_) | Error::NoCarrier(_) => exit::fail(exit::SYSTEM, e.to_string()),
        Error::NoLinkLocal(_) => exit::fail(exit::USAGE, e.to_string()),
        Error::Sys(s) => s.into(),
    }
}
