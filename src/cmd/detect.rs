//! `promisc detect`: probe the LAN, print the verdicts.

use anyhow::Result;
use promisc_app::detect::{run as detect, Phase};
use promisc_detect::Verdict;

use crate::exit;
use crate::flags::high::Detect;

/// Runs the detection.
pub fn run(a: &Detect) -> Result<u8> {
    // A bar on a terminal, nothing otherwise.
    let bar = crate::progress::bar(10, "frames");
    let mut phase = None;
    let results = detect(&a.options, &mut |p, done, total| {
        if phase != Some(p) {
            phase = Some(p);
            bar.set_message(match p {
                Phase::Discovery => "discovery",
                Phase::Probing => "probing",
            });
            bar.set_length(total);
        }
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    if a.json {
        let doc = serde_json::json!({ "hosts": results });
        println!("{}", crate::json::pretty(&doc)?);
    } else if results.is_empty() {
        show!("no live host answered on {}", a.options.interface);
    } else {
        show_text!(promisc_detect::table(&results));
    }
    let promiscuous = results.iter().any(|r| r.verdict == Verdict::Promiscuous);
    Ok(if a.check && promiscuous {
        exit::CHECK_FAILED
    } else {
        exit::OK
    })
}
