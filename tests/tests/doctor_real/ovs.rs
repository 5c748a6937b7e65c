//! Open vSwitch, as Debian's `openvswitch-switch` runs without its kernel module: the
//! userspace datapath (`datapath_type=netdev`), `ovsdb-server` and `ovs-vswitchd` started
//! here inside the switch's namespace with a run directory of their own, killed with it. The
//! gateway is a namespace of its own on a port: the switch's namespace holds no address, or
//! its kernel would answer ARP on the veth ends the userspace datapath reads, past the switch.

use super::*;
use promisc_testkit::temp::TempDir;

/// The gateway's MAC.
const GATEWAY_MAC: &str = "52:54:00:00:00:01";

/// A running Open vSwitch with `br0` and the guest's, the neighbour's and the gateway's
/// ports; fields drop in order: the namespaces (and the daemons in them), then the directory.
struct Ovs {
    real: Real,
    _ovsdb: Proc,
    _vswitchd: Proc,
    dir: TempDir,
}

/// `env OVS_*DIR=DIR argv...`: every OVS tool keeps its sockets and logs in `dir`.
fn env<'a>(dir: &'a str, argv: &[&'a str]) -> Vec<String> {
    let mut v: Vec<String> = ["env"].iter().map(|s| s.to_string()).collect();
    for var in ["OVS_RUNDIR", "OVS_DBDIR", "OVS_LOGDIR", "OVS_SYSCONFDIR"] {
        v.push(format!("{var}={dir}"));
    }
    v.extend(argv.iter().map(|s| s.to_string()));
    v
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

impl Ovs {
    fn up(short: &str) -> Option<Ovs> {
        let sw = privileged(&format!("{short}-sw"))?;
        if !require_tool("ovs-vswitchd") || !require_tool("ovsdb-server") {
            return None;
        }
        let guest = Netns::new(&format!("{short}-g"));
        let neighbour = Netns::new(&format!("{short}-nb"));
        let gw = Netns::new(&format!("{short}-gw"));
        let dir = TempDir::new(short);
        let d = dir.root().to_str().expect("utf-8").to_string();
        let db = format!("unix:{d}/db.sock");
        run_ok(&refs(&env(
            &d,
            &[
                "ovsdb-tool",
                "create",
                &format!("{d}/conf.db"),
                "/usr/share/openvswitch/vswitch.ovsschema",
            ],
        )));
        let ovsdb = sw.spawn(&refs(&env(
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
            sw.try_run(&refs(&env(&d, &a)))
        };
        wait_until("ovsdb-server answers", Duration::from_secs(10), || {
            vsctl(&["--no-wait", "init"]).code() == 0
        });
        let vswitchd = sw.spawn(&refs(&env(
            &d,
            &[
                "ovs-vswitchd",
                &db,
                &format!("--unixctl={d}/ovs-vswitchd.ctl"),
                &format!("--log-file={d}/ovs-vswitchd.log"),
            ],
        )));
        // Without --no-wait, ovs-vsctl returns once ovs-vswitchd has made the bridge.
        let r = vsctl(&[
            "add-br",
            "br0",
            "--",
            "set",
            "bridge",
            "br0",
            "datapath_type=netdev",
        ]);
        assert_eq!(r.code(), 0, "add-br: {r}");
        for (port, ns) in [("vguest", &guest), ("vnb", &neighbour), ("vgw", &gw)] {
            sw.ip(&format!(
                "link add {port} type veth peer name eth0 netns {}",
                ns.name
            ));
            sw.ip(&format!("link set {port} up"));
            let r = vsctl(&["add-port", "br0", port]);
            assert_eq!(r.code(), 0, "add-port {port}: {r}");
        }
        sw.ip("link set br0 up");
        host(&guest, GUEST_MAC, GUEST_IP);
        host(&neighbour, NEIGHBOUR_MAC, NEIGHBOUR_IP);
        gw.ip(&format!("link set eth0 address {GATEWAY_MAC}"));
        gw.ip(&format!("addr add {GATEWAY}/24 dev eth0"));
        gw.ip("link set eth0 up");
        Some(Ovs {
            real: Real {
                _pinger: None,
                sw,
                guest,
                neighbour,
                _others: vec![gw],
            },
            _ovsdb: ovsdb,
            _vswitchd: vswitchd,
            dir,
        })
    }

    /// `ovs-ofctl ARGS...` on the switch; panics unless it succeeds.
    fn ofctl(&self, args: &[&str]) {
        let d = self.dir.root().to_str().expect("utf-8");
        let mut a = vec!["ovs-ofctl"];
        a.extend_from_slice(args);
        self.real.sw.run(&refs(&env(d, &a)));
    }
}

#[test]
fn doctor_on_open_vswitch_normal() {
    let Some(mut ovs) = Ovs::up("dr-ovs") else {
        return;
    };
    // The default flow of a new bridge: NORMAL (a learning switch that floods unknown
    // unicast), as on plain Open vSwitch hosts.
    ovs.real.start(true);
    let d = ovs.real.doctor(None);
    expect(&d, "Open vSwitch NORMAL", ["reject", "accept", "on"], &[]);
    assert!(
        known_unicast(&d).contains("0 of 2 answers to 192.0.2.4"),
        "{d:#}"
    );
}

#[test]
fn doctor_on_open_vswitch_with_port_security_flows() {
    let Some(mut ovs) = Ovs::up("dr-ovsps") else {
        return;
    };
    // Port security as OVN writes it for a port: from the guest only its own source MAC;
    // to the guest only its MAC, broadcast and multicast (no unknown-unicast flooding).
    let flows = ovs.dir.file("flows.txt");
    std::fs::write(
        &flows,
        format!(
            "priority=300,in_port=vguest,dl_src={GUEST_MAC},actions=NORMAL\n\
             priority=290,in_port=vguest,actions=drop\n\
             priority=200,dl_dst={GUEST_MAC},actions=output:vguest\n\
             priority=100,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,actions=ALL\n\
             priority=50,actions=NORMAL\n"
        ),
    )
    .expect("write flows");
    ovs.ofctl(&["replace-flows", "br0", &flows]);
    ovs.ofctl(&["mod-port", "br0", "vguest", "no-flood"]);
    ovs.real.start(true);
    let d = ovs.real.doctor(None);
    expect(
        &d,
        "Open vSwitch port security",
        ["reject", "reject", "unknown"],
        &["promiscuous", "forged_transmits"],
    );
}
