//! The settings of the commands other than `capture`, `read` and `filter`.

use std::io::{self, IsTerminal};
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Result;
use promisc_app::control::HoldOptions;
use promisc_app::detect::Family;
use promisc_lab::lab::{Kernel, Kind as Topology, LabProfile};
use promisc_state::rules::Rule;
use promisc_vswitch::policy::Profile;

use super::{rules, within, FromLow};
use crate::exit::{fail, Kind};
use crate::flags::low::{
    ColorWhen, DetectArgs, DoctorArgs, ExporterArgs, FlagArgs, HoldArgs, LabAction, LogArgs,
    ProfileArg, StatusArgs, TopologyArg, VswitchAction, WatchArgs,
};

/// A minute.
const MINUTE: Duration = Duration::from_secs(60);
/// An hour.
const HOUR: Duration = Duration::from_secs(3600);
/// The longest `hold --for`: 30 days (without `--for`, a hold lasts until Ctrl-C).
const LONGEST_HOLD: Duration = Duration::from_secs(30 * 24 * 3600);

/// `--interval` of watch and the exporter: from 100 ms (each reading walks every namespace)
/// to an hour.
fn interval(d: Duration) -> Result<Duration> {
    within("--interval", d, Duration::from_millis(100), HOUR)
}

/// What `promisc status` shows.
#[derive(Debug)]
pub struct Status {
    /// Only these interfaces.
    pub interfaces: Vec<String>,
    /// `--json`.
    pub json: bool,
    /// `-p`: indented JSON.
    pub pretty: bool,
    /// Colour the table.
    pub colour: bool,
    /// Every namespace.
    pub all_netns: bool,
    /// `--check` with its `--allow` rules.
    pub check: Option<Vec<Rule>>,
}

impl FromLow<StatusArgs> for Status {
    fn from_low(a: &StatusArgs) -> Result<Self> {
        let rules = rules(&a.allow)?;
        Ok(Status {
            interfaces: a.interfaces.clone(),
            json: a.json,
            pretty: a.pretty,
            colour: !a.json
                && use_colour(
                    a.color,
                    io::stdout().is_terminal(),
                    std::env::var_os("NO_COLOR").as_deref(),
                ),
            all_netns: a.all_netns,
            check: a.check.then_some(rules),
        })
    }
}

