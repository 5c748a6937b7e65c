//! Links: `RTM_NEWLINK` messages (`struct ifinfomsg` and `IFLA_*` attributes).

use crate::nlmsg::{
    attr_str, attr_u32, attributes, need, u16_at, u32_at, Message, ParseError, NLM_F_REQUEST,
};
use crate::request::Request;
use crate::uapi::{ARPHRD_ETHER, ARPHRD_LOOPBACK, IFF_PROMISC, IFF_UP};

/// Kind-specific data of a link (`IFLA_INFO_DATA`), reduced to what attribution needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum KindData {
    /// No data, or data promisc does not use.
    #[default]
    None,
    /// A macvlan or macvtap device (`IFLA_MACVLAN_MODE`, `IFLA_MACVLAN_FLAGS`).
    Macvlan {
        /// `MACVLAN_MODE_*`.
        mode: u32,
        /// `MACVLAN_FLAG_*`.
        flags: u16,
    },
    /// A bridge device (`IFLA_BR_VLAN_FILTERING`, `IFLA_BR_AGEING_TIME`).
    Bridge {
        /// VLAN filtering is on.
        vlan_filtering: bool,
        /// How long a learned entry lives, in hundredths of a second (`ip -d link` shows
        /// seconds); 0 makes every entry expire at once, so the bridge floods every unicast
        /// frame like a hub. `None` when the kernel did not say.
        ageing_time: Option<u32>,
    },
    /// A bond device (`IFLA_BOND_MODE`).
    Bond {
        /// `BOND_MODE_*` (0 balance-rr ... 6 balance-alb).
        mode: u8,
    },
    /// An HSR or PRP device (`IFLA_HSR_SLAVE1`, `IFLA_HSR_SLAVE2`).
    Hsr {
        /// Interface indexes of the two slave ports, when present.
        slaves: [Option<u32>; 2],
    },
}

/// Port-specific data of a link enslaved to a master (`IFLA_INFO_SLAVE_DATA`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaveData {
    /// Bridge port `IFLA_BRPORT_LEARNING`.
    pub learning: Option<bool>,
    /// Bridge port `IFLA_BRPORT_UNICAST_FLOOD`.
    pub unicast_flood: Option<bool>,
    /// Bridge port `IFLA_BRPORT_ISOLATED`: the port reaches only ports that are not isolated.
    pub isolated: Option<bool>,
    /// Bridge port `IFLA_BRPORT_LOCKED`: frames from a source MAC the bridge's table does not
    /// hold for this port (as a static entry or one user space added) are dropped.
    pub locked: Option<bool>,
    /// Bridge port `IFLA_BRPORT_STATE` (`BR_STATE_*`: 0 disabled, 1 listening, 2 learning,
    /// 3 forwarding, 4 blocking).
    pub state: Option<u8>,
    /// Bond slave `IFLA_BOND_SLAVE_STATE` (0 active, 1 backup).
    pub bond_state: Option<u8>,
}

/// One link as an `RTM_NEWLINK` message describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkFacts {
    /// `ifi_index`.
    pub ifindex: u32,
    /// `IFLA_IFNAME`.
    pub name: String,
    /// `ifi_flags`: `IFF_PROMISC` here is the user bit only (the kernel masks it: docs/ARCHITECTURE.md §1).
    pub flags: u32,
    /// `ifi_type` (`ARPHRD_*`).
    pub arphrd: u16,
    /// `IFLA_ADDRESS`.
    pub address: Vec<u8>,
    /// `IFLA_PROMISCUITY`, the counter.
    pub promiscuity: u32,
    /// `IFLA_ALLMULTI`, when the kernel reports it.
    pub allmulti: Option<u32>,
    /// `IFLA_MASTER`: the master device in the same namespace.
    pub master: Option<u32>,
    /// `IFLA_LINK`: the lower device, in `link_netnsid`'s namespace when that is set.
    pub link: Option<u32>,
    /// `IFLA_LINK_NETNSID`: the namespace of the lower device, as this namespace numbers it.
    pub link_netnsid: Option<i32>,
    /// `IFLA_INFO_KIND`.
    pub kind: Option<String>,
    /// `IFLA_INFO_SLAVE_KIND`.
    pub slave_kind: Option<String>,
    /// `IFLA_INFO_DATA`, reduced.
    pub kind_data: KindData,
    /// `IFLA_INFO_SLAVE_DATA`, reduced.
    pub slave_data: SlaveData,
}

