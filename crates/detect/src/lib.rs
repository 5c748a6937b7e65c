//! `promisc detect`'s logic, with no I/O: which addresses to probe ([`targets`]), the eight
//! ARP probes in nmap's sniffer-detect order ([`PROBES`]), and what a host's answers mean
//! ([`verdict`]). docs/ARCHITECTURE.md §4 and the project's design notes give the kernel facts:
//! Linux answers an ARP request sent to any group MAC it lets through, so a request to a bogus
//! group address is answered only when the NIC passes it: promiscuous mode, allmulticast, a
//! NIC with no receive filter at all (a veth), or a multicast hash collision (some but not all
//! of them).
#![forbid(unsafe_code)]

pub mod schedule;
pub mod targets;

use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv6Addr};

/// One probe: the Ethernet destination of an ARP who-has, and nmap's name for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeDst {
    /// The destination MAC.
    pub mac: [u8; 6],
    /// nmap's name (`B32`, `B31`, ...).
    pub name: &'static str,
    /// A control: every live host answers it (broadcast, the all-hosts group).
    pub control: bool,
}

/// The eight probes, in nmap sniffer-detect's order (its pattern `11111111` reads them so).
pub const PROBES: [ProbeDst; 8] = [
    ProbeDst {
        mac: [0xff; 6],
        name: "B32",
        control: true,
    },
    ProbeDst {
        mac: [0xff, 0xff, 0xff, 0xff, 0xff, 0xfe],
        name: "B31",
        control: false,
    },
    ProbeDst {
        mac: [0xff, 0xff, 0, 0, 0, 0],
        name: "B16",
        control: false,
    },
    ProbeDst {
        mac: [0xff, 0, 0, 0, 0, 0],
        name: "B8",
        control: false,
    },
    ProbeDst {
        mac: [0x01, 0, 0, 0, 0, 0],
        name: "G",
        control: false,
    },
    ProbeDst {
        mac: [0x01, 0, 0x5e, 0, 0, 0],
        name: "M0",
        control: false,
    },
    ProbeDst {
        mac: [0x01, 0, 0x5e, 0, 0, 1],
        name: "M1",
        control: true,
    },
    ProbeDst {
        mac: [0x01, 0, 0x5e, 0, 0, 3],
        name: "M3",
        control: false,
    },
];

/// The Ethernet destination of probe `k` to `target`: [`PROBES`]' for IPv4; for IPv6 the
/// all-hosts control M1 becomes the target's solicited-node group (`33:33:ff:XX:XX:XX`), the
/// group a neighbour solicitation for it normally goes to and that every IPv6 host joins.
pub fn probe_mac(k: usize, target: IpAddr) -> [u8; 6] {
    match target {
        IpAddr::V6(a) if k == SOLICITED => {
            let o = a.octets();
            [0x33, 0x33, 0xff, o[13], o[14], o[15]]
        }
        _ => PROBES[k].mac,
    }
}

/// The position of the all-hosts control, the solicited-node group for IPv6.
const SOLICITED: usize = 6;

/// The all-nodes address, where IPv6 discovery's echo request goes.
pub const ALL_NODES: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1);

/// The name of probe `k` for a target of this family (`S` for the solicited-node control).
pub fn probe_name(k: usize, v6: bool) -> &'static str {
    if v6 && k == SOLICITED {
        "S"
    } else {
        PROBES[k].name
    }
}

/// What a host's answers mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Answers every bogus group address.
    Promiscuous,
    /// Answers some bogus group addresses but not all: a hash filter let them through.
    Collision,
    /// Answers the controls only.
    NotPromiscuous,
    /// Does not answer the controls reliably.
    Unknown,
}

impl Verdict {
    /// The name of `--json` and the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Promiscuous => "promiscuous",
            Verdict::Collision => "collision",
            Verdict::NotPromiscuous => "not_promiscuous",
            Verdict::Unknown => "unknown",
        }
    }
}

/// nmap's pattern of answers: `1` answered, `_` silent, in [`PROBES`]' order.
pub fn pattern(answered: &[bool; 8]) -> String {
    answered
        .iter()
        .map(|&a| if a { '1' } else { '_' })
        .collect()
}

/// The verdict of a host's answers, with its one-line reason.
pub fn verdict(answered: &[bool; 8]) -> (Verdict, String) {
    verdict_for(answered, false)
}

