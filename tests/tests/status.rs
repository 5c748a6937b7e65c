//! `promisc status`: who holds an interface promiscuous, checked against iproute2, sysfs and
//! /proc in namespaces built for each case: nothing on a fresh veth pair, the user flag,
//! packet-socket memberships (python, tcpdump, forked processes), bridge ports, macvlans (also
//! across namespaces) and `--all-netns`.

use crate::common::*;
use serde_json::{json, Value};

#[test]
fn nothing_held_on_a_fresh_veth_pair() {
    let ns = netns!("nothing");
    ns.veth_pair();

    let json = checked_status(&ns);
    assert_eq!(
        entries_of(&json, &ns.name).len(),
        3,
        "lo, veth0, veth1: {json:#}"
    );
    for ifname in ["lo", "veth0", "veth1"] {
        assert_holders(&json, &ns, ifname, &[]);
        let e = iface(&json, &ns, ifname);
        assert_eq!(e["promiscuity"], 0, "{e:#}");
        assert_eq!(e["promisc"], false, "{e:#}");
    }
    assert_eq!(iface(&json, &ns, "veth0")["kind"], "veth");
    assert_eq!(iface(&json, &ns, "lo")["kind"], "loopback");
    assert_eq!(iface(&json, &ns, "veth0")["up"], true);
    assert_eq!(iface(&json, &ns, "lo")["up"], false);
    all_counters_zero(&ns);

    // `promisc` alone is `promisc status`.
    let run = ns.promisc(&[]);
    run.expect_success();
    assert!(
        run.stdout.contains("veth0"),
        "bare promisc should list veth0: {run}"
    );
    let run = ns.promisc(&["status"]);
    run.expect_success();
    assert!(run.stdout.contains("veth1"), "{run}");
}

#[test]
fn user_flag_is_the_only_holder() {
    let ns = netns!("userflag");
    ns.veth_pair();
    ns.ip("link set veth0 promisc on");

    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &["user_flag"]);
    assert_holders(&json, &ns, "veth1", &[]);
    let e = iface(&json, &ns, "veth0");
    assert_eq!(e["user_flag"], true, "{e:#}");
    assert_eq!(e["promisc"], true, "{e:#}");
    assert_eq!(e["promiscuity"], 1, "{e:#}");
    assert_ne!(sysfs_flags(&ns, "veth0") & IFF_PROMISC, 0);

    // Naming interfaces restricts the output to them.
    let only = status_json(&ns, &["veth0"]);
    let names: Vec<&str> = only
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["veth0"], "{only:#}");
    assert_holders(&only, &ns, "veth0", &["user_flag"]);
}

#[test]
fn packet_socket_membership_is_attributed_to_its_process() {
    let ns = netns!("packet");
    ns.veth_pair();
    let py = ns.membership_holder("veth0");
    assert_eq!(
        proc_comm(pid_i64(&py)),
        "python3",
        "the spawned pid is python's"
    );
    let sockets = socket_inodes(pid_i64(&py));
    assert_eq!(sockets.len(), 1, "the helper has one socket: {sockets:?}");
    let inode = *sockets.first().unwrap();

    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&packet_holder_line(py.pid(), "python3")],
    );
    assert_holders(&json, &ns, "veth1", &[]);
    let h = holder(&json, &ns, "veth0", "packet_socket");
    assert_eq!(h["inode"], inode, "{h:#}");
    assert_eq!(h["uid"], 0, "{h:#}");
    assert_eq!(h["socket_uid"], 0, "{h:#}");
    assert_eq!(
        h["processes"],
        json!([{"pid": py.pid(), "comm": "python3", "uid": 0}]),
        "{h:#}"
    );
    assert_eq!(iface(&json, &ns, "veth0")["user_flag"], false);

    // The kernel drops the membership with the socket.
    py.kill();
    wait_promiscuity(&ns, "veth0", 0);
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);
}

