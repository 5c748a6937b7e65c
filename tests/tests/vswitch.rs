//! `promisc vswitch` on its own: configuration errors, devices that do not exist or vanish,
//! the control socket (stats, set, its mode from creation, clients that misuse it), SIGUSR1 and SIGTERM, the guests' state followed
//! through link notifications, VLANs, and plain forwarding judged by the kernel bridge.

use crate::common::*;
use promisc_testkit::temp::TempDir;
use serde_json::Value;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// A switch namespace with `n` guests, each a namespace whose `eth0` is the peer of the
/// switch-side device `vs-pI` (MAC 00:0c:29:00:01:0I+1, address 192.0.2.(10+I)/24).
struct World {
    sw: Netns,
    guests: Vec<Netns>,
    tmp: TempDir,
    name: String,
}

fn guest_mac(i: usize) -> String {
    format!("00:0c:29:00:01:{:02x}", i + 1)
}

fn guest_ip(i: usize) -> String {
    format!("192.0.2.{}", 10 + i)
}

impl World {
    fn new(sw: Netns, short: &str, n: usize) -> World {
        let mut guests = Vec::new();
        for i in 0..n {
            let g = Netns::new(&format!("{short}-g{i}"));
            // No IPv6: nothing but the test's own frames (and ARP) crosses the switch.
            g.run(&["sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6"]);
            g.ip("link set lo up");
            plug(&sw, &g, i);
            guests.push(g);
        }
        World {
            sw,
            guests,
            tmp: TempDir::new(short),
            name: format!("t{}-{short}", std::process::id() % 100000),
        }
    }

    /// Creates guest `i`'s veth pair again (after `ip link del vs-pI`).
    fn replug(&self, i: usize) {
        plug(&self.sw, &self.guests[i], i);
    }

    /// A configuration: `groups` as TOML, then one port per guest in `portgroup(i)`.
    fn config(&self, head: &str, groups: &str, portgroup: impl Fn(usize) -> String) -> String {
        let mut text = format!("name = \"{}\"\n{head}\n{groups}\n", self.name);
        for i in 0..self.guests.len() {
            text.push_str(&format!(
                "[[port]]\nname = \"p{i}\"\ndevice = \"vs-p{i}\"\nmac = \"{}\"\nportgroup = \"{}\"\n",
                guest_mac(i),
                portgroup(i)
            ));
        }
        let path = self.tmp.file("vswitch.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn start(&self, config: &str) -> Proc {
        let bin = bin();
        let p = self.sw.spawn(&[&bin, "vswitch", "run", "--config", config]);
        p.wait_stderr("running");
        p
    }

    fn vswitch(&self, args: &[&str]) -> Run {
        let bin = bin();
        let mut argv = vec![bin.as_str(), "vswitch"];
        argv.extend_from_slice(args);
        run_bounded(&argv, CMD_TIMEOUT)
    }

    fn stats(&self) -> Value {
        let run = self.vswitch(&["stats", "--json", &self.name]);
        run.expect_success();
        let v: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
        assert_eq!(
            v["schema"], 1,
            "vswitch stats --json carries schema 1: {run}"
        );
        assert_documented("vswitch-stats", &v);
        v
    }

    fn port(&self, i: usize) -> Value {
        self.stats()["ports"][i].clone()
    }

    /// Whether guest `from` reaches `ip`: an echo request every 0.2 s until the first reply,
    /// 20 s at most (only a failure waits that long; the first requests may go while ARP and
    /// the port settle, or while a loaded machine is slow).
    fn ping(&self, from: usize, ip: &str) -> bool {
        self.guests[from]
            .try_run(&["ping", "-c", "1", "-i", "0.2", "-w", "20", "-n", "-q", ip])
            .code()
            == 0
    }
}

/// The veth pair of guest `i`: `vs-pI` in the switch's namespace, `eth0` (its MAC and
/// address set) in the guest's, both up.
fn plug(sw: &Netns, g: &Netns, i: usize) {
    sw.ip(&format!(
        "link add vs-p{i} type veth peer name eth0 netns {}",
        g.name
    ));
    g.ip(&format!("link set eth0 address {}", guest_mac(i)));
    g.ip(&format!("addr add {}/24 dev eth0", guest_ip(i)));
    g.ip("link set eth0 up");
    sw.ip(&format!("link set vs-p{i} up"));
}

impl Drop for World {
    /// A switch the namespace's teardown killed leaves its socket file: removed here.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(format!("/run/promisc/vswitch-{}.sock", self.name));
    }
}

