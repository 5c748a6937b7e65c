//! `promisc watch`'s engine: every change of an interface's promiscuity or allmulti counter,
//! with the holder that appeared or left.
//!
//! One `RTNLGRP_LINK` socket per watched namespace (opened inside it), a `signalfd`, and
//! `/dev/kmsg` when readable, in one `poll` loop. A batch of link notifications is fed in order
//! to [`promisc_state::watch::Tracker`], which says which of them moved an interface's
//! counters (one transition each). Then the holders are read again (the status engine) and the
//! tracker matches each transition with a holder of the diff, a holder that appeared (going
//! up) or left (going down), or reports it with the holder unknown; so the reported counters
//! chain without gaps. Every `interval` everything is read again (a `uc_promisc` change sends
//! no notification; namespaces come and go), and what changed is reported as found by
//! polling. The matching is pure and tested there; this module does the I/O.
//!
//! With `--all-netns`, a namespace is watched as soon as it is known: a name new in
//! `/run/netns` (inotify) is looked at every 2 ms until its bind mount is there (for at most
//! 2 s), an `RTM_NEWNSID` (an id given to a namespace, such as a veth peer's) makes every
//! namespace be listed again, and the poll lists them too. The monitor is opened inside the
//! new namespace first, then everything is read, then the notifications it queued meanwhile
//! are taken as the batch before that reading: so an interface there is reported (with its
//! holders) from its first reading on, and whatever happens after the monitor opened is a
//! notification. Only namespaces with a monitor are reported.
//!
//! Without privileges, only the caller's namespace can be watched (entering another needs
//! `CAP_SYS_ADMIN`); [`Watching`] says what was refused.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant, SystemTime};

use promisc_state::attribution::InterfaceStatus;
use promisc_state::watch::{Notification, Tracker, Transition};
use promisc_sys::inotify::DirWatch;
use promisc_sys::procfs;
use promisc_sys::rtnl::{LinkEvent, LinkMonitor};
use promisc_sys::signals::{Signal, SignalFd};

pub use promisc_state::watch::{Event, Source};

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

/// What the watch covers, told once it has begun.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watching {
    /// The namespaces whose link notifications are heard (a monitor inside each).
    pub namespaces: usize,
    /// The namespaces that exist but could not be entered, by name (their interfaces are not
    /// watched).
    pub refused: Vec<String>,
    /// The capability whose lack refused them.
    pub missing: Option<&'static str>,
    /// New named namespaces are learnt as they are made (inotify on `/run/netns`); otherwise
    /// (or for unnamed ones) by the next poll, or an nsid given to them.
    pub new_named: bool,
}

/// How long a name new in `/run/netns` is looked at until it is a namespace: `ip netns add`
/// creates the file, then binds the namespace on it.
const APPEAR_WAIT: Duration = Duration::from_secs(2);
/// How often meanwhile.
const APPEAR_STEP: Duration = Duration::from_millis(2);
/// How many times at most the namespaces are read again while their monitors keep hearing
/// counter moves during a reading (see [`Engine::reread`]): each costs a scan of `/proc`, and under
/// a burst of new namespaces a watcher that re-reads more falls behind.
const NEW_READS: usize = 1;
/// Where `ip netns add` binds named namespaces (watched with `--all-netns`).
pub const NETNS_DIR: &str = "/run/netns";

/// A watched namespace.
struct Watched {
    inode: u64,
    monitor: LinkMonitor,
}

struct Engine {
    opts: Options,
    namespaces: Vec<Watched>,
    kmsg: Option<File>,
    recent_kmsg: Vec<(Instant, String)>,
    /// The facts last read of each namespace (with `--all-netns`): a reading after
    /// notifications gathers again only the namespaces that had some.
    cache: status::FactsCache,
    /// inotify on `/run/netns` (with `--all-netns`).
    netns_dir: Option<DirWatch>,
    /// Names new in `/run/netns` that are not a namespace yet, and until when to look.
    appearing: Vec<(String, Instant)>,
    /// A look at every namespace is due: a name left `/run/netns`, inotify lost events, or
    /// an nsid was given to a namespace that may be new.
    resync: bool,
    /// Namespaces that could not be entered, and the capability missing.
    refused: Vec<String>,
    missing: Option<&'static str>,
}

