//! The doctor's probing schedule, row by row: the interface's facts and what the network
//! answers in, the steps and the observations out. Driven as the I/O loop drives it, with a
//! clock that jumps to the end of each wait.
//!
//! Steps are written `passive<ms>`, `send:<kinds>` (B baseline, F forged, X foreign, R return
//! path, M MAC change, each with its number), `wait<ms>`, `set-mac`, `restore`, `done`.

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use promisc_doctor::schedule::{
    made_up_mac, Check, MadeUp, Refusal, Schedule, Setup, Step, ANSWER_WAIT, BARE_METAL, GAP,
    PACKET_BROADCAST, PACKET_MULTICAST, PACKET_OTHERHOST, PACKET_OUTGOING, PROBES,
};
use promisc_doctor::{Observations, Passive};

const OURS: [u8; 6] = [0x00, 0x0c, 0x29, 0, 0, 2];
const MADE_UP: MadeUp = MadeUp {
    forged: [0x02, 0, 0, 0, 0, 1],
    foreign: [0x02, 0, 0, 0, 0, 2],
    return_path: [0x02, 0, 0, 0, 0, 3],
    mac_change: [0x02, 0, 0, 0, 0, 4],
};
const GW: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
const GW_MAC: [u8; 6] = [0x00, 0x50, 0x56, 0xc0, 0, 1];
const NB: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 7);
const NB2: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 8);
const PASSIVE: Duration = Duration::from_millis(1500);

/// An ARP packet as the loop hands it over: opcode, sender IP, target MAC, Ethernet
/// destination.
type Arp = (u16, Ipv4Addr, [u8; 6], [u8; 6]);

struct Row {
    name: &'static str,
    /// The interface's bridge, if it is a port of one.
    bridge: Option<&'static str>,
    default_route: Option<(&'static str, Ipv4Addr)>,
    neighbours: &'static [Ipv4Addr],
    intrusive: bool,
    /// Frames from other source MACs may be sent (not bare metal, or `--intrusive`).
    foreign_source_allowed: bool,
    /// The kinds the network answers, each probe this many times.
    answers: &'static [(Check, u32)],
    /// More ARP packets read in every wait.
    noise: &'static [Arp],
    steps: Vec<String>,
    want: &'static [&'static str],
}

fn setup(row: &Row) -> Setup {
    Setup {
        interface: "eth0".into(),
        carrier: row.bridge.unwrap_or("eth0").into(),
        mac: OURS,
        default_route: row.default_route.map(|(d, gw)| (d.to_string(), gw)),
        neighbours: row.neighbours.to_vec(),
        intrusive: row.intrusive,
        foreign_source_allowed: row.foreign_source_allowed,
        passive: PASSIVE,
        made_up: MADE_UP,
    }
}

fn tag(c: Check) -> &'static str {
    match c {
        Check::Baseline => "B",
        Check::BaselineUnicast => "U",
        Check::Forged => "F",
        Check::Foreign => "X",
        Check::ReturnPath => "R",
        Check::MacChange => "M",
        Check::Station => "S",
        Check::EchoControl => "C",
        Check::KnownUnicast => "K",
    }
}

/// The steps of one round of `kinds` (e.g. "X+R").
fn round(kinds: &str) -> Vec<String> {
    let mut v = Vec::new();
    for n in 1..=PROBES {
        let sent: Vec<String> = kinds.split('+').map(|k| format!("{k}{n}")).collect();
        v.push(format!("send:{}", sent.join("+")));
        let wait = if n == PROBES { ANSWER_WAIT } else { GAP };
        v.push(format!("wait{}", wait.as_millis()));
    }
    v
}

fn steps(parts: &[&[&str]]) -> Vec<String> {
    let mut v = Vec::new();
    for p in parts {
        for s in *p {
            match s.strip_prefix("round ") {
                Some(kinds) => v.extend(round(kinds)),
                None => v.push(s.to_string()),
            }
        }
    }
    v
}

fn ms(d: Duration) -> u128 {
    d.as_millis()
}

