//! Naming the guest behind a port: from the port's name (libvirt's `vnetN`, Proxmox's
//! `tapVMIDiN`, Xen's `vifD.N`), from the process that has the tap open (QEMU's `-name`),
//! from libvirt's state files, and from the cgroup of a process in a container's network
//! namespace (LXD/Incus/LXC, Docker, Podman, systemd-nspawn, Kubernetes).

use serde::{Deserialize, Serialize};

/// Who is behind a port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guest {
    /// The platform: `libvirt`, `proxmox`, `lxd` (LXD, Incus or LXC), `docker`, `podman`,
    /// `nspawn`, `kubernetes`, `xen`, `qemu`, `workstation` or `linux`.
    pub platform: String,
    /// Its name there (domain, VM id, container name or id); empty when unknown.
    pub name: String,
    /// How it was found, in a few words.
    pub how: String,
}

impl Guest {
    fn new(platform: &str, name: impl Into<String>, how: impl Into<String>) -> Guest {
        Guest {
            platform: platform.into(),
            name: name.into(),
            how: how.into(),
        }
    }

    /// `libvirt domain web1`, `Proxmox VM 100`, ...: for sentences.
    pub fn describe(&self) -> String {
        let what = match self.platform.as_str() {
            "libvirt" => "libvirt domain",
            "proxmox" => "Proxmox guest",
            "lxd" => "LXD/Incus/LXC container",
            "docker" => "Docker container",
            "podman" => "Podman container",
            "nspawn" => "systemd-nspawn container",
            "kubernetes" => "Kubernetes pod",
            "xen" => "Xen domain",
            "qemu" => "QEMU VM",
            "workstation" => "VMware Workstation VM",
            _ => "guest",
        };
        if self.name.is_empty() {
            what.to_string()
        } else {
            format!("{what} {}", self.name)
        }
    }
}

/// The digits at the start of `s` and the rest.
fn digits(s: &str) -> Option<(&str, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0).then(|| s.split_at(n))
}

/// What a port's name alone says: `vnetN` (libvirt), `tapVMIDiN` / `vethVMIDiN` /
/// `fwlnVMIDiN` / `fwprVMIDpN` (Proxmox VM, container, firewall bridge link), `vifD.N` (Xen).
pub fn from_port_name(name: &str) -> Option<Guest> {
    let proxmox = |prefix: &str, sep: char, what: &str| {
        let (id, rest) = digits(name.strip_prefix(prefix)?)?;
        let n = rest.strip_prefix(sep)?;
        (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Guest::new("proxmox", id, format!("{what} {id}, from the port name")))
    };
    if let Some(g) = proxmox("tap", 'i', "VM")
        .or_else(|| proxmox("veth", 'i', "container"))
        .or_else(|| proxmox("fwln", 'i', "firewall link of guest"))
        .or_else(|| proxmox("fwpr", 'p', "firewall link of guest"))
    {
        return Some(g);
    }
    if let Some((_, "")) = name.strip_prefix("vnet").and_then(digits) {
        return Some(Guest::new("libvirt", "", "libvirt names its taps vnetN"));
    }
    if let Some((dom, rest)) = name.strip_prefix("vif").and_then(digits) {
        if rest.strip_prefix('.').and_then(digits).is_some() {
            return Some(Guest::new("xen", dom, "Xen names its VIFs vifDOMID.N"));
        }
    }
    None
}

/// The VM name in QEMU's arguments: `-name guest=NAME,...` (libvirt) or `-name NAME[,...]`.
pub fn from_qemu_args(args: &[String]) -> Option<String> {
    let at = args.iter().position(|a| a == "-name")?;
    let v = args.get(at + 1)?;
    let v = v.strip_prefix("guest=").unwrap_or(v);
    let name = v.split(',').next().unwrap_or_default();
    (!name.is_empty()).then(|| name.to_string())
}

