//! The wire crate's integration tests, one binary (so the shared fixtures in `common` are each
//! used by some test, and dead code there is reported).

mod common;

#[path = "wire/dumps.rs"]
mod dumps;
#[path = "wire/frame_emit.rs"]
mod frame_emit;
#[path = "wire/fuzz_corpus.rs"]
mod fuzz_corpus;
#[path = "wire/golden.rs"]
mod golden;
#[path = "wire/json.rs"]
mod json;
#[path = "wire/master_flags.rs"]
mod master_flags;
#[path = "wire/timestamps.rs"]
mod timestamps;
#[path = "wire/total.rs"]
mod total;
