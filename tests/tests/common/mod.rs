//! What the topic modules share: the binary under test, the lab (re-exported from the
//! testkit), the privileged tests' set-up macros and helpers, and promisc's JSON oracles.

mod json_doc;
pub mod ovs;
mod status_json;

pub use json_doc::*;
pub use promisc_testkit::lab::*;
pub use status_json::*;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_promisc");
/// Overrides [`BIN`] when set, e.g. to check that the tests catch a
/// deliberately wrong binary.
pub const BIN_OVERRIDE_ENV: &str = "PROMISC_TEST_BIN";

/// Path of the binary under test: [`BIN`] unless `PROMISC_TEST_BIN` is set.
pub fn bin() -> String {
    std::env::var(BIN_OVERRIDE_ENV).unwrap_or_else(|_| BIN.to_string())
}

/// Running the binary under test inside a lab namespace.
pub trait Promisc {
    /// `promisc ARGS...` run inside the namespace.
    fn promisc(&self, args: &[&str]) -> Run;
}

impl Promisc for Netns {
    fn promisc(&self, args: &[&str]) -> Run {
        let bin = bin();
        let mut argv = vec![bin.as_str()];
        argv.extend_from_slice(args);
        self.try_run(&argv)
    }
}

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

pub fn pid_i64(p: &Proc) -> i64 {
    i64::from(p.pid())
}

/// `tcpdump ARGS -w /dev/null` in `ns`, once it is capturing.
pub fn tcpdump(ns: &Netns, args: &[&str]) -> Proc {
    let mut argv = vec!["tcpdump"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(&["-w", "/dev/null"]);
    let p = ns.spawn(&argv);
    p.wait_stderr("listening on");
    p
}

pub fn all_counters_zero(ns: &Netns) {
    for (name, (promiscuity, _)) in ip_counters(ns) {
        assert_eq!(promiscuity, 0, "{name} promiscuity in {}", ns.name);
    }
}

/// The finding of `check` in a `promisc doctor --json` answer (the test fails without it).
pub fn finding<'a>(d: &'a serde_json::Value, check: &str) -> &'a serde_json::Value {
    d["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding: {d:#}"))
}

/// The `blocking` policies of a `promisc doctor --json` answer, in order.
pub fn blocking(d: &serde_json::Value) -> Vec<String> {
    d["blocking"]
        .as_array()
        .expect("blocking")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}
