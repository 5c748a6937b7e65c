//! The three security policies of a port group and the named profiles (VSWITCH.md, "Profiles"),
//! the VMware ones and those of the platforms whose switch is not VMware's.

use serde::{Deserialize, Serialize};

/// One policy's setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Setting {
    /// The policy allows it.
    Accept,
    /// The policy refuses it.
    Reject,
}

impl Setting {
    /// `true` for [`Setting::Accept`].
    pub fn accepts(self) -> bool {
        self == Setting::Accept
    }

    /// `"accept"` or `"reject"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Setting::Accept => "accept",
            Setting::Reject => "reject",
        }
    }

    /// Parses `accept` / `reject`.
    pub fn parse(s: &str) -> Option<Setting> {
        match s {
            "accept" => Some(Setting::Accept),
            "reject" => Some(Setting::Reject),
            _ => None,
        }
    }
}

/// A named set of defaults: the three policies and, for the platforms whose switch is not
/// VMware's, how that switch learns, scopes promiscuous copies, treats a changed MAC and
/// forwards broadcasts (docs/VSWITCH.md, "Profiles" and "Other platforms").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// vSphere 7.0+ defaults: reject, reject, reject.
    Vsphere7,
    /// Standard vSwitch defaults before 7.0: reject, accept, accept.
    Vsphere6,
    /// VMware Workstation on a Linux host: promiscuous only when the VM user can read and
    /// write the vmnet device; accept, accept otherwise.
    Workstation,
    /// What nested-virtualization guides tell people to set: accept, accept, accept.
    Open,
    /// VirtualBox `--nic-promisc deny` (its default): no source check, promiscuous requests
    /// refused, no learning, no flooding; a changed MAC is not followed.
    VirtualboxDeny,
    /// VirtualBox `--nic-promisc allow-vms`: as `virtualbox-deny`, but a promiscuous guest gets
    /// copies of the traffic of the VMs (not of what comes from the wire or the host).
    VirtualboxAllowVms,
    /// VirtualBox `--nic-promisc allow-all`: a promiscuous guest gets copies of everything.
    VirtualboxAllowAll,
    /// Hyper-V with `MacAddressSpoofing Off` (its default): frames from any other MAC than the
    /// configured one dropped, only the configured MAC delivered.
    Hyperv,
    /// Hyper-V with `MacAddressSpoofing On`: any source leaves and is learned on the port;
    /// unknown unicast is not flooded to VM ports.
    HypervSpoofing,
    /// A cloud VPC (AWS, GCP, Azure, OpenStack with port security): no foreign MAC in either
    /// direction, broadcast and multicast not forwarded.
    Cloud,
}

/// Whose frames a granted promiscuous request copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every frame of the VLAN (VMware, VirtualBox `allow-all`).
    Switch,
    /// Frames that enter at a VM port, and frames from the uplink that a VM port owns
    /// (VirtualBox `allow-vms`): never unicast from the wire or the host for a MAC no port owns.
    VmPorts,
}

/// How a port takes part in MAC learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Learn {
    /// As the switch's mode and the group's `mac_learning` say (VMware): in learning mode the
    /// port learns and receives unknown-unicast floods.
    Switch,
    /// Never: the switch knows only the port's configured MAC (VirtualBox, Hyper-V with MAC
    /// spoofing off, clouds).
    Never,
    /// Always, whatever the mode, and never flooded (Hyper-V with MAC spoofing on).
    Port,
}

impl Profile {
    /// Every profile, in the order the documentation lists them.
    pub const ALL: [Profile; 10] = [
        Profile::Vsphere7,
        Profile::Vsphere6,
        Profile::Workstation,
        Profile::Open,
        Profile::VirtualboxDeny,
        Profile::VirtualboxAllowVms,
        Profile::VirtualboxAllowAll,
        Profile::Hyperv,
        Profile::HypervSpoofing,
        Profile::Cloud,
    ];