#[test]
fn user_flag_and_packet_socket_are_both_counted() {
    let ns = netns!("two");
    ns.veth_pair();
    ns.ip("link set veth0 promisc on");
    let py = ns.membership_holder("veth0");
    wait_promiscuity(&ns, "veth0", 2);

    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &["user_flag", &packet_holder_line(py.pid(), "python3")],
    );
    assert_eq!(iface(&json, &ns, "veth0")["promiscuity"], 2);
}

#[test]
fn tcpdump_without_promiscuous_mode_holds_nothing() {
    let ns = netns_with_tcpdump!("tcpdump-p");
    ns.veth_pair();
    let _p = tcpdump(&ns, &["-p", "-i", "veth0"]);
    let _any = tcpdump(&ns, &["-i", "any"]);

    all_counters_zero(&ns);
    let json = checked_status(&ns);
    for ifname in ["lo", "veth0", "veth1"] {
        assert_holders(&json, &ns, ifname, &[]);
    }
}

#[test]
fn tcpdump_in_promiscuous_mode_is_a_holder() {
    let ns = netns_with_tcpdump!("tcpdump");
    ns.veth_pair();
    let td = tcpdump(&ns, &["-i", "veth0"]);
    assert_eq!(proc_comm(pid_i64(&td)), "tcpdump");
    wait_promiscuity(&ns, "veth0", 1);

    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&packet_holder_line(td.pid(), "tcpdump")],
    );
    assert_holders(&json, &ns, "veth1", &[]);
    let h = holder(&json, &ns, "veth0", "packet_socket");
    // tcpdump drops privileges: the process uid is its own, as /proc says.
    assert_eq!(h["uid"].as_i64(), Some(proc_uid(pid_i64(&td))), "{h:#}");
    // Its socket is bound to veth0.
    let inode = h["inode"].as_i64().unwrap();
    let sock = packet_sockets_in(&ns.name)[&inode];
    assert_eq!(sock.ifindex, ip_link(&ns, "veth0").ifindex, "{h:#}");
}

#[test]
fn bridge_port_is_held_by_its_bridge() {
    let ns = netns!("bridge");
    ns.veth_pair();
    ns.ip("link add br0 type bridge");
    ns.ip("link set veth0 master br0");
    ns.ip("link set br0 up");

    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&format!("bridge_port device=br0 netns={}", ns.name)],
    );
    assert_holders(&json, &ns, "br0", &[]);
    assert_holders(&json, &ns, "veth1", &[]);
    assert_eq!(iface(&json, &ns, "br0")["kind"], "bridge");
    let h = holder(&json, &ns, "veth0", "bridge_port");
    assert_eq!(
        h["ifindex"].as_i64(),
        Some(ip_link(&ns, "br0").ifindex),
        "{h:#}"
    );
}

#[test]
fn passthru_macvlan_holds_its_lower_device() {
    let ns = netns!("passthru");
    ns.veth_pair();
    ns.ip("link add mv0 link veth0 type macvlan mode passthru");
    ns.ip("link set mv0 up");

    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&format!(
            "macvlan device=mv0 netns={} mode=passthru",
            ns.name
        )],
    );
    assert_holders(&json, &ns, "mv0", &[]);
    assert_eq!(iface(&json, &ns, "mv0")["kind"], "macvlan");
}

#[test]
fn passthru_macvlan_in_another_namespace_is_found() {
    let ns = netns!("passthru-x");
    let ns2 = Netns::new("passthru-y");
    ns.veth_pair();
    ns.ip("link add mv0 link veth0 type macvlan mode passthru");
    ns.ip(&format!("link set mv0 netns {}", ns2.name));
    ns2.ip("link set mv0 up");
    wait_promiscuity(&ns, "veth0", 1);

    // Without --all-netns: only ns's interfaces, but the holder is named
    // with its own namespace.
    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&format!(
            "macvlan device=mv0 netns={} mode=passthru",
            ns2.name
        )],
    );
    let h = holder(&json, &ns, "veth0", "macvlan");
    assert_eq!(
        h["ifindex"].as_i64(),
        Some(ip_link(&ns2, "mv0").ifindex),
        "{h:#}"
    );

    // With --all-netns, both namespaces, the same attribution.
    let json = status_json(&ns, &["--all-netns"]);
    check_invariants(&ns, &json);
    check_invariants(&ns2, &json);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&format!(
            "macvlan device=mv0 netns={} mode=passthru",
            ns2.name
        )],
    );
    assert_holders(&json, &ns2, "mv0", &[]);
}

