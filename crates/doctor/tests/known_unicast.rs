//! The known-unicast test of the doctor's schedule, row by row: what the network answers
//! (which probe kinds, which stations, whether the neighbour's echo replies to another
//! station reach us) in, the steps and the observations out. Driven as the I/O loop drives
//! it, with a clock that jumps to the end of each wait.
//!
//! Steps are written as in tests/schedule.rs, plus S (ARP to a station, with its last
//! octet), C (the control echo) and K (the echo with another station's IP).

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use promisc_doctor::schedule::{
    Check, MadeUp, ProbeFrame, Schedule, Setup, Stations, Step, PACKET_OTHERHOST, PACKET_OUTGOING,
    STATION_PROBES,
};
use promisc_doctor::{diagnose, Observations};

const OURS: [u8; 6] = [0x52, 0x54, 0x00, 0, 0, 2];
const OUR_IP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 2);
const MADE_UP: MadeUp = MadeUp {
    forged: [0x02, 0, 0, 0, 0, 1],
    foreign: [0x02, 0, 0, 0, 0, 2],
    return_path: [0x02, 0, 0, 0, 0, 3],
    mac_change: [0x02, 0, 0, 0, 0, 4],
};
const GW: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
const GW_MAC: [u8; 6] = [0x52, 0x54, 0x00, 0, 0, 1];
const NB: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 7);
const NB_MAC: [u8; 6] = [0x52, 0x54, 0x00, 0, 0, 7];
const NB2: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 8);
const NB2_MAC: [u8; 6] = [0x52, 0x54, 0x00, 0, 0, 8];
const NB3: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 9);
const NB3_MAC: [u8; 6] = [0x52, 0x54, 0x00, 0, 0, 9];
const IDENT: u16 = 0x4242;

/// What the network does.
#[derive(Clone, Copy)]
struct Net {
    /// The kinds of the first three rounds the neighbour answers.
    answers: &'static [Check],
    /// The stations that answer ARP, and from which MAC.
    live: &'static [(Ipv4Addr, [u8; 6])],
    /// The neighbour answers echo requests.
    echo: bool,
    /// Its answers to another station reach us (promiscuous delivery, a hub).
    copied: bool,
}

struct Row {
    name: &'static str,
    table: &'static [(Ipv4Addr, [u8; 6])],
    own_ip: Option<Ipv4Addr>,
    bare_metal: bool,
    intrusive: bool,
    /// Frames between other stations seen during the passive check.
    passive_known: bool,
    net: Net,
    /// The steps after the first three rounds (and before `done`).
    steps: &'static [&'static str],
    want: &'static [&'static str],
    /// The verdict's promiscuous and learning policies.
    policies: (&'static str, &'static str),
}

fn tag(f: &ProbeFrame) -> String {
    match f.check {
        Check::Baseline => "B".into(),
        Check::BaselineUnicast => "U".into(),
        Check::Forged => "F".into(),
        Check::Foreign => "X".into(),
        Check::ReturnPath => "R".into(),
        Check::MacChange => "M".into(),
        Check::Station => format!("S{}.", f.target.octets()[3]),
        Check::EchoControl => "C".into(),
        Check::KnownUnicast => "K".into(),
    }
}

/// Drives one row; returns the steps after the first three rounds, the observations.
fn run(row: &Row) -> (Vec<String>, Observations) {
    let s = Schedule::new(Setup {
        interface: "eth0".into(),
        carrier: "br0".into(),
        mac: OURS,
        default_route: Some(("br0".into(), GW)),
        neighbours: row.table.iter().map(|t| t.0).collect(),
        intrusive: row.intrusive,
        // Bare metal with --intrusive allows foreign source MACs, never the echoes.
        foreign_source_allowed: true,
        passive: Duration::from_millis(1000),
        made_up: MADE_UP,
    })
    .unwrap();
    let mut s = s.with_stations(Stations {
        own_ip: row.own_ip,
        known: row.table.to_vec(),
        echo_ident: IDENT,
        bare_metal: row.bare_metal,
    });
    let mut now = Instant::now();
    let mut out = Vec::new();
    let mut sent: Vec<ProbeFrame> = Vec::new();
    let net = row.net;
    for _ in 0..1000 {
        match s.next(now) {
            Step::Passive { until } => {
                if row.passive_known {
                    s.passive_frame(0, NB_MAC, OURS);
                    s.passive_frame(PACKET_OTHERHOST, GW_MAC, NB_MAC);
                }
                now = until;
            }
            Step::Send(frames) => {
                let kinds: Vec<String> = frames
                    .iter()
                    .map(|f| format!("{}{}", tag(f), f.n))
                    .collect();
                out.push(format!("send:{}", kinds.join("+")));
                sent = frames;
            }
            Step::Listen { until } => {
                out.push("wait".into());
                for f in &sent {
                    answer(&mut s, f, net);
                }
                now = until;
            }
            Step::SetMac(_) => out.push("set-mac".into()),
            Step::RestoreMac => out.push("restore".into()),
            Step::Done => break,
        }
    }
    let mut o = Observations::default();
    s.record(&mut o);
    // The first three rounds are tests/schedule.rs's: 3 sends and waits each.
    (out.split_off(18), o)
}

