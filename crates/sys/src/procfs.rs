//! `/proc` and `/run/netns` scans: socket owners and network namespaces.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::os::unix::fs::MetadataExt;

use promisc_facts::world::ProcessFacts;

/// Scans `/proc/*/fd` for links `socket:[INODE]` to any of `inodes`: the processes that have
/// each socket open. Processes whose fds cannot be read (other users' without privileges, or
/// gone meanwhile) are passed over.
pub fn socket_owners(inodes: &HashSet<u64>) -> HashMap<u64, Vec<ProcessFacts>> {
    let mut out: HashMap<u64, Vec<ProcessFacts>> = HashMap::new();
    if inodes.is_empty() {
        return out;
    }
    for pid in pids() {
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        let mut found = Vec::new();
        for fd in fds.flatten() {
            let Ok(target) = fs::read_link(fd.path()) else {
                continue;
            };
            let Some(inode) = target
                .to_str()
                .and_then(|t| t.strip_prefix("socket:["))
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse::<u64>().ok())
            else {
                continue;
            };
            if inodes.contains(&inode) && !found.contains(&inode) {
                found.push(inode);
            }
        }
        if found.is_empty() {
            continue;
        }
        let Some(proc_facts) = process(pid) else {
            continue;
        };
        for inode in found {
            out.entry(inode).or_default().push(proc_facts.clone());
        }
    }
    out
}

/// The command name, effective uid and cgroups of `pid`, from `/proc/PID/comm`,
/// `/proc/PID/status` and `/proc/PID/cgroup`.
pub fn process(pid: u32) -> Option<ProcessFacts> {
    let comm = fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|u| u.parse().ok())?;
    let cgroup = fs::read_to_string(format!("/proc/{pid}/cgroup")).unwrap_or_default();
    Some(ProcessFacts {
        pid,
        comm: comm.trim_end_matches('\n').to_string(),
        uid,
        cgroup,
    })
}

/// A network namespace that can be entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetnsEntry {
    /// The namespace inode, its identity.
    pub inode: u64,
    /// The name shown to people: the `/run/netns` name, `default` for init's, else `pid:N`.
    pub name: String,
    /// A path that opens it: `/run/netns/NAME` or `/proc/PID/ns/net`.
    pub path: String,
}

fn ns_inode(path: &str) -> Option<u64> {
    fs::metadata(path).ok().map(|m| m.ino())
}

/// The namespace inode a `/proc/PID/ns/net` link names (`net:[INODE]`), read without opening
/// the namespace (which may be refused where reading the link is not).
fn ns_link_inode(path: &str) -> Option<u64> {
    fs::read_link(path)
        .ok()?
        .to_str()?
        .strip_prefix("net:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// The inode of the calling thread's network namespace (`/proc/thread-self/ns/net`).
pub fn current_netns_inode() -> Option<u64> {
    ns_link_inode("/proc/thread-self/ns/net").or_else(|| ns_inode("/proc/thread-self/ns/net"))
}

/// Every network namespace that can be found: the named ones under `/run/netns`, and those of
/// running processes (`/proc/*/ns/net`), each once (deduplicated by inode).
pub fn list_netns() -> Vec<NetnsEntry> {
    let mut out: Vec<NetnsEntry> = Vec::new();
    let mut seen = HashSet::new();
    // init's namespace; where pid 1 cannot be read (a sandbox), kthreadd (pid 2), a kernel
    // thread, is always in the initial namespace.
    let init = ns_link_inode("/proc/1/ns/net").or_else(|| {
        let comm = fs::read_to_string("/proc/2/comm").ok()?;
        (comm.trim() == "kthreadd").then(|| ns_link_inode("/proc/2/ns/net"))?
    });
    if let Ok(dir) = fs::read_dir("/run/netns") {
        let mut named: Vec<_> = dir.flatten().map(|e| e.path()).collect();
        named.sort();
        for p in named {
            let Some(path) = p.to_str().map(str::to_string) else {
                continue;
            };
            // A name whose bind mount is gone stats as a plain file on the /run filesystem;
            // accept only nsfs inodes (st_dev of nsfs differs, so compare with a known one).
            let Some(inode) = ns_inode(&path) else {
                continue;
            };
            if !is_nsfs(&path) || !seen.insert(inode) {
                continue;
            }
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            out.push(NetnsEntry { inode, name, path });
        }
    }
    for pid in pids() {
        let path = format!("/proc/{pid}/ns/net");
        let Some(inode) = ns_link_inode(&path) else {
            continue;
        };
        if !seen.insert(inode) {
            continue;
        }
        let name = if Some(inode) == init {
            "default".to_string()
        } else {
            format!("pid:{pid}")
        };
        out.push(NetnsEntry { inode, name, path });
    }
    out
}

/// The named network namespace `/run/netns/NAME` (`stat(2)`, `statfs(2)`), once it is one:
/// `ip netns add` creates the file, then binds the namespace on it, so a new name may be a
/// plain file for a moment (`None` then, as for a name that is gone).
pub fn named_netns(name: &str) -> Option<NetnsEntry> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return None;
    }
    let path = format!("/run/netns/{name}");
    if !is_nsfs(&path) {
        return None;
    }
    let inode = ns_inode(&path)?;
    Some(NetnsEntry {
        inode,
        name: name.to_string(),
        path,
    })
}

/// True when `path` is on nsfs (a bound namespace), not a stale plain file.
fn is_nsfs(path: &str) -> bool {
    const NSFS_MAGIC: i64 = 0x6e73_6673;
    crate::fs_magic(path) == Some(NSFS_MAGIC)
}