/// Undoes systemd's `\xNN` escapes in a unit name (`machine-qemu\x2d1\x2dweb.scope`).
fn unescape_unit(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\\x") {
        out.push_str(&rest[..i]);
        let hex = rest
            .get(i + 2..i + 4)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b as char);
                rest = &rest[i + 4..];
            }
            None => {
                out.push_str("\\x");
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The container (or VM) a process belongs to, from its `/proc/PID/cgroup` text: a libvirt
/// domain's or systemd-nspawn machine's scope, else the container or pod that
/// [`promisc_facts::cgroup::Context`] reads there (the one reading of cgroup paths that
/// `promisc status` shares).
pub fn from_cgroup(text: &str) -> Option<Guest> {
    let path = promisc_facts::cgroup::cgroup_path(text)?;
    let how = format!("cgroup {path}");
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(name) = seg
            .strip_prefix("systemd-nspawn@")
            .and_then(|s| s.strip_suffix(".service"))
        {
            return Some(Guest::new("nspawn", unescape_unit(name), how));
        }
        if let Some(m) = seg
            .strip_prefix("machine-")
            .and_then(|s| s.strip_suffix(".scope"))
        {
            let m = unescape_unit(m);
            // libvirt's QEMU domains: machine-qemu-ID-NAME.scope.
            if let Some(rest) = m.strip_prefix("qemu-") {
                let name = rest.split_once('-').map_or(rest, |(_, n)| n);
                return Some(Guest::new("libvirt", name, how));
            }
            return Some(Guest::new("nspawn", m, how));
        }
    }
    let ctx = promisc_facts::cgroup::Context::from_cgroup(text);
    if let Some(pod) = ctx.pod {
        return Some(Guest::new("kubernetes", pod.uid, how));
    }
    let c = ctx.container?;
    Some(match c.runtime.as_str() {
        "lxc" => Guest::new("lxd", c.id, how),
        runtime => Guest::new(runtime, short(&c.id), how),
    })
}

/// A long container id, shortened to the 12 characters `docker ps` shows.
fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

/// What libvirt's status XML of a running domain (`/run/libvirt/qemu/NAME.xml`) says of the
/// interface whose tap is `dev`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LibvirtNic {
    /// The domain's name (its `<name>`).
    pub domain: String,
    /// The MAC libvirt gave the guest's NIC.
    pub mac: Option<String>,
    /// The nwfilter on the interface (`<filterref filter='...'>`), e.g. `clean-traffic`.
    pub filter: Option<String>,
}

/// The value of attribute `attr` in the first `<tag ...>` of `xml`.
fn attribute(xml: &str, tag: &str, attr: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let end = xml[start..].find('>')? + start;
    let el = &xml[start..end];
    for q in ['\'', '"'] {
        if let Some(i) = el.find(&format!("{attr}={q}")) {
            let v = &el[i + attr.len() + 2..];
            return v.find(q).map(|j| v[..j].to_string());
        }
    }
    None
}

