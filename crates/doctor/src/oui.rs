//! Virtual NIC vendors by MAC prefix (OUI).

/// The virtualization platform a MAC's OUI belongs to, if it is one of the well-known ones.
pub fn vendor_of(mac: &str) -> Option<&'static str> {
    let m = mac.to_ascii_lowercase();
    let prefix = m.get(..8)?;
    Some(match prefix {
        "00:50:56" | "00:0c:29" | "00:05:69" | "00:1c:14" => "VMware",
        "00:15:5d" => "Hyper-V",
        "52:54:00" => "QEMU/KVM",
        "08:00:27" => "VirtualBox",
        "00:16:3e" => "Xen",
        "02:42:ac" => "Docker",
        _ => return None,
    })
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
        assert_eq!(vendor_of("08:00:27:aa:bb:cc"), Some("VirtualBox"));
        assert_eq!(vendor_of("00:16:3e:00:00:01"), Some("Xen"));
        assert_eq!(vendor_of("02:00:00:00:00:01"), None);
        assert_eq!(vendor_of("00:50"), None);
    }
}
