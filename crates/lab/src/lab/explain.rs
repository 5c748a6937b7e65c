//! The ping matrix and why each failing pair fails: pure functions of the pings' results, the
//! switch's drop log and its port snapshot.

use std::fmt::Write as _;

use promisc_vswitch::policy::{PolicyKey, Profile};
use promisc_vswitch::stats::{refusal, DropRecord, PortSnapshot};
use serde::{Deserialize, Serialize};

use super::topology::{Kind, Lab};

/// One ordered pair of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// The host that pings.
    pub from: String,
    /// The host pinged.
    pub to: String,
    /// Whether an echo reply came back (echo requests every 0.2 s, three seconds at most).
    pub ok: bool,
    /// For a failing pair: which switch counter rose and what it means.
    pub reason: Option<String>,
}

/// The reachability matrix of a lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    /// The lab's name.
    pub lab: String,
    /// Its profile.
    pub profile: String,
    /// The hosts, rows and columns.
    pub hosts: Vec<String>,
    /// Every ordered pair.
    pub pairs: Vec<Pair>,
}

impl Matrix {
    /// Whether `from` reaches `to`.
    pub fn ok(&self, from: &str, to: &str) -> Option<bool> {
        self.pairs
            .iter()
            .find(|p| p.from == from && p.to == to)
            .map(|p| p.ok)
    }

    /// The table (rows ping columns), then one line per failing pair with its reason.
    pub fn to_text(&self) -> String {
        let cell = |r: &str, c: &str| -> &str {
            if r == c {
                "-"
            } else if self.ok(r, c) == Some(true) {
                "OK"
            } else {
                "NOT OK"
            }
        };
        let first = self.hosts.iter().map(String::len).max().unwrap_or(0) + 2;
        let widths: Vec<usize> = self
            .hosts
            .iter()
            .map(|c| {
                self.hosts
                    .iter()
                    .map(|r| cell(r, c).len())
                    .max()
                    .unwrap_or(0)
                    .max(c.len())
                    + 2
            })
            .collect();
        let mut s = String::new();
        let row = |s: &mut String, label: &str, cells: Vec<&str>| {
            let mut line = format!("{label:first$}");
            for (c, w) in cells.iter().zip(&widths) {
                let _ = write!(line, "{c:w$}");
            }
            s.push_str(line.trim_end());
            s.push('\n');
        };
        row(&mut s, "", self.hosts.iter().map(String::as_str).collect());
        for r in &self.hosts {
            row(&mut s, r, self.hosts.iter().map(|c| cell(r, c)).collect());
        }
        let failing: Vec<&Pair> = self.pairs.iter().filter(|p| !p.ok).collect();
        if !failing.is_empty() {
            s.push('\n');
        }
        for p in failing {
            let _ = writeln!(
                s,
                "{} -> {}: {}",
                p.from,
                p.to,
                p.reason.as_deref().unwrap_or("no reason known")
            );
        }
        s
    }
}

