//! The parsers on hand-built messages, the request builder, and noise.

use crate::fdb::{
    parse_bridge_fdb, parse_fdb, NDA_LLADDR, NDA_MASTER, NDA_VLAN, NTF_MASTER, NTF_SELF, NUD_NOARP,
    NUD_PERMANENT,
};
use crate::link::{
    parse_link, KindData, IFLA_ALLMULTI, IFLA_BRPORT_ISOLATED, IFLA_BRPORT_LEARNING,
    IFLA_BRPORT_LOCKED, IFLA_BRPORT_STATE, IFLA_BRPORT_UNICAST_FLOOD, IFLA_BR_AGEING_TIME,
    IFLA_BR_VLAN_FILTERING, IFLA_IFNAME, IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_INFO_SLAVE_DATA,
    IFLA_INFO_SLAVE_KIND, IFLA_LINK, IFLA_LINKINFO, IFLA_LINK_NETNSID, IFLA_MACVLAN_FLAGS,
    IFLA_MACVLAN_MODE, IFLA_MASTER, IFLA_PROMISCUITY,
};
use crate::nlmsg::{align4, messages, NLMSG_DONE, NLMSG_HDRLEN};
use crate::nsid::parse_nsid;
use crate::packet_diag::{parse_packet_diag, PACKET_DIAG_MCLIST, PACKET_DIAG_UID};

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
    assert_eq!(l.slave_data.locked, None);
    assert_eq!(l.slave_data.isolated, None);
}

#[test]
fn bridge_port_locked_isolated_state_and_bridge_ageing() {
    let mut p = ifinfo(4, 1);
    let mut info = attr(IFLA_INFO_SLAVE_KIND, b"bridge\0");
    let mut sd = attr(IFLA_BRPORT_LOCKED, &[1]);
    sd.extend(attr(IFLA_BRPORT_ISOLATED, &[0]));
    sd.extend(attr(IFLA_BRPORT_STATE, &[3]));
    info.extend(attr(IFLA_INFO_SLAVE_DATA, &sd));
    p.extend(attr(IFLA_LINKINFO, &info));
    let l = parse_link(&p).unwrap();
    assert_eq!(l.slave_data.locked, Some(true));
    assert_eq!(l.slave_data.isolated, Some(false));
    assert_eq!(l.slave_data.state, Some(3));
    // The same attribute numbers under another slave kind mean something else.
    let mut p = ifinfo(4, 1);
    let mut info = attr(IFLA_INFO_SLAVE_KIND, b"bond\0");
    info.extend(attr(IFLA_INFO_SLAVE_DATA, &sd));
    p.extend(attr(IFLA_LINKINFO, &info));
    assert_eq!(parse_link(&p).unwrap().slave_data.locked, None);

    let mut p = ifinfo(9, 1);
    let mut data = attr(IFLA_BR_AGEING_TIME, &0u32.to_ne_bytes());
    data.extend(attr(IFLA_BR_VLAN_FILTERING, &[1]));
    let mut info = attr(IFLA_INFO_KIND, b"bridge\0");
    info.extend(attr(IFLA_INFO_DATA, &data));
    p.extend(attr(IFLA_LINKINFO, &info));
    assert_eq!(
        parse_link(&p).unwrap().kind_data,
        KindData::Bridge {
            vlan_filtering: true,
            ageing_time: Some(0)
        }
    );
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
fn fdb_bridge_entries_static_local_and_learned() {
    let entry = |state: u16, flags: u8, master: bool| {
        let mut p = vec![7u8, 0, 0, 0];
        p.extend_from_slice(&6u32.to_ne_bytes());
        p.extend_from_slice(&state.to_ne_bytes());
        p.push(flags);
        p.push(0);
        p.extend(attr(NDA_LLADDR, &[2, 0, 0, 0, 0, 9]));
        p.extend(attr(NDA_VLAN, &10u16.to_ne_bytes()));
        if master {
            p.extend(attr(NDA_MASTER, &3u32.to_ne_bytes()));
        }
        p
    };
    let e = parse_bridge_fdb(&entry(NUD_NOARP, 0, true))
        .unwrap()
        .unwrap();
    assert_eq!((e.port, e.bridge, e.vlan), (6, 3, Some(10)));
    assert_eq!(e.address, vec![2, 0, 0, 0, 0, 9]);
    assert!(e.is_static() && !e.is_local());
    let e = parse_bridge_fdb(&entry(NUD_PERMANENT, 0, true))
        .unwrap()
        .unwrap();
    assert!(e.is_local() && !e.is_static());
    let e = parse_bridge_fdb(&entry(0x02, 0, true)).unwrap().unwrap();
    assert!(!e.is_local() && !e.is_static(), "reachable: learned");
    // A device's own list, and an entry naming no bridge, are not a bridge's table.
    assert_eq!(
        parse_bridge_fdb(&entry(NUD_PERMANENT, NTF_SELF, true)).unwrap(),
        None
    );
    assert_eq!(parse_bridge_fdb(&entry(NUD_NOARP, 0, false)).unwrap(), None);
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
        let _ = parse_bridge_fdb(&b);
        let _ = parse_nsid(&b);
        for m in messages(&b) {
            let _ = m;
        }
    }
}

