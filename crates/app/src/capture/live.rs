//! `promisc capture`'s run: the interfaces resolved, their filters compiled, the sockets and
//! the first file opened, every capability given up (and the user switched for `-Z`), the sink
//! built, and the signals waited for until the capture ends.
//!
//! # What is given up, when
//!
//! Capabilities belong to each thread, and a thread starts with its creator's: they are given
//! up in the controlling thread ([`promisc_sys::caps::relinquish`]) once the sockets (and,
//! without `-Z`, the first file) are open, before the sink's threads (the name resolver) and
//! the capture's workers exist. Reading the rings and writing open files needs no capability,
//! nor does an interface that goes down and comes back (the sockets stay bound, their
//! memberships stay), nor the name resolver. What is kept: nothing, except `CAP_DAC_OVERRIDE`
//! when `-C`/`-G` create files, without `-Z`, in a directory the user may write only through
//! it (root writing into another user's directory). The bounding and ambient sets are emptied
//! as far as the process may, and `no_new_privs` is set. With `-Z USER` the process becomes
//! USER as well (and the first file is created as USER, as tcpdump does), which needs
//! `CAP_SETUID` and `CAP_SETGID`: without them (a binary with file capabilities, run by a
//! user) `-Z` of another user is refused before anything is opened.

use std::io;
use std::path::{Path, PathBuf};

use promisc_capture::{
    Capture, Config, CountSink, Event, FileSink, Sink, Summary, Target, TeeSink,
};
use promisc_facts::link::LinkFacts;
use promisc_filter::{CompileTarget, Program};
use promisc_savefile::{Format, Interface};
use promisc_sys::caps::{self, CapSet, Capability};
use promisc_sys::ring;
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{Signal, SignalFd, Signals};
use promisc_sys::user::{self, Account};

use super::filter::{self, FilterError};
use super::output::{self, FileOutput, Output, Printing};
use super::{Direction, Error};
use crate::netns;

/// The filter of a capture.
#[derive(Debug, Clone)]
pub enum Filter {
    /// None: every packet.
    None,
    /// A pcap-filter(7) expression, compiled for each interface's link type; `file` is the
    /// `-F` file it was read from.
    Expression {
        /// The expression.
        text: String,
        /// The `-F` file, for errors.
        file: Option<String>,
    },
    /// A program given as is (`--bpf-file`).
    Program(Program),
}

/// What `promisc capture` does, its flags checked.
#[derive(Debug, Clone)]
pub struct Options {
    /// `-i`: the interfaces (or `any`); none means the first that is up and not a loopback.
    pub interfaces: Vec<String>,
    /// Make them promiscuous (not with `-p`).
    pub promisc: bool,
    /// Bytes kept of each packet.
    pub snaplen: u32,
    /// `-B`: ring KiB per socket.
    pub buffer_kib: u64,
    /// `-Q`.
    pub direction: Direction,
    /// `--fanout N`.
    pub fanout: Option<u16>,
    /// `-c`.
    pub count: Option<u64>,
    /// `--skip N` (tcpdump 5): the first N packets are neither printed nor written.
    pub skip: u32,
    /// How long the kernel may hold a partly filled ring block, in milliseconds.
    pub retire_timeout_ms: u32,
    /// The filter.
    pub filter: Filter,
    /// Where packets go.
    pub output: Output,
    /// `-Z USER`: become this user once the sockets are open (every capability is given up
    /// then, with or without it).
    pub user: Option<String>,
    /// `-I`: monitor mode asked for (refused: see [`check_monitor_mode`]).
    pub monitor: bool,
}

/// What a capture tells its caller as it runs.
pub trait Report {
    /// An interface whose filter runs in user space, and why.
    fn user_filtered(&mut self, interface: &str, why: &str);
    /// The capture started on these interfaces.
    fn listening(&mut self, interfaces: &[Interface], snaplen: u32);
    /// An interface went down, came back or was deleted.
    fn event(&mut self, event: &Event);
    /// SIGUSR1: the statistics so far.
    fn progress(&mut self, summary: &Summary);
}

