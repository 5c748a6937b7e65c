//! Live capture: TPACKET_V3 sockets on one or more interfaces, worker threads, statistics.

use std::os::fd::BorrowedFd;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use promisc_filter::{Compiled, Meta, NotCookable, Program};
use promisc_savefile::{Interface, LinkType, Stats};
use promisc_sys::ring::{
    self, CaptureSocket, Direction, FanoutMode, Readiness, RingConfig, PACKET_OUTGOING,
    TP_STATUS_VLAN_TPID_VALID, TP_STATUS_VLAN_VALID,
};
use promisc_sys::wake::Wake;
use promisc_wire::frame::sll::{Sll2Repr, SLL2_LEN};
use promisc_wire::frame::vlan::{self, TAG_LEN as VLAN_TAG_LEN};

use crate::sink::{Flow, Sink, SinkError};

/// One interface to capture on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its name, or `any`.
    pub name: String,
    /// Its index; 0 for `any` (a cooked socket on every interface).
    pub ifindex: u32,
    /// The classic BPF program for its packets, compiled for its link type (`LINUX_SLL2`
    /// for `any`). On a cooked socket it is rewritten for the kernel's layout, or, where that
    /// cannot be done, run in user space on each cooked record.
    pub filter: Option<Program>,
}

impl Target {
    /// `-i any`: a cooked socket, `LINUX_SLL2`.
    pub fn is_any(&self) -> bool {
        self.ifindex == 0
    }

    /// The link type its packets are saved with.
    pub fn linktype(&self) -> LinkType {
        if self.is_any() {
            LinkType::LINUX_SLL2
        } else {
            LinkType::ETHERNET
        }
    }
}

/// How to capture.
#[derive(Debug, Clone)]
pub struct Config {
    /// The interfaces.
    pub targets: Vec<Target>,
    /// Take a `PACKET_MR_PROMISC` membership on each (not with `-p`, never for `any`).
    pub promisc: bool,
    /// Bytes kept of each packet.
    pub snaplen: u32,
    /// Ring bytes per socket (`-B`).
    pub buffer_bytes: u64,
    /// `-Q`.
    pub direction: Direction,
    /// `--fanout N`: N sockets per interface in a `PACKET_FANOUT` group, one thread each.
    pub fanout: Option<u16>,
    /// `-c`: stop after this many packets (after the skipped ones).
    pub count: Option<u64>,
    /// `--skip N` (tcpdump 5): the first N packets are counted but not given to the sink.
    pub skip: u64,
    /// How long the kernel may hold a partly filled block, in milliseconds.
    pub retire_timeout_ms: u32,
}

/// The kernel's running totals for one interface.
#[derive(Debug, Default)]
struct Totals {
    received: AtomicU64,
    dropped: AtomicU64,
}

/// The sink and the counts kept with it, under one lock: every packet is counted where it is
/// written, so `-c` is exact with several worker threads and costs no atomic per packet.
struct Locked {
    sink: Box<dyn Sink>,
    captured: u64,
    /// Packets delivered per interface.
    delivered: Vec<u64>,
}

/// Something that happened to an interface during a capture, reported once per interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The interface went down: its capture waits for it to come back up.
    Down(String),
    /// The interface is up again and its packets flow.
    Up(String),
    /// The interface was deleted: its capture ended (the other interfaces' go on).
    Gone(String),
}

/// The state of one target's link, as the workers have seen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Up,
    Down,
    Gone,
}

/// What is shared between the workers and the controlling thread.
struct Shared {
    /// Each target's link state and the events not yet taken.
    links: Mutex<(Vec<Link>, Vec<Event>)>,
    names: Vec<String>,
    stop: AtomicBool,
    totals: Vec<Totals>,
    locked: Mutex<Locked>,
    /// `-c` plus `--skip`: the packets counted before the capture ends.
    count: Option<u64>,
    skip: u64,
    direction: Direction,
    snaplen: u32,
    error: Mutex<Option<Error>>,
    started_ns: u64,
    /// Readable once a stop is asked for: the workers sleep in `poll` on it beside their
    /// sockets, rather than waking on a timer to look at `stop`.
    stop_wake: Wake,
    /// Notified by the workers when an event is recorded or a worker ends, for the
    /// controlling thread ([`Running::notify_fd`]).
    notify: Wake,
    /// Workers still running.
    live: AtomicUsize,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared").field("stop", &self.stop).finish()
    }
}

