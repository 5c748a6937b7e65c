//! The verdict on each real switching component of docs/PLATFORMS.md §4, from the
//! observations the doctor records there (the privileged tests in tests/tests/doctor_real.rs
//! build each component and check the same policies end to end): the policies, `blocking`,
//! and no problem found in anything the component allows.

use promisc_doctor::{diagnose, Observations, Passive, Platform, Probe, Status};

fn p(sent: u32, answered: u32) -> Option<Probe> {
    Some(Probe { sent, answered })
}

/// What one component showed: baseline, forged, foreign, return path (answered of 3), then
/// the known-unicast test (`None`: not run), the control and the copies (of 2).
struct Row {
    name: &'static str,
    forged: u32,
    foreign: u32,
    return_path: u32,
    known: Option<(u32, u32)>,
    /// The platform recognised (PLATFORMS.md §3).
    platform: Platform,
    /// promiscuous, forged_transmits, mac_learning.
    policies: [&'static str; 3],
    blocking: &'static [&'static str],
}

const ROWS: &[Row] = &[
    Row {
        name: "Linux bridge, defaults (also Open vSwitch NORMAL, macvlan passthru on it)",
        forged: 3,
        foreign: 3,
        return_path: 3,
        known: Some((2, 0)),
        platform: Platform::Unknown,
        policies: ["reject", "accept", "on"],
        blocking: &[],
    },
    Row {
        name: "Linux bridge, flooding off at the guest's port",
        forged: 3,
        foreign: 0,
        return_path: 3,
        known: None,
        platform: Platform::Unknown,
        policies: ["reject", "accept", "on"],
        blocking: &[],
    },
    Row {
        name: "Linux bridge, learning and flooding off at the guest's port, a static FDB entry (libvirt, Proxmox)",
        forged: 3,
        foreign: 0,
        return_path: 0,
        known: None,
        platform: Platform::Kvm,
        policies: ["reject", "accept", "off"],
        blocking: &["mac_learning"],
    },
    Row {
        name: "the same probes on a platform whose switch is not a Linux bridge (VirtualBox deny)",
        forged: 3,
        foreign: 0,
        return_path: 0,
        known: None,
        platform: Platform::Virtualbox,
        policies: ["reject", "accept", "off"],
        blocking: &["promiscuous"],
    },
    Row {
        name: "Linux bridge, ageing_time 0 (a hub)",
        forged: 3,
        foreign: 3,
        return_path: 3,
        known: Some((2, 2)),
        platform: Platform::Unknown,
        policies: ["accept", "accept", "unknown"],
        blocking: &[],
    },
    Row {
        name: "Linux bridge with an nftables filter dropping foreign sources at the guest's port",
        forged: 0,
        foreign: 3,
        return_path: 0,
        known: Some((2, 0)),
        platform: Platform::Unknown,
        policies: ["reject", "reject", "on"],
        blocking: &["forged_transmits"],
    },
    Row {
        name: "macvlan in bridge, vepa or private mode",
        forged: 3,
        foreign: 0,
        return_path: 0,
        known: None,
        platform: Platform::Unknown,
        policies: ["reject", "accept", "off"],
        blocking: &["promiscuous"],
    },
];

fn observations(r: &Row) -> Observations {
    let mut o = Observations {
        interface: "eth0".into(),
        mac: "52:54:00:00:00:02".into(),
        target: Some("192.0.2.1".into()),
        passive: Some(Passive {
            millis: 1500,
            group: 3,
            stations: 2,
            ..Passive::default()
        }),
        baseline: p(3, 3),
        forged: p(3, r.forged),
        foreign: p(3, r.foreign),
        return_path: p(3, r.return_path),
        station: r.known.map(|_| "192.0.2.4 (52:54:00:00:00:04)".into()),
        echo_control: r.known.and_then(|(c, _)| p(2, c)),
        known_unicast: r.known.and_then(|(_, k)| p(2, k)),
        skipped: vec![("mac_changes".into(), "run with --intrusive".into())],
        ..Observations::default()
    };
    o.platform.platform = r.platform;
    o
}

#[test]
fn every_component() {
    let mut failed = Vec::new();
    for (r, busy) in ROWS.iter().flat_map(|r| [(r, false), (r, true)]) {
        let mut o = observations(r);
        if busy {
            // Stations talked during the passive check, but no frame between two of them
            // arrived: promiscuous delivery is refused, a problem only where nothing else
            // delivers frames for other MACs.
            o.passive = Some(Passive {
                millis: 1500,
                group: 60,
                stations: 4,
                ..Passive::default()
            });
        }
        let d = diagnose(&o);
        let got = [
            d.policies.promiscuous.as_str(),
            d.policies.forged_transmits.as_str(),
            d.policies.mac_learning.as_str(),
        ];
        // A problem only where a policy blocks: the return path for promiscuous, the forged
        // probe for forged transmits.
        let problems: Vec<&str> = d
            .findings
            .iter()
            .filter(|f| f.status == Status::Problem)
            .map(|f| f.check.as_str())
            .collect();
        let want_problems: Vec<&str> = r
            .blocking
            .iter()
            .flat_map(|b| match *b {
                "promiscuous" | "mac_learning" if busy => {
                    vec!["promiscuous_delivery", "return_path"]
                }
                "promiscuous" | "mac_learning" => vec!["return_path"],
                other => vec![other],
            })
            .collect();
        if got != r.policies || d.blocking != r.blocking || problems != want_problems {
            failed.push(format!(
                "{} (busy {busy}): want {:?} blocking {:?} problems {want_problems:?}; got {got:?} blocking {:?} problems {problems:?}\n{d:#?}",
                r.name, r.policies, r.blocking, d.blocking
            ));
        }
        // The known-unicast finding is there exactly when the test ran.
        let known = d.findings.iter().find(|f| f.check == "known_unicast");
        assert_eq!(known.is_some(), r.known.is_some(), "{}: {d:#?}", r.name);
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn learning_with_flooding_is_named_in_the_summary() {
    let d = diagnose(&observations(&ROWS[0]));
    assert!(
        d.summary
            .contains("nothing blocks frames for other MACs (MAC learning with unknown-unicast flooding; promiscuous delivery refused)"),
        "{}",
        d.summary
    );
    let k = d
        .findings
        .iter()
        .find(|f| f.check == "known_unicast")
        .unwrap();
    assert_eq!(k.status, Status::Ok);
    assert!(
        k.evidence
            .contains("0 of 2 answers to 192.0.2.4 (52:54:00:00:00:04) reached this interface"),
        "{}",
        k.evidence
    );
}

#[test]
fn without_a_second_station_promiscuous_stays_unknown_and_says_why() {
    let mut o = observations(&ROWS[0]);
    o.station = None;
    o.echo_control = None;
    o.known_unicast = None;
    o.skipped.push((
        "known_unicast".into(),
        "no second station is known on br0".into(),
    ));
    let d = diagnose(&o);
    assert_eq!(d.policies.promiscuous, "unknown");
    assert_eq!(d.policies.mac_learning, "unknown");
    assert_eq!(d.blocking, Vec::<String>::new());
    let k = d
        .findings
        .iter()
        .find(|f| f.check == "known_unicast")
        .unwrap();
    assert_eq!(k.status, Status::Unknown);
    assert!(
        k.evidence.starts_with(
            "not tested: no second station is known on br0: promiscuous delivery cannot be told"
        ),
        "{}",
        k.evidence
    );
}
