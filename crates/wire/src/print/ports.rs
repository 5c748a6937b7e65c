//! The port tables that pick the application printer for a TCP segment or UDP datagram.
//!
//! The port tables follow the order of tcpdump's `tcp_print` and `udp_print` dispatch, so
//! that a segment between, say, port 80 and a port whose printer comes first in tcpdump's chain
//! is not printed as HTTP: such ports map to [`TcpApp::Other`] / [`UdpApp::Other`], printers
//! this crate does not have, and the line ends as it would without one.

pub(crate) use super::next::{TcpApp, UdpApp};

/// `tcp_print`'s port chain (tcpdump 4.99 as Debian builds it, without the SMB printers).
/// Every test in it is "source or destination port is P", so the printer is the one of the port
/// that comes first in the chain.
#[inline]
pub(crate) fn tcp_app(sport: u16, dport: u16) -> TcpApp {
    /// A port's place in the chain and its printer.
    #[inline(always)]
    fn rank(p: u16) -> (u8, TcpApp) {
        match p {
            23 => (0, TcpApp::Other), // telnet
            25 => (1, TcpApp::Smtp),
            43 => (2, TcpApp::Whois),
            179 => (3, TcpApp::Bgp),
            1723 => (3, TcpApp::Pptp),
            6379 => (3, TcpApp::Resp),
            22 => (4, TcpApp::Ssh),
            6633 | 6653 => (5, TcpApp::OpenFlow),
            10288 => (5, TcpApp::Other), // BEEP
            21 => (6, TcpApp::Ftp),
            80 | 8080 => (7, TcpApp::Http),
            554 | 8554 => (8, TcpApp::Rtsp),
            53 => (9, TcpApp::Domain),
            639 => (10, TcpApp::Other), // MSDP
            323 => (11, TcpApp::RpkiRtr),
            646 | 2049 => (12, TcpApp::Other), // LDP, NFS
            _ => (u8::MAX, TcpApp::None),
        }
    }
    let (s, d) = (rank(sport), rank(dport));
    if s.0 <= d.0 {
        s.1
    } else {
        d.1
    }
}

/// `udp_print`'s port chain (tcpdump 4.99 as Debian builds it, without the NetBIOS printers).
/// `lap_ddp` tells whether the third payload byte is captured and is 2 (AppleTalk DDP in UDP).
/// Most tests are "source or destination port is P", a few look at one side only; the
/// printer is the one of the port that comes first in the chain.
#[inline(always)]
pub(crate) fn udp_app(sport: u16, dport: u16, lap_ddp: bool) -> UdpApp {
    // Most datagrams are between ports without a place in the chain: one table look-up each
    // sends them out before the chain is walked.
    if !in_udp_chain(sport) && !in_udp_chain(dport) {
        return UdpApp::None;
    }
    udp_app_chain(sport, dport, lap_ddp)
}

/// Bit `p` set when port `p` has a place in `udp_print`'s chain on either side, for either
/// value of the LAP byte ([`udp_rank`] of the port is not `u8::MAX` for one of them).
static UDP_CHAIN_PORTS: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut p: u32 = 0;
    while p <= u16::MAX as u32 {
        let q = p as u16;
        if udp_rank(q, false, true) != u8::MAX || udp_rank(q, true, true) != u8::MAX {
            t[(p >> 6) as usize] |= 1 << (p & 63);
        }
        p += 1;
    }
    t
};

/// Whether `p` may have a place in `udp_print`'s chain (see [`UDP_CHAIN_PORTS`]).
#[inline(always)]
fn in_udp_chain(p: u16) -> bool {
    UDP_CHAIN_PORTS[usize::from(p >> 6)] & (1 << (p & 63)) != 0
}

