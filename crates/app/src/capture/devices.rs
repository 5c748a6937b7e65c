//! `promisc capture -D`: the interfaces as `tcpdump -D` lists them (libpcap's order and
//! flags), each with what tcpdump cannot show: the real promiscuous state and the kernel's
//! promiscuity counter, from the status engine.

use promisc_facts::link::LinkFacts;
use promisc_facts::uapi::{ARPHRD_LOOPBACK, IFF_RUNNING, IFF_UP};

use crate::status::{snapshot, Error};

/// libpcap's connection status of an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    /// Carrier detected.
    Connected,
    /// No carrier.
    Disconnected,
    /// Not a question for this device (loopback, `any`, a driver that cannot tell).
    NotApplicable,
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Interface name.
    pub name: String,
    /// Interface index (0 for `any`): the order among equals.
    pub ifindex: u32,
    /// A description (only `any` has one).
    pub description: Option<String>,
    /// `IFF_UP`.
    pub up: bool,
    /// `IFF_RUNNING`.
    pub running: bool,
    /// A loopback device.
    pub loopback: bool,
    /// Carrier.
    pub connection: Connection,
    /// The real promiscuous state and the counter (none for `any`).
    pub promiscuity: Option<u32>,
}

impl Device {
    /// libpcap's figure of merit (lower is listed first, equals by interface index): `any`
    /// after every interface that is up, running and not loopback or disconnected, then
    /// penalties for not running, not up, and being loopback or disconnected (the order
    /// tcpdump 4.99.3 printed here for every case tried).
    pub fn merit(&self) -> u32 {
        let mut n = if self.name == "any" { 0x1fff_ffff } else { 0 };
        if !self.running {
            n |= 0x8000_0000;
        }
        if !self.up {
            n |= 0x4000_0000;
        }
        if self.loopback || self.connection == Connection::Disconnected {
            n |= 0x2000_0000;
        }
        n
    }

    /// The line after `number.` (1 for the first): tcpdump's, then
    /// `[promiscuous, promiscuity N]` or `[not promiscuous, promiscuity 0]`.
    pub fn line(&self, number: usize) -> String {
        let mut out = format!("{number}.{}", self.name);
        if let Some(d) = &self.description {
            out.push_str(&format!(" ({d})"));
        }
        let mut flags: Vec<&str> = Vec::new();
        if self.up {
            flags.push("Up");
        }
        if self.running {
            flags.push("Running");
        }
        if self.loopback {
            flags.push("Loopback");
        }
        let shown = if flags.is_empty() {
            "none".to_string()
        } else {
            flags.join(", ")
        };
        let status = match self.connection {
            Connection::Connected => ", Connected",
            Connection::Disconnected => ", Disconnected",
            Connection::NotApplicable => "",
        };
        out.push_str(&format!(" [{shown}{status}]"));
        if let Some(p) = self.promiscuity {
            let state = if p > 0 {
                "promiscuous"
            } else {
                "not promiscuous"
            };
            out.push_str(&format!(" [{state}, promiscuity {p}]"));
        }
        out
    }
}

/// The device of a link, with its carrier as the driver reports it.
fn device(l: &LinkFacts, promiscuity: u32) -> Device {
    let loopback = l.arphrd == ARPHRD_LOOPBACK;
    let connection = if loopback {
        Connection::NotApplicable
    } else {
        match promisc_sys::ioctl::link_detected(&l.name) {
            Ok(Some(true)) => Connection::Connected,
            Ok(Some(false)) => Connection::Disconnected,
            _ => Connection::NotApplicable,
        }
    };
    Device {
        name: l.name.clone(),
        ifindex: l.ifindex,
        description: None,
        up: l.flags & IFF_UP != 0,
        running: l.flags & IFF_RUNNING != 0,
        loopback,
        connection,
        promiscuity: Some(promiscuity),
    }
}

/// Orders devices as libpcap does: by figure of merit, equals by interface index.
pub fn order(devices: &mut [Device]) {
    devices.sort_by_key(|d| (d.merit(), d.ifindex));
}

/// `RTM_GETLINK` and the status engine: every interface of this namespace and `any`, in
/// tcpdump's order, with the promiscuity counter the status engine reads.
pub fn list() -> Result<Vec<Device>, Error> {
    let snap = snapshot(false)?;
    let links = promisc_sys::rtnl::Route::open()?.links()?;
    let mut devices: Vec<Device> = links
        .iter()
        .map(|l| {
            let counter = snap
                .here()
                .find(|s| s.ifindex == l.ifindex)
                .map_or(l.promiscuity, |s| s.promiscuity);
            device(l, counter)
        })
        .collect();
    devices.push(Device {
        name: "any".into(),
        ifindex: 0,
        description: Some("Pseudo-device that captures on all interfaces".into()),
        up: true,
        running: true,
        loopback: false,
        connection: Connection::NotApplicable,
        promiscuity: None,
    });
    order(&mut devices);
    Ok(devices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(name: &str, ifindex: u32, up: bool, running: bool, c: Connection) -> Device {
        Device {
            name: name.into(),
            ifindex,
            description: None,
            up,
            running,
            loopback: name == "lo",
            connection: c,
            promiscuity: Some(u32::from(name == "eth0")),
        }
    }

    /// The orders tcpdump 4.99.3 printed here, in the machine's namespace and in a fresh one.
    #[test]
    fn ordered_as_libpcap() {
        use Connection::*;
        let any = Device {
            name: "any".into(),
            ifindex: 0,
            description: Some("x".into()),
            up: true,
            running: true,
            loopback: false,
            connection: NotApplicable,
            promiscuity: None,
        };
        let mut d = vec![
            dev("lo", 1, true, true, NotApplicable),
            dev("ifb1", 3, false, false, NotApplicable),
            dev("ifb0", 2, false, false, NotApplicable),
            dev("eth0", 4, true, true, Connected),
            dev("veth0", 6, true, true, Connected),
            dev("veth1", 5, true, true, Connected),
            any.clone(),
        ];
        order(&mut d);
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            ["eth0", "veth1", "veth0", "any", "lo", "ifb0", "ifb1"]
        );
        let mut d = vec![
            dev("lo", 1, false, false, NotApplicable),
            dev("vb", 2, false, false, Disconnected),
            dev("va", 3, true, false, Disconnected),
            dev("br0", 4, true, true, Connected),
            any,
        ];
        order(&mut d);
        let names: Vec<&str> = d.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["br0", "any", "va", "lo", "vb"]);
    }

    #[test]
    fn lines_as_tcpdump_plus_the_counter() {
        use Connection::*;
        assert_eq!(
            dev("eth0", 2, true, true, Connected).line(1),
            "1.eth0 [Up, Running, Connected] [promiscuous, promiscuity 1]"
        );
        assert_eq!(
            dev("vb", 2, false, false, Disconnected).line(10),
            "10.vb [none, Disconnected] [not promiscuous, promiscuity 0]"
        );
        assert_eq!(
            dev("lo", 1, true, true, NotApplicable).line(3),
            "3.lo [Up, Running, Loopback] [not promiscuous, promiscuity 0]"
        );
    }
}
