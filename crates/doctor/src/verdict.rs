//! From observations to findings, policies and fixes.

use serde::{Deserialize, Serialize};

use crate::fix::fixes;
use crate::platform::Recognition;
use crate::{environment, Observations, Probe};

/// A finding's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing wrong here.
    Ok,
    /// Something blocks frames, with a fix.
    Problem,
    /// The observations cannot tell.
    Unknown,
}

impl Status {
    /// `ok`, `problem` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Problem => "problem",
            Status::Unknown => "unknown",
        }
    }
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The check's name.
    pub check: String,
    /// Its outcome.
    pub status: Status,
    /// What was seen.
    pub evidence: String,
    /// For a problem: what to change.
    pub fix: Option<String>,
}

/// What the behaviour says of the switch's policies: `accept`, `reject` or `unknown`
/// (`promiscuous` also `partial`: copies of some traffic only; `mac_learning`: `on`, `off`
/// or `unknown`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policies {
    /// Promiscuous mode.
    pub promiscuous: String,
    /// Forged transmits.
    pub forged_transmits: String,
    /// MAC address changes.
    pub mac_changes: String,
    /// MAC learning.
    pub mac_learning: String,
}

/// The doctor's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The interface.
    pub interface: String,
    /// The platform it runs on, and why.
    pub platform: Recognition,
    /// Every check, in order.
    pub findings: Vec<Finding>,
    /// The policies.
    pub policies: Policies,
    /// The policies that block frames of other MACs here (`promiscuous`, `forged_transmits`,
    /// `mac_changes`, and `mac_learning` for a Linux bridge's static MAC table).
    pub blocking: Vec<String>,
    /// One sentence.
    pub summary: String,
}

pub(crate) fn finding(
    check: &str,
    status: Status,
    evidence: String,
    fix: Option<String>,
) -> Finding {
    Finding {
        check: check.into(),
        status,
        evidence,
        fix,
    }
}

fn probes(p: &Probe) -> String {
    format!("{} of {} answered", p.answered, p.sent)
}

