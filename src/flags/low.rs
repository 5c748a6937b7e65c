//! The command line as clap parses it: one struct per subcommand, the output flags that
//! capture and read share defined once. Rules between flags that clap can state are stated
//! here (`requires`, `conflicts_with`); the rest are checked in the binary (`flags::high`).

use std::time::Duration;

use clap::{Args, Parser, Subcommand};

#[path = "low_netns.rs"]
mod netns;
#[path = "low_values.rs"]
mod values;
pub use netns::{NetnsArg, NETNS_COMMANDS, USAGE};
pub use values::{
    parse_duration, ColorWhen, DirectionArg, FormatArg, PrecisionArg, ProfileArg, TopologyArg,
};
#[path = "low_log.rs"]
mod log;
pub use log::LogArgs;
#[path = "low_tcpdump5.rs"]
mod tcpdump5;
pub use tcpdump5::{SkipArg, Tcpdump5Args};

const AFTER_HELP: &str = "\
Examples:
  promisc                                  status of every interface (same as `promisc status`)
  promisc status eth0 --json               one interface, as JSON
  promisc status --all-netns               every network namespace (named and of processes)
  promisc -n blue status -j -p             namespace blue (of /run/netns) as `ip -n blue`, as
                                           indented JSON; the same: promisc status -n blue -j -p
  promisc -n blue on veth0                 -n NETNS (--netns) runs status, on, off, hold, watch,
                                           detect, doctor and exporter in NETNS (see -n below)
  promisc status --check --allow bridge_port --allow packet_socket:comm=tcpdump
                                           audit: exit 1 if anything else holds promiscuity
  promisc status --check --allow 'packet_socket:pod=monitoring/*' --allow packet_socket:unit=suricata.service
                                           allow the sniffers of a pod namespace and a unit
  promisc on eth0 / promisc off eth0       set / clear the user flag (what `ip link` shows)
  promisc hold eth0 --for 30s              hold promiscuous mode for 30 seconds
  promisc hold eth0 -- ping -c 3 10.0.0.1  hold it while a command runs
  promisc capture -i eth0 -c 10            print 10 packets, one line each (tcpdump -n style)
  promisc capture -i eth0 -i eth1 -w both.pcapng
                                           two interfaces in one pcapng file
  promisc capture -i eth0 -w cap.pcap -C 100 -W 10
                                           rotate every 100 MB over 10 files
  promisc read -r cap.pcapng -e            print a file with link-layer headers
  promisc capture -i eth0 'tcp port 443'   a pcap-filter(7) expression, as with tcpdump
  promisc filter -d 'udp and not port 53'  the compiled classic BPF program (tcpdump -d)
  promisc vswitch run --config sw.toml     a VMware-style virtual switch (docs/VSWITCH.md)
  promisc lab up nested && promisc lab matrix
                                           the nested-VM failure in namespaces, with its ping table

Exit codes:
  0  success (for --check: every holder is allowed)
  1  --check found a holder (or an unattributed residual) that no rule allows
  2  bad arguments, also a file an argument names that cannot be read (read -r, -F,
     --bpf-file, vswitch --config) or is not what it must be
  3  no such interface, or for -n no such network namespace (the message lists those
     that exist)
  4  missing privilege (CAP_NET_ADMIN for on/off, CAP_NET_RAW for hold and capture,
     CAP_SYS_ADMIN for -n/--netns)
  5  any other system error (for capture: also a write error such as a full disk;
     the file keeps every packet written before it; for watch and exporter: a --log or
     --syslog socket nobody listens on)
  6  read: the file is damaged or truncated (after every good packet was processed)
  7  capture: every interface captured on was deleted meanwhile (the file keeps every
     packet captured; an interface that goes down is waited for)
  130  interrupted by a signal before it was done (doctor, lab up): what it had changed
     is restored (capture, hold, watch and the exporter end on SIGINT with 0)
  hold -- COMMAND exits with COMMAND's exit code (128+N if a signal N killed it)";

/// See, control and test Linux promiscuous mode: the real state, the kernel's promiscuity
/// counter, and every holder of it.
#[derive(Debug, Parser)]
#[command(name = "promisc", version, after_help = AFTER_HELP, override_usage = USAGE)]
pub struct Cli {
    /// The subcommand; none means `status`.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no subcommand, the arguments of `promisc status`.
    #[command(flatten)]
    pub status: StatusArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Capture packets on TPACKET_V3 rings: print them one per line, or write pcap/pcapng.
    /// Flags follow tcpdump. Needs CAP_NET_RAW.
    Capture(CaptureArgs),
    /// Read a pcap or pcapng file: print it one packet per line, or rewrite it.
    Read(ReadArgs),
    /// Compile a pcap-filter(7) expression to classic BPF and print it as tcpdump -d, -dd or
    /// -ddd does, or count the packets of a file it matches.
    Filter(FilterArgs),
    /// A VMware-style virtual switch in user space: three security policies per port group,
    /// MAC learning, every dropped frame counted by reason. Needs root.
    Vswitch(VswitchArgs),
    /// The "nested VM has no network" failure reproduced in network namespaces, with its
    /// ping table and the reason of every failing pair. Needs root.
    Lab(LabArgs),
    /// From inside a guest (or on a VMware Workstation host): why frames for other MACs do not
    /// arrive, which virtual-switch policy blocks them, and the fix on each platform.
    /// Needs CAP_NET_RAW (CAP_NET_ADMIN for --intrusive).
    Doctor(DoctorArgs),
    /// Find promiscuous hosts on the LAN with ARP probes to bogus group addresses (nmap's
    /// sniffer-detect, all hosts in parallel). Needs CAP_NET_RAW.
    Detect(DetectArgs),
    /// Report every change of promiscuity (and allmulti) as it happens, with the holder that
    /// appeared or left. Needs root to name other users' processes and other namespaces.
    Watch(WatchArgs),
    /// Serve every interface's promiscuity and holders as Prometheus metrics (/metrics),
    /// kept current by the watch engine.
    Exporter(ExporterArgs),
    /// Print a shell completion script to standard output (bash, zsh, fish, elvish,
    /// powershell).
    #[command(after_help = "\
Examples:
  promisc completions bash > /etc/bash_completion.d/promisc
  promisc completions zsh > \"${fpath[1]}/_promisc\"
  promisc completions fish > ~/.config/fish/completions/promisc.fish

The Debian package installs the bash, zsh and fish scripts where those shells look for them.")]
    Completions(CompletionsArgs),
}

