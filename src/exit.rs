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

/// The error for an expression that does not compile: libpcap's message, then the expression
/// with a caret line under the part it is about.
pub fn filter_error(expr: &str, e: &promisc_filter::CompileError) -> anyhow::Error {
    let mut msg = format!("bad filter expression: {}", e.message);
    if let Some(span) = &e.span {
        // Clip very long expressions to a window around the problem.
        let start = span.start.min(expr.len());
        let from = expr[..start]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        let shown: String = expr[from..].chars().take(120).collect();
        let lead = expr[from..start].chars().count();
        let width = expr[start..span.end.clamp(start, expr.len())]
            .chars()
            .count()
            .max(1);
        msg.push_str(&format!(
            "\n  {shown}\n  {}{}",
            " ".repeat(lead),
            "^".repeat(width.min(120 - lead.min(119)))
        ));
    }
    fail(USAGE, msg)
}

/// The error of a file that cannot be filtered: the link type, or the expression.
pub fn file_filter_error(
    expr: &str,
    e: promisc_app::capture::filter::FileFilterError,
) -> anyhow::Error {
    match e {
        promisc_app::capture::filter::FileFilterError::Compile(c) => filter_error(expr, &c),
        other => fail(USAGE, other.to_string()),
    }
}

/// `err` about an expression read from `-F path`: its message names the file.
pub fn in_filter_file(err: anyhow::Error, path: Option<&str>) -> anyhow::Error {
    match (path, err.downcast_ref::<Failure>()) {
        (Some(path), Some(f)) => fail(f.code, format!("-F {path}: {}", f.message)),
        _ => err,
    }
}

/// The error of a savefile that cannot be opened: a bad argument, or a damaged file.
pub fn open_error(e: promisc_app::capture::savefile::OpenError) -> anyhow::Error {
    use promisc_app::capture::savefile::OpenError;
    let code = match e {
        OpenError::Damaged { .. } => BAD_FILE,
        OpenError::Directory(_) | OpenError::Open { .. } => USAGE,
    };
    fail(code, e.to_string())
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
    } else if err
        .chain()
        .any(|c| c.downcast_ref::<promisc_app::UnknownInterface>().is_some())
    {
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
    if let Some(promisc_app::status::Error::Sys(e)) = c.downcast_ref() {
        return Some(e);
    }
    if let Some(promisc_vswitchd::switchd::RunError::Sys(e)) = c.downcast_ref() {
        return Some(e);
    }
    None
}
