//! The tcpdump `-n` printer.
//!
//! - [`cursor`]: the [`Cursor`] every printer reads and writes through, and the only place
//!   with methods on it: bounds-checked reads (`u8`, `be16`, `be24`, `be32`, `bytes`, ...),
//!   truncation (`jump`, `trunc_here`, `clip`) and output (`s`, `d`, `x`, addresses, hex
//!   dumps).
//! - One file per protocol (a directory for DNS, BGP, OpenFlow, and TCP with its MPTCP
//!   option), whose printers are free functions taking the cursor
//!   (`ip::ip_print(c, at, length)`). A printer
//!   prints its own header and names the layer that follows, a [`next::Next`] left in
//!   [`Cursor::next`] by [`Cursor::then`]; only [`walk`], [`ether_walk`] and the dispatch
//!   functions below call the printers, so no protocol file calls into another.
//! - The modules protocol files share: [`next`] (the layer that follows), [`ports`] (which
//!   application printer a port pair picks), [`common`] (the helpers more than one printer
//!   uses: the address and port prefix, the checksums of `-v`, domain names, ...) and, at the
//!   crate's root, `tok` (tcpdump's name tables).

mod aarp;
mod ahcp;
mod aodv;
mod aoe;
mod apps;
mod arp;
mod autorp;
mod babel;
mod babel_v;
mod bcm_li;
mod bfd;
mod bgp;
mod bootp_v;
mod cdp;
mod cfm;
mod common;
pub(crate) mod cursor;
mod dccp;
mod decnet;
mod dhcp6_v;
mod dns;
mod eapol;
mod eigrp;
mod ethernet;
mod geneve;
mod geonet;
mod gre;
mod hsrp;
mod icmp;
mod icmp6;
mod icmp6_ni;
mod igmp;
mod igrp;
mod ip;
mod ip6;
mod ipsec;
mod ipx;
mod isakmp;
pub(crate) mod isis;
mod krb;
mod l2tp;
mod links;
mod lisp;
pub(crate) mod llc;
mod lldp;
mod lldp_v;
mod lmp;
mod loopback;
mod mobility;
mod mpls;
mod msnlb;
pub(crate) mod next;
mod nsh;
mod ntp_v;
mod olsr;
mod openflow;
mod ospf;
mod ospf6_v;
mod pgm;
mod pim;
mod pim2;
mod ports;
mod pppcp;
mod pppoe;
mod pptp;
mod ptp;
mod radius;
mod radius_v;
mod resp;
mod rip;
mod rpki_rtr;
mod rpl;
mod rtp;
mod rx;
mod sctp;
mod sflow;
mod sflow_v;
mod slow;
mod someip;
mod stp;
mod tcp;
mod timed;
mod tipc;
mod udp;
mod vfmt;
mod vrrp;
mod vutil;
mod vxlan;
mod zmtp1;

use core::fmt::Write;

use apps::TextProto;
use cursor::R;
pub(crate) use cursor::{Cursor, Stop};
pub(crate) use ethernet::{null_print, raw_print, sll2_print, sll_print};
pub(crate) use isakmp::Cookies as IsakmpCookies;
pub(crate) use links::{header_len as link_header_len, link_print, supported as link_supported};
use next::{off, IpPayload, Kind, L2Proto, Next};
use ports::{TcpApp, UdpApp};
pub(crate) use rx::Calls as RxCalls;

use crate::{ethertype, ip_proto};

/// Prints an Ethernet frame at `at` and the layers in it.
///
/// The common chain, Ethernet to an EtherType's printer to TCP or UDP, goes by tests on
/// what each printer named next rather than round [`walk`]'s loop.
#[inline]
pub(crate) fn ether_walk<W: Write>(
    c: &mut Cursor<'_, W>,
    at: usize,
    length: u32,
    caplen: u32,
) -> R {
    ethernet::ether_print(c, at, length, caplen)?;
    let n = Next::take(&mut c.next);
    if n.kind != Kind::EtherType {
        return walk_from(c, n);
    }
    ethertype_print(c, n.ethertype(), n.at as usize, n.length, n.caplen())?;
    let n = Next::take(&mut c.next);
    match n.kind {
        Kind::IpProto => {}
        Kind::Done => return Ok(()),
        _ => return walk_from(c, n),
    }
    ip_demux(c, n.ip_payload())?;
    let n = Next::take(&mut c.next);
    if n.kind == Kind::Done {
        return Ok(());
    }
    walk_from(c, n)
}

