//! What a protocol printer leaves after printing its own header: the layer that follows, for
//! the dispatch in `print/mod.rs` to print. A leaf: the printers name a [`Next`] (with
//! [`super::Cursor::then`]) instead of calling each other.

use crate::ethertype;

/// The printer tcpdump's `tcp_print` picks for a segment's payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum TcpApp {
    /// No printer: the line ends at `length N`.
    None,
    /// A printer this crate does not have (telnet, BEEP, MSDP, LDP, NFS).
    Other,
    Ssh,
    Smtp,
    Whois,
    Ftp,
    Http,
    Rtsp,
    Domain,
    /// ZMTP/1.0 (only with `-T zmtp1`).
    Zmtp1,
    Bgp,
    OpenFlow,
    /// PPTP's control connection (port 1723).
    Pptp,
    /// Redis's RESP (port 6379).
    Resp,
    /// The RPKI-Router protocol (port 323).
    RpkiRtr,
}

impl TcpApp {
    /// The application of code `c` (`app as u8`); [`TcpApp::None`] for any other.
    #[inline(always)]
    pub(crate) const fn from_code(c: u8) -> TcpApp {
        match c {
            0 => TcpApp::None,
            1 => TcpApp::Other,
            2 => TcpApp::Ssh,
            3 => TcpApp::Smtp,
            4 => TcpApp::Whois,
            5 => TcpApp::Ftp,
            6 => TcpApp::Http,
            7 => TcpApp::Rtsp,
            8 => TcpApp::Domain,
            9 => TcpApp::Zmtp1,
            10 => TcpApp::Bgp,
            11 => TcpApp::OpenFlow,
            12 => TcpApp::Pptp,
            13 => TcpApp::Resp,
            14 => TcpApp::RpkiRtr,
            _ => TcpApp::None,
        }
    }
}

/// The printer tcpdump's `udp_print` picks for a datagram's payload (without `-q`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum UdpApp {
    /// No printer: `UDP, length N`.
    None,
    /// A printer this crate does not have; the line reads as with [`UdpApp::None`].
    Other,
    Domain,
    Mdns,
    Tftp,
    Bootp,
    Ntp,
    Dhcp6,
    Sip,
    Syslog,
    Hsrp,
    /// BFD, by the destination port that picked it (control, multihop, LAG, echo).
    BfdControl,
    BfdMultihop,
    BfdLag,
    BfdEcho,
    Ptp,
    BcmLi,
    Sflow,
    Babel,
    Radius,
    Otv,
    Vxlan,
    Geneve,
    VxlanGpe,
    Mpls,
    /// SOME/IP (30490).
    Someip,
    /// AFS RX (ports 7000 to 7009).
    Rx,
    /// Kerberos (ports 88 and 750).
    Krb,
    /// RIP (port 520).
    Rip,
    /// timed (port 525).
    Timed,
    /// ESP in UDP, NAT keepalives and IKE after the non-ESP marker (port 4500).
    IsakmpNat,
    /// L2TP (port 1701).
    L2tp,
    /// LISP control messages (port 4342).
    Lisp,
    /// ISAKMP/IKE (ports 500, 7500, 8500).
    Isakmp,
    /// LMP (port 701).
    Lmp,
    /// AHCP (port 5359).
    Ahcp,
    /// OLSR (port 698).
    Olsr,
    /// AODV (port 654).
    Aodv,
    /// Cisco Auto-RP (port 496).
    CiscoAutorp,
}

