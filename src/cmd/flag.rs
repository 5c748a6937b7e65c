//! `promisc on` and `promisc off`: the user promiscuous flag.

use anyhow::Result;
use promisc_state::Holder;

use crate::exit;
use crate::flags::high::Flag;

/// Sets (`on`) or clears the user flag, then reports the interface's real state.
pub fn run(s: &Flag) -> Result<u8> {
    let name = &s.interface;
    let after = promisc_app::control::set_user_flag(name, s.on, s.ioctl)?;
    let state = if after.promisc {
        "promiscuous"
    } else {
        "not promiscuous"
    };
    show!(
        "{name}: user flag {}; {state} (promiscuity {})",
        if after.user_flag { "on" } else { "off" },
        after.promiscuity
    );
    if !s.on && after.promisc {
        let mut held_by: Vec<String> = after
            .holders
            .iter()
            .filter(|h| !matches!(h, Holder::UserFlag))
            .map(Holder::describe)
            .collect();
        if after.unattributed > 0 {
            held_by.push(format!("{} unattributed", after.unattributed));
        }
        say!(
            "promisc: {name} is still promiscuous: held by {}",
            held_by.join("; ")
        );
    }
    Ok(exit::OK)
}
