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
//!    of one of the round's kinds. Without [`Setup::foreign_source_allowed`] (bare metal,
//!    not `--intrusive`) only the kinds whose Ethernet source is our MAC are sent (baseline,
//!    foreign): forged, return path and the MAC change are skipped with [`BARE_METAL`].
//! 4. [`Step::Done`]: [`Schedule::record`] writes what was seen into [`Observations`].
//!
//! The made-up MACs come in with the facts ([`MadeUp`], each from [`made_up_mac`]): the
//! schedule draws no random numbers and reads no clock.

use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use crate::{Observations, Passive, Probe};

/// Probes of each kind.
pub const PROBES: u32 = 3;
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
    /// A made-up source, our sender MAC: forged transmits.
    Forged,
    /// Our source, a made-up sender MAC: promiscuous delivery (or flooding).
    Foreign,
    /// A made-up source and the same sender MAC: the way back to a made-up MAC.
    ReturnPath,
    /// Our new MAC as source and sender (`--intrusive`).
    MacChange,
}

/// One ARP request to send: who-has the neighbour, tell 0.0.0.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeFrame {
    /// Which kind.
    pub check: Check,
    /// The Ethernet source.
    pub eth: [u8; 6],
    /// The ARP sender MAC (the answer goes to it).
    pub sha: [u8; 6],
    /// The neighbour asked.
    pub target: Ipv4Addr,
    /// Its number among the [`PROBES`] of its kind, from 1.
    pub n: u32,
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

/// A probe kind of a round: which, its Ethernet source, its sender MAC.
type Kind = (Check, [u8; 6], [u8; 6]);

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
    rounds: Vec<Vec<Kind>>,
    listening: Listening,
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
        let mut rounds = vec![
            vec![(Check::Baseline, ours, ours)],
            vec![(Check::Forged, m.forged, ours)],
            vec![
                (Check::Foreign, ours, m.foreign),
                (Check::ReturnPath, m.return_path, m.return_path),
            ],
        ];
        if setup.intrusive {
            rounds.push(vec![(Check::MacChange, m.mac_change, m.mac_change)]);
        }
        let mut skipped = Vec::new();
        if !setup.foreign_source_allowed {
            // Bare metal: only frames from our own MAC leave.
            for r in &mut rounds {
                r.retain(|&(_, eth, _)| eth == ours);
            }
            rounds.retain(|r| !r.is_empty());
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
            passive: None,
            probes: Vec::new(),
            skipped,
        })
    }

    /// The neighbour the probes ask, if any.
    pub fn target(&self) -> Option<Ipv4Addr> {
        self.target
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
                let until = now + if n + 1 == PROBES { ANSWER_WAIT } else { GAP };
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
            Phase::Round { round, n, .. } if n + 1 < PROBES => {
                self.phase = Phase::Round {
                    round,
                    n: n + 1,
                    until: None,
                };
                self.send(round, n + 1)
            }
            Phase::Round { round, .. } => {
                let checks: Vec<Check> = self.rounds[round].iter().map(|k| k.0).collect();
                for check in checks {
                    self.probe(check).sent = PROBES;
                }
                let mac_change = self.rounds[round][0].0 == Check::MacChange;
                match self.rounds.get(round + 1) {
                    Some(r) if r[0].0 == Check::MacChange => {
                        self.phase = Phase::MacSet;
                        Step::SetMac(r[0].1)
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

    /// An ARP packet read while a round runs: its opcode, sender IP, target MAC and the
    /// Ethernet destination. A reply from the neighbour, sent to the sender MAC of one of the
    /// round's kinds, is an answer to it.
    pub fn answer(&mut self, op: u16, spa: Ipv4Addr, tha: [u8; 6], dst: [u8; 6]) {
        let Phase::Round { round, .. } = self.phase else {
            return;
        };
        if op != ARP_REPLY || Some(spa) != self.target {
            return;
        }
        if let Some(&(check, _, _)) = self
            .rounds
            .get(round)
            .and_then(|r| r.iter().find(|(_, _, sha)| *sha == tha && dst == *sha))
        {
            self.probe(check).answered += 1;
        }
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
                Check::Forged => &mut o.forged,
                Check::Foreign => &mut o.foreign,
                Check::ReturnPath => &mut o.return_path,
                Check::MacChange => &mut o.mac_change,
            };
            *slot = Some(p);
        }
        o.skipped.extend(self.skipped.iter().cloned());
    }

    /// The probes sent so far and in all (one per kind and round), for a progress display.
    pub fn progress(&self) -> (u64, u64) {
        let per_round = |r: &Vec<Kind>| r.len() as u64 * u64::from(PROBES);
        let total = self.rounds.iter().map(per_round).sum();
        let sent = match self.phase {
            Phase::Start | Phase::Passive { .. } => 0,
            Phase::Round { round, n, .. } => {
                self.rounds[..round].iter().map(per_round).sum::<u64>()
                    + self.rounds[round].len() as u64 * u64::from(n + 1)
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
        let target = self.target.unwrap_or(Ipv4Addr::UNSPECIFIED);
        Step::Send(
            self.rounds[round]
                .iter()
                .map(|&(check, eth, sha)| ProbeFrame {
                    check,
                    eth,
                    sha,
                    target,
                    n: n + 1,
                })
                .collect(),
        )
    }
}
