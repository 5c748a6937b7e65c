//! AF_PACKET capture sockets with a `TPACKET_V3` receive ring.
//!
//! The set-up order follows docs/ARCHITECTURE.md §1 (Capture): the socket is created with protocol 0 (it receives
//! nothing yet), the ring is configured and mapped, the filter is attached, and only then is the
//! socket bound to the device with `ETH_P_ALL`, so no unfiltered packet can land in the ring.

use promisc_facts::bpf::Insn;
use std::io;
use std::mem::{offset_of, size_of};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, Ordering};

use libc::{
    sockaddr_ll, tpacket3_hdr, tpacket_block_desc, tpacket_hdr_v1, tpacket_hdr_variant1,
    TP_STATUS_KERNEL, TP_STATUS_USER,
};

use crate::error::{Error, Result};
use crate::socket;

const ETH_P_ALL: u16 = libc::ETH_P_ALL as u16;

/// Packet status: `tp_vlan_tci` is valid (the kernel stripped a tag).
pub const TP_STATUS_VLAN_VALID: u32 = libc::TP_STATUS_VLAN_VALID;
/// Packet status: `tp_vlan_tpid` is valid.
pub const TP_STATUS_VLAN_TPID_VALID: u32 = libc::TP_STATUS_VLAN_TPID_VALID;
/// `sll_pkttype` of a packet the host sent.
pub const PACKET_OUTGOING: u8 = libc::PACKET_OUTGOING;
/// Packet status: the packet's checksum is not computed yet (`CHECKSUM_PARTIAL`: a local
/// sender left it to an offload that a veth never performs), so the bytes carry a partial
/// checksum and forwarding them as they are sends a wrong one.
pub const TP_STATUS_CSUMNOTREADY: u32 = libc::TP_STATUS_CSUMNOTREADY;
/// Bytes of `struct virtio_net_hdr`.
pub const VNET_HDR_LEN: usize = promisc_facts::uapi::virtio_net_hdr::LEN;
/// Packet status: a GSO TCP super-frame (`TP_STATUS_GSO_TCP`, set by recent kernels only):
/// `len` can exceed the MTU.
pub const TP_STATUS_GSO_TCP: u32 = 1 << 8;

pub use crate::tx::{Parts, TxScratch, TxSocket};

// The ring is read in place, as bytes, at the offsets of libc's `#[repr(C)]` uapi structs:
// every offset below is `offset_of!` the libc field, so the per-packet path reads constants
// (as fast as hand-counted ones) that cannot drift from the kernel's layout. The asserts pin
// them to the uapi values as well, so a libc change that moved one would not build.

/// `struct tpacket_block_desc`: `hdr.bh1` (`struct tpacket_hdr_v1`) is the union's only member.
const BLOCK_HDR: usize = offset_of!(tpacket_block_desc, hdr);
/// `hdr.bh1.block_status`.
const BLOCK_STATUS: usize = BLOCK_HDR + offset_of!(tpacket_hdr_v1, block_status);
/// `hdr.bh1.num_pkts`.
const BLOCK_NUM_PKTS: usize = BLOCK_HDR + offset_of!(tpacket_hdr_v1, num_pkts);
/// `hdr.bh1.offset_to_first_pkt`.
const BLOCK_FIRST_PKT: usize = BLOCK_HDR + offset_of!(tpacket_hdr_v1, offset_to_first_pkt);
const _: () = assert!(BLOCK_STATUS == 8 && BLOCK_NUM_PKTS == 12 && BLOCK_FIRST_PKT == 16);

/// Fields of `struct tpacket3_hdr`.
const TP_NEXT_OFFSET: usize = offset_of!(tpacket3_hdr, tp_next_offset);
const TP_SEC: usize = offset_of!(tpacket3_hdr, tp_sec);
const TP_NSEC: usize = offset_of!(tpacket3_hdr, tp_nsec);
const TP_SNAPLEN: usize = offset_of!(tpacket3_hdr, tp_snaplen);
const TP_LEN: usize = offset_of!(tpacket3_hdr, tp_len);
const TP_STATUS: usize = offset_of!(tpacket3_hdr, tp_status);
const TP_MAC: usize = offset_of!(tpacket3_hdr, tp_mac);
/// `hv1.tp_vlan_tci` (a `__u32` of which the low 16 bits are the TCI).
const TP_VLAN_TCI: usize =
    offset_of!(tpacket3_hdr, hv1) + offset_of!(tpacket_hdr_variant1, tp_vlan_tci);
