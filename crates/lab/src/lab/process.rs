//! The processes a lab leaves running: its switch and the neighbour's ping. Each is recorded
//! when `lab up` starts it: its pid in `ROLE.pid` (a plain pid file), and in `ROLE.proc` what
//! `/proc` says of it that a later process of the same pid does not share: its start time and
//! its executable. A recorded pid is signalled only through a pidfd, and only while `/proc`
//! still says the same of it: a pid that another process has by now is left alone.

use std::fs;
use std::os::fd::AsFd as _;
use std::time::Duration;

use promisc_sys::process::PidFd;
use promisc_sys::signals::Signal;
use serde::{Deserialize, Serialize};

use super::state::{self, FILE_MODE};
use super::LabError;

/// The switch's role (its files are `vswitch.pid` and `vswitch.proc`).
pub const SWITCH: &str = "vswitch";
/// The neighbour's ping.
pub const NEIGHBOUR: &str = "neighbour";

/// What `/proc` said of a process when the lab started it (`ROLE.proc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// When it started, in clock ticks after boot (`/proc/PID/stat`, field 22).
    pub start_ticks: u64,
    /// The executable it runs (what `/proc/PID/exe` names once it has started it).
    pub exe: String,
}

/// The start time (field 22, in clock ticks after boot) in the text of a `/proc/PID/stat`.
pub fn start_ticks(stat: &str) -> Option<u64> {
    // The command name (field 2) may hold spaces and parentheses: count after its last `)`.
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(22 - 3)?
        .parse()
        .ok()
}

