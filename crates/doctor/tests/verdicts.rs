//! The verdicts, fed recorded observations: every policy combination the probes can tell
//! apart, and the ambiguous and empty cases.

use promisc_doctor::{diagnose, Observations, Passive, Probe, Status, Vmnet};

fn p(sent: u32, answered: u32) -> Option<Probe> {
    Some(Probe { sent, answered })
}

fn base() -> Observations {
    Observations {
        interface: "eth0".into(),
        mac: "00:0c:29:00:00:02".into(),
        target: Some("192.0.2.1".into()),
        baseline: p(3, 3),
        passive: Some(Passive {
            millis: 3000,
            ..Passive::default()
        }),
        ..Observations::default()
    }
}

fn status(d: &promisc_doctor::Diagnosis, check: &str) -> Status {
    d.findings
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("no {check}: {d:#?}"))
        .status
}

#[test]
fn hardened_switch_blocks_both_ways() {
    let o = Observations {
        forged: p(3, 0),
        foreign: p(3, 0),
        return_path: p(3, 0),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(d.policies.forged_transmits, "reject");
    assert_eq!(d.policies.promiscuous, "reject");
    assert_eq!(
        d.policies.mac_learning, "unknown",
        "the return path cannot leave: learning untestable"
    );
    assert_eq!(d.blocking, ["promiscuous", "forged_transmits"]);
    assert_eq!(status(&d, "forged_transmits"), Status::Problem);
    assert_eq!(status(&d, "return_path"), Status::Problem);
    let fix = d
        .findings
        .iter()
        .find(|f| f.check == "forged_transmits")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    for words in [
        "Forged transmits: Accept",
        "MacAddressSpoofing On",
        "no-mac-spoofing",
        "MAC filter",
    ] {
        assert!(fix.contains(words), "{words} in {fix}");
    }
    assert!(
        d.summary
            .contains("blocked by promiscuous and forged_transmits"),
        "{}",
        d.summary
    );
}

#[test]
fn promiscuous_refused_forged_accepted() {
    let o = Observations {
        forged: p(3, 3),
        foreign: p(3, 0),
        return_path: p(3, 0),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(
        (
            d.policies.promiscuous.as_str(),
            d.policies.forged_transmits.as_str(),
            d.policies.mac_learning.as_str()
        ),
        ("reject", "accept", "off")
    );
    assert_eq!(d.blocking, ["promiscuous"]);
    let fix = d
        .findings
        .iter()
        .find(|f| f.check == "return_path")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    assert!(
        fix.contains("Promiscuous mode: Accept") && fix.contains("/dev/vmnetN"),
        "{fix}"
    );
}

#[test]
fn promiscuous_delivery_seen_between_other_stations() {
    let o = Observations {
        forged: p(3, 3),
        foreign: p(3, 3),
        return_path: p(3, 3),
        passive: Some(Passive {
            millis: 3000,
            otherhost: 30,
            otherhost_known: 30,
            group: 2,
            stations: 2,
        }),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(d.policies.promiscuous, "accept");
    assert_eq!(d.blocking, Vec::<String>::new());
    assert_eq!(status(&d, "promiscuous_delivery"), Status::Ok);
    assert!(d.summary.contains("nothing blocks"), "{}", d.summary);
}

#[test]
fn learning_or_promiscuous_cannot_be_told_apart_on_a_quiet_lan() {
    let o = Observations {
        forged: p(3, 3),
        foreign: p(3, 3),
        return_path: p(3, 3),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(
        (
            d.policies.promiscuous.as_str(),
            d.policies.mac_learning.as_str()
        ),
        ("unknown", "unknown")
    );
    assert_eq!(
        d.blocking,
        Vec::<String>::new(),
        "frames for other MACs arrive either way"
    );
    assert_eq!(status(&d, "promiscuous_delivery"), Status::Unknown);
    assert!(d.findings.iter().any(|f| f
        .evidence
        .contains("only traffic between other stations could tell them apart")));
}

#[test]
fn learning_without_flooding() {
    let o = Observations {
        forged: p(3, 3),
        foreign: p(3, 0),
        return_path: p(3, 2),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(
        (
            d.policies.promiscuous.as_str(),
            d.policies.mac_learning.as_str()
        ),
        ("reject", "on")
    );
    assert_eq!(
        d.blocking,
        Vec::<String>::new(),
        "learning delivers what a nested VM needs"
    );
    assert_eq!(status(&d, "return_path"), Status::Ok);
}

#[test]
fn learning_with_forged_rejected_blocks_forged_only() {
    let o = Observations {
        forged: p(3, 0),
        foreign: p(3, 3),
        return_path: p(3, 0),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(d.blocking, ["forged_transmits"]);
    assert_eq!(d.policies.promiscuous, "unknown");
}

#[test]
fn no_answer_at_all_makes_everything_unknown() {
    let o = Observations {
        baseline: p(3, 0),
        forged: p(3, 0),
        foreign: p(3, 0),
        return_path: p(3, 0),
        mac_change: p(3, 0),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(
        (
            d.policies.promiscuous.as_str(),
            d.policies.forged_transmits.as_str(),
            d.policies.mac_changes.as_str()
        ),
        ("unknown", "unknown", "unknown")
    );
    assert_eq!(d.blocking, Vec::<String>::new());
    assert!(d.summary.contains("no neighbour answered"), "{}", d.summary);
}

#[test]
fn empty_observations_are_unknown_not_ok() {
    let d = diagnose(&Observations {
        interface: "eth0".into(),
        ..Observations::default()
    });
    for check in [
        "promiscuous_delivery",
        "forged_transmits",
        "return_path",
        "mac_changes",
    ] {
        assert_eq!(status(&d, check), Status::Unknown, "{check}");
    }
    assert_eq!(d.policies.promiscuous, "unknown");
    assert!(d.blocking.is_empty());
    // Nothing was tested: the summary must not say nothing blocks (issue #20).
    assert!(!d.summary.contains("nothing blocks"), "{}", d.summary);
    assert!(d.summary.contains("could not be tested"), "{}", d.summary);
}

#[test]
fn passive_confidence_grows_with_traffic() {
    let quiet = Observations {
        passive: Some(Passive {
            millis: 3000,
            group: 3,
            stations: 1,
            ..Passive::default()
        }),
        ..base()
    };
    assert_eq!(
        status(&diagnose(&quiet), "promiscuous_delivery"),
        Status::Unknown
    );
    let busy = Observations {
        passive: Some(Passive {
            millis: 3000,
            group: 60,
            stations: 4,
            ..Passive::default()
        }),
        ..base()
    };
    let d = diagnose(&busy);
    assert_eq!(status(&d, "promiscuous_delivery"), Status::Problem);
    assert!(d
        .findings
        .iter()
        .any(|f| f.evidence.contains("confidence: high")));
}

#[test]
fn mac_changes_tested_only_when_intrusive() {
    let d = diagnose(&Observations {
        skipped: vec![("mac_changes".into(), "needs --intrusive".into())],
        ..base()
    });
    assert_eq!(d.policies.mac_changes, "unknown");
    assert!(d
        .findings
        .iter()
        .any(|f| f.check == "mac_changes" && f.evidence == "not tested: needs --intrusive"));
    let d = diagnose(&Observations {
        forged: p(3, 3),
        foreign: p(3, 3),
        mac_change: p(3, 0),
        ..base()
    });
    assert_eq!(d.policies.mac_changes, "reject");
    assert_eq!(d.blocking, ["mac_changes"]);
    let d = diagnose(&Observations {
        mac_change: p(3, 1),
        ..base()
    });
    assert_eq!(d.policies.mac_changes, "accept");
}

#[test]
fn an_unwritable_vmnet_is_a_problem_with_a_group_fix() {
    let o = Observations {
        vmnet: vec![Vmnet {
            path: "/dev/vmnet0".into(),
            uid: 0,
            gid: 0,
            mode: 0o600,
            users: vec![("alice".into(), false)],
        }],
        ..base()
    };
    let d = diagnose(&o);
    let v = d.findings.iter().find(|f| f.check == "vmnet").unwrap();
    assert_eq!(v.status, Status::Problem);
    assert!(
        v.evidence.contains("alice cannot read and write it"),
        "{}",
        v.evidence
    );
    let fix = v.fix.as_deref().unwrap();
    assert!(
        fix.contains("chmod g+rw /dev/vmnet0")
            && fix.contains("udev")
            && fix.contains("not chmod a+rw"),
        "{fix}"
    );
    assert!(d.summary.contains("vmnet"), "{}", d.summary);
}

#[test]
fn the_json_has_the_documented_shape() {
    let d = diagnose(&base());
    let v = serde_json::to_value(&d).unwrap();
    assert!(v["interface"].is_string());
    for f in v["findings"].as_array().unwrap() {
        for key in ["check", "status", "evidence", "fix"] {
            assert!(f.get(key).is_some(), "{key} in {f}");
        }
    }
    for key in [
        "promiscuous",
        "forged_transmits",
        "mac_changes",
        "mac_learning",
    ] {
        assert!(v["policies"][key].is_string(), "{key}");
    }
}

#[test]
fn learning_untested_is_never_called_off() {
    // vSphere with everything rejected: the return path cannot come back while forged
    // sources are dropped, and on bare metal it is not sent at all.
    let dropped = Observations {
        forged: p(3, 0),
        foreign: p(3, 0),
        return_path: p(3, 0),
        ..base()
    };
    let not_sent = Observations {
        forged: None,
        foreign: p(3, 0),
        return_path: None,
        skipped: vec![("return_path".into(), "not sent on bare metal".into())],
        ..base()
    };
    for (o, why) in [
        (dropped, "frames from a made-up source are dropped here"),
        (not_sent, "the probe from a made-up MAC was not sent"),
    ] {
        let d = diagnose(&o);
        assert_eq!(d.policies.mac_learning, "unknown");
        assert_eq!(d.blocking.first().map(String::as_str), Some("promiscuous"));
        let f = d
            .findings
            .iter()
            .find(|f| f.check == "return_path")
            .unwrap();
        assert_eq!(f.status, Status::Problem);
        assert!(!f.evidence.contains("does not learn"), "{}", f.evidence);
        assert!(
            f.evidence
                .contains("whether the switch learns MACs could not be told")
                && f.evidence.contains(why),
            "{}",
            f.evidence
        );
    }
    // Tested and refused: then it is said.
    let off = Observations {
        forged: p(3, 3),
        foreign: p(3, 0),
        return_path: p(3, 0),
        ..base()
    };
    let d = diagnose(&off);
    assert_eq!(d.policies.mac_learning, "off");
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "return_path")
        .unwrap();
    assert!(f.evidence.contains("does not learn MACs"), "{}", f.evidence);
}

#[test]
fn hyperv_with_spoofing_off_is_blocked_by_forged_transmits_alone() {
    // PLATFORMS.md §4: forged no, never-seen no, return path untestable; Hyper-V has no
    // promiscuous mode and MacAddressSpoofing On lifts both.
    let mut o = Observations {
        forged: p(3, 0),
        foreign: p(3, 0),
        return_path: p(3, 0),
        ..base()
    };
    o.platform.platform = promisc_doctor::Platform::Hyperv;
    let d = diagnose(&o);
    assert_eq!(d.blocking, ["forged_transmits"]);
    assert_eq!(d.policies.forged_transmits, "reject");
    assert_eq!(d.policies.mac_learning, "unknown");
    assert_eq!(status(&d, "forged_transmits"), Status::Problem);
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "return_path")
        .unwrap();
    assert_eq!(f.status, Status::Unknown, "{}", f.evidence);
    assert!(
        f.evidence.contains("Hyper-V has no promiscuous mode"),
        "{}",
        f.evidence
    );
    let fix = d
        .findings
        .iter()
        .find(|f| f.check == "forged_transmits")
        .and_then(|f| f.fix.clone())
        .unwrap();
    assert!(fix.starts_with("Hyper-V: Set-VMNetworkAdapter"), "{fix}");
    assert_eq!(d.summary, "eth0: blocked by forged_transmits");
    // Spoofing on (forged accepted) but learning refused is not Hyper-V's doing to excuse.
    let o = Observations {
        forged: p(3, 3),
        ..o
    };
    assert_eq!(diagnose(&o).blocking, ["promiscuous"]);
    // Elsewhere (vSphere all Reject) the same probes name both.
    let mut o = o;
    o.forged = p(3, 0);
    o.platform.platform = promisc_doctor::Platform::Vsphere;
    assert_eq!(diagnose(&o).blocking, ["promiscuous", "forged_transmits"]);
}

#[test]
fn copies_of_other_stations_without_the_neighbours_answers_is_partial_promiscuity() {
    // VirtualBox allow-vms: the VMs' traffic is copied, never what comes from the wire or the
    // host, so the gateway's answers to a nested MAC stay away.
    let o = Observations {
        passive: Some(Passive {
            millis: 1500,
            otherhost: 14,
            otherhost_known: 14,
            group: 2,
            stations: 2,
        }),
        forged: p(3, 3),
        foreign: p(3, 0),
        return_path: p(3, 0),
        ..base()
    };
    let d = diagnose(&o);
    assert_eq!(d.policies.promiscuous, "partial");
    assert_eq!(d.policies.mac_learning, "off");
    assert_eq!(d.blocking, ["promiscuous"]);
    assert_eq!(status(&d, "promiscuous_delivery"), Status::Ok);
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "return_path")
        .unwrap();
    assert_eq!(f.status, Status::Problem);
    assert!(
        f.evidence.contains("covers only part of the switch"),
        "{}",
        f.evidence
    );
    assert!(
        f.fix.as_deref().unwrap().contains("allow-all"),
        "{:?}",
        f.fix
    );
    assert!(
        d.summary
            .starts_with("eth0: blocked by promiscuous (promiscuous delivery only in part")
            && d.summary
                .contains("192.0.2.1's answers to other MACs do not"),
        "{}",
        d.summary
    );
    // With MAC learning behind it, the answers to a MAC that sent first arrive: nothing blocks.
    let d = diagnose(&Observations {
        return_path: p(3, 3),
        ..o.clone()
    });
    assert_eq!(
        (
            d.policies.promiscuous.as_str(),
            d.policies.mac_learning.as_str()
        ),
        ("partial", "on")
    );
    assert_eq!(d.blocking, Vec::<String>::new());
    // allow-all: the answers arrive too: full promiscuous delivery.
    let d = diagnose(&Observations {
        foreign: p(3, 3),
        return_path: p(3, 3),
        ..o
    });
    assert_eq!(d.policies.promiscuous, "accept");
    assert_eq!(d.blocking, Vec::<String>::new());
}

#[test]
fn learning_off_on_a_linux_bridge_platform_is_the_static_mac_table() {
    // libvirt macTableManager='libvirt' / Proxmox bridge-disable-mac-learning: the same
    // probes as VirtualBox deny; on a Linux-bridge platform the static table blocks
    // (PLATFORMS.md §4: "MAC learning/static table blocks"), learning `off`, and the fix is the
    // platform's way to turn learning and flooding back on.
    let mut o = Observations {
        forged: p(3, 3),
        foreign: p(3, 0),
        return_path: p(3, 0),
        ..base()
    };
    for platform in [
        promisc_doctor::Platform::Kvm,
        promisc_doctor::Platform::Proxmox,
    ] {
        o.platform.platform = platform;
        let d = diagnose(&o);
        assert_eq!(d.blocking, ["mac_learning"]);
        assert_eq!(d.policies.mac_learning, "off");
        let f = d
            .findings
            .iter()
            .find(|f| f.check == "return_path")
            .unwrap();
        assert_eq!(f.status, Status::Problem);
        assert!(f.evidence.contains("static MAC table"), "{}", f.evidence);
        assert!(
            f.evidence.contains("macTableManager='libvirt'")
                && f.evidence.contains("bridge-disable-mac-learning"),
            "{}",
            f.evidence
        );
        assert!(d.summary.contains("static MAC table"), "{}", d.summary);
        let fix = f.fix.as_deref().unwrap();
        let first = fix.split("; ").next().unwrap();
        let want = match platform {
            promisc_doctor::Platform::Kvm => "macTableManager='kernel'",
            _ => "remove bridge-disable-mac-learning 1",
        };
        assert!(first.contains(want), "{fix}");
    }
    o.platform.platform = promisc_doctor::Platform::Virtualbox;
    let d = diagnose(&o);
    assert_eq!(d.blocking, ["promiscuous"]);
    assert!(!d.summary.contains("static"), "{}", d.summary);
}
