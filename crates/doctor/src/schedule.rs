//! The doctor's probing schedule, as a pure state machine the I/O loop drives with the time
//! and the frames it receives.
//!
//! [`Schedule::new`] decides from the interface's facts whether the run may go on (not
//! `--intrusive` on the interface that carries the default route) and which neighbour the
//! probes ask (the default gateway when it is reached through the interface or its bridge,
//! else the first known neighbour). Then [`Schedule::next`] hands out the steps, in order:
//!
//! 1. [`Step::Passive`]: hold promiscuous mode and count the frames of other stations
//!    ([`Schedule::passive_frame`]) for the time asked.
//! 2. Without a neighbour to ask, the probes are skipped (each named in
//!    [`Observations::skipped`]) and the run ends.
//! 3. Rounds of ARP probes, every kind of a round interleaved: [`PROBES`] times, one
//!    [`Step::Send`] with a frame of each kind, then a [`Step::Listen`] of [`GAP`], or of
//!    [`ANSWER_WAIT`] after the last. The rounds: baseline; forged; foreign with return path;
//!    with `--intrusive`, the MAC change between a [`Step::SetMac`] and a
//!    [`Step::RestoreMac`] (else it is skipped). Each ARP packet read while a round runs goes
//!    to [`Schedule::answer`], which counts a reply from the neighbour sent to the sender MAC
//!    of one of the round's kinds. ARP probes are broadcast; when no baseline probe is
//!    answered and [`Schedule::with_stations`] knows the neighbour's MAC, a round of
//!    [`Check::BaselineUnicast`] sends them to that MAC, and once answered every later ARP
//!    probe goes there too (a cloud's network forwards no broadcast). Without [`Setup::foreign_source_allowed`] (bare metal,
//!    not `--intrusive`) only the kinds whose Ethernet source is our MAC are sent (baseline,
//!    foreign): forged, return path and the MAC change are skipped with [`BARE_METAL`].
//! 4. When the foreign probe was answered (unknown unicast reaches this guest: promiscuous
//!    delivery, or a learning switch that floods) and [`Schedule::with_stations`] gave what
//!    it needs, the known-unicast test tells the two apart (docs/PLATFORMS.md §4): a round of
//!    [`STATION_PROBES`] ARP probes from our own MAC to at most [`MAX_STATIONS`] other
//!    stations of the ARP table (the first that answers is live and on the switch's side, its
//!    MAC now fresh in the switch's table), then a round of [`STATION_PROBES`] pairs of ICMP
//!    echo requests to the neighbour, from our MAC: one from our own IP (the control, answered
//!    to us), one from that station's IP (answered to the station's MAC, which the switch
//!    forwards to the station's port only, unless it delivers promiscuously or acts as a hub).
//!    Answers go to [`Schedule::answer`] and [`Schedule::echo_reply`]. Skipped, with the
//!    reason in [`Observations::skipped`] under `known_unicast`, on bare metal, without our
//!    own IPv4 address, without a second station, or when the passive check already saw
//!    traffic between other stations. At most `2 * MAX_STATIONS + 2 * STATION_PROBES` frames.
//! 5. [`Step::Done`]: [`Schedule::record`] writes what was seen into [`Observations`].
//!
//! The made-up MACs come in with the facts ([`MadeUp`], each from [`made_up_mac`]): the
//! schedule draws no random numbers and reads no clock.

use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use crate::{Observations, Passive, Probe};

