//! `promisc doctor`'s observations: the interface's facts, a few seconds holding promiscuous
//! mode, and the ARP probes of `promisc_doctor` (whose table says what each one proves), sent
//! from one packet socket at a few frames per second. Every made-up MAC is random and locally
//! administered, new each run, and never paired with our IP (the probes' sender IP is
//! 0.0.0.0). The MAC-change test (`--intrusive`) restores the MAC on every way out: normal
//! end, error, SIGINT/SIGTERM (blocked and read meanwhile) and a panic (a guard's `Drop`).

use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use promisc_doctor::{Observations, Passive, Probe, Vmnet};
use promisc_facts::link::LinkFacts;
use promisc_sys::procfs;
use promisc_sys::ring::{CaptureSocket, RingConfig, TxScratch, TxSocket};
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{Signal, SignalFd};
use promisc_vswitch::access::{can_read_write, FileMode, User};
use promisc_wire::ethertype;
use promisc_wire::frame::{arp, ethernet};

/// `PACKET_OTHERHOST`, `PACKET_BROADCAST`, `PACKET_MULTICAST`, `PACKET_OUTGOING`.
const OTHERHOST: u8 = 3;
const BROADCAST: u8 = 1;
const MULTICAST: u8 = 2;
const OUTGOING: u8 = 4;
/// Probes of each kind, and the gap between two.
const PROBES: u32 = 3;
const GAP: Duration = Duration::from_millis(500);
/// How long answers may take after the last probe of a kind.
const ANSWER_WAIT: Duration = Duration::from_millis(800);

/// What to observe.
#[derive(Debug, Clone)]
pub struct Options {
    /// The interface (default: the default route's, or the first port of that bridge).
    pub interface: Option<String>,
    /// Also test MAC address changes (changes the interface's MAC for about a second).
    pub intrusive: bool,
    /// How long to hold promiscuous mode for the passive check.
    pub passive: Duration,
    /// Where to look for vmnet device files (default `/dev`).
    pub vmnet_dir: Option<PathBuf>,
    /// The VM users to check vmnet files against (default: users running vmware-vmx).
    pub vm_users: Vec<String>,
}

/// Why the doctor cannot observe.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No interface given and no default route.
    #[error("no default route to pick an interface from: name one with -i")]
    NoInterface,
    /// The interface does not exist.
    #[error(transparent)]
    Unknown(#[from] crate::UnknownInterface),
    /// `--intrusive` on the interface that carries the default route.
    #[error("--intrusive changes the MAC of {0}, which carries this machine's default route: choose another interface with -i, or leave out --intrusive")]
    CarriesDefaultRoute(String),
    /// SIGINT or SIGTERM during the MAC-change test (the MAC was restored).
    #[error("interrupted; the MAC of {0} was restored")]
    Interrupted(String),
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
            Error::NoInterface | Error::CarriesDefaultRoute(_) => ErrorKind::Usage,
            Error::Interrupted(_) => ErrorKind::Interrupted,
            Error::Sys(e) => e.kind(),
        }
    }
}

fn fmt_mac(m: [u8; 6]) -> String {
    promisc_vswitch::Mac(m).to_string()
}

/// A random locally administered unicast MAC.
fn made_up_mac() -> [u8; 6] {
    let mut m = procfs::random_bytes::<6>().unwrap_or([0x5a, 1, 2, 3, 4, 5]);
    m[0] = (m[0] & 0xfc) | 0x02;
    m
}

/// Chooses the interface: `-i`, else the default route's device (or the first port of that
/// bridge, the vNIC a bridge in the guest sits on).
fn choose(opts: &Options, links: &[LinkFacts]) -> Result<LinkFacts, Error> {
    if let Some(name) = &opts.interface {
        let names = [name.clone()];
        return Ok(crate::resolve(&names, links, &crate::netns::current_name())?[0].clone());
    }
    let (dev, _) = procfs::default_route().ok_or(Error::NoInterface)?;
    let l = links
        .iter()
        .find(|l| promisc_facts::link::name_is(&l.name, &dev))
        .ok_or(Error::NoInterface)?;
    if l.kind.as_deref() == Some("bridge") {
        if let Some(port) = links
            .iter()
            .filter(|p| p.master == Some(l.ifindex))
            .min_by_key(|p| p.ifindex)
        {
            return Ok(port.clone());
        }
    }
    Ok(l.clone())
}

