//! The switch's state and its forwarding decision (docs/VSWITCH.md, "The decision"): a pure
//! function of the frame's addresses and VLAN, the ingress port, the ports' state and the time.
//! The I/O loop feeds it frames and guest-side facts and sends what it returns.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use crate::config::{Config, GuestPromiscuous, Learning, LimitPolicy, Mode, Port, PortGroup, Vlan};
use crate::mac::Mac;
use crate::policy::{Learn, PolicyKey, Profile, Scope, Security, Setting};

/// A set of ports, as bits of their indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PortSet(pub u64);

impl PortSet {
    /// Whether port `i` is in the set.
    pub fn contains(self, i: usize) -> bool {
        self.0 >> i & 1 != 0
    }
    /// Adds port `i`.
    pub fn insert(&mut self, i: usize) {
        self.0 |= 1 << i;
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The ports in the set, lowest index first.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |&i| self.contains(i))
    }
}

/// Why a frame was dropped (the counters of `vswitch stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// Forged transmits rejected: the source MAC is not the guest's effective MAC.
    ForgedSource,
    /// MAC address changes rejected: the receiving guest's MAC differs from its configured one.
    MacChanged,
    /// Unicast for a MAC no port owns, and no port to send it to.
    UnknownDestination,
    /// The port group does not carry the frame's VLAN (or its tag).
    Vlan,
    /// The ingress port holds as many learned MACs as the limit allows.
    LearningLimit,
    /// A broadcast or multicast frame entered a port whose profile forwards none (`cloud`).
    Broadcast,
}

impl DropReason {
    /// The counter's name.
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::ForgedSource => "forged_source",
            DropReason::MacChanged => "mac_changed",
            DropReason::UnknownDestination => "unknown_destination",
            DropReason::Vlan => "vlan",
            DropReason::LearningLimit => "learning_limit",
            DropReason::Broadcast => "broadcast",
        }
    }

    /// What the counter means, in a sentence fragment.
    pub fn meaning(self) -> &'static str {
        match self {
            DropReason::ForgedSource => {
                "its source MAC is not the guest's own and the port group rejects forged transmits"
            }
            DropReason::MacChanged => {
                "the receiving guest changed its MAC and the port group rejects MAC address changes"
            }
            DropReason::UnknownDestination => {
                "no port owns the destination MAC and no port may receive a promiscuous copy"
            }
            DropReason::Vlan => "the port group does not carry the frame's VLAN",
            DropReason::LearningLimit => "the port has learned as many MACs as the limit allows",
            DropReason::Broadcast => {
                "it is broadcast or multicast and the port's profile forwards none (no L2 broadcast in a cloud)"
            }
        }
    }
}

/// Per-port drop counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Drops {
    /// [`DropReason::ForgedSource`].
    pub forged_source: u64,
    /// [`DropReason::MacChanged`].
    pub mac_changed: u64,
    /// [`DropReason::UnknownDestination`].
    pub unknown_destination: u64,
    /// [`DropReason::Vlan`].
    pub vlan: u64,
    /// [`DropReason::LearningLimit`].
    pub learning_limit: u64,
    /// [`DropReason::Broadcast`].
    pub broadcast: u64,
}

impl Drops {
    fn bump(&mut self, r: DropReason) {
        let c = match r {
            DropReason::ForgedSource => &mut self.forged_source,
            DropReason::MacChanged => &mut self.mac_changed,
            DropReason::UnknownDestination => &mut self.unknown_destination,
            DropReason::Vlan => &mut self.vlan,
            DropReason::LearningLimit => &mut self.learning_limit,
            DropReason::Broadcast => &mut self.broadcast,
        };
        *c += 1;
    }

    /// The counter of `r`.
    pub fn get(&self, r: DropReason) -> u64 {
        match r {
            DropReason::ForgedSource => self.forged_source,
            DropReason::MacChanged => self.mac_changed,
            DropReason::UnknownDestination => self.unknown_destination,
            DropReason::Vlan => self.vlan,
            DropReason::LearningLimit => self.learning_limit,
            DropReason::Broadcast => self.broadcast,
        }
    }

