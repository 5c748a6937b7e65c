//! Sending watch events to systemd-journald or a syslog daemon (issue #23 §3): the bytes are
//! `promisc_state::eventlog`'s, the sockets std's datagram sockets.
//!
//! - The journal: its native socket ([`JOURNAL_SOCKET`]), one datagram per entry. Used when
//!   asked (`--log journal`) or, with `--log auto`, when standard error is connected to the
//!   journal: `$JOURNAL_STREAM` names its device and inode ([`stderr_is_journal`]), as
//!   systemd.exec(5) tells services to check before they upgrade to the native protocol.
//! - Syslog: RFC 5424 lines to a Unix datagram socket ([`SYSLOG_SOCKET`] by default) or over
//!   UDP.
//!
//! A socket that cannot be reached at the start is an error that names it and the fix; one
//! that fails later (the daemon restarted) is connected again at the next event, and the
//! failure is told once until a send succeeds.

use std::io;
use std::net::{ToSocketAddrs, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;

use promisc_state::eventlog::{journal, syslog};
use promisc_state::watch::Event;
use promisc_sys::ErrorKind;

/// journald's native protocol socket.
pub const JOURNAL_SOCKET: &str = "/run/systemd/journal/socket";
/// The local syslog socket.
pub const SYSLOG_SOCKET: &str = "/dev/log";

/// Where events go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// journald's native socket at this path.
    Journal(PathBuf),
    /// RFC 5424 lines to a Unix datagram socket.
    SyslogUnix(PathBuf),
    /// RFC 5424 lines over UDP to `HOST:PORT`.
    SyslogUdp(String),
}

impl Target {
    /// `--syslog`'s address: a path (`/dev/log`, `unix:/run/x.sock`) or `udp:HOST:PORT`
    /// (`udp:[2001:db8::1]:514`).
    pub fn syslog(addr: &str) -> Result<Target, String> {
        if let Some(hp) = addr.strip_prefix("udp:") {
            let ok = hp
                .rsplit_once(':')
                .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p != 0));
            if !ok {
                return Err("give udp:HOST:PORT (udp:192.0.2.1:514, udp:[2001:db8::1]:514)".into());
            }
            return Ok(Target::SyslogUdp(hp.to_string()));
        }
        let path = addr.strip_prefix("unix:").unwrap_or(addr);
        if !path.starts_with('/') {
            return Err(
                "give an absolute socket path (/dev/log, unix:/run/syslog.sock) or udp:HOST:PORT"
                    .into(),
            );
        }
        Ok(Target::SyslogUnix(PathBuf::from(path)))
    }

    /// How the flags name it: `--log journal:PATH`, `--syslog=ADDR`.
    pub fn describe(&self) -> String {
        match self {
            Target::Journal(p) => format!("the journal ({})", p.display()),
            Target::SyslogUnix(p) => format!("syslog ({})", p.display()),
            Target::SyslogUdp(a) => format!("syslog (udp:{a})"),
        }
    }
}

/// What to log to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The targets, each sent every event.
    pub targets: Vec<Target>,
    /// The syslog facility (also the journal's `SYSLOG_FACILITY`).
    pub facility: u8,
}

/// A target that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("cannot log to {target}: {source}{hint}")]
pub struct Error {
    /// The target, described.
    pub target: String,
    /// Why.
    pub source: io::Error,
    /// What to do, starting with `; `.
    pub hint: String,
}

impl Error {
    /// What kind of failure this is: a name that does not resolve is a usage error, a socket
    /// that refuses us a permission one, the rest system errors.
    pub fn kind(&self) -> ErrorKind {
        match self.source.kind() {
            io::ErrorKind::InvalidInput => ErrorKind::Usage,
            io::ErrorKind::PermissionDenied => ErrorKind::Permission { capability: None },
            _ => ErrorKind::System,
        }
    }
}

