//! `promisc vswitch run`: the I/O loop around [`Switch::decide`].
//!
//! One forwarding thread, one `poll(2)` over: a `signalfd` (SIGINT, SIGTERM end it; SIGUSR1
//! prints the statistics), the link monitor (every namespace's `RTM_NEWLINK`, for the guests'
//! MACs and promiscuity counters and for ports whose device goes or comes back, in `ports`),
//! the control requests waiting, and one receive ring per port. Frames are forwarded a ring
//! block at a time (`forward`): every frame of the block is decided, then each destination
//! port gets one `sendmmsg` batch that points into the ring itself (no copy, no allocation once
//! the buffers have grown); the block goes back to the kernel after the sends. Every second the
//! guests' counters are read again (a `uc_promisc` change sends no notification), learned MACs
//! age, and the Workstation vmnet permission is checked.
//!
//! The control socket's clients are served by threads of their own (`control_socket`): the
//! loop only answers a request once it is read whole, so no client can delay a frame.

mod control_socket;
mod forward;
mod ports;

use std::os::fd::BorrowedFd;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use promisc_sys::ring::{CaptureSocket, TxScratch};
use promisc_sys::rtnl::{LinkMonitor, Route};
use promisc_sys::signals::{Signal, SignalFd};
use promisc_vswitch::access::{self, FileMode, User};
use promisc_vswitch::config::{Config, Location};
use promisc_vswitch::control::{self, Request};
use promisc_vswitch::stats::Snapshot;
use promisc_vswitch::Switch;

use control_socket::Control;
use forward::Send;
use ports::PortIo;

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
    control: Control,
    vmnet: Option<Vmnet>,
    start: Instant,
    scratch: TxScratch,
    plan: Vec<Send<'static>>,
    frames: Vec<[&'static [u8]; 4]>,
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
                attached: 0,
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
        // After the signals are blocked: the control threads inherit the mask.
        let control = Control::start(&cfg.name)?;
        let mut d = Daemon {
            sw: Switch::new(cfg),
            io,
            route,
            monitor,
            signals,
            control,
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
            self.control.path
        ));
        self.housekeeping(report)?;
        let mut next_tick = Instant::now() + TICK;
        let mut polled: Vec<(usize, u64)> = Vec::with_capacity(self.io.len());
        loop {
            let timeout = next_tick.saturating_duration_since(Instant::now());
            // The ports polled, each with its attachment: link events read below may detach a
            // port or attach one again before the rings are read.
            polled.clear();
            let ready = {
                let mut fds: Vec<BorrowedFd<'_>> =
                    vec![self.signals.fd(), self.monitor.fd(), self.control.fd()];
                for (i, p) in self.io.iter().enumerate() {
                    if let Some(rx) = &p.rx {
                        fds.push(rx.fd());
                        polled.push((i, p.attached));
                    }
                }
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
            for (&(i, attached), r) in polled.iter().zip(&ready[3..]) {
                if self.io[i].rx.is_none() || self.io[i].attached != attached {
                    continue; // Detached, or attached again: poll saw other sockets.
                }
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

    /// Answers the control requests waiting (their clients are served by threads of their own).
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

    fn control(&mut self) {
        let pending = self.control.pending();
        if pending.is_empty() {
            return;
        }
        self.ring_drops();
        for p in pending {
            p.answer_with(|request| {
                if request == Request::Refresh {
                    self.refresh_vmnet();
                }
                control::answer(&mut self.sw, request)
            });
        }
    }
}
