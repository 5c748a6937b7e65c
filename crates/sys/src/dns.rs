//! Reverse host-name lookups (`getnameinfo(3)` with `NI_NAMEREQD`) on a thread of their own, so
//! that whoever prints never blocks on the resolver: [`ReverseResolver::ask`] queues an address,
//! answers come back in the order they finish through [`ReverseResolver::wait`].

use std::net::IpAddr;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::Duration;

/// The host name of `addr` by `getnameinfo(3)` with `NI_NAMEREQD` (the system resolver:
/// `/etc/hosts`, DNS, as nsswitch.conf says), `None` when it has none. Blocks as long as the
/// resolver takes.
pub fn reverse_name(addr: IpAddr) -> Option<String> {
    // SAFETY: all-zero bytes are a valid `sockaddr_storage`, `sockaddr_in` and `sockaddr_in6`
    // (plain integers and arrays).
    let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        IpAddr::V4(a) => {
            // SAFETY: as above.
            let mut sin: libc::sockaddr_in = unsafe { std::mem::zeroed() };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_addr.s_addr = u32::from_ne_bytes(a.octets());
            // SAFETY: `sockaddr_storage` is larger than and aligned for `sockaddr_in`.
            unsafe { std::ptr::write(&mut ss as *mut _ as *mut libc::sockaddr_in, sin) };
            std::mem::size_of::<libc::sockaddr_in>()
        }
        IpAddr::V6(a) => {
            // SAFETY: as above.
            let mut sin6: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_addr.s6_addr = a.octets();
            // SAFETY: `sockaddr_storage` is larger than and aligned for `sockaddr_in6`.
            unsafe { std::ptr::write(&mut ss as *mut _ as *mut libc::sockaddr_in6, sin6) };
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    let mut host = [0 as libc::c_char; libc::NI_MAXHOST as usize];
    // SAFETY: `ss` holds a socket address of `len` bytes; `host` is a writable buffer of the
    // length passed; no service buffer is asked for (null, 0).
    let rc = unsafe {
        libc::getnameinfo(
            &ss as *const _ as *const libc::sockaddr,
            len as libc::socklen_t,
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            std::ptr::null_mut(),
            0,
            libc::NI_NAMEREQD,
        )
    };
    if rc != 0 {
        return None;
    }
    // SAFETY: on success getnameinfo wrote a NUL-terminated string into `host`.
    let name = unsafe { std::ffi::CStr::from_ptr(host.as_ptr()) };
    name.to_str().ok().map(str::to_owned)
}

/// One answer of the resolver thread: the address and its name, if it has one.
pub type Answer = (IpAddr, Option<String>);

/// A thread that looks addresses up one after the other with [`reverse_name`]. It ends when
/// this handle is dropped (after the lookup under way, which is not waited for).
#[derive(Debug)]
pub struct ReverseResolver {
    ask: Sender<IpAddr>,
    answers: Receiver<Answer>,
}

impl ReverseResolver {
    /// Starts the thread.
    pub fn spawn() -> std::io::Result<Self> {
        let (ask, questions) = mpsc::channel::<IpAddr>();
        let (tell, answers) = mpsc::channel();
        thread::Builder::new()
            .name("promisc-dns".into())
            .spawn(move || {
                for a in questions {
                    if tell.send((a, reverse_name(a))).is_err() {
                        break;
                    }
                }
            })?;
        Ok(ReverseResolver { ask, answers })
    }

    /// Queues a lookup of `addr`.
    pub fn ask(&self, addr: IpAddr) {
        let _ = self.ask.send(addr);
    }

    /// The next answer, waiting at most `timeout` (none: `Duration::ZERO` only takes one that
    /// is there).
    pub fn wait(&self, timeout: Duration) -> Option<Answer> {
        if timeout.is_zero() {
            return self.answers.try_recv().ok();
        }
        self.answers.recv_timeout(timeout).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_has_a_name_in_etc_hosts() {
        // /etc/hosts names 127.0.0.1 on every Debian system ("localhost").
        let n = reverse_name(IpAddr::from([127, 0, 0, 1]));
        assert!(n.is_some_and(|n| !n.is_empty()));
        let r = ReverseResolver::spawn().unwrap();
        r.ask(IpAddr::from([127, 0, 0, 1]));
        let (a, name) = r.wait(Duration::from_secs(5)).expect("an answer");
        assert_eq!(a, IpAddr::from([127, 0, 0, 1]));
        assert!(name.is_some());
    }
}
