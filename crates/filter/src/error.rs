//! The typed errors of code generation, optimization and emission, and the public
//! [`ErrorKind`] a [`CompileError`](crate::CompileError) carries. Every message is worded as
//! libpcap words it (the `Display` of [`GenError`] is the `CompileError` message).

/// What kind of problem stopped a compilation, for callers that act on it without reading
/// the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The expression does not parse (libpcap's "syntax error" and the scanner's complaints,
    /// an expression too long or too deeply nested for the parser).
    Syntax,
    /// [`Options::linktype`](crate::Options::linktype) is not a link type this compiler
    /// supports.
    LinkType,
    /// A qualifier or modifier that does not apply where it is used (`ip6` applied to an IPv4
    /// host, `addr1` on ports, `arp proto`...).
    Qualifier,
    /// A host, network, port or protocol name that did not resolve.
    UnknownName,
    /// A malformed or out-of-range value: an address, a mask, a port number, a VLAN id, an
    /// MPLS label, a load size.
    BadValue,
    /// Only a live capture can test this on this link type (`inbound`, `outbound` and
    /// `ifindex` on Ethernet, when compiling for savefiles).
    NeedsLive,
    /// A primitive or protocol this compiler does not support for this link type or target.
    Unsupported,
    /// Constant arithmetic that cannot be evaluated: division or modulus by zero, a shift by
    /// more than 31 bits.
    Arithmetic,
    /// The program would be too large: more scratch registers than exist, more instructions
    /// than libpcap converts or than the kernel accepts.
    TooComplex,
    /// The program can match no packet ("expression rejects all packets", a snaplen of 0).
    RejectsAll,
    /// The kernel would refuse the program for another reason.
    Refused,
    /// An inconsistency inside the compiler.
    Internal,
}

/// An error from code generation, optimization or emission (libpcap's `bpf_error` calls).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GenError {
    /// A link type we do not generate code for.
    #[error("link type {0} is not supported (see promisc_filter::linktypes)")]
    LinkType(u32),
    /// All 16 scratch memory words are in use.
    #[error("too many registers needed to evaluate expression")]
    TooManyRegisters,
    /// The program is longer than libpcap's limit for conversion.
    #[error("filter is too complex")]
    TooComplex,
    /// A qualifier or modifier used where it does not apply.
    #[error("{0}")]
    Qualifier(String),
    /// A name that did not resolve.
    #[error("{0}")]
    UnknownName(String),
    /// A malformed or out-of-range value.
    #[error("{0}")]
    BadValue(String),
    /// A primitive that needs a live capture on this link type.
    #[error("{what} not supported on {link} when reading savefiles")]
    NeedsLive {
        /// The primitive (`inbound/outbound`, `ifindex`).
        what: &'static str,
        /// The link type's description.
        link: &'static str,
    },
    /// Something this compiler does not support.
    #[error("{0}")]
    Unsupported(String),
    /// A constant division by zero.
    #[error("division by zero")]
    DivisionByZero,
    /// A constant modulus by zero.
    #[error("modulus by zero")]
    ModulusByZero,
    /// A constant shift by more than 31 bits.
    #[error("shift by more than 31 bits")]
    ShiftTooWide,
    /// A qualifier combination the grammar accepts but no primitive takes.
    #[error("syntax error in filter expression")]
    Syntax,
    /// A broken invariant.
    #[error("{0}")]
    Internal(String),
}

impl GenError {
    /// The public kind of this error.
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            GenError::LinkType(_) => ErrorKind::LinkType,
            GenError::TooManyRegisters | GenError::TooComplex => ErrorKind::TooComplex,
            GenError::Qualifier(_) => ErrorKind::Qualifier,
            GenError::UnknownName(_) => ErrorKind::UnknownName,
            GenError::BadValue(_) => ErrorKind::BadValue,
            GenError::NeedsLive { .. } => ErrorKind::NeedsLive,
            GenError::Unsupported(_) => ErrorKind::Unsupported,
            GenError::DivisionByZero | GenError::ModulusByZero | GenError::ShiftTooWide => {
                ErrorKind::Arithmetic
            }
            GenError::Syntax => ErrorKind::Syntax,
            GenError::Internal(_) => ErrorKind::Internal,
        }
    }
}

/// A code generation error and the part of the expression it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Spanned {
    /// The error.
    pub error: GenError,
    /// The byte range of the expression.
    pub span: crate::ast::Span,
}
