//! `promisc lab`: the nested-VM failure reproduced in network namespaces.
//!
//! [`up`] builds a [`Lab`] (namespaces, veth pairs, the guest's bridge or macvlan, addresses
//! and routes, with `ip`), starts the switch in a namespace of its own as a background
//! process with a pid file, and a neighbour that pings the host every 200 ms. [`down`]
//! removes all of it, or whatever is left of it. [`matrix`] pings every ordered pair in
//! parallel and explains each failing pair from the switch's drop log ([`explain`]).
//!
//! A lab's name is checked by every command: it stays in [`LAB_DIR`]. What a lab keeps there
//! is used only when root alone can have written it ([`state`]), its state file only when it
//! is what `lab up` writes ([`Lab::check`]), and a recorded pid is signalled only while it is
//! still the process the lab started ([`process`]).

pub mod explain;
pub mod kernel;
pub mod process;
pub mod state;
pub mod topology;

use std::fs;
use std::io::Read as _;
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use promisc_sys::signals::{Signal, SignalFd};
use promisc_vswitch::control::{Request, Response};
use promisc_vswitch::stats::{DropRecord, Snapshot};

pub use explain::{Matrix, Pair};
pub use kernel::{Kernel, LabProfile};
use process::Found;
use promisc_vswitchd::client::{self, ClientError};
pub use state::{existing, valid_name};
use state::{FILE_MODE, STATE_FILE, VMNET_MODE};
pub use topology::{Host, Kind, Lab, LAB_DIR, NS_PREFIX};

/// How long the switch may take to answer after it started (generous: it answers within
/// milliseconds, but a loaded machine may be slow to schedule it).
const SWITCH_START: Duration = Duration::from_secs(20);
/// How long `lab down` gives a process after `SIGTERM`, before `SIGKILL`.
const GRACE: Duration = Duration::from_secs(3);
/// How long a pair of the matrix is given to answer, in seconds: echo requests go every
/// [`PING_INTERVAL`] until the first reply, so that one lost to ARP or to a loaded machine
/// does not make a working pair NOT OK; a failing pair costs this long (all pairs run at once).
const PING_DEADLINE: &str = "3";
/// The interval between a pair's echo requests, in seconds.
const PING_INTERVAL: &str = "0.2";

