//! Frames decoded into plain Rust values, without allocation: [`parse`] returns up to
//! [`MAX_LAYERS`] [`Layer`]s, outermost first, borrowing from the frame.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::frame::ipv6::ext;
use crate::frame::{arp, dns, ethernet, icmp, icmpv6, ipv4, ipv6, sll, tcp, udp, vlan};
use crate::{
    ethertype, ip_proto, LinkType, LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6,
    LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW,
};

const DLT_RAW_12: u32 = LinkType::DLT_RAW_12.0;
const DLT_RAW_14: u32 = LinkType::DLT_RAW_14.0;

/// Most layers [`parse`] keeps (deeper ones are dropped and [`Layers::truncated`] is set).
pub const MAX_LAYERS: usize = 12;

/// How many IP-in-IP (and IPv6-in-IP) headers [`parse`] follows.
const MAX_TUNNELS: u8 = 4;

/// One protocol header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer<'a> {
    /// LINKTYPE_LINUX_SLL2 cooked header (`-i any`).
    Sll2 {
        /// EtherType of the payload (or a Linux `ETH_P_*` value up to 1500).
        protocol: u16,
        /// Interface index the packet was seen on.
        ifindex: u32,
        /// ARPHRD_* type of the interface.
        hatype: u16,
        /// PACKET_* type: 0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing.
        pkttype: u8,
        /// Link-layer source address (up to 8 bytes).
        addr: &'a [u8],
    },
    /// LINKTYPE_LINUX_SLL cooked header.
    Sll {
        /// PACKET_* type.
        pkttype: u16,
        /// ARPHRD_* type.
        hatype: u16,
        /// Link-layer source address (up to 8 bytes).
        addr: &'a [u8],
        /// EtherType of the payload.
        protocol: u16,
    },
    /// Ethernet II (or 802.3, when `ethertype` is at most 1500 and is then a length).
    Ethernet {
        /// Destination MAC.
        dst: [u8; 6],
        /// Source MAC.
        src: [u8; 6],
        /// The type/length field after the addresses (before any VLAN tag).
        ethertype: u16,
    },
    /// One 802.1Q / 802.1ad tag.
    Vlan {
        /// The tag protocol identifier that introduced this tag (0x8100, 0x88a8, ...).
        tpid: u16,
        /// VLAN identifier (12 bits).
        vid: u16,
        /// Priority code point.
        pcp: u8,
        /// Drop eligible indicator.
        dei: bool,
        /// EtherType that follows the tag.
        ethertype: u16,
    },
    /// ARP or RARP.
    Arp {
        /// Hardware type (1 = Ethernet).
        htype: u16,
        /// Protocol type (0x0800 = IPv4).
        ptype: u16,
        /// Operation (1 request, 2 reply, ...).
        op: u16,
        /// Sender hardware address.
        sha: &'a [u8],
        /// Sender protocol address.
        spa: &'a [u8],
        /// Target hardware address.
        tha: &'a [u8],
        /// Target protocol address.
        tpa: &'a [u8],
    },
    /// IPv4 header.
    Ipv4 {
        /// Source address.
        src: Ipv4Addr,
        /// Destination address.
        dst: Ipv4Addr,
        /// Protocol of the payload.
        protocol: u8,
        /// Time to live.
        ttl: u8,
        /// Type of service byte (DSCP and ECN).
        tos: u8,
        /// Identification.
        id: u16,
        /// Don't-fragment flag.
        dont_fragment: bool,
        /// More-fragments flag.
        more_fragments: bool,
        /// Fragment offset in bytes.
        fragment_offset: u16,
        /// Header length in bytes (20 plus options).
        header_len: u8,
        /// Total length field.
        total_len: u16,
    },
    /// IPv6 fixed header.
    Ipv6 {
        /// Source address.
        src: Ipv6Addr,
        /// Destination address.
        dst: Ipv6Addr,
        /// Next header after the fixed header.
        next_header: u8,
        /// Hop limit.
        hop_limit: u8,
        /// Payload length field.
        payload_len: u16,
        /// Traffic class.
        traffic_class: u8,
        /// Flow label (20 bits).
        flow_label: u32,
    },
    /// IPv6 hop-by-hop (0), routing (43) or destination options (60) extension header.
    Ipv6Ext {
        /// Which extension header this is (its protocol number).
        kind: u8,
        /// Next header after this one.
        next_header: u8,
        /// Length in bytes.
        len: u16,
    },
    /// IPv6 fragment extension header.
    Ipv6Fragment {
        /// Next header after this one.
        next_header: u8,
        /// Fragment offset in bytes.
        offset: u16,
        /// More-fragments flag.
        more_fragments: bool,
        /// Identification.
        id: u32,
    },
    /// TCP header.
    Tcp {
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// Sequence number (absolute).
        seq: u32,
        /// Acknowledgment number (absolute).
        ack: u32,
        /// Flags byte: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40,
        /// CWR 0x80.
        flags: u8,
        /// Window.
        window: u16,
        /// Header length in bytes.
        header_len: u8,
        /// Payload length (from the IP lengths).
        payload_len: u32,
    },
    /// UDP header.
    Udp {
        /// Source port.
        src_port: u16,
        /// Destination port.
        dst_port: u16,
        /// Length field (header included).
        length: u16,
    },
    /// ICMP (IPv4).
    Icmp {
        /// Type.
        icmp_type: u8,
        /// Code.
        code: u8,
    },
    /// ICMPv6.
    Icmpv6 {
        /// Type.
        icmp_type: u8,
        /// Code.
        code: u8,
    },
    /// A DNS message (UDP or TCP port 53, or mDNS on 5353).
    Dns(Dns<'a>),
}