    /// The profile's name in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Vsphere7 => "vsphere7",
            Profile::Vsphere6 => "vsphere6",
            Profile::Workstation => "workstation",
            Profile::Open => "open",
            Profile::VirtualboxDeny => "virtualbox-deny",
            Profile::VirtualboxAllowVms => "virtualbox-allow-vms",
            Profile::VirtualboxAllowAll => "virtualbox-allow-all",
            Profile::Hyperv => "hyperv",
            Profile::HypervSpoofing => "hyperv-spoofing",
            Profile::Cloud => "cloud",
        }
    }

    /// Parses a profile name.
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Every profile's name, comma-separated, for error messages.
    pub fn names() -> String {
        Profile::ALL
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The platform the profile stands for.
    pub fn platform(self) -> &'static str {
        match self {
            Profile::Vsphere7 | Profile::Vsphere6 => "VMware vSphere",
            Profile::Workstation => "VMware Workstation",
            Profile::Open => "an open VMware port group",
            Profile::VirtualboxDeny | Profile::VirtualboxAllowVms | Profile::VirtualboxAllowAll => {
                "VirtualBox"
            }
            Profile::Hyperv | Profile::HypervSpoofing => "Hyper-V",
            Profile::Cloud => "the cloud",
        }
    }

    /// The platform's own setting that makes the switch do what `key` (`promiscuous`,
    /// `forged_transmits`, `mac_changes`) says here, when it refuses: "VirtualBox promiscuous
    /// mode deny refuses the guest's request". `None` for the VMware profiles, whose settings
    /// are the policies themselves.
    pub fn refusal_words(self, key: PolicyKey) -> Option<&'static str> {
        use PolicyKey::*;
        Some(match (self, key) {
            (Profile::VirtualboxDeny, Promiscuous) => {
                "VirtualBox promiscuous mode deny (--nic-promisc deny) refuses the guest's request"
            }
            (Profile::VirtualboxAllowVms, Promiscuous) => {
                "VirtualBox promiscuous mode allow-vms (--nic-promisc allow-vms) copies only the VMs' traffic, never what comes from the wire or the host"
            }
            (
                Profile::VirtualboxDeny | Profile::VirtualboxAllowVms | Profile::VirtualboxAllowAll,
                MacChanges,
            ) => "VirtualBox keeps delivering to the configured MAC until the VM is powered on again",
            (Profile::Hyperv, Promiscuous | ForgedTransmits | MacChanges) => {
                "Hyper-V MAC address spoofing Off (the default) drops frames from any MAC but the adapter's and delivers only to it"
            }
            (Profile::HypervSpoofing, Promiscuous) => {
                "Hyper-V has no promiscuous mode: with MAC address spoofing On it delivers to MACs it learned from the port, and floods nothing to VM ports"
            }
            (Profile::Cloud, _) => {
                "the cloud's network accepts no MAC but the instance's, either way, and has no toggle for it (port security / source-destination check)"
            }
            _ => return None,
        })
    }

    /// The profile's settings. For `workstation`, `promiscuous` is `accept` and the vmnet
    /// permission gates it on top ([`Security::vmnet_gate`]).
    pub fn security(self) -> Security {
        use Setting::{Accept as A, Reject as R};
        let (promiscuous, mac_changes, forged_transmits) = match self {
            Profile::Vsphere7 | Profile::Hyperv | Profile::Cloud => (R, R, R),
            Profile::Vsphere6 => (R, A, A),
            Profile::Workstation | Profile::Open => (A, A, A),
            Profile::VirtualboxDeny => (R, R, A),
            Profile::VirtualboxAllowVms | Profile::VirtualboxAllowAll => (A, R, A),
            Profile::HypervSpoofing => (R, A, A),
        };
        let virtualbox = matches!(
            self,
            Profile::VirtualboxDeny | Profile::VirtualboxAllowVms | Profile::VirtualboxAllowAll
        );
        Security {
            promiscuous,
            mac_changes,
            forged_transmits,
            vmnet_gate: self == Profile::Workstation,
            profile: self,
            scope: if self == Profile::VirtualboxAllowVms {
                Scope::VmPorts
            } else {
                Scope::Switch
            },
            keep_configured_mac: virtualbox || matches!(self, Profile::Hyperv | Profile::Cloud),
            learn: match self {
                Profile::HypervSpoofing => Learn::Port,
                Profile::Hyperv | Profile::Cloud => Learn::Never,
                _ if virtualbox => Learn::Never,
                _ => Learn::Switch,
            },
            broadcast: self != Profile::Cloud,
            unknown_to_uplink: self != Profile::Cloud,
        }
    }
}

