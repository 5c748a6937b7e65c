//! `promisc watch`'s engine: every change of an interface's promiscuity or allmulti counter,
//! with the holder that appeared or left.
//!
//! One `RTNLGRP_LINK` socket per watched namespace (opened inside it), a `signalfd`, and
//! `/dev/kmsg` when readable, in one `poll` loop. A batch of link notifications is read in
//! order: each counter value that differs from the last one known for its interface is one
//! transition. Then the holders are read again (the status engine) and diffed
//! ([`promisc_state::diff`]); each transition gets a holder that appeared (going up) or left
//! (going down), and a transition no holder explains (one that came and went before the
//! holders could be read) is reported with the holder unknown. So the reported counters chain
//! without gaps. Every `interval` everything is read again (a `uc_promisc` change sends no
//! notification; namespaces come and go), and what changed is reported as found by polling.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant, SystemTime};

use promisc_state::attribution::{Holder, InterfaceStatus};
use promisc_state::diff::{diff, Change, ChangeKind};
use promisc_sys::procfs;
use promisc_sys::rtnl::LinkMonitor;
use promisc_sys::signals::{Signal, SignalFd};
use serde::Serialize;

use crate::status;

/// What to watch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only these interface names (every interface when empty).
    pub interfaces: Vec<String>,
    /// Every network namespace, also those created later.
    pub all_netns: bool,
    /// How often everything is read again.
    pub interval: Duration,
}

/// Where an event was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A link notification.
    Netlink,
    /// The periodic re-read.
    Poll,
    /// The kernel log.
    Kmsg,
}

impl Source {
    /// Its name in `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Netlink => "netlink",
            Source::Poll => "poll",
            Source::Kmsg => "kmsg",
        }
    }
}

/// One event, in the shape of `watch --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// When it was seen.
    #[serde(skip)]
    pub time: SystemTime,
    /// The interface's namespace.
    pub netns: String,
    /// Its index.
    pub ifindex: u32,
    /// Its name.
    pub interface: String,
    /// `holder_added`, `holder_removed`, `counter_changed`, `interface_added`,
    /// `interface_removed`.
    pub event: &'static str,
    /// The promiscuity counter before.
    pub promiscuity_before: u32,
    /// And after.
    pub promiscuity_after: u32,
    /// The allmulti counter before.
    pub allmulti_before: u32,
    /// And after.
    pub allmulti_after: u32,
    /// The real state after.
    pub promisc: bool,
    /// The holder that appeared or left; `None` when unknown (see `note`) or not a holder
    /// event.
    pub holder: Option<Holder>,
    /// How it was found.
    pub source: Source,
    /// More: why the holder is unknown, the kernel log line, an overrun.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Event {
    fn of(c: &Change, source: Source, time: SystemTime) -> Event {
        Event {
            time,
            netns: c.netns.clone(),
            ifindex: c.ifindex,
            interface: c.interface.clone(),
            event: c.kind.as_str(),
            promiscuity_before: c.promiscuity_before,
            promiscuity_after: c.promiscuity_after,
            allmulti_before: c.allmulti_before,
            allmulti_after: c.allmulti_after,
            promisc: c.promisc,
            holder: c.holder.clone(),
            source,
            note: None,
        }
    }
}

/// Why watching cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the status.
    #[error(transparent)]
    Snapshot(#[from] status::Error),
    /// A kernel call.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        match self {
            Error::Snapshot(e) => e.kind(),
            Error::Sys(e) => e.kind(),
        }
    }
}

/// A watched namespace.
struct Watched {
    inode: u64,
    monitor: LinkMonitor,
}

/// The counters (promiscuity, allmulti) last known of each interface.
type Counters = HashMap<(u64, u32), (u32, u32)>;

/// One move of an interface's counters seen in a notification: (interface, before, after).
type Transition = ((u64, u32), (u32, u32), (u32, u32));

struct Engine {
    opts: Options,
    namespaces: Vec<Watched>,
    last: Vec<InterfaceStatus>,
    counters: Counters,
    kmsg: Option<File>,
    recent_kmsg: Vec<(Instant, String)>,
    /// Holder changes read but not yet matched with a counter transition (its notification
    /// may still be queued), by interface.
    pending: HashMap<(u64, u32), Vec<Change>>,
    /// Interfaces whose polled counter differed from the notified one at the last poll, with
    /// that value.
    stale: std::collections::HashSet<((u64, u32), u32)>,
}

