//! Open vSwitch ports: what the bridge's OpenFlow table 0 (`ovs-ofctl dump-flows BRIDGE`) does
//! with a nested guest's frames at one port, decided from the flows' text alone.
//!
//! Two frames are followed down the table by priority: one *out* of the port from a source MAC
//! no flow names (the nested guest's) to a unicast destination no flow names, and one *back*
//! to that nested MAC from another port. The first flow that matches decides: `NORMAL` (a
//! learning switch that floods unknown unicast to ports without `no-flood`), `drop`, or
//! explicit outputs (`output:`, `ALL`, `FLOOD`). A flow that may or may not match (a field
//! other than `in_port`, `dl_src`, `dl_dst`, a mask, the back frame's ingress port, equal
//! priorities that disagree), an action that is not one of those (`resubmit`, `goto_table`,
//! `controller`, `set_field`, ...) or no matching flow at all leaves the answer `unknown`:
//! never a guess. Port security as OVN and OpenStack write it (from the port only its own
//! source MAC, a lower-priority drop for the rest) rejects forged transmits.

use super::HostPolicies;

/// The most text read from `ovs-ofctl` (bytes); beyond it the answer is `unknown`.
pub const MAX_TEXT: usize = 4 << 20;
/// The most flows read; beyond it the answer is `unknown`.
pub const MAX_FLOWS: usize = 20_000;

/// What was read about one Open vSwitch port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OvsPort {
    /// The Open vSwitch bridge.
    pub bridge: String,
    /// `ovs-ofctl --names dump-flows BRIDGE`'s output, or why it could not be read.
    pub flows: Result<String, String>,
    /// `ovs-ofctl show BRIDGE`'s output (port numbers, `NO_FLOOD`), or why it could not be read.
    pub show: Result<String, String>,
}

/// One action of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    Normal,
    /// `ALL` (every port but the ingress one).
    All,
    /// `FLOOD` (every port without `no-flood`).
    Flood,
    /// `output:PORT` (a name or number; `IN_PORT`, `LOCAL`).
    Output(String),
    /// Anything else, as written.
    Other(String),
}

/// One flow of table 0.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Flow {
    priority: u32,
    in_port: Option<String>,
    dl_src: Option<String>,
    dl_dst: Option<String>,
    /// Match fields this module does not follow.
    other: Vec<String>,
    /// Empty: drop.
    actions: Vec<Action>,
    text: String,
}

