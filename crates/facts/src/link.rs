//! Links: `RTM_NEWLINK` messages (`struct ifinfomsg` and `IFLA_*` attributes).

use crate::uapi::{ARPHRD_ETHER, ARPHRD_LOOPBACK, IFF_PROMISC, IFF_UP};

/// Kind-specific data of a link (`IFLA_INFO_DATA`), reduced to what attribution needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum KindData {
    /// No data, or data promisc does not use.
    #[default]
    None,
    /// A macvlan or macvtap device (`IFLA_MACVLAN_MODE`, `IFLA_MACVLAN_FLAGS`).
    Macvlan {
        /// `MACVLAN_MODE_*`.
        mode: u32,
        /// `MACVLAN_FLAG_*`.
        flags: u16,
    },
    /// A bridge device (`IFLA_BR_VLAN_FILTERING`).
    Bridge {
        /// VLAN filtering is on.
        vlan_filtering: bool,
    },
    /// A bond device (`IFLA_BOND_MODE`).
    Bond {
        /// `BOND_MODE_*` (0 balance-rr ... 6 balance-alb).
        mode: u8,
    },
    /// An HSR or PRP device (`IFLA_HSR_SLAVE1`, `IFLA_HSR_SLAVE2`).
    Hsr {
        /// Interface indexes of the two slave ports, when present.
        slaves: [Option<u32>; 2],
    },
}

/// Port-specific data of a link enslaved to a master (`IFLA_INFO_SLAVE_DATA`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaveData {
    /// Bridge port `IFLA_BRPORT_LEARNING`.
    pub learning: Option<bool>,
    /// Bridge port `IFLA_BRPORT_UNICAST_FLOOD`.
    pub unicast_flood: Option<bool>,
    /// Bond slave `IFLA_BOND_SLAVE_STATE` (0 active, 1 backup).
    pub bond_state: Option<u8>,
}

/// One link as an `RTM_NEWLINK` message describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkFacts {
    /// `ifi_index`.
    pub ifindex: u32,
    /// `IFLA_IFNAME`.
    pub name: String,
    /// `ifi_flags`: `IFF_PROMISC` here is the user bit only (the kernel masks it, see DESIGN.md §2).
    pub flags: u32,
    /// `ifi_type` (`ARPHRD_*`).
    pub arphrd: u16,
    /// `IFLA_ADDRESS`.
    pub address: Vec<u8>,
    /// `IFLA_PROMISCUITY`, the counter.
    pub promiscuity: u32,
    /// `IFLA_ALLMULTI`, when the kernel reports it.
    pub allmulti: Option<u32>,
    /// `IFLA_MASTER`: the master device in the same namespace.
    pub master: Option<u32>,
    /// `IFLA_LINK`: the lower device, in `link_netnsid`'s namespace when that is set.
    pub link: Option<u32>,
    /// `IFLA_LINK_NETNSID`: the namespace of the lower device, as this namespace numbers it.
    pub link_netnsid: Option<i32>,
    /// `IFLA_INFO_KIND`.
    pub kind: Option<String>,
    /// `IFLA_INFO_SLAVE_KIND`.
    pub slave_kind: Option<String>,
    /// `IFLA_INFO_DATA`, reduced.
    pub kind_data: KindData,
    /// `IFLA_INFO_SLAVE_DATA`, reduced.
    pub slave_data: SlaveData,
}

impl LinkFacts {
    /// The device is administratively up (`IFF_UP`).
    pub fn is_up(&self) -> bool {
        self.flags & IFF_UP != 0
    }
    /// The user bit (`gflags & IFF_PROMISC`), what `ip link` shows.
    pub fn user_flag(&self) -> bool {
        self.flags & IFF_PROMISC != 0
    }
    /// The real promiscuous state: the counter is above zero.
    pub fn is_promisc(&self) -> bool {
        self.promiscuity > 0
    }
    /// The link kind as shown to users: `IFLA_INFO_KIND`, or a name derived from the hardware type.
    pub fn kind_name(&self) -> String {
        match (&self.kind, self.arphrd) {
            (Some(k), _) => k.clone(),
            (None, ARPHRD_LOOPBACK) => "loopback".into(),
            (None, ARPHRD_ETHER) => "ethernet".into(),
            (None, t) => format!("arphrd-{t}"),
        }
    }
}

/// Formats a hardware address as lowercase hex with colons.
pub fn format_mac(addr: &[u8]) -> String {
    let mut s = String::with_capacity(addr.len() * 3);
    for (i, b) in addr.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}