/// Prints the layers after the one just printed, each printer naming the one after it.
#[inline]
pub(crate) fn walk<W: Write>(c: &mut Cursor<'_, W>) -> R {
    let n = Next::take(&mut c.next);
    walk_from(c, n)
}

/// [`walk`] from `n` on (the ICMP printer's `-v` starts a walk of the datagram an error
/// quotes with it).
#[inline(never)]
pub(crate) fn walk_from<W: Write>(c: &mut Cursor<'_, W>, mut n: Next) -> R {
    loop {
        let (at, length) = (n.at as usize, n.length);
        match n.kind {
            Kind::Done => return Ok(()),
            Kind::EtherType => ethertype_print(c, n.ethertype(), at, length, n.caplen())?,
            Kind::IpProto => ip_demux(c, n.ip_payload())?,
            // A tunnel (VXLAN, Geneve, MPLS) names the layer it carries; the other
            // applications leave nothing.
            Kind::Udp => udp_app(c, n)?,
            Kind::Ip => ip::ip_print(c, at, length)?,
            Kind::Ip6 => ip6::ip6_print(c, at, length)?,
            Kind::Tcp => return tcp_app(c, n.tcp_app(), at, length),
            Kind::Llc => llc::llc_print(c, at, length, n.caplen())?,
            Kind::Ether => ethernet::ether_print(c, at, length, n.caplen())?,
            Kind::Mobility => return mobility::mobility_print(c, at),
            Kind::Dump => return c.default_print_guarded(at, n.dump_len()),
            // The OSI, PPP and Q.933 printers may name a layer in turn, IPX hands EIGRP on;
            // the others leave nothing.
            Kind::L2 => l2(c, n.l2_proto(), at, length)?,
        }
        n = Next::take(&mut c.next);
    }
}

/// `ethertype_print`, for the types [`next::ethertype_has_printer`] names.
#[inline(always)]
fn ethertype_print<W: Write>(
    c: &mut Cursor<'_, W>,
    t: u16,
    p: usize,
    length: u32,
    caplen: u32,
) -> R {
    match t {
        ethertype::IPV4 => ip::ip_print(c, p, length),
        ethertype::IPV6 => ip6::ip6_print(c, p, length),
        ethertype::LLDP
        | ethertype::EAPOL
        | ethertype::SLOW
        | ethertype::PPPOED
        | ethertype::PPPOES
        | ethertype::IPX
        | ethertype::DN => ethertype_l2(c, t, p, length),
        ethertype::MPLS | ethertype::MPLS_MULTI => mpls::mpls_print(c, p, length),
        ethertype::AOE => aoe::aoe_print(c, p, length),
        ethertype::PTP => ptp::ptp_print(c, p, length),
        ethertype::ARP | ethertype::REVARP => {
            arp::arp_print(c, p, length, caplen)?;
            Ok(())
        }
        _ => ethertype_misc(c, t, p, length),
    }
}

/// `ethertype_print` for the types only an Ethernet header hands over (with its source
/// address in [`Cursor::llc_eth`]).
#[cold]
#[inline(never)]
fn ethertype_misc<W: Write>(c: &mut Cursor<'_, W>, t: u16, p: usize, length: u32) -> R {
    let src = c.llc_eth.map(|e| e + 6);
    match t {
        ethertype::GEONET | ethertype::GEONET_OLD => geonet::geonet_print(c, p, length, src),
        ethertype::CALM_FAST => geonet::calm_fast_print(c, p, length, src),
        ethertype::LOOPBACK => loopback::loopback_print(c, p, length),
        ethertype::TIPC => tipc::tipc_print(c, p),
        ethertype::NSH => nsh::nsh_print(c, p, length),
        ethertype::CFM | ethertype::CFM_OLD => cfm::cfm_print(c, p, length),
        ethertype::NLB => msnlb::msnlb_print(c, p),
        ethertype::AARP => aarp::aarp_print(c, p, length),
        ethertype::ATALK => links::ethertalk_print(c, p, length),
        ethertype::ISO => {
            // A pad byte, then the NLPID.
            if length == 0 || c.avail(p) == 0 {
                c.proto = "isoclns";
                return c.trunc_here();
            }
            links::isoclns_print(c, p + 1, length - 1)
        }
        _ => Ok(()),
    }
}

