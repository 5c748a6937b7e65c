//! Privileged integration tests of `promisc capture` and `promisc read`
//! (DESIGN.md §3).
//!
//! Every test builds its own network namespace (see `harness::Netns`) with
//! veth pairs whose MAC addresses are fixed and whose IPv6 is disabled before
//! the links exist, so that the only frames on the wire are the ones the test
//! sends (with `tests/helpers/send_frames.py`, raw, byte for byte).
//!
//! The oracles are independent of promisc: a small pcap/pcapng parser in this
//! file, `tcpdump -r` (hex dumps and printed lines), `tshark -r`, `capinfos`,
//! iproute2 and /proc.
//!
//! They need root; otherwise they print `skipped: <reason>` and pass, unless
//! `PROMISC_REQUIRE_PRIVILEGED=1`. A missing tcpdump, tshark, capinfos,
//! python3 or setpriv is a skip as well (a failure under
//! `PROMISC_REQUIRE_PRIVILEGED=1`).

mod harness;

use harness::*;
use serde_json::Value;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Bound of a whole capture (start to exit).
const CAPTURE_TIMEOUT: Duration = Duration::from_secs(20);

const MAC0: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa0];
const MAC1: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa1];
const MAC2: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa2];
const MAC3: [u8; 6] = [0x02, 0, 0, 0, 0, 0xa3];
/// A unicast address no interface has: only a promiscuous capture sees it.
const OTHER: [u8; 6] = [0x02, 0, 0, 0, 0, 0xbb];
const BROADCAST: [u8; 6] = [0xff; 6];
/// IEEE "local experimental" EtherType, for frames nothing else decodes.
const ETH_EXPERIMENTAL: u16 = 0x88b5;
const IP_A: [u8; 4] = [10, 0, 0, 1];
const IP_B: [u8; 4] = [10, 0, 0, 2];
const IP6_A: [u8; 16] = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const IP6_B: [u8; 16] = [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

// ---------------------------------------------------------------------------
// Set-up

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

/// No IPv6 in `ns` (no router/neighbour solicitations, no MLD reports), set
/// before any link exists; veth0 has no IPv4 address either, so the kernel
/// never sends anything on its own.
fn quiet(ns: &Netns) {
    ns.run(&[
        "sh",
        "-c",
        "for f in /proc/sys/net/ipv6/conf/default/disable_ipv6 \
                  /proc/sys/net/ipv6/conf/all/disable_ipv6; do \
           if [ -e $f ]; then echo 1 > $f; fi; done",
    ]);
}

/// `a` <-> `b`, with fixed MAC addresses, MTU 9000, both up.
fn veth(ns: &Netns, a: &str, b: &str, mac_a: [u8; 6], mac_b: [u8; 6]) {
    ns.ip(&format!("link add {a} type veth peer name {b}"));
    for (name, mac) in [(a, mac_a), (b, mac_b)] {
        ns.ip(&format!("link set {name} address {}", mac_text(mac)));
        ns.ip(&format!("link set {name} mtu 9000"));
        ns.ip(&format!("link set {name} up"));
    }
}

fn mac_text(m: [u8; 6]) -> String {
    m.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

static DIRS: AtomicUsize = AtomicUsize::new(0);

/// A directory under /tmp, removed (with its content) on drop.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new(short: &str) -> TempDir {
        let path = PathBuf::from(format!(
            "/tmp/promisc-cap-{}-{}-{short}",
            std::process::id(),
            DIRS.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("mkdir {path:?}: {e}"));
        TempDir { path }
    }

    /// The path of `name` in the directory.
    fn file(&self, name: &str) -> String {
        self.path
            .join(name)
            .to_str()
            .expect("utf-8 path")
            .to_string()
    }

    fn dir(&self) -> String {
        self.path.to_str().expect("utf-8 path").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A small tmpfs mounted on a fresh directory, unmounted on drop.
struct Tmpfs {
    dir: TempDir,
}

impl Tmpfs {
    fn new(short: &str, size: &str) -> Tmpfs {
        let dir = TempDir::new(short);
        run_ok(&[
            "mount",
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0755"),
            "tmpfs",
            &dir.dir(),
        ]);
        Tmpfs { dir }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazy: a process of the test may still have a file open.
        let _ = std::process::Command::new("umount")
            .args(["-l", &self.dir.dir()])
            .status();
    }
}

fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos() as u64
}

// ---------------------------------------------------------------------------
// Running promisc and the sender

/// `promisc capture ARGS...` in `ns`, once it says `listening on`.
fn capture(ns: &Netns, args: &[&str]) -> Proc {
    let bin = bin();
    let mut argv = vec![bin.as_str(), "capture"];
    argv.extend_from_slice(args);
    let p = ns.spawn(&argv);
    p.wait_stderr("listening on");
    p
}

/// How a process ended.
struct Ended {
    what: String,
    code: i32,
    /// The stderr lines not read before it ended.
    stderr: String,
}

impl Ended {
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code of {self}");
        self
    }

    fn expect_stderr_contains(&self, needle: &str) -> &Self {
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
fn wait_end(p: &Proc, timeout: Duration) -> Ended {
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
fn send(ns: &Netns, dir: &TempDir, ifname: &str, frames: &[Vec<u8>]) {
    send_paced(ns, dir, ifname, frames, None);
}

static HEXFILES: AtomicUsize = AtomicUsize::new(0);

/// [`send`], pausing `pause.1` ms after every `pause.0` frames.
fn send_paced(
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

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_else(|e| panic!("hex {s:?}: {e}")))
        .collect()
}

// ---------------------------------------------------------------------------
// Frames

fn checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = data
        .chunks(2)
        .map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])))
        .sum();
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

fn pattern(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// An Ethernet II (or 802.3, if `ethertype` <= 1500) frame.
fn eth(dst: [u8; 6], src: [u8; 6], ethertype: u16, payload: &[u8]) -> Vec<u8> {
    tagged(dst, src, &[], ethertype, payload)
}

/// A frame with VLAN tags `(tpid, tci)`, outermost first.
fn tagged(
    dst: [u8; 6],
    src: [u8; 6],
    tags: &[(u16, u16)],
    ethertype: u16,
    payload: &[u8],
) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&dst);
    f.extend_from_slice(&src);
    for (tpid, tci) in tags {
        f.extend_from_slice(&tpid.to_be_bytes());
        f.extend_from_slice(&tci.to_be_bytes());
    }
    f.extend_from_slice(&ethertype.to_be_bytes());
    f.extend_from_slice(payload);
    f
}

/// An IPv4 packet around `seg` (protocol `proto`), with the transport
/// checksum at `csum_at` in `seg` filled in (pseudo-header for UDP/TCP).
fn ipv4(src: [u8; 4], dst: [u8; 4], proto: u8, mut seg: Vec<u8>, csum_at: usize) -> Vec<u8> {
    let total = 20 + seg.len();
    let mut sum_input = Vec::new();
    if proto != 1 {
        sum_input.extend_from_slice(&src);
        sum_input.extend_from_slice(&dst);
        sum_input.extend_from_slice(&[0, proto]);
        sum_input.extend_from_slice(&(seg.len() as u16).to_be_bytes());
    }
    sum_input.extend_from_slice(&seg);
    let c = checksum(&sum_input);
    seg[csum_at..csum_at + 2].copy_from_slice(&c.to_be_bytes());
    let mut h = vec![
        0x45,
        0,
        (total >> 8) as u8,
        total as u8,
        0x12,
        0x34,
        0x40,
        0,
        64,
        proto,
        0,
        0,
    ];
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    let c = checksum(&h);
    h[10..12].copy_from_slice(&c.to_be_bytes());
    h.extend_from_slice(&seg);
    h
}

/// An IPv6 packet around `seg`, transport checksum at `csum_at`.
fn ipv6(src: [u8; 16], dst: [u8; 16], nh: u8, mut seg: Vec<u8>, csum_at: usize) -> Vec<u8> {
    let mut sum_input = Vec::new();
    sum_input.extend_from_slice(&src);
    sum_input.extend_from_slice(&dst);
    sum_input.extend_from_slice(&(seg.len() as u32).to_be_bytes());
    sum_input.extend_from_slice(&[0, 0, 0, nh]);
    sum_input.extend_from_slice(&seg);
    let c = checksum(&sum_input);
    seg[csum_at..csum_at + 2].copy_from_slice(&c.to_be_bytes());
    let mut h = vec![0x60, 0, 0, 0];
    h.extend_from_slice(&(seg.len() as u16).to_be_bytes());
    h.extend_from_slice(&[nh, 64]);
    h.extend_from_slice(&src);
    h.extend_from_slice(&dst);
    h.extend_from_slice(&seg);
    h
}

fn udp(sport: u16, dport: u16, data: &[u8]) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&sport.to_be_bytes());
    s.extend_from_slice(&dport.to_be_bytes());
    s.extend_from_slice(&((8 + data.len()) as u16).to_be_bytes());
    s.extend_from_slice(&[0, 0]);
    s.extend_from_slice(data);
    s
}

fn tcp(sport: u16, dport: u16, seq: u32, ack: u32, flags: u8, data: &[u8]) -> Vec<u8> {
    let mut s = Vec::new();
    s.extend_from_slice(&sport.to_be_bytes());
    s.extend_from_slice(&dport.to_be_bytes());
    s.extend_from_slice(&seq.to_be_bytes());
    s.extend_from_slice(&ack.to_be_bytes());
    s.extend_from_slice(&[5 << 4, flags]);
    s.extend_from_slice(&64240u16.to_be_bytes());
    s.extend_from_slice(&[0, 0, 0, 0]);
    s.extend_from_slice(data);
    s
}

/// ICMP (type 8/0) or ICMPv6 (128/129) echo.
fn echo(ty: u8, id: u16, seq: u16, data: &[u8]) -> Vec<u8> {
    let mut s = vec![ty, 0, 0, 0];
    s.extend_from_slice(&id.to_be_bytes());
    s.extend_from_slice(&seq.to_be_bytes());
    s.extend_from_slice(data);
    s
}

fn udp4(dst: [u8; 6], sport: u16, dport: u16, data: &[u8]) -> Vec<u8> {
    eth(
        dst,
        MAC1,
        0x0800,
        &ipv4(IP_A, IP_B, 17, udp(sport, dport, data), 6),
    )
}

fn arp(op: u16, sha: [u8; 6], spa: [u8; 4], tha: [u8; 6], tpa: [u8; 4]) -> Vec<u8> {
    let mut p = vec![0, 1, 8, 0, 6, 4];
    p.extend_from_slice(&op.to_be_bytes());
    p.extend_from_slice(&sha);
    p.extend_from_slice(&spa);
    p.extend_from_slice(&tha);
    p.extend_from_slice(&tpa);
    p
}

/// Frame number `i`: `size` bytes, experimental EtherType, `i` (big endian)
/// right after the Ethernet header.
fn numbered(i: u32, size: usize) -> Vec<u8> {
    let mut payload = i.to_be_bytes().to_vec();
    payload.extend(pattern(size - 18, i as u8));
    eth(OTHER, MAC1, ETH_EXPERIMENTAL, &payload)
}

fn number_of(frame: &[u8]) -> u32 {
    assert!(frame.len() >= 18, "not a numbered frame: {}", hex(frame));
    u32::from_be_bytes(frame[14..18].try_into().unwrap())
}