/// The interfaces to capture on (`-i`, else the first that is up and not a loopback), without
/// their filters yet, among `links` of this namespace. Each name is given once (the caller
/// checks).
pub fn targets(names: &[String], links: &[LinkFacts]) -> Result<Vec<Target>, Error> {
    let names: Vec<String> = if names.is_empty() {
        // As tcpdump: the first interface that is up and not a loopback.
        let first = links
            .iter()
            .filter(|l| l.is_up() && l.arphrd != promisc_facts::uapi::ARPHRD_LOOPBACK)
            .min_by_key(|l| l.ifindex)
            .ok_or(Error::NoInterfaceUp)?;
        vec![first.name.clone()]
    } else {
        names.to_vec()
    };
    let mut targets = Vec::new();
    for n in &names {
        if n == "any" {
            targets.push(Target {
                name: "any".into(),
                ifindex: 0,
                filter: None,
            });
        } else {
            let l = crate::resolve(std::slice::from_ref(n), links, &netns::current_name())?[0];
            targets.push(Target {
                name: l.name.clone(),
                ifindex: l.ifindex,
                filter: None,
            });
        }
    }
    Ok(targets)
}

/// The interfaces `names` would capture on, in this namespace (for `-L` and `-J`).
pub fn resolve_targets(names: &[String]) -> Result<Vec<Target>, Error> {
    let links = Route::open()?.links()?;
    targets(names, &links)
}

/// The signals the capture waits for (blocked by [`Signals::block`]).
const WAITED: [Signal; 5] = [
    Signal::Interrupt,
    Signal::Terminate,
    Signal::Hangup,
    Signal::Child,
    Signal::User1,
];

/// Runs a capture until `-c` packets, SIGINT, SIGTERM or SIGHUP, or until every interface is
/// deleted; returns the statistics.
pub fn run(opts: &Options, report: &mut dyn Report) -> Result<Summary, Error> {
    // Block the signals before any thread exists, so each thread inherits the mask and the
    // signals queue for the wait loop below.
    let _signals = Signals::block()?;
    // -Z: refused now, before anything is opened, when this process cannot switch users.
    let switch_to = match &opts.user {
        Some(name) => account_to_become(name)?,
        None => None,
    };
    let links = Route::open()?.links()?;
    let mut targets = targets(&opts.interfaces, &links)?;
    if opts.monitor {
        check_monitor_mode(&targets)?;
    }
    let format = file_format(&opts.output, targets.len())?;
    attach_filters(&mut targets, &opts.filter, opts.snaplen)?;
    let cfg = Config {
        targets,
        promisc: opts.promisc,
        snaplen: opts.snaplen,
        buffer_bytes: opts.buffer_kib.saturating_mul(1024),
        direction: opts.direction,
        fanout: opts.fanout.filter(|&n| n > 1),
        count: opts.count,
        skip: u64::from(opts.skip),
        retire_timeout_ms: opts.retire_timeout_ms,
    };
    // The output file is opened before the capture starts (as the user that writes it: after
    // -Z switches users), so that a path that cannot be written fails at once.
    let early_file = match (&opts.output, &switch_to) {
        (Output::File(f, _), None) => Some(open_file(f, format)?),
        _ => None,
    };
    let capture = match Capture::open(cfg) {
        Ok(c) => c,
        Err(error @ promisc_capture::live::Error::RingTooLarge { .. }) => {
            return Err(Error::RingTooLarge {
                kib: opts.buffer_kib,
                error,
            })
        }
        Err(e) => return Err(Error::Open(e)),
    };
    for (name, why) in capture.user_filtered() {
        report.user_filtered(name, &why.to_string());
    }

    // Everything that needs a privilege is open: give them up here, before any other thread
    // exists (the module docs say what is kept and why).
    let keep = kept_capabilities(&opts.output, early_file.as_ref(), switch_to.is_some())?;
    caps::relinquish(keep, switch_to.as_ref()).map_err(Error::Relinquish)?;
    let file = match (&opts.output, early_file) {
        (Output::File(f, _), None) => Some(open_file(f, format)?),
        (_, file) => file,
    };
    if let (Output::File(f, _), Some(file)) = (&opts.output, &file) {
        if f.rotation.is_active() {
            check_rotation_directory(file)?;
        }
    }

    let interfaces = capture.interfaces();
    let mut sink = sink(&opts.output, format, file, &links, opts.skip)?;
    for i in &interfaces {
        sink.add_interface(i)?;
    }
    report.listening(&interfaces, opts.snaplen);

    // The signals (blocked above) are read from a signalfd, so that this thread sleeps in one
    // `poll` until a signal, an interface event or the end of the workers, instead of waking
    // every 100 ms to look (each wake-up costs CPU time).
    let signal_fd = SignalFd::new(&WAITED)?;
    let running = capture.start(sink, crate::now_ns());
    loop {
        running.acknowledge();
        for event in running.take_events() {
            report.event(&event);
        }
        let signal = signal_fd.read()?;
        match signal {
            Some(Signal::Interrupt | Signal::Terminate | Signal::Hangup) => {
                running.stop();
                break;
            }
            Some(Signal::User1) => report.progress(&running.summary()),
            Some(Signal::Child) | None => {}
        }
        if running.is_finished() {
            break;
        }
        if signal.is_none() {
            // At most a second, as a safety net: the notifications make it needless.
            ring::poll_readable(&[signal_fd.fd(), running.notify_fd()], 1000)?;
        }
    }
    let events = running.take_events();
    let result = running.join(crate::now_ns());
    for event in events {
        report.event(&event);
    }
    match result {
        Ok(summary) => Ok(summary),
        Err(promisc_capture::live::Error::Gone { names, summary }) => Err(Error::Gone {
            names,
            summary: Box::new(summary),
        }),
        Err(e) => Err(Error::Ended(e)),
    }
}

