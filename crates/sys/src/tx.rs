//! AF_PACKET transmit sockets: whole Ethernet frames sent in batches with `sendmmsg(2)`.
//!
//! The socket is bound with protocol 0, so the kernel never hooks it into the receive path:
//! it only sends. `PACKET_QDISC_BYPASS` hands each frame straight to the driver, so the
//! frames skip the device's queueing discipline and, with it, the taps (`tcpdump` on the
//! device does not see them).

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use crate::error::{Error, Result};
use crate::socket;

/// The most datagrams one `sendmmsg(2)` call takes (`UIO_MAXIOV`).
const MAX_BATCH: usize = 1024;

/// An AF_PACKET `SOCK_RAW` socket that sends whole Ethernet frames out of one device.
#[derive(Debug)]
pub struct TxSocket {
    fd: OwnedFd,
}

/// The `mmsghdr` and `iovec` arrays of [`TxSocket::send_batch`], kept between calls so that
/// sending allocates nothing once they have grown to the largest batch.
#[derive(Default)]
pub struct TxScratch {
    msgs: Vec<libc::mmsghdr>,
    iovs: Vec<libc::iovec>,
}

// SAFETY: the pointers in the arrays are written by send_batch before every sendmmsg and are
// never read or dereferenced outside that call (they may dangle between calls); the arrays
// themselves are owned data, so moving them to another thread is sound.
unsafe impl Send for TxScratch {}

impl std::fmt::Debug for TxScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TxScratch")
            .field("capacity", &self.msgs.capacity().min(self.iovs.capacity()))
            .finish()
    }
}

impl TxScratch {
    /// Empty arrays; the first batches grow them.
    pub fn new() -> Self {
        TxScratch::default()
    }

    /// Fills the arrays for `msgs` (at most [`MAX_BATCH`] of them), one iovec per non-empty
    /// part (an empty one costs the kernel an iovec to import and walk for nothing), growing
    /// them if needed.
    fn fill<M: Parts>(&mut self, msgs: &[M]) {
        self.iovs.clear();
        for m in msgs {
            self.iovs.extend(
                m.parts()
                    .iter()
                    .filter(|f| !f.is_empty())
                    .map(|f| libc::iovec {
                        iov_base: f.as_ptr() as *mut libc::c_void,
                        iov_len: f.len(),
                    }),
            );
        }
        self.msgs.clear();
        let iovs = self.iovs.as_mut_ptr();
        let mut at = 0;
        self.msgs.extend(msgs.iter().map(|m| {
            let n = m.parts().iter().filter(|f| !f.is_empty()).count();
            // SAFETY: msghdr is plain data; zeroed is valid (no name, no control data).
            let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
            // SAFETY: at + n <= iovs.len(): the iovecs of the messages before this one and
            // its own were pushed above, so the offset stays inside the array.
            hdr.msg_iov = unsafe { iovs.add(at) };
            hdr.msg_iovlen = n;
            at += n;
            libc::mmsghdr {
                msg_hdr: hdr,
                msg_len: 0,
            }
        }));
    }
}

/// A datagram as the slices it is gathered from.
pub trait Parts {
    /// The slices, in order.
    fn parts(&self) -> &[&[u8]];
}

impl Parts for &[u8] {
    fn parts(&self) -> &[&[u8]] {
        std::slice::from_ref(self)
    }
}

impl<const K: usize> Parts for [&[u8]; K] {
    fn parts(&self) -> &[&[u8]] {
        self
    }
}

impl TxSocket {
    /// `socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)`, `PACKET_QDISC_BYPASS`
    /// on, then `bind(2)` to `ifindex` with protocol 0 (it never receives). Needs
    /// `CAP_NET_RAW`.
    pub fn open(ifindex: u32) -> Result<Self> {
        let fd = socket::packet(libc::SOCK_RAW | libc::SOCK_NONBLOCK)?;
        socket::set_qdisc_bypass(fd.as_fd())?;
        socket::bind_packet(fd.as_fd(), ifindex, 0)?;
        Ok(TxSocket { fd })
    }

