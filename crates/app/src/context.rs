//! Names for the holders' contexts (issue #23 §1): the container names and pod names that are
//! not in a cgroup path, read from the files the runtimes and the kubelet keep. The paths are
//! the host's: under `PROMISC_HOST_ROOT` when it is set (a DaemonSet that mounts the host's
//! `/` at `/host` sets it to `/host`).

use std::collections::HashMap;

use promisc_facts::cgroup::{docker_name, storage_name, Context};
use promisc_state::{Holder, InterfaceStatus};

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

/// Fills in the container and pod names of every process holder's context.
pub fn name_holders(statuses: &mut [InterfaceStatus]) {
    let mut sources = Sources {
        root: host_root(),
        ..Sources::default()
    };
    for s in statuses {
        for h in &mut s.holders {
            if let Holder::PacketSocket(p) = h {
                if !p.context.is_empty() {
                    sources.fill(&mut p.context);
                }
            }
        }
    }
}