/// The frames of the byte-for-byte test, with what each one is.
fn known_frames() -> Vec<(&'static str, Vec<u8>)> {
    let stp_bpdu = {
        let mut p = vec![0x42, 0x42, 0x03];
        p.extend(pattern(35, 5));
        p
    };
    vec![
        (
            "IPv4/UDP to a MAC nobody has",
            udp4(OTHER, 40000, 9, b"to another host"),
        ),
        (
            "ARP who-has, broadcast, 42 bytes (no padding)",
            eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        ),
        (
            "ICMP echo to veth0's own MAC",
            eth(
                MAC0,
                MAC1,
                0x0800,
                &ipv4(IP_A, IP_B, 1, echo(8, 0x1234, 1, &pattern(56, 1)), 2),
            ),
        ),
        (
            "802.1Q PCP 5 VID 100, IPv4/UDP",
            tagged(
                OTHER,
                MAC1,
                &[(0x8100, 0xa064)],
                0x0800,
                &ipv4(IP_A, IP_B, 17, udp(1000, 2000, b"vlan 100"), 6),
            ),
        ),
        (
            "QinQ 802.1ad VID 200 / 802.1Q VID 300, IPv4/UDP",
            tagged(
                OTHER,
                MAC1,
                &[(0x88a8, 200), (0x8100, 300)],
                0x0800,
                &ipv4(IP_A, IP_B, 17, udp(1001, 2001, b"qinq 200/300"), 6),
            ),
        ),
        (
            "802.1Q priority tag (TCI 0), ARP, broadcast",
            tagged(
                BROADCAST,
                MAC1,
                &[(0x8100, 0)],
                0x0806,
                &arp(1, MAC1, IP_A, [0; 6], IP_B),
            ),
        ),
        (
            "runt of 20 bytes",
            eth(OTHER, MAC1, ETH_EXPERIMENTAL, &[1, 2, 3, 4, 5, 6]),
        ),
        (
            "IPv4 multicast 224.0.0.251 UDP 5353",
            eth(
                [0x01, 0, 0x5e, 0, 0, 0xfb],
                MAC1,
                0x0800,
                &ipv4(IP_A, [224, 0, 0, 251], 17, udp(5353, 5353, &[0; 12]), 6),
            ),
        ),
        (
            "802.3/LLC STP BPDU to 01:80:c2:00:00:00",
            eth(
                [0x01, 0x80, 0xc2, 0, 0, 0],
                MAC1,
                stp_bpdu.len() as u16,
                &stp_bpdu,
            ),
        ),
        (
            "1514-byte IPv4/UDP",
            udp4(OTHER, 3000, 4000, &pattern(1514 - 42, 9)),
        ),
        (
            "1518-byte 802.1Q frame",
            tagged(
                OTHER,
                MAC1,
                &[(0x8100, 7)],
                ETH_EXPERIMENTAL,
                &pattern(1500, 11),
            ),
        ),
        (
            "9014-byte jumbo frame",
            eth(OTHER, MAC1, ETH_EXPERIMENTAL, &pattern(9000, 13)),
        ),
    ]
}

fn frames_only(named: &[(&str, Vec<u8>)]) -> Vec<Vec<u8>> {
    named.iter().map(|(_, f)| f.clone()).collect()
}

/// One frame of each kind tcpdump decodes, for the printing tests.
fn printable_frames() -> Vec<Vec<u8>> {
    let dns_query = {
        let mut q = vec![0x1a, 0x2b, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        for label in ["example", "com"] {
            q.push(label.len() as u8);
            q.extend_from_slice(label.as_bytes());
        }
        q.extend_from_slice(&[0, 0, 1, 0, 1]);
        q
    };
    vec![
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(MAC0, MAC1, 0x0806, &arp(2, MAC1, IP_A, MAC0, IP_B)),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 1, echo(8, 0x1234, 1, &pattern(56, 1)), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(IP_B, IP_A, 1, echo(0, 0x1234, 1, &pattern(56, 1)), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(40000, 80, 1000, 0, 0x02, &[]), 16),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(
                IP_A,
                IP_B,
                6,
                tcp(40000, 80, 1001, 5000, 0x18, b"GET / HTTP"),
                16,
            ),
        ),
        udp4(MAC0, 5000, 9, b"hello, world"),
        udp4(MAC0, 5353, 53, &dns_query),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 58, echo(128, 0x4321, 7, &pattern(32, 3)), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 6, tcp(40001, 443, 77, 0, 0x02, &[]), 16),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, udp(5001, 9, b"six"), 6),
        ),
        tagged(
            OTHER,
            MAC1,
            &[(0x8100, 0xa064)],
            0x0800,
            &ipv4(IP_A, IP_B, 17, udp(1000, 2000, b"vlan 100"), 6),
        ),
    ]
}

// ---------------------------------------------------------------------------
// A savefile parser (the test's own oracle)

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pcap { nano: bool },
    PcapNg,
}

#[derive(Debug, Clone, Default)]
struct Iface {
    linktype: u32,
    snaplen: u32,
    name: Option<String>,
    /// pcapng `if_tsresol` (absent: microseconds).
    tsresol: Option<u8>,
}

#[derive(Debug, Clone)]
struct Pkt {
    iface: u32,
    ts_ns: u64,
    orig_len: u32,
    data: Vec<u8>,
    /// Offsets of the record (header included) in the file.
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Default)]
struct Isb {
    iface: u32,
    ifrecv: Option<u64>,
    ifdrop: Option<u64>,
    usrdeliv: Option<u64>,
}

#[derive(Debug)]
struct Savefile {
    kind: Kind,
    ifaces: Vec<Iface>,
    packets: Vec<Pkt>,
    isbs: Vec<Isb>,
    /// Where parsing stopped early, and why.
    error: Option<String>,
}

impl Savefile {
    fn data(&self) -> Vec<Vec<u8>> {
        self.packets.iter().map(|p| p.data.clone()).collect()
    }
}

fn rd16(b: &[u8], at: usize, le: bool) -> u16 {
    let x = [b[at], b[at + 1]];
    if le {
        u16::from_le_bytes(x)
    } else {
        u16::from_be_bytes(x)
    }
}

fn rd32(b: &[u8], at: usize, le: bool) -> u32 {
    let x = [b[at], b[at + 1], b[at + 2], b[at + 3]];
    if le {
        u32::from_le_bytes(x)
    } else {
        u32::from_be_bytes(x)
    }
}

fn rd64(b: &[u8], at: usize, le: bool) -> u64 {
    let x: [u8; 8] = b[at..at + 8].try_into().unwrap();
    if le {
        u64::from_le_bytes(x)
    } else {
        u64::from_be_bytes(x)
    }
}

/// Parses a pcap or pcapng file; `Err` when not even the header is good,
/// otherwise every good record and, in `error`, why it stopped early.
fn parse_savefile(b: &[u8]) -> Result<Savefile, String> {
    if b.len() < 4 {
        return Err(format!("{} bytes: no magic number", b.len()));
    }
    if b[..4] == [0x0a, 0x0d, 0x0d, 0x0a] {
        parse_pcapng(b)
    } else {
        parse_pcap(b)
    }
}

fn parse_pcap(b: &[u8]) -> Result<Savefile, String> {
    if b.len() < 24 {
        return Err(format!("pcap header truncated ({} bytes)", b.len()));
    }
    let (le, nano) = match u32::from_le_bytes(b[..4].try_into().unwrap()) {
        0xa1b2_c3d4 => (true, false),
        0xa1b2_3c4d => (true, true),
        0xd4c3_b2a1 => (false, false),
        0x4d3c_b2a1 => (false, true),
        m => return Err(format!("unknown magic {m:#010x}")),
    };
    let (major, minor) = (rd16(b, 4, le), rd16(b, 6, le));
    if (major, minor) != (2, 4) {
        return Err(format!("pcap version {major}.{minor}"));
    }
    let mut f = Savefile {
        kind: Kind::Pcap { nano },
        ifaces: vec![Iface {
            snaplen: rd32(b, 16, le),
            linktype: rd32(b, 20, le),
            name: None,
            tsresol: None,
        }],
        packets: Vec::new(),
        isbs: Vec::new(),
        error: None,
    };
    let mut off = 24;
    while off < b.len() {
        if b.len() - off < 16 {
            f.error = Some(format!("record header truncated at offset {off}"));
            break;
        }
        let (sec, frac) = (rd32(b, off, le), rd32(b, off + 4, le));
        let (incl, orig) = (rd32(b, off + 8, le) as usize, rd32(b, off + 12, le));
        if b.len() - off - 16 < incl {
            f.error = Some(format!("record data truncated at offset {off}"));
            break;
        }
        let unit = if nano { 1 } else { 1000 };
        if u64::from(frac) * unit >= 1_000_000_000 {
            f.error = Some(format!("fraction {frac} out of range at offset {off}"));
            break;
        }
        f.packets.push(Pkt {
            iface: 0,
            ts_ns: u64::from(sec) * 1_000_000_000 + u64::from(frac) * unit,
            orig_len: orig,
            data: b[off + 16..off + 16 + incl].to_vec(),
            start: off,
            end: off + 16 + incl,
        });
        off += 16 + incl;
    }
    Ok(f)
}

/// (code, value) of the options in `opts`.
fn pcapng_options(opts: &[u8], le: bool) -> Result<Vec<(u16, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let mut off = 0;
    while off + 4 <= opts.len() {
        let (code, len) = (rd16(opts, off, le), rd16(opts, off + 2, le) as usize);
        if code == 0 {
            break;
        }
        if off + 4 + len > opts.len() {
            return Err(format!("option {code} overruns its block"));
        }
        out.push((code, opts[off + 4..off + 4 + len].to_vec()));
        off += 4 + len.div_ceil(4) * 4;
    }
    Ok(out)
}

fn ts_to_ns(ts: u64, tsresol: Option<u8>) -> u64 {
    let r = tsresol.unwrap_or(6);
    if r & 0x80 != 0 {
        ((u128::from(ts) * 1_000_000_000) >> (r & 0x7f)) as u64
    } else if r <= 9 {
        ts * 10u64.pow(9 - u32::from(r))
    } else {
        ts / 10u64.pow(u32::from(r) - 9)
    }
}

