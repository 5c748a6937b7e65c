//! `promisc`: see, control and test Linux promiscuous mode.
//!
//! The binary is thin: it parses arguments, calls `promisc-sys` for kernel facts and
//! `promisc-state` for their meaning, and prints. Exit codes are in [`exit`].
#![forbid(unsafe_code)]

mod cmd;
mod exit;
mod flags;
mod json;

use clap::Parser;
use std::process::ExitCode;

use flags::low::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => {
            let command = <Cli as clap::CommandFactory>::command();
            let subcommands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            cmd::status::run(&cli.status, &subcommands)
        }
        Some(Command::Status(a)) => cmd::status::run(&a, &[]),
        Some(Command::On(a)) => cmd::flag::run(&a.interface, true, a.ioctl),
        Some(Command::Off(a)) => cmd::flag::run(&a.interface, false, a.ioctl),
        Some(Command::Hold(a)) => {
            cmd::hold::run(&a.interfaces, a.duration, a.kill_after, &a.command)
        }
        Some(Command::Capture(a)) => cmd::capture::run(&a),
        Some(Command::Read(a)) => cmd::read::run(&a),
        Some(Command::Filter(a)) => cmd::filter::run(&a),
        Some(Command::Vswitch(a)) => cmd::vswitch::run(a.action),
        Some(Command::Lab(a)) => cmd::lab::run(a.action),
        Some(Command::Doctor(a)) => cmd::doctor::run(&a),
        Some(Command::Detect(a)) => cmd::detect::run(&a),
        Some(Command::Watch(a)) => cmd::watch::run(&a),
        Some(Command::Exporter(a)) => cmd::exporter::run(&a),
        Some(Command::Completions(a)) => cmd::completions::run(a.shell),
    };
    exit::finish(result)
}
