//! nftables rules that drop frames with a foreign source MAC at a bridge port, read from the
//! JSON of `nft -j list ruleset`.
//!
//! The question asked of the ruleset is one frame's fate: a frame entering the bridge at a
//! given port whose source MAC no rule names (a nested guest's MAC). Its walk goes through
//! every base chain of the `bridge` family that sees frames entering a port (`prerouting`,
//! `input`, `forward`, `postrouting`) and the `netdev` family's `ingress` chains of that
//! device, following `jump`, `goto`, `return` and verdict maps keyed by the input interface.
//! Conditions on the input port (`iifname`, `iif`, `meta ibrname`) are decided for the port,
//! `ether saddr == SET` is false and `ether saddr != SET` is true for that source; any other
//! condition (a protocol, an address, a mark) makes the rule apply to part of the traffic
//! only, and a drop reached through such a rule is reported as `partial`.
//!
//! The patterns this recognises are those libvirt (nwfilter `no-mac-spoofing`, through
//! ebtables-nft), Proxmox (`macfilter`) and LXD/Incus (`security.mac_filtering`) install:
//! `iifname P ether saddr != MAC drop`, or `ether saddr MAC return` followed by `drop` in a
//! chain jumped to for the port.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why the ruleset could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NftError(pub String);

impl std::fmt::Display for NftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "nft -j list ruleset: {}", self.0)
    }
}

impl std::error::Error for NftError {}

/// A drop of foreign sources at one port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDrop {
    /// Where: `FAMILY TABLE CHAIN handle H` of the rule that drops (or `policy drop` of a base
    /// chain).
    pub rule: String,
    /// The `nft` command that removes that rule, when it is a rule.
    pub delete: Option<String>,
    /// The source MACs the rules let through (the guest's own, usually).
    pub allowed: Vec<String>,
    /// True when the drop applies to part of the traffic only (the rules test more than the
    /// port and the source MAC).
    pub partial: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Cond {
    /// `iifname`/`iif` compared with names (a trailing `*` is a prefix).
    Port { negated: bool, names: Vec<String> },
    /// `meta ibrname` compared with bridge names.
    Bridge { negated: bool, names: Vec<String> },
    /// `ether saddr` compared with MACs.
    Source { negated: bool, macs: Vec<String> },
    /// Anything else.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Drop,
    Accept,
    Return,
    Jump(String),
    Goto(String),
    /// `iifname vmap { NAME : VERDICT, ... }`.
    PortMap(Vec<(String, Verdict)>),
}

#[derive(Debug, Clone)]
struct Rule {
    handle: u64,
    conds: Vec<Cond>,
    verdict: Option<Verdict>,
}

#[derive(Debug, Clone)]
struct Chain {
    family: String,
    table: String,
    name: String,
    hook: Option<String>,
    prio: i64,
    policy_drop: bool,
    devices: Vec<String>,
    rules: Vec<Rule>,
}

/// The parts of a ruleset that can drop frames at bridge ports.
#[derive(Debug, Clone, Default)]
pub struct Ruleset {
    chains: Vec<Chain>,
}

/// How deep jumps are followed (the kernel allows 16 levels).
const MAX_DEPTH: usize = 16;
/// How many rules one walk looks at, at most (a ruleset that is not the kernel's could jump
/// in circles, many times per chain).
const MAX_STEPS: usize = 100_000;

fn strings(
    v: &Value,
    sets: &HashMap<(String, String, String), Vec<String>>,
    at: (&str, &str),
) -> Option<Vec<String>> {
    match v {
        Value::String(s) => match s.strip_prefix('@') {
            Some(name) => sets
                .get(&(at.0.to_string(), at.1.to_string(), name.to_string()))
                .cloned(),
            None => Some(vec![s.clone()]),
        },
        Value::Object(o) => o.get("set").and_then(|s| match s {
            Value::Array(items) => items.iter().map(elem).collect(),
            other => elem(other).map(|e| vec![e]),
        }),
        _ => None,
    }
}

