//! Where a holder runs: its systemd unit, its container and its Kubernetes pod, read from the
//! text of `/proc/PID/cgroup` (issue #23 §1).
//!
//! The cgroup path is the one of the unified hierarchy (`0::PATH`, cgroup v2), else the
//! `name=systemd` line of cgroup v1 (systemd's own tree), else the first line that has a path
//! beyond `/`. Its components say, from the outside in:
//!
//! - a Kubernetes pod: `kubepods-besteffort-pod<uid>.slice` (systemd driver, `_` for `-` in
//!   the uid) or `pod<uid>` under `kubepods` (cgroupfs driver);
//! - a container: `docker-<id>.scope` or `docker/<id>` (Docker), `cri-containerd-<id>.scope`
//!   (containerd's CRI plugin), `crio-<id>.scope` (CRI-O), `libpod-<id>.scope` or
//!   `libpod-<id>` (Podman), `lxc.payload.<name>` or `lxc/<name>` (LXC, LXD, Incus), a bare
//!   64-hex-digit id under a pod (the cgroupfs driver: runtime `cri`); a conmon scope
//!   (`crio-conmon-`, `libpod-conmon-`) is the runtime's monitor, not the container;
//! - a systemd unit: the innermost `.service`, or a `.scope` that is no container's.
//!
//! Names that are not in the path come from files the runtimes keep, read by the caller and
//! given here as text: Docker's `config.v2.json` ([`docker_name`]), the `containers.json` of
//! containers/storage that Podman and CRI-O share ([`storage_name`]), and the kubelet's
//! `/var/log/pods/<namespace>_<name>_<uid>` directories ([`Context::name_pod`]).

use serde::Serialize;

/// A container a holder runs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Container {
    /// `docker`, `containerd`, `cri-o`, `podman`, `lxc`, or `cri` (a Kubernetes container
    /// whose runtime the path does not say).
    pub runtime: String,
    /// The runtime's id (LXC: the container's name).
    pub id: String,
    /// The container's name, where the runtime keeps it in a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The Kubernetes pod a holder runs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pod {
    /// The pod's namespace, from the kubelet's log directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The pod's name, from the kubelet's log directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The pod's uid, from the cgroup path.
    pub uid: String,
}

/// A holder's unit, container and pod; each may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Context {
    /// The systemd unit (`suricata.service`, `session-3.scope`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The container.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// The Kubernetes pod.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod: Option<Pod>,
}

/// The cgroup path `/proc/PID/cgroup`'s text gives for a process: the unified hierarchy's,
/// else the `name=systemd` one, else the first beyond the root.
pub fn cgroup_path(text: &str) -> Option<&str> {
    let mut lines = text.lines().filter_map(|l| {
        let mut parts = l.splitn(3, ':');
        let (_, ctl, path) = (parts.next()?, parts.next()?, parts.next()?);
        Some((ctl, path))
    });
    let all: Vec<(&str, &str)> = lines.by_ref().collect();
    let deep = |p: &&str| !p.is_empty() && *p != "/";
    all.iter()
        .find(|(c, p)| c.is_empty() && deep(p))
        .or_else(|| all.iter().find(|(c, p)| *c == "name=systemd" && deep(p)))
        .or_else(|| all.iter().find(|(_, p)| deep(p)))
        .map(|(_, p)| *p)
}

