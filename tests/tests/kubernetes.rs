//! `deploy/kubernetes/`: the manifests read as YAML (saphyr) and held against the exporter
//! itself: the container's arguments parse with the binary's own clap definition
//! (`promisc::cli`) and its allow rules with the rules parser; the capabilities are exactly
//! `promisc_exporter::CAPABILITIES`; every host path the exporter reads is mounted; the port
//! is one across the DaemonSet, the Service and the ServiceMonitor. kubernetes-validate (from
//! PyPI, with the API's schemas inside) judges the built-in kinds. As root, the exporter runs
//! with the DaemonSet's arguments and only its capabilities (setpriv's bounding set,
//! no_new_privs: what the runtime gives the container) and names another user's sniffer in
//! another network namespace; without any one of them it cannot. In a cgroup namespace of
//! its own (a pod's on cgroup v2) it still names a holder's pod.

use crate::common::*;
use clap::Parser;
use promisc_state::rules::Rule;
use promisc_testkit::temp::TempDir;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// The manifests' directory.
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/kubernetes");

/// The kinds the directory holds, with their apiVersion.
const KINDS: [(&str, &str); 4] = [
    ("Namespace", "v1"),
    ("DaemonSet", "apps/v1"),
    ("Service", "v1"),
    ("ServiceMonitor", "monitoring.coreos.com/v1"),
];

/// A YAML node as JSON, so that the tests index it with serde_json's `[]`.
fn to_json(y: &saphyr::Yaml<'_>) -> Value {
    use saphyr::{Scalar, Yaml};
    match y {
        Yaml::Value(Scalar::Null) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => json!(b),
        Yaml::Value(Scalar::Integer(i)) => json!(i),
        Yaml::Value(Scalar::FloatingPoint(f)) => json!(f.into_inner()),
        Yaml::Value(Scalar::String(s)) => json!(s),
        Yaml::Representation(s, _, _) => json!(s),
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = match to_json(k) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
        Yaml::Tagged(_, inner) => to_json(inner),
        Yaml::Alias(_) | Yaml::BadValue => panic!("unexpected YAML node {y:?}"),
    }
}

/// Every document of `text`, as JSON.
fn parse(name: &str, text: &str) -> Vec<Value> {
    use saphyr::LoadableYamlNode;
    let docs = saphyr::Yaml::load_from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    docs.iter().map(to_json).collect()
}

/// The manifest files (every `*.yaml` but the kustomization), by file name.
fn manifest_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml") && n != "kustomization.yaml")
        .collect();
    names.sort();
    names
}

/// Every document of every manifest, with its file name.
fn documents() -> Vec<(String, Value)> {
    manifest_files()
        .into_iter()
        .flat_map(|name| {
            let text = std::fs::read_to_string(format!("{DIR}/{name}")).unwrap();
            parse(&name, &text)
                .into_iter()
                .map(move |d| (name.clone(), d))
        })
        .collect()
}

/// The one document of kind `kind`.
fn one(kind: &str) -> Value {
    let found: Vec<Value> = documents()
        .into_iter()
        .filter(|(_, d)| d["kind"] == kind)
        .map(|(_, d)| d)
        .collect();
    assert_eq!(found.len(), 1, "one {kind}: {found:?}");
    found.into_iter().next().unwrap()
}

/// The DaemonSet's one container.
fn container() -> Value {
    let ds = one("DaemonSet");
    let containers = ds["spec"]["template"]["spec"]["containers"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(containers.len(), 1, "{containers:?}");
    containers[0].clone()
}

/// The container's arguments.
fn args() -> Vec<String> {
    container()["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("string argument").to_string())
        .collect()
}

/// A string array of `v` as a set.
fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

/// Whether every label `selector` asks for is in `labels`.
fn selects(selector: &Value, labels: &Value) -> bool {
    let sel = selector.as_object().expect("selector");
    !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v))
}

#[test]
fn the_manifests_parse_with_known_kinds_and_the_kustomization_lists_them() {
    let docs = documents();
    let kinds: BTreeSet<&str> = docs
        .iter()
        .map(|(_, d)| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, KINDS.iter().map(|(k, _)| *k).collect(), "{docs:?}");
    for (file, d) in &docs {
        let kind = d["kind"].as_str().unwrap();
        let want = KINDS.iter().find(|(k, _)| *k == kind).unwrap().1;
        assert_eq!(d["apiVersion"], want, "{file}: {kind}");
        assert!(d["metadata"]["name"].is_string(), "{file}: no name");
        if kind != "Namespace" {
            assert_eq!(d["metadata"]["namespace"], "promisc", "{file}: {kind}");
        }
    }
    let kust = parse(
        "kustomization.yaml",
        &std::fs::read_to_string(format!("{DIR}/kustomization.yaml")).unwrap(),
    );
    assert_eq!(kust.len(), 1);
    assert_eq!(kust[0]["kind"], "Kustomization");
    let listed = strings(&kust[0]["resources"]);
    assert_eq!(
        listed,
        manifest_files().into_iter().collect(),
        "kustomization.yaml lists every manifest"
    );
}