/// What the network sends back to one probe.
fn answer(s: &mut Schedule, f: &ProbeFrame, net: Net) {
    match f.check {
        Check::Station => {
            if let Some(&(ip, mac)) = net.live.iter().find(|l| l.0 == f.target) {
                s.answer(2, ip, mac, f.sha, f.sha);
            }
        }
        Check::EchoControl | Check::KnownUnicast => {
            let e = f.echo.expect("an echo");
            assert_eq!((f.eth, e.dst, f.target, e.ident), (OURS, GW_MAC, GW, IDENT));
            if !net.echo {
                return;
            }
            if e.src_ip == OUR_IP {
                s.echo_reply(0, OURS, GW, OUR_IP, 0, IDENT);
            } else if net.copied {
                let mac = net.live.iter().find(|l| l.0 == e.src_ip).unwrap().1;
                s.echo_reply(PACKET_OTHERHOST, mac, GW, e.src_ip, 0, IDENT);
            }
        }
        c if net.answers.contains(&c) => s.answer(2, f.target, GW_MAC, f.sha, f.sha),
        _ => {}
    }
}

const FLOODS: &[Check] = &[
    Check::Baseline,
    Check::Forged,
    Check::Foreign,
    Check::ReturnPath,
    Check::MacChange,
];
const TABLE: &[(Ipv4Addr, [u8; 6])] = &[(GW, GW_MAC), (NB, NB_MAC), (NB2, NB2_MAC)];
const ONE_LIVE: &[(Ipv4Addr, [u8; 6])] = &[(NB, NB_MAC)];
const BRIDGE: Net = Net {
    answers: FLOODS,
    live: ONE_LIVE,
    echo: true,
    copied: false,
};
const STATION_AND_ECHO: &[&str] = &[
    "send:S7.1+S8.1",
    "wait",
    "send:S7.2+S8.2",
    "wait",
    "send:C1+K1",
    "wait",
    "send:C2+K2",
    "wait",
];

