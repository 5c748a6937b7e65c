//! Long-running children.

use super::{run_ok, POLL, TIMEOUT};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ExitStatus};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub(crate) fn lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            match line {
                Ok(line) => {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
    });
    rx
}

/// A long-running child, killed when dropped (see [`Netns::spawn`](super::Netns::spawn)).
pub struct Proc {
    /// Its command line.
    pub what: String,
    pub(crate) pid: u32,
    pub(crate) child: Arc<Mutex<Child>>,
    pub(crate) stdout: Receiver<String>,
    pub(crate) stderr: Receiver<String>,
    pub(crate) seen: Mutex<Vec<String>>,
}

impl Proc {
    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Waits (bounded) for a stdout line containing `needle`; returns it.
    pub fn wait_stdout(&self, needle: &str) -> String {
        self.wait_line(&self.stdout, "stdout", needle)
    }

    /// Waits (bounded) for a stderr line containing `needle`; returns it.
    pub fn wait_stderr(&self, needle: &str) -> String {
        self.wait_line(&self.stderr, "stderr", needle)
    }

    fn wait_line(&self, rx: &Receiver<String>, stream: &str, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    self.seen.lock().unwrap().push(format!("{stream}: {line}"));
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "`{}` printed no {stream} line containing {needle:?} within {TIMEOUT:?}; seen: {:?}",
                    self.what,
                    self.seen.lock().unwrap()
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    // Give the process a moment to be reapable for the message.
                    thread::sleep(Duration::from_millis(100));
                    let status = self.child.lock().unwrap().try_wait();
                    let other = if stream == "stdout" {
                        &self.stderr
                    } else {
                        &self.stdout
                    };
                    let rest: Vec<String> = other.try_iter().collect();
                    panic!(
                        "`{}` closed its {stream} before printing {needle:?} (status {status:?}); seen: {:?}; other stream: {rest:?}",
                        self.what,
                        self.seen.lock().unwrap()
                    )
                }
            }
        }
    }

    /// Has the process exited (and been reaped)?
    pub fn exited(&self) -> Option<ExitStatus> {
        self.child.lock().unwrap().try_wait().expect("try_wait")
    }

    /// Sends `signal` (e.g. "TERM") unless the process has already exited.
    pub fn signal(&self, signal: &str) {
        // Holding the lock, the pid cannot be reaped (and reused) meanwhile.
        let mut child = self.child.lock().unwrap();
        if child.try_wait().expect("try_wait").is_some() {
            return;
        }
        run_ok(&["kill", &format!("-{signal}"), &self.pid.to_string()]);
    }

    /// SIGKILL and reap.
    pub fn kill(&self) -> ExitStatus {
        let mut child = self.child.lock().unwrap();
        let _ = child.kill();
        child.wait().expect("wait")
    }

    /// Waits (bounded by `timeout`) for the process to exit.
    pub fn wait_exit(&self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.exited() {
                return status;
            }
            if Instant::now() >= deadline {
                panic!("`{}` did not exit within {timeout:?}", self.what);
            }
            thread::sleep(POLL);
        }
    }
}

// Reading a child's output line by line, bounded.
impl Proc {
    /// The next stderr line within `timeout`; `None` on timeout or once the
    /// process has closed stderr.
    pub fn next_stderr(&self, timeout: Duration) -> Option<String> {
        self.next_line(&self.stderr, "stderr", timeout)
    }

    /// The next stdout line within `timeout`; `None` on timeout or once the
    /// process has closed stdout.
    pub fn next_stdout(&self, timeout: Duration) -> Option<String> {
        self.next_line(&self.stdout, "stdout", timeout)
    }

    fn next_line(&self, rx: &Receiver<String>, stream: &str, timeout: Duration) -> Option<String> {
        let line = rx.recv_timeout(timeout).ok()?;
        self.seen.lock().unwrap().push(format!("{stream}: {line}"));
        Some(line)
    }

    /// Every stderr line not read yet, up to the process closing stderr
    /// (normally: exiting); panics after `timeout`.
    pub fn rest_of_stderr(&self, timeout: Duration) -> Vec<String> {
        self.rest(&self.stderr, "stderr", timeout)
    }

    /// Every stdout line not read yet, up to the process closing stdout
    /// (normally: exiting); panics after `timeout`.
    pub fn rest_of_stdout(&self, timeout: Duration) -> Vec<String> {
        self.rest(&self.stdout, "stdout", timeout)
    }

    fn rest(&self, rx: &Receiver<String>, stream: &str, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        let mut out = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    self.seen.lock().unwrap().push(format!("{stream}: {line}"));
                    out.push(line);
                }
                Err(RecvTimeoutError::Disconnected) => return out,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "`{}` kept its {stream} open for {timeout:?}; read so far: {out:?}",
                    self.what
                ),
            }
        }
    }

    /// Every line read from the process so far (`stdout: ...`/`stderr: ...`).
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        if let Ok(None) = child.try_wait() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
