//! `promisc lab` and what it keeps between runs: the name given with `--name`, the files under
//! `/run/promisc/lab/NAME` (untrusted when someone else could have written them), the pids it
//! recorded (which may name another process by now), what a failed or interrupted run left
//! behind, a switch that died, and the exit codes of `set` and `exec`. Each test builds what it
//! needs under names of its own and removes it, also when it fails.

use super::{failing, inner_pairs, lab_namespaces, TestLab};
use crate::common::*;
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// A lab name of this test run (as [`TestLab::up`] makes them).
fn short(name: &str) -> String {
    format!("t{}-{name}", std::process::id() % 10000)
}

/// A `sleep 60` of the test's, killed on drop.
struct Sleeper(Child);

impl Sleeper {
    /// Starts `sleep 60`, in network namespace `netns` when given.
    fn start(netns: Option<&str>) -> Sleeper {
        let mut cmd = match netns {
            Some(ns) => {
                let mut c = Command::new("ip");
                c.args(["netns", "exec", ns, "sleep", "60"]);
                c
            }
            None => {
                let mut c = Command::new("sleep");
                c.arg("60");
                c
            }
        };
        Sleeper(
            cmd.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("sleep starts"),
        )
    }

    fn pid(&self) -> u32 {
        self.0.id()
    }

    /// Whether it still runs (it is the test's child: nothing else reaps it).
    fn alive(&mut self) -> bool {
        self.0.try_wait().expect("try_wait").is_none()
    }

