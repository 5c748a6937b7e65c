//! Arguments in two layers, as ripgrep has them: [`low`] is what clap parses, [`high`] the
//! validated settings the commands run with.

pub mod high;
pub mod low;