#[test]
fn request_frames_as_the_parsers_read_it() {
    use crate::link::{ifinfomsg, IFINFOMSG_LEN, IFLA_EXT_MASK, RTM_GETLINK};
    use crate::nlmsg::{attributes, NLM_F_DUMP, NLM_F_REQUEST};
    use crate::request::Request;
    let mut req = Request::new(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, &ifinfomsg(3, 1, 2))
        .attr(IFLA_EXT_MASK, &8u32.to_ne_bytes());
    let bytes = req.finish(42).to_vec();
    assert_eq!(bytes.len(), NLMSG_HDRLEN + IFINFOMSG_LEN + 8);
    let msgs: Vec<_> = messages(&bytes).collect::<Result<_, _>>().unwrap();
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].kind, RTM_GETLINK);
    assert_eq!(msgs[0].flags, NLM_F_REQUEST | NLM_F_DUMP);
    assert_eq!(msgs[0].seq, 42);
    let l = parse_link(msgs[0].payload).unwrap();
    assert_eq!((l.ifindex, l.flags), (3, 1));
    let attrs: Vec<_> = attributes(&msgs[0].payload[IFINFOMSG_LEN..])
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(attrs, vec![(IFLA_EXT_MASK, &8u32.to_ne_bytes()[..])]);
}

#[test]
fn get_link_request_targets_a_peer_namespace() {
    use crate::link::{
        get_link, IFINFOMSG_LEN, IFLA_EXT_MASK, IFLA_TARGET_NETNSID, RTEXT_FILTER_SKIP_STATS,
        RTM_GETLINK,
    };
    use crate::nlmsg::{attributes, NLM_F_REQUEST};
    for (nsid, want) in [(None, 1), (Some(7), 2)] {
        let mut req = get_link(12, nsid);
        let bytes = req.finish(5).to_vec();
        let msgs: Vec<_> = messages(&bytes).collect::<Result<_, _>>().unwrap();
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].kind, RTM_GETLINK);
        // A single link, not a dump.
        assert_eq!(msgs[0].flags, NLM_F_REQUEST);
        assert_eq!(parse_link(msgs[0].payload).unwrap().ifindex, 12);
        let attrs: Vec<_> = attributes(&msgs[0].payload[IFINFOMSG_LEN..])
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(attrs.len(), want);
        assert_eq!(
            attrs[0],
            (IFLA_EXT_MASK, &RTEXT_FILTER_SKIP_STATS.to_ne_bytes()[..])
        );
        if let Some(id) = nsid {
            assert_eq!(attrs[1], (IFLA_TARGET_NETNSID, &id.to_ne_bytes()[..]));
        }
    }
}

#[test]
fn link_changes_new_and_deleted() {
    use crate::link::{parse_link_change, RTM_DELLINK, RTM_NEWLINK};
    use crate::nlmsg::Message;
    let mut p = ifinfo(9, 0x1003);
    p.extend(attr(IFLA_IFNAME, b"veth1\0"));
    p.extend(attr(IFLA_PROMISCUITY, &1u32.to_ne_bytes()));
    let msg = |kind| Message {
        kind,
        flags: 0,
        seq: 0,
        payload: &p,
    };
    let (deleted, l) = parse_link_change(&msg(RTM_NEWLINK)).unwrap().unwrap();
    assert!(!deleted);
    assert_eq!((l.ifindex, l.name.as_str(), l.promiscuity), (9, "veth1", 1));
    let (deleted, l) = parse_link_change(&msg(RTM_DELLINK)).unwrap().unwrap();
    assert!(deleted);
    assert_eq!(l.ifindex, 9);
    assert_eq!(parse_link_change(&msg(NLMSG_DONE)).unwrap(), None);
    // A truncated ifinfomsg is an error, not a panic.
    let short = Message {
        kind: RTM_DELLINK,
        flags: 0,
        seq: 0,
        payload: &p[..8],
    };
    assert!(parse_link_change(&short).is_err());
    // A bridge's port notification (family AF_BRIDGE) has no promiscuity: not a link change.
    let mut b = p.clone();
    b[0] = crate::fdb::AF_BRIDGE;
    let bridge = Message {
        kind: RTM_NEWLINK,
        flags: 0,
        seq: 0,
        payload: &b,
    };
    assert_eq!(parse_link_change(&bridge).unwrap(), None);
}
