//! The control socket, served off the forwarding path.
//!
//! The socket is made with its final mode: bound in a directory of mode 0700 of its own
//! (`/run/promisc/.vswitch-NAME.PID`), given mode 0600 there, then renamed into
//! `/run/promisc`, so that it never appears there with the mode the umask gave it (`fchmod`
//! cannot reach a socket before `bind`, and the umask is process-wide).
//!
//! A thread of its own accepts the connections and gives each one a thread, at most
//! [`MAX_CLIENTS`] at once (one more is answered `busy` and closed at once). A connection has
//! [`DEADLINE`] to send its request, one line of at most [`MAX_LINE`] bytes, and as long again
//! to read the answer; then it is closed. A request is passed to the forwarding loop through a
//! channel and a wake-up descriptor the loop polls: the loop only computes the answer (a
//! snapshot of the switch, or a `set` applied), never waits for a client.

use std::io::{Read, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use promisc_vswitch::control::{self, Request, Response};

use super::RunError;

/// The most connections served at once.
pub const MAX_CLIENTS: usize = 16;
/// The longest request line, newline included.
pub const MAX_LINE: usize = 64 * 1024;
/// How long a connection has to send its request, and then to read the answer.
pub const DEADLINE: Duration = Duration::from_secs(2);
/// The stack of a connection's thread (it parses and prints JSON, nothing deep).
const STACK: usize = 256 * 1024;

/// A request waiting for the forwarding loop's answer.
pub(super) struct Pending {
    request: Request,
    reply: SyncSender<Response>,
}

impl Pending {
    /// Answers the request with `answer`'s value, handed back to the connection's thread
    /// (gone, if the client's time ran out).
    pub(super) fn answer_with(self, answer: impl FnOnce(Request) -> Response) {
        let _ = self.reply.send(answer(self.request));
    }
}

/// The control socket: the acceptor thread and the loop's end of the request channel.
pub(super) struct Control {
    /// The socket's path.
    pub(super) path: String,
    requests: Receiver<Pending>,
    /// Readable when requests wait: each connection's thread writes a byte after its request.
    wake: UnixStream,
    /// The other end, held here too: were every thread's copy gone, `wake` would read end of
    /// file, and `poll` would never wait again.
    _waker: Arc<UnixStream>,
    /// Dropped to end the acceptor (its end then reads end of file).
    stop: Option<UnixStream>,
    acceptor: Option<JoinHandle<()>>,
}

impl Control {
    /// Binds switch `name`'s socket (after checking that no switch answers there) and starts
    /// serving it. Call it once the signals are blocked: the threads inherit the mask.
    pub(super) fn start(name: &str) -> Result<Control, RunError> {
        let path = control::socket_path(name);
        let err = |source| RunError::Control {
            path: path.clone(),
            source,
        };
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o755)
            .create(control::RUN_DIR)
            .map_err(err)?;
        if UnixStream::connect(&path).is_ok() {
            return Err(RunError::AlreadyRunning(name.to_string(), path));
        }
        let listener = bind_private(name, &path).map_err(err)?;
        listener.set_nonblocking(true).map_err(err)?;
        let (wake, waker) = UnixStream::pair().map_err(err)?;
        wake.set_nonblocking(true).map_err(err)?;
        waker.set_nonblocking(true).map_err(err)?;
        let (stop, stopped) = UnixStream::pair().map_err(err)?;
        let (to_loop, requests) = mpsc::channel();
        let waker = Arc::new(waker);
        let acceptor = {
            let waker = waker.clone();
            thread::Builder::new()
                .name("control".into())
                .spawn(move || accept(listener, stopped, to_loop, waker))
                .map_err(err)?
        };
        Ok(Control {
            path,
            requests,
            wake,
            _waker: waker,
            stop: Some(stop),
            acceptor: Some(acceptor),
        })
    }

    /// The descriptor the loop polls: readable when requests wait.
    pub(super) fn fd(&self) -> BorrowedFd<'_> {
        self.wake.as_fd()
    }

    /// The requests waiting (never blocks).
    pub(super) fn pending(&self) -> Vec<Pending> {
        // The wake-up bytes first: a request is queued before its byte is written, so every
        // request whose byte is read here is received below.
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
        self.requests.try_iter().collect()
    }
}

