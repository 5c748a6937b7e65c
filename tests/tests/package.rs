//! What is installed: the shell completions and man pages the binary and xtask render, and the
//! Debian package (built by test.sh with `cargo xtask deb` before the tests run), installed for
//! real with dpkg, judged by stat, getcap, dpkg-statoverride and the kernel, then purged.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

#[test]
fn bash_completion_registers_and_completes_subcommands() {
    if !require_tool("bash") {
        return;
    }
    let script = format!(
        "source <({} completions bash) && complete -p promisc && \
         COMP_WORDS=(promisc cap) COMP_CWORD=1 COMP_LINE='promisc cap' COMP_POINT=11 && \
         _promisc promisc cap promisc && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        bin()
    );
    let r = run_bounded(&["bash", "-c", &script], std::time::Duration::from_secs(20));
    r.expect_success();
    assert!(r.stdout.contains("-F _promisc promisc"), "{r}");
    assert!(
        r.stdout.lines().any(|l| l == "capture"),
        "capture offered: {r}"
    );
}

#[test]
fn completions_for_each_shell_and_a_clear_error_for_an_unknown_one() {
    for (shell, marker) in [("zsh", "#compdef promisc"), ("fish", "complete -c promisc")] {
        let r = run_bounded(
            &[&bin(), "completions", shell],
            std::time::Duration::from_secs(20),
        );
        r.expect_success();
        assert!(r.stdout.contains(marker), "{shell}: {r}");
        assert!(
            r.stdout.contains("capture"),
            "{shell} knows the subcommands"
        );
    }
    let r = run_bounded(
        &[&bin(), "completions", "tcsh"],
        std::time::Duration::from_secs(20),
    );
    r.expect_code(2).expect_stderr_contains("possible values");
}

/// The newest `target/debian/promisc_*.deb`.
fn package() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debian");
    let mut debs: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("promisc_") && n.ends_with(".deb"))
        })
        .collect();
    debs.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    debs.pop()
}

fn sh(cmd: &str) -> Run {
    run_bounded(&["sh", "-c", cmd], std::time::Duration::from_secs(120))
}

/// Purges the package (and the group, when the test created it), also when the test fails.
struct Installed {
    group_was_there: bool,
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["--purge", "promisc"]).output();
        // The override the test set as the admin (there was none before: the test checks).
        let _ = Command::new("dpkg-statoverride")
            .args(["--remove", "/usr/bin/promisc"])
            .output();
        if !self.group_was_there {
            let _ = Command::new("groupdel").arg("promisc").output();
        }
    }
}

