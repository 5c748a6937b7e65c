//! `watch` and `exporter` logging each event (issue #23 §3): to the journal's native protocol
//! and to syslog as RFC 5424 lines, received by sockets the test binds in place of journald's
//! (`--log journal:SOCKET`), of `/dev/log` (`--syslog=unix:SOCKET`) and of a remote daemon
//! (`--syslog=udp:127.0.0.1:PORT`, read by a recorder inside the namespace). A real holder
//! comes and goes in a fresh namespace, inside a Kubernetes pod's cgroup; what was sent is
//! parsed here, by the protocols' rules and not by promisc's encoders, and judged against the
//! namespace, the interface, the holder's pid and the pod the test made.
//! When systemd-journald is installed, a private one (in a mount namespace of its own) takes
//! the entries too, and `journalctl -o json` must show the fields.

use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::*;
use crate::context::{cases, layouts, Cgroup, HostRoot};

/// `holder_added`'s and `holder_removed`'s MESSAGE_ID, as docs/logging.md lists them.
const ADDED: &str = "4c9f1ca8d49646df8c55832397e9b8b5";
const REMOVED: &str = "2efcfce55b1c464e81987b3120e8d162";

/// A datagram socket bound at a fresh path, recording what is sent to it.
struct Recorder {
    sock: UnixDatagram,
    path: PathBuf,
    _dir: promisc_testkit::temp::TempDir,
}

impl Recorder {
    fn new(tag: &str) -> Recorder {
        let dir = promisc_testkit::temp::TempDir::new(tag);
        let path = dir.path("socket");
        let sock = UnixDatagram::bind(&path).expect("bind the recording socket");
        Recorder {
            sock,
            path,
            _dir: dir,
        }
    }

    /// The daemon restarted: a new socket at the same path.
    fn rebind(&mut self) {
        std::fs::remove_file(&self.path).unwrap();
        self.sock = UnixDatagram::bind(&self.path).expect("bind the recording socket again");
    }

    /// The next datagram, if one comes within `wait`.
    fn next(&self, wait: Duration) -> Option<Vec<u8>> {
        self.sock.set_read_timeout(Some(wait)).unwrap();
        let mut buf = vec![0u8; 1 << 20];
        let n = self.sock.recv(&mut buf).ok()?;
        buf.truncate(n);
        Some(buf)
    }
}

/// A journal entry's fields, read by the native protocol's rules: `NAME=value\n`, or `NAME\n`,
/// a 64-bit little-endian length, the value and `\n`.
fn journal_fields(mut b: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let nl = b
            .iter()
            .position(|c| *c == b'\n')
            .expect("every field ends with a newline");
        let line = &b[..nl];
        let (name, value, rest) = match line.iter().position(|c| *c == b'=') {
            Some(eq) => (&line[..eq], line[eq + 1..].to_vec(), &b[nl + 1..]),
            None => {
                let len = u64::from_le_bytes(b[nl + 1..nl + 9].try_into().unwrap()) as usize;
                let end = nl + 9 + len;
                assert_eq!(b[end], b'\n', "a binary field ends with a newline");
                (line, b[nl + 9..end].to_vec(), &b[end + 1..])
            }
        };
        let name = String::from_utf8(name.to_vec()).unwrap();
        assert!(
            !name.is_empty()
                && !name.starts_with('_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name
                    .bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_'),
            "a field name the journal takes: {name:?}"
        );
        out.push((name, String::from_utf8(value).unwrap()));
        b = rest;
    }
    out
}

fn field<'a>(f: &'a [(String, String)], name: &str) -> Option<&'a str> {
    f.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// An RFC 5424 message, split by its grammar (§6).
#[derive(Debug)]
struct Syslog {
    pri: u32,
    timestamp: String,
    hostname: String,
    app: String,
    procid: String,
    msgid: String,
    sd_id: String,
    params: Vec<(String, String)>,
    msg: String,
}

