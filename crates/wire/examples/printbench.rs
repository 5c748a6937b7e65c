//! Prints a classic pcap file the way `tcpdump -n -r FILE` does, for timing against tcpdump:
//! `cargo run --release -p promisc-wire --example printbench -- FILE [-e] [-q] > /dev/null`.
//! The file is streamed through one reused buffer; the lines are appended to one reused
//! `String` written to stdout every 64 KiB. With `PRINTBENCH_TIMES=1` the time spent is
//! reported on stderr.
//!
//! `printbench --repeat N IN OUT` writes OUT, a pcap of IN's records repeated to N packets:
//! the benchmark file is the golden-test fixture repeated to 2,000,000,
//! `printbench --repeat 2000000 crates/wire/tests/fixtures/ether.pcap /tmp/F.pcap`, then
//! `time printbench /tmp/F.pcap > /dev/null` against `time TZ=UTC tcpdump -n -r /tmp/F.pcap >
//! /dev/null`.

use std::io::{Read, Write};

use promisc_wire::{PrintOptions, Printer};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: printbench FILE [-e] [-q]");
    if path == "--repeat" {
        let usage = "usage: printbench --repeat N IN OUT";
        let n: usize = args.next().and_then(|n| n.parse().ok()).expect(usage);
        let (input, output) = (args.next().expect(usage), args.next().expect(usage));
        return repeat(n, &input, &output);
    }
    let mut opts = PrintOptions::default();
    for a in args {
        match a.as_str() {
            "-e" => opts.link_header = true,
            "-q" => opts.quiet = true,
            _ => panic!("unknown option {a}"),
        }
    }
    let t0 = std::time::Instant::now();
    let mut f = std::fs::File::open(&path).expect("open the file");
    let mut buf = vec![0u8; 1 << 20];
    let (mut lo, mut hi) = (0usize, 0usize);
    // Makes at least `n` bytes available at buf[lo..hi]; false at the end of the file.
    let mut fill = |buf: &mut Vec<u8>, lo: &mut usize, hi: &mut usize, n: usize| -> bool {
        if *hi - *lo >= n {
            return true;
        }
        buf.copy_within(*lo..*hi, 0);
        *hi -= *lo;
        *lo = 0;
        if buf.len() < n {
            buf.resize(n, 0);
        }
        while *hi < n {
            let k = f.read(&mut buf[*hi..]).expect("read");
            if k == 0 {
                return false;
            }
            *hi += k;
        }
        true
    };
    assert!(fill(&mut buf, &mut lo, &mut hi, 24), "not a pcap file");
    let magic = u32::from_le_bytes(buf[0..4].try_into().unwrap());
    let (swap, nanos) = match magic {
        0xa1b2_c3d4 => (false, false),
        0xa1b2_3c4d => (false, true),
        0xd4c3_b2a1 => (true, false),
        0x4d3c_b2a1 => (true, true),
        _ => panic!("not a classic pcap file"),
    };
    let rd = |b: &[u8], o: usize| {
        let v = u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
        if swap {
            v.swap_bytes()
        } else {
            v
        }
    };
    let linktype = rd(&buf, 20) & 0x0fff_ffff;
    lo = 24;
    let mut p = Printer::new(opts);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Lines are appended to one reused String and written out 64 KiB at a time.
    let mut text = String::with_capacity(1 << 17);
    let mut packets = 0u64;
    let skip = std::env::var_os("PRINTBENCH_SKIP").is_some();
    while hi - lo >= 16 || fill(&mut buf, &mut lo, &mut hi, 16) {
        let h = &buf[lo..lo + 16];
        let (s, frac, cap, len) = (
            rd(h, 0) as u64,
            rd(h, 4) as u64,
            rd(h, 8) as usize,
            rd(h, 12),
        );
        if hi - lo < 16 + cap && !fill(&mut buf, &mut lo, &mut hi, 16 + cap) {
            break;
        }
        let data = &buf[lo + 16..lo + 16 + cap];
        let ts = s * 1_000_000_000 + if nanos { frac } else { frac * 1000 };
        if !skip {
            let _ = p.write_line(&mut text, ts, linktype, data, len);
        }
        text.push('\n');
        if text.len() >= 1 << 16 {
            out.write_all(text.as_bytes()).expect("write");
            text.clear();
        }
        lo += 16 + cap;
        packets += 1;
    }
    out.write_all(text.as_bytes()).expect("write");
    out.flush().expect("flush");
    if std::env::var_os("PRINTBENCH_TIMES").is_some() {
        eprintln!("{packets} packets in {:?}", t0.elapsed());
    }
}

/// Writes `output`: the header of the pcap file `input`, then its records over and over until
/// there are `n`.
fn repeat(n: usize, input: &str, output: &str) {
    let b = std::fs::read(input).expect("read the input");
    assert!(b.len() >= 24, "not a pcap file");
    let swap = match u32::from_le_bytes(b[0..4].try_into().unwrap()) {
        0xa1b2_c3d4 | 0xa1b2_3c4d => false,
        0xd4c3_b2a1 | 0x4d3c_b2a1 => true,
        _ => panic!("not a classic pcap file"),
    };
    let mut records = Vec::new();
    let mut o = 24;
    while o + 16 <= b.len() {
        let v = u32::from_le_bytes(b[o + 8..o + 12].try_into().unwrap());
        let cap = if swap { v.swap_bytes() } else { v } as usize;
        let end = (o + 16 + cap).min(b.len());
        records.push(&b[o..end]);
        o = end;
    }
    assert!(!records.is_empty(), "no records");
    let f = std::fs::File::create(output).expect("create the output");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    w.write_all(&b[..24]).expect("write");
    for r in records.iter().cycle().take(n) {
        w.write_all(r).expect("write");
    }
    w.flush().expect("flush");
}
