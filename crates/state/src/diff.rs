//! What changed between two attributions: interfaces that appeared or left, holders that
//! appeared or left, and counter changes no holder explains (a holder that came and went
//! between two readings). Pure: `promisc watch` feeds it the statuses it read.

use std::collections::HashMap;

use serde::Serialize;

use crate::attribution::{Holder, InterfaceStatus};

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A holder appeared.
    HolderAdded,
    /// A holder left.
    HolderRemoved,
    /// The promiscuity or allmulti counter changed and no holder appeared or left.
    CounterChanged,
    /// An interface appeared.
    InterfaceAdded,
    /// An interface was deleted (or left the namespace).
    InterfaceRemoved,
}

impl ChangeKind {
    /// The event name of `watch --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::HolderAdded => "holder_added",
            ChangeKind::HolderRemoved => "holder_removed",
            ChangeKind::CounterChanged => "counter_changed",
            ChangeKind::InterfaceAdded => "interface_added",
            ChangeKind::InterfaceRemoved => "interface_removed",
        }
    }
}

/// One change of one interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The interface's namespace name.
    pub netns: String,
    /// Its namespace inode.
    pub netns_inode: u64,
    /// Its index.
    pub ifindex: u32,
    /// Its name.
    pub interface: String,
    /// The promiscuity counter before.
    pub promiscuity_before: u32,
    /// And after.
    pub promiscuity_after: u32,
    /// The allmulti counter before.
    pub allmulti_before: u32,
    /// And after.
    pub allmulti_after: u32,
    /// The real state after.
    pub promisc: bool,
    /// The holder that appeared or left.
    pub holder: Option<Holder>,
}

/// A holder's identity across two readings: its kind and socket inode, or its device and
/// namespace (a process's details may change while it is the same holder).
pub fn identity(h: &Holder) -> String {
    match h {
        Holder::PacketSocket(s) => format!("packet_socket:{}", s.inode),
        other => match other.stacked() {
            Some(s) => format!("{}:{}@{}", other.kind(), s.device, s.netns),
            None => other.kind().to_string(),
        },
    }
}

fn change(
    kind: ChangeKind,
    before: Option<&InterfaceStatus>,
    after: &InterfaceStatus,
    holder: Option<Holder>,
) -> Change {
    Change {
        kind,
        netns: after.netns.clone(),
        netns_inode: after.netns_inode,
        ifindex: after.ifindex,
        interface: after.name.clone(),
        promiscuity_before: before.map_or(0, |b| b.promiscuity),
        promiscuity_after: after.promiscuity,
        allmulti_before: before.map_or(0, |b| b.allmulti),
        allmulti_after: after.allmulti,
        promisc: after.promisc,
        holder,
    }
}

/// The changes from `before` to `after`, interface by interface (in `after`'s order, then the
/// removed ones): removed holders before added ones.
pub fn diff(before: &[InterfaceStatus], after: &[InterfaceStatus]) -> Vec<Change> {
    let key = |s: &InterfaceStatus| (s.netns_inode, s.ifindex);
    let old: HashMap<(u64, u32), &InterfaceStatus> = before.iter().map(|s| (key(s), s)).collect();
    let new: HashMap<(u64, u32), &InterfaceStatus> = after.iter().map(|s| (key(s), s)).collect();
    let mut out = Vec::new();
    for a in after {
        let Some(b) = old.get(&key(a)).copied() else {
            out.push(change(ChangeKind::InterfaceAdded, None, a, None));
            continue;
        };
        let ids = |s: &InterfaceStatus| -> Vec<(String, Holder)> {
            s.holders.iter().map(|h| (identity(h), h.clone())).collect()
        };
        let (was, is) = (ids(b), ids(a));
        let mut any = false;
        for (id, h) in &was {
            if !is.iter().any(|(i, _)| i == id) {
                out.push(change(
                    ChangeKind::HolderRemoved,
                    Some(b),
                    a,
                    Some(h.clone()),
                ));
                any = true;
            }
        }
        for (id, h) in &is {
            if !was.iter().any(|(i, _)| i == id) {
                out.push(change(ChangeKind::HolderAdded, Some(b), a, Some(h.clone())));
                any = true;
            }
        }
        if !any && (b.promiscuity != a.promiscuity || b.allmulti != a.allmulti) {
            out.push(change(ChangeKind::CounterChanged, Some(b), a, None));
        }
    }
    for b in before {
        if !new.contains_key(&key(b)) {
            let mut c = change(ChangeKind::InterfaceRemoved, Some(b), b, None);
            c.promiscuity_after = 0;
            c.allmulti_after = 0;
            c.promisc = false;
            out.push(c);
        }
    }
    out
}
