//! `promisc on` / `promisc off` and their errors: toggling the user flag, naming the holders
//! that remain, an unknown interface (exit 3) and a missing capability (exit 4).

use crate::common::*;

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
    let hold = unprivileged(&["hold", "veth0", "--for", "1s"]);
    hold.expect_code(4).expect_stderr_contains("CAP_NET_RAW");
    // The advice names the capability and the group, never setcap (issue #20).
    let run = unprivileged(&["on", "veth0"]);
    assert!(
        run.stderr.contains("this needs CAP_NET_ADMIN") && run.stderr.contains("group promisc"),
        "{run}"
    );
    assert!(
        !run.stderr.contains("setcap") && !hold.stderr.contains("setcap"),
        "{run}"
    );
    all_counters_zero(&ns);
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);
}

/// A switch's control socket that the caller may not open is a missing privilege (exit 4),
/// not a system error (issue #20: `vswitch stats` as non-root exited 5).
#[test]
fn a_control_socket_the_caller_may_not_open_exits_4() {
    let ns = netns!("nosock");
    let name = format!("t{}", std::process::id() % 100_000);
    std::fs::create_dir_all("/run/promisc").unwrap();
    let path = format!("/run/promisc/vswitch-{name}.sock");
    let _ = std::fs::remove_file(&path);
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let bin = bin();
    let run = ns.try_run(&[
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        &bin,
        "vswitch",
        "stats",
        &name,
    ]);
    drop(listener);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.code(), 4, "{run}");
    assert!(run.stderr.contains("ermission denied"), "{run}");
}
