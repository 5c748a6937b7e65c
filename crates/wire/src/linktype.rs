//! Link-layer header types (`LINKTYPE_*` from the tcpdump.org registry) and the snapshot length.

/// tcpdump's default and largest snapshot length (`MAXIMUM_SNAPLEN`): the most bytes kept of a
/// packet, and the largest caplen or length tcpdump accepts in a record header.
pub const DEFAULT_SNAPLEN: u32 = 262_144;

/// A link-layer header type (`LINKTYPE_*` from the tcpdump.org registry).
///
/// pcap files keep FCS information in the upper 16 bits of their link-type field; the savefile
/// reader drops those bits, so this holds the 16-bit type itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkType(pub u32);

impl LinkType {
    /// `LINKTYPE_NULL` (0): BSD loopback encapsulation.
    pub const NULL: LinkType = LinkType(0);
    /// `LINKTYPE_ETHERNET` (1): Ethernet II and 802.3 frames.
    pub const ETHERNET: LinkType = LinkType(1);
    /// `DLT_RAW` as OpenBSD numbers it (12): raw IP, printed like [`LinkType::RAW`].
    pub const DLT_RAW_12: LinkType = LinkType(12);
    /// `DLT_RAW` as BSD/OS numbers it (14): raw IP, printed like [`LinkType::RAW`].
    pub const DLT_RAW_14: LinkType = LinkType(14);
    /// `LINKTYPE_RAW` (101): raw IPv4 or IPv6, no link-layer header.
    pub const RAW: LinkType = LinkType(101);
    /// `LINKTYPE_LOOP` (108): OpenBSD loopback encapsulation (the family in network order).
    pub const LOOP: LinkType = LinkType(108);
    /// `LINKTYPE_LINUX_SLL` (113): Linux cooked capture, version 1.
    pub const LINUX_SLL: LinkType = LinkType(113);
    /// `LINKTYPE_IEEE802_11` (105): 802.11 wireless.
    pub const IEEE802_11: LinkType = LinkType(105);
    /// `LINKTYPE_IPV4` (228): raw IPv4, no link-layer header.
    pub const IPV4: LinkType = LinkType(228);
    /// `LINKTYPE_IPV6` (229): raw IPv6, no link-layer header.
    pub const IPV6: LinkType = LinkType(229);
    /// `LINKTYPE_LINUX_SLL2` (276): Linux cooked capture, version 2 (what `-i any` produces).
    pub const LINUX_SLL2: LinkType = LinkType(276);

