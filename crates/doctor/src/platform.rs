//! Which platform this guest runs on, from what it can read without the network (the rows of
//! PLATFORMS.md §3): DMI first, then the hypervisor signature as the kernel exposes it, then the
//! MAC's OUI, and the container markers beside them.
//!
//! The order matters: VirtualBox's Linux guests report the KVM signature by default (its KVM
//! paravirtualisation), so DMI's `innotek GmbH` must win over the kernel's `kvm-clock`; a cloud
//! is a refinement of the hypervisor under it (Azure of Hyper-V by its chassis asset tag, AWS of
//! Xen by its hypervisor UUID, OpenStack of QEMU by its product name). `promisc_app::doctor`
//! reads the [`Clues`]; [`recognise`] turns them into a [`Recognition`] with the evidence.

use serde::{Deserialize, Serialize};

use crate::oui::{oui_platform, vendor_of};

/// A platform the doctor recognises, or is told with `--platform`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Platform {
    /// Some VMware product; from inside a guest vSphere, Workstation and Fusion look alike.
    Vmware,
    /// VMware vSphere (ESXi standard or distributed switch).
    Vsphere,
    /// VMware Workstation on a Linux host.
    Workstation,
    /// VMware Fusion (macOS).
    Fusion,
    /// Oracle VirtualBox.
    Virtualbox,
    /// Microsoft Hyper-V.
    Hyperv,
    /// Microsoft Azure (Hyper-V underneath).
    Azure,
    /// QEMU/KVM, usually managed by libvirt.
    Kvm,
    /// Proxmox VE (QEMU/KVM with its own bridge and firewall).
    Proxmox,
    /// LXD or Incus (containers and VMs).
    Lxd,
    /// Xen, XenServer or XCP-ng.
    Xen,
    /// Amazon EC2.
    Aws,
    /// Google Compute Engine.
    Gcp,
    /// OpenStack (Nova; Neutron/OVN with port security).
    Openstack,
    /// No hypervisor: a physical machine (perhaps at a hoster).
    BareMetal,
    /// Nothing recognised.
    Unknown,
}

impl Platform {
    /// Every platform `--platform` accepts, in the order the fixes list them.
    pub const ALL: [Platform; 15] = [
        Platform::Vmware,
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
        Platform::Azure,
        Platform::Aws,
        Platform::Gcp,
        Platform::BareMetal,
    ];

    /// Its name on the command line and in JSON (`virtualbox`, `bare-metal`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Platform::Vmware => "vmware",
            Platform::Vsphere => "vsphere",
            Platform::Workstation => "workstation",
            Platform::Fusion => "fusion",
            Platform::Virtualbox => "virtualbox",
            Platform::Hyperv => "hyperv",
            Platform::Azure => "azure",
            Platform::Kvm => "kvm",
            Platform::Proxmox => "proxmox",
            Platform::Lxd => "lxd",
            Platform::Xen => "xen",
            Platform::Aws => "aws",
            Platform::Gcp => "gcp",
            Platform::Openstack => "openstack",
            Platform::BareMetal => "bare-metal",
            Platform::Unknown => "unknown",
        }
    }

    /// Its name for people.
    pub fn title(self) -> &'static str {
        match self {
            Platform::Vmware => "VMware",
            Platform::Vsphere => "VMware vSphere",
            Platform::Workstation => "VMware Workstation (Linux host)",
            Platform::Fusion => "VMware Fusion",
            Platform::Virtualbox => "VirtualBox",
            Platform::Hyperv => "Hyper-V",
            Platform::Azure => "Azure",
            Platform::Kvm => "QEMU/KVM (libvirt)",
            Platform::Proxmox => "Proxmox VE",
            Platform::Lxd => "LXD/Incus",
            Platform::Xen => "Xen (XenServer, XCP-ng)",
            Platform::Aws => "AWS EC2",
            Platform::Gcp => "Google Compute Engine",
            Platform::Openstack => "OpenStack",
            Platform::BareMetal => "bare metal",
            Platform::Unknown => "an unrecognised platform",
        }
    }

    /// The platform `name` names (also `libvirt` for [`Platform::Kvm`] and `incus` for
    /// [`Platform::Lxd`]); `None` for anything else.
    pub fn from_name(name: &str) -> Option<Platform> {
        let n = name.trim().to_ascii_lowercase();
        match n.as_str() {
            "libvirt" | "qemu" => return Some(Platform::Kvm),
            "incus" => return Some(Platform::Lxd),
            "baremetal" => return Some(Platform::BareMetal),
            _ => {}
        }
        Platform::ALL.into_iter().find(|p| p.name() == n)
    }

    /// The names `--platform` accepts, comma-separated (for error messages).
    pub fn names() -> String {
        Platform::ALL
            .iter()
            .map(|p| p.name())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A physical machine: a frame with a foreign source MAC leaves on a hoster's uplink,
    /// where it can get the server locked (PLATFORMS.md §1, last row).
    pub fn is_bare_metal(self) -> bool {
        self == Platform::BareMetal
    }

    /// A cloud whose network accepts no MAC but the one it issued, in either direction, and has
    /// no switch setting to change that (OpenStack: with port security, its default).
    pub fn is_cloud(self) -> bool {
        matches!(
            self,
            Platform::Azure | Platform::Aws | Platform::Gcp | Platform::Openstack
        )
    }
}

