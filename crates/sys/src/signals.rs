//! Waiting for signals synchronously: blocked with `pthread_sigmask`, taken with `sigtimedwait`
//! ([`Signals`]) or read from a pollable `signalfd(2)` ([`SignalFd`]).

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
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

impl Signal {
    /// The signal of number `n`, if it is one of these.
    fn from_number(n: i32) -> Option<Signal> {
        [
            Signal::Interrupt,
            Signal::Terminate,
            Signal::Hangup,
            Signal::Child,
            Signal::User1,
        ]
        .into_iter()
        .find(|s| s.number() == n)
    }
}

/// A `sigset_t` holding `signals`.
fn sigset(signals: &[Signal]) -> libc::sigset_t {
    // SAFETY: sigset_t is plain data, initialised by sigemptyset before any other use.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: set is a live sigset_t.
    unsafe { libc::sigemptyset(&mut set) };
    for s in signals {
        // SAFETY: set is a live, initialised sigset_t; the signal number is valid.
        unsafe { libc::sigaddset(&mut set, s.number()) };
    }
    set
}

/// Signals read from a descriptor a poll loop can wait on: `signalfd(2)` over the given
/// signals, blocked in the calling thread (so that they queue instead of running their
/// default action) until it is dropped, which unblocks those of them that were not blocked
/// before. As with [`Signals`], block them before starting other threads, which inherit the
/// mask: a signal sent to the process goes to any thread that does not block it. Drop it on
/// the thread that created it; a signal still pending then is delivered as usual (for
/// `SIGINT` and `SIGTERM`, by default, the end of the process).
#[derive(Debug)]
pub struct SignalFd {
    fd: OwnedFd,
    /// The signals this value blocked (those not blocked before), unblocked on drop.
    added: libc::sigset_t,
}

impl SignalFd {
    /// `pthread_sigmask(SIG_BLOCK)` on `signals`, then
    /// `signalfd(-1, signals, SFD_NONBLOCK | SFD_CLOEXEC)`.
    pub fn new(signals: &[Signal]) -> Result<Self> {
        let set = sigset(signals);
        // SAFETY: sigset_t is plain data; pthread_sigmask overwrites it with the old mask.
        let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
        // SAFETY: set is initialised and old is a live, writable sigset_t.
        let rc = unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old) };
        if rc != 0 {
            return Err(Error::io(
                "pthread_sigmask",
                io::Error::from_raw_os_error(rc),
            ));
        }
        let added: Vec<Signal> = signals
            .iter()
            .copied()
            // SAFETY: old is the initialised mask pthread_sigmask returned.
            .filter(|s| unsafe { libc::sigismember(&old, s.number()) } == 0)
            .collect();
        let added = sigset(&added);
        // SAFETY: set is an initialised sigset_t; the result is checked before use.
        let fd = unsafe { libc::signalfd(-1, &set, libc::SFD_NONBLOCK | libc::SFD_CLOEXEC) };
        if fd < 0 {
            let e = io::Error::last_os_error();
            // SAFETY: added is initialised; the old mask is not wanted.
            unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &added, std::ptr::null_mut()) };
            return Err(Error::io("signalfd", e));
        }
        Ok(SignalFd {
            // SAFETY: fd is a freshly created descriptor that nothing else owns.
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
            added,
        })
    }

    /// The descriptor, for `poll` (readable while a signal is pending).
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// `read(2)` of the signalfd: the next pending signal, or `None` when none is (it never
    /// blocks).
    pub fn read(&self) -> Result<Option<Signal>> {
        loop {
            // SAFETY: signalfd_siginfo is plain data; zeroed is valid and read fills it.
            let mut info: libc::signalfd_siginfo = unsafe { std::mem::zeroed() };
            let len = std::mem::size_of::<libc::signalfd_siginfo>();
            // SAFETY: info is a live, writable buffer of len bytes.
            let n = unsafe {
                libc::read(
                    self.fd.as_raw_fd(),
                    (&mut info as *mut libc::signalfd_siginfo).cast(),
                    len,
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EAGAIN) => return Ok(None),
                    Some(libc::EINTR) => continue,
                    _ => return Err(Error::io("read(signalfd)", e)),
                }
            }
            if n as usize != len {
                return Err(Error::io(
                    "read(signalfd)",
                    io::Error::other("short read of signalfd_siginfo"),
                ));
            }
            // Only the signals of the mask arrive; skip anything else.
            if let Some(s) = Signal::from_number(info.ssi_signo as i32) {
                return Ok(Some(s));
            }
        }
    }
}

impl Drop for SignalFd {
    fn drop(&mut self) {
        // SAFETY: added is an initialised sigset_t; the old mask is not wanted.
        unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &self.added, std::ptr::null_mut()) };
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
