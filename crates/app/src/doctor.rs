//! `promisc doctor`'s observations: the interface's facts, a few seconds holding promiscuous
//! mode, and the ARP probes of `promisc_doctor` (whose table says what each one proves), sent
//! from one packet socket at a few frames per second. Every made-up MAC is random and locally
//! administered, new each run, and never paired with our IP (the probes' sender IP is
//! 0.0.0.0). Which probes run, in which order, when each is skipped, how long answers are
//! waited for and what each answer records is [`promisc_doctor::schedule`], driven here with
//! the clock and the frames read. The MAC-change test (`--intrusive`) restores the MAC on
//! every way out: normal end, error, SIGINT/SIGTERM (blocked and read meanwhile) and a panic
//! (a guard's `Drop`).
//!
//! When unknown unicast arrives, the known-unicast test of the schedule asks up to two other
//! stations of the ARP table with ARP probes from our MAC, then sends the neighbour two pairs
//! of ICMP echo requests from our MAC: one from our own IP, one with the IP of the station
//! that answered (never on bare metal, as the platform recognition says). Every frame is
//! listed by `-v`.

use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use promisc_doctor::schedule::{
    made_up_mac, Check, MadeUp, ProbeFrame, Refusal, Schedule, Setup, Stations, Step,
};
use promisc_doctor::{foreign_source_allowed, recognise, Macvlan, Observations, Platform, Vmnet};
use promisc_facts::link::LinkFacts;
use promisc_facts::uapi::{IFF_LOWER_UP, IFF_UP};
use promisc_sys::procfs;
use promisc_sys::ring::{CaptureSocket, RingConfig, TxScratch, TxSocket};
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{Signal, SignalFd};
use promisc_vswitch::access::{can_read_write, FileMode, User};
use promisc_wire::frame::{arp, ethernet, icmp, ipv4};
use promisc_wire::{ethertype, ip_proto};

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
    /// The platform, when recognition is wrong (`--platform`).
    pub platform: Option<Platform>,
}

/// What the doctor is doing, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Holding promiscuous mode for the passive check.
    Holding,
    /// Sending probes.
    Probing,
    /// Waiting for the answers of the probes sent.
    Waiting,
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
    /// `--vm-user` names no account.
    #[error("--vm-user {0}: no such user")]
    NoUser(String),
    /// The interface is down: nothing could be observed.
    #[error("{0} is down: bring it up first (ip link set {0} up); the doctor's probes need a working link")]
    Down(String),
    /// The interface has no carrier: nothing could answer.
    #[error("{0} has no carrier (no cable, or the other end is down): nothing can answer the doctor's probes")]
    NoCarrier(String),
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
            Error::NoInterface | Error::CarriesDefaultRoute(_) | Error::NoUser(_) => {
                ErrorKind::Usage
            }
            Error::Down(_) | Error::NoCarrier(_) => ErrorKind::System,
            Error::Interrupted(_) => ErrorKind::Interrupted,
            Error::Sys(e) => e.kind(),
        }
    }
}

fn fmt_mac(m: [u8; 6]) -> String {
    promisc_facts::link::format_mac(&m)
}