/// Reads everything and runs the probes; `log` gets a line per step (and, for `-v`, each
/// frame sent).
pub fn observe(opts: &Options, log: &mut dyn FnMut(&str)) -> Result<Observations, Error> {
    let mut route = Route::open()?;
    let links = route.links()?;
    let link = choose(opts, &links)?;
    let mut o = static_facts(&link, &links, &mut route, opts);
    let mac: [u8; 6] = link
        .address
        .get(..6)
        .and_then(|m| m.try_into().ok())
        .unwrap_or([0; 6]);
    let carrier = link
        .master
        .and_then(|m| links.iter().find(|l| l.ifindex == m))
        .map_or(link.name.clone(), |m| m.name.clone());
    // The neighbour to probe: the default gateway when it is reached through this interface
    // (or its bridge), else any complete neighbour entry.
    let target = match procfs::default_route() {
        Some((dev, gw)) if dev == link.name || dev == carrier => Some(gw),
        _ => procfs::arp_neighbours(&carrier).first().map(|n| n.0),
    };
    o.target = target.map(|t| t.to_string());
    if opts.intrusive && procfs::default_route().is_some_and(|(dev, _)| dev == link.name) {
        return Err(Error::CarriesDefaultRoute(link.name.clone()));
    }
    let mut probe = Prober::open(link.ifindex, mac)?;
    log(&format!(
        "holding promiscuous mode on {} for {} ms",
        link.name,
        opts.passive.as_millis()
    ));
    o.passive = Some(probe.passive(opts.passive)?);
    let Some(target) = target else {
        for c in ["forged_transmits", "return_path"] {
            o.skipped.push((
                c.into(),
                format!("no IPv4 neighbour known on {carrier} to probe"),
            ));
        }
        o.skipped
            .push(("mac_changes".into(), "no neighbour to probe".into()));
        return Ok(o);
    };
    let ours = mac;
    o.baseline = Some(
        probe.run(
            log,
            target,
            &[Kind {
                eth: ours,
                sha: ours,
            }],
        )?[0],
    );
    o.forged = Some(
        probe.run(
            log,
            target,
            &[Kind {
                eth: made_up_mac(),
                sha: ours,
            }],
        )?[0],
    );
    let foreign = made_up_mac();
    let ret = made_up_mac();
    let both = probe.run(
        log,
        target,
        &[
            Kind {
                eth: ours,
                sha: foreign,
            },
            Kind { eth: ret, sha: ret },
        ],
    )?;
    o.foreign = Some(both[0]);
    o.return_path = Some(both[1]);
    if opts.intrusive {
        o.mac_change = Some(mac_change(&mut route, &link, &mut probe, target, log)?);
    } else {
        o.skipped.push((
            "mac_changes".into(),
            "changes the interface's MAC for a second: run with --intrusive".into(),
        ));
    }
    Ok(o)
}

fn static_facts(
    link: &LinkFacts,
    links: &[LinkFacts],
    route: &mut Route,
    opts: &Options,
) -> Observations {
    let mut o = Observations {
        interface: link.name.clone(),
        mac: link
            .address
            .get(..6)
            .map_or(String::new(), |m| fmt_mac(m.try_into().expect("6 bytes"))),
        ..Observations::default()
    };
    let vendor = procfs::read_value("/sys/class/dmi/id/sys_vendor");
    let product = procfs::read_value("/sys/class/dmi/id/product_name");
    o.dmi = match (vendor, product) {
        (Some(v), Some(p)) => Some(format!("{v} {p}")),
        (v, p) => v.or(p),
    };
    // sysfs shows the namespace it was mounted in: trust it only when the index matches.
    let sys = format!("/sys/class/net/{}", link.name);
    let driver = (procfs::read_value(&format!("{sys}/ifindex")) == Some(link.ifindex.to_string()))
        .then(|| std::fs::read_link(format!("{sys}/device/driver")).ok())
        .flatten()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()));
    o.driver = driver
        .or_else(|| link.kind.clone())
        .or(Some("ethernet".into()));
    if let Some(m) = link
        .master
        .and_then(|m| links.iter().find(|l| l.ifindex == m))
    {
        o.needs_foreign.push(format!(
            "{} {} enslaves {}",
            m.kind.as_deref().unwrap_or("master"),
            m.name,
            link.name
        ));
    }
    for l in links.iter().filter(|l| {
        l.link == Some(link.ifindex) && l.ifindex != link.ifindex && l.link_netnsid.is_none()
    }) {
        if let Some(k @ ("macvlan" | "macvtap" | "ipvlan")) = l.kind.as_deref() {
            o.needs_foreign
                .push(format!("{k} {} on {}", l.name, link.name));
        }
    }
    let vmish = [
        "qemu-system",
        "qemu-kvm",
        "vmware-vmx",
        "VBoxHeadless",
        "VirtualBoxVM",
        "firecracker",
        "containerd-shim",
        "dockerd",
        "lxc-start",
        "conmon",
        "crun",
    ];
    let mut procs: Vec<String> = procfs::processes()
        .into_iter()
        .filter(|(_, c, _)| vmish.iter().any(|v| c.starts_with(v)))
        .map(|(pid, c, _)| format!("{c} (pid {pid})"))
        .collect();
    procs.truncate(5);
    if !procs.is_empty() {
        o.needs_foreign.push(format!(
            "VM or container processes run here: {}",
            procs.join(", ")
        ));
    }
    o.promiscuity = link.promiscuity;
    if let Ok(snap) = crate::status::snapshot(false) {
        if let Some(s) = snap.here().find(|s| s.ifindex == link.ifindex) {
            o.holders = s.holders.iter().map(|h| h.describe()).collect();
        }
    }
    o.rx_otherhost_dropped = route.otherhost_dropped(link.ifindex).ok().flatten();
    o.ip_forward = procfs::read_value("/proc/sys/net/ipv4/ip_forward").map(|v| v == "1");
    let rp = |dev: &str| {
        procfs::read_value(&format!("/proc/sys/net/ipv4/conf/{dev}/rp_filter"))
            .and_then(|v| v.parse().ok())
    };
    o.rp_filter = rp("all").zip(rp(&link.name));
    o.vmnet = vmnet_files(opts);
    o
}