/// Splits at `sep` outside double quotes and parentheses.
fn split_top(s: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut depth) = (false, 0usize);
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !quoted && depth == 0 && seps.contains(&c) {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

/// Fields `dump-flows` prints that are statistics or flags, not matches.
const NOT_MATCHES: &[&str] = &[
    "cookie",
    "duration",
    "table",
    "n_packets",
    "n_bytes",
    "idle_age",
    "hard_age",
    "idle_timeout",
    "hard_timeout",
    "importance",
    "reset_counts",
    "send_flow_rem",
    "check_overlap",
    "no_packet_counts",
    "no_byte_counts",
];

/// Parses `dump-flows` text: the flows of table 0, or why it cannot be read.
fn parse(text: &str) -> Result<Vec<Flow>, String> {
    if text.len() > MAX_TEXT {
        return Err(format!("the flow dump is over {MAX_TEXT} bytes"));
    }
    let mut flows = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("NXST_FLOW") || line.starts_with("OFPST_FLOW") {
            continue;
        }
        let Some(at) = line.find("actions=") else {
            return Err(format!("a line without actions: {line}"));
        };
        let (m, a) = (&line[..at], &line[at + "actions=".len()..]);
        if a.trim().is_empty() {
            return Err(format!("a flow without actions: {line}"));
        }
        let mut flow = Flow {
            priority: 32768,
            in_port: None,
            dl_src: None,
            dl_dst: None,
            other: Vec::new(),
            actions: Vec::new(),
            text: line.to_string(),
        };
        let mut table = 0u32;
        for tok in split_top(m, &[',', ' ']) {
            let (k, v) = tok.split_once('=').unwrap_or((tok.as_str(), ""));
            match k {
                "priority" => {
                    flow.priority = v
                        .parse()
                        .map_err(|_| format!("priority {v:?} in: {line}"))?
                }
                "table" => table = v.parse().map_err(|_| format!("table {v:?} in: {line}"))?,
                "in_port" => flow.in_port = Some(unquote(v)),
                "dl_src" | "eth_src" => flow.dl_src = Some(v.to_ascii_lowercase()),
                "dl_dst" | "eth_dst" => flow.dl_dst = Some(v.to_ascii_lowercase()),
                _ if NOT_MATCHES.contains(&k) => {}
                _ => flow.other.push(tok.clone()),
            }
        }
        for act in split_top(a, &[',']) {
            let act = act.as_str();
            flow.actions.push(match act {
                "drop" => continue,
                "NORMAL" | "normal" => Action::Normal,
                "ALL" | "all" => Action::All,
                "FLOOD" | "flood" => Action::Flood,
                _ => match act.strip_prefix("output:") {
                    Some(p) if !p.is_empty() && !p.contains('(') && !p.contains('[') => {
                        Action::Output(unquote(p))
                    }
                    _ => Action::Other(act.to_string()),
                },
            });
        }
        if table == 0 {
            if flows.len() >= MAX_FLOWS {
                return Err(format!("over {MAX_FLOWS} flows"));
            }
            flows.push(flow);
        }
    }
    flows.sort_by_key(|f| std::cmp::Reverse(f.priority));
    Ok(flows)
}

/// The port's number and `NO_FLOOD` from `ovs-ofctl show` (`None` when the port is not listed).
fn show_port(show: &str, port: &str) -> Option<(String, bool)> {
    let mut lines = show.lines().take(100_000);
    while let Some(l) = lines.next() {
        let l = l.trim();
        let Some((head, _)) = l.split_once("): ") else {
            continue;
        };
        let Some((num, name)) = head.split_once('(') else {
            continue;
        };
        if name != port || num.is_empty() {
            continue;
        }
        for next in lines.by_ref().take(8) {
            if let Some(cfg) = next.trim().strip_prefix("config:") {
                return Some((num.to_string(), cfg.contains("NO_FLOOD")));
            }
        }
        return Some((num.to_string(), false));
    }
    None
}

/// How a flow meets a frame.
#[derive(PartialEq)]
enum Meet {
    No,
    Yes,
    Maybe(String),
}

/// `dl_dst` against a unicast destination no flow names.
fn dst_meets(d: &Option<String>) -> Meet {
    match d.as_deref() {
        None => Meet::Yes,
        Some(v) if !v.contains('/') => Meet::No,
        // The multicast bit only.
        Some("01:00:00:00:00:00/01:00:00:00:00:00") => Meet::No,
        Some("00:00:00:00:00:00/01:00:00:00:00:00") => Meet::Yes,
        Some(v) => Meet::Maybe(format!("dl_dst={v}")),
    }
}

fn meets(f: &Flow, out: bool, me: &[String]) -> Meet {
    let mine = f.in_port.as_ref().map(|p| me.contains(p));
    let port = match (out, mine) {
        (_, None) => Meet::Yes,
        (true, Some(true)) => Meet::Yes,
        (true, Some(false)) => Meet::No,
        (false, Some(true)) => Meet::No,
        (false, Some(false)) => Meet::Maybe(format!(
            "in_port={} (frames back come from other ports)",
            f.in_port.as_deref().unwrap_or("")
        )),
    };
    let src = match (&f.dl_src, out) {
        (None, _) => Meet::Yes,
        (Some(v), true) if !v.contains('/') => Meet::No,
        (Some(v), _) => Meet::Maybe(format!("dl_src={v}")),
    };
    let rest = match f.other.first() {
        Some(o) => Meet::Maybe(o.clone()),
        None => Meet::Yes,
    };
    let all = [port, src, dst_meets(&f.dl_dst), rest];
    if all.contains(&Meet::No) {
        return Meet::No;
    }
    all.into_iter()
        .find(|m| matches!(m, Meet::Maybe(_)))
        .unwrap_or(Meet::Yes)
}

