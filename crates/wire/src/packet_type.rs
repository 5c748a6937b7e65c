//! `-T TYPE`: the protocol every UDP datagram's (or TCP segment's) payload is printed as,
//! whatever its ports, as tcpdump 4.99's `-T` forces it.

use core::fmt;

/// A protocol `-T` forces the payloads to be printed as: every name tcpdump 4.99.3 accepts.
///
/// Over UDP every type applies; over TCP only [`PacketType::Zmtp1`], [`PacketType::Resp`] and
/// [`PacketType::Domain`] (tcpdump's TCP printer looks at no other), and the other types leave
/// a segment's payload unprinted. [`PacketType::Carp`] applies to IP protocol 112 (printed as
/// CARP rather than VRRP), and [`PacketType::PgmZmtp1`] to PGM's payload too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketType {
    /// `vat`: Visual Audio Tool.
    Vat,
    /// `wb`: the distributed white board.
    Wb,
    /// `rpc`: ONC Remote Procedure Call.
    Rpc,
    /// `rtp`: Real-time Transport Protocol.
    Rtp,
    /// `rtcp`: RTP Control Protocol.
    Rtcp,
    /// `snmp`: Simple Network Management Protocol.
    Snmp,
    /// `cnfp`: Cisco NetFlow.
    Cnfp,
    /// `tftp`: Trivial File Transfer Protocol.
    Tftp,
    /// `aodv`: Ad-hoc On-demand Distance Vector routing.
    Aodv,
    /// `carp`: Common Address Redundancy Protocol (IP protocol 112).
    Carp,
    /// `radius`: RADIUS.
    Radius,
    /// `zmtp1`: ZeroMQ Message Transport Protocol 1.0.
    Zmtp1,
    /// `vxlan`: Virtual eXtensible LAN.
    Vxlan,
    /// `pgm`: Pragmatic General Multicast in UDP.
    Pgm,
    /// `pgm_zmtp1`: ZMTP/1.0 inside PGM (native or in UDP).
    PgmZmtp1,
    /// `lmp`: Link Management Protocol.
    Lmp,
    /// `resp`: the REdis Serialization Protocol.
    Resp,
    /// `ptp`: Precision Time Protocol.
    Ptp,
    /// `someip`: AUTOSAR SOME/IP.
    Someip,
    /// `domain`: the Domain Name System.
    Domain,
}

impl PacketType {
    /// Every type, in tcpdump's order.
    pub const ALL: [PacketType; 20] = [
        PacketType::Vat,
        PacketType::Wb,
        PacketType::Rpc,
        PacketType::Rtp,
        PacketType::Rtcp,
        PacketType::Snmp,
        PacketType::Cnfp,
        PacketType::Tftp,
        PacketType::Aodv,
        PacketType::Carp,
        PacketType::Radius,
        PacketType::Zmtp1,
        PacketType::Vxlan,
        PacketType::Pgm,
        PacketType::PgmZmtp1,
        PacketType::Lmp,
        PacketType::Resp,
        PacketType::Ptp,
        PacketType::Someip,
        PacketType::Domain,
    ];

    /// The name `-T` takes (lower case).
    pub const fn name(self) -> &'static str {
        match self {
            PacketType::Vat => "vat",
            PacketType::Wb => "wb",
            PacketType::Rpc => "rpc",
            PacketType::Rtp => "rtp",
            PacketType::Rtcp => "rtcp",
            PacketType::Snmp => "snmp",
            PacketType::Cnfp => "cnfp",
            PacketType::Tftp => "tftp",
            PacketType::Aodv => "aodv",
            PacketType::Carp => "carp",
            PacketType::Radius => "radius",
            PacketType::Zmtp1 => "zmtp1",
            PacketType::Vxlan => "vxlan",
            PacketType::Pgm => "pgm",
            PacketType::PgmZmtp1 => "pgm_zmtp1",
            PacketType::Lmp => "lmp",
            PacketType::Resp => "resp",
            PacketType::Ptp => "ptp",
            PacketType::Someip => "someip",
            PacketType::Domain => "domain",
        }
    }

    /// The type named `name`, in any case (as tcpdump compares it), `None` for an unknown one.
    pub fn from_name(name: &str) -> Option<PacketType> {
        PacketType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// Whether this crate prints the type's payloads. The others print as the ports would
    /// have them printed (the printer is missing: see the crate documentation).
    pub const fn printed(self) -> bool {
        matches!(
            self,
            PacketType::Tftp
                | PacketType::Zmtp1
                | PacketType::Pgm
                | PacketType::PgmZmtp1
                | PacketType::Lmp
                | PacketType::Rtp
                | PacketType::Vat
                | PacketType::Radius
                | PacketType::Vxlan
                | PacketType::Ptp
                | PacketType::Domain
        )
    }
}

impl fmt::Display for PacketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_any_case() {
        for t in PacketType::ALL {
            assert_eq!(PacketType::from_name(t.name()), Some(t));
            assert_eq!(
                PacketType::from_name(&t.name().to_ascii_uppercase()),
                Some(t)
            );
        }
        assert_eq!(
            PacketType::from_name("PGM_zmtp1"),
            Some(PacketType::PgmZmtp1)
        );
        assert_eq!(PacketType::from_name("dns"), None);
        assert_eq!(PacketType::from_name(""), None);
    }
}
