//! Port names as tcpdump prints them without `-n`: the first `/etc/services` entry for a port and
//! protocol (tcpdump's `init_servarray` reads them with `getservent` and keeps the first). Pure:
//! the caller reads the file and hands its text to [`PortNames::from_services`].

/// TCP and UDP port names, each table sorted by port.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortNames {
    tcp: Vec<(u16, Box<str>)>,
    udp: Vec<(u16, Box<str>)>,
}

impl PortNames {
    /// Parses the text of a services(5) file: `name port/protocol [aliases...]` lines, `#` to
    /// the end of a line a comment; only `tcp` and `udp` entries count, the first one of a port
    /// wins, and malformed lines are skipped.
    pub fn from_services(text: &str) -> Self {
        let mut t = PortNames::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut f = line.split_whitespace();
            let (Some(name), Some(pp)) = (f.next(), f.next()) else {
                continue;
            };
            let Some((port, proto)) = pp.split_once('/') else {
                continue;
            };
            let Ok(port) = port.parse::<u16>() else {
                continue;
            };
            let table = match proto {
                "tcp" => &mut t.tcp,
                "udp" => &mut t.udp,
                _ => continue,
            };
            table.push((port, name.into()));
        }
        for table in [&mut t.tcp, &mut t.udp] {
            // Stable: the first entry of a port stays first, and dedup keeps it.
            table.sort_by_key(|e| e.0);
            table.dedup_by_key(|e| e.0);
        }
        t
    }

    /// The name of TCP port `port`, if it has one.
    pub fn tcp(&self, port: u16) -> Option<&str> {
        find(&self.tcp, port)
    }

    /// The name of UDP port `port`, if it has one.
    pub fn udp(&self, port: u16) -> Option<&str> {
        find(&self.udp, port)
    }

    /// Whether no port has a name.
    pub fn is_empty(&self) -> bool {
        self.tcp.is_empty() && self.udp.is_empty()
    }
}

fn find(t: &[(u16, Box<str>)], port: u16) -> Option<&str> {
    t.binary_search_by_key(&port, |e| e.0)
        .ok()
        .map(|i| &*t[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_entry_of_a_port_wins() {
        let t = PortNames::from_services(
            "# comment\nhttp 80/tcp www # WorldWideWeb\nhttp 80/udp\nwww-alt 80/tcp\n\
             domain\t53/udp\nbad 99999/tcp\nnoport\nsctp-only 9/sctp\nx 7/tcp\n",
        );
        assert_eq!(t.tcp(80), Some("http"));
        assert_eq!(t.udp(80), Some("http"));
        assert_eq!(t.udp(53), Some("domain"));
        assert_eq!(t.tcp(53), None);
        assert_eq!(t.tcp(9), None);
        assert_eq!(t.tcp(7), Some("x"));
        assert!(!t.is_empty());
        assert!(PortNames::from_services("").is_empty());
    }
}
