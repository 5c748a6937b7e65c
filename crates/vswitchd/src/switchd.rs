//! `promisc vswitch run`: the I/O loop around [`Switch::decide`].
//!
//! One thread, one `poll(2)` over: a `signalfd` (SIGINT, SIGTERM end it; SIGUSR1 prints the
//! statistics), the link monitor (every namespace's `RTM_NEWLINK`, for the guests' MACs and
//! promiscuity counters and for ports whose device goes or comes back), the control socket,
//! and one receive ring per port. Frames are forwarded a ring block at a time: every frame of
//! the block is decided, then each destination port gets one `sendmmsg` batch that points into
//! the ring itself (no copy, no allocation once the buffers have grown); the block goes back
//! to the kernel after the sends. Every second the guests' counters are read again (a
//! `uc_promisc` change sends no notification), learned MACs age, and the Workstation vmnet
//! permission is checked.

use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use promisc_facts::link::LinkFacts;
use promisc_sys::ring::{CaptureSocket, RingConfig, TP_STATUS_VLAN_VALID};
use promisc_sys::ring::{TxScratch, TxSocket};
use promisc_sys::rtnl::{LinkMonitor, Route};
use promisc_sys::signals::{Signal, SignalFd};
use promisc_vswitch::access::{self, FileMode, User};
use promisc_vswitch::config::{Config, Location};
use promisc_vswitch::control::{self, Request, Response};
use promisc_vswitch::stats::Snapshot;
use promisc_vswitch::{FrameInfo, Mac, Switch};

use promisc_facts::uapi::virtio_net_hdr as vnet;
use promisc_wire::ethertype;
use promisc_wire::frame::{ethernet, vlan};

/// Bytes of the virtio-net header in front of each frame, in the ring and in each send.
const VNET_HDR: usize = vnet::LEN;
/// Ring geometry per port: blocks large enough for a 64 KiB GSO super-frame.
const RING: RingConfig = RingConfig {
    block_size: 1 << 18,
    block_count: 16,
    frame_size: 1 << 17,
    retire_timeout_ms: 1,
};
/// The housekeeping period: guests re-read, ageing, the vmnet check.
const TICK: Duration = Duration::from_secs(1);

/// Why the switch cannot run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A port's device does not exist in the switch's namespace.
    #[error("{file}:{}:{}: port `{port}`: no device `{device}` in this network namespace; the devices are: {}", at.line, at.column, existing.join(", "))]
    NoDevice {
        /// The configuration file.
        file: String,
        /// Where the device is named.
        at: Location,
        /// The port.
        port: String,
        /// The device asked for.
        device: String,
        /// The devices that exist.
        existing: Vec<String>,
    },
    /// Another switch of that name runs.
    #[error("a switch named `{0}` is already running (its control socket {1} answers); stop it or choose another name")]
    AlreadyRunning(String, String),
    /// The control socket could not be made.
    #[error("control socket {path}: {source}")]
    Control {
        /// Its path.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The configuration file cannot be read.
    #[error("cannot read the configuration {path}: {error}")]
    ReadConfig {
        /// The file.
        path: String,
        /// Why (in the message).
        error: std::io::Error,
    },
    /// The configuration is wrong: `file:line:column: key: problem`.
    #[error("{0}")]
    Config(String),
    /// A kernel call failed.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

/// Reads the configuration file `path` and checks it.
pub fn load(path: &str) -> Result<Config, RunError> {
    let text = std::fs::read_to_string(path).map_err(|error| RunError::ReadConfig {
        path: path.to_string(),
        error,
    })?;
    Config::parse(&text).map_err(|e| RunError::Config(e.in_file(path).to_string()))
}

impl RunError {
    /// What kind of failure this is.
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        use promisc_sys::ErrorKind;
        match self {
            RunError::NoDevice { .. } => ErrorKind::NoInterface,
            RunError::AlreadyRunning(..) | RunError::ReadConfig { .. } | RunError::Config(_) => {
                ErrorKind::Usage
            }
            RunError::Control { .. } => ErrorKind::System,
            RunError::Sys(e) => e.kind(),
        }
    }
}