/// Turns observations into the diagnosis.
pub fn diagnose(o: &Observations) -> Diagnosis {
    let mut f = Vec::new();
    static_findings(o, &mut f);
    // Broadcast unanswered, unicast to the neighbour's MAC answered: the unicast baseline
    // is the baseline the other probes are compared with.
    let broadcast = broadcast_finding(o);
    let unicast;
    let o = if o.baseline_unicast.is_some_and(|b| b.answered()) {
        unicast = Observations {
            baseline: o.baseline_unicast,
            ..o.clone()
        };
        &unicast
    } else {
        o
    };
    f.extend(broadcast.clone());
    let target = o.target.clone().unwrap_or_else(|| "no neighbour".into());
    let baseline_ok = o.baseline.is_some_and(|b| b.answered());

    // Passive promiscuous delivery.
    let passive_pos = o.passive.is_some_and(|p| p.otherhost_known > 0);
    f.push(match o.passive {
        None => skipped(o, "promiscuous_delivery"),
        Some(p) if p.otherhost_known > 0 => finding(
            "promiscuous_delivery",
            Status::Ok,
            format!(
                "holding promiscuous mode for {} ms: {} frames between other stations arrived ({} for other MACs in all): the switch delivers promiscuous copies",
                p.millis, p.otherhost_known, p.otherhost
            ),
            None,
        ),
        Some(p) if p.stations >= 2 && p.group >= 10 => finding(
            "promiscuous_delivery",
            Status::Problem,
            format!(
                "holding promiscuous mode for {} ms: no frame between other stations arrived, while {} stations sent {} broadcast or multicast frames (confidence: {}){}",
                p.millis,
                p.stations,
                p.group,
                if p.group >= 50 { "high" } else { "medium" },
                if p.otherhost > 0 { format!("; {} frames for unknown MACs did (flooding)", p.otherhost) } else { String::new() }
            ),
            Some(fixes("promiscuous", o.platform.platform)),
        ),
        Some(p) => finding(
            "promiscuous_delivery",
            Status::Unknown,
            format!(
                "holding promiscuous mode for {} ms: {} frames for other MACs, {} broadcast or multicast from {} stations: too little traffic between other stations to tell",
                p.millis, p.otherhost, p.group, p.stations
            ),
            None,
        ),
    });

    // Forged transmits.
    let forged = match (baseline_ok, o.forged) {
        (false, _) | (_, None) => "unknown",
        (true, Some(p)) if p.answered() => "accept",
        (true, Some(_)) => "reject",
    };
    f.push(match (o.baseline, o.forged) {
        (None, _) | (_, None) => skipped(o, "forged_transmits"),
        (Some(b), _) if !b.answered() => finding(
            "forged_transmits",
            Status::Unknown,
            format!("{target} answered none of {} ARP probes from this interface's own MAC: nothing to compare with", b.sent),
            None,
        ),
        (Some(_), Some(p)) if p.answered() => finding(
            "forged_transmits",
            Status::Ok,
            format!("ARP probes to {target} from a made-up source MAC: {}; frames with a foreign source leave this guest", probes(&p)),
            None,
        ),
        (Some(_), Some(p)) => finding(
            "forged_transmits",
            Status::Problem,
            format!(
                "ARP probes to {target} from a made-up source MAC: {} (from our own MAC they were answered): the switch drops frames whose source is not this vNIC's MAC",
                probes(&p)
            ),
            Some(fixes("forged_transmits", o.platform.platform)),
        ),
    });

    // The return path: answers to MACs that are not ours.
    let foreign = o.foreign.filter(|_| baseline_ok);
    let ret = o.return_path.filter(|_| forged == "accept");
    // Known unicast between two other stations: copied here only by promiscuous delivery (or
    // a hub); the control says the neighbour answers echoes at all.
    let known = o
        .known_unicast
        .filter(|_| o.echo_control.is_some_and(|c| c.answered()));
    let (promiscuous, learning) = match (
        passive_pos,
        foreign.map(|p| p.answered()),
        ret.map(|p| p.answered()),
    ) {
        // Copies of traffic between other stations arrive, yet not the neighbour's answers
        // to other MACs: promiscuous delivery limited in scope (VirtualBox allow-vms copies
        // the VMs' traffic, never the wire's or the host's).
        (true, Some(false), Some(true)) => ("partial", "on"),
        (true, Some(false), Some(false)) => ("partial", "off"),
        (true, Some(false), None) => ("partial", "unknown"),
        (true, _, _) => ("accept", "unknown"),
        (false, Some(false), Some(true)) => ("reject", "on"),
        (false, Some(false), Some(false)) => ("reject", "off"),
        (false, Some(false), None) => ("reject", "unknown"),
        (false, Some(true), _) => match known.map(|k| k.answered()) {
            Some(true) => ("accept", "unknown"),
            // Unknown unicast is flooded here, known unicast goes to its port only.
            Some(false) => ("reject", "on"),
            None => ("unknown", "unknown"),
        },
        _ => ("unknown", "unknown"),
    };
    // A macvlan/macvtap (not passthru) hands this interface only frames for its own MAC:
    // known from its configuration, whatever the probes could tell (PLATFORMS.md §4).
    let demux = o.macvlan.as_ref().is_some_and(|m| m.mode != "passthru");
    let promiscuous = if demux && promiscuous == "unknown" {
        "reject"
    } else {
        promiscuous
    };
    f.push(return_finding(
        o,
        &target,
        foreign,
        ret,
        forged,
        promiscuous,
        learning,
    ));

    if let Some(k) = known_finding(o, &target, foreign) {
        f.push(k);
    }

    // MAC address changes.
    let mac_changes = match (baseline_ok, o.mac_change) {
        (true, Some(p)) if p.answered() => "accept",
        (true, Some(_)) => "reject",
        _ => "unknown",
    };
    f.push(match o.mac_change {
        None => skipped(o, "mac_changes"),
        Some(_) if !baseline_ok => finding("mac_changes", Status::Unknown, format!("{target} answers no probe at all"), None),
        Some(p) if p.answered() => finding(
            "mac_changes",
            Status::Ok,
            format!("with a made-up MAC set on the interface, probes to {target}: {}; the MAC was restored", probes(&p)),
            None,
        ),
        Some(p) => finding(
            "mac_changes",
            Status::Problem,
            format!("with a made-up MAC set on the interface, probes to {target}: {}: nothing arrives once the MAC changes; the MAC was restored", probes(&p)),
            Some(fixes("mac_changes", o.platform.platform)),
        ),
    });

    let mut blocking = Vec::new();
    if promiscuous == "reject" && learning == "off" && static_table(o) {
        // PLATFORMS.md §4: "MAC learning/static table blocks".
        blocking.push("mac_learning".to_string());
    } else if matches!(promiscuous, "reject" | "partial")
        && learning != "on"
        && !hyperv_spoofing_off(o, forged, learning)
    {
        blocking.push("promiscuous".to_string());
    }
    if forged == "reject" {
        blocking.push("forged_transmits".to_string());
    }
    if mac_changes == "reject" {
        blocking.push("mac_changes".to_string());
    }
    // With the static table blocking, the passive check's fix is the table's too.
    if blocking.iter().any(|b| b == "mac_learning") {
        if let Some(p) = f
            .iter_mut()
            .find(|x| x.check == "promiscuous_delivery" && x.status == Status::Problem)
        {
            p.fix = Some(fixes("mac_learning", o.platform.platform));
        }
    }
    // The passive check's "no frame between other stations arrived" does not blame
    // promiscuous delivery when MAC learning or unknown-unicast flooding delivers frames for
    // other MACs anyway.
    let flooded = foreign.is_some_and(|p| p.answered());
    if !blocking.iter().any(|b| b == "promiscuous") && (learning == "on" || flooded) {
        if let Some(p) = f
            .iter_mut()
            .find(|x| x.check == "promiscuous_delivery" && x.status == Status::Problem)
        {
            p.fix = None;
            if learning == "on" {
                p.status = Status::Ok;
                p.evidence
                    .push_str(": promiscuous delivery is refused, and MAC learning delivers frames for other MACs instead");
            } else {
                p.status = Status::Unknown;
                p.evidence.push_str(": promiscuous delivery looks refused, but frames for never-seen MACs arrive (flooding); whether that is enough could not be told");
            }
        }
    }
    let mut summary = summary(o, &blocking, promiscuous, learning, baseline_ok);
    if broadcast.is_some_and(|b| b.status == Status::Problem) {
        summary.push_str(
            "; broadcast is not forwarded here, as on a cloud's network: route or NAT (broadcast)",
        );
    }
    summary.push_str(&environment::summary_note(o));
    Diagnosis {
        interface: o.interface.clone(),
        platform: o.platform.clone(),
        findings: f,
        policies: Policies {
            promiscuous: promiscuous.into(),
            forged_transmits: forged.into(),
            mac_changes: mac_changes.into(),
            mac_learning: learning.into(),
        },
        blocking,
        summary,
    }
}

