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
    let reset = move || {
        // SAFETY: sigset_t is plain data, initialised by sigemptyset before any other use.
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: set is a live sigset_t on this stack.
        unsafe { libc::sigemptyset(&mut set) };
        // SAFETY: set is initialised; the old mask is not wanted.
        if unsafe { libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: prctl(PR_SET_PDEATHSIG) takes a signal number, no pointers.
        if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM as libc::c_ulong) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // The parent may have died before prctl: then no signal would come.
        // SAFETY: getppid takes no arguments and cannot fail.
        if unsafe { libc::getppid() } != parent {
            // SAFETY: _exit ends the child at once, running nothing of the parent's state.
            unsafe { libc::_exit(128 + libc::SIGTERM) };
        }
        Ok(())
    };
    // SAFETY: `reset` runs in the child between fork and exec and calls only
    // async-signal-safe functions (sigemptyset, sigprocmask, prctl, getppid, _exit) on data
    // it owns on its own stack.
    unsafe { cmd.pre_exec(reset) };
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

/// `fork` + `execvp` of `cmd` as a daemon of its own: the child's signal mask emptied and
/// `setsid(2)` called, so that it outlives the caller and a Ctrl-C on the caller's terminal
/// does not reach it (`promisc lab up` starts the lab's switch so).
pub fn spawn_detached(cmd: &mut Command) -> Result<Child> {
    let reset = || {
        // SAFETY: sigset_t is plain data, initialised by sigemptyset before any other use.
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: set is a live sigset_t on this stack.
        unsafe { libc::sigemptyset(&mut set) };
        // SAFETY: set is initialised; the old mask is not wanted.
        if unsafe { libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: setsid takes no arguments; a fresh child is never a group leader.
        if unsafe { libc::setsid() } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    };
    // SAFETY: `reset` runs in the child between fork and exec and calls only
    // async-signal-safe functions (sigemptyset, sigprocmask, setsid) on data on its stack.
    unsafe { cmd.pre_exec(reset) };
    cmd.spawn().map_err(|e| Error::io("fork/exec", e))
}
