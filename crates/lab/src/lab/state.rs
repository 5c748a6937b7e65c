//! What a lab leaves on the system between two commands: its directory under [`LAB_DIR`] with
//! its files, and its network namespaces. Which names may name a lab; which directories and
//! files are trusted (a real directory or file, root's, writable by root alone: nobody else
//! can have written what is in them); creating them with their modes whatever the umask; and
//! reading the state file (`lab.json`), which is refused unless it is what `lab up` writes.

use std::fs;
use std::io::{ErrorKind, Read as _, Write as _};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};

use promisc_vswitch::control::RUN_DIR;

use super::topology::{lab_of_namespace, Lab, LAB_DIR};
use super::LabError;

/// The mode of the lab's directories (and of [`LAB_DIR`] and its parent when the lab makes
/// them).
pub const DIR_MODE: u32 = 0o755;
/// The mode of the lab's files, the vmnet device's excepted.
pub const FILE_MODE: u32 = 0o644;
/// The mode of the lab's vmnet device (Workstation's: root's, 0600).
pub const VMNET_MODE: u32 = 0o600;
/// The state file's name in the lab's directory.
pub const STATE_FILE: &str = "lab.json";
/// The largest state file read.
const STATE_MAX: u64 = 1 << 20;

/// Whether `name` may name a lab: 1 to 20 letters, digits or `-` (namespace names stay under
/// 40 characters, and the lab's directory stays in [`LAB_DIR`]).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 20
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `name`, if it may name a lab.
pub fn check_name(name: &str) -> Result<(), LabError> {
    if valid_name(name) {
        Ok(())
    } else {
        Err(LabError::BadName(name.to_string()))
    }
}

/// The directory of lab `name` (a valid name: it stays in [`LAB_DIR`]).
pub fn dir_of(name: &str) -> String {
    format!("{LAB_DIR}/{name}")
}

/// Why the metadata `m` (of `lstat`) of a directory is not to be trusted, if it is not.
fn distrust(m: &fs::Metadata, dir: bool) -> Option<String> {
    let t = m.file_type();
    if t.is_symlink() {
        return Some("is a symbolic link".into());
    }
    if dir && !t.is_dir() {
        return Some("is not a directory".into());
    }
    if !dir && !t.is_file() {
        return Some("is not a regular file".into());
    }
    if m.uid() != 0 {
        return Some(format!("belongs to uid {}, not root", m.uid()));
    }
    if m.mode() & 0o022 != 0 {
        return Some(format!(
            "is writable by {} (mode {:04o})",
            if m.mode() & 0o002 != 0 {
                "anyone"
            } else {
                "its group"
            },
            m.mode() & 0o7777
        ));
    }
    None
}

/// `path` (a directory, or a file when `dir` is false) if it exists and is trusted.
fn trusted(path: &str, dir: bool) -> Result<(), LabError> {
    let m = fs::symlink_metadata(path).map_err(|source| LabError::File {
        path: path.to_string(),
        source,
    })?;
    match distrust(&m, dir) {
        None => Ok(()),
        Some(why) => Err(LabError::Untrusted {
            path: path.to_string(),
            why,
        }),
    }
}

/// Whether the directory of lab `name` and those above it are trusted: then the pid files in
/// it are the lab's own (`lab down` signals no process on the word of other files).
pub(crate) fn trusted_lab_dir(name: &str) -> Result<(), LabError> {
    for d in [RUN_DIR, LAB_DIR, &dir_of(name)] {
        trusted(d, true)?;
    }
    Ok(())
}

/// Makes `path` with mode [`DIR_MODE`] whatever the umask, if it is missing.
fn make_dir_if_missing(path: &str) -> Result<(), LabError> {
    let err = |source| LabError::File {
        path: path.to_string(),
        source,
    };
    match fs::DirBuilder::new().mode(DIR_MODE).create(path) {
        Ok(()) => fs::set_permissions(path, fs::Permissions::from_mode(DIR_MODE)).map_err(err),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(err(e)),
    }
}

/// Makes the directory of lab `name`, mode [`DIR_MODE`], and [`LAB_DIR`] and its parent when
/// missing. The directories above must be trusted; the lab's must not exist yet.
pub(crate) fn make_lab_dir(name: &str) -> Result<String, LabError> {
    for d in [RUN_DIR, LAB_DIR] {
        make_dir_if_missing(d)?;
        trusted(d, true)?;
    }
    let dir = dir_of(name);
    match fs::DirBuilder::new().mode(DIR_MODE).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            return Err(LabError::Exists(name.to_string()))
        }
        Err(source) => return Err(LabError::File { path: dir, source }),
    }
    fs::set_permissions(&dir, fs::Permissions::from_mode(DIR_MODE)).map_err(|source| {
        LabError::File {
            path: dir.clone(),
            source,
        }
    })?;
    Ok(dir)
}

/// Creates the file `path` (it must not exist: no link is followed) with `mode` whatever the
/// umask, and writes `contents`. Returns it open for writing.
pub(crate) fn create(path: &str, mode: u32, contents: &[u8]) -> Result<fs::File, LabError> {
    let err = |source| LabError::File {
        path: path.to_string(),
        source,
    };
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(err)?;
    f.set_permissions(fs::Permissions::from_mode(mode))
        .map_err(err)?;
    f.write_all(contents).map_err(err)?;
    Ok(f)
}

