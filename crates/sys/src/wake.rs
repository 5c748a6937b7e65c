//! A wake-up one thread gives others: an `eventfd(2)` that `poll` waits on beside other
//! descriptors, so that a thread can sleep until it has something to do instead of waking on
//! a timer to look (each wake-up of a sleeping thread costs CPU time).

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use crate::error::{Error, Result};

/// An `eventfd` counter: readable (to `poll`) from the first [`Wake::notify`] until
/// [`Wake::clear`].
#[derive(Debug)]
pub struct Wake {
    fd: OwnedFd,
}

impl Wake {
    /// `eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)`.
    pub fn new() -> Result<Self> {
        // SAFETY: eventfd takes no pointers.
        let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
        if fd < 0 {
            return Err(Error::io("eventfd", io::Error::last_os_error()));
        }
        // SAFETY: fd is the descriptor eventfd just returned, owned by nothing else.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(Wake { fd })
    }

    /// The descriptor, for `poll`.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// Makes the descriptor readable, waking whoever polls it. Never fails: a counter that is
    /// full (`EAGAIN`) is readable already.
    pub fn notify(&self) {
        let one: u64 = 1;
        loop {
            // SAFETY: writes the 8 bytes of `one`, which outlives the call.
            let n = unsafe {
                libc::write(
                    self.fd.as_raw_fd(),
                    (&one as *const u64).cast(),
                    std::mem::size_of::<u64>(),
                )
            };
            if n < 0 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
    }

    /// Resets the counter: the descriptor is not readable until the next [`Wake::notify`].
    pub fn clear(&self) {
        let mut count: u64 = 0;
        loop {
            // SAFETY: reads at most 8 bytes into `count`, which outlives the call.
            let n = unsafe {
                libc::read(
                    self.fd.as_raw_fd(),
                    (&mut count as *mut u64).cast(),
                    std::mem::size_of::<u64>(),
                )
            };
            if n < 0 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Wake;
    use crate::ring::poll_readable;

    #[test]
    fn readable_from_notify_until_clear() {
        let w = Wake::new().unwrap();
        assert!(!poll_readable(&[w.fd()], 0).unwrap()[0].readable);
        w.notify();
        w.notify();
        assert!(poll_readable(&[w.fd()], 0).unwrap()[0].readable);
        w.clear();
        assert!(!poll_readable(&[w.fd()], 0).unwrap()[0].readable);
        // Clearing twice is harmless.
        w.clear();
        w.notify();
        assert!(poll_readable(&[w.fd()], 1000).unwrap()[0].readable);
    }
}
