//! What a guest reads of its platform, for [`promisc_doctor::recognise`]: DMI, the kernel's view
//! of the CPUID hypervisor signature (`/sys/hypervisor`, the CPU's `hypervisor` flag, the
//! clocksources the kernel registered, Hyper-V's VMBus) and the container markers. Nothing
//! needs the network or privileges beyond root's (PID 1's environment).

use std::path::Path;

use promisc_doctor::Clues;

/// A file's trimmed contents; `None` when unreadable or empty.
fn value(root: &Path, rel: &str) -> Option<String> {
    std::fs::read_to_string(root.join(rel))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Reads the clues under `root` (`/` for this machine; tests give a recorded tree), for the
/// interface whose MAC is `mac`.
pub fn read_clues(root: &Path, mac: &str) -> Clues {
    let dmi = |field: &str| value(root, &format!("sys/class/dmi/id/{field}"));
    let cpuinfo = std::fs::read_to_string(root.join("proc/cpuinfo")).unwrap_or_default();
    let cpu_hypervisor = cpuinfo
        .lines()
        .find(|l| l.starts_with("flags"))
        .map(|l| l.split_whitespace().any(|f| f == "hypervisor"));
    let pid1_container = std::fs::read(root.join("proc/1/environ"))
        .ok()
        .and_then(|env| {
            env.split(|b| *b == 0)
                .find_map(|kv| kv.strip_prefix(b"container="))
                .map(|v| String::from_utf8_lossy(v).into_owned())
        });
    Clues {
        sys_vendor: dmi("sys_vendor"),
        product_name: dmi("product_name"),
        board_vendor: dmi("board_vendor"),
        bios_vendor: dmi("bios_vendor"),
        chassis_asset_tag: dmi("chassis_asset_tag"),
        hypervisor_type: value(root, "sys/hypervisor/type"),
        hypervisor_uuid: value(root, "sys/hypervisor/uuid"),
        cpu_hypervisor,
        clocksources: value(
            root,
            "sys/devices/system/clocksource/clocksource0/available_clocksource",
        )
        .map(|s| s.split_whitespace().map(String::from).collect())
        .unwrap_or_default(),
        vmbus: root.join("sys/bus/vmbus").exists(),
        mac: mac.to_string(),
        dockerenv: root.join(".dockerenv").exists(),
        containerenv: root.join("run/.containerenv").exists(),
        systemd_container: value(root, "run/systemd/container"),
        pid1_container,
        cgroup: value(root, "proc/1/cgroup"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use promisc_doctor::{recognise, Platform};

    /// A recorded tree under the temporary directory, removed on drop.
    struct Tree(std::path::PathBuf);

    impl Tree {
        fn new(name: &str, files: &[(&str, &[u8])]) -> Tree {
            let root =
                std::env::temp_dir().join(format!("promisc-clues-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            for (rel, body) in files {
                let p = root.join(rel);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, body).unwrap();
            }
            std::fs::create_dir_all(&root).unwrap();
            Tree(root)
        }
    }

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn a_virtualbox_guest_in_a_docker_container() {
        let t = Tree::new(
            "vbox",
            &[
                ("sys/class/dmi/id/sys_vendor", b"innotek GmbH\n"),
                ("sys/class/dmi/id/product_name", b"VirtualBox\n"),
                ("sys/class/dmi/id/board_vendor", b"Oracle Corporation\n"),
                ("sys/class/dmi/id/chassis_asset_tag", b"\n"),
                (
                    "proc/cpuinfo",
                    b"processor\t: 0\nflags\t\t: fpu vme hypervisor lahf_lm\n\nprocessor\t: 1\n",
                ),
                (
                    "sys/devices/system/clocksource/clocksource0/available_clocksource",
                    b"kvm-clock tsc acpi_pm \n",
                ),
                ("proc/1/environ", b"PATH=/bin\0container=docker\0HOME=/\0"),
                (".dockerenv", b""),
            ],
        );
        let c = read_clues(&t.0, "08:00:27:00:00:01");
        assert_eq!(c.sys_vendor.as_deref(), Some("innotek GmbH"));
        assert_eq!(c.board_vendor.as_deref(), Some("Oracle Corporation"));
        assert_eq!(c.chassis_asset_tag, None, "empty is absent");
        assert_eq!(c.cpu_hypervisor, Some(true));
        assert_eq!(c.clocksources, ["kvm-clock", "tsc", "acpi_pm"]);
        assert_eq!(c.pid1_container.as_deref(), Some("docker"));
        assert!(c.dockerenv && !c.containerenv && !c.vmbus);
        let r = recognise(&c, None);
        assert_eq!(r.platform, Platform::Virtualbox, "{r:?}");
        assert_eq!(r.container.as_deref(), Some("docker"));
    }

    #[test]
    fn a_physical_machine_and_an_empty_tree() {
        let t = Tree::new(
            "metal",
            &[
                ("sys/class/dmi/id/sys_vendor", b"Dell Inc.\n"),
                (
                    "proc/cpuinfo",
                    b"processor\t: 0\nflags\t\t: fpu vme lahf_lm\n",
                ),
                ("sys/hypervisor/type", b"\n"),
            ],
        );
        let c = read_clues(&t.0, "3c:ec:ef:00:00:01");
        assert_eq!(
            (c.cpu_hypervisor, c.hypervisor_type.clone()),
            (Some(false), None)
        );
        assert_eq!(recognise(&c, None).platform, Platform::BareMetal);
        let empty = Tree::new("empty", &[]);
        let c = read_clues(&empty.0, "02:00:00:00:00:01");
        assert_eq!(c.cpu_hypervisor, None);
        assert_eq!(c.sys_vendor, None);
        assert_eq!(recognise(&c, None).platform, Platform::Unknown);
    }
}