fn parse_pcapng(b: &[u8]) -> Result<Savefile, String> {
    let mut f = Savefile {
        kind: Kind::PcapNg,
        ifaces: Vec::new(),
        packets: Vec::new(),
        isbs: Vec::new(),
        error: None,
    };
    let mut le = true;
    let mut base = 0;
    let mut off = 0;
    while off < b.len() {
        if b.len() - off < 12 {
            f.error = Some(format!("block header truncated at offset {off}"));
            break;
        }
        if b[off..off + 4] == [0x0a, 0x0d, 0x0d, 0x0a] {
            le = match b[off + 8..off + 12] {
                [0x4d, 0x3c, 0x2b, 0x1a] => true,
                [0x1a, 0x2b, 0x3c, 0x4d] => false,
                _ => {
                    f.error = Some(format!("bad byte-order magic at offset {off}"));
                    break;
                }
            };
            base = f.ifaces.len();
        }
        let ty = rd32(b, off, le);
        let total = rd32(b, off + 4, le) as usize;
        if total < 12 || total % 4 != 0 {
            f.error = Some(format!("bad block length {total} at offset {off}"));
            break;
        }
        if b.len() - off < total {
            f.error = Some(format!(
                "block of type {ty:#x} truncated at offset {off} ({total} bytes announced, {} left)",
                b.len() - off
            ));
            break;
        }
        if rd32(b, off + total - 4, le) as usize != total {
            f.error = Some(format!("trailing length mismatch at offset {off}"));
            break;
        }
        let body = &b[off + 8..off + total - 4];
        let res: Result<(), String> = (|| {
            match ty {
                1 => {
                    let mut i = Iface {
                        linktype: u32::from(rd16(body, 0, le)),
                        snaplen: rd32(body, 4, le),
                        ..Iface::default()
                    };
                    for (code, v) in pcapng_options(&body[8..], le)? {
                        match code {
                            2 => {
                                i.name = Some(
                                    String::from_utf8_lossy(&v)
                                        .trim_end_matches('\0')
                                        .to_string(),
                                )
                            }
                            9 => i.tsresol = v.first().copied(),
                            _ => {}
                        }
                    }
                    f.ifaces.push(i);
                }
                6 => {
                    let id = base + rd32(body, 0, le) as usize;
                    let iface = f
                        .ifaces
                        .get(id)
                        .ok_or(format!("EPB for undeclared interface {id}"))?;
                    let ts = (u64::from(rd32(body, 4, le)) << 32) | u64::from(rd32(body, 8, le));
                    let caplen = rd32(body, 12, le) as usize;
                    if 20 + caplen > body.len() {
                        return Err(format!("EPB caplen {caplen} overruns its block"));
                    }
                    f.packets.push(Pkt {
                        iface: id as u32,
                        ts_ns: ts_to_ns(ts, iface.tsresol),
                        orig_len: rd32(body, 16, le),
                        data: body[20..20 + caplen].to_vec(),
                        start: off,
                        end: off + total,
                    });
                }
                3 => {
                    let iface = f.ifaces.get(base).ok_or("SPB without an interface")?;
                    let orig = rd32(body, 0, le);
                    let mut caplen = orig as usize;
                    if iface.snaplen != 0 {
                        caplen = caplen.min(iface.snaplen as usize);
                    }
                    if 4 + caplen > body.len() {
                        return Err("SPB overruns its block".into());
                    }
                    f.packets.push(Pkt {
                        iface: base as u32,
                        ts_ns: 0,
                        orig_len: orig,
                        data: body[4..4 + caplen].to_vec(),
                        start: off,
                        end: off + total,
                    });
                }
                5 => {
                    let mut s = Isb {
                        iface: (base + rd32(body, 0, le) as usize) as u32,
                        ..Isb::default()
                    };
                    for (code, v) in pcapng_options(&body[12..], le)? {
                        let n = (v.len() == 8).then(|| rd64(&v, 0, le));
                        match code {
                            4 => s.ifrecv = n,
                            5 => s.ifdrop = n,
                            8 => s.usrdeliv = n,
                            _ => {}
                        }
                    }
                    f.isbs.push(s);
                }
                _ => {}
            }
            Ok(())
        })();
        if let Err(e) = res {
            f.error = Some(format!("block at offset {off}: {e}"));
            break;
        }
        off += total;
    }
    Ok(f)
}

fn read_savefile(path: &str) -> Savefile {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    parse_savefile(&bytes).unwrap_or_else(|e| panic!("{path} is not a savefile: {e}"))
}

/// The file, which must be complete: no damaged or truncated record.
fn read_complete(path: &str) -> Savefile {
    let f = read_savefile(path);
    if let Some(e) = &f.error {
        panic!(
            "{path} is damaged ({e}) after {} good packets",
            f.packets.len()
        );
    }
    f
}

fn assert_same_frames(what: &str, got: &[Vec<u8>], want: &[Vec<u8>]) {
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

// ---------------------------------------------------------------------------
// tcpdump, tshark

/// The captured bytes of each packet of `path`, per `tcpdump -n -xx -r`
/// (which must read the file to its end without complaint).
fn tcpdump_hex(path: &str, filter: &[&str]) -> Vec<Vec<u8>> {
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
fn tshark_fields(path: &str, fields: &[&str]) -> Vec<Vec<String>> {
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
fn assert_tools_agree(path: &str, f: &Savefile) {
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

// ---------------------------------------------------------------------------
// Statistics lines

fn plural(n: u64) -> &'static str {
    if n == 1 {
        "packet"
    } else {
        "packets"
    }
}

/// Parses `N packet(s) WHAT`, checking the plural; `None` if it is not one.
fn stat_part(part: &str, what: &str) -> Option<u64> {
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
fn final_stats(stderr: &str) -> (u64, u64, u64) {
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
fn one_line_stats(line: &str) -> Option<(u64, u64, u64)> {
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

/// Asserts `N packets captured`, received >= N, 0 dropped.
fn assert_final_stats(end: &Ended, n: u64) {
    let (captured, received, dropped) = final_stats(&end.stderr);
    assert_eq!(captured, n, "packets captured: {end}");
    assert!(received >= n, "received by filter >= {n}: {end}");
    assert_eq!(dropped, 0, "dropped by kernel: {end}");
}

/// Captures `frames` (sent out of veth1) on veth0 with `-c` into `path`,
/// with `extra` arguments; checks the exit and the statistics.
fn capture_frames(ns: &Netns, dir: &TempDir, path: &str, extra: &[&str], frames: &[Vec<u8>]) {
    let count = frames.len().to_string();
    let mut args = vec!["-i", "veth0", "-w", path, "-c", &count];
    args.extend_from_slice(extra);
    let p = capture(ns, &args);
    send(ns, dir, "veth1", frames);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
}

// 1 -------------------------------------------------------------------------

#[test]
fn known_frames_are_captured_byte_for_byte() {
    let ns = lab!("bytes", ["tcpdump", "tshark"]);
    let dir = TempDir::new("bytes");
    let named = known_frames();
    let frames = frames_only(&named);
    for (name, extra, kind) in [
        ("k.pcap", &[][..], Kind::Pcap { nano: false }),
        ("k-ns.pcap", &["--nano"][..], Kind::Pcap { nano: true }),
        ("k.pcapng", &[][..], Kind::PcapNg),
        ("k.out", &["--format", "pcapng"][..], Kind::PcapNg),
    ] {
        let path = dir.file(name);
        let before = now_ns();
        capture_frames(&ns, &dir, &path, extra, &frames);
        let after = now_ns();

        let f = read_complete(&path);
        assert_eq!(f.kind, kind, "format of {path} ({extra:?})");
        assert_eq!(f.ifaces.len(), 1, "{path}: {:?}", f.ifaces);
        assert_eq!(f.ifaces[0].linktype, 1, "{path}: link type EN10MB");
        for (i, (p, (what, sent))) in f.packets.iter().zip(&named).enumerate() {
            assert_eq!(
                hex(&p.data),
                hex(sent),
                "{path}: packet {i} ({what}) differs from what was sent"
            );
            assert_eq!(
                p.orig_len as usize,
                sent.len(),
                "{path}: orig_len of {what}"
            );
            assert_eq!(p.iface, 0);
            assert!(
                p.ts_ns + 1_000_000 >= before && p.ts_ns <= after,
                "{path}: timestamp {} of {what} outside the capture [{before}, {after}]",
                p.ts_ns
            );
            if kind == (Kind::Pcap { nano: false }) {
                assert_eq!(p.ts_ns % 1000, 0, "µs file, whole microseconds");
            }
        }
        assert_same_frames(&path, &f.data(), &frames);
        let ts: Vec<u64> = f.packets.iter().map(|p| p.ts_ns).collect();
        assert!(
            ts.windows(2).all(|w| w[0] <= w[1]),
            "{path}: timestamps in order: {ts:?}"
        );
        if kind == Kind::PcapNg {
            assert_eq!(
                f.ifaces[0].name.as_deref(),
                Some("veth0"),
                "{path}: if_name"
            );
            assert_eq!(f.ifaces[0].tsresol, Some(9), "{path}: if_tsresol");
            let isb = f
                .isbs
                .iter()
                .find(|s| s.iface == 0)
                .unwrap_or_else(|| panic!("{path}: no ISB: {:?}", f.isbs));
            assert_eq!(isb.usrdeliv, Some(frames.len() as u64), "{path}: {isb:?}");
            assert_eq!(isb.ifdrop, Some(0), "{path}: {isb:?}");
            assert!(
                isb.ifrecv.is_some_and(|r| r >= frames.len() as u64),
                "{path}: {isb:?}"
            );
        }
        assert_tools_agree(&path, &f);
    }
}

#[test]
fn snaplen_keeps_the_first_bytes_and_the_original_length() {
    let ns = lab!("snaplen", ["tshark"]);
    let dir = TempDir::new("snaplen");
    let frames = frames_only(&known_frames());
    for name in ["s.pcap", "s.pcapng"] {
        let path = dir.file(name);
        capture_frames(&ns, &dir, &path, &["-s", "64"], &frames);
        let f = read_complete(&path);
        assert_eq!(f.ifaces[0].snaplen, 64, "{path}: snaplen in the header");
        let want: Vec<Vec<u8>> = frames
            .iter()
            .map(|fr| fr[..fr.len().min(64)].to_vec())
            .collect();
        assert_same_frames(&path, &f.data(), &want);
        let orig: Vec<usize> = f.packets.iter().map(|p| p.orig_len as usize).collect();
        let sent: Vec<usize> = frames.iter().map(Vec::len).collect();
        assert_eq!(orig, sent, "{path}: original lengths");
        let rows = tshark_fields(&path, &["frame.len", "frame.cap_len"]);
        let want: Vec<Vec<String>> = frames
            .iter()
            .map(|fr| vec![fr.len().to_string(), fr.len().min(64).to_string()])
            .collect();
        assert_eq!(rows, want, "tshark frame.len/cap_len of {path}");
    }
}

#[test]
fn dash_w_dash_writes_the_file_to_standard_output() {
    let ns = lab!("stdout", ["tcpdump"]);
    let dir = TempDir::new("stdout");
    let frames = frames_only(&known_frames());
    let path = dir.file("out.pcap");
    let bin = bin();
    let count = frames.len().to_string();
    let script = format!("exec \"$0\" capture -i veth0 -c {count} -w - > {path}");
    let p = ns.spawn(&["sh", "-c", &script, &bin]);
    p.wait_stderr("listening on");
    send(&ns, &dir, "veth1", &frames);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
    let f = read_complete(&path);
    assert_eq!(f.kind, Kind::Pcap { nano: false });
    assert_same_frames("-w - output", &f.data(), &frames);
    assert_same_frames(
        "tcpdump -r of -w - output",
        &tcpdump_hex(&path, &[]),
        &frames,
    );
}

// 2 -------------------------------------------------------------------------

#[test]
fn two_interfaces_in_one_pcapng() {
    let ns = lab!("two", ["tcpdump", "tshark", "capinfos"]);
    veth(&ns, "veth2", "veth3", MAC2, MAC3);
    let dir = TempDir::new("two");
    let a: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 100)).collect();
    let b: Vec<Vec<u8>> = (100..104).map(|i| numbered(i, 200)).collect();
    // No extension: several interfaces mean pcapng.
    let path = dir.file("two");
    let total = (a.len() + b.len()) as u64;
    let p = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-i",
            "veth2",
            "-w",
            &path,
            "-c",
            &total.to_string(),
        ],
    );
    send(&ns, &dir, "veth1", &a);
    send(&ns, &dir, "veth3", &b);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, total);

    let f = read_complete(&path);
    assert_eq!(
        f.kind,
        Kind::PcapNg,
        "several interfaces make a pcapng file"
    );
    let names: Vec<Option<&str>> = f.ifaces.iter().map(|i| i.name.as_deref()).collect();
    assert_eq!(names, [Some("veth0"), Some("veth2")], "{:?}", f.ifaces);
    for i in &f.ifaces {
        assert_eq!(i.linktype, 1, "{i:?}");
        assert_eq!(i.tsresol, Some(9), "{i:?}");
    }
    let on = |id: u32| -> Vec<Vec<u8>> {
        f.packets
            .iter()
            .filter(|p| p.iface == id)
            .map(|p| p.data.clone())
            .collect()
    };
    assert_same_frames("interface 0 (veth0)", &on(0), &a);
    assert_same_frames("interface 1 (veth2)", &on(1), &b);
    for (id, n) in [(0u32, a.len()), (1, b.len())] {
        let isbs: Vec<&Isb> = f.isbs.iter().filter(|s| s.iface == id).collect();
        assert_eq!(isbs.len(), 1, "one ISB for interface {id}: {:?}", f.isbs);
        let s = isbs[0];
        assert_eq!(s.usrdeliv, Some(n as u64), "isb_usrdeliv of {id}: {s:?}");
        assert_eq!(s.ifdrop, Some(0), "isb_ifdrop of {id}: {s:?}");
        assert!(
            s.ifrecv.is_some_and(|r| r >= n as u64),
            "isb_ifrecv of {id}: {s:?}"
        );
    }
    let (_, received, _) = final_stats(&end.stderr);
    let recv_sum: u64 = f.isbs.iter().filter_map(|s| s.ifrecv).sum();
    assert_eq!(recv_sum, received, "ISBs vs `received by filter`");

    // tshark: interface ids and names per packet, in the file's order.
    let rows = tshark_fields(
        &path,
        &["frame.interface_id", "frame.interface_name", "frame.len"],
    );
    let want: Vec<Vec<String>> = f
        .packets
        .iter()
        .map(|p| {
            vec![
                p.iface.to_string(),
                ["veth0", "veth2"][p.iface as usize].to_string(),
                p.orig_len.to_string(),
            ]
        })
        .collect();
    assert_eq!(rows, want, "tshark interface ids and names");
    assert_tools_agree(&path, &f);

    // capinfos sees two interfaces and their statistics.
    let info = run_ok(&["capinfos", &path]);
    assert!(
        info.contains("Number of interfaces in file: 2"),
        "capinfos:\n{info}"
    );
    assert!(info.contains("pcapng"), "capinfos file type:\n{info}");
    for id in 0..2 {
        assert!(
            info.contains(&format!("Interface #{id} info")),
            "capinfos interface {id}:\n{info}"
        );
    }
    let stat_entries = info.matches("Number of stat entries = 1").count();
    assert_eq!(
        stat_entries, 2,
        "one ISB per interface per capinfos:\n{info}"
    );

    // promisc read prints it as tcpdump does.
    assert_no_differences(&differences_from_tcpdump(&path, &[]));
}

// 3 -------------------------------------------------------------------------

/// Names in `dir` that start with `prefix`, sorted.
fn files_with_prefix(dir: &TempDir, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&dir.path)
        .unwrap_or_else(|e| panic!("read_dir {:?}: {e}", dir.path))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

const ROTATION_FRAMES: u32 = 2500;
const ROTATION_SIZE: usize = 1000;

fn rotation_frames() -> Vec<Vec<u8>> {
    (0..ROTATION_FRAMES)
        .map(|i| numbered(i, ROTATION_SIZE))
        .collect()
}

/// Captures `frames` with `-B 32768 -c N` and `rotation` arguments.
fn rotating_capture(ns: &Netns, dir: &TempDir, path: &str, rotation: &[&str], frames: &[Vec<u8>]) {
    let mut extra = vec!["-B", "32768"];
    extra.extend_from_slice(rotation);
    let count = frames.len().to_string();
    let mut args = vec!["-i", "veth0", "-w", path, "-c", &count];
    args.extend_from_slice(&extra);
    let p = capture(ns, &args);
    send_paced(ns, dir, "veth1", frames, Some((50, 2)));
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
}

#[test]
fn rotation_by_size_loses_and_repeats_nothing() {
    let ns = lab!("rot-c", ["tcpdump", "tshark"]);
    let dir = TempDir::new("rot-c");
    // 507-byte frames: 24 + 1912 * (16 + 507) is exactly 1,000,000, so the
    // first pcap file must take 1912 packets (it does not exceed -C 1).
    for (base, size) in [
        ("r.pcap", ROTATION_SIZE),
        ("ng.pcapng", ROTATION_SIZE),
        ("edge.pcap", 507),
    ] {
        let frames: Vec<Vec<u8>> = (0..ROTATION_FRAMES).map(|i| numbered(i, size)).collect();
        rotating_capture(&ns, &dir, &dir.file(base), &["-C", "1"], &frames);
        let names = files_with_prefix(&dir, base);
        assert!(
            names.len() >= 2,
            "{base}: more than 1 MB in 1 MB files: {names:?}"
        );
        let mut expected: Vec<String> = vec![base.to_string()];
        expected.extend((1..names.len()).map(|i| format!("{base}{i}")));
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| n[base.len()..].parse::<u32>().unwrap_or(0));
        assert_eq!(sorted, expected, "file names FILE, FILE1, FILE2, ...");
        let files: Vec<(String, u64, Savefile)> = sorted
            .iter()
            .map(|name| {
                let path = dir.file(name);
                let bytes = std::fs::metadata(&path).unwrap().len();
                let f = read_complete(&path);
                assert!(!f.packets.is_empty(), "{name} is empty");
                assert_tools_agree(&path, &f);
                (name.clone(), bytes, f)
            })
            .collect();
        let mut all = Vec::new();
        for (i, (name, bytes, f)) in files.iter().enumerate() {
            assert!(
                *bytes <= 1_000_000,
                "{name} is {bytes} bytes, more than -C 1"
            );
            if base.ends_with(".pcap") {
                assert_eq!(f.kind, Kind::Pcap { nano: false }, "{name}");
                // No file is closed early: the next record would not have fit.
                if let Some((_, _, next_file)) = files.get(i + 1) {
                    let next = 16 + next_file.packets[0].data.len() as u64;
                    assert!(
                        bytes + next > 1_000_000,
                        "{name} ({bytes} bytes, {} packets) was closed although the next \
                         record ({next} bytes) fit under 1,000,000",
                        f.packets.len()
                    );
                }
            } else {
                assert_eq!(f.kind, Kind::PcapNg, "{name}");
                assert_eq!(f.ifaces.len(), 1, "{name}: its own IDB");
                assert_eq!(f.ifaces[0].name.as_deref(), Some("veth0"), "{name}");
            }
            all.extend(f.data());
        }
        assert_same_frames(
            &format!("{base}: the files' packets, in order"),
            &all,
            &frames,
        );
    }
}

