//! Platform recognition, row by row of PLATFORMS.md §3: recorded DMI fields, the kernel's view
//! of the CPUID hypervisor signature, the MAC and the container markers in; the platform, the
//! container and the evidence out. Then the `--platform` names, the bare-metal gate, and how the
//! platform shapes the diagnosis (the fix order, the clouds, macvlan).

use promisc_doctor::{
    diagnose, fixes, foreign_source_allowed, recognise, Clues, Macvlan, Observations, Platform,
    Probe, Recognition, Status,
};

/// A guest's clues: DMI vendor and product, the CPU's hypervisor flag, clocksources, the MAC.
fn clues(
    vendor: Option<&str>,
    product: Option<&str>,
    cpu: Option<bool>,
    clocks: &[&str],
    mac: &str,
) -> Clues {
    Clues {
        sys_vendor: vendor.map(String::from),
        product_name: product.map(String::from),
        cpu_hypervisor: cpu,
        clocksources: clocks.iter().map(|s| s.to_string()).collect(),
        mac: mac.into(),
        ..Clues::default()
    }
}

struct Row {
    name: &'static str,
    clues: Clues,
    want: Platform,
    container: Option<&'static str>,
    /// Words the evidence must hold.
    evidence: &'static [&'static str],
}

fn rows() -> Vec<Row> {
    let kvm = &["kvm-clock", "tsc"][..];
    vec![
        Row {
            name: "VMware by DMI",
            clues: clues(
                Some("VMware, Inc."),
                Some("VMware Virtual Platform"),
                Some(true),
                &["tsc", "hpet"],
                "00:50:56:aa:bb:cc",
            ),
            want: Platform::Vmware,
            container: None,
            evidence: &["sys_vendor \"VMware, Inc.\"", "VMware OUI"],
        },
        Row {
            name: "VMware by OUI alone (no DMI, an unnamed hypervisor)",
            clues: clues(None, None, Some(true), &["tsc"], "00:0c:29:00:00:02"),
            want: Platform::Vmware,
            container: None,
            evidence: &["VMware OUI"],
        },
        Row {
            name: "VirtualBox by DMI, although the kernel sees KVM's signature (its MAC changed)",
            clues: clues(
                Some("innotek GmbH"),
                Some("VirtualBox"),
                Some(true),
                kvm,
                "02:00:00:00:00:05",
            ),
            want: Platform::Virtualbox,
            container: None,
            evidence: &["innotek GmbH"],
        },
        Row {
            name: "VirtualBox without DMI: KVM's signature, VirtualBox's OUI",
            clues: clues(None, None, Some(true), kvm, "08:00:27:12:34:56"),
            want: Platform::Virtualbox,
            container: None,
            evidence: &["kvm-clock", "VirtualBox OUI"],
        },
        Row {
            name: "Hyper-V by DMI",
            clues: Clues {
                chassis_asset_tag: Some("0000-0000-0000-0000-0000-0000-00".into()),
                vmbus: true,
                ..clues(
                    Some("Microsoft Corporation"),
                    Some("Virtual Machine"),
                    Some(true),
                    &["hyperv_clocksource_tsc_page"],
                    "00:15:5d:01:02:03",
                )
            },
            want: Platform::Hyperv,
            container: None,
            evidence: &["Microsoft Corporation", "Virtual Machine"],
        },
        Row {
            name: "Azure: Hyper-V's DMI and Azure's chassis asset tag",
            clues: Clues {
                chassis_asset_tag: Some("7783-7084-3265-9085-8269-3286-77".into()),
                vmbus: true,
                ..clues(
                    Some("Microsoft Corporation"),
                    Some("Virtual Machine"),
                    Some(true),
                    &["hyperv_clocksource_tsc_page"],
                    "00:0d:3a:01:02:03",
                )
            },
            want: Platform::Azure,
            container: None,
            evidence: &["7783-7084-3265-9085-8269-3286-77"],
        },
        Row {
            name: "Hyper-V by the kernel alone (VMBus)",
            clues: Clues {
                vmbus: true,
                ..clues(None, None, Some(true), &["tsc"], "02:00:00:00:00:01")
            },
            want: Platform::Hyperv,
            container: None,
            evidence: &["VMBus"],
        },
        Row {
            name: "QEMU/KVM (libvirt) by DMI",
            clues: clues(
                Some("QEMU"),
                Some("Standard PC (Q35 + ICH9, 2009)"),
                Some(true),
                kvm,
                "52:54:00:12:34:56",
            ),
            want: Platform::Kvm,
            container: None,
            evidence: &["sys_vendor \"QEMU\"", "QEMU/KVM OUI"],
        },
        Row {
            name: "Proxmox: QEMU's DMI and Proxmox's MAC prefix",
            clues: clues(
                Some("QEMU"),
                Some("Standard PC (i440FX + PIIX, 1996)"),
                Some(true),
                kvm,
                "BC:24:11:aa:bb:cc",
            ),
            want: Platform::Proxmox,
            container: None,
            evidence: &["Proxmox OUI"],
        },
        Row {
            name: "KVM by the kernel alone (kvm-clock), a MAC of no known prefix",
            clues: clues(None, None, Some(true), kvm, "02:fc:00:00:00:01"),
            want: Platform::Kvm,
            container: None,
            evidence: &["kvm-clock"],
        },
        Row {
            name: "an LXD/Incus VM: QEMU's DMI and 00:16:3e",
            clues: clues(
                Some("QEMU"),
                Some("Standard PC (Q35 + ICH9, 2009)"),
                Some(true),
                kvm,
                "00:16:3e:11:22:33",
            ),
            want: Platform::Lxd,
            container: None,
            evidence: &["Xen or LXD/Incus OUI"],
        },
        Row {
            name: "an LXD/Incus container: lxc and 00:16:3e (DMI is the host's)",
            clues: Clues {
                pid1_container: Some("lxc".into()),
                ..clues(
                    Some("Dell Inc."),
                    Some("PowerEdge R640"),
                    Some(false),
                    &["tsc"],
                    "00:16:3e:11:22:33",
                )
            },
            want: Platform::Lxd,
            container: Some("lxc"),
            evidence: &["container=lxc"],
        },
        Row {
            name: "Xen HVM by DMI",
            clues: Clues {
                hypervisor_type: Some("xen".into()),
                ..clues(
                    Some("Xen"),
                    Some("HVM domU"),
                    Some(true),
                    &["xen", "tsc"],
                    "00:16:3e:44:55:66",
                )
            },
            want: Platform::Xen,
            container: None,
            evidence: &["HVM domU"],
        },
        Row {
            name: "Xen PV: no DMI, /sys/hypervisor/type",
            clues: Clues {
                hypervisor_type: Some("xen".into()),
                ..clues(None, None, Some(true), &["xen"], "00:16:3e:44:55:66")
            },
            want: Platform::Xen,
            container: None,
            evidence: &["/sys/hypervisor/type is xen"],
        },
        Row {
            name: "Xen by 00:16:3e alone (no lxc marker)",
            clues: clues(None, None, None, &[], "00:16:3e:44:55:66"),
            want: Platform::Xen,
            container: None,
            evidence: &["Xen or LXD/Incus OUI"],
        },
        Row {
            name: "AWS Nitro by DMI",
            clues: clues(
                Some("Amazon EC2"),
                Some("m5.large"),
                Some(true),
                kvm,
                "0a:1b:2c:3d:4e:5f",
            ),
            want: Platform::Aws,
            container: None,
            evidence: &["Amazon EC2"],
        },
        Row {
            name: "AWS on Xen: Xen's DMI and a hypervisor UUID starting ec2",
            clues: Clues {
                hypervisor_type: Some("xen".into()),
                hypervisor_uuid: Some("ec2e1916-9099-7caf-fd21-012345abcdef".into()),
                ..clues(
                    Some("Xen"),
                    Some("HVM domU"),
                    Some(true),
                    &["xen"],
                    "0a:1b:2c:3d:4e:5f",
                )
            },
            want: Platform::Aws,
            container: None,
            evidence: &["starts with ec2"],
        },
        Row {
            name: "GCP by DMI",
            clues: clues(
                Some("Google"),
                Some("Google Compute Engine"),
                Some(true),
                kvm,
                "42:01:0a:80:00:02",
            ),
            want: Platform::Gcp,
            container: None,
            evidence: &["Google Compute Engine"],
        },
        Row {
            name: "OpenStack Nova by DMI (QEMU underneath)",
            clues: clues(
                Some("OpenStack Foundation"),
                Some("OpenStack Nova"),
                Some(true),
                kvm,
                "fa:16:3e:00:00:01",
            ),
            want: Platform::Openstack,
            container: None,
            evidence: &["OpenStack Nova"],
        },
        Row {
            name: "OpenStack Compute by DMI",
            clues: clues(
                Some("Red Hat"),
                Some("OpenStack Compute"),
                Some(true),
                kvm,
                "fa:16:3e:00:00:01",
            ),
            want: Platform::Openstack,
            container: None,
            evidence: &["OpenStack Compute"],
        },
        Row {
            name: "bare metal: a real board, no hypervisor flag",
            clues: clues(
                Some("Dell Inc."),
                Some("PowerEdge R640"),
                Some(false),
                &["tsc", "hpet"],
                "3c:ec:ef:00:00:01",
            ),
            want: Platform::BareMetal,
            container: None,
            evidence: &["Dell Inc.", "no hypervisor flag"],
        },
        Row {
            name: "bare metal whose interface has a virtual-looking MAC (a host's bridge)",
            clues: clues(
                Some("Supermicro"),
                Some("SYS-1029P"),
                Some(false),
                &["tsc"],
                "52:54:00:00:00:01",
            ),
            want: Platform::BareMetal,
            container: None,
            evidence: &["Supermicro"],
        },
        Row {
            name: "bare metal without CPU flags (not x86): DMI says no hypervisor",
            clues: clues(
                Some("Ampere(R)"),
                Some("Mt.Jade"),
                None,
                &["arch_sys_counter"],
                "04:3f:72:00:00:01",
            ),
            want: Platform::BareMetal,
            container: None,
            evidence: &["Ampere(R)"],
        },
        Row {
            name: "a Docker container on bare metal is on bare metal",
            clues: Clues {
                dockerenv: true,
                ..clues(
                    Some("Dell Inc."),
                    Some("PowerEdge R640"),
                    Some(false),
                    &["tsc"],
                    "02:42:ac:11:00:02",
                )
            },
            want: Platform::BareMetal,
            container: Some("docker"),
            evidence: &["/.dockerenv", "Docker OUI"],
        },
        Row {
            name: "a Docker container in a KVM guest without DMI (Firecracker)",
            clues: Clues {
                dockerenv: true,
                ..clues(None, None, Some(true), kvm, "02:42:ac:11:00:02")
            },
            want: Platform::Kvm,
            container: Some("docker"),
            evidence: &["/.dockerenv", "kvm-clock"],
        },
        Row {
            name: "a Podman container",
            clues: Clues {
                containerenv: true,
                ..clues(Some("QEMU"), None, Some(true), kvm, "52:54:00:00:00:01")
            },
            want: Platform::Kvm,
            container: Some("podman"),
            evidence: &["/run/.containerenv"],
        },
        Row {
            name: "systemd-nspawn, said by /run/systemd/container",
            clues: Clues {
                systemd_container: Some("systemd-nspawn\n".into()),
                ..clues(Some("QEMU"), None, Some(true), kvm, "52:54:00:00:00:01")
            },
            want: Platform::Kvm,
            container: Some("systemd-nspawn"),
            evidence: &["/run/systemd/container says systemd-nspawn"],
        },
        Row {
            name: "a container known by PID 1's cgroup only",
            clues: Clues {
                cgroup: Some("0::/docker/0123abcd\n".into()),
                ..clues(
                    Some("VMware, Inc."),
                    None,
                    Some(true),
                    &[],
                    "00:50:56:00:00:01",
                )
            },
            want: Platform::Vmware,
            container: Some("docker"),
            evidence: &["cgroup names /docker"],
        },
        Row {
            name: "a hypervisor flag no signature names",
            clues: clues(None, None, Some(true), &["tsc"], "02:00:00:00:00:01"),
            want: Platform::Unknown,
            container: None,
            evidence: &["hypervisor flag is set"],
        },
        Row {
            name: "nothing readable",
            clues: clues(None, None, None, &[], "02:00:00:00:00:01"),
            want: Platform::Unknown,
            container: None,
            evidence: &["DMI unreadable"],
        },
    ]
}