const CROWDED: &[(Ipv4Addr, [u8; 6])] = &[
    (Ipv4Addr::new(192, 0, 2, 20), OURS),
    (GW, GW_MAC),
    (Ipv4Addr::new(192, 0, 2, 21), GW_MAC),
    (Ipv4Addr::new(192, 0, 2, 22), [0x01, 0, 0x5e, 0, 0, 1]),
    (Ipv4Addr::new(192, 0, 2, 23), [0; 6]),
    (OUR_IP, [0x52, 0x54, 0, 0, 0, 0x22]),
    (NB3, NB3_MAC),
    (NB, NB_MAC),
    (NB2, NB2_MAC),
];

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "Linux bridge defaults: the station answers, the neighbour's echo replies to it are not copied",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: BRIDGE,
            steps: STATION_AND_ECHO,
            want: &[
                "station 192.0.2.7 (52:54:00:00:00:07)",
                "echo_control 2/2",
                "known_unicast 0/2",
                "skipped mac_changes",
            ],
            policies: ("reject", "on"),
        },
        Row {
            name: "a hub (ageing 0) or promiscuous delivery: the copies arrive",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: Net { copied: true, ..BRIDGE },
            steps: STATION_AND_ECHO,
            want: &[
                "station 192.0.2.7 (52:54:00:00:00:07)",
                "echo_control 2/2",
                "known_unicast 2/2",
                "skipped mac_changes",
            ],
            policies: ("accept", "unknown"),
        },
        Row {
            name: "the second station answers from the MAC it has now",
            table: &[(GW, GW_MAC), (NB, NB_MAC), (NB2, NB2_MAC)],
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: Net { live: &[(NB2, [0x52, 0x54, 0, 0, 0, 0x88])], copied: true, ..BRIDGE },
            steps: STATION_AND_ECHO,
            want: &[
                "station 192.0.2.8 (52:54:00:00:00:88)",
                "echo_control 2/2",
                "known_unicast 2/2",
                "skipped mac_changes",
            ],
            policies: ("accept", "unknown"),
        },
        Row {
            name: "the neighbour answers no echo: nothing to tell",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: Net { echo: false, ..BRIDGE },
            steps: STATION_AND_ECHO,
            want: &[
                "station 192.0.2.7 (52:54:00:00:00:07)",
                "echo_control 0/2",
                "known_unicast 0/2",
                "skipped mac_changes",
            ],
            policies: ("unknown", "unknown"),
        },
        Row {
            name: "no second station in the ARP table: unknown, and why",
            table: &[(GW, GW_MAC)],
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: BRIDGE,
            steps: &[],
            want: &[
                "skipped known_unicast: no second station is known on br0 (its ARP table holds none besides 192.0.2.1), so no traffic between two other stations could be caused; reach another station on the link once (ping it) and run again",
                "skipped mac_changes",
            ],
            policies: ("unknown", "unknown"),
        },
        Row {
            name: "no station answers: unknown, naming those asked",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: Net { live: &[], ..BRIDGE },
            steps: &["send:S7.1+S8.1", "wait", "send:S7.2+S8.2", "wait"],
            want: &[
                "skipped known_unicast: no other station answered ARP probes from this interface (asked 192.0.2.7, 192.0.2.8)",
                "skipped mac_changes",
            ],
            policies: ("unknown", "unknown"),
        },
        Row {
            name: "bare metal (even where --intrusive lets foreign source MACs leave): no frame with another station's address",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: true,
            intrusive: false,
            passive_known: false,
            net: BRIDGE,
            steps: &[],
            want: &[
                "skipped known_unicast: this machine is bare metal: no frame with another station's source address is sent (a hoster may lock a server that sends one)",
                "skipped mac_changes",
            ],
            policies: ("unknown", "unknown"),
        },
        Row {
            name: "no IPv4 address of our own: no control",
            table: TABLE,
            own_ip: None,
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: BRIDGE,
            steps: &[],
            want: &[
                "skipped known_unicast: br0 has no IPv4 address to send the control echo from",
                "skipped mac_changes",
            ],
            policies: ("unknown", "unknown"),
        },
        Row {
            name: "the passive check already saw traffic between other stations",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: true,
            net: BRIDGE,
            steps: &[],
            want: &[
                "skipped known_unicast: the passive check already saw frames between other stations",
                "skipped mac_changes",
            ],
            policies: ("accept", "unknown"),
        },
        Row {
            name: "unknown unicast does not arrive (flooding off, macvlan): nothing to tell apart, nothing sent",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: Net {
                answers: &[Check::Baseline, Check::Forged, Check::ReturnPath],
                ..BRIDGE
            },
            steps: &[],
            want: &["skipped mac_changes"],
            policies: ("reject", "on"),
        },
        Row {
            name: "only two stations asked; ours, the gateway's MAC, group and zero MACs never",
            table: CROWDED,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: false,
            passive_known: false,
            net: Net { live: &[(NB, NB_MAC)], ..BRIDGE },
            steps: &[
                "send:S9.1+S7.1",
                "wait",
                "send:S9.2+S7.2",
                "wait",
                "send:C1+K1",
                "wait",
                "send:C2+K2",
                "wait",
            ],
            want: &[
                "station 192.0.2.7 (52:54:00:00:00:07)",
                "echo_control 2/2",
                "known_unicast 0/2",
                "skipped mac_changes",
            ],
            policies: ("reject", "on"),
        },
        Row {
            name: "intrusive: the known-unicast rounds come before the MAC change",
            table: TABLE,
            own_ip: Some(OUR_IP),
            bare_metal: false,
            intrusive: true,
            passive_known: false,
            net: BRIDGE,
            steps: &[
                "send:S7.1+S8.1",
                "wait",
                "send:S7.2+S8.2",
                "wait",
                "send:C1+K1",
                "wait",
                "send:C2+K2",
                "wait",
                "set-mac",
                "send:M1",
                "wait",
                "send:M2",
                "wait",
                "send:M3",
                "wait",
                "restore",
            ],
            want: &[
                "station 192.0.2.7 (52:54:00:00:00:07)",
                "echo_control 2/2",
                "known_unicast 0/2",
            ],
            policies: ("reject", "on"),
        },
    ]
}

