//! What the privileged tests of promisc-sys share: the root gate and a network namespace
//! deleted on drop, also when the test panics.

#![allow(dead_code)]

use std::io::Write;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// True when running as root; otherwise prints why the test is skipped.
pub fn root(test: &str) -> bool {
    // SAFETY: geteuid(2) takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    // Straight to stderr, past libtest's capture, so the skip shows in a normal run.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: needs root (network namespaces)"
    );
    false
}

/// Runs `argv`; panics with its output unless it succeeds. Returns its stdout.
pub fn run(argv: &[&str]) -> String {
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {argv:?}: {e}"));
    assert!(
        out.status.success(),
        "{argv:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether `tool` runs at all (`tool --version`).
pub fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A network namespace `promisc-t-sys-<pid>-<n>-<short>`, deleted on drop.
pub struct Netns {
    /// Its name under /run/netns.
    pub name: String,
}

impl Netns {
    /// `ip netns add`.
    pub fn new(short: &str) -> Netns {
        let name = format!(
            "promisc-t-sys-{}-{}-{short}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        run(&["ip", "netns", "add", &name]);
        let ns = Netns { name };
        ns.ip("link set lo up");
        ns
    }

    /// `/run/netns/NAME`, for `promisc_sys::ns::run_in`.
    pub fn path(&self) -> String {
        format!("/run/netns/{}", self.name)
    }

    /// `ip -n NAME ARGS...`; panics unless it succeeds.
    pub fn ip(&self, args: &str) -> String {
        let mut argv = vec!["ip", "-n", self.name.as_str()];
        argv.extend(args.split_whitespace());
        run(&argv)
    }

    /// Runs `argv` inside the namespace; panics unless it succeeds.
    pub fn exec(&self, argv: &[&str]) -> String {
        let mut full = vec!["ip", "netns", "exec", self.name.as_str()];
        full.extend_from_slice(argv);
        run(&full)
    }

    /// The contents of `/sys/class/net/DEV/FILE` inside the namespace, trimmed.
    pub fn sysfs(&self, dev: &str, file: &str) -> String {
        self.exec(&["cat", &format!("/sys/class/net/{dev}/{file}")])
            .trim()
            .to_string()
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        // Never panics: we may be unwinding already.
        match Command::new("ip")
            .args(["netns", "del", &self.name])
            .status()
        {
            Ok(s) if s.success() => {}
            other => eprintln!("warning: ip netns del {} failed: {other:?}", self.name),
        }
    }
}

/// The ifindex of `name` in the calling thread's namespace.
pub fn ifindex(name: &str) -> u32 {
    let links = promisc_sys::rtnl::Route::open()
        .and_then(|mut r| r.links())
        .expect("RTM_GETLINK dump");
    links
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no link {name}"))
        .ifindex
}