/// Why `from` does not reach `to`, from the drops the switch logged while the pings ran.
pub fn explain(
    lab: &Lab,
    from: &str,
    to: &str,
    drops: &[DropRecord],
    ports: &[PortSnapshot],
) -> String {
    let inner = lab.topology.inner();
    if lab.topology == Kind::Macvlan && [from, to].contains(&"guest") && [from, to].contains(&inner)
    {
        return "the container's macvlan sits on the guest's eth0, and Linux never passes frames between a macvlan and its own lower device (a macvlan limitation, not a switch policy)".into();
    }
    let mac = |h: &str| lab.host(h).map(|x| x.mac.clone()).unwrap_or_default();
    let (a, b) = (mac(from), mac(to));
    let who = |m: &str| -> String {
        lab.hosts
            .iter()
            .find(|h| h.mac == m && h.name != "outside")
            .map_or_else(|| m.to_string(), |h| format!("{}'s MAC {m}", h.name))
    };
    // The MAC a host's guest set instead of its port's configured one, if it changed it.
    let changed = |h: &str| -> Option<&str> {
        let port = lab.host(h)?.port.as_str();
        ports
            .iter()
            .find(|p| p.name == port && p.effective_mac != p.configured_mac)
            .map(|p| p.effective_mac.as_str())
    };
    let (ca, cb) = (changed(from), changed(to));
    let relevant = drops.iter().filter(|d| {
        let pair = (d.src == a && d.dst == b)
            || (d.src == b && d.dst == a)
            || (d.src == a && Some(d.dst.as_str()) == cb)
            || (d.src == b && Some(d.dst.as_str()) == ca);
        let flood = (d.src == a || d.src == b) && is_group(&d.dst);
        // Of the broadcasts a cloud drops, only ARP concerns a ping (not IPv6's multicast).
        let noise = d.reason == "broadcast" && d.ethertype != 0x0806;
        (pair || flood) && !noise
    });
    // The port a MAC's host sits behind, as the switch sees it.
    let behind = |d: &DropRecord| -> Option<&PortSnapshot> {
        let port = lab.hosts.iter().find(|h| h.mac == d.dst)?.port.as_str();
        ports.iter().find(|x| x.name == port)
    };
    // The platform's own words for a policy at a port, when its profile is not VMware's.
    let words = |port: &str, key: PolicyKey| -> Option<&'static str> {
        let p = ports.iter().find(|x| x.name == port)?;
        Profile::parse(&p.policy.profile)?.refusal_words(key)
    };
    let mut reasons: Vec<String> = Vec::new();
    for d in relevant {
        let text = match d.reason.as_str() {
            "unknown_destination" => {
                let owner = behind(d);
                // A guest that changed its MAC on a switch that keeps the configured one.
                let changed = ports.iter().find(|p| {
                    p.effective_mac == d.dst && p.configured_mac != p.effective_mac
                });
                let why = match owner {
                    _ if changed.is_some() => {
                        let p = changed.expect("just found");
                        format!(
                            "; port {}'s guest changed its MAC to {} and the switch still delivers to the configured {} ({})",
                            p.name,
                            p.effective_mac,
                            p.configured_mac,
                            words(&p.name, PolicyKey::MacChanges).unwrap_or("policy mac_changes=reject")
                        )
                    }
                    Some(o) if o.promiscuous_requested && !o.promiscuous_granted => {
                        format!(
                            "; port {} asked for promiscuous mode, refused ({})",
                            o.name,
                            refusal(o)
                        )
                    }
                    Some(o) if !o.promiscuous_requested => {
                        format!("; port {}'s guest did not ask for promiscuous mode", o.name)
                    }
                    Some(o) => match words(&o.name, PolicyKey::Promiscuous) {
                        Some(w) => format!(
                            "; port {} asked for promiscuous mode, granted, but {w}",
                            o.name
                        ),
                        None => String::new(),
                    },
                    _ => String::new(),
                };
                format!(
                    "frames to {} entering at port {} dropped: unknown destination (no port owns that MAC and no port may receive a promiscuous copy){why}",
                    who(&d.dst),
                    d.port
                )
            }
            "unknown_unicast" => {
                let owner = behind(d);
                let why = match owner {
                    Some(o) if o.promiscuous_requested && !o.promiscuous_granted => {
                        format!(
                            ", never to port {}, which asked for promiscuous mode, refused ({})",
                            o.name,
                            refusal(o)
                        )
                    }
                    Some(o) => format!(", never to port {}", o.name),
                    None => String::new(),
                };
                format!(
                    "frames to {} entering at port {} went out of the uplink only: no port owns that MAC{why}",
                    who(&d.dst),
                    d.port
                )
            }
            "forged_source" => {
                let p = ports.iter().find(|x| x.name == d.port);
                format!(
                    "frames from {} entering at port {} dropped: forged source (not the guest's own MAC {}; {})",
                    who(&d.src),
                    d.port,
                    p.map_or("?", |p| p.effective_mac.as_str()),
                    words(&d.port, PolicyKey::ForgedTransmits).map_or_else(
                        || "policy forged_transmits=reject".to_string(),
                        |w| format!("{w}; policy forged_transmits=reject")
                    )
                )
            }
            "broadcast" => format!(
                "frames from {} to {} entering at port {} dropped: broadcast ({})",
                who(&d.src),
                d.dst,
                d.port,
                words(&d.port, PolicyKey::Promiscuous).map_or(
                    "the port's profile forwards no broadcast or multicast",
                    |_| "a cloud network forwards no broadcast or multicast: it answers ARP itself for the addresses it assigned"
                )
            ),
            "mac_changed" => {
                let p = ports.iter().find(|x| x.name == d.port);
                format!(
                    "frames for port {} dropped: mac changed (its guest uses {} instead of the configured {}; policy mac_changes=reject)",
                    d.port,
                    p.map_or("?", |p| p.effective_mac.as_str()),
                    p.map_or("?", |p| p.configured_mac.as_str())
                )
            }
            other => format!("frames dropped at port {}: {other}", d.port),
        };
        if !reasons.contains(&text) {
            reasons.push(text);
        }
    }
    if reasons.is_empty() {
        "no frame of this pair was dropped by the switch (it was lost outside it)".into()
    } else {
        reasons.join("; and ")
    }
}