/// `hv1.tp_vlan_tpid`.
const TP_VLAN_TPID: usize =
    offset_of!(tpacket3_hdr, hv1) + offset_of!(tpacket_hdr_variant1, tp_vlan_tpid);
const _: () = assert!(
    TP_NEXT_OFFSET == 0
        && TP_SEC == 4
        && TP_NSEC == 8
        && TP_SNAPLEN == 12
        && TP_LEN == 16
        && TP_STATUS == 20
        && TP_MAC == 24
        && TP_VLAN_TCI == 32
        && TP_VLAN_TPID == 36
        && size_of::<tpacket3_hdr>() == 48
);

/// `TPACKET_ALIGN(sizeof(struct tpacket3_hdr))`: where `struct sockaddr_ll` follows a header.
const TPACKET3_HDRLEN: usize =
    (size_of::<tpacket3_hdr>() + libc::TPACKET_ALIGNMENT - 1) & !(libc::TPACKET_ALIGNMENT - 1);
/// `sizeof(struct sockaddr_ll)`.
const SLL_LEN: usize = size_of::<sockaddr_ll>();
const _: () = assert!(TPACKET3_HDRLEN == 48 && SLL_LEN == 20);
// libc's TPACKET3_HDRLEN counts the sockaddr_ll too.
const _: () = assert!(libc::TPACKET3_HDRLEN == TPACKET3_HDRLEN + SLL_LEN);

/// Fields of `struct sockaddr_ll`.
const SLL_PROTOCOL: usize = offset_of!(sockaddr_ll, sll_protocol);
const SLL_IFINDEX: usize = offset_of!(sockaddr_ll, sll_ifindex);
const SLL_HATYPE: usize = offset_of!(sockaddr_ll, sll_hatype);
const SLL_PKTTYPE: usize = offset_of!(sockaddr_ll, sll_pkttype);
const SLL_HALEN: usize = offset_of!(sockaddr_ll, sll_halen);
const SLL_ADDR: usize = offset_of!(sockaddr_ll, sll_addr);
/// The size of `sll_addr`.
const SLL_ADDR_MAX: usize = SLL_LEN - SLL_ADDR;
const _: () = assert!(
    SLL_PROTOCOL == 2
        && SLL_IFINDEX == 4
        && SLL_HATYPE == 8
        && SLL_PKTTYPE == 10
        && SLL_HALEN == 11
        && SLL_ADDR == 12
        && SLL_ADDR_MAX == 8
);

/// `PACKET_FANOUT` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FanoutMode {
    /// `PACKET_FANOUT_HASH`: by flow hash (keeps each flow on one socket).
    Hash,
}

/// Capture direction (`-Q`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Received and sent.
    #[default]
    InOut,
    /// Received only.
    In,
    /// Sent only.
    Out,
}

/// Ring geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RingConfig {
    /// Bytes per block (a power of two, at least a page).
    pub block_size: u32,
    /// Number of blocks.
    pub block_count: u32,
    /// The largest frame the kernel may place (`tp_frame_size`).
    pub frame_size: u32,
    /// Milliseconds after which the kernel retires a partly filled block.
    pub retire_timeout_ms: u32,
}

impl RingConfig {
    /// The geometry for a buffer of `buffer_bytes` and a snapshot length: frames big enough
    /// for `snaplen`, blocks of at least a page (and 128 KiB) holding at least one frame, as
    /// libpcap chooses them; but a buffer of at least [`RingConfig::MIN_BLOCKS`] times
    /// [`RingConfig::LARGE_BLOCK`] is cut into blocks of that size. The reader is woken once
    /// per block the kernel retires, and in a virtual machine a wake-up costs tens of
    /// microseconds, so a 32 MiB ring of 512 KiB blocks spent more CPU waking than the large
    /// blocks cost to set up (docs/BENCHMARKS.md, issue 24 item 2).
    pub fn for_buffer(buffer_bytes: u64, snaplen: u32, retire_timeout_ms: u32) -> Self {
        let page = page_size();
        let frame = align16(TPACKET3_HDRLEN as u32 + SLL_LEN as u32 + 16 + snaplen.max(64));
        let mut block = page.max(128 * 1024);
        while block < frame {
            block = block.saturating_mul(2);
        }
        // Whole blocks: as many as fit; in large blocks, the nearest count, so that the ring
        // is within 4 MiB of the buffer asked for rather than up to 8 MiB short of it.
        let mut rounding = 0;
        if block < Self::LARGE_BLOCK
            && buffer_bytes >= u64::from(Self::LARGE_BLOCK) * u64::from(Self::MIN_BLOCKS)
        {
            block = Self::LARGE_BLOCK;
            rounding = u64::from(block) / 2;
        }
        let count =
            (buffer_bytes.saturating_add(rounding) / u64::from(block)).clamp(2, 1 << 16) as u32;
        RingConfig {
            block_size: block,
            block_count: count,
            frame_size: frame,
            retire_timeout_ms,
        }
    }