/// A failure of a capture.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A kernel call failed.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
    /// The sink failed.
    #[error(transparent)]
    Sink(#[from] SinkError),
    /// The rings asked for would lock too much kernel memory.
    #[error(
        "a ring of {asked_kib} KiB per socket ({sockets} socket(s)) is more than this machine \
         can give: the largest accepted is {max_kib} KiB, a quarter of the physical memory \
         shared by the sockets, at most 4 GiB each"
    )]
    RingTooLarge {
        /// The ring size asked for, per socket.
        asked_kib: u64,
        /// The largest accepted, per socket.
        max_kib: u64,
        /// How many sockets (interfaces times `--fanout`).
        sockets: u64,
    },
    /// Every interface of the capture was deleted while it ran. The sink was finished: it
    /// holds every packet captured.
    #[error("the interface disappeared: {}", names.join(", "))]
    Gone {
        /// The interfaces.
        names: Vec<String>,
        /// The statistics until then.
        summary: Summary,
    },
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        use promisc_sys::ErrorKind;
        match self {
            Error::Sys(e) => e.kind(),
            Error::Sink(_) => ErrorKind::System,
            Error::RingTooLarge { .. } => ErrorKind::Usage,
            Error::Gone { .. } => ErrorKind::InterfaceGone,
        }
    }
}

/// Statistics in tcpdump's terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Packets handed to the sink (`packets captured`).
    pub captured: u64,
    /// Packets that passed the kernel filter (`packets received by filter`).
    pub received: u64,
    /// Packets the kernel dropped for lack of room (`packets dropped by kernel`).
    pub dropped: u64,
}

impl Summary {
    /// The three lines tcpdump prints at the end of a capture.
    pub fn lines(&self) -> String {
        format!(
            "{} captured\n{} received by filter\n{} dropped by kernel\n",
            packets(self.captured),
            packets(self.received),
            packets(self.dropped)
        )
    }

    /// The one line tcpdump prints on SIGUSR1.
    pub fn one_line(&self) -> String {
        format!(
            "{} captured, {} received by filter, {} dropped by kernel",
            packets(self.captured),
            packets(self.received),
            packets(self.dropped)
        )
    }
}

fn packets(n: u64) -> String {
    format!("{n} packet{}", if n == 1 { "" } else { "s" })
}

struct Slot {
    sock: CaptureSocket,
    /// Index into the targets (and the sink's interface ids).
    target: usize,
    cooked: bool,
    /// The filter run here on each cooked record, when the kernel cannot run it.
    user_filter: Option<Compiled>,
    /// When the interface went down (ns), while no packet newer than that came.
    down_since: Option<u64>,
    /// The interface was deleted: the socket is dropped once the kernel has retired the
    /// block it was filling (its retire timer still runs), or at this time (ns).
    gone_by: Option<u64>,
}

/// Opened sockets, ready to run. Open them before dropping privileges.
pub struct Capture {
    cfg: Config,
    /// [`Shared::stop_wake`] and [`Shared::notify`], made here where failing is allowed.
    wakes: (Wake, Wake),
    /// Sockets per worker thread.
    workers: Vec<Vec<Slot>>,
    /// Targets whose filter runs in user space, with the reason.
    user_filtered: Vec<(String, NotCookable)>,
}

impl std::fmt::Debug for Capture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Capture")
            .field("targets", &self.cfg.targets)
            .finish()
    }
}