fn syslog(line: &str) -> Syslog {
    let rest = line.strip_prefix('<').expect("<PRI>");
    let (pri, rest) = rest.split_once(">1 ").expect("PRI and version 1");
    let mut head = rest.splitn(6, ' ');
    let mut next = || head.next().expect("a header field").to_string();
    let (timestamp, hostname, app, procid, msgid) = (next(), next(), next(), next(), next());
    let sd = next();
    let mut chars = sd.chars().peekable();
    assert_eq!(chars.next(), Some('['), "structured data: {line}");
    let sd_id: String = chars.by_ref().take_while(|c| *c != ' ').collect();
    let mut params = Vec::new();
    loop {
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        assert_eq!(chars.next(), Some('"'), "a quoted value: {line}");
        let mut value = String::new();
        loop {
            match chars.next().expect("a closing quote") {
                '\\' => {
                    let c = chars.next().unwrap();
                    assert!(matches!(c, '"' | '\\' | ']'), "escaped: {c}");
                    value.push(c);
                }
                '"' => break,
                ']' => panic!("an unescaped ] in a value: {line}"),
                c => value.push(c),
            }
        }
        params.push((name, value));
        match chars.next() {
            Some(' ') => continue,
            Some(']') => break,
            other => panic!("after a parameter {other:?}: {line}"),
        }
    }
    assert_eq!(chars.next(), Some(' '), "SP before MSG: {line}");
    Syslog {
        pri: pri.parse().expect("a numeric PRI"),
        timestamp,
        hostname,
        app,
        procid,
        msgid,
        sd_id,
        params,
        msg: chars
            .collect::<String>()
            .trim_start_matches('\u{feff}')
            .into(),
    }
}