#[test]
fn rotation_ring_of_files_with_w() {
    let ns = lab!("rot-w", ["tcpdump", "tshark"]);
    let dir = TempDir::new("rot-w");
    let frames = rotation_frames();
    rotating_capture(
        &ns,
        &dir,
        &dir.file("w.pcap"),
        &["-C", "1", "-W", "2"],
        &frames,
    );
    let names = files_with_prefix(&dir, "w.pcap");
    assert_eq!(names, ["w.pcap0", "w.pcap1"], "-W 2: a ring of two names");
    let mut files: Vec<Savefile> = names
        .iter()
        .map(|n| {
            let path = dir.file(n);
            let f = read_complete(&path);
            assert_tools_agree(&path, &f);
            f
        })
        .collect();
    // The ring was reused: together the two files hold the newest packets,
    // contiguous, up to the last one sent.
    assert!(
        files.iter().all(|f| !f.packets.is_empty()),
        "an empty file in the ring"
    );
    files.sort_by_key(|f| number_of(&f.packets[0].data));
    let kept: Vec<Vec<u8>> = files.iter().flat_map(Savefile::data).collect();
    let first = number_of(&kept[0]) as usize;
    assert!(
        first > 0,
        "2.5 MB in a ring of two 1 MB files overwrites the first"
    );
    assert_same_frames("the ring's packets", &kept, &frames[first..]);

    // Names are padded to the digits of N-1.
    let small: Vec<Vec<u8>> = (0..1500).map(|i| numbered(i, ROTATION_SIZE)).collect();
    rotating_capture(
        &ns,
        &dir,
        &dir.file("x.pcap"),
        &["-C", "1", "-W", "11"],
        &small,
    );
    let names = files_with_prefix(&dir, "x.pcap");
    assert_eq!(names, ["x.pcap00", "x.pcap01"], "-W 11: two-digit names");
    let all: Vec<Vec<u8>> = names
        .iter()
        .flat_map(|n| read_complete(&dir.file(n)).data())
        .collect();
    assert_same_frames("x.pcap00 + x.pcap01", &all, &small);
}

#[test]
fn rotation_by_time_stops_after_w_files() {
    let ns = lab!("rot-g", ["tcpdump", "tshark"]);
    let dir = TempDir::new("rot-g");
    let pattern_path = dir.file("g-%H%M%S.pcap");
    let p = capture(
        &ns,
        &["-i", "veth0", "-w", &pattern_path, "-G", "1", "-W", "2"],
    );
    let py = python();
    let script = helper("send_frames.py");
    let template = hex(&numbered(0, 200));
    let sender = ns.spawn(&[
        &py,
        &script,
        "veth1",
        "--stream",
        &template,
        "--counter-at",
        "14",
        "--interval-ms",
        "20",
    ]);
    sender.wait_stdout("streaming");
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    let _ = sender.kill();
    end.expect_code(0);

    let names = files_with_prefix(&dir, "g-");
    assert_eq!(names.len(), 2, "-G 1 -W 2: two files, then stop: {names:?}");
    for n in &names {
        assert!(!n.contains('%'), "strftime pattern expanded: {n}");
    }
    let mut files: Vec<Savefile> = names
        .iter()
        .map(|n| {
            let path = dir.file(n);
            let f = read_complete(&path);
            assert!(!f.packets.is_empty(), "{n} is empty");
            assert_tools_agree(&path, &f);
            f
        })
        .collect();
    files.sort_by_key(|f| f.packets[0].ts_ns);
    let numbers: Vec<u32> = files
        .iter()
        .flat_map(|f| f.packets.iter().map(|p| number_of(&p.data)))
        .collect();
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "no packet lost or repeated at the boundary: {numbers:?}"
    );
    // Each file covers about one second.
    let first = &files[0].packets;
    let span = first.last().unwrap().ts_ns - first[0].ts_ns;
    assert!(span < 1_100_000_000, "first file spans {span} ns (> -G 1)");
    let (captured, _, dropped) = final_stats(&end.stderr);
    assert_eq!(captured as usize, numbers.len(), "{end}");
    assert_eq!(dropped, 0, "{end}");
}

// 4 -------------------------------------------------------------------------

