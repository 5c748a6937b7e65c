//! Users and time: the password database, the process's ids, switching user (`-Z`), the local
//! UTC offset, local `strftime`.

use std::ffi::{CStr, CString};
use std::io;

use crate::error::{Error, Result};

/// A user account from the password database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// User name.
    pub name: String,
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
}

/// `getpwnam_r`: looks a user up by name (or by a numeric uid given as text).
pub fn lookup_user(name: &str) -> Result<Option<Account>> {
    let c =
        CString::new(name).map_err(|_| Error::io("getpwnam_r", io::Error::other("NUL in name")))?;
    passwd_entry("getpwnam_r", |pwd, buf, result| {
        // SAFETY: every pointer is to a live buffer of the given length; result is checked.
        unsafe { libc::getpwnam_r(c.as_ptr(), pwd, buf.as_mut_ptr(), buf.len(), result) }
    })
}

/// `getpwuid_r`: looks a user up by id.
pub fn lookup_uid(uid: u32) -> Result<Option<Account>> {
    passwd_entry("getpwuid_r", |pwd, buf, result| {
        // SAFETY: every pointer is to a live buffer of the given length; result is checked.
        unsafe { libc::getpwuid_r(uid, pwd, buf.as_mut_ptr(), buf.len(), result) }
    })
}

/// The account `lookup` (`getpwnam_r` or `getpwuid_r`, named by `call`) finds, given a
/// `passwd` to fill, a buffer for its strings and where to say whether it found one.
fn passwd_entry(
    call: &'static str,
    lookup: impl FnOnce(&mut libc::passwd, &mut [libc::c_char], &mut *mut libc::passwd) -> i32,
) -> Result<Option<Account>> {
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: passwd is plain data; zeroed is valid and the lookup fills it.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    let rc = lookup(&mut pwd, &mut buf, &mut result);
    if rc != 0 {
        return Err(Error::io(call, io::Error::from_raw_os_error(rc)));
    }
    if result.is_null() {
        return Ok(None);
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside buf.
    let name = unsafe { CStr::from_ptr(pwd.pw_name) }
        .to_string_lossy()
        .into_owned();
    Ok(Some(Account {
        name,
        uid: pwd.pw_uid,
        gid: pwd.pw_gid,
    }))
}

/// `getgrouplist(3)`: the ids of every group `account` belongs to, its primary group
/// included, as `initgroups` would set them.
pub fn groups_of(account: &Account) -> Result<Vec<u32>> {
    grouplist(account, 32)
}

/// [`groups_of`], starting with room for `room` groups.
fn grouplist(account: &Account, room: usize) -> Result<Vec<u32>> {
    let name = CString::new(account.name.as_str())
        .map_err(|_| Error::io("getgrouplist", io::Error::other("NUL in name")))?;
    let mut groups: Vec<libc::gid_t> = vec![0; room];
    loop {
        let mut n = groups.len() as libc::c_int;
        // SAFETY: name is NUL-terminated; groups is a live, writable array of n gids.
        let rc =
            unsafe { libc::getgrouplist(name.as_ptr(), account.gid, groups.as_mut_ptr(), &mut n) };
        let n = usize::try_from(n).unwrap_or(0);
        if rc >= 0 {
            groups.truncate(n);
            return Ok(groups);
        }
        // Too small: n is the count needed (glibc), or unchanged (other libcs): grow.
        let want = n.max(groups.len() * 2).max(1);
        if want > 1 << 20 {
            return Err(Error::io(
                "getgrouplist",
                io::Error::other("more than 2^20 groups"),
            ));
        }
        groups.resize(want, 0);
    }
}

/// `initgroups`, `setgid`, `setuid`: switches the process to `account` (leaving uid 0 clears
/// the capability sets), then checks that uid 0 cannot be regained. Needs `CAP_SETGID` and
/// `CAP_SETUID`; [`crate::caps::relinquish`] calls it between the bounding set, which it
/// shrinks first, and the other sets.
pub fn drop_privileges(account: &Account) -> Result<()> {
    let name = CString::new(account.name.as_str())
        .map_err(|_| Error::io("initgroups", io::Error::other("NUL in name")))?;
    // SAFETY: name is NUL-terminated and live for the call; the gid is a plain integer.
    if unsafe { libc::initgroups(name.as_ptr(), account.gid) } != 0 {
        return Err(Error::io("initgroups", io::Error::last_os_error()));
    }
    // SAFETY: setgid(2) takes a plain integer.
    if unsafe { libc::setgid(account.gid) } != 0 {
        return Err(Error::io("setgid", io::Error::last_os_error()));
    }
    // SAFETY: setuid(2) takes a plain integer.
    if unsafe { libc::setuid(account.uid) } != 0 {
        return Err(Error::io("setuid", io::Error::last_os_error()));
    }
    // SAFETY: setuid(2) takes a plain integer; this one is expected to fail.
    if account.uid != 0 && unsafe { libc::setuid(0) } == 0 {
        return Err(Error::io(
            "setuid",
            io::Error::other("could regain uid 0 after dropping privileges"),
        ));
    }
    Ok(())
}

/// `localtime_r`: the local time zone's offset from UTC, in seconds, at `unix_secs`.
pub fn utc_offset(unix_secs: i64) -> i32 {
    let t = unix_secs as libc::time_t;
    // SAFETY: tm is plain data; zeroed is valid and localtime_r fills it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: t and tm are live for the call.
    let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
    if ok {
        tm.tm_gmtoff as i32
    } else {
        0
    }
}

extern "C" {
    /// `tzset(3)` (POSIX; the libc crate does not declare it): reads `TZ` again.
    fn tzset();
}

/// `localtime_r` + `strftime(3)`: `pattern` expanded for the instant `unix_secs` in the local
/// time zone (`TZ`, else /etc/localtime), every conversion the C library knows (`%Z`, `%z`,
/// `%a`, `%j`, ...), as tcpdump names its `-G` files. `None` when the pattern holds a NUL byte
/// or the time cannot be converted.
pub fn strftime_local(pattern: &str, unix_secs: i64) -> Option<String> {
    // A trailing space, cut off below, tells an empty expansion from a buffer too small (both
    // make strftime return 0).
    let c = CString::new(format!("{pattern} ")).ok()?;
    let t = libc::time_t::try_from(unix_secs).ok()?;
    // SAFETY: tzset takes no arguments; it reads TZ so that localtime_r follows it.
    unsafe { tzset() };
    // SAFETY: tm is plain data; zeroed is valid and localtime_r fills it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: t and tm are live for the call.
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        return None;
    }
    let mut room = 256usize.max(pattern.len() * 4);
    while room <= 1 << 20 {
        let mut buf = vec![0u8; room];
        // SAFETY: buf is writable for room bytes, c is NUL-terminated, tm was filled above.
        let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), room, c.as_ptr(), &tm) };
        if n > 0 {
            buf.truncate(n - 1);
            return Some(String::from_utf8_lossy(&buf).into_owned());
        }
        room *= 4;
    }
    None
}

