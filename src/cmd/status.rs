//! `promisc status`: the real state, the counters and every holder.

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result};
use promisc_facts::link::LinkFacts;
use promisc_facts::uapi::PACKET_MR_PROMISC;
use promisc_facts::world::World;
use promisc_state::rules::{self, Rule};
use promisc_state::{attribute, InterfaceStatus};
use promisc_sys::gather::{self, Options};
use promisc_sys::procfs::{self, NetnsEntry};

use crate::exit::{self, fail};
use crate::StatusArgs;

/// The attributed status of every interface, and which namespace is the caller's.
pub struct Snapshot {
    /// Every interface of every namespace read.
    pub statuses: Vec<InterfaceStatus>,
    /// The caller's namespace inode.
    pub current: u64,
    /// The caller's namespace name.
    pub current_name: String,
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
/// `uc_promisc`.
pub fn snapshot(all_netns: bool) -> Result<Snapshot> {
    let current = procfs::current_netns_inode().context("reading /proc/thread-self/ns/net")?;
    let peers = procfs::list_netns();
    let current_name = netns_name(&peers, current);
    let mut opts = Options {
        unicast: false,
        peers: &peers,
    };
    let mut world = World::default();
    world
        .namespaces
        .push(gather::here(current, &current_name, &opts)?);
    let others: Vec<&NetnsEntry> = peers.iter().filter(|p| p.inode != current).collect();
    let mut have_others = false;
    if all_netns {
        read_others(&mut world, &others, &opts);
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
            read_others(&mut world, &others, &opts);
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

    let wanted: HashSet<u64> = world
        .namespaces
        .iter()
        .flat_map(|n| &n.sockets)
        .filter(|s| s.memberships.iter().any(|m| m.mr_type == PACKET_MR_PROMISC))
        .map(|s| s.inode)
        .collect();
    world.owners = procfs::socket_owners(&wanted);
    Ok(Snapshot {
        statuses: attribute(&world),
        current,
        current_name,
    })
}

/// Reads the other namespaces; one that cannot be entered is reported and passed over.
fn read_others(world: &mut World, others: &[&NetnsEntry], opts: &Options<'_>) {
    let mut refused = Vec::new();
    for p in others {
        match gather::namespace(p, opts) {
            Ok(facts) => world.namespaces.push(facts),
            Err(promisc_sys::Error::Permission { capability, .. }) => {
                refused.push((p.name.as_str(), capability));
            }
            Err(e) => eprintln!("promisc: warning: network namespace {}: {e}", p.name),
        }
    }
    if let Some((_, capability)) = refused.first() {
        let names: Vec<&str> = refused.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "promisc: warning: cannot enter {} network namespace(s) ({}) without {capability}; \
             holders there are not shown",
            names.len(),
            names.join(", ")
        );
    }
}

/// The name of namespace `inode` among `peers`, or `net:[INODE]` when it has none.
fn netns_name(peers: &[NetnsEntry], inode: u64) -> String {
    peers
        .iter()
        .find(|p| p.inode == inode)
        .map_or_else(|| format!("net:[{inode}]"), |p| p.name.clone())
}

/// The name of the caller's network namespace, as `snapshot` gives it.
pub fn current_netns_name() -> String {
    procfs::current_netns_inode().map_or_else(
        || "this namespace".to_string(),
        |inode| netns_name(&procfs::list_netns(), inode),
    )
}

/// The error for an interface name that does not exist, listing those that do.
pub fn unknown_interface(name: &str, netns: &str, existing: &[&str]) -> anyhow::Error {
    unknown_name(name, netns, existing, &[])
}

/// How many interface names an error lists at most.
const LISTED: usize = 8;

/// The error for a name that is no interface here (nor, when `subcommands` is not empty, a
/// subcommand): the closest subcommand, and the interfaces that exist, the closest few first
/// when there are many.
pub fn unknown_name(
    name: &str,
    netns: &str,
    existing: &[&str],
    subcommands: &[&str],
) -> anyhow::Error {
    let mut msg = if subcommands.is_empty() {
        format!("no interface named '{name}' in network namespace {netns}")
    } else {
        format!("no interface or subcommand named '{name}' in network namespace {netns}")
    };
    if let Some(sub) = subcommands
        .iter()
        .filter(|s| strsim::damerau_levenshtein(name, s) <= 2)
        .min_by_key(|s| strsim::damerau_levenshtein(name, s))
    {
        msg.push_str(&format!(" (did you mean `promisc {sub}`?)"));
    }
    if existing.len() <= LISTED {
        msg.push_str(&format!("; interfaces here: {}", existing.join(", ")));
    } else {
        let mut near: Vec<&str> = existing.to_vec();
        near.sort_by_key(|e| (strsim::damerau_levenshtein(name, e), *e));
        near.truncate(LISTED);
        msg.push_str(&format!(
            "; the closest of the {} interfaces here: {} (promisc status lists them all)",
            existing.len(),
            near.join(", ")
        ));
    }
    fail(exit::NO_INTERFACE, msg)
}

/// Finds interfaces by name among `links`, or fails listing the names that exist.
pub fn resolve<'a>(
    names: &[String],
    links: &'a [LinkFacts],
    netns: &str,
) -> Result<Vec<&'a LinkFacts>> {
    names
        .iter()
        .map(|n| {
            links.iter().find(|l| l.name == *n).ok_or_else(|| {
                let mut existing: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
                existing.sort_unstable();
                unknown_interface(n, netns, &existing)
            })
        })
        .collect()
}

