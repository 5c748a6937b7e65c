//! `-i any`: cooked Linux SLL2 frames, never promiscuous, and filters keeping what
//! `tcpdump -i any` keeps.

use super::*;

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
    // The reference: every packet `-i any` sees, unfiltered.
    let all = dir.file("all.pcap");
    let reference = tcpdump_writing(&ns, &["-i", "any", "-y", "LINUX_SLL2", "-w", &all]);
    let mut runs = Vec::new();
    for (i, e) in exprs.iter().enumerate() {
        let ours = dir.file(&format!("ours-{i}.pcap"));
        let theirs = dir.file(&format!("theirs-{i}.pcap"));
        let p = capture(&ns, &["-i", "any", "-w", &ours, e]);
        let t = tcpdump_writing(&ns, &["-i", "any", "-y", "LINUX_SLL2", "-w", &theirs, e]);
        runs.push((e, ours, theirs, p, t));
    }
    let frames = mixed_frames();
    send(&ns, &dir, "veth1", &frames);
    // Readiness, not a pause: once the reference has every frame twice (out of veth1, into
    // veth0), the kernel has handed each one to every socket; each tcpdump has then written
    // what it keeps once it sleeps in poll again (promisc writes what it holds when
    // interrupted).
    wait_packets(&reference, &all, 2 * frames.len(), "each frame out and in");
    for (_, _, _, _, t) in &runs {
        wait_drained(t);
    }
    let mut failures = Vec::new();
    let mut kept_any = false;
    for (e, ours, theirs, p, t) in &runs {
        p.signal("INT");
        t.signal("INT");
        wait_end(p, CAPTURE_TIMEOUT).expect_code(0);
        let t_end = wait_end(t, CAPTURE_TIMEOUT);
        let (_, _, dropped) = final_stats(&t_end.stderr);
        if dropped != 0 {
            failures.push(format!("{e:?}: tcpdump dropped {dropped}: {t_end}"));
        }
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
        if b.is_empty() || b.len() == 2 * frames.len() {
            failures.push(format!(
                "{e:?}: tcpdump kept {} packets: not a discriminating expression",
                b.len()
            ));
        }
    }
    assert!(kept_any, "tcpdump kept nothing at all");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