/// Hyper-V with MAC address spoofing off (PLATFORMS.md §4): its switch has no promiscuous
/// mode at all, and the one setting that lets foreign sources out (MacAddressSpoofing On) also
/// makes it learn them; so when forged transmits are refused and learning could not be tested,
/// frames for other MACs staying away are that same setting, not a second policy.
fn hyperv_spoofing_off(o: &Observations, forged: &str, learning: &str) -> bool {
    o.platform.platform == crate::Platform::Hyperv && forged == "reject" && learning == "unknown"
}

/// On a platform whose switch is a Linux bridge (QEMU/KVM, Proxmox, LXD/Incus, Xen) and not
/// through a macvlan, promiscuous refused with learning off is the bridge's static MAC table
/// (PLATFORMS.md §4, "learning and flooding off"): the policy that blocks is `mac_learning`,
/// whose fix turns learning and flooding back on (a guest on a macvtap, which a guest cannot
/// tell from a virtio NIC on a bridge, sees the same: the finding names both).
fn static_table(o: &Observations) -> bool {
    use crate::Platform::{Kvm, Lxd, Proxmox, Xen};
    matches!(o.platform.platform, Kvm | Proxmox | Lxd | Xen) && o.macvlan.is_none()
}

/// The `broadcast` finding, when the broadcast baseline went unanswered and it was sent again
/// to the neighbour's MAC.
fn broadcast_finding(o: &Observations) -> Option<Finding> {
    let (Some(b), Some(u)) = (o.baseline, o.baseline_unicast) else {
        return None;
    };
    let target = o.target.as_deref().unwrap_or("the neighbour");
    let mac = o.target_mac.as_deref().unwrap_or("its MAC");
    let seen = format!(
        "ARP probes broadcast to {target}: {}; sent to its MAC {mac} (from this guest's neighbour table): {}",
        probes(&b),
        probes(&u)
    );
    if !u.answered() {
        return Some(finding(
            "broadcast",
            Status::Unknown,
            format!("{seen}: {target} answers neither"),
            None,
        ));
    }
    let p = o.platform.platform;
    Some(finding(
        "broadcast",
        Status::Problem,
        format!(
            "{seen}: broadcast is not forwarded here while unicast is, so neighbours are known only from entries set by hand or by the network: a cloud's network (AWS, GCP, Azure, OpenStack), where no frame of a MAC the network did not issue passes and no switch setting changes that: a bridged nested guest cannot work; the other probes went to {mac}"
        ),
        Some(crate::fix::routed_design(p).map_or_else(
            || "no switch setting: route the nested network through this guest (ip_forward on, a route to it on the others or the cloud's route table, proxy ARP for its addresses), or NAT it; ipvlan (which shares this NIC's MAC) for containers; --platform aws, gcp, azure or openstack gives that cloud's own steps".to_string(),
            String::from,
        )),
    ))
}