    /// Every frame dropped, whatever the reason.
    pub fn total(&self) -> u64 {
        self.forged_source
            + self.mac_changed
            + self.unknown_destination
            + self.vlan
            + self.learning_limit
            + self.broadcast
    }
}

/// Frame and byte counters of a port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counters {
    /// Frames that entered the switch at the port.
    pub rx_frames: u64,
    /// Their bytes.
    pub rx_bytes: u64,
    /// Frames the switch sent out of the port.
    pub tx_frames: u64,
    /// Their bytes.
    pub tx_bytes: u64,
    /// Frames the switch decided to send out of the port that the kernel refused (a full
    /// queue, the device gone).
    pub tx_errors: u64,
    /// Frames the kernel could not place in the port's receive ring because the switch fell
    /// behind (`PACKET_STATISTICS` `tp_drops`): lost before any decision.
    pub ring_drops: u64,
    /// Frames dropped, by reason.
    pub drops: Drops,
}

/// What the log of [`Switch::drop_log`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Logged {
    /// A frame dropped, counted under its reason.
    Dropped(DropReason),
    /// Unicast for a MAC no port owns, sent out of the uplink (and learning floods) only, no
    /// promiscuous port copying it: not a drop, but the reason a guest's nested MAC never
    /// sees it.
    UnknownUnicast,
}

impl Logged {
    /// The name the log gives it: the drop counter's, or `unknown_unicast`.
    pub fn as_str(self) -> &'static str {
        match self {
            Logged::Dropped(r) => r.as_str(),
            Logged::UnknownUnicast => "unknown_unicast",
        }
    }
}

/// One dropped (or uplink-only) frame, kept in a bounded log so that a failure can be
/// explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DropEvent {
    /// The time given to [`Switch::decide`], in milliseconds.
    pub time_ms: u64,
    /// Index of the port the event is counted at (the ingress port, or for `mac_changed` the
    /// receiving one).
    pub port: usize,
    /// What happened.
    pub kind: Logged,
    /// Source MAC.
    pub src: Mac,
    /// Destination MAC.
    pub dst: Mac,
    /// EtherType (after a VLAN tag).
    pub ethertype: u16,
}

/// How many dropped frames [`Switch::drop_log`] keeps.
pub const DROP_LOG: usize = 1024;

/// A port and what the switch knows of its guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortState {
    /// Its configuration.
    pub config: Port,
    /// E(P): the guest-side device's current MAC (C(P) until known).
    pub effective_mac: Mac,
    /// R(P): the guest asked for promiscuous mode.
    pub requested: bool,
    /// For `workstation` groups: the VM user can read and write the vmnet device.
    pub vmnet_ok: bool,
    /// The device exists (a port whose device disappeared sends and receives nothing).
    pub present: bool,
    /// Policies set on this port alone (`vswitch set NAME PORT key=value`).
    pub overrides: Option<Security>,
    /// Its counters.
    pub counters: Counters,
    learned: usize,
}

/// The facts of one frame that the decision reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameInfo {
    /// Destination MAC.
    pub dst: Mac,
    /// Source MAC.
    pub src: Mac,
    /// The 802.1Q VLAN id the frame carried on the wire (0 counts as priority-tagged, untagged).
    pub tag: Option<u16>,
    /// EtherType after any tag (for the drop log).
    pub ethertype: u16,
    /// Length in bytes.
    pub len: u32,
}

/// Where a frame goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Forward {
    /// The ports that receive it.
    pub ports: PortSet,
    /// Its VLAN inside the switch (`None`: untagged).
    pub vlan: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Learned {
    port: usize,
    seen_ms: u64,
}

/// A running switch's state.
#[derive(Debug, Clone)]
pub struct Switch {
    name: String,
    mode: Mode,
    learning: Learning,
    groups: Vec<PortGroup>,
    ports: Vec<PortState>,
    table: HashMap<(Option<u16>, Mac), Learned>,
    log: VecDeque<DropEvent>,
}

