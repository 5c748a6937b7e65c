//! UDP (tcpdump's `udp_print`), handing payloads to the application printers by port.

use core::fmt::Write;

use super::ports::{self, UdpApp};
use crate::fmtx;
use crate::frame::{ipv4, ipv6, udp};
use crate::ip_proto;

use super::cursor::{Cursor, Stop, R};

/// In an ONC RPC message (RFC 5531), after the xid: the message type.
const RPC_MSG_TYPE: usize = 4;
/// The RPC message types.
const RPC_CALL: u32 = 0;
const RPC_REPLY: u32 = 1;
/// The NFS port, whose RPC calls and replies go to tcpdump's NFS printer.
const NFS_PORT: u16 = 2049;
/// In AppleTalk over UDP: the LAP header's type byte, [`LAP_DDP`] for DDP.
const LAP_TYPE: usize = 2;
const LAP_DDP: u8 = 2;
use super::next::{off, Next};

impl<'a, W: Write> Cursor<'a, W> {
    /// `udp_print`: the ports and the length, or the payload's application printer.
    #[inline(always)]
    pub(crate) fn udp(&mut self, bp: usize, length: u32, iph: usize, fragmented: bool) -> R {
        self.proto = "udp";
        let v6 = self.u8(iph)? >> 4 == 6;
        if !self.test(bp + udp::field::DST_PORT.start, 2) {
            // udpipaddr_print with no ports: addresses only when UDP follows IP directly.
            let direct = if v6 {
                self.u8(iph + ipv6::field::NXT_HDR)?
            } else {
                self.u8(iph + ipv4::field::PROTOCOL)?
            } == ip_proto::UDP;
            if direct {
                self.addr_pair(iph, v6)?;
                self.s(": ")?;
            }
            return Err(Stop::Trunc);
        }
        let sport = self.be16(bp)?;
        let dport = self.be16(bp + udp::field::DST_PORT.start)?;
        if length < udp::HEADER_LEN as u32 {
            self.ports(iph, v6, ip_proto::UDP, sport, dport)?;
            self.s("truncated-udp ")?;
            self.d(length)?;
            return Ok(());
        }
        if !self.test(bp + udp::field::LENGTH.start, 2) {
            self.ports(iph, v6, ip_proto::UDP, sport, dport)?;
            return Err(Stop::Trunc);
        }
        let mut ulen = self.be16(bp + udp::field::LENGTH.start)? as u32;
        if ulen == 0 && length > 65535 {
            ulen = length;
        }
        if ulen < udp::HEADER_LEN as u32 {
            self.ports(iph, v6, ip_proto::UDP, sport, dport)?;
            self.s("truncated-udplength ")?;
            self.d(ulen)?;
            return Ok(());
        }
        ulen -= udp::HEADER_LEN as u32;
        let mut length = length - udp::HEADER_LEN as u32;
        if ulen < length {
            length = ulen;
        }
        let cp = bp + udp::HEADER_LEN;
        if cp > self.snapend {
            self.ports(iph, v6, ip_proto::UDP, sport, dport)?;
            return Err(Stop::Trunc);
        }
        self.ports(iph, v6, ip_proto::UDP, sport, dport)?;
        // (tcpdump's NFS printer, which this crate lacks, comes before the checksum.)
        if self.vflag != 0 && !fragmented {
            self.udp_cksum(bp, cp, length, iph, v6)?;
        }
        if !self.qflag {
            // An ONC RPC call to or reply from the NFS port goes to tcpdump's NFS printer
            // (not here) before any port is looked at.
            let nfs = self.test(cp + RPC_MSG_TYPE, 4) && {
                let dir = self.be32(cp + RPC_MSG_TYPE)?;
                (dport == NFS_PORT && dir == RPC_CALL) || (sport == NFS_PORT && dir == RPC_REPLY)
            };
            let app = if nfs {
                UdpApp::Other
            } else {
                ports::udp_app(sport, dport, self.u8(cp + LAP_TYPE) == Ok(LAP_DDP))
            };
            if !matches!(app, UdpApp::None | UdpApp::Other) {
                return self.then(Next::udp(app, off(cp), length));
            }
        }
        if ulen > length && !fragmented {
            self.s("UDP, bad length ")?;
            self.d(ulen)?;
            self.s(" > ")?;
            self.d(length)?;
        } else {
            self.s("UDP, length ")?;
            self.d(ulen)?;
        }
        Ok(())
    }

    /// `-v`: `[udp sum ok] ` or `[bad udp cksum 0x... -> 0x...!] ` (over IPv4 only from
    /// `-vv` on, and `[no cksum] ` there for a zero field) when the `length` bytes of payload
    /// at `cp` are captured.
    #[cold]
    #[inline(never)]
    fn udp_cksum(&mut self, bp: usize, cp: usize, length: u32, iph: usize, v6: bool) -> R {
        let field = self.be16(bp + udp::field::CHECKSUM.start)?;
        if !v6 {
            if self.vflag < 2 {
                return Ok(());
            }
            if field == 0 {
                return self.s("[no cksum] ");
            }
        }
        if !self.test(cp, length as usize) {
            return Ok(());
        }
        let total = length.wrapping_add(udp::HEADER_LEN as u32);
        let Some(sum) = self.cksum_l4(iph, bp, total, ip_proto::UDP)? else {
            return Ok(());
        };
        if sum != 0 {
            self.s("[bad udp cksum 0x")?;
            fmtx::hex_pad(self.out, field as u64, 4)?;
            self.s(" -> 0x")?;
            fmtx::hex_pad(self.out, super::cksum::shouldbe(field, sum) as u64, 4)?;
            self.s("!] ")
        } else {
            self.s("[udp sum ok] ")
        }
    }
}
