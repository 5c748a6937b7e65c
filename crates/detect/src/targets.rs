//! Targets: IPv4 addresses, ranges (`10.0.0.5-40`, `10.0.0.5-10.0.1.9`) and CIDRs, or the
//! interface's own subnet; IPv6 addresses. More than a /16 needs `--force`, and more than a /8
//! is refused even then ([`MAX_WITH_FORCE`]).
//!
//! A [`Targets`] list is kept as sorted, disjoint ranges, so its memory is a few bytes per
//! argument whatever the number of addresses: an address is found by its position and a reply
//! is checked against the list without enumerating it.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The most addresses without `--force` (a /16).
pub const MAX_WITHOUT_FORCE: u64 = 1 << 16;

/// The most addresses even with `--force` (a /8: at the default 1,000 frames a second, the
/// discovery alone takes about 4 hours 40 minutes).
pub const MAX_WITH_FORCE: u64 = 1 << 24;

/// A target that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not an address, range or CIDR.
    #[error(
        "`{0}` is not an address, a range (10.0.0.5-40, 10.0.0.5-10.0.1.9), a CIDR (10.0.0.0/24) or an IPv6 address (fe80::1)"
    )]
    Syntax(String),
    /// A range whose end is before its start.
    #[error("`{0}`: the range ends before it starts")]
    Backwards(String),
    /// Too many addresses.
    #[error("{0} addresses to probe: more than a /16 needs --force")]
    TooMany(u64),
    /// Too many addresses even with `--force`.
    #[error("{0} addresses to probe: at most {MAX_WITH_FORCE} (a /8), even with --force; split the range")]
    WayTooMany(u64),
    /// An IPv6 range or prefix.
    #[error("`{0}`: IPv6 targets are single addresses (e.g. fe80::1); ranges and prefixes are IPv4 only")]
    V6Range(String),
    /// A target of the family that is not probed.
    #[error("`{target}` is an {family} address, and {flag} probes only the other family")]
    WrongFamily {
        /// The target.
        target: String,
        /// Its family: `IPv4` or `IPv6`.
        family: &'static str,
        /// The flag: `-4` or `-6`.
        flag: &'static str,
    },
    /// Nothing to probe.
    #[error("no target: give addresses, or an interface with an IPv4 address")]
    Empty,
}

/// IPv4 addresses to probe, in ascending order, without duplicates: disjoint inclusive ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// Sorted, disjoint, not adjacent.
    ranges: Vec<(u32, u32)>,
    /// Addresses before each range.
    before: Vec<u64>,
    len: u64,
}

impl Targets {
    /// The list of the addresses in `ranges` (inclusive, in any order, overlapping or not),
    /// without `exclude`.
    pub fn from_ranges(mut ranges: Vec<(u32, u32)>, exclude: Option<Ipv4Addr>) -> Targets {
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(last) if u64::from(a) <= u64::from(last.1) + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        if let Some(x) = exclude.map(u32::from) {
            if let Some(i) = merged.iter().position(|&(a, b)| a <= x && x <= b) {
                let (a, b) = merged[i];
                let mut parts = Vec::new();
                if a < x {
                    parts.push((a, x - 1));
                }
                if x < b {
                    parts.push((x + 1, b));
                }
                merged.splice(i..=i, parts);
            }
        }
        let mut before = Vec::with_capacity(merged.len());
        let mut len = 0u64;
        for &(a, b) in &merged {
            before.push(len);
            len += u64::from(b - a) + 1;
        }
        Targets {
            ranges: merged,
            before,
            len,
        }
    }

    /// How many addresses.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `i`th address (from 0), in ascending order.
    pub fn get(&self, i: u64) -> Option<Ipv4Addr> {
        if i >= self.len {
            return None;
        }
        let r = self.before.partition_point(|&b| b <= i) - 1;
        let offset = u32::try_from(i - self.before[r]).ok()?;
        Some(Ipv4Addr::from(self.ranges[r].0 + offset))
    }