/// [`udp_app`] for a datagram one of whose ports has a place in the chain.
#[inline(never)]
fn udp_app_chain(sport: u16, dport: u16, lap_ddp: bool) -> UdpApp {
    let (s, d) = (
        udp_rank(sport, false, lap_ddp),
        udp_rank(dport, true, lap_ddp),
    );
    match s.min(d) {
        0 => UdpApp::Domain,
        1 => UdpApp::Mdns,
        3 => UdpApp::Tftp,
        4 => UdpApp::Bootp,
        2 => UdpApp::Timed,
        // RIP comes first among the printers of rank 5, then AODV and ISAKMP, then
        // ISAKMP over NAT-T (RFC 3948).
        5 if sport == 520 || dport == 520 => UdpApp::Rip,
        5 if sport == 654 || dport == 654 => UdpApp::Aodv,
        5 if sport != 654 && dport != 654 && (sport == 500 || dport == 500) => UdpApp::Isakmp,
        5 if ![654, 500].contains(&sport)
            && ![654, 500].contains(&dport)
            && (sport == 4500 || dport == 4500) =>
        {
            UdpApp::IsakmpNat
        }
        5 if ![654, 500, 4500].contains(&sport)
            && ![654, 500, 4500].contains(&dport)
            && [7500, 8500].iter().any(|p| *p == sport || *p == dport) =>
        {
            UdpApp::Isakmp
        }
        6 => UdpApp::Ntp,
        7 if matches!(sport, 88 | 750) || matches!(dport, 88 | 750) => UdpApp::Krb,
        7 if sport == 1701 || dport == 1701 => UdpApp::L2tp,
        7 if rx_first(sport, dport) => UdpApp::Rx,
        8 => UdpApp::Dhcp6,
        9 => UdpApp::Ahcp,
        10 => UdpApp::Babel,
        // HNCP and whiteboard (by destination) come before Auto-RP.
        11 if sport != 8231 && dport != 8231 && dport != 4567 && (sport == 496 || dport == 496) => {
            UdpApp::CiscoAutorp
        }
        12 => UdpApp::Radius,
        13 => UdpApp::Hsrp,
        // LWRES and LDP come before OLSR.
        14 if !matches!(sport, 921 | 646)
            && !matches!(dport, 921 | 646)
            && (sport == 698 || dport == 698) =>
        {
            UdpApp::Olsr
        }
        15 => UdpApp::BcmLi,
        16 => UdpApp::BfdControl,
        17 => UdpApp::BfdMultihop,
        18 => UdpApp::BfdLag,
        19 => UdpApp::BfdEcho,
        20 if sport == 701 || dport == 701 => UdpApp::Lmp,
        21 => UdpApp::Sflow,
        23 => UdpApp::Sip,
        24 => UdpApp::Syslog,
        25 => UdpApp::Otv,
        26 => UdpApp::Vxlan,
        27 => UdpApp::Geneve,
        28 => UdpApp::Lisp,
        29 => UdpApp::VxlanGpe,
        31 => UdpApp::Mpls,
        33 => UdpApp::Ptp,
        34 => UdpApp::Someip,
        u8::MAX => UdpApp::None,
        _ => UdpApp::Other,
    }
}

/// A UDP port's place in `udp_print`'s chain (the printers this crate lacks grouped between
/// the ones it has), `u8::MAX` for none.
#[inline(always)]
const fn udp_rank(p: u16, dst: bool, lap_ddp: bool) -> u8 {
    match p {
        53 => 0,
        5353 => 1,
        525 => 2, // timed
        69 => 3,
        67 | 68 => 4,
        520 | 654 | 500 | 4500 | 7500 | 8500 | 161 | 162 => 5, // RIP, AODV, ISAKMP, SNMP
        123 => 6,
        // Kerberos, L2TP, Zephyr, RX, RIPng; VAT by destination only
        88 | 750 | 1701 | 2103 | 2104 | 7000..=7009 | 521 => 7,
        3456 if dst => 7,
        546 | 547 => 8,
        5359 => 9,         // AHCP
        6696 | 6697 => 10, // Babel
        // HNCP, Cisco AutoRP; whiteboard by destination
        8231 | 496 => 11,
        4567 if dst => 11,
        1645 | 1812 | 1646 | 1813 | 1700 | 3799 => 12, // RADIUS
        // HSRP by destination
        1985 if dst => 13,
        // LWRES, LDP, OLSR, LSP ping
        921 | 646 | 698 | 3503 => 14,
        // BCM LI by source
        49152 if !dst => 15,
        // BFD by destination
        3784 if dst => 16,
        4784 if dst => 17,
        6784 if dst => 18,
        3785 if dst => 19,
        // LMP, VQP
        701 | 1589 => 20,
        6343 => 21, // sFlow
        // LWAPP
        12223 | 12222 => 22,
        5060 => 23,
        514 => 24,
        8472 => 25,  // OTV
        4789 => 26,  // VXLAN
        6081 => 27,  // Geneve
        4342 => 28,  // LISP
        4790 => 29,  // VXLAN-GPE
        17754 => 30, // ZEP
        6635 => 31,  // MPLS
        // AppleTalk in UDP
        _ if lap_ddp && atalk_port(p) => 32,
        319 | 320 => 33, // PTP
        30490 => 34,     // SOME/IP
        _ => u8::MAX,
    }
}