impl Capture {
    /// Creates and sets up every socket: ring, filter, bind, membership, fanout, in the order
    /// of docs/ARCHITECTURE.md §1. Needs `CAP_NET_RAW`.
    pub fn open(cfg: Config) -> Result<Self, Error> {
        let threads = usize::from(cfg.fanout.unwrap_or(1).max(1));
        let ring_cfg = RingConfig::for_buffer(cfg.buffer_bytes, cfg.snaplen, cfg.retire_timeout_ms);
        let sockets = (threads * cfg.targets.len()).max(1) as u64;
        let max = max_ring_bytes(promisc_sys::procfs::mem_total_bytes(), sockets);
        let asked = cfg.buffer_bytes.max(ring_cfg.bytes() as u64);
        if asked > max {
            return Err(Error::RingTooLarge {
                asked_kib: asked / 1024,
                max_kib: max / 1024,
                sockets,
            });
        }
        let group_base = (std::process::id() & 0x7fff) as u16;
        let mut workers: Vec<Vec<Slot>> = (0..threads).map(|_| Vec::new()).collect();
        let mut user_filtered = Vec::new();
        for (t, target) in cfg.targets.iter().enumerate() {
            let cooked = target.is_any();
            // What the kernel runs, and what is left to run here.
            // A program the kernel refuses (protochain's loop) runs here on every socket, as
            // libpcap runs it when the kernel refuses to attach it.
            let refused = target
                .filter
                .as_ref()
                .and_then(|p| promisc_filter::validate(p).err());
            let (kernel, user) = match (&target.filter, refused) {
                (None, _) => (None, None),
                (Some(p), Some(why)) => {
                    user_filtered.push((target.name.clone(), NotCookable::Kernel(why)));
                    (None, Some(p))
                }
                (Some(p), None) if !cooked => (Some(p.0.clone()), None),
                (Some(p), None) => {
                    match promisc_filter::for_cooked_socket(p, target.linktype().0) {
                        Ok(k) => (Some(k.0), None),
                        Err(why) => {
                            user_filtered.push((target.name.clone(), why));
                            (None, Some(p))
                        }
                    }
                }
            };
            for (w, worker) in workers.iter_mut().enumerate() {
                let mut sock = CaptureSocket::open(cooked)?;
                sock.setup_ring(ring_cfg)?;
                if let Some(prog) = &kernel {
                    sock.attach_filter(prog)?;
                }
                if cfg.direction == Direction::In {
                    sock.ignore_outgoing()?;
                }
                sock.bind(target.ifindex)?;
                if cfg.promisc && !cooked && w == 0 {
                    // One membership per interface is enough; the fanout siblings share it.
                    sock.add_promisc(target.ifindex)?;
                }
                if cfg.fanout.is_some() {
                    sock.join_fanout(group_base.wrapping_add(t as u16), FanoutMode::Hash)?;
                }
                worker.push(Slot {
                    sock,
                    target: t,
                    cooked,
                    user_filter: user.map(Compiled::new),
                    down_since: None,
                    gone_by: None,
                });
            }
        }
        Ok(Capture {
            cfg,
            wakes: (Wake::new()?, Wake::new()?),
            workers,
            user_filtered,
        })
    }

    /// The targets whose filter runs in user space (the kernel refuses the program, or cannot
    /// run it on their cooked socket), each with the reason.
    pub fn user_filtered(&self) -> &[(String, NotCookable)] {
        &self.user_filtered
    }

    /// The interfaces as the sink should declare them.
    pub fn interfaces(&self) -> Vec<Interface> {
        self.cfg
            .targets
            .iter()
            .map(|t| Interface {
                linktype: t.linktype(),
                snaplen: self.cfg.snaplen,
                name: Some(t.name.clone()),
                ts_resolution_ns: 1,
            })
            .collect()
    }

    /// Starts the worker threads writing into `sink` (whose interfaces must already be
    /// declared in the order of [`Capture::interfaces`]).
    pub fn start(self, sink: Box<dyn Sink>, now_ns: u64) -> Running {
        let shared = Arc::new(Shared {
            links: Mutex::new((vec![Link::Up; self.cfg.targets.len()], Vec::new())),
            names: self.cfg.targets.iter().map(|t| t.name.clone()).collect(),
            stop: AtomicBool::new(false),
            totals: self.cfg.targets.iter().map(|_| Totals::default()).collect(),
            locked: Mutex::new(Locked {
                sink,
                captured: 0,
                delivered: vec![0; self.cfg.targets.len()],
            }),
            count: self.cfg.count.map(|c| c.saturating_add(self.cfg.skip)),
            skip: self.cfg.skip,
            direction: self.cfg.direction,
            snaplen: self.cfg.snaplen,
            error: Mutex::new(None),
            started_ns: now_ns,
            stop_wake: self.wakes.0,
            notify: self.wakes.1,
            live: AtomicUsize::new(self.workers.len()),
        });
        let timeout = self.cfg.retire_timeout_ms;
        let handles = self
            .workers
            .into_iter()
            .map(|slots| {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || {
                    // Counted out and announced even if the worker panics.
                    let _ended = Ended(&shared);
                    worker(slots, &shared, timeout);
                })
            })
            .collect();
        Running { shared, handles }
    }
}

