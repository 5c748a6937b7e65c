//! inotify(7): the names that appear in (or leave) one directory, such as `/run/netns`, where
//! `ip netns add` binds each named network namespace.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::path::Path;

use crate::error::{Error, Result};

/// What one [`DirWatch::read`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirChanges {
    /// Names created in (or moved into) the directory, in order, each once. A directory that
    /// did not exist when the watch began and was created since lists its entries here too.
    pub appeared: Vec<String>,
    /// Names deleted from (or moved out of) the directory.
    pub left: Vec<String>,
    /// Events were lost (`IN_Q_OVERFLOW`), or the directory itself went away: the caller
    /// should list the directory again.
    pub overflow: bool,
}

/// Watches one directory for names appearing and leaving: a non-blocking inotify descriptor
/// with a watch on the directory, or, while it does not exist, on its parent for its
/// creation.
#[derive(Debug)]
pub struct DirWatch {
    fd: OwnedFd,
    dir: String,
    /// The watch descriptor of the directory, once it exists.
    dir_wd: Option<i32>,
    /// The watch descriptor of the parent, while the directory does not exist.
    parent_wd: Option<i32>,
    buf: Vec<u8>,
}

/// What the directory's watch reports.
const DIR_MASK: u32 = libc::IN_CREATE
    | libc::IN_MOVED_TO
    | libc::IN_DELETE
    | libc::IN_MOVED_FROM
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF;
/// What the parent's watch reports (the directory's creation).
const PARENT_MASK: u32 = libc::IN_CREATE | libc::IN_MOVED_TO | libc::IN_ONLYDIR;

