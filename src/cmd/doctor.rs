//! `promisc doctor`: observe, diagnose, print.

use anyhow::Result;
use promisc_app::doctor::{observe, Error, Options};
use promisc_doctor::{diagnose, Status};

use crate::exit;
use crate::flags::low::DoctorArgs;

/// Runs the doctor on one interface.
pub fn run(a: &DoctorArgs) -> Result<u8> {
    let opts = Options {
        interface: a.interface.clone(),
        intrusive: a.intrusive,
        passive: a.passive,
        vmnet_dir: a.vmnet_dir.clone().map(Into::into),
        vm_users: a.vm_users.clone(),
    };
    let verbose = a.verbose;
    let obs = observe(&opts, &mut |line| {
        if verbose {
            eprintln!("promisc: {line}");
        }
    })
    .map_err(doctor_error)?;
    let d = diagnose(&obs);
    if a.json {
        println!("{}", crate::json::pretty(&d)?);
        return Ok(exit::OK);
    }
    println!("promisc doctor: {}", d.interface);
    for f in &d.findings {
        let tag = match f.status {
            Status::Ok => "ok",
            Status::Problem => "PROBLEM",
            Status::Unknown => "unknown",
        };
        println!("  {tag:<8} {}: {}", f.check, f.evidence);
        if let Some(fix) = &f.fix {
            println!("           fix: {fix}");
        }
    }
    let p = &d.policies;
    println!(
        "policies: promiscuous={} forged_transmits={} mac_changes={} mac_learning={}",
        p.promiscuous, p.forged_transmits, p.mac_changes, p.mac_learning
    );
    println!("{}", d.summary);
    Ok(exit::OK)
}

fn doctor_error(e: Error) -> anyhow::Error {
    match e {
        Error::Unknown(u) => u.into(),
        Error::NoInterface | Error::CarriesDefaultRoute(_) => {
            exit::fail(exit::USAGE, e.to_string())
        }
        Error::Interrupted(_) => exit::fail(130, e.to_string()),
        Error::Sys(s) => s.into(),
    }
}
