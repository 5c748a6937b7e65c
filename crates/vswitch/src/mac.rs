//! MAC addresses as the switch sees them.

use std::fmt;
use std::str::FromStr;

/// A 48-bit Ethernet address.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Mac(pub [u8; 6]);

impl Mac {
    /// `ff:ff:ff:ff:ff:ff`.
    pub const BROADCAST: Mac = Mac([0xff; 6]);

    /// The group bit (broadcast and multicast).
    pub fn is_group(&self) -> bool {
        self.0[0] & 1 != 0
    }

    /// The address from the first six bytes of `b`, if there are six.
    pub fn from_slice(b: &[u8]) -> Option<Mac> {
        b.get(..6)
            .map(|s| Mac([s[0], s[1], s[2], s[3], s[4], s[5]]))
    }
}

/// `xx:xx:xx:xx:xx:xx`, through the workspace's one MAC formatter.
impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        promisc_facts::link::write_mac(f, &self.0)
    }
}

impl fmt::Debug for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A text that is not `xx:xx:xx:xx:xx:xx`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a MAC address (six hexadecimal bytes separated by colons, e.g. 00:0c:29:00:00:02)")]
pub struct BadMac(pub String);

impl FromStr for Mac {
    type Err = BadMac;

    fn from_str(s: &str) -> Result<Mac, BadMac> {
        let bad = || BadMac(s.to_string());
        let mut out = [0u8; 6];
        let mut parts = s.split([':', '-']);
        for byte in &mut out {
            let p = parts.next().ok_or_else(bad)?;
            if p.is_empty() || p.len() > 2 {
                return Err(bad());
            }
            *byte = u8::from_str_radix(p, 16).map_err(|_| bad())?;
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(Mac(out))
    }
}

impl serde::Serialize for Mac {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Mac {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Mac, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let m: Mac = "00:0C:29:00:00:02".parse().unwrap();
        assert_eq!(m.0, [0, 0x0c, 0x29, 0, 0, 2]);
        assert_eq!(m.to_string(), "00:0c:29:00:00:02");
        assert!(!m.is_group());
        assert!(Mac::BROADCAST.is_group());
        for bad in [
            "",
            "00:0c:29:00:00",
            "00:0c:29:00:00:02:03",
            "00:0c:29:00:00:xy",
            "000:0c:29:00:00:02",
        ] {
            assert!(bad.parse::<Mac>().is_err(), "{bad}");
        }
    }
}