/// Finds the `<interface>` of `xml` (a libvirt domain or status XML) whose
/// `<target dev='DEV'/>` is `dev`.
pub fn libvirt_nic(xml: &str, dev: &str) -> Option<LibvirtNic> {
    let domain = xml
        .find("<name>")
        .and_then(|i| {
            let rest = &xml[i + 6..];
            rest.find("</name>").map(|j| rest[..j].trim().to_string())
        })
        .unwrap_or_default();
    for part in xml.split("<interface").skip(1) {
        let nic = part.split("</interface>").next().unwrap_or_default();
        let nic = format!("<interface{nic}");
        if attribute(&nic, "target", "dev").as_deref() == Some(dev) {
            return Some(LibvirtNic {
                domain,
                mac: attribute(&nic, "mac", "address").map(|m| m.to_ascii_lowercase()),
                filter: attribute(&nic, "filterref", "filter"),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_names() {
        let g = from_port_name("tap100i0").unwrap();
        assert_eq!((g.platform.as_str(), g.name.as_str()), ("proxmox", "100"));
        assert_eq!(from_port_name("veth101i1").unwrap().name, "101");
        assert_eq!(from_port_name("fwln102i0").unwrap().name, "102");
        assert_eq!(from_port_name("fwpr102p0").unwrap().name, "102");
        assert_eq!(from_port_name("vnet3").unwrap().platform, "libvirt");
        assert_eq!(from_port_name("vif5.0").unwrap().name, "5");
        for other in [
            "tap0x",
            "veth1a2b3c",
            "vnet",
            "vnetx",
            "eth0",
            "tapi0",
            "vif5",
        ] {
            assert_eq!(from_port_name(other), None, "{other}");
        }
    }

    #[test]
    fn qemu_names() {
        let a = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            from_qemu_args(&a(&[
                "qemu-system-x86_64",
                "-name",
                "guest=web1,debug-threads=on"
            ])),
            Some("web1".into())
        );
        assert_eq!(
            from_qemu_args(&a(&["qemu", "-name", "db,process=x"])),
            Some("db".into())
        );
        assert_eq!(from_qemu_args(&a(&["qemu", "-name"])), None);
        assert_eq!(from_qemu_args(&a(&["qemu", "-m", "1G"])), None);
    }

    #[test]
    fn cgroups() {
        const ID: &str = "3f2a1b9c04d1e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e";
        let g = |t: &str| from_cgroup(t).map(|g| (g.platform, g.name));
        let s = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            g("0::/lxc.payload.c1/system.slice/x.service\n"),
            s("lxd", "c1")
        );
        assert_eq!(g("0::/lxc/old1\n"), s("lxd", "old1"));
        assert_eq!(
            g(&format!("0::/system.slice/docker-{ID}.scope\n")),
            s("docker", "3f2a1b9c04d1")
        );
        assert_eq!(
            g(&format!("12:pids:/docker/{ID}\n")),
            s("docker", "3f2a1b9c04d1")
        );
        assert_eq!(
            g(&format!("0::/machine.slice/libpod-{ID}.scope/container\n")),
            s("podman", "3f2a1b9c04d1")
        );
        assert_eq!(
            g("0::/machine.slice/machine-qemu\\x2d4\\x2dweb\\x2d1.scope/libvirt/vcpu0\n"),
            s("libvirt", "web-1")
        );
        assert_eq!(
            g("0::/machine.slice/systemd-nspawn@box.service/payload\n"),
            s("nspawn", "box")
        );
        assert_eq!(
            g("0::/machine.slice/machine-box.scope\n"),
            s("nspawn", "box")
        );
        assert_eq!(
            g(&format!("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0b1c2d3e_4f50_6172_8394_a5b6c7d8e9f0.slice/cri-containerd-{ID}.scope\n"))
                .unwrap(),
            ("kubernetes".to_string(), "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".to_string())
        );
        assert_eq!(g("0::/user.slice/user-1000.slice/session-2.scope\n"), None);
        assert_eq!(g(""), None);
        // v1 and v2 lines mixed: the v2 line first.
        assert_eq!(
            g("1:name=systemd:/user.slice\n0::/lxc.payload.c2\n"),
            s("lxd", "c2")
        );
    }

    #[test]
    fn libvirt_status_xml() {
        let xml = "<domstatus state='running'>\n<domain type='kvm' id='1'>\n  <name>web1</name>\n  <devices>\n    <interface type='network'>\n      <mac address='52:54:00:AA:00:01'/>\n      <target dev='vnet0'/>\n    </interface>\n    <interface type='bridge'>\n      <mac address=\"52:54:00:aa:00:02\"/>\n      <source bridge='br0'/>\n      <target dev=\"vnet1\"/>\n      <filterref filter='clean-traffic'>\n        <parameter name='IP' value='192.0.2.5'/>\n      </filterref>\n    </interface>\n  </devices>\n</domain>\n</domstatus>\n";
        let n = libvirt_nic(xml, "vnet0").unwrap();
        assert_eq!(n.domain, "web1");
        assert_eq!(n.mac.as_deref(), Some("52:54:00:aa:00:01"));
        assert_eq!(n.filter, None);
        let n = libvirt_nic(xml, "vnet1").unwrap();
        assert_eq!(n.mac.as_deref(), Some("52:54:00:aa:00:02"));
        assert_eq!(n.filter.as_deref(), Some("clean-traffic"));
        assert_eq!(libvirt_nic(xml, "vnet2"), None);
        assert_eq!(libvirt_nic("<domain><interface><target", "vnet0"), None);
    }
}
