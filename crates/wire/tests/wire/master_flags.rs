//! tcpdump 5 (master) flags that 4.99 lacks: `-g` (`ndo_gflag`: at `-v`, the IPv4 header and
//! the addresses on one line), `--lengths` (`caplen N len M ` after the number) and the `-#`
//! numbering of packets the printer was not given (`--skip`, `--print-sampling`), as
//! tcpdump master's `print-ip.c` and `pretty_print_packet` print them.

use promisc_testkit::frames::{udp, v4a, V4};
use promisc_wire::{PrintOptions, Printer, LINKTYPE_RAW};

/// A UDP datagram 192.0.2.1.1000 > 198.51.100.2.2000 with 4 bytes of payload, no link header.
fn datagram() -> Vec<u8> {
    V4::new(v4a(192, 0, 2, 1), v4a(198, 51, 100, 2), 17).build(&udp(1000, 2000, b"abcd"))
}

fn line(opts: PrintOptions, data: &[u8], orig_len: u32) -> String {
    let mut p = Printer::new(opts);
    let mut s = String::new();
    p.write_line(&mut s, 1_000_000_000, LINKTYPE_RAW, data, orig_len)
        .unwrap();
    s
}

#[test]
fn g_keeps_the_ipv4_header_and_the_addresses_on_one_line() {
    let d = datagram();
    let v = PrintOptions {
        verbose: 1,
        ..Default::default()
    };
    let split = line(v, &d, d.len() as u32);
    let one = line(
        PrintOptions {
            ip_oneline: true,
            ..v
        },
        &d,
        d.len() as u32,
    );
    let head = "(tos 0x0, ttl 64, id 4660, offset 0, flags [none], proto UDP (17), length 32)";
    assert!(
        split.contains(&format!("{head}\n    192.0.2.1.1000 > 198.51.100.2.2000: ")),
        "{split}"
    );
    assert!(
        one.contains(&format!("{head} 192.0.2.1.1000 > 198.51.100.2.2000: ")),
        "{one}"
    );
    assert!(!one.contains('\n'), "{one}");
    assert_eq!(one, split.replacen(")\n    ", ") ", 1));
}

#[test]
fn g_without_v_changes_nothing() {
    let d = datagram();
    let plain = line(PrintOptions::default(), &d, d.len() as u32);
    let g = line(
        PrintOptions {
            ip_oneline: true,
            ..Default::default()
        },
        &d,
        d.len() as u32,
    );
    assert_eq!(plain, g);
}

#[test]
fn lengths_come_after_the_number_and_before_the_time() {
    let d = datagram();
    let plain = line(PrintOptions::default(), &d, d.len() as u32);
    let l = line(
        PrintOptions {
            lengths: true,
            ..Default::default()
        },
        &d[..30],
        d.len() as u32,
    );
    assert!(l.starts_with("caplen 30 len 32 00:00:01.000000 IP "), "{l}");
    let numbered = line(
        PrintOptions {
            lengths: true,
            numbers: true,
            ..Default::default()
        },
        &d,
        d.len() as u32,
    );
    assert_eq!(numbered, format!("    1  caplen 32 len 32 {plain}"));
}

#[test]
fn unprinted_packets_count_for_the_numbers() {
    let d = datagram();
    let mut p = Printer::new(PrintOptions {
        numbers: true,
        time_stamps: 1,
        ..Default::default()
    });
    let mut s = String::new();
    p.count_unprinted(3);
    p.write_line(&mut s, 0, LINKTYPE_RAW, &d, 32).unwrap();
    assert!(s.starts_with("    4  IP "), "{s}");
    s.clear();
    p.count_unprinted(2);
    p.write_line(&mut s, 0, LINKTYPE_RAW, &d, 32).unwrap();
    assert!(s.starts_with("    7  IP "), "{s}");
}