impl UdpApp {
    /// The application of code `c` (`app as u8`); [`UdpApp::None`] for any other.
    #[inline(always)]
    pub(crate) const fn from_code(c: u8) -> UdpApp {
        match c {
            0 => UdpApp::None,
            1 => UdpApp::Other,
            2 => UdpApp::Domain,
            3 => UdpApp::Mdns,
            4 => UdpApp::Tftp,
            5 => UdpApp::Bootp,
            6 => UdpApp::Ntp,
            7 => UdpApp::Dhcp6,
            8 => UdpApp::Sip,
            9 => UdpApp::Syslog,
            10 => UdpApp::Hsrp,
            11 => UdpApp::BfdControl,
            12 => UdpApp::BfdMultihop,
            13 => UdpApp::BfdLag,
            14 => UdpApp::BfdEcho,
            15 => UdpApp::Ptp,
            16 => UdpApp::BcmLi,
            17 => UdpApp::Sflow,
            18 => UdpApp::Babel,
            19 => UdpApp::Radius,
            20 => UdpApp::Otv,
            21 => UdpApp::Vxlan,
            22 => UdpApp::Geneve,
            23 => UdpApp::VxlanGpe,
            24 => UdpApp::Mpls,
            25 => UdpApp::Someip,
            26 => UdpApp::Rx,
            27 => UdpApp::Krb,
            28 => UdpApp::Rip,
            29 => UdpApp::Timed,
            30 => UdpApp::IsakmpNat,
            31 => UdpApp::L2tp,
            32 => UdpApp::Lisp,
            33 => UdpApp::Isakmp,
            34 => UdpApp::Lmp,
            35 => UdpApp::Ahcp,
            36 => UdpApp::Olsr,
            37 => UdpApp::Aodv,
            38 => UdpApp::CiscoAutorp,
            _ => UdpApp::None,
        }
    }
}

/// Which layer a [`Next`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    /// Nothing more to print.
    Done,
    /// A payload named by an EtherType (or SNAP protocol ID) that [`ethertype_has_printer`]:
    /// [`Next::ethertype`] the type, `at`, `length`, [`Next::caplen`].
    EtherType,
    /// An 802.2 LLC header (after an 802.3 length field, which sets
    /// [`super::Cursor::llc_eth`], or a cooked header's type 4): `at`, `length`,
    /// [`Next::caplen`].
    Llc,
    /// An IPv4 header (raw IP, LLC SAP 6, IP in IP): `at`, `length`.
    Ip,
    /// An IPv6 header: `at`, `length`.
    Ip6,
    /// An IP payload, picked by its protocol number ([`Next::ip_payload`]):
    /// `ip_demux_print`'s arguments.
    IpProto,
    /// An Ethernet header (IP protocol 143): `at`, `length`, [`Next::caplen`].
    Ether,
    /// An IPv6 Mobility Header, always the last header printed: `at`.
    Mobility,
    /// tcpdump's default printer over [`Next::dump_len`] undecoded bytes at `at` (none under
    /// `-q`).
    Dump,
    /// A TCP payload for the application printer [`Next::tcp_app`]: `at`, `length`.
    Tcp,
    /// A UDP payload for the application printer [`Next::udp_app`]: `at`, `length`.
    Udp,
    /// A link or switch control protocol after LLC or SNAP ([`Next::l2_proto`]): `at`,
    /// `length`.
    L2,
}

/// The printer for a [`Kind::L2`] payload (LLC and SNAP payloads with a printer of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum L2Proto {
    /// STP, RSTP, MSTP and SPB BPDUs (LLC SAP 0x42, Cisco PVST+).
    Stp,
    /// Cisco Discovery Protocol.
    Cdp,
    /// Cisco Dynamic Trunking Protocol.
    Dtp,
    /// Cisco UniDirectional Link Detection.
    Udld,
    /// Cisco VLAN Trunking Protocol.
    Vtp,
    /// An OSI NLPID and its protocol (tcpdump's `isoclns_print`).
    Osi,
    /// A PPP frame (`ppp_print`), from an OSI NLPID.
    Ppp,
    /// Q.933 call control or Frame Relay LMI (`q933_print`).
    Q933,
    /// Novell IPX (LLC SAP 0xe0, and "raw" 802.3 frames).
    Ipx,
    /// OSI over LLC (SAP 0xfe): IS-IS.
    Isis,
}

/// The layer after the one a printer printed ([`Next::kind`]), with the offsets and lengths
/// it starts with.
///
/// A struct of scalars rather than an enum with fields, kept in [`super::Cursor::next`]: the
/// compiler copies an enum (and a `Result`) as one blob of bytes, read back in 8-byte pieces
/// right after the printer wrote it as narrower fields, and such a load waits for the stores
/// to retire (store forwarding fails), which cost 12 % of `read -n`'s time on the hot path
/// (Ethernet, IPv4, UDP). Offsets are `u32` (a record holds at most 262,144 bytes).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Next {
    /// The layer.
    pub kind: Kind,
    /// [`Kind::IpProto`]: the protocol number; [`Kind::Tcp`], [`Kind::Udp`]: the application.
    small: u8,
    /// [`Kind::EtherType`]: the type; [`Kind::IpProto`]: the IP version, and 0x100 for a
    /// fragment.
    word: u16,
    /// Where the layer starts.
    pub at: u32,
    /// Its length on the wire.
    pub length: u32,
    /// The captured length ([`Kind::EtherType`], [`Kind::Llc`], [`Kind::Ether`]), where the IP
    /// header starts ([`Kind::IpProto`]) or the length to dump ([`Kind::Dump`]).
    extra: u32,
}

