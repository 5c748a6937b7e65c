//! Frames decoded into plain Rust values, without allocation: [`parse`] returns up to
//! [`MAX_LAYERS`] [`Layer`]s, outermost first, borrowing from the frame.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::{
    ethertype, ip_proto, LinkType, LINKTYPE_ETHERNET, LINKTYPE_IPV4, LINKTYPE_IPV6,
    LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW,
};

const DLT_RAW_12: u32 = LinkType::DLT_RAW_12.0;
const DLT_RAW_14: u32 = LinkType::DLT_RAW_14.0;

/// Most layers [`parse`] keeps (deeper ones are dropped and [`Layers::truncated`] is set).
pub const MAX_LAYERS: usize = 12;

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
            pos: 12,
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
        let q = self.msg.get(end..end + 4)?;
        self.pos = end + 4;
        Some(DnsQuestion {
            name,
            qtype: u16::from_be_bytes([q[0], q[1]]),
            qclass: u16::from_be_bytes([q[2], q[3]]),
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

fn be16(d: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(o)?, *d.get(o + 1)?]))
}

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

fn parse_link<'a>(ls: &mut Layers<'a>, linktype: u32, d: &'a [u8]) -> Option<()> {
    match linktype {
        LINKTYPE_ETHERNET => parse_ether(ls, d, 0),
        LINKTYPE_LINUX_SLL2 => {
            let h = d.get(..20)?;
            let halen = (h[11] as usize).min(8);
            let protocol = be16(h, 0)?;
            ls.push(Layer::Sll2 {
                protocol,
                ifindex: be32(h, 4)?,
                hatype: be16(h, 8)?,
                pkttype: h[10],
                addr: &h[12..12 + halen],
            });
            parse_ethertype(ls, protocol, d, 20, 0)
        }
        LINKTYPE_LINUX_SLL => {
            let h = d.get(..16)?;
            let halen = (be16(h, 4)? as usize).min(8);
            let protocol = be16(h, 14)?;
            ls.push(Layer::Sll {
                pkttype: be16(h, 0)?,
                hatype: be16(h, 2)?,
                addr: &h[6..6 + halen],
                protocol,
            });
            parse_ethertype(ls, protocol, d, 16, 0)
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

fn parse_ether<'a>(ls: &mut Layers<'a>, d: &'a [u8], depth: u8) -> Option<()> {
    let h = d.get(..14)?;
    let ethertype = be16(h, 12)?;
    ls.push(Layer::Ethernet {
        dst: h[0..6].try_into().ok()?,
        src: h[6..12].try_into().ok()?,
        ethertype,
    });
    parse_ethertype(ls, ethertype, d, 14, depth)
}

fn parse_ethertype<'a>(
    ls: &mut Layers<'a>,
    mut t: u16,
    d: &'a [u8],
    mut o: usize,
    depth: u8,
) -> Option<()> {
    while ethertype::is_vlan(t) {
        let tci = be16(d, o)?;
        let next = be16(d, o + 2)?;
        if !ls.push(Layer::Vlan {
            tpid: t,
            vid: tci & 0xfff,
            pcp: (tci >> 13) as u8,
            dei: tci & 0x1000 != 0,
            ethertype: next,
        }) {
            return Some(());
        }
        t = next;
        o += 4;
    }
    match t {
        ethertype::IPV4 => parse_ipv4(ls, d, o, depth),
        ethertype::IPV6 => parse_ipv6(ls, d, o, depth),
        ethertype::ARP | ethertype::REVARP => {
            let h = d.get(o..o + 8)?;
            let (hl, pl) = (h[4] as usize, h[5] as usize);
            let b = o + 8;
            let all = d.get(b..b + 2 * hl + 2 * pl)?;
            ls.push(Layer::Arp {
                htype: be16(h, 0)?,
                ptype: be16(h, 2)?,
                op: be16(h, 6)?,
                sha: &all[..hl],
                spa: &all[hl..hl + pl],
                tha: &all[hl + pl..2 * hl + pl],
                tpa: &all[2 * hl + pl..],
            });
            Some(())
        }
        _ => Some(()),
    }
}

fn parse_ipv4<'a>(ls: &mut Layers<'a>, d: &'a [u8], o: usize, depth: u8) -> Option<()> {
    let h = d.get(o..o + 20)?;
    if h[0] >> 4 != 4 {
        return None;
    }
    let hl = (h[0] & 0xf) as usize * 4;
    let total = be16(h, 2)? as usize;
    if hl < 20 || total < hl {
        return None;
    }
    let off = be16(h, 6)?;
    let protocol = h[9];
    ls.push(Layer::Ipv4 {
        src: Ipv4Addr::new(h[12], h[13], h[14], h[15]),
        dst: Ipv4Addr::new(h[16], h[17], h[18], h[19]),
        protocol,
        ttl: h[8],
        tos: h[1],
        id: be16(h, 4)?,
        dont_fragment: off & 0x4000 != 0,
        more_fragments: off & 0x2000 != 0,
        fragment_offset: (off & 0x1fff) * 8,
        header_len: hl as u8,
        total_len: total as u16,
    });
    if off & 0x1fff != 0 {
        return Some(());
    }
    let end = (o + total).min(d.len());
    let d = d.get(..end)?;
    parse_l4(ls, d, o + hl, total - hl, protocol, false, depth)
}

