//! `promisc completions SHELL`: the completion script clap_complete renders from the same
//! definition the binary parses.

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::exit::{self, fail};
use crate::flags::low::Cli;

/// Writes the completion script of `shell` to standard output.
pub fn run(shell: Shell) -> Result<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "promisc", &mut out);
    io::stdout()
        .write_all(&out)
        .map_err(|e| fail(exit::Kind::System, format!("standard output: {e}")))?;
    Ok(0)
}