/// A notification read by the monitor of namespace `inode`, for the matching.
fn notification(inode: u64, le: &LinkEvent) -> Notification {
    Notification {
        netns_inode: inode,
        ifindex: le.link.ifindex,
        elsewhere: le.nsid.is_some(),
        deleted: le.deleted,
        promiscuity: le.link.promiscuity,
        allmulti: le.link.allmulti.unwrap_or(0),
        user_flag: le.link.user_flag(),
    }
}

/// Watches until SIGINT or SIGTERM, handing every event to `on_event`. `ready` is called once
/// the first reading is done and the sockets listen, with what is watched.
pub fn run(
    opts: &Options,
    ready: &mut dyn FnMut(&Watching),
    on_event: &mut dyn FnMut(&Event),
) -> Result<(), Error> {
    run_with_state(opts, ready, on_event, &mut |_| {})
}

/// [`run`], also handing `on_state` every watched interface's status after each reading
/// (the exporter's cache).
pub fn run_with_state(
    opts: &Options,
    ready: &mut dyn FnMut(&Watching),
    on_event: &mut dyn FnMut(&Event),
    on_state: &mut dyn FnMut(&[InterfaceStatus]),
) -> Result<(), Error> {
    let signals = SignalFd::new(&[Signal::Interrupt, Signal::Terminate, Signal::Hangup])?;
    let mut e = Engine {
        opts: opts.clone(),
        namespaces: Vec::new(),
        kmsg: procfs::open_kmsg(),
        recent_kmsg: Vec::new(),
        cache: status::FactsCache::default(),
        // Without it, new namespaces are found by the poll.
        netns_dir: if opts.all_netns {
            DirWatch::open(NETNS_DIR).ok()
        } else {
            None
        },
        appearing: Vec::new(),
        resync: false,
        refused: Vec::new(),
        missing: None,
    };
    e.sync_namespaces();
    let mut tracker = Tracker::new(opts.interfaces.clone(), e.read(None)?);
    on_state(tracker.last());
    ready(&Watching {
        namespaces: e.namespaces.len(),
        refused: e.refused.clone(),
        missing: e.missing,
        new_named: e.netns_dir.is_some(),
    });
    let mut next_poll = Instant::now() + opts.interval;
    loop {
        let mut timeout = next_poll.saturating_duration_since(Instant::now());
        if !e.appearing.is_empty() {
            timeout = timeout.min(APPEAR_STEP);
        }
        let ready_fds = {
            let mut fds: Vec<BorrowedFd<'_>> = vec![signals.fd()];
            if let Some(k) = &e.kmsg {
                fds.push(k.as_fd());
            }
            if let Some(d) = &e.netns_dir {
                fds.push(d.fd());
            }
            fds.extend(e.namespaces.iter().map(|w| w.monitor.fd()));
            promisc_sys::ring::poll_readable(&fds, timeout.as_millis().min(60_000) as i32 + 1)?
        };
        if ready_fds[0].readable && signals.read()?.is_some() {
            return Ok(());
        }
        let mut k = 1;
        if e.kmsg.is_some() {
            if ready_fds[k].readable {
                e.read_kmsg();
            }
            k += 1;
        }
        if e.netns_dir.is_some() {
            if ready_fds[k].readable {
                e.read_netns_dir()?;
            }
            k += 1;
        }
        let mut transitions: Vec<Transition> = Vec::new();
        let mut overrun = false;
        let mut heard = Vec::new();
        for (i, w) in e.namespaces.iter_mut().enumerate() {
            if !ready_fds.get(k + i).is_some_and(|r| r.readable || r.error) {
                continue;
            }
            let ev = w.monitor.recv()?;
            overrun |= ev.overrun;
            if !ev.events.is_empty() || ev.overrun {
                heard.push(w.inode);
            }
            e.resync |= ev.nsid_added && e.opts.all_netns;
            for le in &ev.events {
                transitions.extend(tracker.notified(&notification(w.inode, le)));
            }
        }
        let mut new = e.open_appeared();
        if std::mem::take(&mut e.resync) {
            let (opened, dropped) = e.sync_namespaces();
            new.extend(opened);
            forget(&mut tracker, &dropped, on_event);
        }
        if !transitions.is_empty() || overrun || !new.is_empty() {
            heard.extend(&new);
            e.reread(
                &mut tracker,
                Source::Netlink,
                transitions,
                overrun,
                Some(&heard),
                on_event,
            )?;
            on_state(tracker.last());
        }
        if Instant::now() >= next_poll {
            // Notifications still queued belong before the poll's reading.
            let mut late = Vec::new();
            let mut overrun = false;
            let mut heard = Vec::new();
            for w in &mut e.namespaces {
                let ev = w.monitor.recv()?;
                overrun |= ev.overrun;
                if !ev.events.is_empty() || ev.overrun {
                    heard.push(w.inode);
                }
                for le in &ev.events {
                    late.extend(tracker.notified(&notification(w.inode, le)));
                }
            }
            // A namespace made since the last look is watched before it is read, so that
            // what happens next is a notification.
            let (new, dropped) = e.sync_namespaces();
            forget(&mut tracker, &dropped, on_event);
            if !late.is_empty() || overrun || !new.is_empty() {
                heard.extend(&new);
                let read = Some(&heard[..]);
                e.reread(&mut tracker, Source::Netlink, late, overrun, read, on_event)?;
            }
            e.reread(
                &mut tracker,
                Source::Poll,
                Vec::new(),
                false,
                None,
                on_event,
            )?;
            on_state(tracker.last());
            next_poll = Instant::now() + opts.interval;
        }
    }
}

