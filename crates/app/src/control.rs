//! `promisc on`, `off` and `hold`: changing promiscuous mode, and reading back what it is.

use std::process::Command;
use std::time::{Duration, Instant};

use promisc_state::InterfaceStatus;
use promisc_sys::packet::PromiscHold;
use promisc_sys::process;
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{self, Signal, Signals};
use promisc_sys::{ioctl, ErrorKind};

use crate::{netns, UnknownInterface};

/// Why promiscuous mode could not be changed or held.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such interface.
    #[error(transparent)]
    Unknown(#[from] UnknownInterface),
    /// The interface vanished between the change and the read-back.
    #[error("{0} disappeared after the change")]
    Vanished(String),
    /// The state could not be read back.
    #[error(transparent)]
    Status(#[from] crate::status::Error),
    /// The command of `hold -- COMMAND` could not be started.
    #[error("cannot run {command}: {source}")]
    Spawn {
        /// The program.
        command: String,
        /// Why (in the message).
        source: promisc_sys::Error,
    },
    /// Waiting for the command failed.
    #[error("waiting for the command")]
    Wait(#[source] std::io::Error),
    /// A kernel call failed.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Unknown(_) | Error::Vanished(_) => ErrorKind::NoInterface,
            Error::Status(e) => e.kind(),
            Error::Spawn { .. } | Error::Wait(_) => ErrorKind::System,
            Error::Sys(e) => e.kind(),
        }
    }
}

/// Sets (`on`) or clears the user flag of `name` (through `RTM_NEWLINK`, or the
/// `SIOCSIFFLAGS` ioctl with `use_ioctl`), then reads back the interface's attributed status.
pub fn set_user_flag(name: &str, on: bool, use_ioctl: bool) -> Result<InterfaceStatus, Error> {
    let mut route = Route::open()?;
    let links = route.links()?;
    let link = crate::resolve(&[name.to_string()], &links, &netns::current_name())?[0];
    if use_ioctl {
        ioctl::set_promisc(&link.name, on)?;
    } else {
        route.set_promisc(link.ifindex, on)?;
    }
    let after = crate::snapshot(false)?;
    let found = after.here().find(|s| s.ifindex == link.ifindex).cloned();
    found.ok_or_else(|| Error::Vanished(name.to_string()))
}

/// What `promisc hold` does.
#[derive(Debug, Clone)]
pub struct HoldOptions {
    /// The interfaces.
    pub interfaces: Vec<String>,
    /// `--for`: how long (with a command: when it gets SIGTERM).
    pub duration: Option<Duration>,
    /// `--kill-after`: how long a command has after SIGTERM before SIGKILL.
    pub kill_after: Duration,
    /// The command to hold it for (empty for none).
    pub command: Vec<String>,
}

/// What a hold tells its caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldEvent {
    /// Promiscuous mode is held on `names` through socket `inode` of process `pid`.
    Holding {
        /// The interfaces.
        names: Vec<String>,
        /// This process.
        pid: u32,
        /// The packet socket holding them.
        inode: u64,
    },
    /// The hold was given up (no command).
    Released(Vec<String>),
    /// `--for` is over: the command got SIGTERM.
    TimeUp {
        /// The program.
        command: String,
        /// Its pid.
        pid: u32,
    },
    /// The command still ran `--kill-after` after SIGTERM: it got SIGKILL.
    Killed {
        /// The program.
        command: String,
        /// Its pid.
        pid: u32,
    },
}

/// How to wait when there is no deadline: signals end the wait anyway.
const FOREVER: Duration = Duration::from_secs(3600);

/// Holds the interfaces promiscuous until the duration passes, the command exits, or a signal
/// comes (a command gets the signal passed on, and its exit ends the hold). At the end of the
/// duration a command gets SIGTERM, then SIGKILL after `kill_after`. Returns the exit code:
/// 0 without a command, else the command's (128+N when signal N killed it).
pub fn hold(opts: &HoldOptions, report: &mut dyn FnMut(HoldEvent)) -> Result<u8, Error> {
    // Block the signals first, before any thread exists, so that none is lost.
    let signals = Signals::block()?;
    let links = Route::open()?.links()?;
    let targets = crate::resolve(&opts.interfaces, &links, &netns::current_name())?;

    let held = PromiscHold::new()?;
    for l in &targets {
        held.add(l.ifindex)?;
    }
    let names: Vec<String> = targets.iter().map(|l| l.name.clone()).collect();
    report(HoldEvent::Holding {
        names: names.clone(),
        pid: std::process::id(),
        inode: held.inode()?,
    });
    let deadline = opts.duration.map(|d| Instant::now() + d);
    let remaining = || deadline.map_or(FOREVER, |d| d.saturating_duration_since(Instant::now()));

    let Some((program, args)) = opts.command.split_first() else {
        loop {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            match signals.wait(remaining())? {
                None | Some(Signal::Child | Signal::User1) => continue,
                Some(_) => break,
            }
        }
        drop(held);
        report(HoldEvent::Released(names));
        return Ok(0);
    };

    // The command starts with an empty signal mask (ours blocks the signals we wait for) and
    // gets SIGTERM if we die.
    let mut child =
        process::spawn_clean(Command::new(program).args(args)).map_err(|source| Error::Spawn {
            command: program.clone(),
            source,
        })?;
    let pid = child.id();
    // When the command gets SIGKILL if it is still running.
    let mut kill_at: Option<Instant> = None;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(Error::Wait)? {
            break status;
        }
        let now = Instant::now();
        if kill_at.is_none() && deadline.is_some_and(|d| now >= d) {
            // The duration is over: ask the command to end, then make it.
            report(HoldEvent::TimeUp {
                command: program.clone(),
                pid,
            });
            let _ = signals::kill(pid, Signal::Terminate);
            kill_at = Some(now + opts.kill_after);
        }
        if kill_at.is_some_and(|k| now >= k) {
            report(HoldEvent::Killed {
                command: program.clone(),
                pid,
            });
            let _ = process::force_kill(pid);
            kill_at = Some(now + FOREVER);
        }
        let timeout = kill_at.map_or_else(remaining, |k| k.saturating_duration_since(now));
        match signals.wait(timeout)? {
            None | Some(Signal::Child) => {}
            // Pass the signal on; the command decides, and its exit ends the hold.
            Some(sig) => {
                let _ = signals::kill(pid, sig);
            }
        }
    };
    drop(held);
    use std::os::unix::process::ExitStatusExt;
    let code = match (status.code(), status.signal()) {
        (Some(c), _) => c,
        (None, Some(sig)) => 128 + sig,
        (None, None) => 1,
    };
    Ok(u8::try_from(code).unwrap_or(1))
}