/// Arguments of `promisc completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The exporter's default address: localhost, port 10073.
pub const EXPORTER_ADDRESS: &str = "127.0.0.1:10073";

/// Arguments of `promisc exporter`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc exporter                                   http://127.0.0.1:10073/metrics
  promisc exporter --web.listen-address :10073       every address (mind the firewall)
  promisc exporter --web.listen-address localhost:0  a free port, announced on stderr
  promisc exporter --allow bridge_port --allow packet_socket:comm=tcpdump
                                                     promisc_interface_unexpected_holders counts the rest
  promisc exporter --web.config.file /etc/promisc/web.yml   TLS and basic authentication
  promisc exporter --syslog=udp:siem.example:514 --syslog-facility local4
                                                     also each event to a SIEM (RFC 5424)

Metrics (labels netns and device, as node_exporter names interfaces):
promisc_interface_promiscuity, promisc_interface_promisc (0/1), promisc_interface_user_flag,
promisc_interface_allmulti, promisc_interface_unattributed,
promisc_interface_rx_otherhost_dropped_total, promisc_promiscuity_changes_total (every change
of the counter since the start), promisc_holder_changes_total (holders that came or left, by
kind), promisc_interface_unexpected_holders (with
--allow), promisc_holder (the number of holders with its labels: kind, comm for packet
sockets, holder_device and holder_netns for stacked ones, and pod, container and unit where
the process, or what is at the other end of a port's veth, runs in one; no pid or socket
inode, which would
make a new series per capture run: `promisc status` names them),
promisc_exporter_scrape_duration_seconds, promisc_build_info. Series are sorted by their
labels. An interface name that is not UTF-8 has each such byte written \\xHH and a backslash
doubled (inv\\xff\\xfe), so two names never share a series. A scrape reads a cache the watch
engine keeps current.
HTTP: keep-alive and pipelining, GET and HEAD; a request head over 16 KiB gets 431; each request
has 10 s from the connection (or the previous request) to its answer, or the connection is
closed; up to 1024 connections at once. --web.config.file takes Prometheus's exporter-toolkit
YAML: tls_server_config (cert_file, key_file, client_auth_type, client_ca_file, min_version,
max_version: TLS 1.2 and 1.3; the certificate and key are read again when their files change),
basic_auth_users (user: bcrypt hash), http_server_config.headers; unknown keys, cipher_suites
and curve_preferences are errors. Deployment: deploy/promisc-exporter.service (with an allow
list a default host passes), alerting rules: deploy/alerts.yml (tests: deploy/alerts_test.yml).
Events are logged as watch logs them (--log, --syslog; under systemd to the journal).
Exit codes: 0 after SIGINT/SIGTERM; 2 a bad address, a port in use, a bad --web.config.file,
a bad --log or --syslog; 5 a --log or --syslog socket nobody listens on.")]
pub struct ExporterArgs {
    /// Address to listen on (localhost unless told otherwise).
    #[arg(long = "web.listen-address", value_name = "ADDR", default_value = EXPORTER_ADDRESS)]
    pub listen_address: String,
    /// Accept holders matching RULE (as status --check --allow); the others are counted in
    /// promisc_interface_unexpected_holders.
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
    /// Every network namespace.
    #[arg(long, conflicts_with = "netns")]
    pub all_netns: bool,
    /// How often everything is read again (100ms to 1h).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "2s")]
    pub interval: Duration,
    /// TLS and basic authentication: Prometheus's exporter-toolkit web configuration (YAML:
    /// tls_server_config, http_server_config, basic_auth_users).
    #[arg(long = "web.config.file", value_name = "FILE")]
    pub web_config: Option<std::path::PathBuf>,
    /// The network namespace to run in (`-n`, `--netns`).
    #[command(flatten)]
    pub netns: NetnsArg,
    /// Logging each event (journal, syslog).
    #[command(flatten)]
    pub log: LogArgs,
}

/// Arguments of `promisc watch`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc watch                          every interface of this namespace
  promisc watch eth0 --json              one interface, one JSON object per line (NDJSON)
  promisc watch --all-netns              every namespace, also those created later (named
                                         ones as soon as they are bound in /run/netns)
  promisc watch --exec 'logger -t promisc \"$PROMISC_INTERFACE $PROMISC_EVENT $PROMISC_HOLDER\"'
  promisc watch --all-netns --summary 1h who flaps promiscuity, and why, once an hour
  promisc watch --log journal            also to the journal: journalctl PROMISC_POD=kube-system/x
  promisc watch --syslog                 also to /dev/log as RFC 5424 with structured data
  promisc watch --syslog=udp:192.0.2.10:514   to a remote syslog daemon over UDP