/// Reports the interfaces of the namespaces no longer watched as removed, and forgets them
/// (the kernel reuses a namespace's inode once it is freed, which the monitor prevented).
fn forget(tracker: &mut Tracker, dropped: &[u64], on_event: &mut dyn FnMut(&Event)) {
    let now = SystemTime::now();
    for inode in dropped {
        for ev in tracker.forget(*inode, Source::Poll, now) {
            on_event(&ev);
        }
    }
}

impl Engine {
    /// Opens a monitor in every namespace to watch that has none; drops those of gone ones.
    /// Returns the inodes of the namespaces watched from now on, and of those dropped.
    fn sync_namespaces(&mut self) -> (Vec<u64>, Vec<u64>) {
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
        let mut dropped = Vec::new();
        self.namespaces.retain(|w| {
            let keep = wanted.iter().any(|n| n.inode == w.inode);
            if !keep {
                dropped.push(w.inode);
            }
            keep
        });
        self.refused.clear();
        let mut opened = Vec::new();
        for n in wanted {
            if self.namespaces.iter().any(|w| w.inode == n.inode) {
                continue;
            }
            if self.watch(&n, current) {
                opened.push(n.inode);
            }
        }
        (opened, dropped)
    }

    /// Opens a monitor inside namespace `n`; false when it cannot be entered (noted in
    /// `refused` when for want of a capability) or went away meanwhile (the poll covers it).
    fn watch(&mut self, n: &procfs::NetnsEntry, current: u64) -> bool {
        let monitor = if n.inode == current {
            LinkMonitor::open()
        } else {
            promisc_sys::ns::run_in(&n.path, LinkMonitor::open)
        };
        match monitor {
            Ok(monitor) => {
                self.namespaces.push(Watched {
                    inode: n.inode,
                    monitor,
                });
                true
            }
            Err(promisc_sys::Error::Permission { capability, .. }) => {
                self.refused.push(n.name.clone());
                self.missing = Some(capability);
                false
            }
            Err(_) => false,
        }
    }

    /// Reads what inotify reported of `/run/netns`: a new name is looked at until it is a
    /// namespace (see [`Engine::open_appeared`]); a name that left, or lost events, make a
    /// look at every namespace due.
    fn read_netns_dir(&mut self) -> Result<(), Error> {
        let Some(d) = &mut self.netns_dir else {
            return Ok(());
        };
        let changes = d.read()?;
        let until = Instant::now() + APPEAR_WAIT;
        for name in changes.appeared {
            if !self.appearing.iter().any(|(n, _)| *n == name) {
                self.appearing.push((name, until));
            }
        }
        self.resync |= changes.overflow || !changes.left.is_empty();
        Ok(())
    }