/// The largest ring one of `sockets` sockets may have: a quarter of the physical memory
/// (`mem_total`, 1 GiB when unknown) shared among them, and under the 4 GiB the kernel takes
/// for one ring. The kernel locks a ring's memory as soon as it is asked for, so a mistyped
/// `-B` would otherwise drain the machine.
pub fn max_ring_bytes(mem_total: Option<u64>, sockets: u64) -> u64 {
    let quarter = mem_total.unwrap_or(4 << 30) / 4;
    (quarter / sockets.max(1)).min((4 << 30) - (1 << 20))
}

/// Counts a worker out when it ends, and tells the controlling thread.
struct Ended<'a>(&'a Shared);

impl Drop for Ended<'_> {
    fn drop(&mut self) {
        self.0.live.fetch_sub(1, Ordering::SeqCst);
        self.0.notify.notify();
    }
}

/// Asks every worker to finish, waking those asleep in `poll`.
fn request_stop(shared: &Shared) {
    shared.stop.store(true, Ordering::SeqCst);
    shared.stop_wake.notify();
}

/// How long an idle worker sleeps in `poll` at most when every interface is up: the kernel
/// wakes it for each retired block, and [`Shared::stop_wake`] for a stop, so this only bounds
/// how old the kernel's statistics in [`Running::summary`] can be.
const IDLE_POLL_MS: i32 = 1000;

/// A capture in progress.
#[derive(Debug)]
pub struct Running {
    shared: Arc<Shared>,
    handles: Vec<JoinHandle<()>>,
}

impl Running {
    /// Asks the workers to finish: they drain what the kernel holds and stop.
    pub fn stop(&self) {
        request_stop(&self.shared);
    }

    /// True once every worker has ended (count reached, error, or stopped).
    pub fn is_finished(&self) -> bool {
        self.shared.live.load(Ordering::SeqCst) == 0
    }

    /// A descriptor that becomes readable (to `poll`) when an interface event is recorded or
    /// a worker ends, so that the controlling thread can sleep until then instead of waking on
    /// a timer. Call [`Running::acknowledge`] before looking at [`Running::take_events`] and
    /// [`Running::is_finished`], then poll.
    pub fn notify_fd(&self) -> BorrowedFd<'_> {
        self.shared.notify.fd()
    }

    /// Makes [`Running::notify_fd`] unreadable until the next event or end.
    pub fn acknowledge(&self) {
        self.shared.notify.clear();
    }

    /// The interface events since the last call (went down, up again, deleted).
    pub fn take_events(&self) -> Vec<Event> {
        self.shared
            .links
            .lock()
            .map(|mut l| std::mem::take(&mut l.1))
            .unwrap_or_default()
    }

    /// The statistics so far.
    pub fn summary(&self) -> Summary {
        self_summary(&self.shared)
    }

    /// Waits for the workers, finishes the sink (statistics, flush) and returns the totals.
    pub fn join(self, end_ts_ns: u64) -> Result<Summary, Error> {
        self.stop();
        for h in self.handles {
            let _ = h.join();
        }
        let summary = self_summary(&self.shared);
        let delivered = self
            .shared
            .locked
            .lock()
            .map(|l| l.delivered.clone())
            .unwrap_or_default();
        let stats: Vec<(u32, Stats)> = self
            .shared
            .totals
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    i as u32,
                    Stats {
                        received: Some(t.received.load(Ordering::SeqCst)),
                        dropped: Some(t.dropped.load(Ordering::SeqCst)),
                        filter_accepted: None,
                        os_dropped: None,
                        delivered: delivered.get(i).copied(),
                        ts_ns: end_ts_ns,
                        start_ns: Some(self.shared.started_ns),
                        end_ns: Some(end_ts_ns),
                    },
                )
            })
            .collect();
        let first_error = self
            .shared
            .error
            .lock()
            .map(|mut e| e.take())
            .unwrap_or(None);
        let finish = self
            .shared
            .locked
            .lock()
            .map_err(|_| SinkError::Closed)
            .and_then(|mut l| l.sink.finish(&stats));
        let gone = self
            .shared
            .links
            .lock()
            .map(|l| l.0.iter().all(|s| *s == Link::Gone))
            .unwrap_or(false);
        if gone && first_error.is_none() && finish.is_ok() {
            return Err(Error::Gone {
                names: self.shared.names.clone(),
                summary,
            });
        }
        match (first_error, finish) {
            // The reader of the output went away (`promisc capture | head`): a quiet end.
            (Some(Error::Sink(SinkError::Closed)), _) => Ok(summary),
            (Some(e), _) => Err(e),
            (None, Err(SinkError::Closed)) => Ok(summary),
            (None, Err(e)) => Err(e.into()),
            (None, Ok(())) => Ok(summary),
        }
    }
}