    /// A buffer is cut into large blocks (as many as the nearest whole number of them) only
    /// when it holds at least this many: while the reader drains one, the kernel has the
    /// others (three quarters of the buffer) to fill.
    pub const MIN_BLOCKS: u32 = 4;

    /// The block size of a large buffer, 8 MiB: more than the kernel's buddy allocator gives
    /// in one piece (4 MiB on x86-64), so the kernel takes each block from `vzalloc` at once,
    /// a steady cost. Blocks of 2 and 4 MiB are physically contiguous allocations, which on a
    /// machine whose memory is fragmented make the kernel compact memory first: a 32 MiB ring
    /// of 4 MiB blocks took from 11 to 110 ms of system time to set up, against 5 to 11 ms
    /// for 512 KiB blocks and 16 to 18 ms for 8 MiB ones.
    pub const LARGE_BLOCK: u32 = 8 << 20;

    /// Total bytes mapped.
    pub fn bytes(&self) -> usize {
        self.block_size as usize * self.block_count as usize
    }
}

fn align16(n: u32) -> u32 {
    (n + 15) & !15
}

fn page_size() -> u32 {
    // SAFETY: sysconf takes no pointers.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p > 0 {
        p as u32
    } else {
        4096
    }
}

/// Kernel statistics of a socket (`PACKET_STATISTICS`, which resets them on each read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SocketStats {
    /// Packets that passed the filter (`tp_packets`, which includes the dropped ones).
    pub packets: u64,
    /// Packets dropped for lack of room in the ring (`tp_drops`).
    pub drops: u64,
}

/// An AF_PACKET capture socket with a mapped `TPACKET_V3` ring.
#[derive(Debug)]
pub struct CaptureSocket {
    fd: OwnedFd,
    ring: Option<Ring>,
    vnet: bool,
}

impl CaptureSocket {
    /// `socket(AF_PACKET, SOCK_RAW or SOCK_DGRAM, 0)`: protocol 0 receives nothing until
    /// [`CaptureSocket::bind`]. `cooked` (SOCK_DGRAM) strips the link-layer header, as `-i any`
    /// needs. Needs `CAP_NET_RAW`.
    pub fn open(cooked: bool) -> Result<Self> {
        let ty = if cooked {
            libc::SOCK_DGRAM
        } else {
            libc::SOCK_RAW
        };
        Ok(CaptureSocket {
            fd: socket::packet(ty)?,
            ring: None,
            vnet: false,
        })
    }

