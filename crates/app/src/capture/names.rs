//! Names instead of numbers, as tcpdump prints them without `-n`: port names from
//! `/etc/services`, and host names from the system resolver, looked up on a thread of their own
//! ([`promisc_sys::dns::ReverseResolver`]) so that printing never waits long for them.
//!
//! # The time budget
//!
//! The first time an address is printed its lookup is queued and the printer waits for the
//! answer at most [`PER_ADDRESS`] (50 ms), and never more than what is left of [`PER_SECOND`]
//! (200 ms of waiting in any one second of wall-clock time: once spent, new addresses are not
//! waited for at all until the next second). An address whose answer has not come by then
//! prints as a number, and by its name from the first packet after the answer arrives. So a
//! stream of packets is slowed by at most a fifth, and only while new addresses keep coming.
//! Answers are kept for the run (at most [`MAX_HOSTS`] addresses, then the table starts
//! afresh); an address with no name is not asked again.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use promisc_sys::dns::{Answer, ReverseResolver};
use promisc_wire::{HostNames, PortNames};

/// Longest wait for the name of one new address.
pub const PER_ADDRESS: Duration = Duration::from_millis(50);
/// Longest total wait for names in one second.
pub const PER_SECOND: Duration = Duration::from_millis(200);
/// Most addresses remembered at once.
pub const MAX_HOSTS: usize = 1 << 16;

/// TCP and UDP port names from `/etc/services` (none when it cannot be read).
pub fn port_names() -> PortNames {
    std::fs::read_to_string("/etc/services")
        .map(|t| PortNames::from_services(&t))
        .unwrap_or_default()
}

/// Where lookups go and answers come from, and the clock: the resolver thread, or a fake in
/// tests.
pub trait Lookups: Send {
    /// Queues a lookup.
    fn ask(&mut self, addr: IpAddr);
    /// The next answer, waiting at most `timeout` (`Duration::ZERO`: only one already there).
    fn wait(&mut self, timeout: Duration) -> Option<Answer>;
    /// Now.
    fn now(&self) -> Instant;
}

impl Lookups for ReverseResolver {
    fn ask(&mut self, addr: IpAddr) {
        ReverseResolver::ask(self, addr)
    }
    fn wait(&mut self, timeout: Duration) -> Option<Answer> {
        ReverseResolver::wait(self, timeout)
    }
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// What is known of an address.
enum Entry {
    Asked,
    Name(Box<str>),
    NoName,
}

/// Host names for the printer ([`HostNames`]) under the time budget of the module docs.
pub struct HostCache<L: Lookups> {
    lookups: L,
    hosts: HashMap<IpAddr, Entry>,
    /// The second the budget is counted in, and what of it was spent waiting.
    window: Option<(Instant, Duration)>,
}

impl<L: Lookups> HostCache<L> {
    /// A cache asking `lookups`.
    pub fn new(lookups: L) -> Self {
        HostCache {
            lookups,
            hosts: HashMap::new(),
            window: None,
        }
    }

    fn record(&mut self, (addr, name): Answer) {
        let e = match name {
            Some(n) => Entry::Name(n.into()),
            None => Entry::NoName,
        };
        self.hosts.insert(addr, e);
    }

    /// What is left of this second's budget.
    fn budget_left(&mut self, now: Instant) -> Duration {
        let (start, spent) = match self.window {
            Some((s, spent)) if now.duration_since(s) < Duration::from_secs(1) => (s, spent),
            _ => (now, Duration::ZERO),
        };
        self.window = Some((start, spent));
        PER_SECOND.saturating_sub(spent)
    }