/// `aa:bb:cc:dd:ee:ff`.
fn fmt_mac(m: [u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Probes of each kind.
pub const PROBES: u32 = 3;
/// Sends of each round of the known-unicast test (ARP to the stations, then the echoes).
pub const STATION_PROBES: u32 = 2;
/// At most this many other stations are asked whether they are live.
pub const MAX_STATIONS: usize = 2;
/// The wait after each send of a round but the last.
pub const GAP: Duration = Duration::from_millis(500);
/// How long answers may take after the last probe of a round.
pub const ANSWER_WAIT: Duration = Duration::from_millis(800);

/// `PACKET_BROADCAST`: a frame to the broadcast address.
pub const PACKET_BROADCAST: u8 = 1;
/// `PACKET_MULTICAST`: a frame to a multicast group.
pub const PACKET_MULTICAST: u8 = 2;
/// `PACKET_OTHERHOST`: a frame to another host's unicast MAC.
pub const PACKET_OTHERHOST: u8 = 3;
/// `PACKET_OUTGOING`: a frame this host sent.
pub const PACKET_OUTGOING: u8 = 4;

/// Why the probes with a foreign source are skipped on bare metal.
pub const BARE_METAL: &str = "not sent on bare metal without --intrusive: a frame from a source MAC other than this interface's can get a server locked by its hoster (--platform NAME if this is not bare metal)";

/// The ARP opcode of a reply.
const ARP_REPLY: u16 = 2;
/// The ICMP type of an echo reply.
const ECHO_REPLY: u8 = 0;
/// At most this many destinations of other hosts' frames are kept for the passive check.
const MAX_DESTINATIONS: usize = 100_000;

/// A random locally administered unicast MAC, from 6 random bytes.
pub fn made_up_mac(random: [u8; 6]) -> [u8; 6] {
    let mut m = random;
    m[0] = (m[0] & 0xfc) | 0x02;
    m
}

/// The made-up MACs of one run, each new (see the crate's table of probes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MadeUp {
    /// The Ethernet source of the forged probe.
    pub forged: [u8; 6],
    /// The sender MAC of the foreign probe, never a source.
    pub foreign: [u8; 6],
    /// The Ethernet source and sender MAC of the return-path probe.
    pub return_path: [u8; 6],
    /// The interface's MAC during the MAC-change test.
    pub mac_change: [u8; 6],
}

/// What the schedule is decided from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// The interface.
    pub interface: String,
    /// The device whose neighbours the interface reaches: its master (a bridge it is a port
    /// of), else itself.
    pub carrier: String,
    /// Its MAC.
    pub mac: [u8; 6],
    /// The default route: its device and gateway.
    pub default_route: Option<(String, Ipv4Addr)>,
    /// The carrier's complete IPv4 neighbour entries, in the kernel's order.
    pub neighbours: Vec<Ipv4Addr>,
    /// Also test MAC address changes.
    pub intrusive: bool,
    /// Frames whose Ethernet source is not [`Setup::mac`] may be sent (the forged and
    /// return-path probes, the MAC change): false on bare metal without `--intrusive`
    /// ([`crate::foreign_source_allowed`]).
    pub foreign_source_allowed: bool,
    /// How long to hold promiscuous mode for the passive check.
    pub passive: Duration,
    /// The made-up MACs.
    pub made_up: MadeUp,
}

/// What the known-unicast test needs (see the module doc); without it the test is not run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stations {
    /// The carrier's own IPv4 address: the source of the control echo.
    pub own_ip: Option<Ipv4Addr>,
    /// The carrier's complete IPv4 neighbour entries with their MACs, in the kernel's order:
    /// the other stations that may be asked.
    pub known: Vec<(Ipv4Addr, [u8; 6])>,
    /// The echo requests' identifier (random, new each run).
    pub echo_ident: u16,
    /// This machine is bare metal (no hypervisor): no frame with another station's source
    /// address is sent at all (a hoster may lock a server that sends one). Default: not.
    pub bare_metal: bool,
}

/// Why the schedule refuses to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `--intrusive` on the interface that carries the default route: changing its MAC could
    /// cut this machine off.
    CarriesDefaultRoute,
}

/// One probe kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Our MAC as source and sender: the neighbour answers at all.
    Baseline,
    /// The baseline again, sent to the neighbour's MAC from the neighbour table instead of
    /// broadcast, when the broadcast ones went unanswered: is broadcast not forwarded here
    /// (a cloud's network), while unicast is?
    BaselineUnicast,
    /// A made-up source, our sender MAC: forged transmits.
    Forged,
    /// Our source, a made-up sender MAC: promiscuous delivery (or flooding).
    Foreign,
    /// A made-up source and the same sender MAC: the way back to a made-up MAC.
    ReturnPath,
    /// Our new MAC as source and sender (`--intrusive`).
    MacChange,
    /// Our MAC as source and sender, asking another station: is it live, on the switch's side.
    Station,
    /// An echo request to the neighbour from our MAC and our IP: it answers echoes at all.
    EchoControl,
    /// An echo request to the neighbour from our MAC with another live station's IP: its
    /// answer goes to that station's MAC.
    KnownUnicast,
}