/// `ip_demux_print`'s arguments, from a [`Kind::IpProto`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct IpPayload {
    /// The protocol number (IPv4 protocol, IPv6 next header).
    pub nh: u8,
    /// 4 or 6.
    pub ver: u8,
    /// Whether the packet is a fragment (its UDP length is not checked against the data).
    pub fragmented: bool,
    /// Where the payload starts.
    pub at: usize,
    /// Its length.
    pub length: u32,
    /// Where the IP header starts (for the addresses the transport printers show).
    pub iph: usize,
}

impl Next {
    const fn new(kind: Kind, at: u32, length: u32) -> Next {
        Next {
            kind,
            small: 0,
            word: 0,
            at,
            length,
            extra: 0,
        }
    }

    /// Nothing more to print.
    pub(crate) const DONE: Next = Next::new(Kind::Done, 0, 0);

    /// A payload of EtherType `t`.
    #[inline(always)]
    pub(crate) const fn ether_type(t: u16, at: u32, length: u32, caplen: u32) -> Next {
        Next {
            word: t,
            extra: caplen,
            ..Next::new(Kind::EtherType, at, length)
        }
    }

    /// An LLC header.
    #[inline(always)]
    pub(crate) const fn llc(at: u32, length: u32, caplen: u32) -> Next {
        Next {
            extra: caplen,
            ..Next::new(Kind::Llc, at, length)
        }
    }

    /// An IPv4 header.
    #[inline(always)]
    pub(crate) const fn ip(at: u32, length: u32) -> Next {
        Next::new(Kind::Ip, at, length)
    }

    /// An IPv6 header.
    #[inline(always)]
    pub(crate) const fn ip6(at: u32, length: u32) -> Next {
        Next::new(Kind::Ip6, at, length)
    }

    /// An IP payload of protocol `nh` at `at`, the IP header at `iph`.
    #[inline(always)]
    pub(crate) const fn ip_proto(
        nh: u8,
        ver: u8,
        fragmented: bool,
        at: u32,
        length: u32,
        iph: u32,
    ) -> Next {
        Next {
            small: nh,
            word: ver as u16 | if fragmented { 0x100 } else { 0 },
            extra: iph,
            ..Next::new(Kind::IpProto, at, length)
        }
    }

    /// An Ethernet header.
    #[inline(always)]
    pub(crate) const fn ether(at: u32, length: u32, caplen: u32) -> Next {
        Next {
            extra: caplen,
            ..Next::new(Kind::Ether, at, length)
        }
    }

    /// A Mobility Header.
    #[inline(always)]
    pub(crate) const fn mobility(at: u32) -> Next {
        Next::new(Kind::Mobility, at, 0)
    }

    /// `len` bytes at `at` to dump.
    #[inline(always)]
    pub(crate) const fn dump(at: u32, len: u32) -> Next {
        Next {
            extra: len,
            ..Next::new(Kind::Dump, at, 0)
        }
    }

    /// A TCP payload for `app`.
    #[inline(always)]
    pub(crate) const fn tcp(app: TcpApp, at: u32, length: u32) -> Next {
        Next {
            small: app as u8,
            ..Next::new(Kind::Tcp, at, length)
        }
    }

    /// A payload for the link-layer control protocol printer `proto`.
    #[inline(always)]
    pub(crate) const fn l2(proto: L2Proto, at: u32, length: u32) -> Next {
        Next {
            small: proto as u8,
            ..Next::new(Kind::L2, at, length)
        }
    }

    /// A UDP payload for `app`, with the IP header at `iph` (for the printers that look at
    /// the addresses).
    #[inline(always)]
    pub(crate) const fn udp_ip(app: UdpApp, at: u32, length: u32, iph: u32) -> Next {
        Next {
            small: app as u8,
            extra: iph,
            ..Next::new(Kind::Udp, at, length)
        }
    }

