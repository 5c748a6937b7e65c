//! `promisc vswitch`: run a switch, or talk to a running one.

use anyhow::Result;
use promisc_vswitch::control::{Request, Response};
use promisc_vswitch::stats::Snapshot;
use promisc_vswitch::Config;
use promisc_vswitchd::client;
use promisc_vswitchd::switchd::{Daemon, Report};

use crate::exit;
use crate::flags::low::VswitchAction;

struct Stderr;

impl Report for Stderr {
    fn note(&mut self, line: &str) {
        eprintln!("promisc: {line}");
    }
    fn stats(&mut self, s: &Snapshot) {
        print!("{}", s.to_text());
    }
}

/// Runs one `vswitch` subcommand.
pub fn run(action: VswitchAction) -> Result<u8> {
    match action {
        VswitchAction::Run { config } => serve(&config),
        VswitchAction::Stats { name, json } => {
            let name = match name {
                Some(n) => n,
                None => only_switch()?,
            };
            match ask(&name, Request::Stats)? {
                Response::Stats(s) if json => println!("{}", crate::json::pretty(&s)?),
                Response::Stats(s) => print!("{}", s.to_text()),
                other => return Err(unexpected(other)),
            }
            Ok(exit::OK)
        }
        VswitchAction::Set {
            name,
            mut settings,
            portgroup,
        } => {
            let mut target = portgroup;
            if target.is_none() && settings.first().is_some_and(|s| !s.contains('=')) {
                target = Some(settings.remove(0));
            }
            match ask(&name, Request::Set { target, settings })? {
                Response::Done { changed } => {
                    for c in changed {
                        eprintln!("promisc: {name}: {c}");
                    }
                    Ok(exit::OK)
                }
                Response::Error { message } => Err(exit::fail(exit::USAGE, message)),
                other => Err(unexpected(other)),
            }
        }
    }
}

fn serve(path: &str) -> Result<u8> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        exit::fail(
            exit::USAGE,
            format!("cannot read the configuration {path}: {e}"),
        )
    })?;
    let cfg =
        Config::parse(&text).map_err(|e| exit::fail(exit::USAGE, e.in_file(path).to_string()))?;
    let mut daemon = Daemon::new(&cfg, path).map_err(run_error)?;
    let last = daemon.run(&mut Stderr).map_err(run_error)?;
    let (rx, tx): (u64, u64) = last
        .ports
        .iter()
        .fold((0, 0), |(r, t), p| (r + p.rx_frames, t + p.tx_frames));
    let dropped: u64 = last
        .ports
        .iter()
        .map(|p| {
            let d = &p.drops;
            d.forged_source + d.mac_changed + d.unknown_destination + d.vlan + d.learning_limit
        })
        .sum();
    eprintln!(
        "promisc: vswitch {} stopped: {rx} frames in, {tx} out, {dropped} dropped by policy",
        last.name
    );
    Ok(exit::OK)
}

fn run_error(e: promisc_vswitchd::switchd::RunError) -> anyhow::Error {
    use promisc_vswitchd::switchd::RunError;
    match e {
        RunError::NoDevice { .. } => exit::fail(exit::NO_INTERFACE, e.to_string()),
        RunError::AlreadyRunning(..) => exit::fail(exit::USAGE, e.to_string()),
        other => other.into(),
    }
}

fn only_switch() -> Result<String> {
    let running = client::running();
    match running.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(exit::fail(
            exit::SYSTEM,
            "no switch is running (start one with `promisc vswitch run --config FILE`)",
        )),
        many => Err(exit::fail(
            exit::USAGE,
            format!("several switches run ({}): name one", many.join(", ")),
        )),
    }
}

fn ask(name: &str, req: Request) -> Result<Response> {
    client::request(name, &req).map_err(|e| exit::fail(exit::SYSTEM, e.to_string()))
}

fn unexpected(r: Response) -> anyhow::Error {
    exit::fail(
        exit::SYSTEM,
        format!("unexpected answer from the switch: {r:?}"),
    )
}
