//! Timestamps as tcpdump 4.99 prints them (checked against `TZ=UTC tcpdump -n -r` on pcapng
//! files with these times): it refuses seconds whose low 32 bits have the top bit set and
//! converts all others in full, so times after 2106 print.

use promisc_wire::{write_timestamp, PrintOptions, Printer};

const NS: u64 = 1_000_000_000;

fn both(ts_ns: u64) -> (String, String) {
    let mut a = String::new();
    write_timestamp(&mut a, ts_ns, &PrintOptions::default()).unwrap();
    let mut p = Printer::new(PrintOptions::default());
    let mut b = String::new();
    p.write_line(&mut b, ts_ns, 101, &[0x45], 1).unwrap();
    (a, b)
}

#[test]
fn times_after_2106_print_as_tcpdump_prints_them() {
    for (ts, want) in [
        (0x7fff_ffff * NS, "03:14:07.000000"),
        (0x8000_0000 * NS + 5_000, "[Error converting time]"),
        (0xffff_ffff * NS, "[Error converting time]"),
        (0x1_0000_0000 * NS + 7_000, "06:28:16.000007"),
        (0x2_0000_0000 * NS + 7_000, "12:56:32.000007"),
    ] {
        let (a, b) = both(ts);
        assert_eq!(a, want, "write_timestamp({ts})");
        assert!(b.starts_with(&format!("{want} ")), "Printer: {b}");
    }
}
