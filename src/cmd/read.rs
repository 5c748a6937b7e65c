//! `promisc read`: print or rewrite a pcap or pcapng file.

use anyhow::Result;
use promisc_app::capture::read::{self, Report};
use promisc_savefile::Interface;

use crate::exit;
use crate::flags::high::Read;

/// Runs `promisc read`.
pub fn run(s: &Read) -> Result<u8> {
    if let Some(w) = &s.warning {
        say!("promisc: {w}");
    }
    read::run(&s.options, &mut Stderr)?;
    Ok(exit::OK)
}

/// What a read says, on standard error.
struct Stderr;

impl Report for Stderr {
    fn reading(&mut self, path: &str, first: &Interface) {
        say!(
            "reading from file {path}, link-type {}, snapshot length {}",
            first.linktype.banner_name(),
            first.snaplen
        );
    }
}
