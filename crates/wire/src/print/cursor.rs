//! The cursor every printer walks a packet with: bounds-checked reads against `snapend` (a read
//! past it stops the walk with [`Stop::Trunc`] and the caller appends tcpdump's ` [|proto]`
//! marker) and the output primitives. Its one `impl` block is the only one on [`Cursor`]: the
//! printers are free functions that take it. A leaf: it depends on no printer.

use core::cell::Cell;
use core::fmt::{self, Write};

use super::next::Next;
use crate::fmtx;
use crate::names::AddrCache;
use crate::tcpseq::TcpSeqState;

/// Why a walk stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// A read went past the captured data (or past a protocol's own length): print ` [|proto]`.
    Trunc,
    /// The output writer failed.
    Fmt,
}

impl From<fmt::Error> for Stop {
    fn from(_: fmt::Error) -> Self {
        Stop::Fmt
    }
}

pub(crate) type R<T = ()> = Result<T, Stop>;

/// Looks an interface index up for the LINUX_SLL2 printer.
pub(crate) type IfNames<'a> = &'a [(u32, Box<str>)];

/// One walk over one packet.
pub(crate) struct Cursor<'a, W: Write> {
    pub out: &'a mut W,
    pub p: &'a [u8],
    pub snapend: usize,
    pub proto: &'static str,
    pub eflag: bool,
    pub qflag: bool,
    /// `-v` given this many times (tcpdump's `ndo_vflag`); the verbose fields print only
    /// behind a test of it, in `#[cold]` functions.
    pub vflag: u8,
    /// How many ICMP error messages the datagram being printed is quoted in (`-v` prints
    /// the quoted datagrams).
    pub depth: u8,
    /// `-x` or `-X`: like `-q`, they turn tcpdump's guarded default printer off
    /// (`ndo_suppress_default_print`).
    pub xflag: bool,
    /// `-S`: absolute TCP sequence numbers, SACK blocks included.
    pub sflag: bool,
    /// `-b`: BGP's 4-byte AS numbers in ASDOT notation.
    pub bflag: bool,
    /// Set when a read went past the captured data: tcpdump's `GET_` macros `longjmp` out of
    /// the printers there, and its `-x`/`-X`/`-A` dumps then start at the frame's first byte.
    pub jumped: Cell<bool>,
    /// Print hex dumps of undecoded payloads (tcpdump's default printer), as tcpdump does
    /// without `-q`/`-x`.
    pub default_print: bool,
    pub tcp: Option<&'a mut TcpSeqState>,
    pub ifnames: IfNames<'a>,
    /// Formatted addresses kept between packets (a [`crate::Printer`]'s).
    pub names: Option<&'a mut AddrCache>,
    /// TCP and UDP port names (without `-n`), `None` to print numbers.
    pub port_names: Option<&'a crate::PortNames>,
    /// Where the Ethernet header an 802.3 length field handed over to LLC from starts (its
    /// addresses print in the LLC line), `None` when the LLC header follows a cooked header.
    pub llc_eth: Option<usize>,
    /// The destination and source addresses of an 802.11 frame an LLC header follows, which
    /// are not where an Ethernet header has them: `(dst, src)`, in force while
    /// [`Cursor::llc_eth`] is `Some(dst)` (see [`Cursor::llc_dst_src`]).
    pub llc_wlan: Option<(usize, usize)>,
    /// `-H`: 802.11s mesh control headers in 802.11 QoS data frames (tcpdump's `ndo_Hflag`).
    pub hflag: bool,
    /// `-T TYPE`: the protocol UDP and TCP payloads are printed as, whatever their ports.
    pub ptype: Option<crate::PacketType>,
    /// `-K`: no IP, TCP or UDP checksum is verified (tcpdump's `ndo_Kflag`).
    pub kflag: bool,
    /// `-g`: no line break after the IPv4 header at `-v` (tcpdump 5's `ndo_gflag`).
    pub gflag: bool,
    /// What the printer that ran last says comes after its layer ([`Next::DONE`] unless it set
    /// it with [`Cursor::then`]); the dispatch in `print/mod.rs` reads it.
    ///
    /// A field here, written and read field by field, rather than each printer's return value:
    /// returned, a `Result<Next, _>` is an enum the compiler copies as one blob, read back in
    /// 8-byte pieces right after the printer wrote it as narrower fields; such loads wait for
    /// the stores to retire (store forwarding fails), and that cost 12 % of `read -n`'s time.
    pub next: Next,
    /// Seconds east of UTC of the local time the printers that print dates use (AFS RX).
    pub utc_offset: i32,
}

impl<'a, W: Write> Cursor<'a, W> {
    /// The byte at `o` (`GET_U_1`).
    #[inline(always)]
    pub(crate) fn u8(&self, o: usize) -> R<u8> {
        if o < self.snapend {
            Ok(self.p[o])
        } else {
            Err(self.jump())
        }
    }