impl Switch {
    /// A switch with the configuration's ports, each guest as configured until told otherwise.
    pub fn new(cfg: &Config) -> Switch {
        let ports = cfg
            .ports
            .iter()
            .map(|p| PortState {
                effective_mac: p.mac,
                requested: p.guest_promiscuous == GuestPromiscuous::On,
                vmnet_ok: false,
                present: true,
                overrides: None,
                counters: Counters::default(),
                learned: 0,
                config: p.clone(),
            })
            .collect();
        Switch {
            name: cfg.name.clone(),
            mode: cfg.mode,
            learning: cfg.learning.clone(),
            groups: cfg.portgroups.clone(),
            ports,
            table: HashMap::new(),
            log: VecDeque::with_capacity(DROP_LOG),
        }
    }

    /// The switch's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }
    /// Its ports.
    pub fn ports(&self) -> &[PortState] {
        &self.ports
    }
    /// Its port groups.
    pub fn groups(&self) -> &[PortGroup] {
        &self.groups
    }
    /// The last [`DROP_LOG`] dropped frames, oldest first.
    pub fn drop_log(&self) -> impl Iterator<Item = &DropEvent> {
        self.log.iter()
    }
    /// Index of the port named `name`.
    pub fn port_index(&self, name: &str) -> Option<usize> {
        self.ports.iter().position(|p| p.config.name == name)
    }

    /// The policies that apply to port `p`: its own overrides, else its group's.
    pub fn security(&self, p: usize) -> Security {
        let port = &self.ports[p];
        port.overrides
            .unwrap_or(self.groups[port.config.portgroup].security)
    }

    /// G(P): the guest asked for promiscuous mode and the policy grants it (for a
    /// `workstation` group, only while the VM user can read and write the vmnet device).
    pub fn granted(&self, p: usize) -> bool {
        let s = self.security(p);
        let port = &self.ports[p];
        port.requested && s.promiscuous.accepts() && (!s.vmnet_gate || port.vmnet_ok)
    }

    /// table(P): the MAC the switch delivers to P.
    pub fn table_mac(&self, p: usize) -> Mac {
        let port = &self.ports[p];
        if self.security(p).mac_changes.accepts() {
            port.effective_mac
        } else {
            port.config.mac
        }
    }

    /// Whether port `p` receives nothing because its guest changed its MAC against the policy
    /// (VMware's rule; a profile that keeps the configured MAC never cuts the port off).
    pub fn blocked_by_mac_change(&self, p: usize) -> bool {
        let port = &self.ports[p];
        let s = self.security(p);
        !s.mac_changes.accepts() && !s.keep_configured_mac && port.effective_mac != port.config.mac
    }

    /// The source MAC frames from port `p`'s guest must carry to pass a forged-transmits
    /// check: E(P), or C(P) when the switch keeps the configured MAC (a changed MAC is not
    /// followed).
    pub fn own_mac(&self, p: usize) -> Mac {
        let port = &self.ports[p];
        let s = self.security(p);
        if s.keep_configured_mac && !s.mac_changes.accepts() {
            port.config.mac
        } else {
            port.effective_mac
        }
    }

    /// Records the guest side of port `p`: its current MAC and whether it asks for promiscuous
    /// mode (ignored for ports whose `guest_promiscuous` is fixed).
    pub fn set_guest(&mut self, p: usize, mac: Mac, promiscuous: bool) {
        let port = &mut self.ports[p];
        port.effective_mac = mac;
        if port.config.guest_promiscuous == GuestPromiscuous::Auto {
            port.requested = promiscuous;
        }
    }

    /// Records the vmnet check of port `p`.
    pub fn set_vmnet_ok(&mut self, p: usize, ok: bool) {
        self.ports[p].vmnet_ok = ok;
    }

    /// Records whether the device of port `p` exists.
    pub fn set_present(&mut self, p: usize, present: bool) {
        self.ports[p].present = present;
        if !present {
            self.forget_port(p);
        }
    }