    /// The name tcpdump gives the link type in its `reading from file` and `listening on`
    /// banners: `EN10MB (Ethernet)`, ..., the bare number (`42`) for one it has no name for, as tcpdump does.
    pub fn banner_name(self) -> String {
        match self {
            LinkType::NULL => "NULL (BSD loopback)".into(),
            LinkType::LOOP => "LOOP (OpenBSD loopback)".into(),
            LinkType::ETHERNET => "EN10MB (Ethernet)".into(),
            LinkType::LINUX_SLL => "LINUX_SLL (Linux cooked v1)".into(),
            LinkType::LINUX_SLL2 => "LINUX_SLL2 (Linux cooked v2)".into(),
            LinkType::RAW => "RAW (Raw IP)".into(),
            LinkType::IPV4 => "IPV4 (Raw IPv4)".into(),
            LinkType::IPV6 => "IPV6 (Raw IPv6)".into(),
            LinkType(8) => "SLIP (SLIP)".into(),
            LinkType(9) => "PPP (PPP)".into(),
            LinkType(50) => "PPP_SERIAL (PPP over serial)".into(),
            LinkType(104) => "C_HDLC (Cisco HDLC)".into(),
            LinkType::IEEE802_11 => "IEEE802_11 (802.11)".into(),
            LinkType(107) => "FRELAY (Frame Relay)".into(),
            LinkType(127) => "IEEE802_11_RADIO (802.11 plus radiotap header)".into(),
            LinkType(119) => "PRISM_HEADER (802.11 plus Prism header)".into(),
            LinkType(163) => {
                "IEEE802_11_RADIO_AVS (802.11 plus AVS radio information header)".into()
            }
            LinkType(192) => "PPI (Per-Packet Information)".into(),
            LinkType(182) => "MFR (FRF.16 Frame Relay)".into(),
            LinkType(226) => "IPNET (Solaris ipnet)".into(),
            LinkType(239) => "NFLOG (Linux netfilter log messages)".into(),
            LinkType(195) => "IEEE802_15_4 (IEEE 802.15.4 with FCS)".into(),
            LinkType(230) => "IEEE802_15_4_NOFCS (IEEE 802.15.4 without FCS)".into(),
            LinkType(283) => "IEEE802_15_4_TAP (IEEE 802.15.4 with pseudo-header)".into(),
            LinkType(242) => "IPOIB (RFC 4391 IP-over-Infiniband)".into(),
            LinkType(271) => "VSOCK (Linux vsock)".into(),
            LinkType(281) => "DSA_TAG_BRCM (Broadcom tag)".into(),
            LinkType(282) => "DSA_TAG_BRCM_PREPEND (Broadcom tag (prepended))".into(),
            LinkType(284) => "DSA_TAG_DSA (Marvell DSA)".into(),
            LinkType(285) => "DSA_TAG_EDSA (Marvell EDSA)".into(),
            // Juniper, ATM and the aliases of other printers (issue 22).
            LinkType(11 | 100) => "ATM_RFC1483 (RFC 1483 LLC-encapsulated ATM)".into(),
            LinkType(15 | 102) => "SLIP_BSDOS (BSD/OS SLIP)".into(),
            LinkType(16 | 103) => "PPP_BSDOS (BSD/OS PPP)".into(),
            LinkType(19 | 106) => "ATM_CLIP (Linux Classical IP over ATM)".into(),
            LinkType(51) => "PPP_ETHER (PPPoE)".into(),
            LinkType(123) => "SUNATM (Sun raw ATM)".into(),
            LinkType(130) => "JUNIPER_MLPPP (Juniper Multi-Link PPP)".into(),
            LinkType(131) => "JUNIPER_MLFR (Juniper Multi-Link Frame Relay)".into(),
            LinkType(132) => "JUNIPER_ES (Juniper Encryption Services PIC)".into(),
            LinkType(133) => "JUNIPER_GGSN (Juniper GGSN PIC)".into(),
            LinkType(134) => "JUNIPER_MFR (Juniper FRF.16 Frame Relay)".into(),
            LinkType(135) => "JUNIPER_ATM2 (Juniper ATM2 PIC)".into(),
            LinkType(136) => "JUNIPER_SERVICES (Juniper Advanced Services PIC)".into(),
            LinkType(137) => "JUNIPER_ATM1 (Juniper ATM1 PIC)".into(),
            LinkType(164) => "JUNIPER_MONITOR (Juniper Passive Monitor PIC)".into(),
            LinkType(166) => "PPP_PPPD (PPP for pppd, with direction flag)".into(),
            LinkType(167) => "JUNIPER_PPPOE (Juniper PPPoE)".into(),
            LinkType(168) => "JUNIPER_PPPOE_ATM (Juniper PPPoE/ATM)".into(),
            LinkType(178) => "JUNIPER_ETHER (Juniper Ethernet)".into(),
            LinkType(179) => "JUNIPER_PPP (Juniper PPP)".into(),
            LinkType(180) => "JUNIPER_FRELAY (Juniper Frame Relay)".into(),
            LinkType(181) => "JUNIPER_CHDLC (Juniper C-HDLC)".into(),
            LinkType(6) => "IEEE802 (Token ring)".into(),
            LinkType(7) => "ARCNET (BSD ARCNET)".into(),
            LinkType(10) => "FDDI (FDDI)".into(),
            LinkType(99) => "SYMANTEC_FIREWALL (Symantec Firewall)".into(),
            LinkType(109) => "ENC (OpenBSD encapsulated IP)".into(),
            LinkType(114) => "LTALK (Localtalk)".into(),
            LinkType(117) => "PFLOG (OpenBSD pflog file)".into(),
            LinkType(122) => "IP_OVER_FC (RFC 2625 IP-over-Fibre Channel)".into(),
            LinkType(129) => "ARCNET_LINUX (Linux ARCNET)".into(),
            LinkType(138) => "APPLE_IP_OVER_IEEE1394 (Apple IP-over-IEEE 1394)".into(),
            LinkType(189) => "USB_LINUX (USB with Linux header)".into(),
            LinkType(201) => "BLUETOOTH_HCI_H4_WITH_PHDR (Bluetooth HCI UART transport layer plus pseudo-header)".into(),
            LinkType(220) => "USB_LINUX_MMAPPED (USB with padded Linux header)".into(),
            LinkType(240) => "NETANALYZER (Ethernet with Hilscher netANALYZER pseudo-header)".into(),
            LinkType(241) => "NETANALYZER_TRANSPARENT (Ethernet with Hilscher netANALYZER pseudo-header and with preamble and SFD)".into(),
            LinkType(258) => "PKTAP (Apple DLT_PKTAP)".into(),
            // LINKTYPE_USER2, PKTAP as macOS wrote it: libpcap has no name for it.
            LinkType(149) => "149".into(),
            // tcpdump prints the bare number of a type libpcap has no name for (112 among
            // them).
            LinkType(n) => format!("{n}"),
        }
    }
}

impl From<u32> for LinkType {
    fn from(v: u32) -> Self {
        LinkType(v)
    }
}

impl From<LinkType> for u32 {
    fn from(l: LinkType) -> Self {
        l.0
    }
}
