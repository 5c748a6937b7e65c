//! The tcpdump `-n` printer: [`cursor`] is the leaf every protocol printer reads and writes
//! through, one file per protocol, and the dispatch from one layer to the next here. A protocol
//! printer prints its own header and names the layer that follows, a [`next::Next`] left in
//! [`Cursor::next`] by [`Cursor::then`]; only [`Cursor::walk`] and the dispatch functions below
//! call the printers, so no protocol file depends on another (they use [`cursor`], [`next`] and
//! [`ports`], the leaves).

mod aoe;
mod apps;
mod arp;
mod babel;
mod bcm_li;
mod bfd;
mod cdp;
mod cksum;
pub(crate) mod cursor;
mod dccp;
mod dns;
mod eapol;
mod eigrp;
mod ethernet;
mod geneve;
mod gre;
mod hsrp;
mod icmp;
mod icmp6;
mod igmp;
mod ip;
mod ip6;
mod llc;
mod lldp;
mod mobility;
mod mpls;
mod mptcp;
pub(crate) mod next;
mod ospf;
mod pim;
mod ports;
mod pppoe;
mod ptp;
mod radius;
mod sctp;
mod sflow;
mod slow;
mod stp;
mod tcp;
mod udp;
mod vrrp;
mod vxlan;

use core::fmt::Write;

use apps::TextProto;
use cursor::R;
pub(crate) use cursor::{Cursor, Stop};
use next::{off, IpPayload, Kind, L2Proto, Next};
use ports::{TcpApp, UdpApp};

use crate::{ethertype, ip_proto};

impl<'a, W: Write> Cursor<'a, W> {
    /// Prints an Ethernet frame at `at` and the layers in it.
    ///
    /// The common chain, Ethernet to an EtherType's printer to TCP or UDP, goes by tests on
    /// what each printer named next rather than round [`Cursor::walk`]'s loop.
    #[inline]
    pub(crate) fn ether_walk(&mut self, at: usize, length: u32, caplen: u32) -> R {
        self.ether(at, length, caplen)?;
        let n = Next::take(&mut self.next);
        if n.kind != Kind::EtherType {
            return self.walk_from(n);
        }
        self.ethertype(n.ethertype(), n.at as usize, n.length, n.caplen())?;
        let n = Next::take(&mut self.next);
        match n.kind {
            Kind::IpProto => {}
            Kind::Done => return Ok(()),
            _ => return self.walk_from(n),
        }
        self.ip_demux(n.ip_payload())?;
        let n = Next::take(&mut self.next);
        if n.kind == Kind::Done {
            return Ok(());
        }
        self.walk_from(n)
    }

    /// Prints the layers after the one just printed, each printer naming the one after it.
    #[inline]
    pub(crate) fn walk(&mut self) -> R {
        let n = Next::take(&mut self.next);
        self.walk_from(n)
    }

    /// [`Cursor::walk`] from `n` on.
    #[inline(never)]
    fn walk_from(&mut self, mut n: Next) -> R {
        loop {
            let (at, length) = (n.at as usize, n.length);
            match n.kind {
                Kind::Done => return Ok(()),
                Kind::EtherType => self.ethertype(n.ethertype(), at, length, n.caplen())?,
                Kind::IpProto => self.ip_demux(n.ip_payload())?,
                // A tunnel (VXLAN, Geneve, MPLS) names the layer it carries; the other
                // applications leave nothing.
                Kind::Udp => self.udp_app(n.udp_app(), at, length)?,
                Kind::Ip => self.ip(at, length)?,
                Kind::Ip6 => self.ip6(at, length)?,
                Kind::Tcp => return self.tcp_app(n.tcp_app(), at, length),
                Kind::Llc => llc::llc_print(self, at, length, n.caplen())?,
                Kind::Ether => self.ether(at, length, n.caplen())?,
                Kind::Mobility => return mobility::mobility_print(self, at),
                Kind::Dump => return self.default_print_guarded(at, n.dump_len()),
                Kind::L2 => return self.l2(n.l2_proto(), at, length),
            }
            n = Next::take(&mut self.next);
        }
    }