/// A random locally administered unicast MAC.
fn random_mac() -> [u8; 6] {
    made_up_mac(procfs::random_bytes::<6>().unwrap_or([0x5a, 1, 2, 3, 4, 5]))
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

/// Reads everything and runs the probes as [`promisc_doctor::schedule`] says; `log` gets a
/// line per step (and, for `-v`, each frame sent); `progress(phase, probes sent, probes in
/// all)` is told as the run goes.
pub fn observe(
    opts: &Options,
    log: &mut dyn FnMut(&str),
    progress: &mut dyn FnMut(Phase, u64, u64),
) -> Result<Observations, Error> {
    for name in &opts.vm_users {
        if promisc_sys::user::lookup_user(name)?.is_none() {
            return Err(Error::NoUser(name.clone()));
        }
    }
    let mut route = Route::open()?;
    let links = route.links()?;
    let link = choose(opts, &links)?;
    if link.flags & IFF_UP == 0 {
        return Err(Error::Down(link.name.clone()));
    }
    if link.flags & IFF_LOWER_UP == 0 {
        return Err(Error::NoCarrier(link.name.clone()));
    }
    let mut o = static_facts(&link, &links, &mut route, opts);
    let mac: [u8; 6] = link
        .address
        .get(..6)
        .and_then(|m| m.try_into().ok())
        .unwrap_or([0; 6]);
    let carrier_link = link
        .master
        .and_then(|m| links.iter().find(|l| l.ifindex == m))
        .unwrap_or(&link);
    let carrier = carrier_link.name.clone();
    let arp_table = procfs::arp_neighbours(&carrier);
    let own_ip = route
        .ipv4_addresses()
        .unwrap_or_default()
        .into_iter()
        .find(|a| a.ifindex == carrier_link.ifindex)
        .map(|a| a.addr);
    let plan = Schedule::new(Setup {
        interface: link.name.clone(),
        neighbours: arp_table.iter().map(|n| n.0).collect(),
        carrier,
        mac,
        default_route: procfs::default_route(),
        intrusive: opts.intrusive,
        foreign_source_allowed: foreign_source_allowed(&o.platform, opts.intrusive),
        passive: opts.passive,
        made_up: MadeUp {
            forged: random_mac(),
            foreign: random_mac(),
            return_path: random_mac(),
            mac_change: random_mac(),
        },
    })
    .map_err(|Refusal::CarriesDefaultRoute| Error::CarriesDefaultRoute(link.name.clone()))?;
    let mut plan = plan.with_stations(Stations {
        own_ip,
        known: arp_table,
        echo_ident: u16::from_be_bytes(procfs::random_bytes::<2>().unwrap_or([0x5a, 0x17])),
        // Never on bare metal, --intrusive or not: the echoes carry another station's IP.
        bare_metal: o.platform.bare_metal,
    });
    let mut probe = Prober::open(link.ifindex)?;
    let mut guard = Restore {
        route: &mut route,
        ifindex: link.ifindex,
        mac,
        changed: false,
    };
    // Blocked while the MAC is changed, and read when it is back.
    let mut signals: Option<SignalFd> = None;
    loop {
        let step = plan.next(Instant::now());
        let (sent, total) = plan.progress();
        let result = match step {
            Step::Passive { until } => {
                progress(Phase::Holding, sent, total);
                log(&format!(
                    "holding promiscuous mode on {} for {} ms",
                    link.name,
                    opts.passive.as_millis()
                ));
                probe.passive(until, &mut plan)
            }
            Step::Send(frames) => {
                progress(Phase::Probing, sent, total);
                probe.send(&frames, log)
            }
            Step::Listen { until } => {
                progress(Phase::Waiting, sent, total);
                probe.listen(until, &mut plan)
            }
            Step::SetMac(new) => {
                signals = Some(SignalFd::new(&[
                    Signal::Interrupt,
                    Signal::Terminate,
                    Signal::Hangup,
                ])?);
                log(&format!(
                    "setting {} to the made-up MAC {} for a second (--intrusive)",
                    link.name,
                    fmt_mac(new)
                ));
                guard.set(new)
            }
            Step::RestoreMac => restore(&mut guard, signals.take(), &link.name, log),
            Step::Done => break,
        };
        if let Err(e) = result {
            // The MAC goes back first; an interruption meanwhile is what is reported.
            if guard.changed {
                restore(&mut guard, signals.take(), &link.name, log)?;
            }
            return Err(e);
        }
    }
    plan.record(&mut o);
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
    o.platform = recognise(
        &crate::platform::read_clues(Path::new("/"), &o.mac),
        opts.platform,
    );
    o.macvlan = macvlan_under(link, links);
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

/// The macvlan or macvtap the interface is, or sits on (following `IFLA_LINK` within this
/// namespace, a few levels at most).
fn macvlan_under(link: &LinkFacts, links: &[LinkFacts]) -> Option<Macvlan> {
    let mut at = link;
    for _ in 0..4 {
        if let (
            Some(kind @ ("macvlan" | "macvtap")),
            promisc_facts::link::KindData::Macvlan { mode, .. },
        ) = (at.kind.as_deref(), &at.kind_data)
        {
            let parent = match (at.link, at.link_netnsid) {
                (Some(i), None) => links
                    .iter()
                    .find(|l| l.ifindex == i)
                    .map_or(format!("ifindex {i}"), |l| l.name.clone()),
                (Some(i), Some(ns)) => format!("ifindex {i} of another namespace (netnsid {ns})"),
                (None, _) => "its parent".to_string(),
            };
            return Some(Macvlan {
                device: at.name.clone(),
                kind: kind.to_string(),
                mode: promisc_doctor::macvlan_mode(*mode).to_string(),
                parent,
            });
        }
        // Down through devices stacked on a parent (not a veth's peer).
        match (at.link, at.link_netnsid, at.kind.as_deref()) {
            (Some(i), None, Some("vlan" | "macsec")) if i != at.ifindex => {
                at = links.iter().find(|l| l.ifindex == i)?;
            }
            _ => return None,
        }
    }
    None
}

/// The vmnet device files and who may use them.
pub(crate) fn vmnet_files(opts: &Options) -> Vec<Vmnet> {
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

/// The packet sockets of the probes, promiscuous mode held for their life.
struct Prober {
    rx: CaptureSocket,
    tx: TxSocket,
    scratch: TxScratch,
}

impl Prober {
    fn open(ifindex: u32) -> Result<Prober, Error> {
        let mut rx = CaptureSocket::open(false)?;
        rx.setup_ring(RingConfig::for_buffer(1 << 20, 256, 20))?;
        rx.bind(ifindex)?;
        rx.add_promisc(ifindex)?;
        Ok(Prober {
            rx,
            tx: TxSocket::open(ifindex)?,
            scratch: TxScratch::new(),
        })
    }

    /// Reads frames until `until`, handing each (pkttype, bytes) to `f`.
    fn read_until(&mut self, until: Instant, f: &mut dyn FnMut(u8, &[u8])) -> Result<(), Error> {
        Ok(self
            .rx
            .frames_until(until, &mut |fr| f(fr.pkttype(), fr.data))?)
    }

    /// The passive check: every Ethernet frame until `until` to the schedule.
    fn passive(&mut self, until: Instant, plan: &mut Schedule) -> Result<(), Error> {
        self.read_until(until, &mut |kind, data| {
            if let Ok(eth) = ethernet::Frame::new_checked(data) {
                plan.passive_frame(kind, eth.src(), eth.dst());
            }
        })
    }

    /// Sends the probes, in order.
    fn send(&mut self, frames: &[ProbeFrame], log: &mut dyn FnMut(&str)) -> Result<(), Error> {
        for p in frames {
            let (f, what) = match p.echo {
                None => {
                    let mut f = Vec::with_capacity(60);
                    ethernet::Repr {
                        src: p.eth,
                        dst: p.dst.unwrap_or(ethernet::BROADCAST),
                        ethertype: ethertype::ARP,
                    }
                    .emit_vec(&[], &mut f);
                    arp::Repr::request(p.sha, Ipv4Addr::UNSPECIFIED, p.target).emit_vec(&mut f);
                    f.resize(60, 0);
                    let what = format!(
                        "ARP probe who-has {} tell 0.0.0.0, Ethernet source {}{}, sender MAC {}",
                        p.target,
                        fmt_mac(p.eth),
                        p.dst
                            .map_or(String::new(), |d| format!(" to {}", fmt_mac(d))),
                        fmt_mac(p.sha)
                    );
                    (f, what)
                }
                Some(e) => {
                    let f = icmp::echo_request_frame(
                        p.eth,
                        e.dst,
                        e.src_ip,
                        p.target,
                        e.ident,
                        e.seq,
                        b"promisc doctor",
                    );
                    let what = format!(
                        "ICMP echo request {} > {} (id {} seq {}), Ethernet {} > {}{}",
                        e.src_ip,
                        p.target,
                        e.ident,
                        e.seq,
                        fmt_mac(p.eth),
                        fmt_mac(e.dst),
                        if p.check == Check::KnownUnicast {
                            " (another station's IP: its answer goes to that station's MAC)"
                        } else {
                            ""
                        }
                    );
                    (f, what)
                }
            };
            if self.tx.send_batch(&[f.as_slice()], &mut self.scratch)? == 1 {
                log(&format!("sent {what} ({}/{})", p.n, sends(p.check)));
            }
        }
        Ok(())
    }

    /// Every ARP packet and ICMP message until `until` to the schedule (which counts the
    /// answers).
    fn listen(&mut self, until: Instant, plan: &mut Schedule) -> Result<(), Error> {
        self.read_until(until, &mut |kind, data| {
            let Ok(eth) = ethernet::Frame::new_checked(data) else {
                return;
            };
            match eth.ethertype() {
                ethertype::ARP => {
                    if let Ok(a) =
                        arp::Packet::new_checked(eth.payload()).and_then(|p| arp::Repr::parse(&p))
                    {
                        plan.answer(a.op, a.spa, a.sha, a.tha, eth.dst());
                    }
                }
                ethertype::IPV4 => {
                    let Ok(ip) = ipv4::Packet::new_checked(eth.payload()) else {
                        return;
                    };
                    let Ok(r) = ipv4::Repr::parse(&ip) else {
                        return;
                    };
                    if r.protocol != ip_proto::ICMP {
                        return;
                    }
                    if let Ok(m) = icmp::Packet::new_checked(ip.payload()) {
                        plan.echo_reply(
                            kind,
                            eth.dst(),
                            r.src,
                            r.dst,
                            m.msg_type(),
                            (m.rest() >> 16) as u16,
                        );
                    }
                }
                _ => {}
            }
        })
    }
}

/// How many times a probe of this kind is sent.
fn sends(check: Check) -> u32 {
    use promisc_doctor::schedule::{PROBES, STATION_PROBES};
    match check {
        Check::Station | Check::EchoControl | Check::KnownUnicast => STATION_PROBES,
        _ => PROBES,
    }
}

/// Puts the interface's MAC back when dropped (also on a panic) once it was changed.
struct Restore<'a> {
    route: &'a mut Route,
    ifindex: u32,
    mac: [u8; 6],
    changed: bool,
}

impl Restore<'_> {
    /// Sets the interface's MAC to `new`.
    fn set(&mut self, new: [u8; 6]) -> Result<(), Error> {
        self.route.set_address(self.ifindex, new)?;
        self.changed = true;
        Ok(())
    }

    fn now(&mut self) -> Result<(), Error> {
        if self.changed {
            self.route.set_address(self.ifindex, self.mac)?;
            self.changed = false;
        }
        Ok(())
    }
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        let _ = self.now();
    }
}

