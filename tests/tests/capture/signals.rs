//! The end of a capture: statistics printed like tcpdump's, and SIGTERM, SIGINT and SIGHUP
//! ending it with a complete file.

use super::*;

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
    wait_received(&p, 5);
    p.signal("INT");
    let end = wait_end(&p, CAPTURE_TIMEOUT);
    end.expect_code(0);
    assert_final_stats(&end, 5);
    assert_same_frames(&path, &read_complete(&path).data(), &frames);
}

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
            wait_received(&p, frames.len() as u64);
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
