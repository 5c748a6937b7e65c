//! Configuration errors name the line, the column and the key.

use promisc_vswitch::config::{Mode, Vlan};
use promisc_vswitch::policy::{Profile, Setting};
use promisc_vswitch::Config;

const GOOD: &str = r#"name = "vswitch0"
mode = "learning"

[learning]
ageing = "5m"
limit = 10
limit_policy = "allow"

[workstation]
vmnet = "/dev/vmnet0"
vm_user = "alice"

[[portgroup]]
name = "VM Network"
vlan = 0
profile = "workstation"

[[portgroup]]
name = "hardened"
vlan = 20
profile = "vsphere7"
forged_transmits = "accept"

[[port]]
name = "guest"
device = "vs-guest"
mac = "00:0c:29:00:00:02"
portgroup = "VM Network"

[[port]]
name = "up"
device = "vs-up"
mac = "00:50:56:00:00:01"
portgroup = "hardened"
uplink = true
"#;

#[test]
fn a_full_configuration_parses() {
    let c = Config::parse(GOOD).unwrap();
    assert_eq!(c.name, "vswitch0");
    assert_eq!(c.mode, Mode::Learning);
    assert_eq!(c.learning.ageing.as_secs(), 300);
    assert_eq!(c.learning.limit, 10);
    assert_eq!(c.portgroups[0].profile, Profile::Workstation);
    assert_eq!(c.portgroups[1].vlan, Vlan::Access(20));
    let s = c.portgroups[1].security;
    assert_eq!(
        (s.promiscuous, s.mac_changes, s.forged_transmits),
        (Setting::Reject, Setting::Reject, Setting::Accept)
    );
    assert_eq!(c.ports[1].portgroup, 1);
    assert!(c.ports[1].uplink);
    assert_eq!(
        (c.ports[0].device_at.line, c.ports[0].device_at.column),
        (26, 10)
    );
}

fn error(text: &str) -> String {
    Config::parse(text)
        .unwrap_err()
        .in_file("sw.toml")
        .to_string()
}

#[test]
fn errors_name_file_line_and_key() {
    let cases = [
        (GOOD.replace("portgroup = \"hardened\"", "portgroup = \"hardend\""), "sw.toml:34:13: port[1].portgroup: no port group `hardend`; the port groups are `VM Network`, `hardened`"),
        (GOOD.replace("vlan = 20", "vlan = 5000"), "sw.toml:20:8: portgroup[1].vlan: vlan is 0"),
        (GOOD.replace("\"00:50:56:00:00:01\"", "\"00:50:56:00:01\""), "sw.toml:33:7: "),
        (GOOD.replace("\"vsphere7\"", "\"vsphere8\""), "sw.toml:21:11: "),
        (GOOD.replace("ageing = \"5m\"", "ageing = \"5 parsecs\""), "sw.toml:5:10: learning.ageing: "),
        (GOOD.replace("uplink = true", "uplink = true\ncolour = \"red\""), "sw.toml:36:1: "),
        (GOOD.replace("device = \"vs-up\"", "device = \"vs-guest\""), "sw.toml:32:10: port[1].device: device `vs-guest` is already port `guest`"),
        (GOOD.replace("name = \"up\"", "name = \"guest\""), "sw.toml:31:8: port[1].name: port name `guest`"),
        (GOOD.replace("name = \"vswitch0\"", "name = \"../x\""), "sw.toml:1:8: name: "),
        (GOOD.replace("[workstation]\nvmnet = \"/dev/vmnet0\"\nvm_user = \"alice\"\n", ""), "portgroup[0].profile: the workstation profile needs a [workstation] table"),
        (GOOD.replace("mac = \"00:50:56:00:00:01\"", "mac = \"01:00:5e:00:00:01\""), "port[1].mac: 01:00:5e:00:00:01 is a group address"),
        (GOOD.replace("portgroup = \"VM Network\"\n\n", "portgroup = \"VM Network\"\nuplink = true\n\n"), "port[1].uplink: only one port may be the uplink"),
        (GOOD.replace("\"00:50:56:00:00:01\"", "\"00:0C:29:00:00:02\""), "sw.toml:33:7: port[1].mac: port `up` has the MAC of port `guest` (line 27), 00:0c:29:00:00:02: two ports cannot share a configured MAC"),
    ];
    for (text, want) in cases {
        let got = error(&text);
        assert!(
            got.starts_with(want) || got.contains(want),
            "want `{want}`, got `{got}`"
        );
    }
    // toml's own messages name the problem too.
    assert!(
        error(&GOOD.replace("\"vsphere7\"", "\"vsphere8\"")).contains("vsphere8")
            || error(&GOOD.replace("\"vsphere7\"", "\"vsphere8\"")).contains("variant")
    );
    assert!(
        error(&GOOD.replace("uplink = true", "uplink = true\ncolour = \"red\"")).contains("colour")
    );
}
