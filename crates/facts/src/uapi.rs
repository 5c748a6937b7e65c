//! Constants of the kernel's uapi headers that the facts and their attribution use.

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