impl LinkFacts {
    /// The device is administratively up (`IFF_UP`).
    pub fn is_up(&self) -> bool {
        self.flags & IFF_UP != 0
    }
    /// The user bit (`gflags & IFF_PROMISC`), what `ip link` shows.
    pub fn user_flag(&self) -> bool {
        self.flags & IFF_PROMISC != 0
    }
    /// The real promiscuous state: the counter is above zero.
    pub fn is_promisc(&self) -> bool {
        self.promiscuity > 0
    }
    /// The link kind as shown to users: `IFLA_INFO_KIND`, or a name derived from the hardware type.
    pub fn kind_name(&self) -> String {
        match (&self.kind, self.arphrd) {
            (Some(k), _) => k.clone(),
            (None, ARPHRD_LOOPBACK) => "loopback".into(),
            (None, ARPHRD_ETHER) => "ethernet".into(),
            (None, t) => format!("arphrd-{t}"),
        }
    }
}

/// "00" to "ff", two characters each, built at compile time so that [`write_mac`] needs no
/// UTF-8 validation at run time (the tcpdump printer calls it per packet).
const HEX2: &str = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    const B: [u8; 512] = {
        let mut b = [0u8; 512];
        let mut i = 0;
        while i < 256 {
            b[2 * i] = DIGITS[i >> 4];
            b[2 * i + 1] = DIGITS[i & 0xf];
            i += 1;
        }
        b
    };
    match core::str::from_utf8(&B) {
        Ok(s) => s,
        Err(_) => panic!("ASCII"),
    }
};

/// Writes a hardware address as lowercase hex pairs separated by colons
/// (`52:54:00:12:34:56`), whatever its length. The one MAC formatter of the workspace: the
/// tcpdump printer (`promisc-wire`), the switch's `Mac` (`promisc-vswitch`) and
/// [`format_mac`] all write addresses through it.
#[inline]
pub fn write_mac(out: &mut impl core::fmt::Write, addr: &[u8]) -> core::fmt::Result {
    for (k, &b) in addr.iter().enumerate() {
        if k > 0 {
            out.write_str(":")?;
        }
        let i = usize::from(b) * 2;
        out.write_str(&HEX2[i..i + 2])?;
    }
    Ok(())
}

/// Formats a hardware address as lowercase hex with colons ([`write_mac`] into a string).
pub fn format_mac(addr: &[u8]) -> String {
    let mut s = String::with_capacity(addr.len() * 3);
    // Writing into a String cannot fail.
    let _ = write_mac(&mut s, addr);
    s
}

/// `RTM_NEWLINK`: a link, in a dump's answer or in a request that changes one.
pub const RTM_NEWLINK: u16 = 16;
/// `RTM_DELLINK`: a link was deleted (or left the namespace), in a notification.
pub const RTM_DELLINK: u16 = 17;
/// `RTM_GETLINK`.
pub const RTM_GETLINK: u16 = 18;
/// `IFLA_EXT_MASK`: which extra data a link dump should carry.
pub const IFLA_EXT_MASK: u16 = 29;
/// `RTEXT_FILTER_SKIP_STATS`: leave the statistics out of a link dump.
pub const RTEXT_FILTER_SKIP_STATS: u32 = 1 << 3;

/// A `struct ifinfomsg` of any family for `ifindex` (0 in a dump), with `ifi_flags` `flags`
/// and `ifi_change` `change`.
pub fn ifinfomsg(ifindex: u32, flags: u32, change: u32) -> [u8; IFINFOMSG_LEN] {
    let mut m = [0u8; IFINFOMSG_LEN];
    m[4..8].copy_from_slice(&ifindex.to_ne_bytes());
    m[8..12].copy_from_slice(&flags.to_ne_bytes());
    m[12..16].copy_from_slice(&change.to_ne_bytes());
    m
}

