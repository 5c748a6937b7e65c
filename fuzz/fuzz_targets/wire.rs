//! The frame printer, JSON writer and layer parser of promisc-wire on arbitrary bytes: none may
//! panic. The first byte picks the link type and the options.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_wire::{parse, write_json, PrintOptions, Printer};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, frame)) = data.split_first() else {
        return;
    };
    let linktype = [1u32, 276, 113, 101, 0][(sel & 7) as usize % 5];
    let opts = PrintOptions {
        link_header: sel & 0x08 != 0,
        quiet: sel & 0x10 != 0,
        utc_offset_secs: 0,
        nanos: sel & 0x20 != 0,
        verbose: if sel & 0x80 != 0 { 2 } else { 0 },
        ..PrintOptions::default()
    };
    let orig_len = if sel & 0x40 != 0 {
        frame.len() as u32 + 100
    } else {
        frame.len() as u32
    };
    let mut p = Printer::new(opts);
    let mut s = String::new();
    // Twice, so the second pass sees the TCP conversation state of the first.
    for _ in 0..2 {
        s.clear();
        let _ = p.write_line(&mut s, 1_700_000_000_000_000_000, linktype, frame, orig_len);
    }
    // With absolute sequence numbers a printer keeps no state that changes the text, only the
    // cached address and conversation texts: a second printing must read the same.
    let mut q = Printer::new(opts);
    q.set_absolute_tcp_seq(true);
    let (mut a, mut b) = (String::new(), String::new());
    let _ = q.write_line(&mut a, 0, linktype, frame, orig_len);
    let _ = q.write_line(&mut b, 0, linktype, frame, orig_len);
    assert_eq!(a, b, "a second printing differs");
    let mut j = Vec::new();
    let _ = write_json(&mut j, 0, linktype, Some("eth0"), frame, orig_len);
    j.clear();
    let _ = p.write_json(&mut j, 0, linktype, None, frame, orig_len);
    let _ = parse(linktype, frame).iter().count();
});
