//! Arguments in two layers, as ripgrep has them: [`low`] is what clap parses (defined in the
//! library, [`promisc::cli`], so `xtask` renders the man page and completions from it), [`high`]
//! the validated settings the commands run with.

pub mod high;
pub use promisc::cli as low;