const OPEN: &str = "[[portgroup]]\nname = \"g\"\nprofile = \"open\"\n";

#[test]
fn a_bad_configuration_names_file_line_and_key_and_exits_2() {
    let tmp = TempDir::new("vsw-bad");
    let path = tmp.file("bad.toml");
    let cases = [
        (
            "name = \"x\"\n[[portgroup]]\nname = \"g\"\nprofile = \"open\"\n[[port]]\nname = \"a\"\ndevice = \"vs-a\"\nmac = \"00:0c:29:00:00:01\"\nportgroup = \"G\"\n",
            ":9:13: port[0].portgroup: no port group `G`; the port groups are `g`",
        ),
        ("name = \"x\"\ncolour = \"red\"\n", ":2:1: unknown field `colour`"),
        ("name = \"x\"\n[[portgroup]]\nname = \"g\"\nprofile = \"vsphere8\"\n", ":4:11: unknown variant `vsphere8`"),
        (
            "name = \"x\"\n[[portgroup]]\nname = \"g\"\nprofile = \"open\"\n[[port]]\nname = \"a\"\ndevice = \"vs-a\"\nmac = \"00:0c:29:00:00:01\"\nportgroup = \"g\"\n[[port]]\nname = \"b\"\ndevice = \"vs-b\"\nmac = \"00:0c:29:00:00:01\"\nportgroup = \"g\"\n",
            ":13:7: port[1].mac: port `b` has the MAC of port `a` (line 8), 00:0c:29:00:00:01: two ports cannot share a configured MAC",
        ),
    ];
    for (text, want) in cases {
        std::fs::write(&path, text).unwrap();
        let run = run_bounded(&[&bin(), "vswitch", "run", "--config", &path], CMD_TIMEOUT);
        assert_eq!(run.code(), 2, "{run}");
        assert!(
            run.stderr.contains(&format!("{path}{want}")),
            "want `{path}{want}` in {run}"
        );
    }
    let run = run_bounded(
        &[&bin(), "vswitch", "run", "--config", "/nonexistent/sw.toml"],
        CMD_TIMEOUT,
    );
    assert_eq!(run.code(), 2, "{run}");
    assert!(
        run.stderr
            .contains("cannot read the configuration /nonexistent/sw.toml"),
        "{run}"
    );
}

#[test]
fn a_missing_device_is_named_with_the_devices_that_exist() {
    let sw = netns!("vsw-nodev");
    let w = World::new(sw, "vsw-nodev", 1);
    let cfg = w.config("", OPEN, |_| "g".into());
    std::fs::write(
        &cfg,
        std::fs::read_to_string(&cfg)
            .unwrap()
            .replace("vs-p0", "vs-nope"),
    )
    .unwrap();
    let run = w.sw.promisc(&["vswitch", "run", "--config", &cfg]);
    assert_eq!(run.code(), 3, "{run}");
    assert!(
        run.stderr.contains(":9:10: port `p0`: no device `vs-nope`"),
        "{run}"
    );
    assert!(run.stderr.contains("the devices are: lo, vs-p0"), "{run}");
}