    /// Whether `ip` is in the list.
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        let x = u32::from(ip);
        let r = self.ranges.partition_point(|&(a, _)| a <= x);
        r > 0 && x <= self.ranges[r - 1].1
    }

    /// The addresses, in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = Ipv4Addr> + '_ {
        self.ranges
            .iter()
            .flat_map(|&(a, b)| (a..=b).map(Ipv4Addr::from))
    }
}

fn parse_one(s: &str) -> Result<(u32, u32), TargetError> {
    let bad = || TargetError::Syntax(s.to_string());
    if let Some((addr, len)) = s.split_once('/') {
        let a: Ipv4Addr = addr.parse().map_err(|_| bad())?;
        let len: u32 = len.parse().map_err(|_| bad())?;
        if len > 32 {
            return Err(bad());
        }
        let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
        let net = u32::from(a) & mask;
        let last = net | !mask;
        // Network and broadcast addresses are not hosts (except /31 and /32).
        return Ok(if len <= 30 {
            (net + 1, last - 1)
        } else {
            (net, last)
        });
    }
    if let Some((from, to)) = s.split_once('-') {
        let a: Ipv4Addr = from.parse().map_err(|_| bad())?;
        let b: u32 = if to.contains('.') {
            u32::from(to.parse::<Ipv4Addr>().map_err(|_| bad())?)
        } else {
            let last: u8 = to.parse().map_err(|_| bad())?;
            (u32::from(a) & !0xff) | u32::from(last)
        };
        if b < u32::from(a) {
            return Err(TargetError::Backwards(s.to_string()));
        }
        return Ok((u32::from(a), b));
    }
    let a: Ipv4Addr = s.parse().map_err(|_| bad())?;
    Ok((u32::from(a), u32::from(a)))
}

/// Whether `s` is meant as an IPv6 target (it has a colon).
pub fn is_v6(s: &str) -> bool {
    s.contains(':')
}

/// The IPv4 addresses to probe, in order, without duplicates and without `exclude` (our
/// own). `default` is the interface's address and prefix length, used when `args` is empty.
/// Every argument must be IPv4 (see [`is_v6`] and [`targets6`]).
pub fn targets(
    args: &[String],
    default: Option<(Ipv4Addr, u8)>,
    exclude: Option<Ipv4Addr>,
    force: bool,
) -> Result<Targets, TargetError> {
    let mut ranges = Vec::new();
    if args.is_empty() {
        let (a, len) = default.ok_or(TargetError::Empty)?;
        ranges.push(parse_one(&format!("{a}/{len}"))?);
    }
    for s in args {
        ranges.push(parse_one(s)?);
    }
    // Counted before our own address is taken out.
    let list = Targets::from_ranges(ranges, None);
    let total = list.len();
    if total > MAX_WITH_FORCE {
        return Err(TargetError::WayTooMany(total));
    }
    if total > MAX_WITHOUT_FORCE && !force {
        return Err(TargetError::TooMany(total));
    }
    Ok(match exclude {
        Some(x) => Targets::from_ranges(list.ranges, Some(x)),
        None => list,
    })
}

