//! Virtual NIC vendors by MAC prefix (OUI).

use crate::platform::Platform;

/// The virtualization platform a MAC's OUI belongs to, if it is one of the well-known ones.
pub fn vendor_of(mac: &str) -> Option<&'static str> {
    Some(match prefix(mac)?.as_str() {
        "00:50:56" | "00:0c:29" | "00:05:69" | "00:1c:14" => "VMware",
        "00:15:5d" => "Hyper-V",
        "52:54:00" => "QEMU/KVM",
        "bc:24:11" => "Proxmox",
        "08:00:27" => "VirtualBox",
        "00:16:3e" => "Xen or LXD/Incus",
        "02:42:ac" => "Docker",
        _ => return None,
    })
}

/// The platform a MAC's OUI points to: [`Platform::Lxd`] for 00:16:3e, which Xen uses too
/// (the caller tells them apart); `None` for Docker's prefix, which says nothing of the
/// platform under the container.
pub fn oui_platform(mac: &str) -> Option<Platform> {
    Some(match prefix(mac)?.as_str() {
        "00:50:56" | "00:0c:29" | "00:05:69" | "00:1c:14" => Platform::Vmware,
        "00:15:5d" => Platform::Hyperv,
        "52:54:00" => Platform::Kvm,
        "bc:24:11" => Platform::Proxmox,
        "08:00:27" => Platform::Virtualbox,
        "00:16:3e" => Platform::Lxd,
        _ => return None,
    })
}

fn prefix(mac: &str) -> Option<String> {
    Some(mac.get(..8)?.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_prefixes() {
        assert_eq!(vendor_of("00:0C:29:00:00:02"), Some("VMware"));
        assert_eq!(vendor_of("00:50:56:c0:00:01"), Some("VMware"));
        assert_eq!(vendor_of("00:15:5d:01:02:03"), Some("Hyper-V"));
        assert_eq!(vendor_of("52:54:00:12:34:56"), Some("QEMU/KVM"));
        assert_eq!(vendor_of("BC:24:11:12:34:56"), Some("Proxmox"));
        assert_eq!(vendor_of("08:00:27:aa:bb:cc"), Some("VirtualBox"));
        assert_eq!(vendor_of("00:16:3e:00:00:01"), Some("Xen or LXD/Incus"));
        assert_eq!(vendor_of("02:00:00:00:00:01"), None);
        assert_eq!(vendor_of("00:50"), None);
        assert_eq!(oui_platform("bc:24:11:00:00:01"), Some(Platform::Proxmox));
        assert_eq!(oui_platform("00:16:3E:00:00:01"), Some(Platform::Lxd));
        assert_eq!(oui_platform("02:42:ac:11:00:02"), None);
        assert_eq!(oui_platform("00:50"), None);
    }
}