Events: holder_added, holder_removed, counter_changed (the counter moved and no holder
appeared or left: one that came and went too fast to be read is reported so, with the holder
unknown), interface_added (at 0, then one holder_added per holder it has), interface_removed.
Sources: netlink (a link notification), poll (the re-read every --interval: uc_promisc changes
send no notification), with the kernel log's 'entered/left promiscuous mode' line as the note
when /dev/kmsg is readable. Without privileges only this namespace is watched.
--exec runs `sh -c CMD` per event, without waiting for it, with PROMISC_EVENT, PROMISC_TIME,
PROMISC_NETNS, PROMISC_IFINDEX, PROMISC_INTERFACE, PROMISC_PROMISCUITY_BEFORE,
PROMISC_PROMISCUITY_AFTER, PROMISC_PROMISC (0/1), PROMISC_HOLDER (its description, empty when
none), PROMISC_HOLDER_KIND, PROMISC_SOURCE and PROMISC_JSON (the whole event) in its
environment, off the watching thread: at most 8 run at once and up to 1024 more events wait (an
event beyond that is not handed over, and a warning says so); when the watch ends, the running
ones get 5 seconds, then SIGTERM. --log/--syslog send each event with its fields
(docs/logging.md); in a systemd service (--log auto) events go to the journal natively, and
the printed lines are left out when standard output is that journal too. SIGINT and SIGTERM
end it (exit 0); a --log or --syslog socket nobody listens on is exit 5, a bad one 2.")]
pub struct WatchArgs {
    /// Only these interfaces (by name, in any watched namespace).
    #[arg(value_name = "IFACE")]
    pub interfaces: Vec<String>,
    /// Print one JSON object per event (NDJSON).
    #[arg(long)]
    pub json: bool,
    /// Watch every network namespace, also those created later.
    #[arg(long, conflicts_with = "netns")]
    pub all_netns: bool,
    /// Run this shell command for each event (at most 8 at once; up to 1024 more events
    /// wait for their turn).
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// How often everything is read again (uc_promisc, namespaces): 100ms to 1h.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "2s")]
    pub interval: Duration,
    /// Instead of each event, print every DURATION (and at the end) a table of the interfaces
    /// whose promiscuity changed, busiest first, with the holders that came and went (a process
    /// by its command and its pod, container or unit; a port by its bridge and what is at the
    /// other end of its veth) and the kernel log lines they caused; with --json, one object
    /// per interval. 1s to 1d.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "exec")]
    pub summary: Option<Duration>,
    /// The network namespace to run in (`-n`, `--netns`).
    #[command(flatten)]
    pub netns: NetnsArg,
    /// Logging each event (journal, syslog).
    #[command(flatten)]
    pub log: LogArgs,
}

/// Arguments of `promisc detect`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc detect -i eth0                     every host of eth0's IPv4 subnet
  promisc detect -i eth0 10.0.0.5-40 10.0.1.0/28 --json
  promisc detect -i eth0 --hosts-from-neigh  only the hosts in the neighbour table
  promisc detect -i eth0 --check             exit 1 when some host is promiscuous
  promisc detect -i eth0 -6                  IPv6 only: neighbour solicitations
  promisc detect -i eth0 fe80::1 fe80::2     only these IPv6 hosts

Live hosts are found with ordinary ARP requests; each, as soon as it answers, gets ARP who-has
requests to six bogus group addresses and two controls, one at a time (the next on its answer or
after 50 ms, a quarter of --timeout when longer), in nmap's order (pattern 11111111: B32 B31 B16 B8 G M0
M1 M3). Verdicts: promiscuous (answers every bogus address; so do a host with allmulticast on
and a NIC with no receive filter, such as a veth: ARP cannot tell these apart), collision (some
but not all: a multicast hash filter), not_promiscuous (the controls only), unknown (not even
the controls). Exit codes: 0 done; 1 with --check when some host is promiscuous; 2 bad
arguments or targets; 3 no such interface; 4 missing privilege (CAP_NET_RAW); 5 the interface
is down or has no carrier, or another system error.")]
pub struct DetectArgs {
    /// The interface to probe from.
    #[arg(short = 'i', long, value_name = "IFACE", required = true)]
    pub interface: String,
    /// IPv4 addresses, ranges (10.0.0.5-40) or CIDRs, and IPv6 addresses (fe80::1). Each
    /// family probes only its own targets; without any, the interface's IPv4 subnet and every
    /// IPv6 host that answers all-nodes.
    #[arg(value_name = "TARGET")]
    pub targets: Vec<String>,
    /// Frames per second, all phases together (1000 60-byte frames a second are 0.5 Mbit/s).
    #[arg(long, value_name = "PPS", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub rate: u32,
    /// How long discovery waits for answers after its last request (half of it between the
    /// first try and the retries), and each probe a quarter of it (50 ms at least); 1ms to 1m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "200ms")]
    pub timeout: Duration,
    /// Times a silent request or probe is tried again.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,
    /// The sender IP of the requests (default: the interface's address, else 0.0.0.0).
    #[arg(long, value_name = "IP")]
    pub source_ip: Option<std::net::Ipv4Addr>,
    /// Start from the neighbour table instead of discovering hosts.
    #[arg(long, conflicts_with = "targets")]
    pub hosts_from_neigh: bool,
    /// Allow more than a /16 of targets (at most a /8, 16,777,216 addresses, even so; the
    /// list takes the same memory whatever its size).
    #[arg(long)]
    pub force: bool,
    /// Print JSON: [{"ip", "mac", "verdict", "pattern", "reason"}].
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when some host is promiscuous.
    #[arg(long)]
    pub check: bool,
    /// Only find the live hosts (as arp-scan does): no probes.
    #[arg(long, conflicts_with = "check")]
    pub discover_only: bool,
    /// IPv4 only (ARP).
    #[arg(short = '4', conflicts_with = "ipv6")]
    pub ipv4: bool,
    /// IPv6 only: hosts found by an echo request to all-nodes (ff02::1), then neighbour
    /// solicitations to the same bogus group addresses (the all-hosts control becomes the
    /// host's solicited-node group, S). Default: both, IPv6 where the interface has a
    /// link-local address.
    #[arg(short = '6')]
    pub ipv6: bool,
    /// The network namespace to run in (`-n`, `--netns`).
    #[command(flatten)]
    pub netns: NetnsArg,
}