    /// Opens a monitor in each new name of `/run/netns` that is a namespace by now (not one
    /// watched already); forgets those that did not become one in time. Returns the inodes
    /// of the namespaces watched from now on.
    fn open_appeared(&mut self) -> Vec<u64> {
        if self.appearing.is_empty() {
            return Vec::new();
        }
        let now = Instant::now();
        let current = procfs::current_netns_inode().unwrap_or(0);
        let mut opened = Vec::new();
        for (name, until) in std::mem::take(&mut self.appearing) {
            match procfs::named_netns(&name) {
                Some(n) if self.namespaces.iter().any(|w| w.inode == n.inode) => {}
                Some(n) if self.watch(&n, current) => opened.push(n.inode),
                Some(_) => {}
                // Not bound yet: look again soon, for a while.
                None if now < until && std::path::Path::new(NETNS_DIR).join(&name).exists() => {
                    self.appearing.push((name, until))
                }
                None => {}
            }
        }
        opened
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

    /// The statuses of the watched namespaces, those with a monitor, and the caller's (the
    /// snapshot may read others to attribute a holder there; their interfaces are not
    /// watched: a namespace is first reported once its notifications are heard). With
    /// `--all-netns`, only the namespaces in `dirty` (every one when `None`) are gathered
    /// again.
    fn read(&mut self, dirty: Option<&[u64]>) -> Result<Vec<InterfaceStatus>, Error> {
        let snap = if self.opts.all_netns {
            status::snapshot_cached(&mut self.cache, dirty)?
        } else {
            status::snapshot(false)?
        };
        let current = snap.current;
        Ok(snap
            .statuses
            .into_iter()
            .filter(|s| {
                s.netns_inode == current || self.namespaces.iter().any(|w| w.inode == s.netns_inode)
            })
            .collect())
    }

    /// Reads the holders again and reports what changed (the matching is `tracker`'s);
    /// `transitions` are the counter moves the notifications showed, in order; `dirty` the
    /// namespaces to gather again (every one when `None`). Notifications queued until the
    /// reading is done belong before it. An event that flips the
    /// real state gets the kernel log line about it as its note, when it has none.
    fn reread(
        &mut self,
        tracker: &mut Tracker,
        source: Source,
        mut transitions: Vec<Transition>,
        mut overrun: bool,
        dirty: Option<&[u64]>,
        on_event: &mut dyn FnMut(&Event),
    ) -> Result<(), Error> {
        let mut fresh = self.read(dirty)?;
        // Notifications queued while the reading ran may tell of moves before it or after it:
        // no one can say which, so every monitor is emptied once more and, when one heard a
        // counter move, its namespace is read again: the moves heard lead to that reading
        // (they were sent before it began), instead of coming back as news at the next
        // wake-up. Most of all a new namespace's: its devices' first notifications set where
        // their counters start. Once only: each reading costs a scan of `/proc`.
        for _ in 0..NEW_READS {
            let mut heard = Vec::new();
            for w in self.namespaces.iter_mut() {
                let ev = w.monitor.recv()?;
                overrun |= ev.overrun;
                let before = transitions.len();
                for le in &ev.events {
                    transitions.extend(tracker.notified(&notification(w.inode, le)));
                }
                if ev.overrun || transitions.len() > before {
                    heard.push(w.inode);
                }
            }
            if heard.is_empty() {
                break;
            }
            fresh = self.read(Some(&heard))?;
        }
        let now = SystemTime::now();
        for mut ev in tracker.reread(fresh, source, &transitions, overrun, now) {
            if ev.note.is_none() {
                if let Some(entered) = ev.flips() {
                    ev.note = self.kmsg_for(&ev.interface, entered);
                }
            }
            on_event(&ev);
        }
        Ok(())
    }
}