    /// Sends every frame of `frames`, in order, each as its own datagram (a whole Ethernet
    /// frame, header included), with as few `sendmmsg(2)` calls as the kernel allows.
    ///
    /// Returns how many frames were sent: `frames[..n]` left, the rest did not. It stops
    /// early without an error when the socket's send buffer or the device's queue is full
    /// (`EAGAIN`, `ENOBUFS`): the caller counts the rest as dropped. Any other error (the
    /// device is down or gone: `ENETDOWN`, `ENXIO`, `ENODEV`; a frame too large for the MTU:
    /// `EMSGSIZE`) is returned when it strikes the first frame of the call; when frames were
    /// sent before it, their count is returned and the error, if its cause persists, strikes
    /// the next call.
    pub fn send_batch(&self, frames: &[&[u8]], scratch: &mut TxScratch) -> Result<usize> {
        self.send_gathered(frames, scratch)
    }

    /// `sendmmsg(2)` as [`TxSocket::send_batch`], for datagrams gathered from several slices
    /// each (a virtio-net header, the MACs, a VLAN tag, the rest of a frame in a ring): every
    /// message is sent as the concatenation of its parts, without copying them.
    pub fn send_gathered<M: Parts>(&self, frames: &[M], scratch: &mut TxScratch) -> Result<usize> {
        let mut sent = 0;
        while sent < frames.len() {
            let chunk = &frames[sent..frames.len().min(sent + MAX_BATCH)];
            scratch.fill(chunk);
            // SAFETY: msgs holds chunk.len() initialised mmsghdrs whose iovecs point at the
            // frames, all live and unchanged for the call.
            let rc = unsafe {
                libc::sendmmsg(
                    self.fd.as_raw_fd(),
                    scratch.msgs.as_mut_ptr(),
                    chunk.len() as libc::c_uint,
                    0,
                )
            };
            if rc < 0 {
                let e = io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EINTR) => continue,
                    Some(libc::EAGAIN | libc::ENOBUFS) => return Ok(sent),
                    _ if sent > 0 => return Ok(sent),
                    Some(libc::ENODEV | libc::ENXIO) => {
                        return Err(Error::io("sendmmsg(AF_PACKET): the device is gone", e))
                    }
                    _ => return Err(Error::io("sendmmsg(AF_PACKET)", e)),
                }
            }
            // The kernel sent the first rc datagrams; the next call meets whatever stopped it.
            sent += rc as usize;
            if rc == 0 {
                break;
            }
        }
        Ok(sent)
    }

    /// `PACKET_VNET_HDR`: every datagram sent starts with a `struct virtio_net_hdr` (10
    /// bytes) that tells the kernel a partial checksum to complete and a GSO super-frame to
    /// segment, as a receive ring with [`CaptureSocket::enable_vnet_hdr`] reports them.
    ///
    /// [`CaptureSocket::enable_vnet_hdr`]: crate::ring::CaptureSocket::enable_vnet_hdr
    pub fn enable_vnet_hdr(&self) -> Result<()> {
        socket::set_vnet_hdr(self.fd.as_fd())
    }

    /// The socket descriptor, for `poll` (`POLLOUT` once the send buffer has room again).
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_skips_empty_parts_and_keeps_each_message_its_own() {
        let (a, b, empty) = ([1u8, 2], [3u8], [0u8; 0]);
        let msgs = [[&a[..], &empty[..], &b[..]], [&empty[..], &b[..], &a[..]]];
        let mut s = TxScratch::new();
        s.fill(&msgs);
        let lens: Vec<usize> = s.iovs.iter().map(|v| v.iov_len).collect();
        assert_eq!(lens, [2, 1, 1, 2]);
        let iovlens: Vec<usize> = s.msgs.iter().map(|m| m.msg_hdr.msg_iovlen).collect();
        assert_eq!(iovlens, [2, 2]);
        assert_eq!(s.msgs[0].msg_hdr.msg_iov.cast_const(), s.iovs.as_ptr());
        assert_eq!(
            s.msgs[1].msg_hdr.msg_iov.cast_const(),
            s.iovs.as_ptr().wrapping_add(2)
        );
        assert_eq!(s.iovs[2].iov_base.cast_const().cast::<u8>(), b.as_ptr());
    }

    #[test]
    fn fill_of_a_message_with_no_bytes_has_no_iovec() {
        let empty = [0u8; 0];
        let msgs = [[&empty[..]]];
        let mut s = TxScratch::new();
        s.fill(&msgs);
        assert!(s.iovs.is_empty());
        assert_eq!(s.msgs.len(), 1);
        assert_eq!(s.msgs[0].msg_hdr.msg_iovlen, 0);
    }
}