    /// Asks for `addr` and waits for it within the budget.
    fn ask_and_wait(&mut self, addr: IpAddr) {
        if self.hosts.len() >= MAX_HOSTS {
            self.hosts.clear();
        }
        self.lookups.ask(addr);
        self.hosts.insert(addr, Entry::Asked);
        let start = self.lookups.now();
        let deadline = start + PER_ADDRESS.min(self.budget_left(start));
        loop {
            let now = self.lookups.now();
            if now >= deadline {
                break;
            }
            match self.lookups.wait(deadline - now) {
                Some(a) => {
                    let done = a.0 == addr;
                    self.record(a);
                    if done {
                        break;
                    }
                }
                None => break,
            }
        }
        let spent = self.lookups.now().saturating_duration_since(start);
        if let Some((_, s)) = self.window.as_mut() {
            *s += spent;
        }
    }
}

impl<L: Lookups> HostNames for HostCache<L> {
    fn name(&mut self, addr: &[u8]) -> Option<&str> {
        let ip = match addr.len() {
            4 => IpAddr::from(<[u8; 4]>::try_from(addr).ok()?),
            16 => IpAddr::from(<[u8; 16]>::try_from(addr).ok()?),
            _ => return None,
        };
        // Take the answers that came in since, without waiting.
        while let Some(a) = self.lookups.wait(Duration::ZERO) {
            self.record(a);
        }
        if !self.hosts.contains_key(&ip) {
            self.ask_and_wait(ip);
        }
        match self.hosts.get(&ip) {
            Some(Entry::Name(n)) => Some(n),
            _ => None,
        }
    }
}

/// The host names of the system resolver, or `None` when its thread cannot be started.
pub fn system_host_names() -> Option<HostCache<ReverseResolver>> {
    ReverseResolver::spawn().ok().map(HostCache::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resolver on a virtual clock: each address answers after its own delay, with its name.
    struct Fake {
        now: Instant,
        pending: Vec<(Instant, Answer)>,
        delays: HashMap<IpAddr, (Duration, Option<String>)>,
        asked: usize,
    }

    impl Fake {
        fn new(delays: &[([u8; 4], u64, Option<&str>)]) -> Self {
            Fake {
                now: Instant::now(),
                pending: Vec::new(),
                delays: delays
                    .iter()
                    .map(|(a, ms, n)| {
                        let d = (Duration::from_millis(*ms), n.map(str::to_owned));
                        (IpAddr::from(*a), d)
                    })
                    .collect(),
                asked: 0,
            }
        }
    }

    impl Lookups for Fake {
        fn ask(&mut self, addr: IpAddr) {
            self.asked += 1;
            let (d, n) = self
                .delays
                .get(&addr)
                .cloned()
                .unwrap_or((Duration::from_secs(3600), None));
            self.pending.push((self.now + d, (addr, n)));
        }
        fn wait(&mut self, timeout: Duration) -> Option<Answer> {
            self.pending.sort_by_key(|p| p.0);
            match self.pending.first() {
                Some(&(at, _)) if at <= self.now + timeout => {
                    self.now = self.now.max(at);
                    Some(self.pending.remove(0).1)
                }
                _ => {
                    self.now += timeout;
                    None
                }
            }
        }
        fn now(&self) -> Instant {
            self.now
        }
    }

    fn name(c: &mut HostCache<Fake>, a: [u8; 4]) -> Option<String> {
        c.name(&a).map(str::to_owned)
    }

    #[test]
    fn a_name_in_time_prints_at_once() {
        let mut c = HostCache::new(Fake::new(&[([192, 0, 2, 1], 10, Some("a.example"))]));
        let t0 = c.lookups.now;
        assert_eq!(name(&mut c, [192, 0, 2, 1]).as_deref(), Some("a.example"));
        assert_eq!(c.lookups.now - t0, Duration::from_millis(10));
        // Asked once, answered from the cache after.
        assert_eq!(name(&mut c, [192, 0, 2, 1]).as_deref(), Some("a.example"));
        assert_eq!(c.lookups.asked, 1);
    }

    #[test]
    fn a_late_name_prints_as_a_number_first_then_by_name() {
        let mut c = HostCache::new(Fake::new(&[([192, 0, 2, 2], 80, Some("late.example"))]));
        let t0 = c.lookups.now;
        assert_eq!(name(&mut c, [192, 0, 2, 2]), None);
        assert_eq!(c.lookups.now - t0, PER_ADDRESS);
        // Still not there: no more waiting for it.
        assert_eq!(name(&mut c, [192, 0, 2, 2]), None);
        assert_eq!(c.lookups.now - t0, PER_ADDRESS);
        c.lookups.now += Duration::from_millis(40);
        assert_eq!(
            name(&mut c, [192, 0, 2, 2]).as_deref(),
            Some("late.example")
        );
        assert_eq!(c.lookups.asked, 1);
    }

    #[test]
    fn the_budget_of_a_second_once_spent_stops_the_waiting() {
        // Addresses that never answer: each new one costs PER_ADDRESS until PER_SECOND is gone.
        let mut c = HostCache::new(Fake::new(&[]));
        let t0 = c.lookups.now;
        for i in 0..20u8 {
            assert_eq!(name(&mut c, [198, 51, 100, i]), None);
        }
        assert_eq!(c.lookups.now - t0, PER_SECOND);
        assert_eq!(c.lookups.asked, 20);
        // The next second has a budget again.
        c.lookups.now = t0 + Duration::from_secs(1);
        assert_eq!(name(&mut c, [198, 51, 100, 200]), None);
        assert_eq!(c.lookups.now - t0, Duration::from_secs(1) + PER_ADDRESS);
    }

    #[test]
    fn no_name_is_remembered_and_other_answers_are_kept() {
        let mut c = HostCache::new(Fake::new(&[
            ([192, 0, 2, 3], 5, None),
            ([192, 0, 2, 4], 60, Some("four.example")),
        ]));
        assert_eq!(name(&mut c, [192, 0, 2, 4]), None);
        assert_eq!(name(&mut c, [192, 0, 2, 3]), None);
        assert_eq!(name(&mut c, [192, 0, 2, 3]), None);
        assert_eq!(c.lookups.asked, 2);
        // .4 answers later, and is taken without another question.
        c.lookups.now += Duration::from_millis(10);
        assert_eq!(
            name(&mut c, [192, 0, 2, 4]).as_deref(),
            Some("four.example")
        );
        assert_eq!(c.name(&[1, 2, 3]), None);
    }
}
