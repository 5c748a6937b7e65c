//! `promisc doctor` and where it runs (issue #21 §1): `--platform` (a bad name is refused with
//! the list), the JSON `platform` key, bare metal's rule that no frame with a foreign source
//! MAC leaves without `--intrusive` (judged by the kernel bridge's FDB on the other side: every
//! source that arrived is learned there), macvlan isolation (judged by the kernel: the host on
//! the parent does not answer; a device stacked on a macvlan is a unit test in promisc-app,
//! as this kernel may lack 8021q), and the progress shown on a terminal only.

use crate::common::*;
use serde_json::Value;

/// `doctor --json`'s document, parsed and checked against docs/json.md.
fn document(run: &Run) -> Value {
    run.expect_success();
    let v: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("doctor JSON: {e}\n{run}"));
    assert_documented("doctor", &v);
    v
}

#[test]
fn doctor_refuses_an_unknown_platform_naming_the_known_ones() {
    let run = run_bounded(
        &[&bin(), "doctor", "--platform", "vbox", "--passive", "0s"],
        CMD_TIMEOUT,
    );
    assert_eq!(run.code(), 2, "{run}");
    assert!(
        run.stderr.contains("--platform vbox: no such platform"),
        "{run}"
    );
    for name in [
        "virtualbox",
        "hyperv",
        "kvm",
        "proxmox",
        "aws",
        "bare-metal",
    ] {
        assert!(run.stderr.contains(name), "{name} listed: {run}");
    }
    assert!(run.stdout.is_empty(), "{run}");
}

/// A guest namespace whose veth0 (192.0.2.2, default route via .1) is a port's far end of the
/// kernel bridge br0 (192.0.2.1) in a switch namespace; returns (guest, switch, guest MAC).
fn guest_on_a_bridge(short: &str) -> Option<(Netns, Netns, String)> {
    let guest = privileged(&format!("{short}-g"))?;
    let switch = Netns::new(&format!("{short}-s"));
    guest.ip(&format!(
        "link add veth0 type veth peer name veth1 netns {}",
        switch.name
    ));
    switch.ip("link add br0 type bridge");
    switch.ip("link set veth1 master br0");
    switch.ip("addr add 192.0.2.1/24 dev br0");
    switch.ip("link set veth1 up");
    switch.ip("link set br0 up");
    guest.ip("addr add 192.0.2.2/24 dev veth0");
    guest.ip("link set veth0 up");
    guest.ip("route add default via 192.0.2.1");
    wait_until("the guest reaches the bridge", TIMEOUT, || {
        guest
            .try_run(&["ping", "-c1", "-W1", "192.0.2.1"])
            .status
            .success()
    });
    let mac = guest
        .run(&["cat", "/sys/class/net/veth0/address"])
        .trim()
        .to_string();
    Some((guest, switch, mac))
}

