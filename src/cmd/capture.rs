//! `promisc capture`: a tcpdump-class sniffer on TPACKET_V3 rings.

use anyhow::{Context, Result};
use promisc_app::capture::live::{self, Report};
use promisc_app::capture::{Event, Summary, Target};
use promisc_savefile::Interface;

use crate::exit;
use crate::flags::high::Capture;

/// Runs `promisc capture`.
pub fn run(s: Capture) -> Result<u8> {
    let (options, warning) = match s {
        Capture::ListInterfaces => return list_interfaces(),
        Capture::ListTypes {
            interfaces,
            linktypes,
            warning,
        } => {
            if let Some(w) = warning {
                say!("promisc: {w}");
            }
            for t in &live::resolve_targets(&interfaces)? {
                show_text!(listing(t, linktypes));
            }
            return Ok(exit::OK);
        }
        Capture::Run { options, warning } => (options, warning),
    };
    if let Some(w) = warning {
        say!("promisc: {w}");
    }
    match live::run(&options, &mut Stderr) {
        Ok(summary) => {
            say_text!(summary.lines());
            Ok(exit::OK)
        }
        Err(e) => {
            if let Some(summary) = e.summary() {
                say_text!(summary.lines());
            }
            Err(e.into())
        }
    }
}

/// What a capture says as it runs, on standard error.
struct Stderr;

impl Report for Stderr {
    fn user_filtered(&mut self, interface: &str, why: &str) {
        say!("promisc: {interface}: filtering in user space: {why}");
    }

    fn listening(&mut self, interfaces: &[Interface], snaplen: u32) {
        let listening: Vec<String> = interfaces
            .iter()
            .map(|i| {
                format!(
                    "{}, link-type {}",
                    i.name.as_deref().unwrap_or("?"),
                    i.linktype.banner_name()
                )
            })
            .collect();
        say!(
            "promisc: listening on {}, snapshot length {snaplen} bytes",
            listening.join("; ")
        );
    }

    fn event(&mut self, event: &Event) {
        say!("promisc: {}", event_text(event));
    }

    fn progress(&mut self, summary: &Summary) {
        say!("{}", summary.one_line());
    }
}

/// What a capture says when an interface goes down, comes back or is deleted.
fn event_text(e: &Event) -> String {
    match e {
        Event::Down(n) => format!("{n}: the interface went down; waiting for it to come back up"),
        Event::Up(n) => format!("{n}: the interface is up again"),
        Event::Gone(n) => format!("{n}: the interface disappeared; its capture ended"),
    }
}

/// `-D`: tcpdump's list, each interface with its promiscuous state and counter.
fn list_interfaces() -> Result<u8> {
    let devices = promisc_app::capture::devices::list().context("listing the interfaces")?;
    for (i, d) in devices.iter().enumerate() {
        show!("{}", d.line(i + 1));
    }
    Ok(exit::OK)
}

/// `-L` (link types, or with `false` `-J`'s time-stamp types) of one interface, as tcpdump
/// prints them: what this capture records it as (Ethernet headers for a named interface, as
/// the kernel gives a packet socket; `LINUX_SLL2` for `any`), and its only time stamp type.
fn listing(t: &Target, linktypes: bool) -> String {
    if !linktypes {
        return format!(
            "Time stamp types for {} (use option -j to set):\n  host (Host)\n",
            t.name
        );
    }
    let kind = if t.is_any() {
        "LINUX_SLL2 (Linux cooked v2)"
    } else {
        "EN10MB (Ethernet)"
    };
    format!(
        "Data link types for {} (use option -y to set):\n  {kind}\n",
        t.name
    )
}
