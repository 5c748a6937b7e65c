//! `promisc lab` and `promisc vswitch` end to end: the acceptance matrices of every profile,
//! each lab under a name of its own (so they run in parallel), judged by `ping` (the matrix),
//! tcpdump inside the lab's namespaces and the switch's own counters. Every lab is removed
//! when its test ends, also when it fails.

use crate::common::*;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

#[path = "lab/platforms.rs"]
mod platforms;
#[path = "lab/state.rs"]
mod state;

/// A lab built for one test, removed on drop.
pub(crate) struct TestLab {
    pub(crate) name: String,
    /// `lab down` already removed it.
    removed: bool,
}

impl TestLab {
    /// `promisc lab up ARGS --name NAME`, or `None` (skipped) without root or ping.
    #[track_caller]
    pub(crate) fn up(name: &str, args: &[&str]) -> Option<TestLab> {
        if !promisc_testkit::gate::root() || !require_tool("ping") || !require_tool("tcpdump") {
            return None;
        }
        let name = format!("t{}-{name}", std::process::id() % 10000);
        let mut argv = vec![BIN_PATH(), "lab".into(), "up".into()];
        argv.extend(args.iter().map(|s| s.to_string()));
        argv.extend(["--name".into(), name.clone()]);
        let lab = TestLab {
            name,
            removed: false,
        };
        let refs: Vec<&str> = argv.iter().map(String::as_str).collect();
        run_bounded(&refs, CMD_TIMEOUT).expect_success();
        Some(lab)
    }

    /// `promisc lab SUBCOMMAND --name NAME REST...` (`args` starts with `lab SUBCOMMAND`).
    pub(crate) fn promisc(&self, args: &[&str]) -> Run {
        let bin = BIN_PATH();
        let mut argv = vec![bin.as_str()];
        argv.extend_from_slice(&args[..2]);
        argv.extend(["--name", &self.name]);
        argv.extend_from_slice(&args[2..]);
        run_bounded(&argv, CMD_TIMEOUT)
    }

    pub(crate) fn matrix(&self) -> Value {
        let run = self.promisc(&["lab", "matrix", "--json"]);
        run.expect_success();
        let v: Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("matrix JSON: {e}\n{run}"));
        assert_eq!(v["schema"], 1, "lab matrix --json carries schema 1: {run}");
        assert_documented("lab-matrix", &v);
        v
    }

    pub(crate) fn set(&self, kv: &[&str]) {
        let mut args = vec!["lab", "set"];
        args.extend_from_slice(kv);
        self.promisc(&args).expect_success();
    }

    pub(crate) fn stats(&self) -> Value {
        let run = self.promisc(&["lab", "status", "--json"]);
        run.expect_success();
        let v: Value = serde_json::from_str(&run.stdout).expect("status JSON");
        assert_eq!(v["schema"], 1, "lab status --json carries schema 1: {run}");
        assert_documented("lab-status", &v);
        v["switch"].clone()
    }

    pub(crate) fn netns(&self, host: &str) -> String {
        format!("promisc-lab-{}-{host}", self.name)
    }

    pub(crate) fn dir(&self) -> String {
        format!("/run/promisc/lab/{}", self.name)
    }

    /// `promisc lab down --name NAME` now rather than on drop (dropping it then does nothing
    /// more, unless this one failed).
    pub(crate) fn down(mut self) -> Run {
        let run = run_bounded(&[&bin(), "lab", "down", "--name", &self.name], CMD_TIMEOUT);
        self.removed = run.code() == 0;
        run
    }

    /// tcpdump on `iface` of `host` (received frames only), once it listens.
    fn sniff(&self, host: &str, iface: &str, filter: &str) -> Sniffer {
        let mut child = Command::new("ip")
            .args([
                "netns",
                "exec",
                &self.netns(host),
                "tcpdump",
                "-n",
                "-l",
                "--immediate-mode",
                "-Q",
                "in",
                "-i",
                iface,
                filter,
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tcpdump starts");
        let mut err = child.stderr.take().expect("piped");
        let lines = read_lines(child.stdout.take().expect("piped"));
        let mut seen = Vec::new();
        let start = Instant::now();
        let mut buf = [0u8; 256];
        while !String::from_utf8_lossy(&seen).contains("listening on") {
            assert!(
                start.elapsed() < TIMEOUT,
                "tcpdump did not start: {}",
                String::from_utf8_lossy(&seen)
            );
            let n = err.read(&mut buf).unwrap_or(0);
            assert!(n > 0, "tcpdump ended: {}", String::from_utf8_lossy(&seen));
            seen.extend_from_slice(&buf[..n]);
        }
        Sniffer {
            child,
            lines,
            _stderr: err,
        }
    }
}

impl Drop for TestLab {
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        let bin = BIN_PATH();
        let run = run_bounded(&[&bin, "lab", "down", "--name", &self.name], CMD_TIMEOUT);
        if !std::thread::panicking() {
            run.expect_success();
        }
    }
}