#[test]
fn bridge_macvlan_on_veth_is_unicast_promiscuity() {
    let ns = netns!("uc");
    ns.veth_pair();
    ns.ip("link add mv0 link veth0 type macvlan mode bridge");
    ns.ip("link set mv0 up");
    let mac = ip_link(&ns, "mv0").address.expect("mv0 has a MAC");

    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &["uc_promisc"]);
    let h = holder(&json, &ns, "veth0", "uc_promisc");
    assert_eq!(h["inferred"], true, "{h:#}");
    let addrs = h["addresses"].as_array().unwrap();
    assert!(
        addrs.contains(&Value::String(mac.to_lowercase())),
        "addresses should contain mv0's {mac}: {h:#}"
    );
    assert_eq!(iface(&json, &ns, "veth0")["user_flag"], false);
}

#[test]
fn forked_holder_lists_every_process() {
    let ns = netns!("fork");
    ns.veth_pair();
    let py = ns.spawn(&[&python(), &helper("hold_membership.py"), "veth0", "--fork"]);
    let line = py.wait_stdout("ready");
    let child: i64 = line
        .trim()
        .strip_prefix("ready child=")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected helper line {line:?}"));
    let parent = pid_i64(&py);
    assert_eq!(
        socket_inodes(parent),
        socket_inodes(child),
        "one shared socket"
    );

    let json = checked_status(&ns);
    let e = iface(&json, &ns, "veth0");
    assert_eq!(holders(e).len(), 1, "one socket, one holder: {e:#}");
    assert_eq!(e["unattributed"], 0, "{e:#}");
    let h = holder(&json, &ns, "veth0", "packet_socket");
    let mut pids = vec![parent, child];
    pids.sort();
    let listed: Vec<i64> = h["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pid"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, pids, "{h:#}");
    for p in h["processes"].as_array().unwrap() {
        assert_eq!(p["comm"], "python3", "{h:#}");
    }
    assert_eq!(h["comm"], "python3", "{h:#}");
}

#[test]
fn all_netns_lists_other_namespaces() {
    let ns = netns!("all-a");
    let ns2 = Netns::new("all-b");
    ns.veth_pair();
    ns2.veth_pair();
    ns2.ip("link set veth0 promisc on");

    let json = status_json(&ns, &["--all-netns"]);
    assert!(
        !entries_of(&json, &ns2.name).is_empty(),
        "--all-netns should list {}'s interfaces: {json:#}",
        ns2.name
    );
    check_invariants(&ns, &json);
    check_invariants(&ns2, &json);
    assert_holders(&json, &ns, "veth0", &[]);
    assert_holders(&json, &ns2, "veth0", &["user_flag"]);
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|e| e["netns"] == "default" && e["name"] == "lo"),
        "--all-netns should list the initial namespace as \"default\""
    );
}

/// The SGR escape that starts a colour.
const ESC: &str = "\x1b[";

#[test]
fn status_colour_follows_color_and_no_color() {
    let ns = netns!("colour");
    ns.veth_pair();
    ns.ip("link set veth0 promisc on");
    let table = |args: &[&str]| {
        let run = ns.promisc(args);
        run.expect_success();
        run.stdout.clone()
    };
    let plain = table(&["status"]);
    assert!(plain.contains("PROMISC"), "{plain}");
    assert!(
        !plain.contains(ESC),
        "no colour into a pipe by default: {plain:?}"
    );
    assert!(!table(&["status", "--color=auto"]).contains(ESC));
    assert!(!table(&["status", "--color=never"]).contains(ESC));
    for args in [
        &["status", "--color=always"][..],
        &["-c"],
        &["status", "--color"],
    ] {
        let coloured = table(args);
        assert!(
            coloured.contains("\x1b[1m\x1b[31mPROMISC\x1b[0m")
                || coloured.contains("\x1b[1;31mPROMISC\x1b[0m"),
            "{args:?}: PROMISC in bold red: {coloured:?}"
        );
        // Only the state is coloured: the same table once the escapes are taken out.
        let stripped = strip_sgr(&coloured);
        assert_eq!(stripped, plain, "{args:?}");
    }
    // NO_COLOR turns auto off, not an explicit --color=always (no-color.org).
    let bin = bin();
    let run = ns.try_run(&["env", "NO_COLOR=1", &bin, "status", "--color=always"]);
    assert!(run.stdout.contains(ESC), "{run}");
    // JSON is never coloured.
    let run = ns.promisc(&["status", "-j", "--color=always"]);
    run.expect_success();
    assert!(!run.stdout.contains(ESC), "{run}");
    status_document(&run.stdout, &run.to_string());
    ns.promisc(&["status", "--color=sometimes"]).expect_code(2);
}

