//! `promisc doctor`: observe, diagnose, print.

use anyhow::Result;
use promisc_app::doctor::{observe, Phase};
use promisc_doctor::{diagnose, Status};

use crate::exit;
use crate::flags::high::Doctor;

/// Runs the doctor on one interface.
pub fn run(a: &Doctor) -> Result<u8> {
    let verbose = a.verbose;
    // What it is doing, on a terminal (as detect shows it).
    let bar = crate::progress::bar(24, "probes");
    // No steady tick: its thread would take the SIGINT the MAC-change test blocks and reads.
    bar.set_message("reading the interface");
    let obs = observe(
        &a.options,
        &mut |line| {
            if verbose {
                bar.suspend(|| say!("promisc: {line}"));
            }
        },
        &mut |phase, sent, total| {
            bar.set_message(match phase {
                Phase::Holding => "holding promiscuous mode",
                Phase::Probing => "sending probes",
                Phase::Waiting => "waiting for answers",
            });
            bar.set_length(total);
            bar.set_position(sent);
        },
    );
    bar.finish_and_clear();
    let d = diagnose(&obs?);
    if a.json {
        println!("{}", crate::json::pretty(&d)?);
        return Ok(exit::OK);
    }
    show!(
        "promisc doctor: {} (platform: {})",
        d.interface,
        d.platform.platform.name()
    );
    for f in &d.findings {
        let tag = match f.status {
            Status::Ok => "ok",
            Status::Problem => "PROBLEM",
            Status::Unknown => "unknown",
        };
        show!("  {tag:<8} {}: {}", f.check, f.evidence);
        if let Some(fix) = &f.fix {
            show!("           fix: {fix}");
        }
    }
    let p = &d.policies;
    show!(
        "policies: promiscuous={} forged_transmits={} mac_changes={} mac_learning={}",
        p.promiscuous,
        p.forged_transmits,
        p.mac_changes,
        p.mac_learning
    );
    show!("{}", d.summary);
    Ok(exit::OK)
}
