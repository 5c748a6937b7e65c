//! Privileges: once its sockets and first file are open, a capture gives up every capability
//! (keeping only what rotation needs, and only when it needs it) and sets no_new_privs, before
//! any of its threads starts; `-Z` also switches to the user (the file and the process belong
//! to the user); a binary with file capabilities run by another user captures the same way and
//! refuses `-Z OTHER` in one message; the promiscuous membership is taken unless `-p`.

use super::*;

/// `CAP_DAC_OVERRIDE` in a capability mask of /proc/PID/status.
const CAP_DAC_OVERRIDE: u64 = 1 << 1;

fn id_of(flag: &str, user: &str) -> u32 {
    run_ok(&["id", flag, user])
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("id {flag} {user}: {e}"))
}

/// The name (comm) and /proc status of every thread of `pid`.
fn threads_of(pid: u32) -> Vec<(String, String)> {
    let tasks: Vec<PathBuf> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .expect("/proc/PID/task")
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!tasks.is_empty());
    tasks
        .iter()
        .map(|t| {
            let comm = std::fs::read_to_string(t.join("comm")).expect("task comm");
            let status = std::fs::read_to_string(t.join("status")).expect("task status");
            (comm.trim().to_string(), status)
        })
        .collect()
}

/// The words of the `key` line of a /proc status.
fn field(status: &str, key: &str) -> Vec<String> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .unwrap_or_else(|| panic!("no {key} in\n{status}"))
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// A hexadecimal mask of a /proc status (`CapEff:` ...).
fn mask(status: &str, key: &str) -> u64 {
    u64::from_str_radix(&field(status, key)[0], 16).unwrap_or_else(|e| panic!("{key}: {e}"))
}

/// Asserts that every thread of `pid` runs as `uid`/`gid` (real, effective, saved, fs) with
/// exactly `caps` effective and permitted, nothing inheritable or ambient, no_new_privs set,
/// and, when given, the bounding set `bounding`.
fn assert_privileges(pid: u32, uid: u32, gid: u32, caps: u64, bounding: Option<u64>) {
    for (comm, status) in threads_of(pid) {
        let at = format!("thread {comm} of {pid}:\n{status}");
        assert_eq!(field(&status, "Uid:"), vec![uid.to_string(); 4], "{at}");
        assert_eq!(field(&status, "Gid:"), vec![gid.to_string(); 4], "{at}");
        let shown = |key: &str| format!("{:#x}", mask(&status, key));
        assert_eq!(shown("CapEff:"), format!("{caps:#x}"), "CapEff of {at}");
        assert_eq!(shown("CapPrm:"), format!("{caps:#x}"), "CapPrm of {at}");
        assert_eq!(shown("CapInh:"), "0x0", "CapInh of {at}");
        assert_eq!(shown("CapAmb:"), "0x0", "CapAmb of {at}");
        assert_eq!(field(&status, "NoNewPrivs:"), ["1"], "NoNewPrivs of {at}");
        if let Some(b) = bounding {
            assert_eq!(shown("CapBnd:"), format!("{b:#x}"), "CapBnd of {at}");
        }
    }
}

/// A directory in `dir` owned by `uid`/`gid` with `mode`.
fn owned_dir(dir: &TempDir, name: &str, uid: u32, gid: u32, mode: u32) -> String {
    let path = dir.path(name);
    std::fs::create_dir(&path).unwrap_or_else(|e| panic!("mkdir {path:?}: {e}"));
    std::os::unix::fs::chown(&path, Some(uid), Some(gid)).expect("chown");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    dir.file(name)
}