/// Drives the schedule of `row`; returns the steps and the observations, written out.
fn run(row: &Row) -> (Vec<String>, Vec<String>) {
    let mut s = match Schedule::new(setup(row)) {
        Ok(s) => s,
        Err(Refusal::CarriesDefaultRoute) => return (vec!["refused".into()], Vec::new()),
    };
    let start = Instant::now();
    let mut now = start;
    let mut out = Vec::new();
    let mut sent = Vec::new();
    let mut mac_set = false;
    for _ in 0..1000 {
        match s.next(now) {
            Step::Passive { until } => {
                out.push(format!("passive{}", ms(until - now)));
                now = until;
            }
            Step::Send(frames) => {
                let kinds: Vec<String> = frames
                    .iter()
                    .map(|f| format!("{}{}", tag(f.check), f.n))
                    .collect();
                out.push(format!("send:{}", kinds.join("+")));
                if !row.foreign_source_allowed {
                    assert!(
                        frames.iter().all(|f| f.eth == OURS),
                        "{}: only our own source MAC on bare metal: {frames:?}",
                        row.name
                    );
                }
                if frames.iter().any(|f| f.check == Check::MacChange) {
                    assert!(mac_set, "{}: the MAC is set first", row.name);
                }
                sent = frames;
            }
            Step::Listen { until } => {
                out.push(format!("wait{}", ms(until - now)));
                for f in &sent {
                    let times = row
                        .answers
                        .iter()
                        .find(|a| a.0 == f.check)
                        .map_or(0, |a| a.1);
                    for _ in 0..times {
                        s.answer(2, f.target, GW_MAC, f.sha, f.sha);
                    }
                }
                for &(op, spa, tha, dst) in row.noise {
                    s.answer(op, spa, GW_MAC, tha, dst);
                }
                now = until;
            }
            Step::SetMac(m) => {
                assert_eq!(m, MADE_UP.mac_change, "{}", row.name);
                mac_set = true;
                out.push("set-mac".into());
            }
            Step::RestoreMac => {
                assert!(mac_set, "{}: restored after set", row.name);
                mac_set = false;
                out.push("restore".into());
            }
            Step::Done => {
                out.push("done".into());
                break;
            }
        }
    }
    assert!(!mac_set, "{}: the MAC is back at the end", row.name);
    assert_eq!(s.next(now), Step::Done, "{}: done stays done", row.name);
    let mut o = Observations::default();
    s.record(&mut o);
    assert_eq!(o.target, s.target().map(|t| t.to_string()));
    assert_eq!(
        o.passive.map(|p| p.millis),
        Some(1500),
        "{}: the passive check always runs",
        row.name
    );
    let mut obs = vec![format!("target {}", o.target.as_deref().unwrap_or("none"))];
    for (name, p) in [
        ("baseline", o.baseline),
        ("forged", o.forged),
        ("foreign", o.foreign),
        ("return_path", o.return_path),
        ("mac_change", o.mac_change),
    ] {
        if let Some(p) = p {
            obs.push(format!("{name} {}/{}", p.answered, p.sent));
        }
    }
    for (check, why) in &o.skipped {
        obs.push(format!("skipped {check}: {why}"));
    }
    (out, obs)
}

const ALL: &[(Check, u32)] = &[
    (Check::Baseline, 1),
    (Check::Forged, 1),
    (Check::Foreign, 1),
    (Check::ReturnPath, 1),
    (Check::MacChange, 1),
];
const NOT_INTRUSIVE: &str =
    "skipped mac_changes: changes the interface's MAC for a second: run with --intrusive";
const THREE_ROUNDS: &[&str] = &["round B", "round F", "round X+R"];

