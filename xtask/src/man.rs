//! The man pages: clap_mangen renders what the clap definition says (name, synopsis,
//! description, options, commands); the sections a reader of section 8 looks for and that no
//! flag describes are written here by hand.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_mangen::Man;
use roff::{bold, italic, roman, Roff};

use crate::Result;

/// `(command, what it does)` for the EXAMPLES section of promisc(8).
const EXAMPLES: &[(&str, &str)] = &[
    ("promisc", "The status of every interface: the real promiscuous state, the kernel's promiscuity counter and each holder (the same as promisc status)."),
    ("promisc status eth0 --json --pretty", "One interface, as indented JSON (the fields are documented in docs/json.md)."),
    ("promisc status --check --allow bridge_port --allow packet_socket:comm=tcpdump", "Audit: exit 1 when anything else holds an interface promiscuous."),
    ("promisc hold eth0 --for 30s", "Hold promiscuous mode for 30 seconds through a packet-socket membership; the kernel releases it even if promisc is killed."),
    ("promisc capture -i eth0 -nn -c 10 'tcp port 443'", "Print ten packets as tcpdump -n prints them, with a pcap-filter(7) expression."),
    ("promisc capture -i eth0 -w cap-%H%M%S.pcap -G 60 -W 10", "Write a new file every minute, ten files in all; the names go through strftime(3) in local time."),
    ("promisc read -r cap.pcapng -e -X", "Print a file with link-layer headers and a hex and ASCII dump of each packet."),
    ("promisc capture -D", "The interfaces as tcpdump -D lists them, with their real promiscuous state and counter."),
    ("promisc -n blue status", "The status of network namespace blue (of /run/netns), as ip -n blue link; -n (or --netns) may also follow the subcommand, and serves on, off, hold, watch, detect, doctor and exporter alike."),
    ("promisc watch --all-netns --json", "Every change of promiscuity in every network namespace, one JSON object per line."),
    ("promisc watch --all-netns --syslog=udp:192.0.2.10:514", "Also send each event to a syslog daemon as an RFC 5424 line whose structured data carries the device, namespace, holder, pid, pod, container and unit (docs/logging.md); under systemd events go to the journal with PROMISC_* fields."),
    ("promisc exporter", "Prometheus metrics on http://127.0.0.1:10073/metrics."),
    ("promisc detect -i eth0", "Find promiscuous hosts of eth0's subnet with ARP probes to bogus group addresses."),
    ("promisc doctor", "Inside a virtual machine: which virtual-switch security policy keeps frames for other MACs away, and the fix for each platform."),
    ("promisc doctor --host", "On a Linux host of VMs or containers: for each guest's port, whether a nested VM can work there, what in the host's configuration blocks it, and the fix."),
    ("promisc lab up nested && promisc lab matrix", "Reproduce the nested-VM failure in network namespaces and print its ping table."),
];

/// `(code, meaning)` for EXIT STATUS: the same codes as `promisc --help` lists.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success (for --check: every holder is allowed)."),
    ("1", "--check found a holder, or an unattributed residual, that no rule allows; detect --check found a promiscuous host."),
    ("2", "Bad arguments, a bad filter expression or a bad configuration file (the message gives the position), or a file an argument names that cannot be read (read -r, -F, --bpf-file, vswitch --config)."),
    ("3", "No such interface or namespace (the message lists those that exist)."),
    ("4", "A missing privilege (the message names the capability: CAP_NET_RAW, CAP_NET_ADMIN, CAP_SYS_ADMIN for -n/--netns)."),
    ("5", "Any other system error; for capture also a write error such as a full disk (the file keeps every packet written before it); for watch and the exporter a --log or --syslog socket nobody listens on."),
    ("6", "read: the file is damaged or truncated (after every good packet was processed)."),
    ("7", "capture: every interface captured on was deleted meanwhile (the file keeps every packet captured)."),
    ("130", "doctor, lab up: interrupted by a signal before done; what they had changed is restored. (capture, hold, watch and the exporter end on SIGINT with 0.)"),
    ("128+N", "hold -- COMMAND: COMMAND was killed by signal N; otherwise hold exits with COMMAND's exit code."),
];