/// May the doctor send frames whose Ethernet source is not the interface's own MAC (the forged
/// and return-path probes, the MAC change)? Never on bare metal (a container's host included)
/// unless `--intrusive`.
pub fn foreign_source_allowed(recognition: &Recognition, intrusive: bool) -> bool {
    intrusive || !recognition.bare_metal
}

/// What a guest can read of its platform (each `None` when unreadable or absent).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Clues {
    /// `/sys/class/dmi/id/sys_vendor`.
    pub sys_vendor: Option<String>,
    /// `/sys/class/dmi/id/product_name`.
    pub product_name: Option<String>,
    /// `/sys/class/dmi/id/board_vendor`.
    pub board_vendor: Option<String>,
    /// `/sys/class/dmi/id/bios_vendor`.
    pub bios_vendor: Option<String>,
    /// `/sys/class/dmi/id/chassis_asset_tag`.
    pub chassis_asset_tag: Option<String>,
    /// `/sys/hypervisor/type` (`xen`).
    pub hypervisor_type: Option<String>,
    /// `/sys/hypervisor/uuid` (AWS's Xen instances: starts with `ec2`).
    pub hypervisor_uuid: Option<String>,
    /// The `hypervisor` flag of `/proc/cpuinfo` (CPUID leaf 1, ECX bit 31); `None` when the
    /// CPU lists no `flags` (not x86).
    pub cpu_hypervisor: Option<bool>,
    /// `/sys/devices/system/clocksource/clocksource0/available_clocksource`: the kernel
    /// registers `kvm-clock`, `hyperv_clocksource_*` or `xen` only when the CPUID hypervisor
    /// signature names that hypervisor.
    pub clocksources: Vec<String>,
    /// `/sys/bus/vmbus` exists (Hyper-V's VMBus, found through the `Microsoft Hv` signature).
    pub vmbus: bool,
    /// The interface's MAC.
    pub mac: String,
    /// `/.dockerenv` exists.
    pub dockerenv: bool,
    /// `/run/.containerenv` exists (Podman).
    pub containerenv: bool,
    /// `/run/systemd/container`.
    pub systemd_container: Option<String>,
    /// `container=` in PID 1's environment.
    pub pid1_container: Option<String>,
    /// `/proc/1/cgroup`.
    pub cgroup: Option<String>,
}

/// The platform, the container (if any) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recognition {
    /// The platform.
    #[serde(rename = "name")]
    pub platform: Platform,
    /// The container this runs in (`docker`, `podman`, `lxc`, ...), if any.
    pub container: Option<String>,
    /// The hardware underneath is physical: the platform is bare metal, or a container runs on
    /// a host whose DMI names a real board and whose CPU has no hypervisor flag. Frames with
    /// a foreign source would reach a hoster's uplink.
    pub bare_metal: bool,
    /// What was seen, clue by clue.
    pub evidence: Vec<String>,
}

