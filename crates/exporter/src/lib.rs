//! `promisc exporter`: the watch engine's state as Prometheus metrics.
//!
//! A thread runs the watch engine; after each reading it encodes the metrics (Prometheus
//! text, with prometheus-client) into a cache. The HTTP/1.1 server on `std::net` answers each
//! connection on a thread of its own, with read and write timeouts, from the cache: a scrape
//! never rebuilds the world, and a slow client never blocks another.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prometheus_client::encoding::prometheus_text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use promisc_app::watch::run_with_state;
use promisc_state::attribution::InterfaceStatus;
use promisc_state::rules::{audit, Rule};
use promisc_sys::signals::{Signal, SignalFd};
use promisc_sys::ErrorKind;

/// How long a client may take to send its request or read the answer.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);
/// At most this many connections are served at once; more wait in the kernel's backlog.
const MAX_CLIENTS: usize = 32;
/// The content type of the Prometheus text format.
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

type Labels = Vec<(String, String)>;

/// The latest metrics text.
struct Cache {
    text: String,
}

/// What the exporter serves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// `--allow`: holders these rules accept are not counted as unexpected.
    pub rules: Vec<Rule>,
    /// Every network namespace.
    pub all_netns: bool,
    /// How often everything is read again.
    pub interval: Duration,
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
    /// The listening socket could not be set up.
    #[error("{0}")]
    Socket(std::io::Error),
    /// The watch engine failed.
    #[error("{0}")]
    Watch(promisc_app::watch::Error),
    /// The watch engine's thread panicked.
    #[error("the watch thread panicked")]
    Panicked,
    /// A kernel call failed.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

impl Error {
    /// What kind of failure this is: an address that cannot be listened on is a bad argument.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Listen { .. } => ErrorKind::Usage,
            Error::Sys(e) => e.kind(),
            Error::Socket(_) | Error::Watch(_) | Error::Panicked => ErrorKind::System,
        }
    }
}

/// Runs the exporter until SIGINT or SIGTERM; `listening` is told the address once the socket
/// listens.
pub fn run(opts: &Options, listening: &mut dyn FnMut(SocketAddr)) -> Result<(), Error> {
    // Signals are blocked before any thread starts, so that every thread inherits the mask and
    // the watch engine's signalfd takes them.
    let _signals = SignalFd::new(&[Signal::Interrupt, Signal::Terminate, Signal::Hangup])?;
    let addr = opts.listen;
    let listener = TcpListener::bind(addr).map_err(|source| Error::Listen { addr, source })?;
    listener.set_nonblocking(true).map_err(Error::Socket)?;
    let cache = Arc::new(Mutex::new(Cache {
        text: String::new(),
    }));
    let stop = Arc::new(AtomicBool::new(false));
    let watch = promisc_app::watch::Options {
        interfaces: Vec::new(),
        all_netns: opts.all_netns,
        interval: opts.interval,
    };
    let watcher = {
        let cache = cache.clone();
        let stop = stop.clone();
        let rules = opts.rules.clone();
        std::thread::spawn(move || {
            let r = run_with_state(&watch, &mut |_| {}, &mut |_| {}, &mut |statuses| {
                let start = Instant::now();
                let text = render(statuses, &rules, start);
                cache.lock().expect("the cache lock").text = text;
            });
            stop.store(true, Ordering::SeqCst);
            r
        })
    };
    listening(addr);
    let clients = Arc::new(AtomicUsize::new(0));
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                if clients.load(Ordering::SeqCst) >= MAX_CLIENTS {
                    let _ = answer(stream, 503, "text/plain", "too many clients\n");
                    continue;
                }
                clients.fetch_add(1, Ordering::SeqCst);
                let cache = cache.clone();
                let clients = clients.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &cache);
                    clients.fetch_sub(1, Ordering::SeqCst);
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(e) => eprintln!("promisc: accept: {e}"),
        }
    }
    match watcher.join() {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Error::Watch(e)),
        Err(_) => Err(Error::Panicked),
    }
}