/// What the loop tells its caller.
pub trait Report {
    /// A line for the operator (started, a device went away, ...).
    fn note(&mut self, line: &str);
    /// The statistics, on SIGUSR1.
    fn stats(&mut self, snapshot: &Snapshot);
}

/// The guest side of a port: the veth peer, by namespace id and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Guest {
    nsid: Option<i32>,
    ifindex: u32,
}

/// A port's sockets and identity in the kernel.
struct PortIo {
    ifindex: u32,
    rx: Option<CaptureSocket>,
    tx: Option<TxSocket>,
    guest: Option<Guest>,
}

/// One frame's send to one port, planned while the block is read.
struct Send<'b> {
    port: usize,
    /// The virtio-net header, adjusted for a tag added or removed.
    vnet: [u8; VNET_HDR],
    /// The 802.1Q tag to insert (`tag_len` bytes of it).
    tag: [u8; 4],
    tag_len: usize,
    /// Destination and source MACs.
    head: &'b [u8],
    /// From the EtherType after any tag that came in-band.
    rest: &'b [u8],
}

impl Send<'_> {
    fn len(&self) -> u32 {
        (self.head.len() + self.tag_len + self.rest.len()) as u32
    }
}

/// An empty vector of another lifetime, keeping the allocation (in-place collect).
fn recycle<'b>(v: Vec<Send<'_>>) -> Vec<Send<'b>> {
    let mut v = v;
    v.clear();
    v.into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

/// The workstation gate: the vmnet file and the VM user.
struct Vmnet {
    path: PathBuf,
    user: Option<User>,
    user_name: String,
    last: Option<bool>,
}

impl Vmnet {
    /// Whether the VM user may read and write the vmnet device now (`stat(2)` of it).
    fn allowed(&self) -> bool {
        match (&self.user, std::fs::metadata(&self.path)) {
            (Some(u), Ok(m)) => access::can_read_write(
                FileMode {
                    uid: m.uid(),
                    gid: m.gid(),
                    mode: m.mode() & 0o7777,
                },
                u,
            ),
            _ => false,
        }
    }

    fn check(&mut self) -> (bool, Option<String>) {
        let ok = self.allowed();
        let changed = self.last != Some(ok);
        self.last = Some(ok);
        let note = changed.then(|| {
            if self.user.is_none() {
                format!(
                    "workstation: no user `{}`: promiscuous requests are refused",
                    self.user_name
                )
            } else if ok {
                format!(
                    "workstation: {} can read and write {}: promiscuous requests are granted",
                    self.user_name,
                    self.path.display()
                )
            } else {
                format!(
                    "workstation: {} cannot read and write {}: promiscuous requests are refused",
                    self.user_name,
                    self.path.display()
                )
            }
        });
        (ok, note)
    }
}

/// The running switch.
pub struct Daemon {
    sw: Switch,
    io: Vec<PortIo>,
    route: Route,
    monitor: LinkMonitor,
    signals: SignalFd,
    listener: UnixListener,
    socket_path: String,
    vmnet: Option<Vmnet>,
    start: Instant,
    scratch: TxScratch,
    plan: Vec<Send<'static>>,
    frames: Vec<[&'static [u8]; 4]>,
}

fn mac_of(l: &LinkFacts) -> Option<Mac> {
    Mac::from_slice(&l.address)
}

impl Daemon {
    /// Sets the switch up: signals blocked, devices found, sockets opened, the guests read,
    /// the control socket bound. `file` names the configuration in errors.
    pub fn new(cfg: &Config, file: &str) -> Result<Daemon, RunError> {
        let signals = SignalFd::new(&[
            Signal::Interrupt,
            Signal::Terminate,
            Signal::User1,
            Signal::Hangup,
        ])?;
        let mut route = Route::open()?;
        let monitor = LinkMonitor::open()?;
        let links = route.links()?;
        let mut io = Vec::new();
        for p in &cfg.ports {
            let Some(l) = links.iter().find(|l| l.name == p.device) else {
                let mut existing: Vec<String> = links.iter().map(|l| l.name.clone()).collect();
                existing.sort();
                return Err(RunError::NoDevice {
                    file: file.to_string(),
                    at: p.device_at,
                    port: p.name.clone(),
                    device: p.device.clone(),
                    existing,
                });
            };
            io.push(PortIo {
                ifindex: l.ifindex,
                rx: None,
                tx: None,
                guest: None,
            });
        }
        let vmnet = cfg.workstation.as_ref().map(|w| {
            let user = promisc_sys::user::lookup_user(&w.vm_user)
                .ok()
                .flatten()
                .map(|a| User {
                    uid: a.uid,
                    groups: promisc_sys::user::groups_of(&a).unwrap_or_else(|_| vec![a.gid]),
                });
            Vmnet {
                path: w.vmnet.clone(),
                user,
                user_name: w.vm_user.clone(),
                last: None,
            }
        });
        let (listener, socket_path) = bind_control(&cfg.name)?;
        let mut d = Daemon {
            sw: Switch::new(cfg),
            io,
            route,
            monitor,
            signals,
            listener,
            socket_path,
            vmnet,
            start: Instant::now(),
            scratch: TxScratch::new(),
            plan: Vec::new(),
            frames: Vec::new(),
        };
        for (i, l) in cfg
            .ports
            .iter()
            .map(|p| links.iter().find(|l| l.name == p.device))
            .enumerate()
        {
            let l = l.expect("checked above").clone();
            d.attach(i, &l)?;
        }
        Ok(d)
    }

