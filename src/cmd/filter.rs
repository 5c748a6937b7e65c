//! `promisc filter`: compile pcap-filter(7) expressions, print programs, test them on files.

use std::fs::File;
use std::io::Write;

use anyhow::Result;
use promisc_filter::{
    CompileError, CompileTarget, DumpStyle, ErrorKind, Machine, Meta, Options, Program,
};
use promisc_savefile::Reader;

use crate::exit::{self, fail};
use crate::FilterArgs;

/// The error for an expression that does not compile: libpcap's message, then the expression
/// with a caret line under the part it is about.
pub fn compile_error(expr: &str, e: &CompileError) -> anyhow::Error {
    let mut msg = format!("bad filter expression: {}", e.message);
    if let Some(span) = &e.span {
        // Clip very long expressions to a window around the problem.
        let start = span.start.min(expr.len());
        let from = expr[..start]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        let shown: String = expr[from..].chars().take(120).collect();
        let lead = expr[from..start].chars().count();
        let width = expr[start..span.end.clamp(start, expr.len())]
            .chars()
            .count()
            .max(1);
        msg.push_str(&format!(
            "\n  {shown}\n  {}{}",
            " ".repeat(lead),
            "^".repeat(width.min(120 - lead.min(119)))
        ));
    }
    fail(exit::USAGE, msg)
}

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

/// Compiles `expr` for `linktype`, turning errors into a marked message.
pub fn compile(
    expr: &str,
    linktype: u32,
    snaplen: u32,
    target: CompileTarget,
    optimize: bool,
) -> Result<Program> {
    compile_typed(expr, linktype, snaplen, target, optimize).map_err(|e| compile_error(expr, &e))
}

/// Compiles `expr` for `linktype` as [`compile`] does, keeping the typed error.
fn compile_typed(
    expr: &str,
    linktype: u32,
    snaplen: u32,
    target: CompileTarget,
    optimize: bool,
) -> Result<Program, CompileError> {
    let opts = Options {
        linktype,
        snaplen,
        optimize,
        target,
        // As tcpdump: no netmask for live captures here, 0 for files.
        netmask: (target == CompileTarget::Offline).then_some(0),
    };
    promisc_filter::compile(expr, &opts, &promisc_filter::SystemResolver)
}

/// Offline filtering: one compiled program per link type met in a file.
pub struct FileFilter {
    expr: String,
    machines: Vec<(u32, Machine)>,
}

impl FileFilter {
    /// A filter for `expr`, compiled lazily for each link type.
    pub fn new(expr: String) -> Self {
        FileFilter {
            expr,
            machines: Vec::new(),
        }
    }

    /// Compiles the expression for `linktype` (of interface `iface` of the file) now, so that
    /// errors show before any packet of it.
    pub fn prepare(&mut self, linktype: u32, iface: usize) -> Result<()> {
        if !matches!(linktype, 1 | 276) {
            return Err(fail(
                exit::USAGE,
                format!(
                    "interface {iface} of the file has link type {}: promisc applies filters \
                     to EN10MB (1) and LINUX_SLL2 (276) packets only",
                    promisc_savefile::LinkType(linktype).banner_name()
                ),
            ));
        }
        if !self.machines.iter().any(|(l, _)| *l == linktype) {
            let p = compile(
                &self.expr,
                linktype,
                promisc_wire::DEFAULT_SNAPLEN,
                CompileTarget::Offline,
                true,
            )?;
            self.machines.push((linktype, Machine::new(&p)));
        }
        Ok(())
    }

    /// Does the packet pass? (`prepare` must have been called for its link type.)
    pub fn accepts(&self, linktype: u32, data: &[u8], orig_len: u32) -> bool {
        self.machines
            .iter()
            .find(|(l, _)| *l == linktype)
            .is_some_and(|(_, m)| m.run(data, orig_len, &Meta::default()) > 0)
    }
}

/// Runs `promisc filter`.
pub fn run(args: &FilterArgs) -> Result<u8> {
    let expr = args.expression.join(" ");
    if let Some(path) = &args.test {
        let file =
            File::open(path).map_err(|e| fail(exit::USAGE, format!("cannot open {path}: {e}")))?;
        let mut reader = Reader::with_buffer_size(file, crate::cmd::read::READ_BUFFER)
            .map_err(|e| fail(exit::BAD_FILE, format!("{path}: {e}")))?;
        let mut filter = FileFilter::new(expr);
        let (mut total, mut matched) = (0u64, 0u64);
        loop {
            match reader.next_packet_with_interfaces() {
                Ok(Some((p, ifaces))) => {
                    let linktype = ifaces.get(p.interface as usize).map_or(1, |i| i.linktype.0);
                    filter.prepare(linktype, p.interface as usize)?;
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
    let program = compile_typed(
        &expr,
        linktype,
        crate::cmd::capture::effective_snaplen(args.snaplen),
        target,
        !args.no_optimize,
    )
    .map_err(|e| {
        let err = compile_error(&expr, &e);
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
