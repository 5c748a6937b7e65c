//! `promisc watch`: print each event, or hand it to a command.

use std::io::Write;

use anyhow::Result;
use promisc_app::eventlog::{self, Logger};
use promisc_app::hooks::{Env, Hooks};
use promisc_app::watch::{run as watch, run_with_state, Event, Watching};
use promisc_state::summary::{InterfaceCount, Summary};

use crate::exit;
use crate::flags::high::Watch;

/// Watches until SIGINT or SIGTERM.
pub fn run(a: &Watch) -> Result<u8> {
    let mut logger = Logger::open(&a.log)?;
    if let Some(every) = a.summary {
        return summarise(a, every, &mut logger);
    }
    // In a service whose output is the journal, the native entries say it all: the lines
    // would be each event a second time.
    let quiet = logger.to_journal() && eventlog::stdout_is_journal();
    // Started at the first event, inside the watch: its thread must inherit the mask that
    // blocks the signals the watch waits for.
    let mut hooks: Option<Hooks> = None;
    let mut failed: Option<std::io::Error> = None;
    let out = std::io::stdout();
    watch(&a.options, &mut |w| say!("{}", watching(w)), &mut |ev| {
        log(&mut logger, ev);
        let json = serde_json::to_string(&with_time(ev)).expect("events serialize");
        let line = if a.json {
            json.clone()
        } else {
            promisc_app::printable(&text(ev)).into_owned()
        };
        if !quiet {
            let mut o = out.lock();
            if let Err(e) = writeln!(o, "{line}").and_then(|_| o.flush()) {
                failed.get_or_insert(e);
            }
        }
        if let Some(cmd) = &a.exec {
            let h = hooks
                .get_or_insert_with(|| Hooks::new(cmd.clone(), |e| say!("promisc: --exec: {e}")));
            if let Err(e) = h.submit(env(ev, &json)) {
                say!("promisc: --exec: {e}");
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    Ok(exit::OK)
}

/// `--summary`: the events folded, printed at the first reading after each `every` and when
/// the watch ends.
fn summarise(a: &Watch, every: std::time::Duration, logger: &mut Logger) -> Result<u8> {
    let sum = std::cell::RefCell::new(Summary::default());
    let from = std::cell::Cell::new(std::time::SystemTime::now());
    let failed: std::cell::RefCell<Option<std::io::Error>> = std::cell::RefCell::new(None);
    let flush = |to: std::time::SystemTime| {
        let s = std::mem::take(&mut *sum.borrow_mut());
        let (f, t) = (
            humantime::format_rfc3339_seconds(from.get()).to_string(),
            humantime::format_rfc3339_seconds(to).to_string(),
        );
        let text = if a.json {
            let doc = crate::json::versioned(SummaryJson {
                from: f,
                to: t,
                interfaces: s.interfaces(),
            });
            serde_json::to_string(&doc).expect("summaries serialize") + "\n"
        } else {
            s.table(&f, &t)
                .lines()
                .map(|l| promisc_app::printable(l).into_owned() + "\n")
                .collect()
        };
        let mut o = std::io::stdout().lock();
        if let Err(e) = o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
            failed.borrow_mut().get_or_insert(e);
        }
        from.set(to);
    };
    run_with_state(
        &a.options,
        &mut |w| say!("{}", watching(w)),
        &mut |ev| {
            log(logger, ev);
            sum.borrow_mut().record(ev)
        },
        &mut |_| {
            let now = std::time::SystemTime::now();
            if now.duration_since(from.get()).unwrap_or_default() >= every {
                flush(now);
            }
        },
    )?;
    flush(std::time::SystemTime::now());
    if let Some(e) = failed.into_inner() {
        return Err(e.into());
    }
    Ok(exit::OK)
}

/// Sends `ev` where `--log` and `--syslog` say, and tells what failed.
fn log(logger: &mut Logger, ev: &Event) {
    for w in logger.log(ev) {
        say!("promisc: {w}");
    }
}

/// One interval of `--summary --json`.
#[derive(serde::Serialize)]
struct SummaryJson {
    from: String,
    to: String,
    interfaces: Vec<InterfaceCount>,
}

/// `promisc: watching N network namespace(s)`, and what is not watched and why.
fn watching(w: &Watching) -> String {
    let mut s = format!(
        "promisc: watching {} network namespace{}",
        w.namespaces,
        if w.namespaces == 1 { "" } else { "s" }
    );
    if !w.refused.is_empty() {
        let n = w.refused.len();
        let mut names = w.refused[..n.min(3)].join(", ");
        if n > 3 {
            names.push_str(&format!(" and {} more", n - 3));
        }
        s.push_str(&format!(
            "; not {n} other{} ({names}): entering a namespace needs {}",
            if n == 1 { "" } else { "s" },
            w.missing.unwrap_or("CAP_SYS_ADMIN")
        ));
    }
    s
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

/// The environment of `--exec`'s command for `ev` (`json`: the event as `--json` prints it).
fn env(ev: &Event, json: &str) -> Env {
    let holder = holder(ev);
    [
        ("PROMISC_EVENT", ev.event.to_string()),
        ("PROMISC_TIME", time(ev)),
        ("PROMISC_NETNS", ev.netns.clone()),
        ("PROMISC_IFINDEX", ev.ifindex.to_string()),
        ("PROMISC_INTERFACE", ev.interface.clone()),
        (
            "PROMISC_PROMISCUITY_BEFORE",
            ev.promiscuity_before.to_string(),
        ),
        (
            "PROMISC_PROMISCUITY_AFTER",
            ev.promiscuity_after.to_string(),
        ),
        ("PROMISC_PROMISC", if ev.promisc { "1" } else { "0" }.into()),
        ("PROMISC_HOLDER", holder),
        (
            "PROMISC_HOLDER_KIND",
            ev.holder.as_ref().map_or("", |h| h.kind()).into(),
        ),
        ("PROMISC_SOURCE", ev.source.as_str().into()),
        ("PROMISC_JSON", json.into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