fn rows() -> Vec<Row> {
    let bare = |check: &str| format!("skipped {check}: {BARE_METAL}");
    let bare: &'static [String] = Vec::leak(vec![
        bare("forged_transmits"),
        bare("return_path"),
        bare("mac_changes"),
    ]);
    let bare: Vec<&'static str> = bare.iter().map(String::as_str).collect();
    let with_bare = |head: &[&'static str]| -> &'static [&'static str] {
        Vec::leak(head.iter().copied().chain(bare.iter().copied()).collect())
    };
    vec![
        Row {
            name: "bare metal, not intrusive: only the probes from our own MAC (baseline, foreign), the others skipped saying why",
            bridge: None,
            default_route: Some(("eth0", GW)),
            neighbours: &[NB],
            intrusive: false,
            foreign_source_allowed: false,
            answers: ALL,
            noise: &[],
            steps: steps(&[&["passive1500", "round B", "round X", "done"]]),
            want: with_bare(&["target 192.0.2.1", "baseline 3/3", "foreign 3/3"]),
        },
        Row {
            name: "bare metal and no neighbour: nothing sent, the bare-metal reason stays",
            bridge: None,
            default_route: None,
            neighbours: &[],
            intrusive: false,
            foreign_source_allowed: false,
            answers: ALL,
            noise: &[],
            steps: steps(&[&["passive1500", "done"]]),
            want: with_bare(&["target none"]),
        },
        Row {
            name: "not intrusive, the gateway through the interface: three rounds, the MAC change skipped",
            bridge: None,
            default_route: Some(("eth0", GW)),
            neighbours: &[NB],
            intrusive: false,
            foreign_source_allowed: true,
            answers: ALL,
            noise: &[],
            steps: steps(&[&["passive1500"], THREE_ROUNDS, &["done"]]),
            want: &[
                "target 192.0.2.1",
                "baseline 3/3",
                "forged 3/3",
                "foreign 3/3",
                "return_path 3/3",
                NOT_INTRUSIVE,
            ],
        },
        Row {
            name: "intrusive, the default route on another interface: the first neighbour, the MAC change last",
            bridge: None,
            default_route: Some(("eth1", GW)),
            neighbours: &[NB, NB2],
            intrusive: true,
            foreign_source_allowed: true,
            answers: &[(Check::Baseline, 1), (Check::MacChange, 1)],
            noise: &[],
            steps: steps(&[
                &["passive1500"],
                THREE_ROUNDS,
                &["set-mac", "round M", "restore", "done"],
            ]),
            want: &[
                "target 192.0.2.7",
                "baseline 3/3",
                "forged 0/3",
                "foreign 0/3",
                "return_path 0/3",
                "mac_change 3/3",
            ],
        },
        Row {
            name: "intrusive on the interface that carries the default route: refused",
            bridge: None,
            default_route: Some(("eth0", GW)),
            neighbours: &[NB],
            intrusive: true,
            foreign_source_allowed: true,
            answers: ALL,
            noise: &[],
            steps: steps(&[&["refused"]]),
            want: &[],
        },
        Row {
            name: "a bridge port whose bridge carries the default route: the gateway, intrusive allowed",
            bridge: Some("br0"),
            default_route: Some(("br0", GW)),
            neighbours: &[NB],
            intrusive: true,
            foreign_source_allowed: true,
            answers: ALL,
            noise: &[],
            steps: steps(&[
                &["passive1500"],
                THREE_ROUNDS,
                &["set-mac", "round M", "restore", "done"],
            ]),
            want: &[
                "target 192.0.2.1",
                "baseline 3/3",
                "forged 3/3",
                "foreign 3/3",
                "return_path 3/3",
                "mac_change 3/3",
            ],
        },
        Row {
            name: "no default route, no neighbour: passive only, the probes skipped naming the bridge",
            bridge: Some("br0"),
            default_route: None,
            neighbours: &[],
            intrusive: true,
            foreign_source_allowed: true,
            answers: ALL,
            noise: &[],
            steps: steps(&[&["passive1500", "done"]]),
            want: &[
                "target none",
                "skipped forged_transmits: no IPv4 neighbour known on br0 to probe",
                "skipped return_path: no IPv4 neighbour known on br0 to probe",
                "skipped mac_changes: no neighbour to probe",
            ],
        },
        Row {
            name: "the default route elsewhere and no neighbour: no gateway to ask either",
            bridge: None,
            default_route: Some(("eth1", GW)),
            neighbours: &[],
            intrusive: false,
            foreign_source_allowed: true,
            answers: ALL,
            noise: &[],
            steps: steps(&[&["passive1500", "done"]]),
            want: &[
                "target none",
                "skipped forged_transmits: no IPv4 neighbour known on eth0 to probe",
                "skipped return_path: no IPv4 neighbour known on eth0 to probe",
                "skipped mac_changes: no neighbour to probe",
            ],
        },
        Row {
            name: "every answer counts: two per probe",
            bridge: None,
            default_route: Some(("eth0", GW)),
            neighbours: &[],
            intrusive: false,
            foreign_source_allowed: true,
            answers: &[(Check::Baseline, 2), (Check::ReturnPath, 2)],
            noise: &[],
            steps: steps(&[&["passive1500"], THREE_ROUNDS, &["done"]]),
            want: &[
                "target 192.0.2.1",
                "baseline 6/3",
                "forged 0/3",
                "foreign 0/3",
                "return_path 6/3",
                NOT_INTRUSIVE,
            ],
        },
        Row {
            name: "packets that are no answer: a request, another sender, a broadcast, another MAC",
            bridge: None,
            default_route: Some(("eth0", GW)),
            neighbours: &[],
            intrusive: false,
            foreign_source_allowed: true,
            answers: &[],
            noise: &[
                (1, GW, OURS, OURS),
                (2, NB, OURS, OURS),
                (2, GW, OURS, [0xff; 6]),
                (2, GW, [0x02, 9, 9, 9, 9, 9], [0x02, 9, 9, 9, 9, 9]),
                (2, GW, MADE_UP.foreign, OURS),
            ],
            steps: steps(&[&["passive1500"], THREE_ROUNDS, &["done"]]),
            want: &[
                "target 192.0.2.1",
                "baseline 0/3",
                "forged 0/3",
                "foreign 0/3",
                "return_path 0/3",
                NOT_INTRUSIVE,
            ],
        },
        Row {
            name: "a reply to our MAC counts for the round that runs (baseline and forged both ask for it)",
            bridge: None,
            default_route: Some(("eth0", GW)),
            neighbours: &[],
            intrusive: false,
            foreign_source_allowed: true,
            answers: &[],
            noise: &[(2, GW, OURS, OURS)],
            steps: steps(&[&["passive1500"], THREE_ROUNDS, &["done"]]),
            want: &[
                "target 192.0.2.1",
                "baseline 3/3",
                "forged 3/3",
                "foreign 0/3",
                "return_path 0/3",
                NOT_INTRUSIVE,
            ],
        },
    ]
}

