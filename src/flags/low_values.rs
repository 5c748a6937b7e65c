//! The value enums of `capture` and `read`'s flags (`-Q`, `--time-stamp-precision`,
//! `--format`), of `status --color` and of `lab`'s (the topologies and port-group profiles),
//! and the parser of durations.

use std::time::Duration;

/// `-Q`: which direction to capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DirectionArg {
    /// Received packets only.
    In,
    /// Sent packets only.
    Out,
    /// Both.
    #[default]
    Inout,
}

/// `--time-stamp-precision`: microseconds or nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrecisionArg {
    /// Microseconds (the default).
    Micro,
    /// Nanoseconds (as --nano).
    Nano,
}

/// `--format`: the savefile format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Classic pcap (one interface).
    Pcap,
    /// pcapng (several interfaces, statistics).
    Pcapng,
}

impl From<FormatArg> for promisc_savefile::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Pcap => promisc_savefile::Format::Pcap,
            FormatArg::Pcapng => promisc_savefile::Format::PcapNg,
        }
    }
}

/// When `status` colours its table (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set and not empty.
    Auto,
    /// Always, even into a pipe and whatever NO_COLOR says.
    Always,
    /// Never.
    Never,
}

/// A duration as the flags take it: seconds (`1.5`) or humantime's units (`500ms`, `30s`,
/// `5m`, `1h30m`).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    if let Ok(secs) = s.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Ok(Duration::from_secs_f64(secs));
        }
    }
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 30s, 5m, 1h30m, 500ms)"))
}

/// A lab topology.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TopologyArg {
    /// A nested ESXi on VMware Workstation whose inner VM has no network.
    Nested,
    /// A VM running a container whose NIC is a macvlan on the VM's vNIC.
    Macvlan,
}

/// A port-group profile.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ProfileArg {
    /// vSphere 7+: promiscuous, MAC changes and forged transmits all rejected.
    Vsphere7,
    /// vSphere before 7: promiscuous rejected, MAC changes and forged transmits accepted.
    Vsphere6,
    /// VMware Workstation on Linux: promiscuous only if the VM user can read and write vmnet.
    Workstation,
    /// Everything accepted.
    Open,
    /// VirtualBox --nic-promisc deny (its default): promiscuous requests refused.
    VirtualboxDeny,
    /// VirtualBox --nic-promisc allow-vms: copies of the VMs' traffic only.
    VirtualboxAllowVms,
    /// VirtualBox --nic-promisc allow-all: copies of everything.
    VirtualboxAllowAll,
    /// Hyper-V, MacAddressSpoofing Off (its default): foreign sources dropped.
    Hyperv,
    /// Hyper-V, MacAddressSpoofing On: foreign sources leave and are learned on the port.
    HypervSpoofing,
    /// A cloud VPC: no foreign MAC either way, no broadcast.
    Cloud,
    /// The kernel's Linux bridge with its defaults (KVM/libvirt, Proxmox, LXD), not our switch.
    KvmBridge,
    /// The kernel's bridge, learning and flooding off at the guests' ports, static FDB entries
    /// (libvirt macTableManager='libvirt', Proxmox bridge-disable-mac-learning).
    KvmStatic,
    /// The kernel's bridge with an nftables filter dropping foreign sources from the guests
    /// (Proxmox firewall macfilter, libvirt no-mac-spoofing, LXD security.mac_filtering).
    ProxmoxMacfilter,
    /// No bridge: the guests' NICs are macvlans (bridge mode) on the host's NIC, as libvirt's
    /// macvtap (type='direct'): host and guests cannot reach each other.
    KvmMacvtap,
}
