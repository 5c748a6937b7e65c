//! `promisc watch --summary`: the events of an interval folded into one table per interval, the
//! interfaces whose promiscuity changed, busiest first, with the holders that came and went
//! (issue #23 §2: "why did the kernel log this a million times").
//!
//! A holder is grouped by what stays the same from one run to the next: a process by its
//! command and where it runs (its pod, container or unit), never its pid; a device by its
//! description (the bridge, and the pod or container at the other end of the port's veth).
//! The kernel writes one log line ("entered/left promiscuous mode") per event that flips the
//! real state; those are counted per interface, and how many of them the watch read from the
//! kernel log itself.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::attribution::Holder;
use crate::watch::Event;

/// One holder's comings and goings on one interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolderCount {
    /// The holder, grouped as the module says (`tcpdump (pod monitoring/x)`, `port of bridge
    /// cni0 (peer in pod kube-system/coredns-x)`).
    pub holder: String,
    /// Its kind.
    pub kind: &'static str,
    /// How many times it came.
    pub joins: u64,
    /// How many times it left.
    pub leaves: u64,
}

/// One interface's interval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterfaceCount {
    /// Its namespace.
    pub netns: String,
    /// Its name.
    pub interface: String,
    /// Events whose counter differs before and after.
    pub changes: u64,
    /// Events that turned the real state on (a kernel log line each).
    pub entered: u64,
    /// Events that turned it off (a kernel log line each).
    pub left: u64,
    /// Of those lines, how many the watch read from the kernel log (`/dev/kmsg`).
    pub kernel_log_read: u64,
    /// Events whose holder could not be read (it came and went too fast).
    pub unknown_holder: u64,
    /// The holders, busiest first.
    pub holders: Vec<HolderCount>,
}

impl InterfaceCount {
    /// The kernel log lines this interface caused: `entered` + `left`.
    pub fn kernel_log_lines(&self) -> u64 {
        self.entered + self.left
    }
}

/// The group a holder is counted in.
pub fn group(h: &Holder) -> String {
    match h {
        Holder::PacketSocket(s) => {
            let comm = s.comm.as_deref().unwrap_or("packet socket");
            let ctx = s.context.short();
            if ctx.is_empty() {
                comm.to_string()
            } else {
                format!("{comm} ({ctx})")
            }
        }
        other => other.describe(),
    }
}

/// The events of one interval, folded.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    per: BTreeMap<(String, String), Acc>,
}

#[derive(Debug, Default, Clone)]
struct Acc {
    changes: u64,
    entered: u64,
    left: u64,
    kernel_log_read: u64,
    unknown_holder: u64,
    holders: BTreeMap<(String, &'static str), (u64, u64)>,
}

impl Summary {
    /// Adds one event.
    pub fn record(&mut self, e: &Event) {
        let a = self
            .per
            .entry((e.netns.clone(), e.interface.clone()))
            .or_default();
        if e.promiscuity_before != e.promiscuity_after {
            a.changes += 1;
        }
        match e.flips() {
            Some(true) => a.entered += 1,
            Some(false) => a.left += 1,
            None => {}
        }
        if e.flips().is_some() && e.note.as_deref().is_some_and(is_kernel_line) {
            a.kernel_log_read += 1;
        }
        let sign = match e.event {
            "holder_added" => Some(true),
            "holder_removed" => Some(false),
            _ => None,
        };
        match (&e.holder, sign) {
            (Some(h), Some(joined)) => {
                let c = a.holders.entry((group(h), h.kind())).or_default();
                if joined {
                    c.0 += 1;
                } else {
                    c.1 += 1;
                }
            }
            // Only a move of the promiscuity counter: an allmulti-only change (a bridge port
            // joining sets allmulti too) has no promiscuity holder to name.
            (None, _)
                if e.event == "counter_changed" && e.promiscuity_before != e.promiscuity_after =>
            {
                a.unknown_holder += 1
            }
            _ => {}
        }
    }

    /// Nothing recorded.
    pub fn is_empty(&self) -> bool {
        self.per
            .values()
            .all(|a| a.changes == 0 && a.holders.is_empty())
    }

    /// The interfaces that changed, busiest first (most changes, then by namespace and
    /// name); their holders busiest first too.
    pub fn interfaces(&self) -> Vec<InterfaceCount> {
        let mut out: Vec<InterfaceCount> = self
            .per
            .iter()
            .filter(|(_, a)| a.changes > 0 || !a.holders.is_empty())
            .map(|((netns, interface), a)| {
                let mut holders: Vec<HolderCount> = a
                    .holders
                    .iter()
                    .map(|((holder, kind), (j, l))| HolderCount {
                        holder: holder.clone(),
                        kind,
                        joins: *j,
                        leaves: *l,
                    })
                    .collect();
                holders.sort_by(|x, y| {
                    (y.joins + y.leaves)
                        .cmp(&(x.joins + x.leaves))
                        .then_with(|| x.holder.cmp(&y.holder))
                });
                InterfaceCount {
                    netns: netns.clone(),
                    interface: interface.clone(),
                    changes: a.changes,
                    entered: a.entered,
                    left: a.left,
                    kernel_log_read: a.kernel_log_read,
                    unknown_holder: a.unknown_holder,
                    holders,
                }
            })
            .collect();
        out.sort_by(|x, y| {
            y.changes
                .cmp(&x.changes)
                .then_with(|| (&x.netns, &x.interface).cmp(&(&y.netns, &y.interface)))
        });
        out
    }

    /// The table for people: a header line, then one line per interface and one per holder.
    pub fn table(&self, from: &str, to: &str) -> String {
        let rows = self.interfaces();
        let mut s = format!(
            "promisc: summary {from} .. {to}: {} interface{} changed\n",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        );
        if rows.is_empty() {
            return s;
        }
        let w_ns = rows.iter().map(|r| r.netns.len()).max().unwrap_or(0).max(5);
        let w_if = rows
            .iter()
            .map(|r| r.interface.len())
            .max()
            .unwrap_or(0)
            .max(9);
        s.push_str(&format!(
            "{:<w_ns$}  {:<w_if$}  {:>7}  {:>7}  {:>7}  {:>10}  HOLDERS (+joins -leaves)\n",
            "NETNS", "INTERFACE", "CHANGES", "ENTERED", "LEFT", "KERNEL_LOG"
        ));
        for r in &rows {
            let mut first = true;
            let mut holder_lines: Vec<String> = r
                .holders
                .iter()
                .map(|h| format!("+{} -{} {}", h.joins, h.leaves, h.holder))
                .collect();
            if r.unknown_holder > 0 {
                holder_lines.push(format!(
                    "{} change{} whose holder came and went too fast to be read",
                    r.unknown_holder,
                    if r.unknown_holder == 1 { "" } else { "s" }
                ));
            }
            if holder_lines.is_empty() {
                holder_lines.push("-".into());
            }
            for h in holder_lines {
                if first {
                    s.push_str(&format!(
                        "{:<w_ns$}  {:<w_if$}  {:>7}  {:>7}  {:>7}  {:>10}  {h}\n",
                        r.netns,
                        r.interface,
                        r.changes,
                        r.entered,
                        r.left,
                        r.kernel_log_lines()
                    ));
                    first = false;
                } else {
                    s.push_str(&format!(
                        "{:<w_ns$}  {:<w_if$}  {:>7}  {:>7}  {:>7}  {:>10}  {h}\n",
                        "", "", "", "", "", ""
                    ));
                }
            }
        }
        s
    }
}

/// Whether a note is the kernel's own line.
fn is_kernel_line(note: &str) -> bool {
    note.contains("promiscuous mode")
}
