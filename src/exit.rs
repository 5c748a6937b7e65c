//! Exit codes, and turning errors into a message and a code. Documented in `promisc --help`.
//!
//! Every library error says what kind of failure it is (`kind()`, a [`Kind`]); [`code`] is the
//! one place a kind becomes an exit code, and [`kind_of`] the one place an error's kind is
//! found.

use std::io;
use std::process::ExitCode;

pub use promisc_app::ErrorKind as Kind;

/// Success.
pub const OK: u8 = 0;
/// `status --check` (or `detect --check`) found what no rule allows.
pub const CHECK_FAILED: u8 = 1;
/// Bad arguments (clap uses 2 as well).
pub const USAGE: u8 = 2;
/// No such interface.
pub const NO_INTERFACE: u8 = 3;
/// Missing privilege.
pub const PERMISSION: u8 = 4;
/// Any other system error.
pub const SYSTEM: u8 = 5;
/// A savefile is damaged, truncated or not a savefile.
pub const BAD_FILE: u8 = 6;
/// Every interface of a capture was deleted while it ran (the file keeps what was captured).
pub const INTERFACE_GONE: u8 = 7;
/// A signal ended the run before it was done (128 + SIGINT, as shells report it); what the
/// command had changed was restored.
pub const INTERRUPTED: u8 = 130;

/// The exit code of a failure of `kind`.
pub fn code(kind: Kind) -> u8 {
    match kind {
        Kind::Usage => USAGE,
        Kind::NoInterface => NO_INTERFACE,
        Kind::Permission { .. } => PERMISSION,
        Kind::System => SYSTEM,
        Kind::BadFile => BAD_FILE,
        Kind::InterfaceGone => INTERFACE_GONE,
        Kind::Interrupted => INTERRUPTED,
    }
}

/// An error of the binary's own (a flag, a file a flag names), whose message is complete.
#[derive(Debug)]
pub struct Failure {
    /// What kind of failure.
    pub kind: Kind,
    /// What went wrong and how to fix it.
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// A [`Failure`] of `kind` with `message`, as an `anyhow::Error`.
pub fn fail(kind: Kind, message: impl Into<String>) -> anyhow::Error {
    Failure {
        kind,
        message: message.into(),
    }
    .into()
}

/// The kind of the first error in `err`'s chain that knows its kind (a library wraps the errors
/// it passes on, and each wrapper answers for what it wraps); a system error otherwise.
pub fn kind_of(err: &anyhow::Error) -> Kind {
    err.chain().find_map(kind_of_one).unwrap_or(Kind::System)
}

/// The kind `e` says it is, if it is one of the library errors that say.
fn kind_of_one(e: &(dyn std::error::Error + 'static)) -> Option<Kind> {
    use promisc_app as app;
    macro_rules! kinds {
        ($($t:ty),* $(,)?) => {
            $(if let Some(e) = e.downcast_ref::<$t>() {
                return Some(e.kind());
            })*
        };
    }
    if let Some(f) = e.downcast_ref::<Failure>() {
        return Some(f.kind);
    }
    if e.downcast_ref::<app::capture::filter::FilterError>()
        .is_some()
    {
        return Some(Kind::Usage);
    }
    kinds!(
        app::UnknownInterface,
        app::status::Error,
        app::netns::Error,
        app::control::Error,
        app::capture::Error,
        app::capture::savefile::OpenError,
        app::watch::Error,
        app::eventlog::Error,
        app::doctor::Error,
        app::detect::Error,
        promisc_vswitchd::switchd::RunError,
        promisc_vswitchd::client::ClientError,
        promisc_lab::lab::LabError,
        promisc_exporter::Error,
    );
    None
}

/// The message of `err` and of each error it wraps, joined by `: ` (as anyhow's `{:#}`), each
/// cause left out when the message already says it (many errors name their cause in their
/// own message).
pub fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.is_empty() {
            text = part;
        } else if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
    }
    text
}

/// What to do about a missing `capability`: run as root, and for the two capabilities the
/// Debian package's group gives, join that group (the README's Permissions part).
pub fn permission_hint(capability: &str) -> String {
    match capability {
        "CAP_NET_RAW" | "CAP_NET_ADMIN" => format!(
            "this needs {capability}: run it as root, or as a member of the group promisc \
             that the Debian package sets up (README, Permissions)"
        ),
        _ => format!(
            "this needs {capability}, which the promisc group does not give: run it as root \
             (README, Permissions)"
        ),
    }
}

/// Prints an error (if any) and returns the exit code.
pub fn finish(result: anyhow::Result<u8>) -> ExitCode {
    let err = match result {
        Ok(code) => return ExitCode::from(code),
        Err(e) => e,
    };
    // A closed pipe (`promisc | head`) is how a reader says it has enough: not an error.
    if err
        .chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
    {
        return ExitCode::from(OK);
    }
    let kind = kind_of(&err);
    // An error may quote a name from outside: its control characters are shown escaped.
    eprintln!("promisc: {}", promisc_app::printable(&message(&err)));
    if let Kind::Permission {
        capability: Some(capability),
    } = kind
    {
        eprintln!("promisc: {}", permission_hint(capability));
    }
    ExitCode::from(code(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer: {source}")]
    struct SaysItsCause {
        source: std::io::Error,
    }

    #[test]
    fn a_cause_the_message_already_says_is_not_repeated() {
        let e: anyhow::Error = SaysItsCause {
            source: std::io::Error::other("disk full"),
        }
        .into();
        assert_eq!(message(&e), "outer: disk full");
        let e = anyhow::Error::new(std::io::Error::other("disk full")).context("writing");
        assert_eq!(message(&e), "writing: disk full");
    }

    #[test]
    fn permission_hints_name_the_capability_and_never_setcap() {
        for cap in [
            "CAP_NET_RAW",
            "CAP_NET_ADMIN",
            "CAP_SYS_ADMIN",
            "CAP_NET_BROADCAST",
        ] {
            let h = permission_hint(cap);
            assert!(h.contains(cap), "{h}");
            assert!(!h.contains("setcap"), "{h}");
        }
        assert!(permission_hint("CAP_NET_RAW").contains("group promisc"));
        assert!(permission_hint("CAP_SYS_ADMIN").contains("does not give"));
    }

    #[test]
    fn kinds_come_from_the_library_errors_and_failures() {
        let e: anyhow::Error = promisc_app::UnknownInterface::new("x", "here", &[]).into();
        assert_eq!(code(kind_of(&e)), NO_INTERFACE);
        let e = fail(Kind::Usage, "bad");
        assert_eq!(code(kind_of(&e)), USAGE);
        let e: anyhow::Error = promisc_app::doctor::Error::Interrupted("eth0".into()).into();
        assert_eq!(code(kind_of(&e)), INTERRUPTED);
        let e = anyhow::Error::new(std::io::Error::other("x"));
        assert_eq!(code(kind_of(&e)), SYSTEM);
    }
}