#[test]
fn the_daemonset_runs_the_exporter_with_arguments_the_binary_accepts() {
    let args = args();
    let mut argv = vec!["promisc".to_string()];
    argv.extend(args.iter().cloned());
    let cli = promisc::cli::Cli::try_parse_from(&argv)
        .unwrap_or_else(|e| panic!("the binary's parser refuses {argv:?}: {e}"));
    let Some(promisc::cli::Command::Exporter(e)) = cli.command else {
        panic!("not the exporter: {argv:?}");
    };
    assert!(e.all_netns, "every namespace of the node");
    for rule in &e.allow {
        rule.parse::<Rule>()
            .unwrap_or_else(|err| panic!("--allow {rule}: {err}"));
    }
    // The allow list is the systemd units' (which the exporter tests run against a default
    // host and a sniffer).
    assert_eq!(
        e.allow,
        crate::exporter::unit_allow_list("deploy/promisc-exporter.service"),
        "the DaemonSet and the unit ship one allow list"
    );
    // The address is `:PORT` (every address, IPv4 and IPv6) and the port is the one declared.
    let (host, port) = e.listen_address.rsplit_once(':').expect("HOST:PORT");
    assert_eq!(host, "", "{}", e.listen_address);
    let port: u16 = port.parse().unwrap();
    let ports = container()["ports"].as_array().unwrap().clone();
    assert_eq!(ports.len(), 1, "{ports:?}");
    assert_eq!(ports[0]["containerPort"], json!(port));
    assert_eq!(ports[0]["name"], "metrics");
    // Each mention of the exporter's flags in the manifest's comments is of a real flag.
    let text = std::fs::read_to_string(format!("{DIR}/daemonset.yaml")).unwrap();
    let known = promisc::cli::Cli::try_parse_from(["promisc", "exporter", "--help"])
        .err()
        .map(|h| h.to_string())
        .unwrap_or_default();
    for word in text.split_whitespace().filter(|w| w.starts_with("--")) {
        let flag = word.trim_end_matches([',', '.', ':', ')']);
        assert!(known.contains(flag), "{flag} is not an exporter flag");
    }
}

#[test]
fn the_daemonset_grants_exactly_the_capabilities_the_exporter_needs() {
    let ds = one("DaemonSet");
    let pod = &ds["spec"]["template"]["spec"];
    assert_eq!(pod["hostNetwork"], true);
    assert_eq!(pod["hostPID"], true);
    assert_eq!(pod["automountServiceAccountToken"], false);
    // uid 0 by choice, documented in the manifest: no ambient capabilities in the pod API.
    assert_eq!(pod["securityContext"]["runAsUser"], 0);
    assert_eq!(pod["securityContext"]["runAsNonRoot"], false);
    let sc = &container()["securityContext"];
    assert_eq!(sc["privileged"], false);
    assert_eq!(sc["allowPrivilegeEscalation"], false);
    assert_eq!(sc["readOnlyRootFilesystem"], true);
    assert_eq!(
        strings(&sc["capabilities"]["drop"]),
        ["ALL".to_string()].into()
    );
    let granted: BTreeSet<String> = strings(&sc["capabilities"]["add"])
        .into_iter()
        .map(|c| format!("CAP_{c}"))
        .collect();
    let needed: BTreeSet<String> = promisc_exporter::CAPABILITIES
        .iter()
        .map(|(c, _)| c.to_string())
        .collect();
    assert_eq!(granted, needed);
    // The systemd unit grants the same, and at most the optional ones besides.
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/promisc-exporter.service"
    ))
    .unwrap();
    for key in ["AmbientCapabilities=", "CapabilityBoundingSet="] {
        let line = unit.lines().find(|l| l.starts_with(key)).unwrap();
        let caps: BTreeSet<String> = line[key.len()..]
            .split_whitespace()
            .map(str::to_string)
            .collect();
        assert!(caps.is_superset(&needed), "{line}");
        let optional: BTreeSet<String> = promisc_exporter::OPTIONAL_CAPABILITIES
            .iter()
            .map(|(c, _)| c.to_string())
            .collect();
        assert!(
            caps.difference(&needed).all(|c| optional.contains(c)),
            "{line}: only the needed and the optional ones"
        );
    }
    // Requests and limits, both CPU and memory.
    let res = &container()["resources"];
    for (k, r) in [
        ("requests", "cpu"),
        ("requests", "memory"),
        ("limits", "cpu"),
        ("limits", "memory"),
    ] {
        assert!(res[k][r].is_string(), "resources.{k}.{r}: {res}");
    }
}

