//! One module per subcommand.

pub mod capture;
pub mod completions;
pub mod detect;
pub mod doctor;
pub mod exporter;
pub mod filter;
pub mod flag;
pub mod hold;
pub mod lab;
pub mod read;
pub mod status;
pub mod vswitch;
pub mod watch;
