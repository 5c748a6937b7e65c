//! The exporter's HTTP/1.1 server: hyper on a current-thread tokio runtime, TLS through
//! tokio-rustls, basic authentication with bcrypt.
//!
//! How a hostile client is bounded:
//! - a request's head (request line and headers) is at most [`MAX_REQUEST_HEAD`] bytes: a
//!   longer one gets 431 and the connection is closed; a body is never read;
//! - every request has [`REQUEST_DEADLINE`], counted from the accept (the first request, TLS
//!   handshake included) or from the previous request's head: its head must arrive and its
//!   answer be written within it, or the connection is closed. So a slowloris client, a client
//!   that never reads, and a keep-alive connection left idle all free their slot in time;
//! - at most [`MAX_CONNECTIONS`] connections are served at once (each a task, not a thread):
//!   more wait in the kernel's backlog until a slot frees, which the deadline guarantees;
//! - a bcrypt check runs on the runtime's blocking pool (two threads), and a name and password
//!   that passed are remembered, so Prometheus's scrapes cost one check, not one per scrape.

use std::collections::HashSet;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE, WWW_AUTHENTICATE};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::time::Instant;
use tokio_rustls::TlsAcceptor;

use crate::webconfig::WebConfig;
use crate::Error;

/// The longest request head (request line and headers) read.
pub const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// How long a request may take, its head read and its answer written.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);
/// At most this many connections are served at once.
pub const MAX_CONNECTIONS: usize = 1024;
/// Remembered name and password pairs that passed the bcrypt check (forgotten all at once when
/// full).
const AUTH_CACHE: usize = 64;
/// The content type of the Prometheus text format.
const CONTENT_TYPE_METRICS: &str = "text/plain; version=0.0.4; charset=utf-8";
/// What a plain HTTP client is told on a TLS port (as Go's servers say it).
const PLAIN_ON_TLS: &[u8] =
    b"HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nClient sent an HTTP request to an HTTPS server.\n";
const LANDING: &str =
    "<html><head><title>promisc exporter</title></head><body><h1>promisc exporter</h1>\
<p>Promiscuous mode of every interface, its counter and its holders.</p>\
<p><a href=\"/metrics\">Metrics</a></p></body></html>\n";
/// A bcrypt hash of nothing anyone sends, checked for unknown users so that their answer
/// takes as long as a known user's.
const DUMMY_HASH: &str = "$2b$10$CjhFEihZIhJBlneGox/VqOCZ3h8EzZKttpHJhZsnDunWqmcGAk8oG";

/// Linux's errno for an address family the kernel lacks (IPv6 disabled).
const EAFNOSUPPORT: i32 = 97;

/// Binds the first address of `addrs` this machine has (an address it has not, or a family it
/// lacks, moves on to the next; any other error stops).
pub async fn bind(addrs: &[SocketAddr]) -> Result<TcpListener, Error> {
    let mut first_err = None;
    for &addr in addrs {
        let sock = match addr {
            SocketAddr::V4(_) => TcpSocket::new_v4(),
            SocketAddr::V6(_) => TcpSocket::new_v6(),
        };
        let r = sock.and_then(|s| {
            s.set_reuseaddr(true)?;
            s.bind(addr)?;
            s.listen(1024)
        });
        match r {
            Ok(l) => return Ok(l),
            Err(e) => {
                let next = e.raw_os_error() == Some(EAFNOSUPPORT)
                    || e.kind() == std::io::ErrorKind::AddrNotAvailable;
                first_err.get_or_insert(Error::Listen { addr, source: e });
                if !next {
                    break;
                }
            }
        }
    }
    Err(first_err.unwrap_or_else(|| {
        Error::Socket(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "no address to listen on",
        ))
    }))
}