#[test]
fn statistics_are_printed_like_tcpdump() {
    let ns = lab!("stats");
    let dir = TempDir::new("stats");

    // -c N: N captured, at least N received, none dropped; 1 is singular.
    for n in [5u32, 1] {
        let frames: Vec<Vec<u8>> = (0..n).map(|i| numbered(i, 100)).collect();
        let path = dir.file(&format!("c{n}.pcap"));
        capture_frames(&ns, &dir, &path, &[], &frames);
        assert_eq!(read_complete(&path).packets.len(), n as usize);
    }

    // SIGUSR1: the one-line form, and the capture goes on.
    let path = dir.file("usr1.pcap");
    let p = capture(&ns, &["-i", "veth0", "-w", &path]);
    let frames: Vec<Vec<u8>> = (0..5).map(|i| numbered(i, 100)).collect();
    send(&ns, &dir, "veth1", &frames[..3]);
    let deadline = Instant::now() + TIMEOUT;
    let mut lines = Vec::new();
    let stats = loop {
        p.signal("USR1");
        let mut found = None;
        while let Some(line) = p.next_stderr(Duration::from_millis(300)) {
            lines.push(line.clone());
            if let Some(s) = one_line_stats(&line) {
                if s.0 == 3 {
                    found = Some(s);
                    break;
                }
            }
        }
        if let Some(s) = found {
            break s;
        }
        if let Some(status) = p.exited() {
            panic!("SIGUSR1 ended the capture ({status}); stderr: {lines:?}");
        }
        assert!(
            Instant::now() < deadline,
            "no `3 packets captured, N packets received by filter, N packets dropped by \
             kernel` line after SIGUSR1 within {TIMEOUT:?}; stderr: {lines:?}"
        );
    };
    assert!(stats.1 >= 3, "received by filter: {stats:?}");
    assert_eq!(stats.2, 0, "dropped: {stats:?}");
    assert!(p.exited().is_none(), "SIGUSR1 must not end the capture");
    send(&ns, &dir, "veth1", &frames[3..]);
    p.signal("INT");
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, 5);
    assert_same_frames(&path, &read_complete(&path).data(), &frames);
}

// 5 -------------------------------------------------------------------------

#[test]
fn term_int_and_hup_end_the_capture_with_a_complete_file() {
    let ns = lab!("signals", ["tcpdump", "tshark"]);
    let dir = TempDir::new("signals");
    let mut n = 0;
    for signal in ["TERM", "INT", "HUP"] {
        for ext in ["pcap", "pcapng"] {
            let path = dir.file(&format!("{signal}.{ext}"));
            let frames: Vec<Vec<u8>> = (0..7).map(|i| numbered(n * 100 + i, 300)).collect();
            n += 1;
            let p = capture(&ns, &["-i", "veth0", "-w", &path]);
            send(&ns, &dir, "veth1", &frames);
            p.signal(signal);
            let end = wait_end(&p, CAPTURE_TIMEOUT);
            assert_eq!(end.code, 0, "SIG{signal} ({ext}): {end}");
            assert_final_stats(&end, frames.len() as u64);
            let f = read_complete(&path);
            assert_same_frames(
                &format!("SIG{signal} after {} frames ({ext})", frames.len()),
                &f.data(),
                &frames,
            );
            if ext == "pcapng" {
                assert!(!f.isbs.is_empty(), "SIG{signal}: ISB written at the end");
            }
            assert_tools_agree(&path, &f);
        }
    }
}

#[test]
fn packet_buffered_file_grows_while_capturing() {
    let ns = lab!("buffered");
    let dir = TempDir::new("buffered");
    let path = dir.file("u.pcap");
    let p = capture(&ns, &["-i", "veth0", "-U", "-w", &path]);
    let frames: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 100)).collect();
    send(&ns, &dir, "veth1", &frames);
    wait_until(
        "-U: the 3 packets in the file while the capture runs",
        TIMEOUT,
        || {
            std::fs::read(&path)
                .ok()
                .and_then(|b| parse_savefile(&b).ok())
                .is_some_and(|f| f.error.is_none() && f.packets.len() == 3)
        },
    );
    assert!(p.exited().is_none(), "still capturing");
    p.signal("INT");
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    assert_same_frames(&path, &read_complete(&path).data(), &frames);
}

// 6 -------------------------------------------------------------------------

fn id_of(flag: &str, user: &str) -> u32 {
    run_ok(&["id", flag, user])
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("id {flag} {user}: {e}"))
}

#[test]
fn dropping_privileges_with_z() {
    let ns = lab!("dropz", ["tcpdump"]);
    let (uid, gid) = (id_of("-u", "nobody"), id_of("-g", "nobody"));
    let dir = TempDir::new("dropz");
    std::fs::set_permissions(&dir.path, std::fs::Permissions::from_mode(0o1777))
        .expect("chmod 1777");
    let path = dir.file("z.pcap");
    let p = capture(&ns, &["-i", "veth0", "-Z", "nobody", "-w", &path]);
    let frames: Vec<Vec<u8>> = (0..4).map(|i| numbered(i, 120)).collect();
    send(&ns, &dir, "veth1", &frames);

    // Every thread of the running capture is nobody, without capabilities.
    let tasks: Vec<PathBuf> = std::fs::read_dir(format!("/proc/{}/task", p.pid()))
        .expect("/proc/PID/task")
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!tasks.is_empty());
    for task in tasks {
        let status = std::fs::read_to_string(task.join("status")).expect("task status");
        let field = |key: &str| -> Vec<String> {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap_or_else(|| panic!("no {key} in {task:?}"))
                .split_whitespace()
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            field("Uid:"),
            vec![uid.to_string(); 4],
            "{task:?}:\n{status}"
        );
        assert_eq!(
            field("Gid:"),
            vec![gid.to_string(); 4],
            "{task:?}:\n{status}"
        );
        assert_eq!(
            u64::from_str_radix(&field("CapEff:")[0], 16).unwrap(),
            0,
            "{task:?}:\n{status}"
        );
        assert_eq!(
            u64::from_str_radix(&field("CapPrm:")[0], 16).unwrap(),
            0,
            "{task:?}:\n{status}"
        );
    }
    p.signal("INT");
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    // The file may be created with the first packet written: check its
    // owner once the capture is over.
    let meta = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(meta.uid(), uid, "{path} created by nobody");
    assert_final_stats(&end, frames.len() as u64);
    assert_same_frames(&path, &read_complete(&path).data(), &frames);
    assert_same_frames("tcpdump -r", &tcpdump_hex(&path, &[]), &frames);
}

// 7 -------------------------------------------------------------------------

/// Inodes of `pid`'s packet sockets, by the ifindex they are bound to.
fn packet_sockets_of(ns: &Netns, pid: u32) -> Vec<i64> {
    let mine = socket_inodes(i64::from(pid));
    let mut ifindexes: Vec<i64> = packet_sockets_in(&ns.name)
        .into_iter()
        .filter(|(inode, _)| mine.contains(inode))
        .map(|(_, s)| s.ifindex)
        .collect();
    ifindexes.sort();
    ifindexes
}

#[test]
fn promiscuous_membership_unless_p() {
    let ns = lab!("dash-p");
    let dir = TempDir::new("dash-p");
    let veth0 = ip_link(&ns, "veth0").ifindex;

    let p = capture(&ns, &["-p", "-i", "veth0", "-w", &dir.file("p.pcap")]);
    assert_eq!(packet_sockets_of(&ns, p.pid()), [veth0], "bound to veth0");
    assert_eq!(promiscuity(&ns, "veth0"), 0, "-p: not promiscuous");
    let json = checked_status(&ns);
    assert_holders(&json, &ns, "veth0", &[]);
    assert_eq!(iface(&json, &ns, "veth0")["promiscuity"], 0);
    p.signal("INT");
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);

    let p = capture(&ns, &["-i", "veth0", "-w", &dir.file("q.pcap")]);
    wait_promiscuity(&ns, "veth0", 1);
    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&packet_holder_line(p.pid(), "promisc")],
    );
    assert_holders(&json, &ns, "veth1", &[]);
    let h = holder(&json, &ns, "veth0", "packet_socket");
    assert_eq!(h["pid"].as_i64(), Some(i64::from(p.pid())), "{h:#}");
    p.signal("INT");
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    wait_promiscuity(&ns, "veth0", 0);
    assert_holders(&checked_status(&ns), &ns, "veth0", &[]);
}

// 8 -------------------------------------------------------------------------

#[test]
fn any_is_cooked_linux_sll2_and_never_promiscuous() {
    let ns = lab!("any", ["tcpdump", "tshark"]);
    let dir = TempDir::new("any");
    let links = ip_links(&ns);
    let (if0, if1) = (links["veth0"].ifindex, links["veth1"].ifindex);
    let frames: Vec<Vec<u8>> = vec![
        udp4(OTHER, 1111, 2222, b"unicast to nobody"),
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        numbered(7, 300),
    ];
    // Every frame twice: going out of veth1 and coming in on veth0.
    let path = dir.file("any.pcap");
    let count = (2 * frames.len()).to_string();
    let p = capture(&ns, &["-i", "any", "-w", &path, "-c", &count]);
    let oracle_path = dir.file("tcpdump-any.pcap");
    let oracle = ns.spawn(&[
        "tcpdump",
        "-i",
        "any",
        "-y",
        "LINUX_SLL2",
        "-c",
        &count,
        "-w",
        &oracle_path,
    ]);
    oracle.wait_stderr("listening on");

    assert_eq!(
        packet_sockets_of(&ns, p.pid()),
        [0],
        "one socket, bound to no device"
    );
    let json = checked_status(&ns);
    for ifname in ["lo", "veth0", "veth1"] {
        assert_holders(&json, &ns, ifname, &[]);
        assert_eq!(iface(&json, &ns, ifname)["promiscuity"], 0, "{ifname}");
    }

    send(&ns, &dir, "veth1", &frames);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, 2 * frames.len() as u64);
    wait_end(&oracle, CAPTURE_TIMEOUT).expect_code(0);

    let f = read_complete(&path);
    assert_eq!(f.ifaces[0].linktype, 276, "LINUX_SLL2");
    let raw = std::fs::read(&path).unwrap();
    assert_eq!(u32::from_le_bytes(raw[20..24].try_into().unwrap()), 276);

    // The same packets as tcpdump -i any -y LINUX_SLL2 saw.
    let mut ours = f.data();
    let mut theirs = read_complete(&oracle_path).data();
    ours.sort();
    theirs.sort();
    assert_same_frames("promisc -i any vs tcpdump -i any (sorted)", &ours, &theirs);

    // Each frame: once outgoing on veth1, once incoming on veth0, with the
    // sender's MAC as address and the frame's payload after the header.
    let mut want = Vec::new();
    for fr in &frames {
        let incoming = if fr[..6] == BROADCAST { 1u8 } else { 3 };
        for (ifindex, pkttype) in [(if1, 4u8), (if0, incoming)] {
            let mut h = fr[12..14].to_vec(); // protocol
            h.extend_from_slice(&[0, 0]);
            h.extend_from_slice(&(ifindex as u32).to_be_bytes());
            h.extend_from_slice(&1u16.to_be_bytes()); // ARPHRD_ETHER
            h.extend_from_slice(&[pkttype, 6]);
            h.extend_from_slice(&fr[6..12]);
            h.extend_from_slice(&[0, 0]);
            h.extend_from_slice(&fr[14..]);
            want.push(h);
        }
    }
    want.sort();
    assert_same_frames("LINUX_SLL2 records (sorted)", &ours, &want);
    for p in &f.packets {
        assert_eq!(
            p.orig_len as usize,
            p.data.len(),
            "orig_len of a cooked packet"
        );
    }
    let rows = tshark_fields(&path, &["sll.ifindex", "sll.pkttype"]);
    assert_eq!(rows.len(), 2 * frames.len(), "tshark rows: {rows:?}");
    for r in &rows {
        assert!(
            [if0.to_string(), if1.to_string()].contains(&r[0]),
            "tshark sll.ifindex: {rows:?}"
        );
    }
}

// 9 -------------------------------------------------------------------------

