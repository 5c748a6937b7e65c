//! A holder's unit, container and pod (issue #23 §1): a real holder process is put into the
//! cgroups Docker, containerd under Kubernetes, CRI-O, Podman and systemd create, in each
//! cgroup layout this machine mounts (v2's unified hierarchy; v1's `name=systemd` tree), with
//! the runtimes' name files and the kubelet's pod log directory under a host root of the
//! test's own (`PROMISC_HOST_ROOT`); `status --json` and the status table must name them.
//! Judged by what the test built: the path, the files, and `/proc/PID/cgroup` itself.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::Value;

pub(crate) const ID: &str = "3f2a1b9c04d1e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e";
pub(crate) const UID: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

/// Where this machine mounts each layout: (layout, mount point).
pub(crate) fn layouts() -> Vec<(&'static str, PathBuf)> {
    let info = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let mut out = Vec::new();
    for line in info.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let mount = left.split(' ').nth(4).unwrap_or_default();
        let mut r = right.split(' ');
        let fstype = r.next().unwrap_or_default();
        let opts = r.nth(1).unwrap_or_default();
        if fstype == "cgroup2" && !out.iter().any(|(l, _)| *l == "v2") {
            out.push(("v2", PathBuf::from(mount)));
        }
        if fstype == "cgroup"
            && opts.split(',').any(|o| o == "name=systemd")
            && !out.iter().any(|(l, _)| *l == "v1")
        {
            out.push(("v1", PathBuf::from(mount)));
        }
    }
    out
}

/// A cgroup made for the test under `mount`, holding `pid`; on drop the process goes back to
/// the root and the directories are removed, deepest first.
pub(crate) struct Cgroup {
    mount: PathBuf,
    /// The directories it made (not a parent that was there), removed on drop.
    dirs: Vec<PathBuf>,
    /// The cgroup.
    leaf: PathBuf,
    pub(crate) pid: u32,
}

impl Cgroup {
    pub(crate) fn enter(mount: &Path, rel: &str, pid: u32) -> std::io::Result<Cgroup> {
        let mut cg = Cgroup::make(mount, rel)?;
        cg.pid = pid;
        std::fs::write(cg.procs(), pid.to_string())?;
        Ok(cg)
    }