/// What went wrong with a lab.
#[derive(Debug, thiserror::Error)]
pub enum LabError {
    /// `lab up` over an existing lab, or over what is left of one.
    #[error("lab `{0}` already exists (its files are in {LAB_DIR}/{0}, its namespaces are named {NS_PREFIX}{0}-*); remove it first with `promisc lab down --name {0}`")]
    Exists(String),
    /// No lab of that name.
    #[error("no lab `{name}`; labs: {existing} (build one with `promisc lab up nested`)")]
    NotFound {
        /// The name asked for.
        name: String,
        /// The labs that exist.
        existing: String,
    },
    /// What is left of a lab whose `lab up` did not finish: no state file.
    #[error("lab `{0}` is not complete (no {LAB_DIR}/{0}/lab.json: its `lab up` did not finish); remove what is left with `promisc lab down --name {0}`")]
    Incomplete(String),
    /// No lab at all.
    #[error("no lab exists; build one with `promisc lab up nested`")]
    None,
    /// More than one lab and no `--name`.
    #[error("several labs exist ({0}): choose one with --name")]
    Ambiguous(String),
    /// Not root.
    #[error("promisc lab needs root: it creates network namespaces (CAP_SYS_ADMIN), veth pairs and bridges (CAP_NET_ADMIN) and files under {LAB_DIR}")]
    NotRoot,
    /// A name that cannot name a lab.
    #[error("`{0}` cannot name a lab: use 1 to 20 letters, digits or `-`")]
    BadName(String),
    /// A host the lab does not have.
    #[error("lab `{lab}` has no host `{host}`; its hosts are {hosts}")]
    UnknownHost {
        /// The lab.
        lab: String,
        /// The host asked for.
        host: String,
        /// The hosts it has.
        hosts: String,
    },
    /// A directory or file of the labs' that someone else than root could have written.
    #[error("{path} {why}: others could have written the lab's files, which are refused (make it root's and writable by root alone, or remove the lab with `promisc lab down`, which goes by its name alone)")]
    Untrusted {
        /// The directory or file.
        path: String,
        /// What is wrong with it.
        why: String,
    },
    /// A state file that is not what `lab up` writes.
    #[error("{path} is not what `lab up` writes: {detail}; refused (`promisc lab down --name {name}` removes the lab by its name alone)")]
    BadState {
        /// The state file.
        path: String,
        /// The lab.
        name: String,
        /// What is wrong in it.
        detail: String,
    },
    /// An external command failed.
    #[error("`{command}` failed: {detail}")]
    Command {
        /// The command line.
        command: String,
        /// Its error output, or why it could not start.
        detail: String,
    },
    /// `lab exec` of a command that cannot run.
    #[error("cannot run `{command}`: {why}")]
    CannotRun {
        /// The command.
        command: String,
        /// Why not.
        why: String,
    },
    /// The switch did not come up.
    #[error("the lab's switch did not start: {0}")]
    Switch(String),
    /// The lab's switch is gone.
    #[error("the switch of lab `{lab}` died ({detail}); remove the lab with `promisc lab down --name {lab}`, then build it again with `promisc lab up`")]
    SwitchDied {
        /// The lab.
        lab: String,
        /// What is known of its end.
        detail: String,
    },
    /// `lab set` or `lab status` of a lab built on the kernel's bridge.
    #[error("lab `{0}` runs on the kernel's bridge, not on promisc's switch: change it with the platform's own commands, e.g. `promisc lab exec --name {0} switch -- bridge link set dev vs-guest learning on flood on` (docs/VSWITCH.md, \"Kernel bridges in the lab\"), and look at it with `promisc lab exec --name {0} switch -- bridge -d link show`")]
    Kernel(String),
    /// The switch refused a change (`lab set`): a bad setting or target.
    #[error("the lab's switch refused the change: {0}")]
    Refused(String),
    /// The switch answered something else than the request calls for.
    #[error("the lab's switch answered out of turn: {0}")]
    Answer(String),
    /// Interrupted by a signal; what was built is removed.
    #[error("interrupted; everything `lab up` had built was removed")]
    Interrupted,
    /// A file of the lab.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The switch's control socket.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// A kernel call.
    #[error(transparent)]
    Sys(#[from] promisc_sys::Error),
}

impl LabError {
    /// What kind of failure this is: a name that names no lab or host, or a setting the
    /// switch refuses, is a bad argument; files that are not the lab's are a system error.
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        use promisc_sys::ErrorKind;
        match self {
            LabError::Exists(_)
            | LabError::NotFound { .. }
            | LabError::Incomplete(_)
            | LabError::None
            | LabError::Ambiguous(_)
            | LabError::BadName(_)
            | LabError::UnknownHost { .. }
            | LabError::Refused(_)
            | LabError::Kernel(_) => ErrorKind::Usage,
            // Root, not one capability: the message says what for.
            LabError::NotRoot => ErrorKind::Permission { capability: None },
            LabError::Sys(e @ promisc_sys::Error::Permission { .. }) => e.kind(),
            LabError::Interrupted => ErrorKind::Interrupted,
            LabError::Client(e) => e.kind(),
            LabError::Command { .. }
            | LabError::CannotRun { .. }
            | LabError::Untrusted { .. }
            | LabError::BadState { .. }
            | LabError::Switch(_)
            | LabError::SwitchDied { .. }
            | LabError::Answer(_)
            | LabError::File { .. }
            | LabError::Sys(_) => ErrorKind::System,
        }
    }
}

fn file_err(path: &str) -> impl FnOnce(std::io::Error) -> LabError + '_ {
    move |source| LabError::File {
        path: path.to_string(),
        source,
    }
}

