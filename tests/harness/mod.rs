//! Harness for the privileged integration tests.
//!
//! * [`Netns`]: a throw-away network namespace with a unique name; its `Drop`
//!   kills every process it started (and anything else left inside the
//!   namespace), then deletes it, also when the test panics.
//! * [`Proc`]: a long-running child (tcpdump, python helper, `promisc hold`)
//!   killed when dropped, with bounded waits on its output.
//! * Independent oracles: `ip -d -j link show` (counters, flags, kinds),
//!   sysfs `flags` (the real IFF_PROMISC), `/proc/PID/{comm,status,fd}` and
//!   the namespace's `/proc/net/packet`.
//! * [`check_invariants`]: what must hold for every interface in every
//!   scenario.
//!
//! Every wait is bounded: polls every [`POLL`], gives up after [`TIMEOUT`]
//! (or [`CMD_TIMEOUT`] for one-shot commands) with a panic saying what it
//! waited for.

// Not every test binary that includes this module uses every helper.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_promisc");
/// Overrides [`BIN`] when set, e.g. to check that the tests catch a
/// deliberately wrong binary.
pub const BIN_OVERRIDE_ENV: &str = "PROMISC_TEST_BIN";
/// Path of the binary under test: [`BIN`] unless `PROMISC_TEST_BIN` is set.
pub fn bin() -> String {
    std::env::var(BIN_OVERRIDE_ENV).unwrap_or_else(|_| BIN.to_string())
}

/// Directory of the helper scripts.
pub const HELPERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/helpers");
pub const POLL: Duration = Duration::from_millis(20);
/// Bound of every wait for a state change.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// Bound of one-shot commands (`ip`, `promisc status`, ...).
pub const CMD_TIMEOUT: Duration = Duration::from_secs(30);
pub const IFF_PROMISC: u32 = 0x100;
/// Prefix of every namespace the tests create.
pub const NS_PREFIX: &str = "promisc-t-";

// ---------------------------------------------------------------------------
// Skip rule

/// Called first by every test: `None` (after printing `skipped: <reason>`)
/// when the test cannot run here; panics instead of skipping when
/// `PROMISC_REQUIRE_PRIVILEGED=1`.  Otherwise the test's own namespace.
pub fn privileged(short: &str) -> Option<Netns> {
    match euid() {
        Ok(0) => {}
        Ok(uid) => return skip(&format!("not root (euid {uid})")),
        Err(e) => return skip(&format!("cannot read euid: {e}")),
    }
    match Netns::try_new(short) {
        Ok(ns) => Some(ns),
        Err(e) => skip(&format!("`ip netns add` failed: {e}")),
    }
}

/// Applies the skip rule to a missing external tool (e.g. tcpdump).
pub fn require_tool(tool: &str) -> bool {
    if find_in_path(tool).is_some() {
        return true;
    }
    skip::<()>(&format!("`{tool}` not found in PATH"));
    false
}

fn skip<T>(reason: &str) -> Option<T> {
    if std::env::var("PROMISC_REQUIRE_PRIVILEGED").as_deref() == Ok("1") {
        panic!("cannot run privileged test: {reason} (PROMISC_REQUIRE_PRIVILEGED=1)");
    }
    eprintln!("skipped: {reason}");
    None
}

fn euid() -> Result<u32, String> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| e.to_string())?;
    status_ids(&status, "Uid:")
        .and_then(|ids| ids.get(1).copied())
        .ok_or_else(|| "no Uid: line in /proc/self/status".to_string())
}

fn find_in_path(tool: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
}

/// The python interpreter for the helpers: the system one when present (a
/// pyenv shim would exec through bash first).
pub fn python() -> String {
    if Path::new("/usr/bin/python3").is_file() {
        "/usr/bin/python3".into()
    } else {
        "python3".into()
    }
}

pub fn helper(name: &str) -> String {
    format!("{HELPERS}/{name}")
}

// ---------------------------------------------------------------------------
// Running commands

/// Result of a finished command.
pub struct Run {
    pub what: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, or 128+N when killed by signal N.
    pub fn code(&self) -> i32 {
        self.status
            .code()
            .or_else(|| self.status.signal().map(|s| 128 + s))
            .unwrap_or(-1)
    }

