//! `promisc filter`: compile pcap-filter(7) expressions, print programs, test them on files.

use std::io::Write;

use anyhow::Result;
use promisc_app::capture::filter::FileFilter;
use promisc_filter::{CompileTarget, DumpStyle, ErrorKind};

use crate::exit::{self, fail};
use crate::flags::high;
use crate::flags::low::FilterArgs;

/// Parses `-y`: a link type by tcpdump's name or number.
pub fn linktype(name: &str) -> Result<u32> {
    match name.to_ascii_uppercase().as_str() {
        "EN10MB" | "ETHERNET" | "1" => Ok(1),
        "LINUX_SLL2" | "276" => Ok(276),
        _ => Err(fail(
            exit::USAGE,
            format!("-y {name}: promisc compiles filters for EN10MB (1) and LINUX_SLL2 (276)"),
        )),
    }
}

/// Runs `promisc filter`.
pub fn run(args: &FilterArgs) -> Result<u8> {
    let expr = high::expression(&args.expression);
    if let Some(path) = &args.test {
        let mut reader = promisc_app::capture::savefile::open(path).map_err(exit::open_error)?;
        let mut filter = FileFilter::new(expr);
        let (mut total, mut matched) = (0u64, 0u64);
        loop {
            match reader.next_packet_with_interfaces() {
                Ok(Some((p, ifaces))) => {
                    let linktype = ifaces.get(p.interface as usize).map_or(1, |i| i.linktype.0);
                    filter
                        .prepare(linktype, p.interface as usize)
                        .map_err(|e| exit::file_filter_error(filter.expression(), e))?;
                    total += 1;
                    if filter.accepts(linktype, p.data, p.orig_len) {
                        matched += 1;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(fail(
                        exit::BAD_FILE,
                        format!("{path}: {e} (after {total} packets)"),
                    ))
                }
            }
        }
        println!("{matched} of {total} packets match");
        return Ok(exit::OK);
    }
    let linktype = linktype(&args.linktype)?;
    let target = if args.live {
        CompileTarget::LiveLinux
    } else {
        CompileTarget::Offline
    };
    let program = promisc_app::capture::filter::compile(
        &expr,
        linktype,
        high::snaplen(args.snaplen),
        target,
        !args.no_optimize,
    )
    .map_err(|e| {
        let err = exit::filter_error(&expr, &e);
        if !args.live && e.kind == ErrorKind::NeedsLive {
            fail(
                exit::USAGE,
                format!("{err}\n(this compiles for files; --live compiles for a live socket)"),
            )
        } else {
            err
        }
    })?;
    let style = match args.dump {
        0 | 1 => DumpStyle::D,
        2 => DumpStyle::Dd,
        _ => DumpStyle::Ddd,
    };
    let mut out = std::io::stdout().lock();
    out.write_all(promisc_filter::dump(&program, style).as_bytes())?;
    out.flush()?;
    Ok(exit::OK)
}
