//! Open vSwitch, as Debian's `openvswitch-switch` runs without its kernel module: the
//! userspace datapath (`datapath_type=netdev`), `ovsdb-server` and `ovs-vswitchd` started
//! here inside the switch's namespace with a run directory of their own, killed with it. The
//! gateway is a namespace of its own on a port: the switch's namespace holds no address, or
//! its kernel would answer ARP on the veth ends the userspace datapath reads, past the switch.

use super::*;
use crate::common::ovs::Daemons;

/// The gateway's MAC.
const GATEWAY_MAC: &str = "52:54:00:00:00:01";

/// A running Open vSwitch with `br0` and the guest's, the neighbour's and the gateway's
/// ports; fields drop in order: the namespaces, then the daemons and their directory.
struct Ovs {
    real: Real,
    daemons: Daemons,
}

impl Ovs {
    fn up(short: &str) -> Option<Ovs> {
        let sw = privileged(&format!("{short}-sw"))?;
        let daemons = Daemons::up(&sw, short)?;
        let guest = Netns::new(&format!("{short}-g"));
        let neighbour = Netns::new(&format!("{short}-nb"));
        let gw = Netns::new(&format!("{short}-gw"));
        for (port, ns) in [("vguest", &guest), ("vnb", &neighbour), ("vgw", &gw)] {
            sw.ip(&format!(
                "link add {port} type veth peer name eth0 netns {}",
                ns.name
            ));
            sw.ip(&format!("link set {port} up"));
            daemons.add_port(&sw, port);
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
            daemons,
        })
    }

    /// `ovs-ofctl ARGS...` on the switch; panics unless it succeeds.
    fn ofctl(&self, args: &[&str]) {
        self.daemons.ofctl(&self.real.sw, args);
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
    let flows = ovs.daemons.dir.file("flows.txt");
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
