//! `watch --exec`: a shell command run per event, off the watching thread, a bounded number
//! at a time.
//!
//! Events are queued (at most [`QUEUE`]) for a thread that starts `sh -c CMD` for each, with
//! the event in its environment, never more than [`RUNNING`] at once: when that many still run,
//! it waits for the oldest before starting the next. So a burst of events neither floods the
//! machine with processes nor delays the watching; an event that finds the queue full is not
//! handed over, and [`Hooks::submit`] says so. Each command starts with an empty signal mask
//! (the watcher blocks the signals it waits for). When the watch ends, the queued commands
//! start and the running ones get [`GRACE`] to finish; then those left get SIGTERM (they are
//! tied to the thread that started them, which ends).

use std::collections::VecDeque;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Most commands running at once.
pub const RUNNING: usize = 8;
/// Most events waiting for a command to start.
pub const QUEUE: usize = 1024;
/// How long the commands still running when the watch ends may take.
pub const GRACE: Duration = Duration::from_secs(5);

/// The environment of one command: `(name, value)` pairs.
pub type Env = Vec<(String, String)>;

/// Why an event was not handed to its command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    /// [`QUEUE`] events already wait.
    #[error("{QUEUE} events already wait for --exec (at most {RUNNING} commands run at once); this one is not handed over")]
    Full,
    /// The thread that starts the commands has ended.
    #[error("the --exec thread has ended")]
    Gone,
}

/// The commands of `watch --exec`.
#[derive(Debug)]
pub struct Hooks {
    queue: Option<SyncSender<Env>>,
    worker: Option<JoinHandle<()>>,
}

impl Hooks {
    /// Hooks that run `sh -c command` per event; `failed` is told when one cannot start.
    pub fn new(command: String, failed: impl FnMut(String) + Send + 'static) -> Hooks {
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let worker = std::thread::spawn(move || run(&command, &rx, failed));
        Hooks {
            queue: Some(tx),
            worker: Some(worker),
        }
    }

    /// Queues a command with `env` in its environment.
    pub fn submit(&self, env: Env) -> Result<(), SubmitError> {
        let Some(q) = &self.queue else {
            return Err(SubmitError::Gone);
        };
        q.try_send(env).map_err(|e| match e {
            TrySendError::Full(_) => SubmitError::Full,
            TrySendError::Disconnected(_) => SubmitError::Gone,
        })
    }
}

impl Drop for Hooks {
    /// Starts what is queued and gives the running commands [`GRACE`] to end.
    fn drop(&mut self) {
        self.queue = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// The worker: one command per queued event, at most [`RUNNING`] at once.
fn run(command: &str, rx: &Receiver<Env>, mut failed: impl FnMut(String)) {
    let mut running: VecDeque<Child> = VecDeque::new();
    while let Ok(env) = rx.recv() {
        running.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_))));
        while running.len() >= RUNNING {
            if let Some(mut oldest) = running.pop_front() {
                let _ = oldest.wait();
            }
        }
        let mut cmd = Command::new("sh");
        cmd.args(["-c", command]).stdin(Stdio::null()).envs(env);
        match promisc_sys::process::spawn_clean(&mut cmd) {
            Ok(c) => running.push_back(c),
            Err(e) => failed(e.to_string()),
        }
    }
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline {
        running.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_))));
        if running.is_empty() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The most commands alive at once while `n` events are run by a command that records
    /// its start and end in a directory.
    #[test]
    fn a_burst_runs_at_most_the_bound_at_once_and_every_event_runs() {
        let dir = std::env::temp_dir().join(format!("promisc-hooks-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.display();
        // Each command: note itself as running, count the others, wait a little, leave.
        let cmd = format!(
            "touch {d}/run.$N; ls {d} | grep -c '^run\\.' > {d}/seen.$N; \
             sleep 0.2; rm {d}/run.$N; touch {d}/done.$N"
        );
        let errors = Arc::new(Mutex::new(Vec::new()));
        let e = errors.clone();
        let hooks = Hooks::new(cmd, move |m| e.lock().unwrap().push(m));
        let n = 20;
        for i in 0..n {
            hooks
                .submit(vec![("N".into(), i.to_string())])
                .expect("queued");
        }
        let start = Instant::now();
        drop(hooks);
        assert!(start.elapsed() < Duration::from_secs(60));
        assert!(errors.lock().unwrap().is_empty());
        let mut most = 0;
        for i in 0..n {
            assert!(dir.join(format!("done.{i}")).exists(), "event {i} ran");
            let seen: usize = std::fs::read_to_string(dir.join(format!("seen.{i}")))
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            most = most.max(seen);
        }
        assert!(most <= RUNNING, "{most} commands ran at once");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