/// A DNS message header, with its questions available through [`Dns::questions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dns<'a> {
    /// The whole message (from the ID on), for decoding compressed names.
    pub msg: &'a [u8],
    /// Transaction ID.
    pub id: u16,
    /// The flags word (QR 0x8000, opcode, AA, TC, RD, RA, AD, CD, rcode).
    pub flags: u16,
    /// Question count.
    pub qdcount: u16,
    /// Answer count.
    pub ancount: u16,
    /// Authority count.
    pub nscount: u16,
    /// Additional count.
    pub arcount: u16,
}

impl<'a> Dns<'a> {
    /// Whether this is a response.
    pub fn is_response(&self) -> bool {
        self.flags & 0x8000 != 0
    }

    /// Opcode (0 query).
    pub fn opcode(&self) -> u8 {
        ((self.flags >> 11) & 0xf) as u8
    }

    /// Response code (low 4 bits; 3 is NXDomain).
    pub fn rcode(&self) -> u8 {
        (self.flags & 0xf) as u8
    }

    /// The question section (stops early at malformed or missing data).
    pub fn questions(&self) -> DnsQuestions<'a> {
        DnsQuestions {
            msg: self.msg,
            pos: dns::HEADER_LEN,
            left: self.qdcount,
        }
    }
}

/// Iterator over a DNS question section.
#[derive(Debug, Clone)]
pub struct DnsQuestions<'a> {
    msg: &'a [u8],
    pos: usize,
    left: u16,
}

/// One DNS question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DnsQuestion<'a> {
    /// The queried name.
    pub name: DnsName<'a>,
    /// QTYPE (1 A, 28 AAAA, ...).
    pub qtype: u16,
    /// QCLASS (1 IN; the top bit is mDNS's unicast-response flag).
    pub qclass: u16,
}

impl<'a> Iterator for DnsQuestions<'a> {
    type Item = DnsQuestion<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let name = DnsName {
            msg: self.msg,
            start: self.pos,
        };
        let end = name.end()?;
        let q = self.msg.get(end..end + dns::question::LEN)?;
        self.pos = end + dns::question::LEN;
        Some(DnsQuestion {
            name,
            qtype: be16(q, dns::question::TYPE)?,
            qclass: be16(q, dns::question::CLASS)?,
        })
    }
}

/// A possibly compressed domain name inside a message; `Display` spells it `www.example.com.`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DnsName<'a> {
    msg: &'a [u8],
    start: usize,
}

