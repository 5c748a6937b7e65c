//! The switch's TOML configuration (schema in docs/VSWITCH.md): parsed with `serde` and
//! `toml`, then validated. Every error names the line, the column and the key.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::mac::Mac;
use crate::policy::{Profile, Security, Setting};

/// The most ports a switch may have (the decision keeps port sets in a `u64`).
pub const MAX_PORTS: usize = 64;

/// Switch mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A VMware standard switch: the MAC table is the ports' configured MACs, nothing learned.
    Static,
    /// vSphere 6.7+ MAC learning: source MACs learned per port, with ageing and a limit.
    Learning,
}

impl Mode {
    /// `"static"` or `"learning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Static => "static",
            Mode::Learning => "learning",
        }
    }
}

/// What happens to a frame whose source would exceed a port's learning limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LimitPolicy {
    /// Drop the frame (`learning_limit`).
    Drop,
    /// Forward it without learning.
    Allow,
}

/// Learning parameters (`[learning]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learning {
    /// How long a learned MAC stays without being seen again.
    pub ageing: Duration,
    /// Learned MACs per port.
    pub limit: usize,
    /// What to do past the limit.
    pub limit_policy: LimitPolicy,
    /// Unknown unicast also goes to every port with learning on.
    pub unknown_unicast_flooding: bool,
}

impl Default for Learning {
    fn default() -> Self {
        Learning {
            ageing: Duration::from_secs(300),
            limit: 4096,
            limit_policy: LimitPolicy::Drop,
            unknown_unicast_flooding: true,
        }
    }
}

/// `[workstation]`: the vmnet device whose permissions gate promiscuous requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workstation {
    /// The device file (`/dev/vmnet0`, or a plain file in a lab).
    pub vmnet: PathBuf,
    /// The user that runs the VMs.
    pub vm_user: String,
}

/// A port group's VLAN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vlan {
    /// `vlan = 0`: untagged frames only.
    Untagged,
    /// `vlan = 1..4094`: an access group; frames are tagged with it inside the switch.
    Access(u16),
    /// `vlan = 4095`: a trunk that passes tags and sees every VLAN.
    Trunk,
}

impl Vlan {
    /// The number as the configuration writes it.
    pub fn number(self) -> u16 {
        match self {
            Vlan::Untagged => 0,
            Vlan::Access(v) => v,
            Vlan::Trunk => 4095,
        }
    }
}

/// A validated port group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortGroup {
    /// Its name.
    pub name: String,
    /// Its VLAN.
    pub vlan: Vlan,
    /// The profile it started from.
    pub profile: Profile,
    /// The profile with the group's overrides applied.
    pub security: Security,
    /// In learning mode: whether its ports learn and receive unknown-unicast floods.
    pub mac_learning: bool,
}

/// Where the guest's promiscuous request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GuestPromiscuous {
    /// Read the veth peer's promiscuity counter.
    Auto,
    /// Always requested (a tap whose guest is known to be promiscuous).
    On,
    /// Never requested.
    Off,
}

/// A line and column in the configuration file, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl Location {
    /// The location of byte offset `at` in `text`.
    pub fn of(text: &str, at: usize) -> Location {
        let before = &text[..at.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Location { line, column }
    }
}

/// A validated port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    /// Its name.
    pub name: String,
    /// The network device in the switch's namespace.
    pub device: String,
    /// Where `device` is written, for errors about the device.
    pub device_at: Location,
    /// The configured MAC, C(P).
    pub mac: Mac,
    /// Index of its port group in [`Config::portgroups`].
    pub portgroup: usize,
    /// The uplink: receives unicast for MACs nobody owns.
    pub uplink: bool,
    /// Where R(P) comes from.
    pub guest_promiscuous: GuestPromiscuous,
}

/// A validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The switch's name (its control socket is `/run/promisc/vswitch-NAME.sock`).
    pub name: String,
    /// Static or learning.
    pub mode: Mode,
    /// Learning parameters (used in learning mode).
    pub learning: Learning,
    /// The Workstation gate, when some group uses the `workstation` profile.
    pub workstation: Option<Workstation>,
    /// Port groups, in file order.
    pub portgroups: Vec<PortGroup>,
    /// Ports, in file order.
    pub ports: Vec<Port>,
}