    /// Sets a policy on a port group (by name), on one port (by name), or with `None` on every
    /// port group. Port overrides stay. Returns what it changed, or an error naming the
    /// targets that exist.
    pub fn set_policy(
        &mut self,
        target: Option<&str>,
        key: PolicyKey,
        value: Setting,
    ) -> Result<String, String> {
        match target {
            None => {
                for g in &mut self.groups {
                    g.security.set(key, value);
                }
                Ok(format!(
                    "{}={} on every port group",
                    key.as_str(),
                    value.as_str()
                ))
            }
            Some(t) => {
                if let Some(g) = self.groups.iter_mut().find(|g| g.name == t) {
                    g.security.set(key, value);
                    return Ok(format!(
                        "{}={} on port group `{t}`",
                        key.as_str(),
                        value.as_str()
                    ));
                }
                if let Some(p) = self.port_index(t) {
                    let mut s = self.security(p);
                    s.set(key, value);
                    self.ports[p].overrides = Some(s);
                    return Ok(format!("{}={} on port `{t}`", key.as_str(), value.as_str()));
                }
                Err(format!(
                    "no port group or port `{t}`; {}",
                    self.target_names()
                ))
            }
        }
    }

    /// Puts every setting of `profile` in force on a port group (by name), on one port (by
    /// name), or with `None` on every port group (their ports' own settings stay): what a
    /// platform's switch does when its own setting changes (`VBoxManage modifyvm --nic-promisc1
    /// allow-all` is `profile=virtualbox-allow-all`). Returns what it changed, or an error
    /// naming the targets that exist.
    pub fn set_profile(
        &mut self,
        target: Option<&str>,
        profile: Profile,
    ) -> Result<String, String> {
        let s = profile.security();
        let name = profile.as_str();
        match target {
            None => {
                for g in &mut self.groups {
                    g.security = s;
                }
                Ok(format!("profile={name} on every port group"))
            }
            Some(t) => {
                if let Some(g) = self.groups.iter_mut().find(|g| g.name == t) {
                    g.security = s;
                    return Ok(format!("profile={name} on port group `{t}`"));
                }
                if let Some(p) = self.port_index(t) {
                    self.ports[p].overrides = Some(s);
                    return Ok(format!("profile={name} on port `{t}`"));
                }
                Err(format!(
                    "no port group or port `{t}`; {}",
                    self.target_names()
                ))
            }
        }
    }

    fn target_names(&self) -> String {
        let g: Vec<String> = self
            .groups
            .iter()
            .map(|g| format!("`{}`", g.name))
            .collect();
        let p: Vec<String> = self
            .ports
            .iter()
            .map(|p| format!("`{}`", p.config.name))
            .collect();
        format!("port groups: {}; ports: {}", g.join(", "), p.join(", "))
    }

    /// Switches between static and learning mode; the learned table is emptied.
    pub fn set_mode(&mut self, mode: Mode) {
        self.mode = mode;
        self.table.clear();
        for p in &mut self.ports {
            p.learned = 0;
        }
    }

    /// Counts a frame sent out of port `p` (`ok`) or refused by the kernel.
    pub fn sent(&mut self, p: usize, bytes: u32, ok: bool) {
        let c = &mut self.ports[p].counters;
        if ok {
            c.tx_frames += 1;
            c.tx_bytes += u64::from(bytes);
        } else {
            c.tx_errors += 1;
        }
    }

    /// Adds `n` frames the kernel dropped at port `p`'s receive ring.
    pub fn ring_dropped(&mut self, p: usize, n: u64) {
        self.ports[p].counters.ring_drops += n;
    }

    /// Removes learned entries older than the ageing time.
    pub fn age(&mut self, now_ms: u64) {
        let ageing = self.learning.ageing.as_millis() as u64;
        let ports = &mut self.ports;
        self.table.retain(|_, e| {
            let keep = now_ms.saturating_sub(e.seen_ms) < ageing;
            if !keep {
                ports[e.port].learned -= 1;
            }
            keep
        });
    }

    /// The port a learned MAC is on, if it is learned and not aged out.
    pub fn learned_port(&self, vlan: Option<u16>, mac: Mac, now_ms: u64) -> Option<usize> {
        let ageing = self.learning.ageing.as_millis() as u64;
        self.table
            .get(&(vlan, mac))
            .filter(|e| now_ms.saturating_sub(e.seen_ms) < ageing)
            .map(|e| e.port)
    }