/// `ethertype_print` for the link and switch control protocols and PPPoE.
#[cold]
#[inline(never)]
fn ethertype_l2<W: Write>(c: &mut Cursor<'_, W>, t: u16, p: usize, length: u32) -> R {
    match t {
        ethertype::LLDP => lldp::lldp_print(c, p, length),
        ethertype::EAPOL => eapol::eapol_print(c, p),
        ethertype::SLOW => slow::slow_print(c, p, length),
        ethertype::IPX => ipx::ipx_ether_print(c, p, length),
        ethertype::DN => decnet::decnet_print(c, p, length),
        _ => pppoe::pppoe_print(c, p, length),
    }
}

/// The printer of a [`Kind::L2`] payload.
#[cold]
#[inline(never)]
fn l2<W: Write>(c: &mut Cursor<'_, W>, proto: L2Proto, at: usize, length: u32) -> R {
    match proto {
        L2Proto::Stp => stp::stp_print(c, at, length),
        L2Proto::Cdp => cdp::cdp_print(c, at, length),
        L2Proto::Dtp => cdp::dtp_print(c, at, length),
        L2Proto::Udld => cdp::udld_print(c, at, length),
        L2Proto::Vtp => cdp::vtp_print(c, at, length),
        L2Proto::Osi => links::isoclns_print(c, at, length),
        L2Proto::Ppp => pppoe::ppp_print(c, at, length),
        L2Proto::Q933 => links::q933_print(c, at, length),
        L2Proto::Ipx => ipx::ipx_print(c, at, length),
        L2Proto::Isis => isis::isoclns_print(c, at, length),
    }
}

/// `ip_demux_print`.
#[inline(always)]
fn ip_demux<W: Write>(c: &mut Cursor<'_, W>, ip: IpPayload) -> R {
    match ip.nh {
        ip_proto::UDP => udp::udp_print(c, ip.at, ip.length, ip.iph, ip.fragmented),
        ip_proto::TCP => tcp::tcp_print(c, ip.at, ip.length, ip.iph, ip.fragmented),
        _ => ip_demux_other(c, ip.nh, ip.ver, ip.at, ip.length, ip.iph, ip.fragmented),
    }
}