/// A configuration that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, when the caller set it ([`ConfigError::in_file`]).
    pub file: Option<String>,
    /// Where the problem is.
    pub at: Location,
    /// The key, as a dotted path (`port[2].portgroup`), when known.
    pub key: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl ConfigError {
    /// Names the file the text came from.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        write!(f, "{}:{}: ", self.at.line, self.at.column)?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    name: Spanned<String>,
    mode: Option<Mode>,
    learning: Option<RawLearning>,
    workstation: Option<RawWorkstation>,
    #[serde(default)]
    portgroup: Vec<RawGroup>,
    #[serde(default)]
    port: Vec<RawPort>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLearning {
    ageing: Option<Spanned<String>>,
    limit: Option<Spanned<i64>>,
    limit_policy: Option<LimitPolicy>,
    unknown_unicast_flooding: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkstation {
    vmnet: String,
    vm_user: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: Spanned<String>,
    #[serde(default)]
    vlan: Option<Spanned<i64>>,
    profile: Spanned<Profile>,
    promiscuous: Option<Setting>,
    mac_changes: Option<Setting>,
    forged_transmits: Option<Setting>,
    mac_learning: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPort {
    name: Spanned<String>,
    device: Spanned<String>,
    mac: Spanned<Mac>,
    portgroup: Spanned<String>,
    #[serde(default)]
    uplink: bool,
    guest_promiscuous: Option<GuestPromiscuous>,
}

/// Whether `name` may name a switch (it becomes part of a file name).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.')
}

impl Config {
    /// Parses and validates a configuration.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            file: None,
            at: e
                .span()
                .map_or_else(Location::default, |s| Location::of(text, s.start)),
            key: None,
            message: e.message().trim_end().to_string(),
        })?;
        Validator { text }.config(raw)
    }
}

struct Validator<'a> {
    text: &'a str,
}