    fn forget_port(&mut self, p: usize) {
        self.table.retain(|_, e| e.port != p);
        self.ports[p].learned = 0;
    }

    fn drop_frame(
        &mut self,
        port: usize,
        reason: DropReason,
        f: &FrameInfo,
        now_ms: u64,
    ) -> Forward {
        self.ports[port].counters.drops.bump(reason);
        self.log_event(port, Logged::Dropped(reason), f, now_ms);
        Forward::default()
    }

    fn log_event(&mut self, port: usize, kind: Logged, f: &FrameInfo, now_ms: u64) {
        if self.log.len() == DROP_LOG {
            self.log.pop_front();
        }
        self.log.push_back(DropEvent {
            time_ms: now_ms,
            port,
            kind,
            src: f.src,
            dst: f.dst,
            ethertype: f.ethertype,
        });
    }

    /// Whether port `q` carries `vlan` (`None`: untagged frames).
    pub fn carries(&self, q: usize, vlan: Option<u16>) -> bool {
        match (self.groups[self.ports[q].config.portgroup].vlan, vlan) {
            (Vlan::Trunk, _) => true,
            (Vlan::Untagged, None) => true,
            (Vlan::Access(v), Some(t)) => v == t,
            _ => false,
        }
    }

    /// The 802.1Q tag a frame of `vlan` carries when it leaves port `q`: only trunks see tags.
    pub fn egress_tag(&self, q: usize, vlan: Option<u16>) -> Option<u16> {
        match self.groups[self.ports[q].config.portgroup].vlan {
            Vlan::Trunk => vlan,
            _ => None,
        }
    }

    /// Whether port `p` learns the sources of the frames it sends.
    fn learns(&self, p: usize) -> bool {
        match self.security(p).learn {
            Learn::Switch => {
                self.mode == Mode::Learning
                    && self.groups[self.ports[p].config.portgroup].mac_learning
            }
            Learn::Never => false,
            Learn::Port => true,
        }
    }

    /// Whether port `q` receives unknown-unicast floods.
    fn flooded(&self, q: usize) -> bool {
        self.security(q).learn == Learn::Switch
            && self.learns(q)
            && self.learning.unknown_unicast_flooding
    }

    /// Whether a granted promiscuous request at `q` copies a frame that entered at `p` and
    /// that port `owner` owns (`None`: nobody).
    fn copies(&self, q: usize, p: usize, owner: Option<usize>) -> bool {
        match self.security(q).scope {
            Scope::Switch => true,
            Scope::VmPorts => {
                !self.ports[p].config.uplink || owner.is_some_and(|o| !self.ports[o].config.uplink)
            }
        }
    }