/// Arguments of `promisc doctor`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc doctor                       the default route's interface (or the first port of its bridge)
  promisc doctor -i eth0 --json        one interface, as JSON
  promisc doctor -i eth1 --intrusive   also test MAC address changes (eth1's MAC changes for a second)
  promisc doctor --vm-user alice       on a Workstation host: can alice read and write /dev/vmnet*?
  promisc doctor --platform proxmox    recognition was wrong: Proxmox's fix first
  promisc doctor --host                on a VM host: can a nested guest work at each guest's port?

Checks, in order: the platform and NIC; whether this guest needs frames for other MACs; local
promiscuity and its holders; rx_otherhost_dropped; ip_forward and rp_filter; vmnet files;
promiscuous delivery (promiscuous mode held for --passive); forged transmits and the return path
(ARP probes with sender IP 0.0.0.0 to the gateway, from random locally administered MACs, 3 of
each, at most 4 frames a second; -v lists them); known unicast, when frames for a never-seen MAC
arrive (ARP probes to up to two other stations of the ARP table, then 2 echo requests to the
gateway from our IP and 2 from our MAC with the IP of a station that answered: its replies reach
us only under promiscuous delivery; never on bare metal); MAC changes (--intrusive only, never
on the interface of the default route). The platform is recognised from DMI, then the hypervisor
signature the kernel shows, then the MAC prefix; on bare metal no frame with a foreign source
MAC is sent without --intrusive (a hoster can lock a server that sends them). On a terminal,
progress goes to stderr. Nothing changed is left changed. Exit code 0 whatever is found;
2 bad arguments, 3 no such interface, 4 missing privilege.

--host looks at this machine's own configuration instead, port by port (taps and veths in a
bridge, macvlans and macvtaps, vmnet devices): bridge port learning, flood, locked and isolated,
the bridge's forwarding table, nftables rules that drop foreign source MACs (nft -j list
ruleset), the macvlan mode, vmnet permissions; and names the guest behind each port. It sends
nothing and changes nothing.")]
pub struct DoctorArgs {
    /// The interface (default: the default route's; for a bridge, its first port).
    #[arg(short = 'i', long, value_name = "IFACE")]
    pub interface: Option<String>,
    /// Print JSON: {"interface", "findings": [{"check", "status", "evidence", "fix"}], "policies", ...}.
    #[arg(long)]
    pub json: bool,
    /// On a Linux host of VMs or containers: whether a nested VM (or a container with its own
    /// MAC) can work in the guest behind each port, and what in this host's configuration
    /// blocks it.
    #[arg(long, conflicts_with_all = ["interface", "intrusive", "platform"])]
    pub host: bool,
    /// Also test MAC address changes: sets a made-up MAC for about a second, then restores it.
    #[arg(long)]
    pub intrusive: bool,
    /// Print each step and every frame sent (on stderr).
    #[arg(short = 'v', long)]
    pub verbose: bool,
    /// How long to hold promiscuous mode for the passive check (at most 10m).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "3s")]
    pub passive: Duration,
    /// Where vmnet device files are (default /dev).
    #[arg(long, value_name = "DIR")]
    pub vmnet_dir: Option<String>,
    /// A user that runs VMs, whose access to the vmnet files is checked (repeatable; default:
    /// the users running vmware-vmx).
    #[arg(long = "vm-user", value_name = "USER")]
    pub vm_users: Vec<String>,
    /// The platform, when recognition (DMI, hypervisor signature, MAC prefix) is wrong: vmware,
    /// vsphere, workstation, fusion, virtualbox, hyperv, kvm (libvirt), proxmox, lxd (incus),
    /// xen, openstack, azure, aws, gcp or bare-metal. Its fix is shown first.
    #[arg(long, value_name = "NAME")]
    pub platform: Option<String>,
    /// The network namespace to run in (`-n`, `--netns`).
    #[command(flatten)]
    pub netns: NetnsArg,
}

/// Arguments of `promisc vswitch`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc vswitch run --config vswitch.toml      run the switch until Ctrl-C (schema: docs/VSWITCH.md)
  promisc vswitch stats                          ports, MACs, promiscuous requests and drops
  promisc vswitch stats --json vswitch0          the same as JSON
  promisc vswitch set vswitch0 promiscuous=accept            every port group
  promisc vswitch set vswitch0 'VM Network' forged_transmits=accept
  kill -USR1 $(pidof promisc)                    a running switch prints its statistics

Exit codes: 0 success; 2 bad configuration (file:line:column: key: problem); 3 a port's device
does not exist (the message lists those that do); 4 missing privilege; 5 other system errors.")]
pub struct VswitchArgs {
    /// What to do with a switch.
    #[command(subcommand)]
    pub action: VswitchAction,
}

