//! `promisc`: see, control and test Linux promiscuous mode.
//!
//! The binary is thin: it parses the arguments (`flags::low`), turns them into each command's
//! settings (`flags::high`), runs the command through the application layer (`promisc-app`,
//! `promisc-exporter`, `promisc-vswitchd`, `promisc-lab`), prints, and maps errors to exit codes
//! ([`exit`]).
#![forbid(unsafe_code)]

#[macro_use]
mod text;
mod cmd;
mod exit;
mod flags;
mod json;
mod progress;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};
use promisc_app::netns::Netns;
use std::process::ExitCode;

use flags::high::{self, FromLow};
use flags::low::{Cli, Command};

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    exit::finish(run(cli, &matches))
}

/// Runs the command `cli` names (`matches`: what clap matched, for the flags given before
/// the subcommand); its exit code.
fn run(cli: Cli, matches: &clap::ArgMatches) -> Result<u8> {
    let netns = high::netns(&cli, matches)?
        .map(|spec| Netns::open(&spec))
        .transpose()?;
    let ns = netns.as_ref();
    match cli.command {
        None => inside(ns, || {
            let command = Cli::command();
            let subcommands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            cmd::status::run(&high::Status::from_low(&cli.status)?, &subcommands)
        }),
        Some(Command::Status(a)) => {
            inside(ns, || cmd::status::run(&high::Status::from_low(&a)?, &[]))
        }
        Some(Command::On(a)) => inside(ns, || cmd::flag::run(&high::Flag::from_low(&a, true)?)),
        Some(Command::Off(a)) => inside(ns, || cmd::flag::run(&high::Flag::from_low(&a, false)?)),
        Some(Command::Hold(a)) => inside(ns, || cmd::hold::run(&high::Hold::from_low(&a)?)),
        Some(Command::Capture(a)) => cmd::capture::run(high::Capture::from_low(&a)?),
        Some(Command::Read(a)) => cmd::read::run(&high::Read::from_low(&a)?),
        Some(Command::Filter(a)) => cmd::filter::run(&high::Filter::from_low(&a)?),
        Some(Command::Vswitch(a)) => cmd::vswitch::run(&high::Vswitch::from_low(&a.action)?),
        Some(Command::Lab(a)) => cmd::lab::run(&high::Lab::from_low(&a.action)?),
        Some(Command::Doctor(a)) => inside(ns, || cmd::doctor::run(&high::Doctor::from_low(&a)?)),
        Some(Command::Detect(a)) => inside(ns, || cmd::detect::run(&high::Detect::from_low(&a)?)),
        Some(Command::Watch(a)) => inside(ns, || cmd::watch::run(&high::Watch::from_low(&a)?)),
        Some(Command::Exporter(a)) => {
            // The exporter listens here and reads the namespace from its watch thread alone.
            let mut s = high::Exporter::from_low(&a)?;
            s.0.netns = netns.map(std::sync::Arc::new);
            cmd::exporter::run(&s)
        }
        Some(Command::Completions(a)) => cmd::completions::run(a.shell),
    }
}

/// Runs `command` in the namespace `netns` (of `-n`), which the whole process enters first
/// (`setns` while it has one thread, so that every thread, socket and child the command
/// makes is there too, as under `ip netns exec`); in this one when `None`.
fn inside(netns: Option<&Netns>, command: impl FnOnce() -> Result<u8>) -> Result<u8> {
    if let Some(ns) = netns {
        ns.enter_process()?;
    }
    command()
}
