//! `promisc hold`: keep promiscuous mode through a packet-socket membership.

use anyhow::Result;
use promisc_app::control::{hold, HoldEvent};

use crate::flags::high::Hold;

/// Holds the interfaces until the duration ends, the command exits, or a signal comes; the
/// command's exit code when there is one.
pub fn run(s: &Hold) -> Result<u8> {
    let o = &s.0;
    let until = match (o.duration, o.command.is_empty()) {
        (Some(d), _) => format!("for {}", humantime::format_duration(d)),
        (None, false) => "while the command runs".into(),
        (None, true) => "until Ctrl-C".into(),
    };
    let code = hold(o, &mut |event| match event {
        HoldEvent::Holding { names, pid, inode } => say!(
            "promisc: holding promiscuous mode on {} {until} (pid {pid}, socket {inode})",
            names.join(", ")
        ),
        HoldEvent::Released(names) => say!("promisc: released {}", names.join(", ")),
        HoldEvent::TimeUp { command, pid } => {
            say!("promisc: the time is up: SIGTERM to {command} (pid {pid})")
        }
        HoldEvent::Killed { command, pid } => say!(
            "promisc: {command} (pid {pid}) still runs {} after SIGTERM: SIGKILL",
            humantime::format_duration(o.kill_after)
        ),
    })?;
    Ok(code)
}