    /// The switch's state.
    pub fn switch(&self) -> &Switch {
        &self.sw
    }

    /// Opens port `i`'s sockets on device `l` and reads its guest.
    fn attach(&mut self, i: usize, l: &LinkFacts) -> Result<(), RunError> {
        let mut rx = CaptureSocket::open(false)?;
        rx.enable_vnet_hdr()?;
        rx.setup_ring(RING)?;
        rx.ignore_outgoing()?;
        rx.bind(l.ifindex)?;
        rx.add_promisc(l.ifindex)?;
        let tx = TxSocket::open(l.ifindex)?;
        tx.enable_vnet_hdr()?;
        let port = &mut self.io[i];
        port.ifindex = l.ifindex;
        port.rx = Some(rx);
        port.tx = Some(tx);
        port.guest = match (l.kind.as_deref(), l.link) {
            (Some("veth"), Some(peer)) => Some(Guest {
                nsid: l.link_netnsid,
                ifindex: peer,
            }),
            _ => None,
        };
        self.sw.set_present(i, true);
        self.read_guest(i)?;
        Ok(())
    }

    fn detach(&mut self, i: usize) {
        let port = &mut self.io[i];
        port.rx = None;
        port.tx = None;
        self.sw.set_present(i, false);
    }

    /// Reads port `i`'s guest-side device: its MAC and promiscuity counter.
    fn read_guest(&mut self, i: usize) -> Result<(), RunError> {
        let Some(g) = self.io[i].guest else {
            return Ok(());
        };
        if let Some(peer) = self.route.link_in(g.nsid, g.ifindex)? {
            self.guest_seen(i, &peer);
        }
        Ok(())
    }

    fn guest_seen(&mut self, i: usize, peer: &LinkFacts) {
        let mac = mac_of(peer).unwrap_or(self.sw.ports()[i].config.mac);
        self.sw.set_guest(i, mac, peer.promiscuity > 0);
    }

