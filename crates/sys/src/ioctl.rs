//! The classic interface ioctls: `SIOCGIFFLAGS` / `SIOCSIFFLAGS`.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use promisc_facts::uapi::IFF_PROMISC;

use crate::error::{Error, Result};

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
    // SAFETY: socket(2) takes no pointers; the result is checked before use.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(Error::io("socket(AF_INET)", io::Error::last_os_error()));
    }
    // SAFETY: fd is a freshly created descriptor that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
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