/// `-I`: tcpdump's refusal for an interface that is not 802.11 (it has no
/// `/sys/class/net/IF/phy80211`) or `any`; on an 802.11 one, what to do instead, since this
/// capture does not switch the interface to monitor mode itself.
pub fn check_monitor_mode(targets: &[Target]) -> Result<(), Error> {
    let wireless = |t: &Target| {
        t.name != "any"
            && Path::new("/sys/class/net")
                .join(&t.name)
                .join("phy80211")
                .exists()
    };
    if let Some(t) = targets.iter().find(|t| !wireless(t)) {
        return Err(Error::NoMonitorMode(t.name.clone()));
    }
    match targets.first() {
        Some(t) => Err(Error::MonitorModeNotBuilt(t.name.clone())),
        None => Ok(()),
    }
}

/// The account `-Z name` switches to; `None` when the process already runs as it (there is
/// nothing to switch). Refused when the process cannot switch users: a binary with file
/// capabilities, run by a user who is not root, has neither `CAP_SETUID` nor `CAP_SETGID`.
fn account_to_become(name: &str) -> Result<Option<Account>, Error> {
    let account = user::lookup_user(name)?.ok_or_else(|| Error::NoUser(name.to_string()))?;
    let ids = user::ids();
    if ids.are(&account) {
        return Ok(None);
    }
    let effective = caps::current()?.effective;
    let lacking: Vec<&str> = [Capability::SetUid, Capability::SetGid]
        .into_iter()
        .filter(|c| !effective.contains(*c))
        .map(Capability::name)
        .collect();
    if lacking.is_empty() {
        return Ok(Some(account));
    }
    Err(Error::CannotSwitch {
        user: name.to_string(),
        lacking: lacking.join(" and "),
        running_as: user_name(ids.euid),
    })
}

/// The name of user `uid`, or `uid N` when it has none.
fn user_name(uid: u32) -> String {
    match user::lookup_uid(uid) {
        Ok(Some(a)) => a.name,
        _ => format!("uid {uid}"),
    }
}

