//! Name resolution, kept behind a trait so the compiler stays pure: the caller decides whether
//! names are looked up at all ([`NoResolver`]) or through the system's databases
//! ([`DatabaseResolver`] over the caller's [`Databases`], which does the reading), as libpcap
//! does at compile time.

use std::net::IpAddr;

/// Looks up the names a filter expression may contain.
///
/// libpcap resolves host names, port names, protocol names, network names and Ethernet host
/// names while it compiles; the compiler calls these methods at the same points.
pub trait Resolver {
    /// IPv4 addresses of a host name, in resolver order (empty if unknown).
    fn host_v4(&self, name: &str) -> Vec<[u8; 4]>;
    /// IPv6 addresses of a host name, in resolver order (empty if unknown).
    fn host_v6(&self, name: &str) -> Vec<[u8; 16]>;
    /// Every address of a host name in the resolver's order, IPv4 and IPv6 as they come
    /// (libpcap 1.10 tests them in `getaddrinfo`'s order). By default the IPv4 addresses,
    /// then the IPv6 ones.
    fn host(&self, name: &str) -> Vec<IpAddr> {
        let v4 = self.host_v4(name).into_iter().map(IpAddr::from);
        v4.chain(self.host_v6(name).into_iter().map(IpAddr::from))
            .collect()
    }
    /// The Ethernet address of a host name (`/etc/ethers`), if known.
    fn ether(&self, name: &str) -> Option<[u8; 6]>;
    /// The IP protocol number of a protocol name (`/etc/protocols`), if known.
    fn protocol(&self, name: &str) -> Option<u8>;
    /// The port number of a service name for `proto` (`"tcp"`, `"udp"` or `"sctp"`), if known.
    fn port(&self, name: &str, proto: &str) -> Option<u16>;
    /// The network number of a network name (`/etc/networks`), right-aligned as
    /// `getnetbyname()` returns it (`10` for `10.0.0.0`), if known.
    fn network(&self, name: &str) -> Option<u32> {
        let _ = name;
        None
    }
}

/// Resolves nothing: every name is unknown, so expressions must use numbers and addresses.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoResolver;

impl Resolver for NoResolver {
    fn host_v4(&self, _name: &str) -> Vec<[u8; 4]> {
        Vec::new()
    }
    fn host_v6(&self, _name: &str) -> Vec<[u8; 16]> {
        Vec::new()
    }
    fn ether(&self, _name: &str) -> Option<[u8; 6]> {
        None
    }
    fn protocol(&self, _name: &str) -> Option<u8> {
        None
    }
    fn port(&self, _name: &str, _proto: &str) -> Option<u16> {
        None
    }
}

/// The I/O a [`DatabaseResolver`] needs, given by its caller: the system's name databases and
/// its host lookup. The compiler stays pure; the application reads the files.
pub trait Databases {
    /// The text of `/etc/NAME` (`ethers`, `protocols`, `services`, `networks`), when readable.
    fn file(&self, name: &str) -> Option<String>;
    /// The addresses of a host name, in the system resolver's order, each once (empty if
    /// unknown).
    fn host(&self, name: &str) -> Vec<IpAddr>;
}

/// Resolves as libpcap does through the system: host names with the caller's lookup (the
/// system resolver: `/etc/hosts`, then DNS), and the other names from `/etc/services`,
/// `/etc/protocols`, `/etc/networks` and `/etc/ethers` as [`Databases`] hands them over.
#[derive(Clone, Copy, Debug, Default)]
pub struct DatabaseResolver<D>(pub D);

/// Lines of a system database's text, comments removed, split into fields.
fn table(text: Option<String>) -> Vec<Vec<String>> {
    let Some(text) = text else {
        return Vec::new();
    };
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|f| !f.is_empty())
        .collect()
}

/// Parses `/etc/services` text: the port of `name` (or an alias) for `proto`.
pub(crate) fn services_lookup(text: &str, name: &str, proto: &str) -> Option<u16> {
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 2 {
            continue;
        }
        let Some((port, p)) = f[1].split_once('/') else {
            continue;
        };
        if p != proto {
            continue;
        }
        if f[0] == name || f[2..].contains(&name) {
            if let Ok(n) = port.parse::<u16>() {
                return Some(n);
            }
        }
    }
    None
}