/// A counter move no holder explains.
fn unknown_change(s: &InterfaceStatus, before: u32, after: u32) -> Change {
    Change {
        kind: ChangeKind::CounterChanged,
        netns: s.netns.clone(),
        netns_inode: s.netns_inode,
        ifindex: s.ifindex,
        interface: s.name.clone(),
        promiscuity_before: before,
        promiscuity_after: after,
        allmulti_before: 0,
        allmulti_after: 0,
        promisc: after > 0,
        holder: None,
    }
}

fn counters_of(statuses: &[InterfaceStatus]) -> Counters {
    statuses
        .iter()
        .map(|s| ((s.netns_inode, s.ifindex), (s.promiscuity, s.allmulti)))
        .collect()
}

/// Watches until SIGINT or SIGTERM, handing every event to `on_event`. `ready` is called once
/// the first reading is done and the sockets listen.
pub fn run(
    opts: &Options,
    ready: &mut dyn FnMut(usize),
    on_event: &mut dyn FnMut(&Event),
) -> Result<(), Error> {
    run_with_state(opts, ready, on_event, &mut |_| {})
}

/// [`run`], also handing `on_state` every watched interface's status after each reading
/// (the exporter's cache).
pub fn run_with_state(
    opts: &Options,
    ready: &mut dyn FnMut(usize),
    on_event: &mut dyn FnMut(&Event),
    on_state: &mut dyn FnMut(&[InterfaceStatus]),
) -> Result<(), Error> {
    let signals = SignalFd::new(&[Signal::Interrupt, Signal::Terminate, Signal::Hangup])?;
    let mut e = Engine {
        opts: opts.clone(),
        namespaces: Vec::new(),
        last: Vec::new(),
        counters: Counters::new(),
        kmsg: procfs::open_kmsg(),
        recent_kmsg: Vec::new(),
        pending: HashMap::new(),
        stale: std::collections::HashSet::new(),
    };
    e.sync_namespaces()?;
    e.last = e.read()?;
    e.counters = counters_of(&e.last);
    on_state(&e.last);
    ready(e.namespaces.len());
    let mut next_poll = Instant::now() + opts.interval;
    loop {
        let timeout = next_poll.saturating_duration_since(Instant::now());
        let ready_fds = {
            let mut fds: Vec<BorrowedFd<'_>> = vec![signals.fd()];
            if let Some(k) = &e.kmsg {
                fds.push(k.as_fd());
            }
            fds.extend(e.namespaces.iter().map(|w| w.monitor.fd()));
            promisc_sys::ring::poll_readable(&fds, timeout.as_millis().min(60_000) as i32 + 1)?
        };
        if ready_fds[0].readable && signals.read()?.is_some() {
            return Ok(());
        }
        let mut k = 1;
        if e.kmsg.is_some() {
            if ready_fds[1].readable {
                e.read_kmsg();
            }
            k = 2;
        }
        let mut transitions: Vec<Transition> = Vec::new();
        let mut overrun = false;
        for (i, w) in e.namespaces.iter_mut().enumerate() {
            if !ready_fds.get(k + i).is_some_and(|r| r.readable || r.error) {
                continue;
            }
            let ev = w.monitor.recv()?;
            overrun |= ev.overrun;
            for le in ev.events.into_iter().filter(|le| le.nsid.is_none()) {
                let key = (w.inode, le.link.ifindex);
                let now = (le.link.promiscuity, le.link.allmulti.unwrap_or(0));
                if le.deleted {
                    continue;
                }
                // A change of either counter is one transition (allmulti alone: before == after).
                if let Some(b) = e.counters.get(&key).copied().filter(|b| *b != now) {
                    transitions.push((key, b, now));
                }
                e.counters.insert(key, now);
            }
        }
        if !transitions.is_empty() || overrun {
            e.reread(Source::Netlink, &transitions, overrun, on_event)?;
            on_state(&e.last);
        }
        if Instant::now() >= next_poll {
            // Notifications still queued belong before the poll's reading.
            let mut late = Vec::new();
            for w in &mut e.namespaces {
                for le in w
                    .monitor
                    .recv()?
                    .events
                    .into_iter()
                    .filter(|le| le.nsid.is_none() && !le.deleted)
                {
                    let key = (w.inode, le.link.ifindex);
                    let now = (le.link.promiscuity, le.link.allmulti.unwrap_or(0));
                    if let Some(b) = e.counters.get(&key).copied().filter(|b| *b != now) {
                        late.push((key, b, now));
                    }
                    e.counters.insert(key, now);
                }
            }
            if !late.is_empty() {
                e.reread(Source::Netlink, &late, false, on_event)?;
            }
            e.sync_namespaces()?;
            e.reread(Source::Poll, &[], false, on_event)?;
            on_state(&e.last);
            next_poll = Instant::now() + opts.interval;
        }
    }
}

