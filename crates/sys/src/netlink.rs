//! Netlink sockets (`AF_NETLINK`): requests, dumps and acknowledgements. The bytes are built
//! and parsed by `promisc-facts` ([`promisc_facts::request`], [`promisc_facts::nlmsg`]).

use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use promisc_facts::nlmsg::{self, Message, NLMSG_DONE, NLMSG_ERROR, NLM_F_DUMP_INTR};
use promisc_facts::request::Request;

use crate::error::{Error, Result};
use crate::socket;

/// A netlink socket of one protocol (`NETLINK_ROUTE`, `NETLINK_SOCK_DIAG`).
#[derive(Debug)]
pub struct Socket {
    fd: OwnedFd,
    seq: u32,
    buf: Vec<u8>,
}

/// `NETLINK_ROUTE`.
pub const NETLINK_ROUTE: i32 = 0;
/// `NETLINK_SOCK_DIAG`.
pub const NETLINK_SOCK_DIAG: i32 = 4;

impl Socket {
    /// `socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)`.
    pub fn open(protocol: i32) -> Result<Self> {
        let fd = socket::netlink(protocol, 0)?;
        // Large dumps (thousands of links) read faster with a larger buffer; a failure here only
        // costs speed.
        let _ = socket::set_rcvbuf(fd.as_fd(), 4 << 20);
        Ok(Socket {
            fd,
            seq: 0,
            buf: vec![0; 256 * 1024],
        })
    }

    fn send(&mut self, req: &mut Request) -> Result<u32> {
        self.seq = self.seq.wrapping_add(1);
        let seq = self.seq;
        let bytes = req.finish(seq);
        // SAFETY: sockaddr_nl is plain data; zeroed means the kernel (pid 0, no groups).
        let mut addr: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
        addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
        // SAFETY: bytes and addr are live for the call and their lengths are passed with them.
        let n = unsafe {
            libc::sendto(
                self.fd.as_raw_fd(),
                bytes.as_ptr().cast(),
                bytes.len(),
                0,
                (&addr as *const libc::sockaddr_nl).cast(),
                std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
            )
        };
        if n < 0 {
            return Err(Error::io("sendto(netlink)", io::Error::last_os_error()));
        }
        Ok(seq)
    }

    /// Receives one datagram into the internal buffer and returns its length.
    fn recv(&mut self) -> Result<usize> {
        loop {
            // SAFETY: buf is a live, writable buffer of the length passed.
            let n = unsafe {
                libc::recv(
                    self.fd.as_raw_fd(),
                    self.buf.as_mut_ptr().cast(),
                    self.buf.len(),
                    libc::MSG_TRUNC,
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(Error::io("recv(netlink)", e));
            }
            let n = n as usize;
            if n > self.buf.len() {
                // MSG_TRUNC returned the real length: grow and ask for the next one. The
                // truncated datagram is lost, so report it rather than return partial facts.
                self.buf.resize(n.next_power_of_two(), 0);
                return Err(Error::Truncated);
            }
            return Ok(n);
        }
    }

    /// `sendto(2)` of a dump request, then `recv(2)` of the answers: calls `each` with every
    /// answer message until `NLMSG_DONE`.
    ///
    /// Returns [`Error::Interrupted`] when the kernel flags the dump as interrupted by a
    /// concurrent change; callers retry.
    pub fn dump(
        &mut self,
        mut req: Request,
        context: &'static str,
        mut each: impl FnMut(&Message<'_>) -> Result<()>,
    ) -> Result<()> {
        let seq = self.send(&mut req)?;
        let mut interrupted = false;
        loop {
            let n = self.recv()?;
            let buf = std::mem::take(&mut self.buf);
            let outcome = (|| {
                for m in nlmsg::messages(&buf[..n]) {
                    let m = m?;
                    if m.seq != seq {
                        continue;
                    }
                    if m.flags & NLM_F_DUMP_INTR != 0 {
                        interrupted = true;
                    }
                    match m.kind {
                        NLMSG_DONE => return Ok(true),
                        NLMSG_ERROR => {
                            let code = nlmsg::error_code(m.payload)?;
                            if code != 0 {
                                return Err(Error::netlink(context, -code));
                            }
                        }
                        _ => each(&m)?,
                    }
                }
                Ok(false)
            })();
            self.buf = buf;
            if outcome? {
                break;
            }
        }
        if interrupted {
            return Err(Error::Interrupted);
        }
        Ok(())
    }

    /// `sendto(2)` of a request, then `recv(2)` of the answer: the first answer message's type
    /// and payload, or `None` for a bare acknowledgement. A netlink error becomes
    /// [`Error::Netlink`].
    pub fn request(
        &mut self,
        mut req: Request,
        context: &'static str,
    ) -> Result<Option<(u16, Vec<u8>)>> {
        let seq = self.send(&mut req)?;
        loop {
            let n = self.recv()?;
            for m in nlmsg::messages(&self.buf[..n]) {
                let m = m?;
                if m.seq != seq {
                    continue;
                }
                if m.kind == NLMSG_ERROR {
                    let code = nlmsg::error_code(m.payload)?;
                    if code != 0 {
                        return Err(Error::netlink(context, -code));
                    }
                    return Ok(None);
                }
                return Ok(Some((m.kind, m.payload.to_vec())));
            }
        }
    }
}