/// Other pages of the subject, for SEE ALSO.
const SEE_ALSO: &[(&str, &str)] = &[
    ("tcpdump", "8"),
    ("pcap-filter", "7"),
    ("pcap-savefile", "5"),
    ("ip-link", "8"),
    ("packet", "7"),
    ("netdevice", "7"),
    ("capabilities", "7"),
    ("nmap", "1"),
    ("prometheus", "1"),
    ("strftime", "3"),
];

/// Writes promisc.8 and one promisc-COMMAND.8 per subcommand into `dir`.
pub fn write_all(dir: &Path) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let cmd = promisc::cli::Cli::command();
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    write(dir, "promisc.8", &main_page(cmd.clone(), &subcommands)?)?;
    for name in &subcommands {
        let sub = cmd
            .find_subcommand(name)
            .expect("the name came from the list")
            .clone();
        let page = sub_page(sub, name)?;
        write(dir, &format!("promisc-{name}.8"), &page)?;
    }
    Ok(())
}

fn write(dir: &Path, name: &str, text: &[u8]) -> Result {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn io(e: std::io::Error) -> String {
    format!("rendering: {e}")
}

/// The generated sections of `man`, then `extra` (hand-written roff).
fn render(
    man: &Man,
    with_subcommands: bool,
    man_has_version: bool,
    extra: &Roff,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    man.render_title(&mut out).map_err(io)?;
    man.render_name_section(&mut out).map_err(io)?;
    man.render_synopsis_section(&mut out).map_err(io)?;
    man.render_description_section(&mut out).map_err(io)?;
    man.render_options_section(&mut out).map_err(io)?;
    if with_subcommands {
        man.render_subcommands_section(&mut out).map_err(io)?;
    }
    extra.to_writer(&mut out).map_err(io)?;
    if man_has_version {
        man.render_version_section(&mut out).map_err(io)?;
    }
    out.flush().map_err(io)?;
    Ok(out)
}

fn main_page(cmd: clap::Command, subcommands: &[String]) -> Result<Vec<u8>> {
    let man = Man::new(cmd).section("8").manual("System Manager's Manual");
    let mut r = Roff::new();
    r.control("SH", ["EXAMPLES"]);
    for (command, what) in EXAMPLES {
        r.control("TP", [])
            .text([bold(*command)])
            .text([roman(*what)]);
    }
    r.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_STATUS {
        r.control("TP", [])
            .text([bold(*code)])
            .text([roman(*meaning)]);
    }
    r.control("SH", ["PERMISSIONS"]);
    r.text([roman(
        "Reading the status needs no privilege, but naming the processes of other users \
         needs CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH, and entering other network namespaces \
         CAP_SYS_ADMIN. Setting or clearing the user flag needs CAP_NET_ADMIN; hold, capture, \
         detect and doctor need CAP_NET_RAW. The Debian package creates the system group ",
    )]);
    r.text([
        bold("promisc"),
        roman(" and installs the binary as root:promisc, mode 0750, with the file capabilities "),
        bold("cap_net_raw,cap_net_admin+eip"),
        roman(
            ", as Debian does for Wireshark's dumpcap: members of the group capture and change \
         flags without root, other users cannot run it. Add a user with ",
        ),
        bold("adduser USER promisc"),
        roman(" (then log in again)."),
    ]);
    r.control("PP", []);
    r.text([roman(
        "Once its sockets and first file are open, before any of its threads starts, capture \
         gives up every capability (CAP_DAC_OVERRIDE stays only when -C or -G create files, \
         without -Z, in a directory that only it lets the capture write) and sets \
         no_new_privs; -Z USER also switches to USER, which needs root (CAP_SETUID and \
         CAP_SETGID): run by a member of the group, capture runs as that member and refuses \
         -Z of another user.",
    )]);
    r.control("SH", ["SEE ALSO"]);
    let mut refs: Vec<(String, String)> = subcommands
        .iter()
        .map(|s| (format!("promisc-{s}"), "8".to_string()))
        .collect();
    refs.extend(SEE_ALSO.iter().map(|(n, s)| (n.to_string(), s.to_string())));
    let last = refs.len() - 1;
    let mut line = Vec::new();
    for (i, (name, section)) in refs.iter().enumerate() {
        line.push(bold(name.clone()));
        line.push(roman(format!(
            "({section}){}",
            if i == last { "" } else { ", " }
        )));
    }
    r.text(line);
    r.text([
        roman("The project's documentation: "),
        italic("README.md"),
        roman(", "),
        italic("docs/json.md"),
        roman(", "),
        italic("docs/VSWITCH.md"),
        roman("."),
    ]);
    render(&man, true, true, &r)
}

fn sub_page(sub: clap::Command, name: &str) -> Result<Vec<u8>> {
    let notes = sub
        .get_after_long_help()
        .or_else(|| sub.get_after_help())
        .map(|s| s.to_string());
    let has_subcommands = sub.get_subcommands().next().is_some();
    let sub = sub
        .display_name(format!("promisc-{name}"))
        .bin_name(format!("promisc {name}"));
    let man = Man::new(sub).section("8").manual("System Manager's Manual");
    let mut r = Roff::new();
    if let Some(notes) = notes {
        // The help text's examples and notes are laid out in columns: kept unfilled.
        r.control("SH", ["EXAMPLES AND NOTES"]);
        r.control("nf", []);
        for line in notes.lines() {
            r.text([roman(line)]);
        }
        r.control("fi", []);
    }
    r.control("SH", ["SEE ALSO"]);
    r.text([bold("promisc"), roman("(8)")]);
    render(&man, has_subcommands, false, &r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str) -> String {
        let dir = std::env::temp_dir().join(format!("xtask-man-{}-{name}", std::process::id()));
        write_all(&dir).unwrap();
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        text
    }

    #[test]
    fn main_page_has_the_hand_written_sections_and_every_flag() {
        let text = page("promisc.8");
        for heading in [
            ".TH promisc 8",
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            ".SH EXAMPLES",
            ".SH \"EXIT STATUS\"",
            ".SH PERMISSIONS",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(text.contains(heading), "promisc.8 lacks {heading}");
        }
        for s in promisc::cli::Cli::command().get_subcommands() {
            if s.get_name() != "help" {
                assert!(
                    text.contains(&format!("promisc\\-{}", s.get_name())),
                    "no reference to {}",
                    s.get_name()
                );
            }
        }
    }

    #[test]
    fn exit_status_lists_every_code_of_the_help() {
        let help = promisc::cli::Cli::command()
            .get_after_help()
            .unwrap()
            .to_string();
        let codes: Vec<&str> = help
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        assert!(codes.len() >= 7, "the help lists its exit codes: {codes:?}");
        for c in codes {
            assert!(
                EXIT_STATUS.iter().any(|(code, _)| *code == c),
                "exit code {c} missing from EXIT STATUS"
            );
        }
    }

    #[test]
    fn a_subcommand_page_has_its_own_flags_and_notes() {
        let text = page("promisc-exporter.8");
        assert!(text.contains(".TH promisc-exporter 8"), "{}", &text[..200]);
        assert!(
            text.contains("web.listen\\-address"),
            "the flag is on the page"
        );
        assert!(text.contains(".SH \"EXAMPLES AND NOTES\""));
        assert!(
            text.contains("promisc_interface_promiscuity"),
            "the help's notes are on the page"
        );
    }
}