impl DirWatch {
    /// `inotify_init1(IN_NONBLOCK | IN_CLOEXEC)` and `inotify_add_watch(2)` on `dir` (created,
    /// deleted, moved names); when `dir` does not exist yet, on its parent for its creation.
    pub fn open(dir: &str) -> Result<Self> {
        // SAFETY: inotify_init1 takes flags and returns a new descriptor or -1.
        let raw = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if raw < 0 {
            return Err(Error::io("inotify_init1", io::Error::last_os_error()));
        }
        // SAFETY: raw is a descriptor we just got and own from here on.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let mut w = DirWatch {
            fd,
            dir: dir.trim_end_matches('/').to_string(),
            dir_wd: None,
            parent_wd: None,
            buf: vec![0; 64 * 1024],
        };
        w.arm()?;
        Ok(w)
    }

    /// The descriptor, for `poll`.
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// Adds the watch on the directory, or on its parent when the directory is missing.
    /// Returns whether the directory is watched.
    fn arm(&mut self) -> Result<bool> {
        match self.add_watch(&self.dir.clone(), DIR_MASK) {
            Ok(wd) => {
                self.dir_wd = Some(wd);
                if let Some(p) = self.parent_wd.take() {
                    // SAFETY: removes a watch of our own descriptor; a stale one is EINVAL.
                    unsafe { libc::inotify_rm_watch(self.fd.as_raw_fd(), p) };
                }
                Ok(true)
            }
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {
                if self.parent_wd.is_none() {
                    let parent = Path::new(&self.dir)
                        .parent()
                        .and_then(|p| p.to_str())
                        .unwrap_or("/")
                        .to_string();
                    let wd = self
                        .add_watch(&parent, PARENT_MASK)
                        .map_err(|e| Error::io("inotify_add_watch", e))?;
                    self.parent_wd = Some(wd);
                    // The directory may have been made between the two calls.
                    if Path::new(&self.dir).is_dir() {
                        return self.arm();
                    }
                }
                Ok(false)
            }
            Err(e) => Err(Error::io("inotify_add_watch", e)),
        }
    }

    fn add_watch(&self, path: &str, mask: u32) -> io::Result<i32> {
        let c = CString::new(path).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
        // SAFETY: c is a NUL-terminated path; the descriptor is our inotify instance.
        let wd = unsafe { libc::inotify_add_watch(self.fd.as_raw_fd(), c.as_ptr(), mask) };
        if wd < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(wd)
        }
    }

    /// `read(2)` until `EAGAIN`: every event queued now (it never blocks).
    pub fn read(&mut self) -> Result<DirChanges> {
        let mut out = DirChanges::default();
        let mut rearm = false;
        loop {
            // SAFETY: buf is live and writable for its length.
            let n = unsafe {
                libc::read(
                    self.fd.as_raw_fd(),
                    self.buf.as_mut_ptr().cast(),
                    self.buf.len(),
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                match e.raw_os_error() {
                    Some(libc::EINTR) => continue,
                    Some(libc::EAGAIN) => break,
                    _ => return Err(Error::io("read(inotify)", e)),
                }
            }
            if n == 0 {
                break;
            }
            let header = std::mem::size_of::<libc::inotify_event>();
            let mut at = 0usize;
            let n = n as usize;
            while at + header <= n {
                // SAFETY: the kernel wrote whole events; the header's bytes are in the buffer
                // (read unaligned, as the buffer is a byte vector).
                let ev: libc::inotify_event = unsafe {
                    std::ptr::read_unaligned(self.buf[at..].as_ptr() as *const libc::inotify_event)
                };
                let len = ev.len as usize;
                let name_bytes = self.buf.get(at + header..at + header + len).unwrap_or(&[]);
                let end = name_bytes.iter().position(|b| *b == 0).unwrap_or(len);
                let name = String::from_utf8_lossy(&name_bytes[..end]).into_owned();
                at += header + len;
                if ev.mask & libc::IN_Q_OVERFLOW != 0 {
                    out.overflow = true;
                    continue;
                }
                if Some(ev.wd) == self.parent_wd {
                    if Path::new(&self.dir).file_name().and_then(|f| f.to_str())
                        == Some(name.as_str())
                    {
                        rearm = true;
                    }
                    continue;
                }
                if Some(ev.wd) != self.dir_wd {
                    continue;
                }
                if ev.mask & (libc::IN_DELETE_SELF | libc::IN_MOVE_SELF | libc::IN_IGNORED) != 0 {
                    self.dir_wd = None;
                    out.overflow = true;
                    rearm = true;
                    continue;
                }
                if name.is_empty() {
                    continue;
                }
                if ev.mask & (libc::IN_CREATE | libc::IN_MOVED_TO) != 0 {
                    out.left.retain(|n| *n != name);
                    if !out.appeared.contains(&name) {
                        out.appeared.push(name);
                    }
                } else if ev.mask & (libc::IN_DELETE | libc::IN_MOVED_FROM) != 0 {
                    out.appeared.retain(|n| *n != name);
                    if !out.left.contains(&name) {
                        out.left.push(name);
                    }
                }
            }
        }
        if rearm && self.dir_wd.is_none() && self.arm()? {
            // Whatever was made in the directory before its watch began.
            if let Ok(dir) = std::fs::read_dir(&self.dir) {
                for e in dir.flatten() {
                    if let Some(name) = e.file_name().to_str() {
                        if !out.appeared.iter().any(|n| n == name) {
                            out.appeared.push(name.to_string());
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir(tag: &str) -> String {
        let d = std::env::temp_dir().join(format!("promisc-inotify-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d.to_str().unwrap().to_string()
    }

    #[test]
    fn names_created_and_deleted_are_reported() {
        let dir = tmpdir("names");
        std::fs::create_dir(&dir).unwrap();
        let mut w = DirWatch::open(&dir).unwrap();
        assert_eq!(w.read().unwrap(), DirChanges::default());
        std::fs::write(format!("{dir}/a"), "").unwrap();
        std::fs::write(format!("{dir}/b"), "").unwrap();
        std::fs::remove_file(format!("{dir}/b")).unwrap();
        std::fs::rename(format!("{dir}/a"), format!("{dir}/c")).unwrap();
        let got = w.read().unwrap();
        assert_eq!(got.appeared, ["c"]);
        assert_eq!(got.left, ["b", "a"]);
        assert!(!got.overflow);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_directory_made_later_is_watched_with_what_it_holds() {
        let dir = tmpdir("later");
        let mut w = DirWatch::open(&dir).unwrap();
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(format!("{dir}/x"), "").unwrap();
        let mut got = w.read().unwrap();
        // The entry may be seen through the scan and not again through the new watch.
        got.appeared.dedup();
        assert_eq!(got.appeared, ["x"]);
        std::fs::write(format!("{dir}/y"), "").unwrap();
        assert_eq!(w.read().unwrap().appeared, ["y"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