/// The server: the metrics cache, TLS, authentication and the extra headers.
pub struct Server {
    metrics: Mutex<Bytes>,
    tls: Option<TlsAcceptor>,
    users: Vec<(String, String)>,
    passed: Arc<Mutex<HashSet<(String, String)>>>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Server {
    /// A server with `tls` (when given) and `web`'s users and headers.
    pub fn new(tls: Option<Arc<rustls::ServerConfig>>, web: &WebConfig) -> Arc<Server> {
        Arc::new(Server {
            metrics: Mutex::new(Bytes::new()),
            tls: tls.map(TlsAcceptor::from),
            users: web
                .basic_auth_users
                .iter()
                .map(|(u, h)| (u.clone(), h.clone()))
                .collect(),
            passed: Arc::new(Mutex::new(HashSet::new())),
            headers: web
                .headers
                .iter()
                .filter_map(|(k, v)| {
                    Some((
                        HeaderName::from_bytes(k.as_bytes()).ok()?,
                        HeaderValue::from_str(v).ok()?,
                    ))
                })
                .collect(),
        })
    }

    /// Whether it speaks TLS.
    pub fn tls(&self) -> bool {
        self.tls.is_some()
    }

    /// The metrics text every scrape answers from now on.
    pub fn set_metrics(&self, text: String) {
        if let Ok(mut m) = self.metrics.lock() {
            *m = Bytes::from(text);
        }
    }

    /// Accepts and serves connections until `stop` fires.
    pub async fn serve(
        self: Arc<Server>,
        listener: TcpListener,
        mut stop: tokio::sync::oneshot::Receiver<()>,
    ) {
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let mut last_complaint: Option<Instant> = None;
        loop {
            let permit = tokio::select! {
                _ = &mut stop => return,
                p = slots.clone().acquire_owned() => match p {
                    Ok(p) => p,
                    Err(_) => return,
                },
            };
            let stream = tokio::select! {
                _ = &mut stop => return,
                r = listener.accept() => match r {
                    Ok((s, _)) => s,
                    Err(e) => {
                        // Out of descriptors or memory: wait for a connection to end (and
                        // say so once a minute at most).
                        if last_complaint.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                            eprintln!("promisc: exporter: accept: {e}");
                            last_complaint = Some(Instant::now());
                        }
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
            };
            let _ = stream.set_nodelay(true);
            let server = self.clone();
            tokio::spawn(async move {
                server.connection(stream).await;
                drop(permit);
            });
        }
    }

    /// One connection, bounded by the request deadline.
    async fn connection(self: Arc<Server>, stream: TcpStream) {
        let deadline = Arc::new(Mutex::new(Instant::now() + REQUEST_DEADLINE));
        let work = {
            let deadline = deadline.clone();
            let server = self.clone();
            async move {
                match &server.tls {
                    None => server.http(stream, deadline).await,
                    Some(acceptor) => {
                        let mut first = [0u8; 1];
                        match stream.peek(&mut first).await {
                            Ok(1) if first[0] == 0x16 => {}
                            Ok(1) => {
                                // Not a TLS handshake: most likely plain HTTP.
                                let mut stream = stream;
                                let _ = stream.write_all(PLAIN_ON_TLS).await;
                                let _ = stream.shutdown().await;
                                return;
                            }
                            _ => return,
                        }
                        if let Ok(s) = acceptor.accept(stream).await {
                            server.http(s, deadline).await;
                        }
                    }
                }
            }
        };
        tokio::pin!(work);
        loop {
            let at = *deadline.lock().expect("the deadline lock");
            tokio::select! {
                _ = &mut work => return,
                _ = tokio::time::sleep_until(at) => {
                    if *deadline.lock().expect("the deadline lock") <= Instant::now() {
                        // Past the deadline: the connection is dropped, and closed.
                        return;
                    }
                }
            }
        }
    }

    /// HTTP/1.1 on `io` (keep-alive and pipelining; hyper answers a malformed request with
    /// 400 and a head too long with 431).
    async fn http<I>(self: Arc<Server>, io: I, deadline: Arc<Mutex<Instant>>)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let server = self.clone();
        let service = hyper::service::service_fn(move |req| {
            // The head is in: this request's answer, and the next request's head, have until
            // the new deadline.
            if let Ok(mut d) = deadline.lock() {
                *d = Instant::now() + REQUEST_DEADLINE;
            }
            let server = server.clone();
            async move { Ok::<_, Infallible>(server.answer(req).await) }
        });
        let _ = hyper::server::conn::http1::Builder::new()
            .max_buf_size(MAX_REQUEST_HEAD)
            .header_read_timeout(None)
            .keep_alive(true)
            .serve_connection(TokioIo::new(io), service)
            .await;
    }

    async fn answer(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        let mut resp = if !self.authorized(&req).await {
            let mut r = plain(StatusCode::UNAUTHORIZED, "Unauthorized\n");
            r.headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Basic"));
            r
        } else if req.method() != Method::GET && req.method() != Method::HEAD {
            let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
            r.headers_mut()
                .insert(hyper::header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            r
        } else {
            match req.uri().path() {
                "/metrics" => {
                    let body = self.metrics.lock().map(|m| m.clone()).unwrap_or_default();
                    with_type(StatusCode::OK, CONTENT_TYPE_METRICS, body)
                }
                "/" => with_type(
                    StatusCode::OK,
                    "text/html; charset=utf-8",
                    Bytes::from_static(LANDING.as_bytes()),
                ),
                _ => plain(StatusCode::NOT_FOUND, "not found: try /metrics\n"),
            }
        };
        for (k, v) in &self.headers {
            resp.headers_mut().insert(k.clone(), v.clone());
        }
        resp
    }

    /// Whether `req` carries a user and password of `basic_auth_users` (always, when there
    /// are none).
    async fn authorized(&self, req: &Request<Incoming>) -> bool {
        if self.users.is_empty() {
            return true;
        }
        let Some((user, password)) = basic_credentials(req) else {
            return false;
        };
        let key = (user, password);
        if self.passed.lock().is_ok_and(|p| p.contains(&key)) {
            return true;
        }
        let hash = self
            .users
            .iter()
            .find(|(u, _)| *u == key.0)
            .map(|(_, h)| h.clone());
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        // The check remembers its own success, so that a client that gave up while it ran
        // (Prometheus's scrape timeout) finds it done next time.
        let passed = self.passed.clone();
        tokio::task::spawn_blocking(move || {
            let ok = bcrypt::verify(&key.1, &hash).unwrap_or(false) && known;
            if ok {
                if let Ok(mut p) = passed.lock() {
                    if p.len() >= AUTH_CACHE {
                        p.clear();
                    }
                    p.insert(key);
                }
            }
            ok
        })
        .await
        .unwrap_or(false)
    }
}

/// The user and password of an `Authorization: Basic` header.
fn basic_credentials(req: &Request<Incoming>) -> Option<(String, String)> {
    let h = req
        .headers()
        .get(hyper::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, b64) = h.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (u, p) = text.split_once(':')?;
    Some((u.to_string(), p.to_string()))
}

fn with_type(code: StatusCode, content_type: &'static str, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = code;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn plain(code: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    with_type(
        code,
        "text/plain; charset=utf-8",
        Bytes::from_static(body.as_bytes()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_bcrypt_hash_of_no_password_sent() {
        assert!(DUMMY_HASH.parse::<bcrypt::HashParts>().is_ok());
        assert!(!bcrypt::verify("", DUMMY_HASH).unwrap());
    }
}
