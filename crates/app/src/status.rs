//! Every interface's attributed status, across as many network namespaces as the answer needs.

use std::collections::{HashMap, HashSet};

use promisc_facts::uapi::PACKET_MR_PROMISC;
use promisc_facts::world::{NetnsFacts, World};
use promisc_state::{attribute, InterfaceStatus};
use promisc_sys::gather::{self, Options};
use promisc_sys::procfs::{self, NetnsEntry};
use promisc_sys::ErrorKind;

use crate::netns;

/// Why no snapshot could be taken.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller's network namespace could not be told.
    #[error("reading /proc/thread-self/ns/net: cannot tell this network namespace")]
    NoNetns,
    /// A kernel call failed in the caller's namespace.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NoNetns => ErrorKind::System,
            Error::Sys(e) => e.kind(),
        }
    }
}

/// The attributed status of every interface, and which namespace is the caller's.
#[derive(Debug)]
pub struct Snapshot {
    /// Every interface of every namespace read.
    pub statuses: Vec<InterfaceStatus>,
    /// The caller's namespace inode.
    pub current: u64,
    /// The caller's namespace name.
    pub current_name: String,
    /// What could not be read (other namespaces), one sentence each, for the user.
    pub warnings: Vec<String>,
}

impl Snapshot {
    /// The interfaces of the caller's namespace.
    pub fn here(&self) -> impl Iterator<Item = &InterfaceStatus> {
        self.statuses
            .iter()
            .filter(|s| s.netns_inode == self.current)
    }
}

/// Reads the kernel facts and attributes them.
///
/// Only the caller's namespace is read unless `all_netns`, or unless something stays
/// unexplained: then every namespace is read (a macvlan or VLAN in a container can hold a
/// device here), and the unicast lists of namespaces with a residual are read to infer
/// `uc_promisc`. Namespaces that cannot be entered are passed over with a warning.
pub fn snapshot(all_netns: bool) -> Result<Snapshot, Error> {
    let current = procfs::current_netns_inode().ok_or(Error::NoNetns)?;
    let peers = procfs::list_netns();
    let current_name = netns::name_of(&peers, current);
    let mut opts = Options {
        unicast: false,
        peers: &peers,
    };
    let mut warnings = Vec::new();
    let mut world = World::default();
    world
        .namespaces
        .push(gather::here(current, &current_name, &opts)?);
    let others: Vec<&NetnsEntry> = peers.iter().filter(|p| p.inode != current).collect();
    let mut have_others = false;
    if all_netns {
        read_others(&mut world, &others, &opts, &mut warnings);
        have_others = true;
    }

    let residual_in = |world: &World| -> HashSet<u64> {
        attribute(world)
            .iter()
            .filter(|s| s.unattributed > 0)
            .map(|s| s.netns_inode)
            .collect()
    };
    let unexplained = residual_in(&world);
    if !unexplained.is_empty() {
        if !have_others {
            read_others(&mut world, &others, &opts, &mut warnings);
        }
        // Read again, with unicast lists, every namespace that still has a residual.
        opts.unicast = true;
        for inode in residual_in(&world) {
            let fresh = if inode == current {
                gather::here(current, &current_name, &opts)
            } else {
                match peers.iter().find(|p| p.inode == inode) {
                    Some(p) => gather::namespace(p, &opts),
                    None => continue,
                }
            };
            if let (Ok(fresh), Some(slot)) = (
                fresh,
                world.namespaces.iter_mut().find(|n| n.inode == inode),
            ) {
                *slot = fresh;
            }
        }
    }

    Ok(attributed(world, current, current_name, warnings))
}

/// The facts of every namespace last read, kept between readings by [`snapshot_cached`], so
/// that a reading gathers again only the namespaces that changed (`promisc watch` knows them
/// from its link monitors).
#[derive(Debug, Default)]
pub struct FactsCache {
    facts: HashMap<u64, NetnsFacts>,
}

/// The snapshot of `world`: the processes owning its promiscuous packet sockets found
/// (a scan of `/proc/*/fd`), then every interface attributed.
fn attributed(
    mut world: World,
    current: u64,
    current_name: String,
    warnings: Vec<String>,
) -> Snapshot {
    let wanted: HashSet<u64> = world
        .namespaces
        .iter()
        .flat_map(|n| &n.sockets)
        .filter(|s| s.memberships.iter().any(|m| m.mr_type == PACKET_MR_PROMISC))
        .map(|s| s.inode)
        .collect();
    world.owners = procfs::socket_owners(&wanted);
    let mut statuses = attribute(&world);
    crate::context::name_holders(&world, &mut statuses);
    Snapshot {
        statuses,
        current,
        current_name,
        warnings,
    }
}