/// One connection: one request, one answer.
fn serve(stream: TcpStream, cache: &Mutex<Cache>) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(CLIENT_TIMEOUT))?;
    stream.set_write_timeout(Some(CLIENT_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // The headers, up to the blank line (bounded).
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let parts: Vec<&str> = line.split_whitespace().collect();
    let (method, path) = match parts.as_slice() {
        [m, p, v] if v.starts_with("HTTP/1.") => (*m, *p),
        _ => return answer(stream, 400, "text/plain", "bad request\n"),
    };
    if method != "GET" && method != "HEAD" {
        return answer(stream, 405, "text/plain", "only GET\n");
    }
    let path = path.split('?').next().unwrap_or(path);
    match path {
        "/metrics" => {
            let text = cache.lock().map(|c| c.text.clone()).unwrap_or_default();
            answer(stream, 200, CONTENT_TYPE, &text)
        }
        "/" => answer(
            stream,
            200,
            "text/html; charset=utf-8",
            "<html><head><title>promisc exporter</title></head><body><h1>promisc exporter</h1>\
             <p>Promiscuous mode of every interface, its counter and its holders.</p>\
             <p><a href=\"/metrics\">Metrics</a></p></body></html>\n",
        ),
        _ => answer(stream, 404, "text/plain", "not found: try /metrics\n"),
    }
}

fn answer(mut stream: TcpStream, code: u16, content_type: &str, body: &str) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    write!(
        stream,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn labels(s: &InterfaceStatus) -> Labels {
    vec![
        ("netns".into(), s.netns.clone()),
        ("device".into(), s.name.clone()),
    ]
}

/// The metrics of `statuses`, encoded.
fn render(statuses: &[InterfaceStatus], rules: &[Rule], start: Instant) -> String {
    let mut reg = Registry::default();
    let gauge = |reg: &mut Registry, name: &str, help: &str| {
        let f = Family::<Labels, Gauge>::default();
        reg.register(name, help, f.clone());
        f
    };
    let promiscuity = gauge(
        &mut reg,
        "promisc_interface_promiscuity",
        "The kernel's promiscuity counter of the interface",
    );
    let promisc = gauge(
        &mut reg,
        "promisc_interface_promisc",
        "Whether the interface is really promiscuous (counter above 0)",
    );
    let user_flag = gauge(
        &mut reg,
        "promisc_interface_user_flag",
        "Whether the user flag (ip link set promisc on) is set",
    );
    let allmulti = gauge(
        &mut reg,
        "promisc_interface_allmulti",
        "The kernel's allmulti counter of the interface",
    );
    let unattributed = gauge(
        &mut reg,
        "promisc_interface_unattributed",
        "Promiscuity no holder explains",
    );
    let unexpected = gauge(
        &mut reg,
        "promisc_interface_unexpected_holders",
        "Holders (or residual) no --allow rule accepts",
    );
    let holder = gauge(
        &mut reg,
        "promisc_holder",
        "A holder of an interface's promiscuity counter (value 1)",
    );
    let offences = audit(statuses, rules);
    for s in statuses {
        let l = labels(s);
        promiscuity.get_or_create(&l).set(i64::from(s.promiscuity));
        promisc.get_or_create(&l).set(i64::from(s.promisc));
        user_flag.get_or_create(&l).set(i64::from(s.user_flag));
        allmulti.get_or_create(&l).set(i64::from(s.allmulti));
        unattributed.get_or_create(&l).set(s.unattributed);
        if !rules.is_empty() {
            let n = offences
                .iter()
                .filter(|o| o.iface.netns_inode == s.netns_inode && o.iface.ifindex == s.ifindex)
                .count();
            unexpected.get_or_create(&l).set(n as i64);
        }
        for h in &s.holders {
            let mut hl = l.clone();
            hl.push(("kind".into(), h.kind().into()));
            if let promisc_state::attribution::Holder::PacketSocket(p) = h {
                hl.push(("comm".into(), p.comm.clone().unwrap_or_default()));
                hl.push(("pid".into(), p.pid.map_or(String::new(), |p| p.to_string())));
                hl.push(("inode".into(), p.inode.to_string()));
            }
            if let Some(st) = h.stacked() {
                hl.push(("holder_device".into(), st.device.clone()));
                hl.push(("holder_netns".into(), st.netns.clone()));
            }
            holder.get_or_create(&hl).set(1);
        }
    }
    let otherhost = Family::<Labels, Counter>::default();
    reg.register(
        "promisc_interface_rx_otherhost_dropped",
        "Frames for other MACs that reached the interface and that nothing wanted",
        otherhost.clone(),
    );
    if let Ok(mut route) = promisc_sys::rtnl::Route::open() {
        let here = promisc_sys::procfs::current_netns_inode().unwrap_or(0);
        for s in statuses.iter().filter(|s| s.netns_inode == here) {
            if let Ok(Some(n)) = route.otherhost_dropped(s.ifindex) {
                otherhost.get_or_create(&labels(s)).inc_by(n);
            }
        }
    }
    let build = Family::<Labels, Gauge>::default();
    reg.register(
        "promisc_build_info",
        "The running promisc (value 1)",
        build.clone(),
    );
    build
        .get_or_create(&vec![("version".into(), env!("CARGO_PKG_VERSION").into())])
        .set(1);
    let took = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
    reg.register(
        "promisc_exporter_scrape_duration_seconds",
        "How long the last reading's encoding took",
        took.clone(),
    );
    took.set(start.elapsed().as_secs_f64());
    let mut out = String::new();
    let _ = encode(&mut out, &reg);
    out
}