#[allow(non_snake_case)]
fn BIN_PATH() -> String {
    bin()
}

struct Sniffer {
    child: Child,
    /// tcpdump's stdout, line by line, as it prints them.
    lines: Receiver<String>,
    /// Kept open: tcpdump's last words would meet a closed pipe.
    _stderr: std::process::ChildStderr,
}

/// The lines of `r`, read by a thread of their own as they come.
fn read_lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Sniffer {
    /// Stops tcpdump (SIGINT) and returns the lines it printed. For a sniffer that must see
    /// nothing: the short pause lets a frame that did get through be printed (it can only make
    /// the check stricter, never fail a working switch). A sniffer that must see something
    /// uses [`Sniffer::stop_after_one`].
    fn stop(mut self) -> Vec<String> {
        std::thread::sleep(Duration::from_millis(300));
        self.interrupt(Vec::new())
    }

    /// Waits (bounded by [`TIMEOUT`]) for tcpdump to print its first line, then stops it as
    /// [`Sniffer::stop`] does; returns every line (none if nothing came in time).
    fn stop_after_one(mut self) -> Vec<String> {
        let first = self.lines.recv_timeout(TIMEOUT).ok();
        self.interrupt(first.into_iter().collect())
    }

    fn interrupt(&mut self, mut out: Vec<String>) -> Vec<String> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + CMD_TIMEOUT;
        while let Ok(line) = self
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            out.push(line);
        }
        let _ = self.child.wait();
        out.retain(|l| !l.trim().is_empty());
        out
    }
}

impl Drop for Sniffer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const NESTED_MAC: &str = "00:0c:29:aa:bb:03";

