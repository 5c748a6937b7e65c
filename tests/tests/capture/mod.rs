//! `promisc capture` in namespaces of its own: veth pairs whose MAC addresses are fixed and
//! whose IPv6 is disabled before the links exist, so that the only frames on the wire are the
//! ones the test sends (with `tests/helpers/send_frames.py`, raw, byte for byte).
//!
//! The oracles are independent of promisc: the testkit's pcap/pcapng parser, `tcpdump -r` (hex
//! dumps and printed lines), `tshark -r`, `capinfos`, iproute2 and /proc. A missing tcpdump,
//! tshark, capinfos, python3 or setpriv skips a test, like not being root (see the testkit's
//! gate).

/// The test's namespace with veth0 <-> veth1 (quiet, fixed MACs, MTU 9000),
/// or return (skip) when it cannot run here or a tool is missing.
macro_rules! lab {
    ($short:expr) => {
        lab!($short, [])
    };
    ($short:expr, [$($tool:expr),*]) => {{
        let ns = match privileged($short) {
            Some(ns) => ns,
            None => return,
        };
        for tool in ["python3" $(, $tool)*] {
            if !require_tool(tool) {
                return;
            }
        }
        quiet(&ns);
        veth(&ns, "veth0", "veth1", MAC0, MAC1);
        ns
    }};
}

mod any;
mod cli;
mod errors;
mod files;
mod filtering;
pub(crate) mod frames;
mod printing;
mod privileges;
mod protochain;
mod rotation;
mod signals;
mod tcpdump_flags;
mod vanish;

pub(crate) use crate::common::*;
pub(crate) use frames::*;
pub(crate) use promisc_testkit::frames::{
    arp, echo, eth, eth_tagged as tagged, ipv4_checksummed as ipv4, ipv6_checksummed as ipv6,
    tcp_seq as tcp, udp,
};
pub(crate) use promisc_testkit::pcap::*;
pub(crate) use promisc_testkit::temp::TempDir;
pub(crate) use serde_json::Value;
pub(crate) use std::os::unix::fs::{MetadataExt, PermissionsExt};
pub(crate) use std::os::unix::process::ExitStatusExt;
pub(crate) use std::path::PathBuf;
pub(crate) use std::sync::atomic::{AtomicUsize, Ordering};
pub(crate) use std::thread;
pub(crate) use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Bound of a whole capture (start to exit).
pub(crate) const CAPTURE_TIMEOUT: Duration = Duration::from_secs(20);

pub(crate) const MAC0: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa0];

pub(crate) const MAC1: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa1];

pub(crate) const MAC2: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa2];

pub(crate) const MAC3: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa3];

/// A unicast address no interface has: only a promiscuous capture sees it.
pub(crate) const OTHER: [u8; 6] = [0x02, 0, 0, 0, 0, 0xbb];

pub(crate) const BROADCAST: [u8; 6] = [0xff; 6];

/// IEEE "local experimental" EtherType, for frames nothing else decodes.
pub(crate) const ETH_EXPERIMENTAL: u16 = 0x88b5;

pub(crate) const IP_A: [u8; 4] = [10, 0, 0, 1];

pub(crate) const IP_B: [u8; 4] = [10, 0, 0, 2];

pub(crate) const IP6_A: [u8; 16] = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

pub(crate) const IP6_B: [u8; 16] = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

/// No IPv6 in `ns` (no router/neighbour solicitations, no MLD reports), set
/// before any link exists; veth0 has no IPv4 address either, so the kernel
/// never sends anything on its own.
pub(crate) fn quiet(ns: &Netns) {
    ns.run(&[
        "sh",
        "-c",
        "for f in /proc/sys/net/ipv6/conf/default/disable_ipv6 \
                  /proc/sys/net/ipv6/conf/all/disable_ipv6; do \
           if [ -e $f ]; then echo 1 > $f; fi; done",
    ]);
}

/// `a` <-> `b`, with fixed MAC addresses, MTU 9000, both up.
pub(crate) fn veth(ns: &Netns, a: &str, b: &str, mac_a: [u8; 6], mac_b: [u8; 6]) {
    ns.ip(&format!("link add {a} type veth peer name {b}"));
    for (name, mac) in [(a, mac_a), (b, mac_b)] {
        ns.ip(&format!("link set {name} address {}", mac_text(mac)));
        ns.ip(&format!("link set {name} mtu 9000"));
        ns.ip(&format!("link set {name} up"));
    }
}