/// `promisc vswitch` subcommands.
#[derive(Debug, Subcommand)]
pub enum VswitchAction {
    /// Run the switch in the foreground until SIGINT or SIGTERM (SIGUSR1 prints statistics).
    Run {
        /// The TOML configuration (docs/VSWITCH.md).
        #[arg(long, short = 'c', value_name = "FILE")]
        config: String,
    },
    /// Statistics of a running switch: per port the configured and effective MAC, the guest's
    /// promiscuous request and the policy's answer, frames in and out, drops by reason.
    Stats {
        /// The switch (default: the only one running).
        name: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change policies or the mode of a running switch: promiscuous, mac_changes,
    /// forged_transmits = accept|reject, mode = static|learning, profile = a profile's name
    /// (all its settings, e.g. profile=virtualbox-allow-all).
    Set {
        /// The switch.
        name: String,
        /// A port group or port (optional), then key=value settings.
        #[arg(value_name = "[TARGET] KEY=VALUE", required = true)]
        settings: Vec<String>,
        /// The port group (or port) to change; without it, every port group.
        #[arg(long, value_name = "GROUP")]
        portgroup: Option<String>,
    },
}

/// Arguments of `promisc lab`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc lab up nested                          nested ESXi on VMware Workstation (profile workstation)
  promisc lab matrix                             who reaches whom, and why not
  promisc lab exec guest -- ip -d link show eth0 a command inside a host of the lab
  chmod a+rw /run/promisc/lab/nested/vmnet0      what the usual forum answer does...
  promisc lab matrix                             ...and everything reaches everything
  promisc lab up nested --profile vsphere7 --name v7
  promisc lab set --name v7 forged_transmits=accept promiscuous=accept
  promisc lab up macvlan --profile vsphere6      Docker macvlan inside a VM
  promisc lab up nested --profile virtualbox-deny --name vb
  promisc lab set --name vb profile=virtualbox-allow-all   VBoxManage ... --nic-promisc1 allow-all
  promisc lab up nested --profile kvm-static --name ks       the kernel's bridge, not our switch
  promisc lab exec --name ks switch -- bridge link set dev vs-guest learning on flood on
  promisc lab status                             topology, profile and switch counters
  promisc lab down                               remove the switch, every namespace and file

Hosts: outside (another network, routed by host), host (the physical host, vmnet adapter on the
switch), guest (the VM: its vNIC is a switch port), nested or container (behind the guest),
neighbour (another VM, pinging host every 200 ms). Addresses are 192.0.2.0/24 and
198.51.100.0/24.

Files: /run/promisc/lab/NAME (mode 0755, files 0644, vmnet0 0600, whatever the umask): lab.json
(the lab), vswitch.toml, vswitch.log, and for the switch and the neighbour's ping a pid file
and a .proc record (start time, executable). Every command checks NAME (1 to 20 letters,
digits or -). A lab's files are used only if root alone can have written them (a directory or
file, not a link, root's, not writable by group or others) and lab.json only if it is what lab
up writes (its namespaces promisc-lab-NAME-HOST, its hosts and interfaces the topology's).
down goes by NAME alone: it removes the namespaces promisc-lab-NAME-HOST and the directory, also
what an unfinished up left, and signals a recorded pid only while it is still the process the
lab started.

Exit codes: 0 success (matrix: whatever the table shows); 2 bad arguments: a NAME that cannot
name a lab, no such lab or host, a lab whose up did not finish (down removes it), a setting
or port group the switch refuses (set); 4 missing privilege; 5 a command or the switch
failed, the switch died (down removes the lab), or the lab's files are not root's alone or
not what lab up writes (refused: down removes the lab by NAME alone). exec exits with
COMMAND's exit code (128+N if a signal N killed it), 5 if COMMAND cannot be found or run.")]
pub struct LabArgs {
    /// What to do with a lab.
    #[command(subcommand)]
    pub action: LabAction,
}

/// `promisc lab` subcommands.
#[derive(Debug, Subcommand)]
pub enum LabAction {
    /// Build a lab in fresh namespaces and start its switch.
    Up {
        /// The topology.
        #[arg(value_enum)]
        topology: TopologyArg,
        /// The port group's profile.
        #[arg(long, value_enum, default_value = "workstation")]
        profile: ProfileArg,
        /// The switch learns MACs (vSphere 6.7+ MAC learning).
        #[arg(long)]
        learning: bool,
        /// The lab's name (default: the topology's).
        #[arg(long)]
        name: Option<String>,
    },
    /// Remove the lab: its switch, every namespace and file.
    Down {
        /// The lab (default: the only one).
        #[arg(long)]
        name: Option<String>,
    },
    /// Ping every ordered pair of hosts and print the reachability table, with the reason of
    /// every failing pair.
    Matrix {
        /// The lab (default: the only one).
        #[arg(long)]
        name: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run a command in a host's namespace (hosts: outside, host, guest, nested or container,
    /// neighbour, switch).
    Exec {
        /// The lab (default: the only one).
        #[arg(long)]
        name: Option<String>,
        /// The host.
        host: String,
        /// The command.
        #[arg(last = true, required = true, value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Change the switch's policies live (promiscuous=accept, ..., or a platform's own
    /// setting as a profile: profile=virtualbox-allow-all, profile=hyperv-spoofing).
    Set {
        /// The lab (default: the only one).
        #[arg(long)]
        name: Option<String>,
        /// key=value settings.
        #[arg(required = true, value_name = "KEY=VALUE")]
        settings: Vec<String>,
        /// A port group or port (default: every port group).
        #[arg(long, value_name = "GROUP")]
        portgroup: Option<String>,
    },
    /// The topology, the profile and the switch's counters.
    Status {
        /// The lab (default: the only one).
        #[arg(long)]
        name: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Arguments of `promisc filter`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc filter -d 'tcp port 80'          the program, one instruction per line (tcpdump -d)
  promisc filter -ddd 'udp' > udp.bpf      decimal form, for --bpf-file and tc's bpf bytecode
  promisc filter -y LINUX_SLL2 -d 'inbound and icmp'
  promisc filter --test cap.pcap 'host 10.0.0.1 and not port 22'")]
pub struct FilterArgs {
    /// Print the program: -d readable, -dd as a C array, -ddd as decimal numbers.
    #[arg(short = 'd', action = clap::ArgAction::Count)]
    pub dump: u8,
    /// The link type: EN10MB (Ethernet, the default), LINUX_SLL2 (what -i any captures),
    /// LINUX_SLL, NULL, LOOP, RAW, IPV4, IPV6, SLIP, PPP, PPP_SERIAL, PPP_PPPD, C_HDLC, IEEE802_11,
    /// IEEE802_11_RADIO (radiotap), PRISM_HEADER, IEEE802_11_RADIO_AVS or PPI.
    #[arg(short = 'y', value_name = "LINKTYPE", default_value = "EN10MB")]
    pub linktype: String,
    /// Do not optimize the program.
    #[arg(short = 'O', long = "no-optimize")]
    pub no_optimize: bool,
    /// Compile for a live Linux socket (VLAN tags as the kernel's metadata), as capture does.
    #[arg(long)]
    pub live: bool,
    /// The value an accepting program returns (the snapshot length; 0 means 262144, as
    /// for capture).
    #[arg(short = 's', value_name = "SNAPLEN", default_value_t = promisc_wire::DEFAULT_SNAPLEN)]
    pub snaplen: u32,
    /// Count the packets of FILE (pcap or pcapng) the expression matches.
    #[arg(long, value_name = "FILE")]
    pub test: Option<String>,
    /// The pcap-filter(7) expression (several words are joined with spaces).
    #[arg(value_name = "EXPRESSION", required = true, trailing_var_arg = true)]
    pub expression: Vec<String>,
}

/// The output flags of `capture` and `read`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Numeric output: no host or port names (`-nn` as `-n`). Without it, ports are named from
    /// /etc/services and hosts by the system resolver, waiting at most 50 ms per new address.
    #[arg(short = 'n', action = clap::ArgAction::Count)]
    pub numeric: u8,
    /// Verbose: more fields of each header (`-vv`, `-vvv` for more), as tcpdump.
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Hex dump of each packet after its line, from the network header (`-xx`: the whole frame).
    #[arg(short = 'x', action = clap::ArgAction::Count)]
    pub hex: u8,
    /// Hex and ASCII dump of each packet after its line (`-XX`: the whole frame).
    #[arg(short = 'X', action = clap::ArgAction::Count)]
    pub hex_ascii: u8,
    /// ASCII dump of each packet after its line (`-AA`: the whole frame).
    #[arg(short = 'A', action = clap::ArgAction::Count)]
    pub ascii: u8,
    /// Time stamps: -t none, -tt seconds since the epoch, -ttt since the previous packet,
    /// -tttt date and time, -ttttt since the first packet.
    #[arg(short = 't', action = clap::ArgAction::Count)]
    pub time_stamps: u8,
    /// Absolute TCP sequence numbers (SACK blocks too).
    #[arg(short = 'S', long = "absolute-tcp-sequence-numbers")]
    pub absolute_seq: bool,
    /// A packet number before each line (from 1, five columns wide).
    #[arg(short = '#', long = "number")]
    pub numbers: bool,
    /// BGP: print 4-byte AS numbers in ASDOT notation (HIGH.LOW, as tcpdump -b) rather than
    /// as one number.
    #[arg(short = 'b')]
    pub asdot: bool,
    /// Print the link-level header on each line.
    #[arg(short = 'e')]
    pub link_header: bool,
    /// Quiet: less protocol detail.
    #[arg(short = 'q')]
    pub quiet: bool,
    /// Nanosecond timestamps: in pcap files (magic a1b23c4d) and printed lines.
    #[arg(long)]
    pub nano: bool,
    /// Print one JSON object per packet instead of a line of text.
    #[arg(long)]
    pub json: bool,
    /// Print every UDP payload as TYPE whatever its ports (tcpdump's -T): vat, wb, rpc, rtp,
    /// rtcp, snmp, cnfp, tftp, aodv, carp, radius, zmtp1, vxlan, pgm, pgm_zmtp1, lmp, resp, ptp,
    /// someip or domain (any case). Over TCP only zmtp1, resp and domain print a payload (the
    /// other types print none); carp, zmtp1 and resp print nothing of a UDP datagram after
    /// `IP `. A type this build has no printer for (wb, rpc, rtcp, snmp, cnfp, aodv, someip)
    /// prints the packet as without -T; lmp prints at -v the line it
    /// prints without -v. An unknown TYPE is refused (exit 2).
    #[arg(short = 'T', value_name = "TYPE")]
    pub packet_type: Option<String>,
    /// Do not verify IP, TCP or UDP checksums (-v then prints no `bad cksum`, `cksum 0x...
    /// (correct)` or `[udp sum ok]`), as tcpdump -K.
    #[arg(short = 'K', long = "dont-verify-checksums")]
    pub no_checksums: bool,
    /// Look for 802.11s mesh control headers in 802.11 data frames (tcpdump -H); other link
    /// types print the same with it.
    #[arg(short = 'H')]
    pub mesh_headers: bool,
    /// ESP decryption secrets (tcpdump -E): not built into promisc, so refused (exit 2);
    /// without -E, ESP prints its SPI and sequence number, as tcpdump without the secrets.
    #[arg(short = 'E', value_name = "SPI@IPADDR ALGO:SECRET")]
    pub esp_secrets: Option<String>,
    /// Name each packet's interface after its time stamp (an addition: tcpdump 4.99 prints
    /// none): the pcapng interface's name, or `#N`, its number in the file, when it has none;
    /// in a capture, the -i interface.
    #[arg(long = "print-interface")]
    pub print_interface: bool,
    /// tcpdump 5's --lengths, -g and --print-sampling.
    #[command(flatten)]
    pub tcpdump5: Tcpdump5Args,
}

/// Arguments of `promisc capture` (tcpdump's letters where tcpdump has one).
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc capture -D                          interfaces as tcpdump -D, with promiscuity
  promisc capture -L -i any                   the link type -i any records (LINUX_SLL2)
  promisc capture -i eth0 --count -c 100      count 100 packets, print none
  promisc capture -i eth0 -w cap.pcap --print write and print
  promisc capture -i eth0 -F web.filter       the expression from a file (# comments)
  promisc capture -i eth0 -w all.pcap --print-sampling 100
                                              write every packet, print every 100th
  promisc capture -i eth0 -w 'cap-%F_%H%M%S_%Z.pcap' -G 3600
                                              a file an hour, named by strftime(3) in local time
  promisc capture -i eth0 -w cap.pcap -C 100 -W 10 -z gzip
                                              a ring of ten 100 MB files, each gzipped when closed

-D prints tcpdump's list (network interfaces only) and adds [promiscuous, promiscuity N]:
the real state and the kernel's counter. -j takes `host` only (the kernel's software time
stamps); --immediate-mode retires a ring block 1 ms after its first packet.

Privileges: CAP_NET_RAW opens the sockets. Once they and the first -w file are open, before
any of its threads starts, capture gives up every capability (effective, permitted,
inheritable, ambient, and the bounding set when it may) and sets no_new_privs: the packets are
parsed with none. Rotation creates its files with the capture's own permissions; only when
-C/-G write, without -Z, into a directory that just CAP_DAC_OVERRIDE lets it write (root into
another user's directory) is that one kept. -Z USER also switches to USER, who then creates
the files and must be able to write their directory; switching needs root (CAP_SETUID,
CAP_SETGID): run by a user through the binary's file capabilities, capture runs as that user
and refuses -Z of another one (exit 4).")]
#[command(group(clap::ArgGroup::new("rotation").args(["rotate_bytes", "rotate_secs"]).multiple(true)))]
pub struct CaptureArgs {
    /// Interface to capture on; repeat for several (one pcapng file keeps them apart);
    /// `any` captures on every interface with a cooked socket (LINUX_SLL2, never
    /// promiscuous). Default: the first interface that is up, not loopback.
    #[arg(short = 'i', long = "interface", value_name = "IFACE")]
    pub interfaces: Vec<String>,
    /// Do not put the interfaces into promiscuous mode.
    #[arg(short = 'p', long = "no-promiscuous-mode")]
    pub no_promisc: bool,
    /// Write packets to FILE (`-` for standard output) instead of printing them.
    #[arg(short = 'w', value_name = "FILE")]
    pub write: Option<String>,
    /// Stop after COUNT packets (at least 1; after those --skip skips).
    #[arg(short = 'c', value_name = "COUNT", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// `--skip`.
    #[command(flatten)]
    pub skip: SkipArg,
    /// Bytes kept of each packet (0 or more than 262144 means 262144).
    #[arg(short = 's', long = "snapshot-length", value_name = "SNAPLEN",
          default_value_t = promisc_wire::DEFAULT_SNAPLEN)]
    pub snaplen: u32,
    /// Ring size per socket in KiB (default 2048). From 32 MiB on, the ring is made of 8 MiB
    /// blocks, so the size is rounded to the nearest multiple of 8 MiB.
    #[arg(short = 'B', long = "buffer-size", value_name = "KIB",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub buffer_kib: Option<u64>,
    /// Start a new file before the current one would exceed MB million bytes (names: FILE,
    /// FILE1, FILE2, ...; with -W: FILE0..FILE{N-1}, reused in a ring).
    #[arg(short = 'C', value_name = "MB", requires = "write",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub rotate_bytes: Option<u64>,
    /// Start a new file every SECONDS (FILE is a strftime(3) pattern in local time, expanded
    /// when each file is opened, e.g. cap-%H%M%S.pcap).
    #[arg(short = 'G', value_name = "SECONDS", requires = "write",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub rotate_secs: Option<u64>,
    /// With -C: the number of files in the ring; with -G alone: stop after N files.
    #[arg(short = 'W', value_name = "N", requires = "write", requires = "rotation",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub file_count: Option<u32>,
    /// After -C or -G closes a file, run `COMMAND FILE` without waiting for it (tcpdump's
    /// post-rotate command, e.g. `-z gzip`); COMMAND is looked up in PATH and runs as the
    /// capture does (after -Z, as USER), without capabilities. The last file is left as is.
    #[arg(short = 'z', value_name = "COMMAND", requires = "rotation")]
    pub post_rotate: Option<String>,
    /// Become USER once the sockets are open, before any file is written (the files are then
    /// USER's; needs root).
    #[arg(short = 'Z', long = "relinquish-privileges", value_name = "USER")]
    pub user: Option<String>,
    /// Direction: in, out or inout (any case).
    #[arg(
        short = 'Q',
        long = "direction",
        value_enum,
        value_name = "DIR",
        ignore_case = true
    )]
    pub direction: Option<DirectionArg>,
    /// The link type to capture with (tcpdump -y, by name in any case): the one `capture -L`
    /// lists, EN10MB for a named interface, LINUX_SLL2 for `any`; any other is refused
    /// (exit 2).
    #[arg(short = 'y', long = "linktype", value_name = "LINKTYPE")]
    pub linktype: Option<String>,
    /// Monitor mode (tcpdump -I): refused (exit 2) with tcpdump's words on an interface that is
    /// not 802.11; on a Wi-Fi one, with the commands that make a monitor interface to capture
    /// on instead.
    #[arg(short = 'I', long = "monitor-mode")]
    pub monitor: bool,
    /// With -w: also print the packets (tcpdump's --print).
    #[arg(long = "print", requires = "write")]
    pub print: bool,
    /// Deliver each packet at once: the ring's block timeout is 1 ms (the kernel's least)
    /// instead of 100 ms on a terminal or 1000 ms otherwise.
    #[arg(long = "immediate-mode")]
    pub immediate: bool,
    /// Time stamps: micro (the default) or nano (as --nano).
    #[arg(long = "time-stamp-precision", value_enum, value_name = "PRECISION")]
    pub precision: Option<PrecisionArg>,
    /// The time-stamp type: only `host` (the kernel's software time stamp of a packet
    /// socket); the hardware types (adapter, adapter_unsynced, ...) are refused.
    #[arg(short = 'j', long = "time-stamp-type", value_name = "TYPE")]
    pub tstamp_type: Option<String>,
    /// List the time-stamp types of the interface (-i) and exit.
    #[arg(short = 'J', long = "list-time-stamp-types")]
    pub list_tstamp_types: bool,
    /// List the interfaces as tcpdump -D does, each followed by its real promiscuous state and
    /// the kernel's promiscuity counter (`[promiscuous, promiscuity 1]`), and exit.
    #[arg(short = 'D', long = "list-interfaces")]
    pub list_interfaces: bool,
    /// List the link types the interface (-i) is captured as, and exit.
    #[arg(short = 'L', long = "list-data-link-types")]
    pub list_linktypes: bool,
    /// Print no packet, only the count at the end (`N packets captured`).
    #[arg(long = "count", conflicts_with = "write")]
    pub count_only: bool,
    /// Read the filter expression from FILE (`#` starts a comment); an expression on the
    /// command line is then ignored, with a warning.
    #[arg(short = 'F', value_name = "FILE", conflicts_with = "bpf_file")]
    pub filter_file: Option<String>,
    /// How packets are printed or timestamps written.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Line-buffered output (automatic on a terminal).
    #[arg(short = 'l')]
    pub line_buffered: bool,
    /// Packet-buffered file output: write the file after every ring block.
    #[arg(short = 'U', long = "packet-buffered")]
    pub packet_buffered: bool,
    /// File format (default: from the file name; .pcapng means pcapng, otherwise pcap, or
    /// pcapng for several interfaces).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// N sockets per interface in a PACKET_FANOUT group, one thread each (multi-core capture).
    #[arg(long, value_name = "N")]
    pub fanout: Option<u16>,
    /// Attach this classic BPF program (tcpdump -ddd format) to the sockets.
    #[arg(long, value_name = "FILE")]
    pub bpf_file: Option<String>,
    /// A filter expression (pcap-filter(7)), compiled to classic BPF and attached to the
    /// sockets before any packet can arrive.
    #[arg(
        value_name = "EXPRESSION",
        trailing_var_arg = true,
        conflicts_with = "bpf_file"
    )]
    pub expression: Vec<String>,
}

