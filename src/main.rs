//! `promisc`: see, control and test Linux promiscuous mode.
//!
//! The binary is thin: it parses arguments, calls `promisc-sys` for kernel facts and
//! `promisc-state` for their meaning, and prints. Exit codes are in [`exit`].
#![forbid(unsafe_code)]

mod cmd;
mod exit;

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Examples:
  promisc                                  status of every interface (same as `promisc status`)
  promisc status eth0 --json               one interface, as JSON
  promisc status --all-netns               every network namespace (named and of processes)
  promisc status --check --allow bridge_port --allow packet_socket:comm=tcpdump
                                           audit: exit 1 if anything else holds promiscuity
  promisc on eth0 / promisc off eth0       set / clear the user flag (what `ip link` shows)
  promisc hold eth0 --for 30s              hold promiscuous mode for 30 seconds
  promisc hold eth0 -- ping -c 3 10.0.0.1  hold it while a command runs

Exit codes:
  0  success (for --check: every holder is allowed)
  1  --check found a holder (or an unattributed residual) that no rule allows
  2  bad arguments
  3  no such interface (the message lists the interfaces that exist)
  4  missing privilege (CAP_NET_ADMIN for on/off, CAP_NET_RAW for hold)
  5  any other system error
  hold -- COMMAND exits with COMMAND's exit code (128+N if a signal N killed it)";

/// See, control and test Linux promiscuous mode: the real state, the kernel's promiscuity
/// counter, and every holder of it.
#[derive(Debug, Parser)]
#[command(
    name = "promisc",
    version,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no subcommand, the arguments of `promisc status`.
    #[command(flatten)]
    status: StatusArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show each interface's real promiscuous state, counters and holders (the default).
    Status(StatusArgs),
    /// Set the user promiscuous flag (what `ip link` shows as PROMISC). Needs CAP_NET_ADMIN.
    On(FlagArgs),
    /// Clear the user promiscuous flag; says so when other holders keep the interface
    /// promiscuous. Needs CAP_NET_ADMIN.
    Off(FlagArgs),
    /// Hold promiscuous mode through a packet-socket membership until a duration ends, a
    /// command exits, or Ctrl-C. The kernel releases it even on kill -9. Needs CAP_NET_RAW.
    Hold(HoldArgs),
}

/// Arguments of `promisc status`.
#[derive(Debug, Args)]
struct StatusArgs {
    /// Only these interfaces (default: all).
    #[arg(value_name = "IFACE")]
    interfaces: Vec<String>,
    /// Print JSON: an array with one object per interface.
    #[arg(long)]
    json: bool,
    /// List the interfaces of every network namespace (named ones under /run/netns and those
    /// of running processes). Holders in other namespaces are found without it.
    #[arg(long)]
    all_netns: bool,
    /// Audit: exit 1 when a promiscuous interface has a holder that no --allow rule accepts.
    #[arg(long)]
    check: bool,
    /// With --check: accept holders matching RULE = KIND[:key=value[,key=value]], where KIND
    /// is user_flag, packet_socket, bridge_port, macvlan, vlan, macsec, bond, team,
    /// openvswitch, hsr, upper, uc_promisc, unattributed or *, and keys are comm, pid, uid,
    /// device, iface, netns. Repeatable.
    #[arg(long, value_name = "RULE", requires = "check")]
    allow: Vec<String>,
}

/// Arguments of `promisc on` and `promisc off`.
#[derive(Debug, Args)]
struct FlagArgs {
    /// The interface.
    #[arg(value_name = "IFACE")]
    interface: String,
    /// Use the SIOCGIFFLAGS/SIOCSIFFLAGS ioctls (as ifconfig does) instead of RTM_NEWLINK.
    #[arg(long)]
    ioctl: bool,
}

/// Arguments of `promisc hold`.
#[derive(Debug, Args)]
struct HoldArgs {
    /// The interfaces to hold promiscuous.
    #[arg(value_name = "IFACE", required = true)]
    interfaces: Vec<String>,
    /// Release after this long (e.g. 30s, 5m, 1h30m, 500ms).
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_duration)]
    duration: Option<Duration>,
    /// Run this command while holding, and exit with its exit code.
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<String>,
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    if let Ok(secs) = s.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Ok(Duration::from_secs_f64(secs));
        }
    }
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 30s, 5m, 1h30m, 500ms)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => cmd::status::run(&cli.status),
        Some(Command::Status(a)) => cmd::status::run(&a),
        Some(Command::On(a)) => cmd::flag::run(&a.interface, true, a.ioctl),
        Some(Command::Off(a)) => cmd::flag::run(&a.interface, false, a.ioctl),
        Some(Command::Hold(a)) => cmd::hold::run(&a.interfaces, a.duration, &a.command),
    };
    exit::finish(result)
}
