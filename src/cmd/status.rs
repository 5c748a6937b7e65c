//! `promisc status`: the real state, the counters and every holder.

use std::io::{self, BufWriter, Write};

use anyhow::{Context, Result};
use promisc_inspect::{snapshot, UnknownInterface};
use promisc_state::rules::{self, Rule};
use promisc_state::InterfaceStatus;

use crate::exit::{self, fail};
use crate::flags::low::StatusArgs;

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
    for w in &snap.warnings {
        eprintln!("promisc: warning: {w}");
    }
    let mut shown: Vec<&InterfaceStatus> = if args.all_netns {
        snap.statuses.iter().collect()
    } else {
        snap.here().collect()
    };
    if !args.interfaces.is_empty() {
        for name in &args.interfaces {
            if !shown.iter().any(|s| s.name == *name) {
                let existing: Vec<&str> = shown.iter().map(|s| s.name.as_str()).collect();
                let e = UnknownInterface::new(name, &snap.current_name, &existing)
                    .or_subcommand(subcommands);
                return Err(fail(exit::NO_INTERFACE, e.to_string()));
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
