//! Reading one network namespace's facts: links, packet sockets, unicast lists, netns ids.

use std::os::fd::AsFd;

use promisc_facts::world::NetnsFacts;

use crate::error::Result;
use crate::procfs::NetnsEntry;
use crate::rtnl::Route;
use crate::{diag, ns};

/// What to read besides links and packet sockets.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Also dump the devices' own unicast lists (for `uc_promisc`).
    pub unicast: bool,
    /// Namespaces whose netns id to resolve, when a link points into another namespace.
    pub peers: &'a [NetnsEntry],
}

/// `RTM_GETLINK` and `SOCK_DIAG_BY_FAMILY` dumps (with `RTM_GETNEIGH` and `RTM_GETNSID` as
/// `opts` and the links call for them): the facts of the calling thread's network namespace,
/// naming it `inode`/`name`.
pub fn here(inode: u64, name: &str, opts: &Options<'_>) -> Result<NetnsFacts> {
    let mut route = Route::open()?;
    let links = route.links()?;
    let sockets = diag::packet_sockets()?;
    let unicast = if opts.unicast {
        Some(route.unicast_lists()?)
    } else {
        None
    };
    let mut nsids = std::collections::HashMap::new();
    if links.iter().any(|l| l.link_netnsid.is_some()) {
        for peer in opts.peers {
            let Ok(fd) = ns::open(&peer.path) else {
                continue;
            };
            if let Ok(Some(id)) = route.nsid_of(fd.as_fd()) {
                nsids.insert(id, peer.inode);
            }
        }
    }
    Ok(NetnsFacts {
        inode,
        name: name.to_string(),
        links,
        sockets,
        unicast,
        nsids,
    })
}

/// [`here`] on a thread that enters the namespace `entry` (`setns(2)`): the facts of that
/// namespace.
pub fn namespace(entry: &NetnsEntry, opts: &Options<'_>) -> Result<NetnsFacts> {
    ns::run_in(&entry.path, || here(entry.inode, &entry.name, opts))
}