impl Validator<'_> {
    fn err<T>(
        &self,
        span: std::ops::Range<usize>,
        key: String,
        message: String,
    ) -> Result<T, ConfigError> {
        Err(ConfigError {
            file: None,
            at: Location::of(self.text, span.start),
            key: Some(key),
            message,
        })
    }

    fn config(&self, raw: RawConfig) -> Result<Config, ConfigError> {
        if !valid_name(raw.name.get_ref()) {
            return self.err(
                raw.name.span(),
                "name".into(),
                "a switch name is 1 to 64 letters, digits, `-`, `_` or `.` (it names the control socket)".into(),
            );
        }
        let learning = self.learning(raw.learning)?;
        let portgroups = self.groups(&raw.portgroup)?;
        let workstation = raw.workstation.map(|w| Workstation {
            vmnet: PathBuf::from(w.vmnet),
            vm_user: w.vm_user,
        });
        if let Some(g) = raw
            .portgroup
            .iter()
            .enumerate()
            .find(|(_, g)| *g.profile.get_ref() == Profile::Workstation)
        {
            if workstation.is_none() {
                return self.err(
                    g.1.profile.span(),
                    format!("portgroup[{}].profile", g.0),
                    "the workstation profile needs a [workstation] table with `vmnet` (the device file) and `vm_user`".into(),
                );
            }
        }
        let ports = self.ports(&raw.port, &portgroups)?;
        Ok(Config {
            name: raw.name.into_inner(),
            mode: raw.mode.unwrap_or(Mode::Static),
            learning,
            workstation,
            portgroups,
            ports,
        })
    }

    fn learning(&self, raw: Option<RawLearning>) -> Result<Learning, ConfigError> {
        let mut l = Learning::default();
        let Some(raw) = raw else { return Ok(l) };
        if let Some(a) = raw.ageing {
            match humantime::parse_duration(a.get_ref()) {
                Ok(d) if d >= Duration::from_secs(1) => l.ageing = d,
                Ok(_) => {
                    return self.err(
                        a.span(),
                        "learning.ageing".into(),
                        "ageing must be at least 1s".into(),
                    )
                }
                Err(e) => {
                    return self.err(
                        a.span(),
                        "learning.ageing".into(),
                        format!("{e} (examples: 300s, 5m)"),
                    )
                }
            }
        }
        if let Some(n) = raw.limit {
            if !(1..=1 << 20).contains(n.get_ref()) {
                return self.err(
                    n.span(),
                    "learning.limit".into(),
                    "limit is 1 to 1048576 MACs per port".into(),
                );
            }
            l.limit = *n.get_ref() as usize;
        }
        if let Some(p) = raw.limit_policy {
            l.limit_policy = p;
        }
        if let Some(f) = raw.unknown_unicast_flooding {
            l.unknown_unicast_flooding = f;
        }
        Ok(l)
    }

    fn groups(&self, raw: &[RawGroup]) -> Result<Vec<PortGroup>, ConfigError> {
        if raw.is_empty() {
            return Err(ConfigError {
                file: None,
                at: Location { line: 1, column: 1 },
                key: Some("portgroup".into()),
                message: "no [[portgroup]]: a switch needs at least one port group".into(),
            });
        }
        let mut out: Vec<PortGroup> = Vec::new();
        for (i, g) in raw.iter().enumerate() {
            let name = g.name.get_ref();
            if name.is_empty() || out.iter().any(|o| &o.name == name) {
                return self.err(
                    g.name.span(),
                    format!("portgroup[{i}].name"),
                    format!("port group name `{name}` is empty or used twice"),
                );
            }
            let vlan = match g.vlan.as_ref().map(|v| (*v.get_ref(), v.span())) {
                None | Some((0, _)) => Vlan::Untagged,
                Some((4095, _)) => Vlan::Trunk,
                Some((v @ 1..=4094, _)) => Vlan::Access(v as u16),
                Some((_, span)) => {
                    return self.err(
                        span,
                        format!("portgroup[{i}].vlan"),
                        "vlan is 0 (untagged), 1-4094 (access) or 4095 (trunk)".into(),
                    )
                }
            };
            let profile = *g.profile.get_ref();
            let mut security = profile.security();
            for (key, value) in [
                (crate::policy::PolicyKey::Promiscuous, g.promiscuous),
                (crate::policy::PolicyKey::MacChanges, g.mac_changes),
                (
                    crate::policy::PolicyKey::ForgedTransmits,
                    g.forged_transmits,
                ),
            ] {
                if let Some(v) = value {
                    security.set(key, v);
                }
            }
            out.push(PortGroup {
                name: name.clone(),
                vlan,
                profile,
                security,
                mac_learning: g.mac_learning.unwrap_or(true),
            });
        }
        Ok(out)
    }

    fn ports(&self, raw: &[RawPort], groups: &[PortGroup]) -> Result<Vec<Port>, ConfigError> {
        if raw.is_empty() {
            return Err(ConfigError {
                file: None,
                at: Location { line: 1, column: 1 },
                key: Some("port".into()),
                message: "no [[port]]: a switch needs at least two ports".into(),
            });
        }
        let mut out: Vec<Port> = Vec::new();
        for (i, p) in raw.iter().enumerate() {
            if i == MAX_PORTS {
                return self.err(
                    p.name.span(),
                    format!("port[{i}]"),
                    format!("a switch has at most {MAX_PORTS} ports"),
                );
            }
            let name = p.name.get_ref();
            if name.is_empty() || out.iter().any(|o| &o.name == name) {
                return self.err(
                    p.name.span(),
                    format!("port[{i}].name"),
                    format!("port name `{name}` is empty or used twice"),
                );
            }
            if groups.iter().any(|g| &g.name == name) {
                return self.err(
                    p.name.span(),
                    format!("port[{i}].name"),
                    format!(
                        "`{name}` names a port group too: `vswitch set` could not tell them apart"
                    ),
                );
            }
            let device = p.device.get_ref();
            if device.is_empty() || device.len() > 15 || device.contains(['/', ' ']) {
                return self.err(p.device.span(), format!("port[{i}].device"), format!("`{device}` is not a network device name (1 to 15 characters, no `/` or space)"));
            }
            if let Some(o) = out.iter().find(|o| &o.device == device) {
                return self.err(
                    p.device.span(),
                    format!("port[{i}].device"),
                    format!("device `{device}` is already port `{}`", o.name),
                );
            }
            let mac = *p.mac.get_ref();
            if mac.is_group() {
                return self.err(
                    p.mac.span(),
                    format!("port[{i}].mac"),
                    format!("{mac} is a group address; a port's MAC is unicast"),
                );
            }
            if let Some((o, first)) = out.iter().zip(raw).find(|(o, _)| o.mac == mac) {
                let line = Location::of(self.text, first.mac.span().start).line;
                return self.err(
                    p.mac.span(),
                    format!("port[{i}].mac"),
                    format!(
                        "port `{name}` has the MAC of port `{}` (line {line}), {mac}: two ports cannot share a configured MAC",
                        o.name
                    ),
                );
            }
            let Some(portgroup) = groups.iter().position(|g| &g.name == p.portgroup.get_ref())
            else {
                let names: Vec<String> = groups.iter().map(|g| format!("`{}`", g.name)).collect();
                return self.err(
                    p.portgroup.span(),
                    format!("port[{i}].portgroup"),
                    format!(
                        "no port group `{}`; the port groups are {}",
                        p.portgroup.get_ref(),
                        names.join(", ")
                    ),
                );
            };
            if p.uplink && out.iter().any(|o| o.uplink) {
                return self.err(
                    p.name.span(),
                    format!("port[{i}].uplink"),
                    "only one port may be the uplink".into(),
                );
            }
            out.push(Port {
                name: name.clone(),
                device: device.clone(),
                device_at: Location::of(self.text, p.device.span().start),
                mac,
                portgroup,
                uplink: p.uplink,
                guest_promiscuous: p.guest_promiscuous.unwrap_or(GuestPromiscuous::Auto),
            });
        }
        Ok(out)
    }
}
