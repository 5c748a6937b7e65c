//! `promisc filter`: compile pcap-filter(7) expressions, print programs, test them on files.

use std::io::Write;

use anyhow::Result;
use promisc_app::capture::filter::{compile, FilterError};
use promisc_filter::{CompileTarget, ErrorKind};

use crate::exit;
use crate::flags::high::Filter;

/// Runs `promisc filter`.
pub fn run(s: &Filter) -> Result<u8> {
    let (expression, linktype, snaplen, target, optimize, style) = match s {
        Filter::Test { path, expression } => {
            let (matched, total) = promisc_app::capture::read::count_matches(path, expression)?;
            show!("{matched} of {total} packets match");
            return Ok(exit::OK);
        }
        Filter::Compile {
            expression,
            linktype,
            snaplen,
            target,
            optimize,
            style,
        } => (expression, *linktype, *snaplen, *target, *optimize, *style),
    };
    let program = compile(expression, linktype, snaplen, target, optimize).map_err(|e| {
        let offline = target == CompileTarget::Offline && e.kind == ErrorKind::NeedsLive;
        let err = FilterError::new(expression, None, e);
        if offline {
            err.with_note("(this compiles for files; --live compiles for a live socket)")
        } else {
            err
        }
    })?;
    let mut out = std::io::stdout().lock();
    out.write_all(promisc_filter::dump(&program, style).as_bytes())?;
    out.flush()?;
    Ok(exit::OK)
}