/// Whether the table is coloured: `always`, `never`, or for `auto` on a terminal when
/// `NO_COLOR` is unset or empty (<https://no-color.org>).
fn use_colour(when: ColorWhen, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// What `promisc on` or `off` does.
#[derive(Debug)]
pub struct Flag {
    /// The interface.
    pub interface: String,
    /// Set (`on`) or clear.
    pub on: bool,
    /// Through `SIOCSIFFLAGS` instead of netlink.
    pub ioctl: bool,
}

impl Flag {
    /// The settings of `promisc on` (`on`) or `promisc off`.
    pub fn from_low(a: &FlagArgs, on: bool) -> Result<Self> {
        Ok(Flag {
            interface: a.interface.clone(),
            on,
            ioctl: a.ioctl,
        })
    }
}

/// What `promisc hold` does.
#[derive(Debug)]
pub struct Hold(pub HoldOptions);

impl FromLow<HoldArgs> for Hold {
    fn from_low(a: &HoldArgs) -> Result<Self> {
        Ok(Hold(HoldOptions {
            interfaces: a.interfaces.clone(),
            duration: a
                .duration
                .map(|d| within("--for", d, Duration::ZERO, LONGEST_HOLD))
                .transpose()?,
            kill_after: within("--kill-after", a.kill_after, Duration::ZERO, HOUR)?,
            command: a.command.clone(),
        }))
    }
}

/// What `promisc watch` does.
#[derive(Debug)]
pub struct Watch {
    /// What to watch.
    pub options: promisc_app::watch::Options,
    /// NDJSON instead of lines.
    pub json: bool,
    /// `--exec`: a shell command per event.
    pub exec: Option<String>,
    /// `--summary`: a table per interval instead of each event.
    pub summary: Option<std::time::Duration>,
    /// `--log`, `--syslog`: where each event is logged too.
    pub log: promisc_app::eventlog::Options,
}

/// `--log`, `--syslog` and `--syslog-facility`: `--log auto` is the journal when standard
/// error goes to it (a systemd service), nothing otherwise.
fn log_options(a: &LogArgs) -> Result<promisc_app::eventlog::Options> {
    use promisc_app::eventlog::{self, Target};
    let mut targets = Vec::new();
    match a.log.as_str() {
        "none" => {}
        "auto" if eventlog::stderr_is_journal() => {
            targets.push(Target::Journal(eventlog::journal_socket()))
        }
        "auto" => {}
        "journal" => targets.push(Target::Journal(eventlog::journal_socket())),
        other => match other.strip_prefix("journal:") {
            Some(path) if path.starts_with('/') => targets.push(Target::Journal(path.into())),
            _ => {
                return Err(fail(
                    Kind::Usage,
                    format!(
                    "--log {other}: give auto, journal, journal:SOCKET (an absolute path) or none"
                ),
                ))
            }
        },
    }
    if let Some(addr) = &a.syslog {
        targets.push(
            Target::syslog(addr).map_err(|e| fail(Kind::Usage, format!("--syslog={addr}: {e}")))?,
        );
    }
    let facility = promisc_state::eventlog::facility(&a.syslog_facility).ok_or_else(|| {
        fail(
            Kind::Usage,
            format!(
                "--syslog-facility {}: give one of {}",
                a.syslog_facility,
                promisc_state::eventlog::FACILITIES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    Ok(promisc_app::eventlog::Options { targets, facility })
}

impl FromLow<WatchArgs> for Watch {
    fn from_low(a: &WatchArgs) -> Result<Self> {
        if a.exec.as_deref().is_some_and(|c| c.trim().is_empty()) {
            return Err(fail(
                Kind::Usage,
                "--exec '': give the shell command to run for each event",
            ));
        }
        Ok(Watch {
            options: promisc_app::watch::Options {
                interfaces: a.interfaces.clone(),
                all_netns: a.all_netns,
                interval: interval(a.interval)?,
            },
            json: a.json,
            exec: a.exec.clone(),
            log: log_options(&a.log)?,
            summary: match a.summary {
                Some(d)
                    if d < std::time::Duration::from_secs(1)
                        || d > std::time::Duration::from_secs(86_400) =>
                {
                    return Err(fail(
                        Kind::Usage,
                        format!(
                            "--summary {}: give a duration from 1s to 1d (e.g. --summary 1h)",
                            humantime::format_duration(d)
                        ),
                    ))
                }
                other => other,
            },
        })
    }
}

/// What `promisc exporter` serves.
#[derive(Debug)]
pub struct Exporter(pub promisc_exporter::Options);

impl FromLow<ExporterArgs> for Exporter {
    fn from_low(a: &ExporterArgs) -> Result<Self> {
        let listen = listen_addresses(&a.listen_address).map_err(|e| {
            fail(
                Kind::Usage,
                format!(
                    "--web.listen-address {}: {e} (e.g. 127.0.0.1:10073, localhost:10073, [::1]:10073 or :10073)",
                    a.listen_address
                ),
            )
        })?;
        Ok(Exporter(promisc_exporter::Options {
            listen,
            rules: rules(&a.allow)?,
            all_netns: a.all_netns,
            interval: interval(a.interval)?,
            web_config: a.web_config.clone(),
            netns: None,
            log: log_options(&a.log)?,
        }))
    }
}

/// The addresses `--web.listen-address` names, in the order to try them: `:PORT` is every
/// address (IPv6 and IPv4 on one socket, or IPv4 alone on a host without IPv6), an IP address
/// is itself, and a host name is what it resolves to, IPv4 first (as Prometheus's exporters
/// listen on the first address of a name).
fn listen_addresses(s: &str) -> std::result::Result<Vec<SocketAddr>, String> {
    use std::net::{Ipv4Addr, Ipv6Addr, ToSocketAddrs};
    let (host, port) = s
        .rsplit_once(':')
        .ok_or_else(|| "no port: HOST:PORT".to_string())?;
    let port: u16 = port
        .parse()
        .map_err(|_| format!("`{port}` is not a port (0 to 65535)"))?;
    if host.is_empty() {
        return Ok(vec![
            SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), port),
            SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), port),
        ]);
    }
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Ok(vec![a]);
    }
    // A bare IPv6 address before the port (`::1:10073`) is ambiguous; Go's exporters refuse it
    // too ("too many colons"). Say how to write it.
    if !host.starts_with('[') && host.parse::<Ipv6Addr>().is_ok() {
        return Err(format!(
            "an IPv6 address takes brackets before its port: [{host}]:{port}"
        ));
    }
    if host.starts_with('[') || host.contains(':') || host.parse::<std::net::IpAddr>().is_ok() {
        return Err(format!("`{host}` is not an IP address"));
    }
    let mut addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve `{host}`: {e}"))?
        .collect();
    addrs.sort_by_key(|a| a.is_ipv6());
    addrs.dedup();
    if addrs.is_empty() {
        return Err(format!("`{host}` resolves to no address"));
    }
    Ok(addrs)
}

/// What `promisc doctor` does.
#[derive(Debug)]
pub struct Doctor {
    /// What to observe.
    pub options: promisc_app::doctor::Options,
    /// `--json`.
    pub json: bool,
    /// `-v`: each probe as it is sent (with `--host`: every finding of every port).
    pub verbose: bool,
    /// `--host`: this host's guest-facing ports instead of this guest's interface.
    pub host: bool,
}

