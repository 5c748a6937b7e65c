//! `promisc doctor --host` on Open vSwitch ports: a namespace plays the hypervisor, running
//! Open vSwitch on its userspace datapath with daemons of the test's own (common/ovs.rs), two
//! guests on veths in `br0`. With only the bridge's default NORMAL flow nothing blocks either
//! port; with port-security flows on one port (from it only its guest's MAC), that port is
//! blocked by `forged_transmits` and the other is not blamed; without `ovs-ofctl`, both are
//! `unknown` with the reason. Judged against the flows the test wrote.

use crate::common::ovs::{env, refs, Daemons};
use crate::common::*;
use crate::doctor_host::{blocking, evidence, parse, port};
use serde_json::Value;

/// The hypervisor (fields drop in order: the guests, the host, then the daemons).
struct OvsHost {
    guests: Vec<Netns>,
    ns: Netns,
    daemons: Daemons,
}

impl OvsHost {
    /// The host with Open vSwitch and guests on `vnet0` and `vnet1`, or `None` (skipped).
    fn up(short: &str) -> Option<OvsHost> {
        let ns = privileged(short)?;
        let daemons = Daemons::up(&ns, short)?;
        let mut guests = Vec::new();
        for p in ["vnet0", "vnet1"] {
            let g = Netns::new("dho");
            ns.ip(&format!(
                "link add {p} type veth peer name eth0 netns {}",
                g.name
            ));
            ns.ip(&format!("link set {p} up"));
            daemons.add_port(&ns, p);
            g.ip("link set eth0 up");
            guests.push(g);
        }
        ns.ip("link set br0 up");
        Some(OvsHost {
            guests,
            ns,
            daemons,
        })
    }

    /// The MAC of guest `i`'s `eth0`.
    fn mac(&self, i: usize) -> String {
        ip_link(&self.guests[i], "eth0")
            .address
            .expect("eth0 has a MAC")
    }

    /// `promisc doctor --host --json` in the host, its OVS tools pointed at the test's daemons.
    fn doctor(&self) -> Value {
        let bin = bin();
        let argv = env(self.daemons.dir(), &[&bin, "doctor", "--host", "--json"]);
        let run = self.ns.try_run(&refs(&argv));
        run.expect_success();
        parse(&run.stdout)
    }
}

fn nothing_blocks(d: &Value, name: &str, guest: &str) {
    let p = port(d, name);
    assert_eq!(p["nested"], "works", "{p:#}");
    assert_eq!(blocking(p), Vec::<&str>::new(), "{p:#}");
    assert_eq!(p["bridge"], "br0", "{p:#}");
    assert_eq!(
        p["guest"]["name"], guest,
        "the veth's peer namespace: {p:#}"
    );
    let pol = &p["policies"];
    assert_eq!(pol["forged_transmits"], "accept", "{p:#}");
    assert_eq!(pol["mac_learning"], "on", "{p:#}");
    assert_eq!(pol["flooding"], "on", "{p:#}");
    assert_eq!(pol["promiscuous"], "reject", "{p:#}");
}

#[test]
fn host_doctor_ovs_normal_nothing_blocks() {
    let Some(h) = OvsHost::up("dh-ovsn") else {
        return;
    };
    let d = h.doctor();
    assert_eq!(d["ports"].as_array().unwrap().len(), 2, "{d:#}");
    nothing_blocks(&d, "vnet0", &h.guests[0].name);
    nothing_blocks(&d, "vnet1", &h.guests[1].name);
    assert!(
        evidence(port(&d, "vnet0"), "ovs_flows").contains("actions=NORMAL"),
        "{d:#}"
    );
    assert_eq!(d["blocked"], 0);
}

#[test]
fn host_doctor_ovs_port_security_blames_its_port_only() {
    let Some(h) = OvsHost::up("dh-ovsps") else {
        return;
    };
    // Port security as OVN writes it for vnet0: from it only its guest's own MAC.
    let mac = h.mac(0);
    let flows = h.daemons.dir.file("flows.txt");
    std::fs::write(
        &flows,
        format!(
            "priority=300,in_port=vnet0,dl_src={mac},actions=NORMAL\n\
             priority=290,in_port=vnet0,actions=drop\n\
             priority=0,actions=NORMAL\n"
        ),
    )
    .expect("write flows");
    h.daemons.ofctl(&h.ns, &["replace-flows", "br0", &flows]);
    let d = h.doctor();
    let p = port(&d, "vnet0");
    assert_eq!(p["nested"], "blocked", "{p:#}");
    assert_eq!(blocking(p), ["forged_transmits"], "{p:#}");
    assert_eq!(p["policies"]["forged_transmits"], "reject", "{p:#}");
    let ev = evidence(p, "ovs_flows");
    assert!(
        ev.contains("priority=290") && ev.contains("in_port=vnet0"),
        "{ev}"
    );
    nothing_blocks(&d, "vnet1", &h.guests[1].name);
    assert_eq!(d["blocked"], 1);
}

#[test]
fn host_doctor_ovs_without_ovs_ofctl_says_unknown_and_why() {
    let Some(h) = OvsHost::up("dh-ovsno") else {
        return;
    };
    // A PATH with ovs-vsctl (the ports are found) and no ovs-ofctl (the flows are not read).
    let vsctl = std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|d| std::path::Path::new(d).join("ovs-vsctl"))
        .find(|p| p.exists())
        .expect("ovs-vsctl on PATH (Open vSwitch's daemons run)");
    let bin_dir = h.daemons.dir.file("bin");
    std::fs::create_dir(&bin_dir).expect("mkdir");
    std::os::unix::fs::symlink(&vsctl, format!("{bin_dir}/ovs-vsctl")).expect("symlink");
    let bin = bin();
    let path = format!("PATH={bin_dir}");
    let argv = env(
        h.daemons.dir(),
        &[&path, &bin, "doctor", "--host", "--json"],
    );
    let run = h.ns.try_run(&refs(&argv));
    run.expect_success();
    let d = parse(&run.stdout);
    for name in ["vnet0", "vnet1"] {
        let p = port(&d, name);
        assert_eq!(p["nested"], "unknown", "{p:#}");
        assert_eq!(blocking(p), Vec::<&str>::new(), "{p:#}");
        assert_eq!(p["policies"]["forged_transmits"], "unknown", "{p:#}");
        let ev = evidence(p, "ovs_flows");
        assert!(ev.contains("ovs-ofctl is not installed"), "{ev}");
    }
}