#[test]
fn every_row_of_platforms_section_3() {
    let mut failed = Vec::new();
    for row in rows() {
        let r = recognise(&row.clues, None);
        let text = r.evidence.join("; ");
        let missing: Vec<&&str> = row.evidence.iter().filter(|w| !text.contains(*w)).collect();
        if r.platform != row.want || r.container.as_deref() != row.container || !missing.is_empty()
        {
            failed.push(format!(
                "{}: want {:?} in {:?} with {:?}, got {r:?}",
                row.name, row.want, row.container, row.evidence
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn platform_forced_by_name_keeps_what_was_recognised() {
    let c = clues(
        Some("Dell Inc."),
        Some("PowerEdge"),
        Some(false),
        &[],
        "3c:ec:ef:00:00:01",
    );
    let r = recognise(&c, Some(Platform::Virtualbox));
    assert_eq!(r.platform, Platform::Virtualbox);
    assert_eq!(
        r.evidence[0],
        "--platform virtualbox (recognised: bare-metal)"
    );
    assert!(r.evidence.iter().any(|e| e.contains("Dell Inc.")), "{r:?}");
}

#[test]
fn names_round_trip_and_aliases() {
    for p in Platform::ALL {
        assert_eq!(Platform::from_name(p.name()), Some(p), "{p:?}");
        let json = serde_json::to_value(p).unwrap();
        assert_eq!(json, p.name(), "JSON says the same name");
    }
    assert_eq!(Platform::from_name("LibVirt"), Some(Platform::Kvm));
    assert_eq!(Platform::from_name("incus"), Some(Platform::Lxd));
    assert_eq!(
        Platform::from_name("unknown"),
        None,
        "not a platform to force"
    );
    assert_eq!(Platform::from_name("vbox"), None);
    let names = Platform::names();
    assert!(names.starts_with("vmware, vsphere, workstation"), "{names}");
    assert!(names.contains("bare-metal"), "{names}");
}

#[test]
fn foreign_sources_only_off_bare_metal_or_with_intrusive() {
    let metal = clues(
        Some("Dell Inc."),
        Some("PowerEdge"),
        Some(false),
        &[],
        "3c:ec:ef:00:00:01",
    );
    let lxd_on_metal = Clues {
        pid1_container: Some("lxc".into()),
        ..clues(
            Some("Dell Inc."),
            Some("PowerEdge"),
            Some(false),
            &[],
            "00:16:3e:00:00:01",
        )
    };
    let vm = clues(
        Some("QEMU"),
        None,
        Some(true),
        &["kvm-clock"],
        "52:54:00:00:00:01",
    );
    let lxd_in_vm = Clues {
        pid1_container: Some("lxc".into()),
        ..clues(
            Some("QEMU"),
            None,
            Some(true),
            &["kvm-clock"],
            "00:16:3e:00:00:01",
        )
    };
    let rows: &[(&str, &Clues, Option<Platform>, bool)] = &[
        ("bare metal", &metal, None, false),
        (
            "an LXD container on bare metal: its host's uplink",
            &lxd_on_metal,
            None,
            false,
        ),
        ("a VM", &vm, None, true),
        ("an LXD container in a VM", &lxd_in_vm, None, true),
        (
            "bare metal said to be KVM",
            &metal,
            Some(Platform::Kvm),
            true,
        ),
        (
            "a VM said to be bare metal",
            &vm,
            Some(Platform::BareMetal),
            false,
        ),
        ("nothing known", &Clues::default(), None, true),
    ];
    for (name, c, forced, allowed) in rows {
        let r = recognise(c, *forced);
        assert_eq!(foreign_source_allowed(&r, false), *allowed, "{name}: {r:?}");
        assert!(foreign_source_allowed(&r, true), "{name} with --intrusive");
        assert_eq!(r.bare_metal, !allowed, "{name}");
    }
    let r = recognise(&lxd_on_metal, None);
    assert_eq!(r.platform, Platform::Lxd, "its fixes are LXD's");
    assert!(
        r.evidence.iter().any(|e| e.contains("host is bare metal")),
        "{r:?}"
    );
}

fn p(sent: u32, answered: u32) -> Option<Probe> {
    Some(Probe { sent, answered })
}

/// A guest where forged transmits and promiscuous delivery are refused, on `platform`.
fn refused_on(platform: Platform) -> Observations {
    Observations {
        interface: "eth0".into(),
        mac: "02:00:00:00:00:02".into(),
        platform: Recognition {
            platform,
            container: None,
            bare_metal: platform == Platform::BareMetal,
            evidence: vec!["recorded".into()],
        },
        target: Some("192.0.2.1".into()),
        baseline: p(3, 3),
        forged: p(3, 0),
        foreign: p(3, 0),
        return_path: p(3, 0),
        mac_change: p(3, 0),
        ..Observations::default()
    }
}

fn fix_of(d: &promisc_doctor::Diagnosis, check: &str) -> String {
    d.findings
        .iter()
        .find(|f| f.check == check)
        .and_then(|f| f.fix.clone())
        .unwrap_or_else(|| panic!("no fix for {check}: {d:#?}"))
}

#[test]
fn the_detected_platforms_fix_comes_first_in_its_words() {
    let rows: &[(Platform, &str, &str)] = &[
        (Platform::Virtualbox, "return_path", "VirtualBox: VBoxManage modifyvm \"<VM>\" --nic-promisc<N> allow-all"),
        (Platform::Hyperv, "forged_transmits", "Hyper-V: Set-VMNetworkAdapter -VMName <VM> -MacAddressSpoofing On"),
        (Platform::Kvm, "forged_transmits", "QEMU/KVM (libvirt): remove the no-mac-spoofing"),
        (Platform::Proxmox, "return_path", "Proxmox VE: remove bridge-disable-mac-learning 1"),
        (Platform::Lxd, "forged_transmits", "LXD/Incus: security.mac_filtering=false"),
        (Platform::Xen, "forged_transmits", "Xen (XenServer, XCP-ng): xe vif-param-set uuid=<vif> locking-mode=unlocked"),
        (Platform::Vmware, "forged_transmits", "VMware vSphere: port group (or vSwitch) > Security > Forged transmits: Accept; VMware Workstation"),
        (Platform::Fusion, "return_path", "VMware Fusion: sudo touch \"/Library/Preferences/VMware Fusion/promiscAuthorized\""),
        (Platform::Openstack, "forged_transmits", "OpenStack: with port security (the default)"),
        (Platform::Aws, "mac_changes", "AWS EC2: no switch toggle exists"),
        (Platform::BareMetal, "forged_transmits", "bare metal: only MACs the hoster issued"),
        (Platform::Unknown, "forged_transmits", "VMware vSphere: "),
    ];
    for (platform, check, start) in rows {
        let d = diagnose(&refused_on(*platform));
        let fix = fix_of(&d, check);
        assert!(fix.starts_with(start), "{platform:?} {check}: {fix}");
        // The others follow, each once.
        for other in [
            "VMware vSphere: ",
            "Hyper-V: ",
            "Proxmox VE: ",
            "VirtualBox: ",
        ] {
            assert_eq!(
                fix.matches(other).count(),
                1,
                "{platform:?}: {other} in {fix}"
            );
        }
    }
    assert_eq!(
        fixes("promiscuous", Platform::Unknown),
        fixes("promiscuous", Platform::Vsphere),
        "unknown lists in the default order, vSphere first"
    );
}

#[test]
fn on_a_cloud_nested_bridging_cannot_work_and_the_design_is_routed() {
    for (platform, words) in [
        (Platform::Aws, "source/destination check off"),
        (Platform::Azure, "IP forwarding on the NIC"),
        (Platform::Gcp, "can_ip_forward"),
        (Platform::Openstack, "--allowed-address"),
    ] {
        let d = diagnose(&refused_on(platform));
        let f = d
            .findings
            .iter()
            .find(|f| f.check == "nested_bridging")
            .unwrap_or_else(|| panic!("{platform:?}: {d:#?}"));
        assert_eq!(f.status, Status::Problem);
        assert!(f.evidence.contains("cannot work here"), "{}", f.evidence);
        let fix = f.fix.as_deref().unwrap();
        assert!(fix.contains(words) && fix.contains("ipvlan"), "{fix}");
        assert!(
            d.summary.contains("nested bridging cannot work"),
            "{}",
            d.summary
        );
    }
    for platform in [Platform::Kvm, Platform::BareMetal, Platform::Unknown] {
        let d = diagnose(&refused_on(platform));
        assert!(
            d.findings.iter().all(|f| f.check != "nested_bridging"),
            "{platform:?}"
        );
    }
}

#[test]
fn the_platform_finding_names_it_and_bare_metal_says_why_nothing_foreign_is_sent() {
    let mut o = refused_on(Platform::BareMetal);
    o.platform.container = Some("docker".into());
    let d = diagnose(&o);
    let f = &d.findings[0];
    assert_eq!(f.check, "platform");
    assert!(
        f.evidence
            .starts_with("bare metal, in a docker container (recorded)"),
        "{}",
        f.evidence
    );
    assert!(
        f.evidence.contains("a hoster can lock a server"),
        "{}",
        f.evidence
    );
    assert_eq!(d.platform.platform, Platform::BareMetal);
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["platform"]["name"], "bare-metal");
    assert_eq!(v["platform"]["container"], "docker");
    assert_eq!(v["platform"]["bare_metal"], true);
    assert_eq!(v["platform"]["evidence"][0], "recorded");
    let d = diagnose(&refused_on(Platform::Kvm));
    assert!(
        !d.findings[0].evidence.contains("hoster"),
        "{}",
        d.findings[0].evidence
    );
}

fn macvlan(device: &str, mode: &str) -> Option<Macvlan> {
    Some(Macvlan {
        device: device.into(),
        kind: "macvlan".into(),
        mode: mode.into(),
        parent: "eth9".into(),
    })
}

/// The macvlan finding wanted: its status and words of its evidence; `None`: no finding.
type Want = Option<(Status, &'static [&'static str])>;

#[test]
fn a_macvlan_isolates_and_never_delivers_foreign_macs() {
    let rows: &[(&str, Option<Macvlan>, Want)] = &[
        ("no macvlan: no finding", None, None),
        (
            "the interface is a bridge-mode macvlan",
            macvlan("eth0", "bridge"),
            Some((
                Status::Problem,
                &[
                    "eth0 is a macvlan in bridge mode on eth9",
                    "never delivered",
                    "cannot reach each other",
                ],
            )),
        ),
        (
            "the interface sits on a vepa macvlan",
            macvlan("mv0", "vepa"),
            Some((
                Status::Problem,
                &[
                    "eth0 sits on mv0, a macvlan in vepa mode on eth9",
                    "never delivered",
                ],
            )),
        ),
        (
            "private mode",
            macvlan("eth0", "private"),
            Some((
                Status::Problem,
                &["private mode", "cannot reach each other"],
            )),
        ),
        (
            "passthru owns the NIC",
            macvlan("eth0", "passthru"),
            Some((Status::Ok, &["owns the parent NIC"])),
        ),
    ];
    for (name, m, want) in rows {
        let o = Observations {
            macvlan: m.clone(),
            ..refused_on(Platform::Kvm)
        };
        let d = diagnose(&o);
        let f = d.findings.iter().find(|f| f.check == "macvlan");
        match (f, want) {
            (None, None) => assert!(!d.summary.contains("macvlan"), "{name}: {}", d.summary),
            (Some(f), Some((status, words))) => {
                assert_eq!(f.status, *status, "{name}");
                for w in *words {
                    assert!(f.evidence.contains(w), "{name}: {w} in {}", f.evidence);
                }
                if *status == Status::Problem {
                    let fix = f.fix.as_deref().unwrap();
                    assert!(
                        fix.contains("Linux bridge") && fix.contains("passthrough"),
                        "{fix}"
                    );
                    assert!(
                        d.summary.contains("never delivered (macvlan)"),
                        "{name}: {}",
                        d.summary
                    );
                } else {
                    assert!(f.fix.is_none(), "{name}");
                }
            }
            (f, want) => panic!("{name}: want {want:?}, got {f:?}"),
        }
    }
}

#[test]
fn a_macvlan_whose_gateway_is_its_parents_host_is_blocked_by_promiscuous() {
    // libvirt macvtap in bridge mode: the guest's gateway is the host, which a macvlan cannot
    // reach, so no probe is answered; the macvlan's exact-MAC demux still names the policy.
    let o = Observations {
        macvlan: macvlan("eth0", "bridge"),
        baseline: p(3, 0),
        forged: None,
        foreign: None,
        return_path: None,
        mac_change: None,
        ..refused_on(Platform::Kvm)
    };
    let d = diagnose(&o);
    assert_eq!(d.blocking, ["promiscuous"]);
    assert_eq!(d.policies.promiscuous, "reject");
    assert_eq!(d.policies.forged_transmits, "unknown");
    assert_eq!(d.policies.mac_learning, "unknown");
    for words in [
        "eth0: blocked by promiscuous (eth0 is a macvlan)",
        "cannot reach each other, so if 192.0.2.1 is that host it never answers",
        "never delivered (macvlan)",
    ] {
        assert!(d.summary.contains(words), "{words}: {}", d.summary);
    }
    let f = d.findings.iter().find(|f| f.check == "macvlan").unwrap();
    assert_eq!(f.status, Status::Problem);
    // The same probes without a macvlan: nothing known, nothing blamed.
    let d = diagnose(&Observations {
        macvlan: None,
        ..o.clone()
    });
    assert_eq!(d.blocking, Vec::<String>::new());
    assert!(d.summary.contains("no neighbour answered"), "{}", d.summary);
    // passthru owns the NIC: no demux to blame.
    let d = diagnose(&Observations {
        macvlan: macvlan("eth0", "passthru"),
        ..o
    });
    assert_eq!(d.blocking, Vec::<String>::new());
}