#[test]
fn the_switch_follows_its_guests_answers_its_socket_and_survives_a_vanished_port() {
    let sw = netns!("vsw-run");
    if !require_tool("ping") {
        return;
    }
    let w = World::new(sw, "vsw-run", 3);
    let cfg = w.config("", OPEN, |_| "g".into());
    let p = w.start(&cfg);
    assert!(w.ping(0, &guest_ip(1)), "p0 reaches p1");

    // The control socket: mode 0600, the documented JSON shape.
    let sock = format!("/run/promisc/vswitch-{}.sock", w.name);
    let mode = std::fs::metadata(&sock).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{sock}");
    let s = w.stats();
    assert_eq!(s["name"], w.name.as_str());
    assert_eq!(s["mode"], "static");
    let p0 = &s["ports"][0];
    for key in [
        "name",
        "device",
        "portgroup",
        "uplink",
        "configured_mac",
        "effective_mac",
        "promiscuous_requested",
        "promiscuous_granted",
        "rx_frames",
        "rx_bytes",
        "tx_frames",
        "tx_bytes",
        "drops",
    ] {
        assert!(!p0[key].is_null(), "port has `{key}`: {p0}");
    }
    for key in [
        "forged_source",
        "mac_changed",
        "unknown_destination",
        "vlan",
        "learning_limit",
    ] {
        assert!(p0["drops"][key].is_u64(), "drops has `{key}`: {p0}");
    }
    assert!(
        p0["rx_frames"].as_u64().unwrap() >= 2,
        "the ping entered at p0: {p0}"
    );
    assert!(
        s["ports"][1]["tx_frames"].as_u64().unwrap() >= 2,
        "and left at p1"
    );

    // The guest's promiscuity counter and MAC, followed through notifications.
    assert_eq!(w.port(1)["promiscuous_requested"], false);
    w.guests[1].ip("link set eth0 promisc on");
    wait_until("p1's guest asks for promiscuous mode", TIMEOUT, || {
        w.port(1)["promiscuous_requested"] == true
    });
    assert_eq!(w.port(1)["promiscuous_granted"], true, "open grants it");
    w.guests[2].ip("link set eth0 address 00:0c:29:00:01:42");
    wait_until("p2's new MAC", TIMEOUT, || {
        w.port(2)["effective_mac"] == "00:0c:29:00:01:42"
    });
    assert_eq!(w.port(2)["configured_mac"], guest_mac(2).as_str());

    // set: a port, a group, a bad key.
    w.vswitch(&["set", &w.name, "p0", "promiscuous=reject"])
        .expect_success();
    assert_eq!(w.port(0)["policy"]["promiscuous"], "reject");
    assert_eq!(w.port(1)["policy"]["promiscuous"], "accept");
    w.vswitch(&[
        "set",
        &w.name,
        "forged_transmits=reject",
        "--portgroup",
        "g",
    ])
    .expect_success();
    assert_eq!(w.port(1)["policy"]["forged_transmits"], "reject");
    let bad = w.vswitch(&["set", &w.name, "promiscuous=maybe"]);
    assert_eq!(bad.code(), 2, "{bad}");
    assert!(bad.stderr.contains("`promiscuous=maybe`"), "{bad}");

    // SIGUSR1 prints the statistics.
    p.signal("USR1");
    p.wait_stdout(&format!("vswitch {} (static mode)", w.name));

    // A port whose device vanishes is reported; the others go on.
    w.sw.ip("link del vs-p2");
    p.wait_stderr("port p2: device vs-p2 disappeared");
    assert!(w.ping(1, &guest_ip(0)), "p1 still reaches p0");
    assert_eq!(w.port(2)["present"], false);

    // SIGTERM: a clean end, the socket removed.
    p.signal("TERM");
    let status = p.wait_exit(TIMEOUT);
    assert_eq!(status.code(), Some(0), "{:?}", p.seen());
    assert!(!std::path::Path::new(&sock).exists(), "socket removed");
}

