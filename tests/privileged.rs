//! Privileged integration tests of `promisc`.
//!
//! Each test builds its scenario in its own network namespace (see
//! `harness::Netns`), runs `promisc` inside it and compares what it says with
//! independent oracles: iproute2 for the counters and flags, sysfs for the
//! real IFF_PROMISC, /proc for the processes and sockets.
//!
//! They need root (CAP_NET_ADMIN, CAP_SYS_ADMIN for `ip netns`); otherwise
//! they print `skipped: <reason>` and pass, unless
//! `PROMISC_REQUIRE_PRIVILEGED=1`, which turns a skip into a failure.

mod harness;

use harness::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The test's namespace, or return (skip) when it cannot run here.
macro_rules! netns {
    ($short:expr) => {
        match privileged($short) {
            Some(ns) => ns,
            None => return,
        }
    };
}

/// Same as [`netns!`], also skipping when `tcpdump` is missing.
macro_rules! netns_with_tcpdump {
    ($short:expr) => {{
        let ns = netns!($short);
        if !require_tool("tcpdump") {
            return;
        }
        ns
    }};
}

fn pid_i64(p: &Proc) -> i64 {
    i64::from(p.pid())
}

/// `tcpdump ARGS -w /dev/null` in `ns`, once it is capturing.
fn tcpdump(ns: &Netns, args: &[&str]) -> Proc {
    let mut argv = vec!["tcpdump"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(&["-w", "/dev/null"]);
    let p = ns.spawn(&argv);
    p.wait_stderr("listening on");
    p
}

fn all_counters_zero(ns: &Netns) {
    for (name, (promiscuity, _)) in ip_counters(ns) {
        assert_eq!(promiscuity, 0, "{name} promiscuity in {}", ns.name);
    }
}

// 1 -------------------------------------------------------------------------

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

// 2 -------------------------------------------------------------------------

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

// 3 -------------------------------------------------------------------------

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

// 4 -------------------------------------------------------------------------

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

// 5 -------------------------------------------------------------------------

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

// 6 -------------------------------------------------------------------------

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

// 7 -------------------------------------------------------------------------

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

// 8 -------------------------------------------------------------------------

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

// 9 -------------------------------------------------------------------------

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

// 10 ------------------------------------------------------------------------

#[test]
fn hold_is_released_on_sigkill() {
    let ns = netns!("hold-kill");
    ns.veth_pair();
    let hold = ns.spawn(&[&bin(), "hold", "veth0", "--for", "30s"]);
    wait_promiscuity(&ns, "veth0", 1);

    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&packet_holder_line(hold.pid(), "promisc")],
    );
    assert_holders(&json, &ns, "veth1", &[]);
    assert!(hold.exited().is_none(), "hold --for 30s ended early");

    hold.kill();
    wait_promiscuity(&ns, "veth0", 0);
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);
}

#[test]
fn hold_several_interfaces_with_one_socket() {
    let ns = netns!("hold-two");
    ns.veth_pair();
    let hold = ns.spawn(&[&bin(), "hold", "veth0", "veth1", "--for", "30s"]);
    wait_promiscuity(&ns, "veth0", 1);
    wait_promiscuity(&ns, "veth1", 1);

    let json = checked_status(&ns);
    let line = packet_holder_line(hold.pid(), "promisc");
    assert_holders(&json, &ns, "veth0", &[&line]);
    assert_holders(&json, &ns, "veth1", &[&line]);
    let inode0 = &holder(&json, &ns, "veth0", "packet_socket")["inode"];
    let inode1 = &holder(&json, &ns, "veth1", "packet_socket")["inode"];
    assert_eq!(inode0, inode1, "one AF_PACKET socket for both memberships");

    hold.kill();
    wait_promiscuity(&ns, "veth0", 0);
    wait_promiscuity(&ns, "veth1", 0);
    checked_status(&ns);
}

#[test]
fn hold_runs_a_command_and_returns_its_exit_code() {
    let ns = netns!("hold-cmd");
    ns.veth_pair();
    let run = ns.promisc(&[
        "hold",
        "veth0",
        "--",
        "sh",
        "-c",
        "cat /sys/class/net/veth0/flags; exit 7",
    ]);
    run.expect_code(7);
    let flags = run
        .stdout
        .lines()
        .find(|l| l.trim().starts_with("0x"))
        .unwrap_or_else(|| panic!("the command's output is missing: {run}"));
    assert_ne!(
        parse_hex(flags) & IFF_PROMISC,
        0,
        "veth0 should be promiscuous while the command runs: {run}"
    );
    wait_promiscuity(&ns, "veth0", 0);
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);

    // A command killed by signal N gives 128+N.
    let run = ns.promisc(&["hold", "veth0", "--", "sh", "-c", "kill -9 $$"]);
    run.expect_code(128 + 9);
    wait_promiscuity(&ns, "veth0", 0);
}

