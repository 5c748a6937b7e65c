//! UDP (tcpdump's `udp_print`), handing payloads to the application printers by port.

use core::fmt::Write;

use super::ports::{self, UdpApp};
use crate::fmtx;
use crate::frame::{ipv4, ipv6, udp};
use crate::ip_proto;
use crate::PacketType;

use super::common::{addr_pair, addrs_and_ports, cksum_l4, shouldbe};
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

/// `udp_print`: the ports and the length, or the payload's application printer.
#[inline(always)]
pub(crate) fn udp_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    iph: usize,
    fragmented: bool,
) -> R {
    c.proto = "udp";
    let v6 = c.u8(iph)? >> 4 == 6;
    if !c.test(bp + udp::field::DST_PORT.start, 2) {
        // udpipaddr_print with no ports: addresses only when UDP follows IP directly.
        let direct = if v6 {
            c.u8(iph + ipv6::field::NXT_HDR)?
        } else {
            c.u8(iph + ipv4::field::PROTOCOL)?
        } == ip_proto::UDP;
        if direct {
            addr_pair(c, iph, v6)?;
            c.s(": ")?;
        }
        return Err(Stop::Trunc);
    }
    let sport = c.be16(bp)?;
    let dport = c.be16(bp + udp::field::DST_PORT.start)?;
    if length < udp::HEADER_LEN as u32 {
        addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)?;
        c.s("truncated-udp ")?;
        c.d(length)?;
        return Ok(());
    }
    if !c.test(bp + udp::field::LENGTH.start, 2) {
        addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)?;
        return Err(Stop::Trunc);
    }
    let mut ulen = c.be16(bp + udp::field::LENGTH.start)? as u32;
    if ulen == 0 && length > 65535 {
        ulen = length;
    }
    if ulen < udp::HEADER_LEN as u32 {
        addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)?;
        c.s("truncated-udplength ")?;
        c.d(ulen)?;
        return Ok(());
    }
    ulen -= udp::HEADER_LEN as u32;
    let mut length = length - udp::HEADER_LEN as u32;
    if ulen < length {
        length = ulen;
    }
    let cp = bp + udp::HEADER_LEN;
    if cp > c.snapend {
        addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)?;
        return Err(Stop::Trunc);
    }
    if let Some(t) = c.ptype {
        if let Some(r) = forced_udp(c, t, iph, v6, sport, dport, cp, length) {
            return r;
        }
    }
    addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)?;
    // (tcpdump's NFS printer, which this crate lacks, comes before the checksum.)
    if c.vflag != 0 && !fragmented && !c.kflag {
        udp_cksum(c, bp, cp, length, iph, v6)?;
    }
    if !c.qflag {
        // An ONC RPC call to or reply from the NFS port goes to tcpdump's NFS printer
        // (not here) before any port is looked at.
        let nfs = c.test(cp + RPC_MSG_TYPE, 4) && {
            let dir = c.be32(cp + RPC_MSG_TYPE)?;
            (dport == NFS_PORT && dir == RPC_CALL) || (sport == NFS_PORT && dir == RPC_REPLY)
        };
        let app = if nfs {
            UdpApp::Other
        } else {
            ports::udp_app(sport, dport, c.u8(cp + LAP_TYPE) == Ok(LAP_DDP))
        };
        if !matches!(app, UdpApp::None | UdpApp::Other) {
            return c.then(Next::udp_ip(app, off(cp), length, off(iph)));
        }
    }
    if ulen > length && !fragmented {
        c.s("UDP, bad length ")?;
        c.d(ulen)?;
        c.s(" > ")?;
        c.d(length)?;
    } else {
        c.s("UDP, length ")?;
        c.d(ulen)?;
    }
    Ok(())
}

/// `-T TYPE`: the payload printed as TYPE whatever the ports (no checksum, no NFS test), as
/// tcpdump's `udp_print` does; `None` for a type whose printer this crate lacks (the datagram
/// is then printed as without `-T`).
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn forced_udp<W: Write>(
    c: &mut Cursor<'_, W>,
    t: PacketType,
    iph: usize,
    v6: bool,
    sport: u16,
    dport: u16,
    cp: usize,
    length: u32,
) -> Option<R> {
    let app = match t {
        // Types tcpdump's UDP printer has no case for: nothing is printed after `IP `.
        PacketType::Carp | PacketType::Zmtp1 | PacketType::Resp => return Some(Ok(())),
        PacketType::Domain => UdpApp::Domain,
        PacketType::Tftp => UdpApp::Tftp,
        PacketType::Radius => UdpApp::Radius,
        PacketType::Vxlan => UdpApp::Vxlan,
        PacketType::Ptp => UdpApp::Ptp,
        PacketType::Rtp => {
            return Some(
                addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)
                    .and_then(|()| super::rtp::rtp_print(c, cp, length)),
            )
        }
        PacketType::Vat => {
            return Some(
                addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)
                    .and_then(|()| super::rtp::vat_print(c, cp, length)),
            )
        }
        PacketType::Lmp => {
            return Some(
                addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)
                    .and_then(|()| super::lmp::lmp_print(c, cp, length)),
            )
        }
        PacketType::Pgm | PacketType::PgmZmtp1 => {
            return Some(
                addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)
                    .and_then(|()| super::pgm::pgm_print(c, cp, length, iph)),
            )
        }
        _ => return None,
    };
    Some(
        addrs_and_ports(c, iph, v6, ip_proto::UDP, sport, dport)
            .and_then(|()| c.then(Next::udp_ip(app, off(cp), length, off(iph)))),
    )
}

/// `-v`: `[udp sum ok] ` or `[bad udp cksum 0x... -> 0x...!] ` (over IPv4 only from
/// `-vv` on, and `[no cksum] ` there for a zero field) when the `length` bytes of payload
/// at `cp` are captured.
#[cold]
#[inline(never)]
fn udp_cksum<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    cp: usize,
    length: u32,
    iph: usize,
    v6: bool,
) -> R {
    let field = c.be16(bp + udp::field::CHECKSUM.start)?;
    if !v6 {
        if c.vflag < 2 {
            return Ok(());
        }
        if field == 0 {
            return c.s("[no cksum] ");
        }
    }
    if !c.test(cp, length as usize) {
        return Ok(());
    }
    let total = length.wrapping_add(udp::HEADER_LEN as u32);
    let Some(sum) = cksum_l4(c, iph, bp, total, ip_proto::UDP)? else {
        return Ok(());
    };
    if sum != 0 {
        c.s("[bad udp cksum 0x")?;
        fmtx::hex_pad(c.out, field as u64, 4)?;
        c.s(" -> 0x")?;
        fmtx::hex_pad(c.out, shouldbe(field, sum) as u64, 4)?;
        c.s("!] ")
    } else {
        c.s("[udp sum ok] ")
    }
}
