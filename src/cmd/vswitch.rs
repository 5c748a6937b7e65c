//! `promisc vswitch`: run a switch, or talk to a running one.

use anyhow::Result;
use promisc_vswitch::control::{Request, Response};
use promisc_vswitch::stats::Snapshot;
use promisc_vswitchd::client;
use promisc_vswitchd::switchd::{self, Daemon, Report};

use crate::exit::{self, Kind};
use crate::flags::high::Vswitch;

struct Stderr;

impl Report for Stderr {
    fn note(&mut self, line: &str) {
        say!("promisc: {line}");
    }
    fn stats(&mut self, s: &Snapshot) {
        show_text!(s.to_text());
    }
}

/// Runs one `vswitch` subcommand.
pub fn run(s: &Vswitch) -> Result<u8> {
    match s {
        Vswitch::Run { config } => serve(config),
        Vswitch::Stats { name, json } => {
            let name = match name {
                Some(n) => n.clone(),
                None => only_switch()?,
            };
            match ask(&name, Request::Stats)? {
                Response::Stats(s) if *json => println!("{}", crate::json::pretty(&s)?),
                Response::Stats(s) => show_text!(s.to_text()),
                // The switch's own refusal (busy, ...) says what went wrong.
                Response::Error { message } => {
                    return Err(exit::fail(
                        Kind::System,
                        format!("switch `{name}`: {message}"),
                    ))
                }
                other => return Err(unexpected(other)),
            }
            Ok(exit::OK)
        }
        Vswitch::Set {
            name,
            target,
            settings,
        } => {
            let req = Request::Set {
                target: target.clone(),
                settings: settings.clone(),
            };
            match ask(name, req)? {
                Response::Done { changed } => {
                    for c in changed {
                        say!("promisc: {name}: {c}");
                    }
                    Ok(exit::OK)
                }
                Response::Error { message } => Err(exit::fail(Kind::Usage, message)),
                other => Err(unexpected(other)),
            }
        }
    }
}

fn serve(path: &str) -> Result<u8> {
    let cfg = switchd::load(path)?;
    let mut daemon = Daemon::new(&cfg, path)?;
    let last = daemon.run(&mut Stderr)?;
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
    say!(
        "promisc: vswitch {} stopped: {rx} frames in, {tx} out, {dropped} dropped by policy",
        last.name
    );
    Ok(exit::OK)
}

fn only_switch() -> Result<String> {
    let running = client::running();
    match running.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(exit::fail(
            Kind::System,
            "no switch is running (start one with `promisc vswitch run --config FILE`)",
        )),
        many => Err(exit::fail(
            Kind::Usage,
            format!("several switches run ({}): name one", many.join(", ")),
        )),
    }
}

fn ask(name: &str, req: Request) -> Result<Response> {
    Ok(client::request(name, &req)?)
}

fn unexpected(r: Response) -> anyhow::Error {
    exit::fail(
        Kind::System,
        format!("unexpected answer from the switch: {r:?}"),
    )
}
