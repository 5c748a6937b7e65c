//! Open vSwitch as Debian's `openvswitch-switch` runs without its kernel module: the userspace
//! datapath (`datapath_type=netdev`), `ovsdb-server` and `ovs-vswitchd` started by the test
//! inside a namespace with a run directory of their own. Shared by the guest-side doctor's
//! tests (doctor_real/ovs.rs) and `doctor --host`'s (doctor_host_ovs.rs).

use std::time::Duration;

use promisc_testkit::lab::{require_tool, wait_until, Netns, Proc, Run};
use promisc_testkit::temp::TempDir;

/// The OVS tools' environment variables that `Daemons::env` points at the run directory.
const DIRS: [&str; 4] = ["OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR"];

/// The daemons of one test and their directory; fields drop in order: the daemons (killed),
/// then the directory. Drop it after the namespaces whose ports it holds, or with them.
pub struct Daemons {
    _ovsdb: Proc,
    _vswitchd: Proc,
    /// Their run directory (sockets, database, logs).
    pub dir: TempDir,
}

/// `env OVS_*DIR=DIR argv...`: every OVS tool keeps its sockets and logs in `dir`.
pub fn env<'a>(dir: &'a str, argv: &[&'a str]) -> Vec<String> {
    let mut v = vec!["env".to_string()];
    for var in DIRS {
        v.push(format!("{var}={dir}"));
    }
    v.extend(argv.iter().map(|s| s.to_string()));
    v
}

/// The strings of `v`, borrowed.
pub fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

impl Daemons {
    /// Starts ovsdb-server and ovs-vswitchd in `ns` and makes bridge `br0` on the userspace
    /// datapath; `None` (skipped, with the reason printed) when Open vSwitch is not installed.
    pub fn up(ns: &Netns, short: &str) -> Option<Daemons> {
        if !require_tool("ovs-vswitchd") || !require_tool("ovsdb-server") {
            return None;
        }
        let dir = TempDir::new(short);
        let d = dir.root().to_str().expect("utf-8").to_string();
        let db = format!("unix:{d}/db.sock");
        let r = ns.try_run(&refs(&env(
            &d,
            &[
                "ovsdb-tool",
                "create",
                &format!("{d}/conf.db"),
                "/usr/share/openvswitch/vswitch.ovsschema",
            ],
        )));
        assert_eq!(r.code(), 0, "ovsdb-tool create: {r}");
        let ovsdb = ns.spawn(&refs(&env(
            &d,
            &[
                "ovsdb-server",
                &format!("{d}/conf.db"),
                &format!("--remote=punix:{d}/db.sock"),
                &format!("--unixctl={d}/ovsdb-server.ctl"),
                &format!("--log-file={d}/ovsdb-server.log"),
            ],
        )));
        let vsctl = |args: &[&str]| {
            let mut a = vec!["ovs-vsctl", "--timeout=10", "--db", db.as_str()];
            a.extend_from_slice(args);
            ns.try_run(&refs(&env(&d, &a)))
        };
        wait_until("ovsdb-server answers", Duration::from_secs(10), || {
            vsctl(&["--no-wait", "init"]).code() == 0
        });
        let vswitchd = ns.spawn(&refs(&env(
            &d,
            &[
                "ovs-vswitchd",
                &db,
                &format!("--unixctl={d}/ovs-vswitchd.ctl"),
                &format!("--log-file={d}/ovs-vswitchd.log"),
            ],
        )));
        let daemons = Daemons {
            _ovsdb: ovsdb,
            _vswitchd: vswitchd,
            dir,
        };
        // Without --no-wait, ovs-vsctl returns once ovs-vswitchd has made the bridge.
        let r = daemons.vsctl(
            ns,
            &[
                "add-br",
                "br0",
                "--",
                "set",
                "bridge",
                "br0",
                "datapath_type=netdev",
            ],
        );
        assert_eq!(r.code(), 0, "add-br: {r}");
        Some(daemons)
    }

    /// The run directory, as a string.
    pub fn dir(&self) -> &str {
        self.dir.root().to_str().expect("utf-8")
    }

    /// `ovs-vsctl ARGS...` in `ns`.
    pub fn vsctl(&self, ns: &Netns, args: &[&str]) -> Run {
        let d = self.dir();
        let db = format!("unix:{d}/db.sock");
        let mut a = vec!["ovs-vsctl", "--timeout=10", "--db", db.as_str()];
        a.extend_from_slice(args);
        ns.try_run(&refs(&env(d, &a)))
    }

    /// `ovs-vsctl add-port br0 PORT`; panics unless it succeeds.
    pub fn add_port(&self, ns: &Netns, port: &str) {
        let r = self.vsctl(ns, &["add-port", "br0", port]);
        assert_eq!(r.code(), 0, "add-port {port}: {r}");
    }

    /// `ovs-ofctl ARGS...` in `ns`; panics unless it succeeds.
    pub fn ofctl(&self, ns: &Netns, args: &[&str]) {
        let mut a = vec!["ovs-ofctl"];
        a.extend_from_slice(args);
        ns.run(&refs(&env(self.dir(), &a)));
    }
}
