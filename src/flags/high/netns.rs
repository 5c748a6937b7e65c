//! The namespace a command runs in: `-n NETNS` / `--netns NETNS` before the subcommand (the
//! word order of `ip -n NETNS link`) or after it, with the rules clap cannot state (see
//! `flags::low`'s `NetnsArg`).

use anyhow::Result;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory};

use crate::exit::{fail, Kind};
use crate::flags::low::{Cli, Command, NETNS_COMMANDS};

/// The namespace `cli` runs its command in, `None` for the caller's. `matches` are what clap
/// matched at the top level, which tell the flags given before the subcommand.
///
/// Before a subcommand only `-n`/`--netns` may stand, and only for a subcommand that runs in
/// a namespace; given both before and after the subcommand, the two must agree; and a
/// namespace never goes with `--all-netns`.
pub fn netns(cli: &Cli, matches: &ArgMatches) -> Result<Option<String>> {
    let before = cli.status.netns.netns.clone();
    let Some(command) = &cli.command else {
        return Ok(before);
    };
    let name = matches.subcommand_name().unwrap_or("the subcommand");
    if let Some(flag) = given_before(matches) {
        return Err(fail(
            Kind::Usage,
            format!(
                "{flag} before `{name}`: only -n/--netns goes before the subcommand; put {flag} \
                 after it (promisc {name} {flag} ...)"
            ),
        ));
    }
    let (after, all_netns) = match command {
        Command::Status(a) => (&a.netns.netns, a.all_netns),
        Command::On(a) | Command::Off(a) => (&a.netns.netns, false),
        Command::Hold(a) => (&a.netns.netns, false),
        Command::Watch(a) => (&a.netns.netns, a.all_netns),
        Command::Detect(a) => (&a.netns.netns, false),
        Command::Doctor(a) => (&a.netns.netns, false),
        Command::Exporter(a) => (&a.netns.netns, a.all_netns),
        Command::Capture(_)
        | Command::Read(_)
        | Command::Filter(_)
        | Command::Vswitch(_)
        | Command::Lab(_)
        | Command::Completions(_) => (&None, false),
    };
    let Some(before) = before else {
        return Ok(after.clone());
    };
    if !NETNS_COMMANDS.contains(&name) {
        let own = if name == "capture" || name == "read" {
            format!(" (its own -n, after `{name}`, is tcpdump's: no name resolution)")
        } else {
            String::new()
        };
        return Err(fail(
            Kind::Usage,
            format!(
                "-n {before}: `{name}` takes no network namespace{own}; run it inside one with \
                 `ip netns exec {before} promisc {name} ...`"
            ),
        ));
    }
    if let Some(after) = after.as_deref().filter(|a| *a != before) {
        return Err(fail(
            Kind::Usage,
            format!(
                "two network namespaces: -n {before} before `{name}` and -n {after} after it; \
                 give one"
            ),
        ));
    }
    if all_netns {
        return Err(fail(
            Kind::Usage,
            format!(
                "-n {before} and --all-netns: give one (-n reads one namespace, --all-netns \
                 every one)"
            ),
        ));
    }
    Ok(Some(before))
}