fn is_hex_id(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A pod uid as Kubernetes writes it (`_` in systemd slice names stands for `-`).
fn pod_uid(s: &str) -> Option<String> {
    let uid = s.replace('_', "-");
    (uid.len() == 36 && uid.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')).then_some(uid)
}

/// The container a path component names, if any.
fn container_of(comp: &str, prev: Option<&str>, in_pod: bool) -> Option<Container> {
    let c = |runtime: &str, id: &str| Container {
        runtime: runtime.into(),
        id: id.into(),
        name: None,
    };
    let scoped = comp.strip_suffix(".scope").unwrap_or(comp);
    for (prefix, runtime) in [
        ("docker-", "docker"),
        ("cri-containerd-", "containerd"),
        ("crio-", "cri-o"),
        ("libpod-", "podman"),
    ] {
        if let Some(id) = scoped.strip_prefix(prefix) {
            if is_hex_id(id) {
                return Some(c(runtime, id));
            }
        }
    }
    if let Some(name) = comp.strip_prefix("lxc.payload.") {
        return (!name.is_empty()).then(|| c("lxc", name));
    }
    match prev {
        Some("docker") if is_hex_id(comp) => Some(c("docker", comp)),
        Some("lxc") if !comp.is_empty() => Some(c("lxc", comp)),
        _ if in_pod && is_hex_id(comp) => Some(c("cri", comp)),
        _ => None,
    }
}

/// The pod uid a path component names, if any.
fn pod_of(comp: &str, under_kubepods: bool) -> Option<String> {
    if let Some(slice) = comp.strip_suffix(".slice") {
        if slice.starts_with("kubepods") {
            let at = slice.rfind("-pod")?;
            return pod_uid(&slice[at + 4..]);
        }
        return None;
    }
    if under_kubepods {
        return comp.strip_prefix("pod").and_then(pod_uid);
    }
    None
}

impl Context {
    /// The context of a process from the text of its `/proc/PID/cgroup`.
    pub fn from_cgroup(text: &str) -> Context {
        let mut ctx = Context::default();
        let Some(path) = cgroup_path(text) else {
            return ctx;
        };
        let mut prev: Option<&str> = None;
        let mut under_kubepods = false;
        for comp in path.split('/').filter(|c| !c.is_empty()) {
            if comp == "kubepods" || comp.starts_with("kubepods.") || comp.starts_with("kubepods-")
            {
                under_kubepods = true;
            }
            if let Some(uid) = pod_of(comp, under_kubepods) {
                ctx.pod = Some(Pod {
                    namespace: None,
                    name: None,
                    uid,
                });
            } else if let Some(c) = container_of(comp, prev, ctx.pod.is_some()) {
                ctx.container = Some(c);
            } else if comp.ends_with(".service")
                || (comp.ends_with(".scope") && !comp.contains("conmon"))
            {
                ctx.unit = Some(comp.to_string());
            }
            prev = Some(comp);
        }
        ctx
    }

    /// Nothing known.
    pub fn is_empty(&self) -> bool {
        self.unit.is_none() && self.container.is_none() && self.pod.is_none()
    }

    /// Names the pod from the kubelet's log directories (`<namespace>_<name>_<uid>`, the
    /// entries of `/var/log/pods`).
    pub fn name_pod<S: AsRef<str>>(&mut self, log_dirs: &[S]) {
        let Some(pod) = self.pod.as_mut() else {
            return;
        };
        for dir in log_dirs {
            let mut parts = dir.as_ref().splitn(3, '_');
            if let (Some(ns), Some(name), Some(uid)) = (parts.next(), parts.next(), parts.next()) {
                if uid == pod.uid && !ns.is_empty() && !name.is_empty() {
                    pod.namespace = Some(ns.to_string());
                    pod.name = Some(name.to_string());
                    return;
                }
            }
        }
    }

    /// `namespace/name` of the pod (its uid when unnamed).
    pub fn pod_label(&self) -> Option<String> {
        let p = self.pod.as_ref()?;
        Some(match (&p.namespace, &p.name) {
            (Some(ns), Some(n)) => format!("{ns}/{n}"),
            _ => p.uid.clone(),
        })
    }

    /// The container's name, else its runtime and short id (`docker:3f2a1b9c04d1`).
    pub fn container_label(&self) -> Option<String> {
        let c = self.container.as_ref()?;
        Some(match &c.name {
            Some(n) => n.clone(),
            None => format!("{}:{}", c.runtime, &c.id[..c.id.len().min(12)]),
        })
    }

    /// The short form for the status table: `pod kube-system/coredns, container coredns`,
    /// `unit suricata.service`; empty when nothing is known. The unit is left out when a
    /// container or pod says more.
    pub fn short(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.pod_label() {
            parts.push(format!("pod {p}"));
        }
        if let Some(c) = self.container_label() {
            parts.push(format!("container {c}"));
        }
        if parts.is_empty() {
            if let Some(u) = &self.unit {
                parts.push(format!("unit {u}"));
            }
        }
        parts.join(", ")
    }
}

/// The container name in Docker's `config.v2.json` (its `"Name"`, without the leading `/`).
pub fn docker_name(config_v2_json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(config_v2_json).ok()?;
    let n = v.get("Name")?.as_str()?.trim_start_matches('/');
    (!n.is_empty()).then(|| n.to_string())
}

/// The first name of container `id` in a containers/storage `containers.json` (Podman, CRI-O).
pub fn storage_name(containers_json: &str, id: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(containers_json).ok()?;
    v.as_array()?
        .iter()
        .find(|c| c.get("id").and_then(|i| i.as_str()) == Some(id))?
        .get("names")?
        .as_array()?
        .first()?
        .as_str()
        .map(String::from)
}