/// Runs `promisc status`. `subcommands`: when the arguments came without a subcommand
/// (`promisc eth0`), the subcommand names, so that a mistyped one is told apart.
pub fn run(args: &StatusArgs, subcommands: &[&str]) -> Result<u8> {
    let rules: Vec<Rule> = args
        .allow
        .iter()
        .map(|r| {
            r.parse()
                .map_err(|e| fail(exit::USAGE, format!("--allow {r}: {e}")))
        })
        .collect::<Result<_>>()?;
    let snap = snapshot(args.all_netns)?;
    let mut shown: Vec<&InterfaceStatus> = if args.all_netns {
        snap.statuses.iter().collect()
    } else {
        snap.here().collect()
    };
    if !args.interfaces.is_empty() {
        for name in &args.interfaces {
            if !shown.iter().any(|s| s.name == *name) {
                let mut existing: Vec<&str> = shown.iter().map(|s| s.name.as_str()).collect();
                existing.sort_unstable();
                existing.dedup();
                return Err(unknown_name(
                    name,
                    &snap.current_name,
                    &existing,
                    subcommands,
                ));
            }
        }
        shown.retain(|s| args.interfaces.contains(&s.name));
    }

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &shown).context("writing JSON")?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &shown, args.all_netns)?;
    }

    let mut code = exit::OK;
    if args.check {
        let owned: Vec<InterfaceStatus> = shown.iter().map(|s| (*s).clone()).collect();
        let offences = rules::audit(&owned, &rules);
        // With --json, stdout stays pure JSON: the verdict goes to stderr.
        let mut verdict: Box<dyn Write> = if args.json {
            Box::new(io::stderr())
        } else {
            writeln!(out)?;
            Box::new(&mut out)
        };
        for o in &offences {
            let what = o.holder.map_or_else(
                || format!("unattributed {}", o.iface.unattributed),
                |h| format!("{} [{}]", h.describe(), h.kind()),
            );
            writeln!(
                verdict,
                "not allowed: {} ({}): {what}",
                o.iface.name, o.iface.netns
            )?;
        }
        if offences.is_empty() {
            let n = owned.iter().filter(|s| s.promisc).count();
            writeln!(
                verdict,
                "check passed: {n} promiscuous interface(s), every holder allowed"
            )?;
        } else {
            writeln!(
                verdict,
                "check failed: {} holder(s) not allowed; accept them with --allow KIND[:key=value]",
                offences.len()
            )?;
            code = exit::CHECK_FAILED;
        }
    }
    out.flush()?;
    Ok(code)
}

fn write_table(
    out: &mut impl Write,
    rows: &[&InterfaceStatus],
    with_netns: bool,
) -> io::Result<()> {
    let mut table: Vec<Vec<String>> = vec![[
        "NETNS",
        "IFACE",
        "INDEX",
        "KIND",
        "STATE",
        "USER",
        "PROMISCUITY",
        "ALLMULTI",
        "HOLDERS",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    for s in rows {
        let mut holders: Vec<String> = s.holders.iter().map(|h| h.describe()).collect();
        if s.unattributed != 0 {
            holders.push(format!("UNATTRIBUTED {}", s.unattributed));
        }
        table.push(vec![
            s.netns.clone(),
            s.name.clone(),
            s.ifindex.to_string(),
            s.kind.clone(),
            if s.promisc { "PROMISC" } else { "-" }.into(),
            if s.user_flag { "on" } else { "off" }.into(),
            s.promiscuity.to_string(),
            s.allmulti.to_string(),
            if holders.is_empty() {
                "-".into()
            } else {
                holders.join("; ")
            },
        ]);
    }
    let skip = usize::from(!with_netns);
    let cols = table[0].len();
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let numeric = [2, 6, 7];
    for row in &table {
        let mut line = String::new();
        for c in skip..cols {
            let cell = &row[c];
            if c == cols - 1 {
                line.push_str(cell);
            } else if numeric.contains(&c) {
                line.push_str(&format!("{cell:>w$}  ", w = widths[c]));
            } else {
                line.push_str(&format!("{cell:<w$}  ", w = widths[c]));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(e: anyhow::Error) -> String {
        e.downcast_ref::<crate::exit::Failure>()
            .map(|f| f.message.clone())
            .unwrap()
    }

    #[test]
    fn a_mistyped_subcommand_is_suggested() {
        let m = text(unknown_name(
            "stauts",
            "default",
            &["eth0", "lo"],
            &["status", "hold"],
        ));
        assert!(
            m.starts_with("no interface or subcommand named 'stauts'"),
            "{m}"
        );
        assert!(m.contains("did you mean `promisc status`?"), "{m}");
        assert!(m.ends_with("interfaces here: eth0, lo"), "{m}");
        let m = text(unknown_name(
            "eth9",
            "default",
            &["eth0", "lo"],
            &["status", "hold"],
        ));
        assert!(!m.contains("did you mean"), "{m}");
    }

    #[test]
    fn many_interfaces_list_the_closest_few_and_the_count() {
        let names: Vec<String> = (0..2000).map(|i| format!("veth{i}")).collect();
        let existing: Vec<&str> = names.iter().map(String::as_str).collect();
        let m = text(unknown_interface("veth12x", "lab", &existing));
        assert!(
            m.contains("the closest of the 2000 interfaces here:"),
            "{m}"
        );
        assert!(m.contains("veth12,"), "{m}");
        assert_eq!(m.matches("veth").count(), 1 + LISTED, "{m}");
    }
}