/// The command of `hold -- COMMAND` starts with no signal blocked, so that `--for` and
/// forwarded signals end it, and SIGKILL follows SIGTERM after `--kill-after`.
#[test]
fn hold_command_gets_signals() {
    let ns = netns!("hold-sig");
    ns.veth_pair();
    let run = ns.promisc(&[
        "hold",
        "veth0",
        "--",
        "grep",
        "^SigBlk",
        "/proc/self/status",
    ]);
    run.expect_success();
    assert!(
        run.stdout.contains("SigBlk:\t0000000000000000"),
        "the command's signal mask should be empty: {run}"
    );

    // --for ends a command with SIGTERM.
    let start = Instant::now();
    let run = ns.promisc(&["hold", "veth0", "--for", "300ms", "--", "sleep", "30"]);
    run.expect_code(128 + 15);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );

    // One that ignores SIGTERM gets SIGKILL after --kill-after.
    let run = ns.promisc(&[
        "hold",
        "veth0",
        "--for",
        "300ms",
        "--kill-after",
        "300ms",
        "--",
        "sh",
        "-c",
        "trap '' TERM; while :; do sleep 0.1; done",
    ]);
    run.expect_code(128 + 9);
    assert!(run.stderr.contains("SIGKILL"), "{run}");

    // A signal sent to hold reaches the command.
    let hold = ns.spawn(&[&bin(), "hold", "veth0", "--", "sleep", "30"]);
    wait_promiscuity(&ns, "veth0", 1);
    hold.signal("HUP");
    let status = hold.wait_exit(Duration::from_secs(5));
    assert_eq!(status.code(), Some(128 + 1), "hold after SIGHUP: {status}");
    wait_promiscuity(&ns, "veth0", 0);
}

/// After `kill -9` of hold, its command gets SIGTERM and ends: nothing outlives the hold.
#[test]
fn hold_command_ends_when_hold_is_killed() {
    let ns = netns!("hold-orphan");
    ns.veth_pair();
    let hold = ns.spawn(&[&bin(), "hold", "veth0", "--", "sleep", "30"]);
    wait_promiscuity(&ns, "veth0", 1);
    let child =
        std::fs::read_to_string(format!("/proc/{}/task/{}/children", hold.pid(), hold.pid()))
            .expect("children of hold");
    let child: u32 = child.trim().parse().expect("one child pid");
    hold.kill();
    wait_until("the command ends", Duration::from_secs(5), || {
        std::fs::read_to_string(format!("/proc/{child}/stat")).map_or(true, |s| s.contains(") Z "))
    });
    wait_promiscuity(&ns, "veth0", 0);
}

#[test]
fn hold_exits_promptly_on_sigterm() {
    let ns = netns!("hold-term");
    ns.veth_pair();
    let hold = ns.spawn(&[&bin(), "hold", "veth0", "--for", "30s"]);
    wait_promiscuity(&ns, "veth0", 1);

    hold.signal("TERM");
    let status = hold.wait_exit(Duration::from_secs(3));
    eprintln!("hold after SIGTERM: {status}");
    wait_promiscuity(&ns, "veth0", 0);
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);
}

#[test]
fn hold_for_a_duration_ends_by_itself() {
    let ns = netns!("hold-for");
    ns.veth_pair();
    let start = Instant::now();
    let run = ns.promisc(&["hold", "veth0", "--for", "500ms"]);
    let took = start.elapsed();
    run.expect_success();
    assert!(
        took >= Duration::from_millis(450),
        "hold --for 500ms returned after {took:?}: {run}"
    );
    assert!(
        took < Duration::from_secs(10),
        "hold --for 500ms took {took:?}"
    );
    wait_promiscuity(&ns, "veth0", 0);
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);
}

// 11 ------------------------------------------------------------------------

#[test]
fn off_names_the_holders_that_remain() {
    let ns = netns!("off-left");
    ns.veth_pair();
    ns.ip("link set veth0 promisc on");
    let py = ns.membership_holder("veth0");
    wait_promiscuity(&ns, "veth0", 2);

    let run = ns.promisc(&["off", "veth0"]);
    run.expect_success()
        .expect_stderr_contains("still promiscuous")
        .expect_stderr_contains("python3");

    let ip = ip_link(&ns, "veth0");
    assert_eq!(ip.promiscuity, 1, "{ip:?}");
    assert!(
        !ip.has_flag("PROMISC"),
        "user flag should be cleared: {ip:?}"
    );
    assert_ne!(
        sysfs_flags(&ns, "veth0") & IFF_PROMISC,
        0,
        "still really promiscuous"
    );
    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&packet_holder_line(py.pid(), "python3")],
    );
    let e = iface(&json, &ns, "veth0");
    assert_eq!(e["user_flag"], false, "{e:#}");
    assert_eq!(e["promisc"], true, "{e:#}");
}

