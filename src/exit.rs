//! Exit codes, and turning errors into a message and a code. Documented in `promisc --help`.

use std::io;
use std::process::ExitCode;

/// Success.
pub const OK: u8 = 0;
/// `status --check` found a holder no rule allows.
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

/// An error whose message is complete and whose exit code is known.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// What went wrong and how to fix it.
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// A [`Failure`] with `code` and `message`, as an `anyhow::Error`.
pub fn fail(code: u8, message: impl Into<String>) -> anyhow::Error {
    Failure {
        code,
        message: message.into(),
    }
    .into()
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
    let code = if let Some(f) = err.downcast_ref::<Failure>() {
        eprintln!("promisc: {}", f.message);
        f.code
    } else if err.chain().any(|c| {
        c.downcast_ref::<promisc_inspect::UnknownInterface>()
            .is_some()
    }) {
        eprintln!("promisc: {err:#}");
        NO_INTERFACE
    } else if let Some(sys) = err.chain().find_map(sys_error) {
        match sys {
            promisc_sys::Error::Permission { capability, .. } => {
                eprintln!("promisc: {err:#}");
                eprintln!(
                    "promisc: run as root, or give the binary {capability}: \
                     sudo setcap cap_net_admin,cap_net_raw+ep \"$(command -v promisc)\""
                );
                PERMISSION
            }
            promisc_sys::Error::NoDevice(_) => {
                eprintln!("promisc: {err:#}");
                NO_INTERFACE
            }
            _ => {
                eprintln!("promisc: {err:#}");
                SYSTEM
            }
        }
    } else {
        eprintln!("promisc: {err:#}");
        SYSTEM
    };
    ExitCode::from(code)
}

/// The kernel error inside `c`, also where a library wraps it transparently (such a wrapper
/// forwards its inner error's source, so the kernel error is not in the chain by itself).
fn sys_error<'a>(c: &'a (dyn std::error::Error + 'static)) -> Option<&'a promisc_sys::Error> {
    if let Some(e) = c.downcast_ref::<promisc_sys::Error>() {
        return Some(e);
    }
    if let Some(promisc_capture::live::Error::Sys(e)) = c.downcast_ref() {
        return Some(e);
    }
    if let Some(promisc_inspect::snapshot::Error::Sys(e)) = c.downcast_ref() {
        return Some(e);
    }
    None
}