/// The IPv6 addresses of `args` (single addresses only), in order, without duplicates.
pub fn targets6(args: &[String]) -> Result<Vec<Ipv6Addr>, TargetError> {
    let mut out = Vec::new();
    for s in args {
        if s.contains('/') || s.contains('-') {
            return Err(TargetError::V6Range(s.clone()));
        }
        out.push(
            s.parse::<Ipv6Addr>()
                .map_err(|_| TargetError::Syntax(s.clone()))?,
        );
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(args: &[&str]) -> Result<Vec<Ipv4Addr>, TargetError> {
        targets(
            &args.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            None,
            None,
            false,
        )
        .map(|l| l.iter().collect())
    }

    #[test]
    fn forms() {
        assert_eq!(
            t(&["192.0.2.7"]).unwrap(),
            vec![Ipv4Addr::new(192, 0, 2, 7)]
        );
        assert_eq!(t(&["192.0.2.5-8"]).unwrap().len(), 4);
        assert_eq!(t(&["192.0.2.250-192.0.3.2"]).unwrap().len(), 9);
        let c = t(&["192.0.2.0/24"]).unwrap();
        assert_eq!(
            (c.len(), c[0], c[253]),
            (
                254,
                Ipv4Addr::new(192, 0, 2, 1),
                Ipv4Addr::new(192, 0, 2, 254)
            )
        );
        assert_eq!(t(&["192.0.2.4/31"]).unwrap().len(), 2);
        assert_eq!(
            t(&["192.0.2.1", "192.0.2.1-2"]).unwrap().len(),
            2,
            "deduplicated"
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            t(&["192.0.2.9-3"]),
            Err(TargetError::Backwards("192.0.2.9-3".into()))
        );
        assert!(matches!(t(&["host.example"]), Err(TargetError::Syntax(_))));
        assert!(matches!(t(&["192.0.2.0/33"]), Err(TargetError::Syntax(_))));
        assert_eq!(t(&["10.0.0.0/15"]), Err(TargetError::TooMany(131070)));
        assert_eq!(
            targets(&["10.0.0.0/15".into()], None, None, true)
                .unwrap()
                .len(),
            131070
        );
        assert_eq!(
            targets(&[], None, None, false).map(|l| l.len()),
            Err(TargetError::Empty)
        );
    }

    #[test]
    fn force_has_a_limit_and_large_lists_take_no_memory() {
        assert_eq!(
            targets(&["0.0.0.0/0".into()], None, None, true).map(|l| l.len()),
            Err(TargetError::WayTooMany((1 << 32) - 2))
        );
        let l = targets(&["10.0.0.0/8".into()], None, None, true).unwrap();
        assert_eq!(l.len(), (1 << 24) - 2);
        assert_eq!(l.get(0), Some(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(l.get(l.len() - 1), Some(Ipv4Addr::new(10, 255, 255, 254)));
        assert!(l.contains(Ipv4Addr::new(10, 1, 2, 3)));
        assert!(!l.contains(Ipv4Addr::new(11, 0, 0, 0)));
        assert_eq!(l.ranges.len(), 1, "one range, not 16 million addresses");
    }

    #[test]
    fn positions_and_membership_across_ranges() {
        let l = Targets::from_ranges(
            vec![(20, 22), (10, 12), (11, 13), (14, 14), (30, 30)],
            Some(Ipv4Addr::from(21)),
        );
        let all: Vec<u32> = l.iter().map(u32::from).collect();
        assert_eq!(all, vec![10, 11, 12, 13, 14, 20, 22, 30]);
        assert_eq!(l.len(), 8);
        for (i, a) in all.iter().enumerate() {
            assert_eq!(l.get(i as u64).map(u32::from), Some(*a), "position {i}");
            assert!(l.contains(Ipv4Addr::from(*a)));
        }
        assert_eq!(l.get(8), None);
        for x in [0, 9, 15, 19, 21, 23, 29, 31, u32::MAX] {
            assert!(!l.contains(Ipv4Addr::from(x)), "{x}");
        }
    }

    #[test]
    fn default_subnet_without_ourselves() {
        let us = Ipv4Addr::new(198, 51, 100, 1);
        let v = targets(&[], Some((us, 29)), Some(us), false).unwrap();
        assert_eq!(v.len(), 5);
        assert!(!v.contains(us));
    }

    #[test]
    fn ipv6_targets_are_addresses() {
        let v = targets6(&["fe80::2".into(), "fe80::1".into(), "fe80::2".into()]).unwrap();
        assert_eq!(
            v,
            vec![
                "fe80::1".parse::<Ipv6Addr>().unwrap(),
                "fe80::2".parse().unwrap()
            ]
        );
        assert!(matches!(
            targets6(&["fe80::/64".into()]),
            Err(TargetError::V6Range(_))
        ));
        assert!(matches!(
            targets6(&["fe80::zz".into()]),
            Err(TargetError::Syntax(_))
        ));
        assert!(is_v6("fe80::1") && !is_v6("192.0.2.1"));
    }
}