    /// A read past the captured data (tcpdump's `longjmp`), for the checks that stand for
    /// tcpdump's `GET_` reads and `longjmp`ing `ND_TCHECK`s.
    #[cold]
    #[inline(never)]
    pub(crate) fn jump(&self) -> Stop {
        self.jumped.set(true);
        Stop::Trunc
    }

    /// The big-endian 16-bit field at `o` (`GET_BE_U_2`).
    #[inline(always)]
    pub(crate) fn be16(&self, o: usize) -> R<u16> {
        if self.test(o, 2) {
            Ok(u16::from_be_bytes([self.p[o], self.p[o + 1]]))
        } else {
            Err(self.jump())
        }
    }

    /// A 24-bit big-endian field at `o`.
    pub(crate) fn be24(&self, o: usize) -> R<u32> {
        let b = self.bytes(o, 3)?;
        Ok(u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]))
    }

    /// The big-endian 32-bit field at `o` (`GET_BE_U_4`).
    #[inline(always)]
    pub(crate) fn be32(&self, o: usize) -> R<u32> {
        if self.test(o, 4) {
            Ok(u32::from_be_bytes([
                self.p[o],
                self.p[o + 1],
                self.p[o + 2],
                self.p[o + 3],
            ]))
        } else {
            Err(self.jump())
        }
    }

    /// `ND_TTEST_LEN`: are `len` bytes at `o` captured?
    #[inline(always)]
    pub(crate) fn test(&self, o: usize, len: usize) -> bool {
        o.checked_add(len).is_some_and(|e| e <= self.snapend)
    }

    /// The `len` bytes at `o`, all captured (`ND_TCHECK_LEN` and the bytes).
    #[inline(always)]
    pub(crate) fn bytes(&self, o: usize, len: usize) -> R<&'a [u8]> {
        if self.test(o, len) {
            Ok(&self.p[o..o + len])
        } else {
            Err(self.jump())
        }
    }

    /// A big-endian unsigned integer of `n` (at most 8) bytes at `o`.
    pub(crate) fn be_n(&self, o: usize, n: usize) -> R<u64> {
        Ok(self
            .bytes(o, n)?
            .iter()
            .fold(0u64, |v, &b| (v << 8) | u64::from(b)))
    }

    /// The payload bytes at `p` tcpdump may read for a protocol `len` bytes long (those both
    /// within `len` and captured), and whether the capture ended before `len` bytes.
    pub(crate) fn payload(&self, p: usize, len: usize) -> (&'a [u8], bool) {
        let end = p.saturating_add(len);
        let cut = end > self.snapend;
        let end = end.min(self.snapend);
        (self.p.get(p..end).unwrap_or(&[]), cut)
    }

    /// `ND_BYTES_AVAILABLE_AFTER`.
    #[inline(always)]
    pub(crate) fn avail(&self, o: usize) -> usize {
        self.snapend.saturating_sub(o)
    }

    /// `nd_push_snaplen`: shorten the captured data to `len` bytes from `o`, never lengthen it.
    #[inline]
    pub(crate) fn clip(&mut self, o: usize, len: usize) {
        if len <= self.avail(o) {
            self.snapend = o + len;
        }
    }

    /// Writes `s`.
    #[inline(always)]
    pub(crate) fn s(&mut self, s: &str) -> R {
        self.out.write_str(s)?;
        Ok(())
    }

    /// `%u`.
    #[inline(always)]
    pub(crate) fn d(&mut self, v: impl Into<u64>) -> R {
        fmtx::dec(self.out, v.into())?;
        Ok(())
    }

    /// `%x`.
    pub(crate) fn x(&mut self, v: impl Into<u64>) -> R {
        fmtx::hex(self.out, v.into())?;
        Ok(())
    }

    /// `%02x`.
    pub(crate) fn x02(&mut self, v: u8) -> R {
        fmtx::hex2(self.out, v)?;
        Ok(())
    }

    /// `nd_printn`: up to `n` bytes at `s` as text (unprintable ones escaped), as many as are
    /// captured; `Ok(false)` when the capture ended first.
    pub(crate) fn printn(&mut self, s: usize, n: usize) -> R<bool> {
        let k = n.min(self.avail(s));
        if k > 0 {
            fmtx::safe_str(self.out, &self.p[s..s + k])?;
        }
        Ok(k == n)
    }

    /// `nd_printztn`: a NUL-terminated string of at most `n` bytes at `s`; the bytes used (NUL
    /// included), or 0 when `n` bytes or the capture ran out first.
    pub(crate) fn printztn(&mut self, s: usize, n: u32) -> R<u32> {
        let (b, _) = self.payload(s, n as usize);
        match b.iter().position(|&ch| ch == 0) {
            Some(i) => {
                fmtx::safe_str(self.out, &b[..i])?;
                Ok(i as u32 + 1)
            }
            None => {
                fmtx::safe_str(self.out, b)?;
                Ok(0)
            }
        }
    }

    /// Prints the `N`-byte address at `o`: through the address cache when there is one
    /// (`cached`), formatted afresh otherwise (`plain`).
    #[inline(always)]
    pub(crate) fn addr_at<const N: usize>(
        &mut self,
        o: usize,
        cached: impl FnOnce(&mut AddrCache, &mut W, &[u8; N]) -> fmt::Result,
        plain: impl FnOnce(&mut W, &[u8]) -> fmt::Result,
    ) -> R {
        let a: &[u8; N] = self.bytes(o, N)?.try_into().map_err(|_| Stop::Trunc)?;
        match self.names.as_deref_mut() {
            Some(c) => cached(c, self.out, a)?,
            None => plain(self.out, a)?,
        }
        Ok(())
    }

    /// The IPv4 address at `o` (`GET_IPADDR_STRING`).
    #[inline]
    pub(crate) fn ip4_at(&mut self, o: usize) -> R {
        self.addr_at::<4>(o, |c, out, a| c.ipv4(out, a), fmtx::ipv4)
    }

    /// The IPv6 address at `o` (`GET_IP6ADDR_STRING`).
    #[inline]
    pub(crate) fn ip6_at(&mut self, o: usize) -> R {
        self.addr_at::<16>(o, |c, out, a| c.ipv6(out, a), fmtx::ipv6)
    }

    /// The MAC address at `o` (`GET_ETHERADDR_STRING`), with its OUI's name without `-n`.
    #[inline]
    pub(crate) fn mac_at(&mut self, o: usize) -> R {
        self.addr_at::<6>(o, |c, out, a| c.mac(out, a), fmtx::mac)
    }

    /// `nd_print_invalid`: ` (invalid)`.
    pub(crate) fn invalid(&mut self) -> R {
        self.s(" (invalid)")
    }

    /// The destination and source addresses of the frame whose header [`Cursor::llc_eth`]
    /// names `eth`: an Ethernet header's, or those of the 802.11 header in
    /// [`Cursor::llc_wlan`].
    pub(crate) fn llc_dst_src(&self, eth: usize) -> (usize, usize) {
        match self.llc_wlan {
            Some((dst, src)) if dst == eth => (dst, src),
            _ => (eth, eth + 6),
        }
    }

    /// Names the layer after the one being printed, and returns.
    #[inline(always)]
    pub(crate) fn then(&mut self, next: Next) -> R {
        self.next = next;
        Ok(())
    }

    /// `nd_print_trunc` followed by a normal return.
    pub(crate) fn trunc_here(&mut self) -> R {
        self.s(" [|")?;
        let p = self.proto;
        self.s(p)?;
        self.s("]")
    }

    /// `ND_DEFAULTPRINT` where tcpdump guards it with `ndo_suppress_default_print` (`-q`).
    pub(crate) fn default_print_guarded(&mut self, o: usize, len: usize) -> R {
        if self.qflag || self.xflag {
            return Ok(());
        }
        self.default_print(o, len)
    }

    /// tcpdump's default printer: a hex and ASCII dump of the undecoded bytes, on new lines.
    pub(crate) fn default_print(&mut self, o: usize, len: usize) -> R {
        if !self.default_print {
            return Ok(());
        }
        let avail = self.avail(o);
        let n = len.min(avail);
        let data = if n == 0 { &[][..] } else { &self.p[o..o + n] };
        fmtx::hexdump(self.out, "\n\t", data, true)?;
        if len > avail {
            return Err(Stop::Trunc);
        }
        Ok(())
    }

    /// `print_unknown_data` with its own line prefix (`indent`, a newline first).
    pub(crate) fn unknown_data_at(&mut self, o: usize, len: usize, indent: &str) -> R {
        if !self.default_print {
            return Ok(());
        }
        let n = len.min(self.avail(o));
        let data = if n == 0 { &[][..] } else { &self.p[o..o + n] };
        fmtx::hexdump(self.out, indent, data, false)?;
        Ok(())
    }

    /// `print_unknown_data`: hex only, clipped to the captured bytes.
    pub(crate) fn unknown_data(&mut self, o: usize, len: usize) -> R {
        if !self.default_print {
            return Ok(());
        }
        let n = len.min(self.avail(o));
        let data = if n == 0 { &[][..] } else { &self.p[o..o + n] };
        fmtx::hexdump(self.out, "\n\t", data, false)?;
        Ok(())
    }
}
