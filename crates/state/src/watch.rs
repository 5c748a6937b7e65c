//! `promisc watch`'s matching, with no I/O: which events a reading of the holders makes, given
//! the counter transitions the link notifications showed since the last reading.
//!
//! The engine (`promisc_app::watch`) reads the notifications and the holders; it feeds each
//! notified device to [`Tracker::notified`], which says whether its counters moved (one
//! [`Transition`]), and after a batch hands the transitions and a fresh reading to
//! [`Tracker::reread`], which returns the events, each with the time the engine passes in:
//!
//! - Each transition gets a holder of the diff ([`crate::diff::diff`]) of its interface: one
//!   that appeared when the counter went up, one that left when it went down. A transition no
//!   holder explains (one that came and went before the holders could be read) is reported
//!   with the holder unknown; one of the allmulti counter alone says so. So the reported
//!   counters chain without gaps. A move whose notification also flips the user flag
//!   (`IFF_PROMISC` in `ifi_flags`) is the user flag's, even when the reading comes after
//!   the flag was cleared again.
//! - A holder change without its transition waits (its notification may still be queued)
//!   until the next poll ([`Source::Poll`]). There an interface whose counter differs from the
//!   last notified value waits one more interval; if it still differs, the move is reported
//!   from the last known value to the new one one step at a time (a `uc_promisc` change sends
//!   no notification), each step with a waiting holder when there is one; after them, a
//!   holder that both appeared and left meanwhile, as the counter one up and back, and holder
//!   changes without a counter move (one holder replaced by another).
//! - An interface that appeared is reported at zero (`interface_added`, counters 0 -> 0: a
//!   device is made with its counters at zero), then one `holder_added` per holder the
//!   reading shows, up to where its first transition of the batch starts (or to the counter
//!   read); so an interface of a namespace watched late, or made and held between two
//!   readings, is reported with its holders, not as a bare counter.
//! - Interfaces that left are reported as the diff says (noting a lost notification when the
//!   batch overran).
//! - Only the wanted interfaces' events are returned.

use std::collections::{HashMap, HashSet};
use std::time::SystemTime;

use serde::Serialize;

use crate::attribution::{Holder, InterfaceStatus};
use crate::diff::{diff, Change, ChangeKind};

/// The note of a counter move no holder explains.
pub const HOLDER_UNKNOWN: &str =
    "holder unknown: it came and went before the holders could be read";
/// The note of a move of the allmulti counter alone.
pub const ALLMULTI_CHANGED: &str = "the allmulti counter changed";
/// The note of an interface found by a full re-read after lost notifications.
pub const OVERRUN: &str = "notifications were lost (buffer overrun): found by a full re-read";

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

    /// `Some(true)` when the interface entered promiscuous mode with this event, `Some(false)`
    /// when it left it, `None` when the real state stayed (the kernel logs only the first
    /// two, and the engine adds that line as the note of an event that has none).
    pub fn flips(&self) -> Option<bool> {
        ((self.promiscuity_before > 0) != (self.promiscuity_after > 0))
            .then_some(self.promiscuity_after > 0)
    }
}

/// An interface: its namespace inode and index.
type Key = (u64, u32);

/// One link notification (`RTM_NEWLINK` or `RTM_DELLINK`), as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notification {
    /// The namespace whose monitor read it.
    pub netns_inode: u64,
    /// The device.
    pub ifindex: u32,
    /// Whether the device is in another namespace (a peer one, with an id in the monitor's):
    /// that namespace's own monitor reports it.
    pub elsewhere: bool,
    /// `RTM_DELLINK`: the device was deleted or left the namespace (the reading reports it).
    pub deleted: bool,
    /// `IFLA_PROMISCUITY`.
    pub promiscuity: u32,
    /// `IFLA_ALLMULTI` (0 when absent).
    pub allmulti: u32,
    /// `IFF_PROMISC` in `ifi_flags`: the user flag.
    pub user_flag: bool,
}

/// One move of an interface's counters seen in a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The interface's namespace inode.
    pub netns_inode: u64,
    /// Its index.
    pub ifindex: u32,
    /// The promiscuity counter before.
    pub promiscuity_before: u32,
    /// And after.
    pub promiscuity_after: u32,
    /// The allmulti counter before.
    pub allmulti_before: u32,
    /// And after (a move of allmulti alone is a transition too).
    pub allmulti_after: u32,
    /// The user flag after, when this notification changed it: then the move is the user
    /// flag's, whatever the reading shows (it may come after the flag was cleared again).
    pub user_flag: Option<bool>,
}

