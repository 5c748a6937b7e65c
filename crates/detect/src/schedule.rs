//! The detection's schedule, as a pure state machine the I/O loop drives with the time:
//! discovery requests paced out, and each host probed as soon as it answers, one probe kind in
//! flight per host (an answer does not say which probe it answers), the next kind sent on the
//! answer or after the probe wait ([`PROBE_WAIT`], or a quarter of the timeout when that is
//! longer). Silent probes are tried again only where a loss would
//! change the verdict: a silent control, or a pattern with some but not all bogus addresses.
//! IPv6 discovery is one target, the all-nodes group: every IPv6 address that answers is a
//! host.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::time::{Duration, Instant};

use crate::targets::Targets;
use crate::{probe_mac, HostResult, Verdict, ALL_NODES, PROBES};

/// What a schedule discovers.
#[derive(Debug, Clone)]
pub enum Discovery {
    /// An ARP request to each IPv4 address of the list (walked in place: the list is ranges).
    V4(Targets),
    /// One request to the all-nodes group; the IPv6 hosts that answer are probed: all of them,
    /// or only those of `only` when it is not empty (sorted).
    V6 {
        /// The addresses to probe; empty for every host that answers.
        only: Vec<Ipv6Addr>,
    },
}

impl Discovery {
    /// How many discovery requests one attempt sends.
    fn len(&self) -> u64 {
        match self {
            Discovery::V4(t) => t.len(),
            Discovery::V6 { .. } => 1,
        }
    }

    /// The target of the `i`th request of an attempt.
    fn get(&self, i: u64) -> Option<IpAddr> {
        match self {
            Discovery::V4(t) => t.get(i).map(IpAddr::V4),
            Discovery::V6 { .. } => (i == 0).then_some(IpAddr::V6(ALL_NODES)),
        }
    }

    /// Whether an answer from `ip` is from a host to probe.
    fn wants(&self, ip: IpAddr) -> bool {
        match (self, ip) {
            (Discovery::V4(t), IpAddr::V4(a)) => t.contains(a),
            (Discovery::V6 { only }, IpAddr::V6(a)) => {
                only.is_empty() || only.binary_search(&a).is_ok()
            }
            _ => false,
        }
    }
}

/// The broadcast MAC, the destination of discovery requests.
pub const BROADCAST: [u8; 6] = [0xff; 6];

/// The phases a progress bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Finding live hosts.
    Discovery,
    /// Probing them.
    Probing,
}

/// One live host's probing: the kind in flight, its tries, the answers so far.
#[derive(Debug, Clone)]
struct HostState {
    ip: IpAddr,
    mac: [u8; 6],
    kind: usize,
    tries: u32,
    sent_at: Option<Instant>,
    answered: [bool; 8],
    /// Second pass over the silent probes of a mixed pattern (or silent controls).
    recheck: bool,
    done: bool,
}

/// The schedule (see the module doc).
pub struct Schedule {
    discovery: Discovery,
    attempt: u32,
    at: u64,
    retries: u32,
    timeout: Duration,
    probe_wait: Duration,
    discovery_end: Option<Instant>,
    hosts: Vec<HostState>,
    index: HashMap<IpAddr, usize>,
    sent_discovery: u64,
    sent_probes: u64,
    discover_only: bool,
}

/// How long a probe may go unanswered before the next kind is sent, at least: a quarter of the
/// timeout when that is longer (so that `--timeout` makes the probes patient too, for a slow
/// LAN or a loaded machine; the default timeout, 200 ms, keeps this).
pub const PROBE_WAIT: Duration = Duration::from_millis(50);

impl Schedule {
    /// A schedule for `discovery`, each discovery request and re-checked probe tried
    /// `retries` more times, discovery waiting `timeout` after its last try, each probe a
    /// quarter of it ([`PROBE_WAIT`] at least).
    pub fn new(
        discovery: Discovery,
        retries: u32,
        timeout: Duration,
        discover_only: bool,
    ) -> Schedule {
        Schedule {
            discovery,
            attempt: 0,
            at: 0,
            retries,
            timeout,
            probe_wait: (timeout / 4).max(PROBE_WAIT),
            discovery_end: None,
            hosts: Vec::new(),
            index: HashMap::new(),
            sent_discovery: 0,
            sent_probes: 0,
            discover_only,
        }
    }

