//! `deploy/lynis/plugin_promisc_phase1`: CUST-3015 run by Debian's real `lynis` (as a
//! plugin, from a plugin directory and a profile of the test's own) with our binary first on
//! PATH. Lynis and promisc run inside the test's namespace, in a PID and mount namespace of
//! their own whose `/run/netns` is empty, so `--all-netns` (the plugin's production command)
//! sees the test's namespace and nothing else of a busy machine. A bridge port passes (where
//! NETW-3015, run beside it, warns about the port's interface); with the host's allow file, a
//! capture it accepts passes and a sniffer (tcpdump) is a warning in the report that names it.

use crate::common::*;
use promisc_testkit::temp::TempDir;
use std::time::Duration;

/// The plugin as shipped.
const PLUGIN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/deploy/lynis/plugin_promisc_phase1"
);

/// What runs inside the isolated namespaces: Lynis with the default rules and no sniffer;
/// then with the allow file, a capture it accepts (the python helper holding a membership)
/// and a sniffer it does not (tcpdump). `$1` is the test's directory, `$2` python, `$3` the
/// helper.
const SCENARIO: &str = r#"set -eu
T=$1
mount -t tmpfs tmpfs /run/netns
export PATH="$T/bin:$PATH"
# audit NAME PROFILE TESTS
audit() {
    lynis audit system --plugindir "$T/plugins" --profile "$T/$2" \
        --tests "$3" --logfile "$T/$1.log" --report-file "$T/$1.dat" \
        --quick --no-colors > "$T/$1.out" 2>&1
}
# wait_for FILE TEXT: until FILE says TEXT (20 s at most).
wait_for() {
    n=0
    until grep -q "$2" "$1"; do
        n=$((n + 1))
        if [ $n -gt 400 ]; then echo "no '$2' in $1:" >&2; cat "$1" >&2; exit 3; fi
        sleep 0.05
    done
}
audit plain plugin.prf "CUST-3015 NETW-3015"
"$2" "$3" v1 > "$T/held.out" &
held=$!
wait_for "$T/held.out" ready
tcpdump -i v1 -w /dev/null 2> "$T/tcpdump.err" &
sniffer=$!
wait_for "$T/tcpdump.err" "listening on"
PROMISC_ALLOW_FILE="$T/allow" audit sniffer promisc.prf CUST-3015
kill $sniffer $held
"#;

/// One Lynis run's screen, report and log.
struct Audit {
    out: String,
    report: String,
    log: String,
}

impl Audit {
    fn read(tmp: &TempDir, name: &str) -> Audit {
        let read = |ext: &str| {
            std::fs::read_to_string(tmp.path(&format!("{name}.{ext}")))
                .unwrap_or_else(|e| panic!("{name}.{ext}: {e}"))
        };
        Audit {
            out: read("out"),
            report: read("dat"),
            log: read("log"),
        }
    }

    /// The report's CUST-3015 warnings: `warning[]=CUST-3015|MESSAGE|DETAILS|SOLUTION|`.
    fn warnings(&self) -> Vec<&str> {
        self.report
            .lines()
            .filter_map(|l| l.strip_prefix("warning[]=CUST-3015|"))
            .collect()
    }

    /// The screen's verdict line of the test.
    fn verdict(&self) -> &str {
        self.out
            .lines()
            .find(|l| l.contains("Checking promiscuous interfaces and their holders"))
            .unwrap_or_else(|| panic!("no verdict on screen:\n{}", self.out))
    }

    fn assert_ran(&self) {
        assert!(
            self.report.contains("plugin_enabled_phase1[]=promisc|"),
            "the plugin is enabled:\n{}",
            self.report
        );
        assert!(
            self.report
                .lines()
                .any(|l| l.starts_with("tests_executed=") && l.contains("CUST-3015")),
            "CUST-3015 ran:\n{}",
            self.report
        );
        assert!(
            self.log
                .contains("Result: promisc status --check exited with"),
            "{}",
            self.log
        );
    }
}

