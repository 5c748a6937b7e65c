//! `-n NETNS` / `--netns NETNS`, the `ip -n` habit: before or after the subcommand, each
//! command runs as if inside NETNS. Every run here starts in a namespace of its own (`here`)
//! that has interfaces of the same names, so that a command acting where it runs instead of
//! in NETNS is caught; iproute2 (`ip -n NETNS -d -j link show`) is the judge.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// `promisc ARGS` run in `here`.
fn promisc_in(here: &Netns, args: &[&str]) -> Run {
    here.promisc(args)
}

/// name -> (ifindex, promiscuity) of `status --json`'s interfaces.
fn by_name(json: &Value) -> BTreeMap<String, (i64, i64)> {
    json.as_array()
        .expect("interfaces")
        .iter()
        .map(|e| {
            let name = e["name"].as_str().expect("name").to_string();
            let index = e["ifindex"].as_i64().expect("ifindex");
            (
                name,
                (index, e["promiscuity"].as_i64().expect("promiscuity")),
            )
        })
        .collect()
}

/// name -> (ifindex, promiscuity) as iproute2 sees namespace `ns`.
fn ip_view(ns: &Netns) -> BTreeMap<String, (i64, i64)> {
    ip_links(ns)
        .into_values()
        .map(|l| (l.name, (l.ifindex, l.promiscuity)))
        .collect()
}

/// Two namespaces: `target` (veth0/veth1, plus `only-there`) and `here` (veth0/veth1), where
/// promisc runs.
fn pair(short: &str) -> Option<(Netns, Netns)> {
    let target = privileged(short)?;
    target.veth_pair();
    target.ip("link add only-there type veth peer name only-there1");
    let here = Netns::new(&format!("{short}-here"));
    here.veth_pair();
    Some((target, here))
}

#[test]
fn status_in_a_namespace_lists_exactly_its_interfaces_in_every_word_order() {
    let Some((target, here)) = pair("ns-status") else {
        return;
    };
    target.ip("link set veth0 promisc on");
    let path = format!("/run/netns/{}", target.name);
    let sleeper = target.spawn(&["sleep", "60"]);
    let pid = format!("pid:{}", sleeper.pid());
    let t = target.name.as_str();
    let forms: Vec<Vec<&str>> = vec![
        vec!["-n", t, "status", "--json"],
        vec!["--netns", t, "status", "--json"],
        vec!["--netns", &path, "status", "--json"],
        vec!["status", "--netns", t, "--json"],
        vec!["status", "-n", t, "--json"],
        vec!["status", "--json", "-n", &pid],
        vec!["-n", t, "--json"],
        vec!["-n", t, "status", "-n", t, "--json"],
    ];
    let want = ip_view(&target);
    assert!(want.contains_key("only-there"), "{want:?}");
    for args in &forms {
        let run = promisc_in(&here, args);
        run.expect_success();
        let json = status_document(&run.stdout, &run.to_string());
        assert_eq!(by_name(&json), want, "{args:?}: {run}");
        check_invariants(&target, &json);
        assert_holders(&json, &target, "veth0", &["user_flag"]);
        for e in json.as_array().unwrap() {
            assert_eq!(e["netns"], target.name.as_str(), "{args:?}: {e:#}");
        }
    }
    // `here`'s own status is untouched by all this: its veth0 is not promiscuous.
    assert_eq!(ip_link(&here, "veth0").promiscuity, 0);
}

#[test]
fn on_and_off_change_the_counter_in_the_namespace_only() {
    let Some((target, here)) = pair("ns-onoff") else {
        return;
    };
    let t = target.name.as_str();
    for (on, off) in [
        (vec!["-n", t, "on", "veth0"], vec!["-n", t, "off", "veth0"]),
        (
            vec!["on", "veth0", "--netns", t],
            vec!["off", "--netns", t, "veth0"],
        ),
        (
            vec!["--netns", t, "on", "veth0", "--ioctl"],
            vec!["off", "veth0", "-n", t, "--ioctl"],
        ),
    ] {
        promisc_in(&here, &on).expect_success();
        let ip = ip_link(&target, "veth0");
        assert_eq!(ip.promiscuity, 1, "after {on:?}: {ip:?}");
        assert!(ip.has_flag("PROMISC"), "after {on:?}: {ip:?}");
        assert_eq!(ip_link(&here, "veth0").promiscuity, 0, "{on:?} acted here");
        promisc_in(&here, &off).expect_success();
        assert_eq!(promiscuity(&target, "veth0"), 0, "after {off:?}");
    }
    // An interface only the namespace has, and one it does not have (exit 3, its names).
    promisc_in(&here, &["-n", t, "on", "only-there"]).expect_success();
    assert_eq!(promiscuity(&target, "only-there"), 1);
    promisc_in(&here, &["off", "only-there", "-n", t]).expect_success();
    assert_eq!(promiscuity(&target, "only-there"), 0);
    let run = target.promisc(&["-n", &here.name, "on", "only-there"]);
    run.expect_code(3).expect_stderr_contains("veth0");
}

