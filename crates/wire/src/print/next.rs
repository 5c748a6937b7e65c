//! What a protocol printer hands back after printing its own header: the layer that follows,
//! for the dispatch in `print/mod.rs` to print. A leaf, like [`super::cursor`]: the printers
//! return a [`Next`] instead of calling each other.

use super::ports::{TcpApp, UdpApp};
use crate::ethertype;

/// The layer after the one a printer printed, with the offsets and lengths it starts with.
///
/// Kept to 16 bytes, offsets as `u32` (a record holds at most 262,144 bytes), so that a printer
/// returns it in registers: the hot path (Ethernet, IPv4, UDP) goes through it for every packet.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Next {
    /// Nothing more to print.
    Done,
    /// A payload named by an EtherType (or SNAP protocol ID) that [`ethertype_has_printer`].
    EtherType {
        /// The EtherType.
        t: u16,
        /// Where the payload starts.
        at: u32,
        /// The payload's length on the wire.
        length: u32,
        /// The payload's captured length.
        caplen: u32,
    },
    /// An 802.2 LLC header (after an 802.3 length field, which sets [`super::Cursor::llc_eth`],
    /// or a cooked header's type 4).
    Llc {
        /// Where the LLC header starts.
        at: u32,
        /// Its length on the wire.
        length: u32,
        /// Its captured length.
        caplen: u32,
    },
    /// An IPv4 header (raw IP, LLC SAP 6, IP in IP).
    Ip {
        /// Where the header starts.
        at: u32,
        /// The length left on the wire.
        length: u32,
    },
    /// An IPv6 header.
    Ip6 {
        /// Where the header starts.
        at: u32,
        /// The length left on the wire.
        length: u32,
    },
    /// An IP payload, picked by its protocol number: `ip_demux_print`'s arguments.
    IpProto {
        /// The protocol number (IPv4 protocol, IPv6 next header).
        nh: u8,
        /// 4 or 6.
        ver: u8,
        /// Whether the packet is a fragment (its UDP length is not checked against the data).
        fragmented: bool,
        /// Where the payload starts.
        at: u32,
        /// Its length.
        length: u32,
        /// Where the IP header starts (for the addresses the transport printers show).
        iph: u32,
    },
    /// An Ethernet header (IP protocol 143).
    Ether {
        /// Where the header starts.
        at: u32,
        /// The length left on the wire.
        length: u32,
        /// The length left in the capture.
        caplen: u32,
    },
    /// An IPv6 Mobility Header, always the last header printed.
    Mobility {
        /// Where the header starts.
        at: u32,
    },
    /// tcpdump's default printer over `len` undecoded bytes at `at` (none under `-q`).
    Dump {
        /// Where the bytes start.
        at: u32,
        /// How many there are on the wire.
        len: u32,
    },
    /// A TCP payload for an application printer.
    Tcp {
        /// The printer the ports chose.
        app: TcpApp,
        /// Where the payload starts.
        at: u32,
        /// Its length.
        length: u32,
    },
    /// A UDP payload for an application printer.
    Udp {
        /// The printer the ports chose.
        app: UdpApp,
        /// Where the payload starts.
        at: u32,
        /// Its length.
        length: u32,
    },
}

/// An offset into the record as [`Next`] keeps it.
#[inline(always)]
pub(crate) const fn off(o: usize) -> u32 {
    o as u32
}

/// Whether the dispatch has a printer for EtherType `t` (the link-layer printers print their
/// own fallback for the others, and [`Next::EtherType`] is only for these).
#[inline(always)]
pub(crate) const fn ethertype_has_printer(t: u16) -> bool {
    matches!(
        t,
        ethertype::IPV4 | ethertype::IPV6 | ethertype::ARP | ethertype::REVARP
    )
}

// The point of the `u32` offsets: a printer's `R<Next>` fits two registers.
const _: () = assert!(core::mem::size_of::<super::cursor::R<Next>>() <= 16);
