//! Names from outside never reach a terminal raw (issue #20): an interface named
//! `\e[1A\e[2K` placed after a promiscuous device erased that device's row from `promisc
//! status` on a terminal. Every human output shows control characters escaped (`\x1b`); JSON
//! keeps serde's own escaping (`\u001b`).

use crate::common::*;
use promisc_testkit::temp::TempDir;

/// The name: cursor up one line, erase the line (8 bytes, a valid interface name).
const SNEAKY: &str = "\u{1b}[1A\u{1b}[2K";
/// How promisc shows it.
const SHOWN: &str = "\\x1b[1A\\x1b[2K";

fn assert_no_escape(what: &str, text: &str) {
    assert!(
        !text.contains('\u{1b}'),
        "{what} prints a raw ESC: {text:?}"
    );
}

#[test]
fn control_characters_in_names_are_shown_escaped() {
    let ns = netns!("esc");
    ns.veth_pair();
    ns.ip("link set veth0 promisc on");
    // The device after the promiscuous one, whose row it would erase.
    run_ok(&[
        "ip", "-n", &ns.name, "link", "add", SNEAKY, "type", "veth", "peer", "name", "esc-peer",
    ]);

    let status = ns.promisc(&["status", "--color=always"]);
    status.expect_success();
    assert_no_escape(
        "status",
        &status
            .stdout
            .replace("\u{1b}[1m\u{1b}[31m", "")
            .replace("\u{1b}[0m", ""),
    );
    assert!(status.stdout.contains(SHOWN), "{status}");
    assert!(
        status
            .stdout
            .lines()
            .any(|l| l.starts_with("veth0") && l.contains("PROMISC")),
        "the promiscuous device keeps its row: {status}"
    );
    // JSON is serde's, escaped as JSON escapes.
    let json = ns.promisc(&["status", "--json"]);
    json.expect_success();
    assert_no_escape("status --json", &json.stdout);
    assert!(json.stdout.contains("\\u001b[1A"), "{json}");

    let list = ns.promisc(&["capture", "-D"]);
    list.expect_success();
    assert_no_escape("capture -D", &list.stdout);
    assert!(list.stdout.contains(SHOWN), "{list}");

    // An error that lists the interfaces that exist.
    let err = ns.promisc(&["status", "nosuchif"]);
    assert_eq!(err.code(), 3, "{err}");
    assert_no_escape("the unknown-interface error", &err.stderr);
    assert!(err.stderr.contains(SHOWN), "{err}");
    let err = ns.promisc(&["on", "x\u{1b}]0;pwned\u{7}"]);
    assert_no_escape("the unknown-interface error", &err.stderr);

    // watch's text lines.
    let bin = bin();
    let w = ns.spawn(&[&bin, "watch"]);
    w.wait_stderr("watching");
    run_ok(&["ip", "-n", &ns.name, "link", "set", SNEAKY, "promisc", "on"]);
    let line = w.wait_stdout("promisc on");
    assert_no_escape("watch", &line);
    assert!(line.contains(SHOWN), "{line}");
}

#[test]
fn a_switch_port_named_with_control_characters_is_shown_escaped() {
    let ns = netns!("esc-vsw");
    ns.ip("link add vs-e type veth peer name vs-e-g");
    ns.ip("link set vs-e up");
    ns.ip("link set vs-e-g up");
    let tmp = TempDir::new("esc-vsw");
    let name = format!("t{}-esc", std::process::id() % 100_000);
    let path = tmp.file("sw.toml");
    std::fs::write(
        &path,
        format!(
            "name = \"{name}\"\n[[portgroup]]\nname = \"g\"\nprofile = \"open\"\n\
             [[port]]\nname = \"p\\u001b[2K\"\ndevice = \"vs-e\"\nmac = \"00:0c:29:00:0e:01\"\nportgroup = \"g\"\n"
        ),
    )
    .unwrap();
    let bin = bin();
    let sw = ns.spawn(&[&bin, "vswitch", "run", "--config", &path]);
    sw.wait_stderr("running");
    let stats = ns.promisc(&["vswitch", "stats", &name]);
    stats.expect_success();
    assert_no_escape("vswitch stats", &stats.stdout);
    assert!(stats.stdout.contains("p\\x1b[2K"), "{stats}");
}
