//! The three security policies of a port group and the named profiles (VSWITCH.md, "Profiles").

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

/// A named set of defaults for the three policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
}

impl Profile {
    /// Every profile, in the order the documentation lists them.
    pub const ALL: [Profile; 4] = [
        Profile::Vsphere7,
        Profile::Vsphere6,
        Profile::Workstation,
        Profile::Open,
    ];

    /// The profile's name in the configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Vsphere7 => "vsphere7",
            Profile::Vsphere6 => "vsphere6",
            Profile::Workstation => "workstation",
            Profile::Open => "open",
        }
    }

    /// Parses a profile name.
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The profile's three settings. For `workstation`, `promiscuous` is `accept` and the
    /// vmnet permission gates it on top ([`Security::vmnet_gate`]).
    pub fn security(self) -> Security {
        use Setting::{Accept as A, Reject as R};
        let (promiscuous, mac_changes, forged_transmits) = match self {
            Profile::Vsphere7 => (R, R, R),
            Profile::Vsphere6 => (R, A, A),
            Profile::Workstation | Profile::Open => (A, A, A),
        };
        Security {
            promiscuous,
            mac_changes,
            forged_transmits,
            vmnet_gate: self == Profile::Workstation,
        }
    }
}

/// The effective policies of a port group.
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