/// The named network namespaces (`/run/netns`).
pub(crate) fn netns_list() -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir("/run/netns")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    v.sort();
    v
}

/// The namespaces of lab `name` that exist, whatever made them: `promisc-lab-NAME-HOST` for
/// each HOST of [`super::topology::NS_HOSTS`], and only those (another lab's name may start with this one's).
pub(crate) fn namespaces_of(name: &str) -> Vec<String> {
    netns_list()
        .into_iter()
        .filter(|n| lab_of_namespace(n) == Some(name))
        .collect()
}

/// The names under [`LAB_DIR`] that may name a lab and are directories.
fn lab_dirs() -> Vec<String> {
    fs::read_dir(LAB_DIR)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| valid_name(n))
        .collect()
}

/// The labs that exist: directories under [`LAB_DIR`] with a state file.
pub fn existing() -> Vec<String> {
    let mut v: Vec<String> = lab_dirs()
        .into_iter()
        .filter(|n| fs::symlink_metadata(format!("{}/{STATE_FILE}", dir_of(n))).is_ok())
        .collect();
    v.sort();
    v
}

/// Every lab of which anything is left: a directory under [`LAB_DIR`] (with a state file or
/// not) or a namespace.
pub(crate) fn anything_left() -> Vec<String> {
    let mut v = lab_dirs();
    v.extend(
        netns_list()
            .iter()
            .filter_map(|n| lab_of_namespace(n))
            .filter(|n| valid_name(n))
            .map(str::to_string),
    );
    v.sort();
    v.dedup();
    v
}

/// Whether anything of lab `name` is left: its directory or a namespace.
pub(crate) fn left(name: &str) -> bool {
    fs::symlink_metadata(dir_of(name)).is_ok() || !namespaces_of(name).is_empty()
}

/// The state of lab `name` (a valid name), read from its trusted directory and checked to be
/// what `lab up` writes ([`Lab::check`]).
pub(crate) fn read(name: &str) -> Result<Lab, LabError> {
    let dir = dir_of(name);
    let path = format!("{dir}/{STATE_FILE}");
    match fs::symlink_metadata(&path) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound && left(name) => {
            return Err(LabError::Incomplete(name.to_string()))
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            let labs = existing();
            return Err(LabError::NotFound {
                name: name.to_string(),
                existing: if labs.is_empty() {
                    "none".into()
                } else {
                    labs.join(", ")
                },
            });
        }
        Err(source) => return Err(LabError::File { path, source }),
    }
    trusted_lab_dir(name)?;
    trusted(&path, false)?;
    let mut text = String::new();
    fs::File::open(&path)
        .and_then(|f| f.take(STATE_MAX).read_to_string(&mut text))
        .map_err(|source| LabError::File {
            path: path.clone(),
            source,
        })?;
    let lab: Lab = serde_json::from_str(&text).map_err(|e| LabError::BadState {
        path: path.clone(),
        name: name.to_string(),
        detail: e.to_string(),
    })?;
    lab.check(name).map_err(|detail| LabError::BadState {
        path,
        name: name.to_string(),
        detail,
    })?;
    Ok(lab)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_in_the_lab_directory() {
        for ok in ["nested", "a", "t123-remains", "A-9", "abcdefghijklmnopqrst"] {
            assert!(valid_name(ok), "{ok}");
            assert_eq!(dir_of(ok), format!("/run/promisc/lab/{ok}"));
        }
        for bad in [
            "",
            ".",
            "..",
            "../x",
            "a/b",
            "/tmp",
            "a b",
            "a\0b",
            "ü",
            "abcdefghijklmnopqrstu",
        ] {
            assert!(!valid_name(bad), "{bad:?}");
            assert!(matches!(check_name(bad), Err(LabError::BadName(_))));
        }
    }

    #[test]
    fn only_what_root_alone_can_write_is_trusted() {
        let dir = std::env::temp_dir().join(format!("promisc-lab-state-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir).unwrap();
        let p = |n: &str| dir.join(n).to_string_lossy().into_owned();
        let root = promisc_sys::user::euid() == 0;
        let f = create(&p("f"), FILE_MODE, b"x").unwrap();
        drop(f);
        assert_eq!(
            fs::metadata(p("f")).unwrap().permissions().mode() & 0o7777,
            FILE_MODE
        );
        assert!(
            matches!(create(&p("f"), FILE_MODE, b"x"), Err(LabError::File { .. })),
            "an existing file is not written"
        );
        std::os::unix::fs::symlink(p("f"), p("link")).unwrap();
        let why = |path: &str, dir: bool| match trusted(path, dir) {
            Err(LabError::Untrusted { why, .. }) => why,
            other => format!("{other:?}"),
        };
        assert_eq!(why(&p("link"), false), "is a symbolic link");
        assert_eq!(why(&p("f"), true), "is not a directory");
        if root {
            assert!(trusted(&p("f"), false).is_ok());
            fs::set_permissions(p("f"), fs::Permissions::from_mode(0o666)).unwrap();
            assert_eq!(why(&p("f"), false), "is writable by anyone (mode 0666)");
            fs::set_permissions(p("f"), fs::Permissions::from_mode(0o664)).unwrap();
            assert_eq!(why(&p("f"), false), "is writable by its group (mode 0664)");
        } else {
            assert!(why(&p("f"), false).contains("not root"));
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
