//! `promisc exporter`: the watch engine's state as Prometheus metrics.
//!
//! A thread runs the watch engine; after each reading that differs from the last one
//! ([`render::LastReading`]) it renders the metrics ([`render::render`], a pure function of
//! the reading) into a cache. The HTTP/1.1 server
//! (hyper on a current-thread tokio runtime, TLS through rustls) answers every scrape from
//! that cache: a scrape never rebuilds the world. [`http`] says how hostile clients are
//! bounded; [`webconfig`] reads `--web.config.file` (TLS and basic authentication).
#![forbid(unsafe_code)]

pub mod http;
pub mod render;
pub mod tls;
pub mod webconfig;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use promisc_app::watch::run_with_state;
use promisc_state::rules::Rule;
use promisc_sys::signals::{Signal, SignalFd};
use promisc_sys::ErrorKind;

/// The capabilities the exporter needs to see and name every holder of a host, each with the
/// reason: the one list the deployments grant (`deploy/kubernetes/daemonset.yaml`, whose
/// container runs as uid 0 with these and no other, and `deploy/promisc-exporter.service`).
/// The tests compare both with it and show each one is needed: without it a holder goes
/// unnamed or a namespace unread.
pub const CAPABILITIES: [(&str, &str); 3] = [
    (
        "CAP_SYS_ADMIN",
        "setns(2) into the network namespaces of containers, pods and /run/netns, to read their \
         links and packet sockets; and into the host's cgroup namespace, to read the cgroup \
         paths that name a holder's pod whole",
    ),
    (
        "CAP_SYS_PTRACE",
        "readlink(2) of other users' /proc/PID/fd/N and /proc/PID/ns/net: which process holds a \
         packet socket, and in which namespace",
    ),
    (
        "CAP_DAC_READ_SEARCH",
        "listing other users' /proc/PID/fd directories (mode 0500, owned by the process's user)",
    ),
];

/// Capabilities that help without being needed, with what they add.
pub const OPTIONAL_CAPABILITIES: [(&str, &str); 1] = [(
    "CAP_NET_ADMIN",
    "a 1 MiB receive buffer for link notifications beyond net.core.rmem_max (SO_RCVBUFFORCE), \
     so a burst of changes is counted one by one rather than read again after an overrun",
)];

/// The host paths the exporter reads beyond its PID namespace's `/proc` (which must be the
/// host's: a DaemonSet sets `hostPID`): the named network namespaces (`ip netns add`'s
/// directory), watched with `--all-netns`.
pub const HOST_PATHS: [&str; 1] = [promisc_app::watch::NETNS_DIR];

/// The host paths the exporter reads under `PROMISC_HOST_ROOT` (the host's `/` mounted
/// elsewhere, `/` when unset): the files that name containers and pods
/// ([`promisc_app::context`]). Each is optional: without it holders keep the ids of their
/// cgroup paths and go without names.
pub const HOST_ROOT_PATHS: [&str; 3] = [
    promisc_app::context::POD_LOGS,
    promisc_app::context::DOCKER_CONTAINERS,
    promisc_app::context::STORAGE_CONTAINERS,
];

/// The cgroup namespace the exporter reads `/proc/PID/cgroup` in: init's, the host's when it
/// shares the host's PID namespace (a DaemonSet with `hostPID`), unless [`CGROUP_NS_ENV`]
/// names another.
pub const HOST_CGROUP_NS: &str = "/proc/1/ns/cgroup";

/// The environment variable that names another cgroup namespace file than
/// [`HOST_CGROUP_NS`] (`/proc/PID/ns/cgroup` of a process in the namespace to read in).
pub const CGROUP_NS_ENV: &str = "PROMISC_CGROUP_NS";

/// What the exporter serves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The addresses to listen on, in order of preference: the first one this machine has is
    /// used (`:10073` is `[::]:10073` then `0.0.0.0:10073` for a host without IPv6).
    pub listen: Vec<SocketAddr>,
    /// `--allow`: holders these rules accept are not counted as unexpected.
    pub rules: Vec<Rule>,
    /// Every network namespace.
    pub all_netns: bool,
    /// How often everything is read again.
    pub interval: Duration,
    /// `--web.config.file`: TLS and basic authentication.
    pub web_config: Option<PathBuf>,
    /// `-n NETNS`: the network namespace read, entered by the watch engine's thread alone
    /// (the server listens in the caller's namespace, where Prometheus reaches it).
    pub netns: Option<Arc<promisc_app::netns::Netns>>,
    /// `--log`, `--syslog`: where each event of the watch engine is logged.
    pub log: promisc_app::eventlog::Options,
}

/// Where the exporter listens, once it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listening {
    /// The address, with the port the kernel chose for port 0.
    pub addr: SocketAddr,
    /// Whether it speaks TLS.
    pub tls: bool,
}

