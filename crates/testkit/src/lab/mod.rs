//! The network-namespace lab of the privileged tests.
//!
//! * [`Netns`]: a throw-away network namespace with a unique name; its `Drop`
//!   kills every process it started (and anything else left inside the
//!   namespace), then deletes it, also when the test panics.
//! * [`Proc`]: a long-running child (tcpdump, python helper, the binary under
//!   test) killed when dropped, with bounded waits on its output.
//! * [`run_bounded`] / [`run_ok`]: one-shot commands, bounded.
//! * Independent oracles: `ip -d -j link show` (counters, flags, kinds),
//!   sysfs `flags` (the real IFF_PROMISC), `/proc/PID/{comm,status,fd}` and
//!   the namespace's `/proc/net/packet`.
//!
//! Every wait is bounded: polls every [`POLL`], gives up after [`TIMEOUT`]
//! (or [`CMD_TIMEOUT`] for one-shot commands) with a panic saying what it
//! waited for.

mod netns;
mod oracles;
mod proc;
mod run;

pub use netns::Netns;
pub use oracles::*;
pub use proc::Proc;
pub use run::{run_bounded, run_ok, Run};

use std::path::Path;
use std::time::Duration;

/// Directory of the helper scripts (`tests/helpers` of the workspace).
pub const HELPERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/helpers");
/// Poll interval of every wait.
pub const POLL: Duration = Duration::from_millis(20);
/// Bound of every wait for a state change: generous, so that a loaded machine (`./test.sh
/// --stress`) never reaches it while waiting for something that does happen; it only sets
/// how long a failing test takes to say so.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// Bound of one-shot commands (`ip`, `promisc status`, ...).
pub const CMD_TIMEOUT: Duration = Duration::from_secs(30);
/// `IFF_PROMISC` in an interface's flags.
pub const IFF_PROMISC: u32 = 0x100;
/// Prefix of every namespace the tests create.
pub const NS_PREFIX: &str = "promisc-t-";

/// Called first by every privileged test: the test's own namespace, or `None` after a
/// [`gate::skip`](crate::gate::skip) when it cannot run here (not root, `ip netns add`
/// failing), which panics instead under `PROMISC_REQUIRE_PRIVILEGED=1`.
#[track_caller]
pub fn privileged(short: &str) -> Option<Netns> {
    if !crate::gate::root() {
        return None;
    }
    match Netns::try_new(short) {
        Ok(ns) => Some(ns),
        Err(e) => {
            crate::gate::skip(&format!("`ip netns add` failed: {e}"));
            None
        }
    }
}

/// Whether an external tool (e.g. tcpdump) is on `PATH`; skips by the gate when not.
#[track_caller]
pub fn require_tool(tool: &str) -> bool {
    crate::gate::have(&[tool])
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

/// The path of helper script `name`.
pub fn helper(name: &str) -> String {
    format!("{HELPERS}/{name}")
}