/// How `promisc read -r path OPTS` differs from `tcpdump -n -r path OPTS`
/// (both in UTC): every differing stdout line, a different line count, a
/// different `reading from file` line on stderr. Empty when they agree.
fn differences_from_tcpdump(path: &str, opts: &[&str]) -> Vec<String> {
    let bin = bin();
    let mut ours = vec!["env", "TZ=UTC", bin.as_str(), "read", "-r", path];
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
fn assert_no_differences(diffs: &[String]) {
    assert!(
        diffs.is_empty(),
        "{} difference(s) from tcpdump:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn printing_matches_tcpdump() {
    let ns = lab!("print", ["tcpdump"]);
    let dir = TempDir::new("print");
    let frames = printable_frames();
    let count = frames.len().to_string();
    let path = dir.file("p.pcap");
    let ng = dir.file("p.pcapng");
    // Three captures of the same frames: to pcap, to pcapng, and printed
    // (text and JSON).
    let to_file = capture(&ns, &["-i", "veth0", "-w", &path, "-c", &count]);
    let to_ng = capture(&ns, &["-i", "veth0", "-w", &ng, "-c", &count]);
    let printed = capture(&ns, &["-i", "veth0", "-n", "-c", &count]);
    let json = capture(&ns, &["-i", "veth0", "--json", "-c", &count]);
    send(&ns, &dir, "veth1", &frames);
    for p in [&to_file, &to_ng, &printed, &json] {
        wait_end(p, CAPTURE_TIMEOUT).expect_code(0);
    }
    assert_same_frames(&path, &read_complete(&path).data(), &frames);

    let mut diffs = Vec::new();
    for opts in [&[][..], &["-e"][..], &["-q"][..], &["--nano"][..]] {
        diffs.extend(differences_from_tcpdump(&path, opts));
    }
    diffs.extend(differences_from_tcpdump(&ng, &[]));

    // Live lines equal tcpdump's lines for the same packets, timestamps
    // aside (the live capture has its own).
    let live = printed.rest_of_stdout(TIMEOUT);
    let reference = run_bounded(&["tcpdump", "-n", "-r", &path], CMD_TIMEOUT);
    reference.expect_success();
    let strip = |l: &str| {
        l.split_once(' ')
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default()
    };
    let live_rest: Vec<String> = live.iter().map(String::as_str).map(strip).collect();
    let ref_rest: Vec<String> = reference.stdout.lines().map(strip).collect();
    for (i, (a, b)) in live_rest.iter().zip(&ref_rest).enumerate() {
        if a != b {
            diffs.push(format!(
                "live `promisc capture -n` line {i} (timestamp aside):\n   promisc: {a}\n   tcpdump: {b}"
            ));
        }
    }
    if live_rest.len() != ref_rest.len() {
        diffs.push(format!(
            "live `promisc capture -n`: {} lines, tcpdump -r {}: {live:?}",
            live_rest.len(),
            ref_rest.len()
        ));
    }
    for l in &live {
        let ts = l.split(' ').next().unwrap_or_default();
        let shape = ts.len() == 15 && ts.as_bytes()[2] == b':' && ts.as_bytes()[8] == b'.';
        assert!(shape, "live timestamp HH:MM:SS.ffffff in {l:?}");
    }

    let json_lines = json.rest_of_stdout(TIMEOUT);
    assert_eq!(
        json_lines.len(),
        frames.len(),
        "--json: one line per packet: {json_lines:?}"
    );
    for l in &json_lines {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("--json line {l:?}: {e}"));
        assert!(v.is_object(), "--json line is an object: {l}");
    }
    assert_no_differences(&diffs);
}

// 10 ------------------------------------------------------------------------

/// `promisc read ARGS...`
fn read_cmd(args: &[&str]) -> Run {
    let bin = bin();
    let mut argv = vec!["env", "TZ=UTC", bin.as_str(), "read"];
    argv.extend_from_slice(args);
    run_bounded(&argv, CMD_TIMEOUT)
}

#[test]
fn read_damaged_files_prints_the_good_packets_then_exits_6() {
    let ns = lab!("damaged", ["tcpdump", "tshark"]);
    let dir = TempDir::new("damaged");
    let frames = printable_frames();
    let count = frames.len().to_string();
    let good_pcap = dir.file("good.pcap");
    let good_ng = dir.file("good.pcapng");
    let a = capture(&ns, &["-i", "veth0", "-w", &good_pcap, "-c", &count]);
    let b = capture(&ns, &["-i", "veth0", "-w", &good_ng, "-c", &count]);
    send(&ns, &dir, "veth1", &frames);
    wait_end(&a, CAPTURE_TIMEOUT).expect_code(0);
    wait_end(&b, CAPTURE_TIMEOUT).expect_code(0);

    for good in [&good_pcap, &good_ng] {
        let f = read_complete(good);
        assert_same_frames(good, &f.data(), &frames);
        let all = read_cmd(&["-r", good]);
        all.expect_success();
        let all_lines: Vec<&str> = all.stdout.lines().collect();
        assert_eq!(all_lines.len(), frames.len(), "{all}");

        let bytes = std::fs::read(good).unwrap();
        let third = &f.packets[2];
        for (how, cut) in [
            (
                "in the middle of the third record's data",
                (third.start + third.end) / 2,
            ),
            (
                "in the middle of the third record's header",
                third.start + 6,
            ),
        ] {
            let damaged = format!("{good}.cut");
            std::fs::write(&damaged, &bytes[..cut]).unwrap();
            let run = read_cmd(&["-r", &damaged]);
            assert_eq!(run.code(), 6, "{good} cut {how}: {run}");
            assert_eq!(
                run.stdout.lines().collect::<Vec<_>>(),
                all_lines[..2],
                "{good} cut {how}: the two good packets, printed: {run}"
            );
            assert!(
                run.stderr.contains(&damaged),
                "{good} cut {how}: stderr names the file: {run}"
            );
            // tcpdump prints the same good packets.
            let td = run_bounded(
                &["env", "TZ=UTC", "tcpdump", "-n", "-r", &damaged],
                CMD_TIMEOUT,
            );
            assert_eq!(
                td.stdout.lines().collect::<Vec<_>>(),
                all_lines[..2],
                "{td}"
            );

            // Rewriting keeps the good packets in a complete file.
            let out = format!("{damaged}.out.pcapng");
            let run = read_cmd(&["-r", &damaged, "-w", &out]);
            assert_eq!(run.code(), 6, "rewrite of {damaged}: {run}");
            let o = read_complete(&out);
            assert_same_frames(&format!("rewrite of {damaged}"), &o.data(), &frames[..2]);
            let rows = tshark_fields(&out, &["frame.len"]);
            assert_eq!(rows.len(), 2, "tshark -r {out}: {rows:?}");
        }
    }

    // Round trips: pcap -> pcapng -> pcap (--nano) keep every packet,
    // timestamp and length.
    let orig = read_complete(&good_pcap);
    let ng = dir.file("rt.pcapng");
    read_cmd(&["-r", &good_pcap, "-w", &ng]).expect_success();
    let back = dir.file("rt.pcap");
    read_cmd(&["-r", &ng, "-w", &back, "--nano"]).expect_success();
    let rt_ng = read_complete(&ng);
    let rt = read_complete(&back);
    assert_eq!(rt_ng.kind, Kind::PcapNg);
    assert_eq!(rt.kind, Kind::Pcap { nano: true });
    for (what, f) in [("pcapng", &rt_ng), ("pcap --nano", &rt)] {
        assert_same_frames(&format!("round trip to {what}"), &f.data(), &frames);
        let key = |f: &Savefile| -> Vec<(u64, u32)> {
            f.packets.iter().map(|p| (p.ts_ns, p.orig_len)).collect()
        };
        assert_eq!(key(f), key(&orig), "timestamps and lengths after {what}");
        assert_eq!(
            tshark_fields(if what == "pcapng" { &ng } else { &back }, &["frame.len"]).len(),
            frames.len()
        );
    }
    assert_eq!(
        tcpdump_hex(&ng, &[]),
        frames,
        "tcpdump -r of the rewritten pcapng"
    );

    // -c limits the packets read.
    let two = read_cmd(&["-r", &good_pcap, "-c", "2"]);
    two.expect_success();
    assert_eq!(two.stdout.lines().count(), 2, "{two}");

    // Not a savefile at all.
    let junk = dir.file("junk.pcap");
    std::fs::write(&junk, b"this is not a capture file at all\n").unwrap();
    let run = read_cmd(&["-r", &junk]);
    assert_eq!(run.code(), 6, "{run}");
    let empty = dir.file("empty.pcap");
    std::fs::write(&empty, b"").unwrap();
    let run = read_cmd(&["-r", &empty]);
    assert_eq!(run.code(), 6, "{run}");
}

// 11 ------------------------------------------------------------------------

#[test]
fn full_disk_exits_5_with_a_readable_file() {
    let ns = lab!("disk", ["tcpdump"]);
    let dir = TempDir::new("disk");
    let tmpfs = Tmpfs::new("disk-fs", "256k");
    let path = tmpfs.dir.file("f.pcap");
    // 1.5 MB into 256 KiB: more than the disk, and more than any sensible
    // write buffer, so the capture must run into the full disk by itself.
    let frames: Vec<Vec<u8>> = (0..1500).map(|i| numbered(i, 1000)).collect();
    let p = capture(&ns, &["-i", "veth0", "-w", &path, "-B", "8192"]);
    send_paced(&ns, &dir, "veth1", &frames, Some((50, 5)));
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(5)
        .expect_stderr_contains("f.pcap")
        .expect_stderr_contains("No space left on device");
    assert_eq!(
        end.stderr.matches("No space left on device").count(),
        1,
        "the OS error is said once: {end}"
    );

    let f = read_complete(&path);
    let n = f.packets.len();
    eprintln!("full disk: {n} packets complete in {path}");
    assert_same_frames(
        "the full file: a prefix of what was sent",
        &f.data(),
        &frames[..n],
    );
    assert!(
        end.stderr.contains(&format!("{n} packet")),
        "stderr says how many packets ({n}) are complete in the file: {end}"
    );
    assert_same_frames(
        "tcpdump -r of the full file",
        &tcpdump_hex(&path, &[]),
        &frames[..n],
    );
}

// 12 ------------------------------------------------------------------------

#[test]
fn usage_and_system_errors_have_their_exit_codes() {
    let ns = lab!("errors", ["setpriv"]);
    let dir = TempDir::new("errors");
    let out = dir.file("e.pcap");

    for args in [
        &["capture", "-i", "nosuchif", "-c", "1"][..],
        &["capture", "-i", "veth0", "-i", "nosuchif", "-w", &out][..],
    ] {
        ns.promisc(args)
            .expect_code(3)
            .expect_stderr_contains("veth0");
    }

    // --bpf-file: the bad line is named.
    let bpf = dir.file("bad.bpf");
    std::fs::write(&bpf, "3\n40 0 0 12\n21 0 oops 2048\n6 0 0 262144\n").unwrap();
    ns.promisc(&["capture", "-i", "veth0", "-c", "1", "--bpf-file", &bpf])
        .expect_code(2)
        .expect_stderr_contains("line 3");
    std::fs::write(&bpf, "5\n6 0 0 262144\n").unwrap();
    ns.promisc(&["capture", "-i", "veth0", "-c", "1", "--bpf-file", &bpf])
        .expect_code(2)
        .expect_stderr_contains(&bpf);
    ns.promisc(&[
        "capture",
        "-i",
        "veth0",
        "-c",
        "1",
        "--bpf-file",
        &dir.file("missing"),
    ])
    .expect_code(2);

    // Rotation needs a file; -W needs -C or -G; a pcap file has one link type.
    for args in [
        &["capture", "-i", "veth0", "-C", "1"][..],
        &["capture", "-i", "veth0", "-w", &out, "-W", "2"][..],
        &["capture", "-i", "veth0", "-w", "-", "-G", "1"][..],
        &["capture", "-i", "any", "-i", "veth0", "-w", &out][..],
        &["capture", "--no-such-option"][..],
    ] {
        ns.promisc(args).expect_code(2);
    }
    assert!(
        !std::path::Path::new(&out).exists(),
        "no file written on a usage error"
    );
    all_zero(&ns);

    // Without CAP_NET_RAW: exit 4, naming it.
    let bin = bin();
    for args in [
        &["-i", "veth0", "-c", "1"][..],
        &["-i", "any", "-c", "1"][..],
    ] {
        let mut argv = vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            &bin,
            "capture",
        ];
        argv.extend_from_slice(args);
        ns.try_run(&argv)
            .expect_code(4)
            .expect_stderr_contains("CAP_NET_RAW");
    }
    all_zero(&ns);
}

