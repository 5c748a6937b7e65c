//! The fix of each policy, in the words of each platform.

/// A platform whose words a fix uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// VMware vSphere (ESXi standard or distributed switch).
    Vsphere,
    /// VMware Workstation on a Linux host.
    Workstation,
    /// Microsoft Hyper-V.
    HyperV,
    /// libvirt (KVM/QEMU).
    Libvirt,
    /// Proxmox VE.
    Proxmox,
}

impl Platform {
    /// Every platform, in the order the fixes list them.
    pub const ALL: [Platform; 5] = [
        Platform::Vsphere,
        Platform::Workstation,
        Platform::HyperV,
        Platform::Libvirt,
        Platform::Proxmox,
    ];

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Platform::Vsphere => "VMware vSphere",
            Platform::Workstation => "VMware Workstation (Linux host)",
            Platform::HyperV => "Hyper-V",
            Platform::Libvirt => "libvirt",
            Platform::Proxmox => "Proxmox VE",
        }
    }
}

/// What to change on `platform` so that `policy` (`promiscuous`, `forged_transmits`,
/// `mac_changes`) accepts.
pub fn fix_for(policy: &str, platform: Platform) -> &'static str {
    match (policy, platform) {
        ("promiscuous", Platform::Vsphere) => "port group (or vSwitch) > Security > Promiscuous mode: Accept; or turn on MAC learning on a distributed switch 6.6.0+ (with Forged transmits accepted)",
        ("promiscuous", Platform::Workstation) => "give the user running the VM read and write on /dev/vmnetN: a group (chgrp vmnetusers /dev/vmnet0; chmod g+rw /dev/vmnet0) and a udev rule so that it survives reboots, rather than chmod a+rw",
        ("promiscuous", Platform::HyperV) => "Set-VMNetworkAdapter -VMName <VM> -MacAddressSpoofing On",
        ("promiscuous", Platform::Libvirt) => "trustGuestRxFilters='yes' on the <interface> (macvtap), or a Linux bridge instead of macvtap",
        ("promiscuous", Platform::Proxmox) => "turn off the MAC filter of the VM's NIC (Firewall > Options: MAC filter = No), and check the host bridge",
        ("forged_transmits", Platform::Vsphere) => "port group (or vSwitch) > Security > Forged transmits: Accept",
        ("forged_transmits", Platform::Workstation) => "Workstation does not filter source MACs: look at the host's bridge or firewall",
        ("forged_transmits", Platform::HyperV) => "Set-VMNetworkAdapter -VMName <VM> -MacAddressSpoofing On",
        ("forged_transmits", Platform::Libvirt) => "remove the no-mac-spoofing (or clean-traffic) nwfilter from the <interface>",
        ("forged_transmits", Platform::Proxmox) => "turn off the MAC filter of the VM's NIC (Firewall > Options: MAC filter = No)",
        ("mac_changes", Platform::Vsphere) => "port group (or vSwitch) > Security > MAC address changes: Accept",
        ("mac_changes", Platform::Workstation) => "Workstation accepts MAC changes: check the .vmx's ethernet0.address",
        ("mac_changes", Platform::HyperV) => "Set-VMNetworkAdapter -VMName <VM> -MacAddressSpoofing On",
        ("mac_changes", Platform::Libvirt) => "remove the no-mac-spoofing nwfilter, or set the new MAC in the domain's <mac address=...>",
        ("mac_changes", Platform::Proxmox) => "set the new MAC in the VM's network device, or turn off its MAC filter",
        _ => "",
    }
}

/// The fix of `policy` on every platform, one line each.
pub fn all_fixes(policy: &str) -> String {
    Platform::ALL
        .iter()
        .map(|p| format!("{}: {}", p.name(), fix_for(policy, *p)))
        .collect::<Vec<_>>()
        .join("; ")
}