#[test]
fn a_port_whose_device_comes_back_forwards_again() {
    let sw = netns!("vsw-back");
    if !require_tool("ping") {
        return;
    }
    let w = World::new(sw, "vsw-back", 3);
    let cfg = w.config("", OPEN, |_| "g".into());
    let p = w.start(&cfg);
    // Frames cross the switch all along: g0 pings g1 five times a second.
    let _pinger = w.guests[0].spawn(&["ping", "-n", "-i", "0.2", &guest_ip(1)]);
    assert!(reaches(&w, 2, 0), "g2 reaches g0 before");
    // Each port in turn, the last one (the highest poll slot) and the first.
    for i in [2, 0] {
        w.sw.ip(&format!("link del vs-p{i}"));
        p.wait_stderr(&format!("port p{i}: device vs-p{i} disappeared"));
        w.replug(i);
        p.wait_stderr(&format!("port p{i}: device vs-p{i} is back"));
        let other = if i == 0 { 1 } else { 0 };
        let back = reaches(&w, i, other);
        assert_eq!(p.exited(), None, "the switch runs: {:?}", all_lines(&p));
        assert!(back, "g{i} reaches g{other} once vs-p{i} is back");
        assert!(reaches(&w, other, i), "and the other way");
        assert_eq!(w.port(i)["present"], true);
    }
    assert!(reaches(&w, 1, 2), "g1 reaches g2");
}

/// What the process printed, for a failure's message: the lines seen, then those pending.
fn all_lines(p: &Proc) -> Vec<String> {
    while p.next_stderr(Duration::from_millis(200)).is_some() {}
    p.seen()
}

/// Whether guest `from` reaches guest `to` (see [`World::ping`]).
fn reaches(w: &World, from: usize, to: usize) -> bool {
    w.ping(from, &guest_ip(to))
}

/// The control socket serves at most this many connections at once (docs/VSWITCH.md).
const CONTROL_CLIENTS: usize = 16;

/// How a [`pest`] misuses the control socket.
#[derive(Clone, Copy)]
enum Pest {
    /// Connects and sends nothing.
    Silent,
    /// Sends a byte every 0.4 s, never a whole line.
    Slow,
    /// Sends a line of 4 MiB.
    Long,
}

/// A thread that misuses switch `name`'s control socket as `how` says, connecting again
/// each time the switch closes the connection, until `stop`; returns how many connections
/// it made and how many of those the switch ended (end of file or a reset).
fn pest(name: &str, how: Pest, stop: &Arc<AtomicBool>) -> thread::JoinHandle<(u32, u32)> {
    let path = format!("/run/promisc/vswitch-{name}.sock");
    let stop = stop.clone();
    thread::spawn(move || {
        let (mut made, mut ended) = (0, 0);
        while !stop.load(Ordering::SeqCst) {
            let Ok(mut s) = UnixStream::connect(&path) else {
                thread::sleep(POLL);
                continue;
            };
            made += 1;
            s.set_read_timeout(Some(POLL)).unwrap();
            s.set_write_timeout(Some(POLL)).unwrap();
            let line = vec![b'x'; 4 << 20];
            let mut at = 0;
            let mut buf = [0u8; 4096];
            let closed = loop {
                if stop.load(Ordering::SeqCst) {
                    break false;
                }
                let wrote = match how {
                    Pest::Silent => Ok(0),
                    Pest::Slow => {
                        let w = s.write(b" ");
                        thread::sleep(Duration::from_millis(400));
                        w
                    }
                    Pest::Long if at < line.len() => s.write(&line[at..]),
                    Pest::Long => s.write(b"\n"),
                };
                match wrote {
                    Ok(n) => at += n,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_) => break true,
                }
                // Whatever the switch answers is read (and dropped) until it closes.
                match s.read(&mut buf) {
                    Ok(0) => break true,
                    Ok(_) => {}
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => break true,
                }
            };
            if closed {
                ended += 1;
            }
        }
        (made, ended)
    })
}

/// How many descriptors process `pid` has open.
fn fd_count(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap_or_else(|e| panic!("/proc/{pid}/fd: {e}"))
        .count()
}