/// [`snapshot`] of every namespace (`all_netns`), gathering again only the namespaces in
/// `dirty` (every one when `None`) and those not read before; the others' facts are the last
/// ones read. Namespaces that are gone are forgotten; one that cannot be read is passed over
/// with a warning, as by [`snapshot`]. The unicast lists are read again in a namespace
/// gathered again that has a residual; the sockets' owners are looked up every time.
pub fn snapshot_cached(cache: &mut FactsCache, dirty: Option<&[u64]>) -> Result<Snapshot, Error> {
    let current = procfs::current_netns_inode().ok_or(Error::NoNetns)?;
    let peers = procfs::list_netns();
    let current_name = netns::name_of(&peers, current);
    let mut opts = Options {
        unicast: false,
        peers: &peers,
    };
    let mut warnings = Vec::new();
    cache
        .facts
        .retain(|inode, _| *inode == current || peers.iter().any(|p| p.inode == *inode));
    let stale = |cache: &FactsCache, inode: u64| {
        dirty.is_none_or(|d| d.contains(&inode)) || !cache.facts.contains_key(&inode)
    };
    let mut gathered: HashSet<u64> = HashSet::new();
    if stale(cache, current) {
        let facts = gather::here(current, &current_name, &opts)?;
        cache.facts.insert(current, facts);
        gathered.insert(current);
    }
    let others: Vec<&NetnsEntry> = peers
        .iter()
        .filter(|p| p.inode != current && stale(cache, p.inode))
        .collect();
    let mut read = World::default();
    read_others(&mut read, &others, &opts, &mut warnings);
    for p in &others {
        // Not read again (gone, or refused): its old facts would be a lie.
        cache.facts.remove(&p.inode);
    }
    for facts in read.namespaces {
        gathered.insert(facts.inode);
        cache.facts.insert(facts.inode, facts);
    }
    let world_of = |cache: &FactsCache| {
        let mut world = World::default();
        let mut order = vec![current];
        order.extend(peers.iter().map(|p| p.inode).filter(|i| *i != current));
        for inode in order {
            if let Some(f) = cache.facts.get(&inode) {
                world.namespaces.push(f.clone());
            }
        }
        world
    };
    let world = world_of(cache);
    let unexplained: Vec<u64> = attribute(&world)
        .iter()
        .filter(|s| s.unattributed > 0 && gathered.contains(&s.netns_inode))
        .map(|s| s.netns_inode)
        .collect::<HashSet<u64>>()
        .into_iter()
        .collect();
    let mut world = world;
    if !unexplained.is_empty() {
        opts.unicast = true;
        for inode in unexplained {
            let fresh = if inode == current {
                gather::here(current, &current_name, &opts)
            } else {
                match peers.iter().find(|p| p.inode == inode) {
                    Some(p) => gather::namespace(p, &opts),
                    None => continue,
                }
            };
            if let Ok(fresh) = fresh {
                cache.facts.insert(inode, fresh);
            }
        }
        world = world_of(cache);
    }
    Ok(attributed(world, current, current_name, warnings))
}

/// Reads the other namespaces; one that cannot be entered is passed over with a warning.
fn read_others(
    world: &mut World,
    others: &[&NetnsEntry],
    opts: &Options<'_>,
    warnings: &mut Vec<String>,
) {
    let mut refused = Vec::new();
    for p in others {
        match gather::namespace(p, opts) {
            Ok(facts) => world.namespaces.push(facts),
            Err(promisc_sys::Error::Permission { capability, .. }) => {
                refused.push((p.name.as_str(), capability));
            }
            Err(e) => warnings.push(format!("network namespace {}: {e}", p.name)),
        }
    }
    if let Some((_, capability)) = refused.first() {
        let names: Vec<&str> = refused.iter().map(|(n, _)| *n).collect();
        warnings.push(format!(
            "cannot enter {} network namespace(s) ({}) without {capability}; holders there \
             are not shown",
            names.len(),
            names.join(", ")
        ));
    }
}
