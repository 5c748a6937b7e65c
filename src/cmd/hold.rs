//! `promisc hold`: keep promiscuous mode through a packet-socket membership.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use promisc_sys::packet::PromiscHold;
use promisc_sys::process;
use promisc_sys::rtnl::Route;
use promisc_sys::signals::{self, Signal, Signals};

use crate::exit;

/// How long to wait when there is no deadline: signals end the wait anyway.
const FOREVER: Duration = Duration::from_secs(3600);

/// Holds `names` promiscuous until `duration` passes, `command` exits, or a signal comes. At
/// the end of `duration` a command gets SIGTERM, then SIGKILL after `kill_after`.
pub fn run(
    names: &[String],
    duration: Option<Duration>,
    kill_after: Duration,
    command: &[String],
) -> Result<u8> {
    // Block the signals first, before any thread exists, so that none is lost.
    let signals = Signals::block()?;
    let links = Route::open()?.links()?;
    let targets = promisc_app::resolve(names, &links, &promisc_app::netns::current_name())?;

    let hold = PromiscHold::new()?;
    for l in &targets {
        hold.add(l.ifindex)?;
    }
    let inode = hold.inode()?;
    let list: Vec<&str> = targets.iter().map(|l| l.name.as_str()).collect();
    let until = match (duration, command.is_empty()) {
        (Some(d), _) => format!("for {}", humantime::format_duration(d)),
        (None, false) => "while the command runs".into(),
        (None, true) => "until Ctrl-C".into(),
    };
    eprintln!(
        "promisc: holding promiscuous mode on {} {until} (pid {}, socket {inode})",
        list.join(", "),
        std::process::id()
    );
    let deadline = duration.map(|d| Instant::now() + d);
    let remaining = || deadline.map_or(FOREVER, |d| d.saturating_duration_since(Instant::now()));

    if command.is_empty() {
        loop {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
            match signals.wait(remaining())? {
                None | Some(Signal::Child | Signal::User1) => continue,
                Some(_) => break,
            }
        }
        drop(hold);
        eprintln!("promisc: released {}", list.join(", "));
        return Ok(exit::OK);
    }

    // The command starts with an empty signal mask (ours blocks the signals we wait for) and
    // gets SIGTERM if we die.
    let mut child = process::spawn_clean(Command::new(&command[0]).args(&command[1..]))
        .map_err(|e| exit::fail(exit::SYSTEM, format!("cannot run {}: {e}", command[0])))?;
    let pid = child.id();
    // When the command gets SIGKILL if it is still running.
    let mut kill_at: Option<Instant> = None;
    let status = loop {
        if let Some(status) = child.try_wait().context("waiting for the command")? {
            break status;
        }
        let now = Instant::now();
        if kill_at.is_none() && deadline.is_some_and(|d| now >= d) {
            // The duration is over: ask the command to end, then make it.
            eprintln!(
                "promisc: the time is up: SIGTERM to {} (pid {pid})",
                command[0]
            );
            let _ = signals::kill(pid, Signal::Terminate);
            kill_at = Some(now + kill_after);
        }
        if kill_at.is_some_and(|k| now >= k) {
            eprintln!(
                "promisc: {} (pid {pid}) still runs {} after SIGTERM: SIGKILL",
                command[0],
                humantime::format_duration(kill_after)
            );
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
    drop(hold);
    use std::os::unix::process::ExitStatusExt;
    let code = match (status.code(), status.signal()) {
        (Some(c), _) => c,
        (None, Some(sig)) => 128 + sig,
        (None, None) => 1,
    };
    Ok(u8::try_from(code).unwrap_or(1))
}
