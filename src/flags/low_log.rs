//! The logging flags `watch` and `exporter` share: each event to the journal (native fields)
//! or to syslog (RFC 5424 with structured data).

use clap::Args;

/// Where events are logged, besides what the command prints.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Logging")]
pub struct LogArgs {
    /// Log each event to systemd's journal with its own fields (PROMISC_DEVICE, PROMISC_NETNS,
    /// PROMISC_HOLDER, PROMISC_POD, ... and a MESSAGE_ID per event kind; docs/logging.md):
    /// auto (when standard error goes to the journal, as in a systemd service), journal
    /// (/run/systemd/journal/socket, or $PROMISC_JOURNAL_SOCKET), journal:SOCKET, or none.
    #[arg(long, value_name = "WHERE", default_value = "auto")]
    pub log: String,
    /// Also log each event to syslog as an RFC 5424 line with structured data
    /// (`[promisc@32473 device="eth0" holder="packet_socket/tcpdump" ...]`): to /dev/log without
    /// a value, or --syslog=PATH (a Unix datagram socket), or --syslog=udp:HOST:PORT.
    #[arg(
        long,
        value_name = "ADDR",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "/dev/log"
    )]
    pub syslog: Option<String>,
    /// The syslog facility of the lines (and the journal's SYSLOG_FACILITY): daemon, user,
    /// auth, authpriv, local0 … local7, …
    #[arg(long, value_name = "NAME", default_value = "daemon")]
    pub syslog_facility: String,
}
