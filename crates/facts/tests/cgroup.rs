//! A holder's unit, container and pod from `/proc/PID/cgroup` as each runtime leaves it, in
//! both cgroup layouts (v2's one `0::` line; v1's controllers with `name=systemd`).

use promisc_facts::cgroup::{cgroup_path, docker_name, storage_name, Context};

const ID: &str = "3f2a1b9c04d1e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e";
const UID: &str = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

fn v2(path: &str) -> String {
    format!("0::{path}\n")
}

/// cgroup v1 as a hybrid host shows it: controllers, `name=systemd`, and an empty unified line.
fn v1(path: &str) -> String {
    format!("12:pids:{path}\n11:memory:{path}\n1:name=systemd:{path}\n0::/\n")
}

fn both(path: &str) -> [String; 2] {
    [v2(path), v1(path)]
}

/// (runtime, id, pod uid, unit) of a text.
type Facts = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn facts(text: &str) -> Facts {
    let c = Context::from_cgroup(text);
    (
        c.container.as_ref().map(|c| c.runtime.clone()),
        c.container.as_ref().map(|c| c.id.clone()),
        c.pod.as_ref().map(|p| p.uid.clone()),
        c.unit,
    )
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn every_runtime_in_both_layouts() {
    let uid_ = UID.replace('-', "_");
    let rows: Vec<(&str, String, Facts)> = vec![
        (
            "Docker, systemd driver",
            format!("/system.slice/docker-{ID}.scope"),
            (s("docker"), s(ID), None, None),
        ),
        (
            "Docker, cgroupfs driver",
            format!("/docker/{ID}"),
            (s("docker"), s(ID), None, None),
        ),
        (
            "containerd under Kubernetes, systemd driver",
            format!("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{uid_}.slice/cri-containerd-{ID}.scope"),
            (s("containerd"), s(ID), s(UID), None),
        ),
        (
            "a guaranteed pod (no QoS slice), systemd driver",
            format!("/kubepods.slice/kubepods-pod{uid_}.slice/cri-containerd-{ID}.scope"),
            (s("containerd"), s(ID), s(UID), None),
        ),
        (
            "Kubernetes, cgroupfs driver",
            format!("/kubepods/besteffort/pod{UID}/{ID}"),
            (s("cri"), s(ID), s(UID), None),
        ),
        (
            "CRI-O",
            format!("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{uid_}.slice/crio-{ID}.scope"),
            (s("cri-o"), s(ID), s(UID), None),
        ),
        (
            "CRI-O's conmon: the pod, not the container",
            format!("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{uid_}.slice/crio-conmon-{ID}.scope"),
            (None, None, s(UID), None),
        ),
        (
            "Podman, rootful",
            format!("/machine.slice/libpod-{ID}.scope"),
            (s("podman"), s(ID), None, None),
        ),
        (
            "Podman, rootless, inside its container's own cgroup",
            format!("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-{ID}.scope/container"),
            (s("podman"), s(ID), None, s("user@1000.service")),
        ),
        (
            "LXD/Incus",
            "/lxc.payload.c1/system.slice/tcpdump.service".to_string(),
            (s("lxc"), s("c1"), None, s("tcpdump.service")),
        ),
        (
            "LXC, old layout",
            "/lxc/web".to_string(),
            (s("lxc"), s("web"), None, None),
        ),
        (
            "a systemd service",
            "/system.slice/suricata.service".to_string(),
            (None, None, None, s("suricata.service")),
        ),
        (
            "a login session",
            "/user.slice/user-1000.slice/session-3.scope".to_string(),
            (None, None, None, s("session-3.scope")),
        ),
    ];
    let mut failed = Vec::new();
    for (name, path, want) in rows {
        for (layout, text) in ["v2", "v1"].iter().zip(both(&path)) {
            let got = facts(&text);
            if got != want {
                failed.push(format!("{name} ({layout}): want {want:?}, got {got:?}"));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn nothing_outside_any_cgroup() {
    assert_eq!(cgroup_path("0::/\n"), None);
    assert!(Context::from_cgroup("0::/\n").is_empty());
    assert!(Context::from_cgroup("").is_empty());
    assert!(Context::from_cgroup("garbage without colons").is_empty());
    // A v1 host where only a controller says more than `/`.
    assert_eq!(
        cgroup_path("9:name=systemd:/\n4:memory:/process_api/f4e6\n0::/\n"),
        Some("/process_api/f4e6")
    );
    assert!(Context::from_cgroup("4:memory:/process_api/f4e6\n").is_empty());
}

#[test]
fn the_unified_line_wins_over_v1s() {
    let text =
        format!("1:name=systemd:/system.slice/cron.service\n0::/system.slice/docker-{ID}.scope\n");
    assert_eq!(facts(&text).0, s("docker"));
}

#[test]
fn a_pod_is_named_from_the_kubelets_log_directories() {
    let uid_ = UID.replace('-', "_");
    let mut c = Context::from_cgroup(&v2(&format!(
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{uid_}.slice/cri-containerd-{ID}.scope"
    )));
    c.name_pod(&[
        "kube-system_kube-proxy-x2x8k_11111111-2222-3333-4444-555555555555".to_string(),
        format!("monitoring_node-sniffer-7db6d8ff4d-x2x8k_{UID}"),
    ]);
    let pod = c.pod.as_ref().unwrap();
    assert_eq!(pod.namespace.as_deref(), Some("monitoring"));
    assert_eq!(pod.name.as_deref(), Some("node-sniffer-7db6d8ff4d-x2x8k"));
    assert_eq!(
        c.short(),
        "pod monitoring/node-sniffer-7db6d8ff4d-x2x8k, container containerd:3f2a1b9c04d1"
    );
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["pod"]["uid"], UID);
    assert_eq!(json["container"]["runtime"], "containerd");
    assert!(json.get("unit").is_none());
    // No log directory: the uid stands for the name.
    let mut bare = Context::from_cgroup(&v2(&format!("/kubepods/besteffort/pod{UID}/{ID}")));
    bare.name_pod(&["default_web_other-uid"]);
    assert_eq!(bare.pod_label().as_deref(), Some(UID));
}

#[test]
fn container_names_from_the_runtimes_files() {
    assert_eq!(
        docker_name(r#"{"ID":"3f2a","Name":"/sniffer","State":{}}"#).as_deref(),
        Some("sniffer")
    );
    assert_eq!(docker_name("not json"), None);
    assert_eq!(docker_name(r#"{"Name":"/"}"#), None);
    let storage = format!(
        r#"[{{"id":"aaaa","names":["other"]}},{{"id":"{ID}","names":["k8s_sniffer_pod","x"]}}]"#
    );
    assert_eq!(
        storage_name(&storage, ID).as_deref(),
        Some("k8s_sniffer_pod")
    );
    assert_eq!(storage_name(&storage, "bbbb"), None);
    assert_eq!(storage_name("{}", ID), None);
}

#[test]
fn the_short_form() {
    let mut c = Context::from_cgroup(&v2("/system.slice/suricata.service"));
    assert_eq!(c.short(), "unit suricata.service");
    c = Context::from_cgroup(&v2(&format!("/system.slice/docker-{ID}.scope")));
    c.container.as_mut().unwrap().name = Some("sniffer".into());
    assert_eq!(c.short(), "container sniffer");
    assert_eq!(Context::default().short(), "");
}