/// Parses a network number as `getnetbyname()` returns it (`10.1` is `0x0a01`).
fn parse_net(s: &str) -> Option<u32> {
    let mut v: u32 = 0;
    for part in s.split('.') {
        let n: u32 = part.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

/// Parses an Ethernet address `x:x:x:x:x:x`.
fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let mut out = [0u8; 6];
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() != 6 {
        return None;
    }
    for (o, p) in out.iter_mut().zip(parts) {
        *o = u8::from_str_radix(p, 16).ok()?;
    }
    Some(out)
}

impl<D: Databases> Resolver for DatabaseResolver<D> {
    fn host(&self, name: &str) -> Vec<IpAddr> {
        self.0.host(name)
    }

    fn host_v4(&self, name: &str) -> Vec<[u8; 4]> {
        self.0
            .host(name)
            .into_iter()
            .filter_map(|a| match a {
                IpAddr::V4(v) => Some(v.octets()),
                IpAddr::V6(_) => None,
            })
            .collect()
    }

    fn host_v6(&self, name: &str) -> Vec<[u8; 16]> {
        self.0
            .host(name)
            .into_iter()
            .filter_map(|a| match a {
                IpAddr::V6(v) => Some(v.octets()),
                IpAddr::V4(_) => None,
            })
            .collect()
    }

    fn ether(&self, name: &str) -> Option<[u8; 6]> {
        // glibc's ether_hostton (libpcap's lookup) compares host names regardless of case.
        table(self.0.file("ethers"))
            .into_iter()
            .find(|f| f.len() >= 2 && f[1].eq_ignore_ascii_case(name))
            .and_then(|f| parse_mac(&f[0]))
    }

    fn protocol(&self, name: &str) -> Option<u8> {
        table(self.0.file("protocols"))
            .into_iter()
            .find(|f| f.len() >= 2 && (f[0] == name || f[2..].iter().any(|a| a == name)))
            .and_then(|f| f[1].parse().ok())
    }

    fn port(&self, name: &str, proto: &str) -> Option<u16> {
        services_lookup(&self.0.file("services")?, name, proto)
    }

    fn network(&self, name: &str) -> Option<u32> {
        // glibc's getnetbyname compares names and aliases regardless of case.
        let same = |a: &String| a.eq_ignore_ascii_case(name);
        table(self.0.file("networks"))
            .into_iter()
            .find(|f| f.len() >= 2 && (same(&f[0]) || f[2..].iter().any(same)))
            .and_then(|f| parse_net(&f[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_text() {
        let t = "http 80/tcp www # web\ndomain 53/tcp\ndomain 53/udp\n";
        assert_eq!(services_lookup(t, "http", "tcp"), Some(80));
        assert_eq!(services_lookup(t, "www", "tcp"), Some(80));
        assert_eq!(services_lookup(t, "http", "udp"), None);
        assert_eq!(services_lookup(t, "domain", "udp"), Some(53));
    }

    /// Databases given as text, and one host.
    struct Fixed;

    impl Databases for Fixed {
        fn file(&self, name: &str) -> Option<String> {
            match name {
                "ethers" => Some("00:11:22:aa:bb:cc gw # the gateway\n".into()),
                "protocols" => Some("tcp 6 TCP\nudp 17 UDP\n".into()),
                "services" => Some("http 80/tcp www\n".into()),
                "networks" => Some("lab 10.1 labnet\n".into()),
                _ => None,
            }
        }
        fn host(&self, name: &str) -> Vec<IpAddr> {
            match name {
                "h" => vec!["192.0.2.7".parse().unwrap(), "2001:db8::7".parse().unwrap()],
                "six-first" => vec!["2001:db8::7".parse().unwrap(), "192.0.2.7".parse().unwrap()],
                _ => Vec::new(),
            }
        }
    }

    #[test]
    fn the_databases_are_read_as_libpcap_reads_them() {
        let r = DatabaseResolver(Fixed);
        assert_eq!(r.ether("gw"), Some([0, 0x11, 0x22, 0xaa, 0xbb, 0xcc]));
        assert_eq!(r.ether("GW"), Some([0, 0x11, 0x22, 0xaa, 0xbb, 0xcc]));
        assert_eq!(r.ether("nope"), None);
        assert_eq!(r.network("LabNet"), Some(0x0a01));
        assert_eq!(r.network("LAB"), Some(0x0a01));
        assert_eq!(r.protocol("Tcp"), None);
        assert_eq!((r.protocol("TCP"), r.protocol("udp")), (Some(6), Some(17)));
        assert_eq!(r.port("www", "tcp"), Some(80));
        assert_eq!(r.network("labnet"), Some(0x0a01));
        assert_eq!(r.host_v4("h"), vec![[192, 0, 2, 7]]);
        assert_eq!(r.host_v6("h").len(), 1);
        assert_eq!(r.host("six-first"), Fixed.host("six-first"));
        assert_eq!(NoResolver.host("h"), Vec::<IpAddr>::new());
        assert!(r.host_v4("unknown").is_empty());
    }

    #[test]
    fn host_addresses_are_tested_in_the_resolvers_order() {
        let r = DatabaseResolver(Fixed);
        let text = |e: &str| {
            let p = crate::compile(e, &crate::Options::default(), &r).unwrap();
            crate::dump(&p, crate::DumpStyle::D)
        };
        let at = |t: &str, what: &str| t.find(what).unwrap();
        let six = text("host six-first");
        assert!(at(&six, "#0x86dd") < at(&six, "#0x800"), "{six}");
        let four = text("host h");
        assert!(at(&four, "#0x800") < at(&four, "#0x86dd"), "{four}");
    }

    #[test]
    fn nets_and_macs() {
        assert_eq!(parse_net("10.1"), Some(0x0a01));
        assert_eq!(
            parse_mac("00:11:22:aa:bb:cc"),
            Some([0, 0x11, 0x22, 0xaa, 0xbb, 0xcc])
        );
        assert_eq!(parse_mac("zz"), None);
    }
}