fn all_zero(ns: &Netns) {
    for (name, (promiscuity, _)) in ip_counters(ns) {
        assert_eq!(promiscuity, 0, "{name} promiscuity after the errors");
    }
}

#[test]
fn filter_expressions_are_refused_or_filter_like_tcpdump() {
    let ns = lab!("expr", ["tcpdump"]);
    let dir = TempDir::new("expr");
    let path = dir.file("e.pcap");
    let bin = bin();
    let p = ns.spawn(&[
        &bin, "capture", "-i", "veth0", "-c", "1", "-w", &path, "udp", "port", "9",
    ]);
    let deadline = Instant::now() + TIMEOUT;
    let mut refusal = None;
    let supported = loop {
        if p.exited().is_some() {
            break false;
        }
        match p.next_stderr(Duration::from_millis(100)) {
            Some(l) if l.contains("listening on") => break true,
            Some(l) if l.contains("not supported yet") => refusal = Some(l),
            _ => {}
        }
        assert!(
            Instant::now() < deadline,
            "capture with an expression neither started nor ended: {:?}",
            p.seen()
        );
    };
    if !supported {
        let end = wait_end(&p, TIMEOUT);
        end.expect_code(2);
        assert!(
            refusal.is_some() || end.stderr.contains("not supported yet"),
            "an expression is refused with `not supported yet`: {end}"
        );
        read_cmd(&["-r", "/dev/null", "udp"])
            .expect_code(2)
            .expect_stderr_contains("not supported yet");
        return;
    }
    // Expressions are supported: the filter must keep only `udp port 9`.
    let frames = vec![
        udp4(OTHER, 10, 11, b"no"),
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(9, 9, 1, 0, 2, &[]), 16),
        ),
        udp4(OTHER, 9, 1234, b"yes"),
    ];
    send(&ns, &dir, "veth1", &frames);
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    assert_same_frames("`udp port 9`", &read_complete(&path).data(), &frames[3..]);
}

#[test]
fn bpf_file_filters_like_tcpdump() {
    let ns = lab!("bpf", ["tcpdump"]);
    let dir = TempDir::new("bpf");
    let program = run_ok(&["tcpdump", "-y", "EN10MB", "-ddd", "udp port 9"]);
    let bpf = dir.file("udp9.bpf");
    std::fs::write(&bpf, &program).unwrap();

    let frames = vec![
        udp4(OTHER, 10, 11, b"no"),
        udp4(OTHER, 9, 1234, b"source port 9"),
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(9, 9, 1, 0, 2, &[]), 16),
        ),
        udp4(MAC0, 4321, 9, b"destination port 9"),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, udp(5001, 9, b"v6"), 6),
        ),
        numbered(1, 80),
    ];
    let all_path = dir.file("all.pcap");
    let filtered_path = dir.file("filtered.pcap");
    let all = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "-w",
            &all_path,
            "-c",
            &frames.len().to_string(),
        ],
    );
    let filtered = capture(
        &ns,
        &["-i", "veth0", "-w", &filtered_path, "--bpf-file", &bpf],
    );
    send(&ns, &dir, "veth1", &frames);
    wait_end(&all, CAPTURE_TIMEOUT).expect_code(0);
    filtered.signal("INT");
    let end = wait_end(&filtered, CAPTURE_TIMEOUT);
    end.expect_code(0);

    let expected = tcpdump_hex(&all_path, &["udp port 9"]);
    assert_eq!(expected.len(), 3, "tcpdump's own filter keeps 3 frames");
    assert_same_frames(
        "--bpf-file `udp port 9` vs tcpdump -r all 'udp port 9'",
        &read_complete(&filtered_path).data(),
        &expected,
    );
    let (captured, received, _) = final_stats(&end.stderr);
    assert_eq!(
        (captured, received),
        (3, 3),
        "the kernel filter counts only matches: {end}"
    );
}

#[test]
fn direction_in_and_out() {
    let ns = lab!("direction");
    let dir = TempDir::new("direction");
    let from0: Vec<Vec<u8>> = (0..3)
        .map(|i| eth(MAC1, MAC0, ETH_EXPERIMENTAL, &pattern(60, i)))
        .collect();
    let from1: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 90)).collect();

    // On veth1: -Q out sees what veth1 sends, -Q in what arrives from veth0.
    let out_path = dir.file("out.pcap");
    let in_path = dir.file("in.pcap");
    let out = capture(
        &ns,
        &["-i", "veth1", "-Q", "out", "-w", &out_path, "-c", "3"],
    );
    let inn = capture(&ns, &["-i", "veth1", "-Q", "in", "-w", &in_path, "-c", "3"]);
    send(&ns, &dir, "veth0", &from0);
    send(&ns, &dir, "veth1", &from1);
    wait_end(&out, CAPTURE_TIMEOUT).expect_code(0);
    wait_end(&inn, CAPTURE_TIMEOUT).expect_code(0);
    assert_same_frames("-Q out on veth1", &read_complete(&out_path).data(), &from1);
    assert_same_frames("-Q in on veth1", &read_complete(&in_path).data(), &from0);
}

#[test]
fn fanout_captures_every_frame_once() {
    let ns = lab!("fanout");
    let dir = TempDir::new("fanout");
    let frames: Vec<Vec<u8>> = (0..64u16)
        .map(|i| udp4(OTHER, 10_000 + i, 20_000 + i * 7, &i.to_be_bytes()))
        .collect();
    let path = dir.file("f.pcap");
    let p = capture(
        &ns,
        &[
            "-i",
            "veth0",
            "--fanout",
            "2",
            "-w",
            &path,
            "-c",
            &frames.len().to_string(),
        ],
    );
    assert_eq!(
        packet_sockets_of(&ns, p.pid()).len(),
        2,
        "two sockets in the group"
    );
    send(&ns, &dir, "veth1", &frames);
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
    let mut got = read_complete(&path).data();
    let mut want = frames.clone();
    got.sort();
    want.sort();
    assert_same_frames("--fanout 2 (sorted)", &got, &want);
}

/// Issue #4's live test: the same expression attached by `promisc capture` and by tcpdump to
/// sockets on the same interface, on the same traffic, keeps the same packets. VLAN-tagged
/// frames are in the traffic because on a live socket the kernel strips the outer tag into
/// metadata, which both compilers must read with ancillary loads.
#[test]
fn live_expressions_keep_what_tcpdump_keeps() {
    let ns = lab!("live-expr", ["tcpdump"]);
    let dir = TempDir::new("live-expr");
    let v4 = |sport, dport| udp4(OTHER, sport, dport, b"v4");
    let frames = vec![
        v4(10, 11),
        v4(9, 1234),
        v4(4321, 53),
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, IP_A, [0; 6], IP_B)),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(40000, 80, 1, 0, 2, &[]), 16),
        ),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(IP_A, IP_B, 1, echo(8, 7, 1, b"ping"), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(IP6_A, IP6_B, 17, udp(5001, 9, b"v6"), 6),
        ),
        tagged(
            OTHER,
            MAC1,
            &[(0x8100, 5)],
            0x0800,
            &ipv4(IP_A, IP_B, 17, udp(9, 9, b"tagged"), 6),
        ),
        tagged(
            OTHER,
            MAC1,
            &[(0x8100, 7)],
            0x0800,
            &ipv4(IP_A, IP_B, 6, tcp(1, 80, 1, 0, 2, &[]), 16),
        ),
        numbered(1, 80),
    ];
    for expr in [
        "udp port 9",
        "vlan and udp",
        "vlan 7",
        "arp or icmp",
        "ip6 or (tcp and dst port 80)",
        "ether dst 02:00:00:00:00:bb and greater 60",
    ] {
        let ours_path = dir.file("ours.pcap");
        let theirs_path = dir.file("theirs.pcap");
        let ours = capture(&ns, &["-i", "veth0", "-w", &ours_path, expr]);
        let theirs = ns.spawn(&[
            "tcpdump",
            "-i",
            "veth0",
            "-U",
            "-Z",
            "root",
            "-w",
            &theirs_path,
            expr,
        ]);
        theirs.wait_stderr("listening on");
        send(&ns, &dir, "veth1", &frames);
        // Both sockets saw the frames once the last block is retired (1 s).
        std::thread::sleep(Duration::from_millis(1500));
        ours.signal("INT");
        theirs.signal("INT");
        wait_end(&ours, CAPTURE_TIMEOUT).expect_code(0);
        let _ = wait_end(&theirs, CAPTURE_TIMEOUT);
        let got = read_complete(&ours_path).data();
        let want = read_complete(&theirs_path).data();
        assert!(!want.is_empty(), "tcpdump kept nothing for {expr:?}");
        assert_same_frames(&format!("live `{expr}`"), &got, &want);
    }
}

// 8b ------------------------------------------------------------------------

const DOC_A: [u8; 4] = [192, 0, 2, 1];
const DOC_B: [u8; 4] = [192, 0, 2, 2];
const DOC6_A: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const DOC6_B: [u8; 16] = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

/// Frames of many kinds, for comparing filters on `-i any` with tcpdump's.
fn mixed_frames() -> Vec<Vec<u8>> {
    vec![
        eth(BROADCAST, MAC1, 0x0806, &arp(1, MAC1, DOC_A, [0; 6], DOC_B)),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 1, echo(8, 7, 1, b"ping"), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 17, udp(4000, 9, b"discard"), 6),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_B, DOC_A, 17, udp(53, 4001, b"dns?"), 6),
        ),
        eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 6, tcp(4002, 80, 1, 0, 0x02, b""), 16),
        ),
        eth(
            OTHER,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 6, tcp(4003, 443, 9, 0, 0x02, b""), 16),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(DOC6_A, DOC6_B, 58, echo(128, 3, 1, b"ping6"), 2),
        ),
        eth(
            MAC0,
            MAC1,
            0x86dd,
            &ipv6(DOC6_A, DOC6_B, 17, udp(4004, 9, b"six"), 6),
        ),
        tagged(
            MAC0,
            MAC1,
            &[(0x8100, 100)],
            0x0800,
            &ipv4(DOC_A, DOC_B, 17, udp(4005, 9, b"tagged"), 6),
        ),
        numbered(1, 200),
        numbered(2, 900),
    ]
}