/// Whether a flow applies only to frames from particular senders (another port, one source
/// MAC): for the frame back, which any station may send, such a flow is harmless when it drops
/// (it judges that sender, not this port) or does what the deciding flow does.
fn sender_only(f: &Flow, me: &[String]) -> bool {
    f.in_port.as_ref().is_some_and(|p| !me.contains(p))
        || f.dl_src.as_ref().is_some_and(|s| !s.contains('/'))
}

/// The flow deciding a frame, or why none can be named.
fn decide<'a>(flows: &'a [Flow], out: bool, me: &[String]) -> Result<&'a Flow, String> {
    let mut senders: Vec<&Flow> = Vec::new();
    for (i, f) in flows.iter().enumerate() {
        if !out && sender_only(f, me) && f.other.is_empty() && dst_meets(&f.dl_dst) != Meet::No {
            senders.push(f);
            continue;
        }
        match meets(f, out, me) {
            Meet::No => continue,
            Meet::Maybe(why) => {
                return Err(format!(
                    "the flow \"{}\" may or may not apply ({why})",
                    f.text
                ))
            }
            Meet::Yes => {
                if let Some(g) = flows[i + 1..]
                    .iter()
                    .take_while(|g| g.priority == f.priority)
                    .find(|g| meets(g, out, me) != Meet::No && g.actions != f.actions)
                {
                    return Err(format!(
                        "the flows \"{}\" and \"{}\" have the same priority and different actions",
                        f.text, g.text
                    ));
                }
                if let Some(Action::Other(a)) =
                    f.actions.iter().find(|a| matches!(a, Action::Other(_)))
                {
                    return Err(format!(
                        "the flow \"{}\" has the action {a}, which this doctor does not follow",
                        f.text
                    ));
                }
                if let Some(g) = senders
                    .iter()
                    .find(|g| !g.actions.is_empty() && g.actions != f.actions)
                {
                    return Err(format!(
                        "the flow \"{}\" treats frames from some senders otherwise than \"{}\"",
                        g.text, f.text
                    ));
                }
                return Ok(f);
            }
        }
    }
    Err("no flow of table 0 matches (the table-miss behaviour depends on the controller)".into())
}

/// The verdict on an Open vSwitch port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OvsVerdict {
    /// The policies.
    pub policies: HostPolicies,
    /// What blocks a nested guest.
    pub blocking: Vec<String>,
    /// The way out (`forged_transmits`): evidence, or `Err` with why it is unknown.
    pub out: Result<String, String>,
    /// The way back (`return_path`): evidence, or `Err` with why it is unknown.
    pub back: Result<String, String>,
    /// A fix per blocking policy: (policy, fix).
    pub fixes: Vec<(String, String)>,
}