/// The host path that `path` (seen in the container) is, through the DaemonSet's mounts:
/// the mount whose `mountPath` is a whole-component prefix of `path`.
fn host_path_of(path: &str) -> Option<(String, Value)> {
    let ds = one("DaemonSet");
    let volumes = ds["spec"]["template"]["spec"]["volumes"]
        .as_array()
        .unwrap()
        .clone();
    container()["volumeMounts"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|m| {
            let at = m["mountPath"].as_str().unwrap();
            let rest = path.strip_prefix(at)?;
            if !(rest.is_empty() || rest.starts_with('/')) {
                return None;
            }
            let v = volumes.iter().find(|v| v["name"] == m["name"])?;
            let host = v["hostPath"]["path"].as_str()?;
            Some((format!("{host}{rest}"), m.clone()))
        })
}

#[test]
fn every_path_the_exporter_reads_is_mounted_read_only_from_the_host() {
    let c = container();
    let root = c["env"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "PROMISC_HOST_ROOT")
        .and_then(|e| e["value"].as_str())
        .expect("PROMISC_HOST_ROOT")
        .trim_end_matches('/')
        .to_string();
    let mut used = BTreeSet::new();
    let wanted = promisc_exporter::HOST_PATHS
        .iter()
        .map(|p| (p.to_string(), p.to_string()))
        .chain(
            promisc_exporter::HOST_ROOT_PATHS
                .iter()
                .map(|p| (format!("{root}{p}"), p.to_string())),
        );
    for (inside, on_host) in wanted {
        let (host, mount) =
            host_path_of(&inside).unwrap_or_else(|| panic!("{inside} is not mounted"));
        assert_eq!(host, on_host, "{inside} is the host's {on_host}");
        assert_eq!(mount["readOnly"], true, "{mount}");
        used.insert(mount["name"].as_str().unwrap().to_string());
    }
    // Named namespaces made after the pod started appear in it.
    let (_, netns) = host_path_of(promisc_exporter::HOST_PATHS[0]).unwrap();
    assert_eq!(netns["mountPropagation"], "HostToContainer");
    // No mount the exporter does not read.
    let mounts: BTreeSet<String> = c["volumeMounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(mounts, used, "every mount is read by the exporter");
}

#[test]
fn the_port_is_one_across_daemonset_service_and_servicemonitor() {
    let ds = one("DaemonSet");
    let svc = one("Service");
    let mon = one("ServiceMonitor");
    let pod_labels = &ds["spec"]["template"]["metadata"]["labels"];
    assert!(selects(&ds["spec"]["selector"]["matchLabels"], pod_labels));
    assert!(selects(&svc["spec"]["selector"], pod_labels));
    assert_eq!(svc["spec"]["clusterIP"], "None", "one endpoint per node");
    let port = container()["ports"][0].clone();
    let sports = svc["spec"]["ports"].as_array().unwrap();
    assert_eq!(sports.len(), 1);
    assert_eq!(sports[0]["port"], port["containerPort"]);
    assert!(
        sports[0]["targetPort"] == port["name"] || sports[0]["targetPort"] == port["containerPort"],
        "{sports:?} targets {port}"
    );
    assert!(selects(
        &mon["spec"]["selector"]["matchLabels"],
        &svc["metadata"]["labels"]
    ));
    let endpoints = mon["spec"]["endpoints"].as_array().unwrap();
    assert_eq!(endpoints.len(), 1);
    assert_eq!(endpoints[0]["port"], sports[0]["name"]);
    assert_eq!(endpoints[0]["path"], "/metrics");
    // The probes ask the port the exporter listens on.
    for probe in ["readinessProbe", "livenessProbe"] {
        let p = &container()[probe]["httpGet"];
        assert!(p["port"] == port["name"], "{probe}: {p}");
        assert_eq!(p["path"], "/metrics");
    }
}

/// `kubernetes-validate --strict` on `files`: its exit code and output.
fn validate(files: &[String]) -> Run {
    let mut argv = vec!["kubernetes-validate", "--strict"];
    argv.extend(files.iter().map(String::as_str));
    run_bounded(&argv, Duration::from_secs(60))
}

#[test]
fn kubernetes_validate_accepts_the_built_in_kinds() {
    if !require_tool("kubernetes-validate") {
        return;
    }
    let builtin: Vec<String> = manifest_files()
        .into_iter()
        .filter(|f| {
            let text = std::fs::read_to_string(format!("{DIR}/{f}")).unwrap();
            !text.contains("monitoring.coreos.com")
        })
        .map(|f| format!("{DIR}/{f}"))
        .collect();
    assert_eq!(builtin.len(), 3, "{builtin:?}");
    let run = validate(&builtin);
    assert_eq!(run.code(), 0, "{run}");
    assert_eq!(run.stdout.matches(" passed ").count(), 3, "{run}");
    // It would see a mistake: a misspelt field of the security context.
    let tmp = TempDir::new("k8s-val");
    let bad = tmp.file("daemonset.yaml");
    let text = std::fs::read_to_string(format!("{DIR}/daemonset.yaml")).unwrap();
    std::fs::write(
        &bad,
        text.replace("readOnlyRootFilesystem", "readOnlyRootFileSystem"),
    )
    .unwrap();
    let run = validate(&[bad]);
    assert_ne!(run.code(), 0, "{run}");
    assert!(run.stdout.contains("readOnlyRootFileSystem"), "{run}");
}

/// What the exporter at `port` in `ns` serves at /metrics, once it has read every namespace.
fn scrape(ns: &Netns, port: u16) -> String {
    let py = python();
    let script = format!(
        "import socket,sys\ns=socket.create_connection(('127.0.0.1',{port}),timeout=10)\ns.sendall(b'GET /metrics HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n')\nd=b''\nwhile True:\n  b=s.recv(65536)\n  if not b: break\n  d+=b\nsys.stdout.write(d.decode())"
    );
    let start = Instant::now();
    loop {
        let r = ns.try_run(&[&py, "-c", &script]);
        let body = r.stdout.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
        if let Some(b) = body.filter(|b| b.contains("promisc_interface_promiscuity{")) {
            return b;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no metrics: {r}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The exporter with the DaemonSet's arguments and environment in `node`, as uid 0 with only
/// `caps` (the bounding set the runtime gives the container, and no_new_privs): its metrics.
fn metrics_with_caps(node: &Netns, caps: &[&str]) -> String {
    let bounding: Vec<String> = std::iter::once("-all".to_string())
        .chain(
            caps.iter()
                .map(|c| format!("+{}", c.strip_prefix("CAP_").unwrap().to_ascii_lowercase())),
        )
        .collect();
    let bounding = bounding.join(",");
    let bin = bin();
    let args = args();
    // The container's environment, as the runtime sets it.
    let env: Vec<String> = container()["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}={}",
                e["name"].as_str().unwrap(),
                e["value"].as_str().unwrap()
            )
        })
        .collect();
    let mut argv = vec!["env"];
    argv.extend(env.iter().map(String::as_str));
    argv.extend([
        "setpriv",
        "--bounding-set",
        &bounding,
        "--inh-caps",
        "-all",
        "--no-new-privs",
        &bin,
    ]);
    argv.extend(args.iter().map(String::as_str));
    let port: u16 = args
        .iter()
        .find_map(|a| a.strip_prefix(':'))
        .and_then(|p| p.parse().ok())
        .expect(":PORT");
    let p = node.spawn(&argv);
    p.wait_stderr("listening on");
    let text = scrape(node, port);
    p.kill();
    text
}

#[test]
fn the_granted_capabilities_name_another_users_sniffer_and_each_is_needed() {
    let node = netns!("k8s-node");
    if !require_tool("setpriv") {
        return;
    }
    node.ip("link set lo up");
    // A pod's namespace: a bridge port (allowed) and a sniffer of another user (not).
    let pod = Netns::new("k8s-pod");
    pod.ip("link add br0 type bridge");
    pod.ip("link add v0 type veth peer name v1");
    pod.ip("link set v0 master br0");
    for d in ["br0", "v0", "v1"] {
        pod.ip(&format!("link set {d} up"));
    }
    let script = std::fs::read_to_string(helper("hold_membership.py")).unwrap();
    let py = python();
    let sniffer = pod.spawn(&[
        "setpriv",
        "--reuid",
        "65534",
        "--regid",
        "65534",
        "--clear-groups",
        "--inh-caps",
        "-all,+net_raw",
        "--ambient-caps",
        "-all,+net_raw",
        &py,
        "-c",
        &script,
        "v1",
    ]);
    sniffer.wait_stdout("ready");
    assert_eq!(proc_uid(pid_i64(&sniffer)), 65534);
    let needed: Vec<&str> = promisc_exporter::CAPABILITIES
        .iter()
        .map(|(c, _)| *c)
        .collect();
    let p = &pod.name;
    let named = format!(
        "promisc_holder{{netns=\"{p}\",device=\"v1\",kind=\"packet_socket\",comm=\"python3\"}} 1"
    );
    let text = metrics_with_caps(&node, &needed);
    assert!(text.contains(&named), "{named} in\n{text}");
    for (device, n) in [("v0", 0), ("v1", 1)] {
        let want = format!(
            "promisc_interface_unexpected_holders{{netns=\"{p}\",device=\"{device}\"}} {n}"
        );
        assert!(text.contains(&want), "{want} in\n{text}");
    }
    for without in &needed {
        let fewer: Vec<&str> = needed.iter().copied().filter(|c| c != without).collect();
        let text = metrics_with_caps(&node, &fewer);
        assert!(
            !text.contains(&named),
            "without {without} the sniffer is still named:\n{text}"
        );
    }
}

/// A pod on cgroup v2 has a cgroup namespace of its own (the pod API cannot ask for the
/// host's), in which the kernel writes another pod's `/proc/PID/cgroup` relative to the
/// reader's cgroup: `/../../burstable/pod<uid>/<id>` under the kubelet's cgroupfs driver,
/// without the `kubepods` that makes it a pod. The exporter reads the paths in the host's
/// namespace and still names the pod.
#[test]
fn in_a_cgroup_namespace_of_its_own_the_exporter_still_names_the_pod() {
    use crate::context::{layouts, Cgroup, ID, UID};
    let ns = netns!("k8s-cgns");
    if !require_tool("unshare") {
        return;
    }
    let Some((_, mount)) = layouts().into_iter().next() else {
        promisc_testkit::gate::skip("no cgroup hierarchy is mounted (/proc/self/mountinfo)");
        return;
    };
    ns.ip("link set lo up");
    ns.veth_pair();
    let holder = ns.membership_holder("veth0");
    let pid = holder.pid();
    let base = format!("promisc-test-{}-cgns", std::process::id());
    // The kubelet's cgroupfs layout: the holder and the exporter in pods of two QoS classes.
    let _held = Cgroup::enter(
        &mount,
        &format!("{base}/kubepods/burstable/pod{UID}/{ID}"),
        pid,
    )
    .expect("a cgroup for the holder");
    let own = Cgroup::make(
        &mount,
        &format!("{base}/kubepods/besteffort/pod1f2e3d4c-0000-4000-8000-000000000001/c0"),
    )
    .expect("a cgroup for the exporter");
    let procs = own.procs().display().to_string();
    let in_own = |cmd: &str| format!("echo $$ > {procs} && exec unshare --cgroup {cmd}");
    // `ip netns exec` mounts a sysfs of its own, without the cgroup hierarchies: the commands
    // go back to the host's mount namespace (keeping the test's network namespace).
    let me = std::process::id();
    let mnt = format!("--mount=/proc/{me}/ns/mnt");
    let host_mounts = ["nsenter", mnt.as_str(), "sh", "-c"];
    // The oracle: the kernel's view from such a namespace has no `kubepods`.
    let cat = in_own(&format!("cat /proc/{pid}/cgroup"));
    let seen = ns.run(&[&host_mounts[..], &[cat.as_str()]].concat());
    assert!(
        seen.contains(&format!("/../burstable/pod{UID}/{ID}")) && !seen.contains("kubepods"),
        "{seen}"
    );
    let bin = bin();
    // The host's cgroup namespace is init's (`/proc/1/ns/cgroup`, which a DaemonSet with
    // hostPID sees); here it is the test's own, which this machine lets the test open.
    let serve = in_own(&format!(
        "env {}=/proc/{me}/ns/cgroup {bin} exporter --web.listen-address 127.0.0.1:0 --interval 500ms",
        promisc_exporter::CGROUP_NS_ENV
    ));
    let exporter = ns.spawn(&[&host_mounts[..], &[serve.as_str()]].concat());
    let line = exporter.wait_stderr("listening on");
    let port: u16 = line
        .rsplit_once(':')
        .and_then(|(_, r)| r.strip_suffix("/metrics"))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line}"));
    let text = scrape(&ns, port);
    let holder_line = text
        .lines()
        .find(|l| {
            l.starts_with("promisc_holder{")
                && l.contains("device=\"veth0\"")
                && l.contains("kind=\"packet_socket\"")
        })
        .unwrap_or_else(|| panic!("no holder of veth0 in\n{text}"));
    assert!(
        holder_line.contains(&format!("pod=\"{UID}\"")),
        "the pod of the holder: {holder_line}"
    );
    drop(exporter);
}