    fn now_ms(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    /// Runs until SIGINT or SIGTERM; returns the final statistics.
    pub fn run(&mut self, report: &mut dyn Report) -> Result<Snapshot, RunError> {
        let names: Vec<String> = self
            .sw
            .ports()
            .iter()
            .map(|p| format!("{} ({})", p.config.name, p.config.device))
            .collect();
        report.note(&format!(
            "vswitch {} running in {} mode with ports {}; control socket {}",
            self.sw.name(),
            self.sw.mode().as_str(),
            names.join(", "),
            self.socket_path
        ));
        self.housekeeping(report)?;
        let mut next_tick = Instant::now() + TICK;
        loop {
            let timeout = next_tick.saturating_duration_since(Instant::now());
            let ready = {
                let mut fds: Vec<BorrowedFd<'_>> =
                    vec![self.signals.fd(), self.monitor.fd(), self.listener.as_fd()];
                fds.extend(self.io.iter().filter_map(|p| p.rx.as_ref().map(|r| r.fd())));
                promisc_sys::ring::poll_readable(&fds, timeout.as_millis().min(1000) as i32 + 1)?
            };
            if ready[0].readable {
                while let Some(sig) = self.signals.read()? {
                    match sig {
                        Signal::User1 => {
                            self.ring_drops();
                            report.stats(&Snapshot::of(&self.sw));
                        }
                        Signal::Interrupt | Signal::Terminate => {
                            self.ring_drops();
                            return Ok(Snapshot::of(&self.sw));
                        }
                        _ => {}
                    }
                }
            }
            if ready[1].readable || ready[1].error {
                self.link_events(report)?;
            }
            if ready[2].readable {
                self.control();
            }
            let mut k = 3;
            for i in 0..self.io.len() {
                if self.io[i].rx.is_none() {
                    continue;
                }
                let r = ready[k];
                k += 1;
                if r.error {
                    let err = self.io[i]
                        .rx
                        .as_ref()
                        .and_then(|s| s.take_error().ok().flatten());
                    if let Some(e) = err {
                        report.note(&format!("port {}: {e}", self.sw.ports()[i].config.name));
                    }
                }
                if r.readable {
                    self.forward(i);
                }
            }
            if Instant::now() >= next_tick {
                self.housekeeping(report)?;
                next_tick = Instant::now() + TICK;
            }
        }
    }

    /// Collects the kernel's ring drops of every port.
    fn ring_drops(&mut self) {
        for i in 0..self.io.len() {
            if let Some(Ok(st)) = self.io[i].rx.as_ref().map(CaptureSocket::take_stats) {
                self.sw.ring_dropped(i, st.drops);
            }
        }
    }

    /// The once-a-second work: guests re-read, learned MACs aged, the vmnet check, ring drops.
    fn housekeeping(&mut self, report: &mut dyn Report) -> Result<(), RunError> {
        self.ring_drops();
        for i in 0..self.io.len() {
            if self.sw.ports()[i].present {
                self.read_guest(i)?;
            }
        }
        let now = self.now_ms();
        self.sw.age(now);
        if let Some(v) = &mut self.vmnet {
            let (ok, note) = v.check();
            if let Some(n) = note {
                report.note(&n);
            }
            for i in 0..self.io.len() {
                self.sw.set_vmnet_ok(i, ok);
            }
        }
        Ok(())
    }

    /// Applies link notifications: guests' MACs and counters, ports' devices going and coming.
    fn link_events(&mut self, report: &mut dyn Report) -> Result<(), RunError> {
        let ev = self.monitor.recv()?;
        if ev.overrun {
            report.note("link notifications overran the socket buffer: reading every port again");
            return self.rescan(report);
        }
        for e in ev.events {
            for i in 0..self.io.len() {
                let guest = self.io[i].guest;
                let ifindex = self.io[i].ifindex;
                let (name, device, present) = {
                    let p = &self.sw.ports()[i];
                    (p.config.name.clone(), p.config.device.clone(), p.present)
                };
                if guest
                    == Some(Guest {
                        nsid: e.nsid,
                        ifindex: e.link.ifindex,
                    })
                    && !e.deleted
                {
                    let before = self.sw.ports()[i].requested;
                    self.guest_seen(i, &e.link);
                    if before != self.sw.ports()[i].requested {
                        if let Some(v) = &mut self.vmnet {
                            let (ok, _) = v.check();
                            self.sw.set_vmnet_ok(i, ok);
                        }
                    }
                }
                if e.nsid.is_some() {
                    continue;
                }
                if e.deleted && ifindex == e.link.ifindex && present {
                    report.note(&format!(
                        "port {name}: device {device} disappeared; the switch goes on with the other ports"
                    ));
                    self.detach(i);
                } else if !e.deleted && e.link.name == device && !present {
                    match self.attach(i, &e.link) {
                        Ok(()) => report.note(&format!("port {name}: device {device} is back")),
                        Err(err) => report.note(&format!(
                            "port {name}: device {device} is back but cannot be used: {err}"
                        )),
                    }
                }
            }
        }
        Ok(())
    }

    fn rescan(&mut self, report: &mut dyn Report) -> Result<(), RunError> {
        let links = self.route.links()?;
        for i in 0..self.io.len() {
            let dev = self.sw.ports()[i].config.device.clone();
            match links.iter().find(|l| l.name == dev) {
                Some(l) if !self.sw.ports()[i].present => {
                    if let Err(e) = self.attach(i, l) {
                        report.note(&format!("port {}: {e}", self.sw.ports()[i].config.name));
                    }
                }
                Some(_) => self.read_guest(i)?,
                None if self.sw.ports()[i].present => {
                    report.note(&format!(
                        "port {}: device {dev} disappeared",
                        self.sw.ports()[i].config.name
                    ));
                    self.detach(i);
                }
                None => {}
            }
        }
        Ok(())
    }

    /// Answers every pending control connection.
    fn control(&mut self) {
        self.ring_drops();
        while let Ok((stream, _)) = self.listener.accept() {
            let _ = self.serve(stream);
        }
    }

    /// `refresh`: the vmnet device's permission applied at once (the note of the change is
    /// the next housekeeping's, which compares with the last one it made).
    fn refresh_vmnet(&mut self) {
        if let Some(v) = &self.vmnet {
            let ok = v.allowed();
            for i in 0..self.io.len() {
                self.sw.set_vmnet_ok(i, ok);
            }
        }
    }

    fn serve(&mut self, stream: UnixStream) -> std::io::Result<()> {
        stream.set_nonblocking(false)?;
        stream.set_read_timeout(Some(Duration::from_millis(500)))?;
        stream.set_write_timeout(Some(Duration::from_millis(500)))?;
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line)?;
        let answer = match serde_json::from_str::<Request>(&line) {
            Ok(req) => {
                if req == Request::Refresh {
                    self.refresh_vmnet();
                }
                control::answer(&mut self.sw, req)
            }
            Err(e) => Response::Error {
                message: format!("not a request: {e}"),
            },
        };
        let mut out = serde_json::to_string(&answer).unwrap_or_else(|_| "{}".into());
        out.push('\n');
        (&stream).write_all(out.as_bytes())
    }