impl DnsName<'_> {
    /// Offset just past the name where it starts (after the first pointer, if compressed).
    fn end(&self) -> Option<usize> {
        let mut p = self.start;
        loop {
            let l = *self.msg.get(p)?;
            match l & 0xc0 {
                0x00 if l == 0 => return Some(p + 1),
                0x00 => p += 1 + l as usize,
                0xc0 => return Some(p + 2),
                _ => return None,
            }
        }
    }

    /// Writes the labels, escaping bytes that are not printable ASCII as `\DDD`.
    pub fn write_to(&self, out: &mut impl core::fmt::Write) -> core::fmt::Result {
        let mut p = self.start;
        let mut hops = 0;
        let mut any = false;
        let mut total = 0usize;
        while let Some(&l) = self.msg.get(p) {
            match l & 0xc0 {
                0x00 if l == 0 => break,
                0x00 => {
                    let Some(label) = self.msg.get(p + 1..p + 1 + l as usize) else {
                        break;
                    };
                    total += label.len() + 1;
                    if total > 255 {
                        break;
                    }
                    for &c in label {
                        if c.is_ascii_graphic() && c != b'.' && c != b'\\' {
                            out.write_char(c as char)?;
                        } else {
                            out.write_char('\\')?;
                            crate::fmtx::dec_pad(out, c as u64, 3)?;
                        }
                    }
                    out.write_char('.')?;
                    any = true;
                    p += 1 + l as usize;
                }
                0xc0 => {
                    let Some(&lo) = self.msg.get(p + 1) else {
                        break;
                    };
                    let target = ((l as usize & 0x3f) << 8) | lo as usize;
                    hops += 1;
                    if hops > 64 || target >= p {
                        break;
                    }
                    p = target;
                }
                _ => break,
            }
        }
        if !any {
            out.write_char('.')?;
        }
        Ok(())
    }
}

impl core::fmt::Display for DnsName<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.write_to(f)
    }
}

/// The decoded layers of one frame.
#[derive(Debug, Clone)]
pub struct Layers<'a> {
    items: [Option<Layer<'a>>; MAX_LAYERS],
    n: usize,
    /// Decoding stopped before the end of the headers: the capture was too short, a length
    /// field was inconsistent, or there were more than [`MAX_LAYERS`] layers.
    pub truncated: bool,
}

impl<'a> Layers<'a> {
    fn push(&mut self, l: Layer<'a>) -> bool {
        if self.n == MAX_LAYERS {
            self.truncated = true;
            return false;
        }
        self.items[self.n] = Some(l);
        self.n += 1;
        true
    }

    /// The layers, outermost first.
    pub fn iter(&self) -> impl Iterator<Item = &Layer<'a>> {
        self.items[..self.n].iter().flatten()
    }

    /// How many layers were decoded.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether nothing at all was decoded.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
}

/// A big-endian `u16` at `o` of `d`, if it is there (for the fields without a view: the IPv6
/// extension headers and the DNS question).
fn be16(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o + 1)?]))
}

/// A big-endian `u32` at `o` of `d`, if it is there.
fn be32(d: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(o..o + 4)?.try_into().ok()?))
}

/// Decodes the headers of a frame of the given LINKTYPE. Never panics; malformed or short data
/// ends the list early with [`Layers::truncated`] set.
pub fn parse(linktype: u32, data: &[u8]) -> Layers<'_> {
    let mut ls = Layers {
        items: [None; MAX_LAYERS],
        n: 0,
        truncated: false,
    };
    if parse_link(&mut ls, linktype, data).is_none() {
        ls.truncated = true;
    }
    ls
}

// Each parser below reads its header through the frame module's checked view (or, where there
// is none, its named offsets) and returns `None` where the data ends too early or a field is
// inconsistent, which `parse` reports as truncation.

fn parse_link<'a>(ls: &mut Layers<'a>, linktype: u32, d: &'a [u8]) -> Option<()> {
    match linktype {
        LINKTYPE_ETHERNET => parse_ether(ls, d),
        LINKTYPE_LINUX_SLL2 => {
            let h = sll::Sll2Repr::parse(&sll::Sll2::new_checked(d).ok()?).ok()?;
            ls.push(Layer::Sll2 {
                protocol: h.protocol,
                ifindex: h.ifindex,
                hatype: h.hatype,
                pkttype: h.pkttype,
                addr: h.addr,
            });
            parse_ethertype(ls, h.protocol, d, sll::v2::HEADER_LEN)
        }
        LINKTYPE_LINUX_SLL => {
            let h = sll::SllRepr::parse(&sll::Sll::new_checked(d).ok()?).ok()?;
            ls.push(Layer::Sll {
                pkttype: h.pkttype,
                hatype: h.hatype,
                addr: h.addr,
                protocol: h.protocol,
            });
            parse_ethertype(ls, h.protocol, d, sll::v1::HEADER_LEN)
        }
        LINKTYPE_RAW | DLT_RAW_12 | DLT_RAW_14 | LINKTYPE_IPV4 | LINKTYPE_IPV6 => {
            match d.first()? >> 4 {
                4 => parse_ipv4(ls, d, 0, 0),
                6 => parse_ipv6(ls, d, 0, 0),
                _ => None,
            }
        }
        _ => None,
    }
}