/// An ICMP echo request (rather than an ARP probe) to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Echo {
    /// The Ethernet destination: the neighbour's MAC.
    pub dst: [u8; 6],
    /// The IPv4 source.
    pub src_ip: Ipv4Addr,
    /// The echo identifier.
    pub ident: u16,
    /// The echo sequence number.
    pub seq: u16,
}

/// One probe to send: an ARP request, who-has `target` tell 0.0.0.0; or, with `echo`, an
/// ICMP echo request to `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeFrame {
    /// Which kind.
    pub check: Check,
    /// The Ethernet source.
    pub eth: [u8; 6],
    /// The Ethernet destination of an ARP probe: `None` the broadcast address, else the
    /// neighbour's MAC (after [`Check::BaselineUnicast`] was answered and broadcast was not).
    pub dst: Option<[u8; 6]>,
    /// The ARP sender MAC (the answer goes to it).
    pub sha: [u8; 6],
    /// The neighbour (or, for [`Check::Station`], the station) asked.
    pub target: Ipv4Addr,
    /// Its number among the sends of its round ([`PROBES`], or [`STATION_PROBES`]), from 1.
    pub n: u32,
    /// An echo request instead of an ARP probe.
    pub echo: Option<Echo>,
}

/// What the I/O loop does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Hold promiscuous mode and hand every frame to [`Schedule::passive_frame`] until then.
    Passive {
        /// The end of the passive check.
        until: Instant,
    },
    /// Send these probes now, in this order.
    Send(Vec<ProbeFrame>),
    /// Hand every ARP packet to [`Schedule::answer`] until then.
    Listen {
        /// The end of the wait.
        until: Instant,
    },
    /// Set the interface's MAC to this one, and put it back on every way out (at the latest
    /// at [`Step::RestoreMac`]).
    SetMac([u8; 6]),
    /// Put the interface's MAC back.
    RestoreMac,
    /// Finished: [`Schedule::record`] the observations.
    Done,
}

/// Where the schedule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Start,
    Passive {
        until: Instant,
    },
    /// Sending probe `n` (from 0) of round `round`; `until`: the wait after it, once begun.
    Round {
        round: usize,
        n: u32,
        until: Option<Instant>,
    },
    MacSet,
    Restoring,
    Done,
}

/// A probe kind of a round: which, its Ethernet source, its sender MAC, whom it asks, and
/// for an echo its Ethernet destination and IPv4 source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kind {
    check: Check,
    eth: [u8; 6],
    /// The Ethernet destination of an ARP probe: `None` broadcast.
    dst: Option<[u8; 6]>,
    sha: [u8; 6],
    target: Ipv4Addr,
    echo: Option<([u8; 6], Ipv4Addr)>,
}

/// A round: its kinds and how many times each is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Round {
    kinds: Vec<Kind>,
    sends: u32,
}

/// The known-unicast test's state.
#[derive(Debug, Clone, Default)]
struct KnownUnicast {
    setup: Stations,
    /// The neighbour's MAC, from its answers.
    target_mac: Option<[u8; 6]>,
    /// The stations asked, and the MAC each answered from.
    asked: Vec<(Ipv4Addr, Option<[u8; 6]>)>,
    /// The station whose IP the echo carries, and its MAC.
    station: Option<(Ipv4Addr, [u8; 6])>,
}

/// Counts of the passive check.
#[derive(Debug, Clone, Default)]
struct Listening {
    passive: Passive,
    sources: HashSet<[u8; 6]>,
    destinations: Vec<[u8; 6]>,
}

/// The schedule (see the module doc).
#[derive(Debug, Clone)]
pub struct Schedule {
    setup: Setup,
    target: Option<Ipv4Addr>,
    phase: Phase,
    rounds: Vec<Round>,
    listening: Listening,
    known: Option<KnownUnicast>,
    passive: Option<Passive>,
    /// The answers so far, by kind, and which kinds finished.
    probes: Vec<(Check, Probe)>,
    skipped: Vec<(String, String)>,
}

