//! Compiling filter expressions the way the commands use them, and offline filtering.

use std::net::{IpAddr, ToSocketAddrs};

use promisc_filter::{
    CompileError, CompileTarget, Compiled, DatabaseResolver, Databases, Meta, Options, Program,
};

/// The system's name databases, as libpcap reads them: `/etc/NAME` as it is, and host names
/// through the system resolver (`getaddrinfo`: `/etc/hosts`, then DNS).
#[derive(Clone, Copy, Debug, Default)]
pub struct System;

impl Databases for System {
    fn file(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(format!("/etc/{name}")).ok()
    }

    fn host(&self, name: &str) -> Vec<IpAddr> {
        let mut found: Vec<IpAddr> = Vec::new();
        for a in (name, 0u16).to_socket_addrs().into_iter().flatten() {
            if !found.contains(&a.ip()) {
                found.push(a.ip());
            }
        }
        found
    }
}

/// Names resolved through the system, as libpcap resolves them at compile time.
pub const SYSTEM: DatabaseResolver<System> = DatabaseResolver(System);

/// The snapshot length offline programs accept with (tcpdump's default and largest).
const SNAPLEN: u32 = promisc_wire::DEFAULT_SNAPLEN;

/// Compiles `expr` for `linktype` and `target`, resolving names through the system, with
/// tcpdump's netmask rule (none for a live socket, 0 for files).
pub fn compile(
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
        netmask: (target == CompileTarget::Offline).then_some(0),
        savefile_swapped: None,
    };
    promisc_filter::compile(expr, &opts, &SYSTEM)
}

/// Compiles `expr` for packets of `linktype` read from a savefile whose byte order is
/// (`swapped`) or is not the opposite of this machine's, as tcpdump -r compiles it.
fn compile_for_file(expr: &str, linktype: u32, swapped: bool) -> Result<Program, CompileError> {
    let opts = Options {
        linktype,
        snaplen: SNAPLEN,
        optimize: true,
        target: CompileTarget::Offline,
        netmask: Some(0),
        savefile_swapped: Some(swapped),
    };
    promisc_filter::compile(expr, &opts, &SYSTEM)
}

/// The link types filters compile for, named as tcpdump names them, for messages.
pub fn filter_linktype_names() -> String {
    let names: Vec<String> = promisc_filter::linktypes()
        .iter()
        .map(|(v, n)| format!("{n} ({v})"))
        .collect();
    names.join(", ")
}

/// Why a file's packets cannot be filtered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileFilterError {
    /// An interface of the file has a link type the compiler does not know.
    #[error("interface {iface} of the file has link type {linktype}: promisc applies filters to {} packets only", filter_linktype_names())]
    LinkType {
        /// The interface's index in the file.
        iface: usize,
        /// Its link type, as tcpdump names it.
        linktype: String,
    },
    /// The expression does not compile.
    #[error(transparent)]
    Compile(#[from] CompileError),
}

/// An expression that cannot filter, with where it came from. Its message is libpcap's, then
/// the expression with a caret line under the part it is about; `-F PATH: ` before it when
/// the expression came from a file; and a note after it, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// The expression.
    pub expression: String,
    /// The `-F` file it was read from.
    pub file: Option<String>,
    /// Why it cannot filter.
    pub cause: FileFilterError,
    /// A sentence after the message (how to get what was meant).
    pub note: Option<String>,
}

impl FilterError {
    /// The error of `expression` (read from `file`, if any) failing with `cause`.
    pub fn new(expression: &str, file: Option<&str>, cause: impl Into<FileFilterError>) -> Self {
        FilterError {
            expression: expression.to_string(),
            file: file.map(str::to_string),
            cause: cause.into(),
            note: None,
        }
    }