/// `ip_demux_print` for the protocols other than TCP and UDP.
#[cold]
#[inline(never)]
fn ip_demux_other<W: Write>(
    c: &mut Cursor<'_, W>,
    nh: u8,
    ver: u8,
    bp: usize,
    length: u32,
    iph: usize,
    frag: bool,
) -> R {
    match nh {
        ip_proto::ICMP if ver == 4 => icmp::icmp_print(c, bp, length, frag)?,
        ip_proto::ICMPV6 if ver == 6 => icmp6::icmp6_print(c, bp, length, iph, frag)?,
        ip_proto::IGMP if ver == 4 && !c.qflag && c.u8(bp) == Ok(0x14) => {
            c.proto = "igmp";
            c.s("igmp pimv1")?;
            pim::pimv1_print(c, bp, length)?;
            if c.vflag > 0 {
                igmp::cksum_check(c, bp, length)?
            }
        }
        ip_proto::IGMP if ver == 4 => igmp::igmp_print(c, bp, length)?,
        ip_proto::ICMP | ip_proto::IGMP if ver != 4 => requires(c, nh, "IPv4")?,
        ip_proto::ICMPV6 | ip_proto::ETHERNET if ver != 6 => requires(c, nh, "IPv6")?,
        77 => {
            c.s(" nd ")?;
            c.d(length)?
        }
        ip_proto::IPIP => return c.then(Next::ip(off(bp), length)),
        ip_proto::IPV6 => return c.then(Next::ip6(off(bp), length)),
        ip_proto::ETHERNET => {
            let caplen = c.avail(bp) as u32;
            return c.then(Next::ether(off(bp), length, caplen));
        }
        ip_proto::NONE => c.s("no next header")?,
        ip_proto::GRE => gre::gre_print(c, bp, length)?,
        ip_proto::DCCP => dccp::dccp_print(c, bp, length, iph)?,
        ip_proto::VRRP => vrrp::vrrp_print(c, bp, length, iph, ver)?,
        ip_proto::EIGRP => eigrp::eigrp_print(c, bp, length)?,
        ip_proto::OSPF => ospf::ospf_print(c, bp, length, ver)?,
        ip_proto::PIM => pim::pim_print(c, bp, length, iph)?,
        ip_proto::SCTP => sctp::sctp_print(c, bp, length, iph)?,
        ip_proto::PGM => pgm::pgm_print(c, bp, length, iph)?,
        ip_proto::ESP => ipsec::esp_print(c, bp, length)?,
        ip_proto::IGRP => igrp::igrp_print(c, bp, length)?,
        ip_proto::IPCOMP => ipsec::ipcomp_print(c, bp)?,
        ip_proto::AH => {
            // tcpdump's `goto again`: the header after AH, printed as its protocol says.
            if !c.test(bp, 1) {
                c.proto = "ah";
                return Err(Stop::Trunc);
            }
            let next = c.u8(bp)?;
            let adv = ipsec::ah_print(c, bp)?;
            return c.then(Next::ip_proto(
                next,
                ver,
                frag,
                off(bp + adv),
                length.wrapping_sub(adv as u32),
                off(iph),
            ));
        }
        _ => unknown_proto(c, nh, length)?,
    }
    Ok(())
}

/// ` ip-proto-N LENGTH`.
fn unknown_proto<W: Write>(c: &mut Cursor<'_, W>, nh: u8, length: u32) -> R {
    c.s(" ip-proto-")?;
    c.d(nh)?;
    c.s(" ")?;
    c.d(length)
}