/// Arguments of `promisc read`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  promisc read -r cap.pcap --count 'tcp port 80'   how many packets match (`N packets`)
  promisc read -r cap.pcap -F web.filter           the expression from a file (# comments)
  promisc read -r cap.pcap -s 96 -w head.pcap      keep the first 96 bytes of each packet
  promisc read -r cap.pcap -w copy.pcap --print    rewrite and print
  promisc read -r cap.pcap -v -T domain 'port 8053'  DNS on a port no printer is picked by
  promisc read -r multi.pcapng --print-interface   each line names its packet's interface
  promisc read -r cap.pcap -# --skip 100 -c 10     packets 101 to 110 (tcpdump 5's --skip)
  promisc read -r cap.pcap --print-sampling 1000   every 1000th packet, numbered with -#
  promisc read -r cap.pcap --lengths -v -g         `caplen N len M`, IPv4 -v on one line

-s cuts what is printed or written (tcpdump 4.99.3 accepts -r -s and ignores it).")]
pub struct ReadArgs {
    /// The pcap or pcapng file (`-` for standard input).
    #[arg(short = 'r', value_name = "FILE")]
    pub read: String,
    /// Rewrite the packets to FILE instead of printing them.
    #[arg(short = 'w', value_name = "FILE")]
    pub write: Option<String>,
    /// Stop after COUNT packets (at least 1; after those --skip skips).
    #[arg(short = 'c', value_name = "COUNT", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// `--skip`.
    #[command(flatten)]
    pub skip: SkipArg,
    /// How packets are printed or timestamps written.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Output file format (default: from the file name, else the input's).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Bytes of each packet printed or written (0 or more than 262144 means 262144).
    #[arg(short = 's', long = "snapshot-length", value_name = "SNAPLEN")]
    pub snaplen: Option<u32>,
    /// With -w: also print the packets (tcpdump's --print).
    #[arg(long = "print", requires = "write")]
    pub print: bool,
    /// Print only the number of packets that match, on standard output (`N packets`).
    #[arg(long = "count", conflicts_with = "write")]
    pub count_only: bool,
    /// Read the filter expression from FILE (`#` starts a comment); an expression on the
    /// command line is then ignored, with a warning.
    #[arg(short = 'F', value_name = "FILE")]
    pub filter_file: Option<String>,
    /// Time stamps printed: micro (the default) or nano (as --nano).
    #[arg(long = "time-stamp-precision", value_enum, value_name = "PRECISION")]
    pub precision: Option<PrecisionArg>,
    /// Line-buffered output: each batch of lines is written at once (automatic on a terminal),
    /// as tcpdump -l.
    #[arg(short = 'l')]
    pub line_buffered: bool,
    /// A filter expression (pcap-filter(7)): only matching packets are printed or written.
    #[arg(value_name = "EXPRESSION", trailing_var_arg = true)]
    pub expression: Vec<String>,
}

/// Arguments of `promisc status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only these interfaces (default: all).
    #[arg(value_name = "IFACE")]
    pub interfaces: Vec<String>,
    /// Print JSON: an object with the schema version and an array with one object per
    /// interface, on one line (docs/json.md). As `ip -j`.
    #[arg(short = 'j', long)]
    pub json: bool,
    /// With --json: indent the JSON for people to read. As `ip -j -p`.
    #[arg(short = 'p', long, requires = "json")]
    pub pretty: bool,
    /// Colour the table: PROMISC in bold red, an UNATTRIBUTED residual in bold yellow. auto
    /// (the default): only on a terminal and unless NO_COLOR is set and not empty; `-c` or
    /// `--color` alone means always, as `ip -c`. JSON is never coloured.
    #[arg(
        short = 'c',
        long,
        value_enum,
        value_name = "WHEN",
        num_args = 0..=1,
        require_equals = true,
        default_value_t = ColorWhen::Auto,
        default_missing_value = "always"
    )]
    pub color: ColorWhen,
    /// The network namespace to run in (`-n`, `--netns`).
    #[command(flatten)]
    pub netns: NetnsArg,
    /// List the interfaces of every network namespace (named ones under /run/netns and those
    /// of running processes). Holders in other namespaces are found without it.
    #[arg(long, conflicts_with = "netns")]
    pub all_netns: bool,
    /// Audit: exit 1 when a promiscuous interface has a holder that no --allow rule accepts.
    #[arg(long)]
    pub check: bool,
    /// With --check: accept holders matching RULE = KIND[:key=value[,key=value]], where KIND
    /// is user_flag, packet_socket, bridge_port, macvlan, vlan, macsec, bond, team,
    /// openvswitch, hsr, upper, uc_promisc, unattributed or *, and keys are comm, pid, uid,
    /// unit, container, pod (where a packet socket's process runs, or what is at the other
    /// end of a bridge port's veth; `*` in their values matches any run of characters:
    /// pod=monitoring/*), device, iface, netns. Repeatable.
    #[arg(long, value_name = "RULE", requires = "check")]
    pub allow: Vec<String>,
}