#[test]
fn lynis_passes_a_bridge_port_and_names_a_sniffer() {
    let ns = netns_with_tcpdump!("lynis");
    if !require_tool("lynis") || !require_tool("unshare") {
        return;
    }
    ns.ip("link add br0 type bridge");
    ns.ip("link add v0 type veth peer name v1");
    ns.ip("link set v0 master br0");
    // A port that is not a veth (a virtual machine's tap): NETW-3015 reads `ip -o link`'s
    // names, and a veth's is `v0@v1`, which it then cannot show, so it never sees a veth.
    ns.ip("tuntap add d0 mode tap");
    ns.ip("link set d0 master br0");
    for d in ["br0", "v0", "v1", "d0"] {
        ns.ip(&format!("link set {d} up"));
    }
    let tmp = TempDir::new("lynis");
    // Lynis runs a plugin or profile only when root owns it and others cannot write it.
    std::fs::create_dir(tmp.path("plugins")).unwrap();
    std::fs::create_dir(tmp.path("bin")).unwrap();
    let plugin = tmp.path("plugins/plugin_promisc_phase1");
    std::fs::copy(PLUGIN, &plugin).unwrap();
    std::os::unix::fs::symlink(bin(), tmp.path("bin/promisc")).unwrap();
    std::fs::write(tmp.path("plugin.prf"), "plugin=promisc\n").unwrap();
    std::fs::write(
        tmp.path("promisc.prf"),
        "plugin=promisc\nskip-test=NETW-3015\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path("allow"),
        "# the host's rules\nbridge_port\npacket_socket:comm=python3  # our capture\n",
    )
    .unwrap();
    for f in ["plugins/plugin_promisc_phase1", "promisc.prf", "plugin.prf"] {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let script = tmp.file("scenario.sh");
    std::fs::write(&script, SCENARIO).unwrap();
    let dir = tmp.dir();
    let run = run_bounded(
        &[
            "ip",
            "netns",
            "exec",
            &ns.name,
            "unshare",
            "--mount",
            "--pid",
            "--fork",
            "--mount-proc",
            "--propagation",
            "private",
            "sh",
            &script,
            &dir,
            &python(),
            &helper("hold_membership.py"),
        ],
        Duration::from_secs(120),
    );
    assert_eq!(run.code(), 0, "{run}");

    // Without a sniffer: the bridge port is seen and passes.
    let plain = Audit::read(&tmp, "plain");
    plain.assert_ran();
    assert!(
        plain.log.contains("port of bridge br0"),
        "promisc saw the bridge port:\n{}",
        plain.log
    );
    assert!(plain.warnings().is_empty(), "{:?}", plain.warnings());
    assert!(plain.verdict().contains("[ OK ]"), "{}", plain.verdict());
    assert!(
        plain.log.matches("port of bridge br0").count() >= 2,
        "both ports:\n{}",
        plain.log
    );
    // NETW-3015, on the same host, takes the port's counter for a warning.
    assert!(
        plain
            .report
            .lines()
            .any(|l| l.starts_with("warning[]=NETW-3015|") && l.contains("|d0|")),
        "NETW-3015 warns about the bridge port:\n{}",
        plain.report
    );

    // The allow file accepts the capture, and the sniffer is one warning that names it
    // (process, pid, uid, kind), not the port nor the capture.
    let sniffer = Audit::read(&tmp, "sniffer");
    sniffer.assert_ran();
    assert!(
        sniffer
            .log
            .contains(&format!("allow rules from {dir}/allow")),
        "{}",
        sniffer.log
    );
    assert!(
        sniffer.log.contains("python3 (pid "),
        "the capture was there:\n{}",
        sniffer.log
    );
    let warnings = sniffer.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}\n{}", sniffer.log);
    let fields: Vec<&str> = warnings[0].split('|').collect();
    let details = fields[1];
    assert!(
        details.starts_with("v1 (") && details.contains("): tcpdump (pid "),
        "{details}"
    );
    assert!(details.ends_with("[packet_socket]"), "{details}");
    assert!(
        sniffer.verdict().contains("[ WARNING ]"),
        "{}",
        sniffer.verdict()
    );
    assert!(
        sniffer.out.contains("tcpdump (pid "),
        "the sniffer is named on screen:\n{}",
        sniffer.out
    );
}

/// The plugin's default rules, used without an allow file, are the exporter units'.
#[test]
fn the_plugin_default_rules_are_the_units() {
    let text = std::fs::read_to_string(PLUGIN).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("PROMISC_RULES=\""))
        .expect("default rules");
    let rules: Vec<String> = line
        .trim_end_matches('"')
        .split_whitespace()
        .map(str::to_string)
        .collect();
    for r in &rules {
        r.parse::<promisc_state::rules::Rule>()
            .unwrap_or_else(|e| panic!("{r}: {e}"));
    }
    assert_eq!(
        rules,
        crate::exporter::unit_allow_list("deploy/promisc-exporter.service")
    );
}
