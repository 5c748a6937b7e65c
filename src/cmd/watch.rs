//! `promisc watch`: print each event, or hand it to a command.

use std::io::Write;
use std::process::{Child, Command, Stdio};

use anyhow::Result;
use promisc_app::watch::{run as watch, Event};

use crate::exit;
use crate::flags::high::Watch;

/// Watches until SIGINT or SIGTERM.
pub fn run(a: &Watch) -> Result<u8> {
    let mut children: Vec<Child> = Vec::new();
    let mut failed: Option<std::io::Error> = None;
    let out = std::io::stdout();
    watch(
        &a.options,
        &mut |n| {
            eprintln!(
                "promisc: watching {n} network namespace{}",
                if n == 1 { "" } else { "s" }
            )
        },
        &mut |ev| {
            let json = serde_json::to_string(&with_time(ev)).expect("events serialize");
            let line = if a.json { json.clone() } else { text(ev) };
            let mut o = out.lock();
            if let Err(e) = writeln!(o, "{line}").and_then(|_| o.flush()) {
                failed.get_or_insert(e);
            }
            if let Some(cmd) = &a.exec {
                children.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_))));
                match spawn(cmd, ev, &json) {
                    Ok(c) => children.push(c),
                    Err(e) => eprintln!("promisc: --exec: {e}"),
                }
            }
        },
    )?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    Ok(exit::OK)
}

fn time(ev: &Event) -> String {
    humantime::format_rfc3339_micros(ev.time).to_string()
}

/// An event as `--json` prints it: after the schema, its time, then its fields.
#[derive(serde::Serialize)]
struct Timed<'a> {
    time: String,
    #[serde(flatten)]
    event: &'a Event,
}

fn with_time(ev: &Event) -> crate::json::Versioned<Timed<'_>> {
    crate::json::versioned(Timed {
        time: time(ev),
        event: ev,
    })
}

fn holder(ev: &Event) -> String {
    ev.holder.as_ref().map_or(String::new(), |h| h.describe())
}

/// `TIME NETNS IFACE EVENT promiscuity A -> B (promisc on|off) HOLDER [SOURCE] (NOTE)`.
fn text(ev: &Event) -> String {
    let sign = match ev.event {
        "holder_added" => "+ ",
        "holder_removed" => "- ",
        _ => "",
    };
    let mut s = format!(
        "{} {} {} {} promiscuity {} -> {} (promisc {}) {sign}{} [{}]",
        time(ev),
        ev.netns,
        ev.interface,
        ev.event,
        ev.promiscuity_before,
        ev.promiscuity_after,
        if ev.promisc { "on" } else { "off" },
        holder(ev),
        ev.source.as_str()
    );
    if ev.allmulti_before != ev.allmulti_after {
        s.push_str(&format!(
            " allmulti {} -> {}",
            ev.allmulti_before, ev.allmulti_after
        ));
    }
    if let Some(n) = &ev.note {
        s.push_str(&format!(" ({n})"));
    }
    s
}

fn spawn(cmd: &str, ev: &Event, json: &str) -> std::io::Result<Child> {
    Command::new("sh")
        .args(["-c", cmd])
        .stdin(Stdio::null())
        .env("PROMISC_EVENT", ev.event)
        .env("PROMISC_TIME", time(ev))
        .env("PROMISC_NETNS", &ev.netns)
        .env("PROMISC_IFINDEX", ev.ifindex.to_string())
        .env("PROMISC_INTERFACE", &ev.interface)
        .env(
            "PROMISC_PROMISCUITY_BEFORE",
            ev.promiscuity_before.to_string(),
        )
        .env(
            "PROMISC_PROMISCUITY_AFTER",
            ev.promiscuity_after.to_string(),
        )
        .env("PROMISC_PROMISC", if ev.promisc { "1" } else { "0" })
        .env("PROMISC_HOLDER", holder(ev))
        .env(
            "PROMISC_HOLDER_KIND",
            ev.holder.as_ref().map_or("", |h| h.kind()),
        )
        .env("PROMISC_SOURCE", ev.source.as_str())
        .env("PROMISC_JSON", json)
        .spawn()
}
