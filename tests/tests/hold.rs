//! `promisc hold`: holding interfaces promiscuous with one socket, for a duration or around a
//! command (its exit code and signals passed on), and releasing them on every way out
//! (SIGKILL, SIGTERM, the end of the duration, the command ending or hold being killed).

use crate::common::*;
use std::time::{Duration, Instant};

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

    // A signal sent to hold reaches the command. (Its SIGHUP disposition is made the default:
    // one ignored by whoever started the tests, `nohup ./test.sh` say, is inherited.)
    let hold = ns.spawn(&[
        &bin(),
        "hold",
        "veth0",
        "--",
        "env",
        "--default-signal=HUP",
        "sleep",
        "30",
    ]);
    wait_promiscuity(&ns, "veth0", 1);
    hold.signal("HUP");
    let status = hold.wait_exit(TIMEOUT);
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
    wait_until("the command ends", TIMEOUT, || {
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
    let status = hold.wait_exit(TIMEOUT);
    // SIGTERM is the normal way to end a hold: it releases and exits 0.
    assert_eq!(status.code(), Some(0), "hold after SIGTERM: {status}");
    hold.wait_stderr("promisc: released veth0");
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
