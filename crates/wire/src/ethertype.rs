//! EtherTypes: the 16-bit protocol field of Ethernet II, 802.1Q tags, LINUX_SLL/SLL2 and SNAP
//! headers. Every crate of promisc takes its EtherTypes from here.

/// The largest value of the type/length field that is a length (IEEE 802.3); larger values are
/// EtherTypes.
pub const MAX_LENGTH: u16 = 1500;

/// PUP.
pub const PUP: u16 = 0x0200;
/// Sprite.
pub const SPRITE: u16 = 0x0500;
/// Xerox NS.
pub const NS: u16 = 0x0600;
/// GeoNetworking (old value).
pub const GEONET_OLD: u16 = 0x0707;
/// IPv4.
pub const IPV4: u16 = 0x0800;
/// ARP.
pub const ARP: u16 = 0x0806;
/// Trailer encapsulation.
pub const TRAIL: u16 = 0x1000;
/// DEC MOP dump/load.
pub const MOPDL: u16 = 0x6001;
/// DEC MOP remote console.
pub const MOPRC: u16 = 0x6002;
/// DECnet Phase IV.
pub const DN: u16 = 0x6003;
/// DEC LAT.
pub const LAT: u16 = 0x6004;
/// DEC SCA.
pub const SCA: u16 = 0x6007;
/// Transparent Ethernet bridging.
pub const TEB: u16 = 0x6558;
/// Reverse ARP.
pub const REVARP: u16 = 0x8035;
/// DEC LANBridge.
pub const LANBRIDGE: u16 = 0x8038;
/// DEC DNS.
pub const DECDNS: u16 = 0x803c;
/// DEC DTS.
pub const DECDTS: u16 = 0x803e;
/// VEXP.
pub const VEXP: u16 = 0x805b;
/// VPROD.
pub const VPROD: u16 = 0x805c;
/// AppleTalk.
pub const ATALK: u16 = 0x809b;
/// AppleTalk ARP.
pub const AARP: u16 = 0x80f3;
/// 802.1Q VLAN tag.
pub const VLAN: u16 = 0x8100;
/// Novell IPX.
pub const IPX: u16 = 0x8137;
/// IPv6.
pub const IPV6: u16 = 0x86dd;
/// PPP.
pub const PPP: u16 = 0x880b;
/// MPCP.
pub const MPCP: u16 = 0x8808;
/// Slow protocols (LACP, OAM).
pub const SLOW: u16 = 0x8809;
/// MPLS unicast.
pub const MPLS: u16 = 0x8847;
/// MPLS multicast.
pub const MPLS_MULTI: u16 = 0x8848;
/// PPPoE discovery.
pub const PPPOED: u16 = 0x8863;
/// PPPoE session.
pub const PPPOES: u16 = 0x8864;
/// MS NLB heartbeat.
pub const NLB: u16 = 0x886f;
/// Jumbo frames.
pub const JUMBO: u16 = 0x8870;
/// EAPOL (802.1X).
pub const EAPOL: u16 = 0x888e;
/// Realtek protocols.
pub const RRCP: u16 = 0x8899;
/// ATA over Ethernet.
pub const AOE: u16 = 0x88a2;
/// 802.1ad service VLAN tag (QinQ).
pub const QINQ: u16 = 0x88a8;
/// TIPC.
pub const TIPC: u16 = 0x88ca;
/// LLDP.
pub const LLDP: u16 = 0x88cc;
/// 802.1AE MACsec.
pub const MACSEC: u16 = 0x88e5;
/// PTP.
pub const PTP: u16 = 0x88f7;
/// CFM.
pub const CFM: u16 = 0x8902;
/// IEEE 1905.1.
pub const IEEE1905_1: u16 = 0x893a;
/// GeoNetworking.
pub const GEONET: u16 = 0x8947;
/// NSH.
pub const NSH: u16 = 0x894f;
/// Loopback.
pub const LOOPBACK: u16 = 0x9000;
/// Old QinQ tag 0x9100.
pub const VLAN_9100: u16 = 0x9100;
/// Old QinQ tag 0x9200.
pub const VLAN_9200: u16 = 0x9200;
/// CALM FAST.
pub const CALM_FAST: u16 = 0x1111;
/// GRE-encapsulated OSI.
pub const GRE_ISO: u16 = 0x00fe;
/// CFM (old value).
pub const CFM_OLD: u16 = 0xabcd;
/// Arista vendor-specific protocol.
pub const ARISTA: u16 = 0xd28b;
/// OSI.
pub const ISO: u16 = 0xfefe;

/// Whether `t` introduces a VLAN tag (802.1Q, 802.1ad, or the old 0x9100 and 0x9200).
#[inline]
pub const fn is_vlan(t: u16) -> bool {
    matches!(t, VLAN | QINQ | VLAN_9100 | VLAN_9200)
}

/// The name tcpdump gives an EtherType (first match wins, as in its table).
pub fn name(t: u16) -> Option<&'static str> {
    Some(match t {
        IPV4 => "IPv4",
        MPLS => "MPLS unicast",
        MPLS_MULTI => "MPLS multicast",
        IPV6 => "IPv6",
        VLAN => "802.1Q",
        VLAN_9100 => "802.1Q-9100",
        QINQ => "802.1Q-QinQ",
        VLAN_9200 => "802.1Q-9200",
        MACSEC => "802.1AE MACsec",
        PUP => "PUP",
        ARP => "ARP",
        REVARP => "Reverse ARP",
        NS => "NS",
        SPRITE => "Sprite",
        TRAIL => "Trail",
        MOPDL => "MOP DL",
        MOPRC => "MOP RC",
        DN => "DN",
        LAT => "LAT",
        SCA => "SCA",
        TEB => "TEB",
        LANBRIDGE => "Lanbridge",
        DECDNS => "DEC DNS",
        DECDTS => "DEC DTS",
        VEXP => "VEXP",
        VPROD => "VPROD",
        ATALK => "Appletalk",
        AARP => "Appletalk ARP",
        IPX => "IPX",
        PPP => "PPP",
        MPCP => "MPCP",
        SLOW => "Slow Protocols",
        PPPOED => "PPPoE D",
        PPPOES => "PPPoE S",
        EAPOL => "EAPOL",
        RRCP => "Realtek protocols",
        NLB => "MS NLB heartbeat",
        JUMBO => "Jumbo",
        NSH => "NSH",
        LOOPBACK => "Loopback",
        ISO => "OSI",
        GRE_ISO => "GRE-OSI",
        CFM_OLD => "CFM (old)",
        CFM => "CFM",
        IEEE1905_1 => "IEEE1905.1",
        LLDP => "LLDP",
        TIPC => "TIPC",
        GEONET_OLD => "GeoNet (old)",
        GEONET => "GeoNet",
        CALM_FAST => "CALM FAST",
        AOE => "AoE",
        PTP => "PTP",
        ARISTA => "Arista Vendor Specific Protocol",
        _ => return None,
    })
}
