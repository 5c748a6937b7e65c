//! Constants of the kernel's uapi headers that the facts and their attribution use.

/// `IFF_UP` from `<linux/if.h>`.
pub const IFF_UP: u32 = 0x1;
/// `IFF_PROMISC` from `<linux/if.h>`.
pub const IFF_PROMISC: u32 = 0x100;
/// `IFF_RUNNING` from `<linux/if.h>`: the operational state is up (RFC 2863).
pub const IFF_RUNNING: u32 = 0x40;
/// `IFF_LOWER_UP` from `<linux/if.h>`: the driver signals carrier.
pub const IFF_LOWER_UP: u32 = 0x1_0000;
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

/// `struct virtio_net_hdr` from `<linux/virtio_net.h>`, as `PACKET_VNET_HDR` puts it in front
/// of a frame (little-endian fields on the hosts promisc runs on).
pub mod virtio_net_hdr {
    /// Its size.
    pub const LEN: usize = 10;
    /// `flags` (u8).
    pub const FLAGS: usize = 0;
    /// `hdr_len` (u16): the length of the headers to repeat in each GSO segment.
    pub const HDR_LEN: usize = 2;
    /// `csum_start` (u16): where the checksum to complete starts, from the frame's start.
    pub const CSUM_START: usize = 6;
    /// `VIRTIO_NET_HDR_F_NEEDS_CSUM` in `flags`.
    pub const F_NEEDS_CSUM: u8 = 1;
}