/// `capture -i any EXPR` keeps exactly what `tcpdump -i any EXPR` keeps, for expressions on the
/// cooked header (protocol, direction, interface, address: the last one filtered in user
/// space), `not`, IPv4, IPv6, VLAN-tagged traffic and payload bytes.
#[test]
fn any_filters_keep_what_tcpdump_any_keeps() {
    let ns = lab!("anyflt", ["tcpdump"]);
    let dir = TempDir::new("anyflt");
    let if0 = ip_links(&ns)["veth0"].ifindex.to_string();
    let by_index = format!("ifindex {if0}");
    let exprs: Vec<&str> = vec![
        "arp",
        "icmp",
        "udp port 9",
        "host 192.0.2.1 and icmp",
        "not icmp",
        "not arp and not ip6",
        "ip6",
        "icmp6",
        "ip6 and udp port 9",
        "inbound and tcp",
        "outbound",
        &by_index,
        "ether proto 0x88b5",
        "tcp[tcpflags] & tcp-syn != 0 and dst port 443",
        "link[12:2] == 0x0200 and link[17] == 0xa1 and udp",
        "ip[9] == 17 or arp",
    ];
    let mut runs = Vec::new();
    for (i, e) in exprs.iter().enumerate() {
        let ours = dir.file(&format!("ours-{i}.pcap"));
        let theirs = dir.file(&format!("theirs-{i}.pcap"));
        let p = capture(&ns, &["-i", "any", "-w", &ours, e]);
        let t = ns.spawn(&[
            "tcpdump",
            "-i",
            "any",
            "-y",
            "LINUX_SLL2",
            "-U",
            "-w",
            &theirs,
            e,
        ]);
        t.wait_stderr("listening on");
        runs.push((e, ours, theirs, p, t));
    }
    send(&ns, &dir, "veth1", &mixed_frames());
    // Every block is retired within a second; both tools write what they hold on SIGINT.
    thread::sleep(Duration::from_millis(1500));
    let mut failures = Vec::new();
    let mut kept_any = false;
    for (e, ours, theirs, p, t) in &runs {
        p.signal("INT");
        t.signal("INT");
        wait_end(p, CAPTURE_TIMEOUT).expect_code(0);
        wait_end(t, CAPTURE_TIMEOUT);
        let mut a = read_complete(ours).data();
        let mut b = read_complete(theirs).data();
        a.sort();
        b.sort();
        kept_any |= !b.is_empty();
        if a != b {
            failures.push(format!(
                "{e:?}: promisc kept {} packets, tcpdump {}",
                a.len(),
                b.len()
            ));
        }
        if b.is_empty() || b.len() == 2 * mixed_frames().len() {
            failures.push(format!(
                "{e:?}: tcpdump kept {} packets: not a discriminating expression",
                b.len()
            ));
        }
    }
    assert!(kept_any, "tcpdump kept nothing at all");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// 8c ------------------------------------------------------------------------

/// CPU seconds (user + system) `pid` has used.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    let after = &stat[stat.rfind(')').expect("comm") + 2..];
    let f: Vec<&str> = after.split(' ').collect();
    // Fields 14 and 15 (utime, stime), counted from after the comm (field 3 is index 0).
    let ticks: f64 = f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap();
    ticks / 100.0
}

/// An interface that goes down is waited for (said once, no busy loop) and captured again
/// when it comes back; once deleted, the capture finishes its file and exits 7.
#[test]
fn an_interface_that_goes_down_is_waited_for_and_one_deleted_ends_the_capture() {
    let ns = lab!("vanish");
    let dir = TempDir::new("vanish");
    let path = dir.file("v.pcap");
    let p = capture(&ns, &["-i", "veth0", "-w", &path]);
    send(&ns, &dir, "veth1", &[numbered(1, 100), numbered(2, 100)]);
    ns.ip("link set veth0 down");
    p.wait_stderr("veth0: the interface went down; waiting for it to come back up");
    let before = cpu_seconds(p.pid());
    thread::sleep(Duration::from_millis(1500));
    let used = cpu_seconds(p.pid()) - before;
    assert!(
        used < 0.5,
        "{used} CPU seconds in 1.5 s while the link was down: a busy loop"
    );
    ns.ip("link set veth0 up");
    wait_until("veth0 up", TIMEOUT, || {
        ns.run(&["cat", "/sys/class/net/veth0/operstate"]).trim() == "up"
    });
    send(&ns, &dir, "veth1", &[numbered(3, 100)]);
    p.wait_stderr("veth0: the interface is up again");
    ns.ip("link del veth0");
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(7)
        .expect_stderr_contains("the interface disappeared: veth0");
    assert!(
        !end.stderr.contains("went down; waiting") || end.stderr.matches("went down").count() <= 1,
        "said once: {end}"
    );
    let numbers: Vec<u32> = read_complete(&path)
        .data()
        .iter()
        .map(|f| number_of(f))
        .collect();
    assert_eq!(
        numbers,
        [1, 2, 3],
        "every packet captured before the interface went away"
    );
}

/// With several interfaces, one that is deleted ends only its own capture.
#[test]
fn a_deleted_interface_leaves_the_others_capturing() {
    let ns = lab!("vanish2");
    veth(&ns, "veth2", "veth3", MAC2, MAC3);
    let dir = TempDir::new("vanish2");
    let path = dir.file("v.pcapng");
    let p = capture(&ns, &["-i", "veth0", "-i", "veth2", "-w", &path]);
    send(&ns, &dir, "veth3", &[numbered(1, 100)]);
    send(&ns, &dir, "veth1", &[numbered(2, 100)]);
    ns.ip("link del veth2");
    p.wait_stderr("veth2: the interface disappeared; its capture ended");
    send(&ns, &dir, "veth1", &[numbered(3, 100)]);
    thread::sleep(Duration::from_millis(1200));
    assert!(p.exited().is_none(), "the capture on veth0 goes on");
    p.signal("INT");
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
    let mut numbers: Vec<u32> = read_complete(&path)
        .data()
        .iter()
        .map(|f| number_of(f))
        .collect();
    numbers.sort();
    assert_eq!(numbers, [1, 2, 3]);
}

// 8d ------------------------------------------------------------------------

/// Values tcpdump refuses are refused here too, before anything is opened (no privilege
/// needed to see it).
#[test]
fn zero_counts_and_sizes_are_refused() {
    let bin = bin();
    for args in [
        &["capture", "-c", "0"][..],
        &["capture", "-C", "0", "-w", "x.pcap"],
        &["capture", "-W", "0", "-C", "1", "-w", "x.pcap"],
        &["capture", "-G", "0", "-w", "x.pcap"],
        &["capture", "-B", "0"],
        &["read", "-r", "x.pcap", "-c", "0"],
    ] {
        let mut argv = vec![bin.as_str()];
        argv.extend_from_slice(args);
        let run = run_bounded(&argv, CMD_TIMEOUT);
        run.expect_code(2);
        assert!(
            run.stderr.contains("invalid value '0'"),
            "{args:?} should name the bad value: {run}"
        );
    }
    let run = run_bounded(
        &[bin.as_str(), "read", "-r", env!("CARGO_MANIFEST_DIR")],
        CMD_TIMEOUT,
    );
    run.expect_code(2);
    assert!(run.stderr.contains("a directory"), "{run}");
    // A mistyped subcommand is not taken for an interface name without a word about it.
    let run = run_bounded(&[bin.as_str(), "stauts"], CMD_TIMEOUT);
    run.expect_code(3);
    assert!(
        run.stderr
            .contains("no interface or subcommand named 'stauts'")
            && run.stderr.contains("did you mean `promisc status`?"),
        "{run}"
    );
    // As in capture, -s 0 means the largest snapshot length.
    let run = run_bounded(
        &[bin.as_str(), "filter", "-s", "0", "-d", "ip"],
        CMD_TIMEOUT,
    );
    run.expect_success();
    assert!(run.stdout.contains("ret      #262144"), "{run}");
}

/// An output that cannot be written, a pcap file for two interfaces, an interface named
/// twice and a ring larger than the machine can give all fail at once, before any packet,
/// with a message that names the problem.
#[test]
fn bad_outputs_and_rings_fail_before_the_capture_starts() {
    let ns = lab!("badout");
    let dir = TempDir::new("badout");
    let file = dir.file("two.pcap");
    let missing = dir.file("no/such/dir/x.pcap");
    let here = dir.dir();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["-i", "veth0", "-w", &missing], 5, "cannot create"),
        (vec!["-i", "veth0", "-w", &here], 5, "Is a directory"),
        (
            vec!["-i", "veth0", "-w", "/proc/x.pcap"],
            5,
            "cannot create /proc/x.pcap",
        ),
        (
            vec!["-i", "veth0", "-i", "veth1", "-w", &file],
            2,
            "write pcapng",
        ),
        (
            vec!["-i", "veth0", "-i", "veth0"],
            2,
            "-i veth0 is given twice",
        ),
        (
            vec!["-i", "veth0", "-B", "99999999999"],
            2,
            "the largest accepted is",
        ),
    ];
    let bin = bin();
    for (args, code, needle) in cases {
        let mut argv = vec![bin.as_str(), "capture"];
        argv.extend_from_slice(&args);
        // No packet is sent: failing at the first packet would hang until the bound.
        let run = ns.try_run(&argv);
        run.expect_code(code);
        assert!(
            run.stderr.contains(needle),
            "{args:?}: want {needle:?}: {run}"
        );
        assert!(
            !run.stderr.contains("listening on"),
            "{args:?} started: {run}"
        );
        assert_eq!(
            run.stderr.matches("os error").count().min(1),
            run.stderr.matches("os error").count(),
            "the OS error is said once: {run}"
        );
    }
    assert!(
        !std::path::Path::new(&file).exists(),
        "no file for the refused pcap"
    );
    assert_eq!(promiscuity(&ns, "veth0"), 0);
}

/// A pcapng file of 500 UDP packets on Ethernet, then an interface of link type RAW with one
/// packet on it.
fn ethernet_then_raw(path: &str) {
    use promisc_savefile::{Interface, LinkType, Packet, PacketWriter, PcapNgWriter};
    let mut w = PcapNgWriter::new(std::fs::File::create(path).expect("create"), "test");
    w.add_interface(&Interface::new(LinkType::ETHERNET, 262_144))
        .unwrap();
    for i in 0..500u32 {
        let f = eth(
            MAC0,
            MAC1,
            0x0800,
            &ipv4(DOC_A, DOC_B, 17, udp(5000, 9, &i.to_be_bytes()), 6),
        );
        let p = Packet {
            interface: 0,
            ts_ns: 1_700_000_000_000_000_000 + u64::from(i) * 1000,
            orig_len: f.len() as u32,
            data: &f,
        };
        w.write_packet(&p).unwrap();
    }
    w.add_interface(&Interface::new(LinkType::RAW, 262_144))
        .unwrap();
    let raw = ipv4(DOC_A, DOC_B, 17, udp(5000, 9, b"raw"), 6);
    let p = Packet {
        interface: 1,
        ts_ns: 1_700_000_001_000_000_000,
        orig_len: raw.len() as u32,
        data: &raw,
    };
    w.write_packet(&p).unwrap();
    w.flush().unwrap();
}

/// `read` stopping at an interface it cannot handle keeps what it printed or wrote before,
/// and says the problem is the link type, not the expression.
#[test]
fn read_keeps_its_output_when_a_later_interface_stops_it() {
    let dir = TempDir::new("readstop");
    let path = dir.file("mixed.pcapng");
    ethernet_then_raw(&path);

    let run = read_cmd(&["-r", &path, "udp"]);
    run.expect_code(2);
    assert_eq!(
        run.stdout.lines().count(),
        500,
        "every packet before the RAW interface: {run}"
    );
    assert!(run.stderr.contains("link type RAW (Raw IP)"), "{run}");
    assert!(!run.stderr.contains("bad filter expression"), "{run}");

    // Rewriting to pcap: the second link type cannot go in, the 500 packets before it stay.
    let out = dir.file("out.pcap");
    let run = read_cmd(&["-r", &path, "-w", &out]);
    assert_ne!(run.code(), 0, "{run}");
    assert!(run.stderr.contains("link type RAW"), "{run}");
    assert_eq!(read_complete(&out).packets.len(), 500, "{run}");
}