#[test]
fn debian_package_installs_for_the_promisc_group_with_file_capabilities() {
    let ns = netns!("deb");
    if !require_tool("dpkg") || !require_tool("setpriv") || !require_tool("getcap") {
        return;
    }
    let Some(deb) = package() else {
        promisc_testkit::gate::skip(
            "no target/debian/promisc_*.deb: test.sh makes it with `cargo xtask deb`",
        );
        return;
    };
    if Path::new("/usr/bin/promisc").exists()
        || sh("dpkg -s promisc").status.success()
        || sh("dpkg-statoverride --list /usr/bin/promisc")
            .status
            .success()
    {
        promisc_testkit::gate::skip(
            "promisc is already installed on this machine: not touching it",
        );
        return;
    }
    let guard = Installed {
        group_was_there: sh("getent group promisc").status.success(),
    };
    run_bounded(
        &["dpkg", "-i", deb.to_str().expect("a UTF-8 path")],
        std::time::Duration::from_secs(120),
    )
    .expect_success();

    // Owner, mode and capabilities, as the postinst promises.
    let st = sh("stat -c '%U:%G %a' /usr/bin/promisc");
    assert_eq!(st.stdout.trim(), "root:promisc 750", "{st}");
    let caps = sh("getcap /usr/bin/promisc");
    assert!(
        caps.stdout.contains("cap_net_admin,cap_net_raw=eip"),
        "{caps}"
    );
    let ov = sh("dpkg-statoverride --list /usr/bin/promisc");
    assert_eq!(
        ov.stdout.trim(),
        "root promisc 750 /usr/bin/promisc",
        "{ov}"
    );
    for f in [
        "/usr/share/man/man8/promisc.8.gz",
        "/usr/share/man/man8/promisc-capture.8.gz",
        "/usr/share/bash-completion/completions/promisc",
        "/usr/share/zsh/vendor-completions/_promisc",
        "/usr/share/fish/vendor_completions.d/promisc.fish",
        "/usr/lib/systemd/system/promisc-exporter.service",
        "/usr/share/doc/promisc/examples/alerts.yml",
        "/usr/share/doc/promisc/examples/kubernetes/daemonset.yaml",
        "/usr/share/doc/promisc/examples/kubernetes/kustomization.yaml",
        "/etc/lynis/plugins/plugin_promisc_phase1",
    ] {
        assert!(Path::new(f).is_file(), "{f} is installed");
    }
    let man = sh("zcat /usr/share/man/man8/promisc.8.gz");
    assert!(
        man.stdout.contains(".SH \"EXIT STATUS\""),
        "the installed man page"
    );

    // A member of the group changes a flag without root (the file capabilities); the kernel's
    // flag in the test's namespace says it happened. Anybody else cannot even run it.
    ns.veth_pair();
    let gid = sh("getent group promisc | cut -d: -f3")
        .stdout
        .trim()
        .to_string();
    // setpriv execs with root's capabilities still in effect; a shell in between runs with
    // none (it prints them), so what promisc can do comes from its file alone.
    let as_nobody = |groups: &str, args: &[&str]| {
        let mut argv = vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            groups,
            "sh",
            "-c",
            "grep CapEff /proc/self/status >&2; exec /usr/bin/promisc \"$@\"",
            "promisc",
        ];
        argv.extend_from_slice(args);
        let r = ns.try_run(&argv);
        assert!(
            r.stderr.contains("CapEff:\t0000000000000000"),
            "no capability before exec: {r}"
        );
        r
    };
    let member = format!("--groups={gid}");
    as_nobody(&member, &["on", "veth0"]).expect_success();
    assert_ne!(
        sysfs_flags(&ns, "veth0") & IFF_PROMISC,
        0,
        "set by a member of the group"
    );
    as_nobody(&member, &["off", "veth0"]).expect_success();
    assert_eq!(
        sysfs_flags(&ns, "veth0") & IFF_PROMISC,
        0,
        "cleared by a member"
    );
    let other = as_nobody("--clear-groups", &[]);
    assert_eq!(other.code(), 126, "a non-member ran it: {other}");
    assert!(other.stderr.contains("Permission denied"), "{other}");

    // Purged: the binary and the override are gone.
    sh("dpkg --purge promisc").expect_success();
    assert!(!Path::new("/usr/bin/promisc").exists());
    assert!(!sh("dpkg-statoverride --list /usr/bin/promisc")
        .status
        .success());

    // An admin's own override (everyone may run it) wins, and then no capability is set: that
    // would hand them to every user. Purging leaves the admin's override in place.
    sh("dpkg-statoverride --add root root 0755 /usr/bin/promisc").expect_success();
    run_bounded(
        &["dpkg", "-i", deb.to_str().expect("a UTF-8 path")],
        std::time::Duration::from_secs(120),
    )
    .expect_success()
    .expect_stderr_contains("no file capabilities set");
    let st = sh("stat -c '%U:%G %a' /usr/bin/promisc");
    assert_eq!(st.stdout.trim(), "root:root 755", "{st}");
    let caps = sh("getcap /usr/bin/promisc");
    assert!(
        !caps.stdout.contains("cap_net"),
        "no capabilities with the admin's mode: {caps}"
    );
    sh("dpkg --purge promisc").expect_success();
    let ov = sh("dpkg-statoverride --list /usr/bin/promisc");
    assert_eq!(ov.stdout.trim(), "root root 755 /usr/bin/promisc", "{ov}");
    drop(guard);
}
