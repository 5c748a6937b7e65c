//! Starting a command in a clean signal state (`hold -- COMMAND`), and signalling a process
//! that cannot have been replaced by another of the same pid ([`PidFd`]).

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

use crate::error::{Error, Result};
use crate::signals::Signal;

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

/// A process held by a descriptor (`pidfd_open(2)`): a signal sent through it reaches the
/// process it was opened on or none, never a later process that got the same pid; it polls
/// readable once that process has ended (a zombie included). Close-on-exec.
#[derive(Debug)]
pub struct PidFd(OwnedFd);

impl PidFd {
    /// `pidfd_open(2)` of `pid`; `None` when no process has that pid.
    pub fn open(pid: u32) -> Result<Option<PidFd>> {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return Ok(None);
        };
        // SAFETY: pidfd_open takes a pid and flags, no pointers.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
        if fd < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::ESRCH) {
                return Ok(None);
            }
            return Err(Error::io("pidfd_open", e));
        }
        // SAFETY: the kernel returned a new descriptor that nothing else owns.
        Ok(Some(PidFd(unsafe { OwnedFd::from_raw_fd(fd as i32) })))
    }

    /// `pidfd_send_signal(2)` of `signal`; `false` when the process has already ended.
    pub fn signal(&self, signal: Signal) -> Result<bool> {
        self.send(signal.number())
    }

    /// `pidfd_send_signal(2)` of `SIGKILL`; `false` when the process has already ended.
    pub fn kill(&self) -> Result<bool> {
        self.send(libc::SIGKILL)
    }

    fn send(&self, signal: i32) -> Result<bool> {
        // SAFETY: pidfd_send_signal takes the descriptor, a signal number, a null siginfo (the
        // kernel fills in the sender's) and flags 0.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_pidfd_send_signal,
                self.0.as_raw_fd(),
                signal,
                std::ptr::null::<libc::siginfo_t>(),
                0,
            )
        };
        if rc < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::ESRCH) {
                return Ok(false);
            }
            return Err(Error::io("pidfd_send_signal", e));
        }
        Ok(true)
    }
}

impl AsFd for PidFd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn a_pidfd_signals_its_process_and_polls_readable_when_it_ended() {
        let mut child = Command::new("sleep")
            .arg("30")
            .spawn()
            .expect("sleep starts");
        let fd = PidFd::open(child.id()).unwrap().expect("the child exists");
        let ready = crate::ring::poll_readable(&[fd.as_fd()], 0).unwrap();
        assert!(!ready[0].readable, "running");
        assert!(fd.signal(Signal::Terminate).unwrap());
        let ready = crate::ring::poll_readable(&[fd.as_fd()], 5000).unwrap();
        assert!(ready[0].readable, "ended");
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(libc::SIGTERM));
        // Reaped: the descriptor still names that process, which is gone.
        assert!(!fd.kill().unwrap());
    }

    #[test]
    fn no_pidfd_for_a_pid_nothing_has() {
        assert!(PidFd::open(u32::MAX).unwrap().is_none());
        assert!(PidFd::open(i32::MAX as u32).unwrap().is_none());
    }
}