    /// `PACKET_VERSION = TPACKET_V3`, `PACKET_RX_RING` with `tpacket_req3`, then `mmap`.
    pub fn setup_ring(&mut self, cfg: RingConfig) -> Result<()> {
        socket::set_tpacket_v3(self.fd.as_fd())?;
        let frames_per_block = cfg.block_size / cfg.frame_size.max(1);
        let req = libc::tpacket_req3 {
            tp_block_size: cfg.block_size,
            tp_block_nr: cfg.block_count,
            tp_frame_size: cfg.frame_size,
            tp_frame_nr: frames_per_block * cfg.block_count,
            tp_retire_blk_tov: cfg.retire_timeout_ms,
            tp_sizeof_priv: 0,
            tp_feature_req_word: 0,
        };
        socket::set_rx_ring(self.fd.as_fd(), &req)?;
        let fd = self.fd.as_raw_fd();
        let len = cfg.bytes();
        // SAFETY: maps the ring the kernel just allocated for this socket; the arguments are
        // the documented ones for PACKET_RX_RING and the result is checked.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_LOCKED,
                fd,
                0,
            )
        };
        // MAP_LOCKED can fail under RLIMIT_MEMLOCK; retry without it.
        let ptr = if ptr == libc::MAP_FAILED {
            // SAFETY: as above, without MAP_LOCKED.
            unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_SHARED,
                    fd,
                    0,
                )
            }
        } else {
            ptr
        };
        if ptr == libc::MAP_FAILED {
            return Err(Error::io("mmap(ring)", io::Error::last_os_error()));
        }
        self.ring = Some(Ring {
            base: NonNull::new(ptr.cast())
                .ok_or_else(|| Error::io("mmap(ring)", io::Error::other("mapped at address 0")))?,
            len,
            block_size: cfg.block_size as usize,
            block_count: cfg.block_count as usize,
            current: 0,
            vnet: self.vnet,
        });
        Ok(())
    }

    /// `SO_ATTACH_FILTER`: attaches a classic BPF program (copied into `sock_filter`s, so the
    /// shared [`Insn`] type carries no layout promise).
    pub fn attach_filter(&self, prog: &[Insn]) -> Result<()> {
        socket::attach_filter(self.fd.as_fd(), prog)
    }

    /// `PACKET_VNET_HDR`, before [`CaptureSocket::setup_ring`]: the kernel writes a
    /// `struct virtio_net_hdr` in front of each frame ([`Frame::vnet_hdr`]), telling a partial
    /// checksum (a veth end hands those on) and a GSO super-frame apart, so that a switch can
    /// send them on with [`TxSocket::enable_vnet_hdr`] for the kernel to finish.
    pub fn enable_vnet_hdr(&mut self) -> Result<()> {
        socket::set_vnet_hdr(self.fd.as_fd())?;
        self.vnet = true;
        Ok(())
    }

    /// `PACKET_IGNORE_OUTGOING` for `-Q in` (received packets only).
    pub fn ignore_outgoing(&self) -> Result<()> {
        socket::set_ignore_outgoing(self.fd.as_fd())
    }

    /// `bind(2)` to `ifindex` (0 = every interface) with protocol `ETH_P_ALL`.
    pub fn bind(&self, ifindex: u32) -> Result<()> {
        socket::bind_packet(self.fd.as_fd(), ifindex, ETH_P_ALL)
    }

    /// `PACKET_ADD_MEMBERSHIP` with `PACKET_MR_PROMISC`: promiscuous mode for this socket's
    /// lifetime.
    pub fn add_promisc(&self, ifindex: u32) -> Result<()> {
        socket::add_promisc_membership(self.fd.as_fd(), ifindex)
    }

    /// `PACKET_FANOUT`: joins fanout group `group` in `mode`.
    pub fn join_fanout(&self, group: u16, mode: FanoutMode) -> Result<()> {
        let ty: u32 = match mode {
            FanoutMode::Hash => libc::PACKET_FANOUT_HASH,
        };
        socket::join_fanout(self.fd.as_fd(), group, ty)
    }

    /// `getsockopt(PACKET_STATISTICS)`: counts since the previous call (the kernel resets
    /// them), as `tpacket_stats_v3`.
    pub fn take_stats(&self) -> Result<SocketStats> {
        let st = socket::packet_statistics(self.fd.as_fd())?;
        Ok(SocketStats {
            packets: u64::from(st.tp_packets),
            drops: u64::from(st.tp_drops),
        })
    }

    /// `getsockopt(SO_ERROR)`: the socket's pending error, which reading clears. After the
    /// bound interface goes down or is deleted it is `ENETDOWN`.
    pub fn take_error(&self) -> Result<Option<io::Error>> {
        socket::take_error(self.fd.as_fd())
    }

    /// `getsockname(2)`: the index of the interface the socket is bound to; -1 once that
    /// interface was deleted (the kernel unbinds the socket), 0 for every interface.
    pub fn bound_ifindex(&self) -> Result<i32> {
        socket::bound_ifindex(self.fd.as_fd())
    }

    /// The socket descriptor, for `poll`.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// The next block the kernel has handed over, if any. Dropping it returns it to the kernel.
    pub fn next_block(&mut self) -> Option<Block<'_>> {
        self.ring.as_mut()?.next_block()
    }

    /// Hands every frame the ring holds to `f`, waiting for more (`poll`, at most 50 ms at a
    /// time) until `until`.
    pub fn frames_until(
        &mut self,
        until: std::time::Instant,
        f: &mut dyn FnMut(&Frame<'_>),
    ) -> Result<()> {
        loop {
            while let Some(block) = self.next_block() {
                for fr in block.frames() {
                    f(&fr);
                }
            }
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            poll_readable(&[self.fd()], left.as_millis().clamp(1, 50) as i32)?;
        }
    }

    /// True when the block the kernel is filling already holds packets (it will retire it at
    /// the latest after the retire timeout).
    pub fn active_block_has_packets(&self) -> bool {
        self.ring.as_ref().is_some_and(Ring::active_has_packets)
    }
}

