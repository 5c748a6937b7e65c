//! pcap-filter(7) expressions (tcpdump filters) compiled to classic BPF in pure Rust, with no
//! libpcap at build or run time.
//!
//! [`compile`] parses an expression with libpcap's grammar and qualifier inheritance, generates
//! the same flow graph libpcap's code generator builds for Ethernet (`LINKTYPE_ETHERNET`, 1),
//! Linux cooked v2 (`LINKTYPE_LINUX_SLL2`, 276) and the other link types of [`linktypes()`]
//! (Linux cooked v1, loopback, raw IP, SLIP, PPP, Cisco HDLC, and IEEE 802.11 bare or after a
//! radiotap, Prism, AVS or PPI header, whose payload offset the program computes at run time
//! into a scratch register, as libpcap's does), and runs libpcap's optimizer on it, so
//! the programs select the same packets as tcpdump's and are no longer. Two targets exist, as in
//! libpcap: [`CompileTarget::Offline`] for savefiles (VLAN tags are in the packet bytes) and
//! [`CompileTarget::LiveLinux`] for a filter attached to a Linux packet socket (the kernel strips
//! the outer VLAN tag into metadata that `vlan` reads with ancillary loads, and `inbound`,
//! `outbound` and `ifindex` read the packet type and interface index on Ethernet).
//!
//! [`dump()`] prints a program exactly as `tcpdump -d`, `-dd` or `-ddd` do and [`parse_ddd`] reads
//! `-ddd` back; [`validate()`] applies the kernel's acceptance rules for `SO_ATTACH_FILTER`
//! ([`validate_user()`] those of a user-space machine, which runs `protochain`'s loop);
//! [`run`] and [`Machine`] execute a program with the kernel's semantics for offline filtering;
//! [`Compiled`] compiles it once into threaded code (closures, no `unsafe`) that gives the same
//! results faster, and is what the application runs on every packet.
//!
//! Names (hosts, ports, protocols, networks, Ethernet hosts) are resolved through a
//! [`Resolver`] the caller passes in: [`DatabaseResolver`] reads the system's databases as
//! libpcap does, through the caller's [`Databases`] (the application reads the files),
//! [`NoResolver`] knows no names.
//!
//! ```
//! use promisc_filter::{compile, dump, DumpStyle, NoResolver, Options};
//! let p = compile("tcp port 80", &Options::default(), &NoResolver).unwrap();
//! assert!(dump(&p, DumpStyle::D).starts_with("(000) ldh      [12]\n"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod ast;
mod bpf;
mod codegen;
mod compiled;
mod cooked;
mod dump;
mod error;
mod ir;
mod lexer;
mod machine;
mod opt;
mod parser;
mod resolve;
#[cfg(feature = "testgen")]
pub mod testgen;
mod validate;

use std::ops::Range;

pub use compiled::Compiled;
pub use cooked::{for_cooked_socket, NotCookable};
pub use dump::{dump, parse_ddd, DumpStyle, ParseDddError};
pub use error::ErrorKind;
pub use machine::{run, Machine, Meta, MAX_BACKWARD_JUMPS};
pub use resolve::{DatabaseResolver, Databases, NoResolver, Resolver};
pub use validate::{validate, validate_user, ValidationError};

/// One classic BPF instruction (`struct sock_filter`): the kernel-facing type, shared with
/// `promisc-sys`.
pub use promisc_facts::bpf::Insn;

/// A classic BPF program (`struct sock_fprog`'s instructions).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Program(pub Vec<Insn>);

/// Where the program will run, which decides how `vlan`, `inbound`, `outbound` and `ifindex`
/// are compiled (as libpcap decides for savefiles and for live Linux captures).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CompileTarget {
    /// Filtering packets read from a file: everything is in the packet bytes.
    #[default]
    Offline,
    /// Attached to a Linux packet socket: the kernel may have stripped the outer VLAN tag into
    /// metadata, and the packet type and interface index are available as ancillary data.
    LiveLinux,
}

/// Compilation settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The link-layer header type (a `LINKTYPE_` value): one of [`linktypes()`].
    pub linktype: u32,
    /// The value accepting returns return (the snapshot length), 262144 by default.
    pub snaplen: u32,
    /// Whether to run the optimizer (tcpdump's default; `-O` turns it off).
    pub optimize: bool,
    /// Offline or live Linux.
    pub target: CompileTarget,
    /// The IPv4 netmask of the capture interface, needed for `ip broadcast`.
    pub netmask: Option<u32>,
    /// For a savefile being read: whether its byte order is the opposite of this machine's
    /// (`NULL` captures store the address family in the writer's order, and libpcap then
    /// accepts every BSD's number for IPv6). `None` when no file is read (`tcpdump -d`, a
    /// live capture): this machine's order and numbers.
    pub savefile_swapped: Option<bool>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            linktype: 1,
            snaplen: promisc_wire::DEFAULT_SNAPLEN,
            optimize: true,
            target: CompileTarget::Offline,
            netmask: None,
            savefile_swapped: None,
        }
    }
}

/// The link types filters compile for, as (`LINKTYPE_` value, tcpdump's `-y` name): Ethernet,
/// Linux cooked v2 and v1, BSD and OpenBSD loopback, raw IP (either version, IPv4, IPv6), SLIP, PPP
/// (HDLC-framed, serial, pppd), Cisco HDLC and 802.11 (bare, radiotap, Prism, AVS, PPI).
pub fn linktypes() -> &'static [(u32, &'static str)] {
    codegen::LINKTYPES
}