#[test]
fn every_row() {
    let mut failed = Vec::new();
    for row in rows() {
        let (steps, obs) = run(&row);
        if steps != row.steps || obs != row.want {
            failed.push(format!(
                "{}:\n  want steps {:?}\n  got        {steps:?}\n  want {:#?}\n  got  {obs:#?}",
                row.name, row.steps, row.want
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// A frame of the passive check: `PACKET_*` type, source, destination.
type Seen = (u8, [u8; 6], [u8; 6]);

const A: [u8; 6] = [0x00, 0x50, 0x56, 0, 0, 0x0a];
const B: [u8; 6] = [0x00, 0x50, 0x56, 0, 0, 0x0b];
const C: [u8; 6] = [0x00, 0x50, 0x56, 0, 0, 0x0c];
const HOST: u8 = 0;

#[test]
fn passive_rows() {
    let passive = |otherhost, otherhost_known, group, stations| Passive {
        millis: 1500,
        otherhost,
        otherhost_known,
        group,
        stations,
    };
    let rows: &[(&str, &[Seen], Passive)] = &[
        ("nothing seen", &[], passive(0, 0, 0, 0)),
        (
            "our own frames do not count: sent by us, or from our MAC",
            &[
                (PACKET_OUTGOING, A, B),
                (PACKET_OTHERHOST, OURS, A),
                (PACKET_BROADCAST, OURS, [0xff; 6]),
            ],
            passive(0, 0, 0, 0),
        ),
        (
            "frames to us make stations only",
            &[(HOST, A, OURS), (HOST, B, OURS), (HOST, A, OURS)],
            passive(0, 0, 0, 2),
        ),
        (
            "broadcast and multicast are group frames",
            &[
                (PACKET_BROADCAST, A, [0xff; 6]),
                (PACKET_MULTICAST, B, [0x01, 0, 0x5e, 0, 0, 1]),
            ],
            passive(0, 0, 2, 2),
        ),
        (
            "frames for other hosts, known when the destination was seen as a source",
            &[
                (PACKET_OTHERHOST, A, B),
                (PACKET_OTHERHOST, A, C),
                (HOST, B, OURS),
                (PACKET_OTHERHOST, B, A),
            ],
            passive(3, 2, 0, 2),
        ),
    ];
    for (name, frames, want) in rows {
        let mut s = Schedule::new(Setup {
            interface: "eth0".into(),
            carrier: "eth0".into(),
            mac: OURS,
            default_route: None,
            neighbours: Vec::new(),
            intrusive: false,
            foreign_source_allowed: true,
            passive: PASSIVE,
            made_up: MADE_UP,
        })
        .unwrap();
        let t = Instant::now();
        let Step::Passive { until } = s.next(t) else {
            panic!("{name}: the passive check first");
        };
        for &(kind, src, dst) in *frames {
            s.passive_frame(kind, src, dst);
        }
        assert_eq!(s.next(until), Step::Done, "{name}");
        s.passive_frame(PACKET_OTHERHOST, C, A);
        let mut o = Observations::default();
        s.record(&mut o);
        assert_eq!(
            o.passive,
            Some(*want),
            "{name} (frames after it do not count)"
        );
    }
}

#[test]
fn a_wait_is_asked_again_until_its_end() {
    let mut s = Schedule::new(Setup {
        interface: "eth0".into(),
        carrier: "eth0".into(),
        mac: OURS,
        default_route: Some(("eth0".into(), GW)),
        neighbours: Vec::new(),
        intrusive: false,
        foreign_source_allowed: true,
        passive: PASSIVE,
        made_up: MADE_UP,
    })
    .unwrap();
    let t = Instant::now();
    let passive = Step::Passive { until: t + PASSIVE };
    assert_eq!(s.next(t), passive);
    assert_eq!(s.next(t + PASSIVE / 2), passive, "still holding");
    s.answer(2, GW, GW_MAC, OURS, OURS); // Not in a round: not an answer.
    let t = t + PASSIVE;
    assert!(matches!(s.next(t), Step::Send(_)));
    // The wait starts when the frames are sent, whenever the loop comes back.
    let sent = t + Duration::from_millis(3);
    let listen = Step::Listen { until: sent + GAP };
    assert_eq!(s.next(sent), listen);
    assert_eq!(s.next(sent + GAP - Duration::from_millis(1)), listen);
    assert!(matches!(s.next(sent + GAP), Step::Send(_)));
    let mut o = Observations::default();
    s.record(&mut o);
    assert_eq!(o.baseline, None, "a round is recorded once it is over");
}

#[test]
fn each_kind_sends_its_macs_to_the_neighbour() {
    let mut s = Schedule::new(Setup {
        interface: "eth0".into(),
        carrier: "eth0".into(),
        mac: OURS,
        default_route: Some(("eth0".into(), GW)),
        neighbours: Vec::new(),
        intrusive: true,
        foreign_source_allowed: true,
        passive: PASSIVE,
        made_up: MADE_UP,
    });
    assert_eq!(s.as_ref().err(), Some(&Refusal::CarriesDefaultRoute));
    s = Schedule::new(Setup {
        interface: "eth0".into(),
        carrier: "eth0".into(),
        mac: OURS,
        default_route: Some(("eth1".into(), GW)),
        neighbours: vec![NB],
        intrusive: true,
        foreign_source_allowed: true,
        passive: PASSIVE,
        made_up: MADE_UP,
    });
    let mut s = s.unwrap();
    let mut t = Instant::now();
    let mut kinds = Vec::new();
    loop {
        match s.next(t) {
            Step::Send(frames) => {
                for f in frames {
                    assert_eq!(f.target, NB);
                    kinds.push((f.check, f.eth, f.sha, f.n));
                }
            }
            Step::Passive { until } | Step::Listen { until } => t = until,
            Step::SetMac(_) | Step::RestoreMac => {}
            Step::Done => break,
        }
    }
    let m = MADE_UP;
    let want: Vec<(Check, [u8; 6], [u8; 6])> = vec![
        (Check::Baseline, OURS, OURS),
        (Check::Forged, m.forged, OURS),
        (Check::Foreign, OURS, m.foreign),
        (Check::ReturnPath, m.return_path, m.return_path),
        (Check::MacChange, m.mac_change, m.mac_change),
    ];
    for (check, eth, sha) in want {
        let of: Vec<u32> = kinds
            .iter()
            .filter(|k| k.0 == check)
            .map(|k| {
                assert_eq!((k.1, k.2), (eth, sha), "{check:?}");
                k.3
            })
            .collect();
        assert_eq!(of, [1, 2, 3], "{check:?}: PROBES of each, numbered");
    }
}

#[test]
fn made_up_macs_are_locally_administered_unicast() {
    for random in [
        [0xff; 6],
        [0; 6],
        [0x01, 2, 3, 4, 5, 6],
        [0x5a, 1, 2, 3, 4, 5],
    ] {
        let m = made_up_mac(random);
        assert_eq!(m[0] & 0x03, 0x02, "{random:?}: local, not multicast");
        assert_eq!(m[1..], random[1..], "the rest stays random");
        assert_eq!(m[0] & 0xfc, random[0] & 0xfc);
    }
}