/// The mapped ring: `block_count` blocks of `block_size` bytes.
#[derive(Debug)]
struct Ring {
    base: NonNull<u8>,
    len: usize,
    block_size: usize,
    block_count: usize,
    current: usize,
    /// Each frame is preceded by a virtio-net header.
    vnet: bool,
}

// SAFETY: the mapping is owned by this value and only accessed through &mut self (blocks) or
// atomic loads; moving it to another thread is sound.
unsafe impl Send for Ring {}

impl Ring {
    fn block_ptr(&self, i: usize) -> *mut u8 {
        // SAFETY: i < block_count, so the offset stays inside the mapping of len bytes.
        unsafe { self.base.as_ptr().add(i * self.block_size) }
    }

    fn status(&self, i: usize) -> &AtomicU32 {
        // SAFETY: block_status lies inside block i's header, so the offset stays inside the
        // mapping.
        let p = unsafe { self.block_ptr(i).add(BLOCK_STATUS) };
        // SAFETY: block headers are 8-byte aligned inside a page-aligned mapping that lives as
        // long as self; the kernel and we access block_status only atomically.
        unsafe { &*(p as *const AtomicU32) }
    }

    fn next_block(&mut self) -> Option<Block<'_>> {
        let i = self.current;
        if self.status(i).load(Ordering::Acquire) & TP_STATUS_USER == 0 {
            return None;
        }
        // SAFETY: the block is ours until we store TP_STATUS_KERNEL (in Block::drop): the
        // kernel does not write it meanwhile, so a shared slice over it is sound.
        let bytes = unsafe { std::slice::from_raw_parts(self.block_ptr(i), self.block_size) };
        self.current = (i + 1) % self.block_count;
        Some(Block {
            bytes,
            status: self.status_static(i),
            vnet: self.vnet,
        })
    }

    fn status_static(&self, i: usize) -> *const AtomicU32 {
        self.status(i) as *const AtomicU32
    }

    fn active_has_packets(&self) -> bool {
        let i = self.current;
        // SAFETY: num_pkts lies inside block i's header, so the offset stays inside the mapping.
        let p = unsafe { self.block_ptr(i).add(BLOCK_NUM_PKTS) };
        // SAFETY: num_pkts is a 4-byte aligned u32 inside the mapping; the kernel updates it
        // while filling, so it is read atomically.
        let n = unsafe { &*(p as *const AtomicU32) };
        self.status(i).load(Ordering::Acquire) & TP_STATUS_USER == 0
            && n.load(Ordering::Relaxed) > 0
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        // SAFETY: base/len are exactly the mapping made in setup_ring, unmapped once.
        unsafe {
            libc::munmap(self.base.as_ptr().cast(), self.len);
        }
    }
}

/// A block of packets owned by user space until dropped.
#[derive(Debug)]
pub struct Block<'a> {
    bytes: &'a [u8],
    status: *const AtomicU32,
    vnet: bool,
}

impl Block<'_> {
    /// The packets in the block.
    pub fn frames(&self) -> Frames<'_> {
        let n = u32_at(self.bytes, BLOCK_NUM_PKTS).unwrap_or(0);
        let first = u32_at(self.bytes, BLOCK_FIRST_PKT).unwrap_or(0) as usize;
        Frames {
            block: self.bytes,
            offset: first,
            left: n,
            vnet: self.vnet,
        }
    }
}