fn written(o: &Observations) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(s) = &o.station {
        v.push(format!("station {s}"));
    }
    for (name, p) in [
        ("echo_control", o.echo_control),
        ("known_unicast", o.known_unicast),
    ] {
        if let Some(p) = p {
            v.push(format!("{name} {}/{}", p.answered, p.sent));
        }
    }
    for (check, why) in &o.skipped {
        if check == "mac_changes" {
            v.push("skipped mac_changes".into());
        } else {
            v.push(format!("skipped {check}: {why}"));
        }
    }
    v
}

#[test]
fn every_row() {
    let mut failed = Vec::new();
    for row in rows() {
        let (steps, mut o) = run(&row);
        let got = written(&o);
        o.interface = "eth0".into();
        let d = diagnose(&o);
        let policies = (
            d.policies.promiscuous.as_str(),
            d.policies.mac_learning.as_str(),
        );
        if steps != row.steps || got != row.want || policies != row.policies {
            failed.push(format!(
                "{}:\n  want steps {:?}\n  got        {steps:?}\n  want {:#?}\n  got  {got:#?}\n  want policies {:?}, got {policies:?}",
                row.name, row.steps, row.want, row.policies
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn echo_replies_that_are_no_copy_do_not_count() {
    let s = Schedule::new(Setup {
        interface: "eth0".into(),
        carrier: "eth0".into(),
        mac: OURS,
        default_route: Some(("eth0".into(), GW)),
        neighbours: vec![GW, NB],
        intrusive: false,
        foreign_source_allowed: true,
        passive: Duration::ZERO,
        made_up: MADE_UP,
    })
    .unwrap();
    let mut s = s.with_stations(Stations {
        own_ip: Some(OUR_IP),
        known: TABLE.to_vec(),
        echo_ident: IDENT,
        bare_metal: false,
    });
    let mut now = Instant::now();
    let mut sent: Vec<ProbeFrame> = Vec::new();
    for _ in 0..1000 {
        match s.next(now) {
            Step::Passive { until } => now = until,
            Step::Send(frames) => sent = frames,
            Step::Listen { until } => {
                for f in &sent {
                    if f.echo.is_some() {
                        // Not an answer: our own frame, another identifier, another source, a
                        // request, to the station's IP at another MAC, to a station not asked.
                        s.echo_reply(PACKET_OUTGOING, NB_MAC, GW, NB, 0, IDENT);
                        s.echo_reply(PACKET_OTHERHOST, NB_MAC, GW, NB, 0, IDENT + 1);
                        s.echo_reply(PACKET_OTHERHOST, NB_MAC, NB2, NB, 0, IDENT);
                        s.echo_reply(PACKET_OTHERHOST, NB_MAC, GW, NB, 8, IDENT);
                        s.echo_reply(PACKET_OTHERHOST, NB2_MAC, GW, NB, 0, IDENT);
                        s.echo_reply(PACKET_OTHERHOST, NB2_MAC, GW, NB2, 0, IDENT);
                        // The control's answer, counted.
                        s.echo_reply(0, OURS, GW, OUR_IP, 0, IDENT);
                    } else if f.check == Check::Station {
                        s.answer(2, NB, NB_MAC, OURS, OURS);
                    } else {
                        s.answer(2, GW, GW_MAC, f.sha, f.sha);
                    }
                }
                now = until;
            }
            Step::SetMac(_) | Step::RestoreMac => {}
            Step::Done => break,
        }
    }
    let mut o = Observations::default();
    s.record(&mut o);
    // Two frames per send (control and probe), each answered once by the control.
    assert_eq!(
        o.echo_control.map(|p| (p.answered, p.sent)),
        Some((4, STATION_PROBES))
    );
    assert_eq!(
        o.known_unicast.map(|p| (p.answered, p.sent)),
        Some((0, STATION_PROBES))
    );
}