/// The fix for a socket that cannot be reached.
fn hint(target: &Target, e: &io::Error) -> String {
    let why = match e.kind() {
        io::ErrorKind::NotFound => "there is no such socket",
        io::ErrorKind::ConnectionRefused => "nothing listens on it",
        _ if promisc_sys::error::is_wrong_socket_type(e) => {
            return "; it is not a datagram socket: have the daemon read datagrams there".into()
        }
        _ => return String::new(),
    };
    match target {
        Target::Journal(_) => format!(
            "; {why}: systemd-journald does not run here (start it: systemctl start \
             systemd-journald), or log to a syslog daemon with --syslog"
        ),
        Target::SyslogUnix(_) => format!(
            "; {why}: no syslog daemon reads it (start rsyslog, syslog-ng or journald, whose \
             /dev/log takes it), or name another with --syslog=PATH or --syslog=udp:HOST:PORT"
        ),
        Target::SyslogUdp(_) => String::new(),
    }
}

/// Whether standard error is connected to the journal: `$JOURNAL_STREAM` (`DEVICE:INODE`, set
/// by systemd for a service whose output goes to the journal) names standard error's device
/// and inode.
pub fn stderr_is_journal() -> bool {
    fd_is_journal(2)
}

/// Whether standard output is connected to the journal (see [`stderr_is_journal`]).
pub fn stdout_is_journal() -> bool {
    fd_is_journal(1)
}

fn fd_is_journal(fd: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(v) = std::env::var("JOURNAL_STREAM") else {
        return false;
    };
    let Some((dev, ino)) = v.split_once(':') else {
        return false;
    };
    let (Ok(dev), Ok(ino)) = (dev.parse::<u64>(), ino.parse::<u64>()) else {
        return false;
    };
    std::fs::metadata(format!("/proc/self/fd/{fd}")).is_ok_and(|m| m.dev() == dev && m.ino() == ino)
}

enum Socket {
    Unix(UnixDatagram),
    Udp(UdpSocket),
}

struct Sink {
    target: Target,
    socket: Socket,
    failing: bool,
}

fn connect(target: &Target) -> Result<Socket, Error> {
    let fail = |source: io::Error| Error {
        target: target.describe(),
        hint: hint(target, &source),
        source,
    };
    match target {
        Target::Journal(p) | Target::SyslogUnix(p) => {
            let s = UnixDatagram::unbound().map_err(fail)?;
            s.connect(p).map_err(fail)?;
            Ok(Socket::Unix(s))
        }
        Target::SyslogUdp(a) => {
            let addr = a
                .to_socket_addrs()
                .map_err(|e| fail(io::Error::new(io::ErrorKind::InvalidInput, e)))?
                .next()
                .ok_or_else(|| {
                    fail(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("`{a}` has no address"),
                    ))
                })?;
            let local: std::net::SocketAddr = if addr.is_ipv6() {
                (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
            } else {
                (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
            };
            let s = UdpSocket::bind(local).map_err(fail)?;
            s.connect(addr).map_err(fail)?;
            Ok(Socket::Udp(s))
        }
    }
}

impl Socket {
    fn send(&self, b: &[u8], journal: bool) -> io::Result<()> {
        match self {
            Socket::Unix(s) if journal => send_journal(s, b),
            Socket::Unix(s) => s.send(b).map(drop),
            Socket::Udp(s) => s.send(b).map(drop),
        }
    }
}

/// Sends a journal entry: one datagram, or, when it is too large for one (`EMSGSIZE`), a
/// sealed memory file holding it, as the native protocol allows.
fn send_journal(s: &UnixDatagram, entry: &[u8]) -> io::Result<()> {
    use std::os::fd::AsFd;
    match s.send(entry) {
        Ok(_) => Ok(()),
        Err(e) if promisc_sys::error::is_message_too_large(&e) => {
            promisc_sys::memfd::send_sealed(s.as_fd(), c"promisc-journal-entry", entry)
        }
        Err(e) => Err(e),
    }
}

/// The open targets.
pub struct Logger {
    sinks: Vec<Sink>,
    facility: u8,
    hostname: String,
    procid: u32,
}

/// This machine's host name (`/proc/sys/kernel/hostname`), `-` when unreadable.
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "-".into())
}

impl Logger {
    /// Connects to every target: the first that cannot be reached is the error.
    pub fn open(o: &Options) -> Result<Logger, Error> {
        let mut sinks = Vec::new();
        for t in &o.targets {
            sinks.push(Sink {
                socket: connect(t)?,
                target: t.clone(),
                failing: false,
            });
        }
        Ok(Logger {
            sinks,
            facility: o.facility,
            hostname: hostname(),
            procid: std::process::id(),
        })
    }

