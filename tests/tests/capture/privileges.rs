//! Privileges: `-Z` drops them (the file and the process belong to the user), and the
//! promiscuous membership is taken unless `-p`.

use super::*;

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
    std::fs::set_permissions(dir.root(), std::fs::Permissions::from_mode(0o1777))
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