fn skipped(o: &Observations, check: &str) -> Finding {
    let why = o
        .skipped
        .iter()
        .find(|(c, _)| c == check)
        .map_or("not run".to_string(), |(_, w)| w.clone());
    finding(check, Status::Unknown, format!("not tested: {why}"), None)
}

fn return_finding(
    o: &Observations,
    target: &str,
    foreign: Option<Probe>,
    ret: Option<Probe>,
    forged: &str,
    promiscuous: &str,
    learning: &str,
) -> Finding {
    let mut ev = Vec::new();
    if let Some(p) = foreign {
        ev.push(format!(
            "answers of {target} to a MAC that never sent a frame: {}",
            probes(&p)
        ));
    }
    if let Some(p) = ret {
        ev.push(format!(
            "answers to a made-up MAC that sent the probe: {}",
            probes(&p)
        ));
    }
    if ev.is_empty() {
        return skipped(o, "return_path");
    }
    if ret.is_none() && o.return_path.is_none() {
        if let Some((_, why)) = o.skipped.iter().find(|(c, _)| c == "return_path") {
            let short = why.split(':').next().unwrap_or(why);
            ev.push(format!("the probe from a made-up MAC was {short}"));
        }
    }
    let (status, tail, fix) = match (promiscuous, learning) {
        ("reject", "on") if foreign.is_some_and(|p| p.answered()) => (Status::Ok, "frames for never-seen MACs are flooded here and MAC learning delivers the others once they have sent a frame; promiscuous delivery is refused", None),
        ("reject", "on") => (Status::Ok, "MAC learning delivers frames for a MAC once it has sent one; promiscuous delivery is refused", None),
        ("reject", "off") if static_table(o) => (
            Status::Problem,
            "frames for MACs other than this vNIC's do not arrive: promiscuous mode is refused and the switch does not learn MACs: on a Linux bridge, a static MAC table (learning and unicast flooding off at this guest's port: libvirt macTableManager='libvirt', Proxmox bridge-disable-mac-learning 1), which delivers only the vNIC's own MAC; a macvtap under this vNIC (libvirt <interface type='direct'>) looks the same from inside, and its fix is a bridge or passthrough",
            Some(fixes("mac_learning", o.platform.platform)),
        ),
        ("reject", "off") => (
            Status::Problem,
            "frames for MACs other than this vNIC's do not arrive: promiscuous mode is refused and the switch does not learn MACs",
            Some(fixes("promiscuous", o.platform.platform)),
        ),
        ("reject", _) if hyperv_spoofing_off(o, forged, learning) => (
            Status::Unknown,
            "frames for MACs other than this vNIC's do not arrive; Hyper-V has no promiscuous mode: with MAC address spoofing on, its switch learns each nested MAC from the frames it sends, which could not be tested while frames from a made-up source are dropped (forged_transmits)",
            None,
        ),
        ("reject", _) => (
            Status::Problem,
            if o.return_path.is_none() {
                "frames for MACs other than this vNIC's do not arrive: promiscuous mode is refused; whether the switch learns MACs could not be told (the probe from a made-up MAC was not sent)"
            } else {
                "frames for MACs other than this vNIC's do not arrive: promiscuous mode is refused; whether the switch learns MACs could not be told (frames from a made-up source are dropped here, so the probe from a made-up MAC tells nothing)"
            },
            Some(fixes("promiscuous", o.platform.platform)),
        ),
        ("partial", "on") => (Status::Ok, "copies of traffic between other stations arrive and MAC learning delivers frames for a MAC once it has sent one", None),
        ("partial", _) => (
            Status::Problem,
            "copies of traffic between other stations arrive (promiscuous delivery), but not the neighbour's answers to other MACs: promiscuous delivery covers only part of the switch (as VirtualBox's allow-vms, which copies the VMs' traffic but never the wire's or the host's), so a nested guest does not hear its gateway",
            Some(fixes("promiscuous", o.platform.platform)),
        ),
        ("accept", _) => (Status::Ok, "frames for other MACs arrive (promiscuous delivery)", None),
        _ => (Status::Ok, "frames for other MACs arrive: promiscuous delivery, or MAC learning with unknown-unicast flooding (only traffic between other stations could tell them apart)", None),
    };
    finding(
        "return_path",
        status,
        format!("{}: {tail}", ev.join("; ")),
        fix,
    )
}