    /// Waits (bounded) for it to end; whether it did.
    fn ended_within_timeout(&mut self) -> bool {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if !self.alive() {
                return true;
            }
            std::thread::sleep(POLL);
        }
        false
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whatever lab `name` left behind, removed on drop: `lab down`, then by hand.
struct Remains(String);

impl Drop for Remains {
    fn drop(&mut self) {
        let _ = run_bounded(&[&bin(), "lab", "down", "--name", &self.0], CMD_TIMEOUT);
        for ns in lab_namespaces(&self.0) {
            let _ = Command::new("ip").args(["netns", "del", &ns]).status();
        }
        let _ = std::fs::remove_dir_all(format!("/run/promisc/lab/{}", self.0));
    }
}

/// A directory of the test's, removed on drop.
struct TempDir(String);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Gone, or a zombie nobody reaps (the switch's parent, `lab up`, exited long ago).
fn gone_or_zombie(pid: u32) -> bool {
    let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    state.is_empty()
        || state
            .rsplit_once(") ")
            .is_some_and(|(_, r)| r.starts_with('Z'))
}

/// Kills the lab's switch with SIGKILL (no clean-up of its own) and waits until it is gone.
fn kill_switch(lab: &TestLab) -> u32 {
    let pid: u32 = std::fs::read_to_string(format!("{}/vswitch.pid", lab.dir()))
        .expect("vswitch.pid")
        .trim()
        .parse()
        .expect("a pid");
    run_ok(&["kill", "-KILL", &pid.to_string()]);
    let start = Instant::now();
    while !gone_or_zombie(pid) {
        assert!(
            start.elapsed() < TIMEOUT,
            "the switch {pid} outlived SIGKILL"
        );
        std::thread::sleep(POLL);
    }
    pid
}

fn mode(path: &str) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn lab_refuses_names_that_leave_its_directory_and_signals_nothing() {
    if !promisc_testkit::gate::root() {
        return;
    }
    // A lab of someone else's outside /run/promisc/lab, reached with `..`: its lab.json names
    // the same place, its pid files a process of ours.
    let base = format!("/tmp/promisc-fake-{}", std::process::id());
    let _cleanup = TempDir(base.clone());
    let fake = format!("{base}/fake");
    std::fs::create_dir_all(&fake).unwrap();
    let name = format!("../../..{fake}");
    let lab = serde_json::json!({
        "name": name,
        "topology": "nested",
        "profile": "open",
        "learning": false,
        "switch": "lab-fake",
        "switch_netns": "promisc-lab-fake-switch",
        "hosts": [{"name": "host", "netns": "promisc-lab-fake-host", "interface": "vmnet0",
                   "ip": "192.0.2.1", "mac": "00:50:56:c0:00:01", "port": "host"}],
    });
    std::fs::write(format!("{fake}/lab.json"), lab.to_string()).unwrap();
    let mut sleeper = Sleeper::start(None);
    for f in ["vswitch.pid", "neighbour.pid"] {
        std::fs::write(format!("{fake}/{f}"), format!("{}\n", sleeper.pid())).unwrap();
    }
    let bin = bin();
    let n = name.as_str();
    let commands: [&[&str]; 6] = [
        &["lab", "down", "--name", n],
        &["lab", "status", "--name", n],
        &["lab", "matrix", "--name", n],
        &["lab", "set", "--name", n, "promiscuous=accept"],
        &["lab", "exec", "--name", n, "host", "--", "true"],
        &["lab", "up", "nested", "--name", n],
    ];
    for args in commands {
        let mut argv = vec![bin.as_str()];
        argv.extend_from_slice(args);
        let run = run_bounded(&argv, CMD_TIMEOUT);
        assert_eq!(run.code(), 2, "a name with `/` is a bad argument: {run}");
        assert!(run.stderr.contains("cannot name a lab"), "{run}");
    }
    for bad in ["..", ".", "a/b", "", "abcdefghijklmnopqrstu"] {
        let run = run_bounded(&[&bin, "lab", "down", "--name", bad], CMD_TIMEOUT);
        assert_eq!(run.code(), 2, "{run}");
        assert!(run.stderr.contains("cannot name a lab"), "{run}");
    }
    assert!(
        sleeper.alive(),
        "the pid in the fake vswitch.pid was not signalled"
    );
    assert!(
        Path::new(&format!("{fake}/lab.json")).exists(),
        "nothing removed"
    );
}

#[test]
fn lab_down_leaves_alone_a_process_that_has_a_recorded_pid_now() {
    let Some(lab) = TestLab::up("reuse", &["nested", "--profile", "open"]) else {
        return;
    };
    let name = lab.name.clone();
    let switch = kill_switch(&lab);
    // What pid reuse looks like to `lab down`: the recorded pid names another process.
    let mut sleeper = Sleeper::start(None);
    std::fs::write(
        format!("{}/vswitch.pid", lab.dir()),
        format!("{}\n", sleeper.pid()),
    )
    .unwrap();
    let run = lab.down();
    run.expect_success();
    assert!(
        sleeper.alive(),
        "the process that has the recorded pid now ({}, the switch was {switch}) was not signalled: {run}",
        sleeper.pid()
    );
    assert!(
        run.stderr.contains(&format!("pid {}", sleeper.pid())),
        "down says which pid it left alone: {run}"
    );
    assert_eq!(lab_namespaces(&name), Vec::<String>::new(), "{run}");
    assert!(!Path::new(&format!("/run/promisc/lab/{name}")).exists());
}

#[test]
fn lab_down_removes_an_empty_lab_directory_and_orphan_namespaces() {
    if !promisc_testkit::gate::root() || !require_tool("ping") {
        return;
    }
    let name = short("remains");
    let _cleanup = Remains(name.clone());
    let bin = bin();
    let dir = format!("/run/promisc/lab/{name}");
    // What a lab up killed early leaves: its directory, empty, and a namespace.
    std::fs::create_dir_all(&dir).unwrap();
    run_ok(&["ip", "netns", "add", &format!("promisc-lab-{name}-guest")]);
    let up = run_bounded(&[&bin, "lab", "up", "nested", "--name", &name], CMD_TIMEOUT);
    up.expect_code(2)
        .expect_stderr_contains(&format!("promisc lab down --name {name}"));
    let down = run_bounded(&[&bin, "lab", "down", "--name", &name], CMD_TIMEOUT);
    down.expect_success();
    assert!(!Path::new(&dir).exists(), "the directory is gone: {down}");
    assert_eq!(lab_namespaces(&name), Vec::<String>::new(), "{down}");

    // A namespace alone, with a process inside.
    let ns = format!("promisc-lab-{name}-switch");
    run_ok(&["ip", "netns", "add", &ns]);
    let mut inside = Sleeper::start(Some(&ns));
    let start = Instant::now();
    while !run_ok(&["ip", "netns", "pids", &ns]).contains(&inside.pid().to_string()) {
        assert!(start.elapsed() < TIMEOUT, "sleep entered {ns}");
        std::thread::sleep(POLL);
    }
    let down = run_bounded(&[&bin, "lab", "down", "--name", &name], CMD_TIMEOUT);
    down.expect_success();
    assert_eq!(lab_namespaces(&name), Vec::<String>::new(), "{down}");
    assert!(inside.ended_within_timeout(), "the process inside ended");

    // No more dead end: the lab builds, and goes.
    run_bounded(&[&bin, "lab", "up", "nested", "--name", &name], CMD_TIMEOUT).expect_success();
    run_bounded(&[&bin, "lab", "down", "--name", &name], CMD_TIMEOUT).expect_success();
    assert!(!Path::new(&dir).exists());
}

#[test]
fn a_dead_switch_is_reported_with_the_way_out() {
    let Some(lab) = TestLab::up("dead", &["nested", "--profile", "open"]) else {
        return;
    };
    kill_switch(&lab);
    let commands: [&[&str]; 3] = [
        &["lab", "matrix"],
        &["lab", "status"],
        &["lab", "set", "promiscuous=accept"],
    ];
    for args in commands {
        let run = lab.promisc(args);
        assert_eq!(run.code(), 5, "{run}");
        assert!(
            run.stderr.contains("switch") && run.stderr.contains("died"),
            "says the switch died: {run}"
        );
        assert!(
            run.stderr
                .contains(&format!("promisc lab down --name {}", lab.name)),
            "says how to get out: {run}"
        );
    }
}

#[test]
fn lab_set_of_a_bad_value_is_a_bad_argument() {
    let Some(lab) = TestLab::up("badset", &["nested", "--profile", "open"]) else {
        return;
    };
    let run = lab.promisc(&["lab", "set", "promiscuous=bogus"]);
    assert_eq!(run.code(), 2, "a bad value is a bad argument: {run}");
    assert!(
        run.stderr.contains("promiscuous=bogus") && !run.stderr.contains("did not start"),
        "{run}"
    );
    let run = lab.promisc(&["lab", "set", "--portgroup", "nowhere", "promiscuous=accept"]);
    assert_eq!(run.code(), 2, "a port group the switch lacks: {run}");
}

#[test]
fn lab_exec_exits_with_the_commands_code_or_5_when_it_cannot_run() {
    let Some(lab) = TestLab::up("exec", &["nested", "--profile", "open"]) else {
        return;
    };
    let run = lab.promisc(&["lab", "exec", "guest", "--", "promisc-no-such-command"]);
    assert_eq!(run.code(), 5, "a command that cannot run: {run}");
    assert!(run.stderr.contains("promisc-no-such-command"), "{run}");
    let not_executable = format!("{}/lab.json", lab.dir());
    let run = lab.promisc(&["lab", "exec", "guest", "--", &not_executable]);
    assert_eq!(run.code(), 5, "a file that is not executable: {run}");
    let run = lab.promisc(&["lab", "exec", "guest", "--", "sh", "-c", "exit 7"]);
    assert_eq!(run.code(), 7, "the command's own code: {run}");
    let run = lab.promisc(&["lab", "exec", "guest", "--", "sh", "-c", "kill -TERM $$"]);
    assert_eq!(run.code(), 128 + 15, "128+N for a signal N: {run}");
}

#[test]
fn matrix_right_after_a_chmod_of_vmnet_shows_it() {
    let Some(lab) = TestLab::up("chmod", &["nested", "--profile", "workstation"]) else {
        return;
    };
    let vmnet = format!("{}/vmnet0", lab.dir());
    run_ok(&["chmod", "a+rw", &vmnet]);
    let m = lab.matrix();
    assert_eq!(
        failing(&m),
        Vec::<String>::new(),
        "the switch saw the chmod before the pings: {m:#}"
    );
    run_ok(&["chmod", "0600", &vmnet]);
    let m = lab.matrix();
    assert_eq!(
        failing(&m),
        inner_pairs("nested"),
        "and the chmod back: {m:#}"
    );
}

#[test]
fn lab_files_have_their_modes_whatever_the_umask() {
    if !promisc_testkit::gate::root() || !require_tool("ping") {
        return;
    }
    let bin = bin();
    for umask in ["000", "077"] {
        let name = short(&format!("umask{umask}"));
        let _cleanup = Remains(name.clone());
        let script =
            format!("umask {umask}; exec \"$0\" lab up nested --profile open --name {name}");
        run_bounded(&["sh", "-c", &script, &bin], CMD_TIMEOUT).expect_success();
        let dir = format!("/run/promisc/lab/{name}");
        assert_eq!(mode(&dir), 0o755, "{dir} under umask {umask}");
        let mut seen = Vec::new();
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            let want = if file == "vmnet0" { 0o600 } else { 0o644 };
            let path = format!("{dir}/{file}");
            assert_eq!(
                mode(&path),
                want,
                "{path} under umask {umask}: {:o}",
                mode(&path)
            );
            seen.push(file);
        }
        for f in [
            "lab.json",
            "vmnet0",
            "vswitch.toml",
            "vswitch.pid",
            "neighbour.pid",
        ] {
            assert!(seen.iter().any(|s| s == f), "{f} in {seen:?}");
        }
        run_bounded(&[&bin, "lab", "down", "--name", &name], CMD_TIMEOUT).expect_success();
    }
}

#[test]
fn a_lab_json_that_lab_up_did_not_write_is_refused() {
    let Some(lab) = TestLab::up("forged", &["nested", "--profile", "open"]) else {
        return;
    };
    let name = lab.name.clone();
    let path = format!("{}/lab.json", lab.dir());
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // The guest's namespace is the neighbour's: exec would enter another host.
    let mut forged = original.clone();
    for h in forged["hosts"].as_array_mut().unwrap() {
        if h["name"] == "guest" {
            h["netns"] = lab.netns("neighbour").into();
        }
    }
    std::fs::write(&path, forged.to_string()).unwrap();
    let run = lab.promisc(&["lab", "exec", "guest", "--", "true"]);
    assert_eq!(run.code(), 5, "{run}");
    assert!(
        run.stderr.contains("lab.json") && run.stderr.contains(&lab.netns("neighbour")),
        "says what is wrong in which file: {run}"
    );
    // A namespace outside the lab's.
    let mut forged = original.clone();
    forged["switch_netns"] = "elsewhere".into();
    std::fs::write(&path, forged.to_string()).unwrap();
    let run = lab.promisc(&["lab", "status"]);
    assert_eq!(run.code(), 5, "{run}");
    assert!(run.stderr.contains("elsewhere"), "{run}");
    // The right content, in a directory others may write.
    std::fs::write(&path, original.to_string()).unwrap();
    std::fs::set_permissions(lab.dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let run = lab.promisc(&["lab", "status"]);
    assert_eq!(run.code(), 5, "{run}");
    assert!(run.stderr.contains("writable"), "{run}");
    // down goes by the name alone: everything is removed.
    let run = lab.down();
    run.expect_success();
    assert_eq!(lab_namespaces(&name), Vec::<String>::new(), "{run}");
    assert!(!Path::new(&format!("/run/promisc/lab/{name}")).exists());
}
