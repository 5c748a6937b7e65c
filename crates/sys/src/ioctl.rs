//! The classic interface ioctls: `SIOCGIFFLAGS` / `SIOCSIFFLAGS`, and the legacy offload
//! switches and the link query of `SIOCETHTOOL`.

use std::io;
use std::os::fd::AsRawFd;

use promisc_facts::uapi::IFF_PROMISC;

use crate::error::{Error, Result};
use crate::socket;

fn ifreq(name: &str) -> Result<libc::ifreq> {
    // SAFETY: ifreq is plain data; zeroed is valid.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() >= req.ifr_name.len() || bytes.contains(&0) {
        return Err(Error::NoDevice(name.to_string()));
    }
    for (d, s) in req.ifr_name.iter_mut().zip(bytes) {
        *d = *s as libc::c_char;
    }
    Ok(req)
}

/// Sets or clears the user promiscuous flag with `SIOCGIFFLAGS` then `SIOCSIFFLAGS`, as
/// `ifconfig` does. This read-modify-write races with other flag changes; prefer
/// [`crate::rtnl::Route::set_promisc`]. Needs `CAP_NET_ADMIN`.
pub fn set_promisc(name: &str, on: bool) -> Result<()> {
    let fd = socket::inet_dgram()?;
    let mut req = ifreq(name)?;
    // SAFETY: req is a live ifreq with a NUL-terminated name, as SIOCGIFFLAGS expects.
    if unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCGIFFLAGS, &mut req) } != 0 {
        let e = io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::ENODEV) {
            return Err(Error::NoDevice(name.to_string()));
        }
        return Err(Error::io("ioctl(SIOCGIFFLAGS)", e));
    }
    // SAFETY: SIOCGIFFLAGS filled the flags member of the union.
    let flags = unsafe { req.ifr_ifru.ifru_flags } as u16 as u32;
    let flags = if on {
        flags | IFF_PROMISC
    } else {
        flags & !IFF_PROMISC
    };
    req.ifr_ifru.ifru_flags = flags as u16 as libc::c_short;
    // SAFETY: req is a live ifreq with the name and the new flags, as SIOCSIFFLAGS expects.
    if unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCSIFFLAGS, &req) } != 0 {
        return Err(
            Error::io("ioctl(SIOCSIFFLAGS)", io::Error::last_os_error()).needing("CAP_NET_ADMIN")
        );
    }
    Ok(())
}

/// `struct ethtool_value`: a command and its one value.
#[repr(C)]
struct EthtoolValue {
    cmd: u32,
    data: u32,
}

/// `ETHTOOL_STXCSUM`: transmit checksum offload.
const ETHTOOL_STXCSUM: u32 = 0x17;
/// `ETHTOOL_SSG`: scatter-gather.
const ETHTOOL_SSG: u32 = 0x19;
/// `ETHTOOL_STSO`: TCP segmentation offload.
const ETHTOOL_STSO: u32 = 0x1f;
/// `ETHTOOL_SGSO`: generic segmentation offload.
const ETHTOOL_SGSO: u32 = 0x24;
/// `ETHTOOL_SGRO`: generic receive offload.
const ETHTOOL_SGRO: u32 = 0x2c;

/// Turns the transmit checksum, scatter-gather, TSO, GSO and GRO offloads of device `name`
/// (in the calling thread's namespace) on or off with the legacy `SIOCETHTOOL` commands, as
/// `ethtool -K NAME tx on|off sg on|off tso on|off gso on|off gro on|off` does. An offload the
/// device does not support (`EOPNOTSUPP`) is skipped. Needs `CAP_NET_ADMIN`.
///
/// With them off on both ends of a veth, every frame crossing it is complete (checksummed)
/// and at most MTU-sized, so a userspace switch can forward what it captures as it is. The
/// legacy `ETHTOOL_STSO` does not reach features newer than it, e.g.
/// `tx-tcp-accecn-segmentation` (kernel 6.18), so `ethtool -k` may still summarise
/// `tcp-segmentation-offload` as on; that is harmless, as such super-frames are also TCPv4 or
/// TCPv6 ones, which the device then no longer takes.
pub fn set_offloads(name: &str, on: bool) -> Result<()> {
    // Off: the dependent features first; on: in the order they depend on each other.
    let mut cmds = [
        ETHTOOL_STXCSUM,
        ETHTOOL_SSG,
        ETHTOOL_STSO,
        ETHTOOL_SGSO,
        ETHTOOL_SGRO,
    ];
    if !on {
        cmds.reverse();
    }
    let fd = socket::inet_dgram()?;
    for cmd in cmds {
        let mut value = EthtoolValue {
            cmd,
            data: u32::from(on),
        };
        let mut req = ifreq(name)?;
        req.ifr_ifru.ifru_data = (&mut value as *mut EthtoolValue).cast();
        // SAFETY: req is a live ifreq with a NUL-terminated name whose data member points at
        // value, a live ethtool_value, as SIOCETHTOOL expects.
        if unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCETHTOOL, &mut req) } != 0 {
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EOPNOTSUPP) => continue,
                Some(libc::ENODEV) => return Err(Error::NoDevice(name.to_string())),
                _ => return Err(Error::io("ioctl(SIOCETHTOOL)", e).needing("CAP_NET_ADMIN")),
            }
        }
    }
    Ok(())
}

/// `ETHTOOL_GLINK`: whether the link is detected (carrier).
const ETHTOOL_GLINK: u32 = 0x0a;

/// `SIOCETHTOOL` with `ETHTOOL_GLINK`: whether device `name` (in the calling thread's
/// namespace) detects a link, as libpcap asks it for `tcpdump -D`'s Connected/Disconnected.
/// `Ok(None)` when the driver cannot tell (`EOPNOTSUPP`, `EINVAL`). Needs no privilege.
pub fn link_detected(name: &str) -> Result<Option<bool>> {
    let fd = socket::inet_dgram()?;
    let mut value = EthtoolValue {
        cmd: ETHTOOL_GLINK,
        data: 0,
    };
    let mut req = ifreq(name)?;
    req.ifr_ifru.ifru_data = (&mut value as *mut EthtoolValue).cast();
    // SAFETY: req is a live ifreq with a NUL-terminated name whose data member points at
    // value, a live ethtool_value, as SIOCETHTOOL expects.
    if unsafe { libc::ioctl(fd.as_raw_fd(), libc::SIOCETHTOOL, &mut req) } != 0 {
        let e = io::Error::last_os_error();
        return match e.raw_os_error() {
            Some(libc::EOPNOTSUPP | libc::EINVAL) => Ok(None),
            Some(libc::ENODEV) => Err(Error::NoDevice(name.to_string())),
            _ => Err(Error::io("ioctl(SIOCETHTOOL)", e)),
        };
    }
    Ok(Some(value.data != 0))
}
