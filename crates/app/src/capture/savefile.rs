//! Opening a savefile to read, as `read -r` and `filter --test` do.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use promisc_savefile::Reader;
use promisc_sys::ErrorKind;

/// Bytes read from a savefile at a time: small enough to stay in the CPU cache between the
/// kernel's copy and the parse (a 1 MiB buffer measured slower).
pub const READ_BUFFER: usize = 128 * 1024;

/// Why a savefile could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The path names a directory.
    #[error("-r {0}: a directory, not a pcap or pcapng file")]
    Directory(String),
    /// The file cannot be opened.
    #[error("cannot open {path}: {error}")]
    Open {
        /// The path.
        path: String,
        /// Why (in the message).
        error: io::Error,
    },
    /// It is not a pcap or pcapng file, or its header is damaged.
    #[error("{path}: {error}")]
    Damaged {
        /// The path.
        path: String,
        /// What the reader found (in the message).
        error: promisc_savefile::Error,
    },
}

impl OpenError {
    /// What kind of failure this is: a path that names no file is a bad argument, a file
    /// that is not a savefile a bad file.
    pub fn kind(&self) -> ErrorKind {
        match self {
            OpenError::Damaged { .. } => ErrorKind::BadFile,
            OpenError::Directory(_) | OpenError::Open { .. } => ErrorKind::Usage,
        }
    }
}

/// Opens `path` (`-` for standard input) for reading packets.
pub fn open(path: &str) -> Result<Reader<Box<dyn Read>>, OpenError> {
    let input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else if Path::new(path).is_dir() {
        return Err(OpenError::Directory(path.to_string()));
    } else {
        Box::new(File::open(path).map_err(|error| OpenError::Open {
            path: path.to_string(),
            error,
        })?)
    };
    Reader::with_buffer_size(input, READ_BUFFER).map_err(|error| OpenError::Damaged {
        path: path.to_string(),
        error,
    })
}
