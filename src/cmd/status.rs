//! `promisc status`: the real state, the counters and every holder.

use std::io::{self, BufWriter, Write};

use anstyle::{AnsiColor, Style};
use anyhow::{Context, Result};
use promisc_app::{printable, snapshot, UnknownInterface};
use promisc_state::rules;
use promisc_state::InterfaceStatus;
use serde::Serialize;

use crate::exit;
use crate::flags::high::Status;

/// `status --json`: the schema version, then one object per interface.
#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    interfaces: &'a [&'a InterfaceStatus],
}

/// How the real promiscuous state is shown in colour.
const PROMISC_STYLE: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
/// How an unattributed residual is shown in colour.
const RESIDUAL_STYLE: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));

/// Runs `promisc status`. `subcommands`: when the arguments came without a subcommand
/// (`promisc eth0`), the subcommand names, so that a mistyped one is told apart.
pub fn run(s: &Status, subcommands: &[&str]) -> Result<u8> {
    let snap = snapshot(s.all_netns)?;
    for w in &snap.warnings {
        say!("promisc: warning: {w}");
    }
    let mut shown: Vec<&InterfaceStatus> = if s.all_netns {
        snap.statuses.iter().collect()
    } else {
        snap.here().collect()
    };
    if !s.interfaces.is_empty() {
        for name in &s.interfaces {
            if !shown.iter().any(|st| promisc_app::name_is(&st.name, name)) {
                let existing: Vec<&str> = shown.iter().map(|st| st.name.as_str()).collect();
                let e = UnknownInterface::new(name, &snap.current_name, &existing)
                    .or_subcommand(subcommands);
                return Err(e.into());
            }
        }
        shown.retain(|st| {
            s.interfaces
                .iter()
                .any(|n| promisc_app::name_is(&st.name, n))
        });
    }

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if s.json {
        let doc = Document {
            schema: crate::json::SCHEMA,
            interfaces: &shown,
        };
        if s.pretty {
            serde_json::to_writer_pretty(&mut out, &doc).context("writing JSON")?;
        } else {
            serde_json::to_writer(&mut out, &doc).context("writing JSON")?;
        }
        writeln!(out)?;
    } else {
        write_table(&mut out, &shown, s.all_netns, s.colour)?;
    }

    let mut code = exit::OK;
    if let Some(rules) = &s.check {
        let owned: Vec<InterfaceStatus> = shown.iter().map(|st| (*st).clone()).collect();
        let offences = rules::audit(&owned, rules);
        // With --json, stdout stays pure JSON: the verdict goes to stderr.
        let mut verdict: Box<dyn Write> = if s.json {
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
            let n = owned.iter().filter(|st| st.promisc).count();
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

/// `cell` padded to `width`, then coloured with `style` if `colour` (the escapes do not count
/// in the width).
fn styled(cell: &str, pad: String, style: Option<Style>, colour: bool) -> String {
    match style {
        Some(st) if colour => {
            let rest = &pad[cell.len()..];
            format!("{st}{cell}{st:#}{rest}")
        }
        _ => pad,
    }
}

fn write_table(
    out: &mut impl Write,
    rows: &[&InterfaceStatus],
    with_netns: bool,
    colour: bool,
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
        // Names come from outside (a device named to move the cursor could hide its row):
        // every cell shows control characters escaped, before the widths are measured.
        let cell = |t: &str| printable(t).into_owned();
        table.push(vec![
            cell(&s.netns),
            cell(&s.name),
            s.ifindex.to_string(),
            cell(&s.kind),
            if s.promisc { "PROMISC" } else { "-" }.into(),
            if s.user_flag { "on" } else { "off" }.into(),
            s.promiscuity.to_string(),
            s.allmulti.to_string(),
            if holders.is_empty() {
                "-".into()
            } else {
                cell(&holders.join("; "))
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
    for (r, row) in table.iter().enumerate() {
        let mut line = String::new();
        for c in skip..cols {
            let cell = &row[c];
            if c == cols - 1 {
                line.push_str(&holders_cell(cell, colour && r > 0));
            } else if numeric.contains(&c) {
                line.push_str(&format!("{cell:>w$}  ", w = widths[c]));
            } else {
                let pad = format!("{cell:<w$}  ", w = widths[c]);
                let style =
                    (r > 0 && c == STATE_COLUMN && cell == "PROMISC").then_some(PROMISC_STYLE);
                line.push_str(&styled(cell, pad, style, colour));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The column of the real state (PROMISC or -).
const STATE_COLUMN: usize = 4;

/// The holders' cell, its `UNATTRIBUTED N` part (always the last) coloured if `colour`.
fn holders_cell(cell: &str, colour: bool) -> String {
    match cell.rfind("UNATTRIBUTED ") {
        Some(at) if colour => {
            let st = RESIDUAL_STYLE;
            format!("{}{st}{}{st:#}", &cell[..at], &cell[at..])
        }
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_residual_is_coloured_and_widths_ignore_escapes() {
        let cell = "user_flag; UNATTRIBUTED 2";
        let c = holders_cell(cell, true);
        assert_eq!(
            c,
            format!("user_flag; {RESIDUAL_STYLE}UNATTRIBUTED 2{RESIDUAL_STYLE:#}")
        );
        assert_eq!(holders_cell(cell, false), cell);
        assert_eq!(holders_cell("user_flag", true), "user_flag");
        let padded = styled("PROMISC", "PROMISC  ".into(), Some(PROMISC_STYLE), true);
        assert_eq!(padded, format!("{PROMISC_STYLE}PROMISC{PROMISC_STYLE:#}  "));
        assert_eq!(styled("-", "-  ".into(), None, true), "-  ");
    }
}