    /// The same, with `note` after the message.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The compiler's error, when the expression did not compile.
    pub fn compile_error(&self) -> Option<&CompileError> {
        match &self.cause {
            FileFilterError::Compile(c) => Some(c),
            FileFilterError::LinkType { .. } => None,
        }
    }
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(path) = &self.file {
            write!(f, "-F {path}: ")?;
        }
        match &self.cause {
            FileFilterError::Compile(e) => f.write_str(&with_caret(&self.expression, e))?,
            other => write!(f, "{other}")?,
        }
        if let Some(note) = &self.note {
            write!(f, "\n{note}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FilterError {}

/// libpcap's message, then the expression (clipped to a window around the problem when it is
/// long) with a caret line under the part the error is about.
fn with_caret(expr: &str, e: &CompileError) -> String {
    let mut msg = format!("bad filter expression: {}", e.message);
    if let Some(span) = &e.span {
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
    msg
}

/// Offline filtering: one compiled program per link type met in a file.
#[derive(Debug)]
pub struct FileFilter {
    expr: String,
    machines: Vec<(u32, Compiled)>,
    swapped: bool,
}

impl FileFilter {
    /// A filter for `expr`, compiled for each link type when [`FileFilter::prepare`] meets it.
    pub fn new(expr: String) -> Self {
        FileFilter {
            expr,
            machines: Vec::new(),
            swapped: false,
        }
    }

    /// Says whether the file's byte order is the opposite of this machine's (`NULL` packets
    /// store their address family in the writer's order); call before [`FileFilter::prepare`].
    pub fn set_swapped(&mut self, swapped: bool) {
        self.swapped = swapped;
    }

    /// The expression.
    pub fn expression(&self) -> &str {
        &self.expr
    }

    /// Compiles the expression for `linktype` (of interface `iface` of the file) now, so that
    /// errors show before any packet of it.
    pub fn prepare(&mut self, linktype: u32, iface: usize) -> Result<(), FileFilterError> {
        if !promisc_filter::linktypes()
            .iter()
            .any(|(l, _)| *l == linktype)
        {
            return Err(FileFilterError::LinkType {
                iface,
                linktype: promisc_wire::LinkType(linktype).banner_name(),
            });
        }
        if !self.machines.iter().any(|(l, _)| *l == linktype) {
            let p = compile_for_file(&self.expr, linktype, self.swapped)?;
            self.machines.push((linktype, Compiled::new(&p)));
        }
        Ok(())
    }

    /// The test for packets of `linktype`, looked up once for a run of such packets: the
    /// program compiled for it by [`FileFilter::prepare`], or [`Gate::Shut`] if none was.
    pub fn gate(&self, linktype: u32) -> Gate<'_> {
        self.machines
            .iter()
            .find(|(l, _)| *l == linktype)
            .map_or(Gate::Shut, |(_, m)| Gate::Program(m))
    }

    /// Does the packet pass? (`prepare` must have been called for its link type.)
    pub fn accepts(&self, linktype: u32, data: &[u8], orig_len: u32) -> bool {
        self.gate(linktype).passes(data, orig_len)
    }
}

/// What a file's packets of one link type go through when read: nothing, a compiled program,
/// or a wall (a link type the filter was not prepared for).
#[derive(Clone, Copy, Debug)]
pub enum Gate<'f> {
    /// No filter: every packet passes.
    Open,
    /// The filter's program for the link type.
    Program(&'f Compiled),
    /// No program for the link type: no packet passes.
    Shut,
}

/// What a packet read from a file carries besides its bytes: nothing (the metadata of the
/// kernel's ancillary loads is the live socket's).
const FILE_META: Meta = Meta {
    vlan_tci: None,
    vlan_tpid: 0,
    pkttype: 0,
    ifindex: 0,
    protocol: 0,
    hatype: 0,
};

impl Gate<'_> {
    /// The gate of an optional filter for `linktype`: [`Gate::Open`] without one.
    pub fn of(filter: Option<&FileFilter>, linktype: u32) -> Gate<'_> {
        filter.map_or(Gate::Open, |f| f.gate(linktype))
    }

    /// Does the packet (`data`, of `orig_len` bytes on the wire) pass?
    #[inline(always)]
    pub fn passes(self, data: &[u8], orig_len: u32) -> bool {
        match self {
            Gate::Open => true,
            Gate::Program(m) => m.run(data, orig_len, &FILE_META) > 0,
            Gate::Shut => false,
        }
    }
}