    /// The `Next` in `slot`, read field by field (see [`Next`]), leaving [`Kind::Done`] there.
    #[inline(always)]
    pub(crate) fn take(slot: &mut Next) -> Next {
        let n = Next {
            kind: slot.kind,
            small: slot.small,
            word: slot.word,
            at: slot.at,
            length: slot.length,
            extra: slot.extra,
        };
        slot.kind = Kind::Done;
        n
    }

    /// [`Kind::EtherType`]'s type.
    #[inline(always)]
    pub(crate) const fn ethertype(&self) -> u16 {
        self.word
    }

    /// The captured length of [`Kind::EtherType`], [`Kind::Llc`] and [`Kind::Ether`].
    #[inline(always)]
    pub(crate) const fn caplen(&self) -> u32 {
        self.extra
    }

    /// [`Kind::Dump`]'s length.
    #[inline(always)]
    pub(crate) const fn dump_len(&self) -> usize {
        self.extra as usize
    }

    /// [`Kind::IpProto`]'s fields.
    #[inline(always)]
    pub(crate) const fn ip_payload(&self) -> IpPayload {
        IpPayload {
            nh: self.small,
            ver: self.word as u8,
            fragmented: self.word & 0x100 != 0,
            at: self.at as usize,
            length: self.length,
            iph: self.extra as usize,
        }
    }

    /// [`Kind::Tcp`]'s application.
    #[inline(always)]
    pub(crate) const fn tcp_app(&self) -> TcpApp {
        TcpApp::from_code(self.small)
    }

    /// [`Kind::L2`]'s printer.
    #[inline(always)]
    pub(crate) const fn l2_proto(&self) -> L2Proto {
        match self.small {
            0 => L2Proto::Stp,
            1 => L2Proto::Cdp,
            2 => L2Proto::Dtp,
            3 => L2Proto::Udld,
            5 => L2Proto::Osi,
            6 => L2Proto::Ppp,
            7 => L2Proto::Q933,
            8 => L2Proto::Ipx,
            9 => L2Proto::Isis,
            _ => L2Proto::Vtp,
        }
    }

    /// Where [`Kind::Udp`]'s IP header starts (set by [`Next::udp_ip`]).
    #[inline(always)]
    pub(crate) const fn udp_iph(&self) -> usize {
        self.extra as usize
    }

    /// [`Kind::Udp`]'s application.
    #[inline(always)]
    pub(crate) const fn udp_app(&self) -> UdpApp {
        UdpApp::from_code(self.small)
    }
}

/// An offset into the record as [`Next`] keeps it.
#[inline(always)]
pub(crate) const fn off(o: usize) -> u32 {
    o as u32
}

/// Whether the dispatch has a printer for EtherType `t` (the link-layer printers print their
/// own fallback for the others, and [`Kind::EtherType`] is only for these).
#[inline(always)]
pub(crate) const fn ethertype_has_printer(t: u16) -> bool {
    matches!(
        t,
        ethertype::IPV4
            | ethertype::IPV6
            | ethertype::ARP
            | ethertype::REVARP
            | ethertype::LLDP
            | ethertype::EAPOL
            | ethertype::SLOW
            | ethertype::PPPOED
            | ethertype::PPPOES
            | ethertype::MPLS
            | ethertype::MPLS_MULTI
            | ethertype::AOE
            | ethertype::PTP
            | ethertype::IPX
            | ethertype::DN
            | ethertype::NSH
            | ethertype::CFM
            | ethertype::CFM_OLD
            | ethertype::NLB
            | ethertype::AARP
            | ethertype::ATALK
            | ethertype::ISO
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code `from_code` knows gives back the application whose discriminant it is, so
    /// a variant added with a code another already uses (or out of declaration order) fails.
    #[test]
    fn application_codes_are_their_discriminants() {
        let mut tcp = 0;
        let mut udp = 0;
        for c in 0..=u8::MAX {
            let t = TcpApp::from_code(c);
            if t != TcpApp::None {
                assert_eq!(t as u8, c, "{t:?}");
                tcp += 1;
            }
            let u = UdpApp::from_code(c);
            if u != UdpApp::None {
                assert_eq!(u as u8, c, "{u:?}");
                udp += 1;
            }
        }
        // Every variant but None has a code.
        assert_eq!(tcp, TcpApp::RpkiRtr as usize);
        assert_eq!(udp, UdpApp::CiscoAutorp as usize);
    }
}