#[test]
fn hold_holds_in_the_namespace_and_its_command_runs_there() {
    let Some((target, here)) = pair("ns-hold") else {
        return;
    };
    let bin = bin();
    let hold = here.spawn(&[&bin, "-n", &target.name, "hold", "veth0", "--for", "30s"]);
    wait_promiscuity(&target, "veth0", 1);
    let json = status_json(&target, &[]);
    assert_holders(
        &json,
        &target,
        "veth0",
        &[&packet_holder_line(hold.pid(), "promisc")],
    );
    assert_eq!(ip_link(&here, "veth0").promiscuity, 0, "hold acted here");
    hold.kill();
    wait_promiscuity(&target, "veth0", 0);

    // The command of `hold -- COMMAND` runs in the namespace too.
    let run = promisc_in(
        &here,
        &[
            "hold",
            "veth1",
            "--netns",
            &target.name,
            "--",
            "sh",
            "-c",
            "stat -L -c %i /proc/self/ns/net",
        ],
    );
    run.expect_success();
    let inode: u64 = run
        .stdout
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{run}"));
    assert_eq!(
        inode,
        target.inode(),
        "the command ran in the namespace: {run}"
    );
    wait_promiscuity(&target, "veth1", 0);
}

#[test]
fn watch_sees_a_change_made_in_the_namespace_and_none_made_where_it_runs() {
    let Some((target, here)) = pair("ns-watch") else {
        return;
    };
    let bin = bin();
    for args in [
        vec![bin.as_str(), "-n", &target.name, "watch", "--json"],
        vec![bin.as_str(), "watch", "--json", "--netns", &target.name],
    ] {
        let w = here.spawn(&args);
        w.wait_stderr("watching");
        // A change where watch runs first, then one in the namespace: only the second is
        // reported.
        here.ip("link set veth0 promisc on");
        target.ip("link set veth0 promisc on");
        let line = w.wait_stdout("holder_added");
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_documented("watch", &v);
        assert_eq!(v["netns"], target.name.as_str(), "{args:?}: {v:#}");
        assert_eq!(v["interface"], "veth0", "{v:#}");
        assert_eq!(v["holder"]["kind"], "user_flag", "{v:#}");
        target.ip("link set veth0 promisc off");
        let line = w.wait_stdout("holder_removed");
        assert!(line.contains(&target.name), "{line}");
        here.ip("link set veth0 promisc off");
        w.signal("TERM");
        assert_eq!(w.wait_exit(TIMEOUT).code(), Some(0), "{args:?}");
        let seen = w.seen().join("\n");
        assert!(
            !seen.contains(&here.name),
            "{args:?} reported {}: {seen}",
            here.name
        );
    }
}

#[test]
fn the_exporter_reads_the_namespace_and_listens_where_it_was_started() {
    let Some((target, here)) = pair("ns-export") else {
        return;
    };
    target.ip("link set only-there promisc on");
    here.ip("link set lo up");
    let bin = bin();
    let p = here.spawn(&[
        &bin,
        "exporter",
        "--web.listen-address",
        "127.0.0.1:0",
        "--interval",
        "500ms",
        "-n",
        &target.name,
    ]);
    let line = p.wait_stderr("listening on");
    let port = line
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.strip_suffix("/metrics"))
        .unwrap_or_else(|| panic!("no port in {line}"));
    // Scraped in `here`, where it listens.
    let py = python();
    let script = format!(
        "import urllib.request\nprint(urllib.request.urlopen('http://127.0.0.1:{port}/metrics', timeout=10).read().decode())"
    );
    let text = here.run(&[&py, "-c", &script]);
    let want = format!(
        "promisc_interface_promiscuity{{netns=\"{}\",device=\"only-there\"}} 1",
        target.name
    );
    assert!(text.contains(&want), "{want} missing:\n{text}");
    assert!(
        !text.contains(&here.name),
        "{}'s devices shown:\n{text}",
        here.name
    );
    for name in ip_links(&target).keys() {
        assert!(
            text.contains(&format!("device=\"{name}\"")),
            "{name}:\n{text}"
        );
    }
    p.signal("TERM");
    assert_eq!(p.wait_exit(TIMEOUT).code(), Some(0));
}

