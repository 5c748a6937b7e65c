//! `-n NETNS` / `--netns NETNS`: the network namespace a command runs in, as `ip -n NETNS`.
//!
//! The rule: `-n` and `--netns` name a namespace before the subcommand (`promisc -n blue
//! status`, the word order of `ip -n blue link`) and after it (`promisc status -n blue`), for
//! the subcommands of [`NETNS_COMMANDS`]. `capture` and `read` keep tcpdump's `-n` (no name
//! resolution) and take no namespace, so a namespace before them is refused with the fix
//! (`ip netns exec`). Before the subcommand, `-n` is the only flag accepted.

use clap::Args;

/// The subcommands that run in a namespace given with `-n`/`--netns` (before or after the
/// subcommand's name); no subcommand is `status`.
pub const NETNS_COMMANDS: [&str; 8] = [
    "status", "on", "off", "hold", "watch", "detect", "doctor", "exporter",
];

/// The top-level usage: status's flags alone, or a subcommand with `-n` before it.
pub const USAGE: &str = "promisc [OPTIONS] [IFACE]...
       promisc [-n NETNS] <COMMAND> [ARGS]...";

/// The namespace flag of the subcommands of [`NETNS_COMMANDS`].
#[derive(Debug, Args)]
pub struct NetnsArg {
    /// Run in network namespace NETNS, as `ip -n NETNS` (before or after the subcommand): a
    /// name of /run/netns, `default` (the initial namespace), pid:PID (that process's) or the
    /// path of a namespace file (/proc/PID/ns/net, /var/run/docker/netns/ID). Needs
    /// CAP_SYS_ADMIN.
    ///
    /// `promisc -n blue status`, `promisc status -n blue` and `promisc status --netns blue`
    /// are the same; before the subcommand -n is the only flag, and it may stand there for
    /// status, on, off, hold, watch, detect, doctor and exporter. capture and read keep
    /// tcpdump's -n (no name resolution) and take no namespace: run them under `ip netns exec
    /// NETNS`. The command runs as if started inside NETNS (promisc enters it before anything
    /// else): status shows its interfaces, on, off and hold act on an interface there, and
    /// hold's COMMAND and watch --exec's commands run there too; the exporter reads NETNS but
    /// listens where it was started. No such namespace: exit 3, with the names of /run/netns;
    /// entering it refused: exit 4.
    #[arg(short = 'n', long, value_name = "NETNS")]
    pub netns: Option<String>,
}
