//! `promisc doctor`: observe, diagnose, print.

use anyhow::Result;
use promisc_app::doctor::{observe, Phase};
use promisc_doctor::host::{report, Report};
use promisc_doctor::{diagnose, Finding, Status};

use crate::exit;
use crate::flags::high::Doctor;

/// Runs the doctor on one interface, or with `--host` on this host's guest-facing ports.
pub fn run(a: &Doctor) -> Result<u8> {
    if a.host {
        return run_host(a);
    }
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
        show_finding(f);
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

/// One finding, indented, with its fix.
fn show_finding(f: &Finding) {
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

/// `doctor --host`: a table of the ports, then the findings of each port that is not fine
/// (of every port with `-v`). Exit code 0 whatever is found, as the doctor's.
fn run_host(a: &Doctor) -> Result<u8> {
    let facts = promisc_app::doctor_host::observe(&a.options)?;
    let r = report(&facts.ports, &facts.nftables);
    if a.json {
        println!("{}", crate::json::pretty(&r)?);
        return Ok(exit::OK);
    }
    show_host(&r, a.verbose);
    Ok(exit::OK)
}

fn show_host(r: &Report, verbose: bool) {
    let rows: Vec<[String; 6]> = r
        .ports
        .iter()
        .map(|p| {
            let port = match &p.netns {
                Some(ns) => format!("{} (netns {ns})", p.port),
                None => p.port.clone(),
            };
            [
                port,
                p.kind.clone(),
                p.bridge.clone().or(p.lower.clone()).unwrap_or("-".into()),
                p.guest.as_ref().map_or("-".into(), |g| g.describe()),
                p.nested.clone(),
                if p.blocking.is_empty() {
                    "-".into()
                } else {
                    p.blocking.join(",")
                },
            ]
        })
        .collect();
    if !rows.is_empty() {
        let head = ["PORT", "KIND", "ON", "GUEST", "NESTED", "BLOCKING"];
        let mut w = head.map(str::len);
        for row in &rows {
            for (i, c) in row.iter().enumerate() {
                w[i] = w[i].max(c.chars().count());
            }
        }
        let line = |c: [&str; 6]| {
            format!(
                "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {:<w4$}  {}",
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                c[5],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2],
                w3 = w[3],
                w4 = w[4]
            )
        };
        show!("{}", line(head));
        for row in &rows {
            show!("{}", line(row.each_ref().map(String::as_str)));
        }
    }
    for p in &r.ports {
        if !verbose && p.nested == "works" {
            continue;
        }
        show!("");
        show!("{}", p.summary);
        for f in &p.findings {
            if verbose || f.status != Status::Ok {
                show_finding(f);
            }
        }
    }
    if r.nftables != "read" {
        show!("");
        show!("nftables: {}", r.nftables);
    }
    show!("");
    show!("{}", r.summary);
}
