//! Every netlink parser of promisc-sys on arbitrary bytes: none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_sys::parse;

fuzz_target!(|data: &[u8]| {
    for m in parse::messages(data).flatten() {
        let _ = parse::parse_link(m.payload);
        let _ = parse::parse_packet_diag(m.payload);
        let _ = parse::parse_fdb(m.payload);
        let _ = parse::parse_nsid(m.payload);
        let _ = parse::error_code(m.payload);
    }
    let _ = parse::parse_link(data);
    let _ = parse::parse_packet_diag(data);
    let _ = parse::parse_fdb(data);
    let _ = parse::parse_nsid(data);
});
