//! The one skip rule of the test suite.
//!
//! A test that cannot run here (not root, `ip netns` unusable, an oracle tool missing) calls
//! [`skip`] (or [`partly`] when it goes on with less, e.g. against recorded answers) and returns.
//! With `PROMISC_REQUIRE_PRIVILEGED=1` (what CI sets) both panic instead: nothing may be skipped.
//!
//! libtest has no "skipped" outcome, so a skipped test still ends as `ok`. To keep that from
//! passing for a real pass, a skip is shown twice, outside libtest's output capture:
//!
//! * at once, on the test binary's stderr: `SKIPPED <test>: <reason>`;
//! * when the test binary exits, one summary line:
//!   `promisc-testkit: N of this binary's tests were skipped (...): <test> (<reason>), ...`.
//!
//! The test's name is the name libtest gives its thread (the test's path).

use std::io::Write;
use std::sync::{Mutex, Once};

/// The variable that turns every skip into a failure.
pub const REQUIRE_ENV: &str = "PROMISC_REQUIRE_PRIVILEGED";

static SKIPPED: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
static SUMMARY: Once = Once::new();

/// Whether the environment demands that every test run (`PROMISC_REQUIRE_PRIVILEGED=1`).
pub fn required() -> bool {
    std::env::var(REQUIRE_ENV).as_deref() == Ok("1")
}

/// Records that the calling test is skipped for `reason` and says so on stderr; the caller then
/// returns. Panics instead when [`required`].
#[track_caller]
pub fn skip(reason: &str) {
    record("SKIPPED", reason);
}

/// Like [`skip`], for a test that goes on with less (e.g. against recorded answers only).
#[track_caller]
pub fn partly(reason: &str) {
    record("PARTLY SKIPPED", reason);
}

#[track_caller]
fn record(what: &str, reason: &str) {
    assert!(
        !required(),
        "cannot skip: {reason} ({REQUIRE_ENV}=1 demands that every test run)"
    );
    let test = std::thread::current()
        .name()
        .unwrap_or("<unnamed test>")
        .to_string();
    // Straight to the file descriptor: libtest captures eprintln! of passing tests.
    let _ = writeln!(std::io::stderr(), "{what} {test}: {reason}");
    SKIPPED.lock().unwrap_or_else(|e| e.into_inner()).push((
        test,
        format!(
            "{}{reason}",
            if what == "SKIPPED" { "" } else { "partly: " }
        ),
    ));
    SUMMARY.call_once(|| {
        // SAFETY: `summary` is an `extern "C" fn()` that does not unwind (it only formats and
        // writes, ignoring errors, and never panics on a poisoned lock).
        unsafe { libc::atexit(summary) };
    });
}

extern "C" fn summary() {
    let skipped = match SKIPPED.lock() {
        Ok(s) => s,
        Err(e) => e.into_inner(),
    };
    let mut list: Vec<String> = skipped.iter().map(|(t, r)| format!("{t} ({r})")).collect();
    list.sort();
    let _ = writeln!(
        std::io::stderr(),
        "promisc-testkit: {} of this binary's tests were skipped (set {REQUIRE_ENV}=1 to fail \
         them instead): {}",
        list.len(),
        list.join(", ")
    );
}

/// Whether `tool` is a file in one of `PATH`'s directories.
pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(tool).is_file()))
}

/// Whether every tool is on `PATH`; [`skip`]s (naming the first missing one) when not.
#[track_caller]
pub fn have(tools: &[&str]) -> bool {
    match tools.iter().find(|t| !on_path(t)) {
        None => true,
        Some(t) => {
            skip(&format!("`{t}` not found in PATH"));
            false
        }
    }
}

/// Whether `tcpdump --version` runs (and succeeds). Does not skip: see [`have_tcpdump`].
pub fn tcpdump_runs() -> bool {
    std::process::Command::new("tcpdump")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether tcpdump, the oracle of many tests, runs; [`skip`]s when not.
#[track_caller]
pub fn have_tcpdump() -> bool {
    let ok = tcpdump_runs();
    if !ok {
        skip("tcpdump not installed (it is the oracle)");
    }
    ok
}

/// The effective user id, from `/proc/self/status`.
pub fn euid() -> Result<u32, String> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| e.to_string())?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| "no Uid: line in /proc/self/status".to_string())
}

/// Whether the test runs as root; [`skip`]s (saying why) when not.
#[track_caller]
pub fn root() -> bool {
    match euid() {
        Ok(0) => true,
        Ok(uid) => {
            skip(&format!("not root (euid {uid})"));
            false
        }
        Err(e) => {
            skip(&format!("cannot read euid: {e}"));
            false
        }
    }
}