/// Whether RX (ports 7000 to 7009) comes first in `udp_print`'s chain among the printers of
/// rank 7: after Kerberos, L2TP, VAT (by destination) and Zephyr, before RIPng.
fn rx_first(sport: u16, dport: u16) -> bool {
    let rx = |p: u16| (7000..=7009).contains(&p);
    let before = |p: u16| matches!(p, 88 | 750 | 1701 | 2103 | 2104);
    (rx(sport) || rx(dport)) && !before(sport) && !before(dport) && dport != 3456
}

const fn atalk_port(p: u16) -> bool {
    (p >= 16512 && p < 16640) || (p >= 200 && p < 328) || (p >= 768 && p < 896)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_chains_follow_tcpdump_order() {
        assert_eq!(tcp_app(80, 22), TcpApp::Ssh);
        assert_eq!(tcp_app(179, 80), TcpApp::Bgp);
        assert_eq!(tcp_app(25, 80), TcpApp::Smtp);
        assert_eq!(tcp_app(40000, 8080), TcpApp::Http);
        assert_eq!(tcp_app(40000, 40001), TcpApp::None);
        assert_eq!(udp_app(123, 53, false), UdpApp::Domain);
        assert_eq!(udp_app(123, 161, false), UdpApp::Other);
        assert_eq!(udp_app(161, 520, false), UdpApp::Rip);
        assert_eq!(udp_app(161, 4500, false), UdpApp::IsakmpNat);
        assert_eq!(udp_app(500, 4500, false), UdpApp::Isakmp);
        assert_eq!(udp_app(7500, 161, false), UdpApp::Isakmp);
        assert_eq!(udp_app(654, 500, false), UdpApp::Aodv);
        assert_eq!(udp_app(525, 4500, false), UdpApp::Timed);
        assert_eq!(udp_app(520, 53, false), UdpApp::Domain);
        assert_eq!(udp_app(123, 7001, false), UdpApp::Ntp);
        assert_eq!(udp_app(3456, 514, false), UdpApp::Syslog);
        assert_eq!(udp_app(514, 3456, false), UdpApp::Other);
        assert_eq!(udp_app(200, 5060, true), UdpApp::Sip);
        assert_eq!(udp_app(200, 40000, true), UdpApp::Other);
        assert_eq!(udp_app(200, 40000, false), UdpApp::None);
        assert_eq!(udp_app(49152, 1900, false), UdpApp::BcmLi);
        assert_eq!(udp_app(1900, 49152, false), UdpApp::None);
        assert_eq!(udp_app(8472, 4789, false), UdpApp::Otv);
        assert_eq!(udp_app(6081, 4789, false), UdpApp::Vxlan);
        assert_eq!(udp_app(4790, 6081, false), UdpApp::Geneve);
        assert_eq!(udp_app(6635, 4790, false), UdpApp::VxlanGpe);
        assert_eq!(udp_app(40000, 6635, false), UdpApp::Mpls);
        assert_eq!(udp_app(4342, 4790, false), UdpApp::Lisp);
        assert_eq!(udp_app(514, 4789, false), UdpApp::Syslog);
        assert_eq!(udp_app(40000, 1985, false), UdpApp::Hsrp);
        assert_eq!(udp_app(1985, 40000, false), UdpApp::None);
        assert_eq!(udp_app(1812, 1985, false), UdpApp::Radius);
        assert_eq!(udp_app(496, 1812, false), UdpApp::CiscoAutorp);
        assert_eq!(udp_app(1985, 3784, false), UdpApp::BfdControl);
        assert_eq!(udp_app(3784, 3785, false), UdpApp::BfdEcho);
        assert_eq!(udp_app(4784, 6784, false), UdpApp::BfdLag);
        assert_eq!(udp_app(3503, 4784, false), UdpApp::Other);
        assert_eq!(udp_app(49152, 3784, false), UdpApp::BcmLi);
        assert_eq!(udp_app(49152, 3503, false), UdpApp::Other);
        assert_eq!(udp_app(701, 3784, false), UdpApp::BfdControl);
        assert_eq!(udp_app(1589, 701, false), UdpApp::Lmp);
        assert_eq!(udp_app(1589, 6343, false), UdpApp::Other);
        assert_eq!(udp_app(319, 30490, false), UdpApp::Ptp);
        assert_eq!(udp_app(6343, 5060, false), UdpApp::Sflow);
        assert_eq!(udp_app(6696, 1812, false), UdpApp::Babel);
        assert_eq!(udp_app(5359, 6697, false), UdpApp::Ahcp);
        assert_eq!(udp_app(698, 698, false), UdpApp::Olsr);
        assert_eq!(udp_app(654, 80, false), UdpApp::Aodv);
        assert_eq!(udp_app(500, 654, false), UdpApp::Aodv);
        assert_eq!(udp_app(520, 654, false), UdpApp::Rip);
        assert_eq!(udp_app(1512, 496, false), UdpApp::CiscoAutorp);
        assert_eq!(udp_app(496, 4567, false), UdpApp::Other);
        assert_eq!(udp_app(4567, 496, false), UdpApp::CiscoAutorp);
        assert_eq!(udp_app(8231, 496, false), UdpApp::Other);
        assert_eq!(udp_app(698, 646, false), UdpApp::Other);
        assert_eq!(udp_app(3503, 698, false), UdpApp::Olsr);
        assert_eq!(udp_app(6343, 1589, false), UdpApp::Other);
        assert_eq!(udp_app(4789, 320, false), UdpApp::Vxlan);
        assert_eq!(udp_app(17754, 320, false), UdpApp::Other);
        assert_eq!(udp_app(56001, 30490, false), UdpApp::Someip);
        assert_eq!(udp_app(30490, 319, false), UdpApp::Ptp);
        assert_eq!(udp_app(7001, 7000, false), UdpApp::Rx);
        assert_eq!(udp_app(7001, 521, false), UdpApp::Rx);
        assert_eq!(udp_app(750, 7000, false), UdpApp::Krb);
        assert_eq!(udp_app(1799, 88, false), UdpApp::Krb);
        assert_eq!(udp_app(88, 123, false), UdpApp::Ntp);
        assert_eq!(udp_app(7003, 3456, false), UdpApp::Other);
        assert_eq!(udp_app(7003, 123, false), UdpApp::Ntp);
    }

    /// The table's fast path answers as the chain does for every port pair it cuts short.
    #[test]
    fn udp_fast_path_agrees_with_the_chain() {
        let mut outside = 0;
        for p in 0..=u16::MAX {
            for lap in [false, true] {
                let ranked =
                    udp_rank(p, false, lap) != u8::MAX || udp_rank(p, true, lap) != u8::MAX;
                assert!(
                    !ranked || in_udp_chain(p),
                    "port {p} missing from the table"
                );
            }
            if !in_udp_chain(p) {
                outside += 1;
                for q in [0, 9, 53, 200, 7001, 40000, 49152, p] {
                    for lap in [false, true] {
                        let chain = udp_app_chain(p, q, lap);
                        assert_eq!(udp_app(p, q, lap), chain, "ports {p} {q} lap {lap}");
                        assert_eq!(udp_app(q, p, lap), udp_app_chain(q, p, lap));
                    }
                }
            }
        }
        assert!(outside > 60_000, "{outside}");
    }
}