/// `s` without its SGR escapes (`ESC [ ... m`).
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find(ESC) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ESC.len()..];
        rest = after.find('m').map_or("", |m| &after[m + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn pretty_json_is_the_same_value_indented() {
    let ns = netns!("pretty");
    ns.veth_pair();
    ns.ip("link set veth1 promisc on");
    let one = ns.promisc(&["status", "--json"]);
    one.expect_success();
    let pretty = ns.promisc(&["-j", "-p"]);
    pretty.expect_success();
    assert!(
        pretty.stdout.lines().count() > 10,
        "indented, many lines: {pretty}"
    );
    assert!(pretty.stdout.contains("\n  \"interfaces\": ["), "{pretty}");
    let a: Value = serde_json::from_str(&one.stdout).expect("--json parses");
    let b: Value = serde_json::from_str(&pretty.stdout).expect("-p parses");
    assert_eq!(a, b, "-p is --json indented");
    assert_documented("status", &b);
    // --pretty alone is refused: it is about JSON.
    ns.promisc(&["status", "--pretty"]).expect_code(2);
}

#[test]
fn netns_flag_shows_that_namespace_as_ip_n_does() {
    let ns = netns!("dash-n");
    ns.veth_pair();
    ns.ip("link set veth0 promisc on");
    let bin = bin();
    // Run from the test's own namespace, as `ip -n NS` is.
    for argv in [
        vec![bin.as_str(), "status", "-n", ns.name.as_str(), "-j"],
        vec![bin.as_str(), "--netns", ns.name.as_str(), "--json"],
    ] {
        let run = run_bounded(&argv, CMD_TIMEOUT);
        run.expect_success();
        let json = status_document(&run.stdout, &run.to_string());
        check_invariants(&ns, &json);
        assert_eq!(entries_of(&json, &ns.name).len(), 3, "{json:#}");
        assert_eq!(
            json.as_array().unwrap().len(),
            3,
            "only {}: {json:#}",
            ns.name
        );
        assert_holders(&json, &ns, "veth0", &["user_flag"]);
    }
    // The table, and an interface of that namespace named.
    let run = run_bounded(&[&bin, "-n", &ns.name, "veth0"], CMD_TIMEOUT);
    run.expect_success();
    assert!(
        run.stdout.contains("veth0") && run.stdout.contains("PROMISC"),
        "{run}"
    );
    assert!(!run.stdout.contains("veth1"), "{run}");

    // An unknown name: exit 3, the namespaces that exist listed.
    let run = run_bounded(&[&bin, "-n", "promisc-no-such-ns"], CMD_TIMEOUT);
    run.expect_code(3).expect_stderr_contains(&ns.name);
    // Without CAP_SYS_ADMIN: exit 4, named.
    let run = run_bounded(
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            &bin,
            "-n",
            &ns.name,
        ],
        CMD_TIMEOUT,
    );
    run.expect_code(4).expect_stderr_contains("CAP_SYS_ADMIN");
    assert!(
        run.stderr.contains("the promisc group does not give") && !run.stderr.contains("setcap"),
        "the advice fits CAP_SYS_ADMIN: {run}"
    );
    ns.promisc(&["status", "-n", &ns.name, "--all-netns"])
        .expect_code(2);
}