impl Syslog {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The next recorded datagram that `pick` takes, within the tests' timeout.
fn until<T>(
    what: &str,
    mut recv: impl FnMut() -> Option<Vec<u8>>,
    pick: impl Fn(&[u8]) -> Option<T>,
) -> T {
    let start = Instant::now();
    while start.elapsed() < TIMEOUT {
        if let Some(d) = recv() {
            if let Some(t) = pick(&d) {
                return t;
            }
        }
    }
    panic!("no {what} within {TIMEOUT:?}");
}

/// The journal entry of `event` on veth0 whose holder is a packet socket.
fn journal_event(r: &Recorder, event: &str) -> Vec<(String, String)> {
    until(
        &format!("journal entry {event}"),
        || r.next(Duration::from_millis(200)),
        |d| {
            let f = journal_fields(d);
            (field(&f, "PROMISC_EVENT") == Some(event)
                && field(&f, "PROMISC_DEVICE") == Some("veth0")
                && field(&f, "PROMISC_HOLDER_KIND") == Some("packet_socket"))
            .then_some(f)
        },
    )
}

/// The syslog line of `event` on veth0 whose holder is a packet socket.
fn syslog_event(mut recv: impl FnMut() -> Option<Vec<u8>>, event: &str) -> Syslog {
    until(&format!("syslog line {event}"), &mut recv, |d| {
        let line = String::from_utf8(d.to_vec()).expect("UTF-8");
        assert!(!line.contains('\n'), "one line a datagram: {line:?}");
        let s = syslog(&line);
        (s.msgid == event
            && s.param("device") == Some("veth0")
            && s.param("holder_kind") == Some("packet_socket"))
        .then_some(s)
    })
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn watch_logs_a_pod_holder_to_the_journal_and_to_syslog() {
    let ns = netns!("log-watch");
    let Some((layout, mount)) = layouts().into_iter().next() else {
        promisc_testkit::gate::skip("no cgroup hierarchy is mounted (/proc/self/mountinfo)");
        return;
    };
    ns.veth_pair();
    let host = HostRoot::new(&ns.name);
    let (mut journal, sys) = (Recorder::new("journal"), Recorder::new("syslog"));
    let bin = bin();
    let env_root = format!("PROMISC_HOST_ROOT={}", host.0.display());
    let log = format!("journal:{}", journal.path.display());
    let syslog_arg = format!("--syslog=unix:{}", sys.path.display());
    let w = ns.spawn(&[
        "env",
        &env_root,
        &bin,
        "watch",
        "--interval",
        "500ms",
        "veth0",
        "--log",
        &log,
        &syslog_arg,
        "--syslog-facility",
        "local4",
    ]);
    w.wait_stderr("watching");
    let case = &cases()[1]; // containerd under Kubernetes
    let rel = format!("promisc-test-{}-log/{}", std::process::id(), case.path);
    let mut cg = Cgroup::make(&mount, &rel).expect("the test's cgroup");
    // In its pod's cgroup before it opens its socket (see context.rs).
    let flag = host.0.join("go");
    let script = format!(
        "for i in $(seq 400); do [ -e '{f}' ] && break; sleep 0.05; done; [ -e '{f}' ] && exec {} {} veth0",
        python(),
        helper("hold_membership.py"),
        f = flag.display()
    );
    let holder = ns.spawn(&["sh", "-c", &script]);
    std::fs::write(cg.procs(), holder.pid().to_string()).expect("enter the cgroup");
    cg.pid = holder.pid();
    std::fs::write(&flag, "").unwrap();
    holder.wait_stdout("ready");
    let pid = holder.pid().to_string();

    let added = journal_event(&journal, "holder_added");
    let want = [
        ("MESSAGE_ID", ADDED),
        ("PRIORITY", "4"),
        ("SYSLOG_IDENTIFIER", "promisc"),
        ("SYSLOG_FACILITY", "20"),
        ("PROMISC_DEVICE", "veth0"),
        ("PROMISC_NETNS", ns.name.as_str()),
        ("PROMISC_PROMISCUITY", "1"),
        ("PROMISC_PROMISCUITY_BEFORE", "0"),
        ("PROMISC_TRANSITION", "entered"),
        ("PROMISC_HOLDER", "packet_socket/python3"),
        ("PROMISC_PID", pid.as_str()),
        ("PROMISC_COMM", "python3"),
        ("PROMISC_CONTEXT", "process"),
        ("PROMISC_POD", "monitoring/sniffer-x2x8k"),
        ("PROMISC_POD_NAMESPACE", "monitoring"),
        ("PROMISC_POD_NAME", "sniffer-x2x8k"),
        ("PROMISC_CONTAINER_RUNTIME", "containerd"),
    ];
    for (k, v) in want {
        assert_eq!(field(&added, k), Some(v), "{layout}: {k} in {added:#?}");
    }
    let message = field(&added, "MESSAGE").unwrap();
    assert!(
        message.starts_with("veth0: holder added: python3 (pid ")
            && message.contains("pod monitoring/sniffer-x2x8k")
            && message.contains("entered promiscuous mode"),
        "{message}"
    );
    let line = syslog_event(|| sys.next(Duration::from_millis(200)), "holder_added");
    // local4 (20) * 8 + warning (4).
    assert_eq!(line.pri, 164, "{line:?}");
    assert_eq!(line.sd_id, "promisc@32473");
    assert_eq!(line.app, "promisc");
    assert_eq!(line.hostname, hostname());
    assert_eq!(
        line.procid,
        w.pid().to_string(),
        "ip netns exec and env exec promisc"
    );
    assert!(
        line.timestamp.len() == 27 && line.timestamp.ends_with('Z'),
        "{line:?}"
    );
    for (k, v) in &added {
        if let Some(name) = k.strip_prefix("PROMISC_") {
            assert_eq!(
                line.param(&name.to_ascii_lowercase()),
                Some(v.as_str()),
                "syslog carries the journal's {k}: {line:?}"
            );
        }
    }
    assert_eq!(line.msg, message);

    // journald restarts: the next event reaches its new socket.
    journal.rebind();
    drop(holder);
    let removed = journal_event(&journal, "holder_removed");
    assert_eq!(field(&removed, "MESSAGE_ID"), Some(REMOVED));
    assert_eq!(field(&removed, "PRIORITY"), Some("6"));
    assert_eq!(field(&removed, "PROMISC_TRANSITION"), Some("left"));
    assert_eq!(
        field(&removed, "PROMISC_POD"),
        Some("monitoring/sniffer-x2x8k")
    );
    let line = syslog_event(|| sys.next(Duration::from_millis(200)), "holder_removed");
    assert_eq!(line.pri, 166, "local4 * 8 + informational: {line:?}");
    assert_eq!(line.param("transition"), Some("left"));
    drop(cg);
}

/// A UDP syslog daemon's stand-in inside `ns`: prints each datagram on a line.
fn udp_recorder(ns: &Netns) -> (Proc, u16) {
    ns.ip("link set lo up");
    let p = ns.spawn(&[
        &python(),
        "-u",
        "-c",
        "import socket,sys\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('127.0.0.1',0))\nprint('port',s.getsockname()[1],flush=True)\nwhile True:\n d=s.recv(65535)\n sys.stdout.buffer.write(d.replace(b'\\n',b'\\\\n')+b'\\n'); sys.stdout.flush()",
    ]);
    let line = p.wait_stdout("port");
    let port = line
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("the recorder's port");
    (p, port)
}

#[test]
fn the_exporter_logs_to_the_journal_and_to_syslog_over_udp() {
    let ns = netns!("log-exp");
    ns.veth_pair();
    let (rec, port) = udp_recorder(&ns);
    let journal = Recorder::new("exp-journal");
    let bin = bin();
    let log = format!("journal:{}", journal.path.display());
    let udp = format!("--syslog=udp:127.0.0.1:{port}");
    let e = ns.spawn(&[
        &bin,
        "exporter",
        "--web.listen-address",
        "127.0.0.1:0",
        "--interval",
        "500ms",
        "--log",
        &log,
        &udp,
    ]);
    e.wait_stderr("listening on");
    let holder = ns.membership_holder("veth0");
    let pid = holder.pid().to_string();
    let added = journal_event(&journal, "holder_added");
    for (k, v) in [
        ("MESSAGE_ID", ADDED),
        ("SYSLOG_FACILITY", "3"),
        ("PROMISC_NETNS", ns.name.as_str()),
        ("PROMISC_HOLDER", "packet_socket/python3"),
        ("PROMISC_PID", pid.as_str()),
    ] {
        assert_eq!(field(&added, k), Some(v), "{k} in {added:#?}");
    }
    let line = syslog_event(
        || {
            rec.next_stdout(Duration::from_millis(200))
                .map(String::into_bytes)
        },
        "holder_added",
    );
    assert_eq!(line.pri, 28, "daemon * 8 + warning: {line:?}");
    assert_eq!(line.param("netns"), Some(ns.name.as_str()));
    assert_eq!(line.param("pid"), Some(pid.as_str()));
    assert_eq!(line.param("holder"), Some("packet_socket/python3"));
    drop(holder);
    let removed = journal_event(&journal, "holder_removed");
    assert_eq!(field(&removed, "MESSAGE_ID"), Some(REMOVED));
    assert!(e.exited().is_none(), "the exporter still runs");
}

#[test]
fn a_log_socket_nobody_listens_on_is_exit_5_naming_it_and_the_fix() {
    let dir = promisc_testkit::temp::TempDir::new("log-absent");
    let path = dir.path("no-journal");
    let bin = bin();
    for (args, names, fix) in [
        (
            vec![
                "watch".to_string(),
                "--log".into(),
                format!("journal:{}", path.display()),
            ],
            path.display().to_string(),
            "systemd-journald",
        ),
        (
            vec![
                "exporter".to_string(),
                format!("--syslog=unix:{}", path.display()),
            ],
            path.display().to_string(),
            "--syslog=udp:HOST:PORT",
        ),
    ] {
        let mut argv = vec![bin.as_str()];
        argv.extend(args.iter().map(String::as_str));
        let run = run_bounded(&argv, Duration::from_secs(20));
        assert_eq!(run.code(), 5, "{run}");
        assert!(
            run.stderr.contains(&names) && run.stderr.contains(fix),
            "names {names} and {fix}: {run}"
        );
    }
    // A socket that exists but where nobody reads: the same error.
    let gone = Recorder::new("log-gone");
    let path = gone.path.clone();
    drop(gone.sock);
    let run = run_bounded(
        &[
            &bin,
            "watch",
            "--log",
            &format!("journal:{}", path.display()),
        ],
        Duration::from_secs(20),
    );
    assert_eq!(run.code(), 5, "{run}");
    assert!(run.stderr.contains("nothing listens"), "{run}");
    // Bad values are usage errors.
    for bad in [
        vec!["watch", "--log", "journald"],
        vec!["watch", "--syslog=udp:192.0.2.1"],
        vec!["exporter", "--syslog=relative/path"],
        vec!["watch", "--syslog-facility", "local9"],
    ] {
        let mut argv = vec![bin.as_str()];
        argv.extend(bad.iter().copied());
        let run = run_bounded(&argv, Duration::from_secs(20));
        assert_eq!(run.code(), 2, "{bad:?}: {run}");
    }
}

/// `--log auto` (the default) is the journal exactly when `$JOURNAL_STREAM` names standard
/// error's device and inode: with a journal socket nobody listens on, a match stops the watch
/// (exit 5, naming the socket), a mismatch lets it run. Needs no privileges.
#[test]
fn log_auto_follows_journal_stream_matching_stderr() {
    use std::os::unix::fs::MetadataExt;
    let dir = promisc_testkit::temp::TempDir::new("log-auto");
    let absent = dir.path("no-journal");
    let bin = bin();
    let start = |stream: &dyn Fn(&std::fs::Metadata) -> String, tag: &str| {
        let err_path = dir.path(tag);
        let err = std::fs::File::create(&err_path).unwrap();
        let meta = err.metadata().unwrap();
        let child = std::process::Command::new(&bin)
            .args(["watch", "--interval", "500ms"])
            .env("JOURNAL_STREAM", stream(&meta))
            .env("PROMISC_JOURNAL_SOCKET", &absent)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(err)
            .spawn()
            .expect("start promisc watch");
        (child, err_path)
    };
    let wait = |child: &mut std::process::Child, err: &PathBuf, want: &str| {
        let t = Instant::now();
        loop {
            let text = std::fs::read_to_string(err).unwrap_or_default();
            if text.contains(want) {
                return (child.try_wait().unwrap(), text);
            }
            if let Some(status) = child.try_wait().unwrap() {
                let text = std::fs::read_to_string(err).unwrap_or_default();
                return (Some(status), text);
            }
            assert!(
                t.elapsed() < TIMEOUT,
                "no {want:?} within {TIMEOUT:?}: {text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let (mut matched, err) = start(&|m| format!("{}:{}", m.dev(), m.ino()), "matched");
    let status = matched.wait().unwrap();
    let text = std::fs::read_to_string(&err).unwrap();
    assert_eq!(status.code(), Some(5), "{text}");
    assert!(text.contains(&absent.display().to_string()), "{text}");
    let (mut other, err) = start(&|m| format!("{}:{}", m.dev(), m.ino() + 1), "other");
    let (exited, text) = wait(&mut other, &err, "watching");
    let _ = other.kill();
    let _ = other.wait();
    assert!(exited.is_none() && text.contains("watching"), "{text}");
}

/// The script run in a mount namespace of its own: a private systemd-journald (its sockets and
/// its journal on tmpfs there, nothing of the host's touched), `promisc watch --log journal`
/// in the test's network namespace, a holder coming and going; it prints the entries of
/// promisc as `journalctl -o json` gives them.
const REAL_JOURNAL: &str = r#"
set -eu
ns="$1"; bin="$2"; py="$3"; holder="$4"; dir="$5"
mkdir -p /run/systemd /run/log
mount -t tmpfs tmpfs /run/systemd
mount -t tmpfs tmpfs /run/log
if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal; fi
journald=/lib/systemd/systemd-journald
[ -x "$journald" ] || journald=/usr/lib/systemd/systemd-journald
"$journald" >"$dir/journald.out" 2>&1 &
jd=$!
w=; h=
trap 'rc=$?; set +e; kill $jd $w $h 2>/dev/null; exit $rc' EXIT
i=0; until [ -S /run/systemd/journal/socket ]; do i=$((i+1)); [ $i -lt 400 ] || exit 3; sleep 0.05; done
ip netns exec "$ns" "$bin" watch --interval 500ms veth0 --log journal >/dev/null 2>"$dir/watch.err" &
w=$!
i=0; until grep -q watching "$dir/watch.err"; do i=$((i+1)); [ $i -lt 400 ] || exit 4; sleep 0.05; done
ip netns exec "$ns" "$py" "$holder" veth0 >"$dir/holder.out" &
h=$!
i=0; until grep -q ready "$dir/holder.out"; do i=$((i+1)); [ $i -lt 400 ] || exit 5; sleep 0.05; done
entries() { journalctl -D /run/log/journal -o json SYSLOG_IDENTIFIER=promisc "PROMISC_NETNS=$ns"; }
i=0; until entries | grep -q '"PROMISC_EVENT":"holder_added"'; do i=$((i+1)); [ $i -lt 400 ] || exit 6; sleep 0.05; done
kill $h; wait $h 2>/dev/null || true
i=0; until entries | grep -q '"PROMISC_EVENT":"holder_removed"'; do i=$((i+1)); [ $i -lt 400 ] || exit 7; sleep 0.05; done
echo "holder $h"
entries
"#;

/// Optional: systemd-journald itself takes the entries (when its binary, `journalctl` and
/// `unshare` are here; the other tests do not depend on it).
#[test]
fn a_real_journald_stores_the_fields() {
    let ns = netns!("log-real");
    let journald = [
        "/lib/systemd/systemd-journald",
        "/usr/lib/systemd/systemd-journald",
    ]
    .into_iter()
    .any(|p| std::path::Path::new(p).exists());
    if !journald || !require_tool("journalctl") || !require_tool("unshare") {
        promisc_testkit::gate::skip("no systemd-journald, journalctl or unshare here");
        return;
    }
    ns.veth_pair();
    let dir = promisc_testkit::temp::TempDir::new("log-real");
    let (bin, py, holder) = (bin(), python(), helper("hold_membership.py"));
    let run = run_bounded(
        &[
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            REAL_JOURNAL,
            "sh",
            &ns.name,
            &bin,
            &py,
            &holder,
            &dir.dir(),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(
        run.code(),
        0,
        "{run}\njournald: {}\nwatch: {}",
        std::fs::read_to_string(dir.path("journald.out")).unwrap_or_default(),
        std::fs::read_to_string(dir.path("watch.err")).unwrap_or_default()
    );
    let mut lines = run.stdout.lines();
    let pid = lines
        .next()
        .and_then(|l| l.strip_prefix("holder "))
        .expect("the holder's pid")
        .to_string();
    let entries: Vec<serde_json::Value> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let of = |event: &str| {
        entries
            .iter()
            .find(|e| e["PROMISC_EVENT"] == event && e["PROMISC_HOLDER_KIND"] == "packet_socket")
            .unwrap_or_else(|| panic!("no {event} in the journal: {entries:#?}"))
    };
    let added = of("holder_added");
    for (k, v) in [
        ("MESSAGE_ID", ADDED),
        ("PRIORITY", "4"),
        ("_TRANSPORT", "journal"),
        ("PROMISC_DEVICE", "veth0"),
        ("PROMISC_NETNS", ns.name.as_str()),
        ("PROMISC_HOLDER", "packet_socket/python3"),
        ("PROMISC_PID", pid.as_str()),
        ("PROMISC_TRANSITION", "entered"),
    ] {
        assert_eq!(added[k], v, "{k}: {added:#}");
    }
    assert_eq!(of("holder_removed")["MESSAGE_ID"], REMOVED);
}

/// In a service whose standard output and error are both the journal, `watch` (`--log auto`)
/// sends each event natively and prints no line of it (the journal would have it twice).
#[test]
fn under_systemd_watch_logs_natively_and_prints_no_duplicate() {
    use std::os::unix::fs::MetadataExt;
    let ns = netns!("log-svc");
    ns.veth_pair();
    let journal = Recorder::new("svc-journal");
    let dir = promisc_testkit::temp::TempDir::new("log-svc");
    let out_path = dir.path("journal-stream");
    let out = std::fs::File::create(&out_path).unwrap();
    let meta = out.metadata().unwrap();
    let mut child = std::process::Command::new("ip")
        .args([
            "netns",
            "exec",
            &ns.name,
            &bin(),
            "watch",
            "--interval",
            "500ms",
            "veth0",
        ])
        .env("JOURNAL_STREAM", format!("{}:{}", meta.dev(), meta.ino()))
        .env("PROMISC_JOURNAL_SOCKET", &journal.path)
        .stdin(std::process::Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .expect("start promisc watch");
    let t = Instant::now();
    while !std::fs::read_to_string(&out_path)
        .unwrap_or_default()
        .contains("watching")
    {
        assert!(t.elapsed() < TIMEOUT, "watch did not start");
        assert!(child.try_wait().unwrap().is_none(), "watch exited");
        std::thread::sleep(Duration::from_millis(20));
    }
    let holder = ns.membership_holder("veth0");
    let added = journal_event(&journal, "holder_added");
    assert_eq!(
        field(&added, "PROMISC_PID"),
        Some(holder.pid().to_string().as_str())
    );
    drop(holder);
    journal_event(&journal, "holder_removed");
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert!(
        !text.contains("holder_added") && !text.contains("holder_removed"),
        "no event line in the journal's stream: {text}"
    );
}