/// The files of `dir` whose names start with `prefix`, sorted.
fn files_in(dir: &str, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read_dir {dir}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

#[test]
fn dropping_privileges_with_z() {
    let ns = lab!("dropz", ["tcpdump"]);
    let (uid, gid) = (id_of("-u", "nobody"), id_of("-g", "nobody"));
    let dir = TempDir::new("dropz");
    std::fs::set_permissions(dir.root(), std::fs::Permissions::from_mode(0o1777))
        .expect("chmod 1777");
    let path = dir.file("z.pcap");
    let p = capture(&ns, &["-i", "veth0", "-Z", "nobody", "-w", &path]);
    let frames: Vec<Vec<u8>> = (0..4).map(|i| numbered(i, 120)).collect();
    send(&ns, &dir, "veth1", &frames);

    // Every thread of the running capture is nobody, without capabilities, for good.
    assert_privileges(p.pid(), uid, gid, 0, Some(0));
    wait_received(&p, frames.len() as u64);
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

/// As root without -Z: uid 0 stays, every capability goes (effective, permitted, inheritable,
/// ambient, bounding) and no_new_privs is set, in every thread: the workers and the name
/// resolver's (printing without -n) start after the drop. An interface going down and up
/// needs none of them back.
#[test]
fn capture_keeps_no_capability_once_open() {
    let ns = lab!("nocaps");
    let dir = TempDir::new("nocaps");
    let frames: Vec<Vec<u8>> = (0..3).map(|i| numbered(i, 120)).collect();

    let p = capture(&ns, &["-i", "veth0", "-l"]);
    send(&ns, &dir, "veth1", &frames);
    p.wait_stdout("0x88b5");
    let threads = threads_of(p.pid());
    assert!(
        threads.iter().any(|(comm, _)| comm == "promisc-dns"),
        "the name resolver's thread runs: {:?}",
        threads.iter().map(|t| &t.0).collect::<Vec<_>>()
    );
    assert_privileges(p.pid(), 0, 0, 0, Some(0));
    p.signal("INT");
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);

    // Writing a file; the interface goes down and comes back: the socket stays bound and its
    // membership stays (no capability needed), so frames to another host's address (only a
    // promiscuous capture sees them) are captured after it as before.
    let path = dir.file("n.pcap");
    let p = capture(&ns, &["-i", "veth0", "-w", &path]);
    assert_privileges(p.pid(), 0, 0, 0, Some(0));
    send(&ns, &dir, "veth1", &frames);
    ns.ip("link set veth0 down");
    p.wait_stderr("veth0: the interface went down");
    ns.ip("link set veth0 up");
    wait_until("veth0 up", TIMEOUT, || {
        ns.run(&["cat", "/sys/class/net/veth0/operstate"]).trim() == "up"
    });
    assert_eq!(
        promiscuity(&ns, "veth0"),
        1,
        "the membership outlived down and up"
    );
    let after = numbered(3, 120);
    send(&ns, &dir, "veth1", std::slice::from_ref(&after));
    p.wait_stderr("veth0: the interface is up again");
    wait_received(&p, 4);
    p.signal("INT");
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    let mut all = frames.clone();
    all.push(after);
    assert_final_stats(&end, all.len() as u64);
    assert_same_frames(&path, &read_complete(&path).data(), &all);
}

/// `-C 1` with 2500 frames of 1000 bytes into `dir` (the capture's privileges checked by
/// `check` once it runs): at least two files, every frame in order, owned by `owner`.
fn rotate_by_size(
    ns: &Netns,
    tmp: &TempDir,
    dir: &str,
    extra: &[&str],
    check: impl Fn(u32),
    owner: u32,
) {
    let frames: Vec<Vec<u8>> = (0..2500).map(|i| numbered(i, 1000)).collect();
    let path = format!("{dir}/c.pcap");
    let count = frames.len().to_string();
    let mut args = vec![
        "-i", "veth0", "-B", "32768", "-w", &path, "-c", &count, "-C", "1",
    ];
    args.extend_from_slice(extra);
    let p = capture(ns, &args);
    check(p.pid());
    send_paced(ns, tmp, "veth1", &frames, Some((50, 2)));
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
    let mut names = files_in(dir, "c.pcap");
    assert!(names.len() >= 2, "-C 1 rotated after the drop: {names:?}");
    names.sort_by_key(|n| n["c.pcap".len()..].parse::<u32>().unwrap_or(0));
    let mut all = Vec::new();
    for n in &names {
        let file = format!("{dir}/{n}");
        let meta = std::fs::metadata(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(meta.uid(), owner, "{file}'s owner");
        all.extend(read_complete(&file).data());
    }
    assert_same_frames("the -C files' packets, in order", &all, &frames);
}

/// `-G 1 -W 2` into `dir` while a stream of frames flows: two files, then the capture ends;
/// nothing lost at the boundary; both owned by `owner`.
fn rotate_by_time(ns: &Netns, dir: &str, extra: &[&str], check: impl Fn(u32), owner: u32) {
    let path = format!("{dir}/g-%H%M%S.pcap");
    let mut args = vec!["-i", "veth0", "-w", &path, "-G", "1", "-W", "2"];
    args.extend_from_slice(extra);
    let p = capture(ns, &args);
    check(p.pid());
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
    let names = files_in(dir, "g-");
    assert_eq!(names.len(), 2, "-G 1 -W 2 after the drop: {names:?}; {end}");
    let mut files: Vec<Savefile> = names
        .iter()
        .map(|n| {
            let file = format!("{dir}/{n}");
            let meta = std::fs::metadata(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(meta.uid(), owner, "{file}'s owner");
            read_complete(&file)
        })
        .collect();
    files.sort_by_key(|f| f.packets.first().map_or(0, |p| p.ts_ns));
    let numbers: Vec<u32> = files
        .iter()
        .flat_map(|f| f.packets.iter().map(|p| number_of(&p.data)))
        .collect();
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "no packet lost or repeated at the boundary: {numbers:?}"
    );
    let (captured, _, _) = final_stats(&end.stderr);
    assert_eq!(captured as usize, numbers.len(), "{end}");
}

/// Rotation as root after the drop: into a directory root owns, no capability is needed; into
/// one root may write only by CAP_DAC_OVERRIDE (another user's, 0755), that one is kept.
#[test]
fn rotation_as_root_after_the_drop() {
    let ns = lab!("rot-root");
    let tmp = TempDir::new("rot-root");
    let (nobody, nogroup) = (id_of("-u", "nobody"), id_of("-g", "nobody"));
    let mine = owned_dir(&tmp, "root", 0, 0, 0o755);
    rotate_by_size(
        &ns,
        &tmp,
        &mine,
        &[],
        |pid| assert_privileges(pid, 0, 0, 0, Some(0)),
        0,
    );
    rotate_by_time(
        &ns,
        &mine,
        &[],
        |pid| assert_privileges(pid, 0, 0, 0, Some(0)),
        0,
    );

    let theirs = owned_dir(&tmp, "theirs", nobody, nogroup, 0o755);
    let dac = |pid| assert_privileges(pid, 0, 0, CAP_DAC_OVERRIDE, Some(CAP_DAC_OVERRIDE));
    rotate_by_size(&ns, &tmp, &theirs, &[], dac, 0);
}

/// Rotation with -Z nobody into a directory nobody owns (0700): the new files are nobody's.
#[test]
fn rotation_with_z_after_the_drop() {
    let ns = lab!("rot-z");
    let tmp = TempDir::new("rot-z");
    let (nobody, nogroup) = (id_of("-u", "nobody"), id_of("-g", "nobody"));
    let dir = owned_dir(&tmp, "nobody", nobody, nogroup, 0o700);
    let check = |pid| assert_privileges(pid, nobody, nogroup, 0, Some(0));
    rotate_by_size(&ns, &tmp, &dir, &["-Z", "nobody"], check, nobody);
    rotate_by_time(&ns, &dir, &["-Z", "nobody"], check, nobody);

    // A first file nobody may write, in a directory nobody may not: refused before any packet,
    // rather than when the first rotation fails.
    let theirs = owned_dir(&tmp, "root", 0, 0, 0o755);
    let first = format!("{theirs}/c.pcap");
    std::fs::write(&first, b"").expect("the first file");
    std::os::unix::fs::chown(&first, Some(nobody), Some(nogroup)).expect("chown");
    let bin = bin();
    let run = ns.try_run(&[
        &bin, "capture", "-i", "veth0", "-c", "1", "-w", &first, "-C", "1", "-Z", "nobody",
    ]);
    run.expect_code(4);
    assert!(
        run.stderr
            .contains(&format!("nobody cannot create files in {theirs}")),
        "{run}"
    );
}

/// A copy of the binary with the Debian package's file capabilities, run by a user who is not
/// root: it captures, then keeps no capability (no_new_privs set); `-Z` of another user is
/// refused in one message naming the capability it lacks; `-Z` of the caller itself is
/// already done.
#[test]
fn file_capabilities_without_root() {
    let ns = lab!("fcaps", ["setcap"]);
    let tmp = TempDir::new("fcaps");
    std::fs::set_permissions(tmp.root(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let (nobody, nogroup) = (id_of("-u", "nobody"), id_of("-g", "nobody"));
    let copy = tmp.file("promisc");
    std::fs::copy(bin(), &copy).unwrap_or_else(|e| panic!("copy {} to {copy}: {e}", bin()));
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    run_ok(&["setcap", "cap_net_raw,cap_net_admin+eip", &copy]);
    let out = owned_dir(&tmp, "out", nobody, nogroup, 0o700);
    // setpriv execs with root's capabilities still in effect; a shell in between runs with
    // none, so what promisc can do comes from its file alone.
    let as_nobody = |args: &[&str]| -> Vec<String> {
        let mut argv: Vec<String> = [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "sh",
            "-c",
            "exec \"$0\" \"$@\"",
            &copy,
            "capture",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        argv.extend(args.iter().map(|s| s.to_string()));
        argv
    };

    let path = format!("{out}/f.pcap");
    let argv = as_nobody(&["-i", "veth0", "-w", &path]);
    let p = ns.spawn(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    p.wait_stderr("listening on");
    // The bounding set cannot be changed without CAP_SETPCAP: not checked.
    assert_privileges(p.pid(), nobody, nogroup, 0, None);
    let frames: Vec<Vec<u8>> = (0..4).map(|i| numbered(i, 120)).collect();
    send(&ns, &tmp, "veth1", &frames);
    wait_received(&p, frames.len() as u64);
    p.signal("INT");
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, frames.len() as u64);
    assert_same_frames(&path, &read_complete(&path).data(), &frames);

    // -Z of another user: one message, naming what is missing, before anything is opened.
    for user in ["daemon", "root"] {
        let argv = as_nobody(&["-i", "veth0", "-c", "1", "-Z", user]);
        let run = ns.try_run(&argv.iter().map(String::as_str).collect::<Vec<_>>());
        run.expect_code(4);
        let lines: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(lines.len(), 1, "one message: {run}");
        assert!(
            lines[0].contains("CAP_SETUID") && lines[0].contains(&format!("-Z {user}")),
            "{run}"
        );
        assert!(!run.stderr.contains("initgroups"), "{run}");
    }

    // -Z of the caller: nothing to switch.
    let argv = as_nobody(&[
        "-i",
        "veth0",
        "-w",
        &format!("{out}/z.pcap"),
        "-Z",
        "nobody",
    ]);
    let p = ns.spawn(&argv.iter().map(String::as_str).collect::<Vec<_>>());
    p.wait_stderr("listening on");
    assert_privileges(p.pid(), nobody, nogroup, 0, None);
    p.signal("INT");
    wait_end(&p, CAPTURE_TIMEOUT).expect_code(0);
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
