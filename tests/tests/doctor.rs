//! `promisc doctor` inside `promisc lab`'s guest: for every combination of the three policies,
//! with and without MAC learning, and for Workstation with and without vmnet permission, the
//! doctor names exactly the blocking policies, and the lab's matrix agrees once the fix it
//! printed is applied. Judged by the switch's configuration (what the test set) and by `ping`.

use crate::common::*;
use crate::lab::{failing, settle, TestLab};
use serde_json::Value;

/// `promisc doctor -i eth0 --json --intrusive --platform vsphere` inside the guest (the
/// lab's switch has VMware's three policies; whatever machine runs the test, the doctor
/// reads them as a vSphere guest would).
fn doctor(lab: &TestLab) -> Value {
    let bin = bin();
    let run = lab.promisc(&[
        "lab",
        "exec",
        "guest",
        "--",
        &bin,
        "doctor",
        "-i",
        "eth0",
        "--json",
        "--intrusive",
        "--passive",
        "1500ms",
        "--platform",
        "vsphere",
    ]);
    run.expect_success();
    diagnosis(&run.stdout)
}

/// `doctor --json`'s document, parsed; its schema and every key checked against docs/json.md.
fn diagnosis(stdout: &str) -> Value {
    let v: Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("doctor JSON: {e}\n{stdout}"));
    assert_eq!(v["schema"], 1, "doctor --json carries schema 1: {stdout}");
    assert_documented("doctor", &v);
    v
}

fn setting(accept: bool) -> &'static str {
    if accept {
        "accept"
    } else {
        "reject"
    }
}

/// Every combination of the three policies on one lab, changed live.
fn every_combination(learning: bool) {
    let args: &[&str] = if learning {
        &["nested", "--profile", "open", "--learning"]
    } else {
        &["nested", "--profile", "open"]
    };
    let Some(lab) = TestLab::up(if learning { "doc-learn" } else { "doc-static" }, args) else {
        return;
    };
    settle(&lab);
    // The guest meets the other stations once (its ARP table then knows a second station for
    // the known-unicast test).
    lab.matrix();
    for combo in 0..8u8 {
        let (p, f, m) = (combo & 1 != 0, combo & 2 != 0, combo & 4 != 0);
        lab.set(&[
            &format!("promiscuous={}", setting(p)),
            &format!("forged_transmits={}", setting(f)),
            &format!("mac_changes={}", setting(m)),
        ]);
        let d = doctor(&lab);
        let what = format!(
            "learning={learning} promiscuous={} forged={} mac_changes={}: {d:#}",
            setting(p),
            setting(f),
            setting(m)
        );
        let pol = &d["policies"];
        // The policies the behaviour can tell.
        assert_eq!(pol["forged_transmits"], setting(f), "{what}");
        assert_eq!(pol["mac_changes"], setting(m), "{what}");
        if p {
            assert_eq!(pol["promiscuous"], "accept", "{what}");
        } else {
            assert_eq!(pol["promiscuous"], "reject", "{what}");
        }
        if learning && !p {
            // Learning floods unknown unicast; the known-unicast test (the gateway's answers
            // to the neighbour, which the switch sends to the neighbour's port only) tells
            // that from promiscuous delivery (issue #21).
            assert_eq!(pol["mac_learning"], "on", "{what}");
            let k = finding(&d, "known_unicast");
            assert!(
                k["evidence"]
                    .as_str()
                    .unwrap()
                    .contains("0 of 2 answers to 192.0.2.4"),
                "{what}"
            );
        }
        let mut want = Vec::new();
        if !p && !learning {
            want.push("promiscuous");
        }
        if !f {
            want.push("forged_transmits");
        }
        if !m {
            want.push("mac_changes");
        }
        assert_eq!(blocking(&d), want, "{what}");
        // The fix the doctor printed, applied: every pair reaches every other.
        let fixes: Vec<String> = blocking(&d).iter().map(|b| format!("{b}=accept")).collect();
        if !fixes.is_empty() {
            let refs: Vec<&str> = fixes.iter().map(String::as_str).collect();
            lab.set(&refs);
        }
        let m = lab.matrix();
        if !failing(&m).is_empty() {
            let again = lab.matrix();
            panic!(
                "after the fix {:?}, {what}\nmatrix: {:?}\nagain: {:?}\nswitch: {:#}",
                fixes,
                failing(&m),
                failing(&again),
                lab.stats()
            );
        }
        // The MAC-change test left the guest's MAC as it was.
        let guest = lab.promisc(&[
            "lab",
            "exec",
            "guest",
            "--",
            "cat",
            "/sys/class/net/eth0/address",
        ]);
        assert_eq!(guest.stdout.trim(), "00:0c:29:00:00:02", "{what}");
    }
}

#[test]
fn doctor_names_the_blocking_policies_of_a_static_switch() {
    every_combination(false);
}

#[test]
fn doctor_names_the_blocking_policies_of_a_learning_switch() {
    every_combination(true);
}