    /// The next frame to send now (destination MAC, target IP), if any.
    pub fn next_frame(&mut self, now: Instant) -> Option<([u8; 6], IpAddr)> {
        if let Some(h) = self
            .hosts
            .iter_mut()
            .find(|h| !h.done && h.sent_at.is_none())
        {
            h.sent_at = Some(now);
            h.tries += 1;
            self.sent_probes += 1;
            return Some((probe_mac(h.kind, h.ip), h.ip));
        }
        while self.attempt <= self.retries {
            if let Some(ip) = self.discovery.get(self.at) {
                self.at += 1;
                if self.index.contains_key(&ip) {
                    continue;
                }
                self.sent_discovery += 1;
                if self.at == self.discovery.len() {
                    let wait = if self.attempt == self.retries {
                        self.timeout
                    } else {
                        self.timeout / 2
                    };
                    self.discovery_end = Some(now + wait);
                }
                let dst = if ip == IpAddr::V6(ALL_NODES) {
                    [0x33, 0x33, 0, 0, 0, 1]
                } else {
                    BROADCAST
                };
                return Some((dst, ip));
            }
            // This attempt is sent; the next starts once its answers had their time.
            if self.discovery_end.is_some_and(|e| now < e) || self.attempt == self.retries {
                return None;
            }
            self.attempt += 1;
            self.at = 0;
            self.discovery_end = None;
        }
        None
    }

    /// An ARP reply from `ip` (`mac`) arrived at `now`.
    pub fn reply(&mut self, ip: IpAddr, mac: [u8; 6], now: Instant) {
        match self.index.get(&ip) {
            None if self.discovery.wants(ip) => {
                self.index.insert(ip, self.hosts.len());
                self.hosts.push(HostState {
                    ip,
                    mac,
                    kind: 0,
                    tries: 0,
                    sent_at: None,
                    answered: [false; 8],
                    recheck: false,
                    done: self.discover_only,
                });
            }
            Some(&i) => {
                let h = &mut self.hosts[i];
                if !h.done && h.sent_at.is_some() {
                    h.answered[h.kind] = true;
                    Self::advance(h, now);
                }
            }
            None => {}
        }
    }

    /// Moves a host to its next probe kind (skipping answered ones on the recheck pass).
    fn advance(h: &mut HostState, _now: Instant) {
        h.sent_at = None;
        h.tries = 0;
        loop {
            h.kind += 1;
            if h.kind == PROBES.len() {
                let controls_silent = PROBES.iter().zip(&h.answered).any(|(p, a)| p.control && !a);
                let bogus = PROBES.iter().zip(&h.answered).filter(|(p, _)| !p.control);
                let some = bogus.clone().any(|(_, a)| *a);
                let all = bogus.clone().all(|(_, a)| *a);
                if !h.recheck && (controls_silent || (some && !all)) {
                    h.recheck = true;
                    h.kind = 0;
                    if !h.answered[0] {
                        return;
                    }
                    continue;
                }
                h.done = true;
                return;
            }
            if !h.recheck || !h.answered[h.kind] {
                return;
            }
        }
    }

    /// Probes whose wait is over: tried again (while tries remain on a recheck) or given up.
    pub fn expire(&mut self, now: Instant) {
        let (retries, wait) = (self.retries, self.probe_wait);
        for h in self.hosts.iter_mut().filter(|h| !h.done) {
            if let Some(t) = h.sent_at {
                if now.duration_since(t) >= wait {
                    if h.recheck && h.tries <= retries {
                        h.sent_at = None;
                    } else {
                        Self::advance(h, now);
                    }
                }
            }
        }
    }

