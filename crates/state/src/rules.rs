//! `promisc status --check --allow RULE`: which holders an audit accepts.
//!
//! A rule is `KIND` or `KIND:key=value[,key=value...]`. `KIND` is a holder kind (`user_flag`,
//! `packet_socket`, `bridge_port`, `macvlan`, ...), `unattributed`, or `*` for any. Keys:
//! `comm`, `pid`, `uid` (packet sockets: any process holding the socket may match), `unit`,
//! `container`, `pod` (packet sockets: where the lowest pid runs; a bridge or Open vSwitch
//! port: the container or pod at the other end of its veth; `container` matches the
//! container's name, its full id or `runtime:short-id`, `pod` its `namespace/name` or uid),
//! `device` (the holding device of a stacked holder), `iface` (the held interface) and `netns`
//! (the held interface's namespace). The values of `unit`, `container` and `pod` may hold `*`,
//! which stands for any run of characters (`pod=monitoring/*`).

use std::fmt;
use std::str::FromStr;

use crate::attribution::{Holder, InterfaceStatus};

/// Every holder kind a rule may name.
pub const HOLDER_KINDS: [&str; 13] = [
    "user_flag",
    "packet_socket",
    "bridge_port",
    "macvlan",
    "vlan",
    "macsec",
    "bond",
    "team",
    "openvswitch",
    "hsr",
    "upper",
    "uc_promisc",
    "unattributed",
];

const KEYS: [&str; 9] = [
    "comm",
    "pid",
    "uid",
    "unit",
    "container",
    "pod",
    "device",
    "iface",
    "netns",
];

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for p in middle {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// A malformed `--allow` rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// The kind is not a holder kind.
    #[error("unknown holder kind `{0}` (expected one of: {kinds}, or *)", kinds = HOLDER_KINDS.join(", "))]
    UnknownKind(String),
    /// A condition is not `key=value`.
    #[error("condition `{0}` is not key=value (e.g. comm=tcpdump)")]
    NotKeyValue(String),
    /// The key is not known.
    #[error("unknown key `{0}` (expected one of: {keys})", keys = KEYS.join(", "))]
    UnknownKey(String),
    /// A numeric key has a non-numeric value.
    #[error("`{key}` needs a number, got `{value}`")]
    NotANumber {
        /// The key.
        key: String,
        /// The value given.
        value: String,
    },
}

/// One `--allow` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    kind: String,
    conditions: Vec<(String, String)>,
}

impl FromStr for Rule {
    type Err = RuleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, rest) = match s.split_once(':') {
            Some((k, r)) => (k.trim(), Some(r)),
            None => (s.trim(), None),
        };
        if kind != "*" && !HOLDER_KINDS.contains(&kind) {
            return Err(RuleError::UnknownKind(kind.to_string()));
        }
        let mut conditions = Vec::new();
        for cond in rest.into_iter().flat_map(|r| r.split(',')) {
            let (k, v) = cond
                .split_once('=')
                .ok_or_else(|| RuleError::NotKeyValue(cond.to_string()))?;
            let (k, v) = (k.trim(), v.trim());
            if !KEYS.contains(&k) {
                return Err(RuleError::UnknownKey(k.to_string()));
            }
            if matches!(k, "pid" | "uid") && v.parse::<u32>().is_err() {
                return Err(RuleError::NotANumber {
                    key: k.to_string(),
                    value: v.to_string(),
                });
            }
            conditions.push((k.to_string(), v.to_string()));
        }
        Ok(Rule {
            kind: kind.to_string(),
            conditions,
        })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.kind)?;
        for (i, (k, v)) in self.conditions.iter().enumerate() {
            write!(f, "{}{k}={v}", if i == 0 { ':' } else { ',' })?;
        }
        Ok(())
    }
}

impl Rule {
    /// Does this rule allow `holder` (or, with `None`, the unattributed residual) on `iface`?
    pub fn allows(&self, iface: &InterfaceStatus, holder: Option<&Holder>) -> bool {
        let kind = holder.map_or("unattributed", Holder::kind);
        if self.kind != "*" && self.kind != kind {
            return false;
        }
        self.conditions.iter().all(|(k, v)| match k.as_str() {
            "iface" => iface.name == *v,
            "netns" => iface.netns == *v,
            "device" => holder
                .and_then(Holder::stacked)
                .is_some_and(|s| s.device == *v),
            "unit" | "container" | "pod" => match holder.and_then(|h| match h {
                Holder::PacketSocket(s) => Some(&s.context),
                other => other.stacked().map(|s| &s.peer_context),
            }) {
                Some(c) => {
                    let candidates: Vec<String> = match k.as_str() {
                        "unit" => c.unit.iter().cloned().collect(),
                        "container" => c
                            .container
                            .iter()
                            .flat_map(|x| x.name.iter().cloned().chain([x.id.clone()]))
                            .chain(c.container_label())
                            .collect(),
                        _ => c
                            .pod
                            .iter()
                            .map(|p| p.uid.clone())
                            .chain(c.pod_label())
                            .collect(),
                    };
                    candidates.iter().any(|t| glob(v, t))
                }
                _ => false,
            },
            "comm" | "pid" | "uid" => match holder {
                Some(Holder::PacketSocket(s)) => s.processes.iter().any(|p| match k.as_str() {
                    "comm" => p.comm == *v,
                    "pid" => p.pid.to_string() == *v,
                    _ => p.uid.to_string() == *v,
                }),
                _ => false,
            },
            _ => false,
        })
    }
}

/// One thing an audit refuses: a holder (or the residual) that no rule allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offence<'a> {
    /// The interface held.
    pub iface: &'a InterfaceStatus,
    /// The holder, or `None` for the unattributed residual.
    pub holder: Option<&'a Holder>,
}

/// Every holder of a promiscuous interface that no rule allows, and every nonzero residual
/// that `unattributed` does not allow.
pub fn audit<'a>(statuses: &'a [InterfaceStatus], rules: &[Rule]) -> Vec<Offence<'a>> {
    let mut out = Vec::new();
    for s in statuses.iter().filter(|s| s.promisc || s.unattributed != 0) {
        for h in &s.holders {
            if !rules.iter().any(|r| r.allows(s, Some(h))) {
                out.push(Offence {
                    iface: s,
                    holder: Some(h),
                });
            }
        }
        if s.unattributed != 0 && !rules.iter().any(|r| r.allows(s, None)) {
            out.push(Offence {
                iface: s,
                holder: None,
            });
        }
    }
    out
}