/// Why the exporter stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The address cannot be listened on (in use, not this machine's).
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// `--web.config.file` cannot be used.
    #[error("--web.config.file {0}")]
    WebConfig(#[from] webconfig::ConfigError),
    /// A file the web configuration names cannot be used.
    #[error("--web.config.file: {0}")]
    Tls(#[from] tls::TlsError),
    /// The listening socket or the runtime could not be set up.
    #[error("{0}")]
    Socket(std::io::Error),
    /// The watch engine failed.
    #[error("{0}")]
    Watch(promisc_app::watch::Error),
    /// The namespace of `-n` cannot be entered.
    #[error(transparent)]
    Netns(#[from] promisc_app::netns::Error),
    /// The watch engine's thread panicked.
    #[error("the watch thread panicked")]
    Panicked,
    /// A kernel call failed.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
    /// A `--log` or `--syslog` socket cannot be used.
    #[error(transparent)]
    Log(#[from] promisc_app::eventlog::Error),
}

impl Error {
    /// What kind of failure this is: an address that cannot be listened on and a web
    /// configuration that cannot be used are bad arguments.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Listen { .. } | Error::WebConfig(_) | Error::Tls(_) => ErrorKind::Usage,
            Error::Sys(e) => e.kind(),
            Error::Netns(e) => e.kind(),
            Error::Log(e) => e.kind(),
            Error::Socket(_) | Error::Watch(_) | Error::Panicked => ErrorKind::System,
        }
    }
}

/// Runs the exporter until SIGINT or SIGTERM; `listening` is told the address (with the port
/// the kernel chose, for port 0) once the socket listens.
pub fn run(opts: &Options, listening: &mut dyn FnMut(Listening)) -> Result<(), Error> {
    // Before any thread starts, so that every thread inherits it: the cgroup paths of other
    // processes as the host writes them, also when the exporter runs in a container with a
    // cgroup namespace of its own (a Kubernetes pod on cgroup v2), where they would be
    // relative to its own cgroup and lose the `kubepods` that makes a pod of them. Best
    // effort: without CAP_SYS_ADMIN (or in a PID namespace of its own, where /proc/1 is its
    // own container's init) the paths stay as they are.
    let cgroup_ns = std::env::var(CGROUP_NS_ENV).unwrap_or_else(|_| HOST_CGROUP_NS.to_string());
    let _ = promisc_sys::ns::enter_cgroup_ns(&cgroup_ns);
    let web = match &opts.web_config {
        Some(file) => webconfig::load(file)?,
        None => webconfig::WebConfig::default(),
    };
    let tls = web.tls.as_ref().map(tls::server_config).transpose()?;
    let mut logger = promisc_app::eventlog::Logger::open(&opts.log)?;
    // Signals are blocked before any thread starts, so that every thread (the watch engine's
    // and the runtime's blocking pool) inherits the mask and the watch engine's signalfd takes
    // them.
    let _signals = SignalFd::new(&[Signal::Interrupt, Signal::Terminate, Signal::Hangup])?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(2)
        .build()
        .map_err(Error::Socket)?;
    let listener = runtime.block_on(http::bind(&opts.listen))?;
    let addr = listener.local_addr().map_err(Error::Socket)?;
    let server = http::Server::new(tls, &web);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let watch = promisc_app::watch::Options {
        interfaces: Vec::new(),
        all_netns: opts.all_netns,
        interval: opts.interval,
    };
    let (entered_tx, entered_rx) = std::sync::mpsc::channel();
    let watcher = {
        let server = server.clone();
        let rules = opts.rules.clone();
        let netns = opts.netns.clone();
        std::thread::spawn(move || {
            // Only this thread (and those it starts) reads the namespace of `-n`.
            let entered = netns.as_ref().map_or(Ok(()), |ns| ns.enter_thread());
            let failed = entered.is_err();
            let _ = entered_tx.send(entered);
            if failed {
                let _ = stop_tx.send(());
                return Ok(());
            }
            let changes = std::cell::RefCell::new(render::Changes::default());
            let mut on_event = |e: &promisc_state::watch::Event| {
                changes.borrow_mut().record(e);
                for w in logger.log(e) {
                    eprintln!("promisc: exporter: {}", promisc_app::printable(&w));
                }
            };
            let mut last = render::LastReading::default();
            let r = run_with_state(&watch, &mut |_| {}, &mut on_event, &mut |statuses| {
                let start = Instant::now();
                let mut extra = otherhost(statuses);
                changes.borrow_mut().retain_present(statuses);
                extra.changes = changes.borrow().clone();
                // A reading equal to the last one would render the same bytes: the cache
                // has them already.
                if !last.differs(statuses, &extra) {
                    return;
                }
                let mut text = render::render(statuses, &rules, &extra);
                text.push_str(&render::duration(start.elapsed()));
                server.set_metrics(text);
            });
            let _ = stop_tx.send(());
            r
        })
    };
    if let Ok(Err(e)) = entered_rx.recv() {
        let _ = watcher.join();
        return Err(e.into());
    }
    listening(Listening {
        addr,
        tls: server.tls(),
    });
    runtime.block_on(Arc::clone(&server).serve(listener, stop_rx));
    runtime.shutdown_background();
    match watcher.join() {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Error::Watch(e)),
        Err(_) => Err(Error::Panicked),
    }
}

/// The otherhost counters of the interfaces of this thread's namespace (one `RTM_GETSTATS`
/// dump of the 64-bit statistics).
fn otherhost(statuses: &[promisc_state::attribution::InterfaceStatus]) -> render::Extra {
    let mut extra = render::Extra::default();
    let here = promisc_sys::procfs::current_netns_inode().unwrap_or(0);
    if !statuses.iter().any(|s| s.netns_inode == here) {
        return extra;
    }
    let Ok(all) = promisc_sys::rtnl::Route::open().and_then(|mut r| r.otherhost_all()) else {
        return extra;
    };
    for s in statuses.iter().filter(|s| s.netns_inode == here) {
        if let Some(n) = all.get(&s.ifindex) {
            extra.otherhost.insert((s.netns_inode, s.ifindex), *n);
        }
    }
    extra
}