impl Drop for Control {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Binds `path` with mode 0600 from its first appearance: bound in a directory of mode 0700
/// that only this process uses, chmod'ed there, renamed into place (which also replaces the
/// socket of a switch that died without removing it).
fn bind_private(name: &str, path: &str) -> std::io::Result<UnixListener> {
    let private = format!(
        "{}/.vswitch-{name}.{}",
        control::RUN_DIR,
        std::process::id()
    );
    let _ = std::fs::remove_dir_all(&private);
    // The umask only takes bits away: the directory is 0700 at most.
    std::fs::DirBuilder::new().mode(0o700).create(&private)?;
    let inside = format!("{private}/sock");
    let bound = UnixListener::bind(&inside).and_then(|l| {
        std::fs::set_permissions(&inside, std::fs::Permissions::from_mode(0o600))?;
        std::fs::rename(&inside, path)?;
        Ok(l)
    });
    let _ = std::fs::remove_file(&inside);
    let _ = std::fs::remove_dir(&private);
    bound
}

/// The acceptor thread: waits for connections (or `stop`) and gives each one a thread.
fn accept(
    listener: UnixListener,
    stop: UnixStream,
    to_loop: Sender<Pending>,
    waker: Arc<UnixStream>,
) {
    let active = Arc::new(AtomicUsize::new(0));
    loop {
        let Ok(ready) = promisc_sys::ring::poll_readable(&[listener.as_fd(), stop.as_fd()], -1)
        else {
            return;
        };
        if ready[1].readable || ready[1].error {
            return;
        }
        loop {
            let stream = match listener.accept() {
                Ok((s, _)) => s,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(_) => {
                    // Out of descriptors or memory: let the connections end first.
                    thread::sleep(Duration::from_millis(100));
                    break;
                }
            };
            if active.load(Ordering::SeqCst) >= MAX_CLIENTS {
                busy(&stream);
                continue;
            }
            active.fetch_add(1, Ordering::SeqCst);
            let (to_loop, waker, done) = (to_loop.clone(), waker.clone(), active.clone());
            let spawned = thread::Builder::new()
                .name("control-client".into())
                .stack_size(STACK)
                .spawn(move || {
                    serve(stream, &to_loop, &waker);
                    done.fetch_sub(1, Ordering::SeqCst);
                });
            if spawned.is_err() {
                // The closure, and the stream with it, is dropped.
                active.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}

/// Tells a connection beyond [`MAX_CLIENTS`] why it is closed, without waiting for it.
fn busy(stream: &UnixStream) {
    let _ = stream.set_nonblocking(true);
    let _ = (&*stream).write(&line(&Response::Error {
        message: format!("busy: {MAX_CLIENTS} control connections are being served; try again"),
    }));
}

/// One connection: its request, read by the deadline, answered by the forwarding loop.
fn serve(stream: UnixStream, to_loop: &Sender<Pending>, waker: &UnixStream) {
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    let answer = match read_request(&stream, Instant::now() + DEADLINE) {
        Ok(Some(request)) => {
            let (reply, answer) = mpsc::sync_channel(1);
            if to_loop.send(Pending { request, reply }).is_err() {
                return; // The switch is stopping.
            }
            // A full buffer already wakes the loop.
            let _ = (&*waker).write(&[1]);
            match answer.recv_timeout(DEADLINE) {
                Ok(a) => a,
                Err(_) => return,
            }
        }
        Ok(None) => return, // Closed before a whole line.
        Err(message) => Response::Error { message },
    };
    let _ = write_by(&stream, &line(&answer), Instant::now() + DEADLINE);
}

/// A response as its line.
fn line(r: &Response) -> Vec<u8> {
    let mut out = serde_json::to_vec(r).unwrap_or_else(|_| b"{}".to_vec());
    out.push(b'\n');
    out
}

/// Reads one request line by `deadline`: `None` when the client closes first, an error
/// message (for the client) when the line is too long, late or not a request.
fn read_request(mut stream: &UnixStream, deadline: Instant) -> Result<Option<Request>, String> {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(format!("no request within {DEADLINE:?}"));
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) if buf.is_empty() => return Ok(None),
            Ok(0) => break buf.len(), // The last line may lack its newline.
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(format!("no request within {DEADLINE:?}"))
            }
            Err(_) => return Ok(None),
        };
        let from = buf.len();
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf[from..].iter().position(|&b| b == b'\n') {
            break from + at;
        }
        if buf.len() >= MAX_LINE {
            return Err(format!("a request is one line of at most {MAX_LINE} bytes"));
        }
    };
    if end >= MAX_LINE {
        return Err(format!("a request is one line of at most {MAX_LINE} bytes"));
    }
    serde_json::from_slice::<Request>(&buf[..end])
        .map(Some)
        .map_err(|e| format!("not a request: {e}"))
}

/// Writes `bytes` by `deadline`.
fn write_by(mut stream: &UnixStream, mut bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(bytes) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