fn parse_ether<'a>(ls: &mut Layers<'a>, d: &'a [u8]) -> Option<()> {
    let f = ethernet::Frame::new_checked(d).ok()?;
    let ethertype = f.ethertype();
    ls.push(Layer::Ethernet {
        dst: f.dst(),
        src: f.src(),
        ethertype,
    });
    parse_ethertype(ls, ethertype, d, ethernet::HEADER_LEN)
}

/// The VLAN tags and the payload of EtherType `t` at `o` of `d`.
fn parse_ethertype<'a>(ls: &mut Layers<'a>, mut t: u16, d: &'a [u8], mut o: usize) -> Option<()> {
    while ethertype::is_vlan(t) {
        let tag = vlan::Tag::new_checked(d.get(o..)?).ok()?;
        let next = tag.ethertype();
        if !ls.push(Layer::Vlan {
            tpid: t,
            vid: tag.vid(),
            pcp: tag.pcp(),
            dei: tag.dei(),
            ethertype: next,
        }) {
            return Some(());
        }
        t = next;
        o += vlan::TAG_LEN;
    }
    match t {
        ethertype::IPV4 => parse_ipv4(ls, d, o, 0),
        ethertype::IPV6 => parse_ipv6(ls, d, o, 0),
        ethertype::ARP | ethertype::REVARP => {
            let p = arp::Packet::new_checked(d.get(o..)?).ok()?;
            let [sha, spa, tha, tpa] = p.addrs();
            ls.push(Layer::Arp {
                htype: p.htype(),
                ptype: p.ptype(),
                op: p.op(),
                sha,
                spa,
                tha,
                tpa,
            });
            Some(())
        }
        _ => Some(()),
    }
}

/// The IPv4 packet at `o` of `d` (`depth` tunnels deep): the fixed header is enough, as the
/// options may be cut short.
fn parse_ipv4<'a>(ls: &mut Layers<'a>, d: &'a [u8], o: usize, depth: u8) -> Option<()> {
    let p = ipv4::Packet::new_fixed_checked(d.get(o..)?).ok()?;
    if p.version() != 4 {
        return None;
    }
    let hl = p.header_len();
    let total = usize::from(p.total_len());
    if total < hl {
        return None;
    }
    let protocol = p.protocol();
    ls.push(Layer::Ipv4 {
        src: p.src(),
        dst: p.dst(),
        protocol,
        ttl: p.ttl(),
        tos: p.tos(),
        id: p.ident(),
        dont_fragment: p.dont_frag(),
        more_fragments: p.more_frags(),
        fragment_offset: p.frag_offset(),
        header_len: hl as u8,
        total_len: total as u16,
    });
    if p.frag_offset() != 0 {
        return Some(());
    }
    let end = (o + total).min(d.len());
    let d = d.get(..end)?;
    parse_l4(ls, d, o + hl, total - hl, protocol, depth)
}

/// The IPv6 packet at `o` of `d` (`depth` tunnels deep) and its extension headers.
fn parse_ipv6<'a>(ls: &mut Layers<'a>, d: &'a [u8], o: usize, depth: u8) -> Option<()> {
    let p = ipv6::Packet::new_checked(d.get(o..)?).ok()?;
    if p.version() != 6 {
        return None;
    }
    let plen = usize::from(p.payload_len());
    let mut nh = p.next_header();
    ls.push(Layer::Ipv6 {
        src: p.src(),
        dst: p.dst(),
        next_header: nh,
        hop_limit: p.hop_limit(),
        payload_len: plen as u16,
        traffic_class: p.traffic_class(),
        flow_label: p.flow_label(),
    });
    // A payload length of 0 (a jumbogram) leaves the end to the capture.
    let end = if plen == 0 {
        d.len()
    } else {
        (o + ipv6::HEADER_LEN + plen).min(d.len())
    };
    let d = d.get(..end)?;
    let mut at = o + ipv6::HEADER_LEN;
    loop {
        match nh {
            ip_proto::HOPOPTS | ip_proto::ROUTING | ip_proto::DSTOPTS => {
                let next = *d.get(at + ext::NXT_HDR)?;
                let len = (*d.get(at + ext::LEN)? as usize + 1) * 8;
                if !ls.push(Layer::Ipv6Ext {
                    kind: nh,
                    next_header: next,
                    len: len as u16,
                }) {
                    return Some(());
                }
                nh = next;
                at += len;
            }
            ip_proto::FRAGMENT => {
                let next = *d.get(at + ext::NXT_HDR)?;
                let offlg = be16(d, at + ext::FRAG_OFFLG.start)?;
                if !ls.push(Layer::Ipv6Fragment {
                    next_header: next,
                    offset: offlg & 0xfff8,
                    more_fragments: offlg & 1 != 0,
                    id: be32(d, at + ext::FRAG_IDENT.start)?,
                }) {
                    return Some(());
                }
                if offlg & 0xfff8 != 0 {
                    return Some(());
                }
                nh = next;
                at += ext::FRAG_LEN;
            }
            _ => break,
        }
    }
    let len = if plen == 0 {
        d.len().saturating_sub(at)
    } else {
        (o + ipv6::HEADER_LEN + plen).saturating_sub(at)
    };
    parse_l4(ls, d, at, len, nh, depth)
}