impl Schedule {
    /// The schedule of one run.
    pub fn new(setup: Setup) -> Result<Schedule, Refusal> {
        let route = setup.default_route.as_ref();
        if setup.intrusive && route.is_some_and(|(dev, _)| *dev == setup.interface) {
            return Err(Refusal::CarriesDefaultRoute);
        }
        let target = match route {
            Some((dev, gw)) if *dev == setup.interface || *dev == setup.carrier => Some(*gw),
            _ => setup.neighbours.first().copied(),
        };
        let (ours, m) = (setup.mac, setup.made_up);
        let t = target.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let arp = |check, eth, sha| Kind {
            check,
            eth,
            dst: None,
            sha,
            target: t,
            echo: None,
        };
        let round = |kinds| Round {
            kinds,
            sends: PROBES,
        };
        let mut rounds = vec![
            round(vec![arp(Check::Baseline, ours, ours)]),
            round(vec![arp(Check::Forged, m.forged, ours)]),
            round(vec![
                arp(Check::Foreign, ours, m.foreign),
                arp(Check::ReturnPath, m.return_path, m.return_path),
            ]),
        ];
        if setup.intrusive {
            rounds.push(round(vec![arp(
                Check::MacChange,
                m.mac_change,
                m.mac_change,
            )]));
        }
        let mut skipped = Vec::new();
        if !setup.foreign_source_allowed {
            // Bare metal: only frames from our own MAC leave.
            for r in &mut rounds {
                r.kinds.retain(|k| k.eth == ours);
            }
            rounds.retain(|r| !r.kinds.is_empty());
            for check in ["forged_transmits", "return_path", "mac_changes"] {
                skipped.push((check.to_string(), BARE_METAL.to_string()));
            }
        }
        Ok(Schedule {
            setup,
            target,
            phase: Phase::Start,
            rounds,
            listening: Listening::default(),
            known: None,
            passive: None,
            probes: Vec::new(),
            skipped,
        })
    }

    /// Gives the known-unicast test what it needs (see the module doc); without this call it
    /// is not run.
    pub fn with_stations(mut self, stations: Stations) -> Schedule {
        self.known = Some(KnownUnicast {
            setup: stations,
            ..KnownUnicast::default()
        });
        self
    }

    /// The neighbour the probes ask, if any.
    pub fn target(&self) -> Option<Ipv4Addr> {
        self.target
    }

    /// The neighbour's MAC as the neighbour table ([`Stations::known`]) has it.
    fn target_mac(&self) -> Option<[u8; 6]> {
        let target = self.target?;
        self.known
            .as_ref()?
            .setup
            .known
            .iter()
            .find(|(ip, mac)| *ip == target && mac[0] & 1 == 0 && *mac != [0; 6])
            .map(|(_, mac)| *mac)
    }

    /// What to do at `now`, the previous step being done (a wait asked again until its end).
    pub fn next(&mut self, now: Instant) -> Step {
        match self.phase {
            Phase::Start => {
                let until = now + self.setup.passive;
                self.phase = Phase::Passive { until };
                Step::Passive { until }
            }
            Phase::Passive { until } if now < until => Step::Passive { until },
            Phase::Passive { .. } => {
                self.passive = Some(self.passive_result());
                if self.target.is_none() {
                    let why = format!("no IPv4 neighbour known on {} to probe", self.setup.carrier);
                    for c in ["forged_transmits", "return_path"] {
                        self.skip(c, &why);
                    }
                    self.skip("mac_changes", "no neighbour to probe");
                    self.phase = Phase::Done;
                    return Step::Done;
                }
                self.begin(0)
            }
            Phase::Round {
                round,
                n,
                until: None,
            } => {
                let last = n + 1 == self.rounds[round].sends;
                let until = now + if last { ANSWER_WAIT } else { GAP };
                self.phase = Phase::Round {
                    round,
                    n,
                    until: Some(until),
                };
                Step::Listen { until }
            }
            Phase::Round {
                until: Some(until), ..
            } if now < until => Step::Listen { until },
            Phase::Round { round, n, .. } if n + 1 < self.rounds[round].sends => {
                self.phase = Phase::Round {
                    round,
                    n: n + 1,
                    until: None,
                };
                self.send(round, n + 1)
            }
            Phase::Round { round, .. } => {
                let Round { kinds, sends } = self.rounds[round].clone();
                for k in &kinds {
                    self.probe(k.check).sent = sends;
                }
                self.after_round(round, &kinds);
                let mac_change = kinds[0].check == Check::MacChange;
                match self.rounds.get(round + 1).map(|r| r.kinds[0]) {
                    Some(k) if k.check == Check::MacChange => {
                        self.phase = Phase::MacSet;
                        Step::SetMac(k.eth)
                    }
                    Some(_) => self.begin(round + 1),
                    None if mac_change => {
                        self.phase = Phase::Restoring;
                        Step::RestoreMac
                    }
                    None => {
                        self.skip(
                            "mac_changes",
                            "changes the interface's MAC for a second: run with --intrusive",
                        );
                        self.phase = Phase::Done;
                        Step::Done
                    }
                }
            }
            Phase::MacSet => self.begin(self.rounds.len() - 1),
            Phase::Restoring | Phase::Done => {
                self.phase = Phase::Done;
                Step::Done
            }
        }
    }