impl Transition {
    fn key(&self) -> Key {
        (self.netns_inode, self.ifindex)
    }
}

/// What the matching remembers between readings (see the module doc).
#[derive(Debug, Clone)]
pub struct Tracker {
    interfaces: Vec<String>,
    last: Vec<InterfaceStatus>,
    /// The counters (promiscuity, allmulti) last known of each interface.
    counters: HashMap<Key, (u32, u32)>,
    /// The user flag last notified of each interface (or first read).
    user: HashMap<Key, bool>,
    /// Holder changes read but not yet matched with a counter transition (its notification
    /// may still be queued), by interface.
    pending: HashMap<Key, Vec<Change>>,
    /// Interfaces whose polled counter differed from the notified one at the last poll, with
    /// that value.
    stale: HashSet<(Key, u32)>,
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

fn counters_of(statuses: &[InterfaceStatus]) -> HashMap<Key, (u32, u32)> {
    statuses
        .iter()
        .map(|s| ((s.netns_inode, s.ifindex), (s.promiscuity, s.allmulti)))
        .collect()
}

impl Tracker {
    /// Starts from the first reading; only events of `interfaces` are returned (of every
    /// interface when empty).
    pub fn new(interfaces: Vec<String>, first: Vec<InterfaceStatus>) -> Tracker {
        Tracker {
            interfaces,
            counters: counters_of(&first),
            user: first
                .iter()
                .map(|s| ((s.netns_inode, s.ifindex), s.user_flag))
                .collect(),
            last: first,
            pending: HashMap::new(),
            stale: HashSet::new(),
        }
    }

    /// The last reading.
    pub fn last(&self) -> &[InterfaceStatus] {
        &self.last
    }

    /// The namespace `netns_inode` is no longer watched (it is gone): its interfaces of the
    /// last reading are reported removed, found by `source` at `time`, and everything known
    /// of them is forgotten, so that a namespace made later with the same inode (the kernel
    /// reuses them) starts afresh.
    pub fn forget(&mut self, netns_inode: u64, source: Source, time: SystemTime) -> Vec<Event> {
        let (gone, kept): (Vec<InterfaceStatus>, Vec<InterfaceStatus>) =
            std::mem::take(&mut self.last)
                .into_iter()
                .partition(|s| s.netns_inode == netns_inode);
        self.last = kept;
        self.counters.retain(|k, _| k.0 != netns_inode);
        self.user.retain(|k, _| k.0 != netns_inode);
        self.pending.retain(|k, _| k.0 != netns_inode);
        self.stale.retain(|(k, _)| k.0 != netns_inode);
        let mut events: Vec<Event> = diff(&gone, &[])
            .iter()
            .map(|c| Event::of(c, source, time))
            .collect();
        events.retain(|ev| self.wanted(&ev.interface));
        events
    }

    /// A notification, in the order the kernel queued it: the transition it shows, when its
    /// device's counters differ from the last ones known (a device not known yet, a deleted
    /// one, or one of another namespace shows none).
    pub fn notified(&mut self, n: &Notification) -> Option<Transition> {
        if n.elsewhere || n.deleted {
            return None;
        }
        let key = (n.netns_inode, n.ifindex);
        let now = (n.promiscuity, n.allmulti);
        let user_was = self.user.insert(key, n.user_flag);
        let t = self
            .counters
            .get(&key)
            .copied()
            .filter(|b| *b != now)
            .map(|(pb, ab)| Transition {
                netns_inode: n.netns_inode,
                ifindex: n.ifindex,
                promiscuity_before: pb,
                promiscuity_after: now.0,
                allmulti_before: ab,
                allmulti_after: now.1,
                user_flag: user_was
                    .filter(|was| *was != n.user_flag)
                    .map(|_| n.user_flag),
            });
        self.counters.insert(key, now);
        t
    }

    fn wanted(&self, name: &str) -> bool {
        self.interfaces.is_empty()
            || self
                .interfaces
                .iter()
                .any(|i| promisc_facts::link::name_is(name, i))
    }

