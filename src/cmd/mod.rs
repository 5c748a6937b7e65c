//! One module per subcommand.

pub mod flag;
pub mod hold;
pub mod status;
