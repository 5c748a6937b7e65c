//! `promisc lab`: build, probe and remove the nested-VM lab.

use std::os::unix::process::ExitStatusExt as _;

use anyhow::Result;
use promisc_lab::lab;
use promisc_vswitch::policy::Profile;

use crate::exit;
use crate::flags::high::Lab;

/// Runs one `lab` subcommand.
pub fn run(s: &Lab) -> Result<u8> {
    match s {
        Lab::Up(l) => {
            let exe = std::env::current_exe()?;
            lab::up(l, &exe, &mut |line| say!("promisc: {line}"))?;
            if l.profile == Profile::Cloud && l.topology == lab::Kind::Nested {
                say!("promisc: a cloud has no switch setting for nested networking; its fix, routing in the guest (docs/VSWITCH.md, \"In the lab\"):");
                for (host, command) in l.routed_fix() {
                    say!(
                        "  promisc lab exec --name {} {host} -- {}",
                        l.name,
                        command.join(" ")
                    );
                }
            }
            if l.profile == lab::LabProfile::Kernel(lab::Kernel::KvmMacvtap) {
                say!("promisc: its fix, a Linux bridge instead of macvtap (docs/VSWITCH.md, \"Kernel bridges in the lab\"):");
                for (host, command) in lab::kernel::bridge_instead_of_macvtap(l) {
                    say!(
                        "  promisc lab exec --name {} {host} -- {}",
                        l.name,
                        command.join(" ")
                    );
                }
            }
            if l.profile == Profile::Workstation {
                say!(
                    "promisc: vmnet device {} is root's, mode 0600: the VM user `nobody` cannot open it",
                    l.vmnet()
                );
            }
            Ok(exit::OK)
        }
        Lab::Down { name } => {
            for line in lab::down(name.as_deref())? {
                say!("promisc: {line}");
            }
            Ok(exit::OK)
        }
        Lab::Matrix { name, json } => {
            let l = lab::load(name.as_deref())?;
            let m = lab::matrix(&l)?;
            if *json {
                println!("{}", crate::json::pretty(&m)?);
            } else {
                show_text!(m.to_text());
            }
            Ok(exit::OK)
        }
        Lab::Exec {
            name,
            host,
            command,
        } => {
            let l = lab::load(name.as_deref())?;
            let status = lab::exec(&l, host, command)?;
            // The command's code, or 128+N when signal N ended it (as a shell reports it).
            Ok(status
                .code()
                .or_else(|| status.signal().map(|n| 128 + n))
                .map_or(exit::SYSTEM, |c| c.clamp(0, 255) as u8))
        }
        Lab::Set {
            name,
            settings,
            portgroup,
        } => {
            let l = lab::load(name.as_deref())?;
            for c in lab::set(&l, portgroup.clone(), settings.clone())? {
                say!("promisc: lab {}: {c}", l.name);
            }
            Ok(exit::OK)
        }
        Lab::Status { name, json } => {
            let l = lab::load(name.as_deref())?;
            if l.profile.kernel().is_some() {
                return kernel_status(&l, *json);
            }
            let s = lab::stats(&l)?;
            if *json {
                let v = serde_json::json!({"lab": l, "switch": s});
                println!("{}", crate::json::pretty(&v)?);
                return Ok(exit::OK);
            }
            show!(
                "lab {}: topology {}, profile {}{}, switch {} in netns {}",
                l.name,
                l.topology.as_str(),
                l.profile,
                if l.learning { ", MAC learning" } else { "" },
                l.switch,
                l.switch_netns
            );
            for h in &l.hosts {
                show!(
                    "  {:<10} {:<14} {:<8} MAC {}  port {}  netns {}",
                    h.name,
                    h.ip,
                    h.interface,
                    h.mac,
                    h.port,
                    h.netns
                );
            }
            show_text!(s.to_text());
            Ok(exit::OK)
        }
    }
}

/// `lab status` of a lab on the kernel's bridge: the lab, and no switch of ours.
fn kernel_status(l: &lab::Lab, json: bool) -> Result<u8> {
    if json {
        let v = serde_json::json!({"lab": l, "switch": null});
        println!("{}", crate::json::pretty(&v)?);
        return Ok(exit::OK);
    }
    show!(
        "lab {}: topology {}, profile {}, the kernel's bridge {} in netns {} (see it with `promisc lab exec --name {} switch -- bridge -d link show`)",
        l.name,
        l.topology.as_str(),
        l.profile,
        lab::kernel::BRIDGE,
        l.switch_netns,
        l.name
    );
    for h in &l.hosts {
        show!(
            "  {:<10} {:<14} {:<8} MAC {}  port {}  netns {}",
            h.name,
            h.ip,
            h.interface,
            h.mac,
            h.port,
            h.netns
        );
    }
    Ok(exit::OK)
}