    /// A fresh reading of the holders, made at `time` after the notifications that showed
    /// `transitions` (in order; none for a poll's reading), found by `source`; `overrun`:
    /// notifications were lost before it. Returns the events, in order (see the module doc).
    pub fn reread(
        &mut self,
        fresh: Vec<InterfaceStatus>,
        source: Source,
        transitions: &[Transition],
        overrun: bool,
        time: SystemTime,
    ) -> Vec<Event> {
        let mut events: Vec<Event> = Vec::new();
        let mut others = Vec::new();
        // Interfaces that appeared: their events, each reported before its first transition.
        let mut introduced: Vec<(Key, Vec<Event>)> = Vec::new();
        for c in diff(&self.last, &fresh) {
            match c.kind {
                ChangeKind::HolderAdded | ChangeKind::HolderRemoved => self
                    .pending
                    .entry((c.netns_inode, c.ifindex))
                    .or_default()
                    .push(c),
                // The transitions (and, when polling, `settle`) carry the counter moves.
                ChangeKind::CounterChanged => {}
                ChangeKind::InterfaceAdded => {
                    let key = (c.netns_inode, c.ifindex);
                    if let Some(s) = fresh.iter().find(|s| (s.netns_inode, s.ifindex) == key) {
                        let evs = self.introduce(s, &c, source, transitions, overrun, time);
                        introduced.push((key, evs));
                    }
                }
                _ => others.push(c),
            }
        }
        let intro_keys: Vec<Key> = introduced.iter().map(|(k, _)| *k).collect();
        for t in transitions {
            let key = t.key();
            if let Some(i) = introduced.iter().position(|(k, _)| *k == key) {
                events.extend(introduced.remove(i).1);
            }
            let Some(s) = fresh
                .iter()
                .find(|s| (s.netns_inode, s.ifindex) == key)
                .or_else(|| self.last.iter().find(|s| (s.netns_inode, s.ifindex) == key))
            else {
                continue;
            };
            let (before, after) = (t.promiscuity_before, t.promiscuity_after);
            let pool = self.pending.entry(key).or_default();
            let want = if after > before {
                ChangeKind::HolderAdded
            } else {
                ChangeKind::HolderRemoved
            };
            // A move of the user flag's own, as the notification shows, is the user flag's.
            let user = t.user_flag == Some(after > before) && after != before;
            let taken = (after != before)
                .then(|| {
                    pool.iter().position(|c| {
                        c.kind == want && (!user || c.holder == Some(Holder::UserFlag))
                    })
                })
                .flatten()
                .map(|i| pool.remove(i))
                .or_else(|| {
                    user.then(|| {
                        let mut c = unknown_change(s, before, after);
                        c.kind = want;
                        c.holder = Some(Holder::UserFlag);
                        c
                    })
                });
            let unknown = unknown_change(s, before, after);
            let mut ev = Event::of(taken.as_ref().unwrap_or(&unknown), source, time);
            if taken.is_none() {
                ev.note = Some(if before == after {
                    ALLMULTI_CHANGED.into()
                } else {
                    HOLDER_UNKNOWN.into()
                });
            }
            ev.promiscuity_before = before;
            ev.promiscuity_after = after;
            ev.promisc = after > 0;
            ev.allmulti_before = t.allmulti_before;
            ev.allmulti_after = t.allmulti_after;
            events.push(ev);
        }
        let mut settled = Vec::new();
        if source == Source::Poll {
            settled = self.settle(&fresh, &intro_keys, time, &mut events);
        }
        for (_, evs) in introduced {
            events.extend(evs);
        }
        for c in others {
            let mut ev = Event::of(&c, source, time);
            if overrun {
                ev.note = Some(OVERRUN.into());
            }
            events.push(ev);
        }
        events.retain(|ev| self.wanted(&ev.interface));
        for s in &fresh {
            self.user
                .entry((s.netns_inode, s.ifindex))
                .or_insert(s.user_flag);
        }
        for (k, v) in counters_of(&fresh) {
            let moving = transitions.iter().any(|t| t.key() == k);
            // A counter read ahead of its notification (still queued) keeps the notified
            // value, so that the notification is a transition when it comes; the poll
            // settles one that never comes.
            let waiting = self.counters.get(&k).is_some_and(|c| c.0 != v.0)
                && !settled.contains(&k)
                && !intro_keys.contains(&k);
            if !moving && !waiting {
                self.counters.insert(k, v);
            }
        }
        self.last = fresh;
        events
    }