fn ok(m: &Value, from: &str, to: &str) -> bool {
    m["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .find(|p| p["from"] == from && p["to"] == to)
        .unwrap_or_else(|| panic!("no pair {from} -> {to} in {m}"))["ok"]
        .as_bool()
        .expect("ok is a bool")
}

fn reason(m: &Value, from: &str, to: &str) -> String {
    m["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .find(|p| p["from"] == from && p["to"] == to)
        .map(|p| p["reason"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// The pairs that fail, as "from>to".
pub(crate) fn failing(m: &Value) -> Vec<String> {
    let mut v: Vec<String> = m["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .filter(|p| p["ok"] == false)
        .map(|p| {
            format!(
                "{}>{}",
                p["from"].as_str().unwrap(),
                p["to"].as_str().unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

/// Every pair that has `inner` at one end and is not with the guest: what a refused
/// promiscuous request (or forged transmits) breaks.
fn inner_pairs(inner: &str) -> Vec<String> {
    let mut v = Vec::new();
    for h in ["outside", "host", "neighbour"] {
        v.push(format!("{h}>{inner}"));
        v.push(format!("{inner}>{h}"));
    }
    v.sort();
    v
}

fn port<'a>(stats: &'a Value, name: &str) -> &'a Value {
    stats["ports"]
        .as_array()
        .expect("ports")
        .iter()
        .find(|p| p["name"] == name)
        .expect("port")
}

fn counter(stats: &Value, port_name: &str, drop: &str) -> u64 {
    port(stats, port_name)["drops"][drop]
        .as_u64()
        .expect("counter")
}

/// Waits (bounded by [`TIMEOUT`]) until the lab's switch has caught up with the lab: asked for
/// its status (which makes it re-read the vmnet device at once), it reports the guest's vNIC
/// as `ip` sees it in the guest's namespace, promiscuity and MAC (which it learns from link
/// notifications and its once-a-second re-reading). Instead of a fixed pause past that second.
pub(crate) fn settle(lab: &TestLab) {
    let ns = lab.netns("guest");
    let mut last = String::new();
    let mut caught_up = || {
        let vnic = ip_links_in(&ns)
            .remove("eth0")
            .unwrap_or_else(|| panic!("no eth0 in {ns}"));
        let stats = lab.stats();
        let guest = port(&stats, "guest");
        last = format!("ip: {vnic:?}; the switch: {guest}");
        guest["promiscuous_requested"] == (vnic.promiscuity > 0)
            && guest["effective_mac"].as_str() == vnic.address.as_deref()
    };
    let ok = {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if caught_up() {
                break true;
            }
            if Instant::now() >= deadline {
                break false;
            }
            std::thread::sleep(POLL);
        }
    };
    assert!(
        ok,
        "the switch of lab {} did not catch up with its guest within {TIMEOUT:?}: {last}",
        lab.name
    );
}

#[test]
fn workstation_matrix_is_the_reports_table_until_vmnet_is_writable() {
    let Some(lab) = TestLab::up("ws", &["nested", "--profile", "workstation"]) else {
        return;
    };
    settle(&lab);
    let m = lab.matrix();
    assert_eq!(m["profile"], "workstation");
    assert_eq!(
        failing(&m),
        inner_pairs("nested"),
        "the report's table (neighbour as host): {m:#}"
    );
    let text = lab.promisc(&["lab", "matrix"]);
    let table: Vec<&str> = text.stdout.lines().take(5).collect();
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        ["outside", "host", "guest", "nested", "neighbour"]
    );
    assert_eq!(
        table[4].split_whitespace().collect::<Vec<_>>(),
        ["nested", "NOT", "OK", "NOT", "OK", "OK", "-", "NOT", "OK"]
    );
    let r = reason(&m, "host", "nested");
    assert!(
        r.contains("unknown destination")
            && r.contains("the VM user cannot read and write the vmnet device"),
        "{r}"
    );
    let stats = lab.stats();
    assert_eq!(
        port(&stats, "guest")["promiscuous_requested"],
        true,
        "the guest's bridge port asks"
    );
    assert_eq!(port(&stats, "guest")["promiscuous_granted"], false);
    assert!(counter(&stats, "host", "unknown_destination") > 0);

    // The usual forum answer: chmod a+rw /dev/vmnet0.
    run_ok(&["chmod", "a+rw", &format!("{}/vmnet0", lab.dir())]);
    settle(&lab);
    let m = lab.matrix();
    assert_eq!(
        failing(&m),
        Vec::<String>::new(),
        "everything reaches everything: {m:#}"
    );
    assert_eq!(port(&lab.stats(), "guest")["promiscuous_granted"], true);
}

#[test]
fn vsphere7_drops_nested_frames_as_forged_then_unknown_then_works() {
    let Some(lab) = TestLab::up("v7", &["nested", "--profile", "vsphere7"]) else {
        return;
    };
    settle(&lab);
    // Nothing nested sends (ARP requests, replies, echo) reaches the host.
    let arp = lab.sniff("host", "vmnet0", &format!("ether src {NESTED_MAC}"));
    let m = lab.matrix();
    let mut want = inner_pairs("nested");
    want.sort();
    assert_eq!(failing(&m), want, "nested reaches guest only: {m:#}");
    assert!(ok(&m, "nested", "guest") && ok(&m, "guest", "nested"));
    assert_eq!(
        arp.stop(),
        Vec::<String>::new(),
        "host never sees nested's frames"
    );
    assert!(counter(&lab.stats(), "guest", "forged_source") > 0);
    assert!(
        reason(&m, "nested", "host").contains("forged source"),
        "{}",
        reason(&m, "nested", "host")
    );

    lab.set(&["forged_transmits=accept"]);
    let arp = lab.sniff("host", "vmnet0", &format!("arp and ether src {NESTED_MAC}"));
    lab.promisc(&["lab", "exec", "nested", "--", "ip", "neigh", "flush", "all"])
        .expect_success();
    let before = counter(&lab.stats(), "host", "unknown_destination");
    let m = lab.matrix();
    assert_eq!(
        failing(&m),
        want,
        "replies die as unknown destination: {m:#}"
    );
    let seen = arp.stop_after_one();
    assert!(
        !seen.is_empty(),
        "host now sees nested's ARP: {seen:?} {m:#} {:#}",
        lab.stats()
    );
    assert!(counter(&lab.stats(), "host", "unknown_destination") > before);
    assert!(
        reason(&m, "host", "nested").contains("policy promiscuous=reject"),
        "{}",
        reason(&m, "host", "nested")
    );

    lab.set(&["promiscuous=accept"]);
    let m = lab.matrix();
    assert_eq!(failing(&m), Vec::<String>::new(), "everything works: {m:#}");
}

#[test]
fn vsphere6_is_the_workstation_case_until_promiscuous_is_accepted() {
    let Some(lab) = TestLab::up("v6", &["nested", "--profile", "vsphere6"]) else {
        return;
    };
    settle(&lab);
    let m = lab.matrix();
    assert_eq!(failing(&m), inner_pairs("nested"), "{m:#}");
    assert!(reason(&m, "outside", "nested").contains("policy promiscuous=reject"));
    lab.set(&["promiscuous=accept"]);
    let m = lab.matrix();
    assert_eq!(failing(&m), Vec::<String>::new(), "{m:#}");
}

/// The flake of the test above, made certain: an ARP resolution nested began while
/// promiscuous=reject dropped the neighbour's replies is still pending when the matrix after
/// `set promiscuous=accept` starts. Its next request is ten seconds away (nested's
/// `retrans_time_ms`), so a ping that waits in it gets no reply within the matrix's three
/// seconds: nested -> neighbour and the neighbour's echo replies would fail, although the
/// switch now forwards everything. The matrix empties the neighbour tables first.
#[test]
fn a_matrix_after_set_resolves_afresh_not_in_an_arp_resolution_begun_under_the_old_policy() {
    let Some(lab) = TestLab::up("arp", &["nested", "--profile", "vsphere6"]) else {
        return;
    };
    settle(&lab);
    let neighbour_ip = "192.0.2.4";
    let nested = |cmd: &[&str]| {
        let mut args = vec!["lab", "exec", "nested", "--"];
        args.extend_from_slice(cmd);
        lab.promisc(&args)
    };
    nested(&["ip", "neigh", "flush", "all"]).expect_success();
    let retrans = "net.ipv4.neigh.eth0.retrans_time_ms";
    let old = nested(&["sysctl", "-n", retrans]);
    old.expect_success();
    nested(&["sysctl", "-q", "-w", &format!("{retrans}=10000")]).expect_success();
    // The neighbour's reply to nested's request leaves by the uplink only: the switch decided
    // it under promiscuous=reject.
    let reply = lab.sniff("host", "vmnet0", &format!("arp and ether dst {NESTED_MAC}"));
    let ping = nested(&["ping", "-c", "1", "-w", "1", "-n", "-q", neighbour_ip]);
    assert_eq!(ping.code(), 1, "no reply under promiscuous=reject: {ping}");
    let seen = reply.stop_after_one();
    assert!(
        !seen.is_empty(),
        "the neighbour answered nested's ARP request"
    );
    let pending = nested(&["ip", "neigh", "show", neighbour_ip]);
    assert!(
        pending.stdout.contains("INCOMPLETE"),
        "nested still resolves the neighbour: {pending}"
    );
    // Back to the usual retransmission for what comes next; the pending resolution keeps the
    // timer it has (ten seconds from its request).
    nested(&[
        "sysctl",
        "-q",
        "-w",
        &format!("{retrans}={}", old.stdout.trim()),
    ])
    .expect_success();

    lab.set(&["promiscuous=accept"]);
    let m = lab.matrix();
    assert_eq!(failing(&m), Vec::<String>::new(), "{m:#}");
}

#[test]
fn learning_delivers_to_nested_without_copies_to_other_ports() {
    let Some(lab) = TestLab::up("learn", &["nested", "--profile", "vsphere6", "--learning"]) else {
        return;
    };
    settle(&lab);
    let copies = lab.sniff("neighbour", "eth0", &format!("ether dst {NESTED_MAC}"));
    let m = lab.matrix();
    assert_eq!(
        failing(&m),
        Vec::<String>::new(),
        "forged transmits accepted + learning: {m:#}"
    );
    let stats = lab.stats();
    assert_eq!(
        port(&stats, "guest")["promiscuous_granted"],
        false,
        "promiscuous stays rejected"
    );
    assert!(
        port(&stats, "guest")["learned"].as_u64().unwrap() >= 1,
        "nested's MAC learned on guest"
    );
    assert_eq!(
        copies.stop(),
        Vec::<String>::new(),
        "no frame for nested reaches the neighbour"
    );
}

#[test]
fn mac_changes_reject_cuts_a_guest_that_changed_its_mac() {
    let Some(lab) = TestLab::up("macchg", &["nested", "--profile", "open"]) else {
        return;
    };
    lab.set(&["mac_changes=reject"]);
    settle(&lab);
    assert!(
        lab.matrix()["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["ok"] == true),
        "open works"
    );
    let bin = BIN_PATH();
    let exec = |mac: &str| {
        run_bounded(
            &[
                &bin, "lab", "exec", "--name", &lab.name, "guest", "--", "ip", "link", "set",
                "eth0", "address", mac,
            ],
            CMD_TIMEOUT,
        )
        .expect_success();
    };
    exec("00:0c:29:00:00:99");
    settle(&lab);
    let m = lab.matrix();
    let guest_fails = ["outside>guest", "host>guest", "neighbour>guest"];
    for p in guest_fails {
        assert!(failing(&m).contains(&p.to_string()), "{p} fails: {m:#}");
    }
    let stats = lab.stats();
    assert!(counter(&stats, "guest", "mac_changed") > 0);
    assert_eq!(port(&stats, "guest")["effective_mac"], "00:0c:29:00:00:99");
    // Nothing at all reaches the guest while the others ping it: the switch sends it no frame
    // (tx at its port stays), and refuses every one it was offered (mac_changed rises).
    let sent_to_guest = |s: &Value| port(s, "guest")["tx_frames"].as_u64().unwrap();
    let refused = counter(&stats, "guest", "mac_changed");
    lab.matrix();
    let after = lab.stats();
    assert_eq!(
        sent_to_guest(&after),
        sent_to_guest(&stats),
        "the switch sends the guest nothing, broadcasts included"
    );
    assert!(
        counter(&after, "guest", "mac_changed") > refused,
        "the frames for it were refused"
    );

    exec("00:0c:29:00:00:02");
    settle(&lab);
    let m = lab.matrix();
    assert_eq!(
        failing(&m),
        Vec::<String>::new(),
        "restoring the MAC restores traffic: {m:#}"
    );
}

#[test]
fn macvlan_container_behaves_as_the_nested_vm() {
    let Some(lab) = TestLab::up("mvl", &["macvlan", "--profile", "workstation"]) else {
        return;
    };
    settle(&lab);
    let m = lab.matrix();
    let mut want = inner_pairs("container");
    want.extend(["guest>container".to_string(), "container>guest".to_string()]);
    want.sort();
    assert_eq!(failing(&m), want, "{m:#}");
    assert!(
        reason(&m, "guest", "container").contains("macvlan"),
        "{}",
        reason(&m, "guest", "container")
    );
    assert_eq!(
        port(&lab.stats(), "guest")["promiscuous_requested"],
        true,
        "the macvlan makes eth0 promiscuous"
    );
    run_ok(&["chmod", "a+rw", &format!("{}/vmnet0", lab.dir())]);
    settle(&lab);
    let m = lab.matrix();
    assert_eq!(
        failing(&m),
        vec!["container>guest".to_string(), "guest>container".to_string()],
        "{m:#}"
    );
}

#[test]
fn lab_refuses_to_build_twice_and_down_removes_everything() {
    let Some(lab) = TestLab::up("twice", &["nested"]) else {
        return;
    };
    let bin = BIN_PATH();
    let again = run_bounded(
        &[&bin, "lab", "up", "nested", "--name", &lab.name],
        CMD_TIMEOUT,
    );
    assert_eq!(again.code(), 2, "{again}");
    assert!(again.stderr.contains("already exists"), "{again}");
    let pid: u32 = std::fs::read_to_string(format!("{}/vswitch.pid", lab.dir()))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let name = lab.name.clone();
    let dir = lab.dir();
    drop(lab);
    // Gone, or a zombie nobody reaps (the switch's parent, `lab up`, exited long ago).
    let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(
        state.is_empty()
            || state
                .rsplit_once(") ")
                .is_some_and(|(_, r)| r.starts_with('Z')),
        "the switch is gone: {state}"
    );
    assert!(!std::path::Path::new(&dir).exists(), "the files are gone");
    let left = lab_namespaces(&name);
    assert_eq!(left, Vec::<String>::new(), "every namespace is gone");
    assert!(!std::path::Path::new(&format!("/run/promisc/vswitch-lab-{name}.sock")).exists());
}

#[test]
fn tcp_crosses_the_switch_with_offloads_on() {
    let Some(lab) = TestLab::up("tcp", &["nested", "--profile", "open"]) else {
        return;
    };
    settle(&lab);
    let py = python();
    let server = Command::new("ip")
        .args(["netns", "exec", &lab.netns("outside"), &py, "-c"])
        .arg("import socket,sys\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('198.51.100.2',5001));s.listen(1);print('ready',flush=True)\nc,_=s.accept();c.sendall(bytes(range(256))*8192);c.close()")
        .stdout(Stdio::piped())
        .spawn()
        .expect("python starts");
    let mut server = scopeguard(server);
    let mut line = [0u8; 6];
    server
        .0
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut line)
        .unwrap();
    let client = run_bounded(
        &["ip", "netns", "exec", &lab.netns("nested"), &py, "-c",
          "import socket,hashlib\ns=socket.create_connection(('198.51.100.2',5001),timeout=5);d=b''\nwhile True:\n  b=s.recv(65536)\n  if not b: break\n  d+=b\nprint(len(d), d==bytes(range(256))*8192)"],
        CMD_TIMEOUT,
    );
    client.expect_success();
    assert_eq!(
        client.stdout.trim(),
        "2097152 True",
        "2 MiB arrive intact through the switch"
    );
    let stats = lab.stats();
    assert_eq!(port(&stats, "guest")["tx_errors"], 0);
}

struct Guard(Child);
fn scopeguard(c: Child) -> Guard {
    Guard(c)
}
impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_interrupted_lab_up_removes_what_it_built() {
    if !promisc_testkit::gate::root() || !require_tool("ping") {
        return;
    }
    let name = format!("t{}-intr", std::process::id() % 10000);
    let dir = format!("/run/promisc/lab/{name}");
    let mut up = Command::new(bin())
        .args(["lab", "up", "nested", "--name", &name])
        .stderr(Stdio::piped())
        .spawn()
        .expect("lab up starts");
    // The state file is the first thing written; the namespaces follow.
    let start = Instant::now();
    while !std::path::Path::new(&format!("{dir}/lab.json")).exists() {
        assert!(start.elapsed() < TIMEOUT, "lab up wrote no state");
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = Command::new("kill")
        .args(["-INT", &up.id().to_string()])
        .status();
    let status = up.wait().expect("lab up ends");
    let mut err = String::new();
    up.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(
        status.code(),
        Some(130),
        "an interrupted run exits 130: {err}"
    );
    assert!(
        err.contains("interrupted; everything `lab up` had built was removed"),
        "{err}"
    );
    assert!(!std::path::Path::new(&dir).exists(), "its files are gone");
    let left = lab_namespaces(&name);
    assert_eq!(left, Vec::<String>::new(), "its namespaces are gone");
}

/// The namespaces of lab `name` that exist.
fn lab_namespaces(name: &str) -> Vec<String> {
    std::fs::read_dir("/run/netns")
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("promisc-lab-{name}-")))
        .collect()
}

#[test]
fn lab_up_without_root_says_it_needs_root() {
    let bin = bin();
    // As root, drop to nobody; otherwise the test already runs unprivileged.
    let run = if promisc_testkit::gate::euid().unwrap_or(1) == 0 {
        if !require_tool("setpriv") {
            return;
        }
        run_bounded(
            &[
                "setpriv",
                "--reuid",
                "65534",
                "--regid",
                "65534",
                "--clear-groups",
                "--inh-caps=-all",
                &bin,
                "lab",
                "up",
                "nested",
                "--name",
                "noroot",
            ],
            CMD_TIMEOUT,
        )
    } else {
        run_bounded(
            &[&bin, "lab", "up", "nested", "--name", "noroot"],
            CMD_TIMEOUT,
        )
    };
    assert_eq!(run.code(), 4, "{run}");
    assert!(run.stderr.contains("promisc lab needs root"), "{run}");
    assert!(
        !std::path::Path::new("/run/promisc/lab/noroot").exists(),
        "nothing was built"
    );
}