    /// `ethertype_print`, for the types [`next::ethertype_has_printer`] names.
    #[inline(always)]
    fn ethertype(&mut self, t: u16, p: usize, length: u32, caplen: u32) -> R {
        match t {
            ethertype::IPV4 => self.ip(p, length),
            ethertype::IPV6 => self.ip6(p, length),
            ethertype::LLDP
            | ethertype::EAPOL
            | ethertype::SLOW
            | ethertype::PPPOED
            | ethertype::PPPOES => self.ethertype_l2(t, p, length),
            ethertype::MPLS | ethertype::MPLS_MULTI => self.mpls(p, length),
            ethertype::AOE => aoe::aoe_print(self, p, length),
            ethertype::PTP => ptp::ptp_print(self, p, length),
            _ => {
                debug_assert!(matches!(t, ethertype::ARP | ethertype::REVARP));
                self.arp(p, length, caplen)?;
                Ok(())
            }
        }
    }

    /// `ethertype_print` for the link and switch control protocols and PPPoE.
    #[cold]
    #[inline(never)]
    fn ethertype_l2(&mut self, t: u16, p: usize, length: u32) -> R {
        match t {
            ethertype::LLDP => lldp::lldp_print(self, p, length),
            ethertype::EAPOL => eapol::eapol_print(self, p),
            ethertype::SLOW => slow::slow_print(self, p, length),
            _ => pppoe::pppoe_print(self, p, length),
        }
    }

    /// The printer of a [`Kind::L2`] payload.
    #[cold]
    #[inline(never)]
    fn l2(&mut self, proto: L2Proto, at: usize, length: u32) -> R {
        match proto {
            L2Proto::Stp => stp::stp_print(self, at, length),
            L2Proto::Cdp => cdp::cdp_print(self, at, length),
            L2Proto::Dtp => cdp::dtp_print(self, at, length),
            L2Proto::Udld => cdp::udld_print(self, at, length),
            L2Proto::Vtp => cdp::vtp_print(self, at, length),
        }
    }

    /// `ip_demux_print`.
    #[inline(always)]
    fn ip_demux(&mut self, ip: IpPayload) -> R {
        match ip.nh {
            ip_proto::UDP => self.udp(ip.at, ip.length, ip.iph, ip.fragmented),
            ip_proto::TCP => self.tcp(ip.at, ip.length, ip.iph, ip.fragmented),
            _ => self.ip_demux_other(ip.nh, ip.ver, ip.at, ip.length, ip.iph, ip.fragmented),
        }
    }

    /// `ip_demux_print` for the protocols other than TCP and UDP.
    #[cold]
    #[inline(never)]
    fn ip_demux_other(
        &mut self,
        nh: u8,
        ver: u8,
        bp: usize,
        length: u32,
        iph: usize,
        frag: bool,
    ) -> R {
        match nh {
            ip_proto::ICMP if ver == 4 => self.icmp(bp, length, frag)?,
            ip_proto::ICMPV6 if ver == 6 => self.icmp6(bp, length, iph, frag)?,
            ip_proto::IGMP if ver == 4 && !self.qflag && self.u8(bp) == Ok(0x14) => {
                self.proto = "igmp";
                self.s("igmp pimv1")?;
                pim::pimv1_print(self, bp)?
            }
            ip_proto::IGMP
                if ver == 4 && (self.qflag || !matches!(self.u8(bp), Ok(0x13 | 0x1e | 0x1f))) =>
            {
                self.igmp(bp, length)?
            }
            ip_proto::ICMP | ip_proto::IGMP if ver != 4 => self.requires(nh, "IPv4")?,
            ip_proto::ICMPV6 | ip_proto::ETHERNET if ver != 6 => self.requires(nh, "IPv6")?,
            77 => {
                self.s(" nd ")?;
                self.d(length)?
            }
            ip_proto::IPIP => return self.then(Next::ip(off(bp), length)),
            ip_proto::IPV6 => return self.then(Next::ip6(off(bp), length)),
            ip_proto::ETHERNET => {
                let caplen = self.avail(bp) as u32;
                return self.then(Next::ether(off(bp), length, caplen));
            }
            ip_proto::NONE => self.s("no next header")?,
            ip_proto::GRE => self.gre(bp, length)?,
            ip_proto::DCCP => dccp::dccp_print(self, bp, length, iph)?,
            ip_proto::VRRP => vrrp::vrrp_print(self, bp, length, iph, ver)?,
            ip_proto::EIGRP => eigrp::eigrp_print(self, bp, length)?,
            ip_proto::OSPF => ospf::ospf_print(self, bp, length, ver)?,
            ip_proto::PIM => pim::pim_print(self, bp, length)?,
            ip_proto::SCTP => sctp::sctp_print(self, bp, length, iph)?,
            _ => self.unknown_proto(nh, length)?,
        }
        Ok(())
    }

