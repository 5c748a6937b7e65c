//! `promisc on` and `promisc off`: the user promiscuous flag.

use anyhow::Result;
use promisc_state::Holder;
use promisc_sys::{ioctl, rtnl::Route};

use crate::exit;

/// Sets (`on`) or clears the user flag of `name`, then reports the interface's real state.
pub fn run(name: &str, on: bool, use_ioctl: bool) -> Result<u8> {
    let mut route = Route::open()?;
    let links = route.links()?;
    let link = promisc_app::resolve(
        &[name.to_string()],
        &links,
        &promisc_app::netns::current_name(),
    )?[0];
    if use_ioctl {
        ioctl::set_promisc(&link.name, on)?;
    } else {
        route.set_promisc(link.ifindex, on)?;
    }

    let after = promisc_app::snapshot(false)?;
    let Some(s) = after.here().find(|s| s.ifindex == link.ifindex) else {
        // The interface vanished between the change and the read-back.
        return Err(exit::fail(
            exit::NO_INTERFACE,
            format!("{name} disappeared after the change"),
        ));
    };
    let others: Vec<String> = s
        .holders
        .iter()
        .filter(|h| !matches!(h, Holder::UserFlag))
        .map(Holder::describe)
        .collect();
    let state = if s.promisc {
        "promiscuous"
    } else {
        "not promiscuous"
    };
    println!(
        "{name}: user flag {}; {state} (promiscuity {})",
        if s.user_flag { "on" } else { "off" },
        s.promiscuity
    );
    if !on && s.promisc {
        let mut held_by = others;
        if s.unattributed > 0 {
            held_by.push(format!("{} unattributed", s.unattributed));
        }
        eprintln!(
            "promisc: {name} is still promiscuous: held by {}",
            held_by.join("; ")
        );
    }
    Ok(exit::OK)
}
