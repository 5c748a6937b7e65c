//! Starting a command in a clean signal state: `hold -- COMMAND`.

use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

use crate::error::{Error, Result};

/// `fork` + `execvp` of `cmd`, with the child's signal mask emptied (`sigprocmask`) and
/// `prctl(PR_SET_PDEATHSIG, SIGTERM)` set, so that the command sees the signals that the
/// caller blocked for [`crate::signals::Signals`], and ends when the caller dies, even by
/// `kill -9`. Signals the caller ignores stay ignored, as with `nohup`.
pub fn spawn_clean(cmd: &mut Command) -> Result<Child> {
    // SAFETY: getpid takes no arguments and cannot fail.
    let parent = unsafe { libc::getpid() };
    // SAFETY: the closure runs in the child between fork and exec and calls only
    // async-signal-safe functions (sigemptyset, sigprocmask, prctl, getppid, _exit) on data
    // it owns on its own stack.
    unsafe {
        cmd.pre_exec(move || {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            if libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut()) != 0 {
                return Err(io::Error::last_os_error());
            }
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM as libc::c_ulong) != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before prctl: then no signal would come.
            if libc::getppid() != parent {
                libc::_exit(128 + libc::SIGTERM);
            }
            Ok(())
        });
    }
    cmd.spawn().map_err(|e| Error::io("fork/exec", e))
}

/// `kill(pid, SIGKILL)`: for a command that outlived its grace period.
pub fn force_kill(pid: u32) -> Result<()> {
    // SAFETY: kill(2) takes no pointers.
    let rc = unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
    if rc != 0 {
        return Err(Error::io("kill", io::Error::last_os_error()));
    }
    Ok(())
}