/// The vmnet device files and who may use them.
fn vmnet_files(opts: &Options) -> Vec<Vmnet> {
    let dir = opts
        .vmnet_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("/dev"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("vmnet"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = opts.vm_users.clone();
    if names.is_empty() {
        let uids: HashSet<u32> = procfs::processes()
            .into_iter()
            .filter(|(_, c, _)| c.starts_with("vmware-vmx"))
            .map(|p| p.2)
            .collect();
        names = uids.into_iter().map(|u| u.to_string()).collect();
    }
    let users: Vec<(String, Option<User>)> = names
        .iter()
        .map(|n| {
            let acct = promisc_sys::user::lookup_user(n).ok().flatten();
            let user = acct.map(|a| User {
                uid: a.uid,
                groups: promisc_sys::user::groups_of(&a).unwrap_or_else(|_| vec![a.gid]),
            });
            (n.clone(), user)
        })
        .collect();
    files
        .iter()
        .filter_map(|p| {
            let (uid, gid, mode) = procfs::file_mode(p)?;
            let users = users
                .iter()
                .map(|(n, u)| {
                    (
                        n.clone(),
                        u.as_ref()
                            .is_some_and(|u| can_read_write(FileMode { uid, gid, mode }, u)),
                    )
                })
                .collect();
            Some(Vmnet {
                path: p.display().to_string(),
                uid,
                gid,
                mode,
                users,
            })
        })
        .collect()
}

/// One probe kind: the Ethernet source and the ARP sender MAC (the answer goes to it).
#[derive(Debug, Clone, Copy)]
struct Kind {
    eth: [u8; 6],
    sha: [u8; 6],
}

/// The packet sockets of the probes, promiscuous mode held for their life.
struct Prober {
    rx: CaptureSocket,
    tx: TxSocket,
    scratch: TxScratch,
    mac: [u8; 6],
}

impl Prober {
    fn open(ifindex: u32, mac: [u8; 6]) -> Result<Prober, Error> {
        let mut rx = CaptureSocket::open(false)?;
        rx.setup_ring(RingConfig::for_buffer(1 << 20, 256, 20))?;
        rx.bind(ifindex)?;
        rx.add_promisc(ifindex)?;
        Ok(Prober {
            rx,
            tx: TxSocket::open(ifindex)?,
            scratch: TxScratch::new(),
            mac,
        })
    }

    /// Reads frames until `until`, handing each (pkttype, bytes) to `f`.
    fn read_until(&mut self, until: Instant, f: &mut dyn FnMut(u8, &[u8])) -> Result<(), Error> {
        Ok(self
            .rx
            .frames_until(until, &mut |fr| f(fr.pkttype(), fr.data))?)
    }

    fn passive(&mut self, d: Duration) -> Result<Passive, Error> {
        let mut p = Passive {
            millis: d.as_millis() as u64,
            ..Passive::default()
        };
        let mut sources: HashSet<[u8; 6]> = HashSet::new();
        let mut dsts: Vec<[u8; 6]> = Vec::new();
        let me = self.mac;
        self.read_until(Instant::now() + d, &mut |kind, data| {
            let Ok(eth) = ethernet::Frame::new_checked(data) else {
                return;
            };
            if kind == OUTGOING || eth.src() == me {
                return;
            }
            sources.insert(eth.src());
            match kind {
                OTHERHOST => {
                    p.otherhost += 1;
                    if dsts.len() < 100_000 {
                        dsts.push(eth.dst());
                    }
                }
                BROADCAST | MULTICAST => p.group += 1,
                _ => {}
            }
        })?;
        p.otherhost_known = dsts.iter().filter(|d| sources.contains(*d)).count() as u64;
        p.stations = sources.len() as u64;
        Ok(p)
    }

    /// Sends `PROBES` ARP probes of every kind (interleaved, `GAP` apart) for `target` and
    /// counts the answers to each kind's sender MAC.
    fn run(
        &mut self,
        log: &mut dyn FnMut(&str),
        target: Ipv4Addr,
        kinds: &[Kind],
    ) -> Result<Vec<Probe>, Error> {
        let mut out = vec![Probe::default(); kinds.len()];
        let frames: Vec<Vec<u8>> = kinds
            .iter()
            .map(|k| {
                let mut f = Vec::with_capacity(60);
                ethernet::Repr {
                    src: k.eth,
                    dst: ethernet::BROADCAST,
                    ethertype: ethertype::ARP,
                }
                .emit_vec(&[], &mut f);
                arp::Repr::request(k.sha, Ipv4Addr::UNSPECIFIED, target).emit_vec(&mut f);
                f.resize(60, 0);
                f
            })
            .collect();
        let shas: Vec<[u8; 6]> = kinds.iter().map(|k| k.sha).collect();
        let mut count = |_: u8, data: &[u8]| {
            let Ok(eth) = ethernet::Frame::new_checked(data) else {
                return;
            };
            if eth.ethertype() != ethertype::ARP {
                return;
            }
            let Ok(a) = arp::Packet::new_checked(eth.payload()).and_then(|p| arp::Repr::parse(&p))
            else {
                return;
            };
            if a.op != 2 || a.spa != target {
                return;
            }
            if let Some(i) = shas.iter().position(|s| *s == a.tha && eth.dst() == *s) {
                out[i].answered += 1;
            }
        };
        for n in 0..PROBES {
            for (i, (f, k)) in frames.iter().zip(kinds).enumerate() {
                let sent = self.tx.send_batch(&[f.as_slice()], &mut self.scratch)?;
                let _ = i;
                if sent == 1 {
                    log(&format!(
                        "sent ARP probe who-has {target} tell 0.0.0.0, Ethernet source {}, sender MAC {} ({}/{PROBES})",
                        fmt_mac(k.eth),
                        fmt_mac(k.sha),
                        n + 1
                    ));
                }
            }
            let until = Instant::now() + if n + 1 == PROBES { ANSWER_WAIT } else { GAP };
            self.read_until(until, &mut count)?;
        }
        for (p, _) in out.iter_mut().zip(kinds) {
            p.sent = PROBES;
        }
        Ok(out)
    }
}

/// Puts the interface's MAC back when dropped (also on a panic).
struct Restore<'a> {
    route: &'a mut Route,
    ifindex: u32,
    mac: [u8; 6],
    done: bool,
}

impl Restore<'_> {
    fn now(&mut self) -> Result<(), Error> {
        if !self.done {
            self.route.set_address(self.ifindex, self.mac)?;
            self.done = true;
        }
        Ok(())
    }
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        let _ = self.now();
    }
}