/// `ping -c COUNT` from guest `from` to guest `to`, five a second; the replies received.
fn pings(w: &World, from: usize, to: usize, count: u32) -> u32 {
    let count = count.to_string();
    let run = w.guests[from].try_run(&[
        "ping",
        "-n",
        "-q",
        "-c",
        &count,
        "-i",
        "0.2",
        "-w",
        "15",
        &guest_ip(to),
    ]);
    let summary = run
        .stdout
        .lines()
        .find(|l| l.contains("packets transmitted"))
        .unwrap_or_else(|| panic!("no ping summary: {run}"));
    summary
        .split(", ")
        .find_map(|f| f.strip_suffix(" received")?.parse().ok())
        .unwrap_or_else(|| panic!("no `received` in {summary:?}"))
}

#[test]
fn slow_and_silent_control_clients_never_delay_a_frame() {
    let sw = netns!("vsw-ctl");
    if !require_tool("ping") {
        return;
    }
    let w = World::new(sw, "vsw-ctl", 2);
    let cfg = w.config("", OPEN, |_| "g".into());
    let p = w.start(&cfg);
    assert!(reaches(&w, 0, 1), "g0 reaches g1");
    let fds = fd_count(p.pid());

    // Ten connections that never send, one that sends a byte every 0.4 s, one a 4 MiB line,
    // all reconnecting when closed, while the guests ping.
    let stop = Arc::new(AtomicBool::new(false));
    let mut pests: Vec<_> = (0..10)
        .map(|_| pest(&w.name, Pest::Silent, &stop))
        .collect();
    pests.push(pest(&w.name, Pest::Slow, &stop));
    pests.push(pest(&w.name, Pest::Long, &stop));
    let most = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let (stop, most, pid) = (stop.clone(), most.clone(), p.pid());
        thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
                    return; // It ended: the test says so.
                };
                most.fetch_max(fds.count(), Ordering::SeqCst);
                thread::sleep(POLL);
            }
        })
    };
    let received = pings(&w, 0, 1, 20);
    let during = w.vswitch(&["stats", "--json", &w.name]);
    stop.store(true, Ordering::SeqCst);
    let ended: Vec<(u32, u32)> = pests.into_iter().map(|t| t.join().unwrap()).collect();
    sampler.join().unwrap();
    assert_eq!(
        received, 20,
        "no ping lost while the control socket is misused"
    );
    assert_eq!(during.code(), 0, "stats answers meanwhile: {during}");
    let during: Value = serde_json::from_str(&during.stdout).unwrap();
    assert!(during["ports"][1]["tx_frames"].as_u64().unwrap() >= 20);
    let most = most.load(Ordering::SeqCst);
    // One more for a moment: a connection beyond the bound is accepted, answered and closed.
    assert!(
        most <= fds + CONTROL_CLIENTS + 1,
        "the switch held {most} descriptors, {fds} before: at most {CONTROL_CLIENTS} + 1 more"
    );
    // The slow client and the long line were cut off by the switch (the silent ones may
    // still have been waiting for their deadline when the test stopped them).
    assert!(ended[10].1 >= 1, "the slow client was closed: {ended:?}");
    assert!(ended[11].1 >= 1, "the long line was refused: {ended:?}");

    // More connections than it serves: the rest are closed at once, none is kept past its
    // deadline, and the switch answers afterwards.
    let many: Vec<UnixStream> = (0..3 * CONTROL_CLIENTS)
        .map(|_| UnixStream::connect(format!("/run/promisc/vswitch-{}.sock", w.name)).unwrap())
        .collect();
    for (k, mut s) in many.into_iter().enumerate() {
        s.set_read_timeout(Some(CMD_TIMEOUT)).unwrap();
        match s.read_to_end(&mut Vec::new()) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!("connection {k} is not closed by the switch: {e}"),
        }
        assert!(fd_count(p.pid()) <= fds + CONTROL_CLIENTS + 1);
    }
    wait_until("the switch's descriptors back to before", TIMEOUT, || {
        fd_count(p.pid()) == fds
    });
    assert_eq!(w.port(0)["present"], true, "stats answers");
    assert_eq!(pings(&w, 1, 0, 5), 5, "and the switch forwards");
}

