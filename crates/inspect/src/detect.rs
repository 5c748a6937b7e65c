//! `promisc detect`'s I/O: live hosts found with ordinary ARP requests (or the neighbour
//! table), then the eight probes of `promisc_detect::PROBES` to every live host, one probe
//! kind at a time for all hosts together, from one packet socket with an `arp` filter, paced
//! at `rate` frames a second, silent probes tried again.

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

pub use promisc_detect::schedule::Phase;
use promisc_detect::schedule::Schedule;
use promisc_detect::targets::{targets, TargetError};
use promisc_detect::HostResult;
use promisc_facts::link::LinkFacts;
use promisc_filter::CompileTarget;
use promisc_sys::procfs;
use promisc_sys::ring::{CaptureSocket, RingConfig, TxScratch, TxSocket};
use promisc_sys::rtnl::Route;
use promisc_wire::frame::{arp, ethernet};
use promisc_wire::{ethertype, LinkType};

/// `IFF_UP` and `IFF_LOWER_UP` (carrier).
const IFF_UP: u32 = 0x1;
const IFF_LOWER_UP: u32 = 0x1_0000;

/// What to detect.
#[derive(Debug, Clone)]
pub struct Options {
    /// The interface.
    pub interface: String,
    /// Addresses, ranges, CIDRs (default: the interface's subnet).
    pub targets: Vec<String>,
    /// Allow more than a /16.
    pub force: bool,
    /// Frames per second.
    pub rate: u32,
    /// Tries again for a silent request or probe.
    pub retries: u32,
    /// How long discovery waits for answers after its last request.
    pub timeout: Duration,
    /// The sender IP of every request (default: the interface's address, else 0.0.0.0).
    pub source_ip: Option<Ipv4Addr>,
    /// Start from the neighbour table instead of discovery.
    pub hosts_from_neigh: bool,
    /// Stop after discovery (every host's verdict is then `unknown` with no pattern).
    pub discover_only: bool,
}

/// Why detection cannot run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such interface.
    #[error(transparent)]
    Unknown(#[from] crate::UnknownInterface),
    /// The interface is down.
    #[error("{0} is down: bring it up first (ip link set {0} up)")]
    Down(String),
    /// No carrier.
    #[error("{0} has no carrier (no cable, or the other end is down): nothing can answer")]
    NoCarrier(String),
    /// Bad targets.
    #[error(transparent)]
    Targets(#[from] TargetError),
    /// A kernel call.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

struct Sockets {
    rx: CaptureSocket,
    tx: TxSocket,
    scratch: TxScratch,
    mac: [u8; 6],
    sip: Ipv4Addr,
    interval: Duration,
}

/// An ARP reply to us: (sender IP, sender MAC).
fn reply_to(me: [u8; 6], data: &[u8]) -> Option<(Ipv4Addr, [u8; 6])> {
    let eth = ethernet::Frame::new_checked(data).ok()?;
    if eth.ethertype() != ethertype::ARP || eth.dst() != me {
        return None;
    }
    let a = arp::Repr::parse(&arp::Packet::new_checked(eth.payload()).ok()?).ok()?;
    (a.op == 2 && a.tha == me).then_some((a.spa, a.sha))
}

impl Sockets {
    fn read_until(
        &mut self,
        until: Instant,
        on_reply: &mut dyn FnMut(Ipv4Addr, [u8; 6]),
    ) -> Result<(), Error> {
        let me = self.mac;
        loop {
            while let Some(block) = self.rx.next_block() {
                for fr in block.frames() {
                    if let Some((ip, mac)) = reply_to(me, fr.data) {
                        on_reply(ip, mac);
                    }
                }
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            promisc_sys::ring::poll_readable(
                &[self.rx.fd()],
                left.as_millis().clamp(1, 20) as i32,
            )?;
        }
    }

    /// An ARP who-has `ip`, to `dst`, from us.
    fn request(&self, dst: [u8; 6], ip: Ipv4Addr) -> Vec<u8> {
        let mut f = Vec::with_capacity(60);
        ethernet::Repr {
            src: self.mac,
            dst,
            ethertype: ethertype::ARP,
        }
        .emit_vec(&[], &mut f);
        arp::Repr::request(self.mac, self.sip, ip).emit_vec(&mut f);
        f.resize(60, 0);
        f
    }
}

fn check_link(l: &LinkFacts) -> Result<(), Error> {
    if l.flags & IFF_UP == 0 {
        return Err(Error::Down(l.name.clone()));
    }
    if l.flags & IFF_LOWER_UP == 0 {
        return Err(Error::NoCarrier(l.name.clone()));
    }
    Ok(())
}

/// Runs the detection; `progress(phase, done, total)` is told as frames go out.
pub fn run(
    opts: &Options,
    progress: &mut dyn FnMut(Phase, u64, u64),
) -> Result<Vec<HostResult>, Error> {
    let mut route = Route::open()?;
    let links = route.links()?;
    let names = [opts.interface.clone()];
    let link = crate::resolve(&names, &links, &crate::netns::current_name())?[0].clone();
    check_link(&link)?;
    let own = route
        .ipv4_addresses()?
        .into_iter()
        .find(|a| a.ifindex == link.ifindex);
    let list: Vec<Ipv4Addr> = if opts.hosts_from_neigh {
        procfs::arp_neighbours(&link.name)
            .into_iter()
            .map(|n| n.0)
            .collect()
    } else {
        targets(
            &opts.targets,
            own.map(|a| (a.addr, a.prefix_len)),
            own.map(|a| a.addr),
            opts.force,
        )?
    };
    let mac: [u8; 6] = link
        .address
        .get(..6)
        .and_then(|m| m.try_into().ok())
        .unwrap_or([0; 6]);
    let mut rx = CaptureSocket::open(false)?;
    rx.setup_ring(RingConfig::for_buffer(4 << 20, 128, 10))?;
    if let Ok(p) = crate::filter::compile(
        "arp",
        LinkType::ETHERNET.0,
        128,
        CompileTarget::LiveLinux,
        true,
    ) {
        rx.attach_filter(&p.0)?;
    }
    rx.ignore_outgoing()?;
    rx.bind(link.ifindex)?;
    let mut s = Sockets {
        rx,
        tx: TxSocket::open(link.ifindex)?,
        scratch: TxScratch::new(),
        mac,
        sip: opts
            .source_ip
            .or(own.map(|a| a.addr))
            .unwrap_or(Ipv4Addr::UNSPECIFIED),
        interval: Duration::from_secs_f64(1.0 / f64::from(opts.rate.max(1))),
    };

    let fmt = |m: [u8; 6]| {
        format!(
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    };
    let mut sched = Schedule::new(list, opts.retries, opts.timeout, opts.discover_only);
    let mut next_send = Instant::now();
    while !sched.finished(Instant::now()) {
        let now = Instant::now();
        sched.expire(now);
        if now >= next_send {
            if let Some((dst, ip)) = sched.next_frame(now) {
                let f = s.request(dst, ip);
                s.tx.send_batch(&[f.as_slice()], &mut s.scratch)?;
                next_send = now + s.interval;
                let (phase, done, total) = sched.progress();
                progress(phase, done, total);
                continue;
            }
        }
        let until = sched
            .next_deadline()
            .map_or(next_send, |d| d.min(next_send.max(now)));
        let until = until.max(now + Duration::from_micros(200));
        let sched_ref = &mut sched;
        s.read_until(until, &mut |ip, mac| {
            sched_ref.reply(ip, mac, Instant::now())
        })?;
    }
    let (phase, _, total) = sched.progress();
    progress(phase, total, total);
    Ok(sched.results(fmt))
}