    /// Whether it logs anywhere.
    pub fn is_empty(&self) -> bool {
        self.sinks.is_empty()
    }

    /// Whether it logs to the journal.
    pub fn to_journal(&self) -> bool {
        self.sinks
            .iter()
            .any(|s| matches!(s.target, Target::Journal(_)))
    }

    /// Sends `ev` to every target; returns the warnings to show: a target that failed (once,
    /// until it works again) and one that works again.
    pub fn log(&mut self, ev: &Event) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.sinks.is_empty() {
            return warnings;
        }
        let (journal_entry, syslog_line) = (
            journal::entry(ev, self.facility),
            syslog::line(
                ev,
                &syslog::Header {
                    facility: self.facility,
                    hostname: &self.hostname,
                    procid: self.procid,
                },
            ),
        );
        for sink in &mut self.sinks {
            let journal = matches!(sink.target, Target::Journal(_));
            let bytes = if journal {
                journal_entry.as_slice()
            } else {
                syslog_line.as_bytes()
            };
            let mut r = sink.socket.send(bytes, journal);
            if r.is_err() {
                // The daemon may have restarted: its socket is a new one.
                if let Ok(s) = connect(&sink.target) {
                    sink.socket = s;
                    r = sink.socket.send(bytes, journal);
                }
            }
            match r {
                Ok(_) if sink.failing => {
                    sink.failing = false;
                    warnings.push(format!("logging to {} works again", sink.target.describe()));
                }
                Ok(_) => {}
                Err(e) if !sink.failing => {
                    sink.failing = true;
                    warnings.push(format!(
                        "cannot log to {}: {e}{} (events are not logged there until it works again)",
                        sink.target.describe(),
                        hint(&sink.target, &e)
                    ));
                }
                Err(_) => {}
            }
        }
        warnings
    }
}

/// The journal's socket for `--log journal` and `--log auto`: `$PROMISC_JOURNAL_SOCKET` when
/// set (a test's recorder, a journal namespace's socket), else [`JOURNAL_SOCKET`].
pub fn journal_socket() -> PathBuf {
    std::env::var_os("PROMISC_JOURNAL_SOCKET")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from(JOURNAL_SOCKET), PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syslog_addresses() {
        assert_eq!(
            Target::syslog("/dev/log"),
            Ok(Target::SyslogUnix("/dev/log".into()))
        );
        assert_eq!(
            Target::syslog("unix:/run/s.sock"),
            Ok(Target::SyslogUnix("/run/s.sock".into()))
        );
        assert_eq!(
            Target::syslog("udp:192.0.2.1:514"),
            Ok(Target::SyslogUdp("192.0.2.1:514".into()))
        );
        assert_eq!(
            Target::syslog("udp:[2001:db8::1]:514"),
            Ok(Target::SyslogUdp("[2001:db8::1]:514".into()))
        );
        for bad in [
            "udp:host",
            "udp::514",
            "udp:h:0",
            "udp:h:99999",
            "dev/log",
            "unix:rel",
            "",
        ] {
            assert!(Target::syslog(bad).is_err(), "{bad}");
        }
    }

    /// An entry too large for a datagram arrives as an empty datagram with a descriptor;
    /// a small one as itself.
    #[test]
    fn a_large_journal_entry_goes_as_a_memory_file() {
        let dir = std::env::temp_dir().join(format!("promisc-eventlog-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("journal");
        let rx = UnixDatagram::bind(&path).unwrap();
        let tx = UnixDatagram::unbound().unwrap();
        tx.connect(&path).unwrap();
        send_journal(&tx, b"MESSAGE=small\n").unwrap();
        let mut buf = vec![0u8; 4096];
        let n = rx.recv(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"MESSAGE=small\n");
        let mut big = b"MESSAGE=".to_vec();
        big.extend(std::iter::repeat_n(b'x', 4 << 20));
        big.push(b'\n');
        send_journal(&tx, &big).unwrap();
        // The datagram that carries the descriptor is empty.
        let n = rx.recv(&mut buf).unwrap();
        assert_eq!(n, 0, "an empty datagram with the file");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