    /// Panics (showing the whole run) unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code(), code, "unexpected exit code of {self}");
        self
    }

    pub fn expect_success(&self) -> &Self {
        self.expect_code(0)
    }

    pub fn expect_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}: {self}"
        );
        self
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` exited with {} (code {})\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.what,
            self.status,
            self.code(),
            self.stdout,
            self.stderr
        )
    }
}

fn describe(argv: &[&str]) -> String {
    argv.join(" ")
}

/// Reads `r` to its end on a thread; the text arrives on the receiver.
fn drain(mut r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
    });
    rx
}

/// Runs `argv` to completion (no stdin), killing it and panicking after
/// `timeout`.
pub fn run_bounded(argv: &[&str], timeout: Duration) -> Run {
    let what = describe(argv);
    let mut child = Command::new(argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{what}`: {e}"));
    let out = drain(child.stdout.take().expect("piped stdout"));
    let err = drain(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{what}` did not finish within {timeout:?}");
        }
        thread::sleep(POLL);
    };
    // A grandchild may keep a pipe open: bound the read too.
    let collect = |rx: Receiver<String>, name: &str| {
        rx.recv_timeout(TIMEOUT).unwrap_or_else(|_| {
            panic!("`{what}` exited but its {name} stayed open for {TIMEOUT:?}")
        })
    };
    Run {
        stdout: collect(out, "stdout"),
        stderr: collect(err, "stderr"),
        what,
        status,
    }
}

/// Runs `argv`, panics unless it succeeds, returns its stdout.
pub fn run_ok(argv: &[&str]) -> String {
    let run = run_bounded(argv, CMD_TIMEOUT);
    run.expect_success();
    run.stdout
}

// ---------------------------------------------------------------------------
// Network namespace guard

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct Netns {
    pub name: String,
    children: Mutex<Vec<Arc<Mutex<Child>>>>,
}

impl Netns {
    /// Creates `promisc-t-<pid>-<counter>-<short>`.
    pub fn try_new(short: &str) -> Result<Netns, String> {
        let name = format!(
            "{NS_PREFIX}{}-{}-{short}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let run = run_bounded(&["ip", "netns", "add", &name], CMD_TIMEOUT);
        if !run.status.success() {
            return Err(run.to_string());
        }
        Ok(Netns {
            name,
            children: Mutex::new(Vec::new()),
        })
    }

    /// A further namespace for a test that already passed [`privileged`].
    pub fn new(short: &str) -> Netns {
        Netns::try_new(short).unwrap_or_else(|e| panic!("ip netns add: {e}"))
    }

    /// Inode of the namespace (what promisc reports as `netns_inode`).
    pub fn inode(&self) -> u64 {
        let path = format!("/run/netns/{}", self.name);
        std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("stat {path}: {e}"))
            .ino()
    }

    fn exec_argv<'a>(&'a self, argv: &[&'a str]) -> Vec<&'a str> {
        let mut full = vec!["ip", "netns", "exec", self.name.as_str()];
        full.extend_from_slice(argv);
        full
    }

    /// Runs `argv` inside the namespace, whatever its exit code.
    pub fn try_run(&self, argv: &[&str]) -> Run {
        run_bounded(&self.exec_argv(argv), CMD_TIMEOUT)
    }

    /// Runs `argv` inside the namespace; panics unless it succeeds.
    pub fn run(&self, argv: &[&str]) -> String {
        run_ok(&self.exec_argv(argv))
    }

    /// `ip -n NS ARGS...`; panics unless it succeeds.
    pub fn ip(&self, args: &str) {
        let mut argv = vec!["ip", "-n", self.name.as_str()];
        argv.extend(args.split_whitespace());
        run_ok(&argv);
    }

    /// `promisc ARGS...` run inside the namespace.
    pub fn promisc(&self, args: &[&str]) -> Run {
        let bin = bin();
        let mut argv = vec![bin.as_str()];
        argv.extend_from_slice(args);
        self.try_run(&argv)
    }

    /// veth0 <-> veth1, both up.
    pub fn veth_pair(&self) {
        self.ip("link add veth0 type veth peer name veth1");
        self.ip("link set veth0 up");
        self.ip("link set veth1 up");
    }

    /// Starts `argv` inside the namespace (`ip netns exec` execs it, so the
    /// child's pid is the command's pid). Killed when the returned [`Proc`]
    /// or this namespace is dropped.
    pub fn spawn(&self, argv: &[&str]) -> Proc {
        let full = self.exec_argv(argv);
        let what = describe(argv);
        let mut child = Command::new(full[0])
            .args(&full[1..])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `{what}`: {e}"));
        let stdout = lines(child.stdout.take().expect("piped stdout"));
        let stderr = lines(child.stderr.take().expect("piped stderr"));
        let pid = child.id();
        let child = Arc::new(Mutex::new(child));
        self.children.lock().unwrap().push(child.clone());
        Proc {
            what,
            pid,
            child,
            stdout,
            stderr,
            seen: Mutex::new(Vec::new()),
        }
    }

    /// The python helper holding a PACKET_MR_PROMISC membership on `ifname`,
    /// once it is ready.
    pub fn membership_holder(&self, ifname: &str) -> Proc {
        let py = python();
        let script = helper("hold_membership.py");
        let proc = self.spawn(&[&py, &script, ifname]);
        proc.wait_stdout("ready");
        proc
    }

    /// Pids of every process whose network namespace is this one.
    fn pids(&self) -> Vec<String> {
        run_bounded(&["ip", "netns", "pids", &self.name], CMD_TIMEOUT)
            .stdout
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        // Best effort, never panics (we may be unwinding already).
        let children =
            std::mem::take(&mut *self.children.lock().unwrap_or_else(|e| e.into_inner()));
        for child in children {
            let mut child = child.lock().unwrap_or_else(|e| e.into_inner());
            if let Ok(None) = child.try_wait() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
        // Grandchildren and processes that dropped privileges.
        for _ in 0..50 {
            let pids = std::panic::catch_unwind(|| self.pids()).unwrap_or_default();
            if pids.is_empty() {
                break;
            }
            for pid in pids {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid])
                    .stderr(Stdio::null())
                    .status();
            }
            thread::sleep(POLL);
        }
        match Command::new("ip")
            .args(["netns", "del", &self.name])
            .status()
        {
            Ok(s) if s.success() => {}
            other => eprintln!("warning: ip netns del {} failed: {other:?}", self.name),
        }
    }
}

// ---------------------------------------------------------------------------
// Long-running children

fn lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            match line {
                Ok(line) => {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
    });
    rx
}

pub struct Proc {
    pub what: String,
    pid: u32,
    child: Arc<Mutex<Child>>,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    seen: Mutex<Vec<String>>,
}

impl Proc {
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Waits (bounded) for a stdout line containing `needle`; returns it.
    pub fn wait_stdout(&self, needle: &str) -> String {
        self.wait_line(&self.stdout, "stdout", needle)
    }

    /// Waits (bounded) for a stderr line containing `needle`; returns it.
    pub fn wait_stderr(&self, needle: &str) -> String {
        self.wait_line(&self.stderr, "stderr", needle)
    }

    fn wait_line(&self, rx: &Receiver<String>, stream: &str, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    self.seen.lock().unwrap().push(format!("{stream}: {line}"));
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "`{}` printed no {stream} line containing {needle:?} within {TIMEOUT:?}; seen: {:?}",
                    self.what,
                    self.seen.lock().unwrap()
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    // Give the process a moment to be reapable for the message.
                    thread::sleep(Duration::from_millis(100));
                    let status = self.child.lock().unwrap().try_wait();
                    let other = if stream == "stdout" {
                        &self.stderr
                    } else {
                        &self.stdout
                    };
                    let rest: Vec<String> = other.try_iter().collect();
                    panic!(
                        "`{}` closed its {stream} before printing {needle:?} (status {status:?}); seen: {:?}; other stream: {rest:?}",
                        self.what,
                        self.seen.lock().unwrap()
                    )
                }
            }
        }
    }

    /// Has the process exited (and been reaped)?
    pub fn exited(&self) -> Option<ExitStatus> {
        self.child.lock().unwrap().try_wait().expect("try_wait")
    }

    /// Sends `signal` (e.g. "TERM") unless the process has already exited.
    pub fn signal(&self, signal: &str) {
        // Holding the lock, the pid cannot be reaped (and reused) meanwhile.
        let mut child = self.child.lock().unwrap();
        if child.try_wait().expect("try_wait").is_some() {
            return;
        }
        run_ok(&["kill", &format!("-{signal}"), &self.pid.to_string()]);
    }

    /// SIGKILL and reap.
    pub fn kill(&self) -> ExitStatus {
        let mut child = self.child.lock().unwrap();
        let _ = child.kill();
        child.wait().expect("wait")
    }

    /// Waits (bounded by `timeout`) for the process to exit.
    pub fn wait_exit(&self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.exited() {
                return status;
            }
            if Instant::now() >= deadline {
                panic!("`{}` did not exit within {timeout:?}", self.what);
            }
            thread::sleep(POLL);
        }
    }
}

// Added for tests/capture.rs: reading a child's output line by line, bounded.
impl Proc {
    /// The next stderr line within `timeout`; `None` on timeout or once the
    /// process has closed stderr.
    pub fn next_stderr(&self, timeout: Duration) -> Option<String> {
        self.next_line(&self.stderr, "stderr", timeout)
    }

    /// The next stdout line within `timeout`; `None` on timeout or once the
    /// process has closed stdout.
    pub fn next_stdout(&self, timeout: Duration) -> Option<String> {
        self.next_line(&self.stdout, "stdout", timeout)
    }

    fn next_line(&self, rx: &Receiver<String>, stream: &str, timeout: Duration) -> Option<String> {
        let line = rx.recv_timeout(timeout).ok()?;
        self.seen.lock().unwrap().push(format!("{stream}: {line}"));
        Some(line)
    }

    /// Every stderr line not read yet, up to the process closing stderr
    /// (normally: exiting); panics after `timeout`.
    pub fn rest_of_stderr(&self, timeout: Duration) -> Vec<String> {
        self.rest(&self.stderr, "stderr", timeout)
    }

    /// Every stdout line not read yet, up to the process closing stdout
    /// (normally: exiting); panics after `timeout`.
    pub fn rest_of_stdout(&self, timeout: Duration) -> Vec<String> {
        self.rest(&self.stdout, "stdout", timeout)
    }

    fn rest(&self, rx: &Receiver<String>, stream: &str, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        let mut out = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    self.seen.lock().unwrap().push(format!("{stream}: {line}"));
                    out.push(line);
                }
                Err(RecvTimeoutError::Disconnected) => return out,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "`{}` kept its {stream} open for {timeout:?}; read so far: {out:?}",
                    self.what
                ),
            }
        }
    }

    /// Every line read from the process so far (`stdout: ...`/`stderr: ...`).
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        if let Ok(None) = child.try_wait() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

// ---------------------------------------------------------------------------
// Oracles

/// One interface as `ip -d -j link show` sees it.
#[derive(Debug, Clone)]
pub struct IpLink {
    pub ifindex: i64,
    pub name: String,
    pub promiscuity: i64,
    pub allmulti: i64,
    pub flags: Vec<String>,
    pub kind: Option<String>,
    pub address: Option<String>,
}

impl IpLink {
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// `ip -n NS -d -j link show`, by interface name, for a namespace named
/// `ns` (a /run/netns name).
pub fn ip_links_in(ns: &str) -> BTreeMap<String, IpLink> {
    let out = run_ok(&["ip", "-n", ns, "-d", "-j", "link", "show"]);
    let json: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("ip -j output is not JSON ({e}): {out}"));
    let int = |l: &Value, k: &str| {
        l[k].as_i64()
            .unwrap_or_else(|| panic!("ip -j link: no integer {k:?} in {l}"))
    };
    json.as_array()
        .expect("ip -j link: array")
        .iter()
        .map(|l| {
            let link = IpLink {
                ifindex: int(l, "ifindex"),
                name: l["ifname"].as_str().expect("ifname").to_string(),
                promiscuity: int(l, "promiscuity"),
                allmulti: int(l, "allmulti"),
                flags: l["flags"]
                    .as_array()
                    .expect("flags")
                    .iter()
                    .map(|f| f.as_str().expect("flag").to_string())
                    .collect(),
                kind: l["linkinfo"]["info_kind"].as_str().map(str::to_string),
                address: l["address"].as_str().map(str::to_string),
            };
            (link.name.clone(), link)
        })
        .collect()
}

pub fn ip_links(ns: &Netns) -> BTreeMap<String, IpLink> {
    ip_links_in(&ns.name)
}

pub fn ip_link(ns: &Netns, ifname: &str) -> IpLink {
    ip_links(ns)
        .remove(ifname)
        .unwrap_or_else(|| panic!("no interface {ifname} in {}", ns.name))
}

/// name -> (promiscuity, allmulti), per iproute2.
pub fn ip_counters(ns: &Netns) -> HashMap<String, (i64, i64)> {
    ip_links(ns)
        .into_values()
        .map(|l| (l.name, (l.promiscuity, l.allmulti)))
        .collect()
}

pub fn promiscuity(ns: &Netns, ifname: &str) -> i64 {
    ip_link(ns, ifname).promiscuity
}

/// Waits (bounded) until `ifname`'s promiscuity counter is `want`.
pub fn wait_promiscuity(ns: &Netns, ifname: &str, want: i64) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let now = promiscuity(ns, ifname);
        if now == want {
            return;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {TIMEOUT:?} waiting for {ifname} promiscuity == {want} in {} (still {now})", ns.name);
        }
        thread::sleep(POLL);
    }
}

/// sysfs `flags` (the real dev->flags) of every interface of `ns`.
pub fn sysfs_all_flags_in(ns: &str) -> HashMap<String, u32> {
    let out = run_ok(&[
        "ip",
        "netns",
        "exec",
        ns,
        "sh",
        "-c",
        "cd /sys/class/net && grep -H . */flags",
    ]);
    out.lines()
        .map(|line| {
            let (path, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("unexpected grep line {line:?}"));
            let name = path.trim_end_matches("/flags").to_string();
            (name, parse_hex(value))
        })
        .collect()
}

/// sysfs `flags` of one interface.
pub fn sysfs_flags(ns: &Netns, ifname: &str) -> u32 {
    parse_hex(&ns.run(&["cat", &format!("/sys/class/net/{ifname}/flags")]))
}

pub fn parse_hex(s: &str) -> u32 {
    let s = s.trim();
    u32::from_str_radix(s.trim_start_matches("0x"), 16)
        .unwrap_or_else(|e| panic!("not a hex flags value {s:?}: {e}"))
}

/// A line of the namespace's /proc/net/packet.
#[derive(Debug, Clone, Copy)]
pub struct PacketSock {
    pub ifindex: i64,
    pub uid: i64,
}

/// inode -> packet socket, from /proc/net/packet inside `ns`.
pub fn packet_sockets_in(ns: &str) -> HashMap<i64, PacketSock> {
    let out = run_ok(&["ip", "netns", "exec", ns, "cat", "/proc/net/packet"]);
    let mut lines = out.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} column in /proc/net/packet: {header:?}"))
    };
    let (iface, user, inode) = (col("Iface"), col("User"), col("Inode"));
    lines
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let num = |i: usize| f[i].parse::<i64>().expect("number in /proc/net/packet");
            (
                num(inode),
                PacketSock {
                    ifindex: num(iface),
                    uid: num(user),
                },
            )
        })
        .collect()
}

pub fn proc_comm(pid: i64) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_else(|e| panic!("read /proc/{pid}/comm: {e}"))
        .trim_end()
        .to_string()
}

fn status_ids(status: &str, key: &str) -> Option<Vec<u32>> {
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect()
}

/// Real uid of `pid`, from /proc/PID/status.
pub fn proc_uid(pid: i64) -> i64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|e| panic!("read /proc/{pid}/status: {e}"));
    status_ids(&status, "Uid:").expect("Uid: line")[0].into()
}

/// Inodes of the sockets `pid` has open (`/proc/PID/fd/* -> socket:[N]`).
pub fn socket_inodes(pid: i64) -> BTreeSet<i64> {
    let dir = format!("/proc/{pid}/fd");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .filter_map(|entry| {
            let target = std::fs::read_link(entry.ok()?.path()).ok()?;
            let target = target.to_str()?;
            target
                .strip_prefix("socket:[")?
                .strip_suffix(']')?
                .parse()
                .ok()
        })
        .collect()
}

/// Waits (bounded by `timeout`, polling every [`POLL`]) for `cond`.
pub fn wait_until(desc: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    loop {
        if cond() {
            return;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for {desc}");
        }
        thread::sleep(POLL);
    }
}

// ---------------------------------------------------------------------------
// promisc's JSON

/// `promisc status --json ARGS...` run inside `ns`, parsed; panics unless
/// it exits 0 with a JSON array.
pub fn status_json(ns: &Netns, args: &[&str]) -> Value {
    let mut argv = vec!["status", "--json"];
    argv.extend_from_slice(args);
    let run = ns.promisc(&argv);
    run.expect_success();
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {run}"));
    assert!(
        json.is_array(),
        "status --json should print an array: {run}"
    );
    json
}

/// `promisc status --json` in `ns`, checked with [`check_invariants`]; without
/// `--all-netns` every entry must belong to `ns`.
pub fn checked_status(ns: &Netns) -> Value {
    let json = status_json(ns, &[]);
    let foreign: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["netns"].as_str() != Some(ns.name.as_str()))
        .collect();
    assert!(
        foreign.is_empty(),
        "without --all-netns every entry should have netns {:?}: {foreign:#?}",
        ns.name
    );
    check_invariants(ns, &json);
    json
}

/// The entries of `json` that belong to namespace `ns`.
pub fn entries_of<'a>(json: &'a Value, ns: &str) -> Vec<&'a Value> {
    json.as_array()
        .expect("status JSON array")
        .iter()
        .filter(|e| e["netns"].as_str() == Some(ns))
        .collect()
}

/// The entry of interface `ifname` in namespace `ns`.
pub fn iface<'a>(json: &'a Value, ns: &Netns, ifname: &str) -> &'a Value {
    let found: Vec<&Value> = entries_of(json, &ns.name)
        .into_iter()
        .filter(|e| e["name"].as_str() == Some(ifname))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!(
            "expected exactly one entry for {ifname} in {}, found {}: {json:#}",
            ns.name,
            found.len()
        ),
    }
}

pub fn holders(entry: &Value) -> &Vec<Value> {
    entry["holders"]
        .as_array()
        .unwrap_or_else(|| panic!("holders is not an array: {entry:#}"))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One line per holder, sorted, e.g. `user_flag`,
/// `packet_socket pid=42 comm=tcpdump`, `bridge_port device=br0 netns=NS`,
/// `macvlan device=mv0 netns=NS mode=passthru`, `uc_promisc`.
pub fn holder_summary(entry: &Value) -> Vec<String> {
    let mut out: Vec<String> = holders(entry)
        .iter()
        .map(|h| {
            let kind = h["kind"].as_str().unwrap_or("<no kind>");
            match kind {
                "packet_socket" => {
                    format!(
                        "packet_socket pid={} comm={}",
                        text(&h["pid"]),
                        text(&h["comm"])
                    )
                }
                "user_flag" | "uc_promisc" => kind.to_string(),
                _ => {
                    let mut s = format!(
                        "{kind} device={} netns={}",
                        text(&h["device"]),
                        text(&h["netns"])
                    );
                    if !h["mode"].is_null() {
                        s.push_str(&format!(" mode={}", text(&h["mode"])));
                    }
                    s
                }
            }
        })
        .collect();
    out.sort();
    out
}

/// Asserts the exact holder list of `ifname` (order-insensitive), and that
/// the counter is fully attributed.
pub fn assert_holders(json: &Value, ns: &Netns, ifname: &str, expected: &[&str]) {
    let entry = iface(json, ns, ifname);
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(
        holder_summary(entry),
        expected,
        "holders of {ifname} in {}: {entry:#}",
        ns.name
    );
    assert_eq!(
        entry["unattributed"].as_i64(),
        Some(0),
        "unattributed of {ifname}: {entry:#}"
    );
}

/// The one holder of `kind` of `ifname`.
pub fn holder<'a>(json: &'a Value, ns: &Netns, ifname: &str, kind: &str) -> &'a Value {
    let entry = iface(json, ns, ifname);
    let found: Vec<&Value> = holders(entry)
        .iter()
        .filter(|h| h["kind"].as_str() == Some(kind))
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!("expected one {kind} holder of {ifname}: {entry:#}"),
    }
}

pub fn packet_holder_line(pid: u32, comm: &str) -> String {
    format!("packet_socket pid={pid} comm={comm}")
}

const STACKED: &[&str] = &[
    "bridge_port",
    "macvlan",
    "vlan",
    "macsec",
    "bond",
    "team",
    "openvswitch",
    "hsr",
    "upper",
];

/// What must hold for every interface of `ns` in every scenario: the set of
/// interfaces, ifindex, kind, up, promiscuity, allmulti and user flag as
/// iproute2 sees them, `promisc` as sysfs sees it, holders + unattributed ==
/// promiscuity, and every holder consistent with /proc.
pub fn check_invariants(ns: &Netns, json: &Value) {
    check_invariants_in(&ns.name, ns.inode(), json);
}

pub fn check_invariants_in(ns: &str, inode: u64, json: &Value) {
    let links = ip_links_in(ns);
    let sysfs = sysfs_all_flags_in(ns);
    let packets = packet_sockets_in(ns);
    let entries = entries_of(json, ns);

    let reported: BTreeSet<&str> = entries
        .iter()
        .map(|e| {
            e["name"]
                .as_str()
                .unwrap_or_else(|| panic!("no name: {e:#}"))
        })
        .collect();
    let actual: BTreeSet<&str> = links.keys().map(String::as_str).collect();
    assert_eq!(
        reported, actual,
        "interfaces of {ns} (promisc vs ip): {json:#}"
    );
    assert_eq!(
        entries.len(),
        links.len(),
        "duplicate entries for {ns}: {json:#}"
    );

    for e in entries {
        let name = e["name"].as_str().unwrap();
        let ip = &links[name];
        let ctx = format!("{name} in {ns}: {e:#}\nip: {ip:?}");
        let int = |k: &str| {
            e[k].as_i64()
                .unwrap_or_else(|| panic!("{k} is not an integer: {ctx}"))
        };
        let boolean = |k: &str| {
            e[k].as_bool()
                .unwrap_or_else(|| panic!("{k} is not a bool: {ctx}"))
        };

        assert_eq!(int("netns_inode"), inode as i64, "netns_inode: {ctx}");
        assert_eq!(int("ifindex"), ip.ifindex, "ifindex: {ctx}");
        let kind = if name == "lo" {
            Some("loopback")
        } else {
            ip.kind.as_deref()
        };
        if let Some(kind) = kind {
            assert_eq!(e["kind"].as_str(), Some(kind), "kind: {ctx}");
        }
        assert_eq!(boolean("up"), ip.has_flag("UP"), "up: {ctx}");
        assert_eq!(int("promiscuity"), ip.promiscuity, "promiscuity: {ctx}");
        assert_eq!(int("allmulti"), ip.allmulti, "allmulti: {ctx}");
        assert_eq!(
            boolean("user_flag"),
            ip.has_flag("PROMISC"),
            "user_flag: {ctx}"
        );
        let flags = *sysfs
            .get(name)
            .unwrap_or_else(|| panic!("no sysfs flags for {name}: {sysfs:?}"));
        assert_eq!(
            boolean("promisc"),
            flags & IFF_PROMISC != 0,
            "promisc vs sysfs flags {flags:#x}: {ctx}"
        );

        let hs = holders(e);
        assert_eq!(
            hs.len() as i64 + int("unattributed"),
            ip.promiscuity,
            "holders + unattributed == promiscuity: {ctx}"
        );
        let user_flags = hs.iter().filter(|h| h["kind"] == "user_flag").count();
        assert_eq!(
            user_flags,
            usize::from(ip.has_flag("PROMISC")),
            "user_flag holder iff the user flag is set: {ctx}"
        );
        for h in hs {
            check_holder(h, &packets, &ctx);
        }
    }
}

fn check_holder(h: &Value, packets: &HashMap<i64, PacketSock>, ctx: &str) {
    let ctx = format!("holder {h}\nof {ctx}");
    let kind = h["kind"]
        .as_str()
        .unwrap_or_else(|| panic!("holder without kind: {ctx}"));
    match kind {
        "user_flag" => {}
        "packet_socket" => check_packet_holder(h, packets, &ctx),
        "uc_promisc" => {
            assert_eq!(h["inferred"], Value::Bool(true), "inferred: {ctx}");
            let addrs = h["addresses"]
                .as_array()
                .unwrap_or_else(|| panic!("addresses: {ctx}"));
            for a in addrs {
                let a = a.as_str().unwrap_or_else(|| panic!("address: {ctx}"));
                assert!(is_mac(a), "address {a:?} is not a lowercase MAC: {ctx}");
            }
        }
        k if STACKED.contains(&k) => {
            let device = h["device"]
                .as_str()
                .unwrap_or_else(|| panic!("device: {ctx}"));
            let ifindex = h["ifindex"]
                .as_i64()
                .unwrap_or_else(|| panic!("ifindex: {ctx}"));
            let netns = h["netns"]
                .as_str()
                .unwrap_or_else(|| panic!("netns: {ctx}"));
            assert!(h["inferred"].is_boolean(), "inferred: {ctx}");
            if k == "macvlan" {
                assert!(h["mode"].is_string(), "macvlan mode: {ctx}");
            }
            // Only our own namespaces can be checked without races.
            if netns.starts_with(NS_PREFIX) {
                let links = ip_links_in(netns);
                let dev = links
                    .get(device)
                    .unwrap_or_else(|| panic!("no {device} in {netns}: {ctx}"));
                assert_eq!(dev.ifindex, ifindex, "holder ifindex: {ctx}");
            }
        }
        other => panic!("unknown holder kind {other:?}: {ctx}"),
    }
}

fn check_packet_holder(h: &Value, packets: &HashMap<i64, PacketSock>, ctx: &str) {
    let inode = h["inode"]
        .as_i64()
        .unwrap_or_else(|| panic!("inode: {ctx}"));
    let sock = packets
        .get(&inode)
        .unwrap_or_else(|| panic!("inode {inode} not in /proc/net/packet {packets:?}: {ctx}"));
    assert_eq!(
        h["socket_uid"].as_i64(),
        Some(sock.uid),
        "socket_uid: {ctx}"
    );

    let procs = h["processes"]
        .as_array()
        .unwrap_or_else(|| panic!("processes: {ctx}"));
    let pids: Vec<i64> = procs
        .iter()
        .map(|p| p["pid"].as_i64().unwrap_or_else(|| panic!("pid: {ctx}")))
        .collect();
    assert!(
        pids.windows(2).all(|w| w[0] < w[1]),
        "processes sorted by pid: {ctx}"
    );
    for p in procs {
        let pid = p["pid"].as_i64().unwrap();
        assert_eq!(
            p["comm"].as_str(),
            Some(proc_comm(pid).as_str()),
            "comm of {pid}: {ctx}"
        );
        assert_eq!(
            p["uid"].as_i64(),
            Some(proc_uid(pid)),
            "uid of {pid}: {ctx}"
        );
        assert!(
            socket_inodes(pid).contains(&inode),
            "/proc/{pid}/fd has no socket:[{inode}]: {ctx}"
        );
    }
    match h["pid"].as_i64() {
        None => {
            assert!(h["pid"].is_null(), "pid: {ctx}");
            assert!(procs.is_empty(), "pid null but processes listed: {ctx}");
        }
        Some(pid) => {
            let first = procs
                .iter()
                .find(|p| p["pid"].as_i64() == Some(pid))
                .unwrap_or_else(|| panic!("pid {pid} not among processes: {ctx}"));
            assert_eq!(h["comm"], first["comm"], "comm: {ctx}");
            assert_eq!(h["uid"], first["uid"], "uid: {ctx}");
        }
    }
}

fn is_mac(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() == 6
        && parts.iter().all(|p| {
            p.len() == 2
                && p.chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
}