    /// When the next probe times out or discovery's wait ends.
    pub fn next_deadline(&self) -> Option<Instant> {
        let probe = self
            .hosts
            .iter()
            .filter_map(|h| h.sent_at.map(|t| t + self.probe_wait))
            .min();
        match (probe, self.discovery_end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether everything is sent and every host is done.
    pub fn finished(&self, now: Instant) -> bool {
        let discovery_over = self.attempt == self.retries
            && self.at == self.discovery.len()
            && self.discovery_end.is_none_or(|e| now >= e);
        let discovery_over = discovery_over || self.discovery.len() == 0;
        discovery_over && self.hosts.iter().all(|h| h.done)
    }

    /// The phase, frames sent in it and their total, for a progress bar.
    pub fn progress(&self) -> (Phase, u64, u64) {
        let disc_total = self.discovery.len() * u64::from(self.retries + 1);
        if self.attempt < self.retries || self.at < self.discovery.len() {
            (Phase::Discovery, self.sent_discovery, disc_total)
        } else {
            (
                Phase::Probing,
                self.sent_probes,
                (self.hosts.len() as u64 * 8).max(self.sent_probes),
            )
        }
    }

    /// Every live host's result, sorted by address.
    pub fn results(&self, fmt: impl Fn([u8; 6]) -> String) -> Vec<HostResult> {
        let mut v: Vec<HostResult> = self
            .hosts
            .iter()
            .map(|h| {
                if self.discover_only {
                    HostResult {
                        ip: h.ip,
                        mac: fmt(h.mac),
                        verdict: Verdict::Unknown,
                        pattern: String::new(),
                        reason: "discovery only: not probed".into(),
                    }
                } else {
                    HostResult::new(h.ip, fmt(h.mac), &h.answered)
                }
            })
            .collect();
        v.sort_by_key(|r| r.ip);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const MS: Duration = Duration::from_millis(1);

    /// Drives a schedule for one host at 192.0.2.9 that answers the probes `answers` says
    /// (`answers[k]`: it answers probe kind k), returning every frame sent.
    fn drive(answers: [bool; 8]) -> (Vec<([u8; 6], IpAddr)>, HostResult) {
        let ip = IpAddr::from(Ipv4Addr::new(192, 0, 2, 9));
        let mut s = Schedule::new(
            Discovery::V4(Targets::from_ranges(
                vec![(
                    u32::from(Ipv4Addr::new(192, 0, 2, 8)),
                    u32::from(Ipv4Addr::new(192, 0, 2, 9)),
                )],
                None,
            )),
            1,
            20 * MS,
            false,
        );
        let mut t = Instant::now();
        let mut sent = Vec::new();
        for _ in 0..10_000 {
            if s.finished(t) {
                break;
            }
            s.expire(t);
            if let Some((dst, to)) = s.next_frame(t) {
                sent.push((dst, to));
                let discovery = dst == BROADCAST && sent.iter().filter(|f| f.1 == ip).count() == 1;
                let kind = PROBES.iter().position(|p| p.mac == dst);
                if to == ip && (discovery || kind.is_some_and(|k| answers[k])) {
                    s.reply(ip, [2, 0, 0, 0, 0, 9], t + MS);
                }
            }
            t += MS;
        }
        assert!(s.finished(t), "the schedule ends");
        let r = s.results(|m| format!("{m:?}"));
        assert_eq!(r.len(), 1, "only the answering host is live");
        (sent, r[0].clone())
    }

    /// When the probe sent at `t0` to a host that answered discovery is given up, for a
    /// schedule with `timeout`.
    fn probe_given_up(timeout: Duration) -> Duration {
        let ip = IpAddr::from(Ipv4Addr::new(192, 0, 2, 9));
        let mut s = Schedule::new(
            Discovery::V4(Targets::from_ranges(
                vec![(
                    u32::from(Ipv4Addr::new(192, 0, 2, 9)),
                    u32::from(Ipv4Addr::new(192, 0, 2, 9)),
                )],
                None,
            )),
            0,
            timeout,
            false,
        );
        let t0 = Instant::now();
        assert!(s.next_frame(t0).is_some(), "the discovery request");
        s.reply(ip, [2, 0, 0, 0, 0, 9], t0);
        assert!(s.next_frame(t0).is_some(), "the first probe");
        let mut waited = Duration::ZERO;
        while s.next_frame(t0 + waited).is_none() {
            waited += MS;
            s.expire(t0 + waited);
            assert!(
                waited < Duration::from_secs(60),
                "the probe is never given up"
            );
        }
        waited
    }

    #[test]
    fn a_probe_waits_a_quarter_of_the_timeout_and_50_ms_at_least() {
        assert_eq!(probe_given_up(200 * MS), PROBE_WAIT, "the default: 50 ms");
        assert_eq!(probe_given_up(MS), PROBE_WAIT, "never less");
        assert_eq!(probe_given_up(1000 * MS), 250 * MS, "--timeout 1s");
    }

    fn probes_to(sent: &[([u8; 6], IpAddr)], k: usize) -> usize {
        sent.iter()
            .filter(|f| f.0 == PROBES[k].mac && f.1 == IpAddr::from(Ipv4Addr::new(192, 0, 2, 9)))
            .count()
    }

    #[test]
    fn a_promiscuous_host_gets_each_probe_once() {
        let (sent, r) = drive([true; 8]);
        assert_eq!(r.pattern, "11111111");
        // The broadcast probe B32 shares the discovery destination: count the others.
        for k in 1..8 {
            assert_eq!(probes_to(&sent, k), 1, "kind {k}");
        }
    }

    #[test]
    fn a_clean_host_is_not_rechecked() {
        let (sent, r) = drive([true, false, false, false, false, false, true, false]);
        assert_eq!(r.verdict, Verdict::NotPromiscuous);
        for k in [1, 2, 3, 4, 5, 7] {
            assert_eq!(probes_to(&sent, k), 1, "silent bogus kind {k} sent once");
        }
    }

    #[test]
    fn a_mixed_pattern_is_rechecked_and_a_silent_control_too() {
        let (sent, r) = drive([true, false, true, true, true, true, true, true]);
        assert_eq!(r.verdict, Verdict::Collision);
        assert_eq!(
            probes_to(&sent, 1),
            3,
            "the silent one: once, then twice on the recheck"
        );
        assert_eq!(probes_to(&sent, 2), 1, "answered ones are not sent again");
        let (sent, r) = drive([true, false, false, false, false, false, false, false]);
        assert_eq!(r.verdict, Verdict::Unknown);
        assert_eq!(
            probes_to(&sent, 6),
            3,
            "the silent control M1 is tried again"
        );
    }

    #[test]
    fn ipv6_discovery_goes_to_all_nodes_and_probes_use_the_solicited_node_group() {
        let host: IpAddr = "fe80::200:ff:fe00:109".parse().unwrap();
        let mut s = Schedule::new(Discovery::V6 { only: Vec::new() }, 0, 5 * MS, false);
        let t = Instant::now();
        assert_eq!(
            s.next_frame(t),
            Some(([0x33, 0x33, 0, 0, 0, 1], IpAddr::V6(ALL_NODES)))
        );
        s.reply(host, [2, 0, 0, 0, 1, 9], t);
        let mut macs = Vec::new();
        let mut now = t;
        while let Some((mac, to)) = s.next_frame(now) {
            assert_eq!(to, host);
            macs.push(mac);
            s.reply(host, [2, 0, 0, 0, 1, 9], now);
            now += MS;
        }
        assert_eq!(macs.len(), 8);
        assert_eq!(
            macs[6],
            [0x33, 0x33, 0xff, 0x00, 0x01, 0x09],
            "M1 becomes the solicited-node group"
        );
        assert_eq!(s.results(|_| String::new())[0].pattern, "11111111");
    }

    #[test]
    fn discovery_tries_silent_addresses_again() {
        let (sent, _) = drive([true; 8]);
        let to_silent = sent
            .iter()
            .filter(|f| f.1 == IpAddr::from(Ipv4Addr::new(192, 0, 2, 8)))
            .count();
        assert_eq!(
            to_silent, 2,
            "the silent address: the first try and one retry"
        );
    }

    #[test]
    fn ipv6_targets_limit_the_hosts_probed() {
        let wanted: Ipv6Addr = "fe80::9".parse().unwrap();
        let other: IpAddr = "fe80::8".parse().unwrap();
        let mut s = Schedule::new(Discovery::V6 { only: vec![wanted] }, 0, 5 * MS, true);
        let t = Instant::now();
        assert_eq!(
            s.next_frame(t),
            Some(([0x33, 0x33, 0, 0, 0, 1], IpAddr::V6(ALL_NODES)))
        );
        s.reply(other, [2, 0, 0, 0, 1, 8], t);
        s.reply(IpAddr::V6(wanted), [2, 0, 0, 0, 1, 9], t);
        let r = s.results(|_| String::new());
        assert_eq!(r.len(), 1, "only the listed address: {r:?}");
        assert_eq!(r[0].ip, IpAddr::V6(wanted));
    }

    #[test]
    fn a_large_range_is_walked_in_place() {
        let list = crate::targets::targets(&["10.0.0.0/8".into()], None, None, true).unwrap();
        let mut s = Schedule::new(Discovery::V4(list), 0, 5 * MS, true);
        let t = Instant::now();
        let first: Vec<IpAddr> = (0..3)
            .filter_map(|_| s.next_frame(t))
            .map(|f| f.1)
            .collect();
        assert_eq!(
            first,
            ["10.0.0.1", "10.0.0.2", "10.0.0.3"]
                .map(|a| a.parse::<IpAddr>().unwrap())
                .to_vec()
        );
        assert_eq!(s.progress(), (Phase::Discovery, 3, (1 << 24) - 2));
        s.reply("10.200.0.7".parse().unwrap(), [2, 0, 0, 0, 0, 7], t);
        s.reply("11.0.0.1".parse().unwrap(), [2, 0, 0, 0, 0, 8], t);
        assert_eq!(
            s.results(|_| String::new()).len(),
            1,
            "a reply from outside is ignored"
        );
    }
}
