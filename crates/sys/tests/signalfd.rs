//! `signals::SignalFd`: a pollable descriptor for blocked signals. The signals are sent to the
//! test's own thread (`pthread_kill`), never to the process, whose other test threads do not
//! block them.

use promisc_sys::ring::poll_readable;
use promisc_sys::signals::{Signal, SignalFd};

/// Whether `sig` is blocked in the calling thread.
fn blocked(sig: i32) -> bool {
    // SAFETY: sigset_t is plain data; pthread_sigmask overwrites it.
    let mut cur: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: a null new set only reads the mask into cur.
    let rc = unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, std::ptr::null(), &mut cur) };
    assert_eq!(rc, 0);
    // SAFETY: cur is the initialised mask just read.
    unsafe { libc::sigismember(&cur, sig) == 1 }
}

/// Sends `sig` to the calling thread.
fn raise_here(sig: i32) {
    // SAFETY: pthread_self takes nothing and cannot fail.
    let me = unsafe { libc::pthread_self() };
    // SAFETY: me is the calling thread, alive; the signal is blocked, so it only queues.
    assert_eq!(unsafe { libc::pthread_kill(me, sig) }, 0);
}

#[test]
fn signals_become_readable_and_the_mask_is_restored() {
    // Run on a thread of our own, so the mask of no libtest thread changes.
    std::thread::spawn(|| {
        assert!(!blocked(libc::SIGUSR1));
        let sfd = SignalFd::new(&[Signal::User1, Signal::Hangup]).unwrap();
        assert!(blocked(libc::SIGUSR1) && blocked(libc::SIGHUP));
        // Nothing pending: not readable, and read does not block.
        assert!(!poll_readable(&[sfd.fd()], 0).unwrap()[0].readable);
        assert_eq!(sfd.read().unwrap(), None);

        raise_here(libc::SIGUSR1);
        raise_here(libc::SIGHUP);
        assert!(poll_readable(&[sfd.fd()], 1000).unwrap()[0].readable);
        let mut got = vec![sfd.read().unwrap(), sfd.read().unwrap()];
        got.sort_by_key(|s| s.map(Signal::number));
        assert_eq!(got, vec![Some(Signal::Hangup), Some(Signal::User1)]);
        assert_eq!(sfd.read().unwrap(), None);
        drop(sfd);
        assert!(!blocked(libc::SIGUSR1) && !blocked(libc::SIGHUP));
    })
    .join()
    .unwrap();
}

#[test]
fn dropping_leaves_signals_blocked_before_blocked() {
    std::thread::spawn(|| {
        let sfd = SignalFd::new(&[Signal::Terminate]).unwrap();
        // A second one over the same signal, created while it is already blocked.
        let inner = SignalFd::new(&[Signal::Terminate, Signal::User1]).unwrap();
        drop(inner);
        assert!(
            blocked(libc::SIGTERM),
            "the outer one still needs it blocked"
        );
        assert!(!blocked(libc::SIGUSR1));
        raise_here(libc::SIGTERM);
        assert_eq!(sfd.read().unwrap(), Some(Signal::Terminate));
        drop(sfd);
        assert!(!blocked(libc::SIGTERM));
    })
    .join()
    .unwrap();
}
