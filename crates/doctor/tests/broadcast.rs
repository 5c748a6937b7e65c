//! A network that forwards no broadcast (a cloud's: AWS answers ARP for its gateway only by
//! the network, GCP has no broadcast; the lab's `cloud` profile drops it): the broadcast
//! baseline goes unanswered, the schedule sends it again to the neighbour's MAC from the
//! neighbour table, and once that is answered every later ARP probe goes there, so the
//! verdict is PLATFORMS.md §4's clouds row (forged transmits and promiscuous block; route or
//! NAT) instead of "no neighbour answered".

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use promisc_doctor::schedule::{Check, MadeUp, ProbeFrame, Schedule, Setup, Stations, Step};
use promisc_doctor::{diagnose, Observations, Platform, Status};

const OURS: [u8; 6] = [0x00, 0x0c, 0x29, 0, 0, 2];
const GW: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
const GW_MAC: [u8; 6] = [0x00, 0x50, 0x56, 0xc0, 0, 1];
const MADE_UP: MadeUp = MadeUp {
    forged: [0x02, 0, 0, 0, 0, 1],
    foreign: [0x02, 0, 0, 0, 0, 2],
    return_path: [0x02, 0, 0, 0, 0, 3],
    mac_change: [0x02, 0, 0, 0, 0, 4],
};

/// Drives one run: `answers(frame)` says whether the neighbour's answer reaches us.
/// Returns every ARP probe sent and the observations.
fn run(
    table: &[(Ipv4Addr, [u8; 6])],
    answers: &dyn Fn(&ProbeFrame) -> bool,
) -> (Vec<ProbeFrame>, Observations) {
    let mut s = Schedule::new(Setup {
        interface: "eth0".into(),
        carrier: "br0".into(),
        mac: OURS,
        default_route: Some(("br0".into(), GW)),
        neighbours: table.iter().map(|t| t.0).collect(),
        intrusive: false,
        foreign_source_allowed: true,
        passive: Duration::from_millis(100),
        made_up: MADE_UP,
    })
    .unwrap()
    .with_stations(Stations {
        own_ip: Some(Ipv4Addr::new(192, 0, 2, 2)),
        known: table.to_vec(),
        echo_ident: 7,
        bare_metal: false,
    });
    let mut now = Instant::now();
    let mut sent = Vec::new();
    for _ in 0..1000 {
        match s.next(now) {
            Step::Passive { until } | Step::Listen { until } => now = until,
            Step::Send(frames) => {
                for f in frames.iter().filter(|f| f.echo.is_none()) {
                    sent.push(*f);
                    if answers(f) {
                        s.answer(2, f.target, GW_MAC, f.sha, f.sha);
                    }
                }
            }
            Step::SetMac(_) | Step::RestoreMac => {}
            Step::Done => {
                let mut o = Observations {
                    interface: "eth0".into(),
                    mac: "00:0c:29:00:00:02".into(),
                    ..Observations::default()
                };
                s.record(&mut o);
                return (sent, o);
            }
        }
    }
    panic!("the schedule never ended");
}

/// The lab's cloud: broadcast dropped; unicast passes only between MACs the network issued,
/// so only frames from our MAC, asking for answers to our MAC, are answered to us.
fn cloud(f: &ProbeFrame) -> bool {
    f.dst == Some(GW_MAC) && f.eth == OURS && f.sha == OURS
}

#[test]
fn a_network_that_forwards_no_broadcast_is_probed_by_unicast_and_named() {
    let (sent, o) = run(&[(GW, GW_MAC)], &cloud);
    let kinds: Vec<(Check, Option<[u8; 6]>)> = sent.iter().map(|f| (f.check, f.dst)).collect();
    // 3 broadcast baselines, 3 unicast ones, then forged, foreign and return path, unicast.
    assert_eq!(&kinds[..3], &[(Check::Baseline, None); 3]);
    assert_eq!(&kinds[3..6], &[(Check::BaselineUnicast, Some(GW_MAC)); 3]);
    assert_eq!(kinds.len(), 15, "{kinds:?}");
    assert!(kinds[6..].iter().all(|k| k.1 == Some(GW_MAC)), "{kinds:?}");
    assert_eq!(o.baseline.map(|b| b.answered), Some(0));
    assert_eq!(o.baseline_unicast.map(|b| b.answered), Some(3));
    assert_eq!(o.target_mac.as_deref(), Some("00:50:56:c0:00:01"));

    let d = diagnose(&o);
    assert_eq!(d.blocking, ["promiscuous", "forged_transmits"]);
    assert_eq!(d.policies.forged_transmits, "reject");
    assert_eq!(d.policies.promiscuous, "reject");
    let b = d.findings.iter().find(|f| f.check == "broadcast").unwrap();
    assert_eq!(b.status, Status::Problem);
    for words in [
        "ARP probes broadcast to 192.0.2.1: 0 of 3 answered",
        "sent to its MAC 00:50:56:c0:00:01",
        "3 of 3 answered",
        "broadcast is not forwarded here",
    ] {
        assert!(b.evidence.contains(words), "{words}: {}", b.evidence);
    }
    assert!(
        b.fix
            .as_deref()
            .unwrap()
            .contains("route the nested network"),
        "{:?}",
        b.fix
    );
    assert!(
        !d.summary.contains("no neighbour answered"),
        "{}",
        d.summary
    );
    assert!(
        d.summary.contains("broadcast is not forwarded"),
        "{}",
        d.summary
    );

    // Known as a cloud: its own routed design, and the nested_bridging finding.
    let mut aws = o.clone();
    aws.platform.platform = Platform::Aws;
    let d = diagnose(&aws);
    let b = d.findings.iter().find(|f| f.check == "broadcast").unwrap();
    assert!(
        b.fix
            .as_deref()
            .unwrap()
            .contains("source/destination check off"),
        "{:?}",
        b.fix
    );
    assert!(d.findings.iter().any(|f| f.check == "nested_bridging"));
}

#[test]
fn a_neighbour_that_answers_broadcast_gets_broadcast_only() {
    // An ordinary LAN: no unicast round, no broadcast finding.
    let (sent, o) = run(&[(GW, GW_MAC)], &|f| f.eth == OURS && f.sha == OURS);
    assert!(sent
        .iter()
        .all(|f| f.dst.is_none() && f.check != Check::BaselineUnicast));
    assert_eq!(o.baseline_unicast, None);
    let d = diagnose(&o);
    assert!(d.findings.iter().all(|f| f.check != "broadcast"));
}

#[test]
fn without_the_neighbours_mac_or_an_answer_nothing_is_claimed() {
    // Not in the table: nothing to send unicast to; the old answer stands.
    let (sent, o) = run(&[], &cloud);
    assert!(sent.iter().all(|f| f.check != Check::BaselineUnicast));
    let d = diagnose(&o);
    assert!(d.summary.contains("no neighbour answered"), "{}", d.summary);
    // In the table, but unicast unanswered too (the host of a macvlan's parent): unknown.
    let (_, o) = run(&[(GW, GW_MAC)], &|_| false);
    assert_eq!(o.baseline_unicast.map(|b| b.answered), Some(0));
    let d = diagnose(&o);
    let b = d.findings.iter().find(|f| f.check == "broadcast").unwrap();
    assert_eq!(b.status, Status::Unknown);
    assert!(d.blocking.is_empty());
    assert!(d.summary.contains("no neighbour answered"), "{}", d.summary);
}