impl FromLow<DoctorArgs> for Doctor {
    fn from_low(a: &DoctorArgs) -> Result<Self> {
        Ok(Doctor {
            options: promisc_app::doctor::Options {
                interface: a.interface.clone(),
                intrusive: a.intrusive,
                passive: within("--passive", a.passive, Duration::ZERO, 10 * MINUTE)?,
                vmnet_dir: a.vmnet_dir.clone().map(Into::into),
                vm_users: a.vm_users.clone(),
                platform: a.platform.as_deref().map(platform).transpose()?,
            },
            json: a.json,
            verbose: a.verbose,
            host: a.host,
        })
    }
}

/// `--platform NAME`: a platform the doctor knows.
fn platform(name: &str) -> Result<promisc_doctor::Platform> {
    promisc_doctor::Platform::from_name(name).ok_or_else(|| {
        fail(
            Kind::Usage,
            format!(
                "--platform {name}: no such platform; use one of {}",
                promisc_doctor::Platform::names()
            ),
        )
    })
}

/// What `promisc detect` does.
#[derive(Debug)]
pub struct Detect {
    /// What to probe.
    pub options: promisc_app::detect::Options,
    /// `--json`.
    pub json: bool,
    /// `--check`: exit 1 when some host is promiscuous.
    pub check: bool,
}

impl FromLow<DetectArgs> for Detect {
    fn from_low(a: &DetectArgs) -> Result<Self> {
        Ok(Detect {
            options: promisc_app::detect::Options {
                interface: a.interface.clone(),
                targets: a.targets.clone(),
                force: a.force,
                rate: a.rate,
                retries: a.retries,
                timeout: within("--timeout", a.timeout, Duration::from_millis(1), MINUTE)?,
                source_ip: a.source_ip,
                hosts_from_neigh: a.hosts_from_neigh,
                discover_only: a.discover_only,
                family: match (a.ipv4, a.ipv6) {
                    (true, false) => Family::V4,
                    (false, true) => Family::V6,
                    _ => Family::Both,
                },
            },
            json: a.json,
            check: a.check,
        })
    }
}

/// What `promisc vswitch` does.
#[derive(Debug)]
pub enum Vswitch {
    /// Run a switch from a configuration file.
    Run {
        /// The file.
        config: String,
    },
    /// Print a running switch's statistics.
    Stats {
        /// The switch (the only one running when `None`).
        name: Option<String>,
        /// `--json`.
        json: bool,
    },
    /// Change a running switch's policies.
    Set {
        /// The switch.
        name: String,
        /// The port group (every one when `None`).
        target: Option<String>,
        /// `KEY=VALUE` settings.
        settings: Vec<String>,
    },
}

impl FromLow<VswitchAction> for Vswitch {
    fn from_low(a: &VswitchAction) -> Result<Self> {
        Ok(match a {
            VswitchAction::Run { config } => Vswitch::Run {
                config: config.clone(),
            },
            VswitchAction::Stats { name, json } => Vswitch::Stats {
                name: name.clone(),
                json: *json,
            },
            VswitchAction::Set {
                name,
                settings,
                portgroup,
            } => {
                // The port group may come first, as a word without `=`.
                let mut settings = settings.clone();
                let mut target = portgroup.clone();
                if target.is_none() && settings.first().is_some_and(|s| !s.contains('=')) {
                    target = Some(settings.remove(0));
                }
                Vswitch::Set {
                    name: name.clone(),
                    target,
                    settings,
                }
            }
        })
    }
}

/// What `promisc lab` does.
#[derive(Debug)]
pub enum Lab {
    /// Build a lab.
    Up(promisc_lab::lab::Lab),
    /// Remove a lab.
    Down {
        /// The lab (the only one when `None`).
        name: Option<String>,
    },
    /// The ping matrix.
    Matrix {
        /// The lab.
        name: Option<String>,
        /// `--json`.
        json: bool,
    },
    /// A command inside a host of the lab.
    Exec {
        /// The lab.
        name: Option<String>,
        /// The host.
        host: String,
        /// The command.
        command: Vec<String>,
    },
    /// Change the lab switch's policies.
    Set {
        /// The lab.
        name: Option<String>,
        /// `KEY=VALUE` settings.
        settings: Vec<String>,
        /// The port group.
        portgroup: Option<String>,
    },
    /// The topology, profile and switch counters.
    Status {
        /// The lab.
        name: Option<String>,
        /// `--json`.
        json: bool,
    },
}