fn is_group(mac: &str) -> bool {
    u8::from_str_radix(mac.get(..2).unwrap_or("00"), 16).is_ok_and(|b| b & 1 == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use promisc_vswitch::policy::Profile;
    use promisc_vswitch::stats::{DropsSnapshot, PolicySnapshot};

    fn port(
        name: &str,
        requested: bool,
        granted: bool,
        vmnet: Option<bool>,
        promiscuous: &str,
    ) -> PortSnapshot {
        PortSnapshot {
            name: name.into(),
            device: format!("vs-{name}"),
            portgroup: "VM Network".into(),
            uplink: name == "host",
            present: true,
            configured_mac: "00:0c:29:00:00:02".into(),
            effective_mac: "00:0c:29:00:00:02".into(),
            promiscuous_requested: requested,
            promiscuous_granted: granted,
            vmnet_writable: vmnet,
            policy: PolicySnapshot {
                profile: if vmnet.is_some() {
                    "workstation"
                } else {
                    "vsphere7"
                }
                .into(),
                promiscuous: promiscuous.into(),
                mac_changes: "accept".into(),
                forged_transmits: "accept".into(),
            },
            learned: 0,
            rx_frames: 0,
            rx_bytes: 0,
            tx_frames: 0,
            tx_bytes: 0,
            tx_errors: 0,
            ring_drops: 0,
            drops: DropsSnapshot::default(),
        }
    }

    fn drop(port: &str, reason: &str, src: &str, dst: &str) -> DropRecord {
        DropRecord {
            time_ms: 1,
            port: port.into(),
            reason: reason.into(),
            src: src.into(),
            dst: dst.into(),
            ethertype: 0x0806,
        }
    }

    #[test]
    fn unknown_destination_names_the_refused_request() {
        let lab = Lab::new("t", Kind::Nested, Profile::Workstation, false);
        let ports = vec![
            port("host", false, false, Some(false), "accept"),
            port("guest", true, false, Some(false), "accept"),
        ];
        let drops = vec![drop(
            "host",
            "unknown_destination",
            "00:50:56:c0:00:01",
            "00:0c:29:aa:bb:03",
        )];
        let r = explain(&lab, "host", "nested", &drops, &ports);
        assert!(r.contains("frames to nested's MAC 00:0c:29:aa:bb:03 entering at port host dropped: unknown destination"), "{r}");
        assert!(r.contains("port guest asked for promiscuous mode, refused (the VM user cannot read and write the vmnet device)"), "{r}");
        let ports = vec![port("guest", true, false, None, "reject")];
        let r = explain(&lab, "outside", "nested", &drops, &ports);
        assert!(r.contains("refused (policy promiscuous=reject)"), "{r}");
    }

    #[test]
    fn a_changed_mac_that_the_switch_does_not_follow_is_named_in_the_platforms_words() {
        let lab = Lab::new("t", Kind::Nested, Profile::VirtualboxDeny, false);
        let mut guest = port("guest", false, false, None, "reject");
        guest.policy.profile = "virtualbox-deny".into();
        guest.effective_mac = "08:00:27:00:00:41".into();
        let drops = vec![drop(
            "host",
            "unknown_destination",
            "00:50:56:c0:00:01",
            "08:00:27:00:00:41",
        )];
        let r = explain(&lab, "host", "guest", &drops, &[guest]);
        assert!(r.contains("port guest's guest changed its MAC to 08:00:27:00:00:41 and the switch still delivers to the configured 00:0c:29:00:00:02 (VirtualBox keeps delivering to the configured MAC until the VM is powered on again)"), "{r}");
    }

    #[test]
    fn forged_source_and_unrelated_drops() {
        let lab = Lab::new("t", Kind::Nested, Profile::Vsphere7, false);
        let ports = vec![port("guest", true, false, None, "reject")];
        let drops = vec![
            drop(
                "guest",
                "forged_source",
                "00:0c:29:aa:bb:03",
                "ff:ff:ff:ff:ff:ff",
            ),
            drop(
                "guest",
                "forged_source",
                "00:0c:29:aa:bb:03",
                "ff:ff:ff:ff:ff:ff",
            ),
        ];
        let r = explain(&lab, "nested", "host", &drops, &ports);
        assert_eq!(r.matches("forged source").count(), 1, "said once: {r}");
        assert!(r.starts_with("frames from nested's MAC 00:0c:29:aa:bb:03 entering at port guest dropped: forged source"), "{r}");
        let r = explain(&lab, "host", "neighbour", &drops, &ports);
        assert!(r.starts_with("no frame of this pair was dropped"), "{r}");
    }

    #[test]
    fn the_table_has_the_reports_shape() {
        let hosts = ["outside", "host", "guest", "nested"];
        let fails = [
            ("outside", "nested"),
            ("host", "nested"),
            ("nested", "outside"),
            ("nested", "host"),
        ];
        let mut pairs = Vec::new();
        for f in hosts {
            for t in hosts {
                if f != t {
                    let ok = !fails.contains(&(f, t));
                    pairs.push(Pair {
                        from: f.into(),
                        to: t.into(),
                        ok,
                        reason: (!ok).then(|| "x".into()),
                    });
                }
            }
        }
        let m = Matrix {
            lab: "t".into(),
            profile: "workstation".into(),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            pairs,
        };
        let table: String = m
            .to_text()
            .lines()
            .take(5)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            table,
            "         outside  host    guest  nested\n\
             outside  -        OK      OK     NOT OK\n\
             host     OK       -       OK     NOT OK\n\
             guest    OK       OK      -      OK\n\
             nested   NOT OK   NOT OK  OK     -\n"
        );
    }
}