impl Default for Recognition {
    fn default() -> Recognition {
        Recognition {
            platform: Platform::Unknown,
            container: None,
            bare_metal: false,
            evidence: Vec::new(),
        }
    }
}

/// The well-known value Azure puts in `chassis_asset_tag`.
pub const AZURE_ASSET_TAG: &str = "7783-7084-3265-9085-8269-3286-77";

fn has(v: &Option<String>, want: &str) -> bool {
    v.as_deref()
        .is_some_and(|s| s.trim().eq_ignore_ascii_case(want))
}

/// The platform DMI names, with the field that says so.
fn by_dmi(c: &Clues) -> Option<(Platform, String)> {
    let vendor = c.sys_vendor.as_deref().unwrap_or("").trim();
    let product = c.product_name.as_deref().unwrap_or("").trim();
    let said = |what: &str| format!("DMI {what}");
    let sv = || said(&format!("sys_vendor {vendor:?}"));
    let pn = || said(&format!("product_name {product:?}"));
    if has(&c.sys_vendor, "innotek GmbH") || has(&c.product_name, "VirtualBox") {
        return Some((Platform::Virtualbox, format!("{}, {}", sv(), pn())));
    }
    if vendor.starts_with("VMware") {
        return Some((Platform::Vmware, sv()));
    }
    if has(&c.sys_vendor, "Microsoft Corporation") && has(&c.product_name, "Virtual Machine") {
        if has(&c.chassis_asset_tag, AZURE_ASSET_TAG) {
            return Some((
                Platform::Azure,
                format!("{}, {}, chassis_asset_tag {AZURE_ASSET_TAG}", sv(), pn()),
            ));
        }
        return Some((Platform::Hyperv, format!("{}, {}", sv(), pn())));
    }
    if has(&c.sys_vendor, "Amazon EC2")
        || has(&c.board_vendor, "Amazon EC2")
        || has(&c.bios_vendor, "Amazon EC2")
    {
        return Some((Platform::Aws, said("vendor \"Amazon EC2\"")));
    }
    if has(&c.product_name, "Google Compute Engine") {
        return Some((Platform::Gcp, pn()));
    }
    if has(&c.product_name, "OpenStack Nova") || has(&c.product_name, "OpenStack Compute") {
        return Some((Platform::Openstack, pn()));
    }
    if has(&c.sys_vendor, "QEMU") || has(&c.board_vendor, "QEMU") {
        return Some((Platform::Kvm, sv()));
    }
    if has(&c.sys_vendor, "Xen") || has(&c.product_name, "HVM domU") {
        return Some((Platform::Xen, format!("{}, {}", sv(), pn())));
    }
    None
}

/// The hypervisor the kernel found through the CPUID signature, with the file that says so.
fn by_kernel(c: &Clues) -> Option<(Platform, String)> {
    if has(&c.hypervisor_type, "xen") {
        return Some((Platform::Xen, "/sys/hypervisor/type is xen".into()));
    }
    let clock = |name: &str| c.clocksources.iter().any(|s| s.starts_with(name));
    if clock("kvm-clock") {
        return Some((
            Platform::Kvm,
            "the kernel uses kvm-clock (CPUID signature KVMKVMKVM)".into(),
        ));
    }
    if clock("hyperv_clocksource") || c.vmbus {
        return Some((
            Platform::Hyperv,
            "the kernel found Hyper-V (VMBus or its clocksource; CPUID signature Microsoft Hv)"
                .into(),
        ));
    }
    if clock("xen") {
        return Some((Platform::Xen, "the kernel uses the xen clocksource".into()));
    }
    None
}

/// The container this runs in, with the marker that says so.
fn container(c: &Clues) -> Option<(String, String)> {
    let named = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(k) = named(&c.pid1_container) {
        return Some((k.clone(), format!("container={k} in PID 1's environment")));
    }
    if let Some(k) = named(&c.systemd_container) {
        return Some((k.clone(), format!("/run/systemd/container says {k}")));
    }
    if c.dockerenv {
        return Some(("docker".into(), "/.dockerenv exists".into()));
    }
    if c.containerenv {
        return Some(("podman".into(), "/run/.containerenv exists".into()));
    }
    let cg = c.cgroup.as_deref().unwrap_or("");
    for (needle, kind) in [
        ("/docker", "docker"),
        ("libpod", "podman"),
        ("/lxc", "lxc"),
        ("lxc.payload", "lxc"),
        ("kubepods", "kubernetes"),
    ] {
        if cg.lines().any(|l| l.contains(needle)) {
            return Some((kind.into(), format!("PID 1's cgroup names {needle}")));
        }
    }
    None
}

