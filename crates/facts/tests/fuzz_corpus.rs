//! The netlink seeds in `fuzz/corpus/netlink` are what the fuzz target should start from:
//! whole datagrams that frame cleanly and parse into real links, packet sockets, fdb entries
//! and nsids. A seed that stops parsing (a damaged file, a parser change) fails here, on stable.

use std::path::PathBuf;

use promisc_facts::link::{self, KindData};
use promisc_facts::nlmsg::{self, Message};
use promisc_facts::{fdb, nsid, packet_diag};

const RTM_NEWLINK: u16 = 16;
const RTM_NEWNEIGH: u16 = 28;
const RTM_NEWNSID: u16 = 88;
const SOCK_DIAG_BY_FAMILY: u16 = 20;

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/netlink");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn messages<'a>(name: &str, data: &'a [u8]) -> Vec<Message<'a>> {
    let m: Vec<_> = nlmsg::messages(data)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(!m.is_empty(), "{name}: no message");
    m
}

#[test]
fn netlink_seeds_parse() {
    let seeds = seeds();
    let (mut links, mut sockets, mut own, mut nsids) = (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut errors = 0;
    for (name, data) in &seeds {
        assert!(data.len() < 4096, "{name}: {} bytes", data.len());
        let mut useful = 0;
        for m in messages(name, data) {
            let p = m.payload;
            let what = match m.kind {
                RTM_NEWLINK => link::parse_link(p).map(|l| links.push(l)),
                SOCK_DIAG_BY_FAMILY => packet_diag::parse_packet_diag(p).map(|s| sockets.push(s)),
                RTM_NEWNEIGH => fdb::parse_fdb(p).map(|a| own.extend(a)),
                RTM_NEWNSID => nsid::parse_nsid(p).map(|n| {
                    assert_eq!(n, Some(7), "{name}: the peer namespace's nsid");
                    nsids += 1;
                }),
                nlmsg::NLMSG_ERROR => nlmsg::error_code(p).map(|e| {
                    assert!(e < 0, "{name}: error {e}");
                    errors += 1;
                }),
                nlmsg::NLMSG_DONE => continue,
                k => panic!("{name}: unexpected message type {k}"),
            };
            what.unwrap_or_else(|e| panic!("{name}: {e}"));
            useful += 1;
        }
        assert!(useful > 0, "{name}: only NLMSG_DONE");
    }
    let names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
    for want in ["lo", "veth0", "mv0", "br0", "bond0", "hsr0"] {
        assert!(names.contains(&want), "no link {want} in {names:?}");
    }
    let veth0 = links.iter().find(|l| l.name == "veth0").unwrap();
    assert_eq!(veth0.address, [2, 0, 0, 0, 0, 1]);
    assert_eq!(
        veth0.link_netnsid,
        Some(7),
        "veth0's peer is in the nsid 7 namespace"
    );
    assert!(links
        .iter()
        .any(|l| matches!(l.kind_data, KindData::Macvlan { .. })));
    assert!(links.iter().any(|l| matches!(
        l.kind_data,
        KindData::Bridge {
            vlan_filtering: true,
            ..
        }
    )));
    assert!(links.iter().any(|l| l.slave_data.learning == Some(true)));
    assert!(links.iter().any(|l| l.slave_data.bond_state == Some(0)));
    // Every address in the recorded dumps is a locally administered or an all-zero/broadcast one,
    // so no MAC of the machine that recorded them is in the repository.
    for l in &links {
        assert!(
            l.address.is_empty() || l.address[0] & 2 != 0 || l.address.iter().all(|&b| b == 0),
            "{}: address {:02x?}",
            l.name,
            l.address
        );
    }
    assert!(sockets.len() >= 2, "{sockets:?}");
    assert!(sockets
        .iter()
        .all(|s| s.bound_ifindex != 0 && s.uid.is_some()));
    assert!(sockets.iter().any(|s| !s.memberships.is_empty()));
    assert!(
        own.iter().any(|a| a.address == [2, 0, 0, 0, 0, 0x99]),
        "the `self permanent` fdb entry: {own:?}"
    );
    assert!(nsids >= 1 && errors >= 1);
}
