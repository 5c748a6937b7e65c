//! The tcpdump `-n` printer: [`cursor`] is the leaf every protocol printer reads and writes
//! through, one file per protocol, and the dispatch from one layer to the next (EtherType to
//! network printer, IP protocol to transport printer) here.

mod apps;
mod arp;
pub(crate) mod cursor;
mod dccp;
mod dns;
mod ethernet;
mod icmp;
mod icmp6;
mod igmp;
mod ip;
mod ip6;
mod llc;
mod mobility;
mod ports;
mod tcp;
mod udp;

use core::fmt::Write;

use cursor::R;
pub(crate) use cursor::{Cursor, Stop};

use crate::frame::ipv4;
use crate::{ethertype, ip_proto};

impl<'a, W: Write> Cursor<'a, W> {
    /// `ethertype_print`: `Ok(false)` when the type has no printer here.
    pub(crate) fn ethertype_print(
        &mut self,
        t: u16,
        p: usize,
        length: u32,
        caplen: u32,
    ) -> R<bool> {
        match t {
            ethertype::IPV4 => self.ip(p, length)?,
            ethertype::IPV6 => self.ip6(p, length)?,
            ethertype::ARP | ethertype::REVARP => self.arp(p, length, caplen)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `ip_demux_print`.
    pub(crate) fn ip_demux(
        &mut self,
        bp: usize,
        length: u32,
        ver: u8,
        fragmented: bool,
        nh: u8,
        iph: usize,
    ) -> R {
        match nh {
            ip_proto::TCP => self.tcp(bp, length, iph),
            ip_proto::UDP => self.udp(bp, length, iph, fragmented),
            ip_proto::ICMP if ver == 4 => self.icmp(bp, length),
            ip_proto::ICMPV6 if ver == 6 => self.icmp6(bp, length),
            ip_proto::IGMP if ver == 4 && !matches!(self.u8(bp), Ok(0x13 | 0x14 | 0x1e | 0x1f)) => {
                self.igmp(bp, length)
            }
            ip_proto::ICMP | ip_proto::IGMP if ver != 4 => self.requires(nh, "IPv4"),
            ip_proto::ICMPV6 | ip_proto::ETHERNET if ver != 6 => self.requires(nh, "IPv6"),
            77 => {
                self.s(" nd ")?;
                self.d(length)
            }
            ip_proto::IPIP => self.ip(bp, length),
            ip_proto::IPV6 => self.ip6(bp, length),
            ip_proto::ETHERNET => {
                let avail = self.avail(bp) as u32;
                self.ether(bp, length, avail)
            }
            ip_proto::NONE => self.s("no next header"),
            ip_proto::DCCP => dccp::dccp_print(self, bp, length, iph),
            ip_proto::SCTP => {
                // SCTP prints its own addresses in tcpdump; not decoded here.
                if ver == 4 {
                    self.ip4_at(iph + ipv4::field::SRC.start)?;
                    self.s(" > ")?;
                    self.ip4_at(iph + ipv4::field::DST.start)?;
                    self.s(":")?;
                }
                self.s(" ip-proto-")?;
                self.d(nh)?;
                self.s(" ")?;
                self.d(length)
            }
            _ => {
                self.s(" ip-proto-")?;
                self.d(nh)?;
                self.s(" ")?;
                self.d(length)
            }
        }
    }

    pub(crate) fn requires(&mut self, nh: u8, what: &str) -> R {
        self.s("[")?;
        self.s(ip_proto::name(nh).unwrap_or("unknown"))?;
        self.s(" requires ")?;
        self.s(what)?;
        self.s("]")?;
        self.s(" (invalid)")
    }
}
