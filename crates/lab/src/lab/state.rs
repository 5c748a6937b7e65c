//! What a lab leaves on the system between two commands: its directory under [`LAB_DIR`] with
//! its files, and its network namespaces. Which names may name a lab, which labs and remains
//! exist, and reading the state file (`lab.json`).

use std::fs;
use std::io::{ErrorKind, Read as _};

use super::topology::{lab_of_namespace, Lab, LAB_DIR};
use super::LabError;

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

/// The state of lab `name` (a valid name).
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
    let mut text = String::new();
    fs::File::open(&path)
        .and_then(|f| f.take(STATE_MAX).read_to_string(&mut text))
        .map_err(|source| LabError::File {
            path: path.clone(),
            source,
        })?;
    serde_json::from_str(&text).map_err(|e| LabError::File {
        path,
        source: std::io::Error::other(e),
    })
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
}
