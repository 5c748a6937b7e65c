//! The network namespace guard.

use super::proc::lines;
use super::run::describe;
use super::{helper, python, run_bounded, run_ok, Proc, Run, CMD_TIMEOUT, NS_PREFIX, POLL};
use std::os::unix::fs::MetadataExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A network namespace of its own (see the module doc), deleted on drop.
pub struct Netns {
    /// Its name under /run/netns.
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

    /// A further namespace for a test that already passed [`privileged`](super::privileged).
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