#[test]
fn the_control_socket_has_mode_0600_from_its_creation() {
    let sw = netns!("vsw-mode");
    let w = World::new(sw, "vsw-mode", 2);
    let cfg = w.config("", OPEN, |_| "g".into());
    std::fs::create_dir_all("/run/promisc").unwrap();
    let py = python();
    let watch = w.sw.spawn(&[&py, &helper("watch_dir.py"), "/run/promisc"]);
    watch.wait_stdout("ready");
    // umask 000: a socket file made by bind(2) would be srwxrwxrwx until a chmod.
    let bin = bin();
    let p = w.sw.spawn(&[
        "sh",
        "-c",
        &format!("umask 000 && exec {bin} vswitch run --config {cfg}"),
    ]);
    p.wait_stderr("running");
    let sock = format!("vswitch-{}.sock", w.name);
    let path = format!("/run/promisc/{sock}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600, "{path}");
    // A marker after the switch is up: inotify keeps the order, so every event of the socket
    // is printed before the marker's.
    let marker = format!("/run/promisc/.marker-{}", w.name);
    std::fs::write(&marker, b"").unwrap();
    let mut events = Vec::new();
    loop {
        let line = watch
            .next_stdout(TIMEOUT)
            .unwrap_or_else(|| panic!("no marker event; seen {:?}", watch.seen()));
        if line.starts_with("create .marker-") && line.contains(&w.name) {
            break;
        }
        if line.split(' ').nth(1) == Some(sock.as_str()) {
            events.push(line);
        }
    }
    std::fs::remove_file(&marker).unwrap();
    assert_eq!(
        events,
        vec![format!("moved_to {sock} 600")],
        "the socket appears with mode 0600 and is never chmod'ed in /run/promisc"
    );
}

#[test]
fn vlans_are_tagged_untagged_and_kept_apart() {
    let sw = netns!("vsw-vlan");
    if !require_tool("tcpdump") {
        return;
    }
    let w = World::new(sw, "vsw-vlan", 4);
    let groups = "[[portgroup]]\nname = \"v10\"\nvlan = 10\nprofile = \"open\"\n\
                  [[portgroup]]\nname = \"v20\"\nvlan = 20\nprofile = \"open\"\n\
                  [[portgroup]]\nname = \"trunk\"\nvlan = 4095\nprofile = \"open\"\n\
                  [[portgroup]]\nname = \"plain\"\nvlan = 0\nprofile = \"open\"\n";
    let cfg = w.config("", groups, |i| ["v10", "v20", "trunk", "plain"][i].into());
    let _p = w.start(&cfg);
    let caps: Vec<Proc> = (0..4).map(|i| capture(&w, i)).collect();
    let bc = "ff:ff:ff:ff:ff:ff";
    // From the trunk (g2): VLAN 10, VLAN 20, untagged. From the access port of VLAN 10 (g0):
    // untagged (tagged 10 inside), and a tagged frame, which an access port drops.
    // Each sender's frames end with a broadcast DONE (g2's in each VLAN): every guest's
    // capture has printed all that was sent to it once it has printed the DONE of the sender
    // that reaches it (g2's for g0, g1 and g3; g0's for g2).
    send(
        &w,
        2,
        &[
            (bc, Some(10), 10),
            (bc, Some(20), 20),
            (bc, None, 30),
            (bc, Some(10), DONE + 2),
            (bc, Some(20), DONE + 2),
            (bc, None, DONE + 2),
        ],
    );
    send(
        &w,
        0,
        &[(bc, None, 40), (bc, Some(10), 50), (bc, None, DONE)],
    );
    for (g, done) in [(0, DONE + 2), (1, DONE + 2), (2, DONE), (3, DONE + 2)] {
        wait_marker(&caps[g], done);
    }
    let got: Vec<Vec<(Option<u16>, u8)>> = caps.into_iter().map(collect).collect();
    let others = |g: usize| -> Vec<(Option<u16>, u8)> {
        got[g].iter().copied().filter(|(_, m)| *m < 100).collect()
    };
    // What each guest received from the others (its own sends are in its capture too).
    let received = |g: usize, own: &[u8]| -> Vec<(Option<u16>, u8)> {
        others(g)
            .into_iter()
            .filter(|(_, m)| !own.contains(m))
            .collect()
    };
    assert_eq!(
        received(0, &[40, 50]),
        vec![(None, 10)],
        "VLAN 10 arrives untagged at its access port"
    );
    assert_eq!(
        received(1, &[]),
        vec![(None, 20)],
        "VLAN 20 only at its own"
    );
    assert_eq!(
        received(2, &[10, 20, 30]),
        vec![(Some(10), 40)],
        "the trunk sees VLAN 10 tagged"
    );
    assert_eq!(
        received(3, &[]),
        vec![(None, 30)],
        "untagged only at the untagged group"
    );
    assert_eq!(
        w.port(0)["drops"]["vlan"],
        1,
        "the tagged frame into an access port"
    );
}

/// tcpdump (not promiscuous, so that the guest asks for nothing) on guest `g`'s eth0, for
/// the test frames (EtherType 0x88b5, tagged or not), once it listens.
fn capture(w: &World, g: usize) -> Proc {
    let p = w.guests[g].spawn(&[
        "tcpdump",
        "-p",
        "-n",
        "-l",
        "--immediate-mode",
        "-xx",
        "-i",
        "eth0",
        "ether proto 0x88b5 or (vlan and ether proto 0x88b5)",
    ]);
    p.wait_stderr("listening on");
    p
}

/// The marker of the frame a sender sends last (`DONE + g` for guest g when it matters who):
/// a capture that has printed it has printed what came before it the same way. Markers from
/// 100 on are left out of the VLAN test's results, `DONE` and above out of the comparison's.
const DONE: u8 = 0xf0;

/// Waits (bounded by [`TIMEOUT`]) until [`capture`] `p` has printed a frame with `marker`.
fn wait_marker(p: &Proc, marker: u8) {
    let deadline = Instant::now() + TIMEOUT;
    while !frames_in(&printed(p)).iter().any(|(_, m)| *m == marker) {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "`{}` printed no frame with marker {marker} within {TIMEOUT:?}: {:?}",
            p.what,
            frames_in(&printed(p))
        );
        if p.next_stdout(left.min(Duration::from_millis(200)))
            .is_none()
        {
            assert!(p.exited().is_none(), "`{}` ended: {:?}", p.what, p.seen());
        }
    }
}

