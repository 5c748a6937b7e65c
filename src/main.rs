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
use clap::Parser;
use std::process::ExitCode;

use flags::high::{self, FromLow};
use flags::low::{Cli, Command};

fn main() -> ExitCode {
    exit::finish(run(Cli::parse()))
}

/// Runs the command `cli` names; its exit code.
fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        None => {
            let command = <Cli as clap::CommandFactory>::command();
            let subcommands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            cmd::status::run(&high::Status::from_low(&cli.status)?, &subcommands)
        }
        Some(Command::Status(a)) => cmd::status::run(&high::Status::from_low(&a)?, &[]),
        Some(Command::On(a)) => cmd::flag::run(&high::Flag::from_low(&a, true)?),
        Some(Command::Off(a)) => cmd::flag::run(&high::Flag::from_low(&a, false)?),
        Some(Command::Hold(a)) => cmd::hold::run(&high::Hold::from_low(&a)?),
        Some(Command::Capture(a)) => cmd::capture::run(high::Capture::from_low(&a)?),
        Some(Command::Read(a)) => cmd::read::run(&high::Read::from_low(&a)?),
        Some(Command::Filter(a)) => cmd::filter::run(&high::Filter::from_low(&a)?),
        Some(Command::Vswitch(a)) => cmd::vswitch::run(&high::Vswitch::from_low(&a.action)?),
        Some(Command::Lab(a)) => cmd::lab::run(&high::Lab::from_low(&a.action)?),
        Some(Command::Doctor(a)) => cmd::doctor::run(&high::Doctor::from_low(&a)?),
        Some(Command::Detect(a)) => cmd::detect::run(&high::Detect::from_low(&a)?),
        Some(Command::Watch(a)) => cmd::watch::run(&high::Watch::from_low(&a)?),
        Some(Command::Exporter(a)) => cmd::exporter::run(&high::Exporter::from_low(&a)?),
        Some(Command::Completions(a)) => cmd::completions::run(a.shell),
    }
}