/// The known-unicast test's finding, when the foreign probe was answered (else it has
/// nothing to tell apart and is left out).
fn known_finding(o: &Observations, target: &str, foreign: Option<Probe>) -> Option<Finding> {
    if !foreign.is_some_and(|p| p.answered()) {
        return None;
    }
    if o.passive.is_some_and(|p| p.otherhost_known > 0) {
        return None; // The passive check already told.
    }
    let (Some(k), Some(c)) = (o.known_unicast, o.echo_control) else {
        let mut f = skipped(o, "known_unicast");
        f.evidence.push_str(
            ": promiscuous delivery cannot be told from a learning switch that floods unknown unicast",
        );
        return Some(f);
    };
    let station = o.station.as_deref().unwrap_or("another station");
    let sent = format!(
        "echo requests to {target} from this interface's MAC with the IP of {station}: {} of {} answers to {station} reached this interface (control, from our own IP: {})",
        k.answered,
        k.sent,
        probes(&c)
    );
    Some(if !c.answered() {
        finding(
            "known_unicast",
            Status::Unknown,
            format!("{sent}: {target} answers no echo request, so nothing can be told"),
            None,
        )
    } else if k.answered() {
        finding(
            "known_unicast",
            Status::Ok,
            format!("{sent}: frames between two other stations arrive here: the switch delivers promiscuous copies (or is a hub)"),
            None,
        )
    } else {
        finding(
            "known_unicast",
            Status::Ok,
            format!("{sent}: frames between two other stations are not copied here (promiscuous delivery refused), while frames for never-seen MACs are: a learning switch that floods unknown unicast, which is enough for nested guests"),
            None,
        )
    })
}

fn static_findings(o: &Observations, f: &mut Vec<Finding>) {
    f.push(environment::platform(o));
    f.extend(environment::cloud(o));
    f.extend(environment::macvlan(o));
    f.push(finding(
        "needs_foreign_macs",
        Status::Ok,
        if o.needs_foreign.is_empty() {
            "nothing here needs frames for other MACs (no bridge, macvlan, VM or container on this interface)".into()
        } else {
            format!("this guest needs frames for other MACs: {}", o.needs_foreign.join("; "))
        },
        None,
    ));
    f.push(finding(
        "local_promiscuity",
        Status::Ok,
        if o.promiscuity == 0 {
            "not promiscuous here (counter 0): the guest asks the switch for nothing".into()
        } else {
            format!("promiscuity {}: {}", o.promiscuity, o.holders.join("; "))
        },
        None,
    ));
    f.push(match o.rx_otherhost_dropped {
        Some(n) => finding(
            "rx_otherhost_dropped",
            Status::Ok,
            format!("{n} frames for other MACs reached this interface and were dropped by the kernel since boot"),
            None,
        ),
        None => finding("rx_otherhost_dropped", Status::Unknown, "the kernel does not report it".into(), None),
    });
    let fwd = match (o.ip_forward, o.rp_filter) {
        (Some(fw), Some((all, dev))) => {
            let strict = all.max(dev) == 1;
            let status = if strict && fw {
                Status::Problem
            } else {
                Status::Ok
            };
            finding(
                "forwarding",
                status,
                format!("ip_forward {}, rp_filter all={all} {}={dev}", u8::from(fw), o.interface),
                (status == Status::Problem).then(|| {
                    "strict reverse-path filtering drops routed frames that come back another way: sysctl net.ipv4.conf.all.rp_filter=2 (loose)".to_string()
                }),
            )
        }
        _ => finding(
            "forwarding",
            Status::Unknown,
            "sysctls unreadable".into(),
            None,
        ),
    };
    f.push(fwd);
    for v in &o.vmnet {
        f.push(vmnet_finding(v));
    }
}