fn self_summary(s: &Shared) -> Summary {
    Summary {
        captured: s.locked.lock().map_or(0, |l| l.captured),
        received: s
            .totals
            .iter()
            .map(|t| t.received.load(Ordering::SeqCst))
            .sum(),
        dropped: s
            .totals
            .iter()
            .map(|t| t.dropped.load(Ordering::SeqCst))
            .sum(),
    }
}

fn worker(mut slots: Vec<Slot>, shared: &Shared, timeout_ms: u32) {
    let mut scratch = Vec::with_capacity(65_536);
    let mut draining = false;
    loop {
        match drain(&mut slots, shared, &mut scratch) {
            Ok(true) => {}
            Ok(false) => {
                request_stop(shared);
                break;
            }
            Err(e) => {
                if let Ok(mut slot) = shared.error.lock() {
                    slot.get_or_insert(e);
                }
                request_stop(shared);
                break;
            }
        }
        account(&slots, shared);
        if shared.stop.load(Ordering::SeqCst) {
            if draining {
                break;
            }
            draining = true;
            // Packets already in a block the kernel has not retired yet are captured too:
            // wait (at most one retire timeout) for that block, drain it, and end.
            if !slots.iter().any(|s| s.sock.active_block_has_packets()) {
                break;
            }
            let fds: Vec<_> = slots.iter().map(|s| s.sock.fd()).collect();
            let _ = ring::poll_readable(&fds, timeout_ms as i32 + 50);
            continue;
        }
        let mut fds: Vec<_> = slots.iter().map(|s| s.sock.fd()).collect();
        fds.push(shared.stop_wake.fd());
        // A stop request or a retired block wakes the poll; while an interface is down it
        // also wakes every 100 ms to see whether the interface was deleted.
        let down = slots
            .iter()
            .any(|s| s.down_since.is_some() || s.gone_by.is_some());
        let wait = if down {
            (timeout_ms as i32).min(100)
        } else {
            IDLE_POLL_MS
        };
        let Ok(ready) = ring::poll_readable(&fds, wait) else {
            break;
        };
        let ready = &ready[..slots.len()];
        if let Err(e) = socket_errors(&mut slots, ready, shared, &mut scratch, timeout_ms) {
            if let Ok(mut slot) = shared.error.lock() {
                slot.get_or_insert(e);
            }
            request_stop(shared);
            break;
        }
        if slots.is_empty() {
            // Every interface of this worker is gone; the others' workers go on.
            return;
        }
    }
    account(&slots, shared);
}

/// Records a transition of target `t`'s link, and its event if it is one.
fn transition(shared: &Shared, t: usize, to: Link) {
    if let Ok(mut l) = shared.links.lock() {
        let (states, events) = &mut *l;
        if states[t] == to || states[t] == Link::Gone {
            return;
        }
        states[t] = to;
        let name = shared.names[t].clone();
        events.push(match to {
            Link::Up => Event::Up(name),
            Link::Down => Event::Down(name),
            Link::Gone => Event::Gone(name),
        });
        shared.notify.notify();
    }
}