/// The transport header (or tunnelled IP packet) of protocol `proto` at `o` of `d`, `len`
/// bytes long by the IP header.
fn parse_l4<'a>(
    ls: &mut Layers<'a>,
    d: &'a [u8],
    o: usize,
    len: usize,
    proto: u8,
    depth: u8,
) -> Option<()> {
    match proto {
        ip_proto::TCP => {
            // The fixed header is enough: a header length below 20 or past the capture still
            // shows the ports and flags.
            let p = tcp::Packet::new_fixed_checked(d.get(o..)?).ok()?;
            let hl = p.header_len();
            let (sport, dport) = (p.src_port(), p.dst_port());
            ls.push(Layer::Tcp {
                src_port: sport,
                dst_port: dport,
                seq: p.seq(),
                ack: p.ack(),
                flags: p.flags(),
                window: p.window(),
                header_len: hl as u8,
                payload_len: len.saturating_sub(hl) as u32,
            });
            let prefix = dns::TCP_PREFIX_LEN;
            if (sport == dns::PORT || dport == dns::PORT)
                && hl >= tcp::HEADER_LEN
                && len > hl + prefix
            {
                let msg = d.get(o + hl + prefix..)?;
                parse_dns(ls, msg);
            }
            Some(())
        }
        ip_proto::UDP => {
            let p = udp::Packet::new_checked(d.get(o..)?).ok()?;
            let (sport, dport) = (p.src_port(), p.dst_port());
            ls.push(Layer::Udp {
                src_port: sport,
                dst_port: dport,
                length: p.len(),
            });
            let dns_port = |port| port == dns::PORT || port == dns::MDNS_PORT;
            if dns_port(sport) || dns_port(dport) {
                // The message runs to the capture's end, whatever the UDP length says.
                let msg = d.get(o + udp::HEADER_LEN..)?;
                parse_dns(ls, msg);
            }
            Some(())
        }
        // ICMP and ICMPv6 give only their type and code, which come before the checksum: the
        // 8-byte views would refuse a capture that ends sooner, which is still decoded.
        ip_proto::ICMP => {
            let h = d.get(o..o + icmp::field::CODE + 1)?;
            ls.push(Layer::Icmp {
                icmp_type: h[icmp::field::TYPE],
                code: h[icmp::field::CODE],
            });
            Some(())
        }
        ip_proto::ICMPV6 => {
            let h = d.get(o..o + icmpv6::field::CODE + 1)?;
            ls.push(Layer::Icmpv6 {
                icmp_type: h[icmpv6::field::TYPE],
                code: h[icmpv6::field::CODE],
            });
            Some(())
        }
        ip_proto::IPIP if depth < MAX_TUNNELS => parse_ipv4(ls, d, o, depth + 1),
        ip_proto::IPV6 if depth < MAX_TUNNELS => parse_ipv6(ls, d, o, depth + 1),
        _ => Some(()),
    }
}

fn parse_dns<'a>(ls: &mut Layers<'a>, msg: &'a [u8]) -> Option<()> {
    let h = dns::Header::new_checked(msg).ok()?;
    ls.push(Layer::Dns(Dns {
        msg,
        id: h.id(),
        flags: h.flags(),
        qdcount: h.qdcount(),
        ancount: h.ancount(),
        nscount: h.nscount(),
        arcount: h.arcount(),
    }));
    Some(())
}