/// `RTM_GETLINK` for the one link `ifindex` (not a dump), without statistics; with
/// `target_nsid`, about the device of that index in the peer namespace the requester's
/// namespace numbers `target_nsid` (`IFLA_TARGET_NETNSID`).
pub fn get_link(ifindex: u32, target_nsid: Option<i32>) -> Request {
    let req = Request::new(RTM_GETLINK, NLM_F_REQUEST, &ifinfomsg(ifindex, 0, 0))
        .attr(IFLA_EXT_MASK, &RTEXT_FILTER_SKIP_STATS.to_ne_bytes());
    match target_nsid {
        Some(id) => req.attr(IFLA_TARGET_NETNSID, &id.to_ne_bytes()),
        None => req,
    }
}

/// A link notification (`RTNLGRP_LINK`): `Some((deleted, link))` for `RTM_NEWLINK` (deleted
/// false) and `RTM_DELLINK` (deleted true), `None` for any other message type.
///
/// A bridge's port notifications (`RTM_NEWLINK` of family `AF_BRIDGE`, sent on port state
/// changes) describe the port's bridge attributes, not the device: they carry no
/// promiscuity, and are `None` too.
pub fn parse_link_change(m: &Message<'_>) -> Result<Option<(bool, LinkFacts)>, ParseError> {
    if m.payload.first() == Some(&crate::fdb::AF_BRIDGE) {
        return Ok(None);
    }
    match m.kind {
        RTM_NEWLINK => Ok(Some((false, parse_link(m.payload)?))),
        RTM_DELLINK => Ok(Some((true, parse_link(m.payload)?))),
        _ => Ok(None),
    }
}

// <linux/if_link.h>
/// `IFLA_ADDRESS`.
pub const IFLA_ADDRESS: u16 = 1;
/// `IFLA_IFNAME`.
pub const IFLA_IFNAME: u16 = 3;
/// `IFLA_LINK`.
pub const IFLA_LINK: u16 = 5;
/// `IFLA_MASTER`.
pub const IFLA_MASTER: u16 = 10;
/// `IFLA_LINKINFO`.
pub const IFLA_LINKINFO: u16 = 18;
/// `IFLA_PROMISCUITY`.
pub const IFLA_PROMISCUITY: u16 = 30;
/// `IFLA_LINK_NETNSID`.
pub const IFLA_LINK_NETNSID: u16 = 37;
/// `IFLA_TARGET_NETNSID` (`IFLA_IF_NETNSID`): in a request, the namespace (by the id the
/// requester's namespace gives it) whose device the request is about.
pub const IFLA_TARGET_NETNSID: u16 = 46;
/// `IFLA_ALLMULTI`.
pub const IFLA_ALLMULTI: u16 = 61;
/// `IFLA_INFO_KIND`.
pub const IFLA_INFO_KIND: u16 = 1;
/// `IFLA_INFO_DATA`.
pub const IFLA_INFO_DATA: u16 = 2;
/// `IFLA_INFO_SLAVE_KIND`.
pub const IFLA_INFO_SLAVE_KIND: u16 = 4;
/// `IFLA_INFO_SLAVE_DATA`.
pub const IFLA_INFO_SLAVE_DATA: u16 = 5;
/// `IFLA_MACVLAN_MODE`.
pub const IFLA_MACVLAN_MODE: u16 = 1;
/// `IFLA_MACVLAN_FLAGS`.
pub const IFLA_MACVLAN_FLAGS: u16 = 2;
/// `IFLA_BR_VLAN_FILTERING`.
pub const IFLA_BR_VLAN_FILTERING: u16 = 7;
/// `IFLA_BRPORT_LEARNING`.
pub const IFLA_BRPORT_LEARNING: u16 = 8;
/// `IFLA_BRPORT_UNICAST_FLOOD`.
pub const IFLA_BRPORT_UNICAST_FLOOD: u16 = 9;
/// `IFLA_BRPORT_STATE`.
pub const IFLA_BRPORT_STATE: u16 = 1;
/// `IFLA_BRPORT_ISOLATED`.
pub const IFLA_BRPORT_ISOLATED: u16 = 33;
/// `IFLA_BRPORT_LOCKED`.
pub const IFLA_BRPORT_LOCKED: u16 = 39;
/// `IFLA_BR_AGEING_TIME`.
pub const IFLA_BR_AGEING_TIME: u16 = 4;
/// `IFLA_BOND_MODE`.
pub const IFLA_BOND_MODE: u16 = 1;
/// `IFLA_BOND_SLAVE_STATE`.
pub const IFLA_BOND_SLAVE_STATE: u16 = 1;
/// `IFLA_HSR_SLAVE1`.
pub const IFLA_HSR_SLAVE1: u16 = 1;
/// `IFLA_HSR_SLAVE2`.
pub const IFLA_HSR_SLAVE2: u16 = 2;

