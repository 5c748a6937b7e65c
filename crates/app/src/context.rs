//! Names for the holders' contexts (issue #23 §1): the container names and pod names that are
//! not in a cgroup path, read from the files the runtimes and the kubelet keep. The paths are
//! the host's: under `PROMISC_HOST_ROOT` when it is set (a DaemonSet that mounts the host's
//! `/` at `/host` sets it to `/host`).

use std::collections::HashMap;

use promisc_facts::cgroup::{docker_name, storage_name, Context};
use promisc_facts::link::LinkFacts;
use promisc_facts::world::World;
use promisc_state::{Holder, InterfaceStatus};
use promisc_sys::procfs;

/// The kubelet's pod log directories, `<namespace>_<name>_<uid>`.
pub const POD_LOGS: &str = "/var/log/pods";
/// Docker's per-container state, `<id>/config.v2.json`.
pub const DOCKER_CONTAINERS: &str = "/var/lib/docker/containers";
/// containers/storage's list of containers (Podman, CRI-O), with their names.
pub const STORAGE_CONTAINERS: &str =
    "/var/lib/containers/storage/overlay-containers/containers.json";

/// The host's root for the files above: `PROMISC_HOST_ROOT`, else `/`.
fn host_root() -> String {
    std::env::var("PROMISC_HOST_ROOT")
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string()
}

/// Reads what names need, once per reading.
#[derive(Default)]
struct Sources {
    root: String,
    pod_dirs: Option<Vec<String>>,
    storage: Option<Option<String>>,
    docker: HashMap<String, Option<String>>,
}

impl Sources {
    fn pod_dirs(&mut self) -> &[String] {
        let root = &self.root;
        self.pod_dirs.get_or_insert_with(|| {
            std::fs::read_dir(format!("{root}{POD_LOGS}"))
                .map(|d| {
                    d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    fn name(&mut self, runtime: &str, id: &str) -> Option<String> {
        let root = self.root.clone();
        match runtime {
            "docker" => self
                .docker
                .entry(id.to_string())
                .or_insert_with(|| {
                    let text = std::fs::read_to_string(format!(
                        "{root}{DOCKER_CONTAINERS}/{id}/config.v2.json"
                    ))
                    .ok()?;
                    docker_name(&text)
                })
                .clone(),
            "podman" | "cri-o" => {
                let text = self.storage.get_or_insert_with(|| {
                    std::fs::read_to_string(format!("{root}{STORAGE_CONTAINERS}")).ok()
                });
                storage_name(text.as_deref()?, id)
            }
            _ => None,
        }
    }

    fn fill(&mut self, ctx: &mut Context) {
        if ctx.pod.is_some() {
            let dirs = self.pod_dirs().to_vec();
            ctx.name_pod(&dirs);
        }
        if let Some(c) = ctx.container.as_mut() {
            if c.name.is_none() {
                c.name = self.name(&c.runtime, &c.id);
            }
        }
    }
}

/// A link and the namespace ids of the namespace it is in.
type LinkIn<'a> = (&'a LinkFacts, &'a HashMap<i32, u64>);

/// Fills in the container and pod names of every process holder's context, and the context
/// of the other end of every bridge or Open vSwitch port that is a veth whose peer lives in
/// another network namespace, and of every macvlan holder moved into another namespace (the
/// namespace's first process: a pod's sandbox, a container's init). The processes of namespaces are looked up only when such a port holds something.
pub fn name_holders(world: &World, statuses: &mut [InterfaceStatus]) {
    let mut sources = Sources {
        root: host_root(),
        ..Sources::default()
    };
    let links: HashMap<(u64, u32), LinkIn> = world
        .namespaces
        .iter()
        .flat_map(|n| {
            n.links
                .iter()
                .map(move |l| ((n.inode, l.ifindex), (l, &n.nsids)))
        })
        .collect();
    let ns_by_name: HashMap<&str, u64> = world
        .namespaces
        .iter()
        .map(|n| (n.name.as_str(), n.inode))
        .collect();
    let mut first_pids: Option<HashMap<u64, u32>> = None;
    for s in statuses {
        let peer_ns = links
            .get(&(s.netns_inode, s.ifindex))
            .filter(|(l, _)| l.kind.as_deref() == Some("veth"))
            .and_then(|(l, nsids)| nsids.get(&l.link_netnsid?).copied())
            .filter(|inode| *inode != s.netns_inode);
        for h in &mut s.holders {
            match h {
                Holder::PacketSocket(p) if !p.context.is_empty() => sources.fill(&mut p.context),
                Holder::BridgePort(_) | Holder::Openvswitch(_) | Holder::Macvlan(_) => {
                    let (inode, p) = match h {
                        Holder::Macvlan(p) => {
                            // A macvlan (passthru, or any mode with its own promiscuity) moved
                            // into a container's namespace: that namespace's owner.
                            let inode = p
                                .netns_differs
                                .then(|| ns_by_name.get(p.netns.as_str()).copied())
                                .flatten();
                            (inode, p)
                        }
                        Holder::BridgePort(p) | Holder::Openvswitch(p) => (peer_ns, p),
                        _ => continue,
                    };
                    let Some(inode) = inode else { continue };
                    let pids = first_pids.get_or_insert_with(procfs::netns_first_pids);
                    let Some(proc) = pids.get(&inode).and_then(|pid| procfs::process(*pid)) else {
                        continue;
                    };
                    let mut ctx = Context::from_cgroup(&proc.cgroup);
                    sources.fill(&mut ctx);
                    p.peer_context = ctx;
                }
                _ => {}
            }
        }
    }
}