impl FromLow<LabAction> for Lab {
    fn from_low(a: &LabAction) -> Result<Self> {
        Ok(match a {
            LabAction::Up {
                topology,
                profile,
                learning,
                name,
            } => {
                let kind = match topology {
                    TopologyArg::Nested => Topology::Nested,
                    TopologyArg::Macvlan => Topology::Macvlan,
                };
                let profile: LabProfile = match profile {
                    ProfileArg::KvmBridge => Kernel::KvmBridge.into(),
                    ProfileArg::KvmStatic => Kernel::KvmStatic.into(),
                    ProfileArg::ProxmoxMacfilter => Kernel::ProxmoxMacfilter.into(),
                    ProfileArg::KvmMacvtap => Kernel::KvmMacvtap.into(),
                    ProfileArg::Vsphere7 => Profile::Vsphere7.into(),
                    ProfileArg::Vsphere6 => Profile::Vsphere6.into(),
                    ProfileArg::Workstation => Profile::Workstation.into(),
                    ProfileArg::Open => Profile::Open.into(),
                    ProfileArg::VirtualboxDeny => Profile::VirtualboxDeny.into(),
                    ProfileArg::VirtualboxAllowVms => Profile::VirtualboxAllowVms.into(),
                    ProfileArg::VirtualboxAllowAll => Profile::VirtualboxAllowAll.into(),
                    ProfileArg::Hyperv => Profile::Hyperv.into(),
                    ProfileArg::HypervSpoofing => Profile::HypervSpoofing.into(),
                    ProfileArg::Cloud => Profile::Cloud.into(),
                };
                if *learning && profile.kernel().is_some() {
                    return Err(fail(
                        Kind::Usage,
                        format!(
                            "--learning is for promisc's switch; the {profile} profile sets the kernel bridge's learning as the platform does (drop --learning)"
                        ),
                    ));
                }
                if kind == Topology::Macvlan
                    && matches!(
                        profile,
                        LabProfile::Kernel(Kernel::KvmMacvtap) | LabProfile::Switch(Profile::Cloud)
                    )
                {
                    return Err(fail(
                        Kind::Usage,
                        format!(
                            "the {profile} profile builds the nested topology only: use `promisc lab up nested --profile {profile}`"
                        ),
                    ));
                }
                let name = name.clone().unwrap_or_else(|| kind.as_str().to_string());
                Lab::Up(promisc_lab::lab::Lab::new(&name, kind, profile, *learning))
            }
            LabAction::Down { name } => Lab::Down { name: name.clone() },
            LabAction::Matrix { name, json } => Lab::Matrix {
                name: name.clone(),
                json: *json,
            },
            LabAction::Exec {
                name,
                host,
                command,
            } => Lab::Exec {
                name: name.clone(),
                host: host.clone(),
                command: command.clone(),
            },
            LabAction::Set {
                name,
                settings,
                portgroup,
            } => Lab::Set {
                name: name.clone(),
                settings: settings.clone(),
                portgroup: portgroup.clone(),
            },
            LabAction::Status { name, json } => Lab::Status {
                name: name.clone(),
                json: *json,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn listen_addresses_as_prometheus_exporters_take_them() {
        let all = listen_addresses(":10073").unwrap();
        assert_eq!(
            all,
            [
                "[::]:10073".parse::<SocketAddr>().unwrap(),
                "0.0.0.0:10073".parse().unwrap()
            ]
        );
        assert_eq!(
            listen_addresses("127.0.0.1:0").unwrap(),
            ["127.0.0.1:0".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(
            listen_addresses("[::1]:10073").unwrap(),
            ["[::1]:10073".parse::<SocketAddr>().unwrap()]
        );
        let local = listen_addresses("localhost:10073").unwrap();
        assert!(
            local
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 10073),
            "{local:?}"
        );
        assert!(local[0].is_ipv4(), "IPv4 first: {local:?}");
        for bad in [
            "localhost-ish",
            "127.0.0.1",
            ":http",
            ":70000",
            "1.2.3.4.5:1",
            "[::1:80",
        ] {
            assert!(listen_addresses(bad).is_err(), "{bad}");
        }
        assert_eq!(
            listen_addresses("::1:10073").unwrap_err(),
            "an IPv6 address takes brackets before its port: [::1]:10073"
        );
        assert_eq!(
            listen_addresses("2001:db8::1:9100").unwrap_err(),
            "an IPv6 address takes brackets before its port: [2001:db8::1]:9100"
        );
    }

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(use_colour(ColorWhen::Auto, true, None));
        assert!(
            use_colour(ColorWhen::Auto, true, empty),
            "empty NO_COLOR is unset"
        );
        assert!(!use_colour(ColorWhen::Auto, true, set));
        assert!(!use_colour(ColorWhen::Auto, false, None));
        assert!(
            use_colour(ColorWhen::Always, false, set),
            "an explicit flag wins"
        );
        assert!(!use_colour(ColorWhen::Never, true, None));
    }
}
