//! The command line of `promisc`, as a library: the clap definition the binary parses
//! (`src/flags/low.rs`), shared with `xtask`, which renders the man page and the shell
//! completions from the same definition, so neither can drift from the flags.
//!
//! Everything else of the binary (the commands, exit codes) stays in the binary; this crate
//! holds no logic.
#![forbid(unsafe_code)]

#[path = "flags/low.rs"]
pub mod cli;