/// The application printer for a UDP payload ([`Next::udp_ip`]).
#[inline(never)]
fn udp_app<W: Write>(c: &mut Cursor<'_, W>, n: Next) -> R {
    let (at, length) = (n.at as usize, n.length);
    match n.udp_app() {
        UdpApp::None | UdpApp::Other => Ok(()),
        UdpApp::Rx => rx_app(c, n),
        UdpApp::Domain => dns::domain_print(c, at, length, false, false),
        UdpApp::Mdns => dns::domain_print(c, at, length, false, true),
        UdpApp::Tftp => apps::tftp_print(c, at, length),
        UdpApp::Bootp => apps::bootp_print(c, at, length),
        UdpApp::Ntp => apps::ntp_print(c, at, length),
        UdpApp::Dhcp6 => apps::dhcp6_print(c, at, length),
        UdpApp::Sip => apps::txtproto_print(c, TextProto::Sip, at, length),
        UdpApp::Syslog => apps::syslog_print(c, at, length),
        UdpApp::Otv => vxlan::otv_print(c, at, length),
        UdpApp::Vxlan => vxlan::vxlan_print(c, at, length),
        UdpApp::Geneve => geneve::geneve_print(c, at, length),
        UdpApp::VxlanGpe => vxlan::vxlan_gpe_print(c, at, length),
        UdpApp::Mpls => mpls::mpls_print(c, at, length),
        UdpApp::Hsrp => hsrp::hsrp_print(c, at, length),
        UdpApp::BfdControl => bfd::bfd_print(c, at, length, bfd::CONTROL_PORT),
        UdpApp::BfdMultihop => bfd::bfd_print(c, at, length, bfd::MULTIHOP_PORT),
        UdpApp::BfdLag => bfd::bfd_print(c, at, length, bfd::LAG_PORT),
        UdpApp::BfdEcho => bfd::bfd_print(c, at, length, bfd::ECHO_PORT),
        UdpApp::Ptp => ptp::ptp_print(c, at, length),
        UdpApp::BcmLi => bcm_li::bcm_li_print(c, at, length),
        UdpApp::Sflow => sflow::sflow_print(c, at, length),
        UdpApp::Babel => babel::babel_print(c, at, length),
        UdpApp::Ahcp => ahcp::ahcp_print(c, at, length),
        UdpApp::Radius => radius::radius_print(c, at, length),
        UdpApp::Someip => someip::someip_print(c, at, length),
        UdpApp::Krb => krb::krb_print(c, at),
        UdpApp::Rip => rip::rip_print(c, at, length),
        UdpApp::Timed => timed::timed_print(c, at),
        UdpApp::IsakmpNat if ipsec::rfc3948_is_ike(c, at, length) => {
            isakmp::nonesp_print(c, at, length, n.udp_iph())
        }
        UdpApp::IsakmpNat => ipsec::isakmp_rfc3948_print(c, at, length),
        UdpApp::L2tp => l2tp::l2tp_print(c, at, length),
        UdpApp::Lisp => lisp::lisp_print(c, at, length),
        UdpApp::Isakmp => isakmp::isakmp_print(c, at, length, n.udp_iph()),
        UdpApp::Lmp => lmp::lmp_print(c, at, length),
        UdpApp::CiscoAutorp => autorp::autorp_print(c, at, length),
        UdpApp::Aodv => {
            let v6 = c.u8(n.udp_iph())? >> 4 == 6;
            aodv::aodv_print(c, at, length, v6)
        }
        UdpApp::Olsr => {
            let v6 = c.u8(n.udp_iph())? >> 4 == 6;
            olsr::olsr_print(c, at, length, v6)
        }
    }
}

/// AFS RX, which needs the UDP ports and the IP addresses.
#[cold]
#[inline(never)]
fn rx_app<W: Write>(c: &mut Cursor<'_, W>, n: Next) -> R {
    let at = n.at as usize;
    // The UDP header is right before the payload.
    let (sport, dport) = (c.be16(at - 8)?, c.be16(at - 6)?);
    rx::rx_print(c, at, n.length, sport, dport, n.udp_iph())
}

/// The application printer for a TCP payload.
#[inline(never)]
fn tcp_app<W: Write>(c: &mut Cursor<'_, W>, app: TcpApp, at: usize, length: u32) -> R {
    let text = match app {
        TcpApp::None | TcpApp::Other => return Ok(()),
        TcpApp::Ssh => return apps::ssh_print(c, at, length),
        TcpApp::Domain => return dns::domain_print(c, at, length, true, false),
        TcpApp::Zmtp1 => return zmtp1::zmtp1_print(c, at, length),
        TcpApp::Bgp => return bgp::bgp_print(c, at, length),
        TcpApp::OpenFlow => return openflow::openflow_print(c, at, length),
        TcpApp::Pptp => return pptp::pptp_print(c, at),
        TcpApp::Resp => return resp::resp_print(c, at, length),
        TcpApp::RpkiRtr => return rpki_rtr::rpki_rtr_print(c, at, length),
        TcpApp::Smtp => TextProto::Smtp,
        TcpApp::Whois => TextProto::Whois,
        TcpApp::Ftp => TextProto::Ftp,
        TcpApp::Http => TextProto::Http,
        TcpApp::Rtsp => TextProto::Rtsp,
    };
    apps::txtproto_print(c, text, at, length)
}

/// `[PROTO requires VERSION] (invalid)`: a protocol number that only means something over
/// the other IP version.
fn requires<W: Write>(c: &mut Cursor<'_, W>, nh: u8, what: &str) -> R {
    c.s("[")?;
    c.s(ip_proto::name(nh).unwrap_or("unknown"))?;
    c.s(" requires ")?;
    c.s(what)?;
    c.s("]")?;
    c.s(" (invalid)")
}
