//! `promisc exporter`: serve the metrics until SIGINT or SIGTERM.

use anyhow::Result;

use crate::exit;
use crate::flags::high::Exporter;

/// Runs the exporter.
pub fn run(s: &Exporter) -> Result<u8> {
    promisc_exporter::run(&s.0, &mut |l| {
        let scheme = if l.tls { "https" } else { "http" };
        say!(
            "promisc: exporter listening on {scheme}://{}/metrics",
            l.addr
        )
    })?;
    Ok(exit::OK)
}
