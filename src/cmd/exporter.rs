//! `promisc exporter`: serve the metrics until SIGINT or SIGTERM.

use anyhow::Result;

use crate::exit;
use crate::flags::high::Exporter;

/// Runs the exporter.
pub fn run(s: &Exporter) -> Result<u8> {
    promisc_exporter::run(&s.0, &mut |addr| {
        eprintln!("promisc: exporter listening on http://{addr}/metrics")
    })?;
    Ok(exit::OK)
}
