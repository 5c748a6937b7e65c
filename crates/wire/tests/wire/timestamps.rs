//! Timestamps as tcpdump 4.99 prints them (checked against `TZ=UTC tcpdump -n -r` on pcapng
//! files with these times): it refuses seconds whose low 32 bits have the top bit set and
//! converts all others in full, so times after 2106 print.

use promisc_wire::{write_raw_timestamp, write_timestamp, PrintOptions, Printer, RawTime};

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

fn raw_line(secs: i64, frac: u32, frac_unit_ns: u32, nanos: bool) -> String {
    let opts = PrintOptions {
        nanos,
        ..PrintOptions::default()
    };
    let mut p = Printer::new(opts);
    let mut s = String::new();
    let t = RawTime {
        secs,
        frac,
        frac_unit_ns,
    };
    p.write_line_raw(&mut s, t, 101, &[0x45], 1).unwrap();
    let mut ts = String::new();
    write_raw_timestamp(&mut ts, t, &opts).unwrap();
    assert!(s.starts_with(&format!("{ts} ")), "{s} / {ts}");
    ts
}

/// The values printed by `TZ=UTC tcpdump [--nano] -n -r` on files with these fields (the
/// end-to-end comparison with the installed tcpdump is `tests/tests/read/timestamps.rs`).
#[test]
fn raw_times_print_as_tcpdump_prints_them() {
    for (secs, frac, unit, nanos, want) in [
        (10, 1_500_000, 1000, false, "00:00:10.1500000"),
        (10, 1_500_000, 1000, true, "00:00:10.1500000000"),
        (10, 999_999_999, 1000, true, "00:00:10.3567586328"),
        (10, 0x8000_0000, 1000, true, "00:00:10.000000000"),
        (10, 0xffff_ffff, 1000, false, "00:00:10.4294967295"),
        (10, 0xffff_ffff, 1, false, "00:00:10.000000"),
        (10, 0x8000_0000, 1, false, "00:00:10.4292819813"),
        (10, 1_500_000_000, 1, false, "00:00:10.1500000"),
        (10, 1_500_000_000, 1, true, "00:00:10.1500000000"),
        (-5, 1000, 1, false, "[Error converting time]"),
        (5 - (1 << 32), 7000, 1, false, "17:31:49.000007"),
        (1 << 40, 0, 1, false, "00:36:16.000000"),
        (1 << 56, 0, 1, false, "[Error converting time]"),
        (i64::MIN, 0, 1, false, "[Error converting time]"),
    ] {
        assert_eq!(
            raw_line(secs, frac, unit, nanos),
            want,
            "{secs} {frac} {unit} {nanos}"
        );
    }
}

#[test]
fn valid_raw_times_print_exactly_as_ts_ns() {
    for nanos in [false, true] {
        let opts = PrintOptions {
            nanos,
            ..PrintOptions::default()
        };
        for (secs, frac, unit) in [
            (0, 0, 1000),
            (1_700_000_000, 123_456, 1000),
            (1_700_000_000, 123_456_789, 1),
            (0x7fff_ffff, 999_999, 1000),
            (0x1_0000_0000, 7, 1),
        ] {
            let ts_ns = secs as u64 * NS + u64::from(frac) * u64::from(unit);
            let mut a = String::new();
            Printer::new(opts)
                .write_line(&mut a, ts_ns, 101, &[0x45], 1)
                .unwrap();
            let mut b = String::new();
            let t = RawTime {
                secs,
                frac,
                frac_unit_ns: unit,
            };
            Printer::new(opts)
                .write_line_raw(&mut b, t, 101, &[0x45], 1)
                .unwrap();
            assert_eq!(a, b);
        }
    }
}