/// Judges `port` of `o.bridge` from the flows read.
pub fn judge(port: &str, o: &OvsPort) -> OvsVerdict {
    let br = &o.bridge;
    let unknown = |why: String| OvsVerdict {
        policies: HostPolicies::unknown(),
        blocking: Vec::new(),
        out: Err(why.clone()),
        back: Err(why),
        fixes: Vec::new(),
    };
    let flows = match &o.flows {
        Err(why) => return unknown(format!("the flows of {br} were not read: {why}")),
        Ok(text) => match parse(text) {
            Ok(f) => f,
            Err(why) => return unknown(format!("the flows of {br} cannot be read: {why}")),
        },
    };
    let mut me = vec![port.to_string()];
    let no_flood = match &o.show {
        Ok(s) => match show_port(s, port) {
            Some((num, nf)) => {
                me.push(num);
                Some(nf)
            }
            None => None,
        },
        Err(_) => None,
    };
    let mut p = HostPolicies::unknown();
    let mut blocking = Vec::new();
    let mut fixes = Vec::new();
    let out_flow = decide(&flows, true, &me);
    let out_normal = matches!(&out_flow, Ok(f) if f.actions.contains(&Action::Normal));
    let out = match out_flow {
        Err(why) => Err(format!("frames from a nested MAC at {port}: {why}")),
        Ok(f) if f.actions.is_empty() => {
            p.forged_transmits = "reject".into();
            blocking.push("forged_transmits".to_string());
            fixes.push(("forged_transmits".to_string(), format!(
                "Open vSwitch: let the nested MACs out of {port}: ovs-ofctl add-flow {br} \"priority={},in_port={port},dl_src=NESTED_MAC,actions=NORMAL\" (one per nested MAC), or remove the drop: ovs-ofctl del-flows --strict {br} \"priority={},in_port={port}\"; OVN/OpenStack: port_security_enabled=false on the port, or the nested MACs in allowed_address_pairs",
                f.priority.saturating_add(1),
                f.priority
            )));
            Ok(format!(
                "frames from a MAC not named in the flows entering at {port} are dropped by \"{}\" (port security)",
                f.text
            ))
        }
        Ok(f) => {
            p.forged_transmits = "accept".into();
            Ok(format!(
                "frames from a MAC not named in the flows entering at {port} are forwarded by \"{}\"",
                f.text
            ))
        }
    };
    let back = match decide(&flows, false, &me) {
        Err(why) => Err(format!(
            "frames for a nested MAC arriving at other ports: {why}"
        )),
        Ok(f) => {
            let a = &f.actions;
            let to_me = a
                .iter()
                .any(|x| matches!(x, Action::Output(o) if me.contains(o)));
            let flood = |on: bool| if on { "on" } else { "off" }.to_string();
            if a.contains(&Action::Normal) {
                p.promiscuous = "reject".into();
                p.mac_learning = flood(out_normal);
                p.flooding = no_flood.map_or("unknown".into(), |nf| flood(!nf));
            } else {
                let floods = a.contains(&Action::All)
                    || to_me
                    || (a.contains(&Action::Flood) && no_flood == Some(false));
                let maybe = a.contains(&Action::Flood) && no_flood.is_none();
                p.mac_learning = "off".into();
                p.flooding = if maybe {
                    "unknown".into()
                } else {
                    flood(floods)
                };
                p.promiscuous = if maybe {
                    "unknown".into()
                } else if floods {
                    "accept".into()
                } else {
                    "reject".into()
                };
            }
            Ok(format!(
                "frames for a MAC not named in the flows are handled by \"{}\": learning {}, flooding to {port} {}{}",
                f.text,
                p.mac_learning,
                p.flooding,
                if a.contains(&Action::Normal) && !out_normal {
                    " (NORMAL never sees a nested MAC's frames from this port, so never learns it here)"
                } else {
                    ""
                }
            ))
        }
    };
    if p.mac_learning == "off" && p.flooding == "off" {
        blocking.push("mac_learning".to_string());
        fixes.push(("mac_learning".to_string(), format!(
            "Open vSwitch: forward the nested MACs to {port}: ovs-ofctl add-flow {br} \"dl_dst=NESTED_MAC,actions=output:{port}\" (one per nested MAC), or let NORMAL learn them (and ovs-ofctl mod-port {br} {port} flood)"
        )));
    }
    p.mac_changes = if !blocking.is_empty() {
        "reject".into()
    } else if [&p.forged_transmits, &p.mac_learning, &p.flooding]
        .iter()
        .any(|x| *x == "unknown")
    {
        "unknown".into()
    } else {
        "accept".into()
    };
    OvsVerdict {
        policies: p,
        blocking,
        out,
        back,
        fixes,
    }
}