impl Drop for Block<'_> {
    fn drop(&mut self) {
        // SAFETY: status points into the ring, which outlives the block (the borrow ties
        // them); the release store hands the block back after all our reads.
        unsafe { (*self.status).store(TP_STATUS_KERNEL, Ordering::Release) };
    }
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    b.get(off..off + 2)
        .map(|s| u16::from_ne_bytes([s[0], s[1]]))
}

/// One captured packet as the ring describes it (`struct tpacket3_hdr`, and `sockaddr_ll`
/// read on demand: most captures never need it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Timestamp, nanoseconds since the epoch.
    pub ts_ns: u64,
    /// Length on the wire.
    pub len: u32,
    /// `tp_status` bits (VLAN validity and others).
    pub status: u32,
    /// `tp_vlan_tci` when [`TP_STATUS_VLAN_VALID`].
    pub vlan_tci: u16,
    /// `tp_vlan_tpid` when [`TP_STATUS_VLAN_TPID_VALID`].
    pub vlan_tpid: u16,
    /// The captured bytes (`tp_snaplen` of them).
    pub data: &'a [u8],
    /// The `struct sockaddr_ll` that follows the header (20 bytes).
    sll: &'a [u8],
    /// The virtio-net header in front of the frame (empty without `PACKET_VNET_HDR`).
    vnet: &'a [u8],
}

impl<'a> Frame<'a> {
    /// `sll_pkttype` (`PACKET_HOST`, `PACKET_OUTGOING`, ...).
    pub fn pkttype(&self) -> u8 {
        self.sll[SLL_PKTTYPE]
    }
    /// `sll_protocol` in host order.
    pub fn protocol(&self) -> u16 {
        u16::from_be_bytes([self.sll[SLL_PROTOCOL], self.sll[SLL_PROTOCOL + 1]])
    }
    /// `sll_ifindex`.
    pub fn ifindex(&self) -> u32 {
        u32_at(self.sll, SLL_IFINDEX).unwrap_or(0)
    }
    /// `sll_hatype` (`ARPHRD_*`).
    pub fn hatype(&self) -> u16 {
        u16_at(self.sll, SLL_HATYPE).unwrap_or(0)
    }
    /// The `struct virtio_net_hdr` the kernel wrote in front of the frame (checksum and GSO
    /// facts), when the socket has [`CaptureSocket::enable_vnet_hdr`].
    pub fn vnet_hdr(&self) -> Option<&'a [u8]> {
        (self.vnet.len() == VNET_HDR_LEN).then_some(self.vnet)
    }
    /// `sll_halen` bytes of `sll_addr` (at most 8).
    pub fn addr(&self) -> &'a [u8] {
        let n = usize::from(self.sll[SLL_HALEN]).min(SLL_ADDR_MAX);
        &self.sll[SLL_ADDR..SLL_ADDR + n]
    }
}

/// Iterator over a block's frames; stops at the first malformed header.
#[derive(Debug)]
pub struct Frames<'a> {
    block: &'a [u8],
    offset: usize,
    left: u32,
    vnet: bool,
}

impl<'a> Iterator for Frames<'a> {
    type Item = Frame<'a>;

    fn next(&mut self) -> Option<Frame<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let b = self.block;
        let h = self.offset;
        // The whole header and the sockaddr_ll after it, checked once.
        let hdr = b.get(h..h + TPACKET3_HDRLEN + SLL_LEN)?;
        let word = |o: usize| u32::from_ne_bytes([hdr[o], hdr[o + 1], hdr[o + 2], hdr[o + 3]]);
        let next = word(TP_NEXT_OFFSET) as usize;
        let snaplen = word(TP_SNAPLEN) as usize;
        let mac = u16::from_ne_bytes([hdr[TP_MAC], hdr[TP_MAC + 1]]) as usize;
        let data = b.get(h + mac..h + mac + snaplen)?;
        self.offset = if next == 0 {
            // Last packet: nothing follows.
            self.left = 0;
            h
        } else {
            h + next
        };
        Some(Frame {
            ts_ns: u64::from(word(TP_SEC)) * 1_000_000_000 + u64::from(word(TP_NSEC)),
            len: word(TP_LEN),
            status: word(TP_STATUS),
            vlan_tci: word(TP_VLAN_TCI) as u16,
            vlan_tpid: u16::from_ne_bytes([hdr[TP_VLAN_TPID], hdr[TP_VLAN_TPID + 1]]),
            data,
            sll: &hdr[TPACKET3_HDRLEN..],
            vnet: if self.vnet && mac >= VNET_HDR_LEN {
                b.get(h + mac - VNET_HDR_LEN..h + mac).unwrap_or(&[])
            } else {
                &[]
            },
        })
    }
}