/// `MemTotal` of `/proc/meminfo`, in bytes: the machine's physical memory, or `None` when it
/// cannot be read.
pub fn mem_total_bytes() -> Option<u64> {
    let text = fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The IPv4 default route from `/proc/net/route` (of the calling thread's namespace): its
/// device and gateway.
pub fn default_route() -> Option<(String, std::net::Ipv4Addr)> {
    let text = std::fs::read_to_string("/proc/net/route").ok()?;
    text.lines().skip(1).find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() < 8 || f[1] != "00000000" || f[7] != "00000000" {
            return None;
        }
        let gw = u32::from_str_radix(f[2], 16).ok()?;
        Some((f[0].to_string(), std::net::Ipv4Addr::from(gw.to_le_bytes())))
    })
}

/// The complete IPv4 neighbour entries of `/proc/net/arp` on `device`: address and MAC.
pub fn arp_neighbours(device: &str) -> Vec<(std::net::Ipv4Addr, [u8; 6])> {
    let text = std::fs::read_to_string("/proc/net/arp").unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            if f.len() < 6 || f[5] != device || f[2] == "0x0" {
                return None;
            }
            let ip = f[0].parse().ok()?;
            let mut mac = [0u8; 6];
            let parts: Vec<&str> = f[3].split(':').collect();
            if parts.len() != 6 {
                return None;
            }
            for (m, p) in mac.iter_mut().zip(parts) {
                *m = u8::from_str_radix(p, 16).ok()?;
            }
            Some((ip, mac))
        })
        .collect()
}

/// A sysctl or sysfs value, trimmed (`/proc/sys/...`, `/sys/...`).
pub fn read_value(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
}

/// Every process's pid, command name and real uid.
pub fn processes() -> Vec<(u32, String, u32)> {
    pids()
        .into_iter()
        .filter_map(|pid| {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
            let uid = status
                .lines()
                .find_map(|l| l.strip_prefix("Uid:"))?
                .split_whitespace()
                .next()?
                .parse()
                .ok()?;
            Some((pid, comm.trim().to_string(), uid))
        })
        .collect()
}

/// `N` random bytes from the kernel (`/dev/urandom`).
pub fn random_bytes<const N: usize>() -> std::io::Result<[u8; N]> {
    use std::io::Read;
    let mut b = [0u8; N];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut b)?;
    Ok(b)
}

/// The owner, group and mode of a file (`stat(2)`).
pub fn file_mode(path: &std::path::Path) -> Option<(u32, u32, u32)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((m.uid(), m.gid(), m.mode() & 0o7777))
}

/// The IPv6 link-local address of `device` from `/proc/net/if_inet6`, once it is usable (not
/// tentative, not duplicated).
pub fn ipv6_link_local(device: &str) -> Option<std::net::Ipv6Addr> {
    let text = std::fs::read_to_string("/proc/net/if_inet6").ok()?;
    text.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        if f.len() < 6 || f[5] != device || f[3] != "20" {
            return None;
        }
        let flags = u32::from_str_radix(f[4], 16).ok()?;
        // IFA_F_TENTATIVE 0x40, IFA_F_DADFAILED 0x08.
        if flags & 0x48 != 0 || f[0].len() != 32 {
            return None;
        }
        let mut o = [0u8; 16];
        for (i, b) in o.iter_mut().enumerate() {
            *b = u8::from_str_radix(&f[0][2 * i..2 * i + 2], 16).ok()?;
        }
        Some(std::net::Ipv6Addr::from(o))
    })
}

/// `/dev/kmsg`, non-blocking, positioned after the last record: each `read` then returns one
/// new kernel log record. `None` when it cannot be opened (it needs root, or
/// `kernel.dmesg_restrict = 0`).
pub fn open_kmsg() -> Option<fs::File> {
    use std::io::{Seek, SeekFrom};
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open("/dev/kmsg")
        .ok()?;
    f.seek(SeekFrom::End(0)).ok()?;
    Some(f)
}

/// The first process (lowest pid) of each network namespace that has one, by namespace inode
/// (`/proc/*/ns/net`).
pub fn netns_first_pids() -> HashMap<u64, u32> {
    let mut out = HashMap::new();
    for pid in pids() {
        if let Some(inode) = ns_link_inode(&format!("/proc/{pid}/ns/net")) {
            out.entry(inode).or_insert(pid);
        }
    }
    out
}

/// A process's arguments (`/proc/PID/cmdline`, split at the NULs).
pub fn cmdline(pid: u32) -> Vec<String> {
    fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| {
            b.split(|&c| c == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Which process has which tap or tun device open: `/proc/*/fd` entries that are
/// `/dev/net/tun`, and the `iff:` line of their `/proc/PID/fdinfo/FD` (the device the
/// descriptor is attached to). Processes that cannot be read are passed over.
pub fn tun_owners() -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for pid in pids() {
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if fs::read_link(fd.path()).ok().as_deref()
                != Some(std::path::Path::new("/dev/net/tun"))
            {
                continue;
            }
            let info = fs::read_to_string(format!(
                "/proc/{pid}/fdinfo/{}",
                fd.file_name().to_string_lossy()
            ))
            .unwrap_or_default();
            if let Some(name) = info
                .lines()
                .find_map(|l| l.strip_prefix("iff:"))
                .map(str::trim)
            {
                if !out.iter().any(|(n, p)| n == name && *p == pid) {
                    out.push((name.to_string(), pid));
                }
            }
        }
    }
    out
}

/// The pids of `/proc`'s numeric entries, in ascending order (none when `/proc` cannot be
/// read).
pub fn pids() -> Vec<u32> {
    let mut pids: Vec<u32> = fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    pids.sort_unstable();
    pids
}