    /// The events of an interface `s` that appeared (`c`): `interface_added` at zero (a device
    /// is created with its counters at zero), then one `holder_added` per holder the reading
    /// shows, chaining the counter up to where its first transition of this batch starts (or
    /// to the counter read, when it has none); a step no holder explains has the holder
    /// unknown. Holders left over wait for the transitions.
    fn introduce(
        &mut self,
        s: &InterfaceStatus,
        c: &Change,
        source: Source,
        transitions: &[Transition],
        overrun: bool,
        time: SystemTime,
    ) -> Vec<Event> {
        let key = (s.netns_inode, s.ifindex);
        let first = transitions.iter().find(|t| t.key() == key);
        let upto = first.map_or(s.promiscuity, |t| t.promiscuity_before);
        let mut out = Vec::new();
        let mut ev = Event::of(c, source, time);
        ev.promiscuity_before = 0;
        ev.promiscuity_after = 0;
        ev.promisc = false;
        ev.allmulti_after = first.map_or(s.allmulti, |t| t.allmulti_before);
        if overrun {
            ev.note = Some(OVERRUN.into());
        }
        out.push(ev);
        let mut pool: Vec<Change> = s
            .holders
            .iter()
            .map(|h| {
                let mut a = c.clone();
                a.kind = ChangeKind::HolderAdded;
                a.holder = Some(h.clone());
                a
            })
            .collect();
        let mut at = 0;
        while at < upto {
            let mut ev = match (!pool.is_empty()).then(|| pool.remove(0)) {
                Some(a) => Event::of(&a, source, time),
                None => {
                    let mut ev = Event::of(&unknown_change(s, at, at + 1), source, time);
                    ev.note = Some(HOLDER_UNKNOWN.into());
                    ev
                }
            };
            ev.promiscuity_before = at;
            ev.promiscuity_after = at + 1;
            ev.promisc = true;
            ev.allmulti_before = out[0].allmulti_after;
            ev.allmulti_after = out[0].allmulti_after;
            out.push(ev);
            at += 1;
        }
        if first.is_some() {
            // The transitions take the remaining holders.
            self.pending.entry(key).or_default().extend(pool);
        }
        out
    }

    /// At a poll: reports what no notification explained, keeping the counters chained (see
    /// the module doc). Returns the settled interfaces.
    fn settle(
        &mut self,
        fresh: &[InterfaceStatus],
        introduced: &[Key],
        time: SystemTime,
        events: &mut Vec<Event>,
    ) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .pending
            .keys()
            .copied()
            .filter(|k| !introduced.contains(k))
            .collect();
        for s in fresh {
            let k = (s.netns_inode, s.ifindex);
            if introduced.contains(&k) {
                continue;
            }
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
                    Some(c) => Event::of(c, Source::Poll, time),
                    None => {
                        let mut ev = Event::of(&unknown_change(s, at, next), Source::Poll, time);
                        ev.note = Some(HOLDER_UNKNOWN.into());
                        ev
                    }
                };
                ev.promiscuity_before = at;
                ev.promiscuity_after = next;
                ev.promisc = next > 0;
                events.push(ev);
                at = next;
            }
            // A holder that came and left between readings: the counter went one up and back.
            let mut i = 0;
            while i < pool.len() {
                let c = &pool[i];
                let id = c.holder.as_ref().map(crate::diff::identity);
                let pair = (c.kind == ChangeKind::HolderAdded)
                    .then(|| {
                        pool.iter().position(|r| {
                            r.kind == ChangeKind::HolderRemoved
                                && r.holder.as_ref().map(crate::diff::identity) == id
                        })
                    })
                    .flatten();
                let Some(j) = pair else {
                    i += 1;
                    continue;
                };
                let removed = pool.remove(j);
                let added = pool.remove(if j < i { i - 1 } else { i });
                for (c, before, after) in [(added, at, at + 1), (removed, at + 1, at)] {
                    let mut ev = Event::of(&c, Source::Poll, time);
                    ev.promiscuity_before = before;
                    ev.promiscuity_after = after;
                    ev.promisc = after > 0;
                    events.push(ev);
                }
            }
            // One holder replaced by another, the counter unmoved.
            for c in pool {
                let mut ev = Event::of(&c, Source::Poll, time);
                ev.promiscuity_before = at;
                ev.promiscuity_after = at;
                ev.promisc = at > 0;
                events.push(ev);
            }
            self.counters.insert(k, (s.promiscuity, s.allmulti));
            settled.push(k);
        }
        settled
    }
}