    /// A frame seen during the passive check: its `PACKET_*` type, source and destination.
    /// Our own frames do not count.
    pub fn passive_frame(&mut self, pkttype: u8, src: [u8; 6], dst: [u8; 6]) {
        if !matches!(self.phase, Phase::Passive { .. })
            || pkttype == PACKET_OUTGOING
            || src == self.setup.mac
        {
            return;
        }
        let l = &mut self.listening;
        l.sources.insert(src);
        match pkttype {
            PACKET_OTHERHOST => {
                l.passive.otherhost += 1;
                if l.destinations.len() < MAX_DESTINATIONS {
                    l.destinations.push(dst);
                }
            }
            PACKET_BROADCAST | PACKET_MULTICAST => l.passive.group += 1,
            _ => {}
        }
    }

    /// An ARP packet read while a round runs: its opcode, sender IP, sender MAC, target MAC
    /// and the Ethernet destination. A reply from the IP one of the round's ARP kinds asked,
    /// sent to that kind's sender MAC, is an answer to it.
    pub fn answer(&mut self, op: u16, spa: Ipv4Addr, sha: [u8; 6], tha: [u8; 6], dst: [u8; 6]) {
        let Phase::Round { round, .. } = self.phase else {
            return;
        };
        if op != ARP_REPLY || self.target.is_none() {
            return;
        }
        let Some(k) = self.rounds.get(round).and_then(|r| {
            r.kinds
                .iter()
                .copied()
                .find(|k| k.echo.is_none() && k.target == spa && k.sha == tha && dst == k.sha)
        }) else {
            return;
        };
        self.probe(k.check).answered += 1;
        if let Some(known) = &mut self.known {
            if k.check == Check::Station {
                if let Some(a) = known.asked.iter_mut().find(|a| a.0 == spa) {
                    a.1.get_or_insert(sha);
                }
            } else {
                known.target_mac.get_or_insert(sha);
            }
        }
    }

    /// An IPv4 ICMP message read while a round runs: its `PACKET_*` type, Ethernet
    /// destination, IPv4 source and destination, ICMP type and, for an echo, its identifier.
    /// An echo reply from the neighbour with our identifier counts for the control when it
    /// is addressed to our IP, and for the known-unicast test when it is addressed to
    /// the other station's IP and MAC (a copy of traffic between two other stations). Frames
    /// this host sent do not count.
    pub fn echo_reply(
        &mut self,
        pkttype: u8,
        dst: [u8; 6],
        src_ip: Ipv4Addr,
        dst_ip: Ipv4Addr,
        icmp_type: u8,
        ident: u16,
    ) {
        let Phase::Round { round, .. } = self.phase else {
            return;
        };
        let Some(known) = &self.known else {
            return;
        };
        if pkttype == PACKET_OUTGOING
            || icmp_type != ECHO_REPLY
            || ident != known.setup.echo_ident
            || Some(src_ip) != self.target
        {
            return;
        }
        let Some(k) = self.rounds.get(round).and_then(|r| {
            r.kinds.iter().copied().find(|k| {
                k.echo.is_some_and(|(_, ip)| ip == dst_ip)
                    && match k.check {
                        // Our IP may sit on a bridge above the interface, whose MAC the
                        // neighbour then answers.
                        Check::EchoControl => true,
                        _ => known.station.is_some_and(|s| s == (dst_ip, dst)),
                    }
            })
        }) else {
            return;
        };
        self.probe(k.check).answered += 1;
    }