/// The state letter (field 3) in the text of a `/proc/PID/stat`: `Z` for a zombie.
pub fn state_letter(stat: &str) -> Option<char> {
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Whether `/proc/PID/exe` (`link`) names the executable `recorded`: the same path, or that
/// path deleted since (the binary was replaced while the lab ran).
pub fn same_exe(link: &str, recorded: &str) -> bool {
    link == recorded || link.strip_suffix(" (deleted)") == Some(recorded)
}

fn stat_of(pid: u32) -> Option<String> {
    fs::read_to_string(format!("/proc/{pid}/stat")).ok()
}

/// Records the process `pid` of `role`, which the lab has just started (its child, not yet
/// reaped) to run `exe`, in directory `dir`.
pub(crate) fn record(dir: &str, role: &str, pid: u32, exe: &str) -> Result<(), LabError> {
    let path = format!("{dir}/{role}.proc");
    let start_ticks = stat_of(pid)
        .as_deref()
        .and_then(start_ticks)
        .ok_or_else(|| LabError::File {
            path: format!("/proc/{pid}/stat"),
            source: std::io::Error::other("no start time"),
        })?;
    let rec = Record {
        start_ticks,
        exe: exe.to_string(),
    };
    state::create(
        &format!("{dir}/{role}.pid"),
        FILE_MODE,
        format!("{pid}\n").as_bytes(),
    )?;
    state::create(
        &path,
        FILE_MODE,
        serde_json::to_string(&rec)
            .expect("a record serializes")
            .as_bytes(),
    )?;
    Ok(())
}

/// What a recorded pid names now.
#[derive(Debug)]
pub(crate) enum Found {
    /// The recorded process, running: a descriptor to signal it by.
    Ours(PidFd),
    /// The recorded process has ended (no process has the pid, or its zombie does).
    Ended,
    /// Not the recorded process (or nothing says which process was recorded): why.
    NotOurs(String),
}

/// The pid recorded for `role` in `dir` and what it names now; `None` without a pid file.
pub(crate) fn find(dir: &str, role: &str) -> Option<(u32, Found)> {
    let pid: u32 = fs::read_to_string(format!("{dir}/{role}.pid"))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let rec: Option<Record> = fs::read_to_string(format!("{dir}/{role}.proc"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let Some(rec) = rec else {
        return Some((
            pid,
            Found::NotOurs(format!("{role}.proc does not say which process it was")),
        ));
    };
    // The descriptor first, then the check: what passes the check is what it signals.
    let fd = match PidFd::open(pid) {
        Ok(Some(fd)) => fd,
        Ok(None) => return Some((pid, Found::Ended)),
        Err(e) => return Some((pid, Found::NotOurs(e.to_string()))),
    };
    let Some(stat) = stat_of(pid) else {
        return Some((pid, Found::Ended));
    };
    let found = match start_ticks(&stat) {
        Some(t) if t != rec.start_ticks => Found::NotOurs(format!(
            "another process has it now (started at tick {t}, the lab's {role} at tick {})",
            rec.start_ticks
        )),
        None => Found::NotOurs("its /proc/PID/stat has no start time".into()),
        Some(_) if state_letter(&stat) == Some('Z') => Found::Ended,
        Some(_) => match fs::read_link(format!("/proc/{pid}/exe")) {
            Ok(link) if same_exe(&link.to_string_lossy(), &rec.exe) => Found::Ours(fd),
            Ok(link) => Found::NotOurs(format!(
                "it runs {}, not {}",
                link.to_string_lossy(),
                rec.exe
            )),
            Err(_) => Found::Ended,
        },
    };
    Some((pid, found))
}

/// Whether the process behind `fd` has ended, waiting `wait` at most.
fn ended(fd: &PidFd, wait: Duration) -> Result<bool, LabError> {
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    Ok(promisc_sys::ring::poll_readable(&[fd.as_fd()], ms)?[0].readable)
}

/// Whether the process behind `fd` still runs.
pub(crate) fn running(fd: &PidFd) -> Result<bool, LabError> {
    Ok(!ended(fd, Duration::ZERO)?)
}

/// Ends the process behind `fd`: `SIGTERM`, then `SIGKILL` after `grace`.
pub(crate) fn stop(fd: &PidFd, grace: Duration) -> Result<(), LabError> {
    if fd.signal(Signal::Terminate)? && !ended(fd, grace)? {
        fd.kill()?;
        ended(fd, Duration::from_secs(1))?;
    }
    Ok(())
}

/// The network namespace inode of process `pid` (`/proc/PID/ns/net`, `net:[INODE]`).
pub(crate) fn netns_inode(pid: u32) -> Option<u64> {
    fs::read_link(format!("/proc/{pid}/ns/net"))
        .ok()?
        .to_str()?
        .strip_prefix("net:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// Kills with `SIGKILL` process `pid` if it is still in the namespace of inode `inode` (checked
/// after its pidfd is opened: a pid reused meanwhile is left alone). Whether it did.
pub(crate) fn kill_in_netns(pid: u32, inode: u64) -> Result<bool, LabError> {
    let Some(fd) = PidFd::open(pid)? else {
        return Ok(false);
    };
    if netns_inode(pid) != Some(inode) {
        return Ok(false);
    }
    Ok(fd.kill()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_time_is_field_22_whatever_the_command_name() {
        let stat = "4242 (vswitch) S 1 4242 4242 0 -1 4194560 200 0 0 0 3 1 0 0 20 0 1 0 987654 12345 67 18446744073709551615";
        assert_eq!(start_ticks(stat), Some(987654));
        assert_eq!(state_letter(stat), Some('S'));
        let odd = "7 (a) b) (c) Z 1 7 7 0 -1 4194560 200 0 0 0 3 1 0 0 20 0 1 0 55 0 0";
        assert_eq!(start_ticks(odd), Some(55));
        assert_eq!(state_letter(odd), Some('Z'));
        assert_eq!(start_ticks("7 (short) S 1"), None);
        assert_eq!(start_ticks(""), None);
        assert_eq!(state_letter("no paren"), None);
    }

    #[test]
    fn the_executable_may_have_been_replaced_but_not_be_another() {
        assert!(same_exe("/usr/bin/promisc", "/usr/bin/promisc"));
        assert!(same_exe("/usr/bin/promisc (deleted)", "/usr/bin/promisc"));
        assert!(!same_exe("/usr/bin/sleep", "/usr/bin/promisc"));
        assert!(!same_exe("/usr/bin/promisc2", "/usr/bin/promisc"));
    }

    #[test]
    fn a_running_process_is_found_by_its_record_and_a_reused_pid_is_not() {
        let dir = std::env::temp_dir().join(format!("promisc-lab-proc-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir).unwrap();
        let d = dir.to_string_lossy().into_owned();
        let sleep = fs::canonicalize("/bin/sleep")
            .or_else(|_| fs::canonicalize("/usr/bin/sleep"))
            .unwrap();
        let mut child = std::process::Command::new(&sleep)
            .arg("30")
            .spawn()
            .unwrap();
        record(&d, "one", child.id(), &sleep.to_string_lossy()).unwrap();
        // Wait for the exec: until then /proc/PID/exe is this test.
        let start = std::time::Instant::now();
        while fs::read_link(format!("/proc/{}/exe", child.id())).unwrap() != sleep {
            assert!(start.elapsed() < Duration::from_secs(5));
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(matches!(find(&d, "one"), Some((p, Found::Ours(_))) if p == child.id()));
        // Another process, started a few clock ticks later (as a reused pid would be).
        std::thread::sleep(Duration::from_millis(50));
        let mut other = std::process::Command::new(&sleep)
            .arg("30")
            .spawn()
            .unwrap();
        // The pid file now names another process.
        fs::write(format!("{d}/one.pid"), format!("{}\n", other.id())).unwrap();
        match find(&d, "one") {
            Some((_, Found::NotOurs(why))) => assert!(why.contains("another process"), "{why}"),
            f => panic!("{f:?}"),
        }
        fs::write(format!("{d}/one.pid"), format!("{}\n", child.id())).unwrap();
        let Some((_, Found::Ours(fd))) = find(&d, "one") else {
            panic!("found")
        };
        assert!(running(&fd).unwrap());
        stop(&fd, Duration::from_secs(5)).unwrap();
        assert!(!running(&fd).unwrap());
        child.wait().unwrap();
        assert!(matches!(find(&d, "one"), Some((_, Found::Ended))));
        assert!(find(&d, "two").is_none(), "no pid file");
        fs::write(format!("{d}/two.pid"), format!("{}\n", other.id())).unwrap();
        assert!(
            matches!(find(&d, "two"), Some((_, Found::NotOurs(_)))),
            "no record"
        );
        other.kill().unwrap();
        other.wait().unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }
}