#[test]
fn on_and_off_toggle_the_user_flag() {
    let ns = netns!("onoff");
    ns.veth_pair();
    for via in [&[][..], &["--ioctl"][..]] {
        let on: Vec<&str> = [&["on", "veth0"][..], via].concat();
        let off: Vec<&str> = [&["off", "veth0"][..], via].concat();

        ns.promisc(&on).expect_success();
        let ip = ip_link(&ns, "veth0");
        assert!(ip.has_flag("PROMISC"), "after {on:?}: {ip:?}");
        assert_eq!(ip.promiscuity, 1, "after {on:?}: {ip:?}");
        assert_ne!(sysfs_flags(&ns, "veth0") & IFF_PROMISC, 0, "after {on:?}");
        let json = checked_status(&ns);
        assert_holders(&json, &ns, "veth0", &["user_flag"]);
        assert_holders(&json, &ns, "veth1", &[]);

        let run = ns.promisc(&off);
        run.expect_success();
        assert!(
            !run.stderr.contains("still promiscuous"),
            "nothing else holds veth0: {run}"
        );
        let ip = ip_link(&ns, "veth0");
        assert!(!ip.has_flag("PROMISC"), "after {off:?}: {ip:?}");
        assert_eq!(ip.promiscuity, 0, "after {off:?}: {ip:?}");
        assert_eq!(sysfs_flags(&ns, "veth0") & IFF_PROMISC, 0, "after {off:?}");
        let json = checked_status(&ns);
        assert_holders(&json, &ns, "veth0", &[]);
    }
}

// 12 ------------------------------------------------------------------------

#[test]
fn unknown_interface_exits_3_and_lists_the_real_ones() {
    let ns = netns!("unknown");
    ns.veth_pair();
    for args in [
        &["status", "nosuchif"][..],
        &["status", "--json", "nosuchif"][..],
        &["on", "nosuchif"][..],
        &["off", "nosuchif"][..],
        &["hold", "nosuchif", "--for", "1s"][..],
    ] {
        ns.promisc(args)
            .expect_code(3)
            .expect_stderr_contains("veth0");
    }
    all_counters_zero(&ns);
    checked_status(&ns);
}

#[test]
fn missing_capability_exits_4_and_names_it() {
    let ns = netns!("nocap");
    ns.veth_pair();
    let bin = bin();
    let unprivileged = |args: &[&str]| {
        let mut argv = vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            &bin,
        ];
        argv.extend_from_slice(args);
        ns.try_run(&argv)
    };
    unprivileged(&["on", "veth0"])
        .expect_code(4)
        .expect_stderr_contains("CAP_NET_ADMIN");
    unprivileged(&["off", "veth0"])
        .expect_code(4)
        .expect_stderr_contains("CAP_NET_ADMIN");
    unprivileged(&["on", "veth0", "--ioctl"])
        .expect_code(4)
        .expect_stderr_contains("CAP_NET_ADMIN");
    unprivileged(&["hold", "veth0", "--for", "1s"])
        .expect_code(4)
        .expect_stderr_contains("CAP_NET_RAW");
    all_counters_zero(&ns);
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);
}

// 13 ------------------------------------------------------------------------

/// `promisc status --check ARGS...` in `ns`, expecting exit `code`.
fn check(ns: &Netns, args: &[&str], code: i32) -> Run {
    let mut argv = vec!["status", "--check"];
    argv.extend_from_slice(args);
    let run = ns.promisc(&argv);
    run.expect_code(code);
    run
}

/// The offenders must be named (on stdout or stderr).
fn assert_printed(run: &Run, offenders: &[&str]) {
    let printed = format!("{}{}", run.stdout, run.stderr);
    for offender in offenders {
        assert!(printed.contains(offender), "{offender} not printed: {run}");
    }
}

#[test]
fn check_flags_tcpdump_unless_allowed() {
    let ns = netns_with_tcpdump!("check-td");
    ns.veth_pair();
    check(&ns, &[], 0);

    let td = tcpdump(&ns, &["-i", "veth0"]);
    wait_promiscuity(&ns, "veth0", 1);
    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&packet_holder_line(td.pid(), "tcpdump")],
    );
    let run = check(&ns, &[], 1);
    assert_printed(&run, &["veth0", "tcpdump"]);
    check(&ns, &["--allow", "packet_socket:comm=tcpdump"], 0);
    check(&ns, &["--allow", "packet_socket"], 0);
    check(&ns, &["--allow", "packet_socket:comm=python3"], 1);
    check(&ns, &["--allow", "bridge_port"], 1);
}

#[test]
fn check_flags_bridge_ports_unless_allowed() {
    let ns = netns!("check-br");
    ns.veth_pair();
    ns.ip("link add br0 type bridge");
    ns.ip("link set veth0 master br0");
    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&format!("bridge_port device=br0 netns={}", ns.name)],
    );

    let run = check(&ns, &[], 1);
    assert_printed(&run, &["veth0", "br0"]);
    check(&ns, &["--allow", "bridge_port"], 0);
    check(&ns, &["--allow", "bridge_port:device=br0"], 0);
    check(&ns, &["--allow", "bridge_port:device=br9"], 1);
    check(&ns, &["--allow", "packet_socket"], 1);
}

// 14 ------------------------------------------------------------------------

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