impl Engine {
    /// Opens a monitor in every namespace to watch that has none; drops those of gone ones.
    fn sync_namespaces(&mut self) -> Result<(), Error> {
        let current = procfs::current_netns_inode().unwrap_or(0);
        let wanted: Vec<procfs::NetnsEntry> = if self.opts.all_netns {
            procfs::list_netns()
        } else {
            vec![procfs::NetnsEntry {
                inode: current,
                name: String::new(),
                path: String::new(),
            }]
        };
        self.namespaces
            .retain(|w| wanted.iter().any(|n| n.inode == w.inode));
        for n in wanted {
            if self.namespaces.iter().any(|w| w.inode == n.inode) {
                continue;
            }
            let monitor = if n.inode == current {
                LinkMonitor::open()
            } else {
                promisc_sys::ns::run_in(&n.path, LinkMonitor::open)
            };
            // A namespace that went away meanwhile, or cannot be entered: the poll covers it.
            if let Ok(monitor) = monitor {
                self.namespaces.push(Watched {
                    inode: n.inode,
                    monitor,
                });
            }
        }
        Ok(())
    }

    fn read_kmsg(&mut self) {
        let Some(f) = &mut self.kmsg else { return };
        let mut buf = [0u8; 8192];
        // One record per read; stop at EAGAIN.
        while let Ok(n) = f.read(&mut buf) {
            if n == 0 {
                break;
            }
            let rec = String::from_utf8_lossy(&buf[..n]);
            if let Some((_, msg)) = rec.split_once(';') {
                let msg = msg.lines().next().unwrap_or("").trim().to_string();
                if msg.contains("promiscuous mode") {
                    self.recent_kmsg.push((Instant::now(), msg));
                }
            }
        }
        self.recent_kmsg
            .retain(|(t, _)| t.elapsed() < Duration::from_secs(5));
    }

    /// The kernel log line about `interface` entering (or leaving) promiscuous mode, taken.
    fn kmsg_for(&mut self, interface: &str, entered: bool) -> Option<String> {
        self.read_kmsg();
        let word = if entered {
            "entered promiscuous mode"
        } else {
            "left promiscuous mode"
        };
        let i = self.recent_kmsg.iter().position(|(_, m)| {
            m.contains(word)
                && (m.starts_with(&format!("{interface}:"))
                    || m.contains(&format!(" {interface} ")))
        })?;
        Some(self.recent_kmsg.remove(i).1)
    }

    /// At a poll: reports what no notification explained, keeping the counters chained. An
    /// interface whose counter differs from the last notified value waits one interval (its
    /// notifications may still come); if it still differs, the move is reported from the last
    /// known value to the new one (a `uc_promisc` change sends none), each step with a holder
    /// that appeared (up) or left (down) when the diff has one. Holder changes without a
    /// counter move (one holder replaced by another) come after. Returns the settled
    /// interfaces.
    fn settle(
        &mut self,
        fresh: &[InterfaceStatus],
        now: SystemTime,
        events: &mut Vec<Event>,
    ) -> Vec<(u64, u32)> {
        let mut keys: Vec<(u64, u32)> = self.pending.keys().copied().collect();
        for s in fresh {
            let k = (s.netns_inode, s.ifindex);
            if self.counters.get(&k).is_some_and(|c| c.0 != s.promiscuity) && !keys.contains(&k) {
                keys.push(k);
            }
        }
        let mut settled = Vec::new();
        for k in keys {
            let Some(s) = fresh.iter().find(|s| (s.netns_inode, s.ifindex) == k) else {
                self.pending.remove(&k);
                continue;
            };
            let known = self.counters.get(&k).map_or(s.promiscuity, |c| c.0);
            if known != s.promiscuity && self.stale.insert((k, s.promiscuity)) {
                continue; // Wait one interval for the notifications.
            }
            self.stale.retain(|(sk, _)| *sk != k);
            let mut pool = self.pending.remove(&k).unwrap_or_default();
            let mut at = known;
            while at != s.promiscuity {
                let up = s.promiscuity > at;
                let want = if up {
                    ChangeKind::HolderAdded
                } else {
                    ChangeKind::HolderRemoved
                };
                let next = if up { at + 1 } else { at - 1 };
                let taken = pool
                    .iter()
                    .position(|c| c.kind == want)
                    .map(|i| pool.remove(i));
                let mut ev = match &taken {
                    Some(c) => Event::of(c, Source::Poll, now),
                    None => {
                        let mut ev = Event::of(&unknown_change(s, at, next), Source::Poll, now);
                        ev.note = Some(
                            "holder unknown: it came and went before the holders could be read"
                                .into(),
                        );
                        ev
                    }
                };
                ev.promiscuity_before = at;
                ev.promiscuity_after = next;
                ev.promisc = next > 0;
                events.push(ev);
                at = next;
            }
            for c in pool {
                let mut ev = Event::of(&c, Source::Poll, now);
                ev.promiscuity_before = at;
                ev.promiscuity_after = at;
                events.push(ev);
            }
            self.counters.insert(k, (s.promiscuity, s.allmulti));
            settled.push(k);
        }
        settled
    }