/// [`verdict`] for an IPv4 (`v6` false) or IPv6 host, whose probes have their own names.
pub fn verdict_for(answered: &[bool; 8], v6: bool) -> (Verdict, String) {
    let controls = PROBES.iter().zip(answered).filter(|(p, _)| p.control);
    let controls_ok = controls.clone().all(|(_, &a)| a);
    let bogus: Vec<bool> = PROBES
        .iter()
        .zip(answered)
        .filter(|(p, _)| !p.control)
        .map(|(_, &a)| a)
        .collect();
    let n = bogus.iter().filter(|&&a| a).count();
    let total = bogus.len();
    if !controls_ok {
        let missed: Vec<&str> = PROBES
            .iter()
            .enumerate()
            .filter(|(k, p)| p.control && !answered[*k])
            .map(|(k, _)| probe_name(k, v6))
            .collect();
        return (
            Verdict::Unknown,
            format!("did not answer the control probe{} {} even after retries: nothing can be concluded", if missed.len() > 1 { "s" } else { "" }, missed.join(" and ")),
        );
    }
    match n {
        0 => (
            Verdict::NotPromiscuous,
            if v6 { "answers the broadcast and solicited-node controls only: its NIC filters other group addresses" } else { "answers the broadcast and all-hosts controls only: its NIC filters other group addresses" }.into(),
        ),
        n if n == total => (
            Verdict::Promiscuous,
            "answers every bogus group address: promiscuous, or allmulticast on, or a NIC with no receive filter (a veth, some virtual NICs); ARP probes cannot tell these apart".into(),
        ),
        n => {
            let passed: Vec<&str> = PROBES.iter().zip(answered).filter(|(p, &a)| !p.control && a).map(|(p, _)| p.name).collect();
            (
                Verdict::Collision,
                format!("answers {n} of {total} bogus group addresses ({}): its multicast hash filter let them through (a collision with a group it joined); not promiscuous", passed.join(", ")),
            )
        }
    }
}

/// One host's result, as `--json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostResult {
    /// Its address.
    pub ip: IpAddr,
    /// Its MAC (from its answer to discovery).
    pub mac: String,
    /// The verdict.
    pub verdict: Verdict,
    /// nmap's pattern.
    pub pattern: String,
    /// Why.
    pub reason: String,
}

impl HostResult {
    /// The result of a host's answers.
    pub fn new(ip: IpAddr, mac: String, answered: &[bool; 8]) -> HostResult {
        let (verdict, reason) = verdict_for(answered, ip.is_ipv6());
        HostResult {
            ip,
            mac,
            verdict,
            pattern: pattern(answered),
            reason,
        }
    }
}

/// The table at the end, sorted by address.
pub fn table(results: &[HostResult]) -> String {
    let mut rows: Vec<&HostResult> = results.iter().collect();
    rows.sort_by_key(|r| r.ip);
    let mut s = format!(
        "{:<16} {:<18} {:<16} {:<9} {}\n",
        "ADDRESS", "MAC", "VERDICT", "PATTERN", "REASON"
    );
    for r in rows {
        s.push_str(&format!(
            "{:<16} {:<18} {:<16} {:<9} {}\n",
            r.ip.to_string(),
            r.mac,
            r.verdict.as_str(),
            r.pattern,
            r.reason
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(p: &str) -> [bool; 8] {
        let mut a = [false; 8];
        for (i, c) in p.chars().enumerate() {
            a[i] = c == '1';
        }
        a
    }

    #[test]
    fn verdicts_by_pattern() {
        assert_eq!(verdict(&parse("11111111")).0, Verdict::Promiscuous);
        assert_eq!(verdict(&parse("1_____1_")).0, Verdict::NotPromiscuous);
        assert_eq!(verdict(&parse("1____11_")).0, Verdict::Collision);
        assert_eq!(
            verdict(&parse("1_111_11")).0,
            Verdict::Collision,
            "five of six is still not all"
        );
        assert_eq!(verdict(&parse("________")).0, Verdict::Unknown);
        assert_eq!(verdict(&parse("1_______")).0, Verdict::Unknown, "M1 silent");
        assert_eq!(verdict(&parse("_111111_")).0, Verdict::Unknown);
        assert!(verdict(&parse("11111111")).1.contains("allmulticast"));
        assert!(verdict(&parse("1____11_")).1.contains("(M0)"));
        assert_eq!(pattern(&parse("1_1___1_")), "1_1___1_");
    }

    #[test]
    fn probes_are_nmaps_order_with_two_controls() {
        let names: Vec<&str> = PROBES.iter().map(|p| p.name).collect();
        assert_eq!(names, ["B32", "B31", "B16", "B8", "G", "M0", "M1", "M3"]);
        assert_eq!(PROBES.iter().filter(|p| p.control).count(), 2);
        assert!(
            PROBES.iter().all(|p| p.mac[0] & 1 == 1),
            "all group addresses"
        );
    }

    #[test]
    fn table_sorted_by_address_and_json_shape() {
        let r = vec![
            HostResult::new(
                "192.0.2.20".parse().unwrap(),
                "02:00:00:00:00:14".into(),
                &parse("11111111"),
            ),
            HostResult::new(
                "192.0.2.3".parse().unwrap(),
                "02:00:00:00:00:03".into(),
                &parse("1_____1_"),
            ),
            HostResult::new(
                "fe80::3".parse().unwrap(),
                "02:00:00:00:00:03".into(),
                &parse("1_______"),
            ),
        ];
        let t = table(&r);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[1].starts_with("192.0.2.3 "), "{t}");
        assert!(lines[2].starts_with("192.0.2.20 "), "{t}");
        assert!(
            lines[3].starts_with("fe80::3 ") && lines[3].contains("control probe S "),
            "IPv6 after IPv4, its own probe names: {t}"
        );
        let v = serde_json::to_value(&r[0]).unwrap();
        assert_eq!(v["verdict"], "promiscuous");
        for k in ["ip", "mac", "verdict", "pattern", "reason"] {
            assert!(v.get(k).is_some(), "{k}");
        }
    }
}
