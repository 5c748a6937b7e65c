//! `Route::link_in` and `LinkMonitor` across namespaces: a veth whose far end lives in a
//! second namespace, seen and watched from the first. Root only.

mod common;

use std::collections::VecDeque;
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use common::{root, Netns};
use promisc_facts::link::{format_mac, LinkFacts};
use promisc_sys::ns::run_in;
use promisc_sys::ring::poll_readable;
use promisc_sys::rtnl::{LinkEvent, LinkMonitor, Route};

/// A monitor and the events it read that no wait consumed yet.
struct Watch {
    mon: LinkMonitor,
    queued: VecDeque<LinkEvent>,
}

impl Watch {
    /// Events (queued, then read from the monitor) until one satisfies `want`, which is
    /// returned; the ones before it are dropped. Panics after 20 s (a bound for a loaded machine: the
    /// event normally comes at once).
    fn wait_for(&mut self, what: &str, want: impl Fn(&LinkEvent) -> bool) -> LinkEvent {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut seen = Vec::new();
        loop {
            while let Some(e) = self.queued.pop_front() {
                if want(&e) {
                    return e;
                }
                seen.push((e.nsid, e.deleted, e.link.name));
            }
            assert!(
                Instant::now() < deadline,
                "no event {what} within 20 s; saw {seen:?}"
            );
            poll_readable(&[self.mon.fd()], 50).unwrap();
            let got = self.mon.recv().unwrap();
            assert!(!got.overrun, "no overrun expected");
            self.queued.extend(got.events);
        }
    }
}

#[test]
fn link_in_and_monitor_see_the_far_end_of_a_veth() {
    if !root("link_in_and_monitor_see_the_far_end_of_a_veth") {
        return;
    }
    let first = Netns::new("rt1");
    let second = Netns::new("rt2");
    first.ip(&format!(
        "link add rtnear type veth peer name rtfar netns {}",
        second.name
    ));
    first.ip("link set rtnear up");
    let far_mac = second.sysfs("rtfar", "address");
    let far_index: u32 = second.sysfs("rtfar", "ifindex").parse().unwrap();

    run_in(&first.path(), || {
        let mut mon = Watch {
            mon: LinkMonitor::open()?,
            queued: VecDeque::new(),
        };
        let mut route = Route::open()?;
        let near: LinkFacts = route
            .links()?
            .into_iter()
            .find(|l| l.name == "rtnear")
            .expect("rtnear in the dump");
        let nsid = near
            .link_netnsid
            .expect("the far end is in another namespace");
        assert_eq!(near.link, Some(far_index));

        // Not a dump: the one link, here and in the peer namespace.
        let here = route.link_in(None, near.ifindex)?.expect("rtnear");
        assert_eq!((here.name.as_str(), here.ifindex), ("rtnear", near.ifindex));
        let far = route.link_in(Some(nsid), far_index)?.expect("rtfar");
        assert_eq!(far.name, "rtfar");
        assert_eq!(format_mac(&far.address), far_mac);
        assert_eq!(far.promiscuity, 0);
        assert_eq!(far.link, Some(near.ifindex));
        eprintln!(
            "far end: nsid {nsid}, link_netnsid {:?} (this namespace as the answer numbers it)",
            far.link_netnsid
        );
        // Answering, the kernel gave this namespace an id of its own (the far end's
        // link_netnsid): from now on it tags this namespace's own notifications with it.
        let own = promisc_sys::ns::open("/proc/thread-self/ns/net")?;
        let self_id = route.nsid_of(own.as_fd())?;
        assert!(
            self_id.is_some() && self_id == far.link_netnsid,
            "{self_id:?}"
        );
        // No such device, here or there.
        assert_eq!(route.link_in(None, 999_999)?, None);
        assert_eq!(route.link_in(Some(nsid), 999_999)?, None);

        // A change in the peer namespace: the monitor here sees it with that namespace's id.
        common::run(&[
            "ip",
            "-n",
            &second.name,
            "link",
            "set",
            "rtfar",
            "promisc",
            "on",
        ]);
        let far = route.link_in(Some(nsid), far_index)?.expect("rtfar");
        assert_eq!(far.promiscuity, 1);
        assert!(far.user_flag());
        let e = mon.wait_for("for rtfar promisc in the peer", |e| {
            e.nsid == Some(nsid) && e.link.name == "rtfar" && e.link.promiscuity == 1
        });
        assert!(!e.deleted);
        assert_eq!(e.link.ifindex, far_index);

        // A change here: no nsid, even though link_in may have given this namespace an id of
        // its own (the far end's link_netnsid).
        common::run(&["ip", "link", "set", "rtnear", "promisc", "on"]);
        let e = mon.wait_for("for rtnear promisc here", |e| {
            e.link.name == "rtnear" && e.link.promiscuity == 1
        });
        assert_eq!(e.nsid, None, "{e:?}");

        // Deleting the pair: RTM_DELLINK for both ends, each with its namespace.
        common::run(&["ip", "link", "del", "rtnear"]);
        let e = mon.wait_for("deleting rtnear", |e| e.deleted && e.link.name == "rtnear");
        assert_eq!(e.nsid, None);
        let e = mon.wait_for("deleting rtfar", |e| e.deleted && e.link.name == "rtfar");
        assert_eq!(e.nsid, Some(nsid));
        // Nothing queued: recv returns at once, empty.
        let rest = mon.mon.recv()?;
        assert!(!rest.overrun);
        Ok(())
    })
    .unwrap();
}