/// `geteuid(2)`: the effective user id of the process.
pub fn euid() -> u32 {
    // SAFETY: geteuid takes no arguments and cannot fail.
    unsafe { libc::geteuid() }
}

/// The real and effective user and group ids of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ids {
    /// Real user id.
    pub uid: u32,
    /// Effective user id.
    pub euid: u32,
    /// Real group id.
    pub gid: u32,
    /// Effective group id.
    pub egid: u32,
}

impl Ids {
    /// Whether the process already runs as `account` (real and effective ids both its own):
    /// switching to it would change no id.
    pub fn are(&self, account: &Account) -> bool {
        self.uid == account.uid
            && self.euid == account.uid
            && self.gid == account.gid
            && self.egid == account.gid
    }
}

/// `getuid(2)`, `geteuid(2)`, `getgid(2)` and `getegid(2)`: the process's ids.
pub fn ids() -> Ids {
    Ids {
        // SAFETY: getuid takes no arguments and cannot fail.
        uid: unsafe { libc::getuid() },
        euid: euid(),
        // SAFETY: getgid takes no arguments and cannot fail.
        gid: unsafe { libc::getgid() },
        // SAFETY: getegid takes no arguments and cannot fail.
        egid: unsafe { libc::getegid() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_by_name_and_by_id() {
        let root = lookup_user("root").unwrap().expect("a root account");
        assert_eq!(lookup_uid(root.uid).unwrap(), Some(root.clone()));
        assert_eq!(lookup_user("no such user here").unwrap(), None);
        let me = ids();
        assert_eq!(
            me.are(&root),
            me.uid == 0 && me.euid == 0 && me.gid == 0 && me.egid == 0
        );
    }

    #[test]
    fn grouplist_grows_from_no_room() {
        let root = lookup_user("root").unwrap().expect("a root account");
        let grown = grouplist(&root, 0).unwrap();
        assert!(grown.contains(&0), "{grown:?}");
        assert_eq!(grown, groups_of(&root).unwrap());
    }

    #[test]
    fn strftime_expands_and_keeps_empty_results() {
        assert_eq!(strftime_local("", 0).as_deref(), Some(""));
        assert_eq!(strftime_local("%%", 0).as_deref(), Some("%"));
        let long = "%Y".repeat(500);
        let year = strftime_local("%Y", 1_000_000_000).expect("a year");
        assert_eq!(strftime_local(&long, 1_000_000_000), Some(year.repeat(500)));
        assert_eq!(strftime_local("a\0b", 0), None);
    }
}
