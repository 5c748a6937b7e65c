//! Waiting for signals synchronously: blocked with `pthread_sigmask`, taken with `sigtimedwait`.

use std::io;
use std::time::Duration;

use crate::error::{Error, Result};

/// A signal that ends a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// `SIGINT` (Ctrl-C).
    Interrupt,
    /// `SIGTERM`.
    Terminate,
    /// `SIGHUP`.
    Hangup,
    /// `SIGCHLD`: a child changed state.
    Child,
    /// `SIGUSR1`: print statistics.
    User1,
}

impl Signal {
    /// The signal number.
    pub fn number(self) -> i32 {
        match self {
            Signal::Interrupt => libc::SIGINT,
            Signal::Terminate => libc::SIGTERM,
            Signal::Hangup => libc::SIGHUP,
            Signal::Child => libc::SIGCHLD,
            Signal::User1 => libc::SIGUSR1,
        }
    }
}

/// `SIGINT`, `SIGTERM`, `SIGHUP`, `SIGCHLD` and `SIGUSR1`, blocked in the calling thread so that they
/// queue until [`Signals::wait`] takes them. Block them before starting other threads (which
/// inherit the mask). Children inherit it too: start commands with
/// [`crate::process::spawn_clean`].
#[derive(Debug)]
pub struct Signals {
    set: libc::sigset_t,
}

impl Signals {
    /// `pthread_sigmask(SIG_BLOCK)` on the five signals.
    pub fn block() -> Result<Self> {
        // SAFETY: sigset_t is plain data, initialised by sigemptyset before any other use.
        let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: set is a live sigset_t.
        unsafe { libc::sigemptyset(&mut set) };
        for s in [
            Signal::Interrupt,
            Signal::Terminate,
            Signal::Hangup,
            Signal::Child,
            Signal::User1,
        ] {
            // SAFETY: set is a live, initialised sigset_t; the signal number is valid.
            unsafe { libc::sigaddset(&mut set, s.number()) };
        }
        // SAFETY: set is initialised; the old mask is not wanted.
        let rc = unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
        if rc != 0 {
            return Err(Error::io(
                "pthread_sigmask",
                io::Error::from_raw_os_error(rc),
            ));
        }
        Ok(Signals { set })
    }

    /// `sigtimedwait`: the next of the blocked signals, or `None` when `timeout` passes first.
    pub fn wait(&self, timeout: Duration) -> Result<Option<Signal>> {
        let ts = libc::timespec {
            tv_sec: timeout.as_secs().min(i64::MAX as u64) as libc::time_t,
            tv_nsec: timeout.subsec_nanos() as libc::c_long,
        };
        loop {
            // SAFETY: set and ts are live; siginfo is not wanted.
            let rc = unsafe { libc::sigtimedwait(&self.set, std::ptr::null_mut(), &ts) };
            if rc < 0 {
                let e = io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EAGAIN) => return Ok(None),
                    Some(libc::EINTR) => continue,
                    _ => return Err(Error::io("sigtimedwait", e)),
                }
            }
            return Ok(match rc {
                libc::SIGINT => Some(Signal::Interrupt),
                libc::SIGTERM => Some(Signal::Terminate),
                libc::SIGHUP => Some(Signal::Hangup),
                libc::SIGUSR1 => Some(Signal::User1),
                _ => Some(Signal::Child),
            });
        }
    }
}

/// `kill(pid, sig)`, for forwarding a signal to a child.
pub fn kill(pid: u32, sig: Signal) -> Result<()> {
    // SAFETY: kill(2) takes no pointers.
    let rc = unsafe { libc::kill(pid as libc::pid_t, sig.number()) };
    if rc != 0 {
        return Err(Error::io("kill", io::Error::last_os_error()));
    }
    Ok(())
}
