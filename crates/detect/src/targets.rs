//! Targets: addresses, ranges (`10.0.0.5-40`, `10.0.0.5-10.0.1.9`) and CIDRs, or the
//! interface's own subnet. More than a /16 needs `--force`.

use std::net::Ipv4Addr;

/// The most addresses without `--force` (a /16).
pub const MAX_WITHOUT_FORCE: u64 = 1 << 16;

/// A target that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not an address, range or CIDR.
    #[error(
        "`{0}` is not an address, a range (10.0.0.5-40, 10.0.0.5-10.0.1.9) or a CIDR (10.0.0.0/24)"
    )]
    Syntax(String),
    /// A range whose end is before its start.
    #[error("`{0}`: the range ends before it starts")]
    Backwards(String),
    /// Too many addresses.
    #[error("{0} addresses to probe: more than a /16 needs --force")]
    TooMany(u64),
    /// Nothing to probe.
    #[error("no target: give addresses, or an interface with an IPv4 address")]
    Empty,
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

/// The addresses to probe, in order, without duplicates and without `exclude` (our own).
/// `default` is the interface's address and prefix length, used when `args` is empty.
pub fn targets(
    args: &[String],
    default: Option<(Ipv4Addr, u8)>,
    exclude: Option<Ipv4Addr>,
    force: bool,
) -> Result<Vec<Ipv4Addr>, TargetError> {
    let mut ranges = Vec::new();
    if args.is_empty() {
        let (a, len) = default.ok_or(TargetError::Empty)?;
        ranges.push(parse_one(&format!("{a}/{len}"))?);
    }
    for s in args {
        ranges.push(parse_one(s)?);
    }
    let total: u64 = ranges.iter().map(|(a, b)| u64::from(b - a) + 1).sum();
    if total > MAX_WITHOUT_FORCE && !force {
        return Err(TargetError::TooMany(total));
    }
    let mut out: Vec<u32> = ranges.into_iter().flat_map(|(a, b)| a..=b).collect();
    out.sort_unstable();
    out.dedup();
    Ok(out
        .into_iter()
        .map(Ipv4Addr::from)
        .filter(|a| Some(*a) != exclude)
        .collect())
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
        assert_eq!(targets(&[], None, None, false), Err(TargetError::Empty));
    }

    #[test]
    fn default_subnet_without_ourselves() {
        let us = Ipv4Addr::new(198, 51, 100, 1);
        let v = targets(&[], Some((us, 29)), Some(us), false).unwrap();
        assert_eq!(v.len(), 5);
        assert!(!v.contains(&us));
    }
}
