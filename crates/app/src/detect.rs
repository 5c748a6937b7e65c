//! `promisc detect`'s I/O: live hosts found with ordinary ARP requests (or the neighbour
//! table), and over IPv6 with one echo request to all-nodes; then the eight probes of
//! `promisc_detect::PROBES` to every live host (ARP who-has, or neighbour solicitations for
//! IPv6), driven by the pure `promisc_detect::schedule::Schedule`, from one packet socket
//! with an `arp or icmp6` filter, paced at `rate` frames a second.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

pub use promisc_detect::schedule::Phase;
use promisc_detect::schedule::{Discovery, Schedule};
use promisc_detect::targets::{is_v6, targets, targets6, TargetError, Targets};
use promisc_detect::{HostResult, ALL_NODES};
use promisc_facts::link::LinkFacts;
use promisc_filter::CompileTarget;
use promisc_sys::procfs;
use promisc_sys::ring::{CaptureSocket, RingConfig, TxScratch, TxSocket};
use promisc_sys::rtnl::Route;
use promisc_wire::frame::icmpv6::{self, NdiscRepr};
use promisc_wire::frame::{arp, ethernet, ipv6};
use promisc_wire::{ethertype, ip_proto, LinkType};

use promisc_facts::uapi::{IFF_LOWER_UP, IFF_UP};

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
    /// The address families to probe.
    pub family: Family,
}

/// IPv4 (ARP), IPv6 (neighbour solicitations) or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// ARP only (`-4`).
    V4,
    /// Neighbour discovery only (`-6`).
    V6,
    /// ARP, and neighbour discovery where the interface has a link-local address.
    Both,
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
    /// `-6` on an interface without a usable link-local address.
    #[error("{0} has no usable IPv6 link-local address: IPv6 detection needs one (or use -4)")]
    NoLinkLocal(String),
    /// A kernel call.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        use promisc_sys::ErrorKind;
        match self {
            Error::Unknown(_) => ErrorKind::NoInterface,
            Error::Targets(_) | Error::NoLinkLocal(_) => ErrorKind::Usage,
            Error::Down(_) | Error::NoCarrier(_) => ErrorKind::System,
            Error::Sys(e) => e.kind(),
        }
    }
}

struct Sockets {
    rx: CaptureSocket,
    tx: TxSocket,
    scratch: TxScratch,
    mac: [u8; 6],
    sip: Ipv4Addr,
    /// Our link-local address, the source of IPv6 probes.
    lladdr: Option<Ipv6Addr>,
    interval: Duration,
}

