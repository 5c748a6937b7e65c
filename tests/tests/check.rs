//! `promisc check`: flags unexpected holders (tcpdump, bridge ports) unless allowed.

use crate::common::*;

/// `promisc status --check ARGS...` in `ns`, expecting exit `code`.
fn check(ns: &Netns, args: &[&str], code: i32) -> Run {
    let mut argv = vec!["status", "--check"];
    argv.extend_from_slice(args);
    let run = ns.promisc(&argv);
    run.expect_code(code);
    run
}

/// The offenders must be named (on stdout or stderr).
fn assert_printed(run: &Run, offenders: &[&str]) {
    let printed = format!("{}{}", run.stdout, run.stderr);
    for offender in offenders {
        assert!(printed.contains(offender), "{offender} not printed: {run}");
    }
}

#[test]
fn check_flags_tcpdump_unless_allowed() {
    let ns = netns_with_tcpdump!("check-td");
    ns.veth_pair();
    check(&ns, &[], 0);

    let td = tcpdump(&ns, &["-i", "veth0"]);
    wait_promiscuity(&ns, "veth0", 1);
    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&packet_holder_line(td.pid(), "tcpdump")],
    );
    let run = check(&ns, &[], 1);
    assert_printed(&run, &["veth0", "tcpdump"]);
    check(&ns, &["--allow", "packet_socket:comm=tcpdump"], 0);
    check(&ns, &["--allow", "packet_socket"], 0);
    check(&ns, &["--allow", "packet_socket:comm=python3"], 1);
    check(&ns, &["--allow", "bridge_port"], 1);
}

#[test]
fn check_flags_bridge_ports_unless_allowed() {
    let ns = netns!("check-br");
    ns.veth_pair();
    ns.ip("link add br0 type bridge");
    ns.ip("link set veth0 master br0");
    let json = checked_status(&ns);
    assert_holders(
        &json,
        &ns,
        "veth0",
        &[&format!("bridge_port device=br0 netns={}", ns.name)],
    );

    let run = check(&ns, &[], 1);
    assert_printed(&run, &["veth0", "br0"]);
    check(&ns, &["--allow", "bridge_port"], 0);
    check(&ns, &["--allow", "bridge_port:device=br0"], 0);
    check(&ns, &["--allow", "bridge_port:device=br9"], 1);
    check(&ns, &["--allow", "packet_socket"], 1);
}