fn parse_ipv6<'a>(ls: &mut Layers<'a>, d: &'a [u8], o: usize, depth: u8) -> Option<()> {
    let h = d.get(o..o + 40)?;
    if h[0] >> 4 != 6 {
        return None;
    }
    let plen = be16(h, 4)? as usize;
    let mut nh = h[6];
    let src: [u8; 16] = h[8..24].try_into().ok()?;
    let dst: [u8; 16] = h[24..40].try_into().ok()?;
    let vtf = be32(h, 0)?;
    ls.push(Layer::Ipv6 {
        src: Ipv6Addr::from(src),
        dst: Ipv6Addr::from(dst),
        next_header: nh,
        hop_limit: h[7],
        payload_len: plen as u16,
        traffic_class: ((vtf >> 20) & 0xff) as u8,
        flow_label: vtf & 0xfffff,
    });
    let end = if plen == 0 {
        d.len()
    } else {
        (o + 40 + plen).min(d.len())
    };
    let d = d.get(..end)?;
    let mut p = o + 40;
    let mut fragmented = false;
    loop {
        match nh {
            ip_proto::HOPOPTS | ip_proto::ROUTING | ip_proto::DSTOPTS => {
                let next = *d.get(p)?;
                let len = (*d.get(p + 1)? as usize + 1) * 8;
                if !ls.push(Layer::Ipv6Ext {
                    kind: nh,
                    next_header: next,
                    len: len as u16,
                }) {
                    return Some(());
                }
                nh = next;
                p += len;
            }
            ip_proto::FRAGMENT => {
                let next = *d.get(p)?;
                let offlg = be16(d, p + 2)?;
                if !ls.push(Layer::Ipv6Fragment {
                    next_header: next,
                    offset: offlg & 0xfff8,
                    more_fragments: offlg & 1 != 0,
                    id: be32(d, p + 4)?,
                }) {
                    return Some(());
                }
                if offlg & 0xfff8 != 0 {
                    return Some(());
                }
                fragmented = true;
                nh = next;
                p += 8;
            }
            _ => break,
        }
    }
    let len = d.len().saturating_sub(p);
    let len = if plen == 0 {
        len
    } else {
        (o + 40 + plen).saturating_sub(p)
    };
    parse_l4(ls, d, p, len, nh, fragmented, depth)
}

fn parse_l4<'a>(
    ls: &mut Layers<'a>,
    d: &'a [u8],
    o: usize,
    len: usize,
    proto: u8,
    _frag: bool,
    depth: u8,
) -> Option<()> {
    match proto {
        ip_proto::TCP => {
            let h = d.get(o..o + 20)?;
            let hl = (h[12] >> 4) as usize * 4;
            let sport = be16(h, 0)?;
            let dport = be16(h, 2)?;
            ls.push(Layer::Tcp {
                src_port: sport,
                dst_port: dport,
                seq: be32(h, 4)?,
                ack: be32(h, 8)?,
                flags: h[13],
                window: be16(h, 14)?,
                header_len: hl as u8,
                payload_len: len.saturating_sub(hl) as u32,
            });
            if (sport == 53 || dport == 53) && hl >= 20 && len > hl + 2 {
                let msg = d.get(o + hl + 2..)?;
                parse_dns(ls, msg);
            }
            Some(())
        }
        ip_proto::UDP => {
            let h = d.get(o..o + 8)?;
            let sport = be16(h, 0)?;
            let dport = be16(h, 2)?;
            ls.push(Layer::Udp {
                src_port: sport,
                dst_port: dport,
                length: be16(h, 4)?,
            });
            if sport == 53 || dport == 53 || sport == 5353 || dport == 5353 {
                let msg = d.get(o + 8..)?;
                parse_dns(ls, msg);
            }
            Some(())
        }
        ip_proto::ICMP => {
            let h = d.get(o..o + 2)?;
            ls.push(Layer::Icmp {
                icmp_type: h[0],
                code: h[1],
            });
            Some(())
        }
        ip_proto::ICMPV6 => {
            let h = d.get(o..o + 2)?;
            ls.push(Layer::Icmpv6 {
                icmp_type: h[0],
                code: h[1],
            });
            Some(())
        }
        ip_proto::IPIP if depth < 4 => parse_ipv4(ls, d, o, depth + 1),
        ip_proto::IPV6 if depth < 4 => parse_ipv6(ls, d, o, depth + 1),
        _ => Some(()),
    }
}

fn parse_dns<'a>(ls: &mut Layers<'a>, msg: &'a [u8]) -> Option<()> {
    let h = msg.get(..12)?;
    ls.push(Layer::Dns(Dns {
        msg,
        id: be16(h, 0)?,
        flags: be16(h, 2)?,
        qdcount: be16(h, 4)?,
        ancount: be16(h, 6)?,
        nscount: be16(h, 8)?,
        arcount: be16(h, 10)?,
    }));
    Some(())
}
