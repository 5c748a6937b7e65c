//! Naming network namespaces.

use promisc_sys::procfs::{self, NetnsEntry};

/// The name of namespace `inode` among `peers`, or `net:[INODE]` when it has none.
pub fn name_of(peers: &[NetnsEntry], inode: u64) -> String {
    peers
        .iter()
        .find(|p| p.inode == inode)
        .map_or_else(|| format!("net:[{inode}]"), |p| p.name.clone())
}

/// The name of the caller's network namespace, as [`crate::snapshot()`] gives it.
pub fn current_name() -> String {
    procfs::current_netns_inode().map_or_else(
        || "this namespace".to_string(),
        |inode| name_of(&procfs::list_netns(), inode),
    )
}
