//! Interfaces that go away: one that goes down is waited for, one deleted ends its capture
//! and leaves the others capturing.

use super::*;

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
    // The first "went down" was read above. Deleting the link takes it down once more before
    // it goes, which may be said once; a socket error left unread would repeat it.
    assert!(
        end.stderr.matches("went down").count() <= 1,
        "said once per time it went down: {end}"
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