/// What the capture keeps once its sockets and first file (`file`) are open: nothing, except
/// `CAP_DAC_OVERRIDE` when it rotates files (`-C`, `-G`) as the user it already is (no `-Z`,
/// `switching`) into a directory that user may write only through that capability (root
/// writing into another user's directory), or when the kernel cannot tell.
fn kept_capabilities(
    output: &Output,
    file: Option<&FileSink>,
    switching: bool,
) -> Result<CapSet, Error> {
    let (Output::File(f, _), Some(file), false) = (output, file, switching) else {
        return Ok(CapSet::EMPTY);
    };
    if !f.rotation.is_active() {
        return Ok(CapSet::EMPTY);
    }
    let dir = directory_of(file.current_path());
    Ok(match caps::may_create_in_without_capabilities(&dir)? {
        Some(true) => CapSet::EMPTY,
        Some(false) | None => CapSet::of(&[Capability::DacOverride]),
    })
}

/// Refuses, before any packet, a rotation whose next files could not be created now that the
/// capabilities are given up (with `-Z`, a directory the user cannot write).
fn check_rotation_directory(file: &FileSink) -> Result<(), Error> {
    let dir = directory_of(file.current_path());
    if caps::may_create_in(&dir)? == Some(false) {
        return Err(Error::RotationDirectory {
            dir: dir.display().to_string(),
            user: user_name(user::euid()),
        });
    }
    Ok(())
}

/// The directory a file is created in (`.` for a bare name).
fn directory_of(path: &str) -> PathBuf {
    match Path::new(path).parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The program each socket gets: the `--bpf-file` one, or the expression compiled for the
/// interface's link type and for a live Linux socket (VLAN tags as kernel metadata).
fn attach_filters(targets: &mut [Target], filter: &Filter, snaplen: u32) -> Result<(), Error> {
    for t in targets.iter_mut() {
        t.filter = match filter {
            Filter::None => None,
            Filter::Program(p) => Some(p.clone()),
            Filter::Expression { text, file } => Some(
                filter::compile(
                    text,
                    t.linktype().0,
                    snaplen,
                    CompileTarget::LiveLinux,
                    true,
                )
                .map_err(|e| FilterError::new(text, file.as_deref(), e))?,
            ),
        };
    }
    Ok(())
}

/// The format of the `-w` file of a capture on `interfaces` interfaces: `--format`, else the
/// file name's, else pcapng for several interfaces; several interfaces in a pcap file are
/// refused.
fn file_format(output: &Output, interfaces: usize) -> Result<Format, Error> {
    let Output::File(f, _) = output else {
        return Ok(Format::Pcap);
    };
    let format = f.format.unwrap_or(if interfaces > 1 {
        Format::PcapNg
    } else {
        Format::Pcap
    });
    if format == Format::Pcap && interfaces > 1 {
        return Err(Error::PcapOfSeveral {
            path: f.path.clone(),
            interfaces,
        });
    }
    Ok(format)
}

/// The `-w` sink, its first file created now.
fn open_file(f: &FileOutput, format: Format) -> Result<FileSink, Error> {
    output::file_sink(f, format, crate::now_ns() / 1_000_000_000).map_err(Error::File)
}

/// Where packets go: the `-w` file (`opened` already, or created now) and the printer with
/// `--print`, a counter (`--count`), or the printer, which names `LINUX_SLL2` interfaces after
/// `links`.
fn sink(
    output: &Output,
    format: Format,
    opened: Option<FileSink>,
    links: &[LinkFacts],
    skip: u32,
) -> Result<Box<dyn Sink>, Error> {
    let print = |p: &Printing| -> Box<dyn Sink> {
        Box::new(
            output::print_sink(
                p.options,
                p.json,
                p.line_buffered,
                links.iter().map(|l| (l.ifindex, l.name.clone())),
            )
            .after_skipped(skip)
            .with_print_sampling(p.sampling),
        )
    };
    Ok(match output {
        Output::File(f, printing) => {
            let file = match opened {
                Some(file) => file,
                None => open_file(f, format)?,
            };
            match printing {
                Some(p) => Box::new(TeeSink::new(Box::new(file), print(p))),
                None => Box::new(file),
            }
        }
        // The summary on standard error says `N packets captured`.
        Output::Count => Box::new(CountSink::new(None::<io::Stdout>)),
        Output::Print(p) => print(p),
    })
}