/// The `vmnet` finding of one vmnet device file: can every VM user read and write it?
pub(crate) fn vmnet_finding(v: &crate::Vmnet) -> Finding {
    let refused: Vec<&str> = v
        .users
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(u, _)| u.as_str())
        .collect();
    let ev = format!(
        "{} owner {} group {} mode {:04o}",
        v.path, v.uid, v.gid, v.mode
    );
    if refused.is_empty() {
        finding(
            "vmnet",
            Status::Ok,
            format!(
                "{ev}: every VM user ({}) can read and write it",
                v.users
                    .iter()
                    .map(|(u, _)| u.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None,
        )
    } else {
        finding(
            "vmnet",
            Status::Problem,
            format!("{ev}: {} cannot read and write it, so every promiscuous request of their guests on it is refused", refused.join(", ")),
            Some(format!(
                "groupadd -f vmnetusers; usermod -aG vmnetusers {user}; chgrp vmnetusers {p}; chmod g+rw {p}; and to keep it after reboots, a udev rule: KERNEL==\"vmnet*\", GROUP=\"vmnetusers\", MODE=\"0660\" (not chmod a+rw)",
                user = refused[0],
                p = v.path
            )),
        )
    }
}

fn summary(
    o: &Observations,
    blocking: &[String],
    promiscuous: &str,
    learning: &str,
    baseline_ok: bool,
) -> String {
    if let (false, Some(_), Some(m)) = (baseline_ok, o.baseline, &o.macvlan) {
        if m.mode != "passthru" {
            return format!(
                "{}: blocked by promiscuous ({} is a {kind}); no neighbour answered our ARP probes either: a {kind} and the host of its parent cannot reach each other, so if {} is that host it never answers; the other policies could not be tested",
                o.interface,
                m.device,
                o.target.as_deref().unwrap_or("the gateway"),
                kind = m.kind
            );
        }
    }
    if !baseline_ok && o.baseline.is_some() {
        return format!(
            "{}: no neighbour answered our ARP probes, so the switch's policies could not be tested (is {} reachable? if this interface's MAC was changed, MAC address changes may be rejected)",
            o.interface,
            o.target.as_deref().unwrap_or("the gateway")
        );
    }
    let vmnet = o.vmnet.iter().any(|v| v.users.iter().any(|(_, ok)| !ok));
    if o.baseline.is_none() && blocking.is_empty() && !vmnet {
        return format!(
            "{}: no neighbour to probe (no default gateway through it and no known neighbour), so the switch's policies could not be tested",
            o.interface
        );
    }
    if blocking.is_empty() && !vmnet {
        let how = match (promiscuous, learning) {
            ("accept", _) => "promiscuous delivery",
            (_, "on") if o.foreign.is_some_and(|p| p.answered()) => {
                "MAC learning with unknown-unicast flooding; promiscuous delivery refused"
            }
            (_, "on") => "MAC learning",
            _ => "promiscuous delivery or MAC learning",
        };
        return format!(
            "{}: nothing blocks frames for other MACs ({how}); forged transmits {}",
            o.interface,
            if o.forged.is_some_and(|p| p.answered()) {
                "accepted"
            } else {
                "not tested"
            }
        );
    }
    let mut s = format!(
        "{}: blocked by {}",
        o.interface,
        if blocking.is_empty() {
            "nothing on the switch".into()
        } else {
            blocking.join(" and ")
        }
    );
    if promiscuous == "reject" && learning == "off" && static_table(o) {
        s.push_str(
            " (MAC learning off: the bridge's static MAC table delivers only this vNIC's MAC)",
        );
    }
    if promiscuous == "partial" && blocking.iter().any(|b| b == "promiscuous") {
        s.push_str(&format!(
            " (promiscuous delivery only in part: copies of traffic between other stations arrive, {}'s answers to other MACs do not)",
            o.target.as_deref().unwrap_or("the neighbour")
        ));
    }
    if vmnet {
        s.push_str("; a vmnet device refuses promiscuous mode to a VM user");
    }
    s
}