    /// Writes what was seen into `o`: the neighbour, the passive check, each probe kind that
    /// ran, and why the others did not.
    pub fn record(&self, o: &mut Observations) {
        o.target = self.target.map(|t| t.to_string());
        o.passive = self.passive;
        for &(check, p) in &self.probes {
            if p.sent == 0 {
                continue; // Its round did not finish.
            }
            let slot = match check {
                Check::Baseline => &mut o.baseline,
                Check::BaselineUnicast => &mut o.baseline_unicast,
                Check::Forged => &mut o.forged,
                Check::Foreign => &mut o.foreign,
                Check::ReturnPath => &mut o.return_path,
                Check::MacChange => &mut o.mac_change,
                Check::EchoControl => &mut o.echo_control,
                Check::KnownUnicast => &mut o.known_unicast,
                Check::Station => continue,
            };
            *slot = Some(p);
        }
        if o.baseline_unicast.is_some() {
            o.target_mac = self.target_mac().map(fmt_mac);
        }
        if let Some((ip, mac)) = self.known.as_ref().and_then(|k| k.station) {
            o.station = Some(format!("{ip} ({})", fmt_mac(mac)));
        }
        o.skipped.extend(self.skipped.iter().cloned());
    }

    /// The probes sent so far and in all (one per kind and send), for a progress display. The
    /// known-unicast test's rounds count once planned (after the foreign probe's round).
    pub fn progress(&self) -> (u64, u64) {
        let per_round = |r: &Round| r.kinds.len() as u64 * u64::from(r.sends);
        let total = self.rounds.iter().map(per_round).sum();
        let sent = match self.phase {
            Phase::Start | Phase::Passive { .. } => 0,
            Phase::Round { round, n, .. } => {
                self.rounds[..round].iter().map(per_round).sum::<u64>()
                    + self.rounds[round].kinds.len() as u64 * u64::from(n + 1)
            }
            Phase::MacSet => self.rounds[..self.rounds.len() - 1]
                .iter()
                .map(per_round)
                .sum(),
            Phase::Restoring | Phase::Done => total,
        };
        (sent, total)
    }

    fn passive_result(&self) -> Passive {
        let l = &self.listening;
        Passive {
            millis: self.setup.passive.as_millis() as u64,
            otherhost_known: l
                .destinations
                .iter()
                .filter(|d| l.sources.contains(*d))
                .count() as u64,
            stations: l.sources.len() as u64,
            ..l.passive
        }
    }

    /// Records why `check` did not run (the first reason given stays).
    fn skip(&mut self, check: &str, why: &str) {
        if self.skipped.iter().any(|(c, _)| c == check) {
            return;
        }
        self.skipped.push((check.into(), why.into()));
    }

    fn probe(&mut self, check: Check) -> &mut Probe {
        let i = match self.probes.iter().position(|(c, _)| *c == check) {
            Some(i) => i,
            None => {
                self.probes.push((check, Probe::default()));
                self.probes.len() - 1
            }
        };
        &mut self.probes[i].1
    }

    /// The first send of round `round`.
    fn begin(&mut self, round: usize) -> Step {
        self.phase = Phase::Round {
            round,
            n: 0,
            until: None,
        };
        self.send(round, 0)
    }

    fn send(&self, round: usize, n: u32) -> Step {
        let ident = self.known.as_ref().map_or(0, |k| k.setup.echo_ident);
        Step::Send(
            self.rounds[round]
                .kinds
                .iter()
                .map(|k| ProbeFrame {
                    check: k.check,
                    eth: k.eth,
                    dst: k.dst,
                    sha: k.sha,
                    target: k.target,
                    n: n + 1,
                    echo: k.echo.map(|(dst, src_ip)| Echo {
                        dst,
                        src_ip,
                        ident,
                        seq: (n + 1) as u16,
                    }),
                })
                .collect(),
        )
    }

