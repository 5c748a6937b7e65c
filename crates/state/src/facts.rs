//! Plain facts read from the kernel, the input of the attribution.
//!
//! Nothing here performs I/O: `promisc-sys` fills these structures from rtnetlink, sock_diag and
//! `/proc`, and tests fill them by hand with recorded values.

use std::collections::HashMap;

/// `IFF_UP` from `<linux/if.h>`.
pub const IFF_UP: u32 = 0x1;
/// `IFF_PROMISC` from `<linux/if.h>`.
pub const IFF_PROMISC: u32 = 0x100;
/// `ARPHRD_LOOPBACK` from `<linux/if_arp.h>`.
pub const ARPHRD_LOOPBACK: u16 = 772;
/// `ARPHRD_ETHER` from `<linux/if_arp.h>`.
pub const ARPHRD_ETHER: u16 = 1;

/// `MACVLAN_MODE_PASSTHRU` from `<linux/if_link.h>`.
pub const MACVLAN_MODE_PASSTHRU: u32 = 8;
/// `MACVLAN_FLAG_NOPROMISC` from `<linux/if_link.h>`.
pub const MACVLAN_FLAG_NOPROMISC: u16 = 1;
/// `PACKET_MR_PROMISC` from `<linux/if_packet.h>`.
pub const PACKET_MR_PROMISC: u16 = 1;
/// `PACKET_MR_ALLMULTI` from `<linux/if_packet.h>`.
pub const PACKET_MR_ALLMULTI: u16 = 2;

/// Bonding modes in which only the active slave follows the bond's promiscuity
/// (`BOND_USES_PRIMARY`: active-backup, balance-tlb, balance-alb).
pub const BOND_MODES_USING_PRIMARY: [u8; 3] = [1, 5, 6];

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

/// One `packet_diag_mclist` entry: a membership a packet socket holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Membership {
    /// `pdmc_index`: the device the membership is on (independent of the socket's binding).
    pub ifindex: u32,
    /// `pdmc_type`: `PACKET_MR_*`.
    pub mr_type: u16,
    /// `pdmc_count`: how many times it was added (it still holds the counter once).
    pub count: u32,
}

/// One AF_PACKET socket as `packet_diag` reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacketSocketFacts {
    /// The socket inode (`socket:[INODE]` in `/proc/PID/fd`).
    pub inode: u64,
    /// `PACKET_DIAG_UID`: the socket owner's uid.
    pub uid: Option<u32>,
    /// `PACKET_DIAG_INFO` `pdi_index`: the bound device, 0 for none.
    pub bound_ifindex: u32,
    /// `PACKET_DIAG_MCLIST`.
    pub memberships: Vec<Membership>,
}

/// A process that has a socket open.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct ProcessFacts {
    /// Process id.
    pub pid: u32,
    /// `/proc/PID/comm`.
    pub comm: String,
    /// Effective uid from `/proc/PID/status`.
    pub uid: u32,
}

/// One address of a device's own unicast list, from an `RTM_GETNEIGH` `AF_BRIDGE` dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnicastAddress {
    /// The device whose list holds the address.
    pub ifindex: u32,
    /// The hardware address.
    pub address: Vec<u8>,
}

/// Everything read from one network namespace.
#[derive(Debug, Clone, Default)]
pub struct NetnsFacts {
    /// The namespace's inode number (`/proc/PID/ns/net`), its identity.
    pub inode: u64,
    /// A name for people: the `/run/netns` name, `default`, or `pid:N`.
    pub name: String,
    /// Every link of the namespace.
    pub links: Vec<LinkFacts>,
    /// Every packet socket of the namespace.
    pub sockets: Vec<PacketSocketFacts>,
    /// `self permanent` unicast addresses of the namespace's devices, when they were read.
    /// `None` means not read: uc_promisc is then never inferred.
    pub unicast: Option<Vec<UnicastAddress>>,
    /// Netns ids as this namespace numbers others (`RTM_GETNSID`): id to namespace inode.
    pub nsids: HashMap<i32, u64>,
}

/// The facts of every namespace that was read, and who owns which socket.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// The namespaces read.
    pub namespaces: Vec<NetnsFacts>,
    /// Socket inode to the processes that have it open (from `/proc/*/fd`).
    pub owners: HashMap<u64, Vec<ProcessFacts>>,
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
