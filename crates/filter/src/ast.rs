//! The syntax tree the parser builds and the code generator walks: libpcap's qualifier values
//! (`Q_*`), the qualifier triple, and the nodes of an expression.

use std::ops::Range;

/// Span of a node in the expression.
pub(crate) type Span = Range<usize>;

// Protocol qualifiers (libpcap's Q_* values).
pub(crate) const Q_DEFAULT: u8 = 0;
pub(crate) const Q_UNDEF: u8 = 255;
pub(crate) const Q_LINK: u8 = 1;
pub(crate) const Q_IP: u8 = 2;
pub(crate) const Q_ARP: u8 = 3;
pub(crate) const Q_RARP: u8 = 4;
pub(crate) const Q_SCTP: u8 = 5;
pub(crate) const Q_TCP: u8 = 6;
pub(crate) const Q_UDP: u8 = 7;
pub(crate) const Q_ICMP: u8 = 8;
pub(crate) const Q_IGMP: u8 = 9;
pub(crate) const Q_IGRP: u8 = 10;
pub(crate) const Q_ATALK: u8 = 11;
pub(crate) const Q_DECNET: u8 = 12;
pub(crate) const Q_LAT: u8 = 13;
pub(crate) const Q_SCA: u8 = 14;
pub(crate) const Q_MOPRC: u8 = 15;
pub(crate) const Q_MOPDL: u8 = 16;
pub(crate) const Q_IPV6: u8 = 17;
pub(crate) const Q_ICMPV6: u8 = 18;
pub(crate) const Q_AH: u8 = 19;
pub(crate) const Q_ESP: u8 = 20;
pub(crate) const Q_PIM: u8 = 21;
pub(crate) const Q_VRRP: u8 = 22;
pub(crate) const Q_AARP: u8 = 23;
pub(crate) const Q_ISO: u8 = 24;
pub(crate) const Q_ESIS: u8 = 25;
pub(crate) const Q_ISIS: u8 = 26;
pub(crate) const Q_CLNP: u8 = 27;
pub(crate) const Q_STP: u8 = 28;
pub(crate) const Q_IPX: u8 = 29;
pub(crate) const Q_NETBEUI: u8 = 30;
pub(crate) const Q_ISIS_L1: u8 = 31;
pub(crate) const Q_ISIS_L2: u8 = 32;
pub(crate) const Q_ISIS_IIH: u8 = 33;
pub(crate) const Q_ISIS_SNP: u8 = 34;
pub(crate) const Q_ISIS_CSNP: u8 = 35;
pub(crate) const Q_ISIS_PSNP: u8 = 36;
pub(crate) const Q_ISIS_LSP: u8 = 37;
pub(crate) const Q_RADIO: u8 = 38;
pub(crate) const Q_CARP: u8 = 39;

// Address qualifiers.
pub(crate) const Q_HOST: u8 = 1;
pub(crate) const Q_NET: u8 = 2;
pub(crate) const Q_PORT: u8 = 3;
pub(crate) const Q_GATEWAY: u8 = 4;
pub(crate) const Q_PROTO: u8 = 5;
pub(crate) const Q_PROTOCHAIN: u8 = 6;
pub(crate) const Q_PORTRANGE: u8 = 7;

// Direction qualifiers.
pub(crate) const Q_SRC: u8 = 1;
pub(crate) const Q_DST: u8 = 2;
pub(crate) const Q_OR: u8 = 3;
pub(crate) const Q_AND: u8 = 4;
pub(crate) const Q_ADDR1: u8 = 5;
pub(crate) const Q_ADDR2: u8 = 6;
pub(crate) const Q_ADDR3: u8 = 7;
pub(crate) const Q_ADDR4: u8 = 8;
pub(crate) const Q_RA: u8 = 9;
pub(crate) const Q_TA: u8 = 10;

/// A qualifier triple: protocol, direction, address kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Qual {
    pub proto: u8,
    pub dir: u8,
    pub addr: u8,
}

/// The "no qualifier may be inherited here" value.
pub(crate) const QERR: Qual = Qual {
    proto: Q_UNDEF,
    dir: Q_UNDEF,
    addr: Q_UNDEF,
};

/// What an identifier-like operand is.
#[derive(Clone, Debug)]
pub(crate) enum IdKind {
    /// A name (host, network, port, protocol, ...).
    Name(String),
    /// `a.b.c.d/len`.
    NetLen(String, u32),
    /// `a.b.c.d mask m.m.m.m`.
    NetMask(String, String),
    /// A dotted IPv4 address or prefix.
    Hid(String),
    /// A number.
    Num(u32),
    /// An IPv6 address with a prefix length (128 for a plain address).
    Hid6(String, u32),
    /// An Ethernet address.
    Eid(String),
    /// An ARCnet address.
    Aid,
}

/// Arithmetic expressions (`proto[expr:size]`, `len`, numbers, operators).
#[derive(Clone, Debug)]
pub(crate) enum Arth {
    Num(u32),
    Len,
    Load {
        proto: u8,
        index: Box<Arth>,
        size: u32,
    },
    Bin {
        op: u16,
        a: Box<Arth>,
        b: Box<Arth>,
    },
    Neg(Box<Arth>),
}

/// The LLC forms.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LlcKind {
    Any,
    I,
    S,
    U,
    SSubtype(u32),
    USubtype(u32),
}

/// Primitives that are not address tests.
#[derive(Clone, Debug)]
pub(crate) enum Other {
    Broadcast(u8),
    Multicast(u8),
    Less(u32),
    Greater(u32),
    Byte {
        idx: u32,
        op: u8,
        val: u32,
    },
    Inbound,
    Outbound,
    Ifindex(u32),
    Vlan(Option<u32>),
    Mpls(Option<u32>),
    Pppoed,
    Pppoes(Option<u32>),
    /// `geneve [VNI]`.
    Geneve(Option<u32>),
    Llc(LlcKind),
    /// 802.11 `type`/`subtype`: the frame control's first byte under a mask.
    P80211Type {
        val: u32,
        mask: u32,
    },
    /// 802.11 `dir`: the frame control's direction bits.
    P80211Dir(u32),
    /// A primitive that exists only for other link types: its error message.
    Unsupported(String),
}

/// A filter expression.
#[derive(Clone, Debug)]
pub(crate) enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Id {
        kind: IdKind,
        q: Qual,
        span: Span,
    },
    Proto {
        proto: u8,
        span: Span,
    },
    Rel {
        op: u16,
        a: Arth,
        b: Arth,
        reversed: bool,
        span: Span,
    },
    Other {
        other: Other,
        span: Span,
    },
}

/// A syntax error.
#[derive(Clone, Debug)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Span,
}