/// The source MACs br0 learned on veth1 (its FDB's dynamic entries).
fn learned(switch: &Netns) -> Vec<String> {
    switch
        .run(&["bridge", "fdb", "show", "br", "br0", "brport", "veth1"])
        .lines()
        .filter(|l| !l.contains("permanent") && !l.starts_with("33:33") && !l.starts_with("01:"))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn on_bare_metal_no_foreign_source_leaves_unless_the_platform_allows() {
    let Some((guest, switch, mac)) = guest_on_a_bridge("doc-bm") else {
        return;
    };
    let doctor = |platform: &str| {
        document(&guest.promisc(&[
            "doctor",
            "-i",
            "veth0",
            "--json",
            "--passive",
            "0s",
            "--platform",
            platform,
        ]))
    };
    let d = doctor("bare-metal");
    assert_eq!(d["platform"]["name"], "bare-metal", "{d:#}");
    assert_eq!(d["platform"]["bare_metal"], true, "{d:#}");
    let first = d["platform"]["evidence"][0].as_str().unwrap_or_default();
    assert!(
        first.starts_with("--platform bare-metal (recognised: "),
        "{d:#}"
    );
    for check in ["forged_transmits", "mac_changes"] {
        let f = finding(&d, check);
        assert_eq!(f["status"], "unknown", "{f}");
        assert!(
            f["evidence"]
                .as_str()
                .unwrap()
                .contains("not sent on bare metal without --intrusive"),
            "{f}"
        );
    }
    let ret = finding(&d, "return_path")["evidence"].as_str().unwrap();
    assert!(
        ret.contains("the probe from a made-up MAC was not sent on bare metal"),
        "{ret}"
    );
    assert!(
        finding(&d, "platform")["evidence"]
            .as_str()
            .unwrap()
            .contains("a hoster can lock a server"),
        "{d:#}"
    );
    // The probes from our own MAC ran and were answered.
    assert_eq!(d["policies"]["forged_transmits"], "unknown", "{d:#}");
    assert!(
        ret.starts_with("answers of 192.0.2.1 to a MAC that never sent a frame: 3 of 3 answered"),
        "{ret}"
    );
    assert_eq!(
        learned(&switch),
        std::slice::from_ref(&mac),
        "only the guest's own MAC reached the bridge"
    );
    // The same guest on a hypervisor: the made-up sources leave and the bridge learns them.
    let d = doctor("kvm");
    assert_eq!(d["platform"]["name"], "kvm");
    assert_eq!(d["platform"]["bare_metal"], false, "{d:#}");
    assert_eq!(d["policies"]["forged_transmits"], "accept", "{d:#}");
    let fix = finding(&d, "platform")["evidence"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(fix.starts_with("QEMU/KVM (libvirt)"), "{fix}");
    let after = learned(&switch);
    assert!(
        after.iter().any(|m| *m != mac),
        "made-up sources were learned with --platform kvm: {after:?}"
    );
    // Without --platform: some platform, with its evidence.
    let d = document(&guest.promisc(&["doctor", "-i", "veth0", "--json", "--passive", "0s"]));
    let evidence = d["platform"]["evidence"].as_array().expect("evidence");
    assert!(!evidence.is_empty(), "{d:#}");
    assert!(
        !evidence[0].as_str().unwrap().starts_with("--platform"),
        "{d:#}"
    );
}

#[test]
fn on_a_macvlan_the_doctor_says_foreign_macs_never_arrive_and_the_host_is_cut_off() {
    let Some(host) = privileged("doc-mv-h") else {
        return;
    };
    let ctr = Netns::new("doc-mv-c");
    host.veth_pair();
    host.ip("addr add 198.51.100.1/24 dev veth0");
    host.ip("link add mv0 link veth0 type macvlan mode bridge");
    host.ip(&format!("link set mv0 netns {}", ctr.name));
    ctr.ip("addr add 198.51.100.2/24 dev mv0");
    ctr.ip("link set mv0 up");
    // The kernel's truth: the host on the parent does not hear the macvlan's frames.
    let ping = ctr.try_run(&["ping", "-c2", "-W1", "198.51.100.1"]);
    assert!(
        !ping.status.success(),
        "host and macvlan reach each other? {ping}"
    );
    let d = document(&ctr.promisc(&["doctor", "-i", "mv0", "--json", "--passive", "0s"]));
    let f = finding(&d, "macvlan");
    assert_eq!(f["status"], "problem", "{f}");
    let ev = f["evidence"].as_str().unwrap();
    assert!(
        ev.starts_with("mv0 is a macvlan in bridge mode on ifindex ")
            && ev.contains("of another namespace"),
        "{ev}"
    );
    assert!(
        ev.contains("never delivered") && ev.contains("cannot reach each other"),
        "{ev}"
    );
    let fix = f["fix"].as_str().unwrap();
    assert!(
        fix.contains("Linux bridge") && fix.contains("passthrough"),
        "{fix}"
    );
    assert!(
        d["summary"].as_str().unwrap().contains("(macvlan)"),
        "{d:#}"
    );
    // A macvtap in private mode, on the host's side.
    host.ip("link add mvt0 link veth0 type macvtap mode private");
    host.ip("link set mvt0 up");
    let d = document(&host.promisc(&["doctor", "-i", "mvt0", "--json", "--passive", "0s"]));
    let ev = finding(&d, "macvlan")["evidence"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ev.starts_with("mvt0 is a macvtap in private mode on veth0"),
        "{ev}"
    );
    // Passthru owns the parent: frames for other MACs arrive.
    host.ip("link add veth2 type veth peer name veth3");
    host.ip("link set veth3 up");
    host.ip("link add mv1 link veth2 type macvlan mode passthru");
    host.ip("link set veth2 up");
    host.ip("link set mv1 up");
    let d = document(&host.promisc(&["doctor", "-i", "mv1", "--json", "--passive", "0s"]));
    let f = finding(&d, "macvlan");
    assert_eq!(f["status"], "ok", "{f}");
    assert!(
        f["evidence"]
            .as_str()
            .unwrap()
            .starts_with("mv1 is a macvlan in passthru mode on veth2"),
        "{f}"
    );
    // A veth is no macvlan.
    let d = document(&host.promisc(&["doctor", "-i", "veth1", "--json", "--passive", "0s"]));
    assert!(
        d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["check"] != "macvlan"),
        "{d:#}"
    );
}

#[test]
fn progress_shows_on_a_terminal_only() {
    let Some((guest, _switch, _)) = guest_on_a_bridge("doc-pr") else {
        return;
    };
    if !require_tool("script") {
        return;
    }
    // Not a terminal: nothing on stderr.
    let plain = guest.promisc(&[
        "doctor",
        "-i",
        "veth0",
        "--passive",
        "300ms",
        "--platform",
        "bare-metal",
    ]);
    plain.expect_success();
    assert!(plain.stderr.is_empty(), "{plain}");
    // A terminal (script(1) gives the command a pty for stdout and stderr).
    let bin = bin();
    let cmd = format!("{bin} doctor -i veth0 --passive 300ms --platform bare-metal --json");
    let tty = guest.try_run(&["script", "-qfec", &cmd, "/dev/null"]);
    assert_eq!(tty.code(), 0, "{tty}");
    for words in [
        "holding promiscuous mode",
        "sending probes",
        "waiting for answers",
        "/6 probes",
    ] {
        assert!(tty.stdout.contains(words), "{words}: {tty}");
    }
}