#[test]
fn doctor_on_workstation_with_and_without_vmnet_permission() {
    let Some(lab) = TestLab::up("doc-ws", &["nested", "--profile", "workstation"]) else {
        return;
    };
    settle(&lab);
    let d = doctor(&lab);
    assert_eq!(blocking(&d), ["promiscuous"], "{d:#}");
    let fix = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "return_path")
        .unwrap()["fix"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(fix.contains("/dev/vmnetN"), "the Workstation fix: {fix}");
    // The host-side check, on the lab's host, finds the unwritable vmnet file.
    let dir = lab.dir();
    let vm = host_vmnet(&lab);
    assert_eq!(vm["status"], "problem", "{vm}");
    assert!(
        vm["evidence"]
            .as_str()
            .unwrap()
            .contains("nobody cannot read and write it"),
        "{vm}"
    );
    assert!(vm["fix"].as_str().unwrap().contains("udev"), "{vm}");
    // The fix: the VM user may use the device (here the lab's plain file).
    run_ok(&["chmod", "a+rw", &format!("{dir}/vmnet0")]);
    settle(&lab);
    let d = doctor(&lab);
    assert_eq!(blocking(&d), Vec::<String>::new(), "{d:#}");
    assert_eq!(d["policies"]["promiscuous"], "accept", "{d:#}");
    assert_eq!(failing(&lab.matrix()), Vec::<String>::new());
    let vm = host_vmnet(&lab);
    assert_eq!(vm["status"], "ok", "{vm}");
}

#[test]
fn doctor_refuses_intrusive_on_the_default_route_and_names_missing_interfaces() {
    let Some(lab) = TestLab::up("doc-err", &["nested", "--profile", "open"]) else {
        return;
    };
    let bin = bin();
    // The nested VM's default route goes through its eth0.
    let run = lab.promisc(&[
        "lab",
        "exec",
        "nested",
        "--",
        &bin,
        "doctor",
        "-i",
        "eth0",
        "--intrusive",
    ]);
    assert_eq!(run.code(), 2, "{run}");
    assert!(
        run.stderr.contains("carries this machine's default route"),
        "{run}"
    );
    let guest = lab.promisc(&[
        "lab",
        "exec",
        "nested",
        "--",
        "cat",
        "/sys/class/net/eth0/address",
    ]);
    assert_eq!(
        guest.stdout.trim(),
        "00:0c:29:aa:bb:03",
        "nothing was changed"
    );
    let run = lab.promisc(&["lab", "exec", "guest", "--", &bin, "doctor", "-i", "eth9"]);
    assert_eq!(run.code(), 3, "{run}");
    assert!(run.stderr.contains("eth0"), "lists what exists: {run}");
}

#[test]
fn sigint_during_the_mac_change_restores_the_mac() {
    let Some(lab) = TestLab::up("doc-sig", &["nested", "--profile", "open"]) else {
        return;
    };
    let bin = bin();
    let ns = lab.netns("guest");
    let mut doctor = std::process::Command::new("ip")
        .args([
            "netns",
            "exec",
            &ns,
            &bin,
            "doctor",
            "-i",
            "eth0",
            "--intrusive",
            "--passive",
            "0s",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("doctor starts");
    let mac = || {
        let r = run_bounded(
            &[
                "ip",
                "netns",
                "exec",
                &ns,
                "cat",
                "/sys/class/net/eth0/address",
            ],
            CMD_TIMEOUT,
        );
        Some(r.stdout.trim().to_string())
    };
    wait_until("the doctor sets a made-up MAC", CMD_TIMEOUT, || {
        mac().is_some_and(|m| m != "00:0c:29:00:00:02")
    });
    let _ = std::process::Command::new("kill")
        .args(["-INT", &doctor.id().to_string()])
        .status();
    let status = doctor.wait().expect("doctor ends");
    let mut err = String::new();
    std::io::Read::read_to_string(&mut doctor.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(
        err.contains("interrupted; the MAC of eth0 was restored"),
        "{err}"
    );
    assert_eq!(mac().as_deref(), Some("00:0c:29:00:00:02"), "restored");
}

/// The host-side doctor on the lab's host: its vmnet finding for the lab's vmnet file.
fn host_vmnet(lab: &TestLab) -> Value {
    let bin = bin();
    let dir = lab.dir();
    let run = lab.promisc(&[
        "lab",
        "exec",
        "host",
        "--",
        &bin,
        "doctor",
        "-i",
        "vmnet0",
        "--json",
        "--passive",
        "500ms",
        "--vmnet-dir",
        &dir,
        "--vm-user",
        "nobody",
    ]);
    run.expect_success();
    let host = diagnosis(&run.stdout);
    host["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "vmnet")
        .unwrap_or_else(|| panic!("{host:#}"))
        .clone()
}

/// A down interface is refused before anything is sent (issue #20: every probe came back
/// unknown and the summary said nothing blocks), and `--vm-user` must name an account.
#[test]
fn doctor_refuses_a_down_interface_and_an_unknown_vm_user() {
    let ns = netns!("doc-down");
    ns.veth_pair();
    ns.ip("link set veth0 down");
    let run = ns.promisc(&["doctor", "-i", "veth0"]);
    assert_eq!(run.code(), 5, "{run}");
    assert!(run.stderr.contains("veth0 is down"), "{run}");
    assert!(!run.stdout.contains("nothing blocks"), "{run}");
    let run = ns.promisc(&["doctor", "-i", "veth1", "--vm-user", "nosuchuser-promisc"]);
    assert_eq!(run.code(), 2, "{run}");
    assert!(
        run.stderr
            .contains("--vm-user nosuchuser-promisc: no such user"),
        "{run}"
    );
}