/// Puts the MAC back, says so, and reports a SIGINT or SIGTERM that came meanwhile.
fn restore(
    guard: &mut Restore<'_>,
    signals: Option<SignalFd>,
    name: &str,
    log: &mut dyn FnMut(&str),
) -> Result<(), Error> {
    guard.now()?;
    log(&format!("restored {name} to {}", fmt_mac(guard.mac)));
    if let Some(s) = signals {
        if s.read()?.is_some() {
            return Err(Error::Interrupted(name.to_string()));
        }
    }
    Ok(())
}

/// Whether `path` names a vmnet file (for the binary's messages).
pub fn is_vmnet(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("vmnet"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use promisc_facts::link::KindData;

    fn link(ifindex: u32, name: &str, kind: &str, lower: Option<u32>) -> LinkFacts {
        LinkFacts {
            ifindex,
            name: name.into(),
            kind: Some(kind.into()),
            link: lower,
            kind_data: if kind.starts_with("macv") {
                KindData::Macvlan { mode: 4, flags: 0 }
            } else {
                KindData::None
            },
            ..LinkFacts::default()
        }
    }

    #[test]
    fn the_macvlan_is_found_on_the_interface_or_under_a_vlan_but_not_across_a_veth() {
        let links = vec![
            link(2, "eth0", "veth", Some(3)),
            link(3, "eth1", "veth", Some(2)),
            link(4, "mv0", "macvlan", Some(2)),
            link(5, "mv0.5", "vlan", Some(4)),
            link(6, "tap0", "macvtap", Some(2)),
        ];
        let m = macvlan_under(&links[2], &links).unwrap();
        assert_eq!(
            (
                m.device.as_str(),
                m.kind.as_str(),
                m.mode.as_str(),
                m.parent.as_str()
            ),
            ("mv0", "macvlan", "bridge", "eth0")
        );
        let m = macvlan_under(&links[3], &links).unwrap();
        assert_eq!((m.device.as_str(), m.parent.as_str()), ("mv0", "eth0"));
        assert_eq!(macvlan_under(&links[4], &links).unwrap().kind, "macvtap");
        assert_eq!(
            macvlan_under(&links[0], &links),
            None,
            "a veth's peer is no parent"
        );
        let mut moved = links[2].clone();
        moved.link_netnsid = Some(0);
        assert_eq!(
            macvlan_under(&moved, &links).unwrap().parent,
            "ifindex 2 of another namespace (netnsid 0)"
        );
    }
}
