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

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant, SystemTime};

use promisc_state::attribution::InterfaceStatus;
use promisc_state::watch::{Notification, Tracker, Transition};
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
    }
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
        kmsg: procfs::open_kmsg(),
        recent_kmsg: Vec::new(),
    };
    e.sync_namespaces()?;
    let mut tracker = Tracker::new(opts.interfaces.clone(), e.read()?);
    on_state(tracker.last());
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
            for le in &ev.events {
                transitions.extend(tracker.notified(&notification(w.inode, le)));
            }
        }
        if !transitions.is_empty() || overrun {
            e.reread(
                &mut tracker,
                Source::Netlink,
                &transitions,
                overrun,
                on_event,
            )?;
            on_state(tracker.last());
        }
        if Instant::now() >= next_poll {
            // Notifications still queued belong before the poll's reading.
            let mut late = Vec::new();
            for w in &mut e.namespaces {
                for le in &w.monitor.recv()?.events {
                    late.extend(tracker.notified(&notification(w.inode, le)));
                }
            }
            if !late.is_empty() {
                e.reread(&mut tracker, Source::Netlink, &late, false, on_event)?;
            }
            e.sync_namespaces()?;
            e.reread(&mut tracker, Source::Poll, &[], false, on_event)?;
            on_state(tracker.last());
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

    /// Reads the holders again and reports what changed (the matching is `tracker`'s);
    /// `transitions` are the counter moves the notifications showed, in order. An event that
    /// flips the real state gets the kernel log line about it as its note, when it has none.
    fn reread(
        &mut self,
        tracker: &mut Tracker,
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
        for mut ev in tracker.reread(fresh, source, transitions, overrun, now) {
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
