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
    /// banners: `EN10MB (Ethernet)`, ..., `LINKTYPE 42` for one it has no name for here.
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
            LinkType(n) => format!("LINKTYPE {n}"),
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