    /// Forwards every block the ring of port `i` holds.
    fn forward(&mut self, i: usize) {
        let now = self.now_ms();
        let Daemon {
            sw,
            io,
            scratch,
            plan,
            frames,
            ..
        } = self;
        let (before, rest) = io.split_at_mut(i);
        let (me, after) = rest.split_first_mut().expect("i is a port");
        let Some(rx) = me.rx.as_mut() else { return };
        let tx_of = |q: usize| -> Option<&TxSocket> {
            match q.cmp(&i) {
                std::cmp::Ordering::Less => before[q].tx.as_ref(),
                std::cmp::Ordering::Greater => after[q - i - 1].tx.as_ref(),
                std::cmp::Ordering::Equal => None,
            }
        };
        while let Some(block) = rx.next_block() {
            let mut batch: Vec<Send<'_>> = recycle(std::mem::take(plan));
            for f in block.frames() {
                plan_frame(sw, i, &f, now, &mut batch);
            }
            let mut targets = 0u64;
            for s in &batch {
                targets |= 1 << s.port;
            }
            for q in (0..64).filter(|q| targets >> q & 1 != 0) {
                let mut parts: Vec<[&[u8]; 4]> = recycle_parts(std::mem::take(frames));
                parts.extend(
                    batch
                        .iter()
                        .filter(|s| s.port == q)
                        .map(|s| [&s.vnet[..], s.head, &s.tag[..s.tag_len], s.rest]),
                );
                let sent = match tx_of(q) {
                    Some(tx) => tx.send_gathered(&parts, scratch).unwrap_or(0),
                    None => 0,
                };
                for (n, s) in batch.iter().filter(|s| s.port == q).enumerate() {
                    sw.sent(q, s.len(), n < sent);
                }
                *frames = recycle_parts(parts);
            }
            *plan = recycle(batch);
            drop(block);
        }
    }
}

fn recycle_parts<'b>(v: Vec<[&[u8]; 4]>) -> Vec<[&'b [u8]; 4]> {
    let mut v = v;
    v.clear();
    v.into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

/// Decides one frame and appends its sends to `batch`.
fn plan_frame<'b>(
    sw: &mut Switch,
    i: usize,
    f: &promisc_sys::ring::Frame<'b>,
    now: u64,
    batch: &mut Vec<Send<'b>>,
) {
    let data = f.data;
    let Ok(eth) = ethernet::Frame::new_checked(data) else {
        return; // A runt: nothing to forward.
    };
    if (f.len as usize) > data.len() {
        return; // Larger than the ring's frames: it cannot be forwarded whole.
    }
    let mut vnet_hdr = [0u8; VNET_HDR];
    if let Some(h) = f.vnet_hdr() {
        vnet_hdr.copy_from_slice(h);
    }
    // The tag: stripped by the kernel into the ring's header, or still in the frame.
    let in_band = (eth.ethertype() == ethertype::VLAN)
        .then(|| vlan::Tag::new_checked(eth.payload()).ok())
        .flatten();
    let (tci, inner_type, rest_at) = if f.status & TP_STATUS_VLAN_VALID != 0 {
        (
            Some(f.vlan_tci),
            eth.ethertype(),
            ethernet::field::ETHERTYPE.start,
        )
    } else if let Some(t) = &in_band {
        (
            Some(t.tci()),
            t.ethertype(),
            ethernet::HEADER_LEN + vlan::field::ETHERTYPE.start,
        )
    } else {
        (None, eth.ethertype(), ethernet::field::ETHERTYPE.start)
    };
    let info = FrameInfo {
        dst: Mac(eth.dst()),
        src: Mac(eth.src()),
        tag: tci.map(|t| t & vlan::VID_MASK),
        ethertype: inner_type,
        len: f.len,
    };
    let fwd = sw.decide(i, &info, now);
    let removed = (rest_at - ethernet::field::ETHERTYPE.start) as i32;
    for q in fwd.ports.iter() {
        let mut tag = [0u8; vlan::TAG_LEN];
        let tag_len = match sw.egress_tag(q, fwd.vlan) {
            Some(v) => {
                let tci = (tci.unwrap_or(0) & !vlan::VID_MASK) | v;
                tag[..2].copy_from_slice(&ethertype::VLAN.to_be_bytes());
                tag[2..].copy_from_slice(&tci.to_be_bytes());
                vlan::TAG_LEN
            }
            None => 0,
        };
        batch.push(Send {
            port: q,
            vnet: shift_vnet(vnet_hdr, tag_len as i32 - removed),
            tag,
            tag_len,
            head: &data[..ethernet::field::ETHERTYPE.start],
            rest: &data[rest_at..],
        });
    }
}