/// Arguments of `promisc on` and `promisc off`.
#[derive(Debug, Args)]
pub struct FlagArgs {
    /// The interface.
    #[arg(value_name = "IFACE")]
    pub interface: String,
    /// Use the SIOCGIFFLAGS/SIOCSIFFLAGS ioctls (as ifconfig does) instead of RTM_NEWLINK.
    #[arg(long)]
    pub ioctl: bool,
    /// The network namespace to run in (`-n`, `--netns`).
    #[command(flatten)]
    pub netns: NetnsArg,
}

/// Arguments of `promisc hold`.
#[derive(Debug, Args)]
pub struct HoldArgs {
    /// The interfaces to hold promiscuous.
    #[arg(value_name = "IFACE", required = true)]
    pub interfaces: Vec<String>,
    /// Release after this long (e.g. 30s, 5m, 1h30m, 500ms; at most 30 days).
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_duration)]
    pub duration: Option<Duration>,
    /// With --for and a command: how long the command may take to end after SIGTERM before
    /// it gets SIGKILL (at most 1h).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5s")]
    pub kill_after: Duration,
    /// Run this command while holding, and exit with its exit code. SIGINT, SIGTERM, SIGHUP
    /// and SIGUSR1 sent to promisc are passed on to it; it gets SIGTERM if promisc is killed.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
    /// The network namespace to run in (`-n`, `--netns`).
    #[command(flatten)]
    pub netns: NetnsArg,
}