/// Why an expression did not compile: the kind of problem, libpcap's message, and where in
/// the expression the problem is (a byte range, for a caret line under the expression) when
/// that is known. Match on [`kind`](CompileError::kind), not on the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CompileError {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// What is wrong, worded as libpcap words it.
    pub message: String,
    /// The byte range of the expression the message is about.
    pub span: Option<Range<usize>>,
}

impl CompileError {
    fn new(kind: ErrorKind, message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        CompileError {
            kind,
            message: message.into(),
            span,
        }
    }

    fn from_gen(e: error::GenError, span: Option<Range<usize>>) -> Self {
        CompileError::new(e.kind(), e.to_string(), span)
    }
}

/// Compiles a pcap-filter(7) expression to a classic BPF program.
///
/// Errors carry libpcap's message and the span of the offending part. An expression that can
/// match no packet is refused, as libpcap refuses it ("expression rejects all packets"), when
/// the optimizer runs. Every program returned passes [`validate_user()`], and [`validate()`]
/// (the kernel's rules) too unless it has `protochain`'s loop, a backward jump the kernel
/// refuses ([`ValidationError::BackwardJump`]): such a program must run in user space
/// ([`Machine`]), as libpcap runs it.
pub fn compile(
    expr: &str,
    opts: &Options,
    resolver: &dyn Resolver,
) -> Result<Program, CompileError> {
    if opts.snaplen == 0 {
        return Err(CompileError::new(
            ErrorKind::RejectsAll,
            "snaplen of 0 rejects all packets",
            None,
        ));
    }
    let ast = parser::parse(expr)
        .map_err(|e| CompileError::new(ErrorKind::Syntax, e.message, Some(e.span)))?;
    let mut g = codegen::Gen::new(
        opts.linktype,
        opts.target,
        opts.snaplen,
        opts.netmask,
        resolver,
    )
    .map(|mut g| {
        g.null_swapped = opts.savefile_swapped;
        g
    })
    .map_err(|e| CompileError::from_gen(e, None))?;
    let top = match &ast {
        Some(e) => Some(
            g.expr(e)
                .map_err(|e| CompileError::from_gen(e.error, Some(e.span)))?,
        ),
        None => None,
    };
    let whole = Some(0..expr.len());
    let root = g
        .finish(top)
        .map_err(|e| CompileError::from_gen(e, whole.clone()))?;
    let mut graph = std::mem::take(&mut g.g);
    let root = if opts.optimize && !g.no_optimize {
        let r = opt::optimize(&mut graph, root)
            .map_err(|e| CompileError::from_gen(e, whole.clone()))?;
        let b = &graph.blocks[r];
        if b.code == i32::from(bpf::RET | bpf::K) && b.k == 0 {
            return Err(CompileError::new(
                ErrorKind::RejectsAll,
                "expression rejects all packets",
                whole,
            ));
        }
        r
    } else {
        root
    };
    let insns =
        opt::to_program(&graph, root).map_err(|e| CompileError::from_gen(e, whole.clone()))?;
    let p = Program(insns);
    if let Err(e) = validate_user(&p) {
        let (kind, message) = match e {
            ValidationError::Length(n) => (
                ErrorKind::TooComplex,
                format!("the program has {n} instructions, more than the kernel's limit of 4096"),
            ),
            other => (
                ErrorKind::Refused,
                format!("the program would be refused by the kernel: {other}"),
            ),
        };
        return Err(CompileError::new(kind, message, whole));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(e: &str) -> String {
        dump(
            &compile(e, &Options::default(), &NoResolver).unwrap(),
            DumpStyle::D,
        )
    }

    #[test]
    fn ip() {
        assert_eq!(
            d("ip"),
            "(000) ldh      [12]\n(001) jeq      #0x800           jt 2\tjf 3\n(002) ret      #262144\n(003) ret      #0\n"
        );
    }

    #[test]
    fn empty_accepts_all() {
        assert_eq!(d(""), "(000) ret      #262144\n");
    }

    #[test]
    fn error_kinds() {
        let kind = |e: &str, o: &Options| compile(e, o, &NoResolver).unwrap_err().kind;
        let o = Options::default();
        assert_eq!(kind("tcp and (", &o), ErrorKind::Syntax);
        assert_eq!(kind("inbound", &o), ErrorKind::NeedsLive);
        assert_eq!(kind("ifindex 3", &o), ErrorKind::NeedsLive);
        assert_eq!(kind("port 70000", &o), ErrorKind::BadValue);
        assert_eq!(kind("ip6 host 10.0.0.1", &o), ErrorKind::Qualifier);
        assert_eq!(kind("ip[0] / 0 = 1", &o), ErrorKind::Arithmetic);
        assert_eq!(kind("ip and not ip", &o), ErrorKind::RejectsAll);
        let token_ring = Options { linktype: 6, ..o };
        assert_eq!(kind("ip", &token_ring), ErrorKind::LinkType);
        // 802.11 names are checked whatever the link type, as libpcap's parser checks them.
        assert_eq!(kind("type bogus", &o), ErrorKind::Syntax);
        let ieee802_11 = Options { linktype: 105, ..o };
        assert_eq!(
            kind("type ctl subtype beacon", &ieee802_11),
            ErrorKind::Syntax
        );
        assert_eq!(kind("dir 3", &o), ErrorKind::Unsupported);
        let ppi = Options { linktype: 192, ..o };
        assert_eq!(kind("type mgt", &ppi), ErrorKind::Unsupported);
    }
}