/// The size of `struct ifinfomsg`.
pub const IFINFOMSG_LEN: usize = 16;

/// An interface name as promisc shows it: the kernel's bytes (up to the first NUL) when they
/// are UTF-8, with every byte of a sequence that is not UTF-8 written `\xHH` (two lower-case
/// hex digits) and every backslash doubled, so that two different names never read the same
/// and [`unescape_name`] gives the bytes back (`inv\xff\xfe` is the 5 bytes `inv`, 0xff,
/// 0xfe; `a\\b` is `a\b`).
pub fn escape_name(p: &[u8]) -> String {
    let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
    let mut out = String::with_capacity(end);
    for chunk in p[..end].utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// The kernel's bytes of a name [`escape_name`] wrote; `None` when `s` is not such a name (a
/// lone backslash, or `\x` without two hex digits).
pub fn unescape_name(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match rest {
            [b'\\', tail @ ..] => {
                out.push(b'\\');
                rest = tail;
            }
            [b'x', h, l, tail @ ..] => {
                let hex = |c: u8| (c as char).to_digit(16);
                out.push((hex(*h)? * 16 + hex(*l)?) as u8);
                rest = tail;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Whether `given` (a name a user typed, or read from a text file such as /proc/net/route)
/// names the interface shown as `shown` ([`escape_name`]'s form): either spelled as shown
/// (`inv\xff`, the only way to type a name that is not UTF-8) or as the kernel has it (`a\b`
/// for the interface shown `a\\b`).
pub fn name_is(shown: &str, given: &str) -> bool {
    shown == given || escape_name(given.as_bytes()) == shown
}

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
            IFLA_IFNAME => l.name = escape_name(p),
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
            let (mut vlan_filtering, mut ageing_time) = (false, None);
            for a in attributes(data) {
                match a? {
                    (IFLA_BR_VLAN_FILTERING, p) => {
                        vlan_filtering = p.first().copied().unwrap_or(0) != 0;
                    }
                    (IFLA_BR_AGEING_TIME, p) => ageing_time = attr_u32(p),
                    _ => {}
                }
            }
            out = KindData::Bridge {
                vlan_filtering,
                ageing_time,
            };
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
            (Some("bridge"), IFLA_BRPORT_ISOLATED) => out.isolated = byte,
            (Some("bridge"), IFLA_BRPORT_LOCKED) => out.locked = byte,
            (Some("bridge"), IFLA_BRPORT_STATE) => out.state = p.first().copied(),
            (Some("bond"), IFLA_BOND_SLAVE_STATE) => out.bond_state = p.first().copied(),
            _ => {}
        }
    }
    Ok(out)
}

/// `IFLA_STATS64`: `struct rtnl_link_stats64`.
pub const IFLA_STATS64: u16 = 23;
/// Index of `rx_otherhost_dropped` among the `u64` fields of `struct rtnl_link_stats64`
/// (Linux 5.19 and later; older kernels send a shorter struct).
const STATS64_RX_OTHERHOST_DROPPED: usize = 24;

/// `RTM_GETLINK` for one link with its statistics (no `RTEXT_FILTER_SKIP_STATS`).
pub fn get_link_stats(ifindex: u32) -> Request {
    Request::new(RTM_GETLINK, NLM_F_REQUEST, &ifinfomsg(ifindex, 0, 0))
}

/// `rx_otherhost_dropped` of an `RTM_NEWLINK` payload that carries `IFLA_STATS64`: frames
/// for another MAC that reached the device and that nothing wanted. `None` when the kernel
/// does not report it.
pub fn parse_otherhost_dropped(payload: &[u8]) -> Result<Option<u64>, ParseError> {
    need("ifinfomsg", payload, IFINFOMSG_LEN)?;
    for a in attributes(&payload[IFINFOMSG_LEN..]) {
        let (kind, p) = a?;
        if kind == IFLA_STATS64 {
            let at = STATS64_RX_OTHERHOST_DROPPED * 8;
            return Ok(p
                .get(at..at + 8)
                .map(|b| u64::from_ne_bytes(b.try_into().expect("8 bytes"))));
        }
    }
    Ok(None)
}

/// `RTM_NEWSTATS`: the answer to [`RTM_GETSTATS`].
pub const RTM_NEWSTATS: u16 = 92;
/// `RTM_GETSTATS`: a device's statistics, without the rest of its link message (Linux 4.7).
pub const RTM_GETSTATS: u16 = 94;
/// `IFLA_STATS_LINK_64`: `struct rtnl_link_stats64` in an `RTM_NEWSTATS` message.
pub const IFLA_STATS_LINK_64: u16 = 1;
/// The length of `struct if_stats_msg` (family, two pads, ifindex, filter mask).
pub const IF_STATS_MSG_LEN: usize = 12;

/// `RTM_GETSTATS` dump of every device's `struct rtnl_link_stats64` alone: one message of
/// about 250 bytes a device, where a link dump or one `RTM_GETLINK` a device would also
/// fill every address family's attributes.
pub fn dump_stats64() -> Request {
    let mut m = [0u8; IF_STATS_MSG_LEN];
    let mask: u32 = 1 << (IFLA_STATS_LINK_64 - 1);
    m[8..12].copy_from_slice(&mask.to_ne_bytes());
    Request::new(RTM_GETSTATS, NLM_F_REQUEST | crate::nlmsg::NLM_F_DUMP, &m)
}

/// The device index and `rx_otherhost_dropped` of an `RTM_NEWSTATS` payload (`None` when
/// it carries no `IFLA_STATS_LINK_64`, or an older kernel's shorter struct).
pub fn parse_stats_otherhost(payload: &[u8]) -> Result<(u32, Option<u64>), ParseError> {
    need("if_stats_msg", payload, IF_STATS_MSG_LEN)?;
    let ifindex = u32_at(payload, 4).unwrap_or(0);
    for a in attributes(&payload[IF_STATS_MSG_LEN..]) {
        let (kind, p) = a?;
        if kind == IFLA_STATS_LINK_64 {
            let at = STATS64_RX_OTHERHOST_DROPPED * 8;
            let v = p
                .get(at..at + 8)
                .map(|b| u64::from_ne_bytes(b.try_into().expect("8 bytes")));
            return Ok((ifindex, v));
        }
    }
    Ok((ifindex, None))
}

/// `RTM_NEWLINK` with `IFLA_ADDRESS`: sets a device's MAC address (`ip link set DEV address`).
pub fn set_address(ifindex: u32, mac: [u8; 6]) -> Request {
    Request::new(
        RTM_NEWLINK,
        NLM_F_REQUEST | crate::nlmsg::NLM_F_ACK,
        &ifinfomsg(ifindex, 0, 0),
    )
    .attr(IFLA_ADDRESS, &mac)
}

#[cfg(test)]
mod stats_tests {
    use super::*;

    #[test]
    fn otherhost_dropped_is_the_25th_counter() {
        let mut payload = ifinfomsg(3, 0, 0).to_vec();
        let mut stats = vec![0u8; 25 * 8];
        stats[24 * 8..].copy_from_slice(&77u64.to_ne_bytes());
        payload.extend_from_slice(&((4 + stats.len()) as u16).to_ne_bytes());
        payload.extend_from_slice(&IFLA_STATS64.to_ne_bytes());
        payload.extend_from_slice(&stats);
        assert_eq!(parse_otherhost_dropped(&payload).unwrap(), Some(77));
        // An older kernel's shorter struct: not reported.
        let short = [
            &ifinfomsg(3, 0, 0)[..],
            &[4 + 8, 0],
            &IFLA_STATS64.to_ne_bytes(),
            &[0u8; 8],
        ]
        .concat();
        assert_eq!(parse_otherhost_dropped(&short).unwrap(), None);
        assert_eq!(parse_otherhost_dropped(&ifinfomsg(3, 0, 0)).unwrap(), None);
    }

    fn if_stats_msg(ifindex: u32) -> Vec<u8> {
        let mut m = vec![0u8; IF_STATS_MSG_LEN];
        m[4..8].copy_from_slice(&ifindex.to_ne_bytes());
        m
    }

    #[test]
    fn the_stats_dump_asks_for_the_64_bit_link_stats_alone() {
        let mut req = dump_stats64();
        let b = req.finish(1);
        assert_eq!(u16::from_ne_bytes([b[4], b[5]]), RTM_GETSTATS);
        let flags = u16::from_ne_bytes([b[6], b[7]]);
        assert_eq!(flags, NLM_F_REQUEST | crate::nlmsg::NLM_F_DUMP);
        assert_eq!(b.len(), 16 + IF_STATS_MSG_LEN);
        assert_eq!(u32::from_ne_bytes(b[24..28].try_into().unwrap()), 1);
    }

    #[test]
    fn otherhost_dropped_from_a_stats_message_after_a_pad_attribute() {
        let mut payload = if_stats_msg(1234);
        // The kernel may put an IFLA_STATS_UNSPEC pad first, to align the 64-bit struct.
        payload.extend_from_slice(&[4, 0, 0, 0]);
        let mut stats = vec![0u8; 25 * 8];
        stats[24 * 8..].copy_from_slice(&991u64.to_ne_bytes());
        stats[..8].copy_from_slice(&5u64.to_ne_bytes());
        payload.extend_from_slice(&((4 + stats.len()) as u16).to_ne_bytes());
        payload.extend_from_slice(&IFLA_STATS_LINK_64.to_ne_bytes());
        payload.extend_from_slice(&stats);
        assert_eq!(parse_stats_otherhost(&payload).unwrap(), (1234, Some(991)));
        // An older kernel's shorter struct, and no statistics at all: not reported.
        let mut short = if_stats_msg(7);
        short.extend_from_slice(&[12, 0]);
        short.extend_from_slice(&IFLA_STATS_LINK_64.to_ne_bytes());
        short.extend_from_slice(&[0u8; 8]);
        assert_eq!(parse_stats_otherhost(&short).unwrap(), (7, None));
        assert_eq!(parse_stats_otherhost(&if_stats_msg(8)).unwrap(), (8, None));
        // A message shorter than its header is an error, not a panic.
        assert!(parse_stats_otherhost(&[0u8; 5]).is_err());
    }
}

#[cfg(test)]
mod mac_tests {
    use super::*;

    #[test]
    fn macs_and_other_lengths() {
        assert_eq!(
            format_mac(&[0x52, 0x54, 0, 0x12, 0x34, 0x56]),
            "52:54:00:12:34:56"
        );
        assert_eq!(format_mac(&[0xff; 6]), "ff:ff:ff:ff:ff:ff");
        assert_eq!(format_mac(&[0x0a]), "0a");
        assert_eq!(format_mac(&[]), "");
        let mut s = String::from("at ");
        write_mac(&mut s, &[1, 2, 3, 4, 5, 6, 7, 8]).unwrap();
        assert_eq!(s, "at 01:02:03:04:05:06:07:08");
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn names_that_are_not_utf8_stay_apart_and_come_back() {
        let a = escape_name(b"inv\xff\xfe\0");
        let b = escape_name(b"inv\xfe\xff");
        assert_eq!(a, "inv\\xff\\xfe");
        assert_eq!(b, "inv\\xfe\\xff");
        assert_ne!(a, b);
        assert_eq!(unescape_name(&a).unwrap(), b"inv\xff\xfe");
        // A backslash is doubled, so a name spelling an escape does not meet the bytes it names.
        let spelled = escape_name(b"inv\\xff\\xfe");
        assert_eq!(spelled, "inv\\\\xff\\\\xfe");
        assert_ne!(spelled, a);
        assert_eq!(unescape_name(&spelled).unwrap(), b"inv\\xff\\xfe");
        // UTF-8 names are unchanged; a sequence cut short is escaped byte by byte.
        assert_eq!(escape_name("brü0".as_bytes()), "brü0");
        assert_eq!(escape_name(b"x\xc3"), "x\\xc3");
        for bad in ["a\\", "a\\x4", "a\\q", "a\\xzz"] {
            assert_eq!(unescape_name(bad), None, "{bad}");
        }
        assert!(name_is("a\\\\b", "a\\b"));
        assert!(name_is("a\\\\b", "a\\\\b"));
        assert!(name_is("inv\\xff", "inv\\xff"));
        assert!(!name_is("inv\\xff", "inv"));
        for bytes in [&b"\\\\x41\xff"[..], b"eth0", b"\x80\\", b"a\\xff"] {
            assert_eq!(unescape_name(&escape_name(bytes)).unwrap(), bytes);
        }
    }
}
