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
        match self.described() {
            Some(d) => d.into(),
            None => self.0.to_string(),
        }
    }

    /// libpcap's short name of the link type (`pcap_datalink_val_to_name`: `EN10MB`,
    /// `LINUX_SLL2`, ...), `None` for one it has no name for.
    pub fn libpcap_name(self) -> Option<&'static str> {
        self.described()
            .map(|d| d.find(" (").map_or(d, |i| &d[..i]))
    }

    /// libpcap's name and description of the link type as one text, `NAME (description)`.
    fn described(self) -> Option<&'static str> {
        match self {
            LinkType::NULL => Some("NULL (BSD loopback)"),
            LinkType::LOOP => Some("LOOP (OpenBSD loopback)"),
            LinkType::ETHERNET => Some("EN10MB (Ethernet)"),
            LinkType::LINUX_SLL => Some("LINUX_SLL (Linux cooked v1)"),
            LinkType::LINUX_SLL2 => Some("LINUX_SLL2 (Linux cooked v2)"),
            LinkType::RAW => Some("RAW (Raw IP)"),
            LinkType::IPV4 => Some("IPV4 (Raw IPv4)"),
            LinkType::IPV6 => Some("IPV6 (Raw IPv6)"),
            LinkType(8) => Some("SLIP (SLIP)"),
            LinkType(9) => Some("PPP (PPP)"),
            LinkType(50) => Some("PPP_SERIAL (PPP over serial)"),
            LinkType(104) => Some("C_HDLC (Cisco HDLC)"),
            LinkType::IEEE802_11 => Some("IEEE802_11 (802.11)"),
            LinkType(107) => Some("FRELAY (Frame Relay)"),
            LinkType(127) => Some("IEEE802_11_RADIO (802.11 plus radiotap header)"),
            LinkType(119) => Some("PRISM_HEADER (802.11 plus Prism header)"),
            LinkType(163) => {
                Some("IEEE802_11_RADIO_AVS (802.11 plus AVS radio information header)")
            }
            LinkType(192) => Some("PPI (Per-Packet Information)"),
            LinkType(182) => Some("MFR (FRF.16 Frame Relay)"),
            LinkType(226) => Some("IPNET (Solaris ipnet)"),
            LinkType(239) => Some("NFLOG (Linux netfilter log messages)"),
            LinkType(195) => Some("IEEE802_15_4 (IEEE 802.15.4 with FCS)"),
            LinkType(230) => Some("IEEE802_15_4_NOFCS (IEEE 802.15.4 without FCS)"),
            LinkType(283) => Some("IEEE802_15_4_TAP (IEEE 802.15.4 with pseudo-header)"),
            LinkType(242) => Some("IPOIB (RFC 4391 IP-over-Infiniband)"),
            LinkType(271) => Some("VSOCK (Linux vsock)"),
            LinkType(281) => Some("DSA_TAG_BRCM (Broadcom tag)"),
            LinkType(282) => Some("DSA_TAG_BRCM_PREPEND (Broadcom tag (prepended))"),
            LinkType(284) => Some("DSA_TAG_DSA (Marvell DSA)"),
            LinkType(285) => Some("DSA_TAG_EDSA (Marvell EDSA)"),
            // Juniper, ATM and the aliases of other printers (issue 22).
            LinkType(11 | 100) => Some("ATM_RFC1483 (RFC 1483 LLC-encapsulated ATM)"),
            LinkType(15 | 102) => Some("SLIP_BSDOS (BSD/OS SLIP)"),
            LinkType(16 | 103) => Some("PPP_BSDOS (BSD/OS PPP)"),
            LinkType(19 | 106) => Some("ATM_CLIP (Linux Classical IP over ATM)"),
            LinkType(51) => Some("PPP_ETHER (PPPoE)"),
            LinkType(123) => Some("SUNATM (Sun raw ATM)"),
            LinkType(130) => Some("JUNIPER_MLPPP (Juniper Multi-Link PPP)"),
            LinkType(131) => Some("JUNIPER_MLFR (Juniper Multi-Link Frame Relay)"),
            LinkType(132) => Some("JUNIPER_ES (Juniper Encryption Services PIC)"),
            LinkType(133) => Some("JUNIPER_GGSN (Juniper GGSN PIC)"),
            LinkType(134) => Some("JUNIPER_MFR (Juniper FRF.16 Frame Relay)"),
            LinkType(135) => Some("JUNIPER_ATM2 (Juniper ATM2 PIC)"),
            LinkType(136) => Some("JUNIPER_SERVICES (Juniper Advanced Services PIC)"),
            LinkType(137) => Some("JUNIPER_ATM1 (Juniper ATM1 PIC)"),
            LinkType(164) => Some("JUNIPER_MONITOR (Juniper Passive Monitor PIC)"),
            LinkType(166) => Some("PPP_PPPD (PPP for pppd, with direction flag)"),
            LinkType(167) => Some("JUNIPER_PPPOE (Juniper PPPoE)"),
            LinkType(168) => Some("JUNIPER_PPPOE_ATM (Juniper PPPoE/ATM)"),
            LinkType(178) => Some("JUNIPER_ETHER (Juniper Ethernet)"),
            LinkType(179) => Some("JUNIPER_PPP (Juniper PPP)"),
            LinkType(180) => Some("JUNIPER_FRELAY (Juniper Frame Relay)"),
            LinkType(181) => Some("JUNIPER_CHDLC (Juniper C-HDLC)"),
            LinkType(6) => Some("IEEE802 (Token ring)"),
            LinkType(7) => Some("ARCNET (BSD ARCNET)"),
            LinkType(10) => Some("FDDI (FDDI)"),
            LinkType(99) => Some("SYMANTEC_FIREWALL (Symantec Firewall)"),
            LinkType(109) => Some("ENC (OpenBSD encapsulated IP)"),
            LinkType(114) => Some("LTALK (Localtalk)"),
            LinkType(117) => Some("PFLOG (OpenBSD pflog file)"),
            LinkType(122) => Some("IP_OVER_FC (RFC 2625 IP-over-Fibre Channel)"),
            LinkType(129) => Some("ARCNET_LINUX (Linux ARCNET)"),
            LinkType(138) => Some("APPLE_IP_OVER_IEEE1394 (Apple IP-over-IEEE 1394)"),
            LinkType(189) => Some("USB_LINUX (USB with Linux header)"),
            LinkType(201) => Some("BLUETOOTH_HCI_H4_WITH_PHDR (Bluetooth HCI UART transport layer plus pseudo-header)"),
            LinkType(220) => Some("USB_LINUX_MMAPPED (USB with padded Linux header)"),
            LinkType(240) => Some("NETANALYZER (Ethernet with Hilscher netANALYZER pseudo-header)"),
            LinkType(241) => Some("NETANALYZER_TRANSPARENT (Ethernet with Hilscher netANALYZER pseudo-header and with preamble and SFD)"),
            LinkType(258) => Some("PKTAP (Apple DLT_PKTAP)"),
            // LINKTYPE_USER2 (PKTAP as macOS wrote it), 112 and the rest: libpcap has no
            // name for them, and tcpdump's banner gives their bare number.
            _ => None,
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

#[cfg(test)]
mod tests {
    use super::LinkType;

    #[test]
    fn names_come_from_one_table() {
        assert_eq!(LinkType::ETHERNET.banner_name(), "EN10MB (Ethernet)");
        assert_eq!(LinkType::ETHERNET.libpcap_name(), Some("EN10MB"));
        assert_eq!(LinkType(258).libpcap_name(), Some("PKTAP"));
        assert_eq!(LinkType(6).libpcap_name(), Some("IEEE802"));
        // No libpcap name: tcpdump's banner gives the number, PKTAP's header UNKNOWN.
        for n in [112, 149, 65_000] {
            assert_eq!(LinkType(n).libpcap_name(), None);
            assert_eq!(LinkType(n).banner_name(), n.to_string());
        }
    }
}
