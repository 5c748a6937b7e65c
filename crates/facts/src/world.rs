//! Processes, namespaces and the world: the facts of every namespace read, and socket owners.

use std::collections::HashMap;

use crate::fdb::UnicastAddress;
use crate::link::LinkFacts;
use crate::packet_diag::PacketSocketFacts;

/// A process that has a socket open.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct ProcessFacts {
    /// Process id.
    pub pid: u32,
    /// `/proc/PID/comm`.
    pub comm: String,
    /// Effective uid from `/proc/PID/status`.
    pub uid: u32,
    /// `/proc/PID/cgroup` as read (empty when it could not be): where the process runs.
    #[serde(skip)]
    pub cgroup: String,
}

/// Everything read from one network namespace.
#[derive(Debug, Clone, Default)]
pub struct NetnsFacts {
    /// The namespace's inode number (`/proc/PID/ns/net`), its identity.
    pub inode: u64,
    /// A name for people: the `/run/netns` name, `default`, or `pid:N`.
    pub name: String,
    /// Every link of the namespace.
    pub links: Vec<LinkFacts>,
    /// Every packet socket of the namespace.
    pub sockets: Vec<PacketSocketFacts>,
    /// `self permanent` unicast addresses of the namespace's devices, when they were read.
    /// `None` means not read: uc_promisc is then never inferred.
    pub unicast: Option<Vec<UnicastAddress>>,
    /// Netns ids as this namespace numbers others (`RTM_GETNSID`): id to namespace inode.
    pub nsids: HashMap<i32, u64>,
}

/// The facts of every namespace that was read, and who owns which socket.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// The namespaces read.
    pub namespaces: Vec<NetnsFacts>,
    /// Socket inode to the processes that have it open (from `/proc/*/fd`).
    pub owners: HashMap<u64, Vec<ProcessFacts>>,
}