/// An answer to us: an ARP reply, an ICMPv6 echo reply or a neighbour advertisement, as
/// (the sender's address, its MAC).
fn reply_to(me: [u8; 6], data: &[u8]) -> Option<(IpAddr, [u8; 6])> {
    let eth = ethernet::Frame::new_checked(data).ok()?;
    if eth.dst() != me {
        return None;
    }
    match eth.ethertype() {
        ethertype::ARP => {
            let a = arp::Repr::parse(&arp::Packet::new_checked(eth.payload()).ok()?).ok()?;
            (a.op == 2 && a.tha == me).then_some((IpAddr::V4(a.spa), a.sha))
        }
        ethertype::IPV6 => {
            let p = ipv6::Packet::new_checked(eth.payload()).ok()?;
            let ip = ipv6::Repr::parse(&p).ok()?;
            if ip.next_header != ip_proto::ICMPV6 {
                return None;
            }
            let body = p.payload().get(..ip.payload_len)?;
            let icmp = icmpv6::Packet::new_checked(body).ok()?;
            match icmpv6::Repr::parse(&icmp, &ip.pseudo_header()).ok()? {
                icmpv6::Repr::EchoReply { .. } => Some((IpAddr::V6(ip.src), eth.src())),
                icmpv6::Repr::Ndisc(NdiscRepr::NeighborAdvert { target, .. })
                    if target == ip.src =>
                {
                    Some((IpAddr::V6(target), eth.src()))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

impl Sockets {
    fn read_until(
        &mut self,
        until: Instant,
        on_reply: &mut dyn FnMut(IpAddr, [u8; 6]),
    ) -> Result<(), Error> {
        let me = self.mac;
        Ok(self.rx.frames_until(until, &mut |fr| {
            if let Some((ip, mac)) = reply_to(me, fr.data) {
                on_reply(ip, mac);
            }
        })?)
    }

    /// The frame of one step: an ARP who-has `ip` to `dst`; for IPv6, an echo request to
    /// all-nodes (discovery), else a neighbour solicitation for `ip` to `dst`.
    fn request(&self, dst: [u8; 6], ip: IpAddr) -> Vec<u8> {
        let mut f = Vec::with_capacity(90);
        match ip {
            IpAddr::V4(ip) => {
                ethernet::Repr {
                    src: self.mac,
                    dst,
                    ethertype: ethertype::ARP,
                }
                .emit_vec(&[], &mut f);
                arp::Repr::request(self.mac, self.sip, ip).emit_vec(&mut f);
            }
            IpAddr::V6(target) => {
                let (icmp, to) = if target == ALL_NODES {
                    (
                        icmpv6::Repr::EchoRequest {
                            ident: 0x7072,
                            seq: 1,
                            data: b"promisc detect",
                        },
                        ALL_NODES,
                    )
                } else {
                    (
                        icmpv6::Repr::Ndisc(NdiscRepr::NeighborSolicit {
                            target,
                            lladdr: Some(self.mac),
                        }),
                        ipv6::solicited_node(target),
                    )
                };
                let ip6 = ipv6::Repr {
                    src: self.lladdr.unwrap_or(Ipv6Addr::UNSPECIFIED),
                    dst: to,
                    next_header: ip_proto::ICMPV6,
                    payload_len: icmp.buffer_len(),
                    hop_limit: 255,
                    traffic_class: 0,
                    flow_label: 0,
                };
                ethernet::Repr {
                    src: self.mac,
                    dst,
                    ethertype: ethertype::IPV6,
                }
                .emit_vec(&[], &mut f);
                let at = f.len();
                f.resize(at + ipv6::HEADER_LEN + icmp.buffer_len(), 0);
                let _ = ip6.emit(&mut f[at..]);
                let _ = icmp.emit(&mut f[at + ipv6::HEADER_LEN..], &ip6.pseudo_header());
            }
        }
        if f.len() < 60 {
            f.resize(60, 0);
        }
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
    let lladdr = procfs::ipv6_link_local(&link.name);
    let (args6, args4): (Vec<String>, Vec<String>) =
        opts.targets.iter().cloned().partition(|t| is_v6(t));
    // Targets choose the families: each family probes its own targets, and both probe
    // everything they can reach when none is given.
    let wrong = |list: &[String], family, flag| {
        list.first().map(|t| TargetError::WrongFamily {
            target: t.clone(),
            family,
            flag,
        })
    };
    match opts.family {
        Family::V4 => wrong(&args6, "IPv6", "-4").map_or(Ok(()), Err)?,
        Family::V6 => wrong(&args4, "IPv4", "-6").map_or(Ok(()), Err)?,
        Family::Both => {}
    }
    let explicit = !opts.targets.is_empty() || opts.hosts_from_neigh;
    let v4 = opts.family != Family::V6 && (!explicit || !args4.is_empty() || opts.hosts_from_neigh);
    let v6_wanted = opts.family != Family::V4 && (!explicit || !args6.is_empty());
    let v6 = match (opts.family, v6_wanted, lladdr) {
        (Family::V6, _, None) => return Err(Error::NoLinkLocal(link.name.clone())),
        (_, true, None) if !args6.is_empty() => return Err(Error::NoLinkLocal(link.name.clone())),
        (_, want, Some(_)) => want,
        (_, _, None) => false,
    };
    let list4: Option<Targets> = if !v4 {
        None
    } else if opts.hosts_from_neigh {
        let neighbours = procfs::arp_neighbours(&link.name);
        let ranges = neighbours
            .into_iter()
            .map(|n| (u32::from(n.0), u32::from(n.0)))
            .collect();
        Some(Targets::from_ranges(ranges, None))
    } else {
        match targets(
            &args4,
            own.map(|a| (a.addr, a.prefix_len)),
            own.map(|a| a.addr),
            opts.force,
        ) {
            Ok(t) => Some(t),
            // No IPv4 address and no target: IPv6 alone, when it can.
            Err(TargetError::Empty) if v6 => None,
            Err(e) => return Err(e.into()),
        }
    };
    let list6 = targets6(&args6)?;
    let mac: [u8; 6] = link
        .address
        .get(..6)
        .and_then(|m| m.try_into().ok())
        .unwrap_or([0; 6]);
    let mut rx = CaptureSocket::open(false)?;
    rx.setup_ring(RingConfig::for_buffer(4 << 20, 256, 10))?;
    if let Ok(p) = crate::capture::filter::compile(
        "arp or icmp6",
        LinkType::ETHERNET.0,
        256,
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
        lladdr,
        interval: Duration::from_secs_f64(1.0 / f64::from(opts.rate.max(1))),
    };
    let mut lists = Vec::new();
    if let Some(l) = list4.filter(|l| !l.is_empty()) {
        lists.push(Discovery::V4(l));
    }
    if v6 {
        lists.push(Discovery::V6 { only: list6 });
    }
    let mut out = Vec::new();
    for list in lists {
        let mut sched = Schedule::new(list, opts.retries, opts.timeout, opts.discover_only);
        drive(&mut s, &mut sched, progress)?;
        out.extend(sched.results(fmt));
    }
    out.sort_by_key(|r| r.ip);
    Ok(out)
}

/// Runs one schedule to its end: frames out at the rate, answers in.
fn drive(
    s: &mut Sockets,
    sched: &mut Schedule,
    progress: &mut dyn FnMut(Phase, u64, u64),
) -> Result<(), Error> {
    let mut next_send = Instant::now();
    while !sched.finished(Instant::now()) {
        // The answers already received count before any probe's wait is judged over: a loaded
        // machine may run this loop late, which must not make a host's answer late.
        s.read_until(Instant::now(), &mut |ip, mac| {
            sched.reply(ip, mac, Instant::now())
        })?;
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
        s.read_until(until, &mut |ip, mac| sched.reply(ip, mac, Instant::now()))?;
    }
    let (phase, _, total) = sched.progress();
    progress(phase, total, total);
    Ok(())
}

fn fmt(m: [u8; 6]) -> String {
    promisc_facts::link::format_mac(&m)
}