    /// ` ip-proto-N LENGTH`.
    fn unknown_proto(&mut self, nh: u8, length: u32) -> R {
        self.s(" ip-proto-")?;
        self.d(nh)?;
        self.s(" ")?;
        self.d(length)
    }

    /// The application printer for a UDP payload.
    #[inline(never)]
    fn udp_app(&mut self, app: UdpApp, at: usize, length: u32) -> R {
        match app {
            UdpApp::None | UdpApp::Other => Ok(()),
            UdpApp::Domain => dns::domain_print(self, at, length, false, false),
            UdpApp::Mdns => dns::domain_print(self, at, length, false, true),
            UdpApp::Tftp => self.tftp(at, length),
            UdpApp::Bootp => self.bootp(at, length),
            UdpApp::Ntp => self.ntp(at, length),
            UdpApp::Dhcp6 => self.dhcp6(at),
            UdpApp::Sip => self.text_proto(TextProto::Sip, at, length),
            UdpApp::Syslog => self.syslog(at, length),
            UdpApp::Otv => self.otv(at, length),
            UdpApp::Vxlan => self.vxlan(at, length),
            UdpApp::Geneve => self.geneve(at, length),
            UdpApp::VxlanGpe => self.vxlan_gpe(at, length),
            UdpApp::Mpls => self.mpls(at, length),
            UdpApp::Hsrp => hsrp::hsrp_print(self, at, length),
            UdpApp::BfdControl => bfd::bfd_print(self, at, length, bfd::CONTROL_PORT),
            UdpApp::BfdMultihop => bfd::bfd_print(self, at, length, bfd::MULTIHOP_PORT),
            UdpApp::BfdLag => bfd::bfd_print(self, at, length, bfd::LAG_PORT),
            UdpApp::BfdEcho => bfd::bfd_print(self, at, length, bfd::ECHO_PORT),
            UdpApp::Ptp => ptp::ptp_print(self, at, length),
            UdpApp::BcmLi => bcm_li::bcm_li_print(self, at, length),
            UdpApp::Sflow => sflow::sflow_print(self, at, length),
            UdpApp::Babel => babel::babel_print(self, at, length),
            UdpApp::Radius => radius::radius_print(self, at, length),
        }
    }

    /// The application printer for a TCP payload.
    #[inline(never)]
    fn tcp_app(&mut self, app: TcpApp, at: usize, length: u32) -> R {
        let text = match app {
            TcpApp::None | TcpApp::Other => return Ok(()),
            TcpApp::Ssh => return self.ssh(at, length),
            TcpApp::Domain => return dns::domain_print(self, at, length, true, false),
            TcpApp::Smtp => TextProto::Smtp,
            TcpApp::Whois => TextProto::Whois,
            TcpApp::Ftp => TextProto::Ftp,
            TcpApp::Http => TextProto::Http,
            TcpApp::Rtsp => TextProto::Rtsp,
        };
        self.text_proto(text, at, length)
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