    /// The decision for frame `f` entering port `p` at `now_ms`: where it goes, with every
    /// counter updated (rx at P; drops at the port they are counted at). tx is counted by the
    /// caller with [`Switch::sent`] once the kernel took the frame.
    pub fn decide(&mut self, p: usize, f: &FrameInfo, now_ms: u64) -> Forward {
        {
            let c = &mut self.ports[p].counters;
            c.rx_frames += 1;
            c.rx_bytes += u64::from(f.len);
        }
        // 1. VLAN.
        let tag = f.tag.filter(|&t| t != 0);
        let vlan = match (self.groups[self.ports[p].config.portgroup].vlan, tag) {
            (Vlan::Trunk, t) => t,
            (Vlan::Untagged, None) => None,
            (Vlan::Access(v), None) => Some(v),
            (Vlan::Untagged | Vlan::Access(_), Some(_)) => {
                return self.drop_frame(p, DropReason::Vlan, f, now_ms)
            }
        };
        // 2. Forged transmits.
        let uplink = self.ports[p].config.uplink;
        if !uplink && !self.security(p).forged_transmits.accepts() && f.src != self.own_mac(p) {
            return self.drop_frame(p, DropReason::ForgedSource, f, now_ms);
        }
        if f.dst.is_group() && !self.security(p).broadcast {
            return self.drop_frame(p, DropReason::Broadcast, f, now_ms);
        }
        // 3. Learning.
        if self.learns(p) && !f.src.is_group() && !self.learn(p, vlan, f.src, now_ms) {
            return self.drop_frame(p, DropReason::LearningLimit, f, now_ms);
        }
        // 4. Destinations.
        let n = self.ports.len();
        let candidates =
            (0..n).filter(|&q| q != p && self.ports[q].present && self.carries(q, vlan));
        let mut dest = PortSet::default();
        if f.dst.is_group() {
            candidates
                .filter(|&q| self.security(q).broadcast)
                .for_each(|q| dest.insert(q));
        } else {
            let owner = self.owner(vlan, f.dst, now_ms);
            match owner {
                Some(q) if q != p => {
                    if self.ports[q].present && self.carries(q, vlan) {
                        dest.insert(q);
                    }
                }
                Some(_) => {} // P owns it: the frame never goes back out of P.
                None => {
                    let to_uplink = !uplink && self.security(p).unknown_to_uplink;
                    for q in candidates {
                        if (self.ports[q].config.uplink && to_uplink) || self.flooded(q) {
                            dest.insert(q);
                        }
                    }
                }
            }
            let mut promiscuous = PortSet::default();
            for q in (0..n).filter(|&q| q != p && self.ports[q].present && self.carries(q, vlan)) {
                if !dest.contains(q) && self.granted(q) && self.copies(q, p, owner) {
                    promiscuous.insert(q);
                }
            }
            if owner.is_none() && dest.is_empty() && promiscuous.is_empty() {
                return self.drop_frame(p, DropReason::UnknownDestination, f, now_ms);
            }
            // Logged only when no promiscuous port got a copy: the record says "the uplink
            // (and floods) only", and the lab explains a failing pair with it.
            if owner.is_none() && promiscuous.is_empty() {
                self.log_event(p, Logged::UnknownUnicast, f, now_ms);
            }
            dest.0 |= promiscuous.0;
        }
        // 5. Delivery: a guest that changed its MAC against the policy receives nothing.
        let mut out = PortSet::default();
        for q in dest.iter() {
            if self.blocked_by_mac_change(q) {
                self.drop_frame(q, DropReason::MacChanged, f, now_ms);
            } else {
                out.insert(q);
            }
        }
        Forward { ports: out, vlan }
    }

    /// The port that owns unicast `mac`: learned (by a port that learns), else whose table
    /// MAC it is.
    fn owner(&self, vlan: Option<u16>, mac: Mac, now_ms: u64) -> Option<usize> {
        if let Some(q) = self.learned_port(vlan, mac, now_ms) {
            return Some(q);
        }
        (0..self.ports.len())
            .find(|&q| self.ports[q].present && self.table_mac(q) == mac && self.carries(q, vlan))
    }

    /// Learns `mac` on `p`; `false` when the limit forbids it and the policy drops.
    fn learn(&mut self, p: usize, vlan: Option<u16>, mac: Mac, now_ms: u64) -> bool {
        let ageing = self.learning.ageing.as_millis() as u64;
        if let Some(e) = self.table.get_mut(&(vlan, mac)) {
            if e.port == p {
                e.seen_ms = now_ms;
                return true;
            }
            if now_ms.saturating_sub(e.seen_ms) >= ageing
                || self.ports[p].learned < self.learning.limit
            {
                // The MAC moved (or its entry aged out): it is p's now.
                let old = e.port;
                e.port = p;
                e.seen_ms = now_ms;
                self.ports[old].learned -= 1;
                self.ports[p].learned += 1;
                return true;
            }
        } else if self.ports[p].learned < self.learning.limit {
            self.table.insert(
                (vlan, mac),
                Learned {
                    port: p,
                    seen_ms: now_ms,
                },
            );
            self.ports[p].learned += 1;
            return true;
        }
        self.learning.limit_policy == LimitPolicy::Allow
    }

    /// How many MACs port `p` has learned.
    pub fn learned_count(&self, p: usize) -> usize {
        self.ports[p].learned
    }
}