/// The first flag other than `-n`/`--netns` given before the subcommand, as it is spelt in
/// `--help` (`--json`, or `IFACE` for an interface).
fn given_before(matches: &ArgMatches) -> Option<String> {
    let cli = Cli::command();
    matches
        .ids()
        .filter(|id| id.as_str() != "netns")
        .filter(|id| matches.value_source(id.as_str()) == Some(ValueSource::CommandLine))
        // Only arguments: the ids of groups (a flattened struct's) are passed over.
        .find_map(|id| cli.get_arguments().find(|a| a.get_id() == id))
        .map(
            |a| match (a.get_long(), a.get_short(), a.get_value_names()) {
                (Some(long), _, _) => format!("--{long}"),
                (None, Some(short), _) => format!("-{short}"),
                (None, None, Some([name, ..])) => name.to_string(),
                _ => a.get_id().to_string(),
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::FromArgMatches;

    /// The namespace of `args` (after `promisc`), or the error's message.
    fn parse(args: &[&str]) -> std::result::Result<Option<String>, String> {
        let argv = std::iter::once("promisc").chain(args.iter().copied());
        let matches = Cli::command()
            .try_get_matches_from(argv)
            .map_err(|e| e.kind().to_string())?;
        let cli = Cli::from_arg_matches(&matches).map_err(|e| e.to_string())?;
        netns(&cli, &matches).map_err(|e| e.to_string())
    }

    fn ns(name: &str) -> std::result::Result<Option<String>, String> {
        Ok(Some(name.to_string()))
    }

    #[test]
    fn before_the_subcommand_as_ip_has_it() {
        for sub in NETNS_COMMANDS {
            let mut args = vec!["-n", "blue", sub];
            let mut long = vec!["--netns", "blue", sub];
            let rest: &[&str] = match sub {
                "on" | "off" | "hold" => &["eth0"],
                "detect" => &["-i", "eth0"],
                _ => &[],
            };
            args.extend(rest);
            long.extend(rest);
            assert_eq!(parse(&args), ns("blue"), "{args:?}");
            assert_eq!(parse(&long), ns("blue"), "{long:?}");
        }
        assert_eq!(parse(&["--netns=blue", "status", "--json"]), ns("blue"));
        assert_eq!(parse(&["-nblue", "on", "eth0"]), ns("blue"));
    }

    #[test]
    fn after_the_subcommand_short_and_long() {
        assert_eq!(parse(&["status", "--netns", "blue", "--json"]), ns("blue"));
        assert_eq!(parse(&["status", "-n", "blue", "--json"]), ns("blue"));
        assert_eq!(parse(&["on", "eth0", "-n", "blue"]), ns("blue"));
        assert_eq!(parse(&["off", "-n", "blue", "eth0", "--ioctl"]), ns("blue"));
        assert_eq!(
            parse(&["hold", "eth0", "--netns", "blue", "--", "true"]),
            ns("blue")
        );
        assert_eq!(parse(&["watch", "-n", "blue", "eth0"]), ns("blue"));
        assert_eq!(parse(&["detect", "-i", "eth0", "-n", "blue"]), ns("blue"));
        assert_eq!(parse(&["doctor", "-n", "blue", "-i", "eth0"]), ns("blue"));
        assert_eq!(parse(&["exporter", "--netns", "blue"]), ns("blue"));
        assert_eq!(parse(&["exporter", "-n", "blue"]), ns("blue"));
    }

    #[test]
    fn without_a_subcommand_it_is_status_s() {
        assert_eq!(parse(&["-n", "blue", "-j", "-p"]), ns("blue"));
        assert_eq!(parse(&["-j", "-n", "blue"]), ns("blue"));
        assert_eq!(parse(&["eth0"]), Ok(None));
        assert_eq!(parse(&[]), Ok(None));
        assert_eq!(parse(&["status"]), Ok(None));
    }

    #[test]
    fn the_same_namespace_twice_is_one_and_two_are_refused() {
        assert_eq!(parse(&["-n", "blue", "status", "-n", "blue"]), ns("blue"));
        let e = parse(&["-n", "blue", "on", "eth0", "--netns", "red"]).unwrap_err();
        assert!(e.contains("-n blue before `on` and -n red after it"), "{e}");
    }

    #[test]
    fn only_the_namespace_goes_before_the_subcommand() {
        let e = parse(&["-j", "status"]).unwrap_err();
        assert!(e.contains("--json before `status`"), "{e}");
        let e = parse(&["--all-netns", "watch"]).unwrap_err();
        assert!(e.contains("--all-netns before `watch`"), "{e}");
        // After an interface, a subcommand's name is an interface of status (which then says
        // "did you mean `promisc hold`?").
        assert_eq!(parse(&["-n", "blue", "eth0", "hold"]), ns("blue"));
    }

    #[test]
    fn capture_and_read_keep_tcpdumps_n() {
        // After capture or read, -n is "no name resolution" and takes no value.
        assert_eq!(parse(&["capture", "-i", "eth0", "-n", "-c", "1"]), Ok(None));
        assert_eq!(parse(&["capture", "-nn", "-i", "eth0"]), Ok(None));
        assert_eq!(parse(&["read", "-r", "f.pcap", "-n"]), Ok(None));
        assert_eq!(
            parse(&["read", "-n", "-r", "f.pcap", "port", "53"]),
            Ok(None)
        );
        // --netns is no flag of theirs.
        assert!(parse(&["capture", "--netns", "blue"]).is_err());
        assert!(parse(&["read", "-r", "f.pcap", "--netns", "blue"]).is_err());
        // Before them, a namespace is refused with the fix.
        for (sub, arg) in [("capture", ["-i", "eth0"]), ("read", ["-r", "x.pcap"])] {
            let e = parse(&["-n", "blue", sub, arg[0], arg[1]]).unwrap_err();
            assert!(
                e.contains(&format!("`{sub}` takes no network namespace")),
                "{e}"
            );
            assert!(e.contains("tcpdump's: no name resolution"), "{e}");
            assert!(
                e.contains(&format!("ip netns exec blue promisc {sub}")),
                "{e}"
            );
        }
        let e = parse(&["--netns", "blue", "filter", "-d", "tcp"]).unwrap_err();
        assert!(e.contains("`filter` takes no network namespace"), "{e}");
        assert!(!e.contains("tcpdump"), "{e}");
    }

    #[test]
    fn a_namespace_and_every_namespace_are_refused() {
        let e = parse(&["-n", "blue", "watch", "--all-netns"]).unwrap_err();
        assert!(e.contains("-n blue and --all-netns"), "{e}");
        let e = parse(&["-n", "blue", "exporter", "--all-netns"]).unwrap_err();
        assert!(e.contains("-n blue and --all-netns"), "{e}");
        // After the subcommand, clap says so itself.
        assert!(parse(&["watch", "-n", "blue", "--all-netns"]).is_err());
        assert!(parse(&["status", "--all-netns", "--netns", "blue"]).is_err());
    }
}