/// The effective policies of a port group (or of a port that has its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Security {
    /// Promiscuous mode (inbound): whether a guest's request for promiscuous mode is granted.
    pub promiscuous: Setting,
    /// MAC address changes (inbound): whether a guest whose MAC differs from its configured
    /// one still receives anything.
    pub mac_changes: Setting,
    /// Forged transmits (outbound): whether frames whose source is not the guest's MAC leave.
    pub forged_transmits: Setting,
    /// The group's profile is `workstation`: a promiscuous request is granted only while the
    /// VM user can read and write the vmnet device.
    pub vmnet_gate: bool,
    /// The profile these settings started from (its words explain a refusal).
    pub profile: Profile,
    /// What a granted promiscuous request copies.
    pub scope: Scope,
    /// With `mac_changes = reject`, the switch keeps the configured MAC as the port's own
    /// instead of cutting the port off: unicast to a new MAC is lost, broadcasts still arrive,
    /// and frames sent from the new MAC are forged (VirtualBox, Hyper-V, clouds).
    pub keep_configured_mac: bool,
    /// How the port takes part in MAC learning.
    pub learn: Learn,
    /// Broadcast and multicast frames enter and leave the port (clouds: neither).
    pub broadcast: bool,
    /// Unicast from the port for a MAC no port owns goes out of the uplink (clouds: dropped,
    /// the network delivers only to the addresses it assigned).
    pub unknown_to_uplink: bool,
}

/// A policy key that `promisc vswitch set` and the configuration accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKey {
    /// `promiscuous`.
    Promiscuous,
    /// `mac_changes`.
    MacChanges,
    /// `forged_transmits`.
    ForgedTransmits,
}

impl PolicyKey {
    /// Parses a key name.
    pub fn parse(s: &str) -> Option<PolicyKey> {
        match s {
            "promiscuous" => Some(PolicyKey::Promiscuous),
            "mac_changes" => Some(PolicyKey::MacChanges),
            "forged_transmits" => Some(PolicyKey::ForgedTransmits),
            _ => None,
        }
    }

    /// The key's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKey::Promiscuous => "promiscuous",
            PolicyKey::MacChanges => "mac_changes",
            PolicyKey::ForgedTransmits => "forged_transmits",
        }
    }
}

impl Security {
    /// Sets one policy.
    pub fn set(&mut self, key: PolicyKey, value: Setting) {
        match key {
            PolicyKey::Promiscuous => self.promiscuous = value,
            PolicyKey::MacChanges => self.mac_changes = value,
            PolicyKey::ForgedTransmits => self.forged_transmits = value,
        }
    }

    /// Reads one policy.
    pub fn get(&self, key: PolicyKey) -> Setting {
        match key {
            PolicyKey::Promiscuous => self.promiscuous,
            PolicyKey::MacChanges => self.mac_changes,
            PolicyKey::ForgedTransmits => self.forged_transmits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Setting::{Accept as A, Reject as R};

    #[test]
    fn profiles_match_the_table() {
        let rows = [
            ("vsphere7", R, R, R, false),
            ("vsphere6", R, A, A, false),
            ("workstation", A, A, A, true),
            ("open", A, A, A, false),
        ];
        for (name, p, m, f, gate) in rows {
            let s = Profile::parse(name).unwrap().security();
            assert_eq!(
                (
                    s.promiscuous,
                    s.mac_changes,
                    s.forged_transmits,
                    s.vmnet_gate
                ),
                (p, m, f, gate),
                "{name}"
            );
        }
        assert_eq!(Profile::parse("vsphere8"), None);
    }
}
