//! The fix of each policy, in the words of each platform (PLATFORMS.md §2), the detected
//! platform's first.

use crate::platform::Platform;

/// The platforms whose words a fix lists after the detected one's: those with a setting to
/// change (the clouds and bare metal have none, and are named only when detected).
const OTHERS: [Platform; 10] = [
    Platform::Vsphere,
    Platform::Workstation,
    Platform::Fusion,
    Platform::Virtualbox,
    Platform::Hyperv,
    Platform::Kvm,
    Platform::Proxmox,
    Platform::Lxd,
    Platform::Xen,
    Platform::Openstack,
];

/// Whose words `platform`'s fix is in: VMware's are vSphere's, Workstation's and Fusion's
/// (a guest cannot tell them apart); nothing for an unrecognised platform.
fn words_of(platform: Platform) -> &'static [Platform] {
    match platform {
        Platform::Vmware => &[Platform::Vsphere, Platform::Workstation, Platform::Fusion],
        Platform::Unknown => &[],
        Platform::Vsphere => &[Platform::Vsphere],
        Platform::Workstation => &[Platform::Workstation],
        Platform::Fusion => &[Platform::Fusion],
        Platform::Virtualbox => &[Platform::Virtualbox],
        Platform::Hyperv => &[Platform::Hyperv],
        Platform::Azure => &[Platform::Azure],
        Platform::Kvm => &[Platform::Kvm],
        Platform::Proxmox => &[Platform::Proxmox],
        Platform::Lxd => &[Platform::Lxd],
        Platform::Xen => &[Platform::Xen],
        Platform::Aws => &[Platform::Aws],
        Platform::Gcp => &[Platform::Gcp],
        Platform::Openstack => &[Platform::Openstack],
        Platform::BareMetal => &[Platform::BareMetal],
    }
}

/// How nested networking works where no switch setting allows foreign MACs: the routed or NAT
/// design of that cloud (and ipvlan for containers); `None` elsewhere.
pub fn routed_design(platform: Platform) -> Option<&'static str> {
    Some(match platform {
        Platform::Azure => "no switch toggle exists: NAT in the guest, or routing: IP forwarding on the NIC (az network nic update --ip-forwarding true) and a user-defined route sending the nested network to this VM; ipvlan (which shares this NIC's MAC) for containers",
        Platform::Aws => "no switch toggle exists: NAT in the guest, or routing: source/destination check off on the instance (aws ec2 modify-instance-attribute --no-source-dest-check) and a VPC route sending the nested network to it; ipvlan (which shares this NIC's MAC) for containers",
        Platform::Gcp => "no switch toggle exists: NAT in the guest, or routing: can_ip_forward on the instance and a route sending the nested network to it, or an alias IP range; ipvlan (which shares this NIC's MAC) for containers",
        Platform::Openstack => "with port security (the default) no frame of a MAC the port does not own passes: openstack port set --allowed-address mac-address=<nested MAC>,ip-address=<IP> <port>, or port security off; without either, NAT or routing in the guest, and ipvlan (which shares this NIC's MAC) for containers",
        Platform::BareMetal => "only MACs the hoster issued are accepted on its uplink: a MAC issued by the hoster per additional IP (a virtual MAC at Hetzner or OVH), else routing or NAT, and ipvlan (which shares this NIC's MAC) for containers",
        _ => return None,
    })
}

