//! Temporary directories.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static DIRS: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory under /tmp (world-searchable, so a child that dropped its privileges can
/// still reach it), removed with its content on drop. Its name holds the process id, a counter
/// and `short`, so tests running at the same time never share one.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates the directory.
    pub fn new(short: &str) -> TempDir {
        let path = PathBuf::from(format!(
            "/tmp/promisc-test-{}-{}-{short}",
            std::process::id(),
            DIRS.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("mkdir {path:?}: {e}"));
        TempDir { path }
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.path
    }

    /// The path of `name` in the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// The path of `name` in the directory, as a string (for command lines).
    pub fn file(&self, name: &str) -> String {
        self.path(name).to_str().expect("utf-8 path").to_string()
    }

    /// The directory, as a string.
    pub fn dir(&self) -> String {
        self.path.to_str().expect("utf-8 path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
