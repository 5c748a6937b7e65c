//! Oracles independent of the binary under test: iproute2, sysfs, /proc.

use super::{run_ok, Netns, POLL, TIMEOUT};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::thread;
use std::time::{Duration, Instant};

/// One interface as `ip -d -j link show` sees it.
#[derive(Debug, Clone)]
pub struct IpLink {
    /// Interface index.
    pub ifindex: i64,
    /// Interface name.
    pub name: String,
    /// The kernel's promiscuity counter.
    pub promiscuity: i64,
    /// The kernel's allmulti counter.
    pub allmulti: i64,
    /// The flags iproute2 prints (`UP`, `PROMISC`, ...).
    pub flags: Vec<String>,
    /// `linkinfo.info_kind` (veth, bridge, macvlan, ...).
    pub kind: Option<String>,
    /// The link-layer address.
    pub address: Option<String>,
}

impl IpLink {
    /// Whether iproute2 prints `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// `ip -n NS -d -j link show`, by interface name, for a namespace named
/// `ns` (a /run/netns name).
pub fn ip_links_in(ns: &str) -> BTreeMap<String, IpLink> {
    let out = run_ok(&["ip", "-n", ns, "-d", "-j", "link", "show"]);
    let json: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("ip -j output is not JSON ({e}): {out}"));
    let int = |l: &Value, k: &str| {
        l[k].as_i64()
            .unwrap_or_else(|| panic!("ip -j link: no integer {k:?} in {l}"))
    };
    json.as_array()
        .expect("ip -j link: array")
        .iter()
        .map(|l| {
            let link = IpLink {
                ifindex: int(l, "ifindex"),
                name: l["ifname"].as_str().expect("ifname").to_string(),
                promiscuity: int(l, "promiscuity"),
                allmulti: int(l, "allmulti"),
                flags: l["flags"]
                    .as_array()
                    .expect("flags")
                    .iter()
                    .map(|f| f.as_str().expect("flag").to_string())
                    .collect(),
                kind: l["linkinfo"]["info_kind"].as_str().map(str::to_string),
                address: l["address"].as_str().map(str::to_string),
            };
            (link.name.clone(), link)
        })
        .collect()
}

/// [`ip_links_in`] of a [`Netns`].
pub fn ip_links(ns: &Netns) -> BTreeMap<String, IpLink> {
    ip_links_in(&ns.name)
}

/// One interface of [`ip_links`]; panics if it is not there.
pub fn ip_link(ns: &Netns, ifname: &str) -> IpLink {
    ip_links(ns)
        .remove(ifname)
        .unwrap_or_else(|| panic!("no interface {ifname} in {}", ns.name))
}

/// name -> (promiscuity, allmulti), per iproute2.
pub fn ip_counters(ns: &Netns) -> HashMap<String, (i64, i64)> {
    ip_links(ns)
        .into_values()
        .map(|l| (l.name, (l.promiscuity, l.allmulti)))
        .collect()
}

/// `ifname`'s promiscuity counter, per iproute2.
pub fn promiscuity(ns: &Netns, ifname: &str) -> i64 {
    ip_link(ns, ifname).promiscuity
}

/// Waits (bounded) until `ifname`'s promiscuity counter is `want`.
pub fn wait_promiscuity(ns: &Netns, ifname: &str, want: i64) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let now = promiscuity(ns, ifname);
        if now == want {
            return;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {TIMEOUT:?} waiting for {ifname} promiscuity == {want} in {} (still {now})", ns.name);
        }
        thread::sleep(POLL);
    }
}

/// sysfs `flags` (the real dev->flags) of every interface of `ns`.
pub fn sysfs_all_flags_in(ns: &str) -> HashMap<String, u32> {
    let out = run_ok(&[
        "ip",
        "netns",
        "exec",
        ns,
        "sh",
        "-c",
        "cd /sys/class/net && grep -H . */flags",
    ]);
    out.lines()
        .map(|line| {
            let (path, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("unexpected grep line {line:?}"));
            let name = path.trim_end_matches("/flags").to_string();
            (name, parse_hex(value))
        })
        .collect()
}

/// sysfs `flags` of one interface.
pub fn sysfs_flags(ns: &Netns, ifname: &str) -> u32 {
    parse_hex(&ns.run(&["cat", &format!("/sys/class/net/{ifname}/flags")]))
}

/// A hexadecimal flags value (`0x1103`).
pub fn parse_hex(s: &str) -> u32 {
    let s = s.trim();
    u32::from_str_radix(s.trim_start_matches("0x"), 16)
        .unwrap_or_else(|e| panic!("not a hex flags value {s:?}: {e}"))
}

/// A line of the namespace's /proc/net/packet.
#[derive(Debug, Clone, Copy)]
pub struct PacketSock {
    /// Interface it is bound to (0: none).
    pub ifindex: i64,
    /// Owner uid.
    pub uid: i64,
}

/// inode -> packet socket, from /proc/net/packet inside `ns`.
pub fn packet_sockets_in(ns: &str) -> HashMap<i64, PacketSock> {
    let out = run_ok(&["ip", "netns", "exec", ns, "cat", "/proc/net/packet"]);
    let mut lines = out.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} column in /proc/net/packet: {header:?}"))
    };
    let (iface, user, inode) = (col("Iface"), col("User"), col("Inode"));
    lines
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let num = |i: usize| f[i].parse::<i64>().expect("number in /proc/net/packet");
            (
                num(inode),
                PacketSock {
                    ifindex: num(iface),
                    uid: num(user),
                },
            )
        })
        .collect()
}

/// `/proc/PID/comm`.
pub fn proc_comm(pid: i64) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_else(|e| panic!("read /proc/{pid}/comm: {e}"))
        .trim_end()
        .to_string()
}

fn status_ids(status: &str, key: &str) -> Option<Vec<u32>> {
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .split_whitespace()
        .map(|n| n.parse().ok())
        .collect()
}

/// Real uid of `pid`, from /proc/PID/status.
pub fn proc_uid(pid: i64) -> i64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|e| panic!("read /proc/{pid}/status: {e}"));
    status_ids(&status, "Uid:").expect("Uid: line")[0].into()
}

/// Inodes of the sockets `pid` has open (`/proc/PID/fd/* -> socket:[N]`).
pub fn socket_inodes(pid: i64) -> BTreeSet<i64> {
    let dir = format!("/proc/{pid}/fd");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .filter_map(|entry| {
            let target = std::fs::read_link(entry.ok()?.path()).ok()?;
            let target = target.to_str()?;
            target
                .strip_prefix("socket:[")?
                .strip_suffix(']')?
                .parse()
                .ok()
        })
        .collect()
}

/// Waits (bounded by `timeout`, polling every [`POLL`]) for `cond`.
pub fn wait_until(desc: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    loop {
        if cond() {
            return;
        }
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for {desc}");
        }
        thread::sleep(POLL);
    }
}