#[test]
fn detect_and_doctor_probe_from_the_namespace() {
    let Some((target, here)) = pair("ns-probe") else {
        return;
    };
    // veth0 (192.0.2.1) in the namespace, veth1 (192.0.2.2) in a third one.
    let peer = Netns::new("ns-probe-peer");
    target.ip(&format!("link set veth1 netns {}", peer.name));
    target.ip("addr add 192.0.2.1/24 dev veth0");
    peer.ip("addr add 192.0.2.2/24 dev veth1");
    peer.ip("link set veth1 up");
    target.ip("link set veth0 up");
    let mac = ip_link(&peer, "veth1").address.expect("a MAC");
    let run = promisc_in(
        &here,
        &[
            "-n",
            &target.name,
            "detect",
            "-i",
            "veth0",
            "192.0.2.2",
            "--discover-only",
            "--json",
        ],
    );
    run.expect_success();
    let hosts: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
    let found: Vec<&Value> = hosts["hosts"].as_array().expect("hosts").iter().collect();
    assert_eq!(found.len(), 1, "{run}");
    assert_eq!(found[0]["ip"], "192.0.2.2", "{run}");
    assert_eq!(found[0]["mac"], mac.as_str(), "{run}");

    // doctor --host in the namespace: a bridge there, with a port only it has.
    target.ip("link add br0 type bridge");
    target.ip("link set only-there master br0");
    let run = promisc_in(&here, &["doctor", "--host", "--json", "-n", &target.name]);
    run.expect_success();
    let d: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
    let ports: Vec<&str> = d["ports"]
        .as_array()
        .unwrap_or_else(|| panic!("{run}"))
        .iter()
        .filter_map(|p| p["port"].as_str())
        .collect();
    assert!(ports.contains(&"only-there"), "{ports:?}: {run}");
}

#[test]
fn an_unknown_namespace_exits_3_naming_those_that_exist() {
    let Some((target, here)) = pair("ns-unknown") else {
        return;
    };
    let missing = format!("{}-missing", target.name);
    let m = missing.as_str();
    for args in [
        vec!["-n", m, "status"],
        vec!["status", "--netns", m],
        vec!["-n", m],
        vec!["on", "veth0", "-n", m],
        vec!["--netns", m, "off", "veth0"],
        vec!["hold", "veth0", "--for", "1s", "-n", m],
        vec!["-n", m, "watch"],
        vec!["detect", "-i", "veth0", "-n", m],
        vec!["doctor", "-n", m],
        vec!["exporter", "--web.listen-address", "127.0.0.1:0", "-n", m],
    ] {
        let run = promisc_in(&here, &args);
        run.expect_code(3)
            .expect_stderr_contains(&format!("no network namespace \"{m}\""))
            .expect_stderr_contains(&target.name)
            .expect_stderr_contains("ip netns add");
    }
    // A file that is no network namespace, and a process that does not exist.
    promisc_in(&here, &["-n", "/etc/hostname", "status"])
        .expect_code(3)
        .expect_stderr_contains("is not a network namespace");
    promisc_in(&here, &["-n", "/proc/self/ns/uts", "on", "veth0"])
        .expect_code(3)
        .expect_stderr_contains("is not a network namespace");
    promisc_in(&here, &["-n", "pid:999999999", "status"]).expect_code(3);
    // Without CAP_SYS_ADMIN: exit 4, the capability named (the exporter too, whose watch
    // thread alone enters the namespace).
    let bin = bin();
    for args in [
        &["on", "veth0"][..],
        &["exporter", "--web.listen-address", "127.0.0.1:0"][..],
        &["watch"][..],
    ] {
        let mut argv = vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            &bin,
            "-n",
            &target.name,
        ];
        argv.extend_from_slice(args);
        let run = run_bounded(&argv, CMD_TIMEOUT);
        run.expect_code(4).expect_stderr_contains("CAP_SYS_ADMIN");
        assert!(!run.stderr.contains("listening"), "{run}");
    }
    assert_eq!(promiscuity(&target, "veth0"), 0);
}

#[test]
fn capture_keeps_tcpdumps_n_and_takes_no_namespace() {
    let Some((target, here)) = pair("ns-capture") else {
        return;
    };
    let run = promisc_in(
        &here,
        &["-n", &target.name, "capture", "-i", "veth0", "-c", "1"],
    );
    run.expect_code(2)
        .expect_stderr_contains("`capture` takes no network namespace")
        .expect_stderr_contains(&format!("ip netns exec {} promisc capture", target.name));
    // Before a subcommand only the namespace may stand.
    promisc_in(&here, &["--json", "status"])
        .expect_code(2)
        .expect_stderr_contains("only -n/--netns goes before the subcommand");
    // Two different namespaces, and a namespace with every namespace.
    promisc_in(&here, &["-n", &target.name, "status", "-n", &here.name])
        .expect_code(2)
        .expect_stderr_contains("two network namespaces");
    promisc_in(&here, &["-n", &target.name, "watch", "--all-netns"]).expect_code(2);
}