    /// The directories only; a process enters by writing its pid to [`Cgroup::procs`].
    pub(crate) fn make(mount: &Path, rel: &str) -> std::io::Result<Cgroup> {
        let mut cg = Cgroup {
            mount: mount.to_path_buf(),
            dirs: Vec::new(),
            leaf: mount.join(rel.trim_matches('/')),
            pid: 0,
        };
        let mut at = mount.to_path_buf();
        for comp in rel.split('/').filter(|c| !c.is_empty()) {
            at.push(comp);
            // A parent another Cgroup made (a common one) is that one's to remove.
            match std::fs::create_dir(&at) {
                Ok(()) => cg.dirs.push(at.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && cg.dirs.is_empty() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(cg)
    }

    pub(crate) fn procs(&self) -> PathBuf {
        self.leaf.join("cgroup.procs")
    }
}

impl Drop for Cgroup {
    fn drop(&mut self) {
        if self.pid != 0 {
            let _ = std::fs::write(self.mount.join("cgroup.procs"), self.pid.to_string());
        }
        for d in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// A host root with the files the runtimes and the kubelet keep, removed on drop.
pub(crate) struct HostRoot(pub(crate) PathBuf);

impl HostRoot {
    pub(crate) fn new(tag: &str) -> HostRoot {
        let root = std::env::temp_dir().join(format!("promisc-ctx-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let docker = root.join(format!("var/lib/docker/containers/{ID}"));
        std::fs::create_dir_all(&docker).unwrap();
        std::fs::write(
            docker.join("config.v2.json"),
            format!(r#"{{"ID":"{ID}","Name":"/sniffer","State":{{"Running":true}}}}"#),
        )
        .unwrap();
        let storage = root.join("var/lib/containers/storage/overlay-containers");
        std::fs::create_dir_all(&storage).unwrap();
        std::fs::write(
            storage.join("containers.json"),
            format!(r#"[{{"id":"{ID}","names":["k8s_sniffer_sniffer-x2x8k"]}}]"#),
        )
        .unwrap();
        std::fs::create_dir_all(root.join(format!(
            "var/log/pods/monitoring_sniffer-x2x8k_{UID}/sniffer"
        )))
        .unwrap();
        HostRoot(root)
    }
}

impl Drop for HostRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(crate) struct Case {
    what: &'static str,
    pub(crate) path: String,
    /// The `context` object status must give.
    pub(crate) want: Value,
    /// What the status table must say of the holder.
    short: String,
    /// An `--allow` rule that accepts it by its context.
    allow: &'static str,
}

pub(crate) fn cases() -> Vec<Case> {
    let uid_ = UID.replace('-', "_");
    let pod =
        format!("kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{uid_}.slice");
    let pod_json =
        serde_json::json!({"namespace": "monitoring", "name": "sniffer-x2x8k", "uid": UID});
    vec![
        Case {
            what: "Docker (systemd driver)",
            path: format!("system.slice/docker-{ID}.scope"),
            want: serde_json::json!({"container": {"runtime": "docker", "id": ID, "name": "sniffer"}}),
            short: "container sniffer".into(),
            allow: "packet_socket:container=sniffer",
        },
        Case {
            what: "containerd under Kubernetes",
            path: format!("{pod}/cri-containerd-{ID}.scope"),
            want: serde_json::json!({"container": {"runtime": "containerd", "id": ID}, "pod": pod_json}),
            short: "pod monitoring/sniffer-x2x8k, container containerd:3f2a1b9c04d1".into(),
            allow: "packet_socket:pod=monitoring/*",
        },
        Case {
            what: "CRI-O under Kubernetes",
            path: format!("{pod}/crio-{ID}.scope"),
            want: serde_json::json!({"container": {"runtime": "cri-o", "id": ID, "name": "k8s_sniffer_sniffer-x2x8k"}, "pod": pod_json}),
            short: "pod monitoring/sniffer-x2x8k, container k8s_sniffer_sniffer-x2x8k".into(),
            allow: "packet_socket:container=k8s_sniffer_*",
        },
        Case {
            what: "Podman",
            path: format!("machine.slice/libpod-{ID}.scope"),
            want: serde_json::json!({"container": {"runtime": "podman", "id": ID, "name": "k8s_sniffer_sniffer-x2x8k"}}),
            short: "container k8s_sniffer_sniffer-x2x8k".into(),
            allow: "packet_socket:container=k8s_sniffer_*",
        },
        Case {
            what: "a systemd service",
            path: "system.slice/suricata.service".into(),
            want: serde_json::json!({"unit": "suricata.service"}),
            short: "unit suricata.service".into(),
            allow: "packet_socket:unit=suricata.service",
        },
    ]
}

#[test]
fn a_holder_is_named_with_its_container_pod_or_unit_in_both_cgroup_layouts() {
    let ns = netns!("ctx");
    let layouts = layouts();
    if layouts.is_empty() {
        promisc_testkit::gate::skip("no cgroup hierarchy is mounted (/proc/self/mountinfo)");
        return;
    }
    if layouts.len() < 2 {
        promisc_testkit::gate::partly(&format!("only the {} layout is mounted here", layouts[0].0));
    }
    ns.veth_pair();
    let host = HostRoot::new(&ns.name);
    let bin = bin();
    let env_root = format!("PROMISC_HOST_ROOT={}", host.0.display());
    let mut failed = Vec::new();
    for (layout, mount) in &layouts {
        for (i, case) in cases().into_iter().enumerate() {
            let holder = ns.membership_holder("veth0");
            let pid = holder.pid();
            let rel = format!("promisc-test-{}-{i}/{}", std::process::id(), case.path);
            let cg = match Cgroup::enter(mount, &rel, pid) {
                Ok(cg) => cg,
                Err(e) => {
                    failed.push(format!(
                        "{layout} {}: cannot make {rel} under {}: {e}",
                        case.what,
                        mount.display()
                    ));
                    continue;
                }
            };
            // The oracle: the kernel's own view of where the process is.
            let seen = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).unwrap_or_default();
            assert!(
                seen.contains(&case.path),
                "{layout}: /proc/{pid}/cgroup: {seen}"
            );
            let run = ns.try_run(&["env", &env_root, &bin, "status", "--json"]);
            run.expect_success();
            let json = status_document(&run.stdout, &run.to_string());
            let h = holder_of(&json, "veth0");
            if h["pid"] != pid || h["context"] != case.want {
                failed.push(format!(
                    "{layout} {}: want context {} for pid {pid}, got {h:#}",
                    case.what, case.want
                ));
            }
            let table = ns.try_run(&["env", &env_root, &bin, "status"]);
            table.expect_success();
            let line = format!("python3 (pid {pid}, uid 0, {})", case.short);
            if !table.stdout.contains(&line) {
                failed.push(format!(
                    "{layout} {}: the table lacks {line:?}:\n{}",
                    case.what, table.stdout
                ));
            }
            // --check: allowed by its context, refused by another pod namespace's rule.
            let check = |rule: &str| {
                ns.try_run(&["env", &env_root, &bin, "status", "--check", "--allow", rule])
            };
            let (ok, refused) = (check(case.allow), check("packet_socket:pod=kube-system/*"));
            if ok.status.code() != Some(0) || refused.status.code() != Some(1) {
                failed.push(format!(
                    "{layout} {}: --allow {} exited {:?}, another pod's rule {:?}:\n{ok}\n{refused}",
                    case.what, case.allow, ok.status.code(), refused.status.code()
                ));
            }
            drop(cg);
            drop(holder);
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// The packet_socket holder of `ifname` in `status --json`'s interfaces.
fn holder_of<'a>(json: &'a Value, ifname: &str) -> &'a Value {
    json.as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == ifname)
        .and_then(|i| i["holders"].as_array())
        .and_then(|h| h.iter().find(|h| h["kind"] == "packet_socket"))
        .unwrap_or_else(|| panic!("no packet_socket holder on {ifname}: {json:#}"))
}

#[test]
fn watch_names_the_pod_of_a_holder_that_comes_and_goes() {
    let ns = netns!("ctx-watch");
    let Some((layout, mount)) = layouts().into_iter().next() else {
        promisc_testkit::gate::skip("no cgroup hierarchy is mounted (/proc/self/mountinfo)");
        return;
    };
    ns.veth_pair();
    let host = HostRoot::new(&ns.name);
    let bin = bin();
    let env_root = format!("PROMISC_HOST_ROOT={}", host.0.display());
    let w = ns.spawn(&[
        "env",
        &env_root,
        &bin,
        "watch",
        "--json",
        "--interval",
        "500ms",
        "veth0",
    ]);
    w.wait_stderr("watching");
    let case = &cases()[1]; // containerd under Kubernetes
    let rel = format!("promisc-test-{}-watch/{}", std::process::id(), case.path);
    let mut cg = Cgroup::make(&mount, &rel).expect("the test's cgroup");
    // The holder is in its cgroup before it opens its socket, as a pod's process is: it waits
    // for a flag file (`ip netns exec` mounts a sysfs of its own, without the cgroup trees, so
    // the test moves it from outside), at most 20 s.
    let flag = host.0.join("go");
    let script = format!(
        "for i in $(seq 400); do [ -e '{f}' ] && break; sleep 0.05; done; [ -e '{f}' ] && exec {} {} veth0",
        python(),
        helper("hold_membership.py"),
        f = flag.display()
    );
    let holder = ns.spawn(&["sh", "-c", &script]);
    std::fs::write(cg.procs(), holder.pid().to_string()).expect("enter the cgroup");
    cg.pid = holder.pid();
    std::fs::write(&flag, "").unwrap();
    holder.wait_stdout("ready");
    let event = |what: &str| -> Value {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(line) = w.next_stdout(Duration::from_millis(200)) {
                let v: Value =
                    serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
                assert_documented("watch", &v);
                if v["event"] == what && v["holder"]["kind"] == "packet_socket" {
                    return v;
                }
            }
        }
        panic!("{layout}: no {what} event within {TIMEOUT:?}");
    };
    let added = event("holder_added");
    assert_eq!(added["holder"]["pid"], holder.pid(), "{added:#}");
    assert_eq!(added["holder"]["context"], case.want, "{layout}: {added:#}");
    drop(holder);
    let removed = event("holder_removed");
    assert_eq!(
        removed["holder"]["context"], case.want,
        "{layout}: {removed:#}"
    );
    drop(cg);
}

#[test]
fn a_bridge_port_names_the_pod_at_the_other_end_of_its_veth() {
    let ns = netns!("ctx-port");
    let Some((layout, mount)) = layouts().into_iter().next() else {
        promisc_testkit::gate::skip("no cgroup hierarchy is mounted (/proc/self/mountinfo)");
        return;
    };
    // A node's bridge (cni0) and a pod's namespace holding the other end of the port's veth.
    let pod_ns = Netns::new("ctx-port-pod");
    ns.ip("link add cni0 type bridge");
    ns.ip(&format!(
        "link add vethpod type veth peer name eth0 netns {}",
        pod_ns.name
    ));
    ns.ip("link set vethpod master cni0");
    ns.ip("link set cni0 up");
    ns.ip("link set vethpod up");
    let host = HostRoot::new(&ns.name);
    let case = &cases()[1]; // containerd under Kubernetes
    let rel = format!("promisc-test-{}-port/{}", std::process::id(), case.path);
    let mut cg = Cgroup::make(&mount, &rel).expect("the test's cgroup");
    // The pod's one process (its sandbox), in the pod's cgroup.
    let sandbox = pod_ns.spawn(&["sleep", "60"]);
    std::fs::write(cg.procs(), sandbox.pid().to_string()).expect("enter the cgroup");
    cg.pid = sandbox.pid();
    let env_root = format!("PROMISC_HOST_ROOT={}", host.0.display());
    let bin = bin();
    let run = ns.try_run(&["env", &env_root, &bin, "status", "--json"]);
    run.expect_success();
    let json = status_document(&run.stdout, &run.to_string());
    let port = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "vethpod")
        .unwrap_or_else(|| panic!("no vethpod: {json:#}"));
    let h = port["holders"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["kind"] == "bridge_port"))
        .unwrap_or_else(|| panic!("{layout}: vethpod is not held by its bridge: {port:#}"));
    assert_eq!(h["device"], "cni0", "{h:#}");
    assert_eq!(h["peer_context"], case.want, "{layout}: {h:#}");
    let table = ns.try_run(&["env", &env_root, &bin, "status"]);
    table.expect_success();
    let want = format!("port of bridge cni0 (peer in {})", case.short);
    assert!(
        table.stdout.contains(&want),
        "{layout}: no {want:?} in\n{}",
        table.stdout
    );
    drop(sandbox);
    drop(cg);
}

/// A macvlan in passthru mode (it makes its parent promiscuous) moved into a pod's network
/// namespace names that pod, as a bridge port's veth does.
#[test]
fn a_macvlan_in_a_pods_namespace_names_the_pod() {
    let ns = netns!("ctx-mv");
    let Some((layout, mount)) = layouts().into_iter().next() else {
        promisc_testkit::gate::skip("no cgroup hierarchy is mounted (/proc/self/mountinfo)");
        return;
    };
    let pod_ns = Netns::new("ctx-mv-pod");
    ns.ip("link add par type veth peer name parp");
    ns.ip("link add mv0 link par type macvlan mode passthru");
    ns.ip(&format!("link set mv0 netns {}", pod_ns.name));
    ns.ip("link set par up");
    pod_ns.ip("link set mv0 up");
    let host = HostRoot::new(&ns.name);
    let case = &cases()[1]; // containerd under Kubernetes
    let rel = format!("promisc-test-{}-mv/{}", std::process::id(), case.path);
    let mut cg = Cgroup::make(&mount, &rel).expect("the test's cgroup");
    let sandbox = pod_ns.spawn(&["sleep", "60"]);
    std::fs::write(cg.procs(), sandbox.pid().to_string()).expect("enter the cgroup");
    cg.pid = sandbox.pid();
    let env_root = format!("PROMISC_HOST_ROOT={}", host.0.display());
    let bin = bin();
    let run = ns.try_run(&["env", &env_root, &bin, "status", "--all-netns", "--json"]);
    run.expect_success();
    let json = status_document(&run.stdout, &run.to_string());
    let par = json
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "par" && i["netns"] == ns.name.as_str())
        .unwrap_or_else(|| panic!("no par in {}: {json:#}", ns.name));
    let h = par["holders"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["kind"] == "macvlan"))
        .unwrap_or_else(|| panic!("{layout}: par is not held by its macvlan: {par:#}"));
    assert_eq!(h["device"], "mv0", "{h:#}");
    assert_eq!(h["peer_context"], case.want, "{layout}: {h:#}");
    drop(sandbox);
    drop(cg);
}
