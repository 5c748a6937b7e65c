//! Safe parsers for the netlink messages promisc reads. They never panic on any input: they
//! return [`ParseError`]. Fuzz targets in `fuzz/` feed them arbitrary bytes.

use promisc_facts::fdb::UnicastAddress;
use promisc_facts::link::{KindData, LinkFacts, SlaveData};
use promisc_facts::packet_diag::{Membership, PacketSocketFacts};

/// A netlink message or attribute that does not have the layout the kernel's uapi promises.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Fewer bytes than a header or fixed structure needs.
    #[error("truncated {what}: need {need} bytes, have {have}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes needed.
        need: usize,
        /// Bytes present.
        have: usize,
    },
    /// A length field that points outside its buffer.
    #[error("bad length {len} in {what}")]
    BadLength {
        /// What was being read.
        what: &'static str,
        /// The length read.
        len: usize,
    },
}

/// `NLMSG_ERROR`.
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`.
pub const NLMSG_DONE: u16 = 3;
/// The size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;

/// Rounds up to netlink's 4-byte alignment.
pub const fn align4(n: usize) -> usize {
    (n + 3) & !3
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    b.get(off..off + 2)
        .map(|s| u16::from_ne_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

fn need(what: &'static str, b: &[u8], n: usize) -> Result<(), ParseError> {
    if b.len() < n {
        Err(ParseError::Truncated {
            what,
            need: n,
            have: b.len(),
        })
    } else {
        Ok(())
    }
}

/// One netlink message: its header fields and its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    /// `nlmsg_type`.
    pub kind: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// The bytes after the header.
    pub payload: &'a [u8],
}

/// Iterates the netlink messages in one datagram.
pub fn messages(buf: &[u8]) -> impl Iterator<Item = Result<Message<'_>, ParseError>> {
    let mut rest = buf;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() < NLMSG_HDRLEN {
            let have = rest.len();
            rest = &[];
            return Some(Err(ParseError::Truncated {
                what: "nlmsghdr",
                need: NLMSG_HDRLEN,
                have,
            }));
        }
        let len = u32_at(rest, 0).unwrap_or(0) as usize;
        if len < NLMSG_HDRLEN || len > rest.len() {
            rest = &[];
            return Some(Err(ParseError::BadLength {
                what: "nlmsghdr",
                len,
            }));
        }
        let msg = Message {
            kind: u16_at(rest, 4).unwrap_or(0),
            flags: u16_at(rest, 6).unwrap_or(0),
            seq: u32_at(rest, 8).unwrap_or(0),
            payload: &rest[NLMSG_HDRLEN..len],
        };
        rest = rest.get(align4(len)..).unwrap_or(&[]);
        Some(Ok(msg))
    })
}

/// The errno carried by an `NLMSG_ERROR` payload (0 for an acknowledgement).
pub fn error_code(payload: &[u8]) -> Result<i32, ParseError> {
    need("nlmsgerr", payload, 4)?;
    Ok(u32_at(payload, 0).unwrap_or(0) as i32)
}

/// Iterates the attributes (`struct nlattr`) in `buf`, yielding (type without flags, payload).
pub fn attributes(buf: &[u8]) -> impl Iterator<Item = Result<(u16, &[u8]), ParseError>> {
    let mut rest = buf;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            // Trailing padding shorter than a header is not an attribute.
            return None;
        }
        let len = u16_at(rest, 0).unwrap_or(0) as usize;
        let kind = u16_at(rest, 2).unwrap_or(0) & 0x3fff;
        if len < 4 || len > rest.len() {
            rest = &[];
            return Some(Err(ParseError::BadLength {
                what: "nlattr",
                len,
            }));
        }
        let payload = &rest[4..len];
        rest = rest.get(align4(len)..).unwrap_or(&[]);
        Some(Ok((kind, payload)))
    })
}

fn attr_u32(p: &[u8]) -> Option<u32> {
    u32_at(p, 0)
}

fn attr_str(p: &[u8]) -> String {
    let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
    String::from_utf8_lossy(&p[..end]).into_owned()
}

// <linux/if_link.h>
const IFLA_ADDRESS: u16 = 1;
const IFLA_IFNAME: u16 = 3;
const IFLA_LINK: u16 = 5;
const IFLA_MASTER: u16 = 10;
const IFLA_LINKINFO: u16 = 18;
const IFLA_PROMISCUITY: u16 = 30;
const IFLA_LINK_NETNSID: u16 = 37;
const IFLA_ALLMULTI: u16 = 61;
const IFLA_INFO_KIND: u16 = 1;
const IFLA_INFO_DATA: u16 = 2;
const IFLA_INFO_SLAVE_KIND: u16 = 4;
const IFLA_INFO_SLAVE_DATA: u16 = 5;
const IFLA_MACVLAN_MODE: u16 = 1;
const IFLA_MACVLAN_FLAGS: u16 = 2;
const IFLA_BR_VLAN_FILTERING: u16 = 7;
const IFLA_BRPORT_LEARNING: u16 = 8;
const IFLA_BRPORT_UNICAST_FLOOD: u16 = 9;
const IFLA_BOND_MODE: u16 = 1;
const IFLA_BOND_SLAVE_STATE: u16 = 1;
const IFLA_HSR_SLAVE1: u16 = 1;
const IFLA_HSR_SLAVE2: u16 = 2;

/// The size of `struct ifinfomsg`.
pub const IFINFOMSG_LEN: usize = 16;

/// Parses the payload of an `RTM_NEWLINK` message (`struct ifinfomsg` and attributes).
pub fn parse_link(payload: &[u8]) -> Result<LinkFacts, ParseError> {
    need("ifinfomsg", payload, IFINFOMSG_LEN)?;
    let mut l = LinkFacts {
        arphrd: u16_at(payload, 2).unwrap_or(0),
        ifindex: u32_at(payload, 4).unwrap_or(0),
        flags: u32_at(payload, 8).unwrap_or(0),
        ..LinkFacts::default()
    };
    let mut info_data: Option<&[u8]> = None;
    let mut slave_data: Option<&[u8]> = None;
    for a in attributes(&payload[IFINFOMSG_LEN..]) {
        let (kind, p) = a?;
        match kind {
            IFLA_ADDRESS => l.address = p.to_vec(),
            IFLA_IFNAME => l.name = attr_str(p),
            IFLA_LINK => l.link = attr_u32(p),
            IFLA_MASTER => l.master = attr_u32(p),
            IFLA_PROMISCUITY => l.promiscuity = attr_u32(p).unwrap_or(0),
            IFLA_ALLMULTI => l.allmulti = attr_u32(p),
            IFLA_LINK_NETNSID => l.link_netnsid = attr_u32(p).map(|v| v as i32),
            IFLA_LINKINFO => {
                for a in attributes(p) {
                    let (k, v) = a?;
                    match k {
                        IFLA_INFO_KIND => l.kind = Some(attr_str(v)),
                        IFLA_INFO_SLAVE_KIND => l.slave_kind = Some(attr_str(v)),
                        IFLA_INFO_DATA => info_data = Some(v),
                        IFLA_INFO_SLAVE_DATA => slave_data = Some(v),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(d) = info_data {
        l.kind_data = parse_kind_data(l.kind.as_deref(), d)?;
    }
    if let Some(d) = slave_data {
        l.slave_data = parse_slave_data(l.slave_kind.as_deref(), d)?;
    }
    Ok(l)
}

fn parse_kind_data(kind: Option<&str>, data: &[u8]) -> Result<KindData, ParseError> {
    let mut out = KindData::None;
    match kind {
        Some("macvlan" | "macvtap") => {
            let (mut mode, mut flags) = (0u32, 0u16);
            for a in attributes(data) {
                match a? {
                    (IFLA_MACVLAN_MODE, p) => mode = attr_u32(p).unwrap_or(0),
                    (IFLA_MACVLAN_FLAGS, p) => flags = u16_at(p, 0).unwrap_or(0),
                    _ => {}
                }
            }
            out = KindData::Macvlan { mode, flags };
        }
        Some("bridge") => {
            let mut vlan_filtering = false;
            for a in attributes(data) {
                if let (IFLA_BR_VLAN_FILTERING, p) = a? {
                    vlan_filtering = p.first().copied().unwrap_or(0) != 0;
                }
            }
            out = KindData::Bridge { vlan_filtering };
        }
        Some("bond") => {
            let mut mode = 0;
            for a in attributes(data) {
                if let (IFLA_BOND_MODE, p) = a? {
                    mode = p.first().copied().unwrap_or(0);
                }
            }
            out = KindData::Bond { mode };
        }
        Some("hsr") => {
            let mut slaves = [None, None];
            for a in attributes(data) {
                match a? {
                    (IFLA_HSR_SLAVE1, p) => slaves[0] = attr_u32(p),
                    (IFLA_HSR_SLAVE2, p) => slaves[1] = attr_u32(p),
                    _ => {}
                }
            }
            out = KindData::Hsr { slaves };
        }
        _ => {}
    }
    Ok(out)
}

fn parse_slave_data(kind: Option<&str>, data: &[u8]) -> Result<SlaveData, ParseError> {
    let mut out = SlaveData::default();
    for a in attributes(data) {
        let (k, p) = a?;
        let byte = p.first().map(|&b| b != 0);
        match (kind, k) {
            (Some("bridge"), IFLA_BRPORT_LEARNING) => out.learning = byte,
            (Some("bridge"), IFLA_BRPORT_UNICAST_FLOOD) => out.unicast_flood = byte,
            (Some("bond"), IFLA_BOND_SLAVE_STATE) => out.bond_state = p.first().copied(),
            _ => {}
        }
    }
    Ok(out)
}

// <linux/packet_diag.h>
const PACKET_DIAG_INFO: u16 = 0;
const PACKET_DIAG_MCLIST: u16 = 1;
const PACKET_DIAG_UID: u16 = 5;
/// The size of `struct packet_diag_msg`.
const PACKET_DIAG_MSG_LEN: usize = 16;
/// The size of `struct packet_diag_mclist`.
pub const PACKET_DIAG_MCLIST_LEN: usize = 44;

/// Parses the payload of a `SOCK_DIAG_BY_FAMILY` answer for `AF_PACKET`
/// (`struct packet_diag_msg` and attributes).
pub fn parse_packet_diag(payload: &[u8]) -> Result<PacketSocketFacts, ParseError> {
    need("packet_diag_msg", payload, PACKET_DIAG_MSG_LEN)?;
    let mut s = PacketSocketFacts {
        inode: u64::from(u32_at(payload, 4).unwrap_or(0)),
        ..PacketSocketFacts::default()
    };
    for a in attributes(&payload[PACKET_DIAG_MSG_LEN..]) {
        let (k, p) = a?;
        match k {
            PACKET_DIAG_INFO => s.bound_ifindex = attr_u32(p).unwrap_or(0),
            PACKET_DIAG_UID => s.uid = attr_u32(p),
            PACKET_DIAG_MCLIST => {
                // A flat array of struct packet_diag_mclist, not nested attributes.
                for e in p.chunks_exact(PACKET_DIAG_MCLIST_LEN) {
                    s.memberships.push(Membership {
                        ifindex: u32_at(e, 0).unwrap_or(0),
                        count: u32_at(e, 4).unwrap_or(0),
                        mr_type: u16_at(e, 8).unwrap_or(0),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(s)
}

// <linux/neighbour.h>
const NDA_LLADDR: u16 = 2;
const NTF_SELF: u8 = 0x02;
const NTF_MASTER: u8 = 0x04;
const NUD_PERMANENT: u16 = 0x80;
/// The size of `struct ndmsg`.
pub const NDMSG_LEN: usize = 12;

/// Parses an `RTM_NEWNEIGH` message of an `AF_BRIDGE` dump. Returns the address when it is an
/// entry of the device's own address list (`self permanent`, not the bridge's table).
pub fn parse_fdb(payload: &[u8]) -> Result<Option<UnicastAddress>, ParseError> {
    need("ndmsg", payload, NDMSG_LEN)?;
    let ifindex = u32_at(payload, 4).unwrap_or(0);
    let state = u16_at(payload, 8).unwrap_or(0);
    let flags = payload[10];
    let mut address = None;
    for a in attributes(&payload[NDMSG_LEN..]) {
        if let (NDA_LLADDR, p) = a? {
            address = Some(p.to_vec());
        }
    }
    let own_list = flags & NTF_SELF != 0 && flags & NTF_MASTER == 0 && state & NUD_PERMANENT != 0;
    Ok(match (own_list, address) {
        (true, Some(address)) => Some(UnicastAddress { ifindex, address }),
        _ => None,
    })
}

/// Parses an `RTM_NEWNSID` answer: the `NETNSA_NSID` value, or `None` when it is not assigned.
pub fn parse_nsid(payload: &[u8]) -> Result<Option<i32>, ParseError> {
    const NETNSA_NSID: u16 = 1;
    need("rtgenmsg", payload, 4)?;
    for a in attributes(&payload[4..]) {
        if let (NETNSA_NSID, p) = a? {
            return Ok(attr_u32(p).map(|v| v as i32).filter(|&v| v >= 0));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(kind: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
        v.extend_from_slice(&kind.to_ne_bytes());
        v.extend_from_slice(payload);
        v.resize(align4(v.len()), 0);
        v
    }

    fn ifinfo(index: u32, flags: u32) -> Vec<u8> {
        let mut v = vec![0u8, 0];
        v.extend_from_slice(&1u16.to_ne_bytes());
        v.extend_from_slice(&index.to_ne_bytes());
        v.extend_from_slice(&flags.to_ne_bytes());
        v.extend_from_slice(&0u32.to_ne_bytes());
        v
    }

    #[test]
    fn link_with_macvlan_info() {
        let mut p = ifinfo(7, 0x1103);
        p.extend(attr(IFLA_IFNAME, b"mv0\0"));
        p.extend(attr(IFLA_PROMISCUITY, &2u32.to_ne_bytes()));
        p.extend(attr(IFLA_ALLMULTI, &1u32.to_ne_bytes()));
        p.extend(attr(IFLA_LINK, &3u32.to_ne_bytes()));
        p.extend(attr(IFLA_LINK_NETNSID, &5u32.to_ne_bytes()));
        let mut data = attr(IFLA_MACVLAN_MODE, &8u32.to_ne_bytes());
        data.extend(attr(IFLA_MACVLAN_FLAGS, &1u16.to_ne_bytes()));
        let mut info = attr(IFLA_INFO_KIND, b"macvlan\0");
        info.extend(attr(IFLA_INFO_DATA | 0x8000, &data));
        p.extend(attr(IFLA_LINKINFO | 0x8000, &info));
        let l = parse_link(&p).unwrap();
        assert_eq!(l.ifindex, 7);
        assert_eq!(l.name, "mv0");
        assert_eq!(l.promiscuity, 2);
        assert_eq!(l.allmulti, Some(1));
        assert_eq!(l.link, Some(3));
        assert_eq!(l.link_netnsid, Some(5));
        assert_eq!(l.kind.as_deref(), Some("macvlan"));
        assert_eq!(l.kind_data, KindData::Macvlan { mode: 8, flags: 1 });
        assert!(l.user_flag());
        assert!(l.is_up());
    }

    #[test]
    fn bridge_port_and_bond_slave_data() {
        let mut p = ifinfo(4, 1);
        let mut info = attr(IFLA_INFO_SLAVE_KIND, b"bridge\0");
        let mut sd = attr(IFLA_BRPORT_LEARNING, &[0]);
        sd.extend(attr(IFLA_BRPORT_UNICAST_FLOOD, &[1]));
        info.extend(attr(IFLA_INFO_SLAVE_DATA, &sd));
        p.extend(attr(IFLA_LINKINFO, &info));
        p.extend(attr(IFLA_MASTER, &9u32.to_ne_bytes()));
        let l = parse_link(&p).unwrap();
        assert_eq!(l.master, Some(9));
        assert_eq!(l.slave_data.learning, Some(false));
        assert_eq!(l.slave_data.unicast_flood, Some(true));
    }

    #[test]
    fn packet_diag_mclist_entries() {
        let mut p = vec![17u8, 3, 0, 0];
        p.extend_from_slice(&4242u32.to_ne_bytes());
        p.extend_from_slice(&[0; 8]);
        let mut mc = Vec::new();
        for (idx, ty) in [(2u32, 1u16), (3, 2)] {
            mc.extend_from_slice(&idx.to_ne_bytes());
            mc.extend_from_slice(&1u32.to_ne_bytes());
            mc.extend_from_slice(&ty.to_ne_bytes());
            mc.extend_from_slice(&0u16.to_ne_bytes());
            mc.extend_from_slice(&[0; 32]);
        }
        p.extend(attr(PACKET_DIAG_MCLIST, &mc));
        p.extend(attr(PACKET_DIAG_UID, &1000u32.to_ne_bytes()));
        let s = parse_packet_diag(&p).unwrap();
        assert_eq!(s.inode, 4242);
        assert_eq!(s.uid, Some(1000));
        assert_eq!(s.memberships.len(), 2);
        assert_eq!(s.memberships[0].ifindex, 2);
        assert_eq!(s.memberships[0].mr_type, 1);
        assert_eq!(s.memberships[1].mr_type, 2);
    }

    #[test]
    fn fdb_self_permanent_only() {
        let mut p = vec![7u8, 0, 0, 0];
        p.extend_from_slice(&5u32.to_ne_bytes());
        p.extend_from_slice(&NUD_PERMANENT.to_ne_bytes());
        p.push(NTF_SELF);
        p.push(0);
        p.extend(attr(NDA_LLADDR, &[2, 0, 0, 0, 0, 1]));
        let u = parse_fdb(&p).unwrap().unwrap();
        assert_eq!(u.ifindex, 5);
        assert_eq!(u.address, vec![2, 0, 0, 0, 0, 1]);
        p[10] = NTF_SELF | NTF_MASTER;
        assert_eq!(parse_fdb(&p).unwrap(), None);
    }

    #[test]
    fn message_framing_and_errors() {
        let mut buf = Vec::new();
        for kind in [16u16, NLMSG_DONE] {
            let payload = [1u8, 2, 3];
            buf.extend_from_slice(&((NLMSG_HDRLEN + payload.len()) as u32).to_ne_bytes());
            buf.extend_from_slice(&kind.to_ne_bytes());
            buf.extend_from_slice(&0u16.to_ne_bytes());
            buf.extend_from_slice(&7u32.to_ne_bytes());
            buf.extend_from_slice(&0u32.to_ne_bytes());
            buf.extend_from_slice(&payload);
            buf.resize(align4(buf.len()), 0);
        }
        let msgs: Vec<_> = messages(&buf).collect::<Result<_, _>>().unwrap();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].kind, 16);
        assert_eq!(msgs[0].payload, &[1, 2, 3]);
        assert_eq!(msgs[1].kind, NLMSG_DONE);
        // A length past the end is an error, not a panic.
        buf[0] = 200;
        assert!(messages(&buf).next().unwrap().is_err());
    }

    /// A small deterministic generator: every parser must survive arbitrary bytes.
    #[test]
    fn parsers_never_panic_on_noise() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let len = (next() % 160) as usize;
            let mut b: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            // Make plausible attribute lengths common.
            if len > 20 {
                b[16] = (next() % 40) as u8;
                b[17] = 0;
            }
            let _ = parse_link(&b);
            let _ = parse_packet_diag(&b);
            let _ = parse_fdb(&b);
            let _ = parse_nsid(&b);
            for m in messages(&b) {
                let _ = m;
            }
        }
    }
}