/// What to change on `platform` so that `policy` (`promiscuous`, `forged_transmits`,
/// `mac_changes`, `mac_learning`) accepts; empty for [`Platform::Vmware`] and [`Platform::Unknown`], whose
/// words are other platforms'.
pub fn fix_for(policy: &str, platform: Platform) -> &'static str {
    if let Some(design) = routed_design(platform) {
        return design;
    }
    match (policy, platform) {
        ("promiscuous", Platform::Vsphere) => "port group (or vSwitch) > Security > Promiscuous mode: Accept; or turn on MAC learning on a distributed switch 6.6.0+ (with Forged transmits accepted)",
        ("promiscuous", Platform::Workstation) => "give the user running the VM read and write on /dev/vmnetN: a group (chgrp vmnetusers /dev/vmnet0; chmod g+rw /dev/vmnet0) and a udev rule so that it survives reboots, rather than chmod a+rw",
        ("promiscuous", Platform::Fusion) => "sudo touch \"/Library/Preferences/VMware Fusion/promiscAuthorized\" (else each promiscuous request asks for an administrator)",
        ("promiscuous", Platform::Virtualbox) => "VBoxManage modifyvm \"<VM>\" --nic-promisc<N> allow-all (running VM: VBoxManage controlvm \"<VM>\" nicpromisc<N> allow-all); bridged over Wi-Fi no second MAC ever works: a wired NIC, or NAT/routing in the guest",
        ("promiscuous", Platform::Hyperv) => "Set-VMNetworkAdapter -VMName <VM> -MacAddressSpoofing On (the switch then learns the nested MACs); a nested hypervisor also needs Set-VMProcessor -VMName <VM> -ExposeVirtualizationExtensions $true",
        ("promiscuous", Platform::Kvm) => "a Linux bridge (<interface type='bridge'>) instead of macvtap, or macvtap mode='passthrough'; on the bridge, macTableManager='kernel' (learning and flooding on)",
        ("promiscuous", Platform::Proxmox) => "remove bridge-disable-mac-learning 1 from the bridge in /etc/network/interfaces, and turn off the MAC filter of the VM's NIC (macfilter: 0 in /etc/pve/firewall/<vmid>.fw, Firewall > Options: MAC filter = No)",
        ("promiscuous", Platform::Lxd) => "a bridged NIC instead of macvlan, and security.mac_filtering=false on it; on an OVN network security.promiscuous=true",
        ("promiscuous", Platform::Xen) => "xe vif-param-set uuid=<vif> locking-mode=unlocked (the VIF's bridge then learns the nested MACs)",
        ("forged_transmits", Platform::Vsphere) => "port group (or vSwitch) > Security > Forged transmits: Accept",
        ("forged_transmits", Platform::Workstation) => "Workstation does not filter source MACs: look at the host's bridge or firewall",
        ("forged_transmits", Platform::Fusion) => "Fusion does not filter source MACs: look at the host's firewall",
        ("forged_transmits", Platform::Virtualbox) => "VirtualBox does not check source MACs (bridged over Wi-Fi it rewrites them to the host's: use a wired NIC, or NAT/routing in the guest)",
        ("forged_transmits", Platform::Hyperv) => "Set-VMNetworkAdapter -VMName <VM> -MacAddressSpoofing On",
        ("forged_transmits", Platform::Kvm) => "remove the no-mac-spoofing (or clean-traffic) nwfilter filterref from the <interface>",
        ("forged_transmits", Platform::Proxmox) => "turn off the MAC filter of the VM's NIC: macfilter: 0 in /etc/pve/firewall/<vmid>.fw (Firewall > Options: MAC filter = No), or firewall=0 on the NIC",
        ("forged_transmits", Platform::Lxd) => "security.mac_filtering=false on the instance's NIC",
        ("forged_transmits", Platform::Xen) => "xe vif-param-set uuid=<vif> locking-mode=unlocked",
        ("mac_learning", Platform::Kvm) => "macTableManager='kernel' on the libvirt network (or no macTableManager: learning and flooding on at the guest's port; by hand: bridge link set dev <vnetN> learning on flood on); a guest on macvtap (<interface type='direct'>) needs a Linux bridge instead, or mode='passthrough'",
        ("mac_learning", Platform::Proxmox) => "remove bridge-disable-mac-learning 1 from the bridge in /etc/network/interfaces and ifreload -a (learning and flooding on at the VM's tap)",
        ("mac_learning", Platform::Lxd) => "learning and flooding on at the instance's port of the bridge (bridge link set dev <vethN> learning on flood on); a bridged NIC instead of macvlan",
        ("mac_learning", Platform::Xen) => "learning and flooding on at the VIF's port of the bridge (bridge link set dev <vifN.M> learning on flood on)",
        ("mac_changes", Platform::Vsphere) => "port group (or vSwitch) > Security > MAC address changes: Accept",
        ("mac_changes", Platform::Workstation) => "Workstation accepts MAC changes: check the .vmx's ethernet0.address",
        ("mac_changes", Platform::Fusion) => "Fusion accepts MAC changes: check the .vmx's ethernet0.address",
        ("mac_changes", Platform::Virtualbox) => "the switch keeps the configured MAC until the VM is powered on again: set it with VBoxManage modifyvm \"<VM>\" --macaddress<N> <MAC>, or --nic-promisc<N> allow-all",
        ("mac_changes", Platform::Hyperv) => "Set-VMNetworkAdapter -VMName <VM> -MacAddressSpoofing On",
        ("mac_changes", Platform::Kvm) => "remove the no-mac-spoofing nwfilter, or set the new MAC in the domain's <mac address=...>",
        ("mac_changes", Platform::Proxmox) => "set the new MAC in the VM's network device, or turn off its MAC filter (macfilter: 0)",
        ("mac_changes", Platform::Lxd) => "set the new MAC as the NIC's hwaddr, or security.mac_filtering=false",
        ("mac_changes", Platform::Xen) => "xe vif-param-set uuid=<vif> locking-mode=unlocked",
        _ => "",
    }
}

/// The fix of `policy`, one `platform: words` per platform: `detected`'s first, then every
/// other platform with a setting to change.
pub fn fixes(policy: &str, detected: Platform) -> String {
    let first = words_of(detected);
    first
        .iter()
        .chain(OTHERS.iter().filter(|p| !first.contains(p)))
        .filter_map(|p| {
            let words = fix_for(policy, *p);
            (!words.is_empty()).then(|| format!("{}: {words}", p.title()))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