/// One element of a set: a string, or `{"elem": {"val": ...}}`.
fn elem(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("elem")?.get("val").and_then(elem),
        _ => None,
    }
}

fn meta_key(v: &Value) -> Option<&str> {
    v.get("meta")?.get("key")?.as_str()
}

fn is_ether_saddr(v: &Value) -> bool {
    v.get("payload").is_some_and(|p| {
        p.get("protocol").and_then(Value::as_str) == Some("ether")
            && p.get("field").and_then(Value::as_str) == Some("saddr")
    })
}

fn verdict(v: &Value) -> Option<Verdict> {
    let o = v.as_object()?;
    let (k, val) = o.iter().next()?;
    let target = || {
        val.get("target")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Some(match k.as_str() {
        "drop" | "reject" => Verdict::Drop,
        "accept" => Verdict::Accept,
        "return" => Verdict::Return,
        "jump" => Verdict::Jump(target()?),
        "goto" => Verdict::Goto(target()?),
        _ => return None,
    })
}

fn parse_rule(
    r: &Value,
    sets: &HashMap<(String, String, String), Vec<String>>,
) -> Option<(String, String, String, Rule)> {
    let s = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
    let (family, table, chain) = (s("family")?, s("table")?, s("chain")?);
    let at = (family.as_str(), table.as_str());
    let mut rule = Rule {
        handle: r.get("handle").and_then(Value::as_u64).unwrap_or(0),
        conds: Vec::new(),
        verdict: None,
    };
    for e in r
        .get("expr")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(m) = e.get("match") {
            let op = m.get("op").and_then(Value::as_str).unwrap_or("==");
            let negated = match op {
                "==" | "in" => false,
                "!=" => true,
                _ => {
                    rule.conds.push(Cond::Other);
                    continue;
                }
            };
            let (left, right) = (
                m.get("left").unwrap_or(&Value::Null),
                m.get("right").unwrap_or(&Value::Null),
            );
            let values = strings(right, sets, at);
            rule.conds
                .push(match (meta_key(left), is_ether_saddr(left), values) {
                    (Some("iifname" | "iif"), _, Some(names)) => Cond::Port { negated, names },
                    (Some("ibrname" | "ibriport"), _, Some(names)) => {
                        Cond::Bridge { negated, names }
                    }
                    (None, true, Some(macs)) => Cond::Source {
                        negated,
                        macs: macs.iter().map(|m| m.to_ascii_lowercase()).collect(),
                    },
                    _ => Cond::Other,
                });
        } else if let Some(map) = e.get("vmap") {
            let key = map.get("key").map(meta_key);
            let entries = map
                .get("data")
                .and_then(|d| d.get("set"))
                .and_then(Value::as_array);
            match (key, entries) {
                (Some(Some("iifname" | "iif")), Some(entries)) => {
                    let pairs = entries
                        .iter()
                        .filter_map(|p| {
                            let p = p.as_array()?;
                            Some((elem(p.first()?)?, verdict(p.get(1)?)?))
                        })
                        .collect();
                    rule.verdict = Some(Verdict::PortMap(pairs));
                }
                _ => rule.conds.push(Cond::Other),
            }
        } else if let Some(v) = verdict(e) {
            rule.verdict = Some(v);
        } else if e.get("xt").is_some() {
            // An ebtables match nft cannot show: it may test anything.
            rule.conds.push(Cond::Other);
        }
    }
    Some((family, table, chain, rule))
}