/// The error a capture socket reports once its interface went down or was deleted.
pub const ENETDOWN: i32 = libc::ENETDOWN;

/// What `poll(2)` said of one descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Readiness {
    /// Data (or a retired block) is ready (`POLLIN`).
    pub readable: bool,
    /// The socket has a pending error (`POLLERR`): read it with [`CaptureSocket::take_error`],
    /// or `poll` keeps reporting it at once.
    pub error: bool,
}

/// `poll(2)` on `fds` for readability; returns each one's readiness. `timeout_ms < 0` waits
/// forever.
pub fn poll_readable(fds: &[BorrowedFd<'_>], timeout_ms: i32) -> Result<Vec<Readiness>> {
    let mut pfds: Vec<libc::pollfd> = fds
        .iter()
        .map(|f| libc::pollfd {
            fd: f.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    loop {
        // SAFETY: pfds is a live array of pollfd whose length is passed with it.
        let rc = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, timeout_ms) };
        if rc < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(Error::io("poll", e));
        }
        return Ok(pfds
            .iter()
            .map(|p| Readiness {
                readable: p.revents & libc::POLLIN != 0,
                error: p.revents & (libc::POLLERR | libc::POLLHUP | libc::POLLNVAL) != 0,
            })
            .collect());
    }
}

#[cfg(test)]
mod tests {
    use super::RingConfig;

    const MIB: u64 = 1 << 20;

    fn geometry(buffer: u64, snaplen: u32) -> (u64, u32) {
        let c = RingConfig::for_buffer(buffer, snaplen, 1000);
        assert!(c.frame_size <= c.block_size, "{c:?}");
        assert!(c.block_size.is_power_of_two(), "{c:?}");
        (u64::from(c.block_size), c.block_count)
    }

    #[test]
    fn small_buffers_keep_the_least_block_that_holds_a_frame() {
        // tcpdump's defaults: 2 MiB, 262144-byte snapshots: four 512 KiB blocks, as before.
        assert_eq!(geometry(2 * MIB, 262_144), (512 << 10, 4));
        assert_eq!(geometry(4 * MIB, 262_144), (512 << 10, 8));
        assert_eq!(geometry(MIB, 256), (128 << 10, 8));
        // Less than two blocks: two of the least size.
        assert_eq!(geometry(100 << 10, 262_144), (512 << 10, 2));
    }

    #[test]
    fn large_buffers_get_blocks_of_8_mib_and_at_least_four_of_them() {
        assert_eq!(geometry(8 * MIB, 262_144), (512 << 10, 16));
        assert_eq!(geometry(31 * MIB, 262_144), (512 << 10, 62));
        assert_eq!(geometry(32 * MIB, 262_144), (8 * MIB, 4));
        assert_eq!(geometry(48 * MIB, 262_144), (8 * MIB, 6));
        assert_eq!(geometry(1024 * MIB, 262_144), (8 * MIB, 128));
        assert_eq!(geometry(64 * MIB, 128), (8 * MIB, 8));
        // Not a whole number of 8 MiB blocks: the nearest one.
        assert_eq!(geometry(33 * MIB, 262_144), (8 * MIB, 4));
        assert_eq!(geometry(36 * MIB, 262_144), (8 * MIB, 5));
        assert_eq!(geometry(39 * MIB, 262_144), (8 * MIB, 5));
        for kib in [2048u64, 3000, 8192, 32768, 36863, 40000, 65536, 1 << 20] {
            let (block, count) = geometry(kib << 10, 262_144);
            assert!(
                count >= RingConfig::MIN_BLOCKS || block == 512 << 10,
                "{kib} KiB"
            );
            let ring = block * u64::from(count);
            if block == u64::from(RingConfig::LARGE_BLOCK) {
                assert!(ring.abs_diff(kib << 10) <= block / 2, "{kib} KiB");
            } else {
                assert!(ring <= (kib << 10).max(2 * block), "{kib} KiB");
            }
            assert!(block <= u64::from(RingConfig::LARGE_BLOCK));
        }
    }
}