/// Reads the pending error of each socket `poll` flagged (reading clears it; left unread, it
/// makes `poll` return at once forever): `ENETDOWN` means the interface went down. Then checks
/// each socket whose interface is down: once the kernel has unbound it, the interface was
/// deleted, and its socket is drained one last time and dropped.
fn socket_errors(
    slots: &mut Vec<Slot>,
    ready: &[Readiness],
    shared: &Shared,
    scratch: &mut Vec<u8>,
    timeout_ms: u32,
) -> Result<(), Error> {
    for (slot, r) in slots.iter_mut().zip(ready) {
        if !r.error {
            continue;
        }
        match slot.sock.take_error()? {
            Some(e) if e.raw_os_error() == Some(ring::ENETDOWN) => {
                slot.down_since.get_or_insert_with(now_ns);
                transition(shared, slot.target, Link::Down);
            }
            Some(e) => return Err(promisc_sys::Error::io("capture socket", e).into()),
            None => {}
        }
    }
    let now = now_ns();
    let mut i = 0;
    while i < slots.len() {
        let slot = &mut slots[i];
        if slot.gone_by.is_none()
            && slot.down_since.is_some()
            && slot.sock.bound_ifindex().map_or(true, |ix| ix < 0)
        {
            transition(shared, slot.target, Link::Gone);
            slot.gone_by = Some(now + (u64::from(timeout_ms) + 100) * 1_000_000);
        }
        let finished = slot
            .gone_by
            .is_some_and(|by| now >= by || !slot.sock.active_block_has_packets());
        if finished {
            drain(std::slice::from_mut(&mut slots[i]), shared, scratch)?;
            account(&slots[i..=i], shared);
            slots.remove(i);
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// The time now, in nanoseconds since 1970 (the ring's timestamps' clock).
fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Adds the kernel's statistics (reset on each read) to the running totals.
fn account(slots: &[Slot], shared: &Shared) {
    for s in slots {
        if let Ok(st) = s.sock.take_stats() {
            let t = &shared.totals[s.target];
            t.received.fetch_add(st.packets, Ordering::SeqCst);
            t.dropped.fetch_add(st.drops, Ordering::SeqCst);
        }
    }
}

/// Hands every ready block to the sink. Returns false when the capture should end (count
/// reached or the sink asked to stop).
fn drain(slots: &mut [Slot], shared: &Shared, scratch: &mut Vec<u8>) -> Result<bool, Error> {
    for slot in slots.iter_mut() {
        let target = slot.target as u32;
        let cooked = slot.cooked;
        let user_filter = slot.user_filter.as_ref();
        while let Some(block) = slot.sock.next_block() {
            // A packet stamped after the link went down shows it is up again (the block
            // retired just after it went down holds older ones).
            if let Some(since) = slot.down_since {
                if block.frames().any(|f| f.ts_ns > since) {
                    slot.down_since = None;
                    transition(shared, slot.target, Link::Up);
                }
            }
            let mut guard = shared.locked.lock().map_err(|_| SinkError::Closed)?;
            let locked = &mut *guard;
            for f in block.frames() {
                match shared.direction {
                    Direction::InOut => {}
                    Direction::In if f.pkttype() == PACKET_OUTGOING => continue,
                    Direction::Out if f.pkttype() != PACKET_OUTGOING => continue,
                    _ => {}
                }
                if shared.count.is_some_and(|max| locked.captured >= max) {
                    locked.sink.end_batch()?;
                    return Ok(false);
                }
                let (data, orig_len) = if cooked {
                    let h = Sll2Repr {
                        protocol: f.protocol(),
                        ifindex: f.ifindex(),
                        hatype: f.hatype(),
                        pkttype: f.pkttype(),
                        addr: f.addr(),
                    };
                    (
                        h.write_with_payload(f.data, scratch),
                        f.len + SLL2_LEN as u32,
                    )
                } else if f.status & TP_STATUS_VLAN_VALID != 0 {
                    let tpid = if f.status & TP_STATUS_VLAN_TPID_VALID != 0 {
                        f.vlan_tpid
                    } else {
                        0
                    };
                    (
                        vlan::reinsert(f.data, f.vlan_tci, tpid, scratch),
                        f.len + VLAN_TAG_LEN as u32,
                    )
                } else {
                    (f.data, f.len)
                };
                let mut keep = shared.snaplen as usize;
                if let Some(m) = user_filter {
                    let meta = Meta {
                        protocol: f.protocol(),
                        ifindex: f.ifindex(),
                        hatype: f.hatype(),
                        pkttype: f.pkttype(),
                        ..Meta::default()
                    };
                    match m.run(data, orig_len, &meta) {
                        0 => continue,
                        n => keep = keep.min(n as usize),
                    }
                }
                let data = &data[..data.len().min(keep)];
                if locked.captured < shared.skip {
                    // --skip: counted (in the summary too, as tcpdump), neither printed nor
                    // written.
                    locked.captured += 1;
                    locked.delivered[slot.target] += 1;
                    continue;
                }
                if locked.sink.packet(target, f.ts_ns, orig_len, data)? == Flow::Stop {
                    locked.sink.end_batch()?;
                    return Ok(false);
                }
                locked.captured += 1;
                locked.delivered[slot.target] += 1;
            }
            locked.sink.end_batch()?;
            if shared.count.is_some_and(|max| locked.captured >= max) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}