/// Sets a made-up MAC for about a second and probes from it; the MAC is always restored.
fn mac_change(
    route: &mut Route,
    link: &LinkFacts,
    probe: &mut Prober,
    target: Ipv4Addr,
    log: &mut dyn FnMut(&str),
) -> Result<Probe, Error> {
    let original: [u8; 6] = link
        .address
        .get(..6)
        .and_then(|m| m.try_into().ok())
        .unwrap_or([0; 6]);
    let signals = SignalFd::new(&[Signal::Interrupt, Signal::Terminate, Signal::Hangup])?;
    let new = made_up_mac();
    log(&format!(
        "setting {} to the made-up MAC {} for a second (--intrusive)",
        link.name,
        fmt_mac(new)
    ));
    route.set_address(link.ifindex, new)?;
    let mut guard = Restore {
        route,
        ifindex: link.ifindex,
        mac: original,
        done: false,
    };
    let result = probe.run(log, target, &[Kind { eth: new, sha: new }]);
    guard.now()?;
    log(&format!("restored {} to {}", link.name, fmt_mac(original)));
    if signals.read()?.is_some() {
        return Err(Error::Interrupted(link.name.clone()));
    }
    Ok(result?[0])
}

/// Whether `path` names a vmnet file (for the binary's messages).
pub fn is_vmnet(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("vmnet"))
}