impl Ruleset {
    /// Reads the output of `nft -j list ruleset`.
    pub fn parse(json: &str) -> Result<Ruleset, NftError> {
        let v: Value =
            serde_json::from_str(json).map_err(|e| NftError(format!("not JSON: {e}")))?;
        let items = v
            .get("nftables")
            .and_then(Value::as_array)
            .ok_or_else(|| NftError("no \"nftables\" array".into()))?;
        let mut sets = HashMap::new();
        let mut chains: Vec<Chain> = Vec::new();
        for it in items {
            if let Some(s) = it.get("set") {
                let f = |k: &str| {
                    s.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                let elems = match s.get("elem") {
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(elem)
                        .map(|m| m.to_ascii_lowercase())
                        .collect(),
                    _ => Vec::new(),
                };
                sets.insert((f("family"), f("table"), f("name")), elems);
            }
        }
        for it in items {
            if let Some(c) = it.get("chain") {
                let f = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
                let devices = match c.get("dev") {
                    Some(Value::String(d)) => vec![d.clone()],
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(|d| d.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                };
                chains.push(Chain {
                    family: f("family").unwrap_or_default(),
                    table: f("table").unwrap_or_default(),
                    name: f("name").unwrap_or_default(),
                    hook: f("hook"),
                    prio: c.get("prio").and_then(Value::as_i64).unwrap_or(0),
                    policy_drop: f("policy").as_deref() == Some("drop"),
                    devices,
                    rules: Vec::new(),
                });
            } else if let Some(r) = it.get("rule") {
                if let Some((family, table, chain, rule)) = parse_rule(r, &sets) {
                    if let Some(c) = chains
                        .iter_mut()
                        .find(|c| c.family == family && c.table == table && c.name == chain)
                    {
                        c.rules.push(rule);
                    }
                }
            }
        }
        chains.retain(|c| c.family == "bridge" || c.family == "netdev");
        Ok(Ruleset { chains })
    }

    /// What the rules do to a frame entering at `port` (of `bridge`, when it is a bridge port)
    /// whose source MAC no rule names: the drop that stops it (a drop of all of it before one
    /// of part of it), or `None` when it passes.
    pub fn source_drop(&self, port: &str, bridge: Option<&str>) -> Option<SourceDrop> {
        let mut bases: Vec<&Chain> = self
            .chains
            .iter()
            .filter(|c| match (c.family.as_str(), c.hook.as_deref()) {
                ("bridge", Some("prerouting" | "input" | "forward" | "postrouting")) => {
                    bridge.is_some()
                }
                ("netdev", Some("ingress")) => c.devices.iter().any(|d| d == port),
                _ => false,
            })
            .collect();
        let order = |h: Option<&str>| match h {
            Some("ingress") => 0,
            Some("prerouting") => 1,
            Some("input") => 2,
            Some("forward") => 3,
            _ => 4,
        };
        bases.sort_by_key(|c| (order(c.hook.as_deref()), c.prio));
        let mut partial = None;
        for c in bases {
            let mut w = Walk {
                set: self,
                port,
                bridge,
                allowed: Vec::new(),
                partial: false,
                partial_drop: None,
                steps: 0,
            };
            let d = match w.chain(c, 0) {
                Outcome::Dropped(d) => Some(d),
                Outcome::Returned if c.policy_drop => Some(SourceDrop {
                    rule: format!("{} {} {} policy drop", c.family, c.table, c.name),
                    delete: None,
                    allowed: std::mem::take(&mut w.allowed),
                    partial: w.partial,
                }),
                _ => None,
            }
            .or(w.partial_drop);
            match d {
                Some(d) if !d.partial => return Some(d),
                Some(d) if partial.is_none() => partial = Some(d),
                _ => {}
            }
        }
        partial
    }
}

enum Outcome {
    Dropped(SourceDrop),
    Accepted,
    Returned,
}

/// One frame's walk through the chains.
struct Walk<'a> {
    set: &'a Ruleset,
    port: &'a str,
    bridge: Option<&'a str>,
    /// MACs that rules let out before a drop.
    allowed: Vec<String>,
    /// A rule that tests something else ended the walk for part of the traffic.
    partial: bool,
    /// The first drop of part of the traffic (the rest walks on).
    partial_drop: Option<SourceDrop>,
    /// Rules looked at so far.
    steps: usize,
}

fn name_matches(patterns: &[String], name: &str) -> bool {
    patterns.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => p == name,
    })
}