/// Runs `argv` (a program and its arguments), failing with its error output.
fn run(argv: &[String]) -> Result<(), LabError> {
    let out = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::Command {
            command: argv.join(" "),
            detail: e.to_string(),
        })?;
    if !out.status.success() {
        return Err(LabError::Command {
            command: argv.join(" "),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(())
}

/// Runs `ip ARGS`, failing with its error output.
fn ip(args: &[String]) -> Result<(), LabError> {
    let out = Command::new("ip")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| LabError::Command {
            command: format!("ip {}", args.join(" ")),
            detail: format!("{e} (lab needs iproute2's `ip`)"),
        })?;
    if !out.status.success() {
        return Err(LabError::Command {
            command: format!("ip {}", args.join(" ")),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(())
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The lab `name`, or the only lab when `name` is `None`: its state file, from its trusted
/// directory, checked to be what `lab up` writes.
pub fn load(name: Option<&str>) -> Result<Lab, LabError> {
    let name = match name {
        Some(n) => {
            state::check_name(n)?;
            n.to_string()
        }
        None => match existing().as_slice() {
            [] => return Err(LabError::None),
            [one] => one.clone(),
            many => return Err(LabError::Ambiguous(many.join(", "))),
        },
    };
    state::read(&name)
}

/// Builds `lab` and starts its switch (the binary `exe`, run as `exe vswitch run`). Any
/// failure, SIGINT or SIGTERM on the way removes what was built.
pub fn up(lab: &Lab, exe: &Path, note: &mut dyn FnMut(&str)) -> Result<(), LabError> {
    state::check_name(&lab.name)?;
    if promisc_sys::user::euid() != 0 {
        return Err(LabError::NotRoot);
    }
    if state::left(&lab.name) {
        return Err(LabError::Exists(lab.name.clone()));
    }
    let mut tools = Vec::new();
    for tool in ["ip", "ping"] {
        match on_path(tool) {
            Some(path) => tools.push(path),
            None => return Err(LabError::Command {
                command: tool.into(),
                detail: "not found on PATH; the lab needs iproute2's `ip` and iputils' `ping` (apt-get install -y iproute2 iputils-ping)".into(),
            }),
        }
    }
    for tool in lab.profile.kernel().map_or(&[][..], Kernel::tools) {
        if on_path(tool).is_none() {
            return Err(LabError::Command {
                command: (*tool).into(),
                detail: format!(
                    "not found on PATH; a {} lab needs it (apt-get install -y {})",
                    lab.profile,
                    if *tool == "nft" {
                        "nftables"
                    } else {
                        "iproute2"
                    }
                ),
            });
        }
    }
    // The executables the processes run, as /proc/PID/exe will name them.
    let exe = fs::canonicalize(exe).map_err(file_err(&exe.to_string_lossy()))?;
    let ping = fs::canonicalize(&tools[1]).map_err(file_err(&tools[1].to_string_lossy()))?;
    let signals = SignalFd::new(&[Signal::Interrupt, Signal::Terminate, Signal::Hangup])?;
    // The directory is made afresh (or this fails): from here on the name is this run's.
    let dir = state::make_lab_dir(&lab.name)?;
    let mut children = Vec::new();
    let result = build(lab, &dir, &exe, &ping, &signals, note, &mut children);
    if result.is_err() {
        // Its own children first: their pids cannot have been reused, they are not reaped.
        for mut c in children {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = remove(&lab.name);
    }
    result
}

/// The first `tool` on `PATH`.
fn on_path(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

fn interrupted(signals: &SignalFd) -> Result<(), LabError> {
    match signals.read()? {
        Some(_) => Err(LabError::Interrupted),
        None => Ok(()),
    }
}

fn build(
    lab: &Lab,
    dir: &str,
    exe: &Path,
    ping: &Path,
    signals: &SignalFd,
    note: &mut dyn FnMut(&str),
    children: &mut Vec<Child>,
) -> Result<(), LabError> {
    let json = serde_json::to_string_pretty(lab).expect("a lab serializes");
    state::create(&format!("{dir}/{STATE_FILE}"), FILE_MODE, json.as_bytes())?;
    for c in lab.commands() {
        ip(&c)?;
        interrupted(signals)?;
    }
    let host = lab.host("host").expect("every lab has a host");
    sysctl(&host.netns, "net/ipv4/ip_forward", "1")?;
    match lab.profile.kernel() {
        Some(k) => {
            for c in k.commands(lab) {
                run(&c)?;
                interrupted(signals)?;
            }
        }
        None => start_switch(lab, dir, exe, children)?,
    }
    interrupted(signals)?;
    start_neighbour(lab, dir, ping, children)?;
    note(&format!(
        "lab {} is up: topology {}, profile {}{}, {}",
        lab.name,
        lab.topology.as_str(),
        lab.profile,
        if lab.learning { ", MAC learning" } else { "" },
        match lab.profile.kernel() {
            Some(Kernel::KvmMacvtap) => format!(
                "the guests' NICs macvlans on the host's vmnet0, netns {}",
                lab.switch_netns
            ),
            Some(_) => format!(
                "the kernel's bridge {} in netns {}",
                kernel::BRIDGE,
                lab.switch_netns
            ),
            None => format!("switch {} in netns {}", lab.switch, lab.switch_netns),
        }
    ));
    Ok(())
}

/// Writes the switch's files and starts it, in its namespace, in the background.
fn start_switch(
    lab: &Lab,
    dir: &str,
    exe: &Path,
    children: &mut Vec<Child>,
) -> Result<(), LabError> {
    state::create(&lab.vmnet(), VMNET_MODE, b"")?;
    let config = format!("{dir}/vswitch.toml");
    state::create(&config, FILE_MODE, lab.switch_config().as_bytes())?;
    let log = format!("{dir}/vswitch.log");
    let out = state::create(&log, FILE_MODE, b"")?;
    let err = out.try_clone().map_err(file_err(&log))?;
    let child = promisc_sys::process::spawn_detached(
        Command::new("ip")
            .args(["netns", "exec", &lab.switch_netns])
            .arg(exe)
            .args(["vswitch", "run", "--config", &config])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err),
    )?;
    let pid = child.id();
    children.push(child);
    process::record(dir, process::SWITCH, pid, &exe.to_string_lossy())?;
    wait_switch(lab, children.last_mut().expect("just pushed"), &log)
}

/// The neighbour's little traffic with the host.
fn start_neighbour(
    lab: &Lab,
    dir: &str,
    ping: &Path,
    children: &mut Vec<Child>,
) -> Result<(), LabError> {
    let host = lab.host("host").expect("every lab has a host");
    let n = lab.host("neighbour").expect("every lab has a neighbour");
    let child = promisc_sys::process::spawn_detached(
        Command::new("ip")
            .args(["netns", "exec", &n.netns])
            .arg(ping)
            .args(["-q", "-n", "-i", "0.2", &host.ip])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )?;
    let pid = child.id();
    children.push(child);
    process::record(dir, process::NEIGHBOUR, pid, &ping.to_string_lossy())
}

fn sysctl(netns: &str, key: &str, value: &str) -> Result<(), LabError> {
    let cmd = format!("echo {value} > /proc/sys/{key}");
    let out = Command::new("ip")
        .args(["netns", "exec", netns, "sh", "-c", &cmd])
        .output()
        .map_err(|e| LabError::Command {
            command: cmd.clone(),
            detail: e.to_string(),
        })?;
    if !out.status.success() {
        return Err(LabError::Command {
            command: cmd,
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(())
}

/// Waits until the switch answers on its control socket, or says why it stopped.
fn wait_switch(lab: &Lab, child: &mut Child, log: &str) -> Result<(), LabError> {
    let start = Instant::now();
    loop {
        if let Ok(Response::Stats(_)) = client::request(&lab.switch, &Request::Stats) {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut text = String::new();
            let _ = fs::File::open(log).and_then(|mut f| f.read_to_string(&mut text));
            return Err(LabError::Switch(format!(
                "it exited ({status}): {}",
                text.trim()
            )));
        }
        if start.elapsed() > SWITCH_START {
            return Err(LabError::Switch(format!(
                "no answer on its control socket after {SWITCH_START:?}; see {log}"
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Removes the lab `name` (the only one when `None`), or whatever is left of it: its
/// processes, namespaces and files. It goes by the name alone: its namespaces are those named
/// after it, its directory is in [`LAB_DIR`], and the pids recorded there are signalled only
/// while they are the processes the lab started (and the directory is root's alone). Returns
/// one line per thing removed or left alone.
pub fn down(name: Option<&str>) -> Result<Vec<String>, LabError> {
    let name = match name {
        Some(n) => {
            state::check_name(n)?;
            n.to_string()
        }
        None => match state::anything_left().as_slice() {
            [] => return Err(LabError::None),
            [one] => one.clone(),
            many => return Err(LabError::Ambiguous(many.join(", "))),
        },
    };
    if !state::left(&name) {
        let labs = state::anything_left();
        return Err(LabError::NotFound {
            name,
            existing: if labs.is_empty() {
                "none".into()
            } else {
                labs.join(", ")
            },
        });
    }
    remove(&name)
}

/// Removes everything of lab `name` (a valid name); see [`down`].
fn remove(name: &str) -> Result<Vec<String>, LabError> {
    let dir = state::dir_of(name);
    let mut done = Vec::new();
    match state::trusted_lab_dir(name) {
        Ok(()) => {
            for role in [process::SWITCH, process::NEIGHBOUR] {
                match process::find(&dir, role) {
                    None => {}
                    Some((pid, Found::Ours(fd))) => {
                        process::stop(&fd, GRACE)?;
                        done.push(format!("removed process {role} (pid {pid})"));
                    }
                    Some((pid, Found::Ended)) => {
                        done.push(format!("process {role} (pid {pid}) had already ended"))
                    }
                    Some((pid, Found::NotOurs(why))) => done.push(format!(
                        "left pid {pid} alone: it is not the lab's {role} ({why})"
                    )),
                }
            }
        }
        // A directory that is not there has no pid files; one that is not root's alone
        // cannot say which processes to signal.
        Err(LabError::File { .. }) => {}
        Err(e) => done.push(format!("did not signal the pids recorded in {dir}: {e}")),
    }
    for ns in state::namespaces_of(name) {
        // Anything still running inside (a `lab exec` left behind, a switch whose pid file was
        // not to be trusted) goes first.
        if let Ok(inode) = fs::metadata(format!("/run/netns/{ns}")).map(|m| m.ino()) {
            if let Ok(out) = Command::new("ip").args(["netns", "pids", &ns]).output() {
                for pid in String::from_utf8_lossy(&out.stdout)
                    .split_whitespace()
                    .filter_map(|p| p.parse().ok())
                {
                    process::kill_in_netns(pid, inode)?;
                }
            }
        }
        ip(&strs(&["netns", "del", &ns]))?;
        done.push(format!("removed netns {ns}"));
    }
    let _ = fs::remove_file(promisc_vswitch::control::socket_path(&topology::switch_of(
        name,
    )));
    if fs::symlink_metadata(&dir).is_ok() {
        // remove_dir_all removes a symbolic link itself, never what it points to.
        fs::remove_dir_all(&dir).map_err(file_err(&dir))?;
        done.push(format!("removed directory {dir}"));
    }
    Ok(done)
}

/// The host `name` of `lab`.
pub fn host<'a>(lab: &'a Lab, name: &str) -> Result<&'a Host, LabError> {
    lab.host(name).ok_or_else(|| LabError::UnknownHost {
        lab: lab.name.clone(),
        host: name.to_string(),
        hosts: lab
            .hosts
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Why `command` cannot be run (`ip netns exec` keeps `PATH` and the file system), if it
/// cannot: found on `PATH` (or at its path when it has a `/`), a file, executable.
fn cannot_run(command: &str) -> Option<String> {
    let executable = |p: &Path| {
        fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if command.contains('/') {
        let p = Path::new(command);
        return match fs::metadata(p) {
            Err(e) => Some(e.to_string()),
            Ok(_) if !executable(p) => Some("not an executable file".into()),
            Ok(_) => None,
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    (!std::env::split_paths(&path).any(|d| executable(&d.join(command))))
        .then(|| "no executable file of that name on PATH".to_string())
}

/// Runs `command` in host `name`'s namespace, with this process's standard streams. A
/// command that cannot be found or run is an error, not its exit status.
pub fn exec(lab: &Lab, name: &str, command: &[String]) -> Result<ExitStatus, LabError> {
    let netns = if name == "switch" {
        lab.switch_netns.clone()
    } else {
        host(lab, name)?.netns.clone()
    };
    let first = command.first().map(String::as_str).unwrap_or_default();
    if let Some(why) = cannot_run(first) {
        return Err(LabError::CannotRun {
            command: first.to_string(),
            why,
        });
    }
    Command::new("ip")
        .args(["netns", "exec", &netns])
        .args(command)
        .status()
        .map_err(|e| LabError::Command {
            command: command.join(" "),
            detail: e.to_string(),
        })
}

/// Sends `req` to the lab's switch. When it cannot be reached, or the exchange breaks (a
/// switch killed meanwhile resets the connection it had accepted), and its process is not
/// running any more, says that the switch died.
fn ask(lab: &Lab, req: &Request) -> Result<Response, LabError> {
    let e = match client::request(&lab.switch, req) {
        Ok(answer) => return Ok(answer),
        Err(e @ (ClientError::Connect { .. } | ClientError::Io { .. })) => e,
        Err(e) => return Err(e.into()),
    };
    let detail = match process::find(&lab.dir(), process::SWITCH) {
        Some((_, Found::Ours(fd))) if process::running(&fd)? => return Err(e.into()),
        Some((pid, Found::Ours(_) | Found::Ended)) => format!("its process, pid {pid}, ended"),
        Some((pid, Found::NotOurs(why))) => format!("pid {pid} is not the switch: {why}"),
        None => "it left no pid file".into(),
    };
    Err(LabError::SwitchDied {
        lab: lab.name.clone(),
        detail,
    })
}

/// The configuration of a kernel lab's bridge at the guest's port, read back: its port flags
/// (`bridge -d -j link show`) and whether its source-MAC filter's table exists.
fn bridge_state(lab: &Lab) -> kernel::BridgeState {
    let sw = lab.switch_netns.as_str();
    let flags = Command::new("bridge")
        .args(["-n", sw, "-d", "-j", "link", "show", "dev", "vs-guest"])
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice::<Vec<kernel::PortFlags>>(&o.stdout).ok())
        .and_then(|v| v.into_iter().next());
    let macfilter = Command::new("ip")
        .args(["netns", "exec", sw, "nft", "list", "table", "bridge"])
        .arg(format!("{}guest", kernel::NFT_TABLE))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let macvlan = |h: &str| {
        let Some(host) = lab.host(h) else {
            return false;
        };
        Command::new("ip")
            .args(["-n", &host.netns, "-j", "-d", "link", "show", "dev", "eth0"])
            .stdin(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
            .is_some_and(|v| v[0]["linkinfo"]["info_kind"] == "macvlan")
    };
    kernel::BridgeState {
        guest: flags,
        macfilter,
        guest_macvlan: macvlan("guest"),
        neighbour_macvlan: macvlan("neighbour"),
    }
}

/// A kernel lab has no switch of ours to ask.
fn ours(lab: &Lab) -> Result<(), LabError> {
    match lab.profile.kernel() {
        None => Ok(()),
        Some(_) => Err(LabError::Kernel(lab.name.clone())),
    }
}

/// The switch's statistics, once it has re-read what it otherwise re-reads every second (a
/// change of the vmnet device's mode shows at once).
pub fn stats(lab: &Lab) -> Result<Snapshot, LabError> {
    ours(lab)?;
    match ask(lab, &Request::Refresh)? {
        Response::Stats(s) => Ok(s),
        other => Err(LabError::Answer(format!("{other:?}"))),
    }
}

fn drops(lab: &Lab) -> Result<Vec<DropRecord>, LabError> {
    match ask(lab, &Request::Drops)? {
        Response::Drops { drops } => Ok(drops),
        other => Err(LabError::Answer(format!("{other:?}"))),
    }
}

/// Changes the switch's policies (`key=value`, as `vswitch set`). A setting or target the
/// switch refuses is [`LabError::Refused`].
pub fn set(
    lab: &Lab,
    target: Option<String>,
    settings: Vec<String>,
) -> Result<Vec<String>, LabError> {
    ours(lab)?;
    match ask(lab, &Request::Set { target, settings })? {
        Response::Done { changed } => Ok(changed),
        Response::Error { message } => Err(LabError::Refused(message)),
        other => Err(LabError::Answer(format!("{other:?}"))),
    }
}

/// Pings every ordered pair of hosts, all at once, each until its first reply (three seconds at
/// most), and explains the failing pairs from what the switch dropped meanwhile. The hosts'
/// neighbour tables are emptied first ([`Lab::forget_neighbours`]): each matrix resolves the
/// addresses under the policies in force, never in an ARP resolution an earlier matrix began.
pub fn matrix(lab: &Lab) -> Result<Matrix, LabError> {
    let ours = lab.profile.kernel().is_none();
    let mut before = 0;
    if ours {
        // The switch sees what changed (a chmod of the vmnet device) before the first ping.
        stats(lab)?;
        before = drops(lab)?.last().map_or(0, |d| d.time_ms);
    }
    for c in lab.forget_neighbours() {
        ip(&c)?;
    }
    let mut running = Vec::new();
    for from in &lab.hosts {
        for to in &lab.hosts {
            if from.name == to.name {
                continue;
            }
            let child = Command::new("ip")
                .args([
                    "netns",
                    "exec",
                    &from.netns,
                    "ping",
                    "-c",
                    "1",
                    "-i",
                    PING_INTERVAL,
                    "-w",
                    PING_DEADLINE,
                    "-n",
                    "-q",
                    &to.ip,
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .map_err(|e| LabError::Command {
                    command: "ip netns exec ... ping".into(),
                    detail: e.to_string(),
                })?;
            running.push((from.name.clone(), to.name.clone(), child));
        }
    }
    let mut results = Vec::new();
    for (from, to, child) in running {
        let out = child.wait_with_output().map_err(|e| LabError::Command {
            command: "ping".into(),
            detail: e.to_string(),
        })?;
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("No such file") || err.contains("not found") {
            return Err(LabError::Command {
                command: "ping".into(),
                detail: format!(
                    "{} (lab matrix needs ping: apt-get install iputils-ping)",
                    err.trim()
                ),
            });
        }
        results.push((from, to, out.status.success()));
    }
    if !ours {
        let state = bridge_state(lab);
        let pairs = results
            .into_iter()
            .map(|(from, to, ok)| Pair {
                reason: (!ok).then(|| kernel::explain(lab, &state, &from, &to)),
                from,
                to,
                ok,
            })
            .collect();
        return Ok(Matrix {
            lab: lab.name.clone(),
            profile: lab.profile.as_str().to_string(),
            hosts: lab.hosts.iter().map(|h| h.name.clone()).collect(),
            pairs,
        });
    }
    let log: Vec<DropRecord> = drops(lab)?
        .into_iter()
        .filter(|d| d.time_ms > before)
        .collect();
    let ports = stats(lab)?.ports;
    let pairs = results
        .into_iter()
        .map(|(from, to, ok)| Pair {
            reason: (!ok).then(|| explain::explain(lab, &from, &to, &log, &ports)),
            from,
            to,
            ok,
        })
        .collect::<Vec<_>>();
    // The profile in force at the guest's port: the lab's, until `lab set profile=` changes it.
    let profile = ports
        .iter()
        .find(|p| p.name == "guest" && !p.policy.profile.is_empty())
        .map_or_else(
            || lab.profile.as_str().to_string(),
            |p| p.policy.profile.clone(),
        );
    Ok(Matrix {
        lab: lab.name.clone(),
        profile,
        hosts: lab.hosts.iter().map(|h| h.name.clone()).collect(),
        pairs,
    })
}