/// The stdout lines of `p` read so far.
fn printed(p: &Proc) -> Vec<String> {
    p.seen()
        .iter()
        .filter_map(|l| l.strip_prefix("stdout: "))
        .map(str::to_string)
        .collect()
}

/// Stops a [`capture`] and returns each frame's VLAN tag and marker byte, in order. The caller
/// has waited for what it expects last ([`wait_marker`]).
fn collect(p: Proc) -> Vec<(Option<u16>, u8)> {
    p.signal("INT");
    p.wait_exit(TIMEOUT);
    p.rest_of_stdout(TIMEOUT);
    frames_in(&printed(&p))
}

/// Each frame's VLAN tag and marker byte in the lines tcpdump -xx printed, in order.
fn frames_in(lines: &[String]) -> Vec<(Option<u16>, u8)> {
    let mut frames: Vec<Vec<u8>> = Vec::new();
    for l in lines {
        match l.trim_start().strip_prefix("0x") {
            Some(row) if l.starts_with(char::is_whitespace) => {
                let hex: String = row
                    .split_once(':')
                    .map_or("", |(_, h)| h)
                    .split_whitespace()
                    .collect();
                let bytes = (0..hex.len() / 2)
                    .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok());
                if let Some(f) = frames.last_mut() {
                    f.extend(bytes);
                }
            }
            _ => frames.push(Vec::new()),
        }
    }
    frames
        .iter()
        .filter(|f| f.len() >= 19)
        .map(|f| {
            if f[12..14] == [0x81, 0x00] {
                (Some(u16::from_be_bytes([f[14], f[15]]) & 0x0fff), f[18])
            } else {
                (None, f[14])
            }
        })
        .collect()
}