fn on_ec2(c: &Clues) -> bool {
    c.hypervisor_uuid
        .as_deref()
        .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("ec2"))
}

/// The platform of `clues` (or `forced`, from `--platform`), and the evidence.
pub fn recognise(clues: &Clues, forced: Option<Platform>) -> Recognition {
    let mut evidence = Vec::new();
    let ctr = container(clues);
    if let Some((_, why)) = &ctr {
        evidence.push(why.clone());
    }
    let lxc = ctr.as_ref().is_some_and(|(k, _)| k.starts_with("lxc"));
    let oui = oui_platform(&clues.mac);
    let oui_said = vendor_of(&clues.mac).map(|v| format!("MAC {} ({v} OUI)", clues.mac));
    // A real board and a CPU without the hypervisor flag: a physical machine, whatever a MAC
    // prefix says (a host may give its bridges a virtual-looking MAC).
    let physical = clues.sys_vendor.is_some() && clues.cpu_hypervisor == Some(false);
    let found = if let Some((p, why)) = by_dmi(clues).or_else(|| by_kernel(clues)) {
        evidence.push(why);
        match (p, oui) {
            // Proxmox and LXD/Incus VMs are QEMU to DMI and KVM to the kernel; VirtualBox's
            // Linux guests report the KVM signature: the MAC prefix tells them apart.
            (
                Platform::Kvm,
                Some(o @ (Platform::Proxmox | Platform::Lxd | Platform::Virtualbox)),
            ) => {
                evidence.extend(oui_said.clone());
                o
            }
            (Platform::Xen, _) if on_ec2(clues) => {
                evidence.push("/sys/hypervisor/uuid starts with ec2".into());
                Platform::Aws
            }
            _ => p,
        }
    } else if let (Some(o), false) = (oui, physical) {
        evidence.extend(oui_said.clone());
        // 00:16:3e is Xen's, and what LXD/Incus give their containers.
        if o == Platform::Lxd && !lxc {
            Platform::Xen
        } else {
            o
        }
    } else if clues.cpu_hypervisor == Some(true) {
        evidence.push("the CPU's hypervisor flag is set, but no known signature names it".into());
        Platform::Unknown
    } else if clues.sys_vendor.is_some() || clues.cpu_hypervisor == Some(false) {
        if let Some(v) = &clues.sys_vendor {
            let p = clues.product_name.as_deref().unwrap_or("").trim();
            evidence.push(format!(
                "DMI sys_vendor {:?}, product_name {p:?}: no hypervisor",
                v.trim()
            ));
        }
        if clues.cpu_hypervisor == Some(false) {
            evidence.push("no hypervisor flag in /proc/cpuinfo".into());
        }
        Platform::BareMetal
    } else {
        evidence.push("DMI unreadable and no hypervisor signature".into());
        Platform::Unknown
    };
    // An LXD/Incus container: lxc with LXD's MAC prefix.
    let found = if lxc && oui == Some(Platform::Lxd) {
        Platform::Lxd
    } else {
        found
    };
    if let Some(said) = oui_said {
        if !evidence.contains(&said) {
            evidence.push(said);
        }
    }
    let host_is_physical = physical && ctr.is_some() && !found.is_bare_metal();
    if host_is_physical {
        evidence
            .push("the container's host is bare metal (a real board, no hypervisor flag)".into());
    }
    let (platform, bare_metal) = match forced {
        Some(p) => {
            evidence.insert(
                0,
                format!("--platform {} (recognised: {})", p.name(), found.name()),
            );
            (p, p.is_bare_metal())
        }
        None => (found, found.is_bare_metal() || host_is_physical),
    };
    Recognition {
        platform,
        container: ctr.map(|(k, _)| k),
        bare_metal,
        evidence,
    }
}
