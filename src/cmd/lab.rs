//! `promisc lab`: build, probe and remove the nested-VM lab.

use anyhow::Result;
use promisc_lab::lab::{self, Kind, Lab, LabError};
use promisc_vswitch::policy::Profile;

use crate::exit;
use crate::flags::low::{LabAction, ProfileArg, TopologyArg};

/// Runs one `lab` subcommand.
pub fn run(action: LabAction) -> Result<u8> {
    match action {
        LabAction::Up {
            topology,
            profile,
            learning,
            name,
        } => {
            let kind = match topology {
                TopologyArg::Nested => Kind::Nested,
                TopologyArg::Macvlan => Kind::Macvlan,
            };
            let profile = match profile {
                ProfileArg::Vsphere7 => Profile::Vsphere7,
                ProfileArg::Vsphere6 => Profile::Vsphere6,
                ProfileArg::Workstation => Profile::Workstation,
                ProfileArg::Open => Profile::Open,
            };
            let name = name.unwrap_or_else(|| kind.as_str().to_string());
            let l = Lab::new(&name, kind, profile, learning);
            let exe = std::env::current_exe()?;
            lab::up(&l, &exe, &mut |line| eprintln!("promisc: {line}")).map_err(lab_error)?;
            if profile == Profile::Workstation {
                eprintln!(
                    "promisc: vmnet device {} is root's, mode 0600: the VM user `nobody` cannot open it",
                    l.vmnet()
                );
            }
            Ok(exit::OK)
        }
        LabAction::Down { name } => {
            let l = lab::load(name.as_deref()).map_err(lab_error)?;
            for r in lab::down(&l).map_err(lab_error)? {
                eprintln!("promisc: removed {r}");
            }
            Ok(exit::OK)
        }
        LabAction::Matrix { name, json } => {
            let l = lab::load(name.as_deref()).map_err(lab_error)?;
            let m = lab::matrix(&l).map_err(lab_error)?;
            if json {
                println!("{}", crate::json::pretty(&m)?);
            } else {
                print!("{}", m.to_text());
            }
            Ok(exit::OK)
        }
        LabAction::Exec {
            name,
            host,
            command,
        } => {
            let l = lab::load(name.as_deref()).map_err(lab_error)?;
            let status = lab::exec(&l, &host, &command).map_err(lab_error)?;
            Ok(status
                .code()
                .map_or(exit::SYSTEM, |c| c.clamp(0, 255) as u8))
        }
        LabAction::Set {
            name,
            settings,
            portgroup,
        } => {
            let l = lab::load(name.as_deref()).map_err(lab_error)?;
            for c in lab::set(&l, portgroup, settings).map_err(lab_error)? {
                eprintln!("promisc: lab {}: {c}", l.name);
            }
            Ok(exit::OK)
        }
        LabAction::Status { name, json } => {
            let l = lab::load(name.as_deref()).map_err(lab_error)?;
            let s = lab::stats(&l).map_err(lab_error)?;
            if json {
                let v = serde_json::json!({"lab": l, "switch": s});
                println!("{}", crate::json::pretty(&v)?);
                return Ok(exit::OK);
            }
            println!(
                "lab {}: topology {}, profile {}{}, switch {} in netns {}",
                l.name,
                l.topology.as_str(),
                l.profile.as_str(),
                if l.learning { ", MAC learning" } else { "" },
                l.switch,
                l.switch_netns
            );
            for h in &l.hosts {
                println!(
                    "  {:<10} {:<14} {:<8} MAC {}  port {}  netns {}",
                    h.name, h.ip, h.interface, h.mac, h.port, h.netns
                );
            }
            print!("{}", s.to_text());
            Ok(exit::OK)
        }
    }
}

fn lab_error(e: LabError) -> anyhow::Error {
    let code = match &e {
        LabError::Exists(_)
        | LabError::NotFound { .. }
        | LabError::None
        | LabError::Ambiguous(_)
        | LabError::BadName(_)
        | LabError::UnknownHost { .. } => exit::USAGE,
        LabError::Sys(promisc_sys::Error::Permission { .. }) | LabError::NotRoot => {
            exit::PERMISSION
        }
        _ => exit::SYSTEM,
    };
    exit::fail(code, e.to_string())
}