/// Sends frames from guest `g`: (destination, VLAN tag, marker).
fn send(w: &World, g: usize, frames: &[(&str, Option<u16>, u8)]) {
    let file = w.tmp.file(&format!("frames-{g}-{}", frames[0].2));
    let text: String = frames
        .iter()
        .map(|(d, tag, m)| frame_hex(d, &guest_mac(g), *tag, *m) + "\n")
        .collect();
    std::fs::write(&file, text).unwrap();
    let py = python();
    w.guests[g].run(&[&py, &helper("send_frames.py"), "eth0", &file]);
}

/// The frames g0 sends in the bridge comparison: (destination, marker). Markers 100 and 101
/// are sent by g1 and g2 between them (after the first three), so that their MACs are known.
fn comparison_frames() -> Vec<(String, u8)> {
    vec![
        ("ff:ff:ff:ff:ff:ff".into(), 1),
        ("01:00:5e:00:00:fb".into(), 2),
        ("02:00:00:00:99:99".into(), 3),
        (guest_mac(1), 4),
        (guest_mac(0), 5),
        (guest_mac(2), 6),
    ]
}

fn frame_hex(dst: &str, src: &str, tag: Option<u16>, marker: u8) -> String {
    let mut f = format!("{}{}", dst.replace(':', ""), src.replace(':', ""));
    if let Some(v) = tag {
        f.push_str(&format!("8100{v:04x}"));
    }
    f.push_str(&format!("88b5{marker:02x}"));
    while f.len() < 120 {
        f.push_str("00");
    }
    f
}

fn from0(fs: &[(String, u8)]) -> Vec<(&str, Option<u16>, u8)> {
    fs.iter().map(|(d, m)| (d.as_str(), None, *m)).collect()
}

/// Sends the comparison frames and returns, per receiving guest (g1, g2), the markers it got.
fn run_comparison(w: &World) -> Vec<Vec<u8>> {
    let caps: Vec<Proc> = (1..3).map(|i| capture(w, i)).collect();
    let frames = comparison_frames();
    let bc = "ff:ff:ff:ff:ff:ff";
    send(w, 0, &from0(&frames[..3]));
    // g1 and g2 speak, so that the bridge learns them (the switch knows their configured MACs):
    // once each one's broadcast has reached the other, the bridge has learned from it.
    send(w, 1, &[(bc, None, 100)]);
    send(w, 2, &[(bc, None, 101)]);
    wait_marker(&caps[1], 100);
    wait_marker(&caps[0], 101);
    let mut last = from0(&frames[3..]);
    last.push((bc, None, DONE));
    send(w, 0, &last);
    for p in &caps {
        wait_marker(p, DONE);
    }
    caps.into_iter()
        .map(|p| {
            let mut m: Vec<u8> = collect(p)
                .into_iter()
                .map(|(_, m)| m)
                .filter(|m| *m < DONE)
                .collect();
            m.sort();
            m.dedup();
            m
        })
        .collect()
}

#[test]
fn a_learning_open_switch_forwards_as_the_kernel_bridge() {
    let sw = netns!("vsw-bridge");
    if !require_tool("tcpdump") {
        return;
    }
    let w = World::new(sw, "vsw-bridge", 3);
    // The oracle: a Linux bridge over the same three devices.
    w.sw.ip("link add br0 type bridge");
    for i in 0..3 {
        w.sw.ip(&format!("link set vs-p{i} master br0"));
    }
    w.sw.ip("link set br0 up");
    let bridge = run_comparison(&w);
    w.sw.ip("link del br0");
    assert_eq!(
        bridge,
        vec![vec![1, 2, 3, 4, 100, 101], vec![1, 2, 3, 6, 100, 101]],
        "the bridge floods, then learns"
    );

    let cfg = w.config("mode = \"learning\"", OPEN, |_| "g".into());
    let p = w.start(&cfg);
    let ours = run_comparison(&w);
    assert_eq!(
        ours,
        bridge,
        "g1 and g2 receive what the kernel bridge delivers ({:?})",
        p.seen()
    );
}