    /// Plans the known-unicast test's rounds once the round before them is over.
    fn after_round(&mut self, round: usize, kinds: &[Kind]) {
        let Some(known) = self.known.clone() else {
            return;
        };
        let answered = |c: Check| self.probes.iter().any(|(k, p)| *k == c && p.answered > 0);
        if kinds.iter().any(|k| k.check == Check::Baseline) {
            // Broadcast unanswered: once more, to the neighbour's MAC from the table.
            if let (false, Some(mac), Some(target)) =
                (answered(Check::Baseline), self.target_mac(), self.target)
            {
                let ours = self.setup.mac;
                self.rounds.insert(
                    round + 1,
                    Round {
                        kinds: vec![Kind {
                            check: Check::BaselineUnicast,
                            eth: ours,
                            dst: Some(mac),
                            sha: ours,
                            target,
                            echo: None,
                        }],
                        sends: PROBES,
                    },
                );
            }
            return;
        }
        if kinds.iter().any(|k| k.check == Check::BaselineUnicast) {
            // Unicast answered: every later ARP probe to the neighbour goes to its MAC.
            if answered(Check::BaselineUnicast) {
                let mac = self.target_mac();
                let target = self.target;
                for r in &mut self.rounds[round + 1..] {
                    for k in &mut r.kinds {
                        if k.echo.is_none() && Some(k.target) == target {
                            k.dst = mac;
                        }
                    }
                }
            }
            return;
        }
        if kinds.iter().any(|k| k.check == Check::Foreign) {
            if !answered(Check::Baseline) || !answered(Check::Foreign) {
                return; // Unknown unicast does not arrive: nothing to tell apart.
            }
            let carrier = self.setup.carrier.clone();
            let target = self.target.unwrap_or(Ipv4Addr::UNSPECIFIED);
            let why = if self.passive.is_some_and(|p| p.otherhost_known > 0) {
                Some("the passive check already saw frames between other stations".to_string())
            } else if known.setup.bare_metal {
                Some("this machine is bare metal: no frame with another station's source address is sent (a hoster may lock a server that sends one)".to_string())
            } else if known.setup.own_ip.is_none() {
                Some(format!(
                    "{carrier} has no IPv4 address to send the control echo from"
                ))
            } else if known.target_mac.is_none() {
                Some(format!("the MAC of {target} is unknown"))
            } else {
                None
            };
            if let Some(why) = why {
                self.skip("known_unicast", &why);
                return;
            }
            let m = self.setup.made_up;
            let made_up = [m.forged, m.foreign, m.return_path, m.mac_change];
            let candidates: Vec<Ipv4Addr> = known
                .setup
                .known
                .iter()
                .filter(|(ip, mac)| {
                    *ip != target
                        && Some(*ip) != known.setup.own_ip
                        && *mac != self.setup.mac
                        && Some(*mac) != known.target_mac
                        && !made_up.contains(mac)
                        && mac[0] & 1 == 0
                        && *mac != [0; 6]
                })
                .map(|(ip, _)| *ip)
                .take(MAX_STATIONS)
                .collect();
            if candidates.is_empty() {
                self.skip(
                    "known_unicast",
                    &format!("no second station is known on {carrier} (its ARP table holds none besides {target}), so no traffic between two other stations could be caused; reach another station on the link once (ping it) and run again"),
                );
                return;
            }
            let ours = self.setup.mac;
            let kinds = candidates
                .iter()
                .map(|&ip| Kind {
                    check: Check::Station,
                    eth: ours,
                    dst: None,
                    sha: ours,
                    target: ip,
                    echo: None,
                })
                .collect();
            if let Some(k) = &mut self.known {
                k.asked = candidates.iter().map(|&ip| (ip, None)).collect();
            }
            self.rounds.insert(
                round + 1,
                Round {
                    kinds,
                    sends: STATION_PROBES,
                },
            );
        } else if kinds.iter().any(|k| k.check == Check::Station) {
            let Some((ip, mac)) = known
                .asked
                .iter()
                .find_map(|(ip, mac)| mac.map(|m| (*ip, m)))
            else {
                let asked: Vec<String> = known.asked.iter().map(|a| a.0.to_string()).collect();
                self.skip(
                    "known_unicast",
                    &format!(
                        "no other station answered ARP probes from this interface (asked {})",
                        asked.join(", ")
                    ),
                );
                return;
            };
            let (Some(own), Some(gw_mac), Some(target)) =
                (known.setup.own_ip, known.target_mac, self.target)
            else {
                return;
            };
            if let Some(k) = &mut self.known {
                k.station = Some((ip, mac));
            }
            let ours = self.setup.mac;
            let echo = |check, src| Kind {
                check,
                eth: ours,
                dst: None,
                sha: ours,
                target,
                echo: Some((gw_mac, src)),
            };
            self.rounds.insert(
                round + 1,
                Round {
                    kinds: vec![echo(Check::EchoControl, own), echo(Check::KnownUnicast, ip)],
                    sends: STATION_PROBES,
                },
            );
        }
    }
}