pub(crate) fn mac_text(m: [u8; 6]) -> String {
    promisc_facts::link::format_mac(&m)
}

pub(crate) fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos() as u64
}

/// `promisc capture ARGS...` in `ns`, once it says `listening on`.
pub(crate) fn capture(ns: &Netns, args: &[&str]) -> Proc {
    let bin = bin();
    let mut argv = vec![bin.as_str(), "capture"];
    argv.extend_from_slice(args);
    let p = ns.spawn(&argv);
    p.wait_stderr("listening on");
    p
}

/// How a process ended.
pub(crate) struct Ended {
    what: String,
    code: i32,
    /// The stderr lines not read before it ended.
    stderr: String,
}

impl Ended {
    pub(crate) fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code of {self}");
        self
    }

    pub(crate) fn expect_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}: {self}"
        );
        self
    }
}

impl std::fmt::Display for Ended {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` exited with code {}; stderr:\n{}",
            self.what, self.code, self.stderr
        )
    }
}

/// Waits (bounded by `timeout`) for `p` to exit; its code and the rest of
/// its stderr.
pub(crate) fn wait_end(p: &Proc, timeout: Duration) -> Ended {
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = p.exited() {
            break status;
        }
        if Instant::now() >= deadline {
            let mut pending = Vec::new();
            while let Some(line) = p.next_stderr(Duration::from_millis(50)) {
                pending.push(line);
            }
            panic!(
                "`{}` did not exit within {timeout:?}; seen: {:?}; stderr since: {pending:?}",
                p.what,
                p.seen()
            );
        }
        thread::sleep(POLL);
    };
    let stderr = p.rest_of_stderr(TIMEOUT).join("\n");
    Ended {
        what: p.what.clone(),
        code: status
            .code()
            .or_else(|| status.signal().map(|s| 128 + s))
            .unwrap_or(-1),
        stderr,
    }
}

/// Sends `frames` out of `ifname` in `ns`, in order, one send() each.
pub(crate) fn send(ns: &Netns, dir: &TempDir, ifname: &str, frames: &[Vec<u8>]) {
    send_paced(ns, dir, ifname, frames, None);
}

pub(crate) static HEXFILES: AtomicUsize = AtomicUsize::new(0);

/// [`send`], pausing `pause.1` ms after every `pause.0` frames.
pub(crate) fn send_paced(
    ns: &Netns,
    dir: &TempDir,
    ifname: &str,
    frames: &[Vec<u8>],
    pause: Option<(usize, u32)>,
) {
    let file = dir.file(&format!(
        "frames-{}.hex",
        HEXFILES.fetch_add(1, Ordering::SeqCst)
    ));
    let text: String = frames.iter().map(|f| hex(f) + "\n").collect();
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("write {file}: {e}"));
    let py = python();
    let script = helper("send_frames.py");
    let (every, ms) = pause.map_or((String::new(), String::new()), |(n, m)| {
        (n.to_string(), m.to_string())
    });
    let mut argv = vec![py.as_str(), script.as_str(), ifname, file.as_str()];
    if pause.is_some() {
        argv.extend_from_slice(&["--pause-every", every.as_str(), "--pause-ms", ms.as_str()]);
    }
    let out = ns.run(&argv);
    assert_eq!(
        out.trim(),
        format!("sent {}", frames.len()),
        "sender output"
    );
    let _ = std::fs::remove_file(&file);
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub(crate) fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_else(|e| panic!("hex {s:?}: {e}")))
        .collect()
}

pub(crate) fn assert_same_frames(what: &str, got: &[Vec<u8>], want: &[Vec<u8>]) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(
            hex(g),
            hex(w),
            "{what}: packet {i} ({} bytes captured, {} sent) differs",
            g.len(),
            w.len()
        );
    }
    assert_eq!(
        got.len(),
        want.len(),
        "{what}: {} packets, expected {}",
        got.len(),
        want.len()
    );
}

/// The captured bytes of each packet of `path`, per `tcpdump -n -xx -r`
/// (which must read the file to its end without complaint).
pub(crate) fn tcpdump_hex(path: &str, filter: &[&str]) -> Vec<Vec<u8>> {
    let mut argv = vec!["tcpdump", "-n", "-xx", "-r", path];
    argv.extend_from_slice(filter);
    let run = run_bounded(&argv, CMD_TIMEOUT);
    run.expect_success();
    assert!(
        !run.stderr.contains("truncated") && !run.stderr.contains("pcap_loop"),
        "tcpdump complains about {path}: {run}"
    );
    let mut packets: Vec<Vec<u8>> = Vec::new();
    for line in run.stdout.lines() {
        if let Some(rest) = line.strip_prefix("\t0x") {
            let (_, words) = rest
                .split_once(':')
                .unwrap_or_else(|| panic!("tcpdump hex line {line:?}"));
            let digits: String = words.split_whitespace().collect();
            packets
                .last_mut()
                .unwrap_or_else(|| panic!("hex before any packet line: {line:?}"))
                .extend(unhex(&digits));
        } else if !line.starts_with(char::is_whitespace) && !line.is_empty() {
            packets.push(Vec::new());
        }
    }
    packets
}

/// `tshark -r path -T fields -e F...`, one row per packet; tshark must read
/// the file to its end without complaint.
pub(crate) fn tshark_fields(path: &str, fields: &[&str]) -> Vec<Vec<String>> {
    let mut argv = vec!["tshark", "-n", "-r", path, "-T", "fields"];
    for f in fields {
        argv.extend_from_slice(&["-e", f]);
    }
    let run = run_bounded(&argv, CMD_TIMEOUT);
    run.expect_success();
    for complaint in ["cut short", "damaged", "corrupt", "rror"] {
        assert!(
            !run.stderr.contains(complaint),
            "tshark complains ({complaint:?}) about {path}: {run}"
        );
    }
    run.stdout
        .lines()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// tcpdump and tshark both read `path` completely and see what our parser
/// sees: the same bytes, lengths and count.
pub(crate) fn assert_tools_agree(path: &str, f: &Savefile) {
    assert_same_frames(
        &format!("tcpdump -xx -r {path} vs the parser"),
        &tcpdump_hex(path, &[]),
        &f.data(),
    );
    let rows = tshark_fields(path, &["frame.len", "frame.cap_len"]);
    let want: Vec<Vec<String>> = f
        .packets
        .iter()
        .map(|p| vec![p.orig_len.to_string(), p.data.len().to_string()])
        .collect();
    assert_eq!(rows, want, "tshark frame.len/frame.cap_len of {path}");
}

pub(crate) fn plural(n: u64) -> &'static str {
    if n == 1 {
        "packet"
    } else {
        "packets"
    }
}

/// Parses `N packet(s) WHAT`, checking the plural; `None` if it is not one.
pub(crate) fn stat_part(part: &str, what: &str) -> Option<u64> {
    let part = part.trim();
    let part = part.strip_prefix("promisc: ").unwrap_or(part);
    let (n, rest) = part.split_once(' ')?;
    let n: u64 = n.parse().ok()?;
    let (word, tail) = rest.split_once(' ')?;
    if tail != what || !word.starts_with("packet") {
        return None;
    }
    assert_eq!(word, plural(n), "singular/plural in {part:?}");
    Some(n)
}

/// (captured, received by filter, dropped by kernel) from the three lines
/// printed at the end of a capture.
pub(crate) fn final_stats(stderr: &str) -> (u64, u64, u64) {
    let find = |what: &str| {
        stderr
            .lines()
            .find_map(|l| stat_part(l, what))
            .unwrap_or_else(|| panic!("no `N packets {what}` line on stderr:\n{stderr}"))
    };
    (
        find("captured"),
        find("received by filter"),
        find("dropped by kernel"),
    )
}

/// The same from the one-line form printed on SIGUSR1.
pub(crate) fn one_line_stats(line: &str) -> Option<(u64, u64, u64)> {
    let parts: Vec<&str> = line.split(", ").collect();
    if parts.len() != 3 {
        return None;
    }
    Some((
        stat_part(parts[0], "captured")?,
        stat_part(parts[1], "received by filter")?,
        stat_part(parts[2], "dropped by kernel")?,
    ))
}

/// Waits (bounded by [`TIMEOUT`]) until capture `p` says, asked with SIGUSR1, that at least `n`
/// packets passed its kernel filter: the kernel has handed them to its socket, so the capture
/// writes them before it ends on a signal. The sender's exit does not mean that much: a loaded
/// machine may leave the delivery to ksoftirqd. (The one-line statistics it prints are read
/// here, and are not part of the stderr that [`wait_end`] returns.)
pub(crate) fn wait_received(p: &Proc, n: u64) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        p.signal("USR1");
        let mut last = None;
        while let Some(line) = p.next_stderr(Duration::from_millis(200)) {
            if let Some(stats) = one_line_stats(&line) {
                last = Some(stats);
                break;
            }
        }
        if last.is_some_and(|(_, received, _)| received >= n) {
            return;
        }
        assert!(p.exited().is_none(), "`{}` ended: {:?}", p.what, p.seen());
        assert!(
            Instant::now() < deadline,
            "`{}` did not receive {n} packets within {TIMEOUT:?} (last statistics {last:?}): {:?}",
            p.what,
            p.seen()
        );
    }
}

/// Asserts `N packets captured`, received >= N, 0 dropped.
pub(crate) fn assert_final_stats(end: &Ended, n: u64) {
    let (captured, received, dropped) = final_stats(&end.stderr);
    assert_eq!(captured, n, "packets captured: {end}");
    assert!(received >= n, "received by filter >= {n}: {end}");
    assert_eq!(dropped, 0, "dropped by kernel: {end}");
}

/// Captures `frames` (sent out of veth1) on veth0 with `-c` into `path`,
/// with `extra` arguments; checks the exit and the statistics.
pub(crate) fn capture_frames(
    ns: &Netns,
    dir: &TempDir,
    path: &str,
    extra: &[&str],
    frames: &[Vec<u8>],
) {
    let count = frames.len().to_string();
    let mut args = vec!["-i", "veth0", "-w", path, "-c", &count];
    args.extend_from_slice(extra);
    let p = capture(ns, &args);
    send(ns, dir, "veth1", frames);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
}

/// `tcpdump --immediate-mode -U -s 16384 ARGS...` in `ns`, once it listens: with `-w`, each
/// packet is in the file as soon as tcpdump has it (an oracle that [`wait_packets`] can wait
/// for). Immediate mode gives each packet a ring slot of the snapshot length: with the default
/// (262144 bytes) the 2 MiB ring holds 8 packets, and a loaded machine made tcpdump drop the
/// rest; 16384 bytes (longer than any test frame) makes it about 120.
pub(crate) fn tcpdump_writing(ns: &Netns, args: &[&str]) -> Proc {
    let mut argv = vec!["tcpdump", "--immediate-mode", "-U", "-s", "16384"];
    argv.extend_from_slice(args);
    let p = ns.spawn(&argv);
    p.wait_stderr("listening on");
    p
}

/// How many whole packets the savefile `path` holds so far: none while it is missing or its
/// header is not written yet, and a record still being written is not counted.
pub(crate) fn packets_so_far(path: &str) -> usize {
    std::fs::read(path)
        .ok()
        .and_then(|b| parse_savefile(&b).ok())
        .map_or(0, |f| f.packets.len())
}

/// Waits (bounded by [`TIMEOUT`]) until the savefile `path`, written by `writer`, holds at
/// least `n` packets; `what` says why `n`.
pub(crate) fn wait_packets(writer: &Proc, path: &str, n: usize, what: &str) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let have = packets_so_far(path);
        if have >= n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path} holds {have} packets after {TIMEOUT:?}, {n} expected ({what}); `{}` printed {:?}",
            writer.what,
            writer.seen()
        );
        assert!(
            writer.exited().is_none(),
            "`{}` ended with {have} packets in {path}, {n} expected ({what}): {:?}",
            writer.what,
            writer.seen()
        );
        thread::sleep(POLL);
    }
}

/// Whether process `pid` sleeps in poll(2): its state is `S` and its wait channel a poll
/// function (/proc/PID/stat and /proc/PID/wchan).
pub(crate) fn asleep_in_poll(pid: u32) -> bool {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let state = stat.rsplit_once(") ").and_then(|(_, r)| r.chars().next());
    let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
    state == Some('S') && wchan.contains("poll")
}

/// Waits (bounded by [`TIMEOUT`]) until tcpdump `t` (see [`tcpdump_writing`]) has written every
/// packet its socket was handed: it sleeps in poll(2), which returns at once while a packet
/// waits in its ring (and a wake-up makes it runnable first). Called once the kernel has
/// handed the packets out (an unfiltered reference capture has all of them), this is
/// readiness: SIGINT makes tcpdump stop without reading what its ring still holds.
pub(crate) fn wait_drained(t: &Proc) {
    wait_until(&format!("`{}` to sleep in poll", t.what), TIMEOUT, || {
        asleep_in_poll(t.pid())
    });
}

/// `promisc read -n ARGS...`
pub(crate) fn read_cmd(args: &[&str]) -> Run {
    let bin = bin();
    let mut argv = vec!["env", "TZ=UTC", bin.as_str(), "read", "-n"];
    argv.extend_from_slice(args);
    run_bounded(&argv, CMD_TIMEOUT)
}

/// Inodes of `pid`'s packet sockets, by the ifindex they are bound to.
pub(crate) fn packet_sockets_of(ns: &Netns, pid: u32) -> Vec<i64> {
    let mine = socket_inodes(i64::from(pid));
    let mut ifindexes: Vec<i64> = packet_sockets_in(&ns.name)
        .into_iter()
        .filter(|(inode, _)| mine.contains(inode))
        .map(|(_, s)| s.ifindex)
        .collect();
    ifindexes.sort();
    ifindexes
}

pub(crate) fn all_zero(ns: &Netns) {
    for (name, (promiscuity, _)) in ip_counters(ns) {
        assert_eq!(promiscuity, 0, "{name} promiscuity after the errors");
    }
}

/// How `promisc read -n -r path OPTS` differs from `tcpdump -n -r path OPTS`
/// (both in UTC): every differing stdout line, a different line count, a
/// different `reading from file` line on stderr. Empty when they agree.
pub(crate) fn differences_from_tcpdump(path: &str, opts: &[&str]) -> Vec<String> {
    let bin = bin();
    let mut ours = vec!["env", "TZ=UTC", bin.as_str(), "read", "-n", "-r", path];
    ours.extend_from_slice(opts);
    let mut theirs = vec!["env", "TZ=UTC", "tcpdump", "-n", "-r", path];
    theirs.extend_from_slice(opts);
    let ours = run_bounded(&ours, CMD_TIMEOUT);
    ours.expect_success();
    let theirs = run_bounded(&theirs, CMD_TIMEOUT);
    theirs.expect_success();
    let what = format!("`promisc read -r {path} {}`", opts.join(" "));
    let mut diffs = Vec::new();
    let (o, t): (Vec<&str>, Vec<&str>) = (
        ours.stdout.lines().collect(),
        theirs.stdout.lines().collect(),
    );
    for (i, (a, b)) in o.iter().zip(&t).enumerate() {
        if a != b {
            diffs.push(format!(
                "{what} line {i}:\n   promisc: {a}\n   tcpdump: {b}"
            ));
        }
    }
    if o.len() != t.len() {
        diffs.push(format!(
            "{what}: {} lines, tcpdump {}:\n{ours}\nvs {theirs}",
            o.len(),
            t.len()
        ));
    }
    let first = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("reading from file"))
            .map(str::to_string)
    };
    let (a, b) = (first(&ours.stderr), first(&theirs.stderr));
    if a != b {
        diffs.push(format!(
            "{what}: the `reading from file` line on stderr:\n   promisc: {a:?}\n   tcpdump: {b:?}"
        ));
    }
    diffs
}

/// Asserts that `diffs` is empty, showing all of them.
pub(crate) fn assert_no_differences(diffs: &[String]) {
    assert!(
        diffs.is_empty(),
        "{} difference(s) from tcpdump:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