    /// The statuses of the watched namespaces (the snapshot may read others to attribute a
    /// holder there; their interfaces are not watched).
    fn read(&self) -> Result<Vec<InterfaceStatus>, Error> {
        let snap = status::snapshot(self.opts.all_netns)?;
        let current = snap.current;
        let all = self.opts.all_netns;
        Ok(snap
            .statuses
            .into_iter()
            .filter(|s| all || s.netns_inode == current)
            .collect())
    }

    fn wanted(&self, name: &str) -> bool {
        self.opts.interfaces.is_empty()
            || self
                .opts
                .interfaces
                .iter()
                .any(|i| promisc_facts::link::name_is(name, i))
    }

    /// Reads the holders again and reports what changed; `transitions` are the counter moves
    /// the notifications showed, in order. A holder change waits (in `pending`) for the
    /// transition of its interface until the next poll, which reports what is left.
    fn reread(
        &mut self,
        source: Source,
        transitions: &[Transition],
        overrun: bool,
        on_event: &mut dyn FnMut(&Event),
    ) -> Result<(), Error> {
        let now = SystemTime::now();
        let fresh = self.read()?;
        if source == Source::Poll {
            // A namespace created since the last look is in `fresh`: watch it before its
            // interfaces are reported, so that what happens next is a notification.
            self.sync_namespaces()?;
        }
        let mut events: Vec<Event> = Vec::new();
        let mut others = Vec::new();
        for c in diff(&self.last, &fresh) {
            match c.kind {
                ChangeKind::HolderAdded | ChangeKind::HolderRemoved => self
                    .pending
                    .entry((c.netns_inode, c.ifindex))
                    .or_default()
                    .push(c),
                // The transitions carry the counters of the interfaces they move.
                // The transitions (and, when polling, `settle`) carry the counter moves.
                ChangeKind::CounterChanged => {}
                _ => others.push(c),
            }
        }
        let find = |key: (u64, u32)| {
            fresh
                .iter()
                .find(|s| (s.netns_inode, s.ifindex) == key)
                .or_else(|| self.last.iter().find(|s| (s.netns_inode, s.ifindex) == key))
                .cloned()
        };
        for &(key, (before, am_before), (after, am_after)) in transitions {
            let Some(s) = find(key) else { continue };
            let pool = self.pending.entry(key).or_default();
            let want = if after > before {
                ChangeKind::HolderAdded
            } else {
                ChangeKind::HolderRemoved
            };
            let taken = (after != before)
                .then(|| pool.iter().position(|c| c.kind == want))
                .flatten()
                .map(|i| pool.remove(i));
            let unknown = unknown_change(&s, before, after);
            let mut ev = Event::of(taken.as_ref().unwrap_or(&unknown), source, now);
            if taken.is_none() {
                ev.note = Some(if before == after {
                    "the allmulti counter changed".into()
                } else {
                    "holder unknown: it came and went before the holders could be read".into()
                });
            }
            ev.promiscuity_before = before;
            ev.promiscuity_after = after;
            ev.promisc = after > 0;
            ev.allmulti_before = am_before;
            ev.allmulti_after = am_after;
            events.push(ev);
        }
        let mut settled = Vec::new();
        if source == Source::Poll {
            settled = self.settle(&fresh, now, &mut events);
        }
        for c in others {
            let mut ev = Event::of(&c, source, now);
            if overrun {
                ev.note = Some(
                    "notifications were lost (buffer overrun): found by a full re-read".into(),
                );
            }
            events.push(ev);
        }
        let events: Vec<Event> = events
            .into_iter()
            .filter(|ev| self.wanted(&ev.interface))
            .collect();
        for mut ev in events {
            if (ev.promiscuity_before > 0) != (ev.promiscuity_after > 0) && ev.note.is_none() {
                ev.note = self.kmsg_for(&ev.interface, ev.promiscuity_after > 0);
            }
            on_event(&ev);
        }
        for (k, v) in counters_of(&fresh) {
            let moving = transitions.iter().any(|t| t.0 == k);
            let waiting = source == Source::Poll
                && self.counters.get(&k).is_some_and(|c| c.0 != v.0)
                && !settled.contains(&k);
            if !moving && !waiting {
                self.counters.insert(k, v);
            }
        }
        self.last = fresh;
        Ok(())
    }
}
