//! The client side of a switch's control socket.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use promisc_vswitch::control::{self, Request, Response};

/// How long a request may take.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No switch of that name is running (or the socket cannot be opened).
    #[error("cannot reach switch `{name}` at {path}: {source} (is `promisc vswitch run` running? switches running: {running})")]
    Connect {
        /// Switch name.
        name: String,
        /// Socket path.
        path: String,
        /// The OS error.
        source: std::io::Error,
        /// The switches whose sockets exist.
        running: String,
    },
    /// The exchange failed midway.
    #[error("switch `{name}`: {source}")]
    Io {
        /// Switch name.
        name: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The answer is not JSON of the protocol.
    #[error("switch `{name}` answered something that is not its protocol: {detail}")]
    Protocol {
        /// Switch name.
        name: String,
        /// What did not parse.
        detail: String,
    },
}

impl ClientError {
    /// What kind of failure this is: a control socket the caller may not open is a missing
    /// privilege (it is its owner's, normally root's), anything else a system error.
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        match self {
            ClientError::Connect { source, .. } | ClientError::Io { source, .. }
                if source.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                promisc_sys::ErrorKind::Permission { capability: None }
            }
            _ => promisc_sys::ErrorKind::System,
        }
    }
}

/// The names of the switches whose control sockets exist in the run directory.
pub fn running() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(control::RUN_DIR)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().into_string().ok()?;
            Some(
                n.strip_prefix("vswitch-")?
                    .strip_suffix(".sock")?
                    .to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Sends one request to switch `name` and returns its answer.
pub fn request(name: &str, req: &Request) -> Result<Response, ClientError> {
    let path = control::socket_path(name);
    let io = |source| ClientError::Io {
        name: name.to_string(),
        source,
    };
    let mut s = UnixStream::connect(&path).map_err(|source| {
        let r = running();
        ClientError::Connect {
            name: name.to_string(),
            path: path.clone(),
            source,
            running: if r.is_empty() {
                "none".into()
            } else {
                r.join(", ")
            },
        }
    })?;
    s.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
    s.set_write_timeout(Some(TIMEOUT)).map_err(io)?;
    let mut line = serde_json::to_string(req).expect("requests serialize");
    line.push('\n');
    s.write_all(line.as_bytes()).map_err(io)?;
    let mut answer = String::new();
    BufReader::new(&s).read_line(&mut answer).map_err(io)?;
    serde_json::from_str(&answer).map_err(|e| ClientError::Protocol {
        name: name.to_string(),
        detail: e.to_string(),
    })
}