/// The virtio-net header with its offsets moved by `delta` bytes (a tag added or removed).
fn shift_vnet(mut h: [u8; VNET_HDR], delta: i32) -> [u8; VNET_HDR] {
    if delta == 0 {
        return h;
    }
    let shift = |h: &mut [u8; VNET_HDR], at: usize| {
        let v = u16::from_le_bytes([h[at], h[at + 1]]);
        if v != 0 {
            h[at..at + 2].copy_from_slice(&((i32::from(v) + delta).max(0) as u16).to_le_bytes());
        }
    };
    if h[vnet::FLAGS] & vnet::F_NEEDS_CSUM != 0 {
        shift(&mut h, vnet::CSUM_START);
    }
    shift(&mut h, vnet::HDR_LEN);
    h
}

/// Binds `/run/promisc/vswitch-NAME.sock`, mode 0600, after checking no switch answers there.
fn bind_control(name: &str) -> Result<(UnixListener, String), RunError> {
    let path = control::socket_path(name);
    let err = |source| RunError::Control {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(control::RUN_DIR).map_err(err)?;
    if UnixStream::connect(&path).is_ok() {
        return Err(RunError::AlreadyRunning(name.to_string(), path));
    }
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).map_err(err)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(err)?;
    listener.set_nonblocking(true).map_err(err)?;
    Ok((listener, path))
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.socket_path);
    }
}