impl<'a> Walk<'a> {
    fn chain(&mut self, c: &Chain, depth: usize) -> Outcome {
        if depth > MAX_DEPTH {
            self.partial = true;
            return Outcome::Returned;
        }
        for r in &c.rules {
            self.steps += 1;
            if self.steps > MAX_STEPS {
                self.partial = true;
                return Outcome::Returned;
            }
            let Some(v) = &r.verdict else { continue };
            let v = match v {
                Verdict::PortMap(pairs) => {
                    match pairs
                        .iter()
                        .find(|(n, _)| name_matches(std::slice::from_ref(n), self.port))
                    {
                        Some((_, v)) => v.clone(),
                        None => continue,
                    }
                }
                v => v.clone(),
            };
            // A condition on something else than the port and the source: part of the traffic.
            let mut maybe = false;
            let mut other_false = false;
            let mut equal: Option<Vec<String>> = None;
            let mut exempt = Vec::new();
            let mut tests_source = false;
            for cond in &r.conds {
                match cond {
                    Cond::Port { negated, names } => {
                        other_false |= name_matches(names, self.port) == *negated;
                    }
                    Cond::Bridge { negated, names } => {
                        other_false |= self
                            .bridge
                            .is_none_or(|b| name_matches(names, b) == *negated);
                    }
                    Cond::Source {
                        negated: false,
                        macs,
                    } => equal
                        .get_or_insert_with(Vec::new)
                        .extend(macs.iter().cloned()),
                    Cond::Source {
                        negated: true,
                        macs,
                    } => {
                        exempt.extend(macs.iter().cloned());
                        tests_source = true;
                    }
                    Cond::Other => maybe = true,
                }
            }
            if other_false {
                continue;
            }
            if let Some(macs) = equal {
                // `ether saddr MAC accept/return`: never our frame, but that MAC gets out.
                if matches!(v, Verdict::Accept | Verdict::Return) && !maybe {
                    for m in macs {
                        if !self.allowed.contains(&m) {
                            self.allowed.push(m);
                        }
                    }
                }
                continue;
            }
            if maybe {
                match v {
                    Verdict::Drop if tests_source => {
                        let d = self.drop(c, r, exempt, true);
                        self.partial_drop.get_or_insert(d);
                    }
                    Verdict::Drop => {}
                    Verdict::Jump(t) | Verdict::Goto(t) => {
                        let out = match self.find(c, &t) {
                            Some(target) => self.chain(target, depth + 1),
                            None => Outcome::Returned,
                        };
                        match out {
                            Outcome::Dropped(mut d) => {
                                d.partial = true;
                                self.partial_drop.get_or_insert(d);
                            }
                            Outcome::Accepted => self.partial = true,
                            Outcome::Returned => {}
                        }
                    }
                    _ => self.partial = true,
                }
                continue;
            }
            match v {
                Verdict::Drop => return Outcome::Dropped(self.drop(c, r, exempt, false)),
                Verdict::Accept => return Outcome::Accepted,
                Verdict::Return => return Outcome::Returned,
                Verdict::Jump(t) => {
                    if let Some(target) = self.find(c, &t) {
                        match self.chain(target, depth + 1) {
                            Outcome::Returned => {}
                            other => return other,
                        }
                    }
                }
                Verdict::Goto(t) => {
                    if let Some(target) = self.find(c, &t) {
                        return self.chain(target, depth + 1);
                    }
                }
                Verdict::PortMap(_) => {}
            }
        }
        Outcome::Returned
    }

    fn find(&self, from: &Chain, name: &str) -> Option<&'a Chain> {
        let set: &'a Ruleset = self.set;
        set.chains
            .iter()
            .find(|c| c.family == from.family && c.table == from.table && c.name == name)
    }

    fn drop(&mut self, c: &Chain, r: &Rule, exempt: Vec<String>, partial: bool) -> SourceDrop {
        let mut allowed = self.allowed.clone();
        for m in exempt {
            if !allowed.contains(&m) {
                allowed.push(m);
            }
        }
        SourceDrop {
            rule: format!("{} {} {} handle {}", c.family, c.table, c.name, r.handle),
            delete: Some(format!(
                "nft delete rule {} {} {} handle {}",
                c.family, c.table, c.name, r.handle
            )),
            allowed,
            partial: partial || self.partial,
        }
    }
}
