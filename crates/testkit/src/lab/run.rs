//! One-shot commands, bounded.

use super::{CMD_TIMEOUT, POLL, TIMEOUT};
use std::fmt;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// Result of a finished command.
pub struct Run {
    /// The command line.
    pub what: String,
    /// How it ended.
    pub status: ExitStatus,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
}

impl Run {
    /// Exit code, or 128+N when killed by signal N.
    pub fn code(&self) -> i32 {
        self.status
            .code()
            .or_else(|| self.status.signal().map(|s| 128 + s))
            .unwrap_or(-1)
    }

    /// Panics (showing the whole run) unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code(), code, "unexpected exit code of {self}");
        self
    }

    /// Panics (showing the whole run) unless it exited 0.
    pub fn expect_success(&self) -> &Self {
        self.expect_code(0)
    }

    /// Panics (showing the whole run) unless stderr contains `needle`.
    pub fn expect_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}: {self}"
        );
        self
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` exited with {} (code {})\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.what,
            self.status,
            self.code(),
            self.stdout,
            self.stderr
        )
    }
}

pub(crate) fn describe(argv: &[&str]) -> String {
    argv.join(" ")
}

/// Reads `r` to its end on a thread; the text arrives on the receiver.
fn drain(mut r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
    });
    rx
}

/// Runs `argv` to completion (no stdin), killing it and panicking after
/// `timeout`.
pub fn run_bounded(argv: &[&str], timeout: Duration) -> Run {
    let what = describe(argv);
    let mut child = Command::new(argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{what}`: {e}"));
    let out = drain(child.stdout.take().expect("piped stdout"));
    let err = drain(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{what}` did not finish within {timeout:?}");
        }
        thread::sleep(POLL);
    };
    // A grandchild may keep a pipe open: bound the read too.
    let collect = |rx: Receiver<String>, name: &str| {
        rx.recv_timeout(TIMEOUT).unwrap_or_else(|_| {
            panic!("`{what}` exited but its {name} stayed open for {TIMEOUT:?}")
        })
    };
    Run {
        stdout: collect(out, "stdout"),
        stderr: collect(err, "stderr"),
        what,
        status,
    }
}

/// Runs `argv`, panics unless it succeeds, returns its stdout.
pub fn run_ok(argv: &[&str]) -> String {
    let run = run_bounded(argv, CMD_TIMEOUT);
    run.expect_success();
    run.stdout
}
